/* entry.c — owns the service_entry table and its rules: check-in and
 * check-out of kiosk visits, hours logged for service done elsewhere, the
 * staff actions on entries (close, void, verify, reject), the totals a
 * member sees and the member's whole history, read a page at a time.
 *
 * It must never delete an entry or change its fixed fields (the schema's
 * triggers refuse that too), never write outside one BEGIN IMMEDIATE
 * transaction, and never let a staff action commit without its audit row.
 * Kiosk-path queries go through indexes only (member_id, started_at). */
#include "entry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "i18n.h"
#include "member.h"
#include "shift.h"
#include "text.h"

#define ENTRY_MS_PER_MINUTE INT64_C(60000)
#define ENTRY_MS_PER_HOUR INT64_C(3600000)
#define ENTRY_DAY_MINUTES 1440 /* the schema's upper bound for minutes */
#define ENTRY_LOGGED_STEP 30   /* logged hours come in half-hour steps */

/* Stored times are fixed-width UTC text, so comparing the text compares
 * the instants; these bound an open range. */
static const char entry_time_min[] = "0000";
static const char entry_time_max[] = "9999";

static const char *const entry_kind_names[] = {"visit", "logged"};
static const char *const entry_kind_labels[] = {N_("visit"), N_("logged")};
static const char *const entry_status_names[] = {
	"open", "closed", "pending", "verified", "rejected",
};
static const char *const entry_status_labels[] = {
	NC_("entry status", "open"), N_("closed"), N_("pending"), N_("verified"),
	NC_("entry status", "rejected"),
};

#define ENTRY_COLUMNS \
	"e.id, e.member_id, e.activity_id, m.member_no, m.name, a.name," \
	" a.name_en, e.kind, e.status, e.started_at, e.ended_at, e.minutes," \
	" e.round_minutes, e.note, e.voided_at IS NOT NULL, e.void_reason," \
	" e.reject_reason, e.voided_at" \
	" FROM service_entry e" \
	" JOIN member m ON m.id = e.member_id" \
	" JOIN activity_type a ON a.id = e.activity_id"

static const char sql_entry_get[] =
	"SELECT " ENTRY_COLUMNS " WHERE e.id = ?1";
/* The WHERE repeats the partial index's condition so service_entry_one_open
 * answers it. */
static const char sql_entry_open_of_member[] =
	"SELECT " ENTRY_COLUMNS
	" WHERE e.member_id = ?1 AND e.status = 'open' AND e.voided_at IS NULL";
static const char sql_entry_open_id[] =
	"SELECT id, started_at FROM service_entry"
	" WHERE member_id = ?1 AND status = 'open' AND voided_at IS NULL";
/* rowid breaks ties in insertion order and rides along in the index. */
static const char sql_entry_list_member[] =
	"SELECT " ENTRY_COLUMNS
	" WHERE e.member_id = ?1 AND e.started_at >= ?2 AND e.started_at < ?3"
	" ORDER BY e.started_at DESC, e.rowid DESC LIMIT ?4";
static const char sql_entry_list_all[] =
	"SELECT " ENTRY_COLUMNS
	" WHERE e.started_at >= ?1 AND e.started_at < ?2"
	" ORDER BY e.started_at DESC, e.rowid DESC LIMIT ?3";
/* Two rows tell a unique prefix from an ambiguous one. The range
 * [prefix, prefix + "~") holds every id starting with prefix: ids are
 * lower-case hex and '-', all below '~'; the primary key answers it. */
static const char sql_entry_by_prefix[] =
	"SELECT " ENTRY_COLUMNS
	" WHERE e.id >= ?1 AND e.id < ?2 ORDER BY e.id LIMIT 2";
/* The staff's search: the newest ids in the prefix's range (the primary
 * key, newest created first) and the newest entries of the member with
 * that badge (service_entry_member_started), each at most ?4 rows, then
 * the union in started_at order. Every part stops at the limit, so a
 * one-character prefix costs no more than a full one. */
static const char sql_entry_search[] =
	"SELECT " ENTRY_COLUMNS
	" WHERE e.rowid IN ("
	"  SELECT rid FROM (SELECT rowid AS rid FROM service_entry"
	"   WHERE id >= ?1 AND id < ?2 ORDER BY id DESC LIMIT ?4)"
	"  UNION ALL"
	"  SELECT rid FROM (SELECT s.rowid AS rid FROM service_entry s"
	"   JOIN member b ON b.id = s.member_id WHERE b.member_no = ?3"
	"   ORDER BY s.started_at DESC, s.rowid DESC LIMIT ?4))"
	" ORDER BY e.started_at DESC, e.rowid DESC LIMIT ?4";
/* A member's whole history a page at a time (keyset pagination): the
 * rows next to the key entry ?2 in (started_at, rowid) order. The row
 * value bounds a range of service_entry_member_started, where rowid rides
 * along, so a page costs the same at the end of ten years as at the
 * start, and no sort. A key that is not the member's matches nothing. */
