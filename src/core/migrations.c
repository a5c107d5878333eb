/* migrations.c — the schema, as numbered steps.
 *
 * Step N takes a store from user_version N-1 to N and is applied in one
 * transaction together with the new user_version, so a crash leaves the
 * store at the old version, intact. Never edit a step that has shipped:
 * add a new one. docs/data-model.md explains the tables. */
#include "migrations.h"

#include <stddef.h>

/* SQLite's own clock, in the stored UTC format: the change log's time is
 * only a note for people; order comes from seq. */
#define MIGRATION_NOW "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

/* One small insert per write: after insert and after update of table t. */
#define MIGRATION_CHANGE_TRIGGERS(t) \
	"CREATE TRIGGER " t "_change_insert AFTER INSERT ON " t \
	" BEGIN INSERT INTO change_log(tbl, row_id, at)" \
	"  VALUES ('" t "', NEW.id, " MIGRATION_NOW "); END;" \
	"CREATE TRIGGER " t "_change_update AFTER UPDATE ON " t \
	" BEGIN INSERT INTO change_log(tbl, row_id, at)" \
	"  VALUES ('" t "', NEW.id, " MIGRATION_NOW "); END;"

static const char *const migration_steps[] = {
	/* 1: the tables */
	"CREATE TABLE station ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	") WITHOUT ROWID;"

	"CREATE TABLE brand ("
	"  id TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  slogan TEXT NOT NULL DEFAULT '',"
	"  logo TEXT NOT NULL DEFAULT '',"
	"  connotation TEXT NOT NULL DEFAULT '',"
	"  concept TEXT NOT NULL DEFAULT '',"
	"  goals TEXT NOT NULL DEFAULT '',"
	"  type TEXT NOT NULL DEFAULT 'work'"
	"    CHECK (type IN ('work','organisation','member')),"
	"  stage TEXT NOT NULL DEFAULT 'preparation'"
	"    CHECK (stage IN ('preparation','deployment','development','summary')),"
	"  profile_url TEXT NOT NULL DEFAULT '',"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL,"
	"  revision INTEGER NOT NULL DEFAULT 1"
	");"

	"CREATE TABLE activity_type ("
	"  id TEXT PRIMARY KEY,"
	"  code TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  name_en TEXT NOT NULL DEFAULT '',"
	"  sort_order INTEGER NOT NULL DEFAULT 0,"
	"  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),"
	"  created_at TEXT NOT NULL"
	");"

	"CREATE TABLE member ("
	"  id TEXT PRIMARY KEY,"
	"  member_no TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  branch TEXT NOT NULL DEFAULT '',"
	"  role TEXT NOT NULL DEFAULT 'member'"
	"    CHECK (role IN ('member','staff','admin')),"
	"  pin_hash TEXT NOT NULL,"
	"  failed_pins INTEGER NOT NULL DEFAULT 0 CHECK (failed_pins >= 0),"
	"  locked_until TEXT,"
	"  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL"
	");"

	"CREATE TABLE shift ("
	"  id TEXT PRIMARY KEY,"
	"  opened_by TEXT NOT NULL REFERENCES member(id),"
	"  opened_at TEXT NOT NULL,"
	"  closed_by TEXT REFERENCES member(id),"
	"  closed_at TEXT,"
	"  note TEXT NOT NULL DEFAULT ''"
	");"

	"CREATE TABLE service_entry ("
	"  id TEXT PRIMARY KEY,"
	"  member_id TEXT NOT NULL REFERENCES member(id),"
	"  activity_id TEXT NOT NULL REFERENCES activity_type(id),"
	"  shift_id TEXT REFERENCES shift(id),"
	"  kind TEXT NOT NULL CHECK (kind IN ('visit','logged')),"
	"  started_at TEXT NOT NULL,"
	"  ended_at TEXT,"
	"  minutes INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 0 AND 1440),"
	"  round_minutes INTEGER NOT NULL DEFAULT 1,"
	"  note TEXT NOT NULL DEFAULT '',"
	"  status TEXT NOT NULL"
	"    CHECK (status IN ('open','closed','pending','verified','rejected')),"
	"  verified_by TEXT REFERENCES member(id),"
	"  verified_at TEXT,"
	"  reject_reason TEXT,"
	"  voided_at TEXT,"
	"  voided_by TEXT REFERENCES member(id),"
	"  void_reason TEXT,"
	"  replaces_id TEXT REFERENCES service_entry(id),"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL,"
	"  CHECK (ended_at IS NULL OR ended_at >= started_at),"
	"  CHECK ((voided_at IS NULL) = (void_reason IS NULL))"
	");"

	"CREATE TABLE commitment ("
	"  id TEXT PRIMARY KEY,"
	"  member_id TEXT NOT NULL REFERENCES member(id),"
	"  shift_id TEXT REFERENCES shift(id),"
	"  text TEXT NOT NULL,"
	"  category TEXT NOT NULL DEFAULT '',"
	"  due_date TEXT NOT NULL,"
	"  public INTEGER NOT NULL DEFAULT 1 CHECK (public IN (0,1)),"
	"  status TEXT NOT NULL DEFAULT 'open'"
	"    CHECK (status IN ('open','fulfilled_pending','fulfilled',"
	"                      'rejected','withdrawn')),"
	"  fulfilled_at TEXT,"
	"  fulfil_note TEXT,"
	"  verified_by TEXT REFERENCES member(id),"
	"  verified_at TEXT,"
	"  reject_reason TEXT,"
	"  withdrawn_at TEXT,"
	"  withdraw_reason TEXT,"
	"  voided_at TEXT,"
	"  voided_by TEXT REFERENCES member(id),"
	"  void_reason TEXT,"
	"  replaces_id TEXT REFERENCES commitment(id),"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL,"
	"  CHECK ((voided_at IS NULL) = (void_reason IS NULL))"
	");"

	"CREATE TABLE feedback ("
	"  id TEXT PRIMARY KEY,"
	"  shift_id TEXT REFERENCES shift(id),"
	"  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),"
	"  comment TEXT NOT NULL DEFAULT '',"
	"  created_at TEXT NOT NULL"
	");"

	"CREATE TABLE audit_log ("
	"  seq INTEGER PRIMARY KEY,"
	"  id TEXT NOT NULL UNIQUE,"
	"  at TEXT NOT NULL,"
	"  actor_id TEXT,"
	"  action TEXT NOT NULL,"
	"  target TEXT NOT NULL DEFAULT '',"
	"  detail TEXT NOT NULL DEFAULT '',"
	"  prev_hash TEXT NOT NULL,"
	"  hash TEXT NOT NULL"
	");"

	"CREATE TABLE sync_state ("
	"  name TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL"
	") WITHOUT ROWID;",

	/* 2: the rules that keep records honest, and the kiosk-path indexes */
	"CREATE UNIQUE INDEX service_entry_one_open ON service_entry(member_id)"
	"  WHERE status = 'open' AND voided_at IS NULL;"
	"CREATE INDEX service_entry_member_started"
	"  ON service_entry(member_id, started_at);"
	"CREATE INDEX service_entry_started ON service_entry(started_at);"
	"CREATE INDEX service_entry_waiting ON service_entry(status)"
	"  WHERE status IN ('open','pending');"
	"CREATE INDEX commitment_member ON commitment(member_id, created_at);"
	"CREATE INDEX commitment_waiting ON commitment(status)"
	"  WHERE status = 'fulfilled_pending';"
	"CREATE UNIQUE INDEX shift_one_open ON shift((closed_at IS NULL))"
	"  WHERE closed_at IS NULL;"

	"CREATE TRIGGER service_entry_no_delete BEFORE DELETE ON service_entry"
	" BEGIN SELECT RAISE(ABORT, 'service entries are never deleted; void them'); END;"
	"CREATE TRIGGER service_entry_no_rewrite BEFORE UPDATE ON service_entry"
	" WHEN NEW.id IS NOT OLD.id OR NEW.member_id IS NOT OLD.member_id"
	"   OR NEW.activity_id IS NOT OLD.activity_id OR NEW.kind IS NOT OLD.kind"
	"   OR NEW.started_at IS NOT OLD.started_at OR NEW.note IS NOT OLD.note"
	"   OR NEW.created_at IS NOT OLD.created_at"
	"   OR NEW.replaces_id IS NOT OLD.replaces_id"
	"   OR (OLD.ended_at IS NOT NULL AND NEW.ended_at IS NOT OLD.ended_at)"
	"   OR (OLD.minutes IS NOT NULL AND NEW.minutes IS NOT OLD.minutes)"
	"   OR (OLD.verified_at IS NOT NULL AND NEW.verified_at IS NOT OLD.verified_at)"
	"   OR (OLD.voided_at IS NOT NULL AND (NEW.voided_at IS NOT OLD.voided_at"
	"       OR NEW.void_reason IS NOT OLD.void_reason"
	"       OR NEW.voided_by IS NOT OLD.voided_by))"
	"   OR (OLD.status NOT IN ('open','pending') AND NEW.status IS NOT OLD.status)"
	" BEGIN SELECT RAISE(ABORT, 'service entries are corrected by a void and a new entry'); END;"

	"CREATE TRIGGER commitment_no_delete BEFORE DELETE ON commitment"
	" BEGIN SELECT RAISE(ABORT, 'commitments are never deleted; void them'); END;"
	"CREATE TRIGGER commitment_no_rewrite BEFORE UPDATE ON commitment"
	" WHEN NEW.id IS NOT OLD.id OR NEW.member_id IS NOT OLD.member_id"
	"   OR NEW.text IS NOT OLD.text OR NEW.category IS NOT OLD.category"
	"   OR NEW.due_date IS NOT OLD.due_date OR NEW.created_at IS NOT OLD.created_at"
	"   OR NEW.replaces_id IS NOT OLD.replaces_id"
	"   OR (OLD.voided_at IS NOT NULL AND (NEW.voided_at IS NOT OLD.voided_at"
	"       OR NEW.void_reason IS NOT OLD.void_reason))"
	"   OR OLD.status IN ('fulfilled','rejected','withdrawn')"
	"      AND NEW.status IS NOT OLD.status"
	" BEGIN SELECT RAISE(ABORT, 'commitments are corrected by a void and a new commitment'); END;"

	"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
	" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
	"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
	" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",

	/* 3: the change log that feeds the upward sync (sync.c). Every insert
	 * or update of a synced table appends one row; its seq is the
	 * station's own sequence number. Members are managed centrally and
	 * have no trigger, so lockout counters never become changes. Rows
	 * that exist already are logged once, oldest first, so they are sent
	 * too. */
	"CREATE TABLE change_log ("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  tbl TEXT NOT NULL,"
	"  row_id TEXT NOT NULL,"
	"  at TEXT NOT NULL"
	");"
	"CREATE INDEX change_log_row ON change_log(row_id, seq);"
	MIGRATION_CHANGE_TRIGGERS("service_entry")
	MIGRATION_CHANGE_TRIGGERS("commitment")
	MIGRATION_CHANGE_TRIGGERS("shift")
	MIGRATION_CHANGE_TRIGGERS("feedback")
	MIGRATION_CHANGE_TRIGGERS("audit_log")
	MIGRATION_CHANGE_TRIGGERS("brand")
	MIGRATION_CHANGE_TRIGGERS("activity_type")
	"INSERT INTO change_log(tbl, row_id, at)"
	"  SELECT tbl, row_id, " MIGRATION_NOW " FROM ("
	"    SELECT 'brand' AS tbl, id AS row_id, created_at AS t, 0 AS k FROM brand"
	"    UNION ALL SELECT 'activity_type', id, created_at, 0 FROM activity_type"
	"    UNION ALL SELECT 'shift', id, opened_at, 0 FROM shift"
	"    UNION ALL SELECT 'service_entry', id, created_at, 0 FROM service_entry"
	"    UNION ALL SELECT 'commitment', id, created_at, 0 FROM commitment"
	"    UNION ALL SELECT 'feedback', id, created_at, 0 FROM feedback"
	"    UNION ALL SELECT 'audit_log', id, at, seq FROM audit_log"
	"  ) ORDER BY t, k, row_id;",

	/* 4: the period ledgers (report.c) read commitments by when they were
	 * made, verified and due, a month, quarter or year at a time; without
	 * these each of those counts scans the whole table. */
	"CREATE INDEX commitment_created ON commitment(created_at);"
	"CREATE INDEX commitment_verified ON commitment(verified_at)"
	"  WHERE status = 'fulfilled';"
	"CREATE INDEX commitment_due ON commitment(due_date)"
	"  WHERE status = 'open';",

	/* 5: the shift summary and ledger find a shift's entries by shift_id
	 * (before, a started_at range stood in for it); the feedback summary
	 * and list read ratings by when they were left, and the kiosk's
	 * cool-down asks for the newest one. signin_failure counts refused
	 * sign-ins per hour (badges unknown here, wrong PINs), so that an
	 * unknown badge commits a write just as a wrong PIN does: the time a
	 * refusal takes tells nothing, and staff can see a badge being
	 * guessed. It holds counts only, never a badge or a PIN typed, and
	 * like the lockout counters it is local (no change-log trigger). */
	"CREATE INDEX service_entry_shift ON service_entry(shift_id);"
	"CREATE INDEX feedback_created ON feedback(created_at);"
	"CREATE TABLE signin_failure ("
	"  window_start TEXT PRIMARY KEY,"
	"  unknown_badge INTEGER NOT NULL DEFAULT 0 CHECK (unknown_badge >= 0),"
	"  wrong_pin INTEGER NOT NULL DEFAULT 0 CHECK (wrong_pin >= 0),"
	"  last_at TEXT NOT NULL"
	") WITHOUT ROWID;",
};

int migrations_count(void)
{
	return (int)(sizeof migration_steps / sizeof migration_steps[0]);
}

const char *migrations_step_sql(int version)
{
	if (version < 1 || version > migrations_count())
		return NULL;
	return migration_steps[version - 1];
}
