/* commitment_new.c — a new public commitment: what the member commits
 * to, a category, a due date (in a week, a month, three months, or any
 * day moved to with Left/Right) and whether visitors may see it (yes by
 * default: 服务亮承诺 is a public promise).
 *
 * Nothing is written until the member sends the form; then
 * commitment.c saves it in one transaction and the confirmation screen
 * reads it back. Esc goes back to the list and saves nothing. */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "commitment.h"
#include "i18n.h"
#include "kiosk.h"
#include "text.h"

/* In the order of the log-hours form: choices, then the text, then Save. */
enum cn_field { CN_CATEGORY, CN_DUE, CN_PUBLIC, CN_TEXT, CN_SAVE, CN_FIELDS };

/* How far ahead a due date may be set from the kiosk. */
#define CN_DUE_MAX_DAYS 366
#define CN_DUE_DEFAULT 30

static const int cn_presets[] = { 7, 30, 90 };
static const char *const cn_preset_labels[] = {
	/* TRANSLATORS: items of the due-date list: at most 23 columns */
	N_("In a week"), N_("In a month"), N_("In three months"),
};
#define CN_PRESETS ((int)(sizeof cn_presets / sizeof cn_presets[0]))

static const enum action cn_actions[] = {
	ACTION_SUBMIT, ACTION_BACK, ACTION_FIELD, ACTION_ADJUST, ACTION_ERASE,
	ACTION_NONE,
};

static enum cn_field cn_focus;
static struct lineedit cn_text;
static struct menu cn_categories;
static struct menu cn_due;
static char cn_due_value[64];
static int cn_due_days;               /* days after cn_today_ms */
static int64_t cn_today_ms;           /* local midnight when the form opened */
static struct menu cn_public;

static int cn_x0, cn_field_y[CN_FIELDS];

static int64_t cn_due_ms(void)
{
	return clock_local_add_days(cn_today_ms, cn_due_days);
}

/* Rebuilds the due-date list around the chosen day. */
static void cn_set_due(struct kiosk *k, int days)
{
	int selected = CN_PRESETS;

	cn_due_days = days;
	menu_clear(&cn_due);
	for (int i = 0; i < CN_PRESETS; i++) {
		menu_add(&cn_due, _(cn_preset_labels[i]), i);
		if (cn_presets[i] == days)
			selected = i;
	}
	/* TRANSLATORS: the last item of the due-date list: at most 23 columns */
	menu_add(&cn_due, _("Other day (Left/Right)"), CN_PRESETS);
	cn_due.selected = selected;
	form_format_day(k, cn_due_ms(), true, cn_due_value, sizeof cn_due_value);
}

static void cn_leave(struct kiosk *k)
{
	(void)k;
	lineedit_clear(&cn_text);
	menu_free(&cn_categories);
	menu_free(&cn_due);
	menu_free(&cn_public);
}

static void cn_enter(struct kiosk *k)
{
	k->message[0] = '\0';
	cn_focus = CN_CATEGORY;
	cn_today_ms = clock_local_day_start(k->now_ms);
	lineedit_init(&cn_text, COMMITMENT_TEXT_MAX, 0);
	menu_clear(&cn_categories);
	for (int i = 0; i < COMMIT_CATEGORY_COUNT; i++)
		menu_add(&cn_categories,
			 commitments_category_label(commitments_category_stored(i)), i);
	menu_clear(&cn_public);
	/* TRANSLATORS: the values of the "Shown:" field: at most 26 columns */
	menu_add(&cn_public, _("Public (visitors see it)"), 1);
	/* TRANSLATORS: at most 26 columns, as the value above */
	menu_add(&cn_public, _("Not public"), 0);
	cn_set_due(k, CN_DUE_DEFAULT);
}

static const char *cn_label(enum cn_field f)
{
	switch (f) {
	case CN_TEXT: return _("I commit to (required)");
	/* TRANSLATORS: a label, at most 11 columns (its value keeps 26) */
	case CN_CATEGORY: return _("Category:");
	/* TRANSLATORS: a label, at most 11 columns */
	case CN_DUE: return _("Due by:");
	/* TRANSLATORS: a label, at most 11 columns */
	case CN_PUBLIC: return _("Shown:");
	default: return "";
	}
}

static struct menu *cn_list(void)
{
	switch (cn_focus) {
	case CN_CATEGORY: return &cn_categories;
	case CN_DUE: return &cn_due;
	case CN_PUBLIC: return &cn_public;
	default: return NULL;
	}
}

