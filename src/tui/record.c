/* record.c — My record: the member's service hours (today, this month,
 * this year, still pending) and points, then every entry on record,
 * newest first: date, entry no. (as its slip prints it), activity,
 * duration and status, voided and rejected ones included and marked.
 *
 * Read only: the totals come from entry.c and points.c when the screen
 * opens, so what shows is what is on record. The list scrolls (Up/Down,
 * Page Up/Down, the wheel, a touch on its "more" rows) and is read from
 * the store a page at a time by entry_page_for: the screen holds at most
 * RECORD_HELD entries around what it shows, never the whole history.
 * Columns are padded by display width (text_fit_copy), so Chinese
 * activity names keep the columns after them in line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "entry.h"
#include "i18n.h"
#include "kiosk.h"
#include "points.h"
#include "text.h"

#define RECORD_LINE_MAX 512
#define RECORD_CHUNK 24       /* entries read from the store at a time */
#define RECORD_HELD 96        /* entries held at most */
/* the most entry rows shown at once: a window with a chunk either side */
#define RECORD_SHOWN_MAX (RECORD_HELD - 2 * RECORD_CHUNK)
#define RECORD_W 76           /* the screen's width, within 80 columns */

static const enum action record_actions[] = {
	ACTION_SCROLL, ACTION_BACK, ACTION_NONE,
};

/* Column widths of the list, in display columns, one blank between. */
enum { COL_DATE = 10, COL_NO = UUID_SHORT_LEN, COL_ACT = 27, COL_DUR = 12,
       COL_STATUS = 10 };

struct record_row {
	char id[UUID_STR_LEN];        /* the key for the next page */
	char line[RECORD_LINE_MAX];   /* the columns, padded by width */
	bool counts;                  /* false when voided or rejected */
};

static struct entry_totals record_totals;
static struct points_summary record_points;
static bool record_have_totals;

/* rows[0] is entry number record_first of the list (0: the newest) */
static struct record_row record_rows[RECORD_HELD];
static struct record_row record_page[RECORD_CHUNK]; /* one read */
static int record_first, record_n;
static int record_total;          /* entries on record */
static bool record_counted;       /* record_total was read */
static int record_top;            /* the first entry shown */

/* The layout, from the terminal's size (record_layout). */
static int record_x, record_list_y, record_list_rows;
static int record_shown;          /* entry rows */
static bool record_more;          /* the list's first and last rows say
				   * what is above and below */

static void record_layout(const struct kiosk *k)
{
	int y = draw_body_top();

	record_x = (k->cols - RECORD_W) / 2;
	/* the totals box (5 rows), the heading, the column heads */
	record_list_y = y + 7;
	record_list_rows = y + draw_body_rows(k) - record_list_y;
	if (record_list_rows < 1)
		record_list_rows = 1;
	record_more = record_total > record_list_rows && record_list_rows >= 3;
	record_shown = record_more ? record_list_rows - 2 : record_list_rows;
	if (record_shown > RECORD_SHOWN_MAX)
		record_shown = RECORD_SHOWN_MAX;
}

/* Appends s padded (or cut) to cols columns, then a blank. */
static void record_cell(char *line, size_t size, const char *s, int cols)
{
	char cell[256];
	size_t used = strlen(line);

	text_fit_copy(cell, sizeof cell, s, (size_t)cols, true);
	snprintf(line + used, size - used, "%s ", cell);
}

/* The status a member reads: voided first, whatever it was. */
static const char *record_status(const struct entry *e)
{
	return e->voided ? _("voided") : entry_status_label(e->status);
}

struct record_read {
	const struct kiosk *k;
	int n;
};

