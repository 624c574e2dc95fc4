/*
 * test_csv.c - the RFC 4180 tokenizer and the record-boundary scans
 * (formats/csv.h).
 */
#include "tests/testutil.h"
#include "io/csv.h"
#include "formats/ledger.h"
#include "io/outbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One tokenized record of a test string (the string is copied: the
 * tokenizer unescapes in place). */
typedef struct tok {
    char aBuf[512];
    pr_csvrow row;
    size_t nUsed;
    uint32_t nLf;
    pr_csv_rc rc;
} tok;

static void tokenize(tok *t, const char *z)
{
    size_t n = strlen(z);
    CU_ASSERT_FATAL(n < sizeof(t->aBuf));
    memcpy(t->aBuf, z, n + 1);
    pr_csvrow_init(&t->row);
    CU_ASSERT_EQUAL(pr_csv_next(t->aBuf, n, &t->row, &t->nUsed, &t->nLf, NULL), PR_OK);
    t->rc = t->row.eRc;
}

static int field_is(const tok *t, int i, const char *zWant)
{
    return i < t->row.nField && pr_field_eq(t->row.aField[i], zWant);
}

static void test_simple_row(void)
{
    tok t;
    tokenize(&t, "a,bc,def\nnext,row\n");
    CU_ASSERT_EQUAL(t.rc, CSV_OK);
    CU_ASSERT_EQUAL(t.row.nField, 3);
    CU_ASSERT(field_is(&t, 0, "a"));
    CU_ASSERT(field_is(&t, 1, "bc"));
    CU_ASSERT(field_is(&t, 2, "def"));
    CU_ASSERT_EQUAL(t.nUsed, 9);
    CU_ASSERT_EQUAL(t.nLf, 1);
    pr_csvrow_clear(&t.row);
    /* the last record without a line end */
    tokenize(&t, "a,b");
    CU_ASSERT_EQUAL(t.rc, CSV_OK);
    CU_ASSERT_EQUAL(t.row.nField, 2);
    CU_ASSERT(field_is(&t, 1, "b"));
    CU_ASSERT_EQUAL(t.nUsed, 3);
    CU_ASSERT_EQUAL(t.nLf, 0);
    pr_csvrow_clear(&t.row);
    /* a blank line is one empty field */
    tokenize(&t, "\nx\n");
    CU_ASSERT_EQUAL(t.rc, CSV_OK);
    CU_ASSERT_EQUAL(t.row.nField, 1);
    CU_ASSERT_EQUAL(t.row.aField[0].n, 0);
    CU_ASSERT_EQUAL(t.nUsed, 1);
    CU_ASSERT_EQUAL(t.nLf, 1);
    pr_csvrow_clear(&t.row);
    /* UTF-8 text passes through untouched */
    tokenize(&t, "张三,320613199003071235\n");
    CU_ASSERT_EQUAL(t.rc, CSV_OK);
    CU_ASSERT(field_is(&t, 0, "张三"));
    CU_ASSERT(field_is(&t, 1, "320613199003071235"));
    pr_csvrow_clear(&t.row);
}

/* A field of every length from 0 to 40, of bytes next to the delimiters
 * (0x2B '+', 0x2D '-', 0x0B, 0x21 '!', 0x23 '#', 0x0D), high bytes and
 * 0x01, ended by each of ',' LF '"' and the end of the buffer: the
 * tokenizer's word-at-a-time scan stops exactly at the first delimiter
 * wherever it falls in a word. */
