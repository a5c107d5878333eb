/* feedback.c — `svcpoint feedback list|summary`: the visitors' ratings
 * and comments (群众满意度), one by one or added up.
 *
 * Parses the options, asks feedback.c for the rows or the summary and
 * prints them. It only reads; it never changes the store. CSV and JSON
 * carry the rating as a number, so scripts do not depend on the UI
 * language; the aligned table adds the rating in words. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "clock.h"
#include "feedback.h"
#include "i18n.h"
#include "table.h"

#define FEEDBACK_COLS 5

struct feedback_list_ctx {
	struct table *table;
	enum table_format format;
	enum sp_status status;
};

/* The options both subcommands take: the window, and for list the rest. */
struct feedback_opts {
	int64_t since_ms, until_ms;   /* 0: no bound */
	int limit;                    /* 0: all */
	enum table_format format;
};

static void feedback_usage(FILE *out)
{
	fprintf(out, _("Usage: svcpoint feedback list [--since YYYY-MM-DD] [--until YYYY-MM-DD]\n"
		       "                              [--limit N] [--format table|csv|json]\n"
		       "       svcpoint feedback summary [--since YYYY-MM-DD] [--until YYYY-MM-DD]\n"
		       "\n"
		       "Visitors' ratings (5 very satisfied .. 1 very dissatisfied) and\n"
		       "comments left at the kiosk: listed newest first, or added up.\n"
		       "\n"
		       "  --since DATE   ratings left on or after this local date\n"
		       "  --until DATE   ratings left on or before this local date\n"
		       "  --limit N      at most N ratings (list)\n"
		       "  --format F     table (default), csv or json (list)\n"
		       "  -h, --help     this help\n"));
}

static int feedback_add_row(const struct feedback *f, void *arg)
{
	struct feedback_list_ctx *ctx = arg;
	bool machine = ctx->format != TABLE_FORMAT_TABLE;
	char id[UUID_STR_LEN], created[32], rating[128];
	const char *cells[FEEDBACK_COLS];

	snprintf(id, sizeof id, "%s", f->id);
	if (!machine)
		id[UUID_SHORT_LEN] = '\0';
	clock_format_local(f->created_ms, "%Y-%m-%d %H:%M", created,
			   sizeof created);
	if (machine)
		snprintf(rating, sizeof rating, "%d", f->rating);
	else
		snprintf(rating, sizeof rating, "%d %s", f->rating,
			 feedback_rating_label(f->rating));
	cells[0] = id;
	cells[1] = created;
	cells[2] = rating;
	cells[3] = f->comment;
	cells[4] = f->shift_id;
	ctx->status = table_add_row(ctx->table, cells);
	return ctx->status != SP_OK;
}

/* Parses the options of `feedback CMD`; returns -1 when they are good,
 * else the exit status (usage printed). */
