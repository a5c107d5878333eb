/* points.c — quantified points, derived from the record on every call.
 *
 * It reads only: points are never stored, so a void or a rule change is
 * reflected at once and nothing can drift. Days are the station's local
 * days (a day's cap applies to what happened on that local day). The
 * queries walk one member's rows through the member indexes. */
#include "points.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

/* Kiosk visits that were closed are witnessed at the desk, so they count
 * like verified logged hours. */
static const char sql_points_minutes[] =
	"SELECT started_at, minutes FROM service_entry"
	" WHERE member_id = ?1 AND voided_at IS NULL"
	" AND status IN ('closed','verified') AND minutes > 0"
	" ORDER BY started_at";
static const char sql_points_commitments[] =
	"SELECT verified_at FROM commitment"
	" WHERE member_id = ?1 AND status = 'fulfilled' AND voided_at IS NULL"
	" AND verified_at IS NOT NULL";
/* The same rows within ?2..?3 (stored UTC text): the first walks the
 * service_entry_member_started range, the second the member's
 * commitments through commitment_member. */
static const char sql_points_minutes_between[] =
	"SELECT started_at, minutes FROM service_entry"
	" WHERE member_id = ?1 AND started_at >= ?2 AND started_at < ?3"
	" AND voided_at IS NULL AND status IN ('closed','verified')"
	" AND minutes > 0 ORDER BY started_at";
static const char sql_points_commitments_between[] =
	"SELECT verified_at FROM commitment"
	" WHERE member_id = ?1 AND status = 'fulfilled' AND voided_at IS NULL"
	" AND verified_at >= ?2 AND verified_at < ?3";

struct points_day {
	int64_t day_ms;          /* local midnight */
	int64_t minutes;
	int commitments;
};

struct points_days {
	struct points_day *v;
	size_t len, cap;
};

/* Adds to the day's bucket; rows arrive grouped by day mostly, so only the
 * last bucket is checked and the rest is merged after sorting. */
static enum sp_status points_add(struct points_days *days, int64_t day_ms,
				 int64_t minutes, int commitments)
{
	if (days->len && days->v[days->len - 1].day_ms == day_ms) {
		days->v[days->len - 1].minutes += minutes;
		days->v[days->len - 1].commitments += commitments;
		return SP_OK;
	}
	if (days->len == days->cap) {
		size_t cap = days->cap ? days->cap * 2 : 64;
		struct points_day *grown = realloc(days->v, cap * sizeof *grown);
		if (!grown)
			return SP_ERR_NOMEM;
		days->v = grown;
		days->cap = cap;
	}
	days->v[days->len++] = (struct points_day){day_ms, minutes, commitments};
	return SP_OK;
}

static int points_day_cmp(const void *a, const void *b)
{
	const struct points_day *x = a, *y = b;
	return (x->day_ms > y->day_ms) - (x->day_ms < y->day_ms);
}

/* Reads (time, minutes) rows, or (time) rows counted as one commitment.
 * range (NULL for none) holds the UTC text bound to ?2 and ?3. */
static enum sp_status points_collect(struct db *db, const char *sql,
				     const char *member_id, bool minutes,
				     const char (*range)[CLOCK_UTC_LEN],
				     struct points_days *days)
{
	sqlite3_stmt *stmt = db_stmt(db, sql);
	enum sp_status status = SP_OK;
	int rc;

	if (!stmt)
		return SP_ERR_DB;
	sqlite3_bind_text(stmt, 1, member_id, -1, SQLITE_STATIC);
	if (range) {
		sqlite3_bind_text(stmt, 2, range[0], -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, range[1], -1, SQLITE_STATIC);
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const unsigned char *at = sqlite3_column_text(stmt, 0);
		int64_t ms;
		if (!at || clock_parse_utc((const char *)at, &ms) != SP_OK)
			continue;
		status = points_add(days, clock_local_day_start(ms),
				    minutes ? sqlite3_column_int64(stmt, 1) : 0,
				    minutes ? 0 : 1);
		if (status != SP_OK)
			break;
	}
	if (status == SP_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		status = db_status_from_rc(rc);
	sqlite3_reset(stmt);
	return status;
}

/* The sorted buckets from *i on that share its day, merged; *i moves
 * past them. */
static struct points_day points_next_day(const struct points_days *days,
					 size_t *i)
{
	struct points_day day = days->v[(*i)++];

	while (*i < days->len && days->v[*i].day_ms == day.day_ms) {
		day.minutes += days->v[*i].minutes;
		day.commitments += days->v[*i].commitments;
		(*i)++;
	}
	return day;
}

static double points_of_day(const struct points_rules *rules, int64_t minutes,
			    int commitments)
{
	double p = (double)minutes / 60.0 * rules->per_hour +
		   commitments * rules->per_commitment;
	if (rules->daily_cap > 0 && p > rules->daily_cap)
		p = rules->daily_cap;
	return p;
}

enum sp_status points_for_member(struct db *db, const char *member_id,
				 const struct points_rules *rules,
				 int64_t now_ms, struct points_summary *out)
{
	struct points_days days = {0};
	int64_t year_ms = clock_local_year_start(now_ms);
	enum sp_status status;

	memset(out, 0, sizeof *out);
	if (!member_id || !rules)
		return SP_ERR_INVALID;
	status = points_collect(db, sql_points_minutes, member_id, true, NULL,
				&days);
	if (status == SP_OK)
		status = points_collect(db, sql_points_commitments, member_id,
					false, NULL, &days);
	if (status == SP_OK && days.len)
		qsort(days.v, days.len, sizeof *days.v, points_day_cmp);
	for (size_t i = 0; status == SP_OK && i < days.len;) {
		struct points_day day = points_next_day(&days, &i);
		double p = points_of_day(rules, day.minutes, day.commitments);
		out->total += p;
		if (day.day_ms >= year_ms)
			out->this_year += p;
	}
	free(days.v);
	return status;
}

enum sp_status points_for_member_between(struct db *db, const char *member_id,
					 const struct points_rules *rules,
					 int64_t since_ms, int64_t until_ms,
					 double *out)
{
	struct points_days days = {0};
	char range[2][CLOCK_UTC_LEN];
	enum sp_status status;

	*out = 0;
	if (!member_id || !rules || until_ms < since_ms)
		return SP_ERR_INVALID;
	clock_format_utc(since_ms, range[0]);
	clock_format_utc(until_ms, range[1]);
	status = points_collect(db, sql_points_minutes_between, member_id,
				true, range, &days);
	if (status == SP_OK)
		status = points_collect(db, sql_points_commitments_between,
					member_id, false, range, &days);
	if (status == SP_OK && days.len)
		qsort(days.v, days.len, sizeof *days.v, points_day_cmp);
	for (size_t i = 0; status == SP_OK && i < days.len;) {
		struct points_day day = points_next_day(&days, &i);
		*out += points_of_day(rules, day.minutes, day.commitments);
	}
	free(days.v);
	return status;
}
