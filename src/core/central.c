/* central.c — the central PostgreSQL store through libpq: schema
 * migrations, batch upserts (COPY into temporary tables, then INSERT ...
 * ON CONFLICT DO UPDATE where the incoming revision is newer), the
 * station registry and its gaps, trusted keys, and the member roster.
 *
 * It must never leave a transaction half-applied (every write is one
 * BEGIN ... COMMIT, rolled back on any error), never let a station
 * overwrite another station's rows, and never make a round trip per row.
 * Stations pushing at once touch disjoint rows; the station row is
 * updated last, so locks are held briefly. */
#include "central.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "db.h"
#include "i18n.h"
#include "pq.h"

/* libpq, loaded by the first central_connect() or conninfo parse. */
static const struct pq_api *pq;

/* Loads libpq; false with a sentence in *why when it is not installed. */
static bool central_load_pq(const char **why)
{
	if (!pq)
		pq = pq_load(why);
	return pq != NULL;
}

struct central {
	PGconn *conn;                /* NULL once dropped at a deadline */
	int64_t wait_ms;             /* the client's limit on one call */
	bool temp_ready;             /* the in_* temporary tables exist */
	bool timed_out;              /* the last error: a timeout, either side's */
	char err[512];
};

/* Connecting gives up after this many seconds (libpq's connect_timeout;
 * the connection string may say otherwise). */
#define CENTRAL_CONNECT_TIMEOUT "10"
/* Sent data left unacknowledged this long (ms) means the peer is gone
 * (TCP_USER_TIMEOUT; the connection string may say otherwise). */
#define CENTRAL_TCP_USER_TIMEOUT_MS "60000"

/* SQLSTATE query_canceled: what statement_timeout raises. */
#define CENTRAL_SQLSTATE_CANCELED "57014"

/* The session's statement timeout, bound as a parameter (SET takes
 * none); false: for this session only, whatever the server's default. */
static const char sql_statement_timeout[] =
	"SELECT set_config('statement_timeout', $1, false)";

/* ---- the schema --------------------------------------------------------- */

/* Serialises `central init` runs: a constant advisory lock key. */
#define CENTRAL_MIGRATE_LOCK "736470"

static const char *const central_steps[] = {
	/* 1: stations, their received seqs, the roster and the synced
	 * tables, each keyed by the record's UUID with its station id and
	 * revision (the station seq of the row's latest change). */
	"CREATE TABLE station (station_id text PRIMARY KEY,"
	" public_key text, last_seq bigint NOT NULL DEFAULT 0,"
	" last_push_at timestamptz, trusted_at timestamptz);"
	"CREATE TABLE received_range (station_id text NOT NULL,"
	" lo bigint NOT NULL, hi bigint NOT NULL,"
	" received_at timestamptz NOT NULL DEFAULT now(),"
	" PRIMARY KEY (station_id, lo, hi), CHECK (lo >= 1 AND lo <= hi));"
	"CREATE SEQUENCE member_revision;"
	"CREATE TABLE member (id uuid PRIMARY KEY,"
	" member_no text NOT NULL UNIQUE, name text NOT NULL,"
	" branch text NOT NULL DEFAULT '', role text NOT NULL"
	" CHECK (role IN ('member','staff','admin')), pin_hash text NOT NULL,"
	" active boolean NOT NULL DEFAULT true,"
	" revision bigint NOT NULL DEFAULT nextval('member_revision'),"
	" updated_at timestamptz NOT NULL DEFAULT now());"
	"CREATE INDEX member_by_revision ON member(revision);"
	"CREATE TABLE service_entry (id uuid PRIMARY KEY, station_id text "
	"NOT NULL, revision bigint NOT NULL, received_at timestamptz NOT "
	"NULL DEFAULT now(), member_id uuid, activity_id uuid, shift_id "
	"uuid, kind text, started_at timestamptz, ended_at timestamptz, "
	"minutes integer, round_minutes integer, note text, status text, "
	"verified_by uuid, verified_at timestamptz, reject_reason text, "
	"voided_at timestamptz, voided_by uuid, void_reason text, "
	"replaces_id uuid, created_at timestamptz, updated_at timestamptz);"
	"CREATE TABLE commitment (id uuid PRIMARY KEY, station_id text NOT "
	"NULL, revision bigint NOT NULL, received_at timestamptz NOT NULL "
	"DEFAULT now(), member_id uuid, shift_id uuid, text text, category "
	"text, due_date date, public boolean, status text, fulfilled_at "
	"timestamptz, fulfil_note text, verified_by uuid, verified_at "
	"timestamptz, reject_reason text, withdrawn_at timestamptz, "
	"withdraw_reason text, voided_at timestamptz, voided_by uuid, "
	"void_reason text, replaces_id uuid, created_at timestamptz, "
	"updated_at timestamptz);"
	"CREATE TABLE shift (id uuid PRIMARY KEY, station_id text NOT NULL, "
	"revision bigint NOT NULL, received_at timestamptz NOT NULL DEFAULT "
	"now(), opened_by uuid, opened_at timestamptz, closed_by uuid, "
	"closed_at timestamptz, note text);"
	"CREATE TABLE feedback (id uuid PRIMARY KEY, station_id text NOT "
	"NULL, revision bigint NOT NULL, received_at timestamptz NOT NULL "
	"DEFAULT now(), shift_id uuid, rating integer, comment text, "
	"created_at timestamptz);"
	"CREATE TABLE audit_log (id uuid PRIMARY KEY, station_id text NOT "
	"NULL, revision bigint NOT NULL, received_at timestamptz NOT NULL "
	"DEFAULT now(), seq bigint, at timestamptz, actor_id text, action "
	"text, target text, detail text, prev_hash text, hash text);"
	"CREATE TABLE brand (id uuid PRIMARY KEY, station_id text NOT NULL, "
	"revision bigint NOT NULL, received_at timestamptz NOT NULL DEFAULT "
	"now(), name text, slogan text, logo text, connotation text, "
	"concept text, goals text, type text, stage text, profile_url text, "
	"created_at timestamptz, updated_at timestamptz, brand_revision "
	"integer);"
	"CREATE TABLE activity_type (id uuid PRIMARY KEY, station_id text "
	"NOT NULL, revision bigint NOT NULL, received_at timestamptz NOT "
	"NULL DEFAULT now(), code text, name text, name_en text, sort_order "
	"integer, active boolean, created_at timestamptz);"
	"CREATE INDEX service_entry_station_started"
	" ON service_entry(station_id, started_at);",
};

static const char sql_version_table[] =
	"CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY,"
	" applied_at timestamptz NOT NULL DEFAULT now())";
static const char sql_version_get[] =
	"SELECT coalesce(max(version), 0) FROM schema_version";
static const char sql_version_add[] =
	"INSERT INTO schema_version(version) VALUES ($1::integer)";
static const char sql_migrate_lock[] =
	"SELECT pg_advisory_xact_lock(" CENTRAL_MIGRATE_LOCK ")";

/* ---- batches ------------------------------------------------------------ */

