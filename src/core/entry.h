/* entry.h — service entries: kiosk visits (check-in / check-out) and hours
 * logged for service done elsewhere, plus the staff actions on them (close
 * a forgotten visit, void, verify or reject) and the member's totals.
 *
 * Entries are never deleted or rewritten: a correction is a void with a
 * reason (audited) plus a new entry. Every write is one transaction. */
#ifndef SVCPOINT_ENTRY_H
#define SVCPOINT_ENTRY_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "status.h"
#include "uuid.h"

enum entry_kind { ENTRY_KIND_VISIT, ENTRY_KIND_LOGGED };   /* stored 'visit' / 'logged' */
enum entry_status { ENTRY_OPEN, ENTRY_CLOSED, ENTRY_PENDING, ENTRY_VERIFIED, ENTRY_REJECTED };  /* stored 'open','closed','pending','verified','rejected' */

#define ENTRY_NOTE_MAX 200   /* characters */

struct entry {
	char id[UUID_STR_LEN];
	char member_id[UUID_STR_LEN];
	char activity_id[UUID_STR_LEN];
	char *member_no;
	char *member_name;
	char *activity_name;
	char *activity_name_en;
	enum entry_kind kind;
	enum entry_status status;
	int64_t started_ms;
	int64_t ended_ms;        /* 0 while open */
	int minutes;             /* credited minutes after rounding; -1 while open */
	int round_minutes;       /* the rounding rule applied */
	char *note;
	bool voided;
	char *void_reason;       /* "" unless voided */
	int64_t voided_ms;       /* when it was voided; 0 unless voided */
	char *reject_reason;     /* "" unless rejected */
};

struct entry_rules {
	int round_minutes;       /* 1, 5, 10 or 15 */
	int max_session_hours;   /* a visit open longer waits for staff */
	int backfill_days;       /* how far back hours may be logged */
	int max_hours_per_day;   /* per member and local day */
};

void entry_free(struct entry *e);

const char *entry_kind_name(enum entry_kind k);              /* stored name */
const char *entry_kind_label(enum entry_kind k);             /* translated */
const char *entry_status_name(enum entry_status s);          /* stored name */
const char *entry_status_label(enum entry_status s);         /* translated, via _() */

/* Credited minutes for a raw duration: rounded to the NEAREST multiple of
 * round_minutes (halves up). */
int entry_round_minutes(int64_t raw_ms, int round_minutes);

/* Check-in: SP_ERR_ALREADY_OPEN when the member has an open entry (nothing
 * written). Attaches the open shift if any. note may be NULL. */
enum sp_status entry_check_in(struct db *db, const char *member_id,
			      const char *activity_id, const char *note,
			      char id_out[UUID_STR_LEN]);

/* Check-out: SP_ERR_NOT_OPEN without an open entry; SP_ERR_TOO_LONG_OPEN
 * (nothing written) when open longer than max_session_hours — staff close
 * it. id_out (may be NULL) receives the closed entry's id. */
enum sp_status entry_check_out(struct db *db, const char *member_id,
			       const struct entry_rules *rules,
			       char id_out[UUID_STR_LEN]);

/* The member's open visit; SP_ERR_NOT_FOUND when none. Caller frees *out. */
enum sp_status entry_find_open(struct db *db, const char *member_id,
			       struct entry **out);

/* Hours done elsewhere: local_date "YYYY-MM-DD" from today back to
 * backfill_days; half_hours 1..2*max; total for that local day (existing
 * non-voided, non-rejected entries + this) <= max_hours_per_day;
 * description required, <= ENTRY_NOTE_MAX chars. Saved as 'pending'.
 * Errors: SP_ERR_DATE, SP_ERR_HOURS, SP_ERR_TEXT_*. */
enum sp_status entry_log_hours(struct db *db, const char *member_id,
			       const char *activity_id, const char *local_date,
			       int half_hours, const char *description,
			       const struct entry_rules *rules,
			       char id_out[UUID_STR_LEN]);

