/* test_sync.c — the station side of the sync: change-log seqs from the
 * triggers, rows waiting and the watermark, batches (latest revision
 * once, deleted rows left out as gaps), and applying the roster. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "sync.h"
#include "testutil.h"

static int setup(void **state)
{
	*state = testutil_store_new();
	return 0;
}

static int teardown(void **state)
{
	testutil_store_free(*state);
	return 0;
}

static void exec_ok(struct db *db, const char *sql)
{
	char *err = NULL;
	int rc = sqlite3_exec(db_handle(db), sql, NULL, NULL, &err);
	if (rc != SQLITE_OK)
		fprintf(stderr, "%s: %s\n", sql, err ? err : "");
	sqlite3_free(err);
	assert_int_equal(rc, SQLITE_OK);
}

#define M1 "01900000-0000-7000-8000-0000000000a1"
#define A1 "01900000-0000-7000-8000-0000000000c1"
#define S1 "01900000-0000-7000-8000-0000000000d1"
#define E1 "01900000-0000-7000-8000-0000000000e1"
#define E2 "01900000-0000-7000-8000-0000000000e2"
#define E3 "01900000-0000-7000-8000-0000000000e3"
#define C1 "01900000-0000-7000-8000-0000000000f1"
#define F1 "01900000-0000-7000-8000-0000000000b1"
#define B1 "01900000-0000-7000-8000-0000000000b9"
#define T0 "'2026-11-23T01:00:00.000Z'"

static void insert_fixture(struct db *db)
{
	exec_ok(db,
		"INSERT INTO member(id, member_no, name, role, pin_hash, created_at,"
		" updated_at) VALUES ('" M1 "', 'T1', '张三', 'staff', 'x', " T0 ", " T0 ");"
		"INSERT INTO activity_type(id, code, name, created_at)"
		" VALUES ('" A1 "', 'duty', '值班', " T0 ");"
		"INSERT INTO shift(id, opened_by, opened_at) VALUES ('" S1 "', '" M1 "', " T0 ");"
		"INSERT INTO service_entry(id, member_id, activity_id, kind, started_at,"
		" ended_at, minutes, status, created_at, updated_at) VALUES"
		" ('" E1 "', '" M1 "', '" A1 "', 'logged', " T0 ", " T0 ", 0, 'pending', " T0 ", " T0 "),"
		" ('" E2 "', '" M1 "', '" A1 "', 'logged', " T0 ", " T0 ", 0, 'pending', " T0 ", " T0 "),"
		" ('" E3 "', '" M1 "', '" A1 "', 'logged', " T0 ", " T0 ", 0, 'pending', " T0 ", " T0 ");"
		"INSERT INTO commitment(id, member_id, text, due_date, created_at, updated_at)"
		" VALUES ('" C1 "', '" M1 "', '送书上门', '2026-12-01', " T0 ", " T0 ");"
		"INSERT INTO feedback(id, rating, created_at) VALUES ('" F1 "', 5, " T0 ");"
		"INSERT INTO brand(id, name, created_at, updated_at)"
		" VALUES ('" B1 "', '红心驿站', " T0 ", " T0 ");"
		"INSERT INTO audit_log(seq, id, at, action, prev_hash, hash)"
		" VALUES (1, '01900000-0000-7000-8000-000000000aa1', " T0 ", 'x', '', '');");
}

static void test_every_synced_insert_and_update_gets_a_seq(void **state)
{
	struct testutil_store *f = *state;
	static const char *const tables[] = {
		"activity_type", "shift", "service_entry", "commitment",
		"feedback", "brand", "audit_log",
	};
	char sql[256];

	insert_fixture(f->db);
	/* one change per inserted row, in insert order, members none */
	assert_int_equal(testutil_int(f->db,
		"SELECT count(*) FROM change_log"), 9);
	assert_int_equal(testutil_int(f->db,
		"SELECT count(*) FROM change_log WHERE tbl = 'member'"), 0);
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		snprintf(sql, sizeof sql,
			 "SELECT count(*) FROM change_log c JOIN %s t ON t.id = c.row_id"
			 " WHERE c.tbl = '%s'", tables[i], tables[i]);
		assert_true(testutil_int(f->db, sql) >= 1);
	}
	assert_int_equal(testutil_int(f->db,
		"SELECT seq FROM change_log WHERE row_id = '" E1 "'"),
		testutil_int(f->db, "SELECT seq FROM change_log WHERE row_id = '" E2 "'") - 1);

	/* updates of each kind of table: one new seq each */
	exec_ok(f->db,
		"UPDATE service_entry SET status = 'verified', verified_by = '" M1 "',"
		" verified_at = " T0 " WHERE id = '" E1 "';"
		"UPDATE commitment SET status = 'fulfilled_pending' WHERE id = '" C1 "';"
		"UPDATE shift SET closed_at = " T0 ", closed_by = '" M1 "' WHERE id = '" S1 "';"
		"UPDATE brand SET slogan = '亮身份' WHERE id = '" B1 "';"
		"UPDATE activity_type SET active = 0 WHERE id = '" A1 "';"
		"UPDATE feedback SET comment = 'ok' WHERE id = '" F1 "';");
	assert_int_equal(testutil_int(f->db,
		"SELECT count(*) FROM change_log"), 15);
	assert_int_equal(testutil_int(f->db,
		"SELECT max(seq) FROM change_log WHERE row_id = '" E1 "'"), 10);
}

