#!/usr/bin/python3
"""cyclegen.py - the payment cycle's inputs for the benchmark's next month.

    bench/cyclegen.py --prev DIR/2023-08 [--persons N] [--seed S] \
        --returns FILE --adjustments FILE

Reads the month folder's ledger.csv.gz (as payrun wrote it) and writes:

- a returns file (回盘, Chinese headers) failing a seeded 1 % of the month's
  bank rows: 付款编号, 银行账号, 收款人, 金额 (the sum of the row's lines, yuan),
  结果 失败 and a real-looking 原因; plus a few rows payrun rejects (an unknown
  付款编号, an amount that does not match, a bad result);
- an adjustments file (调整) for 0.5 % of the persons (N, default the number
  of REGULAR lines): 补发 of failed lines' exact amounts for 2023-08 (so their
  arrears are settled; some to a new account), 补差 for 2023-08 lines,
  临时救助 for the new month (valid 18-digit IDs with their check character, a
  district, area, bank and Luhn-valid account; one in eight above
  temp.max_amount 3000, so HELD), 追回 on REGULAR lines (recovery.offset_pct
  sets them against the new month's lines), and a few bad rows (no approver,
  a period after the month, an unknown programme, a back pay of a line that was
  paid, a temporary with a wrong check character).

Deterministic for a seed: the same ledger and seed give the same files. The
bank rows failed are chosen by a hash of (seed, pay_ref), so they do not
depend on the ledger's order; the adjustments by a seeded random generator
over the ledger in file order. Prints what it wrote.
"""

import argparse
import gzip
import hashlib
import os
import random
import sys

REASONS = ["账号已销户", "卡已挂失", "户名与账号不符", "账户已冻结", "账号不存在", "卡片已过期", "账户状态异常（久悬）"]
BANKS = [("中国农业银行", "622848"), ("江苏银行", "622173"), ("南通农商银行", "622369"), ("中国工商银行", "621226"),
         ("邮储银行", "621799"), ("中国建设银行", "621700"), ("中国银行", "621661")]
SURNAMES = "张王李陈刘杨黄周吴徐孙朱马胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾顾陆季缪施"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "建华", "秀兰", "玉珍", "德明", "桂芳", "志刚"]
APPROVERS = ["周敏", "王建", "李娟", "陈刚", "顾华", "季红"]
DISTRICT_ABBR = {"320612": "通", "320613": "崇", "320614": "海", "320623": "东", "320681": "启", "320682": "皋", "320685": "安"}
TEMP_REASONS = ["住房火灾，生活用品全毁", "重病住院自付费用", "交通事故致家庭生活困难", "突发疾病，医疗费用支出较大",
                "子女就学困难", "因灾房屋受损"]
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

COLS = ["program", "beneficiary_id", "household_id", "person_id", "district", "area", "name", "payee", "bank",
        "account", "amount_fen", "basis", "line_type", "period", "reference", "pay_ref"]