static void cn_draw(struct kiosk *k)
{
	int w = 76, x0 = (k->cols - w) / 2, y0 = draw_body_top();
	int fx = x0 + 3, fw = 42, lc = 0, list_w = 30, list_x = x0 + w - list_w;
	struct menu *list = cn_list();
	const char *hint;

	draw_frame(k, _("New commitment"));
	cn_x0 = x0;
	for (int f = CN_CATEGORY; f <= CN_PUBLIC; f++)
		if ((int)text_width(cn_label(f)) > lc)
			lc = (int)text_width(cn_label(f));
	cn_field_y[CN_CATEGORY] = y0 + 1;
	cn_field_y[CN_DUE] = y0 + 3;
	cn_field_y[CN_PUBLIC] = y0 + 5;
	cn_field_y[CN_TEXT] = y0 + 10;
	cn_field_y[CN_SAVE] = y0 + 18;

	form_draw_textbox(&cn_text, k, cn_field_y[CN_TEXT], x0, 8, w,
			  cn_label(CN_TEXT), cn_focus == CN_TEXT);
	form_draw_choice(cn_field_y[CN_CATEGORY], fx, lc, fw, cn_label(CN_CATEGORY),
			 cn_categories.items[cn_categories.selected].label,
			 cn_focus == CN_CATEGORY);
	form_draw_choice(cn_field_y[CN_DUE], fx, lc, fw, cn_label(CN_DUE),
			 cn_due_value, cn_focus == CN_DUE);
	form_draw_choice(cn_field_y[CN_PUBLIC], fx, lc, fw, cn_label(CN_PUBLIC),
			 cn_public.items[cn_public.selected].label,
			 cn_focus == CN_PUBLIC);

	switch (cn_focus) {
	case CN_TEXT:
		hint = _("Type what you will do, for whom and by when; then press Enter to save.");
		break;
	case CN_DUE:
		hint = _("Left/Right: a day earlier or later; or pick from the list.");
		break;
	case CN_CATEGORY:
	case CN_PUBLIC:
		hint = cn_focus == CN_PUBLIC ?
			_("Left/Right: public or not.") :
			_("Left/Right or a number: pick from the list.");
		break;
	case CN_SAVE:
	default:
		hint = _("Press Enter to save.");
		break;
	}
	draw_wrapped(y0 + 7, fx, fw, 2, hint, A_NORMAL);

	if (list && list != &cn_public) {
		draw_box(y0, list_x, 10, list_w, _("Pick one"));
		menu_draw(list, y0 + 1, list_x + 1, list_w - 2, 8, 1);
	} else {
		draw_box(y0, list_x, 10, list_w, _("Public"));
		draw_wrapped(y0 + 2, list_x + 2, list_w - 4, 7,
			     _("A public commitment is shown to visitors. Once you have done it, mark it fulfilled; station staff check it."),
			     A_NORMAL);
	}
	{
		const char *save = _("[ Save ]");
		int sw = (int)text_width(save);
		attr_t attr = cn_focus == CN_SAVE ? draw_attr(ROLE_SELECTED) : A_BOLD;
		draw_text(cn_field_y[CN_SAVE], fx - 2, 1,
			  cn_focus == CN_SAVE ? ">" : " ", A_BOLD);
		draw_text(cn_field_y[CN_SAVE], fx, sw, save, attr);
		draw_text(cn_field_y[CN_SAVE], fx + sw + 2, w - sw - 6,
			  _("Esc goes back without saving anything."), A_NORMAL);
	}
	if (cn_focus != CN_TEXT)
		k->cursor_y = k->cursor_x = -1;
}

