# tests/cli/sync_timeout.sh — a central that hangs: another session holds
# a lock the push needs, and [sync] statement_timeout_s = 1 ends the
# blocked statement. The push stops with the one sentence of the status
# table (libpq's words only as the detail after it), exit 1, the batches
# committed before it stay acknowledged and the blocked one leaves
# nothing behind; after the lock is released the rerun sends the rest,
# once. A lock on the schema's version table, met before anything is
# sent, gives the same sentence rather than "run central init".
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/pg.sh"

t_setup
pg_start
$CENTRAL_SP central init >/dev/null 2>&1 || t_fail "central init"
pg_station p1 100
printf 'statement_timeout_s = 1\n' >>"$T/p1/svcpoint.conf"
$p1_SP init --demo >/dev/null 2>&1 || t_fail "init"
pg_entries "$p1_DB" 250 0000aaa1
t_ok "the first push runs" $p1_SP sync push
t_is "the central holds the first 250 entries" \
	"$(pg_psql "SELECT count(*) FROM service_entry")" 250
acked1=$(sqlite3 "$p1_DB" "SELECT value FROM sync_state WHERE name = 'push_acked_seq'")

# locker SQL: holds what SQL takes until it is terminated
locker_pid=
locker_start() {
	printf 'BEGIN;\n%s;\nSELECT pg_sleep(600);\n' "$1" |
		PGAPPNAME=svcpoint-test-locker psql -X -q -h "$PG_DIR" -p "$PGPORT" \
			-U postgres -d central >/dev/null 2>&1 &
	locker_pid=$!
	i=0
	while [ "$i" -lt 200 ]; do
		n=$(pg_psql "SELECT count(*) FROM pg_stat_activity
		  WHERE application_name = 'svcpoint-test-locker'
		  AND query LIKE '%pg_sleep%' AND state = 'active'" 2>/dev/null)
		[ "${n:-0}" -gt 0 ] && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
locker_stop() {
	pg_psql "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
	  WHERE application_name = 'svcpoint-test-locker'" >/dev/null
	wait "$locker_pid" 2>/dev/null
	locker_pid=
}
trap '[ -n "$locker_pid" ] && kill "$locker_pid" 2>/dev/null; pg_cleanup; t_cleanup' EXIT

# 250 new entries, then a change to one the central holds already: three
# batches of 100, the third holding the changed row
X=0000aaa1-0000-7000-8000-000000000001
pg_entries "$p1_DB" 250 0000aaa2
sqlite3 "$p1_DB" "UPDATE service_entry SET status = 'verified',
  verified_at = '2026-11-23T02:00:00.000Z', updated_at = '2026-11-23T02:00:00.000Z'
  WHERE id = '$X'" || t_fail "the station changes an entry"
last=$(sqlite3 "$p1_DB" "SELECT max(seq) FROM change_log")

t_ok "another session locks the changed row" \
	locker_start "SELECT id FROM service_entry WHERE id = '$X' FOR UPDATE"
t_exit "the push stops at the locked row" 1 $p1_SP sync push
err=$(cat "$T/err")
t_contains "with the status table's sentence" "$err" \
	"The central database did not answer in time; the changes not yet sent wait for the next sync."
t_contains "libpq's words only as the detail" "$err" "statement timeout"
t_is "the sentence and its detail on one line, then the batches line" \
	"$(grep -c 'did not answer in time' "$T/err") $(wc -l <"$T/err")" "1 2"
t_contains "it says what was stored" "$err" "2 batches"
t_contains "two batches went up before" "$(cat "$T/out")" "batch 2:"
acked=$(sqlite3 "$p1_DB" "SELECT value FROM sync_state WHERE name = 'push_acked_seq'")
t_is "the watermark is at the end of the second batch" "$acked" $((acked1 + 200))
t_is "the central holds the two batches, nothing of the third" \
	"$(pg_psql "SELECT count(*) FROM service_entry")" 450
t_is "the blocked row is unchanged there" \
	"$(pg_psql "SELECT status FROM service_entry WHERE id = '$X'")" pending
t_is "the central's last seq is the watermark" \
	"$(pg_psql "SELECT last_seq FROM station WHERE station_id = 'p1'")" "$acked"

locker_stop
t_ok "after the lock is gone the rerun completes" $p1_SP sync push
t_contains "and sends only the rest" "$(cat "$T/out")" "Sent 51 changes"
t_is "every entry is there once" \
	"$(pg_psql "SELECT count(*) || ' ' || count(DISTINCT id) FROM service_entry")" \
	"500 500"
t_is "the changed row arrived" \
	"$(pg_psql "SELECT status FROM service_entry WHERE id = '$X'")" verified
t_is "the watermark is the last change" \
	"$(sqlite3 "$p1_DB" "SELECT value FROM sync_state WHERE name = 'push_acked_seq'")" "$last"
t_ok "central status runs" $CENTRAL_SP central status --format csv
t_is "the central sees no gap" \
	"$(tr -d '"' <"$T/out" | grep '^p1,' | cut -d, -f2,5)" "$last,"

# blocked before anything is sent: the version check waits on a lock
pg_entries "$p1_DB" 5 0000aaa3
t_ok "another session locks the schema's version table" \
	locker_start "LOCK TABLE schema_version IN ACCESS EXCLUSIVE MODE"
t_exit "the push stops at once" 1 $p1_SP sync push
t_contains "with the same sentence" "$(cat "$T/err")" "did not answer in time"
t_lacks "not as a schema not set up" "$(cat "$T/err")" "central init"
t_is "the sentence on one line" "$(wc -l <"$T/err")" 1
locker_stop
t_ok "and the rerun sends them" $p1_SP sync push
t_is "505 entries, once each" \
	"$(pg_psql "SELECT count(*) || ' ' || count(DISTINCT id) FROM service_entry")" \
	"505 505"
t_done
