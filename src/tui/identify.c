/* identify.c — who is at the kiosk: the badge number (when it was not
 * scanned on home already), then the PIN, masked.
 *
 * A wrong PIN and an unknown badge get the same sentence and the same
 * screen, so a guesser learns nothing about which badges exist; a locked
 * badge is told until when. The PIN buffer is wiped as soon as core has
 * checked it. The screen never writes anything itself: member.c counts
 * failures and locks. */
#include <string.h>

#include "clock.h"
#include "i18n.h"
#include "kiosk.h"
#include "text.h"

static const enum action identify_actions[] = {
	ACTION_SUBMIT, ACTION_ERASE, ACTION_HOME, ACTION_NONE,
};

static struct lineedit identify_badge;
static struct lineedit identify_pin;
static bool identify_pin_stage;

static void identify_enter(struct kiosk *k)
{
	lineedit_init(&identify_badge, MEMBER_NO_MAX, LINEEDIT_BADGE);
	lineedit_init(&identify_pin, PIN_MAX_DIGITS,
		      LINEEDIT_DIGITS | LINEEDIT_MASK);
	identify_pin_stage = k->badge[0] != '\0';
	if (identify_pin_stage)
		lineedit_set(&identify_badge, k->badge);
	k->message[0] = '\0';
}

static void identify_leave(struct kiosk *k)
{
	(void)k;
	lineedit_clear(&identify_pin);
	lineedit_clear(&identify_badge);
}

static const char *identify_title(const struct kiosk *k)
{
	switch (k->purpose) {
	case PURPOSE_LOG_HOURS: return _("Log service hours");
	case PURPOSE_COMMITMENTS: return _("My commitments");
	case PURPOSE_RECORD: return _("My record");
	case PURPOSE_STAFF: return _("Staff");
	case PURPOSE_CHECKIO:
	default: return _("Check in / out");
	}
}

static void identify_draw(struct kiosk *k)
{
	int w = 64, x = (k->cols - w) / 2, y = draw_body_top() + 2;
	const char *badge_label = _("Badge no.:"), *pin_label = _("PIN:");
	int lw = (int)text_width(badge_label);

	if ((int)text_width(pin_label) > lw)
		lw = (int)text_width(pin_label);
	draw_frame(k, identify_title(k));
	draw_box(y, x, 11, w, identify_title(k));
	draw_centered(y + 1, x + 1, w - 2,
		      identify_pin_stage ? _("Step 2 of 2: your PIN") :
		      _("Step 1 of 2: your badge"), draw_attr(ROLE_TITLE));
	draw_centered(y + 2, x + 1, w - 2,
		      identify_pin_stage ?
		      _("Type your PIN and press Enter.") :
		      _("Scan your badge, or type its number and press Enter."),
		      A_BOLD);

	draw_text(y + 4, x + 14 - lw, lw, badge_label, A_NORMAL);
	if (identify_pin_stage)
		draw_text(y + 4, x + 15, w - 17, identify_badge.buf, A_BOLD);
	else
		lineedit_draw(&identify_badge, k, y + 4, x + 15, MEMBER_NO_MAX + 1, true);

	if (identify_pin_stage) {
		draw_text(y + 6, x + 14 - (int)text_width(pin_label),
			  lw, pin_label, A_NORMAL);
		lineedit_draw(&identify_pin, k, y + 6, x + 15, PIN_MAX_DIGITS + 1, true);
		draw_text(y + 8, x + 3, w - 6,
			  _("Your PIN is 4 to 8 digits. It is never shown."),
			  A_NORMAL);
	}
}

/* "until 09:15", with the date when the lock ends on another day. */
static void identify_say_locked(struct kiosk *k, int64_t until_ms)
{
	char when[64], today[CLOCK_DATE_LEN], day[CLOCK_DATE_LEN];

	clock_local_date(k->now_ms, today);
	clock_local_date(until_ms, day);
	clock_format_local(until_ms, strcmp(today, day) == 0 ? "%H:%M" : "%Y-%m-%d %H:%M",
			   when, sizeof when);
	kiosk_say(k, true,
		  _("Too many wrong PINs: this badge is locked until %s."),
		  when);
}

