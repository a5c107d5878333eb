/* commitment.c — owns the commitment table: a member's public commitments
 * (公开承诺), their fulfilment or withdrawal by the member, and the staff's
 * verification.
 *
 * It must never delete a commitment or change its text, category or due
 * date (the schema's triggers refuse that too); only the status moves,
 * each move in one transaction, a staff decision together with its audit
 * row. Only the owner may fulfil or withdraw. */
#include "commitment.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "i18n.h"
#include "member.h"
#include "shift.h"
#include "text.h"

static const char *const commitment_status_names[] = {
	"open", "fulfilled_pending", "fulfilled", "rejected", "withdrawn",
};
static const char *const commitment_status_labels[] = {
	NC_("commitment status", "open"), N_("fulfilled, awaiting check"),
	N_("fulfilled"), NC_("commitment status", "rejected"), N_("withdrawn"),
};

#define COMMITMENT_COLUMNS \
	"id, member_id, text, category, due_date, public, status," \
	" fulfil_note, reject_reason, withdraw_reason, created_at" \
	" FROM commitment"

static const char sql_commitment_get[] =
	"SELECT " COMMITMENT_COLUMNS " WHERE id = ?1";
/* commitment_member (member_id, created_at) gives the order; rowid breaks
 * ties in insertion order. */
static const char sql_commitment_of_member[] =
	"SELECT " COMMITMENT_COLUMNS
	" WHERE member_id = ?1 AND voided_at IS NULL"
	" ORDER BY created_at DESC, rowid DESC";
/* The same columns as COMMITMENT_COLUMNS, then the member's name. */
static const char sql_commitment_public[] =
	"SELECT c.id, c.member_id, c.text, c.category, c.due_date, c.public,"
	" c.status, c.fulfil_note, c.reject_reason, c.withdraw_reason,"
	" c.created_at, m.name"
	" FROM commitment c JOIN member m ON m.id = c.member_id"
	" WHERE c.public = 1 AND c.voided_at IS NULL"
	" AND c.status IN ('open', 'fulfilled_pending', 'fulfilled')"
	" ORDER BY c.created_at DESC, c.rowid DESC LIMIT ?1";
static const char sql_commitment_state[] =
	"SELECT member_id, status, voided_at IS NOT NULL FROM commitment"
	" WHERE id = ?1";
static const char sql_commitment_member_active[] =
	"SELECT 1 FROM member WHERE id = ?1 AND active = 1";
static const char sql_commitment_insert[] =
	"INSERT INTO commitment(id, member_id, shift_id, text, category,"
	" due_date, public, status, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open', ?8, ?8)";
static const char sql_commitment_fulfil[] =
	"UPDATE commitment SET status = 'fulfilled_pending', fulfilled_at = ?2,"
	" fulfil_note = ?3, updated_at = ?2"
	" WHERE id = ?1 AND status = 'open' AND voided_at IS NULL";
static const char sql_commitment_withdraw[] =
	"UPDATE commitment SET status = 'withdrawn', withdrawn_at = ?2,"
	" withdraw_reason = ?3, updated_at = ?2"
	" WHERE id = ?1 AND status = 'open' AND voided_at IS NULL";
static const char sql_commitment_verify[] =
	"UPDATE commitment SET status = ?2, verified_by = ?3, verified_at = ?4,"
	" reject_reason = ?5, updated_at = ?4"
	" WHERE id = ?1 AND status = 'fulfilled_pending' AND voided_at IS NULL";

void commitment_free(struct commitment *c)
{
	if (!c)
		return;
	free(c->text);
	free(c->category);
	free(c->fulfil_note);
	free(c->reject_reason);
	free(c->withdraw_reason);
	free(c);
}

const char *commitment_status_name(enum commitment_status s)
{
	return (unsigned)s <= COMMITMENT_WITHDRAWN ? commitment_status_names[s]
						   : "";
}

const char *commitment_status_label(enum commitment_status s, bool overdue)
{
	if (s == COMMITMENT_OPEN && overdue)
		return _("overdue");
	return (unsigned)s <= COMMITMENT_WITHDRAWN
		       ? i18n_ptext(commitment_status_labels[s])
		       : "";
}

