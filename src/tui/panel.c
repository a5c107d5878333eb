/* panel.c — the signed-in member's panel.
 *
 * Whether the member has an open visit decides what 签到/签退 means: with
 * none, the activity list is right here and picking one goes to the
 * check-in confirmation; with one, the highlighted first item is "Check
 * out" and Enter closes it. So a check-in is badge, PIN, activity,
 * confirm, and a check-out badge, PIN, Enter. The other items (log hours,
 * commitments, record) hang off the same menu.
 *
 * The check-out write happens here, through entry.c, in one transaction;
 * what was saved is shown by the confirmation screen, read back. */
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "clock.h"
#include "entry.h"
#include "i18n.h"
#include "kiosk.h"
#include "text.h"

/* Menu tags past the activities (which are tagged by their index). */
enum {
	PANEL_CHECK_OUT = 1000,
	PANEL_LOG_HOURS,
	PANEL_COMMITMENTS,
	PANEL_RECORD,
	PANEL_BACK,
};

static const enum action panel_actions[] = {
	ACTION_NUMBER, ACTION_MOVE, ACTION_CHOOSE, ACTION_HOME, ACTION_NONE,
};

static struct menu panel_menu;
static struct activity *panel_acts;
static size_t panel_act_count;
static struct entry *panel_open;   /* the member's open visit, or NULL */
static char *panel_name;           /* sanitised member name */

static void panel_leave(struct kiosk *k)
{
	(void)k;
	activity_list_free(panel_acts, panel_act_count);
	panel_acts = NULL;
	panel_act_count = 0;
	entry_free(panel_open);
	panel_open = NULL;
	free(panel_name);
	panel_name = NULL;
	menu_free(&panel_menu);
}

static void panel_enter(struct kiosk *k)
{
	enum sp_status status;

	panel_leave(k);
	menu_clear(&panel_menu);
	panel_name = text_sanitize_dup(k->member->name, false);

	status = entry_find_open(k->db, k->member->id, &panel_open);
	if (status == SP_OK) {
		menu_add(&panel_menu, _("Check out"), PANEL_CHECK_OUT);
	} else {
		if (status != SP_ERR_NOT_FOUND)
			kiosk_say_status(k, status);
		status = activity_list(k->db, false, &panel_acts, &panel_act_count);
		if (status != SP_OK)
			kiosk_say_status(k, status);
		else if (panel_act_count == 0)
			kiosk_say(k, true, _("No activity types are set up yet; please ask station staff."));
		for (size_t i = 0; i < panel_act_count; i++)
			menu_add(&panel_menu,
				 activity_display_name(&panel_acts[i], k->cfg->language),
				 (int)i);
	}
	menu_add(&panel_menu, _("Log service hours"), PANEL_LOG_HOURS);
	menu_add(&panel_menu, _("My commitments"), PANEL_COMMITMENTS);
	menu_add(&panel_menu, _("My record"), PANEL_RECORD);
	menu_add(&panel_menu, _("Back to the home screen"), PANEL_BACK);

	switch (k->purpose) {
	case PURPOSE_LOG_HOURS: menu_select_tag(&panel_menu, PANEL_LOG_HOURS); break;
	case PURPOSE_COMMITMENTS: menu_select_tag(&panel_menu, PANEL_COMMITMENTS); break;
	case PURPOSE_RECORD: menu_select_tag(&panel_menu, PANEL_RECORD); break;
	default: break; /* the first item: check out, or the first activity */
	}
}

