/* shift.c — owns the shift table: opening and closing a shift (staff
 * actions, audited in the same transaction), finding the open one so new
 * records attach to it, and the read-only views of a shift's end: the
 * summary, the visits still open, the items waiting for verification and
 * the entries of the ledger.
 *
 * It must never change an entry or a commitment itself (entry.c and
 * commitment.c own those rules), and never write outside one BEGIN
 * IMMEDIATE transaction. Its queries go through indexes: a shift's
 * entries by shift_id (every entry made while a shift is open carries
 * it, whatever day its hours lie on), a time window's by started_at,
 * ratings by created_at, the waiting ones through the partial indexes on
 * status. */
#include "shift.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "member.h"

/* Stored times are fixed-width UTC text: these bound an open range. */
static const char shift_time_min[] = "0000";
static const char shift_time_max[] = "9999";

/* WHERE matches the partial index shift_one_open, so this never scans. */
static const char sql_shift_open[] =
	"SELECT id FROM shift WHERE closed_at IS NULL LIMIT 1";

#define SHIFT_COLUMNS \
	"s.id, s.opened_by, o.name, o.member_no, s.opened_at," \
	" COALESCE(s.closed_by, ''), COALESCE(c.name, ''), s.closed_at" \
	" FROM shift s JOIN member o ON o.id = s.opened_by" \
	" LEFT JOIN member c ON c.id = s.closed_by"

static const char sql_shift_get[] = "SELECT " SHIFT_COLUMNS " WHERE s.id = ?1";
static const char sql_shift_current[] =
	"SELECT " SHIFT_COLUMNS " WHERE s.closed_at IS NULL LIMIT 1";
/* Shifts are one or two a day: this table stays small. */
static const char sql_shift_latest[] =
	"SELECT " SHIFT_COLUMNS " ORDER BY s.opened_at DESC, s.rowid DESC LIMIT 1";
static const char sql_shift_insert[] =
	"INSERT INTO shift(id, opened_by, opened_at) VALUES (?1, ?2, ?3)";
static const char sql_shift_state[] =
	"SELECT closed_at IS NOT NULL FROM shift WHERE id = ?1";
static const char sql_shift_close[] =
	"UPDATE shift SET closed_by = ?2, closed_at = ?3"
	" WHERE id = ?1 AND closed_at IS NULL";

/* A scope's entries come in two statements: a shift's by shift_id = ?1
 * (the index service_entry_shift), a window's by started_at in ?1..?2
 * (service_entry_started). One statement for both, with "?3 IS NULL OR
 * shift_id = ?3", could never use the index on shift_id. */
#define SHIFT_BY_ACTIVITY \
	"SELECT a.name, a.name_en, count(*)," \
	" COALESCE(SUM(CASE WHEN e.status <> 'rejected' THEN e.minutes END), 0)" \
	" FROM service_entry e JOIN activity_type a ON a.id = e.activity_id"
#define SHIFT_BY_ACTIVITY_END \
	" AND e.voided_at IS NULL GROUP BY a.id ORDER BY a.sort_order, a.code"
static const char sql_shift_by_activity_of_shift[] =
	SHIFT_BY_ACTIVITY " WHERE e.shift_id = ?1" SHIFT_BY_ACTIVITY_END;
static const char sql_shift_by_activity_in_window[] =
	SHIFT_BY_ACTIVITY " WHERE e.started_at >= ?1 AND e.started_at < ?2"
	SHIFT_BY_ACTIVITY_END;
#define SHIFT_ENTRY_TOTALS \
	"SELECT count(CASE WHEN voided_at IS NULL THEN 1 END)," \
	" count(CASE WHEN voided_at IS NOT NULL THEN 1 END)," \
	" COALESCE(SUM(CASE WHEN voided_at IS NULL AND status <> 'rejected'" \
	"   THEN minutes END), 0)," \
	" count(DISTINCT CASE WHEN voided_at IS NULL THEN member_id END)" \
	" FROM service_entry"
