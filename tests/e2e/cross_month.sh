#!/bin/sh
# cross_month.sh DIR - adds to a month written by bench/gen (DIR) the cases
# whose rules cross districts, and so cross shards when the month is split
# by district (docs/SCALE.md), each a few times:
#   - a TEKUN person of 320612 again in 320613's TEKUN roster (DUPLICATE_PERSON,
#     HELD on both sides);
#   - DIBAO members of 320614 in 320623's disability roster (DIS_LIVING
#     through a household of another district, PRICE covered there);
#   - DIBAO children of 320681 in 320682's orphan roster (PRICE paid once,
#     in the ORPHAN's district);
#   - one more DIBAO child of 320681 in 320682's orphan roster, paid into
#     the account of that roster's first scattered orphan (a shared account naming a
#     household, by its head, whose records are in another district);
#   - DIBAO members of 320613 in 320614's TEKUN roster (DIBAO_TEKUN_CONFLICT);
#   - two DIBAO heads of 320685 paid into accounts of 320612's heads (shared
#     accounts across districts).
# Rows are appended to the gzip rosters (a second gzip member), so that the
# original rows keep their lines.
set -eu
D=$1
add() { # add FILE: appends stdin to the gzip roster FILE
    gzip -c >> "$1"
}
# an awk function: the Luhn-valid account of 18 digits p and its check digit
LUHN='function luhn(p,   i, d, s, k) { s = 0; k = 0
    for (i = length(p); i >= 1; i--) { d = substr(p, i, 1) + 0; if (k % 2 == 0) { d *= 2; if (d > 9) d -= 9 } s += d; k++ }
    return p ((10 - s % 10) % 10) }'

# TEKUN twice, across districts
zcat "$D/tekun-320612.csv.gz" | awk -F, 'NR > 1 && NR <= 6 { OFS = ","; $3 = "320613"; print }' | add "$D/tekun-320613.csv.gz"
# DIBAO members of 320614 in 320623's disability roster
zcat "$D/dibao-320614.csv.gz" | awk -F, "$LUHN"'NR > 1 && $8 == "成员" && n < 5 { n++; print $2 "," $3 ",320623,农村,城东街道,和平社区," $2 "62,中国农业银行," luhn("622848" substr($2, 7, 12)) }' \
    | add "$D/disability-320623.csv.gz"
# DIBAO children of 320681 in 320682's orphan roster
zcat "$D/dibao-320681.csv.gz" | awk -F, "$LUHN"'NR > 1 && substr($2, 7, 4) >= 2009 && n < 5 { n++; print $2 "," $3 ",320682,rural,城东街道,和平社区,scattered,no,,,,陈明,中国银行," luhn("621661" substr($2, 7, 12)) }' \
    | add "$D/orphan-320682.csv.gz"
# one more child of 320681 (the last) on the account of 320682's first scattered orphan
zcat "$D/dibao-320681.csv.gz" | awk -F, 'NR > 1 && substr($2, 7, 4) >= 2009 { c = $2 "," $3 } END { print c }' > "$D/.child"
zcat "$D/orphan-320682.csv.gz" | awk -F, -v OFS=, 'NR == FNR { split($0, x, ","); next }
    FNR > 1 && $7 == "scattered" && $14 != "" && !n++ { $1 = x[1]; $2 = x[2]; print }' \
    "$D/.child" - > "$D/.orphan"
add "$D/orphan-320682.csv.gz" < "$D/.orphan"
rm -f "$D/.child" "$D/.orphan"
# DIBAO members of 320613 in 320614's TEKUN roster
zcat "$D/dibao-320613.csv.gz" | awk -F, "$LUHN"'NR > 1 && $8 == "成员" && n < 3 { n++; print $2 "," $3 ",320614,农村,城东街道,和平社区,全自理,分散,,,,江苏银行," luhn("622173" substr($2, 7, 12)) }' \
    | add "$D/tekun-320614.csv.gz"
# two heads of 320685 paid into the accounts of two heads of 320612
zcat "$D/dibao-320612.csv.gz" | awk -F, 'NR > 1 && $8 == "户主" && $16 != "" && n < 2 { n++; print $15 "," $16 }' > "$D/.shared"
zcat "$D/dibao-320685.csv.gz" | awk -F, -v OFS=, 'NR == FNR { b[++m] = $1; a[m] = $2; next }
    FNR > 1 && $8 == "户主" && $16 != "" && k < m { k++; $15 = b[k]; $16 = a[k] } { print }' "$D/.shared" - | gzip -c > "$D/.dibao"
mv "$D/.dibao" "$D/dibao-320685.csv.gz"
rm -f "$D/.shared"
