/* brandview.c — the brand profile for visitors (品牌介绍): name, slogan,
 * type and stage, then connotation, concept and goals wrapped by display
 * width and scrollable, and beside or below them the QR code of the public
 * profile, which a phone held to the screen opens. P prints the brand card;
 * F lets a visitor rate the service and C shows the members' public
 * commitments (their own screens, feedback.c and publiccommit.c).
 *
 * Reads only: the brand comes from core on entering, the address from
 * qr_profile_url_dup. The QR code is drawn whole or not at all (qrview.c);
 * when it cannot fit, the screen says so, and printing still works. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "brand.h"
#include "i18n.h"
#include "kiosk.h"
#include "qr.h"
#include "text.h"

/* The text column never gets narrower than this beside the code, nor
 * shorter than this many rows above it. */
#define BRANDVIEW_TEXT_MIN_COLS 36
#define BRANDVIEW_TEXT_MIN_ROWS 8
#define BRANDVIEW_GAP 3         /* columns between the text and the code */
#define BRANDVIEW_MARGIN 2      /* columns left and right of the screen */

static const enum action brandview_actions[] = {
	ACTION_SCROLL, ACTION_FEEDBACK, ACTION_PUBLIC_COMMITMENTS, ACTION_PRINT,
	ACTION_ANY, ACTION_NONE,
};

/* The clickable items on the row above the status line, left to right. */
enum brandview_item { BV_FEEDBACK, BV_COMMITMENTS, BV_PRINT, BV_BACK, BV_ITEMS };

static struct brand *brandview_brand;
static char *brandview_text[3];   /* connotation, concept, goals; sanitised */
static bool brandview_has_url;     /* a profile address exists */
static struct qrview brandview_qr;
static int brandview_scroll;       /* first line of the sections shown */
static int brandview_page = 1;     /* their rows at the last draw */
/* the clickable items where the last draw put them (y -1: not drawn) */
static struct { int y, x, w; } brandview_items[BV_ITEMS];

static const char *const brandview_headings[3] = {
	N_("What it stands for"), N_("Our concept"), N_("Our goals"),
};

static void brandview_leave(struct kiosk *k)
{
	(void)k;
	brand_free(brandview_brand);
	brandview_brand = NULL;
	for (int i = 0; i < 3; i++) {
		free(brandview_text[i]);
		brandview_text[i] = NULL;
	}
	qrview_clear(&brandview_qr);
	brandview_has_url = false;
}

static void brandview_enter(struct kiosk *k)
{
	enum sp_status status;
	char *url = NULL;

	brandview_leave(k);
	brandview_scroll = 0;
	for (int i = 0; i < BV_ITEMS; i++)
		brandview_items[i].y = -1;
	status = brand_get(k->db, &brandview_brand);
	if (status == SP_ERR_NOT_FOUND)
		kiosk_say(k, false, _("This station has not described its brand yet."));
	else if (status != SP_OK)
		kiosk_say_status(k, status);
	if (brandview_brand) {
		const char *texts[3] = { brandview_brand->connotation,
					 brandview_brand->concept,
					 brandview_brand->goals };
		for (int i = 0; i < 3; i++)
			if (texts[i] && *texts[i])
				brandview_text[i] = text_sanitize_dup(texts[i], true);
	}
	/* the configured address serves before the brand is described */
	if (qr_profile_url_dup(k->cfg, brandview_brand ?
			       brandview_brand->profile_url : NULL, &url) == SP_OK) {
		brandview_has_url = true;
		/* too long for any QR code: it never fits, the screen says so */
		qrview_set(&brandview_qr, url);
	}
	free(url);
}

/* Walks the sections' lines at cols columns, drawing those in
 * [first, first + count) from row y; returns how many lines there are. */
static int brandview_lines(int y, int x, int cols, int first, int count)
{
	int line = 0;

	for (int i = 0; i < 3; i++) {
		const char *s = brandview_text[i];
		size_t next, bytes;

		if (!s)
			continue;
		if (line > 0)
			line++; /* a blank line between sections */
		if (line >= first && line < first + count)
			draw_text(y + line - first, x, cols, _(brandview_headings[i]),
				  A_BOLD);
		line++;
		while (*s) {
			bytes = text_wrap_line(s, (size_t)(cols - 2), &next);
			if (bytes == 0 && next == 0)
				break;
			if (line >= first && line < first + count) {
				char *part = strndup(s, bytes);
				if (part)
					draw_text(y + line - first, x + 2, cols - 2, part,
						  A_NORMAL);
				free(part);
			}
			line++;
			s += next;
		}
	}
	return line;
}

