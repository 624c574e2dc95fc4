/*
 * batch.h - one month's batch: the inputs, the parsed records, the
 * households, the policy parameters per district and area, and the results
 * (ledger lines, findings, counts) that the writers turn into files.
 */
#ifndef PR_BATCH_H
#define PR_BATCH_H

#include <stdint.h>

#include "io/encoding.h"
#include "model/cycle.h"
#include "model/money.h"
#include "model/policy.h"
#include "model/priceindex.h"
#include "model/record.h"

/* What an input file is. */
typedef enum pr_input_kind {
    INPUT_ROSTER = 0,             /* a roster (eRoster says which) */
    INPUT_RETURNS,                /* a bank returns file (--returns) */
    INPUT_ADJUSTMENTS,            /* an adjustments file (--adjustments) */
    INPUT_ARREARS,                /* the previous month's arrears.csv */
    INPUT_RECOVERIES              /* the previous month's recoveries.csv */
} pr_input_kind;

/* One input file: a roster, or a file of the payment cycle. For the
 * cycle's files aCount counts rows accepted (ST_PAID), REJECTED and HELD. */
typedef struct pr_input {
    const char *zPath;            /* path as given on the command line, borrowed */
    pr_roster eRoster;            /* its roster kind (INPUT_ROSTER) */
    uint32_t iRank;               /* its place among the whole month's roster files
                                   * (run --ranks; its index by default): the order
                                   * of one person's records across shards */
    uint8_t eKind;                /* pr_input_kind */
    char zSha[65];                /* SHA-256 of the file on disk */
    pr_encoding eEnc;             /* encoding used */
    int bGzip;                    /* it was gzip-compressed */
    uint32_t nRows;               /* data rows read (blank lines excluded) */
    uint32_t aCount[ST_COUNT];    /* rows per (best) status */
    pr_part **apPart;             /* parts while the file is read (moved to the batch after) */
    int nPart, nPartCap;
    pr_err err;                   /* the error that stopped reading this file */
    char *zShown;                 /* a workbook's "file!sheet", the file of
                                   * its findings (owned); NULL for CSV */
    const char *zShard;           /* BASE of a shard's part of the file
                                   * (payrun split, io/shardfile.h), read in
                                   * place of zPath, whose zSha, eEnc and
                                   * bGzip are set from its origin; NULL
                                   * otherwise; borrowed */
} pr_input;

/* A declared district. */
typedef struct pr_district {
    int iCode;                    /* 6-digit division code */
    const char *zName;            /* name from the policy file, borrowed */
} pr_district;

/* Policy rows that apply to one district and area this month. */
typedef struct pr_params {
    const pr_prow **apRow;        /* [pr_key_count()]: NULL where no row
                                   * applies; into the batch's apParamRow */
} pr_params;

/* A DIBAO household. */
typedef struct pr_household {
    pr_record **apMember;         /* member rows in input order (into aDibao) */
    int nMember;                  /* number of rows */
    pr_record *pHead;             /* the head row, NULL if none / several */
    uint8_t eStatus;              /* pr_status of the household */
    const char *zCode;            /* code of the status finding */
    const char *zMsg;             /* message of the status finding */
    int64_t nAmount;              /* payout in fen when PAID */
    const char *zBasis;           /* formula with figures */
    int64_t nStd;                 /* S used, fen */
    pr_ratio supp;                /* exact 分类施保 supplement, fen */
} pr_household;

/* One payment line of the ledger. */
typedef struct pr_line {
    uint8_t eProg;                /* pr_prog */
    uint8_t eArea;                /* pr_area */
    int32_t iDistrict;            /* district code */
    const char *zBeneficiary;     /* household id (DIBAO) or person ID */
    const char *zHousehold;       /* household id or "" */
    const char *zPerson;          /* person ID (head for DIBAO) */
    const char *zName;            /* beneficiary name (head for DIBAO) */
    const char *zPayee;           /* payee name */
    const char *zBank;            /* payee bank */
    const char *zAccount;         /* payee account */
    const char *zTown;            /* town of the beneficiary */
    const char *zVillage;         /* village of the beneficiary */
    int64_t nAmount;              /* fen, > 0 */
    const char *zBasis;           /* formula with figures */
    int nPersons;                 /* persons covered: household size or 1 */
    const pr_record *pRec;        /* the record (head row for DIBAO) */
    int64_t nStd;                 /* the standard the amount starts from, fen:
                                     S (DIBAO, PRICE), B (TEKUN), I (ORPHAN),
                                     the allowance (DIS_*) */
    int64_t nIncome;              /* household income, fen; -1 if not relevant */
    pr_ratio supp;                /* exact supplement (DIBAO 分类施保, TEKUN care), fen */
    uint8_t eType;                /* pr_ltype: LT_REGULAR for this month's entitlement */
    int32_t iPeriod;              /* the month the money is for (YYYY*12+MM-1) */
    const char *zReference;       /* approval document, the failed pay_ref of a
                                   * REISSUE, "" for REGULAR */
    int64_t nOffset;              /* fen set against a recovery (nAmount is
                                   * what is left); 0 but for REGULAR lines */
    int32_t iPaySeq;              /* sequence of its bank row in its district
                                   * (1-based, pr_pay_ref), 0 until numbered */
} pr_line;

