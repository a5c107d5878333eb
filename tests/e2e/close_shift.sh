#!/bin/sh
# close_shift.sh — closing a shift end to end in tmux, against a throwaway
# PostgreSQL: a forgotten check-out gets its end time, a pending item is
# verified, the push runs with the central then holding the rows, the
# ledger goes to the file printer, and the audit rows are written. Then a
# second shift on a station without [sync] conninfo: the walk-through
# writes a signed bundle, which the central imports.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"
. "$SVCPOINT_ROOT/tests/pg.sh"

kiosk_setup
TOOLS=$(dirname "$SVCPOINT_BIN")/tools
OUT="$T/printer.out"
pg_start
t_ok "central init" $CENTRAL_SP central init --conninfo "$PG_CONNINFO"
cp "$CONF" "$T/offline.conf"
t_config sync "conninfo = $PG_CONNINFO" "batch_rows = 3"

# ---- the shift: opened by staff, a visit left open, hours logged --------
t_clock "2026-11-23T01:00:00Z"   # 09:00 in Asia/Shanghai
tui_start
tui_expect "home screen" "$S_HOME_BRAND"
kiosk_open 6 "$STAFF_BADGE" "$STAFF_PIN"
tui_expect "staff menu" "$S_STAFF_OPEN_ITEM"
tui_keys 1
t_ok "the shift is open" kiosk_wait_sql "SELECT count(*) FROM shift" 1
SHIFT=$(t_sql "SELECT id FROM shift")
tui_keys Escape
tui_expect "home" "$S_HOME_BRAND"

# 张建国 checks in and forgets to check out
kiosk_sign_in "$M1_BADGE" "$M1_PIN"
tui_expect "panel" "$S_NOT_CHECKED_IN"
tui_keys Enter
tui_expect "check-in prompt" "$S_CHECKIN_PROMPT"
tui_keys Enter
tui_expect "checked in" "$S_SAVED_IN"
tui_keys Space
tui_expect "home" "$S_HOME_BRAND"
OPEN_ID=$(t_sql "SELECT id FROM service_entry WHERE status = 'open'")

# 王秀英's hours done elsewhere, pending (written as the kiosk would)
PENDING_ID="01a2a2c0-5555-7abc-8def-0123456789ab"
t_sql "INSERT INTO service_entry(id, member_id, activity_id, shift_id, kind,
	started_at, ended_at, minutes, round_minutes, note, status, created_at,
	updated_at) VALUES ('$PENDING_ID',
	(SELECT id FROM member WHERE member_no = '$M2_BADGE'),
	(SELECT id FROM activity_type ORDER BY sort_order LIMIT 1 OFFSET 1),
	'$SHIFT', 'logged', '2026-11-22T16:00:00.000Z', '2026-11-22T18:00:00.000Z',
	120, 30, '清理小广告', 'pending', '2026-11-23T02:00:00.000Z',
	'2026-11-23T02:00:00.000Z')"

# someone tries a badge that does not exist, and 王秀英 mistypes her PIN
t_clock "2026-11-23T03:00:00Z"   # 11:00
kiosk_sign_in 55555 1234
tui_expect "unknown badge refused" "$S_WRONG_PIN"
tui_keys Escape
tui_expect "home" "$S_HOME_BRAND"
kiosk_sign_in "$M2_BADGE" 0000
tui_expect "wrong PIN refused" "$S_WRONG_PIN"
tui_keys Escape
tui_expect "home" "$S_HOME_BRAND"

# ---- closing it, eight hours later ------------------------------------
t_clock "2026-11-23T09:00:00Z"   # 17:00
kiosk_open 6 "$STAFF_BADGE" "$STAFF_PIN"
tui_expect "staff menu offers closing" "$S_STAFF_CLOSE_ITEM"
tui_keys 2
tui_expect "step 1: the summary" "$S_STEP_SUMMARY"
screen=$(tui_screen)
t_contains "the summary counts members served" "$screen" "$S_MEMBERS_SERVED"
t_contains "the summary shows the logged hours' activity" "$screen" "$ACT2_NAME"
t_contains "the summary shows the total (2 h logged, the visit still open)" "$screen" "$S_DURATION_2H"
t_contains "the summary counts the refused sign-ins" "$screen" "$S_REFUSED_1_1"
t_contains "the shift's CLI summary counts them too" \
	"$("$SVCPOINT_BIN" -c "$CONF" shift status 2>&1)" "$S_REFUSED_1_1"

