/* syncview.c — closing a shift, step 4 of 5: the shift is closed, then
 * its records go upward: pushed to the central PostgreSQL with a
 * progress bar when [sync] conninfo is set, or written as a signed
 * offline bundle (to a path the staff member may change, e.g. a USB
 * stick) when it is not or the central cannot be reached.
 *
 * The push is a blocking call: the screen first shows "Sending…", then
 * the next loop turn runs it, and its progress callback redraws the bar
 * itself (the one place a screen draws outside the loop, because the
 * loop is waiting on the push). It cannot block for good: every call to
 * the central has a deadline (central.h), after which the push stops
 * with SP_ERR_CENTRAL_TIMEOUT and the screen offers the file; the screen
 * says how long that is. Keys typed meanwhile are discarded and the idle
 * clock restarts afterwards. A failure is one sentence from the status
 * table (libpq's own words go to the audit log, not the screen); the
 * shift stays closed and the records not yet sent wait for the next
 * sync. */
#include <inttypes.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bundle.h"
#include "central.h"
#include "clock.h"
#include "i18n.h"
#include "kiosk.h"
#include "shift.h"
#include "station_key.h"
#include "sync.h"
#include "text.h"

#define SYNC_BAR_COLS 40
#define SYNC_PATH_CHARS 400

enum sync_state {
	SYNC_READY,      /* nothing done yet: Enter closes and sends */
	SYNC_RUNNING,    /* "Sending…": the next turn pushes */
	SYNC_PUSHED,     /* the central has everything */
	SYNC_OFFLINE,    /* no central or it failed: the bundle's path */
	SYNC_EXPORTED,   /* the bundle is written */
};

static const enum action sync_actions[] = {
	ACTION_SUBMIT, ACTION_NEXT_STEP, ACTION_ERASE, ACTION_BACK, ACTION_NONE,
};

static enum sync_state sync_state;
static bool sync_closed;           /* the shift is closed (by this visit) */
static struct lineedit sync_path;
static struct sync_progress sync_prog;
static double sync_started_s, sync_rate;
static char sync_result[512];      /* what happened, one or two sentences */
static bool sync_result_error;

static double sync_mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "<store folder>/<station>-<date>.bundle": where a USB stick's path
 * would otherwise be typed. */
static void sync_default_path(struct kiosk *k)
{
	char dir[CONFIG_PATH_MAX], date[CLOCK_DATE_LEN], path[CONFIG_PATH_MAX + 128];

	snprintf(dir, sizeof dir, "%s", k->cfg->store_path);
	clock_local_date(k->now_ms, date);
	snprintf(path, sizeof path, "%s/%s-%s.bundle", dirname(dir),
		 k->cfg->station_id, date);
	lineedit_set(&sync_path, path);
}

static void sync_enter(struct kiosk *k)
{
	k->message[0] = '\0';
	sync_closed = false;
	sync_result[0] = '\0';
	sync_result_error = false;
	memset(&sync_prog, 0, sizeof sync_prog);
	lineedit_init(&sync_path, SYNC_PATH_CHARS, 0);
	sync_default_path(k);
	sync_state = k->cfg->sync_conninfo[0] ? SYNC_READY : SYNC_OFFLINE;
}

static void sync_draw_bar(struct kiosk *k, int y, int x)
{
	char bar[SYNC_BAR_COLS + 1], line[256];
	int filled = sync_prog.changes_total > 0
		? (int)(SYNC_BAR_COLS * sync_prog.changes_done / sync_prog.changes_total)
		: 0;

	if (filled > SYNC_BAR_COLS)
		filled = SYNC_BAR_COLS;
	for (int i = 0; i < SYNC_BAR_COLS; i++)
		bar[i] = i < filled ? '#' : '.';
	bar[SYNC_BAR_COLS] = '\0';
	draw_text(y, x, 1, "[", A_BOLD);
	draw_text(y, x + 1, SYNC_BAR_COLS, bar, A_BOLD);
	draw_text(y, x + 1 + SYNC_BAR_COLS, 1, "]", A_BOLD);
	snprintf(line, sizeof line, _("%" PRId64 " of %" PRId64 " changes, %" PRId64 " rows, %.0f changes/s"),
		 sync_prog.changes_done, sync_prog.changes_total,
		 sync_prog.rows_sent, sync_rate);
	draw_text(y + 1, x, k->cols - x - 2, line, A_NORMAL);
}