static const char sql_entry_page_older[] =
	"SELECT " ENTRY_COLUMNS
	" WHERE e.member_id = ?1 AND (e.started_at, e.rowid) <"
	" (SELECT started_at, rowid FROM service_entry"
	"  WHERE id = ?2 AND member_id = ?1)"
	" ORDER BY e.started_at DESC, e.rowid DESC LIMIT ?3";
static const char sql_entry_page_newer[] =
	"SELECT " ENTRY_COLUMNS
	" WHERE e.member_id = ?1 AND (e.started_at, e.rowid) >"
	" (SELECT started_at, rowid FROM service_entry"
	"  WHERE id = ?2 AND member_id = ?1)"
	" ORDER BY e.started_at, e.rowid LIMIT ?3";
/* Answered from the index alone. */
static const char sql_entry_count_member[] =
	"SELECT count(*) FROM service_entry WHERE member_id = ?1";
static const char sql_entry_member_by_no[] =
	"SELECT id FROM member WHERE member_no = ?1";
static const char sql_entry_member_active[] =
	"SELECT 1 FROM member WHERE id = ?1 AND active = 1";
static const char sql_entry_activity_active[] =
	"SELECT 1 FROM activity_type WHERE id = ?1 AND active = 1";
static const char sql_entry_insert[] =
	"INSERT INTO service_entry(id, member_id, activity_id, shift_id, kind,"
	" started_at, ended_at, minutes, round_minutes, note, status,"
	" created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)";
static const char sql_entry_close[] =
	"UPDATE service_entry SET ended_at = ?2, minutes = ?3,"
	" round_minutes = ?4, status = 'closed', updated_at = ?5,"
	" verified_by = ?6, verified_at = CASE WHEN ?6 IS NULL THEN NULL"
	" ELSE ?5 END"
	" WHERE id = ?1 AND status = 'open' AND voided_at IS NULL";
static const char sql_entry_state[] =
	"SELECT status, started_at, voided_at IS NOT NULL FROM service_entry"
	" WHERE id = ?1";
static const char sql_entry_void[] =
	"UPDATE service_entry SET voided_at = ?2, voided_by = ?3,"
	" void_reason = ?4, updated_at = ?2"
	" WHERE id = ?1 AND voided_at IS NULL";
static const char sql_entry_verify[] =
	"UPDATE service_entry SET status = ?2, verified_by = ?3,"
	" verified_at = ?4, reject_reason = ?5, updated_at = ?4"
	" WHERE id = ?1 AND status = 'pending' AND voided_at IS NULL";
/* Minutes already on record for one member and local day. Open visits
 * count as 0 until closed. */
static const char sql_entry_day_minutes[] =
	"SELECT COALESCE(SUM(minutes), 0) FROM service_entry"
	" WHERE member_id = ?1 AND started_at >= ?2 AND started_at < ?3"
	" AND voided_at IS NULL AND status <> 'rejected'";
/* One pass over the member's rows of the last year, through the index
 * (member_id, started_at). Pending hours are counted apart. */
static const char sql_entry_totals[] =
	"SELECT"
	" COALESCE(SUM(CASE WHEN status IN ('closed','verified')"
	"   AND started_at >= ?2 AND started_at < ?3 THEN minutes END), 0),"
	" COALESCE(SUM(CASE WHEN status IN ('closed','verified')"
	"   AND started_at >= ?4 AND started_at < ?5 THEN minutes END), 0),"
	" COALESCE(SUM(CASE WHEN status IN ('closed','verified')"
	"   AND started_at >= ?6 THEN minutes END), 0),"
	" COALESCE(SUM(CASE WHEN status = 'pending' THEN minutes END), 0)"
	" FROM service_entry"
	" WHERE member_id = ?1 AND started_at >= ?8 AND started_at < ?7"
	" AND voided_at IS NULL";

void entry_free(struct entry *e)
{
	if (!e)
		return;
	free(e->member_no);
	free(e->member_name);
	free(e->activity_name);
	free(e->activity_name_en);
	free(e->note);
	free(e->void_reason);
	free(e->reject_reason);
	free(e);
}

const char *entry_kind_name(enum entry_kind k)
{
	return (unsigned)k < 2 ? entry_kind_names[k] : "";
}

const char *entry_kind_label(enum entry_kind k)
{
	return (unsigned)k < 2 ? _(entry_kind_labels[k]) : "";
}

const char *entry_status_name(enum entry_status s)
{
	return (unsigned)s <= ENTRY_REJECTED ? entry_status_names[s] : "";
}

const char *entry_status_label(enum entry_status s)
{
	return (unsigned)s <= ENTRY_REJECTED ? i18n_ptext(entry_status_labels[s])
					     : "";
}

static enum entry_status entry_status_parse(const char *name)
{
	for (int i = 0; i <= ENTRY_REJECTED; i++)
		if (name && strcmp(name, entry_status_names[i]) == 0)
			return (enum entry_status)i;
	return ENTRY_OPEN;
}