static void test_field_lengths(void)
{
    static const char azFill[] = "+-\x0b!#\x01\x80\xe5\x8c\x97\xff?";
    static const char *azEnd[] = { ",x\n", "\n", "\"y\n", "" };
    for (int nLen = 0; nLen <= 40; nLen++) {
        for (int e = 0; e < 4; e++) {
            if (nLen == 0 && e >= 2) continue;   /* a quoted field, or nothing at all */
            char zField[64], zRec[128];
            for (int i = 0; i < nLen; i++) zField[i] = azFill[(i * 7 + e) % (int)(sizeof(azFill) - 1)];
            zField[nLen] = 0;
            snprintf(zRec, sizeof(zRec), "%s%s", zField, azEnd[e]);
            tok t;
            tokenize(&t, zRec);
            CU_ASSERT_TRUE(t.row.nField >= 1);
            if (t.row.nField < 1) { pr_csvrow_clear(&t.row); continue; }
            if (e == 2) {
                /* a quote inside an unquoted field: flagged, the field read on */
                CU_ASSERT_EQUAL(t.rc, CSV_BAD_QUOTE);
            } else {
                CU_ASSERT_EQUAL(t.rc, CSV_OK);
                CU_ASSERT_EQUAL(t.row.aField[0].n, (uint32_t)nLen);
                CU_ASSERT_EQUAL(memcmp(t.row.aField[0].z, zField, (size_t)nLen), 0);
                CU_ASSERT_EQUAL(t.row.nField, e == 0 ? 2 : 1);
                CU_ASSERT_EQUAL(t.nUsed, strlen(zRec));
                CU_ASSERT_EQUAL(t.nLf, e == 3 ? 0u : 1u);
            }
            pr_csvrow_clear(&t.row);
        }
    }
}

static void test_quoted(void)
{
    tok t;
    tokenize(&t, "\"a,b\",c\n");
    CU_ASSERT_EQUAL(t.rc, CSV_OK);
    CU_ASSERT_EQUAL(t.row.nField, 2);
    CU_ASSERT(field_is(&t, 0, "a,b"));
    CU_ASSERT(field_is(&t, 1, "c"));
    CU_ASSERT_EQUAL(t.nUsed, 8);
    pr_csvrow_clear(&t.row);

    tokenize(&t, "x,\"say \"\"hi\"\"\",\"\"\"\"\n");
    CU_ASSERT_EQUAL(t.rc, CSV_OK);
    CU_ASSERT_EQUAL(t.row.nField, 3);
    CU_ASSERT(field_is(&t, 1, "say \"hi\""));
    CU_ASSERT(field_is(&t, 2, "\""));
    pr_csvrow_clear(&t.row);

    /* an empty quoted field */
    tokenize(&t, "\"\",b\n");
    CU_ASSERT_EQUAL(t.rc, CSV_OK);
    CU_ASSERT_EQUAL(t.row.nField, 2);
    CU_ASSERT(field_is(&t, 0, ""));
    pr_csvrow_clear(&t.row);
}

static void test_quoted_newline(void)
{
    tok t;
    tokenize(&t, "1,\"line one\nline two\",3\nnext\n");
    CU_ASSERT_EQUAL(t.rc, CSV_OK);
    CU_ASSERT_EQUAL(t.row.nField, 3);
    CU_ASSERT(field_is(&t, 1, "line one\nline two"));
    CU_ASSERT(field_is(&t, 2, "3"));
    CU_ASSERT_EQUAL(t.nLf, 2);
    CU_ASSERT_EQUAL(t.nUsed, strlen("1,\"line one\nline two\",3\n"));
    pr_csvrow_clear(&t.row);
    /* CRLF inside quotes is kept as is */
    tokenize(&t, "\"a\r\nb\"\r\n");
    CU_ASSERT_EQUAL(t.rc, CSV_OK);
    CU_ASSERT_EQUAL(t.row.nField, 1);
    CU_ASSERT(field_is(&t, 0, "a\r\nb"));
    CU_ASSERT_EQUAL(t.nLf, 2);
    CU_ASSERT_EQUAL(t.nUsed, 8);
    pr_csvrow_clear(&t.row);
}

