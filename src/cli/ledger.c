/* ledger.c — `svcpoint ledger month|quarter|year [PERIOD]`: the period
 * ledgers the committee files (月检查、季汇报、年考核), as an aligned table
 * on the terminal, as CSV or JSON with every entry for filing, or on the
 * station's printer.
 *
 * Parses, asks report.h for the figures and the entries, prints. It
 * never writes to the store. A file named with -o is written beside its
 * final name and renamed into place, so a failed export never leaves half
 * a ledger behind. The table shows translated words; CSV and JSON the
 * stored names, so scripts do not depend on the UI language. Usage errors
 * exit 2, failures 1. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "clock.h"
#include "i18n.h"
#include "ledger.h"
#include "ledger_out.h"
#include "period.h"
#include "printer.h"
#include "report.h"
#include "table.h"

#define LEDGER_PRINT_ERR_MAX 512

static void ledger_usage(FILE *out)
{
	fprintf(out, _("Usage: svcpoint ledger month|quarter|year [PERIOD]\n"
		       "                      [--format table|csv|json] [--print] [-o FILE]\n"
		       "\n"
		       "The station's ledger of a month (PERIOD 2026-11), a quarter (2026-Q4)\n"
		       "or a year (2026); without PERIOD the current one, in the station's\n"
		       "time zone. It sums up the entries by activity, the verified hours, the\n"
		       "members served, what still waits for staff, the commitments and the\n"
		       "visitors' ratings, with one line per member (hours, commitments,\n"
		       "points). CSV and JSON add every entry of the period, voided ones\n"
		       "included with their reason, for filing. Voided entries are never\n"
		       "counted.\n"
		       "\n"
		       "  --format F   table (default), csv or json\n"
		       "  --print      send the ledger to the [printer] instead of the terminal\n"
		       "  -o FILE      write the ledger to FILE instead of the terminal\n"
		       "  -h, --help   this help\n"));
}

struct ledger_opts {
	enum period_kind kind;
	struct period period;
	enum table_format format;
	bool print;
	const char *output;
};

static int ledger_parse(int argc, char **argv, struct ledger_opts *o)
{
	static const struct option options[] = {
		{"format", required_argument, NULL, 'f'},
		{"print", no_argument, NULL, 'p'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *period = NULL;
	int opt;

	memset(o, 0, sizeof *o);
	o->format = TABLE_FORMAT_TABLE;
	if (period_kind_parse(argv[0], &o->kind) != SP_OK)
		return cli_usage_error("ledger",
				       _("which ledger? month, quarter or year, not '%s'"),
				       argv[0]);
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":o:h", options, NULL)) != -1) {
		switch (opt) {
		case 'f':
			if (table_format_parse(optarg, &o->format) != SP_OK)
				return cli_usage_error(
					"ledger",
					_("unknown format '%s' (table, csv or json)"),
					optarg);
			break;
		case 'p':
			o->print = true;
			break;
		case 'o':
			if (!*optarg)
				return cli_usage_error("ledger",
						       _("%s needs a value"), "-o");
			o->output = optarg;
			break;
		case ':':
			return cli_usage_error("ledger", _("%s needs a value"),
					       argv[optind - 1]);
		default:
			return cli_usage_error("ledger", _("unknown option '%s'"),
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		period = argv[optind++];
	if (optind < argc)
		return cli_usage_error("ledger", _("unexpected argument '%s'"),
				       argv[optind]);
	if (!period) {
		if (period_of(o->kind, clock_now_ms(), &o->period) != SP_OK)
			return cli_usage_error("ledger", _("the clock is out of range"));
		return CLI_OK;
	}
	if (period_parse(period, &o->period) != SP_OK ||
	    o->period.kind != o->kind)
		return cli_usage_error("ledger", ledger_out_period_mismatch(o->kind),
				       period);
	return CLI_OK;
}

/* ---- the aligned table ------------------------------------------------- */

