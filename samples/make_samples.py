#!/usr/bin/env python3
"""make_samples.py - writes payrun's sample batch for month 2023-08.

Purpose: a small but complete input set for `payrun` (Nantong monthly
social-assistance payouts), used by the end-to-end test and as a worked
example for finance officers and auditors:

  policy.csv                       effective-dated parameters (domain.md s.3)
  index.csv                        price indices 2022-01 .. 2023-12
  dibao-chongchuan-tongzhou.csv    UTF-8 with BOM, CRLF, Chinese headers
  dibao-haimen-qidong.csv.gz       English headers, two concatenated gzip members
  dibao-rudong-rugao.csv           GB18030, Chinese headers (some padded)
  dibao-haian.csv.gz               UTF-8, Chinese headers, one gzip member
  tekun-dispersed.csv              分散供养, Chinese headers
  tekun-concentrated.csv           集中供养, English headers
  disability-with-type.csv         certificates plus type/grade columns (Chinese)
  disability-certificate-only.csv  certificates only (English)
  orphan-children.csv              孤儿 / 事实无人抚养儿童 (English)

Every file starts with hand-made "special" rows (the deliberately bad, held,
boundary and hand-worked cases listed in README.md and EXPECTED.md), then
random but valid filler rows.  The filler comes from a fixed seed, and the
special rows do not depend on the filler, so the line numbers quoted in
EXPECTED.md stay put as long as the special rows are unchanged.

Deterministic: Python 3 standard library only, fixed seeds, gzip written
with mtime=0 and no file name, so running it twice gives identical bytes.
README.md and EXPECTED.md are written by hand and are not touched here.

Usage:  python3 samples/make_samples.py [--lines]
        --lines  also prints the physical line of every special row
"""

import gzip
import io
import os
import random
import sys

OUT = os.path.dirname(os.path.abspath(__file__))
BATCH = (2023, 8)          # the batch month; ages are taken on 2023-08-01
SEED = 20230801            # filler rows
SPECIAL_SEED = 11643       # bank accounts of the special rows

# --------------------------------------------------------------------------
# Reference data

DISTRICTS = [
    ('320613', '崇川区'), ('320612', '通州区'), ('320614', '海门区'),
    ('320623', '如东县'), ('320681', '启东市'), ('320682', '如皋市'),
    ('320685', '海安市'),
]
DNAME = dict(DISTRICTS)
# legacy codes still found on older ID numbers
LEGACY = {'320613': ['320602', '320611'], '320612': ['320683'],
          '320614': ['320684'], '320685': ['320621']}

# towns: (urban 街道/镇, rural 镇)
TOWNS = {
    '320613': (['和平桥街道', '任港街道', '新城桥街道', '虹桥街道', '学田街道',
                '钟秀街道', '文峰街道', '观音山街道', '唐闸镇街道', '天生港镇街道',
                '秦灶街道'],
               ['陈桥街道', '幸福街道', '狼山镇街道']),
    '320612': (['金沙街道', '先锋街道', '兴东街道', '金新街道'],
               ['西亭镇', '二甲镇', '东社镇', '三余镇', '十总镇', '石港镇', '刘桥镇',
                '平潮镇', '五接镇', '川姜镇', '兴仁镇']),
    '320614': (['海门街道', '三厂街道', '滨江街道'],
               ['常乐镇', '悦来镇', '四甲镇', '余东镇', '正余镇', '包场镇', '临江镇',
                '海永镇']),
    '320623': (['掘港街道', '城中街道'],
               ['栟茶镇', '洋口镇', '长沙镇', '大豫镇', '丰利镇', '曹埠镇', '岔河镇',
                '双甸镇', '新店镇', '河口镇', '袁庄镇']),
    '320681': (['汇龙镇'],
               ['南阳镇', '北新镇', '王鲍镇', '合作镇', '海复镇', '近海镇', '寅阳镇',
                '惠萍镇', '东海镇', '吕四港镇']),
    '320682': (['如城街道', '城北街道', '城南街道'],
               ['东陈镇', '丁堰镇', '白蒲镇', '下原镇', '九华镇', '石庄镇', '长江镇',
                '吴窑镇', '江安镇', '搬经镇', '磨头镇']),
    '320685': (['海安街道', '城东镇', '孙庄街道'],
               ['雅周镇', '曲塘镇', '李堡镇', '角斜镇', '大公镇', '白甸镇', '南莫镇',
                '墩头镇']),
}
VILLAGE_ROOTS = ['新华', '光明', '永安', '红旗', '先锋', '东方', '联合', '友谊', '三里',
                 '幸福', '金星', '平安', '长青', '丰收', '民主', '新民', '兴隆', '团结',
                 '中心', '建设', '桃园', '濠西', '北濠', '南川', '花园', '河口', '双桥',
                 '东港', '新港', '望海', '合兴', '同心', '育才', '城南', '城北', '沿河']

# bank name -> (card prefix, card length)
BANKS = {
    '中国农业银行': ('622848', 19),
    '中国工商银行': ('621226', 19),
    '邮储银行': ('621799', 19),
    '江苏银行': ('622173', 16),
    '南通农商银行': ('622369', 19),
    '中国建设银行': ('621700', 19),
    '中国银行': ('621661', 19),
}
BANKS_URBAN = ['中国工商银行', '中国建设银行', '江苏银行', '中国银行', '中国农业银行', '邮储银行']
BANKS_RURAL = ['中国农业银行', '南通农商银行', '邮储银行', '南通农商银行', '中国农业银行', '江苏银行']

# support institutions per district: (urban home, rural home)
INSTITUTIONS = {
    '320613': ('崇川区社会福利中心', '崇川区陈桥敬老院'),
    '320612': ('通州区社会福利中心', '通州区石港镇敬老院'),
    '320614': ('海门区社会福利院', '海门区常乐镇敬老院'),
    '320623': ('如东县社会福利中心', '如东县栟茶镇敬老院'),
    '320681': ('启东市社会福利院', '启东市吕四港镇敬老院'),
    '320682': ('如皋市社会福利院', '如皋市白蒲镇敬老院'),
    '320685': ('海安市社会福利院', '海安市曲塘镇敬老院'),
}
CHILD_HOMES = ['南通市儿童福利院', '如皋市儿童福利院']

SURNAMES = ['陈', '张', '王', '李', '刘', '顾', '陆', '徐', '朱', '沈', '周', '吴', '黄',
            '季', '钱', '施', '杨', '曹', '袁', '丁', '瞿', '缪', '冒', '蔡', '范', '姜',
            '仲', '葛', '严', '许', '孙', '茅', '倪', '宋', '郁', '成', '邱', '秦', '胡',
            '邵', '汤', '花', '卢', '高', '蒋', '冯', '唐', '储', '卞', '单']
MALE = '建国志伟军明华平峰强勇林海兵东忠福根生俊杰浩宇磊涛斌文德荣兴新卫锋超晨辉宏成永家'
FEMALE = '秀英兰芳红梅玲丽娟霞琴珍凤美翠桂萍燕静敏婷雪慧怡欣涵萱琪颖月春云菊琳'

ZH_REL = {'head': '户主', 'spouse': '配偶', 'child': '子女', 'parent': '父母',
          'grandchild': '孙子女', 'sibling': '兄弟姐妹'}

# --------------------------------------------------------------------------
# ID numbers, bank cards, ages

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = '10X98765432'


def id_check(body17):
    return CHECK[sum(int(c) * w for c, w in zip(body17, W)) % 11]


def make_id(region, birth, seq):
    body = '%s%s%03d' % (region, birth.replace('-', ''), seq)
    return body + id_check(body)


def luhn_digit(partial):
    """Check digit to append to `partial` (digits)."""
    total = 0
    for i, c in enumerate(reversed(partial)):
        d = int(c)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


USED_ACCOUNTS = set()


def make_account(rng, bank):
    prefix, length = BANKS[bank]
    while True:
        body = prefix + ''.join(rng.choice('0123456789') for _ in range(length - len(prefix) - 1))
        acct = body + luhn_digit(body)
        if acct not in USED_ACCOUNTS:
            USED_ACCOUNTS.add(acct)
            return acct


def age_on_batch(birth):
    y, m, d = (int(x) for x in birth.split('-'))
    return BATCH[0] - y - (1 if (m, d) > (BATCH[1], 1) else 0)


USED_IDS = set()


class Person:
    def __init__(self, name, sex, birth, district, area, region=None, seq=None,
                 town=None, village=None, rng=None):
        self.name, self.sex, self.birth = name, sex, birth
        self.district, self.area = district, area
        region = region or district
        if seq is None:                      # filler: random free sequence number
            while True:
                seq = rng.randrange(1, 999)
                if (seq % 2 == 1) != (sex == 'M'):
                    continue
                pid = make_id(region, birth, seq)
                if pid not in USED_IDS:
                    break
        self.id = make_id(region, birth, seq)
        assert self.id not in USED_IDS, self.id
        USED_IDS.add(self.id)
        self.town, self.village = town, village


# --------------------------------------------------------------------------
# CSV writing (RFC 4180)

