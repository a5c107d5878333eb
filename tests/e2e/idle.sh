#!/bin/sh
# idle.sh — with no key for [kiosk] idle_timeout_s, any member session
# ends and home returns, from the middle of a form; what was typed is
# discarded and nothing is saved. This is the one e2e test that waits for
# real time (the 5 s minimum timeout).
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"

kiosk_setup
t_config kiosk "idle_timeout_s = 5"
tui_start
tui_expect "home screen" "$S_HOME_BRAND"

# half-way through a check-in, with a note typed
kiosk_sign_in "$M1_BADGE" "$M1_PIN"
tui_expect "panel" "$S_NOT_CHECKED_IN"
tui_keys Enter
tui_expect "check-in form" "$S_CHECKIN_PROMPT"
tui_type "没写完的备注"
tui_expect "the note is typed" "没写完的备注"

tui_expect "idle: home returns" "$S_IDLE_ENDED" 30
tui_expect "idle: the home screen" "$S_HOME_BRAND"
t_is "nothing saved" "$(kiosk_entries)" 0

# the session is gone: a new sign-in starts afresh, the note is gone
kiosk_sign_in "$M1_BADGE" "$M1_PIN"
tui_expect "a fresh panel" "$S_NOT_CHECKED_IN"
tui_keys Enter
tui_expect "the check-in form again" "$S_CHECKIN_PROMPT"
t_lacks "the old note is gone" "$(tui_screen)" "没写完的备注"

# Esc steps back: form, panel, home
tui_keys Escape
tui_expect "Esc: back to the panel" "$S_NOT_CHECKED_IN"
tui_keys Escape
tui_expect "Esc: home" "$S_HOME_BRAND"
t_lacks "Esc is not the idle timeout" "$(tui_screen)" "$S_IDLE_ENDED"

# idle at the PIN prompt too: the typed digits are dropped
tui_type "$M1_BADGE"; tui_keys Enter
tui_expect "PIN prompt" "$S_PIN_PROMPT"
tui_type 11
tui_expect "idle from the PIN prompt" "$S_IDLE_ENDED" 30
t_is "no failure counted" \
	"$(t_sql "SELECT failed_pins FROM member WHERE member_no = '$M1_BADGE'")" 0
t_is "still nothing saved" "$(kiosk_entries)" 0
kiosk_quit_clean
t_done
