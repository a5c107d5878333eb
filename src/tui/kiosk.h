/* kiosk.h — what the kiosk's screens, widgets and loop share.
 *
 * A screen is a const table of functions (enter, leave, draw, key, tick).
 * Its handlers change only the shared struct kiosk and their own state and
 * return flags; they never draw from a key handler and never switch screens
 * themselves: the loop (loop.c) alone reads keys, switches screens and
 * draws. Nothing here may touch the database except through core modules. */
#ifndef SVCPOINT_TUI_KIOSK_H
#define SVCPOINT_TUI_KIOSK_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>
#include <wchar.h>

#include "config.h"
#include "db.h"
#include "member.h"
#include "pin.h"
#include "uuid.h"

/* The smallest terminal the kiosk lays out in. */
#define KIOSK_MIN_COLS 80
#define KIOSK_MIN_ROWS 24

enum screen_id {
	SCREEN_HOME,
	SCREEN_IDENTIFY,   /* badge number, then PIN */
	SCREEN_PANEL,      /* the signed-in member's panel */
	SCREEN_CHECKIN,    /* the chosen activity, optional note, confirm */
	SCREEN_CONFIRM,    /* what was saved, read back from the store */
	SCREEN_BRAND,      /* the brand profile, for visitors */
	SCREEN_STAFF,      /* the staff menu (after a staff PIN) */
	SCREEN_COUNT
};

/* Handler results, or'ed together. */
#define TUI_HANDLED  0x01u
#define TUI_REDRAW   0x02u
#define TUI_RELAYOUT 0x04u   /* recompute the layout, then redraw */
#define TUI_GOTO     0x08u   /* switch to TUI_TARGET(flags) */
#define TUI_QUIT     0x10u   /* leave the kiosk (exit status 0) */
#define TUI_FLUSH    0x20u   /* discard keys typed before the next frame shows */
#define TUI_GOTO_SCREEN(id) (TUI_HANDLED | TUI_GOTO | TUI_REDRAW | ((unsigned)(id) << 8))
#define TUI_TARGET(flags) ((enum screen_id)((flags) >> 8))

/* Every action the kiosk knows, declared once in actions.c: the key
 * bindings, the hint line and the help screen all come from that table. */
enum action {
	ACTION_NONE,
	ACTION_MOVE,      /* arrows */
	ACTION_NUMBER,    /* a digit picks a menu item */
	ACTION_CHOOSE,    /* Enter on a menu */
	ACTION_SUBMIT,    /* Enter in a form */
	ACTION_CONFIRM,   /* Enter on a confirmation */
	ACTION_ERASE,     /* Backspace */
	ACTION_BACK,      /* Esc */
	ACTION_HOME,      /* Esc, back to the home screen */
	ACTION_ANY,       /* any key: home */
	ACTION_HELP,      /* F1 */
	ACTION_COUNT
};

enum tui_key_type { TUI_KEY_CHAR, TUI_KEY_CODE, TUI_KEY_MOUSE };

struct tui_key {
	enum tui_key_type type;
	wint_t ch;          /* TUI_KEY_CHAR: the character */
	int code;           /* TUI_KEY_CODE: KEY_UP, KEY_ENTER... */
	int y, x;           /* TUI_KEY_MOUSE: the cell pressed */
	enum action action; /* what the current screen binds it to */
};

/* Why the member is signing in: decides where the panel's focus starts. */
enum kiosk_purpose {
	PURPOSE_CHECKIO,
	PURPOSE_LOG_HOURS,
	PURPOSE_COMMITMENTS,
	PURPOSE_RECORD,
	PURPOSE_STAFF,
};

/* What the confirmation screen shows. */
enum confirm_kind {
	CONFIRM_CHECKED_IN,
	CONFIRM_CHECKED_OUT,
	CONFIRM_ALREADY_OPEN, /* refused: shows the open entry instead */
};

struct kiosk;

struct screen {
	const char *name;                  /* for logs and tests */
	const enum action *actions;        /* bound here, ended by ACTION_NONE */
	void (*enter)(struct kiosk *k);
	void (*leave)(struct kiosk *k);    /* discards unsaved input */
	void (*draw)(struct kiosk *k);
	unsigned (*key)(struct kiosk *k, const struct tui_key *key);
	unsigned (*tick)(struct kiosk *k); /* every loop turn without a key */
};

