/* central_ledger.c — owns the committee's period ledgers as read from the
 * central PostgreSQL: the per-station figures, the hours by activity, the
 * member lines across stations, and the stations' sync health, all in
 * one REPEATABLE READ, READ ONLY transaction.
 *
 * It must never write to the central, and never count by other rules
 * than the station's own ledger (report.c): a voided entry is listed
 * nowhere and counted nowhere, hours are those of closed or verified
 * entries, and so on, statement by statement. Rows are keyed by id at the
 * central, so an entry pushed at several revisions is one row and counts
 * once. Every statement binds its values and goes through
 * central_query(), so a central that stops answering is given up on as
 * for a push. */
#include "central_ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "pq.h"

/* The snapshot is taken by the first statement after BEGIN. */
static const char sql_central_ledger_begin[] =
	"BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";
static const char sql_central_ledger_commit[] = "COMMIT";

/* $1..$2: the period's bounds (UTC text); $3: a station id or NULL.
 * Each figure statement gives one row per station and, marked by
 * grouping() = 1, one for all of them together: distinct members are
 * counted once across stations. The conditions are report.c's. */
static const char sql_central_ledger_entries[] =
	"SELECT coalesce(station_id, ''), grouping(station_id),"
	" count(*) FILTER (WHERE voided_at IS NULL),"
	" count(*) FILTER (WHERE voided_at IS NOT NULL),"
	" count(*) FILTER (WHERE voided_at IS NULL AND status = 'rejected'),"
	" coalesce(sum(minutes) FILTER (WHERE voided_at IS NULL"
	"   AND status IN ('closed','verified')), 0),"
	" coalesce(sum(minutes) FILTER (WHERE voided_at IS NULL"
	"   AND status = 'pending'), 0),"
	" count(DISTINCT member_id) FILTER (WHERE voided_at IS NULL),"
	" count(*) FILTER (WHERE voided_at IS NULL AND status = 'open'),"
	" count(*) FILTER (WHERE voided_at IS NULL AND status = 'pending')"
	" FROM service_entry"
	" WHERE started_at >= $1::timestamptz AND started_at < $2::timestamptz"
	" AND ($3::text IS NULL OR station_id = $3)"
	" GROUP BY GROUPING SETS ((station_id), ())";
/* $4..$5: local dates, the period's first day up to the earlier of the
 * day after its last and today (overdue, as report.c). */
static const char sql_central_ledger_commitments[] =
	"SELECT coalesce(station_id, ''), grouping(station_id),"
	" count(*) FILTER (WHERE created_at >= $1::timestamptz"
	"   AND created_at < $2::timestamptz),"
	" count(*) FILTER (WHERE status = 'fulfilled_pending'"
	"   AND fulfilled_at >= $1::timestamptz"
	"   AND fulfilled_at < $2::timestamptz),"
	" count(*) FILTER (WHERE status = 'open' AND due_date >= $4::date"
	"   AND due_date < $5::date),"
	" count(*) FILTER (WHERE status = 'fulfilled'"
	"   AND verified_at >= $1::timestamptz"
	"   AND verified_at < $2::timestamptz)"
	" FROM commitment"
	" WHERE voided_at IS NULL AND ($3::text IS NULL OR station_id = $3)"
	" GROUP BY GROUPING SETS ((station_id), ())";
/* The average is the sum over the count, as feedback.c makes it. */
static const char sql_central_ledger_feedback[] =
	"SELECT coalesce(station_id, ''), grouping(station_id), count(*),"
	" coalesce(sum(rating), 0), count(*) FILTER (WHERE rating >= 4)"
	" FROM feedback"
	" WHERE created_at >= $1::timestamptz AND created_at < $2::timestamptz"
	" AND rating BETWEEN 1 AND 5"
	" AND ($3::text IS NULL OR station_id = $3)"
	" GROUP BY GROUPING SETS ((station_id), ())";
/* Codes are unique per station only: one line a code. An entry whose
 * type never reached the central is counted under the code "". */
static const char sql_central_ledger_activities[] =
	"SELECT coalesce(a.code, ''), coalesce(min(a.name), ''),"
	" coalesce(min(a.name_en), ''), count(*),"
	" coalesce(sum(e.minutes) FILTER (WHERE e.status IN"
	"   ('closed','verified')), 0),"
	" coalesce(sum(e.minutes) FILTER (WHERE e.status = 'pending'), 0)"
	" FROM service_entry e LEFT JOIN activity_type a"
	" ON a.id = e.activity_id AND a.station_id = e.station_id"
	" WHERE e.started_at >= $1::timestamptz"
	" AND e.started_at < $2::timestamptz"
	" AND e.voided_at IS NULL AND ($3::text IS NULL OR e.station_id = $3)"
	" GROUP BY coalesce(a.code, '')"
	" ORDER BY min(a.sort_order) NULLS LAST,"
	" coalesce(a.code, '') COLLATE \"C\"";