static int feedback_parse(const char *cmd, bool list, int argc, char **argv,
			  struct feedback_opts *opts)
{
	static const struct option options[] = {
		{"since", required_argument, NULL, 's'},
		{"until", required_argument, NULL, 'u'},
		{"limit", required_argument, NULL, 'n'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int64_t ms;
	char *end;
	long limit;
	int opt;

	memset(opts, 0, sizeof *opts);
	opts->format = TABLE_FORMAT_TABLE;
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		if (!list && (opt == 'n' || opt == 'f'))
			return cli_usage_error(cmd, _("unknown option '%s'"),
					       argv[optind - 1]);
		switch (opt) {
		case 's':
		case 'u':
			if (clock_parse_local_date(optarg, &ms) != SP_OK)
				return cli_usage_error(
					cmd, _("%s wants a date as YYYY-MM-DD, not '%s'"),
					opt == 's' ? "--since" : "--until", optarg);
			if (opt == 's')
				opts->since_ms = ms;
			else /* the whole of that local day */
				opts->until_ms = clock_local_add_days(ms, 1);
			break;
		case 'n':
			limit = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || limit < 1 ||
			    limit > 1000000000L)
				return cli_usage_error(
					cmd, _("--limit wants a positive number, not '%s'"),
					optarg);
			opts->limit = (int)limit;
			break;
		case 'f':
			if (table_format_parse(optarg, &opts->format) != SP_OK)
				return cli_usage_error(
					cmd, _("unknown format '%s' (table, csv or json)"),
					optarg);
			break;
		case 'h':
			feedback_usage(stdout);
			return CLI_OK;
		case ':':
			return cli_usage_error(cmd, _("%s needs a value"),
					       argv[optind - 1]);
		default:
			return cli_usage_error(cmd, _("unknown option '%s'"),
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, _("unexpected argument '%s'"),
				       argv[optind]);
	if (opts->since_ms && opts->until_ms && opts->until_ms <= opts->since_ms)
		return cli_usage_error(cmd, _("--until is before --since"));
	return -1;
}

static int feedback_list(struct cli *cli, int argc, char **argv)
{
	static const char *const keys[FEEDBACK_COLS] = {
		"id", "created", "rating", "comment", "shift_id",
	};
	const char *headers[FEEDBACK_COLS] = {
		_("id"), _("left at"), _("rating"), _("comment"), _("shift"),
	};
	struct feedback_list_ctx ctx = {0};
	struct feedback_opts opts;
	struct db *db;
	enum sp_status status;
	int rc = feedback_parse("feedback list", true, argc, argv, &opts);

	if (rc >= 0)
		return rc;
	db = cli_open_db(cli, false);
	if (!db)
		return CLI_FAIL;
	rc = CLI_OK;
	ctx.format = opts.format;
	ctx.table = table_new(FEEDBACK_COLS, keys, headers);
	if (!ctx.table) {
		rc = cli_fail(SP_ERR_NOMEM, NULL);
	} else {
		status = feedback_each(db, opts.since_ms, opts.until_ms, opts.limit,
				       feedback_add_row, &ctx);
		if (status == SP_OK)
			status = ctx.status;
		if (status == SP_OK)
			table_print(ctx.table, ctx.format, stdout);
		else
			rc = cli_fail(status, NULL);
	}
	table_free(ctx.table);
	db_close(db);
	return rc;
}

static int feedback_summary_main(struct cli *cli, int argc, char **argv)
{
	struct feedback_summary sum;
	struct feedback_opts opts;
	struct db *db;
	enum sp_status status;
	int rc = feedback_parse("feedback summary", false, argc, argv, &opts);

	if (rc >= 0)
		return rc;
	db = cli_open_db(cli, false);
	if (!db)
		return CLI_FAIL;
	status = feedback_summary(db, opts.since_ms, opts.until_ms, &sum);
	db_close(db);
	if (status != SP_OK)
		return cli_fail(status, NULL);
	printf(_("Ratings: %d\n"), sum.count);
	if (sum.count > 0)
		printf(_("Average: %.2f of 5\n"), sum.average);
	else
		printf("%s\n", _("Average: none yet"));
	for (int r = FEEDBACK_RATING_MAX; r >= FEEDBACK_RATING_MIN; r--) {
		int n = sum.by_rating[r - 1];
		/* TRANSLATORS: "5 Very satisfied: 3 (50%)" */
		printf(_("%d %s: %d (%d%%)\n"), r, feedback_rating_label(r), n,
		       sum.count ? (n * 100 + sum.count / 2) / sum.count : 0);
	}
	return CLI_OK;
}

int cli_feedback_main(struct cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("feedback",
				       _("which one? svcpoint feedback list|summary"));
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		feedback_usage(stdout);
		return CLI_OK;
	}
	if (strcmp(argv[1], "list") == 0)
		return feedback_list(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "summary") == 0)
		return feedback_summary_main(cli, argc - 1, argv + 1);
	return cli_usage_error("feedback", _("unknown subcommand '%s'"), argv[1]);
}