extern const struct screen screen_home, screen_identify, screen_panel,
	screen_checkin, screen_confirm, screen_brand, screen_staff;

struct kiosk {
	struct db *db;
	const struct config *cfg;
	unsigned char pepper[PIN_PEPPER_BYTES];

	enum screen_id screen;
	int rows, cols;           /* the terminal, at the last layout */
	bool too_small;           /* below 80x24: only the enlarge message */
	bool help;                /* the help overlay is open */
	int cursor_y, cursor_x;   /* set by draw for a focused editor, or -1 */

	/* The time of this loop turn: the injected wall clock (moves in tests)
	 * and a monotonic clock (for the scanner's silence and the idle timer,
	 * immune to the wall clock being set back). */
	int64_t now_ms;
	int64_t mono_ms;
	int64_t last_key_ms;       /* wall clock at the last key */
	int64_t last_key_mono_ms;

	/* The member session: set by identify, ended by home and idle. */
	enum kiosk_purpose purpose;
	char badge[MEMBER_NO_MAX + 1];  /* scanned or typed on home */
	struct member *member;          /* signed in, or NULL */
	char activity_id[UUID_STR_LEN]; /* chosen for check-in */
	char activity_name[256];        /* its name as the member saw it */
	enum confirm_kind confirm;
	char confirm_id[UUID_STR_LEN];  /* the entry to read back */

	char message[512];        /* status line, one sentence */
	bool message_is_error;
};

/* ---- kiosk.c ---- */

/* Ends the member session: frees the member, forgets the badge, the
 * chosen activity and the status message. */
void kiosk_end_session(struct kiosk *k);

