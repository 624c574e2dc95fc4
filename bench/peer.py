#!/usr/bin/python3
"""peer.py - the benchmark's peer: the month's batch as a bureau's IT staff
would otherwise write it, in Python 3 with pandas and XlsxWriter.

It reads the same rosters as payrun (CSV, plain or gzip, UTF-8, Chinese or
English headers), applies the same rules (domain.md section 4, with the
choices of docs/RULES.md) with vectorised pandas/numpy operations, and writes
one workbook per district (XlsxWriter, constant_memory mode, one sheet per
programme, the same 16 columns as payrun's district workbooks, a total row
with SUM formulas).

    bench/peer.py --month 2023-08 --policy policy.csv --index index.csv \
        --dibao d.csv.gz ... --tekun ... --disability ... --orphan ... --out DIR

Prints, per district and programme, the lines and the total in fen
("peer: <district> <program> lines=N fen=F"), one line per district
("peer: <district> total lines=N fen=F") and the grand total; writes the same
figures to DIR/peer-totals.json. Timings of its phases go to stderr.

Bad-row handling is deliberately simpler than payrun's: a row with an invalid
ID number (format, check character, birth date), a blank name, an unknown
district or area, an unrecognised enumeration, a bad certificate or a payee
without an account is dropped (a DIBAO household with such a row is dropped
whole); duplicates and DIBAO/TEKUN conflicts are held (not paid). No
exceptions file, no ledger, no bank workbooks, no summary.
"""

import argparse
import calendar
import json
import os
import re
import sys
import time
from fractions import Fraction

import numpy as np
import pandas as pd
import xlsxwriter

PROGRAMS = ["DIBAO", "TEKUN", "DIS_LIVING", "DIS_NURSING", "ORPHAN", "PRICE"]
SHEETS = ["DIBAO 最低生活保障", "TEKUN 特困人员供养", "DIS_LIVING 残疾人生活补贴",
          "DIS_NURSING 重度残疾人护理补贴", "ORPHAN 孤儿基本生活保障", "PRICE 价格临时补贴"]
PROG_ZH = ["最低生活保障", "特困人员救助供养", "困难残疾人生活补贴", "重度残疾人护理补贴",
           "孤儿基本生活保障", "价格临时补贴"]
HEAD = ["序号", "乡镇街道", "村居", "户编号", "姓名", "身份证号", "收款人", "开户银行", "银行账号",
        "城乡", "保障标准(元)", "人数", "家庭月收入(元)", "补助/分类施保(元)", "计算依据", "金额(元)"]
WIDTH = [7, 14, 14, 15, 10, 20, 14, 16, 22, 6, 11, 6, 12, 12, 38, 12]
MAX_ROWS = 1048576 - 1 - 1 - 8   # header, total row, signatures

COLUMNS = {
    "id_number": "身份证号", "name": "姓名", "district": "区划代码", "area": "城乡类别",
    "town": "乡镇街道", "village": "村居", "bank": "开户银行", "account": "银行账号",
    "payee": "收款人", "household_id": "户编号", "relation": "与户主关系",
    "household_income": "家庭月收入", "kind": "保障类型", "grace_until": "渐退截止",
    "grace_amount": "渐退金额", "disability_grade": "残疾等级", "disability_type": "残疾类别",
    "serious_illness": "重病", "employed": "就业", "care_level": "自理能力",
    "support_mode": "供养方式", "institution": "供养机构", "institution_bank": "机构开户银行",
    "institution_account": "机构账号", "certificate": "残疾人证号", "category": "类别",
    "in_school": "在校", "guardian": "监护人",
}
ZH_TO_EN = {v: k for k, v in COLUMNS.items()}
AREAS = {"城市": "urban", "urban": "urban", "农村": "rural", "rural": "rural"}
KINDS = {"": "household", "全户保": "household", "household": "household", "单人保": "single", "single": "single"}
CARE = {"全自理": "self", "self": "self", "半护理": "partial", "partial": "partial", "全护理": "full", "full": "full"}
MODES = {"分散": "dispersed", "dispersed": "dispersed", "集中": "concentrated", "concentrated": "concentrated"}
CATEGORIES = {"机构养育": "institutional", "institutional": "institutional", "社会散居": "scattered",
              "scattered": "scattered", "事实无人抚养": "defacto", "defacto": "defacto"}
YESNO = {"是": 1, "y": 1, "yes": 1, "1": 1, "否": 0, "n": 0, "no": 0, "0": 0, "": 0}

T0 = time.monotonic()


def log(msg):
    print("peer: %7.2fs %s" % (time.monotonic() - T0, msg), file=sys.stderr, flush=True)


# ---------------------------------------------------------------- scalars

MONEY_RE = re.compile(r"^([+-]?)([0-9]+)(?:\.([0-9]{1,2}))?$")


def money(s):
    m = MONEY_RE.match(s.strip())
    if not m:
        return None
    v = int(m.group(2)) * 100 + int((m.group(3) or "").ljust(2, "0"))
    return -v if m.group(1) == "-" else v


