/* shift.h — staff shifts (值班): who is on duty from when, the records a
 * shift made, and what is still waiting for staff when it ends.
 *
 * One shift at most is open at a time (the schema's unique index says so
 * too). Opening and closing are staff actions: only an active staff or
 * admin member may do them, each in one transaction with its audit row
 * ("shift.open", "shift.close"). Entries and commitments made while a
 * shift is open carry its id (entry.c and commitment.c look it up here).
 * The summary and the lists only read. */
#ifndef SVCPOINT_SHIFT_H
#define SVCPOINT_SHIFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "commitment.h"
#include "db.h"
#include "entry.h"
#include "status.h"
#include "uuid.h"

/* Audit actions. */
#define SHIFT_ACTION_OPEN "shift.open"
#define SHIFT_ACTION_CLOSE "shift.close"

/* The lists hold at most this many items; the counts say how many there
 * are in all. */
#define SHIFT_ITEMS_MAX 1000

struct shift {
	char id[UUID_STR_LEN];
	char opened_by[UUID_STR_LEN];
	char *opened_by_name;
	char *opened_by_no;        /* badge number */
	int64_t opened_ms;
	char closed_by[UUID_STR_LEN]; /* "" while open */
	char *closed_by_name;      /* "" while open */
	int64_t closed_ms;         /* 0 while open */
};

void shift_free(struct shift *s);

/* The id of the open shift, malloc'd into *id_out (caller frees);
 * SP_ERR_NOT_FOUND when no shift is open. */
enum sp_status shift_open_id_dup(struct db *db, char **id_out);

/* Opens a shift for staff_id (an active staff or admin member, else
 * SP_ERR_PERMISSION) now, audited "shift.open". SP_ERR_ALREADY_OPEN when
 * a shift is open already; nothing is written then. id_out may be NULL. */
enum sp_status shift_open(struct db *db, const char *staff_id,
			  char id_out[UUID_STR_LEN]);

/* Closes the open shift id now, by staff_id, audited "shift.close".
 * SP_ERR_NOT_FOUND for no such shift, SP_ERR_NOT_OPEN when it is closed
 * already, SP_ERR_PERMISSION for a member who is not staff. */
enum sp_status shift_close(struct db *db, const char *id,
			   const char *staff_id);

/* The shift id; SP_ERR_NOT_FOUND. Caller frees *out with shift_free. */
enum sp_status shift_get(struct db *db, const char *id, struct shift **out);

/* The open shift; SP_ERR_NOT_FOUND when none is. */
enum sp_status shift_current(struct db *db, struct shift **out);

/* The shift opened last (open or closed); SP_ERR_NOT_FOUND when none. */
enum sp_status shift_latest(struct db *db, struct shift **out);

/* What a summary or a ledger covers: the records of one shift, or, with
 * shift_id NULL, those of a time window. */
struct shift_scope {
	const char *shift_id;
	int64_t since_ms;          /* without a shift: from (0: no bound) */
	int64_t until_ms;          /* without a shift: before (0: no bound) */
};

struct shift_activity_total {
	char *name;
	char *name_en;
	int entries;
	int minutes;               /* credited, not voided or rejected */
};

struct shift_summary {
	int64_t from_ms;           /* the window: the shift's opening .. */
	int64_t until_ms;          /* .. its close, or now while open */
	struct shift_activity_total *activities;
	size_t nactivities;
	int entries;               /* not voided */
	int voided;
	int total_minutes;         /* credited, not voided or rejected */
	int members_served;        /* distinct members with an entry */
	int commitments_made;
	int commitments_fulfilled; /* marked fulfilled in the window */
	int feedback;              /* visitor ratings left */
	/* sign-ins refused at this station in the window, whole hours
	 * (member_signin_failures): many unknown badges may be someone
	 * guessing */
	int refused_unknown_badge;
	int refused_wrong_pin;
	/* waiting for staff, station-wide (not only this shift's): */
	int open_entries;          /* visits not checked out */
	int pending_entries;       /* logged hours to verify */
	int pending_commitments;   /* fulfilled, to verify */
};

/* Fills out for scope; free with shift_summary_clear. */
enum sp_status shift_summary(struct db *db, const struct shift_scope *scope,
			     struct shift_summary *out);
void shift_summary_clear(struct shift_summary *s);

enum shift_item_kind { SHIFT_ITEM_ENTRY, SHIFT_ITEM_COMMITMENT };

/* One record as the walk-through and the ledger show it. */
struct shift_item {
	enum shift_item_kind kind;
	char id[UUID_STR_LEN];
	char *member_no;
	char *member_name;
	char *what;                /* the activity, or the commitment's text */
	char *what_en;             /* the activity's English name, or "" */
	char *note;                /* the entry's note, or the fulfilment note */
	char *verifier;            /* who verified, rejected or closed it; "" */
	enum entry_kind entry_kind;
	enum entry_status entry_status;
	enum commitment_status commitment_status;
	bool voided;
	int64_t started_ms;        /* entry start; when marked fulfilled */
	int64_t ended_ms;          /* 0 while open */
	int minutes;               /* -1 while open, or for a commitment */
};

struct shift_items {
	struct shift_item *items;
	size_t n;                  /* at most SHIFT_ITEMS_MAX */
	size_t total;              /* how many there are */
};

void shift_items_clear(struct shift_items *list);

/* Visits still open (forgotten check-outs), oldest first, station-wide. */
enum sp_status shift_open_entries(struct db *db, struct shift_items *out);

/* Items waiting for a staff decision, oldest first: logged hours
 * (pending), then commitments marked fulfilled. */
enum sp_status shift_pending_items(struct db *db, struct shift_items *out);

/* Every entry of scope, voided ones included, oldest first: the ledger. */
enum sp_status shift_entries(struct db *db, const struct shift_scope *scope,
			     struct shift_items *out);

/* Verifies (accept) or rejects (with a reason) a pending item, through
 * entry_verify or commitment_verify: audited there. */
enum sp_status shift_item_verify(struct db *db, const struct shift_item *item,
				 const char *actor_id, bool accept,
				 const char *reason);

#endif