/* Sets the status line (printf-style, already translated). */
void kiosk_say(struct kiosk *k, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The text of a status code on the status line, as an error. */
void kiosk_say_status(struct kiosk *k, enum sp_status status);

/* Milliseconds since the last key by the slower-moving of the two clocks'
 * view, i.e. the larger elapsed time (tests move the wall clock). */
int64_t kiosk_idle_ms(const struct kiosk *k);

/* "1 h 30 min" for a number of minutes. */
void kiosk_format_minutes(int minutes, char *buf, size_t size);

/* ---- loop.c ---- */

/* Runs screens until quit or a termination signal. */
void loop_run(struct kiosk *k);

/* The table of a screen. */
const struct screen *loop_screen(enum screen_id id);

/* ---- term.c: the terminal and the signals ---- */

/* Saves the terminal state, installs the signal handlers, starts curses.
 * false (and a message on stderr) when the terminal cannot be used. */
bool term_begin(bool locked);

/* Ends curses and restores the terminal; safe to call twice. */
void term_end(void);

/* True once SIGTERM/SIGHUP (or, unlocked, SIGINT) asked the kiosk to go. */
bool term_quit_requested(void);

/* ---- actions.c ---- */

/* The action the screen's list binds key to, or ACTION_NONE. */
enum action actions_lookup(const enum action *list, const struct tui_key *key);

/* Draws the hint line ("Enter Choose  Esc Back ...") for the list. */
void actions_draw_hints(const enum action *list, int y, int cols);

/* Draws the help overlay for the list. */
void actions_draw_help(const enum action *list, int rows, int cols);

/* ---- draw.c ---- */

enum draw_role {
	ROLE_NORMAL,
	ROLE_BAR,       /* the title bar */
	ROLE_TITLE,     /* headings */
	ROLE_SELECTED,  /* the highlighted menu item */
	ROLE_FIELD,     /* an input field */
	ROLE_ERROR,
	ROLE_OK,
};

/* Colour pairs when the terminal has colours. */
void draw_init_colors(void);

/* The attributes of a role: always legible without colour (bold/reverse),
 * coloured as well when the terminal can. */
attr_t draw_attr(enum draw_role role);

/* Draws s at (y, x) clipped to cols columns without splitting a
 * character; returns the columns used. */
int draw_text(int y, int x, int cols, const char *s, attr_t attr);

/* Draws s centred in [x, x + cols). Returns the column it started at. */
int draw_centered(int y, int x, int cols, const char *s, attr_t attr);

/* Draws s wrapped at cols columns into at most max_rows rows; returns the
 * rows used. */
int draw_wrapped(int y, int x, int cols, int max_rows, const char *s,
		 attr_t attr);

/* Fills cols cells at (y, x) with spaces in attr. */
void draw_fill(int y, int x, int cols, attr_t attr);

/* A box with an optional title in its top edge. */
void draw_box(int y, int x, int h, int w, const char *title);

/* "Label: value" with the label right-aligned in label_cols columns. */
void draw_field(int y, int x, int label_cols, int cols, const char *label,
		const char *value, attr_t value_attr);

/* The frame every screen shares: the title bar (station name, title, the
 * local date and time), the status line and the hint line. */
void draw_frame(struct kiosk *k, const char *title);

/* The "please enlarge the window" message, centred. */
void draw_enlarge(struct kiosk *k);

/* First row and rows available between the title bar and the status line. */
int draw_body_top(void);
int draw_body_rows(const struct kiosk *k);

/* ---- menu.c: a list of large, numbered, clickable items ---- */

struct menu_item {
	const char *label;  /* drawn as given: the caller owns it */
	int tag;            /* what the caller does when it is chosen */
};

#define MENU_MAX_ITEMS 32

struct menu {
	struct menu_item items[MENU_MAX_ITEMS];
	int count;
	int selected;
	int top;            /* first item shown when they do not all fit */
	/* where the last draw put the items, for mouse clicks */
	int drawn_y, drawn_x, drawn_w, drawn_rows, spacing;
};

enum menu_result { MENU_IGNORED, MENU_MOVED, MENU_CHOSEN };

void menu_clear(struct menu *m);
void menu_add(struct menu *m, const char *label, int tag);

/* Selects the first item with tag; leaves the selection otherwise. */
void menu_select_tag(struct menu *m, int tag);

/* The tag of the selected item, or -1 when empty. */
int menu_selected_tag(const struct menu *m);

/* Draws into rows [y, y + rows) at (x, w); spacing 2 leaves a blank row
 * between items when they fit. */
void menu_draw(struct menu *m, int y, int x, int w, int rows, int spacing);

/* Arrows, digits 1-9, Enter and mouse presses. */
enum menu_result menu_key(struct menu *m, const struct tui_key *key);

/* ---- lineedit.c: one line of text input ---- */

enum lineedit_flags {
	LINEEDIT_DIGITS = 1 << 0, /* only 0-9 */
	LINEEDIT_BADGE = 1 << 1,  /* only 0-9, A-Z, a-z and '-' */
	LINEEDIT_MASK = 1 << 2,   /* shown as '*'; wiped when cleared */
};

#define LINEEDIT_MAX_BYTES 1024

struct lineedit {
	char buf[LINEEDIT_MAX_BYTES];
	size_t len;         /* bytes used */
	size_t cursor;      /* byte offset, always at a character boundary */
	size_t max_chars;
	unsigned flags;
};

enum lineedit_result { LINEEDIT_IGNORED, LINEEDIT_CHANGED, LINEEDIT_REFUSED };

void lineedit_init(struct lineedit *le, size_t max_chars, unsigned flags);

/* Empties the field (wiping the bytes of a masked one). */
void lineedit_clear(struct lineedit *le);

/* Replaces the content (clipped at the limit). */
void lineedit_set(struct lineedit *le, const char *s);

/* Characters, Backspace, Delete, Left/Right, Home/End. Control characters
 * and characters the field does not take are refused. */
enum lineedit_result lineedit_key(struct lineedit *le,
				  const struct tui_key *key);

/* Draws the field in cols columns, scrolled so the cursor shows; sets the
 * kiosk cursor there when focused. */
void lineedit_draw(struct lineedit *le, struct kiosk *k, int y, int x,
		   int cols, bool focused);

/* True when the key is a character the field could take (for the home
 * screen's badge detection). */
bool lineedit_accepts(const struct lineedit *le, wint_t ch);

#endif
