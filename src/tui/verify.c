/* verify.c — closing a shift, step 3 of 5: items waiting for a staff
 * decision, i.e. hours logged elsewhere and commitments marked fulfilled.
 *
 * A mark-and-confirm list: Space marks the highlighted item, A marks
 * (or unmarks) all, Enter asks to confirm and a second Enter verifies
 * every marked item; R rejects the highlighted one with a reason. Tab
 * goes on and leaves the rest pending. entry.c and commitment.c check
 * the role and the state and audit each decision in its transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "commitment.h"
#include "entry.h"
#include "i18n.h"
#include "kiosk.h"
#include "shift.h"
#include "text.h"

#define VERIFY_LIST_ROWS 9

static const enum action verify_actions[] = {
	ACTION_VERIFY, ACTION_MARK, ACTION_MARK_ALL, ACTION_REJECT,
	ACTION_MOVE, ACTION_NEXT_STEP, ACTION_ERASE, ACTION_BACK, ACTION_NONE,
};

static struct shift_items verify_list;
static bool *verify_marked;
static size_t verify_sel, verify_top;
static bool verify_confirming;     /* "verify N items?" shown */
static bool verify_rejecting;      /* typing the reason for a rejection */
static struct lineedit verify_reason;

static void verify_leave(struct kiosk *k)
{
	(void)k;
	shift_items_clear(&verify_list);
	free(verify_marked);
	verify_marked = NULL;
	lineedit_clear(&verify_reason);
}

static void verify_reload(struct kiosk *k)
{
	enum sp_status status;

	verify_leave(k);
	status = shift_pending_items(k->db, &verify_list);
	if (status != SP_OK)
		kiosk_say_status(k, status);
	verify_marked = calloc(verify_list.n ? verify_list.n : 1,
			       sizeof *verify_marked);
	if (verify_sel >= verify_list.n)
		verify_sel = verify_list.n ? verify_list.n - 1 : 0;
	verify_confirming = verify_rejecting = false;
}

static void verify_enter(struct kiosk *k)
{
	k->message[0] = '\0';
	verify_sel = verify_top = 0;
	lineedit_init(&verify_reason, ENTRY_NOTE_MAX, 0);
	verify_reload(k);
}

static size_t verify_marked_count(void)
{
	size_t n = 0;

	for (size_t i = 0; verify_marked && i < verify_list.n; i++)
		n += verify_marked[i];
	return n;
}

/* One line of the list: mark, member, what, when, how long. */
static void verify_format(const struct kiosk *k, const struct shift_item *it,
			  char *buf, size_t size)
{
	char when[32], dur[64];
	char *name = text_sanitize_dup(it->member_name, false);
	const char *what = it->what;
	char *safe;

	if (it->kind == SHIFT_ITEM_ENTRY && strcmp(k->cfg->language, "en") == 0 &&
	    it->what_en[0])
		what = it->what_en;
	safe = text_sanitize_dup(what, false);
	if (it->kind == SHIFT_ITEM_ENTRY) {
		clock_local_date(it->started_ms, when);
		kiosk_format_minutes(it->minutes, dur, sizeof dur);
		snprintf(buf, size, _("%s %s  hours: %s  %s  %s"), it->member_no,
			 name ? name : "", safe ? safe : "", when, dur);
	} else {
		snprintf(buf, size, _("%s %s  commitment fulfilled: %s"),
			 it->member_no, name ? name : "", safe ? safe : "");
	}
	free(name);
	free(safe);
}

static void verify_draw(struct kiosk *k)
{
	int y = shiftclose_draw_step(k, 3, _("items to verify")) + 1;
	int x = 2, w = k->cols - 4, lc = 24;
	char line[768];

	if (verify_list.n == 0) {
		draw_text(y + 1, x + 2, w - 2, _("Nothing is waiting for verification."), A_BOLD);
		draw_text(y + 3, x + 2, w - 2,
			  _("Enter goes on to sending the shift's records."), A_NORMAL);
		return;
	}
	snprintf(line, sizeof line, _("%zu items wait for you; %zu marked."),
		 verify_list.total, verify_marked_count());
	draw_text(y++, x, w, line, A_NORMAL);
	draw_box(y, x, VERIFY_LIST_ROWS + 2, w, NULL);
	if (verify_sel < verify_top)
		verify_top = verify_sel;
	if (verify_sel >= verify_top + VERIFY_LIST_ROWS)
		verify_top = verify_sel - VERIFY_LIST_ROWS + 1;
	for (size_t i = verify_top;
	     i < verify_list.n && i < verify_top + VERIFY_LIST_ROWS; i++) {
		bool sel = i == verify_sel;
		attr_t attr = sel ? draw_attr(ROLE_SELECTED) : A_NORMAL;
		int row = y + 1 + (int)(i - verify_top);
		verify_format(k, &verify_list.items[i], line, sizeof line);
		draw_fill(row, x + 1, w - 2, attr);
		draw_text(row, x + 2, 4, verify_marked[i] ? "[x]" : "[ ]", attr);
		draw_text(row, x + 6, w - 8, line, attr);
	}
	y += VERIFY_LIST_ROWS + 3;
	if (verify_rejecting) {
		draw_text(y, x, lc, _("Reason for rejecting:"), A_BOLD);
		lineedit_draw(&verify_reason, k, y, x + lc + 1, w - lc - 1, true);
		draw_text(y + 1, x, w,
			  _("Enter rejects the highlighted item with this reason; Esc cancels."),
			  A_NORMAL);
	} else if (verify_confirming) {
		snprintf(line, sizeof line,
			 _("Verify the %zu marked items? Enter confirms, Esc cancels."),
			 verify_marked_count());
		draw_text(y, x, w, line, draw_attr(ROLE_TITLE));
	} else {
		const struct shift_item *it = &verify_list.items[verify_sel];
		char *note = text_sanitize_dup(it->note, false);
		draw_field(y, x, 8, w, _("Note:"), note ? note : "", A_NORMAL);
		free(note);
		draw_text(y + 1, x, w,
			  _("Space marks, A marks all, Enter verifies the marked ones, R rejects."),
			  A_NORMAL);
	}
}