static const char sql_shift_entry_totals_of_shift[] =
	SHIFT_ENTRY_TOTALS " WHERE shift_id = ?1";
static const char sql_shift_entry_totals_in_window[] =
	SHIFT_ENTRY_TOTALS " WHERE started_at >= ?1 AND started_at < ?2";
/* ?1..?2 the window; ?3 the shift. Made: by the shift when there is one,
 * else in the window; fulfilled: marked so in the window. */
static const char sql_shift_commitments[] =
	"SELECT"
	" count(CASE WHEN (?3 IS NULL AND created_at >= ?1 AND created_at < ?2)"
	"   OR shift_id = ?3 THEN 1 END),"
	" count(CASE WHEN fulfilled_at >= ?1 AND fulfilled_at < ?2 THEN 1 END)"
	" FROM commitment WHERE voided_at IS NULL";
/* A shift's ratings are those given while it was open: by shift_id.
 * feedback has no index on it; the table stays small (the kiosk's
 * cool-down allows a rating every feedback_cooldown_s at most). A
 * window's go through the index on created_at. */
static const char sql_shift_feedback_of_shift[] =
	"SELECT count(*) FROM feedback WHERE shift_id = ?1";
static const char sql_shift_feedback_in_window[] =
	"SELECT count(*) FROM feedback WHERE created_at >= ?1 AND created_at < ?2";
/* Each WHERE repeats its partial index's condition word for word, which
 * is what lets SQLite use service_entry_waiting / commitment_waiting. */
static const char sql_shift_waiting[] =
	"SELECT"
	" (SELECT count(*) FROM service_entry WHERE status IN ('open','pending')"
	"   AND status = 'open' AND voided_at IS NULL),"
	" (SELECT count(*) FROM service_entry WHERE status IN ('open','pending')"
	"   AND status = 'pending' AND voided_at IS NULL),"
	" (SELECT count(*) FROM commitment WHERE status = 'fulfilled_pending'"
	"   AND voided_at IS NULL)";

#define SHIFT_ENTRY_ITEM \
	"SELECT e.id, m.member_no, m.name, a.name, a.name_en, e.note," \
	" COALESCE(v.name, ''), e.kind, e.status, e.voided_at IS NOT NULL," \
	" e.started_at, e.ended_at, e.minutes" \
	" FROM service_entry e JOIN member m ON m.id = e.member_id" \
	" JOIN activity_type a ON a.id = e.activity_id" \
	" LEFT JOIN member v ON v.id = e.verified_by"

static const char sql_shift_open_entries[] =
	SHIFT_ENTRY_ITEM
	" WHERE e.status IN ('open','pending') AND e.status = 'open'"
	" AND e.voided_at IS NULL ORDER BY e.started_at, e.rowid";
static const char sql_shift_pending_entries[] =
	SHIFT_ENTRY_ITEM
	" WHERE e.status IN ('open','pending') AND e.status = 'pending'"
	" AND e.voided_at IS NULL ORDER BY e.started_at, e.rowid";
static const char sql_shift_pending_commitments[] =
	"SELECT c.id, m.member_no, m.name, c.text, '', COALESCE(c.fulfil_note, ''),"
	" COALESCE(v.name, ''), 'logged', c.status, c.voided_at IS NOT NULL,"
	" c.fulfilled_at, NULL, NULL"
	" FROM commitment c JOIN member m ON m.id = c.member_id"
	" LEFT JOIN member v ON v.id = c.verified_by"
	" WHERE c.status = 'fulfilled_pending' AND c.voided_at IS NULL"
	" ORDER BY c.fulfilled_at, c.rowid";
static const char sql_shift_scope_entries_of_shift[] =
	SHIFT_ENTRY_ITEM
	" WHERE e.shift_id = ?1 ORDER BY e.started_at, e.rowid";
static const char sql_shift_scope_entries_in_window[] =
	SHIFT_ENTRY_ITEM
	" WHERE e.started_at >= ?1 AND e.started_at < ?2"
	" ORDER BY e.started_at, e.rowid";

