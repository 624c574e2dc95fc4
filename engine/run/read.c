/*
 * read.c - the reading stage: loads the policy and index, then reads every roster: one producer thread decompresses and
 * cuts each file into record-aligned chunks, worker tasks parse and validate
 * the chunks in parallel, and the parts are kept in input order so that the
 * result never depends on the number of threads.
 */
#include "run/read.h"
#include "io/i18n.h"
#include "io/bigmem.h"
#include "io/chunker.h"
#include "io/shardfile.h"
#include "io/sheet.h"
#include "formats/index.h"
#include "formats/policy.h"
#include "formats/roster.h"
#include "rules/programmes.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define WINDOW_PER_THREAD 4   /* chunks in flight per worker thread */

static pr_part *new_part(pr_input *in)
{
    if (in->nPart == in->nPartCap) {
        int n = in->nPartCap ? in->nPartCap * 2 : 64;
        pr_part **a = realloc(in->apPart, (size_t)n * sizeof(*a));
        if (!a) return NULL;
        in->apPart = a;
        in->nPartCap = n;
    }
    pr_part *pPart = malloc(sizeof(*pPart));
    if (!pPart) return NULL;
    pr_part_init(pPart);
    in->apPart[in->nPart++] = pPart;
    return pPart;
}

pr_error pr_read_header(pr_input *in, pr_chunk *pChunk, pr_roster_map *pMap)
{
    if (pChunk->eKind != CHUNK_DATA) {
        pr_err_set(&in->err, PR_ERR_HEADER, "%s:1: the header line is unreadable (%s)", in->zPath,
                 pChunk->eKind == CHUNK_TOO_LONG ? "longer than 1 MiB" : "unterminated quote");
        return PR_ERR_HEADER;
    }
    if (pChunk->n >= 3 && memcmp(pChunk->z, "\xEF\xBB\xBF", 3) == 0) {
        memmove(pChunk->z, pChunk->z + 3, pChunk->n - 3);
        pChunk->n -= 3;
    }
    uint32_t nLf;
    size_t nHead = pr_csv_record_end(pChunk->z, pChunk->n, &nLf);
    char *zHead = malloc(nHead * 2 + 16);
    if (!zHead) return PR_ERR_NOMEM;
    size_t nText = nHead;
    memcpy(zHead, pChunk->z, nHead);
    if (in->eEnc == ENC_GB18030) {
        pr_err e;
        pr_err_init(&e);
        pr_gbconv *pConv = pr_gbconv_new(&e);
        size_t nOut = 0;
        const char *zOut = NULL;
        if (pConv) pr_gbconv_run(pConv, pChunk->z, nHead, &zOut, &nOut, &e);
        if (zOut) { memcpy(zHead, zOut, nOut); nText = nOut; }
        pr_gbconv_free(pConv);
        if (e.rc == PR_ERR_NOMEM) { free(zHead); return PR_ERR_NOMEM; }
        if (!zOut) {
            free(zHead);
            pr_err_set(&in->err, PR_ERR_HEADER, "%s:1: the header is not valid GB18030", in->zPath);
            return PR_ERR_HEADER;
        }
    } else if (!pr_utf8_valid(zHead, nText, 0)) {
        free(zHead);
        pr_err_set(&in->err, PR_ERR_HEADER, "%s:1: the header is not valid UTF-8 (try --encoding gb18030)", in->zPath);
        return PR_ERR_HEADER;
    }
    pr_csvrow row;
    pr_csvrow_init(&row);
    size_t nUsed;
    uint32_t nLf2;
    pr_error err = pr_csv_next(zHead, nText, &row, &nUsed, &nLf2, NULL);   /* PR_OK or PR_ERR_NOMEM */
    pr_err e;
    pr_err_init(&e);
    if (err) {
        /* out of memory: read_batch words it */
    } else if (row.eRc != CSV_OK) {
        pr_err_set(&in->err, PR_ERR_HEADER, "%s:1: the header line is malformed CSV", in->zPath);
        err = PR_ERR_HEADER;
    } else if ((err = pr_roster_map_header(pr_roster_desc_of(in->eRoster), &row, pMap, &e))) {
        pr_err_set(&in->err, err, "%s:1: %s", in->zPath, e.zMsg);
    }
    pr_csvrow_clear(&row);
    free(zHead);
    if (err) return err;
    memmove(pChunk->z, pChunk->z + nHead, pChunk->n - nHead);
    pChunk->n -= nHead;
    pChunk->iLine += nLf;
    return PR_OK;
}

