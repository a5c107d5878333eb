/* points.h — quantified points (党员量化积分) computed from the record.
 *
 * Points are never stored: they are derived from verified hours and
 * verified commitments by the station's rules, so changing the rules or
 * voiding an entry changes them consistently. Reads only. */
#ifndef SVCPOINT_POINTS_H
#define SVCPOINT_POINTS_H

#include <stdint.h>

#include "db.h"
#include "status.h"

struct points_rules {
	double per_hour;         /* per verified hour */
	double per_commitment;   /* per verified fulfilled commitment */
	double daily_cap;        /* 0 = none */
};

/* Points of a member: per local day, (verified hours * per_hour +
 * fulfilled commitments verified that day * per_commitment), capped at
 * daily_cap; summed over all days, and over the current local year.
 * "Verified hours" = credited minutes of non-voided entries with status
 * closed (kiosk visits, witnessed) or verified. */
struct points_summary {
	double total;
	double this_year;
};

enum sp_status points_for_member(struct db *db, const char *member_id,
				 const struct points_rules *rules,
				 int64_t now_ms, struct points_summary *out);

/* The same rule over the local days in [since_ms, until_ms), which must
 * be local midnights (a period's bounds, period.h) so no day is cut in
 * two: hours by the day they started, commitments by the day they were
 * verified. The ledgers of a month, quarter or year use it. */
enum sp_status points_for_member_between(struct db *db, const char *member_id,
					 const struct points_rules *rules,
					 int64_t since_ms, int64_t until_ms,
					 double *out);

#endif
