/* entries.c — staff: find a service entry, print its slip again (补打)
 * or void it with a reason. Reached from the staff menu only.
 *
 * The list shows the newest entries first; what is typed or scanned
 * filters it by the entry no. on a slip (a prefix of the id) or by a
 * member's badge number. Enter (or a touch on a row) opens an entry: P
 * prints its slip again through printjob.c, the receipt `svcpoint print
 * slip ID` prints; V asks for a reason, shows what will be voided, and
 * voids it on the confirmation. entry.c checks the role and the state and
 * writes the void with its audit row in one transaction; this screen
 * never writes on its own, and what it shows of an entry is read back
 * from the store after every action. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "entry.h"
#include "i18n.h"
#include "kiosk.h"
#include "text.h"

#define ENTRIES_MAX 200                     /* rows loaded at a time */
#define ENTRIES_LINE_MAX 512
#define ENTRIES_FIND_CHARS (UUID_STR_LEN - 1) /* a whole id, or a badge */
#define ENTRIES_LIST_TOP 5                  /* first row of the list */
#define ENTRIES_REASON_ROWS 5               /* the reason's box */

/* Columns of the list, in display columns, one blank between. */
enum { COL_ID = UUID_SHORT_LEN, COL_WHEN = 11, COL_MEMBER = 14,
       COL_ACT = 13, COL_DUR = 11, COL_STATUS = 8 };

enum entries_mode {
	MODE_LIST,     /* the list and the find field */
	MODE_DETAIL,   /* one entry and what can be done with it */
	MODE_REASON,   /* typing the reason for a void */
	MODE_CONFIRM,  /* what will be voided, asked once more */
};

enum { ITEM_REPRINT, ITEM_VOID, ITEM_BACK, ITEM_VOID_NOW, ITEM_CANCEL };

struct entries_row {
	char id[UUID_STR_LEN];
	char line[ENTRIES_LINE_MAX];  /* the columns, padded by width */
};

/* The actions bound in each mode; entries_actions holds the current one
 * (the loop reads the screen's list), as confirm.c does. */
static const enum action entries_list_actions[] = {
	ACTION_CHOOSE, ACTION_MOVE, ACTION_ERASE, ACTION_BACK, ACTION_NONE,
};
static const enum action entries_detail_actions[] = {
	ACTION_PRINT, ACTION_VOID, ACTION_CHOOSE, ACTION_BACK, ACTION_MOVE,
	ACTION_NUMBER, ACTION_NONE,
};
static const enum action entries_reason_actions[] = {
	ACTION_SUBMIT, ACTION_ERASE, ACTION_BACK, ACTION_NONE,
};
static const enum action entries_confirm_actions[] = {
	ACTION_CONFIRM, ACTION_BACK, ACTION_MOVE, ACTION_NUMBER, ACTION_NONE,
};
static enum action entries_actions[8] = { ACTION_NONE };

static enum entries_mode entries_mode;
static struct entries_row entries_rows[ENTRIES_MAX];
static int entries_n, entries_sel, entries_top;
static int entries_shown;          /* list rows the last draw showed */
static struct lineedit entries_find, entries_reason;
static struct entry *entries_entry; /* the open entry, as read back */
static struct menu entries_menu;   /* the detail's or confirmation's items */

static void entries_set_mode(enum entries_mode mode)
{
	const enum action *list = mode == MODE_LIST     ? entries_list_actions
				  : mode == MODE_DETAIL ? entries_detail_actions
				  : mode == MODE_REASON ? entries_reason_actions
							: entries_confirm_actions;
	size_t i = 0;

	entries_mode = mode;
	for (; list[i] != ACTION_NONE && i + 1 < sizeof entries_actions /
							 sizeof entries_actions[0];
	     i++)
		entries_actions[i] = list[i];
	entries_actions[i] = ACTION_NONE;
	menu_clear(&entries_menu);
	if (mode == MODE_DETAIL) {
		menu_add(&entries_menu, _("Print the slip again"), ITEM_REPRINT);
		menu_add(&entries_menu, _("Void this entry"), ITEM_VOID);
		menu_add(&entries_menu, _("Back to the list"), ITEM_BACK);
	} else if (mode == MODE_CONFIRM) {
		menu_add(&entries_menu, _("Void it now"), ITEM_VOID_NOW);
		menu_add(&entries_menu, _("Cancel"), ITEM_CANCEL);
	}
}

