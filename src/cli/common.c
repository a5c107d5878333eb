/* common.c — what every command group shares: store opening, pepper
 * loading, and the two ways a command reports trouble. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "pin.h"

const char *cli_db_path(const struct cli *cli)
{
	return cli->db_override ? cli->db_override : cli->cfg.store_path;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "svcpoint %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, _(" (see 'svcpoint %s --help')\n"), cmd);
	return CLI_USAGE;
}

int cli_fail(enum sp_status status, const char *detail)
{
	if (detail && *detail)
		fprintf(stderr, "svcpoint: %s (%s)\n", status_message(status), detail);
	else
		fprintf(stderr, "svcpoint: %s\n", status_message(status));
	return CLI_FAIL;
}

struct db *cli_open_db(const struct cli *cli, bool create)
{
	struct db *db = NULL;
	char *detail = NULL;
	const char *path = cli_db_path(cli);
	enum sp_status status =
		db_open(path, create ? DB_OPEN_CREATE : 0, &db, &detail);

	if (status == SP_ERR_NOT_FOUND) {
		fprintf(stderr, _("svcpoint: no database at %s; run 'svcpoint init' first.\n"),
			path);
	} else if (status != SP_OK) {
		cli_fail(status, detail ? detail : path);
	}
	free(detail);
	return db;
}

bool cli_load_pepper(const struct cli *cli, unsigned char *pepper)
{
	enum sp_status status = pin_pepper_load(cli->cfg.pepper_file, pepper);
	if (status != SP_OK) {
		cli_fail(status, cli->cfg.pepper_file);
		return false;
	}
	return true;
}

bool cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return false;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return true;
	}
	return false;
}

const char *cli_activity_name(const struct cli *cli, const char *name,
			      const char *name_en)
{
	if (strcmp(cli->cfg.language, "en") == 0 && name_en && *name_en)
		return name_en;
	return name ? name : "";
}

int cli_write_file(const char *path, cli_write_fn write, void *ctx)
{
	char *tmp = NULL;
	enum sp_status status;
	FILE *out;
	int fd;

	if (asprintf(&tmp, "%s.XXXXXX", path) < 0)
		return cli_fail(SP_ERR_NOMEM, NULL);
	fd = mkstemp(tmp);
	if (fd < 0) {
		int err = errno;
		free(tmp);
		fprintf(stderr, _("svcpoint: cannot write %s: %s\n"), path,
			strerror(err));
		return CLI_FAIL;
	}
	out = fdopen(fd, "w");
	if (!out) {
		close(fd);
		status = SP_ERR_IO;
	} else {
		status = write(out, ctx);
		if (status == SP_OK &&
		    (fflush(out) != 0 || ferror(out) || fsync(fileno(out)) != 0))
			status = SP_ERR_IO;
		if (fclose(out) != 0 && status == SP_OK)
			status = SP_ERR_IO;
	}
	if (status == SP_OK && rename(tmp, path) != 0)
		status = SP_ERR_IO;
	if (status != SP_OK)
		unlink(tmp);
	free(tmp);
	return status == SP_OK ? CLI_OK : cli_fail(status, path);
}
