/* test_escpos.c — the exact bytes of ESC/POS jobs: reset, text in GB18030
 * and UTF-8, styles, cut, the bit-image QR header and pixels, and the
 * native QR functions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "escpos.h"
#include "qr.h"
#include "testutil.h"

static struct escpos *job_new(const char *encoding, int width)
{
	struct escpos *job = NULL;
	assert_int_equal(escpos_new(encoding, width, &job), SP_OK);
	assert_non_null(job);
	return job;
}

static void assert_bytes(const struct escpos *job, const void *want,
			 size_t want_len)
{
	size_t len;
	const unsigned char *data = escpos_data(job, &len);
	assert_int_equal(len, want_len);
	assert_memory_equal(data, want, want_len);
}

static void test_init_and_cut(void **state)
{
	struct escpos *job = job_new("gb18030", 384);
	(void)state;
	/* ESC @, then FS & (Chinese character mode) for a GB18030 printer */
	assert_int_equal(escpos_init(job), SP_OK);
	assert_int_equal(escpos_cut(job), SP_OK);
	assert_bytes(job, "\x1b\x40\x1c\x26\x1d\x56\x42\x00", 8);
	escpos_free(job);

	job = job_new("utf-8", 576);
	escpos_init(job);
	assert_bytes(job, "\x1b\x40", 2);
	assert_int_equal(escpos_columns(job), 48);
	escpos_free(job);
	escpos_free(NULL);
}

static void test_new_refuses_bad_settings(void **state)
{
	struct escpos *job = (struct escpos *)1;
	(void)state;
	assert_int_equal(escpos_new("latin1", 384, &job), SP_ERR_INVALID);
	assert_null(job);
	assert_int_equal(escpos_new("gb18030", 0, &job), SP_ERR_INVALID);
}

static void test_styles(void **state)
{
	struct escpos *job = job_new("utf-8", 384);
	(void)state;
	escpos_align(job, ESCPOS_CENTRE);
	escpos_bold(job, true);
	escpos_size(job, 2, 2);
	escpos_size(job, 1, 3);
	escpos_bold(job, false);
	escpos_feed(job, 3);
	assert_int_equal(escpos_status(job), SP_OK);
	assert_bytes(job, "\x1b\x61\x01" "\x1b\x45\x01" "\x1d\x21\x11"
			  "\x1d\x21\x02" "\x1b\x45\x00" "\x1b\x64\x03", 18);
	/* a size out of range poisons the job */
	assert_int_equal(escpos_size(job, 9, 1), SP_ERR_INVALID);
	assert_int_equal(escpos_bold(job, true), SP_ERR_INVALID);
	assert_int_equal(escpos_status(job), SP_ERR_INVALID);
	escpos_free(job);
}

static void test_text_is_converted_and_cleaned(void **state)
{
	struct escpos *job = job_new("gb18030", 384);
	unsigned char *out = NULL;
	size_t len = 0;
	(void)state;
	/* 中文 in GB18030 is D6 D0 CE C4 */
	assert_int_equal(escpos_line(job, "中文A"), SP_OK);
	assert_bytes(job, "\xd6\xd0\xce\xc4" "A\n", 6);
	escpos_free(job);

	job = job_new("utf-8", 384);
	escpos_text(job, "中");
	assert_bytes(job, "\xe4\xb8\xad", 3);
	escpos_free(job);

	/* no command can ride in on text: ESC becomes '?' */
	job = job_new("gb18030", 384);
	escpos_text(job, "a\x1b@b\x1dV\x7f");
	assert_bytes(job, "a?@b?V?", 7);
	/* an invalid UTF-8 byte becomes '?' too */
	escpos_text(job, "\xff" "x");
	assert_bytes(job, "a?@b?V??x", 9);
	assert_int_equal(escpos_take(job, &out, &len), SP_OK);
	assert_int_equal(len, 9);
	assert_memory_equal(out, "a?@b?V??x", 9);
	free(out);
	escpos_free(job);
}

