/* test_audit.c — the hash-chained audit log: appends inside the caller's
 * transaction, and any change, removal or reordering of a row is found at
 * the row where it happened. The append-only triggers are dropped first, as
 * someone editing the file with another tool would. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "db.h"
#include "testutil.h"

#define ROWS 5

static const char sql_detail_of[] = "SELECT detail FROM audit_log WHERE seq = ?1";

static int setup(void **state)
{
	struct testutil_store *fx = testutil_store_new();
	char detail[64];

	for (int i = 1; i <= ROWS; i++) {
		snprintf(detail, sizeof detail, "row %d 第%d行", i, i);
		clock_set_fixed_ms(TESTUTIL_NOW_MS + i * 1000);
		if (db_begin(fx->db) != SP_OK ||
		    audit_append(fx->db, i % 2 ? NULL : "00000000-0000-7000-8000-000000000001",
				 "test.action", "target", detail) != SP_OK ||
		    db_commit(fx->db) != SP_OK)
			return -1;
	}
	clock_set_fixed_ms(TESTUTIL_NOW_MS);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	testutil_store_free(*state);
	return 0;
}

static void unlock_log(struct db *db)
{
	assert_int_equal(db_exec(db, "DROP TRIGGER audit_log_no_update"), SP_OK);
	assert_int_equal(db_exec(db, "DROP TRIGGER audit_log_no_delete"), SP_OK);
}

static void assert_broken_at(struct db *db, int64_t seq)
{
	int64_t bad = -1;
	assert_int_equal(audit_verify(db, &bad), SP_ERR_AUDIT_BROKEN);
	assert_int_equal(bad, seq);
}

static void test_intact_chain_verifies(void **state)
{
	struct testutil_store *fx = *state;
	int64_t bad = -1;
	char *detail;
	sqlite3_stmt *stmt;

	assert_int_equal(audit_count(fx->db), ROWS);
	assert_int_equal(audit_verify(fx->db, &bad), SP_OK);
	assert_int_equal(bad, 0);
	assert_int_equal(audit_verify(fx->db, NULL), SP_OK);
	stmt = db_stmt(fx->db, sql_detail_of);
	sqlite3_bind_int64(stmt, 1, 2);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	detail = db_column_dup(stmt, 0);
	sqlite3_reset(stmt);
	assert_string_equal(detail, "row 2 第2行");
	free(detail);
}

static void test_empty_log_verifies(void **state)
{
	char *dir = testutil_tmpdir_dup();
	struct db *db = testutil_db_new(dir);
	int64_t bad = -1;
	(void)state;

	assert_int_equal(audit_count(db), 0);
	assert_int_equal(audit_verify(db, &bad), SP_OK);
	assert_int_equal(bad, 0);
	db_close(db);
	testutil_rmdir(dir);
	free(dir);
}

/* A row appended in a transaction that is rolled back leaves no trace, and
 * the next append continues the chain. */
static void test_rolled_back_append_leaves_chain_whole(void **state)
{
	struct testutil_store *fx = *state;

	assert_int_equal(db_begin(fx->db), SP_OK);
	assert_int_equal(audit_append(fx->db, NULL, "test.lost", "", ""), SP_OK);
	db_rollback(fx->db);
	assert_int_equal(audit_count(fx->db), ROWS);
	assert_int_equal(db_begin(fx->db), SP_OK);
	assert_int_equal(audit_append(fx->db, NULL, "test.kept", NULL, NULL), SP_OK);
	assert_int_equal(db_commit(fx->db), SP_OK);
	assert_int_equal(audit_count(fx->db), ROWS + 1);
	assert_int_equal(audit_verify(fx->db, NULL), SP_OK);
}

static void test_changed_detail_is_found(void **state)
{
	struct testutil_store *fx = *state;

	unlock_log(fx->db);
	assert_int_equal(db_exec(fx->db,
				 "UPDATE audit_log SET detail = 'nothing happened'"
				 " WHERE seq = 3"), SP_OK);
	assert_broken_at(fx->db, 3);
}

