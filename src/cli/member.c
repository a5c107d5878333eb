/* member.c — `svcpoint member add|import|list`.
 *
 * Parses the arguments, reads the PIN (from the terminal without echo, or
 * one line of standard input), calls core and prints. Bad arguments exit
 * 2 before anything is opened; failures exit 1 with nothing written. The
 * PIN is never echoed, printed or kept: its buffers are wiped. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "clock.h"
#include "i18n.h"
#include "member.h"
#include "table.h"

#define PIN_BUF_SIZE 64

static void member_usage(FILE *out)
{
	fputs(_("Usage: svcpoint member add --no N --name NAME [--branch B]\n"
		"                          [--role member|staff|admin] [--pin-stdin]\n"
		"       svcpoint member import FILE.csv\n"
		"       svcpoint member list [--format table|csv|json]\n"
		"\n"
		"Add one member, import many from a CSV file, or list them.\n"
		"Each subcommand has its own --help.\n"),
	      out);
}

static void member_add_usage(FILE *out)
{
	fputs(_("Usage: svcpoint member add --no N --name NAME [--branch B]\n"
		"                          [--role member|staff|admin] [--pin-stdin]\n"
		"\n"
		"Adds a member. The PIN (4 to 8 digits) is asked for twice on the\n"
		"terminal without echo, or read as one line from standard input\n"
		"with --pin-stdin.\n"
		"\n"
		"  --no N         badge number: 1 to 32 letters, digits or hyphens\n"
		"  --name NAME    the member's name, at most 32 characters\n"
		"  --branch B     the party branch, at most 64 characters\n"
		"  --role R       member (default), staff or admin\n"
		"  --pin-stdin    read the PIN from standard input\n"),
	      out);
}

static void member_import_usage(FILE *out)
{
	fputs(_("Usage: svcpoint member import FILE.csv\n"
		"\n"
		"Imports members from a UTF-8 CSV file (a byte order mark is allowed)\n"
		"whose first line is the header\n"
		"\n"
		"  member_no,name,branch,role,pin\n"
		"\n"
		"role is member, staff or admin (empty means member); pin is 4 to 8\n"
		"digits. Fields may be quoted. All rows or none: a bad row is reported with\n"
		"its line number and nothing is imported. Members already present\n"
		"with the same details and PIN are left as they are, so importing\n"
		"the same file again changes nothing.\n"),
	      out);
}

static void member_list_usage(FILE *out)
{
	fputs(_("Usage: svcpoint member list [--format table|csv|json]\n"
		"\n"
		"Lists the members by badge number, with the time a locked badge\n"
		"opens again.\n"),
	      out);
}

/* Reports a getopt problem as a usage error. */
static int member_bad_option(const char *cmd, int opt, char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";

	if (opt == ':')
		return cli_usage_error(cmd, _("option %s needs a value"), arg);
	return cli_usage_error(cmd, _("unknown option %s"), arg);
}

/* Set by a signal while the PIN is read with echo off, so the read stops
 * and the terminal is restored before the program ends. */
static volatile sig_atomic_t member_pin_interrupted;

static void member_pin_on_signal(int sig)
{
	(void)sig;
	member_pin_interrupted = 1;
}

/* Reads one line from fd into pin (at most size - 1 bytes; longer lines
 * are consumed and refused). Returns 0, or -1 on EOF before a newline
 * with nothing read, an error, or an interruption. */
static int member_read_line(int fd, char *pin, size_t size, bool *too_long)
{
	size_t n = 0;
	bool any = false;
	char c;

	*too_long = false;
	for (;;) {
		ssize_t r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR && !member_pin_interrupted)
			continue;
		if (r < 0) {
			sodium_memzero(pin, size);
			return -1;
		}
		if (r == 0) {
			if (!any) {
				sodium_memzero(pin, size);
				return -1;
			}
			break;
		}
		any = true;
		if (c == '\n')
			break;
		if (n + 1 < size)
			pin[n++] = c;
		else
			*too_long = true;
	}
	if (n > 0 && pin[n - 1] == '\r')
		n--;
	pin[n] = '\0';
	c = 0;
	return 0;
}

/* Asks for the PIN on the controlling terminal with echo off. */
static int member_ask_pin(int tty, const char *prompt, char *pin, size_t size,
			  bool *too_long)
{
	struct termios old, quiet;
	struct sigaction sa, old_int, old_term, old_hup, old_quit;
	int rc;

	if (tcgetattr(tty, &old) != 0)
		return -1;
	quiet = old;
	quiet.c_lflag &= (tcflag_t)~(ECHO | ECHOE | ECHOK);
	quiet.c_lflag |= ECHONL;

	/* no SA_RESTART: a signal must end the read so echo comes back */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = member_pin_on_signal;
	sigemptyset(&sa.sa_mask);
	member_pin_interrupted = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	sigaction(SIGQUIT, &sa, &old_quit);

	rc = tcsetattr(tty, TCSAFLUSH, &quiet);
	if (rc == 0) {
		if (write(tty, prompt, strlen(prompt)) < 0)
			rc = -1;
		if (rc == 0)
			rc = member_read_line(tty, pin, size, too_long);
		tcsetattr(tty, TCSAFLUSH, &old);
	}
	if (member_pin_interrupted && write(tty, "\n", 1) < 0)
		rc = -1;

	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	return member_pin_interrupted ? -1 : rc;
}

