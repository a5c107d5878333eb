/* escpos_decode.c — the project's own ESC/POS reader for tests: it checks
 * a file of print jobs (what the file printer appends) and shows what a
 * printer would print.
 *
 *   escpos_decode [--cut] [--encoding gb18030|utf-8] [--png PREFIX] FILE
 *
 * Checks: the file starts with ESC @ and every job (from one ESC @ to the
 * next) is made only of commands this reader knows, each with the lengths
 * it announces; with --cut, every job ends with a paper cut (GS V).
 * Prints, as UTF-8: "[job N]" at each job, the text (converted from the
 * printer's encoding, GB18030 by default, through iconv), "[qr] PAYLOAD"
 * for each native QR code (GS ( k function 181 after 180), "[image N WxH]"
 * for each bit image (GS v 0), written as PREFIX-N.png when --png is given
 * so zbarimg can read it, and "[cut]". Exits 1 with the offset and the
 * reason at the first thing wrong. Written apart from src/core/escpos.c,
 * from the command set, so the two can disagree. */
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pngout.h"

#define ESC 0x1b
#define GS 0x1d
#define FS 0x1c
#define LF 0x0a

struct reader {
	const unsigned char *buf;
	size_t len, pos;
	iconv_t cd;
	const char *png_prefix;
	int images;
	int jobs;
	int last_was_cut;          /* the job's last command was GS V */
	unsigned char *qr_data;    /* stored by function 180 */
	size_t qr_len;
	unsigned char text[65536]; /* text bytes waiting for LF or a command */
	size_t text_len;
};

