/* escpos.c — owns the ESC/POS byte encoding of print jobs: every command
 * byte the project sends to a receipt printer is written here, and the
 * text conversion to the printer's character set (iconv).
 *
 * It must never open a device or a socket (printer.c does), and never let
 * user text reach the printer as a command: control characters are
 * replaced before conversion. */
#include "escpos.h"

#include "text.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ESC 0x1b
#define GS 0x1d
#define FS 0x1c
#define LF 0x0a

/* QR "function" numbers of GS ( k, cn = 49 (QR code) */
#define ESCPOS_QR_CN 49
#define ESCPOS_QR_MODEL 65
#define ESCPOS_QR_SIZE 67
#define ESCPOS_QR_LEVEL 69
#define ESCPOS_QR_STORE 80
#define ESCPOS_QR_PRINT 81
/* Function 180's data may be at most 7089 bytes (version 40, numeric). */
#define ESCPOS_QR_DATA_MAX 7089

struct escpos {
	unsigned char *buf;
	size_t len, cap;
	iconv_t cd;             /* (iconv_t)-1 for UTF-8 printers */
	int width_dots;
	enum sp_status status;  /* the first failure, sticky */
};

enum sp_status escpos_new(const char *encoding, int width_dots,
			  struct escpos **out)
{
	struct escpos *job;

	*out = NULL;
	if (!encoding || width_dots < 8 || width_dots > 4096)
		return SP_ERR_INVALID;
	job = calloc(1, sizeof *job);
	if (!job)
		return SP_ERR_NOMEM;
	job->cd = (iconv_t)-1;
	job->width_dots = width_dots;
	if (strcasecmp(encoding, "gb18030") == 0) {
		job->cd = iconv_open("GB18030", "UTF-8");
		if (job->cd == (iconv_t)-1) {
			free(job);
			return SP_ERR_INVALID;
		}
	} else if (strcasecmp(encoding, "utf-8") != 0 &&
		   strcasecmp(encoding, "utf8") != 0) {
		free(job);
		return SP_ERR_INVALID;
	}
	*out = job;
	return SP_OK;
}

void escpos_free(struct escpos *job)
{
	if (!job)
		return;
	if (job->cd != (iconv_t)-1)
		iconv_close(job->cd);
	free(job->buf);
	free(job);
}

int escpos_columns(const struct escpos *job)
{
	return job->width_dots / ESCPOS_CHAR_DOTS;
}

static enum sp_status escpos_fail(struct escpos *job, enum sp_status status)
{
	if (job->status == SP_OK)
		job->status = status;
	return job->status;
}

static bool escpos_reserve(struct escpos *job, size_t more)
{
	size_t cap;
	unsigned char *grown;

	if (more <= job->cap - job->len)
		return true;
	if (more > SIZE_MAX / 2 - job->len) {
		escpos_fail(job, SP_ERR_NOMEM);
		return false;
	}
	cap = job->cap ? job->cap : 256;
	while (cap - job->len < more)
		cap *= 2;
	grown = realloc(job->buf, cap);
	if (!grown) {
		escpos_fail(job, SP_ERR_NOMEM);
		return false;
	}
	job->buf = grown;
	job->cap = cap;
	return true;
}

enum sp_status escpos_raw(struct escpos *job, const void *bytes, size_t len)
{
	if (job->status != SP_OK)
		return job->status;
	if (!escpos_reserve(job, len))
		return job->status;
	if (len)
		memcpy(job->buf + job->len, bytes, len);
	job->len += len;
	return SP_OK;
}

enum sp_status escpos_init(struct escpos *job)
{
	static const unsigned char reset[] = {ESC, '@'};
	static const unsigned char chinese[] = {FS, '&'};

	escpos_raw(job, reset, sizeof reset);
	/* Chinese printers print GB18030 double bytes as one character only
	 * in Chinese character mode; most start in it, a few need telling. */
	if (job->cd != (iconv_t)-1)
		escpos_raw(job, chinese, sizeof chinese);
	return job->status;
}

enum sp_status escpos_align(struct escpos *job, enum escpos_align align)
{
	unsigned char cmd[] = {ESC, 'a', 0};

	if ((unsigned)align > ESCPOS_RIGHT)
		return escpos_fail(job, SP_ERR_INVALID);
	cmd[2] = (unsigned char)align;
	return escpos_raw(job, cmd, sizeof cmd);
}

enum sp_status escpos_bold(struct escpos *job, bool on)
{
	unsigned char cmd[] = {ESC, 'E', on ? 1 : 0};

	return escpos_raw(job, cmd, sizeof cmd);
}

