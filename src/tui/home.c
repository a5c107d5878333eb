/* home.c — the idle screen: the brand, the station, the time, the big
 * menu, and the badge field a barcode scanner types into.
 *
 * Entering home ends any member session. Badge characters typed here
 * collect in the badge field: Enter with two or more goes to the PIN
 * prompt for that badge; a single digit followed by Enter, or by 700 ms of
 * silence (a scanner types far faster), picks that menu item instead. */
#include <stdlib.h>
#include <string.h>

#include "brand.h"
#include "i18n.h"
#include "kiosk.h"
#include "qr.h"
#include "text.h"

/* A scanner sends a whole badge within a few milliseconds; a person who
 * pressed one digit and stopped meant the menu item. */
#define HOME_DIGIT_SILENCE_MS 700

/* Beside the brand's QR code the menu column keeps this width (the badge
 * sentence fits in it), with this gap before the code. Where that leaves
 * no room, as at 80x24, the column narrows to HOME_COLUMN_MIN_COLS (the
 * menu box as wide as the column, the sentence on two lines), so a short
 * profile address still gets its code beside the menu. */
#define HOME_COLUMN_COLS 56
#define HOME_COLUMN_MIN_COLS 38
#define HOME_QR_GAP 3
#define HOME_MENU_COLS 44

enum home_item { HOME_CHECKIO, HOME_LOG, HOME_COMMITMENTS, HOME_RECORD,
		 HOME_BRAND, HOME_STAFF, HOME_ITEMS };

static const char *const home_labels[HOME_ITEMS] = {
	[HOME_CHECKIO] = N_("Check in / out"),
	[HOME_LOG] = N_("Log service hours"),
	[HOME_COMMITMENTS] = N_("My commitments"),
	[HOME_RECORD] = N_("My record"),
	[HOME_BRAND] = N_("The brand"),
	[HOME_STAFF] = N_("Staff"),
};

static const enum action home_actions[] = {
	ACTION_NUMBER, ACTION_MOVE, ACTION_CHOOSE, ACTION_ERASE, ACTION_BACK,
	ACTION_NONE,
};

static struct menu home_menu;
static struct lineedit home_badge;
static int64_t home_badge_mono_ms; /* when the last badge character came */
static char *home_brand_name;      /* sanitised, or NULL */
static char *home_brand_slogan;
static struct qrview home_qr;      /* the profile's code, for passers-by */

static void home_enter(struct kiosk *k)
{
	struct brand *b = NULL;

	kiosk_end_session(k);
	menu_clear(&home_menu);
	for (int i = 0; i < HOME_ITEMS; i++)
		menu_add(&home_menu, _(home_labels[i]), i);
	lineedit_init(&home_badge, MEMBER_NO_MAX, LINEEDIT_BADGE);
	/* read on every return home, so `svcpoint brand set` shows at once */
	if (brand_get(k->db, &b) == SP_OK) {
		home_brand_name = text_sanitize_dup(b->name, false);
		home_brand_slogan = text_sanitize_dup(b->slogan, false);
	}
	{
		char *url = NULL;
		if (qr_profile_url_dup(k->cfg, b ? b->profile_url : NULL, &url) == SP_OK)
			qrview_set(&home_qr, url);
		free(url);
	}
	brand_free(b);
}

static void home_leave(struct kiosk *k)
{
	(void)k;
	free(home_brand_name);
	free(home_brand_slogan);
	home_brand_name = home_brand_slogan = NULL;
	qrview_clear(&home_qr);
	lineedit_clear(&home_badge);
	menu_free(&home_menu);
}

/* The brand's code beside the menu when it fits whole without narrowing
 * the menu's column; sets that column's left edge and width. */
static void home_draw_qr(struct kiosk *k, int *col_x, int *col_w)
{
	int rows = draw_body_rows(k), top = draw_body_top(), gx, qx, qy;
	int col = HOME_COLUMN_COLS;

	*col_x = 0;
	*col_w = k->cols;
	while (!qrview_fit(&home_qr, k->cfg->qr_style,
			   k->cols - 2 - col - HOME_QR_GAP, rows)) {
		if (col == HOME_COLUMN_MIN_COLS)
			return;
		col = HOME_COLUMN_MIN_COLS;
	}
	gx = (k->cols - col - HOME_QR_GAP - home_qr.cols) / 2;
	qx = gx + col + HOME_QR_GAP;
	qy = top + (rows - home_qr.rows) / 2;
	qrview_draw(&home_qr, qy, qx);
	if (qy + home_qr.rows < top + rows)
		draw_centered(qy + home_qr.rows, qx, home_qr.cols,
			      _("Scan to open the brand profile"), A_NORMAL);
	*col_x = gx;
	*col_w = col;
}

/* The badge sentence centred in the column, on two lines when the column
 * is the narrow one. */
static void home_draw_hint(int y, int cx, int cw, const char *s)
{
	size_t next = 0;
	int rows = 0;

	while (*s && rows < 2) {
		size_t bytes = text_wrap_line(s, (size_t)cw, &next);
		char *line = strndup(s, bytes);
		if (!line || (bytes == 0 && next == 0)) {
			free(line);
			break;
		}
		draw_centered(y + rows++, cx, cw, line, A_NORMAL);
		free(line);
		s += next;
	}
}

