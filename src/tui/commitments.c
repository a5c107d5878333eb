/* commitments.c — My commitments (公开承诺): the member's public
 * commitments with their status and due date, one of them in detail, and
 * the way to a new one, to marking one fulfilled or to withdrawing it.
 *
 * This screen only reads (commitment.c); the writes happen on the forms
 * it leads to (commitment_new.c, commitment_close.c), each one
 * transaction followed by the confirmation screen. Open commitments come
 * first, the soonest due at the top, so what still needs doing is what a
 * member sees without scrolling. It also keeps the list of categories, so
 * the form and every screen that shows one agree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commitment.h"
#include "i18n.h"
#include "kiosk.h"
#include "text.h"

/* The categories a member picks from. Stored in the station's record
 * language (Chinese), like the demo's activity names, so the ledgers read
 * the same whatever language the kiosk shows; shown through gettext. */
static const struct {
	const char *stored;
	const char *label;
} commit_categories[COMMIT_CATEGORY_COUNT] = {
	{"工作", N_("Work")},
	{"服务", N_("Service")},
	{"学习", N_("Study")},
	{"其他", N_("Other")},
};

const char *commitments_category_stored(int i)
{
	return i >= 0 && i < COMMIT_CATEGORY_COUNT ? commit_categories[i].stored : "";
}

const char *commitments_category_label(const char *stored)
{
	for (int i = 0; i < COMMIT_CATEGORY_COUNT; i++)
		if (stored && strcmp(stored, commit_categories[i].stored) == 0)
			return _(commit_categories[i].label);
	return stored ? stored : "";
}

#define COMMIT_LABEL_MAX 512

enum { COMMIT_TAG_NEW = 1000, COMMIT_TAG_FULFIL, COMMIT_TAG_WITHDRAW,
       COMMIT_TAG_LIST };

struct commit_row {
	char id[UUID_STR_LEN];
	enum commitment_status status;
	bool overdue;
	char due[CLOCK_DATE_LEN];
	char *text;              /* sanitised, one line */
	int64_t created_ms;
	char label[COMMIT_LABEL_MAX];
};

static const enum action commit_actions[] = {
	ACTION_NUMBER, ACTION_MOVE, ACTION_CHOOSE, ACTION_BACK, ACTION_NONE,
};

static struct commit_row *commit_rows;
static size_t commit_count, commit_cap;
static struct menu commit_menu;
static int commit_status_cols;        /* widest status label */
static struct commitment *commit_detail; /* the one shown in detail, or NULL */
static struct menu commit_detail_menu;

static void commit_rows_free(void)
{
	for (size_t i = 0; i < commit_count; i++) {
		free(commit_rows[i].text);
	}
	free(commit_rows);
	commit_rows = NULL;
	commit_count = commit_cap = 0;
}

/* ctx: the status to report, set to SP_ERR_NOMEM when memory runs out */
static int commit_collect(const struct commitment *c, void *ctx)
{
	enum sp_status *status = ctx;
	struct commit_row *row;
	char *nl;

	if (commit_count == commit_cap) {
		size_t cap = commit_cap ? commit_cap * 2 : 16;
		struct commit_row *grown = realloc(commit_rows, cap * sizeof *grown);
		if (!grown) {
			*status = SP_ERR_NOMEM;
			return 1;
		}
		commit_rows = grown;
		commit_cap = cap;
	}
	row = &commit_rows[commit_count];
	memset(row, 0, sizeof *row);
	memcpy(row->id, c->id, sizeof row->id);
	memcpy(row->due, c->due_date, sizeof row->due);
	row->status = c->status;
	row->overdue = c->overdue;
	row->created_ms = c->created_ms;
	row->text = text_sanitize_dup(c->text, false);
	if (!row->text) {
		*status = SP_ERR_NOMEM;
		return 1;
	}
	while ((nl = strchr(row->text, '\n')))
		*nl = ' ';
	commit_count++;
	return 0;
}

/* Open ones first, the soonest due on top; then the rest, newest first. */
static int commit_order(const void *a, const void *b)
{
	const struct commit_row *x = a, *y = b;
	bool xo = x->status == COMMITMENT_OPEN, yo = y->status == COMMITMENT_OPEN;
	int c;

	if (xo != yo)
		return xo ? -1 : 1;
	if (xo && (c = strcmp(x->due, y->due)) != 0)
		return c;
	return x->created_ms > y->created_ms ? -1 : x->created_ms < y->created_ms;
}

