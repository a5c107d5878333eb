/* shiftopen.c — closing a shift, step 2 of 5: visits still open
 * (forgotten check-outs). For the highlighted one the staff member types
 * the end time (HH:MM, now by default) and presses Enter, or presses V
 * and gives a reason to void it. Tab goes on and leaves the rest open.
 *
 * entry.c enforces the rules (no later than now, no longer than
 * max_session_hours, a reason for a void) and audits each action in the
 * same transaction; this screen only turns the typed time into an
 * instant and says what core refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "entry.h"
#include "i18n.h"
#include "kiosk.h"
#include "shift.h"
#include "text.h"

#define OPEN_TIME_CHARS 5          /* "HH:MM" */
#define OPEN_MS_PER_MINUTE INT64_C(60000)
#define OPEN_LIST_ROWS 8

static const enum action open_actions[] = {
	ACTION_SUBMIT, ACTION_MOVE, ACTION_VOID, ACTION_NEXT_STEP, ACTION_ERASE,
	ACTION_BACK, ACTION_NONE,
};

static struct shift_items open_list;
static size_t open_sel, open_top;
static bool open_voiding;          /* typing the reason for a void */
static struct lineedit open_time, open_reason;

static void open_leave(struct kiosk *k)
{
	(void)k;
	shift_items_clear(&open_list);
	lineedit_clear(&open_reason);
}

/* Now as HH:MM, the default end time. */
static void open_default_time(struct kiosk *k)
{
	char now[16];

	clock_format_local(k->now_ms, "%H:%M", now, sizeof now);
	lineedit_set(&open_time, now);
}

static void open_reload(struct kiosk *k)
{
	enum sp_status status;

	shift_items_clear(&open_list);
	status = shift_open_entries(k->db, &open_list);
	if (status != SP_OK)
		kiosk_say_status(k, status);
	if (open_sel >= open_list.n)
		open_sel = open_list.n ? open_list.n - 1 : 0;
	open_voiding = false;
	lineedit_clear(&open_reason);
	open_default_time(k);
}

static void open_enter(struct kiosk *k)
{
	k->message[0] = '\0';
	open_sel = open_top = 0;
	lineedit_init(&open_time, OPEN_TIME_CHARS, 0);
	lineedit_init(&open_reason, ENTRY_NOTE_MAX, 0);
	open_reload(k);
}

static void open_draw(struct kiosk *k)
{
	int y = shiftclose_draw_step(k, 2, _("visits still open")) + 1;
	int x = 2, w = k->cols - 4, lc = 26;
	char line[512], when[32];

	if (open_list.n == 0) {
		draw_text(y + 1, x + 2, w - 2, _("No visits are open."), A_BOLD);
		draw_text(y + 3, x + 2, w - 2,
			  _("Enter goes on to the items waiting for verification."),
			  A_NORMAL);
		return;
	}
	snprintf(line, sizeof line,
		 _("%zu visits were not checked out. Set an end time for each, or void it."),
		 open_list.total);
	draw_text(y++, x, w, line, A_NORMAL);
	draw_box(y, x, OPEN_LIST_ROWS + 2, w, NULL);
	if (open_sel < open_top)
		open_top = open_sel;
	if (open_sel >= open_top + OPEN_LIST_ROWS)
		open_top = open_sel - OPEN_LIST_ROWS + 1;
	for (size_t i = open_top; i < open_list.n && i < open_top + OPEN_LIST_ROWS; i++) {
		const struct shift_item *it = &open_list.items[i];
		char *name = text_sanitize_dup(it->member_name, false);
		char *what = text_sanitize_dup(it->what, false);
		bool sel = i == open_sel;
		clock_format_local(it->started_ms, "%m-%d %H:%M", when, sizeof when);
		snprintf(line, sizeof line, _("%s %s  %s  since %s"),
			 it->member_no, name ? name : "", what ? what : "", when);
		draw_fill(y + 1 + (int)(i - open_top), x + 1, w - 2,
			  sel ? draw_attr(ROLE_SELECTED) : A_NORMAL);
		draw_text(y + 1 + (int)(i - open_top), x + 2, w - 4, line,
			  sel ? draw_attr(ROLE_SELECTED) : A_NORMAL);
		free(name);
		free(what);
	}
	y += OPEN_LIST_ROWS + 3;
	if (open_voiding) {
		draw_text(y, x, lc, _("Reason for the void:"), A_BOLD);
		lineedit_draw(&open_reason, k, y, x + lc + 1, w - lc - 1, true);
		draw_text(y + 2, x, w,
			  _("Enter voids the visit with this reason; Esc cancels."),
			  A_NORMAL);
	} else {
		draw_text(y, x, lc, _("End time (HH:MM):"), A_BOLD);
		lineedit_draw(&open_time, k, y, x + lc + 1, OPEN_TIME_CHARS + 1, true);
		snprintf(line, sizeof line,
			 _("Enter closes the visit at that time (at most %d hours after check-in); V voids it."),
			 k->cfg->max_session_hours);
		draw_wrapped(y + 2, x, w, 2, line, A_NORMAL);
	}
}

