/* sync.c — the station side of the sync: reading changed rows from the
 * change log, the watermark in sync_state, applying the central roster to
 * the member table, and the push loop around central.c.
 *
 * It must never move the watermark past a batch the central has not
 * committed, never send a member, and never touch the lockout state of a
 * member the roster did not change. The kiosk path is not here: the
 * triggers that feed change_log cost one small insert per write. */
#include "sync.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "central.h"
#include "clock.h"
#include "i18n.h"
#include "member.h"
#include "station.h"
#include "text.h"

/* ---- the synced tables --------------------------------------------------- */

static const char *const cols_service_entry[] = {
	"id", "member_id", "activity_id", "shift_id", "kind", "started_at",
	"ended_at", "minutes", "round_minutes", "note", "status",
	"verified_by", "verified_at", "reject_reason", "voided_at",
	"voided_by", "void_reason", "replaces_id", "created_at", "updated_at",
};
static const char *const cols_commitment[] = {
	"id", "member_id", "shift_id", "text", "category", "due_date",
	"public", "status", "fulfilled_at", "fulfil_note", "verified_by",
	"verified_at", "reject_reason", "withdrawn_at", "withdraw_reason",
	"voided_at", "voided_by", "void_reason", "replaces_id", "created_at",
	"updated_at",
};
static const char *const cols_shift[] = {
	"id", "opened_by", "opened_at", "closed_by", "closed_at", "note",
};
static const char *const cols_feedback[] = {
	"id", "shift_id", "rating", "comment", "created_at",
};
static const char *const cols_audit_log[] = {
	"id", "seq", "at", "actor_id", "action", "target", "detail",
	"prev_hash", "hash",
};
static const char *const cols_brand[] = {
	"id", "name", "slogan", "logo", "connotation", "concept", "goals",
	"type", "stage", "profile_url", "created_at", "updated_at", "revision",
};
static const char *const cols_activity_type[] = {
	"id", "code", "name", "name_en", "sort_order", "active", "created_at",
};

#define SYNC_COLS(a) (sizeof(a) / sizeof(a)[0]), (a)

static const struct sync_table_info sync_tables[SYNC_TABLE_COUNT] = {
	[SYNC_SERVICE_ENTRY] = {"service_entry", SYNC_COLS(cols_service_entry)},
	[SYNC_COMMITMENT] = {"commitment", SYNC_COLS(cols_commitment)},
	[SYNC_SHIFT] = {"shift", SYNC_COLS(cols_shift)},
	[SYNC_FEEDBACK] = {"feedback", SYNC_COLS(cols_feedback)},
	[SYNC_AUDIT_LOG] = {"audit_log", SYNC_COLS(cols_audit_log)},
	[SYNC_BRAND] = {"brand", SYNC_COLS(cols_brand)},
	[SYNC_ACTIVITY_TYPE] = {"activity_type", SYNC_COLS(cols_activity_type)},
};

/* The row reads, column for column as above (checked when read). */
static const char sql_row_service_entry[] =
	"SELECT id, member_id, activity_id, shift_id, kind, started_at,"
	" ended_at, minutes, round_minutes, note, status, verified_by,"
	" verified_at, reject_reason, voided_at, voided_by, void_reason,"
	" replaces_id, created_at, updated_at FROM service_entry WHERE id = ?1";
static const char sql_row_commitment[] =
	"SELECT id, member_id, shift_id, text, category, due_date, public,"
	" status, fulfilled_at, fulfil_note, verified_by, verified_at,"
	" reject_reason, withdrawn_at, withdraw_reason, voided_at, voided_by,"
	" void_reason, replaces_id, created_at, updated_at"
	" FROM commitment WHERE id = ?1";
static const char sql_row_shift[] =
	"SELECT id, opened_by, opened_at, closed_by, closed_at, note"
	" FROM shift WHERE id = ?1";
static const char sql_row_feedback[] =
	"SELECT id, shift_id, rating, comment, created_at"
	" FROM feedback WHERE id = ?1";
