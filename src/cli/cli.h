/* cli.h — what the command groups share: the parsed global options, the
 * loaded config, and the one way to report usage errors (exit 2) and
 * failures (exit 1). A command parses its own arguments, calls core,
 * prints, and returns its exit status. */
#ifndef SVCPOINT_CLI_H
#define SVCPOINT_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "config.h"
#include "db.h"

enum cli_exit { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

struct cli {
	struct config cfg;
	const char *db_override;  /* -d DATABASE, or NULL */
};

/* The store path: -d when given, else the config's. */
const char *cli_db_path(const struct cli *cli);

/* Prints "svcpoint CMD: <problem>" and a pointer to --help on stderr;
 * returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prints the status sentence (and detail, when not NULL) on stderr;
 * returns CLI_FAIL. */
int cli_fail(enum sp_status status, const char *detail);

/* Opens the store (creating it when create is true). On failure prints the
 * reason and returns NULL. */
struct db *cli_open_db(const struct cli *cli, bool create);

/* Loads the station's PIN pepper from [security] pepper_file. On failure
 * prints the reason and returns false. */
bool cli_load_pepper(const struct cli *cli, unsigned char *pepper);

/* True when argv holds -h or --help before any "--". */
bool cli_wants_help(int argc, char **argv);

/* An activity's name in the UI language: name_en when the config says
 * English and there is one, else name ("" for NULL). */
const char *cli_activity_name(const struct cli *cli, const char *name,
			      const char *name_en);

/* Writes one output: a status, SP_OK when all of it went to out. */
typedef enum sp_status (*cli_write_fn)(FILE *out, void *ctx);

/* Writes through write into a temporary file beside path, flushed and on
 * disk, renamed over path only when complete: a failed export never leaves
 * half a file under the name. Prints why on failure; returns the exit
 * status. */
int cli_write_file(const char *path, cli_write_fn write, void *ctx);

/* The command groups. argv[0] is the command's own name. */
int cli_init_main(struct cli *cli, int argc, char **argv);
int cli_member_main(struct cli *cli, int argc, char **argv);
int cli_log_main(struct cli *cli, int argc, char **argv);
int cli_brand_main(struct cli *cli, int argc, char **argv);
int cli_activity_main(struct cli *cli, int argc, char **argv);
int cli_check_main(struct cli *cli, int argc, char **argv);
int cli_backup_main(struct cli *cli, int argc, char **argv);
int cli_sync_main(struct cli *cli, int argc, char **argv);
int cli_central_main(struct cli *cli, int argc, char **argv);
int cli_central_ledger_main(struct cli *cli, int argc, char **argv);
int cli_station_main(struct cli *cli, int argc, char **argv);
int cli_qr_main(struct cli *cli, int argc, char **argv);
int cli_print_main(struct cli *cli, int argc, char **argv);
int cli_shift_main(struct cli *cli, int argc, char **argv);
int cli_ledger_main(struct cli *cli, int argc, char **argv);
int cli_feedback_main(struct cli *cli, int argc, char **argv);

#endif
