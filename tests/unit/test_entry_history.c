/* test_entry_history.c — a member's whole history a page at a time
 * (entry_page_for, entry_count_for), as "My record" reads it: every
 * entry exactly once in entry_each's order, forwards and backwards,
 * whatever the page size, ties on started_at included; voided and
 * rejected entries listed and counted in the length but not in the
 * totals; other members' entries never; and every page read through the
 * member index with no sort, however long the history. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "entry.h"
#include "testutil.h"

#define MINUTE INT64_C(60000)
#define HOUR (60 * MINUTE)
#define DAY (24 * HOUR)
#define MAX_ENTRIES 64

struct fixture {
	char *dir;
	struct db *db;
	char member[UUID_STR_LEN];
	char other[UUID_STR_LEN];
	char staff[UUID_STR_LEN];
	char activity[UUID_STR_LEN];
	struct entry_rules rules;
	/* the member's entries as entry_each lists them, newest first */
	char ids[MAX_ENTRIES][UUID_STR_LEN];
	int n;
};

/* Ids collected by a walk, in the order fn saw them. */
struct walk {
	char ids[MAX_ENTRIES][UUID_STR_LEN];
	int n;
	const char *member_id;  /* every entry must be this member's */
};

static int collect(const struct entry *e, void *ctx)
{
	struct walk *w = ctx;

	assert_true(w->n < MAX_ENTRIES);
	if (w->member_id)
		assert_string_equal(e->member_id, w->member_id);
	snprintf(w->ids[w->n++], UUID_STR_LEN, "%s", e->id);
	return 0;
}

static void visit(struct fixture *f, const char *member, int64_t start_ms,
		  int64_t length_ms, char id_out[UUID_STR_LEN])
{
	clock_set_fixed_ms(start_ms);
	assert_int_equal(entry_check_in(f->db, member, f->activity, NULL, NULL),
			 SP_OK);
	clock_set_fixed_ms(start_ms + length_ms);
	assert_int_equal(entry_check_out(f->db, member, &f->rules, id_out), SP_OK);
}

/* Hours logged at now_ms for the local day day_ms (started at its
 * midnight: two on one day tie on started_at). */
static void logged(struct fixture *f, int64_t now_ms, int64_t day_ms,
		   int half_hours, char id_out[UUID_STR_LEN])
{
	char date[CLOCK_DATE_LEN];

	clock_set_fixed_ms(now_ms);
	clock_local_date(day_ms, date);
	assert_int_equal(entry_log_hours(f->db, f->member, f->activity, date,
					 half_hours, "整理图书", &f->rules, id_out),
			 SP_OK);
}

/* 40 entries over two years (2025 and 2026), one in four a pair of hours
 * logged for the same day (equal started_at), and a few of the other
 * member's in between. Entry i is voided when i % 7 == 4, rejected when
 * a logged one has i % 7 == 3; the others are closed visits or verified
 * hours, one hour each. */
static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	int64_t first_day = clock_local_day_start(TESTUTIL_NOW_MS) - 680 * DAY;
	struct walk all = {0};
	char id[UUID_STR_LEN];

	clock_set_fixed_ms(TESTUTIL_NOW_MS);
	f->db = testutil_store_open(&f->dir);
	testutil_insert_people(f->db, f->member, f->other, f->staff);
	testutil_insert_activity(f->db, "desk", "值班", f->activity);
	f->rules = testutil_entry_rules();
	for (int i = 0; i < 40; i++) {
		int64_t day = clock_local_add_days(first_day, i * 17);
		if (i % 4 == 1) {
			/* logged the next day, two for the same day */
			logged(f, day + DAY + 10 * HOUR, day, 2, id);
			if (i % 7 == 3)
				assert_int_equal(entry_verify(f->db, id, f->staff,
							      false, "重复登记"),
						 SP_OK);
			else
				assert_int_equal(entry_verify(f->db, id, f->staff,
							      true, NULL),
						 SP_OK);
			i++;
			logged(f, day + DAY + 11 * HOUR, day, 2, id);
			assert_int_equal(entry_verify(f->db, id, f->staff, true,
						      NULL),
					 SP_OK);
		} else {
			visit(f, f->member, day + 9 * HOUR, HOUR, id);
			if (i % 5 == 0)
				visit(f, f->other, day + 9 * HOUR + MINUTE, HOUR,
				      NULL);
		}
		if (i % 7 == 4) {
			clock_set_fixed_ms(day + 2 * DAY);
			assert_int_equal(entry_void(f->db, id, f->staff, "登记错了"),
					 SP_OK);
		}
	}
	clock_set_fixed_ms(TESTUTIL_NOW_MS);
	struct entry_filter mine = {.member_id = f->member};
	assert_int_equal(entry_each(f->db, &mine, collect, &all), SP_OK);
	f->n = all.n;
	memcpy(f->ids, all.ids, sizeof all.ids);
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

