/* member.c — the member table: adding, finding, listing, and PIN sign-in
 * with lockout.
 *
 * Owns the rules for badge numbers, names, branches and roles, and for
 * counting wrong PINs: the count and the lock live in the store, so
 * restarting the kiosk never clears a lock. Argon2id work (tens of
 * milliseconds) is always done outside a write transaction, so other
 * writers are never kept waiting on it. It must never reveal whether a
 * badge exists through the time a refusal takes (an unknown badge costs
 * the same Argon2id work and the same one committed write as a wrong
 * PIN: both are counted in signin_failure), and never keep a PIN. */
#include "member.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "text.h"

static const char *const member_role_names[] = {
	[MEMBER_ROLE_MEMBER] = "member",
	[MEMBER_ROLE_STAFF] = "staff",
	[MEMBER_ROLE_ADMIN] = "admin",
};

#define MEMBER_ROLE_COUNT (sizeof member_role_names / sizeof member_role_names[0])

/* The columns every read below returns, in this order. */
#define MEMBER_COLUMNS \
	"id, member_no, name, branch, role, failed_pins, locked_until, active, pin_hash"

static const char sql_member_by_no[] =
	"SELECT " MEMBER_COLUMNS " FROM member WHERE member_no = ?1";
static const char sql_member_by_id[] =
	"SELECT " MEMBER_COLUMNS " FROM member WHERE id = ?1";
static const char sql_member_all[] =
	"SELECT " MEMBER_COLUMNS " FROM member ORDER BY member_no";
static const char sql_member_exists[] =
	"SELECT 1 FROM member WHERE member_no = ?1";
static const char sql_member_insert[] =
	"INSERT INTO member(id, member_no, name, branch, role, pin_hash,"
	" created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)";
static const char sql_member_set_failures[] =
	"UPDATE member SET failed_pins = ?2, locked_until = ?3, updated_at = ?4"
	" WHERE id = ?1";
/* Refused sign-ins, counted per hour (migration 5): never a badge or a
 * PIN typed, only how many. */
static const char sql_member_signin_failure_add[] =
	"INSERT INTO signin_failure(window_start, unknown_badge, wrong_pin,"
	" last_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (window_start) DO UPDATE"
	" SET unknown_badge = unknown_badge + excluded.unknown_badge,"
	" wrong_pin = wrong_pin + excluded.wrong_pin, last_at = excluded.last_at";
static const char sql_member_signin_failures[] =
	"SELECT COALESCE(SUM(unknown_badge), 0), COALESCE(SUM(wrong_pin), 0),"
	" max(last_at) FROM signin_failure"
	" WHERE window_start >= ?1 AND window_start < ?2";
static const char sql_member_signed_in[] =
	"UPDATE member SET failed_pins = 0, locked_until = NULL,"
	" pin_hash = coalesce(?2, pin_hash), updated_at = ?3 WHERE id = ?1";

void member_free(struct member *m)
{
	if (!m)
		return;
	free(m->member_no);
	free(m->name);
	free(m->branch);
	free(m);
}

const char *member_role_name(enum member_role role)
{
	if ((unsigned)role >= MEMBER_ROLE_COUNT)
		return "member";
	return member_role_names[role];
}

enum sp_status member_role_parse(const char *name, enum member_role *out)
{
	if (!name)
		return SP_ERR_INVALID;
	for (size_t i = 0; i < MEMBER_ROLE_COUNT; i++) {
		if (strcmp(name, member_role_names[i]) == 0) {
			*out = (enum member_role)i;
			return SP_OK;
		}
	}
	return SP_ERR_INVALID;
}

enum sp_status member_validate_no(const char *member_no)
{
	size_t n = 0;

	if (!member_no || !*member_no)
		return SP_ERR_TEXT_EMPTY;
	/* ASCII only: badges come from a barcode scanner, and a narrow
	 * alphabet keeps look-alike characters out of the key. */
	for (; member_no[n]; n++) {
		char c = member_no[n];
		bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
			  (c >= 'a' && c <= 'z') || c == '-';
		if (!ok || n >= MEMBER_NO_MAX)
			return SP_ERR_INVALID;
	}
	return SP_OK;
}

