/* qr.c — `svcpoint qr`: the brand's QR code (or any address's) for a
 * terminal, a poster (PNG, SVG) or the receipt printer (ESC/POS bytes).
 *
 * Without --url it reads the brand's profile address from the store when
 * there is one (else [brand] profile_url) and applies the station tag
 * rule. It only reads: it never changes the store or prints on paper. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "brand.h"
#include "cli.h"
#include "i18n.h"
#include "qr.h"
#include "receipt.h"

enum qr_format { QR_FORMAT_UTF8, QR_FORMAT_ANSI, QR_FORMAT_PNG, QR_FORMAT_SVG,
		 QR_FORMAT_ESCPOS };

static const char *const qr_format_names[] = {"utf8", "ansi", "png", "svg",
					      "escpos"};

#define QR_DEFAULT_PX 8  /* pixels a module in PNG and SVG */
#define QR_SIZE_MAX 100

static void qr_usage(FILE *out)
{
	fprintf(out, _("Usage: svcpoint qr [--url URL] [--format utf8|ansi|png|svg|escpos]\n"
		       "                   [--size N] [--ec L|M|Q|H] [-o FILE]\n"
		       "\n"
		       "Prints a QR code: by default of the brand's profile address\n"
		       "(with station=<station id> when [brand] tag_station = true).\n"
		       "Characters a URL may not carry (Chinese, spaces) are\n"
		       "percent-encoded first.\n"
		       "\n"
		       "  --url URL      encode this address instead\n"
		       "  --format F     utf8: half blocks for a terminal with dark text on a\n"
		       "                 light background (default); ansi: two cells a module\n"
		       "                 with its own black and white colours, for any\n"
		       "                 terminal, also where half blocks are drawn wide;\n"
		       "                 png, svg: images for posters; escpos: a job for the\n"
		       "                 receipt printer as [printer] describes it\n"
		       "  --size N       pixels a module (png, svg; default 8), dots a module\n"
		       "                 or the native module size (escpos; default: fit)\n"
		       "  --ec LEVEL     error correction L, M (default), Q or H\n"
		       "  -o FILE        write to FILE instead of standard output\n"
		       "  -h, --help     this help\n"));
}

/* The brand's address with the station tag rule, from the store when it
 * holds a brand, else from the configuration. Prints why on failure. */
static char *qr_brand_url_dup(struct cli *cli)
{
	struct brand *brand = NULL;
	char *url = NULL;
	enum sp_status status;

	/* A station without a store yet still has [brand] profile_url. */
	if (access(cli_db_path(cli), F_OK) == 0) {
		struct db *db = cli_open_db(cli, false);
		if (!db)
			return NULL;
		status = brand_get(db, &brand);
		db_close(db);
		if (status != SP_OK && status != SP_ERR_NOT_FOUND) {
			cli_fail(status, NULL);
			return NULL;
		}
	}
	status = qr_profile_url_dup(&cli->cfg, brand ? brand->profile_url : NULL,
				    &url);
	brand_free(brand);
	if (status == SP_ERR_NOT_FOUND)
		fprintf(stderr, _("svcpoint qr: the brand has no profile address; set one with\n"
				  "'svcpoint brand set profile_url URL' or [brand] profile_url,\n"
				  "or give --url.\n"));
	else if (status != SP_OK)
		cli_fail(status, NULL);
	return url;
}

/* Writes the code in format to out. */
static enum sp_status qr_emit(struct cli *cli, const struct qr *qr,
			      const char *text, enum qr_format format,
			      int size, enum qr_ec ec, FILE *out)
{
	unsigned char *job = NULL;
	char *rendered = NULL;
	size_t len = 0;
	enum sp_status status;

	switch (format) {
	case QR_FORMAT_UTF8:
	case QR_FORMAT_ANSI:
		rendered = format == QR_FORMAT_UTF8
				   ? qr_render_utf8_dup(qr, QR_QUIET_TERMINAL)
				   : qr_render_ansi_dup(qr, QR_QUIET_TERMINAL);
		if (!rendered)
			return SP_ERR_NOMEM;
		fputs(rendered, out);
		free(rendered);
		return fflush(out) == 0 ? SP_OK : SP_ERR_IO;
	case QR_FORMAT_PNG:
		return qr_write_png(qr, size ? size : QR_DEFAULT_PX,
				    QR_QUIET_PRINT, out);
	case QR_FORMAT_SVG:
		return qr_write_svg(qr, size ? size : QR_DEFAULT_PX,
				    QR_QUIET_PRINT, out);
	case QR_FORMAT_ESCPOS:
		status = receipt_qr_job(&cli->cfg, text, ec, size, &job, &len);
		if (status != SP_OK)
			return status;
		status = fwrite(job, 1, len, out) == len && fflush(out) == 0
				 ? SP_OK : SP_ERR_IO;
		free(job);
		return status;
	}
	return SP_ERR_INVALID;
}