/* The entry no. a slip prints: the id's first UUID_SHORT_LEN characters. */
static void entries_short_id(char out[UUID_SHORT_LEN + 1], const char *id)
{
	size_t n = strnlen(id, UUID_SHORT_LEN);

	memcpy(out, id, n);
	out[n] = '\0';
}

/* Appends s padded (or cut) to cols columns, then a blank. */
static void entries_cell(char *line, size_t size, const char *s, int cols)
{
	char cell[256];
	size_t used = strlen(line);

	text_fit_copy(cell, sizeof cell, s, (size_t)cols, true);
	snprintf(line + used, size - used, "%s ", cell);
}

/* The status a staff member reads: voided first, whatever it was. */
static const char *entries_status(const struct entry *e)
{
	return e->voided ? _("voided") : entry_status_label(e->status);
}

static int entries_add(const struct entry *e, void *ctx)
{
	const struct kiosk *k = ctx;
	struct entries_row *r = &entries_rows[entries_n];
	char when[32], who[160], dur[64], short_id[UUID_SHORT_LEN + 1];
	char *name = text_sanitize_dup(e->member_name, false);
	char *act = text_sanitize_dup(kiosk_entry_activity(k, e), false);

	snprintf(r->id, sizeof r->id, "%s", e->id);
	entries_short_id(short_id, e->id);
	/* logged hours carry a day, not a time */
	clock_format_local(e->started_ms,
			   e->kind == ENTRY_KIND_LOGGED ? "%m-%d" : "%m-%d %H:%M",
			   when, sizeof when);
	snprintf(who, sizeof who, "%s %s", e->member_no, name ? name : "");
	if (e->minutes >= 0)
		kiosk_format_minutes(e->minutes, dur, sizeof dur);
	else
		dur[0] = '\0';  /* still open: the status says so */
	r->line[0] = '\0';
	entries_cell(r->line, sizeof r->line, short_id, COL_ID);
	entries_cell(r->line, sizeof r->line, when, COL_WHEN);
	entries_cell(r->line, sizeof r->line, who, COL_MEMBER);
	entries_cell(r->line, sizeof r->line, act ? act : "", COL_ACT);
	entries_cell(r->line, sizeof r->line, dur, COL_DUR);
	entries_cell(r->line, sizeof r->line, entries_status(e), COL_STATUS);
	free(name);
	free(act);
	return ++entries_n >= ENTRIES_MAX;
}

/* Reads the list again for what the find field holds; keeps the
 * highlight on the same row number when it still exists. */
static void entries_reload(struct kiosk *k)
{
	enum sp_status status;

	entries_n = 0;
	status = entry_search(k->db, entries_find.buf, ENTRIES_MAX, entries_add, k);
	if (status != SP_OK)
		kiosk_say_status(k, status);
	if (entries_sel >= entries_n)
		entries_sel = entries_n ? entries_n - 1 : 0;
	if (entries_top > entries_sel)
		entries_top = entries_sel;
}

static void entries_close_entry(void)
{
	entry_free(entries_entry);
	entries_entry = NULL;
}

static void entries_enter(struct kiosk *k)
{
	k->message[0] = '\0';
	entries_sel = entries_top = entries_shown = 0;
	lineedit_init(&entries_find, ENTRIES_FIND_CHARS, LINEEDIT_BADGE);
	lineedit_init(&entries_reason, ENTRY_NOTE_MAX, 0);
	entries_close_entry();
	entries_set_mode(MODE_LIST);
	entries_reload(k);
}

static void entries_leave(struct kiosk *k)
{
	(void)k;
	entries_close_entry();
	lineedit_clear(&entries_reason);
	lineedit_clear(&entries_find);
	menu_free(&entries_menu);
	entries_n = 0;
}

/* ---- drawing ------------------------------------------------------------ */