enum sp_status member_validate_spec(const struct member_spec *spec,
				    const char **field_out)
{
	enum sp_status status;
	const char *field = "member_no";

	status = member_validate_no(spec->member_no);
	if (status == SP_OK) {
		field = "name";
		status = text_validate(spec->name ? spec->name : "",
				       MEMBER_NAME_MAX, true, false);
	}
	if (status == SP_OK) {
		field = "branch";
		status = text_validate(spec->branch ? spec->branch : "",
				       MEMBER_BRANCH_MAX, false, false);
	}
	if (status == SP_OK) {
		field = "role";
		if ((unsigned)spec->role >= MEMBER_ROLE_COUNT)
			status = SP_ERR_INVALID;
	}
	if (field_out)
		*field_out = status == SP_OK ? NULL : field;
	return status;
}

static int64_t member_column_time(sqlite3_stmt *stmt, int col)
{
	const unsigned char *text = sqlite3_column_text(stmt, col);
	int64_t ms = 0;

	if (!text || clock_parse_utc((const char *)text, &ms) != SP_OK)
		return 0;
	return ms;
}

/* Builds a member from a row of MEMBER_COLUMNS; the stored PIN hash is
 * copied into hash_out when that is not NULL. */
static enum sp_status member_from_row(sqlite3_stmt *stmt, struct member **out,
				      char hash_out[PIN_HASH_LEN])
{
	struct member *m = calloc(1, sizeof *m);
	const unsigned char *text;
	enum member_role role = MEMBER_ROLE_MEMBER;

	*out = NULL;
	if (!m)
		return SP_ERR_NOMEM;
	text = sqlite3_column_text(stmt, 0);
	snprintf(m->id, sizeof m->id, "%s", text ? (const char *)text : "");
	m->member_no = db_column_dup(stmt, 1);
	m->name = db_column_dup(stmt, 2);
	m->branch = db_column_dup(stmt, 3);
	text = sqlite3_column_text(stmt, 4);
	(void)member_role_parse(text ? (const char *)text : "", &role);
	m->role = role;
	m->failed_pins = sqlite3_column_int(stmt, 5);
	m->locked_until_ms = member_column_time(stmt, 6);
	m->active = sqlite3_column_int(stmt, 7) != 0;
	if (!m->member_no || !m->name || !m->branch) {
		member_free(m);
		return SP_ERR_NOMEM;
	}
	if (hash_out) {
		text = sqlite3_column_text(stmt, 8);
		snprintf(hash_out, PIN_HASH_LEN, "%s",
			 text ? (const char *)text : "");
	}
	*out = m;
	return SP_OK;
}

/* Runs a one-key lookup of MEMBER_COLUMNS. */
static enum sp_status member_find(struct db *db, const char *sql,
				  const char *key, struct member **out,
				  char hash_out[PIN_HASH_LEN])
{
	sqlite3_stmt *stmt = db_stmt(db, sql);
	enum sp_status status = SP_ERR_NOT_FOUND;
	int rc;

	*out = NULL;
	if (!stmt)
		return SP_ERR_DB;
	sqlite3_bind_text(stmt, 1, key ? key : "", -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		status = member_from_row(stmt, out, hash_out);
	else if (rc != SQLITE_DONE)
		status = db_status_from_rc(rc);
	sqlite3_reset(stmt);
	return status;
}

enum sp_status member_find_by_no(struct db *db, const char *member_no,
				 struct member **out)
{
	return member_find(db, sql_member_by_no, member_no, out, NULL);
}

enum sp_status member_find_by_id(struct db *db, const char *id,
				 struct member **out)
{
	return member_find(db, sql_member_by_id, id, out, NULL);
}

enum sp_status member_each(struct db *db, member_each_fn fn, void *ctx)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_member_all);
	enum sp_status status = SP_OK;
	int rc;

	if (!stmt)
		return SP_ERR_DB;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct member *m = NULL;
		status = member_from_row(stmt, &m, NULL);
		if (status != SP_OK)
			break;
		int stop = fn(m, ctx);
		member_free(m);
		if (stop)
			break;
	}
	if (status == SP_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = db_status_from_rc(rc);
	sqlite3_reset(stmt);
	return status;
}