static const char sql_row_audit_log[] =
	"SELECT id, seq, at, actor_id, action, target, detail, prev_hash, hash"
	" FROM audit_log WHERE id = ?1";
static const char sql_row_brand[] =
	"SELECT id, name, slogan, logo, connotation, concept, goals, type,"
	" stage, profile_url, created_at, updated_at, revision"
	" FROM brand WHERE id = ?1";
static const char sql_row_activity_type[] =
	"SELECT id, code, name, name_en, sort_order, active, created_at"
	" FROM activity_type WHERE id = ?1";

static const char *const sync_row_sql[SYNC_TABLE_COUNT] = {
	[SYNC_SERVICE_ENTRY] = sql_row_service_entry,
	[SYNC_COMMITMENT] = sql_row_commitment,
	[SYNC_SHIFT] = sql_row_shift,
	[SYNC_FEEDBACK] = sql_row_feedback,
	[SYNC_AUDIT_LOG] = sql_row_audit_log,
	[SYNC_BRAND] = sql_row_brand,
	[SYNC_ACTIVITY_TYPE] = sql_row_activity_type,
};

/* Each change with the seq of its row's latest change: only that one
 * carries the row, so a batch holds every row once. */
static const char sql_changes[] =
	"SELECT c.seq, c.tbl, c.row_id,"
	" (SELECT max(l.seq) FROM change_log l"
	"   WHERE l.row_id = c.row_id AND l.tbl = c.tbl)"
	" FROM change_log c WHERE c.seq > ?1 ORDER BY c.seq LIMIT ?2";

static const char sql_state_get[] =
	"SELECT value FROM sync_state WHERE name = ?1";
static const char sql_state_set[] =
	"INSERT INTO sync_state(name, value, updated_at) VALUES (?1, ?2, ?3)"
	" ON CONFLICT(name) DO UPDATE SET value = excluded.value,"
	" updated_at = excluded.updated_at";
static const char sql_last_seq[] =
	"SELECT coalesce(max(seq), 0) FROM change_log";
static const char sql_waiting[] =
	"SELECT count(*) FROM change_log WHERE seq > ?1";

static const char sql_member_by_id[] =
	"SELECT id, member_no, name, branch, role, pin_hash, active"
	" FROM member WHERE id = ?1";
static const char sql_member_by_no[] =
	"SELECT id, member_no, name, branch, role, pin_hash, active"
	" FROM member WHERE member_no = ?1";
static const char sql_member_insert[] =
	"INSERT INTO member(id, member_no, name, branch, role, pin_hash, active,"
	" created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)";
/* A new PIN hash clears the lockout, as an import does; otherwise the
 * counters stay as they are. */
static const char sql_member_update[] =
	"UPDATE member SET member_no = ?2, name = ?3, branch = ?4, role = ?5,"
	" failed_pins = CASE WHEN pin_hash IS ?6 THEN failed_pins ELSE 0 END,"
	" locked_until = CASE WHEN pin_hash IS ?6 THEN locked_until ELSE NULL END,"
	" pin_hash = ?6, active = ?7, updated_at = ?8 WHERE id = ?1";

#define SYNC_KEY_ACKED "push_acked_seq"
#define SYNC_KEY_LAST_PUSH "push_last_at"
#define SYNC_KEY_ROSTER "pull_member_rev"

const struct sync_table_info *sync_table(enum sync_table_id id)
{
	if ((unsigned)id >= SYNC_TABLE_COUNT)
		return NULL;
	return &sync_tables[id];
}

bool sync_table_find(const char *name, enum sync_table_id *out)
{
	for (int i = 0; i < SYNC_TABLE_COUNT; i++) {
		if (strcmp(sync_tables[i].name, name) == 0) {
			*out = (enum sync_table_id)i;
			return true;
		}
	}
	return false;
}

/* ---- batches ------------------------------------------------------------ */

struct sync_batch *sync_batch_new(void)
{
	return calloc(1, sizeof(struct sync_batch));
}

void sync_batch_free(struct sync_batch *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->nrows; i++)
		free(b->rows[i].values);
	free(b->rows);
	free(b->ranges);
	free(b);
}

