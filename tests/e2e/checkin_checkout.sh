#!/bin/sh
# checkin_checkout.sh — a member checks in (badge, PIN, activity, confirm)
# and, 90 minutes later, out (badge, PIN, Enter): the screen shows the
# duration read back from the store, which holds one closed entry with
# the right times.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"

kiosk_setup
t_clock "2026-11-23T01:00:00Z"   # 09:00 in Asia/Shanghai
tui_start
tui_expect "home screen shows the brand" "$S_HOME_BRAND"
# Chinese is the default language: the menu speaks it without any config
tui_expect "home menu is in Chinese by default" "签到/签退"
tui_expect "the staff item too" "工作人员"

# check in: four actions
kiosk_sign_in "$M1_BADGE" "$M1_PIN"
tui_expect "panel greets the member" "$M1_NAME"
tui_expect "panel offers check-in first" "$S_NOT_CHECKED_IN"
tui_keys Enter
tui_expect "check-in confirmation names the activity" "$ACT1_NAME"
tui_expect "check-in asks for Enter" "$S_CHECKIN_PROMPT"
t_is "nothing written before confirming" "$(kiosk_entries)" 0
tui_keys Enter
tui_expect "check-in saved" "$S_SAVED_IN"
tui_expect "saved start time is shown in local time" "2026-11-23 09:00"
t_is "one open entry" \
	"$(t_sql "SELECT count(*) FROM service_entry WHERE status = 'open'")" 1

# back home with any key, 90 minutes pass
tui_keys Space
tui_expect "any key returns home" "$S_HOME_BRAND"
t_clock "2026-11-23T02:30:00Z"

# check out: three actions
kiosk_sign_in "$M1_BADGE" "$M1_PIN"
tui_expect "panel offers check-out" "$S_PRESS_ENTER_OUT"
tui_expect "panel shows the open visit's start" "09:00"
tui_keys Enter
tui_expect "check-out saved" "$S_SAVED_OUT"
tui_expect "duration is 90 minutes" "$S_DURATION_90"
tui_expect "rounding rule is shown" "$S_RULE_MINUTE"
tui_expect "end time is shown" "2026-11-23 10:30"
screen=$(tui_screen)
t_contains "activity read back" "$screen" "$ACT1_NAME"

t_is "exactly one entry" "$(kiosk_entries)" 1
t_is "the entry is closed with 90 minutes and the right times" \
	"$(t_sql "SELECT status, minutes, started_at, ended_at, kind FROM service_entry")" \
	"closed|90|2026-11-23T01:00:00.000Z|2026-11-23T02:30:00.000Z|visit"
t_is "it belongs to the member" \
	"$(t_sql "SELECT m.member_no FROM service_entry e JOIN member m ON m.id = e.member_id")" \
	"$M1_BADGE"

# the confirmation goes home by itself after 10 s (the clock moves)
t_clock "2026-11-23T02:30:11Z"
tui_expect "confirmation returns home after 10 s" "$S_HOME_BRAND"
kiosk_quit_clean
t_done
