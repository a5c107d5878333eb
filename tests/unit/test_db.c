/* test_db.c — the store: safety pragmas, migrations from every earlier
 * version, refusal of newer, foreign and damaged files, health checks,
 * online backups next to a second writer, the statement cache, settings,
 * and the triggers that keep records append-only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "audit.h"
#include "clock.h"
#include "db.h"
#include "testutil.h"

static const char sql_journal_mode[] = "PRAGMA journal_mode";
static const char sql_synchronous[] = "PRAGMA synchronous";
static const char sql_foreign_keys[] = "PRAGMA foreign_keys";
static const char sql_busy_timeout[] = "PRAGMA busy_timeout";
static const char sql_table_exists[] =
	"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1";
static const char sql_member_count[] = "SELECT count(*) FROM member";
static const char sql_member_name[] =
	"SELECT name FROM member WHERE member_no = ?1";
/* the member columns of schema version 1, so the row is valid there */
static const char sql_member_insert_v1[] =
	"INSERT INTO member(id, member_no, name, pin_hash, created_at,"
	" updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)";
static const char sql_entry_insert[] =
	"INSERT INTO service_entry(id, member_id, activity_id, kind, started_at,"
	" ended_at, minutes, status, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, 'visit', ?4, ?4, 0, 'closed', ?4, ?4)";
static const char sql_entry_count[] = "SELECT count(*) FROM service_entry";
static const char sql_page_size[] = "PRAGMA page_size";
static const char sql_two_rows[] = "SELECT 1 UNION ALL SELECT 2";
static const char sql_bad[] = "SELECT nonsense FROM nowhere";

/* ---- helpers ---- */

static struct db *open_ok(const char *path, unsigned flags)
{
	struct db *db = NULL;
	char *detail = NULL;
	enum sp_status status = db_open(path, flags, &db, &detail);
	if (status != SP_OK)
		fail_msg("db_open %s: %s %s", path, status_name(status),
			 detail ? detail : "");
	free(detail);
	return db;
}

