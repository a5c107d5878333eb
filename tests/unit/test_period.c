/* test_period.c — period names (2026-11, 2026-Q4, 2026), what is refused,
 * and the local bounds: Asia/Shanghai midnights, the turn of the year,
 * the period of an instant, and a month with a DST change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "clock.h"
#include "period.h"
#include "testutil.h"

#define HOUR INT64_C(3600000)
#define DAY (24 * HOUR)

static int64_t utc(const char *text)
{
	int64_t ms = 0;
	assert_int_equal(clock_parse_utc(text, &ms), SP_OK);
	return ms;
}

static void test_parse_month_quarter_year(void **state)
{
	struct period p;
	char name[PERIOD_NAME_LEN];

	(void)state;
	assert_int_equal(period_parse("2026-11", &p), SP_OK);
	assert_int_equal(p.kind, PERIOD_MONTH);
	assert_int_equal(p.year, 2026);
	assert_int_equal(p.number, 11);
	period_name(&p, name);
	assert_string_equal(name, "2026-11");

	assert_int_equal(period_parse("2026-Q4", &p), SP_OK);
	assert_int_equal(p.kind, PERIOD_QUARTER);
	assert_int_equal(p.number, 4);
	period_name(&p, name);
	assert_string_equal(name, "2026-Q4");
	assert_int_equal(period_parse("2026-q1", &p), SP_OK);
	assert_int_equal(p.kind, PERIOD_QUARTER);
	assert_int_equal(p.number, 1);

	assert_int_equal(period_parse("2026", &p), SP_OK);
	assert_int_equal(p.kind, PERIOD_YEAR);
	assert_int_equal(p.year, 2026);
	assert_int_equal(p.number, 0);
	period_name(&p, name);
	assert_string_equal(name, "2026");

	assert_int_equal(period_parse("2027-01", &p), SP_OK);
	period_name(&p, name);
	assert_string_equal(name, "2027-01");
}

static void test_bad_input_is_refused_and_changes_nothing(void **state)
{
	static const char *const bad[] = {
		"", "2026-", "2026-13", "2026-00", "2026-1", "2026-011",
		"2026-Q0", "2026-Q5", "2026-Q", "2026-QX", "2026-Q44",
		"26-11", "2026-11-01", " 2026", "2026 ", "+2026", "-2026",
		"abcd", "2026/11", "1969", "1969-12", "9999", "二〇二六",
		"2026-１1", "2026\n", "2026-11\x1b[2J",
	};
	struct period p;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&p, 0x5a, sizeof p);
		if (period_parse(bad[i], &p) != SP_ERR_INVALID)
			fail_msg("'%s' was accepted", bad[i]);
		assert_int_equal(p.year, 0x5a5a5a5a);
	}
	assert_int_equal(period_parse(NULL, &p), SP_ERR_INVALID);
}

static void test_bounds_in_shanghai(void **state)
{
	struct period p;
	char first[CLOCK_DATE_LEN], last[CLOCK_DATE_LEN];

	(void)state;
	assert_int_equal(period_parse("2026-11", &p), SP_OK);
	assert_int_equal(p.start_ms, utc("2026-10-31T16:00:00Z"));
	assert_int_equal(p.end_ms, utc("2026-11-30T16:00:00Z"));
	assert_int_equal(p.end_ms - p.start_ms, 30 * DAY);
	period_first_date(&p, first);
	period_last_date(&p, last);
	assert_string_equal(first, "2026-11-01");
	assert_string_equal(last, "2026-11-30");

	assert_int_equal(period_parse("2026-12", &p), SP_OK);
	assert_int_equal(p.end_ms, utc("2026-12-31T16:00:00Z"));

	assert_int_equal(period_parse("2026-Q4", &p), SP_OK);
	assert_int_equal(p.start_ms, utc("2026-09-30T16:00:00Z"));
	assert_int_equal(p.end_ms, utc("2026-12-31T16:00:00Z"));
	period_last_date(&p, last);
	assert_string_equal(last, "2026-12-31");

	assert_int_equal(period_parse("2026-Q1", &p), SP_OK);
	assert_int_equal(p.start_ms, utc("2025-12-31T16:00:00Z"));
	assert_int_equal(p.end_ms, utc("2026-03-31T16:00:00Z"));

	assert_int_equal(period_parse("2026", &p), SP_OK);
	assert_int_equal(p.start_ms, utc("2025-12-31T16:00:00Z"));
	assert_int_equal(p.end_ms, utc("2026-12-31T16:00:00Z"));

	/* a leap February */
	assert_int_equal(period_parse("2028-02", &p), SP_OK);
	assert_int_equal(p.end_ms - p.start_ms, 29 * DAY);
	period_last_date(&p, last);
	assert_string_equal(last, "2028-02-29");
}

