/*
 * diff.c - `payrun diff` (diff.h): checks the two month folders against
 * their manifests, reads the REGULAR lines of both ledgers with the one
 * ledger reader (formats/prevledger.h), sorts each side by (programme,
 * beneficiary_id), walks the two in step and writes the difference file
 * through a temporary file renamed into place.
 */
#include "run/diff.h"
#include "io/i18n.h"
#include "formats/ledgercols.h"
#include "formats/manifest_read.h"
#include "formats/prevledger.h"
#include "model/calendar.h"
#include "model/types.h"
#include "io/arena.h"
#include "io/common.h"
#include "io/encoding.h"
#include "io/err.h"
#include "io/outbuf.h"
#include "io/sha256.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LEDGER_NAME "ledger.csv.gz"
#define FLUSH_AT ((size_t)1 << 20)   /* bytes of rows buffered before a write */

/* The header of the difference file: the adjustments file's Chinese names. */
static const char zHeader[] =
    "类型,项目,对象编号,所属期,金额,文号,审批人,事由,姓名,区划代码,城乡类别,开户银行,银行账号,收款人\n";

/* The 类型 of each kind. */
static const char *const azKind[DIFF_KIND_COUNT] = { "补差", "补发", "追回" };

/* One REGULAR line of a ledger, as the difference file needs it. */
typedef struct dline {
    const char *zBen;         /* beneficiary_id, in the side's arena */
    const char *zName;        /* name, in the side's arena */
    const char *zBank;        /* bank (may be ""), in the side's arena */
    const char *zAccount;     /* account, in the side's arena */
    const char *zPayee;       /* payee, in the side's arena */
    int64_t nFen;             /* amount_fen, > 0 */
    int32_t iDistrict;        /* 6-digit district code */
    uint32_t iLine;           /* physical line in the ledger, for messages */
    uint8_t eProg;            /* pr_prog */
    uint8_t eArea;            /* pr_area: AREA_URBAN or AREA_RURAL */
} dline;

/* One of the two month folders and its REGULAR lines. */
typedef struct side {
    const char *zDir;         /* the folder as given, the caller's */
    char zReal[PATH_MAX];     /* its real path */
    char zLedger[PATH_MAX + 32];  /* zDir/ledger.csv.gz */
    int iMonth;               /* the manifest's month */
    dline *a;                 /* the lines, owned; sorted by (eProg, zBen) once read */
    size_t n;                 /* lines in a */
    size_t nCap;              /* allocated in a */
    pr_arena arena;           /* the strings of a */
} side;

static void side_init(side *s, const char *zDir)
{
    memset(s, 0, sizeof(*s));
    s->zDir = zDir;
    pr_arena_init(&s->arena);
}

static void side_clear(side *s)
{
    free(s->a);
    s->a = NULL;
    s->n = s->nCap = 0;
    pr_arena_clear(&s->arena);
}

/* Yuan with two decimals from nFen >= 0 into z (32 bytes): "1726.00". */
static const char *yuan(int64_t nFen, char *z)
{
    snprintf(z, 32, "%lld.%02lld", (long long)(nFen / 100), (long long)(nFen % 100));
    return z;
}

/* ---- the folders ------------------------------------------------------------ */

/* The folder s->zDir exists and is a folder: its real path into s->zReal.
 * Returns PR_OK or PR_ERR_IO with a message naming the folder. */
static pr_error resolve(side *s, pr_err *pErr)
{
    struct stat st;
    if (stat(s->zDir, &st) != 0)
        return pr_err_set(pErr, PR_ERR_IO, "%s: cannot open the month folder: %s", s->zDir, strerror(errno));
    if (!S_ISDIR(st.st_mode)) return pr_err_set(pErr, PR_ERR_IO, "%s: not a month folder (not a folder)", s->zDir);
    if (!realpath(s->zDir, s->zReal))
        return pr_err_set(pErr, PR_ERR_IO, "%s: cannot resolve the folder: %s", s->zDir, strerror(errno));
    int n = snprintf(s->zLedger, sizeof(s->zLedger), "%s/" LEDGER_NAME, s->zDir);
    if (n < 0 || (size_t)n >= sizeof(s->zLedger)) return pr_err_set(pErr, PR_ERR_IO, "%s: the path is too long", s->zDir);
    return PR_OK;
}