/* Where the code goes: beside the text when the text keeps its minimum
 * width, else below it; wide before half blocks under "auto". Sets the
 * text's columns and rows; false when the code fits nowhere. */
static bool brandview_place(struct kiosk *k, int top, int rows, int *qr_y,
			    int *qr_x, int *text_cols, int *text_rows)
{
	const char *style = k->cfg->qr_style;
	const char *styles[2] = { style, NULL };
	int inner = k->cols - 2 * BRANDVIEW_MARGIN;

	if (strcmp(style, "half") != 0 && strcmp(style, "wide") != 0) {
		styles[0] = "wide";
		styles[1] = "half";
	}
	for (int i = 0; i < 2 && styles[i]; i++) {
		int beside = inner - BRANDVIEW_TEXT_MIN_COLS - BRANDVIEW_GAP;
		if (qrview_fit(&brandview_qr, styles[i], beside, rows)) {
			*qr_x = k->cols - BRANDVIEW_MARGIN - brandview_qr.cols;
			*qr_y = top;
			*text_cols = *qr_x - BRANDVIEW_GAP - BRANDVIEW_MARGIN;
			*text_rows = rows;
			return true;
		}
		if (qrview_fit(&brandview_qr, styles[i], inner,
			       rows - BRANDVIEW_TEXT_MIN_ROWS - 1)) {
			*qr_x = (k->cols - brandview_qr.cols) / 2;
			*qr_y = top + rows - brandview_qr.rows;
			*text_cols = inner;
			*text_rows = rows - brandview_qr.rows - 1;
			return true;
		}
	}
	*text_cols = inner;
	*text_rows = rows;
	return false;
}

/* " KEY  label " as a button; returns its width. */
static int brandview_button(int y, int x, int cols, const char *keys,
			    const char *label)
{
	int used = draw_text(y, x, cols, " ", A_REVERSE | A_BOLD);
	used += draw_text(y, x + used, cols - used, keys, A_REVERSE | A_BOLD);
	used += draw_text(y, x + used, cols - used, " ", A_REVERSE | A_BOLD);
	used += draw_text(y, x + used, cols - used, " ", A_NORMAL);
	used += draw_text(y, x + used, cols - used, label, A_BOLD);
	return used;
}

static void brandview_draw(struct kiosk *k)
{
	const struct brand *b = brandview_brand;
	int top = draw_body_top(), rows = draw_body_rows(k);
	int x = BRANDVIEW_MARGIN, qr_y = 0, qr_x = 0, tw, th, y, total, buttons;
	bool qr = false, too_large;
	char line[256];
	char *s;

	draw_frame(k, _("The brand"));
	tw = k->cols - 2 * BRANDVIEW_MARGIN;
	th = rows;
	if (brandview_qr.codes[0] || brandview_qr.codes[1])
		qr = brandview_place(k, top, rows, &qr_y, &qr_x, &tw, &th);
	too_large = brandview_has_url && !qr;
	if (qr) {
		qrview_draw(&brandview_qr, qr_y, qr_x);
		/* the caption, when a row is free under a code beside the text */
		if (qr_x > x && qr_y + brandview_qr.rows < top + rows)
			draw_centered(qr_y + brandview_qr.rows, qr_x, brandview_qr.cols,
				      _("Scan to open the brand profile"), A_NORMAL);
	}

	/* the buttons: on the row above the status line */
	buttons = k->rows - 3;
	{
		const char *keys[BV_ITEMS] = { _("F"), _("C"), _("P"), _("Esc") };
		const char *labels[BV_ITEMS] = {
			_("Rate our service"), _("Commitments"),
			_("Print the brand card"), _("Back"),
		};
		int total = 0, gap, bx = x;

		for (int i = 0; i < BV_ITEMS; i++)
			total += (int)(text_width(keys[i]) + text_width(labels[i])) + 3;
		/* as far apart as the row allows, up to four columns */
		gap = (k->cols - 2 * x - total) / (BV_ITEMS - 1);
		gap = gap > 4 ? 4 : gap < 1 ? 1 : gap;
		for (int i = 0; i < BV_ITEMS; i++) {
			brandview_items[i].x = bx;
			brandview_items[i].w = brandview_button(buttons, bx,
								k->cols - x - bx,
								keys[i], labels[i]);
			brandview_items[i].y = brandview_items[i].w > 0 ? buttons : -1;
			bx += brandview_items[i].w + gap;
		}
	}

	y = top;
	if (too_large) {
		/* in place of the code, never a part of it */
		th -= draw_wrapped(top + th - 1, x, tw, 1,
				   _("The QR code is too large to show here; it can be printed."),
				   draw_attr(ROLE_ERROR)) + 1;
	}
	if (!b)
		return;
	s = text_sanitize_dup(b->name, false);
	draw_centered(y++, x, tw, s ? s : "", draw_attr(ROLE_TITLE));
	free(s);
	s = text_sanitize_dup(b->slogan, false);
	if (s && *s)
		draw_centered(y++, x, tw, s, A_NORMAL);
	free(s);
	snprintf(line, sizeof line, _("Type: %s"), brand_type_label(b->type));
	draw_text(y++, x, tw, line, A_NORMAL);
	snprintf(line, sizeof line, _("Stage: %s"), brand_stage_label(b->stage));
	draw_text(y++, x, tw, line, A_NORMAL);
	y++;

	/* the sections scroll in what is left of the text column */
	th -= y - top;
	if (th < 1)
		return;
	total = brandview_lines(y, x, tw, 0, 0);
	if (total > th) {
		th--; /* the last row says there is more */
		if (brandview_scroll > total - th)
			brandview_scroll = total - th;
	} else {
		brandview_scroll = 0;
	}
	brandview_page = th > 1 ? th : 1;
	brandview_lines(y, x, tw, brandview_scroll, th);
	if (total > th) {
		snprintf(line, sizeof line, _("Lines %d-%d of %d: Up/Down to scroll"),
			 brandview_scroll + 1, brandview_scroll + th, total);
		draw_text(y + th, x, tw, line, A_DIM);
	}
}

