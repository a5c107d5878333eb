/* kiosk.c — TODO: being written. */
#include "tui.h"
#include "cli/cli.h"

int tui_kiosk_main(struct cli *cli, int argc, char **argv)
{
	(void)cli; (void)argc; (void)argv;
	return CLI_FAIL;
}
