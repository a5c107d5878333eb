#!/bin/sh
# sync_hang.sh — closing a shift while the central stops answering in the
# middle of the push: the whole PostgreSQL cluster is stopped (SIGSTOP)
# before the second batch commits, so neither the statement nor a cancel
# request is ever answered. The close-shift screen says while sending
# how long it waits at most, then gets control back by itself: the
# timeout's sentence, the shift closed, the watermark at the first
# batch, libpq's words only in the audit log, and the file offered —
# which it writes. When the central runs again it takes that file, and a
# push afterwards completes without a duplicate.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"
. "$SVCPOINT_ROOT/tests/pg.sh"
. "$SVCPOINT_ROOT/tests/pg_hang.sh"

S_TIMEOUT=$(t_tr "The central database did not answer in time; the changes not yet sent wait for the next sync.")
S_WAITS=$(t_tr "The shift is closed; the records not yet sent can also go into a file now.")
S_SENDING=$(t_tr "Sending…")
# the detail the audit row keeps, in the kiosk's language
S_NO_ANSWER=$(t_tr "no answer from the central within %d s; the connection was dropped" | sed 's/%d/6/')
# statement_timeout_s = 1, plus the 5 s grace, plus 2 s for the cancel request
S_GIVES_UP=$(t_tr "If the central stops answering, sending gives up after %d seconds and offers a file instead." | sed 's/%d/8/')

kiosk_setup
pg_start
trap 'pg_resume; pg_cleanup; t_cleanup' EXIT
t_ok "central init" $CENTRAL_SP central init --conninfo "$PG_CONNINFO"
t_config sync "conninfo = $PG_CONNINFO" "statement_timeout_s = 1" "batch_rows = 10"
# the first batch (seq 1..10) commits; the second stops the cluster
t_ok "the cluster will stop in the second batch" pg_hang_at_station 10 cluster

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

tui_keys Enter
tui_expect "it sends" "$S_SENDING"
t_contains "and says how long it waits at most" \
	"$(tui_screen | tr -d ' \n')" "$(echo "$S_GIVES_UP" | tr -d ' ')"
tui_expect "the push gives up by itself and offers the file" "$S_BUNDLE_PROMPT" 30
t_is "the cluster is stopped meanwhile" \
	"$(ps -o stat= -p "$(pg_postmaster_pid)" | cut -c1)" T
screen=$(tui_screen)
# the sentences wrap: compare them without spaces and line ends
flat=$(echo "$screen" | tr -d ' \n')
t_contains "the status table's sentence" "$flat" "$(echo "$S_TIMEOUT" | tr -d ' ')"
t_contains "and what happens next" "$flat" "$(echo "$S_WAITS" | tr -d ' ')"
t_lacks "the detail stays off the screen" "$flat" "$(echo "$S_NO_ANSWER" | tr -d ' ')"
t_is "the shift is closed" \
	"$(t_sql "SELECT closed_at IS NOT NULL FROM shift WHERE id = '$SHIFT'")" 1
t_is "the watermark is at the first batch" \
	"$(t_sql "SELECT value FROM sync_state WHERE name = 'push_acked_seq'")" 10
t_is "the audit log keeps what the client said, by the staff member" \
	"$(t_sql "SELECT a.target || '|' || (a.detail = '$S_NO_ANSWER') || '|' || m.member_no
	  FROM audit_log a JOIN member m ON m.id = a.actor_id WHERE a.action = 'sync.push.failed'")" \
	"SP_ERR_CENTRAL_TIMEOUT|1|$STAFF_BADGE"

BUNDLE="$T/test-001-2026-11-23.bundle"
tui_expect "the default path is in the store's folder" "test-001-2026-11-23.bundle"
tui_keys Enter
tui_expect "the kiosk takes keys again: the file is written" "$S_GO_LEDGER" 20
t_ok "the bundle exists" test -s "$BUNDLE"
t_contains "it is signed" "$(tail -1 "$BUNDLE")" '{"signature":"'
tui_keys Enter
tui_expect "step 5" "$S_STEP_LEDGER"
tui_keys Escape
tui_expect "home" "$S_HOME_BRAND"
kiosk_quit_clean

pg_resume
t_ok "the hook is removed" pg_hang_off
t_is "the central's last commit is the watermark" \
	"$(pg_psql "SELECT last_seq FROM station WHERE station_id = 'test-001'")" 10
t_is "and the stopped batch left nothing behind" \
	"$(pg_psql "SELECT count(*) FROM shift WHERE id = '$SHIFT'")" 0
$SP station key >"$T/key" 2>/dev/null
t_ok "the central trusts the station" $CENTRAL_SP central trust test-001 "$(cat "$T/key")"
t_ok "the central imports the file" $CENTRAL_SP sync import "$BUNDLE"
t_is "the central now has the shift, closed" \
	"$(pg_psql "SELECT closed_at IS NOT NULL FROM shift WHERE id = '$SHIFT'")" t

t_ok "a push afterwards completes" timeout 30 $SP sync push
last=$(t_sql "SELECT max(seq) FROM change_log")
t_is "the watermark is the last change" \
	"$(t_sql "SELECT value FROM sync_state WHERE name = 'push_acked_seq'")" "$last"
t_is "the central holds each audit row once" \
	"$(pg_psql "SELECT count(*) || ' ' || count(DISTINCT id) FROM audit_log")" \
	"$(t_sql "SELECT count(*) || ' ' || count(*) FROM audit_log")"
t_is "the failure's audit row among them, once" \
	"$(pg_psql "SELECT count(*) FROM audit_log WHERE action = 'sync.push.failed'")" 1
t_ok "the audit chain verifies" $SP check
t_done
