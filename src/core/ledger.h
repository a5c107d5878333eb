/* ledger.h — the shift ledger (值班台账) as a print job: the shift's
 * summary and every entry of it with member, activity, times, credited
 * minutes, status and who verified it; and the period ledgers (a month,
 * quarter or year, report.h) with their summary and member lines.
 *
 * Like receipt.h it only builds ESC/POS bytes for cfg's [printer];
 * printer_print() sends them. It reads the store and never writes. */
#ifndef SVCPOINT_LEDGER_H
#define SVCPOINT_LEDGER_H

#include <stddef.h>

#include "config.h"
#include "db.h"
#include "report.h"
#include "shift.h"
#include "status.h"

/* The ledger of scope (a shift, or a time window) as one print job.
 * *out is malloc'd (caller frees), *len its size. */
enum sp_status ledger_shift_receipt(const struct config *cfg, struct db *db,
				    const struct shift_scope *scope,
				    unsigned char **out, size_t *len);

/* The ledger of a period as one print job: its summary, the hours by
 * activity, one block per member (hours, commitments, points), and the
 * voided entries with their reasons (the whole list of entries is filed
 * through `svcpoint ledger --format csv`). r comes from report_build; db
 * is read for the voided entries. *out is malloc'd (caller frees). */
enum sp_status ledger_period_receipt(const struct config *cfg, struct db *db,
				     const struct report *r,
				     unsigned char **out, size_t *len);

#endif
