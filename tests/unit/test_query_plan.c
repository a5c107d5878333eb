/* test_query_plan.c — the shift summary, the shift ledger's entries, the
 * feedback summary and list, and the rating cool-down read through the
 * indexes of migration 5.
 *
 * The statements checked are the real ones: after the calls, every
 * statement they left prepared on the connection is explained (EXPLAIN
 * QUERY PLAN of its own text) and must not scan service_entry or
 * feedback whole; those that select a shift's entries must name
 * service_entry_shift, those that read ratings by time feedback_created.
 * The one statement allowed to scan is the count of a shift's ratings by
 * shift_id (feedback is small; see shift.c). Results are checked in
 * test_shift.c and test_feedback.c. */
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
#include "feedback.h"
#include "shift.h"
#include "testutil.h"

#define MINUTE INT64_C(60000)
#define HOUR (60 * MINUTE)
#define MAX_STMTS 256

struct fixture {
	char *dir;
	struct db *db;
	char member[UUID_STR_LEN];
	char staff[UUID_STR_LEN];
	char desk[UUID_STR_LEN];
	char shift[UUID_STR_LEN];
};

/* The statements prepared on the connection, by their text. */
struct plans {
	char *sql[MAX_STMTS];
	char *plan[MAX_STMTS];    /* the plan's detail lines, "\n" after each */
	size_t n;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	const struct entry_rules rules = {.round_minutes = 1,
					  .max_session_hours = 12,
					  .backfill_days = 7,
					  .max_hours_per_day = 12};

	clock_set_fixed_ms(TESTUTIL_NOW_MS);
	f->db = testutil_store_open(&f->dir);
	testutil_insert_member(f->db, "1001", "张三", "member", f->member);
	testutil_insert_member(f->db, "9001", "王值班", "staff", f->staff);
	testutil_insert_activity(f->db, "desk", "值班", f->desk);
	assert_int_equal(shift_open(f->db, f->staff, f->shift), SP_OK);
	assert_int_equal(entry_check_in(f->db, f->member, f->desk, NULL, NULL),
			 SP_OK);
	clock_set_fixed_ms(TESTUTIL_NOW_MS + HOUR);
	assert_int_equal(entry_check_out(f->db, f->member, &rules, NULL), SP_OK);
	assert_int_equal(feedback_add(f->db, 5, "好", 30, NULL), SP_OK);
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

/* Collects the text of every prepared statement first (explaining
 * prepares more), then the plan of each. */
static void plans_read(struct db *db, struct plans *p)
{
	sqlite3 *conn = db_handle(db);

	memset(p, 0, sizeof *p);
	for (sqlite3_stmt *s = sqlite3_next_stmt(conn, NULL); s;
	     s = sqlite3_next_stmt(conn, s)) {
		assert_true(p->n < MAX_STMTS);
		p->sql[p->n] = strdup(sqlite3_sql(s));
		assert_non_null(p->sql[p->n]);
		p->n++;
	}
	for (size_t i = 0; i < p->n; i++)
		p->plan[i] = testutil_explain_dup(conn, p->sql[i]);
}

static void plans_free(struct plans *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->sql[i]);
		free(p->plan[i]);
	}
}

/* True when a plan line reads the table whole: "SCAN <name or alias>"
 * (with or without a covering index, it still visits every row). */
