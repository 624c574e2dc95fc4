/*
 * record.h - one roster row as the engine sees it after parsing, the
 * findings written to exceptions.csv, and a "part": the records, findings and
 * string arena that one worker produced from one chunk.
 */
#ifndef PR_RECORD_H
#define PR_RECORD_H

#include <stdint.h>

#include "io/arena.h"
#include "io/common.h"
#include "model/types.h"
#include "model/money.h"

/* Roster kinds (input file kinds). */
typedef enum pr_roster {
    ROSTER_DIBAO = 0, ROSTER_TEKUN, ROSTER_DISABILITY, ROSTER_ORPHAN, ROSTER_COUNT
} pr_roster;

const char *pr_roster_name(pr_roster e);

enum { CARE_NONE = 0, CARE_SELF, CARE_PARTIAL, CARE_FULL };
enum { MODE_NONE = 0, MODE_DISPERSED, MODE_CONCENTRATED };
enum { CAT_NONE = 0, CAT_INSTITUTIONAL, CAT_SCATTERED, CAT_DEFACTO };

/* The iFile of a finding on the policy file rather than on an input (the
 * policy lint's, program POLICY); never an input's index (< 2^24). */
#define PR_FILE_POLICY UINT32_MAX

/* One finding (a row of exceptions.csv). */
typedef struct pr_finding {
    uint32_t iFile;        /* input file index (command-line order), or
                            * PR_FILE_POLICY */
    uint32_t iLine;        /* physical line where the record starts (of the
                            * policy row, for PR_FILE_POLICY) */
    uint8_t eProg;         /* pr_prog (PROG_POLICY for the policy lint) */
    uint8_t eStatus;       /* pr_status (REJECTED, HELD, INELIGIBLE, WARNING) */
    const char *zCode;     /* stable upper-case code, static */
    const char *zId;       /* household id (DIBAO) or person ID; arena or static */
    const char *zMsg;      /* human message; arena */
} pr_finding;

/* One roster row. Strings are NUL-terminated, "" when blank, in a part's
 * arena. Fields not used by the row's roster stay zero. */
typedef struct pr_record {
    uint64_t iKey;           /* packed valid ID, 0 if the ID is invalid */
    uint32_t iFile;          /* input file index */
    uint32_t iLine;          /* physical start line */
    uint8_t eRoster;         /* pr_roster */
    uint8_t bRejected;       /* failed validation (own data) */
    uint8_t eArea;           /* pr_area */
    uint8_t aStatus[2];      /* pr_status per programme; [1] only for DIS_NURSING */
    uint8_t bGhost;          /* another shard's record (model/global.h): in the
                              * cross-record rules only, its outcome given */
    int16_t nAge;            /* age_at(M) */
    int32_t iDistrict;       /* 6-digit code, 0 if unknown */
    const char *zId;         /* ID as normalised (or raw text if invalid) */
    const char *zName;       /* 姓名 */
    const char *zTown;       /* 乡镇街道 */
    const char *zVillage;    /* 村居 */
    const char *zBank;       /* payee's bank (after institution/guardian rules) */
    const char *zAccount;    /* payee's account */
    const char *zPayee;      /* payee's name */
    /* DIBAO */
    const char *zHousehold;  /* 户编号 */
    uint8_t bHead;           /* 户主 row */
    uint8_t bSingle;         /* 单人保 */
    uint8_t bIll;            /* 重病 */
    uint8_t bEmployed;       /* 就业 */
    uint8_t bHasGrace;       /* 渐退截止 given */
    int32_t iGraceUntil;     /* month number */
    int64_t nIncome;         /* household income, fen (head row) */
    int64_t nGraceAmount;    /* 渐退金额, fen */
    /* disability (DIBAO members and the disability roster) */
    uint8_t iGrade;          /* 0-4 */
    uint8_t iType;           /* 0-7 */
    /* TEKUN */
    uint8_t eCare;           /* CARE_* */
    uint8_t eMode;           /* MODE_* */
    /* ORPHAN */
    uint8_t eCategory;       /* CAT_* */
    uint8_t bInSchool;       /* 在校 */
    /* results */
    int64_t aAmount[2];      /* amount in fen per programme, 0 if not paid */
    const char *azBasis[2];  /* formula with figures, arena */
    int64_t nStd;            /* TEKUN B / ORPHAN I used, fen */
    pr_ratio supp;           /* TEKUN care supplement S*pct, fen */
    int32_t iLink;           /* DIBAO: index of the head row of the household; -1 */
} pr_record;

/* What one worker made of one chunk. */
typedef struct pr_part {
    pr_record *aRec;         /* records in line order, owned */
    int nRec, nRecCap;       /* count and capacity */
    pr_finding *aFind;       /* findings, owned */
    int nFind, nFindCap;     /* count and capacity */
    pr_arena arena;          /* strings of both; its slab, if set, also holds aRec */
    uint32_t nRows;          /* data rows the chunk held */
    int bRecSlab;            /* aRec is the arena's slab's, not owned */
} pr_part;

void pr_part_init(pr_part *p);
void pr_part_clear(pr_part *p);
/* Makes room for n records in an empty part, from its arena's slab if it
 * has one.
 * Returns 0 or -1. */
int pr_part_reserve(pr_part *p, int n);
/* Appends a zeroed record; returns it or NULL. */
pr_record *pr_part_add_record(pr_part *p);
/* Appends a finding; zMsg is copied into the arena. Returns 0 or -1. */
int pr_part_add_finding(pr_part *p, const pr_finding *f);

#endif
