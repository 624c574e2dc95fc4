#!/usr/bin/env python3
"""Check that one month folder's payment cycle balances (domain.md section 8).

    python3 tests/oracle/cycle_check.py MONTH_DIR [PREV_DIR]

Works on any month folder (the reference's or payrun's): ledger.csv[.gz],
arrears.csv, recoveries.csv, adjustments.csv.  Checks
- pay_ref: one per bank row (district, programme, bank, account, payee),
  numbered per district from 000001 in ledger order, YYYYMM-<district>-<6>;
- arrears: every OPEN entry of PREV's arrears.csv is in this month's once;
  the new entries (since = PREV's month) are whole bank rows of PREV's
  ledger (sent = paid + failed, rows and fen); opened = reissued + settled +
  expired + still open (rows and fen); each REISSUED entry has its REISSUE
  line (reference = the failed pay_ref, same period and amount) and each
  REISSUE line its entry; each SETTLED entry an ACCEPTED back pay of the
  same amount;
- adjustments: each ACCEPTED back pay, difference and temporary row is one
  ledger line of its type, period, reference and amount;
- recoveries: balance = previous balance (or amount) - recovered, CLOSED iff
  the balance is 0, a line never loses more than half, and the offsets shown
  in the REGULAR lines' basis add up to the recovered fen.
Prints each problem and a closing line; exit 1 on any problem.
"""

import collections
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference as R  # noqa: E402


def rows(folder, name):
    p = os.path.join(folder, name)
    if name == "ledger.csv":
        p = R.find_ledger(folder)
    if p is None or not os.path.isfile(p):
        return None
    return [r for _, r in R.read_plain_csv(p)]