static bool plan_scans(const char *plan, const char *name)
{
	char want[64];
	size_t n = (size_t)snprintf(want, sizeof want, "SCAN %s", name);

	for (const char *line = plan; line && *line;) {
		if (strncmp(line, want, n) == 0 &&
		    (line[n] == '\n' || line[n] == ' '))
			return true;
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return false;
}

/* True when sql reads table: "FROM table" or "JOIN table", followed by
 * a space or the end of the text. */
static bool reads(const char *sql, const char *table)
{
	static const char *const words[] = {"FROM ", "JOIN "};
	size_t n = strlen(table);

	for (size_t w = 0; w < 2; w++) {
		for (const char *at = strstr(sql, words[w]); at;
		     at = strstr(at + 1, words[w])) {
			const char *name = at + strlen(words[w]);
			if (strncmp(name, table, n) == 0 &&
			    (name[n] == ' ' || name[n] == '\0'))
				return true;
		}
	}
	return false;
}

/* Statements that read service_entry or feedback: none scans them. */
static void assert_no_scans(const struct plans *p)
{
	static const char allowed[] =
		"SELECT count(*) FROM feedback WHERE shift_id = ?1";

	for (size_t i = 0; i < p->n; i++) {
		const char *sql = p->sql[i], *plan = p->plan[i];
		if (strcmp(sql, allowed) == 0)
			continue;
		if (reads(sql, "service_entry") &&
		    (plan_scans(plan, "service_entry") || plan_scans(plan, "e")))
			fail_msg("scans service_entry:\n%s\n%s", sql, plan);
		if (reads(sql, "feedback") && plan_scans(plan, "feedback"))
			fail_msg("scans feedback:\n%s\n%s", sql, plan);
	}
}

/* The number of statements whose text holds all of needles (NULL-ended)
 * and whose plan names index; fails on one that holds them and does not. */
static int assert_index_for(const struct plans *p, const char *index, ...)
{
	int found = 0;

	for (size_t i = 0; i < p->n; i++) {
		va_list ap;
		const char *needle;
		bool all = true;

		va_start(ap, index);
		while ((needle = va_arg(ap, const char *)) != NULL)
			if (!strstr(p->sql[i], needle))
				all = false;
		va_end(ap);
		if (!all)
			continue;
		if (!strstr(p->plan[i], index))
			fail_msg("does not use %s:\n%s\n%s", index, p->sql[i],
				 p->plan[i]);
		found++;
	}
	return found;
}

static void test_shift_summary_and_ledger_use_shift_index(void **state)
{
	struct fixture *f = *state;
	struct shift_scope scope = {.shift_id = f->shift};
	struct shift_summary sum;
	struct shift_items items;
	struct plans p;

	assert_int_equal(shift_summary(f->db, &scope, &sum), SP_OK);
	assert_int_equal(sum.entries, 1);
	assert_int_equal(sum.total_minutes, 60);
	assert_int_equal(sum.feedback, 1);
	shift_summary_clear(&sum);
	assert_int_equal(shift_entries(f->db, &scope, &items), SP_OK);
	assert_int_equal(items.n, 1);
	shift_items_clear(&items);
	/* and by a time window: the started_at index */
	scope = (struct shift_scope){.since_ms = TESTUTIL_NOW_MS - HOUR,
				     .until_ms = TESTUTIL_NOW_MS + 2 * HOUR};
	assert_int_equal(shift_summary(f->db, &scope, &sum), SP_OK);
	assert_int_equal(sum.entries, 1);
	assert_int_equal(sum.feedback, 1);
	shift_summary_clear(&sum);
	assert_int_equal(shift_entries(f->db, &scope, &items), SP_OK);
	assert_int_equal(items.n, 1);
	shift_items_clear(&items);

	plans_read(f->db, &p);
	assert_no_scans(&p);
	/* by activity, the totals, the ledger's entries */
	assert_int_equal(assert_index_for(&p, "service_entry_shift",
					  "service_entry", "shift_id = ?1",
					  (const char *)NULL),
			 3);
	assert_int_equal(assert_index_for(&p, "service_entry_started",
					  "service_entry", "started_at >= ?1",
					  "started_at < ?2", (const char *)NULL),
			 3);
	assert_int_equal(assert_index_for(&p, "feedback_created",
					  "FROM feedback", "created_at >= ?1",
					  (const char *)NULL),
			 1);
	plans_free(&p);
}

static void test_feedback_reads_use_created_index(void **state)
{
	struct fixture *f = *state;
	struct feedback_summary sum;
	struct plans p;

	/* within the cool-down: the newest rating is looked up */
	clock_set_fixed_ms(TESTUTIL_NOW_MS + HOUR + 10000);
	assert_int_equal(feedback_add(f->db, 4, "", 30, NULL), SP_ERR_TOO_SOON);
	/* the whole table and a window */
	assert_int_equal(feedback_summary(f->db, 0, 0, &sum), SP_OK);
	assert_int_equal(sum.count, 1);
	assert_int_equal(feedback_summary(f->db, TESTUTIL_NOW_MS,
					  TESTUTIL_NOW_MS + 2 * HOUR, &sum),
			 SP_OK);
	assert_int_equal(sum.count, 1);

	plans_read(f->db, &p);
	assert_no_scans(&p);
	/* the summary, the newest for the cool-down */
	assert_int_equal(assert_index_for(&p, "feedback_created",
					  "FROM feedback", "GROUP BY rating",
					  (const char *)NULL),
			 1);
	assert_int_equal(assert_index_for(&p, "feedback_created",
					  "max(created_at) FROM feedback WHERE created_at <= ?1",
					  (const char *)NULL),
			 1);
	plans_free(&p);
}

static int count_cb(const struct feedback *fb, void *arg)
{
	(void)fb;
	(*(int *)arg)++;
	return 0;
}

static void test_feedback_list_uses_created_index(void **state)
{
	struct fixture *f = *state;
	struct plans p;
	int n = 0;

	assert_int_equal(feedback_each(f->db, 0, 0, 10, count_cb, &n), SP_OK);
	assert_int_equal(n, 1);
	n = 0;
	assert_int_equal(feedback_each(f->db, TESTUTIL_NOW_MS + 2 * HOUR, 0, 0,
				       count_cb, &n),
			 SP_OK);
	assert_int_equal(n, 0);
	plans_read(f->db, &p);
	assert_no_scans(&p);
	assert_int_equal(assert_index_for(&p, "feedback_created",
					  "FROM feedback", "ORDER BY created_at DESC",
					  (const char *)NULL),
			 1);
	plans_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_shift_summary_and_ledger_use_shift_index, setup, teardown),
		cmocka_unit_test_setup_teardown(test_feedback_reads_use_created_index, setup, teardown),
		cmocka_unit_test_setup_teardown(test_feedback_list_uses_created_index, setup, teardown),
	};
	testutil_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
