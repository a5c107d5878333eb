/* form.c — the pieces the kiosk's forms share: a choice field changed
 * with Left/Right, a text field wrapped by display width in its own box,
 * the labels of days and half hours, and the sentences for refused text.
 *
 * Only drawing and formatting: it keeps no state and never touches the
 * store. Every width comes from text.h, so Chinese text wraps between
 * characters and the box's right edge stays in its column. */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "i18n.h"
#include "kiosk.h"
#include "text.h"

void form_draw_choice(int y, int x, int label_cols, int cols,
		      const char *label, const char *value, bool focused)
{
	attr_t attr = focused ? draw_attr(ROLE_SELECTED) : A_BOLD;
	int lw = (int)text_width(label);
	int vx = x + label_cols + 1, room = cols - label_cols - 1, used = 0;

	/* the mark shows the focus where reverse video does not */
	draw_text(y, x - 2, 1, focused ? ">" : " ", A_BOLD);
	draw_text(y, x + (label_cols > lw ? label_cols - lw : 0), label_cols,
		  label, focused ? A_BOLD : A_NORMAL);
	if (room < 6)
		return;
	used += draw_text(y, vx, room, "< ", attr);
	used += draw_text(y, vx + used, room - used - 2, value, attr);
	draw_text(y, vx + used, room - used, " >", attr);
}

/* One wrapped line: where it starts in the text and how many bytes. */
struct form_line {
	size_t start, bytes;
};

void form_draw_textbox(struct lineedit *le, struct kiosk *k, int y, int x,
		       int h, int w, const char *title, bool focused)
{
	/* a blank column each side: the cursor after a full line still
	 * sits inside the box */
	int inner = w - 4, rows = h - 2, n = 0, cur_line = 0, cur_col = 0, top;
	struct form_line lines[LINEEDIT_MAX_BYTES + 1];
	const char *s = le->buf;
	size_t off = 0, next, bytes;
	char count[32], head[LINEEDIT_MAX_BYTES];

	if (inner < 4 || rows < 1)
		return;
	draw_box(y, x, h, w, title);
	while (s[off]) {
		bytes = text_wrap_line(s + off, (size_t)inner, &next);
		lines[n].start = off;
		lines[n].bytes = bytes;
		n++;
		if (next == 0)
			break;
		off += next;
	}

	/* the cursor's line: the last that starts at or before it */
	for (int i = 0; i < n; i++) {
		if (lines[i].start > le->cursor)
			break;
		cur_line = i;
	}
	if (n > 0 && le->cursor > lines[cur_line].start + lines[cur_line].bytes) {
		/* just past a space the wrap swallowed at the end */
		cur_line++;
		cur_col = 0;
	} else if (n > 0) {
		size_t len = le->cursor - lines[cur_line].start;
		memcpy(head, s + lines[cur_line].start, len);
		head[len] = '\0';
		cur_col = (int)text_width(head);
	}

	top = cur_line >= rows ? cur_line - rows + 1 : 0;
	for (int r = 0; r < rows; r++) {
		int i = top + r;
		draw_fill(y + 1 + r, x + 1, w - 2, draw_attr(ROLE_FIELD));
		if (i < n) {
			memcpy(head, s + lines[i].start, lines[i].bytes);
			head[lines[i].bytes] = '\0';
			draw_text(y + 1 + r, x + 2, inner, head,
				  draw_attr(ROLE_FIELD));
		}
	}
	/* more above or below the window */
	if (top > 0)
		draw_text(y + 1, x + w - 2, 1, "^", A_BOLD);
	if (top + rows < n)
		draw_text(y + rows, x + w - 2, 1, "v", A_BOLD);

	snprintf(count, sizeof count, " %zu/%zu ", text_chars(s), le->max_chars);
	draw_text(y + h - 1, x + w - 2 - (int)text_width(count),
		  (int)text_width(count), count, A_NORMAL);
	if (focused) {
		k->cursor_y = y + 1 + cur_line - top;
		k->cursor_x = x + 2 + cur_col;
	}
}

bool form_hit(const struct tui_key *key, int y, int x, int h, int w)
{
	return key->type == TUI_KEY_MOUSE && key->y >= y && key->y < y + h &&
	       key->x >= x && key->x < x + w;
}

void form_format_day(const struct kiosk *k, int64_t day_ms, bool with_year,
		     char *buf, size_t size)
{
	int64_t today = clock_local_day_start(k->now_ms);
	char date[64];
	const char *fmt;

	/* TRANSLATORS: strftime formats of a day a member picks, with and
	 * without the year; zh_CN: "%Y年%-m月%-d日" and "%-m月%-d日" (%a and
	 * %b would stay English there) */
	fmt = with_year ? _("%a %-d %b %Y") : _("%a %-d %b");
	clock_format_local(day_ms, fmt, date, sizeof date);
	if (day_ms == today)
		snprintf(buf, size, _("%s (today)"), date);
	else if (day_ms == clock_local_add_days(today, -1))
		snprintf(buf, size, _("%s (yesterday)"), date);
	else if (day_ms == clock_local_add_days(today, 1))
		snprintf(buf, size, _("%s (tomorrow)"), date);
	else
		snprintf(buf, size, "%s", date);
}

void form_format_half_hours(int half_hours, char *buf, size_t size)
{
	char num[32];

	if (half_hours % 2)
		snprintf(num, sizeof num, "%d.5", half_hours / 2);
	else
		snprintf(num, sizeof num, "%d", half_hours / 2);
	/* TRANSLATORS: a number of hours, "1.5" or "2"; zh_CN: "%s 小时" */
	snprintf(buf, size, _("%s h"), num);
}

const char *form_text_message(enum sp_status status, int max_chars,
			      char *buf, size_t size)
{
	switch (status) {
	case SP_ERR_TEXT_TOO_LONG:
		snprintf(buf, size, _("The text is too long: at most %d characters."),
			 max_chars);
		return buf;
	case SP_ERR_TEXT_CONTROL:
	case SP_ERR_TEXT_UTF8:
		snprintf(buf, size, "%s",
			 _("The text has characters that cannot be kept; please type it again."));
		return buf;
	default:
		return status_message(status);
	}
}

unsigned form_text_key(struct kiosk *k, struct lineedit *le,
		       const struct tui_key *key, const char *full_fmt)
{
	switch (lineedit_key(le, key)) {
	case LINEEDIT_CHANGED:
		k->message[0] = '\0';
		return TUI_HANDLED | TUI_REDRAW;
	case LINEEDIT_REFUSED:
		if (text_chars(le->buf) >= le->max_chars)
			kiosk_say(k, true, full_fmt, (int)le->max_chars);
		return TUI_HANDLED | TUI_REDRAW;
	default:
		return 0;
	}
}
