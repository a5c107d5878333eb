/* activity.c — activity types: their rules and every SQL statement on the
 * activity_type table.
 *
 * It must never delete a type (service entries point at it) and never
 * change one without an audit row in the same transaction. */
#include "activity.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "text.h"

static const char sql_activity_list[] =
	"SELECT id, code, name, name_en, sort_order, active FROM activity_type"
	" WHERE active = 1 OR ?1 ORDER BY sort_order, code";
static const char sql_activity_by_code[] =
	"SELECT id, code, name, name_en, sort_order, active FROM activity_type"
	" WHERE code = ?1";
static const char sql_activity_insert[] =
	"INSERT INTO activity_type(id, code, name, name_en, sort_order, active,"
	" created_at) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)";
static const char sql_activity_set_active[] =
	"UPDATE activity_type SET active = ?2 WHERE id = ?1";

/* Fills a from the current row of one of the SELECTs above. */
static enum sp_status activity_from_row(sqlite3_stmt *stmt, struct activity *a)
{
	snprintf(a->id, sizeof a->id, "%s",
		 (const char *)sqlite3_column_text(stmt, 0));
	a->code = db_column_dup(stmt, 1);
	a->name = db_column_dup(stmt, 2);
	a->name_en = db_column_dup(stmt, 3);
	a->sort_order = sqlite3_column_int(stmt, 4);
	a->active = sqlite3_column_int(stmt, 5) != 0;
	return a->code && a->name && a->name_en ? SP_OK : SP_ERR_NOMEM;
}

static void activity_clear(struct activity *a)
{
	free(a->code);
	free(a->name);
	free(a->name_en);
}

void activity_list_free(struct activity *arr, size_t count)
{
	if (!arr)
		return;
	for (size_t i = 0; i < count; i++)
		activity_clear(&arr[i]);
	free(arr);
}

void activity_free(struct activity *a)
{
	if (!a)
		return;
	activity_clear(a);
	free(a);
}

enum sp_status activity_list(struct db *db, bool include_inactive,
			     struct activity **out, size_t *count)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_activity_list);
	struct activity *arr = NULL;
	size_t n = 0, cap = 0;
	enum sp_status status = SP_OK;
	int rc;

	*out = NULL;
	*count = 0;
	if (!stmt)
		return SP_ERR_DB;
	sqlite3_bind_int(stmt, 1, include_inactive ? 1 : 0);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (n == cap) {
			size_t grown_cap = cap ? cap * 2 : 8;
			struct activity *grown =
				realloc(arr, grown_cap * sizeof *grown);
			if (!grown) {
				status = SP_ERR_NOMEM;
				break;
			}
			arr = grown;
			cap = grown_cap;
		}
		memset(&arr[n], 0, sizeof arr[n]);
		status = activity_from_row(stmt, &arr[n]);
		n++;
		if (status != SP_OK)
			break;
	}
	if (status == SP_OK && rc != SQLITE_DONE)
		status = db_status_from_rc(rc);
	sqlite3_reset(stmt);
	if (status != SP_OK) {
		activity_list_free(arr, n);
		return status;
	}
	*out = arr;
	*count = n;
	return SP_OK;
}

enum sp_status activity_find_by_code(struct db *db, const char *code,
				     struct activity **out)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_activity_by_code);
	struct activity *a;
	enum sp_status status;
	int rc;

	*out = NULL;
	if (!stmt)
		return SP_ERR_DB;
	sqlite3_bind_text(stmt, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(stmt);
		return rc == SQLITE_DONE ? SP_ERR_NOT_FOUND : db_status_from_rc(rc);
	}
	a = calloc(1, sizeof *a);
	if (!a) {
		sqlite3_reset(stmt);
		return SP_ERR_NOMEM;
	}
	status = activity_from_row(stmt, a);
	sqlite3_reset(stmt);
	if (status != SP_OK) {
		activity_free(a);
		return status;
	}
	*out = a;
	return SP_OK;
}

enum sp_status activity_validate_code(const char *code)
{
	size_t n;

	if (!code || !*code)
		return SP_ERR_TEXT_EMPTY;
	n = strlen(code);
	if (n > ACTIVITY_CODE_MAX)
		return SP_ERR_TEXT_TOO_LONG;
	if (strspn(code, "abcdefghijklmnopqrstuvwxyz0123456789_-") != n)
		return SP_ERR_INVALID;
	return SP_OK;
}