/* The first instant at hh:mm local time not before started_ms. */
static bool open_parse_time(const char *text, int64_t started_ms,
			    int64_t *end_ms)
{
	int hh = -1, mm = -1, n = 0;
	int64_t day, t;

	if (sscanf(text, "%2d:%2d%n", &hh, &mm, &n) != 2 || text[n] != '\0') {
		n = 0;
		if (strlen(text) != 4 || sscanf(text, "%2d%2d%n", &hh, &mm, &n) != 2 ||
		    text[n] != '\0')
			return false;
	}
	if (hh < 0 || hh > 23 || mm < 0 || mm > 59)
		return false;
	day = clock_local_day_start(started_ms);
	t = day + (int64_t)(hh * 60 + mm) * OPEN_MS_PER_MINUTE;
	if (t < started_ms)
		t = clock_local_add_days(day, 1) +
		    (int64_t)(hh * 60 + mm) * OPEN_MS_PER_MINUTE;
	*end_ms = t;
	return true;
}

static unsigned open_close_selected(struct kiosk *k)
{
	const struct shift_item *it = &open_list.items[open_sel];
	struct entry_rules rules;
	char name[128], when[16];
	int64_t end_ms = 0;
	enum sp_status status;

	if (!open_parse_time(open_time.buf, it->started_ms, &end_ms)) {
		kiosk_say(k, true, "%s", _("Please type the end time as HH:MM, for example 17:30."));
		return TUI_HANDLED | TUI_REDRAW;
	}
	shiftclose_rules(k, &rules);
	status = entry_close_by_staff(k->db, it->id, k->member->id, end_ms, &rules);
	switch (status) {
	case SP_OK:
		text_fit_copy(name, sizeof name, it->member_name, 20, false);
		clock_format_local(end_ms, "%H:%M", when, sizeof when);
		open_reload(k);
		kiosk_say(k, false, _("Saved: the visit of %s ends at %s."), name, when);
		return TUI_HANDLED | TUI_REDRAW | TUI_FLUSH;
	case SP_ERR_DATE:
		kiosk_say(k, true, "%s", _("Not saved: the end time must lie between the check-in and now."));
		break;
	case SP_ERR_HOURS:
		kiosk_say(k, true, _("Not saved: a visit is at most %d hours long; pick an earlier time or void it."),
			  k->cfg->max_session_hours);
		break;
	case SP_ERR_STATE:
		open_reload(k);
		kiosk_say(k, true, "%s", _("This visit was closed meanwhile; nothing was changed."));
		break;
	default:
		kiosk_say_status(k, status);
		break;
	}
	return TUI_HANDLED | TUI_REDRAW;
}

static unsigned open_void_selected(struct kiosk *k)
{
	const struct shift_item *it = &open_list.items[open_sel];
	enum sp_status status = text_validate(open_reason.buf, ENTRY_NOTE_MAX,
					      true, false);

	if (status == SP_ERR_TEXT_EMPTY) {
		kiosk_say(k, true, "%s", _("Not voided: please give a reason."));
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (status == SP_OK)
		status = entry_void(k->db, it->id, k->member->id, open_reason.buf);
	if (status != SP_OK) {
		kiosk_say_status(k, status);
		return TUI_HANDLED | TUI_REDRAW;
	}
	open_reload(k);
	kiosk_say(k, false, "%s", _("Saved: the visit is voided and stays on record with the reason."));
	return TUI_HANDLED | TUI_REDRAW | TUI_FLUSH;
}

static unsigned open_key(struct kiosk *k, const struct tui_key *key)
{
	struct lineedit *le = open_voiding ? &open_reason : &open_time;

	switch (key->action) {
	case ACTION_BACK:
		if (open_voiding) {
			open_voiding = false;
			lineedit_clear(&open_reason);
			k->message[0] = '\0';
			return TUI_HANDLED | TUI_REDRAW;
		}
		return TUI_GOTO_SCREEN(SCREEN_SHIFT_SUMMARY);
	case ACTION_NEXT_STEP:
		return TUI_GOTO_SCREEN(SCREEN_SHIFT_VERIFY);
	case ACTION_SUBMIT:
		if (open_list.n == 0)
			return TUI_GOTO_SCREEN(SCREEN_SHIFT_VERIFY);
		return open_voiding ? open_void_selected(k) : open_close_selected(k);
	case ACTION_MOVE:
		if (open_voiding || open_list.n == 0)
			return TUI_HANDLED;
		if (key->code == KEY_UP || key->code == KEY_PPAGE) {
			if (open_sel > 0)
				open_sel--;
		} else if (open_sel + 1 < open_list.n) {
			open_sel++;
		}
		open_default_time(k);
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_VOID:
		if (!open_voiding && open_list.n > 0) {
			open_voiding = true;
			k->message[0] = '\0';
			return TUI_HANDLED | TUI_REDRAW;
		}
		break; /* a 'v' typed into the reason */
	default:
		break;
	}
	if (open_list.n == 0)
		return 0;
	switch (lineedit_key(le, key)) {
	case LINEEDIT_CHANGED:
		k->message[0] = '\0';
		return TUI_HANDLED | TUI_REDRAW;
	case LINEEDIT_REFUSED:
		return TUI_HANDLED;
	default:
		return 0;
	}
}

const struct screen screen_shift_open = {
	.name = "shift_open",
	.actions = open_actions,
	.enter = open_enter,
	.leave = open_leave,
	.draw = open_draw,
	.key = open_key,
	.tick = NULL,
};