static int64_t query_int(struct db *db, const char *sql, const char *arg)
{
	sqlite3_stmt *stmt = db_stmt(db, sql);
	int64_t value = -1;

	assert_non_null(stmt);
	if (arg)
		sqlite3_bind_text(stmt, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		value = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return value;
}

static char *query_text_dup(struct db *db, const char *sql, const char *arg)
{
	sqlite3_stmt *stmt = db_stmt(db, sql);
	char *value = NULL;

	assert_non_null(stmt);
	if (arg)
		sqlite3_bind_text(stmt, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		value = db_column_dup(stmt, 0);
	sqlite3_reset(stmt);
	return value;
}

/* Commits one member row; a status instead of asserts, so a forked child
 * can use it. */
static enum sp_status try_insert_member_v1(struct db *db, const char *member_no,
					   const char *name)
{
	char id[UUID_STR_LEN], now[CLOCK_UTC_LEN];
	sqlite3_stmt *stmt;
	enum sp_status status;
	int rc;

	uuid_v7_new(id);
	clock_format_utc(clock_now_ms(), now);
	status = db_begin(db);
	if (status != SP_OK)
		return status;
	stmt = db_stmt(db, sql_member_insert_v1);
	if (!stmt) {
		db_rollback(db);
		return SP_ERR_DB;
	}
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, member_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, "placeholder-not-a-real-hash", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		db_rollback(db);
		return db_status_from_rc(rc);
	}
	return db_commit(db);
}

static void insert_member_v1(struct db *db, const char *member_no,
			     const char *name)
{
	assert_int_equal(try_insert_member_v1(db, member_no, name), SP_OK);
}

/* Inserts n members in one transaction, with names long enough to fill
 * many pages. */
static void insert_many_members(struct db *db, const char *prefix, int n)
{
	char id[UUID_STR_LEN], now[CLOCK_UTC_LEN], no[32], name[128];
	sqlite3_stmt *stmt;

	clock_format_utc(clock_now_ms(), now);
	assert_int_equal(db_begin(db), SP_OK);
	for (int i = 0; i < n; i++) {
		uuid_v7_new(id);
		snprintf(no, sizeof no, "%s%06d", prefix, i);
		snprintf(name, sizeof name, "党员服务点测试成员 %06d 为人民服务", i);
		stmt = db_stmt(db, sql_member_insert_v1);
		assert_non_null(stmt);
		sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, no, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 4,
				  "$argon2id$v=19$m=19456,t=2,p=1$placeholder"
				  "placeholderplaceholder", -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 5, now, -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
		sqlite3_reset(stmt);
	}
	assert_int_equal(db_commit(db), SP_OK);
}

static void file_hash(const char *path, unsigned char out[crypto_hash_sha256_BYTES])
{
	crypto_hash_sha256_state st;
	unsigned char buf[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	assert_non_null(f);
	crypto_hash_sha256_init(&st);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		crypto_hash_sha256_update(&st, buf, n);
	fclose(f);
	crypto_hash_sha256_final(&st, out);
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* Overwrites len bytes at offset with a byte pattern no b-tree page has. */
static void damage_file(const char *path, long offset, size_t len)
{
	unsigned char junk[4096];
	FILE *f = fopen(path, "r+b");

	assert_true(len <= sizeof junk);
	memset(junk, 0xa5, len);
	assert_non_null(f);
	assert_int_equal(fseek(f, offset, SEEK_SET), 0);
	assert_int_equal(fwrite(junk, 1, len, f), len);
	fclose(f);
}

/* A raw connection that bypasses db.c, as another program would. */
static sqlite3 *raw_open(const char *path)
{
	sqlite3 *conn = NULL;
	assert_int_equal(sqlite3_open_v2(path, &conn, SQLITE_OPEN_READWRITE, NULL),
			 SQLITE_OK);
	sqlite3_busy_timeout(conn, 5000);
	return conn;
}

static void raw_exec(sqlite3 *conn, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(conn, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err ? err : "?");
}

static int64_t raw_int(sqlite3 *conn, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	int64_t value = -1;
	assert_int_equal(sqlite3_prepare_v2(conn, sql, -1, &stmt, NULL), SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		value = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return value;
}

/* ---- tests ---- */

static void test_fresh_store_is_safe(void **state)
{
	static const char *const tables[] = {
		"station", "brand", "activity_type", "member", "service_entry",
		"commitment", "shift", "feedback", "audit_log", "sync_state",
	};
	char *dir = testutil_tmpdir_dup();
	struct db *db = testutil_db_new(dir);
	char *mode;
	char *detail = NULL;
	(void)state;

	mode = query_text_dup(db, sql_journal_mode, NULL);
	assert_string_equal(mode, "wal");
	free(mode);
	assert_int_equal(query_int(db, sql_synchronous, NULL), 2);
	assert_int_equal(query_int(db, sql_foreign_keys, NULL), 1);
	assert_true(query_int(db, sql_busy_timeout, NULL) > 0);
	assert_int_equal(db_user_version(db), db_schema_version());
	assert_true(db_schema_version() >= 2);
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		if (query_int(db, sql_table_exists, tables[i]) != 1)
			fail_msg("table %s missing", tables[i]);
	}
	assert_int_equal(db_check_health(db, &detail), SP_OK);
	assert_null(detail);
	assert_int_equal(db_integrity_check(db, &detail), SP_OK);
	assert_null(detail);
	db_close(db);
	db_close(NULL);
	testutil_rmdir(dir);
	free(dir);
}

static void test_missing_file_without_create(void **state)
{
	char *dir = testutil_tmpdir_dup();
	char *path = testutil_path_dup(dir, "absent.db");
	struct db *db = (struct db *)1;
	char *detail = NULL;
	(void)state;

	assert_int_equal(db_open(path, 0, &db, &detail), SP_ERR_NOT_FOUND);
	assert_null(db);
	assert_non_null(detail);
	free(detail);
	assert_int_equal(access(path, F_OK), -1);
	free(path);
	testutil_rmdir(dir);
	free(dir);
}

/* A store left at each earlier schema version, with data, must come up at
 * the current version with its data. */
static void test_every_earlier_version_migrates(void **state)
{
	(void)state;
	for (int v = 0; v < db_schema_version(); v++) {
		char *dir = testutil_tmpdir_dup();
		char *path = testutil_path_dup(dir, "svcpoint.db");
		struct db *db = open_ok(path, DB_OPEN_CREATE | DB_OPEN_NO_MIGRATE);
		char *name;

		assert_int_equal(db_migrate_to(db, v), SP_OK);
		assert_int_equal(db_user_version(db), v);
		if (v >= 1) {
			insert_member_v1(db, "A0001", "王小明");
			assert_int_equal(db_begin(db), SP_OK);
			assert_int_equal(db_setting_set(db, "station.name", "东城服务点"),
					 SP_OK);
			assert_int_equal(db_commit(db), SP_OK);
		}
		db_close(db);

		db = open_ok(path, 0);
		assert_int_equal(db_user_version(db), db_schema_version());
		assert_int_equal(db_check_health(db, NULL), SP_OK);
		assert_int_equal(db_integrity_check(db, NULL), SP_OK);
		if (v >= 1) {
			name = query_text_dup(db, sql_member_name, "A0001");
			assert_non_null(name);
			assert_string_equal(name, "王小明");
			free(name);
			assert_int_equal(db_setting_get_dup(db, "station.name", &name),
					 SP_OK);
			assert_string_equal(name, "东城服务点");
			free(name);
		} else {
			assert_int_equal(query_int(db, sql_member_count, NULL), 0);
		}
		/* opening again is a no-op */
		db_close(db);
		db = open_ok(path, 0);
		assert_int_equal(db_user_version(db), db_schema_version());
		db_close(db);
		free(path);
		testutil_rmdir(dir);
		free(dir);
	}
}

/* Version 5 indexes entries by shift and ratings by time, and adds the
 * refused sign-in counts, on a store that already holds such rows. */
static void test_version_5_on_a_store_with_rows(void **state)
{
	static const char sql_index_exists[] =
		"SELECT count(*) FROM sqlite_schema WHERE type = 'index'"
		" AND name = ?1";
	static const char sql_of_shift[] =
		"SELECT count(*) FROM service_entry WHERE shift_id = ?1";
	static const char sql_feedback_count[] = "SELECT count(*) FROM feedback";
	char *dir = testutil_tmpdir_dup();
	char *path = testutil_path_dup(dir, "svcpoint.db");
	struct db *db = open_ok(path, DB_OPEN_CREATE | DB_OPEN_NO_MIGRATE);
	char member[UUID_STR_LEN], activity[UUID_STR_LEN];
	(void)state;

	assert_int_equal(db_migrate_to(db, 4), SP_OK);
	testutil_insert_member(db, "9001", "王值班", "staff", member);
	testutil_insert_activity(db, "desk", "值班", activity);
	assert_int_equal(db_exec(db,
		"INSERT INTO shift(id, opened_by, opened_at)"
		" SELECT 'shift-1', id, '2026-11-23T01:00:00.000Z' FROM member;"
		"INSERT INTO service_entry(id, member_id, activity_id, shift_id,"
		" kind, started_at, ended_at, minutes, status, created_at,"
		" updated_at) SELECT 'entry-1', m.id, a.id, 'shift-1', 'visit',"
		" '2026-11-23T01:10:00.000Z', '2026-11-23T02:10:00.000Z', 60,"
		" 'closed', '2026-11-23T01:10:00.000Z', '2026-11-23T02:10:00.000Z'"
		" FROM member m, activity_type a;"
		"INSERT INTO feedback(id, shift_id, rating, created_at)"
		" VALUES ('fb-1', 'shift-1', 5, '2026-11-23T01:20:00.000Z')"),
		SP_OK);
	assert_int_equal(query_int(db, sql_index_exists, "service_entry_shift"), 0);
	db_close(db);

	db = open_ok(path, 0);
	assert_int_equal(db_user_version(db), db_schema_version());
	assert_int_equal(query_int(db, sql_index_exists, "service_entry_shift"), 1);
	assert_int_equal(query_int(db, sql_index_exists, "feedback_created"), 1);
	assert_int_equal(query_int(db, sql_table_exists, "signin_failure"), 1);
	assert_int_equal(query_int(db, sql_of_shift, "shift-1"), 1);
	assert_int_equal(query_int(db, sql_feedback_count, NULL), 1);
	assert_int_equal(db_integrity_check(db, NULL), SP_OK);
	db_close(db);
	free(path);
	testutil_rmdir(dir);
	free(dir);
}

static void test_migrate_to_rejects_unknown_versions(void **state)
{
	char *dir = testutil_tmpdir_dup();
	struct db *db = testutil_db_new(dir);
	(void)state;

	assert_int_equal(db_migrate_to(db, db_schema_version() + 1), SP_ERR_INVALID);
	assert_int_equal(db_user_version(db), db_schema_version());
	/* never downwards */
	assert_int_equal(db_migrate_to(db, 1), SP_OK);
	assert_int_equal(db_user_version(db), db_schema_version());
	db_close(db);
	testutil_rmdir(dir);
	free(dir);
}

static void test_newer_store_is_refused_and_left_alone(void **state)
{
	char *dir = testutil_tmpdir_dup();
	char *path = testutil_path_dup(dir, "svcpoint.db");
	struct db *db = open_ok(path, DB_OPEN_CREATE);
	unsigned char before[crypto_hash_sha256_BYTES];
	unsigned char after[crypto_hash_sha256_BYTES];
	char pragma[64];
	char *detail = NULL;
	int newer = db_schema_version() + 1;
	(void)state;

	insert_member_v1(db, "A0001", "王小明");
	snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", newer);
	assert_int_equal(db_exec(db, pragma), SP_OK);
	db_close(db);
	file_hash(path, before);

	db = (struct db *)1;
	assert_int_equal(db_open(path, 0, &db, &detail), SP_ERR_TOO_NEW);
	assert_null(db);
	assert_non_null(detail);
	free(detail);
	assert_int_equal(db_open(path, DB_OPEN_NO_MIGRATE, &db, NULL),
			 SP_ERR_TOO_NEW);
	assert_null(db);

	file_hash(path, after);
	assert_memory_equal(before, after, sizeof before);
	sqlite3 *conn = raw_open(path);
	assert_int_equal(raw_int(conn, "PRAGMA user_version"), newer);
	assert_int_equal(raw_int(conn, "SELECT count(*) FROM member"), 1);
	sqlite3_close(conn);
	free(path);
	testutil_rmdir(dir);
	free(dir);
}

static void test_foreign_file_is_corrupt(void **state)
{
	char *dir = testutil_tmpdir_dup();
	char *path = testutil_path_dup(dir, "random.db");
	unsigned char junk[16384];
	unsigned char before[crypto_hash_sha256_BYTES];
	unsigned char after[crypto_hash_sha256_BYTES];
	struct db *db = NULL;
	char *detail = NULL;
	(void)state;

	randombytes_buf(junk, sizeof junk);
	memcpy(junk, "not a database..", 16); /* never the SQLite magic */
	write_file(path, junk, sizeof junk);
	file_hash(path, before);
	assert_int_equal(db_open(path, 0, &db, &detail), SP_ERR_CORRUPT);
	assert_null(db);
	assert_non_null(detail);
	free(detail);
	assert_int_equal(db_open(path, DB_OPEN_CREATE, &db, NULL), SP_ERR_CORRUPT);
	assert_null(db);
	file_hash(path, after);
	assert_memory_equal(before, after, sizeof before);

	/* a text file is no store either */
	write_file(path, "[station]\nname = x\n", 19);
	assert_int_equal(db_open(path, 0, &db, NULL), SP_ERR_CORRUPT);
	assert_null(db);
	free(path);
	testutil_rmdir(dir);
	free(dir);
}

static void test_damaged_page_is_found(void **state)
{
	char *dir = testutil_tmpdir_dup();
	char *path = testutil_path_dup(dir, "svcpoint.db");
	struct db *db = open_ok(path, DB_OPEN_CREATE);
	struct stat st;
	char *detail = NULL;
	enum sp_status status;
	(void)state;

	insert_many_members(db, "M", 3000);
	int64_t page_size = query_int(db, sql_page_size, NULL);
	db_close(db); /* checkpoints the WAL into the main file */
	assert_int_equal(stat(path, &st), 0);
	int64_t pages = st.st_size / page_size;
	assert_true(pages > 20);

	/* smash one page in the middle of the data */
	damage_file(path, (long)((pages / 2) * page_size), (size_t)page_size);
	db = NULL;
	status = db_open(path, 0, &db, &detail);
	free(detail);
	detail = NULL;
	if (status == SP_OK) {
		status = db_check_health(db, &detail);
		assert_non_null(detail);
		free(detail);
		assert_int_equal(db_integrity_check(db, &detail), SP_ERR_CORRUPT);
		assert_non_null(detail);
		free(detail);
		db_close(db);
	}
	assert_int_equal(status, SP_ERR_CORRUPT);

	/* a damaged header is refused at open */
	damage_file(path, 0, 16);
	db = NULL;
	assert_int_equal(db_open(path, 0, &db, NULL), SP_ERR_CORRUPT);
	assert_null(db);
	free(path);
	testutil_rmdir(dir);
	free(dir);
}

static void test_health_refuses_relaxed_settings(void **state)
{
	char *dir = testutil_tmpdir_dup();
	struct db *db = testutil_db_new(dir);
	char *detail = NULL;
	(void)state;

	assert_int_equal(db_exec(db, "PRAGMA synchronous = NORMAL"), SP_OK);
	assert_int_equal(db_check_health(db, &detail), SP_ERR_SERVICE);
	assert_non_null(detail);
	assert_non_null(strstr(detail, "synchronous"));
	free(detail);
	assert_int_equal(db_exec(db, "PRAGMA synchronous = FULL"), SP_OK);
	assert_int_equal(db_check_health(db, NULL), SP_OK);

	assert_int_equal(db_exec(db, "PRAGMA journal_mode = DELETE"), SP_OK);
	assert_int_equal(db_check_health(db, &detail), SP_ERR_SERVICE);
	assert_non_null(detail);
	assert_non_null(strstr(detail, "journal_mode"));
	free(detail);
	db_close(db);
	testutil_rmdir(dir);
	free(dir);
}

/* Another program switched the file out of WAL: opening puts it back. */
static void test_open_restores_wal(void **state)
{
	char *dir = testutil_tmpdir_dup();
	char *path = testutil_path_dup(dir, "svcpoint.db");
	struct db *db = open_ok(path, DB_OPEN_CREATE);
	sqlite3 *conn;
	char *mode;
	(void)state;

	db_close(db);
	conn = raw_open(path);
	raw_exec(conn, "PRAGMA journal_mode = DELETE");
	sqlite3_close(conn);

	db = open_ok(path, 0);
	mode = query_text_dup(db, sql_journal_mode, NULL);
	assert_string_equal(mode, "wal");
	free(mode);
	assert_int_equal(db_check_health(db, NULL), SP_OK);
	db_close(db);
	free(path);
	testutil_rmdir(dir);
	free(dir);
}

static int64_t backup_member_count(const char *path)
{
	struct db *db = open_ok(path, 0);
	int64_t n;
	assert_int_equal(db_check_health(db, NULL), SP_OK);
	assert_int_equal(db_integrity_check(db, NULL), SP_OK);
	n = query_int(db, sql_member_count, NULL);
	db_close(db);
	return n;
}

static void test_backup_next_to_a_writer(void **state)
{
	char *dir = testutil_tmpdir_dup();
	char *path = testutil_path_dup(dir, "svcpoint.db");
	char *copy = testutil_path_dup(dir, "copy.db");
	struct db *db = open_ok(path, DB_OPEN_CREATE);
	sqlite3 *other;
	(void)state;

	insert_many_members(db, "M", 500);

	/* a second connection holds an open write transaction: the copy
	 * does not wait for it and does not see its rows */
	other = raw_open(path);
	raw_exec(other, "BEGIN IMMEDIATE");
	raw_exec(other,
		 "INSERT INTO member(id, member_no, name, pin_hash, created_at,"
		 " updated_at) VALUES ('00000000-0000-7000-8000-000000000001',"
		 " 'X1', 'uncommitted', 'x', '2026-11-23T01:00:00.000Z',"
		 " '2026-11-23T01:00:00.000Z')");
	assert_int_equal(db_backup(db, copy), SP_OK);
	assert_int_equal(backup_member_count(copy), 500);

	/* once committed by the other connection, a new copy has them */
	raw_exec(other, "COMMIT");
	assert_int_equal(db_backup(db, copy), SP_OK);
	assert_int_equal(backup_member_count(copy), 501);
	sqlite3_close(other);

	/* no partial file is left behind */
	char *partial = testutil_path_dup(dir, "copy.db.partial");
	assert_int_equal(access(partial, F_OK), -1);
	free(partial);

	/* a copy to a folder that does not exist fails and writes nothing */
	char *bad = testutil_path_dup(dir, "no/such/dir/copy.db");
	assert_int_not_equal(db_backup(db, bad), SP_OK);
	free(bad);

	db_close(db);
	free(copy);
	free(path);
	testutil_rmdir(dir);
	free(dir);
}

/* A child process commits members one at a time while the parent copies
 * the store: every copy is a healthy store holding a prefix of them. */
static void test_backup_while_another_process_commits(void **state)
{
	char *dir = testutil_tmpdir_dup();
	char *path = testutil_path_dup(dir, "svcpoint.db");
	char *copy = testutil_path_dup(dir, "copy.db");
	struct db *db = open_ok(path, DB_OPEN_CREATE);
	int status = 0;
	pid_t pid;
	(void)state;

	insert_many_members(db, "M", 2000);
	db_close(db);

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct db *child = NULL;
		if (db_open(path, 0, &child, NULL) != SP_OK)
			_exit(1);
		for (int i = 0; i < 200; i++) {
			char no[16];
			snprintf(no, sizeof no, "C%04d", i);
			if (try_insert_member_v1(child, no, "子进程") != SP_OK)
				_exit(2);
		}
		db_close(child);
		_exit(0);
	}
	db = open_ok(path, 0);
	for (int round = 0; round < 5; round++) {
		assert_int_equal(db_backup(db, copy), SP_OK);
		int64_t n = backup_member_count(copy);
		assert_true(n >= 2000 && n <= 2200);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(db_backup(db, copy), SP_OK);
	assert_int_equal(backup_member_count(copy), 2200);
	db_close(db);
	free(copy);
	free(path);
	testutil_rmdir(dir);
	free(dir);
}

/* A kiosk keeps committing while the copy runs: the copy must still
 * finish and be a healthy snapshot. A copy that restarts after every
 * write by another connection never finishes on a large store (make bench
 * shows it on the generated station); the alarm turns such a hang into a
 * failure here. */
static void test_backup_finishes_under_constant_writes(void **state)
{
	char *dir = testutil_tmpdir_dup();
	char *path = testutil_path_dup(dir, "svcpoint.db");
	char *copy = testutil_path_dup(dir, "copy.db");
	struct db *db = open_ok(path, DB_OPEN_CREATE);
	int fds[2];
	char ready;
	pid_t pid;
	(void)state;

	insert_many_members(db, "M", 6000);
	db_close(db);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct db *child = NULL;
		close(fds[0]);
		if (db_open(path, 0, &child, NULL) != SP_OK)
			_exit(1);
		for (int i = 0;; i++) {
			char no[16];
			snprintf(no, sizeof no, "W%07d", i);
			if (try_insert_member_v1(child, no, "写入者") != SP_OK)
				_exit(2);
			if (i == 0 && write(fds[1], "r", 1) != 1)
				_exit(3);
		}
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &ready, 1), 1); /* the writer is busy */
	db = open_ok(path, 0);
	alarm(120);
	enum sp_status status = db_backup(db, copy);
	alarm(0);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(fds[0]);
	assert_int_equal(status, SP_OK);
	assert_true(backup_member_count(copy) > 6000);
	db_close(db);
	free(copy);
	free(path);
	testutil_rmdir(dir);
	free(dir);
}

static void test_statement_cache(void **state)
{
	char *dir = testutil_tmpdir_dup();
	struct db *db = testutil_db_new(dir);
	sqlite3_stmt *a, *b;
	(void)state;

	a = db_stmt(db, sql_two_rows);
	assert_non_null(a);
	assert_int_equal(sqlite3_step(a), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(a, 0), 1);
	assert_int_equal(sqlite3_step(a), SQLITE_ROW);
	/* handed back again: the same statement, reset to the start */
	b = db_stmt(db, sql_two_rows);
	assert_ptr_equal(a, b);
	assert_int_equal(sqlite3_step(b), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(b, 0), 1);
	sqlite3_reset(b);
	assert_ptr_not_equal(db_stmt(db, sql_member_count), a);
	/* bindings are cleared */
	b = db_stmt(db, sql_table_exists);
	sqlite3_bind_text(b, 1, "member", -1, SQLITE_STATIC);
	b = db_stmt(db, sql_table_exists);
	assert_int_equal(sqlite3_step(b), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(b, 0), 0);
	sqlite3_reset(b);
	/* bad SQL gives NULL and is not cached */
	assert_null(db_stmt(db, sql_bad));
	assert_null(db_stmt(db, sql_bad));
	db_close(db);
	testutil_rmdir(dir);
	free(dir);
}

static void test_settings(void **state)
{
	char *dir = testutil_tmpdir_dup();
	struct db *db = testutil_db_new(dir);
	char *value = (char *)1;
	(void)state;

	assert_int_equal(db_setting_get_dup(db, "missing", &value), SP_ERR_NOT_FOUND);
	assert_null(value);

	assert_int_equal(db_begin(db), SP_OK);
	assert_int_equal(db_setting_set(db, "station.id", "demo-001"), SP_OK);
	assert_int_equal(db_commit(db), SP_OK);
	assert_int_equal(db_setting_get_dup(db, "station.id", &value), SP_OK);
	assert_string_equal(value, "demo-001");
	free(value);

	/* overwritten in place */
	assert_int_equal(db_begin(db), SP_OK);
	assert_int_equal(db_setting_set(db, "station.id", "东城-002"), SP_OK);
	assert_int_equal(db_commit(db), SP_OK);
	assert_int_equal(db_setting_get_dup(db, "station.id", &value), SP_OK);
	assert_string_equal(value, "东城-002");
	free(value);

	/* a rolled-back change leaves the old value */
	assert_int_equal(db_begin(db), SP_OK);
	assert_int_equal(db_setting_set(db, "station.id", "lost"), SP_OK);
	db_rollback(db);
	db_rollback(db); /* harmless without a transaction */
	assert_int_equal(db_setting_get_dup(db, "station.id", &value), SP_OK);
	assert_string_equal(value, "东城-002");
	free(value);

	/* survives a reopen */
	db_close(db);
	db = testutil_db_new(dir);
	assert_int_equal(db_setting_get_dup(db, "station.id", &value), SP_OK);
	assert_string_equal(value, "东城-002");
	free(value);
	db_close(db);
	testutil_rmdir(dir);
	free(dir);
}

static void test_records_are_append_only(void **state)
{
	char *dir = testutil_tmpdir_dup();
	struct db *db = testutil_db_new(dir);
	char member[UUID_STR_LEN], activity[UUID_STR_LEN], id[UUID_STR_LEN];
	char now[CLOCK_UTC_LEN];
	sqlite3_stmt *stmt;
	(void)state;

	testutil_insert_member(db, "A0001", "王小明", NULL, member);
	testutil_insert_activity(db, "duty", "值班", activity);
	uuid_v7_new(id);
	clock_format_utc(clock_now_ms(), now);
	assert_int_equal(db_begin(db), SP_OK);
	stmt = db_stmt(db, sql_entry_insert);
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, member, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, activity, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, now, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_reset(stmt);
	assert_int_equal(audit_append(db, NULL, "test.action", id, "first"), SP_OK);
	assert_int_equal(db_commit(db), SP_OK);

	assert_int_equal(db_exec(db, "DELETE FROM service_entry"), SP_ERR_STATE);
	assert_int_equal(db_exec(db, "UPDATE service_entry SET note = 'rewritten'"),
			 SP_ERR_STATE);
	assert_int_equal(db_exec(db, "UPDATE service_entry SET minutes = 600"),
			 SP_ERR_STATE);
	assert_int_equal(query_int(db, sql_entry_count, NULL), 1);
	assert_int_equal(db_exec(db, "UPDATE audit_log SET detail = 'changed'"),
			 SP_ERR_STATE);
	assert_int_equal(db_exec(db, "DELETE FROM audit_log"), SP_ERR_STATE);
	assert_int_equal(audit_count(db), 1);

	/* an entry for an unknown member breaks a foreign key */
	uuid_v7_new(id);
	stmt = db_stmt(db, sql_entry_insert);
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, "00000000-0000-7000-8000-00000000dead", -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, activity, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, now, -1, SQLITE_STATIC);
	assert_int_equal(db_status_from_rc(sqlite3_step(stmt)), SP_ERR_INVALID);
	sqlite3_reset(stmt);
	assert_int_equal(query_int(db, sql_entry_count, NULL), 1);
	db_close(db);
	testutil_rmdir(dir);
	free(dir);
}