void pr_read_decide_encoding(pr_input *in, const pr_chunk *c, int *pbDecided)
{
    if (*pbDecided) return;
    if (c->n >= 3 && memcmp(c->z, "\xEF\xBB\xBF", 3) == 0) { in->eEnc = ENC_UTF8; *pbDecided = 1; return; }
    if (!pr_has_high_bytes(c->z, c->n)) return;
    in->eEnc = pr_encoding_detect_lines(c->z, c->n);
    *pbDecided = 1;
}

typedef struct task_arg {
    pr_parse_ctx ctx;          /* copy of the file's context at spawn time */
    pr_chunk chunk;            /* the chunk, owned by the task */
    pr_part *pPart;            /* where the results go */
} task_arg;

static void run_task(task_arg *t, pr_parse_scratch *aScratch, pr_slab *aSlab, int *pbNoMem)
{
    int iThread = omp_get_thread_num();
    pr_parse_scratch *s = &aScratch[iThread];
    /* the records and strings go to this thread's slab: a task runs on one
     * thread from start to end, so no other task uses it meanwhile */
    t->pPart->arena.pSlab = &aSlab[iThread];
    uint32_t nRows = 0;
    if (pr_roster_parse_chunk(&t->ctx, s, &t->chunk, t->pPart, &nRows)) {
        #pragma omp atomic write
        *pbNoMem = 1;
    }
    t->pPart->nRows = nRows;
    free(t->chunk.z);
    free(t);
}

typedef struct sheet_task {
    pr_parse_ctx ctx;          /* copy of the file's context at spawn time */
    pr_sheetrows rows;         /* the rows, owned by the task */
    int iFirst;                /* the first data row among them */
    pr_part *pPart;            /* where the results go */
} sheet_task;

static void run_sheet_task(sheet_task *t, pr_parse_scratch *aScratch, pr_slab *aSlab, int *pbNoMem)
{
    int iThread = omp_get_thread_num();
    t->pPart->arena.pSlab = &aSlab[iThread];
    uint32_t nRows = 0;
    if (pr_roster_parse_sheet(&t->ctx, &aScratch[iThread], &t->rows, t->iFirst, t->pPart, &nRows)) {
        #pragma omp atomic write
        *pbNoMem = 1;
    }
    t->pPart->nRows = nRows;
    pr_sheetrows_clear(&t->rows);
    free(t);
}

/* A block of sheet XML parsed (its rows) and validated on any thread. */
typedef struct block_task {
    pr_parse_ctx ctx;          /* copy of the file's context at spawn time */
    const pr_sheet *pSheet;    /* the workbook (its strings and styles, read only) */
    pr_sheetblock *pBlock;     /* the block, owned by the producer */
    pr_part *pPart;            /* where the results go */
} block_task;

static void run_block_task(block_task *t, pr_parse_scratch *aScratch, pr_slab *aSlab, int *pbNoMem)
{
    int iThread = omp_get_thread_num();
    t->pPart->arena.pSlab = &aSlab[iThread];
    pr_sheetrows rows;
    pr_sheetrows_init(&rows);
    uint32_t nRows = 0;
    /* a block that cannot stand alone is read again in order (pr_sheet_join) */
    if (pr_sheetblock_parse(t->pSheet, t->pBlock, &rows) == 0
        && pr_roster_parse_sheet(&t->ctx, &aScratch[iThread], &rows, 0, t->pPart, &nRows)) {
        #pragma omp atomic write
        *pbNoMem = 1;
    }
    t->pPart->nRows = nRows;
    pr_sheetrows_clear(&rows);
    free(t);
}