/* Appends s padded to cols display columns. */
static void commit_cell(char *line, size_t size, const char *s, int cols)
{
	char cell[COMMIT_LABEL_MAX];
	size_t used = strlen(line);

	text_fit_copy(cell, sizeof cell, s, (size_t)cols, true);
	snprintf(line + used, size - used, "%s", cell);
}

static void commit_build_label(struct commit_row *row)
{
	row->label[0] = '\0';
	commit_cell(row->label, sizeof row->label, row->due, 11);
	commit_cell(row->label, sizeof row->label,
		    commitment_status_label(row->status, row->overdue),
		    commit_status_cols + 1);
	snprintf(row->label + strlen(row->label),
		 sizeof row->label - strlen(row->label), "%s", row->text);
}

static void commit_detail_close(void)
{
	commitment_free(commit_detail);
	commit_detail = NULL;
}

static void commit_leave(struct kiosk *k)
{
	(void)k;
	commit_detail_close();
	commit_rows_free();
	menu_free(&commit_menu);
	menu_free(&commit_detail_menu);
}

static void commit_enter(struct kiosk *k)
{
	enum sp_status status, collected = SP_OK;

	commit_leave(k);
	k->message[0] = '\0';
	commit_status_cols = 0;
	for (int s = COMMITMENT_OPEN; s <= COMMITMENT_WITHDRAWN; s++) {
		int w = (int)text_width(commitment_status_label(s, false));
		if (w > commit_status_cols)
			commit_status_cols = w;
	}
	if ((int)text_width(commitment_status_label(COMMITMENT_OPEN, true)) >
	    commit_status_cols)
		commit_status_cols =
			(int)text_width(commitment_status_label(COMMITMENT_OPEN, true));

	status = commitment_each_for_member(k->db, k->member->id,
					    commit_collect, &collected);
	if (status == SP_OK)
		status = collected;
	if (status != SP_OK)
		kiosk_say_status(k, status);
	if (commit_count)
		qsort(commit_rows, commit_count, sizeof *commit_rows, commit_order);
	/* every one of them: the menu scrolls */
	if (!menu_add(&commit_menu, _("Make a new commitment"), COMMIT_TAG_NEW))
		kiosk_say_status(k, SP_ERR_NOMEM);
	for (size_t i = 0; i < commit_count; i++) {
		commit_build_label(&commit_rows[i]);
		if (!menu_add(&commit_menu, commit_rows[i].label, (int)i)) {
			kiosk_say_status(k, SP_ERR_NOMEM);
			break;
		}
	}
	/* back from the form about one without saving: it stays
	 * highlighted (a save clears the id) */
	for (size_t i = 0; k->commitment_id[0] && i < commit_count; i++)
		if (strcmp(commit_rows[i].id, k->commitment_id) == 0)
			menu_select_tag(&commit_menu, (int)i);
	k->commitment_id[0] = '\0';
}

static void commit_draw_list(struct kiosk *k, int y, int x, int w)
{
	char head[COMMIT_LABEL_MAX];
	int rows = draw_body_rows(k) - 3;

	draw_text(y, x, w,
		  _("Your public commitments. Choose one to mark it fulfilled or to withdraw it."),
		  A_NORMAL);
	head[0] = '\0';
	commit_cell(head, sizeof head, "", 4); /* over the menu's numbers */
	commit_cell(head, sizeof head, _("Due"), 11);
	commit_cell(head, sizeof head, _("Status"), commit_status_cols + 1);
	commit_cell(head, sizeof head, _("Commitment"), 20);
	draw_text(y + 2, x, w, head, A_UNDERLINE);
	if (rows > commit_menu.count)
		rows = commit_menu.count;
	/* a long list scrolls, saying how many are above and below */
	menu_draw(&commit_menu, y + 3, x, w, rows, 1);
	if (commit_count == 0) {
		draw_text(y + 5, x, w,
			  _("You have no commitments yet. A commitment is public: visitors can read it."),
			  A_NORMAL);
	}
}

