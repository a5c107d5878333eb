/* menu.c — a vertical list of large, numbered items, chosen by number,
 * by arrows and Enter, or by a mouse click or touch on the item's row;
 * the mouse wheel moves the highlight and never chooses.
 *
 * The highlighted item is drawn in reverse video and bold, and marked
 * '>', so it shows on a terminal without colours. A list longer than its
 * rows scrolls to keep the highlight in view, and its first and last rows
 * say in words how many items are hidden above and below; a touch on one
 * of them shows the next page, so a touch screen reaches every item. The
 * menu owns no strings: labels belong to the screen that filled it. It
 * owns only the array of items, grown on demand and freed by menu_free. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "kiosk.h"
#include "text.h"

void menu_clear(struct menu *m)
{
	struct menu_item *items = m->items;
	int cap = m->cap;

	memset(m, 0, sizeof *m);
	m->items = items;
	m->cap = cap;
}

void menu_free(struct menu *m)
{
	free(m->items);
	memset(m, 0, sizeof *m);
}

bool menu_add(struct menu *m, const char *label, int tag)
{
	if (m->count == m->cap) {
		int cap;
		struct menu_item *grown;

		if (m->cap > INT_MAX / 2 ||
		    (size_t)m->cap * 2 > SIZE_MAX / sizeof *grown)
			return false;
		cap = m->cap ? m->cap * 2 : 8;
		grown = realloc(m->items, (size_t)cap * sizeof *grown);
		if (!grown)
			return false;
		m->items = grown;
		m->cap = cap;
	}
	m->items[m->count].label = label;
	m->items[m->count].tag = tag;
	m->count++;
	return true;
}

void menu_select_tag(struct menu *m, int tag)
{
	for (int i = 0; i < m->count; i++) {
		if (m->items[i].tag == tag) {
			m->selected = i;
			return;
		}
	}
}

int menu_selected_tag(const struct menu *m)
{
	return m->count ? m->items[m->selected].tag : -1;
}

/* "^  3 more above" / "v  40 more below" in the row, bold. */
static void menu_draw_more(int y, int x, int w, bool above, int hidden)
{
	char buf[128];

	if (hidden <= 0)
		return;
	snprintf(buf, sizeof buf, above ? _("%d more above") : _("%d more below"),
		 hidden);
	x += draw_text(y, x, w, above ? " ^  " : " v  ", A_BOLD);
	draw_text(y, x, w - 4, buf, A_BOLD);
}

void menu_draw(struct menu *m, int y, int x, int w, int rows, int spacing)
{
	int shown;

	m->drawn_rows = 0;
	m->drawn_more = false;
	if (rows <= 0 || w <= 4 || m->count == 0)
		return;
	if (m->selected < 0 || m->selected >= m->count)
		m->selected = 0;
	/* a blank row between items only when all of them fit that way */
	if (spacing < 1 || (spacing > 1 && m->count * spacing - 1 > rows))
		spacing = 1;
	shown = (rows + spacing - 1) / spacing;
	if (shown < m->count && rows >= 3) {
		/* the first and last rows say what is hidden */
		m->drawn_more = true;
		y++;
		shown = rows - 2;
	}
	if (shown > m->count)
		shown = m->count;
	if (m->selected < m->top)
		m->top = m->selected;
	if (m->selected >= m->top + shown)
		m->top = m->selected - shown + 1;
	/* no blank rows at the end after the list or the room changed */
	if (m->top > m->count - shown)
		m->top = m->count - shown;
	if (m->top < 0)
		m->top = 0;
	m->drawn_y = y;
	m->drawn_x = x;
	m->drawn_w = w;
	m->drawn_rows = shown;
	m->spacing = spacing;

	for (int i = 0; i < shown; i++) {
		int idx = m->top + i, row = y + i * spacing, col = x;
		bool sel = idx == m->selected;
		attr_t attr = sel ? draw_attr(ROLE_SELECTED) : A_NORMAL;
		char num[16];

		draw_fill(row, x, w, attr);
		/* items past 9 have no number key: arrows or touch reach them */
		/* the '>' marks the highlight where no attribute shows */
		if (idx < 9)
			snprintf(num, sizeof num, "%c%d  ", sel ? '>' : ' ', idx + 1);
		else
			snprintf(num, sizeof num, "%c   ", sel ? '>' : ' ');
		col += draw_text(row, col, w, num, attr | A_BOLD);
		col += draw_text(row, col, x + w - col - 1, m->items[idx].label,
				 attr);
	}
	if (m->drawn_more) {
		menu_draw_more(y - 1, x, w, true, m->top);
		menu_draw_more(y + shown, x, w, false, m->count - m->top - shown);
		return;
	}
	/* too few rows for words: a mark in the last column */
	if (m->top > 0)
		draw_text(y, x + w - 1, 1, "^", A_BOLD);
	if (m->top + shown < m->count)
		draw_text(y + (shown - 1) * spacing, x + w - 1, 1, "v", A_BOLD);
}