static void test_the_fixture(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(f->n, 40);
	/* the ties the walks must keep apart */
	assert_true(testutil_int(f->db,
				 "SELECT count(*) FROM (SELECT started_at FROM"
				 " service_entry GROUP BY member_id, started_at"
				 " HAVING count(*) > 1)") >= 5);
	assert_true(testutil_int(f->db, "SELECT count(*) FROM service_entry"
					" WHERE voided_at IS NOT NULL") >= 4);
	assert_true(testutil_int(f->db, "SELECT count(*) FROM service_entry"
					" WHERE status = 'rejected'") >= 1);
	assert_true(testutil_int(f->db, "SELECT count(*) FROM service_entry"
					" WHERE started_at < '2026'") >= 15);
}

static void test_count_includes_voided_and_rejected(void **state)
{
	struct fixture *f = *state;
	int n = -1;
	char nobody[UUID_STR_LEN];

	assert_int_equal(entry_count_for(f->db, f->member, &n), SP_OK);
	assert_int_equal(n, 40);
	assert_int_equal(entry_count_for(f->db, f->other, &n), SP_OK);
	assert_int_equal(n, (int)testutil_int(f->db,
		"SELECT count(*) FROM service_entry e JOIN member m"
		" ON m.id = e.member_id WHERE m.member_no = '1002'"));
	testutil_insert_member(f->db, "1003", "赵五", "member", nobody);
	assert_int_equal(entry_count_for(f->db, nobody, &n), SP_OK);
	assert_int_equal(n, 0);
	assert_int_equal(entry_count_for(f->db, NULL, &n), SP_ERR_INVALID);
}

/* Walks the whole history older and older, limit at a time, from the
 * newest; the walk must be entry_each's list, each entry once. */
static void walk_older(struct fixture *f, int limit)
{
	struct walk w = {.member_id = f->member};
	int pages = 0;

	for (;;) {
		int before = w.n;
		assert_int_equal(entry_page_for(f->db, f->member,
						 w.n ? w.ids[w.n - 1] : NULL,
						 ENTRY_PAGE_OLDER, limit, collect, &w),
				 SP_OK);
		assert_true(w.n - before <= limit);
		pages++;
		if (w.n - before < limit)
			break;
	}
	assert_int_equal(w.n, f->n);
	for (int i = 0; i < f->n; i++)
		assert_string_equal(w.ids[i], f->ids[i]);
	assert_int_equal(pages, f->n / limit + 1);
}

static void test_pages_older_walk_the_whole_list(void **state)
{
	struct fixture *f = *state;

	walk_older(f, 1);
	walk_older(f, 3);
	walk_older(f, 7);
	walk_older(f, 10);
	walk_older(f, 40);
	walk_older(f, 100);
}

static void test_pages_newer_walk_back_to_the_newest(void **state)
{
	struct fixture *f = *state;
	const int limits[] = {1, 4, 9, 50};

	for (size_t l = 0; l < sizeof limits / sizeof limits[0]; l++) {
		/* from the oldest entry back up: the nearest come first */
		struct walk w = {.member_id = f->member};
		snprintf(w.ids[0], UUID_STR_LEN, "%s", f->ids[f->n - 1]);
		w.n = 1;
		for (;;) {
			int before = w.n;
			assert_int_equal(entry_page_for(f->db, f->member,
							 w.ids[w.n - 1],
							 ENTRY_PAGE_NEWER,
							 limits[l], collect, &w),
					 SP_OK);
			if (w.n - before < limits[l])
				break;
		}
		assert_int_equal(w.n, f->n);
		for (int i = 0; i < f->n; i++)
			assert_string_equal(w.ids[i], f->ids[f->n - 1 - i]);
	}
}