char **sync_row_values_new(size_t n, const char *const *texts)
{
	size_t bytes = n * sizeof(char *);
	char **values;
	char *p;

	for (size_t i = 0; i < n; i++) {
		if (texts[i])
			bytes += strlen(texts[i]) + 1;
	}
	values = malloc(bytes ? bytes : 1);
	if (!values)
		return NULL;
	p = (char *)(values + n);
	for (size_t i = 0; i < n; i++) {
		if (!texts[i]) {
			values[i] = NULL;
			continue;
		}
		size_t len = strlen(texts[i]) + 1;
		memcpy(p, texts[i], len);
		values[i] = p;
		p += len;
	}
	return values;
}

enum sp_status sync_batch_add_row(struct sync_batch *b,
				  enum sync_table_id table, int64_t revision,
				  char **values)
{
	if (b->nrows == b->rows_cap) {
		size_t cap = b->rows_cap ? b->rows_cap * 2 : 256;
		struct sync_row *grown = realloc(b->rows, cap * sizeof *grown);
		if (!grown) {
			free(values);
			return SP_ERR_NOMEM;
		}
		b->rows = grown;
		b->rows_cap = cap;
	}
	b->rows[b->nrows++] = (struct sync_row){table, revision, values};
	return SP_OK;
}

enum sp_status sync_batch_add_range(struct sync_batch *b, int64_t lo,
				    int64_t hi)
{
	if (lo > hi || lo < 1)
		return SP_ERR_INVALID;
	if (b->nranges > 0) {
		struct sync_range *last = &b->ranges[b->nranges - 1];
		if (lo <= last->hi)
			return SP_ERR_INVALID;
		if (lo == last->hi + 1) {
			last->hi = hi;
			return SP_OK;
		}
	}
	if (b->nranges == b->ranges_cap) {
		size_t cap = b->ranges_cap ? b->ranges_cap * 2 : 8;
		struct sync_range *grown = realloc(b->ranges, cap * sizeof *grown);
		if (!grown)
			return SP_ERR_NOMEM;
		b->ranges = grown;
		b->ranges_cap = cap;
	}
	b->ranges[b->nranges++] = (struct sync_range){lo, hi};
	return SP_OK;
}

enum sp_status sync_batch_add_seq(struct sync_batch *b, int64_t seq)
{
	return sync_batch_add_range(b, seq, seq);
}

/* The current state of one row; SP_ERR_NOT_FOUND when it is gone. */
static enum sp_status sync_read_row(struct db *db, enum sync_table_id t,
				    const char *row_id, char ***values_out)
{
	const struct sync_table_info *info = &sync_tables[t];
	sqlite3_stmt *stmt = db_stmt(db, sync_row_sql[t]);
	const char *texts[32];
	enum sp_status status = SP_OK;
	int rc;

	*values_out = NULL;
	if (!stmt)
		return SP_ERR_DB;
	if ((size_t)sqlite3_column_count(stmt) != info->ncols ||
	    info->ncols > sizeof texts / sizeof texts[0]) {
		sqlite3_reset(stmt);
		return SP_ERR_DB;
	}
	sqlite3_bind_text(stmt, 1, row_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		for (size_t i = 0; i < info->ncols; i++)
			texts[i] = (const char *)sqlite3_column_text(stmt, (int)i);
		*values_out = sync_row_values_new(info->ncols, texts);
		if (!*values_out)
			status = SP_ERR_NOMEM;
	} else if (rc == SQLITE_DONE) {
		status = SP_ERR_NOT_FOUND;
	} else {
		status = db_status_from_rc(rc);
	}
	sqlite3_reset(stmt);
	return status;
}