/* Gets the new member's PIN into pin; returns a CLI exit status. */
static int member_get_pin(bool from_stdin, char pin[PIN_BUF_SIZE])
{
	char again[PIN_BUF_SIZE];
	bool too_long = false, too_long2 = false;
	int status = CLI_OK;
	int tty;

	if (from_stdin) {
		if (member_read_line(STDIN_FILENO, pin, PIN_BUF_SIZE, &too_long) != 0) {
			fprintf(stderr, _("svcpoint: no PIN on standard input.\n"));
			return CLI_FAIL;
		}
		if (too_long || pin_validate(pin) != SP_OK)
			return cli_fail(SP_ERR_PIN_FORMAT, NULL);
		return CLI_OK;
	}

	tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (tty < 0) {
		fprintf(stderr, _("svcpoint: no terminal to ask for the PIN; use --pin-stdin.\n"));
		return CLI_FAIL;
	}
	if (member_ask_pin(tty, _("PIN: "), pin, PIN_BUF_SIZE, &too_long) != 0 ||
	    member_ask_pin(tty, _("PIN again: "), again, sizeof again,
			   &too_long2) != 0) {
		fprintf(stderr, _("svcpoint: the PIN was not entered; nothing was saved.\n"));
		status = CLI_FAIL;
	} else if (too_long || pin_validate(pin) != SP_OK) {
		status = cli_fail(SP_ERR_PIN_FORMAT, NULL);
	} else if (too_long2 || strcmp(pin, again) != 0) {
		fprintf(stderr, _("svcpoint: the two PINs differ; nothing was saved.\n"));
		status = CLI_FAIL;
	}
	close(tty);
	sodium_memzero(again, sizeof again);
	if (status != CLI_OK)
		sodium_memzero(pin, PIN_BUF_SIZE);
	return status;
}

static int member_add_main(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{"no", required_argument, NULL, 'n'},
		{"name", required_argument, NULL, 'N'},
		{"branch", required_argument, NULL, 'b'},
		{"role", required_argument, NULL, 'r'},
		{"pin-stdin", no_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const char cmd[] = "member add";
	struct member_spec spec = {NULL, NULL, "", MEMBER_ROLE_MEMBER};
	struct member *existing = NULL;
	const char *field = NULL;
	bool pin_stdin = false;
	unsigned char pepper[PIN_PEPPER_BYTES];
	char pin[PIN_BUF_SIZE];
	enum sp_status status;
	struct db *db;
	int opt, rc;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (opt) {
		case 'n':
			spec.member_no = optarg;
			break;
		case 'N':
			spec.name = optarg;
			break;
		case 'b':
			spec.branch = optarg;
			break;
		case 'r':
			if (member_role_parse(optarg, &spec.role) != SP_OK)
				return cli_usage_error(cmd, _("--role must be member, staff or admin, not '%s'"),
						       optarg);
			break;
		case 'p':
			pin_stdin = true;
			break;
		case 'h':
			member_add_usage(stdout);
			return CLI_OK;
		default:
			return member_bad_option(cmd, opt, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[optind]);
	if (!spec.member_no)
		return cli_usage_error(cmd, _("--no is required"));
	if (!spec.name)
		return cli_usage_error(cmd, _("--name is required"));
	status = member_validate_spec(&spec, &field);
	if (status != SP_OK)
		return cli_usage_error(cmd, "--%s: %s",
				       strcmp(field, "member_no") == 0 ? "no" : field,
				       status == SP_ERR_INVALID
					       ? _("a badge number is 1 to 32 letters, digits or hyphens.")
					       : status_message(status));

	db = cli_open_db(cli, false);
	if (!db)
		return CLI_FAIL;
	if (!cli_load_pepper(cli, pepper)) {
		db_close(db);
		return CLI_FAIL;
	}
	/* Refuse a taken badge before asking for a PIN twice. */
	status = member_find_by_no(db, spec.member_no, &existing);
	member_free(existing);
	if (status == SP_OK) {
		rc = cli_fail(SP_ERR_DUPLICATE, spec.member_no);
		goto out;
	}
	if (status != SP_ERR_NOT_FOUND) {
		rc = cli_fail(status, db_errmsg(db));
		goto out;
	}

	rc = member_get_pin(pin_stdin, pin);
	if (rc != CLI_OK)
		goto out;
	status = member_add(db, pepper, &spec, pin, NULL, NULL);
	sodium_memzero(pin, sizeof pin);
	if (status != SP_OK) {
		rc = cli_fail(status, status == SP_ERR_DUPLICATE ? spec.member_no : NULL);
		goto out;
	}
	printf(_("Added member %s %s.\n"), spec.member_no, spec.name);
	rc = CLI_OK;
out:
	sodium_memzero(pepper, sizeof pepper);
	db_close(db);
	return rc;
}

static int member_import_main(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const char cmd[] = "member import";
	struct member_import_result result;
	unsigned char pepper[PIN_PEPPER_BYTES];
	enum sp_status status;
	const char *path;
	struct db *db;
	int opt;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		if (opt == 'h') {
			member_import_usage(stdout);
			return CLI_OK;
		}
		return member_bad_option(cmd, opt, argv);
	}
	if (optind >= argc)
		return cli_usage_error(cmd, _("the CSV file is missing"));
	if (optind + 1 < argc)
		return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[optind + 1]);
	path = argv[optind];

	db = cli_open_db(cli, false);
	if (!db)
		return CLI_FAIL;
	if (!cli_load_pepper(cli, pepper)) {
		db_close(db);
		return CLI_FAIL;
	}
	status = member_import_csv(db, pepper, path, NULL, &result);
	sodium_memzero(pepper, sizeof pepper);
	db_close(db);
	if (status == SP_ERR_CSV) {
		fprintf(stderr, "%s:%ld: %s\n", path, result.bad_line, result.problem);
		fprintf(stderr, _("svcpoint: nothing was imported.\n"));
		return CLI_FAIL;
	}
	if (status != SP_OK)
		return cli_fail(status, path);
	printf(_("%d added, %d updated, %d unchanged\n"), result.added,
	       result.updated, result.unchanged);
	return CLI_OK;
}

