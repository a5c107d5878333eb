/* qr.c — owns QR encoding (through libqrencode, never by hand), the
 * profile address builder and the text, PNG and SVG renderings.
 *
 * It must never draw with curses (the TUI asks qr_is_dark() and
 * qr_half_block() and draws itself) and never touch the store: the brand's
 * address is passed in. Every rendering is dark-on-light with a quiet zone,
 * because a phone reader needs both. */
#include "qr.h"

#include <errno.h>
#include <png.h>
#include <qrencode.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A PNG side larger than this is a mistake, not a poster. */
#define QR_PNG_MAX_SIDE 20000
#define QR_MODULE_PX_MAX 100

enum sp_status qr_encode(const char *text, enum qr_ec ec, struct qr **out)
{
	static const QRecLevel levels[] = {QR_ECLEVEL_L, QR_ECLEVEL_M,
					   QR_ECLEVEL_Q, QR_ECLEVEL_H};
	QRcode *code;
	struct qr *qr;
	size_t n;

	*out = NULL;
	if (!text || !*text || (unsigned)ec > QR_EC_H)
		return SP_ERR_INVALID;
	/* 8-bit mode with case kept, as the qrencode tool does by default;
	 * libqrencode still picks numeric and alphanumeric runs where they
	 * make the symbol smaller. */
	errno = 0;
	code = QRcode_encodeString(text, 0, levels[ec], QR_MODE_8, 1);
	if (!code)
		return errno == ENOMEM ? SP_ERR_NOMEM : SP_ERR_INVALID;
	qr = calloc(1, sizeof *qr);
	n = (size_t)code->width * (size_t)code->width;
	if (qr)
		qr->dark = malloc(n);
	if (!qr || !qr->dark) {
		free(qr);
		QRcode_free(code);
		return SP_ERR_NOMEM;
	}
	qr->size = code->width;
	qr->version = code->version;
	qr->ec = ec;
	/* libqrencode keeps extra flags in the upper bits; bit 0 is the
	 * colour. */
	for (size_t i = 0; i < n; i++)
		qr->dark[i] = code->data[i] & 1;
	QRcode_free(code);
	*out = qr;
	return SP_OK;
}

void qr_free(struct qr *qr)
{
	if (!qr)
		return;
	free(qr->dark);
	free(qr);
}

bool qr_is_dark(const struct qr *qr, int row, int col)
{
	if (row < 0 || col < 0 || row >= qr->size || col >= qr->size)
		return false;
	return qr->dark[(size_t)row * (size_t)qr->size + (size_t)col] != 0;
}

enum sp_status qr_ec_parse(const char *name, enum qr_ec *out)
{
	static const char letters[] = "LMQH";
	const char *hit;

	if (!name || !name[0] || name[1])
		return SP_ERR_INVALID;
	hit = strchr(letters, name[0] & ~0x20);
	if (!hit || !*hit)
		return SP_ERR_INVALID;
	*out = (enum qr_ec)(hit - letters);
	return SP_OK;
}

char qr_ec_letter(enum qr_ec ec)
{
	return (unsigned)ec <= QR_EC_H ? "LMQH"[ec] : '?';
}

/* ---- addresses ---------------------------------------------------------- */

static bool qr_is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

/* RFC 3986 unreserved characters plus the reserved ones, which keep their
 * meaning in the address as typed. */
static bool qr_url_keeps(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return true;
	return c && strchr("-._~:/?#[]@!$&'()*+,;=", c) != NULL;
}

/* Appends s to buf[len..], percent-encoding what a query value must not
 * hold raw when component is true, else what an address must not. The
 * caller sized buf for the worst case (three bytes per input byte). */
static size_t qr_encode_into(char *buf, size_t len, const char *s,
			     bool component)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		bool keep;
		if (component)
			keep = (*p >= 'a' && *p <= 'z') ||
			       (*p >= 'A' && *p <= 'Z') ||
			       (*p >= '0' && *p <= '9') || strchr("-._~", *p);
		else if (*p == '%')
			keep = qr_is_hex(p[1]) && qr_is_hex(p[2]);
		else
			keep = qr_url_keeps(*p);
		if (keep) {
			buf[len++] = (char)*p;
		} else {
			buf[len++] = '%';
			buf[len++] = hex[*p >> 4];
			buf[len++] = hex[*p & 15];
		}
	}
	buf[len] = '\0';
	return len;
}

enum sp_status qr_url_encode_dup(const char *url, char **out)
{
	size_t n;

	*out = NULL;
	if (!url)
		return SP_ERR_INVALID;
	n = strlen(url);
	if (n > (SIZE_MAX - 1) / 3)
		return SP_ERR_NOMEM;
	*out = malloc(3 * n + 1);
	if (!*out)
		return SP_ERR_NOMEM;
	qr_encode_into(*out, 0, url, false);
	return SP_OK;
}

