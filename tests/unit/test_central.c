/* test_central.c — the parts of central.c that need no server: the
 * client-side limit on a call, which statuses carry a detail, a
 * connection that fails at once, and the connection string shown
 * without its password. The calls against a real server, and one that
 * stops answering, are in tests/cli/sync_*.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "central.h"
#include "testutil.h"

static void test_wait_limit_is_the_statement_timeout_plus_grace(void **state)
{
	(void)state;
	assert_int_equal(central_wait_limit_s(1), 1 + CENTRAL_GRACE_S);
	assert_int_equal(central_wait_limit_s(60), 60 + CENTRAL_GRACE_S);
	assert_int_equal(central_wait_limit_s(86400), 86400 + CENTRAL_GRACE_S);
	/* 0 leaves the server's own timeout: the client still has one */
	assert_int_equal(central_wait_limit_s(0), CENTRAL_WAIT_DEFAULT_S);
	assert_true(CENTRAL_WAIT_DEFAULT_S > 0);
}

static void test_which_statuses_carry_a_detail(void **state)
{
	(void)state;
	assert_true(central_has_detail(SP_ERR_CENTRAL));
	assert_true(central_has_detail(SP_ERR_CENTRAL_TIMEOUT));
	assert_false(central_has_detail(SP_ERR_DB));
	assert_false(central_has_detail(SP_OK));
	assert_string_equal(central_errmsg(NULL), "");
}

static void test_no_server_fails_with_a_detail(void **state)
{
	char *dir = testutil_tmpdir_dup();
	char conninfo[512];
	struct central *c = (struct central *)1;
	char *detail = NULL;

	(void)state;
	/* a socket folder with no server in it */
	snprintf(conninfo, sizeof conninfo,
		 "host=%s port=5999 dbname=none user=none", dir);
	assert_int_equal(central_connect(conninfo, 1, &c, &detail),
			 SP_ERR_CENTRAL);
	assert_null(c);
	assert_non_null(detail);
	assert_true(detail[0] != '\0');
	assert_null(strchr(detail, '\n'));
	free(detail);
	central_close(NULL);
	testutil_rmdir(dir);
	free(dir);
}

static void test_display_drops_the_password(void **state)
{
	char *shown = central_conninfo_display_dup(
		"host=central.example.org dbname=svcpoint password=secret");

	(void)state;
	if (!shown)
		skip();                /* libpq is not installed */
	assert_non_null(strstr(shown, "host=central.example.org"));
	assert_null(strstr(shown, "secret"));
	free(shown);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wait_limit_is_the_statement_timeout_plus_grace),
		cmocka_unit_test(test_which_statuses_carry_a_detail),
		cmocka_unit_test(test_no_server_fails_with_a_detail),
		cmocka_unit_test(test_display_drops_the_password),
	};
	testutil_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
