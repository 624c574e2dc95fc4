#!/usr/bin/env python3
"""Independent reference implementation of the payrun rules (test oracle).

Implements domain.md sections 2-5a plus the choices recorded in docs/RULES.md,
with the further choices listed under "Ambiguities" in tests/oracle/README.md.
Python 3 standard library only; money is integer fen, intermediate results are
exact fractions.Fraction values rounded once.

    python3 tests/oracle/reference.py --month 2024-05 --policy policy.csv \
        --index index.csv --dibao d1.csv --tekun t1.csv.gz \
        --disability x.csv --orphan o.csv --out DIR

writes DIR/ledger.csv and DIR/exceptions.csv.  Exit status: 0 success,
2 configuration error or fatal input error (nothing is written).
"""

import argparse
import calendar
import csv
import datetime
import gzip
import io
import os
import re
import sys
import zlib
from fractions import Fraction

PROGRAMS = ["DIBAO", "TEKUN", "DIS_LIVING", "DIS_NURSING", "ORPHAN", "PRICE", "TEMP"]
PROG_RANK = {p: i for i, p in enumerate(PROGRAMS)}

# canonical column name -> Chinese header
COLUMNS = {
    "id_number": "身份证号", "name": "姓名", "district": "区划代码",
    "area": "城乡类别", "town": "乡镇街道", "village": "村居",
    "bank": "开户银行", "account": "银行账号", "payee": "收款人",
    "household_id": "户编号", "relation": "与户主关系",
    "household_income": "家庭月收入", "kind": "保障类型",
    "grace_until": "渐退截止", "grace_amount": "渐退金额",
    "disability_grade": "残疾等级", "disability_type": "残疾类别",
    "serious_illness": "重病", "employed": "就业",
    "care_level": "自理能力", "support_mode": "供养方式",
    "institution": "供养机构", "institution_bank": "机构开户银行",
    "institution_account": "机构账号",
    "certificate": "残疾人证号",
    "category": "类别", "in_school": "在校", "guardian": "监护人",
}
COMMON_REQUIRED = ["id_number", "name", "district", "area", "bank", "account"]
COMMON_OPTIONAL = ["town", "village", "payee"]
ROSTER_COLUMNS = {
    "dibao": (["household_id", "relation", "household_income"],
              ["kind", "grace_until", "grace_amount", "disability_grade",
               "disability_type", "serious_illness", "employed"]),
    "tekun": (["care_level", "support_mode"],
              ["institution", "institution_bank", "institution_account"]),
    "disability": (["certificate"], ["disability_type", "disability_grade"]),
    "orphan": (["category"],
               ["in_school", "institution", "institution_bank",
                "institution_account", "guardian"]),
}
ROSTER_PROGRAMS = {
    "dibao": ["DIBAO"], "tekun": ["TEKUN"],
    "disability": ["DIS_LIVING", "DIS_NURSING"], "orphan": ["ORPHAN"],
}

ROUNDING_MODES = ("fen", "yuan_half_up", "yuan_ceil")
POLICY_TYPES = {
    "dibao.standard": "money", "dibao.rounding": "rounding",
    "dibao.min_payment": "money", "dibao.job_cost_deduction": "money",
    "dibao.supplement.severe_disability": "pct",
    "dibao.supplement.serious_illness": "pct",
    "dibao.supplement.elderly": "pct", "dibao.supplement.minor": "pct",
    "dibao.elderly_age": "int",
    "tekun.basic.dispersed": "money", "tekun.basic.concentrated": "money",
    "tekun.care.self": "pct", "tekun.care.partial": "pct",
    "tekun.care.full": "pct", "tekun.rounding": "rounding",
    "disability.living.grade12": "money", "disability.living.grade34": "money",
    "disability.nursing.grade1": "money", "disability.nursing.grade2": "money",
    "disability.nursing.grade3": "money",
    "disability.nursing.include_grade3": "bool",
    "disability.exclude_tekun": "bool",
    "orphan.institutional": "money", "orphan.scattered_pct": "pct",
    "orphan.defacto_pct": "pct", "orphan.age_limit": "int",
    "orphan.student_age_limit": "int", "orphan.rounding": "rounding",
    "price.formula": "formula", "price.index_lag": "int",
    "price.trigger": "pct", "price.tier2": "pct",
    "price.tier1_fraction": "ratio", "price.tier2_fraction": "ratio",
    "price.trigger_food": "pct", "price.min_amount": "money",
    "price.rounding": "rounding",
    # the payment cycle (domain.md section 8)
    "arrears.max_months": "int", "temp.max_amount": "money",
    "recovery.offset_pct": "pct",
}


class ConfigError(Exception):
    pass


class FatalInput(Exception):
    pass


# ---------------------------------------------------------------- values

MONEY_RE = re.compile(r"^([+-]?)(\d+)(?:\.(\d{1,2}))?$")


def parse_money(s):
    """Decimal yuan string -> int fen, or None when malformed."""
    if s is None:
        return None
    m = MONEY_RE.match(s.strip(" "))
    if not m:
        return None
    sign, whole, frac = m.groups()
    frac = (frac or "").ljust(2, "0")
    v = int(whole) * 100 + int(frac)
    return -v if sign == "-" else v


def parse_pct(s):
    """Decimal percentage (at most two decimals) -> Fraction (30 -> 30)."""
    v = parse_money(s)  # same lexical form; value*100 = basis points
    if v is None:
        return None
    return Fraction(v, 100)


RATIO_RE = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
DEC_RE = re.compile(r"^\s*(\d+)(?:\.(\d+))?\s*$")


def parse_ratio(s):
    m = RATIO_RE.match(s)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if b == 0:
            return None
        return Fraction(a, b)
    m = DEC_RE.match(s)
    if m:
        return Fraction(m.group(1) + "." + (m.group(2) or "0"))
    return None


MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(s):
    m = MONTH_RE.match(s.strip())
    if not m:
        return None
    y, mo = int(m.group(1)), int(m.group(2))
    if not 1 <= mo <= 12 or y < 1900:
        return None
    return (y, mo)