static unsigned verify_marked_all(struct kiosk *k)
{
	size_t done = 0, failed = 0;
	enum sp_status first = SP_OK;

	for (size_t i = 0; i < verify_list.n; i++) {
		enum sp_status status;
		if (!verify_marked[i])
			continue;
		status = shift_item_verify(k->db, &verify_list.items[i],
					   k->member->id, true, NULL);
		if (status == SP_OK) {
			done++;
		} else {
			failed++;
			if (first == SP_OK)
				first = status;
		}
	}
	verify_reload(k);
	if (failed)
		kiosk_say(k, true, _("%zu verified; %zu could not be: %s"), done,
			  failed, status_message(first));
	else
		kiosk_say(k, false, _("Saved: %zu items verified."), done);
	return TUI_HANDLED | TUI_REDRAW | TUI_FLUSH;
}

static unsigned verify_reject(struct kiosk *k)
{
	enum sp_status status = text_validate(verify_reason.buf, ENTRY_NOTE_MAX,
					      true, false);

	if (status == SP_ERR_TEXT_EMPTY) {
		kiosk_say(k, true, "%s", _("Not rejected: please give a reason."));
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (status == SP_OK)
		status = shift_item_verify(k->db, &verify_list.items[verify_sel],
					   k->member->id, false,
					   verify_reason.buf);
	if (status != SP_OK) {
		kiosk_say_status(k, status);
		return TUI_HANDLED | TUI_REDRAW;
	}
	lineedit_clear(&verify_reason);
	verify_reload(k);
	kiosk_say(k, false, "%s", _("Saved: the item is rejected with your reason."));
	return TUI_HANDLED | TUI_REDRAW | TUI_FLUSH;
}

static unsigned verify_key(struct kiosk *k, const struct tui_key *key)
{
	if (verify_rejecting) {
		if (key->action == ACTION_BACK) {
			verify_rejecting = false;
			lineedit_clear(&verify_reason);
			k->message[0] = '\0';
			return TUI_HANDLED | TUI_REDRAW;
		}
		if (key->action == ACTION_VERIFY)
			return verify_reject(k);
		switch (lineedit_key(&verify_reason, key)) {
		case LINEEDIT_CHANGED:
			k->message[0] = '\0';
			return TUI_HANDLED | TUI_REDRAW;
		case LINEEDIT_REFUSED:
			return TUI_HANDLED;
		default:
			return 0;
		}
	}
	if (verify_confirming) {
		verify_confirming = false;
		if (key->action == ACTION_VERIFY)
			return verify_marked_all(k);
		k->message[0] = '\0';
		return TUI_HANDLED | TUI_REDRAW;
	}
	switch (key->action) {
	case ACTION_BACK:
		return TUI_GOTO_SCREEN(SCREEN_SHIFT_OPEN);
	case ACTION_NEXT_STEP:
		return TUI_GOTO_SCREEN(SCREEN_SHIFT_SYNC);
	case ACTION_VERIFY:
		if (verify_list.n == 0)
			return TUI_GOTO_SCREEN(SCREEN_SHIFT_SYNC);
		if (verify_marked_count() == 0) {
			kiosk_say(k, true, "%s",
				  _("Mark items with Space (A marks all) first, or press Tab to go on."));
			return TUI_HANDLED | TUI_REDRAW;
		}
		verify_confirming = true;
		k->message[0] = '\0';
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_MARK:
		if (verify_list.n) {
			verify_marked[verify_sel] = !verify_marked[verify_sel];
			if (verify_sel + 1 < verify_list.n)
				verify_sel++;
		}
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_MARK_ALL: {
		bool all = verify_marked_count() == verify_list.n;
		for (size_t i = 0; i < verify_list.n; i++)
			verify_marked[i] = !all;
		return TUI_HANDLED | TUI_REDRAW;
	}
	case ACTION_REJECT:
		if (verify_list.n) {
			verify_rejecting = true;
			k->message[0] = '\0';
		}
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_MOVE:
		if (key->code == KEY_UP || key->code == KEY_PPAGE) {
			if (verify_sel > 0)
				verify_sel--;
		} else if (verify_sel + 1 < verify_list.n) {
			verify_sel++;
		}
		return TUI_HANDLED | TUI_REDRAW;
	default:
		return 0;
	}
}

const struct screen screen_shift_verify = {
	.name = "shift_verify",
	.actions = verify_actions,
	.enter = verify_enter,
	.leave = verify_leave,
	.draw = verify_draw,
	.key = verify_key,
	.tick = NULL,
};
