/* test_feedback.c — visitors' ratings: stored with their comment and the
 * open shift, refused when out of range or badly written or within the
 * station's cool-down (nothing is written then), listed newest first, and
 * summed up by time window. */
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
#include "feedback.h"
#include "shift.h"
#include "testutil.h"

#define HOUR INT64_C(3600000)

struct fixture {
	char *dir;
	struct db *db;
	char staff[UUID_STR_LEN];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	clock_set_fixed_ms(TESTUTIL_NOW_MS);
	f->db = testutil_store_open(&f->dir);
	testutil_insert_member(f->db, "9001", "王值班", "staff", f->staff);
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

/* One integer from the store, read apart from the code under test. */
static int64_t count_of(struct db *db, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	int64_t n = -1;
	sqlite3_prepare_v2(db_handle(db), sql, -1, &stmt, NULL);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

/* True when a difference is far below what a display would show. */
static bool near(double d)
{
	return d > -1e-9 && d < 1e-9;
}

static int64_t rows(struct db *db)
{
	return count_of(db, "SELECT count(*) FROM feedback");
}

static void test_add_and_read_back(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN];
	struct feedback *fb = NULL;

	assert_int_equal(feedback_add(f->db, 5, "服务热情，办事很快", 0, id), SP_OK);
	assert_true(uuid_is_valid(id));
	assert_int_equal(feedback_get(f->db, id, &fb), SP_OK);
	assert_string_equal(fb->id, id);
	assert_int_equal(fb->rating, 5);
	assert_string_equal(fb->comment, "服务热情，办事很快");
	assert_string_equal(fb->shift_id, ""); /* no shift open */
	assert_int_equal(fb->created_ms, TESTUTIL_NOW_MS);
	feedback_free(fb);

	/* without a comment: stored as "", and id_out may be NULL */
	assert_int_equal(feedback_add(f->db, 3, NULL, 0, NULL), SP_OK);
	assert_int_equal(rows(f->db), 2);
	assert_int_equal(count_of(f->db, "SELECT count(*) FROM feedback"
				  " WHERE rating = 3 AND comment = ''"), 1);

	/* the upward sync sees both */
	assert_int_equal(count_of(f->db, "SELECT count(*) FROM change_log"
				  " WHERE tbl = 'feedback'"), 2);

	assert_int_equal(feedback_get(f->db, "00000000-0000-7000-8000-000000000000",
				      &fb), SP_ERR_NOT_FOUND);
	assert_null(fb);
	feedback_free(NULL);
}

static void test_attaches_the_open_shift(void **state)
{
	struct fixture *f = *state;
	char shift[UUID_STR_LEN], id[UUID_STR_LEN];
	struct feedback *fb = NULL;

	assert_int_equal(shift_open(f->db, f->staff, shift), SP_OK);
	assert_int_equal(feedback_add(f->db, 4, "", 0, id), SP_OK);
	assert_int_equal(feedback_get(f->db, id, &fb), SP_OK);
	assert_string_equal(fb->shift_id, shift);
	feedback_free(fb);

	/* after the shift closes, ratings carry no shift again */
	clock_set_fixed_ms(TESTUTIL_NOW_MS + HOUR);
	assert_int_equal(shift_close(f->db, shift, f->staff), SP_OK);
	assert_int_equal(feedback_add(f->db, 4, "", 0, id), SP_OK);
	assert_int_equal(feedback_get(f->db, id, &fb), SP_OK);
	assert_string_equal(fb->shift_id, "");
	feedback_free(fb);
}

static void test_refusals_write_nothing(void **state)
{
	struct fixture *f = *state;
	char longest[FEEDBACK_COMMENT_MAX * 3 + 8], id[UUID_STR_LEN];
	struct feedback *fb = NULL;

	assert_int_equal(feedback_add(f->db, 0, "", 0, NULL), SP_ERR_INVALID);
	assert_int_equal(feedback_add(f->db, 6, "", 0, NULL), SP_ERR_INVALID);
	assert_int_equal(feedback_add(f->db, -1, "", 0, NULL), SP_ERR_INVALID);
	assert_int_equal(feedback_add(f->db, 5, "好\x1b[2J", 0, NULL),
			 SP_ERR_TEXT_CONTROL);
	assert_int_equal(feedback_add(f->db, 5, "两行\n文字", 0, NULL),
			 SP_ERR_TEXT_CONTROL);
	assert_int_equal(feedback_add(f->db, 5, "\xff\xfe", 0, NULL),
			 SP_ERR_TEXT_UTF8);

	/* 201 characters are too many, 200 are not (characters, not bytes) */
	longest[0] = '\0';
	for (int i = 0; i < FEEDBACK_COMMENT_MAX + 1; i++)
		strcat(longest, "满");
	assert_int_equal(feedback_add(f->db, 2, longest, 0, NULL),
			 SP_ERR_TEXT_TOO_LONG);
	assert_int_equal(rows(f->db), 0);
	longest[strlen(longest) - strlen("满")] = '\0';
	assert_int_equal(feedback_add(f->db, 2, longest, 0, id), SP_OK);
	assert_int_equal(feedback_get(f->db, id, &fb), SP_OK);
	assert_string_equal(fb->comment, longest);
	feedback_free(fb);
	assert_int_equal(rows(f->db), 1);
}

struct collected {
	int ratings[16];
	int n;
	int stop_after;
};

static int collect(const struct feedback *fb, void *arg)
{
	struct collected *c = arg;
	c->ratings[c->n++] = fb->rating;
	return c->stop_after && c->n >= c->stop_after;
}

static void test_each_newest_first_in_window(void **state)
{
	struct fixture *f = *state;
	struct collected c = {0};

	/* ratings 1..5, an hour apart */
	for (int r = 1; r <= 5; r++) {
		clock_set_fixed_ms(TESTUTIL_NOW_MS + (r - 1) * HOUR);
		assert_int_equal(feedback_add(f->db, r, "", 0, NULL), SP_OK);
	}
	assert_int_equal(feedback_each(f->db, 0, 0, 0, collect, &c), SP_OK);
	assert_int_equal(c.n, 5);
	for (int i = 0; i < 5; i++)
		assert_int_equal(c.ratings[i], 5 - i);

	/* [+1 h, +3 h): ratings 2 and 3 */
	memset(&c, 0, sizeof c);
	assert_int_equal(feedback_each(f->db, TESTUTIL_NOW_MS + HOUR,
				       TESTUTIL_NOW_MS + 3 * HOUR, 0, collect, &c),
			 SP_OK);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.ratings[0], 3);
	assert_int_equal(c.ratings[1], 2);