static void test_crlf(void)
{
    tok t;
    tokenize(&t, "a,b\r\nc\r\n");
    CU_ASSERT_EQUAL(t.rc, CSV_OK);
    CU_ASSERT_EQUAL(t.row.nField, 2);
    CU_ASSERT(field_is(&t, 0, "a"));
    CU_ASSERT(field_is(&t, 1, "b"));
    CU_ASSERT_EQUAL(t.nUsed, 5);
    CU_ASSERT_EQUAL(t.nLf, 1);
    pr_csvrow_clear(&t.row);
    /* after a closing quote */
    tokenize(&t, "a,\"b\"\r\nc\r\n");
    CU_ASSERT_EQUAL(t.rc, CSV_OK);
    CU_ASSERT_EQUAL(t.row.nField, 2);
    CU_ASSERT(field_is(&t, 1, "b"));
    CU_ASSERT_EQUAL(t.nUsed, 7);
    CU_ASSERT_EQUAL(t.nLf, 1);
    pr_csvrow_clear(&t.row);
    /* an empty last field before CRLF */
    tokenize(&t, "a,\r\n");
    CU_ASSERT_EQUAL(t.rc, CSV_OK);
    CU_ASSERT_EQUAL(t.row.nField, 2);
    CU_ASSERT(field_is(&t, 1, ""));
    pr_csvrow_clear(&t.row);
    /* CR at the very end of the buffer (no LF) */
    tokenize(&t, "a,b\r");
    CU_ASSERT_EQUAL(t.rc, CSV_OK);
    CU_ASSERT(field_is(&t, 1, "b"));
    pr_csvrow_clear(&t.row);
}

static void test_empty_fields(void)
{
    tok t;
    tokenize(&t, ",,\n");
    CU_ASSERT_EQUAL(t.rc, CSV_OK);
    CU_ASSERT_EQUAL(t.row.nField, 3);
    for (int i = 0; i < 3; i++) CU_ASSERT(field_is(&t, i, ""));
    pr_csvrow_clear(&t.row);
    tokenize(&t, "a,,c\n");
    CU_ASSERT_EQUAL(t.row.nField, 3);
    CU_ASSERT(field_is(&t, 1, ""));
    CU_ASSERT(field_is(&t, 2, "c"));
    pr_csvrow_clear(&t.row);
}

static void test_trailing_comma(void)
{
    tok t;
    tokenize(&t, "a,b,\n");
    CU_ASSERT_EQUAL(t.rc, CSV_OK);
    CU_ASSERT_EQUAL(t.row.nField, 3);
    CU_ASSERT(field_is(&t, 2, ""));
    pr_csvrow_clear(&t.row);
    /* at the end of the buffer */
    tokenize(&t, "a,b,");
    CU_ASSERT_EQUAL(t.rc, CSV_OK);
    CU_ASSERT_EQUAL(t.row.nField, 3);
    CU_ASSERT(field_is(&t, 2, ""));
    CU_ASSERT_EQUAL(t.nUsed, 4);
    pr_csvrow_clear(&t.row);
    tokenize(&t, "\"a\",");
    CU_ASSERT_EQUAL(t.rc, CSV_OK);
    CU_ASSERT_EQUAL(t.row.nField, 2);
    CU_ASSERT(field_is(&t, 0, "a"));
    CU_ASSERT(field_is(&t, 1, ""));
    pr_csvrow_clear(&t.row);
}

static void test_unterminated(void)
{
    tok t;
    tokenize(&t, "a,\"open");
    CU_ASSERT_EQUAL(t.rc, CSV_UNTERMINATED);
    pr_csvrow_clear(&t.row);
    /* the open quote swallows the rest of the buffer */
    tokenize(&t, "a,\"open\nb,c\nd,e\n");
    CU_ASSERT_EQUAL(t.rc, CSV_UNTERMINATED);
    CU_ASSERT_EQUAL(t.nUsed, strlen("a,\"open\nb,c\nd,e\n"));
    CU_ASSERT_EQUAL(t.nLf, 3);
    pr_csvrow_clear(&t.row);
    /* a doubled quote is not a closing quote */
    tokenize(&t, "\"ab\"\"");
    CU_ASSERT_EQUAL(t.rc, CSV_UNTERMINATED);
    pr_csvrow_clear(&t.row);
}

