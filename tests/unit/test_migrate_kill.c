/* test_migrate_kill.c — a migration killed at any point leaves the store
 * at the version it had, intact.
 *
 * A store at schema version 1, holding members, entries and an audit row,
 * is migrated to the current version by a child process that SIGKILLs
 * itself from SQLite's progress handler after K callbacks (the handler
 * runs as the virtual machine executes), for K spread over the whole
 * migration and one K past its end. A second test kills the child from
 * outside after a random delay, which can also land inside a commit. After
 * each kill the parent reopens without migrating and finds a version the
 * store really had — 1, or a later one whose steps each committed whole —
 * with exactly that version's schema, its rows, integrity ok; then a normal
 * open finishes the migration. */
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
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "clock.h"
#include "db.h"
#include "testutil.h"

#define ENTRIES 3000     /* enough rows that building indexes takes a while */
#define K_POINTS 60      /* kill points spread over the migration */
#define RANDOM_ROUNDS 20

static const char sql_schema_dump[] =
	"SELECT type || ' ' || name || ' ' || tbl_name || ' ' || coalesce(sql, '')"
	" FROM sqlite_schema ORDER BY type, name";
static const char sql_member_count[] = "SELECT count(*) FROM member";
static const char sql_entry_count[] = "SELECT count(*) FROM service_entry";
/* the columns of schema version 1 */
static const char sql_entry_insert_v1[] =
	"INSERT INTO service_entry(id, member_id, activity_id, kind, started_at,"
	" ended_at, minutes, status, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, 'visit', ?4, ?4, 30, 'closed', ?4, ?4)";

struct template {
	char *dir;
	char *path;       /* a closed store at version 1 */
	char **schemas;   /* schema text at each version 0..current */
	long callbacks;   /* progress callbacks in one whole migration */
};

static long progress_calls;
static long progress_kill_at;

static int progress_count(void *arg)
{
	(void)arg;
	progress_calls++;
	return 0;
}

static int progress_kill(void *arg)
{
	(void)arg;
	if (++progress_calls >= progress_kill_at) {
		kill(getpid(), SIGKILL);
		_exit(99); /* not reached */
	}
	return 0;
}

static char *schema_dump_dup(struct db *db)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_schema_dump);
	size_t len = 0, cap = 4096;
	char *out = malloc(cap);

	assert_non_null(stmt);
	assert_non_null(out);
	out[0] = '\0';
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		const char *row = (const char *)sqlite3_column_text(stmt, 0);
		size_t n = strlen(row);
		while (len + n + 2 > cap) {
			cap *= 2;
			out = realloc(out, cap);
			assert_non_null(out);
		}
		memcpy(out + len, row, n);
		len += n;
		out[len++] = '\n';
		out[len] = '\0';
	}
	sqlite3_reset(stmt);
	return out;
}

static int64_t count_of(struct db *db, const char *sql)
{
	sqlite3_stmt *stmt = db_stmt(db, sql);
	int64_t n = -1;
	assert_non_null(stmt);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return n;
}

static struct db *open_flags(const char *path, unsigned flags)
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

static void copy_file(const char *from, const char *to)
{
	char buf[65536];
	size_t n;
	FILE *in = fopen(from, "rb");
	FILE *out = fopen(to, "wb");

	assert_non_null(in);
	assert_non_null(out);
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

/* Removes a store with its WAL and shared-memory files, so the next copy
 * starts clean. */
static void remove_store(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	char name[4096];

	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(name, sizeof name, "%s%s", path, suffixes[i]);
		unlink(name);
	}
}

static void fill_v1(struct db *db)
{
	char member[UUID_STR_LEN], activity[UUID_STR_LEN], id[UUID_STR_LEN];
	char at[CLOCK_UTC_LEN];

	testutil_insert_member(db, "A0001", "王小明", "member", member);
	testutil_insert_activity(db, "duty", "值班", activity);
	assert_int_equal(db_begin(db), SP_OK);
	for (int i = 0; i < ENTRIES; i++) {
		sqlite3_stmt *stmt = db_stmt(db, sql_entry_insert_v1);
		assert_non_null(stmt);
		uuid_v7_new(id);
		clock_format_utc(TESTUTIL_NOW_MS - (int64_t)i * 3600000, at);
		sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, member, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, activity, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 4, at, -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
		sqlite3_reset(stmt);
	}
	assert_int_equal(audit_append(db, NULL, "test.setup", "", "v1"), SP_OK);
	assert_int_equal(db_commit(db), SP_OK);
}

static int setup(void **state)
{
	struct template *t = calloc(1, sizeof *t);
	int versions = db_schema_version();
	struct db *db;

	if (!t)
		return -1;
	t->dir = testutil_tmpdir_dup();
	t->path = testutil_path_dup(t->dir, "v1.db");
	t->schemas = calloc((size_t)versions + 1, sizeof *t->schemas);
	if (!t->schemas)
		return -1;
	for (int v = 0; v <= versions; v++) {
		char *path = testutil_path_dup(t->dir, "ref.db");
		db = NULL;
		if (db_open(path, DB_OPEN_CREATE | DB_OPEN_NO_MIGRATE, &db, NULL) != SP_OK ||
		    db_migrate_to(db, v) != SP_OK)
			return -1;
		t->schemas[v] = schema_dump_dup(db);
		db_close(db);
		remove_store(path);
		free(path);
	}

	db = NULL;
	if (db_open(t->path, DB_OPEN_CREATE | DB_OPEN_NO_MIGRATE, &db, NULL) != SP_OK ||
	    db_migrate_to(db, 1) != SP_OK)
		return -1;
	fill_v1(db);
	db_close(db);

	/* how long is a whole migration, in progress callbacks? */
	char *probe = testutil_path_dup(t->dir, "probe.db");
	copy_file(t->path, probe);
	db = open_flags(probe, DB_OPEN_NO_MIGRATE);
	progress_calls = 0;
	sqlite3_progress_handler(db_handle(db), 1, progress_count, NULL);
	if (db_migrate_to(db, versions) != SP_OK)
		return -1;
	sqlite3_progress_handler(db_handle(db), 0, NULL, NULL);
	t->callbacks = progress_calls;
	db_close(db);
	free(probe);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct template *t = *state;
	for (int v = 0; v <= db_schema_version(); v++)
		free(t->schemas[v]);
	free(t->schemas);
	testutil_rmdir(t->dir);
	free(t->dir);
	free(t->path);
	free(t);
	return 0;
}

