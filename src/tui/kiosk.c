/* kiosk.c — `svcpoint kiosk`: opens the store, refuses a damaged one,
 * loads the PIN pepper, starts the terminal, runs the loop and tears it
 * all down again, on every path. Also the small helpers the screens share
 * about the member session and the status line.
 *
 * It never exits the process itself: main() does, with the status this
 * returns. */
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "entry.h"
#include "i18n.h"
#include "kiosk.h"
#include "tui.h"

void kiosk_end_session(struct kiosk *k)
{
	member_free(k->member);
	k->member = NULL;
	k->badge[0] = '\0';
	k->activity_id[0] = '\0';
	k->activity_name[0] = '\0';
	k->confirm_id[0] = '\0';
	k->purpose = PURPOSE_CHECKIO;
	k->message[0] = '\0';
	k->message_is_error = false;
}

void kiosk_say(struct kiosk *k, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(k->message, sizeof k->message, fmt, ap);
	va_end(ap);
	k->message_is_error = error;
}

void kiosk_say_status(struct kiosk *k, enum sp_status status)
{
	kiosk_say(k, status != SP_OK, "%s", status_message(status));
}

int64_t kiosk_elapsed_ms(const struct kiosk *k, int64_t since_ms,
			 int64_t since_mono_ms)
{
	int64_t wall = k->now_ms - since_ms;
	int64_t mono = k->mono_ms - since_mono_ms;
	return wall > mono ? wall : mono;
}

int64_t kiosk_idle_ms(const struct kiosk *k)
{
	return kiosk_elapsed_ms(k, k->last_key_ms, k->last_key_mono_ms);
}

const char *kiosk_entry_activity(const struct kiosk *k, const struct entry *e)
{
	if (strcmp(k->cfg->language, "en") == 0 && e->activity_name_en &&
	    *e->activity_name_en)
		return e->activity_name_en;
	return e->activity_name ? e->activity_name : "";
}

void kiosk_format_minutes(int minutes, char *buf, size_t size)
{
	if (minutes < 0)
		minutes = 0;
	if (minutes >= 60 && minutes % 60)
		snprintf(buf, size, _("%d h %d min"), minutes / 60, minutes % 60);
	else if (minutes >= 60)
		snprintf(buf, size, _("%d h"), minutes / 60);
	else
		snprintf(buf, size, _("%d min"), minutes);
}

static void kiosk_usage(void)
{
	printf("%s", _("Usage: svcpoint [-c CONFIG] [-d DATABASE] kiosk\n"
		       "\n"
		       "Runs the service point's kiosk on this terminal (at least 80x24).\n"
		       "With [kiosk] locked = true, Ctrl-C, Ctrl-Z and Ctrl-\\ do nothing;\n"
		       "the kiosk ends through the staff menu or on SIGTERM/SIGHUP.\n"));
}

int tui_kiosk_main(struct cli *cli, int argc, char **argv)
{
	struct kiosk k;
	char *detail = NULL;
	enum sp_status status;

	if (argc > 0 && cli_wants_help(argc, argv)) {
		kiosk_usage();
		return CLI_OK;
	}
	if (argc > 1)
		return cli_usage_error("kiosk", _("unexpected argument '%s'"), argv[1]);

	memset(&k, 0, sizeof k);
	k.cfg = &cli->cfg;
	k.db = cli_open_db(cli, false);
	if (!k.db)
		return CLI_FAIL;
	/* A kiosk on a damaged or unsafely configured store would take
	 * records it might lose: refuse, and say service is needed. */
	status = db_check_health(k.db, &detail);
	if (status != SP_OK) {
		cli_fail(status, detail);
		free(detail);
		db_close(k.db);
		return CLI_FAIL;
	}
	if (!cli_load_pepper(cli, k.pepper)) {
		db_close(k.db);
		return CLI_FAIL;
	}
	if (!term_begin(cli->cfg.locked)) {
		sodium_memzero(k.pepper, sizeof k.pepper);
		db_close(k.db);
		return CLI_FAIL;
	}

	loop_run(&k);

	term_end();
	kiosk_end_session(&k);
	sodium_memzero(k.pepper, sizeof k.pepper);
	db_close(k.db);
	return CLI_OK;
}
