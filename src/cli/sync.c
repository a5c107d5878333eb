/* sync.c — `svcpoint sync push|pull|status|export|import|ack`: handing the
 * station's logs upward, online to the central PostgreSQL or offline as a
 * signed bundle, and taking bundles in on the central side.
 *
 * Parses, calls sync.h, central.h and bundle.h, prints. A failure is one
 * sentence on stderr and exit 1; the watermark then stays where the last
 * committed batch left it. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bundle.h"
#include "central.h"
#include "cli.h"
#include "clock.h"
#include "i18n.h"
#include "station.h"
#include "station_key.h"
#include "sync.h"

static void sync_usage(FILE *out)
{
	fprintf(out, _("Usage: svcpoint sync push [--conninfo CONNINFO]\n"
		       "       svcpoint sync pull [--conninfo CONNINFO]\n"
		       "       svcpoint sync status\n"
		       "       svcpoint sync export -o FILE\n"
		       "       svcpoint sync import FILE [--conninfo CONNINFO]\n"
		       "       svcpoint sync ack SEQ\n"
		       "\n"
		       "push    brings new and changed members down from the central, then\n"
		       "        sends every change since the last acknowledged push, in\n"
		       "        batches of [sync] batch_rows, each in one transaction\n"
		       "pull    only brings the members down\n"
		       "status  the last push, the changes waiting, and the central used\n"
		       "export  writes every change not yet acknowledged to FILE, signed\n"
		       "        with the station key, for a station without network\n"
		       "import  (on the central side) checks a bundle's signature against\n"
		       "        the key trusted for its station and stores its rows\n"
		       "ack     marks changes up to SEQ as received by the central, after\n"
		       "        `svcpoint central status` showed it holds them\n"
		       "\n"
		       "  --conninfo CONNINFO  a libpq connection string; default [sync] conninfo\n"
		       "  -o, --output FILE    where export writes the bundle\n"
		       "  -h, --help           this help\n"));
}

/* Options shared by the sub-commands; NULL fields were not given. */
struct sync_opts {
	const char *conninfo;
	const char *output;
};

/* Parses options of sub-command cmd; the rest stays in argv[optind..]. */
static int sync_parse(const char *cmd, int argc, char **argv,
		      struct sync_opts *o)
{
	static const struct option options[] = {
		{"conninfo", required_argument, NULL, 'C'},
		{"output", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	int opt;

	memset(o, 0, sizeof *o);
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":o:", options, NULL)) != -1) {
		switch (opt) {
		case 'C':
			o->conninfo = optarg;
			break;
		case 'o':
			o->output = optarg;
			break;
		case ':':
			return cli_usage_error(cmd, _("%s needs a value"),
					       argv[optind - 1]);
		default:
			return cli_usage_error(cmd, _("unknown option '%s'"),
					       argv[optind - 1]);
		}
	}
	return CLI_OK;
}

/* Connects to --conninfo or [sync] conninfo. When required and neither
 * is set, says the station is offline. NULL after printing why. */
static struct central *sync_connect(const struct cli *cli,
				    const struct sync_opts *o, bool required)
{
	const char *conninfo = o->conninfo ? o->conninfo : cli->cfg.sync_conninfo;
	struct central *c = NULL;
	char *detail = NULL;
	enum sp_status status;

	if (required && !*conninfo) {
		fprintf(stderr, _("svcpoint: no central database is configured ([sync] conninfo); use 'svcpoint sync export -o FILE' for an offline bundle.\n"));
		return NULL;
	}
	status = central_connect(conninfo, cli->cfg.sync_statement_timeout_s,
				 &c, &detail);
	if (status != SP_OK)
		cli_fail(status, detail);
	free(detail);
	return c;
}

static double sync_monotonic_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct sync_meter {
	double started;
	bool tty;
};

static void sync_show_progress(const struct sync_progress *p, void *ctx)
{
	struct sync_meter *m = ctx;
	double elapsed = sync_monotonic_s() - m->started;
	double rate = elapsed > 0 ? (double)p->changes_done / elapsed : 0;

	if (m->tty) {
		char bar[31];
		int filled = p->changes_total > 0
			? (int)(30 * p->changes_done / p->changes_total) : 30;
		for (int i = 0; i < 30; i++)
			bar[i] = i < filled ? '#' : '.';
		bar[30] = '\0';
		/* the carriage return redraws the bar; it is no part of
		 * the sentence translators see */
		fputc('\r', stdout);
		printf(_("[%s] %" PRId64 "/%" PRId64 " changes, %.0f/s "),
		       bar, p->changes_done, p->changes_total, rate);
	} else {
		printf(_("batch %zu: %" PRId64 "/%" PRId64 " changes sent (%" PRId64 " rows), up to seq %" PRId64 ", %.0f changes/s\n"),
		       p->batches, p->changes_done, p->changes_total, p->rows_sent,
		       p->acked_seq, rate);
	}
	fflush(stdout);
}