static void ledger_table_header(const struct cli *cli, const struct report *r,
				FILE *out)
{
	char name[PERIOD_NAME_LEN], first[CLOCK_DATE_LEN], last[CLOCK_DATE_LEN];
	char produced[32];

	period_name(&r->period, name);
	period_first_date(&r->period, first);
	period_last_date(&r->period, last);
	ledger_out_local(r->produced_ms, produced, sizeof produced);
	fprintf(out, "%s\n", period_ledger_title(r->period.kind));
	if (cli->cfg.station_name[0])
		fprintf(out, _("Station: %s (%s)\n"), cli->cfg.station_name,
			cli->cfg.station_id);
	else
		fprintf(out, _("Station: %s\n"), cli->cfg.station_id);
	fprintf(out, _("Period: %s (%s to %s)\n"), name, first, last);
	fprintf(out, _("Produced: %s\n"), produced);
}

static void ledger_table_summary(const struct report *r, FILE *out)
{
	char hours[32], pending[32];

	ledger_out_hours(hours, sizeof hours, r->verified_minutes);
	ledger_out_hours(pending, sizeof pending, r->pending_minutes);
	fprintf(out, "\n");
	fprintf(out, _("Entries: %d (voided: %d, rejected: %d)\n"), r->entries,
		r->voided, r->rejected);
	fprintf(out, _("Verified hours: %s h\n"), hours);
	fprintf(out, _("Members served: %d\n"), r->members_served);
	fprintf(out, _("Still waiting: %d open visits, %d logged entries (%s h), %d commitments\n"),
		r->open_entries, r->pending_entries, pending,
		r->pending_commitments);
	fprintf(out, _("Commitments made: %d, fulfilled: %d, overdue: %d\n"),
		r->commitments_made, r->commitments_fulfilled,
		r->commitments_overdue);
	if (r->feedback > 0)
		fprintf(out, _("Visitor feedback: %d, average rating %.1f\n"),
			r->feedback, r->feedback_average);
	else
		fprintf(out, _("Visitor feedback: %d\n"), r->feedback);
}

static enum sp_status ledger_table_members(const struct report *r, FILE *out)
{
	static const char *const keys[] = {
		"member_no", "name", "branch", "verified_hours",
		"pending_hours", "commitments_fulfilled", "points",
	};
	const char *headers[] = {
		_("badge"), C_("person", "name"), _("branch"),
		_("verified hours"), _("pending hours"),
		_("commitments fulfilled"), _("points"),
	};
	struct table *t = table_new(7, keys, headers);
	enum sp_status status = SP_OK;

	if (!t)
		return SP_ERR_NOMEM;
	for (size_t i = 0; status == SP_OK && i < r->nmembers; i++) {
		const struct report_member *m = &r->members[i];
		char hours[32], pending[32], kept[16], points[32];
		const char *cells[7] = {
			m->member_no, m->name, m->branch, hours, pending, kept,
			points,
		};
		ledger_out_hours(hours, sizeof hours, m->verified_minutes);
		ledger_out_hours(pending, sizeof pending, m->pending_minutes);
		snprintf(kept, sizeof kept, "%d", m->commitments_fulfilled);
		snprintf(points, sizeof points, "%.1f", m->points);
		status = table_add_row(t, cells);
	}
	if (status == SP_OK) {
		fprintf(out, "\n%s\n", _("Members"));
		if (r->nmembers == 0)
			fprintf(out, "%s\n", _("No entries."));
		else
			table_print(t, TABLE_FORMAT_TABLE, out);
	}
	table_free(t);
	return status;
}

/* The voided entries, so corrections show in the ledger too. */
struct ledger_voided_ctx {
	const struct cli *cli;
	struct table *table;
	enum sp_status status;
};