static unsigned cn_save(struct kiosk *k)
{
	char due[CLOCK_DATE_LEN], id[UUID_STR_LEN], buf[256];
	enum sp_status status;

	status = text_validate(cn_text.buf, COMMITMENT_TEXT_MAX, true, false);
	if (status == SP_ERR_TEXT_EMPTY) {
		cn_focus = CN_TEXT;
		kiosk_say(k, true, _("Not saved: please write what you commit to."));
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (status == SP_OK) {
		clock_local_date(cn_due_ms(), due);
		status = commitment_make(k->db, k->member->id, cn_text.buf,
					 commitments_category_stored(menu_selected_tag(&cn_categories)),
					 due, menu_selected_tag(&cn_public) == 1, id);
	}
	switch (status) {
	case SP_OK:
		k->confirm = CONFIRM_COMMIT_MADE;
		memcpy(k->confirm_id, id, sizeof id);
		return TUI_GOTO_SCREEN(SCREEN_CONFIRM) | TUI_FLUSH;
	case SP_ERR_DATE:
		/* midnight passed while the form was open */
		cn_focus = CN_DUE;
		cn_today_ms = clock_local_day_start(k->now_ms);
		cn_set_due(k, CN_DUE_DEFAULT);
		kiosk_say(k, true, _("Not saved: the due date must be today or later."));
		break;
	case SP_ERR_TEXT_TOO_LONG:
	case SP_ERR_TEXT_CONTROL:
	case SP_ERR_TEXT_UTF8:
		cn_focus = CN_TEXT;
		kiosk_say(k, true, "%s", form_text_message(status, COMMITMENT_TEXT_MAX,
							     buf, sizeof buf));
		break;
	default:
		kiosk_say_status(k, status);
		break;
	}
	return TUI_HANDLED | TUI_REDRAW;
}

/* Picks item idx of the focused field's list. */
static unsigned cn_pick(struct kiosk *k, struct menu *list, int idx)
{
	if (idx < 0 || idx >= list->count)
		return TUI_HANDLED;
	if (list == &cn_due) {
		if (idx < CN_PRESETS)
			cn_set_due(k, cn_presets[idx]);
		else
			kiosk_say(k, false, _("Use Left and Right to move the due date a day at a time."));
		return TUI_HANDLED | TUI_REDRAW;
	}
	list->selected = idx;
	return TUI_HANDLED | TUI_REDRAW;
}

static unsigned cn_adjust(struct kiosk *k, int dir)
{
	struct menu *list = cn_list();

	if (!list)
		return 0;
	k->message[0] = '\0';
	if (list == &cn_due) {
		if (cn_due_days + dir < 0 || cn_due_days + dir > CN_DUE_MAX_DAYS) {
			kiosk_say(k, true, _("The due date can be from today to %d days ahead."),
				  CN_DUE_MAX_DAYS);
			return TUI_HANDLED | TUI_REDRAW;
		}
		cn_set_due(k, cn_due_days + dir);
		return TUI_HANDLED | TUI_REDRAW;
	}
	list->selected = (list->selected + list->count + dir) % list->count;
	return TUI_HANDLED | TUI_REDRAW;
}

static void cn_move_focus(int dir)
{
	cn_focus = (enum cn_field)(((int)cn_focus + CN_FIELDS + dir) % CN_FIELDS);
}

static unsigned cn_mouse(struct kiosk *k, const struct tui_key *key)
{
	struct menu *list = cn_list();

	if (list && list != &cn_public) {
		struct menu probe = *list; /* the pick goes through cn_pick */
		if (menu_key(&probe, key) == MENU_CHOSEN)
			return cn_pick(k, list, probe.selected);
	}
	if (form_hit(key, cn_field_y[CN_TEXT], cn_x0, 8, 76)) {
		cn_focus = CN_TEXT;
		return TUI_HANDLED | TUI_REDRAW;
	}
	for (int f = CN_CATEGORY; f <= CN_PUBLIC; f++) {
		if (form_hit(key, cn_field_y[f], cn_x0, 1, 46)) {
			/* a second touch on the public field turns it over */
			if (f == CN_PUBLIC && cn_focus == CN_PUBLIC)
				return cn_adjust(k, 1);
			cn_focus = (enum cn_field)f;
			return TUI_HANDLED | TUI_REDRAW;
		}
	}
	if (form_hit(key, cn_field_y[CN_SAVE], cn_x0, 1, 14)) {
		cn_focus = CN_SAVE;
		return cn_save(k);
	}
	return 0;
}

static unsigned cn_key(struct kiosk *k, const struct tui_key *key)
{
	if (key->type == TUI_KEY_MOUSE)
		return cn_mouse(k, key);
	if (key->action == ACTION_BACK)
		return TUI_GOTO_SCREEN(SCREEN_COMMITMENTS);
	if (key->action == ACTION_SUBMIT) {
		if (cn_focus == CN_TEXT || cn_focus == CN_SAVE)
			return cn_save(k);
		cn_move_focus(1); /* Enter on a choice: the next field */
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (key->action == ACTION_FIELD) {
		cn_move_focus(key->code == KEY_UP || key->code == KEY_BTAB ? -1 : 1);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (cn_focus == CN_TEXT) {
		return form_text_key(k, &cn_text, key, _("The text is full (at most %d characters)."));
	}
	if (key->action == ACTION_ADJUST) {
		bool less = key->type == TUI_KEY_CODE ? key->code == KEY_LEFT :
			key->ch == '-';
		return cn_adjust(k, less ? -1 : 1);
	}
	if (key->type == TUI_KEY_CHAR && key->ch >= '1' && key->ch <= '9' && cn_list())
		return cn_pick(k, cn_list(), (int)(key->ch - '1'));
	return 0;
}

const struct screen screen_commit_new = {
	.name = "commit_new",
	.actions = cn_actions,
	.enter = cn_enter,
	.leave = cn_leave,
	.draw = cn_draw,
	.key = cn_key,
	.tick = NULL,
};