static int record_collect(const struct entry *e, void *ctx)
{
	struct record_read *rd = ctx;
	struct record_row *r = &record_page[rd->n];
	char date[32], dur[64], short_id[UUID_SHORT_LEN + 1];
	char *act = text_sanitize_dup(kiosk_entry_activity(rd->k, e), false);

	snprintf(r->id, sizeof r->id, "%s", e->id);
	/* the entry no. a slip prints: the id's first UUID_SHORT_LEN characters */
	memcpy(short_id, e->id, UUID_SHORT_LEN);
	short_id[UUID_SHORT_LEN] = '\0';
	clock_format_local(e->started_ms, "%Y-%m-%d", date, sizeof date);
	if (e->minutes >= 0)
		kiosk_format_minutes(e->minutes, dur, sizeof dur);
	else
		dur[0] = '\0';  /* still open: the status says so */
	r->counts = !e->voided && e->status != ENTRY_REJECTED;
	r->line[0] = '\0';
	record_cell(r->line, sizeof r->line, date, COL_DATE);
	record_cell(r->line, sizeof r->line, short_id, COL_NO);
	record_cell(r->line, sizeof r->line, act ? act : "", COL_ACT);
	record_cell(r->line, sizeof r->line, dur, COL_DUR);
	record_cell(r->line, sizeof r->line, record_status(e), COL_STATUS);
	free(act);
	return ++rd->n >= RECORD_CHUNK;
}

/* Reads a chunk into record_page: from the newest (key NULL) or next to
 * the entry key on the dir side. */
static enum sp_status record_read(struct kiosk *k, const char *key,
				  enum entry_page_dir dir, int *got)
{
	struct record_read rd = { k, 0 };
	enum sp_status status = entry_page_for(k->db, k->member->id, key, dir,
					       RECORD_CHUNK, record_collect, &rd);

	*got = rd.n;
	return status;
}

/* Reads the entries after the held ones, dropping the newest held when
 * there is no room. */
static enum sp_status record_read_older(struct kiosk *k, int *got)
{
	enum sp_status status;
	int drop;

	status = record_read(k, record_n ? record_rows[record_n - 1].id : NULL,
			     ENTRY_PAGE_OLDER, got);
	if (status != SP_OK || *got == 0)
		return status;
	drop = record_n + *got - RECORD_HELD;
	if (drop > 0) {
		memmove(record_rows, record_rows + drop,
			(size_t)(record_n - drop) * sizeof record_rows[0]);
		record_n -= drop;
		record_first += drop;
	}
	memcpy(record_rows + record_n, record_page,
	       (size_t)*got * sizeof record_page[0]);
	record_n += *got;
	return SP_OK;
}

/* Reads the entries before the held ones (they come nearest first),
 * dropping the oldest held when there is no room. */
static enum sp_status record_read_newer(struct kiosk *k, int *got)
{
	enum sp_status status;

	status = record_read(k, record_rows[0].id, ENTRY_PAGE_NEWER, got);
	if (status != SP_OK || *got == 0)
		return status;
	if (record_n + *got > RECORD_HELD)
		record_n = RECORD_HELD - *got;
	memmove(record_rows + *got, record_rows,
		(size_t)record_n * sizeof record_rows[0]);
	for (int i = 0; i < *got; i++)
		record_rows[*got - 1 - i] = record_page[i];
	record_n += *got;
	record_first -= *got;
	return SP_OK;
}

/* Makes sure entries [from, to) of the list are held, reading pages from
 * the store as needed. A page shorter than asked is the end of the list:
 * the count is corrected by it if the record changed meanwhile. */
static enum sp_status record_hold(struct kiosk *k, int from, int to)
{
	enum sp_status status = SP_OK;
	int got;

	if (to > record_total)
		to = record_total;
	while (status == SP_OK && to > record_first + record_n) {
		status = record_read_older(k, &got);
		if (status == SP_OK && got < RECORD_CHUNK) {
			record_total = record_first + record_n;
			break;
		}
	}
	while (status == SP_OK && record_n > 0 && from < record_first) {
		status = record_read_newer(k, &got);
		if (status == SP_OK && got < RECORD_CHUNK) {
			/* the newest is held: number from it */
			record_first = 0;
			break;
		}
	}
	if (record_total < record_first + record_n)
		record_total = record_first + record_n;
	return status;
}