static void die(const struct reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

static void die(const struct reader *r, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "escpos_decode: at byte %zu: ", r->pos);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* n more bytes must be there. */
static const unsigned char *need(struct reader *r, size_t n, const char *what)
{
	const unsigned char *p = r->buf + r->pos;

	if (r->len - r->pos < n)
		die(r, "%s is cut short (%zu bytes wanted, %zu left)", what, n,
		    r->len - r->pos);
	r->pos += n;
	return p;
}

/* Converts the waiting text to UTF-8 and prints it. */
static void flush_text(struct reader *r)
{
	static char out[4 * sizeof r->text];
	char *in = (char *)r->text, *o = out;
	size_t in_left = r->text_len, out_left = sizeof out;

	if (!r->text_len)
		return;
	if (r->cd == (iconv_t)-1) {
		fwrite(r->text, 1, r->text_len, stdout);
	} else {
		iconv(r->cd, NULL, NULL, NULL, NULL);
		if (iconv(r->cd, &in, &in_left, &o, &out_left) == (size_t)-1)
			die(r, "text is not valid in the printer's encoding");
		fwrite(out, 1, (size_t)(o - out), stdout);
	}
	r->text_len = 0;
}

static void write_image(struct reader *r, const unsigned char *data,
			size_t xbytes, size_t height)
{
	size_t w = xbytes * 8;
	unsigned char *gray;
	char path[4096];

	r->images++;
	printf("[image %d %zux%zu]\n", r->images, w, height);
	if (!r->png_prefix)
		return;
	gray = malloc(w * height);
	if (!gray)
		die(r, "out of memory");
	for (size_t y = 0; y < height; y++)
		for (size_t x = 0; x < w; x++)
			gray[y * w + x] = (data[y * xbytes + x / 8] &
					   (0x80u >> (x % 8))) ? 0 : 255;
	snprintf(path, sizeof path, "%s-%d.png", r->png_prefix, r->images);
	if (pngout_write(path, gray, (int)w, (int)height) != 0) {
		free(gray);
		die(r, "cannot write %s", path);
	}
	free(gray);
}

/* GS ( k pL pH cn fn ...: only QR code functions (cn 49). */
static void qr_function(struct reader *r)
{
	const unsigned char *p = need(r, 2, "GS ( k length");
	size_t n = (size_t)p[0] | (size_t)p[1] << 8;
	const unsigned char *body;

	if (n < 3)
		die(r, "GS ( k with a length of %zu", n);
	body = need(r, n, "GS ( k parameters");
	if (body[0] != 49)
		die(r, "GS ( k for symbol %u, not QR (49)", body[0]);
	switch (body[1]) {
	case 65: /* model: n1 49/50, n2 0 */
		if (n != 4 || (body[2] != 49 && body[2] != 50) || body[3] != 0)
			die(r, "QR model command malformed");
		break;
	case 67: /* module size 1..16 */
		if (n != 3 || body[2] < 1 || body[2] > 16)
			die(r, "QR module size command malformed");
		break;
	case 69: /* error correction 48..51 */
		if (n != 3 || body[2] < 48 || body[2] > 51)
			die(r, "QR error correction command malformed");
		break;
	case 80: /* store: m 48, data */
		if (n < 4 || body[2] != 48)
			die(r, "QR store command malformed");
		free(r->qr_data);
		r->qr_len = n - 3;
		r->qr_data = malloc(r->qr_len);
		if (!r->qr_data)
			die(r, "out of memory");
		memcpy(r->qr_data, body + 3, r->qr_len);
		break;
	case 81: /* print: m 48 */
		if (n != 3 || body[2] != 48)
			die(r, "QR print command malformed");
		if (!r->qr_data)
			die(r, "QR print without stored data");
		printf("[qr] ");
		fwrite(r->qr_data, 1, r->qr_len, stdout);
		printf("\n");
		break;
	default:
		die(r, "QR function %u not known", body[1]);
	}
}

/* One command starting at r->pos (past text bytes). */
static void command(struct reader *r)
{
	unsigned char c = r->buf[r->pos++];
	const unsigned char *p;

	r->last_was_cut = 0;
	if (c == LF) {
		flush_text(r);
		putchar('\n');
		return;
	}
	if (c == ESC) {
		p = need(r, 1, "ESC command");
		switch (p[0]) {
		case 'a':
			p = need(r, 1, "ESC a");
			if (p[0] > 2 && (p[0] < 48 || p[0] > 50))
				die(r, "ESC a %u", p[0]);
			return;
		case 'E':
		case '-':
		case '!':
		case 'd':
		case 'J':
			need(r, 1, "ESC command argument");
			return;
		default:
			die(r, "unknown command ESC 0x%02x", p[0]);
		}
	}
	if (c == GS) {
		p = need(r, 1, "GS command");
		switch (p[0]) {
		case '!':
			need(r, 1, "GS !");
			return;
		case 'V':
			p = need(r, 1, "GS V");
			if (p[0] == 65 || p[0] == 66)
				need(r, 1, "GS V n");
			else if (p[0] != 0 && p[0] != 1 && p[0] != 48 && p[0] != 49)
				die(r, "GS V %u", p[0]);
			printf("[cut]\n");
			r->last_was_cut = 1;
			return;
		case 'v': {
			size_t x, y;
			p = need(r, 6, "GS v 0 header");
			if (p[0] != '0' || (p[1] > 3 && (p[1] < 48 || p[1] > 51)))
				die(r, "GS v %u %u", p[0], p[1]);
			x = (size_t)p[2] | (size_t)p[3] << 8;
			y = (size_t)p[4] | (size_t)p[5] << 8;
			if (x == 0 || y == 0)
				die(r, "GS v 0 image of %zux%zu", x, y);
			p = need(r, x * y, "GS v 0 image data");
			write_image(r, p, x, y);
			return;
		}
		case '(':
			p = need(r, 1, "GS (");
			if (p[0] != 'k')
				die(r, "unknown command GS ( 0x%02x", p[0]);
			qr_function(r);
			return;
		default:
			die(r, "unknown command GS 0x%02x", p[0]);
		}
	}
	if (c == FS) {
		p = need(r, 1, "FS command");
		if (p[0] != '&' && p[0] != '.')
			die(r, "unknown command FS 0x%02x", p[0]);
		return;
	}
	r->pos--;
	die(r, "unknown control byte 0x%02x", c);
}

static unsigned char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t cap = 0, n;

	*len = 0;
	if (!f) {
		perror(path);
		exit(1);
	}
	do {
		if (cap - *len < 65536) {
			unsigned char *grown;
			cap = cap ? 2 * cap : 1 << 20;
			grown = realloc(buf, cap);
			if (!grown)
				exit(1);
			buf = grown;
		}
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
	} while (n > 0);
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	struct reader r = {0};
	const char *encoding = "gb18030", *path = NULL;
	int want_cut = 0;
	unsigned char *buf;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--cut") == 0)
			want_cut = 1;
		else if (strcmp(argv[i], "--encoding") == 0 && i + 1 < argc)
			encoding = argv[++i];
		else if (strcmp(argv[i], "--png") == 0 && i + 1 < argc)
			r.png_prefix = argv[++i];
		else if (!path && argv[i][0] != '-')
			path = argv[i];
		else
			path = NULL, i = argc;
	}
	if (!path) {
		fprintf(stderr, "usage: escpos_decode [--cut] [--encoding gb18030|utf-8]"
				" [--png PREFIX] FILE\n");
		return 2;
	}
	r.cd = (iconv_t)-1;
	if (strcmp(encoding, "utf-8") != 0) {
		r.cd = iconv_open("UTF-8", "GB18030");
		if (r.cd == (iconv_t)-1) {
			perror("iconv_open");
			return 1;
		}
	}
	buf = read_file(path, &r.len);
	r.buf = buf;
	if (r.len < 2 || buf[0] != ESC || buf[1] != '@')
		die(&r, "the file does not start with ESC @");
	while (r.pos < r.len) {
		unsigned char c = buf[r.pos];
		if (c == ESC && r.pos + 1 < r.len && buf[r.pos + 1] == '@') {
			flush_text(&r);
			if (r.jobs > 0 && want_cut && !r.last_was_cut)
				die(&r, "job %d does not end with a cut", r.jobs);
			r.jobs++;
			printf("[job %d]\n", r.jobs);
			r.pos += 2;
			r.last_was_cut = 0;
			continue;
		}
		if (c >= 0x20) {
			if (r.text_len == sizeof r.text)
				die(&r, "a text run longer than %zu bytes", sizeof r.text);
			r.text[r.text_len++] = c;
			r.pos++;
			r.last_was_cut = 0;
			continue;
		}
		flush_text(&r);
		command(&r);
	}
	flush_text(&r);
	if (want_cut && !r.last_was_cut)
		die(&r, "job %d does not end with a cut", r.jobs);
	free(r.qr_data);
	free(buf);
	if (r.cd != (iconv_t)-1)
		iconv_close(r.cd);
	return 0;
}