static void sync_draw(struct kiosk *k)
{
	int y = shiftclose_draw_step(k, 4, _("send the records")) + 1;
	int x = 2, w = k->cols - 4;
	char *shown;

	if (k->cfg->sync_conninfo[0]) {
		shown = central_conninfo_display_dup(k->cfg->sync_conninfo);
		draw_field(y, x, 10, w, _("Central:"), shown ? shown : "?", A_NORMAL);
		free(shown);
	} else {
		draw_text(y, x, w, _("No central database is set up: the records go into a signed file."),
			  A_NORMAL);
	}
	y += 2;
	switch (sync_state) {
	case SYNC_READY:
		draw_wrapped(y, x, w, 3,
			     _("Enter closes the shift and sends its records now; Esc goes back."),
			     A_BOLD);
		break;
	case SYNC_RUNNING: {
		char hint[256];

		draw_text(y, x, w, _("Sending…"), draw_attr(ROLE_TITLE));
		sync_draw_bar(k, y + 2, x);
		/* the longest a stall lasts: the wait for an answer, then
		 * the cancel request's */
		snprintf(hint, sizeof hint,
			 _("If the central stops answering, sending gives up after %d seconds and offers a file instead."),
			 central_wait_limit_s(k->cfg->sync_statement_timeout_s) +
			 (CENTRAL_CANCEL_WAIT_MS + 999) / 1000);
		draw_wrapped(y + 5, x, w, 2, hint, A_NORMAL);
		break;
	}
	case SYNC_PUSHED:
	case SYNC_EXPORTED:
		if (sync_state == SYNC_PUSHED)
			sync_draw_bar(k, y, x);
		draw_wrapped(y + 3, x, w, 4, sync_result,
			     draw_attr(sync_result_error ? ROLE_ERROR : ROLE_OK));
		draw_text(y + 8, x, w, _("Enter goes on to printing the shift ledger."),
			  A_NORMAL);
		break;
	case SYNC_OFFLINE:
		if (sync_result[0])
			draw_wrapped(y, x, w, 3, sync_result,
				     draw_attr(sync_result_error ? ROLE_ERROR : ROLE_OK));
		draw_text(y + 4, x, w, _("Write the signed file to (a USB stick's folder will do):"),
			  A_BOLD);
		lineedit_draw(&sync_path, k, y + 5, x, w, true);
		draw_wrapped(y + 7, x, w, 2,
			     sync_closed ?
			     _("Enter writes the file; Tab goes on without it (the records wait for the next sync).") :
			     _("Enter closes the shift and writes the file; Esc goes back."),
			     A_NORMAL);
		break;
	}
}

/* Called after each committed batch: the loop is blocked in the push, so
 * the bar is drawn and shown from here. */
static void sync_on_progress(const struct sync_progress *p, void *ctx)
{
	struct kiosk *k = ctx;
	double elapsed = sync_mono_s() - sync_started_s;

	sync_prog = *p;
	sync_rate = elapsed > 0 ? (double)p->changes_done / elapsed : 0;
	k->now_ms = clock_now_ms();
	erase();
	sync_draw(k);
	refresh();
}

/* Closes the shift once; false (with the reason said) when it failed. */
static bool sync_close_shift(struct kiosk *k)
{
	enum sp_status status;

	if (sync_closed)
		return true;
	status = shift_close(k->db, k->shift_id, k->member->id);
	if (status != SP_OK && status != SP_ERR_NOT_OPEN) {
		kiosk_say_status(k, status);
		return false;
	}
	sync_closed = true;
	return true;
}

static void sync_push_now(struct kiosk *k)
{
	struct central *c = NULL;
	struct sync_push_result r;
	char *detail = NULL;
	enum sp_status status;

	memset(&r, 0, sizeof r);
	sync_started_s = sync_mono_s();
	status = central_connect(k->cfg->sync_conninfo,
				 k->cfg->sync_statement_timeout_s, &c, &detail);
	if (status == SP_OK)
		status = sync_push(k->db, c, k->cfg->sync_batch_rows,
				   sync_on_progress, k, &r);
	if (status == SP_OK) {
		sync_prog = r.progress;
		snprintf(sync_result, sizeof sync_result,
			 _("Sent %" PRId64 " changes (%" PRId64 " rows) in %zu batches; the central holds everything up to seq %" PRId64 "."),
			 r.progress.changes_done, r.progress.rows_sent,
			 r.progress.batches, r.progress.acked_seq);
		sync_result_error = false;
		sync_state = SYNC_PUSHED;
	} else {
		/* the sentence from the status table; what libpq or the
		 * server said (often several lines) goes to the audit log */
		snprintf(sync_result, sizeof sync_result, "%s %s",
			 status_message(status),
			 _("The shift is closed; the records not yet sent can also go into a file now."));
		sync_result_error = true;
		sync_state = SYNC_OFFLINE;
		/* best effort: if even this write fails, the screen has
		 * already said what matters */
		(void)sync_note_failure(k->db, k->member->id, status,
					c && central_has_detail(status)
						? central_errmsg(c)
						: detail ? detail : "");
	}
	free(detail);
	central_close(c);
}

