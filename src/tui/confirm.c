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

#include "clock.h"
#include "commitment.h"
#include "entry.h"
#include "i18n.h"
#include "kiosk.h"
#include "points.h"
#include "text.h"

#define CONFIRM_SHOW_MS 10000

/* Print is bound (slot 1) only while a slip can be printed: after a
 * check-out or logged hours, before it was tried. */
static enum action confirm_actions[] = { ACTION_ANY, ACTION_NONE, ACTION_NONE };
static int confirm_print_y = -1, confirm_print_x, confirm_print_w; /* item */

static struct entry *confirm_entry;
static struct commitment *confirm_commitment; /* for the commitment kinds */
static struct entry_totals confirm_totals;
static struct points_summary confirm_points;
static bool confirm_have_totals;
static int64_t confirm_since_ms, confirm_since_mono_ms;
static int confirm_left_s; /* the countdown as last drawn */

/* Whether confirm_id names a commitment rather than an entry. */
static bool confirm_is_commitment(enum confirm_kind kind)
{
	return kind == CONFIRM_COMMIT_MADE || kind == CONFIRM_COMMIT_FULFILLED ||
	       kind == CONFIRM_COMMIT_WITHDRAWN;
}

static void confirm_enter(struct kiosk *k)
{
	enum sp_status status;

	confirm_since_ms = k->now_ms;
	confirm_since_mono_ms = k->mono_ms;
	confirm_left_s = CONFIRM_SHOW_MS / 1000;
	confirm_have_totals = false;
	confirm_actions[1] = ACTION_NONE;
	k->message[0] = '\0';
	if (confirm_is_commitment(k->confirm)) {
		status = commitment_get(k->db, k->confirm_id, &confirm_commitment);
		if (status != SP_OK)
			kiosk_say_status(k, status);
		return;
	}
	status = entry_get(k->db, k->confirm_id, &confirm_entry);
	if (status != SP_OK) {
		kiosk_say_status(k, status);
		return;
	}
	if (k->confirm == CONFIRM_CHECKED_OUT || k->confirm == CONFIRM_LOGGED)
		confirm_actions[1] = ACTION_PRINT;
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
	commitment_free(confirm_commitment);
	confirm_commitment = NULL;
}

static void confirm_rule(int round_minutes, char *buf, size_t size)
{
	if (round_minutes <= 1)
		snprintf(buf, size, "%s", _("counted to the minute"));
	else
		snprintf(buf, size, _("rounded to the nearest %d minutes"),
			 round_minutes);
}

/* "Label:" right-aligned in lc columns, the text wrapped beside it;
 * returns the next row. */
static int confirm_draw_long(int row, int x, int cols, int lc, int max_rows,
			     const char *label, const char *text)
{
	char *safe = text_sanitize_dup(text ? text : "", false);
	int used;

	draw_field(row, x, lc, cols, label, "", A_NORMAL);
	used = draw_wrapped(row, x + lc + 1, cols - lc - 1, max_rows,
			    safe ? safe : "", A_NORMAL);
	free(safe);
	return row + (used > 0 ? used : 1);
}

/* Hours logged: the day, the hours, the status and the description. */
static int confirm_draw_logged(const struct kiosk *k, const struct entry *e,
			       int x, int row, int cols, int lc)
{
	char a[128];

	form_format_day(k, e->started_ms, true, a, sizeof a);
	draw_field(row++, x, lc, cols, _("Date:"), a, A_BOLD);
	kiosk_format_minutes(e->minutes, a, sizeof a);
	draw_field(row++, x, lc, cols, _("Hours:"), a, A_BOLD);
	draw_field(row++, x, lc, cols, _("Status:"),
		   entry_status_label(e->status), A_BOLD);
	return confirm_draw_long(row, x, cols, lc, 8, _("Description:"), e->note);
}

/* A commitment as stored, with the member's note or reason. */
static int confirm_draw_commitment(const struct kiosk *k,
				   const struct commitment *c, int x, int row,
				   int cols, int lc)
{
	char buf[512];
	char *name = text_sanitize_dup(k->member->name, false);

	snprintf(buf, sizeof buf, "%s (%s)", name ? name : "", k->member->member_no);
	free(name);
	draw_field(row++, x, lc, cols, _("Member:"), buf, A_BOLD);
	row = confirm_draw_long(row, x, cols, lc, 6, _("Commitment:"), c->text);
	draw_field(row++, x, lc, cols, _("Category:"),
		   commitments_category_label(c->category), A_BOLD);
	draw_field(row++, x, lc, cols, _("Due:"), c->due_date, A_BOLD);
	draw_field(row++, x, lc, cols, _("Public:"),
		   c->is_public ? _("yes (visitors can see it)") : _("no"), A_BOLD);
	draw_field(row++, x, lc, cols, _("Status:"),
		   commitment_status_label(c->status, c->overdue), A_BOLD);
	if (*c->fulfil_note)
		row = confirm_draw_long(row, x, cols, lc, 3, _("Note:"), c->fulfil_note);
	if (*c->withdraw_reason)
		row = confirm_draw_long(row, x, cols, lc, 3, _("Reason:"),
					c->withdraw_reason);
	return row;
}

