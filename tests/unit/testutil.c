/* testutil.c — see testutil.h. */
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ftw.h>
#include <locale.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"

void testutil_init(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		fprintf(stderr, "testutil: no C.UTF-8 locale\n");
		exit(1);
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "testutil: libsodium failed to start\n");
		exit(1);
	}
	clock_set_timezone("Asia/Shanghai");
	clock_set_fixed_ms(TESTUTIL_NOW_MS);
}

char *testutil_tmpdir_dup(void)
{
	const char *base = getenv("TMPDIR");
	char *path = NULL;
	if (asprintf(&path, "%s/svcpoint-unit.XXXXXX", base && *base ? base : "/tmp") < 0)
		exit(1);
	if (!mkdtemp(path)) {
		perror("mkdtemp");
		exit(1);
	}
	return path;
}

static int testutil_rm_entry(const char *path, const struct stat *st, int flag,
			     struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void testutil_rmdir(const char *path)
{
	if (path)
		nftw(path, testutil_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

char *testutil_path_dup(const char *dir, const char *name)
{
	char *path = NULL;
	if (asprintf(&path, "%s/%s", dir, name) < 0)
		exit(1);
	return path;
}

struct db *testutil_db_new(const char *dir)
{
	struct db *db = NULL;
	char *detail = NULL;
	char *path = testutil_path_dup(dir, "svcpoint.db");
	enum sp_status status = db_open(path, DB_OPEN_CREATE, &db, &detail);
	if (status != SP_OK) {
		fprintf(stderr, "testutil: db_open %s: %s %s\n", path,
			status_name(status), detail ? detail : "");
		exit(1);
	}
	free(detail);
	free(path);
	return db;
}

static void testutil_exec_bound(struct db *db, const char *sql, int n, ...)
{
	sqlite3_stmt *stmt = NULL;
	va_list ap;

	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &stmt, NULL) != SQLITE_OK) {
		fprintf(stderr, "testutil: %s\n", sqlite3_errmsg(db_handle(db)));
		exit(1);
	}
	va_start(ap, n);
	for (int i = 1; i <= n; i++)
		sqlite3_bind_text(stmt, i, va_arg(ap, const char *), -1,
				  SQLITE_TRANSIENT);
	va_end(ap);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		fprintf(stderr, "testutil: %s\n", sqlite3_errmsg(db_handle(db)));
		exit(1);
	}
	sqlite3_finalize(stmt);
}

void testutil_insert_member(struct db *db, const char *member_no,
			    const char *name, const char *role,
			    char id_out[UUID_STR_LEN])
{
	char now[CLOCK_UTC_LEN];
	uuid_v7_new(id_out);
	clock_format_utc(clock_now_ms(), now);
	testutil_exec_bound(db,
			    "INSERT INTO member(id, member_no, name, role, pin_hash,"
			    " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'x', ?5, ?5)",
			    5, id_out, member_no, name, role ? role : "member", now);
}

void testutil_insert_activity(struct db *db, const char *code,
			      const char *name, char id_out[UUID_STR_LEN])
{
	char now[CLOCK_UTC_LEN];
	uuid_v7_new(id_out);
	clock_format_utc(clock_now_ms(), now);
	testutil_exec_bound(db,
			    "INSERT INTO activity_type(id, code, name, created_at)"
			    " VALUES (?1, ?2, ?3, ?4)",
			    4, id_out, code, name, now);
}

struct db *testutil_store_open(char **dir)
{
	*dir = testutil_tmpdir_dup();
	return testutil_db_new(*dir);
}

void testutil_store_close(struct db *db, char *dir)
{
	db_close(db);
	testutil_rmdir(dir);
	free(dir);
}

struct testutil_store *testutil_store_new(void)
{
	struct testutil_store *s = calloc(1, sizeof *s);
	if (!s)
		exit(1);
	s->db = testutil_store_open(&s->dir);
	return s;
}

void testutil_store_free(struct testutil_store *s)
{
	if (!s)
		return;
	testutil_store_close(s->db, s->dir);
	free(s);
}

void testutil_insert_people(struct db *db, char member[UUID_STR_LEN],
			    char other[UUID_STR_LEN], char staff[UUID_STR_LEN])
{
	testutil_insert_member(db, "1001", "张三", "member", member);
	testutil_insert_member(db, "1002", "李四", "member", other);
	testutil_insert_member(db, "9001", "王值班", "staff", staff);
}

struct entry_rules testutil_entry_rules(void)
{
	return (struct entry_rules){.round_minutes = 1,
				    .max_session_hours = 12,
				    .backfill_days = 7,
				    .max_hours_per_day = 12};
}

int64_t testutil_int(struct db *db, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	int64_t n = -1;
	assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &stmt, NULL),
			 SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

char *testutil_explain_dup(sqlite3 *conn, const char *sql)
{
	char *query = NULL, *out = NULL;
	size_t len = 0;
	sqlite3_stmt *stmt = NULL;
	FILE *fp = open_memstream(&out, &len);

	assert_non_null(fp);
	assert_true(asprintf(&query, "EXPLAIN QUERY PLAN %s", sql) > 0);
	assert_int_equal(sqlite3_prepare_v2(conn, query, -1, &stmt, NULL),
			 SQLITE_OK);
	while (sqlite3_step(stmt) == SQLITE_ROW)
		fprintf(fp, "%s\n", (const char *)sqlite3_column_text(stmt, 3));
	sqlite3_finalize(stmt);
	fclose(fp);
	free(query);
	return out;
}

bool testutil_has(const unsigned char *job, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(job + i, needle, n) == 0)
			return true;
	return false;
}
