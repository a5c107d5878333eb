/* test_text.c — widths, cutting, wrapping and validation of UTF-8 text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "text.h"

static void test_width_counts_wide_characters_twice(void **state)
{
	(void)state;
	assert_int_equal(text_width("abc"), 3);
	assert_int_equal(text_width("党员服务点"), 10);
	assert_int_equal(text_width("A党B"), 4);
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_chars("党员abc"), 5);
}

static void test_invalid_bytes_count_as_one_column(void **state)
{
	(void)state;
	assert_int_equal(text_width("a\xff" "b"), 3);
	assert_int_equal(text_chars("\xe5\x85"), 2); /* truncated sequence */
}

static void test_fit_never_splits_a_character(void **state)
{
	size_t w;
	(void)state;
	/* 5 columns hold two Chinese characters (4), not half of a third */
	assert_int_equal(text_fit_bytes("党员服务", 5, &w), 6);
	assert_int_equal(w, 4);
	assert_int_equal(text_fit_bytes("ab党", 3, &w), 2);
	assert_int_equal(text_fit_bytes("ab党", 4, &w), 5);
}

static void test_fit_copy_pads_to_columns(void **state)
{
	char buf[32];
	(void)state;
	assert_int_equal(text_fit_copy(buf, sizeof buf, "党员服务", 5, true), 5);
	assert_string_equal(buf, "党员 ");
	assert_int_equal(text_fit_copy(buf, 4, "党员服务", 8, false), 2);
	assert_string_equal(buf, "党");
}

static void test_wrap_breaks_between_chinese_and_at_spaces(void **state)
{
	size_t next;
	const char *s = "为人民服务";
	(void)state;
	assert_int_equal(text_wrap_line(s, 4, &next), 6);
	assert_int_equal(next, 6);
	assert_int_equal(text_wrap_count(s, 4), 3);
	assert_int_equal(text_wrap_line("hello world", 8, &next), 5);
	assert_int_equal(next, 6);
	assert_int_equal(text_wrap_line("ab\ncd", 10, &next), 2);
	assert_int_equal(next, 3);
	/* closing punctuation never starts a line: the character before it
	 * moves down with it */
	assert_int_equal(text_wrap_line("为人民服务。", 10, &next), 12);
	assert_int_equal(next, 12);
	/* a word longer than the line is cut hard, never lost */
	assert_int_equal(text_wrap_line("abcdefgh", 3, &next), 3);
}

static void test_validate(void **state)
{
	(void)state;
	assert_int_equal(text_validate("张三", 10, true, false), SP_OK);
	assert_int_equal(text_validate("", 10, true, false), SP_ERR_TEXT_EMPTY);
	assert_int_equal(text_validate("  ", 10, true, false), SP_ERR_TEXT_EMPTY);
	assert_int_equal(text_validate("", 10, false, false), SP_OK);
	/* limits are in characters: ten Chinese characters are 30 bytes */
	assert_int_equal(text_validate("一二三四五六七八九十", 10, true, false), SP_OK);
	assert_int_equal(text_validate("一二三四五六七八九十一", 10, true, false),
			 SP_ERR_TEXT_TOO_LONG);
	assert_int_equal(text_validate("a\x1b[31mred", 50, true, false),
			 SP_ERR_TEXT_CONTROL);
	assert_int_equal(text_validate("a\tb", 50, true, false), SP_ERR_TEXT_CONTROL);
	assert_int_equal(text_validate("a\nb", 50, true, false), SP_ERR_TEXT_CONTROL);
	assert_int_equal(text_validate("a\nb", 50, true, true), SP_OK);
	assert_int_equal(text_validate("\xc2\x9b" "31m", 50, true, false),
			 SP_ERR_TEXT_CONTROL); /* C1 CSI */
	assert_int_equal(text_validate("abc\xff", 50, true, false), SP_ERR_TEXT_UTF8);
	assert_int_equal(text_validate("\xe2\x80\xae" "evil", 50, true, false),
			 SP_ERR_TEXT_CONTROL); /* right-to-left override */
}

static void test_sanitize_replaces_controls_and_bad_bytes(void **state)
{
	(void)state;
	char *s = text_sanitize_dup("a\x1b[2Jb\xff", false);
	assert_string_equal(s, "a\xef\xbf\xbd[2Jb\xef\xbf\xbd");
	free(s);
}

static void test_prev_char_steps_over_whole_characters(void **state)
{
	const char *s = "a党";
	(void)state;
	assert_int_equal(text_prev_char_bytes(s, 4), 3);
	assert_int_equal(text_prev_char_bytes(s, 1), 1);
	assert_int_equal(text_prev_char_bytes(s, 0), 0);
	assert_int_equal(text_char_bytes("党"), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width_counts_wide_characters_twice),
		cmocka_unit_test(test_invalid_bytes_count_as_one_column),
		cmocka_unit_test(test_fit_never_splits_a_character),
		cmocka_unit_test(test_fit_copy_pads_to_columns),
		cmocka_unit_test(test_wrap_breaks_between_chinese_and_at_spaces),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_sanitize_replaces_controls_and_bad_bytes),
		cmocka_unit_test(test_prev_char_steps_over_whole_characters),
	};
	testutil_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
