/*
 * linespool.c - payment lines in a temporary file (linespool.h): a record
 * is a tag byte (1 with an extra), the line's numbers as they lie in a
 * fixed struct, then its strings, each a 32-bit length and its bytes; a
 * NULL string (a head's name that is not there) has length NO_STRING.
 */
#include "formats/linespool.h"

#include <string.h>

#define NO_STRING UINT32_MAX
#define MAX_STRING ((uint32_t)1 << 24)   /* a longer string is a damaged record */

/* The numbers of a line (and of an extra), in the record. */
typedef struct spool_nums {
    int64_t nAmount;             /* pr_line.nAmount */
    int64_t nOffset;             /* pr_line.nOffset */
    uint64_t iOrder;             /* pr_spool_extra.iOrder, 0 without one */
    int32_t iDistrict;           /* pr_line.iDistrict */
    int32_t nPersons;            /* pr_line.nPersons */
    int32_t iPeriod;             /* pr_line.iPeriod */
    int32_t iPaySeq;             /* pr_line.iPaySeq */
    uint8_t eProg, eArea, eType; /* pr_line's */
    uint8_t eAcct;               /* pr_spool_extra.eAcct, 0 without one */
} spool_nums;

/* The strings of line l, in record order (NULL for a missing reference). */
#define LINE_STRINGS 9

static void put_string(FILE *f, const char *z)
{
    uint32_t n = z ? (uint32_t)strlen(z) : NO_STRING;
    fwrite(&n, sizeof(n), 1, f);
    if (z) fwrite(z, 1, n, f);
}

int pr_spool_put(FILE *f, const pr_line *l, const pr_spool_extra *x)
{
    uint8_t bExtra = x != NULL;
    spool_nums v;
    memset(&v, 0, sizeof(v));
    v.nAmount = l->nAmount;
    v.nOffset = l->nOffset;
    v.iDistrict = l->iDistrict;
    v.nPersons = l->nPersons;
    v.iPeriod = l->iPeriod;
    v.iPaySeq = l->iPaySeq;
    v.eProg = l->eProg;
    v.eArea = l->eArea;
    v.eType = l->eType;
    if (x) {
        v.iOrder = x->iOrder;
        v.eAcct = x->eAcct;
    }
    fwrite(&bExtra, 1, 1, f);
    fwrite(&v, sizeof(v), 1, f);
    const char *az[LINE_STRINGS] = { l->zBeneficiary, l->zHousehold, l->zPerson, l->zName, l->zPayee,
                                     l->zBank, l->zAccount, l->zBasis, l->zReference };
    for (int i = 0; i < LINE_STRINGS; i++) put_string(f, az[i]);
    if (x) {
        put_string(f, x->zKey);
        put_string(f, x->zHead);
    }
    return ferror(f) ? -1 : 0;
}

/* One string into *pz (the arena's; NULL for NO_STRING). 0 or -1. */
static int get_string(FILE *f, const char **pz, pr_arena *a, pr_err *pErr)
{
    uint32_t n;
    if (fread(&n, sizeof(n), 1, f) != 1) { pr_err_set(pErr, PR_ERR_IO, "a spooled line is cut short"); return -1; }
    if (n == NO_STRING) { *pz = NULL; return 0; }
    if (n > MAX_STRING) { pr_err_set(pErr, PR_ERR_IO, "a spooled line is damaged"); return -1; }
    char *z = pr_arena_alloc(a, (size_t)n + 1);
    if (!z) { pr_err_nomem(pErr, "reading spooled lines"); return -1; }
    if (n && fread(z, 1, n, f) != n) { pr_err_set(pErr, PR_ERR_IO, "a spooled line is cut short"); return -1; }
    z[n] = '\0';
    *pz = z;
    return 0;
}

int pr_spool_get(FILE *f, pr_line *l, pr_spool_extra *x, pr_arena *a, pr_err *pErr)
{
    uint8_t bExtra;
    spool_nums v;
    if (fread(&bExtra, 1, 1, f) != 1) {
        if (ferror(f)) { pr_err_set(pErr, PR_ERR_IO, "cannot read spooled lines"); return -1; }
        return 0;
    }
    if (bExtra > 1 || fread(&v, sizeof(v), 1, f) != 1) { pr_err_set(pErr, PR_ERR_IO, "a spooled line is damaged"); return -1; }
    memset(l, 0, sizeof(*l));
    l->nAmount = v.nAmount;
    l->nOffset = v.nOffset;
    l->iDistrict = v.iDistrict;
    l->nPersons = v.nPersons;
    l->iPeriod = v.iPeriod;
    l->iPaySeq = v.iPaySeq;
    l->eProg = v.eProg;
    l->eArea = v.eArea;
    l->eType = v.eType;
    l->nIncome = -1;
    l->zTown = l->zVillage = "";
    const char **az[LINE_STRINGS] = { &l->zBeneficiary, &l->zHousehold, &l->zPerson, &l->zName, &l->zPayee,
                                      &l->zBank, &l->zAccount, &l->zBasis, &l->zReference };
    for (int i = 0; i < LINE_STRINGS; i++)
        if (get_string(f, az[i], a, pErr)) return -1;
    for (int i = 0; i < LINE_STRINGS - 1; i++)
        if (!*az[i]) { pr_err_set(pErr, PR_ERR_IO, "a spooled line is damaged"); return -1; }
    pr_spool_extra y;
    memset(&y, 0, sizeof(y));
    if (bExtra && (get_string(f, &y.zKey, a, pErr) || get_string(f, &y.zHead, a, pErr))) return -1;
    if (bExtra && !y.zKey) { pr_err_set(pErr, PR_ERR_IO, "a spooled line is damaged"); return -1; }
    y.iOrder = v.iOrder;
    y.eAcct = v.eAcct;
    if (x) *x = y;
    return 1;
}
