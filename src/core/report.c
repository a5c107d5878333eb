/* report.c — owns the aggregation of the period ledgers: the totals,
 * the hours by activity, the member lines with their points, and the walk
 * over every entry of a period.
 *
 * It only reads, and every query is bounded by the period through an
 * index: entries by started_at (service_entry_started), commitments by
 * created_at, verified_at and due_date (the indexes of migration 4) or by
 * status (commitment_waiting). Voided rows are listed, never counted.
 * Points come from points.h, so the ledger and the member's own screen
 * apply one rule. Local dates are the station's, through clock.h. */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "feedback.h"

/* ?1..?2: the period as stored UTC text. */
static const char sql_report_totals[] =
	"SELECT count(CASE WHEN voided_at IS NULL THEN 1 END),"
	" count(CASE WHEN voided_at IS NOT NULL THEN 1 END),"
	" count(CASE WHEN voided_at IS NULL AND status = 'rejected' THEN 1 END),"
	" COALESCE(SUM(CASE WHEN voided_at IS NULL"
	"   AND status IN ('closed','verified') THEN minutes END), 0),"
	" COALESCE(SUM(CASE WHEN voided_at IS NULL AND status = 'pending'"
	"   THEN minutes END), 0),"
	" count(DISTINCT CASE WHEN voided_at IS NULL THEN member_id END),"
	" count(CASE WHEN voided_at IS NULL AND status = 'open' THEN 1 END),"
	" count(CASE WHEN voided_at IS NULL AND status = 'pending' THEN 1 END)"
	" FROM service_entry WHERE started_at >= ?1 AND started_at < ?2";
static const char sql_report_activities[] =
	"SELECT a.code, a.name, a.name_en, count(*),"
	" COALESCE(SUM(CASE WHEN e.status IN ('closed','verified')"
	"   THEN e.minutes END), 0),"
	" COALESCE(SUM(CASE WHEN e.status = 'pending' THEN e.minutes END), 0)"
	" FROM service_entry e JOIN activity_type a ON a.id = e.activity_id"
	" WHERE e.started_at >= ?1 AND e.started_at < ?2 AND e.voided_at IS NULL"
	" GROUP BY a.id ORDER BY a.sort_order, a.code";
static const char sql_report_members[] =
	"SELECT m.id, m.member_no, m.name, m.branch, count(*),"
	" COALESCE(SUM(CASE WHEN e.status IN ('closed','verified')"
	"   THEN e.minutes END), 0),"
	" COALESCE(SUM(CASE WHEN e.status = 'pending' THEN e.minutes END), 0)"
	" FROM service_entry e JOIN member m ON m.id = e.member_id"
	" WHERE e.started_at >= ?1 AND e.started_at < ?2 AND e.voided_at IS NULL"
	" GROUP BY m.id";
/* The WHERE repeats commitment_verified's condition word for word. */
static const char sql_report_member_commitments[] =
	"SELECT m.id, m.member_no, m.name, m.branch, count(*)"
	" FROM commitment c JOIN member m ON m.id = c.member_id"
	" WHERE c.status = 'fulfilled' AND c.verified_at >= ?1"
	" AND c.verified_at < ?2 AND c.voided_at IS NULL"
	" GROUP BY m.id";
/* ?3..?4: local dates, the period's first day up to the earlier of the
 * day after its last and today: commitments due then and still open are
 * overdue. */
static const char sql_report_commitments[] =
	"SELECT"
	" (SELECT count(*) FROM commitment WHERE created_at >= ?1"
	"   AND created_at < ?2 AND voided_at IS NULL),"
	" (SELECT count(*) FROM commitment WHERE status = 'fulfilled_pending'"
	"   AND fulfilled_at >= ?1 AND fulfilled_at < ?2 AND voided_at IS NULL),"
	" (SELECT count(*) FROM commitment WHERE status = 'open'"
	"   AND due_date >= ?3 AND due_date < ?4 AND voided_at IS NULL)";
