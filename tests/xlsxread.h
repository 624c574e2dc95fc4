/*
 * xlsxread.h - just enough of a .xlsx (zip) reader for the tests to look
 * inside the workbooks payrun writes: list the parts and inflate one.
 */
#ifndef PR_XLSXREAD_H
#define PR_XLSXREAD_H

#include <stddef.h>

/* Returns the uncompressed bytes of part zName (e.g. "xl/workbook.xml") of
 * the zip file zPath as a malloc'd NUL-terminated string, or NULL. */
char *xr_part(const char *zPath, const char *zName);

/* Returns the number of parts whose names start with zPrefix. */
int xr_count(const char *zPath, const char *zPrefix);

/* Counts the occurrences of zNeedle in z. */
int xr_occurrences(const char *z, const char *zNeedle);

#endif
