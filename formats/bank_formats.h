/*
 * bank_formats.h - the --bank-formats file: for each bank, the layout of
 * the 代发 import file its corporate e-banking reads (README "Bank import
 * files"), read by bank_formats.c before a month folder is begun. One row
 * per bank:
 *   银行,文件类型,编码,分隔符,表头,金额单位,字段
 *   (bank,type,encoding,delimiter,header,unit,fields)
 * with 字段 the ordered fields separated by '|'.
 */
#ifndef PR_BANK_FORMATS_H
#define PR_BANK_FORMATS_H

#include <stddef.h>
#include <stdint.h>

#include "io/encoding.h"
#include "io/err.h"

/* The fields an import file may carry, in no particular order. */
typedef enum pr_bank_field {
    BF_PAYREF = 0,    /* 付款编号: the bank row's pay_ref */
    BF_ACCOUNT,       /* 账号 */
    BF_PAYEE,         /* 户名: the payee's name */
    BF_AMOUNT,        /* 金额: in the format's unit */
    BF_ID,            /* 证件号: the payee's ID when the payee is the person paid */
    BF_REMARK,        /* 摘要: the bank workbook's 备注 */
    BF_BANK,          /* 开户行: the bank as the roster gives it */
    BF_COUNT
} pr_bank_field;

/* The Chinese name of field e (its header in an import file). */
const char *pr_bank_field_name(pr_bank_field e);

typedef enum pr_bank_ftype { BFT_CSV = 0, BFT_TXT, BFT_XLSX } pr_bank_ftype;

/* One bank's import layout. */
typedef struct pr_bank_format {
    char *zBank;              /* bank name as in the rosters' bank column; owned */
    uint32_t iLine;           /* its line in the formats file */
    uint8_t eType;            /* pr_bank_ftype */
    uint8_t eEnc;             /* ENC_UTF8 or ENC_GB18030 (always UTF-8 for xlsx) */
    char cDelim;              /* the delimiter of csv and txt; 0 for xlsx */
    uint8_t bHeader;          /* a first row naming the fields */
    uint8_t bFen;             /* amounts in fen (integer), else yuan with two decimals */
    uint8_t aField[BF_COUNT]; /* the fields in order (pr_bank_field) */
    int nField;
} pr_bank_format;

typedef struct pr_bank_formats {
    char *zPath;              /* the file as given; owned */
    char zSha[65];            /* its SHA-256 */
    pr_bank_format *aFmt;     /* in file order; owned */
    int nFmt;
} pr_bank_formats;

/* Reads zPath (UTF-8 or GB18030, plain or gzip). Returns the formats, or
 * NULL with pErr set: PR_ERR_HEADER (a required column missing), PR_ERR_CONFIG
 * (a bad row: unknown field, type, encoding, unit or header word, a bank
 * named twice, ...; the message names the file and line), or an error of
 * reading the file. */
pr_bank_formats *pr_bank_formats_load(const char *zPath, pr_err *pErr);

/* The same on the UTF-8 text z[0..n) (writable: the CSV tokenizer
 * unquotes in place), zPath naming it in messages. */
pr_bank_formats *pr_bank_formats_parse(const char *zPath, char *z, size_t n, pr_err *pErr);

/* The format of bank zBank, or NULL (f may be NULL). */
const pr_bank_format *pr_bank_formats_find(const pr_bank_formats *f, const char *zBank);

/* The import file's extension: "csv", "txt" or "xlsx". */
const char *pr_bank_format_ext(const pr_bank_format *f);

/* Frees f; f may be NULL. */
void pr_bank_formats_free(pr_bank_formats *f);

#endif
