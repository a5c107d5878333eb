/* test_receipt.c — names masked on slips, the receipts' content, finding
 * an entry by the short id printed on its slip, and audit rows of
 * printing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "config.h"
#include "entry.h"
#include "receipt.h"
#include "testutil.h"

static void check_mask(const char *name, const char *want)
{
	char *got = receipt_mask_name_dup(name);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_mask_names(void **state)
{
	(void)state;
	check_mask("张三明", "张*明");
	check_mask("张三", "张*");
	check_mask("张", "张");
	check_mask("欧阳建国", "欧**国");
	check_mask("", "");
	check_mask("Al", "A*");
	check_mask("Alice", "A***e");
	/* spaces stay, so the shape of a Latin name shows but not the name */
	check_mask("Alice Wang", "A**** ***g");
	check_mask("阿依古丽·买买提", "阿******提");
	assert_null(receipt_mask_name_dup(NULL));
}

static void config_for(struct config *cfg, const char *encoding,
		       const char *qr_mode)
{
	config_defaults(cfg);
	snprintf(cfg->printer_encoding, sizeof cfg->printer_encoding, "%s", encoding);
	snprintf(cfg->printer_qr_mode, sizeof cfg->printer_qr_mode, "%s", qr_mode);
	snprintf(cfg->station_id, sizeof cfg->station_id, "test-001");
	snprintf(cfg->station_name, sizeof cfg->station_name, "测试服务点");
	cfg->printer_width_dots = 384;
	cfg->printer_cut = true;
}

struct fixture {
	char *dir;
	struct db *db;
	char member[UUID_STR_LEN], other[UUID_STR_LEN];
	char activity[UUID_STR_LEN];
	char entry[UUID_STR_LEN], entry2[UUID_STR_LEN];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct entry_rules rules = {1, 12, 7, 12};

	f->db = testutil_store_open(&f->dir);
	testutil_insert_member(f->db, "1001", "张三明", NULL, f->member);
	testutil_insert_member(f->db, "1002", "李四", NULL, f->other);
	testutil_insert_activity(f->db, "duty", "值班", f->activity);
	assert_int_equal(entry_check_in(f->db, f->member, f->activity, NULL, f->entry), SP_OK);
	assert_int_equal(entry_check_in(f->db, f->other, f->activity, NULL, f->entry2), SP_OK);
	clock_set_fixed_ms(TESTUTIL_NOW_MS + 90 * 60000);
	assert_int_equal(entry_check_out(f->db, f->member, &rules, NULL), SP_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	testutil_store_close(f->db, f->dir);
	free(f);
	clock_set_fixed_ms(TESTUTIL_NOW_MS);
	return 0;
}

static void test_find_entry_by_prefix(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN], upper[UUID_STR_LEN], prefix[UUID_STR_LEN];
	size_t common = 0;

	assert_int_equal(receipt_find_entry(f->db, f->entry, id), SP_OK);
	assert_string_equal(id, f->entry);
	/* case is ignored */
	for (size_t i = 0; i < sizeof upper; i++)
		upper[i] = (char)(f->entry[i] >= 'a' && f->entry[i] <= 'f'
					  ? f->entry[i] - 32 : f->entry[i]);
	assert_int_equal(receipt_find_entry(f->db, upper, id), SP_OK);
	assert_string_equal(id, f->entry);
	/* the two ids were made in the same millisecond: their common
	 * prefix names both, one more character names one */
	while (f->entry[common] == f->entry2[common])
		common++;
	assert_true(common >= RECEIPT_SHORT_ID_LEN);
	memcpy(prefix, f->entry, common);
	prefix[common] = '\0';
	assert_int_equal(receipt_find_entry(f->db, prefix, id), SP_ERR_DUPLICATE);
	assert_string_equal(id, "");
	prefix[common] = f->entry[common];
	prefix[common + 1] = '\0';
	assert_int_equal(receipt_find_entry(f->db, prefix, id), SP_OK);
	assert_string_equal(id, f->entry);
	/* too short, not an id, or nothing there */
	memcpy(prefix, f->entry, RECEIPT_SHORT_ID_LEN - 1);
	prefix[RECEIPT_SHORT_ID_LEN - 1] = '\0';
	assert_int_equal(receipt_find_entry(f->db, prefix, id), SP_ERR_INVALID);
	assert_int_equal(receipt_find_entry(f->db, "zzzzzzzz", id), SP_ERR_INVALID);
	assert_int_equal(receipt_find_entry(f->db, "0000000'", id), SP_ERR_INVALID);
	assert_int_equal(receipt_find_entry(f->db, "00000000-0000", id), SP_ERR_NOT_FOUND);
}