static const char sql_temp_tables[] =
	"CREATE TEMP TABLE IF NOT EXISTS in_service_entry (LIKE "
	"service_entry INCLUDING DEFAULTS) ON COMMIT DELETE ROWS; CREATE "
	"TEMP TABLE IF NOT EXISTS in_commitment (LIKE commitment INCLUDING "
	"DEFAULTS) ON COMMIT DELETE ROWS; CREATE TEMP TABLE IF NOT EXISTS "
	"in_shift (LIKE shift INCLUDING DEFAULTS) ON COMMIT DELETE ROWS; "
	"CREATE TEMP TABLE IF NOT EXISTS in_feedback (LIKE feedback "
	"INCLUDING DEFAULTS) ON COMMIT DELETE ROWS; CREATE TEMP TABLE IF "
	"NOT EXISTS in_audit_log (LIKE audit_log INCLUDING DEFAULTS) ON "
	"COMMIT DELETE ROWS; CREATE TEMP TABLE IF NOT EXISTS in_brand (LIKE "
	"brand INCLUDING DEFAULTS) ON COMMIT DELETE ROWS; CREATE TEMP TABLE "
	"IF NOT EXISTS in_activity_type (LIKE activity_type INCLUDING "
	"DEFAULTS) ON COMMIT DELETE ROWS;";

static const char sql_copy_service_entry[] =
	"COPY in_service_entry (station_id, revision, id, member_id, "
	"activity_id, shift_id, kind, started_at, ended_at, minutes, "
	"round_minutes, note, status, verified_by, verified_at, "
	"reject_reason, voided_at, voided_by, void_reason, replaces_id, "
	"created_at, updated_at) FROM STDIN";
static const char sql_upsert_service_entry[] =
	"INSERT INTO service_entry AS t SELECT * FROM in_service_entry ON "
	"CONFLICT (id) DO UPDATE SET revision = excluded.revision, "
	"received_at = excluded.received_at, member_id = "
	"excluded.member_id, activity_id = excluded.activity_id, shift_id = "
	"excluded.shift_id, kind = excluded.kind, started_at = "
	"excluded.started_at, ended_at = excluded.ended_at, minutes = "
	"excluded.minutes, round_minutes = excluded.round_minutes, note = "
	"excluded.note, status = excluded.status, verified_by = "
	"excluded.verified_by, verified_at = excluded.verified_at, "
	"reject_reason = excluded.reject_reason, voided_at = "
	"excluded.voided_at, voided_by = excluded.voided_by, void_reason = "
	"excluded.void_reason, replaces_id = excluded.replaces_id, "
	"created_at = excluded.created_at, updated_at = excluded.updated_at "
	"WHERE t.revision < excluded.revision AND t.station_id = "
	"excluded.station_id";
static const char sql_copy_commitment[] =
	"COPY in_commitment (station_id, revision, id, member_id, shift_id, "
	"text, category, due_date, public, status, fulfilled_at, "
	"fulfil_note, verified_by, verified_at, reject_reason, "
	"withdrawn_at, withdraw_reason, voided_at, voided_by, void_reason, "
	"replaces_id, created_at, updated_at) FROM STDIN";
static const char sql_upsert_commitment[] =
	"INSERT INTO commitment AS t SELECT * FROM in_commitment ON "
	"CONFLICT (id) DO UPDATE SET revision = excluded.revision, "
	"received_at = excluded.received_at, member_id = "
	"excluded.member_id, shift_id = excluded.shift_id, text = "
	"excluded.text, category = excluded.category, due_date = "
	"excluded.due_date, public = excluded.public, status = "
	"excluded.status, fulfilled_at = excluded.fulfilled_at, fulfil_note "
	"= excluded.fulfil_note, verified_by = excluded.verified_by, "
	"verified_at = excluded.verified_at, reject_reason = "
	"excluded.reject_reason, withdrawn_at = excluded.withdrawn_at, "
	"withdraw_reason = excluded.withdraw_reason, voided_at = "
	"excluded.voided_at, voided_by = excluded.voided_by, void_reason = "
	"excluded.void_reason, replaces_id = excluded.replaces_id, "
	"created_at = excluded.created_at, updated_at = excluded.updated_at "
	"WHERE t.revision < excluded.revision AND t.station_id = "
	"excluded.station_id";
static const char sql_copy_shift[] =
	"COPY in_shift (station_id, revision, id, opened_by, opened_at, "
	"closed_by, closed_at, note) FROM STDIN";
static const char sql_upsert_shift[] =
	"INSERT INTO shift AS t SELECT * FROM in_shift ON CONFLICT (id) DO "
	"UPDATE SET revision = excluded.revision, received_at = "
	"excluded.received_at, opened_by = excluded.opened_by, opened_at = "
	"excluded.opened_at, closed_by = excluded.closed_by, closed_at = "
	"excluded.closed_at, note = excluded.note WHERE t.revision < "
	"excluded.revision AND t.station_id = excluded.station_id";
static const char sql_copy_feedback[] =
	"COPY in_feedback (station_id, revision, id, shift_id, rating, "
	"comment, created_at) FROM STDIN";
static const char sql_upsert_feedback[] =
	"INSERT INTO feedback AS t SELECT * FROM in_feedback ON CONFLICT "
	"(id) DO UPDATE SET revision = excluded.revision, received_at = "
	"excluded.received_at, shift_id = excluded.shift_id, rating = "
	"excluded.rating, comment = excluded.comment, created_at = "
	"excluded.created_at WHERE t.revision < excluded.revision AND "
	"t.station_id = excluded.station_id";
static const char sql_copy_audit_log[] =
	"COPY in_audit_log (station_id, revision, id, seq, at, actor_id, "
	"action, target, detail, prev_hash, hash) FROM STDIN";
static const char sql_upsert_audit_log[] =
	"INSERT INTO audit_log AS t SELECT * FROM in_audit_log ON CONFLICT "
	"(id) DO UPDATE SET revision = excluded.revision, received_at = "
	"excluded.received_at, seq = excluded.seq, at = excluded.at, "
	"actor_id = excluded.actor_id, action = excluded.action, target = "
	"excluded.target, detail = excluded.detail, prev_hash = "
	"excluded.prev_hash, hash = excluded.hash WHERE t.revision < "
	"excluded.revision AND t.station_id = excluded.station_id";
static const char sql_copy_brand[] =
	"COPY in_brand (station_id, revision, id, name, slogan, logo, "
	"connotation, concept, goals, type, stage, profile_url, created_at, "
	"updated_at, brand_revision) FROM STDIN";
static const char sql_upsert_brand[] =
	"INSERT INTO brand AS t SELECT * FROM in_brand ON CONFLICT (id) DO "
	"UPDATE SET revision = excluded.revision, received_at = "
	"excluded.received_at, name = excluded.name, slogan = "
	"excluded.slogan, logo = excluded.logo, connotation = "
	"excluded.connotation, concept = excluded.concept, goals = "
	"excluded.goals, type = excluded.type, stage = excluded.stage, "
	"profile_url = excluded.profile_url, created_at = "
	"excluded.created_at, updated_at = excluded.updated_at, "
	"brand_revision = excluded.brand_revision WHERE t.revision < "
	"excluded.revision AND t.station_id = excluded.station_id";
static const char sql_copy_activity_type[] =
	"COPY in_activity_type (station_id, revision, id, code, name, "
	"name_en, sort_order, active, created_at) FROM STDIN";
static const char sql_upsert_activity_type[] =
	"INSERT INTO activity_type AS t SELECT * FROM in_activity_type ON "
	"CONFLICT (id) DO UPDATE SET revision = excluded.revision, "
	"received_at = excluded.received_at, code = excluded.code, name = "
	"excluded.name, name_en = excluded.name_en, sort_order = "
	"excluded.sort_order, active = excluded.active, created_at = "
	"excluded.created_at WHERE t.revision < excluded.revision AND "
	"t.station_id = excluded.station_id";