enum sp_status escpos_size(struct escpos *job, int width, int height)
{
	unsigned char cmd[] = {GS, '!', 0};

	if (width < 1 || width > 8 || height < 1 || height > 8)
		return escpos_fail(job, SP_ERR_INVALID);
	cmd[2] = (unsigned char)(((width - 1) << 4) | (height - 1));
	return escpos_raw(job, cmd, sizeof cmd);
}

/* A copy of s with C0 controls (but newline) and DEL replaced by '?'.
 * Caller frees. */
static char *escpos_clean_dup(const char *s)
{
	char *copy = strdup(s);

	if (!copy)
		return NULL;
	for (unsigned char *p = (unsigned char *)copy; *p; p++)
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
			*p = '?';
	return copy;
}

/* Converts text (already clean) through the job's iconv into the buffer.
 * Bytes that are not UTF-8 become '?'. */
static enum sp_status escpos_convert(struct escpos *job, char *text)
{
	char *in = text;
	size_t in_left = strlen(text);

	iconv(job->cd, NULL, NULL, NULL, NULL);
	while (in_left > 0) {
		char *outp;
		size_t out_left, rc;

		/* GB18030 needs at most 4 bytes a character, UTF-8 at least
		 * one: 4 * input plus a little is always enough. */
		if (!escpos_reserve(job, 4 * in_left + 8))
			return job->status;
		outp = (char *)job->buf + job->len;
		out_left = job->cap - job->len;
		rc = iconv(job->cd, &in, &in_left, &outp, &out_left);
		job->len = (size_t)((unsigned char *)outp - job->buf);
		if (rc != (size_t)-1)
			break;
		if (errno == EILSEQ || errno == EINVAL) {
			/* invalid or truncated UTF-8: one '?' per bad byte */
			job->buf[job->len++] = '?';
			in++;
			in_left--;
		} else if (errno != E2BIG) {
			return escpos_fail(job, SP_ERR_INVALID);
		}
	}
	return SP_OK;
}

enum sp_status escpos_text(struct escpos *job, const char *utf8)
{
	char *clean;
	enum sp_status status;

	if (job->status != SP_OK)
		return job->status;
	if (!utf8)
		return escpos_fail(job, SP_ERR_INVALID);
	clean = escpos_clean_dup(utf8);
	if (!clean)
		return escpos_fail(job, SP_ERR_NOMEM);
	if (job->cd == (iconv_t)-1)
		status = escpos_raw(job, clean, strlen(clean));
	else
		status = escpos_convert(job, clean);
	free(clean);
	return status;
}

enum sp_status escpos_line(struct escpos *job, const char *utf8)
{
	static const unsigned char lf[] = {LF};

	escpos_text(job, utf8);
	return escpos_raw(job, lf, sizeof lf);
}

enum sp_status escpos_feed(struct escpos *job, int lines)
{
	unsigned char cmd[] = {ESC, 'd', 0};

	if (lines < 0 || lines > 255)
		return escpos_fail(job, SP_ERR_INVALID);
	cmd[2] = (unsigned char)lines;
	return escpos_raw(job, cmd, sizeof cmd);
}

enum sp_status escpos_qr_raster(struct escpos *job, const struct qr *qr,
				int module_dots, int quiet)
{
	static const unsigned char lf[] = {LF};
	unsigned char head[8] = {GS, 'v', '0', 0};
	size_t row_bytes = (size_t)job->width_dots / 8;
	int side, dots, left, height;
	unsigned char *img;

	if (job->status != SP_OK)
		return job->status;
	if (quiet < 0 || module_dots < 0)
		return escpos_fail(job, SP_ERR_INVALID);
	side = qr->size + 2 * quiet;
	dots = module_dots;
	if (dots == 0) {
		dots = (int)(row_bytes * 8) / side;
		if (dots > ESCPOS_QR_MAX_DOTS)
			dots = ESCPOS_QR_MAX_DOTS;
	}
	if (dots < 1 || (size_t)side * (size_t)dots > row_bytes * 8 ||
	    side * dots > 0xffff)
		return escpos_fail(job, SP_ERR_INVALID);
	height = side * dots;
	left = ((int)(row_bytes * 8) - height) / 2;
	/* GS v 0 m xL xH yL yH: width in bytes, height in dots */
	head[4] = (unsigned char)(row_bytes & 0xff);
	head[5] = (unsigned char)(row_bytes >> 8);
	head[6] = (unsigned char)(height & 0xff);
	head[7] = (unsigned char)(height >> 8);
	escpos_raw(job, head, sizeof head);
	if (!escpos_reserve(job, row_bytes * (size_t)height))
		return job->status;
	img = job->buf + job->len;
	memset(img, 0, row_bytes * (size_t)height);
	/* A set bit prints a dot. */
	for (int y = 0; y < height; y++) {
		unsigned char *row = img + (size_t)y * row_bytes;
		int my = y / dots - quiet;
		for (int mx = 0; mx < qr->size; mx++) {
			int x0;
			if (!qr_is_dark(qr, my, mx))
				continue;
			x0 = left + (mx + quiet) * dots;
			for (int x = x0; x < x0 + dots; x++)
				row[x >> 3] |= (unsigned char)(0x80u >> (x & 7));
		}
	}
	job->len += row_bytes * (size_t)height;
	return escpos_raw(job, lf, sizeof lf);
}