#define SHEET_BATCH 4096   /* workbook rows per parse task */
#define SHEET_WHOLE_WINDOW 256   /* blocks in flight of a sheet held whole */

/* The blocks of one workbook in flight, in their order. */
typedef struct block_window {
    pr_sheetblock **apBlock;   /* the blocks, owned until joined */
    int nBlock;                /* in flight */
    int nPart0;                /* the file's parts before the first of them */
} block_window;

/* Waits for the blocks in flight and takes their rows in order; the parts
 * of those given back to be read in order are dropped. */
static pr_error join_blocks(pr_input *in, pr_sheet *pSheet, block_window *w, pr_err *pErr)
{
    if (w->nBlock == 0) return PR_OK;
    #pragma omp taskwait
    int nGood = 0;
    pr_error err = pr_sheet_join(pSheet, w->apBlock, w->nBlock, &nGood, pErr);
    for (int i = w->nPart0 + nGood; i < in->nPart; i++) {
        pr_part_clear(in->apPart[i]);
        free(in->apPart[i]);
    }
    in->nPart = w->nPart0 + nGood;
    w->nBlock = 0;
    return err;
}

/* Reads one workbook's sheet (io/sheet.h): the first rows in order, the
 * header among them, then blocks of rows, each parsed and validated in a
 * task; a batch of rows read in order is a task too. The first non-empty
 * row is the header. Its findings name "file!sheet" and the sheet's row.
 * Runs on the producer. */
