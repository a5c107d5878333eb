/* shift.c — `svcpoint shift open|close|status|ledger`: staff shifts from
 * the command line, for a station run without the kiosk's staff screens
 * and for reprinting a ledger.
 *
 * Parses, calls shift.h and ledger.h, prints. Opening and closing name
 * the staff member by badge (--staff NO); core checks the role and writes
 * the audit row. A failure is one sentence on stderr and exit 1. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "clock.h"
#include "i18n.h"
#include "ledger.h"
#include "member.h"
#include "printer.h"
#include "shift.h"

#define SHIFT_PRINT_ERR_MAX 512

static void shift_usage(FILE *out)
{
	fprintf(out, _("Usage: svcpoint shift open --staff NO\n"
		       "       svcpoint shift close --staff NO\n"
		       "       svcpoint shift status\n"
		       "       svcpoint shift ledger [--shift ID] [--print]\n"
		       "\n"
		       "open    opens a shift with the staff member of badge NO on duty\n"
		       "close   closes the open shift\n"
		       "status  the open shift (or the last one) and its summary\n"
		       "ledger  the shift's entries, on the terminal or (--print) on the\n"
		       "        station's printer; the open or last shift unless --shift\n"
		       "\n"
		       "  --staff NO   the badge number of a staff member or admin\n"
		       "  --shift ID   another shift\n"
		       "  --print      send the ledger to the [printer]\n"
		       "  -h, --help   this help\n"));
}

struct shift_opts {
	const char *staff;
	const char *shift;
	bool print;
};

static int shift_parse(const char *cmd, int argc, char **argv,
		       struct shift_opts *o)
{
	static const struct option options[] = {
		{"staff", required_argument, NULL, 's'},
		{"shift", required_argument, NULL, 'i'},
		{"print", no_argument, NULL, 'p'},
		{NULL, 0, NULL, 0},
	};
	int opt;

	memset(o, 0, sizeof *o);
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		switch (opt) {
		case 's':
			o->staff = optarg;
			break;
		case 'i':
			o->shift = optarg;
			break;
		case 'p':
			o->print = true;
			break;
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
	return CLI_OK;
}

static void shift_time(int64_t ms, char *buf, size_t size)
{
	clock_format_local(ms, "%Y-%m-%d %H:%M", buf, size);
}

/* open and close: the staff member by badge, then core. */
static int shift_cmd_open_close(struct cli *cli, int argc, char **argv,
				bool open)
{
	const char *cmd = open ? "shift open" : "shift close";
	struct shift_opts o;
	struct member *staff = NULL;
	struct shift *s = NULL;
	char id[UUID_STR_LEN], when[32];
	struct db *db;
	enum sp_status status;
	int rc = shift_parse(cmd, argc, argv, &o);

	if (rc != CLI_OK)
		return rc;
	if (!o.staff)
		return cli_usage_error(cmd, _("--staff NO is required"));
	db = cli_open_db(cli, false);
	if (!db)
		return CLI_FAIL;
	status = member_find_by_no(db, o.staff, &staff);
	if (status == SP_ERR_NOT_FOUND)
		status = SP_ERR_UNKNOWN_BADGE;
	if (status == SP_OK && !open) {
		status = shift_current(db, &s);
		if (status == SP_ERR_NOT_FOUND) {
			fprintf(stderr, _("svcpoint: no shift is open.\n"));
			member_free(staff);
			db_close(db);
			return CLI_FAIL;
		}
	}
	if (status == SP_OK)
		status = open ? shift_open(db, staff->id, id)
			      : shift_close(db, s->id, staff->id);
	if (status == SP_ERR_ALREADY_OPEN) {
		fprintf(stderr, _("svcpoint: a shift is open already; close it first.\n"));
		rc = CLI_FAIL;
	} else if (status != SP_OK) {
		rc = cli_fail(status, o.staff);
	} else {
		shift_time(clock_now_ms(), when, sizeof when);
		if (open)
			printf(_("Shift %s opened at %s by %s.\n"), id, when,
			       staff->name);
		else
			printf(_("Shift %s closed at %s by %s.\n"), s->id, when,
			       staff->name);
		rc = CLI_OK;
	}
	shift_free(s);
	member_free(staff);
	db_close(db);
	return rc;
}

/* The shift named by --shift, else the open one, else the last one. */
static enum sp_status shift_pick(struct db *db, const struct shift_opts *o,
				 struct shift **out)
{
	enum sp_status status;

	if (o->shift)
		return shift_get(db, o->shift, out);
	status = shift_current(db, out);
	if (status == SP_ERR_NOT_FOUND)
		status = shift_latest(db, out);
	return status;
}

