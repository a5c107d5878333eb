/* shiftend.c — closing a shift, step 5 of 5: the shift is closed; Enter
 * prints its ledger on the station's printer, then Enter (or Esc) ends
 * the staff session at the home screen.
 *
 * Printing never blocks past printer.c's time limit and changes no
 * record: a failure is said on the status line and audited
 * ("print.failed"); `svcpoint shift ledger --print` prints it again. */
#include <stdio.h>
#include <stdlib.h>

#include "i18n.h"
#include "kiosk.h"
#include "ledger.h"
#include "printer.h"
#include "receipt.h"
#include "shift.h"

#define END_ERR_MAX 512

static const enum action end_actions[] = {
	ACTION_SUBMIT, ACTION_PRINT, ACTION_HOME, ACTION_NONE,
};

static bool end_printed;           /* a print was tried */
static struct shift *end_shift;

static void end_leave(struct kiosk *k)
{
	(void)k;
	shift_free(end_shift);
	end_shift = NULL;
}

static void end_enter(struct kiosk *k)
{
	end_leave(k);
	end_printed = false;
	if (shift_get(k->db, k->shift_id, &end_shift) != SP_OK)
		end_shift = NULL;
}

static void end_draw(struct kiosk *k)
{
	int y = shiftclose_draw_step(k, 5, _("print the shift ledger")) + 1;
	int x = 2, w = k->cols - 4;

	if (end_shift && end_shift->closed_ms)
		draw_text(y, x, w, _("The shift is closed."), draw_attr(ROLE_OK));
	else
		draw_text(y, x, w, _("The shift is still open."), draw_attr(ROLE_ERROR));
	draw_wrapped(y + 2, x, w, 3,
		     end_printed ?
		     _("Enter returns to the home screen; P prints the ledger again.") :
		     _("Enter prints the shift ledger on the station's printer and finishes; Esc finishes without printing."),
		     A_BOLD);
}

static void end_print(struct kiosk *k)
{
	struct shift_scope scope = { .shift_id = k->shift_id };
	unsigned char *job = NULL;
	size_t len = 0;
	char err[END_ERR_MAX] = "";
	enum sp_status status;

	status = ledger_shift_receipt(k->cfg, k->db, &scope, &job, &len);
	if (status == SP_OK)
		status = printer_print(k->cfg, job, len, err, sizeof err);
	else
		snprintf(err, sizeof err, "%s", status_message(status));
	free(job);
	end_printed = true;
	if (status != SP_OK) {
		kiosk_say(k, true, "%s",
			  _("The ledger did not print; print it later with 'svcpoint shift ledger --print'."));
		receipt_log(k->db, k->member->id, RECEIPT_ACTION_FAILED,
			    k->shift_id, err);
	} else if (k->cfg->printer_type == PRINTER_NONE) {
		kiosk_say(k, true, "%s",
			  _("This station has no printer set up; the ledger was not printed."));
	} else {
		kiosk_say(k, false, "%s", _("The shift ledger is printed."));
	}
}

static unsigned end_key(struct kiosk *k, const struct tui_key *key)
{
	switch (key->action) {
	case ACTION_HOME:
		return TUI_GOTO_SCREEN(SCREEN_HOME);
	case ACTION_SUBMIT:
		if (end_printed)
			return TUI_GOTO_SCREEN(SCREEN_HOME);
		end_print(k);
		return TUI_HANDLED | TUI_REDRAW | TUI_FLUSH;
	case ACTION_PRINT:
		end_print(k);
		return TUI_HANDLED | TUI_REDRAW | TUI_FLUSH;
	default:
		return 0;
	}
}

const struct screen screen_shift_end = {
	.name = "shift_end",
	.actions = end_actions,
	.enter = end_enter,
	.leave = end_leave,
	.draw = end_draw,
	.key = end_key,
	.tick = NULL,
};
