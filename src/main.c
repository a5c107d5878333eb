/* main.c — start-up: locale, config, language, then one command.
 *
 * The only place that exits. With no command, svcpoint runs the kiosk. */
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "clock.h"
#include "i18n.h"
#include "tui/tui.h"

#ifndef SVCPOINT_VERSION
#define SVCPOINT_VERSION "0.1.0"
#endif

struct command {
	const char *name;
	int (*main)(struct cli *cli, int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{"kiosk", tui_kiosk_main, N_("run the kiosk (the default)")},
	{"init", cli_init_main, N_("create or migrate the database")},
	{"member", cli_member_main, N_("add, import and list members")},
	{"log", cli_log_main, N_("list service entries")},
	{"brand", cli_brand_main, N_("show or change the brand profile")},
	{"activity", cli_activity_main, N_("list, add, disable or enable activity types")},
	{"check", cli_check_main, N_("check the database and the audit chain")},
	{"backup", cli_backup_main, N_("copy the database safely while it runs")},
	{"sync", cli_sync_main, N_("send the logs to the central, or export or import a signed bundle")},
	{"central", cli_central_main, N_("set up the central database, see its stations, trust keys, import the roster")},
	{"station", cli_station_main, N_("print this station's public signing key")},
	{"qr", cli_qr_main, N_("print the brand's QR code (terminal, PNG, SVG, ESC/POS)")},
	{"print", cli_print_main, N_("print the brand card, a slip again, or a test page")},
	{"shift", cli_shift_main, N_("open or close a staff shift, show it, print its ledger")},
	{"ledger", cli_ledger_main, N_("the month's, quarter's or year's ledger: show, export, print")},
	{"feedback", cli_feedback_main, N_("list or sum up the visitors' ratings and comments")},
};

static void usage(FILE *out)
{
	fprintf(out, _("Usage: svcpoint [-c CONFIG] [-d DATABASE] [COMMAND [ARGS]]\n"
		       "\n"
		       "Commands:\n"));
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, _(commands[i].summary));
	fprintf(out, _("\nOptions:\n"
		       "  -c CONFIG    configuration file (default: $SVCPOINT_CONFIG,\n"
		       "               ./svcpoint.conf, /etc/svcpoint.conf)\n"
		       "  -d DATABASE  database file (overrides [store] path)\n"
		       "  -h, --help   this help; COMMAND --help for a command\n"
		       "  --version    print the version\n"));
}

/* The codeset must be UTF-8 for widths to be right. When nothing at all is
 * set (a service, a CI job), C.UTF-8 is a safe choice; a deliberately
 * chosen non-UTF-8 locale is refused.
 *
 * Only LC_CTYPE (character widths) comes from the environment here, and
 * LC_MESSAGES when the first message is translated (i18n.c). The language
 * comes from the config, so month and day names, number formats and
 * collation stay "C" whatever the shell says; loading the other categories
 * also cost every command (`svcpoint qr` among them) a tenth of its
 * start-up. */
static int setup_locale(void)
{
	const char *loc = setlocale(LC_CTYPE, "");
	if (!loc || strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0)
		loc = setlocale(LC_CTYPE, "C.UTF-8");
	if (!loc || strcmp(nl_langinfo(CODESET), "UTF-8") != 0) {
		fprintf(stderr,
			"svcpoint: the locale's character set is %s, not UTF-8.\n"
			"svcpoint: set one, e.g. export LANG=C.UTF-8 (or zh_CN.UTF-8).\n",
			nl_langinfo(CODESET));
		return -1;
	}
	return 0;
}

static const char *default_config_path(void)
{
	const char *env = getenv("SVCPOINT_CONFIG");
	if (env && *env)
		return env;
	if (access("svcpoint.conf", R_OK) == 0)
		return "svcpoint.conf";
	if (access("/etc/svcpoint.conf", R_OK) == 0)
		return "/etc/svcpoint.conf";
	return NULL;
}

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct cli cli;
	const char *config_path = NULL;
	bool want_help = false;
	char err[512];
	int opt;

	if (setup_locale() != 0)
		return CLI_FAIL;
	/* Until the config is read, speak the default language. */
	i18n_init(NULL);
	cli.db_override = NULL; /* cli.cfg: config_defaults() below */

	/* '+' stops at the first non-option: the command's own options
	 * follow it. */
	while ((opt = getopt_long(argc, argv, "+c:d:h", long_options, NULL)) != -1) {
		switch (opt) {
		case 'c':
			config_path = optarg;
			break;
		case 'd':
			cli.db_override = optarg;
			break;
		case 'h':
			/* after the config: it may choose English */
			want_help = true;
			break;
		case 'V':
			printf("svcpoint %s\n", SVCPOINT_VERSION);
			return CLI_OK;
		default:
			fprintf(stderr, _("svcpoint: see 'svcpoint --help'.\n"));
			return CLI_USAGE;
		}
	}

	config_defaults(&cli.cfg);
	if (!config_path)
		config_path = default_config_path();
	if (config_path &&
	    config_load(config_path, &cli.cfg, err, sizeof err) != SP_OK) {
		fprintf(stderr, "svcpoint: %s\n", err);
		return CLI_FAIL;
	}
	i18n_init(cli.cfg.language);
	if (clock_set_timezone(cli.cfg.timezone) != SP_OK) {
		fprintf(stderr, _("svcpoint: unknown time zone '%s' in the configuration.\n"),
			cli.cfg.timezone);
		return CLI_FAIL;
	}

	if (want_help) {
		usage(stdout);
		return CLI_OK;
	}
	if (optind >= argc)
		return tui_kiosk_main(&cli, 0, NULL);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(argv[optind], commands[i].name) == 0) {
			/* getopt in the command starts afresh */
			int sub_argc = argc - optind;
			char **sub_argv = argv + optind;
			optind = 0;
			return commands[i].main(&cli, sub_argc, sub_argv);
		}
	}
	fprintf(stderr, _("svcpoint: unknown command '%s'; see 'svcpoint --help'.\n"),
		argv[optind]);
	return CLI_USAGE;
}