static void test_changed_actor_is_found(void **state)
{
	struct testutil_store *fx = *state;

	unlock_log(fx->db);
	assert_int_equal(db_exec(fx->db,
				 "UPDATE audit_log SET actor_id = NULL WHERE seq = 4"),
			 SP_OK);
	assert_broken_at(fx->db, 4);
}

/* A row whose stored hash was replaced (say, copied from another row) no
 * longer matches its own fields. */
static void test_replaced_hash_is_found(void **state)
{
	struct testutil_store *fx = *state;

	unlock_log(fx->db);
	assert_int_equal(db_exec(fx->db,
				 "UPDATE audit_log SET hash = (SELECT hash FROM"
				 " audit_log WHERE seq = 1) WHERE seq = 2"), SP_OK);
	assert_broken_at(fx->db, 2);
}

static void test_removed_middle_row_is_found(void **state)
{
	struct testutil_store *fx = *state;

	unlock_log(fx->db);
	assert_int_equal(db_exec(fx->db, "DELETE FROM audit_log WHERE seq = 3"),
			 SP_OK);
	assert_broken_at(fx->db, 3);
}

static void test_removed_first_row_is_found(void **state)
{
	struct testutil_store *fx = *state;

	unlock_log(fx->db);
	assert_int_equal(db_exec(fx->db, "DELETE FROM audit_log WHERE seq = 1"),
			 SP_OK);
	assert_broken_at(fx->db, 1);
}

/* Renumbering after a removal closes the gap in seq, but the prev_hash of
 * the row that moved up still names the removed one. */
static void test_removed_and_renumbered_is_found(void **state)
{
	struct testutil_store *fx = *state;

	unlock_log(fx->db);
	assert_int_equal(db_exec(fx->db, "DELETE FROM audit_log WHERE seq = 3"),
			 SP_OK);
	assert_int_equal(db_exec(fx->db,
				 "UPDATE audit_log SET seq = seq - 1 WHERE seq > 3"),
			 SP_OK);
	assert_int_equal(audit_count(fx->db), ROWS - 1);
	assert_broken_at(fx->db, 3);
}

static void test_swapped_rows_are_found(void **state)
{
	struct testutil_store *fx = *state;

	unlock_log(fx->db);
	/* rows 2 and 3 trade places (seq is the order) */
	assert_int_equal(db_exec(fx->db,
				 "UPDATE audit_log SET seq = 100 WHERE seq = 2;"), SP_OK);
	assert_int_equal(db_exec(fx->db,
				 "UPDATE audit_log SET seq = 2 WHERE seq = 3;"), SP_OK);
	assert_int_equal(db_exec(fx->db,
				 "UPDATE audit_log SET seq = 3 WHERE seq = 100;"), SP_OK);
	assert_broken_at(fx->db, 2);
}

static void test_changed_prev_hash_is_found(void **state)
{
	struct testutil_store *fx = *state;

	unlock_log(fx->db);
	assert_int_equal(db_exec(fx->db,
				 "UPDATE audit_log SET prev_hash ="
				 " '1111111111111111111111111111111111111111111111111111111111111111'"
				 " WHERE seq = 4"), SP_OK);
	assert_broken_at(fx->db, 4);
}

/* The last row has no successor whose prev_hash could disagree: its own
 * hash does. */
static void test_changed_last_row_is_found(void **state)
{
	struct testutil_store *fx = *state;

	unlock_log(fx->db);
	assert_int_equal(db_exec(fx->db,
				 "UPDATE audit_log SET action = 'other' WHERE seq = 5"),
			 SP_OK);
	assert_broken_at(fx->db, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_intact_chain_verifies, setup, teardown),
		cmocka_unit_test(test_empty_log_verifies),
		cmocka_unit_test_setup_teardown(test_rolled_back_append_leaves_chain_whole,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_detail_is_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_actor_is_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replaced_hash_is_found,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_removed_middle_row_is_found, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_removed_first_row_is_found, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_removed_and_renumbered_is_found,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_swapped_rows_are_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_prev_hash_is_found, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_changed_last_row_is_found,
						setup, teardown),
	};
	testutil_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
