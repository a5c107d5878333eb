/* sync.h — the station side of the upward sync: the change log, the push
 * watermark, batches of changed rows, the roster pull, and the push loop.
 *
 * Every insert or update of a synced table appends one change_log row
 * (triggers in migrations.c); its seq is the station's own sequence
 * number, and a row's revision is the seq of its latest change. A push
 * sends, batch by batch in seq order, the current state of each changed
 * row with its revision; the watermark ('push_acked_seq') moves only after
 * the central committed the batch, so an interrupted push is simply rerun.
 * Members are not pushed: they come down from the central (pull). */
#ifndef SVCPOINT_SYNC_H
#define SVCPOINT_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "status.h"

struct central;

enum sync_table_id {
	SYNC_SERVICE_ENTRY,
	SYNC_COMMITMENT,
	SYNC_SHIFT,
	SYNC_FEEDBACK,
	SYNC_AUDIT_LOG,
	SYNC_BRAND,
	SYNC_ACTIVITY_TYPE,
	SYNC_TABLE_COUNT
};

struct sync_table_info {
	const char *name;              /* the table, on the station and centrally */
	size_t ncols;
	const char *const *columns;    /* station column names, "id" first */
};

/* The description of a synced table. */
const struct sync_table_info *sync_table(enum sync_table_id id);

/* The table called name; false when it is not synced. */
bool sync_table_find(const char *name, enum sync_table_id *out);

/* One row as sent: its table, its revision and its column values as text
 * (NULL for SQL NULL), in the order of sync_table(table)->columns. */
struct sync_row {
	enum sync_table_id table;
	int64_t revision;
	char **values;                 /* one block: free(values) frees all */
};

/* A closed range of seqs. */
struct sync_range {
	int64_t lo, hi;
};

/* The changes after_seq+1 .. last_seq. ranges lists the seqs the batch
 * accounts for (the row is in rows, or a later change of it is); a seq
 * whose row is gone from the station is in no range: the central sees a
 * gap there. */
struct sync_batch {
	int64_t after_seq;
	int64_t last_seq;
	int64_t changes;               /* change_log rows read */
	struct sync_row *rows;
	size_t nrows, rows_cap;
	struct sync_range *ranges;
	size_t nranges, ranges_cap;
};

struct sync_batch *sync_batch_new(void);
void sync_batch_free(struct sync_batch *b);

/* Appends a row; takes ownership of values (a block from
 * sync_row_values_new) even on failure. */
enum sp_status sync_batch_add_row(struct sync_batch *b,
				  enum sync_table_id table, int64_t revision,
				  char **values);

/* Marks seq as accounted for, extending the last range when adjacent.
 * seqs must come in increasing order. */
enum sp_status sync_batch_add_seq(struct sync_batch *b, int64_t seq);

/* Appends a whole range (lo <= hi, after the previous one). */
enum sp_status sync_batch_add_range(struct sync_batch *b, int64_t lo,
				    int64_t hi);

/* A values block for n columns: one allocation holding the pointer array
 * and copies of texts (NULL entries stay NULL). */
char **sync_row_values_new(size_t n, const char *const *texts);

/* Reads up to max_changes changes after after_seq into the empty batch b,
 * from one consistent snapshot of the store. */
enum sp_status sync_batch_read(struct db *db, int64_t after_seq,
			       int64_t max_changes, struct sync_batch *b);

struct sync_status {
	int64_t acked_seq;             /* the push watermark */
	int64_t last_seq;              /* the newest change */
	int64_t waiting;               /* changes after the watermark */
	int64_t last_push_ms;          /* 0 when never pushed */
	int64_t roster_revision;       /* the central roster revision pulled */
};

enum sp_status sync_status_read(struct db *db, struct sync_status *out);

/* Moves the push watermark to seq (never backwards) and notes the push
 * time, in one transaction. SP_ERR_INVALID when seq is beyond the newest
 * change. When actor_note is not NULL, the move is a staff action (`sync
 * ack`) and an audit row "sync.ack" is written with it. */
enum sp_status sync_ack(struct db *db, int64_t seq, const char *actor_note);

/* Records a failed push in the audit log (action sync.push.failed, the
 * status's name as target) with its detail, cleaned of control characters
 * and cut to a line or two: the user reads the status's one sentence;
 * what the server or libpq said is kept here for staff and, with the next
 * push, the committee. One transaction. actor_id may be NULL. */
enum sp_status sync_note_failure(struct db *db, const char *actor_id,
				 enum sp_status failure, const char *detail);

/* A member as the central roster holds it. */
struct sync_member {
	char *id;
	char *member_no;
	char *name;
	char *branch;
	char *role;
	char *pin_hash;
	bool active;
	int64_t revision;
};

void sync_members_free(struct sync_member *m, size_t n);

struct sync_pull_result {
	int added;
	int updated;
	int unchanged;
	int64_t revision;              /* the roster revision now held */
};

/* Applies roster rows (from central_roster_since) to the station's member
 * table in one transaction with the new roster revision: new members are
 * added, changed ones updated (a new PIN hash clears the lockout), and
 * unchanged ones not touched at all, so their lockout state stays. */
enum sp_status sync_apply_roster(struct db *db, const struct sync_member *m,
				 size_t n, struct sync_pull_result *out);

/* Brings new and changed members down from the central. */
enum sp_status sync_pull(struct db *db, struct central *c,
			 struct sync_pull_result *out);

struct sync_progress {
	size_t batches;                /* committed so far */
	int64_t changes_done;
	int64_t changes_total;         /* waiting when the push started */
	int64_t rows_sent;
	int64_t acked_seq;
};

typedef void (*sync_progress_fn)(const struct sync_progress *p, void *ctx);

struct sync_push_result {
	struct sync_pull_result pull;
	struct sync_progress progress;
};

/* Pull, then push every change after the watermark in batches of
 * batch_rows changes, each in one central transaction; after each commit
 * the watermark moves and fn (may be NULL) is told. On an error the
 * batches already committed stay acknowledged and the rest wait. */
enum sp_status sync_push(struct db *db, struct central *c, int batch_rows,
			 sync_progress_fn fn, void *ctx,
			 struct sync_push_result *out);

#endif
