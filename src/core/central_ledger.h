/* central_ledger.h — the committee's period ledgers (月检查、季汇报、年考核)
 * read from the central PostgreSQL: for a month, quarter or year
 * (period.h, bounded in the local time zone of the config it runs with),
 * each station's figures by the rules of the station's own ledger
 * (report.h), the hours by activity type, one line per member across
 * stations, and each station's sync health (central status's last push
 * and gaps).
 *
 * Every figure comes from one REPEATABLE READ, READ ONLY transaction, so
 * the numbers agree with each other even while stations push. Points are
 * not computed here: their rules are each station's own configuration,
 * which the central does not hold. It never writes. */
#ifndef SVCPOINT_CENTRAL_LEDGER_H
#define SVCPOINT_CENTRAL_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "central.h"
#include "period.h"
#include "report.h"
#include "status.h"
#include "uuid.h"

/* The figures of one station, or of all the selected ones together: the
 * same counts as struct report, by the same rules. */
struct central_ledger_figures {
	int entries;               /* not voided */
	int voided;
	int rejected;              /* not voided, rejected by staff */
	int64_t verified_minutes;  /* closed or verified, not voided */
	int64_t pending_minutes;   /* logged, waiting for verification */
	int members_served;        /* distinct members with an entry */
	int open_entries;          /* visits never checked out */
	int pending_entries;       /* logged hours to verify */
	int pending_commitments;   /* marked fulfilled in the period */
	int commitments_made;      /* made in the period */
	int commitments_fulfilled; /* verified as fulfilled in the period */
	int commitments_overdue;   /* due in the period, before today, open */
	int feedback;              /* visitors' ratings left in the period */
	int feedback_satisfied;    /* of them, rated 4 or 5 */
	double feedback_average;   /* 0 when there are none */
};

/* One member's line, across the selected stations. */
struct central_ledger_member {
	char id[UUID_STR_LEN];
	char *member_no;           /* "" when not on the central roster */
	char *name;                /* "" likewise */
	char *branch;
	char *stations;            /* where the member served: "s1,s2" */
	int entries;               /* not voided */
	int64_t verified_minutes;
	int64_t pending_minutes;
	int commitments_fulfilled; /* verified as fulfilled in the period */
};

struct central_ledger {
	struct period period;
	int64_t produced_ms;       /* when it was made (clock_now_ms) */
	/* the selected stations, by id, with central status's last seq, last
	 * push, seqs received and gaps as of the snapshot */
	struct central_station *stations;
	struct central_ledger_figures *figures; /* [i] for stations[i] */
	size_t nstations;
	struct central_ledger_figures total;    /* the selected stations */
	/* by activity code (codes are unique per station only, so a code's
	 * entries are added up across stations), in the types' sort order */
	struct report_activity *activities;
	size_t nactivities;
	/* every member with an entry or a fulfilled commitment: roster
	 * members by number, then those not on the central roster by id */
	struct central_ledger_member *members;
	size_t nmembers;
};

/* Reads the ledger of period p for station_id, or for every station
 * when station_id is NULL, through c (central_connect()): the schema is
 * checked (central_check()), then everything is read in one read-only
 * snapshot. SP_ERR_NOT_FOUND when the central knows no such station
 * (station_id is bound, never spliced, so any text is safe);
 * SP_ERR_CENTRAL or SP_ERR_CENTRAL_TIMEOUT with central_errmsg(c) saying
 * what the server or libpq said; then close c, which may still hold the
 * failed read-only transaction. Free out with central_ledger_clear (also
 * after a failure). */
enum sp_status central_ledger_build(struct central *c, const struct period *p,
				    const char *station_id,
				    struct central_ledger *out);
void central_ledger_clear(struct central_ledger *l);

/* True when s pushed after the period ended: what the station made in
 * the period before that push is at the central (gaps aside). */
bool central_ledger_pushed_after(const struct central_ledger *l,
				 const struct central_station *s);

#endif