static void entries_draw_list(struct kiosk *k)
{
	int x = 2, w = k->cols - 4, y = draw_body_top(), lw, cw, row;
	char head[ENTRIES_LINE_MAX], count[128];

	lw = draw_text(y, x, w, _("Find:"), A_BOLD);
	lineedit_draw(&entries_find, k, y, x + lw + 1, ENTRIES_FIND_CHARS + 1,
		      true);
	if (entries_n >= ENTRIES_MAX)
		snprintf(count, sizeof count, _("the newest %d shown"), entries_n);
	else
		snprintf(count, sizeof count, _("%d found"), entries_n);
	/* right-aligned after the field, or not at all */
	cw = (int)text_width(count);
	if (x + w - cw >= x + lw + 1 + ENTRIES_FIND_CHARS + 2)
		draw_text(y, x + w - cw, cw, count, A_NORMAL);
	draw_text(y + 1, x, w,
		  _("Type or scan the entry no. on a slip, or a badge number."),
		  A_NORMAL);

	head[0] = '\0';
	entries_cell(head, sizeof head, _("Entry no."), COL_ID);
	entries_cell(head, sizeof head, _("Date"), COL_WHEN);
	entries_cell(head, sizeof head, _("Member"), COL_MEMBER);
	entries_cell(head, sizeof head, _("Activity"), COL_ACT);
	entries_cell(head, sizeof head, _("Duration"), COL_DUR);
	entries_cell(head, sizeof head, _("Status"), COL_STATUS);
	draw_text(ENTRIES_LIST_TOP - 1, x, w, head, A_UNDERLINE);

	entries_shown = k->rows - 3 - ENTRIES_LIST_TOP;
	if (entries_n == 0) {
		draw_text(ENTRIES_LIST_TOP, x, w,
			  entries_find.len ? _("No entry has this number, and no member this badge.")
					   : _("Nothing on record yet."),
			  A_BOLD);
		return;
	}
	if (entries_sel < entries_top)
		entries_top = entries_sel;
	if (entries_sel >= entries_top + entries_shown)
		entries_top = entries_sel - entries_shown + 1;
	for (int i = 0; i < entries_shown && entries_top + i < entries_n; i++) {
		int idx = entries_top + i;
		bool sel = idx == entries_sel;
		attr_t attr = sel ? draw_attr(ROLE_SELECTED) : A_NORMAL;
		row = ENTRIES_LIST_TOP + i;
		draw_fill(row, x - 1, w + 1, attr);
		/* the '>' shows the highlight where reverse video does not */
		draw_text(row, x - 1, 1, sel ? ">" : " ", attr);
		draw_text(row, x, w - 1, entries_rows[idx].line, attr);
	}
	/* more above or below */
	if (entries_top > 0)
		draw_text(ENTRIES_LIST_TOP, x + w - 1, 1, "^", A_BOLD);
	if (entries_top + entries_shown < entries_n)
		draw_text(ENTRIES_LIST_TOP + entries_shown - 1, x + w - 1, 1, "v",
			  A_BOLD);
}

/* "Label: text" wrapped into at most max_rows rows; returns the next row. */
static int entries_draw_long(int row, int x, int cols, int lc, int max_rows,
			     const char *label, const char *text)
{
	char *safe = text_sanitize_dup(text ? text : "", false);
	int used;

	draw_field(row, x, lc, cols, label, "", A_NORMAL);
	used = draw_wrapped(row, x + lc + 1, cols - lc - 1, max_rows,
			    safe ? safe : "", A_BOLD);
	free(safe);
	return row + (used > 0 ? used : 1);
}