int entry_round_minutes(int64_t raw_ms, int round_minutes)
{
	int64_t unit;

	if (round_minutes < 1)
		round_minutes = 1;
	if (raw_ms <= 0)
		return 0;
	unit = round_minutes * ENTRY_MS_PER_MINUTE;
	/* nearest multiple, a half rounds up */
	int64_t units = (raw_ms + unit / 2) / unit;
	int64_t minutes = units * round_minutes;
	return minutes > INT32_MAX ? INT32_MAX : (int)minutes;
}

static void entry_copy_id(char dst[UUID_STR_LEN], const unsigned char *src)
{
	snprintf(dst, UUID_STR_LEN, "%s", src ? (const char *)src : "");
}

static int64_t entry_column_time(sqlite3_stmt *stmt, int col)
{
	const unsigned char *text = sqlite3_column_text(stmt, col);
	int64_t ms = 0;
	if (!text || clock_parse_utc((const char *)text, &ms) != SP_OK)
		return 0;
	return ms;
}

/* Builds an entry from a row of ENTRY_COLUMNS; NULL when out of memory. */
static struct entry *entry_from_row(sqlite3_stmt *stmt)
{
	struct entry *e = calloc(1, sizeof *e);
	const unsigned char *kind;

	if (!e)
		return NULL;
	entry_copy_id(e->id, sqlite3_column_text(stmt, 0));
	entry_copy_id(e->member_id, sqlite3_column_text(stmt, 1));
	entry_copy_id(e->activity_id, sqlite3_column_text(stmt, 2));
	e->member_no = db_column_dup(stmt, 3);
	e->member_name = db_column_dup(stmt, 4);
	e->activity_name = db_column_dup(stmt, 5);
	e->activity_name_en = db_column_dup(stmt, 6);
	kind = sqlite3_column_text(stmt, 7);
	e->kind = kind && strcmp((const char *)kind, "logged") == 0
			  ? ENTRY_KIND_LOGGED
			  : ENTRY_KIND_VISIT;
	e->status = entry_status_parse((const char *)sqlite3_column_text(stmt, 8));
	e->started_ms = entry_column_time(stmt, 9);
	e->ended_ms = entry_column_time(stmt, 10);
	e->minutes = sqlite3_column_type(stmt, 11) == SQLITE_NULL
			     ? -1
			     : sqlite3_column_int(stmt, 11);
	e->round_minutes = sqlite3_column_int(stmt, 12);
	e->note = db_column_dup(stmt, 13);
	e->voided = sqlite3_column_int(stmt, 14) != 0;
	e->void_reason = db_column_dup(stmt, 15);
	e->reject_reason = db_column_dup(stmt, 16);
	e->voided_ms = entry_column_time(stmt, 17);
	if (!e->member_no || !e->member_name || !e->activity_name ||
	    !e->activity_name_en || !e->note || !e->void_reason ||
	    !e->reject_reason) {
		entry_free(e);
		return NULL;
	}
	return e;
}

/* Steps a one-row statement bound by the caller into *out. */
static enum sp_status entry_fetch_one(sqlite3_stmt *stmt, struct entry **out)
{
	enum sp_status status = SP_ERR_NOT_FOUND;
	int rc = sqlite3_step(stmt);

	*out = NULL;
	if (rc == SQLITE_ROW) {
		*out = entry_from_row(stmt);
		status = *out ? SP_OK : SP_ERR_NOMEM;
	} else if (rc != SQLITE_DONE) {
		status = db_status_from_rc(rc);
	}
	sqlite3_reset(stmt);
	return status;
}

enum sp_status entry_get(struct db *db, const char *id, struct entry **out)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_entry_get);

	*out = NULL;
	if (!stmt)
		return SP_ERR_DB;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	return entry_fetch_one(stmt, out);
}

enum sp_status entry_find_open(struct db *db, const char *member_id,
			       struct entry **out)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_entry_open_of_member);

	*out = NULL;
	if (!stmt)
		return SP_ERR_DB;
	sqlite3_bind_text(stmt, 1, member_id, -1, SQLITE_STATIC);
	return entry_fetch_one(stmt, out);
}

/* SP_OK when the one-column query bound with key returns a row. */
static enum sp_status entry_exists(struct db *db, const char *sql,
				   const char *key)
{
	sqlite3_stmt *stmt = db_stmt(db, sql);
	enum sp_status status;
	int rc;

	if (!stmt)
		return SP_ERR_DB;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	status = rc == SQLITE_ROW    ? SP_OK
		 : rc == SQLITE_DONE ? SP_ERR_NOT_FOUND
				     : db_status_from_rc(rc);
	sqlite3_reset(stmt);
	return status;
}

/* The member exists and is active, and so is the activity type. */
static enum sp_status entry_check_refs(struct db *db, const char *member_id,
				       const char *activity_id)
{
	enum sp_status status;

	if (!member_id || !activity_id)
		return SP_ERR_INVALID;
	status = entry_exists(db, sql_entry_member_active, member_id);
	if (status == SP_OK)
		status = entry_exists(db, sql_entry_activity_active, activity_id);
	return status;
}

