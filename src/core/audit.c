/* audit.c — appends to and verifies the hash-chained audit log.
 *
 * The hash input is the previous hash followed by each field prefixed with
 * its length, so no choice of field contents can make two different rows
 * hash alike. Hashing is libsodium's SHA-256. */
#include "audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "uuid.h"

static const char genesis_hash[] =
	"0000000000000000000000000000000000000000000000000000000000000000";

static void audit_hash_field(crypto_hash_sha256_state *st, const char *field)
{
	char len[24];
	size_t n = field ? strlen(field) : 0;
	int k = snprintf(len, sizeof len, "%zu:", n);
	crypto_hash_sha256_update(st, (const unsigned char *)len, (size_t)k);
	if (n)
		crypto_hash_sha256_update(st, (const unsigned char *)field, n);
}

static void audit_row_hash(const char *prev_hash, int64_t seq, const char *id,
			   const char *at, const char *actor,
			   const char *action, const char *target,
			   const char *detail, char out[AUDIT_HASH_HEX_LEN])
{
	crypto_hash_sha256_state st;
	unsigned char digest[crypto_hash_sha256_BYTES];
	char seq_text[24];

	snprintf(seq_text, sizeof seq_text, "%lld", (long long)seq);
	crypto_hash_sha256_init(&st);
	audit_hash_field(&st, prev_hash);
	audit_hash_field(&st, seq_text);
	audit_hash_field(&st, id);
	audit_hash_field(&st, at);
	audit_hash_field(&st, actor);
	audit_hash_field(&st, action);
	audit_hash_field(&st, target);
	audit_hash_field(&st, detail);
	crypto_hash_sha256_final(&st, digest);
	sodium_bin2hex(out, AUDIT_HASH_HEX_LEN, digest, sizeof digest);
}

static const char sql_audit_last[] =
	"SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1";
static const char sql_audit_insert[] =
	"INSERT INTO audit_log(seq, id, at, actor_id, action, target, detail,"
	" prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

enum sp_status audit_append(struct db *db, const char *actor_id,
			    const char *action, const char *target,
			    const char *detail)
{
	char prev[AUDIT_HASH_HEX_LEN];
	char hash[AUDIT_HASH_HEX_LEN];
	char id[UUID_STR_LEN];
	char at[CLOCK_UTC_LEN];
	int64_t seq = 1;
	sqlite3_stmt *stmt;
	int rc;

	target = target ? target : "";
	detail = detail ? detail : "";
	stmt = db_stmt(db, sql_audit_last);
	if (!stmt)
		return SP_ERR_DB;
	snprintf(prev, sizeof prev, "%s", genesis_hash);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		seq = sqlite3_column_int64(stmt, 0) + 1;
		snprintf(prev, sizeof prev, "%s",
			 (const char *)sqlite3_column_text(stmt, 1));
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_status_from_rc(rc);

	uuid_v7_new(id);
	clock_format_utc(clock_now_ms(), at);
	audit_row_hash(prev, seq, id, at, actor_id, action, target, detail, hash);

	stmt = db_stmt(db, sql_audit_insert);
	if (!stmt)
		return SP_ERR_DB;
	sqlite3_bind_int64(stmt, 1, seq);
	sqlite3_bind_text(stmt, 2, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, at, -1, SQLITE_STATIC);
	if (actor_id)
		sqlite3_bind_text(stmt, 4, actor_id, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 4);
	sqlite3_bind_text(stmt, 5, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, target, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, detail, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 8, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 9, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return db_status_from_rc(rc);
}

static const char sql_audit_all[] =
	"SELECT seq, id, at, actor_id, action, target, detail, prev_hash, hash"
	" FROM audit_log ORDER BY seq";

static const char *audit_col(sqlite3_stmt *stmt, int col)
{
	const unsigned char *text = sqlite3_column_text(stmt, col);
	return text ? (const char *)text : NULL;
}

enum sp_status audit_verify(struct db *db, int64_t *bad_seq)
{
	char expected_prev[AUDIT_HASH_HEX_LEN];
	char hash[AUDIT_HASH_HEX_LEN];
	int64_t expected_seq = 1;
	sqlite3_stmt *stmt = db_stmt(db, sql_audit_all);
	enum sp_status status = SP_OK;
	int rc;

	if (bad_seq)
		*bad_seq = 0;
	if (!stmt)
		return SP_ERR_DB;
	snprintf(expected_prev, sizeof expected_prev, "%s", genesis_hash);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(stmt, 0);
		const char *prev = audit_col(stmt, 7);
		const char *stored = audit_col(stmt, 8);

		/* a gap in seq means a row was removed */
		bool broken = seq != expected_seq || !prev || !stored ||
			      strcmp(prev, expected_prev) != 0;
		if (!broken) {
			audit_row_hash(prev, seq, audit_col(stmt, 1),
				       audit_col(stmt, 2), audit_col(stmt, 3),
				       audit_col(stmt, 4), audit_col(stmt, 5),
				       audit_col(stmt, 6), hash);
			broken = strcmp(hash, stored) != 0;
		}
		if (broken) {
			if (bad_seq)
				*bad_seq = seq != expected_seq ? expected_seq : seq;
			status = SP_ERR_AUDIT_BROKEN;
			break;
		}
		snprintf(expected_prev, sizeof expected_prev, "%s", stored);
		expected_seq++;
	}
	if (status == SP_OK && rc != SQLITE_DONE)
		status = db_status_from_rc(rc);
	sqlite3_reset(stmt);
	return status;
}

static const char sql_audit_count[] = "SELECT count(*) FROM audit_log";

int64_t audit_count(struct db *db)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_audit_count);
	int64_t n = -1;
	if (!stmt)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return n;
}
