/* testutil.h — helpers every unit test may use: a private temporary
 * folder, a fresh migrated store in it, a fixed clock, and raw inserts of
 * fixture rows that do not go through the code under test. */
#ifndef SVCPOINT_TESTUTIL_H
#define SVCPOINT_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
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

/* Joins dir and name into a malloc'd path. */
char *testutil_path_dup(const char *dir, const char *name);

#endif