def month_add(ym, k):
    y, m = ym
    t = y * 12 + (m - 1) + k
    return (t // 12, t % 12 + 1)


def fmt_month(ym):
    return "%04d-%02d" % ym


def floor_frac(x):
    return x.numerator // x.denominator


def ceil_frac(x):
    return -((-x.numerator) // x.denominator)


def round_money(x, mode):
    """x: Fraction in fen (>= 0). Round once with the programme's mode."""
    x = Fraction(x)
    if x < 0:
        x = Fraction(0)
    if mode == "fen":
        return floor_frac(x + Fraction(1, 2))
    if mode == "yuan_half_up":
        return floor_frac(x / 100 + Fraction(1, 2)) * 100
    if mode == "yuan_ceil":
        return ceil_frac(x / 100) * 100
    raise ConfigError("unknown rounding mode %r" % mode)


def yuan(fen):
    fen = int(fen)
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    if fen % 100 == 0:
        return "%s%d" % (sign, fen // 100)
    return "%s%d.%02d" % (sign, fen // 100, fen % 100)


def fmt_frac_yuan(x):
    """Fraction fen -> yuan text for the basis column (exact when possible)."""
    y = Fraction(x) / 100
    for d in range(0, 7):
        v = y * 10 ** d
        if v.denominator == 1:
            s = str(abs(v.numerator)).rjust(d + 1, "0")
            r = s[:-d] + "." + s[-d:] if d else s
            return ("-" if y < 0 else "") + r
    return "%s/%s" % (y.numerator, y.denominator)


def fmt_pct(p):
    return fmt_frac_yuan(p * 100) + "%"


YES = {"是", "y", "yes", "1"}
NO = {"否", "n", "no", "0", ""}


def parse_yesno(s):
    t = (s or "").strip().lower()
    if t in YES:
        return True
    if t in NO:
        return False
    return None


def luhn_ok(s):
    if not s.isdigit() or not s.isascii():
        return False
    total = 0
    for i, ch in enumerate(reversed(s)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


# ---------------------------------------------------------------- ID numbers

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
SCI_RE = re.compile(r"^[+-]?\d+(?:\.\d*)?[eE][+-]?\d+$")


def id_check_char(first17):
    s = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS))
    return ID_CHECK[s % 11]


def validate_id(raw, last_day):
    """-> (normalized id, birth date, None) or (None, None, (code, message))."""
    s = (raw or "").strip()
    if s == "":
        return None, None, ("ID_MISSING", "ID number is blank")
    if re.fullmatch(r"\d{15}", s):
        return None, None, ("ID_LEGACY_15",
                            "15-digit legacy ID number %s; the 18-digit number is required" % s)
    if SCI_RE.match(s):
        return None, None, ("ID_SCIENTIFIC",
                            "ID number %s was turned into a number by a spreadsheet; "
                            "re-export the column as text" % s)
    if not re.fullmatch(r"\d{17}[0-9Xx]", s):
        return None, None, ("ID_FORMAT", "ID number %r is not 17 digits and a check character" % s)
    s = s.upper()
    y, m, d = int(s[6:10]), int(s[10:12]), int(s[12:14])
    try:
        birth = datetime.date(y, m, d)
    except ValueError:
        return None, None, ("ID_BAD_DATE", "ID number %s has an impossible birth date %s" % (s, s[6:14]))
    if y < 1900:
        return None, None, ("ID_BAD_DATE", "ID number %s has a birth year before 1900" % s)
    if birth > last_day:
        return None, None, ("ID_FUTURE_BIRTH", "ID number %s has a birth date after the batch month" % s)
    if id_check_char(s[:17]) != s[17]:
        return None, None, ("ID_CHECKSUM",
                            "ID number %s fails the check character (expected %s)" % (s, id_check_char(s[:17])))
    return s, birth, None


def age_at(birth, ym):
    y, m = ym
    age = y - birth.year
    if (m, 1) < (birth.month, birth.day):
        age -= 1
    return age


# ---------------------------------------------------------------- file reading

def read_bytes(path):
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as e:
        raise FatalInput("%s: cannot read file: %s" % (path, e))
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (EOFError, OSError, zlib.error, gzip.BadGzipFile) as e:
            raise FatalInput("%s: truncated or corrupt gzip stream: %s" % (path, e))
    return data


def _decodes(b, enc):
    try:
        b.decode(enc)
        return True
    except UnicodeDecodeError:
        return False


def decode_lines(data):
    """-> (encoding, [(text, decoded_ok)]) one entry per physical line."""
    forced = False
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        forced = True
    raw = data.split(b"\n")
    if raw and raw[-1] == b"":
        raw.pop()
    if forced or _decodes(data, "utf-8"):
        enc = "utf-8"
    else:
        bad_u = sum(1 for l in raw if not _decodes(l, "utf-8"))
        bad_g = sum(1 for l in raw if not _decodes(l, "gb18030"))
        enc = "utf-8" if bad_u < bad_g else "gb18030"
    lines = []
    for l in raw:
        try:
            lines.append((l.decode(enc), True))
        except UnicodeDecodeError:
            lines.append((l.decode(enc, "replace"), False))
    return enc, lines


def parse_csv_lines(lines):
    """RFC 4180 parser over decoded physical lines.

    Yields dicts: line (1-based start), fields (list), error (code, msg) or None.
    Empty physical lines between records are not records.  An unterminated
    quote rejects the record starting at its line; parsing resumes on the next
    physical line.
    """
    n = len(lines)
    i = 0
    out = []
    while i < n:
        first = lines[i][0]
        if first.endswith("\r"):
            first = first[:-1]
        if first == "":
            i += 1
            continue
        start = i
        fields = []
        field = []
        in_q = False
        was_quoted = False
        after_q = False
        err = None
        j = i
        unterminated = False
        while True:
            t = lines[j][0]
            if t.endswith("\r"):
                t = t[:-1]
            k = 0
            L = len(t)
            while k < L:
                c = t[k]
                if in_q:
                    if c == '"':
                        if k + 1 < L and t[k + 1] == '"':
                            field.append('"')
                            k += 2
                            continue
                        in_q = False
                        after_q = True
                        k += 1
                        continue
                    field.append(c)
                    k += 1
                    continue
                if c == ",":
                    fields.append("".join(field))
                    field = []
                    was_quoted = after_q = False
                    k += 1
                    continue
                if after_q:
                    err = err or ("BAD_CSV", "text after a closing quote")
                    field.append(c)
                    k += 1
                    continue
                if c == '"':
                    if not field and not was_quoted:
                        in_q = True
                        was_quoted = True
                        k += 1
                        continue
                    err = err or ("BAD_CSV", "quote character inside an unquoted field")
                field.append(c)
                k += 1
            if in_q:
                if j + 1 >= n:
                    unterminated = True
                    break
                field.append("\n")
                j += 1
                continue
            fields.append("".join(field))
            break
        bad_enc = any(not lines[x][1] for x in range(start, min(j, n - 1) + 1))
        if unterminated:
            out.append({"line": start + 1, "fields": None,
                        "error": ("BAD_CSV", "unterminated quoted field")})
            i = start + 1
            continue
        if bad_enc and not err:
            err = ("BAD_ENCODING", "bytes that are neither UTF-8 nor GB18030")
        out.append({"line": start + 1, "fields": fields, "error": err})
        i = j + 1
    return out


def read_csv_file(path):
    data = read_bytes(path)
    enc, lines = decode_lines(data)
    recs = parse_csv_lines(lines)
    if not recs:
        raise FatalInput("%s: empty file, no header row" % path)
    header = recs[0]
    if header["error"] or header["fields"] is None:
        raise FatalInput("%s: line %d: malformed header row (%s)" % (
            path, header["line"], header["error"][1] if header["error"] else "?"))
    names = [h.strip(" ") for h in header["fields"]]
    return names, recs[1:]


def map_columns(path, names, roster):
    req, opt = ROSTER_COLUMNS[roster]
    required = COMMON_REQUIRED + req
    wanted = required + COMMON_OPTIONAL + opt
    idx = {}
    for canon in wanted:
        for pos, h in enumerate(names):
            if h == canon or h == COLUMNS[canon]:
                idx[canon] = pos
                break
    missing = [c for c in required if c not in idx]
    if missing:
        raise FatalInput("%s: line 1: missing required column(s) %s" % (
            path, ", ".join("%s/%s" % (COLUMNS[c], c) for c in missing)))
    return idx


# ---------------------------------------------------------------- policy

class Policy:
    def __init__(self, path, month):
        self.month = month
        self.rows = {}   # key -> list of (district, area, from, value, text, line)
        self.path = path
        self.declared = {}
        self.regions = {}   # local codes that are not paid districts
        names, recs = read_csv_file_cfg(path)
        want = ["key", "district", "area", "from", "value"]
        pos = {}
        for w in want:
            if w not in names:
                raise ConfigError("%s: policy file lacks column %r" % (path, w))
            pos[w] = names.index(w)
        seen = {}
        for r in recs:
            if r["error"] or len(r["fields"]) != len(names):
                raise ConfigError("%s: line %d: malformed policy row" % (path, r["line"]))
            f = {w: r["fields"][pos[w]].strip() for w in want}
            key, dist, area = f["key"], f["district"], f["area"]
            frm = parse_month(f["from"])
            if frm is None:
                raise ConfigError("%s: line %d: bad 'from' month %r" % (path, r["line"], f["from"]))
            if not (dist == "*" or re.fullmatch(r"\d{6}", dist)):
                raise ConfigError("%s: line %d: bad district %r" % (path, r["line"], dist))
            if area not in ("*", "urban", "rural"):
                raise ConfigError("%s: line %d: bad area %r" % (path, r["line"], area))
            if key in ("district", "region"):
                if dist == "*":
                    raise ConfigError("%s: line %d: %s declaration needs a code" % (path, r["line"], key))
                if f["value"] == "":
                    raise ConfigError("%s: line %d: %s declaration needs a name" % (path, r["line"], key))
                (self.declared if key == "district" else self.regions).setdefault(dist, []).append(frm)
                continue
            if key not in POLICY_TYPES:
                continue  # unknown keys are ignored
            val = self._parse_value(key, f["value"])
            if val is None:
                raise ConfigError("%s: line %d: bad value %r for %s" % (path, r["line"], f["value"], key))
            k4 = (key, dist, area, frm)
            if k4 in seen:
                raise ConfigError("%s: line %d: duplicate policy row for %s %s %s %s (first at line %d)" % (
                    path, r["line"], key, dist, area, fmt_month(frm), seen[k4]))
            seen[k4] = r["line"]
            self.rows.setdefault(key, []).append((dist, area, frm, val, f["value"], r["line"]))

    @staticmethod
    def _parse_value(key, v):
        t = POLICY_TYPES[key]
        if t == "money":
            x = parse_money(v)
            return x if x is not None and x >= 0 else None
        if t == "pct":
            x = parse_pct(v)
            if key == "recovery.offset_pct" and x is not None and x > 50:
                return None   # RULES.md: any row above 50 is a configuration error
            return x if x is not None and x >= 0 else None
        if t == "ratio":
            return parse_ratio(v)
        if t == "int":
            return int(v) if re.fullmatch(r"\d+", v.strip()) else None
        if t == "bool":
            return int(v) if v.strip() in ("0", "1") else None
        if t == "rounding":
            return v if v in ROUNDING_MODES else None
        if t == "formula":
            return v if v in ("jiangsu_tiered", "national_linear") else None
        return None

    def is_declared(self, district):
        return any(frm <= self.month for frm in self.declared.get(district, []))

    def is_local(self, code):
        """A declared district or region in force: the ID region codes that are local."""
        return self.is_declared(code) or any(frm <= self.month for frm in self.regions.get(code, []))

    def row(self, key, district, area):
        """The row (district, area, from, value, text, line) in force, or None."""
        cands = [r for r in self.rows.get(key, [])
                 if r[2] <= self.month and r[0] in (district, "*") and r[1] in (area, "*")]
        if not cands:
            return None
        latest = max(r[2] for r in cands)
        cands = [r for r in cands if r[2] == latest]
        cands.sort(key=lambda r: (r[0] == "*", r[1] == "*"))
        return cands[0]

    def get(self, key, district, area):
        r = self.row(key, district, area)
        if r is None:
            raise ConfigError("configuration error: no policy row for key %s, district %s, area %s, month %s"
                              % (key, district, area, fmt_month(self.month)))
        return r[3]

    def districts(self):
        """The districts declared for the month, ascending."""
        return sorted(d for d in self.declared if self.is_declared(d))


def read_csv_file_cfg(path):
    try:
        return read_csv_file(path)
    except FatalInput as e:
        raise ConfigError(str(e))


class Index:
    def __init__(self, path):
        names, recs = read_csv_file_cfg(path)
        for w in ("month", "cpi", "food_cpi", "scpi"):
            if w not in names:
                raise ConfigError("%s: index file lacks column %r" % (path, w))
        p = {w: names.index(w) for w in ("month", "cpi", "food_cpi", "scpi")}
        self.path = path
        self.months = {}
        for r in recs:
            if r["error"] or len(r["fields"]) != len(names):
                raise ConfigError("%s: line %d: malformed index row" % (path, r["line"]))
            f = {w: r["fields"][p[w]].strip() for w in p}
            ym = parse_month(f["month"])
            if ym is None:
                raise ConfigError("%s: line %d: bad month %r" % (path, r["line"], f["month"]))
            vals = {}
            for w in ("cpi", "food_cpi", "scpi"):
                if f[w] == "":
                    vals[w] = None
                else:
                    v = parse_pct(f[w])
                    if v is None:
                        raise ConfigError("%s: line %d: bad %s value %r" % (path, r["line"], w, f[w]))
                    vals[w] = v
            if ym in self.months:
                raise ConfigError("%s: line %d: month %s given twice" % (path, r["line"], fmt_month(ym)))
            self.months[ym] = vals

    def get(self, ym, field):
        if ym not in self.months:
            raise ConfigError("configuration error: index file %s has no row for month %s"
                              % (self.path, fmt_month(ym)))
        v = self.months[ym][field]
        if v is None and field != "scpi":
            raise ConfigError("configuration error: index file %s has no %s for month %s"
                              % (self.path, field, fmt_month(ym)))
        return v


# ---------------------------------------------------------------- records

AREAS = {"城市": "urban", "urban": "urban", "农村": "rural", "rural": "rural"}
KINDS = {"全户保": "household", "household": "household", "单人保": "single", "single": "single"}
CARE = {"全自理": "self", "self": "self", "半护理": "partial", "partial": "partial",
        "全护理": "full", "full": "full"}
MODES = {"分散": "dispersed", "dispersed": "dispersed", "集中": "concentrated",
         "concentrated": "concentrated"}
CATEGORIES = {"机构养育": "institutional", "institutional": "institutional",
              "社会散居": "scattered", "scattered": "scattered",
              "事实无人抚养": "defacto", "defacto": "defacto"}


def enum(table, s):
    t = (s or "").strip()
    if t in table:
        return table[t]
    return table.get(t.lower())


class Rec:
    """One roster row."""

    def __init__(self, roster, file_idx, path, line):
        self.roster = roster
        self.file_idx = file_idx
        self.path = path
        self.file = os.path.basename(path)
        self.line = line
        self.f = {}
        self.errors = []      # REJECTED reasons (code, message)
        self.warnings = []
        self.pid = None
        self.birth = None
        self.status = {}      # program -> status
        self.code = {}        # program -> (code, message)
        self.amount = {}
        self.basis = {}
        self.household = None

    @property
    def order(self):
        return (self.file_idx, self.line)

    def get(self, c):
        return self.f.get(c, "")


class Household:
    def __init__(self, hid):
        self.hid = hid
        self.rows = []
        self.head = None
        self.status = None
        self.code = None
        self.amount = 0
        self.basis = ""

    @property
    def order(self):
        return min(r.order for r in self.rows)


class Engine:
    def __init__(self, month, policy, index):
        self.month = month
        self.last_day = datetime.date(month[0], month[1], calendar.monthrange(*month)[1])
        self.pol = policy
        self.idx = index
        self.findings = []
        self.ledger = []
        self.all_recs = []

    # ---------------------------------------------------------- validation
    def load(self, roster, paths, file_base):
        recs = []
        for n, path in enumerate(paths):
            names, rows = read_csv_file(path)
            idx = map_columns(path, names, roster)
            for r in rows:
                rec = Rec(roster, file_base + n, path, r["line"])
                if r["error"]:
                    rec.errors.append(r["error"])
                    rec.malformed = True
                elif len(r["fields"]) != len(names):
                    rec.errors.append(("BAD_FIELD_COUNT", "%d fields, header has %d" % (
                        len(r["fields"]), len(names))))
                    rec.malformed = True
                else:
                    rec.malformed = False
                    rec.f = {c: r["fields"][p].strip(" \t") for c, p in idx.items()}
                    self.validate(rec)
                recs.append(rec)
        self.all_recs.extend(recs)
        return recs

    def reject(self, rec, code, msg):
        rec.errors.append((code, msg))

    def validate(self, rec):
        pid, birth, err = validate_id(rec.get("id_number"), self.last_day)
        if err:
            self.reject(rec, *err)
        else:
            rec.pid, rec.birth = pid, birth
            if not self.pol.is_local(pid[:6]):
                rec.warnings.append(("ID_REGION_OUTSIDE_NANTONG",
                                     "ID region code %s is outside Nantong" % pid[:6]))
        if rec.get("name") == "":
            self.reject(rec, "MISSING_NAME", "name is blank")
        d = rec.get("district")
        if not re.fullmatch(r"\d{6}", d):
            self.reject(rec, "BAD_DISTRICT", "district %r is not a 6-digit division code" % d)
        elif not self.pol.is_declared(d):
            self.reject(rec, "UNKNOWN_DISTRICT", "district %s is not declared in the policy file" % d)
        rec.district = d
        rec.area = enum(AREAS, rec.get("area"))
        if rec.area is None:
            self.reject(rec, "BAD_AREA", "area %r is not 城市/农村/urban/rural" % rec.get("area"))
        getattr(self, "validate_" + rec.roster)(rec)

    def own_account(self, rec, who="payee"):
        acct = rec.get("account")
        if acct == "":
            self.reject(rec, "MISSING_ACCOUNT", "the %s has no bank account" % who)
            return
        if not luhn_ok(acct):
            rec.warnings.append(("ACCOUNT_LUHN", "bank card number %s fails the Luhn check" % acct))
        if rec.get("bank") == "":
            rec.warnings.append(("MISSING_BANK", "bank name is blank"))

    def validate_dibao(self, rec):
        rec.hid = rec.get("household_id")
        if rec.hid == "":
            self.reject(rec, "MISSING_HOUSEHOLD_ID", "household id is blank")
        rel = rec.get("relation")
        rec.is_head = rel in ("户主",) or rel.lower() == "head"
        g = rec.get("disability_grade")
        rec.grade = 0 if g == "" else (int(g) if re.fullmatch(r"[0-4]", g) else None)
        if rec.grade is None:
            self.reject(rec, "BAD_DISABILITY_GRADE", "disability grade %r is not 0-4" % g)
        t = rec.get("disability_type")
        rec.dtype = None if t == "" else (int(t) if re.fullmatch(r"[1-7]", t) else -1)
        if rec.dtype == -1:
            self.reject(rec, "BAD_DISABILITY_TYPE", "disability type %r is not 1-7" % t)
        rec.ill = parse_yesno(rec.get("serious_illness"))
        if rec.ill is None:
            self.reject(rec, "BAD_YES_NO", "serious_illness %r is not yes/no" % rec.get("serious_illness"))
        rec.employed = parse_yesno(rec.get("employed"))
        if rec.employed is None:
            self.reject(rec, "BAD_YES_NO", "employed %r is not yes/no" % rec.get("employed"))
        if rec.is_head:
            inc = rec.get("household_income")
            rec.income = parse_money(inc)
            if inc == "":
                self.reject(rec, "MISSING_INCOME", "household income is blank on the head's row")
            elif rec.income is None:
                self.reject(rec, "BAD_MONEY", "household income %r is not a yuan amount" % inc)
            elif rec.income < 0:
                self.reject(rec, "NEGATIVE_MONEY", "household income %r is negative" % inc)
            k = rec.get("kind")
            rec.kind = "household" if k == "" else enum(KINDS, k)
            if rec.kind is None:
                self.reject(rec, "BAD_KIND", "kind %r is not 全户保/单人保" % k)
            gu = rec.get("grace_until")
            rec.grace_until = None
            rec.grace_amount = None
            if gu != "":
                rec.grace_until = parse_month(gu)
                if rec.grace_until is None:
                    self.reject(rec, "BAD_MONTH", "grace_until %r is not a YYYY-MM month" % gu)
                ga = rec.get("grace_amount")
                rec.grace_amount = parse_money(ga)
                if ga == "":
                    self.reject(rec, "MISSING_GRACE_AMOUNT", "household in grace has no grace amount")
                elif rec.grace_amount is None:
                    self.reject(rec, "BAD_MONEY", "grace amount %r is not a yuan amount" % ga)
                elif rec.grace_amount < 0:
                    self.reject(rec, "NEGATIVE_MONEY", "grace amount %r is negative" % ga)
            self.own_account(rec, "household head")
            rec.payee = rec.get("payee") or rec.get("name")
            rec.bank = rec.get("bank")
            rec.account = rec.get("account")

    def validate_tekun(self, rec):
        rec.care = enum(CARE, rec.get("care_level"))
        if rec.care is None:
            self.reject(rec, "BAD_CARE_LEVEL", "care level %r is not 全自理/半护理/全护理" % rec.get("care_level"))
        rec.mode = enum(MODES, rec.get("support_mode"))
        if rec.mode is None:
            self.reject(rec, "BAD_SUPPORT_MODE", "support mode %r is not 分散/集中" % rec.get("support_mode"))
        elif rec.mode == "concentrated":
            self.institution_payee(rec)
        else:
            self.own_account(rec)
            rec.payee = rec.get("payee") or rec.get("name")
            rec.bank, rec.account = rec.get("bank"), rec.get("account")

    def institution_payee(self, rec):
        rec.payee = rec.get("institution")
        rec.bank = rec.get("institution_bank")
        rec.account = rec.get("institution_account")
        if rec.payee == "":
            self.reject(rec, "MISSING_INSTITUTION", "institution name is blank")
        if rec.account == "":
            self.reject(rec, "MISSING_ACCOUNT", "the institution has no bank account")

    def validate_disability(self, rec):
        cert = rec.get("certificate").upper()
        rec.cert_type = rec.cert_grade = None
        if not re.fullmatch(r"\d{17}[0-9X][1-7][1-4]", cert):
            self.reject(rec, "BAD_CERTIFICATE",
                        "certificate %r is not an 18-character ID, a type digit 1-7 and a grade digit 1-4"
                        % rec.get("certificate"))
        else:
            rec.cert_type, rec.cert_grade = int(cert[18]), int(cert[19])
            if rec.pid is not None and cert[:18] != rec.pid:
                self.reject(rec, "CERTIFICATE_ID_MISMATCH",
                            "certificate %s does not belong to ID %s" % (cert, rec.pid))
            t, g = rec.get("disability_type"), rec.get("disability_grade")
            if t != "" and t != str(rec.cert_type):
                self.reject(rec, "DISABILITY_TYPE_MISMATCH",
                            "disability type %r disagrees with certificate (%d)" % (t, rec.cert_type))
            if g != "" and g != str(rec.cert_grade):
                self.reject(rec, "DISABILITY_GRADE_MISMATCH",
                            "disability grade %r disagrees with certificate (%d)" % (g, rec.cert_grade))
        self.own_account(rec)
        rec.payee = rec.get("payee") or rec.get("name")
        rec.bank, rec.account = rec.get("bank"), rec.get("account")

    def validate_orphan(self, rec):
        rec.cat = enum(CATEGORIES, rec.get("category"))
        if rec.cat is None:
            self.reject(rec, "BAD_CATEGORY", "category %r is not 机构养育/社会散居/事实无人抚养" % rec.get("category"))
        rec.school = parse_yesno(rec.get("in_school"))
        if rec.school is None:
            self.reject(rec, "BAD_YES_NO", "in_school %r is not yes/no" % rec.get("in_school"))
        if rec.cat == "institutional":
            self.institution_payee(rec)
        elif rec.cat is not None:
            rec.payee = rec.get("guardian") or rec.get("payee")
            if rec.payee == "":
                self.reject(rec, "MISSING_PAYEE", "neither guardian nor payee is given")
            self.own_account(rec, "guardian")
            rec.bank, rec.account = rec.get("bank"), rec.get("account")

    # ---------------------------------------------------------- findings
    def add(self, rec, program, status, code, msg, pid=None):
        if program == "DIBAO":
            fid = getattr(rec, "hid", "") or ""
        else:
            fid = pid if pid is not None else (rec.pid or (rec.get("id_number").upper() if rec.f else ""))
        self.findings.append((rec.order, PROG_RANK[program], len(self.findings),
                              [rec.file, str(rec.line), program, fid, status, code, msg]))

    # ---------------------------------------------------------- run
    def run(self, files):
        base = 0
        rosters = {}
        for roster in ("dibao", "tekun", "disability", "orphan"):
            rosters[roster] = self.load(roster, files[roster], base)
            base += len(files[roster])
        self.dibao_rows = rosters["dibao"]
        self.tekun = rosters["tekun"]
        self.dis = rosters["disability"]
        self.orph = rosters["orphan"]
        for rec in self.all_recs:
            for p in ROSTER_PROGRAMS[rec.roster]:
                if rec.errors:
                    rec.status[p] = "REJECTED"
                    rec.code[p] = rec.errors[0]
        self.assemble_households()
        self.conflicts()
        self.eval_dibao()
        self.eval_simple(self.tekun, "TEKUN", self.eval_tekun)
        self.eval_simple(self.orph, "ORPHAN", self.eval_orphan)
        self.eval_disability()
        self.eval_price()
        self.emit_findings()
        self.policy_lint()

    # ---------------------------------------------------------- policy lint
    def policy_lint(self):
        """domain.md section 9 and docs/RULES.md: WARNING findings, program
        POLICY, on the policy file's row found wanting, id = the district."""
        pol = self.pol
        ym = self.month[0] * 12 + self.month[1] - 1

        def warn(row, d, code, msg):
            self.findings.append(((-1, row[5]), 0, len(self.findings),
                                  [os.path.basename(pol.path), str(row[5]), "POLICY", d, "WARNING", code, msg]))

        for d in pol.districts():
            for area in ("urban", "rural"):
                S = pol.row("dibao.standard", d, area)
                for key in ("tekun.basic.dispersed", "tekun.basic.concentrated"):
                    B = pol.row(key, d, area)
                    # the plan: 特困 >= 1.3 x 低保, in fen: B < 13/10 S
                    if B and S and Fraction(B[3]) < Fraction(13, 10) * S[3]:
                        warn(B, d, "POLICY_TEKUN_BELOW_DIBAO", "%s %s below 1.3 x %s" % (key, B[4], S[4]))
                O = pol.row("orphan.scattered_pct", d, area)
                if self.month >= (2025, 1) and O and O[3] < 80:
                    warn(O, d, "POLICY_ORPHAN_BELOW_TARGET", "orphan.scattered_pct %s below 80" % O[4])
                if S and ym - (S[2][0] * 12 + S[2][1] - 1) > 24:
                    warn(S, d, "POLICY_STANDARD_STALE", "dibao.standard in force since %s" % fmt_month(S[2]))

    def assemble_households(self):
        self.households = {}
        for rec in self.dibao_rows:
            if getattr(rec, "malformed", False) or not getattr(rec, "hid", ""):
                continue
            hh = self.households.setdefault(rec.hid, Household(rec.hid))
            hh.rows.append(rec)
            rec.household = hh
        for hh in self.households.values():
            heads = [r for r in hh.rows if r.is_head]
            code = None
            if not heads:
                code = ("HOUSEHOLD_NO_HEAD", "household %s has no head row" % hh.hid)
            elif len(heads) > 1:
                code = ("HOUSEHOLD_MULTIPLE_HEADS", "household %s has %d head rows" % (hh.hid, len(heads)))
            else:
                hh.head = heads[0]
                if not hh.head.errors and hh.head.kind == "single" and len(hh.rows) > 1:
                    code = ("SINGLE_NOT_ONE_ROW", "单人保 household %s has %d rows" % (hh.hid, len(hh.rows)))
                elif any(r.errors for r in hh.rows):
                    code = ("HOUSEHOLD_REJECTED", "another row of household %s is rejected" % hh.hid)
            if code:
                hh.status = "REJECTED"
                hh.code = code
                for r in hh.rows:
                    r.status["DIBAO"] = "REJECTED"
                    if not r.errors:
                        r.code["DIBAO"] = code
                    elif code[0] != "HOUSEHOLD_REJECTED":
                        r.code["DIBAO"] = r.errors[0]
            else:
                head = hh.head
                for r in hh.rows:
                    if r is not head:
                        if r.district != head.district:
                            r.warnings.append(("HOUSEHOLD_DISTRICT_MISMATCH",
                                               "member district %s differs from the head's %s" % (
                                                   r.district, head.district)))
                        elif r.area != head.area:
                            r.warnings.append(("HOUSEHOLD_DISTRICT_MISMATCH",
                                               "member area %s differs from the head's %s" % (r.area, head.area)))

    def conflicts(self):
        hold_hh = {}
        hold_rec = {}

        def hh_hold(hh, code):
            hold_hh.setdefault(hh.hid, (hh, code))

        def rec_hold(rec, code):
            hold_rec.setdefault(id(rec), (rec, code))

        valid_hh = [hh for hh in self.households.values() if hh.status is None]
        by_person = {}
        for hh in valid_hh:
            seen = {}
            for r in hh.rows:
                if r.pid in seen:
                    hh_hold(hh, ("DUPLICATE_PERSON", "person %s appears twice in household %s" % (r.pid, hh.hid)))
                seen[r.pid] = True
                by_person.setdefault(r.pid, [])
                if hh not in by_person[r.pid]:
                    by_person[r.pid].append(hh)
        for pid, hhs in by_person.items():
            if len(hhs) > 1:
                for hh in hhs:
                    hh_hold(hh, ("PERSON_IN_TWO_HOUSEHOLDS", "person %s is in households %s" % (
                        pid, ", ".join(h.hid for h in hhs))))
        for recs, prog in ((self.tekun, "TEKUN"), (self.dis, "DIS"), (self.orph, "ORPHAN")):
            cnt = {}
            for r in recs:
                if not r.errors:
                    cnt.setdefault(r.pid, []).append(r)
            for pid, rs in cnt.items():
                if len(rs) > 1:
                    for r in rs:
                        rec_hold(r, ("DUPLICATE_PERSON", "person %s appears %d times in the %s roster" % (
                            pid, len(rs), r.roster)))
        for r in self.tekun:
            if not r.errors and r.pid in by_person:
                rec_hold(r, ("DIBAO_TEKUN_CONFLICT", "person %s is also in DIBAO household %s" % (
                    r.pid, by_person[r.pid][0].hid)))
                for hh in by_person[r.pid]:
                    hh_hold(hh, ("DIBAO_TEKUN_CONFLICT", "person %s is also a TEKUN recipient" % r.pid))
        for hh, code in hold_hh.values():
            hh.status = "HELD"
            hh.code = code
            for r in hh.rows:
                r.status["DIBAO"] = "HELD"
                r.code["DIBAO"] = code
        for rec, code in hold_rec.values():
            for p in ROSTER_PROGRAMS[rec.roster]:
                rec.status[p] = "HELD"
                rec.code[p] = code

    # ---------------------------------------------------------- programmes
    def S(self, district, area):
        return self.pol.get("dibao.standard", district, area)

    def eval_dibao(self):
        M = self.month
        for hh in self.households.values():
            if hh.status is not None:
                continue
            head = hh.head
            d, a = head.district, head.area
            st, code, amt, basis = self._dibao_amount(hh, d, a, M)
            hh.status, hh.code, hh.amount, hh.basis = st, code, amt, basis
            for r in hh.rows:
                r.status["DIBAO"] = st
                r.code["DIBAO"] = code
            if st == "PAID":
                self.ledger.append({
                    "program": "DIBAO", "beneficiary_id": hh.hid, "household_id": hh.hid,
                    "person_id": head.pid, "district": d, "area": a, "name": head.get("name"),
                    "payee": head.payee, "bank": head.bank, "account": head.account,
                    "amount_fen": amt, "basis": basis, "_rec": head, "_persons": len(hh.rows)})

    def _dibao_amount(self, hh, d, a, M):
        head = hh.head
        if head.grace_until is not None:
            if head.grace_until >= M:
                if head.grace_amount == 0:
                    return "INELIGIBLE", ("ZERO_AMOUNT", "grace amount is 0"), 0, ""
                return "PAID", None, head.grace_amount, "grace %s until %s" % (
                    yuan(head.grace_amount), fmt_month(head.grace_until))
            return "INELIGIBLE", ("GRACE_EXPIRED", "渐退 ended %s" % fmt_month(head.grace_until)), 0, ""
        if head.kind == "single":
            r = hh.rows[0]
            if not (r.grade in (1, 2) or (r.grade == 3 and r.dtype in (5, 6)) or r.ill):
                return "INELIGIBLE", ("SINGLE_NOT_QUALIFIED",
                                      "单人保 needs grade 1-2, grade 3 intellectual/mental, or serious illness"), 0, ""
        S = self.S(d, a)
        n = len(hh.rows)
        employed = sum(1 for r in hh.rows if r.employed)
        D = self.pol.get("dibao.job_cost_deduction", d, a) * employed if employed else 0
        I = head.income
        gap = max(0, S * n - max(0, I - D))
        if gap == 0:
            return "INELIGIBLE", ("INCOME_ABOVE_LINE",
                                  "income %s - deduction %s >= standard %s x %d" % (
                                      yuan(I), yuan(D), yuan(S), n)), 0, ""
        elderly_age = None
        supp = Fraction(0)
        for r in hh.rows:
            pcts = []
            if r.grade in (1, 2):
                pcts.append(self.pol.get("dibao.supplement.severe_disability", d, a))
            if r.ill:
                pcts.append(self.pol.get("dibao.supplement.serious_illness", d, a))
            age = age_at(r.birth, M)
            if elderly_age is None:
                elderly_age = self.pol.get("dibao.elderly_age", d, a)
            if age >= elderly_age:
                pcts.append(self.pol.get("dibao.supplement.elderly", d, a))
            if age < 18:
                pcts.append(self.pol.get("dibao.supplement.minor", d, a))
            if pcts:
                supp += S * max(pcts) / 100
        mode = self.pol.get("dibao.rounding", d, a)
        amt = round_money(gap + supp, mode)
        minp = self.pol.get("dibao.min_payment", d, a)
        if amt < minp:
            amt = minp
        basis = "%s*%d-max(0,%s-%s)+%s=%s (%s)" % (
            yuan(S), n, yuan(I), yuan(D), fmt_frac_yuan(supp), yuan(amt), mode)
        if amt <= 0:
            return "INELIGIBLE", ("ZERO_AMOUNT", "computed amount is 0"), 0, ""
        return "PAID", None, amt, basis

    def eval_simple(self, recs, prog, fn):
        for r in recs:
            if prog in r.status:
                continue
            st, code, amt, basis = fn(r)
            r.status[prog], r.code[prog] = st, code
            if st == "PAID":
                r.amount[prog] = amt
                self.ledger.append({
                    "program": prog, "beneficiary_id": r.pid, "household_id": "",
                    "person_id": r.pid, "district": r.district, "area": r.area,
                    "name": r.get("name"), "payee": r.payee, "bank": r.bank,
                    "account": r.account, "amount_fen": amt, "basis": basis, "_rec": r})

    def eval_tekun(self, r):
        d, a = r.district, r.area
        B = self.pol.get("tekun.basic." + r.mode, d, a)
        pct = self.pol.get("tekun.care." + r.care, d, a)
        S = self.S(d, a)
        mode = self.pol.get("tekun.rounding", d, a)
        amt = round_money(B + S * pct / 100, mode)
        if amt <= 0:
            return "INELIGIBLE", ("ZERO_AMOUNT", "computed amount is 0"), 0, ""
        return "PAID", None, amt, "%s+%s*%s=%s (%s)" % (yuan(B), yuan(S), fmt_pct(pct), yuan(amt), mode)

    def eval_orphan(self, r):
        d, a = r.district, r.area
        age = age_at(r.birth, self.month)
        limit = self.pol.get("orphan.age_limit", d, a)
        ok = age < limit
        if not ok and r.school:
            sl = self.pol.get("orphan.student_age_limit", d, a)
            ok = sl != 0 and age < sl
        if not ok:
            return "INELIGIBLE", ("AGED_OUT", "age %d is past the age limit" % age), 0, ""
        I = self.pol.get("orphan.institutional", d, a)
        x = Fraction(I)
        basis = yuan(I)
        if r.cat in ("scattered", "defacto"):
            sp = self.pol.get("orphan.scattered_pct", d, a)
            x = x * sp / 100
            basis += "*" + fmt_pct(sp)
            if r.cat == "defacto":
                dp = self.pol.get("orphan.defacto_pct", d, a)
                x = x * dp / 100
                basis += "*" + fmt_pct(dp)
        mode = self.pol.get("orphan.rounding", d, a)
        amt = round_money(x, mode)
        if amt <= 0:
            return "INELIGIBLE", ("ZERO_AMOUNT", "computed amount is 0"), 0, ""
        return "PAID", None, amt, "%s=%s (%s)" % (basis, yuan(amt), mode)

    def eval_disability(self):
        # index dibao membership once
        self._dibao_index = {}
        for hh in self.households.values():
            for r in hh.rows:
                self._dibao_index.setdefault(r.pid, []).append(hh)
        self._tekun_index = {}
        for r in self.tekun:
            if not r.errors:
                self._tekun_index.setdefault(r.pid, []).append(r)
        for r in self.dis:
            if "DIS_LIVING" in r.status:
                continue
            d, a = r.district, r.area
            grade, typ = r.cert_grade, r.cert_type
            hhs = [hh for hh in self._dibao_index.get(r.pid, []) if hh.status != "REJECTED"]
            dsts = [hh.status for hh in hhs]
            dibao = "T" if "PAID" in dsts else ("U" if "HELD" in dsts else "F")
            tsts = [t.status.get("TEKUN") for t in self._tekun_index.get(r.pid, [])]
            tekun = "T" if "PAID" in tsts else ("U" if "HELD" in tsts else "F")
            excl = self.pol.get("disability.exclude_tekun", d, a)
            # tri-state of "not excluded by TEKUN"
            notex = "T" if not excl else {"T": "F", "U": "U", "F": "T"}[tekun]
            # DIS_LIVING
            liv_grade = "T" if grade in (1, 2, 3, 4) else "F"
            liv = tri_and(liv_grade, dibao, notex)
            if liv == "T":
                key = "disability.living.grade12" if grade <= 2 else "disability.living.grade34"
                amt = self.pol.get(key, d, a)
                paid_hh = [hh for hh in hhs if hh.status == "PAID"][0]
                self._dis_result(r, "DIS_LIVING", amt, "%s grade %d" % (key, grade), paid_hh.hid)
            elif liv == "U":
                self._held(r, "DIS_LIVING")
            else:
                if liv_grade == "F":
                    c = ("GRADE_NOT_ELIGIBLE", "grade %s is not 1-4" % grade)
                elif dibao == "F":
                    c = ("NOT_IN_PAID_DIBAO", "not a member of a DIBAO household paid this month")
                else:
                    c = ("EXCLUDED_TEKUN", "paid TEKUN this month")
                r.status["DIS_LIVING"], r.code["DIS_LIVING"] = "INELIGIBLE", c
            # DIS_NURSING
            inc3 = self.pol.get("disability.nursing.include_grade3", d, a)
            ng = grade in (1, 2) or (grade == 3 and typ in (5, 6) and inc3 == 1)
            nur = tri_and("T" if ng else "F", notex)
            if nur == "T":
                key = "disability.nursing.grade%d" % grade
                amt = self.pol.get(key, d, a)
                self._dis_result(r, "DIS_NURSING", amt, "%s type %d" % (key, typ), "")
            elif nur == "U":
                self._held(r, "DIS_NURSING")
            else:
                if not ng:
                    c = ("GRADE_NOT_ELIGIBLE", "grade %d type %d not eligible for nursing allowance" % (grade, typ))
                else:
                    c = ("EXCLUDED_TEKUN", "paid TEKUN this month")
                r.status["DIS_NURSING"], r.code["DIS_NURSING"] = "INELIGIBLE", c

    def _held(self, r, prog):
        r.status[prog] = "HELD"
        r.code[prog] = ("DEPENDS_ON_HELD", "depends on a DIBAO or TEKUN record that is held")

    def _dis_result(self, r, prog, amt, basis, hid):
        if amt <= 0:
            r.status[prog], r.code[prog] = "INELIGIBLE", ("ZERO_AMOUNT", "policy amount is 0")
            return
        r.status[prog], r.code[prog] = "PAID", None
        self.ledger.append({
            "program": prog, "beneficiary_id": r.pid, "household_id": hid,
            "person_id": r.pid, "district": r.district, "area": r.area,
            "name": r.get("name"), "payee": r.payee, "bank": r.bank,
            "account": r.account, "amount_fen": amt, "basis": "%s=%s" % (basis, yuan(amt)), "_rec": r})

    def eval_price(self):
        self.price_held = []
        cover = {}   # pid -> list of (rank, order, status, rec, hh)
        for r in self.tekun:
            st = r.status.get("TEKUN")
            if st in ("PAID", "HELD"):
                cover.setdefault(r.pid, []).append((0, r.order, st, r, None))
        for r in self.orph:
            st = r.status.get("ORPHAN")
            if st in ("PAID", "HELD"):
                cover.setdefault(r.pid, []).append((1, r.order, st, r, None))
        for hh in self.households.values():
            if hh.status in ("PAID", "HELD"):
                for r in hh.rows:
                    cover.setdefault(r.pid, []).append((2, r.order, hh.status, r, hh))
        for pid in sorted(cover):
            cs = sorted(cover[pid], key=lambda c: (c[0], c[1]))
            paid = [c for c in cs if c[2] == "PAID"]
            c = paid[0] if paid else cs[0]
            _, _, st, r, hh = c
            if hh is not None:
                d, a = hh.head.district, hh.head.area
                payee, bank, acct = hh.head.payee, hh.head.bank, hh.head.account
            else:
                d, a = r.district, r.area
                payee, bank, acct = r.payee, r.bank, r.account
            trig, exact, basis = self._price_amount(d, a)
            if not trig:
                continue
            if st == "HELD":
                self.add(r, "PRICE", "HELD", "DEPENDS_ON_HELD",
                         "covered only by held records", pid=pid)
                continue
            mode = self.pol.get("price.rounding", d, a)
            amt = round_money(exact, mode)
            mn = self.pol.get("price.min_amount", d, a)
            if amt < mn:
                amt = mn
            if amt <= 0:
                self.add(r, "PRICE", "INELIGIBLE", "ZERO_AMOUNT", "computed amount is 0", pid=pid)
                continue
            self.ledger.append({
                "program": "PRICE", "beneficiary_id": pid,
                "household_id": hh.hid if hh is not None else "",
                "person_id": pid, "district": d, "area": a, "name": r.get("name"),
                "payee": payee, "bank": bank, "account": acct, "amount_fen": amt,
                "basis": "%s=%s (%s)" % (basis, yuan(amt), mode),
                "_rec": r})   # the person's own row (the member's row when DIBAO covers)

    def _price_amount(self, d, a):
        formula = self.pol.get("price.formula", d, a)
        lag = self.pol.get("price.index_lag", d, a)
        ym = month_add(self.month, -lag)
        S = self.S(d, a)
        if formula == "jiangsu_tiered":
            cpi = self.idx.get(ym, "cpi")
            scpi = self.idx.get(ym, "scpi")
            x = cpi if scpi is None else max(cpi, scpi)
            trig = self.pol.get("price.trigger", d, a)
            if x < trig:
                return False, None, ""
            t2 = self.pol.get("price.tier2", d, a)
            if x >= t2:
                fr = self.pol.get("price.tier2_fraction", d, a)
            else:
                fr = self.pol.get("price.tier1_fraction", d, a)
            return True, S * fr, "%s*%s (index %s %s)" % (yuan(S), fr, fmt_month(ym), fmt_frac_yuan(x * 100))
        cpi = self.idx.get(ym, "cpi")
        food = self.idx.get(ym, "food_cpi")
        if not (cpi >= self.pol.get("price.trigger", d, a) or food >= self.pol.get("price.trigger_food", d, a)):
            return False, None, ""
        return True, S * cpi / 100, "%s*%s%% (index %s)" % (yuan(S), fmt_frac_yuan(cpi * 100), fmt_month(ym))

    def emit_findings(self):
        for rec in self.all_recs:
            for p in ROSTER_PROGRAMS[rec.roster]:
                st = rec.status.get(p)
                if st is None:
                    raise AssertionError("record without status %s:%d %s" % (rec.file, rec.line, p))
                if st != "PAID":
                    code, msg = rec.code.get(p) or ("?", "")
                    self.add(rec, p, st, code, msg)
            for code, msg in rec.warnings:
                p = ROSTER_PROGRAMS[rec.roster][0]
                self.add(rec, p, "WARNING", code, msg)


def tri_and(*vals):
    if "F" in vals:
        return "F"
    if "U" in vals:
        return "U"
    return "T"


# ================================================================ the payment cycle
# domain.md section 8 and docs/RULES.md "The payment cycle"; the further
# choices are listed in tests/oracle/README.md ("Choices the oracle makes").

LINE_TYPES = ["REGULAR", "REISSUE", "BACKPAY", "DIFFERENCE", "TEMPORARY"]
LT_RANK = {t: i for i, t in enumerate(LINE_TYPES)}
CYCLE_CODES_PREFIX = ("RETURN_", "ADJ_")

RETURN_COLUMNS = {"pay_ref": "付款编号", "account": "银行账号", "payee": "收款人",
                  "amount": "金额", "result": "结果", "reason": "原因"}
RETURN_REQUIRED = ["pay_ref", "account", "payee", "amount", "result", "reason"]
ADJ_COLUMNS = {"type": "类型", "program": "项目", "beneficiary_id": "对象编号",
               "period": "所属期", "amount": "金额", "reference": "文号",
               "approved_by": "审批人", "reason": "事由", "name": "姓名",
               "district": "区划代码", "area": "城乡类别", "bank": "开户银行",
               "account": "银行账号", "payee": "收款人"}
ADJ_REQUIRED = ["type", "program", "beneficiary_id", "period", "amount", "reference",
                "approved_by", "reason"]
ADJ_TYPES = {"补发": "BACKPAY", "backpay": "BACKPAY", "补差": "DIFFERENCE",
             "difference": "DIFFERENCE", "临时救助": "TEMPORARY", "temporary": "TEMPORARY",
             "追回": "RECOVERY", "recovery": "RECOVERY"}
ADJ_BASIS_WORD = {"BACKPAY": "补发", "DIFFERENCE": "补差", "TEMPORARY": "临时救助"}
RESULTS = {"成功": "success", "success": "success", "失败": "failed", "failed": "failed"}

ARREARS_HEADER = ["period", "program", "beneficiary_id", "district", "amount_fen", "reason",
                  "since", "failed_account", "state", "pay_ref"]
RECOVERY_HEADER = ["program", "beneficiary_id", "district", "reference", "since", "amount_fen",
                   "recovered_fen", "balance_fen", "state"]
ADJ_REG_HEADER = ["file", "line", "type", "program", "beneficiary_id", "period", "amount_fen",
                  "reference", "approved_by", "status", "code"]
# the ID checks of section 5, under the codes of docs/RULES.md
ID_CODE_MAP = {"ID_BAD_DATE": "ID_BIRTH_DATE", "ID_FUTURE_BIRTH": "ID_BIRTH_DATE"}


def months_between(a, b):
    """b - a in months."""
    return (b[0] * 12 + b[1]) - (a[0] * 12 + a[1])


def yuan2(fen):
    return "%s%d.%02d" % ("-" if fen < 0 else "", abs(fen) // 100, abs(fen) % 100)


def read_table(path, columns, required, what):
    """A returns / adjustments file: (records, column index) with header
    names matched in Chinese or English; a missing required column is fatal."""
    names, recs = read_csv_file(path)
    idx = {}
    for canon, zh in columns.items():
        for pos, h in enumerate(names):
            if h == canon or h == zh:
                idx[canon] = pos
                break
    missing = [c for c in required if c not in idx]
    if missing:
        raise FatalInput("%s: line 1: %s file lacks required column(s) %s" % (
            path, what, ", ".join("%s/%s" % (columns[c], c) for c in missing)))
    out = []
    for r in recs:
        if r["error"] or r["fields"] is None or len(r["fields"]) != len(names):
            out.append((r["line"], None, r["error"][1] if r["error"] else "wrong number of fields"))
        else:
            out.append((r["line"], {c: r["fields"][p].strip(" \t") for c, p in idx.items()}, None))
    return out


def read_plain_csv(path):
    """A register or ledger written by a run: list of (line, dict)."""
    data = read_bytes(path)
    rd = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    head = None
    out = []
    line = 1
    for r in rd:
        if head is None:
            head = r
        elif r:
            out.append((line, dict(zip(head, r))))
        line = rd.line_num + 1
    return out


def find_ledger(folder):
    for name in ("ledger.csv.gz", "ledger.csv"):
        p = os.path.join(folder, name)
        if os.path.isfile(p):
            return p
    return None


def folder_month(folder):
    mp = os.path.join(folder, "manifest.json")
    if os.path.isfile(mp):
        try:
            import json
            with open(mp, encoding="utf-8") as fh:
                m = parse_month(str(json.load(fh).get("month", "")))
            if m:
                return m
        except (OSError, ValueError):
            pass
    return parse_month(os.path.basename(os.path.normpath(folder)))


class Cycle:
    def __init__(self, eng, prev, returns, adjustments):
        self.eng = eng
        self.M = eng.month
        self.pol = eng.pol
        self.prev = prev
        self.returns = returns
        self.adjustments = adjustments
        self.arrears = []        # entries touched this month
        self.recoveries = []
        self.adj_register = []
        self.extra_lines = []

    # ---------------------------------------------------------- findings
    def finding(self, order, program, fid, status, code, msg, file, line):
        e = self.eng
        e.findings.append((order, PROG_RANK.get(program, 99), len(e.findings),
                           [file, str(line), program, fid, status, code, msg]))

    # ---------------------------------------------------------- history
    def load_history(self):
        self.hist_lines = set()      # (program, beneficiary_id, period)
        self.hist_adj = set()        # ACCEPTED (type, program, beneficiary_id, period, reference)
        self.hist_months = set()
        self.prev_month = None
        self.prev_lines = []
        if self.prev is None:
            return
        prev = os.path.normpath(self.prev)
        if not os.path.isdir(prev):
            raise FatalInput("--prev %s: not a month folder" % self.prev)
        self.prev_month = folder_month(prev)
        if self.prev_month is None or self.prev_month >= self.M:
            raise FatalInput("--prev %s: not the folder of a month before %s" % (self.prev, fmt_month(self.M)))
        lp = find_ledger(prev)
        if lp is None:
            raise FatalInput("--prev %s: no ledger (a month that was not paid cannot be --prev)" % self.prev)
        parent = os.path.dirname(prev) or "."
        for name in sorted(os.listdir(parent)):
            ym = parse_month(name) if re.fullmatch(r"\d{4}-\d{2}", name) else None
            folder = os.path.join(parent, name)
            if ym is None or ym >= self.M or not os.path.isdir(folder):
                continue
            self.hist_months.add(ym)
            lpath = find_ledger(folder)
            if lpath:
                for _, r in read_plain_csv(lpath):
                    per = r.get("period") or name
                    self.hist_lines.add((r.get("program", ""), r.get("beneficiary_id", ""), per))
            apath = os.path.join(folder, "adjustments.csv")
            if os.path.isfile(apath):
                for _, r in read_plain_csv(apath):
                    if r.get("status") == "ACCEPTED":
                        self.hist_adj.add((r.get("type", ""), r.get("program", ""),
                                           r.get("beneficiary_id", ""), r.get("period", ""),
                                           r.get("reference", "")))
        self.prev_lines = [r for _, r in read_plain_csv(lp)]
        self.bank_rows = {}
        for r in self.prev_lines:
            br = self.bank_rows.setdefault(r.get("pay_ref", ""), {"lines": [], "amount": 0})
            br["lines"].append(r)
            br["amount"] += int(r["amount_fen"])
            br["account"] = r.get("account", "")
            br["program"] = r.get("program", "")
            br["district"] = r.get("district", "")

    # ---------------------------------------------------------- returns
    def read_returns(self):
        new = []
        answered = set()
        for k, path in enumerate(self.returns):
            base = os.path.basename(path)
            order0 = 1000 + k
            for line, f, err in read_table(path, RETURN_COLUMNS, RETURN_REQUIRED, "returns"):
                def rej(code, msg, prog="", ref=""):
                    self.finding((order0, line), prog, ref, "REJECTED", code, msg, base, line)
                if f is None:
                    rej("RETURN_BAD_ROW", "malformed row: %s" % err)
                    continue
                ref = f.get("pay_ref", "")
                amt = parse_money(f.get("amount", ""))
                br = self.bank_rows.get(ref) if ref else None
                prog = br["program"] if br else ""
                # a row that fails the first two checks is not matched to a bank row (no programme)
                if ref == "" or amt is None:
                    rej("RETURN_BAD_ROW", "pay_ref blank or amount %r is not money" % f.get("amount", ""),
                        "", ref)
                    continue
                res = RESULTS.get(f.get("result", "")) or RESULTS.get(f.get("result", "").lower())
                if res is None:
                    rej("RETURN_BAD_RESULT", "result %r is neither 成功/success nor 失败/failed"
                        % f.get("result", ""), "", ref)
                    continue
                if br is None:
                    m = re.fullmatch(r"(\d{4})(\d{2})-\d{6}-\d{6}", ref)
                    other = m and (int(m.group(1)), int(m.group(2))) != self.prev_month
                    rej("RETURN_UNKNOWN_REF", "pay_ref %s is not a bank row of %s%s" % (
                        ref, fmt_month(self.prev_month),
                        " (it is a reference of %s-%s)" % (m.group(1), m.group(2)) if other else ""), "", ref)
                    continue
                if ref in answered:
                    rej("RETURN_DUPLICATE", "pay_ref %s is answered by an earlier row" % ref, prog, ref)
                    continue
                answered.add(ref)
                if f.get("account", "") != br["account"] or amt != br["amount"]:
                    rej("RETURN_MISMATCH", "bank row %s is account %s amount %s; the return says %s %s" % (
                        ref, br["account"], yuan2(br["amount"]), f.get("account", ""), yuan2(amt)), prog, ref)
                    continue
                if res == "failed":
                    for l in br["lines"]:
                        new.append({
                            "period": l.get("period") or fmt_month(self.prev_month),
                            "program": l["program"], "beneficiary_id": l["beneficiary_id"],
                            "district": l["district"], "amount_fen": int(l["amount_fen"]),
                            "reason": f.get("reason", "") or "失败",
                            "since": fmt_month(self.prev_month), "failed_account": br["account"],
                            "pay_ref": ref, "_src": (base, line, (order0, line))})
        return new

    def carried_arrears(self):
        out = []
        if self.prev is None:
            return out
        p = os.path.join(self.prev, "arrears.csv")
        if not os.path.isfile(p):
            return out
        for line, r in read_plain_csv(p):
            if r.get("state") != "OPEN":
                continue
            e = {k: r.get(k, "") for k in ARREARS_HEADER}
            e["amount_fen"] = int(e["amount_fen"])
            e["_src"] = ("arrears.csv", line, (2000, line))
            out.append(e)
        return out

    # ---------------------------------------------------------- roster look-ups
    def index_month(self):
        e = self.eng
        self.regular = {}
        for l in e.ledger:
            self.regular.setdefault((l["program"], l["beneficiary_id"]), l)

    def roster_record(self, prog, bid):
        """Fields of the beneficiary's record in M's rosters (not REJECTED), or None."""
        e = self.eng
        if prog == "DIBAO":
            hh = e.households.get(bid)
            if hh is None or hh.status == "REJECTED" or hh.head is None:
                return None
            h = hh.head
            return {"name": h.get("name"), "district": h.district, "area": h.area, "payee": h.payee,
                    "bank": h.bank, "account": h.account, "household_id": hh.hid, "person_id": h.pid}
        pools = {"TEKUN": e.tekun, "DIS_LIVING": e.dis, "DIS_NURSING": e.dis, "ORPHAN": e.orph}
        if prog in pools:
            for r in sorted(pools[prog], key=lambda r: r.order):
                if r.pid == bid and r.status.get(prog) != "REJECTED":
                    return {"name": r.get("name"), "district": r.district, "area": r.area,
                            "payee": r.payee, "bank": r.bank, "account": r.account,
                            "household_id": "", "person_id": r.pid}
            return None
        if prog == "TEMP":
            # temporary assistance has no roster: the person's first valid
            # row in any roster (docs/RULES.md)
            for r in sorted(e.all_recs, key=lambda r: r.order):
                if r.pid == bid and not r.errors:
                    return {"name": r.get("name"), "district": r.district, "area": r.area,
                            "payee": r.payee, "bank": r.bank, "account": r.account,
                            "household_id": "", "person_id": r.pid}
            return None
        if prog == "PRICE":
            for pool, p in ((e.tekun, "TEKUN"), (e.orph, "ORPHAN")):
                for r in sorted(pool, key=lambda r: r.order):
                    if r.pid == bid and r.status.get(p) not in ("REJECTED", None):
                        return {"name": r.get("name"), "district": r.district, "area": r.area,
                                "payee": r.payee, "bank": r.bank, "account": r.account,
                                "household_id": "", "person_id": r.pid}
            for hh in sorted(e.households.values(), key=lambda h: h.order):
                if hh.status == "REJECTED" or hh.head is None:
                    continue
                for r in hh.rows:
                    if r.pid == bid:
                        h = hh.head
                        return {"name": r.get("name"), "district": h.district, "area": h.area,
                                "payee": h.payee, "bank": h.bank, "account": h.account,
                                "household_id": hh.hid, "person_id": bid}
        return None

    # ---------------------------------------------------------- adjustments
    def read_adjustments(self, open_entries):
        accepted = []
        seen = set()            # ACCEPTED or HELD earlier this month
        claimed = set()
        M = self.M
        for k, path in enumerate(self.adjustments):
            base = os.path.basename(path)
            order0 = 3000 + k
            for line, f, err in read_table(path, ADJ_COLUMNS, ADJ_REQUIRED, "adjustments"):
                reg = {"file": base, "line": str(line), "type": "", "program": "", "beneficiary_id": "",
                       "period": "", "amount_fen": "", "reference": "", "approved_by": "",
                       "status": "", "code": ""}
                self.adj_register.append(reg)

                def done(status, code, msg):
                    reg["status"], reg["code"] = status, code
                    self.finding((order0, line), reg["program"], reg["beneficiary_id"], status, code,
                                 msg, base, line)
                if f is None:
                    done("REJECTED", "ADJ_BAD_ROW", "malformed row: %s" % err)
                    continue
                typ = ADJ_TYPES.get(f["type"]) or ADJ_TYPES.get(f["type"].lower())
                prog = f["program"].upper()
                bid = f["beneficiary_id"]
                if prog and prog not in PROGRAMS:
                    prog = f["program"]
                amt = parse_money(f["amount"])
                per = parse_month(f["period"]) if re.fullmatch(r"\d{4}-\d{2}", f["period"]) else None
                reg.update({"type": typ or "", "program": prog, "beneficiary_id": bid,
                            "period": f["period"] if per else "", "amount_fen": "" if amt is None else str(amt),
                            "reference": f["reference"], "approved_by": f["approved_by"]})
                # 1. the row's shape
                bad = None
                if typ is None:
                    bad = "unknown type %r" % f["type"]
                elif prog not in PROGRAMS:
                    bad = "unknown programme %r" % f["program"]
                elif typ == "TEMPORARY" and prog != "TEMP":
                    bad = "temporary assistance goes with programme TEMP"
                elif prog == "TEMP" and typ not in ("TEMPORARY", "BACKPAY"):
                    bad = "programme TEMP takes temporary assistance, or a back pay of one that failed"
                elif per is None:
                    bad = "period %r is not YYYY-MM" % f["period"]
                elif amt is None or amt <= 0:
                    bad = "amount %r is not positive money" % f["amount"]
                elif bid == "":
                    bad = "beneficiary_id is blank"
                elif f.get("area", "") and enum(AREAS, f["area"]) is None:
                    bad = "area %r is not 城市/农村/urban/rural" % f["area"]
                if bad:
                    done("REJECTED", "ADJ_BAD_ROW", bad)
                    continue
                # a person's ID as the rosters keep it: lower-case x written X
                # (docs/RULES.md); the register keeps it so written
                if prog != "DIBAO":
                    bid = bid.upper()
                    reg["beneficiary_id"] = bid
                # 2. approval
                if f["reference"] == "" or f["approved_by"] == "":
                    done("REJECTED", "ADJ_NOT_APPROVED", "reference or approved_by is blank")
                    continue
                # 3. period
                if (typ in ("BACKPAY", "DIFFERENCE") and per >= M) or (typ == "TEMPORARY" and per != M) \
                        or (typ == "RECOVERY" and per > M):
                    done("REJECTED", "ADJ_BAD_PERIOD", "period %s does not suit a %s in %s" % (
                        f["period"], typ.lower(), fmt_month(M)))
                    continue
                # 4. duplicates
                key = (typ, prog, bid, f["period"], f["reference"])
                if key in seen or key in self.hist_adj:
                    done("REJECTED", "ADJ_DUPLICATE", "the same adjustment is %s" % (
                        "earlier in this month's files" if key in seen else "already accepted in the history"))
                    continue
                # 5. temporary: the ID checks
                if typ == "TEMPORARY":
                    pid, _, ierr = validate_id(bid, self.eng.last_day)
                    if ierr:
                        done("REJECTED", ID_CODE_MAP.get(ierr[0], ierr[0]), ierr[1])
                        continue
                    bid = pid
                # 6. history
                settle = None
                if typ in ("BACKPAY", "DIFFERENCE"):
                    if self.prev is None or per not in self.hist_months:
                        seen.add(key)
                        done("HELD", "ADJ_HISTORY_MISSING", "no month folder for %s in the history" % f["period"])
                        continue
                    in_hist = (prog, bid, f["period"]) in self.hist_lines
                    if typ == "BACKPAY":
                        cover = [x for x in open_entries if x["program"] == prog and x["beneficiary_id"] == bid
                                 and x["period"] == f["period"] and id(x) not in claimed]
                        if cover:
                            eq = [x for x in cover if x["amount_fen"] == amt]
                            if not eq:
                                done("REJECTED", "ADJ_ARREARS_MISMATCH", "open arrears %s, not %s" % (
                                    "/".join(yuan2(x["amount_fen"]) for x in cover), yuan2(amt)))
                                continue
                            settle = eq[0]
                        elif in_hist:
                            done("REJECTED", "ADJ_ALREADY_PAID", "%s %s was paid for %s" % (prog, bid, f["period"]))
                            continue
                        elif prog == "TEMP":
                            # a TEMP back pay only pays again a failed temporary assistance
                            done("REJECTED", "ADJ_NOTHING_TO_ADJUST", "no failed temporary assistance of %s for %s" % (
                                bid, f["period"]))
                            continue
                    elif not in_hist:
                        done("REJECTED", "ADJ_NOTHING_TO_ADJUST", "no line of %s %s for %s in the history" % (
                            prog, bid, f["period"]))
                        continue
                # 7. payee, account, name, district, area
                line_src = self.regular.get((prog, bid)) if prog != "TEMP" else None
                rec = self.roster_record(prog, bid)
                src = line_src or rec or {}
                vals = {}
                for c in ("payee", "account", "name", "district", "area"):
                    v = f.get(c, "")
                    if c == "area" and v:
                        v = enum(AREAS, v)
                    vals[c] = v or src.get(c, "") or ""
                vals["bank"] = f.get("bank", "") if f.get("account", "") else src.get("bank", "")
                need = ("district",) if typ == "RECOVERY" else ("payee", "account", "name", "district", "area")
                miss = [c for c in need if not vals[c]]
                if miss:
                    done("REJECTED", "ADJ_NO_ACCOUNT", "no %s for %s %s" % ("/".join(miss), prog, bid))
                    continue
                if not (re.fullmatch(r"\d{6}", vals["district"]) and self.pol.is_declared(vals["district"])):
                    done("REJECTED", "DISTRICT_UNKNOWN", "district %s is not declared for %s" % (
                        vals["district"], fmt_month(M)))
                    continue
                # 8. temporary above the limit
                if typ == "TEMPORARY":
                    lim = self.pol.get("temp.max_amount", vals["district"], vals["area"])
                    if amt > lim:
                        seen.add(key)
                        done("HELD", "TEMP_OVER_LIMIT", "temporary assistance %s above temp.max_amount %s" % (
                            yuan2(amt), yuan2(lim)))
                        continue
                seen.add(key)
                reg["status"] = "ACCEPTED"
                if settle is not None:
                    claimed.add(id(settle))
                    settle["_settled"] = True
                a = {"type": typ, "program": prog, "beneficiary_id": bid, "period": f["period"],
                     "amount": amt, "reference": f["reference"], "reason": f["reason"], "vals": vals,
                     "src": src, "order": (order0, line)}
                accepted.append(a)
        return accepted

    def adjustment_lines(self, accepted):
        for a in accepted:
            if a["type"] == "RECOVERY":
                continue
            v, src = a["vals"], a["src"]
            if a["program"] == "DIBAO":
                hid, pid = a["beneficiary_id"], src.get("person_id", "")
            elif a["program"] == "TEMP":
                hid, pid = "", a["beneficiary_id"]
            else:
                hid, pid = src.get("household_id", ""), a["beneficiary_id"]
            self.extra_lines.append({
                "program": a["program"], "beneficiary_id": a["beneficiary_id"], "household_id": hid,
                "person_id": pid, "district": v["district"], "area": v["area"], "name": v["name"],
                "payee": v["payee"], "bank": v["bank"], "account": v["account"],
                "amount_fen": a["amount"],
                "basis": "%s %s: %s (%s)" % (ADJ_BASIS_WORD[a["type"]], a["period"], a["reason"], a["reference"]),
                "line_type": a["type"], "period": a["period"], "reference": a["reference"]})

    # ---------------------------------------------------------- recoveries
    def do_recoveries(self, accepted):
        ents = []
        if self.prev is not None:
            p = os.path.join(self.prev, "recoveries.csv")
            if os.path.isfile(p):
                for _, r in read_plain_csv(p):
                    if r.get("state") == "OPEN":
                        ents.append({"program": r["program"], "beneficiary_id": r["beneficiary_id"],
                                     "district": r["district"], "reference": r["reference"],
                                     "since": r["since"], "amount_fen": int(r["amount_fen"]),
                                     "balance_fen": int(r["balance_fen"])})
        for a in accepted:
            if a["type"] == "RECOVERY":
                ents.append({"program": a["program"], "beneficiary_id": a["beneficiary_id"],
                             "district": a["vals"]["district"], "reference": a["reference"],
                             "since": fmt_month(self.M), "amount_fen": a["amount"], "balance_fen": a["amount"]})
        for e in ents:
            e["recovered_fen"] = 0
        by = {}
        for e in ents:
            by.setdefault((e["program"], e["beneficiary_id"]), []).append(e)
        for key, es in by.items():
            l = self.regular.get(key)
            if l is None or all(e["balance_fen"] == 0 for e in es):
                continue
            pct = self.pol.get("recovery.offset_pct", l["district"], l["area"])
            room = floor_frac(Fraction(l["amount_fen"]) * pct / 100)
            for e in sorted(es, key=lambda e: (e["since"], e["reference"].encode("utf-8"))):
                take = min(room, e["balance_fen"])
                if take <= 0:
                    continue
                room -= take
                e["balance_fen"] -= take
                e["recovered_fen"] += take
                l["amount_fen"] -= take
                l["basis"] += "-追回 %s (%s)" % (yuan2(take), e["reference"])
        for e in ents:
            e["state"] = "OPEN" if e["balance_fen"] > 0 else "CLOSED"
        ents.sort(key=lambda e: (PROG_RANK.get(e["program"], 99),
                                 e["beneficiary_id"].encode("utf-8"), e["since"], e["reference"].encode("utf-8")))
        self.recoveries = ents

    # ---------------------------------------------------------- arrears
    def max_months(self, district):
        vals = []
        for area in ("urban", "rural"):
            r = self.pol.row("arrears.max_months", district, area)
            if r is not None:
                vals.append(r[3])
        if not vals:
            self.pol.get("arrears.max_months", district, "urban")   # the configuration error
        return max(vals)

    def do_arrears(self, entries):
        e = self.eng
        entries.sort(key=lambda x: (x["period"], PROG_RANK.get(x["program"], 99),
                                    x["beneficiary_id"].encode("utf-8"), x["since"], x["pay_ref"]))
        for x in entries:
            if x.get("_settled"):
                x["state"] = "SETTLED_BY_ADJUSTMENT"
                continue
            l = self.regular.get((x["program"], x["beneficiary_id"]))
            if l is not None and l["account"] != x["failed_account"]:
                x["state"] = "REISSUED"
                self.extra_lines.append({
                    "program": l["program"], "beneficiary_id": l["beneficiary_id"],
                    "household_id": l["household_id"], "person_id": l["person_id"],
                    "district": l["district"], "area": l["area"], "name": l["name"], "payee": l["payee"],
                    "bank": l["bank"], "account": l["account"], "amount_fen": x["amount_fen"],
                    "basis": "重发 %s: %s" % (x["period"], x["reason"]),
                    "line_type": "REISSUE", "period": x["period"], "reference": x["pay_ref"]})
                continue
            since = parse_month(x["since"])
            if months_between(since, self.M) >= self.max_months(x["district"]):
                x["state"] = "EXPIRED"
                continue
            x["state"] = "OPEN"
            if l is not None:
                rec = l["_rec"]
                e.add(rec, x["program"], "WARNING", "RETURN_ACCOUNT_UNCHANGED",
                      "the payment of %s for %s to account %s failed (%s); the account is unchanged" % (
                          yuan2(x["amount_fen"]), x["period"], x["failed_account"], x["reason"]),
                      pid=None if x["program"] == "DIBAO" else x["beneficiary_id"])
            else:
                base, line, order = x["_src"]
                self.finding(order, x["program"], x["beneficiary_id"], "WARNING", "ARREARS_NOT_PAYABLE",
                             "%s %s: %s for %s owed since %s is not payable: no line this month" % (
                                 x["program"], x["beneficiary_id"], yuan2(x["amount_fen"]), x["period"],
                                 x["since"]), base, line)
        self.arrears = entries

    # ---------------------------------------------------------- run
    def run(self):
        self.load_history()
        self.index_month()
        new = self.read_returns() if self.returns else []
        carried = self.carried_arrears()
        entries = carried + new
        accepted = self.read_adjustments(entries) if self.adjustments else []
        self.do_recoveries(accepted)
        self.do_arrears(entries)
        self.adjustment_lines(accepted)
        for l in self.eng.ledger:
            l.setdefault("line_type", "REGULAR")
            l.setdefault("period", fmt_month(self.M))
            l.setdefault("reference", "")
        self.eng.ledger.extend(self.extra_lines)


def assign_pay_refs(ledger, month):
    seq = {}
    rows = {}
    tag = "%04d%02d" % month
    for l in ledger:
        k = (l["district"], l["program"], l["bank"], l["account"], l["payee"])
        if k not in rows:
            n = seq[l["district"]] = seq.get(l["district"], 0) + 1
            if n > 999999:
                raise ConfigError("district %s has more than 999,999 bank rows" % l["district"])
            rows[k] = "%s-%s-%06d" % (tag, l["district"], n)
        l["pay_ref"] = rows[k]


LEDGER_HEADER = ["program", "beneficiary_id", "household_id", "person_id", "district", "area",
                 "name", "payee", "bank", "account", "amount_fen", "basis",
                 "line_type", "period", "reference", "pay_ref"]
EXC_HEADER = ["file", "line", "program", "id", "status", "code", "message"]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--month", required=True)
    ap.add_argument("--policy", required=True)
    ap.add_argument("--index", required=True)
    ap.add_argument("--dibao", action="append", default=[])
    ap.add_argument("--tekun", action="append", default=[])
    ap.add_argument("--disability", action="append", default=[])
    ap.add_argument("--orphan", action="append", default=[])
    ap.add_argument("--prev")
    ap.add_argument("--returns", action="append", default=[])
    ap.add_argument("--adjustments", action="append", default=[])
    ap.add_argument("--out", required=True)
    ap.add_argument("--month-folder", action="store_true",
                    help="write into OUT/YYYY-MM/ (the layout of a payrun month folder)")
    args = ap.parse_args(argv)
    month = parse_month(args.month)
    if month is None:
        print("reference: configuration error: --month %r is not YYYY-MM" % args.month, file=sys.stderr)
        return 2
    if args.returns and not args.prev:
        print("reference: --returns needs --prev", file=sys.stderr)
        return 2
    try:
        pol = Policy(args.policy, month)
        idx = Index(args.index)
        eng = Engine(month, pol, idx)
        eng.run({"dibao": args.dibao, "tekun": args.tekun,
                 "disability": args.disability, "orphan": args.orphan})
        cyc = Cycle(eng, args.prev, args.returns, args.adjustments)
        cyc.run()
        ledger = sorted(eng.ledger, key=lambda l: (l["district"], PROG_RANK[l["program"]],
                                                   l["beneficiary_id"].encode("utf-8"),
                                                   LT_RANK[l["line_type"]], l["period"],
                                                   l["reference"].encode("utf-8")))
        assign_pay_refs(ledger, month)
    except ConfigError as e:
        print("reference: %s" % e, file=sys.stderr)
        return 2
    except FatalInput as e:
        print("reference: fatal input error: %s" % e, file=sys.stderr)
        return 2
    out = os.path.join(args.out, fmt_month(month)) if args.month_folder else args.out
    os.makedirs(out, exist_ok=True)
    args.out = out
    with open(os.path.join(args.out, "ledger.csv"), "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(LEDGER_HEADER)
        for l in ledger:
            w.writerow([l[h] for h in LEDGER_HEADER])
    findings = sorted(eng.findings, key=lambda f: (f[0], f[1], f[2]))
    with open(os.path.join(args.out, "exceptions.csv"), "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(EXC_HEADER)
        for f in findings:
            w.writerow(f[3])
    if args.month_folder:
        # totals as a payrun manifest gives them (domain.md s7; RULES: persons count
        # REGULAR and TEMPORARY lines, a DIBAO line its household's members)
        tot = {}
        for l in ledger:
            t = tot.setdefault(l["district"], {}).setdefault(l["program"], {"lines": 0, "persons": 0, "fen": 0})
            t["lines"] += 1
            t["fen"] += l["amount_fen"]
            if l["line_type"] in ("REGULAR", "TEMPORARY"):
                t["persons"] += l.get("_persons", 1)
        import json
        with open(os.path.join(args.out, "totals.json"), "w", encoding="utf-8") as fh:
            json.dump(tot, fh, ensure_ascii=False, sort_keys=True, indent=1)
    for name, header, rows in (("arrears.csv", ARREARS_HEADER, cyc.arrears),
                               ("recoveries.csv", RECOVERY_HEADER, cyc.recoveries),
                               ("adjustments.csv", ADJ_REG_HEADER, cyc.adj_register)):
        with open(os.path.join(args.out, name), "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(header)
            for r in rows:
                w.writerow([r[h] for h in header])
    return 0


if __name__ == "__main__":
    sys.exit(main())
