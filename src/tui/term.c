/* term.c — the terminal and the signals: curses set-up and tear-down, the
 * locked kiosk's ignored keys, and restoring the terminal on every exit.
 *
 * Signal handlers here only set a volatile sig_atomic_t, except the crash
 * handler, which may use async-signal-safe calls only: tcsetattr() with
 * the termios saved before curses started, write(2) of reset strings
 * fetched from terminfo beforehand, then the default action. Curses is
 * never called from a handler. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <curses.h>
#include <term.h>

#include "i18n.h"
#include "kiosk.h"

static volatile sig_atomic_t term_quit_flag;
static SCREEN *term_screen;

static struct termios term_saved;
static bool term_saved_ok;

/* Exit the alternate screen, show the cursor, attributes off, keypad and
 * mouse reporting off: written by the crash handler as is. */
static char term_reset[512];
static size_t term_reset_len;

static const int term_crash_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGABRT,
					 SIGILL};

static void term_on_quit(int sig)
{
	(void)sig;
	term_quit_flag = 1;
}

static void term_on_crash(int sig)
{
	ssize_t ignored;

	if (term_saved_ok)
		tcsetattr(STDIN_FILENO, TCSANOW, &term_saved);
	if (term_reset_len) {
		ignored = write(STDOUT_FILENO, term_reset, term_reset_len);
		(void)ignored;
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void term_reset_add(const char *cap)
{
	char *s = tigetstr(cap);
	size_t n;

	if (!s || s == (char *)-1)
		return;
	n = strlen(s); /* bytes of an escape sequence, not columns */
	if (term_reset_len + n >= sizeof term_reset)
		return;
	memcpy(term_reset + term_reset_len, s, n);
	term_reset_len += n;
}

static void term_reset_prepare(void)
{
	static const char mouse_off[] = "\033[?1006l\033[?1002l\033[?1000l";
	char *kmous = tigetstr("kmous");

	term_reset_len = 0;
	/* The mouse first: its reports would otherwise land in the shell. */
	if (kmous && kmous != (char *)-1 && kmous[0] == '\033' &&
	    term_reset_len + sizeof mouse_off < sizeof term_reset) {
		memcpy(term_reset, mouse_off, sizeof mouse_off - 1);
		term_reset_len = sizeof mouse_off - 1;
	}
	term_reset_add("sgr0");
	term_reset_add("cnorm");
	term_reset_add("rmkx");
	term_reset_add("rmcup");
}

static void term_handle(int sig, void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: a pending read returns so the loop sees the flag */
	sigaction(sig, &sa, NULL);
}

bool term_begin(bool locked)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "%s\n", _("svcpoint: the kiosk needs a terminal."));
		return false;
	}
	term_saved_ok = tcgetattr(STDIN_FILENO, &term_saved) == 0;
	term_quit_flag = 0;

	/* Installed before curses starts, so curses keeps its hands off them. */
	term_handle(SIGTERM, term_on_quit);
	term_handle(SIGHUP, term_on_quit);
	if (locked) {
		signal(SIGINT, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
		signal(SIGTSTP, SIG_IGN);
	} else {
		term_handle(SIGINT, term_on_quit);
	}

	/* newterm, not initscr: initscr exits the process on failure. */
	term_screen = newterm(NULL, stdout, stdin);
	if (!term_screen) {
		fprintf(stderr, "%s\n",
			_("svcpoint: this terminal type is not known; set TERM."));
		return false;
	}
	set_term(term_screen);
	term_reset_prepare();
	for (size_t i = 0; i < sizeof term_crash_signals / sizeof term_crash_signals[0]; i++)
		term_handle(term_crash_signals[i], term_on_crash);

	/* raw: Ctrl-C, Ctrl-Z, Ctrl-\ and Ctrl-S arrive as plain keys and do
	 * nothing; unlocked, cbreak lets Ctrl-C raise SIGINT to leave. */
	if (locked)
		raw();
	else
		cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	/* The kiosk's keyboard and scanner are local: an escape sequence
	 * arrives whole within a few milliseconds, and a lone Esc (back) should
	 * not feel slow to an older member. */
	set_escdelay(25);
	curs_set(0);
	/* The first button (a click, a touch) and the wheel, which ncurses 6
	 * reports as presses of buttons 4 (up) and 5 (down). */
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED |
		  BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	draw_init_colors();
	return true;
}

void term_end(void)
{
	if (!term_screen)
		return;
	mousemask(0, NULL);
	curs_set(1);
	endwin();
	delscreen(term_screen);
	term_screen = NULL;
	/* curses restored the modes; make sure of the saved ones too */
	if (term_saved_ok)
		tcsetattr(STDIN_FILENO, TCSANOW, &term_saved);
	for (size_t i = 0; i < sizeof term_crash_signals / sizeof term_crash_signals[0]; i++)
		signal(term_crash_signals[i], SIG_DFL);
}

bool term_quit_requested(void)
{
	return term_quit_flag != 0;
}
