/*
 * test_encoding.c - UTF-8 validation, encoding detection and GB18030
 * conversion (io/encoding.h).
 */
#include "tests/testutil.h"
#include "io/encoding.h"

#include <string.h>

static int valid(const char *z, int bCut) { return pr_utf8_valid(z, strlen(z), bCut); }

static void test_utf8_valid_good(void)
{
    CU_ASSERT_EQUAL(valid("", 0), 1);
    CU_ASSERT_EQUAL(valid("plain ascii,1,2\n", 0), 1);
    CU_ASSERT_EQUAL(valid("\xE5\xBC\xA0\xE4\xB8\x89", 0), 1);          /* 张三 */
    CU_ASSERT_EQUAL(valid("\xC2\x80", 0), 1);                          /* U+0080, smallest 2-byte */
    CU_ASSERT_EQUAL(valid("\xDF\xBF", 0), 1);                          /* U+07FF */
    CU_ASSERT_EQUAL(valid("\xE0\xA0\x80", 0), 1);                      /* U+0800, smallest 3-byte */
    CU_ASSERT_EQUAL(valid("\xED\x9F\xBF", 0), 1);                      /* U+D7FF, below the surrogates */
    CU_ASSERT_EQUAL(valid("\xEE\x80\x80", 0), 1);                      /* U+E000, above them */
    CU_ASSERT_EQUAL(valid("\xEF\xBB\xBF" "abc", 0), 1);                /* BOM */
    CU_ASSERT_EQUAL(valid("\xF0\x90\x80\x80", 0), 1);                  /* U+10000 */
    CU_ASSERT_EQUAL(valid("\xF0\x9F\x98\x80", 0), 1);                  /* an emoji */
    CU_ASSERT_EQUAL(valid("\xF4\x8F\xBF\xBF", 0), 1);                  /* U+10FFFF */
    /* NUL bytes are valid UTF-8 (length-based) */
    CU_ASSERT_EQUAL(pr_utf8_valid("a\0b", 3, 0), 1);
}

static void test_utf8_overlong(void)
{
    CU_ASSERT_EQUAL(valid("\xC0\xAF", 0), 0);              /* '/' in 2 bytes */
    CU_ASSERT_EQUAL(valid("\xC1\xBF", 0), 0);
    CU_ASSERT_EQUAL(valid("\xC0\x80", 0), 0);              /* modified-UTF-8 NUL */
    CU_ASSERT_EQUAL(valid("\xE0\x80\xAF", 0), 0);          /* '/' in 3 bytes */
    CU_ASSERT_EQUAL(valid("\xE0\x9F\xBF", 0), 0);          /* U+07FF in 3 bytes */
    CU_ASSERT_EQUAL(valid("\xF0\x80\x80\xAF", 0), 0);      /* '/' in 4 bytes */
    CU_ASSERT_EQUAL(valid("\xF0\x8F\xBF\xBF", 0), 0);      /* U+FFFF in 4 bytes */
    /* overlongs stay invalid with bAllowCut */
    CU_ASSERT_EQUAL(valid("\xC0\xAF", 1), 0);
    CU_ASSERT_EQUAL(valid("\xE0\x80\xAF", 1), 0);
}

static void test_utf8_surrogates_and_range(void)
{
    CU_ASSERT_EQUAL(valid("\xED\xA0\x80", 0), 0);          /* U+D800 */
    CU_ASSERT_EQUAL(valid("\xED\xBF\xBF", 0), 0);          /* U+DFFF */
    CU_ASSERT_EQUAL(valid("\xED\xA0\xBD\xED\xB8\x80", 0), 0);  /* CESU-8 pair */
    CU_ASSERT_EQUAL(valid("\xF4\x90\x80\x80", 0), 0);      /* U+110000 */
    CU_ASSERT_EQUAL(valid("\xF5\x80\x80\x80", 0), 0);
    CU_ASSERT_EQUAL(valid("\xF8\x88\x80\x80\x80", 0), 0);  /* 5-byte form */
    CU_ASSERT_EQUAL(valid("\xFF", 0), 0);
    CU_ASSERT_EQUAL(valid("\xFE", 0), 0);
    CU_ASSERT_EQUAL(valid("\x80", 0), 0);                  /* lone continuation byte */
    CU_ASSERT_EQUAL(valid("a\xBF" "b", 0), 0);
    CU_ASSERT_EQUAL(valid("\xE5\x41\x41", 0), 0);          /* lead byte then ASCII */
    CU_ASSERT_EQUAL(valid("\xE5\xBC\x41", 0), 0);
    CU_ASSERT_EQUAL(valid("\xD0\xD5\xC3\xFB", 0), 0);      /* GB18030 姓名 */
}