struct entry_row {
	const char *id;
	const char *member_id;
	const char *activity_id;
	const char *shift_id;        /* NULL when no shift is open */
	enum entry_kind kind;
	const char *started_at;
	const char *ended_at;        /* NULL while open */
	int minutes;                 /* -1 while open */
	int round_minutes;
	const char *note;
	enum entry_status status;
	const char *now;
};

static enum sp_status entry_insert(struct db *db, const struct entry_row *r)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_entry_insert);
	int rc;

	if (!stmt)
		return SP_ERR_DB;
	sqlite3_bind_text(stmt, 1, r->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, r->member_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, r->activity_id, -1, SQLITE_STATIC);
	if (r->shift_id)
		sqlite3_bind_text(stmt, 4, r->shift_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, entry_kind_name(r->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, r->started_at, -1, SQLITE_STATIC);
	if (r->ended_at)
		sqlite3_bind_text(stmt, 7, r->ended_at, -1, SQLITE_STATIC);
	if (r->minutes >= 0)
		sqlite3_bind_int(stmt, 8, r->minutes);
	sqlite3_bind_int(stmt, 9, r->round_minutes);
	sqlite3_bind_text(stmt, 10, r->note, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 11, entry_status_name(r->status), -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(stmt, 12, r->now, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE)
		return SP_OK;
	return db_status_from_rc(sqlite3_extended_errcode(db_handle(db)));
}

/* Commits, or rolls back when status already says something failed. */
static enum sp_status entry_finish(struct db *db, enum sp_status status)
{
	if (status != SP_OK) {
		db_rollback(db);
		return status;
	}
	return db_commit(db);
}

enum sp_status entry_check_in(struct db *db, const char *member_id,
			      const char *activity_id, const char *note,
			      char id_out[UUID_STR_LEN])
{
	char id[UUID_STR_LEN];
	char now[CLOCK_UTC_LEN];
	char *shift_id = NULL;
	struct entry_row row;
	enum sp_status status;

	if (!note)
		note = "";
	status = text_validate(note, ENTRY_NOTE_MAX, false, false);
	if (status != SP_OK)
		return status;
	status = db_begin(db);
	if (status != SP_OK)
		return status;
	status = entry_check_refs(db, member_id, activity_id);
	if (status == SP_OK) {
		/* the check and the insert share this transaction; the unique
		 * index is the backstop */
		status = entry_exists(db, sql_entry_open_id, member_id);
		if (status == SP_OK)
			status = SP_ERR_ALREADY_OPEN;
		else if (status == SP_ERR_NOT_FOUND)
			status = SP_OK;
	}
	if (status == SP_OK) {
		status = shift_open_id_dup(db, &shift_id);
		if (status == SP_ERR_NOT_FOUND)
			status = SP_OK;
	}
	if (status == SP_OK) {
		uuid_v7_new(id);
		clock_format_utc(clock_now_ms(), now);
		row = (struct entry_row){
			.id = id, .member_id = member_id,
			.activity_id = activity_id, .shift_id = shift_id,
			.kind = ENTRY_KIND_VISIT, .started_at = now,
			.ended_at = NULL, .minutes = -1, .round_minutes = 1,
			.note = note, .status = ENTRY_OPEN, .now = now,
		};
		status = entry_insert(db, &row);
		if (status == SP_ERR_DUPLICATE)
			status = SP_ERR_ALREADY_OPEN;
	}
	free(shift_id);
	status = entry_finish(db, status);
	if (status == SP_OK && id_out)
		memcpy(id_out, id, UUID_STR_LEN);
	return status;
}

/* Closes an open entry at end_ms with the rounding rule; actor_id is the
 * staff member who closed it, NULL when the member checked out. */
static enum sp_status entry_close_at(struct db *db, const char *id,
				     int64_t started_ms, int64_t end_ms,
				     int round_minutes, const char *actor_id)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_entry_close);
	char ended[CLOCK_UTC_LEN], now[CLOCK_UTC_LEN];
	int minutes, rc;

	if (!stmt)
		return SP_ERR_DB;
	if (round_minutes < 1)
		round_minutes = 1;
	minutes = entry_round_minutes(end_ms - started_ms, round_minutes);
	if (minutes > ENTRY_DAY_MINUTES)
		return SP_ERR_HOURS;
	clock_format_utc(end_ms, ended);
	clock_format_utc(clock_now_ms(), now);
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, ended, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, minutes);
	sqlite3_bind_int(stmt, 4, round_minutes);
	sqlite3_bind_text(stmt, 5, now, -1, SQLITE_STATIC);
	if (actor_id)
		sqlite3_bind_text(stmt, 6, actor_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return db_status_from_rc(sqlite3_extended_errcode(db_handle(db)));
	return sqlite3_changes(db_handle(db)) == 1 ? SP_OK : SP_ERR_NOT_OPEN;
}

