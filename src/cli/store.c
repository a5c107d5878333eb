/* store.c — TODO: being written. */
#include <stdio.h>
#include "cli.h"

int cli_check_main(struct cli *cli, int argc, char **argv)
{
	(void)cli; (void)argc; (void)argv;
	return CLI_FAIL;
}

int cli_backup_main(struct cli *cli, int argc, char **argv)
{
	(void)cli; (void)argc; (void)argv;
	return CLI_FAIL;
}
