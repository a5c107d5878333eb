/* publiccommit.c — the members' public commitments, for visitors
 * (党员亮身份、服务亮承诺): the latest ones with the member's name, the due
 * date and where they stand, the text wrapped by display width; the list
 * scrolls by line.
 *
 * Reads only, and only what commitment_each_public() lets visitors see:
 * never a commitment that is not public, voided, withdrawn or rejected,
 * and never a badge number. Everything is read on entering and sanitised
 * before it is drawn. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "commitment.h"
#include "i18n.h"
#include "kiosk.h"
#include "text.h"

#define PC_LIMIT 50      /* the newest this many */
#define PC_MARGIN 2      /* columns left and right */
#define PC_INDENT 4      /* the text under its heading line */

static const enum action pc_actions[] = {
	ACTION_SCROLL, ACTION_BACK, ACTION_NONE,
};

struct pc_item {
	char *name;                     /* sanitised */
	char *text;                     /* sanitised */
	char due_date[CLOCK_DATE_LEN];
	enum commitment_status status;
	bool overdue;
};

static struct pc_item pc_items[PC_LIMIT];
static int pc_count;
static int pc_scroll;       /* first line shown */
static int pc_page = 1;     /* lines shown at the last draw */
static int pc_back_y = -1, pc_back_x, pc_back_w;

static int pc_collect(const struct commitment *c, const char *member_name,
		      void *ctx)
{
	struct pc_item *it = &pc_items[pc_count];

	(void)ctx;
	it->name = text_sanitize_dup(member_name, false);
	it->text = text_sanitize_dup(c->text, false);
	if (!it->name || !it->text) {
		free(it->name);
		free(it->text);
		it->name = it->text = NULL;
		return 1;
	}
	snprintf(it->due_date, sizeof it->due_date, "%s", c->due_date);
	it->status = c->status;
	it->overdue = c->overdue;
	pc_count++;
	return pc_count >= PC_LIMIT;
}

static void pc_leave(struct kiosk *k)
{
	(void)k;
	for (int i = 0; i < pc_count; i++) {
		free(pc_items[i].name);
		free(pc_items[i].text);
	}
	memset(pc_items, 0, sizeof pc_items);
	pc_count = 0;
}

static void pc_enter(struct kiosk *k)
{
	enum sp_status status;

	pc_leave(k);
	pc_scroll = 0;
	k->message[0] = '\0';
	status = commitment_each_public(k->db, PC_LIMIT, pc_collect, NULL);
	if (status != SP_OK)
		kiosk_say_status(k, status);
}

/* "张建国   到期：2026年12月23日   进行中" into buf. */
static void pc_heading(const struct kiosk *k, const struct pc_item *it,
		       char *buf, size_t size)
{
	char day[64], due[128];
	int64_t ms;

	if (clock_parse_local_date(it->due_date, &ms) == SP_OK)
		form_format_day(k, ms, true, day, sizeof day);
	else
		snprintf(day, sizeof day, "%s", it->due_date);
	snprintf(due, sizeof due, _("Due: %s"), day);
	snprintf(buf, size, "%s   %s   %s", it->name, due,
		 commitment_status_label(it->status, it->overdue));
}

/* Walks every item's lines at cols columns, drawing those in
 * [first, first + count) from row y; returns how many lines there are. */
static int pc_lines(const struct kiosk *k, int y, int x, int cols, int first,
		    int count)
{
	int line = 0;
	char head[512];

	for (int i = 0; i < pc_count; i++) {
		const char *s = pc_items[i].text;
		size_t next, bytes;

		if (i > 0)
			line++; /* a blank line between commitments */
		if (line >= first && line < first + count) {
			pc_heading(k, &pc_items[i], head, sizeof head);
			draw_text(y + line - first, x, cols, head, A_BOLD);
		}
		line++;
		while (*s) {
			bytes = text_wrap_line(s, (size_t)(cols - PC_INDENT), &next);
			if (bytes == 0 && next == 0)
				break;
			if (line >= first && line < first + count) {
				char *part = strndup(s, bytes);
				if (part)
					draw_text(y + line - first, x + PC_INDENT,
						  cols - PC_INDENT, part, A_NORMAL);
				free(part);
			}
			line++;
			if (next == 0)
				break;
			s += next;
		}
	}
	return line;
}

static void pc_draw(struct kiosk *k)
{
	int top = draw_body_top(), rows = draw_body_rows(k);
	int x = PC_MARGIN, w = k->cols - 2 * PC_MARGIN, y, th, total;
	char line[256];

	draw_frame(k, _("Members' public commitments"));
	/* the button: on the row above the status line */
	pc_back_y = k->rows - 3;
	pc_back_x = x;
	pc_back_w = draw_text(pc_back_y, x, w, " ", A_REVERSE | A_BOLD);
	pc_back_w += draw_text(pc_back_y, x + pc_back_w, w - pc_back_w, _("Esc"),
			       A_REVERSE | A_BOLD);
	pc_back_w += draw_text(pc_back_y, x + pc_back_w, w - pc_back_w, " ",
			       A_REVERSE | A_BOLD);
	pc_back_w += draw_text(pc_back_y, x + pc_back_w, w - pc_back_w, " ",
			       A_NORMAL);
	pc_back_w += draw_text(pc_back_y, x + pc_back_w, w - pc_back_w, _("Back"),
			       A_BOLD);

	y = top;
	draw_wrapped(y++, x, w, 1,
		     _("Our members show who they are and what they promise to do for you."),
		     draw_attr(ROLE_TITLE));
	y++;
	th = rows - (y - top);
	if (pc_count == 0) {
		draw_text(y, x, w, _("No member has made a public commitment yet."),
			  A_NORMAL);
		return;
	}
	total = pc_lines(k, y, x, w, 0, 0);
	if (total > th) {
		th--; /* the last row says there is more */
		if (pc_scroll > total - th)
			pc_scroll = total - th;
	} else {
		pc_scroll = 0;
	}
	pc_page = th > 1 ? th : 1;
	pc_lines(k, y, x, w, pc_scroll, th);
	if (total > th) {
		snprintf(line, sizeof line, _("Lines %d-%d of %d: Up/Down to scroll"),
			 pc_scroll + 1, pc_scroll + th, total);
		draw_text(y + th, x, w, line, A_DIM);
	}
}

static unsigned pc_key(struct kiosk *k, const struct tui_key *key)
{
	(void)k;
	if (key->type == TUI_KEY_MOUSE) {
		if (pc_back_y >= 0 && form_hit(key, pc_back_y, pc_back_x, 1, pc_back_w))
			return TUI_GOTO_SCREEN(SCREEN_BRAND);
		return TUI_HANDLED;
	}
	switch (key->action) {
	case ACTION_SCROLL:
		switch (key->code) {
		case KEY_UP: pc_scroll--; break;
		case KEY_DOWN: pc_scroll++; break;
		case KEY_PPAGE: pc_scroll -= pc_page; break;
		case KEY_NPAGE: pc_scroll += pc_page; break;
		default: break;
		}
		/* the end is clamped by draw, which knows the line count */
		if (pc_scroll < 0)
			pc_scroll = 0;
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_BACK:
		return TUI_GOTO_SCREEN(SCREEN_BRAND);
	default:
		return 0;
	}
}

const struct screen screen_public_commitments = {
	.name = "public_commitments",
	.actions = pc_actions,
	.enter = pc_enter,
	.leave = pc_leave,
	.draw = pc_draw,
	.key = pc_key,
	.tick = NULL,
};