static void sync_print_pull(const struct sync_pull_result *r)
{
	printf(_("Members from the central: %d added, %d updated, %d unchanged.\n"),
	       r->added, r->updated, r->unchanged);
}

static int sync_cmd_push(struct cli *cli, int argc, char **argv, bool pull_only)
{
	const char *cmd = pull_only ? "sync pull" : "sync push";
	struct sync_opts o;
	struct sync_meter meter = {sync_monotonic_s(), isatty(STDOUT_FILENO) == 1};
	struct sync_push_result r;
	struct central *c;
	struct db *db;
	enum sp_status status;
	int rc = sync_parse(cmd, argc, argv, &o);

	if (rc != CLI_OK)
		return rc;
	if (optind < argc)
		return cli_usage_error(cmd, _("unexpected argument '%s'"),
				       argv[optind]);
	db = cli_open_db(cli, false);
	if (!db)
		return CLI_FAIL;
	c = sync_connect(cli, &o, true);
	if (!c) {
		db_close(db);
		return CLI_FAIL;
	}
	memset(&r, 0, sizeof r);
	if (pull_only) {
		status = central_check(c);
		if (status == SP_OK)
			status = sync_pull(db, c, &r.pull);
	} else {
		status = sync_push(db, c, cli->cfg.sync_batch_rows,
				   sync_show_progress, &meter, &r);
	}
	if (meter.tty && r.progress.batches > 0)
		printf("\n");
	if (status == SP_OK) {
		sync_print_pull(&r.pull);
		if (!pull_only)
			printf(_("Sent %" PRId64 " changes (%" PRId64 " rows) in %zu batches; the central holds everything up to seq %" PRId64 ".\n"),
			       r.progress.changes_done, r.progress.rows_sent,
			       r.progress.batches, r.progress.acked_seq);
		rc = CLI_OK;
	} else {
		rc = cli_fail(status, central_has_detail(status) ? central_errmsg(c)
							       : db_errmsg(db));
		if (r.progress.batches > 0)
			fprintf(stderr, _("svcpoint: %zu batches (up to seq %" PRId64 ") were stored before the error; the rest wait for the next push.\n"),
				r.progress.batches, r.progress.acked_seq);
	}
	central_close(c);
	db_close(db);
	return rc;
}

static int sync_cmd_status(struct cli *cli, int argc, char **argv)
{
	struct sync_opts o;
	struct sync_status st;
	char *station = NULL, *shown = NULL;
	char when[64];
	struct db *db;
	enum sp_status status;
	int rc = sync_parse("sync status", argc, argv, &o);

	if (rc != CLI_OK)
		return rc;
	if (optind < argc)
		return cli_usage_error("sync status", _("unexpected argument '%s'"),
				       argv[optind]);
	db = cli_open_db(cli, false);
	if (!db)
		return CLI_FAIL;
	status = sync_status_read(db, &st);
	if (status == SP_OK && station_id_dup(db, &station) != SP_OK)
		station = NULL;
	if (status != SP_OK) {
		rc = cli_fail(status, db_errmsg(db));
		db_close(db);
		return rc;
	}
	printf(_("Station: %s\n"), station ? station : "?");
	if (cli->cfg.sync_conninfo[0]) {
		shown = central_conninfo_display_dup(cli->cfg.sync_conninfo);
		printf(_("Central: %s\n"), shown ? shown : _("(connection string does not parse)"));
	} else {
		printf(_("Central: none configured (offline: use 'svcpoint sync export')\n"));
	}
	if (st.last_push_ms > 0) {
		clock_format_local(st.last_push_ms, "%Y-%m-%d %H:%M:%S", when,
				   sizeof when);
		printf(_("Last push: %s\n"), when);
	} else {
		printf(_("Last push: never\n"));
	}
	printf(_("Acknowledged: up to seq %" PRId64 " of %" PRId64 "\n"),
	       st.acked_seq, st.last_seq);
	printf(_("Changes waiting: %" PRId64 "\n"), st.waiting);
	free(shown);
	free(station);
	db_close(db);
	return CLI_OK;
}