static const char *const sql_copy[SYNC_TABLE_COUNT] = {
	[SYNC_SERVICE_ENTRY] = sql_copy_service_entry,
	[SYNC_COMMITMENT] = sql_copy_commitment,
	[SYNC_SHIFT] = sql_copy_shift,
	[SYNC_FEEDBACK] = sql_copy_feedback,
	[SYNC_AUDIT_LOG] = sql_copy_audit_log,
	[SYNC_BRAND] = sql_copy_brand,
	[SYNC_ACTIVITY_TYPE] = sql_copy_activity_type,
};

static const char *const sql_upsert[SYNC_TABLE_COUNT] = {
	[SYNC_SERVICE_ENTRY] = sql_upsert_service_entry,
	[SYNC_COMMITMENT] = sql_upsert_commitment,
	[SYNC_SHIFT] = sql_upsert_shift,
	[SYNC_FEEDBACK] = sql_upsert_feedback,
	[SYNC_AUDIT_LOG] = sql_upsert_audit_log,
	[SYNC_BRAND] = sql_upsert_brand,
	[SYNC_ACTIVITY_TYPE] = sql_upsert_activity_type,
};

/* One station's batches at a time, even from two processes. */
static const char sql_station_lock[] =
	"SELECT pg_advisory_xact_lock(hashtext($1))";
static const char sql_ranges_add[] =
	"INSERT INTO received_range(station_id, lo, hi)"
	" SELECT $1, r.lo, r.hi FROM unnest($2::bigint[], $3::bigint[]) AS r(lo, hi)"
	" ON CONFLICT DO NOTHING";
static const char sql_station_pushed[] =
	"INSERT INTO station(station_id, last_seq, last_push_at)"
	" VALUES ($1, $2::bigint, now()) ON CONFLICT (station_id) DO UPDATE"
	" SET last_seq = greatest(station.last_seq, excluded.last_seq),"
	" last_push_at = excluded.last_push_at";

/* ---- stations and the roster -------------------------------------------- */

static const char sql_trust[] =
	"INSERT INTO station(station_id, public_key, trusted_at)"
	" VALUES ($1, $2, now()) ON CONFLICT (station_id) DO UPDATE"
	" SET public_key = excluded.public_key, trusted_at = excluded.trusted_at";
static const char sql_station_key[] =
	"SELECT public_key FROM station"
	" WHERE station_id = $1 AND public_key IS NOT NULL";
static const char sql_stations[] =
	"SELECT station_id, coalesce(public_key, ''), last_seq,"
	" coalesce((extract(epoch FROM last_push_at) * 1000)::bigint, 0)"
	" FROM station ORDER BY station_id";
/* Missing seqs: holes between the received ranges, and after the last
 * one up to the station's last seq. */
static const char sql_gaps[] =
	"WITH r AS (SELECT lo, hi, max(hi) OVER (ORDER BY lo, hi"
	"   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before"
	"   FROM received_range WHERE station_id = $1)"
	" SELECT coalesce(before, 0) + 1, lo - 1 FROM r"
	"  WHERE lo > coalesce(before, 0) + 1"
	" UNION ALL"
	" SELECT coalesce(max(hi), 0) + 1, $2::bigint FROM received_range"
	"  WHERE station_id = $1 HAVING coalesce(max(hi), 0) < $2::bigint"
	" ORDER BY 1";
static const char sql_roster_since[] =
	"SELECT id::text, member_no, name, branch, role, pin_hash,"
	" active, revision FROM member WHERE revision > $1::bigint"
	" ORDER BY revision";
static const char sql_roster_all[] =
	"SELECT id::text, member_no, name, branch, role, pin_hash FROM member";
static const char sql_roster_lock[] =
	"LOCK TABLE member IN SHARE ROW EXCLUSIVE MODE";
static const char sql_roster_temp[] =
	"CREATE TEMP TABLE in_member (id uuid, member_no text, name text,"
	" branch text, role text, pin_hash text) ON COMMIT DROP";
static const char sql_roster_copy[] =
	"COPY in_member (id, member_no, name, branch, role, pin_hash) FROM STDIN";
/* Revisions are drawn under the table lock, so they commit in order and
 * a station pulling "above revision N" never skips one. */
static const char sql_roster_upsert[] =
	"INSERT INTO member AS m (id, member_no, name, branch, role, pin_hash)"
	" SELECT id, member_no, name, branch, role, pin_hash FROM in_member"
	" ON CONFLICT (id) DO UPDATE SET member_no = excluded.member_no,"
	" name = excluded.name, branch = excluded.branch, role = excluded.role,"
	" pin_hash = excluded.pin_hash, revision = nextval('member_revision'),"
	" updated_at = now()"
	" WHERE (m.member_no, m.name, m.branch, m.role, m.pin_hash)"
	"  IS DISTINCT FROM (excluded.member_no, excluded.name, excluded.branch,"
	"  excluded.role, excluded.pin_hash)";

/* The scratch store's members, for the central roster import. */
static const char sql_scratch_members[] =
	"SELECT id, member_no, name, branch, role, pin_hash FROM member";

/* ---- connection and errors ---------------------------------------------- */

int central_schema_version(void)
{
	return (int)(sizeof central_steps / sizeof central_steps[0]);
}

int central_wait_limit_s(int statement_timeout_s)
{
	if (statement_timeout_s <= 0)
		return CENTRAL_WAIT_DEFAULT_S;
	return statement_timeout_s + CENTRAL_GRACE_S;
}

/* Keeps one line of a server or libpq message. */
static void central_set_err(struct central *c, const char *msg)
{
	size_t n = 0;

	c->timed_out = false;
	if (!msg || !*msg)
		msg = "unknown error";
	for (const char *p = msg; *p && n < sizeof c->err - 1; p++) {
		char ch = *p;
		if (ch == '\n' || ch == '\r' || ch == '\t')
			ch = ' ';
		c->err[n++] = ch;
	}
	while (n > 0 && c->err[n - 1] == ' ')
		n--;
	c->err[n] = '\0';
}

