/*
 * csv.h - the CSV dialect of payrun inputs: RFC 4180, comma separated, '"'
 * quoting with "" for a quote, LF or CRLF line ends, newlines allowed inside
 * quotes. One state machine serves both the record tokenizer and the chunk
 * boundary scan, so the two always agree where a record ends.
 */
#ifndef PR_CSV_H
#define PR_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "io/err.h"

#define PR_CSV_MAX_FIELDS 16384   /* more fields than this: the row is rejected */

typedef struct pr_field {
    const char *z;   /* field text (not NUL-terminated), borrowed */
    uint32_t n;      /* length in bytes */
} pr_field;

typedef enum pr_csv_rc {
    CSV_OK = 0,
    CSV_BAD_QUOTE,       /* a quote inside an unquoted field, or text after a closing quote */
    CSV_UNTERMINATED,    /* the buffer ends inside a quoted field */
    CSV_TOO_MANY_FIELDS  /* more than PR_CSV_MAX_FIELDS fields */
} pr_csv_rc;

/* A reusable row of fields. */
typedef struct pr_csvrow {
    pr_field *aField;   /* fields of the last record, owned array */
    int nField;         /* number of fields */
    int nCap;           /* capacity of aField */
    pr_csv_rc eRc;      /* verdict on the last record (CSV_OK if well-formed) */
    int bNoMem;         /* the last record's fields did not fit in memory */
} pr_csvrow;

void pr_csvrow_init(pr_csvrow *p);
void pr_csvrow_clear(pr_csvrow *p);   /* frees the array; p stays usable */

/* Tokenizes the record that starts at z (n bytes available). Quoted fields
 * are unescaped in place, so z must be writable; fields point into z (they
 * are borrowed from the caller's buffer). *pnUsed gets the bytes consumed
 * including the line end, *pnLf the LF bytes consumed (physical lines
 * spanned), and pRow->eRc the verdict on the record: a malformed record is
 * not a failure of the call, the caller decides what it means. Returns
 * PR_OK, or PR_ERR_NOMEM (pErr set) if the row's field array could not
 * grow. */
pr_error pr_csv_next(char *z, size_t n, pr_csvrow *pRow, size_t *pnUsed, uint32_t *pnLf,
                     pr_err *pErr);

/* Returns the end (one past the LF) of the last complete record in z[0,n),
 * or 0 if there is none; *pbOpen tells whether the scan ends inside a quoted
 * field. */
size_t pr_csv_last_boundary(const char *z, size_t n, int *pbOpen);

/* Returns the length of the first record in z[0,n) including its line end
 * (n if it runs to the end), without modifying z; *pnLf gets the LF bytes
 * in it. */
size_t pr_csv_record_end(const char *z, size_t n, uint32_t *pnLf);

/* Finds each of the nName header names azName in row pRow (fields compared
 * after trimming spaces); aiCol[k] gets the field index of azName[k] (the
 * last one if it appears twice) or -1. Returns the index k of the first name
 * that appears twice, or -1 if none does. */
int pr_csv_header_columns(const pr_csvrow *pRow, const char *const *azName, int nName, int *aiCol);

/* Returns 1 if field f equals the NUL-terminated string zLit. */
int pr_field_eq(pr_field f, const char *zLit);

#endif