/* One entry by id; SP_ERR_NOT_FOUND. Caller frees *out. */
enum sp_status entry_get(struct db *db, const char *id, struct entry **out);

/* Staff: close a forgotten open entry at end_ms (<= now, <= started +
 * max_session_hours), audited. */
enum sp_status entry_close_by_staff(struct db *db, const char *id,
				    const char *actor_id, int64_t end_ms,
				    const struct entry_rules *rules);

/* Staff: void with a reason (required), audited. Never deletes. */
enum sp_status entry_void(struct db *db, const char *id, const char *actor_id,
			  const char *reason);

/* Staff: pending -> verified, or -> rejected with a reason; audited. */
enum sp_status entry_verify(struct db *db, const char *id,
			    const char *actor_id, bool accept,
			    const char *reason);

/* 0 / NULL = no bound. member_no is an alternative to member_id (CLI);
 * SP_ERR_NOT_FOUND from entry_each when no member has that number. */
struct entry_filter {
	const char *member_id;
	int64_t since_ms;        /* started_at >= since */
	int64_t until_ms;        /* started_at < until */
	int limit;
	const char *member_no;
};

typedef int (*entry_each_fn)(const struct entry *e, void *ctx);  /* nonzero stops */

/* Calls fn for each matching entry, newest first. The entry passed to fn
 * is valid only during the call. */
enum sp_status entry_each(struct db *db, const struct entry_filter *filter,
			  entry_each_fn fn, void *ctx);

/* The entry whose id is id_or_prefix or starts with it: the short id a
 * slip prints (UUID_SHORT_LEN characters) or more, case ignored. Caller
 * frees *out. SP_ERR_INVALID for a prefix too short, too long or not of
 * id characters; SP_ERR_NOT_FOUND when no entry matches; SP_ERR_DUPLICATE
 * when more than one does (the prefix is ambiguous: give more of it). */
enum sp_status entry_find_by_prefix(struct db *db, const char *id_or_prefix,
				    struct entry **out);

/* The staff's list of entries, newest first (by started_at), at most
 * limit (> 0): with find NULL or "", the latest entries; otherwise the
 * entries whose id starts with find (of any length, case ignored) and
 * those of the member whose badge number is find, so a short id or a
 * badge typed or scanned finds them. Calls fn as entry_each does. */
enum sp_status entry_search(struct db *db, const char *find, int limit,
			    entry_each_fn fn, void *ctx);

/* Which way entry_page_for reads from its key entry. */
enum entry_page_dir {
	ENTRY_PAGE_OLDER,   /* the entries listed after the key */
	ENTRY_PAGE_NEWER,   /* the entries listed before it */
};

/* One page of a member's whole history, for a screen that scrolls through
 * all of it without holding it: the order is entry_each's (newest first
 * by started_at, ties newest inserted first), read by keyset through the
 * index (member_id, started_at), so every page costs the same. With
 * key_id NULL, the first limit entries (the newest); otherwise the limit
 * entries next to the entry key_id on the dir side of it, the nearest
 * first: OLDER comes in list order, NEWER in reverse. A key_id that is
 * not an entry of this member gives none. limit > 0. Calls fn as
 * entry_each does. */
enum sp_status entry_page_for(struct db *db, const char *member_id,
			      const char *key_id, enum entry_page_dir dir,
			      int limit, entry_each_fn fn, void *ctx);

/* How many entries the member has on record, voided and rejected ones
 * included: the length of the list entry_page_for walks. */
enum sp_status entry_count_for(struct db *db, const char *member_id,
			       int *count_out);

struct entry_totals {
	int today_minutes;
	int month_minutes;
	int year_minutes;
	int pending_minutes;
};

/* Credited minutes of closed + verified, non-voided entries by local
 * day/month/year of started_at; pending counted apart. */
enum sp_status entry_totals_for(struct db *db, const char *member_id,
				int64_t now_ms, struct entry_totals *out);

#endif
