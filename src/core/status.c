/* status.c — the sentences behind each status code, marked for gettext. */
#include "status.h"
#include "i18n.h"

static const struct {
	const char *name;
	const char *message;
} status_table[SP_STATUS_COUNT] = {
	[SP_OK] = {"SP_OK", N_("Done.")},
	[SP_ERR_NOMEM] = {"SP_ERR_NOMEM", N_("Out of memory.")},
	[SP_ERR_IO] = {"SP_ERR_IO", N_("A file could not be read or written.")},
	[SP_ERR_DB] = {"SP_ERR_DB", N_("The database reported an error; nothing was saved.")},
	[SP_ERR_BUSY] = {"SP_ERR_BUSY", N_("The database is busy; please try again.")},
	[SP_ERR_CORRUPT] = {"SP_ERR_CORRUPT", N_("The database file is damaged; restore it from a backup.")},
	[SP_ERR_TOO_NEW] = {"SP_ERR_TOO_NEW", N_("The database was written by a newer svcpoint; please upgrade.")},
	[SP_ERR_SERVICE] = {"SP_ERR_SERVICE", N_("Service required: the database is not set up safely.")},
	[SP_ERR_NOT_FOUND] = {"SP_ERR_NOT_FOUND", N_("No such record.")},
	[SP_ERR_INVALID] = {"SP_ERR_INVALID", N_("That value is not valid.")},
	[SP_ERR_TEXT_EMPTY] = {"SP_ERR_TEXT_EMPTY", N_("This field cannot be empty.")},
	[SP_ERR_TEXT_TOO_LONG] = {"SP_ERR_TEXT_TOO_LONG", N_("The text is too long.")},
	[SP_ERR_TEXT_CONTROL] = {"SP_ERR_TEXT_CONTROL", N_("The text contains control characters.")},
	[SP_ERR_TEXT_UTF8] = {"SP_ERR_TEXT_UTF8", N_("The text is not valid UTF-8.")},
	[SP_ERR_PIN_FORMAT] = {"SP_ERR_PIN_FORMAT", N_("A PIN is 4 to 8 digits.")},
	[SP_ERR_PIN_IS_BADGE] = {"SP_ERR_PIN_IS_BADGE", N_("The PIN must not be the badge number.")},
	[SP_ERR_UNKNOWN_BADGE] = {"SP_ERR_UNKNOWN_BADGE", N_("Badge number or PIN is wrong.")},
	[SP_ERR_WRONG_PIN] = {"SP_ERR_WRONG_PIN", N_("Badge number or PIN is wrong.")},
	[SP_ERR_LOCKED] = {"SP_ERR_LOCKED", N_("Too many wrong PINs; this badge is locked for now.")},
	[SP_ERR_DUPLICATE] = {"SP_ERR_DUPLICATE", N_("This record exists already.")},
	[SP_ERR_ALREADY_OPEN] = {"SP_ERR_ALREADY_OPEN", N_("You are already checked in.")},
	[SP_ERR_NOT_OPEN] = {"SP_ERR_NOT_OPEN", N_("You are not checked in.")},
	[SP_ERR_TOO_LONG_OPEN] = {"SP_ERR_TOO_LONG_OPEN", N_("This visit has been open too long; station staff will close it.")},
	[SP_ERR_HOURS] = {"SP_ERR_HOURS", N_("Those hours are not possible.")},
	[SP_ERR_DATE] = {"SP_ERR_DATE", N_("That date is outside the allowed range.")},
	[SP_ERR_CONFIG] = {"SP_ERR_CONFIG", N_("The configuration file is wrong.")},
	[SP_ERR_CSV] = {"SP_ERR_CSV", N_("The CSV file is malformed.")},
	[SP_ERR_AUDIT_BROKEN] = {"SP_ERR_AUDIT_BROKEN", N_("The audit log has been altered.")},
	[SP_ERR_PEPPER] = {"SP_ERR_PEPPER", N_("The PIN secret file is missing or readable by others.")},
	[SP_ERR_PERMISSION] = {"SP_ERR_PERMISSION", N_("Only station staff may do this.")},
	[SP_ERR_STATE] = {"SP_ERR_STATE", N_("This record cannot be changed that way now.")},
	[SP_ERR_CENTRAL] = {"SP_ERR_CENTRAL", N_("The central database could not be reached or refused the data; only the changes it confirmed are marked as sent.")},
	[SP_ERR_BUNDLE] = {"SP_ERR_BUNDLE", N_("The bundle file is damaged, truncated or altered; nothing was imported.")},
	[SP_ERR_UNTRUSTED] = {"SP_ERR_UNTRUSTED", N_("The bundle is not signed by a trusted key for its station; nothing was imported.")},
	[SP_ERR_KEY] = {"SP_ERR_KEY", N_("The station key file is missing, malformed or readable by others.")},
	[SP_ERR_TOO_SOON] = {"SP_ERR_TOO_SOON", N_("A rating was given here a moment ago; please try again shortly.")},
	[SP_ERR_CENTRAL_TIMEOUT] = {"SP_ERR_CENTRAL_TIMEOUT", N_("The central database did not answer in time; the changes not yet sent wait for the next sync.")},
};

const char *status_message(enum sp_status status)
{
	if ((unsigned)status >= SP_STATUS_COUNT || !status_table[status].message)
		return _("Unknown error.");
	return _(status_table[status].message);
}

const char *status_name(enum sp_status status)
{
	if ((unsigned)status >= SP_STATUS_COUNT || !status_table[status].name)
		return "SP_ERR_UNKNOWN";
	return status_table[status].name;
}