def yuan(fen):
    fen = int(fen)
    return "%d" % (fen // 100) if fen % 100 == 0 else "%d.%02d" % (fen // 100, fen % 100)


def month_parse(s):
    m = re.fullmatch(r"([0-9]{4})-([0-9]{2})", s.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    return int(m.group(1)) * 12 + int(m.group(2)) - 1


# ---------------------------------------------------------------- policy and index

POLICY_TYPES = {
    "dibao.standard": "money", "dibao.rounding": "enum", "dibao.min_payment": "money",
    "dibao.job_cost_deduction": "money", "dibao.supplement.severe_disability": "pct",
    "dibao.supplement.serious_illness": "pct", "dibao.supplement.elderly": "pct",
    "dibao.supplement.minor": "pct", "dibao.elderly_age": "int",
    "tekun.basic.dispersed": "money", "tekun.basic.concentrated": "money",
    "tekun.care.self": "pct", "tekun.care.partial": "pct", "tekun.care.full": "pct",
    "tekun.rounding": "enum", "disability.living.grade12": "money",
    "disability.living.grade34": "money", "disability.nursing.grade1": "money",
    "disability.nursing.grade2": "money", "disability.nursing.grade3": "money",
    "disability.nursing.include_grade3": "int", "disability.exclude_tekun": "int",
    "orphan.institutional": "money", "orphan.scattered_pct": "pct", "orphan.defacto_pct": "pct",
    "orphan.age_limit": "int", "orphan.student_age_limit": "int", "orphan.rounding": "enum",
    "price.formula": "enum", "price.index_lag": "int", "price.trigger": "pct", "price.tier2": "pct",
    "price.tier1_fraction": "ratio", "price.tier2_fraction": "ratio", "price.trigger_food": "pct",
    "price.min_amount": "money", "price.rounding": "enum",
}


class Policy:
    """Effective-dated look-up: latest `from` <= month, then exact district, then exact area."""

    def __init__(self, path, month):
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        self.month = month
        self.rows = {}
        self.districts = {}
        for key, dist, area, frm, value in zip(df["key"], df["district"], df["area"], df["from"], df["value"]):
            key, dist, area, value = key.strip(), dist.strip(), area.strip(), value.strip()
            f = month_parse(frm)
            if f is None or f > month:
                continue
            if key == "district":
                if dist not in self.districts or self.districts[dist][0] <= f:
                    self.districts[dist] = (f, value)
                continue
            if key == "region":
                continue   # a local code that is not a paid district: only payrun's ID warning uses it
            if key in ("arrears.max_months", "temp.max_amount", "recovery.offset_pct"):
                continue   # the payment cycle's keys: the peer does one month alone, without --prev
            t = POLICY_TYPES.get(key)
            if t is None:
                sys.exit("peer: unknown policy key %s" % key)
            if t == "money":
                v = money(value)
            elif t == "pct":
                v = money(value)           # basis points: "30" -> 3000
            elif t == "int":
                v = int(value)
            elif t == "ratio":
                a, _, b = value.partition("/")
                v = Fraction(int(a), int(b)) if b else Fraction(value)
            else:
                v = value
            self.rows.setdefault(key, []).append((f, dist != "*", area != "*", dist, area, v))
        self.names = {d: v[1] for d, v in self.districts.items()}

    def get(self, key, district, area):
        best = None
        for r in self.rows.get(key, []):
            if r[3] not in ("*", district) or r[4] not in ("*", area):
                continue
            if best is None or r[:3] > best[:3]:
                best = r
        if best is None:
            sys.exit("peer: configuration error: no policy row for %s %s %s" % (key, district, area))
        return best[5]

    def column(self, key, district, area):
        """The parameter for every row, vectorised over the distinct (district, area) pairs."""
        cd, ud = pd.factorize(district)
        ca, ua = pd.factorize(area)
        table = np.empty((len(ud) + 1, len(ua) + 1), dtype=object)   # code -1 (missing) -> last row/column
        for i, dd in enumerate(ud):
            for j, aa in enumerate(ua):
                table[i, j] = self.get(key, dd, aa)
        vals = table[cd, ca]
        if all(isinstance(v, int) for v in table[:-1, :-1].ravel()):
            vals = vals.astype(np.int64)
        return pd.Series(vals, index=district.index)


def read_index(path):
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    out = {}
    for m, c, f, s in zip(df["month"], df["cpi"], df["food_cpi"], df["scpi"]):
        out[month_parse(m)] = tuple(money(x) if x.strip() else None for x in (c, f, s))
    return out


# ---------------------------------------------------------------- vectorised helpers

ID_W = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
ID_CHECK = np.frombuffer(b"10X98765432", dtype=np.uint8)
MDAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def check_ids(ser, month):
    """-> (normalised ID, valid mask, age at the first day of the month)."""
    s = ser.str.strip().str.upper()
    ok = s.str.fullmatch(r"[0-9]{17}[0-9X]").fillna(False).to_numpy(dtype=bool)
    age = np.full(len(s), -1, dtype=np.int64)
    if ok.any():
        a = np.frombuffer(s[ok].to_numpy().astype("S18").tobytes(), dtype=np.uint8).reshape(-1, 18)
        dg = a[:, :17].astype(np.int64) - 48
        good = a[:, 17] == ID_CHECK[(dg @ ID_W) % 11]
        y = dg[:, 6] * 1000 + dg[:, 7] * 100 + dg[:, 8] * 10 + dg[:, 9]
        mo = dg[:, 10] * 10 + dg[:, 11]
        d = dg[:, 12] * 10 + dg[:, 13]
        leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
        mdays = MDAYS[np.clip(mo, 0, 12)] + ((mo == 2) & leap)
        Y, M = month // 12, month % 12 + 1
        last = Y * 10000 + M * 100 + calendar.monthrange(Y, M)[1]
        good &= (mo >= 1) & (mo <= 12) & (d >= 1) & (d <= mdays) & (y >= 1900) & (y * 10000 + mo * 100 + d <= last)
        ok[ok] = good
        age[np.flatnonzero(ok)] = (Y - y - ((mo > M) | ((mo == M) & (d > 1))))[good]
    return s, ok, age


def parse_money_col(ser):
    """-> (fen int64 array, ok mask) for a column of yuan strings."""
    ex = ser.str.strip().str.extract(r"^([+-]?)([0-9]+)(?:\.([0-9]{1,2}))?$")
    ok = ex[1].notna().to_numpy()
    whole = pd.to_numeric(ex[1], errors="coerce").fillna(0).to_numpy(dtype=np.int64)
    frac = pd.to_numeric(ex[2].fillna("").str.ljust(2, "0"), errors="coerce").fillna(0).to_numpy(dtype=np.int64)
    v = whole * 100 + frac
    return np.where(ex[0].to_numpy() == "-", -v, v), ok


def round_money(num, den, mode):
    """Exact num/den fen, rounded once; mode per row (array) or scalar."""
    num = np.maximum(np.asarray(num, dtype=np.int64), 0)
    den = np.broadcast_to(np.asarray(den, dtype=np.int64), num.shape)
    mode = np.broadcast_to(np.asarray(mode, dtype=object), num.shape)
    out = np.zeros(num.shape, dtype=np.int64)
    for m in pd.unique(mode.ravel()):
        k = mode == m
        n, d = num[k], den[k]
        if m == "fen":
            out[k] = (2 * n + d) // (2 * d)
        elif m == "yuan_half_up":
            out[k] = (2 * n + 100 * d) // (200 * d) * 100
        elif m == "yuan_ceil":
            out[k] = -((-n) // (100 * d)) * 100
        else:
            sys.exit("peer: unknown rounding mode %r" % m)
    return out


def fmt_yuan(fen):
    """Vectorised yuan text of fen amounts (through the distinct values)."""
    codes, u = pd.factorize(np.asarray(fen, dtype=np.int64))
    return np.array([yuan(x) for x in u], dtype=object)[codes]


def fmt_exact(num, den):
    """Yuan text of an exact num/den fen amount (up to 4 decimals, "..." when inexact)."""
    num = np.asarray(num, dtype=np.int64) * 100       # in 1/10000 yuan: num/den fen * 100
    den = np.asarray(den, dtype=np.int64)
    q, r = num // den, num % den
    codes, u = pd.factorize(q * 2 + (r != 0))

    def f(k):
        v, inexact = divmod(int(k), 2)
        s = ("%d.%04d" % divmod(v, 10000)).rstrip("0").rstrip(".")
        return s + "..." if inexact else s
    return np.array([f(k) for k in u], dtype=object)[codes]


def enum(table, ser):
    """Maps a column through a table of accepted spellings (exact, then lower-case)."""
    return ser.map(table).fillna(ser.str.lower().map(table))


def yes_no(ser):
    return ser.str.strip().str.lower().map(YESNO)


def load(paths, roster):
    frames = []
    for i, p in enumerate(paths):
        df = pd.read_csv(p, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
        df.columns = [ZH_TO_EN.get(c.strip(), c.strip()) for c in df.columns]
        df = df[[c for c in df.columns if c in COLUMNS]]
        for c in df.columns:
            df[c] = df[c].str.strip()
        frames.append(df)
    df = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["id_number"])
    # absent optional columns: blank
    return df.reindex(columns=list(COLUMNS), fill_value="")


def common(df, pol, month):
    """Validates the fields every roster has; adds pid, age, area; -> ok mask."""
    df["pid"], ok, df["age"] = check_ids(df["id_number"], month)
    df["area"] = enum(AREAS, df["area"])
    ok &= df["area"].notna().to_numpy()
    ok &= df["district"].isin(list(pol.districts)).to_numpy()
    ok &= (df["name"] != "").to_numpy()
    return ok


# ---------------------------------------------------------------- the month

def compute(args, pol, index, month):
    lines = []

    # ------------------------------------------------------------ DIBAO
    db = load(args.dibao, "dibao")
    ok = common(db, pol, month)
    db["is_head"] = (db["relation"] == "户主") | (db["relation"].str.lower() == "head")
    grade = db["disability_grade"].map({"": 0, "0": 0, "1": 1, "2": 2, "3": 3, "4": 4})
    dtyp = db["disability_type"].map({"": 0, **{str(i): i for i in range(1, 8)}})
    ill, emp = yes_no(db["serious_illness"]), yes_no(db["employed"])
    ok &= (grade.notna() & dtyp.notna() & ill.notna() & emp.notna() & (db["household_id"] != "")).to_numpy()
    db["grade"], db["dtype"] = grade.fillna(0).astype(int), dtyp.fillna(0).astype(int)
    db["ill"], db["emp"] = ill.fillna(0).astype(int), emp.fillna(0).astype(int)
    isH = db["is_head"].to_numpy()
    income, iok = parse_money_col(db["household_income"])
    db["income"] = income
    db["kind"] = db["kind"].map(KINDS)
    grace = db["grace_until"] != ""
    gmonth = pd.Series(-1.0, index=db.index)
    gmonth[grace] = db.loc[grace, "grace_until"].map(month_parse)
    gamt, gok = parse_money_col(db["grace_amount"])
    db["gmonth"], db["gamt"] = gmonth.fillna(-2).astype(np.int64), gamt
    head_ok = iok & (income >= 0) & db["kind"].notna().to_numpy() & (db["account"] != "").to_numpy()
    head_ok &= ~grace.to_numpy() | (gmonth.notna().to_numpy() & gok & (gamt >= 0))
    ok &= ~isH | head_ok
    db["bad"] = ~ok
    heads = db[isH].drop_duplicates("household_id").set_index("household_id")
    db["hd"] = db["household_id"].map(heads["district"])
    db["ha"] = db["household_id"].map(heads["area"])
    hh = db.groupby("household_id", sort=False).agg(n=("pid", "size"), heads=("is_head", "sum"), bad=("bad", "any"))
    hh = hh.join(heads[["pid", "name", "payee", "bank", "account", "district", "area", "town", "village",
                        "income", "kind", "gmonth", "gamt", "grade", "dtype", "ill"]], how="left")
    hh["rejected"] = (hh["heads"] != 1) | hh["bad"] | ((hh["kind"] == "single") & (hh["n"] > 1))
    valid_hh = hh.index[~hh["rejected"]]
    dbv = db[db["household_id"].isin(valid_hh)]
    log("dibao: %d rows, %d households, %d rejected" % (len(db), len(hh), int(hh["rejected"].sum())))

    tk = load(args.tekun, "tekun")
    ok = common(tk, pol, month)
    tk["care"] = enum(CARE, tk["care_level"])
    tk["mode"] = enum(MODES, tk["support_mode"])
    conc = (tk["mode"] == "concentrated").to_numpy()
    tk["payee"] = np.where(conc, tk["institution"], tk["payee"].where(tk["payee"] != "", tk["name"]))
    tk["bank"] = np.where(conc, tk["institution_bank"], tk["bank"])
    tk["account"] = np.where(conc, tk["institution_account"], tk["account"])
    ok &= tk["care"].notna().to_numpy() & tk["mode"].notna().to_numpy() & (tk["account"] != "").to_numpy()
    ok &= (tk["payee"] != "").to_numpy()
    tk = tk[ok].copy()

    # conflicts: a person twice among the valid households, or also in TEKUN: held
    dup_pid = dbv["pid"][dbv["pid"].duplicated(keep=False)]
    tk_pid = set(tk["pid"])
    conflict = dbv["pid"].isin(set(dup_pid) | tk_pid)
    held_hh = set(dbv.loc[conflict, "household_id"])
    tk["held"] = tk["pid"].duplicated(keep=False) | tk["pid"].isin(set(dbv["pid"]))

    h = hh.loc[~hh["rejected"] & ~hh.index.isin(held_hh)].copy()
    d, a = h["district"], h["area"]
    S = pol.column("dibao.standard", d, a).to_numpy(dtype=np.int64)
    # each member's largest supplement percentage (the head's district and area)
    m = dbv[dbv["household_id"].isin(h.index)]
    md, ma = m["hd"], m["ha"]
    age = m["age"].to_numpy()
    g = m["grade"].to_numpy()
    bp = np.zeros(len(m), dtype=np.int64)
    for cond, key in (((g == 1) | (g == 2), "dibao.supplement.severe_disability"),
                      (m["ill"].to_numpy() == 1, "dibao.supplement.serious_illness"),
                      (age >= pol.column("dibao.elderly_age", md, ma).to_numpy(dtype=np.int64), "dibao.supplement.elderly"),
                      (age < 18, "dibao.supplement.minor")):
        bp = np.maximum(bp, np.where(cond, pol.column(key, md, ma).to_numpy(dtype=np.int64), 0))
    agg = pd.DataFrame({"hid": m["household_id"].to_numpy(), "bp": bp, "emp": m["emp"].to_numpy()}) \
        .groupby("hid", sort=False).sum()
    sum_bp = agg["bp"].reindex(h.index).to_numpy(dtype=np.int64)
    n_emp = agg["emp"].reindex(h.index).to_numpy(dtype=np.int64)
    n = h["n"].to_numpy(dtype=np.int64)
    I = h["income"].to_numpy(dtype=np.int64)
    D = pol.column("dibao.job_cost_deduction", d, a).to_numpy(dtype=np.int64) * n_emp
    gap = np.maximum(0, S * n - np.maximum(0, I - D))
    supp_num = S * sum_bp                              # supplement = supp_num / 10000 fen
    mode = pol.column("dibao.rounding", d, a).to_numpy()
    amt = round_money(gap * 10000 + supp_num, 10000, mode)
    amt = np.maximum(amt, pol.column("dibao.min_payment", d, a).to_numpy(dtype=np.int64))
    single = (h["kind"] == "single").to_numpy()
    hg, ht = h["grade"].to_numpy(), h["dtype"].to_numpy()
    qualified = ~single | (hg == 1) | (hg == 2) | ((hg == 3) & ((ht == 5) | (ht == 6))) | (h["ill"].to_numpy() == 1)
    paid = qualified & (gap > 0) & (amt > 0)
    gm = h["gmonth"].to_numpy()
    in_grace = gm >= 0
    paid = np.where(in_grace, (gm >= month) & (h["gamt"].to_numpy() > 0), paid)
    amt = np.where(in_grace, h["gamt"].to_numpy(), amt)
    exact = gap * 10000 + supp_num
    basis = np.where(in_grace, "grace " + fmt_yuan(amt),
                     fmt_yuan(S) + "*" + n.astype(str).astype(object) + "-" + fmt_yuan(np.maximum(0, I - D)) + "+"
                     + fmt_exact(supp_num, 10000) + "=" + fmt_exact(exact, 10000)
                     + np.where(exact == amt * 10000, "", "→" + fmt_yuan(amt) + " (" + mode.astype(object) + ")"))
    hp = h[paid]
    supp_yuan = np.where(in_grace, np.nan, supp_num / 10000.0 / 100.0)[paid]
    lines.append(pd.DataFrame({
        "district": hp["district"].to_numpy(), "prog": 0, "bid": hp.index.to_numpy(),
        "town": hp["town"].to_numpy(), "village": hp["village"].to_numpy(), "hid": hp.index.to_numpy(),
        "name": hp["name"].to_numpy(), "pid": hp["pid"].to_numpy(),
        "payee": hp["payee"].where(hp["payee"] != "", hp["name"]).to_numpy(),
        "bank": hp["bank"].to_numpy(), "account": hp["account"].to_numpy(), "area": hp["area"].to_numpy(),
        "std": S[paid], "persons": n[paid], "income": I[paid], "supp": np.where(supp_yuan == 0, np.nan, supp_yuan),
        "basis": basis[paid], "amount": amt[paid]}))
    paid_hh = set(hp.index)
    dbp = dbv[dbv["household_id"].isin(paid_hh)]                # members of paid households
    log("DIBAO: %d households paid" % len(hp))

    # ------------------------------------------------------------ TEKUN
    t = tk[~tk["held"]]
    d, a = t["district"], t["area"]
    B = np.zeros(len(t), dtype=np.int64)
    bp = np.zeros(len(t), dtype=np.int64)
    for mname in ("dispersed", "concentrated"):
        k = (t["mode"] == mname).to_numpy()
        B[k] = pol.column("tekun.basic." + mname, d[k], a[k]).to_numpy(dtype=np.int64)
    for c in ("self", "partial", "full"):
        k = (t["care"] == c).to_numpy()
        bp[k] = pol.column("tekun.care." + c, d[k], a[k]).to_numpy(dtype=np.int64)
    S = pol.column("dibao.standard", d, a).to_numpy(dtype=np.int64)
    mode = pol.column("tekun.rounding", d, a).to_numpy()
    amt = round_money(B * 10000 + S * bp, 10000, mode)
    paid = amt > 0
    basis = fmt_yuan(B) + "+" + fmt_yuan(S) + "*" + fmt_exact(bp, 1) + "%=" + fmt_yuan(amt)
    tp = t[paid]
    lines.append(pd.DataFrame({
        "district": tp["district"].to_numpy(), "prog": 1, "bid": tp["pid"].to_numpy(),
        "town": tp["town"].to_numpy(), "village": tp["village"].to_numpy(), "hid": "",
        "name": tp["name"].to_numpy(), "pid": tp["pid"].to_numpy(), "payee": tp["payee"].to_numpy(),
        "bank": tp["bank"].to_numpy(), "account": tp["account"].to_numpy(), "area": tp["area"].to_numpy(),
        "std": B[paid], "persons": 1, "income": -1, "supp": (S * bp / 10000.0 / 100.0)[paid],
        "basis": basis[paid], "amount": amt[paid]}))
    tekun_paid = tp
    tekun_excl = set(tk["pid"][tk["held"]]) | set(tp["pid"])    # paid or held: no disability allowance
    log("TEKUN: %d paid" % len(tp))

    # ------------------------------------------------------------ ORPHAN
    op = load(args.orphan, "orphan")
    ok = common(op, pol, month)
    op["cat"] = enum(CATEGORIES, op["category"])
    school = yes_no(op["in_school"])
    inst = (op["cat"] == "institutional").to_numpy()
    op["payee"] = np.where(inst, op["institution"], op["guardian"].where(op["guardian"] != "", op["payee"]))
    op["bank"] = np.where(inst, op["institution_bank"], op["bank"])
    op["account"] = np.where(inst, op["institution_account"], op["account"])
    ok &= op["cat"].notna().to_numpy() & school.notna().to_numpy() & (op["account"] != "").to_numpy()
    ok &= (op["payee"] != "").to_numpy()
    op["school"] = school.fillna(0).astype(int)
    op = op[ok]
    op = op[~op["pid"].duplicated(keep=False)]
    d, a = op["district"], op["area"]
    age = op["age"].to_numpy()
    sl = pol.column("orphan.student_age_limit", d, a).to_numpy(dtype=np.int64)
    elig = (age < pol.column("orphan.age_limit", d, a).to_numpy(dtype=np.int64)) | \
        ((op["school"].to_numpy() == 1) & (sl != 0) & (age < sl))
    I = pol.column("orphan.institutional", d, a).to_numpy(dtype=np.int64)
    sp = pol.column("orphan.scattered_pct", d, a).to_numpy(dtype=np.int64)
    dp = pol.column("orphan.defacto_pct", d, a).to_numpy(dtype=np.int64)
    cat = op["cat"].to_numpy()
    num = np.where(cat == "institutional", I * 100000000, np.where(cat == "scattered", I * sp * 10000, I * sp * dp))
    amt = round_money(num, 100000000, pol.column("orphan.rounding", d, a).to_numpy())
    paid = elig & (amt > 0)
    basis = np.where(cat == "institutional", fmt_yuan(I),
                     np.where(cat == "scattered", fmt_yuan(I) + "*" + fmt_exact(sp, 1) + "%",
                              fmt_yuan(I) + "*" + fmt_exact(sp, 1) + "%*" + fmt_exact(dp, 1) + "%")) + "=" + fmt_yuan(amt)
    orph_paid = op[paid]
    lines.append(pd.DataFrame({
        "district": orph_paid["district"].to_numpy(), "prog": 4, "bid": orph_paid["pid"].to_numpy(),
        "town": orph_paid["town"].to_numpy(), "village": orph_paid["village"].to_numpy(), "hid": "",
        "name": orph_paid["name"].to_numpy(), "pid": orph_paid["pid"].to_numpy(),
        "payee": orph_paid["payee"].to_numpy(), "bank": orph_paid["bank"].to_numpy(),
        "account": orph_paid["account"].to_numpy(), "area": orph_paid["area"].to_numpy(),
        "std": I[paid], "persons": 1, "income": -1, "supp": np.nan, "basis": basis[paid], "amount": amt[paid]}))
    log("ORPHAN: %d paid" % len(orph_paid))

    # ------------------------------------------------------------ disability allowances
    ds = load(args.disability, "disability")
    ok = common(ds, pol, month)
    cert = ds["certificate"].str.upper()
    ok &= cert.str.fullmatch(r"[0-9]{17}[0-9X][1-7][1-4]").fillna(False).to_numpy()
    ok &= (cert.str[:18] == ds["pid"]).to_numpy()
    ds["ctype"] = pd.to_numeric(cert.str[18], errors="coerce").fillna(0).astype(int)
    ds["cgrade"] = pd.to_numeric(cert.str[19], errors="coerce").fillna(0).astype(int)
    ok &= ((ds["disability_type"] == "") | (ds["disability_type"] == ds["ctype"].astype(str))).to_numpy()
    ok &= ((ds["disability_grade"] == "") | (ds["disability_grade"] == ds["cgrade"].astype(str))).to_numpy()
    ds["payee"] = ds["payee"].where(ds["payee"] != "", ds["name"])
    ok &= (ds["account"] != "").to_numpy()
    ds = ds[ok]
    ds = ds[~ds["pid"].duplicated(keep=False)]
    d, a = ds["district"], ds["area"]
    g, ty = ds["cgrade"].to_numpy(), ds["ctype"].to_numpy()
    excl = pol.column("disability.exclude_tekun", d, a).to_numpy(dtype=np.int64) == 1
    not_excl = ~(excl & ds["pid"].isin(tekun_excl).to_numpy())
    member_hh = dbp.drop_duplicates("pid").set_index("pid")["household_id"]
    hid = ds["pid"].map(member_hh)
    liv = not_excl & hid.notna().to_numpy() & (g >= 1) & (g <= 4)
    amt = np.where(g <= 2, pol.column("disability.living.grade12", d, a).to_numpy(dtype=np.int64),
                   pol.column("disability.living.grade34", d, a).to_numpy(dtype=np.int64))
    liv &= amt > 0
    inc3 = pol.column("disability.nursing.include_grade3", d, a).to_numpy(dtype=np.int64) == 1
    nur = not_excl & ((g == 1) | (g == 2) | ((g == 3) & ((ty == 5) | (ty == 6)) & inc3))
    namt = np.zeros(len(ds), dtype=np.int64)
    for k in (1, 2, 3):
        sel = g == k
        namt[sel] = pol.column("disability.nursing.grade%d" % k, d[sel], a[sel]).to_numpy(dtype=np.int64)
    nur &= namt > 0
    gs = g.astype(str).astype(object)
    for prog, sel, am, basis, hids in (
            (2, liv, amt, "grade " + gs + ": " + fmt_yuan(amt), hid.fillna("").to_numpy()),
            (3, nur, namt, "grade " + gs + " type " + ty.astype(str).astype(object) + ": " + fmt_yuan(namt), "")):
        x = ds[sel]
        lines.append(pd.DataFrame({
            "district": x["district"].to_numpy(), "prog": prog, "bid": x["pid"].to_numpy(),
            "town": x["town"].to_numpy(), "village": x["village"].to_numpy(),
            "hid": hids[sel] if isinstance(hids, np.ndarray) else hids,
            "name": x["name"].to_numpy(), "pid": x["pid"].to_numpy(), "payee": x["payee"].to_numpy(),
            "bank": x["bank"].to_numpy(), "account": x["account"].to_numpy(), "area": x["area"].to_numpy(),
            "std": am[sel], "persons": 1, "income": -1, "supp": np.nan, "basis": basis[sel], "amount": am[sel]}))
    log("DIS_LIVING: %d paid, DIS_NURSING: %d paid" % (int(liv.sum()), int(nur.sum())))

    # ------------------------------------------------------------ PRICE
    # covered: TEKUN paid, ORPHAN paid, members of paid DIBAO households; first cover wins
    heads_p = hh.loc[list(paid_hh)] if paid_hh else hh.iloc[:0]
    mem = dbp.join(heads_p[["district", "area", "payee", "name", "bank", "account"]].rename(
        columns=lambda c: "h_" + c), on="household_id")
    cov = pd.concat([
        pd.DataFrame({"pid": tekun_paid["pid"], "rank": 0, "district": tekun_paid["district"],
                      "area": tekun_paid["area"], "name": tekun_paid["name"], "payee": tekun_paid["payee"],
                      "bank": tekun_paid["bank"], "account": tekun_paid["account"], "hid": "",
                      "town": tekun_paid["town"], "village": tekun_paid["village"]}),
        pd.DataFrame({"pid": orph_paid["pid"], "rank": 1, "district": orph_paid["district"],
                      "area": orph_paid["area"], "name": orph_paid["name"], "payee": orph_paid["payee"],
                      "bank": orph_paid["bank"], "account": orph_paid["account"], "hid": "",
                      "town": orph_paid["town"], "village": orph_paid["village"]}),
        pd.DataFrame({"pid": mem["pid"], "rank": 2, "district": mem["h_district"], "area": mem["h_area"],
                      "name": mem["name"],
                      "payee": mem["h_payee"].where(mem["h_payee"] != "", mem["h_name"]),
                      "bank": mem["h_bank"], "account": mem["h_account"], "hid": mem["household_id"],
                      "town": mem["town"], "village": mem["village"]}),
    ], ignore_index=True)
    cov = cov.drop_duplicates("pid", keep="first")        # concat order = TEKUN, ORPHAN, DIBAO
    d, a = cov["district"], cov["area"]
    price = {}
    for dd, aa in pd.MultiIndex.from_arrays([d, a]).unique():
        price[(dd, aa)] = price_amount(pol, index, month, dd, aa)
    pr = pd.Series(list(zip(d, a)), index=cov.index).map(price)
    amt = np.array([p[0] for p in pr], dtype=np.int64)
    std = np.array([p[1] for p in pr], dtype=np.int64)
    basis = np.array([p[2] for p in pr], dtype=object)
    paid = amt > 0
    c = cov[paid]
    lines.append(pd.DataFrame({
        "district": c["district"].to_numpy(), "prog": 5, "bid": c["pid"].to_numpy(),
        "town": c["town"].to_numpy(), "village": c["village"].to_numpy(), "hid": c["hid"].to_numpy(),
        "name": c["name"].to_numpy(), "pid": c["pid"].to_numpy(), "payee": c["payee"].to_numpy(),
        "bank": c["bank"].to_numpy(), "account": c["account"].to_numpy(), "area": c["area"].to_numpy(),
        "std": std[paid], "persons": 1, "income": -1, "supp": np.nan, "basis": basis[paid], "amount": amt[paid]}))
    log("PRICE: %d paid" % int(paid.sum()))

    out = pd.concat(lines, ignore_index=True)
    out = out.sort_values(["district", "prog", "bid"], kind="stable", ignore_index=True)
    log("%d payment lines, sorted" % len(out))
    return out


def price_amount(pol, index, month, d, a):
    """-> (amount fen, S fen, basis) of the price subsidy for a district and area (0 when not triggered)."""
    S = pol.get("dibao.standard", d, a)
    lag = pol.get("price.index_lag", d, a)
    ym = month - lag
    if ym not in index:
        sys.exit("peer: configuration error: the index has no month %04d-%02d" % (ym // 12, ym % 12 + 1))
    cpi, food, scpi = index[ym]
    formula = pol.get("price.formula", d, a)
    if formula == "jiangsu_tiered":
        x = cpi if scpi is None else max(cpi, scpi)
        if x < pol.get("price.trigger", d, a):
            return 0, S, ""
        fr = pol.get("price.tier2_fraction" if x >= pol.get("price.tier2", d, a) else "price.tier1_fraction", d, a)
        exact = S * fr
    else:
        if not (cpi >= pol.get("price.trigger", d, a) or food >= pol.get("price.trigger_food", d, a)):
            return 0, S, ""
        x = cpi
        fr = Fraction(cpi, 10000)
        exact = S * fr
    mode = pol.get("price.rounding", d, a)
    amt = int(round_money([exact.numerator], [exact.denominator], mode)[0])
    amt = max(amt, pol.get("price.min_amount", d, a))
    ex = exact / 100
    ext = ("%.6f" % float(ex)).rstrip("0").rstrip(".") + ("" if (ex * 10 ** 6).denominator == 1 else "...")
    return amt, S, "index %04d-%02d %s%%: %s*%s=%s→%s (%s)" % (
        ym // 12, ym % 12 + 1, ("%.2f" % (x / 100)).rstrip("0").rstrip("."), yuan(S), fr, ext, yuan(amt), mode)


# ---------------------------------------------------------------- workbooks

def write_district(path, tmpdir, title, lines):
    wb = xlsxwriter.Workbook(path, {"constant_memory": True, "tmpdir": tmpdir})
    wb.set_properties({"title": title, "author": "peer"})
    fhead = wb.add_format({"bold": True, "border": 1, "bg_color": "#DDEBF7", "text_wrap": True,
                           "align": "center", "valign": "vcenter"})
    ftext = wb.add_format({"num_format": "@"})
    fmoney = wb.add_format({"num_format": "#,##0.00"})
    fint = wb.add_format({"num_format": "0"})
    ftl = wb.add_format({"bold": True, "top": 6})
    ftm = wb.add_format({"bold": True, "num_format": "#,##0.00", "top": 6})
    fti = wb.add_format({"bold": True, "num_format": "0", "top": 6})
    totals = {}
    if len(lines) == 0:
        wb.add_worksheet("无发放").write_string(0, 0, "本月本区无发放记录。")
    for prog, grp in lines.groupby("prog", sort=True):
        cols = [grp[c].tolist() for c in ("town", "village", "hid", "name", "pid", "payee", "bank",
                                           "account", "area", "std", "persons", "income", "supp",
                                           "basis", "amount")]
        totals[PROGRAMS[prog]] = {"lines": len(grp), "fen": int(grp["amount"].sum())}
        for part, i0 in enumerate(range(0, len(grp), MAX_ROWS)):
            i1 = min(i0 + MAX_ROWS, len(grp))
            ws = wb.add_worksheet(SHEETS[prog] + (" (%d)" % (part + 1) if part else ""))
            ws.set_landscape()
            ws.set_paper(9)
            ws.fit_to_pages(1, 0)
            ws.repeat_rows(0)
            ws.set_header("&C&14&B%s %s发放明细" % (title, PROG_ZH[prog]))
            ws.set_footer("&C第 &P 页 共 &N 页")
            for c, (hd, w) in enumerate(zip(HEAD, WIDTH)):
                ws.set_column(c, c, w)
            ws.set_row(0, 30)
            for c, hd in enumerate(HEAD):
                ws.write_string(0, c, hd, fhead)
            ws.freeze_panes(1, 0)
            ws_n, ws_s = ws.write_number, ws.write_string
            town, village, hid, name, pid, payee, bank, account, area, std, persons, income, supp, basis, amount = cols
            row = 0
            persons_sum = fen_sum = 0
            for k in range(i0, i1):
                row += 1
                ws_n(row, 0, row, fint)
                if town[k]:
                    ws_s(row, 1, town[k], ftext)
                if village[k]:
                    ws_s(row, 2, village[k], ftext)
                if hid[k]:
                    ws_s(row, 3, hid[k], ftext)
                ws_s(row, 4, name[k], ftext)
                ws_s(row, 5, pid[k], ftext)
                ws_s(row, 6, payee[k], ftext)
                if bank[k]:
                    ws_s(row, 7, bank[k], ftext)
                ws_s(row, 8, account[k], ftext)
                ws_s(row, 9, "城市" if area[k] == "urban" else "农村", ftext)
                ws_n(row, 10, std[k] / 100, fmoney)
                ws_n(row, 11, persons[k], fint)
                if income[k] >= 0:
                    ws_n(row, 12, income[k] / 100, fmoney)
                if supp[k] == supp[k]:          # not NaN
                    ws_n(row, 13, supp[k], fmoney)
                ws_s(row, 14, basis[k], ftext)
                ws_n(row, 15, amount[k] / 100, fmoney)
                persons_sum += persons[k]
                fen_sum += amount[k]
            ws.autofilter(0, 0, row, len(HEAD) - 1)
            ws.write_string(row + 1, 0, "合计 %d 笔" % (i1 - i0), ftl)
            ws.write_formula(row + 1, 11, "=SUM(L2:L%d)" % (row + 1), fti, persons_sum)
            ws.write_formula(row + 1, 15, "=SUM(P2:P%d)" % (row + 1), ftm, fen_sum / 100)
            for j, s in enumerate(("制表人：", "审核人：", "负责人：", "日期：")):
                ws.write_string(row + 3, j * 4, s)
    wb.close()
    return totals


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--month", required=True)
    ap.add_argument("--policy", required=True)
    ap.add_argument("--index", required=True)
    for r in ("dibao", "tekun", "disability", "orphan"):
        ap.add_argument("--" + r, action="append", default=[])
    ap.add_argument("--out", required=True)
    ap.add_argument("--dump-lines", metavar="FILE", help="also write the payment lines as CSV (for checking; not timed)")
    args = ap.parse_args()
    month = month_parse(args.month)
    if month is None:
        sys.exit("peer: --month must be YYYY-MM")
    pol = Policy(args.policy, month)
    index = read_index(args.index)
    lines = compute(args, pol, index, month)
    if args.dump_lines:
        d = lines.assign(program=[PROGRAMS[p] for p in lines["prog"]])
        d[["program", "bid", "hid", "pid", "district", "area", "name", "payee", "bank", "account", "amount",
           "basis"]].to_csv(args.dump_lines, index=False)
    os.makedirs(args.out, exist_ok=True)
    all_totals = {}
    grand_l = grand_f = 0
    for code in sorted(pol.districts):
        name = pol.names[code]
        safe = re.sub(r'[\\/:*?"<>|\s]', "_", name)
        sel = lines[lines["district"] == code]
        t = write_district(os.path.join(args.out, "%s-%s.xlsx" % (code, safe)), args.out,
                           "%s %04d-%02d" % (name, month // 12, month % 12 + 1), sel)
        all_totals[code] = t
        for p in PROGRAMS:
            if p in t:
                print("peer: %s %s lines=%d fen=%d" % (code, p, t[p]["lines"], t[p]["fen"]))
        nl, nf = sum(v["lines"] for v in t.values()), sum(v["fen"] for v in t.values())
        print("peer: %s total lines=%d fen=%d" % (code, nl, nf), flush=True)
        grand_l += nl
        grand_f += nf
        log("wrote %s" % code)
    print("peer: all total lines=%d fen=%d" % (grand_l, grand_f))
    with open(os.path.join(args.out, "peer-totals.json"), "w") as fh:
        json.dump(all_totals, fh, indent=1, sort_keys=True)
    log("done")


if __name__ == "__main__":
    main()