static void test_bad_quote(void)
{
    tok t;
    tokenize(&t, "ab\"c,d\nnext\n");
    CU_ASSERT_EQUAL(t.rc, CSV_BAD_QUOTE);
    CU_ASSERT_EQUAL(t.nUsed, 7);   /* the record still ends at its line end */
    CU_ASSERT_EQUAL(t.nLf, 1);
    pr_csvrow_clear(&t.row);
    tokenize(&t, "\"ab\"c,d\nnext\n");
    CU_ASSERT_EQUAL(t.rc, CSV_BAD_QUOTE);
    CU_ASSERT_EQUAL(t.nUsed, 8);
    CU_ASSERT_EQUAL(t.nLf, 1);
    pr_csvrow_clear(&t.row);
    tokenize(&t, "ab\"c");
    CU_ASSERT_EQUAL(t.rc, CSV_BAD_QUOTE);
    pr_csvrow_clear(&t.row);
    tokenize(&t, "\"ab\"c");
    CU_ASSERT_EQUAL(t.rc, CSV_BAD_QUOTE);
    pr_csvrow_clear(&t.row);
    tokenize(&t, "\"ab\" ,c\n");   /* even a space after the closing quote */
    CU_ASSERT_EQUAL(t.rc, CSV_BAD_QUOTE);
    pr_csvrow_clear(&t.row);
}