/* The folder is a month payrun wrote and paid: manifest.json reads, its
 * status is "ok", its month is the folder's name when that is a YYYY-MM, and
 * it lists ledger.csv.gz with the size and SHA-256 the file has. Sets
 * s->iMonth. Returns PR_OK or an error with a message naming the file. */
static pr_error check_folder(side *s, pr_err *pErr)
{
    char zPath[PATH_MAX + 32], zMonth[8];
    pr_manifest m;
    pr_error rc = PR_OK;
    memset(&m, 0, sizeof(m));
    snprintf(zPath, sizeof(zPath), "%s/manifest.json", s->zDir);
    if ((rc = pr_manifest_read(zPath, &m, pErr)) != PR_OK) return rc;
    s->iMonth = m.iMonth;
    pr_month_format(m.iMonth, zMonth);
    if (strcmp(m.zStatus, "ok") != 0) {
        rc = pr_err_set(pErr, PR_ERR_MANIFEST, "%s: the month %s is \"%s\", not a paid month: it has no ledger to compare",
                        zPath, zMonth, m.zStatus);
        goto cleanup;
    }
    /* the folder's own name, when it is a month, must be the manifest's */
    size_t n = strlen(s->zDir);
    while (n > 1 && s->zDir[n - 1] == '/') n--;
    size_t i = n;
    while (i > 0 && s->zDir[i - 1] != '/') i--;
    int iName;
    if (n - i == 7 && pr_month_parse(s->zDir + i, 7, &iName) == 0 && iName != m.iMonth) {
        rc = pr_err_set(pErr, PR_ERR_MANIFEST, "%s: the month is %s but the folder is %.7s", zPath, zMonth, s->zDir + i);
        goto cleanup;
    }
    const pr_moutput *o = NULL;
    for (int k = 0; k < m.nOut && !o; k++)
        if (strcmp(m.aOut[k].zName, LEDGER_NAME) == 0) o = &m.aOut[k];
    if (!o) {
        rc = pr_err_set(pErr, PR_ERR_MANIFEST, "%s: lists no %s; not a month folder payrun wrote", zPath, LEDGER_NAME);
        goto cleanup;
    }
    struct stat st;
    if (lstat(s->zLedger, &st) != 0) {
        rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot open: %s", s->zLedger, strerror(errno));
        goto cleanup;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = pr_err_set(pErr, PR_ERR_IO, "%s: not a regular file", s->zLedger);
        goto cleanup;
    }
    char zSha[65];
    if ((long long)st.st_size != (long long)o->nBytes) {
        rc = pr_err_set(pErr, PR_ERR_MANIFEST,
                        "%s: %lld bytes, manifest.json says %lld: the folder is not a verified month (payrun verify %s)",
                        s->zLedger, (long long)st.st_size, (long long)o->nBytes, s->zDir);
        goto cleanup;
    }
    if ((rc = pr_sha256_file(s->zLedger, zSha, pErr)) != PR_OK) goto cleanup;
    if (strcmp(zSha, o->zSha) != 0) {
        rc = pr_err_set(pErr, PR_ERR_MANIFEST,
                        "%s: SHA-256 differs from manifest.json: the folder is not a verified month (payrun verify %s)",
                        s->zLedger, s->zDir);
        goto cleanup;
    }
cleanup:
    pr_manifest_clear(&m);
    return rc;
}

/* ---- the ledgers ------------------------------------------------------------ */

static int cmp_line(const void *a, const void *b)
{
    const dline *x = a, *y = b;
    if (x->eProg != y->eProg) return x->eProg < y->eProg ? -1 : 1;
    return strcmp(x->zBen, y->zBen);
}