/* Most bank rows of one district in one month (pay_ref has 6 digits). */
#define PR_MAX_PAY_SEQ 999999
/* Length of a pay_ref ("YYYYMM-DDDDDD-NNNNNN") and its room with the NUL. */
#define PR_PAY_REF_LEN 20
/* Writes line l's pay_ref for month iMonth into z[PR_PAY_REF_LEN + 1]. */
void pr_pay_ref(int iMonth, const pr_line *l, char *z);

/* Totals of one district and programme. */
typedef struct pr_total {
    int64_t nLines, nPersons, nFen;
} pr_total;

/* The price subsidy of one district and area (price.c), worked out once. */
typedef struct pr_price_memo {
    int8_t bDone;                 /* computed */
    int8_t rc;                    /* pr_price_amount's result */
    int64_t nAmount, nStd;        /* amount and S, fen */
    const char *zBasis;           /* its basis, shared by every line */
} pr_price_memo;

typedef struct pr_batch pr_batch;

/* The working state of one thread of the computing stage, passed
 * explicitly to every rule: the findings and strings it makes, its price
 * memo, its first configuration error. The batch has one per thread for the
 * parallel passes (each thread takes a contiguous range of the work, so its
 * first error is the first of its range, and the first over the threads in
 * order is the one a serial pass would report) and one for the serial
 * steps. The rest of the batch is read-only while a pass runs, but for the
 * status and amount fields of the records and households of the range. */
typedef struct pr_work {
    pr_batch *pBatch;             /* the month it works on, borrowed */
    pr_part part;                 /* findings and strings it made */
    pr_price_memo *aPriceMemo;    /* its own memo per district and area; owned */
    pr_err err;                   /* its first configuration error */
    int bNoMem;                   /* a finding or string could not be recorded */
} pr_work;

struct pr_batch {
    int iMonth;                   /* batch month */
    const struct pr_global *pGlobal; /* run --global: the other shards' records of
                                   * the persons this shard holds; borrowed, NULL */
    int nThreads;                 /* worker threads */
    pr_encoding eEnc;             /* --encoding */
    pr_policy *pPolicy;           /* owned */
    pr_index *pIndex;             /* owned */
    pr_input *aInput;             /* owned array */
    int nInput;
    int nInputCap;                /* allocated in aInput (pr_batch_reserve_inputs) */
    pr_district *aDistrict;       /* declared districts, ascending code; owned */
    int nDistrict;
    int *aiDistrictCode;          /* their codes, for binary search; owned */
    int *aiLocalCode;             /* the local division codes in force: the
                                   * districts' and the policy's region rows',
                                   * ascending, for binary search; owned */
    int nLocal;                   /* entries in aiLocalCode */
    pr_params *aParams;           /* [district index * 2 + (area-1)]; owned */
    const pr_prow **apParamRow;   /* storage of their apRow; owned */
    pr_part **apPart;             /* parsed parts in input order; owned */
    pr_slab *aSlab;               /* per thread: the blocks that hold the
                                   * records and strings read; owned */
    int nPart, nPartCap;
    pr_work serial;               /* the serial steps' working state */
    pr_work *aWork;               /* one per thread, for the parallel passes; owned */
    int bWorking;                 /* a parallel pass runs (for asserts) */
    pr_record **apRec[ROSTER_COUNT];  /* records of each roster, input order; owned arrays */
    int anRec[ROSTER_COUNT];
    pr_household *aHouse;         /* DIBAO households, by household id; owned */
    int nHouse;
    pr_record **apHouseMember;    /* storage of households' member lists; owned */
    pr_line *aLine;               /* ledger lines, sorted; owned */
    int nLine, nLineCap;
    pr_finding *aFind;            /* all findings, sorted; owned array */
    int nFind;
    pr_total *aTotal;             /* [district index * PROG_COUNT + prog]; owned */
    const int64_t *anHousehold;   /* payrun merge, which holds no lines: the DIBAO
                                   * households paid (REGULAR lines) per district
                                   * index, borrowed; NULL when aLine has them */
    int64_t aProgCount[PROG_COUNT][ST_COUNT];  /* records per programme and status */
    pr_cycle *pCycle;             /* the payment cycle: returns, arrears,
                                   * adjustments, recoveries; owned, never NULL */
    pr_err err;                   /* the error that stopped the batch */
    int bNoMem;                   /* a finding could not be recorded: the
                                   * computing stage fails with PR_ERR_NOMEM */
    void (*xProgress)(void *, const char *, long long, long long);  /* progress callback, or NULL */
    void *pProgressArg;           /* its argument */
    long long nInputBytes;        /* raw bytes of all rosters, for progress */
    long long nInputDone;         /* raw bytes read so far */
    const char *zBankFormats;     /* --bank-formats as given, for the manifest;
                                   * borrowed; NULL when none */
    char zBankFormatsSha[65];     /* its SHA-256 */
};

