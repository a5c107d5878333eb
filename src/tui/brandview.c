/* brandview.c — the brand profile for visitors: name, slogan, type and
 * stage, connotation, concept and goals, wrapped to the screen.
 *
 * Reads only. The QR code of the public profile comes with its own view;
 * until then the address is shown as text. */
#include <stdio.h>
#include <stdlib.h>

#include "brand.h"
#include "i18n.h"
#include "kiosk.h"
#include "text.h"

static const enum action brandview_actions[] = { ACTION_ANY, ACTION_NONE };

static struct brand *brandview_brand;

static void brandview_enter(struct kiosk *k)
{
	enum sp_status status = brand_get(k->db, &brandview_brand);

	if (status == SP_ERR_NOT_FOUND)
		kiosk_say(k, false, _("This station has not described its brand yet."));
	else if (status != SP_OK)
		kiosk_say_status(k, status);
}

static void brandview_leave(struct kiosk *k)
{
	(void)k;
	brand_free(brandview_brand);
	brandview_brand = NULL;
}

/* A heading and its wrapped text; returns the next free row. */
static int brandview_section(int y, int last, int cols, const char *heading,
			     const char *text)
{
	char *safe;

	if (!text || !*text || y > last)
		return y;
	draw_text(y++, 2, cols, heading, A_BOLD);
	safe = text_sanitize_dup(text, true);
	if (safe)
		y += draw_wrapped(y, 4, cols - 2, last - y + 1, safe, A_NORMAL);
	free(safe);
	return y;
}

static void brandview_draw(struct kiosk *k)
{
	const struct brand *b = brandview_brand;
	int y = draw_body_top(), last = k->rows - 4, cols = k->cols - 4;
	char line[256];
	char *s;

	draw_frame(k, _("The brand"));
	if (!b)
		return;
	s = text_sanitize_dup(b->name, false);
	draw_centered(y++, 0, k->cols, s ? s : "", draw_attr(ROLE_TITLE));
	free(s);
	s = text_sanitize_dup(b->slogan, false);
	if (s && *s)
		draw_centered(y++, 0, k->cols, s, A_NORMAL);
	free(s);
	snprintf(line, sizeof line, _("Type: %s    Stage: %s"),
		 brand_type_label(b->type), brand_stage_label(b->stage));
	draw_centered(y++, 0, k->cols, line, A_NORMAL);
	y++;
	y = brandview_section(y, last, cols, _("What it stands for"), b->connotation);
	y = brandview_section(y, last, cols, _("Our concept"), b->concept);
	y = brandview_section(y, last, cols, _("Our goals"), b->goals);
	brandview_section(y, last, cols, _("Profile online"), b->profile_url);
}

static unsigned brandview_key(struct kiosk *k, const struct tui_key *key)
{
	(void)k;
	if (key->action == ACTION_ANY || key->type == TUI_KEY_MOUSE)
		return TUI_GOTO_SCREEN(SCREEN_HOME);
	return 0;
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
