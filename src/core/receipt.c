/* receipt.c — owns the content and layout of every printed receipt and
 * the masking of names on them, plus the audit rows of printing (the
 * lookup of an entry by the short id a slip shows is entry.c's).
 *
 * It must never send bytes to a printer (printer.c does) and never write
 * anything but audit rows: receipts are printed after their record is
 * committed, and a failed print changes no record. Layout is measured in
 * the printer's character columns through text.h, never with strlen. */
#include "receipt.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "escpos.h"
#include "i18n.h"
#include "text.h"

/* Printed whatever the UI language: it tests the printer's Chinese, so it
 * is not a message to translate. */
static const char receipt_sample[] = "中文测试 党员服务点 ABCabc 0123456789";
static const char receipt_sample_url[] = "https://example.org/svcpoint-test";
static const char receipt_wide_digits[] = "一二三四五六七八九十";

char *receipt_mask_name_dup(const char *name)
{
	size_t chars, len, i = 0, pos = 0, out_len = 0;
	char *out;

	if (!name)
		return NULL;
	chars = text_chars(name);
	len = strlen(name);
	out = malloc(len + 1);
	if (!out)
		return NULL;
	while (name[pos]) {
		size_t n = text_char_bytes(name + pos);
		bool last = i + 1 == chars;
		bool keep = i == 0 || (last && chars > 2) || name[pos] == ' ';
		if (keep) {
			memcpy(out + out_len, name + pos, n);
			out_len += n;
		} else {
			/* '*' is never longer than the character it hides */
			out[out_len++] = '*';
		}
		pos += n;
		i++;
	}
	out[out_len] = '\0';
	return out;
}

/* ---- layout helpers -------------------------------------------------------- */