static bool brandview_hit(const struct tui_key *key, enum brandview_item i)
{
	return brandview_items[i].y >= 0 && key->y == brandview_items[i].y &&
	       key->x >= brandview_items[i].x &&
	       key->x < brandview_items[i].x + brandview_items[i].w;
}

static unsigned brandview_key(struct kiosk *k, const struct tui_key *key)
{
	if (key->type == TUI_KEY_MOUSE) {
		if (brandview_hit(key, BV_FEEDBACK))
			return TUI_GOTO_SCREEN(SCREEN_FEEDBACK);
		if (brandview_hit(key, BV_COMMITMENTS))
			return TUI_GOTO_SCREEN(SCREEN_PUBLIC_COMMITMENTS);
		if (brandview_hit(key, BV_PRINT))
			goto print;
		if (brandview_hit(key, BV_BACK))
			return TUI_GOTO_SCREEN(SCREEN_HOME);
		/* a touch on the code or the text is not a wish to leave */
		return TUI_HANDLED;
	}
	switch (key->action) {
	case ACTION_SCROLL:
		switch (key->code) {
		case KEY_UP: brandview_scroll--; break;
		case KEY_DOWN: brandview_scroll++; break;
		case KEY_PPAGE: brandview_scroll -= brandview_page; break;
		case KEY_NPAGE: brandview_scroll += brandview_page; break;
		default: break;
		}
		/* the end is clamped by draw, which knows the line count */
		if (brandview_scroll < 0)
			brandview_scroll = 0;
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_FEEDBACK:
		return TUI_GOTO_SCREEN(SCREEN_FEEDBACK);
	case ACTION_PUBLIC_COMMITMENTS:
		return TUI_GOTO_SCREEN(SCREEN_PUBLIC_COMMITMENTS);
	case ACTION_PRINT:
		goto print;
	case ACTION_ANY: /* Esc too */
		return TUI_GOTO_SCREEN(SCREEN_HOME);
	default:
		return 0;
	}
print:
	if (!brandview_brand) {
		kiosk_say(k, true, _("This station has not described its brand yet."));
		return TUI_HANDLED | TUI_REDRAW;
	}
	printjob_brand_card(k, brandview_brand);
	/* keys pressed while the printer worked must not act on what follows */
	return TUI_HANDLED | TUI_REDRAW | TUI_FLUSH;
}

const struct screen screen_brand = {
	.name = "brand",
	.actions = brandview_actions,
	.enter = brandview_enter,
	.leave = brandview_leave,
	.draw = brandview_draw,
	.key = brandview_key,
	.tick = NULL,
};
