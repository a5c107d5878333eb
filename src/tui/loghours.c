/* loghours.c — Log service hours: service done away from the desk, entered
 * by the member as a date, hours in half-hour steps, the kind of service
 * and a description.
 *
 * The form writes nothing until it is sent; then entry.c checks the rules
 * again (date range, 12 hours a day counting what is on record, the text)
 * inside one transaction, and the entry is saved "pending" until staff
 * verify it. A refusal leaves the form as it was with one sentence saying
 * why. Up/Down move between fields, Left/Right change a value, a number
 * or a touch picks from the list shown on the right. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "clock.h"
#include "entry.h"
#include "i18n.h"
#include "kiosk.h"
#include "text.h"

enum lh_field { LH_DATE, LH_HOURS, LH_ACTIVITY, LH_TEXT, LH_SAVE, LH_FIELDS };

/* Days in the pick list: a week back and today by default. */
#define LH_LIST_DAYS 8
#define LH_TYPED_MAX 5   /* "11.5" */

static const enum action lh_actions[] = {
	ACTION_SUBMIT, ACTION_BACK, ACTION_FIELD, ACTION_ADJUST, ACTION_ERASE,
	ACTION_NONE,
};

static enum lh_field lh_focus;
static int64_t lh_today_ms;           /* local midnight when the form opened */
static int lh_day;                    /* days back from lh_today_ms */
static int lh_list_base;              /* lh_day of the list's first item */
static struct menu lh_days;
static char lh_day_labels[LH_LIST_DAYS][64];
static int lh_on_record = -1;         /* minutes on record that day; -1 unknown */
static int lh_half_hours;
static char lh_typed[LH_TYPED_MAX + 1]; /* hours being typed, or "" */
static struct menu lh_acts;
static struct activity *lh_act_arr;
static size_t lh_act_count;
static struct lineedit lh_text;

/* Where the last draw put things, for mouse presses. */
static int lh_x0, lh_field_y[LH_FIELDS];

/* Anchored where the form opened: a day chosen before midnight stays the
 * day chosen, and core refuses it if it has become too old. */
static int64_t lh_day_ms(int back)
{
	return clock_local_add_days(lh_today_ms, -back);
}

struct lh_sum {
	int minutes;
};

static int lh_sum_entry(const struct entry *e, void *ctx)
{
	struct lh_sum *sum = ctx;

	/* the rule entry.c applies: voided and rejected entries do not count */
	if (!e->voided && e->status != ENTRY_REJECTED && e->minutes > 0)
		sum->minutes += e->minutes;
	return 0;
}

/* Minutes on record for the member on that local day, or -1. */
static int lh_day_minutes(struct kiosk *k, int64_t day_ms)
{
	struct entry_filter f = {
		.member_id = k->member->id,
		.since_ms = day_ms,
		.until_ms = clock_local_add_days(day_ms, 1),
	};
	struct lh_sum sum = {0};

	if (entry_each(k->db, &f, lh_sum_entry, &sum) != SP_OK)
		return -1;
	return sum.minutes;
}

/* Rebuilds the day list so the chosen day shows, and what is on record. */
static void lh_set_day(struct kiosk *k, int back)
{
	int n = k->cfg->backfill_days + 1;

	if (back < 0 || back >= n)
		return;
	lh_day = back;
	if (n > LH_LIST_DAYS)
		n = LH_LIST_DAYS;
	if (lh_day < lh_list_base)
		lh_list_base = lh_day;
	if (lh_day >= lh_list_base + n)
		lh_list_base = lh_day - n + 1;
	menu_clear(&lh_days);
	for (int i = 0; i < n; i++) {
		form_format_day(k, lh_day_ms(lh_list_base + i), false,
				lh_day_labels[i], sizeof lh_day_labels[i]);
		menu_add(&lh_days, lh_day_labels[i], i);
	}
	lh_days.selected = lh_day - lh_list_base;
	lh_on_record = lh_day_minutes(k, lh_day_ms(lh_day));
}

static void lh_leave(struct kiosk *k)
{
	(void)k;
	activity_list_free(lh_act_arr, lh_act_count);
	lh_act_arr = NULL;
	lh_act_count = 0;
	menu_free(&lh_acts);
	menu_free(&lh_days);
	lineedit_clear(&lh_text);
	lh_typed[0] = '\0';
}