/* Where a signed-in member goes: home's items 2-4 straight to their
 * screen, check in / out to the panel. */
static enum screen_id identify_next(enum kiosk_purpose purpose)
{
	switch (purpose) {
	case PURPOSE_STAFF: return SCREEN_STAFF;
	case PURPOSE_LOG_HOURS: return SCREEN_LOGHOURS;
	case PURPOSE_COMMITMENTS: return SCREEN_COMMITMENTS;
	case PURPOSE_RECORD: return SCREEN_RECORD;
	case PURPOSE_CHECKIO:
	default: return SCREEN_PANEL;
	}
}

static unsigned identify_sign_in(struct kiosk *k)
{
	const struct member_lockout policy = {
		.max_failed_pins = k->cfg->max_failed_pins,
		.lock_minutes = k->cfg->lock_minutes,
	};
	struct member *m = NULL;
	int64_t until_ms = 0;
	enum sp_status status;

	if (identify_pin.len == 0)
		return TUI_HANDLED;
	/* The scanner fired again at the PIN prompt: not a PIN attempt. */
	if (strcmp(identify_pin.buf, k->badge) == 0) {
		lineedit_clear(&identify_pin);
		kiosk_say(k, true, _("That was your badge again. Please type your PIN."));
		return TUI_HANDLED | TUI_REDRAW;
	}
	status = member_authenticate(k->db, k->pepper, k->badge,
				     identify_pin.buf, &policy, &m, &until_ms);
	lineedit_clear(&identify_pin);

	switch (status) {
	case SP_OK:
		if (k->purpose == PURPOSE_STAFF && m->role == MEMBER_ROLE_MEMBER) {
			member_free(m);
			kiosk_say_status(k, SP_ERR_PERMISSION);
			return TUI_HANDLED | TUI_REDRAW;
		}
		member_free(k->member);
		k->member = m;
		return TUI_GOTO_SCREEN(identify_next(k->purpose));
	case SP_ERR_LOCKED:
		/* also the failure that locks it: core says so at once */
		identify_say_locked(k, until_ms);
		break;
	default:
		kiosk_say_status(k, status);
		break;
	}
	return TUI_HANDLED | TUI_REDRAW;
}

static unsigned identify_key(struct kiosk *k, const struct tui_key *key)
{
	struct lineedit *le = identify_pin_stage ? &identify_pin : &identify_badge;

	switch (key->action) {
	case ACTION_HOME:
		return TUI_GOTO_SCREEN(SCREEN_HOME);
	case ACTION_SUBMIT:
		if (identify_pin_stage)
			return identify_sign_in(k);
		if (member_validate_no(identify_badge.buf) != SP_OK) {
			kiosk_say(k, true, _("That is not a badge number. Please scan your badge again."));
			lineedit_clear(&identify_badge);
			return TUI_HANDLED | TUI_REDRAW;
		}
		memcpy(k->badge, identify_badge.buf, identify_badge.len + 1);
		identify_pin_stage = true;
		k->message[0] = '\0';
		return TUI_HANDLED | TUI_REDRAW;
	default:
		break;
	}
	switch (lineedit_key(le, key)) {
	case LINEEDIT_CHANGED:
		k->message[0] = '\0'; /* the last sentence was read: a new try */
		return TUI_HANDLED | TUI_REDRAW;
	case LINEEDIT_REFUSED:
		if (key->type == TUI_KEY_CHAR && identify_pin_stage &&
		    !lineedit_accepts(le, key->ch) && key->ch >= ' ') {
			kiosk_say(k, true, _("A PIN has digits only."));
			return TUI_HANDLED | TUI_REDRAW;
		}
		return TUI_HANDLED;
	default:
		return 0;
	}
}

const struct screen screen_identify = {
	.name = "identify",
	.actions = identify_actions,
	.enter = identify_enter,
	.leave = identify_leave,
	.draw = identify_draw,
	.key = identify_key,
	.tick = NULL,
};
