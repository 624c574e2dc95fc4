/*
 * manifest.c - manifest.json: the month, the engine version, every input
 * with its SHA-256, rows read and status counts, every output with its
 * SHA-256, and totals per district and programme. Keys and arrays come in a
 * fixed order so the file is byte-identical for the same inputs.
 */
#include "formats/manifest.h"
#include "model/calendar.h"
#include "io/outbuf.h"

#include <stdio.h>
#include <string.h>

static void status_counts(pr_outbuf *b, const uint32_t *aCount)
{
    pr_outbuf_printf(b, "\"PAID\": %u, \"INELIGIBLE\": %u, \"HELD\": %u, \"REJECTED\": %u",
                     aCount[ST_PAID], aCount[ST_INELIGIBLE], aCount[ST_HELD], aCount[ST_REJECTED]);
}

static void config_file(pr_outbuf *b, const char *zKey, const char *zPath, const char *zSha)
{
    pr_outbuf_printf(b, "  \"%s\": {\"path\": ", zKey);
    pr_outbuf_json(b, zPath);
    pr_outbuf_printf(b, ", \"sha256\": \"%s\"},\n", zSha);
}

static void total(pr_outbuf *b, const pr_total *t)
{
    pr_outbuf_printf(b, "\"lines\": %lld, \"persons\": %lld, \"fen\": %lld",
                     (long long)t->nLines, (long long)t->nPersons, (long long)t->nFen);
}

static void totals(pr_outbuf *b, const pr_batch *p)
{
    pr_total all = { 0, 0, 0 };
    pr_outbuf_str(b, "  \"totals\": {\n    \"by_district\": [\n");
    for (int d = 0; d < p->nDistrict; d++) {
        pr_total dt = { 0, 0, 0 };
        pr_outbuf_printf(b, "      {\"district\": \"%06d\", \"name\": ", p->aDistrict[d].iCode);
        pr_outbuf_json(b, p->aDistrict[d].zName);
        pr_outbuf_str(b, ", \"programs\": {");
        for (int g = 0; g < PROG_COUNT; g++) {
            const pr_total *t = &p->aTotal[d * PROG_COUNT + g];
            dt.nLines += t->nLines;
            dt.nPersons += t->nPersons;
            dt.nFen += t->nFen;
            pr_outbuf_printf(b, "%s\"%s\": {", g ? ", " : "", pr_prog_code((pr_prog)g));
            total(b, t);
            pr_outbuf_str(b, "}");
        }
        pr_outbuf_str(b, "}, ");
        total(b, &dt);
        pr_outbuf_printf(b, "}%s\n", d + 1 < p->nDistrict ? "," : "");
        all.nLines += dt.nLines;
        all.nPersons += dt.nPersons;
        all.nFen += dt.nFen;
    }
    pr_outbuf_str(b, "    ],\n    \"by_program\": {");
    for (int g = 0; g < PROG_COUNT; g++) {
        pr_total gt = { 0, 0, 0 };
        for (int d = 0; d < p->nDistrict; d++) {
            gt.nLines += p->aTotal[d * PROG_COUNT + g].nLines;
            gt.nPersons += p->aTotal[d * PROG_COUNT + g].nPersons;
            gt.nFen += p->aTotal[d * PROG_COUNT + g].nFen;
        }
        pr_outbuf_printf(b, "%s\"%s\": {", g ? ", " : "", pr_prog_code((pr_prog)g));
        total(b, &gt);
        pr_outbuf_str(b, "}");
    }
    pr_outbuf_str(b, "},\n    ");
    total(b, &all);
    pr_outbuf_str(b, "\n  }\n");
}

pr_error pr_manifest_write(const pr_batch *p, const pr_outfile *aOut, int nOut, const char *zPath, pr_err *pErr)
{
    return pr_manifest_write_status(p, aOut, nOut, "ok", NULL, NULL, zPath, pErr);
}

pr_error pr_manifest_write_status(const pr_batch *p, const pr_outfile *aOut, int nOut, const char *zStatus,
                                  const char *zReason, const pr_manifest_link *pPrev, const char *zPath, pr_err *pErr)
{
    return pr_manifest_write_merged(p, aOut, nOut, zStatus, zReason, pPrev, NULL, 0, zPath, pErr);
}