static void record_enter(struct kiosk *k)
{
	const struct points_rules rules = {
		.per_hour = k->cfg->points_per_hour,
		.per_commitment = k->cfg->points_per_commitment,
		.daily_cap = k->cfg->points_daily_cap,
	};
	enum sp_status status;

	k->message[0] = '\0';
	record_first = record_n = record_total = record_top = 0;
	status = entry_totals_for(k->db, k->member->id, k->now_ms, &record_totals);
	if (status == SP_OK)
		status = points_for_member(k->db, k->member->id, &rules, k->now_ms,
					   &record_points);
	record_have_totals = status == SP_OK;
	if (status == SP_OK)
		status = entry_count_for(k->db, k->member->id, &record_total);
	record_counted = status == SP_OK;
	record_layout(k);
	if (status == SP_OK)
		status = record_hold(k, 0, record_shown);
	if (status != SP_OK)
		kiosk_say_status(k, status);
}

static void record_leave(struct kiosk *k)
{
	(void)k;
	record_first = record_n = record_total = record_top = 0;
	record_have_totals = record_counted = false;
}

/* The first entry shown may not leave blank rows at the end. */
static int record_clamp_top(int top)
{
	int max = record_total - record_shown;

	if (top > max)
		top = max;
	return top < 0 ? 0 : top;
}

/* "^  3 more above" / "v  40 more below" in the row, bold, as menus say
 * it: no colour needed. */
static void record_draw_more(int y, int x, int w, bool above, int hidden)
{
	char buf[128];

	if (hidden <= 0)
		return;
	snprintf(buf, sizeof buf, above ? _("%d more above") : _("%d more below"),
		 hidden);
	x += draw_text(y, x, w, above ? " ^  " : " v  ", A_BOLD);
	draw_text(y, x, w - 4, buf, A_BOLD);
}

static void record_draw_totals(struct kiosk *k, int y, int x, int w)
{
	int lc = 18, half = w / 2;
	char buf[256], a[64];
	char *name = text_sanitize_dup(k->member->name, false);

	snprintf(buf, sizeof buf, _("Service record of %s (badge %s)"),
		 name ? name : "", k->member->member_no);
	free(name);
	draw_box(y, x, 5, w, buf);
	if (!record_have_totals)
		return;
	kiosk_format_minutes(record_totals.today_minutes, a, sizeof a);
	draw_field(y + 1, x + 1, lc, half - 2, _("Today:"), a, A_BOLD);
	kiosk_format_minutes(record_totals.month_minutes, a, sizeof a);
	draw_field(y + 1, x + half, lc, half - 2, _("This month:"), a, A_BOLD);
	kiosk_format_minutes(record_totals.year_minutes, a, sizeof a);
	draw_field(y + 2, x + 1, lc, half - 2, _("This year:"), a, A_BOLD);
	kiosk_format_minutes(record_totals.pending_minutes, a, sizeof a);
	draw_field(y + 2, x + half, lc, half - 2, _("Pending:"), a, A_BOLD);
	snprintf(a, sizeof a, "%.1f", record_points.this_year);
	draw_field(y + 3, x + 1, lc, half - 2, _("Points this year:"), a, A_BOLD);
	snprintf(a, sizeof a, "%.1f", record_points.total);
	draw_field(y + 3, x + half, lc, half - 2, _("Points in all:"), a, A_BOLD);
}

