/*
 * encoding.h - input character sets: UTF-8 validation, GB18030 detection and
 * conversion to UTF-8 (through iconv).
 */
#ifndef PR_ENCODING_H
#define PR_ENCODING_H

#include <stddef.h>

#include "io/err.h"

typedef enum pr_encoding {
    ENC_AUTO = 0,     /* decide from the data */
    ENC_UTF8,
    ENC_GB18030
} pr_encoding;

/* Parses "auto", "utf-8"/"utf8", "gb18030" into *pEnc. Returns PR_OK, or
 * PR_ERR_USAGE with a message naming z. */
pr_error pr_encoding_parse(const char *z, pr_encoding *pEnc, pr_err *pErr);
const char *pr_encoding_name(pr_encoding eEnc);

/* Returns 1 if z[0..n) is valid UTF-8. When bAllowCut is set, a sequence cut
 * off by the end of the buffer is accepted. */
int pr_utf8_valid(const char *z, size_t n, int bAllowCut);

/* Returns 1 if z[0..n) holds any byte >= 0x80. */
int pr_has_high_bytes(const char *z, size_t n);

/* Decides the encoding of a buffer that holds non-ASCII bytes: UTF-8 if it
 * is valid UTF-8 (a cut-off tail allowed), else GB18030. */
pr_encoding pr_encoding_detect(const char *z, size_t n);

/* Decides the encoding of a block of whole lines: UTF-8 if every line is
 * valid UTF-8, else the encoding under which fewer lines are undecodable
 * (GB18030 on a tie), so that one damaged row does not turn a UTF-8 file
 * into GB18030. */
pr_encoding pr_encoding_detect_lines(const char *z, size_t n);

/* A GB18030-to-UTF-8 converter; one per thread. */
typedef struct pr_gbconv pr_gbconv;
/* Returns a new converter the caller owns and frees with pr_gbconv_free,
 * or NULL with pErr set (PR_ERR_NOMEM, or PR_ERR_ENCODING if iconv has no
 * such conversion). */
pr_gbconv *pr_gbconv_new(pr_err *pErr);
/* Converts z[0..n) into the converter's buffer: *pzOut gets the UTF-8
 * bytes (owned by the converter, valid until the next call) and *pnOut
 * their count. Returns PR_OK, PR_ERR_ENCODING if the input holds an
 * invalid or incomplete sequence (the message names its byte offset in z;
 * callers that know the file word their own), or PR_ERR_NOMEM. *pzOut is
 * NULL on an error. */
pr_error pr_gbconv_run(pr_gbconv *p, const char *z, size_t n, const char **pzOut, size_t *pnOut,
                       pr_err *pErr);
/* Frees p; p may be NULL. */
void pr_gbconv_free(pr_gbconv *p);

/* Converts UTF-8 z[0..n) to GB18030 (which encodes every Unicode character)
 * into a buffer the caller owns and frees: *pzOut and *pnOut bytes. For
 * writing a file a bank reads in GB18030. Returns PR_OK, PR_ERR_ENCODING
 * when z is not valid UTF-8 (the message names the byte offset), or
 * PR_ERR_NOMEM; *pzOut is NULL on an error. */
pr_error pr_utf8_to_gb18030(const char *z, size_t n, char **pzOut, size_t *pnOut, pr_err *pErr);

#endif