/* A member's entries and kept commitments per station, joined, then
 * summed over stations with the roster's number and name. */
static const char sql_central_ledger_members[] =
	"WITH e AS (SELECT member_id, station_id, count(*) AS n,"
	"   coalesce(sum(minutes) FILTER (WHERE status IN"
	"     ('closed','verified')), 0) AS v,"
	"   coalesce(sum(minutes) FILTER (WHERE status = 'pending'), 0) AS p"
	"   FROM service_entry"
	"   WHERE started_at >= $1::timestamptz"
	"   AND started_at < $2::timestamptz"
	"   AND voided_at IS NULL AND ($3::text IS NULL OR station_id = $3)"
	"   GROUP BY member_id, station_id),"
	" c AS (SELECT member_id, station_id, count(*) AS k FROM commitment"
	"   WHERE status = 'fulfilled' AND verified_at >= $1::timestamptz"
	"   AND verified_at < $2::timestamptz AND voided_at IS NULL"
	"   AND ($3::text IS NULL OR station_id = $3)"
	"   GROUP BY member_id, station_id),"
	" ms AS (SELECT coalesce(e.member_id, c.member_id) AS member_id,"
	"   coalesce(e.station_id, c.station_id) AS station_id,"
	"   coalesce(e.n, 0) AS n, coalesce(e.v, 0) AS v,"
	"   coalesce(e.p, 0) AS p,"
	"   coalesce(c.k, 0) AS k"
	"   FROM e FULL JOIN c ON c.member_id = e.member_id"
	"   AND c.station_id = e.station_id)"
	" SELECT coalesce(ms.member_id::text, ''), coalesce(m.member_no, ''),"
	" coalesce(m.name, ''), coalesce(m.branch, ''),"
	" string_agg(ms.station_id, ',' ORDER BY ms.station_id COLLATE \"C\"),"
	" sum(ms.n), sum(ms.v), sum(ms.p), sum(ms.k)"
	" FROM ms LEFT JOIN member m ON m.id = ms.member_id"
	" GROUP BY ms.member_id, m.member_no, m.name, m.branch"
	" ORDER BY m.member_no COLLATE \"C\" NULLS LAST, ms.member_id";

/* libpq's functions, to read the results central_query() hands over;
 * loaded already by central_connect(). */
static const struct pq_api *pq;

static int64_t central_ledger_int(const PGresult *res, int row, int col)
{
	return strtoll(pq->PQgetvalue(res, row, col), NULL, 10);
}

static char *central_ledger_dup(const PGresult *res, int row, int col)
{
	return strdup(pq->PQgetvalue(res, row, col));
}

static int central_ledger_station_cmp(const void *key, const void *elem)
{
	const struct central_station *s = elem;
	return strcmp(key, s->station_id);
}

/* The index of station id in l->stations, or -1. */
static long central_ledger_station_index(const struct central_ledger *l,
					 const char *id)
{
	const struct central_station *s;

	if (l->nstations == 0)
		return -1;
	s = bsearch(id, l->stations, l->nstations, sizeof *l->stations,
		    central_ledger_station_cmp);
	return s ? (long)(s - l->stations) : -1;
}

static int central_ledger_station_sort(const void *a, const void *b)
{
	const struct central_station *x = a, *y = b;
	return strcmp(x->station_id, y->station_id);
}

/* The stations with their last push and gaps from central_stations(),
 * the very figures of `central status`, read in the snapshot: every
 * station, or only station_id. Sorted by bytes, as they are looked up. */
static enum sp_status central_ledger_read_stations(struct central *c,
						   const char *station_id,
						   struct central_ledger *l)
{
	struct central_station *all = NULL;
	size_t n = 0;
	long pick;
	enum sp_status status = central_stations(c, &all, &n);

	if (status != SP_OK)
		return status;
	l->stations = all;
	l->nstations = n;
	if (n)
		qsort(all, n, sizeof *all, central_ledger_station_sort);
	if (station_id) {
		pick = central_ledger_station_index(l, station_id);
		l->stations = calloc(1, sizeof *l->stations);
		l->nstations = pick >= 0 && l->stations ? 1 : 0;
		if (l->nstations) {
			/* moved out of the list, which is then freed */
			l->stations[0] = all[pick];
			memset(&all[pick], 0, sizeof all[pick]);
		}
		central_stations_free(all, n);
		if (!l->stations)
			return SP_ERR_NOMEM;
		if (pick < 0)
			return SP_ERR_NOT_FOUND;
	}
	l->figures = calloc(l->nstations ? l->nstations : 1,
			    sizeof *l->figures);
	return l->figures ? SP_OK : SP_ERR_NOMEM;
}

