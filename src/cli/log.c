/* log.c — `svcpoint log list|void`: service entries as a table, CSV or
 * JSON, and the staff's void of one entry.
 *
 * list parses the options, asks entry.c for the rows (newest first) and
 * prints them through table.h; it only reads. The aligned table shows
 * translated words, CSV and JSON the stored names, so scripts do not
 * depend on the UI language. void names the staff member by badge
 * (--staff NO, as `shift close` does) and requires a reason; entry.c
 * checks the role and the state and writes the void with its audit row
 * in one transaction. Nothing is deleted or rewritten. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "clock.h"
#include "entry.h"
#include "i18n.h"
#include "member.h"
#include "table.h"
#include "text.h"

#define LOG_COLS 10

struct log_list_ctx {
	struct table *table;
	enum table_format format;
	bool english;            /* show activity_type.name_en when set */
	enum sp_status status;
};

static void log_usage(FILE *out)
{
	fprintf(out, _("Usage: svcpoint log list [--member NO] [--since YYYY-MM-DD]\n"
		       "                         [--until YYYY-MM-DD] [--limit N]\n"
		       "                         [--format table|csv|json]\n"
		       "       svcpoint log void ENTRY_ID --staff NO --reason TEXT\n"
		       "\n"
		       "list  lists service entries, newest first.\n"
		       "void  voids one entry: it stays on record, marked void with the\n"
		       "      reason, and no longer counts; the audit log names the staff\n"
		       "      member. ENTRY_ID is the full id or its first 13 or more\n"
		       "      characters (the \"entry no.\" on the slip).\n"
		       "\n"
		       "  --member NO    only the member with this badge number\n"
		       "  --since DATE   entries started on or after this local date\n"
		       "  --until DATE   entries started on or before this local date\n"
		       "  --limit N      at most N entries\n"
		       "  --format F     table (default), csv or json\n"
		       "  --staff NO     the badge number of a staff member or admin\n"
		       "  --reason TEXT  why the entry is voided (required)\n"
		       "  -h, --help     this help\n"));
}

static void log_format_time(int64_t ms, char *buf, size_t size)
{
	if (ms == 0) {
		buf[0] = '\0';
		return;
	}
	clock_format_local(ms, "%Y-%m-%d %H:%M", buf, size);
}

static int log_add_row(const struct entry *e, void *arg)
{
	struct log_list_ctx *ctx = arg;
	bool machine = ctx->format != TABLE_FORMAT_TABLE;
	char id[UUID_STR_LEN], started[32], ended[32], minutes[16];
	const char *activity = e->activity_name;
	const char *status;
	const char *cells[LOG_COLS];

	snprintf(id, sizeof id, "%s", e->id);
	if (!machine)
		id[UUID_SHORT_LEN] = '\0';
	if (ctx->english && e->activity_name_en[0])
		activity = e->activity_name_en;
	if (e->voided)
		status = machine ? "voided" : _("voided");
	else
		status = machine ? entry_status_name(e->status)
				 : entry_status_label(e->status);
	log_format_time(e->started_ms, started, sizeof started);
	log_format_time(e->ended_ms, ended, sizeof ended);
	if (e->minutes >= 0)
		snprintf(minutes, sizeof minutes, "%d", e->minutes);
	else
		minutes[0] = '\0';

	cells[0] = id;
	cells[1] = e->member_no;
	cells[2] = e->member_name;
	cells[3] = activity;
	cells[4] = machine ? entry_kind_name(e->kind) : entry_kind_label(e->kind);
	cells[5] = status;
	cells[6] = started;
	cells[7] = ended;
	cells[8] = minutes;
	cells[9] = e->note;
	ctx->status = table_add_row(ctx->table, cells);
	return ctx->status != SP_OK;
}

/* Parses a local date option; false (after the usage message) when bad. */
static bool log_parse_date(const char *opt, const char *text, int64_t *ms)
{
	if (clock_parse_local_date(text, ms) != SP_OK) {
		cli_usage_error("log list",
				_("%s wants a date as YYYY-MM-DD, not '%s'"),
				opt, text);
		return false;
	}
	return true;
}