/* Reopens without migrating and checks the store is exactly some version
 * it passed through, with its rows. Returns that version. */
static int check_after_kill(const struct template *t, const char *path,
			    const char *what)
{
	struct db *db = open_flags(path, DB_OPEN_NO_MIGRATE);
	char *detail = NULL;
	int v;

	if (db_integrity_check(db, &detail) != SP_OK)
		fail_msg("%s: integrity: %s", what, detail ? detail : "");
	v = db_user_version(db);
	if (v < 1 || v > db_schema_version())
		fail_msg("%s: user_version %d", what, v);
	char *schema = schema_dump_dup(db);
	if (strcmp(schema, t->schemas[v]) != 0)
		fail_msg("%s: the schema is not that of version %d", what, v);
	free(schema);
	assert_int_equal(count_of(db, sql_member_count), 1);
	assert_int_equal(count_of(db, sql_entry_count), ENTRIES);
	assert_int_equal(audit_verify(db, NULL), SP_OK);
	db_close(db);

	/* the next start completes the migration */
	db = open_flags(path, 0);
	assert_int_equal(db_user_version(db), db_schema_version());
	assert_int_equal(db_check_health(db, NULL), SP_OK);
	assert_int_equal(count_of(db, sql_entry_count), ENTRIES);
	db_close(db);
	return v;
}

/* Forks a child migrating path; kill_at > 0 makes it kill itself at that
 * progress callback. Returns the wait status. */
static pid_t spawn_migration(const char *path, long kill_at)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct db *db = NULL;
		if (db_open(path, DB_OPEN_NO_MIGRATE, &db, NULL) != SP_OK)
			_exit(10);
		if (kill_at > 0) {
			progress_calls = 0;
			progress_kill_at = kill_at;
			sqlite3_progress_handler(db_handle(db), 1, progress_kill, NULL);
		}
		enum sp_status status = db_migrate_to(db, db_schema_version());
		db_close(db);
		_exit(status == SP_OK ? 0 : 11);
	}
	return pid;
}

static void test_kill_at_every_stage(void **state)
{
	struct template *t = *state;
	char *path = testutil_path_dup(t->dir, "k.db");
	char what[64];
	int at_old = 0, finished = 0;
	(void)state;

	assert_true(t->callbacks > K_POINTS);
	for (int i = 0; i <= K_POINTS + 1; i++) {
		/* K from 1 to the last callback, then one past the end */
		long k = i <= K_POINTS ? 1 + (t->callbacks - 1) * i / K_POINTS
				       : t->callbacks + 1;
		int wstatus = 0;

		copy_file(t->path, path);
		pid_t pid = spawn_migration(path, k);
		assert_int_equal(waitpid(pid, &wstatus, 0), pid);
		snprintf(what, sizeof what, "killed at callback %ld", k);
		if (k <= t->callbacks) {
			if (!WIFSIGNALED(wstatus) || WTERMSIG(wstatus) != SIGKILL)
				fail_msg("%s: the child was not killed", what);
		} else {
			assert_true(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0);
		}
		int v = check_after_kill(t, path, what);
		if (v == 1)
			at_old++;
		if (v == db_schema_version())
			finished++;
		remove_store(path);
	}
	/* the kills landed inside the migration, and the last run finished */
	assert_true(at_old > 0);
	assert_true(finished > 0);
	free(path);
}

static int64_t monotonic_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void test_kill_at_random_moments(void **state)
{
	struct template *t = *state;
	char *path = testutil_path_dup(t->dir, "r.db");
	char what[64];
	int wstatus = 0;

	/* one undisturbed run sets the range of delays */
	copy_file(t->path, path);
	int64_t start = monotonic_us();
	pid_t pid = spawn_migration(path, 0);
	assert_int_equal(waitpid(pid, &wstatus, 0), pid);
	uint32_t span_us = (uint32_t)(monotonic_us() - start) + 1;
	assert_true(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0);

	for (int round = 0; round < RANDOM_ROUNDS; round++) {
		copy_file(t->path, path);
		pid = spawn_migration(path, 0);
		usleep(randombytes_uniform(span_us));
		kill(pid, SIGKILL);
		assert_int_equal(waitpid(pid, &wstatus, 0), pid);
		/* either killed, or it finished first */
		assert_true(WIFSIGNALED(wstatus) ||
			    (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0));
		snprintf(what, sizeof what, "random kill %d", round);
		check_after_kill(t, path, what);
		remove_store(path);
	}
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kill_at_every_stage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kill_at_random_moments, setup,
						teardown),
	};
	testutil_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