static void central_set_errf(struct central *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void central_set_errf(struct central *c, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	central_set_err(c, buf);
}

const char *central_errmsg(const struct central *c)
{
	return c ? c->err : "";
}

bool central_has_detail(enum sp_status status)
{
	return status == SP_ERR_CENTRAL || status == SP_ERR_CENTRAL_TIMEOUT;
}

static void central_ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* The status of the error just recorded: a statement that ran out of
 * time has its own sentence, so staff know to simply try again. */
static enum sp_status central_failed(const struct central *c)
{
	return c->timed_out ? SP_ERR_CENTRAL_TIMEOUT : SP_ERR_CENTRAL;
}

/* ---- waiting with a deadline -------------------------------------------- */

/* Every statement is sent with libpq's asynchronous calls on a
 * non-blocking connection and its answer awaited with poll() until a
 * deadline: the statement timeout plus a grace (CENTRAL_GRACE_S), so a
 * server that is merely slow ends the statement itself first, with its
 * clean SQLSTATE 57014. A server that does not answer at all (a stopped
 * process, a network that silently drops packets) is given up on at the
 * deadline: a cancel request is sent, the connection dropped, and the
 * open transaction, never committed, is the server's to roll back. */

static int64_t central_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A cancel request in flight. PQcancel blocks until the server closes
 * its side, which a stopped server never does: it runs in a thread of
 * its own, waited for a moment and then left to finish (or to end with
 * the process). Whichever of the two lets go last frees it. */
struct central_cancel {
	pthread_mutex_t lock;
	pthread_cond_t done_cond;
	PGcancel *cancel;
	bool done;
	int refs;
};

static void central_cancel_unref(struct central_cancel *cc)
{
	bool last;

	pthread_mutex_lock(&cc->lock);
	last = --cc->refs == 0;
	pthread_mutex_unlock(&cc->lock);
	if (!last)
		return;
	pq->PQfreeCancel(cc->cancel);
	pthread_cond_destroy(&cc->done_cond);
	pthread_mutex_destroy(&cc->lock);
	free(cc);
}

static void *central_cancel_run(void *arg)
{
	struct central_cancel *cc = arg;
	char why[256];

	/* best effort: the connection is dropped either way */
	(void)pq->PQcancel(cc->cancel, why, sizeof why);
	pthread_mutex_lock(&cc->lock);
	cc->done = true;
	pthread_cond_signal(&cc->done_cond);
	pthread_mutex_unlock(&cc->lock);
	central_cancel_unref(cc);
	return NULL;
}

/* Asks the server to cancel the statement in flight, waiting at most
 * CENTRAL_CANCEL_WAIT_MS for the request to be taken. */
static void central_cancel(struct central *c)
{
	struct central_cancel *cc = calloc(1, sizeof *cc);
	pthread_condattr_t cattr;
	pthread_attr_t attr;
	pthread_t thread;
	sigset_t all, old;
	struct timespec until;
	bool started;

	if (!cc)
		return;
	cc->cancel = pq->PQgetCancel(c->conn);
	if (!cc->cancel) {
		free(cc);
		return;
	}
	pthread_mutex_init(&cc->lock, NULL);
	pthread_condattr_init(&cattr);
	pthread_condattr_setclock(&cattr, CLOCK_MONOTONIC);
	pthread_cond_init(&cc->done_cond, &cattr);
	pthread_condattr_destroy(&cattr);
	cc->refs = 2;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	/* the kiosk's signals stay with the thread that handles them */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	started = pthread_create(&thread, &attr, central_cancel_run, cc) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (!started) {
		cc->refs = 1;
		central_cancel_unref(cc);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += CENTRAL_CANCEL_WAIT_MS / 1000;
	until.tv_nsec += (long)(CENTRAL_CANCEL_WAIT_MS % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&cc->lock);
	while (!cc->done &&
	       pthread_cond_timedwait(&cc->done_cond, &cc->lock, &until) == 0)
		;
	pthread_mutex_unlock(&cc->lock);
	central_cancel_unref(cc);
}

/* The deadline passed: cancel, drop the connection, say so. Whatever
 * the server had not committed it rolls back when it sees the
 * connection gone; a COMMIT whose answer never came may or may not have
 * happened, and either way the batch is sent again and changes nothing. */
static void central_give_up(struct central *c)
{
	int limit_s = (int)(c->wait_ms / 1000);

	central_cancel(c);
	pq->PQfinish(c->conn);
	c->conn = NULL;
	c->temp_ready = false;
	central_set_errf(c, _("no answer from the central within %d s; the connection was dropped"),
			 limit_s);
	c->timed_out = true;
}

/* Waits until the connection's socket is ready for events or the
 * deadline passes: 1 ready (*revents says how), 0 the deadline passed
 * (the connection is dropped), -1 an error (recorded). */
static int central_poll(struct central *c, short events, int64_t deadline,
			short *revents)
{
	struct pollfd pfd;
	int rc;

	pfd.fd = pq->PQsocket(c->conn);
	if (pfd.fd < 0) {
		central_set_err(c, pq->PQerrorMessage(c->conn));
		return -1;
	}
	for (;;) {
		int64_t left = deadline - central_mono_ms();

		if (left <= 0) {
			central_give_up(c);
			return 0;
		}
		pfd.events = events;
		pfd.revents = 0;
		rc = poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left);
		if (rc > 0 && (pfd.revents & POLLNVAL)) {
			central_set_err(c, "poll: the connection's socket is closed");
			return -1;
		}
		if (rc > 0) {
			*revents = pfd.revents;
			return 1;
		}
		if (rc < 0 && errno != EINTR) {
			central_set_errf(c, "poll: %s", strerror(errno));
			return -1;
		}
	}
}

/* Reads what has arrived; false (recorded) when the connection broke. */
static bool central_consume(struct central *c)
{
	if (pq->PQconsumeInput(c->conn))
		return true;
	central_set_err(c, pq->PQerrorMessage(c->conn));
	return false;
}

/* Sends everything libpq has queued. */
static bool central_flush(struct central *c, int64_t deadline)
{
	for (;;) {
		short revents = 0;
		int rc = pq->PQflush(c->conn);

		if (rc == 0)
			return true;
		if (rc < 0) {
			central_set_err(c, pq->PQerrorMessage(c->conn));
			return false;
		}
		if (central_poll(c, POLLIN | POLLOUT, deadline, &revents) <= 0)
			return false;
		/* the server may be waiting for us to read before it reads */
		if ((revents & (POLLIN | POLLERR | POLLHUP)) && !central_consume(c))
			return false;
	}
}

/* The next result of the statement in flight, or NULL when there are no
 * more; false when the deadline passed or the connection broke. */
static bool central_next_result(struct central *c, int64_t deadline,
				PGresult **out)
{
	*out = NULL;
	while (pq->PQisBusy(c->conn)) {
		short revents = 0;

		if (central_poll(c, POLLIN, deadline, &revents) <= 0)
			return false;
		if (!central_consume(c))
			return false;
	}
	*out = pq->PQgetResult(c->conn);
	return true;
}

/* Collects the results of the statements in flight until there are no
 * more, as PQexec would: *res receives the first error, else the last
 * result (NULL when none). A COPY result ends the collecting. false
 * when the deadline passed or the connection broke, with the reason
 * recorded. */
static bool central_collect(struct central *c, int64_t deadline,
			    PGresult **res)
{
	PGresult *next;

	*res = NULL;
	for (;;) {
		if (!central_next_result(c, deadline, &next)) {
			pq->PQclear(*res);
			*res = NULL;
			return false;
		}
		if (!next)
			return true;
		ExecStatusType st = pq->PQresultStatus(next);
		/* the first error is the one that explains */
		if (*res && pq->PQresultStatus(*res) == PGRES_FATAL_ERROR) {
			pq->PQclear(next);
		} else {
			pq->PQclear(*res);
			*res = next;
		}
		/* a COPY's results wait for its data: it goes next */
		if (st == PGRES_COPY_IN || st == PGRES_COPY_OUT ||
		    st == PGRES_COPY_BOTH)
			return true;
	}
}

/* Starts one call to the central: *deadline is its end. false (with
 * the reason recorded) when the connection was dropped before. */
static bool central_begin(struct central *c, int64_t *deadline)
{
	*deadline = central_mono_ms() + c->wait_ms;
	if (c->conn)
		return true;
	if (!c->timed_out || !c->err[0])
		central_set_err(c, _("the connection to the central was dropped"));
	return false;
}

/* Sends sql — several statements without parameters when n < 0, else
 * one statement with n text parameters — and waits for its answer:
 * *res is the result (an error result too) for the caller to judge and
 * clear. A status other than SP_OK means no answer came. */
static enum sp_status central_run(struct central *c, const char *sql, int n,
				  const char *const *params, PGresult **res)
{
	int64_t deadline;
	int sent;

	*res = NULL;
	if (!central_begin(c, &deadline))
		return central_failed(c);
	if (n < 0)
		sent = pq->PQsendQuery(c->conn, sql);
	else
		sent = pq->PQsendQueryParams(c->conn, sql, n, NULL, params, NULL,
					     NULL, 0);
	if (!sent) {
		central_set_err(c, pq->PQerrorMessage(c->conn));
		return SP_ERR_CENTRAL;
	}
	if (!central_flush(c, deadline) || !central_collect(c, deadline, res))
		return central_failed(c);
	return SP_OK;
}

/* Checks a result; records the error (and whether the statement
 * timeout ended it) when not ok. */
static bool central_result_ok(struct central *c, PGresult *res,
			      ExecStatusType want)
{
	const char *state;

	if (res && pq->PQresultStatus(res) == want)
		return true;
	if (res && pq->PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY))
		central_set_err(c, pq->PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
	else
		central_set_err(c, c->conn ? pq->PQerrorMessage(c->conn) : NULL);
	state = res ? pq->PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	c->timed_out = state && strcmp(state, CENTRAL_SQLSTATE_CANCELED) == 0;
	return false;
}

/* Statements without parameters or results; several may be given. */
static enum sp_status central_exec(struct central *c, const char *sql)
{
	PGresult *res = NULL;
	enum sp_status status = central_run(c, sql, -1, NULL, &res);
	bool ok;

	if (status != SP_OK)
		return status;
	ok = (res && pq->PQresultStatus(res) == PGRES_TUPLES_OK) ||
	     central_result_ok(c, res, PGRES_COMMAND_OK);
	pq->PQclear(res);
	return ok ? SP_OK : central_failed(c);
}

/* A parameterised statement; *res_out (may be NULL) keeps the result. */
static enum sp_status central_params(struct central *c, const char *sql,
				     int n, const char *const *params,
				     PGresult **res_out)
{
	PGresult *res = NULL;
	enum sp_status status = central_run(c, sql, n, params, &res);
	ExecStatusType st = res ? pq->PQresultStatus(res) : PGRES_FATAL_ERROR;

	if (res_out)
		*res_out = NULL;
	if (status != SP_OK)
		return status;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		central_result_ok(c, res, PGRES_COMMAND_OK);
		pq->PQclear(res);
		return central_failed(c);
	}
	if (res_out)
		*res_out = res;
	else
		pq->PQclear(res);
	return SP_OK;
}