/* Appends the good REGULAR row pRec to s. PR_OK, or an error in pErr. */
static pr_error add_line(side *s, const pr_lrec *pRec, pr_err *pErr)
{
    const pr_field *f = pRec->pRow->aField;
    pr_area eArea;
    if (pr_area_parse(f[LCOL_AREA].z, f[LCOL_AREA].n, &eArea) || eArea == AREA_NONE)
        return pr_err_set(pErr, PR_ERR_CSV, "%s:%u: area '%.*s' is not urban or rural; not a ledger written by payrun",
                          s->zLedger, pRec->iLine, (int)(f[LCOL_AREA].n > 40 ? 40 : f[LCOL_AREA].n), f[LCOL_AREA].z);
    if (s->n == s->nCap) {
        size_t nNew = s->nCap ? s->nCap * 2 : 4096;
        dline *a = realloc(s->a, nNew * sizeof(*a));
        if (!a) return pr_err_nomem(pErr, "reading a ledger");
        s->a = a;
        s->nCap = nNew;
    }
    dline *d = &s->a[s->n];
    d->zBen = pr_arena_strndup(&s->arena, f[LCOL_BENEFICIARY].z, f[LCOL_BENEFICIARY].n);
    d->zName = pr_arena_strndup(&s->arena, f[LCOL_NAME].z, f[LCOL_NAME].n);
    d->zBank = pr_arena_strndup(&s->arena, f[LCOL_BANK].z, f[LCOL_BANK].n);
    d->zAccount = pr_arena_strndup(&s->arena, f[LCOL_ACCOUNT].z, f[LCOL_ACCOUNT].n);
    d->zPayee = pr_arena_strndup(&s->arena, f[LCOL_PAYEE].z, f[LCOL_PAYEE].n);
    if (!d->zBen || !d->zName || !d->zBank || !d->zAccount || !d->zPayee) return pr_err_nomem(pErr, "reading a ledger");
    d->nFen = pRec->nFen;
    d->iDistrict = pRec->iDistrict;
    d->iLine = pRec->iLine;
    d->eProg = (uint8_t)pRec->eProg;
    d->eArea = (uint8_t)eArea;
    s->n++;
    return PR_OK;
}

/* Reads the REGULAR lines of s's ledger (checked by check_folder) and sorts
 * them; one line per (programme, beneficiary_id). Returns PR_OK, or an error
 * naming the file and line. */
static pr_error load_side(side *s, pr_err *pErr)
{
    pr_err e;
    pr_err_init(&e);
    pr_error rc = PR_OK;
    int bHeader = 0;
    pr_ledger_reader *pRd = pr_ledger_reader_open(s->zLedger, pErr);
    if (!pRd) return pErr ? pErr->rc : PR_ERR_IO;
    for (;;) {
        pr_lrec rec;
        int k = pr_ledger_reader_next(pRd, &rec, &e);
        if (k < 0) {
            rc = e.rc == PR_ERR_NOMEM ? pr_err_nomem(pErr, "reading a ledger")
                                      : pr_err_set(pErr, e.rc, "%s: %s", s->zLedger, e.zMsg);
            goto cleanup;
        }
        if (k == 0) break;
        bHeader |= rec.bHeader;
        if (rec.eBad != LBAD_NONE) { rc = pr_ledger_record_error(s->zLedger, &rec, pErr); goto cleanup; }
        if (rec.bHeader || rec.eType != LT_REGULAR) continue;
        if ((rc = add_line(s, &rec, pErr)) != PR_OK) goto cleanup;
    }
    if (!bHeader) {
        rc = pr_err_set(pErr, PR_ERR_HEADER, "%s: empty (no header); not a ledger written by payrun", s->zLedger);
        goto cleanup;
    }
    if (s->n) qsort(s->a, s->n, sizeof(*s->a), cmp_line);
    for (size_t i = 1; i < s->n; i++) {
        if (cmp_line(&s->a[i - 1], &s->a[i]) == 0) {
            const dline *x = &s->a[i - 1], *y = &s->a[i];
            rc = pr_err_set(pErr, PR_ERR_CSV, "%s:%u: a second REGULAR line for %s %s (also line %u); not a ledger written by payrun",
                            s->zLedger, x->iLine > y->iLine ? x->iLine : y->iLine, pr_prog_code((pr_prog)x->eProg), x->zBen,
                            x->iLine < y->iLine ? x->iLine : y->iLine);
            goto cleanup;
        }
    }
cleanup:
    pr_ledger_reader_free(pRd);
    return rc;
}

