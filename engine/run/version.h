/*
 * version.h - `payrun --version`: payrun's version and the libraries it
 * runs with, one per line, for a bug report or an audit of the machine.
 */
#ifndef PR_VERSION_H
#define PR_VERSION_H

#include <stdio.h>

/* Writes, one per line: "payrun <version>", then libxlsxwriter, zlib,
 * libdeflate, OpenSSL and Jansson with their versions. zlib's and
 * OpenSSL's come from the libraries loaded (zlibVersion(),
 * OpenSSL_version()); the others from the headers built with. */
void pr_version_print(FILE *pOut);

#endif