static const char sql_report_entries[] =
	"SELECT e.id, m.member_no, m.name, a.code, a.name, a.name_en, e.kind,"
	" e.status, e.started_at, e.ended_at, e.minutes, e.note,"
	" COALESCE(v.member_no, ''), COALESCE(v.name, ''), e.verified_at,"
	" COALESCE(e.reject_reason, ''), e.voided_at, COALESCE(d.name, ''),"
	" COALESCE(e.void_reason, '')"
	" FROM service_entry e JOIN member m ON m.id = e.member_id"
	" JOIN activity_type a ON a.id = e.activity_id"
	" LEFT JOIN member v ON v.id = e.verified_by"
	" LEFT JOIN member d ON d.id = e.voided_by"
	" WHERE e.started_at >= ?1 AND e.started_at < ?2"
	" ORDER BY e.started_at, e.rowid";

/* A deferred BEGIN takes its snapshot at the first read. */
static const char sql_report_begin[] = "BEGIN";
static const char sql_report_snapshot[] =
	"SELECT 1 FROM station WHERE key = ''";

/* The period's bounds as the queries bind them. */
struct report_bounds {
	char from[CLOCK_UTC_LEN], until[CLOCK_UTC_LEN];
};

static void report_bounds_of(const struct period *p, struct report_bounds *b)
{
	clock_format_utc(p->start_ms, b->from);
	clock_format_utc(p->end_ms, b->until);
}

static void report_bind(sqlite3_stmt *stmt, const struct report_bounds *b)
{
	sqlite3_bind_text(stmt, 1, b->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, b->until, -1, SQLITE_STATIC);
}

static const char *report_text(sqlite3_stmt *stmt, int col)
{
	const unsigned char *text = sqlite3_column_text(stmt, col);
	return text ? (const char *)text : "";
}

static int64_t report_time(sqlite3_stmt *stmt, int col)
{
	int64_t ms = 0;

	if (sqlite3_column_type(stmt, col) == SQLITE_NULL ||
	    clock_parse_utc(report_text(stmt, col), &ms) != SP_OK)
		return 0;
	return ms;
}

/* Steps a one-row statement of n integer columns into vals. */
static enum sp_status report_one_row(sqlite3_stmt *stmt, int64_t *vals, int n)
{
	enum sp_status status = SP_OK;
	int rc = sqlite3_step(stmt);

	if (rc == SQLITE_ROW) {
		for (int i = 0; i < n; i++)
			vals[i] = sqlite3_column_int64(stmt, i);
	} else {
		status = db_status_from_rc(rc);
	}
	sqlite3_reset(stmt);
	return status;
}

static enum sp_status report_totals(struct db *db,
				    const struct report_bounds *b,
				    struct report *r)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_report_totals);
	int64_t v[8] = {0};
	enum sp_status status;

	if (!stmt)
		return SP_ERR_DB;
	report_bind(stmt, b);
	status = report_one_row(stmt, v, 8);
	r->entries = (int)v[0];
	r->voided = (int)v[1];
	r->rejected = (int)v[2];
	r->verified_minutes = v[3];
	r->pending_minutes = v[4];
	r->members_served = (int)v[5];
	r->open_entries = (int)v[6];
	r->pending_entries = (int)v[7];
	return status;
}

static enum sp_status report_activities(struct db *db,
					const struct report_bounds *b,
					struct report *r)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_report_activities);
	enum sp_status status = SP_OK;
	int rc;

	if (!stmt)
		return SP_ERR_DB;
	report_bind(stmt, b);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct report_activity *a =
			realloc(r->activities,
				(r->nactivities + 1) * sizeof *a);
		if (!a) {
			status = SP_ERR_NOMEM;
			break;
		}
		r->activities = a;
		a = &r->activities[r->nactivities++];
		memset(a, 0, sizeof *a);
		a->code = db_column_dup(stmt, 0);
		a->name = db_column_dup(stmt, 1);
		a->name_en = db_column_dup(stmt, 2);
		a->entries = sqlite3_column_int(stmt, 3);
		a->verified_minutes = sqlite3_column_int64(stmt, 4);
		a->pending_minutes = sqlite3_column_int64(stmt, 5);
		if (!a->code || !a->name || !a->name_en) {
			status = SP_ERR_NOMEM;
			break;
		}
	}
	if (status == SP_OK && rc != SQLITE_DONE)
		status = db_status_from_rc(rc);
	sqlite3_reset(stmt);
	return status;
}

/* Appends a member from a row whose first four columns are id, number,
 * name and branch. */