static void test_member_lockout_is_not_a_change(void **state)
{
	struct testutil_store *f = *state;
	char id[UUID_STR_LEN];

	testutil_insert_member(f->db, "T9", "李四", "member", id);
	exec_ok(f->db, "UPDATE member SET failed_pins = 4,"
		       " locked_until = '2026-11-23T02:00:00.000Z' WHERE member_no = 'T9'");
	assert_int_equal(testutil_int(f->db,
		"SELECT count(*) FROM change_log"), 0);
}

static void test_rows_waiting_and_the_watermark(void **state)
{
	struct testutil_store *f = *state;
	struct sync_status st;

	insert_fixture(f->db);
	assert_int_equal(sync_status_read(f->db, &st), SP_OK);
	assert_int_equal(st.acked_seq, 0);
	assert_int_equal(st.last_seq, 9);
	assert_int_equal(st.waiting, 9);
	assert_int_equal(st.last_push_ms, 0);

	assert_int_equal(sync_ack(f->db, 4, NULL), SP_OK);
	assert_int_equal(sync_status_read(f->db, &st), SP_OK);
	assert_int_equal(st.acked_seq, 4);
	assert_int_equal(st.waiting, 5);
	assert_int_equal(st.last_push_ms, TESTUTIL_NOW_MS);

	/* never backwards, never beyond the last change */
	assert_int_equal(sync_ack(f->db, 2, NULL), SP_OK);
	assert_int_equal(sync_status_read(f->db, &st), SP_OK);
	assert_int_equal(st.acked_seq, 4);
	assert_int_equal(sync_ack(f->db, 10, NULL), SP_ERR_INVALID);
	assert_int_equal(sync_status_read(f->db, &st), SP_OK);
	assert_int_equal(st.acked_seq, 4);
}

static const struct sync_row *find_row(const struct sync_batch *b,
				       const char *id)
{
	for (size_t i = 0; i < b->nrows; i++) {
		if (strcmp(b->rows[i].values[0], id) == 0)
			return &b->rows[i];
	}
	return NULL;
}

