/* log.c — TODO: being written. */
#include <stdio.h>
#include "cli.h"

int cli_log_main(struct cli *cli, int argc, char **argv)
{
	(void)cli; (void)argc; (void)argv;
	fprintf(stderr, "svcpoint: not built yet\n");
	return CLI_FAIL;
}
