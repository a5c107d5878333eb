/* record.c — My record: the member's service hours (today, this month,
 * this year, still pending), points, and the last entries with their
 * status.
 *
 * Read only: everything comes from entry.c and points.c when the screen
 * opens, so what shows is what is on record. Columns are padded by
 * display width (text_fit_copy), so Chinese activity names keep the
 * columns after them in line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "entry.h"
#include "i18n.h"
#include "kiosk.h"
#include "points.h"
#include "text.h"

#define RECORD_LAST 10
#define RECORD_LINE_MAX 512

static const enum action record_actions[] = { ACTION_BACK, ACTION_NONE };

static struct entry_totals record_totals;
static struct points_summary record_points;
static bool record_have_totals;
static char record_lines[RECORD_LAST][RECORD_LINE_MAX];
static int record_count;

/* Column widths of the entry table, in display columns. */
enum { COL_DATE = 12, COL_ACT = 22, COL_KIND = 10, COL_DUR = 14, COL_STATUS = 16 };

/* Appends s padded (or cut) to cols columns. */
static void record_cell(char *line, size_t size, const char *s, int cols)
{
	char cell[256];
	size_t used = strlen(line);

	text_fit_copy(cell, sizeof cell, s, (size_t)cols, true);
	snprintf(line + used, size - used, "%s", cell);
}

struct record_ctx {
	const struct kiosk *k;
};

static int record_add(const struct entry *e, void *ctx)
{
	const struct record_ctx *rc = ctx;
	char *line = record_lines[record_count];
	char date[32], dur[64];
	char *act = text_sanitize_dup(kiosk_entry_activity(rc->k, e), false);
	const char *status;

	line[0] = '\0';
	clock_format_local(e->started_ms, "%Y-%m-%d", date, sizeof date);
	if (e->minutes < 0)
		snprintf(dur, sizeof dur, "%s", _("in progress"));
	else
		kiosk_format_minutes(e->minutes, dur, sizeof dur);
	status = e->voided ? _("voided") : entry_status_label(e->status);

	record_cell(line, RECORD_LINE_MAX, date, COL_DATE);
	record_cell(line, RECORD_LINE_MAX, act ? act : "", COL_ACT);
	record_cell(line, RECORD_LINE_MAX, entry_kind_label(e->kind), COL_KIND);
	record_cell(line, RECORD_LINE_MAX, dur, COL_DUR);
	record_cell(line, RECORD_LINE_MAX, status, COL_STATUS);
	free(act);
	return ++record_count >= RECORD_LAST;
}

static void record_enter(struct kiosk *k)
{
	const struct points_rules rules = {
		.per_hour = k->cfg->points_per_hour,
		.per_commitment = k->cfg->points_per_commitment,
		.daily_cap = k->cfg->points_daily_cap,
	};
	struct entry_filter f = { .member_id = k->member->id, .limit = RECORD_LAST };
	struct record_ctx ctx = { k };
	enum sp_status status;

	k->message[0] = '\0';
	record_count = 0;
	status = entry_totals_for(k->db, k->member->id, k->now_ms, &record_totals);
	if (status == SP_OK)
		status = points_for_member(k->db, k->member->id, &rules, k->now_ms,
					   &record_points);
	record_have_totals = status == SP_OK;
	if (status == SP_OK)
		status = entry_each(k->db, &f, record_add, &ctx);
	if (status != SP_OK)
		kiosk_say_status(k, status);
}

static void record_draw(struct kiosk *k)
{
	int w = 76, x = (k->cols - w) / 2, y = draw_body_top(), lc = 18;
	int half = w / 2;
	char buf[256], head[RECORD_LINE_MAX], a[64];
	char *name = text_sanitize_dup(k->member->name, false);

	draw_frame(k, _("My record"));
	snprintf(buf, sizeof buf, _("Service record of %s (badge %s)"),
		 name ? name : "", k->member->member_no);
	free(name);
	draw_text(y, x, w, buf, draw_attr(ROLE_TITLE));

	draw_box(y + 1, x, 5, w, _("Service hours and points"));
	if (record_have_totals) {
		kiosk_format_minutes(record_totals.today_minutes, a, sizeof a);
		draw_field(y + 2, x + 1, lc, half - 2, _("Today:"), a, A_BOLD);
		kiosk_format_minutes(record_totals.month_minutes, a, sizeof a);
		draw_field(y + 2, x + half, lc, half - 2, _("This month:"), a, A_BOLD);
		kiosk_format_minutes(record_totals.year_minutes, a, sizeof a);
		draw_field(y + 3, x + 1, lc, half - 2, _("This year:"), a, A_BOLD);
		kiosk_format_minutes(record_totals.pending_minutes, a, sizeof a);
		draw_field(y + 3, x + half, lc, half - 2, _("Pending:"), a, A_BOLD);
		snprintf(a, sizeof a, "%.1f", record_points.this_year);
		draw_field(y + 4, x + 1, lc, half - 2, _("Points this year:"), a, A_BOLD);
		snprintf(a, sizeof a, "%.1f", record_points.total);
		draw_field(y + 4, x + half, lc, half - 2, _("Points in all:"), a, A_BOLD);
	}

	draw_text(y + 6, x, w, _("Your last 10 entries"), A_BOLD);
	head[0] = '\0';
	record_cell(head, sizeof head, _("Date"), COL_DATE);
	record_cell(head, sizeof head, _("Activity"), COL_ACT);
	record_cell(head, sizeof head, _("Kind"), COL_KIND);
	record_cell(head, sizeof head, _("Duration"), COL_DUR);
	record_cell(head, sizeof head, _("Status"), COL_STATUS);
	draw_text(y + 7, x, w, head, A_UNDERLINE);
	if (record_count == 0)
		draw_text(y + 8, x, w, _("Nothing on record yet."), A_NORMAL);
	for (int i = 0; i < record_count; i++)
		draw_text(y + 8 + i, x, w, record_lines[i], A_NORMAL);
}

static unsigned record_key(struct kiosk *k, const struct tui_key *key)
{
	(void)k;
	if (key->action == ACTION_BACK)
		return TUI_GOTO_SCREEN(SCREEN_PANEL);
	return 0;
}

const struct screen screen_record = {
	.name = "record",
	.actions = record_actions,
	.enter = record_enter,
	.leave = NULL,
	.draw = record_draw,
	.key = record_key,
	.tick = NULL,
};
