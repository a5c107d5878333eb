/* store.c — `svcpoint check` and `svcpoint backup FILE`: the store's
 * health as the operator sees it, and a safe copy of it.
 *
 * Both only read the store; check never repairs anything (a damaged
 * store is restored from a backup, by a person). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cli.h"
#include "i18n.h"

static void check_usage(FILE *out)
{
	fprintf(out, _("Usage: svcpoint check\n"
		       "\n"
		       "Runs SQLite's integrity check on the database and verifies the\n"
		       "hash chain of the audit log. Exits 1 and names the problem when\n"
		       "either fails.\n"
		       "\n"
		       "  -h, --help  this help\n"));
}

static void backup_usage(FILE *out)
{
	fprintf(out, _("Usage: svcpoint backup FILE\n"
		       "\n"
		       "Copies the database to FILE with SQLite's online backup, which is\n"
		       "safe while the kiosk is running. FILE is replaced only when the\n"
		       "copy is complete.\n"
		       "\n"
		       "  -h, --help  this help\n"));
}

int cli_check_main(struct cli *cli, int argc, char **argv)
{
	struct db *db;
	char *detail = NULL;
	int64_t bad_seq = 0;
	enum sp_status status;
	int rc = CLI_OK;

	if (cli_wants_help(argc, argv)) {
		check_usage(stdout);
		return CLI_OK;
	}
	if (argc > 1)
		return cli_usage_error("check", _("unexpected argument '%s'"),
				       argv[1]);
	db = cli_open_db(cli, false);
	if (!db)
		return CLI_FAIL;

	status = db_integrity_check(db, &detail);
	if (status == SP_OK) {
		printf(_("integrity ok\n"));
	} else {
		cli_fail(status, detail);
		rc = CLI_FAIL;
	}
	free(detail);

	/* The chain is checked even when the file has a problem: both are
	 * worth knowing before restoring anything. */
	status = audit_verify(db, &bad_seq);
	if (status == SP_OK) {
		printf(_("audit chain ok (%lld rows)\n"),
		       (long long)audit_count(db));
	} else if (status == SP_ERR_AUDIT_BROKEN) {
		fprintf(stderr, _("svcpoint: the audit chain breaks at row %lld: that row or one before it was altered, removed or reordered.\n"),
			(long long)bad_seq);
		rc = CLI_FAIL;
	} else {
		cli_fail(status, db_errmsg(db));
		rc = CLI_FAIL;
	}
	db_close(db);
	return rc;
}

/* True when dest names the live store: the copy would be renamed over
 * it, behind the back of its WAL. */
static bool backup_is_the_store(const struct cli *cli, const char *dest)
{
	char *a = realpath(cli_db_path(cli), NULL);
	char *b = realpath(dest, NULL);
	bool same = a && b && strcmp(a, b) == 0;

	free(a);
	free(b);
	return same;
}

int cli_backup_main(struct cli *cli, int argc, char **argv)
{
	struct db *db;
	enum sp_status status;

	if (cli_wants_help(argc, argv)) {
		backup_usage(stdout);
		return CLI_OK;
	}
	if (argc < 2)
		return cli_usage_error("backup", _("the backup FILE is needed"));
	if (argc > 2)
		return cli_usage_error("backup", _("unexpected argument '%s'"),
				       argv[2]);
	if (argv[1][0] == '\0' || argv[1][0] == '-')
		return cli_usage_error("backup", _("unknown option '%s'"), argv[1]);
	if (backup_is_the_store(cli, argv[1]))
		return cli_usage_error("backup",
				       _("'%s' is the database itself; choose another file"),
				       argv[1]);
	db = cli_open_db(cli, false);
	if (!db)
		return CLI_FAIL;
	status = db_backup(db, argv[1]);
	db_close(db);
	if (status != SP_OK)
		return cli_fail(status, argv[1]);
	printf(_("Backed up the database to %s\n"), argv[1]);
	return CLI_OK;
}
