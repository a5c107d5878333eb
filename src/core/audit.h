/* audit.h — the append-only, hash-chained audit log.
 *
 * Every staff action and every void appends one row. Each row's hash is
 * SHA-256 over the previous row's hash and this row's fields, so changing,
 * removing or reordering any row breaks the chain from there on. */
#ifndef SVCPOINT_AUDIT_H
#define SVCPOINT_AUDIT_H

#include <stdint.h>

#include "db.h"

#define AUDIT_HASH_HEX_LEN 65

/* Appends a row. Must be called inside the caller's transaction, so the
 * audited change and its audit row commit together. actor_id may be NULL
 * (the command line, run by the station's operator). */
enum sp_status audit_append(struct db *db, const char *actor_id,
			    const char *action, const char *target,
			    const char *detail);

/* Walks the whole chain. SP_OK when every row verifies; otherwise
 * SP_ERR_AUDIT_BROKEN with *bad_seq set to the first row that does not. */
enum sp_status audit_verify(struct db *db, int64_t *bad_seq);

/* Number of rows in the log. */
int64_t audit_count(struct db *db);

#endif
