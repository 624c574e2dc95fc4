/*
 * cyclefiles.h - the files of the payment cycle (domain.md section 8):
 * the banks' returns and the officers' adjustments (outside input, each row
 * kept with what is wrong with it), and the month folder's registers
 * arrears.csv, recoveries.csv and adjustments.csv (written here, read back
 * by the next month and by the history's duplicate check).
 */
#ifndef PR_CYCLEFILES_H
#define PR_CYCLEFILES_H

#include "io/encoding.h"
#include "io/err.h"
#include "model/batch.h"
#include "model/cycle.h"

/* Largest returns or adjustments file, and most rows of one. */
#define PR_CYCLE_FILE_ROWS (1 << 22)

/* Reads the returns file zPath (CSV, UTF-8 or GB18030, gzip or not) into
 * c->aRet as rows of input iFile, each with its fields parsed (nFen -1 when
 * not money, eResult RET_BAD when neither result) or zBad for a row that is
 * not a CSV row of the header's width. zSha gets the file's SHA-256, *pnRows
 * its data rows. PR_OK, or an error naming the file (and line) for a file
 * that cannot be read, a header without a required column, PR_ERR_NOMEM. */
pr_error pr_returns_read(pr_cycle *c, const char *zPath, uint32_t iFile, pr_encoding eEnc, char *zSha,
                         uint32_t *pnRows, pr_err *pErr);

/* Reads the adjustments file zPath into c->aAdj likewise (eType, eProg,
 * iPeriod, nFen -1 when not recognised; zBad for a CSV problem). */
pr_error pr_adjustments_read(pr_cycle *c, const char *zPath, uint32_t iFile, pr_encoding eEnc, char *zSha,
                             uint32_t *pnRows, pr_err *pErr);

/* Reads the OPEN entries of a previous month's arrears.csv (as payrun
 * writes it) into c->aArr, as carried entries of input iFile. Any other
 * content is an error naming the file and line: payrun wrote it. */
pr_error pr_arrears_read(pr_cycle *c, const char *zPath, uint32_t iFile, char *zSha, uint32_t *pnRows,
                         pr_err *pErr);

/* Reads the OPEN entries of a previous month's recoveries.csv likewise. */
pr_error pr_recoveries_read(pr_cycle *c, const char *zPath, uint32_t iFile, char *zSha, uint32_t *pnRows,
                            pr_err *pErr);

/* Marks bHistDuplicate on every row of c->aAdj whose (type, program,
 * beneficiary_id, period, reference) is an ACCEPTED row of the register
 * adjustments.csv at zPath (a history month's). A missing file is no row. */
pr_error pr_adjreg_scan(pr_cycle *c, const char *zPath, pr_err *pErr);

/* Writes the month's arrears.csv, recoveries.csv and adjustments.csv of
 * p's cycle into zPath (whole, atomically, as pr_write_file does). */
pr_error pr_arrears_write(const pr_batch *p, const char *zPath, pr_err *pErr);
pr_error pr_recoveries_write(const pr_batch *p, const char *zPath, pr_err *pErr);
pr_error pr_adjreg_write(const pr_batch *p, const char *zPath, pr_err *pErr);

/* The header lines of the three registers (LF included). */
#define PR_ARREARS_HEADER "period,program,beneficiary_id,district,amount_fen,reason,since,failed_account,state,pay_ref\n"
#define PR_RECOVERIES_HEADER \
    "program,beneficiary_id,district,reference,since,amount_fen,recovered_fen,balance_fen,state\n"
#define PR_ADJREG_HEADER \
    "file,line,type,program,beneficiary_id,period,amount_fen,reference,approved_by,status,code\n"

#endif
