/* central_ledger.c — `svcpoint central ledger`: the committee's ledger of
 * a month, quarter or year (月检查、季汇报、年考核) across every station (or
 * one), read from the central database: per station, by activity, per
 * member, and each station's sync health, as an aligned table, CSV or
 * JSON.
 *
 * Parses, asks central_ledger.h for the figures, prints. It never writes
 * to the central. Periods are those of `svcpoint ledger` (period.h), in
 * the time zone of the config it runs with; the words, the table, CSV
 * and JSON follow that command's shapes, so a station's figures read the
 * same at both ends. A file named with -o is written beside its final
 * name and renamed into place. Usage errors exit 2, failures 1. */
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "central_ledger.h"
#include "cli.h"
#include "clock.h"
#include "ledger_out.h"
#include "i18n.h"
#include "period.h"
#include "table.h"
#include "text.h"

#define CENTRAL_LEDGER_CMD "central ledger"

static void central_ledger_usage(FILE *out)
{
	fprintf(out, _("Usage: svcpoint central ledger --month YYYY-MM|--quarter YYYY-QN|--year YYYY\n"
		       "                [--station ID] [--format table|csv|json] [-o FILE]\n"
		       "                [--conninfo CONNINFO]\n"
		       "\n"
		       "The committee's ledger of a month, a quarter or a year, from the central\n"
		       "database, across every station or one: each station's entries, verified\n"
		       "hours, members served, commitments, visitors' ratings and what still\n"
		       "waits for staff, counted as the station's own 'svcpoint ledger' counts\n"
		       "them; the hours by activity; one line per member with the stations\n"
		       "served at; and each station's last push and gaps. Periods are in this\n"
		       "config's time zone. Points are not included: their rules are each\n"
		       "station's own.\n"
		       "\n"
		       "  --month YYYY-MM      the month, e.g. 2026-11\n"
		       "  --quarter YYYY-QN    the quarter, e.g. 2026-Q4\n"
		       "  --year YYYY          the year, e.g. 2026\n"
		       "  --station ID         one station only\n"
		       "  --format F           table (default), csv or json\n"
		       "  -o FILE              write the ledger to FILE instead of the terminal\n"
		       "  --conninfo CONNINFO  a libpq connection string; default [sync] conninfo,\n"
		       "                       then libpq's environment\n"
		       "  -h, --help           this help\n"));
}

struct central_ledger_opts {
	struct period period;
	bool have_period;
	const char *station;       /* --station, or NULL for all */
	enum table_format format;
	const char *output;        /* -o, or NULL for stdout */
	const char *conninfo;      /* --conninfo, or NULL for the config's */
};

/* --month, --quarter or --year with its value. */
static int central_ledger_parse_period(struct central_ledger_opts *o,
				       int opt, const char *value)
{
	enum period_kind kind = opt == 'm' ? PERIOD_MONTH
				: opt == 'q' ? PERIOD_QUARTER : PERIOD_YEAR;

	if (o->have_period)
		return cli_usage_error(CENTRAL_LEDGER_CMD,
				       _("give one period: --month, --quarter or --year"));
	if (period_parse(value, &o->period) != SP_OK ||
	    o->period.kind != kind)
		return cli_usage_error(CENTRAL_LEDGER_CMD,
				       ledger_out_period_mismatch(kind),
				       value);
	o->have_period = true;
	return CLI_OK;
}

static int central_ledger_parse(int argc, char **argv,
				struct central_ledger_opts *o)
{
	static const struct option options[] = {
		{"month", required_argument, NULL, 'm'},
		{"quarter", required_argument, NULL, 'q'},
		{"year", required_argument, NULL, 'y'},
		{"station", required_argument, NULL, 's'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"conninfo", required_argument, NULL, 'C'},
		{NULL, 0, NULL, 0},
	};
	int opt, rc;