/* Creates an empty batch for month iMonth; returns NULL if out of memory. */
pr_batch *pr_batch_new(int iMonth, int nThreads, pr_encoding eEnc);
/* Frees everything; p may be NULL. */
void pr_batch_free(pr_batch *p);

/* Most input files of one batch (their indexes are packed in 24 bits). */
#define PR_MAX_INPUTS (1 << 24)

/* Adds an input file (zPath borrowed: it must outlive the batch). Returns 0,
 * or -1 if out of memory or past PR_MAX_INPUTS. */
int pr_batch_add_input(pr_batch *p, const char *zPath, pr_roster eRoster);
/* Adds a file of the payment cycle, after every roster. Returns its index,
 * or -1 as pr_batch_add_input. */
int pr_batch_add_cycle_input(pr_batch *p, const char *zPath, pr_input_kind eKind);
/* Makes room for nMore inputs beyond those added, so that adding them does
 * not move aInput (the payment cycle's files are added while the rosters'
 * readers hold pointers into it). Returns 0, or -1 if out of memory. */
int pr_batch_reserve_inputs(pr_batch *p, int nMore);



/* Takes ownership of the policy and index read for the batch and collects
 * the districts declared for its month with their parameters. PR_OK, or
 * PR_ERR_NOMEM, or PR_ERR_CONFIG (no district) with p->err. */
pr_error pr_batch_set_config(pr_batch *p, pr_policy *pPolicy, pr_index *pIndex);

/* Index of a declared district code, or -1. */
int pr_batch_district_index(const pr_batch *p, int iCode);

/* The serial steps' working state. */
pr_work *pr_batch_serial(pr_batch *p);

/* Starts a parallel pass (allocating aWork the first time); returns 0 or -1.
 * pr_batch_end_pass ends it, keeping in p->err the first error of the
 * lowest-numbered thread that has one, unless p->err had one already. */
int pr_batch_begin_pass(pr_batch *p);
void pr_batch_end_pass(pr_batch *p);

/* Whether something the month needs (a finding, a basis) could not be made
 * for lack of memory, by the serial steps or a finished pass. */
int pr_batch_nomem(const pr_batch *p);

/* Policy row for key k of a district and area, or NULL (recording a
 * configuration error in w with pr_work_config_error). */
const pr_prow *pr_work_param(pr_work *w, pr_key k, int iCode, pr_area eArea);

/* Records a configuration error (printf-style, zFmt a msgid translated like
 * pr_err_set's) in w unless it has one. */
void pr_work_config_error(pr_work *w, const char *zFmt, ...) __attribute__((format(printf, 2, 3)));

/* Adds a finding on record r to w. Returns 0, or -1 when memory ran out;
 * w then remembers it (pr_work_mark_nomem), so that a caller that goes on
 * cannot lose the finding quietly: the stage fails. */
int pr_work_finding(pr_work *w, const pr_record *r, pr_prog eProg, pr_status eStatus,
                    const char *zId, const char *zCode, const char *zMsg);

/* Adds a finding at (iFile, iLine) that belongs to no record, such as the
 * policy lint's (iFile PR_FILE_POLICY). Returns 0 or -1 as pr_work_finding. */
int pr_work_finding_at(pr_work *w, uint32_t iFile, uint32_t iLine, pr_prog eProg, pr_status eStatus,
                       const char *zId, const char *zCode, const char *zMsg);

/* The file a finding names in exceptions.csv: its input's path as given,
 * or the policy file's for PR_FILE_POLICY. */
const char *pr_batch_finding_file(const pr_batch *p, const pr_finding *f);

/* A printf-style string in w's arena, owned by the batch. Out of memory:
 * returns "" and marks w, so that the stage fails rather than lose it. */
const char *pr_work_printf(pr_work *w, const char *zFmt, ...) __attribute__((format(printf, 2, 3)));

/* Remembers that something the month needs could not be made for lack of
 * memory: the computing stage will fail. */
void pr_work_mark_nomem(pr_work *w);

#endif