tui_keys Enter
tui_expect "step 2: visits still open" "$S_STEP_OPEN"
tui_expect "the forgotten visit is listed" "$M1_NAME"
tui_expect "with an end time field" "$S_END_TIME"
tui_expect "the end time defaults to now" "17:00"
# a time before the check-in is refused, nothing written
tui_keys BSpace BSpace BSpace BSpace BSpace
tui_type "25:00"
tui_keys Enter
tui_expect "an impossible time gets a sentence" "HH:MM"
t_is "still open" "$(t_sql "SELECT status FROM service_entry WHERE id = '$OPEN_ID'")" "open"
tui_keys BSpace BSpace BSpace BSpace BSpace
tui_type "10:30"
tui_keys Enter
tui_expect "no visit is open any more" "$S_NO_OPEN_VISITS"
t_is "the visit is closed at 10:30 with 90 minutes, by staff" \
	"$(t_sql "SELECT e.status, e.ended_at, e.minutes, m.member_no FROM service_entry e JOIN member m ON m.id = e.verified_by WHERE e.id = '$OPEN_ID'")" \
	"closed|2026-11-23T02:30:00.000Z|90|$STAFF_BADGE"

tui_keys Enter
tui_expect "step 3: items to verify" "$S_STEP_VERIFY"
tui_expect "the pending hours are listed" "$M2_NAME"
tui_expect "unmarked first" "[ ]"
tui_keys Space
tui_expect "Space marks it" "[x]"
t_is "marking writes nothing" "$(t_sql "SELECT status FROM service_entry WHERE id = '$PENDING_ID'")" "pending"
tui_keys Enter
sleep 0.5
t_is "asking writes nothing" "$(t_sql "SELECT status FROM service_entry WHERE id = '$PENDING_ID'")" "pending"
tui_keys Enter
tui_expect "nothing is pending any more" "$S_NOTHING_PENDING"
t_is "the hours are verified by the staff member" \
	"$(t_sql "SELECT e.status, m.member_no FROM service_entry e JOIN member m ON m.id = e.verified_by WHERE e.id = '$PENDING_ID'")" \
	"verified|$STAFF_BADGE"

tui_keys Enter
tui_expect "step 4: sending" "$S_STEP_SYNC"
tui_expect "names the central" "dbname=central"
tui_expect "Enter closes and sends" "$S_SENDING_HINT"
t_is "the shift is still open before Enter" \
	"$(t_sql "SELECT closed_at IS NULL FROM shift WHERE id = '$SHIFT'")" 1
tui_keys Enter
tui_expect "the push ends and says so" "$S_GO_LEDGER" 30
screen=$(tui_screen)
t_contains "the progress bar is full" "$screen" "[########################################]"
t_is "the shift is closed at 17:00 by the staff member" \
	"$(t_sql "SELECT s.closed_at, m.member_no FROM shift s JOIN member m ON m.id = s.closed_by WHERE s.id = '$SHIFT'")" \
	"2026-11-23T09:00:00.000Z|$STAFF_BADGE"
last=$(t_sql "SELECT max(seq) FROM change_log")
t_is "the watermark moved to the last change" \
	"$(t_sql "SELECT value FROM sync_state WHERE name = 'push_acked_seq'")" "$last"
for tb in service_entry shift audit_log; do
	t_is "the central holds every $tb row" \
		"$(pg_psql "SELECT count(*) FROM $tb WHERE station_id = 'test-001'")" \
		"$(t_sql "SELECT count(*) FROM $tb")"
done
t_is "the central has the verified hours" \
	"$(pg_psql "SELECT status FROM service_entry WHERE id = '$PENDING_ID'")" "verified"
t_is "the central has the shift closed" \
	"$(pg_psql "SELECT closed_at IS NOT NULL FROM shift WHERE id = '$SHIFT'")" "t"

