/* ledger.c — owns the content and layout of the printed shift ledger:
 * who opened and closed the shift and when, its summary, the hours by
 * activity, and one block per entry (member, activity, times, minutes,
 * status, who verified it), voided entries included and marked.
 *
 * It must never send bytes to a printer (printer.c does) and never write
 * to the store. Names are printed whole: the ledger is the station's own
 * record for its staff and the committee, not a slip handed to a member.
 * Widths are the printer's character columns, measured through text.h. */
#include "ledger.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "escpos.h"
#include "i18n.h"
#include "text.h"

/* Prints text wrapped at the paper's columns. */
static void ledger_wrapped(struct escpos *job, const char *text)
{
	escpos_wrapped(job, text, escpos_columns(job));
}

static void ledger_printf(struct escpos *job, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void ledger_printf(struct escpos *job, const char *fmt, ...)
{
	va_list ap;
	char *text = NULL;
	int rc;

	va_start(ap, fmt);
	rc = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (rc < 0) {
		escpos_set_error(job, SP_ERR_NOMEM);
		return;
	}
	ledger_wrapped(job, text);
	free(text);
}

static void ledger_rule(struct escpos *job)
{
	char line[512];
	int cols = escpos_columns(job);

	if (cols >= (int)sizeof line)
		cols = (int)sizeof line - 1;
	memset(line, '-', (size_t)cols);
	line[cols] = '\0';
	escpos_line(job, line);
}

static void ledger_heading(struct escpos *job, const char *title)
{
	ledger_rule(job);
	escpos_bold(job, true);
	ledger_wrapped(job, title);
	escpos_bold(job, false);
}

/* "1 h 30 min" (the same words as the service slip). */
static void ledger_duration(char *buf, size_t size, int minutes)
{
	if (minutes < 0)
		snprintf(buf, size, "%s", _("in progress"));
	else if (minutes >= 60)
		snprintf(buf, size, _("%d h %d min"), minutes / 60, minutes % 60);
	else
		snprintf(buf, size, _("%d min"), minutes);
}

static const char *ledger_activity(const struct config *cfg,
				   const char *name, const char *name_en)
{
	if (strcmp(cfg->language, "en") == 0 && name_en && *name_en)
		return name_en;
	return name;
}

static void ledger_header(struct escpos *job, const struct config *cfg,
			  struct db *db, const struct shift_scope *scope,
			  const struct shift_summary *sum)
{
	char from[32], until[32];
	struct shift *s = NULL;

	escpos_align(job, ESCPOS_CENTRE);
	escpos_bold(job, true);
	escpos_size(job, 2, 2);
	ledger_wrapped(job, _("Shift ledger"));
	escpos_size(job, 1, 1);
	escpos_bold(job, false);
	ledger_wrapped(job, cfg->station_name[0] ? cfg->station_name
						 : cfg->station_id);
	escpos_align(job, ESCPOS_LEFT);
	ledger_rule(job);
	clock_format_local(sum->from_ms, "%Y-%m-%d %H:%M", from, sizeof from);
	clock_format_local(sum->until_ms, "%Y-%m-%d %H:%M", until, sizeof until);
	if (scope->shift_id && shift_get(db, scope->shift_id, &s) == SP_OK) {
		ledger_printf(job, _("Opened: %s by %s (%s)"), from,
			      s->opened_by_name, s->opened_by_no);
		if (s->closed_ms)
			ledger_printf(job, _("Closed: %s by %s"), until,
				      s->closed_by_name);
		else
			ledger_printf(job, "%s", _("Still open"));
		shift_free(s);
	} else {
		ledger_printf(job, _("From %s to %s"), from, until);
	}
}

static void ledger_summary(struct escpos *job, const struct config *cfg,
			   const struct shift_summary *sum)
{
	char dur[64];

	ledger_heading(job, _("Summary"));
	ledger_duration(dur, sizeof dur, sum->total_minutes);
	ledger_printf(job, _("Entries: %d (voided: %d)"), sum->entries,
		      sum->voided);
	ledger_printf(job, _("Total hours: %s"), dur);
	ledger_printf(job, _("Members served: %d"), sum->members_served);
	ledger_printf(job, _("Commitments made: %d, fulfilled: %d"),
		      sum->commitments_made, sum->commitments_fulfilled);
	ledger_printf(job, _("Visitor feedback: %d"), sum->feedback);
	ledger_printf(job, _("Still open: %d; waiting for verification: %d"),
		      sum->open_entries,
		      sum->pending_entries + sum->pending_commitments);
	if (sum->nactivities == 0)
		return;
	ledger_heading(job, _("By activity"));
	for (size_t i = 0; i < sum->nactivities; i++) {
		const struct shift_activity_total *a = &sum->activities[i];
		ledger_duration(dur, sizeof dur, a->minutes);
		ledger_printf(job, _("%s: %d entries, %s"),
			      ledger_activity(cfg, a->name, a->name_en),
			      a->entries, dur);
	}
}

static void ledger_entry(struct escpos *job, const struct config *cfg,
			 const struct shift_item *it, int n)
{
	char when[64], until[16], dur[64];
	const char *status;

	if (it->entry_kind == ENTRY_KIND_VISIT) {
		clock_format_local(it->started_ms, "%m-%d %H:%M", when,
				   sizeof when);
		if (it->ended_ms) {
			clock_format_local(it->ended_ms, "%H:%M", until,
					   sizeof until);
			strncat(when, "-", sizeof when - strlen(when) - 1);
			strncat(when, until, sizeof when - strlen(when) - 1);
		}
	} else {
		clock_local_date(it->started_ms, when);
	}
	ledger_duration(dur, sizeof dur, it->minutes);
	status = it->voided ? _("voided") : entry_status_label(it->entry_status);
	ledger_printf(job, "%d. %s %s", n, it->member_no, it->member_name);
	ledger_printf(job, "   %s | %s | %s",
		      ledger_activity(cfg, it->what, it->what_en), when, dur);
	if (it->verifier[0])
		ledger_printf(job, _("   %s, by %s"), status, it->verifier);
	else
		ledger_printf(job, "   %s", status);
}

enum sp_status ledger_shift_receipt(const struct config *cfg, struct db *db,
				    const struct shift_scope *scope,
				    unsigned char **out, size_t *len)
{
	struct shift_summary sum;
	struct shift_items items;
	struct escpos *job = NULL;
	char printed[32];
	enum sp_status status;

	*out = NULL;
	*len = 0;
	if (!scope)
		return SP_ERR_INVALID;
	status = shift_summary(db, scope, &sum);
	if (status != SP_OK)
		return status;
	status = shift_entries(db, scope, &items);
	if (status != SP_OK) {
		shift_summary_clear(&sum);
		return status;
	}
	status = escpos_new(cfg->printer_encoding, cfg->printer_width_dots, &job);
	if (status == SP_OK) {
		escpos_init(job);
		ledger_header(job, cfg, db, scope, &sum);
		ledger_summary(job, cfg, &sum);
		ledger_heading(job, _("Entries"));
		if (items.total == 0)
			ledger_printf(job, "%s", _("No entries."));
		for (size_t i = 0; i < items.n; i++)
			ledger_entry(job, cfg, &items.items[i], (int)i + 1);
		if (items.total > items.n)
			ledger_printf(job, _("... and %zu more (see `svcpoint log list`)"),
				      items.total - items.n);
		ledger_rule(job);
		clock_format_local(clock_now_ms(), "%Y-%m-%d %H:%M", printed,
				   sizeof printed);
		ledger_printf(job, _("Printed: %s"), printed);
		escpos_feed(job, 3);
		if (cfg->printer_cut)
			escpos_cut(job);
		status = escpos_take(job, out, len);
		escpos_free(job);
	}
	shift_items_clear(&items);
	shift_summary_clear(&sum);
	return status;
}

/* ---- the period ledgers ------------------------------------------------ */

/* Minutes as hours with one decimal, the way the committee sums them. */
static void ledger_hours(char *buf, size_t size, int64_t minutes)
{
	snprintf(buf, size, _("%.1f h"), (double)minutes / 60.0);
}

static void ledger_period_header(struct escpos *job, const struct config *cfg,
				 const struct report *r)
{
	char name[PERIOD_NAME_LEN], first[CLOCK_DATE_LEN], last[CLOCK_DATE_LEN];
	char produced[32];

	escpos_align(job, ESCPOS_CENTRE);
	escpos_bold(job, true);
	escpos_size(job, 2, 2);
	ledger_wrapped(job, period_ledger_title(r->period.kind));
	escpos_size(job, 1, 1);
	escpos_bold(job, false);
	if (cfg->station_name[0])
		ledger_wrapped(job, cfg->station_name);
	ledger_wrapped(job, cfg->station_id);
	escpos_align(job, ESCPOS_LEFT);
	ledger_rule(job);
	period_name(&r->period, name);
	period_first_date(&r->period, first);
	period_last_date(&r->period, last);
	clock_format_local(r->produced_ms, "%Y-%m-%d %H:%M", produced,
			   sizeof produced);
	ledger_printf(job, _("Period: %s (%s to %s)"), name, first, last);
	ledger_printf(job, _("Produced: %s"), produced);
}

static void ledger_period_summary(struct escpos *job, const struct config *cfg,
				  const struct report *r)
{
	char hours[32], pending[32];

	ledger_heading(job, _("Summary"));
	ledger_hours(hours, sizeof hours, r->verified_minutes);
	ledger_hours(pending, sizeof pending, r->pending_minutes);
	ledger_printf(job, _("Entries: %d (voided: %d, rejected: %d)"),
		      r->entries, r->voided, r->rejected);
	ledger_printf(job, _("Verified hours: %s"), hours);
	ledger_printf(job, _("Members served: %d"), r->members_served);
	ledger_printf(job, _("Still waiting: %d open visits, %d logged (%s), %d commitments"),
		      r->open_entries, r->pending_entries, pending,
		      r->pending_commitments);
	ledger_printf(job, _("Commitments made: %d, fulfilled: %d, overdue: %d"),
		      r->commitments_made, r->commitments_fulfilled,
		      r->commitments_overdue);
	if (r->feedback > 0)
		ledger_printf(job, _("Visitor feedback: %d, average rating %.1f"),
			      r->feedback, r->feedback_average);
	else
		ledger_printf(job, _("Visitor feedback: %d"), r->feedback);
	if (r->nactivities == 0)
		return;
	ledger_heading(job, _("By activity"));
	for (size_t i = 0; i < r->nactivities; i++) {
		const struct report_activity *a = &r->activities[i];
		ledger_hours(hours, sizeof hours, a->verified_minutes);
		ledger_printf(job, _("%s: %d entries, %s verified"),
			      ledger_activity(cfg, a->name, a->name_en),
			      a->entries, hours);
	}
}

static void ledger_period_members(struct escpos *job, const struct report *r)
{
	char hours[32], pending[32];

	ledger_heading(job, _("Members"));
	if (r->nmembers == 0)
		ledger_printf(job, "%s", _("No entries."));
	for (size_t i = 0; i < r->nmembers; i++) {
		const struct report_member *m = &r->members[i];
		ledger_hours(hours, sizeof hours, m->verified_minutes);
		ledger_hours(pending, sizeof pending, m->pending_minutes);
		if (m->branch[0])
			ledger_printf(job, "%s %s (%s)", m->member_no, m->name,
				      m->branch);
		else
			ledger_printf(job, "%s %s", m->member_no, m->name);
		ledger_printf(job, _("   verified %s, pending %s"), hours,
			      pending);
		ledger_printf(job, _("   commitments fulfilled %d, points %.1f"),
			      m->commitments_fulfilled, m->points);
	}
}

struct ledger_voided_ctx {
	struct escpos *job;
	const struct config *cfg;
	int n;
};

static int ledger_voided_entry(const struct report_entry *e, void *arg)
{
	struct ledger_voided_ctx *ctx = arg;
	char date[CLOCK_DATE_LEN];

	if (!e->voided)
		return 0;
	if (ctx->n == 0)
		ledger_heading(ctx->job, _("Voided entries"));
	ctx->n++;
	clock_local_date(e->started_ms, date);
	ledger_printf(ctx->job, "%d. %s %s %s %s", ctx->n, date, e->member_no,
		      e->member_name,
		      ledger_activity(ctx->cfg, e->activity, e->activity_en));
	if (e->voided_by_name[0])
		ledger_printf(ctx->job, _("   %s by %s: %s"), _("voided"),
			      e->voided_by_name, e->void_reason);
	else
		ledger_printf(ctx->job, "   %s: %s", _("voided"), e->void_reason);
	return escpos_status(ctx->job) != SP_OK;
}

enum sp_status ledger_period_receipt(const struct config *cfg, struct db *db,
				     const struct report *r,
				     unsigned char **out, size_t *len)
{
	struct escpos *job = NULL;
	struct ledger_voided_ctx voided = {0};
	char printed[32];
	enum sp_status status;

	*out = NULL;
	*len = 0;
	if (!cfg || !db || !r)
		return SP_ERR_INVALID;
	status = escpos_new(cfg->printer_encoding, cfg->printer_width_dots, &job);
	if (status != SP_OK)
		return status;
	escpos_init(job);
	ledger_period_header(job, cfg, r);
	ledger_period_summary(job, cfg, r);
	ledger_period_members(job, r);
	voided.job = job;
	voided.cfg = cfg;
	status = report_each_entry(db, &r->period, ledger_voided_entry, &voided);
	if (status != SP_OK)
		escpos_set_error(job, status);
	ledger_rule(job);
	clock_format_local(clock_now_ms(), "%Y-%m-%d %H:%M", printed,
			   sizeof printed);
	ledger_printf(job, _("Printed: %s"), printed);
	escpos_feed(job, 3);
	if (cfg->printer_cut)
		escpos_cut(job);
	status = escpos_take(job, out, len);
	escpos_free(job);
	return status;
}
