/*
 * explain.h - a finding in Chinese, for the officer: the 异常 sheet shows it
 * and exceptions.csv carries it in its last column, 说明, beside the stable
 * English `code` and `message`.
 */
#ifndef PR_EXPLAIN_H
#define PR_EXPLAIN_H

#include <stddef.h>

/* The fixed Chinese sentence of a finding code (`ID_CHECKSUM` →
 * "身份证号码校验位不符"), or NULL for a code the table does not know. */
const char *pr_explain_code(const char *zCode);

/* Writes the 说明 of a finding into zOut (nOut > 0 bytes, always
 * NUL-terminated, cut at a whole UTF-8 character): the code's sentence, then
 * after "：" the figures of the English message zMsg (its words that hold a
 * digit, or Chinese characters and no ASCII letter and are not in the
 * sentence already: the amounts, months, IDs, lines and files it names),
 * joined by "，". A code the table does not know
 * gives "见英文说明" with the figures. Returns the length. Depends on no
 * locale. */
size_t pr_explain(const char *zCode, const char *zMsg, char *zOut, size_t nOut);

/* The reason of a change (model/changes.c, English in changes.csv) as the
 * 变动 sheet shows it: "INELIGIBLE GRACE_EXPIRED: <message>" becomes
 * "不符合 GRACE_EXPIRED: <说明>", the fixed reasons their Chinese, and any
 * other text (a basis, a returns file's reason) is kept. Writes into zOut
 * (nOut > 0 bytes) and returns zOut. */
const char *pr_explain_reason(const char *zReason, char *zOut, size_t nOut);

#endif