static enum commitment_status commitment_status_parse(const char *name)
{
	for (int i = 0; i <= COMMITMENT_WITHDRAWN; i++)
		if (name && strcmp(name, commitment_status_names[i]) == 0)
			return (enum commitment_status)i;
	return COMMITMENT_OPEN;
}

static struct commitment *commitment_from_row(sqlite3_stmt *stmt,
					      const char *today)
{
	struct commitment *c = calloc(1, sizeof *c);
	const unsigned char *text;
	int64_t ms = 0;

	if (!c)
		return NULL;
	text = sqlite3_column_text(stmt, 0);
	snprintf(c->id, sizeof c->id, "%s", text ? (const char *)text : "");
	text = sqlite3_column_text(stmt, 1);
	snprintf(c->member_id, sizeof c->member_id, "%s",
		 text ? (const char *)text : "");
	c->text = db_column_dup(stmt, 2);
	c->category = db_column_dup(stmt, 3);
	text = sqlite3_column_text(stmt, 4);
	snprintf(c->due_date, sizeof c->due_date, "%s",
		 text ? (const char *)text : "");
	c->is_public = sqlite3_column_int(stmt, 5) != 0;
	c->status = commitment_status_parse(
		(const char *)sqlite3_column_text(stmt, 6));
	/* due dates are canonical YYYY-MM-DD, so text order is date order */
	c->overdue = c->status == COMMITMENT_OPEN &&
		     strcmp(c->due_date, today) < 0;
	c->fulfil_note = db_column_dup(stmt, 7);
	c->reject_reason = db_column_dup(stmt, 8);
	c->withdraw_reason = db_column_dup(stmt, 9);
	text = sqlite3_column_text(stmt, 10);
	if (text && clock_parse_utc((const char *)text, &ms) == SP_OK)
		c->created_ms = ms;
	if (!c->text || !c->category || !c->fulfil_note || !c->reject_reason ||
	    !c->withdraw_reason) {
		commitment_free(c);
		return NULL;
	}
	return c;
}

enum sp_status commitment_get(struct db *db, const char *id,
			      struct commitment **out)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_commitment_get);
	char today[CLOCK_DATE_LEN];
	enum sp_status status = SP_ERR_NOT_FOUND;
	int rc;

	*out = NULL;
	if (!stmt)
		return SP_ERR_DB;
	clock_local_date(clock_now_ms(), today);
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*out = commitment_from_row(stmt, today);
		status = *out ? SP_OK : SP_ERR_NOMEM;
	} else if (rc != SQLITE_DONE) {
		status = db_status_from_rc(rc);
	}
	sqlite3_reset(stmt);
	return status;
}

enum sp_status commitment_each_for_member(struct db *db, const char *member_id,
					  commitment_each_fn fn, void *ctx)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_commitment_of_member);
	char today[CLOCK_DATE_LEN];
	enum sp_status status = SP_OK;
	int rc;

	if (!stmt)
		return SP_ERR_DB;
	clock_local_date(clock_now_ms(), today);
	sqlite3_bind_text(stmt, 1, member_id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct commitment *c = commitment_from_row(stmt, today);
		int stop;
		if (!c) {
			status = SP_ERR_NOMEM;
			break;
		}
		stop = fn(c, ctx);
		commitment_free(c);
		if (stop)
			break;
	}
	if (status == SP_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = db_status_from_rc(rc);
	sqlite3_reset(stmt);
	return status;
}

enum sp_status commitment_each_public(struct db *db, int limit,
				      commitment_public_fn fn, void *ctx)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_commitment_public);
	char today[CLOCK_DATE_LEN];
	enum sp_status status = SP_OK;
	int rc;

	if (!stmt)
		return SP_ERR_DB;
	clock_local_date(clock_now_ms(), today);
	sqlite3_bind_int(stmt, 1, limit > 0 ? limit : -1);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct commitment *c = commitment_from_row(stmt, today);
		const unsigned char *name = sqlite3_column_text(stmt, 11);
		int stop;
		if (!c) {
			status = SP_ERR_NOMEM;
			break;
		}
		stop = fn(c, name ? (const char *)name : "", ctx);
		commitment_free(c);
		if (stop)
			break;
	}
	if (status == SP_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = db_status_from_rc(rc);
	sqlite3_reset(stmt);
	return status;
}

