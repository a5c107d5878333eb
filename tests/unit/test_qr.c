/* test_qr.c — profile addresses (percent-encoding, the station tag), QR
 * encoding, and the terminal, PNG and SVG renderings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "qr.h"
#include "testutil.h"
#include "text.h"

static char *encode(const char *url)
{
	char *out = NULL;
	assert_int_equal(qr_url_encode_dup(url, &out), SP_OK);
	return out;
}

static void test_percent_encoding_of_unsafe_bytes(void **state)
{
	char *s;
	(void)state;
	s = encode("https://example.org/品牌/主页");
	assert_string_equal(s, "https://example.org/%E5%93%81%E7%89%8C/%E4%B8%BB%E9%A1%B5");
	free(s);
	s = encode("https://e.org/a b\"<>\\^`{|}");
	assert_string_equal(s, "https://e.org/a%20b%22%3C%3E%5C%5E%60%7B%7C%7D");
	free(s);
	/* reserved characters keep their meaning; an escape stays one */
	s = encode("https://u@e.org:8080/p;x?a=1&b=%41+c#f!$'()*,[]~");
	assert_string_equal(s, "https://u@e.org:8080/p;x?a=1&b=%41+c#f!$'()*,[]~");
	free(s);
	/* a lone percent sign is not an escape */
	s = encode("https://e.org/100%/x%4");
	assert_string_equal(s, "https://e.org/100%25/x%254");
	free(s);
	/* encoding twice changes nothing */
	s = encode("https://example.org/%E5%93%81");
	assert_string_equal(s, "https://example.org/%E5%93%81");
	free(s);
}

static void tag_config(struct config *cfg, const char *url, bool tag)
{
	config_defaults(cfg);
	snprintf(cfg->profile_url, sizeof cfg->profile_url, "%s", url);
	snprintf(cfg->station_id, sizeof cfg->station_id, "test-001");
	cfg->tag_station = tag;
}

static void check_profile(const char *cfg_url, const char *brand_url,
			  bool tag, const char *want)
{
	struct config cfg;
	char *url = NULL;

	tag_config(&cfg, cfg_url, tag);
	assert_int_equal(qr_profile_url_dup(&cfg, brand_url, &url), SP_OK);
	assert_string_equal(url, want);
	free(url);
}

static void test_station_tag(void **state)
{
	struct config cfg;
	char *url = (char *)"x";
	(void)state;
	check_profile("https://e.org/p", NULL, false, "https://e.org/p");
	check_profile("https://e.org/p", NULL, true, "https://e.org/p?station=test-001");
	check_profile("https://e.org/p?a=1", NULL, true,
		      "https://e.org/p?a=1&station=test-001");
	check_profile("https://e.org/p?", NULL, true, "https://e.org/p?station=test-001");
	check_profile("https://e.org/p?a=1&", NULL, true,
		      "https://e.org/p?a=1&station=test-001");
	check_profile("https://e.org/p#top", NULL, true,
		      "https://e.org/p?station=test-001#top");
	check_profile("https://e.org/p?a=1#top", NULL, true,
		      "https://e.org/p?a=1&station=test-001#top");
	/* not twice */
	check_profile("https://e.org/p?station=x", NULL, true, "https://e.org/p?station=x");
	/* "substation=" is another parameter */
	check_profile("https://e.org/p?substation=x", NULL, true,
		      "https://e.org/p?substation=x&station=test-001");
	/* the brand's own address wins over the configuration's */
	check_profile("https://e.org/cfg", "https://e.org/brand", true,
		      "https://e.org/brand?station=test-001");
	check_profile("https://e.org/cfg", "", false, "https://e.org/cfg");
	/* Chinese in the address and in the station id are encoded */
	tag_config(&cfg, "https://e.org/党建", true);
	snprintf(cfg.station_id, sizeof cfg.station_id, "站 1&2");
	assert_int_equal(qr_profile_url_dup(&cfg, NULL, &url), SP_OK);
	assert_string_equal(url, "https://e.org/%E5%85%9A%E5%BB%BA?station=%E7%AB%99%201%262");
	free(url);
	/* no address at all */
	tag_config(&cfg, "", true);
	url = (char *)"x";
	assert_int_equal(qr_profile_url_dup(&cfg, NULL, &url), SP_ERR_NOT_FOUND);
	assert_null(url);
}

static struct qr *make(const char *text, enum qr_ec ec)
{
	struct qr *qr = NULL;
	assert_int_equal(qr_encode(text, ec, &qr), SP_OK);
	assert_non_null(qr);
	return qr;
}

