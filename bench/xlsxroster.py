#!/usr/bin/python3
"""xlsxroster.py - the "xlsx" case's roster (issue 13): the same rows as a
gzip CSV roster and as an .xlsx workbook, for timing how payrun reads each.

    bench/xlsxroster.py --rows 100000 --out DIR ROSTER.csv.gz [ROSTER.csv.gz ...]

Takes the header of the first roster and the data rows of each in turn (the
rosters must share the header, as bench/gen's DIBAO rosters do) up to --rows
rows, and writes DIR/roster.csv.gz (those rows, gzip) and DIR/roster.xlsx
(one sheet, the same rows) the way Excel and a provincial system's export
write a workbook: shared strings; IDs, accounts and every other text as text
cells; the money, district code and disability grade columns as number cells
where their text is a plain number. Exits 1 when the rosters hold fewer rows.
"""

import argparse
import csv
import gzip
import io
import re
import sys

import xlsxwriter

# the columns written as number cells (Chinese and English headers)
NUMERIC = {"家庭月收入", "区划代码", "残疾等级", "income", "district_code", "disability_grade"}
PLAIN_NUMBER = re.compile(r"-?[0-9]{1,12}(\.[0-9]{1,4})?\Z")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("rosters", nargs="+")
    a = ap.parse_args()
    header = None
    rows = []
    for path in a.rosters:
        with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
            r = csv.reader(f)
            h = next(r)
            if header is None:
                header = h
            elif h != header:
                sys.exit(f"xlsxroster: {path}: another header than the first roster's")
            for row in r:
                rows.append(row)
                if len(rows) == a.rows:
                    break
        if len(rows) == a.rows:
            break
    if len(rows) < a.rows:
        print(f"xlsxroster: the rosters hold {len(rows)} rows, not {a.rows}", file=sys.stderr)
        return 1
    text = io.StringIO(newline="")
    w = csv.writer(text, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    with gzip.open(f"{a.out}/roster.csv.gz", "wb", compresslevel=6) as f:
        f.write(text.getvalue().encode("utf-8"))
    numeric = [h in NUMERIC for h in header]
    wb = xlsxwriter.Workbook(f"{a.out}/roster.xlsx", {"strings_to_numbers": False})
    ws = wb.add_worksheet("花名册")
    ws.write_row(0, 0, header)
    for i, row in enumerate(rows, 1):
        for j, v in enumerate(row):
            if v == "":
                continue
            if numeric[j] and PLAIN_NUMBER.match(v):
                ws.write_number(i, j, float(v))
            else:
                ws.write_string(i, j, v)
    wb.close()
    print(f"xlsxroster: {len(rows)} rows into {a.out}/roster.csv.gz and {a.out}/roster.xlsx", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