	memset(o, 0, sizeof *o);
	o->format = TABLE_FORMAT_TABLE;
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":o:", options, NULL)) != -1) {
		switch (opt) {
		case 'm':
		case 'q':
		case 'y':
			rc = central_ledger_parse_period(o, opt, optarg);
			if (rc != CLI_OK)
				return rc;
			break;
		case 's':
			if (!*optarg)
				return cli_usage_error(CENTRAL_LEDGER_CMD,
						       _("%s needs a value"),
						       "--station");
			o->station = optarg;
			break;
		case 'f':
			if (table_format_parse(optarg, &o->format) != SP_OK)
				return cli_usage_error(
					CENTRAL_LEDGER_CMD,
					_("unknown format '%s' (table, csv or json)"),
					optarg);
			break;
		case 'o':
			if (!*optarg)
				return cli_usage_error(CENTRAL_LEDGER_CMD,
						       _("%s needs a value"),
						       "-o");
			o->output = optarg;
			break;
		case 'C':
			o->conninfo = optarg;
			break;
		case ':':
			return cli_usage_error(CENTRAL_LEDGER_CMD,
					       _("%s needs a value"),
					       argv[optind - 1]);
		default:
			return cli_usage_error(CENTRAL_LEDGER_CMD,
					       _("unknown option '%s'"),
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(CENTRAL_LEDGER_CMD,
				       _("unexpected argument '%s'"),
				       argv[optind]);
	if (!o->have_period)
		return cli_usage_error(CENTRAL_LEDGER_CMD,
				       _("give one period: --month, --quarter or --year"));
	return CLI_OK;
}

/* ---- shared pieces ------------------------------------------------------ */

static void central_ledger_int(char *buf, size_t size, int64_t v)
{
	snprintf(buf, size, "%" PRId64, v);
}

/* The share of ratings of 4 or 5, "67%"; "" without ratings. */
static void central_ledger_share(char *buf, size_t size,
				 const struct central_ledger_figures *f)
{
	if (f->feedback > 0)
		snprintf(buf, size, "%.0f%%",
			 100.0 * f->feedback_satisfied / f->feedback);
	else
		buf[0] = '\0';
}

/* The stations' ids, ", " between them; caller frees. */
static char *central_ledger_station_list_dup(const struct central_ledger *l)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	if (!fp)
		return NULL;
	for (size_t i = 0; i < l->nstations; i++)
		fprintf(fp, "%s%s", i ? ", " : "", l->stations[i].station_id);
	if (fclose(fp) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

/* ---- the aligned table -------------------------------------------------- */

static enum sp_status
central_ledger_table_header(const struct central_ledger_opts *o,
			    const struct central_ledger *l, FILE *out)
{
	char name[PERIOD_NAME_LEN], first[CLOCK_DATE_LEN], last[CLOCK_DATE_LEN];
	char produced[32];

	period_name(&l->period, name);
	period_first_date(&l->period, first);
	period_last_date(&l->period, last);
	ledger_out_local(l->produced_ms, produced, sizeof produced);
	fprintf(out, "%s\n", period_ledger_title(l->period.kind));
	if (o->station) {
		fprintf(out, _("Station: %s\n"), l->stations[0].station_id);
	} else {
		char *list = central_ledger_station_list_dup(l);
		if (!list)
			return SP_ERR_NOMEM;
		fprintf(out, _("Stations: %s\n"), list);
		free(list);
	}
	fprintf(out, _("Period: %s (%s to %s)\n"), name, first, last);
	fprintf(out, _("Produced: %s\n"), produced);
	return SP_OK;
}

/* The lines of the station ledger's summary, for the total. */
static void
central_ledger_table_summary(const struct central_ledger_figures *f,
			     FILE *out)
{
	char hours[32], pending[32];

	ledger_out_hours(hours, sizeof hours, f->verified_minutes);
	ledger_out_hours(pending, sizeof pending, f->pending_minutes);
	fprintf(out, "\n");
	fprintf(out, _("Entries: %d (voided: %d, rejected: %d)\n"), f->entries,
		f->voided, f->rejected);
	fprintf(out, _("Verified hours: %s h\n"), hours);
	fprintf(out, _("Members served: %d\n"), f->members_served);
	fprintf(out, _("Still waiting: %d open visits, %d logged entries (%s h), %d commitments\n"),
		f->open_entries, f->pending_entries, pending,
		f->pending_commitments);
	fprintf(out, _("Commitments made: %d, fulfilled: %d, overdue: %d\n"),
		f->commitments_made, f->commitments_fulfilled,
		f->commitments_overdue);
	if (f->feedback == 0) {
		fprintf(out, _("Visitor feedback: %d\n"), f->feedback);
		return;
	}
	fprintf(out, _("Visitor feedback: %d, average rating %.1f\n"),
		f->feedback, f->feedback_average);
	fprintf(out, _("Satisfied visitors (rated 4 or 5): %d of %d (%.0f%%)\n"),
		f->feedback_satisfied, f->feedback,
		100.0 * f->feedback_satisfied / f->feedback);
}

/* Prints a finished table under its title, then frees it. */
static enum sp_status central_ledger_table_out(struct table *t,
					       enum sp_status status,
					       const char *title, FILE *out)
{
	if (status == SP_OK) {
		fprintf(out, "\n%s\n", title);
		table_print(t, TABLE_FORMAT_TABLE, out);
	}
	table_free(t);
	return status;
}

static enum sp_status
central_ledger_table_stations(const struct central_ledger *l, FILE *out)
{
	static const char *const keys[] = {
		"station", "entries", "voided", "rejected", "verified_hours",
		"members", "commitments_made", "commitments_fulfilled",
		"ratings", "average", "satisfied",
	};
	const char *headers[] = {
		_("station"), _("entries"), _("voided"),
		C_("entry status", "rejected"), _("verified hours"),
		_("members"), _("commitments made"),
		_("commitments fulfilled"), _("ratings"), _("average rating"),
		_("satisfied"),
	};
	struct table *t = table_new(11, keys, headers);
	enum sp_status status = SP_OK;

	if (!t)
		return SP_ERR_NOMEM;
	for (size_t i = 0; status == SP_OK && i < l->nstations; i++) {
		const struct central_ledger_figures *f = &l->figures[i];
		char n[16], v[16], r[16], h[32], m[16], cm[16], cf[16];
		char fb[16], avg[16], sat[16];
		const char *cells[11] = {
			l->stations[i].station_id, n, v, r, h, m, cm, cf, fb,
			avg, sat,
		};
		central_ledger_int(n, sizeof n, f->entries);
		central_ledger_int(v, sizeof v, f->voided);
		central_ledger_int(r, sizeof r, f->rejected);
		ledger_out_hours(h, sizeof h, f->verified_minutes);
		central_ledger_int(m, sizeof m, f->members_served);
		central_ledger_int(cm, sizeof cm, f->commitments_made);
		central_ledger_int(cf, sizeof cf, f->commitments_fulfilled);
		central_ledger_int(fb, sizeof fb, f->feedback);
		if (f->feedback > 0)
			snprintf(avg, sizeof avg, "%.1f", f->feedback_average);
		else
			avg[0] = '\0';
		central_ledger_share(sat, sizeof sat, f);
		status = table_add_row(t, cells);
	}
	return central_ledger_table_out(t, status, _("By station"), out);
}

static enum sp_status
central_ledger_table_waiting(const struct central_ledger *l, FILE *out)
{
	static const char *const keys[] = {
		"station", "open_visits", "logged_to_verify", "pending_hours",
		"commitments_to_verify", "overdue",
	};
	const char *headers[] = {
		_("station"), _("open visits"), _("logged to verify"),
		_("pending hours"), _("commitments to verify"),
		_("overdue commitments"),
	};
	struct table *t = table_new(6, keys, headers);
	enum sp_status status = SP_OK;

	if (!t)
		return SP_ERR_NOMEM;
	for (size_t i = 0; status == SP_OK && i < l->nstations; i++) {
		const struct central_ledger_figures *f = &l->figures[i];
		char ov[16], pe[16], ph[32], pc[16], od[16];
		const char *cells[6] = {
			l->stations[i].station_id, ov, pe, ph, pc, od,
		};
		central_ledger_int(ov, sizeof ov, f->open_entries);
		central_ledger_int(pe, sizeof pe, f->pending_entries);
		ledger_out_hours(ph, sizeof ph, f->pending_minutes);
		central_ledger_int(pc, sizeof pc, f->pending_commitments);
		central_ledger_int(od, sizeof od, f->commitments_overdue);
		status = table_add_row(t, cells);
	}
	return central_ledger_table_out(
		t, status, _("Still waiting for staff, by station"), out);
}

static enum sp_status
central_ledger_table_sync(const struct central_ledger *l, FILE *out)
{
	static const char *const keys[] = {
		"station", "last_push", "gaps", "pushed_after_period",
	};
	const char *headers[] = {
		_("station"), _("last push"), _("gaps"),
		_("pushed after the period"),
	};
	struct table *t = table_new(4, keys, headers);
	enum sp_status status = SP_OK;

	if (!t)
		return SP_ERR_NOMEM;
	for (size_t i = 0; status == SP_OK && i < l->nstations; i++) {
		const struct central_station *s = &l->stations[i];
		bool after = central_ledger_pushed_after(l, s);
		char when[32];
		char *gaps = central_station_gaps_dup(s);
		const char *cells[4] = {
			s->station_id, when, gaps && *gaps ? gaps : _("none"),
			after ? _("yes") : _("no"),
		};
		if (s->last_push_ms > 0)
			ledger_out_local(s->last_push_ms, when,
					     sizeof when);
		else
			snprintf(when, sizeof when, "%s", _("never"));
		status = gaps ? table_add_row(t, cells) : SP_ERR_NOMEM;
		free(gaps);
	}
	return central_ledger_table_out(t, status, _("Sync by station"),
					out);
}

static enum sp_status
central_ledger_table_members(const struct central_ledger *l, FILE *out)
{
	static const char *const keys[] = {
		"member_no", "name", "branch", "stations", "entries",
		"verified_hours", "pending_hours", "commitments_fulfilled",
	};
	const char *headers[] = {
		_("badge"), C_("person", "name"), _("branch"), _("stations"),
		_("entries"), _("verified hours"), _("pending hours"),
		_("commitments fulfilled"),
	};
	struct table *t;
	enum sp_status status = SP_OK;

	if (l->nmembers == 0) {
		fprintf(out, "\n%s\n%s\n", _("Members"), _("No entries."));
		return SP_OK;
	}
	t = table_new(8, keys, headers);
	if (!t)
		return SP_ERR_NOMEM;
	for (size_t i = 0; status == SP_OK && i < l->nmembers; i++) {
		const struct central_ledger_member *m = &l->members[i];
		char n[16], hours[32], pending[32], kept[16], unknown[128];
		const char *cells[8] = {
			m->member_no, m->name, m->branch, m->stations, n,
			hours, pending, kept,
		};
		if (!m->member_no[0]) {
			/* entries of a member the roster does not hold (a
			 * badge a station made itself): the whole id, as
			 * such ids made together share their first part */
			snprintf(unknown, sizeof unknown,
				 _("(not on the central roster: %s)"), m->id);
			cells[1] = unknown;
		}
		central_ledger_int(n, sizeof n, m->entries);
		ledger_out_hours(hours, sizeof hours, m->verified_minutes);
		ledger_out_hours(pending, sizeof pending,
				     m->pending_minutes);
		central_ledger_int(kept, sizeof kept, m->commitments_fulfilled);
		status = table_add_row(t, cells);
	}
	return central_ledger_table_out(t, status, _("Members"), out);
}

static enum sp_status
central_ledger_write_table(const struct cli *cli,
			   const struct central_ledger_opts *o,
			   const struct central_ledger *l, FILE *out)
{
	enum sp_status status = central_ledger_table_header(o, l, out);

	if (status != SP_OK)
		return status;
	if (l->nstations == 0) {
		fputc('\n', out);
		fputs(_("No station has pushed or been trusted yet.\n"), out);
		return SP_OK;
	}
	central_ledger_table_summary(&l->total, out);
	status = central_ledger_table_stations(l, out);
	if (status == SP_OK)
		status = central_ledger_table_waiting(l, out);
	if (status == SP_OK)
		status = central_ledger_table_sync(l, out);
	if (status == SP_OK)
		status = ledger_out_activities_table(cli, l->activities,
						     l->nactivities, out);
	if (status == SP_OK)
		status = central_ledger_table_members(l, out);
	return status;
}

/* ---- CSV: four sections, each with its own header row ------------------- */

/* The figures under the station ledger's summary names, in its order,
 * and the share of 4 and 5 last. */
#define CENTRAL_LEDGER_NFIGURES 15
#define CENTRAL_LEDGER_AVERAGE 13   /* the one that is not an integer */

static const char *const central_ledger_figure_keys[] = {
	"entries", "voided", "rejected", "verified_minutes", "pending_minutes",
	"members_served", "open_entries", "pending_entries",
	"pending_commitments", "commitments_made", "commitments_fulfilled",
	"commitments_overdue", "feedback", "feedback_average",
	"feedback_satisfied",
};
_Static_assert(sizeof central_ledger_figure_keys /
	       sizeof *central_ledger_figure_keys == CENTRAL_LEDGER_NFIGURES,
	       "one name a figure");

/* The integer figures in central_ledger_figure_keys' order (the average's
 * place holds 0). */
static void central_ledger_figure_ints(const struct central_ledger_figures *f,
				       int64_t v[CENTRAL_LEDGER_NFIGURES])
{
	const int64_t ints[CENTRAL_LEDGER_NFIGURES] = {
		f->entries, f->voided, f->rejected, f->verified_minutes,
		f->pending_minutes, f->members_served, f->open_entries,
		f->pending_entries, f->pending_commitments,
		f->commitments_made, f->commitments_fulfilled,
		f->commitments_overdue, f->feedback, 0, f->feedback_satisfied,
	};

	memcpy(v, ints, sizeof ints);
}

/* The figures as text, in central_ledger_figure_keys' order. */
struct central_ledger_figure_text {
	char v[CENTRAL_LEDGER_NFIGURES][32];
};

static void
central_ledger_figure_texts(const struct central_ledger_figures *f,
			    struct central_ledger_figure_text *t)
{
	int64_t ints[CENTRAL_LEDGER_NFIGURES];

	central_ledger_figure_ints(f, ints);
	for (size_t i = 0; i < CENTRAL_LEDGER_NFIGURES; i++)
		central_ledger_int(t->v[i], sizeof t->v[i], ints[i]);
	/* the station ledger's CSV: two decimals, empty without ratings */
	if (f->feedback > 0)
		snprintf(t->v[CENTRAL_LEDGER_AVERAGE],
			 sizeof t->v[CENTRAL_LEDGER_AVERAGE], "%.2f",
			 f->feedback_average);
	else
		t->v[CENTRAL_LEDGER_AVERAGE][0] = '\0';
}

static enum sp_status
central_ledger_csv_about(const struct central_ledger_opts *o,
			 const struct central_ledger *l, FILE *out)
{
	static const char *const keys[] = {"key", "value"};
	char name[PERIOD_NAME_LEN], first[CLOCK_DATE_LEN], last[CLOCK_DATE_LEN];
	char produced[32], from[CLOCK_UTC_LEN], until[CLOCK_UTC_LEN];
	struct central_ledger_figure_text ft;
	struct table *t = table_new(2, keys, keys);
	enum sp_status s = SP_OK;

	if (!t)
		return SP_ERR_NOMEM;
	period_name(&l->period, name);
	period_first_date(&l->period, first);
	period_last_date(&l->period, last);
	ledger_out_local(l->produced_ms, produced, sizeof produced);
	clock_format_utc(l->period.start_ms, from);
	clock_format_utc(l->period.end_ms, until);
	central_ledger_figure_texts(&l->total, &ft);
	const char *const texts[][2] = {
		{"station", o->station ? o->station : ""},
		{"period", name},
		{"kind", period_kind_name(l->period.kind)},
		{"first_day", first},
		{"last_day", last},
		{"from_utc", from},
		{"until_utc", until},
		{"produced", produced},
	};
	for (size_t i = 0; s == SP_OK && i < sizeof texts / sizeof *texts; i++)
		s = table_add_row(t, texts[i]);
	for (size_t i = 0; s == SP_OK && i < CENTRAL_LEDGER_NFIGURES; i++) {
		const char *cells[2] = {central_ledger_figure_keys[i], ft.v[i]};
		s = table_add_row(t, cells);
	}
	if (s == SP_OK)
		table_print(t, TABLE_FORMAT_CSV, out);
	table_free(t);
	return s;
}

/* station_id, the figures, then the sync health. */
#define CENTRAL_LEDGER_NSYNC 5
#define CENTRAL_LEDGER_STATION_COLS \
	(1 + CENTRAL_LEDGER_NFIGURES + CENTRAL_LEDGER_NSYNC)

static enum sp_status
central_ledger_csv_stations(const struct central_ledger *l, FILE *out)
{
	static const char *const sync_keys[CENTRAL_LEDGER_NSYNC] = {
		"last_seq", "last_push", "received", "gaps",
		"pushed_after_period",
	};
	const char *keys[CENTRAL_LEDGER_STATION_COLS] = {"station_id"};
	struct table *t;
	enum sp_status status = SP_OK;

	memcpy(keys + 1, central_ledger_figure_keys,
	       sizeof central_ledger_figure_keys);
	memcpy(keys + 1 + CENTRAL_LEDGER_NFIGURES, sync_keys,
	       sizeof sync_keys);
	t = table_new(CENTRAL_LEDGER_STATION_COLS, keys, keys);
	if (!t)
		return SP_ERR_NOMEM;
	for (size_t i = 0; status == SP_OK && i < l->nstations; i++) {
		const struct central_station *s = &l->stations[i];
		struct central_ledger_figure_text ft;
		char seq[32], when[32], received[32];
		char *gaps = central_station_gaps_dup(s);
		const char *cells[CENTRAL_LEDGER_STATION_COLS] = {
			s->station_id,
		};
		const char **sync = cells + 1 + CENTRAL_LEDGER_NFIGURES;

		central_ledger_figure_texts(&l->figures[i], &ft);
		for (size_t k = 0; k < CENTRAL_LEDGER_NFIGURES; k++)
			cells[1 + k] = ft.v[k];
		central_ledger_int(seq, sizeof seq, s->last_seq);
		ledger_out_local(s->last_push_ms, when, sizeof when);
		central_ledger_int(received, sizeof received, s->received);
		sync[0] = seq;
		sync[1] = when;
		sync[2] = received;
		sync[3] = gaps;
		sync[4] = central_ledger_pushed_after(l, s) ? "yes" : "no";
		status = gaps ? table_add_row(t, cells) : SP_ERR_NOMEM;
		free(gaps);
	}
	if (status == SP_OK)
		table_print(t, TABLE_FORMAT_CSV, out);
	table_free(t);
	return status;
}

static enum sp_status
central_ledger_csv_members(const struct central_ledger *l, FILE *out)
{
	static const char *const keys[] = {
		"member_id", "member_no", "name", "branch", "stations",
		"entries", "verified_minutes", "pending_minutes",
		"commitments_fulfilled",
	};
	struct table *t = table_new(9, keys, keys);
	enum sp_status status = SP_OK;

	if (!t)
		return SP_ERR_NOMEM;
	for (size_t i = 0; status == SP_OK && i < l->nmembers; i++) {
		const struct central_ledger_member *m = &l->members[i];
		char n[16], v[32], p[32], c[16];
		const char *cells[9] = {
			m->id, m->member_no, m->name, m->branch, m->stations,
			n, v, p, c,
		};
		central_ledger_int(n, sizeof n, m->entries);
		central_ledger_int(v, sizeof v, m->verified_minutes);
		central_ledger_int(p, sizeof p, m->pending_minutes);
		central_ledger_int(c, sizeof c, m->commitments_fulfilled);
		status = table_add_row(t, cells);
	}
	if (status == SP_OK)
		table_print(t, TABLE_FORMAT_CSV, out);
	table_free(t);
	return status;
}

static enum sp_status
central_ledger_write_csv(const struct central_ledger_opts *o,
			 const struct central_ledger *l, FILE *out)
{
	enum sp_status status = central_ledger_csv_about(o, l, out);

	if (status == SP_OK) {
		fputc('\n', out);
		status = central_ledger_csv_stations(l, out);
	}
	if (status == SP_OK) {
		fputc('\n', out);
		status = ledger_out_activities_csv(l->activities,
						   l->nactivities, out);
	}
	if (status == SP_OK) {
		fputc('\n', out);
		status = central_ledger_csv_members(l, out);
	}
	return status;
}

/* ---- JSON: one object --------------------------------------------------- */

/* The figures under the station ledger's summary names, into o. */
static bool central_ledger_json_figures(json_t *o,
					const struct central_ledger_figures *f)
{
	int64_t ints[CENTRAL_LEDGER_NFIGURES];
	bool ok = o != NULL;

	central_ledger_figure_ints(f, ints);
	for (size_t i = 0; ok && i < CENTRAL_LEDGER_NFIGURES; i++) {
		json_t *v;
		if (i != CENTRAL_LEDGER_AVERAGE)
			v = json_integer((json_int_t)ints[i]);
		else if (f->feedback > 0)
			v = json_real(f->feedback_average);
		else
			v = json_null();
		ok = ledger_out_json_set(o, central_ledger_figure_keys[i],
					     v);
	}
	return ok;
}

static json_t *central_ledger_json_sync(const struct central_ledger *l,
					const struct central_station *s)
{
	char when[32];
	json_t *gaps = json_array();
	bool ok = gaps != NULL;

	for (size_t i = 0; ok && i < s->ngaps; i++)
		ok = json_array_append_new(gaps, json_pack(
			"[I,I]", (json_int_t)s->gaps[i].lo,
			(json_int_t)s->gaps[i].hi)) == 0;
	if (!ok) {
		json_decref(gaps);
		return NULL;
	}
	ledger_out_local(s->last_push_ms, when, sizeof when);
	/* "o" takes gaps over, also when the pack fails */
	return json_pack("{s:I,s:o,s:I,s:o,s:b}",
			 "last_seq", (json_int_t)s->last_seq,
			 "last_push", when[0] ? json_string(when) : json_null(),
			 "received", (json_int_t)s->received, "gaps", gaps,
			 "pushed_after_period",
			 (int)central_ledger_pushed_after(l, s));
}

static json_t *central_ledger_json_stations(const struct central_ledger *l)
{
	json_t *list = json_array();
	bool ok = list != NULL;

	for (size_t i = 0; ok && i < l->nstations; i++) {
		const struct central_station *s = &l->stations[i];
		json_t *o = json_pack("{s:s}", "station_id", s->station_id);
		ok = central_ledger_json_figures(o, &l->figures[i]) &&
		     ledger_out_json_set(o, "sync",
					     central_ledger_json_sync(l, s));
		if (!ok)
			json_decref(o);
		else
			ok = json_array_append_new(list, o) == 0;
	}
	if (!ok) {
		json_decref(list);
		return NULL;
	}
	return list;
}

/* "s1,s2" as ["s1", "s2"]: station ids hold no comma. */
static json_t *central_ledger_json_station_ids(const char *ids)
{
	json_t *list = json_array();
	const char *p = ids;

	while (list && *p) {
		size_t n = strcspn(p, ",");
		if (json_array_append_new(list, json_stringn(p, n)) != 0) {
			json_decref(list);
			return NULL;
		}
		p += n + (p[n] == ',');
	}
	return list;
}

static json_t *central_ledger_json_members(const struct central_ledger *l)
{
	json_t *list = json_array();
	bool ok = list != NULL;

	for (size_t i = 0; ok && i < l->nmembers; i++) {
		const struct central_ledger_member *m = &l->members[i];
		bool known = m->member_no[0] != '\0';
		ok = json_array_append_new(list, json_pack(
			"{s:s,s:o,s:o,s:s,s:o,s:i,s:I,s:I,s:i}",
			"member_id", m->id,
			"member_no", known ? json_string(m->member_no)
					   : json_null(),
			"name", known ? json_string(m->name) : json_null(),
			"branch", m->branch,
			"stations", central_ledger_json_station_ids(m->stations),
			"entries", m->entries,
			"verified_minutes", (json_int_t)m->verified_minutes,
			"pending_minutes", (json_int_t)m->pending_minutes,
			"commitments_fulfilled",
			m->commitments_fulfilled)) == 0;
	}
	if (!ok) {
		json_decref(list);
		return NULL;
	}
	return list;
}

static enum sp_status
central_ledger_write_json(const struct central_ledger_opts *o,
			  const struct central_ledger *l, FILE *out)
{
	char name[PERIOD_NAME_LEN], first[CLOCK_DATE_LEN], last[CLOCK_DATE_LEN];
	char produced[32], from[CLOCK_UTC_LEN], until[CLOCK_UTC_LEN];
	json_t *doc, *summary = json_object();
	enum sp_status status = SP_ERR_NOMEM;

	period_name(&l->period, name);
	period_first_date(&l->period, first);
	period_last_date(&l->period, last);
	ledger_out_local(l->produced_ms, produced, sizeof produced);
	clock_format_utc(l->period.start_ms, from);
	clock_format_utc(l->period.end_ms, until);
	doc = json_pack("{s:o,s:{s:s,s:s,s:s,s:s,s:s,s:s},s:s}",
			"station", o->station ? json_string(o->station)
					      : json_null(),
			"period", "kind", period_kind_name(l->period.kind),
			"name", name, "first_day", first, "last_day", last,
			"from_utc", from, "until_utc", until,
			"produced", produced);
	if (!doc || !central_ledger_json_figures(summary, &l->total))
		json_decref(summary);  /* not handed to doc yet */
	else if (ledger_out_json_set(doc, "summary", summary) &&
		 ledger_out_json_set(doc, "stations",
					 central_ledger_json_stations(l)) &&
		 ledger_out_json_set(doc, "activities",
					 ledger_out_activities_json(l->activities,
								   l->nactivities)) &&
		 ledger_out_json_set(doc, "members",
					 central_ledger_json_members(l)))
		status = SP_OK;
	if (status == SP_OK &&
	    (json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
	     fputc('\n', out) == EOF))
		status = SP_ERR_IO;
	json_decref(doc);
	return status;
}

/* ---- output ------------------------------------------------------------- */

static enum sp_status central_ledger_write(const struct cli *cli,
					   const struct central_ledger_opts *o,
					   const struct central_ledger *l,
					   FILE *out)
{
	switch (o->format) {
	case TABLE_FORMAT_CSV:
		return central_ledger_write_csv(o, l, out);
	case TABLE_FORMAT_JSON:
		return central_ledger_write_json(o, l, out);
	default:
		return central_ledger_write_table(cli, o, l, out);
	}
}

/* What central_ledger_write needs, for cli_write_file. */
struct central_ledger_write_ctx {
	const struct cli *cli;
	const struct central_ledger_opts *o;
	const struct central_ledger *l;
};

static enum sp_status central_ledger_write_to(FILE *out, void *arg)
{
	const struct central_ledger_write_ctx *c = arg;
	return central_ledger_write(c->cli, c->o, c->l, out);
}

/* Says why the ledger could not be made; returns the exit status. */
static int central_ledger_failed(const struct central_ledger_opts *o,
				 enum sp_status status, const char *detail)
{
	char *shown;

	switch (status) {
	case SP_ERR_NOT_FOUND:
		shown = text_sanitize_dup(o->station, false);
		fprintf(stderr, _("svcpoint: the central knows no station '%s'.\n"),
			shown ? shown : "");
		free(shown);
		return CLI_FAIL;
	case SP_ERR_CENTRAL_TIMEOUT:
		/* status.c's sentences for these speak of sending: this
		 * command only reads */
		fprintf(stderr, _("svcpoint: the central database did not answer in time; try again later (%s)\n"),
			detail ? detail : "");
		return CLI_FAIL;
	case SP_ERR_CENTRAL:
		fprintf(stderr, _("svcpoint: the ledger could not be read from the central database (%s)\n"),
			detail ? detail : "");
		return CLI_FAIL;
	default:
		return cli_fail(status, NULL);
	}
}

int cli_central_ledger_main(struct cli *cli, int argc, char **argv)
{
	struct central_ledger l;
	struct central_ledger_opts o;
	struct central *c = NULL;
	char *detail = NULL;
	enum sp_status status;
	int rc;

	if (cli_wants_help(argc, argv)) {
		central_ledger_usage(stdout);
		return CLI_OK;
	}
	rc = central_ledger_parse(argc, argv, &o);
	if (rc != CLI_OK)
		return rc;
	/* --conninfo, else [sync] conninfo, else libpq's environment */
	status = central_connect(o.conninfo ? o.conninfo
					    : cli->cfg.sync_conninfo,
				 cli->cfg.sync_statement_timeout_s, &c,
				 &detail);
	if (status != SP_OK) {
		rc = central_ledger_failed(&o, status, detail);
		free(detail);
		return rc;
	}
	status = central_ledger_build(c, &o.period, o.station, &l);
	if (status != SP_OK) {
		rc = central_ledger_failed(&o, status, central_errmsg(c));
	} else if (o.output) {
		struct central_ledger_write_ctx wc = {cli, &o, &l};
		rc = cli_write_file(o.output, central_ledger_write_to, &wc);
	} else {
		status = central_ledger_write(cli, &o, &l, stdout);
		if (status == SP_OK && fflush(stdout) != 0)
			status = SP_ERR_IO;
		rc = status == SP_OK ? CLI_OK : cli_fail(status, NULL);
	}
	central_ledger_clear(&l);
	central_close(c);
	return rc;
}
