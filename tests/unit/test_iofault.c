/* test_iofault.c — a disk that fails: the store stays whole.
 *
 * A test VFS wraps the default one and fails the Nth xWrite or xSync
 * counted from the start of an operation (SQLITE_IOERR_WRITE /
 * SQLITE_IOERR_FSYNC). Three ways to fail: once, from then on (the disk is
 * gone), or once after writing only the first half of the buffer (a torn
 * write). For two representative operations — a member plus its audit row
 * in one transaction, and the creation and migration of a fresh store —
 * every N = 1, 2, ... is tried until the operation no longer reaches an
 * Nth call. Each time: a failure that hits before the operation returns
 * gives SP_ERR_IO; after closing, the store reopens through the normal VFS
 * with integrity ok, the audit chain verifies, and either all of the write
 * or none of it is there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "clock.h"
#include "db.h"
#include "testutil.h"

#define FAULT_VFS_NAME "svcpoint-fault"
#define MAX_N 2000 /* far above what any operation here needs */

enum fault_call { FAULT_WRITE, FAULT_SYNC };
enum fault_mode { FAULT_ONCE, FAULT_PERSIST, FAULT_TORN };

static struct {
	bool armed;
	enum fault_call call;
	enum fault_mode mode;
	int at;      /* fail the at-th call of that kind */
	int count;   /* calls of that kind seen since arming */
	int fired;   /* calls failed */
} fault;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs fault_vfs;

struct fault_file {
	sqlite3_file base;    /* pMethods = &fault_io_methods */
	sqlite3_file *real;   /* the default VFS's file, right after this */
};

static sqlite3_file *real_file(sqlite3_file *f)
{
	return ((struct fault_file *)f)->real;
}

/* True when this call is to fail. */
static bool fault_hit(enum fault_call call)
{
	if (!fault.armed || fault.call != call)
		return false;
	fault.count++;
	if (fault.count == fault.at ||
	    (fault.mode == FAULT_PERSIST && fault.count > fault.at)) {
		fault.fired++;
		return true;
	}
	return false;
}

static int ff_close(sqlite3_file *f)
{
	sqlite3_file *r = real_file(f);
	return r->pMethods->xClose(r);
}

static int ff_read(sqlite3_file *f, void *buf, int amt, sqlite3_int64 off)
{
	sqlite3_file *r = real_file(f);
	return r->pMethods->xRead(r, buf, amt, off);
}

static int ff_write(sqlite3_file *f, const void *buf, int amt,
		    sqlite3_int64 off)
{
	sqlite3_file *r = real_file(f);
	if (fault_hit(FAULT_WRITE)) {
		if (fault.mode == FAULT_TORN && amt > 1)
			r->pMethods->xWrite(r, buf, amt / 2, off);
		return SQLITE_IOERR_WRITE;
	}
	return r->pMethods->xWrite(r, buf, amt, off);
}

static int ff_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	sqlite3_file *r = real_file(f);
	return r->pMethods->xTruncate(r, size);
}

static int ff_sync(sqlite3_file *f, int flags)
{
	sqlite3_file *r = real_file(f);
	if (fault_hit(FAULT_SYNC))
		return SQLITE_IOERR_FSYNC;
	return r->pMethods->xSync(r, flags);
}

static int ff_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	sqlite3_file *r = real_file(f);
	return r->pMethods->xFileSize(r, size);
}

static int ff_lock(sqlite3_file *f, int lock)
{
	sqlite3_file *r = real_file(f);
	return r->pMethods->xLock(r, lock);
}

static int ff_unlock(sqlite3_file *f, int lock)
{
	sqlite3_file *r = real_file(f);
	return r->pMethods->xUnlock(r, lock);
}

static int ff_check_reserved(sqlite3_file *f, int *out)
{
	sqlite3_file *r = real_file(f);
	return r->pMethods->xCheckReservedLock(r, out);
}

static int ff_file_control(sqlite3_file *f, int op, void *arg)
{
	sqlite3_file *r = real_file(f);
	return r->pMethods->xFileControl(r, op, arg);
}

static int ff_sector_size(sqlite3_file *f)
{
	sqlite3_file *r = real_file(f);
	return r->pMethods->xSectorSize(r);
}

static int ff_device_characteristics(sqlite3_file *f)
{
	sqlite3_file *r = real_file(f);
	return r->pMethods->xDeviceCharacteristics(r);
}

static int ff_shm_map(sqlite3_file *f, int pg, int pgsz, int extend,
		      void volatile **pp)
{
	sqlite3_file *r = real_file(f);
	return r->pMethods->xShmMap(r, pg, pgsz, extend, pp);
}

