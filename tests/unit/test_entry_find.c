/* test_entry_find.c — finding entries the way staff do: by the entry no.
 * printed on a slip (an id prefix) and by a member's badge, for the
 * kiosk's reprint-or-void screen and `svcpoint log void` / `print slip`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "entry.h"
#include "receipt.h"
#include "testutil.h"

#define MINUTE INT64_C(60000)
#define HOUR (60 * MINUTE)

struct fixture {
	char *dir;
	struct db *db;
	char member[UUID_STR_LEN];
	char other[UUID_STR_LEN];
	char staff[UUID_STR_LEN];
	char activity[UUID_STR_LEN];
	struct entry_rules rules;
	int64_t t0;              /* 09:00 of this test's day */
	/* a: 1001 at 09:00; b: 1002 at 10:00; c: 1001 at 11:00, voided;
	 * d: 1001's hours logged at noon for yesterday (started earliest);
	 * every id starts "01a2" (the days of late November 2026) */
	char a[UUID_STR_LEN], b[UUID_STR_LEN], c[UUID_STR_LEN], d[UUID_STR_LEN];
};

static void visit(struct fixture *f, const char *member, int64_t start_ms,
		  char id[UUID_STR_LEN])
{
	clock_set_fixed_ms(start_ms);
	assert_int_equal(entry_check_in(f->db, member, f->activity, NULL, id),
			 SP_OK);
	clock_set_fixed_ms(start_ms + 30 * MINUTE);
	assert_int_equal(entry_check_out(f->db, member, &f->rules, NULL), SP_OK);
}