def q(field):
    field = '' if field is None else str(field)
    if any(c in field for c in ',"\r\n'):
        return '"' + field.replace('"', '""') + '"'
    return field


def line(fields):
    return ','.join(q(f) for f in fields)


class Sheet:
    """Records of one CSV file; keeps the physical line of each record."""

    def __init__(self, name, header):
        self.name = name
        self.records = [line(header)]
        self.marks = []              # (line, label) of special rows

    def next_line(self):
        return 1 + sum(r.count('\n') + 1 for r in self.records)

    def add(self, text, label=None):
        if label:
            self.marks.append((self.next_line(), label))
        self.records.append(text)

    def text(self, eol):
        return eol.join(self.records) + eol


def gz_member(data):
    buf = io.BytesIO()
    with gzip.GzipFile(filename='', mode='wb', fileobj=buf, mtime=0, compresslevel=9) as g:
        g.write(data)
    return buf.getvalue()


def write(path, data):
    with open(os.path.join(OUT, path), 'wb') as f:
        f.write(data)


# --------------------------------------------------------------------------
# policy.csv and index.csv

EXAMPLE = 'example value, not a policy figure'


def make_policy():
    rows = [['key', 'district', 'area', 'from', 'value', 'reference']]
    for code, name in DISTRICTS:
        rows.append(['district', code, '*', '2020-01', name,
                     'sourced: GB/T 2260 administrative division code (Nantong)'])
    for frm, v in (('2020-07', '710'), ('2021-07', '750')):
        rows.append(['dibao.standard', '*', '*', frm, v,
                     'sourced: Nantong dibao standard notice %s' % frm[:4]])
    rows.append(['dibao.standard', '320613', '*', '2022-01', '760',
                 EXAMPLE + ' (district-specific row, superseded by the city-wide 2022-07 row)'])
    for frm, v in (('2022-07', '780'), ('2023-07', '820')):
        rows.append(['dibao.standard', '*', '*', frm, v,
                     'sourced: Nantong dibao standard notice %s' % frm[:4]])
    rows.append(['dibao.standard', '*', '*', '2023-09', '860',
                 EXAMPLE + ' (future row from 2023-09, must be ignored for 2023-08)'])
    setting = 'project setting as given in domain.md section 3'
    rows += [
        ['dibao.rounding', '*', '*', '2020-01', 'yuan_ceil', setting],
        ['dibao.min_payment', '*', '*', '2020-01', '0', EXAMPLE],
        ['dibao.job_cost_deduction', '*', '*', '2020-01', '0', EXAMPLE],
        ['dibao.supplement.severe_disability', '*', '*', '2020-01', '30', EXAMPLE],
        ['dibao.supplement.serious_illness', '*', '*', '2020-01', '30', EXAMPLE],
        ['dibao.supplement.elderly', '*', '*', '2020-01', '10', EXAMPLE],
        ['dibao.supplement.minor', '*', '*', '2020-01', '10', EXAMPLE],
        ['dibao.elderly_age', '*', '*', '2020-01', '60', setting],
    ]
    for mode in ('dispersed', 'concentrated'):
        key = 'tekun.basic.' + mode
        rows.append([key, '*', 'rural', '2023-07', '1070',
                     'sourced: Nantong extreme-poverty support standard notice 2023 (rural)'])
        for code in ('320613', '320612', '320614', '320681'):
            rows.append([key, code, 'urban', '2023-07', '2025',
                         'sourced: Nantong extreme-poverty support standard notice 2023 (urban, %s)' % DNAME[code]])
        for code in ('320685', '320682', '320623'):
            rows.append([key, code, 'urban', '2023-07', '1900',
                         'sourced: Nantong extreme-poverty support standard notice 2023 (urban, %s)' % DNAME[code]])
    for lvl, v in (('self', '10'), ('partial', '20'), ('full', '40')):
        rows.append(['tekun.care.' + lvl, '*', '*', '2023-07', v,
                     'sourced: Nantong extreme-poverty care subsidy standard (pct of dibao standard)'])
    rows += [
        ['tekun.rounding', '*', '*', '2020-01', 'fen', setting],
        ['disability.living.grade12', '*', '*', '2020-01', '180', EXAMPLE],
        ['disability.living.grade34', '*', '*', '2020-01', '120', EXAMPLE],
        ['disability.nursing.grade1', '*', '*', '2020-01', '150', EXAMPLE],
        ['disability.nursing.grade2', '*', '*', '2020-01', '120', EXAMPLE],
        ['disability.nursing.grade3', '*', '*', '2020-01', '90', EXAMPLE],
        ['disability.nursing.include_grade3', '*', '*', '2020-01', '1', EXAMPLE],
        ['disability.exclude_tekun', '*', '*', '2020-01', '1', EXAMPLE],
        ['orphan.institutional', '*', '*', '2020-01', '2000', EXAMPLE],
        ['orphan.scattered_pct', '*', '*', '2020-01', '80',
         'sourced: Nantong 14th Five-Year civil-affairs plan (2025 target)'],
        ['orphan.defacto_pct', '*', '*', '2020-01', '100', EXAMPLE],
        ['orphan.age_limit', '*', '*', '2020-01', '18', setting],
        ['orphan.student_age_limit', '*', '*', '2020-01', '0', setting + ' (0 = off)'],
        ['orphan.rounding', '*', '*', '2020-01', 'yuan_ceil', setting],
        ['price.formula', '*', '*', '2020-01', 'jiangsu_tiered', setting],
        ['price.index_lag', '*', '*', '2020-01', '1', setting],
        ['price.trigger', '*', '*', '2020-01', '3.0', 'Jiangsu threshold as given in domain.md section 3'],
        ['price.tier2', '*', '*', '2020-01', '5.0', 'Jiangsu threshold as given in domain.md section 3'],
        ['price.tier1_fraction', '*', '*', '2020-01', '1/12',
         'sourced: Jiangsu price-linked temporary subsidy mechanism'],
        ['price.tier2_fraction', '*', '*', '2020-01', '1/8',
         'sourced: Jiangsu price-linked temporary subsidy mechanism'],
        ['price.trigger_food', '*', '*', '2020-01', '6.0', setting + ' (national formula only)'],
        ['price.min_amount', '*', '*', '2020-01', '0', setting],
        ['price.rounding', '*', '*', '2020-01', 'yuan_half_up', setting],
        # the payment cycle (domain.md section 8)
        ['arrears.max_months', '*', '*', '2020-01', '6', EXAMPLE + ' (months an unpaid amount stays owed)'],
        ['temp.max_amount', '*', '*', '2020-01', '3000', EXAMPLE + ' (临时救助 above it is held for review)'],
        ['recovery.offset_pct', '*', '*', '2020-01', '20', EXAMPLE + ' (share of a regular payment set against a recovery)'],
    ]
    # legacy division codes still on older ID numbers (no ID_REGION_OUTSIDE)
    for code, name in (('320602', '崇川区'), ('320611', '港闸区'), ('320621', '海安县'),
                       ('320684', '海门市'), ('320683', '通州市')):
        rows.append(['region', code, '*', '2020-01', '%s (legacy code)' % name,
                     'sourced: GB/T 2260 legacy division code still on older ID numbers (Nantong)'])
    rows += [
        # the 公示 notice's keys (notice.mask_names is left to its default 1)
        ['notice.period', '*', '*', '2023-08', '2023-09-01至2023-09-07',
         EXAMPLE + ' (the 公示 notice period of the 2023-08 list)'],
        ['notice.phone', '*', '*', '2020-01', '0513-80000000',
         'example value, not a real telephone number (the 公示 complaint telephone)'],
    ]
    write('policy.csv', ('\n'.join(line(r) for r in rows) + '\n').encode('utf-8'))


def make_index():
    # example figures, not published statistics; 2023-07 (used for the
    # 2023-08 batch, lag 1) triggers Jiangsu tier 1; 2023-08 would trigger
    # tier 2, so using the wrong month shows in the amounts
    data = [
        ('2022-01', '1.2', '-2.1', '1.6'), ('2022-02', '1.1', '-3.0', '1.4'),
        ('2022-03', '1.6', '-1.2', ''), ('2022-04', '2.2', '1.8', '2.3'),
        ('2022-05', '2.0', '2.1', '2.2'), ('2022-06', '2.6', '2.6', '2.7'),
        ('2022-07', '2.8', '5.9', '2.9'), ('2022-08', '2.5', '6.2', '2.8'),
        ('2022-09', '2.7', '8.5', '2.9'), ('2022-10', '2.1', '7.0', ''),
        ('2022-11', '1.5', '3.6', '1.9'), ('2022-12', '1.8', '4.8', '2.0'),
        ('2023-01', '2.0', '6.1', '2.4'), ('2023-02', '1.0', '2.6', '1.5'),
        ('2023-03', '0.7', '2.4', ''), ('2023-04', '0.1', '0.4', '0.9'),
        ('2023-05', '0.2', '1.0', '1.1'), ('2023-06', '0.0', '2.3', '2.6'),
        ('2023-07', '2.1', '4.0', '3.4'), ('2023-08', '2.4', '5.1', '5.3'),
        ('2023-09', '0.0', '-3.2', '1.2'), ('2023-10', '-0.2', '-4.0', '0.8'),
        ('2023-11', '-0.5', '-4.2', ''), ('2023-12', '-0.3', '-3.7', '0.6'),
    ]
    rows = [('month', 'cpi', 'food_cpi', 'scpi')] + data
    write('index.csv', ('\n'.join(line(r) for r in rows) + '\n').encode('utf-8'))