static void test_matrix_grows_with_ec(void **state)
{
	char url[101];
	int last = 0;
	(void)state;
	memset(url, 'a', sizeof url - 1);
	memcpy(url, "https://example.org/", 20);
	url[100] = '\0';
	for (enum qr_ec ec = QR_EC_L; ec <= QR_EC_H; ec++) {
		struct qr *qr = make(url, ec);
		assert_int_equal(qr->size, 17 + 4 * qr->version);
		assert_int_equal(qr->ec, ec);
		/* every level needs more room for the same 100 bytes */
		assert_true(qr->size > last);
		last = qr->size;
		qr_free(qr);
	}
	/* a short address fits version 1 or 2 at L */
	struct qr *small = make("https://e.org/", QR_EC_L);
	assert_true(small->version <= 2);
	qr_free(small);
}

static void test_encode_refuses_empty_and_too_long(void **state)
{
	struct qr *qr = (struct qr *)1;
	char *big = malloc(4001);
	(void)state;
	assert_int_equal(qr_encode("", QR_EC_M, &qr), SP_ERR_INVALID);
	assert_null(qr);
	memset(big, 'x', 4000);
	big[4000] = '\0';
	/* 4000 bytes exceed version 40 at level H (1273 bytes) */
	assert_int_equal(qr_encode(big, QR_EC_H, &qr), SP_ERR_INVALID);
	free(big);
	qr_free(NULL);
}

static void test_is_dark_outside_is_light(void **state)
{
	struct qr *qr = make("https://e.org/", QR_EC_M);
	(void)state;
	/* the finder pattern's corner is dark, the quiet zone light */
	assert_true(qr_is_dark(qr, 0, 0));
	assert_true(qr_is_dark(qr, qr->size - 1, 0));
	assert_false(qr_is_dark(qr, -1, 0));
	assert_false(qr_is_dark(qr, 0, -1));
	assert_false(qr_is_dark(qr, qr->size, 0));
	assert_false(qr_is_dark(qr, 0, qr->size));
	qr_free(qr);
}

static void test_ec_parse(void **state)
{
	enum qr_ec ec;
	(void)state;
	assert_int_equal(qr_ec_parse("L", &ec), SP_OK);
	assert_int_equal(ec, QR_EC_L);
	assert_int_equal(qr_ec_parse("q", &ec), SP_OK);
	assert_int_equal(ec, QR_EC_Q);
	assert_int_equal(qr_ec_parse("H", &ec), SP_OK);
	assert_int_equal(ec, QR_EC_H);
	assert_int_equal(qr_ec_parse("X", &ec), SP_ERR_INVALID);
	assert_int_equal(qr_ec_parse("MM", &ec), SP_ERR_INVALID);
	assert_int_equal(qr_ec_parse("", &ec), SP_ERR_INVALID);
	assert_int_equal(qr_ec_letter(QR_EC_M), 'M');
}

/* The module at (row, col) of the half-block rendering, read back. */
static bool utf8_module(const char *text, int side, int row, int col)
{
	const char *line = text;
	const char *cell;
	for (int i = 0; i < row / 2; i++)
		line = strchr(line, '\n') + 1;
	cell = line;
	for (int i = 0; i < col; i++)
		cell += text_char_bytes(cell);
	(void)side;
	if (strncmp(cell, "\u2588", 3) == 0)
		return true;
	if (strncmp(cell, "\u2580", 3) == 0)
		return row % 2 == 0;
	if (strncmp(cell, "\u2584", 3) == 0)
		return row % 2 == 1;
	return false;
}

static void test_utf8_render(void **state)
{
	struct qr *qr = make("https://example.org/brand/demo", QR_EC_M);
	int q = QR_QUIET_TERMINAL, side = qr->size + 2 * q, cols, rows, lines = 0;
	char *text = qr_render_utf8_dup(qr, q);
	char *copy, *save = NULL;
	(void)state;

	assert_non_null(text);
	qr_render_extent(qr, q, false, &cols, &rows);
	assert_int_equal(cols, side);
	assert_int_equal(rows, (side + 1) / 2);
	copy = strdup(text);
	for (char *line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		const char *p = line;
		lines++;
		assert_int_equal(text_width(line), side);
		/* only spaces and the three half/full blocks */
		while (*p) {
			size_t n = text_char_bytes(p);
			assert_true(*p == ' ' || (n == 3 && (strncmp(p, "\u2580", 3) == 0 ||
							     strncmp(p, "\u2584", 3) == 0 ||
							     strncmp(p, "\u2588", 3) == 0)));
			p += n;
		}
		/* quiet zone left and right: q spaces */
		assert_memory_equal(line, "  ", 2);
		assert_memory_equal(line + strlen(line) - 2, "  ", 2);
	}
	free(copy);
	assert_int_equal(lines, rows);
	/* the first line is two light rows: all spaces */
	for (int i = 0; i < side; i++)
		assert_int_equal(text[i], ' ');
	/* every module reads back */
	for (int r = -q; r < qr->size + q; r++)
		for (int c = -q; c < qr->size + q; c++)
			assert_int_equal(utf8_module(text, side, r + q, c + q),
					 qr_is_dark(qr, r, c));
	free(text);
	qr_free(qr);
}