/* ---- shifts ---------------------------------------------------------------- */

void shift_free(struct shift *s)
{
	if (!s)
		return;
	free(s->opened_by_name);
	free(s->opened_by_no);
	free(s->closed_by_name);
	free(s);
}

static void shift_copy_id(char dst[UUID_STR_LEN], sqlite3_stmt *stmt, int col)
{
	const unsigned char *text = sqlite3_column_text(stmt, col);
	snprintf(dst, UUID_STR_LEN, "%s", text ? (const char *)text : "");
}

static int64_t shift_column_time(sqlite3_stmt *stmt, int col)
{
	const unsigned char *text = sqlite3_column_text(stmt, col);
	int64_t ms = 0;

	if (!text || clock_parse_utc((const char *)text, &ms) != SP_OK)
		return 0;
	return ms;
}

/* Steps a statement of SHIFT_COLUMNS, bound by the caller, into *out. */
static enum sp_status shift_fetch(sqlite3_stmt *stmt, struct shift **out)
{
	enum sp_status status = SP_ERR_NOT_FOUND;
	struct shift *s;
	int rc = sqlite3_step(stmt);

	*out = NULL;
	if (rc == SQLITE_ROW) {
		s = calloc(1, sizeof *s);
		status = SP_ERR_NOMEM;
		if (s) {
			shift_copy_id(s->id, stmt, 0);
			shift_copy_id(s->opened_by, stmt, 1);
			s->opened_by_name = db_column_dup(stmt, 2);
			s->opened_by_no = db_column_dup(stmt, 3);
			s->opened_ms = shift_column_time(stmt, 4);
			shift_copy_id(s->closed_by, stmt, 5);
			s->closed_by_name = db_column_dup(stmt, 6);
			s->closed_ms = shift_column_time(stmt, 7);
			if (s->opened_by_name && s->opened_by_no &&
			    s->closed_by_name) {
				*out = s;
				status = SP_OK;
			} else {
				shift_free(s);
			}
		}
	} else if (rc != SQLITE_DONE) {
		status = db_status_from_rc(rc);
	}
	sqlite3_reset(stmt);
	return status;
}

enum sp_status shift_get(struct db *db, const char *id, struct shift **out)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_shift_get);

	*out = NULL;
	if (!stmt)
		return SP_ERR_DB;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	return shift_fetch(stmt, out);
}

enum sp_status shift_current(struct db *db, struct shift **out)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_shift_current);

	*out = NULL;
	if (!stmt)
		return SP_ERR_DB;
	return shift_fetch(stmt, out);
}

enum sp_status shift_latest(struct db *db, struct shift **out)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_shift_latest);

	*out = NULL;
	if (!stmt)
		return SP_ERR_DB;
	return shift_fetch(stmt, out);
}

enum sp_status shift_open_id_dup(struct db *db, char **id_out)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_shift_open);
	enum sp_status status = SP_ERR_NOT_FOUND;
	int rc;

	*id_out = NULL;
	if (!stmt)
		return SP_ERR_DB;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*id_out = db_column_dup(stmt, 0);
		status = *id_out ? SP_OK : SP_ERR_NOMEM;
	} else if (rc != SQLITE_DONE) {
		status = db_status_from_rc(rc);
	}
	sqlite3_reset(stmt);
	return status;
}

/* Shifts are staff work: a named, active staff or admin member (not the
 * anonymous command-line operator member_require_staff lets through). */
static enum sp_status shift_check_actor(struct db *db, const char *actor_id)
{
	if (!actor_id)
		return SP_ERR_INVALID;
	return member_require_staff(db, actor_id);
}

static enum sp_status shift_finish(struct db *db, enum sp_status status)
{
	if (status != SP_OK) {
		db_rollback(db);
		return status;
	}
	return db_commit(db);
}