static enum sp_status member_exists(struct db *db, const char *member_no,
				    bool *exists)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_member_exists);
	int rc;

	if (!stmt)
		return SP_ERR_DB;
	sqlite3_bind_text(stmt, 1, member_no, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	*exists = rc == SQLITE_ROW;
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SP_OK
						     : db_status_from_rc(rc);
}

/* Inserts one member row; the caller holds the transaction. */
enum sp_status member_insert_row(struct db *db, const char *id,
				 const struct member_spec *spec,
				 const char *pin_hash)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_member_insert);
	char now[CLOCK_UTC_LEN];
	int rc;

	if (!stmt)
		return SP_ERR_DB;
	clock_format_utc(clock_now_ms(), now);
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, spec->member_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, spec->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, spec->branch ? spec->branch : "", -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, member_role_name(spec->role), -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, pin_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return db_status_from_rc(rc);
}

enum sp_status member_add(struct db *db, const unsigned char *pepper,
			  const struct member_spec *spec, const char *pin,
			  const char *actor_id, char id_out[UUID_STR_LEN])
{
	char hash[PIN_HASH_LEN];
	char id[UUID_STR_LEN];
	bool exists = false;
	enum sp_status status;

	status = member_validate_spec(spec, NULL);
	if (status == SP_OK)
		status = member_validate_pin(spec->member_no, pin);
	/* A cheap look first, so a duplicate is refused without hashing;
	 * the UNIQUE constraint still decides inside the transaction. */
	if (status == SP_OK)
		status = member_exists(db, spec->member_no, &exists);
	if (status == SP_OK && exists)
		status = SP_ERR_DUPLICATE;
	if (status == SP_OK)
		status = pin_hash(pepper, pin, hash);
	if (status != SP_OK)
		return status;

	uuid_v7_new(id);
	status = db_begin(db);
	if (status != SP_OK)
		return status;
	status = member_insert_row(db, id, spec, hash);
	if (status == SP_OK)
		status = audit_append(db, actor_id, "member.add",
				      spec->member_no, spec->name);
	if (status == SP_OK)
		status = db_commit(db);
	if (status != SP_OK) {
		db_rollback(db);
		return status;
	}
	if (id_out)
		snprintf(id_out, UUID_STR_LEN, "%s", id);
	return SP_OK;
}

#define MEMBER_SIGNIN_WINDOW_MS INT64_C(3600000)   /* the counters' hour */

/* Stored times are fixed-width UTC text: these bound an open range. */
static const char member_time_min[] = "0000";
static const char member_time_max[] = "9999";

/* The start of the counters' hour that holds ms. */
static int64_t member_window_start(int64_t ms)
{
	int64_t into = ms % MEMBER_SIGNIN_WINDOW_MS;

	return ms - (into < 0 ? into + MEMBER_SIGNIN_WINDOW_MS : into);
}

/* Counts one refused sign-in in now's hour; the caller holds the
 * transaction. */
static enum sp_status member_signin_failure_add(struct db *db,
						bool unknown_badge,
						int64_t now)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_member_signin_failure_add);
	char window[CLOCK_UTC_LEN], stamp[CLOCK_UTC_LEN];
	int rc;

	if (!stmt)
		return SP_ERR_DB;
	clock_format_utc(member_window_start(now), window);
	clock_format_utc(now, stamp);
	sqlite3_bind_text(stmt, 1, window, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, unknown_badge ? 1 : 0);
	sqlite3_bind_int(stmt, 3, unknown_badge ? 0 : 1);
	sqlite3_bind_text(stmt, 4, stamp, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return db_status_from_rc(rc);
}

/* An unknown badge: counted in its own transaction, so it commits a
 * write just as a wrong PIN for a known badge does. */
static enum sp_status member_count_unknown_badge(struct db *db, int64_t now)
{
	enum sp_status status = db_begin(db);

	if (status != SP_OK)
		return status;
	status = member_signin_failure_add(db, true, now);
	if (status == SP_OK)
		status = db_commit(db);
	if (status != SP_OK)
		db_rollback(db);
	return status;
}

