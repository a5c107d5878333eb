/* staff.c — the staff menu, reached only with a staff or admin PIN:
 * open a shift, close it (the walk-through of shiftsummary.c and the
 * screens after it), reprint a slip or void an entry (entries.c), and
 * leave the kiosk.
 *
 * Every item is a staff action and lands in the audit log: shift.c
 * writes the shift's rows, and the exit is audited here in its own
 * transaction before the loop is told to quit. */
#include <stdlib.h>

#include "audit.h"
#include "clock.h"
#include "i18n.h"
#include "kiosk.h"
#include "shift.h"
#include "text.h"

enum { STAFF_OPEN_SHIFT, STAFF_CLOSE_SHIFT, STAFF_ENTRIES, STAFF_EXIT,
       STAFF_BACK };

static const enum action staff_actions[] = {
	ACTION_NUMBER, ACTION_MOVE, ACTION_CHOOSE, ACTION_HOME, ACTION_NONE,
};

static struct menu staff_menu;
static struct shift *staff_shift;  /* the open shift, or NULL */

static void staff_leave(struct kiosk *k)
{
	(void)k;
	shift_free(staff_shift);
	staff_shift = NULL;
	menu_free(&staff_menu);
}

static void staff_reload(struct kiosk *k)
{
	enum sp_status status;

	shift_free(staff_shift);
	staff_shift = NULL;
	status = shift_current(k->db, &staff_shift);
	if (status != SP_OK && status != SP_ERR_NOT_FOUND)
		kiosk_say_status(k, status);
}

static void staff_enter(struct kiosk *k)
{
	menu_clear(&staff_menu);
	/* The daily work first; leaving the kiosk is rare and goes last but
	 * one, away from a stray press of 1. */
	menu_add(&staff_menu, _("Open a shift"), STAFF_OPEN_SHIFT);
	menu_add(&staff_menu, _("Close the shift"), STAFF_CLOSE_SHIFT);
	menu_add(&staff_menu, _("Reprint or void an entry"), STAFF_ENTRIES);
	menu_add(&staff_menu, _("Exit the kiosk"), STAFF_EXIT);
	menu_add(&staff_menu, _("Back to the home screen"), STAFF_BACK);
	staff_reload(k);
	menu_select_tag(&staff_menu, staff_shift ? STAFF_CLOSE_SHIFT
						 : STAFF_OPEN_SHIFT);
}

static void staff_draw(struct kiosk *k)
{
	int y = draw_body_top(), w = 44, x = (k->cols - w) / 2;
	char *name = text_sanitize_dup(k->member->name, false);
	char line[256], when[32];

	draw_frame(k, _("Staff"));
	draw_text(y, 2, k->cols - 4, name ? name : "", draw_attr(ROLE_TITLE));
	free(name);
	if (staff_shift) {
		char *who = text_sanitize_dup(staff_shift->opened_by_name, false);
		clock_format_local(staff_shift->opened_ms, "%Y-%m-%d %H:%M", when,
				   sizeof when);
		snprintf(line, sizeof line, _("A shift is open since %s (%s on duty)."),
			 when, who ? who : "");
		free(who);
	} else {
		snprintf(line, sizeof line, "%s", _("No shift is open."));
	}
	draw_text(y + 1, 2, k->cols - 4, line, A_NORMAL);
	draw_box(y + 3, x, staff_menu.count * 2 + 1, w, _("Staff"));
	menu_draw(&staff_menu, y + 4, x + 1, w - 2, staff_menu.count * 2 - 1, 2);
}

static unsigned staff_exit(struct kiosk *k)
{
	enum sp_status status = db_begin(k->db);

	if (status == SP_OK)
		status = audit_append(k->db, k->member->id, "kiosk.exit",
				      k->cfg->station_id, "");
	if (status == SP_OK)
		status = db_commit(k->db);
	if (status != SP_OK) {
		db_rollback(k->db);
		kiosk_say_status(k, status);
		return TUI_HANDLED | TUI_REDRAW;
	}
	return TUI_QUIT;
}

static unsigned staff_open_shift(struct kiosk *k)
{
	char when[32];
	enum sp_status status = shift_open(k->db, k->member->id, NULL);

	staff_reload(k);
	if (status == SP_ERR_ALREADY_OPEN) {
		kiosk_say(k, true, "%s", _("A shift is open already; close it first."));
	} else if (status != SP_OK) {
		kiosk_say_status(k, status);
	} else {
		clock_format_local(k->now_ms, "%H:%M", when, sizeof when);
		kiosk_say(k, false, _("Shift opened at %s. Entries from now on belong to it."),
			  when);
		menu_select_tag(&staff_menu, STAFF_BACK);
	}
	/* no flush: a second press is refused as a second shift anyway */
	return TUI_HANDLED | TUI_REDRAW;
}

static unsigned staff_close_shift(struct kiosk *k)
{
	staff_reload(k);
	if (!staff_shift) {
		kiosk_say(k, true, "%s", _("No shift is open."));
		return TUI_HANDLED | TUI_REDRAW;
	}
	snprintf(k->shift_id, sizeof k->shift_id, "%s", staff_shift->id);
	return TUI_GOTO_SCREEN(SCREEN_SHIFT_SUMMARY);
}

static unsigned staff_key(struct kiosk *k, const struct tui_key *key)
{
	if (key->action == ACTION_HOME)
		return TUI_GOTO_SCREEN(SCREEN_HOME);
	switch (menu_key(&staff_menu, key)) {
	case MENU_MOVED:
		return TUI_HANDLED | TUI_REDRAW;
	case MENU_CHOSEN:
		switch (menu_selected_tag(&staff_menu)) {
		case STAFF_OPEN_SHIFT:
			return staff_open_shift(k);
		case STAFF_CLOSE_SHIFT:
			return staff_close_shift(k);
		case STAFF_ENTRIES:
			return TUI_GOTO_SCREEN(SCREEN_ENTRIES);
		case STAFF_EXIT:
			return staff_exit(k);
		default:
			return TUI_GOTO_SCREEN(SCREEN_HOME);
		}
	default:
		return 0;
	}
}

const struct screen screen_staff = {
	.name = "staff",
	.actions = staff_actions,
	.enter = staff_enter,
	.leave = staff_leave,
	.draw = staff_draw,
	.key = staff_key,
	.tick = NULL,
};
