#!/usr/bin/env python3
"""Seeded random generator of a month's inputs for the payrun oracle.

    python3 tests/oracle/gen.py --seed 7 --persons 300 --out /tmp/case7

writes into DIR: policy.csv, index.csv, roster files (dibao_*, tekun_*,
disability_*, orphan_*; plain or gzip, UTF-8/BOM/GB18030, LF/CRLF, Chinese,
English or mixed headers, shuffled columns) and args.txt, the command-line
arguments for a run, one token per line, file names relative to DIR.

The same seed always gives the same bytes.  Besides N random persons the
generator adds, every time, cases that sit on each rule's boundaries (see
README.md).  Python 3 standard library only.
"""

import argparse
import datetime
import gzip
import os
import random
import sys

sys.dont_write_bytecode = True  # keep tests/oracle free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference as R  # noqa: E402  (ID check char, money parsing, months)

DISTRICTS = [("320613", "崇川区"), ("320612", "通州区"), ("320614", "海门区"),
             ("320623", "如东县"), ("320681", "启东市"), ("320682", "如皋市"),
             ("320685", "海安市")]
DCODES = [d for d, _ in DISTRICTS]
LEGACY_NAMES = [("320602", "崇川区"), ("320611", "港闸区"), ("320621", "海安县"),
                ("320684", "海门市"), ("320683", "通州市")]
LEGACY = {"320613": "320602", "320612": "320683", "320614": "320684",
          "320685": "320621", "320623": "320623", "320681": "320681", "320682": "320682"}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华玉兰桂兰红梅海燕志强文俊晓东春花冬梅国庆永刚德胜凤英金凤小红卫东"
BANKS = ["中国农业银行南通分行", "江苏南通农村商业银行", "中国工商银行南通分行",
         "中国邮政储蓄银行南通分行", "江苏银行南通分行", "中国建设银行南通分行"]
CARD_PREFIX = ["622848", "621700", "622202", "621799", "622188", "623059"]
INSTITUTIONS = ["南通市社会福利院", "崇川区中心敬老院", "如皋市中心敬老院", "海安市社会福利中心",
                "南通市儿童福利院", "启东市敬老院", "如东县中心敬老院"]
TOWNS = ["和平桥街道", "金沙街道", "三厂街道", "掘港街道", "汇龙镇", "如城街道", "城东镇", "石港镇"]
VILLAGES = ["东方村", "新联社区", "长江村", "民主村", "幸福社区", "八一村", "红星村"]

COLS = {
    "dibao": ["id_number", "name", "district", "area", "town", "village", "bank", "account",
              "payee", "household_id", "relation", "household_income", "kind", "grace_until",
              "grace_amount", "disability_grade", "disability_type", "serious_illness", "employed"],
    "tekun": ["id_number", "name", "district", "area", "town", "village", "bank", "account",
              "payee", "care_level", "support_mode", "institution", "institution_bank",
              "institution_account"],
    "disability": ["id_number", "name", "district", "area", "town", "village", "bank",
                   "account", "payee", "certificate", "disability_type", "disability_grade"],
    "orphan": ["id_number", "name", "district", "area", "town", "village", "bank", "account",
               "payee", "category", "in_school", "institution", "institution_bank",
               "institution_account", "guardian"],
}
BAD_MARK = "\x01BAD\x01"


def fm(ym):
    return R.fmt_month(ym)


