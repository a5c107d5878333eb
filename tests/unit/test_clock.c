/* test_clock.c — the injectable clock, stored UTC text, and local calendar
 * arithmetic in the station's zone (Asia/Shanghai, UTC+8, no DST). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "testutil.h"

#define HOUR_MS INT64_C(3600000)
#define DAY_MS (24 * HOUR_MS)

static int64_t parse_utc(const char *text)
{
	int64_t ms = -1;
	assert_int_equal(clock_parse_utc(text, &ms), SP_OK);
	return ms;
}

static void test_utc_format_and_parse_round_trip(void **state)
{
	static const int64_t times[] = {
		0, 1, 999, TESTUTIL_NOW_MS, TESTUTIL_NOW_MS + 123,
		INT64_C(1798761599999), /* 2026-12-31T23:59:59.999Z */
		INT64_C(4102444800000), /* 2100-01-01 */
	};
	char buf[CLOCK_UTC_LEN];
	(void)state;

	clock_format_utc(TESTUTIL_NOW_MS + 7, buf);
	assert_string_equal(buf, "2026-11-23T01:00:00.007Z");
	clock_format_utc(0, buf);
	assert_string_equal(buf, "1970-01-01T00:00:00.000Z");
	for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
		clock_format_utc(times[i], buf);
		assert_int_equal(strlen(buf), CLOCK_UTC_LEN - 1);
		assert_int_equal(parse_utc(buf), times[i]);
	}
	/* milliseconds are optional and may have fewer digits */
	assert_int_equal(parse_utc("2026-11-23T01:00:00Z"), TESTUTIL_NOW_MS);
	assert_int_equal(parse_utc("2026-11-23T01:00:00.5Z"), TESTUTIL_NOW_MS + 500);
	assert_int_equal(parse_utc("2026-11-23T01:00:00.25Z"), TESTUTIL_NOW_MS + 250);
	/* stored text sorts like time: the UTC form is fixed width */
	char a[CLOCK_UTC_LEN], b[CLOCK_UTC_LEN];
	clock_format_utc(TESTUTIL_NOW_MS + 999, a);
	clock_format_utc(TESTUTIL_NOW_MS + 1000, b);
	assert_true(strcmp(a, b) < 0);
}

static void test_utc_parse_rejects_garbage(void **state)
{
	static const char *const bad[] = {
		"", "now", "2026-11-23", "2026-11-23T01:00:00",
		"2026-11-23T01:00:00+08:00", "2026-11-23 01:00:00Z",
		"2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
		"2026-11-32T00:00:00Z", "2026-11-23T24:00:00Z",
		"2026-11-23T01:60:00Z", "2026-11-23T01:00:00.Z",
		"2026-11-23T01:00:00.123Zjunk", "2026-02-30T00:00:00Z",
		"2026-04-31T12:00:00Z", "26-11-23T01:00:00Z",
	};
	(void)state;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t ms = 42;
		enum sp_status status = clock_parse_utc(bad[i], &ms);
		if (status == SP_OK)
			fail_msg("clock_parse_utc accepted \"%s\"", bad[i]);
		assert_int_equal(ms, 42);
	}
}

static void test_local_date_crosses_midnight_in_shanghai(void **state)
{
	char date[CLOCK_DATE_LEN];
	char text[64];
	(void)state;

	/* 16:30 UTC on the last day of November is already 00:30 on the first
	 * of December in Beijing time */
	int64_t t = parse_utc("2026-11-30T16:30:00Z");
	clock_local_date(t, date);
	assert_string_equal(date, "2026-12-01");
	clock_format_local(t, "%Y-%m-%d %H:%M", text, sizeof text);
	assert_string_equal(text, "2026-12-01 00:30");

	assert_int_equal(clock_local_day_start(t), parse_utc("2026-11-30T16:00:00Z"));
	assert_int_equal(clock_local_month_start(t),
			 parse_utc("2026-11-30T16:00:00Z"));
	assert_int_equal(clock_local_year_start(t), parse_utc("2025-12-31T16:00:00Z"));

	/* one minute earlier it is still November, locally */
	int64_t before = parse_utc("2026-11-30T15:59:00Z");
	clock_local_date(before, date);
	assert_string_equal(date, "2026-11-30");
	assert_int_equal(clock_local_month_start(before),
			 parse_utc("2026-10-31T16:00:00Z"));

	/* New Year's Eve 16:00 UTC is New Year locally */
	int64_t ny = parse_utc("2026-12-31T16:00:00Z");
	clock_local_date(ny, date);
	assert_string_equal(date, "2027-01-01");
	assert_int_equal(clock_local_year_start(ny), ny);
	assert_int_equal(clock_local_day_start(ny), ny);
}