enum sp_status member_signin_failures(struct db *db, int64_t since_ms,
				      int64_t until_ms,
				      struct member_signin_failures *out)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_member_signin_failures);
	char from[CLOCK_UTC_LEN], until[CLOCK_UTC_LEN];
	enum sp_status status = SP_OK;
	const unsigned char *last;
	int64_t ms = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!stmt)
		return SP_ERR_DB;
	/* the hour that holds since_ms counts whole */
	if (since_ms)
		clock_format_utc(member_window_start(since_ms), from);
	else
		snprintf(from, sizeof from, "%s", member_time_min);
	if (until_ms)
		clock_format_utc(until_ms, until);
	else
		snprintf(until, sizeof until, "%s", member_time_max);
	sqlite3_bind_text(stmt, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, until, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		out->unknown_badge = sqlite3_column_int(stmt, 0);
		out->wrong_pin = sqlite3_column_int(stmt, 1);
		last = sqlite3_column_text(stmt, 2);
		if (last && clock_parse_utc((const char *)last, &ms) == SP_OK)
			out->last_ms = ms;
	} else {
		status = db_status_from_rc(rc);
	}
	sqlite3_reset(stmt);
	return status;
}

/* Counts one wrong PIN in its own transaction, re-reading the row so two
 * terminals cannot both count from the same old value. Returns the status
 * to give the caller: SP_ERR_WRONG_PIN, or SP_ERR_LOCKED when this failure
 * (or another terminal meanwhile) locked the badge. */