enum sp_status entry_check_out(struct db *db, const char *member_id,
			       const struct entry_rules *rules,
			       char id_out[UUID_STR_LEN])
{
	sqlite3_stmt *stmt;
	char id[UUID_STR_LEN] = "";
	int64_t started_ms = 0, now_ms = clock_now_ms();
	enum sp_status status;
	int rc;

	if (!member_id || !rules)
		return SP_ERR_INVALID;
	status = db_begin(db);
	if (status != SP_OK)
		return status;
	stmt = db_stmt(db, sql_entry_open_id);
	if (!stmt)
		return entry_finish(db, SP_ERR_DB);
	sqlite3_bind_text(stmt, 1, member_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		entry_copy_id(id, sqlite3_column_text(stmt, 0));
		started_ms = entry_column_time(stmt, 1);
	}
	status = rc == SQLITE_ROW    ? SP_OK
		 : rc == SQLITE_DONE ? SP_ERR_NOT_OPEN
				     : db_status_from_rc(rc);
	sqlite3_reset(stmt);
	if (status == SP_OK &&
	    now_ms - started_ms > rules->max_session_hours * ENTRY_MS_PER_HOUR)
		status = SP_ERR_TOO_LONG_OPEN;
	if (status == SP_OK) {
		/* a clock set back must not make the visit end before it began */
		int64_t end_ms = now_ms < started_ms ? started_ms : now_ms;
		status = entry_close_at(db, id, started_ms, end_ms,
					rules->round_minutes, NULL);
	}
	status = entry_finish(db, status);
	if (status == SP_OK && id_out)
		memcpy(id_out, id, UUID_STR_LEN);
	return status;
}

/* Sum of minutes on record for a member on the local day starting at
 * day_ms. */
static enum sp_status entry_day_minutes(struct db *db, const char *member_id,
					int64_t day_ms, int *minutes_out)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_entry_day_minutes);
	char from[CLOCK_UTC_LEN], to[CLOCK_UTC_LEN];
	enum sp_status status = SP_OK;
	int rc;

	if (!stmt)
		return SP_ERR_DB;
	clock_format_utc(day_ms, from);
	clock_format_utc(clock_local_add_days(day_ms, 1), to);
	sqlite3_bind_text(stmt, 1, member_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, to, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*minutes_out = sqlite3_column_int(stmt, 0);
	else
		status = db_status_from_rc(rc);
	sqlite3_reset(stmt);
	return status;
}

enum sp_status entry_log_hours(struct db *db, const char *member_id,
			       const char *activity_id, const char *local_date,
			       int half_hours, const char *description,
			       const struct entry_rules *rules,
			       char id_out[UUID_STR_LEN])
{
	char id[UUID_STR_LEN], now[CLOCK_UTC_LEN];
	char started[CLOCK_UTC_LEN], ended[CLOCK_UTC_LEN];
	char *shift_id = NULL;
	int64_t day_ms, today_ms;
	int minutes, on_record = 0;
	struct entry_row row;
	enum sp_status status;

	if (!rules || !local_date)
		return SP_ERR_INVALID;
	status = text_validate(description ? description : "", ENTRY_NOTE_MAX,
			       true, false);
	if (status != SP_OK)
		return status;
	if (clock_parse_local_date(local_date, &day_ms) != SP_OK)
		return SP_ERR_DATE;
	today_ms = clock_local_day_start(clock_now_ms());
	if (day_ms > today_ms ||
	    day_ms < clock_local_add_days(today_ms, -rules->backfill_days))
		return SP_ERR_DATE;
	if (half_hours < 1 || half_hours > 2 * rules->max_hours_per_day)
		return SP_ERR_HOURS;
	minutes = half_hours * ENTRY_LOGGED_STEP;

	status = db_begin(db);
	if (status != SP_OK)
		return status;
	status = entry_check_refs(db, member_id, activity_id);
	if (status == SP_OK)
		status = entry_day_minutes(db, member_id, day_ms, &on_record);
	if (status == SP_OK &&
	    on_record + minutes > rules->max_hours_per_day * 60)
		status = SP_ERR_HOURS;
	if (status == SP_OK) {
		status = shift_open_id_dup(db, &shift_id);
		if (status == SP_ERR_NOT_FOUND)
			status = SP_OK;
	}
	if (status == SP_OK) {
		uuid_v7_new(id);
		clock_format_utc(clock_now_ms(), now);
		clock_format_utc(day_ms, started);
		clock_format_utc(day_ms + minutes * ENTRY_MS_PER_MINUTE, ended);
		row = (struct entry_row){
			.id = id, .member_id = member_id,
			.activity_id = activity_id, .shift_id = shift_id,
			.kind = ENTRY_KIND_LOGGED, .started_at = started,
			.ended_at = ended, .minutes = minutes,
			.round_minutes = ENTRY_LOGGED_STEP, .note = description,
			.status = ENTRY_PENDING, .now = now,
		};
		status = entry_insert(db, &row);
	}
	free(shift_id);
	status = entry_finish(db, status);
	if (status == SP_OK && id_out)
		memcpy(id_out, id, UUID_STR_LEN);
	return status;
}

