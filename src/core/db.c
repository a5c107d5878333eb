/* db.c — owns the sqlite3 connection: safety pragmas, health checks,
 * migrations, transactions, the prepared-statement cache and backups.
 *
 * It must never leave a transaction open on return, never apply half a
 * migration, and never open a store it cannot vouch for. */
#include "db.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "migrations.h"

#define DB_BUSY_TIMEOUT_MS 5000

struct db_cached_stmt {
	const char *sql;       /* the literal's address is the key */
	sqlite3_stmt *stmt;
};

struct db {
	sqlite3 *conn;
	struct db_cached_stmt *cache;
	size_t cache_len;
	size_t cache_cap;
};

int db_schema_version(void)
{
	return migrations_count();
}

sqlite3 *db_handle(struct db *db)
{
	return db->conn;
}

const char *db_errmsg(const struct db *db)
{
	return db && db->conn ? sqlite3_errmsg(db->conn) : "no database";
}

enum sp_status db_status_from_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return SP_OK;
	case SQLITE_NOMEM:
		return SP_ERR_NOMEM;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return SP_ERR_BUSY;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return SP_ERR_CORRUPT;
	case SQLITE_CONSTRAINT:
		if (rc == SQLITE_CONSTRAINT_UNIQUE ||
		    rc == SQLITE_CONSTRAINT_PRIMARYKEY)
			return SP_ERR_DUPLICATE;
		if (rc == SQLITE_CONSTRAINT_TRIGGER)
			return SP_ERR_STATE;
		return SP_ERR_INVALID;
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
		return SP_ERR_IO;
	default:
		return SP_ERR_DB;
	}
}

static char *db_strdup_printf(const char *fmt, const char *arg)
{
	char *out = NULL;
	if (asprintf(&out, fmt, arg) < 0)
		return NULL;
	return out;
}

static void db_set_detail(char **detail, const char *fmt, const char *arg)
{
	if (detail && !*detail)
		*detail = db_strdup_printf(fmt, arg ? arg : "");
}

enum sp_status db_exec(struct db *db, const char *sql)
{
	int rc = sqlite3_exec(db->conn, sql, NULL, NULL, NULL);
	return db_status_from_rc(rc);
}

sqlite3_stmt *db_stmt(struct db *db, const char *sql)
{
	for (size_t i = 0; i < db->cache_len; i++) {
		if (db->cache[i].sql == sql) {
			sqlite3_reset(db->cache[i].stmt);
			sqlite3_clear_bindings(db->cache[i].stmt);
			return db->cache[i].stmt;
		}
	}
	if (db->cache_len == db->cache_cap) {
		size_t cap = db->cache_cap ? db->cache_cap * 2 : 32;
		struct db_cached_stmt *grown =
			realloc(db->cache, cap * sizeof *grown);
		if (!grown)
			return NULL;
		db->cache = grown;
		db->cache_cap = cap;
	}
	sqlite3_stmt *stmt = NULL;
	if (sqlite3_prepare_v3(db->conn, sql, -1, SQLITE_PREPARE_PERSISTENT,
			       &stmt, NULL) != SQLITE_OK) {
		sqlite3_finalize(stmt);
		return NULL;
	}
	db->cache[db->cache_len].sql = sql;
	db->cache[db->cache_len].stmt = stmt;
	db->cache_len++;
	return stmt;
}

static void db_cache_clear(struct db *db)
{
	for (size_t i = 0; i < db->cache_len; i++) {
		sqlite3_finalize(db->cache[i].stmt);
		db->cache[i].stmt = NULL;
	}
	free(db->cache);
	db->cache = NULL;
	db->cache_len = db->cache_cap = 0;
}

enum sp_status db_begin(struct db *db)
{
	return db_exec(db, "BEGIN IMMEDIATE");
}

enum sp_status db_commit(struct db *db)
{
	int rc = sqlite3_exec(db->conn, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		enum sp_status status = db_status_from_rc(rc);
		db_rollback(db);
		return status;
	}
	return SP_OK;
}

void db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
}

/* Runs a pragma or query returning one text value into buf. */
static enum sp_status db_query_text(struct db *db, const char *sql, char *buf,
				    size_t size)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(db->conn, sql, -1, &stmt, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(stmt);
		return db_status_from_rc(rc);
	}
	rc = sqlite3_step(stmt);
	buf[0] = '\0';
	if (rc == SQLITE_ROW) {
		const unsigned char *text = sqlite3_column_text(stmt, 0);
		snprintf(buf, size, "%s", text ? (const char *)text : "");
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
	/* A pragma that writes (journal_mode on a new file) commits when the
	 * statement ends: finalize reports that commit's error. */
	int finalize_rc = sqlite3_finalize(stmt);
	if (rc == SQLITE_OK)
		rc = finalize_rc;
	return db_status_from_rc(rc);
}