enum sp_status shift_open(struct db *db, const char *staff_id,
			  char id_out[UUID_STR_LEN])
{
	char id[UUID_STR_LEN], now[CLOCK_UTC_LEN];
	char *open_id = NULL;
	sqlite3_stmt *stmt;
	enum sp_status status = db_begin(db);
	int rc;

	if (status != SP_OK)
		return status;
	status = shift_check_actor(db, staff_id);
	if (status == SP_OK) {
		status = shift_open_id_dup(db, &open_id);
		free(open_id);
		if (status == SP_OK)
			status = SP_ERR_ALREADY_OPEN;
		else if (status == SP_ERR_NOT_FOUND)
			status = SP_OK;
	}
	if (status == SP_OK) {
		stmt = db_stmt(db, sql_shift_insert);
		if (!stmt)
			return shift_finish(db, SP_ERR_DB);
		uuid_v7_new(id);
		clock_format_utc(clock_now_ms(), now);
		sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, staff_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, now, -1, SQLITE_STATIC);
		rc = sqlite3_step(stmt);
		sqlite3_reset(stmt);
		if (rc != SQLITE_DONE) {
			status = db_status_from_rc(
				sqlite3_extended_errcode(db_handle(db)));
			/* the unique index is the backstop */
			if (status == SP_ERR_DUPLICATE)
				status = SP_ERR_ALREADY_OPEN;
		}
	}
	if (status == SP_OK)
		status = audit_append(db, staff_id, SHIFT_ACTION_OPEN, id, now);
	status = shift_finish(db, status);
	if (status == SP_OK && id_out)
		memcpy(id_out, id, UUID_STR_LEN);
	return status;
}

enum sp_status shift_close(struct db *db, const char *id,
			   const char *staff_id)
{
	char now[CLOCK_UTC_LEN];
	sqlite3_stmt *stmt;
	enum sp_status status;
	int rc;

	if (!id)
		return SP_ERR_INVALID;
	status = db_begin(db);
	if (status != SP_OK)
		return status;
	status = shift_check_actor(db, staff_id);
	if (status == SP_OK) {
		stmt = db_stmt(db, sql_shift_state);
		if (!stmt)
			return shift_finish(db, SP_ERR_DB);
		sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW)
			status = sqlite3_column_int(stmt, 0) ? SP_ERR_NOT_OPEN
							     : SP_OK;
		else
			status = rc == SQLITE_DONE ? SP_ERR_NOT_FOUND
						   : db_status_from_rc(rc);
		sqlite3_reset(stmt);
	}
	if (status == SP_OK) {
		stmt = db_stmt(db, sql_shift_close);
		if (!stmt)
			return shift_finish(db, SP_ERR_DB);
		clock_format_utc(clock_now_ms(), now);
		sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, staff_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, now, -1, SQLITE_STATIC);
		rc = sqlite3_step(stmt);
		sqlite3_reset(stmt);
		if (rc != SQLITE_DONE)
			status = db_status_from_rc(
				sqlite3_extended_errcode(db_handle(db)));
		else if (sqlite3_changes(db_handle(db)) != 1)
			status = SP_ERR_NOT_OPEN;
	}
	if (status == SP_OK)
		status = audit_append(db, staff_id, SHIFT_ACTION_CLOSE, id, now);
	return shift_finish(db, status);
}

/* ---- the summary ------------------------------------------------------------- */

/* What a scope's queries bind: the shift (NULL for a time window), and
 * the window: the scope's own, or the shift's opening to its close. */
struct shift_bounds {
	char win_from[CLOCK_UTC_LEN], win_until[CLOCK_UTC_LEN];
	const char *shift_id;
	int64_t from_ms, until_ms;
};

static enum sp_status shift_bounds_of(struct db *db,
				      const struct shift_scope *scope,
				      struct shift_bounds *b)
{
	struct shift *s = NULL;
	enum sp_status status;

