/*
 * version.c - `payrun --version` (version.h).
 */
#include "run/version.h"
#include "io/common.h"

#include <jansson.h>
#include <libdeflate.h>
#include <openssl/crypto.h>
#include <xlsxwriter.h>
#include <zlib.h>

void pr_version_print(FILE *pOut)
{
    fprintf(pOut, "payrun %s\n", PR_VERSION);
    fprintf(pOut, "libxlsxwriter %s\n", LXW_VERSION);
    fprintf(pOut, "zlib %s\n", zlibVersion());
    fprintf(pOut, "libdeflate %s\n", LIBDEFLATE_VERSION_STRING);
    fprintf(pOut, "%s\n", OpenSSL_version(OPENSSL_VERSION));   /* "OpenSSL 3.0.x <date>" */
    fprintf(pOut, "Jansson %s\n", JANSSON_VERSION);
}
