/* test_commitment.c — public commitments: make, fulfil, verify, reject,
 * withdraw, overdue, ownership and text limits. */
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
#include "commitment.h"
#include "testutil.h"

#define DAY INT64_C(86400000)

struct fixture {
	char *dir;
	struct db *db;
	char member[UUID_STR_LEN];
	char other[UUID_STR_LEN];
	char staff[UUID_STR_LEN];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	clock_set_fixed_ms(TESTUTIL_NOW_MS);
	f->db = testutil_store_open(&f->dir);
	testutil_insert_people(f->db, f->member, f->other, f->staff);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	testutil_store_close(f->db, f->dir);
	free(f);
	return 0;
}

static int64_t commitments(struct db *db)
{
	sqlite3_stmt *stmt = NULL;
	int64_t n = -1;
	sqlite3_prepare_v2(db_handle(db), "SELECT count(*) FROM commitment", -1,
			   &stmt, NULL);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

static struct commitment *get(struct fixture *f, const char *id)
{
	struct commitment *c = NULL;
	assert_int_equal(commitment_get(f->db, id, &c), SP_OK);
	assert_non_null(c);
	return c;
}

static void test_make_fulfil_verify(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN];
	struct commitment *c;

	assert_int_equal(commitment_make(f->db, f->member, "每月为社区老人送书一次",
					 "志愿服务", "2026-12-31", true, id),
			 SP_OK);
	c = get(f, id);
	assert_string_equal(c->member_id, f->member);
	assert_string_equal(c->text, "每月为社区老人送书一次");
	assert_string_equal(c->category, "志愿服务");
	assert_string_equal(c->due_date, "2026-12-31");
	assert_true(c->is_public);
	assert_int_equal(c->status, COMMITMENT_OPEN);
	assert_false(c->overdue);
	assert_int_equal(c->created_ms, TESTUTIL_NOW_MS);
	assert_string_equal(c->fulfil_note, "");
	assert_string_equal(commitment_status_label(c->status, c->overdue), "open");
	commitment_free(c);

	clock_set_fixed_ms(TESTUTIL_NOW_MS + 3 * DAY);
	assert_int_equal(commitment_fulfil(f->db, id, f->member, "已送书三次"),
			 SP_OK);
	c = get(f, id);
	assert_int_equal(c->status, COMMITMENT_FULFILLED_PENDING);
	assert_string_equal(c->fulfil_note, "已送书三次");
	assert_string_equal(commitment_status_name(c->status), "fulfilled_pending");
	commitment_free(c);
	/* fulfilled once */
	assert_int_equal(commitment_fulfil(f->db, id, f->member, ""), SP_ERR_STATE);
	assert_int_equal(audit_count(f->db), 0);

	assert_int_equal(commitment_verify(f->db, id, f->member, true, NULL),
			 SP_ERR_PERMISSION);
	assert_int_equal(commitment_verify(f->db, id, f->staff, true, NULL), SP_OK);
	c = get(f, id);
	assert_int_equal(c->status, COMMITMENT_FULFILLED);
	commitment_free(c);
	assert_int_equal(audit_count(f->db), 1);
	/* a final state does not move again */
	assert_int_equal(commitment_verify(f->db, id, f->staff, false, "x"),
			 SP_ERR_STATE);
	assert_int_equal(commitment_withdraw(f->db, id, f->member, "x"),
			 SP_ERR_STATE);
	int64_t bad = -1;
	assert_int_equal(audit_verify(f->db, &bad), SP_OK);
}

