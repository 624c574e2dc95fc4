#!/bin/sh
# test_lint.sh - proves that scripts/lint.sh fails where it must: on a small
# tree of its own with one planted problem at a time (an upward include, a
# relative include, a banned call, a header without its .c), and passes on
# the same tree without them. Prints "N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
lint=$here/../../scripts/lint.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/lint-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
pass=0 fail=0

clean_tree() {
    rm -rf "$work/t"
    mkdir -p "$work/t/io" "$work/t/engine/model" "$work/t/engine/rules" "$work/t/engine/run" "$work/t/formats"
    printf '/* a.h */\nint a(void);\n' > "$work/t/io/a.h"
    printf '#include "io/a.h"\n#include <stdio.h>\nint a(void) { char z[8]; return snprintf(z, sizeof z, "x"); }\n' > "$work/t/io/a.c"
    printf '/* m.h */\n#include "io/a.h"\nint m(void);\n' > "$work/t/engine/model/m.h"
    printf '#include "model/m.h"\n/* sprintf( in a comment is fine */\nint m(void) { const char *z = "strcpy("; return a() + (z != 0); }\n' > "$work/t/engine/model/m.c"
    printf '/* r.h */\n#include "model/m.h"\nint r(void);\n' > "$work/t/engine/rules/r.h"
    printf '#include "rules/r.h"\nint r(void) { return m(); }\n' > "$work/t/engine/rules/r.c"
    printf '/* f.h */\n#include "model/m.h"\nint f(void);\n' > "$work/t/formats/f.h"
    printf '#include "formats/f.h"\nint f(void) { return m(); }\n' > "$work/t/formats/f.c"
    printf '#include "rules/r.h"\n#include "formats/f.h"\nint main(void) { return r() + f(); }\n' > "$work/t/engine/run/main.c"
    printf '/* t.h - types only: header-only */\ntypedef int t;\n' > "$work/t/engine/model/t.h"
}

# expect NAME WANT_STATUS PATTERN: runs the lint on $work/t
expect() {
    out=$("$lint" "$work/t" 2>&1); rc=$?
    if [ "$rc" -eq "$2" ] && { [ -z "$3" ] || printf '%s\n' "$out" | grep -q -- "$3"; }; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1)); echo "FAIL $1: exit $rc, wanted $2 and '$3'; it said:"; printf '%s\n' "$out"
    fi
}

clean_tree
expect "clean tree" 0 ""

clean_tree; printf '#include "rules/r.h"\n' >> "$work/t/engine/model/m.c"
expect "model includes rules" 1 "engine/model/m.c:4: layer model may not include \"rules/r.h\""

clean_tree; printf '#include "formats/f.h"\n' >> "$work/t/engine/rules/r.c"
expect "rules includes formats" 1 "layer rules may not include \"formats/f.h\""

clean_tree; printf '#include "run/x.h"\n' >> "$work/t/io/a.c"
expect "io includes run" 1 "layer io may not include"

clean_tree; printf '#include "../io/a.h"\n' >> "$work/t/formats/f.c"
expect "relative include" 1 "relative include"

clean_tree; printf 'void g(char *z) { sprintf(z, "%%d", 1); }\n' >> "$work/t/formats/f.c"
expect "planted sprintf" 1 "formats/f.c:3: sprintf() is banned"

clean_tree; printf 'int h(const char *z) { return atoi(z); }\n' >> "$work/t/io/a.c"
expect "planted atoi" 1 "atoi() is banned"

clean_tree; printf '#include <locale.h>\nvoid l(void) { setlocale(LC_ALL, ""); }\n' >> "$work/t/io/a.c"
expect "planted setlocale(LC_ALL)" 1 "setlocale() of a category other than LC_MESSAGES is banned"

clean_tree; printf '#include <locale.h>\nvoid l(void) { setlocale(LC_MESSAGES, ""); }\n' >> "$work/t/io/a.c"
expect "setlocale(LC_MESSAGES) is fine" 0 ""

clean_tree; printf '/* lonely.h */\nint lonely(void);\n' > "$work/t/formats/lonely.h"
expect "header without its .c" 1 "formats/lonely.h:1: no lonely.c"

echo "lint: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