	/* the limit, and a callback that stops */
	memset(&c, 0, sizeof c);
	assert_int_equal(feedback_each(f->db, 0, 0, 2, collect, &c), SP_OK);
	assert_int_equal(c.n, 2);
	memset(&c, 0, sizeof c);
	c.stop_after = 1;
	assert_int_equal(feedback_each(f->db, 0, 0, 0, collect, &c), SP_OK);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.ratings[0], 5);
}

static void test_summary(void **state)
{
	struct fixture *f = *state;
	struct feedback_summary s;
	static const int given[] = { 5, 5, 4, 2, 5, 1 };

	assert_int_equal(feedback_summary(f->db, 0, 0, &s), SP_OK);
	assert_int_equal(s.count, 0);
	assert_true(s.average == 0.0);

	for (size_t i = 0; i < sizeof given / sizeof given[0]; i++) {
		clock_set_fixed_ms(TESTUTIL_NOW_MS + (int64_t)i * HOUR);
		assert_int_equal(feedback_add(f->db, given[i], "", 0, NULL), SP_OK);
	}
	assert_int_equal(feedback_summary(f->db, 0, 0, &s), SP_OK);
	assert_int_equal(s.count, 6);
	assert_int_equal(s.by_rating[0], 1);
	assert_int_equal(s.by_rating[1], 1);
	assert_int_equal(s.by_rating[2], 0);
	assert_int_equal(s.by_rating[3], 1);
	assert_int_equal(s.by_rating[4], 3);
	assert_true(near(s.average - 22.0 / 6.0));

	/* the first three hours: 5, 5, 4 */
	assert_int_equal(feedback_summary(f->db, TESTUTIL_NOW_MS,
					  TESTUTIL_NOW_MS + 3 * HOUR, &s), SP_OK);
	assert_int_equal(s.count, 3);
	assert_int_equal(s.by_rating[4], 2);
	assert_true(near(s.average - 14.0 / 3.0));

	/* from the fifth hour on: 5, 1 */
	assert_int_equal(feedback_summary(f->db, TESTUTIL_NOW_MS + 4 * HOUR, 0, &s),
			 SP_OK);
	assert_int_equal(s.count, 2);
	assert_true(near(s.average - 3.0));

	/* an empty window */
	assert_int_equal(feedback_summary(f->db, TESTUTIL_NOW_MS + 100 * HOUR, 0,
					  &s), SP_OK);
	assert_int_equal(s.count, 0);
}

