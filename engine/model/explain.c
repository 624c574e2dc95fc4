/*
 * explain.c - the Chinese sentence of each finding code, and the 说明 built
 * from it and the figures of the English message.
 */
#include "model/explain.h"
#include "model/types.h"

#include <stdio.h>

#include <string.h>

static const struct { const char *zCode, *zZh; } aText[] = {
    { "ACCOUNT_LUHN", "银行卡号未通过校验，请核对账号" },
    { "ACCOUNT_MISSING", "收款人没有银行账号" },
    { "ACCOUNT_NUMERIC", "银行账号在 Excel 中被存为数字，可能已丢失位数，请在名册中改为文本后重报" },
    { "ADJ_ALREADY_PAID", "该期已发放且未回盘失败，不能补发" },
    { "ADJ_ARREARS_MISMATCH", "调整与挂账记录不符" },
    { "ADJ_BAD_PERIOD", "调整的所属期无效" },
    { "ADJ_BAD_ROW", "调整行格式有误" },
    { "ADJ_DUPLICATE", "与已接受的调整重复" },
    { "ADJ_HISTORY_MISSING", "缺少所属期的月份文件夹，无法核对是否已发放，暂缓" },
    { "ADJ_NOTHING_TO_ADJUST", "没有可调整的发放记录" },
    { "ADJ_NOT_APPROVED", "审批人为空，调整未经审批" },
    { "ADJ_NO_ACCOUNT", "调整对象没有可用的银行账号" },
    { "AGED_OUT", "已达到孤儿保障年龄上限" },
    { "AREA_INVALID", "城乡类别应为城市或农村" },
    { "ARREARS_NOT_PAYABLE", "挂账对象本月未发放，挂账继续保留" },
    { "CELL_FORMULA", "金额单元格是公式，已按 Excel 保存的计算结果读取，请核对" },
    { "CERT_INVALID", "残疾证号格式有误" },
    { "CERT_MISMATCH", "残疾证与身份证号或等级、类别不符" },
    { "CSV_FIELD_COUNT", "该行字段数与表头不一致" },
    { "CSV_MALFORMED", "字段中间出现引号" },
    { "CSV_UNTERMINATED_QUOTE", "引号未闭合，该行跳过" },
    { "DEPENDS_ON_HELD", "结果取决于一条暂缓的记录，一并暂缓" },
    { "DIBAO_TEKUN_CONFLICT", "同一人既在低保家庭中又在特困名册中" },
    { "DISTRICT_INVALID", "区划代码应为6位数字" },
    { "DISTRICT_UNKNOWN", "区划代码未在本月政策文件中声明" },
    { "DUPLICATE_PERSON", "同一人在同一项目中出现多次" },
    { "ENCODING_INVALID", "该行含有文件编码下无效的字节" },
    { "FIELD_INVALID", "字段取值无法识别" },
    { "GRACE_EXPIRED", "渐退期已结束" },
    { "GRACE_INVALID", "渐退截止月份格式有误" },
    { "GRADE_NOT_ELIGIBLE", "残疾等级或类别不在补贴范围内" },
    { "GUARDIAN_MISSING", "非机构养育儿童没有监护人或收款人" },
    { "HOUSEHOLD_DISTRICT_MISMATCH", "家庭成员的区划或城乡类别与户主不同，按户主的计" },
    { "HOUSEHOLD_ID_MISSING", "户编号为空" },
    { "HOUSEHOLD_MULTIPLE_HEADS", "家庭有多名户主，须恰好一名" },
    { "HOUSEHOLD_NO_HEAD", "家庭没有户主，须恰好一名" },
    { "HOUSEHOLD_REJECTED", "同户另一行被退回，全户退回" },
    { "ID_BIRTH_DATE", "身份证号码中的出生日期不存在或晚于本月" },
    { "ID_CHECKSUM", "身份证号码校验位不符" },
    { "ID_FORMAT", "身份证号码格式有误" },
    { "ID_LEGACY_15", "15位旧身份证号码，须为18位" },
    { "ID_MISSING", "身份证号码为空" },
    { "ID_REGION_OUTSIDE", "身份证号码的地区码不在本市" },
    { "ID_SCIENTIFIC", "身份证号码被表格软件变成了科学计数法，请将该列按文本重新导出" },
    { "INCOME_ABOVE_LINE", "家庭收入不低于保障线" },
    { "INSTITUTION_MISSING", "集中供养或机构养育但未填写机构" },
    { "MONEY_ABSURD", "金额超出合理范围" },
    { "MONEY_INVALID", "金额格式有误（元，最多两位小数）" },
    { "MONEY_NEGATIVE", "金额为负数" },
    { "MULTIPLE_HOUSEHOLDS", "同一人在多个低保家庭中" },
    { "NAME_MISSING", "姓名为空" },
    { "NOT_IN_PAID_DIBAO", "不在本月发放的低保家庭中" },
    { "POLICY_ORPHAN_BELOW_TARGET", "孤儿散居养育标准低于规划目标（80%）" },
    { "POLICY_STANDARD_STALE", "低保标准已超过24个月未调整" },
    { "POLICY_TEKUN_BELOW_DIBAO", "特困供养标准低于低保标准的1.3倍" },
    { "RECORD_TOO_LONG", "记录超过1 MiB" },
    { "RETURN_ACCOUNT_UNCHANGED", "回盘失败的账号未更正，挂账保留，请在名册中更正账号" },
    { "RETURN_BAD_RESULT", "回盘结果应为成功或失败" },
    { "RETURN_BAD_ROW", "回盘行格式有误" },
    { "RETURN_DUPLICATE", "同一付款编号回盘两次" },
    { "RETURN_MISMATCH", "回盘的账号或金额与上月发放不符" },
    { "RETURN_UNKNOWN_REF", "付款编号不是上月的银行明细" },
    { "SINGLE_NOT_ONE_ROW", "单人保家庭只能有一行" },
    { "SINGLE_NOT_QUALIFIED", "单人保须有一、二级残疾，三级智力或精神残疾，或重病" },
    { "TEKUN_EXCLUDED", "本月已享受特困供养，不再发放" },
    { "TEMP_OVER_LIMIT", "临时救助金额超过上限" },
    { "ZERO_AMOUNT", "计算金额为0" },
};

