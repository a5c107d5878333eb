/* actions.c — the one list of the kiosk's actions.
 *
 * Each action names its keys, the short label of those keys, the hint
 * shown on a screen's bottom line and the sentence of the help screen.
 * A screen lists the actions it binds; key lookup, hints and help are all
 * generated from that list and this table, so they cannot disagree. */
#include <string.h>

#include "i18n.h"
#include "kiosk.h"
#include "text.h"

#define ACTION_MAX_KEYS 10

struct action_def {
	const char *keys;   /* the key label shown */
	const char *hint;   /* what it does, two or three words */
	const char *help;   /* one sentence for the help screen */
	int codes[ACTION_MAX_KEYS];   /* curses KEY_* codes, 0-ended */
	wint_t chars[ACTION_MAX_KEYS]; /* characters, 0-ended */
	bool any;           /* every key */
	bool wheel;         /* the mouse wheel too, as Up and Down */
};

static const struct action_def action_table[ACTION_COUNT] = {
	[ACTION_MOVE] = {N_("Up/Down"), N_("Move"),
			 N_("Up and Down, or the mouse wheel, move the highlight to the previous or next item."),
			 {KEY_UP, KEY_DOWN, KEY_PPAGE, KEY_NPAGE}, {0}, false, true},
	[ACTION_NUMBER] = {N_("1-9"), N_("Pick by number"),
			   N_("A number key picks the item with that number."),
			   {0}, {'1', '2', '3', '4', '5', '6', '7', '8', '9'}, false},
	[ACTION_CHOOSE] = {N_("Enter"), N_("Choose"),
			   N_("Enter chooses the highlighted item; a click or touch on an item does the same."),
			   {KEY_ENTER}, {'\r', '\n'}, false},
	[ACTION_SUBMIT] = {N_("Enter"), N_("Continue"),
			   N_("Enter sends what you typed."),
			   {KEY_ENTER}, {'\r', '\n'}, false},
	[ACTION_CONFIRM] = {N_("Enter"), N_("Confirm and save"),
			    N_("Enter saves the record shown on the screen."),
			    {KEY_ENTER}, {'\r', '\n'}, false},
	[ACTION_ERASE] = {N_("Backspace"), N_("Delete"),
			  N_("Backspace deletes the character before the cursor."),
			  {KEY_BACKSPACE, KEY_DC}, {127, 8}, false},
	[ACTION_BACK] = {N_("Esc"), N_("Back"),
			 N_("Esc goes back one step; nothing is saved."),
			 {0}, {27}, false},
	[ACTION_HOME] = {N_("Esc"), N_("Home"),
			 N_("Esc returns to the home screen; nothing is saved."),
			 {0}, {27}, false},
	[ACTION_ANY] = {N_("Any key"), N_("Home"),
			N_("Any key returns to the home screen."),
			{0}, {0}, true},
	[ACTION_HELP] = {N_("F1"), N_("Help"),
			 N_("F1 shows this help; any key closes it."),
			 {KEY_F(1)}, {0}, false},
	[ACTION_FIELD] = {N_("Up/Down"), N_("Field"),
			  N_("Up, Down and Tab move between the fields of the form."),
			  {KEY_UP, KEY_DOWN, KEY_BTAB}, {'\t'}, false},
	[ACTION_ADJUST] = {N_("Left/Right"), N_("Change"),
			   N_("Left and Right (or - and +) change the value of the highlighted field; a number key or a touch picks from its list."),
			   {KEY_LEFT, KEY_RIGHT}, {'+', '-'}, false},
	[ACTION_PRINT] = {N_("P"), N_("Print"),
			  N_("P prints this on the station's receipt printer; a touch on the print item does the same."),
			  {0}, {'p', 'P'}, false},
	[ACTION_SCROLL] = {N_("Up/Down"), N_("Scroll"),
			   N_("Up, Down, Page Up, Page Down and the mouse wheel scroll the text."),
			   {KEY_UP, KEY_DOWN, KEY_PPAGE, KEY_NPAGE}, {0}, false, true},
	[ACTION_MARK] = {N_("Space"), N_("Mark"),
			 N_("Space marks or unmarks the highlighted item."),
			 {0}, {' '}, false},
	[ACTION_MARK_ALL] = {N_("A"), N_("Mark all"),
			     N_("A marks every item, or unmarks them all when all are marked."),
			     {0}, {'a', 'A'}, false},
	[ACTION_VERIFY] = {N_("Enter"), N_("Verify marked"),
			   N_("Enter verifies the marked items, after you confirm with a second Enter."),
			   {KEY_ENTER}, {'\r', '\n'}, false},
	[ACTION_REJECT] = {N_("R"), N_("Reject"),
			   N_("R rejects the highlighted item; a reason is required."),
			   {0}, {'r', 'R'}, false},
	[ACTION_VOID] = {N_("V"), N_("Void"),
			 N_("V voids the entry highlighted or shown, a visit or logged hours alike; a reason is required and it stays on record."),
			 {0}, {'v', 'V'}, false},
	[ACTION_NEXT_STEP] = {N_("Tab"), N_("Next step"),
			      N_("Tab goes on to the next step; what is left waits for the next shift."),
			      {0}, {'\t'}, false},
	[ACTION_FEEDBACK] = {N_("F"), N_("Rate our service"),
			     N_("F opens a short form to say how satisfied you are with our service; no badge is needed."),
			     {0}, {'f', 'F'}, false},
	[ACTION_PUBLIC_COMMITMENTS] = {N_("C"), N_("Commitments"),
				       N_("C shows the commitments the members have made in public."),
				       {0}, {'c', 'C'}, false},
};