static enum sp_status commitment_finish(struct db *db, enum sp_status status)
{
	if (status != SP_OK) {
		db_rollback(db);
		return status;
	}
	return db_commit(db);
}

/* Runs a bound write and expects it to change exactly one row. */
static enum sp_status commitment_step_one(struct db *db, sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return db_status_from_rc(sqlite3_extended_errcode(db_handle(db)));
	return sqlite3_changes(db_handle(db)) == 1 ? SP_OK : SP_ERR_STATE;
}

static enum sp_status commitment_member_active(struct db *db,
					       const char *member_id)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_commitment_member_active);
	enum sp_status status;
	int rc;

	if (!stmt)
		return SP_ERR_DB;
	sqlite3_bind_text(stmt, 1, member_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	status = rc == SQLITE_ROW    ? SP_OK
		 : rc == SQLITE_DONE ? SP_ERR_NOT_FOUND
				     : db_status_from_rc(rc);
	sqlite3_reset(stmt);
	return status;
}

enum sp_status commitment_make(struct db *db, const char *member_id,
			       const char *text, const char *category,
			       const char *due_date, bool is_public,
			       char id_out[UUID_STR_LEN])
{
	char id[UUID_STR_LEN], now[CLOCK_UTC_LEN], due[CLOCK_DATE_LEN];
	char *shift_id = NULL;
	int64_t due_ms, now_ms = clock_now_ms();
	sqlite3_stmt *stmt;
	enum sp_status status;

	if (!member_id || !due_date)
		return SP_ERR_INVALID;
	if (!category)
		category = "";
	status = text_validate(text ? text : "", COMMITMENT_TEXT_MAX, true,
			       false);
	if (status == SP_OK)
		status = text_validate(category, COMMITMENT_CATEGORY_MAX, false,
				       false);
	if (status != SP_OK)
		return status;
	if (clock_parse_local_date(due_date, &due_ms) != SP_OK ||
	    due_ms < clock_local_day_start(now_ms))
		return SP_ERR_DATE;
	/* store the canonical spelling, so dates compare as text */
	clock_local_date(due_ms, due);

	status = db_begin(db);
	if (status != SP_OK)
		return status;
	status = commitment_member_active(db, member_id);
	if (status == SP_OK) {
		status = shift_open_id_dup(db, &shift_id);
		if (status == SP_ERR_NOT_FOUND)
			status = SP_OK;
	}
	if (status == SP_OK) {
		stmt = db_stmt(db, sql_commitment_insert);
		if (!stmt) {
			free(shift_id);
			return commitment_finish(db, SP_ERR_DB);
		}
		uuid_v7_new(id);
		clock_format_utc(now_ms, now);
		sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, member_id, -1, SQLITE_STATIC);
		if (shift_id)
			sqlite3_bind_text(stmt, 3, shift_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 4, text, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 5, category, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 6, due, -1, SQLITE_STATIC);
		sqlite3_bind_int(stmt, 7, is_public ? 1 : 0);
		sqlite3_bind_text(stmt, 8, now, -1, SQLITE_STATIC);
		status = commitment_step_one(db, stmt);
	}
	free(shift_id);
	status = commitment_finish(db, status);
	if (status == SP_OK && id_out)
		memcpy(id_out, id, UUID_STR_LEN);
	return status;
}

/* Reads owner, status and void flag of a commitment. */
static enum sp_status commitment_state(struct db *db, const char *id,
				       char owner[UUID_STR_LEN],
				       enum commitment_status *status_out,
				       bool *voided_out)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_commitment_state);
	enum sp_status status = SP_ERR_NOT_FOUND;
	int rc;

	if (!stmt)
		return SP_ERR_DB;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		const unsigned char *text = sqlite3_column_text(stmt, 0);
		snprintf(owner, UUID_STR_LEN, "%s",
			 text ? (const char *)text : "");
		*status_out = commitment_status_parse(
			(const char *)sqlite3_column_text(stmt, 1));
		*voided_out = sqlite3_column_int(stmt, 2) != 0;
		status = SP_OK;
	} else if (rc != SQLITE_DONE) {
		status = db_status_from_rc(rc);
	}
	sqlite3_reset(stmt);
	return status;
}

