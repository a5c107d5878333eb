/* feedback.c — owns the feedback table: visitors' ratings and comments,
 * the kiosk's cool-down between two ratings, and their summary.
 *
 * It must never update or delete a rating once stored, nor ask who left
 * it: visitors stay anonymous. A write is one transaction that also looks
 * up the open shift and the newest rating, so the rating, its shift and
 * the cool-down agree. Reads by time go through the index on created_at
 * (migration 5): the bounds are always bound, never "NULL or". */
#include "feedback.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "i18n.h"
#include "shift.h"
#include "text.h"

static const char *const feedback_rating_labels[FEEDBACK_RATING_MAX] = {
	N_("Very dissatisfied"), N_("Dissatisfied"), N_("Neutral"),
	N_("Satisfied"), N_("Very satisfied"),
};

#define FEEDBACK_COLUMNS \
	"id, shift_id, rating, comment, created_at FROM feedback"

static const char sql_feedback_insert[] =
	"INSERT INTO feedback(id, shift_id, rating, comment, created_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_feedback_get[] =
	"SELECT " FEEDBACK_COLUMNS " WHERE id = ?1";
/* The newest rating up to now (?1), by one search of the index on
 * created_at. Ratings stamped after now (the clock has been set back)
 * are passed over: a wrong clock must neither silence visitors nor lift
 * the cool-down. */
static const char sql_feedback_newest[] =
	"SELECT max(created_at) FROM feedback WHERE created_at <= ?1";
/* created_at is canonical UTC text, so text order is time order; rowid
 * breaks ties in insertion order. ?1..?2 are always bound (an open end
 * is bound as a bound no time passes), so the planner takes the index
 * on created_at: "?1 IS NULL OR" would make it scan the table. */
static const char sql_feedback_list[] =
	"SELECT " FEEDBACK_COLUMNS
	" WHERE created_at >= ?1 AND created_at < ?2"
	" ORDER BY created_at DESC, rowid DESC LIMIT ?3";
static const char sql_feedback_summary[] =
	"SELECT rating, count(*) FROM feedback"
	" WHERE created_at >= ?1 AND created_at < ?2"
	" GROUP BY rating";

/* Stored times are fixed-width UTC text ("2026-..."): these bound an open
 * end of a window. */
static const char feedback_time_min[] = "0000";
static const char feedback_time_max[] = "9999";

void feedback_free(struct feedback *f)
{
	if (!f)
		return;
	free(f->comment);
	free(f);
}

const char *feedback_rating_label(int rating)
{
	if (rating < FEEDBACK_RATING_MIN || rating > FEEDBACK_RATING_MAX)
		return "";
	return _(feedback_rating_labels[rating - 1]);
}

static struct feedback *feedback_from_row(sqlite3_stmt *stmt)
{
	struct feedback *f = calloc(1, sizeof *f);
	const unsigned char *text;
	int64_t ms = 0;

	if (!f)
		return NULL;
	text = sqlite3_column_text(stmt, 0);
	snprintf(f->id, sizeof f->id, "%s", text ? (const char *)text : "");
	text = sqlite3_column_text(stmt, 1);
	snprintf(f->shift_id, sizeof f->shift_id, "%s",
		 text ? (const char *)text : "");
	f->rating = sqlite3_column_int(stmt, 2);
	f->comment = db_column_dup(stmt, 3);
	text = sqlite3_column_text(stmt, 4);
	if (text && clock_parse_utc((const char *)text, &ms) == SP_OK)
		f->created_ms = ms;
	if (!f->comment) {
		feedback_free(f);
		return NULL;
	}
	return f;
}

/* SP_ERR_TOO_SOON when the newest rating up to now_ms is less than
 * cooldown_s old. */
static enum sp_status feedback_check_cooldown(struct db *db, int cooldown_s,
					      int64_t now_ms)
{
	char now[CLOCK_UTC_LEN];
	sqlite3_stmt *stmt;
	enum sp_status status = SP_OK;
	const unsigned char *text;
	int64_t newest_ms = 0;
	int rc;

	if (cooldown_s <= 0)
		return SP_OK;
	stmt = db_stmt(db, sql_feedback_newest);
	if (!stmt)
		return SP_ERR_DB;
	clock_format_utc(now_ms, now);
	sqlite3_bind_text(stmt, 1, now, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		text = sqlite3_column_text(stmt, 0);
		if (text && clock_parse_utc((const char *)text, &newest_ms) == SP_OK &&
		    now_ms - newest_ms < (int64_t)cooldown_s * 1000)
			status = SP_ERR_TOO_SOON;
	} else {
		status = db_status_from_rc(rc);
	}
	sqlite3_reset(stmt);
	return status;
}