int db_user_version(struct db *db)
{
	char buf[32];
	if (db_query_text(db, "PRAGMA user_version", buf, sizeof buf) != SP_OK)
		return -1;
	return atoi(buf);
}

enum sp_status db_migrate_to(struct db *db, int target)
{
	int version = db_user_version(db);

	if (version < 0)
		return SP_ERR_CORRUPT;
	if (target > migrations_count())
		return SP_ERR_INVALID;
	while (version < target) {
		char pragma[48];
		enum sp_status status = db_begin(db);
		if (status != SP_OK)
			return status;
		/* user_version lives in the file header and is written by the
		 * same transaction as the step, so the two land together. */
		status = db_exec(db, migrations_step_sql(version + 1));
		if (status == SP_OK) {
			snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d",
				 version + 1);
			status = db_exec(db, pragma);
		}
		if (status == SP_OK)
			status = db_commit(db);
		if (status != SP_OK) {
			db_rollback(db);
			return status;
		}
		version++;
	}
	return SP_OK;
}

/* Cheap checks that the file is an SQLite database at all, readable. */
static enum sp_status db_probe(struct db *db, char **detail)
{
	char buf[32];
	enum sp_status status =
		db_query_text(db, "SELECT count(*) FROM sqlite_schema", buf,
			      sizeof buf);
	if (status != SP_OK)
		db_set_detail(detail, "%s", sqlite3_errmsg(db->conn));
	return status;
}

static enum sp_status db_apply_pragmas(struct db *db, char **detail)
{
	char mode[32];
	enum sp_status status;

	status = db_query_text(db, "PRAGMA journal_mode = WAL", mode, sizeof mode);
	if (status != SP_OK)
		return status;
	if (strcmp(mode, "wal") != 0) {
		db_set_detail(detail, "journal_mode is %s, not wal", mode);
		return SP_ERR_SERVICE;
	}
	status = db_exec(db, "PRAGMA synchronous = FULL");
	if (status == SP_OK)
		status = db_exec(db, "PRAGMA foreign_keys = ON");
	return status;
}

enum sp_status db_open(const char *path, unsigned flags, struct db **out,
		       char **detail)
{
	return db_open_with_vfs(path, flags, NULL, out, detail);
}