static pr_error read_sheet_file(pr_batch *p, int iFile, pr_parse_scratch *aScratch, int *pbNoMem)
{
    pr_input *in = &p->aInput[iFile];
    pr_err e;
    pr_err_init(&e);
    pr_error err = PR_OK;
    pr_roster_map *pMap = malloc(sizeof(*pMap));   /* freed after the taskwait below */
    sheet_task *t = NULL;
    pr_csvrow head;
    pr_csvrow_init(&head);
    int bHeader = 1, nInFlight = 0;
    uint32_t iHeadRow = 0;
    const int nWindow = WINDOW_PER_THREAD * p->nThreads;
    block_window w = { NULL, 0, 0 };
    pr_sheet *pSheet = pr_sheet_open_begin(in->zPath, &e);
    if (pSheet) {
        /* the file's hash, the shared strings and the sheet part's inflating
         * do not wait for each other: the sheet's, the longest, and the
         * hash go to the other threads, the strings are read here */
        #pragma omp task firstprivate(pSheet)
        pr_sheet_open_job(pSheet, PR_SHEET_JOB_SHEET);
        #pragma omp task firstprivate(pSheet)
        pr_sheet_open_job(pSheet, PR_SHEET_JOB_HASH);
        pr_sheet_open_job(pSheet, PR_SHEET_JOB_STRINGS);
        #pragma omp taskwait
        if (pr_sheet_open_end(pSheet, &e)) {
            pr_sheet_free(pSheet);
            pSheet = NULL;
        }
    }
    if (!pSheet || !pMap) { err = pSheet ? PR_ERR_NOMEM : e.rc; if (!pSheet) pr_err_set(&in->err, e.rc, "%s", e.zMsg); goto cleanup; }
    /* blocks cut from a part held whole own no bytes: all of them are in
     * flight at once, and no thread waits for the slowest of a window */
    const int nBlockWindow = pr_sheet_held_whole(pSheet) ? SHEET_WHOLE_WINDOW : nWindow;
    if (!(w.apBlock = malloc((size_t)nBlockWindow * sizeof(*w.apBlock)))) { err = PR_ERR_NOMEM; goto cleanup; }
    {
        size_t nFile = strlen(pr_sheet_file(pSheet)), nName = strlen(pr_sheet_name(pSheet));
        if (!(in->zShown = malloc(nFile + nName + 2))) { err = PR_ERR_NOMEM; goto cleanup; }
        memcpy(in->zShown, pr_sheet_file(pSheet), nFile);
        in->zShown[nFile] = '!';
        memcpy(in->zShown + nFile + 1, pr_sheet_name(pSheet), nName + 1);
    }
    in->eEnc = ENC_UTF8;
    in->bGzip = 0;
    for (;;) {
        if (!bHeader) {
            pr_sheetblock *pBlock = NULL;
            if ((err = pr_sheet_cut(pSheet, &pBlock, &e))) { if (err != PR_ERR_NOMEM) pr_err_set(&in->err, err, "%s", e.zMsg); break; }
            if (pBlock) {
                block_task *bt = malloc(sizeof(*bt));
                if (w.nBlock == 0) w.nPart0 = in->nPart;
                pr_part *pPart = bt ? new_part(in) : NULL;
                if (!pPart) { free(bt); pr_sheetblock_free(pBlock); err = PR_ERR_NOMEM; break; }
                pr_parse_ctx_init(&bt->ctx, p->iMonth, p->aiDistrictCode, p->nDistrict, p->aiLocalCode, p->nLocal, (uint32_t)iFile, pMap, ENC_UTF8);
                bt->pSheet = pSheet;
                bt->pBlock = pBlock;
                bt->pPart = pPart;
                w.apBlock[w.nBlock++] = pBlock;
                #pragma omp task firstprivate(bt) shared(aScratch, pbNoMem)
                run_block_task(bt, aScratch, p->aSlab, pbNoMem);
                if (w.nBlock >= nBlockWindow && (err = join_blocks(in, pSheet, &w, &e))) break;
                continue;
            }
            /* what follows is read in order, after the blocks */
            if ((err = join_blocks(in, pSheet, &w, &e))) break;
        }
        if (!(t = malloc(sizeof(*t)))) { err = PR_ERR_NOMEM; break; }
        pr_sheetrows_init(&t->rows);
        t->iFirst = 0;
        /* the header alone first: the rows after it are cut into blocks at
         * once rather than read in order */
        err = pr_sheet_next(pSheet, &t->rows, bHeader ? 1 : SHEET_BATCH, &e);
        if (err) { if (err != PR_ERR_NOMEM) pr_err_set(&in->err, err, "%s", e.zMsg); break; }
        if (t->rows.nRow == 0) break;
        if (bHeader) {
            bHeader = 0;
            iHeadRow = t->rows.aRow[0].iRow;
            if (pr_roster_sheet_fields(&t->rows, 0, -1, &head)) { err = PR_ERR_NOMEM; break; }
            err = pr_roster_map_header(pr_roster_desc_of(in->eRoster), &head, pMap, &e);
            if (err == PR_ERR_NOMEM) break;
            if (err) {
                pr_err e2;
                pr_err_init(&e2);
                /* a fault in the first SHEET_BATCH rows (read in order) is
                 * said before the header's, as when the header came in a
                 * batch of that many rows */
                pr_error err2 = pr_sheet_next(pSheet, &t->rows, SHEET_BATCH - 1, &e2);
                if (err2) {
                    err = err2;
                    if (err != PR_ERR_NOMEM) pr_err_set(&in->err, err, "%s", e2.zMsg);
                    break;
                }
                /* a merged title or header row says more than the columns it lacks */
                if (!pr_sheet_skip_rest(pSheet, &e2) && pr_sheet_header_merge(pSheet))
                    pr_err_set(&in->err, err, "%s:%u: the header row has merged cells (%s): unmerge them, one column name per cell, the header in the first row used",
                               in->zShown, iHeadRow, pr_sheet_header_merge(pSheet));
                else
                    pr_err_set(&in->err, err, "%s:%u: %s", in->zShown, iHeadRow, e.zMsg);
                break;
            }
            t->iFirst = 1;
            if (t->rows.nRow == 1) { pr_sheetrows_clear(&t->rows); free(t); t = NULL; continue; }
        }
        pr_part *pPart = new_part(in);
        if (!pPart) { err = PR_ERR_NOMEM; break; }
        pr_parse_ctx_init(&t->ctx, p->iMonth, p->aiDistrictCode, p->nDistrict, p->aiLocalCode, p->nLocal, (uint32_t)iFile, pMap, ENC_UTF8);
        t->pPart = pPart;
        #pragma omp task firstprivate(t) shared(aScratch, pbNoMem)
        run_sheet_task(t, aScratch, p->aSlab, pbNoMem);
        t = NULL;
        if (++nInFlight >= nWindow) {
            #pragma omp taskwait
            nInFlight = 0;
        }
    }
    #pragma omp taskwait
    if (w.nBlock) {
        /* stopped by an error: the blocks still in flight are dropped */
        int nGood;
        pr_sheet_join(pSheet, w.apBlock, w.nBlock, &nGood, &e);
    }
    if (t) { pr_sheetrows_clear(&t->rows); free(t); }
    if (!err && bHeader) {
        pr_err_set(&in->err, PR_ERR_HEADER, "%s: the sheet is empty: no header row", in->zShown);
        err = PR_ERR_HEADER;
    }
    if (!err && pr_sheet_header_merge(pSheet)) {
        pr_err_set(&in->err, PR_ERR_HEADER, "%s:%u: the header row has merged cells (%s): unmerge them, one column name per cell",
                   in->zShown, iHeadRow, pr_sheet_header_merge(pSheet));
        err = PR_ERR_HEADER;
    }
    if (!err) memcpy(in->zSha, pr_sheet_sha256_hex(pSheet), 65);
cleanup:
    if (err && !in->err.rc) in->err.rc = err;   /* out of memory: worded by pr_batch_read */
    pr_csvrow_clear(&head);
    pr_sheet_free(pSheet);
    free(w.apBlock);
    free(pMap);
    return err;
}

