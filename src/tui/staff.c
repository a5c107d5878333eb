/* staff.c — the staff menu, reached only with a staff or admin PIN.
 *
 * This pass offers the one thing a locked kiosk needs: leaving it. The
 * exit is a staff action, so it lands in the audit log (in its own
 * transaction) before the loop is told to quit. Shift work, forgotten
 * check-outs and verification come with the shift screens. */
#include <stdlib.h>

#include "audit.h"
#include "i18n.h"
#include "kiosk.h"
#include "text.h"

enum { STAFF_EXIT, STAFF_BACK };

static const enum action staff_actions[] = {
	ACTION_NUMBER, ACTION_MOVE, ACTION_CHOOSE, ACTION_HOME, ACTION_NONE,
};

static struct menu staff_menu;

static void staff_enter(struct kiosk *k)
{
	(void)k;
	menu_clear(&staff_menu);
	menu_add(&staff_menu, _("Exit the kiosk"), STAFF_EXIT);
	menu_add(&staff_menu, _("Back to the home screen"), STAFF_BACK);
	menu_select_tag(&staff_menu, STAFF_BACK);
}

static void staff_draw(struct kiosk *k)
{
	int y = draw_body_top(), w = 44, x = (k->cols - w) / 2;
	char *name = text_sanitize_dup(k->member->name, false);

	draw_frame(k, _("Staff"));
	draw_text(y, 2, k->cols - 4, name ? name : "", draw_attr(ROLE_TITLE));
	free(name);
	draw_box(y + 2, x, staff_menu.count * 2 + 1, w, _("Staff"));
	menu_draw(&staff_menu, y + 3, x + 1, w - 2, staff_menu.count * 2 - 1, 2);
}

static unsigned staff_exit(struct kiosk *k)
{
	enum sp_status status = db_begin(k->db);

	if (status == SP_OK)
		status = audit_append(k->db, k->member->id, "kiosk.exit",
				      k->cfg->station_id, "");
	if (status == SP_OK)
		status = db_commit(k->db);
	if (status != SP_OK) {
		db_rollback(k->db);
		kiosk_say_status(k, status);
		return TUI_HANDLED | TUI_REDRAW;
	}
	return TUI_QUIT;
}

static unsigned staff_key(struct kiosk *k, const struct tui_key *key)
{
	if (key->action == ACTION_HOME)
		return TUI_GOTO_SCREEN(SCREEN_HOME);
	switch (menu_key(&staff_menu, key)) {
	case MENU_MOVED:
		return TUI_HANDLED | TUI_REDRAW;
	case MENU_CHOSEN:
		if (menu_selected_tag(&staff_menu) == STAFF_EXIT)
			return staff_exit(k);
		return TUI_GOTO_SCREEN(SCREEN_HOME);
	default:
		return 0;
	}
}

const struct screen screen_staff = {
	.name = "staff",
	.actions = staff_actions,
	.enter = staff_enter,
	.leave = NULL,
	.draw = staff_draw,
	.key = staff_key,
	.tick = NULL,
};
