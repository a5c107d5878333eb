/* test_brand.c — the brand profile: set and get, refusals that write
 * nothing, an audit row for every change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "brand.h"
#include "clock.h"
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

/* One integer from a query that needs no parameters (test-only SQL). */
static int64_t query_int(struct db *db, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	int64_t v;
	assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &stmt, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

static void test_no_brand_yet(void **state)
{
	struct testutil_store *f = *state;
	struct brand *b = (struct brand *)1;
	assert_int_equal(brand_get(f->db, &b), SP_ERR_NOT_FOUND);
	assert_null(b);
	brand_free(NULL);
}

static void test_set_and_get(void **state)
{
	struct testutil_store *f = *state;
	struct brand *b = NULL;

	assert_int_equal(brand_set_field(f->db, "name", "红心驿站", NULL), SP_OK);
	assert_int_equal(brand_set_field(f->db, "slogan", "党员亮身份，服务亮承诺", NULL),
			 SP_OK);
	assert_int_equal(brand_set_field(f->db, "connotation",
					 "第一行\n第二行", NULL), SP_OK);
	assert_int_equal(brand_set_field(f->db, "type", "organisation", NULL), SP_OK);
	assert_int_equal(brand_set_field(f->db, "stage", "deployment", NULL), SP_OK);
	assert_int_equal(brand_set_field(f->db, "profile_url",
					 "https://example.org/brand/1", NULL), SP_OK);

	assert_int_equal(brand_get(f->db, &b), SP_OK);
	assert_string_equal(b->name, "红心驿站");
	assert_string_equal(b->slogan, "党员亮身份，服务亮承诺");
	assert_string_equal(b->connotation, "第一行\n第二行");
	assert_string_equal(b->concept, "");
	assert_int_equal(b->type, BRAND_TYPE_ORGANISATION);
	assert_int_equal(b->stage, BRAND_STAGE_DEPLOYMENT);
	assert_string_equal(b->profile_url, "https://example.org/brand/1");
	assert_int_equal(b->revision, 6);
	assert_true(b->updated_ms == TESTUTIL_NOW_MS);
	assert_true(uuid_is_valid(b->id));
	brand_free(b);

	/* one row, however many changes */
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM brand"), 1);
}

static void test_name_limit_is_in_characters(void **state)
{
	struct testutil_store *f = *state;
	/* ten Chinese characters are 30 bytes and fine; eleven are not */
	assert_int_equal(brand_set_field(f->db, "name", "一二三四五六七八九十", NULL),
			 SP_OK);
	assert_int_equal(brand_set_field(f->db, "name", "一二三四五六七八九十一", NULL),
			 SP_ERR_TEXT_TOO_LONG);
	assert_int_equal(brand_set_field(f->db, "name", "", NULL), SP_ERR_TEXT_EMPTY);
	assert_int_equal(brand_set_field(f->db, "name", "a\x1b[31mb", NULL),
			 SP_ERR_TEXT_CONTROL);
	assert_int_equal(brand_set_field(f->db, "slogan", "one\ntwo", NULL),
			 SP_ERR_TEXT_CONTROL);
}

static void test_refusals_write_nothing(void **state)
{
	struct testutil_store *f = *state;
	struct brand *b = NULL;
	int64_t audit_before;

	assert_int_equal(brand_set_field(f->db, "name", "红心驿站", NULL), SP_OK);
	audit_before = audit_count(f->db);

	assert_int_equal(brand_set_field(f->db, "profile_url", "example.org", NULL),
			 SP_ERR_INVALID);
	assert_int_equal(brand_set_field(f->db, "profile_url",
					 "https://exa mple.org", NULL), SP_ERR_INVALID);
	assert_int_equal(brand_set_field(f->db, "profile_url", "javascript:x", NULL),
			 SP_ERR_INVALID);
	assert_int_equal(brand_set_field(f->db, "profile_url", "https://", NULL),
			 SP_ERR_INVALID);
	assert_int_equal(brand_set_field(f->db, "type", "party", NULL), SP_ERR_INVALID);
	assert_int_equal(brand_set_field(f->db, "stage", "准备", NULL), SP_ERR_INVALID);
	assert_int_equal(brand_set_field(f->db, "colour", "red", NULL), SP_ERR_INVALID);
	assert_int_equal(brand_set_field(f->db, "name", "一二三四五六七八九十一", NULL),
			 SP_ERR_TEXT_TOO_LONG);

	assert_int_equal(audit_count(f->db), audit_before);
	assert_int_equal(brand_get(f->db, &b), SP_OK);
	assert_string_equal(b->name, "红心驿站");
	assert_string_equal(b->profile_url, "");
	assert_int_equal(b->type, BRAND_TYPE_WORK);
	assert_int_equal(b->stage, BRAND_STAGE_PREPARATION);
	assert_int_equal(b->revision, 1);
	brand_free(b);
}

static void test_refusal_on_empty_store_creates_no_row(void **state)
{
	struct testutil_store *f = *state;
	assert_int_equal(brand_set_field(f->db, "type", "bogus", NULL), SP_ERR_INVALID);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM brand"), 0);
	assert_int_equal(audit_count(f->db), 0);
}

static void test_audit_row_per_change(void **state)
{
	struct testutil_store *f = *state;
	sqlite3_stmt *stmt = NULL;
	int64_t bad = 0;

	assert_int_equal(brand_set_field(f->db, "name", "红心驿站", "actor-1"), SP_OK);
	assert_int_equal(brand_set_field(f->db, "goals", "目标", NULL), SP_OK);
	assert_int_equal(audit_count(f->db), 2);
	assert_int_equal(audit_verify(f->db, &bad), SP_OK);

	assert_int_equal(sqlite3_prepare_v2(db_handle(f->db),
					    "SELECT action, detail, actor_id FROM audit_log"
					    " ORDER BY seq LIMIT 1", -1, &stmt, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "brand.set");
	assert_string_equal((const char *)sqlite3_column_text(stmt, 1),
			    "{\"field\":\"name\",\"value\":\"红心驿站\"}");
	assert_string_equal((const char *)sqlite3_column_text(stmt, 2), "actor-1");
	sqlite3_finalize(stmt);
}

static void test_set_in_caller_transaction_rolls_back(void **state)
{
	struct testutil_store *f = *state;
	assert_int_equal(db_begin(f->db), SP_OK);
	assert_int_equal(brand_set_field_in_tx(f->db, "name", "红心驿站", NULL), SP_OK);
	db_rollback(f->db);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM brand"), 0);
	assert_int_equal(audit_count(f->db), 0);
}

static void test_names_labels_and_parsing(void **state)
{
	enum brand_type type;
	enum brand_stage stage;
	(void)state;

	assert_string_equal(brand_type_name(BRAND_TYPE_MEMBER), "member");
	assert_string_equal(brand_stage_name(BRAND_STAGE_SUMMARY), "summary");
	assert_int_equal(brand_type_parse("work", &type), SP_OK);
	assert_int_equal(type, BRAND_TYPE_WORK);
	assert_int_equal(brand_stage_parse("development", &stage), SP_OK);
	assert_int_equal(stage, BRAND_STAGE_DEVELOPMENT);
	assert_int_equal(brand_type_parse("Work", &type), SP_ERR_INVALID);
	assert_int_equal(brand_stage_parse(NULL, &stage), SP_ERR_INVALID);
	/* untranslated in the test: the English msgids */
	assert_string_equal(brand_type_label(BRAND_TYPE_ORGANISATION),
			    "organisation brand");
	assert_string_equal(brand_stage_label(BRAND_STAGE_DEPLOYMENT),
			    "deployment and promotion");
	assert_true(brand_field_is_known("profile_url"));
	assert_false(brand_field_is_known("id"));
	assert_int_equal(brand_validate_url(""), SP_OK);
	assert_int_equal(brand_validate_url("http://a.b/c?d=1"), SP_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_no_brand_yet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_and_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_name_limit_is_in_characters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals_write_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusal_on_empty_store_creates_no_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_row_per_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_in_caller_transaction_rolls_back, setup, teardown),
		cmocka_unit_test(test_names_labels_and_parsing),
	};
	testutil_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
