/* testutil.h — helpers every unit test may use: a private temporary
 * folder, a fresh migrated store in it, a fixed clock, and raw inserts of
 * fixture rows that do not go through the code under test. */
#ifndef SVCPOINT_TESTUTIL_H
#define SVCPOINT_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "entry.h"
#include "uuid.h"

/* 2026-11-23T01:00:00Z (09:00 in Asia/Shanghai), a Monday. */
#define TESTUTIL_NOW_MS INT64_C(1795395600000)

/* Sets a UTF-8 locale, Asia/Shanghai, the fixed clock and libsodium. Call
 * first in main(). */
void testutil_init(void);

/* A new empty folder under $TMPDIR; the returned path is static per call
 * slot and removed by testutil_rmdir. Caller frees. */
char *testutil_tmpdir_dup(void);
void testutil_rmdir(const char *path);

/* Opens a new migrated store "<dir>/svcpoint.db". */
struct db *testutil_db_new(const char *dir);

/* Inserts a member row directly (pin_hash is a placeholder unless given),
 * returning its id in id_out. */
void testutil_insert_member(struct db *db, const char *member_no,
			    const char *name, const char *role,
			    char id_out[UUID_STR_LEN]);

/* Inserts an activity type directly; id in id_out. */
void testutil_insert_activity(struct db *db, const char *code,
			      const char *name, char id_out[UUID_STR_LEN]);

/* A private temporary folder with a new migrated store in it: where
 * most fixtures start. */
struct testutil_store {
	char *dir;
	struct db *db;
};

/* For fixtures that are nothing but a store. */
struct testutil_store *testutil_store_new(void);
void testutil_store_free(struct testutil_store *s);

/* For fixtures that keep dir and db beside their own fields: the folder's
 * path goes to *dir, and close frees it. */
struct db *testutil_store_open(char **dir);
void testutil_store_close(struct db *db, char *dir);

/* The cast most tests share, inserted in this order (ids are time-ordered,
 * so the order is part of the data): members 1001 张三 and 1002 李四,
 * staff 9001 王值班. */
void testutil_insert_people(struct db *db, char member[UUID_STR_LEN],
			    char other[UUID_STR_LEN], char staff[UUID_STR_LEN]);

/* The rules the entry tests assume unless they say otherwise: to the
 * minute, 12-hour sessions and days, a week's backfill. */
struct entry_rules testutil_entry_rules(void);

/* The first column of the first row of sql, or -1 with no row; fails the
 * test if sql does not prepare. */
int64_t testutil_int(struct db *db, const char *sql);

/* EXPLAIN QUERY PLAN's detail lines for sql, "\n" after each. Caller
 * frees. */
char *testutil_explain_dup(sqlite3 *conn, const char *sql);

/* True when needle occurs anywhere in the len bytes of a print job. */
bool testutil_has(const unsigned char *job, size_t len, const char *needle);

/* Joins dir and name into a malloc'd path. */
char *testutil_path_dup(const char *dir, const char *name);

#endif
