# tests/pg.sh — a throwaway PostgreSQL cluster for the sync tests.
#
# Source it after tests/lib.sh and t_setup, then:
#
#   pg_start          initdb + pg_ctl under a new temporary folder, trust
#                     auth, listening only on a unix socket in that folder;
#                     creates the database "central". Exports PGHOST,
#                     PGPORT, PGUSER, PGDATABASE and sets PG_CONNINFO.
#                     When PostgreSQL is not installed the test is skipped.
#   pg_stop_now       pg_ctl stop -m immediate (a crash, for the tests)
#   pg_restart        starts the same cluster again
#   pg_psql SQL       one query, unaligned, no headers
#   CENTRAL_SP        svcpoint with the central side's config (English)
#
# The server refuses to run as root: as root, the cluster belongs to the
# postgres user (runuser); otherwise it runs as the current user. The
# cluster is stopped and removed when the test exits, even on failure.

pg_find_bin() {
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) \
		$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/x)"); do
		if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
			echo "$d"
			return 0
		fi
	done
	return 1
}

# Runs a command as the cluster's owner.
pg_as_owner() {
	if [ "$(id -u)" = 0 ]; then
		if command -v runuser >/dev/null 2>&1; then
			runuser -u postgres -- "$@"
		else
			# su needs one command line: quote every argument
			cmd=""
			for a in "$@"; do
				cmd="$cmd '$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'"
			done
			su postgres -s /bin/sh -c "$cmd"
		fi
	else
		"$@"
	fi
}

pg_start() {
	if ! PG_BIN=$(pg_find_bin); then
		echo "1..0 # SKIP PostgreSQL (initdb, pg_ctl) is not installed; run 'make deps-test'"
		exit 0
	fi
	if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
		echo "1..0 # SKIP running as root and there is no postgres user"
		exit 0
	fi
	# Short: a unix socket path must stay under about 100 bytes.
	PG_DIR=$(mktemp -d /tmp/svcpoint-pg.XXXXXX)
	chmod 755 "$PG_DIR"
	[ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
	PG_DATA="$PG_DIR/data"
	PGPORT=5432
	trap 'pg_cleanup; t_cleanup' EXIT
	trap 'exit 130' INT TERM
	if ! pg_as_owner "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U postgres \
		-E UTF8 --locale=C --no-sync >"$PG_DIR/initdb.log" 2>&1; then
		echo "not ok - initdb failed: $(tail -3 "$PG_DIR/initdb.log")"
		exit 1
	fi
	# fsync=off: the tests crash the server, never the machine; the WAL
	# still makes an immediate stop recover on restart.
	cat >>"$PG_DATA/postgresql.conf" <<PGCONF
listen_addresses = ''
unix_socket_directories = '$PG_DIR'
port = $PGPORT
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 40
PGCONF
	pg_restart || exit 1
	export PGHOST="$PG_DIR" PGPORT PGUSER=postgres PGDATABASE=central
	unset PGPASSWORD PGSERVICE PGSSLMODE 2>/dev/null || true
	if ! "$PG_BIN/createdb" -h "$PG_DIR" -p "$PGPORT" -U postgres central \
		>"$PG_DIR/createdb.log" 2>&1; then
		echo "not ok - createdb failed: $(cat "$PG_DIR/createdb.log")"
		exit 1
	fi
	PG_CONNINFO="host=$PG_DIR port=$PGPORT user=postgres dbname=central"
	# The committee's side: its own config, English messages.
	mkdir -p "$T/central"
	cat >"$T/central/svcpoint.conf" <<CONF
[kiosk]
language = en

[security]
pepper_file = ../pepper.key

[sync]
conninfo = $PG_CONNINFO
CONF
	CENTRAL_SP="$SVCPOINT_BIN -c $T/central/svcpoint.conf"
}

pg_restart() {
	if ! pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DIR/server.log" \
		-w -t 60 start >"$PG_DIR/pg_ctl.log" 2>&1; then
		echo "not ok - PostgreSQL did not start: $(tail -5 "$PG_DIR/server.log" 2>/dev/null)"
		return 1
	fi
}

pg_stop_now() {
	pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop \
		>>"$PG_DIR/pg_ctl.log" 2>&1
}

pg_cleanup() {
	if [ -n "${PG_DATA:-}" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
		pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop \
			>/dev/null 2>&1
	fi
	[ -n "${PG_DIR:-}" ] && [ -z "${KEEP:-}" ] && rm -rf "$PG_DIR"
	return 0
}

pg_psql() {
	psql -X -q -At -v ON_ERROR_STOP=1 -h "$PG_DIR" -p "$PGPORT" -U postgres \
		-d central -c "$1"
}

# A station: its own folder, config and store, all sharing $T/pepper.key.
#   pg_station NAME [BATCH_ROWS]  sets ${NAME}_SP (the command) and
#                                 ${NAME}_DB (its store)
pg_station() {
	name=$1
	dir="$T/$name"
	mkdir -p "$dir"
	cat >"$dir/svcpoint.conf" <<CONF
[station]
id = $name
name = 测试站 $name
timezone = Asia/Shanghai

[store]
path = svcpoint.db

[security]
pepper_file = ../pepper.key

[kiosk]
language = en

[sync]
conninfo = $PG_CONNINFO
batch_rows = ${2:-5000}
key_file = station.key
CONF
	eval "${name}_SP=\"\$SVCPOINT_BIN -c $dir/svcpoint.conf\""
	eval "${name}_DB=\"$dir/svcpoint.db\""
}

# pg_entries DB N TAG: N closed service entries written with the sqlite3
# shell in one transaction (through the change-log triggers), ids made
# from TAG (8 hex digits) so stations never collide.
pg_entries() {
	sqlite3 -batch "$1" "
PRAGMA foreign_keys = ON;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2)
INSERT INTO service_entry(id, member_id, activity_id, kind, started_at,
  ended_at, minutes, round_minutes, note, status, created_at, updated_at)
SELECT printf('%s-0000-7000-8000-%012x', '$3', i),
  (SELECT id FROM member ORDER BY member_no LIMIT 1),
  (SELECT id FROM activity_type ORDER BY code LIMIT 1),
  'logged', '2026-11-20T01:00:00.000Z', '2026-11-20T02:00:00.000Z', 60, 1,
  'entry ' || i, 'pending', '2026-11-23T01:00:00.000Z', '2026-11-23T01:00:00.000Z'
FROM n;
COMMIT;"
}