enum sp_status central_query(struct central *c, const char *sql, int nparams,
			     const char *const *params, PGresult **res_out)
{
	if (nparams < 0)
		return SP_ERR_INVALID;
	c->err[0] = '\0';
	c->timed_out = false;
	return central_params(c, sql, nparams, params, res_out);
}

/* Ends a failed transaction. The error already recorded stays: it, not
 * the rollback's fate, is what the caller reports. */
static void central_rollback(struct central *c)
{
	char err[sizeof c->err];
	bool timed_out = c->timed_out;
	PGresult *res = NULL;

	if (!c->conn || pq->PQtransactionStatus(c->conn) == PQTRANS_IDLE)
		return;
	memcpy(err, c->err, sizeof err);
	(void)central_run(c, "ROLLBACK", -1, NULL, &res);
	pq->PQclear(res);
	memcpy(c->err, err, sizeof err);
	c->timed_out = timed_out;
}

/* COMMIT, and make sure it really committed (a failed transaction
 * "commits" as a rollback). */
static enum sp_status central_commit(struct central *c)
{
	PGresult *res = NULL;
	enum sp_status status = central_run(c, "COMMIT", -1, NULL, &res);
	bool ok;

	if (status != SP_OK)
		return status;
	ok = central_result_ok(c, res, PGRES_COMMAND_OK) &&
	     strcmp(pq->PQcmdStatus(res), "COMMIT") == 0;
	if (res && !ok && strcmp(pq->PQcmdStatus(res), "ROLLBACK") == 0)
		central_set_err(c, _("the transaction was rolled back"));
	pq->PQclear(res);
	if (!ok) {
		status = central_failed(c);
		central_rollback(c);
		return status;
	}
	return SP_OK;
}

/* Sets the session's statement timeout; 0 leaves the server's own. A
 * server that hangs (a lock never released, a disk that stalls) then
 * ends the statement itself, the transaction rolls back, and the push
 * stops with everything before that batch acknowledged. */
static enum sp_status central_set_timeout(struct central *c,
					  int statement_timeout_s)
{
	char ms[24];
	const char *params[1] = {ms};

	if (statement_timeout_s <= 0)
		return SP_OK;
	snprintf(ms, sizeof ms, "%lld", (long long)statement_timeout_s * 1000);
	return central_params(c, sql_statement_timeout, 1, params, NULL);
}

/* Whether the loaded libpq knows a connection keyword (tcp_user_timeout
 * came with PostgreSQL 12). */
static bool central_knows_keyword(const char *keyword)
{
	char probe[64];
	PQconninfoOption *opts;

	snprintf(probe, sizeof probe, "%s=0", keyword);
	opts = pq->PQconninfoParse(probe, NULL);
	pq->PQconninfoFree(opts);
	return opts != NULL;
}

enum sp_status central_connect(const char *conninfo, int statement_timeout_s,
			       struct central **out, char **detail)
{
	/* Defaults the connection string (dbname, expanded) may override;
	 * client_encoding, after it, it may not. A dead peer is noticed by
	 * the kernel too: keepalives when the line is idle, and
	 * tcp_user_timeout when sent data stays unacknowledged. */
	const char *keys[] = {
		"connect_timeout", "keepalives", "keepalives_idle",
		"keepalives_interval", "keepalives_count",
		"fallback_application_name", "tcp_user_timeout", "dbname",
		"client_encoding", NULL,
	};
	const char *values[] = {
		CENTRAL_CONNECT_TIMEOUT, "1", "30", "10", "3", "svcpoint",
		CENTRAL_TCP_USER_TIMEOUT_MS, conninfo ? conninfo : "", "UTF8",
		NULL,
	};
	struct central *c;
	enum sp_status status;
	const char *why = NULL;

	*out = NULL;
	if (detail)
		*detail = NULL;
	if (!central_load_pq(&why)) {
		if (detail && asprintf(detail, "%s (%s)",
				       _("the PostgreSQL client library libpq is not installed"),
				       why ? why : "") < 0)
			*detail = NULL;
		return SP_ERR_CENTRAL;
	}
	if (!central_knows_keyword("tcp_user_timeout")) {
		/* an old libpq: leave the keyword out */
		size_t i = 0;
		while (strcmp(keys[i], "tcp_user_timeout") != 0)
			i++;
		for (; keys[i]; i++) {
			keys[i] = keys[i + 1];
			values[i] = values[i + 1];
		}
	}
	c = calloc(1, sizeof *c);
	if (!c)
		return SP_ERR_NOMEM;
	c->wait_ms = (int64_t)central_wait_limit_s(statement_timeout_s) * 1000;
	c->conn = pq->PQconnectdbParams(keys, values, 1);
	if (!c->conn || pq->PQstatus(c->conn) != CONNECTION_OK ||
	    pq->PQsetnonblocking(c->conn, 1) != 0) {
		central_set_err(c, c->conn ? pq->PQerrorMessage(c->conn)
					   : "out of memory");
		if (detail)
			*detail = strdup(c->err);
		central_close(c);
		return SP_ERR_CENTRAL;
	}
	pq->PQsetNoticeProcessor(c->conn, central_ignore_notice, NULL);
	status = central_set_timeout(c, statement_timeout_s);
	if (status != SP_OK) {
		if (detail)
			*detail = strdup(c->err);
		central_close(c);
		return status;
	}
	*out = c;
	return SP_OK;
}

