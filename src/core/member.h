/* member.h — members: badge numbers, names, roles, PIN sign-in with
 * lockout, and the all-or-nothing CSV import.
 *
 * A member is found by badge (member_no) or id. Signing in checks the PIN
 * through pin.h, counts failures in the store and locks the badge after
 * too many, so the lock survives a restart. Nothing here draws or prints:
 * callers show status_message() for the returned code. */
#ifndef SVCPOINT_MEMBER_H
#define SVCPOINT_MEMBER_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "pin.h"
#include "status.h"
#include "uuid.h"

enum member_role { MEMBER_ROLE_MEMBER, MEMBER_ROLE_STAFF, MEMBER_ROLE_ADMIN };

#define MEMBER_NO_MAX 32      /* badge number: 1-32 of [0-9A-Za-z-] */
#define MEMBER_NAME_MAX 32    /* characters */
#define MEMBER_BRANCH_MAX 64  /* characters */

struct member {
	char id[UUID_STR_LEN];
	char *member_no;
	char *name;
	char *branch;
	enum member_role role;
	int failed_pins;
	int64_t locked_until_ms;   /* 0 when not locked */
	bool active;
};

/* Frees m and its strings; member_free(NULL) is a no-op. */
void member_free(struct member *m);

/* "member", "staff" or "admin" (stored and printed as such). */
const char *member_role_name(enum member_role role);

/* The reverse of member_role_name; SP_ERR_INVALID for anything else. */
enum sp_status member_role_parse(const char *name, enum member_role *out);

/* SP_OK when member_no is 1 to MEMBER_NO_MAX of [0-9A-Za-z-], else
 * SP_ERR_INVALID (SP_ERR_TEXT_EMPTY when empty). */
enum sp_status member_validate_no(const char *member_no);

struct member_spec {
	const char *member_no;
	const char *name;
	const char *branch;        /* may be NULL or "" */
	enum member_role role;
};

/* Checks badge, name (required), branch and role of spec. On a problem
 * returns its SP_ERR_* code and, when field_out is not NULL, points it at
 * the column name ("member_no", "name", "branch" or "role"). */
enum sp_status member_validate_spec(const struct member_spec *spec,
				    const char **field_out);

/* Inserts one already validated member row with its PIN hash. For
 * member_add and the import only: the caller holds the transaction and
 * writes the audit row. */
enum sp_status member_insert_row(struct db *db, const char *id,
				 const struct member_spec *spec,
				 const char *pin_hash);

/* Validates spec and pin, then inserts the member with an audit row
 * "member.add" in one transaction. SP_ERR_DUPLICATE when the badge exists.
 * id_out (may be NULL) receives the new id. */
enum sp_status member_add(struct db *db, const unsigned char *pepper,
			  const struct member_spec *spec, const char *pin,
			  const char *actor_id, char id_out[UUID_STR_LEN]);

/* *out receives a member the caller frees with member_free();
 * SP_ERR_NOT_FOUND (and *out NULL) when there is none. */
enum sp_status member_find_by_no(struct db *db, const char *member_no,
				 struct member **out);
enum sp_status member_find_by_id(struct db *db, const char *id,
				 struct member **out);

struct member_lockout {
	int max_failed_pins;       /* failures that lock the badge */
	int lock_minutes;          /* how long it stays locked */
};

/* SP_OK: *out set, failure count cleared, hash upgraded when pin_needs_rehash.
 * SP_ERR_UNKNOWN_BADGE: costs the same time as a wrong PIN (pin_verify_dummy)
 * and, like it, one committed write: the refusal is counted in signin_failure.
 * SP_ERR_WRONG_PIN: the failure is counted (committed, on the member and in
 * signin_failure); the max-th failure sets locked_until = now + lock_minutes.
 * SP_ERR_LOCKED: *locked_until_ms set; the PIN is not checked. Lock persists in the DB across restarts.
 * The wrong PIN that sets the lock returns SP_ERR_LOCKED (with *locked_until_ms) rather than
 * SP_ERR_WRONG_PIN, so the member is told at once until when. locked_until_ms may be NULL.
 * An inactive member is refused as an unknown badge. */
enum sp_status member_authenticate(struct db *db, const unsigned char *pepper,
				   const char *member_no, const char *pin,
				   const struct member_lockout *policy,
				   struct member **out,
				   int64_t *locked_until_ms);

struct member_signin_failures {
	int unknown_badge;         /* refused: no active member has the badge */
	int wrong_pin;             /* refused: a known badge, a wrong PIN */
	int64_t last_ms;           /* the latest refusal counted; 0 when none */
};

/* Refused sign-ins at this station, counted per hour: those of the hours
 * from the one holding since_ms up to until_ms (0: no bound). A badge
 * being guessed shows here; no badge or PIN typed is ever kept. */
enum sp_status member_signin_failures(struct db *db, int64_t since_ms,
				      int64_t until_ms,
				      struct member_signin_failures *out);

typedef int (*member_each_fn)(const struct member *m, void *ctx); /* nonzero stops */

/* Calls fn for every member, ordered by member_no. */
enum sp_status member_each(struct db *db, member_each_fn fn, void *ctx);

struct member_import_result {
	int rows;                  /* data rows read */
	int added;
	int updated;
	int unchanged;
	long bad_line;             /* line of the first bad row, 0 if none */
	char problem[256];         /* one translated sentence about it */
};

/* Imports path (header member_no,name,branch,role,pin; UTF-8, BOM allowed,
 * quoted fields). All rows or none: on a bad row returns SP_ERR_CSV with
 * result->bad_line and result->problem set and writes nothing. Members
 * already present with the same data and PIN are left untouched, so a
 * second import of the same file changes nothing. */
enum sp_status member_import_csv(struct db *db, const unsigned char *pepper,
				 const char *path, const char *actor_id,
				 struct member_import_result *result);

/* A member's new PIN: 4 to 8 digits (SP_ERR_PIN_FORMAT) and not the badge
 * number itself (SP_ERR_PIN_IS_BADGE) — anyone who sees the badge would
 * know it, and the kiosk reads the badge scanned again at the PIN prompt
 * as a second scan. */
enum sp_status member_validate_pin(const char *member_no, const char *pin);

/* SP_OK when actor_id is an active staff or admin member, SP_ERR_PERMISSION
 * otherwise. A NULL actor is the station's operator at the command line,
 * who may do anything the files allow. */
enum sp_status member_require_staff(struct db *db, const char *actor_id);

#endif
