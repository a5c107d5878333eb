/* central.c — `svcpoint central init|status|trust|member import`: the
 * committee's side of the sync, run against the central PostgreSQL.
 *
 * Parses, calls central.h, prints. The connection string comes from
 * --conninfo, else [sync] conninfo, else libpq's environment (PGHOST,
 * PGDATABASE...). Never prints a password. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "central.h"
#include "cli.h"
#include "clock.h"
#include "i18n.h"
#include "pin.h"
#include "station_key.h"
#include "table.h"

static void central_usage(FILE *out)
{
	fprintf(out, _("Usage: svcpoint central init [--conninfo CONNINFO]\n"
		       "       svcpoint central status [--conninfo CONNINFO] [--format table|csv|json]\n"
		       "       svcpoint central trust STATION_ID PUBLIC_KEY [--conninfo CONNINFO]\n"
		       "       svcpoint central member import FILE.csv [--conninfo CONNINFO]\n"
		       "       svcpoint central ledger --month|--quarter|--year PERIOD [--station ID]\n"
		       "\n"
		       "init    creates or migrates the central schema; safe to run again\n"
		       "status  each station: its last sequence number, its last push, and\n"
		       "        any gap (changes it made that the central does not hold)\n"
		       "trust   registers the key (from 'svcpoint station key') whose\n"
		       "        signature the station's offline bundles must carry\n"
		       "member import\n"
		       "        the roster the stations pull: the CSV of 'svcpoint member\n"
		       "        import'; PINs are hashed with this config's pepper, which\n"
		       "        must be the one the stations share\n"
		       "ledger  the month's, quarter's or year's ledger of every station (or\n"
		       "        one), with each station's sync health; see 'central ledger --help'\n"
		       "\n"
		       "  --conninfo CONNINFO  a libpq connection string; default [sync] conninfo,\n"
		       "                       then libpq's environment\n"
		       "  -h, --help           this help\n"));
}

struct central_opts {
	const char *conninfo;
	enum table_format format;
};

static int central_parse(const char *cmd, int argc, char **argv,
			 struct central_opts *o)
{
	static const struct option options[] = {
		{"conninfo", required_argument, NULL, 'C'},
		{"format", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	int opt;

	memset(o, 0, sizeof *o);
	o->format = TABLE_FORMAT_TABLE;
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		switch (opt) {
		case 'C':
			o->conninfo = optarg;
			break;
		case 'f':
			if (table_format_parse(optarg, &o->format) != SP_OK)
				return cli_usage_error(cmd, _("unknown format '%s' (table, csv or json)"),
						       optarg);
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

static struct central *central_cli_connect(const struct cli *cli,
					   const struct central_opts *o)
{
	struct central *c = NULL;
	char *detail = NULL;
	enum sp_status status = central_connect(
		o->conninfo ? o->conninfo : cli->cfg.sync_conninfo,
		cli->cfg.sync_statement_timeout_s, &c, &detail);

	if (status != SP_OK)
		cli_fail(status, detail);
	free(detail);
	return c;
}

static int central_cmd_init(struct cli *cli, int argc, char **argv)
{
	struct central_opts o;
	struct central *c;
	int before = 0, after = 0, rc;
	enum sp_status status;

	rc = central_parse("central init", argc, argv, &o);
	if (rc != CLI_OK)
		return rc;
	if (optind < argc)
		return cli_usage_error("central init", _("unexpected argument '%s'"),
				       argv[optind]);
	c = central_cli_connect(cli, &o);
	if (!c)
		return CLI_FAIL;
	status = central_migrate(c, &before, &after);
	if (status != SP_OK) {
		rc = cli_fail(status, central_errmsg(c));
	} else {
		if (before == 0)
			printf(_("Created the central schema (version %d).\n"), after);
		else if (before < after)
			printf(_("Migrated the central schema from version %d to %d.\n"),
			       before, after);
		else
			printf(_("The central schema is already at version %d.\n"),
			       after);
		rc = CLI_OK;
	}
	central_close(c);
	return rc;
}

static int central_cmd_status(struct cli *cli, int argc, char **argv)
{
	static const char *const keys[] = {"station", "last_seq", "last_push",
					   "received", "gaps", "trusted"};
	const char *headers[] = {_("Station"), _("Last seq"), _("Last push"),
				 _("Received"), _("Gaps"), _("Key")};
	struct central_opts o;
	struct central_station *list = NULL;
	struct central *c;
	struct table *table = NULL;
	size_t n = 0;
	enum sp_status status;
	int rc;

	rc = central_parse("central status", argc, argv, &o);
	if (rc != CLI_OK)
		return rc;
	if (optind < argc)
		return cli_usage_error("central status", _("unexpected argument '%s'"),
				       argv[optind]);
	c = central_cli_connect(cli, &o);
	if (!c)
		return CLI_FAIL;
	status = central_check(c);
	if (status == SP_OK)
		status = central_stations(c, &list, &n);
	if (status == SP_OK) {
		table = table_new(6, keys, headers);
		if (!table)
			status = SP_ERR_NOMEM;
	}
	for (size_t i = 0; i < n && status == SP_OK; i++) {
		char seq[24], received[24], when[64];
		char *gaps = central_station_gaps_dup(&list[i]);
		const char *cells[6];

		snprintf(seq, sizeof seq, "%" PRId64, list[i].last_seq);
		snprintf(received, sizeof received, "%" PRId64, list[i].received);
		if (list[i].last_push_ms > 0)
			clock_format_local(list[i].last_push_ms, "%Y-%m-%d %H:%M",
					   when, sizeof when);
		else
			snprintf(when, sizeof when, "%s", _("never"));
		cells[0] = list[i].station_id;
		cells[1] = seq;
		cells[2] = when;
		cells[3] = received;
		/* Machines read an empty cell and the key itself; people
		 * read a word. */
		if (o.format == TABLE_FORMAT_TABLE) {
			cells[4] = gaps && *gaps ? gaps : _("none");
			cells[5] = list[i].public_key[0] ? _("trusted") : _("not trusted");
		} else {
			cells[4] = gaps ? gaps : "";
			cells[5] = list[i].public_key;
		}
		if (!gaps || table_add_row(table, cells) != SP_OK)
			status = SP_ERR_NOMEM;
		free(gaps);
	}
	if (status == SP_OK) {
		if (n == 0 && o.format == TABLE_FORMAT_TABLE)
			printf(_("No station has pushed or been trusted yet.\n"));
		else
			table_print(table, o.format, stdout);
		rc = CLI_OK;
	} else {
		rc = cli_fail(status, central_has_detail(status) ? central_errmsg(c)
							       : NULL);
	}
	table_free(table);
	central_stations_free(list, n);
	central_close(c);
	return rc;
}