static int ledger_voided_row(const struct report_entry *e, void *arg)
{
	struct ledger_voided_ctx *ctx = arg;
	char id[UUID_STR_LEN], started[32], minutes[16];
	const char *cells[8];

	if (!e->voided)
		return 0;
	snprintf(id, sizeof id, "%s", e->id);
	id[UUID_SHORT_LEN] = '\0';
	ledger_out_local(e->started_ms, started, sizeof started);
	if (e->minutes >= 0)
		snprintf(minutes, sizeof minutes, "%d", e->minutes);
	else
		minutes[0] = '\0';
	cells[0] = id;
	cells[1] = started;
	cells[2] = e->member_no;
	cells[3] = e->member_name;
	cells[4] = cli_activity_name(ctx->cli, e->activity, e->activity_en);
	cells[5] = minutes;
	cells[6] = _("voided");
	cells[7] = e->void_reason;
	ctx->status = table_add_row(ctx->table, cells);
	return ctx->status != SP_OK;
}

static enum sp_status ledger_table_voided(const struct cli *cli, struct db *db,
					  const struct report *r, FILE *out)
{
	static const char *const keys[] = {
		"id", "started", "member_no", "name", "activity", "minutes",
		"status", "void_reason",
	};
	const char *headers[] = {
		_("id"), _("started"), _("badge"), C_("person", "name"),
		_("activity"), _("minutes"), _("status"), _("reason"),
	};
	struct ledger_voided_ctx ctx = {cli, NULL, SP_OK};
	enum sp_status status;

	if (r->voided == 0)
		return SP_OK;
	ctx.table = table_new(8, keys, headers);
	if (!ctx.table)
		return SP_ERR_NOMEM;
	status = report_each_entry(db, &r->period, ledger_voided_row, &ctx);
	if (status == SP_OK)
		status = ctx.status;
	if (status == SP_OK) {
		fprintf(out, "\n%s\n", _("Voided entries"));
		table_print(ctx.table, TABLE_FORMAT_TABLE, out);
	}
	table_free(ctx.table);
	return status;
}

static enum sp_status ledger_write_table(const struct cli *cli, struct db *db,
					 const struct report *r, FILE *out)
{
	enum sp_status status;

	ledger_table_header(cli, r, out);
	ledger_table_summary(r, out);
	status = ledger_out_activities_table(cli, r->activities,
						     r->nactivities, out);
	if (status == SP_OK)
		status = ledger_table_members(r, out);
	if (status == SP_OK)
		status = ledger_table_voided(cli, db, r, out);
	return status;
}

/* ---- CSV: four sections, each with its own header row ------------------- */

#define LEDGER_ENTRY_COLS 20

static const char *const ledger_entry_keys[LEDGER_ENTRY_COLS] = {
	"id", "member_no", "name", "activity_code", "activity", "kind",
	"started", "ended", "minutes", "status", "note", "verified_by_no",
	"verified_by", "verified_at", "reject_reason", "voided", "voided_at",
	"voided_by", "void_reason", "counted",
};

/* The stored names and local times of one entry, as text. */
struct ledger_entry_text {
	char started[32], ended[32], minutes[16], verified[32], voided[32];
};

static void ledger_entry_texts(const struct report_entry *e,
			       struct ledger_entry_text *t)
{
	ledger_out_local(e->started_ms, t->started, sizeof t->started);
	ledger_out_local(e->ended_ms, t->ended, sizeof t->ended);
	ledger_out_local(e->verified_ms, t->verified, sizeof t->verified);
	ledger_out_local(e->voided_ms, t->voided, sizeof t->voided);
	if (e->minutes >= 0)
		snprintf(t->minutes, sizeof t->minutes, "%d", e->minutes);
	else
		t->minutes[0] = '\0';
}

/* What the summary counts as hours: the same rule as report.c. */
static bool ledger_entry_counted(const struct report_entry *e)
{
	return !e->voided && (e->status == ENTRY_CLOSED ||
			      e->status == ENTRY_VERIFIED);
}

struct ledger_csv_ctx {
	struct table *table;
	enum sp_status status;
};

