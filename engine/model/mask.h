/*
 * mask.h - how a person is shown where the rule book wants them masked
 * (domain.md section 9): an ID number as its first 6 and last 4 characters
 * with 8 `*` between, a name as its first character with every other
 * character replaced by `*` (a compound surname kept whole).
 */
#ifndef PR_MASK_H
#define PR_MASK_H

#include <stddef.h>

/* Bytes a masked ID takes at most, its NUL included: 6 + 8 + 4 + 1. */
#define PR_MASK_ID_MAX 19

/* Writes the masked form of the ID number z into zOut (nOut bytes, at least
 * PR_MASK_ID_MAX for the whole of it) and returns its length. Spaces around
 * z are ignored. An ID of 10 characters or more becomes its first 6, 8 `*`
 * and its last 4 (`320612********1234`, whatever its length, so that the
 * length of an odd ID is not shown either); a shorter one is all `*`, one
 * per byte (too short to keep anything of it); a blank or NULL one is "".
 * zOut is always NUL-terminated (nOut > 0), cut short if nOut is small. */
size_t pr_mask_id(const char *z, char *zOut, size_t nOut);

/* Writes the masked form of the name z (UTF-8) into zOut (nOut bytes; the
 * length of z plus 1 always suffices) and returns its length. Spaces around
 * z are ignored. The surname's first character is kept and every other
 * character (a Chinese character, an ASCII letter, a space or a dot alike)
 * becomes one `*`: 张三 `张*`, 王小明 `王**`. A compound surname (复姓, one
 * of a fixed list: 欧阳, 司马, 上官, 诸葛, ...) followed by at least one
 * character is kept whole, as the rule book's example shows: 欧阳娜娜
 * `欧阳**`, 司马光 `司马*`; a two-character name that is only such a pair
 * (欧阳) is a one-character surname and a given name: `欧*`. A
 * one-character name has no other character to replace and is shown as it
 * is. A byte that does not start a valid UTF-8 sequence counts as one
 * character and, even in the first place, becomes `*`, so that the output
 * is always valid UTF-8. A blank or NULL name is "". zOut is always
 * NUL-terminated (nOut > 0), cut short between characters if nOut is
 * small. */
size_t pr_mask_name(const char *z, char *zOut, size_t nOut);

#endif