/* The item at (y, x), or -1; -2 on the "more above" row, -3 on the
 * "more below" row. */
static int menu_item_at(const struct menu *m, int y, int x)
{
	int off;

	if (m->drawn_rows == 0 || x < m->drawn_x || x >= m->drawn_x + m->drawn_w)
		return -1;
	off = y - m->drawn_y;
	/* a "more" row counts only when it says something */
	if (m->drawn_more && off == -1)
		return m->top > 0 ? -2 : -1;
	if (m->drawn_more && off == m->drawn_rows)
		return m->top + m->drawn_rows < m->count ? -3 : -1;
	if (off < 0 || off % m->spacing != 0 || off / m->spacing >= m->drawn_rows)
		return -1;
	return m->top + off / m->spacing;
}

/* Moves the highlight by delta, stopping at the ends. */
static enum menu_result menu_step(struct menu *m, int delta)
{
	int to = m->selected + delta;

	if (to < 0)
		to = 0;
	if (to >= m->count)
		to = m->count - 1;
	if (to == m->selected)
		return MENU_IGNORED;
	m->selected = to;
	return MENU_MOVED;
}

/* The next page down (dir 1) or up (-1): the highlight moves a page and
 * the list scrolls with it. */
static enum menu_result menu_page(struct menu *m, int dir)
{
	int page = m->drawn_rows > 1 ? m->drawn_rows : 1;
	enum menu_result r = menu_step(m, dir * page);

	if (r == MENU_MOVED) {
		/* keep the new page whole: its first (or last) item on top */
		int top = dir > 0 ? m->top + page : m->top - page;
		int max = m->count - page;
		m->top = top > max ? max : top < 0 ? 0 : top;
	}
	return r;
}

enum menu_result menu_key(struct menu *m, const struct tui_key *key)
{
	if (m->count == 0)
		return MENU_IGNORED;
	if (key->type == TUI_KEY_MOUSE) {
		int idx = menu_item_at(m, key->y, key->x);
		if (idx == -2)
			return menu_page(m, -1);
		if (idx == -3)
			return menu_page(m, 1);
		if (idx < 0)
			return MENU_IGNORED;
		m->selected = idx;
		return MENU_CHOSEN;
	}
	switch (key->action) {
	case ACTION_MOVE:
		if (key->type == TUI_KEY_WHEEL)
			return menu_step(m, key->code == KEY_UP ? -1 : 1);
		if (key->code == KEY_PPAGE)
			return menu_page(m, -1);
		if (key->code == KEY_NPAGE)
			return menu_page(m, 1);
		if (key->code == KEY_UP)
			m->selected = (m->selected + m->count - 1) % m->count;
		else
			m->selected = (m->selected + 1) % m->count;
		return MENU_MOVED;
	case ACTION_NUMBER: {
		int idx = (int)(key->ch - '1');
		if (idx < 0 || idx >= m->count)
			return MENU_IGNORED;
		m->selected = idx;
		return MENU_CHOSEN;
	}
	case ACTION_CHOOSE:
		return MENU_CHOSEN;
	default:
		return MENU_IGNORED;
	}
}