static struct report_member *report_member_add(struct report *r,
					       sqlite3_stmt *stmt)
{
	struct report_member *m;

	if (r->nmembers % 64 == 0) {
		m = realloc(r->members, (r->nmembers + 64) * sizeof *m);
		if (!m)
			return NULL;
		r->members = m;
	}
	m = &r->members[r->nmembers++];
	memset(m, 0, sizeof *m);
	snprintf(m->id, sizeof m->id, "%s", report_text(stmt, 0));
	m->member_no = db_column_dup(stmt, 1);
	m->name = db_column_dup(stmt, 2);
	m->branch = db_column_dup(stmt, 3);
	if (!m->member_no || !m->name || !m->branch)
		return NULL;
	return m;
}

static int report_member_by_id(const void *a, const void *b)
{
	const struct report_member *x = a, *y = b;
	return strcmp(x->id, y->id);
}

static int report_member_by_no(const void *a, const void *b)
{
	const struct report_member *x = a, *y = b;
	return strcmp(x->member_no, y->member_no);
}

static enum sp_status report_members(struct db *db,
				     const struct report_bounds *b,
				     const struct points_rules *rules,
				     struct report *r)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_report_members);
	struct report_member *m;
	enum sp_status status = SP_OK;
	size_t nsorted;
	int rc;

	if (!stmt)
		return SP_ERR_DB;
	report_bind(stmt, b);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		m = report_member_add(r, stmt);
		if (!m) {
			status = SP_ERR_NOMEM;
			break;
		}
		m->entries = sqlite3_column_int(stmt, 4);
		m->verified_minutes = sqlite3_column_int64(stmt, 5);
		m->pending_minutes = sqlite3_column_int64(stmt, 6);
	}
	if (status == SP_OK && rc != SQLITE_DONE)
		status = db_status_from_rc(rc);
	sqlite3_reset(stmt);
	if (status != SP_OK)
		return status;

	/* members with a kept commitment but no hours join the list; one
	 * row a member, so only the members found above are looked up */
	nsorted = r->nmembers;
	if (nsorted)
		qsort(r->members, nsorted, sizeof *r->members,
		      report_member_by_id);
	stmt = db_stmt(db, sql_report_member_commitments);
	if (!stmt)
		return SP_ERR_DB;
	report_bind(stmt, b);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct report_member key;
		snprintf(key.id, sizeof key.id, "%s", report_text(stmt, 0));
		m = nsorted ? bsearch(&key, r->members, nsorted,
				      sizeof *r->members, report_member_by_id)
			    : NULL;
		if (!m)
			m = report_member_add(r, stmt);
		if (!m) {
			status = SP_ERR_NOMEM;
			break;
		}
		m->commitments_fulfilled = sqlite3_column_int(stmt, 4);
		r->commitments_fulfilled += m->commitments_fulfilled;
	}
	if (status == SP_OK && rc != SQLITE_DONE)
		status = db_status_from_rc(rc);
	sqlite3_reset(stmt);
	if (status != SP_OK)
		return status;
	if (r->nmembers)
		qsort(r->members, r->nmembers, sizeof *r->members,
		      report_member_by_no);
	for (size_t i = 0; status == SP_OK && i < r->nmembers; i++)
		status = points_for_member_between(db, r->members[i].id, rules,
						   r->period.start_ms,
						   r->period.end_ms,
						   &r->members[i].points);
	return status;
}

static enum sp_status report_commitments(struct db *db,
					 const struct report_bounds *b,
					 struct report *r)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_report_commitments);
	char first[CLOCK_DATE_LEN], end[CLOCK_DATE_LEN], today[CLOCK_DATE_LEN];
	int64_t v[3] = {0};
	enum sp_status status;

	if (!stmt)
		return SP_ERR_DB;
	period_first_date(&r->period, first);
	clock_local_date(r->period.end_ms, end);
	clock_local_date(r->produced_ms, today);
	report_bind(stmt, b);
	sqlite3_bind_text(stmt, 3, first, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, strcmp(today, end) < 0 ? today : end, -1,
			  SQLITE_STATIC);
	status = report_one_row(stmt, v, 3);
	r->commitments_made = (int)v[0];
	r->pending_commitments = (int)v[1];
	r->commitments_overdue = (int)v[2];
	return status;
}