static int ff_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	sqlite3_file *r = real_file(f);
	return r->pMethods->xShmLock(r, offset, n, flags);
}

static void ff_shm_barrier(sqlite3_file *f)
{
	sqlite3_file *r = real_file(f);
	r->pMethods->xShmBarrier(r);
}

static int ff_shm_unmap(sqlite3_file *f, int delete_flag)
{
	sqlite3_file *r = real_file(f);
	return r->pMethods->xShmUnmap(r, delete_flag);
}

static int ff_fetch(sqlite3_file *f, sqlite3_int64 off, int amt, void **pp)
{
	sqlite3_file *r = real_file(f);
	return r->pMethods->xFetch(r, off, amt, pp);
}

static int ff_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	sqlite3_file *r = real_file(f);
	return r->pMethods->xUnfetch(r, off, p);
}

static const sqlite3_io_methods fault_io_methods = {
	.iVersion = 3,
	.xClose = ff_close,
	.xRead = ff_read,
	.xWrite = ff_write,
	.xTruncate = ff_truncate,
	.xSync = ff_sync,
	.xFileSize = ff_file_size,
	.xLock = ff_lock,
	.xUnlock = ff_unlock,
	.xCheckReservedLock = ff_check_reserved,
	.xFileControl = ff_file_control,
	.xSectorSize = ff_sector_size,
	.xDeviceCharacteristics = ff_device_characteristics,
	.xShmMap = ff_shm_map,
	.xShmLock = ff_shm_lock,
	.xShmBarrier = ff_shm_barrier,
	.xShmUnmap = ff_shm_unmap,
	.xFetch = ff_fetch,
	.xUnfetch = ff_unfetch,
};

static int fault_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file,
		      int flags, int *out_flags)
{
	struct fault_file *f = (struct fault_file *)file;
	(void)vfs;

	f->real = (sqlite3_file *)(f + 1);
	int rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out_flags);
	/* SQLite calls xClose only when pMethods is set */
	f->base.pMethods = f->real->pMethods ? &fault_io_methods : NULL;
	return rc;
}

/* Every other VFS method is the default VFS's own. */
static bool fault_vfs_register(void)
{
	real_vfs = sqlite3_vfs_find(NULL);
	if (!real_vfs)
		return false;
	fault_vfs = *real_vfs;
	fault_vfs.pNext = NULL;
	fault_vfs.zName = FAULT_VFS_NAME;
	fault_vfs.szOsFile = (int)sizeof(struct fault_file) + real_vfs->szOsFile;
	fault_vfs.xOpen = fault_open;
	return sqlite3_vfs_register(&fault_vfs, 0) == SQLITE_OK;
}

static void fault_arm(enum fault_call call, enum fault_mode mode, int at)
{
	fault.armed = true;
	fault.call = call;
	fault.mode = mode;
	fault.at = at;
	fault.count = 0;
	fault.fired = 0;
}

static void fault_disarm(void)
{
	fault.armed = false;
}

static const char *fault_describe(enum fault_call call, enum fault_mode mode)
{
	if (call == FAULT_SYNC)
		return mode == FAULT_PERSIST ? "every sync from" : "sync";
	return mode == FAULT_PERSIST ? "every write from"
	       : mode == FAULT_TORN  ? "torn write"
				     : "write";
}

/* ---- the member + audit transaction ---- */

static const char sql_member_insert[] =
	"INSERT INTO member(id, member_no, name, pin_hash, created_at,"
	" updated_at) VALUES (?1, ?2, ?3, 'placeholder', ?4, ?4)";
static const char sql_member_count[] =
	"SELECT count(*) FROM member WHERE member_no = ?1";
static const char sql_schema_dump[] =
	"SELECT type || ' ' || name || ' ' || tbl_name || ' ' || coalesce(sql, '')"
	" FROM sqlite_schema ORDER BY type, name";

/* One staff action: a member and its audit row, together or not at all. */
static enum sp_status add_member_audited(struct db *db, const char *no)
{
	char id[UUID_STR_LEN], now[CLOCK_UTC_LEN];
	enum sp_status status;
	sqlite3_stmt *stmt;
	int rc;

	uuid_v7_new(id);
	clock_format_utc(clock_now_ms(), now);
	status = db_begin(db);
	if (status != SP_OK)
		return status;
	stmt = db_stmt(db, sql_member_insert);
	if (!stmt) {
		db_rollback(db);
		return SP_ERR_DB;
	}
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, no, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, "故障测试", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	status = db_status_from_rc(rc);
	if (status == SP_OK)
		status = audit_append(db, NULL, "member.add", id, no);
	if (status != SP_OK) {
		db_rollback(db);
		return status;
	}
	return db_commit(db);
}

