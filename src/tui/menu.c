/* menu.c — a vertical list of large, numbered items, chosen by number,
 * by arrows and Enter, or by a mouse click or touch on the item's row.
 *
 * The highlighted item is drawn in reverse video and bold, so it shows on
 * a terminal without colours. The menu owns no strings: labels belong to
 * the screen that filled it. */
#include <stdio.h>
#include <string.h>

#include "kiosk.h"
#include "text.h"

void menu_clear(struct menu *m)
{
	memset(m, 0, sizeof *m);
}

void menu_add(struct menu *m, const char *label, int tag)
{
	if (m->count >= MENU_MAX_ITEMS)
		return;
	m->items[m->count].label = label;
	m->items[m->count].tag = tag;
	m->count++;
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

void menu_draw(struct menu *m, int y, int x, int w, int rows, int spacing)
{
	int shown;

	if (rows <= 0 || w <= 4 || m->count == 0)
		return;
	/* a blank row between items only when all of them fit that way */
	if (spacing > 1 && m->count * spacing - 1 > rows)
		spacing = 1;
	shown = (rows + spacing - 1) / spacing;
	if (shown > m->count)
		shown = m->count;
	if (m->selected < m->top)
		m->top = m->selected;
	if (m->selected >= m->top + shown)
		m->top = m->selected - shown + 1;
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
	if (m->top > 0)
		draw_text(y, x + w - 1, 1, "^", A_BOLD);
	if (m->top + shown < m->count)
		draw_text(y + (shown - 1) * spacing, x + w - 1, 1, "v", A_BOLD);
}

static int menu_item_at(const struct menu *m, int y, int x)
{
	int off;

	if (m->drawn_rows == 0 || x < m->drawn_x || x >= m->drawn_x + m->drawn_w)
		return -1;
	off = y - m->drawn_y;
	if (off < 0 || off % m->spacing != 0 || off / m->spacing >= m->drawn_rows)
		return -1;
	return m->top + off / m->spacing;
}

enum menu_result menu_key(struct menu *m, const struct tui_key *key)
{
	if (m->count == 0)
		return MENU_IGNORED;
	if (key->type == TUI_KEY_MOUSE) {
		int idx = menu_item_at(m, key->y, key->x);
		if (idx < 0)
			return MENU_IGNORED;
		m->selected = idx;
		return MENU_CHOSEN;
	}
	switch (key->action) {
	case ACTION_MOVE:
		if (key->code == KEY_UP || key->code == KEY_PPAGE)
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