static int ledger_csv_entry(const struct report_entry *e, void *arg)
{
	struct ledger_csv_ctx *ctx = arg;
	struct ledger_entry_text t;
	const char *cells[LEDGER_ENTRY_COLS] = {
		e->id, e->member_no, e->member_name, e->activity_code,
		e->activity, entry_kind_name(e->kind), t.started, t.ended,
		t.minutes, entry_status_name(e->status), e->note,
		e->verifier_no, e->verifier_name, t.verified,
		e->reject_reason, e->voided ? "yes" : "no", t.voided,
		e->voided_by_name, e->void_reason,
		ledger_entry_counted(e) ? "yes" : "no",
	};

	ledger_entry_texts(e, &t);
	ctx->status = table_add_row(ctx->table, cells);
	return ctx->status != SP_OK;
}

/* Adds "key","value" with an integer value. */
static enum sp_status ledger_kv_int(struct table *t, const char *key,
				    int64_t value)
{
	char text[32];
	const char *cells[2] = {key, text};

	snprintf(text, sizeof text, "%lld", (long long)value);
	return table_add_row(t, cells);
}

static enum sp_status ledger_kv(struct table *t, const char *key,
				const char *value)
{
	const char *cells[2] = {key, value};
	return table_add_row(t, cells);
}

static enum sp_status ledger_csv_about(const struct cli *cli,
				       const struct report *r, FILE *out)
{
	static const char *const keys[] = {"key", "value"};
	char name[PERIOD_NAME_LEN], first[CLOCK_DATE_LEN], last[CLOCK_DATE_LEN];
	char produced[32], from[CLOCK_UTC_LEN], until[CLOCK_UTC_LEN], avg[32];
	struct table *t = table_new(2, keys, keys);
	enum sp_status s = SP_OK;

	if (!t)
		return SP_ERR_NOMEM;
	period_name(&r->period, name);
	period_first_date(&r->period, first);
	period_last_date(&r->period, last);
	ledger_out_local(r->produced_ms, produced, sizeof produced);
	clock_format_utc(r->period.start_ms, from);
	clock_format_utc(r->period.end_ms, until);
	if (r->feedback > 0)
		snprintf(avg, sizeof avg, "%.2f", r->feedback_average);
	else
		avg[0] = '\0';
	const struct { const char *key, *value; } texts[] = {
		{"station_id", cli->cfg.station_id},
		{"station_name", cli->cfg.station_name},
		{"period", name},
		{"kind", period_kind_name(r->period.kind)},
		{"first_day", first},
		{"last_day", last},
		{"from_utc", from},
		{"until_utc", until},
		{"produced", produced},
	};
	const struct { const char *key; int64_t value; } ints[] = {
		{"entries", r->entries},
		{"voided", r->voided},
		{"rejected", r->rejected},
		{"verified_minutes", r->verified_minutes},
		{"pending_minutes", r->pending_minutes},
		{"members_served", r->members_served},
		{"open_entries", r->open_entries},
		{"pending_entries", r->pending_entries},
		{"pending_commitments", r->pending_commitments},
		{"commitments_made", r->commitments_made},
		{"commitments_fulfilled", r->commitments_fulfilled},
		{"commitments_overdue", r->commitments_overdue},
		{"feedback", r->feedback},
	};
	for (size_t i = 0; s == SP_OK && i < sizeof texts / sizeof texts[0]; i++)
		s = ledger_kv(t, texts[i].key, texts[i].value);
	for (size_t i = 0; s == SP_OK && i < sizeof ints / sizeof ints[0]; i++)
		s = ledger_kv_int(t, ints[i].key, ints[i].value);
	if (s == SP_OK)
		s = ledger_kv(t, "feedback_average", avg);
	if (s == SP_OK)
		table_print(t, TABLE_FORMAT_CSV, out);
	table_free(t);
	return s;
}

static enum sp_status ledger_csv_members(const struct report *r, FILE *out)
{
	static const char *const keys[] = {
		"member_no", "name", "branch", "entries", "verified_minutes",
		"pending_minutes", "commitments_fulfilled", "points",
	};
	struct table *t = table_new(8, keys, keys);
	enum sp_status status = SP_OK;

