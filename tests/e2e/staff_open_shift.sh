#!/bin/sh
# staff_open_shift.sh — the staff menu's shift items: a member is refused
# at the staff item; staff open a shift (audited, one row), a second
# opening is refused and writes nothing, a check-in made meanwhile belongs
# to the shift, and the menu shows who is on duty since when.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"

kiosk_setup
t_clock "2026-11-23T01:00:00Z"   # 09:00 in Asia/Shanghai
tui_start
tui_expect "home screen" "$S_HOME_BRAND"

# a member is not staff
kiosk_open 6 "$M1_BADGE" "$M1_PIN"
tui_expect "a member is refused at the staff item" "$S_NOT_STAFF"
tui_keys Escape
tui_expect "back home" "$S_HOME_BRAND"

# staff: the menu says no shift is open
kiosk_open 6 "$STAFF_BADGE" "$STAFF_PIN"
tui_expect "the staff menu offers to open a shift" "$S_STAFF_OPEN_ITEM"
tui_expect "and says no shift is open" "$S_NO_SHIFT"
t_is "no shift yet" "$(t_sql "SELECT count(*) FROM shift")" 0

# closing with none open is refused with a sentence
tui_keys 2
tui_expect "close without a shift: refused" "$S_NO_SHIFT"
t_is "nothing written" "$(t_sql "SELECT count(*) FROM audit_log WHERE action LIKE 'shift.%'")" 0

# open it: Enter on the highlighted item (open a shift)
tui_keys 1
t_ok "the shift is written" kiosk_wait_sql "SELECT count(*) FROM shift" 1
sleep 0.3
t_contains "the menu shows the shift open since 09:00" "$(tui_screen | sed 1d)" "2026-11-23 09:00"
screen=$(tui_screen)
t_contains "with the staff member on duty" "$screen" "陈志强"
t_is "one open shift, opened by the staff member at 09:00" \
	"$(t_sql "SELECT m.member_no, s.opened_at, s.closed_at IS NULL FROM shift s JOIN member m ON m.id = s.opened_by")" \
	"$STAFF_BADGE|2026-11-23T01:00:00.000Z|1"
t_is "audited as shift.open by the staff member" \
	"$(t_sql "SELECT count(*) FROM audit_log a JOIN member m ON m.id = a.actor_id WHERE a.action = 'shift.open' AND m.member_no = '$STAFF_BADGE' AND a.target = (SELECT id FROM shift)")" 1

# a second opening is refused and writes nothing
tui_keys 1
tui_expect "a second open shift is refused" "$S_SHIFT_ALREADY"
t_is "still one shift" "$(t_sql "SELECT count(*) FROM shift")" 1
t_is "still one audit row" "$(t_sql "SELECT count(*) FROM audit_log WHERE action = 'shift.open'")" 1

# a member checks in: the entry belongs to the shift
tui_keys Escape
tui_expect "home" "$S_HOME_BRAND"
kiosk_sign_in "$M1_BADGE" "$M1_PIN"
tui_expect "panel" "$S_NOT_CHECKED_IN"
tui_keys Enter
tui_expect "check-in prompt" "$S_CHECKIN_PROMPT"
tui_keys Enter
tui_expect "checked in" "$S_SAVED_IN"
t_is "the check-in carries the shift" \
	"$(t_sql "SELECT count(*) FROM service_entry e JOIN shift s ON s.id = e.shift_id")" 1
tui_keys Space
tui_expect "home again" "$S_HOME_BRAND"

# the CLI sees the same shift
t_ok "shift status runs" $SP shift status
t_contains "shift status names the staff member" "$(cat "$T/out")" "$STAFF_BADGE"

kiosk_quit_clean
t_done