static void test_reject_needs_reason(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN];
	struct commitment *c;

	assert_int_equal(commitment_make(f->db, f->member, "结对帮扶困难户",
					 NULL, "2026-11-23", false, id),
			 SP_OK);
	c = get(f, id);
	assert_false(c->is_public);
	assert_string_equal(c->category, "");
	commitment_free(c);
	/* only a fulfilled claim is verified */
	assert_int_equal(commitment_verify(f->db, id, f->staff, true, NULL),
			 SP_ERR_STATE);
	assert_int_equal(commitment_fulfil(f->db, id, f->member, NULL), SP_OK);
	assert_int_equal(commitment_verify(f->db, id, f->staff, false, ""),
			 SP_ERR_TEXT_EMPTY);
	assert_int_equal(commitment_verify(f->db, id, f->staff, false,
					   "未见帮扶记录"),
			 SP_OK);
	c = get(f, id);
	assert_int_equal(c->status, COMMITMENT_REJECTED);
	assert_string_equal(c->reject_reason, "未见帮扶记录");
	assert_string_equal(commitment_status_label(c->status, c->overdue),
			    "rejected");
	commitment_free(c);
	assert_int_equal(audit_count(f->db), 1);
}

static void test_withdraw_needs_reason(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN];
	struct commitment *c;

	assert_int_equal(commitment_make(f->db, f->member, "清理小广告",
					 "环境", "2026-12-01", true, id),
			 SP_OK);
	assert_int_equal(commitment_withdraw(f->db, id, f->member, ""),
			 SP_ERR_TEXT_EMPTY);
	assert_int_equal(commitment_withdraw(f->db, id, f->member, "搬家了"),
			 SP_OK);
	c = get(f, id);
	assert_int_equal(c->status, COMMITMENT_WITHDRAWN);
	assert_string_equal(c->withdraw_reason, "搬家了");
	commitment_free(c);
	assert_int_equal(commitment_fulfil(f->db, id, f->member, ""), SP_ERR_STATE);
	assert_int_equal(audit_count(f->db), 0);
}

static void test_overdue_when_clock_passes_due_date(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN];
	struct commitment *c;

	assert_int_equal(commitment_make(f->db, f->member, "宣讲政策",
					 "", "2026-11-25", true, id),
			 SP_OK);
	/* 2026-11-25 23:59 in Shanghai: still due today */
	clock_set_fixed_ms(TESTUTIL_NOW_MS + 2 * DAY + 14 * 3600000 + 59 * 60000);
	c = get(f, id);
	assert_false(c->overdue);
	commitment_free(c);
	/* 2026-11-26 00:01 local, still the 25th in UTC */
	clock_set_fixed_ms(TESTUTIL_NOW_MS + 2 * DAY + 15 * 3600000 + 60000);
	c = get(f, id);
	assert_true(c->overdue);
	assert_string_equal(commitment_status_label(c->status, c->overdue),
			    "overdue");
	commitment_free(c);
	/* late but kept: fulfilled-pending is never overdue */
	assert_int_equal(commitment_fulfil(f->db, id, f->member, "补上了"), SP_OK);
	c = get(f, id);
	assert_false(c->overdue);
	commitment_free(c);
}

static void test_only_the_owner(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN];
	struct commitment *c;

	assert_int_equal(commitment_make(f->db, f->member, "值班一次", "",
					 "2026-12-01", true, id),
			 SP_OK);
	assert_int_equal(commitment_fulfil(f->db, id, f->other, "我做的"),
			 SP_ERR_PERMISSION);
	assert_int_equal(commitment_withdraw(f->db, id, f->other, "不想要了"),
			 SP_ERR_PERMISSION);
	assert_int_equal(commitment_fulfil(f->db, "0197a000-0000-7000-8000-000000000000",
					   f->member, ""),
			 SP_ERR_NOT_FOUND);
	c = get(f, id);
	assert_int_equal(c->status, COMMITMENT_OPEN);
	commitment_free(c);
}