static void test_ansi_render_is_wide_and_coloured(void **state)
{
	struct qr *qr = make("https://e.org/", QR_EC_L);
	char *text = qr_render_ansi_dup(qr, 2);
	int cols, rows, lines = 0;
	(void)state;
	assert_non_null(text);
	qr_render_extent(qr, 2, true, &cols, &rows);
	assert_int_equal(cols, 2 * (qr->size + 4));
	assert_int_equal(rows, qr->size + 4);
	assert_non_null(strstr(text, "\033[40m"));
	assert_non_null(strstr(text, "\033[47m"));
	assert_null(strstr(text, "\u2588"));
	for (const char *p = text; (p = strchr(p, '\n')); p++)
		lines++;
	assert_int_equal(lines, rows);
	free(text);
	qr_free(qr);
}

static void test_half_block_glyphs(void **state)
{
	(void)state;
	assert_string_equal(qr_half_block(false, false), " ");
	assert_string_equal(qr_half_block(true, false), "\u2580");
	assert_string_equal(qr_half_block(false, true), "\u2584");
	assert_string_equal(qr_half_block(true, true), "\u2588");
}

static void test_png_header(void **state)
{
	struct qr *qr = make("https://e.org/", QR_EC_M);
	unsigned char head[24];
	FILE *f = tmpfile();
	uint32_t w, h;
	(void)state;
	assert_non_null(f);
	assert_int_equal(qr_write_png(qr, 3, 4, f), SP_OK);
	rewind(f);
	assert_int_equal(fread(head, 1, sizeof head, f), sizeof head);
	assert_memory_equal(head, "\x89PNG\r\n\x1a\n", 8);
	assert_memory_equal(head + 12, "IHDR", 4);
	w = (uint32_t)head[16] << 24 | head[17] << 16 | head[18] << 8 | head[19];
	h = (uint32_t)head[20] << 24 | head[21] << 16 | head[22] << 8 | head[23];
	assert_int_equal(w, (uint32_t)(qr->size + 8) * 3);
	assert_int_equal(h, w);
	assert_int_equal(qr_write_png(qr, 0, 4, f), SP_ERR_INVALID);
	fclose(f);
	qr_free(qr);
}

static void test_svg_is_crisp_paths(void **state)
{
	struct qr *qr = make("https://e.org/", QR_EC_M);
	char buf[65536], want[64];
	FILE *f = tmpfile();
	size_t n;
	(void)state;
	assert_int_equal(qr_write_svg(qr, 5, 4, f), SP_OK);
	rewind(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	assert_non_null(strstr(buf, "shape-rendering=\"crispEdges\""));
	snprintf(want, sizeof want, "viewBox=\"0 0 %d %d\"", qr->size + 8, qr->size + 8);
	assert_non_null(strstr(buf, want));
	snprintf(want, sizeof want, "width=\"%d\"", 5 * (qr->size + 8));
	assert_non_null(strstr(buf, want));
	/* the top-left finder starts with a run of 7 at the quiet zone */
	assert_non_null(strstr(buf, "d=\"M4,4h7v1h-7z"));
	qr_free(qr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_percent_encoding_of_unsafe_bytes),
		cmocka_unit_test(test_station_tag),
		cmocka_unit_test(test_matrix_grows_with_ec),
		cmocka_unit_test(test_encode_refuses_empty_and_too_long),
		cmocka_unit_test(test_is_dark_outside_is_light),
		cmocka_unit_test(test_ec_parse),
		cmocka_unit_test(test_utf8_render),
		cmocka_unit_test(test_ansi_render_is_wide_and_coloured),
		cmocka_unit_test(test_half_block_glyphs),
		cmocka_unit_test(test_png_header),
		cmocka_unit_test(test_svg_is_crisp_paths),
	};
	testutil_init();
	return cmocka_run_group_tests_name("qr", tests, NULL, NULL);
}