static void test_utf8_cut(void)
{
    /* 张 = E5 BC A0 cut after 1 or 2 bytes */
    CU_ASSERT_EQUAL(valid("ab\xE5", 0), 0);
    CU_ASSERT_EQUAL(valid("ab\xE5", 1), 1);
    CU_ASSERT_EQUAL(valid("ab\xE5\xBC", 0), 0);
    CU_ASSERT_EQUAL(valid("ab\xE5\xBC", 1), 1);
    CU_ASSERT_EQUAL(valid("\xF0\x9F\x98", 0), 0);
    CU_ASSERT_EQUAL(valid("\xF0\x9F\x98", 1), 1);
    CU_ASSERT_EQUAL(valid("\xC2", 1), 1);
    /* a cut that is not at the end is an error either way */
    CU_ASSERT_EQUAL(valid("\xE5\xBC" "a", 0), 0);
    CU_ASSERT_EQUAL(valid("\xE5\xBC" "a", 1), 0);
    /* a cut tail whose bytes so far are already wrong */
    CU_ASSERT_EQUAL(valid("\xE0\x80", 1), 0);              /* overlong start */
    CU_ASSERT_EQUAL(valid("\xED\xA0", 1), 0);              /* surrogate start */
    CU_ASSERT_EQUAL(valid("\xF4\x90", 1), 0);              /* beyond U+10FFFF */
    CU_ASSERT_EQUAL(valid("\xF0\x9F\x41", 1), 0);
    /* a lead byte that can never start a sequence is not a cut */
    CU_ASSERT_EQUAL(valid("ab\xC0", 1), 0);
    CU_ASSERT_EQUAL(valid("ab\xFF", 1), 0);
    /* the length bounds the scan */
    CU_ASSERT_EQUAL(pr_utf8_valid("\xE5\xBC\xA0", 2, 0), 0);
    CU_ASSERT_EQUAL(pr_utf8_valid("\xE5\xBC\xA0", 2, 1), 1);
}

static void test_has_high_bytes(void)
{
    CU_ASSERT_EQUAL(pr_has_high_bytes("abc,123\n", 8), 0);
    CU_ASSERT_EQUAL(pr_has_high_bytes("abc\xE5", 4), 1);
    CU_ASSERT_EQUAL(pr_has_high_bytes("abc\xE5", 3), 0);
    CU_ASSERT_EQUAL(pr_has_high_bytes("", 0), 0);
}

static void test_encoding_detect(void)
{
    CU_ASSERT_EQUAL(pr_encoding_detect("\xEF\xBB\xBF" "id,name\n", 11), ENC_UTF8);
    /* a BOM decides even if invalid bytes follow */
    CU_ASSERT_EQUAL(pr_encoding_detect("\xEF\xBB\xBF\xD0\xD5\xC3\xFB", 7), ENC_UTF8);
    CU_ASSERT_EQUAL(pr_encoding_detect("\xD0\xD5\xC3\xFB", 4), ENC_GB18030);              /* 姓名 */
    CU_ASSERT_EQUAL(pr_encoding_detect("\xD0\xD5\xC3\xFB,id\n", 8), ENC_GB18030);
    CU_ASSERT_EQUAL(pr_encoding_detect("\xE5\xA7\x93\xE5\x90\x8D", 6), ENC_UTF8);         /* 姓名 */
    /* a block that ends mid-character is still UTF-8 */
    CU_ASSERT_EQUAL(pr_encoding_detect("\xE5\xA7\x93\xE5\x90", 5), ENC_UTF8);
    /* 张三 in GB18030 */
    CU_ASSERT_EQUAL(pr_encoding_detect("\xD5\xC5\xC8\xFD", 4), ENC_GB18030);
    CU_ASSERT_EQUAL(pr_encoding_detect("plain", 5), ENC_UTF8);
}

static pr_encoding detect_lines(const char *z) { return pr_encoding_detect_lines(z, strlen(z)); }

static void test_encoding_detect_lines(void)
{
    /* all lines valid UTF-8 */
    CU_ASSERT_EQUAL(detect_lines("id,\xE5\xA7\x93\xE5\x90\x8D\n1,\xE5\xBC\xA0\xE4\xB8\x89\n"), ENC_UTF8);
    CU_ASSERT_EQUAL(detect_lines("ascii only\n"), ENC_UTF8);
    /* GB18030: 姓名,id / 张三,1 */
    CU_ASSERT_EQUAL(detect_lines("\xD0\xD5\xC3\xFB,id\n\xD5\xC5\xC8\xFD,1\n"), ENC_GB18030);
    /* a BOM decides */
    CU_ASSERT_EQUAL(detect_lines("\xEF\xBB\xBF\xD0\xD5\xC3\xFB,id\n"), ENC_UTF8);
    /* a UTF-8 file with one damaged row stays UTF-8: the three rows holding
     * 张 (E5 BC A0, then a comma) are not GB18030, the damaged one is not UTF-8 */
    CU_ASSERT_EQUAL(detect_lines("\xE5\xBC\xA0,1\n\xE5\xBC\xA0,2\n\xE5\xBC,3\n\xE5\xBC\xA0,4\n"), ENC_UTF8);
    /* one line bad each way: a tie goes to GB18030 */
    CU_ASSERT_EQUAL(detect_lines("\xE5\xBC\xA0,1\n\xE5\xBC,2\n"), ENC_GB18030);
    /* the last line of a block may be cut inside a character */
    CU_ASSERT_EQUAL(detect_lines("\xE5\xBC\xA0,1\n\xE5\xBC"), ENC_UTF8);
}