static void record_draw(struct kiosk *k)
{
	int x, y = draw_body_top(), w = RECORD_W, row;
	const char *heading = _("All your entries, newest first");
	const char *note = _("Voided and rejected entries do not count.");
	char head[RECORD_LINE_MAX];

	draw_frame(k, _("My record"));
	record_layout(k);
	x = record_x;
	record_draw_totals(k, y, x, w);

	row = y + 5;
	draw_text(row, x, w, heading, A_BOLD);
	/* right-aligned when both fit, else left out */
	if (text_width(heading) + 2 + text_width(note) <= (size_t)w)
		draw_text(row, x + w - (int)text_width(note), w, note, A_NORMAL);
	head[0] = '\0';
	record_cell(head, sizeof head, _("Date"), COL_DATE);
	record_cell(head, sizeof head, _("Entry no."), COL_NO);
	record_cell(head, sizeof head, _("Activity"), COL_ACT);
	record_cell(head, sizeof head, _("Duration"), COL_DUR);
	record_cell(head, sizeof head, _("Status"), COL_STATUS);
	draw_text(row + 1, x, w, head, A_UNDERLINE);

	if (record_total == 0) {
		/* after a failed read the status line says why instead */
		if (record_counted)
			draw_text(record_list_y, x, w, _("Nothing on record yet."),
				  A_NORMAL);
		return;
	}
	/* a taller terminal shows more: read what it needs */
	record_top = record_clamp_top(record_top);
	if (record_hold(k, record_top, record_top + record_shown) != SP_OK)
		return;
	record_top = record_clamp_top(record_top);
	row = record_list_y + (record_more ? 1 : 0);
	for (int i = 0; i < record_shown; i++) {
		int idx = record_top + i - record_first;
		if (idx < 0 || idx >= record_n)
			continue;
		draw_text(row + i, x, w, record_rows[idx].line,
			  record_rows[idx].counts ? A_NORMAL : A_DIM);
	}
	if (record_more) {
		record_draw_more(record_list_y, x, w, true, record_top);
		record_draw_more(record_list_y + record_list_rows - 1, x, w, false,
				 record_total - record_top - record_shown);
	}
}

/* Scrolls by delta entries, stopping at the ends. */
static unsigned record_scroll(struct kiosk *k, int delta)
{
	int to;
	enum sp_status status;

	record_layout(k);
	to = record_clamp_top(record_top + delta);
	if (to == record_top)
		return TUI_HANDLED;
	status = record_hold(k, to, to + record_shown);
	if (status != SP_OK) {
		kiosk_say_status(k, status);
		return TUI_HANDLED | TUI_REDRAW;
	}
	record_top = record_clamp_top(to);
	return TUI_HANDLED | TUI_REDRAW;
}

/* A touch on "more above" or "more below" turns the page. */
static unsigned record_touch(struct kiosk *k, const struct tui_key *key)
{
	record_layout(k);
	if (!record_more || key->x < record_x || key->x >= record_x + RECORD_W)
		return 0;
	if (key->y == record_list_y && record_top > 0)
		return record_scroll(k, -record_shown);
	if (key->y == record_list_y + record_list_rows - 1 &&
	    record_top + record_shown < record_total)
		return record_scroll(k, record_shown);
	return 0;
}

static unsigned record_key(struct kiosk *k, const struct tui_key *key)
{
	if (key->type == TUI_KEY_MOUSE)
		return record_touch(k, key);
	switch (key->action) {
	case ACTION_BACK:
		return TUI_GOTO_SCREEN(SCREEN_PANEL);
	case ACTION_SCROLL:
		record_layout(k);
		switch (key->code) {
		case KEY_UP: return record_scroll(k, -1);
		case KEY_DOWN: return record_scroll(k, 1);
		case KEY_PPAGE: return record_scroll(k, -record_shown);
		case KEY_NPAGE: return record_scroll(k, record_shown);
		default: return 0;
		}
	default:
		return 0;
	}
}

const struct screen screen_record = {
	.name = "record",
	.actions = record_actions,
	.enter = record_enter,
	.leave = record_leave,
	.draw = record_draw,
	.key = record_key,
	.tick = NULL,
};