static enum sp_status member_count_failure(struct db *db, const char *id,
					   const struct member_lockout *policy,
					   int64_t now, int64_t *locked_until)
{
	struct member *m = NULL;
	char stamp[CLOCK_UTC_LEN];
	char until_text[CLOCK_UTC_LEN];
	enum sp_status status;
	sqlite3_stmt *stmt;
	int failures;
	int64_t until = 0;
	int rc;

	status = db_begin(db);
	if (status != SP_OK)
		return status;
	status = member_find(db, sql_member_by_id, id, &m, NULL);
	if (status != SP_OK) {
		db_rollback(db);
		return status;
	}
	if (m->locked_until_ms > now) {
		/* locked by another terminal while the PIN was checked */
		*locked_until = m->locked_until_ms;
		member_free(m);
		db_rollback(db);
		return SP_ERR_LOCKED;
	}
	/* a lock that has run out leaves a fresh count behind it */
	failures = (m->locked_until_ms ? 0 : m->failed_pins) + 1;
	if (policy->max_failed_pins > 0 && failures >= policy->max_failed_pins)
		until = now + (int64_t)policy->lock_minutes * 60000;

	stmt = db_stmt(db, sql_member_set_failures);
	if (!stmt) {
		status = SP_ERR_DB;
	} else {
		clock_format_utc(now, stamp);
		clock_format_utc(until, until_text);
		sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_int(stmt, 2, failures);
		if (until)
			sqlite3_bind_text(stmt, 3, until_text, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(stmt, 3);
		sqlite3_bind_text(stmt, 4, stamp, -1, SQLITE_STATIC);
		rc = sqlite3_step(stmt);
		sqlite3_reset(stmt);
		status = db_status_from_rc(rc);
	}
	if (status == SP_OK && until)
		status = audit_append(db, NULL, "member.locked", m->member_no,
				      until_text);
	if (status == SP_OK)
		status = member_signin_failure_add(db, false, now);
	if (status == SP_OK)
		status = db_commit(db);
	member_free(m);
	if (status != SP_OK) {
		db_rollback(db);
		return status;
	}
	if (until) {
		*locked_until = until;
		return SP_ERR_LOCKED;
	}
	return SP_ERR_WRONG_PIN;
}

/* Clears the failure count and stores new_hash (when not NULL). */
static enum sp_status member_record_sign_in(struct db *db, const char *id,
					    const char *new_hash)
{
	char stamp[CLOCK_UTC_LEN];
	sqlite3_stmt *stmt;
	enum sp_status status = db_begin(db);
	int rc;

	if (status != SP_OK)
		return status;
	stmt = db_stmt(db, sql_member_signed_in);
	if (!stmt) {
		db_rollback(db);
		return SP_ERR_DB;
	}
	clock_format_utc(clock_now_ms(), stamp);
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if (new_hash)
		sqlite3_bind_text(stmt, 2, new_hash, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 2);
	sqlite3_bind_text(stmt, 3, stamp, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	status = db_status_from_rc(rc);
	if (status == SP_OK)
		status = db_commit(db);
	if (status != SP_OK)
		db_rollback(db);
	return status;
}

enum sp_status member_authenticate(struct db *db, const unsigned char *pepper,
				   const char *member_no, const char *pin,
				   const struct member_lockout *policy,
				   struct member **out,
				   int64_t *locked_until_ms)
{
	char hash[PIN_HASH_LEN];
	char new_hash[PIN_HASH_LEN];
	struct member *m = NULL;
	enum sp_status status;
	int64_t now = clock_now_ms();
	int64_t until = 0;

	*out = NULL;
	if (locked_until_ms)
		*locked_until_ms = 0;
	hash[0] = '\0';
	status = member_validate_no(member_no) == SP_OK
			 ? member_find(db, sql_member_by_no, member_no, &m, hash)
			 : SP_ERR_NOT_FOUND;
	if (status == SP_OK && !m->active) {
		member_free(m);
		m = NULL;
		status = SP_ERR_NOT_FOUND;
	}
	if (status == SP_ERR_NOT_FOUND) {
		/* the same Argon2id work as a real check, and like a wrong
		 * PIN one committed write, so the time a refusal takes does
		 * not tell which badges exist */
		pin_verify_dummy(pepper, pin);
		status = member_count_unknown_badge(db, now);
		return status == SP_OK ? SP_ERR_UNKNOWN_BADGE : status;
	}
	if (status != SP_OK)
		return status;

	if (m->locked_until_ms > now) {
		if (locked_until_ms)
			*locked_until_ms = m->locked_until_ms;
		member_free(m);
		return SP_ERR_LOCKED;
	}

	if (pin_verify(pepper, hash, pin) != SP_OK) {
		status = member_count_failure(db, m->id, policy, now, &until);
		if (status == SP_ERR_LOCKED && locked_until_ms)
			*locked_until_ms = until;
		member_free(m);
		return status;
	}

	/* Right PIN. Write only when something changes; hash the upgrade
	 * before the transaction opens. */
	bool rehash = pin_needs_rehash(hash) &&
		      pin_hash(pepper, pin, new_hash) == SP_OK;
	if (rehash || m->failed_pins != 0 || m->locked_until_ms != 0) {
		status = member_record_sign_in(db, m->id,
					       rehash ? new_hash : NULL);
		if (status != SP_OK) {
			member_free(m);
			return status;
		}
		m->failed_pins = 0;
		m->locked_until_ms = 0;
	}
	*out = m;
	return SP_OK;
}

static const char sql_member_actor_role[] =
	"SELECT role FROM member WHERE id = ?1 AND active = 1";

enum sp_status member_require_staff(struct db *db, const char *actor_id)
{
	sqlite3_stmt *stmt;
	enum sp_status status = SP_ERR_PERMISSION;
	int rc;

	if (!actor_id)
		return SP_OK;
	stmt = db_stmt(db, sql_member_actor_role);
	if (!stmt)
		return SP_ERR_DB;
	sqlite3_bind_text(stmt, 1, actor_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		const char *role = (const char *)sqlite3_column_text(stmt, 0);
		if (role && (strcmp(role, "staff") == 0 ||
			     strcmp(role, "admin") == 0))
			status = SP_OK;
	} else if (rc != SQLITE_DONE) {
		status = db_status_from_rc(rc);
	}
	sqlite3_reset(stmt);
	return status;
}

enum sp_status member_validate_pin(const char *member_no, const char *pin)
{
	enum sp_status status = pin_validate(pin);
	if (status == SP_OK && member_no && strcmp(member_no, pin) == 0)
		status = SP_ERR_PIN_IS_BADGE;
	return status;
}