static void test_batch_sends_each_row_once_at_its_latest_revision(void **state)
{
	struct testutil_store *f = *state;
	struct sync_batch *b = sync_batch_new();
	const struct sync_row *row;
	const struct sync_table_info *info = sync_table(SYNC_SERVICE_ENTRY);

	insert_fixture(f->db);
	exec_ok(f->db, "UPDATE service_entry SET status = 'verified',"
		       " verified_by = '" M1 "', verified_at = " T0
		       " WHERE id = '" E2 "'");
	assert_int_equal(sync_batch_read(f->db, 0, 100, b), SP_OK);
	assert_int_equal(b->changes, 10);
	assert_int_equal(b->after_seq, 0);
	assert_int_equal(b->last_seq, 10);
	assert_int_equal(b->nrows, 9);
	row = find_row(b, E2);
	assert_non_null(row);
	assert_int_equal(row->table, SYNC_SERVICE_ENTRY);
	assert_int_equal(row->revision, 10);
	assert_string_equal(row->values[10], "verified"); /* status */
	assert_string_equal(info->columns[10], "status");
	assert_null(row->values[3]);                      /* shift_id */
	/* every seq is accounted for: one range */
	assert_int_equal(b->nranges, 1);
	assert_int_equal(b->ranges[0].lo, 1);
	assert_int_equal(b->ranges[0].hi, 10);
	sync_batch_free(b);

	/* a small batch stops at its size */
	b = sync_batch_new();
	assert_int_equal(sync_batch_read(f->db, 2, 3, b), SP_OK);
	assert_int_equal(b->changes, 3);
	assert_int_equal(b->last_seq, 5);
	sync_batch_free(b);
}

static void test_batch_leaves_a_gap_for_a_deleted_row(void **state)
{
	struct testutil_store *f = *state;
	struct sync_batch *b = sync_batch_new();
	int64_t seq;

	insert_fixture(f->db);
	seq = testutil_int(f->db, "SELECT seq FROM change_log WHERE row_id = '" E2 "'");
	exec_ok(f->db, "DROP TRIGGER service_entry_no_delete;"
		       "DELETE FROM service_entry WHERE id = '" E2 "'");
	assert_int_equal(sync_batch_read(f->db, 0, 100, b), SP_OK);
	assert_int_equal(b->changes, 9);
	assert_int_equal(b->nrows, 8);
	assert_null(find_row(b, E2));
	assert_int_equal(b->nranges, 2);
	assert_int_equal(b->ranges[0].hi, seq - 1);
	assert_int_equal(b->ranges[1].lo, seq + 1);
	sync_batch_free(b);
}

static void test_existing_rows_are_logged_by_the_migration(void **state)
{
	struct testutil_store *f = *state;
	struct db *db = NULL;
	char *path = testutil_path_dup(f->dir, "old.db");

	(void)state;
	assert_int_equal(db_open(path, DB_OPEN_CREATE | DB_OPEN_NO_MIGRATE, &db,
				 NULL), SP_OK);
	assert_int_equal(db_migrate_to(db, 2), SP_OK);
	insert_fixture(db);
	assert_int_equal(db_migrate_to(db, db_schema_version()), SP_OK);
	assert_int_equal(testutil_int(db,
		"SELECT count(*) FROM change_log"), 9);
	assert_int_equal(testutil_int(db,
		"SELECT count(DISTINCT row_id) FROM change_log"), 9);
	db_close(db);
	free(path);
}

#define HASH "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"
#define HASH2 "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$b3RoZXJoYXNo"