/* The figures a row of a grouping-sets statement belongs to: a station's,
 * the total's, or NULL for a station not selected. */
static struct central_ledger_figures *
central_ledger_figures_at(struct central_ledger *l, const PGresult *res,
			  int row)
{
	long i;

	if (central_ledger_int(res, row, 1) == 1)
		return &l->total;
	i = central_ledger_station_index(l, pq->PQgetvalue(res, row, 0));
	return i < 0 ? NULL : &l->figures[i];
}

/* The values bound to every figure statement. */
struct central_ledger_bounds {
	char from[CLOCK_UTC_LEN], until[CLOCK_UTC_LEN];
	char first[CLOCK_DATE_LEN], due_end[CLOCK_DATE_LEN];
	const char *params[5];
};

static void central_ledger_bounds_of(const struct central_ledger *l,
				     const char *station_id,
				     struct central_ledger_bounds *b)
{
	char end[CLOCK_DATE_LEN], today[CLOCK_DATE_LEN];

	clock_format_utc(l->period.start_ms, b->from);
	clock_format_utc(l->period.end_ms, b->until);
	period_first_date(&l->period, b->first);
	clock_local_date(l->period.end_ms, end);
	clock_local_date(l->produced_ms, today);
	snprintf(b->due_end, sizeof b->due_end, "%s",
		 strcmp(today, end) < 0 ? today : end);
	b->params[0] = b->from;
	b->params[1] = b->until;
	b->params[2] = station_id;
	b->params[3] = b->first;
	b->params[4] = b->due_end;
}

/* Runs a grouping-sets statement with nparams of b's values and hands
 * each row to fill with the figures it belongs to. */
static enum sp_status central_ledger_each_figures(
	struct central *c, const char *sql, int nparams,
	const struct central_ledger_bounds *b, struct central_ledger *l,
	void (*fill)(struct central_ledger_figures *f, const PGresult *res,
		     int row))
{
	PGresult *res = NULL;
	enum sp_status status;

	status = central_query(c, sql, nparams, b->params, &res);
	if (status != SP_OK)
		return status;
	for (int r = 0; r < pq->PQntuples(res); r++) {
		struct central_ledger_figures *f =
			central_ledger_figures_at(l, res, r);
		if (f)
			fill(f, res, r);
	}
	pq->PQclear(res);
	return SP_OK;
}

static void central_ledger_fill_entries(struct central_ledger_figures *f,
					const PGresult *res, int r)
{
	f->entries = (int)central_ledger_int(res, r, 2);
	f->voided = (int)central_ledger_int(res, r, 3);
	f->rejected = (int)central_ledger_int(res, r, 4);
	f->verified_minutes = central_ledger_int(res, r, 5);
	f->pending_minutes = central_ledger_int(res, r, 6);
	f->members_served = (int)central_ledger_int(res, r, 7);
	f->open_entries = (int)central_ledger_int(res, r, 8);
	f->pending_entries = (int)central_ledger_int(res, r, 9);
}

static void central_ledger_fill_commitments(struct central_ledger_figures *f,
					    const PGresult *res, int r)
{
	f->commitments_made = (int)central_ledger_int(res, r, 2);
	f->pending_commitments = (int)central_ledger_int(res, r, 3);
	f->commitments_overdue = (int)central_ledger_int(res, r, 4);
	f->commitments_fulfilled = (int)central_ledger_int(res, r, 5);
}

static void central_ledger_fill_feedback(struct central_ledger_figures *f,
					 const PGresult *res, int r)
{
	int64_t sum = central_ledger_int(res, r, 3);

	f->feedback = (int)central_ledger_int(res, r, 2);
	f->feedback_satisfied = (int)central_ledger_int(res, r, 4);
	f->feedback_average = f->feedback > 0 ? (double)sum / f->feedback
					      : 0.0;
}

static enum sp_status
central_ledger_read_figures(struct central *c,
			    const struct central_ledger_bounds *b,
			    struct central_ledger *l)
{
	enum sp_status status;

	status = central_ledger_each_figures(c, sql_central_ledger_entries, 3,
					     b, l, central_ledger_fill_entries);
	if (status == SP_OK)
		status = central_ledger_each_figures(
			c, sql_central_ledger_commitments, 5, b, l,
			central_ledger_fill_commitments);
	if (status == SP_OK)
		status = central_ledger_each_figures(
			c, sql_central_ledger_feedback, 3, b, l,
			central_ledger_fill_feedback);
	return status;
}

static enum sp_status
central_ledger_read_activities(struct central *c,
			       const struct central_ledger_bounds *b,
			       struct central_ledger *l)
{
	PGresult *res = NULL;
	enum sp_status status;
	size_t n;

