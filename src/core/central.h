/* central.h — the committee's central PostgreSQL store, reached with
 * libpq: its schema, the idempotent upserts of station batches, the
 * station registry with trusted keys, gap detection, and the roster.
 *
 * Every write is one PostgreSQL transaction; a failure rolls it back and
 * returns SP_ERR_CENTRAL (SP_ERR_CENTRAL_TIMEOUT when the statement
 * timeout or the client's deadline ended it) with central_errmsg()
 * saying what the server or the network said: a detail for stderr or a
 * log, not the sentence a user reads. docs/central.md describes every
 * table. */
#ifndef SVCPOINT_CENTRAL_H
#define SVCPOINT_CENTRAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "member.h"
#include "station_key.h"
#include "status.h"
#include "sync.h"

struct central;

/* The central schema version this build writes. */
int central_schema_version(void);

/* Every call to the central waits for its answer at most
 * central_wait_limit_s(statement_timeout_s): the server's own statement
 * timeout plus CENTRAL_GRACE_S, so that a server that is merely slow
 * cancels the statement itself first; or CENTRAL_WAIT_DEFAULT_S when
 * statement_timeout_s is 0. When that passes without an answer (a stopped
 * server, a network that silently drops packets) a cancel request is
 * sent (waited for at most CENTRAL_CANCEL_WAIT_MS), the connection is
 * dropped and the call returns SP_ERR_CENTRAL_TIMEOUT; every later call
 * on that connection fails at once. Nothing uncommitted survives: the
 * server rolls back the open transaction of a connection that is gone. */
#define CENTRAL_GRACE_S 5
#define CENTRAL_WAIT_DEFAULT_S 300
#define CENTRAL_CANCEL_WAIT_MS 2000

/* The client-side limit on one call, in seconds. */
int central_wait_limit_s(int statement_timeout_s);

/* Connects with a libpq connection string ("" uses libpq's environment:
 * PGHOST, PGDATABASE, PGPASSFILE...), 10 s at most, and sets the
 * session's statement_timeout to statement_timeout_s ([sync]
 * statement_timeout_s; 0: the server's own). Unless the connection
 * string or the environment says otherwise, the session's
 * application_name is "svcpoint" and TCP keepalives (idle 30 s, then
 * 3 probes 10 s apart) and tcp_user_timeout (60 s) let the kernel notice
 * a dead peer. On failure *out is NULL and *detail (when not NULL)
 * receives a malloc'd explanation. */
enum sp_status central_connect(const char *conninfo, int statement_timeout_s,
			       struct central **out, char **detail);

/* Runs one parameterised statement (text parameters, text results)
 * within the deadline above and hands its result to the caller, who
 * reads it with pq_load()'s functions and frees it with PQclear. For
 * reads outside central.c; SP_ERR_CENTRAL or SP_ERR_CENTRAL_TIMEOUT on
 * failure, with central_errmsg() saying why. */
struct pg_result;
enum sp_status central_query(struct central *c, const char *sql, int nparams,
			     const char *const *params,
			     struct pg_result **res_out);

/* Closes the connection; central_close(NULL) is a no-op. */
void central_close(struct central *c);

/* The last error the server or libpq reported, on one line. */
const char *central_errmsg(const struct central *c);

/* True for the statuses the central's errors come as (SP_ERR_CENTRAL,
 * SP_ERR_CENTRAL_TIMEOUT), whose detail central_errmsg() holds. */
bool central_has_detail(enum sp_status status);

/* conninfo with any password removed, for display; caller frees. NULL
 * when conninfo does not parse. */
char *central_conninfo_display_dup(const char *conninfo);

/* Creates or migrates the central schema; safe to run again and from
 * several places at once. *before / *after (may be NULL) receive the
 * versions. */
enum sp_status central_migrate(struct central *c, int *before, int *after);

/* SP_OK when the schema is there at this build's version; SP_ERR_CENTRAL
 * (with a message saying to run `central init`) otherwise. */
enum sp_status central_check(struct central *c);

/* Stores one batch of station_id's changes in one transaction: rows are
 * COPYed into temporary tables, then upserted where the incoming revision
 * is newer; the batch's seq ranges are recorded; the station row is
 * updated last. Running it twice changes nothing the second time. */
enum sp_status central_push_batch(struct central *c, const char *station_id,
				  const struct sync_batch *b);

/* Registers (or replaces) the public key that signs station_id's bundles. */
enum sp_status central_trust(struct central *c, const char *station_id,
			     const unsigned char pk[STATION_KEY_PUBLIC_BYTES]);

/* The trusted key of station_id; SP_ERR_NOT_FOUND when none. */
enum sp_status central_station_key(struct central *c, const char *station_id,
				   unsigned char pk[STATION_KEY_PUBLIC_BYTES]);

struct central_station {
	char *station_id;
	char *public_key;            /* hex, "" when not trusted */
	int64_t last_seq;            /* highest seq a batch covered */
	int64_t last_push_ms;        /* 0 when never */
	int64_t received;            /* seqs received */
	struct sync_range *gaps;     /* seqs missing below last_seq */
	size_t ngaps;
};

/* Every known station, ordered by id, with its gaps. */
enum sp_status central_stations(struct central *c,
				struct central_station **out, size_t *n);
void central_stations_free(struct central_station *s, size_t n);

/* The station's gaps as `central status` writes them, "12-15, 20", or ""
 * without; NULL when out of memory. Caller frees. */
char *central_station_gaps_dup(const struct central_station *s);

/* Roster rows with a revision above after, in revision order. */
enum sp_status central_roster_since(struct central *c, int64_t after,
				    struct sync_member **out, size_t *n);

/* Imports a member CSV (the format and rules of member_import_csv) into
 * the central roster in one transaction: new badges are added, changed
 * ones get a new revision, identical ones are left alone. PINs are hashed
 * with pepper, which must be the stations' shared pepper. */
enum sp_status central_member_import(struct central *c,
				     const unsigned char *pepper,
				     const char *path,
				     struct member_import_result *result);

#endif
