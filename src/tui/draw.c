/* draw.c — drawing helpers every screen uses: clipped and centred text,
 * wrapping, boxes, labelled fields, and the shared frame (title bar,
 * status line, key hints).
 *
 * Every column count comes from text.h; strings are cut with
 * text_fit_bytes and drawn with waddnstr, so a wide character is never
 * split and nothing runs past its box. Every role stays legible without
 * colour: colour is only ever added to bold or reverse video. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "i18n.h"
#include "kiosk.h"
#include "text.h"

enum { PAIR_BAR = 1, PAIR_TITLE, PAIR_ERROR, PAIR_OK, PAIR_FIELD };

static bool draw_colors;

void draw_init_colors(void)
{
	draw_colors = has_colors() && start_color() == OK;
	if (!draw_colors)
		return;
	use_default_colors();
	init_pair(PAIR_BAR, COLOR_WHITE, COLOR_BLUE);
	init_pair(PAIR_TITLE, COLOR_RED, -1);
	init_pair(PAIR_ERROR, COLOR_RED, -1);
	init_pair(PAIR_OK, COLOR_GREEN, -1);
	init_pair(PAIR_FIELD, COLOR_BLACK, COLOR_WHITE);
}

attr_t draw_attr(enum draw_role role)
{
	switch (role) {
	case ROLE_BAR:
		return draw_colors ? (COLOR_PAIR(PAIR_BAR) | A_BOLD) : A_REVERSE;
	case ROLE_TITLE:
		return A_BOLD | (draw_colors ? COLOR_PAIR(PAIR_TITLE) : 0);
	case ROLE_SELECTED:
		return A_REVERSE | A_BOLD;
	case ROLE_FIELD:
		return draw_colors ? COLOR_PAIR(PAIR_FIELD) : A_UNDERLINE;
	case ROLE_ERROR:
		return A_BOLD | (draw_colors ? COLOR_PAIR(PAIR_ERROR) : 0);
	case ROLE_OK:
		return A_BOLD | (draw_colors ? COLOR_PAIR(PAIR_OK) : 0);
	case ROLE_NORMAL:
	default:
		return A_NORMAL;
	}
}

int draw_text(int y, int x, int cols, const char *s, attr_t attr)
{
	size_t used = 0, bytes;

	if (cols <= 0 || y < 0 || y >= LINES || x < 0 || x >= COLS)
		return 0;
	if (x + cols > COLS)
		cols = COLS - x;
	bytes = text_fit_bytes(s, (size_t)cols, &used);
	attrset(attr);
	mvaddnstr(y, x, s, (int)bytes);
	attrset(A_NORMAL);
	return (int)used;
}

int draw_centered(int y, int x, int cols, const char *s, attr_t attr)
{
	size_t w = text_width(s);
	int start = x;

	if (w < (size_t)cols)
		start = x + (cols - (int)w) / 2;
	draw_text(y, start, cols - (start - x), s, attr);
	return start;
}

int draw_wrapped(int y, int x, int cols, int max_rows, const char *s,
		 attr_t attr)
{
	int row = 0;
	size_t next = 0, bytes;
	char *line;

	if (cols <= 0)
		return 0;
	while (*s && row < max_rows) {
		bytes = text_wrap_line(s, (size_t)cols, &next);
		if (bytes == 0 && next == 0)
			break;
		line = strndup(s, bytes);
		if (!line)
			break;
		draw_text(y + row, x, cols, line, attr);
		free(line);
		row++;
		s += next;
	}
	return row;
}

void draw_fill(int y, int x, int cols, attr_t attr)
{
	if (y < 0 || y >= LINES || x < 0 || cols <= 0)
		return;
	if (x + cols > COLS)
		cols = COLS - x;
	attrset(attr);
	mvhline(y, x, ' ', cols);
	attrset(A_NORMAL);
}

void draw_box(int y, int x, int h, int w, const char *title)
{
	if (h < 2 || w < 2)
		return;
	/* the wide-character forms: in a UTF-8 locale they are the Unicode
	 * box characters, not a switch to the terminal's line-drawing set */
	mvhline_set(y, x + 1, WACS_HLINE, w - 2);
	mvhline_set(y + h - 1, x + 1, WACS_HLINE, w - 2);
	mvvline_set(y + 1, x, WACS_VLINE, h - 2);
	mvvline_set(y + 1, x + w - 1, WACS_VLINE, h - 2);
	mvadd_wch(y, x, WACS_ULCORNER);
	mvadd_wch(y, x + w - 1, WACS_URCORNER);
	mvadd_wch(y + h - 1, x, WACS_LLCORNER);
	mvadd_wch(y + h - 1, x + w - 1, WACS_LRCORNER);
	if (title && *title && w > 6) {
		int used = draw_text(y, x + 2, w - 6, " ", A_NORMAL);
		used += draw_text(y, x + 2 + used, w - 6 - used, title, A_BOLD);
		draw_text(y, x + 2 + used, w - 4 - used, " ", A_NORMAL);
	}
}

void draw_field(int y, int x, int label_cols, int cols, const char *label,
		const char *value, attr_t value_attr)
{
	size_t lw = text_width(label);
	int pad = label_cols > (int)lw ? label_cols - (int)lw : 0;

	draw_text(y, x + pad, label_cols - pad, label, A_NORMAL);
	draw_text(y, x + label_cols + 1, cols - label_cols - 1, value,
		  value_attr);
}

int draw_body_top(void)
{
	return 2; /* the title bar and one blank row */
}

int draw_body_rows(const struct kiosk *k)
{
	return k->rows - draw_body_top() - 3; /* a blank, status, hints */
}

void draw_frame(struct kiosk *k, const char *title)
{
	char when[64];
	attr_t bar = draw_attr(ROLE_BAR);
	int w;

	/* TRANSLATORS: strftime format of the clock in the title bar */
	clock_format_local(k->now_ms, _("%Y-%m-%d %H:%M:%S"), when, sizeof when);
	draw_fill(0, 0, k->cols, bar);
	w = (int)text_width(when);
	draw_text(0, k->cols - w - 1, w, when, bar);
	draw_text(0, 1, k->cols / 2 - 2, k->cfg->station_name, bar);
	if (title && *title) {
		int tw = (int)text_width(title);
		int room = k->cols - w - 3;
		int start = (k->cols - tw) / 2;
		/* the title goes in the middle unless the station name is long */
		int name_end = 2 + (int)text_width(k->cfg->station_name);
		if (start < name_end + 2)
			start = name_end + 2;
		if (start + tw > room)
			tw = room - start;
		if (tw > 0)
			draw_text(0, start, tw, title, bar);
	}

	if (k->message[0])
		draw_text(k->rows - 2, 1, k->cols - 2, k->message,
			  draw_attr(k->message_is_error ? ROLE_ERROR : ROLE_OK));
	actions_draw_hints(loop_screen(k->screen)->actions, k->rows - 1, k->cols);
}

void draw_enlarge(struct kiosk *k)
{
	char buf[256];
	const char *msg;
	int rows, y;

	snprintf(buf, sizeof buf, _("Please enlarge the window (at least %dx%d)"),
		 KIOSK_MIN_COLS, KIOSK_MIN_ROWS);
	msg = buf;
	rows = (int)text_wrap_count(msg, (size_t)(k->cols > 2 ? k->cols - 2 : 1));
	y = (k->rows - rows) / 2;
	if (y < 0)
		y = 0;
	if (rows == 1)
		draw_centered(y, 0, k->cols, msg, A_BOLD);
	else
		draw_wrapped(y, 1, k->cols - 2, k->rows - y, msg, A_BOLD);
}