/* Reads the state a staff action depends on. */
static enum sp_status entry_state(struct db *db, const char *id,
				  enum entry_status *status_out,
				  int64_t *started_out, bool *voided_out)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_entry_state);
	enum sp_status status = SP_ERR_NOT_FOUND;
	int rc;

	if (!stmt)
		return SP_ERR_DB;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*status_out = entry_status_parse(
			(const char *)sqlite3_column_text(stmt, 0));
		*started_out = entry_column_time(stmt, 1);
		*voided_out = sqlite3_column_int(stmt, 2) != 0;
		status = SP_OK;
	} else if (rc != SQLITE_DONE) {
		status = db_status_from_rc(rc);
	}
	sqlite3_reset(stmt);
	return status;
}

enum sp_status entry_close_by_staff(struct db *db, const char *id,
				    const char *actor_id, int64_t end_ms,
				    const struct entry_rules *rules)
{
	enum entry_status state = ENTRY_OPEN;
	int64_t started_ms = 0;
	bool voided = false;
	enum sp_status status;
	char ended[CLOCK_UTC_LEN];

	if (!id || !rules)
		return SP_ERR_INVALID;
	status = db_begin(db);
	if (status != SP_OK)
		return status;
	status = member_require_staff(db, actor_id);
	if (status == SP_OK)
		status = entry_state(db, id, &state, &started_ms, &voided);
	if (status == SP_OK && (state != ENTRY_OPEN || voided))
		status = SP_ERR_STATE;
	if (status == SP_OK &&
	    (end_ms > clock_now_ms() || end_ms < started_ms))
		status = SP_ERR_DATE;
	if (status == SP_OK &&
	    end_ms - started_ms > rules->max_session_hours * ENTRY_MS_PER_HOUR)
		status = SP_ERR_HOURS;
	if (status == SP_OK) {
		status = entry_close_at(db, id, started_ms, end_ms,
					rules->round_minutes, actor_id);
		if (status == SP_ERR_NOT_OPEN)
			status = SP_ERR_STATE;
	}
	if (status == SP_OK) {
		clock_format_utc(end_ms, ended);
		status = audit_append(db, actor_id, "entry.close", id, ended);
	}
	return entry_finish(db, status);
}

enum sp_status entry_void(struct db *db, const char *id, const char *actor_id,
			  const char *reason)
{
	enum entry_status state = ENTRY_OPEN;
	int64_t started_ms = 0;
	bool voided = false;
	char now[CLOCK_UTC_LEN];
	sqlite3_stmt *stmt;
	enum sp_status status;
	int rc;

	if (!id)
		return SP_ERR_INVALID;
	status = text_validate(reason ? reason : "", ENTRY_NOTE_MAX, true, false);
	if (status != SP_OK)
		return status;
	status = db_begin(db);
	if (status != SP_OK)
		return status;
	status = member_require_staff(db, actor_id);
	if (status == SP_OK)
		status = entry_state(db, id, &state, &started_ms, &voided);
	if (status == SP_OK && voided)
		status = SP_ERR_STATE;
	if (status == SP_OK) {
		stmt = db_stmt(db, sql_entry_void);
		if (!stmt)
			return entry_finish(db, SP_ERR_DB);
		clock_format_utc(clock_now_ms(), now);
		sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, now, -1, SQLITE_STATIC);
		if (actor_id)
			sqlite3_bind_text(stmt, 3, actor_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 4, reason, -1, SQLITE_STATIC);
		rc = sqlite3_step(stmt);
		sqlite3_reset(stmt);
		if (rc != SQLITE_DONE)
			status = db_status_from_rc(
				sqlite3_extended_errcode(db_handle(db)));
		else if (sqlite3_changes(db_handle(db)) != 1)
			status = SP_ERR_STATE;
	}
	if (status == SP_OK)
		status = audit_append(db, actor_id, "entry.void", id, reason);
	return entry_finish(db, status);
}