/* Reads the batch; the caller holds the read transaction. */
static enum sp_status sync_batch_fill(struct db *db, int64_t after_seq,
				      int64_t max_changes, struct sync_batch *b)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_changes);
	enum sp_status status = SP_OK;
	int rc;

	if (!stmt)
		return SP_ERR_DB;
	b->after_seq = b->last_seq = after_seq;
	sqlite3_bind_int64(stmt, 1, after_seq);
	sqlite3_bind_int64(stmt, 2, max_changes);
	while (status == SP_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(stmt, 0);
		const char *tbl = (const char *)sqlite3_column_text(stmt, 1);
		const char *row_id = (const char *)sqlite3_column_text(stmt, 2);
		int64_t latest = sqlite3_column_int64(stmt, 3);
		enum sync_table_id t;
		char **values = NULL;

		b->changes++;
		b->last_seq = seq;
		/* A change of a table this build does not sync, or of a row
		 * that is gone, is left out: the central sees the gap. */
		if (!tbl || !row_id || !sync_table_find(tbl, &t))
			continue;
		status = sync_read_row(db, t, row_id, &values);
		if (status == SP_ERR_NOT_FOUND) {
			status = SP_OK;
			continue;
		}
		if (status == SP_OK && seq == latest)
			status = sync_batch_add_row(b, t, latest, values);
		else
			free(values);
		if (status == SP_OK)
			status = sync_batch_add_seq(b, seq);
	}
	if (status == SP_OK && rc != SQLITE_DONE)
		status = db_status_from_rc(rc);
	sqlite3_reset(stmt);
	return status;
}

enum sp_status sync_batch_read(struct db *db, int64_t after_seq,
			       int64_t max_changes, struct sync_batch *b)
{
	enum sp_status status;

	if (max_changes < 1)
		return SP_ERR_INVALID;
	/* A deferred transaction: one snapshot for the change list and the
	 * rows, without holding the write lock the kiosk needs. */
	status = db_exec(db, "BEGIN");
	if (status != SP_OK)
		return status;
	status = sync_batch_fill(db, after_seq, max_changes, b);
	db_rollback(db);
	return status;
}

/* ---- watermark and status ----------------------------------------------- */

static enum sp_status sync_state_get_dup(struct db *db, const char *name,
					 char **out)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_state_get);
	enum sp_status status = SP_ERR_NOT_FOUND;
	int rc;

	*out = NULL;
	if (!stmt)
		return SP_ERR_DB;
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*out = db_column_dup(stmt, 0);
		status = *out ? SP_OK : SP_ERR_NOMEM;
	} else if (rc != SQLITE_DONE) {
		status = db_status_from_rc(rc);
	}
	sqlite3_reset(stmt);
	return status;
}

static enum sp_status sync_state_get_int(struct db *db, const char *name,
					 int64_t *out)
{
	char *text = NULL;
	enum sp_status status = sync_state_get_dup(db, name, &text);

	*out = 0;
	if (status == SP_ERR_NOT_FOUND)
		return SP_OK;
	if (status == SP_OK) {
		char *end = NULL;
		long long v = strtoll(text, &end, 10);
		if (end == text || *end != '\0' || v < 0)
			status = SP_ERR_CORRUPT;
		else
			*out = v;
	}
	free(text);
	return status;
}

/* Must run inside the caller's transaction. */
static enum sp_status sync_state_set(struct db *db, const char *name,
				     const char *value)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_state_set);
	char now[CLOCK_UTC_LEN];
	int rc;

	if (!stmt)
		return SP_ERR_DB;
	clock_format_utc(clock_now_ms(), now);
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return db_status_from_rc(rc);
}

static enum sp_status sync_state_set_int(struct db *db, const char *name,
					 int64_t value)
{
	char buf[24];

	snprintf(buf, sizeof buf, "%lld", (long long)value);
	return sync_state_set(db, name, buf);
}

static enum sp_status sync_query_int(struct db *db, const char *sql,
				     int64_t arg, bool has_arg, int64_t *out)
{
	sqlite3_stmt *stmt = db_stmt(db, sql);
	int rc;

	*out = 0;
	if (!stmt)
		return SP_ERR_DB;
	if (has_arg)
		sqlite3_bind_int64(stmt, 1, arg);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return rc == SQLITE_ROW ? SP_OK : db_status_from_rc(rc);
}

enum sp_status sync_status_read(struct db *db, struct sync_status *out)
{
	char *text = NULL;
	enum sp_status status;

