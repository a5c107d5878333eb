/* report.h — the period ledgers the committee files (月检查、季汇报、年考核):
 * for a month, quarter or year (period.h), the station's entries by
 * activity, its verified hours, the members served, what is still
 * waiting for staff, commitments made / fulfilled / overdue, visitors'
 * ratings, one line per member with hours, commitments and points, and
 * every entry of the period with who verified or voided it.
 *
 * Voided entries are listed by report_each_entry but never counted.
 * "Verified" minutes are those of non-voided entries that are closed
 * (kiosk visits, witnessed at the desk) or verified (logged hours staff
 * accepted): the same rule as points.h. It reads the store and never
 * writes. */
#ifndef SVCPOINT_REPORT_H
#define SVCPOINT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "entry.h"
#include "period.h"
#include "points.h"
#include "status.h"
#include "uuid.h"

struct report_activity {
	char *code;
	char *name;
	char *name_en;             /* "" when the type has none */
	int entries;               /* not voided */
	int64_t verified_minutes;
	int64_t pending_minutes;   /* logged, waiting for verification */
};

struct report_member {
	char id[UUID_STR_LEN];
	char *member_no;
	char *name;
	char *branch;
	int entries;               /* not voided */
	int64_t verified_minutes;
	int64_t pending_minutes;   /* logged, waiting for verification */
	int commitments_fulfilled; /* verified as fulfilled in the period */
	double points;             /* earned in the period (points.h rule) */
};

struct report {
	struct period period;
	int64_t produced_ms;       /* when it was made (clock_now_ms) */
	struct report_activity *activities; /* by the types' sort order */
	size_t nactivities;
	int entries;               /* not voided */
	int voided;
	int rejected;              /* not voided, rejected by staff */
	int64_t verified_minutes;
	int64_t pending_minutes;
	int members_served;        /* distinct members with an entry */
	/* still waiting for staff, of the period's records: */
	int open_entries;          /* visits never checked out */
	int pending_entries;       /* logged hours to verify */
	int pending_commitments;   /* marked fulfilled in the period */
	int commitments_made;      /* made in the period */
	int commitments_fulfilled; /* verified as fulfilled in the period */
	int commitments_overdue;   /* due in the period, before today, open */
	int feedback;              /* visitors' ratings left in the period */
	double feedback_average;   /* 0 when there are none */
	struct report_member *members; /* every member with an entry or a
					  fulfilled commitment, by number */
	size_t nmembers;
};

/* A read transaction, so that report_build and report_each_entry that
 * follow see one snapshot of the store while the kiosk goes on writing
 * (WAL: writers are not blocked). End it with report_snapshot_end, which
 * is safe to call when none is open. Not inside a write transaction. */
enum sp_status report_snapshot_begin(struct db *db);
void report_snapshot_end(struct db *db);

/* Builds the report of period p, points by rules. Free with
 * report_clear (also after a failure). */
enum sp_status report_build(struct db *db, const struct period *p,
			    const struct points_rules *rules,
			    struct report *out);
void report_clear(struct report *r);

/* One entry of the period as the ledger files it. The strings live
 * during the callback only; none is NULL. */
struct report_entry {
	const char *id;
	const char *member_no;
	const char *member_name;
	const char *activity_code;
	const char *activity;
	const char *activity_en;
	enum entry_kind kind;
	enum entry_status status;
	int64_t started_ms;
	int64_t ended_ms;          /* 0 while open */
	int minutes;               /* credited; -1 while open */
	const char *note;
	const char *verifier_no;   /* who verified, rejected or closed it; "" */
	const char *verifier_name;
	int64_t verified_ms;       /* 0 when no one did */
	const char *reject_reason; /* "" unless rejected */
	bool voided;
	int64_t voided_ms;         /* 0 unless voided */
	const char *voided_by_name;
	const char *void_reason;   /* "" unless voided */
};

typedef int (*report_entry_fn)(const struct report_entry *e, void *ctx); /* nonzero stops */

/* Calls fn for every entry started in the period, voided ones included,
 * oldest first. */
enum sp_status report_each_entry(struct db *db, const struct period *p,
				 report_entry_fn fn, void *ctx);

#endif