	if (!t)
		return SP_ERR_NOMEM;
	for (size_t i = 0; status == SP_OK && i < r->nmembers; i++) {
		const struct report_member *m = &r->members[i];
		char n[16], v[32], p[32], c[16], pts[32];
		const char *cells[8] = {
			m->member_no, m->name, m->branch, n, v, p, c, pts,
		};
		snprintf(n, sizeof n, "%d", m->entries);
		snprintf(v, sizeof v, "%lld", (long long)m->verified_minutes);
		snprintf(p, sizeof p, "%lld", (long long)m->pending_minutes);
		snprintf(c, sizeof c, "%d", m->commitments_fulfilled);
		snprintf(pts, sizeof pts, "%.2f", m->points);
		status = table_add_row(t, cells);
	}
	if (status == SP_OK)
		table_print(t, TABLE_FORMAT_CSV, out);
	table_free(t);
	return status;
}

static enum sp_status ledger_write_csv(const struct cli *cli, struct db *db,
				       const struct report *r, FILE *out)
{
	struct ledger_csv_ctx ctx = {NULL, SP_OK};
	enum sp_status status;

	status = ledger_csv_about(cli, r, out);
	if (status == SP_OK) {
		fputc('\n', out);
		status = ledger_out_activities_csv(r->activities,
						   r->nactivities, out);
	}
	if (status == SP_OK) {
		fputc('\n', out);
		status = ledger_csv_members(r, out);
	}
	if (status != SP_OK)
		return status;
	ctx.table = table_new(LEDGER_ENTRY_COLS, ledger_entry_keys,
			      ledger_entry_keys);
	if (!ctx.table)
		return SP_ERR_NOMEM;
	status = report_each_entry(db, &r->period, ledger_csv_entry, &ctx);
	if (status == SP_OK)
		status = ctx.status;
	if (status == SP_OK) {
		fputc('\n', out);
		table_print(ctx.table, TABLE_FORMAT_CSV, out);
	}
	table_free(ctx.table);
	return status;
}

/* ---- JSON: one object ---------------------------------------------------- */

/* A string that is null when empty (times not set, no verifier). */
static json_t *ledger_json_text_or_null(const char *text)
{
	return text[0] ? json_string(text) : json_null();
}

struct ledger_json_ctx {
	json_t *entries;
	bool failed;               /* jansson ran out of memory */
};

static int ledger_json_entry(const struct report_entry *e, void *arg)
{
	struct ledger_json_ctx *ctx = arg;
	struct ledger_entry_text t;
	json_t *o = json_object();
	bool ok = o != NULL;

	ledger_entry_texts(e, &t);
	ok = ok && ledger_out_json_set(o, "id", json_string(e->id));
	ok = ok && ledger_out_json_set(o, "member_no", json_string(e->member_no));
	ok = ok && ledger_out_json_set(o, "name", json_string(e->member_name));
	ok = ok && ledger_out_json_set(o, "activity_code",
				   json_string(e->activity_code));
	ok = ok && ledger_out_json_set(o, "activity", json_string(e->activity));
	ok = ok && ledger_out_json_set(o, "kind",
				   json_string(entry_kind_name(e->kind)));
	ok = ok && ledger_out_json_set(o, "started", json_string(t.started));
	ok = ok && ledger_out_json_set(o, "ended", ledger_json_text_or_null(t.ended));
	ok = ok && ledger_out_json_set(o, "minutes", e->minutes >= 0
				   ? json_integer(e->minutes) : json_null());
	ok = ok && ledger_out_json_set(o, "status",
				   json_string(entry_status_name(e->status)));
	ok = ok && ledger_out_json_set(o, "note", json_string(e->note));
	ok = ok && ledger_out_json_set(o, "verified_by_no",
				   ledger_json_text_or_null(e->verifier_no));
	ok = ok && ledger_out_json_set(o, "verified_by",
				   ledger_json_text_or_null(e->verifier_name));
	ok = ok && ledger_out_json_set(o, "verified_at",
				   ledger_json_text_or_null(t.verified));
	ok = ok && ledger_out_json_set(o, "reject_reason",
				   ledger_json_text_or_null(e->reject_reason));
	ok = ok && ledger_out_json_set(o, "voided", json_boolean(e->voided));
	ok = ok && ledger_out_json_set(o, "voided_at",
				   ledger_json_text_or_null(t.voided));
	ok = ok && ledger_out_json_set(o, "voided_by",
				   ledger_json_text_or_null(e->voided_by_name));
	ok = ok && ledger_out_json_set(o, "void_reason",
				   ledger_json_text_or_null(e->void_reason));
	ok = ok && ledger_out_json_set(o, "counted",
				   json_boolean(ledger_entry_counted(e)));
	if (!ok) {
		json_decref(o);
		ctx->failed = true;
	} else if (json_array_append_new(ctx->entries, o) != 0) {
		ctx->failed = true;   /* append_new released o */
	}
	return ctx->failed;
}

