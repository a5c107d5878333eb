/* feedback.c — a visitor says how satisfied they are (群众满意度): five
 * large answers from "very satisfied" (5) to "very dissatisfied" (1),
 * picked by number, arrows and Enter, or a touch; then an optional
 * comment; Enter saves. No badge and no PIN: visitors stay anonymous.
 * Then a thank-you screen reads the rating back from the store and
 * returns home by itself.
 *
 * Nothing is written until the visitor sends; feedback.c in core writes
 * it in one transaction before the thank-you shows, and the loop discards
 * keys typed meanwhile (TUI_FLUSH), so a double Enter saves once. Esc,
 * leaving, or the idle timeout discard what was typed. A rating sent
 * within [kiosk] feedback_cooldown_s of the last one is refused by core:
 * the screen thanks the visitor, asks for a moment, and keeps the form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feedback.h"
#include "i18n.h"
#include "kiosk.h"
#include "text.h"

#define FB_COLS 76          /* the form's width, at 80 columns */
#define FB_RATING_W 30      /* the answers' box */
#define FB_BOX_H 11         /* both boxes: five answers a blank row apart */
#define FB_THANKS_MS 6000   /* the thank-you shows this long */

enum fb_focus { FB_RATING, FB_COMMENT };

static const enum action fb_actions[] = {
	ACTION_NUMBER, ACTION_MOVE, ACTION_SUBMIT, ACTION_ERASE, ACTION_BACK,
	ACTION_NONE,
};

static enum fb_focus fb_focus;
static struct menu fb_menu;            /* item i is rating 5 - i */
static char fb_labels[FEEDBACK_RATING_MAX][96];
static int fb_rating;                  /* chosen, or 0 */
static struct lineedit fb_comment;
/* where the last draw put the boxes and the buttons, for touches */
static int fb_comment_y = -1, fb_comment_x, fb_comment_w;
static int fb_send_y = -1, fb_send_x, fb_send_w;
static int fb_back_y = -1, fb_back_x, fb_back_w;

static int fb_rating_of(int item)
{
	return FEEDBACK_RATING_MAX - item;
}

/* The answers, the chosen one marked where no attribute shows. */
static void fb_fill_menu(void)
{
	int selected = fb_menu.selected;

	menu_clear(&fb_menu);
	for (int i = 0; i < FEEDBACK_RATING_MAX; i++) {
		int r = fb_rating_of(i);
		snprintf(fb_labels[i], sizeof fb_labels[i], "%s %s",
			 r == fb_rating ? "[*]" : "[ ]", feedback_rating_label(r));
		menu_add(&fb_menu, fb_labels[i], r);
	}
	fb_menu.selected = selected;
}

static void fb_enter(struct kiosk *k)
{
	k->message[0] = '\0';
	fb_focus = FB_RATING;
	fb_rating = 0;
	fb_menu.selected = 0;
	fb_fill_menu();
	lineedit_init(&fb_comment, FEEDBACK_COMMENT_MAX, 0);
}

static void fb_leave(struct kiosk *k)
{
	(void)k;
	fb_rating = 0;
	lineedit_clear(&fb_comment);
	menu_free(&fb_menu);
}

/* " KEY  label " as a button, as on the brand screen; returns its width. */
static int fb_button(int y, int x, int cols, const char *keys,
		     const char *label)
{
	int used = draw_text(y, x, cols, " ", A_REVERSE | A_BOLD);
	used += draw_text(y, x + used, cols - used, keys, A_REVERSE | A_BOLD);
	used += draw_text(y, x + used, cols - used, " ", A_REVERSE | A_BOLD);
	used += draw_text(y, x + used, cols - used, " ", A_NORMAL);
	used += draw_text(y, x + used, cols - used, label, A_BOLD);
	return used;
}