static bool action_binds(const struct action_def *def,
			 const struct tui_key *key)
{
	/* a notch of the wheel is never "any key", nor a click */
	if (key->type == TUI_KEY_WHEEL)
		return def->wheel;
	if (def->any)
		return key->type != TUI_KEY_MOUSE;
	for (int i = 0; i < ACTION_MAX_KEYS; i++) {
		if (key->type == TUI_KEY_CODE && def->codes[i] &&
		    def->codes[i] == key->code)
			return true;
		if (key->type == TUI_KEY_CHAR && def->chars[i] &&
		    def->chars[i] == key->ch)
			return true;
	}
	return false;
}

enum action actions_lookup(const enum action *list, const struct tui_key *key)
{
	const enum action *a;

	/* F1 opens the help everywhere, listed or not */
	if (action_binds(&action_table[ACTION_HELP], key))
		return ACTION_HELP;
	for (a = list; a && *a != ACTION_NONE; a++)
		if (*a != ACTION_ANY && action_binds(&action_table[*a], key))
			return *a;
	/* "any key" last, so Enter or Esc keep their own meaning */
	for (a = list; a && *a != ACTION_NONE; a++)
		if (*a == ACTION_ANY && action_binds(&action_table[*a], key))
			return ACTION_ANY;
	return ACTION_NONE;
}

/* " Enter  Choose  " at x; returns the columns used. */
static int actions_draw_hint(const struct action_def *def, int y, int x,
			     int cols)
{
	const char *keys = _(def->keys), *hint = _(def->hint);
	int start = x;

	x += draw_text(y, x, cols - x, " ", A_REVERSE);
	x += draw_text(y, x, cols - x, keys, A_REVERSE);
	x += draw_text(y, x, cols - x, " ", A_REVERSE);
	x += draw_text(y, x, cols - x, " ", A_NORMAL);
	x += draw_text(y, x, cols - x, hint, A_NORMAL);
	return x - start + 2;
}

static int actions_hint_width(const struct action_def *def)
{
	return (int)(text_width(_(def->keys)) + text_width(_(def->hint))) + 5;
}

void actions_draw_hints(const enum action *list, int y, int cols)
{
	const struct action_def *help = &action_table[ACTION_HELP];
	/* F1 always shows; what else does not fit is on the help screen */
	int x = 1, end = cols - 1 - actions_hint_width(help);

	for (; list && *list != ACTION_NONE; list++) {
		const struct action_def *def = &action_table[*list];
		if (x + actions_hint_width(def) > end)
			continue;
		x += actions_draw_hint(def, y, x, cols);
	}
	actions_draw_hint(help, y, x, cols);
}

/* The help box is no wider than this, so its lines stay easy to read. */
#define ACTIONS_HELP_MAX_COLS 100

/* On the hint line while the help is open. */
static const struct action_def action_close_help = {
	N_("Any key"), N_("Close the help"), NULL, {0}, {0}, true, false,
};

/* Rows the help's entries take at text_cols columns. */
static int actions_help_rows(const enum action *list, int text_cols)
{
	int rows = (int)text_wrap_count(_(action_table[ACTION_HELP].help),
					(size_t)text_cols);

	for (; list && *list != ACTION_NONE; list++)
		rows += (int)text_wrap_count(_(action_table[*list].help),
					     (size_t)text_cols);
	return rows;
}

void actions_draw_help(const enum action *list, int rows, int cols)
{
	/* It covers every row under the title bar from edge to edge, not
	 * just its box: what the screen drew there (the border of a wide
	 * form, half of a Chinese character) must not show beside it. */
	int w = cols - 4 > ACTIONS_HELP_MAX_COLS ? ACTIONS_HELP_MAX_COLS : cols - 4;
	int x = (cols - w) / 2, y = draw_body_top(), h = rows - y - 2;
	int text_x = x + 16, text_cols = w - 19, row = y + 2, end;
	int need = actions_help_rows(list, text_cols);

	for (int r = 1; r < rows; r++)
		draw_fill(r, 0, cols, A_NORMAL);
	/* as tall as the entries with a blank row inside each edge; without
	 * those rows when room is short */
	if (need + 4 <= h)
		h = need + 4;
	else
		row = y + 1;
	end = row == y + 1 ? y + h - 1 : y + h - 2;
	draw_box(y, x, h, w, _("Help"));
	for (; list && *list != ACTION_NONE && row < end; list++) {
		const struct action_def *def = &action_table[*list];
		draw_text(row, x + 3, 12, _(def->keys), A_BOLD);
		row += draw_wrapped(row, text_x, text_cols, end - row,
				    _(def->help), A_NORMAL);
	}
	if (row < end) {
		const struct action_def *def = &action_table[ACTION_HELP];
		draw_text(row, x + 3, 12, _(def->keys), A_BOLD);
		draw_wrapped(row, text_x, text_cols, end - row, _(def->help),
			     A_NORMAL);
	}
	actions_draw_hint(&action_close_help, rows - 1, 1, cols);
}
