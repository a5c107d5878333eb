#!/bin/sh
# english.sh — the check-in / check-out flow with [kiosk] language = en:
# English sentences and the activities' English names throughout. The
# texts here are English whatever po/zh_CN.po says.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"

E_MENU="Check in / out"
E_PIN="Type your PIN and press Enter."
E_NOT_IN="You are not checked in."
E_ACTIVITY="Duty at the service point"
E_SAVED_IN="Saved. You are checked in:"
E_PRESS_OUT="Press Enter to check out."
E_SAVED_OUT="Saved. Your visit is closed:"
E_DURATION="45 min (rounded to the nearest 15 minutes)"
E_TODAY="Today:"

kiosk_setup
t_config kiosk "language = en"
t_config service "round_minutes = 15"
t_clock "2026-11-23T01:00:00Z"
tui_start
tui_expect "en: home menu" "$E_MENU"
kiosk_sign_in "$M1_BADGE" "$M1_PIN" "$E_PIN"
tui_expect "en: panel" "$E_NOT_IN"
tui_expect "en: activities by their English names" "$E_ACTIVITY"
tui_keys Enter
tui_expect "en: check-in form" "$E_ACTIVITY"
tui_keys Enter
tui_expect "en: saved" "$E_SAVED_IN"
tui_keys Space
tui_expect "en: home" "$S_HOME_BRAND"

t_clock "2026-11-23T01:38:00Z"   # 38 minutes: 45 after rounding to 15
kiosk_sign_in "$M1_BADGE" "$M1_PIN" "$E_PIN"
tui_expect "en: check-out offered" "$E_PRESS_OUT"
tui_keys Enter
tui_expect "en: checked out" "$E_SAVED_OUT"
tui_expect "en: duration and the rounding rule" "$E_DURATION"
tui_expect "en: totals" "$E_TODAY"
t_is "stored with the rule applied" \
	"$(t_sql "SELECT minutes, round_minutes FROM service_entry")" "45|15"
kiosk_quit_clean
t_done