def yuan(fen):
    return "%d.%02d" % (fen // 100, fen % 100)


def id_number(district, y, m, d, seq):
    z = "%s%04d%02d%02d%03d" % (district, y, m, d, seq % 1000)
    return z + "10X98765432"[sum(int(c) * w for c, w in zip(z, ID_WEIGHTS)) % 11]


def account(prefix, seq):
    z = "%s%012d" % (prefix, seq % 10 ** 12)
    s = 0
    for i, c in enumerate(reversed(z)):
        v = int(c)
        if i % 2 == 0:
            v *= 2
            if v > 9:
                v -= 9
        s += v
    return z + str((10 - s % 10) % 10)


def split_line(line):
    """A ledger line's fields (payrun quotes a field only when it must)."""
    if '"' not in line:
        return line.split(",")
    out, cur, q, i = [], [], False, 0
    while i < len(line):
        c = line[i]
        if q:
            if c == '"':
                if i + 1 < len(line) and line[i + 1] == '"':
                    cur.append('"')
                    i += 1
                else:
                    q = False
            else:
                cur.append(c)
        elif c == '"':
            q = True
        elif c == ",":
            out.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    out.append("".join(cur))
    return out


def failed(seed, pay_ref, per_10000):
    h = hashlib.blake2b(pay_ref.encode(), digest_size=8, key=str(seed).encode()).digest()
    return int.from_bytes(h, "little") % 10000 < per_10000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--prev", required=True, help="the previous month's folder, DIR/YYYY-MM")
    ap.add_argument("--persons", type=int, default=0, help="persons (default: the REGULAR lines)")
    ap.add_argument("--seed", type=int, default=20230901)
    ap.add_argument("--fail-per-10000", type=int, default=100, help="bank rows failed, per 10,000 (default 100: 1 %%)")
    ap.add_argument("--adjust-per-10000", type=int, default=50, help="persons adjusted, per 10,000 (default 50: 0.5 %%)")
    ap.add_argument("--returns", required=True)
    ap.add_argument("--adjustments", required=True)
    a = ap.parse_args()
    prev_month = os.path.basename(os.path.normpath(a.prev))
    y, m = int(prev_month[:4]), int(prev_month[5:7])
    month = "%04d-%02d" % (y + m // 12, m % 12 + 1)
    rng = random.Random(a.seed)

    # one pass over the ledger: the failed rows' lines, a reservoir of REGULAR lines
    fail = {}            # pay_ref -> [account, payee, fen, [line fields...]]
    n_regular = n_lines = 0
    reservoir, k_res = [], 0
    with gzip.open(os.path.join(a.prev, "ledger.csv.gz"), "rt", encoding="utf-8", newline="") as fh:
        head = fh.readline().rstrip("\r\n").split(",")
        if head != COLS:
            sys.exit("cyclegen: %s/ledger.csv.gz: unexpected header %s" % (a.prev, head))
        # the reservoir's size is only known from N; take N from --persons or size it generously
        cap = None
        for line in fh:
            f = split_line(line.rstrip("\r\n"))
            n_lines += 1
            ref = f[15]
            if failed(a.seed, ref, a.fail_per_10000):
                r = fail.get(ref)
                if r is None:
                    r = fail[ref] = [f[9], f[7], 0, []]
                r[2] += int(f[10])
                r[3].append(f)
            if f[12] == "REGULAR":
                n_regular += 1
                if cap is None:
                    cap = max(1, (a.persons or 10 ** 6) * a.adjust_per_10000 // 10000)
                # reservoir sampling (algorithm R) of REGULAR lines
                if len(reservoir) < cap:
                    reservoir.append(f)
                else:
                    j = rng.randrange(n_regular)
                    if j < cap:
                        reservoir[j] = f
    persons = a.persons or n_regular
    n_adj = max(10, persons * a.adjust_per_10000 // 10000)
    reservoir = reservoir[:n_adj]

    # ---- returns ------------------------------------------------------------
    refs = sorted(fail)
    with open(a.returns, "w", encoding="utf-8", newline="") as out:
        out.write("付款编号,银行账号,收款人,金额,结果,原因\n")
        for ref in refs:
            r = fail[ref]
            out.write("%s,%s,%s,%s,失败,%s\n" % (ref, r[0], r[1], yuan(r[2]), rng.choice(REASONS)))
        # a few rows payrun rejects
        d = refs[0].split("-")[1] if refs else "320612"
        out.write("%s-%s-999998,6228480000000000000,张伟,100.00,失败,账号不存在\n" % (prev_month.replace("-", ""), d))
        if refs:
            r = fail[refs[0]]
            out.write("%s,%s,%s,%s,失败,户名与账号不符\n" % (refs[0], r[0], r[1], yuan(r[2])))          # duplicate
            r = fail[refs[-1]]
            out.write("%s,%s,%s,%s,退票,账号已销户\n" % (refs[-1], r[0], r[1], yuan(r[2])))      # bad result
        n_ret_lines = sum(len(r[3]) for r in fail.values())

    # ---- adjustments --------------------------------------------------------
    # the mix of n_adj rows: 25 % back pay of failed lines, 30 % differences,
    # 20 % recoveries (1 to 6 times the line), 1 % (at least 5) bad rows, the rest
    # (about 24 %) temporary assistance
    n_back = min(n_adj * 25 // 100, n_ret_lines)
    n_diff = n_adj * 30 // 100
    n_rec = n_adj * 20 // 100
    n_bad = max(5, n_adj // 100)
    n_temp = max(1, n_adj - n_back - n_diff - n_rec - n_bad)
    seq = [0]

    def ref_of(district, kind):
        seq[0] += 1
        return "%s民%s〔%d〕%d号" % (DISTRICT_ABBR.get(district, "通"), kind, y, seq[0])

    rows = []
    failed_lines = [f for ref in refs for f in fail[ref][3]]
    rng.shuffle(failed_lines)
    for i, f in enumerate(failed_lines[:n_back]):
        extra = ["", "", "", "", "", ""]
        if i % 3 == 0:   # a third to a new account
            bank, prefix = BANKS[rng.randrange(len(BANKS))]
            extra = [f[6], f[4], "城市" if f[5] == "urban" else "农村", bank, account(prefix, 900000000000 + seq[0]), f[7]]
        rows.append(["补发", f[0], f[1], f[13], yuan(int(f[10])), ref_of(f[4], "补"), rng.choice(APPROVERS),
                     "%s月代发失败退回，已核实" % int(f[13][5:])] + extra)
    pool = reservoir[:]
    rng.shuffle(pool)
    for f in pool[:n_diff]:
        rows.append(["补差", f[0], f[1], f[13], yuan(100 * rng.randint(5, 80) + rng.choice([0, 50])), ref_of(f[4], "补"),
                     rng.choice(APPROVERS), "标准调整追溯补差", "", "", "", "", "", ""])
    for f in pool[n_diff:n_diff + n_rec]:
        amt = int(f[10]) * rng.randint(1, 6)
        rows.append(["追回", f[0], f[1], f[13], yuan(amt), ref_of(f[4], "追"), rng.choice(APPROVERS),
                     "收入未如实申报，多领", "", "", "", "", "", ""])
    districts = sorted(DISTRICT_ABBR)
    for i in range(n_temp):
        dcode = districts[rng.randrange(len(districts))]
        pid = id_number(dcode, rng.randint(1940, 2000), rng.randint(1, 12), rng.randint(1, 28), rng.randrange(1000))
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        bank, prefix = BANKS[rng.randrange(len(BANKS))]
        amt = 100 * (rng.randint(3001, 8000) if i % 8 == 0 else rng.randint(2, 30) * 100)
        rows.append(["临时救助", "TEMP", pid, month, yuan(amt), ref_of(dcode, "临"), rng.choice(APPROVERS),
                     rng.choice(TEMP_REASONS), name, dcode, rng.choice(["城市", "农村"]), bank,
                     account(prefix, 800000000000 + i), name])
    # bad rows, in turn
    some = pool[-1] if pool else ["DIBAO", "DB320612-0000000", "", "", "320612", "rural", "", "", "", "", "10000", "",
                                   "REGULAR", prev_month, "", ""]
    for i in range(n_bad):
        k = i % 5
        if k == 0:    # no approver: ADJ_NOT_APPROVED
            rows.append(["补差", some[0], some[1], prev_month, "12.00", ref_of(some[4], "补"), "", "复核更正",
                         "", "", "", "", "", ""])
        elif k == 1:  # a period after the month: ADJ_BAD_PERIOD
            rows.append(["补发", some[0], some[1], "%04d-%02d" % (y + (m + 1) // 12, (m + 1) % 12 + 1), "50.00",
                         ref_of(some[4], "补"), rng.choice(APPROVERS), "提前补发", "", "", "", "", "", ""])
        elif k == 2:  # an unknown programme: ADJ_BAD_ROW
            rows.append(["补发", "MEDICAL", some[1], prev_month, "80.00", ref_of(some[4], "补"), rng.choice(APPROVERS),
                         "医疗救助", "", "", "", "", "", ""])
        elif k == 3:  # a back pay of a line that was paid: ADJ_ALREADY_PAID
            rows.append(["补发", some[0], some[1], some[13], yuan(int(some[10])), ref_of(some[4], "补"),
                         rng.choice(APPROVERS), "反映未到账", "", "", "", "", "", ""])
        else:         # a temporary with a wrong check character
            pid = id_number("320612", 1970, 5, 5, i)
            pid = pid[:17] + ("0" if pid[17] != "0" else "1")
            rows.append(["临时救助", "TEMP", pid, month, "500.00", ref_of("320612", "临"), rng.choice(APPROVERS),
                         "生活困难", "张伟", "320612", "农村", "中国农业银行", account("622848", 700000000000 + i), "张伟"])
    rng.shuffle(rows)
    with open(a.adjustments, "w", encoding="utf-8", newline="") as out:
        out.write("类型,项目,对象编号,所属期,金额,文号,审批人,事由,姓名,区划代码,城乡类别,开户银行,银行账号,收款人\n")
        for r in rows:
            out.write(",".join(r) + "\n")
    print("cyclegen: %s: %d lines; returns %s: %d bank rows failed (%d lines) + 3 bad rows; adjustments %s: "
          "%d rows (%d 补发, %d 补差, %d 临时救助, %d 追回, %d bad) for %d persons" % (
              prev_month, n_lines, os.path.basename(a.returns), len(refs), n_ret_lines, os.path.basename(a.adjustments), len(rows), n_back, n_diff, n_temp,
              n_rec, n_bad, persons), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
