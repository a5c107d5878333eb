/* confirm.c — what was saved, read back from the store.
 *
 * Shown after every write (and for a refused second check-in, with the
 * open visit instead). Everything on it comes from entry_get() of the id
 * core returned, not from what the screens held, so the member sees the
 * record as it is on disk. Any key or ten seconds return home; the loop
 * has discarded keys typed before this showed, so a double Enter or a
 * second scan cannot act twice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "entry.h"
#include "i18n.h"
#include "kiosk.h"
#include "points.h"
#include "text.h"

#define CONFIRM_SHOW_MS 10000

static const enum action confirm_actions[] = { ACTION_ANY, ACTION_NONE };

static struct entry *confirm_entry;
static struct entry_totals confirm_totals;
static struct points_summary confirm_points;
static bool confirm_have_totals;
static int64_t confirm_since_ms, confirm_since_mono_ms;
static int confirm_left_s; /* the countdown as last drawn */

static void confirm_enter(struct kiosk *k)
{
	enum sp_status status;

	confirm_since_ms = k->now_ms;
	confirm_since_mono_ms = k->mono_ms;
	confirm_left_s = CONFIRM_SHOW_MS / 1000;
	confirm_have_totals = false;
	k->message[0] = '\0';
	status = entry_get(k->db, k->confirm_id, &confirm_entry);
	if (status != SP_OK) {
		kiosk_say_status(k, status);
		return;
	}
	if (k->confirm == CONFIRM_CHECKED_OUT) {
		const struct points_rules rules = {
			.per_hour = k->cfg->points_per_hour,
			.per_commitment = k->cfg->points_per_commitment,
			.daily_cap = k->cfg->points_daily_cap,
		};
		status = entry_totals_for(k->db, k->member->id, k->now_ms,
					  &confirm_totals);
		if (status == SP_OK)
			status = points_for_member(k->db, k->member->id, &rules,
						   k->now_ms, &confirm_points);
		confirm_have_totals = status == SP_OK;
		if (status != SP_OK)
			kiosk_say_status(k, status);
	}
}

static void confirm_leave(struct kiosk *k)
{
	(void)k;
	entry_free(confirm_entry);
	confirm_entry = NULL;
}

static void confirm_rule(int round_minutes, char *buf, size_t size)
{
	if (round_minutes <= 1)
		snprintf(buf, size, "%s", _("counted to the minute"));
	else
		snprintf(buf, size, _("rounded to the nearest %d minutes"),
			 round_minutes);
}

static void confirm_draw(struct kiosk *k)
{
	const struct entry *e = confirm_entry;
	int w = 72, x = (k->cols - w) / 2, y = draw_body_top(), lc = 16, row;
	char buf[512], a[64], b[64], c[64];
	const char *title, *headline;
	char *name, *note;

	switch (k->confirm) {
	case CONFIRM_CHECKED_OUT:
		title = _("Checked out");
		headline = _("Saved. Your visit is closed:");
		break;
	case CONFIRM_ALREADY_OPEN:
		title = _("Already checked in");
		headline = _("You are already checked in; nothing new was saved. Your open visit:");
		break;
	case CONFIRM_CHECKED_IN:
	default:
		title = _("Checked in");
		headline = _("Saved. You are checked in:");
		break;
	}
	draw_frame(k, title);
	snprintf(buf, sizeof buf, _("Back to the home screen in %d s, or press any key."),
		 confirm_left_s);
	draw_text(k->rows - 3, 2, k->cols - 4, buf, A_NORMAL);
	if (!e)
		return;

	draw_text(y, 2, k->cols - 4, headline,
		  draw_attr(k->confirm == CONFIRM_ALREADY_OPEN ? ROLE_ERROR : ROLE_OK));
	row = y + 3;

	name = text_sanitize_dup(e->member_name, false);
	snprintf(buf, sizeof buf, "%s (%s)", name ? name : "", e->member_no);
	free(name);
	draw_field(row++, x + 2, lc, w - 4, _("Member:"), buf, A_BOLD);
	draw_field(row++, x + 2, lc, w - 4, _("Activity:"),
		   strcmp(k->cfg->language, "en") == 0 && *e->activity_name_en ?
		   e->activity_name_en : e->activity_name, A_BOLD);
	clock_format_local(e->started_ms, "%Y-%m-%d %H:%M", a, sizeof a);
	draw_field(row++, x + 2, lc, w - 4, _("Started:"), a, A_BOLD);
	if (e->ended_ms) {
		clock_format_local(e->ended_ms, "%Y-%m-%d %H:%M", a, sizeof a);
		draw_field(row++, x + 2, lc, w - 4, _("Ended:"), a, A_BOLD);
		kiosk_format_minutes(e->minutes, a, sizeof a);
		confirm_rule(e->round_minutes, b, sizeof b);
		snprintf(buf, sizeof buf, "%s (%s)", a, b);
		draw_field(row++, x + 2, lc, w - 4, _("Duration:"), buf, A_BOLD);
	}
	note = text_sanitize_dup(e->note ? e->note : "", false);
	if (note && *note)
		draw_field(row++, x + 2, lc, w - 4, _("Note:"), note, A_NORMAL);
	free(note);
	draw_field(row++, x + 2, lc, w - 4, _("Status:"),
		   entry_status_label(e->status), A_NORMAL);

	if (k->confirm == CONFIRM_CHECKED_OUT && confirm_have_totals) {
		row++;
		draw_text(row++, x + 2, w - 4, _("Your service hours"), A_BOLD);
		kiosk_format_minutes(confirm_totals.today_minutes, a, sizeof a);
		draw_field(row++, x + 2, lc, w - 4, _("Today:"), a, A_NORMAL);
		kiosk_format_minutes(confirm_totals.month_minutes, b, sizeof b);
		draw_field(row++, x + 2, lc, w - 4, _("This month:"), b, A_NORMAL);
		kiosk_format_minutes(confirm_totals.year_minutes, c, sizeof c);
		draw_field(row++, x + 2, lc, w - 4, _("This year:"), c, A_NORMAL);
		snprintf(buf, sizeof buf, _("%.1f (this year %.1f)"),
			 confirm_points.total, confirm_points.this_year);
		draw_field(row++, x + 2, lc, w - 4, _("Points:"), buf, A_NORMAL);
	}
	/* the box goes round what was drawn: its height follows the rows */
	draw_box(y + 1, x, row - y, w, title);
}

static unsigned confirm_key(struct kiosk *k, const struct tui_key *key)
{
	(void)k;
	/* any key or touch: an Enter here never saves anything again */
	if (key->action == ACTION_ANY || key->type == TUI_KEY_MOUSE)
		return TUI_GOTO_SCREEN(SCREEN_HOME);
	return 0;
}

static unsigned confirm_tick(struct kiosk *k)
{
	int64_t wall = k->now_ms - confirm_since_ms;
	int64_t mono = k->mono_ms - confirm_since_mono_ms;
	int64_t shown = wall > mono ? wall : mono;
	int left = (int)((CONFIRM_SHOW_MS - shown + 999) / 1000);

	if (shown >= CONFIRM_SHOW_MS)
		return TUI_GOTO_SCREEN(SCREEN_HOME);
	if (left != confirm_left_s) {
		confirm_left_s = left;
		return TUI_REDRAW;
	}
	return 0;
}

const struct screen screen_confirm = {
	.name = "confirm",
	.actions = confirm_actions,
	.enter = confirm_enter,
	.leave = confirm_leave,
	.draw = confirm_draw,
	.key = confirm_key,
	.tick = confirm_tick,
};
