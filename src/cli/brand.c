/* brand.c — `svcpoint brand show` and `svcpoint brand set FIELD VALUE`.
 *
 * Parses, calls brand.h, prints. Text from the store is sanitised before
 * it reaches the terminal and wrapped by display width, so long Chinese
 * paragraphs break between characters, never inside one. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "brand.h"
#include "cli.h"
#include "clock.h"
#include "i18n.h"
#include "text.h"

#define BRAND_VALUE_STDIN_MAX (64 * 1024)

static void brand_usage(FILE *out)
{
	fprintf(out, _("Usage: svcpoint brand show\n"
		       "       svcpoint brand set FIELD VALUE\n"
		       "\n"
		       "Shows or changes the station's party-building brand. FIELD is one of:\n"
		       "  name         the brand's name, at most 10 characters (required)\n"
		       "  slogan       at most 40 characters\n"
		       "  logo         a description of the logo, at most 200 characters\n"
		       "  connotation  what the brand means, at most 1000 characters\n"
		       "  concept      its working concept, at most 1000 characters\n"
		       "  goals        its goals, at most 1000 characters\n"
		       "  type         work, organisation or member\n"
		       "  stage        preparation, deployment, development or summary\n"
		       "  profile_url  the public profile (http:// or https://), or \"\"\n"
		       "\n"
		       "A VALUE of - is read from standard input (connotation, concept and\n"
		       "goals may hold several lines). Every change is recorded in the\n"
		       "audit log.\n"
		       "\n"
		       "  -h, --help  this help\n"));
}

/* Columns available for output: the terminal's width, or 80. */
static size_t brand_columns(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col >= 40)
		return ws.ws_col;
	return 80;
}

/* Prints "LABEL  value", the value wrapped to the width and its further
 * lines indented under the first. */
static void brand_print_field(const char *label, size_t label_cols,
			      const char *value, size_t cols)
{
	char *safe = text_sanitize_dup(value ? value : "", true);
	size_t width = cols > label_cols + 12 ? cols - label_cols - 2 : 10;
	const char *s = safe ? safe : "";
	size_t next = 0, len;
	bool first = true;

	printf("%s%*s", label, (int)(label_cols + 2 - text_width(label)), "");
	if (!*s)
		printf("\n");
	while ((len = text_wrap_line(s, width, &next)) > 0 || next > 0) {
		if (!first)
			printf("%*s", (int)(label_cols + 2), "");
		printf("%.*s\n", (int)len, s);
		first = false;
		s += next;
		if (!*s)
			break;
	}
	free(safe);
}

static int brand_show(struct cli *cli, int argc, char **argv)
{
	struct brand *b = NULL;
	struct db *db;
	enum sp_status status;
	char updated[64];
	char revision[32];
	size_t label_cols = 0, cols = brand_columns();

	if (argc > 1)
		return cli_usage_error("brand show", _("unexpected argument '%s'"),
				       argv[1]);
	db = cli_open_db(cli, false);
	if (!db)
		return CLI_FAIL;
	status = brand_get(db, &b);
	db_close(db);
	if (status == SP_ERR_NOT_FOUND) {
		printf(_("There is no brand yet; set its name with 'svcpoint brand set name NAME'.\n"));
		return CLI_OK;
	}
	if (status != SP_OK)
		return cli_fail(status, NULL);

	clock_format_local(b->updated_ms, "%Y-%m-%d %H:%M", updated, sizeof updated);
	snprintf(revision, sizeof revision, "%d", b->revision);
	const struct {
		const char *label;
		const char *value;
	} rows[] = {
		{_("Name"), b->name},
		{_("Type"), brand_type_label(b->type)},
		{_("Stage"), brand_stage_label(b->stage)},
		{_("Slogan"), b->slogan},
		{_("Logo"), b->logo},
		{_("Connotation"), b->connotation},
		{_("Concept"), b->concept},
		{_("Goals"), b->goals},
		{_("Profile"), b->profile_url},
		{_("Revision"), revision},
		{_("Updated"), updated},
	};
	size_t nrows = sizeof rows / sizeof rows[0];

	for (size_t i = 0; i < nrows; i++)
		if (text_width(rows[i].label) > label_cols)
			label_cols = text_width(rows[i].label);
	for (size_t i = 0; i < nrows; i++)
		brand_print_field(rows[i].label, label_cols, rows[i].value, cols);
	brand_free(b);
	return CLI_OK;
}

/* Reads VALUE "-" from standard input, without one trailing newline.
 * Caller frees; NULL when it cannot be read or is too long. */
static char *brand_read_stdin_dup(void)
{
	char *buf = malloc(BRAND_VALUE_STDIN_MAX + 1);
	size_t n;

	if (!buf)
		return NULL;
	n = fread(buf, 1, BRAND_VALUE_STDIN_MAX + 1, stdin);
	if (ferror(stdin) || n > BRAND_VALUE_STDIN_MAX) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	if (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	if (n > 0 && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return buf;
}

/* A short hint of what the field accepts, shown with a refusal. */
static const char *brand_field_hint(const char *field)
{
	if (strcmp(field, "name") == 0)
		return _("the name is 1 to 10 characters on one line");
	if (strcmp(field, "slogan") == 0)
		return _("at most 40 characters on one line");
	if (strcmp(field, "logo") == 0)
		return _("at most 200 characters on one line");
	if (strcmp(field, "type") == 0)
		return _("the type is work, organisation or member");
	if (strcmp(field, "stage") == 0)
		return _("the stage is preparation, deployment, development or summary");
	if (strcmp(field, "profile_url") == 0)
		return _("an address starting with http:// or https://, without spaces");
	return _("at most 1000 characters");
}

static int brand_set(struct cli *cli, int argc, char **argv)
{
	const char *field, *value;
	char *from_stdin = NULL;
	struct brand *b = NULL;
	struct db *db;
	enum sp_status status;
	char detail[256];

	if (argc < 3)
		return cli_usage_error("brand set", _("FIELD and VALUE are needed"));
	if (argc > 3)
		return cli_usage_error("brand set", _("unexpected argument '%s'"),
				       argv[3]);
	field = argv[1];
	value = argv[2];
	if (!brand_field_is_known(field))
		return cli_usage_error("brand set",
				       _("unknown field '%s' (name, slogan, logo, connotation, concept, goals, type, stage or profile_url)"),
				       field);
	if (strcmp(value, "-") == 0) {
		from_stdin = brand_read_stdin_dup();
		if (!from_stdin)
			return cli_fail(SP_ERR_IO, _("standard input"));
		value = from_stdin;
	}
	status = brand_validate_field(field, value);
	if (status == SP_OK) {
		db = cli_open_db(cli, false);
		if (!db) {
			free(from_stdin);
			return CLI_FAIL;
		}
		status = brand_set_field(db, field, value, NULL);
		if (status == SP_OK)
			status = brand_get(db, &b);
		db_close(db);
	}
	free(from_stdin);
	if (status != SP_OK) {
		snprintf(detail, sizeof detail, "%s: %s", field,
			 brand_field_hint(field));
		return cli_fail(status, detail);
	}
	printf(_("Set the brand's %s (revision %d).\n"), field, b->revision);
	brand_free(b);
	return CLI_OK;
}

int cli_brand_main(struct cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("brand", _("show or set?"));
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    cli_wants_help(argc, argv)) {
		brand_usage(stdout);
		return CLI_OK;
	}
	if (strcmp(argv[1], "show") == 0)
		return brand_show(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "set") == 0)
		return brand_set(cli, argc - 1, argv + 1);
	return cli_usage_error("brand", _("unknown subcommand '%s'"), argv[1]);
}
