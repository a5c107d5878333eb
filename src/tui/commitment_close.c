/* commitment_close.c — the end of an open commitment, from the member's
 * side: mark it fulfilled with an optional note (it then waits for
 * station staff to check it), or withdraw it with a reason (required).
 *
 * Which one, and which commitment, were chosen on My commitments
 * (k->commitment_withdraw, k->commitment_id). Nothing is written until
 * the member sends the form; commitment.c then moves the status in one
 * transaction, and refuses a commitment that is no longer open. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commitment.h"
#include "i18n.h"
#include "kiosk.h"
#include "text.h"

enum cc_field { CC_TEXT, CC_SAVE, CC_FIELDS };

static const enum action cc_actions[] = {
	ACTION_SUBMIT, ACTION_BACK, ACTION_FIELD, ACTION_ERASE, ACTION_NONE,
};

static enum cc_field cc_focus;
static struct lineedit cc_text;
static struct commitment *cc_commitment;
static int cc_x0, cc_text_y, cc_save_y;

static void cc_leave(struct kiosk *k)
{
	(void)k;
	lineedit_clear(&cc_text);
	commitment_free(cc_commitment);
	cc_commitment = NULL;
}

static void cc_enter(struct kiosk *k)
{
	enum sp_status status;

	cc_leave(k);
	k->message[0] = '\0';
	cc_focus = CC_TEXT;
	lineedit_init(&cc_text, COMMITMENT_TEXT_MAX, 0);
	status = commitment_get(k->db, k->commitment_id, &cc_commitment);
	if (status != SP_OK)
		kiosk_say_status(k, status);
}

static void cc_draw(struct kiosk *k)
{
	int w = 76, x0 = (k->cols - w) / 2, y0 = draw_body_top(), lc = 12;
	const char *title = k->commitment_withdraw ? _("Withdraw a commitment") :
		_("Mark a commitment fulfilled");
	char *text;

	draw_frame(k, title);
	cc_x0 = x0;
	cc_text_y = y0 + 8;
	cc_save_y = y0 + 18;
	if (!cc_commitment)
		return;

	text = text_sanitize_dup(cc_commitment->text, false);
	draw_box(y0, x0, 7, w, _("Commitment"));
	draw_wrapped(y0 + 1, x0 + 2, w - 4, 4, text ? text : "", A_BOLD);
	free(text);
	draw_field(y0 + 5, x0 + 2, lc, w - 4, _("Due:"), cc_commitment->due_date,
		   A_NORMAL);

	form_draw_textbox(&cc_text, k, cc_text_y, x0, 8, w,
			  k->commitment_withdraw ? _("Why you withdraw it (required)") :
			  _("What you did (optional)"),
			  cc_focus == CC_TEXT);
	draw_wrapped(y0 + 16, x0 + 2, w - 4, 2,
		     k->commitment_withdraw ?
		     _("A withdrawn commitment stays on record with your reason.") :
		     _("It shows as fulfilled once station staff have checked it; until then it is pending."),
		     A_NORMAL);
	{
		const char *save = k->commitment_withdraw ? _("[ Withdraw ]") :
			_("[ Mark fulfilled ]");
		int sw = (int)text_width(save);
		attr_t attr = cc_focus == CC_SAVE ? draw_attr(ROLE_SELECTED) : A_BOLD;
		draw_text(cc_save_y, x0 + 1, 1, cc_focus == CC_SAVE ? ">" : " ", A_BOLD);
		draw_text(cc_save_y, x0 + 3, sw, save, attr);
		draw_text(cc_save_y, x0 + 5 + sw, w - sw - 6,
			  _("Esc goes back without saving anything."), A_NORMAL);
	}
	if (cc_focus != CC_TEXT)
		k->cursor_y = k->cursor_x = -1;
}

static unsigned cc_save(struct kiosk *k)
{
	char buf[256];
	enum sp_status status;

	if (!cc_commitment)
		return TUI_HANDLED;
	status = text_validate(cc_text.buf, COMMITMENT_TEXT_MAX,
			       k->commitment_withdraw, false);
	if (status == SP_ERR_TEXT_EMPTY) {
		cc_focus = CC_TEXT;
		kiosk_say(k, true, _("Not withdrawn: please give a reason."));
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (status == SP_OK)
		status = k->commitment_withdraw ?
			commitment_withdraw(k->db, cc_commitment->id, k->member->id,
					    cc_text.buf) :
			commitment_fulfil(k->db, cc_commitment->id, k->member->id,
					  cc_text.buf);
	switch (status) {
	case SP_OK:
		k->confirm = k->commitment_withdraw ? CONFIRM_COMMIT_WITHDRAWN :
			CONFIRM_COMMIT_FULFILLED;
		memcpy(k->confirm_id, cc_commitment->id, sizeof k->confirm_id);
		k->commitment_id[0] = '\0'; /* the list opens at the top again */
		return TUI_GOTO_SCREEN(SCREEN_CONFIRM) | TUI_FLUSH;
	case SP_ERR_STATE:
		kiosk_say(k, true, "%s", C_("commitment", "Nothing changed: this commitment is no longer open."));
		break;
	case SP_ERR_TEXT_TOO_LONG:
	case SP_ERR_TEXT_CONTROL:
	case SP_ERR_TEXT_UTF8:
		cc_focus = CC_TEXT;
		kiosk_say(k, true, "%s", form_text_message(status, COMMITMENT_TEXT_MAX,
							     buf, sizeof buf));
		break;
	default:
		kiosk_say_status(k, status);
		break;
	}
	return TUI_HANDLED | TUI_REDRAW;
}

static unsigned cc_key(struct kiosk *k, const struct tui_key *key)
{
	if (key->type == TUI_KEY_MOUSE) {
		if (form_hit(key, cc_text_y, cc_x0, 8, 76)) {
			cc_focus = CC_TEXT;
			return TUI_HANDLED | TUI_REDRAW;
		}
		if (form_hit(key, cc_save_y, cc_x0, 1, 24)) {
			cc_focus = CC_SAVE;
			return cc_save(k);
		}
		return 0;
	}
	switch (key->action) {
	case ACTION_BACK:
		return TUI_GOTO_SCREEN(SCREEN_COMMITMENTS);
	case ACTION_SUBMIT:
		return cc_save(k);
	case ACTION_FIELD:
		cc_focus = cc_focus == CC_TEXT ? CC_SAVE : CC_TEXT;
		return TUI_HANDLED | TUI_REDRAW;
	default:
		break;
	}
	if (cc_focus != CC_TEXT)
		return 0;
	return form_text_key(k, &cc_text, key, _("The text is full (at most %d characters)."));
}

const struct screen screen_commit_close = {
	.name = "commit_close",
	.actions = cc_actions,
	.enter = cc_enter,
	.leave = cc_leave,
	.draw = cc_draw,
	.key = cc_key,
	.tick = NULL,
};