static enum sp_status activity_validate(const char *code, const char *name,
					const char *name_en)
{
	enum sp_status status = activity_validate_code(code);

	if (status == SP_OK)
		status = text_validate(name, ACTIVITY_NAME_MAX, true, false);
	if (status == SP_OK && name_en)
		status = text_validate(name_en, ACTIVITY_NAME_EN_MAX, false, false);
	return status;
}

/* The audit detail as compact JSON; caller frees. */
static char *activity_detail_dup(const char *code, const char *name)
{
	json_t *obj = name ? json_pack("{s:s, s:s}", "code", code, "name", name)
			   : json_pack("{s:s}", "code", code);
	char *text;

	if (!obj)
		return NULL;
	text = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(obj);
	return text;
}

enum sp_status activity_add_in_tx(struct db *db, const char *code,
				  const char *name, const char *name_en,
				  int sort_order, const char *actor_id,
				  char id_out[UUID_STR_LEN])
{
	char id[UUID_STR_LEN];
	char now[CLOCK_UTC_LEN];
	sqlite3_stmt *stmt;
	enum sp_status status;
	char *detail;
	int rc;

	status = activity_validate(code, name, name_en);
	if (status != SP_OK)
		return status;
	stmt = db_stmt(db, sql_activity_insert);
	if (!stmt)
		return SP_ERR_DB;
	uuid_v7_new(id);
	clock_format_utc(clock_now_ms(), now);
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, name_en ? name_en : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 5, sort_order);
	sqlite3_bind_text(stmt, 6, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	status = db_status_from_rc(rc);
	if (status != SP_OK)
		return status;
	detail = activity_detail_dup(code, name);
	if (!detail)
		return SP_ERR_NOMEM;
	status = audit_append(db, actor_id, "activity.add", id, detail);
	free(detail);
	if (status == SP_OK && id_out)
		memcpy(id_out, id, UUID_STR_LEN);
	return status;
}

enum sp_status activity_add(struct db *db, const char *code, const char *name,
			    const char *name_en, int sort_order,
			    const char *actor_id, char id_out[UUID_STR_LEN])
{
	enum sp_status status = activity_validate(code, name, name_en);

	if (status != SP_OK)
		return status;
	status = db_begin(db);
	if (status != SP_OK)
		return status;
	status = activity_add_in_tx(db, code, name, name_en, sort_order,
				    actor_id, id_out);
	if (status == SP_OK)
		status = db_commit(db);
	if (status != SP_OK)
		db_rollback(db);
	return status;
}

enum sp_status activity_set_active(struct db *db, const char *code,
				   bool active, const char *actor_id)
{
	struct activity *a = NULL;
	sqlite3_stmt *stmt;
	enum sp_status status;
	char *detail = NULL;
	int rc;

	status = db_begin(db);
	if (status != SP_OK)
		return status;
	/* Read inside the transaction, so the state we compare with is the
	 * state we change. */
	status = activity_find_by_code(db, code, &a);
	if (status != SP_OK || a->active == active)
		goto done;
	stmt = db_stmt(db, sql_activity_set_active);
	if (!stmt) {
		status = SP_ERR_DB;
		goto done;
	}
	sqlite3_bind_text(stmt, 1, a->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, active ? 1 : 0);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	status = db_status_from_rc(rc);
	if (status != SP_OK)
		goto done;
	detail = activity_detail_dup(a->code, NULL);
	if (!detail) {
		status = SP_ERR_NOMEM;
		goto done;
	}
	status = audit_append(db, actor_id,
			      active ? "activity.enable" : "activity.disable",
			      a->id, detail);
done:
	if (status == SP_OK)
		status = db_commit(db);
	if (status != SP_OK)
		db_rollback(db);
	free(detail);
	activity_free(a);
	return status;
}

const char *activity_display_name(const struct activity *a,
				  const char *language)
{
	if (!a)
		return "";
	if (language && strcmp(language, "en") == 0 && a->name_en &&
	    a->name_en[0])
		return a->name_en;
	return a->name ? a->name : "";
}