void central_close(struct central *c)
{
	if (!c)
		return;
	if (c->conn)
		pq->PQfinish(c->conn);
	c->conn = NULL;
	free(c);
}

char *central_conninfo_display_dup(const char *conninfo)
{
	PQconninfoOption *opts;
	char *out = NULL;
	size_t len = 0;
	FILE *fp;

	if (!central_load_pq(NULL))
		return NULL;
	opts = pq->PQconninfoParse(conninfo ? conninfo : "", NULL);
	if (!opts)
		return NULL;
	fp = open_memstream(&out, &len);
	if (fp) {
		bool first = true;
		for (PQconninfoOption *o = opts; o->keyword; o++) {
			if (!o->val || strcmp(o->keyword, "password") == 0)
				continue;
			fprintf(fp, "%s%s=", first ? "" : " ", o->keyword);
			/* quote as libpq would read it back */
			if (!*o->val || strpbrk(o->val, " '\\")) {
				fputc('\'', fp);
				for (const char *p = o->val; *p; p++) {
					if (*p == '\'' || *p == '\\')
						fputc('\\', fp);
					fputc(*p, fp);
				}
				fputc('\'', fp);
			} else {
				fputs(o->val, fp);
			}
			first = false;
		}
		fclose(fp);
	}
	pq->PQconninfoFree(opts);
	return out;
}

/* ---- schema ------------------------------------------------------------- */

static enum sp_status central_version(struct central *c, int *version)
{
	PGresult *res = NULL;
	enum sp_status status = central_params(c, sql_version_get, 0, NULL, &res);

	*version = 0;
	if (status == SP_OK)
		*version = atoi(pq->PQgetvalue(res, 0, 0));
	pq->PQclear(res);
	return status;
}

enum sp_status central_migrate(struct central *c, int *before, int *after)
{
	int version = 0, target = central_schema_version();
	enum sp_status status;

	if (before)
		*before = 0;
	if (after)
		*after = 0;
	/* One transaction: PostgreSQL's DDL is transactional, so a failed
	 * step leaves the schema as it was. */
	status = central_exec(c, "BEGIN");
	if (status == SP_OK)
		status = central_exec(c, sql_migrate_lock);
	if (status == SP_OK)
		status = central_exec(c, sql_version_table);
	if (status == SP_OK)
		status = central_version(c, &version);
	if (status == SP_OK && before)
		*before = version;
	if (status == SP_OK && version > target) {
		central_set_errf(c, _("the central schema is version %d, newer than this svcpoint (%d)"),
				 version, target);
		status = SP_ERR_CENTRAL;
	}
	while (status == SP_OK && version < target) {
		char v[16];
		const char *params[1] = {v};

		status = central_exec(c, central_steps[version]);
		version++;
		snprintf(v, sizeof v, "%d", version);
		if (status == SP_OK)
			status = central_params(c, sql_version_add, 1, params, NULL);
	}
	if (status == SP_OK)
		status = central_commit(c);
	else
		central_rollback(c);
	if (status == SP_OK && after)
		*after = version;
	return status;
}

enum sp_status central_check(struct central *c)
{
	PGresult *res = NULL;
	enum sp_status status = central_run(c, sql_version_get, -1, NULL, &res);
	int version = -1;

	/* no answer, or a statement that ran out of time: that is the
	 * error, not a schema to set up */
	if (status != SP_OK)
		return status;
	if (res && pq->PQresultStatus(res) == PGRES_TUPLES_OK)
		version = atoi(pq->PQgetvalue(res, 0, 0));
	else if (!central_result_ok(c, res, PGRES_TUPLES_OK) &&
		 (pq->PQstatus(c->conn) != CONNECTION_OK || c->timed_out)) {
		pq->PQclear(res);
		return central_failed(c);
	}
	pq->PQclear(res);
	if (version == central_schema_version())
		return SP_OK;
	if (version > central_schema_version())
		central_set_errf(c, _("the central schema is version %d, newer than this svcpoint (%d)"),
				 version, central_schema_version());
	else
		central_set_err(c, _("the central database is not set up for this svcpoint; run 'svcpoint central init'"));
	return SP_ERR_CENTRAL;
}

/* ---- COPY --------------------------------------------------------------- */

struct central_buf {
	char *data;
	size_t len, cap;
	bool failed;
};

static void central_buf_add(struct central_buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 65536;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *grown = realloc(b->data, cap);
		if (!grown) {
			b->failed = true;
			return;
		}
		b->data = grown;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
}

/* A value in COPY's text format: backslash escapes, \N for NULL. */
static void central_buf_value(struct central_buf *b, const char *v)
{
	const char *run = v;

	if (!v) {
		central_buf_add(b, "\\N", 2);
		return;
	}
	for (const char *p = v; *p; p++) {
		const char *esc = NULL;
		switch (*p) {
		case '\\': esc = "\\\\"; break;
		case '\t': esc = "\\t"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		default: continue;
		}
		central_buf_add(b, run, (size_t)(p - run));
		central_buf_add(b, esc, 2);
		run = p + 1;
	}
	central_buf_add(b, run, strlen(run));
}

/* Queues one piece of COPY data (or the end of it when data is NULL)
 * and sends it, within the deadline. */
static bool central_copy_put(struct central *c, const char *data, size_t n,
			     int64_t deadline)
{
	for (;;) {
		short revents = 0;
		int rc = data ? pq->PQputCopyData(c->conn, data, (int)n)
			      : pq->PQputCopyEnd(c->conn, NULL);

		if (rc == 1)
			return central_flush(c, deadline);
		if (rc < 0) {
			central_set_err(c, pq->PQerrorMessage(c->conn));
			return false;
		}
		/* not queued: libpq's buffer is full until the socket drains */
		if (central_poll(c, POLLIN | POLLOUT, deadline, &revents) <= 0)
			return false;
		if ((revents & (POLLIN | POLLERR | POLLHUP)) && !central_consume(c))
			return false;
		if (pq->PQflush(c->conn) < 0) {
			central_set_err(c, pq->PQerrorMessage(c->conn));
			return false;
		}
	}
}

/* Streams buf as the data of the COPY statement sql: the statement, its
 * data and its result are one call, with one deadline. */
static enum sp_status central_copy(struct central *c, const char *sql,
				   const struct central_buf *buf)
{
	PGresult *res = NULL;
	int64_t deadline;
	size_t off = 0;
	bool ok;

	if (!central_begin(c, &deadline))
		return central_failed(c);
	if (!pq->PQsendQuery(c->conn, sql)) {
		central_set_err(c, pq->PQerrorMessage(c->conn));
		return SP_ERR_CENTRAL;
	}
	if (!central_flush(c, deadline) || !central_collect(c, deadline, &res))
		return central_failed(c);
	ok = central_result_ok(c, res, PGRES_COPY_IN);
	pq->PQclear(res);
	if (!ok)
		return central_failed(c);
	while (ok && off < buf->len) {
		size_t n = buf->len - off;
		if (n > 1 << 18)
			n = 1 << 18;
		ok = central_copy_put(c, buf->data + off, n, deadline);
		off += n;
	}
	if (ok)
		ok = central_copy_put(c, NULL, 0, deadline);
	if (!c->conn)
		return central_failed(c);
	if (!ok) {
		/* the server refused the data or the line broke: its own
		 * word, when it sent one, explains best */
		PGresult *why = NULL;
		char err[sizeof c->err];

		memcpy(err, c->err, sizeof err);
		if (pq->PQputCopyEnd(c->conn, "svcpoint: send failed") == 1)
			(void)central_flush(c, deadline);
		if (c->conn && central_collect(c, deadline, &why) && why &&
		    pq->PQresultStatus(why) == PGRES_FATAL_ERROR)
			central_result_ok(c, why, PGRES_COMMAND_OK);
		else if (c->conn)
			memcpy(c->err, err, sizeof err);
		pq->PQclear(why);
		return central_failed(c);
	}
	if (!central_collect(c, deadline, &res))
		return central_failed(c);
	ok = central_result_ok(c, res, PGRES_COMMAND_OK);
	pq->PQclear(res);
	return ok ? SP_OK : central_failed(c);
}