enum sp_status feedback_add(struct db *db, int rating, const char *comment,
			    int cooldown_s, char id_out[UUID_STR_LEN])
{
	char id[UUID_STR_LEN], now[CLOCK_UTC_LEN];
	char *shift_id = NULL;
	sqlite3_stmt *stmt;
	enum sp_status status;
	int64_t now_ms;
	int rc;

	if (rating < FEEDBACK_RATING_MIN || rating > FEEDBACK_RATING_MAX)
		return SP_ERR_INVALID;
	if (!comment)
		comment = "";
	status = text_validate(comment, FEEDBACK_COMMENT_MAX, false, false);
	if (status != SP_OK)
		return status;

	status = db_begin(db);
	if (status != SP_OK)
		return status;
	/* inside the write transaction, so two terminals on one store
	 * cannot both pass the check */
	now_ms = clock_now_ms();
	status = feedback_check_cooldown(db, cooldown_s, now_ms);
	if (status == SP_OK)
		status = shift_open_id_dup(db, &shift_id);
	if (status == SP_ERR_NOT_FOUND)
		status = SP_OK; /* a rating counts with or without staff on duty */
	if (status == SP_OK) {
		stmt = db_stmt(db, sql_feedback_insert);
		if (!stmt) {
			status = SP_ERR_DB;
		} else {
			uuid_v7_new(id);
			clock_format_utc(now_ms, now);
			sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
			if (shift_id)
				sqlite3_bind_text(stmt, 2, shift_id, -1,
						  SQLITE_STATIC);
			sqlite3_bind_int(stmt, 3, rating);
			sqlite3_bind_text(stmt, 4, comment, -1, SQLITE_STATIC);
			sqlite3_bind_text(stmt, 5, now, -1, SQLITE_STATIC);
			rc = sqlite3_step(stmt);
			sqlite3_reset(stmt);
			if (rc != SQLITE_DONE)
				status = db_status_from_rc(
					sqlite3_extended_errcode(db_handle(db)));
		}
	}
	free(shift_id);
	if (status != SP_OK) {
		db_rollback(db);
		return status;
	}
	status = db_commit(db);
	if (status == SP_OK && id_out)
		memcpy(id_out, id, UUID_STR_LEN);
	return status;
}

enum sp_status feedback_get(struct db *db, const char *id,
			    struct feedback **out)
{
	sqlite3_stmt *stmt;
	enum sp_status status = SP_ERR_NOT_FOUND;
	int rc;

	*out = NULL;
	if (!id)
		return SP_ERR_INVALID;
	stmt = db_stmt(db, sql_feedback_get);
	if (!stmt)
		return SP_ERR_DB;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*out = feedback_from_row(stmt);
		status = *out ? SP_OK : SP_ERR_NOMEM;
	} else if (rc != SQLITE_DONE) {
		status = db_status_from_rc(rc);
	}
	sqlite3_reset(stmt);
	return status;
}

/* Binds the window's bounds to ?1 and ?2; 0 binds the open end. */
static void feedback_bind_window(sqlite3_stmt *stmt, int64_t since_ms,
				 int64_t until_ms)
{
	char since[CLOCK_UTC_LEN], until[CLOCK_UTC_LEN];

	if (since_ms)
		clock_format_utc(since_ms, since);
	else
		snprintf(since, sizeof since, "%s", feedback_time_min);
	if (until_ms)
		clock_format_utc(until_ms, until);
	else
		snprintf(until, sizeof until, "%s", feedback_time_max);
	sqlite3_bind_text(stmt, 1, since, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 2, until, -1, SQLITE_TRANSIENT);
}

enum sp_status feedback_each(struct db *db, int64_t since_ms, int64_t until_ms,
			     int limit, feedback_each_fn fn, void *ctx)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_feedback_list);
	enum sp_status status = SP_OK;
	int rc;

	if (!stmt)
		return SP_ERR_DB;
	feedback_bind_window(stmt, since_ms, until_ms);
	sqlite3_bind_int(stmt, 3, limit > 0 ? limit : -1);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct feedback *f = feedback_from_row(stmt);
		int stop;
		if (!f) {
			status = SP_ERR_NOMEM;
			break;
		}
		stop = fn(f, ctx);
		feedback_free(f);
		if (stop)
			break;
	}
	if (status == SP_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = db_status_from_rc(rc);
	sqlite3_reset(stmt);
	return status;
}

enum sp_status feedback_summary(struct db *db, int64_t since_ms,
				int64_t until_ms, struct feedback_summary *out)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_feedback_summary);
	enum sp_status status = SP_OK;
	int64_t sum = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!stmt)
		return SP_ERR_DB;
	feedback_bind_window(stmt, since_ms, until_ms);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int rating = sqlite3_column_int(stmt, 0);
		int n = sqlite3_column_int(stmt, 1);
		/* the schema's CHECK keeps ratings in range */
		if (rating < FEEDBACK_RATING_MIN || rating > FEEDBACK_RATING_MAX)
			continue;
		out->by_rating[rating - 1] = n;
		out->count += n;
		sum += (int64_t)rating * n;
	}
	if (rc != SQLITE_DONE)
		status = db_status_from_rc(rc);
	sqlite3_reset(stmt);
	if (status != SP_OK) {
		memset(out, 0, sizeof *out);
		return status;
	}
	if (out->count > 0)
		out->average = (double)sum / out->count;
	return SP_OK;
}
