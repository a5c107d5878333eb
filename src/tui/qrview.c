/* qrview.c — the QR widget: one address, drawn whole so that a phone held
 * to the terminal scans it, or not at all.
 *
 * Two drawings: half blocks (two modules a cell, stacked: compact, but
 * East Asian "ambiguous width", so some CJK terminals draw them two
 * columns wide) and wide (two cells a module, spaces only). Either is dark
 * on light whatever the terminal's own colours are: with colours every
 * cell gets a fixed black-and-white pair; without, the light modules are
 * reverse video, which shows the terminal's foreground — light on the
 * usual light-on-dark console. A code that does not fit in the space it
 * is given is never drawn cut: the caller says so instead. Encoding and
 * matrix access belong to core (qr.c); this file only draws. */
#include <string.h>

#include "kiosk.h"
#include "qr.h"

/* Sturdier first: a screen is seldom smudged, but a phone at an angle
 * misreads modules, and level M mends more of them. */
static const enum qr_ec qrview_levels[2] = { QR_EC_M, QR_EC_L };

/* Quiet zones tried, widest first: four modules is what the standard
 * asks; two is the least a terminal drawing gets (see qr.h). */
static const int qrview_quiets[2] = { QR_QUIET_PRINT, QR_QUIET_TERMINAL };

enum sp_status qrview_set(struct qrview *v, const char *text)
{
	enum sp_status status = SP_ERR_INVALID;

	qrview_clear(v);
	for (int i = 0; i < 2; i++) {
		enum sp_status s = qr_encode(text, qrview_levels[i], &v->codes[i]);
		if (s == SP_OK)
			status = SP_OK;
		else if (s != SP_ERR_INVALID)
			return s;
	}
	return status;
}

void qrview_clear(struct qrview *v)
{
	for (int i = 0; i < 2; i++) {
		qr_free(v->codes[i]);
		v->codes[i] = NULL;
	}
	v->qr = NULL;
	v->wide = false;
	v->quiet = 0;
	v->cols = v->rows = 0;
}

/* One style: the first level and quiet zone that fit. */
static bool qrview_fit_style(struct qrview *v, bool wide, int cols, int rows)
{
	for (int i = 0; i < 2; i++) {
		if (!v->codes[i])
			continue;
		for (int q = 0; q < 2; q++) {
			int w, h;
			qr_render_extent(v->codes[i], qrview_quiets[q], wide, &w, &h);
			if (w <= cols && h <= rows) {
				v->qr = v->codes[i];
				v->wide = wide;
				v->quiet = qrview_quiets[q];
				v->cols = w;
				v->rows = h;
				return true;
			}
		}
	}
	return false;
}

bool qrview_fit(struct qrview *v, const char *style, int cols, int rows)
{
	bool auto_style = !style || (strcmp(style, "half") != 0 &&
				     strcmp(style, "wide") != 0);

	v->qr = NULL;
	v->cols = v->rows = 0;
	if (auto_style || strcmp(style, "wide") == 0) {
		if (qrview_fit_style(v, true, cols, rows))
			return true;
	}
	if (auto_style || strcmp(style, "half") == 0) {
		if (qrview_fit_style(v, false, cols, rows))
			return true;
	}
	return false;
}

/* The attributes of a light cell and of a dark one (wide), or of every
 * half-block cell (ink dark, ground light). */
struct qrview_attrs {
	attr_t light, dark, half;
};

static struct qrview_attrs qrview_attrs(void)
{
	struct qrview_attrs a = { A_REVERSE, A_NORMAL, A_REVERSE };
	int white, ink, ground;

	/* COLORS is 0 until start_color() ran (draw_init_colors) */
	if (!has_colors() || COLORS < 8)
		return a;
	/* bright white where there is one: more contrast for the camera */
	white = COLORS >= 16 ? 15 : COLOR_WHITE;
	ink = alloc_pair(COLOR_BLACK, white);   /* black on white */
	ground = alloc_pair(white, COLOR_BLACK); /* a dark wide module */
	if (ink <= 0 || ground <= 0 || ink > 255 || ground > 255)
		return a;
	a.light = COLOR_PAIR(ink);
	a.half = COLOR_PAIR(ink);
	a.dark = COLOR_PAIR(ground);
	return a;
}

void qrview_draw(const struct qrview *v, int y, int x)
{
	const struct qr *qr = v->qr;
	struct qrview_attrs a;
	int q = v->quiet;

	if (!qr || y < 0 || x < 0 || y + v->rows > LINES || x + v->cols > COLS)
		return;
	a = qrview_attrs();
	if (v->wide) {
		for (int r = -q; r < qr->size + q; r++) {
			move(y + r + q, x);
			for (int c = -q; c < qr->size + q; c++) {
				attrset(qr_is_dark(qr, r, c) ? a.dark : a.light);
				addstr("  ");
			}
		}
	} else {
		attrset(a.half);
		for (int r = -q, line = 0; r < qr->size + q; r += 2, line++) {
			move(y + line, x);
			for (int c = -q; c < qr->size + q; c++)
				addstr(qr_half_block(qr_is_dark(qr, r, c),
						     qr_is_dark(qr, r + 1, c)));
		}
	}
	attrset(A_NORMAL);
}