static void test_roster_adds_updates_and_keeps_lockout(void **state)
{
	struct testutil_store *f = *state;
	struct sync_member m[2] = {
		{"01900000-0000-7000-8000-000000000101", "R1", "王五", "一支部",
		 "member", HASH, true, 5},
		{"01900000-0000-7000-8000-000000000102", "R2", "赵六", "", "staff",
		 HASH, true, 7},
	};
	struct sync_pull_result r;
	struct sync_status st;

	assert_int_equal(sync_apply_roster(f->db, m, 2, &r), SP_OK);
	assert_int_equal(r.added, 2);
	assert_int_equal(r.revision, 7);
	assert_int_equal(sync_status_read(f->db, &st), SP_OK);
	assert_int_equal(st.roster_revision, 7);
	assert_int_equal(testutil_int(f->db,
		"SELECT count(*) FROM member WHERE id = '" "01900000-0000-7000-8000-000000000101'"), 1);

	exec_ok(f->db, "UPDATE member SET failed_pins = 3");
	/* R1 renamed: lockout kept; R2 new PIN: lockout cleared */
	m[0].name = "王五五";
	m[0].revision = 8;
	m[1].pin_hash = HASH2;
	m[1].revision = 9;
	assert_int_equal(sync_apply_roster(f->db, m, 2, &r), SP_OK);
	assert_int_equal(r.updated, 2);
	assert_int_equal(testutil_int(f->db,
		"SELECT failed_pins FROM member WHERE member_no = 'R1'"), 3);
	assert_int_equal(testutil_int(f->db,
		"SELECT failed_pins FROM member WHERE member_no = 'R2'"), 0);

	/* the same again: nothing written */
	exec_ok(f->db, "UPDATE member SET updated_at = 'kept'");
	assert_int_equal(sync_apply_roster(f->db, m, 2, &r), SP_OK);
	assert_int_equal(r.unchanged, 2);
	assert_int_equal(testutil_int(f->db,
		"SELECT count(*) FROM member WHERE updated_at = 'kept'"), 2);
	assert_int_equal(testutil_int(f->db, "SELECT count(*) FROM change_log"
					     " WHERE tbl = 'member'"), 0);
}

static void test_roster_refuses_unsafe_text(void **state)
{
	struct testutil_store *f = *state;
	struct sync_member m = {"01900000-0000-7000-8000-000000000103", "R3",
				"bad\x1b[2Jname", "", "member", HASH, true, 1};
	struct sync_pull_result r;

	assert_int_equal(sync_apply_roster(f->db, &m, 1, &r), SP_ERR_INVALID);
	m.name = "好名字";
	m.role = "boss";
	assert_int_equal(sync_apply_roster(f->db, &m, 1, &r), SP_ERR_INVALID);
	m.role = "member";
	m.pin_hash = "1234";
	assert_int_equal(sync_apply_roster(f->db, &m, 1, &r), SP_ERR_INVALID);
	assert_int_equal(testutil_int(f->db, "SELECT count(*) FROM member"), 0);
}

static void test_batch_ranges_merge_and_stay_ordered(void **state)
{
	struct sync_batch *b = sync_batch_new();

	(void)state;
	assert_int_equal(sync_batch_add_seq(b, 3), SP_OK);
	assert_int_equal(sync_batch_add_seq(b, 4), SP_OK);
	assert_int_equal(sync_batch_add_range(b, 5, 9), SP_OK);
	assert_int_equal(sync_batch_add_seq(b, 11), SP_OK);
	assert_int_equal(sync_batch_add_seq(b, 11), SP_ERR_INVALID);
	assert_int_equal(sync_batch_add_range(b, 20, 19), SP_ERR_INVALID);
	assert_int_equal(b->nranges, 2);
	assert_int_equal(b->ranges[0].lo, 3);
	assert_int_equal(b->ranges[0].hi, 9);
	assert_int_equal(b->ranges[1].lo, 11);
	sync_batch_free(b);
	sync_batch_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_synced_insert_and_update_gets_a_seq, setup, teardown),
		cmocka_unit_test_setup_teardown(test_member_lockout_is_not_a_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rows_waiting_and_the_watermark, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch_sends_each_row_once_at_its_latest_revision, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch_leaves_a_gap_for_a_deleted_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_existing_rows_are_logged_by_the_migration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roster_adds_updates_and_keeps_lockout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roster_refuses_unsafe_text, setup, teardown),
		cmocka_unit_test(test_batch_ranges_merge_and_stay_ordered),
	};
	testutil_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