static void lh_enter(struct kiosk *k)
{
	enum sp_status status;

	lh_leave(k);
	k->message[0] = '\0';
	lh_focus = LH_DATE;
	lh_list_base = 0;
	lh_today_ms = clock_local_day_start(k->now_ms);
	lh_half_hours = 2;
	lineedit_init(&lh_text, ENTRY_NOTE_MAX, 0);
	lh_set_day(k, 0);

	status = activity_list(k->db, false, &lh_act_arr, &lh_act_count);
	if (status != SP_OK)
		kiosk_say_status(k, status);
	else if (lh_act_count == 0)
		kiosk_say(k, true, _("No activity types are set up yet; please ask station staff."));
	for (size_t i = 0; i < lh_act_count; i++)
		menu_add(&lh_acts,
			 activity_display_name(&lh_act_arr[i], k->cfg->language),
			 (int)i);
}

static const char *lh_label(enum lh_field f)
{
	switch (f) {
	case LH_DATE: return _("Date:");
	case LH_HOURS: return _("Hours:");
	case LH_ACTIVITY: return _("Activity:");
	case LH_TEXT: return _("What you did (required)");
	default: return "";
	}
}

static void lh_draw_side(struct kiosk *k, int y, int x, int h, int w)
{
	char buf[512], on[64], max[64], day[64];

	switch (lh_focus) {
	case LH_DATE:
		draw_box(y, x, h, w, _("Pick the day"));
		menu_draw(&lh_days, y + 1, x + 1, w - 2, h - 2, 1);
		break;
	case LH_ACTIVITY:
		draw_box(y, x, h, w, _("Pick the kind of service"));
		menu_draw(&lh_acts, y + 1, x + 1, w - 2, h - 2, 1);
		break;
	case LH_HOURS:
		draw_box(y, x, h, w, _("Hours that day"));
		form_format_day(k, lh_day_ms(lh_day), false, day, sizeof day);
		form_format_half_hours(2 * k->cfg->max_hours_per_day, max, sizeof max);
		if (lh_on_record == 0) {
			snprintf(buf, sizeof buf,
				 _("Nothing on record for %s yet. At most %s a day can be counted."),
				 day, max);
		} else if (lh_on_record > 0) {
			kiosk_format_minutes(lh_on_record, on, sizeof on);
			snprintf(buf, sizeof buf,
				 _("On record for %s: %s. At most %s a day can be counted."),
				 day, on, max);
		} else {
			snprintf(buf, sizeof buf, _("At most %s a day can be counted."),
				 max);
		}
		draw_wrapped(y + 2, x + 2, w - 4, h - 3, buf, A_NORMAL);
		break;
	case LH_TEXT:
	case LH_SAVE:
	default:
		draw_box(y, x, h, w, _("Pending"));
		draw_wrapped(y + 2, x + 2, w - 4, h - 3,
			     _("Hours logged here count once station staff have checked them. Until then they show as pending."),
			     A_NORMAL);
		break;
	}
}