static json_t *ledger_json_head(const struct cli *cli, const struct report *r)
{
	char name[PERIOD_NAME_LEN], first[CLOCK_DATE_LEN], last[CLOCK_DATE_LEN];
	char produced[32], from[CLOCK_UTC_LEN], until[CLOCK_UTC_LEN];

	period_name(&r->period, name);
	period_first_date(&r->period, first);
	period_last_date(&r->period, last);
	ledger_out_local(r->produced_ms, produced, sizeof produced);
	clock_format_utc(r->period.start_ms, from);
	clock_format_utc(r->period.end_ms, until);
	return json_pack("{s:{s:s,s:s},s:{s:s,s:s,s:s,s:s,s:s,s:s},s:s}",
			 "station", "id", cli->cfg.station_id, "name",
			 cli->cfg.station_name,
			 "period", "kind", period_kind_name(r->period.kind),
			 "name", name, "first_day", first, "last_day", last,
			 "from_utc", from, "until_utc", until,
			 "produced", produced);
}

static json_t *ledger_json_summary(const struct report *r)
{
	json_t *o = json_pack(
		"{s:i,s:i,s:i,s:I,s:I,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i}",
		"entries", r->entries, "voided", r->voided,
		"rejected", r->rejected,
		"verified_minutes", (json_int_t)r->verified_minutes,
		"pending_minutes", (json_int_t)r->pending_minutes,
		"members_served", r->members_served,
		"open_entries", r->open_entries,
		"pending_entries", r->pending_entries,
		"pending_commitments", r->pending_commitments,
		"commitments_made", r->commitments_made,
		"commitments_fulfilled", r->commitments_fulfilled,
		"commitments_overdue", r->commitments_overdue,
		"feedback", r->feedback);
	if (o && !ledger_out_json_set(o, "feedback_average",
				  r->feedback > 0 ? json_real(r->feedback_average)
						  : json_null())) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *ledger_json_lists(const struct report *r, json_t *doc)
{
	json_t *activities = ledger_out_activities_json(r->activities,
							r->nactivities);
	json_t *members = json_array();
	bool ok = activities && members;

	for (size_t i = 0; ok && i < r->nmembers; i++) {
		const struct report_member *m = &r->members[i];
		ok = json_array_append_new(members, json_pack(
			"{s:s,s:s,s:s,s:i,s:I,s:I,s:i,s:f}",
			"member_no", m->member_no, "name", m->name,
			"branch", m->branch, "entries", m->entries,
			"verified_minutes", (json_int_t)m->verified_minutes,
			"pending_minutes", (json_int_t)m->pending_minutes,
			"commitments_fulfilled", m->commitments_fulfilled,
			"points", m->points)) == 0;
	}
	ok = ok && json_object_set(doc, "activities", activities) == 0;
	ok = ok && json_object_set(doc, "members", members) == 0;
	json_decref(activities);
	json_decref(members);
	return ok ? doc : NULL;
}

static enum sp_status ledger_write_json(const struct cli *cli, struct db *db,
					const struct report *r, FILE *out)
{
	json_t *doc = ledger_json_head(cli, r);
	struct ledger_json_ctx ctx = {json_array(), false};
	enum sp_status status = SP_ERR_NOMEM;

	if (doc && ctx.entries &&
	    ledger_out_json_set(doc, "summary", ledger_json_summary(r)) &&
	    ledger_json_lists(r, doc)) {
		status = report_each_entry(db, &r->period, ledger_json_entry,
					   &ctx);
		if (status == SP_OK &&
		    (ctx.failed ||
		     json_object_set(doc, "entries", ctx.entries) != 0))
			status = SP_ERR_NOMEM;
	}
	if (status == SP_OK &&
	    (json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
	     fputc('\n', out) == EOF))
		status = SP_ERR_IO;
	json_decref(ctx.entries);
	json_decref(doc);
	return status;
}

/* ---- output ------------------------------------------------------------- */

static enum sp_status ledger_write(const struct cli *cli, struct db *db,
				   const struct report *r,
				   enum table_format format, FILE *out)
{
	switch (format) {
	case TABLE_FORMAT_CSV:
		return ledger_write_csv(cli, db, r, out);
	case TABLE_FORMAT_JSON:
		return ledger_write_json(cli, db, r, out);
	default:
		return ledger_write_table(cli, db, r, out);
	}
}

/* What ledger_write needs, for cli_write_file. */
struct ledger_write_ctx {
	const struct cli *cli;
	struct db *db;
	const struct report *r;
	enum table_format format;
};

static enum sp_status ledger_write_to(FILE *out, void *arg)
{
	const struct ledger_write_ctx *c = arg;
	return ledger_write(c->cli, c->db, c->r, c->format, out);
}

static int ledger_print(const struct cli *cli, struct db *db,
			const struct report *r)
{
	unsigned char *job = NULL;
	size_t len = 0;
	char err[LEDGER_PRINT_ERR_MAX] = "", name[PERIOD_NAME_LEN];
	enum sp_status status;

	status = ledger_period_receipt(&cli->cfg, db, r, &job, &len);
	if (status == SP_OK)
		status = printer_print(&cli->cfg, job, len, err, sizeof err);
	free(job);
	if (status != SP_OK)
		return cli_fail(status, err[0] ? err : NULL);
	period_name(&r->period, name);
	printf(_("The ledger of %s is printed.\n"), name);
	return CLI_OK;
}

int cli_ledger_main(struct cli *cli, int argc, char **argv)
{
	const struct points_rules rules = {
		.per_hour = cli->cfg.points_per_hour,
		.per_commitment = cli->cfg.points_per_commitment,
		.daily_cap = cli->cfg.points_daily_cap,
	};
	struct ledger_opts o;
	struct report r;
	struct db *db;
	enum sp_status status;
	int rc;

	if (argc < 2) {
		ledger_usage(stderr);
		return CLI_USAGE;
	}
	if (cli_wants_help(argc, argv)) {
		ledger_usage(stdout);
		return CLI_OK;
	}
	rc = ledger_parse(argc - 1, argv + 1, &o);
	if (rc != CLI_OK)
		return rc;
	db = cli_open_db(cli, false);
	if (!db)
		return CLI_FAIL;
	/* the summary, the member lines and the entries from one snapshot,
	 * even while the kiosk writes */
	status = report_snapshot_begin(db);
	if (status == SP_OK)
		status = report_build(db, &o.period, &rules, &r);
	else
		memset(&r, 0, sizeof r);
	if (status != SP_OK) {
		rc = cli_fail(status, db_errmsg(db));
	} else {
		if (o.print)
			rc = ledger_print(cli, db, &r);
		if (rc == CLI_OK && o.output) {
			struct ledger_write_ctx c = {cli, db, &r, o.format};
			rc = cli_write_file(o.output, ledger_write_to, &c);
		}
		else if (rc == CLI_OK && !o.print) {
			status = ledger_write(cli, db, &r, o.format, stdout);
			if (status == SP_OK && fflush(stdout) != 0)
				status = SP_ERR_IO;
			if (status != SP_OK)
				rc = cli_fail(status, NULL);
		}
	}
	report_snapshot_end(db);
	report_clear(&r);
	db_close(db);
	return rc;
}