/* The open entry in a box from row y; returns the row after the box. */
static int entries_draw_entry(struct kiosk *k, int y)
{
	const struct entry *e = entries_entry;
	int x = 2, w = k->cols - 4, fx = x + 2, fw = w - 4, lc = 14, used, row;
	char buf[512], a[64], short_id[UUID_SHORT_LEN + 1];
	char *name = text_sanitize_dup(e->member_name, false);
	char *act = text_sanitize_dup(kiosk_entry_activity(k, e), false);

	entries_short_id(short_id, e->id);
	snprintf(buf, sizeof buf, _("Entry no.: %s"), short_id);
	used = draw_text(y, x, w, buf, draw_attr(ROLE_TITLE));
	draw_text(y, x + used + 2, w - used - 2, e->id, A_NORMAL);
	row = y + 2;

	snprintf(buf, sizeof buf, "%s (%s)", name ? name : "", e->member_no);
	draw_field(row++, fx, lc, fw, _("Member:"), buf, A_BOLD);
	snprintf(buf, sizeof buf, "%s (%s)", act ? act : "",
		 entry_kind_label(e->kind));
	draw_field(row++, fx, lc, fw, _("Activity:"), buf, A_BOLD);
	free(name);
	free(act);
	if (e->kind == ENTRY_KIND_LOGGED) {
		form_format_day(k, e->started_ms, true, a, sizeof a);
		draw_field(row++, fx, lc, fw, _("Date:"), a, A_BOLD);
	} else {
		clock_format_local(e->started_ms, "%Y-%m-%d %H:%M", a, sizeof a);
		draw_field(row++, fx, lc, fw, _("Started:"), a, A_BOLD);
		if (e->ended_ms) {
			clock_format_local(e->ended_ms, "%Y-%m-%d %H:%M", a, sizeof a);
			draw_field(row++, fx, lc, fw, _("Ended:"), a, A_BOLD);
		}
	}
	if (e->minutes >= 0) {
		kiosk_format_minutes(e->minutes, a, sizeof a);
		draw_field(row++, fx, lc, fw, _("Duration:"), a, A_BOLD);
	}
	if (e->note && *e->note)
		row = entries_draw_long(row, fx, fw, lc, 2, _("Note:"), e->note);
	if (e->voided)
		snprintf(buf, sizeof buf, "%s (%s)", _("voided"),
			 entry_status_label(e->status));
	else
		snprintf(buf, sizeof buf, "%s", entry_status_label(e->status));
	draw_field(row++, fx, lc, fw, _("Status:"), buf,
		   e->voided ? draw_attr(ROLE_ERROR) : A_BOLD);
	if (e->status == ENTRY_REJECTED && e->reject_reason && *e->reject_reason)
		row = entries_draw_long(row, fx, fw, lc, 1, _("Reason:"),
					e->reject_reason);
	if (e->voided) {
		clock_format_local(e->voided_ms, "%Y-%m-%d %H:%M", a, sizeof a);
		draw_field(row++, fx, lc, fw, _("Voided:"), a, A_BOLD);
		row = entries_draw_long(row, fx, fw, lc, 2, _("Void reason:"),
					e->void_reason);
	}
	draw_box(y + 1, x, row - y, w, NULL);
	return row + 1;
}

static void entries_draw_confirm(struct kiosk *k, int y)
{
	int x = 2, w = k->cols - 4, lc = 14;
	char buf[512], short_id[UUID_SHORT_LEN + 1];
	char *name = text_sanitize_dup(entries_entry->member_name, false);

	entries_short_id(short_id, entries_entry->id);
	snprintf(buf, sizeof buf, _("Void entry %s of %s (%s)?"), short_id,
		 name ? name : "", entries_entry->member_no);
	free(name);
	draw_text(y++, x, w, buf, draw_attr(ROLE_TITLE));
	y = entries_draw_long(y, x, w, lc, 2, _("Void reason:"),
			      entries_reason.buf);
	draw_text(y++, x, w,
		  _("It stays on record, marked void with this reason, and no longer counts."),
		  A_NORMAL);
	menu_draw(&entries_menu, y, x, 30, k->rows - 3 - y, 1);
}

static void entries_draw(struct kiosk *k)
{
	int y;

	draw_frame(k, _("Reprint or void an entry"));
	if (entries_mode == MODE_LIST || !entries_entry) {
		entries_draw_list(k);
		return;
	}
	y = entries_draw_entry(k, draw_body_top());
	switch (entries_mode) {
	case MODE_DETAIL:
		draw_box(y, 2, entries_menu.count + 2, 34, NULL);
		menu_draw(&entries_menu, y + 1, 3, 32, entries_menu.count, 1);
		break;
	case MODE_REASON:
		form_draw_textbox(&entries_reason, k, y, 2, ENTRIES_REASON_ROWS,
				  k->cols - 4, _("Reason for the void (required)"),
				  true);
		draw_text(y + ENTRIES_REASON_ROWS, 2, k->cols - 4,
			  _("Enter shows what will be voided; Esc cancels."),
			  A_NORMAL);
		break;
	case MODE_CONFIRM:
		entries_draw_confirm(k, y);
		break;
	default:
		break;
	}
}

/* ---- actions -------------------------------------------------------------- */

