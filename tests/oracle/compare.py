#!/usr/bin/env python3
"""Compare two payrun runs (e.g. the reference and the C engine).

    python3 tests/oracle/compare.py LEDGER_A LEDGER_B EXC_A EXC_B [--registers DIR_A DIR_B]

Ledgers (.csv or .csv.gz) are compared row by row, keyed by
(program, beneficiary_id, line_type, period, reference) (a ledger without the
payment-cycle columns counts as REGULAR lines of no period), on amount_fen,
district, payee, account and pay_ref (pay_ref when both ledgers have it).
Exceptions are compared as sets of (file basename, line, program, status) for
the HELD, REJECTED and INELIGIBLE findings; as multisets of (file basename,
line, program, status, code) for the payment cycle's findings (codes RETURN_*,
ADJ_*, TEMP_OVER_LIMIT, ARREARS_NOT_PAYABLE, whatever their status); and of
(file basename, line, POLICY, WARNING, id, code, occurrence) for the policy
lint's findings (one per district and area: the same row may be found wanting
for both areas); other WARNINGs and the messages are not compared.

With --registers, the month folders' arrears.csv, recoveries.csv and
adjustments.csv are compared row for row (keyed; plus one check that the rows
common to both come in the same order).

Prints each difference and a closing line "N passed, N failed"; exit status 1
when anything differs.
"""

import csv
import gzip
import io
import os
import sys

LEDGER_FIELDS = ("amount_fen", "district", "payee", "account")
STATUSES = ("HELD", "REJECTED", "INELIGIBLE")
CYCLE_CODES = ("TEMP_OVER_LIMIT", "ARREARS_NOT_PAYABLE")
REGISTERS = {
    # file: (key columns, compared columns)
    "arrears.csv": (("period", "program", "beneficiary_id", "since", "pay_ref"),
                    ("district", "amount_fen", "reason", "failed_account", "state")),
    "recoveries.csv": (("program", "beneficiary_id", "reference", "since"),
                       ("district", "amount_fen", "recovered_fen", "balance_fen", "state")),
    "adjustments.csv": (("file", "line"),
                        ("type", "program", "beneficiary_id", "period", "amount_fen", "reference",
                         "approved_by", "status", "code")),
}


def is_cycle_code(code):
    return code.startswith("RETURN_") or code.startswith("ADJ_") or code in CYCLE_CODES


def read_rows(path):
    with open(path, "rb") as fh:
        data = fh.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def header_of(path):
    rows = read_rows(path)
    return set(rows[0].keys()) if rows else set()


def load_ledger(path, cycle):
    rows = {}
    for r in read_rows(path):
        if cycle:
            key = (r.get("program", ""), r.get("beneficiary_id", ""), r.get("line_type", ""),
                   r.get("period", ""), r.get("reference", ""))
        else:
            key = (r.get("program", ""), r.get("beneficiary_id", ""))
        n = 1
        while key + (n,) in rows:
            n += 1
        rows[key + (n,)] = r
    return rows


def load_findings(path):
    out = set()
    seen = {}
    for r in read_rows(path):
        t = (os.path.basename(r.get("file", "")), r.get("line", "").strip(), r.get("program", ""), r.get("status"))
        code = r.get("code", "")
        if is_cycle_code(code):
            extra = "code %s" % code
        elif r.get("status") in STATUSES:
            out.add(t + ("",))
            continue
        elif r.get("program") == "POLICY" and r.get("status") == "WARNING":
            extra = "%s %s" % (r.get("id", ""), code)
        else:
            continue
        n = seen[t + (extra,)] = seen.get(t + (extra,), 0) + 1
        out.add(t + ("%s #%d" % (extra, n),))
    return out


def compare_register(name, da, db):
    """-> (passed, failed) for one register of two month folders."""
    pa, pb = os.path.join(da, name), os.path.join(db, name)
    missing = [p for p in (pa, pb) if not os.path.isfile(p)]
    if missing:
        for p in missing:
            print("MISSING    %s: no such file" % p)
        return 0, len(missing)
    keys, fields = REGISTERS[name]

    def load(path):
        out = {}
        order = []
        for r in read_rows(path):
            k = tuple(os.path.basename(r.get(c, "")) if c == "file" else r.get(c, "") for c in keys)
            n = 1
            while k + (n,) in out:
                n += 1
            out[k + (n,)] = r
            order.append(k + (n,))
        return out, order

    A, oa = load(pa)
    B, ob = load(pb)
    passed = failed = 0
    for k in sorted(set(A) | set(B)):
        a, b = A.get(k), B.get(k)
        label = " ".join(str(x) for x in k[:-1])
        if a is None or b is None:
            r = a or b
            print("%s only in %s  %s: %s" % (name, "A" if b is None else "B", label,
                                            " ".join("%s=%s" % (f, r.get(f, "")) for f in fields)))
            failed += 1
            continue
        diffs = ["%s A=%s B=%s" % (f, a.get(f), b.get(f)) for f in fields
                 if (a.get(f) or "").strip() != (b.get(f) or "").strip()]
        if diffs:
            print("%s differs  %s: %s" % (name, label, "; ".join(diffs)))
            failed += 1
        else:
            passed += 1
    common = set(A) & set(B)
    sa = [k for k in oa if k in common]
    sb = [k for k in ob if k in common]
    if sa != sb:
        i = next(i for i, (x, y) in enumerate(zip(sa, sb)) if x != y)
        print("%s order differs at common row %d: A has %s, B has %s" % (
            name, i + 1, " ".join(map(str, sa[i][:-1])), " ".join(map(str, sb[i][:-1]))))
        failed += 1
    else:
        passed += 1
    return passed, failed