# --------------------------------------------------------------------------
# random filler helpers

def rand_name(rng, sex, surname=None):
    pool = MALE if sex == 'M' else FEMALE
    given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.8 else '')
    return (surname or rng.choice(SURNAMES)) + given


def rand_birth(rng, age_lo, age_hi):
    age = rng.randint(age_lo, age_hi)
    m = rng.randint(1, 12)
    d = rng.randint(1, 28)
    y = BATCH[0] - age - (1 if (m, d) > (BATCH[1], 1) else 0)
    if (y, m) > (2023, 7):          # no birth dates after the batch month
        y -= 1
    return '%04d-%02d-%02d' % (y, m, d)


def rand_place(rng, district, area):
    towns = TOWNS[district][0 if area == 'urban' else 1]
    town = rng.choice(towns)
    village = rng.choice(VILLAGE_ROOTS) + ('社区' if area == 'urban' else '村')
    return town, village


def rand_person(rng, district, area, age_lo, age_hi, sex=None, surname=None,
                town=None, village=None, legacy_ok=True):
    sex = sex or rng.choice('MF')
    birth = rand_birth(rng, age_lo, age_hi)
    region = district
    if legacy_ok and district in LEGACY and birth < '2005' and rng.random() < 0.06:
        region = rng.choice(LEGACY[district])
    if town is None:
        town, village = rand_place(rng, district, area)
    return Person(rand_name(rng, sex, surname), sex, birth, district, area,
                  region=region, town=town, village=village, rng=rng)


def pick_bank(rng, area):
    return rng.choice(BANKS_URBAN if area == 'urban' else BANKS_RURAL)


