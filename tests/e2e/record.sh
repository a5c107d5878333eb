#!/bin/sh
# record.sh — My record after a check-in / check-out (90 minutes) and two
# hours logged for yesterday: the totals (today, month, year, pending),
# the points, and the entries with their status, in columns aligned
# by display width whatever the width of the activity names.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"

# The display column where TEXT starts in LINE.
column_of() {
	printf '%s' "${1%%"$2"*}" | wc -L
}

kiosk_setup
t_clock "2026-11-23T01:00:00Z"   # Monday 09:00 in Asia/Shanghai
tui_start
tui_expect "home screen" "$S_HOME_BRAND"

# nothing on record yet
kiosk_open 4 "$M1_BADGE" "$M1_PIN"
tui_expect "home item 4 goes straight to the record" "$S_RECORD_ALL"
tui_expect "an empty record says so" "$S_RECORD_EMPTY"
tui_keys Escape
tui_expect "Esc: the member's panel" "$S_NOT_CHECKED_IN"
tui_keys 1                       # check in for the first activity
tui_expect "check-in form" "$S_CHECKIN_PROMPT"
tui_keys Enter
tui_expect "checked in" "$S_SAVED_IN"
tui_keys Space
tui_expect "home" "$S_HOME_BRAND"

t_clock "2026-11-23T02:30:00Z"
kiosk_sign_in "$M1_BADGE" "$M1_PIN"
tui_expect "check-out offered" "$S_PRESS_ENTER_OUT"
tui_keys Enter
tui_expect "checked out" "$S_SAVED_OUT"
tui_keys Space
tui_expect "home" "$S_HOME_BRAND"

# two hours logged for yesterday, for the second activity
kiosk_open 2 "$M1_BADGE" "$M1_PIN"
tui_expect "log hours form" "$S_LOG_DAYS"
tui_keys 2 Down Right Right Down Right Down
tui_type "整理图书角"
tui_keys Enter
tui_expect "logged" "$S_SAVED_LOGGED"
tui_keys Space
tui_expect "home" "$S_HOME_BRAND"

kiosk_open 4 "$M1_BADGE" "$M1_PIN"
tui_expect "the record" "$S_RECORD_ALL"
screen=$(tui_screen)
t_contains "today's hours" "$screen" "$S_REC_TODAY $S_DURATION_90"
t_contains "this month's hours" "$screen" "$S_REC_MONTH $S_DURATION_90"
t_contains "this year's hours" "$screen" "$S_REC_YEAR $S_DURATION_90"
t_contains "pending hours count apart" "$screen" "$S_REC_PENDING $S_DURATION_2H"
t_contains "points this year (1 per verified hour)" "$screen" "$S_REC_POINTS_YEAR 1.5"
visit=$(printf '%s\n' "$screen" | grep "2026-11-23 .*$ACT1_NAME")
logged=$(printf '%s\n' "$screen" | grep "2026-11-22 .*$ACT2_NAME")
t_contains "the visit is listed, closed" "$visit" "$S_ST_CLOSED"
t_contains "the visit's duration" "$visit" "$S_DURATION_90"
t_contains "the logged hours are listed, pending" "$logged" "$S_PENDING"
t_contains "the logged duration" "$logged" "$S_DURATION_2H"
t_is "newest first: the visit, then the logged hours" \
	"$(printf '%s\n' "$screen" | grep -o "^ *2026-11-2[23]" | tr -d ' ' | tr '\n' ' ')" \
	"2026-11-23 2026-11-22 "
t_is "the status column is aligned" \
	"$(column_of "$visit" "$S_ST_CLOSED")" "$(column_of "$logged" "$S_PENDING")"
t_is "the duration column is aligned" \
	"$(column_of "$visit" "$S_DURATION_90")" "$(column_of "$logged" "$S_DURATION_2H")"
t_is "the database agrees" \
	"$(t_sql "SELECT kind, status, minutes FROM service_entry ORDER BY started_at DESC")" \
	"visit|closed|90
logged|pending|120"
tui_keys Escape
tui_expect "Esc: back to the panel" "$M1_NAME"
tui_keys Escape
tui_expect "home" "$S_HOME_BRAND"

# another member's record is their own
kiosk_open 4 "$M2_BADGE" "$M2_PIN"
tui_expect "the other member's record" "$S_RECORD_ALL"
tui_expect "is empty" "$S_RECORD_EMPTY"
kiosk_quit_clean
t_done