enum sp_status report_snapshot_begin(struct db *db)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_report_begin);
	int rc;

	if (!stmt)
		return SP_ERR_DB;
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return db_status_from_rc(rc);
	/* read once now, so the snapshot is fixed before anything is counted */
	stmt = db_stmt(db, sql_report_snapshot);
	if (!stmt) {
		db_rollback(db);
		return SP_ERR_DB;
	}
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_rollback(db);
		return db_status_from_rc(rc);
	}
	return SP_OK;
}

void report_snapshot_end(struct db *db)
{
	/* nothing was written: ending it either way releases the snapshot */
	db_rollback(db);
}

enum sp_status report_build(struct db *db, const struct period *p,
			    const struct points_rules *rules,
			    struct report *out)
{
	struct report_bounds b;
	struct feedback_summary fb;
	enum sp_status status;

	memset(out, 0, sizeof *out);
	if (!db || !p || !rules || p->end_ms <= p->start_ms)
		return SP_ERR_INVALID;
	out->period = *p;
	out->produced_ms = clock_now_ms();
	report_bounds_of(p, &b);
	status = report_totals(db, &b, out);
	if (status == SP_OK)
		status = report_activities(db, &b, out);
	if (status == SP_OK)
		status = report_members(db, &b, rules, out);
	if (status == SP_OK)
		status = report_commitments(db, &b, out);
	if (status == SP_OK)
		status = feedback_summary(db, p->start_ms, p->end_ms, &fb);
	if (status == SP_OK) {
		out->feedback = fb.count;
		out->feedback_average = fb.average;
	}
	return status;
}

void report_clear(struct report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nactivities; i++) {
		free(r->activities[i].code);
		free(r->activities[i].name);
		free(r->activities[i].name_en);
	}
	free(r->activities);
	for (size_t i = 0; i < r->nmembers; i++) {
		free(r->members[i].member_no);
		free(r->members[i].name);
		free(r->members[i].branch);
	}
	free(r->members);
	memset(r, 0, sizeof *r);
}

static enum entry_status report_entry_status(const char *name)
{
	for (int s = ENTRY_OPEN; s <= ENTRY_REJECTED; s++)
		if (strcmp(name, entry_status_name((enum entry_status)s)) == 0)
			return (enum entry_status)s;
	return ENTRY_OPEN;
}

enum sp_status report_each_entry(struct db *db, const struct period *p,
				 report_entry_fn fn, void *ctx)
{
	sqlite3_stmt *stmt;
	struct report_bounds b;
	enum sp_status status = SP_OK;
	int rc;

	if (!db || !p || !fn)
		return SP_ERR_INVALID;
	stmt = db_stmt(db, sql_report_entries);
	if (!stmt)
		return SP_ERR_DB;
	report_bounds_of(p, &b);
	report_bind(stmt, &b);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct report_entry e = {
			.id = report_text(stmt, 0),
			.member_no = report_text(stmt, 1),
			.member_name = report_text(stmt, 2),
			.activity_code = report_text(stmt, 3),
			.activity = report_text(stmt, 4),
			.activity_en = report_text(stmt, 5),
			.kind = strcmp(report_text(stmt, 6), "logged") == 0
					? ENTRY_KIND_LOGGED : ENTRY_KIND_VISIT,
			.status = report_entry_status(report_text(stmt, 7)),
			.started_ms = report_time(stmt, 8),
			.ended_ms = report_time(stmt, 9),
			.minutes = sqlite3_column_type(stmt, 10) == SQLITE_NULL
					   ? -1 : sqlite3_column_int(stmt, 10),
			.note = report_text(stmt, 11),
			.verifier_no = report_text(stmt, 12),
			.verifier_name = report_text(stmt, 13),
			.verified_ms = report_time(stmt, 14),
			.reject_reason = report_text(stmt, 15),
			.voided = sqlite3_column_type(stmt, 16) != SQLITE_NULL,
			.voided_ms = report_time(stmt, 16),
			.voided_by_name = report_text(stmt, 17),
			.void_reason = report_text(stmt, 18),
		};
		if (fn(&e, ctx))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = db_status_from_rc(rc);
	sqlite3_reset(stmt);
	return status;
}