static void test_period_of_an_instant(void **state)
{
	struct period p;
	char name[PERIOD_NAME_LEN];

	(void)state;
	/* 2026-11-23 09:00 local */
	assert_int_equal(period_of(PERIOD_MONTH, TESTUTIL_NOW_MS, &p), SP_OK);
	period_name(&p, name);
	assert_string_equal(name, "2026-11");
	assert_int_equal(period_of(PERIOD_QUARTER, TESTUTIL_NOW_MS, &p), SP_OK);
	period_name(&p, name);
	assert_string_equal(name, "2026-Q4");
	assert_int_equal(period_of(PERIOD_YEAR, TESTUTIL_NOW_MS, &p), SP_OK);
	period_name(&p, name);
	assert_string_equal(name, "2026");

	/* 16:30 UTC on New Year's Eve is already the new year here */
	assert_int_equal(period_of(PERIOD_MONTH, utc("2026-12-31T16:30:00Z"), &p),
			 SP_OK);
	period_name(&p, name);
	assert_string_equal(name, "2027-01");
	assert_int_equal(period_of(PERIOD_QUARTER, utc("2026-12-31T16:30:00Z"), &p),
			 SP_OK);
	period_name(&p, name);
	assert_string_equal(name, "2027-Q1");
	/* and 15:59 is still the old one */
	assert_int_equal(period_of(PERIOD_YEAR, utc("2026-12-31T15:59:59Z"), &p),
			 SP_OK);
	assert_int_equal(p.year, 2026);
	/* the instant lies inside its period */
	assert_true(p.start_ms <= utc("2026-12-31T15:59:59Z"));
	assert_true(utc("2026-12-31T15:59:59Z") < p.end_ms);
}

static void test_kind_names(void **state)
{
	enum period_kind k;

	(void)state;
	assert_int_equal(period_kind_parse("month", &k), SP_OK);
	assert_int_equal(k, PERIOD_MONTH);
	assert_int_equal(period_kind_parse("quarter", &k), SP_OK);
	assert_int_equal(k, PERIOD_QUARTER);
	assert_int_equal(period_kind_parse("year", &k), SP_OK);
	assert_int_equal(k, PERIOD_YEAR);
	assert_int_equal(period_kind_parse("week", &k), SP_ERR_INVALID);
	assert_int_equal(period_kind_parse("", &k), SP_ERR_INVALID);
	assert_string_equal(period_kind_name(PERIOD_QUARTER), "quarter");
}

/* A month with a DST change is an hour short, not cut at the wrong
 * midnight. */
static void test_dst_month(void **state)
{
	struct period p;
	char last[CLOCK_DATE_LEN];

	(void)state;
	if (clock_set_timezone("Europe/Berlin") != SP_OK)
		skip();
	assert_int_equal(period_parse("2026-03", &p), SP_OK);
	assert_int_equal(p.start_ms, utc("2026-02-28T23:00:00Z"));
	assert_int_equal(p.end_ms, utc("2026-03-31T22:00:00Z"));
	assert_int_equal(p.end_ms - p.start_ms, 31 * DAY - HOUR);
	period_last_date(&p, last);
	assert_string_equal(last, "2026-03-31");
	assert_int_equal(period_parse("2026-Q4", &p), SP_OK);
	assert_int_equal(p.start_ms, utc("2026-09-30T22:00:00Z"));
	assert_int_equal(p.end_ms, utc("2026-12-31T23:00:00Z"));
	assert_int_equal(clock_set_timezone("Asia/Shanghai"), SP_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_month_quarter_year),
		cmocka_unit_test(test_bad_input_is_refused_and_changes_nothing),
		cmocka_unit_test(test_bounds_in_shanghai),
		cmocka_unit_test(test_period_of_an_instant),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_dst_month),
	};
	testutil_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