	memset(b, 0, sizeof *b);
	snprintf(b->win_from, sizeof b->win_from, "%s", shift_time_min);
	snprintf(b->win_until, sizeof b->win_until, "%s", shift_time_max);
	if (!scope)
		return SP_ERR_INVALID;
	if (!scope->shift_id) {
		if (scope->since_ms)
			clock_format_utc(scope->since_ms, b->win_from);
		if (scope->until_ms)
			clock_format_utc(scope->until_ms, b->win_until);
		b->from_ms = scope->since_ms;
		b->until_ms = scope->until_ms;
		return SP_OK;
	}
	status = shift_get(db, scope->shift_id, &s);
	if (status != SP_OK)
		return status;
	b->shift_id = scope->shift_id;
	b->from_ms = s->opened_ms;
	b->until_ms = s->closed_ms ? s->closed_ms : clock_now_ms();
	clock_format_utc(s->opened_ms, b->win_from);
	if (s->closed_ms)
		clock_format_utc(s->closed_ms + 1, b->win_until);
	shift_free(s);
	return SP_OK;
}

static void shift_bind3(sqlite3_stmt *stmt, const char *from,
			const char *until, const char *shift_id)
{
	sqlite3_bind_text(stmt, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, until, -1, SQLITE_STATIC);
	if (shift_id)
		sqlite3_bind_text(stmt, 3, shift_id, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 3);
}

/* The statement for a scope's rows, bound: by_shift with the shift in
 * ?1, or in_window with the window in ?1..?2. NULL when it cannot be
 * prepared. */
static sqlite3_stmt *shift_scope_stmt(struct db *db,
				      const struct shift_bounds *b,
				      const char *by_shift,
				      const char *in_window)
{
	sqlite3_stmt *stmt = db_stmt(db, b->shift_id ? by_shift : in_window);

	if (!stmt)
		return NULL;
	if (b->shift_id) {
		sqlite3_bind_text(stmt, 1, b->shift_id, -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_text(stmt, 1, b->win_from, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, b->win_until, -1, SQLITE_STATIC);
	}
	return stmt;
}

/* Runs a one-row statement of up to 4 integer columns into vals. */
static enum sp_status shift_one_row(sqlite3_stmt *stmt, int *vals, int n)
{
	enum sp_status status = SP_OK;
	int rc = sqlite3_step(stmt);

	if (rc == SQLITE_ROW) {
		for (int i = 0; i < n; i++)
			vals[i] = sqlite3_column_int(stmt, i);
	} else {
		status = db_status_from_rc(rc);
	}
	sqlite3_reset(stmt);
	return status;
}

static enum sp_status shift_summary_activities(struct db *db,
					       const struct shift_bounds *b,
					       struct shift_summary *out)
{
	sqlite3_stmt *stmt = shift_scope_stmt(db, b,
					      sql_shift_by_activity_of_shift,
					      sql_shift_by_activity_in_window);
	enum sp_status status = SP_OK;
	int rc;

	if (!stmt)
		return SP_ERR_DB;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct shift_activity_total *t =
			realloc(out->activities,
				(out->nactivities + 1) * sizeof *t);
		if (!t) {
			status = SP_ERR_NOMEM;
			break;
		}
		out->activities = t;
		t += out->nactivities++;
		t->name = db_column_dup(stmt, 0);
		t->name_en = db_column_dup(stmt, 1);
		t->entries = sqlite3_column_int(stmt, 2);
		t->minutes = sqlite3_column_int(stmt, 3);
		if (!t->name || !t->name_en) {
			status = SP_ERR_NOMEM;
			break;
		}
	}
	if (status == SP_OK && rc != SQLITE_DONE)
		status = db_status_from_rc(rc);
	sqlite3_reset(stmt);
	return status;
}

void shift_summary_clear(struct shift_summary *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nactivities; i++) {
		free(s->activities[i].name);
		free(s->activities[i].name_en);
	}
	free(s->activities);
	memset(s, 0, sizeof *s);
}

enum sp_status shift_summary(struct db *db, const struct shift_scope *scope,
			     struct shift_summary *out)
{
	struct shift_bounds b;
	sqlite3_stmt *stmt;
	enum sp_status status;
	int vals[4] = {0};