static unsigned sync_export_now(struct kiosk *k)
{
	struct station_key key;
	struct bundle_info info;
	enum sp_status status;

	if (sync_path.len == 0) {
		kiosk_say(k, true, "%s", _("Please type where to write the file."));
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (!sync_close_shift(k))
		return TUI_HANDLED | TUI_REDRAW;
	status = station_key_load(k->cfg->sync_key_file, &key);
	if (status == SP_OK) {
		status = bundle_export(k->db, &key, sync_path.buf, &info);
		station_key_wipe(&key);
	}
	if (status != SP_OK) {
		snprintf(sync_result, sizeof sync_result,
			 _("The file could not be written (%s); the shift is closed and its records wait for the next sync."),
			 status_message(status));
		sync_result_error = true;
		return TUI_HANDLED | TUI_REDRAW | TUI_FLUSH;
	}
	snprintf(sync_result, sizeof sync_result,
		 _("Wrote %" PRId64 " changes (%" PRId64 " rows, seq %" PRId64 " to %" PRId64 ") to %s, signed. Take it to the committee's office."),
		 info.changes, info.rows, info.after_seq + 1, info.last_seq,
		 sync_path.buf);
	sync_result_error = false;
	sync_state = SYNC_EXPORTED;
	return TUI_HANDLED | TUI_REDRAW | TUI_FLUSH;
}

/* The push runs here, on the turn after "Sending…" was drawn. */
static unsigned sync_tick(struct kiosk *k)
{
	struct timespec ts;

	if (sync_state != SYNC_RUNNING)
		return 0;
	sync_push_now(k);
	/* the push was activity, not idleness: restart the idle clock */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	k->now_ms = clock_now_ms();
	k->mono_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	k->last_key_ms = k->now_ms;
	k->last_key_mono_ms = k->mono_ms;
	return TUI_HANDLED | TUI_REDRAW | TUI_FLUSH;
}

static unsigned sync_key(struct kiosk *k, const struct tui_key *key)
{
	switch (key->action) {
	case ACTION_BACK:
		if (sync_closed)
			return TUI_GOTO_SCREEN(SCREEN_SHIFT_END);
		return TUI_GOTO_SCREEN(SCREEN_SHIFT_VERIFY);
	case ACTION_NEXT_STEP:
		if (!sync_closed)
			return TUI_HANDLED;
		return TUI_GOTO_SCREEN(SCREEN_SHIFT_END);
	case ACTION_SUBMIT:
		switch (sync_state) {
		case SYNC_READY:
			if (!sync_close_shift(k))
				return TUI_HANDLED | TUI_REDRAW;
			sync_state = SYNC_RUNNING;
			k->message[0] = '\0';
			/* the bar's total before the first batch commits, not
			 * "0 of 0" */
			memset(&sync_prog, 0, sizeof sync_prog);
			{
				struct sync_status st;
				if (sync_status_read(k->db, &st) == SP_OK)
					sync_prog.changes_total = st.waiting;
			}
			return TUI_HANDLED | TUI_REDRAW;
		case SYNC_OFFLINE:
			return sync_export_now(k);
		case SYNC_PUSHED:
		case SYNC_EXPORTED:
			return TUI_GOTO_SCREEN(SCREEN_SHIFT_END);
		default:
			return TUI_HANDLED;
		}
	default:
		break;
	}
	if (sync_state != SYNC_OFFLINE)
		return 0;
	switch (lineedit_key(&sync_path, key)) {
	case LINEEDIT_CHANGED:
		k->message[0] = '\0';
		return TUI_HANDLED | TUI_REDRAW;
	case LINEEDIT_REFUSED:
		return TUI_HANDLED;
	default:
		return 0;
	}
}

const struct screen screen_shift_sync = {
	.name = "shift_sync",
	.actions = sync_actions,
	.enter = sync_enter,
	.leave = NULL,
	.draw = sync_draw,
	.key = sync_key,
	.tick = sync_tick,
};
