/* test_commitment_public.c — what visitors may see of the commitments:
 * only public ones, not voided, open / awaiting check / fulfilled (never
 * withdrawn or rejected), newest first, with the member's name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "commitment.h"
#include "testutil.h"

#define MINUTE INT64_C(60000)

struct fixture {
	char *dir;
	struct db *db;
	char zhang[UUID_STR_LEN];
	char li[UUID_STR_LEN];
	char staff[UUID_STR_LEN];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	clock_set_fixed_ms(TESTUTIL_NOW_MS);
	f->db = testutil_store_open(&f->dir);
	testutil_insert_people(f->db, f->zhang, f->li, f->staff);
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

struct seen {
	char text[16][64];
	char name[16][32];
	enum commitment_status status[16];
	bool is_public[16];
	int n;
};

static int collect(const struct commitment *c, const char *member_name,
		   void *arg)
{
	struct seen *s = arg;
	snprintf(s->text[s->n], sizeof s->text[0], "%s", c->text);
	snprintf(s->name[s->n], sizeof s->name[0], "%s", member_name);
	s->status[s->n] = c->status;
	s->is_public[s->n] = c->is_public;
	s->n++;
	return 0;
}

static int stop_at_first(const struct commitment *c, const char *member_name,
			 void *arg)
{
	collect(c, member_name, arg);
	return 1;
}

/* Makes a commitment a minute after the previous one, so the order is
 * the order of creation. */
static void make(struct fixture *f, const char *member, const char *text,
		 bool is_public, char id[UUID_STR_LEN])
{
	static int minutes;
	clock_set_fixed_ms(TESTUTIL_NOW_MS + ++minutes * MINUTE);
	assert_int_equal(commitment_make(f->db, member, text, "", "2026-12-31",
					 is_public, id), SP_OK);
}

static void test_only_what_visitors_may_see(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN];
	struct seen s = {0};
	char *err = NULL;
	int rc;

	make(f, f->zhang, "A 公开 进行中", true, id);
	make(f, f->zhang, "B 不公开", false, id);
	make(f, f->li, "C 公开 已撤回", true, id);
	assert_int_equal(commitment_withdraw(f->db, id, f->li, "时间冲突"), SP_OK);
	make(f, f->li, "D 公开 待核实", true, id);
	assert_int_equal(commitment_fulfil(f->db, id, f->li, "已完成"), SP_OK);
	make(f, f->zhang, "E 公开 已兑现", true, id);
	assert_int_equal(commitment_fulfil(f->db, id, f->zhang, ""), SP_OK);
	assert_int_equal(commitment_verify(f->db, id, f->staff, true, ""), SP_OK);
	make(f, f->li, "F 公开 被退回", true, id);
	assert_int_equal(commitment_fulfil(f->db, id, f->li, ""), SP_OK);
	assert_int_equal(commitment_verify(f->db, id, f->staff, false, "没有做"),
			 SP_OK);
	make(f, f->zhang, "G 公开 作废", true, id);
	{
		/* voided by the store's correction path, outside this module */
		char sql[256];
		snprintf(sql, sizeof sql,
			 "UPDATE commitment SET voided_at = '2026-11-23T02:00:00.000Z',"
			 " void_reason = 'typo' WHERE id = '%s'", id);
		rc = sqlite3_exec(db_handle(f->db), sql, NULL, NULL, &err);
		assert_int_equal(rc, SQLITE_OK);
		sqlite3_free(err);
	}

	assert_int_equal(commitment_each_public(f->db, 0, collect, &s), SP_OK);
	assert_int_equal(s.n, 3);
	/* newest first */
	assert_string_equal(s.text[0], "E 公开 已兑现");
	assert_string_equal(s.name[0], "张三");
	assert_int_equal(s.status[0], COMMITMENT_FULFILLED);
	assert_string_equal(s.text[1], "D 公开 待核实");
	assert_string_equal(s.name[1], "李四");
	assert_int_equal(s.status[1], COMMITMENT_FULFILLED_PENDING);
	assert_string_equal(s.text[2], "A 公开 进行中");
	assert_string_equal(s.name[2], "张三");
	assert_int_equal(s.status[2], COMMITMENT_OPEN);
	for (int i = 0; i < s.n; i++)
		assert_true(s.is_public[i]);
}

static void test_limit_and_stop(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN];
	struct seen s = {0};

	assert_int_equal(commitment_each_public(f->db, 0, collect, &s), SP_OK);
	assert_int_equal(s.n, 0);
	for (int i = 0; i < 5; i++) {
		char text[32];
		snprintf(text, sizeof text, "承诺 %d", i);
		make(f, i % 2 ? f->li : f->zhang, text, true, id);
	}
	assert_int_equal(commitment_each_public(f->db, 2, collect, &s), SP_OK);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.text[0], "承诺 4");
	assert_string_equal(s.text[1], "承诺 3");
	assert_string_equal(s.name[1], "李四");

	memset(&s, 0, sizeof s);
	assert_int_equal(commitment_each_public(f->db, 0, collect, &s), SP_OK);
	assert_int_equal(s.n, 5);
	/* a callback that returns nonzero stops the walk */
	memset(&s, 0, sizeof s);
	assert_int_equal(commitment_each_public(f->db, 0, stop_at_first, &s),
			 SP_OK);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.text[0], "承诺 4");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_only_what_visitors_may_see, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_and_stop, setup, teardown),
	};
	testutil_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