static void test_a_page_from_the_middle(void **state)
{
	struct fixture *f = *state;
	struct walk w = {0};

	/* a key that ties with its neighbour on started_at */
	for (int k = 1; k + 6 < f->n; k += 5) {
		w.n = 0;
		assert_int_equal(entry_page_for(f->db, f->member, f->ids[k],
						 ENTRY_PAGE_OLDER, 5, collect, &w),
				 SP_OK);
		assert_int_equal(w.n, 5);
		for (int i = 0; i < 5; i++)
			assert_string_equal(w.ids[i], f->ids[k + 1 + i]);
		w.n = 0;
		assert_int_equal(entry_page_for(f->db, f->member, f->ids[k + 6],
						 ENTRY_PAGE_NEWER, 5, collect, &w),
				 SP_OK);
		assert_int_equal(w.n, 5);
		for (int i = 0; i < 5; i++)
			assert_string_equal(w.ids[i], f->ids[k + 5 - i]);
	}
	/* nothing past either end */
	w.n = 0;
	assert_int_equal(entry_page_for(f->db, f->member, f->ids[f->n - 1],
					 ENTRY_PAGE_OLDER, 5, collect, &w),
			 SP_OK);
	assert_int_equal(w.n, 0);
	assert_int_equal(entry_page_for(f->db, f->member, f->ids[0],
					 ENTRY_PAGE_NEWER, 5, collect, &w),
			 SP_OK);
	assert_int_equal(w.n, 0);
}

static int stop_after_two(const struct entry *e, void *ctx)
{
	struct walk *w = ctx;
	collect(e, ctx);
	return w->n >= 2;
}

static void test_page_refusals_and_strangers(void **state)
{
	struct fixture *f = *state;
	struct walk w = {0};
	char theirs[UUID_STR_LEN];

	/* the other member's entry is no key into this member's list */
	{
		struct walk t = {.member_id = f->other};
		assert_int_equal(entry_page_for(f->db, f->other, NULL,
						 ENTRY_PAGE_OLDER, 1, collect, &t),
				 SP_OK);
		assert_int_equal(t.n, 1);
		snprintf(theirs, sizeof theirs, "%s", t.ids[0]);
	}
	assert_int_equal(entry_page_for(f->db, f->member, theirs,
					 ENTRY_PAGE_OLDER, 10, collect, &w),
			 SP_OK);
	assert_int_equal(w.n, 0);
	assert_int_equal(entry_page_for(f->db, f->member, "no such id",
					 ENTRY_PAGE_NEWER, 10, collect, &w),
			 SP_OK);
	assert_int_equal(w.n, 0);
	/* fn stops the page */
	assert_int_equal(entry_page_for(f->db, f->member, NULL, ENTRY_PAGE_OLDER,
					 10, stop_after_two, &w),
			 SP_OK);
	assert_int_equal(w.n, 2);
	assert_int_equal(entry_page_for(f->db, f->member, f->ids[3],
					 ENTRY_PAGE_OLDER, 10, stop_after_two, &w),
			 SP_OK);
	assert_int_equal(w.n, 3);
	assert_int_equal(entry_page_for(f->db, f->member, NULL, ENTRY_PAGE_OLDER,
					 0, collect, &w),
			 SP_ERR_INVALID);
	assert_int_equal(entry_page_for(f->db, NULL, NULL, ENTRY_PAGE_OLDER, 5,
					 collect, &w),
			 SP_ERR_INVALID);
	assert_int_equal(entry_page_for(f->db, f->member, NULL, ENTRY_PAGE_OLDER,
					 5, NULL, &w),
			 SP_ERR_INVALID);
}

/* What the totals box shows beside the list: voided and rejected
 * entries are listed (and counted by entry_count_for) but their hours
 * never count. */