static void panel_draw(struct kiosk *k)
{
	char line[512], when[32], dur[64];
	int y = draw_body_top(), w = 56, x = (k->cols - w) / 2, inner, spacing;

	draw_frame(k, _("Welcome"));
	snprintf(line, sizeof line, _("Hello, %s (badge %s)"), panel_name,
		 k->member->member_no);
	draw_text(y, 2, k->cols - 4, line, draw_attr(ROLE_TITLE));

	if (panel_open) {
		const char *act = kiosk_entry_activity(k, panel_open);
		int64_t open_ms = k->now_ms - panel_open->started_ms;
		clock_format_local(panel_open->started_ms, "%H:%M", when, sizeof when);
		kiosk_format_minutes((int)(open_ms > 0 ? open_ms / 60000 : 0), dur,
				     sizeof dur);
		snprintf(line, sizeof line,
			 _("You checked in at %s for %s (%s so far)."), when, act, dur);
		draw_wrapped(y + 2, 2, k->cols - 4, 2, line, A_NORMAL);
		draw_text(y + 4, 2, k->cols - 4, _("Press Enter to check out."),
			  A_BOLD);
	} else {
		draw_text(y + 2, 2, k->cols - 4,
			  _("You are not checked in. Choose the activity to check in for:"),
			  A_NORMAL);
	}

	/* a blank row between items when they all fit that way */
	inner = draw_body_rows(k) - 7;
	spacing = panel_menu.count * 2 - 1 <= inner ? 2 : 1;
	if (inner > panel_menu.count * spacing - (spacing - 1))
		inner = panel_menu.count * spacing - (spacing - 1);
	draw_box(y + 5, x, inner + 2, w, NULL);
	menu_draw(&panel_menu, y + 6, x + 1, w - 2, inner, spacing);
}

static unsigned panel_check_out(struct kiosk *k)
{
	const struct entry_rules rules = {
		.round_minutes = k->cfg->round_minutes,
		.max_session_hours = k->cfg->max_session_hours,
		.backfill_days = k->cfg->backfill_days,
		.max_hours_per_day = k->cfg->max_hours_per_day,
	};
	char id[UUID_STR_LEN];
	enum sp_status status = entry_check_out(k->db, k->member->id, &rules, id);

	if (status == SP_OK) {
		k->confirm = CONFIRM_CHECKED_OUT;
		memcpy(k->confirm_id, id, sizeof id);
		return TUI_GOTO_SCREEN(SCREEN_CONFIRM) | TUI_FLUSH;
	}
	kiosk_say_status(k, status);
	if (status == SP_ERR_NOT_OPEN)
		panel_enter(k); /* closed meanwhile: offer check-in instead */
	return TUI_HANDLED | TUI_REDRAW;
}

static unsigned panel_key(struct kiosk *k, const struct tui_key *key)
{
	int tag;

	if (key->action == ACTION_HOME)
		return TUI_GOTO_SCREEN(SCREEN_HOME);
	switch (menu_key(&panel_menu, key)) {
	case MENU_MOVED:
		return TUI_HANDLED | TUI_REDRAW;
	case MENU_CHOSEN:
		break;
	default:
		return 0;
	}
	tag = menu_selected_tag(&panel_menu);
	if (tag >= 0 && (size_t)tag < panel_act_count) {
		const struct activity *a = &panel_acts[tag];
		memcpy(k->activity_id, a->id, sizeof k->activity_id);
		snprintf(k->activity_name, sizeof k->activity_name, "%s",
			 activity_display_name(a, k->cfg->language));
		return TUI_GOTO_SCREEN(SCREEN_CHECKIN);
	}
	switch (tag) {
	case PANEL_CHECK_OUT:
		return panel_check_out(k);
	case PANEL_BACK:
		return TUI_GOTO_SCREEN(SCREEN_HOME);
	case PANEL_LOG_HOURS:
		return TUI_GOTO_SCREEN(SCREEN_LOGHOURS);
	case PANEL_COMMITMENTS:
		return TUI_GOTO_SCREEN(SCREEN_COMMITMENTS);
	case PANEL_RECORD:
		return TUI_GOTO_SCREEN(SCREEN_RECORD);
	default:
		return TUI_HANDLED;
	}
}

const struct screen screen_panel = {
	.name = "panel",
	.actions = panel_actions,
	.enter = panel_enter,
	.leave = panel_leave,
	.draw = panel_draw,
	.key = panel_key,
	.tick = NULL,
};