static void fb_draw(struct kiosk *k)
{
	int x0 = (k->cols - FB_COLS) / 2, y0 = draw_body_top();
	int cx = x0 + FB_RATING_W + 2, cw = FB_COLS - FB_RATING_W - 2;
	int by = y0 + 3 + FB_BOX_H + 3;
	const char *hint;

	draw_frame(k, _("Your opinion"));
	draw_centered(y0, x0, FB_COLS, _("Are you satisfied with our service?"),
		      draw_attr(ROLE_TITLE));
	draw_centered(y0 + 1, x0, FB_COLS,
		      _("No badge or PIN is needed, and your name is not asked."),
		      A_NORMAL);

	draw_box(y0 + 3, x0, FB_BOX_H, FB_RATING_W, _("Your answer"));
	menu_draw(&fb_menu, y0 + 4, x0 + 1, FB_RATING_W - 2, FB_BOX_H - 2, 2);
	form_draw_textbox(&fb_comment, k, y0 + 3, cx, FB_BOX_H, cw,
			  _("Comment (optional)"), fb_focus == FB_COMMENT);
	fb_comment_y = y0 + 3;
	fb_comment_x = cx;
	fb_comment_w = cw;
	if (fb_focus == FB_RATING) {
		/* the menu's highlight is the focus; no text cursor */
		k->cursor_y = k->cursor_x = -1;
		hint = _("Press the number of your answer, or move to it and press Enter.");
	} else {
		hint = _("Write a comment if you like, then press Enter to send. Up goes back to the answers.");
	}
	draw_wrapped(y0 + 3 + FB_BOX_H + 1, x0, FB_COLS, 2, hint, A_NORMAL);

	fb_send_y = fb_back_y = by;
	fb_send_x = x0;
	fb_send_w = fb_button(by, x0, FB_COLS, _("Enter"), _("Send"));
	fb_back_x = x0 + fb_send_w + 4;
	fb_back_w = fb_button(by, fb_back_x, x0 + FB_COLS - fb_back_x, _("Esc"),
			      _("Back without sending"));
}

static unsigned fb_choose(struct kiosk *k, int item)
{
	if (item < 0 || item >= fb_menu.count)
		return TUI_HANDLED;
	fb_menu.selected = item;
	fb_rating = fb_rating_of(item);
	fb_fill_menu();
	fb_focus = FB_COMMENT;
	k->message[0] = '\0';
	return TUI_HANDLED | TUI_REDRAW;
}

static unsigned fb_save(struct kiosk *k)
{
	char comment[LINEEDIT_MAX_BYTES], id[UUID_STR_LEN], buf[256];
	enum sp_status status;

	if (fb_rating == 0) {
		fb_focus = FB_RATING;
		kiosk_say(k, true, "%s",
			  _("Not sent: please choose an answer first."));
		return TUI_HANDLED | TUI_REDRAW;
	}
	/* spaces around the comment say nothing */
	memcpy(comment, fb_comment.buf, fb_comment.len + 1);
	text_trim(comment);
	status = feedback_add(k->db, fb_rating, comment,
			      k->cfg->feedback_cooldown_s, id);
	if (status == SP_OK) {
		memcpy(k->confirm_id, id, sizeof id);
		return TUI_GOTO_SCREEN(SCREEN_FEEDBACK_THANKS) | TUI_FLUSH;
	}
	if (status == SP_ERR_TOO_SOON) {
		/* the answer and the comment stay, so Enter a little later
		 * sends them; keys typed meanwhile are dropped */
		kiosk_say(k, false, "%s",
			  _("Thank you! Someone rated us just now; please try again in a moment."));
		return TUI_HANDLED | TUI_REDRAW | TUI_FLUSH;
	}
	if (status == SP_ERR_TEXT_TOO_LONG || status == SP_ERR_TEXT_CONTROL ||
	    status == SP_ERR_TEXT_UTF8) {
		fb_focus = FB_COMMENT;
		kiosk_say(k, true, "%s",
			  form_text_message(status, FEEDBACK_COMMENT_MAX, buf,
					    sizeof buf));
	} else {
		kiosk_say_status(k, status);
	}
	return TUI_HANDLED | TUI_REDRAW;
}

static bool fb_hit(const struct tui_key *key, int y, int x, int w)
{
	return y >= 0 && form_hit(key, y, x, 1, w);
}