/* ---- the difference file ---------------------------------------------------- */

/* Appends one row: kind, the line whose payee fields it carries, the amount,
 * the old and new amounts for the reason. */
static void put_row(pr_outbuf *b, pr_diff_kind eKind, const dline *d, int64_t nFen, int64_t nOld, int64_t nNew,
                    const char *zMonth, const char *zRef)
{
    char zAmt[32], zOld[32], zNew[32], zReason[128], zDistrict[16];
    snprintf(zReason, sizeof(zReason), "重算 %s → %s", yuan(nOld, zOld), yuan(nNew, zNew));
    snprintf(zDistrict, sizeof(zDistrict), "%06d", (int)d->iDistrict);
    const char *az[] = {
        azKind[eKind], pr_prog_code((pr_prog)d->eProg), d->zBen, zMonth, yuan(nFen, zAmt), zRef, "", zReason,
        d->zName, zDistrict, d->eArea == AREA_URBAN ? "城市" : "农村", d->zBank, d->zAccount, d->zPayee
    };
    for (size_t i = 0; i < sizeof(az) / sizeof(az[0]); i++) {
        if (i) pr_outbuf_add(b, ",", 1);
        pr_outbuf_csv(b, az[i]);
    }
    pr_outbuf_add(b, "\n", 1);
}

/* Walks the sorted sides in step and writes every row to f. Fills the
 * counts of pRes. Returns PR_OK, or an error naming zTmp. */
static pr_error write_rows(const side *pPaid, const side *pRerun, const char *zRef, FILE *f, const char *zTmp,
                           pr_diff_result *pRes, pr_err *pErr)
{
    pr_outbuf b;
    pr_outbuf_init(&b, (size_t)64 << 20);
    pr_error rc = PR_OK, rcWrite = PR_OK;   /* rcWrite: the first failed write of b */
    pr_outbuf_str(&b, zHeader);
    size_t i = 0, j = 0;
    while (i < pPaid->n || j < pRerun->n) {
        int c = i >= pPaid->n ? 1 : j >= pRerun->n ? -1 : cmp_line(&pPaid->a[i], &pRerun->a[j]);
        const dline *p = c <= 0 ? &pPaid->a[i++] : NULL;
        const dline *r = c >= 0 ? &pRerun->a[j++] : NULL;
        int64_t nOld = p ? p->nFen : 0, nNew = r ? r->nFen : 0;
        if (nOld == nNew) continue;
        pr_diff_kind eKind = !p ? DIFF_BACKPAY : nNew > nOld ? DIFF_DIFFERENCE : DIFF_RECOVERY;
        int64_t nFen = nNew > nOld ? nNew - nOld : nOld - nNew;
        put_row(&b, eKind, eKind == DIFF_RECOVERY ? p : r, nFen, nOld, nNew, pRes->zMonth, zRef);
        pRes->anRows[eKind]++;
        if (__builtin_add_overflow(pRes->anFen[eKind], nFen, &pRes->anFen[eKind])) {
            rc = pr_err_set(pErr, PR_ERR_TOO_BIG, "%s: the %s rows add up to more than a 64-bit total of fen", zTmp,
                            azKind[eKind]);
            goto cleanup;
        }
        if (b.n >= FLUSH_AT && (rcWrite = pr_outbuf_flush(&b, f)) != PR_OK) break;
    }
    /* a failed write is never followed by another: the file would lack rows */
    if (rcWrite == PR_OK && (rcWrite = pr_outbuf_flush(&b, f)) == PR_OK) goto cleanup;
    rc = rcWrite != PR_ERR_IO ? pr_err_set(pErr, rcWrite, "%s: %s", zTmp, rcWrite == PR_ERR_NOMEM ? "out of memory" : "a row is too long")
                              : pr_err_set(pErr, PR_ERR_IO, "%s: cannot write: %s", zTmp, strerror(errno));
cleanup:
    pr_outbuf_clear(&b);
    return rc;
}