/* Raw bytes read so far of the file or of its shard part. */
static uint64_t raw_offset(const pr_instream *pIn, const pr_shardr *pShard)
{
    return pShard ? pr_shardr_raw_offset(pShard) : pr_instream_raw_offset(pIn);
}

/* Reads one file, spawning a parse task per chunk. Runs on the producer. */
static pr_error read_file(pr_batch *p, int iFile, pr_parse_scratch *aScratch, int *pbNoMem)
{
    pr_input *in = &p->aInput[iFile];
    if (!in->zShard && pr_sheet_kind_of(in->zPath) != SHEET_NONE) return read_sheet_file(p, iFile, aScratch, pbNoMem);
    pr_err e;
    pr_err_init(&e);
    pr_error err = PR_OK;
    pr_roster_map *pMap = malloc(sizeof(*pMap));   /* freed after the taskwait below */
    pr_chunker *pCut = NULL;
    pr_instream *pIn = NULL;
    pr_shardr *pShard = NULL;
    if (in->zShard) {
        /* a shard's part of the file (payrun split): its origin's encoding,
         * gzip flag and SHA-256 are set already */
        if (!(pShard = pr_shardr_open(in->zShard, &e))) { pr_err_set(&in->err, e.rc, "%s", e.zMsg); free(pMap); return e.rc; }
    } else {
        if (!(pIn = pr_instream_open(in->zPath, &e))) { pr_err_set(&in->err, e.rc, "%s", e.zMsg); free(pMap); return e.rc; }
        in->bGzip = pr_instream_is_gzip(pIn);
        pCut = pr_chunker_new(pIn, NULL);
        if (!pCut) { err = PR_ERR_NOMEM; goto cleanup; }
    }
    if (!pMap) { err = PR_ERR_NOMEM; goto cleanup; }
    int bDecided = in->zShard || p->eEnc != ENC_AUTO;
    if (!in->zShard) in->eEnc = bDecided ? p->eEnc : ENC_UTF8;
    int bHeader = 1, nInFlight = 0;
    const int nWindow = WINDOW_PER_THREAD * p->nThreads;
    for (;;) {
        pr_chunk c;
        err = pShard ? pr_shardr_next(pShard, &c, &e) : pr_chunker_next(pCut, &c, &e);
        if (err) { if (err != PR_ERR_NOMEM) pr_err_set(&in->err, err, "%s", e.zMsg); break; }
        if (!c.z) break;
        pr_read_decide_encoding(in, &c, &bDecided);
        if (p->xProgress) {
            long long nDone;
            #pragma omp atomic read
            nDone = p->nInputDone;
            #pragma omp critical(pr_progress)
            p->xProgress(p->pProgressArg, N_("reading rosters"), nDone + (long long)raw_offset(pIn, pShard), p->nInputBytes);
        }
        if (bHeader) {
            err = pr_read_header(in, &c, pMap);
            bHeader = 0;
            if (err) { free(c.z); break; }
            if (c.n == 0) { free(c.z); continue; }
        }
        task_arg *t = malloc(sizeof(*t));
        pr_part *pPart = t ? new_part(in) : NULL;
        if (!pPart) { free(t); free(c.z); err = PR_ERR_NOMEM; break; }
        pr_parse_ctx_init(&t->ctx, p->iMonth, p->aiDistrictCode, p->nDistrict, p->aiLocalCode, p->nLocal, (uint32_t)iFile, pMap, in->eEnc);
        t->chunk = c;
        t->pPart = pPart;
        #pragma omp task firstprivate(t) shared(aScratch, pbNoMem)
        run_task(t, aScratch, p->aSlab, pbNoMem);
        if (++nInFlight >= nWindow) {
            #pragma omp taskwait
            nInFlight = 0;
        }
    }
    #pragma omp taskwait
    if (!err && bHeader) {
        pr_err_set(&in->err, PR_ERR_HEADER, "%s: the file is empty: no header line", in->zPath);
        err = PR_ERR_HEADER;
    }
    if (!err && pIn && pr_instream_drain(pIn, &e)) {
        err = pr_err_set(&in->err, PR_ERR_IO, "%s", e.zMsg);
    }
    if (!err && pIn) pr_instream_sha256_hex(pIn, in->zSha);
    #pragma omp atomic
    p->nInputDone += (long long)raw_offset(pIn, pShard);
cleanup:
    if (err && !in->err.rc) in->err.rc = err;   /* out of memory: worded by pr_batch_read */
    pr_chunker_free(pCut);
    pr_instream_free(pIn);
    pr_shardr_free(pShard);
    free(pMap);
    return err;
}

