/* test_i18n.c — msgids with a context: one English word, two meanings,
 * two translations, and the plain English when the catalog has none.
 *
 * Reads the catalog the build made (tests/run.sh points
 * SVCPOINT_LOCALEDIR at it); the Chinese checks are skipped without it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commitment.h"
#include "entry.h"
#include "i18n.h"
#include "testutil.h"

static bool have_catalog(void)
{
	const char *dir = getenv("SVCPOINT_LOCALEDIR");
	char path[4096];
	struct stat st;

	if (!dir || !*dir)
		return false;
	snprintf(path, sizeof path, "%s/zh_CN/LC_MESSAGES/%s.mo", dir,
		 SVCPOINT_TEXTDOMAIN);
	return stat(path, &st) == 0;
}

static void test_english_is_the_msgid_without_its_context(void **state)
{
	(void)state;
	i18n_init("en");
	assert_string_equal(C_("commitment status", "open"), "open");
	assert_string_equal(C_("person", "Name"), "Name");
	/* a context no catalog knows */
	assert_string_equal(C_("no such context", "open"), "open");
	assert_string_equal(i18n_ptext(NC_("entry status", "open")), "open");
	/* a key without a context is an ordinary msgid */
	assert_string_equal(i18n_ptext("open"), "open");
	assert_string_equal(entry_status_label(ENTRY_OPEN), "open");
	assert_string_equal(commitment_status_label(COMMITMENT_OPEN, false),
			    "open");
}

static void test_chinese_tells_the_meanings_apart(void **state)
{
	(void)state;
	if (!have_catalog())
		skip();
	i18n_init("zh_CN");
	/* a commitment still to keep, a visit still going on */
	assert_string_equal(commitment_status_label(COMMITMENT_OPEN, false),
			    "待兑现");
	assert_string_equal(entry_status_label(ENTRY_OPEN), "进行中");
	assert_string_equal(C_("commitment status", "open"), "待兑现");
	assert_string_equal(C_("entry status", "open"), "进行中");
	/* a person's name, a brand's name */
	assert_string_equal(C_("person", "Name"), "姓名");
	assert_string_equal(_("Name"), "名称");
	/* untranslated in this context: the English, not the key */
	assert_string_equal(C_("no such context", "open"), "open");
	i18n_init("en");
	assert_string_equal(entry_status_label(ENTRY_OPEN), "open");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_english_is_the_msgid_without_its_context),
		cmocka_unit_test(test_chinese_tells_the_meanings_apart),
	};
	testutil_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
