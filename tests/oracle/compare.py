#!/usr/bin/env python3
"""Compare two payrun runs (e.g. the reference and the C engine).

    python3 tests/oracle/compare.py LEDGER_A LEDGER_B EXC_A EXC_B

Ledgers (.csv or .csv.gz) are compared row by row, keyed by
(program, beneficiary_id), on amount_fen, district, payee and account.
Exceptions are compared as sets of (file basename, line, program, status) for
the HELD, REJECTED and INELIGIBLE findings, and of (file basename, line,
POLICY, WARNING, id, code, occurrence) for the policy lint's findings (one per
district and area: the same row may be found wanting for both areas); other
WARNINGs and the messages are not compared.  Prints each difference and a closing line "N passed, N failed";
exit status 1 when anything differs.
"""

import csv
import gzip
import io
import os
import sys

LEDGER_FIELDS = ("amount_fen", "district", "payee", "account")
STATUSES = ("HELD", "REJECTED", "INELIGIBLE")


def read_rows(path):
    with open(path, "rb") as fh:
        data = fh.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def load_ledger(path, problems):
    rows = {}
    for n, r in enumerate(read_rows(path), 2):
        key = (r.get("program", ""), r.get("beneficiary_id", ""))
        if key in rows:
            problems.append("%s: duplicate ledger key %s/%s (row %d)" % (path, key[0], key[1], n))
            continue
        rows[key] = r
    return rows


def load_findings(path):
    out = set()
    seen = {}
    for r in read_rows(path):
        t = (os.path.basename(r.get("file", "")), r.get("line", "").strip(), r.get("program", ""), r.get("status"))
        if r.get("status") in STATUSES:
            out.add(t + ("",))
        elif r.get("program") == "POLICY" and r.get("status") == "WARNING":
            extra = "%s %s" % (r.get("id", ""), r.get("code", ""))
            n = seen[t + (extra,)] = seen.get(t + (extra,), 0) + 1
            out.add(t + ("%s #%d" % (extra, n),))
    return out


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    la, lb, ea, eb = argv
    passed = failed = 0
    problems = []
    missing = [p for p in argv if not os.path.isfile(p)]
    if missing:
        for p in missing:
            print("MISSING    %s: no such file" % p)
        print("0 passed, %d failed" % len(missing))
        return 1
    A = load_ledger(la, problems)
    B = load_ledger(lb, problems)
    for p in problems:
        print("DUPLICATE  " + p)
        failed += 1

    def order(k):
        return (k[0], k[1])

    for key in sorted(set(A) | set(B), key=order):
        a, b = A.get(key), B.get(key)
        if a is None:
            print("LEDGER only in B  %s %s amount=%s district=%s payee=%s account=%s" % (
                key[0], key[1], b["amount_fen"], b["district"], b["payee"], b["account"]))
            failed += 1
        elif b is None:
            print("LEDGER only in A  %s %s amount=%s district=%s payee=%s account=%s" % (
                key[0], key[1], a["amount_fen"], a["district"], a["payee"], a["account"]))
            failed += 1
        else:
            diffs = ["%s A=%s B=%s" % (f, a.get(f), b.get(f)) for f in LEDGER_FIELDS
                     if (a.get(f) or "").strip() != (b.get(f) or "").strip()]
            if diffs:
                print("LEDGER differs    %s %s: %s" % (key[0], key[1], "; ".join(diffs)))
                failed += 1
            else:
                passed += 1
    FA, FB = load_findings(ea), load_findings(eb)

    def forder(t):
        return (t[0], int(t[1]) if t[1].isdigit() else 0, t[2], t[3], t[4])

    for t in sorted(FA | FB, key=forder):
        if t in FA and t in FB:
            passed += 1
        else:
            print("FINDING only in %s  %s:%s %s %s %s" % ("A" if t in FA else "B", t[0], t[1], t[2], t[3], t[4]))
            failed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
