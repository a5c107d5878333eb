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
	SCREEN_LOGHOURS,   /* hours done elsewhere: date, hours, type, text */
	SCREEN_COMMITMENTS, /* the member's commitments, one in detail */
	SCREEN_COMMIT_NEW, /* a new commitment */
	SCREEN_COMMIT_CLOSE, /* mark one fulfilled, or withdraw it */
	SCREEN_RECORD,     /* totals, points and the whole history */
	SCREEN_SHIFT_SUMMARY, /* closing a shift, 1: the summary */
	SCREEN_SHIFT_OPEN, /* 2: visits still open */
	SCREEN_SHIFT_VERIFY, /* 3: items waiting for verification */
	SCREEN_SHIFT_SYNC, /* 4: close, then sync or export */
	SCREEN_SHIFT_END,  /* 5: print the ledger */
	SCREEN_FEEDBACK,   /* a visitor rates the service, for visitors */
	SCREEN_FEEDBACK_THANKS, /* the rating as saved, then home */
	SCREEN_PUBLIC_COMMITMENTS, /* members' public commitments, for visitors */
	SCREEN_ENTRIES,    /* staff: find an entry, reprint its slip, void it */
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
	ACTION_FIELD,     /* Up/Down/Tab: the next or previous form field */
	ACTION_ADJUST,    /* Left/Right, -/+: change a form field's value */
	ACTION_PRINT,     /* P: print what the screen shows */
	ACTION_SCROLL,    /* Up/Down, PgUp/PgDn: scroll a long text */
	ACTION_MARK,      /* Space: mark an item of a list */
	ACTION_MARK_ALL,  /* A: mark (or unmark) every item */
	ACTION_VERIFY,    /* Enter: verify the marked items */
	ACTION_REJECT,    /* R: reject the highlighted item with a reason */
	ACTION_VOID,      /* V: void the highlighted entry with a reason */
	ACTION_NEXT_STEP, /* Tab: the next step of a walk-through */
	ACTION_FEEDBACK,  /* F: rate the service (brand screen) */
	ACTION_PUBLIC_COMMITMENTS, /* C: members' public commitments */
	ACTION_COUNT
};

/* TUI_KEY_MOUSE is a press of the first button (a click or a touch).
 * TUI_KEY_WHEEL is one notch of the mouse wheel: never a click. Its code
 * is KEY_UP or KEY_DOWN and it binds only to ACTION_MOVE or ACTION_SCROLL
 * (actions.c); the loop drops it on a screen that binds neither, so a
 * screen sees it exactly where Up and Down move or scroll. */
enum tui_key_type { TUI_KEY_CHAR, TUI_KEY_CODE, TUI_KEY_MOUSE, TUI_KEY_WHEEL };