static int sync_cmd_export(struct cli *cli, int argc, char **argv)
{
	struct sync_opts o;
	struct station_key key;
	struct bundle_info info;
	struct db *db;
	enum sp_status status;
	int rc = sync_parse("sync export", argc, argv, &o);

	if (rc != CLI_OK)
		return rc;
	if (optind < argc)
		return cli_usage_error("sync export", _("unexpected argument '%s'"),
				       argv[optind]);
	if (!o.output || !*o.output)
		return cli_usage_error("sync export", _("-o FILE is required"));
	status = station_key_load(cli->cfg.sync_key_file, &key);
	if (status != SP_OK)
		return cli_fail(status, cli->cfg.sync_key_file);
	db = cli_open_db(cli, false);
	if (!db) {
		station_key_wipe(&key);
		return CLI_FAIL;
	}
	status = bundle_export(db, &key, o.output, &info);
	station_key_wipe(&key);
	if (status != SP_OK) {
		rc = cli_fail(status, status == SP_ERR_IO ? o.output : db_errmsg(db));
	} else {
		printf(_("Wrote %" PRId64 " changes (%" PRId64 " rows, seq %" PRId64 " to %" PRId64 ") of station %s to %s, signed.\n"),
		       info.changes, info.rows, info.after_seq + 1, info.last_seq,
		       info.station_id, o.output);
		printf(_("Nothing is marked as sent: the next push or export includes these changes again.\n"));
		rc = CLI_OK;
	}
	db_close(db);
	return rc;
}

static int sync_cmd_import(struct cli *cli, int argc, char **argv)
{
	struct sync_opts o;
	struct bundle_info info;
	struct central *c;
	enum sp_status status;
	int rc = sync_parse("sync import", argc, argv, &o);

	if (rc != CLI_OK)
		return rc;
	if (optind >= argc)
		return cli_usage_error("sync import", _("which bundle file?"));
	if (optind + 1 < argc)
		return cli_usage_error("sync import", _("unexpected argument '%s'"),
				       argv[optind + 1]);
	c = sync_connect(cli, &o, false);
	if (!c)
		return CLI_FAIL;
	status = bundle_import(c, argv[optind], &info);
	if (status == SP_OK) {
		printf(_("Imported the bundle of station %s: seq %" PRId64 " to %" PRId64 ", %" PRId64 " rows.\n"),
		       info.station_id, info.after_seq + 1, info.last_seq, info.rows);
		rc = CLI_OK;
	} else if (central_has_detail(status)) {
		rc = cli_fail(status, central_errmsg(c));
	} else {
		rc = cli_fail(status, argv[optind]);
	}
	central_close(c);
	return rc;
}

static int sync_cmd_ack(struct cli *cli, int argc, char **argv)
{
	struct sync_opts o;
	struct db *db;
	enum sp_status status;
	char *end = NULL;
	long long seq;
	int rc = sync_parse("sync ack", argc, argv, &o);

	if (rc != CLI_OK)
		return rc;
	if (optind + 1 != argc)
		return cli_usage_error("sync ack", _("give one sequence number"));
	seq = strtoll(argv[optind], &end, 10);
	if (end == argv[optind] || *end || seq < 0)
		return cli_usage_error("sync ack", _("'%s' is not a sequence number"),
				       argv[optind]);
	db = cli_open_db(cli, false);
	if (!db)
		return CLI_FAIL;
	status = sync_ack(db, seq, "cli");
	if (status == SP_OK) {
		printf(_("Changes up to seq %lld are marked as received by the central.\n"),
		       seq);
		rc = CLI_OK;
	} else {
		rc = cli_fail(status, status == SP_ERR_INVALID
				      ? _("beyond the newest change") : db_errmsg(db));
	}
	db_close(db);
	return rc;
}

int cli_sync_main(struct cli *cli, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (!sub || strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0) {
		sync_usage(sub ? stdout : stderr);
		return sub ? CLI_OK : CLI_USAGE;
	}
	if (cli_wants_help(argc, argv)) {
		sync_usage(stdout);
		return CLI_OK;
	}
	if (strcmp(sub, "push") == 0)
		return sync_cmd_push(cli, argc - 1, argv + 1, false);
	if (strcmp(sub, "pull") == 0)
		return sync_cmd_push(cli, argc - 1, argv + 1, true);
	if (strcmp(sub, "status") == 0)
		return sync_cmd_status(cli, argc - 1, argv + 1);
	if (strcmp(sub, "export") == 0)
		return sync_cmd_export(cli, argc - 1, argv + 1);
	if (strcmp(sub, "import") == 0)
		return sync_cmd_import(cli, argc - 1, argv + 1);
	if (strcmp(sub, "ack") == 0)
		return sync_cmd_ack(cli, argc - 1, argv + 1);
	return cli_usage_error("sync", _("unknown sub-command '%s'"), sub);
}