/* The folder of the file zPath into zDir (nDir bytes): "." when it has none. */
static void dir_of(const char *zPath, char *zDir, size_t nDir)
{
    const char *zSlash = strrchr(zPath, '/');
    if (!zSlash) snprintf(zDir, nDir, ".");
    else if (zSlash == zPath) snprintf(zDir, nDir, "/");
    else snprintf(zDir, nDir, "%.*s", (int)(zSlash - zPath), zPath);
}

/* Puts the written temporary file zTmp at zOut: replacing it with bForce,
 * else only when zOut does not exist (link, which never replaces; rename
 * after a last look where the file system has no hard links). zTmp is
 * gone afterwards whatever happens. Returns PR_OK or an error naming zOut. */
static pr_error commit(const char *zTmp, const char *zOut, int bForce, pr_err *pErr)
{
    pr_error rc = PR_OK;
    if (bForce) {
        if (rename(zTmp, zOut) != 0) rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot rename %s to it: %s", zOut, zTmp, strerror(errno));
    } else if (link(zTmp, zOut) != 0) {
        struct stat st;
        if (errno == EEXIST)
            rc = pr_err_set(pErr, PR_ERR_EXISTS, "%s: appeared while diff ran; it is left as it is", zOut);
        else if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP && errno != ENOSYS)
            rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot create: %s", zOut, strerror(errno));
        else if (lstat(zOut, &st) == 0)
            rc = pr_err_set(pErr, PR_ERR_EXISTS, "%s: appeared while diff ran; it is left as it is", zOut);
        else if (rename(zTmp, zOut) != 0)
            rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot rename %s to it: %s", zOut, zTmp, strerror(errno));
    }
    unlink(zTmp);   /* after link, or after a failure; nothing after rename */
    return rc;
}

/* Writes the difference file o->zOut from the loaded sides. */
static pr_error write_diff(const pr_diff_opts *o, const side *pPaid, const side *pRerun, pr_diff_result *pRes,
                           pr_err *pErr)
{
    char zDir[PATH_MAX], zTmp[PATH_MAX + 64];
    const char *zBase = strrchr(o->zOut, '/');
    zBase = zBase ? zBase + 1 : o->zOut;
    dir_of(o->zOut, zDir, sizeof(zDir));
    int n = snprintf(zTmp, sizeof(zTmp), "%s/.%s.tmp.%ld", zDir, zBase, (long)getpid());
    if (n < 0 || (size_t)n >= sizeof(zTmp)) return pr_err_set(pErr, PR_ERR_IO, "%s: the path is too long", o->zOut);
    unlink(zTmp);   /* a leftover of a killed process that had our id */
    /* 0640 at most (the umask may take more): the rows hold IDs and accounts */
    int fd = open(zTmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (fd < 0) return pr_err_set(pErr, PR_ERR_IO, "%s: cannot create %s: %s", o->zOut, zTmp, strerror(errno));
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        close(fd);
        unlink(zTmp);
        return pr_err_set(pErr, PR_ERR_IO, "%s: cannot write %s: %s", o->zOut, zTmp, strerror(errno));
    }
    pr_error rc = write_rows(pPaid, pRerun, o->zReference, f, zTmp, pRes, pErr);
    if (rc == PR_OK && (fflush(f) != 0 || fsync(fileno(f)) != 0))
        rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot write: %s", zTmp, strerror(errno));
    if (fclose(f) != 0 && rc == PR_OK) rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot write: %s", zTmp, strerror(errno));
    if (rc != PR_OK) {
        unlink(zTmp);
        return rc;
    }
    return commit(zTmp, o->zOut, o->bForce, pErr);
}

/* --out: not there (unless bForce), not a folder, and not inside either
 * month folder (a file there that the manifest does not list would make
 * payrun verify fail). Returns PR_OK or an error naming the file. */
