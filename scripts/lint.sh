#!/bin/sh
# lint.sh - the layering and banned-call check (`make lint`).
#
#   scripts/lint.sh [ROOT]      (default: the repository this script is in)
#
# 1. Layers. A source file may include only headers of its own layer and of
#    the layers below it (docs/ARCHITECTURE.md):
#        io            -> io
#        engine/model  -> io, model
#        engine/rules  -> io, model, rules
#        formats       -> io, model, formats
#        engine/run    -> everything
#    Project headers are named from an include root (-I. -Iengine) with their
#    layer first ("io/csv.h", "model/batch.h"); a relative "../" include, or
#    one that names no layer, is an error too.
# 2. Banned calls in the product's sources (as curl's checksrc does): calls
#    that overflow buffers or hide parse errors, each with what to use instead.
# 3. Every header has its .c beside it, unless it declares types only (it
#    then says so with the line "header-only" in its first comment).
#
# Prints one line per problem, "file:line: what", and exits 1 when there is
# any, 0 otherwise.
set -u
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root" || exit 2

layer_of() {
    case $1 in
    io/*) echo io ;;
    engine/model/*) echo model ;;
    engine/rules/*) echo rules ;;
    formats/*) echo formats ;;
    engine/run/*) echo run ;;
    *) echo "" ;;
    esac
}

# may LAYER include a header of layer TARGET?
allowed() {
    case "$1:$2" in
    io:io) return 0 ;;
    model:io|model:model) return 0 ;;
    rules:io|rules:model|rules:rules) return 0 ;;
    formats:io|formats:model|formats:formats) return 0 ;;
    run:*) return 0 ;;
    esac
    return 1
}

bad=0
problem() { echo "$1"; bad=1; }

files=$(find io engine formats -name '*.[ch]' 2>/dev/null | LC_ALL=C sort)

for f in $files; do
    me=$(layer_of "$f")
    [ -n "$me" ] || { problem "$f:1: not in a layer folder (io, engine/model, engine/rules, formats, engine/run)"; continue; }
    grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" | while IFS= read -r hit; do
        line=${hit%%:*}
        inc=$(printf '%s\n' "$hit" | sed 's/^[^"]*"\([^"]*\)".*/\1/')
        case $inc in
        ../*|*/../*) echo "$f:$line: relative include \"$inc\": name it from its layer (\"io/...\", \"model/...\")"; continue ;;
        io/*) tl=io ;;
        model/*) tl=model ;;
        rules/*) tl=rules ;;
        formats/*) tl=formats ;;
        run/*) tl=run ;;
        *) echo "$f:$line: \"$inc\" names no layer (io/, model/, rules/, formats/, run/)"; continue ;;
        esac
        allowed "$me" "$tl" || echo "$f:$line: layer $me may not include \"$inc\" (layer $tl is not below it)"
    done
done > "${TMPDIR:-/tmp}/lint.$$"
if [ -s "${TMPDIR:-/tmp}/lint.$$" ]; then cat "${TMPDIR:-/tmp}/lint.$$"; bad=1; fi
rm -f "${TMPDIR:-/tmp}/lint.$$"

# banned calls: name, and what to use instead
banned='sprintf:snprintf or pr_cat
vsprintf:vsnprintf
strcpy:memcpy with a known length, or snprintf
strcat:pr_cat or snprintf
strncat:pr_cat or snprintf
strncpy:memcpy with a known length
gets:fgets
atoi:strtol with an end pointer and a range check
atol:strtol with an end pointer and a range check
atoll:strtoll with an end pointer and a range check
strtok:an explicit scan (strtok keeps hidden state)
tmpnam:mkstemp
mktemp:mkstemp'
for f in $files; do
    # strip // and /* */ comments and string literals before looking
    code=$(sed -e 's://.*$::' -e 's:"\([^"\\]\|\\.\)*"::g' "$f" | awk '
        { line = $0; out = "";
          while (length(line) > 0) {
            if (inc) { i = index(line, "*/"); if (i == 0) { line = ""; break } line = substr(line, i + 2); inc = 0 }
            i = index(line, "/*"); if (i == 0) { out = out line; line = "" } else { out = out substr(line, 1, i - 1); line = substr(line, i + 2); inc = 1 }
          }
          print out }')
    printf '%s\n' "$banned" | while IFS=: read -r fn instead; do
        printf '%s\n' "$code" | grep -n "\(^\|[^A-Za-z0-9_]\)$fn[[:space:]]*(" | while IFS=: read -r line _; do
            echo "$f:$line: $fn() is banned: use $instead"
        done
    done
    # the locale: LC_MESSAGES only (io/i18n.c), so that no file depends on it
    printf '%s\n' "$code" | grep -n "\(^\|[^A-Za-z0-9_]\)setlocale[[:space:]]*(" \
        | grep -v "setlocale[[:space:]]*([[:space:]]*LC_MESSAGES[[:space:]]*," | while IFS=: read -r line _; do
        echo "$f:$line: setlocale() of a category other than LC_MESSAGES is banned: output files must not depend on the locale"
    done
done > "${TMPDIR:-/tmp}/lint.$$"
if [ -s "${TMPDIR:-/tmp}/lint.$$" ]; then cat "${TMPDIR:-/tmp}/lint.$$"; bad=1; fi
rm -f "${TMPDIR:-/tmp}/lint.$$"

for h in $(printf '%s\n' $files | grep '\.h$'); do
    c=${h%.h}.c
    [ -f "$c" ] && continue
    sed -n '1,12p' "$h" | grep -q 'header-only' && continue
    problem "$h:1: no ${c##*/} beside it (or say 'header-only' in its first comment when it declares types only)"
done

exit $bad