static void lh_draw(struct kiosk *k)
{
	int w = 76, x0 = (k->cols - w) / 2, y0 = draw_body_top();
	int lc = 0, fx = x0 + 3, fw = 40, list_w = 32, list_x = x0 + w - list_w;
	char value[128], hint[256];
	const char *hint_text;
	const char *act = lh_acts.count ?
		lh_acts.items[lh_acts.selected].label : "-";

	draw_frame(k, _("Log service hours"));
	lh_x0 = x0;
	for (int f = LH_DATE; f <= LH_ACTIVITY; f++)
		if ((int)text_width(lh_label(f)) > lc)
			lc = (int)text_width(lh_label(f));

	lh_field_y[LH_DATE] = y0 + 1;
	lh_field_y[LH_HOURS] = y0 + 3;
	lh_field_y[LH_ACTIVITY] = y0 + 5;
	lh_field_y[LH_TEXT] = y0 + 10;
	lh_field_y[LH_SAVE] = y0 + 18;

	form_draw_choice(lh_field_y[LH_DATE], fx, lc, fw, lh_label(LH_DATE),
			 lh_day_labels[lh_day - lh_list_base], lh_focus == LH_DATE);
	if (lh_typed[0])
		snprintf(value, sizeof value, _("%s h"), lh_typed);
	else
		form_format_half_hours(lh_half_hours, value, sizeof value);
	form_draw_choice(lh_field_y[LH_HOURS], fx, lc, fw, lh_label(LH_HOURS),
			 value, lh_focus == LH_HOURS);
	form_draw_choice(lh_field_y[LH_ACTIVITY], fx, lc, fw,
			 lh_label(LH_ACTIVITY), act, lh_focus == LH_ACTIVITY);

	switch (lh_focus) {
	case LH_DATE:
		snprintf(hint, sizeof hint,
			 _("Left/Right: a day earlier or later, up to %d days back."),
			 k->cfg->backfill_days);
		hint_text = hint;
		break;
	case LH_HOURS:
		hint_text = _("Left/Right: half an hour less or more; or type the hours, such as 2 or 1.5.");
		break;
	case LH_ACTIVITY:
		hint_text = _("Left/Right or a number: the kind of service.");
		break;
	case LH_TEXT:
		hint_text = _("Type what you did, then press Enter to save.");
		break;
	case LH_SAVE:
	default:
		hint_text = _("Press Enter to save.");
		break;
	}
	draw_wrapped(y0 + 7, fx, fw, 2, hint_text, A_NORMAL);
	lh_draw_side(k, y0, list_x, 10, list_w);

	form_draw_textbox(&lh_text, k, lh_field_y[LH_TEXT], x0, 8, w,
			  lh_label(LH_TEXT), lh_focus == LH_TEXT);

	{
		const char *save = _("[ Save ]");
		int sw = (int)text_width(save);
		attr_t attr = lh_focus == LH_SAVE ? draw_attr(ROLE_SELECTED) : A_BOLD;
		draw_text(lh_field_y[LH_SAVE], fx - 2, 1,
			  lh_focus == LH_SAVE ? ">" : " ", A_BOLD);
		draw_text(lh_field_y[LH_SAVE], fx, sw, save, attr);
		draw_text(lh_field_y[LH_SAVE], fx + sw + 2, w - sw - 6,
			  _("Esc goes back without saving anything."), A_NORMAL);
	}
	if (lh_focus != LH_TEXT) {
		/* no blinking cursor away from the text */
		k->cursor_y = k->cursor_x = -1;
	}
}

/* The sentence when the day would pass the daily limit. */
static void lh_say_too_many(struct kiosk *k)
{
	char on[64], max[64];
	int minutes = lh_day_minutes(k, lh_day_ms(lh_day));

	form_format_half_hours(2 * k->cfg->max_hours_per_day, max, sizeof max);
	if (minutes < 0) {
		kiosk_say_status(k, SP_ERR_HOURS);
		return;
	}
	lh_on_record = minutes;
	kiosk_format_minutes(minutes, on, sizeof on);
	kiosk_say(k, true,
		  _("Not saved: that day already has %s on record; at most %s a day."),
		  on, max);
}