/* The member's own move on an open commitment: fulfil or withdraw. */
static enum sp_status commitment_owner_move(struct db *db, const char *sql,
					    const char *id,
					    const char *member_id,
					    const char *text)
{
	char owner[UUID_STR_LEN], now[CLOCK_UTC_LEN];
	enum commitment_status state = COMMITMENT_OPEN;
	bool voided = false;
	sqlite3_stmt *stmt;
	enum sp_status status;

	status = db_begin(db);
	if (status != SP_OK)
		return status;
	status = commitment_state(db, id, owner, &state, &voided);
	if (status == SP_OK && strcmp(owner, member_id) != 0)
		status = SP_ERR_PERMISSION;
	if (status == SP_OK && (state != COMMITMENT_OPEN || voided))
		status = SP_ERR_STATE;
	if (status == SP_OK) {
		stmt = db_stmt(db, sql);
		if (!stmt)
			return commitment_finish(db, SP_ERR_DB);
		clock_format_utc(clock_now_ms(), now);
		sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, text, -1, SQLITE_STATIC);
		status = commitment_step_one(db, stmt);
	}
	return commitment_finish(db, status);
}

enum sp_status commitment_fulfil(struct db *db, const char *id,
				 const char *member_id, const char *note)
{
	enum sp_status status;

	if (!id || !member_id)
		return SP_ERR_INVALID;
	if (!note)
		note = "";
	status = text_validate(note, COMMITMENT_TEXT_MAX, false, false);
	if (status != SP_OK)
		return status;
	return commitment_owner_move(db, sql_commitment_fulfil, id, member_id,
				     note);
}

enum sp_status commitment_withdraw(struct db *db, const char *id,
				   const char *member_id, const char *reason)
{
	enum sp_status status;

	if (!id || !member_id)
		return SP_ERR_INVALID;
	status = text_validate(reason ? reason : "", COMMITMENT_TEXT_MAX, true,
			       false);
	if (status != SP_OK)
		return status;
	return commitment_owner_move(db, sql_commitment_withdraw, id,
				     member_id, reason);
}

enum sp_status commitment_verify(struct db *db, const char *id,
				 const char *actor_id, bool accept,
				 const char *reason)
{
	char owner[UUID_STR_LEN], now[CLOCK_UTC_LEN];
	enum commitment_status state = COMMITMENT_OPEN;
	bool voided = false;
	sqlite3_stmt *stmt;
	enum sp_status status;

	if (!id)
		return SP_ERR_INVALID;
	if (!reason)
		reason = "";
	status = text_validate(reason, COMMITMENT_TEXT_MAX, !accept, false);
	if (status != SP_OK)
		return status;
	status = db_begin(db);
	if (status != SP_OK)
		return status;
	status = member_require_staff(db, actor_id);
	if (status == SP_OK)
		status = commitment_state(db, id, owner, &state, &voided);
	if (status == SP_OK &&
	    (state != COMMITMENT_FULFILLED_PENDING || voided))
		status = SP_ERR_STATE;
	if (status == SP_OK) {
		stmt = db_stmt(db, sql_commitment_verify);
		if (!stmt)
			return commitment_finish(db, SP_ERR_DB);
		clock_format_utc(clock_now_ms(), now);
		sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2,
				  commitment_status_name(
					  accept ? COMMITMENT_FULFILLED
						 : COMMITMENT_REJECTED),
				  -1, SQLITE_STATIC);
		if (actor_id)
			sqlite3_bind_text(stmt, 3, actor_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 4, now, -1, SQLITE_STATIC);
		if (!accept)
			sqlite3_bind_text(stmt, 5, reason, -1, SQLITE_STATIC);
		status = commitment_step_one(db, stmt);
	}
	if (status == SP_OK)
		status = audit_append(db, actor_id,
				      accept ? "commitment.verify"
					     : "commitment.reject",
				      id, reason);
	return commitment_finish(db, status);
}