	status = central_query(c, sql_central_ledger_activities, 3, b->params,
			       &res);
	if (status != SP_OK)
		return status;
	n = (size_t)pq->PQntuples(res);
	l->activities = calloc(n ? n : 1, sizeof *l->activities);
	if (!l->activities) {
		pq->PQclear(res);
		return SP_ERR_NOMEM;
	}
	l->nactivities = n;
	for (size_t i = 0; i < n && status == SP_OK; i++) {
		struct report_activity *a = &l->activities[i];
		int r = (int)i;
		a->code = central_ledger_dup(res, r, 0);
		a->name = central_ledger_dup(res, r, 1);
		a->name_en = central_ledger_dup(res, r, 2);
		a->entries = (int)central_ledger_int(res, r, 3);
		a->verified_minutes = central_ledger_int(res, r, 4);
		a->pending_minutes = central_ledger_int(res, r, 5);
		if (!a->code || !a->name || !a->name_en)
			status = SP_ERR_NOMEM;
	}
	pq->PQclear(res);
	return status;
}

static enum sp_status
central_ledger_read_members(struct central *c,
			    const struct central_ledger_bounds *b,
			    struct central_ledger *l)
{
	PGresult *res = NULL;
	enum sp_status status;
	size_t n;

	status = central_query(c, sql_central_ledger_members, 3, b->params,
			       &res);
	if (status != SP_OK)
		return status;
	n = (size_t)pq->PQntuples(res);
	l->members = calloc(n ? n : 1, sizeof *l->members);
	if (!l->members) {
		pq->PQclear(res);
		return SP_ERR_NOMEM;
	}
	l->nmembers = n;
	for (size_t i = 0; i < n && status == SP_OK; i++) {
		struct central_ledger_member *m = &l->members[i];
		int r = (int)i;
		snprintf(m->id, sizeof m->id, "%s", pq->PQgetvalue(res, r, 0));
		m->member_no = central_ledger_dup(res, r, 1);
		m->name = central_ledger_dup(res, r, 2);
		m->branch = central_ledger_dup(res, r, 3);
		m->stations = central_ledger_dup(res, r, 4);
		m->entries = (int)central_ledger_int(res, r, 5);
		m->verified_minutes = central_ledger_int(res, r, 6);
		m->pending_minutes = central_ledger_int(res, r, 7);
		m->commitments_fulfilled = (int)central_ledger_int(res, r, 8);
		if (!m->member_no || !m->name || !m->branch || !m->stations)
			status = SP_ERR_NOMEM;
	}
	pq->PQclear(res);
	return status;
}

/* Everything, inside the snapshot. */
static enum sp_status central_ledger_read_all(struct central *c,
					      const char *station_id,
					      struct central_ledger *l)
{
	struct central_ledger_bounds b;
	enum sp_status status;

	status = central_query(c, sql_central_ledger_begin, 0, NULL, NULL);
	if (status == SP_OK)
		status = central_ledger_read_stations(c, station_id, l);
	central_ledger_bounds_of(l, station_id, &b);
	if (status == SP_OK)
		status = central_ledger_read_figures(c, &b, l);
	if (status == SP_OK)
		status = central_ledger_read_activities(c, &b, l);
	if (status == SP_OK)
		status = central_ledger_read_members(c, &b, l);
	if (status == SP_OK)
		status = central_query(c, sql_central_ledger_commit, 0, NULL,
				       NULL);
	return status;
}

enum sp_status central_ledger_build(struct central *c, const struct period *p,
				    const char *station_id,
				    struct central_ledger *out)
{
	enum sp_status status;

	if (!out)
		return SP_ERR_INVALID;
	memset(out, 0, sizeof *out);
	if (!c || !p || p->end_ms <= p->start_ms)
		return SP_ERR_INVALID;
	out->period = *p;
	out->produced_ms = clock_now_ms();
	if (!pq)
		pq = pq_load(NULL);
	if (!pq)
		return SP_ERR_CENTRAL;
	status = central_check(c);
	if (status == SP_OK)
		status = central_ledger_read_all(c, station_id, out);
	return status;
}

void central_ledger_clear(struct central_ledger *l)
{
	if (!l)
		return;
	central_stations_free(l->stations, l->nstations);
	free(l->figures);
	for (size_t i = 0; i < l->nactivities; i++) {
		free(l->activities[i].code);
		free(l->activities[i].name);
		free(l->activities[i].name_en);
	}
	free(l->activities);
	for (size_t i = 0; i < l->nmembers; i++) {
		free(l->members[i].member_no);
		free(l->members[i].name);
		free(l->members[i].branch);
		free(l->members[i].stations);
	}
	free(l->members);
	memset(l, 0, sizeof *l);
}

bool central_ledger_pushed_after(const struct central_ledger *l,
				 const struct central_station *s)
{
	return s->last_push_ms > 0 && s->last_push_ms >= l->period.end_ms;
}
