/* period.h — the calendar periods the committee's ledgers cover: a month
 * (月检查, "2026-11"), a quarter (季汇报, "2026-Q4") and a year (年考核,
 * "2026"), with their bounds in the station's local time.
 *
 * A period runs from local midnight of its first day up to (not
 * including) local midnight after its last day, both found through
 * clock.h, so a day lost or doubled by a DST change is counted right.
 * Pure computation: it never touches the store. */
#ifndef SVCPOINT_PERIOD_H
#define SVCPOINT_PERIOD_H

#include <stdint.h>

#include "clock.h"
#include "status.h"

enum period_kind { PERIOD_MONTH, PERIOD_QUARTER, PERIOD_YEAR };

/* "2026-Q4" plus NUL, with room to spare. */
#define PERIOD_NAME_LEN 16
/* The years a period may lie in (the local-date parser's range). */
#define PERIOD_YEAR_MIN 1970
#define PERIOD_YEAR_MAX 9998

struct period {
	enum period_kind kind;
	int year;
	int number;                /* month 1..12, quarter 1..4; 0 for a year */
	int64_t start_ms;          /* local midnight of the first day */
	int64_t end_ms;            /* local midnight after the last day */
};

/* "month", "quarter" or "year" (stable, for scripts). */
const char *period_kind_name(enum period_kind kind);

/* "Monthly ledger", "Quarterly ledger" or "Annual ledger", translated:
 * the heading of the period's ledger on paper and on screen. */
const char *period_ledger_title(enum period_kind kind);

/* The inverse of period_kind_name; SP_ERR_INVALID for anything else. */
enum sp_status period_kind_parse(const char *name, enum period_kind *out);

/* Parses "YYYY-MM" (a month), "YYYY-QN" (a quarter; q accepted too) or
 * "YYYY" (a year) and computes its bounds. Nothing else is accepted: no
 * spaces, signs, one-digit months or dates. SP_ERR_INVALID. */
enum sp_status period_parse(const char *text, struct period *out);

/* The period of kind containing the instant ms (local time). */
enum sp_status period_of(enum period_kind kind, int64_t ms,
			 struct period *out);

/* The period's name as period_parse reads it: "2026-11", "2026-Q4",
 * "2026". */
void period_name(const struct period *p, char buf[PERIOD_NAME_LEN]);

/* The local dates of its first and last day, "YYYY-MM-DD". */
void period_first_date(const struct period *p, char buf[CLOCK_DATE_LEN]);
void period_last_date(const struct period *p, char buf[CLOCK_DATE_LEN]);

#endif