static pr_error check_out(const pr_diff_opts *o, const side *pPaid, const side *pRerun, pr_err *pErr)
{
    struct stat st;
    if (lstat(o->zOut, &st) == 0) {
        if (S_ISDIR(st.st_mode)) return pr_err_set(pErr, PR_ERR_IO, "%s: is a folder; --out names the file to write", o->zOut);
        if (!o->bForce)
            return pr_err_set(pErr, PR_ERR_EXISTS, "%s: already exists; diff does not replace it (--force to replace it)", o->zOut);
    }
    char zDir[PATH_MAX], zReal[PATH_MAX];
    dir_of(o->zOut, zDir, sizeof(zDir));
    if (!realpath(zDir, zReal))
        return pr_err_set(pErr, PR_ERR_IO, "%s: cannot write into the folder %s: %s", o->zOut, zDir, strerror(errno));
    const side *aS[2] = { pPaid, pRerun };
    for (int i = 0; i < 2; i++) {
        if (strcmp(zReal, aS[i]->zReal) == 0)
            return pr_err_set(pErr, PR_ERR_IO,
                              "%s: inside the month folder %s, where a file its manifest does not list makes payrun verify "
                              "fail; write it elsewhere", o->zOut, aS[i]->zDir);
    }
    return PR_OK;
}

pr_error pr_diff_months(const pr_diff_opts *o, pr_diff_result *pRes, pr_err *pErr)
{
    side paid, rerun;
    side_init(&paid, o->zPaid);
    side_init(&rerun, o->zRerun);
    memset(pRes, 0, sizeof(*pRes));
    pr_error rc;
    if ((rc = resolve(&paid, pErr)) || (rc = resolve(&rerun, pErr))) goto cleanup;
    if (strcmp(paid.zReal, rerun.zReal) == 0) {
        rc = pr_err_set(pErr, PR_ERR_IO, "%s and %s are the same folder (%s): compare the paid month with a re-run in another folder",
                        o->zPaid, o->zRerun, paid.zReal);
        goto cleanup;
    }
    if ((rc = check_out(o, &paid, &rerun, pErr))) goto cleanup;
    if ((rc = check_folder(&paid, pErr)) || (rc = check_folder(&rerun, pErr))) goto cleanup;
    char zA[8], zB[8];
    pr_month_format(paid.iMonth, zA);
    pr_month_format(rerun.iMonth, zB);
    if (paid.iMonth != rerun.iMonth) {
        rc = pr_err_set(pErr, PR_ERR_MANIFEST, "%s is the month %s but %s is %s: diff compares two runs of the same month",
                        o->zPaid, zA, o->zRerun, zB);
        goto cleanup;
    }
    memcpy(pRes->zMonth, zA, sizeof(zA));
    if ((rc = load_side(&paid, pErr)) || (rc = load_side(&rerun, pErr))) goto cleanup;
    rc = write_diff(o, &paid, &rerun, pRes, pErr);
cleanup:
    side_clear(&paid);
    side_clear(&rerun);
    return rc;
}

/* ---- the command ------------------------------------------------------------ */

static const char zHelp[] =
    "Usage: payrun diff PAID_DIR/YYYY-MM RECOMPUTED_DIR/YYYY-MM --reference DOC --out FILE [--force]\n"
    "Compares the REGULAR lines of a month as it was paid with the same month run\n"
    "again with a corrected policy, by programme and beneficiary, and writes an\n"
    "adjustments file for the next month's --adjustments:\n"
    "  补差  a higher amount in the re-run: the difference\n"
    "  补发  only in the re-run: its amount\n"
    "  追回  a lower amount in the re-run: the difference; only in the paid\n"
    "        month: the amount paid\n"
    "Both folders must match their manifest.json (ledger.csv.gz's SHA-256) and be\n"
    "the same month. 文号 is DOC, 审批人 is left blank: the file must be reviewed\n"
    "and signed before a run accepts it. FILE is written whole or not at all.\n"
    "\n"
    "Options:\n"
    "  --reference DOC  the document that orders the correction (文号)\n"
    "  --out FILE       the difference file (CSV, UTF-8)\n"
    "  --force          replace FILE if it exists\n"
    "  -h, --help       this help\n"
    "\n"
    "Exit codes: 0 done (a file with only the header when nothing differs);\n"
    "1 usage error; 2 a folder is not a verified month, the months differ, the\n"
    "folders are the same, FILE exists, or a file cannot be read or written.\n";