/* GS ( k pL pH cn fn [params]: pL pH count cn, fn and the params. */
static enum sp_status escpos_qr_function(struct escpos *job, int fn,
					 const void *params, size_t n)
{
	size_t count = n + 2;
	unsigned char head[] = {GS, '(', 'k', (unsigned char)(count & 0xff),
				(unsigned char)(count >> 8), ESCPOS_QR_CN,
				(unsigned char)fn};

	escpos_raw(job, head, sizeof head);
	return escpos_raw(job, params, n);
}

enum sp_status escpos_qr_native(struct escpos *job, const char *data,
				int module_size, enum qr_ec ec)
{
	static const unsigned char lf[] = {LF};
	unsigned char model[] = {'2', 0};     /* n1 = 50: model 2 */
	unsigned char size[] = {0};
	unsigned char level[] = {0};
	unsigned char print[] = {'0'};
	size_t n;
	unsigned char *store;

	if (job->status != SP_OK)
		return job->status;
	n = data ? strlen(data) : 0;
	if (n == 0 || n > ESCPOS_QR_DATA_MAX || module_size < 1 ||
	    module_size > ESCPOS_NATIVE_SIZE_MAX || (unsigned)ec > QR_EC_H)
		return escpos_fail(job, SP_ERR_INVALID);
	size[0] = (unsigned char)module_size;
	level[0] = (unsigned char)('0' + ec); /* 48 L, 49 M, 50 Q, 51 H */
	escpos_qr_function(job, ESCPOS_QR_MODEL, model, sizeof model);
	escpos_qr_function(job, ESCPOS_QR_SIZE, size, sizeof size);
	escpos_qr_function(job, ESCPOS_QR_LEVEL, level, sizeof level);
	/* function 180: m = 48, then the data */
	store = malloc(n + 1);
	if (!store)
		return escpos_fail(job, SP_ERR_NOMEM);
	store[0] = '0';
	memcpy(store + 1, data, n);
	escpos_qr_function(job, ESCPOS_QR_STORE, store, n + 1);
	free(store);
	escpos_qr_function(job, ESCPOS_QR_PRINT, print, sizeof print);
	return escpos_raw(job, lf, sizeof lf);
}

enum sp_status escpos_cut(struct escpos *job)
{
	static const unsigned char cut[] = {GS, 'V', 66, 0};

	return escpos_raw(job, cut, sizeof cut);
}

enum sp_status escpos_set_error(struct escpos *job, enum sp_status status)
{
	return status == SP_OK ? job->status : escpos_fail(job, status);
}

enum sp_status escpos_status(const struct escpos *job)
{
	return job->status;
}

const unsigned char *escpos_data(const struct escpos *job, size_t *len)
{
	*len = job->len;
	return job->buf;
}

enum sp_status escpos_take(struct escpos *job, unsigned char **out,
			   size_t *len)
{
	*out = NULL;
	*len = 0;
	if (job->status != SP_OK)
		return job->status;
	*out = job->buf ? job->buf : malloc(1);
	if (!*out)
		return escpos_fail(job, SP_ERR_NOMEM);
	*len = job->len;
	job->buf = NULL;
	job->len = job->cap = 0;
	return SP_OK;
}

void escpos_wrapped(struct escpos *job, const char *text, int cols)
{
	const char *s = text;

	if (!*s) {
		escpos_line(job, "");
		return;
	}
	while (*s) {
		size_t next = 0;
		size_t n = text_wrap_line(s, cols > 0 ? (size_t)cols : 1, &next);
		char *line;
		if (next == 0)
			break;
		line = strndup(s, n);
		if (!line) {
			escpos_set_error(job, SP_ERR_NOMEM);
			return;
		}
		escpos_line(job, line);
		free(line);
		s += next;
	}
}