	memset(out, 0, sizeof *out);
	status = sync_state_get_int(db, SYNC_KEY_ACKED, &out->acked_seq);
	if (status == SP_OK)
		status = sync_state_get_int(db, SYNC_KEY_ROSTER,
					    &out->roster_revision);
	if (status == SP_OK)
		status = sync_query_int(db, sql_last_seq, 0, false,
					&out->last_seq);
	if (status == SP_OK)
		status = sync_query_int(db, sql_waiting, out->acked_seq, true,
					&out->waiting);
	if (status == SP_OK) {
		status = sync_state_get_dup(db, SYNC_KEY_LAST_PUSH, &text);
		if (status == SP_OK &&
		    clock_parse_utc(text, &out->last_push_ms) != SP_OK)
			out->last_push_ms = 0;
		if (status == SP_ERR_NOT_FOUND)
			status = SP_OK;
		free(text);
	}
	return status;
}

enum sp_status sync_ack(struct db *db, int64_t seq, const char *actor_note)
{
	char now[CLOCK_UTC_LEN];
	int64_t acked = 0, last = 0;
	enum sp_status status = db_begin(db);

	if (status != SP_OK)
		return status;
	status = sync_state_get_int(db, SYNC_KEY_ACKED, &acked);
	if (status == SP_OK)
		status = sync_query_int(db, sql_last_seq, 0, false, &last);
	if (status == SP_OK && (seq < 0 || seq > last))
		status = SP_ERR_INVALID;
	/* Two pushes of one station may finish out of order: the
	 * watermark only ever moves forward. */
	if (status == SP_OK && seq > acked)
		status = sync_state_set_int(db, SYNC_KEY_ACKED, seq);
	if (status == SP_OK && !actor_note) {
		clock_format_utc(clock_now_ms(), now);
		status = sync_state_set(db, SYNC_KEY_LAST_PUSH, now);
	}
	if (status == SP_OK && actor_note) {
		char detail[64];
		snprintf(detail, sizeof detail, "from=%lld to=%lld",
			 (long long)acked, (long long)(seq > acked ? seq : acked));
		status = audit_append(db, NULL, "sync.ack", actor_note, detail);
	}
	if (status == SP_OK)
		status = db_commit(db);
	if (status != SP_OK)
		db_rollback(db);
	return status;
}

/* The most of a failure's detail the audit row keeps, in columns. */
#define SYNC_FAILURE_DETAIL_COLS 300

enum sp_status sync_note_failure(struct db *db, const char *actor_id,
				 enum sp_status failure, const char *detail)
{
	char kept[SYNC_FAILURE_DETAIL_COLS * 4 + 1];
	char *safe = text_sanitize_dup(detail ? detail : "", false);
	enum sp_status status;

	if (!safe)
		return SP_ERR_NOMEM;
	/* the server's words are not ours to trust: no control characters,
	 * and not a page of them */
	text_fit_copy(kept, sizeof kept, safe, SYNC_FAILURE_DETAIL_COLS, false);
	free(safe);
	status = db_begin(db);
	if (status != SP_OK)
		return status;
	status = audit_append(db, actor_id, "sync.push.failed",
			      status_name(failure), kept);
	if (status == SP_OK)
		status = db_commit(db);
	if (status != SP_OK)
		db_rollback(db);
	return status;
}

/* ---- the roster --------------------------------------------------------- */

void sync_members_free(struct sync_member *m, size_t n)
{
	if (!m)
		return;
	for (size_t i = 0; i < n; i++) {
		free(m[i].id);
		free(m[i].member_no);
		free(m[i].name);
		free(m[i].branch);
		free(m[i].role);
		free(m[i].pin_hash);
	}
	free(m);
}

/* The roster is data from elsewhere: it must pass the same checks as a
 * member added here before it can reach the kiosk's screen. */
static enum sp_status sync_check_member(const struct sync_member *m)
{
	enum member_role role;
	struct member_spec spec;