/* Opens the highlighted entry, read from the store as it is now. */
static unsigned entries_open(struct kiosk *k)
{
	enum sp_status status;

	if (entries_n == 0) {
		kiosk_say(k, true, "%s",
			  _("No entry to open: type the entry no. on the slip or a badge number."));
		return TUI_HANDLED | TUI_REDRAW;
	}
	entries_close_entry();
	status = entry_get(k->db, entries_rows[entries_sel].id, &entries_entry);
	if (status != SP_OK) {
		kiosk_say_status(k, status);
		return TUI_HANDLED | TUI_REDRAW;
	}
	k->message[0] = '\0';
	entries_set_mode(MODE_DETAIL);
	return TUI_HANDLED | TUI_REDRAW;
}

/* Back from an entry to the list, which shows any change made. */
static unsigned entries_back_to_list(struct kiosk *k)
{
	entries_close_entry();
	lineedit_clear(&entries_reason);
	entries_set_mode(MODE_LIST);
	entries_reload(k);
	return TUI_HANDLED | TUI_REDRAW;
}

/* Reads the open entry again after a write. */
static void entries_refresh_entry(struct kiosk *k)
{
	struct entry *e = NULL;

	if (entry_get(k->db, entries_entry->id, &e) == SP_OK) {
		entry_free(entries_entry);
		entries_entry = e;
	}
}

static unsigned entries_reprint(struct kiosk *k)
{
	printjob_reprint_slip(k, entries_entry);
	/* a second P pressed while the printer worked must not print twice */
	return TUI_HANDLED | TUI_REDRAW | TUI_FLUSH;
}

static unsigned entries_already_voided(struct kiosk *k)
{
	kiosk_say(k, true, "%s",
		  _("This entry is voided already; an entry cannot be voided twice."));
	return TUI_HANDLED | TUI_REDRAW;
}

static unsigned entries_start_void(struct kiosk *k)
{
	if (entries_entry->voided)
		return entries_already_voided(k);
	k->message[0] = '\0';
	lineedit_clear(&entries_reason);
	entries_set_mode(MODE_REASON);
	return TUI_HANDLED | TUI_REDRAW;
}

/* Enter on the reason: checked as core will check it, then the
 * confirmation. */