static void test_local_day_arithmetic(void **state)
{
	int64_t day = clock_local_day_start(TESTUTIL_NOW_MS);
	char date[CLOCK_DATE_LEN];
	(void)state;

	assert_int_equal(day, parse_utc("2026-11-22T16:00:00Z"));
	assert_int_equal(clock_local_add_days(day, 1), day + DAY_MS);
	assert_int_equal(clock_local_add_days(day, -30), day - 30 * DAY_MS);
	clock_local_date(clock_local_add_days(day, 8), date);
	assert_string_equal(date, "2026-12-01");
	clock_local_date(clock_local_add_days(day, 39), date);
	assert_string_equal(date, "2027-01-01");
}

static void test_parse_local_date(void **state)
{
	int64_t ms = 0;
	(void)state;

	assert_int_equal(clock_parse_local_date("2026-12-01", &ms), SP_OK);
	assert_int_equal(ms, parse_utc("2026-11-30T16:00:00Z"));
	assert_int_equal(clock_parse_local_date("2028-02-29", &ms), SP_OK);
	assert_int_equal(clock_parse_local_date("2026-02-28", &ms), SP_OK);

	static const char *const bad[] = {
		"2026-02-30", "2026-02-29", "2026-04-31", "2026-13-01",
		"2026-00-01", "2026-01-00", "2026-1-01", "2026-01-1",
		"20260101", "2026-01-01x", "2026-01-01 ", "", "tomorrow",
		"1969-12-31",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		enum sp_status status = clock_parse_local_date(bad[i], &ms);
		if (status != SP_ERR_DATE)
			fail_msg("clock_parse_local_date(\"%s\") gave %s", bad[i],
				 status_name(status));
	}
}

static void test_set_timezone_refuses_unknown_zones(void **state)
{
	(void)state;
	assert_int_equal(clock_set_timezone("Mars/Olympus_Mons"), SP_ERR_INVALID);
	assert_int_equal(clock_set_timezone("../../etc/passwd"), SP_ERR_INVALID);
	assert_int_equal(clock_set_timezone(""), SP_ERR_INVALID);
	assert_int_equal(clock_set_timezone("UTC"), SP_OK);
	char date[CLOCK_DATE_LEN];
	clock_local_date(parse_utc("2026-11-30T16:30:00Z"), date);
	assert_string_equal(date, "2026-11-30");
	assert_int_equal(clock_set_timezone("Asia/Shanghai"), SP_OK);
	clock_local_date(parse_utc("2026-11-30T16:30:00Z"), date);
	assert_string_equal(date, "2026-12-01");
}

static void test_injected_clock_from_environment(void **state)
{
	char *dir = testutil_tmpdir_dup();
	char *file = testutil_path_dup(dir, "now");
	FILE *f;
	(void)state;

	/* the fixed clock wins over everything */
	clock_set_fixed_ms(TESTUTIL_NOW_MS);
	setenv("SVCPOINT_NOW", "2027-03-01T08:00:00Z", 1);
	assert_int_equal(clock_now_ms(), TESTUTIL_NOW_MS);

	/* released, the environment's frozen instant applies */
	clock_set_fixed_ms(-1);
	assert_int_equal(clock_now_ms(), parse_utc("2027-03-01T08:00:00Z"));
	assert_int_equal(clock_now_ms(), parse_utc("2027-03-01T08:00:00Z"));

	/* the clock file is re-read on every call, so time can move on */
	f = fopen(file, "w");
	assert_non_null(f);
	fputs("2027-03-01T09:00:00.250Z\n", f);
	fclose(f);
	setenv("SVCPOINT_CLOCK_FILE", file, 1);
	assert_int_equal(clock_now_ms(), parse_utc("2027-03-01T09:00:00.250Z"));
	f = fopen(file, "w");
	assert_non_null(f);
	fputs("2027-03-01T10:30:00Z", f);
	fclose(f);
	assert_int_equal(clock_now_ms(), parse_utc("2027-03-01T10:30:00Z"));

	/* an unreadable clock file falls back to SVCPOINT_NOW */
	remove(file);
	assert_int_equal(clock_now_ms(), parse_utc("2027-03-01T08:00:00Z"));

	/* garbage in SVCPOINT_NOW falls back to the real clock */
	unsetenv("SVCPOINT_CLOCK_FILE");
	setenv("SVCPOINT_NOW", "yesterday", 1);
	int64_t real = clock_now_ms();
	assert_true(real > parse_utc("2024-01-01T00:00:00Z"));
	unsetenv("SVCPOINT_NOW");

	clock_set_fixed_ms(TESTUTIL_NOW_MS);
	assert_int_equal(clock_now_ms(), TESTUTIL_NOW_MS);
	free(file);
	testutil_rmdir(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utc_format_and_parse_round_trip),
		cmocka_unit_test(test_utc_parse_rejects_garbage),
		cmocka_unit_test(test_local_date_crosses_midnight_in_shanghai),
		cmocka_unit_test(test_local_day_arithmetic),
		cmocka_unit_test(test_parse_local_date),
		cmocka_unit_test(test_set_timezone_refuses_unknown_zones),
		cmocka_unit_test(test_injected_clock_from_environment),
	};
	testutil_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