	if (!uuid_is_valid(m->id) || member_role_parse(m->role, &role) != SP_OK ||
	    strncmp(m->pin_hash, "$argon2id$", 10) != 0 ||
	    strlen(m->pin_hash) >= PIN_HASH_LEN)
		return SP_ERR_INVALID;
	spec = (struct member_spec){m->member_no, m->name, m->branch, role};
	return member_validate_spec(&spec, NULL);
}

static bool sync_same_text(sqlite3_stmt *stmt, int col, const char *value)
{
	const unsigned char *text = sqlite3_column_text(stmt, col);
	return strcmp(text ? (const char *)text : "", value) == 0;
}

/* Finds the local member for m (by id, else by badge): *found, the local
 * id and whether anything differs. */
static enum sp_status sync_member_lookup(struct db *db,
					 const struct sync_member *m,
					 bool *found, bool *same,
					 char local_id[UUID_STR_LEN])
{
	const char *sqls[2] = {sql_member_by_id, sql_member_by_no};
	const char *keys[2] = {m->id, m->member_no};

	*found = *same = false;
	for (int k = 0; k < 2 && !*found; k++) {
		sqlite3_stmt *stmt = db_stmt(db, sqls[k]);
		int rc;

		if (!stmt)
			return SP_ERR_DB;
		sqlite3_bind_text(stmt, 1, keys[k], -1, SQLITE_STATIC);
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW) {
			const unsigned char *id = sqlite3_column_text(stmt, 0);
			*found = true;
			snprintf(local_id, UUID_STR_LEN, "%s",
				 id ? (const char *)id : "");
			*same = sync_same_text(stmt, 1, m->member_no) &&
				sync_same_text(stmt, 2, m->name) &&
				sync_same_text(stmt, 3, m->branch) &&
				sync_same_text(stmt, 4, m->role) &&
				sync_same_text(stmt, 5, m->pin_hash) &&
				sqlite3_column_int(stmt, 6) == (m->active ? 1 : 0);
		}
		sqlite3_reset(stmt);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_status_from_rc(rc);
	}
	return SP_OK;
}

static enum sp_status sync_member_write(struct db *db, const char *sql,
					const char *id,
					const struct sync_member *m,
					const char *now)
{
	sqlite3_stmt *stmt = db_stmt(db, sql);
	int rc;

	if (!stmt)
		return SP_ERR_DB;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, m->member_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, m->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, m->branch, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, m->role, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, m->pin_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 7, m->active ? 1 : 0);
	sqlite3_bind_text(stmt, 8, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return db_status_from_rc(rc);
}

enum sp_status sync_apply_roster(struct db *db, const struct sync_member *m,
				 size_t n, struct sync_pull_result *out)
{
	char now[CLOCK_UTC_LEN];
	int64_t revision = 0;
	enum sp_status status;

	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < n; i++) {
		if (sync_check_member(&m[i]) != SP_OK)
			return SP_ERR_INVALID;
	}
	status = db_begin(db);
	if (status != SP_OK)
		return status;
	status = sync_state_get_int(db, SYNC_KEY_ROSTER, &revision);
	clock_format_utc(clock_now_ms(), now);
	for (size_t i = 0; i < n && status == SP_OK; i++) {
		char local_id[UUID_STR_LEN];
		bool found, same;

		status = sync_member_lookup(db, &m[i], &found, &same, local_id);
		if (status != SP_OK)
			break;
		/* A badge this station added itself keeps its local id: its
		 * entries refer to it. */
		if (!found) {
			status = sync_member_write(db, sql_member_insert, m[i].id,
						   &m[i], now);
			out->added++;
		} else if (!same) {
			status = sync_member_write(db, sql_member_update,
						   local_id, &m[i], now);
			out->updated++;
		} else {
			out->unchanged++;
		}
		if (m[i].revision > revision)
			revision = m[i].revision;
	}
	if (status == SP_OK)
		status = sync_state_set_int(db, SYNC_KEY_ROSTER, revision);
	if (status == SP_OK && (out->added || out->updated)) {
		char detail[96];
		snprintf(detail, sizeof detail, "added=%d updated=%d revision=%lld",
			 out->added, out->updated, (long long)revision);
		status = audit_append(db, NULL, "sync.pull", "", detail);
	}
	if (status == SP_OK)
		status = db_commit(db);
	if (status != SP_OK) {
		db_rollback(db);
		memset(out, 0, sizeof *out);
		return status;
	}
	out->revision = revision;
	return SP_OK;
}