/* The same rule as [station] id: 1 to 32 letters, digits or '-'. */
static bool central_station_id_ok(const char *id)
{
	size_t n = strlen(id);

	if (n < 1 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = id[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '-'))
			return false;
	}
	return true;
}

static int central_cmd_trust(struct cli *cli, int argc, char **argv)
{
	unsigned char pk[STATION_KEY_PUBLIC_BYTES];
	struct central_opts o;
	struct central *c;
	enum sp_status status;
	int rc;

	rc = central_parse("central trust", argc, argv, &o);
	if (rc != CLI_OK)
		return rc;
	if (argc - optind != 2)
		return cli_usage_error("central trust", _("give STATION_ID and PUBLIC_KEY"));
	if (!central_station_id_ok(argv[optind]))
		return cli_usage_error("central trust",
				       _("a station id is 1 to 32 letters, digits or '-'"));
	if (station_key_parse_public(argv[optind + 1], pk) != SP_OK)
		return cli_usage_error("central trust",
				       _("a public key is 64 hex digits, as 'svcpoint station key' prints it"));
	c = central_cli_connect(cli, &o);
	if (!c)
		return CLI_FAIL;
	status = central_check(c);
	if (status == SP_OK)
		status = central_trust(c, argv[optind], pk);
	if (status == SP_OK) {
		printf(_("Station %s is trusted with key %s.\n"), argv[optind],
		       argv[optind + 1]);
		rc = CLI_OK;
	} else {
		rc = cli_fail(status, central_errmsg(c));
	}
	central_close(c);
	return rc;
}

static int central_cmd_member(struct cli *cli, int argc, char **argv)
{
	unsigned char pepper[PIN_PEPPER_BYTES];
	struct member_import_result result;
	struct central_opts o;
	struct central *c;
	enum sp_status status;
	int rc;

	if (argc < 2 || strcmp(argv[1], "import") != 0)
		return cli_usage_error("central member", _("the only sub-command is 'import FILE.csv'"));
	rc = central_parse("central member import", argc - 1, argv + 1, &o);
	if (rc != CLI_OK)
		return rc;
	/* central_parse ran on argv + 1 */
	if (argc - 1 - optind != 1)
		return cli_usage_error("central member import", _("which CSV file?"));
	const char *path = argv[1 + optind];
	if (!cli_load_pepper(cli, pepper))
		return CLI_FAIL;
	c = central_cli_connect(cli, &o);
	if (!c) {
		sodium_memzero(pepper, sizeof pepper);
		return CLI_FAIL;
	}
	status = central_check(c);
	if (status == SP_OK)
		status = central_member_import(c, pepper, path, &result);
	sodium_memzero(pepper, sizeof pepper);
	if (status == SP_OK) {
		printf(_("Central roster: %d rows read, %d added, %d updated, %d unchanged.\n"),
		       result.rows, result.added, result.updated, result.unchanged);
		rc = CLI_OK;
	} else if (status == SP_ERR_CSV) {
		fprintf(stderr, _("svcpoint: %s, line %ld: %s Nothing was imported.\n"),
			path, result.bad_line, result.problem);
		rc = CLI_FAIL;
	} else {
		rc = cli_fail(status, central_has_detail(status) ? central_errmsg(c)
							       : path);
	}
	central_close(c);
	return rc;
}

int cli_central_main(struct cli *cli, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (!sub || strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0) {
		central_usage(sub ? stdout : stderr);
		return sub ? CLI_OK : CLI_USAGE;
	}
	if (strcmp(sub, "ledger") == 0)  /* before: it has its own --help */
		return cli_central_ledger_main(cli, argc - 1, argv + 1);
	if (cli_wants_help(argc, argv)) {
		central_usage(stdout);
		return CLI_OK;
	}
	if (strcmp(sub, "init") == 0)
		return central_cmd_init(cli, argc - 1, argv + 1);
	if (strcmp(sub, "status") == 0)
		return central_cmd_status(cli, argc - 1, argv + 1);
	if (strcmp(sub, "trust") == 0)
		return central_cmd_trust(cli, argc - 1, argv + 1);
	if (strcmp(sub, "member") == 0)
		return central_cmd_member(cli, argc - 1, argv + 1);
	return cli_usage_error("central", _("unknown sub-command '%s'"), sub);
}