static int setup(void **state)
{
	/* ids never go back in time within a process (uuid.c): each test
	 * gets a day of its own, so its entries have their own slip numbers */
	static int64_t next_day_ms = TESTUTIL_NOW_MS;
	struct fixture *f = calloc(1, sizeof *f);
	char yesterday[CLOCK_DATE_LEN];

	f->t0 = next_day_ms;
	next_day_ms += 24 * HOUR;
	clock_set_fixed_ms(f->t0);
	f->db = testutil_store_open(&f->dir);
	testutil_insert_people(f->db, f->member, f->other, f->staff);
	testutil_insert_activity(f->db, "desk", "值班", f->activity);
	f->rules = testutil_entry_rules();
	visit(f, f->member, f->t0, f->a);
	visit(f, f->other, f->t0 + HOUR, f->b);
	visit(f, f->member, f->t0 + 2 * HOUR, f->c);
	assert_int_equal(entry_void(f->db, f->c, f->staff, "刷错了卡"), SP_OK);
	clock_set_fixed_ms(f->t0 + 3 * HOUR);
	clock_local_date(f->t0 - 24 * HOUR, yesterday);
	assert_int_equal(entry_log_hours(f->db, f->member, f->activity,
					 yesterday, 2, "送书", &f->rules, f->d),
			 SP_OK);
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

/* The entry no. a slip prints. */
static void short_id(char out[UUID_SHORT_LEN + 1], const char *id)
{
	memcpy(out, id, UUID_SHORT_LEN);
	out[UUID_SHORT_LEN] = '\0';
}

struct found {
	int n;
	char ids[16][UUID_STR_LEN];
	bool voided[16];
	int stop_after;          /* 0: never stop */
};

static int found_add(const struct entry *e, void *arg)
{
	struct found *fd = arg;

	assert_true(fd->n < 16);
	snprintf(fd->ids[fd->n], UUID_STR_LEN, "%s", e->id);
	fd->voided[fd->n] = e->voided;
	fd->n++;
	return fd->stop_after && fd->n >= fd->stop_after;
}

static void test_find_by_slip_number(void **state)
{
	struct fixture *f = *state;
	char prefix[UUID_SHORT_LEN + 1], upper[UUID_STR_LEN];
	struct entry *e = NULL;

	/* the slip's 13 characters name one entry, whole */
	short_id(prefix, f->b);
	assert_int_equal(entry_find_by_prefix(f->db, prefix, &e), SP_OK);
	assert_non_null(e);
	assert_string_equal(e->id, f->b);
	assert_string_equal(e->member_no, "1002");
	assert_string_equal(e->member_name, "李四");
	assert_int_equal(e->minutes, 30);
	assert_false(e->voided);
	assert_int_equal(e->voided_ms, 0);
	entry_free(e);

	/* the full id, and upper case as a scanner may send it */
	for (size_t i = 0; i < UUID_STR_LEN; i++)
		upper[i] = (char)toupper((unsigned char)f->b[i]);
	assert_int_equal(entry_find_by_prefix(f->db, upper, &e), SP_OK);
	assert_string_equal(e->id, f->b);
	entry_free(e);

	/* a voided entry is found, and says so with its reason and time */
	assert_int_equal(entry_find_by_prefix(f->db, f->c, &e), SP_OK);
	assert_true(e->voided);
	assert_string_equal(e->void_reason, "刷错了卡");
	assert_int_equal(e->voided_ms, f->t0 + 2 * HOUR + 30 * MINUTE);
	entry_free(e);
}

static void test_find_refuses_bad_and_ambiguous(void **state)
{
	struct fixture *f = *state;
	char twin[UUID_STR_LEN], prefix[UUID_SHORT_LEN + 1];
	struct entry *e = (struct entry *)&e; /* must come back NULL */

	/* two entries made in one millisecond share their slip number */
	clock_set_fixed_ms(f->t0 + 5 * HOUR);
	assert_int_equal(entry_check_in(f->db, f->member, f->activity, NULL, twin),
			 SP_OK);
	assert_int_equal(entry_check_in(f->db, f->other, f->activity, NULL, NULL),
			 SP_OK);
	short_id(prefix, twin);
	assert_int_equal(entry_find_by_prefix(f->db, prefix, &e), SP_ERR_DUPLICATE);
	assert_null(e);
	/* more of the id tells them apart */
	assert_int_equal(entry_find_by_prefix(f->db, twin, &e), SP_OK);
	assert_string_equal(e->id, twin);
	entry_free(e);

	e = (struct entry *)&e;
	assert_int_equal(entry_find_by_prefix(f->db, "00000000-0000", &e),
			 SP_ERR_NOT_FOUND);
	assert_null(e);
	/* one character short of a slip number */
	prefix[UUID_SHORT_LEN - 1] = '\0';
	assert_int_equal(entry_find_by_prefix(f->db, prefix, &e), SP_ERR_INVALID);
	assert_int_equal(entry_find_by_prefix(f->db, NULL, &e), SP_ERR_INVALID);
	assert_int_equal(entry_find_by_prefix(f->db, "zzzzzzzz-zzzz", &e),
			 SP_ERR_INVALID);
	assert_int_equal(entry_find_by_prefix(f->db, "0000000'-0000", &e),
			 SP_ERR_INVALID);
	assert_int_equal(entry_find_by_prefix(f->db, "%%%%%%%%-%%%%", &e),
			 SP_ERR_INVALID);
	assert_int_equal(entry_find_by_prefix(
				 f->db, "01a2a2c0-1234-7abc-8def-0123456789abc", &e),
			 SP_ERR_INVALID);
	assert_null(e);
}

static void test_receipt_lookup_goes_through_entry(void **state)
{
	struct fixture *f = *state;
	char prefix[UUID_SHORT_LEN + 1], id[UUID_STR_LEN] = "x";

	short_id(prefix, f->a);
	assert_int_equal(receipt_find_entry(f->db, prefix, id), SP_OK);
	assert_string_equal(id, f->a);
	assert_int_equal(receipt_find_entry(f->db, "00000000-0000", id),
			 SP_ERR_NOT_FOUND);
	assert_string_equal(id, "");
}

static void test_search_latest_newest_first(void **state)
{
	struct fixture *f = *state;
	struct found fd = {0};

	/* by started_at: the logged hours are for yesterday, so last */
	assert_int_equal(entry_search(f->db, "", 10, found_add, &fd), SP_OK);
	assert_int_equal(fd.n, 4);
	assert_string_equal(fd.ids[0], f->c);
	assert_true(fd.voided[0]);
	assert_string_equal(fd.ids[1], f->b);
	assert_string_equal(fd.ids[2], f->a);
	assert_string_equal(fd.ids[3], f->d);

	memset(&fd, 0, sizeof fd);
	assert_int_equal(entry_search(f->db, NULL, 2, found_add, &fd), SP_OK);
	assert_int_equal(fd.n, 2);
	assert_string_equal(fd.ids[0], f->c);
	assert_string_equal(fd.ids[1], f->b);

	/* the callback stops it */
	memset(&fd, 0, sizeof fd);
	fd.stop_after = 1;
	assert_int_equal(entry_search(f->db, "", 10, found_add, &fd), SP_OK);
	assert_int_equal(fd.n, 1);

	assert_int_equal(entry_search(f->db, "", 0, found_add, &fd),
			 SP_ERR_INVALID);
}

static void test_search_by_badge_or_slip_number(void **state)
{
	struct fixture *f = *state;
	struct found fd = {0};
	char prefix[UUID_SHORT_LEN + 1];

	/* a badge: that member's entries only, newest first */
	assert_int_equal(entry_search(f->db, "1001", 10, found_add, &fd), SP_OK);
	assert_int_equal(fd.n, 3);
	assert_string_equal(fd.ids[0], f->c);
	assert_string_equal(fd.ids[1], f->a);
	assert_string_equal(fd.ids[2], f->d);

	/* a slip number: that entry only */
	memset(&fd, 0, sizeof fd);
	short_id(prefix, f->b);
	assert_int_equal(entry_search(f->db, prefix, 10, found_add, &fd), SP_OK);
	assert_int_equal(fd.n, 1);
	assert_string_equal(fd.ids[0], f->b);

	/* while it is being typed, any prefix, in upper case too */
	memset(&fd, 0, sizeof fd);
	assert_int_equal(entry_search(f->db, "01A2", 10, found_add, &fd), SP_OK);
	assert_int_equal(fd.n, 4);
	assert_string_equal(fd.ids[0], f->c);
	memset(&fd, 0, sizeof fd);
	assert_int_equal(entry_search(f->db, "01a2", 3, found_add, &fd), SP_OK);
	assert_int_equal(fd.n, 3);

	/* the whole id */
	memset(&fd, 0, sizeof fd);
	assert_int_equal(entry_search(f->db, f->a, 10, found_add, &fd), SP_OK);
	assert_int_equal(fd.n, 1);
	assert_string_equal(fd.ids[0], f->a);

	/* nothing matches: no rows, no error; a badge with letters is no
	 * id prefix, and quotes are only text */
	memset(&fd, 0, sizeof fd);
	assert_int_equal(entry_search(f->db, "1003", 10, found_add, &fd), SP_OK);
	assert_int_equal(entry_search(f->db, "T-1001", 10, found_add, &fd), SP_OK);
	assert_int_equal(entry_search(f->db, "1001' OR '1'='1", 10, found_add, &fd),
			 SP_OK);
	assert_int_equal(fd.n, 0);
}

/* The real statements: after the lookups and searches, every statement
 * left prepared on the connection that reads entries with their member
 * and activity is explained (EXPLAIN QUERY PLAN of its own text). None
 * scans service_entry whole; only the search, a union of two bounded
 * parts, may sort, and the latest-entries list reads started_at's index
 * in order. */
static void test_search_queries_use_indexes(void **state)
{
	struct fixture *f = *state;
	struct found fd = {0};
	struct entry *e = NULL;
	sqlite3 *h = db_handle(f->db);
	int explained = 0;

	assert_int_equal(entry_search(f->db, "", 10, found_add, &fd), SP_OK);
	memset(&fd, 0, sizeof fd);
	assert_int_equal(entry_search(f->db, "1001", 10, found_add, &fd), SP_OK);
	assert_int_equal(entry_find_by_prefix(f->db, f->a, &e), SP_OK);
	entry_free(e);

	for (sqlite3_stmt *st = sqlite3_next_stmt(h, NULL); st;
	     st = sqlite3_next_stmt(h, st)) {
		const char *sql = sqlite3_sql(st);
		char *explain;
		sqlite3_stmt *plan = NULL;
		bool search = strstr(sql, "UNION ALL") != NULL;
		bool latest = strstr(sql, "e.started_at >= ?1") != NULL;

		if (!strstr(sql, "FROM service_entry e"))
			continue;
		explain = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);
		assert_non_null(explain);
		assert_int_equal(sqlite3_prepare_v2(h, explain, -1, &plan, NULL),
				 SQLITE_OK);
		sqlite3_free(explain);
		while (sqlite3_step(plan) == SQLITE_ROW) {
			const char *detail =
				(const char *)sqlite3_column_text(plan, 3);
			assert_null(strstr(detail, "SCAN service_entry"));
			assert_null(strstr(detail, "SCAN e"));
			assert_null(strstr(detail, "SCAN s"));
			if (!search)
				assert_null(strstr(detail, "TEMP B-TREE"));
			if (latest && strstr(detail, " e "))
				assert_non_null(strstr(detail, "service_entry_started"));
		}
		sqlite3_finalize(plan);
		explained++;
	}
	/* the list, the search and the lookup at least */
	assert_true(explained >= 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_find_by_slip_number, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_refuses_bad_and_ambiguous, setup, teardown),
		cmocka_unit_test_setup_teardown(test_receipt_lookup_goes_through_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_latest_newest_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_by_badge_or_slip_number, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_queries_use_indexes, setup, teardown),
	};
	testutil_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
