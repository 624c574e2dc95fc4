/*
 * types.c - the codes and names of the shared enumerations of types.h.
 */
#include "model/types.h"
#include "io/common.h"

#include <string.h>

static const char *const azProg[PROG_COUNT] = {
    "DIBAO", "TEKUN", "DIS_LIVING", "DIS_NURSING", "ORPHAN", "PRICE", "TEMP"
};
static const char *const azProgZh[PROG_COUNT] = {
    "最低生活保障", "特困人员救助供养", "困难残疾人生活补贴",
    "重度残疾人护理补贴", "孤儿基本生活保障", "价格临时补贴", "临时救助"
};
static const char *const azLtype[LT_COUNT] = {
    "REGULAR", "REISSUE", "BACKPAY", "DIFFERENCE", "TEMPORARY"
};
static const char *const azLtypeZh[LT_COUNT] = { "正常", "重发", "补发", "补差", "临时救助" };

const char *pr_ltype_code(pr_ltype eType)
{
    return (unsigned)eType < LT_COUNT ? azLtype[eType] : "?";
}

const char *pr_ltype_name_zh(pr_ltype eType)
{
    return (unsigned)eType < LT_COUNT ? azLtypeZh[eType] : "?";
}

int pr_ltype_parse(const char *z, pr_ltype *peType)
{
    for (int i = 0; i < LT_COUNT; i++)
        if (strcmp(z, azLtype[i]) == 0) { *peType = (pr_ltype)i; return 0; }
    return -1;
}

int pr_prog_parse(const char *z, pr_prog *peProg)
{
    for (int i = 0; i < PROG_COUNT; i++)
        if (strcmp(z, azProg[i]) == 0) { *peProg = (pr_prog)i; return 0; }
    return -1;
}

const char *pr_prog_code(pr_prog eProg)
{
    if (eProg == PROG_POLICY) return "POLICY";
    if (eProg == PROG_NONE) return "";
    return (unsigned)eProg < PROG_COUNT ? azProg[eProg] : "?";
}

const char *pr_prog_name_zh(pr_prog eProg)
{
    if (eProg == PROG_POLICY) return "政策参数检查";
    if (eProg == PROG_NONE) return "";
    return (unsigned)eProg < PROG_COUNT ? azProgZh[eProg] : "?";
}

static const char *const azProgLabel[PROG_COUNT] = {
    "DIBAO 最低生活保障", "TEKUN 特困人员救助供养", "DIS_LIVING 困难残疾人生活补贴",
    "DIS_NURSING 重度残疾人护理补贴", "ORPHAN 孤儿基本生活保障", "PRICE 价格临时补贴", "TEMP 临时救助"
};

const char *pr_prog_label(pr_prog eProg)
{
    if (eProg == PROG_POLICY) return "POLICY 政策参数检查";
    if (eProg == PROG_NONE) return "";
    return (unsigned)eProg < PROG_COUNT ? azProgLabel[eProg] : "?";
}

static const char *const azStatusZh[ST_COUNT] = { "已发放", "暂缓", "不符合", "退回", "警告" };

const char *pr_status_name_zh(pr_status eStatus)
{
    return (unsigned)eStatus < ST_COUNT ? azStatusZh[eStatus] : "?";
}

static const char *const azStatus[ST_COUNT] = {
    "PAID", "HELD", "INELIGIBLE", "REJECTED", "WARNING"
};

const char *pr_status_name(pr_status eStatus)
{
    return (unsigned)eStatus < ST_COUNT ? azStatus[eStatus] : "?";
}

const char *pr_area_code(pr_area eArea)
{
    switch (eArea) {
    case AREA_URBAN: return "urban";
    case AREA_RURAL: return "rural";
    default: return "*";
    }
}

static int eq(const char *z, size_t n, const char *zLit)
{
    return strlen(zLit) == n && memcmp(z, zLit, n) == 0;
}

int pr_area_parse(const char *z, size_t nZ, pr_area *pArea)
{
    pr_trim(&z, &nZ);
    if (eq(z, nZ, "urban") || eq(z, nZ, "城市") || eq(z, nZ, "城镇")) *pArea = AREA_URBAN;
    else if (eq(z, nZ, "rural") || eq(z, nZ, "农村")) *pArea = AREA_RURAL;
    else return -1;
    return 0;
}