int cli_qr_main(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{"url", required_argument, NULL, 'u'},
		{"format", required_argument, NULL, 'f'},
		{"size", required_argument, NULL, 's'},
		{"ec", required_argument, NULL, 'e'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *url_arg = NULL, *path = NULL;
	enum qr_format format = QR_FORMAT_UTF8;
	enum qr_ec ec = QR_EC_M;
	struct qr *qr = NULL;
	char *url = NULL;
	FILE *out = stdout;
	enum sp_status status;
	int size = 0, opt, rc = CLI_OK;

	while ((opt = getopt_long(argc, argv, "+u:f:s:e:o:h", options, NULL)) != -1) {
		switch (opt) {
		case 'u':
			url_arg = optarg;
			break;
		case 'f': {
			size_t i, n = sizeof qr_format_names / sizeof qr_format_names[0];
			for (i = 0; i < n; i++)
				if (strcmp(optarg, qr_format_names[i]) == 0)
					break;
			if (i == n)
				return cli_usage_error("qr", _("unknown format '%s'"), optarg);
			format = (enum qr_format)i;
			break;
		}
		case 's': {
			char *end;
			long v;
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || v < 1 || v > QR_SIZE_MAX)
				return cli_usage_error("qr", _("--size wants a number from 1 to %d, not '%s'"),
						       QR_SIZE_MAX, optarg);
			size = (int)v;
			break;
		}
		case 'e':
			if (qr_ec_parse(optarg, &ec) != SP_OK)
				return cli_usage_error("qr", _("--ec wants L, M, Q or H, not '%s'"),
						       optarg);
			break;
		case 'o':
			path = optarg;
			break;
		case 'h':
			qr_usage(stdout);
			return CLI_OK;
		default:
			return cli_usage_error("qr", _("unknown option"));
		}
	}
	if (optind < argc)
		return cli_usage_error("qr", _("unexpected argument '%s'"), argv[optind]);
	if (url_arg && !*url_arg)
		return cli_usage_error("qr", _("--url wants an address"));
	/* Binary bytes on a terminal would only garble it. */
	if (!path && (format == QR_FORMAT_PNG || format == QR_FORMAT_ESCPOS) &&
	    isatty(STDOUT_FILENO))
		return cli_usage_error("qr", _("%s output needs -o FILE or a redirection"),
				       qr_format_names[format]);

	if (url_arg) {
		status = qr_url_encode_dup(url_arg, &url);
		if (status != SP_OK)
			return cli_fail(status, NULL);
	} else {
		url = qr_brand_url_dup(cli);
		if (!url)
			return CLI_FAIL;
	}
	status = qr_encode(url, ec, &qr);
	if (status == SP_ERR_INVALID) {
		fprintf(stderr, _("svcpoint qr: the address is too long for a QR code at level %c.\n"),
			qr_ec_letter(ec));
		free(url);
		return CLI_FAIL;
	}
	if (status != SP_OK) {
		free(url);
		return cli_fail(status, NULL);
	}
	if (path) {
		out = fopen(path, "wb");
		if (!out) {
			fprintf(stderr, _("svcpoint qr: cannot write %s: %s\n"), path,
				strerror(errno));
			qr_free(qr);
			free(url);
			return CLI_FAIL;
		}
	}
	status = qr_emit(cli, qr, url, format, size, ec, out);
	if (path && fclose(out) != 0 && status == SP_OK)
		status = SP_ERR_IO;
	if (status != SP_OK) {
		if (status == SP_ERR_INVALID)
			fprintf(stderr, _("svcpoint qr: the code does not fit at that size.\n"));
		else
			cli_fail(status, path);
		if (path)
			unlink(path);
		rc = CLI_FAIL;
	}
	qr_free(qr);
	free(url);
	return rc;
}