	memset(out, 0, sizeof *out);
	status = shift_bounds_of(db, scope, &b);
	if (status != SP_OK)
		return status;
	out->from_ms = b.from_ms;
	out->until_ms = b.until_ms;
	status = shift_summary_activities(db, &b, out);

	if (status == SP_OK) {
		stmt = shift_scope_stmt(db, &b, sql_shift_entry_totals_of_shift,
					sql_shift_entry_totals_in_window);
		if (!stmt)
			status = SP_ERR_DB;
		else {
			status = shift_one_row(stmt, vals, 4);
			out->entries = vals[0];
			out->voided = vals[1];
			out->total_minutes = vals[2];
			out->members_served = vals[3];
		}
	}
	if (status == SP_OK) {
		stmt = db_stmt(db, sql_shift_commitments);
		if (!stmt)
			status = SP_ERR_DB;
		else {
			shift_bind3(stmt, b.win_from, b.win_until, b.shift_id);
			status = shift_one_row(stmt, vals, 2);
			out->commitments_made = vals[0];
			out->commitments_fulfilled = vals[1];
		}
	}
	if (status == SP_OK) {
		stmt = shift_scope_stmt(db, &b, sql_shift_feedback_of_shift,
					sql_shift_feedback_in_window);
		if (!stmt)
			status = SP_ERR_DB;
		else {
			status = shift_one_row(stmt, vals, 1);
			out->feedback = vals[0];
		}
	}
	if (status == SP_OK) {
		stmt = db_stmt(db, sql_shift_waiting);
		if (!stmt)
			status = SP_ERR_DB;
		else {
			status = shift_one_row(stmt, vals, 3);
			out->open_entries = vals[0];
			out->pending_entries = vals[1];
			out->pending_commitments = vals[2];
		}
	}
	if (status == SP_OK) {
		/* counted per hour: the hour the window opens in counts whole */
		struct member_signin_failures refused;
		status = member_signin_failures(db, b.from_ms, b.until_ms, &refused);
		out->refused_unknown_badge = refused.unknown_badge;
		out->refused_wrong_pin = refused.wrong_pin;
	}
	if (status != SP_OK)
		shift_summary_clear(out);
	return status;
}

/* ---- the lists --------------------------------------------------------------- */

void shift_items_clear(struct shift_items *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->n; i++) {
		struct shift_item *it = &list->items[i];
		free(it->member_no);
		free(it->member_name);
		free(it->what);
		free(it->what_en);
		free(it->note);
		free(it->verifier);
	}
	free(list->items);
	memset(list, 0, sizeof *list);
}

static enum entry_status shift_entry_status(const char *name)
{
	for (int i = 0; i <= ENTRY_REJECTED; i++)
		if (name && strcmp(name, entry_status_name(i)) == 0)
			return (enum entry_status)i;
	return ENTRY_OPEN;
}

static enum commitment_status shift_commitment_status(const char *name)
{
	for (int i = 0; i <= COMMITMENT_WITHDRAWN; i++)
		if (name && strcmp(name, commitment_status_name(i)) == 0)
			return (enum commitment_status)i;
	return COMMITMENT_OPEN;
}

/* Appends the row (columns as SHIFT_ENTRY_ITEM) to list. */
static enum sp_status shift_item_add(struct shift_items *list,
				     sqlite3_stmt *stmt,
				     enum shift_item_kind kind)
{
	struct shift_item *it;
	const char *status = (const char *)sqlite3_column_text(stmt, 8);
	const char *ekind = (const char *)sqlite3_column_text(stmt, 7);