struct member_list {
	struct table *table;
	enum sp_status status;      /* a row that could not be added */
	bool machine;               /* CSV, JSON: the role as stored */
};

/* The role in the UI language, for the aligned table. */
static const char *member_list_role(enum member_role role)
{
	switch (role) {
	case MEMBER_ROLE_STAFF:
		return _("staff");
	case MEMBER_ROLE_ADMIN:
		return _("admin");
	default:
		return _("member");
	}
}

static int member_list_row(const struct member *m, void *ctx)
{
	struct member_list *list = ctx;
	char until[64] = "";

	/* a lock that has run out is no lock */
	if (m->locked_until_ms > clock_now_ms())
		clock_format_local(m->locked_until_ms, "%Y-%m-%d %H:%M", until,
				   sizeof until);
	const char *cells[] = {m->member_no, m->name, m->branch,
			       list->machine ? member_role_name(m->role)
					     : member_list_role(m->role),
			       until};
	list->status = table_add_row(list->table, cells);
	return list->status != SP_OK;
}

static int member_list_main(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const char cmd[] = "member list";
	static const char *const keys[] = {"member_no", "name", "branch", "role",
					   "locked_until"};
	const char *headers[] = {_("Badge"), C_("person", "Name"), _("Branch"),
				 _("Role"), _("Locked until")};
	enum table_format format = TABLE_FORMAT_TABLE;
	struct member_list list = {NULL, SP_OK, false};
	enum sp_status status;
	struct db *db;
	int opt;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (opt) {
		case 'f':
			if (table_format_parse(optarg, &format) != SP_OK)
				return cli_usage_error(cmd, _("--format must be table, csv or json, not '%s'"),
						       optarg);
			break;
		case 'h':
			member_list_usage(stdout);
			return CLI_OK;
		default:
			return member_bad_option(cmd, opt, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[optind]);

	db = cli_open_db(cli, false);
	if (!db)
		return CLI_FAIL;
	list.machine = format != TABLE_FORMAT_TABLE;
	list.table = table_new(5, keys, headers);
	if (!list.table) {
		db_close(db);
		return cli_fail(SP_ERR_NOMEM, NULL);
	}
	status = member_each(db, member_list_row, &list);
	if (status == SP_OK)
		status = list.status;
	db_close(db);
	if (status != SP_OK) {
		table_free(list.table);
		return cli_fail(status, NULL);
	}
	table_print(list.table, format, stdout);
	table_free(list.table);
	return CLI_OK;
}

int cli_member_main(struct cli *cli, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*main)(struct cli *cli, int argc, char **argv);
		void (*usage)(FILE *out);
	} subs[] = {
		{"add", member_add_main, member_add_usage},
		{"import", member_import_main, member_import_usage},
		{"list", member_list_main, member_list_usage},
	};

	if (argc < 2)
		return cli_usage_error("member", _("missing subcommand (add, import or list)"));
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		member_usage(stdout);
		return CLI_OK;
	}
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
		if (strcmp(argv[1], subs[i].name) == 0) {
			if (cli_wants_help(argc - 1, argv + 1)) {
				subs[i].usage(stdout);
				return CLI_OK;
			}
			return subs[i].main(cli, argc - 1, argv + 1);
		}
	}
	return cli_usage_error("member", _("unknown subcommand '%s'"), argv[1]);
}