/* printf into a wrapped block. */
static void receipt_printf(struct escpos *job, int cols, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void receipt_printf(struct escpos *job, int cols, const char *fmt, ...)
{
	va_list ap;
	char *text = NULL;
	int rc;

	va_start(ap, fmt);
	rc = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (rc < 0) {
		escpos_set_error(job, SP_ERR_NOMEM);
		return;
	}
	escpos_wrapped(job, text, cols);
	free(text);
}

/* A line of '-' across the paper. */
static void receipt_rule(struct escpos *job, char c)
{
	char line[512];
	int cols = escpos_columns(job);

	if (cols >= (int)sizeof line)
		cols = (int)sizeof line - 1;
	memset(line, c, (size_t)cols);
	line[cols] = '\0';
	escpos_line(job, line);
}

/* Native module size or raster dots: what fits the paper with the quiet
 * zone, at most ESCPOS_QR_MAX_DOTS, when the caller did not say. */
static int receipt_fit_module(const struct config *cfg, const struct qr *qr)
{
	int dots = cfg->printer_width_dots / (qr->size + 2 * QR_QUIET_PRINT);

	return dots > ESCPOS_QR_MAX_DOTS ? ESCPOS_QR_MAX_DOTS : dots;
}

/* The QR code of url, centred, as [printer] qr_mode says. */
static void receipt_qr(struct escpos *job, const struct config *cfg,
		       const char *url, enum qr_ec ec, int module_size)
{
	struct qr *qr = NULL;
	enum sp_status status = qr_encode(url, ec, &qr);

	if (status != SP_OK) {
		escpos_set_error(job, status);
		return;
	}
	if (module_size == 0)
		module_size = receipt_fit_module(cfg, qr);
	escpos_align(job, ESCPOS_CENTRE);
	if (strcmp(cfg->printer_qr_mode, "native") == 0)
		escpos_qr_native(job, url, module_size < 1 ? 1 : module_size,
				 ec);
	else
		escpos_qr_raster(job, qr, module_size < 1 ? 1 : module_size,
				 QR_QUIET_PRINT);
	qr_free(qr);
}

/* Feeds the paper past the cutter, and cuts when the printer has one. */
static void receipt_end(struct escpos *job, const struct config *cfg)
{
	escpos_align(job, ESCPOS_LEFT);
	escpos_feed(job, 3);
	if (cfg->printer_cut)
		escpos_cut(job);
}

static enum sp_status receipt_begin(const struct config *cfg,
				    struct escpos **job)
{
	enum sp_status status = escpos_new(cfg->printer_encoding,
					   cfg->printer_width_dots, job);

	if (status == SP_OK)
		escpos_init(*job);
	return status;
}

static enum sp_status receipt_finish(struct escpos *job, unsigned char **out,
				     size_t *len)
{
	enum sp_status status = escpos_take(job, out, len);

	escpos_free(job);
	return status;
}

/* ---- the receipts ------------------------------------------------------------ */

enum sp_status receipt_brand_card(const struct config *cfg,
				  const struct brand *brand, const char *url,
				  unsigned char **out, size_t *len)
{
	struct escpos *job = NULL;
	enum sp_status status;
	int cols;

	*out = NULL;
	*len = 0;
	if (!brand)
		return SP_ERR_INVALID;
	status = receipt_begin(cfg, &job);
	if (status != SP_OK)
		return status;
	cols = escpos_columns(job);
	escpos_align(job, ESCPOS_CENTRE);
	escpos_bold(job, true);
	escpos_size(job, 2, 2);
	escpos_wrapped(job, brand->name, cols / 2);
	escpos_size(job, 1, 1);
	escpos_bold(job, false);
	if (brand->slogan && *brand->slogan)
		escpos_wrapped(job, brand->slogan, cols);
	escpos_feed(job, 1);
	if (brand->concept && *brand->concept) {
		escpos_align(job, ESCPOS_LEFT);
		escpos_bold(job, true);
		escpos_line(job, _("Our concept"));
		escpos_bold(job, false);
		escpos_wrapped(job, brand->concept, cols);
		escpos_feed(job, 1);
	}
	if (url && *url) {
		receipt_qr(job, cfg, url, RECEIPT_QR_EC, 0);
		escpos_align(job, ESCPOS_CENTRE);
		escpos_wrapped(job, _("Scan the QR code with your phone to read our brand profile"),
				cols);
	}
	if (cfg->station_name[0]) {
		escpos_align(job, ESCPOS_CENTRE);
		escpos_wrapped(job, cfg->station_name, cols);
	}
	receipt_end(job, cfg);
	return receipt_finish(job, out, len);
}

/* "1 h 30 min" from credited minutes. */
static void receipt_duration(char *buf, size_t size, int minutes)
{
	if (minutes < 0)
		snprintf(buf, size, "%s", _("in progress"));
	else if (minutes >= 60)
		snprintf(buf, size, _("%d h %d min"), minutes / 60, minutes % 60);
	else
		snprintf(buf, size, _("%d min"), minutes);
}

enum sp_status receipt_service_slip(const struct config *cfg,
				    const struct entry *e, const char *url,
				    bool reprint, unsigned char **out,
				    size_t *len)
{
	struct escpos *job = NULL;
	char when[64], until[16], duration[64], printed[32];
	char short_id[RECEIPT_SHORT_ID_LEN + 1];
	const char *activity;
	char *masked;
	enum sp_status status;
	int cols;

	*out = NULL;
	*len = 0;
	if (!e)
		return SP_ERR_INVALID;
	masked = receipt_mask_name_dup(e->member_name ? e->member_name : "");
	if (!masked)
		return SP_ERR_NOMEM;
	status = receipt_begin(cfg, &job);
	if (status != SP_OK) {
		free(masked);
		return status;
	}
	cols = escpos_columns(job);
	activity = e->activity_name ? e->activity_name : "";
	if (strcmp(cfg->language, "en") == 0 && e->activity_name_en &&
	    *e->activity_name_en)
		activity = e->activity_name_en;
	/* A visit shows its times; logged hours only carry a day. */
	if (e->kind == ENTRY_KIND_VISIT) {
		clock_format_local(e->started_ms, "%Y-%m-%d %H:%M", when,
				   sizeof when);
		if (e->ended_ms > 0) {
			clock_format_local(e->ended_ms, "%H:%M", until,
					   sizeof until);
			strncat(when, " - ", sizeof when - strlen(when) - 1);
			strncat(when, until, sizeof when - strlen(when) - 1);
		}
	} else {
		clock_local_date(e->started_ms, when);
	}
	receipt_duration(duration, sizeof duration, e->minutes);
	clock_format_local(clock_now_ms(), "%Y-%m-%d %H:%M", printed,
			   sizeof printed);
	memcpy(short_id, e->id, RECEIPT_SHORT_ID_LEN);
	short_id[RECEIPT_SHORT_ID_LEN] = '\0';

	escpos_align(job, ESCPOS_CENTRE);
	escpos_bold(job, true);
	escpos_size(job, 2, 2);
	escpos_wrapped(job, _("Service slip"), cols / 2);
	if (reprint)
		escpos_wrapped(job, _("REPRINT"), cols / 2);
	escpos_size(job, 1, 1);
	escpos_bold(job, false);
	if (cfg->station_name[0])
		escpos_wrapped(job, cfg->station_name, cols);
	escpos_align(job, ESCPOS_LEFT);
	receipt_rule(job, '-');
	receipt_printf(job, cols, _("Member: %s"), masked);
	receipt_printf(job, cols, _("Activity: %s"), activity);
	receipt_printf(job, cols, _("Date: %s"), when);
	receipt_printf(job, cols, _("Duration: %s"), duration);
	receipt_printf(job, cols, _("Status: %s"), entry_status_label(e->status));
	if (e->voided)
		receipt_printf(job, cols, "%s", _("VOIDED: this entry does not count"));
	receipt_printf(job, cols, _("Station: %s"),
		       cfg->station_name[0] ? cfg->station_name : cfg->station_id);
	receipt_printf(job, cols, _("Entry no.: %s"), short_id);
	receipt_printf(job, cols, _("Printed: %s"), printed);
	receipt_rule(job, '-');
	if (url && *url) {
		receipt_qr(job, cfg, url, RECEIPT_QR_EC, 0);
		escpos_align(job, ESCPOS_CENTRE);
		escpos_wrapped(job, _("Scan to read our brand profile"), cols);
	}
	receipt_end(job, cfg);
	free(masked);
	return receipt_finish(job, out, len);
}

enum sp_status receipt_test_page(const struct config *cfg, const char *url,
				 unsigned char **out, size_t *len)
{
	struct escpos *job = NULL;
	char ruler[512], wide[1536];
	enum sp_status status;
	size_t wlen = 0;
	int cols;

	*out = NULL;
	*len = 0;
	if (!url || !*url)
		url = receipt_sample_url;
	status = receipt_begin(cfg, &job);
	if (status != SP_OK)
		return status;
	cols = escpos_columns(job);
	if (cols >= (int)sizeof ruler)
		cols = (int)sizeof ruler - 1;
	escpos_align(job, ESCPOS_CENTRE);
	escpos_bold(job, true);
	escpos_wrapped(job, _("Printer test page"), cols);
	escpos_bold(job, false);
	escpos_align(job, ESCPOS_LEFT);
	escpos_wrapped(job, receipt_sample, cols);
	receipt_printf(job, cols, _("Character set: %s"), cfg->printer_encoding);
	receipt_printf(job, cols, _("Paper width: %d dots, %d characters a line"),
		       cfg->printer_width_dots, escpos_columns(job));
	/* Rulers: a mark every 5 and 10 columns, the column digits, and wide
	 * characters two columns each; all three must end together. */
	for (int i = 0; i < cols; i++)
		ruler[i] = (i + 1) % 10 == 0 ? '|' : (i + 1) % 5 == 0 ? '+' : '-';
	ruler[cols] = '\0';
	escpos_line(job, ruler);
	for (int i = 0; i < cols; i++)
		ruler[i] = (char)('0' + (i + 1) % 10);
	escpos_line(job, ruler);
	for (int i = 0; i < cols / 2; i++) {
		/* each of these characters is three bytes of UTF-8 */
		memcpy(wide + wlen, receipt_wide_digits + 3 * (i % 10), 3);
		wlen += 3;
	}
	wide[wlen] = '\0';
	escpos_line(job, wide);
	escpos_feed(job, 1);
	receipt_qr(job, cfg, url, RECEIPT_QR_EC, 0);
	escpos_align(job, ESCPOS_CENTRE);
	escpos_wrapped(job, url, cols);
	receipt_end(job, cfg);
	return receipt_finish(job, out, len);
}

enum sp_status receipt_qr_job(const struct config *cfg, const char *text,
			      enum qr_ec ec, int module_size,
			      unsigned char **out, size_t *len)
{
	struct escpos *job = NULL;
	enum sp_status status;

	*out = NULL;
	*len = 0;
	if (!text || !*text || module_size < 0)
		return SP_ERR_INVALID;
	status = receipt_begin(cfg, &job);
	if (status != SP_OK)
		return status;
	receipt_qr(job, cfg, text, ec, module_size);
	receipt_end(job, cfg);
	return receipt_finish(job, out, len);
}

/* ---- the store --------------------------------------------------------------- */

enum sp_status receipt_find_entry(struct db *db, const char *id_or_prefix,
				  char id_out[UUID_STR_LEN])
{
	struct entry *e = NULL;
	enum sp_status status = entry_find_by_prefix(db, id_or_prefix, &e);

	id_out[0] = '\0';
	if (status == SP_OK)
		memcpy(id_out, e->id, UUID_STR_LEN);
	entry_free(e);
	return status;
}

enum sp_status receipt_log(struct db *db, const char *actor_id,
			   const char *action, const char *target,
			   const char *detail)
{
	enum sp_status status = db_begin(db);

	if (status != SP_OK)
		return status;
	status = audit_append(db, actor_id, action, target ? target : "",
			      detail ? detail : "");
	if (status == SP_OK)
		status = db_commit(db);
	if (status != SP_OK)
		db_rollback(db);
	return status;
}
