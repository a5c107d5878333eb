/* test_points.c — points from verified hours and commitments, per local
 * day with the daily cap, in total and for the current year. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "clock.h"
#include "commitment.h"
#include "entry.h"
#include "points.h"
#include "testutil.h"

#define MINUTE INT64_C(60000)
#define HOUR (60 * MINUTE)
#define DAY (24 * HOUR)

struct fixture {
	char *dir;
	struct db *db;
	char member[UUID_STR_LEN];
	char other[UUID_STR_LEN];
	char staff[UUID_STR_LEN];
	char activity[UUID_STR_LEN];
	struct entry_rules rules;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	clock_set_fixed_ms(TESTUTIL_NOW_MS);
	f->db = testutil_store_open(&f->dir);
	testutil_insert_people(f->db, f->member, f->other, f->staff);
	testutil_insert_activity(f->db, "desk", "值班", f->activity);
	f->rules = testutil_entry_rules();
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

static void visit(struct fixture *f, const char *member, int64_t start_ms,
		  int64_t length_ms, char id[UUID_STR_LEN])
{
	clock_set_fixed_ms(start_ms);
	assert_int_equal(entry_check_in(f->db, member, f->activity, NULL, id),
			 SP_OK);
	clock_set_fixed_ms(start_ms + length_ms);
	assert_int_equal(entry_check_out(f->db, member, &f->rules, NULL), SP_OK);
}

/* Makes a commitment now, fulfils it, and has staff verify it at
 * verify_ms. */
static void kept_commitment(struct fixture *f, int64_t verify_ms)
{
	char id[UUID_STR_LEN];
	assert_int_equal(commitment_make(f->db, f->member, "送书上门", "",
					 "2026-12-31", true, id),
			 SP_OK);
	assert_int_equal(commitment_fulfil(f->db, id, f->member, "done"), SP_OK);
	clock_set_fixed_ms(verify_ms);
	assert_int_equal(commitment_verify(f->db, id, f->staff, true, NULL),
			 SP_OK);
}

static void test_points_per_day_with_cap(void **state)
{
	struct fixture *f = *state;
	struct points_rules rules = {.per_hour = 1, .per_commitment = 2,
				     .daily_cap = 8};
	struct points_summary p;
	char pending[UUID_STR_LEN], voided[UUID_STR_LEN], id[UUID_STR_LEN];
	int64_t nov23 = TESTUTIL_NOW_MS;                 /* 09:00 local */
	/* 2025-12-31 23:00 in Shanghai: last year, though it ends in this */
	int64_t last_year = INT64_C(1767193200000);

	assert_int_equal(points_for_member(f->db, f->member, &rules, nov23, &p),
			 SP_OK);
	assert_true(p.total == 0 && p.this_year == 0);

	visit(f, f->member, last_year, HOUR, id);                /* 1 */
	visit(f, f->member, nov23, 3 * HOUR, id);                /* 3 */
	visit(f, f->member, nov23 + DAY, 10 * HOUR, id);         /* 10 -> 8 */
	kept_commitment(f, nov23 + DAY + 11 * HOUR);             /* capped */
	kept_commitment(f, nov23 + 2 * DAY);                     /* 2 */
	visit(f, f->member, nov23 + 3 * DAY, 2 * HOUR, voided);
	assert_int_equal(entry_void(f->db, voided, f->staff, "误刷"), SP_OK);
	visit(f, f->other, nov23 + 3 * DAY, 2 * HOUR, id);       /* not ours */

	clock_set_fixed_ms(nov23 + 3 * DAY + 3 * HOUR);
	assert_int_equal(entry_log_hours(f->db, f->member, f->activity,
					 "2026-11-20", 4, "送书", &f->rules,
					 pending),
			 SP_OK);
	assert_int_equal(entry_log_hours(f->db, f->member, f->activity,
					 "2026-11-21", 4, "送书", &f->rules, id),
			 SP_OK);
	assert_int_equal(entry_verify(f->db, id, f->staff, false, "无记录"),
			 SP_OK);

	int64_t now = nov23 + 4 * DAY;
	assert_int_equal(points_for_member(f->db, f->member, &rules, now, &p),
			 SP_OK);
	/* pending and rejected hours earn nothing */
	assert_true(p.total == 1 + 3 + 8 + 2);
	assert_true(p.this_year == 3 + 8 + 2);

	assert_int_equal(entry_verify(f->db, pending, f->staff, true, NULL), SP_OK);
	assert_int_equal(points_for_member(f->db, f->member, &rules, now, &p),
			 SP_OK);
	assert_true(p.total == 1 + 3 + 8 + 2 + 2);
	assert_true(p.this_year == 3 + 8 + 2 + 2);

	/* no cap: every hour and commitment counts */
	rules.daily_cap = 0;
	assert_int_equal(points_for_member(f->db, f->member, &rules, now, &p),
			 SP_OK);
	assert_true(p.total == 1 + 3 + 10 + 2 + 2 + 2);

	/* half hours count by fraction */
	rules = (struct points_rules){.per_hour = 2, .per_commitment = 0,
				      .daily_cap = 0};
	assert_int_equal(points_for_member(f->db, f->other, &rules, now, &p),
			 SP_OK);
	assert_true(p.total == 4);
}

static void test_cap_applies_to_local_days(void **state)
{
	struct fixture *f = *state;
	struct points_rules rules = {.per_hour = 1, .per_commitment = 0,
				     .daily_cap = 8};
	struct points_summary p;
	char id[UUID_STR_LEN];
	/* 2026-11-26 18:00 local (10:00 UTC) and 2026-11-27 01:00 local
	 * (17:00 UTC on the 26th): one UTC day, two local days */
	int64_t evening = TESTUTIL_NOW_MS + 3 * DAY + 9 * HOUR;
	int64_t night = evening + 7 * HOUR;

	visit(f, f->member, evening, 6 * HOUR, id);
	visit(f, f->member, night, 6 * HOUR, id);
	assert_int_equal(points_for_member(f->db, f->member, &rules,
					   night + DAY, &p),
			 SP_OK);
	assert_true(p.total == 12);
	assert_true(p.this_year == 12);
	/* in the new year they are not this year's any more */
	assert_int_equal(points_for_member(f->db, f->member, &rules,
					   night + 60 * DAY, &p),
			 SP_OK);
	assert_true(p.total == 12);
	assert_true(p.this_year == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_points_per_day_with_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cap_applies_to_local_days, setup, teardown),
	};
	testutil_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
