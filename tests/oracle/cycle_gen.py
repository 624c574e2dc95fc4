#!/usr/bin/env python3
"""Seeded generator of a payment cycle (domain.md section 8) for the oracle.

    # month 1: gen.py's month, its policy with the cycle's keys, and a state file
    python3 tests/oracle/cycle_gen.py init --seed 7 --persons 300 --out W/in-1

    # month k+1, from month k's ledger (the reference's own) and inputs
    python3 tests/oracle/cycle_gen.py next --state W/in-1/state.json \
        --ledger W/ref/2024-10/ledger.csv --arrears W/ref/2024-10/arrears.csv --out W/in-2

`next` writes into OUT: the bank returns for the month's bank rows
(returns_*.csv: 1-3 % of the rows failed, with real-looking reasons, and bad
rows: an unknown reference, a reference of another month, an amount off by a
fen, an account that differs, a duplicate, a bad result word, a bad amount, a
blank reference), the next month's rosters (the previous month's rows with the
accounts of some failed payees corrected, some left as they were, and the
records of some removed), an index extended to the new month, the same policy,
adjustments_*.csv (every type and every check) and args.txt (the run's
arguments without --prev, one token per line, file names relative to OUT),
and its own state.json for the month after.

The same seed and ledger always give the same bytes.  Python 3 standard
library only.
"""

import argparse
import gzip
import json
import os
import random
import shutil
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference as R  # noqa: E402
import gen as G        # noqa: E402

# the cycle's policy keys (all *example*); chosen so that a 3-month cycle
# shows offsets, a 0 % district, the larger-of-urban-and-rural expiry rule,
# entries that expire at once and entries that expire in month 3
CYCLE_POLICY_FIXED = [
    ("arrears.max_months", "*", "*", "2020-01", "3"),
    ("arrears.max_months", "320612", "*", "2020-01", "2"),
    ("arrears.max_months", "320613", "urban", "2020-01", "1"),   # rural 3: the larger, 3, applies
    ("arrears.max_months", "320685", "*", "2020-01", "1"),       # expires at once
    ("temp.max_amount", "*", "*", "2020-01", "3000"),
    ("temp.max_amount", "320612", "*", "2020-01", "2000"),
    ("recovery.offset_pct", "320681", "*", "2020-01", "0"),      # never: waits for repayment
    ("recovery.offset_pct", "320614", "rural", "2020-01", "50"),
]
REASONS = ["账号已销户", "户名与账号不符", "卡已挂失", "账户已冻结", "账号不存在", "账户状态异常"]
OFFICERS = ["王建国", "李秀英", "张志强", "陈海燕", "刘德胜"]
RET_COLS = ["pay_ref", "account", "payee", "amount", "result", "reason"]
ADJ_COLS = ["type", "program", "beneficiary_id", "period", "amount", "reference", "approved_by",
            "reason", "name", "district", "area", "bank", "account", "payee"]
ADJ_TYPE_WORDS = {"backpay": ("补发", "backpay"), "difference": ("补差", "difference"),
                  "temporary": ("临时救助", "temporary"), "recovery": ("追回", "recovery")}


def temp_limit(d):
    return 200000 if d == "320612" else 300000


def offset_pct(pol_rows, d, a):
    """The recovery.offset_pct this generator's policy gives (for choosing targets)."""
    if d == "320681":
        return 0
    if d == "320614" and a == "rural":
        return 50
    return pol_rows["*"]


def read_ledger(path):
    return [r for _, r in R.read_plain_csv(path)]