def yuan(fen, style):
    """fen -> a valid decimal yuan string in one of a few spellings."""
    y, f = divmod(fen, 100)
    if f == 0:
        return '%d' % y if style % 3 else '%d.00' % y
    if f % 10 == 0 and style % 2:
        return '%d.%d' % (y, f // 10)
    return '%d.%02d' % (y, f)


# --------------------------------------------------------------------------
# DIBAO

DIBAO_COLS = {
    'household_id': ('户编号', 'household_id'), 'relation': ('与户主关系', 'relation'),
    'id_number': ('身份证号', 'id_number'), 'name': ('姓名', 'name'),
    'district': ('区划代码', 'district'), 'area': ('城乡类别', 'area'),
    'town': ('乡镇街道', 'town'), 'village': ('村居', 'village'),
    'kind': ('保障类型', 'kind'), 'household_income': ('家庭月收入', 'household_income'),
    'disability_grade': ('残疾等级', 'disability_grade'),
    'disability_type': ('残疾类别', 'disability_type'),
    'serious_illness': ('重病', 'serious_illness'), 'employed': ('就业', 'employed'),
    'grace_until': ('渐退截止', 'grace_until'), 'grace_amount': ('渐退金额', 'grace_amount'),
    'bank': ('开户银行', 'bank'), 'account': ('银行账号', 'account'),
    'payee': ('收款人', 'payee'), 'note': ('备注', 'note'),
}
YESNO = {'zh': ('是', '否'), 'yn': ('Y', 'N'), 'yesno': ('yes', 'no'), '10': ('1', '0')}


class Member:
    def __init__(self, person, rel, grade=0, dtype=None, ill=False, employed=False, **kw):
        self.p, self.rel = person, rel
        self.grade, self.dtype, self.ill, self.employed = grade, dtype, ill, employed
        self.id_text = kw.get('id_text')         # overrides the ID column (bad rows)
        self.district = kw.get('district')       # overrides the district column
        self.relation_text = kw.get('relation_text')
        self.income = kw.get('income')           # head only: text
        self.kind = kw.get('kind')
        self.grace_until = kw.get('grace_until')
        self.grace_amount = kw.get('grace_amount')
        self.bank = kw.get('bank')
        self.account = kw.get('account')
        self.payee = kw.get('payee')
        self.note = kw.get('note')


class DibaoFile:
    def __init__(self, name, cols, lang, yesno, pad=()):
        self.lang, self.yesno, self.cols = lang, yesno, cols
        header = []
        for c in cols:
            h = DIBAO_COLS[c][0 if lang == 'zh' else 1]
            header.append(' %s ' % h if c in pad else h)
        self.sheet = Sheet(name, header)

    def fmt(self, hid, m):
        zh = self.lang == 'zh'
        yes, no = YESNO[self.yesno]
        p = m.p
        v = {
            'household_id': hid,
            'relation': m.relation_text or (ZH_REL[m.rel] if zh else m.rel),
            'id_number': m.id_text or p.id,
            'name': p.name,
            'district': m.district or p.district,
            'area': ({'urban': '城市', 'rural': '农村'}[p.area] if zh else p.area),
            'town': p.town, 'village': p.village,
            'kind': m.kind or '', 'household_income': m.income or '',
            'disability_grade': str(m.grade),
            'disability_type': str(m.dtype) if m.dtype else '',
            'serious_illness': yes if m.ill else no,
            'employed': yes if m.employed else ('' if self.yesno == 'yesno' else no),
            'grace_until': m.grace_until or '', 'grace_amount': m.grace_amount or '',
            'bank': m.bank or '', 'account': m.account or '', 'payee': m.payee or '',
            'note': m.note or '',
        }
        if m.kind and not zh:
            v['kind'] = {'单人保': 'single', '全户保': 'household'}.get(m.kind, m.kind)
        return [v[c] for c in self.cols]

    def household(self, hid, members, label=None, labels=None):
        for i, m in enumerate(members):
            lab = (labels or {}).get(i) or (label if i == 0 else None)
            self.sheet.add(line(self.fmt(hid, m)), lab)


def sp(name, sex, birth, district, area, town, village, seq, region=None):
    """A special (hand-made) person."""
    return Person(name, sex, birth, district, area, region=region, seq=seq,
                  town=town, village=village)


SRNG = random.Random(SPECIAL_SEED)


def acct(bank):
    return make_account(SRNG, bank)


def bad_luhn(bank):
    a = acct(bank)
    return a[:-1] + str((int(a[-1]) + 3) % 10)


def head(person, income, bank, **kw):
    return Member(person, 'head', income=income, bank=bank, account=kw.pop('account', None) or acct(bank), **kw)


# Special people shared between rosters are kept here.
S = {}


def dibao_specials_a(f):
    """崇川 / 通州 specials (file a)."""
    d, u, r = '320613', 'urban', 'rural'
    # DB320613-0001: supplements for elderly, serious illness, disability, minor
    t, v = '和平桥街道', '八仙城社区'
    S['chen_zhiqiang'] = sp('陈志强', 'M', '1985-06-20', d, u, t, v, 31)
    f.household('DB320613-0001', [
        head(sp('陈建国', 'M', '1958-03-12', d, u, t, v, 15), '1500.50', '中国农业银行', kind='全户保'),
        Member(sp('顾秀英', 'F', '1961-11-05', d, u, t, v, 24), 'spouse', ill=True),
        Member(S['chen_zhiqiang'], 'child', grade=2, dtype=4),
        Member(sp('陈雨涵', 'F', '2012-09-14', d, u, t, v, 42), 'grandchild'),
    ], 'DB320613-0001 hand-worked: supplements 10/30/30/10')
    # DB320613-0002: 单人保, grade 3 mental
    S['zhu_weidong'] = sp('朱卫东', 'M', '1979-04-02', d, u, '任港街道', '濠西社区', 57)
    f.household('DB320613-0002', [
        head(S['zhu_weidong'], '300', '江苏银行', kind='单人保', grade=3, dtype=6),
    ], 'DB320613-0002 hand-worked: 单人保 grade 3 mental')
    # DB320612-0003: grace household (渐退 until 2023-08)
    d2 = '320612'
    t, v = '石港镇', '兴隆村'
    f.household('DB320612-0003', [
        head(sp('施海峰', 'M', '1970-05-18', d2, r, t, v, 73), '2100', '南通农商银行',
             employed=True, grace_until='2023-08', grace_amount='615.50'),
        Member(sp('季红梅', 'F', '1972-10-09', d2, r, t, v, 86), 'spouse'),
    ], 'DB320612-0003 hand-worked: grace until 2023-08, amount 615.50')
    # DB320612-0004: grace expired 2023-07
    t, v = '西亭镇', '红旗村'
    f.household('DB320612-0004', [
        head(sp('曹长林', 'M', '1966-01-23', d2, r, t, v, 91), '1900', '中国农业银行',
             grace_until='2023-07', grace_amount='400'),
        Member(sp('郁美芳', 'F', '1968-03-30', d2, r, t, v, 102), 'spouse'),
    ], 'DB320612-0004 INELIGIBLE: grace expired 2023-07')
    # DB320612-0005: income above the line; daughter grade 2 (disability roster)
    t, v = '二甲镇', '联合村'
    S['yuan_jiayi'] = sp('袁佳怡', 'F', '2003-02-11', d2, r, t, v, 128)
    f.household('DB320612-0005', [
        head(sp('袁志明', 'M', '1975-07-07', d2, r, t, v, 117), '1700', '邮储银行', employed=True),
        Member(S['yuan_jiayi'], 'child', grade=2, dtype=1),
    ], 'DB320612-0005 INELIGIBLE: income 1700 > 820*2')
    # DB320613-0006: income exactly at the line (gap 0) despite a supplement
    t, v = '学田街道', '桃园社区'
    f.household('DB320613-0006', [
        head(sp('黄国平', 'M', '1960-12-01', d, u, t, v, 135), '2460.00', '中国工商银行'),
        Member(sp('吴美兰', 'F', '1962-04-19', d, u, t, v, 146), 'spouse'),
        Member(sp('黄磊', 'M', '1990-09-30', d, u, t, v, 153), 'child', employed=True),
    ], 'DB320613-0006 INELIGIBLE: income 2460.00 = 820*3 (gap 0)')
    # DB320613-0007: one member's ID mangled by a spreadsheet -> household REJECTED
    t, v = '秦灶街道', '北濠社区'
    S['cai_yufang'] = sp('蔡玉芳', 'F', '1970-02-28', d, u, t, v, 164)
    mangled = sp('沈浩', 'M', '1996-10-02', d, u, t, v, 177)
    f.household('DB320613-0007', [
        head(sp('沈建华', 'M', '1968-08-15', d, u, t, v, 171), '800', '中国建设银行'),
        Member(S['cai_yufang'], 'spouse', grade=1, dtype=1),
        Member(mangled, 'child', id_text='3.20613E+17'),
    ], labels={0: 'DB320613-0007 REJECTED: HOUSEHOLD_REJECTED (member row below)',
               1: 'DB320613-0007 REJECTED: HOUSEHOLD_REJECTED',
               2: 'DB320613-0007 REJECTED: ID 3.20613E+17'})
    # DB320999-0008: district 320999 not declared
    f.household('DB320999-0008', [
        Member(sp('瞿国庆', 'M', '1964-10-01', d, u, '文峰街道', '城南社区', 189), 'head',
               income='500', bank='中国银行', account=acct('中国银行'), district='320999'),
    ], 'DB320999-0008 REJECTED: district 320999 not declared')
    # DB320612-0009: income "1,200"
    t, v = '平潮镇', '金星村'
    f.household('DB320612-0009', [
        head(sp('冒志刚', 'M', '1981-03-03', d2, r, t, v, 195), '1,200', '南通农商银行'),
        Member(sp('冒欣然', 'F', '2010-06-06', d2, r, t, v, 206), 'child'),
    ], labels={0: 'DB320612-0009 REJECTED: income "1,200"',
               1: 'DB320612-0009 REJECTED: HOUSEHOLD_REJECTED'})
    # DB320612-0010: quoted comma in the village; turns 60 exactly on 2023-08-01
    t, v = '刘桥镇', '新桥村,七组'
    f.household('DB320612-0010', [
        head(sp('钱德兴', 'M', '1961-05-27', d2, r, t, v, 217), '980', '中国农业银行'),
        Member(sp('徐桂兰', 'F', '1963-08-01', d2, r, t, v, 228), 'spouse'),
        Member(sp('钱子轩', 'M', '2015-03-18', d2, r, t, v, 231), 'grandchild'),
    ], 'DB320612-0010 hand-worked: quoted comma; spouse 60 exactly')
    # DB320613-0011: quoted newline in 备注; 59 and 18 exactly (no supplements)
    t, v = '钟秀街道', '钟秀社区'
    f.household('DB320613-0011', [
        head(sp('范建军', 'M', '1963-08-02', d, u, t, v, 245), '450.80', '江苏银行',
             note='2023-06 入户核查\n收入含临时工资'),
        Member(sp('范晓东', 'M', '2005-08-01', d, u, t, v, 253), 'child', employed=True),
    ], 'DB320613-0011 hand-worked: quoted newline; ages 59 and 18 exactly')
    # DB320613-0012: 陆晓峰 also heads DB320614-0104 -> both households HELD
    t, v = '唐闸镇街道', '城闸社区'
    S['lu_yongfu'] = sp('陆永福', 'M', '1952-09-09', d, u, t, v, 261)
    S['lu_xiaofeng'] = sp('陆晓峰', 'M', '1983-12-12', d, u, t, v, 279)
    f.household('DB320613-0012', [
        head(S['lu_yongfu'], '600', '中国工商银行', grade=4, dtype=2),
        Member(sp('秦桂香', 'F', '1955-04-04', d, u, t, v, 282), 'spouse'),
        Member(S['lu_xiaofeng'], 'child'),
    ], labels={0: 'DB320613-0012 HELD: 陆晓峰 also in DB320614-0104',
               1: 'DB320613-0012 HELD', 2: 'DB320613-0012 HELD (陆晓峰)'})
    # DB320613-0013: member row with another district -> WARNING
    t, v = '观音山街道', '平安社区'
    S['liu_cuihua'] = sp('刘翠华', 'F', '1961-06-30', d, u, t, v, 296)
    f.household('DB320613-0013', [
        head(sp('张国华', 'M', '1959-01-20', d, u, t, v, 293), '1000', '中国农业银行'),
        Member(S['liu_cuihua'], 'spouse', grade=4, dtype=3, district='320612'),
    ], labels={0: 'DB320613-0013 PAID', 1: 'DB320613-0013 WARNING: member district 320612'})
    # DB320613-0014: grandmother and an orphan grandchild (also on orphan-children.csv)
    t, v = '虹桥街道', '虹桥社区'
    S['zhou_guiying'] = sp('周桂英', 'F', '1955-02-14', d, u, t, v, 308)
    S['zhou_guiying'].bank = '中国工商银行'
    S['zhou_guiying'].account = acct('中国工商银行')
    S['zhou_zihan'] = sp('周子涵', 'F', '2014-07-22', d, u, t, v, 316)
    f.household('DB320613-0014', [
        head(S['zhou_guiying'], '900', '中国工商银行', account=S['zhou_guiying'].account),
        Member(S['zhou_zihan'], 'grandchild'),
    ], 'DB320613-0014 hand-worked: orphan grandchild also on orphan-children.csv')


def dibao_specials_b(f):
    """海门 / 启东 specials (file b, English)."""
    r, u = 'rural', 'urban'
    d, t, v = '320681', '南阳镇', '新民村'
    S['shen_xiuzhen'] = sp('沈秀珍', 'F', '1951-07-19', d, r, t, v, 322)
    f.household('DB320681-0101', [
        head(sp('黄建新', 'M', '1978-04-11', d, r, t, v, 331), '2350.25', '南通农商银行',
             employed=True, kind='household'),
        Member(sp('施丽娟', 'F', '1980-01-25', d, r, t, v, 342), 'spouse'),
        Member(sp('黄子豪', 'M', '2008-05-30', d, r, t, v, 353), 'child'),
        Member(sp('黄梓萱', 'F', '2014-02-03', d, r, t, v, 364), 'child'),
        Member(S['shen_xiuzhen'], 'parent', grade=1, dtype=4),
    ], 'DB320681-0101 hand-worked: 5 members, income 2350.25')
    d = '320614'
    f.household('DB320614-0102', [
        head(sp('顾建平', 'M', '1969-09-21', d, u, '海门街道', '秀山社区', 375), '0', '中国农业银行',
             kind='单人保', grade=1, dtype=1),
    ], 'DB320614-0102 hand-worked: 单人保 grade 1')
    t, v = '常乐镇', '同心村'
    f.household('DB320614-0103', [
        head(sp('倪卫国', 'M', '1973-03-08', d, r, t, v, 387), '2500', '邮储银行',
             employed=True, grace_until='2023-12', grace_amount='410'),
        Member(sp('成小红', 'F', '1974-12-24', d, r, t, v, 398), 'spouse', employed=True),
    ], 'DB320614-0103 hand-worked: grace until 2023-12, amount 410')
    t, v = '三厂街道', '育才社区'
    # 陆晓峰's ID was issued in 崇川 (320613); he now lives in 海门
    lx = S['lu_xiaofeng']
    lx_here = Person.__new__(Person)
    lx_here.__dict__.update(lx.__dict__)
    lx_here.district, lx_here.area, lx_here.town, lx_here.village = d, u, t, v
    f.household('DB320614-0104', [
        head(lx_here, '1000', '江苏银行'),
        Member(sp('杨静', 'F', '1986-05-05', d, u, t, v, 404), 'spouse'),
    ], labels={0: 'DB320614-0104 HELD: 陆晓峰 also in DB320613-0012', 1: 'DB320614-0104 HELD'})
    d, t, v = '320681', '汇龙镇', '城南社区'
    f.household('DB320681-0105', [
        head(sp('宋国兵', 'M', '1965-11-11', d, u, t, v, 415), '1300', '中国工商银行',
             account=bad_luhn('中国工商银行')),
        Member(sp('卢爱华', 'F', '1967-06-16', d, u, t, v, 426), 'spouse'),
        Member(sp('宋伟', 'M', '1999-01-09', d, u, t, v, 433), 'child', employed=True),
    ], 'DB320681-0105 WARNING: head account fails Luhn (PAID)')


def dibao_specials_c(f):
    """如东 / 如皋 specials (file c, GB18030)."""
    r, u = 'rural', 'urban'
    d, t, v = '320682', '如城街道', '福寿社区'
    f.household('DB320682-0201', [
        head(sp('王丽', 'F', '1987-03-15', d, u, t, v, 442), '0', '中国建设银行', ill=True),
        Member(sp('王㛃', 'F', '2017-04-09', d, u, t, v, 452), 'child'),
    ], 'DB320682-0201 hand-worked: GB18030 four-byte character 㛃 (U+36C3)')
    t, v = '白蒲镇', '林梓村'
    S['qian_fugen'] = sp('钱福根', 'M', '1934-10-10', d, r, t, v, 467)
    f.household('DB320682-0202', [
        head(sp('钱永生', 'M', '1958-06-06', d, r, t, v, 475), '700', '南通农商银行'),
        Member(S['qian_fugen'], 'parent'),
    ], labels={0: 'DB320682-0202 HELD', 1: 'DB320682-0202 HELD: 钱福根 also in TEKUN'})
    d, t, v = '320623', '双甸镇', '三里村'
    f.household('DB320623-0203', [
        Member(sp('孙美华', 'F', '1970-08-20', d, r, t, v, 482), 'spouse', income='600',
               bank='中国农业银行', account=acct('中国农业银行')),
        Member(sp('孙强', 'M', '1995-05-15', d, r, t, v, 497), 'child'),
    ], labels={0: 'DB320623-0203 REJECTED: no head', 1: 'DB320623-0203 REJECTED: no head'})
    t, v = '掘港街道', '东方社区'
    f.household('DB320623-0204', [
        head(sp('邵海军', 'M', '1976-09-09', d, u, t, v, 503), '800', '江苏银行'),
        head(sp('邵海兵', 'M', '1978-11-19', d, u, t, v, 519), '800', '江苏银行'),
    ], labels={0: 'DB320623-0204 REJECTED: two heads', 1: 'DB320623-0204 REJECTED: two heads'})
    d, t, v = '320682', '丁堰镇', '团结村'
    f.household('DB320682-0205', [
        head(sp('汤秀云', 'F', '1960-02-02', d, r, t, v, 526), '200', '邮储银行',
             kind='单人保', grade=1, dtype=4),
        Member(sp('汤建', 'M', '1988-07-07', d, r, t, v, 535), 'child'),
    ], labels={0: 'DB320682-0205 REJECTED: 单人保 with two rows',
               1: 'DB320682-0205 REJECTED: 单人保 with two rows'})


def dibao_specials_d(f):
    """海安 specials (file d)."""
    d, u, r = '320685', 'urban', 'rural'
    t, v = '海安街道', '中坝社区'
    # the son's ID ends in a check character X, written lower-case
    seq = 541
    while id_check('320685%s%03d' % ('20030521', seq)) != 'X':
        seq += 2
    S['tang_wenbo'] = sp('唐文博', 'M', '2003-05-21', d, u, t, v, seq)
    f.household('DB320685-0301', [
        head(sp('唐建军', 'M', '1973-02-17', d, u, t, v, 551), '1200', '中国银行'),
        Member(sp('李娜', 'F', '1975-09-03', d, u, t, v, 562, region='110105'), 'spouse'),
        Member(S['tang_wenbo'], 'child', id_text=S['tang_wenbo'].id.lower()),
    ], labels={0: 'DB320685-0301 hand-worked', 1: 'DB320685-0301 WARNING: ID region 110105',
               2: 'DB320685-0301 lower-case x in ID (accepted)'})
    f.household('DB320685-0302', [
        head(sp('仲伟', 'M', '1968-04-25', d, r, '曲塘镇', '望海村', 573), '100', '南通农商银行',
             kind='单人保', grade=4, dtype=4),
    ], 'DB320685-0302 INELIGIBLE: 单人保 grade 4 physical, not ill')


REL_PLAN = ['spouse', 'child', 'child', 'parent', 'grandchild', 'sibling']


def random_household(rng, district, area, single=False, grace=False):
    town, village = rand_place(rng, district, area)
    S_STD = 82000   # fen
    if single:
        hp = rand_person(rng, district, area, 18, 75, town=town, village=village)
        roll = rng.random()
        if roll < 0.45:
            grade, dtype, ill = rng.choice([1, 2]), rng.randint(1, 7), False
        elif roll < 0.75:
            grade, dtype, ill = 3, rng.choice([5, 6]), False
        else:
            grade, dtype, ill = 0, None, True
        income = rng.choice([0, 0, rng.randint(1, 60) * 10 * 100])
        return [Member(hp, 'head', grade=grade, dtype=dtype, ill=ill,
                       income=yuan(income, rng.randint(0, 5)), kind='单人保')], 1
    n = rng.choices([1, 2, 3, 4, 5], [20, 30, 25, 15, 10])[0]
    head_age = rng.randint(28, 86)
    hp = rand_person(rng, district, area, head_age, head_age, town=town, village=village)
    members = []
    for i in range(1, n):
        rel = REL_PLAN[i - 1]
        if rel == 'spouse':
            lo, hi = max(20, head_age - 6), head_age + 4
        elif rel == 'child':
            lo, hi = max(0, head_age - 38), max(0, head_age - 20)
            if head_age > 55 and n >= 4:
                rel, lo, hi = 'grandchild', 0, 17
        elif rel == 'parent':
            lo, hi = head_age + 20, min(98, head_age + 32)
            if lo > 98:
                rel, lo, hi = 'grandchild', 0, 17
        elif rel == 'grandchild':
            lo, hi = 0, 17
        else:
            lo, hi = max(18, head_age - 10), head_age + 10
        sur = None if rel in ('spouse', 'parent') and rng.random() < 0.6 else hp.name[0]
        members.append((rel, rand_person(rng, district, area, lo, min(hi, 98), surname=sur,
                                         town=town, village=village)))
    out = []
    allp = [('head', hp)] + members
    for rel, p in allp:
        age = age_on_batch(p.birth)
        grade = dtype = None
        if rng.random() < 0.12 and age >= 3:
            grade, dtype = rng.randint(1, 4), rng.randint(1, 7)
        ill = rng.random() < 0.07
        employed = 18 <= age < 60 and rng.random() < 0.35 and not ill
        out.append(Member(p, rel, grade=grade or 0, dtype=dtype, ill=ill, employed=employed))
    line_fen = S_STD * n
    h = out[0]
    if grace:
        h.income = yuan(line_fen + rng.randint(10, 80) * 1000, rng.randint(0, 5))
        h.grace_until = rng.choice(['2023-09', '2023-10', '2023-11', '2024-01'])
        h.grace_amount = yuan(rng.randint(10, 60) * 1000 + rng.choice([0, 0, 50]), rng.randint(0, 5))
    elif rng.random() < 0.15:
        h.income = '0'
    else:
        fen = rng.randint(5, (line_fen - 6000) // 1000) * 1000
        fen += rng.choice([0, 0, 0, 0, 50, 25, 80, 500])
        h.income = yuan(fen, rng.randint(0, 5))
    if rng.random() < 0.3:
        h.kind = '全户保'
    return out, n


SERIAL = {}


def fill_dibao(rng, f, districts, count, disabled_pool):
    serial = SERIAL
    for i in range(count):
        district = districts[i % len(districts)]
        area = 'urban' if rng.random() < (0.75 if district == '320613' else 0.35) else 'rural'
        single = rng.random() < 0.07
        grace = not single and rng.random() < 0.025
        members, _ = random_household(rng, district, area, single=single, grace=grace)
        h = members[0]
        h.bank = pick_bank(rng, area)
        h.account = make_account(rng, h.bank)
        if rng.random() < 0.15:
            h.payee = h.p.name
        serial[district] = serial.get(district, 1000) + 1
        hid = 'DB%s-%04d' % (district, serial[district])
        f.household(hid, members)
        for m in members:
            if m.grade and rng.random() < 0.7:
                disabled_pool.append((m.p, m.dtype, m.grade))


# --------------------------------------------------------------------------
# TEKUN

TEKUN_ZH = ['身份证号', '姓名', '区划代码', '城乡类别', '乡镇街道', '村居', '供养方式', '自理能力',
            '开户银行', '银行账号', '收款人']
TEKUN_EN = ['id_number', 'name', 'district', 'area', 'town', 'village', 'support_mode', 'care_level',
            'institution', 'institution_bank', 'institution_account', 'bank', 'account', 'payee']
CARE_ZH = {'self': '全自理', 'partial': '半护理', 'full': '全护理'}
INST_ACCOUNTS = {}


def inst_account(name, rng):
    if name not in INST_ACCOUNTS:
        bank = '南通农商银行' if '镇' in name or '陈桥' in name else '中国工商银行'
        INST_ACCOUNTS[name] = (bank, make_account(rng, bank))
    return INST_ACCOUNTS[name]


def tekun_zh_row(p, care, bank, account, id_text=None):
    return [id_text or p.id, p.name, p.district, {'urban': '城市', 'rural': '农村'}[p.area],
            p.town, p.village, '分散', CARE_ZH[care], bank, account, '']


def tekun_en_row(p, care, inst, ibank, iacct):
    return [p.id, p.name, p.district, p.area, p.town, p.village, 'concentrated', care,
            inst, ibank, iacct, '', '', '']


def make_tekun(rng):
    disp = Sheet('tekun-dispersed.csv', TEKUN_ZH)
    conc = Sheet('tekun-concentrated.csv', TEKUN_EN)
    # dispersed specials
    p = sp('缪成芳', 'F', '1941-12-03', '320623', 'rural', '栟茶镇', '方凌村', 582)
    disp.add(line(tekun_zh_row(p, 'partial', '中国农业银行', acct('中国农业银行'))),
             'TEKUN hand-worked: dispersed rural 320623 partial')
    p = sp('仲德华', 'M', '1956-07-31', '320685', 'urban', '海安街道', '长青社区', 595)
    disp.add(line(tekun_zh_row(p, 'self', '江苏银行', acct('江苏银行'))),
             'TEKUN hand-worked: dispersed urban 320685 self')
    S['ji_guofu'] = sp('季国富', 'M', '1948-02-02', '320612', 'rural', '石港镇', '渔湾村', 603)
    disp.add(line(tekun_zh_row(S['ji_guofu'], 'self', '南通农商银行', acct('南通农商银行'))),
             'TEKUN HELD: 季国富 also in tekun-concentrated.csv')
    q_ = S['qian_fugen']
    disp.add(line(tekun_zh_row(q_, 'full', '南通农商银行', acct('南通农商银行'))),
             'TEKUN HELD: 钱福根 also in DIBAO DB320682-0202')
    # 15-digit first-generation ID (region 320683, born 1948-07-19)
    p = sp('吴友根', 'M', '1948-07-19', '320612', 'rural', '十总镇', '中心村', 611, region='320683')
    USED_IDS.discard(p.id)
    disp.add(line(tekun_zh_row(p, 'partial', '中国农业银行', acct('中国农业银行'),
                               id_text='320683480719611')), 'TEKUN REJECTED: 15-digit ID')
    p = sp('黄桂芬', 'F', '1944-05-05', '320614', 'rural', '余东镇', '丰收村', 622)
    disp.add(line(tekun_zh_row(p, 'self', '中国农业银行', '')), 'TEKUN REJECTED: no account')
    S['feng_zhiyong'] = sp('冯志勇', 'M', '1962-05-05', '320612', 'urban', '金沙街道', '花园社区', 633)
    disp.add(line(tekun_zh_row(S['feng_zhiyong'], 'partial', '中国建设银行', acct('中国建设银行'))),
             'TEKUN hand-worked: dispersed urban 320612 partial (also disability grade 1)')
    # concentrated specials
    p = sp('邱桂珍', 'F', '1938-01-15', '320613', 'urban', '新城桥街道', '濠西社区', 644)
    S['qiu_guizhen'] = p
    inst = INSTITUTIONS['320613'][0]
    conc.add(line(tekun_en_row(p, 'full', inst, *inst_account(inst, SRNG))),
             'TEKUN hand-worked: concentrated urban 320613 full')
    p = sp('茅建兵', 'M', '1960-10-20', '320681', 'rural', '吕四港镇', '海防村', 651)
    inst = INSTITUTIONS['320681'][1]
    conc.add(line(tekun_en_row(p, 'self', inst, *inst_account(inst, SRNG))),
             'TEKUN hand-worked: concentrated rural 320681 self')
    inst = INSTITUTIONS['320612'][1]
    conc.add(line(tekun_en_row(S['ji_guofu'], 'partial', inst, *inst_account(inst, SRNG))),
             'TEKUN HELD: 季国富 also in tekun-dispersed.csv')
    p = sp('单福林', 'M', '1939-03-21', '320682', 'rural', '白蒲镇', '沿河村', 669)
    ib, ia = inst_account(INSTITUTIONS['320682'][1], SRNG)
    fields = [q(x) for x in tekun_en_row(p, 'full', 'X', ib, ia)]
    fields[8] = '如皋市白蒲镇敬老院,东院'           # unquoted comma: 15 fields, header has 14
    conc.add(','.join(fields), 'TEKUN REJECTED: 15 fields (unquoted comma)')
    # filler
    for i in range(46):
        district = DISTRICTS[i % 7][0]
        area = 'urban' if rng.random() < 0.35 else 'rural'
        p = rand_person(rng, district, area, 58, 96) if rng.random() < 0.85 else \
            rand_person(rng, district, area, 20, 57)
        care = rng.choices(['self', 'partial', 'full'], [50, 30, 20])[0]
        bank = pick_bank(rng, area)
        disp.add(line(tekun_zh_row(p, care, bank, make_account(rng, bank))))
    for i in range(24):
        district = DISTRICTS[(i * 3) % 7][0]
        area = 'urban' if rng.random() < 0.4 else 'rural'
        p = rand_person(rng, district, area, 60, 98)
        care = rng.choices(['self', 'partial', 'full'], [30, 30, 40])[0]
        inst = INSTITUTIONS[district][0 if area == 'urban' else 1]
        conc.add(line(tekun_en_row(p, care, inst, *inst_account(inst, rng))))
    return disp, conc


# --------------------------------------------------------------------------
# Disability

DIS_ZH = ['残疾人证号', '身份证号', '姓名', '区划代码', '城乡类别', '乡镇街道', '村居', '残疾类别',
          '残疾等级', '开户银行', '银行账号', '收款人']
DIS_EN = ['id_number', 'name', 'certificate', 'district', 'area', 'town', 'village', 'bank',
          'account', 'payee']


def dis_zh_row(p, dtype, grade, bank, account, cols=None, id_text=None):
    pid = id_text or p.id
    t, g = cols or (dtype, grade)
    return [pid + str(dtype) + str(grade), pid, p.name, p.district,
            {'urban': '城市', 'rural': '农村'}[p.area], p.town, p.village, str(t), str(g),
            bank, account, '']


def dis_en_row(p, dtype, grade, bank, account):
    return [p.id, p.name, p.id + str(dtype) + str(grade), p.district, p.area, p.town, p.village,
            bank, account, '']


def make_disability(rng, pool):
    a = Sheet('disability-with-type.csv', DIS_ZH)
    b = Sheet('disability-certificate-only.csv', DIS_EN)
    a.add(line(dis_zh_row(S['chen_zhiqiang'], 4, 2, '中国农业银行', acct('中国农业银行'))),
          'DIS hand-worked: 陈志强 in DB320613-0001, 4/2')
    a.add(line(dis_zh_row(S['zhu_weidong'], 6, 3, '江苏银行', acct('江苏银行'))),
          'DIS hand-worked: 朱卫东 单人保 DB320613-0002, 6/3')
    p = sp('杨秀兰', 'F', '1968-10-17', '320612', 'urban', '先锋街道', '友谊社区', 682)
    S['yang_xiulan'] = p          # her 2023-08 payment fails; 2023-09 has a new account
    S['yang_xiulan_rec'] = len(a.records)
    a.add(line(dis_zh_row(p, 1, 1, '中国银行', acct('中国银行'))),
          'DIS hand-worked: not in DIBAO, 1/1 (nursing only)')
    p = sp('徐小军', 'M', '1995-01-26', '320685', 'rural', '李堡镇', '新港村', 693)
    a.add(line(dis_zh_row(p, 5, 3, '南通农商银行', acct('南通农商银行'))),
          'DIS: not in DIBAO, 5/3 (nursing 90, living INELIGIBLE)')
    p = sp('严国忠', 'M', '1972-12-12', '320623', 'rural', '岔河镇', '建设村', 705)
    a.add(line(dis_zh_row(p, 4, 3, '中国农业银行', acct('中国农业银行'))),
          'DIS INELIGIBLE: not in DIBAO, 4/3 physical')
    a.add(line(dis_zh_row(S['liu_cuihua'], 3, 4, '中国农业银行', acct('中国农业银行'))),
          'DIS: 刘翠华 in DB320613-0013, 3/4 (living 120, nursing INELIGIBLE)')
    a.add(line(dis_zh_row(S['lu_yongfu'], 2, 4, '中国工商银行', acct('中国工商银行'))),
          'DIS HELD: 陆永福 in HELD household DB320613-0012')
    p = sp('花建平', 'M', '1980-06-06', '320614', 'urban', '滨江街道', '东港社区', 711)
    a.add(line(dis_zh_row(p, 4, 2, '江苏银行', acct('江苏银行'), cols=(4, 3))),
          'DIS REJECTED: certificate 4/2, columns say 4/3')
    p = sp('卞秀梅', 'F', '1966-03-09', '320681', 'rural', '北新镇', '合兴村', 724)
    good = p.id
    bad = good[:-1] + ('0' if good[-1] != '0' else '1')
    a.add(line(dis_zh_row(p, 1, 2, '中国农业银行', acct('中国农业银行'), id_text=bad)),
          'DIS REJECTED: ID check character wrong')
    a.add(line(dis_zh_row(S['yuan_jiayi'], 1, 2, '邮储银行', acct('邮储银行'))),
          'DIS: 袁佳怡 in INELIGIBLE DB320612-0005 (living INELIGIBLE, nursing 120)')
    a.add(line(dis_zh_row(S['cai_yufang'], 1, 1, '中国建设银行', acct('中国建设银行'))),
          'DIS: 蔡玉芳 in REJECTED DB320613-0007 (living INELIGIBLE, nursing 150)')
    b.add(line(dis_en_row(S['shen_xiuzhen'], 4, 1, '南通农商银行', acct('南通农商银行'))),
          'DIS hand-worked: 沈秀珍 in DB320681-0101, 4/1')
    b.add(line(dis_en_row(S['feng_zhiyong'], 1, 1, '中国建设银行', acct('中国建设银行'))),
          'DIS INELIGIBLE: 冯志勇 is paid TEKUN (exclude_tekun)')
    # filler: disabled members of random DIBAO households, then others
    for i, (p, dtype, grade) in enumerate(pool):
        bank = pick_bank(rng, p.area)
        if i % 2 == 0:
            a.add(line(dis_zh_row(p, dtype, grade, bank, make_account(rng, bank))))
        else:
            b.add(line(dis_en_row(p, dtype, grade, bank, make_account(rng, bank))))
    for i in range(24):
        district = DISTRICTS[i % 7][0]
        area = 'urban' if rng.random() < 0.45 else 'rural'
        p = rand_person(rng, district, area, 6, 88)
        dtype, grade = rng.randint(1, 7), rng.choices([1, 2, 3, 4], [15, 25, 30, 30])[0]
        bank = pick_bank(rng, area)
        row = (a if i % 2 else b)
        if row is a:
            a.add(line(dis_zh_row(p, dtype, grade, bank, make_account(rng, bank))))
        else:
            b.add(line(dis_en_row(p, dtype, grade, bank, make_account(rng, bank))))
    return a, b


# --------------------------------------------------------------------------
# ORPHAN

ORPHAN_EN = ['id_number', 'name', 'category', 'in_school', 'district', 'area', 'town', 'village',
             'guardian', 'bank', 'account', 'institution', 'institution_bank',
             'institution_account', 'note']


def orphan_row(p, cat, school, guardian=None, bank='', account='', inst='', note='',
               id_text=None, irng=None):
    ib = ia = ''
    if cat == 'institutional':
        ib, ia = inst_account(inst, irng or SRNG)
    return [id_text or p.id, p.name, cat, 'yes' if school else 'no', p.district, p.area,
            p.town, p.village, guardian or '', bank, account, inst, ib, ia, note]


def make_orphan(rng):
    o = Sheet('orphan-children.csv', ORPHAN_EN)
    p = sp('李安然', 'F', '2016-03-08', '320613', 'urban', '任港街道', '任港社区', 748)
    o.add(line(orphan_row(p, 'institutional', True, inst=CHILD_HOMES[0])),
          'ORPHAN hand-worked: institutional')
    z = S['zhou_guiying']
    o.add(line(orphan_row(S['zhou_zihan'], 'scattered', True, guardian=z.name, bank=z.bank,
                          account=z.account, note='lives with grandmother, DIBAO DB320613-0014')),
          'ORPHAN hand-worked: scattered, 周子涵 also in DIBAO DB320613-0014')
    p = sp('许晨阳', 'M', '2011-11-11', '320682', 'rural', '搬经镇', '双桥村', 755)
    o.add(line(orphan_row(p, 'defacto', True, guardian='许国强', bank='南通农商银行',
                          account=acct('南通农商银行'), note='父亲服刑, 母亲失联')),
          'ORPHAN hand-worked: de facto')
    p = sp('严思琪', 'F', '2005-08-01', '320623', 'urban', '城中街道', '育才社区', 766)
    o.add(line(orphan_row(p, 'scattered', True, guardian='严海林', bank='江苏银行',
                          account=acct('江苏银行'))),
          'ORPHAN INELIGIBLE: 18 on 2023-08-01 (aged out)')
    p = sp('葛宇航', 'M', '2005-08-02', '320614', 'rural', '四甲镇', '长青村', 773)
    o.add(line(orphan_row(p, 'defacto', True, guardian='葛建华', bank='中国农业银行',
                          account=acct('中国农业银行'))),
          'ORPHAN hand-worked: de facto, 17 on 2023-08-01 (last month paid)')
    p = sp('顾念', 'F', '2023-02-28', '320612', 'urban', '兴东街道', '城北社区', 784)
    bad = make_id('320612', '2023-02-30', 784)     # check character right, date impossible
    o.add(line(orphan_row(p, 'institutional', False, inst=CHILD_HOMES[0], id_text=bad)),
          'ORPHAN REJECTED: birth date 2023-02-30')
    # filler
    for i in range(22):
        district = DISTRICTS[(i * 2) % 7][0]
        area = 'urban' if rng.random() < 0.4 else 'rural'
        p = rand_person(rng, district, area, 1, 17, legacy_ok=False)
        school = age_on_batch(p.birth) >= 6
        cat = rng.choices(['institutional', 'scattered', 'defacto'], [30, 40, 30])[0]
        if cat == 'institutional':
            o.add(line(orphan_row(p, cat, school, inst=rng.choice(CHILD_HOMES), irng=rng)))
        else:
            g = rand_person(rng, district, area, 45, 78, surname=p.name[0] if rng.random() < 0.7 else None)
            USED_IDS.discard(g.id)        # guardians are not on any roster
            bank = pick_bank(rng, area)
            o.add(line(orphan_row(p, cat, school, guardian=g.name, bank=bank,
                                  account=make_account(rng, bank))))
    # last line: unterminated quote (the quote runs to the end of the file)
    p = sp('缪小燕', 'F', '2012-12-12', '320623', 'rural', '河口镇', '民主村', 792)
    fields = [q(x) for x in orphan_row(p, 'scattered', True, guardian='缪德胜', bank='中国农业银行',
                                        account=acct('中国农业银行'))]
    fields[7] = '"民主村'
    o.add(','.join(fields), 'ORPHAN REJECTED: unterminated quote (last line)')
    return o


# --------------------------------------------------------------------------
# The second month, 2023-09 (domain.md section 8, the payment cycle)
#
# September's rosters are August's, except for one row: 杨秀兰's account,
# which her bank closed in August (账号已销户), is corrected in
# 2023-09/disability-with-type.csv.  Every other roster is used as it is.
# The banks' results for August (returns-2023-08.csv) and September's
# approved adjustments (adjustments-2023-09.csv) name August's bank rows by
# their pay_ref; payrun numbers them deterministically (docs/RULES.md), and
# the references below are those of out/2023-08/ledger.csv.gz that
# `make demo` writes.  Accounts and amounts are August's bank rows.

SEPT_SEED = 20230901       # the accounts that only September knows

RETURNS_HEADER = ['付款编号', '银行账号', '收款人', '金额', '结果', '原因']
# (pay_ref, account, payee, amount, result, reason, label)
RETURNS = [
    ('202308-320612-000002', '6228485735261302273', '钱德兴', '1726.00', '成功', '',
     'success (DB320612-0010)'),
    ('202308-320612-000065', '6216617438147828605', '杨秀兰', '150.00', '失败', '账号已销户',
     'failed: account corrected in 2023-09 -> REISSUE'),
    ('202308-320613-000002', '6221737435837023', '朱卫东', '520.00', '成功', '',
     'success (DB320613-0002)'),
    ('202308-320613-000074', '6217006802087429772', '蔡玉芳', '150.00', '失败', '卡已挂失',
     'failed: settled by an approved 补发 -> SETTLED_BY_ADJUSTMENT'),
    ('202308-320614-000060', '6228488417601543885', '葛建华', '1600.00', '失败', '账号已销户',
     'failed: 葛宇航 ORPHAN, aged out in 2023-09 -> ARREARS_NOT_PAYABLE'),
    ('202308-320614-000109', '6228488417601543885', '葛建华', '68.00', '失败', '账号已销户',
     'failed: 葛宇航 PRICE, same account -> ARREARS_NOT_PAYABLE'),
    ('202308-320682-000065', '6223699394065602570', '许国强', '1599.99', '成功', '',
     'REJECTED RETURN_MISMATCH: amount one fen short of 1600.00'),
    ('202308-320685-000054', '6221734301310847', '仲德华', '1982.00', '成功', '',
     'success (TEKUN 仲德华)'),
    ('202308-320685-000085', '6223698411460861113', '徐小军', '90.00', '失败', '户名与账号不符',
     'failed: account not corrected -> OPEN, RETURN_ACCOUNT_UNCHANGED'),
    ('202308-320685-000114', '6221734301310847', '仲德华', '68.00', '处理中', '',
     'REJECTED RETURN_BAD_RESULT: 处理中'),
    ('202308-320623-000999', '6228480000000000000', '缪建新', '1234.00', '失败', '账号不存在',
     'REJECTED RETURN_UNKNOWN_REF: no such bank row'),
    ('202307-320681-000012', '6223690000000000000', '沈美兰', '1160.00', '失败', '账号已销户',
     'REJECTED RETURN_UNKNOWN_REF: a July reference'),
    ('202308-320612-000065', '6216617438147828605', '杨秀兰', '150.00', '失败', '账号已销户',
     'REJECTED RETURN_DUPLICATE: line 3 again'),
]

ADJ_HEADER = ['类型', '项目', '对象编号', '所属期', '金额', '文号', '审批人', '事由',
              '姓名', '区划代码', '城乡类别', '开户银行', '银行账号', '收款人']


def make_september(dis_a):
    """Writes 2023-09/disability-with-type.csv, returns-2023-08.csv and
    adjustments-2023-09.csv; returns [(file, [(line, label)])] for --lines."""
    rng = random.Random(SEPT_SEED)
    os.makedirs(os.path.join(OUT, '2023-09'), exist_ok=True)
    # 杨秀兰 opened an account at 江苏银行 after 中国银行 closed hers
    p = S['yang_xiulan']
    i = S['yang_xiulan_rec']
    recs = list(dis_a.records)
    old = recs[i]
    recs[i] = line(dis_zh_row(p, 1, 1, '江苏银行', make_account(rng, '江苏银行')))
    assert recs[i] != old
    sep = Sheet(dis_a.name, [])
    sep.records = recs
    write(os.path.join('2023-09', dis_a.name), sep.text('\n').encode('utf-8'))

    # the banks' results for August's bank rows (回盘)
    text = [line(RETURNS_HEADER)]
    marks = []
    for k, (ref, account, payee, amount, result, reason, label) in enumerate(RETURNS):
        text.append(line([ref, account, payee, amount, result, reason]))
        marks.append((k + 2, label))
    write('returns-2023-08.csv', ('\n'.join(text) + '\n').encode('utf-8'))
    month2 = [('returns-2023-08.csv', marks)]

    # two people who are on no roster receive 临时救助 (temporary assistance)
    lu = sp('陆美华', 'F', '1979-06-15', '320623', 'rural', '栟茶镇', '方凌村', 802)
    lu_acct = make_account(rng, '中国农业银行')
    yan = sp('严建明', 'M', '1966-11-02', '320682', 'urban', '如城街道', '福寿社区', 811)
    yan_acct = make_account(rng, '中国建设银行')
    none = ['', '', '', '', '', '']
    temp_lu = ['临时救助', 'TEMP', lu.id, '2023-09', '2000.00', '东民临〔2023〕12号', '李娟',
               '住房火灾，生活用品全毁', lu.name, lu.district, '农村', '中国农业银行', lu_acct,
               lu.name]
    rows = [
        (['补发', 'DIS_NURSING', '320613197002281645', '2023-08', '150.00', '崇民补〔2023〕15号',
          '王建', '8月卡已挂失退回，已解除挂失'] + none,
         'ACCEPTED: settles 蔡玉芳\'s arrears entry (BACKPAY)'),
        (['补差', 'DIBAO', 'DB320612-0003', '2023-08', '34.50', '通民补〔2023〕22号', '周敏',
          '渐退金额复核更正 615.50→650.00'] + none,
         'ACCEPTED: DIFFERENCE for August (household INELIGIBLE in September)'),
        (temp_lu, 'ACCEPTED: TEMPORARY 2000.00 (under temp.max_amount)'),
        (['临时救助', 'TEMP', yan.id, '2023-09', '5000.00', '皋民临〔2023〕7号', '陈刚',
          '重病住院自付费用', yan.name, yan.district, '城市', '中国建设银行', yan_acct, yan.name],
         'HELD TEMP_OVER_LIMIT: 5000.00 > 3000'),
        (['追回', 'DIBAO', 'DB320613-0001', '2023-07', '800.00', '崇民追〔2023〕3号', '王建',
          '2023-06至07月务工收入未申报，多领'] + none,
         'ACCEPTED: recovery 800.00, offset 20 % of the September DIBAO line'),
        (['补发', 'ORPHAN', '320614200508027733', '2023-08', '1600.00', '海民补〔2023〕8号', '',
          '8月账号已销户退回，待监护人提供新账户'] + none,
         'REJECTED ADJ_NOT_APPROVED: blank 审批人'),
        (temp_lu, 'REJECTED ADJ_DUPLICATE: line 4 again'),
        (['补发', 'DIBAO', 'DB320612-0010', '2023-08', '1726.00', '通民补〔2023〕30号', '周敏',
          '反映8月低保金未到账'] + none,
         'REJECTED ADJ_ALREADY_PAID: the bank paid it'),
        (['补发', 'DIBAO', 'DB320612-0004', '2023-07', '400.00', '通民补〔2023〕31号', '周敏',
          '7月渐退金漏发'] + none,
         'HELD ADJ_HISTORY_MISSING: no 2023-07 folder'),
    ]
    text = [line(ADJ_HEADER)]
    marks = []
    for k, (r, label) in enumerate(rows):
        text.append(line(r))
        marks.append((k + 2, label))
    write('adjustments-2023-09.csv', ('\n'.join(text) + '\n').encode('utf-8'))
    month2.append(('adjustments-2023-09.csv', marks))
    return month2


def main():
    USED_IDS.clear()
    USED_ACCOUNTS.clear()
    SERIAL.clear()
    INST_ACCOUNTS.clear()
    S.clear()
    rng = random.Random(SEED)
    make_policy()
    make_index()

    fa = DibaoFile('dibao-chongchuan-tongzhou.csv',
                   ['household_id', 'relation', 'id_number', 'name', 'district', 'area', 'town',
                    'village', 'kind', 'household_income', 'disability_grade', 'disability_type',
                    'serious_illness', 'employed', 'grace_until', 'grace_amount', 'bank', 'account',
                    'payee', 'note'], 'zh', 'zh')
    fb = DibaoFile('dibao-haimen-qidong.csv.gz',
                   ['household_id', 'id_number', 'name', 'relation', 'household_income', 'kind',
                    'grace_until', 'grace_amount', 'district', 'area', 'town', 'village',
                    'disability_grade', 'disability_type', 'serious_illness', 'employed', 'bank',
                    'account', 'payee'], 'en', 'yn')
    fc = DibaoFile('dibao-rudong-rugao.csv',
                   ['district', 'area', 'town', 'village', 'household_id', 'name', 'id_number',
                    'relation', 'kind', 'household_income', 'grace_until', 'grace_amount',
                    'disability_type', 'disability_grade', 'serious_illness', 'employed', 'payee',
                    'bank', 'account'], 'zh', '10', pad=('name', 'household_income'))
    fd = DibaoFile('dibao-haian.csv.gz',
                   ['id_number', 'name', 'relation', 'household_id', 'district', 'area', 'town',
                    'village', 'household_income', 'kind', 'disability_grade', 'disability_type',
                    'serious_illness', 'employed', 'grace_until', 'grace_amount', 'payee', 'account',
                    'bank'], 'zh', 'yesno')
    dibao_specials_a(fa)
    dibao_specials_b(fb)
    dibao_specials_c(fc)
    dibao_specials_d(fd)
    # filler (one random stream, in a fixed order)
    pool = []
    fill_dibao(rng, fa, ['320613', '320612'], 76, pool)
    fill_dibao(rng, fb, ['320614', '320681'], 38, pool)
    split_b = len(fb.sheet.records)       # second gzip member starts here
    fill_dibao(rng, fb, ['320614', '320681'], 37, pool)
    fill_dibao(rng, fc, ['320623', '320682'], 75, pool)
    fill_dibao(rng, fd, ['320685'], 48, pool)
    disp, conc = make_tekun(rng)
    dis_a, dis_b = make_disability(rng, pool)
    orph = make_orphan(rng)

    write(fa.sheet.name, b'\xef\xbb\xbf' + fa.sheet.text('\r\n').encode('utf-8'))
    recs = fb.sheet.records
    part1 = ('\n'.join(recs[:split_b]) + '\n').encode('utf-8')
    part2 = ('\n'.join(recs[split_b:]) + '\n').encode('utf-8')
    write(fb.sheet.name, gz_member(part1) + gz_member(part2))
    write(fc.sheet.name, fc.sheet.text('\n').encode('gb18030'))
    write(fd.sheet.name, gz_member(fd.sheet.text('\n').encode('utf-8')))
    for sh in (disp, conc, dis_a, dis_b, orph):
        write(sh.name, sh.text('\n').encode('utf-8'))

    month2 = make_september(dis_a)

    if '--lines' in sys.argv[1:]:
        for sh in (fa.sheet, fb.sheet, fc.sheet, fd.sheet, disp, conc, dis_a, dis_b, orph):
            print('%s: %d records, %d physical lines' % (sh.name, len(sh.records) - 1,
                                                         sh.next_line() - 1))
            for ln, label in sh.marks:
                print('  line %4d  %s' % (ln, label))
        print('dibao-haimen-qidong.csv.gz: second gzip member starts at line %d' % (split_b + 1))
        for name, marks in month2:
            print('%s:' % name)
            for ln, label in marks:
                print('  line %4d  %s' % (ln, label))


if __name__ == '__main__':
    main()