enum sp_status entry_verify(struct db *db, const char *id,
			    const char *actor_id, bool accept,
			    const char *reason)
{
	enum entry_status state = ENTRY_OPEN;
	int64_t started_ms = 0;
	bool voided = false;
	char now[CLOCK_UTC_LEN];
	sqlite3_stmt *stmt;
	enum sp_status status;
	int rc;

	if (!id)
		return SP_ERR_INVALID;
	if (!reason)
		reason = "";
	status = text_validate(reason, ENTRY_NOTE_MAX, !accept, false);
	if (status != SP_OK)
		return status;
	status = db_begin(db);
	if (status != SP_OK)
		return status;
	status = member_require_staff(db, actor_id);
	if (status == SP_OK)
		status = entry_state(db, id, &state, &started_ms, &voided);
	if (status == SP_OK && (state != ENTRY_PENDING || voided))
		status = SP_ERR_STATE;
	if (status == SP_OK) {
		stmt = db_stmt(db, sql_entry_verify);
		if (!stmt)
			return entry_finish(db, SP_ERR_DB);
		clock_format_utc(clock_now_ms(), now);
		sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2,
				  entry_status_name(accept ? ENTRY_VERIFIED
							   : ENTRY_REJECTED),
				  -1, SQLITE_STATIC);
		if (actor_id)
			sqlite3_bind_text(stmt, 3, actor_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 4, now, -1, SQLITE_STATIC);
		if (!accept)
			sqlite3_bind_text(stmt, 5, reason, -1, SQLITE_STATIC);
		rc = sqlite3_step(stmt);
		sqlite3_reset(stmt);
		if (rc != SQLITE_DONE)
			status = db_status_from_rc(
				sqlite3_extended_errcode(db_handle(db)));
		else if (sqlite3_changes(db_handle(db)) != 1)
			status = SP_ERR_STATE;
	}
	if (status == SP_OK)
		status = audit_append(db, actor_id,
				      accept ? "entry.verify" : "entry.reject",
				      id, reason);
	return entry_finish(db, status);
}

/* Resolves filter->member_no to a member id (malloc'd into *id_out). */
static enum sp_status entry_member_id_by_no_dup(struct db *db,
						const char *member_no,
						char **id_out)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_entry_member_by_no);
	enum sp_status status = SP_ERR_NOT_FOUND;
	int rc;

	*id_out = NULL;
	if (!stmt)
		return SP_ERR_DB;
	sqlite3_bind_text(stmt, 1, member_no, -1, SQLITE_STATIC);
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

/* Steps the bound statement, calling fn with each row's entry until fn
 * stops it; resets the statement. */
static enum sp_status entry_call_rows(sqlite3_stmt *stmt, entry_each_fn fn,
				      void *ctx)
{
	enum sp_status status = SP_OK;
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct entry *e = entry_from_row(stmt);
		int stop;
		if (!e) {
			status = SP_ERR_NOMEM;
			break;
		}
		stop = fn(e, ctx);
		entry_free(e);
		if (stop)
			break;
	}
	if (status == SP_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = db_status_from_rc(rc);
	sqlite3_reset(stmt);
	return status;
}

enum sp_status entry_each(struct db *db, const struct entry_filter *filter,
			  entry_each_fn fn, void *ctx)
{
	struct entry_filter none = {0};
	char since[CLOCK_UTC_LEN], until[CLOCK_UTC_LEN];
	char *member_id = NULL;
	const char *who;
	sqlite3_stmt *stmt;
	enum sp_status status = SP_OK;
	int n = 1;

	if (!filter)
		filter = &none;
	who = filter->member_id;
	if (!who && filter->member_no) {
		status = entry_member_id_by_no_dup(db, filter->member_no,
						   &member_id);
		if (status != SP_OK)
			return status;
		who = member_id;
	}
	snprintf(since, sizeof since, "%s", entry_time_min);
	snprintf(until, sizeof until, "%s", entry_time_max);
	if (filter->since_ms)
		clock_format_utc(filter->since_ms, since);
	if (filter->until_ms)
		clock_format_utc(filter->until_ms, until);

	stmt = db_stmt(db, who ? sql_entry_list_member : sql_entry_list_all);
	if (!stmt) {
		free(member_id);
		return SP_ERR_DB;
	}
	if (who)
		sqlite3_bind_text(stmt, n++, who, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, n++, since, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, n++, until, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, n, filter->limit > 0 ? filter->limit : -1);
	status = entry_call_rows(stmt, fn, ctx);
	free(member_id);
	return status;
}

/* The range [low, high) of ids starting with prefix, lower-cased; false
 * when prefix holds a character no id has or is longer than an id. */
static bool entry_prefix_range(const char *prefix, char low[UUID_STR_LEN],
			       char high[UUID_STR_LEN + 1])
{
	size_t n = strlen(prefix);

	if (n >= UUID_STR_LEN ||
	    strspn(prefix, "0123456789abcdefABCDEF-") != n)
		return false;
	for (size_t i = 0; i <= n; i++)
		low[i] = (char)(prefix[i] >= 'A' && prefix[i] <= 'F'
					? prefix[i] + ('a' - 'A')
					: prefix[i]);
	memcpy(high, low, n);
	high[n] = '~';
	high[n + 1] = '\0';
	return true;
}

enum sp_status entry_find_by_prefix(struct db *db, const char *id_or_prefix,
				    struct entry **out)
{
	char low[UUID_STR_LEN], high[UUID_STR_LEN + 1];
	enum sp_status status = SP_ERR_NOT_FOUND;
	sqlite3_stmt *stmt;
	int rc;