/* True when the query part (between '?' and '#') already names a station
 * parameter, so tagging does not add a second one. */
static bool qr_query_has_station(const char *query, size_t len)
{
	static const char key[] = "station=";
	size_t klen = sizeof key - 1;

	for (size_t i = 0; i + klen <= len; i++) {
		if ((i == 0 || query[i - 1] == '&' || query[i - 1] == ';') &&
		    strncmp(query + i, key, klen) == 0)
			return true;
	}
	return false;
}

enum sp_status qr_profile_url_dup(const struct config *cfg,
				  const char *brand_url, char **out)
{
	const char *url = brand_url && *brand_url ? brand_url : cfg->profile_url;
	char *encoded = NULL, *tagged;
	size_t hash, query_at, len, need;
	enum sp_status status;
	bool has_query, tag;

	*out = NULL;
	if (!url || !*url)
		return SP_ERR_NOT_FOUND;
	status = qr_url_encode_dup(url, &encoded);
	if (status != SP_OK)
		return status;
	len = strlen(encoded);
	hash = strcspn(encoded, "#");
	query_at = strcspn(encoded, "?");
	has_query = query_at < hash;
	tag = cfg->tag_station && cfg->station_id[0] &&
	      !(has_query && qr_query_has_station(encoded + query_at + 1,
						  hash - query_at - 1));
	if (!tag) {
		*out = encoded;
		return SP_OK;
	}
	/* "?station=" or "&station=", then the id encoded as a value */
	need = len + 9 + 3 * strlen(cfg->station_id) + 1;
	tagged = malloc(need);
	if (!tagged) {
		free(encoded);
		return SP_ERR_NOMEM;
	}
	memcpy(tagged, encoded, hash);
	len = hash;
	/* "...?" with nothing after it needs no separator */
	if (!has_query)
		tagged[len++] = '?';
	else if (hash > query_at + 1 && encoded[hash - 1] != '&')
		tagged[len++] = '&';
	memcpy(tagged + len, "station=", 8);
	len = qr_encode_into(tagged, len + 8, cfg->station_id, true);
	memcpy(tagged + len, encoded + hash, strlen(encoded + hash) + 1);
	free(encoded);
	*out = tagged;
	return SP_OK;
}

/* ---- terminal text ------------------------------------------------------- */

void qr_render_extent(const struct qr *qr, int quiet, bool wide, int *cols,
		      int *rows)
{
	int side = qr->size + 2 * quiet;

	*cols = wide ? 2 * side : side;
	*rows = wide ? side : (side + 1) / 2;
}

const char *qr_half_block(bool top_dark, bool bottom_dark)
{
	if (top_dark)
		return bottom_dark ? "\u2588" : "\u2580";
	return bottom_dark ? "\u2584" : " ";
}

char *qr_render_utf8_dup(const struct qr *qr, int quiet)
{
	int cols, rows;
	size_t cap, len = 0;
	char *buf;

	if (quiet < 0)
		quiet = 0;
	qr_render_extent(qr, quiet, false, &cols, &rows);
	/* at most three bytes a cell, plus the newline */
	cap = (size_t)rows * ((size_t)cols * 3 + 1) + 1;
	buf = malloc(cap);
	if (!buf)
		return NULL;
	for (int line = 0; line < rows; line++) {
		int top = 2 * line - quiet;
		for (int col = -quiet; col < qr->size + quiet; col++) {
			const char *cell = qr_half_block(
				qr_is_dark(qr, top, col),
				qr_is_dark(qr, top + 1, col));
			size_t n = strlen(cell);
			memcpy(buf + len, cell, n);
			len += n;
		}
		buf[len++] = '\n';
	}
	buf[len] = '\0';
	return buf;
}

char *qr_render_ansi_dup(const struct qr *qr, int quiet)
{
	static const char black[] = "\033[40m", white[] = "\033[47m",
			  reset[] = "\033[0m\n";
	int side;
	size_t cap, len = 0;
	char *buf;

	if (quiet < 0)
		quiet = 0;
	side = qr->size + 2 * quiet;
	/* worst case a colour change before every module */
	cap = (size_t)side * ((size_t)side * (sizeof black - 1 + 2) +
			      sizeof reset) + 1;
	buf = malloc(cap);
	if (!buf)
		return NULL;
	for (int row = -quiet; row < qr->size + quiet; row++) {
		int current = -1;
		for (int col = -quiet; col < qr->size + quiet; col++) {
			int dark = qr_is_dark(qr, row, col);
			if (dark != current) {
				memcpy(buf + len, dark ? black : white,
				       sizeof black - 1);
				len += sizeof black - 1;
				current = dark;
			}
			buf[len++] = ' ';
			buf[len++] = ' ';
		}
		memcpy(buf + len, reset, sizeof reset - 1);
		len += sizeof reset - 1;
	}
	buf[len] = '\0';
	return buf;
}