static void test_service_slip(void **state)
{
	struct fixture *f = *state;
	struct config cfg;
	struct entry *e = NULL;
	unsigned char *job = NULL;
	size_t len = 0;
	char short_id[RECEIPT_SHORT_ID_LEN + 1];

	config_for(&cfg, "utf-8", "native");
	assert_int_equal(entry_get(f->db, f->entry, &e), SP_OK);
	assert_int_equal(receipt_service_slip(&cfg, e, "https://e.org/p", false,
					      &job, &len), SP_OK);
	assert_memory_equal(job, "\x1b@", 2);
	assert_true(testutil_has(job, len, "张*明"));
	assert_false(testutil_has(job, len, "张三明"));
	assert_true(testutil_has(job, len, "值班"));
	assert_true(testutil_has(job, len, "测试服务点"));
	assert_true(testutil_has(job, len, "2026-11-23 09:00 - 10:30"));
	assert_true(testutil_has(job, len, "1 h 30 min"));
	memcpy(short_id, f->entry, RECEIPT_SHORT_ID_LEN);
	short_id[RECEIPT_SHORT_ID_LEN] = '\0';
	assert_true(testutil_has(job, len, short_id));
	assert_false(testutil_has(job, len, f->entry)); /* only the short id */
	assert_false(testutil_has(job, len, "REPRINT"));
	/* the native QR command carries the address; the job ends in a cut */
	assert_true(testutil_has(job, len, "\x31\x50\x30https://e.org/p"));
	assert_memory_equal(job + len - 4, "\x1d\x56\x42\x00", 4);
	free(job);

	/* a reprint says so; without an address there is no QR code */
	cfg.printer_cut = false;
	assert_int_equal(receipt_service_slip(&cfg, e, NULL, true, &job, &len), SP_OK);
	assert_true(testutil_has(job, len, "REPRINT"));
	assert_false(testutil_has(job, len, "\x1d(k"));
	assert_false(testutil_has(job, len, "\x1dV"));
	free(job);

	/* GB18030: 值班 is D6 B5 B0 E0 */
	config_for(&cfg, "gb18030", "raster");
	assert_int_equal(receipt_service_slip(&cfg, e, "https://e.org/p", false,
					      &job, &len), SP_OK);
	assert_true(testutil_has(job, len, "\xd6\xb5\xb0\xe0"));
	assert_false(testutil_has(job, len, "值班"));
	assert_true(testutil_has(job, len, "\x1dv0"));
	free(job);
	entry_free(e);
}

static void test_open_entry_slip(void **state)
{
	struct fixture *f = *state;
	struct config cfg;
	struct entry *e = NULL;
	unsigned char *job = NULL;
	size_t len = 0;

	config_for(&cfg, "utf-8", "raster");
	assert_int_equal(entry_get(f->db, f->entry2, &e), SP_OK);
	assert_int_equal(receipt_service_slip(&cfg, e, NULL, false, &job, &len), SP_OK);
	assert_true(testutil_has(job, len, "李*"));
	assert_true(testutil_has(job, len, "in progress"));
	free(job);
	entry_free(e);
}

static void test_brand_card_and_test_page(void **state)
{
	struct config cfg;
	struct brand brand = {
		.name = (char *)"红色驿站",
		.slogan = (char *)"党员亮身份 服务暖人心",
		.concept = (char *)"把服务送到群众家门口",
		.profile_url = (char *)"",
	};
	unsigned char *job = NULL;
	size_t len = 0;
	(void)state;

	config_for(&cfg, "utf-8", "raster");
	assert_int_equal(receipt_brand_card(&cfg, &brand, "https://e.org/b", &job, &len), SP_OK);
	assert_true(testutil_has(job, len, "红色驿站"));
	assert_true(testutil_has(job, len, "党员亮身份 服务暖人心"));
	assert_true(testutil_has(job, len, "把服务送到群众家门口"));
	assert_true(testutil_has(job, len, "\x1dv0"));
	assert_true(testutil_has(job, len, "Scan the QR code"));
	free(job);

	config_for(&cfg, "gb18030", "native");
	assert_int_equal(receipt_test_page(&cfg, NULL, &job, &len), SP_OK);
	/* 中文测试 in GB18030 */
	assert_true(testutil_has(job, len, "\xd6\xd0\xce\xc4\xb2\xe2\xca\xd4"));
	/* the ruler is exactly 32 columns on 58 mm paper */
	assert_true(testutil_has(job, len,
				 "\n----+----|----+----|----+----|--\n"));
	assert_true(testutil_has(job, len,
				 "\n12345678901234567890123456789012\n"));
	assert_true(testutil_has(job, len,
				 "https://example.org/svcpoint-test"));
	free(job);

	/* an address too long for any QR code fails the whole job */
	{
		char *big = malloc(5000);
		memset(big, 'a', 4999);
		big[4999] = '\0';
		assert_int_equal(receipt_test_page(&cfg, big, &job, &len), SP_ERR_INVALID);
		assert_null(job);
		free(big);
	}
}

static void test_log_appends_audit_row(void **state)
{
	struct fixture *f = *state;
	int64_t before = audit_count(f->db), bad = 0;

	assert_int_equal(receipt_log(f->db, NULL, RECEIPT_ACTION_FAILED, f->entry,
				     "cannot open the printer /dev/null/x"), SP_OK);
	assert_int_equal(receipt_log(f->db, NULL, RECEIPT_ACTION_REPRINT, f->entry,
				     NULL), SP_OK);
	assert_int_equal(audit_count(f->db), before + 2);
	assert_int_equal(audit_verify(f->db, &bad), SP_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mask_names),
		cmocka_unit_test_setup_teardown(test_find_entry_by_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_service_slip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_entry_slip, setup, teardown),
		cmocka_unit_test(test_brand_card_and_test_page),
		cmocka_unit_test_setup_teardown(test_log_appends_audit_row, setup, teardown),
	};
	testutil_init();
	return cmocka_run_group_tests_name("receipt", tests, NULL, NULL);
}