static void commit_draw_detail(struct kiosk *k, int y, int x, int w)
{
	const struct commitment *c = commit_detail;
	int lc = 16, row = y + 1;
	char *text = text_sanitize_dup(c->text, false);
	char *note;

	draw_box(y, x, 14, w, _("Commitment"));
	row += draw_wrapped(row, x + 2, w - 4, 6, text ? text : "", A_BOLD);
	free(text);
	row++;
	draw_field(row++, x + 2, lc, w - 4, _("Category:"),
		   commitments_category_label(c->category), A_NORMAL);
	draw_field(row++, x + 2, lc, w - 4, _("Due:"), c->due_date, A_NORMAL);
	draw_field(row++, x + 2, lc, w - 4, _("Public:"),
		   c->is_public ? _("yes (visitors can see it)") : _("no"), A_NORMAL);
	draw_field(row++, x + 2, lc, w - 4, _("Status:"),
		   commitment_status_label(c->status, c->overdue), A_BOLD);
	note = text_sanitize_dup(*c->fulfil_note ? c->fulfil_note :
				 *c->withdraw_reason ? c->withdraw_reason :
				 c->reject_reason, false);
	if (note && *note)
		draw_field(row, x + 2, lc, w - 4, _("Note:"), note, A_NORMAL);
	free(note);
	menu_draw(&commit_detail_menu, y + 14, x + 2, w - 4,
		  commit_detail_menu.count, 1);
	(void)k;
}

static void commit_draw(struct kiosk *k)
{
	int w = 76, x = (k->cols - w) / 2, y = draw_body_top();

	draw_frame(k, _("My commitments"));
	if (commit_detail)
		commit_draw_detail(k, y, x, w);
	else
		commit_draw_list(k, y, x, w);
}

static unsigned commit_open_detail(struct kiosk *k, const struct commit_row *row)
{
	enum sp_status status;

	commit_detail_close();
	status = commitment_get(k->db, row->id, &commit_detail);
	if (status != SP_OK) {
		kiosk_say_status(k, status);
		return TUI_HANDLED | TUI_REDRAW;
	}
	memcpy(k->commitment_id, row->id, sizeof k->commitment_id);
	menu_clear(&commit_detail_menu);
	if (commit_detail->status == COMMITMENT_OPEN) {
		menu_add(&commit_detail_menu, _("Mark it fulfilled"), COMMIT_TAG_FULFIL);
		menu_add(&commit_detail_menu, _("Withdraw it"), COMMIT_TAG_WITHDRAW);
	}
	menu_add(&commit_detail_menu, _("Back to the list"), COMMIT_TAG_LIST);
	k->message[0] = '\0';
	return TUI_HANDLED | TUI_REDRAW;
}

static unsigned commit_key_detail(struct kiosk *k, const struct tui_key *key)
{
	if (key->action == ACTION_BACK) {
		commit_detail_close();
		return TUI_HANDLED | TUI_REDRAW;
	}
	switch (menu_key(&commit_detail_menu, key)) {
	case MENU_MOVED:
		return TUI_HANDLED | TUI_REDRAW;
	case MENU_CHOSEN:
		break;
	default:
		return 0;
	}
	switch (menu_selected_tag(&commit_detail_menu)) {
	case COMMIT_TAG_FULFIL:
		k->commitment_withdraw = false;
		return TUI_GOTO_SCREEN(SCREEN_COMMIT_CLOSE);
	case COMMIT_TAG_WITHDRAW:
		k->commitment_withdraw = true;
		return TUI_GOTO_SCREEN(SCREEN_COMMIT_CLOSE);
	default:
		commit_detail_close();
		return TUI_HANDLED | TUI_REDRAW;
	}
}

static unsigned commit_key(struct kiosk *k, const struct tui_key *key)
{
	int tag;

	if (commit_detail)
		return commit_key_detail(k, key);
	if (key->action == ACTION_BACK)
		return TUI_GOTO_SCREEN(SCREEN_PANEL);
	switch (menu_key(&commit_menu, key)) {
	case MENU_MOVED:
		return TUI_HANDLED | TUI_REDRAW;
	case MENU_CHOSEN:
		break;
	default:
		return 0;
	}
	tag = menu_selected_tag(&commit_menu);
	if (tag == COMMIT_TAG_NEW)
		return TUI_GOTO_SCREEN(SCREEN_COMMIT_NEW);
	if (tag >= 0 && (size_t)tag < commit_count)
		return commit_open_detail(k, &commit_rows[tag]);
	return 0;
}

const struct screen screen_commitments = {
	.name = "commitments",
	.actions = commit_actions,
	.enter = commit_enter,
	.leave = commit_leave,
	.draw = commit_draw,
	.key = commit_key,
	.tick = NULL,
};