tui_keys Enter
tui_expect "step 5: the ledger" "$S_STEP_LEDGER"
tui_expect "says the shift is closed" "$S_SHIFT_CLOSED"
rm -f "$OUT"
tui_keys Enter
tui_expect "the ledger is printed" "$S_LEDGER_PRINTED"
"$TOOLS/escpos_decode" --cut "$OUT" >"$T/dec" 2>"$T/decerr"
t_is "the ledger decodes" "$?" 0
[ -s "$T/decerr" ] && sed 's/^/# /' "$T/decerr"
dec=$(cat "$T/dec")
t_contains "the ledger's title" "$dec" "$S_LEDGER_TITLE"
t_contains "the station" "$dec" "测试服务点"
t_contains "who opened it" "$dec" "陈志强"
t_contains "the closed visit, with its times" "$dec" "11-23 09:00-10:30"
t_contains "its member" "$dec" "$M1_BADGE $M1_NAME"
t_contains "the verified hours' member" "$dec" "$M2_BADGE $M2_NAME"
t_contains "the verifier's name" "$dec" "陈志强"
tui_keys Enter
tui_expect "back home" "$S_HOME_BRAND"

for action in shift.open entry.close entry.verify shift.close; do
	t_is "audit row $action by the staff member" \
		"$(t_sql "SELECT count(*) FROM audit_log a JOIN member m ON m.id = a.actor_id WHERE a.action = '$action' AND m.member_no = '$STAFF_BADGE'")" 1
done
t_ok "the audit chain verifies" $SP check
kiosk_quit_clean
kiosk_stop_tmux

# ---- offline: no conninfo, the walk-through writes a signed bundle ----------
SP="$SVCPOINT_BIN -c $T/offline.conf"
t_clock "2026-11-24T01:00:00Z"
tui_start
tui_expect "home (offline station)" "$S_HOME_BRAND"
kiosk_open 6 "$STAFF_BADGE" "$STAFF_PIN"
tui_expect "staff menu" "$S_STAFF_OPEN_ITEM"
tui_keys 1
t_ok "the second shift is open" kiosk_wait_sql "SELECT count(*) FROM shift WHERE closed_at IS NULL" 1
# the clock in the title bar shows the time too: look below it, and wait
# for the menu to be redrawn with the new shift
i=0
while [ "$i" -lt 50 ] && ! tui_screen | sed 1d | grep -q "2026-11-24 09:00"; do
	sleep 0.1
	i=$((i + 1))
done
t_contains "the menu says since when" "$(tui_screen | sed 1d)" "2026-11-24 09:00"
SHIFT2=$(t_sql "SELECT id FROM shift WHERE closed_at IS NULL")
tui_keys 2
tui_expect "step 1" "$S_STEP_SUMMARY"
tui_keys Enter
tui_expect "step 2: nothing open" "$S_NO_OPEN_VISITS"
tui_keys Enter
tui_expect "step 3: nothing pending" "$S_NOTHING_PENDING"
tui_keys Enter
tui_expect "step 4 offers the file" "$S_BUNDLE_PROMPT"
BUNDLE="$T/test-001-2026-11-24.bundle"
tui_expect "the default path is in the store's folder" "test-001-2026-11-24.bundle"
tui_keys Enter
tui_expect "the file is written" "$S_GO_LEDGER" 20
t_ok "the bundle exists" test -s "$BUNDLE"
t_contains "it is signed" "$(tail -1 "$BUNDLE")" '{"signature":"'
t_is "the second shift is closed" \
	"$(t_sql "SELECT closed_at IS NOT NULL FROM shift WHERE id = '$SHIFT2'")" 1
tui_keys Enter
tui_expect "step 5" "$S_STEP_LEDGER"
tui_keys Escape
tui_expect "Esc finishes without printing" "$S_HOME_BRAND"

$SP station key >"$T/key" 2>/dev/null
t_ok "the central trusts the station" $CENTRAL_SP central trust test-001 "$(cat "$T/key")"
t_ok "the central imports the bundle" $CENTRAL_SP sync import "$BUNDLE"
t_is "the central now has the second shift, closed" \
	"$(pg_psql "SELECT closed_at IS NOT NULL FROM shift WHERE id = '$SHIFT2'")" "t"
t_is "and the shift.close audit row of it" \
	"$(pg_psql "SELECT count(*) FROM audit_log WHERE action = 'shift.close' AND target = '$SHIFT2'")" 1
kiosk_quit_clean
t_done