static void test_encoding_parse(void)
{
    pr_encoding e = ENC_AUTO;
    CU_ASSERT_EQUAL(pr_encoding_parse("gb18030", &e, NULL), PR_OK);
    CU_ASSERT_EQUAL(e, ENC_GB18030);
    CU_ASSERT_EQUAL(pr_encoding_parse("utf-8", &e, NULL), PR_OK);
    CU_ASSERT_EQUAL(e, ENC_UTF8);
    CU_ASSERT_EQUAL(pr_encoding_parse("utf8", &e, NULL), PR_OK);
    CU_ASSERT_EQUAL(e, ENC_UTF8);
    CU_ASSERT_EQUAL(pr_encoding_parse("auto", &e, NULL), PR_OK);
    CU_ASSERT_EQUAL(e, ENC_AUTO);
    CU_ASSERT_EQUAL(pr_encoding_parse("latin1", &e, NULL), PR_ERR_USAGE);
    CU_ASSERT_STRING_EQUAL(pr_encoding_name(ENC_GB18030), "gb18030");
    CU_ASSERT_STRING_EQUAL(pr_encoding_name(ENC_UTF8), "utf-8");
}

/* pr_gbconv_run as a function of its result: the UTF-8 bytes, or NULL
 * (then the error must be an encoding error). */
static const char *gbconv(pr_gbconv *p, const char *z, size_t n, size_t *pnOut)
{
    pr_err e;
    pr_err_init(&e);
    const char *zOut = NULL;
    pr_error rc = pr_gbconv_run(p, z, n, &zOut, pnOut, &e);
    CU_ASSERT(rc == PR_OK || (rc == PR_ERR_ENCODING && e.rc == rc && zOut == NULL));
    return zOut;
}

static void test_gbconv(void)
{
    pr_gbconv *p = pr_gbconv_new(NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    size_t n = 0;
    const char *z = gbconv(p, "\xD5\xC5\xC8\xFD", 4, &n);   /* 张三 */
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    CU_ASSERT_EQUAL(n, 6);
    CU_ASSERT(n == 6 && memcmp(z, "\xE5\xBC\xA0\xE4\xB8\x89", 6) == 0);
    /* mixed ASCII and Chinese: 姓名,id */
    z = gbconv(p, "\xD0\xD5\xC3\xFB,id\r\n", 9, &n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    CU_ASSERT(n == 11 && memcmp(z, "\xE5\xA7\x93\xE5\x90\x8D,id\r\n", 11) == 0);
    /* a four-byte GB18030 sequence: 81 30 81 30 = U+0080 */
    z = gbconv(p, "\x81\x30\x81\x30", 4, &n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    CU_ASSERT(n == 2 && memcmp(z, "\xC2\x80", 2) == 0);
    /* invalid and incomplete sequences */
    CU_ASSERT_PTR_NULL(gbconv(p, "\x81\x20", 2, &n));
    CU_ASSERT_PTR_NULL(gbconv(p, "ab\xD5", 3, &n));
    CU_ASSERT_PTR_NULL(gbconv(p, "\x81\x30\x81", 3, &n));
    /* the converter is usable again after a failure */
    z = gbconv(p, "\xD5\xC5", 2, &n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    CU_ASSERT(n == 3 && memcmp(z, "\xE5\xBC\xA0", 3) == 0);
    /* an empty input converts to nothing */
    z = gbconv(p, "", 0, &n);
    CU_ASSERT_PTR_NOT_NULL(z);
    CU_ASSERT_EQUAL(n, 0);
    pr_gbconv_free(p);
    pr_gbconv_free(NULL);
}

static void test_gbconv_large(void)
{
    /* 10000 x 张 (2 bytes each) grows to 3 bytes each */
    enum { N = 10000 };
    static char aIn[2 * N];
    for (int i = 0; i < N; i++) { aIn[2 * i] = '\xD5'; aIn[2 * i + 1] = '\xC5'; }
    pr_gbconv *p = pr_gbconv_new(NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    size_t n = 0;
    const char *z = gbconv(p, aIn, sizeof(aIn), &n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    CU_ASSERT_EQUAL(n, 3 * N);
    CU_ASSERT(memcmp(z + 3 * (N - 1), "\xE5\xBC\xA0", 3) == 0);
    pr_gbconv_free(p);
}

int suite_encoding(void)
{
    static const pr_test aTests[] = {
        { "utf8_valid_good", test_utf8_valid_good },
        { "utf8_overlong", test_utf8_overlong },
        { "utf8_surrogates_and_range", test_utf8_surrogates_and_range },
        { "utf8_cut", test_utf8_cut },
        { "has_high_bytes", test_has_high_bytes },
        { "encoding_detect", test_encoding_detect },
        { "encoding_detect_lines", test_encoding_detect_lines },
        { "encoding_parse", test_encoding_parse },
        { "gbconv", test_gbconv },
        { "gbconv_large", test_gbconv_large },
    };
    PR_ADD_SUITE("encoding", aTests);
}
