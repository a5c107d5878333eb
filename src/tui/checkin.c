/* checkin.c — the check-in confirmation: the chosen activity, the start
 * time, an optional note, and Enter to save.
 *
 * Enter is the one write: entry.c opens the visit in one transaction and
 * refuses a second open one (then the confirmation screen shows the open
 * visit instead). Esc goes back to the panel and saves nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "entry.h"
#include "i18n.h"
#include "kiosk.h"
#include "text.h"

static const enum action checkin_actions[] = {
	ACTION_CONFIRM, ACTION_ERASE, ACTION_BACK, ACTION_NONE,
};

static struct lineedit checkin_note;

static void checkin_enter(struct kiosk *k)
{
	(void)k;
	lineedit_init(&checkin_note, ENTRY_NOTE_MAX, 0);
}

static void checkin_leave(struct kiosk *k)
{
	(void)k;
	lineedit_clear(&checkin_note);
}

static void checkin_draw(struct kiosk *k)
{
	char when[64], who[256];
	int w = 72, x = (k->cols - w) / 2, y = draw_body_top() + 1, lc = 18;
	char *name = text_sanitize_dup(k->member->name, false);

	draw_frame(k, _("Check in"));
	draw_box(y, x, 13, w, _("Check in"));
	snprintf(who, sizeof who, "%s (%s)", name ? name : "", k->member->member_no);
	free(name);
	clock_format_local(k->now_ms, "%Y-%m-%d %H:%M", when, sizeof when);

	draw_field(y + 2, x + 2, lc, w - 4, _("Member:"), who, A_BOLD);
	draw_field(y + 3, x + 2, lc, w - 4, _("Activity:"), k->activity_name, A_BOLD);
	draw_field(y + 4, x + 2, lc, w - 4, _("Starts:"), when, A_BOLD);
	draw_field(y + 6, x + 2, lc, w - 4, _("Note (optional):"), "", A_NORMAL);
	lineedit_draw(&checkin_note, k, y + 6, x + 2 + lc + 1, w - lc - 5, true);
	draw_text(y + 9, x + 2, w - 4, _("Press Enter to check in."),
		  draw_attr(ROLE_TITLE));
	draw_text(y + 10, x + 2, w - 4,
		  _("Esc goes back without saving anything."), A_NORMAL);
}

static unsigned checkin_save(struct kiosk *k)
{
	char id[UUID_STR_LEN];
	struct entry *open = NULL;
	enum sp_status status;

	status = text_validate(checkin_note.buf, ENTRY_NOTE_MAX, false, false);
	if (status == SP_OK)
		status = entry_check_in(k->db, k->member->id, k->activity_id,
					checkin_note.len ? checkin_note.buf : NULL,
					id);
	if (status == SP_OK) {
		k->confirm = CONFIRM_CHECKED_IN;
		memcpy(k->confirm_id, id, sizeof id);
		return TUI_GOTO_SCREEN(SCREEN_CONFIRM) | TUI_FLUSH;
	}
	if (status == SP_ERR_ALREADY_OPEN &&
	    entry_find_open(k->db, k->member->id, &open) == SP_OK) {
		k->confirm = CONFIRM_ALREADY_OPEN;
		memcpy(k->confirm_id, open->id, sizeof open->id);
		entry_free(open);
		return TUI_GOTO_SCREEN(SCREEN_CONFIRM) | TUI_FLUSH;
	}
	kiosk_say_status(k, status);
	return TUI_HANDLED | TUI_REDRAW;
}

static unsigned checkin_key(struct kiosk *k, const struct tui_key *key)
{
	switch (key->action) {
	case ACTION_BACK:
		return TUI_GOTO_SCREEN(SCREEN_PANEL);
	case ACTION_CONFIRM:
		return checkin_save(k);
	default:
		break;
	}
	return form_text_key(k, &checkin_note, key, _("The note is full (at most %d characters)."));
}

const struct screen screen_checkin = {
	.name = "checkin",
	.actions = checkin_actions,
	.enter = checkin_enter,
	.leave = checkin_leave,
	.draw = checkin_draw,
	.key = checkin_key,
	.tick = NULL,
};