	if (list->n % 64 == 0) {
		it = realloc(list->items, (list->n + 64) * sizeof *it);
		if (!it)
			return SP_ERR_NOMEM;
		list->items = it;
	}
	it = &list->items[list->n++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	shift_copy_id(it->id, stmt, 0);
	it->member_no = db_column_dup(stmt, 1);
	it->member_name = db_column_dup(stmt, 2);
	it->what = db_column_dup(stmt, 3);
	it->what_en = db_column_dup(stmt, 4);
	it->note = db_column_dup(stmt, 5);
	it->verifier = db_column_dup(stmt, 6);
	it->entry_kind = ekind && strcmp(ekind, "logged") == 0
				 ? ENTRY_KIND_LOGGED : ENTRY_KIND_VISIT;
	if (kind == SHIFT_ITEM_ENTRY)
		it->entry_status = shift_entry_status(status);
	else
		it->commitment_status = shift_commitment_status(status);
	it->voided = sqlite3_column_int(stmt, 9) != 0;
	it->started_ms = shift_column_time(stmt, 10);
	it->ended_ms = shift_column_time(stmt, 11);
	it->minutes = sqlite3_column_type(stmt, 12) == SQLITE_NULL
			      ? -1 : sqlite3_column_int(stmt, 12);
	if (!it->member_no || !it->member_name || !it->what || !it->what_en ||
	    !it->note || !it->verifier)
		return SP_ERR_NOMEM;
	return SP_OK;
}

/* Steps a statement (bound by the caller) into list, keeping at most
 * SHIFT_ITEMS_MAX items but counting them all. */
static enum sp_status shift_collect(sqlite3_stmt *stmt,
				    enum shift_item_kind kind,
				    struct shift_items *list)
{
	enum sp_status status = SP_OK;
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list->total++;
		if (list->n >= SHIFT_ITEMS_MAX)
			continue;
		status = shift_item_add(list, stmt, kind);
		if (status != SP_OK)
			break;
	}
	if (status == SP_OK && rc != SQLITE_DONE)
		status = db_status_from_rc(rc);
	sqlite3_reset(stmt);
	return status;
}

static enum sp_status shift_list(struct db *db, const char *sql,
				 enum shift_item_kind kind,
				 struct shift_items *out)
{
	sqlite3_stmt *stmt = db_stmt(db, sql);

	if (!stmt)
		return SP_ERR_DB;
	return shift_collect(stmt, kind, out);
}

enum sp_status shift_open_entries(struct db *db, struct shift_items *out)
{
	enum sp_status status;

	memset(out, 0, sizeof *out);
	status = shift_list(db, sql_shift_open_entries, SHIFT_ITEM_ENTRY, out);
	if (status != SP_OK)
		shift_items_clear(out);
	return status;
}

enum sp_status shift_pending_items(struct db *db, struct shift_items *out)
{
	enum sp_status status;

	memset(out, 0, sizeof *out);
	status = shift_list(db, sql_shift_pending_entries, SHIFT_ITEM_ENTRY, out);
	if (status == SP_OK)
		status = shift_list(db, sql_shift_pending_commitments,
				    SHIFT_ITEM_COMMITMENT, out);
	if (status != SP_OK)
		shift_items_clear(out);
	return status;
}

enum sp_status shift_entries(struct db *db, const struct shift_scope *scope,
			     struct shift_items *out)
{
	struct shift_bounds b;
	sqlite3_stmt *stmt;
	enum sp_status status;

	memset(out, 0, sizeof *out);
	status = shift_bounds_of(db, scope, &b);
	if (status != SP_OK)
		return status;
	stmt = shift_scope_stmt(db, &b, sql_shift_scope_entries_of_shift,
				sql_shift_scope_entries_in_window);
	if (!stmt)
		return SP_ERR_DB;
	status = shift_collect(stmt, SHIFT_ITEM_ENTRY, out);
	if (status != SP_OK)
		shift_items_clear(out);
	return status;
}

enum sp_status shift_item_verify(struct db *db, const struct shift_item *item,
				 const char *actor_id, bool accept,
				 const char *reason)
{
	if (!item)
		return SP_ERR_INVALID;
	if (item->kind == SHIFT_ITEM_COMMITMENT)
		return commitment_verify(db, item->id, actor_id, accept, reason);
	return entry_verify(db, item->id, actor_id, accept, reason);
}
