/* shiftsummary.c — closing a shift, step 1 of 5: what the shift did
 * (entries by activity, hours, members served, commitments made and
 * fulfilled, visitor feedback) and what still waits for staff; plus the
 * frame the five steps share.
 *
 * It only reads (shift_summary); nothing is written before step 4. The
 * shift being closed is k->shift_id, set by the staff menu. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "entry.h"
#include "i18n.h"
#include "kiosk.h"
#include "shift.h"
#include "text.h"

static const enum action summary_actions[] = {
	ACTION_SUBMIT, ACTION_BACK, ACTION_NONE,
};

static struct shift *summary_shift;
static struct shift_summary summary;
static bool summary_ok;

int shiftclose_draw_step(struct kiosk *k, int step, const char *what)
{
	char line[256];
	int y = draw_body_top();

	draw_frame(k, _("Close the shift"));
	snprintf(line, sizeof line, _("Step %d of %d: %s"), step,
		 SHIFTCLOSE_STEPS, what);
	draw_text(y, 2, k->cols - 4, line, draw_attr(ROLE_TITLE));
	return y + 1;
}

void shiftclose_rules(const struct kiosk *k, struct entry_rules *out)
{
	*out = (struct entry_rules){
		.round_minutes = k->cfg->round_minutes,
		.max_session_hours = k->cfg->max_session_hours,
		.backfill_days = k->cfg->backfill_days,
		.max_hours_per_day = k->cfg->max_hours_per_day,
	};
}

static void summary_leave(struct kiosk *k)
{
	(void)k;
	shift_free(summary_shift);
	summary_shift = NULL;
	if (summary_ok)
		shift_summary_clear(&summary);
	summary_ok = false;
}

static void summary_enter(struct kiosk *k)
{
	struct shift_scope scope = { .shift_id = k->shift_id };
	enum sp_status status;

	summary_leave(k);
	k->message[0] = '\0';
	status = shift_get(k->db, k->shift_id, &summary_shift);
	if (status == SP_OK)
		status = shift_summary(k->db, &scope, &summary);
	summary_ok = status == SP_OK;
	if (!summary_ok)
		kiosk_say_status(k, status);
}

static void summary_draw(struct kiosk *k)
{
	int y = shiftclose_draw_step(k, 1, _("the summary")) + 1;
	int x = 4, w = k->cols - 8, lc = 22, rows_left;
	char value[256], dur[64], when[32];
	char *name;

	if (!summary_ok || !summary_shift)
		return;
	name = text_sanitize_dup(summary_shift->opened_by_name, false);
	clock_format_local(summary_shift->opened_ms, "%Y-%m-%d %H:%M", when,
			   sizeof when);
	snprintf(value, sizeof value, _("%s by %s"), when, name ? name : "");
	free(name);
	draw_field(y++, x, lc, w, _("Opened:"), value, A_BOLD);
	snprintf(value, sizeof value, "%d", summary.entries);
	draw_field(y++, x, lc, w, _("Entries:"), value, A_BOLD);
	kiosk_format_minutes(summary.total_minutes, dur, sizeof dur);
	draw_field(y++, x, lc, w, _("Total hours:"), dur, A_BOLD);
	snprintf(value, sizeof value, "%d", summary.members_served);
	draw_field(y++, x, lc, w, _("Members served:"), value, A_BOLD);
	snprintf(value, sizeof value, _("%d made, %d fulfilled"),
		 summary.commitments_made, summary.commitments_fulfilled);
	draw_field(y++, x, lc, w, _("Commitments:"), value, A_BOLD);
	snprintf(value, sizeof value, "%d", summary.feedback);
	draw_field(y++, x, lc, w, _("Visitor feedback:"), value, A_BOLD);
	/* a run of unknown badges may be someone guessing at the kiosk */
	snprintf(value, sizeof value, _("%d unknown badges, %d wrong PINs"),
		 summary.refused_unknown_badge, summary.refused_wrong_pin);
	draw_field(y++, x, lc, w, _("Refused sign-ins:"), value, A_BOLD);
	snprintf(value, sizeof value, _("%d visits still open, %d items to verify"),
		 summary.open_entries,
		 summary.pending_entries + summary.pending_commitments);
	draw_field(y++, x, lc, w, _("Waiting for you:"), value,
		   summary.open_entries || summary.pending_entries ||
		   summary.pending_commitments ? draw_attr(ROLE_ERROR) : A_BOLD);

	y++;
	draw_text(y++, x, w, _("By activity"), draw_attr(ROLE_TITLE));
	rows_left = draw_body_top() + draw_body_rows(k) - 2 - y;
	if (summary.nactivities == 0)
		draw_text(y++, x + 2, w - 2, _("No entries in this shift."), A_NORMAL);
	for (size_t i = 0; i < summary.nactivities && (int)i < rows_left; i++) {
		const struct shift_activity_total *a = &summary.activities[i];
		const char *an = strcmp(k->cfg->language, "en") == 0 &&
			a->name_en[0] ? a->name_en : a->name;
		char *safe = text_sanitize_dup(an, false);
		kiosk_format_minutes(a->minutes, dur, sizeof dur);
		snprintf(value, sizeof value, _("%d entries, %s"), a->entries, dur);
		draw_field(y++, x, lc, w, safe ? safe : "", value, A_NORMAL);
		free(safe);
	}
	draw_text(draw_body_top() + draw_body_rows(k) - 1, x, w,
		  _("Enter goes on to the visits still open; Esc goes back to the staff menu."),
		  A_NORMAL);
}

static unsigned summary_key(struct kiosk *k, const struct tui_key *key)
{
	(void)k;
	switch (key->action) {
	case ACTION_BACK:
		return TUI_GOTO_SCREEN(SCREEN_STAFF);
	case ACTION_SUBMIT:
		if (!summary_ok)
			return TUI_HANDLED;
		return TUI_GOTO_SCREEN(SCREEN_SHIFT_OPEN);
	default:
		return 0;
	}
}

const struct screen screen_shift_summary = {
	.name = "shift_summary",
	.actions = summary_actions,
	.enter = summary_enter,
	.leave = summary_leave,
	.draw = summary_draw,
	.key = summary_key,
	.tick = NULL,
};