static unsigned lh_save(struct kiosk *k)
{
	const struct entry_rules rules = {
		.round_minutes = k->cfg->round_minutes,
		.max_session_hours = k->cfg->max_session_hours,
		.backfill_days = k->cfg->backfill_days,
		.max_hours_per_day = k->cfg->max_hours_per_day,
	};
	char date[CLOCK_DATE_LEN], id[UUID_STR_LEN], buf[256];
	enum sp_status status;

	lh_typed[0] = '\0';
	if (lh_act_count == 0) {
		kiosk_say(k, true, _("No activity types are set up yet; please ask station staff."));
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (lh_half_hours < 1) {
		lh_focus = LH_HOURS;
		kiosk_say(k, true, _("Please choose the hours: at least half an hour."));
		return TUI_HANDLED | TUI_REDRAW;
	}
	status = text_validate(lh_text.buf, ENTRY_NOTE_MAX, true, false);
	if (status == SP_ERR_TEXT_EMPTY) {
		lh_focus = LH_TEXT;
		kiosk_say(k, true, _("Not saved: please describe what you did."));
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (status != SP_OK) {
		lh_focus = LH_TEXT;
		kiosk_say(k, true, "%s",
			  form_text_message(status, ENTRY_NOTE_MAX, buf, sizeof buf));
		return TUI_HANDLED | TUI_REDRAW;
	}

	clock_local_date(lh_day_ms(lh_day), date);
	status = entry_log_hours(k->db, k->member->id,
				 lh_act_arr[menu_selected_tag(&lh_acts)].id, date,
				 lh_half_hours, lh_text.buf, &rules, id);
	switch (status) {
	case SP_OK:
		k->confirm = CONFIRM_LOGGED;
		memcpy(k->confirm_id, id, sizeof id);
		return TUI_GOTO_SCREEN(SCREEN_CONFIRM) | TUI_FLUSH;
	case SP_ERR_HOURS:
		lh_focus = LH_HOURS;
		lh_say_too_many(k);
		break;
	case SP_ERR_DATE:
		/* midnight passed while the form was open */
		lh_focus = LH_DATE;
		lh_today_ms = clock_local_day_start(k->now_ms);
		lh_list_base = 0;
		lh_set_day(k, 0);
		kiosk_say(k, true,
			  _("Not saved: hours can be logged for today and up to %d days back only."),
			  k->cfg->backfill_days);
		break;
	case SP_ERR_TEXT_EMPTY:
	case SP_ERR_TEXT_TOO_LONG:
	case SP_ERR_TEXT_CONTROL:
	case SP_ERR_TEXT_UTF8:
		lh_focus = LH_TEXT;
		kiosk_say(k, true, "%s",
			  form_text_message(status, ENTRY_NOTE_MAX, buf, sizeof buf));
		break;
	default:
		kiosk_say_status(k, status);
		break;
	}
	return TUI_HANDLED | TUI_REDRAW;
}

/* A digit or '.' typed on the hours field. */
static unsigned lh_type_hours(struct kiosk *k, wint_t ch)
{
	char next[LH_TYPED_MAX + 2];
	size_t n = strlen(lh_typed);
	const char *dot;
	double value;
	int half;

	if (n >= LH_TYPED_MAX)
		return TUI_HANDLED;
	dot = strchr(lh_typed, '.');
	if (ch == '.' && (dot || n == 0))
		return TUI_HANDLED;
	/* after the point only a half: 1.5 or 1.0 */
	if (dot && (lh_typed[n - 1] != '.' || (ch != '5' && ch != '0')))
		return TUI_HANDLED;
	memcpy(next, lh_typed, n);
	next[n] = (char)ch;
	next[n + 1] = '\0';
	value = strtod(next, NULL);
	half = (int)(value * 2.0 + 0.5);
	if (half > 2 * k->cfg->max_hours_per_day) {
		kiosk_say(k, true, _("At most %d hours a day can be logged."),
			  k->cfg->max_hours_per_day);
		return TUI_HANDLED | TUI_REDRAW;
	}
	memcpy(lh_typed, next, n + 2);
	lh_half_hours = half;
	k->message[0] = '\0';
	return TUI_HANDLED | TUI_REDRAW;
}

/* Left/Right/-/+ on a choice field: dir -1 is earlier or less. */
static unsigned lh_adjust(struct kiosk *k, int dir)
{
	int max = 2 * k->cfg->max_hours_per_day;

	switch (lh_focus) {
	case LH_DATE:
		if (lh_day - dir < 0 || lh_day - dir > k->cfg->backfill_days) {
			kiosk_say(k, true,
				  _("Hours can be logged for today and up to %d days back."),
				  k->cfg->backfill_days);
			return TUI_HANDLED | TUI_REDRAW;
		}
		lh_set_day(k, lh_day - dir);
		break;
	case LH_HOURS:
		lh_typed[0] = '\0';
		if (lh_half_hours + dir < 1 || lh_half_hours + dir > max) {
			kiosk_say(k, true, _("Hours go from half an hour to %d hours, in half-hour steps."),
				  k->cfg->max_hours_per_day);
			return TUI_HANDLED | TUI_REDRAW;
		}
		lh_half_hours += dir;
		break;
	case LH_ACTIVITY:
		if (lh_acts.count)
			lh_acts.selected = (lh_acts.selected + lh_acts.count + dir) %
					   lh_acts.count;
		break;
	default:
		return 0;
	}
	k->message[0] = '\0';
	return TUI_HANDLED | TUI_REDRAW;
}

static void lh_move_focus(int dir)
{
	lh_typed[0] = '\0';
	lh_focus = (enum lh_field)(((int)lh_focus + LH_FIELDS + dir) % LH_FIELDS);
}

static unsigned lh_mouse(struct kiosk *k, const struct tui_key *key)
{
	struct menu *list = lh_focus == LH_DATE ? &lh_days :
		lh_focus == LH_ACTIVITY ? &lh_acts : NULL;

	if (list && menu_key(list, key) == MENU_CHOSEN) {
		if (list == &lh_days)
			lh_set_day(k, lh_list_base + list->selected);
		return TUI_HANDLED | TUI_REDRAW;
	}
	for (int f = LH_DATE; f <= LH_ACTIVITY; f++) {
		if (form_hit(key, lh_field_y[f], lh_x0, 1, 44)) {
			lh_focus = (enum lh_field)f;
			return TUI_HANDLED | TUI_REDRAW;
		}
	}
	if (form_hit(key, lh_field_y[LH_TEXT], lh_x0, 8, 76)) {
		lh_focus = LH_TEXT;
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (form_hit(key, lh_field_y[LH_SAVE], lh_x0, 1, 14)) {
		lh_focus = LH_SAVE;
		return lh_save(k);
	}
	return 0;
}

static unsigned lh_key(struct kiosk *k, const struct tui_key *key)
{
	if (key->type == TUI_KEY_MOUSE)
		return lh_mouse(k, key);
	if (key->action == ACTION_BACK)
		return TUI_GOTO_SCREEN(SCREEN_PANEL);
	if (key->action == ACTION_SUBMIT) {
		if (lh_focus == LH_TEXT || lh_focus == LH_SAVE)
			return lh_save(k);
		lh_move_focus(1); /* Enter on a choice: the next field */
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (key->action == ACTION_FIELD) {
		lh_move_focus(key->code == KEY_UP || key->code == KEY_BTAB ? -1 : 1);
		return TUI_HANDLED | TUI_REDRAW;
	}

	if (lh_focus == LH_TEXT) {
		/* '-' and '+' are text here, Left/Right move the cursor */
		return form_text_key(k, &lh_text, key, _("The description is full (at most %d characters)."));
	}
	if (key->action == ACTION_ADJUST) {
		bool less = key->type == TUI_KEY_CODE ? key->code == KEY_LEFT :
			key->ch == '-';
		return lh_adjust(k, less ? -1 : 1);
	}
	if (lh_focus == LH_HOURS) {
		if (key->type == TUI_KEY_CHAR &&
		    ((key->ch >= '0' && key->ch <= '9') || key->ch == '.')) {
			if (!lh_typed[0] && key->ch == '.')
				return TUI_HANDLED;
			return lh_type_hours(k, key->ch);
		}
		if (key->action == ACTION_ERASE && lh_typed[0]) {
			lh_typed[strlen(lh_typed) - 1] = '\0';
			if (lh_typed[0])
				lh_half_hours = (int)(strtod(lh_typed, NULL) * 2.0 + 0.5);
			return TUI_HANDLED | TUI_REDRAW;
		}
		return 0;
	}
	if (key->type == TUI_KEY_CHAR && key->ch >= '1' && key->ch <= '9') {
		int idx = (int)(key->ch - '1');
		if (lh_focus == LH_DATE && idx < lh_days.count) {
			lh_set_day(k, lh_list_base + idx);
			return TUI_HANDLED | TUI_REDRAW;
		}
		if (lh_focus == LH_ACTIVITY && idx < lh_acts.count) {
			lh_acts.selected = idx;
			return TUI_HANDLED | TUI_REDRAW;
		}
	}
	return 0;
}

const struct screen screen_loghours = {
	.name = "loghours",
	.actions = lh_actions,
	.enter = lh_enter,
	.leave = lh_leave,
	.draw = lh_draw,
	.key = lh_key,
	.tick = NULL,
};