enum sp_status db_open_with_vfs(const char *path, unsigned flags,
				const char *vfs_name, struct db **out,
				char **detail)
{
	struct db *db;
	int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	enum sp_status status;

	*out = NULL;
	if (detail)
		*detail = NULL;
	if (!(flags & DB_OPEN_CREATE) && access(path, F_OK) != 0) {
		db_set_detail(detail, "%s does not exist", path);
		return SP_ERR_NOT_FOUND;
	}
	if (flags & DB_OPEN_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	db = calloc(1, sizeof *db);
	if (!db)
		return SP_ERR_NOMEM;
	int rc = sqlite3_open_v2(path, &db->conn, oflags, vfs_name);
	if (rc != SQLITE_OK) {
		db_set_detail(detail, "%s", db->conn ? sqlite3_errmsg(db->conn) : path);
		db_close(db);
		return db_status_from_rc(rc);
	}
	sqlite3_extended_result_codes(db->conn, 1);
	/* Before the first read: a connection opening while another process
	 * opens, recovers or checkpoints the WAL waits for it instead of
	 * failing at once with "database is locked". */
	sqlite3_busy_timeout(db->conn, DB_BUSY_TIMEOUT_MS);

	status = db_probe(db, detail);
	if (status == SP_OK)
		status = db_apply_pragmas(db, detail);
	if (status == SP_OK) {
		int version = db_user_version(db);
		if (version < 0) {
			status = SP_ERR_CORRUPT;
		} else if (version > migrations_count()) {
			char msg[64];
			snprintf(msg, sizeof msg, "%d > %d", version,
				 migrations_count());
			db_set_detail(detail, "schema version %s", msg);
			status = SP_ERR_TOO_NEW;
		} else if (!(flags & DB_OPEN_NO_MIGRATE)) {
			status = db_migrate_to(db, migrations_count());
			if (status != SP_OK)
				db_set_detail(detail, "migration failed: %s",
					      sqlite3_errmsg(db->conn));
		}
	}
	if (status != SP_OK) {
		db_close(db);
		return status;
	}
	*out = db;
	return SP_OK;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	db_cache_clear(db);
	if (db->conn) {
		db_rollback(db);
		sqlite3_close_v2(db->conn);
		db->conn = NULL;
	}
	free(db);
}

enum sp_status db_check_health(struct db *db, char **detail)
{
	char buf[256];
	enum sp_status status;

	if (detail)
		*detail = NULL;
	status = db_query_text(db, "PRAGMA journal_mode", buf, sizeof buf);
	if (status != SP_OK)
		return status;
	if (strcmp(buf, "wal") != 0) {
		db_set_detail(detail, "journal_mode is %s, not wal", buf);
		return SP_ERR_SERVICE;
	}
	status = db_query_text(db, "PRAGMA synchronous", buf, sizeof buf);
	if (status != SP_OK)
		return status;
	if (strcmp(buf, "2") != 0) {
		db_set_detail(detail, "synchronous is %s, not FULL (2)", buf);
		return SP_ERR_SERVICE;
	}
	status = db_query_text(db, "PRAGMA quick_check", buf, sizeof buf);
	if (status != SP_OK) {
		db_set_detail(detail, "%s", sqlite3_errmsg(db->conn));
		return status == SP_ERR_CORRUPT ? SP_ERR_CORRUPT : SP_ERR_SERVICE;
	}
	if (strcmp(buf, "ok") != 0) {
		db_set_detail(detail, "quick_check: %s", buf);
		return SP_ERR_CORRUPT;
	}
	return SP_OK;
}

enum sp_status db_integrity_check(struct db *db, char **detail)
{
	char buf[512];
	enum sp_status status;

	if (detail)
		*detail = NULL;
	status = db_query_text(db, "PRAGMA integrity_check", buf, sizeof buf);
	if (status != SP_OK) {
		db_set_detail(detail, "%s", sqlite3_errmsg(db->conn));
		return status;
	}
	if (strcmp(buf, "ok") != 0) {
		db_set_detail(detail, "%s", buf);
		return SP_ERR_CORRUPT;
	}
	status = db_query_text(db, "PRAGMA foreign_key_check", buf, sizeof buf);
	if (status == SP_OK && buf[0]) {
		db_set_detail(detail, "foreign key broken in table %s", buf);
		return SP_ERR_CORRUPT;
	}
	return status;
}

static int db_fsync_path(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

enum sp_status db_backup(struct db *db, const char *dest)
{
	char *tmp = NULL;
	sqlite3 *out = NULL;
	sqlite3_backup *backup;
	int rc;

	if (asprintf(&tmp, "%s.partial", dest) < 0)
		return SP_ERR_NOMEM;
	unlink(tmp);
	rc = sqlite3_open_v2(tmp, &out,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc == SQLITE_OK) {
		backup = sqlite3_backup_init(out, "main", db->conn, "main");
		if (!backup) {
			rc = sqlite3_errcode(out);
		} else {
			/* All pages in one step, inside one read transaction:
			 * in WAL mode that is a consistent snapshot and the
			 * kiosk keeps writing meanwhile. Copying in slices
			 * restarts the copy after every write by another
			 * connection, so a large store at a busy kiosk was
			 * never copied at all. */
			do {
				rc = sqlite3_backup_step(backup, -1);
				if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
					sqlite3_sleep(20);
			} while (rc == SQLITE_OK || rc == SQLITE_BUSY ||
				 rc == SQLITE_LOCKED);
			sqlite3_backup_finish(backup);
			if (rc == SQLITE_DONE)
				rc = SQLITE_OK;
		}
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(out, "PRAGMA journal_mode = DELETE", NULL, NULL,
				  NULL);
	sqlite3_close(out);
	if (rc == SQLITE_OK && db_fsync_path(tmp) != 0)
		rc = SQLITE_IOERR;
	if (rc == SQLITE_OK && rename(tmp, dest) != 0)
		rc = SQLITE_IOERR;
	if (rc != SQLITE_OK)
		unlink(tmp);
	free(tmp);
	return db_status_from_rc(rc);
}

char *db_column_dup(sqlite3_stmt *stmt, int col)
{
	const unsigned char *text = sqlite3_column_text(stmt, col);
	return strdup(text ? (const char *)text : "");
}

static const char sql_setting_get[] =
	"SELECT value FROM station WHERE key = ?1";
static const char sql_setting_set[] =
	"INSERT INTO station(key, value) VALUES (?1, ?2)"
	" ON CONFLICT(key) DO UPDATE SET value = excluded.value";

enum sp_status db_setting_get_dup(struct db *db, const char *key,
				  char **value_out)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_setting_get);
	enum sp_status status = SP_ERR_NOT_FOUND;
	int rc;

	*value_out = NULL;
	if (!stmt)
		return SP_ERR_DB;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*value_out = db_column_dup(stmt, 0);
		status = *value_out ? SP_OK : SP_ERR_NOMEM;
	} else if (rc != SQLITE_DONE) {
		status = db_status_from_rc(rc);
	}
	sqlite3_reset(stmt);
	return status;
}

enum sp_status db_setting_set(struct db *db, const char *key,
			      const char *value)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_setting_set);
	int rc;

	if (!stmt)
		return SP_ERR_DB;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return db_status_from_rc(rc);
}
