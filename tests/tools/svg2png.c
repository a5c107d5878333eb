/* svg2png.c — rasterises the SVG drawings `svcpoint qr --format svg`
 * writes, so zbarimg can read them back.
 *
 *   svg2png IN.svg OUT.png [PIXELS_PER_UNIT]
 *
 * It understands only what that writer may emit: a viewBox, <rect>
 * elements (filled black unless their fill is white) and <path> elements
 * made of axis-aligned closed rectangles (M x,y, h, v, z, absolute M and
 * relative h/v). Anything else is refused (exit 1), so a change in the
 * writer shows up here rather than as a silently wrong picture. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pngout.h"

struct canvas {
	int w, h;              /* in SVG units */
	int scale;             /* pixels a unit */
	unsigned char *px;     /* (w * scale) * (h * scale) */
};

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		perror(path);
		return NULL;
	}
	do {
		if (cap - len < 4096) {
			char *grown;
			cap = cap ? 2 * cap : 65536;
			grown = realloc(buf, cap + 1);
			if (!grown) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = grown;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	buf[len] = '\0';
	return buf;
}

/* The value of attr="..." inside the element starting at el (up to its
 * '>'), copied into out. */
static int attr(const char *el, const char *name, char *out, size_t size)
{
	const char *end = strchr(el, '>');
	size_t n = strlen(name);

	for (const char *p = el; p && p < end; p = strchr(p + 1, ' ')) {
		const char *q = p + 1;
		if (strncmp(q, name, n) == 0 && q[n] == '=' && q[n + 1] == '"') {
			const char *v = q + n + 2, *close = strchr(v, '"');
			if (!close || (size_t)(close - v) >= size)
				return -1;
			memcpy(out, v, (size_t)(close - v));
			out[close - v] = '\0';
			return 0;
		}
	}
	return -1;
}

static void fill(struct canvas *c, double x0, double y0, double x1, double y1)
{
	int px0 = (int)(x0 * c->scale + 0.5), py0 = (int)(y0 * c->scale + 0.5);
	int px1 = (int)(x1 * c->scale + 0.5), py1 = (int)(y1 * c->scale + 0.5);
	int W = c->w * c->scale, H = c->h * c->scale;

	if (px0 < 0)
		px0 = 0;
	if (py0 < 0)
		py0 = 0;
	if (px1 > W)
		px1 = W;
	if (py1 > H)
		py1 = H;
	for (int y = py0; y < py1; y++)
		memset(c->px + (size_t)y * (size_t)W + (size_t)px0, 0,
		       (size_t)(px1 > px0 ? px1 - px0 : 0));
}

static int is_white(const char *fill_value)
{
	return strcmp(fill_value, "#ffffff") == 0 ||
	       strcmp(fill_value, "#fff") == 0 ||
	       strcmp(fill_value, "white") == 0;
}

/* Fills every closed subpath of d as the rectangle it bounds. */
static int draw_path(struct canvas *c, const char *d)
{
	double x = 0, y = 0, minx = 0, miny = 0, maxx = 0, maxy = 0;
	int open = 0;
	const char *p = d;

	while (*p) {
		char cmd = *p++;
		char *end;
		double v, w;

		switch (cmd) {
		case 'M':
			v = strtod(p, &end);
			if (end == p || *end != ',')
				return -1;
			p = end + 1;
			w = strtod(p, &end);
			if (end == p)
				return -1;
			p = end;
			x = minx = maxx = v;
			y = miny = maxy = w;
			open = 1;
			break;
		case 'h':
		case 'v':
			if (!open)
				return -1;
			v = strtod(p, &end);
			if (end == p)
				return -1;
			p = end;
			if (cmd == 'h')
				x += v;
			else
				y += v;
			if (x < minx)
				minx = x;
			if (x > maxx)
				maxx = x;
			if (y < miny)
				miny = y;
			if (y > maxy)
				maxy = y;
			break;
		case 'z':
		case 'Z':
			if (!open)
				return -1;
			fill(c, minx, miny, maxx, maxy);
			open = 0;
			break;
		case ' ':
		case '\n':
			break;
		default:
			fprintf(stderr, "svg2png: path command '%c' not understood\n", cmd);
			return -1;
		}
	}
	return open ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct canvas c = {0};
	char value[256];
	char *svg, *p;
	int vx, vy, rc = 1;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: svg2png IN.svg OUT.png [PIXELS_PER_UNIT]\n");
		return 2;
	}
	c.scale = argc == 4 ? atoi(argv[3]) : 4;
	if (c.scale < 1 || c.scale > 64)
		return 2;
	svg = read_all(argv[1]);
	if (!svg)
		return 1;
	p = strstr(svg, "<svg");
	if (!p || attr(p, "viewBox", value, sizeof value) != 0 ||
	    sscanf(value, "%d %d %d %d", &vx, &vy, &c.w, &c.h) != 4 || vx || vy ||
	    c.w < 1 || c.h < 1 || c.w > 4096 || c.h > 4096) {
		fprintf(stderr, "svg2png: no usable viewBox=\"0 0 W H\"\n");
		goto out;
	}
	c.px = malloc((size_t)c.w * c.scale * (size_t)c.h * c.scale);
	if (!c.px)
		goto out;
	memset(c.px, 255, (size_t)c.w * c.scale * (size_t)c.h * c.scale);
	for (p = strchr(p + 1, '<'); p; p = strchr(p + 1, '<')) {
		if (strncmp(p, "<rect", 5) == 0) {
			char xs[32], ys[32], ws[32], hs[32];
			double x, y;
			if (attr(p, "width", ws, sizeof ws) || attr(p, "height", hs, sizeof hs)) {
				fprintf(stderr, "svg2png: <rect> without a size\n");
				goto out;
			}
			x = attr(p, "x", xs, sizeof xs) ? 0 : atof(xs);
			y = attr(p, "y", ys, sizeof ys) ? 0 : atof(ys);
			if (attr(p, "fill", value, sizeof value) == 0 && is_white(value))
				continue;
			fill(&c, x, y, x + atof(ws), y + atof(hs));
		} else if (strncmp(p, "<path", 5) == 0) {
			const char *d = strstr(p, " d=\"");
			char *copy, *close;
			int bad;
			if (!d || d > strchr(p, '>')) {
				fprintf(stderr, "svg2png: <path> without d\n");
				goto out;
			}
			d += 4;
			close = strchr(d, '"');
			if (!close)
				goto out;
			copy = strndup(d, (size_t)(close - d));
			if (!copy)
				goto out;
			if (attr(p, "fill", value, sizeof value) == 0 && is_white(value))
				bad = 0;
			else
				bad = draw_path(&c, copy);
			free(copy);
			if (bad) {
				fprintf(stderr, "svg2png: path data not understood\n");
				goto out;
			}
		} else if (strncmp(p, "</svg", 5) == 0 || strncmp(p, "<?xml", 5) == 0) {
			continue;
		} else {
			fprintf(stderr, "svg2png: element not understood: %.20s\n", p);
			goto out;
		}
	}
	rc = pngout_write(argv[2], c.px, c.w * c.scale, c.h * c.scale) ? 1 : 0;
out:
	free(c.px);
	free(svg);
	return rc;
}