def main(argv):
    if len(argv) not in (1, 2):
        print(__doc__, file=sys.stderr)
        return 2
    cur = argv[0]
    prev = argv[1] if len(argv) == 2 else None
    problems = []
    facts = []
    month = R.folder_month(cur)
    L = rows(cur, "ledger.csv")
    AR = rows(cur, "arrears.csv")
    RC = rows(cur, "recoveries.csv")
    AD = rows(cur, "adjustments.csv")
    for n, v in (("ledger", L), ("arrears.csv", AR), ("recoveries.csv", RC), ("adjustments.csv", AD)):
        if v is None:
            problems.append("%s missing in %s" % (n, cur))
    if problems:
        print("\n".join(problems))
        return 1
    # pay_ref
    seq = {}
    key_ref = {}
    ref_key = {}
    tag = "%04d%02d" % month
    for l in L:
        k = (l["district"], l["program"], l["bank"], l["account"], l["payee"])
        if k not in key_ref:
            seq[l["district"]] = seq.get(l["district"], 0) + 1
            want = "%s-%s-%06d" % (tag, l["district"], seq[l["district"]])
            if l["pay_ref"] != want:
                problems.append("pay_ref %s of the first line of bank row %s should be %s" % (l["pay_ref"], k, want))
            key_ref[k] = l["pay_ref"]
            if l["pay_ref"] in ref_key:
                problems.append("pay_ref %s names two bank rows" % l["pay_ref"])
            ref_key[l["pay_ref"]] = k
        elif key_ref[k] != l["pay_ref"]:
            problems.append("bank row %s has pay_refs %s and %s" % (k, key_ref[k], l["pay_ref"]))
    facts.append("%d lines, %d bank rows" % (len(L), len(key_ref)))
    # arrears
    states = collections.Counter()
    fen = collections.Counter()
    for a in AR:
        states[a["state"]] += 1
        fen[a["state"]] += int(a["amount_fen"])
        if a["state"] not in ("OPEN", "REISSUED", "SETTLED_BY_ADJUSTMENT", "EXPIRED"):
            problems.append("arrears: bad state %r" % a["state"])
    ek = lambda a: (a["period"], a["program"], a["beneficiary_id"], a["since"], a["pay_ref"], a["amount_fen"])  # noqa
    cur_keys = collections.Counter(ek(a) for a in AR)
    if prev:
        pm = R.fmt_month(R.folder_month(prev))
        PL = rows(prev, "ledger.csv") or []
        PA = rows(prev, "arrears.csv") or []
        carried = collections.Counter(ek(a) for a in PA if a["state"] == "OPEN")
        for k, n in carried.items():
            if cur_keys[k] < n:
                problems.append("arrears: open entry %s of %s is not carried" % (k, pm))
        bank = collections.defaultdict(list)
        for l in PL:
            bank[l["pay_ref"]].append(l)
        new = [a for a in AR if a["since"] == pm]
        by_ref = collections.defaultdict(list)
        for a in new:
            by_ref[a["pay_ref"]].append(a)
        for ref, es in by_ref.items():
            want = collections.Counter((l.get("period") or pm, l["program"], l["beneficiary_id"], l["amount_fen"])
                                       for l in bank.get(ref, []))
            got = collections.Counter((a["period"], a["program"], a["beneficiary_id"], a["amount_fen"]) for a in es)
            if want != got:
                problems.append("arrears: the entries of failed row %s are not its ledger lines" % ref)
        sent = sum(int(l["amount_fen"]) for l in PL)
        failed_fen = sum(int(a["amount_fen"]) for a in new)
        facts.append("%s sent %d rows %d fen = paid %d rows %d fen + failed %d rows %d fen" % (
            pm, len(bank), sent, len(bank) - len(by_ref), sent - failed_fen, len(by_ref), failed_fen))
        if len(AR) != sum(carried.values()) + len(new):
            problems.append("arrears: %d entries, but %d carried + %d new" % (len(AR), sum(carried.values()), len(new)))
    facts.append("arrears %d (%d fen) = reissued %d + settled %d + expired %d + open %d" % (
        len(AR), sum(fen.values()), states["REISSUED"], states["SETTLED_BY_ADJUSTMENT"], states["EXPIRED"],
        states["OPEN"]))
    reis = collections.Counter((l["reference"], l["period"], l["program"], l["beneficiary_id"], l["amount_fen"])
                               for l in L if l["line_type"] == "REISSUE")
    want = collections.Counter((a["pay_ref"], a["period"], a["program"], a["beneficiary_id"], a["amount_fen"])
                               for a in AR if a["state"] == "REISSUED")
    if reis != want:
        problems.append("REISSUE lines %s != REISSUED entries %s" % (sorted((reis - want).elements()),
                                                                     sorted((want - reis).elements())))
    acc = [a for a in AD if a["status"] == "ACCEPTED"]
    bp = collections.Counter((a["program"], a["beneficiary_id"], a["period"], a["amount_fen"])
                             for a in acc if a["type"] == "BACKPAY")
    st = collections.Counter((a["program"], a["beneficiary_id"], a["period"], a["amount_fen"])
                             for a in AR if a["state"] == "SETTLED_BY_ADJUSTMENT")
    if st - bp:
        problems.append("settled entries without their back pay: %s" % sorted((st - bp).elements()))
    # (a temporary assistance ID is matched whatever the case of its x: compare.py judges the case)
    adj_lines = collections.Counter((l["line_type"], l["program"],
                                     l["beneficiary_id"].upper() if l["line_type"] == "TEMPORARY" else l["beneficiary_id"],
                                     l["period"], l["reference"],
                                     l["amount_fen"]) for l in L if l["line_type"] in ("BACKPAY", "DIFFERENCE", "TEMPORARY"))
    adj_want = collections.Counter((a["type"], a["program"],
                                    a["beneficiary_id"].upper() if a["type"] == "TEMPORARY" else a["beneficiary_id"],
                                    a["period"], a["reference"],
                                    a["amount_fen"]) for a in acc if a["type"] in ("BACKPAY", "DIFFERENCE", "TEMPORARY"))
    if adj_lines != adj_want:
        problems.append("adjustment lines %s != accepted rows %s" % (
            sorted((adj_lines - adj_want).elements()), sorted((adj_want - adj_lines).elements())))
    facts.append("adjustments %d rows: %s" % (len(AD), " ".join("%s=%d" % kv for kv in sorted(
        collections.Counter(a["status"] for a in AD).items()))))
    # recoveries
    prevbal = {}
    if prev:
        for r in rows(prev, "recoveries.csv") or []:
            if r["state"] == "OPEN":
                prevbal[(r["program"], r["beneficiary_id"], r["reference"], r["since"])] = int(r["balance_fen"])
    shown = collections.Counter()
    for l in L:
        if l["line_type"] != "REGULAR":
            continue
        offs = re.findall(r"-追回 (\d+(?:\.\d{1,2})?) \(([^)]*)\)", l["basis"])
        tot = 0
        for y, ref in offs:
            f = R.parse_money(y)
            shown[(l["program"], l["beneficiary_id"], ref)] += f
            tot += f
        if tot and tot > (int(l["amount_fen"]) + tot) // 2:
            problems.append("line %s %s loses %d of %d" % (l["program"], l["beneficiary_id"], tot,
                                                           int(l["amount_fen"]) + tot))
    rec_total = 0
    for r in RC:
        k = (r["program"], r["beneficiary_id"], r["reference"], r["since"])
        start = prevbal.get(k, int(r["amount_fen"]))
        if start - int(r["recovered_fen"]) != int(r["balance_fen"]):
            problems.append("recovery %s: %d - %s != %s" % (k, start, r["recovered_fen"], r["balance_fen"]))
        if (int(r["balance_fen"]) == 0) != (r["state"] == "CLOSED"):
            problems.append("recovery %s: balance %s but %s" % (k, r["balance_fen"], r["state"]))
        if int(r["recovered_fen"]) != shown[(r["program"], r["beneficiary_id"], r["reference"])]:
            problems.append("recovery %s: recovered %s, the lines show %d" % (
                k, r["recovered_fen"], shown[(r["program"], r["beneficiary_id"], r["reference"])]))
        rec_total += int(r["recovered_fen"])
    for k in prevbal:
        if not any((r["program"], r["beneficiary_id"], r["reference"], r["since"]) == k for r in RC):
            problems.append("open recovery %s of the month before is not carried" % (k,))
    facts.append("recoveries %d, %d fen recovered" % (len(RC), rec_total))
    # payrun's manifest: per returns / adjustments file, rows read = accepted + rejected (+ held),
    # and the same counts as the adjustments register and the REJECTED findings say
    mp = os.path.join(cur, "manifest.json")
    if os.path.isfile(mp):
        import json
        with open(mp, encoding="utf-8") as fh:
            man = json.load(fh)
        exc = rows(cur, "exceptions.csv") or []
        for f in man.get("inputs", []):
            if f.get("kind") not in ("returns", "adjustments"):
                continue
            base = os.path.basename(f["path"])
            parts = f.get("accepted", 0) + f.get("rejected", 0) + f.get("held", 0)
            if parts != f.get("rows"):
                problems.append("manifest: %s rows %s != accepted + rejected + held %d" % (base, f.get("rows"), parts))
            if f["kind"] == "adjustments":
                c = collections.Counter(a["status"] for a in AD if os.path.basename(a["file"]) == base)
                want = (c["ACCEPTED"], c["REJECTED"], c["HELD"])
                got = (f.get("accepted", 0), f.get("rejected", 0), f.get("held", 0))
                if want != got:
                    problems.append("manifest: %s counts %s, adjustments.csv says %s" % (base, got, want))
            else:
                rej = sum(1 for e in exc if os.path.basename(e["file"]) == base and e["status"] == "REJECTED")
                if rej != f.get("rejected", 0):
                    problems.append("manifest: %s rejected %s, exceptions.csv has %d" % (base, f.get("rejected"), rej))
        facts.append("manifest counts checked")
    for p in problems:
        print("PROBLEM " + p)
    for f in facts:
        print(f)
    print("%d problems; %s" % (len(problems), "; ".join(facts[1:])))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