class Gen:
    def __init__(self, seed, persons):
        self.rng = random.Random(seed)
        self.seed = seed
        self.n_persons = persons
        rng = self.rng
        self.M = (rng.choice([2024, 2025]), rng.randint(1, 12))
        self.ids = set()
        self.hh_seq = 0
        self.D, self.T, self.X, self.O = [], [], [], []
        self.policy = []
        self.build_policy()
        self.index = []
        self.build_index()

    # ------------------------------------------------------------ basics
    def Mk(self, k):
        return fm(R.month_add(self.M, k))

    def name(self):
        r = self.rng
        return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice([1, 2, 2])))

    def card(self, good=True):
        r = self.rng
        body = r.choice(CARD_PREFIX) + "".join(r.choice("0123456789") for _ in range(r.choice([10, 12, 12])))
        for c in "0123456789":
            if R.luhn_ok(body + c):
                good_c = c
                break
        if good:
            return body + good_c
        return body + str((int(good_c) + r.randint(1, 9)) % 10)

    def inst_account(self):
        return "3206" + "".join(self.rng.choice("0123456789") for _ in range(16))

    def birth_for_age(self, age):
        y, m = self.M
        hi = datetime.date(y - age, m, 1)
        lo = datetime.date(y - age - 1, m, 1) + datetime.timedelta(days=1)
        return lo + datetime.timedelta(days=self.rng.randint(0, (hi - lo).days))

    def bday(self, years, delta=0):
        """Born so that the person turns `years` exactly on the 1st of M (+delta days)."""
        y, m = self.M
        return datetime.date(y - years, m, 1) + datetime.timedelta(days=delta)

    def make_id(self, birth, region=None, want_x=False):
        r = self.rng
        region = region or self.region()
        for _ in range(10000):
            seq = "%03d" % r.randint(0, 999)
            first = region + birth.strftime("%Y%m%d") + seq
            c = R.id_check_char(first)
            if want_x and c != "X":
                continue
            pid = first + c
            if pid not in self.ids:
                self.ids.add(pid)
                return pid
        raise RuntimeError("cannot make a unique ID")

    def region(self):
        r = self.rng.random()
        d = self.rng.choice(DCODES)
        if r < 0.85:
            return d
        if r < 0.97:
            return LEGACY[d]
        return self.rng.choice(["110105", "320106", "310115"])  # outside Nantong: WARNING

    def person(self, age=None, birth=None, want_x=False):
        if birth is None:
            birth = self.birth_for_age(self.rng.randint(20, 85) if age is None else age)
        return {"pid": self.make_id(birth, want_x=want_x), "name": self.name(), "birth": birth}

    def place(self, district=None, area=None):
        return (district or self.rng.choice(DCODES), area or self.rng.choice(["urban", "rural"]))

    def area_text(self, a):
        return self.rng.choice({"urban": ["城市", "urban"], "rural": ["农村", "rural"]}[a])

    def yn(self, v):
        if v:
            return self.rng.choice(["是", "Y", "1", "yes"])
        return self.rng.choice(["否", "N", "0", "no", "", ""])

    def base(self, p, d, a):
        r = self.rng
        row = {"id_number": p["pid"], "name": p["name"], "district": d, "area": self.area_text(a),
               "town": r.choice(TOWNS), "village": r.choice(VILLAGES),
               "bank": r.choice(BANKS), "account": self.card(), "payee": ""}
        if r.random() < 0.03:
            row["village"] = r.choice(VILLAGES) + "\n" + r.choice(["一组", "二组", "三组"])
        if r.random() < 0.03:
            row["village"] = r.choice(VILLAGES) + ",东"
        if r.random() < 0.02:
            row["village"] = '"新"' + r.choice(VILLAGES)
        return row

    # ------------------------------------------------------------ policy
    def pol(self, key, d, a, frm, val, ref="示例 example"):
        self.policy.append([key, d, a, frm, str(val), ref])

    def build_policy(self):
        r = self.rng
        P = self.pol
        for code, nm in DISTRICTS:
            P("district", code, "*", "2020-01", nm, "行政区划")
        P("district", "320699", "*", self.Mk(1), "示例新区", "future declaration (example)")
        for code, nm in LEGACY_NAMES:
            P("region", code, "*", "2020-01", nm, "legacy code still on older IDs")
        for frm, v in [("2020-07", "710"), ("2021-07", "750"), ("2022-07", "780"), ("2023-07", "820")]:
            P("dibao.standard", "*", "*", frm, v, "南通市低保标准 sourced")
        P("dibao.standard", "*", "*", self.Mk(1), "860", "future row (example)")
        P("dibao.standard", "320613", "*", "2022-07", "800", "older district row (example)")
        P("dibao.standard", "320612", "*", self.Mk(-3), "820.05", "odd fen (example)")
        P("dibao.standard", "320614", "rural", self.Mk(0), "822", "area row (example)")
        P("dibao.standard", "320614", "*", self.Mk(0), "821", "district row (example)")
        P("dibao.standard", "320623", "*", self.Mk(1), "900", "future district row (example)")
        # 823: 1.3 x 823 = 1069.90, so the rural TEKUN 1070 meets the plan (policy lint)
        P("dibao.standard", "*", "rural", self.Mk(-2), "823", "city-wide rural row (example)")
        # urban only: the rural TEKUN 1070 stays at least 1.3 x S (policy lint); 1900 + 825*10% = 1982.50
        P("dibao.standard", "320685", "urban", self.Mk(-1), "825", "example")
        P("dibao.standard", "320682", "urban", self.Mk(-6), "840", "example")
        modes = list(R.ROUNDING_MODES)
        for key, ds in (("dibao.rounding", ["320612", "320614"]), ("tekun.rounding", ["320685", "320612"]),
                        ("orphan.rounding", ["320614", "320681"]), ("price.rounding", ["320685", "320614"])):
            r.shuffle(modes)
            P(key, "*", "*", "2020-01", modes[0])
            P(key, ds[0], "*", self.Mk(-1), modes[1])
            P(key, ds[1], "*", self.Mk(-1), modes[2])
        P("dibao.min_payment", "*", "*", "2020-01", "0")
        P("dibao.min_payment", "320681", "*", self.Mk(-4), "50")
        P("dibao.job_cost_deduction", "*", "*", "2020-01", "0")
        P("dibao.job_cost_deduction", "*", "*", self.Mk(-6), "200")
        P("dibao.job_cost_deduction", "320682", "*", self.Mk(-12), "300", "superseded by the city-wide row")
        P("dibao.job_cost_deduction", "320613", "*", self.Mk(-1), "150.5")
        for k, v in (("severe_disability", "30"), ("serious_illness", "25"), ("elderly", "10"), ("minor", "15")):
            P("dibao.supplement." + k, "*", "*", "2020-01", v)
        P("dibao.supplement.elderly", "320685", "*", self.Mk(-1), "20")
        P("dibao.supplement.severe_disability", "320613", "*", self.Mk(-1), "35")
        P("dibao.elderly_age", "*", "*", "2020-01", "60")
        P("dibao.elderly_age", "320623", "*", "2020-01", "55")
        P("tekun.basic.dispersed", "*", "rural", "2022-07", "1000")
        P("tekun.basic.dispersed", "*", "rural", "2023-07", "1070", "sourced")
        for d in ("320613", "320612", "320614", "320681"):
            P("tekun.basic.dispersed", d, "urban", "2023-07", "2025", "sourced")
        P("tekun.basic.dispersed", "*", "urban", "2023-07", "1900", "sourced")
        P("tekun.basic.concentrated", "*", "*", "2023-07", "1500.25")
        P("tekun.basic.concentrated", "*", "rural", "2023-07", "1070")
        P("tekun.basic.concentrated", "320682", "*", self.Mk(-2), "1600.5")
        self.lint_tekun()
        for k, v in (("self", "10"), ("partial", "20"), ("full", "40")):
            P("tekun.care." + k, "*", "*", "2020-01", v, "sourced")
        P("tekun.care.full", "320682", "*", self.Mk(-3), "45")
        for k, v in (("living.grade12", "180"), ("living.grade34", "120"), ("nursing.grade1", "150"),
                     ("nursing.grade2", "120"), ("nursing.grade3", "90")):
            P("disability." + k, "*", "*", "2020-01", v)
        P("disability.nursing.grade3", "320623", "*", self.Mk(-2), "0")
        c = r.randint(0, 1)
        P("disability.nursing.include_grade3", "*", "*", "2020-01", c)
        P("disability.nursing.include_grade3", "320613", "*", self.Mk(-1), 1 - c)
        e = r.randint(0, 1)
        P("disability.exclude_tekun", "*", "*", "2020-01", e)
        P("disability.exclude_tekun", "320612", "*", self.Mk(-1), 1 - e)
        P("orphan.institutional", "*", "*", "2020-01", "2000")
        P("orphan.institutional", "320614", "*", self.Mk(-1), "2001")
        P("orphan.scattered_pct", "*", "*", "2020-01", "80", "sourced")
        # before 2025 50 (2001*50% = 1000.50, an exact half); from 2025-01, when the
        # plan's 80 is checked, 85, or 79.99 in one seed of four (a POLICY warning)
        pct = "50" if self.M < (2025, 1) else r.choice(["85", "85", "85", "79.99"])
        P("orphan.scattered_pct", "320614", "*", self.Mk(-1), pct)
        P("orphan.defacto_pct", "*", "*", "2020-01", "100")
        P("orphan.defacto_pct", "320614", "*", self.Mk(-1), "75")
        P("orphan.age_limit", "*", "*", "2020-01", "18")
        s = r.choice(["0", "22"])
        P("orphan.student_age_limit", "*", "*", "2020-01", s)
        P("orphan.student_age_limit", "320681", "*", self.Mk(-1), "22" if s == "0" else "0")
        self.formula = r.choice(["jiangsu_tiered", "national_linear"])
        other = "national_linear" if self.formula == "jiangsu_tiered" else "jiangsu_tiered"
        P("price.formula", "*", "*", "2020-01", self.formula)
        P("price.formula", "320682", "*", self.Mk(-1), other)
        P("price.index_lag", "*", "*", "2020-01", "1")
        P("price.index_lag", "320685", "*", self.Mk(-1), "2")
        P("price.index_lag", "320623", "*", self.Mk(-1), "0")
        P("price.trigger", "*", "*", "2020-01", "3.0")
        P("price.tier2", "*", "*", "2020-01", "5.0")
        P("price.tier1_fraction", "*", "*", "2020-01", "1/12", "sourced")
        P("price.tier2_fraction", "*", "*", "2020-01", "1/8", "sourced")
        P("price.trigger_food", "*", "*", "2020-01", "6.0")
        P("price.min_amount", "*", "*", "2020-01", "0")
        P("price.min_amount", "320682", "*", self.Mk(-1), "80")
        r.shuffle(self.policy)

    def lint_tekun(self):
        """In about one seed of three, a district's rural dispersed TEKUN
        basic amount at exactly 1.3 x its dibao.standard, or one fen below
        (a POLICY warning). The dibao.standard rows must be in already; an
        S whose 1.3 x is not a whole fen gives the fen above or below."""
        r = self.rng
        if r.randint(0, 2):
            return
        d = r.choice(DISTRICTS)[0]
        s13 = 13 * R.parse_money(self.lookup("dibao.standard", d, "rural"))
        b = s13 // 10 if r.randint(0, 1) else -(-s13 // 10)   # below (if not exact) or at / above
        if r.randint(0, 1) and s13 % 10 == 0:
            b -= 1   # one fen below
        self.pol("tekun.basic.dispersed", d, "rural", self.Mk(-1), R.yuan(b), "boundary (example)")

    def lookup(self, key, d, a):
        c = [p for p in self.policy if p[0] == key and p[1] in (d, "*") and p[2] in (a, "*")
             and R.parse_month(p[3]) <= self.M]
        latest = max(p[3] for p in c)
        c = [p for p in c if p[3] == latest]
        c.sort(key=lambda p: (p[1] == "*", p[2] == "*"))
        return c[0][4]

    def S(self, d, a):
        return R.parse_money(self.lookup("dibao.standard", d, a))

    def build_index(self):
        r = self.rng
        pool = [("3.00", "4.1", ""), ("2.10", "3.0", "5.00"), ("2.99", "1.0", "2.50"),
                ("4.99", "2.0", ""), ("5.20", "7.0", "4.00"), ("1.00", "2.0", "3.00"),
                ("2.50", "6.00", ""), ("3.00", "1.00", ""), ("2.99", "5.99", ""),
                ("4.25", "2.0", "")]
        chosen = r.sample(pool, 3)
        if r.random() < 0.15:
            chosen[1] = ("1.20", "2.0", "")   # untriggered month for the city-wide lag
        for k in range(-24, 1):
            ym = R.month_add(self.M, k)
            if k >= -2:
                cpi, food, scpi = chosen[-k]
            else:
                cpi = "%.1f" % r.uniform(-0.5, 2.5)
                food = "%.1f" % r.uniform(-2, 5)
                scpi = r.choice(["", "%.1f" % r.uniform(0, 2.5)])
            self.index.append([fm(ym), cpi, food, scpi])

    # ------------------------------------------------------------ DIBAO
    def hid(self):
        self.hh_seq += 1
        return "HH%s%05d" % (self.rng.choice(["", "NT", "32"]), self.hh_seq)

    def household(self, members, d=None, a=None, income=None, kind="", grace_until="",
                  grace_amount="", head_over=None, hid=None, relation_head=None):
        """members: list of dicts (p, grade, dtype, ill, employed, over). First is the head.
        income: fen (int) or a raw string."""
        r = self.rng
        d, a = self.place(d, a)
        hid = hid or self.hid()
        rows = []
        for i, m in enumerate(members):
            p = m.get("p") or self.person(age=m.get("age"), birth=m.get("birth"))
            m["p"] = p
            row = self.base(p, d, a)
            head = i == 0
            g = m.get("grade", 0)
            row.update({
                "household_id": hid,
                "relation": (relation_head or r.choice(["户主", "head"])) if head else
                r.choice(["配偶", "子女", "父母", "孙子女", "spouse", "child", ""]),
                "household_income": "", "kind": "", "grace_until": "", "grace_amount": "",
                "disability_grade": str(g) if (g or r.random() < 0.3) else "",
                "disability_type": str(m["dtype"]) if m.get("dtype") else "",
                "serious_illness": self.yn(m.get("ill", False)),
                "employed": self.yn(m.get("employed", False)),
            })
            if head:
                if isinstance(income, int):
                    inc = R.yuan(income)
                    if r.random() < 0.2 and income % 100 == 0:
                        inc = r.choice([inc + ".00", inc + ".0", "+" + inc])
                    if r.random() < 0.05:
                        inc = " " + inc + " "
                else:
                    inc = income
                row.update({"household_income": inc, "kind": kind, "grace_until": grace_until,
                            "grace_amount": grace_amount})
                if r.random() < 0.2:
                    row["payee"] = self.name()
            else:
                row["account"] = ""
                row["bank"] = ""
            if head and head_over:
                row.update(head_over)
            row.update(m.get("over", {}))
            rows.append(row)
        self.D.extend(rows)
        return hid, rows, d, a

    def mem(self, **kw):
        return dict(kw)

    def plain_members(self, n, employed=0):
        ms = [self.mem(age=self.rng.randint(25, 55)) for _ in range(n)]
        for m in ms[:employed]:
            m["employed"] = True
        self.rng.shuffle(ms)
        return ms

    def low_income(self, d, a, n):
        return max(0, self.S(d, a) * n - self.rng.randint(200, 900) * 100 - self.rng.choice([0, 37, 50]))

    def paid_household(self, members, d=None, a=None):
        d, a = self.place(d, a)
        return self.household(members, d, a, income=self.low_income(d, a, len(members)))

    def scen_dibao(self):
        r = self.rng
        # income at the line, one fen below, one fen above; with and without job deductions
        for d, a in [self.place(), self.place(), ("320682", None), ("320613", None), ("320612", "urban")]:
            d, a = self.place(d, a)
            n = r.randint(1, 4)
            e = r.randint(0, n)
            job = R.parse_money(self.lookup("dibao.job_cost_deduction", d, a))
            for delta in (0, -1, 1):
                ms = self.plain_members(n, e)
                self.household(ms, d, a, income=self.S(d, a) * n + job * e + delta)
        # income below the deduction
        d, a = self.place("320613")
        self.household(self.plain_members(2, 2), d, a, income=100)
        # gap of exactly k.50 yuan
        for _ in range(4):
            d, a = self.place()
            self.household([self.mem(age=r.randint(25, 50))], d, a,
                           income=self.S(d, a) - r.randint(100, 300) * 100 - 50)
        # half-fen supplement (S = 820.05, elderly 10%)
        for _ in range(2):
            self.household([self.mem(age=40), self.mem(birth=self.bday(70))], "320612", "urban",
                           income=r.randint(0, 800) * 100)
        # min payment raises a small payout (320681 floor 50)
        for gap in (1000, 6000, 1):
            d, a = self.place("320681")
            self.household([self.mem(age=35)], d, a, income=self.S(d, a) - gap)
        # overlapping supplements
        for ms in ([self.mem(age=70, grade=1, dtype=1), self.mem(age=45)],
                   [self.mem(age=40), self.mem(age=10, ill=True)],
                   [self.mem(age=65, grade=2, dtype=4, ill=True), self.mem(age=62)],
                   [self.mem(age=30, grade=3, dtype=5), self.mem(age=8, grade=4, dtype=2)],
                   [self.mem(age=45, ill=True, employed=True), self.mem(age=16, grade=1, dtype=5)],
                   [self.mem(age=80, grade=4, dtype=7)]):
            for d in (None, "320613", "320685"):
                self.paid_household([dict(m) for m in ms], d)
        # age boundaries (18 and elderly age; 320623 uses 55)
        for d in (None, None, "320623"):
            d, a = self.place(d)
            ea = int(self.lookup("dibao.elderly_age", d, a))
            for years in (18, ea):
                for delta in (0, 1, -1):
                    self.paid_household([self.mem(age=40), self.mem(birth=self.bday(years, delta))], d, a)
        # a newborn (born after the 1st of M)
        y, m = self.M
        self.paid_household([self.mem(age=30), self.mem(birth=datetime.date(y, m, 15))])
        # 单人保
        single = [dict(grade=1, dtype=3), dict(grade=2, dtype=1), dict(grade=3, dtype=5),
                  dict(grade=3, dtype=6), dict(grade=3, dtype=4), dict(grade=4, dtype=6),
                  dict(ill=True), dict(), dict(grade=3), dict(grade=1, ill=True)]
        for sp in single:
            d, a = self.place()
            self.household([self.mem(age=r.randint(20, 70), **sp)], d, a,
                           income=self.low_income(d, a, 1), kind=r.choice(["单人保", "single"]))
        d, a = self.place()
        self.household([self.mem(age=50, grade=1), self.mem(age=20)], d, a,
                       income=self.low_income(d, a, 2), kind="单人保")          # SINGLE_NOT_ONE_ROW
        self.household([self.mem(age=50, grade=1)], d, a, income=self.S(d, a) * 2,
                       kind="single")                                           # above the line
        # 渐退 (grace)
        for gu, ga in ((self.Mk(0), "300"), (self.Mk(-1), "300"), (self.Mk(2), "455.5"),
                       (self.Mk(0), "0"), (self.Mk(1), ""), ("2023-13", "100"),
                       ("2023-02-30", "100"), (self.Mk(0), "abc"), (self.Mk(3), "-5")):
            d, a = self.place()
            n = r.randint(1, 3)
            self.household(self.plain_members(n), d, a, income=self.S(d, a) * n + 5000,
                           grace_until=gu, grace_amount=ga)
        d, a = self.place()
        self.household([self.mem(age=40)], d, a, income=self.S(d, a) * 3, kind="single",
                       grace_until=self.Mk(1), grace_amount="200")   # single, not qualified, in grace
        # structure: no head, two heads, member district/area differs
        hid, rows, d, a = self.paid_household(self.plain_members(2))
        rows[0]["relation"] = "配偶"
        hid, rows, d, a = self.paid_household(self.plain_members(3))
        rows[1]["relation"] = "户主"
        hid, rows, d, a = self.paid_household(self.plain_members(3))
        rows[1]["district"] = [c for c in DCODES if c != d][0]
        hid, rows, d, a = self.paid_household(self.plain_members(2))
        rows[1]["area"] = self.area_text("rural" if a == "urban" else "urban")
        # bad head fields
        for inc in ("1,200", "12.345", "abc", "-5", "", ".5", "1e3", "¥800"):
            d, a = self.place()
            self.household(self.plain_members(r.randint(1, 3)), d, a, income=inc)
        for inc in ("-0", "+3", "1234.5", " 700 "):
            d, a = self.place()
            self.household(self.plain_members(2), d, a, income=inc)
        bad_rows = [
            {"id_number": self.bad_id("15")}, {"id_number": "3.20613E+17"},
            {"id_number": self.bad_id("check")}, {"id_number": self.bad_id("date")},
            {"id_number": self.bad_id("future")}, {"id_number": self.bad_id("short")},
            {"district": "320611"}, {"district": "320699"}, {"district": "999999"},
            {"district": "32061"}, {"area": "郊区"}, {"disability_grade": "5"},
            {"disability_type": "8"}, {"employed": "maybe"}, {"serious_illness": "有"},
        ]
        for over in bad_rows:
            ms = self.plain_members(r.randint(1, 3))
            ms[r.randrange(len(ms))]["over"] = over
            self.paid_household(ms)
        for over in ({"account": ""}, {"kind": "全家保"}, {"account": self.card(False)}):
            d, a = self.place()
            self.household(self.plain_members(2), d, a, income=self.low_income(d, a, 2), head_over=over)
        # lower-case x in an ID
        self.paid_household([self.mem(p=self.person(age=44, want_x=True))])
        self.D[-1]["id_number"] = self.D[-1]["id_number"].lower()
        # households split across two files
        for _ in range(2):
            hid, rows, d, a = self.paid_household(self.plain_members(3))
            rows[2]["_split"] = True
        # conflicts
        p = self.person(age=40)
        self.paid_household([self.mem(age=50), self.mem(p=p)])
        self.paid_household([self.mem(p=dict(p))])                      # person in two households
        p = self.person(age=33)
        self.paid_household([self.mem(age=60), self.mem(p=p)])
        self.household([self.mem(age=50), self.mem(p=dict(p))], income="abc")   # the other one rejected
        p = self.person(age=12)
        self.paid_household([self.mem(age=38), self.mem(p=p), self.mem(p=dict(p))])   # twice in one
        self.dibao_tekun = []
        for _ in range(3):
            p = self.person(age=r.randint(30, 80))
            hid, rows, d, a = self.paid_household([self.mem(age=45), self.mem(p=p), self.mem(age=15)])
            self.dibao_tekun.append((p, d, a, rows))
        # malformed rows, each a household of its own
        for raw in ("fieldcount_more", "fieldcount_less", "badutf8", "unterminated"):
            hid, rows, d, a = self.paid_household([self.mem(age=40)])
            rows[0]["_raw"] = raw

    def bad_id(self, kind):
        r = self.rng
        b = self.birth_for_age(r.randint(20, 70))
        region = r.choice(DCODES)
        if kind == "15":
            return region + b.strftime("%y%m%d") + "%03d" % r.randint(0, 999)
        if kind == "check":
            pid = self.make_id(b)
            return pid[:17] + R.ID_CHECK[(R.ID_CHECK.index(pid[17]) + r.randint(1, 10)) % 11]
        if kind == "date":
            first = region + r.choice(["20230230", "19990431", "19851301", "19770000"]) + "%03d" % r.randint(0, 999)
            return first + R.id_check_char(first)
        if kind == "future":
            y, m = R.month_add(self.M, 1)
            first = region + "%04d%02d05" % (y, m) + "%03d" % r.randint(0, 999)
            return first + R.id_check_char(first)
        if kind == "short":
            return self.make_id(b)[:17]
        raise ValueError(kind)

    # ------------------------------------------------------------ TEKUN
    def tekun_row(self, p, d=None, a=None, care=None, mode=None, over=None):
        r = self.rng
        d, a = self.place(d, a)
        care = care or r.choice(["self", "partial", "full"])
        mode = mode or r.choice(["dispersed", "dispersed", "concentrated"])
        row = self.base(p, d, a)
        row["care_level"] = r.choice({"self": ["全自理", "self"], "partial": ["半护理", "partial"],
                                      "full": ["全护理", "full"]}[care])
        row["support_mode"] = r.choice({"dispersed": ["分散", "dispersed"],
                                        "concentrated": ["集中", "concentrated"]}[mode])
        row["institution"] = row["institution_bank"] = row["institution_account"] = ""
        if mode == "concentrated":
            row["institution"] = r.choice(INSTITUTIONS)
            row["institution_bank"] = r.choice(BANKS)
            row["institution_account"] = self.inst_account()
            if r.random() < 0.5:
                row["account"] = ""
                row["bank"] = ""
        if r.random() < 0.15:
            row["payee"] = self.name()
        row.update(over or {})
        self.T.append(row)
        return row

    def scen_tekun(self):
        r = self.rng
        for mode in ("dispersed", "concentrated"):
            for care in ("self", "partial", "full"):
                for d, a in (self.place(), self.place(), ("320682", None), ("320685", "urban"),
                             ("320612", "urban"), ("320614", "rural")):
                    self.tekun_row(self.person(age=r.randint(40, 90)), d, a, care, mode)
        bad = [{"institution_account": ""}, {"care_level": "半自理"}, {"support_mode": "寄养"},
               {"id_number": self.bad_id("15")}, {"id_number": "3.20682E+17"},
               {"id_number": self.bad_id("check")}, {"id_number": self.bad_id("date")},
               {"district": "320611"}, {"area": ""}, {"institution": ""}]
        for over in bad:
            self.tekun_row(self.person(age=70), mode="concentrated", over=over)
        self.tekun_row(self.person(age=70), mode="dispersed", over={"account": ""})
        self.tekun_row(self.person(age=70), mode="dispersed", over={"account": self.card(False)})
        self.tekun_row(self.person(age=70), mode="concentrated", over={"account": ""})
        p = self.person(age=66, want_x=True)
        self.tekun_row(p, over={"id_number": p["pid"].lower()})
        # duplicates: same file and (perhaps) across files
        for _ in range(2):
            p = self.person(age=75)
            d, a = self.place()
            self.tekun_row(p, d, a)
            self.tekun_row(dict(p), d, a)
        # duplicate where one copy is rejected: the other is paid
        p = self.person(age=72)
        self.tekun_row(p)
        self.tekun_row(dict(p), over={"care_level": "?"})
        # conflicts with DIBAO
        for p, d, a, rows in self.dibao_tekun:
            self.tekun_row(p, d, a)
        for raw in ("fieldcount_more", "fieldcount_less", "badutf8", "unterminated"):
            row = self.tekun_row(self.person(age=80))
            row["_raw"] = raw

    # ------------------------------------------------------------ disability
    def cert(self, pid, t, g):
        return pid + str(t) + str(g)

    def dis_row(self, p, d, a, t, g, cols="auto", over=None):
        r = self.rng
        row = self.base(p, d, a)
        row["certificate"] = self.cert(p["pid"], t, g)
        mode = cols if cols != "auto" else r.choice(["blank", "both", "type", "grade", "both"])
        row["disability_type"] = str(t) if mode in ("both", "type") else ""
        row["disability_grade"] = str(g) if mode in ("both", "grade") else ""
        if r.random() < 0.1:
            row["payee"] = self.name()
        row.update(over or {})
        self.X.append(row)
        return row

    def scen_disability(self):
        r = self.rng
        combos = [(1, 4), (2, 1), (3, 5), (3, 6), (3, 1), (4, 2), (1, 7), (2, 6), (4, 5)]  # (grade, type)
        dists = ["320612", "320613", "320623", None]
        # linked to DIBAO households: paid, ineligible, held, grace-paid
        for g, t in combos:
            for d in dists:
                d, a = self.place(d)
                link = r.choice(["paid", "paid", "inel", "held", "grace", "none", "tekun_paid",
                                 "tekun_held", "tekun_conc", "rejected_hh"])
                p = self.person(age=r.randint(10, 80))
                if link == "paid":
                    self.paid_household([self.mem(age=50), self.mem(p=p, grade=g, dtype=t)], d, a)
                elif link == "inel":
                    self.household([self.mem(p=p, grade=g, dtype=t)], d, a, income=self.S(d, a) * 3)
                elif link == "held":
                    self.paid_household([self.mem(age=50), self.mem(p=p, grade=g, dtype=t)], d, a)
                    self.tekun_row(dict(p), d, a)  # DIBAO+TEKUN conflict
                elif link == "grace":
                    self.household([self.mem(p=p, grade=g, dtype=t)], d, a, income=self.S(d, a) * 2,
                                   grace_until=self.Mk(1), grace_amount="321")
                elif link == "tekun_paid":
                    self.tekun_row(p, d, a)
                elif link == "tekun_held":
                    self.tekun_row(p, d, a)
                    self.tekun_row(dict(p), d, a)
                elif link == "tekun_conc":
                    self.tekun_row(p, d, a, mode="concentrated")
                elif link == "rejected_hh":
                    self.household([self.mem(p=p, grade=g, dtype=t)], d, a, income="1,200")
                self.dis_row(p, d, a, t, g)
        # a held DIBAO household (person in two households) for a grade-4 and a grade-1 holder
        for t, g in ((2, 4), (1, 1)):
            d, a = self.place()
            p = self.person(age=45)
            self.paid_household([self.mem(age=50), self.mem(p=p, grade=g, dtype=t)], d, a)
            self.paid_household([self.mem(p=dict(p), grade=g, dtype=t)], d, a)
            self.dis_row(p, d, a, t, g)
        # bad rows
        for kind in ("type_mismatch", "grade_mismatch", "holder", "cert_type8", "cert_grade5",
                     "cert_short", "account", "id15", "sci", "district", "luhn"):
            d, a = self.place()
            p = self.person(age=50)
            self.paid_household([self.mem(p=p, grade=2, dtype=3)], d, a)
            over = {
                "type_mismatch": {"disability_type": "4"}, "grade_mismatch": {"disability_grade": "1"},
                "holder": {"certificate": self.cert(self.person(age=30)["pid"], 3, 2)},
                "cert_type8": {"certificate": p["pid"] + "82"}, "cert_grade5": {"certificate": p["pid"] + "35"},
                "cert_short": {"certificate": p["pid"] + "3"}, "account": {"account": ""},
                "id15": {"id_number": self.bad_id("15")}, "sci": {"id_number": "3.20685E+17"},
                "district": {"district": "999999"}, "luhn": {"account": self.card(False)},
            }[kind]
            self.dis_row(p, d, a, 3, 2, cols="both", over=over)
        # lower-case x in ID and certificate
        p = self.person(age=52, want_x=True)
        d, a = self.place()
        self.paid_household([self.mem(p=p, grade=1, dtype=2)], d, a)
        self.dis_row(p, d, a, 2, 1, over={"id_number": p["pid"].lower(),
                                          "certificate": (p["pid"] + "21").lower()})
        # duplicate disability rows
        p = self.person(age=58)
        d, a = self.place()
        self.paid_household([self.mem(p=p, grade=1, dtype=1)], d, a)
        self.dis_row(p, d, a, 1, 1)
        self.dis_row(dict(p), d, a, 1, 1)
        for raw in ("fieldcount_more", "badutf8", "unterminated"):
            p = self.person(age=44)
            d, a = self.place()
            row = self.dis_row(p, d, a, 1, 2)
            row["_raw"] = raw

    # ------------------------------------------------------------ orphans
    def orphan_row(self, p, d=None, a=None, cat=None, school=False, over=None):
        r = self.rng
        d, a = self.place(d, a)
        cat = cat or r.choice(["institutional", "scattered", "defacto"])
        row = self.base(p, d, a)
        row["category"] = r.choice({"institutional": ["机构养育", "institutional"],
                                    "scattered": ["社会散居", "scattered"],
                                    "defacto": ["事实无人抚养", "defacto"]}[cat])
        row["in_school"] = self.yn(school)
        row["institution"] = row["institution_bank"] = row["institution_account"] = ""
        row["guardian"] = ""
        if cat == "institutional":
            row["institution"] = r.choice(INSTITUTIONS)
            row["institution_bank"] = r.choice(BANKS)
            row["institution_account"] = self.inst_account()
            row["account"] = row["bank"] = ""
        else:
            if r.random() < 0.85:
                row["guardian"] = self.name()
            else:
                row["payee"] = self.name()
        row.update(over or {})
        self.O.append(row)
        return row

    def scen_orphan(self):
        r = self.rng
        for cat in ("institutional", "scattered", "defacto"):
            for d in (None, None, "320614", "320614", "320681"):
                self.orphan_row(self.person(age=r.randint(0, 17)), d, None, cat)
            for d in (None, "320681"):
                for years, delta in ((18, 0), (18, 1), (18, -1), (17, 0)):
                    self.orphan_row(self.person(birth=self.bday(years, delta)), d, None, cat,
                                    school=r.random() < 0.3)
                for years, delta, school in ((19, 0, True), (19, 0, False), (21, 5, True),
                                             (22, 0, True), (22, 1, True), (22, -1, True)):
                    self.orphan_row(self.person(birth=self.bday(years, delta)), d, None, cat, school=school)
        for over in ({"guardian": "", "payee": ""}, {"category": "其他"}, {"in_school": "在读"},
                     {"id_number": self.bad_id("date")}, {"id_number": self.bad_id("future")},
                     {"id_number": self.bad_id("15")}, {"district": "32061"}):
            self.orphan_row(self.person(age=10), cat="scattered", over=over)
        self.orphan_row(self.person(age=10), cat="scattered", over={"guardian": "", "payee": "代领人王芳"})
        self.orphan_row(self.person(age=10), cat="defacto", over={"account": ""})
        self.orphan_row(self.person(age=10), cat="institutional", over={"institution_account": ""})
        # newborn
        y, m = self.M
        self.orphan_row(self.person(birth=datetime.date(y, m, 3)), cat="institutional")
        # duplicate
        p = self.person(age=9)
        d, a = self.place()
        self.orphan_row(p, d, a, "scattered")
        self.orphan_row(dict(p), d, a, "scattered")
        # orphan also a member of a paid DIBAO household / of a held one / also TEKUN
        for link in ("dibao", "dibao_held", "tekun", "tekun_held", "dibao_inel"):
            p = self.person(age=r.randint(3, 16))
            d, a = self.place()
            if link == "dibao":
                self.paid_household([self.mem(age=60), self.mem(p=p)], d, a)
            elif link == "dibao_held":
                q = self.person(age=50)
                self.paid_household([self.mem(age=60), self.mem(p=p), self.mem(p=q)], d, a)
                self.paid_household([self.mem(p=dict(q))], d, a)
            elif link == "dibao_inel":
                self.household([self.mem(age=60), self.mem(p=p)], d, a, income=self.S(d, a) * 5)
            elif link == "tekun":
                self.tekun_row(p, d, a)
            else:
                self.tekun_row(p, d, a)
                self.tekun_row(dict(p), d, a)
            self.orphan_row(p, d, a)
        # held orphan (duplicate) whose person is in a paid DIBAO household: PRICE follows DIBAO
        p = self.person(age=7)
        d, a = self.place()
        self.paid_household([self.mem(age=35), self.mem(p=p)], d, a)
        self.orphan_row(p, d, a, "defacto")
        self.orphan_row(dict(p), d, a, "defacto")
        for raw in ("fieldcount_less", "badutf8", "unterminated"):
            row = self.orphan_row(self.person(age=5))
            row["_raw"] = raw

    # ------------------------------------------------------------ random filler
    def filler(self):
        r = self.rng
        left = self.n_persons
        while left > 0:
            x = r.random()
            if x < 0.45:
                n = min(left, r.choice([1, 1, 2, 2, 3, 3, 4, 5]))
                ms = []
                for i in range(n):
                    m = self.mem(age=r.randint(0, 90) if i else r.randint(22, 85))
                    if r.random() < 0.1:
                        m["grade"] = r.randint(1, 4)
                        m["dtype"] = r.randint(1, 7)
                    m["ill"] = r.random() < 0.08
                    m["employed"] = r.random() < 0.2
                    ms.append(m)
                d, a = self.place()
                S = self.S(d, a)
                inc = max(0, int(S * n * r.uniform(0.1, 1.2)))
                kind = "single" if n == 1 and r.random() < 0.2 else ""
                hid, rows, d, a = self.household(ms, d, a, income=inc, kind=kind)
                for m in ms:
                    if m.get("grade") and r.random() < 0.7:
                        self.dis_row(m["p"], d, a, m["dtype"], m["grade"])
                left -= n
            elif x < 0.65:
                self.tekun_row(self.person(age=r.randint(16, 95)))
                if r.random() < 0.1:
                    p = self.person(age=r.randint(16, 95))
                    d, a = self.place()
                    self.tekun_row(p, d, a)
                    self.dis_row(p, d, a, r.randint(1, 7), r.randint(1, 4))
                left -= 1
            elif x < 0.8:
                p = self.person(age=r.randint(5, 90))
                d, a = self.place()
                self.dis_row(p, d, a, r.randint(1, 7), r.randint(1, 4))
                left -= 1
            else:
                self.orphan_row(self.person(age=r.randint(0, 21)), school=r.random() < 0.4)
                left -= 1

    # ------------------------------------------------------------ writing
    def split_files(self, rows, roster):
        r = self.rng
        k = r.choice([1, 2, 2, 3])
        files = [[] for _ in range(k)]
        if roster == "dibao":
            groups = {}
            order = []
            for row in rows:
                if row["household_id"] not in groups:
                    order.append(row["household_id"])
                groups.setdefault(row["household_id"], []).append(row)
            for h in order:
                f = r.randrange(k)
                for row in groups[h]:
                    if row.get("_split") and k > 1:
                        files[(f + 1) % k].append(row)
                    else:
                        files[f].append(row)
        else:
            for row in rows:
                files[r.randrange(k)].append(row)
        out = []
        for fl in files:
            r.shuffle(fl)
            unterm = [x for x in fl if x.get("_raw") == "unterminated"]
            rest = [x for x in fl if x.get("_raw") != "unterminated"]
            if unterm:
                # one per file, at its end; any others go to files of their own
                out.append(rest + unterm[:1])
                for u in unterm[1:]:
                    out.append([u])
            else:
                out.append(rest)
        return [f for f in out if f]

    def quote(self, v, force=False):
        if force or any(c in v for c in ',"\r\n') or self.rng.random() < 0.08:
            return '"' + v.replace('"', '""') + '"'
        return v

    def write_roster(self, outdir, roster, idx, rows):
        r = self.rng
        enc = r.choice(["utf-8", "utf-8-sig", "gb18030"])
        eol = r.choice(["\n", "\r\n"])
        lang = r.choice(["zh", "en", "mixed"])
        gz = r.choice([None, None, "single", "multi"])
        cols = list(COLS[roster])
        for c in ("town", "village"):
            if r.random() < 0.3:
                cols.remove(c)
        if r.random() < 0.4:
            cols.append("_extra")
        r.shuffle(cols)

        def head(c):
            if c == "_extra":
                return r.choice(["备注", "remark"])
            h = {"zh": R.COLUMNS[c], "en": c, "mixed": r.choice([R.COLUMNS[c], c])}[lang]
            if r.random() < 0.05:
                h = " " + h + " "
            return h

        lines = [",".join(self.quote(head(c)) for c in cols)]
        for row in rows:
            raw = row.get("_raw")
            vals = []
            for c in cols:
                v = "" if c == "_extra" else row.get(c, "")
                if c == "_extra" and r.random() < 0.3:
                    v = r.choice(["复核", "新增", "2023年入保"])
                if c == "name" and raw == "badutf8":
                    v = v + BAD_MARK
                vals.append(v)
            if raw == "unterminated":
                # no quote may follow the opening one, or it would close the field
                i = cols.index("name")
                fields = [v.replace('"', "").replace("\n", " ").replace(",", " ") for v in vals]
                fields[i] = '"' + fields[i]
                lines.append(",".join(fields))
                continue
            fields = [self.quote(v) for v in vals]
            if raw == "fieldcount_more":
                fields.append("x")
            elif raw == "fieldcount_less":
                fields.pop()
            lines.append(",".join(fields))
        text = eol.join(l.replace("\n", eol) if "\r" not in l else l for l in lines)
        if rows and rows[-1].get("_raw") == "unterminated" or r.random() < 0.8:
            text += eol
        data = text.encode(enc).replace(BAD_MARK.encode("ascii"), b"\xff")
        name = "%s_%d.csv" % (roster, idx)
        if gz:
            if gz == "multi" and len(data) > 10:
                cut = r.randrange(1, len(data) - 1)
                data = gzip.compress(data[:cut], mtime=0) + gzip.compress(data[cut:], mtime=0)
            else:
                data = gzip.compress(data, mtime=0)
            if r.random() < 0.7:
                name += ".gz"
        with open(os.path.join(outdir, name), "wb") as fh:
            fh.write(data)
        return name

    def write_simple(self, outdir, name, header, rows):
        r = self.rng
        eol = r.choice(["\n", "\r\n"])
        text = eol.join([",".join(header)] + [",".join(self.quote(v) if v else v for v in row)
                                                for row in rows]) + eol
        data = text.encode(r.choice(["utf-8", "utf-8-sig"]))
        with open(os.path.join(outdir, name), "wb") as fh:
            fh.write(data)

    def generate(self, outdir):
        os.makedirs(outdir, exist_ok=True)
        self.scen_dibao()
        self.scen_tekun()
        self.scen_disability()
        self.scen_orphan()
        self.filler()
        args = ["--month", fm(self.M), "--policy", "policy.csv", "--index", "index.csv"]
        self.write_simple(outdir, "policy.csv", ["key", "district", "area", "from", "value", "reference"],
                          self.policy)
        self.write_simple(outdir, "index.csv", ["month", "cpi", "food_cpi", "scpi"], self.index)
        counts = {}
        for roster, rows in (("dibao", self.D), ("tekun", self.T), ("disability", self.X),
                             ("orphan", self.O)):
            files = self.split_files(rows, roster)
            for i, fr in enumerate(files, 1):
                name = self.write_roster(outdir, roster, i, fr)
                args += ["--" + roster, name]
            counts[roster] = len(rows)
        with open(os.path.join(outdir, "args.txt"), "w", encoding="utf-8", newline="\n") as fh:
            fh.write("\n".join(args) + "\n")
        return counts


def main():
    ap = argparse.ArgumentParser(description="generate a month's payrun inputs")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--persons", type=int, default=200)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    g = Gen(a.seed, a.persons)
    counts = g.generate(a.out)
    print("gen: seed %d month %s formula %s rows %s -> %s" % (
        a.seed, fm(g.M), g.formula, " ".join("%s=%d" % kv for kv in counts.items()), a.out))


if __name__ == "__main__":
    main()