static void test_totals_leave_out_voided_and_rejected(void **state)
{
	struct fixture *f = *state;
	struct entry_totals t;
	char sql[512];
	int64_t year, month;

	/* a visit and hours of this month, one of them voided */
	char id[UUID_STR_LEN];
	int64_t today = clock_local_day_start(TESTUTIL_NOW_MS);
	visit(f, f->member, today - 3 * DAY + 9 * HOUR, 2 * HOUR, id);
	visit(f, f->member, today - 2 * DAY + 9 * HOUR, 3 * HOUR, id);
	clock_set_fixed_ms(TESTUTIL_NOW_MS);
	assert_int_equal(entry_void(f->db, id, f->staff, "误签"), SP_OK);

	assert_int_equal(entry_totals_for(f->db, f->member, TESTUTIL_NOW_MS, &t),
			 SP_OK);
	year = clock_local_year_start(TESTUTIL_NOW_MS);
	month = clock_local_month_start(TESTUTIL_NOW_MS);
	{
		char y[CLOCK_UTC_LEN], m[CLOCK_UTC_LEN];
		clock_format_utc(year, y);
		clock_format_utc(month, m);
		snprintf(sql, sizeof sql,
			 "SELECT COALESCE(SUM(minutes), 0) FROM service_entry"
			 " WHERE member_id = '%s' AND voided_at IS NULL"
			 " AND status IN ('closed','verified')"
			 " AND started_at >= '%s'", f->member, y);
		assert_int_equal(t.year_minutes, (int)testutil_int(f->db, sql));
		snprintf(sql, sizeof sql,
			 "SELECT COALESCE(SUM(minutes), 0) FROM service_entry"
			 " WHERE member_id = '%s' AND voided_at IS NULL"
			 " AND status IN ('closed','verified')"
			 " AND started_at >= '%s'", f->member, m);
		assert_int_equal(t.month_minutes,
				 (int)testutil_int(f->db, sql));
	}
	assert_int_equal(t.month_minutes, 120);
	assert_true(t.year_minutes > 120);
	/* the voided visit is still in the list, and counted in its length */
	int n = 0;
	assert_int_equal(entry_count_for(f->db, f->member, &n), SP_OK);
	assert_int_equal(n, 42);
	struct walk w = {0};
	assert_int_equal(entry_page_for(f->db, f->member, NULL, ENTRY_PAGE_OLDER,
					 1, collect, &w),
			 SP_OK);
	assert_string_equal(w.ids[0], id);
}

/* ---- the plans --------------------------------------------------------- */

/* The plan of the one statement prepared on the connection whose text
 * holds needle; fails when there is none or more than one. */
static char *plan_of_dup(struct db *db, const char *needle)
{
	sqlite3 *conn = db_handle(db);
	char *sql = NULL;

	for (sqlite3_stmt *s = sqlite3_next_stmt(conn, NULL); s;
	     s = sqlite3_next_stmt(conn, s)) {
		if (!strstr(sqlite3_sql(s), needle))
			continue;
		assert_null(sql);
		sql = strdup(sqlite3_sql(s));
	}
	assert_non_null(sql);
	char *plan = testutil_explain_dup(conn, sql);
	free(sql);
	return plan;
}

/* Every page reads through service_entry_member_started, sorts nothing
 * and scans nothing; the count reads the index alone. Checked on the
 * statements the calls left prepared, so they are the real ones. */
static void test_pages_read_the_member_index(void **state)
{
	struct fixture *f = *state;
	struct walk w = {0};
	int n;
	const char *needles[] = {
		"(e.started_at, e.rowid) <", "(e.started_at, e.rowid) >",
		"e.started_at >= ?2 AND e.started_at < ?3",
	};

	assert_int_equal(entry_page_for(f->db, f->member, NULL, ENTRY_PAGE_OLDER,
					 5, collect, &w),
			 SP_OK);
	assert_int_equal(entry_page_for(f->db, f->member, f->ids[4],
					 ENTRY_PAGE_OLDER, 5, collect, &w),
			 SP_OK);
	assert_int_equal(entry_page_for(f->db, f->member, f->ids[4],
					 ENTRY_PAGE_NEWER, 5, collect, &w),
			 SP_OK);
	assert_int_equal(entry_count_for(f->db, f->member, &n), SP_OK);

	for (size_t i = 0; i < sizeof needles / sizeof needles[0]; i++) {
		char *plan = plan_of_dup(f->db, needles[i]);
		if (!strstr(plan, "SEARCH e USING INDEX service_entry_member_started (member_id=? AND started_at") ||
		    strstr(plan, "TEMP B-TREE") || strstr(plan, "SCAN "))
			fail_msg("%s:\n%s", needles[i], plan);
		free(plan);
	}
	char *plan = plan_of_dup(f->db, "SELECT count(*) FROM service_entry WHERE member_id = ?1");
	if (!strstr(plan, "COVERING INDEX service_entry_member_started"))
		fail_msg("count:\n%s", plan);
	free(plan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_the_fixture, setup, teardown),
		cmocka_unit_test_setup_teardown(test_count_includes_voided_and_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pages_older_walk_the_whole_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pages_newer_walk_back_to_the_newest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_page_from_the_middle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_refusals_and_strangers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_totals_leave_out_voided_and_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pages_read_the_member_index, setup, teardown),
	};
	testutil_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