static int usage(const char *zMsg)
{
    fprintf(stderr, "payrun: diff: %s\nTry 'payrun diff --help'.\n", zMsg);
    return PR_EXIT_USAGE;
}

/* DOC is a line of text: not blank, valid UTF-8, no control characters. */
static int reference_ok(const char *z)
{
    size_t n = strlen(z);
    const char *zT = z;
    size_t nT = n;
    pr_trim(&zT, &nT);
    if (nT == 0 || !pr_utf8_valid(z, n, 0)) return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)z[i] < 0x20 || z[i] == 0x7f) return 0;
    return 1;
}

int pr_diff_command(int argc, char **argv)
{
    static const struct option aOpt[] = {
        { "reference", required_argument, 0, 'r' }, { "out", required_argument, 0, 'o' },
        { "force", no_argument, 0, 'f' }, { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 }
    };
    pr_diff_opts o;
    memset(&o, 0, sizeof(o));
    char zMsg[300];
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", aOpt, NULL)) != -1) {
        switch (c) {
        case 'r': o.zReference = optarg; break;
        case 'o': o.zOut = optarg; break;
        case 'f': o.bForce = 1; break;
        case 'h': fputs(zHelp, stdout); return PR_EXIT_DONE;
        default:
            snprintf(zMsg, sizeof(zMsg), "unknown or incomplete option '%s'", argv[optind - 1]);
            return usage(zMsg);
        }
    }
    if (argc - optind != 2) return usage("give two month folders: PAID_DIR/YYYY-MM RECOMPUTED_DIR/YYYY-MM");
    if (!o.zReference) return usage("--reference DOC is required: the document that orders the correction (文号)");
    if (!reference_ok(o.zReference)) return usage("--reference must be a line of text (not blank, no control characters)");
    if (!o.zOut || !o.zOut[0]) return usage("--out FILE is required: the difference file to write");
    o.zPaid = argv[optind];
    o.zRerun = argv[optind + 1];
    pr_err err;
    pr_err_init(&err);
    pr_diff_result r;
    pr_error rc = pr_diff_months(&o, &r, &err);
    if (rc) {
        fprintf(stderr, _("payrun: error: %s\n"), err.zMsg[0] ? err.zMsg : pr_strerror(rc));
        return pr_exit_code(rc);
    }
    int64_t nRows = 0;
    for (int k = 0; k < DIFF_KIND_COUNT; k++) nRows += r.anRows[k];
    if (nRows == 0) {
        fprintf(stderr, "payrun: diff %s: the REGULAR lines of both folders are the same; %s has only the header\n",
                r.zMonth, o.zOut);
        return PR_EXIT_DONE;
    }
    char az[DIFF_KIND_COUNT][32];
    fprintf(stderr, "payrun: diff %s: %s %lld rows %s yuan, %s %lld rows %s yuan, %s %lld rows %s yuan; written to %s "
            "(审批人 blank: review and sign before --adjustments)\n", r.zMonth,
            azKind[DIFF_DIFFERENCE], (long long)r.anRows[DIFF_DIFFERENCE], yuan(r.anFen[DIFF_DIFFERENCE], az[0]),
            azKind[DIFF_BACKPAY], (long long)r.anRows[DIFF_BACKPAY], yuan(r.anFen[DIFF_BACKPAY], az[1]),
            azKind[DIFF_RECOVERY], (long long)r.anRows[DIFF_RECOVERY], yuan(r.anFen[DIFF_RECOVERY], az[2]), o.zOut);
    return PR_EXIT_DONE;
}
