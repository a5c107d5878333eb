/* print.c — `svcpoint print brand|slip ID|test`: the brand card, a reprint
 * of a service slip (补打), and the printer test page, on the printer that
 * [printer] describes.
 *
 * It changes no record: the only rows it writes are audit rows — a
 * reprint, and any failure with its reason ("print.failed"), so staff can
 * see why a member's slip did not come out. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "brand.h"
#include "cli.h"
#include "entry.h"
#include "i18n.h"
#include "printer.h"
#include "qr.h"
#include "receipt.h"

#define PRINT_ERR_MAX 512

static void print_usage(FILE *out)
{
	fprintf(out, _("Usage: svcpoint print brand\n"
		       "       svcpoint print slip ENTRY_ID\n"
		       "       svcpoint print test\n"
		       "\n"
		       "Prints on the printer [printer] describes:\n"
		       "  brand          the brand card with its QR code, for visitors\n"
		       "  slip ENTRY_ID  a service slip again, marked as a reprint; ENTRY_ID\n"
		       "                 is the full id or its first 13 or more characters\n"
		       "                 (the \"entry no.\" on the slip)\n"
		       "  test           a test page: Chinese sample, rulers, QR code\n"
		       "  -h, --help     this help\n"));
}

/* The brand's address (NULL when there is none: the receipt then has no
 * QR code). brand may be NULL. */
static char *print_url_dup(struct cli *cli, const struct brand *brand)
{
	char *url = NULL;

	if (qr_profile_url_dup(&cli->cfg, brand ? brand->profile_url : NULL,
			       &url) != SP_OK)
		return NULL;
	return url;
}

/* Sends the job; on failure says so and audits it. Returns the exit
 * status. */
static int print_send(struct cli *cli, struct db *db, const char *target,
		      const unsigned char *job, size_t len, const char *retry)
{
	char err[PRINT_ERR_MAX];
	enum sp_status status = printer_print(&cli->cfg, job, len, err, sizeof err);

	if (status != SP_OK) {
		fprintf(stderr, _("svcpoint print: printing failed: %s.\n"), err);
		if (retry)
			fprintf(stderr, "%s\n", retry);
		if (db && receipt_log(db, NULL, RECEIPT_ACTION_FAILED, target,
				      err) != SP_OK)
			fprintf(stderr, _("svcpoint print: the failure could not be written to the audit log.\n"));
		return CLI_FAIL;
	}
	if (cli->cfg.printer_type == PRINTER_NONE)
		fprintf(stderr, _("svcpoint print: no printer is configured ([printer] type = none); nothing was printed.\n"));
	return CLI_OK;
}

static int print_brand(struct cli *cli)
{
	struct db *db = cli_open_db(cli, false);
	struct brand *brand = NULL;
	unsigned char *job = NULL;
	char *url;
	size_t len;
	enum sp_status status;
	int rc;

	if (!db)
		return CLI_FAIL;
	status = brand_get(db, &brand);
	if (status == SP_ERR_NOT_FOUND) {
		fprintf(stderr, _("svcpoint print: the station has no brand yet; set one with 'svcpoint brand set'.\n"));
		db_close(db);
		return CLI_FAIL;
	}
	if (status != SP_OK) {
		db_close(db);
		return cli_fail(status, NULL);
	}
	url = print_url_dup(cli, brand);
	status = receipt_brand_card(&cli->cfg, brand, url, &job, &len);
	if (status == SP_OK) {
		rc = print_send(cli, db, "brand", job, len, NULL);
		if (rc == CLI_OK && cli->cfg.printer_type != PRINTER_NONE)
			printf(_("Printed the brand card.\n"));
	} else {
		rc = cli_fail(status, NULL);
	}
	free(job);
	free(url);
	brand_free(brand);
	db_close(db);
	return rc;
}