pr_error pr_manifest_write_merged(const pr_batch *p, const pr_outfile *aOut, int nOut, const char *zStatus,
                                  const char *zReason, const pr_manifest_link *pPrev, const pr_manifest_shard *aShard,
                                  int nShard, const char *zPath, pr_err *pErr)
{
    pr_outbuf b;
    pr_outbuf_init(&b, (size_t)64 << 20);
    char zMonth[8];
    pr_month_format(p->iMonth, zMonth);
    pr_outbuf_printf(&b, "{\n  \"month\": \"%s\",\n  \"engine\": \"payrun %s\",\n  \"status\": ", zMonth, PR_VERSION);
    pr_outbuf_json(&b, zStatus);
    if (zReason) {
        pr_outbuf_str(&b, ",\n  \"reason\": ");
        pr_outbuf_json(&b, zReason);
    }
    if (pPrev) {
        pr_outbuf_str(&b, ",\n  \"previous\": {\"month\": ");
        pr_outbuf_json(&b, pPrev->zMonth);
        pr_outbuf_str(&b, ", \"manifest_sha256\": ");
        pr_outbuf_json(&b, pPrev->zSha);
        pr_outbuf_str(&b, "}");
    }
    pr_outbuf_str(&b, ",\n");
    config_file(&b, "policy", p->pPolicy->zPath, p->pPolicy->zSha);
    config_file(&b, "index", p->pIndex->zPath, p->pIndex->zSha);
    if (p->zBankFormats) config_file(&b, "bank_formats", p->zBankFormats, p->zBankFormatsSha);
    pr_outbuf_str(&b, "  \"inputs\": [\n");
    for (int i = 0; i < p->nInput; i++) {
        const pr_input *in = &p->aInput[i];
        pr_outbuf_str(&b, "    {\"path\": ");
        pr_outbuf_json(&b, in->zPath);
        if (!pr_utf8_valid(in->zPath, strlen(in->zPath), 0)) {
            pr_outbuf_str(&b, ", \"path_hex\": \"");
            for (const unsigned char *c = (const unsigned char *)in->zPath; *c; c++) pr_outbuf_printf(&b, "%02x", *c);
            pr_outbuf_str(&b, "\"");
        }
        if (in->eKind != INPUT_ROSTER) {
            static const char *const azKind[] = { "", "returns", "adjustments", "arrears", "recoveries" };
            pr_outbuf_printf(&b, ", \"kind\": \"%s\", \"sha256\": \"%s\", \"rows\": %u, \"accepted\": %u, \"rejected\": %u",
                             azKind[in->eKind], in->zSha, in->nRows, in->aCount[ST_PAID], in->aCount[ST_REJECTED]);
            if (in->eKind == INPUT_ADJUSTMENTS) pr_outbuf_printf(&b, ", \"held\": %u", in->aCount[ST_HELD]);
            pr_outbuf_printf(&b, "}%s\n", i + 1 < p->nInput ? "," : "");
            continue;
        }
        pr_outbuf_printf(&b, ", \"roster\": \"%s\", \"encoding\": \"%s\", \"gzip\": %s, \"sha256\": \"%s\", \"rows\": %u, ",
                         pr_roster_name(in->eRoster), pr_encoding_name(in->eEnc), in->bGzip ? "true" : "false",
                         in->zSha, in->nRows);
        status_counts(&b, in->aCount);
        pr_outbuf_printf(&b, "}%s\n", i + 1 < p->nInput ? "," : "");
    }
    pr_outbuf_str(&b, "  ],\n  \"programs\": {\n");
    for (int g = 0; g < PROG_COUNT; g++) {
        uint32_t a[ST_COUNT];
        for (int s = 0; s < ST_COUNT; s++) a[s] = (uint32_t)p->aProgCount[g][s];
        pr_outbuf_printf(&b, "    \"%s\": {", pr_prog_code((pr_prog)g));
        status_counts(&b, a);
        pr_outbuf_printf(&b, "}%s\n", g + 1 < PROG_COUNT ? "," : "");
    }
    pr_outbuf_str(&b, "  },\n  \"outputs\": [\n");
    for (int i = 0; i < nOut; i++) {
        pr_outbuf_str(&b, "    {\"name\": ");
        pr_outbuf_json(&b, aOut[i].zName);
        pr_outbuf_printf(&b, ", \"sha256\": \"%s\", \"bytes\": %lld}%s\n", aOut[i].zSha, aOut[i].nBytes,
                         i + 1 < nOut ? "," : "");
    }
    pr_outbuf_str(&b, "  ],\n");
    if (nShard > 0) {
        pr_outbuf_str(&b, "  \"shards\": [\n");
        for (int i = 0; i < nShard; i++)
            pr_outbuf_printf(&b, "    {\"shard\": %d, \"manifest_sha256\": \"%s\"}%s\n", aShard[i].iShard, aShard[i].zSha,
                             i + 1 < nShard ? "," : "");
        pr_outbuf_str(&b, "  ],\n");
    }
    totals(&b, p);
    pr_outbuf_str(&b, "}\n");
    pr_error rc = b.rc ? b.rc : pr_write_file(zPath, b.z, b.n, NULL);
    pr_outbuf_clear(&b);
    if (rc) pr_err_set(pErr, rc, "%s: cannot write", zPath);
    return rc;
}