static void test_limits_and_dates(void **state)
{
	struct fixture *f = *state;
	char text[4 * 201 + 1] = "";
	char id[UUID_STR_LEN];
	char bogus[UUID_STR_LEN];

	for (int i = 0; i < 201; i++)
		strcat(text, "诺");
	assert_int_equal(commitment_make(f->db, f->member, text, "", "2026-12-01",
					 true, NULL),
			 SP_ERR_TEXT_TOO_LONG);
	assert_int_equal(commitment_make(f->db, f->member, "", "", "2026-12-01",
					 true, NULL),
			 SP_ERR_TEXT_EMPTY);
	assert_int_equal(commitment_make(f->db, f->member, "a\x1b[2Jb", "",
					 "2026-12-01", true, NULL),
			 SP_ERR_TEXT_CONTROL);
	assert_int_equal(commitment_make(f->db, f->member, "ok",
					 "一二三四五六七八九十一二三四五六七八九十一",
					 "2026-12-01", true, NULL),
			 SP_ERR_TEXT_TOO_LONG);
	assert_int_equal(commitment_make(f->db, f->member, "ok", "", "2026-11-22",
					 true, NULL),
			 SP_ERR_DATE);
	assert_int_equal(commitment_make(f->db, f->member, "ok", "", "2026-13-01",
					 true, NULL),
			 SP_ERR_DATE);
	assert_int_equal(commitment_make(f->db, f->member, "ok", "", "soon", true,
					 NULL),
			 SP_ERR_DATE);
	uuid_v7_new(bogus);
	assert_int_equal(commitment_make(f->db, bogus, "ok", "", "2026-12-01",
					 true, NULL),
			 SP_ERR_NOT_FOUND);
	assert_int_equal(commitments(f->db), 0);

	text[strlen(text) - 3] = '\0'; /* 200 characters fit */
	assert_int_equal(commitment_make(f->db, f->member, text, "", "2026-12-01",
					 true, id),
			 SP_OK);
	assert_int_equal(commitments(f->db), 1);

	/* the store refuses rewriting or deleting */
	char sql[256], *err = NULL;
	snprintf(sql, sizeof sql,
		 "UPDATE commitment SET text = 'changed' WHERE id = '%s'", id);
	assert_int_not_equal(sqlite3_exec(db_handle(f->db), sql, NULL, NULL, &err),
			     SQLITE_OK);
	sqlite3_free(err);
	err = NULL;
	snprintf(sql, sizeof sql, "DELETE FROM commitment WHERE id = '%s'", id);
	assert_int_not_equal(sqlite3_exec(db_handle(f->db), sql, NULL, NULL, &err),
			     SQLITE_OK);
	sqlite3_free(err);
	assert_int_equal(commitments(f->db), 1);
}

struct listed {
	int n;
	char text[4][32];
};

static int list_one(const struct commitment *c, void *arg)
{
	struct listed *l = arg;
	snprintf(l->text[l->n], sizeof l->text[l->n], "%s", c->text);
	l->n++;
	return l->n >= 4;
}

static void test_each_newest_first(void **state)
{
	struct fixture *f = *state;
	struct listed l = {0};

	assert_int_equal(commitment_make(f->db, f->member, "first", "",
					 "2026-12-01", true, NULL),
			 SP_OK);
	assert_int_equal(commitment_make(f->db, f->other, "not mine", "",
					 "2026-12-01", true, NULL),
			 SP_OK);
	clock_set_fixed_ms(TESTUTIL_NOW_MS + 1000);
	assert_int_equal(commitment_make(f->db, f->member, "second", "",
					 "2026-12-01", true, NULL),
			 SP_OK);
	assert_int_equal(commitment_make(f->db, f->member, "third", "",
					 "2026-12-01", true, NULL),
			 SP_OK);
	assert_int_equal(commitment_each_for_member(f->db, f->member, list_one,
						    &l),
			 SP_OK);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.text[0], "third");
	assert_string_equal(l.text[1], "second");
	assert_string_equal(l.text[2], "first");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_make_fulfil_verify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reject_needs_reason, setup, teardown),
		cmocka_unit_test_setup_teardown(test_withdraw_needs_reason, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overdue_when_clock_passes_due_date, setup, teardown),
		cmocka_unit_test_setup_teardown(test_only_the_owner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limits_and_dates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_each_newest_first, setup, teardown),
	};
	testutil_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