/* ---- push --------------------------------------------------------------- */

static void central_buf_int(struct central_buf *b, int64_t v)
{
	char num[24];
	int n = snprintf(num, sizeof num, "%lld", (long long)v);
	central_buf_add(b, num, (size_t)n);
}

/* The batch's rows of one table as COPY text. */
static void central_batch_copy_text(const struct sync_batch *batch,
				    enum sync_table_id t,
				    const char *station_id,
				    struct central_buf *buf)
{
	const struct sync_table_info *info = sync_table(t);

	for (size_t i = 0; i < batch->nrows; i++) {
		const struct sync_row *row = &batch->rows[i];
		if (row->table != t)
			continue;
		central_buf_value(buf, station_id);
		central_buf_add(buf, "\t", 1);
		central_buf_int(buf, row->revision);
		for (size_t k = 0; k < info->ncols; k++) {
			central_buf_add(buf, "\t", 1);
			central_buf_value(buf, row->values[k]);
		}
		central_buf_add(buf, "\n", 1);
	}
}

/* The batch's ranges as two array literals. */
static enum sp_status central_ranges_text(const struct sync_batch *b,
					  char **lo_out, char **hi_out)
{
	struct central_buf lo = {0}, hi = {0};

	central_buf_add(&lo, "{", 1);
	central_buf_add(&hi, "{", 1);
	for (size_t i = 0; i < b->nranges; i++) {
		if (i) {
			central_buf_add(&lo, ",", 1);
			central_buf_add(&hi, ",", 1);
		}
		central_buf_int(&lo, b->ranges[i].lo);
		central_buf_int(&hi, b->ranges[i].hi);
	}
	central_buf_add(&lo, "}", 2);
	central_buf_add(&hi, "}", 2);
	if (lo.failed || hi.failed) {
		free(lo.data);
		free(hi.data);
		return SP_ERR_NOMEM;
	}
	*lo_out = lo.data;
	*hi_out = hi.data;
	return SP_OK;
}

static enum sp_status central_push_tx(struct central *c,
				      const char *station_id,
				      const struct sync_batch *b)
{
	struct central_buf buf = {0};
	char *lo = NULL, *hi = NULL;
	char last[24];
	enum sp_status status;
	const char *p_lock[1] = {station_id};

	status = central_params(c, sql_station_lock, 1, p_lock, NULL);
	for (int t = 0; t < SYNC_TABLE_COUNT && status == SP_OK; t++) {
		buf.len = 0;
		central_batch_copy_text(b, (enum sync_table_id)t, station_id, &buf);
		if (buf.failed) {
			status = SP_ERR_NOMEM;
			break;
		}
		if (buf.len == 0)
			continue;
		status = central_copy(c, sql_copy[t], &buf);
		if (status == SP_OK)
			status = central_exec(c, sql_upsert[t]);
	}
	free(buf.data);
	if (status == SP_OK && b->nranges > 0) {
		status = central_ranges_text(b, &lo, &hi);
		if (status == SP_OK) {
			const char *params[3] = {station_id, lo, hi};
			status = central_params(c, sql_ranges_add, 3, params, NULL);
		}
	}
	free(lo);
	free(hi);
	/* Last, so the station row is locked only for a moment. */
	if (status == SP_OK) {
		const char *params[2] = {station_id, last};
		snprintf(last, sizeof last, "%lld", (long long)b->last_seq);
		status = central_params(c, sql_station_pushed, 2, params, NULL);
	}
	return status;
}

enum sp_status central_push_batch(struct central *c, const char *station_id,
				  const struct sync_batch *b)
{
	enum sp_status status = SP_OK;

	c->err[0] = '\0';
	if (!c->temp_ready) {
		status = central_exec(c, sql_temp_tables);
		c->temp_ready = status == SP_OK;
	}
	if (status == SP_OK)
		status = central_exec(c, "BEGIN");
	if (status == SP_OK)
		status = central_push_tx(c, station_id, b);
	if (status == SP_OK)
		status = central_commit(c);
	else
		central_rollback(c);
	return status;
}

/* ---- stations ----------------------------------------------------------- */

enum sp_status central_trust(struct central *c, const char *station_id,
			     const unsigned char pk[STATION_KEY_PUBLIC_BYTES])
{
	char hex[STATION_KEY_HEX_LEN];
	const char *params[2] = {station_id, hex};

	station_key_public_hex(pk, hex);
	return central_params(c, sql_trust, 2, params, NULL);
}

enum sp_status central_station_key(struct central *c, const char *station_id,
				   unsigned char pk[STATION_KEY_PUBLIC_BYTES])
{
	const char *params[1] = {station_id};
	PGresult *res = NULL;
	enum sp_status status =
		central_params(c, sql_station_key, 1, params, &res);

	if (status == SP_OK) {
		if (pq->PQntuples(res) == 0)
			status = SP_ERR_NOT_FOUND;
		else if (station_key_parse_public(pq->PQgetvalue(res, 0, 0), pk) != SP_OK)
			status = SP_ERR_UNTRUSTED;
	}
	pq->PQclear(res);
	return status;
}

void central_stations_free(struct central_station *s, size_t n)
{
	if (!s)
		return;
	for (size_t i = 0; i < n; i++) {
		free(s[i].station_id);
		free(s[i].public_key);
		free(s[i].gaps);
	}
	free(s);
}