static void test_too_many_fields(void)
{
    size_t n = PR_CSV_MAX_FIELDS;   /* that many commas: one field too many */
    char *z = malloc(n + 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    memset(z, ',', n);
    z[n] = '\n';
    z[n + 1] = 0;
    pr_csvrow row;
    pr_csvrow_init(&row);
    size_t nUsed;
    uint32_t nLf;
    CU_ASSERT_EQUAL(pr_csv_next(z, n + 1, &row, &nUsed, &nLf, NULL), PR_OK);
    CU_ASSERT_EQUAL(row.eRc, CSV_TOO_MANY_FIELDS);
    CU_ASSERT_EQUAL(nUsed, n + 1);
    CU_ASSERT_EQUAL(nLf, 1);
    /* one comma less: exactly the maximum is fine */
    memset(z, ',', n);
    z[n - 1] = '\n';
    CU_ASSERT_EQUAL(pr_csv_next(z, n, &row, &nUsed, &nLf, NULL), PR_OK);
    CU_ASSERT_EQUAL(row.eRc, CSV_OK);
    CU_ASSERT_EQUAL(row.nField, PR_CSV_MAX_FIELDS);
    pr_csvrow_clear(&row);
    free(z);
}

/* Splits z into records with pr_csv_next, and checks that
 * pr_csv_record_end finds the same ends (and LF counts) and that
 * pr_csv_last_boundary returns the end of the last LF-terminated record. */
static void check_agree(const char *z)
{
    size_t n = strlen(z);
    char *zCopy = malloc(n + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zCopy);
    memcpy(zCopy, z, n + 1);
    pr_csvrow row;
    pr_csvrow_init(&row);
    size_t iPos = 0, iLastLf = 0;
    int bOpenAtEnd = 0;
    while (iPos < n) {
        size_t nUsed, nEnd;
        uint32_t nLf, nLf2;
        CU_ASSERT_EQUAL(pr_csv_next(zCopy + iPos, n - iPos, &row, &nUsed, &nLf, NULL), PR_OK);
        pr_csv_rc rc = row.eRc;
        nEnd = pr_csv_record_end(z + iPos, n - iPos, &nLf2);
        CU_ASSERT_EQUAL(nUsed, nEnd);
        CU_ASSERT_EQUAL(nLf, nLf2);
        if (nUsed != nEnd) {
            fprintf(stderr, "\n  record at %zu of \"%s\": pr_csv_next %zu bytes, pr_csv_record_end %zu\n",
                    iPos, z, nUsed, nEnd);
            break;
        }
        CU_ASSERT_FATAL(nUsed > 0);
        iPos += nUsed;
        if (z[iPos - 1] == '\n' && rc != CSV_UNTERMINATED) iLastLf = iPos;
        bOpenAtEnd = rc == CSV_UNTERMINATED;
    }
    int bOpen = -1;
    size_t nB = pr_csv_last_boundary(z, n, &bOpen);
    CU_ASSERT_EQUAL(nB, iLastLf);
    CU_ASSERT_EQUAL(bOpen, bOpenAtEnd);
    pr_csvrow_clear(&row);
    free(zCopy);
}

static void test_boundaries_agree(void)
{
    static const char *const az[] = {
        "a,b,c\nd,e,f\n",
        "a,b,c\nd,e,f",
        "\"a,b\",c\n\"x\"\"y\",z\n",
        "1,\"line one\nline two\",3\n4,5,6\n",          /* quoted newline is not a boundary */
        "1,\"l1\nl2\nl3\"\n",
        "\"\n\",\"\n\"\n\n",
        "a,b\r\nc,d\r\n",
        "a,\"b\"\r\nc,\"d\"\r\n",
        ",,\n,\n\n",
        "a,b,\nc,\n",
        "a,b\nc,\"open\nd,e\nf,g\n",                 /* unterminated: no boundary after it */
        "ab\"c,d\ne,f\n",
        "\"ab\"c,d\ne,f\n",
        "\"ab\"\r\"c\n",
        "x\n\"\"\"\"\n\"q\"\n",
        "no newline at all",
        "\"only open",
    };
    for (size_t i = 0; i < sizeof(az) / sizeof(az[0]); i++) check_agree(az[i]);
}

/* Text after a closing quote: the tokenizer must end the record where the
 * boundary scans do (csv.h: "the two always agree where a record ends"). */
static void test_boundaries_agree_quote_after_bad_quote(void)
{
    check_agree("\"ab\"c\"d,e\nx,y\n");
    check_agree("\"ab\"c\",d\n\"x\",y\n");
}

static void test_last_boundary_quoted_newline(void)
{
    int bOpen = -1;
    /* the quoted newline at byte 4 is not a boundary: the scan stops inside */
    const char *z = "a,b\n\"c\nd";
    CU_ASSERT_EQUAL(pr_csv_last_boundary(z, strlen(z), &bOpen), 4);
    CU_ASSERT_EQUAL(bOpen, 1);
    z = "a,b\n\"c\nd\",e\nf";
    CU_ASSERT_EQUAL(pr_csv_last_boundary(z, strlen(z), &bOpen), 12);
    CU_ASSERT_EQUAL(bOpen, 0);
    z = "abc";
    CU_ASSERT_EQUAL(pr_csv_last_boundary(z, strlen(z), &bOpen), 0);
    CU_ASSERT_EQUAL(bOpen, 0);
    z = "abc\n";
    CU_ASSERT_EQUAL(pr_csv_last_boundary(z, strlen(z), &bOpen), 4);
    uint32_t nLf = 99;
    z = "\"a\nb\nc\",d\ne\n";
    CU_ASSERT_EQUAL(pr_csv_record_end(z, strlen(z), &nLf), 10);
    CU_ASSERT_EQUAL(nLf, 3);
    CU_ASSERT_EQUAL(pr_csv_record_end("abc", 3, &nLf), 3);
    CU_ASSERT_EQUAL(nLf, 0);
}

static int outbuf_is(const pr_outbuf *b, const char *zWant)
{
    return !b->rc && b->n == strlen(zWant) && memcmp(b->z, zWant, b->n) == 0;
}

/* The writer quotes only the fields with , " CR or LF, doubling quotes. */
static void test_writer_quoting(void)
{
    pr_outbuf b;
    pr_outbuf_init(&b, 1 << 20);
    const char *az[] = { "plain", "", "a,b", "say \"hi\"", "cr\r", "\nlf", "\"" };
    for (size_t i = 0; i < sizeof(az) / sizeof(az[0]); i++) pr_outbuf_csv(&b, az[i]);
    CU_ASSERT(outbuf_is(&b, "plain\"a,b\"\"say \"\"hi\"\"\"\"cr\r\"\"\nlf\"\"\"\"\""));
    pr_outbuf_clear(&b);
    /* over the cap: nothing is written */
    pr_outbuf_init(&b, 4);
    pr_outbuf_csv(&b, "a,b");
    CU_ASSERT_EQUAL(b.rc, PR_ERR_TOO_BIG);
    CU_ASSERT_EQUAL(b.n, 0);
    pr_outbuf_clear(&b);
}

/* A ledger line with fields to quote reads back field for field. */
static void test_ledger_line_quoting(void)
{
    pr_line l;
    memset(&l, 0, sizeof(l));
    l.eProg = PROG_DIBAO;
    l.eArea = AREA_URBAN;
    l.iDistrict = 320612;
    l.zBeneficiary = "DB1";
    l.zHousehold = "";
    l.zPerson = "320612199201010007";
    l.zName = "王,刚";
    l.zPayee = "\"x\"";
    l.zBank = "中国银行";
    l.zAccount = "6217";
    l.nAmount = 120100;
    l.zBasis = "a\r\nb";
    l.eType = LT_REISSUE;
    l.iPeriod = 2023 * 12 + 6;
    l.zReference = "202306-320612-000001";
    l.iPaySeq = 42;
    pr_outbuf b;
    pr_outbuf_init(&b, 1 << 20);
    pr_ledger_format_line(2023 * 12 + 7, &l, &b);
    pr_ledger_format_line(2023 * 12 + 7, &l, &b);
    const char *zLine = "DIBAO,DB1,,320612199201010007,320612,urban,\"王,刚\",\"\"\"x\"\"\",中国银行,6217,120100,\"a\r\nb\",REISSUE,2023-07,202306-320612-000001,202308-320612-000042\n";
    CU_ASSERT_FATAL(b.n == 2 * strlen(zLine));
    CU_ASSERT(memcmp(b.z, zLine, strlen(zLine)) == 0);
    CU_ASSERT(memcmp(b.z + strlen(zLine), zLine, strlen(zLine)) == 0);
    tok t;
    tokenize(&t, zLine);
    CU_ASSERT_EQUAL(t.rc, CSV_OK);
    CU_ASSERT_EQUAL(t.row.nField, 16);
    CU_ASSERT(field_is(&t, 2, ""));
    CU_ASSERT(field_is(&t, 6, "王,刚"));
    CU_ASSERT(field_is(&t, 7, "\"x\""));
    CU_ASSERT(field_is(&t, 11, "a\r\nb"));
    CU_ASSERT(field_is(&t, 12, "REISSUE"));
    CU_ASSERT(field_is(&t, 13, "2023-07"));
    CU_ASSERT(field_is(&t, 15, "202308-320612-000042"));
    pr_csvrow_clear(&t.row);
    pr_outbuf_clear(&b);
    /* over the cap: the line is not written in part */
    pr_outbuf_init(&b, 40);
    pr_ledger_format_line(2023 * 12 + 7, &l, &b);
    CU_ASSERT_EQUAL(b.rc, PR_ERR_TOO_BIG);
    CU_ASSERT_EQUAL(b.n, 0);
    pr_outbuf_clear(&b);
}

int suite_csv(void)
{
    static const pr_test aTests[] = {
        { "simple_row", test_simple_row },
        { "field_lengths", test_field_lengths },
        { "quoted", test_quoted },
        { "quoted_newline", test_quoted_newline },
        { "crlf", test_crlf },
        { "empty_fields", test_empty_fields },
        { "trailing_comma", test_trailing_comma },
        { "unterminated", test_unterminated },
        { "bad_quote", test_bad_quote },
        { "too_many_fields", test_too_many_fields },
        { "boundaries_agree", test_boundaries_agree },
        { "boundaries_agree_quote_after_bad_quote", test_boundaries_agree_quote_after_bad_quote },
        { "last_boundary_quoted_newline", test_last_boundary_quoted_newline },
        { "writer_quoting", test_writer_quoting },
        { "ledger_line_quoting", test_ledger_line_quoting },
    };
    PR_ADD_SUITE("csv", aTests);
}
