/* activity.c — `svcpoint activity list|add|disable|enable`: the activity
 * types members choose from at the kiosk.
 *
 * Parses, calls activity.h, prints. Types are never deleted from here
 * either: a type no longer offered is disabled. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "cli.h"
#include "i18n.h"
#include "table.h"

static void activity_usage(FILE *out)
{
	fprintf(out, _("Usage: svcpoint activity list [--all] [--format table|csv|json]\n"
		       "       svcpoint activity add --code CODE --name NAME [--name-en NAME] [--order N]\n"
		       "       svcpoint activity disable CODE\n"
		       "       svcpoint activity enable CODE\n"
		       "\n"
		       "The kinds of service members log (duty, volunteer service, theme\n"
		       "party days...). CODE is 1 to 32 of a-z, 0-9, '_' and '-'; NAME at most\n"
		       "16 characters. The kiosk lists active types by --order, lowest first.\n"
		       "Types are never deleted: disable one that is no longer offered.\n"
		       "\n"
		       "  --all       list disabled types too\n"
		       "  -h, --help  this help\n"));
}

static int activity_cmd_list(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{"all", no_argument, NULL, 'a'},
		{"format", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	static const char *const keys[] = {"code", "name", "name_en", "order",
					   "active"};
	const char *headers[] = {_("code"), _("name"), _("English name"),
				 _("order"), _("active")};
	enum table_format format = TABLE_FORMAT_TABLE;
	struct activity *arr = NULL;
	struct table *table;
	bool all = false;
	size_t n = 0;
	struct db *db;
	enum sp_status status;
	int opt;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		switch (opt) {
		case 'a':
			all = true;
			break;
		case 'f':
			if (table_format_parse(optarg, &format) != SP_OK)
				return cli_usage_error(
					"activity list",
					_("unknown format '%s' (table, csv or json)"),
					optarg);
			break;
		case ':':
			return cli_usage_error("activity list", _("%s needs a value"),
					       argv[optind - 1]);
		default:
			return cli_usage_error("activity list",
					       _("unknown option '%s'"),
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("activity list",
				       _("unexpected argument '%s'"), argv[optind]);

	db = cli_open_db(cli, false);
	if (!db)
		return CLI_FAIL;
	status = activity_list(db, all, &arr, &n);
	db_close(db);
	if (status != SP_OK)
		return cli_fail(status, NULL);
	table = table_new(5, keys, headers);
	if (!table) {
		activity_list_free(arr, n);
		return cli_fail(SP_ERR_NOMEM, NULL);
	}
	for (size_t i = 0; i < n && status == SP_OK; i++) {
		char order[16];
		snprintf(order, sizeof order, "%d", arr[i].sort_order);
		const char *cells[] = {arr[i].code, arr[i].name, arr[i].name_en,
				       order, arr[i].active ? _("yes") : _("no")};
		status = table_add_row(table, cells);
	}
	activity_list_free(arr, n);
	if (status == SP_OK)
		table_print(table, format, stdout);
	table_free(table);
	return status == SP_OK ? CLI_OK : cli_fail(status, NULL);
}

static int activity_cmd_add(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{"code", required_argument, NULL, 'c'},
		{"name", required_argument, NULL, 'n'},
		{"name-en", required_argument, NULL, 'e'},
		{"order", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	const char *code = NULL, *name = NULL, *name_en = NULL;
	long order = 0;
	char *end;
	struct db *db;
	enum sp_status status;
	int opt;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		switch (opt) {
		case 'c':
			code = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		case 'e':
			name_en = optarg;
			break;
		case 'o':
			order = strtol(optarg, &end, 10);
			if (!*optarg || *end || order < -1000000 || order > 1000000)
				return cli_usage_error("activity add",
						       _("--order wants a whole number, not '%s'"),
						       optarg);
			break;
		case ':':
			return cli_usage_error("activity add", _("%s needs a value"),
					       argv[optind - 1]);
		default:
			return cli_usage_error("activity add",
					       _("unknown option '%s'"),
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("activity add",
				       _("unexpected argument '%s'"), argv[optind]);
	if (!code || !name)
		return cli_usage_error("activity add",
				       _("--code and --name are needed"));

	db = cli_open_db(cli, false);
	if (!db)
		return CLI_FAIL;
	status = activity_add(db, code, name, name_en, (int)order, NULL, NULL);
	db_close(db);
	if (status == SP_ERR_DUPLICATE) {
		fprintf(stderr, _("svcpoint: there is an activity type with the code '%s' already.\n"),
			code);
		return CLI_FAIL;
	}
	if (status != SP_OK)
		return cli_fail(status, _("the code is 1 to 32 of a-z, 0-9, '_' and '-'; the name at most 16 characters"));
	printf(_("Added the activity type %s (%s).\n"), code, name);
	return CLI_OK;
}

static int activity_cmd_set_active(struct cli *cli, int argc, char **argv,
				   bool active)
{
	const char *cmd = active ? "activity enable" : "activity disable";
	struct db *db;
	enum sp_status status;

	if (argc < 2)
		return cli_usage_error(cmd, _("the activity CODE is needed"));
	if (argc > 2)
		return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[2]);
	db = cli_open_db(cli, false);
	if (!db)
		return CLI_FAIL;
	status = activity_set_active(db, argv[1], active, NULL);
	db_close(db);
	if (status == SP_ERR_NOT_FOUND) {
		fprintf(stderr, _("svcpoint: there is no activity type with the code '%s'.\n"),
			argv[1]);
		return CLI_FAIL;
	}
	if (status != SP_OK)
		return cli_fail(status, NULL);
	printf(active ? _("Enabled the activity type %s.\n")
		      : _("Disabled the activity type %s.\n"),
	       argv[1]);
	return CLI_OK;
}

int cli_activity_main(struct cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("activity", _("list, add, disable or enable?"));
	if (cli_wants_help(argc, argv)) {
		activity_usage(stdout);
		return CLI_OK;
	}
	if (strcmp(argv[1], "list") == 0)
		return activity_cmd_list(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "add") == 0)
		return activity_cmd_add(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "disable") == 0)
		return activity_cmd_set_active(cli, argc - 1, argv + 1, false);
	if (strcmp(argv[1], "enable") == 0)
		return activity_cmd_set_active(cli, argc - 1, argv + 1, true);
	return cli_usage_error("activity", _("unknown subcommand '%s'"), argv[1]);
}