static void test_raster_header_and_pixels(void **state)
{
	struct escpos *job = job_new("gb18030", 384);
	struct qr *qr = NULL;
	const unsigned char *data;
	size_t len;
	int side, dots, height, left;
	(void)state;
	assert_int_equal(qr_encode("https://e.org/", QR_EC_M, &qr), SP_OK);
	assert_int_equal(escpos_qr_raster(job, qr, 0, 4), SP_OK);
	side = qr->size + 8;
	dots = 384 / side > 8 ? 8 : 384 / side;
	height = side * dots;
	left = (384 - height) / 2;
	data = escpos_data(job, &len);
	/* GS v 0 m xL xH yL yH: 48 bytes (384 dots) wide, height dots high */
	assert_int_equal(len, 8 + 48 * (size_t)height + 1);
	assert_int_equal(data[0], 0x1d);
	assert_int_equal(data[1], 0x76);
	assert_int_equal(data[2], 0x30);
	assert_int_equal(data[3], 0);
	assert_int_equal(data[4], 48);
	assert_int_equal(data[5], 0);
	assert_int_equal(data[6], height & 0xff);
	assert_int_equal(data[7], height >> 8);
	assert_int_equal(data[len - 1], '\n');
	/* the top quiet zone is blank; the finder's corner is printed */
	for (int i = 0; i < 48 * 4 * dots; i++)
		assert_int_equal(data[8 + i], 0);
	{
		const unsigned char *row = data + 8 + (size_t)48 * 4 * dots;
		int x = left + 4 * dots;
		assert_true(row[x >> 3] & (0x80 >> (x & 7)));
		x--;
		assert_false(row[x >> 3] & (0x80 >> (x & 7)));
	}
	escpos_free(job);

	/* a fixed module size too big for the paper is refused */
	job = job_new("gb18030", 384);
	assert_int_equal(escpos_qr_raster(job, qr, 20, 4), SP_ERR_INVALID);
	escpos_free(job);
	qr_free(qr);
}

static void test_native_qr_functions(void **state)
{
	struct escpos *job = job_new("gb18030", 384);
	static const unsigned char want[] = {
		/* 165: model 2 */
		0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00,
		/* 167: module size 6 */
		0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, 0x06,
		/* 169: level M */
		0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x31,
		/* 180: store, pL pH = 3 + data */
		0x1d, 0x28, 0x6b, 0x05, 0x00, 0x31, 0x50, 0x30, 'A', 'B',
		/* 181: print */
		0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30,
		0x0a,
	};
	char big[301];
	const unsigned char *data;
	size_t len;
	(void)state;
	assert_int_equal(escpos_qr_native(job, "AB", 6, QR_EC_M), SP_OK);
	assert_bytes(job, want, sizeof want);
	escpos_free(job);

	/* a 300-byte payload: pL pH = 303 = 0x12f */
	memset(big, 'x', 300);
	big[300] = '\0';
	job = job_new("gb18030", 384);
	assert_int_equal(escpos_qr_native(job, big, 8, QR_EC_H), SP_OK);
	data = escpos_data(job, &len);
	assert_int_equal(data[24], 0x33);         /* level H */
	assert_int_equal(data[25 + 3], 0x2f);
	assert_int_equal(data[25 + 4], 0x01);
	assert_int_equal(data[25 + 6], 0x50);
	escpos_free(job);

	job = job_new("gb18030", 384);
	assert_int_equal(escpos_qr_native(job, "AB", 17, QR_EC_M), SP_ERR_INVALID);
	escpos_free(job);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_and_cut),
		cmocka_unit_test(test_new_refuses_bad_settings),
		cmocka_unit_test(test_styles),
		cmocka_unit_test(test_text_is_converted_and_cleaned),
		cmocka_unit_test(test_raster_header_and_pixels),
		cmocka_unit_test(test_native_qr_functions),
	};
	testutil_init();
	return cmocka_run_group_tests_name("escpos", tests, NULL, NULL);
}