/* Gathers the records of each roster (the first nRoster inputs) into
 * p->apRec, in input order, and counts rows per file. */
static pr_error gather(pr_batch *p, int nRoster)
{
    /* the parts of every file, in input order, then in chunk order */
    int nAll = 0;
    for (int f = 0; f < nRoster; f++) nAll += p->aInput[f].nPart;
    p->apPart = malloc(((size_t)nAll + 1) * sizeof(pr_part *));
    if (!p->apPart) return PR_ERR_NOMEM;
    for (int f = 0; f < nRoster; f++) {
        pr_input *in = &p->aInput[f];
        for (int i = 0; i < in->nPart; i++) p->apPart[p->nPart++] = in->apPart[i];
        free(in->apPart);
        in->apPart = NULL;
        in->nPart = 0;
    }
    p->nPartCap = p->nPart;
    for (int i = 0; i < p->nPart; i++) {
        pr_part *pPart = p->apPart[i];
        for (int j = 0; j < pPart->nRec; j++) {
            p->anRec[pPart->aRec[j].eRoster]++;
            p->aInput[pPart->aRec[j].iFile].nRows++;
        }
    }
    for (int r = 0; r < ROSTER_COUNT; r++) {
        p->apRec[r] = pr_big_malloc(((size_t)p->anRec[r] + 1) * sizeof(pr_record *));
        if (!p->apRec[r]) return PR_ERR_NOMEM;
        p->anRec[r] = 0;
    }
    for (int i = 0; i < p->nPart; i++) {
        pr_part *pPart = p->apPart[i];
        for (int j = 0; j < pPart->nRec; j++) {
            pr_record *r = &pPart->aRec[j];
            p->apRec[r->eRoster][p->anRec[r->eRoster]++] = r;
        }
    }
    for (int f = 0; f < nRoster; f++) {
        if (p->aInput[f].nRows == 0) {
            return pr_err_set(&p->err, PR_ERR_HEADER, "%s: the file has a header but no data rows", p->aInput[f].zPath);
        }
    }
    return PR_OK;
}

