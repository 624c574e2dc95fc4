/*
 * linemerge.h - a streaming k-way merge of text files whose lines are sorted
 * by bytes (plain or gzip, one header line each), for files too large to
 * hold: each file is read a line at a time, and the merge hands out the
 * smallest current line. Every problem names the file and its line: a file
 * that cannot be opened, a truncated or corrupt gzip stream, a line out of
 * order, a line longer than the cap.
 */
#ifndef PR_LINEMERGE_H
#define PR_LINEMERGE_H

#include <stdint.h>

#include "io/err.h"

/* Longest line accepted (bytes, without the newline). */
#define PR_LINE_MAX (1 << 20)

typedef struct pr_linefile pr_linefile;

/* Opens zPath (gzip or plain, by its magic bytes). Returns the reader
 * (the caller's, pr_linefile_free) or NULL with pErr set (PR_ERR_IO). */
pr_linefile *pr_linefile_open(const char *zPath, pr_err *pErr);

/* The next line, without its newline (and a CR before it), NUL-terminated,
 * in *pz: the reader's buffer, valid until the next call. Returns 1, 0 at
 * the end of the file, or -1 with pErr set (PR_ERR_GZIP for a truncated or
 * corrupt stream, PR_ERR_TOO_BIG for a line past PR_LINE_MAX, PR_ERR_CSV
 * for a line with a NUL byte, PR_ERR_IO). */
int pr_linefile_next(pr_linefile *f, const char **pz, pr_err *pErr);

/* The number of the line last returned (1 for the first). */
uint32_t pr_linefile_lineno(const pr_linefile *f);

/* The path the reader was opened with (borrowed). */
const char *pr_linefile_path(const pr_linefile *f);

/* Closes the file and frees the reader; NULL is a no-op. */
void pr_linefile_free(pr_linefile *f);

typedef struct pr_linemerge pr_linemerge;

/* Opens the n files of azPath (borrowed: they must outlive the merge) and
 * reads the first line of each, its header (see pr_linemerge_header).
 * Returns the merge (the caller's, pr_linemerge_free) or NULL with pErr
 * set; a file with no line at all is an error. */
pr_linemerge *pr_linemerge_new(const char *const *azPath, int n, pr_err *pErr);

/* The header line of file i (the merge's, valid until it is freed). */
const char *pr_linemerge_header(const pr_linemerge *m, int i);

/* The smallest current line of all files (on equal lines the file given
 * first) in *pz, valid until the next call, and its file's index in *piFile.
 * Returns 1, 0 when every file is done, or -1 with pErr set (a line
 * smaller than the one before it in its file is PR_ERR_CSV, "not sorted"). */
int pr_linemerge_next(pr_linemerge *m, const char **pz, int *piFile, pr_err *pErr);

/* The reader of file i, for its path and the number of its current line. */
const pr_linefile *pr_linemerge_file(const pr_linemerge *m, int i);

/* Closes every file and frees the merge; NULL is a no-op. */
void pr_linemerge_free(pr_linemerge *m);

#endif
