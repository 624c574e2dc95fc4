#!/usr/bin/python3
"""make_workbooks.py - the sample rosters as an officer receives them in Excel.

    samples/dibao-chongchuan-tongzhou.xlsx   the same rows as the .csv, one sheet 低保名册
    samples/tekun-dispersed.xls              the same rows as the .csv (Excel 97-2003)

As the provincial system exports them: ID numbers, accounts and household
ids are text cells; district codes and money are number cells; 渐退截止 is a
date cell shown yyyy-mm. A value that is not a plain number (the deliberately
bad "1,200") stays text, as it would in the workbook. tests/e2e/test_xlsx.c
runs the sample month with these in place of the CSV files and compares the
ledgers byte for byte. Needs python3-openpyxl and LibreOffice (soffice) for
the .xls; run from the repository root: /usr/bin/python3 samples/make_workbooks.py
"""
import csv, datetime, os, re, shutil, subprocess, tempfile
import openpyxl

NUMBER_COLS = {"区划代码", "家庭月收入", "渐退金额"}
DATE_COLS = {"渐退截止"}
PLAIN = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")

def workbook(src, sheet):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    rows = list(csv.reader(open(src, encoding="utf-8-sig", newline="")))
    head = [h.strip() for h in rows[0]]
    ws.append(rows[0])
    for r in rows[1:]:
        out = []
        for name, v in zip(head, r):
            if name in NUMBER_COLS and PLAIN.match(v):
                out.append(float(v) if "." in v else int(v))
            elif name in DATE_COLS and MONTH.match(v):
                m = MONTH.match(v)
                out.append(datetime.date(int(m.group(1)), int(m.group(2)), 1))
            else:
                out.append(v)
        ws.append(out)
        for c in ws[ws.max_row]:
            if isinstance(c.value, datetime.date):
                c.number_format = "yyyy-mm"
    # fixed properties: the same file whenever it is made
    t = datetime.datetime(2023, 8, 1)
    wb.properties.created = t
    wb.properties.modified = t
    wb.properties.creator = "payrun samples"
    return wb

workbook("samples/dibao-chongchuan-tongzhou.csv", "低保名册").save("samples/dibao-chongchuan-tongzhou.xlsx")

tmp = tempfile.mkdtemp()
workbook("samples/tekun-dispersed.csv", "特困名册").save(os.path.join(tmp, "tekun-dispersed.xlsx"))
subprocess.run(["soffice", "--headless", "--convert-to", "xls:MS Excel 97", "--outdir", tmp,
                os.path.join(tmp, "tekun-dispersed.xlsx")], check=True, stdout=subprocess.DEVNULL)
shutil.copy(os.path.join(tmp, "tekun-dispersed.xls"), "samples/tekun-dispersed.xls")
shutil.rmtree(tmp)