const char *pr_explain_code(const char *zCode)
{
    size_t lo = 0, hi = sizeof(aText) / sizeof(aText[0]);
    while (lo < hi) {   /* the table is in code order */
        size_t mid = (lo + hi) / 2;
        int c = strcmp(zCode, aText[mid].zCode);
        if (c == 0) return aText[mid].zZh;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return NULL;
}

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_trim(unsigned char c) { return c == '(' || c == ')' || c == ',' || c == ';' || c == ':' || c == '\'' || c == '"'; }

/* "15-digit", "18-character": a number joined to an English word, no figure */
static int is_word_number(const char *z, const char *zEnd)
{
    int bDash = 0, bLower = 0;
    for (; z < zEnd; z++) {
        unsigned char c = (unsigned char)*z;
        if (c == '-') bDash = 1;
        else if (c >= 'a' && c <= 'z') bLower = 1;
        else if (!is_digit(c)) return 0;
    }
    return bDash && bLower;
}

/* 1 when z[0..n) occurs in zText */
static int in_text(const char *zText, const char *z, size_t n)
{
    for (const char *p = zText; *p; p++)
        if (strncmp(p, z, n) == 0) return 1;
    return 0;
}

/* Appends z[0..n) to zOut at *pk, cut at a whole UTF-8 character. */
static void put(char *zOut, size_t nOut, size_t *pk, const char *z, size_t n)
{
    if (*pk + n >= nOut) {
        n = nOut - 1 - *pk;
        while (n > 0 && ((unsigned char)z[n] & 0xC0) == 0x80) n--;
    }
    memcpy(zOut + *pk, z, n);
    *pk += n;
    zOut[*pk] = 0;
}

size_t pr_explain(const char *zCode, const char *zMsg, char *zOut, size_t nOut)
{
    size_t k = 0;
    zOut[0] = 0;
    const char *zZh = zCode ? pr_explain_code(zCode) : NULL;
    put(zOut, nOut, &k, zZh ? zZh : "见英文说明", strlen(zZh ? zZh : "见英文说明"));
    int nFig = 0;
    const char *z = zMsg ? zMsg : "";
    while (*z) {
        while (*z == ' ') z++;
        const char *zStart = z;
        while (*z && *z != ' ') z++;
        const char *zEnd = z;
        while (zStart < zEnd && is_trim((unsigned char)*zStart)) zStart++;
        while (zEnd > zStart && (is_trim((unsigned char)zEnd[-1]) || zEnd[-1] == '.')) zEnd--;
        int bDigit = 0, bAlpha = 0, bCjk = 0;
        for (const char *q = zStart; q < zEnd; q++) {
            unsigned char c = (unsigned char)*q;
            bDigit |= is_digit(c);
            bAlpha |= is_alpha(c);
            bCjk |= c >= 0xE4 && c <= 0xE9;   /* the lead byte of a CJK character */
        }
        /* a figure, a file or an ID; or Chinese text (a reason, a word) */
        if (!bDigit && !(bCjk && !bAlpha)) continue;
        if (zStart == zEnd || is_word_number(zStart, zEnd)) continue;
        if (!bDigit && zZh && in_text(zZh, zStart, (size_t)(zEnd - zStart))) continue;   /* 渐退 of 渐退期已结束 */
        put(zOut, nOut, &k, nFig ? "，" : "：", 3);
        put(zOut, nOut, &k, zStart, (size_t)(zEnd - zStart));
        nFig++;
    }
    return k;
}

const char *pr_explain_reason(const char *zReason, char *zOut, size_t nOut)
{
    static const struct { const char *zEn, *zZh; } aFixed[] = {
        { "not in this month's rosters", "不在本月名册中" },
        { "not covered by DIBAO, TEKUN or ORPHAN this month", "本月不在低保、特困或孤儿保障中" },
        { "not in this month's ", "不在本月该项目的名册中" },
        { "no status for ", "本月该项目没有发放状态" },
        { "the price subsidy is not triggered this month", "本月未启动价格临时补贴（仍享受其他保障）" },
    };
    const char *z = zReason ? zReason : "";
    for (size_t i = 0; i < sizeof(aFixed) / sizeof(aFixed[0]); i++)
        if (strncmp(z, aFixed[i].zEn, strlen(aFixed[i].zEn)) == 0) {
            snprintf(zOut, nOut, "%s", aFixed[i].zZh);
            return zOut;
        }
    /* "<STATUS> <CODE>: <message>" */
    for (int e = 0; e < ST_COUNT; e++) {
        const char *zSt = pr_status_name((pr_status)e);
        size_t n = strlen(zSt);
        if (strncmp(z, zSt, n) != 0 || z[n] != ' ') continue;
        const char *zCode = z + n + 1, *zColon = strstr(zCode, ": ");
        if (!zColon || (size_t)(zColon - zCode) >= 64) break;
        char zC[64];
        memcpy(zC, zCode, (size_t)(zColon - zCode));
        zC[zColon - zCode] = 0;
        if (!pr_explain_code(zC)) break;
        char zText[1024];
        pr_explain(zC, zColon + 2, zText, sizeof(zText));
        snprintf(zOut, nOut, "%s %s: %s", pr_status_name_zh((pr_status)e), zC, zText);
        return zOut;
    }
    snprintf(zOut, nOut, "%s", z);
    return zOut;
}
