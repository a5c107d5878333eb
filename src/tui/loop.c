/* loop.c — the one loop that owns the terminal.
 *
 * It alone reads keys (wget_wch with a short timeout, so the clock and the
 * idle timer run without keys), maps them to the current screen's actions,
 * switches screens on the handlers' flags, re-lays out on KEY_RESIZE and
 * draws. Below 80x24 it draws only the "please enlarge" message and keeps
 * the screen's state, so the same screen comes back once there is room. */
#include <time.h>

#include "clock.h"
#include "i18n.h"
#include "kiosk.h"

/* Long enough to idle cheaply, short enough for the clock's seconds and
 * the scanner's 700 ms silence rule. */
#define LOOP_TICK_MS 100

static const struct screen *const loop_screens[SCREEN_COUNT] = {
	[SCREEN_HOME] = &screen_home,
	[SCREEN_IDENTIFY] = &screen_identify,
	[SCREEN_PANEL] = &screen_panel,
	[SCREEN_CHECKIN] = &screen_checkin,
	[SCREEN_CONFIRM] = &screen_confirm,
	[SCREEN_BRAND] = &screen_brand,
	[SCREEN_STAFF] = &screen_staff,
	[SCREEN_LOGHOURS] = &screen_loghours,
	[SCREEN_COMMITMENTS] = &screen_commitments,
	[SCREEN_COMMIT_NEW] = &screen_commit_new,
	[SCREEN_COMMIT_CLOSE] = &screen_commit_close,
	[SCREEN_RECORD] = &screen_record,
	[SCREEN_SHIFT_SUMMARY] = &screen_shift_summary,
	[SCREEN_SHIFT_OPEN] = &screen_shift_open,
	[SCREEN_SHIFT_VERIFY] = &screen_shift_verify,
	[SCREEN_SHIFT_SYNC] = &screen_shift_sync,
	[SCREEN_SHIFT_END] = &screen_shift_end,
	[SCREEN_FEEDBACK] = &screen_feedback,
	[SCREEN_FEEDBACK_THANKS] = &screen_feedback_thanks,
	[SCREEN_PUBLIC_COMMITMENTS] = &screen_public_commitments,
	[SCREEN_ENTRIES] = &screen_entries,
};

const struct screen *loop_screen(enum screen_id id)
{
	return loop_screens[id];
}

static int64_t loop_mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void loop_now(struct kiosk *k)
{
	k->now_ms = clock_now_ms();
	k->mono_ms = loop_mono_ms();
}

static void loop_layout(struct kiosk *k)
{
	k->rows = LINES;
	k->cols = COLS;
	k->too_small = k->rows < KIOSK_MIN_ROWS || k->cols < KIOSK_MIN_COLS;
}

static void loop_draw(struct kiosk *k)
{
	const struct screen *s = loop_screens[k->screen];

	erase();
	k->cursor_y = k->cursor_x = -1;
	if (k->too_small) {
		draw_enlarge(k);
	} else {
		s->draw(k);
		if (k->help)
			actions_draw_help(s->actions, k->rows, k->cols);
	}
	if (k->cursor_y >= 0 && !k->help && !k->too_small) {
		curs_set(1);
		move(k->cursor_y, k->cursor_x);
	} else {
		curs_set(0);
	}
	refresh();
}

static void loop_switch(struct kiosk *k, enum screen_id to)
{
	const struct screen *from = loop_screens[k->screen];

	if (from->leave)
		from->leave(k);
	k->screen = to;
	k->help = false;
	if (loop_screens[to]->enter)
		loop_screens[to]->enter(k);
}

/* One key, or false after the timeout (or for an event that is not one:
 * a mouse release, a button other than the first). A notch of the wheel
 * (ncurses: a press of button 4 or 5) becomes a TUI_KEY_WHEEL, here and
 * nowhere else. */
static bool loop_read(struct tui_key *key)
{
	wint_t wch;
	int rc = get_wch(&wch);
	MEVENT ev;

	key->action = ACTION_NONE;
	if (rc == ERR)
		return false;
	if (rc == KEY_CODE_YES) {
		if (wch == KEY_MOUSE) {
			if (getmouse(&ev) != OK)
				return false;
			if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
				key->type = TUI_KEY_WHEEL;
				key->code = ev.bstate & BUTTON4_PRESSED ? KEY_UP : KEY_DOWN;
			} else if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) {
				key->type = TUI_KEY_MOUSE;
			} else {
				return false;
			}
			key->y = ev.y;
			key->x = ev.x;
			return true;
		}
		key->type = TUI_KEY_CODE;
		key->code = (int)wch;
		return true;
	}
	key->type = TUI_KEY_CHAR;
	key->ch = wch;
	return true;
}

void loop_run(struct kiosk *k)
{
	unsigned flags = TUI_RELAYOUT | TUI_REDRAW;
	int64_t drawn_second = -1;
	struct tui_key key;

	loop_now(k);
	k->last_key_ms = k->now_ms;
	k->last_key_mono_ms = k->mono_ms;
	k->screen = SCREEN_HOME;
	loop_screens[SCREEN_HOME]->enter(k);
	timeout(LOOP_TICK_MS);

	while (!term_quit_requested()) {
		if (flags & TUI_QUIT)
			break;
		if (flags & TUI_GOTO)
			loop_switch(k, TUI_TARGET(flags));
		loop_now(k);
		if (flags & TUI_RELAYOUT)
			loop_layout(k);
		/* the title bar's clock shows seconds */
		if (k->now_ms / 1000 != drawn_second)
			flags |= TUI_REDRAW;
		if (flags & (TUI_REDRAW | TUI_RELAYOUT | TUI_GOTO)) {
			loop_draw(k);
			drawn_second = k->now_ms / 1000;
		}
		/* After a write: keys typed while it ran (a second Enter, the
		 * badge scanned again) must not act on the confirmation. */
		if (flags & TUI_FLUSH)
			flushinp();
		flags = 0;

		bool got = loop_read(&key);
		loop_now(k);
		if (!got) {
			if (k->screen != SCREEN_HOME &&
			    kiosk_idle_ms(k) >= (int64_t)k->cfg->idle_timeout_s * 1000) {
				loop_switch(k, SCREEN_HOME);
				/* said after the switch: home's enter clears it */
				flags = TUI_REDRAW;
				kiosk_say(k, false,
					  _("The session ended after a while without use; unsaved input was discarded."));
				continue;
			}
			if (!k->too_small && loop_screens[k->screen]->tick)
				flags |= loop_screens[k->screen]->tick(k);
			continue;
		}
		if (key.type == TUI_KEY_CODE && key.code == KEY_RESIZE) {
			flags |= TUI_RELAYOUT | TUI_REDRAW;
			continue;
		}
		k->last_key_ms = k->now_ms;
		k->last_key_mono_ms = k->mono_ms;
		if (k->too_small)
			continue;
		if (k->help) {
			/* any key or touch closes the help; the wheel, which
			 * would scroll what is under it, does not */
			if (key.type != TUI_KEY_WHEEL) {
				k->help = false;
				flags |= TUI_REDRAW;
			}
			continue;
		}
		key.action = actions_lookup(loop_screens[k->screen]->actions, &key);
		/* the wheel reaches a screen only where Up/Down move or scroll */
		if (key.type == TUI_KEY_WHEEL && key.action == ACTION_NONE)
			continue;
		if (key.action == ACTION_HELP) {
			k->help = true;
			flags |= TUI_REDRAW;
			continue;
		}
		flags |= loop_screens[k->screen]->key(k, &key);
	}
	if (loop_screens[k->screen]->leave)
		loop_screens[k->screen]->leave(k);
}