def write_csv(path, header, rows, rng, enc=None):
    """CSV as the rosters may come: UTF-8 (BOM or not) or GB18030, LF or
    CRLF, sometimes quoted, sometimes gzip-compressed (named .csv)."""
    eol = rng.choice(["\n", "\r\n"])
    enc = enc or rng.choice(["utf-8", "utf-8-sig", "gb18030"])
    lines = []
    for row in [header] + rows:
        out = []
        for v in row:
            v = str(v)
            if any(c in v for c in ',"\r\n') or (v and rng.random() < 0.05):
                v = '"' + v.replace('"', '""') + '"'
            out.append(v)
        lines.append(",".join(out))
    data = (eol.join(lines) + eol).encode(enc)
    if rng.random() < 0.25:
        data = gzip.compress(data, mtime=0)
    with open(path, "wb") as fh:
        fh.write(data)


def heads(cols, zh_names, rng):
    lang = rng.choice(["zh", "en", "mixed"])
    return [{"zh": zh_names[c], "en": c, "mixed": rng.choice([zh_names[c], c])}[lang] for c in cols], lang


class Cycle:
    def __init__(self, state):
        self.st = state
        self.seed = state["seed"]
        self.M = tuple(state["month"])

    # ------------------------------------------------------------ init
    @staticmethod
    def init(seed, persons, out):
        g = G.Gen(seed, persons)
        g.generate(out)
        rng = random.Random(seed * 7919 + 1)
        pct = rng.choice(["10", "20", "25", "33.33"])
        ppath = os.path.join(out, "policy.csv")
        with open(ppath, "rb") as fh:
            data = fh.read()
        eol = b"\r\n" if b"\r\n" in data else b"\n"
        rows = list(CYCLE_POLICY_FIXED) + [("recovery.offset_pct", "*", "*", "2020-01", pct)]
        add = b"".join((",".join(r + ("示例 example",))).encode("utf-8") + eol for r in rows)
        with open(ppath, "wb") as fh:
            fh.write(data + add)
        state = {"seed": seed, "persons": persons, "step": 1, "month": list(g.M),
                 "offset_pct": pct, "rows": {"dibao": g.D, "tekun": g.T, "disability": g.X, "orphan": g.O},
                 "index": g.index, "ids": sorted(g.ids), "adjustments": [], "hh_seq": g.hh_seq}
        with open(os.path.join(out, "state.json"), "w", encoding="utf-8") as fh:
            json.dump(state, fh, ensure_ascii=False)
        return g

    # ------------------------------------------------------------ next
    def next(self, ledger_path, arrears_path, out, prev_in):
        st = self.st
        step = st["step"] + 1
        P = self.M
        M = R.month_add(P, 1)
        rng = random.Random(self.seed * 1000 + step)
        os.makedirs(out, exist_ok=True)
        g = G.Gen(self.seed, 0)          # for its writers and ID maker only
        g.rng = random.Random(self.seed * 1000 + step + 500)
        g.M = M
        g.ids = set(st["ids"])
        rows = st["rows"]
        lines = read_ledger(ledger_path)
        carried = []
        closed = []
        if arrears_path and os.path.isfile(arrears_path):
            ar = [r for _, r in R.read_plain_csv(arrears_path)]
            carried = [r for r in ar if r.get("state") == "OPEN"]
            closed = [r for r in ar if r.get("state") in ("REISSUED", "EXPIRED")]
        # the older months of the history (the reference's folders beside the ledger's)
        hist_dir = os.path.dirname(os.path.dirname(os.path.abspath(ledger_path)))
        older = []
        for name in sorted(os.listdir(hist_dir)):
            ym = R.parse_month(name) if len(name) == 7 else None
            if ym and ym < P and R.find_ledger(os.path.join(hist_dir, name)):
                older += [l for l in read_ledger(R.find_ledger(os.path.join(hist_dir, name)))
                          if l["line_type"] == "REGULAR" and l["program"] != "PRICE"]
        bank = {}
        order = []
        for l in lines:
            if l["pay_ref"] not in bank:
                bank[l["pay_ref"]] = {"ref": l["pay_ref"], "lines": [], "amount": 0, "account": l["account"],
                                      "payee": l["payee"], "program": l["program"], "district": l["district"]}
                order.append(l["pay_ref"])
            bank[l["pay_ref"]]["lines"].append(l)
            bank[l["pay_ref"]]["amount"] += int(l["amount_fen"])
        refs = list(order)

        # ---- failures: 1-3 % of the bank rows, at least 4; rows with
        #      re-issues, back pay or temporary assistance are favoured
        n_fail = max(4, round(len(refs) * rng.uniform(0.01, 0.03)))
        special = [x for x in refs if any(l["line_type"] != "REGULAR" for l in bank[x]["lines"])]
        by_prog = {}
        for x in refs:
            by_prog.setdefault(bank[x]["program"], []).append(x)
        failed = []
        for x in rng.sample(special, min(2, len(special))):
            failed.append(x)
        for p in ("DIBAO", "PRICE", "ORPHAN", "TEKUN"):
            c = [x for x in by_prog.get(p, []) if x not in failed]
            if c and len(failed) < n_fail:
                failed.append(rng.choice(c))
        # kept unchanged in a district whose entries expire at once (320685,
        # arrears.max_months 1) and in one where they expire in month 3 (320612, 2)
        keep = []
        for d in ("320685", "320612"):
            c = [x for x in refs if bank[x]["district"] == d and x not in failed
                 and bank[x]["program"] != "TEMP"]
            if c:
                x = rng.choice(c)
                failed.append(x)
                keep.append(x)
        while len(failed) < n_fail:
            x = rng.choice(refs)
            if x not in failed:
                failed.append(x)
        fate = {}
        fates = ["fix", "keep", "remove"]
        for i, x in enumerate(failed):
            fate[x] = "keep" if x in keep else (fates[i % 3] if i < 3 else
                                                rng.choice(["fix", "fix", "keep", "remove"]))
        failed.sort(key=refs.index)
        reason = {x: rng.choice(REASONS + [""]) for x in failed}
        ok = [x for x in refs if x not in failed]

        # ---- the returns files
        mm = [x for x in ok if x not in refs[:2]]
        rng.shuffle(mm)
        mm_bad = set(mm[:5])
        ret_rows = []
        listed_all = rng.random() < 0.5
        en = rng.random() < 0.5
        word = {"success": "success" if en else "成功", "failed": "failed" if en else "失败"}

        def money(fen):
            s = R.yuan(fen)
            if "." not in s:
                s = rng.choice([s, s + ".00"])
            else:
                s = rng.choice([s, "%d.%02d" % (fen // 100, fen % 100)])
            return " %s " % s if rng.random() < 0.03 else s

        for x in refs:
            b = bank[x]
            if x in mm_bad:
                continue      # answered by a bad row below instead
            if x in failed:
                ret_rows.append([x, b["account"], b["payee"], money(b["amount"]), word["failed"], reason[x]])
            elif listed_all:
                ret_rows.append([x, b["account"], b["payee"], money(b["amount"]), word["success"], ""])
        bad = []
        d0 = bank[refs[0]]["district"]
        tag = "%04d%02d" % P
        bad.append(["%s-%s-%06d" % (tag, d0, 999999), "6228480000000000000", "某某", "100.00",
                    word["failed"], "账号不存在"])                                        # unknown reference
        ptag = "%04d%02d" % R.month_add(P, -1)
        bad.append([ptag + refs[1][6:], bank[refs[1]]["account"], bank[refs[1]]["payee"],
                    money(bank[refs[1]]["amount"]), word["failed"], "卡已挂失"])           # another month's
        x = mm[0]                                                                           # off by one fen
        bad.append([x, bank[x]["account"], bank[x]["payee"], money(bank[x]["amount"] + rng.choice([1, -1])),
                    word["failed"], "户名与账号不符"])
        x = mm[1]                                                                           # other account
        bad.append([x, bank[x]["account"][:-1] + str((int(bank[x]["account"][-1]) + 1) % 10) if
                    bank[x]["account"][-1:].isdigit() else bank[x]["account"] + "0",
                    bank[x]["payee"], money(bank[x]["amount"]), word["failed"], "账号已销户"])
        x = mm[2]                                                                           # bad result word
        bad.append([x, bank[x]["account"], bank[x]["payee"], money(bank[x]["amount"]),
                    rng.choice(["退票", "pending", "处理中"]), "待查"])
        x = mm[3]                                                                           # amount not money
        bad.append([x, bank[x]["account"], bank[x]["payee"], "1,%s" % money(bank[x]["amount"]),
                    word["failed"], "卡已挂失"])
        bad.append(["", bank[mm[4]]["account"], bank[mm[4]]["payee"], money(bank[mm[4]]["amount"]),
                    word["failed"], "账号已销户"])                                           # blank reference
        for b in bad:
            ret_rows.insert(rng.randrange(len(ret_rows) + 1), b)
        dup = [r for r in ret_rows if r[0] == failed[0]][0]
        if listed_all:
            # a success row answered twice as well: the second is the duplicate
            x = rng.choice([x for x in ok if x not in mm[:5]])
            ret_rows.append([x, bank[x]["account"], bank[x]["payee"], money(bank[x]["amount"]),
                             word["failed"], "重复回盘"])
        ret_rows.append(list(dup))                                                           # duplicate
        zh = dict(R.RETURN_COLUMNS) if hasattr(R, "RETURN_COLUMNS") else {}
        ret_files = []
        nfiles = rng.choice([1, 2])
        cut = len(ret_rows) * 2 // 3 if nfiles == 2 else len(ret_rows)
        for i, part in enumerate([ret_rows[:cut], ret_rows[cut:]][:nfiles], 1):
            hdr, _ = heads(RET_COLS, zh, rng)
            name = "returns_%d.csv" % i
            write_csv(os.path.join(out, name), hdr, part, rng)
            ret_files.append(name)

        # ---- the next month's rosters
        new_card = {}
        removed = set()
        for x in failed:
            b = bank[x]
            acct = b["account"]
            if fate[x] == "fix":
                new_card[acct] = g.inst_account() if acct.startswith("3206") and len(acct) == 20 else g.card()
            elif fate[x] == "remove":
                for l in b["lines"]:
                    removed.add((l["program"], l["beneficiary_id"]))
        for roster in ("dibao", "tekun", "disability", "orphan"):
            for row in rows[roster]:
                if row.get("account") in new_card:
                    row["account"] = new_card[row["account"]]
                if row.get("institution_account") in new_card:
                    row["institution_account"] = new_card[row["institution_account"]]

        def drop(row, roster):
            pid = (row.get("id_number") or "").upper()
            if roster == "dibao":
                return ("DIBAO", row.get("household_id")) in removed
            progs = {"tekun": ["TEKUN", "PRICE"], "disability": ["DIS_LIVING", "DIS_NURSING"],
                     "orphan": ["ORPHAN", "PRICE"]}[roster]
            return any((p, pid) in removed for p in progs)
        # a PRICE line paid through a DIBAO household: the household goes
        price_hh = set()
        for row in rows["dibao"]:
            if ("PRICE", (row.get("id_number") or "").upper()) in removed:
                price_hh.add(row.get("household_id"))
        for roster in ("dibao", "tekun", "disability", "orphan"):
            rows[roster] = [row for row in rows[roster] if not drop(row, roster)
                            and not (roster == "dibao" and row.get("household_id") in price_hh)]

        # ---- adjustments
        adj = []
        A = lambda **kw: adj.append(kw)  # noqa: E731
        month_s, prev_s = R.fmt_month(M), R.fmt_month(P)
        refno = iter("通民发〔%d〕%d号" % (M[0], n) for n in range(11 + step * 20, 1000))
        failed_lines = [(x, l) for x in failed for l in bank[x]["lines"]]
        keep_fix = [(x, l) for x, l in failed_lines if fate[x] != "remove" and l["program"] != "TEMP"]
        gone = [(x, l) for x, l in failed_lines if fate[x] == "remove" and l["program"] != "TEMP"]
        used = set()

        def officer():
            return rng.choice(OFFICERS)

        def row_fields(l, account=None):
            return {"name": l["name"], "district": l["district"], "area": rng.choice(
                {"urban": ["城市", "urban"], "rural": ["农村", "rural"]}[l["area"]]),
                "bank": l["bank"], "account": account or l["account"], "payee": l["payee"]}

        # back pay settling an arrears entry whose record was removed (payee given on the row)
        if gone:
            x, l = gone[0]
            used.add(id(l))
            A(type="backpay", program=l["program"], beneficiary_id=l["beneficiary_id"], period=l["period"],
              amount=int(l["amount_fen"]), reference=next(refno), approved_by=officer(),
              reason="银行退回, 改账户补发", **row_fields(l, g.card()))
        # back pay settling an arrears entry, payee from this month's record
        if keep_fix:
            x, l = keep_fix[0]
            used.add(id(l))
            A(type="backpay", program=l["program"], beneficiary_id=l["beneficiary_id"], period=l["period"],
              amount=int(l["amount_fen"]), reference=next(refno), approved_by=officer(), reason="银行退回补发")
        # back pay with the wrong amount
        rest = [(x, l) for x, l in failed_lines if id(l) not in used and l["program"] != "TEMP"]
        if rest:
            x, l = rest[0]
            used.add(id(l))
            A(type="backpay", program=l["program"], beneficiary_id=l["beneficiary_id"], period=l["period"],
              amount=int(l["amount_fen"]) + rng.choice([100, -1 if int(l["amount_fen"]) > 1 else 100]),
              reference=next(refno), approved_by=officer(), reason="补发金额有误")
        # back pay settling a carried entry (from month 3 on)
        for c in sorted(carried, key=lambda c: c["district"] == "320612")[:1]:   # 320612's may expire
            if c["program"] != "TEMP":
                A(type="backpay", program=c["program"], beneficiary_id=c["beneficiary_id"], period=c["period"],
                  amount=int(c["amount_fen"]), reference=next(refno), approved_by=officer(),
                  reason="挂账补发", **({"name": "补发对象", "district": c["district"], "area": "urban",
                                       "bank": G.BANKS[0], "account": g.card(), "payee": "补发对象"}
                                      if rng.random() < 0.5 else {}))
        regular = [l for l in lines if l["line_type"] == "REGULAR" and l["pay_ref"] not in failed
                   and (l["program"], l["beneficiary_id"]) not in removed]
        rng.shuffle(regular)
        pick = iter(regular)
        # back pay for a month already paid
        l = next(pick)
        A(type="backpay", program=l["program"], beneficiary_id=l["beneficiary_id"], period=prev_s,
          amount=int(l["amount_fen"]), reference=next(refno), approved_by=officer(), reason="重复申请")
        # from month 3: back pay for an older month already paid, a difference for an
        # older month (accepted), back pay for entries re-issued or expired last month
        if older:
            o = rng.sample(older, min(2, len(older)))
            A(type="backpay", program=o[0]["program"], beneficiary_id=o[0]["beneficiary_id"],
              period=o[0]["period"], amount=int(o[0]["amount_fen"]), reference=next(refno),
              approved_by=officer(), reason="重复申请(早月)")
            if len(o) > 1 and (o[1]["program"], o[1]["beneficiary_id"]) not in removed:
                A(type="difference", program=o[1]["program"], beneficiary_id=o[1]["beneficiary_id"],
                  period=o[1]["period"], amount=2500, reference=next(refno), approved_by=officer(),
                  reason="追溯调标(早月)")
        for state in ("REISSUED", "EXPIRED"):
            c = [r for r in closed if r["state"] == state and r["program"] != "TEMP"]
            if c:
                A(type="backpay", program=c[0]["program"], beneficiary_id=c[0]["beneficiary_id"],
                  period=c[0]["period"], amount=int(c[0]["amount_fen"]), reference=next(refno),
                  approved_by=officer(), reason="挂账已%s" % ("重发" if state == "REISSUED" else "过期"),
                  name="补发对象", district=c[0]["district"], area="rural", bank=G.BANKS[1],
                  account=g.card(), payee="补发对象")
        # differences: one accepted (and its duplicate), one with nothing to adjust
        l = next(pick)
        diff = dict(type="difference", program=l["program"], beneficiary_id=l["beneficiary_id"],
                    period=prev_s, amount=rng.choice([4000, 1250, 3]), reference=next(refno),
                    approved_by=officer(), reason="标准调整补差")
        A(**diff)
        stranger = g.make_id(g.birth_for_age(44), region="320612")
        A(type="difference", program="TEKUN", beneficiary_id=stranger, period=prev_s, amount=5000,
          reference=next(refno), approved_by=officer(), reason="标准调整补差")
        # back pay for a month nobody can see (no folder), and a difference likewise
        far = R.fmt_month(R.month_add(P, -step))
        l = next(pick)
        A(type="backpay", program=l["program"], beneficiary_id=l["beneficiary_id"], period=far,
          amount=int(l["amount_fen"]), reference=next(refno), approved_by=officer(), reason="迟批补发")
        l = next(pick)
        A(type="difference", program=l["program"], beneficiary_id=l["beneficiary_id"], period=far,
          amount=2000, reference=next(refno), approved_by=officer(), reason="追溯调标")
        # back pay for someone never paid in the previous month (a late approval), payee given
        p = {"pid": g.make_id(g.birth_for_age(70)), "name": g.name()}
        d, a = g.place()
        A(type="backpay", program="TEKUN", beneficiary_id=p["pid"], period=prev_s, amount=107000,
          reference=next(refno), approved_by=officer(), reason="迟批补发", _kind="late", name=p["name"], district=d,
          area=g.area_text(a), bank=rng.choice(G.BANKS), account=g.card(), payee=p["name"])
        # temporary assistance: under, at and over temp.max_amount; bad ID; bad period; no account
        for kind in ("under", "at", "over", "badid", "period", "noacct", "district", "lowerx"):
            p = {"pid": g.make_id(g.birth_for_age(rng.randint(20, 80)), want_x=kind == "lowerx"),
                 "name": g.name()}
            d, a = g.place(rng.choice(["320612", None]))
            lim = temp_limit(d)
            amt = {"under": rng.randint(200, lim // 100 - 1) * 100, "at": lim, "over": lim + rng.choice([1, 50000]),
                   "badid": 80000, "period": 50000, "noacct": 60000, "district": 40000, "lowerx": 30000}[kind]
            pid = p["pid"]
            if kind == "badid":
                pid = pid[:17] + ("0" if pid[17] != "0" else "1")
            if kind == "lowerx":
                pid = pid.lower()
            r = dict(type="temporary", program="TEMP", beneficiary_id=pid,
                     period=prev_s if kind == "period" else month_s, amount=amt, reference=next(refno),
                     approved_by=officer(), reason=rng.choice(["因病临时救助", "火灾临时救助", "意外事故"]),
                     name=p["name"], district=d, area=g.area_text(a), bank=rng.choice(G.BANKS),
                     account=g.card(), payee=p["name"])
            if kind == "noacct":
                r["account"] = r["payee"] = r["bank"] = ""
            if kind == "district":
                r["district"] = "999999"          # DISTRICT_UNKNOWN
            A(**r)
        # recoveries: large (stays open), small (closes at once), in a 0 % district (waits)
        pct = {"*": R.parse_pct(st["offset_pct"])}
        paying = [l for l in regular if offset_pct(pct, l["district"], l["area"]) > 0 and int(l["amount_fen"]) >= 2000]
        zero = [l for l in regular if offset_pct(pct, l["district"], l["area"]) == 0]
        if paying:
            l = paying[0]
            A(type="recovery", program=l["program"], beneficiary_id=l["beneficiary_id"], period=prev_s,
              amount=int(l["amount_fen"]) * 2 + 37, reference=next(refno), approved_by=officer(), reason="多发追回")
            # a second entry for the same beneficiary: the two share the line's room, by (since, reference)
            A(type="recovery", program=l["program"], beneficiary_id=l["beneficiary_id"], period=prev_s,
              amount=rng.choice([2000, 333, int(l["amount_fen"])]), reference="通民发〔%d〕%d号" % (M[0], 100 + step),
              approved_by=officer(), reason="重复领取追回")
            l = paying[1 % len(paying)]
            A(type="recovery", program=l["program"], beneficiary_id=l["beneficiary_id"], period=month_s,
              amount=rng.choice([150, 1, 999]), reference=next(refno), approved_by=officer(), reason="多发追回")
            l = paying[2 % len(paying)]
            A(type="recovery", program=l["program"], beneficiary_id=l["beneficiary_id"], period=R.fmt_month(
                R.month_add(M, 1)), amount=500, reference=next(refno), approved_by=officer(), reason="period after M")
        half = [l for l in regular if offset_pct(pct, l["district"], l["area"]) == 50 and l not in paying[:3]]
        if half:
            l = half[0]
            A(type="recovery", program=l["program"], beneficiary_id=l["beneficiary_id"], period=prev_s,
              amount=int(l["amount_fen"]) + 1, reference=next(refno), approved_by=officer(), reason="多发追回 50%")
        if zero:
            l = zero[0]
            A(type="recovery", program=l["program"], beneficiary_id=l["beneficiary_id"], period=prev_s,
              amount=30000, reference=next(refno), approved_by=officer(), reason="多发追回, 自行退回")
        # unapproved, bad period, bad row
        l = next(pick)
        A(type="backpay", program=l["program"], beneficiary_id=l["beneficiary_id"], period=prev_s,
          amount=10000, reference=next(refno), approved_by="", reason="未审批")
        A(type="difference", program=l["program"], beneficiary_id=l["beneficiary_id"], period=prev_s,
          amount=10000, reference="", approved_by=officer(), reason="无文号")
        A(type="backpay", program=l["program"], beneficiary_id=l["beneficiary_id"], period=month_s,
          amount=10000, reference=next(refno), approved_by=officer(), reason="本月")
        A(type="difference", program=l["program"], beneficiary_id=l["beneficiary_id"],
          period=R.fmt_month(R.month_add(M, 1)), amount=10000, reference=next(refno), approved_by=officer(),
          reason="下月")
        A(type="backpay", program=l["program"], beneficiary_id=l["beneficiary_id"], period="%d-13" % P[0],
          amount=10000, reference=next(refno), approved_by=officer(), reason="坏期间")
        A(type="补助", program=l["program"], beneficiary_id=l["beneficiary_id"], period=prev_s,
          amount=10000, reference=next(refno), approved_by=officer(), reason="坏类型")
        A(type="backpay", program="TEMP", beneficiary_id=l["beneficiary_id"], period=prev_s,
          amount=10000, reference=next(refno), approved_by=officer(), reason="TEMP 只能临时救助")
        A(type="backpay", program=l["program"], beneficiary_id=l["beneficiary_id"], period=prev_s,
          amount="12.345", reference=next(refno), approved_by=officer(), reason="坏金额")
        # a duplicate of the difference in this month's files
        A(**diff)
        # a row accepted in an earlier month, sent again
        for old in st["adjustments"][:2]:
            A(**old)
        rng.shuffle(adj)
        adj_rows = []
        for r in adj:
            words = ADJ_TYPE_WORDS.get(r["type"])
            t = rng.choice(words) if words else r["type"]
            amt = r["amount"] if isinstance(r["amount"], str) else money(r["amount"])
            adj_rows.append([t, r["program"], r["beneficiary_id"], r["period"], amt, r["reference"],
                             r["approved_by"], r["reason"]] + [r.get(c, "") for c in ADJ_COLS[8:]])
        nfiles = rng.choice([1, 2])
        cut = len(adj_rows) // 2 if nfiles == 2 else len(adj_rows)
        adj_files = []
        zh_adj = dict(R.ADJ_COLUMNS)
        for i, part in enumerate([adj_rows[:cut], adj_rows[cut:]][:nfiles], 1):
            cols = list(range(len(ADJ_COLS)))
            rng.shuffle(cols)
            hdr, _ = heads([ADJ_COLS[c] for c in cols], zh_adj, rng)
            name = "adjustments_%d.csv" % i
            write_csv(os.path.join(out, name), hdr, [[row[c] for c in cols] for row in part], rng)
            adj_files.append(name)
        # accepted-looking rows to replay next month (the difference, the under-limit temporary)
        replay = [diff] + [r for r in adj if r.get("_kind") == "late"]

        # ---- rosters, index, policy, args
        args = ["--month", month_s, "--policy", "policy.csv", "--index", "index.csv"]
        shutil.copyfile(os.path.join(prev_in, "policy.csv"), os.path.join(out, "policy.csv"))
        idx = st["index"]
        have = {r[0] for r in idx}
        pool = [("3.00", "4.1", ""), ("2.10", "3.0", "5.00"), ("2.99", "1.0", "2.50"), ("5.20", "7.0", "4.00"),
                ("1.00", "2.0", "3.00"), ("3.40", "2.0", "")]
        if month_s not in have:
            idx.append([month_s] + list(rng.choice(pool)))
        with open(os.path.join(out, "index.csv"), "w", encoding="utf-8", newline="\n") as fh:
            fh.write("month,cpi,food_cpi,scpi\n" + "".join(",".join(r) + "\n" for r in idx))
        for roster in ("dibao", "tekun", "disability", "orphan"):
            for i, fr in enumerate(g.split_files(rows[roster], roster), 1):
                args += ["--" + roster, g.write_roster(out, roster, i, fr)]
        for f in ret_files:
            args += ["--returns", f]
        for f in adj_files:
            args += ["--adjustments", f]
        with open(os.path.join(out, "args.txt"), "w", encoding="utf-8", newline="\n") as fh:
            fh.write("\n".join(args) + "\n")
        st.update({"step": step, "month": list(M), "rows": rows, "index": idx, "ids": sorted(g.ids),
                   "adjustments": replay})
        with open(os.path.join(out, "state.json"), "w", encoding="utf-8") as fh:
            json.dump(st, fh, ensure_ascii=False)
        return {"month": month_s, "bank_rows": len(refs), "failed": len(failed),
                "fates": " ".join("%s:%s" % (x, fate[x]) for x in failed), "adjustments": len(adj)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    a1 = sub.add_parser("init")
    a1.add_argument("--seed", type=int, required=True)
    a1.add_argument("--persons", type=int, default=300)
    a1.add_argument("--out", required=True)
    a2 = sub.add_parser("next")
    a2.add_argument("--state", required=True)
    a2.add_argument("--ledger", required=True)
    a2.add_argument("--arrears")
    a2.add_argument("--out", required=True)
    a = ap.parse_args()
    if a.cmd == "init":
        g = Cycle.init(a.seed, a.persons, a.out)
        print("cycle_gen: seed %d month %s -> %s" % (a.seed, R.fmt_month(g.M), a.out))
        return 0
    with open(a.state, encoding="utf-8") as fh:
        st = json.load(fh)
    info = Cycle(st).next(a.ledger, a.arrears, a.out, os.path.dirname(os.path.abspath(a.state)))
    print("cycle_gen: month %(month)s: %(bank_rows)d bank rows, %(failed)d failed (%(fates)s), "
          "%(adjustments)d adjustment rows" % info)
    return 0


if __name__ == "__main__":
    sys.exit(main())