/* A task beside the reading: its function, argument and result. */
typedef struct beside_task {
    pr_error (*xRun)(void *);     /* NULL: none */
    void *pArg;                   /* borrowed */
    pr_error rc;                  /* what xRun returned */
} beside_task;

pr_error pr_batch_read(pr_batch *p)
{
    return pr_batch_read_beside(p, NULL, NULL);
}

pr_error pr_batch_read_beside(pr_batch *p, pr_error (*xBeside)(void *), void *pArg)
{
    pr_error err = PR_OK;
    int bNoMem = 0;
    /* the rosters are the inputs added so far: xBeside may add more while
     * they are read (p->nInput is not read again until it is done) */
    const int nRoster = p->nInput;
    beside_task side = { xBeside, pArg, PR_OK };
    for (int f = 0; f < nRoster; f++) {
        struct stat st;
        char zData[4200];   /* a shard's part: the progress counts its data file */
        if (p->aInput[f].zShard) snprintf(zData, sizeof(zData), "%s.csv.gz", p->aInput[f].zShard);
        if (stat(p->aInput[f].zShard ? zData : p->aInput[f].zPath, &st) == 0) p->nInputBytes += (long long)st.st_size;
    }
    pr_parse_scratch *aScratch = calloc((size_t)p->nThreads, sizeof(*aScratch));
    if (!aScratch) return PR_ERR_NOMEM;
    if (!p->aSlab && !(p->aSlab = calloc((size_t)p->nThreads, sizeof(*p->aSlab)))) { free(aScratch); return PR_ERR_NOMEM; }
    for (int t = 0; t < p->nThreads; t++) pr_parse_scratch_init(&aScratch[t]);
    /* every file is a task (its producer) that spawns a task per chunk, so
     * that several files are decompressed at once */
    #pragma omp parallel num_threads(p->nThreads)
    #pragma omp single
    {
        /* first, so that a second thread starts on it at once */
        if (side.xRun) {
            #pragma omp task shared(side)
            side.rc = side.xRun(side.pArg);
        }
        for (int f = 0; f < nRoster; f++) {
            #pragma omp task firstprivate(f) shared(aScratch, bNoMem)
            read_file(p, f, aScratch, &bNoMem);   /* its error is in aInput[f].err */
        }
        #pragma omp taskwait
    }
    /* the task beside's error waits until the rosters are read: theirs come first */
    pr_err errBeside = p->err;
    if (side.xRun) pr_err_init(&p->err);
    for (int f = 0; f < nRoster && !err; f++) {
        const pr_err *pIn = &p->aInput[f].err;
        if (!pIn->rc) continue;
        err = pIn->rc;
        if (pIn->zMsg[0]) pr_err_set(&p->err, err, "%s", pIn->zMsg);
    }
    for (int t = 0; t < p->nThreads; t++) pr_parse_scratch_clear(&aScratch[t]);
    free(aScratch);
    if (!err && bNoMem) err = PR_ERR_NOMEM;
    if (err == PR_ERR_NOMEM) pr_err_set(&p->err, err, "out of memory while reading the rosters");
    if (!err) err = gather(p, nRoster);
    if (!err && p->xProgress) p->xProgress(p->pProgressArg, N_("reading rosters"), p->nInputBytes, p->nInputBytes);
    if (!err && side.xRun) {
        p->err = errBeside;
        err = side.rc;
    }
    return err;
}

pr_error pr_batch_load_config(pr_batch *p, const char *zPolicy, const char *zIndex)
{
    pr_programmes_register();
    pr_policy *pPolicy = pr_policy_load(zPolicy, p->eEnc, &p->err);
    if (!pPolicy) return p->err.rc;
    pr_index *pIndex = pr_index_load(zIndex, p->eEnc, &p->err);
    if (!pIndex) {
        pr_policy_free(pPolicy);
        return p->err.rc;
    }
    return pr_batch_set_config(p, pPolicy, pIndex);
}
