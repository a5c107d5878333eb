/* tui.h — the kiosk's entry point, called by main(). */
#ifndef SVCPOINT_TUI_H
#define SVCPOINT_TUI_H

struct cli;

/* Runs the kiosk until the staff exit or SIGTERM/SIGHUP; returns the
 * process exit status. The terminal is restored on every path. */
int tui_kiosk_main(struct cli *cli, int argc, char **argv);

#endif