/* One visitor cannot rate many times in a row: within the cool-down a
 * rating is refused and nothing is written; at exactly the cool-down it
 * is taken; 0 turns it off. With the clock set back, ratings stamped
 * ahead of it neither hold visitors off nor lift the cool-down. */
static void test_cooldown(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN];
	int64_t changes;

	assert_int_equal(feedback_add(f->db, 5, "第一次", 30, id), SP_OK);
	changes = count_of(f->db, "SELECT count(*) FROM change_log");
	clock_set_fixed_ms(TESTUTIL_NOW_MS + 1000);
	assert_int_equal(feedback_add(f->db, 1, "再来一次", 30, NULL),
			 SP_ERR_TOO_SOON);
	clock_set_fixed_ms(TESTUTIL_NOW_MS + 29999);
	assert_int_equal(feedback_add(f->db, 1, "", 30, NULL), SP_ERR_TOO_SOON);
	assert_int_equal(rows(f->db), 1);
	assert_int_equal(count_of(f->db, "SELECT count(*) FROM change_log"),
			 changes);
	/* a bad rating is still said to be bad first */
	assert_int_equal(feedback_add(f->db, 9, "", 30, NULL), SP_ERR_INVALID);

	clock_set_fixed_ms(TESTUTIL_NOW_MS + 30000);
	assert_int_equal(feedback_add(f->db, 4, "", 30, NULL), SP_OK);
	assert_int_equal(rows(f->db), 2);
	/* off: at once */
	assert_int_equal(feedback_add(f->db, 3, "", 0, NULL), SP_OK);
	assert_int_equal(rows(f->db), 3);
	/* a longer pause counts from the newest rating */
	clock_set_fixed_ms(TESTUTIL_NOW_MS + 90000);
	assert_int_equal(feedback_add(f->db, 3, "", 120, NULL), SP_ERR_TOO_SOON);
	clock_set_fixed_ms(TESTUTIL_NOW_MS + 150000);
	assert_int_equal(feedback_add(f->db, 3, "", 120, NULL), SP_OK);

	/* the clock set back an hour: the ratings ahead of it do not count */
	clock_set_fixed_ms(TESTUTIL_NOW_MS - HOUR);
	assert_int_equal(feedback_add(f->db, 2, "", 30, NULL), SP_OK);
	clock_set_fixed_ms(TESTUTIL_NOW_MS - HOUR + 1000);
	assert_int_equal(feedback_add(f->db, 2, "", 30, NULL), SP_ERR_TOO_SOON);
	assert_int_equal(rows(f->db), 5);
	assert_string_equal(status_name(SP_ERR_TOO_SOON), "SP_ERR_TOO_SOON");
}

static void test_labels(void **state)
{
	(void)state;
	/* no catalog is loaded here: the English msgids */
	assert_string_equal(feedback_rating_label(5), "Very satisfied");
	assert_string_equal(feedback_rating_label(1), "Very dissatisfied");
	assert_string_equal(feedback_rating_label(3), "Neutral");
	assert_string_equal(feedback_rating_label(0), "");
	assert_string_equal(feedback_rating_label(6), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_and_read_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attaches_the_open_shift, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals_write_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_each_newest_first_in_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cooldown, setup, teardown),
		cmocka_unit_test(test_labels),
	};
	testutil_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
