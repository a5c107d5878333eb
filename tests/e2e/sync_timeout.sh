#!/bin/sh
# sync_timeout.sh — closing a shift while the central hangs: another
# session holds a lock the push needs and [sync] statement_timeout_s = 1
# ends the blocked statement. The close-shift screen says the status
# table's sentence and what happens next, never libpq's own words (they
# go to the audit log, which the next push carries up); the shift is
# closed, the watermark has not moved, the file is offered. Once the lock
# is gone a push sends everything, once.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"
. "$SVCPOINT_ROOT/tests/pg.sh"

S_TIMEOUT=$(t_tr "The central database did not answer in time; the changes not yet sent wait for the next sync.")
S_WAITS=$(t_tr "The shift is closed; the records not yet sent can also go into a file now.")

kiosk_setup
pg_start
t_ok "central init" $CENTRAL_SP central init --conninfo "$PG_CONNINFO"
t_config sync "conninfo = $PG_CONNINFO" "statement_timeout_s = 1"

locker_pid=
trap '[ -n "$locker_pid" ] && kill "$locker_pid" 2>/dev/null; pg_cleanup; t_cleanup' EXIT

t_clock "2026-11-23T01:00:00Z"
tui_start
tui_expect "home screen" "$S_HOME_BRAND"
kiosk_open 6 "$STAFF_BADGE" "$STAFF_PIN"
tui_expect "staff menu" "$S_STAFF_OPEN_ITEM"
tui_keys 1
t_ok "the shift is open" kiosk_wait_sql "SELECT count(*) FROM shift" 1
SHIFT=$(t_sql "SELECT id FROM shift")
tui_keys 2
tui_expect "step 1" "$S_STEP_SUMMARY"
tui_keys Enter
tui_expect "step 2: nothing open" "$S_NO_OPEN_VISITS"
tui_keys Enter
tui_expect "step 3: nothing pending" "$S_NOTHING_PENDING"
tui_keys Enter
tui_expect "step 4: sending" "$S_SENDING_HINT"

# the central hangs: its version table is locked by another session
printf 'BEGIN;\nLOCK TABLE schema_version IN ACCESS EXCLUSIVE MODE;\nSELECT pg_sleep(600);\n' |
	PGAPPNAME=svcpoint-test-locker psql -X -q -h "$PG_DIR" -p "$PGPORT" \
		-U postgres -d central >/dev/null 2>&1 &
locker_pid=$!
i=0
while [ "$i" -lt 200 ]; do
	n=$(pg_psql "SELECT count(*) FROM pg_stat_activity
	  WHERE application_name = 'svcpoint-test-locker'
	  AND query LIKE '%pg_sleep%' AND state = 'active'" 2>/dev/null)
	[ "${n:-0}" -gt 0 ] && break
	sleep 0.05
	i=$((i + 1))
done
t_ok "the lock is held" test "${n:-0}" -gt 0

tui_keys Enter
tui_expect "the push stops and offers the file" "$S_BUNDLE_PROMPT" 30
screen=$(tui_screen)
# the sentences wrap: compare them without spaces and line ends
flat=$(echo "$screen" | tr -d ' \n')
t_contains "the status table's sentence" "$flat" "$(echo "$S_TIMEOUT" | tr -d ' ')"
t_contains "and what happens next" "$flat" "$(echo "$S_WAITS" | tr -d ' ')"
t_lacks "libpq's words stay off the screen" "$screen" "statement timeout"
t_lacks "nor in English" "$screen" "canceling"
t_is "the shift is closed" \
	"$(t_sql "SELECT closed_at IS NOT NULL FROM shift WHERE id = '$SHIFT'")" 1
t_is "the watermark has not moved" \
	"$(t_sql "SELECT count(*) FROM sync_state WHERE name = 'push_acked_seq'")" 0
t_is "the audit log keeps libpq's words, by the staff member" \
	"$(t_sql "SELECT a.target || '|' || (a.detail LIKE '%statement timeout%') || '|' || m.member_no
	  FROM audit_log a JOIN member m ON m.id = a.actor_id WHERE a.action = 'sync.push.failed'")" \
	"SP_ERR_CENTRAL_TIMEOUT|1|$STAFF_BADGE"

pg_psql "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
  WHERE application_name = 'svcpoint-test-locker'" >/dev/null
wait "$locker_pid" 2>/dev/null
locker_pid=
tui_keys Tab
tui_expect "Tab goes on without the file" "$S_STEP_LEDGER"
tui_keys Escape
tui_expect "home" "$S_HOME_BRAND"
kiosk_quit_clean

t_ok "a push after the lock is gone completes" $SP sync push
last=$(t_sql "SELECT max(seq) FROM change_log")
t_is "the watermark is the last change" \
	"$(t_sql "SELECT value FROM sync_state WHERE name = 'push_acked_seq'")" "$last"
t_is "the central has the shift, closed" \
	"$(pg_psql "SELECT closed_at IS NOT NULL FROM shift WHERE id = '$SHIFT'")" t
t_is "and the failure's audit row, once" \
	"$(pg_psql "SELECT count(*) FROM audit_log WHERE action = 'sync.push.failed'")" 1
t_ok "the audit chain verifies" $SP check
t_done
