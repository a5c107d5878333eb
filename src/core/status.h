/* status.h — the one table of outcomes core functions return.
 *
 * Core never prints and never exits: it returns one of these codes and the
 * caller (TUI status line, CLI stderr) shows status_message() in the UI
 * language. Add a code here and its sentence in status.c together. */
#ifndef SVCPOINT_STATUS_H
#define SVCPOINT_STATUS_H

enum sp_status {
	SP_OK = 0,
	SP_ERR_NOMEM,
	SP_ERR_IO,             /* a file could not be read or written */
	SP_ERR_DB,             /* SQLite reported an unexpected error */
	SP_ERR_BUSY,           /* the store stayed locked past the busy timeout */
	SP_ERR_CORRUPT,        /* the file is not a healthy svcpoint store */
	SP_ERR_TOO_NEW,        /* the store was written by a newer svcpoint */
	SP_ERR_SERVICE,        /* store settings wrong: service required */
	SP_ERR_NOT_FOUND,
	SP_ERR_INVALID,        /* an argument or value is not acceptable */
	SP_ERR_TEXT_EMPTY,
	SP_ERR_TEXT_TOO_LONG,
	SP_ERR_TEXT_CONTROL,   /* control character or escape sequence */
	SP_ERR_TEXT_UTF8,      /* not valid UTF-8 */
	SP_ERR_PIN_FORMAT,     /* PIN is not 4 to 8 digits */
	SP_ERR_PIN_IS_BADGE,   /* PIN equals the badge number */
	SP_ERR_UNKNOWN_BADGE,
	SP_ERR_WRONG_PIN,
	SP_ERR_LOCKED,         /* too many wrong PINs; locked until a time */
	SP_ERR_DUPLICATE,      /* a record with this key exists already */
	SP_ERR_ALREADY_OPEN,   /* a second check-in while one is open */
	SP_ERR_NOT_OPEN,       /* check-out without check-in */
	SP_ERR_TOO_LONG_OPEN,  /* open longer than max_session_hours: staff */
	SP_ERR_HOURS,          /* impossible hours */
	SP_ERR_DATE,           /* date outside the allowed range */
	SP_ERR_CONFIG,         /* the configuration file is wrong */
	SP_ERR_CSV,            /* the CSV file is malformed */
	SP_ERR_AUDIT_BROKEN,   /* the audit chain does not verify */
	SP_ERR_PEPPER,         /* the pepper file is missing or unsafe */
	SP_ERR_PERMISSION,     /* the member's role does not allow this */
	SP_ERR_STATE,          /* the record is not in a state that allows this */
	SP_ERR_CENTRAL,        /* the central database failed or refused */
	SP_ERR_BUNDLE,         /* an offline bundle is damaged or altered */
	SP_ERR_UNTRUSTED,      /* a bundle's station or key is not trusted */
	SP_ERR_KEY,            /* the station key file is missing or unsafe */
	SP_ERR_TOO_SOON,       /* a rating within the kiosk's cool-down */
	SP_ERR_CENTRAL_TIMEOUT, /* a central statement ran past its timeout */
	SP_STATUS_COUNT
};

/* The sentence for a status, translated to the UI language. */
const char *status_message(enum sp_status status);

/* The code's stable English name, for logs and tests ("SP_ERR_LOCKED"). */
const char *status_name(enum sp_status status);

#endif