def totals_of(folder):
    """{(district, program): (lines, persons, fen)} from totals.json (the
    reference's) or manifest.json (payrun's); None when neither is there."""
    import json
    tp, mp = os.path.join(folder, "totals.json"), os.path.join(folder, "manifest.json")
    out = {}
    if os.path.isfile(tp):
        with open(tp, encoding="utf-8") as fh:
            for d, progs in json.load(fh).items():
                for p, t in progs.items():
                    out[(d, p)] = (t["lines"], t["persons"], t["fen"])
        return out
    if os.path.isfile(mp):
        with open(mp, encoding="utf-8") as fh:
            m = json.load(fh)
        for dd in m.get("totals", {}).get("by_district", []):
            for p, t in dd.get("programs", {}).items():
                if t.get("lines") or t.get("persons") or t.get("fen"):
                    out[(dd["district"], p)] = (t["lines"], t["persons"], t["fen"])
        return out
    return None


def compare_totals(da, db):
    """Lines, persons and fen per district and programme (one check each)."""
    A, B = totals_of(da), totals_of(db)
    if A is None or B is None:
        return 0, 0
    passed = failed = 0
    for k in sorted(set(A) | set(B)):
        a, b = A.get(k, (0, 0, 0)), B.get(k, (0, 0, 0))
        if a != b:
            print("TOTALS differ  %s %s: lines/persons/fen A=%s B=%s" % (k[0], k[1], a, b))
            failed += 1
        else:
            passed += 1
    return passed, failed


def main(argv):
    regs = None
    if "--registers" in argv:
        i = argv.index("--registers")
        regs = argv[i + 1:i + 3]
        argv = argv[:i] + argv[i + 3:]
        if len(regs) != 2:
            print(__doc__, file=sys.stderr)
            return 2
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    la, lb, ea, eb = argv
    passed = failed = 0
    missing = [p for p in argv if not os.path.isfile(p)]
    if missing:
        for p in missing:
            print("MISSING    %s: no such file" % p)
        print("0 passed, %d failed" % len(missing))
        return 1
    ha, hb = header_of(la), header_of(lb)
    cycle = "line_type" in ha and "line_type" in hb
    fields = LEDGER_FIELDS + (("pay_ref",) if "pay_ref" in ha and "pay_ref" in hb else ())
    A = load_ledger(la, cycle)
    B = load_ledger(lb, cycle)

    def show(r):
        return " ".join("%s=%s" % (f, r.get(f, "")) for f in ("amount_fen",) + fields[1:])

    for key in sorted(set(A) | set(B)):
        a, b = A.get(key), B.get(key)
        label = " ".join(str(x) for x in key[:-1] if x != "") + ("" if key[-1] == 1 else " #%d" % key[-1])
        if a is None:
            print("LEDGER only in B  %s %s" % (label, show(b)))
            failed += 1
        elif b is None:
            print("LEDGER only in A  %s %s" % (label, show(a)))
            failed += 1
        else:
            diffs = ["%s A=%s B=%s" % (f, a.get(f), b.get(f)) for f in fields
                     if (a.get(f) or "").strip() != (b.get(f) or "").strip()]
            if diffs:
                print("LEDGER differs    %s: %s" % (label, "; ".join(diffs)))
                failed += 1
            else:
                passed += 1
    FA, FB = load_findings(ea), load_findings(eb)

    def forder(t):
        return (t[0], int(t[1]) if t[1].isdigit() else 0, t[2], t[3] or "", t[4])

    for t in sorted(FA | FB, key=forder):
        if t in FA and t in FB:
            passed += 1
        else:
            print("FINDING only in %s  %s:%s %s %s %s" % ("A" if t in FA else "B", t[0], t[1], t[2], t[3], t[4]))
            failed += 1
    if regs:
        for name in REGISTERS:
            p, f = compare_register(name, regs[0], regs[1])
            passed += p
            failed += f
        p, f = compare_totals(regs[0], regs[1])
        passed += p
        failed += f
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