static void home_draw(struct kiosk *k)
{
	/* centred on a screen taller than the minimum */
	int y = draw_body_top() + (k->rows - KIOSK_MIN_ROWS) / 2;
	int w, x, cx, cw;
	int menu_rows = HOME_ITEMS * 2 - 1;
	const char *name = home_brand_name && *home_brand_name ?
		home_brand_name : k->cfg->station_name;

	draw_frame(k, NULL);
	/* the column of everything else: the whole width without a code */
	home_draw_qr(k, &cx, &cw);
	w = cw < HOME_MENU_COLS ? cw : HOME_MENU_COLS;
	x = cx + (cw - w) / 2;
	draw_centered(y, cx, cw, name, draw_attr(ROLE_TITLE));
	if (home_brand_slogan && *home_brand_slogan)
		draw_centered(y + 1, cx, cw, home_brand_slogan, A_NORMAL);

	draw_box(y + 3, x, menu_rows + 2, w, NULL);
	menu_draw(&home_menu, y + 4, x + 1, w - 2, menu_rows, 2);

	y += 3 + menu_rows + 3;
	{
		const char *label = _("Badge no.:");
		int lw = (int)text_width(label), fw = MEMBER_NO_MAX / 2 + 2;
		int fx = cx + (cw - lw - 1 - fw) / 2;
		draw_text(y, fx, lw, label, A_BOLD);
		lineedit_draw(&home_badge, k, y, fx + lw + 1, fw, true);
	}
	home_draw_hint(y + 1, cx, cw,
		       _("Scan your badge, or type its number and press Enter."));
}

static unsigned home_choose(struct kiosk *k, int item)
{
	static const enum kiosk_purpose purposes[HOME_ITEMS] = {
		[HOME_CHECKIO] = PURPOSE_CHECKIO,
		[HOME_LOG] = PURPOSE_LOG_HOURS,
		[HOME_COMMITMENTS] = PURPOSE_COMMITMENTS,
		[HOME_RECORD] = PURPOSE_RECORD,
		[HOME_STAFF] = PURPOSE_STAFF,
	};

	lineedit_clear(&home_badge);
	if (item == HOME_BRAND)
		return TUI_GOTO_SCREEN(SCREEN_BRAND);
	k->purpose = purposes[item];
	k->badge[0] = '\0'; /* identify asks for it */
	return TUI_GOTO_SCREEN(SCREEN_IDENTIFY);
}

static unsigned home_submit(struct kiosk *k)
{
	const char *b = home_badge.buf;

	if (home_badge.len == 0)
		return home_choose(k, menu_selected_tag(&home_menu));
	if (home_badge.len == 1 && b[0] >= '1' && b[0] < '1' + HOME_ITEMS)
		return home_choose(k, b[0] - '1');
	if (member_validate_no(b) != SP_OK || home_badge.len < 2) {
		kiosk_say(k, true, _("That is not a badge number. Please scan your badge again."));
		lineedit_clear(&home_badge);
		return TUI_HANDLED | TUI_REDRAW;
	}
	/* a scan on home always means check in / out */
	k->purpose = PURPOSE_CHECKIO;
	memcpy(k->badge, b, home_badge.len + 1);
	lineedit_clear(&home_badge);
	return TUI_GOTO_SCREEN(SCREEN_IDENTIFY);
}

static unsigned home_key(struct kiosk *k, const struct tui_key *key)
{
	if (key->type == TUI_KEY_CHAR && lineedit_accepts(&home_badge, key->ch)) {
		if (lineedit_key(&home_badge, key) == LINEEDIT_CHANGED)
			home_badge_mono_ms = k->mono_ms;
		k->message[0] = '\0';
		return TUI_HANDLED | TUI_REDRAW;
	}
	switch (key->action) {
	case ACTION_CHOOSE:
		return home_submit(k);
	case ACTION_ERASE:
		lineedit_key(&home_badge, key);
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_BACK:
		lineedit_clear(&home_badge);
		k->message[0] = '\0';
		return TUI_HANDLED | TUI_REDRAW;
	default:
		break;
	}
	switch (menu_key(&home_menu, key)) {
	case MENU_CHOSEN:
		return home_choose(k, menu_selected_tag(&home_menu));
	case MENU_MOVED:
		return TUI_HANDLED | TUI_REDRAW;
	default:
		return 0;
	}
}

static unsigned home_tick(struct kiosk *k)
{
	const char *b = home_badge.buf;

	if (home_badge.len == 1 && b[0] >= '1' && b[0] < '1' + HOME_ITEMS &&
	    k->mono_ms - home_badge_mono_ms >= HOME_DIGIT_SILENCE_MS)
		return home_choose(k, b[0] - '1');
	return 0;
}

const struct screen screen_home = {
	.name = "home",
	.actions = home_actions,
	.enter = home_enter,
	.leave = home_leave,
	.draw = home_draw,
	.key = home_key,
	.tick = home_tick,
};