char *central_station_gaps_dup(const struct central_station *s)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	if (!fp)
		return NULL;
	for (size_t i = 0; i < s->ngaps; i++) {
		if (i)
			fputs(", ", fp);
		if (s->gaps[i].lo == s->gaps[i].hi)
			fprintf(fp, "%" PRId64, s->gaps[i].lo);
		else
			fprintf(fp, "%" PRId64 "-%" PRId64, s->gaps[i].lo,
				s->gaps[i].hi);
	}
	if (fclose(fp) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

static enum sp_status central_station_gaps(struct central *c,
					   struct central_station *s)
{
	char last[24];
	const char *params[2] = {s->station_id, last};
	PGresult *res = NULL;
	enum sp_status status;
	int64_t missing = 0;

	snprintf(last, sizeof last, "%lld", (long long)s->last_seq);
	status = central_params(c, sql_gaps, 2, params, &res);
	if (status != SP_OK)
		return status;
	s->ngaps = (size_t)pq->PQntuples(res);
	if (s->ngaps > 0) {
		s->gaps = calloc(s->ngaps, sizeof *s->gaps);
		if (!s->gaps) {
			pq->PQclear(res);
			s->ngaps = 0;
			return SP_ERR_NOMEM;
		}
	}
	for (size_t i = 0; i < s->ngaps; i++) {
		s->gaps[i].lo = strtoll(pq->PQgetvalue(res, (int)i, 0), NULL, 10);
		s->gaps[i].hi = strtoll(pq->PQgetvalue(res, (int)i, 1), NULL, 10);
		missing += s->gaps[i].hi - s->gaps[i].lo + 1;
	}
	s->received = s->last_seq - missing;
	pq->PQclear(res);
	return SP_OK;
}

enum sp_status central_stations(struct central *c,
				struct central_station **out, size_t *n)
{
	PGresult *res = NULL;
	struct central_station *list = NULL;
	size_t count = 0;
	enum sp_status status;

	*out = NULL;
	*n = 0;
	status = central_params(c, sql_stations, 0, NULL, &res);
	if (status != SP_OK)
		return status;
	count = (size_t)pq->PQntuples(res);
	list = calloc(count ? count : 1, sizeof *list);
	if (!list)
		status = SP_ERR_NOMEM;
	for (size_t i = 0; i < count && status == SP_OK; i++) {
		list[i].station_id = strdup(pq->PQgetvalue(res, (int)i, 0));
		list[i].public_key = strdup(pq->PQgetvalue(res, (int)i, 1));
		list[i].last_seq = strtoll(pq->PQgetvalue(res, (int)i, 2), NULL, 10);
		list[i].last_push_ms = strtoll(pq->PQgetvalue(res, (int)i, 3), NULL, 10);
		if (!list[i].station_id || !list[i].public_key)
			status = SP_ERR_NOMEM;
	}
	pq->PQclear(res);
	for (size_t i = 0; i < count && status == SP_OK; i++)
		status = central_station_gaps(c, &list[i]);
	if (status != SP_OK) {
		central_stations_free(list, count);
		return status;
	}
	*out = list;
	*n = count;
	return SP_OK;
}

/* ---- the roster --------------------------------------------------------- */

enum sp_status central_roster_since(struct central *c, int64_t after,
				    struct sync_member **out, size_t *n)
{
	char rev[24];
	const char *params[1] = {rev};
	PGresult *res = NULL;
	struct sync_member *list;
	size_t count;
	enum sp_status status;

	*out = NULL;
	*n = 0;
	snprintf(rev, sizeof rev, "%lld", (long long)after);
	status = central_params(c, sql_roster_since, 1, params, &res);
	if (status != SP_OK)
		return status;
	count = (size_t)pq->PQntuples(res);
	list = calloc(count ? count : 1, sizeof *list);
	if (!list) {
		pq->PQclear(res);
		return SP_ERR_NOMEM;
	}
	for (size_t i = 0; i < count && status == SP_OK; i++) {
		int r = (int)i;
		struct sync_member *m = &list[i];
		m->id = strdup(pq->PQgetvalue(res, r, 0));
		m->member_no = strdup(pq->PQgetvalue(res, r, 1));
		m->name = strdup(pq->PQgetvalue(res, r, 2));
		m->branch = strdup(pq->PQgetvalue(res, r, 3));
		m->role = strdup(pq->PQgetvalue(res, r, 4));
		m->pin_hash = strdup(pq->PQgetvalue(res, r, 5));
		m->active = strcmp(pq->PQgetvalue(res, r, 6), "t") == 0;
		m->revision = strtoll(pq->PQgetvalue(res, r, 7), NULL, 10);
		if (!m->id || !m->member_no || !m->name || !m->branch ||
		    !m->role || !m->pin_hash)
			status = SP_ERR_NOMEM;
	}
	pq->PQclear(res);
	if (status != SP_OK) {
		sync_members_free(list, count);
		return status;
	}
	*out = list;
	*n = count;
	return SP_OK;
}

/* Copies the central roster into the scratch store, so that
 * member_import_csv can judge the file against it with its own rules. */
static enum sp_status central_roster_to_scratch(struct central *c,
						struct db *scratch)
{
	PGresult *res = NULL;
	enum sp_status status =
		central_params(c, sql_roster_all, 0, NULL, &res);
	int rows;

	if (status != SP_OK)
		return status;
	rows = pq->PQntuples(res);
	status = db_begin(scratch);
	for (int r = 0; r < rows && status == SP_OK; r++) {
		struct member_spec spec = {pq->PQgetvalue(res, r, 1),
					   pq->PQgetvalue(res, r, 2),
					   pq->PQgetvalue(res, r, 3),
					   MEMBER_ROLE_MEMBER};
		if (member_role_parse(pq->PQgetvalue(res, r, 4), &spec.role) != SP_OK)
			status = SP_ERR_INVALID;
		if (status == SP_OK)
			status = member_insert_row(scratch, pq->PQgetvalue(res, r, 0),
						   &spec, pq->PQgetvalue(res, r, 5));
	}
	if (status == SP_OK)
		status = db_commit(scratch);
	else
		db_rollback(scratch);
	pq->PQclear(res);
	return status;
}

/* The scratch store's members as COPY text for in_member. */
static enum sp_status central_scratch_copy_text(struct db *scratch,
						struct central_buf *buf)
{
	sqlite3_stmt *stmt = db_stmt(scratch, sql_scratch_members);
	int rc;

	if (!stmt)
		return SP_ERR_DB;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		for (int k = 0; k < 6; k++) {
			if (k)
				central_buf_add(buf, "\t", 1);
			central_buf_value(buf, (const char *)sqlite3_column_text(stmt, k));
		}
		central_buf_add(buf, "\n", 1);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return db_status_from_rc(rc);
	return buf->failed ? SP_ERR_NOMEM : SP_OK;
}

static enum sp_status central_roster_write(struct central *c,
					   const struct central_buf *buf)
{
	enum sp_status status = central_exec(c, "BEGIN");

	if (status == SP_OK)
		status = central_exec(c, sql_roster_lock);
	if (status == SP_OK)
		status = central_exec(c, sql_roster_temp);
	if (status == SP_OK)
		status = central_copy(c, sql_roster_copy, buf);
	if (status == SP_OK)
		status = central_exec(c, sql_roster_upsert);
	if (status == SP_OK)
		status = central_commit(c);
	else
		central_rollback(c);
	return status;
}

static void central_scratch_remove(const char dir[CONFIG_PATH_MAX - 64])
{
	static const char *const names[] = {
		"roster.db", "roster.db-wal", "roster.db-shm", "roster.db-journal",
	};
	char path[CONFIG_PATH_MAX];

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

enum sp_status central_member_import(struct central *c,
				     const unsigned char *pepper,
				     const char *path,
				     struct member_import_result *result)
{
	const char *tmp = getenv("TMPDIR");
	char dir[CONFIG_PATH_MAX - 64], dbpath[CONFIG_PATH_MAX];
	struct central_buf buf = {0};
	struct db *scratch = NULL;
	enum sp_status status;

	memset(result, 0, sizeof *result);
	c->err[0] = '\0';
	snprintf(dir, sizeof dir, "%s/svcpoint-roster.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return SP_ERR_IO;
	snprintf(dbpath, sizeof dbpath, "%s/roster.db", dir);
	status = db_open(dbpath, DB_OPEN_CREATE, &scratch, NULL);
	if (status == SP_OK)
		status = central_roster_to_scratch(c, scratch);
	if (status == SP_OK)
		status = member_import_csv(scratch, pepper, path, NULL, result);
	if (status == SP_OK && (result->added > 0 || result->updated > 0)) {
		status = central_scratch_copy_text(scratch, &buf);
		if (status == SP_OK)
			status = central_roster_write(c, &buf);
	}
	if (buf.data)
		sodium_memzero(buf.data, buf.cap);
	free(buf.data);
	db_close(scratch);
	central_scratch_remove(dir);
	if (status != SP_OK && status != SP_ERR_CSV)
		result->added = result->updated = result->unchanged = 0;
	return status;
}
