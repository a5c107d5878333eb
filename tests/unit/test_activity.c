/* test_activity.c — activity types: add, order, enable/disable, display
 * names, and refusals that write nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "audit.h"
#include "testutil.h"

static int setup(void **state)
{
	*state = testutil_store_new();
	return 0;
}

static int teardown(void **state)
{
	testutil_store_free(*state);
	return 0;
}

static void add_three(struct db *db)
{
	assert_int_equal(activity_add(db, "volunteer", "志愿服务", "Volunteer service",
				      20, NULL, NULL), SP_OK);
	assert_int_equal(activity_add(db, "duty", "值班服务", "Duty at the station",
				      10, NULL, NULL), SP_OK);
	assert_int_equal(activity_add(db, "theme_day", "主题党日", NULL, 30, NULL,
				      NULL), SP_OK);
}

static void test_empty_list(void **state)
{
	struct testutil_store *f = *state;
	struct activity *arr = (struct activity *)1;
	size_t n = 99;
	assert_int_equal(activity_list(f->db, true, &arr, &n), SP_OK);
	assert_null(arr);
	assert_int_equal(n, 0);
	activity_list_free(NULL, 0);
}

static void test_add_and_list_in_order(void **state)
{
	struct testutil_store *f = *state;
	struct activity *arr = NULL;
	size_t n = 0;
	char id[UUID_STR_LEN];

	add_three(f->db);
	assert_int_equal(activity_add(f->db, "talk", "政策宣讲", "Policy talk", 5,
				      NULL, id), SP_OK);
	assert_true(uuid_is_valid(id));
	assert_int_equal(activity_list(f->db, false, &arr, &n), SP_OK);
	assert_int_equal(n, 4);
	assert_string_equal(arr[0].code, "talk");
	assert_string_equal(arr[0].id, id);
	assert_string_equal(arr[1].code, "duty");
	assert_string_equal(arr[1].name, "值班服务");
	assert_string_equal(arr[1].name_en, "Duty at the station");
	assert_int_equal(arr[1].sort_order, 10);
	assert_true(arr[1].active);
	assert_string_equal(arr[2].code, "volunteer");
	assert_string_equal(arr[3].code, "theme_day");
	assert_string_equal(arr[3].name_en, "");
	activity_list_free(arr, n);
	assert_int_equal(audit_count(f->db), 4);
}

static void test_disable_and_enable(void **state)
{
	struct testutil_store *f = *state;
	struct activity *arr = NULL;
	struct activity *a = NULL;
	size_t n = 0;
	int64_t bad = 0;

	add_three(f->db);
	assert_int_equal(activity_set_active(f->db, "volunteer", false, NULL), SP_OK);
	assert_int_equal(activity_list(f->db, false, &arr, &n), SP_OK);
	assert_int_equal(n, 2);
	assert_string_equal(arr[0].code, "duty");
	assert_string_equal(arr[1].code, "theme_day");
	activity_list_free(arr, n);

	assert_int_equal(activity_list(f->db, true, &arr, &n), SP_OK);
	assert_int_equal(n, 3);
	assert_false(arr[1].active);
	activity_list_free(arr, n);

	/* disabling twice changes and audits nothing more */
	int64_t audits = audit_count(f->db);
	assert_int_equal(activity_set_active(f->db, "volunteer", false, NULL), SP_OK);
	assert_int_equal(audit_count(f->db), audits);

	assert_int_equal(activity_set_active(f->db, "volunteer", true, "staff-1"), SP_OK);
	assert_int_equal(audit_count(f->db), audits + 1);
	assert_int_equal(activity_find_by_code(f->db, "volunteer", &a), SP_OK);
	assert_true(a->active);
	activity_free(a);

	assert_int_equal(activity_set_active(f->db, "nope", false, NULL),
			 SP_ERR_NOT_FOUND);
	assert_int_equal(activity_find_by_code(f->db, "nope", &a), SP_ERR_NOT_FOUND);
	assert_null(a);
	assert_int_equal(audit_verify(f->db, &bad), SP_OK);
}

static void test_refusals_write_nothing(void **state)
{
	struct testutil_store *f = *state;
	struct activity *arr = NULL;
	size_t n = 0;

	add_three(f->db);
	int64_t audits = audit_count(f->db);
	assert_int_equal(activity_add(f->db, "duty", "再来一次", NULL, 0, NULL, NULL),
			 SP_ERR_DUPLICATE);
	assert_int_equal(activity_add(f->db, "Duty", "值班", NULL, 0, NULL, NULL),
			 SP_ERR_INVALID);
	assert_int_equal(activity_add(f->db, "with space", "值班", NULL, 0, NULL, NULL),
			 SP_ERR_INVALID);
	assert_int_equal(activity_add(f->db, "", "值班", NULL, 0, NULL, NULL),
			 SP_ERR_TEXT_EMPTY);
	assert_int_equal(activity_add(f->db, "abcdefghijklmnopqrstuvwxyz0123456",
				      "值班", NULL, 0, NULL, NULL),
			 SP_ERR_TEXT_TOO_LONG);
	/* sixteen characters fit, seventeen do not */
	assert_int_equal(activity_add(f->db, "long", "一二三四五六七八九十一二三四五六七",
				      NULL, 0, NULL, NULL),
			 SP_ERR_TEXT_TOO_LONG);
	assert_int_equal(activity_add(f->db, "ctl", "值\x1b[2J班", NULL, 0, NULL, NULL),
			 SP_ERR_TEXT_CONTROL);
	assert_int_equal(activity_add(f->db, "empty", "", NULL, 0, NULL, NULL),
			 SP_ERR_TEXT_EMPTY);
	assert_int_equal(audit_count(f->db), audits);
	assert_int_equal(activity_list(f->db, true, &arr, &n), SP_OK);
	assert_int_equal(n, 3);
	activity_list_free(arr, n);

	assert_int_equal(activity_add(f->db, "sixteen", "一二三四五六七八九十一二三四五六",
				      NULL, 0, NULL, NULL), SP_OK);
}

static void test_display_name(void **state)
{
	struct activity a = {.code = "duty", .name = "值班服务",
			     .name_en = "Duty at the station"};
	struct activity b = {.code = "x", .name = "主题党日", .name_en = ""};
	(void)state;

	assert_string_equal(activity_display_name(&a, "en"), "Duty at the station");
	assert_string_equal(activity_display_name(&a, "zh_CN"), "值班服务");
	assert_string_equal(activity_display_name(&a, NULL), "值班服务");
	assert_string_equal(activity_display_name(&b, "en"), "主题党日");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_empty_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_and_list_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disable_and_enable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals_write_nothing, setup, teardown),
		cmocka_unit_test(test_display_name),
	};
	testutil_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