static unsigned fb_mouse(struct kiosk *k, const struct tui_key *key)
{
	if (menu_key(&fb_menu, key) == MENU_CHOSEN)
		return fb_choose(k, fb_menu.selected);
	if (fb_comment_y >= 0 &&
	    form_hit(key, fb_comment_y, fb_comment_x, FB_BOX_H, fb_comment_w)) {
		fb_focus = FB_COMMENT;
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (fb_hit(key, fb_send_y, fb_send_x, fb_send_w))
		return fb_save(k);
	if (fb_hit(key, fb_back_y, fb_back_x, fb_back_w))
		return TUI_GOTO_SCREEN(SCREEN_BRAND);
	return TUI_HANDLED;
}

/* The comment field's keys: text, Backspace, Delete, Left/Right... */
static unsigned fb_edit(struct kiosk *k, const struct tui_key *key)
{
	return form_text_key(k, &fb_comment, key, _("The comment is full (at most %d characters)."));
}

static unsigned fb_key(struct kiosk *k, const struct tui_key *key)
{
	if (key->type == TUI_KEY_MOUSE)
		return fb_mouse(k, key);
	/* in the comment, digits are text, not answers */
	if (fb_focus == FB_COMMENT && key->type == TUI_KEY_CHAR &&
	    lineedit_accepts(&fb_comment, key->ch))
		return fb_edit(k, key);
	switch (key->action) {
	case ACTION_BACK:
		return TUI_GOTO_SCREEN(SCREEN_BRAND);
	case ACTION_SUBMIT:
		if (fb_focus == FB_RATING)
			return fb_choose(k, fb_menu.selected);
		return fb_save(k);
	case ACTION_MOVE:
		if (fb_focus == FB_COMMENT) {
			fb_focus = FB_RATING;
			return TUI_HANDLED | TUI_REDRAW;
		}
		break;
	case ACTION_ERASE:
	case ACTION_NONE:
		if (fb_focus == FB_COMMENT)
			return fb_edit(k, key);
		return 0;
	default:
		break;
	}
	switch (menu_key(&fb_menu, key)) {
	case MENU_CHOSEN:
		return fb_choose(k, fb_menu.selected);
	case MENU_MOVED:
		return TUI_HANDLED | TUI_REDRAW;
	default:
		return 0;
	}
}

const struct screen screen_feedback = {
	.name = "feedback",
	.actions = fb_actions,
	.enter = fb_enter,
	.leave = fb_leave,
	.draw = fb_draw,
	.key = fb_key,
	.tick = NULL,
};

/* ---- the thank-you: the rating as stored, then home ---- */

static const enum action fbt_actions[] = { ACTION_ANY, ACTION_NONE };

static struct feedback *fbt_saved;
static int64_t fbt_since_ms, fbt_since_mono_ms;
static int fbt_left_s;   /* the countdown as last drawn */

static void fbt_enter(struct kiosk *k)
{
	enum sp_status status;

	k->message[0] = '\0';
	fbt_since_ms = k->now_ms;
	fbt_since_mono_ms = k->mono_ms;
	fbt_left_s = FB_THANKS_MS / 1000;
	status = feedback_get(k->db, k->confirm_id, &fbt_saved);
	if (status != SP_OK)
		kiosk_say_status(k, status);
}

static void fbt_leave(struct kiosk *k)
{
	(void)k;
	feedback_free(fbt_saved);
	fbt_saved = NULL;
}

static void fbt_draw(struct kiosk *k)
{
	int w = 64, x = (k->cols - w) / 2, y = draw_body_top() + 2, lc = 14;
	int row;
	char buf[256];
	char *comment;

	draw_frame(k, _("Thank you"));
	snprintf(buf, sizeof buf, _("Back to the home screen in %d s, or press any key."),
		 fbt_left_s);
	draw_text(k->rows - 3, 2, k->cols - 4, buf, A_NORMAL);
	if (!fbt_saved)
		return;
	draw_centered(y, 0, k->cols, _("Thank you! Your opinion is saved."),
		      draw_attr(ROLE_OK));
	draw_centered(y + 1, 0, k->cols,
		      _("It helps us serve you better."), A_NORMAL);
	row = y + 4;
	draw_field(row++, x + 2, lc, w - 4, _("Your answer:"),
		   feedback_rating_label(fbt_saved->rating), A_BOLD);
	comment = text_sanitize_dup(fbt_saved->comment, false);
	if (comment && *comment) {
		draw_field(row, x + 2, lc, w - 4, _("Comment:"), "", A_NORMAL);
		row += draw_wrapped(row, x + 2 + lc + 1, w - 4 - lc - 1, 6,
				    comment, A_NORMAL);
	}
	free(comment);
	/* the box goes round what was drawn */
	draw_box(y + 3, x, row - y - 2, w, NULL);
}

static unsigned fbt_key(struct kiosk *k, const struct tui_key *key)
{
	(void)k;
	/* any key or touch: an Enter here never sends anything again */
	if (key->action == ACTION_ANY || key->type == TUI_KEY_MOUSE)
		return TUI_GOTO_SCREEN(SCREEN_HOME);
	return 0;
}

static unsigned fbt_tick(struct kiosk *k)
{
	int64_t shown = kiosk_elapsed_ms(k, fbt_since_ms, fbt_since_mono_ms);
	int left = (int)((FB_THANKS_MS - shown + 999) / 1000);

	if (shown >= FB_THANKS_MS)
		return TUI_GOTO_SCREEN(SCREEN_HOME);
	if (left != fbt_left_s) {
		fbt_left_s = left;
		return TUI_REDRAW;
	}
	return 0;
}

const struct screen screen_feedback_thanks = {
	.name = "feedback_thanks",
	.actions = fbt_actions,
	.enter = fbt_enter,
	.leave = fbt_leave,
	.draw = fbt_draw,
	.key = fbt_key,
	.tick = fbt_tick,
};