struct tui_key {
	enum tui_key_type type;
	wint_t ch;          /* TUI_KEY_CHAR: the character */
	int code;           /* TUI_KEY_CODE: KEY_UP, KEY_ENTER...;
			     * TUI_KEY_WHEEL: KEY_UP or KEY_DOWN */
	int y, x;           /* TUI_KEY_MOUSE, TUI_KEY_WHEEL: the cell pointed at */
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
	CONFIRM_LOGGED,       /* hours logged, pending */
	CONFIRM_COMMIT_MADE,  /* these three: confirm_id is a commitment */
	CONFIRM_COMMIT_FULFILLED,
	CONFIRM_COMMIT_WITHDRAWN,
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
extern const struct screen screen_loghours, screen_commitments,
	screen_commit_new, screen_commit_close, screen_record;
extern const struct screen screen_shift_summary, screen_shift_open,
	screen_shift_verify, screen_shift_sync, screen_shift_end;
extern const struct screen screen_feedback, screen_feedback_thanks,
	screen_public_commitments;
extern const struct screen screen_entries;

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
	char commitment_id[UUID_STR_LEN]; /* chosen on My commitments */
	bool commitment_withdraw;       /* withdraw it, not mark it fulfilled */
	char shift_id[UUID_STR_LEN];    /* the shift the staff member closes */

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

/* Milliseconds since an instant taken on both clocks: the larger of the
 * two elapsed times, so tests can move the wall clock while a wall clock
 * set back cannot stall the idle timer. */
int64_t kiosk_elapsed_ms(const struct kiosk *k, int64_t since_ms,
			 int64_t since_mono_ms);

/* Milliseconds since the last key. */
int64_t kiosk_idle_ms(const struct kiosk *k);

struct entry;

/* The entry's activity name in the UI language. */
const char *kiosk_entry_activity(const struct kiosk *k, const struct entry *e);

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

/* Any number of items, grown on demand. A zeroed struct menu is an empty
 * menu; menu_clear empties it and keeps the room, menu_free gives the
 * room back (a screen calls it when it leaves). A copy shares the items:
 * it may move its own selection, but only the original is cleared. */
struct menu {
	struct menu_item *items; /* count of them, room for cap */
	int count, cap;
	int selected;
	int top;            /* first item shown when they do not all fit */
	/* where the last draw put the items, for mouse presses */
	int drawn_y, drawn_x, drawn_w, drawn_rows, spacing;
	bool drawn_more;    /* the rows above and below say what is hidden */
};

enum menu_result { MENU_IGNORED, MENU_MOVED, MENU_CHOSEN };

/* Removes every item; the menu keeps its room for the next ones. */
void menu_clear(struct menu *m);

/* Frees the items' room: the menu is empty and zeroed. No-op when zeroed. */
void menu_free(struct menu *m);

/* Appends an item; false (and the menu unchanged) when memory runs out. */
bool menu_add(struct menu *m, const char *label, int tag);

/* Selects the first item with tag; leaves the selection otherwise. */
void menu_select_tag(struct menu *m, int tag);

/* The tag of the selected item, or -1 when empty. */
int menu_selected_tag(const struct menu *m);

/* Draws into rows [y, y + rows) at (x, w); spacing 2 leaves a blank row
 * between items when they fit. When they do not all fit, the first and
 * last rows say how many items are hidden above and below ("^ 3 more
 * above", bold, no colour needed) and the list scrolls to keep the
 * highlighted item in view. */
void menu_draw(struct menu *m, int y, int x, int w, int rows, int spacing);

/* Up/Down (round the ends), Page Up/Down (a page, stopping at the ends),
 * the wheel (one item, stopping at the ends), digits 1-9, Enter, and mouse
 * presses: on an item chooses it, on a "more" row shows the next page. */
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

/* ---- form.c: what the kiosk's forms (log hours, commitments) share ---- */

/* "Label: < value >" with the label right-aligned in label_cols columns;
 * the value in reverse video (and marked '>') when focused. */
void form_draw_choice(int y, int x, int label_cols, int cols,
		      const char *label, const char *value, bool focused);

/* The field wrapped by display width inside a box of h rows and w
 * columns (borders included), scrolled so the cursor's line shows, with
 * "used/limit" characters in the bottom edge. Sets the kiosk cursor when
 * focused. */
void form_draw_textbox(struct lineedit *le, struct kiosk *k, int y, int x,
		       int h, int w, const char *title, bool focused);

/* True when key is a mouse press inside the rectangle. */
bool form_hit(const struct tui_key *key, int y, int x, int h, int w);

/* A key for a form's text field: an edit clears the status line; a key
 * refused because the field holds le->max_chars characters says so with
 * full_fmt (a translated format taking that limit as %d). Returns the
 * loop's flags, 0 when the field did not use the key. */
unsigned form_text_key(struct kiosk *k, struct lineedit *le,
		       const struct tui_key *key, const char *full_fmt)
	__attribute__((format(printf, 4, 0)));

/* A local day for a member to pick: "Mon 23 Nov (today)" / "11月23日 今天";
 * with_year adds the year (for due dates, which may be next year). */
void form_format_day(const struct kiosk *k, int64_t day_ms, bool with_year,
		     char *buf, size_t size);

/* "1.5 h" for a number of half hours. */
void form_format_half_hours(int half_hours, char *buf, size_t size);

/* The sentence for a refused text field: empty, too long, control
 * characters. */
const char *form_text_message(enum sp_status status, int max_chars,
			      char *buf, size_t size);

/* ---- qrview.c: a QR code drawn for a phone to scan ---- */

struct qr;

/* One address, encoded at the levels the screen may use, and the drawing
 * the last qrview_fit chose. Zero-initialised it holds nothing. */
struct qrview {
	struct qr *codes[2];  /* level M, then L (smaller); NULL if too long */
	const struct qr *qr;  /* chosen code, or NULL when nothing fits */
	bool wide;            /* two cells per module, else half blocks */
	int quiet;            /* quiet zone, in modules */
	int cols, rows;       /* cells the chosen drawing takes */
};

/* Encodes text for the screen. SP_ERR_INVALID when it is too long for
 * any QR code (the view then never fits). */
enum sp_status qrview_set(struct qrview *v, const char *text);

/* Frees the codes; the view holds nothing afterwards. */
void qrview_clear(struct qrview *v);

/* Chooses the drawing for a space of cols x rows cells: the styles
 * [kiosk] qr_style allows ("wide", "half", or "auto": wide first), the
 * sturdier level M before L, a quiet zone of 4 modules before 2. False
 * (and nothing chosen) when no whole code fits: it is never cut. */
bool qrview_fit(struct qrview *v, const char *style, int cols, int rows);

/* Draws the chosen code with its top-left quiet-zone cell at (y, x),
 * dark on light: a black-on-white colour pair when the terminal has
 * colours; without, the light modules in reverse video (the terminal's
 * light foreground), as on the usual light-on-dark console. */
void qrview_draw(const struct qrview *v, int y, int x);

/* ---- printjob.c: printing from the kiosk ---- */

struct brand;

/* Prints the brand card of b. Says on the status line that it printed,
 * or that printing failed (and audits the failure). Returns true when
 * the job went out. Never blocks past the printer's time limit. */
bool printjob_brand_card(struct kiosk *k, const struct brand *b);

/* Prints the service slip of e (committed already), the same way; the
 * failure is audited against the entry, which stays as it is. */
bool printjob_service_slip(struct kiosk *k, const struct entry *e);

/* Staff: the slip of e again, marked as a reprint (补打) as `svcpoint
 * print slip ID` prints it, audited as print.reprint by the signed-in
 * staff member; a failure is said with the printer's reason and audited
 * as print.failed. */
bool printjob_reprint_slip(struct kiosk *k, const struct entry *e);

/* ---- commitments.c ---- */

#define COMMIT_CATEGORY_COUNT 4

/* Category i as stored (the station's record language), 0 <= i < COUNT. */
const char *commitments_category_stored(int i);

/* A stored category in the UI language; one not in the list as stored. */
const char *commitments_category_label(const char *stored);

/* ---- shiftsummary.c: what the five steps of closing a shift share ---- */

#define SHIFTCLOSE_STEPS 5

/* The frame and the "Step N of 5: what" line; returns the next row. */
int shiftclose_draw_step(struct kiosk *k, int step, const char *what);

struct entry_rules;

/* The entry rules of the station's [service] settings. */
void shiftclose_rules(const struct kiosk *k, struct entry_rules *out);

#endif