static unsigned entries_reason_done(struct kiosk *k)
{
	char buf[256];
	enum sp_status status = text_validate(entries_reason.buf, ENTRY_NOTE_MAX,
					      true, false);

	if (status == SP_ERR_TEXT_EMPTY) {
		kiosk_say(k, true, "%s", _("Not voided: please give a reason."));
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (status != SP_OK) {
		kiosk_say(k, true, "%s",
			  form_text_message(status, ENTRY_NOTE_MAX, buf, sizeof buf));
		return TUI_HANDLED | TUI_REDRAW;
	}
	k->message[0] = '\0';
	entries_set_mode(MODE_CONFIRM);
	return TUI_HANDLED | TUI_REDRAW;
}

static unsigned entries_void(struct kiosk *k)
{
	char buf[256], short_id[UUID_SHORT_LEN + 1];
	/* the staff member signed in is the one who voids */
	enum sp_status status = entry_void(k->db, entries_entry->id,
					   k->member->id, entries_reason.buf);

	entries_refresh_entry(k);
	entries_set_mode(MODE_DETAIL);
	lineedit_clear(&entries_reason);
	switch (status) {
	case SP_OK:
		entries_short_id(short_id, entries_entry->id);
		kiosk_say(k, false,
			  _("Saved: entry %s is voided and stays on record with the reason."),
			  short_id);
		break;
	case SP_ERR_STATE:
		entries_already_voided(k);
		break;
	case SP_ERR_TEXT_EMPTY:
	case SP_ERR_TEXT_TOO_LONG:
	case SP_ERR_TEXT_CONTROL:
	case SP_ERR_TEXT_UTF8:
		kiosk_say(k, true, "%s",
			  form_text_message(status, ENTRY_NOTE_MAX, buf, sizeof buf));
		break;
	default:
		kiosk_say_status(k, status);
		break;
	}
	/* a second Enter typed while it saved must not act on the detail */
	return TUI_HANDLED | TUI_REDRAW | TUI_FLUSH;
}

static unsigned entries_choose(struct kiosk *k, int tag)
{
	switch (tag) {
	case ITEM_REPRINT:
		return entries_reprint(k);
	case ITEM_VOID:
		return entries_start_void(k);
	case ITEM_VOID_NOW:
		return entries_void(k);
	case ITEM_CANCEL:
		/* the void is dropped; Esc instead goes back to the reason */
		k->message[0] = '\0';
		lineedit_clear(&entries_reason);
		entries_set_mode(MODE_DETAIL);
		return TUI_HANDLED | TUI_REDRAW;
	case ITEM_BACK:
	default:
		return entries_back_to_list(k);
	}
}

/* A press on a row of the list: that row, opened. */
static unsigned entries_click(struct kiosk *k, const struct tui_key *key)
{
	int idx = entries_top + (key->y - ENTRIES_LIST_TOP);

	if (key->y < ENTRIES_LIST_TOP || key->y >= ENTRIES_LIST_TOP + entries_shown ||
	    idx >= entries_n || key->x < 1 || key->x >= k->cols - 1)
		return 0;
	entries_sel = idx;
	return entries_open(k);
}

static unsigned entries_list_key(struct kiosk *k, const struct tui_key *key)
{
	int page = entries_shown > 1 ? entries_shown - 1 : 1;

	if (key->type == TUI_KEY_MOUSE)
		return entries_click(k, key);
	switch (key->action) {
	case ACTION_BACK:
		return TUI_GOTO_SCREEN(SCREEN_STAFF);
	case ACTION_CHOOSE:
		return entries_open(k);
	case ACTION_MOVE:
		if (key->code == KEY_UP)
			entries_sel--;
		else if (key->code == KEY_DOWN)
			entries_sel++;
		else if (key->code == KEY_PPAGE)
			entries_sel -= page;
		else
			entries_sel += page;
		if (entries_sel >= entries_n)
			entries_sel = entries_n - 1;
		if (entries_sel < 0)
			entries_sel = 0;
		return TUI_HANDLED | TUI_REDRAW;
	default:
		break;
	}
	switch (lineedit_key(&entries_find, key)) {
	case LINEEDIT_CHANGED:
		k->message[0] = '\0';
		entries_sel = entries_top = 0;
		entries_reload(k);
		return TUI_HANDLED | TUI_REDRAW;
	case LINEEDIT_REFUSED:
		return TUI_HANDLED;
	default:
		return 0;
	}
}

static unsigned entries_key(struct kiosk *k, const struct tui_key *key)
{
	if (entries_mode != MODE_LIST && !entries_entry)
		return entries_back_to_list(k);
	switch (entries_mode) {
	case MODE_LIST:
		return entries_list_key(k, key);
	case MODE_DETAIL:
		if (key->action == ACTION_BACK)
			return entries_back_to_list(k);
		if (key->action == ACTION_PRINT)
			return entries_reprint(k);
		if (key->action == ACTION_VOID)
			return entries_start_void(k);
		break;
	case MODE_REASON:
		if (key->action == ACTION_BACK) {
			k->message[0] = '\0';
			lineedit_clear(&entries_reason);
			entries_set_mode(MODE_DETAIL);
			return TUI_HANDLED | TUI_REDRAW;
		}
		if (key->action == ACTION_SUBMIT)
			return entries_reason_done(k);
		return form_text_key(k, &entries_reason, key,
				     _("The reason is full (at most %d characters)."));
	case MODE_CONFIRM:
		if (key->action == ACTION_BACK) {
			k->message[0] = '\0';
			entries_set_mode(MODE_REASON);
			return TUI_HANDLED | TUI_REDRAW;
		}
		if (key->action == ACTION_CONFIRM)
			return entries_choose(k, menu_selected_tag(&entries_menu));
		break;
	}
	switch (menu_key(&entries_menu, key)) {
	case MENU_MOVED:
		return TUI_HANDLED | TUI_REDRAW;
	case MENU_CHOSEN:
		return entries_choose(k, menu_selected_tag(&entries_menu));
	default:
		return 0;
	}
}

const struct screen screen_entries = {
	.name = "entries",
	.actions = entries_actions,
	.enter = entries_enter,
	.leave = entries_leave,
	.draw = entries_draw,
	.key = entries_key,
	.tick = NULL,
};
