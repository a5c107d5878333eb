/* commitment.h — public commitments (公开承诺): a member states one with a
 * due date, later marks it fulfilled (or withdraws it), staff verify.
 *
 * Commitments are never deleted or rewritten; only the status moves, and
 * only along open -> fulfilled_pending -> fulfilled / rejected, or
 * open -> withdrawn. Staff decisions are audited. */
#ifndef SVCPOINT_COMMITMENT_H
#define SVCPOINT_COMMITMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "clock.h"
#include "db.h"
#include "status.h"
#include "uuid.h"

enum commitment_status {
	COMMITMENT_OPEN,
	COMMITMENT_FULFILLED_PENDING,
	COMMITMENT_FULFILLED,
	COMMITMENT_REJECTED,
	COMMITMENT_WITHDRAWN
};

#define COMMITMENT_TEXT_MAX 200      /* characters, also for notes/reasons */
#define COMMITMENT_CATEGORY_MAX 20   /* characters */

struct commitment {
	char id[UUID_STR_LEN];
	char member_id[UUID_STR_LEN];
	char *text;
	char *category;
	char due_date[CLOCK_DATE_LEN];   /* local date */
	bool is_public;
	enum commitment_status status;
	bool overdue;                    /* open and due_date before today */
	char *fulfil_note, *reject_reason, *withdraw_reason;   /* "" when unset */
	int64_t created_ms;
};

void commitment_free(struct commitment *c);

const char *commitment_status_name(enum commitment_status s);
/* translated label; "overdue" when open and overdue */
const char *commitment_status_label(enum commitment_status s, bool overdue);

/* due_date today or later (SP_ERR_DATE); text required; category may be
 * NULL or "". */
enum sp_status commitment_make(struct db *db, const char *member_id,
			       const char *text, const char *category,
			       const char *due_date, bool is_public,
			       char id_out[UUID_STR_LEN]);
/* open -> fulfilled_pending; only the owner (SP_ERR_PERMISSION); note may
 * be empty. */
enum sp_status commitment_fulfil(struct db *db, const char *id,
				 const char *member_id, const char *note);
/* open -> withdrawn, reason required; only the owner. */
enum sp_status commitment_withdraw(struct db *db, const char *id,
				   const char *member_id, const char *reason);
/* staff: fulfilled_pending -> fulfilled, or -> rejected with a reason;
 * audited. */
enum sp_status commitment_verify(struct db *db, const char *id,
				 const char *actor_id, bool accept,
				 const char *reason);
/* SP_ERR_NOT_FOUND. Caller frees *out. */
enum sp_status commitment_get(struct db *db, const char *id,
			      struct commitment **out);

typedef int (*commitment_each_fn)(const struct commitment *c, void *ctx);  /* nonzero stops */
/* newest first; voided commitments are skipped */
enum sp_status commitment_each_for_member(struct db *db, const char *member_id,
					  commitment_each_fn fn, void *ctx);

/* What visitors may see (服务亮承诺): public commitments, not voided, open,
 * awaiting check or fulfilled (never withdrawn or rejected), newest first,
 * at most limit (0: all), each with its member's name. */
typedef int (*commitment_public_fn)(const struct commitment *c,
				    const char *member_name, void *ctx); /* nonzero stops */
enum sp_status commitment_each_public(struct db *db, int limit,
				      commitment_public_fn fn, void *ctx);

#endif
