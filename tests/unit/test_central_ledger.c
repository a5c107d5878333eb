/* test_central_ledger.c — what central_ledger.h promises without a
 * server: bad arguments are refused before anything is read and leave an
 * empty ledger that is safe to clear (twice, or NULL), and "pushed after
 * the period" is judged against the period's local end. The figures
 * themselves are checked against the stations' own ledgers on a real
 * PostgreSQL in tests/cli/central_ledger.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "central_ledger.h"
#include "period.h"
#include "testutil.h"

static void test_bad_arguments_are_refused(void **state)
{
	struct central_ledger l;
	struct period p;

	(void)state;
	assert_int_equal(period_parse("2026-11", &p), SP_OK);
	/* no connection */
	memset(&l, 0xa5, sizeof l);
	assert_int_equal(central_ledger_build(NULL, &p, NULL, &l),
			 SP_ERR_INVALID);
	assert_int_equal(l.nstations, 0);
	assert_null(l.stations);
	assert_null(l.members);
	assert_null(l.activities);
	central_ledger_clear(&l);
	central_ledger_clear(&l);
	central_ledger_clear(NULL);

	/* no period, an empty one: refused before the connection is used,
	 * so a made-up pointer is never touched */
	assert_int_equal(central_ledger_build((struct central *)&l, NULL, NULL,
					      &l),
			 SP_ERR_INVALID);
	p.end_ms = p.start_ms;
	assert_int_equal(central_ledger_build((struct central *)&l, &p, "a1",
					      &l),
			 SP_ERR_INVALID);
	assert_int_equal(l.total.entries, 0);
	assert_int_equal(central_ledger_build(NULL, &p, NULL, NULL),
			 SP_ERR_INVALID);
}

static void test_pushed_after_the_period(void **state)
{
	struct central_ledger l;
	struct central_station s;

	(void)state;
	memset(&l, 0, sizeof l);
	memset(&s, 0, sizeof s);
	/* November in Asia/Shanghai ends 2026-11-30T16:00Z */
	assert_int_equal(period_parse("2026-11", &l.period), SP_OK);
	assert_false(central_ledger_pushed_after(&l, &s));   /* never */
	s.last_push_ms = l.period.end_ms - 1;
	assert_false(central_ledger_pushed_after(&l, &s));
	s.last_push_ms = l.period.end_ms;
	assert_true(central_ledger_pushed_after(&l, &s));
	s.last_push_ms = TESTUTIL_NOW_MS;                     /* 23 November */
	assert_false(central_ledger_pushed_after(&l, &s));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_arguments_are_refused),
		cmocka_unit_test(test_pushed_after_the_period),
	};
	testutil_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