static void test_status_mapping(void **state)
{
	(void)state;
	assert_int_equal(db_status_from_rc(SQLITE_OK), SP_OK);
	assert_int_equal(db_status_from_rc(SQLITE_DONE), SP_OK);
	assert_int_equal(db_status_from_rc(SQLITE_BUSY), SP_ERR_BUSY);
	assert_int_equal(db_status_from_rc(SQLITE_CORRUPT), SP_ERR_CORRUPT);
	assert_int_equal(db_status_from_rc(SQLITE_NOTADB), SP_ERR_CORRUPT);
	assert_int_equal(db_status_from_rc(SQLITE_IOERR_WRITE), SP_ERR_IO);
	assert_int_equal(db_status_from_rc(SQLITE_IOERR_FSYNC), SP_ERR_IO);
	assert_int_equal(db_status_from_rc(SQLITE_FULL), SP_ERR_IO);
	assert_int_equal(db_status_from_rc(SQLITE_CONSTRAINT_UNIQUE), SP_ERR_DUPLICATE);
	assert_int_equal(db_status_from_rc(SQLITE_CONSTRAINT_TRIGGER), SP_ERR_STATE);
	assert_int_equal(db_status_from_rc(SQLITE_CONSTRAINT_CHECK), SP_ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fresh_store_is_safe),
		cmocka_unit_test(test_missing_file_without_create),
		cmocka_unit_test(test_every_earlier_version_migrates),
		cmocka_unit_test(test_version_5_on_a_store_with_rows),
		cmocka_unit_test(test_migrate_to_rejects_unknown_versions),
		cmocka_unit_test(test_newer_store_is_refused_and_left_alone),
		cmocka_unit_test(test_foreign_file_is_corrupt),
		cmocka_unit_test(test_damaged_page_is_found),
		cmocka_unit_test(test_health_refuses_relaxed_settings),
		cmocka_unit_test(test_open_restores_wal),
		cmocka_unit_test(test_backup_next_to_a_writer),
		cmocka_unit_test(test_backup_while_another_process_commits),
		cmocka_unit_test(test_backup_finishes_under_constant_writes),
		cmocka_unit_test(test_statement_cache),
		cmocka_unit_test(test_settings),
		cmocka_unit_test(test_records_are_append_only),
		cmocka_unit_test(test_status_mapping),
	};
	testutil_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