enum sp_status sync_pull(struct db *db, struct central *c,
			 struct sync_pull_result *out)
{
	struct sync_member *members = NULL;
	size_t n = 0;
	int64_t revision = 0;
	enum sp_status status;

	memset(out, 0, sizeof *out);
	status = sync_state_get_int(db, SYNC_KEY_ROSTER, &revision);
	if (status == SP_OK)
		status = central_roster_since(c, revision, &members, &n);
	if (status == SP_OK)
		status = sync_apply_roster(db, members, n, out);
	sync_members_free(members, n);
	return status;
}

/* ---- push --------------------------------------------------------------- */

/* The next batch is read from the store while the central stores the
 * current one. The two never use the store at the same time: the reader
 * is joined before the watermark is written. */
struct sync_prefetch {
	struct db *db;
	int64_t after_seq;
	int64_t max_changes;
	struct sync_batch *batch;
	enum sp_status status;
};

static void *sync_prefetch_run(void *arg)
{
	struct sync_prefetch *p = arg;

	p->status = sync_batch_read(p->db, p->after_seq, p->max_changes,
				    p->batch);
	return NULL;
}

/* Starts reading the batch after after_seq; *started tells whether a
 * thread runs (if none could start, the read happened here). */
static void sync_prefetch_start(struct sync_prefetch *p, pthread_t *thread,
				bool *started)
{
	*started = false;
	p->batch = sync_batch_new();
	if (!p->batch) {
		p->status = SP_ERR_NOMEM;
		return;
	}
	if (pthread_create(thread, NULL, sync_prefetch_run, p) == 0)
		*started = true;
	else
		sync_prefetch_run(p);
}

enum sp_status sync_push(struct db *db, struct central *c, int batch_rows,
			 sync_progress_fn fn, void *ctx,
			 struct sync_push_result *out)
{
	struct sync_status st;
	struct sync_prefetch next = {db, 0, batch_rows, NULL, SP_OK};
	struct sync_batch *b = NULL;
	char *station_id = NULL;
	enum sp_status status;

	memset(out, 0, sizeof *out);
	if (batch_rows < 1)
		return SP_ERR_INVALID;
	status = station_id_dup(db, &station_id);
	if (status == SP_OK)
		status = central_check(c);
	if (status == SP_OK)
		status = sync_pull(db, c, &out->pull);
	if (status == SP_OK)
		status = sync_status_read(db, &st);
	if (status == SP_OK) {
		out->progress.changes_total = st.waiting;
		out->progress.acked_seq = st.acked_seq;
		b = sync_batch_new();
		status = b ? sync_batch_read(db, st.acked_seq, batch_rows, b)
			   : SP_ERR_NOMEM;
	}
	while (status == SP_OK && b->changes > 0) {
		pthread_t thread;
		bool started;

		next.after_seq = b->last_seq;
		sync_prefetch_start(&next, &thread, &started);
		status = central_push_batch(c, station_id, b);
		if (started)
			pthread_join(thread, NULL);
		/* Only now is the batch the central's: move the watermark. */
		if (status == SP_OK)
			status = sync_ack(db, b->last_seq, NULL);
		if (status == SP_OK) {
			out->progress.batches++;
			out->progress.changes_done += b->changes;
			out->progress.rows_sent += (int64_t)b->nrows;
			out->progress.acked_seq = b->last_seq;
			if (out->progress.changes_done > out->progress.changes_total)
				out->progress.changes_total =
					out->progress.changes_done;
			if (fn)
				fn(&out->progress, ctx);
			status = next.status;
		}
		sync_batch_free(b);
		b = next.batch;
		next.batch = NULL;
	}
	sync_batch_free(b);
	free(station_id);
	return status;
}