static int64_t count_of(struct db *db, const char *sql, const char *arg)
{
	sqlite3_stmt *stmt = db_stmt(db, sql);
	int64_t n = -1;
	assert_non_null(stmt);
	if (arg)
		sqlite3_bind_text(stmt, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return n;
}

static struct db *reopen_clean(const char *path, unsigned flags)
{
	struct db *db = NULL;
	char *detail = NULL;
	enum sp_status status = db_open(path, flags, &db, &detail);
	if (status != SP_OK)
		fail_msg("reopen: %s %s", status_name(status), detail ? detail : "");
	free(detail);
	status = db_integrity_check(db, &detail);
	if (status != SP_OK)
		fail_msg("integrity after a fault: %s", detail ? detail : "");
	/* a store caught before its first migration has no log yet */
	if (db_user_version(db) >= 1)
		assert_int_equal(audit_verify(db, NULL), SP_OK);
	return db;
}

/* Runs the transaction with the Nth call failing; returns false once the
 * operation no longer reaches an Nth call. */
static bool member_round(const char *path, enum fault_call call,
			 enum fault_mode mode, int n, int64_t *audit_rows)
{
	struct db *db = NULL;
	char no[32];
	enum sp_status status;
	bool hit_before_return;

	snprintf(no, sizeof no, "F%d-%d-%d", (int)call, (int)mode, n);
	fault_arm(call, mode, n);
	status = db_open_with_vfs(path, 0, FAULT_VFS_NAME, &db, NULL);
	if (status == SP_OK)
		status = add_member_audited(db, no);
	hit_before_return = fault.fired > 0;
	/* closing checkpoints the WAL into the file: under fault too */
	db_close(db);
	bool fired = fault.fired > 0;
	fault_disarm();

	if (hit_before_return && status != SP_ERR_IO)
		fail_msg("%s %d: the operation returned %s, not SP_ERR_IO",
			 fault_describe(call, mode), n, status_name(status));
	if (!hit_before_return)
		assert_int_equal(status, SP_OK);

	db = reopen_clean(path, 0);
	int64_t members = count_of(db, sql_member_count, no);
	int64_t rows = audit_count(db);
	/* all or nothing: the member and its audit row go together */
	assert_true(members == 0 || members == 1);
	assert_int_equal(rows, *audit_rows + members);
	if (status == SP_OK)
		assert_int_equal(members, 1);
	*audit_rows = rows;
	db_close(db);
	return fired;
}

static void run_member_faults(enum fault_call call, enum fault_mode mode)
{
	char *dir = testutil_tmpdir_dup();
	char *path = testutil_path_dup(dir, "svcpoint.db");
	struct db *db = testutil_db_new(dir);
	int64_t audit_rows = 0;
	int n;

	/* some history, so the chain has something to break */
	assert_int_equal(add_member_audited(db, "H1"), SP_OK);
	assert_int_equal(add_member_audited(db, "H2"), SP_OK);
	audit_rows = audit_count(db);
	db_close(db);

	for (n = 1; n < MAX_N; n++) {
		if (!member_round(path, call, mode, n, &audit_rows))
			break;
	}
	assert_true(n > 1);   /* the operation did write and sync */
	assert_true(n < MAX_N);
	free(path);
	testutil_rmdir(dir);
	free(dir);
}

static void test_member_write_fails_once(void **state)
{
	(void)state;
	run_member_faults(FAULT_WRITE, FAULT_ONCE);
}

static void test_member_write_fails_for_good(void **state)
{
	(void)state;
	run_member_faults(FAULT_WRITE, FAULT_PERSIST);
}

static void test_member_write_torn(void **state)
{
	(void)state;
	run_member_faults(FAULT_WRITE, FAULT_TORN);
}

static void test_member_sync_fails_once(void **state)
{
	(void)state;
	run_member_faults(FAULT_SYNC, FAULT_ONCE);
}

static void test_member_sync_fails_for_good(void **state)
{
	(void)state;
	run_member_faults(FAULT_SYNC, FAULT_PERSIST);
}

/* ---- creating and migrating a fresh store ---- */

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

/* The schema text of a store at every version 0..current. */
static char **reference_schemas_new(void)
{
	int versions = db_schema_version();
	char **schemas = calloc((size_t)versions + 1, sizeof *schemas);

	assert_non_null(schemas);
	for (int v = 0; v <= versions; v++) {
		char *dir = testutil_tmpdir_dup();
		char *path = testutil_path_dup(dir, "ref.db");
		struct db *db = NULL;
		assert_int_equal(db_open(path, DB_OPEN_CREATE | DB_OPEN_NO_MIGRATE,
					 &db, NULL), SP_OK);
		assert_int_equal(db_migrate_to(db, v), SP_OK);
		schemas[v] = schema_dump_dup(db);
		db_close(db);
		free(path);
		testutil_rmdir(dir);
		free(dir);
	}
	return schemas;
}

static void reference_schemas_free(char **schemas)
{
	for (int v = 0; v <= db_schema_version(); v++)
		free(schemas[v]);
	free(schemas);
}

static bool migrate_round(char **schemas, enum fault_call call,
			  enum fault_mode mode, int n)
{
	char *dir = testutil_tmpdir_dup();
	char *path = testutil_path_dup(dir, "svcpoint.db");
	struct db *db = NULL;
	enum sp_status status;

	fault_arm(call, mode, n);
	status = db_open_with_vfs(path, DB_OPEN_CREATE, FAULT_VFS_NAME, &db, NULL);
	bool hit_before_return = fault.fired > 0;
	db_close(db);
	bool fired = fault.fired > 0;
	fault_disarm();

	if (hit_before_return && status != SP_ERR_IO)
		fail_msg("%s %d: creating the store returned %s, not SP_ERR_IO",
			 fault_describe(call, mode), n, status_name(status));
	if (!hit_before_return)
		assert_int_equal(status, SP_OK);

	/* whatever version it reached, it is exactly that version */
	db = reopen_clean(path, DB_OPEN_CREATE | DB_OPEN_NO_MIGRATE);
	int v = db_user_version(db);
	assert_true(v >= 0 && v <= db_schema_version());
	if (status == SP_OK)
		assert_int_equal(v, db_schema_version());
	char *schema = schema_dump_dup(db);
	if (strcmp(schema, schemas[v]) != 0)
		fail_msg("%s %d: version %d with a different schema",
			 fault_describe(call, mode), n, v);
	free(schema);
	db_close(db);

	/* and the next start finishes the job */
	db = reopen_clean(path, 0);
	assert_int_equal(db_user_version(db), db_schema_version());
	assert_int_equal(db_check_health(db, NULL), SP_OK);
	assert_int_equal(add_member_audited(db, "after"), SP_OK);
	db_close(db);
	free(path);
	testutil_rmdir(dir);
	free(dir);
	return fired;
}

static void run_migrate_faults(enum fault_call call, enum fault_mode mode)
{
	char **schemas = reference_schemas_new();
	int n;

	for (n = 1; n < MAX_N; n++) {
		if (!migrate_round(schemas, call, mode, n))
			break;
	}
	assert_true(n > 1);
	assert_true(n < MAX_N);
	reference_schemas_free(schemas);
}

static void test_migrate_write_fails_once(void **state)
{
	(void)state;
	run_migrate_faults(FAULT_WRITE, FAULT_ONCE);
}

static void test_migrate_write_fails_for_good(void **state)
{
	(void)state;
	run_migrate_faults(FAULT_WRITE, FAULT_PERSIST);
}

static void test_migrate_write_torn(void **state)
{
	(void)state;
	run_migrate_faults(FAULT_WRITE, FAULT_TORN);
}

static void test_migrate_sync_fails_once(void **state)
{
	(void)state;
	run_migrate_faults(FAULT_SYNC, FAULT_ONCE);
}

static void test_migrate_sync_fails_for_good(void **state)
{
	(void)state;
	run_migrate_faults(FAULT_SYNC, FAULT_PERSIST);
}

static void test_unknown_vfs_is_an_error(void **state)
{
	char *dir = testutil_tmpdir_dup();
	char *path = testutil_path_dup(dir, "svcpoint.db");
	struct db *db = (struct db *)1;
	(void)state;

	assert_int_not_equal(db_open_with_vfs(path, DB_OPEN_CREATE, "no-such-vfs",
					      &db, NULL), SP_OK);
	assert_null(db);
	free(path);
	testutil_rmdir(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_member_write_fails_once),
		cmocka_unit_test(test_member_write_fails_for_good),
		cmocka_unit_test(test_member_write_torn),
		cmocka_unit_test(test_member_sync_fails_once),
		cmocka_unit_test(test_member_sync_fails_for_good),
		cmocka_unit_test(test_migrate_write_fails_once),
		cmocka_unit_test(test_migrate_write_fails_for_good),
		cmocka_unit_test(test_migrate_write_torn),
		cmocka_unit_test(test_migrate_sync_fails_once),
		cmocka_unit_test(test_migrate_sync_fails_for_good),
		cmocka_unit_test(test_unknown_vfs_is_an_error),
	};
	testutil_init();
	if (!fault_vfs_register()) {
		fprintf(stderr, "test_iofault: cannot register the test VFS\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
