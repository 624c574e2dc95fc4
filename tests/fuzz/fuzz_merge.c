/*
 * fuzz_merge.c - bytes as the files payrun merge reads back from a shard
 * (run/merge.h): as a merge part through pr_mergepart_read (plain, as gzip
 * reads it too; every row handed to callbacks that keep what they are
 * given, as the merge does), and as an exceptions.csv through
 * pr_exceptions_read.
 */
#include "formats/exceptions.h"
#include "formats/mergepart.h"
#include "tests/fuzz/fuzz.h"

#include <stdio.h>
#include <string.h>

/* What the callbacks saw, so that nothing they are given goes unread. */
typedef struct seen {
    size_t nBytes;           /* bytes of every string */
    long nRows;              /* rows */
} seen;

static pr_error on_input(void *pArg, const pr_mp_input *in, pr_err *pErr)
{
    seen *s = pArg;
    (void)pErr;
    s->nBytes += strlen(in->zPath) + strlen(in->zSha) + in->nRows + in->aCount[ST_PAID];
    s->nRows++;
    return in->iRank == 999999 ? pr_err_set(pErr, PR_ERR_CSV, "rank %u refused", in->iRank) : PR_OK;
}

static pr_error on_program(void *pArg, pr_prog eProg, const uint32_t *aCount, pr_err *pErr)
{
    seen *s = pArg;
    (void)pErr;
    s->nBytes += (size_t)eProg + aCount[ST_REJECTED];
    s->nRows++;
    return PR_OK;
}

static pr_error on_line(void *pArg, const pr_mp_line *l, pr_err *pErr)
{
    seen *s = pArg;
    (void)pErr;
    s->nBytes += strlen(l->zKey) + (l->zHead ? strlen(l->zHead) : 0) + (size_t)l->nPersons + l->eAcct;
    s->nRows++;
    return PR_OK;
}

static pr_error on_exc(void *pArg, const pr_exc_row *x, pr_err *pErr)
{
    seen *s = pArg;
    (void)pErr;
    s->nBytes += strlen(x->zFile) + strlen(x->zId) + strlen(x->zCode) + strlen(x->zMsg) + x->iLine + x->eProg + x->eStatus;
    s->nRows++;
    return PR_OK;
}

static pr_error on_head(void *pArg, const char *zHousehold, const char *zHead, pr_err *pErr)
{
    seen *s = pArg;
    (void)pErr;
    s->nBytes += strlen(zHousehold) + strlen(zHead);
    s->nRows++;
    return PR_OK;
}

int pr_fuzz_merge(const uint8_t *aData, size_t nData)
{
    static const char zSha[] = "0000000000000000000000000000000000000000000000000000000000000000";
    const char *zPath = fz_scratch_file("part.csv.gz", aData, nData);
    seen s = { 0, 0 };
    pr_mp_reader r = { on_input, on_program, on_line, on_head, &s };
    pr_err e;
    pr_err_init(&e);
    int iMonth = 2023 * 12 + 7;
    if (pr_mergepart_read(zPath, iMonth, zSha, &r, &e) == PR_OK && s.nRows > 1000000) fputc(' ', stderr);
    pr_err_init(&e);
    if (pr_exceptions_read(zPath, on_exc, &s, &e) == PR_OK && s.nBytes == 1) fputc(' ', stderr);
    return 0;
}

#ifdef PR_FUZZING
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData);
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData)
{
    return pr_fuzz_merge(aData, nData);
}
#endif