/* An activity's name in the UI language, as the printed ledger has it. */
static void shift_print_summary(const struct cli *cli, const struct shift *s,
				const struct shift_summary *sum)
{
	char when[32];

	printf(_("Shift: %s\n"), s->id);
	shift_time(s->opened_ms, when, sizeof when);
	printf(_("Opened: %s by %s (%s)\n"), when, s->opened_by_name,
	       s->opened_by_no);
	if (s->closed_ms) {
		shift_time(s->closed_ms, when, sizeof when);
		printf(_("Closed: %s by %s\n"), when, s->closed_by_name);
	} else {
		printf(_("Still open\n"));
	}
	printf(_("Entries: %d (voided: %d)\n"), sum->entries, sum->voided);
	printf(_("Total minutes: %d\n"), sum->total_minutes);
	printf(_("Members served: %d\n"), sum->members_served);
	printf(_("Commitments made: %d, fulfilled: %d\n"),
	       sum->commitments_made, sum->commitments_fulfilled);
	printf(_("Visitor feedback: %d\n"), sum->feedback);
	printf(_("Refused sign-ins: %d unknown badges, %d wrong PINs\n"),
	       sum->refused_unknown_badge, sum->refused_wrong_pin);
	printf(_("Open entries: %d\n"), sum->open_entries);
	printf(_("Waiting for verification: %d\n"),
	       sum->pending_entries + sum->pending_commitments);
	for (size_t i = 0; i < sum->nactivities; i++) {
		fputs("  ", stdout);
		printf(_("%s: %d entries, %d min\n"),
		       cli_activity_name(cli, sum->activities[i].name,
				      sum->activities[i].name_en),
		       sum->activities[i].entries, sum->activities[i].minutes);
	}
}

static void shift_print_entries(const struct cli *cli,
				const struct shift_items *items)
{
	char when[32];

	for (size_t i = 0; i < items->n; i++) {
		const struct shift_item *it = &items->items[i];
		shift_time(it->started_ms, when, sizeof when);
		printf("%.8s  %s  %s  %s  %s  %d  %s%s%s\n", it->id,
		       it->member_no, it->member_name,
		       cli_activity_name(cli, it->what, it->what_en), when,
		       it->minutes < 0 ? 0 : it->minutes,
		       it->voided ? _("voided")
				  : entry_status_label(it->entry_status),
		       it->verifier[0] ? "  " : "", it->verifier);
	}
}

static int shift_cmd_show(struct cli *cli, int argc, char **argv, bool ledger)
{
	const char *cmd = ledger ? "shift ledger" : "shift status";
	struct shift_opts o;
	struct shift *s = NULL;
	struct shift_summary sum;
	struct shift_items items;
	struct shift_scope scope = {0};
	struct db *db;
	enum sp_status status;
	int rc = shift_parse(cmd, argc, argv, &o);

	if (rc != CLI_OK)
		return rc;
	if (o.print && !ledger)
		return cli_usage_error(cmd, _("unknown option '%s'"), "--print");
	db = cli_open_db(cli, false);
	if (!db)
		return CLI_FAIL;
	status = shift_pick(db, &o, &s);
	if (status == SP_ERR_NOT_FOUND && !o.shift) {
		printf(_("No shift has been opened yet.\n"));
		db_close(db);
		return CLI_OK;
	}
	if (status != SP_OK) {
		rc = cli_fail(status, o.shift);
		db_close(db);
		return rc;
	}
	scope.shift_id = s->id;
	if (ledger && o.print) {
		unsigned char *job = NULL;
		size_t len = 0;
		char err[SHIFT_PRINT_ERR_MAX] = "";

		status = ledger_shift_receipt(&cli->cfg, db, &scope, &job, &len);
		if (status == SP_OK)
			status = printer_print(&cli->cfg, job, len, err, sizeof err);
		free(job);
		if (status == SP_OK) {
			printf(_("The ledger of shift %s is printed.\n"), s->id);
			rc = CLI_OK;
		} else {
			rc = cli_fail(status, err[0] ? err : NULL);
		}
	} else {
		status = shift_summary(db, &scope, &sum);
		if (status == SP_OK) {
			shift_print_summary(cli, s, &sum);
			shift_summary_clear(&sum);
		}
		if (status == SP_OK && ledger) {
			status = shift_entries(db, &scope, &items);
			if (status == SP_OK) {
				shift_print_entries(cli, &items);
				shift_items_clear(&items);
			}
		}
		rc = status == SP_OK ? CLI_OK : cli_fail(status, db_errmsg(db));
	}
	shift_free(s);
	db_close(db);
	return rc;
}

int cli_shift_main(struct cli *cli, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (!sub || strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0) {
		shift_usage(sub ? stdout : stderr);
		return sub ? CLI_OK : CLI_USAGE;
	}
	if (cli_wants_help(argc, argv)) {
		shift_usage(stdout);
		return CLI_OK;
	}
	if (strcmp(sub, "open") == 0)
		return shift_cmd_open_close(cli, argc - 1, argv + 1, true);
	if (strcmp(sub, "close") == 0)
		return shift_cmd_open_close(cli, argc - 1, argv + 1, false);
	if (strcmp(sub, "status") == 0)
		return shift_cmd_show(cli, argc - 1, argv + 1, false);
	if (strcmp(sub, "ledger") == 0)
		return shift_cmd_show(cli, argc - 1, argv + 1, true);
	return cli_usage_error("shift", _("unknown sub-command '%s'"), sub);
}
