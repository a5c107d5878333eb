/* printjob.c — printing from the kiosk: the brand card for a visitor, the
 * service slip for a member after a write, and a slip again (补打) for
 * the staff.
 *
 * It only ever prints what is already committed, and a failed printer
 * changes no record: the member is told to ask the staff, and the failure
 * with its reason goes to the audit log, where staff find it and reprint
 * (from the staff menu or `svcpoint print slip ID`). It never retries on
 * its own, and waits no longer than printer.c's time limit. */
#include <stdio.h>
#include <stdlib.h>

#include "brand.h"
#include "entry.h"
#include "i18n.h"
#include "kiosk.h"
#include "printer.h"
#include "qr.h"
#include "receipt.h"

#define PRINTJOB_ERR_MAX 512

/* The brand's address for the receipt's QR code, or NULL for none. */
static char *printjob_url_dup(const struct kiosk *k, const struct brand *b)
{
	char *url = NULL;

	if (qr_profile_url_dup(k->cfg, b ? b->profile_url : NULL, &url) != SP_OK)
		return NULL;
	return url;
}

/* Sends a built job (status is how building it went) and says how it
 * went; audits a failure under target. staff: the one at the kiosk is
 * the staff, who is told the printer's reason instead of whom to ask. */
static bool printjob_send(struct kiosk *k, enum sp_status status,
			  const unsigned char *job, size_t len,
			  const char *target, const char *done, bool staff)
{
	char err[PRINTJOB_ERR_MAX] = "";

	if (status == SP_OK)
		status = printer_print(k->cfg, job, len, err, sizeof err);
	else
		snprintf(err, sizeof err, "%s", status_message(status));
	if (status != SP_OK) {
		if (staff)
			/* short: the printer's reason must fit the status line */
			kiosk_say(k, true, _("Not printed: %s."), err);
		else
			kiosk_say(k, true, "%s",
				  _("Printing failed; please ask the station staff."));
		/* the member can do nothing about it: the staff read the log */
		receipt_log(k->db, k->member ? k->member->id : NULL,
			    RECEIPT_ACTION_FAILED, target, err);
		return false;
	}
	if (k->cfg->printer_type == PRINTER_NONE) {
		kiosk_say(k, true, "%s",
			  staff ? _("No printer is set up ([printer] type = none); nothing was printed.")
				: _("This station has no printer set up; please ask the station staff."));
		return false;
	}
	kiosk_say(k, false, "%s", done);
	return true;
}

bool printjob_brand_card(struct kiosk *k, const struct brand *b)
{
	unsigned char *job = NULL;
	size_t len = 0;
	char *url = printjob_url_dup(k, b);
	enum sp_status status = receipt_brand_card(k->cfg, b, url, &job, &len);
	bool ok = printjob_send(k, status, job, len, "brand",
				_("The brand card is printed; please take it from the printer."),
				false);

	free(job);
	free(url);
	return ok;
}

/* The slip of e, first print or reprint (marked 补打, as `svcpoint
 * print slip ID` prints it). */
static bool printjob_slip(struct kiosk *k, const struct entry *e,
			  bool reprint)
{
	struct brand *b = NULL;
	unsigned char *job = NULL;
	size_t len = 0;
	char *url;
	enum sp_status status;
	bool ok;

	/* no brand yet: a slip without a QR code */
	if (brand_get(k->db, &b) != SP_OK)
		b = NULL;
	url = printjob_url_dup(k, b);
	status = receipt_service_slip(k->cfg, e, url, reprint, &job, &len);
	ok = printjob_send(k, status, job, len, e->id,
			   reprint ? _("The slip is printed again, marked as a reprint.")
				   : _("Your slip is printed; please take it from the printer."),
			   reprint);
	free(job);
	free(url);
	brand_free(b);
	return ok;
}

bool printjob_service_slip(struct kiosk *k, const struct entry *e)
{
	return printjob_slip(k, e, false);
}

bool printjob_reprint_slip(struct kiosk *k, const struct entry *e)
{
	bool ok = printjob_slip(k, e, true);

	/* the record of who reprinted what; the slip is out either way */
	if (ok && receipt_log(k->db, k->member ? k->member->id : NULL,
			      RECEIPT_ACTION_REPRINT, e->id, NULL) != SP_OK)
		kiosk_say(k, true, "%s",
			  _("Printed again, but the reprint is not in the audit log."));
	return ok;
}