/* ---- PNG ----------------------------------------------------------------- */

/* Below this many bytes of raw image zlib's defaults are tuned down. */
#define QR_PNG_SMALL_RAW (32 * 1024)

/* libpng's zlib defaults (level 6, memory level 8) allocate and clear a
 * 64 KB hash table even for the 2 KB of a small code: a few per cent of
 * all `svcpoint qr` does. A small image gets a table of about one entry a
 * byte and level 5: the files come out within a few bytes of the defaults'
 * (docs/performance.md). Larger images keep the defaults, which compress
 * them best. */
static void qr_png_tune_zlib(png_structp png, size_t raw_bytes)
{
	int mem_level = 1;

	if (raw_bytes > QR_PNG_SMALL_RAW)
		return;
	while (((size_t)1 << (mem_level + 7)) < raw_bytes)
		mem_level++;
	png_set_compression_mem_level(png, mem_level);
	png_set_compression_level(png, 5);
}

/* The rows, after the setjmp in qr_write_png: a libpng error jumps back
 * there, so nothing here needs to survive a longjmp. */
static void qr_png_rows(png_structp png, const struct qr *qr, int module_px,
			int quiet, unsigned char *row, size_t row_bytes)
{
	int side = qr->size + 2 * quiet;

	for (int m = 0; m < side; m++) {
		/* 1-bit grey: a set bit is white */
		memset(row, 0xff, row_bytes);
		for (int c = 0; c < side; c++) {
			if (!qr_is_dark(qr, m - quiet, c - quiet))
				continue;
			for (int px = c * module_px; px < (c + 1) * module_px; px++)
				row[px >> 3] &= (unsigned char)~(0x80u >> (px & 7));
		}
		for (int i = 0; i < module_px; i++)
			png_write_row(png, row);
	}
}

enum sp_status qr_write_png(const struct qr *qr, int module_px, int quiet,
			    FILE *out)
{
	png_structp png;
	png_infop info;
	unsigned char *row;
	size_t side, row_bytes;

	if (module_px < 1 || module_px > QR_MODULE_PX_MAX || quiet < 0)
		return SP_ERR_INVALID;
	side = (size_t)(qr->size + 2 * quiet) * (size_t)module_px;
	if (side > QR_PNG_MAX_SIDE)
		return SP_ERR_INVALID;
	row_bytes = (side + 7) / 8;
	row = malloc(row_bytes);
	if (!row)
		return SP_ERR_NOMEM;
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	info = png ? png_create_info_struct(png) : NULL;
	if (!info) {
		png_destroy_write_struct(&png, NULL);
		free(row);
		return SP_ERR_NOMEM;
	}
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		free(row);
		return SP_ERR_IO;
	}
	png_init_io(png, out);
	png_set_IHDR(png, info, (png_uint_32)side, (png_uint_32)side, 1,
		     PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
		     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	/* Row filters do nothing for a 1-bit image but cost time. */
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
	qr_png_tune_zlib(png, (row_bytes + 1) * side);
	png_write_info(png, info);
	qr_png_rows(png, qr, module_px, quiet, row, row_bytes);
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	free(row);
	return fflush(out) == 0 && !ferror(out) ? SP_OK : SP_ERR_IO;
}

/* ---- SVG ----------------------------------------------------------------- */

enum sp_status qr_write_svg(const struct qr *qr, int module_px, int quiet,
			    FILE *out)
{
	int side;

	if (module_px < 1 || module_px > QR_MODULE_PX_MAX || quiet < 0)
		return SP_ERR_INVALID;
	side = qr->size + 2 * quiet;
	fprintf(out,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\""
		" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
		" shape-rendering=\"crispEdges\">\n"
		"<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n"
		"<path fill=\"#000000\" d=\"",
		side * module_px, side * module_px, side, side, side, side);
	/* One closed rectangle per horizontal run of dark modules. */
	for (int row = 0; row < qr->size; row++) {
		int col = 0;
		while (col < qr->size) {
			int start;
			if (!qr_is_dark(qr, row, col)) {
				col++;
				continue;
			}
			start = col;
			while (col < qr->size && qr_is_dark(qr, row, col))
				col++;
			fprintf(out, "M%d,%dh%dv1h-%dz", start + quiet,
				row + quiet, col - start, col - start);
		}
	}
	fputs("\"/>\n</svg>\n", out);
	return fflush(out) == 0 && !ferror(out) ? SP_OK : SP_ERR_IO;
}
