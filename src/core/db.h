/* db.h — the store: the one owner of the sqlite3 connection.
 *
 * Opening applies the safety pragmas (WAL, synchronous=FULL, foreign keys,
 * busy timeout), refuses damaged or newer files, and runs the numbered
 * migrations. Domain modules (member.c, entry.c, ...) keep their SQL text
 * next to their rules but prepare it only through db_stmt(), which prepares
 * each statement once, hands it back reset, and finalizes it at close.
 * Every write goes through db_begin()/db_commit(): one BEGIN IMMEDIATE
 * transaction per user action. */
#ifndef SVCPOINT_DB_H
#define SVCPOINT_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "status.h"

struct db;

enum db_open_flags {
	DB_OPEN_CREATE = 1 << 0,   /* create the file when it does not exist */
	DB_OPEN_NO_MIGRATE = 1 << 1, /* leave the schema as it is (tests) */
};

/* The schema version this build writes (PRAGMA user_version). */
int db_schema_version(void);

/* Opens (and with DB_OPEN_CREATE creates) the store at path, checks it and
 * migrates it to the current schema. On failure *out is NULL and, when
 * detail is not NULL, *detail may receive a malloc'd explanation. */
enum sp_status db_open(const char *path, unsigned flags, struct db **out,
		       char **detail);

/* db_open through the SQLite VFS registered as vfs_name (NULL: the
 * default one). The I/O fault tests open the store through a VFS that
 * fails chosen writes. */
enum sp_status db_open_with_vfs(const char *path, unsigned flags,
				const char *vfs_name, struct db **out,
				char **detail);

/* Closes the store; finalizes every cached statement. db_close(NULL) is a
 * no-op. */
void db_close(struct db *db);

/* The cached prepared statement for sql, reset and with bindings cleared.
 * sql must be a string literal (its address is the cache key). Returns NULL
 * and records the error on failure. */
sqlite3_stmt *db_stmt(struct db *db, const char *sql);

/* Maps an SQLite result code to a status (BUSY, CORRUPT, constraint...). */
enum sp_status db_status_from_rc(int rc);

/* The last SQLite error message on this connection. */
const char *db_errmsg(const struct db *db);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. db_rollback() is safe to call when no
 * transaction is open. */
enum sp_status db_begin(struct db *db);
enum sp_status db_commit(struct db *db);
void db_rollback(struct db *db);

/* Runs one statement with no result rows (schema, pragmas in tests). */
enum sp_status db_exec(struct db *db, const char *sql);

/* PRAGMA user_version of the open store. */
int db_user_version(struct db *db);

/* Start-up health check: journal_mode=wal, synchronous=FULL and
 * quick_check. SP_ERR_SERVICE with *detail naming what is wrong. */
enum sp_status db_check_health(struct db *db, char **detail);

/* PRAGMA integrity_check; *detail receives the first problem found. */
enum sp_status db_integrity_check(struct db *db, char **detail);

/* Online copy of the store to dest through the SQLite backup API, safe
 * while the kiosk writes. dest is replaced only when the copy succeeded. */
enum sp_status db_backup(struct db *db, const char *dest);

/* Station settings (key/value rows in the station table). value_out is
 * malloc'd; SP_ERR_NOT_FOUND when the key is absent. db_setting_set must
 * run inside a transaction. */
enum sp_status db_setting_get_dup(struct db *db, const char *key,
				  char **value_out);
enum sp_status db_setting_set(struct db *db, const char *key,
			      const char *value);

/* The raw connection, for the test VFS and benchmarks only. */
sqlite3 *db_handle(struct db *db);

/* Applies migrations up to target (tests use it to build old versions). */
enum sp_status db_migrate_to(struct db *db, int target);

/* Helpers to read a text column as a malloc'd copy ("" for NULL). */
char *db_column_dup(sqlite3_stmt *stmt, int col);

#endif