static int print_slip(struct cli *cli, const char *id_arg)
{
	struct db *db = cli_open_db(cli, false);
	struct brand *brand = NULL;
	struct entry *e = NULL;
	unsigned char *job = NULL;
	char *url = NULL, *retry = NULL;
	const char *id;
	size_t len;
	enum sp_status status;
	int rc = CLI_FAIL;

	if (!db)
		return CLI_FAIL;
	status = entry_find_by_prefix(db, id_arg, &e);
	switch (status) {
	case SP_OK:
		break;
	case SP_ERR_INVALID:
		db_close(db);
		return cli_usage_error("print", _("'%s' is not an entry id: give the full id or at least its first %d characters"),
				       id_arg, RECEIPT_SHORT_ID_LEN);
	case SP_ERR_NOT_FOUND:
		fprintf(stderr, _("svcpoint print: no entry has the id '%s'.\n"), id_arg);
		goto out;
	case SP_ERR_DUPLICATE:
		fprintf(stderr, _("svcpoint print: more than one entry starts with '%s'; give more characters (see 'svcpoint log list --format csv').\n"),
			id_arg);
		goto out;
	default:
		cli_fail(status, NULL);
		goto out;
	}
	id = e->id;
	status = brand_get(db, &brand);
	if (status != SP_OK && status != SP_ERR_NOT_FOUND) {
		cli_fail(status, NULL);
		goto out;
	}
	url = print_url_dup(cli, brand);
	status = receipt_service_slip(&cli->cfg, e, url, true, &job, &len);
	if (status != SP_OK) {
		cli_fail(status, NULL);
		goto out;
	}
	if (asprintf(&retry, _("svcpoint print: the entry is safe in the database; when the printer works, run 'svcpoint print slip %s' again."),
		     id) < 0)
		retry = NULL;
	rc = print_send(cli, db, id, job, len, retry);
	if (rc == CLI_OK && cli->cfg.printer_type != PRINTER_NONE) {
		if (receipt_log(db, NULL, RECEIPT_ACTION_REPRINT, id, NULL) != SP_OK)
			fprintf(stderr, _("svcpoint print: the reprint could not be written to the audit log.\n"));
		printf(_("Printed the slip of entry %s again (reprint).\n"), id);
	}
out:
	free(retry);
	free(job);
	free(url);
	brand_free(brand);
	entry_free(e);
	db_close(db);
	return rc;
}

static int print_test(struct cli *cli)
{
	struct db *db = NULL;
	struct brand *brand = NULL;
	unsigned char *job = NULL;
	char *url;
	size_t len;
	enum sp_status status;
	int rc;

	/* The test page works before the store exists (installing the
	 * printer comes first); with a store it shows the brand's code. */
	if (access(cli_db_path(cli), F_OK) == 0) {
		db = cli_open_db(cli, false);
		if (!db)
			return CLI_FAIL;
		status = brand_get(db, &brand);
		if (status != SP_OK && status != SP_ERR_NOT_FOUND) {
			db_close(db);
			return cli_fail(status, NULL);
		}
	}
	url = print_url_dup(cli, brand);
	status = receipt_test_page(&cli->cfg, url, &job, &len);
	if (status == SP_OK) {
		rc = print_send(cli, db, "test", job, len, NULL);
		if (rc == CLI_OK && cli->cfg.printer_type != PRINTER_NONE)
			printf(_("Printed the test page.\n"));
	} else {
		rc = cli_fail(status, NULL);
	}
	free(job);
	free(url);
	brand_free(brand);
	db_close(db);
	return rc;
}

int cli_print_main(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *what;
	int opt;

	while ((opt = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
		if (opt == 'h') {
			print_usage(stdout);
			return CLI_OK;
		}
		return cli_usage_error("print", _("unknown option"));
	}
	if (optind >= argc)
		return cli_usage_error("print", _("say what to print: brand, slip ENTRY_ID or test"));
	what = argv[optind++];
	if (strcmp(what, "slip") == 0) {
		if (optind >= argc)
			return cli_usage_error("print", _("slip wants an entry id"));
		if (optind + 1 < argc)
			return cli_usage_error("print", _("unexpected argument '%s'"),
					       argv[optind + 1]);
		return print_slip(cli, argv[optind]);
	}
	if (optind < argc)
		return cli_usage_error("print", _("unexpected argument '%s'"), argv[optind]);
	if (strcmp(what, "brand") == 0)
		return print_brand(cli);
	if (strcmp(what, "test") == 0)
		return print_test(cli);
	return cli_usage_error("print", _("unknown receipt '%s': brand, slip or test"), what);
}