/* " P  Print a slip" at the right of the countdown's row, while a slip
 * can be printed; remembered for a touch. */
static void confirm_draw_print(struct kiosk *k)
{
	const char *keys = _("P"), *label = _("Print a slip");
	int w = (int)(text_width(keys) + text_width(label)) + 3;

	confirm_print_y = -1;
	if (confirm_actions[1] != ACTION_PRINT)
		return;
	confirm_print_y = k->rows - 3;
	confirm_print_x = k->cols - 2 - w;
	confirm_print_w = draw_text(confirm_print_y, confirm_print_x, w, " ",
				    A_REVERSE | A_BOLD);
	confirm_print_w += draw_text(confirm_print_y, confirm_print_x + confirm_print_w,
				     w - confirm_print_w, keys, A_REVERSE | A_BOLD);
	confirm_print_w += draw_text(confirm_print_y, confirm_print_x + confirm_print_w,
				     w - confirm_print_w, "  ", A_REVERSE | A_BOLD);
	confirm_print_w += draw_text(confirm_print_y, confirm_print_x + confirm_print_w,
				     w - confirm_print_w, label, A_BOLD);
}

/* The slip of the entry just saved: once, after the commit. A failure
 * leaves the record as it is; the member is told to ask the staff. */
static unsigned confirm_print(struct kiosk *k)
{
	confirm_actions[1] = ACTION_NONE; /* from now on P is any key */
	if (confirm_entry)
		printjob_service_slip(k, confirm_entry);
	/* ten more seconds to read what happened */
	confirm_since_ms = k->now_ms;
	confirm_since_mono_ms = k->mono_ms;
	confirm_left_s = CONFIRM_SHOW_MS / 1000;
	/* keys pressed while the printer worked must not act */
	return TUI_HANDLED | TUI_REDRAW | TUI_FLUSH;
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
	case CONFIRM_LOGGED:
		title = _("Hours logged");
		headline = _("Saved. These hours are pending until station staff check them:");
		break;
	case CONFIRM_COMMIT_MADE:
		title = _("Commitment made");
		headline = _("Saved. Your commitment:");
		break;
	case CONFIRM_COMMIT_FULFILLED:
		title = _("Marked fulfilled");
		headline = _("Saved. It is pending until station staff check it:");
		break;
	case CONFIRM_COMMIT_WITHDRAWN:
		title = _("Commitment withdrawn");
		headline = _("Saved. The commitment is withdrawn:");
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
	confirm_draw_print(k);
	draw_text(k->rows - 3, 2, (confirm_print_y >= 0 ? confirm_print_x - 2 :
				   k->cols - 2) - 2, buf, A_NORMAL);
	if (confirm_commitment) {
		draw_text(y, 2, k->cols - 4, headline, draw_attr(ROLE_OK));
		row = confirm_draw_commitment(k, confirm_commitment, x + 2, y + 3,
					      w - 4, lc);
		draw_box(y + 1, x, row - y, w, title);
		return;
	}
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
		   kiosk_entry_activity(k, e), A_BOLD);
	if (e->kind == ENTRY_KIND_LOGGED) {
		row = confirm_draw_logged(k, e, x + 2, row, w - 4, lc);
		draw_box(y + 1, x, row - y, w, title);
		return;
	}
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
	if (key->action == ACTION_PRINT ||
	    (key->type == TUI_KEY_MOUSE && confirm_actions[1] == ACTION_PRINT &&
	     key->y == confirm_print_y && key->x >= confirm_print_x &&
	     key->x < confirm_print_x + confirm_print_w))
		return confirm_print(k);
	/* any key or touch: an Enter here never saves anything again */
	if (key->action == ACTION_ANY || key->type == TUI_KEY_MOUSE)
		return TUI_GOTO_SCREEN(SCREEN_HOME);
	return 0;
}

static unsigned confirm_tick(struct kiosk *k)
{
	int64_t shown = kiosk_elapsed_ms(k, confirm_since_ms, confirm_since_mono_ms);
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