	*out = NULL;
	if (!id_or_prefix || strlen(id_or_prefix) < UUID_SHORT_LEN ||
	    !entry_prefix_range(id_or_prefix, low, high))
		return SP_ERR_INVALID;
	stmt = db_stmt(db, sql_entry_by_prefix);
	if (!stmt)
		return SP_ERR_DB;
	sqlite3_bind_text(stmt, 1, low, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, high, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*out = entry_from_row(stmt);
		status = *out ? SP_OK : SP_ERR_NOMEM;
		if (status == SP_OK) {
			rc = sqlite3_step(stmt);
			if (rc == SQLITE_ROW)
				status = SP_ERR_DUPLICATE;
			else if (rc != SQLITE_DONE)
				status = db_status_from_rc(rc);
		}
	} else if (rc != SQLITE_DONE) {
		status = db_status_from_rc(rc);
	}
	sqlite3_reset(stmt);
	if (status != SP_OK) {
		entry_free(*out);
		*out = NULL;
	}
	return status;
}

enum sp_status entry_search(struct db *db, const char *find, int limit,
			    entry_each_fn fn, void *ctx)
{
	char low[UUID_STR_LEN] = "", high[UUID_STR_LEN + 1] = "";
	struct entry_filter latest = {.limit = limit};
	sqlite3_stmt *stmt;

	if (limit <= 0 || !fn)
		return SP_ERR_INVALID;
	if (!find || !*find)
		return entry_each(db, &latest, fn, ctx);
	/* not an id prefix (a badge with letters, say): the empty range
	 * leaves only the badge to match */
	if (!entry_prefix_range(find, low, high))
		low[0] = high[0] = '\0';
	stmt = db_stmt(db, sql_entry_search);
	if (!stmt)
		return SP_ERR_DB;
	sqlite3_bind_text(stmt, 1, low, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, high, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, find, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 4, limit);
	return entry_call_rows(stmt, fn, ctx);
}

enum sp_status entry_totals_for(struct db *db, const char *member_id,
				int64_t now_ms, struct entry_totals *out)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_entry_totals);
	int64_t day_ms = clock_local_day_start(now_ms);
	int64_t month_ms = clock_local_month_start(now_ms);
	int64_t year_ms = clock_local_year_start(now_ms);
	int64_t bounds[8];
	char text[8][CLOCK_UTC_LEN];
	enum sp_status status = SP_OK;
	int rc;

	memset(out, 0, sizeof *out);
	if (!stmt)
		return SP_ERR_DB;
	bounds[1] = day_ms;
	bounds[2] = clock_local_add_days(day_ms, 1);
	bounds[3] = month_ms;
	bounds[4] = clock_local_month_start(clock_local_add_days(month_ms, 32));
	bounds[5] = year_ms;
	bounds[6] = clock_local_year_start(clock_local_add_days(year_ms, 366));
	/* hours logged late in December may still wait in January: pending
	 * ones are looked for a year back */
	bounds[7] = clock_local_add_days(day_ms, -366);
	if (bounds[7] > year_ms)
		bounds[7] = year_ms;
	sqlite3_bind_text(stmt, 1, member_id, -1, SQLITE_STATIC);
	for (int i = 1; i < 8; i++) {
		clock_format_utc(bounds[i], text[i]);
		sqlite3_bind_text(stmt, i + 1, text[i], -1, SQLITE_STATIC);
	}
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		out->today_minutes = sqlite3_column_int(stmt, 0);
		out->month_minutes = sqlite3_column_int(stmt, 1);
		out->year_minutes = sqlite3_column_int(stmt, 2);
		out->pending_minutes = sqlite3_column_int(stmt, 3);
	} else {
		status = db_status_from_rc(rc);
	}
	sqlite3_reset(stmt);
	return status;
}

enum sp_status entry_page_for(struct db *db, const char *member_id,
			      const char *key_id, enum entry_page_dir dir,
			      int limit, entry_each_fn fn, void *ctx)
{
	struct entry_filter newest = {.member_id = member_id, .limit = limit};
	sqlite3_stmt *stmt;

	if (!member_id || limit <= 0 || !fn)
		return SP_ERR_INVALID;
	if (!key_id)
		return entry_each(db, &newest, fn, ctx);
	stmt = db_stmt(db, dir == ENTRY_PAGE_NEWER ? sql_entry_page_newer
						   : sql_entry_page_older);
	if (!stmt)
		return SP_ERR_DB;
	sqlite3_bind_text(stmt, 1, member_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, key_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, limit);
	return entry_call_rows(stmt, fn, ctx);
}

enum sp_status entry_count_for(struct db *db, const char *member_id,
			       int *count_out)
{
	sqlite3_stmt *stmt;
	enum sp_status status = SP_OK;
	int rc;

	*count_out = 0;
	if (!member_id)
		return SP_ERR_INVALID;
	stmt = db_stmt(db, sql_entry_count_member);
	if (!stmt)
		return SP_ERR_DB;
	sqlite3_bind_text(stmt, 1, member_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*count_out = sqlite3_column_int(stmt, 0);
	else
		status = db_status_from_rc(rc);
	sqlite3_reset(stmt);
	return status;
}