static int log_list(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{"member", required_argument, NULL, 'm'},
		{"since", required_argument, NULL, 's'},
		{"until", required_argument, NULL, 'u'},
		{"limit", required_argument, NULL, 'n'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const char *const keys[LOG_COLS] = {
		"id", "member_no", "name", "activity", "kind",
		"status", "started", "ended", "minutes", "note",
	};
	const char *headers[LOG_COLS] = {
		_("id"), _("badge"), C_("person", "name"), _("activity"),
		_("kind"), _("status"), _("started"), _("ended"), _("minutes"),
		_("note"),
	};
	struct entry_filter filter = {0};
	struct log_list_ctx ctx = {0};
	struct member *member = NULL;
	const char *member_no = NULL;
	struct db *db;
	int64_t ms;
	char *end;
	long limit;
	int opt, rc = CLI_OK;
	enum sp_status status;

	ctx.format = TABLE_FORMAT_TABLE;
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (opt) {
		case 'm':
			member_no = optarg;
			break;
		case 's':
			if (!log_parse_date("--since", optarg, &ms))
				return CLI_USAGE;
			filter.since_ms = ms;
			break;
		case 'u':
			if (!log_parse_date("--until", optarg, &ms))
				return CLI_USAGE;
			/* the whole of that local day */
			filter.until_ms = clock_local_add_days(ms, 1);
			break;
		case 'n':
			limit = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || limit < 1 ||
			    limit > 1000000000L)
				return cli_usage_error(
					"log list",
					_("--limit wants a positive number, not '%s'"),
					optarg);
			filter.limit = (int)limit;
			break;
		case 'f':
			if (table_format_parse(optarg, &ctx.format) != SP_OK)
				return cli_usage_error(
					"log list",
					_("unknown format '%s' (table, csv or json)"),
					optarg);
			break;
		case 'h':
			log_usage(stdout);
			return CLI_OK;
		case ':':
			return cli_usage_error("log list",
					       _("%s needs a value"),
					       argv[optind - 1]);
		default:
			return cli_usage_error("log list",
					       _("unknown option '%s'"),
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("log list", _("unexpected argument '%s'"),
				       argv[optind]);
	if (filter.since_ms && filter.until_ms &&
	    filter.until_ms <= filter.since_ms)
		return cli_usage_error("log list",
				       _("--until is before --since"));

	db = cli_open_db(cli, false);
	if (!db)
		return CLI_FAIL;
	if (member_no) {
		status = member_find_by_no(db, member_no, &member);
		if (status == SP_ERR_NOT_FOUND) {
			fprintf(stderr, _("svcpoint: no member has the badge number '%s'.\n"),
				member_no);
			db_close(db);
			return CLI_FAIL;
		}
		if (status != SP_OK) {
			db_close(db);
			return cli_fail(status, NULL);
		}
		filter.member_id = member->id;
	}

	ctx.table = table_new(LOG_COLS, keys, headers);
	ctx.english = strcmp(cli->cfg.language, "en") == 0;
	if (!ctx.table) {
		rc = cli_fail(SP_ERR_NOMEM, NULL);
	} else {
		status = entry_each(db, &filter, log_add_row, &ctx);
		if (status == SP_OK)
			status = ctx.status;
		if (status == SP_OK)
			table_print(ctx.table, ctx.format, stdout);
		else
			rc = cli_fail(status, NULL);
	}
	table_free(ctx.table);
	member_free(member);
	db_close(db);
	return rc;
}

/* The entry named on the command line; false after saying why not (and
 * *rc set). */
static bool log_void_find(struct db *db, const char *id_arg,
			  struct entry **e, int *rc)
{
	enum sp_status status = entry_find_by_prefix(db, id_arg, e);

	switch (status) {
	case SP_OK:
		return true;
	case SP_ERR_INVALID:
		*rc = cli_usage_error("log void", _("'%s' is not an entry id: give the full id or at least its first %d characters"),
				      id_arg, UUID_SHORT_LEN);
		return false;
	case SP_ERR_NOT_FOUND:
		fprintf(stderr, _("svcpoint log void: no entry has the id '%s'.\n"),
			id_arg);
		break;
	case SP_ERR_DUPLICATE:
		fprintf(stderr, _("svcpoint log void: more than one entry starts with '%s'; give more characters (see 'svcpoint log list --format csv').\n"),
			id_arg);
		break;
	default:
		cli_fail(status, NULL);
		break;
	}
	*rc = CLI_FAIL;
	return false;
}

static int log_void(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{"staff", required_argument, NULL, 's'},
		{"reason", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *staff_no = NULL, *reason = NULL, *id_arg;
	struct member *staff = NULL;
	struct entry *e = NULL;
	struct db *db;
	enum sp_status status;
	int opt, rc = CLI_FAIL;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (opt) {
		case 's':
			staff_no = optarg;
			break;
		case 'r':
			reason = optarg;
			break;
		case 'h':
			log_usage(stdout);
			return CLI_OK;
		case ':':
			return cli_usage_error("log void", _("%s needs a value"),
					       argv[optind - 1]);
		default:
			return cli_usage_error("log void", _("unknown option '%s'"),
					       argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error("log void", _("say which entry: svcpoint log void ENTRY_ID"));
	id_arg = argv[optind];
	if (optind + 1 < argc)
		return cli_usage_error("log void", _("unexpected argument '%s'"),
				       argv[optind + 1]);
	if (!staff_no)
		return cli_usage_error("log void", _("--staff NO is required"));
	/* checked before the store opens: a refused reason changes nothing */
	status = text_validate(reason ? reason : "", ENTRY_NOTE_MAX, true, false);
	if (status == SP_ERR_TEXT_EMPTY)
		return cli_usage_error("log void", _("--reason TEXT is required: a void needs a reason"));
	if (status == SP_ERR_TEXT_TOO_LONG)
		return cli_usage_error("log void", _("the reason is too long: at most %d characters"),
				       ENTRY_NOTE_MAX);
	if (status != SP_OK)
		return cli_usage_error("log void", "%s", status_message(status));

	db = cli_open_db(cli, false);
	if (!db)
		return CLI_FAIL;
	status = member_find_by_no(db, staff_no, &staff);
	if (status == SP_ERR_NOT_FOUND)
		status = SP_ERR_UNKNOWN_BADGE;
	if (status != SP_OK) {
		rc = cli_fail(status, staff_no);
		goto out;
	}
	if (!log_void_find(db, id_arg, &e, &rc))
		goto out;
	status = e->voided ? SP_ERR_STATE
			   : entry_void(db, e->id, staff->id, reason);
	if (status == SP_ERR_STATE) {
		fprintf(stderr, _("svcpoint log void: entry %s is voided already; an entry cannot be voided twice.\n"),
			e->id);
		rc = CLI_FAIL;
	} else if (status != SP_OK) {
		rc = cli_fail(status, status == SP_ERR_PERMISSION ? staff_no : NULL);
	} else {
		printf(_("Voided entry %s (%s %s); it stays on record with the reason.\n"),
		       e->id, e->member_no, e->member_name);
		rc = CLI_OK;
	}
out:
	entry_free(e);
	member_free(staff);
	db_close(db);
	return rc;
}

int cli_log_main(struct cli *cli, int argc, char **argv)
{
	if (argc < 2) {
		return cli_usage_error("log", _("which one? svcpoint log list or svcpoint log void"));
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		log_usage(stdout);
		return CLI_OK;
	}
	if (strcmp(argv[1], "list") == 0)
		return log_list(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "void") == 0)
		return log_void(cli, argc - 1, argv + 1);
	return cli_usage_error("log", _("unknown subcommand '%s'"), argv[1]);
}
