#!/bin/sh
# resize.sh — below 80x24 the kiosk shows only a clear "please enlarge"
# message; back at 80x24 it redraws the screen it was on, with the input
# it held.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"

kiosk_setup
tui_start
tui_expect "home screen" "$S_HOME_BRAND"

tui_resize 60 20
tui_expect "60x20: the enlarge message" "$S_ENLARGE"
t_lacks "60x20: no half-drawn home screen" "$(tui_screen)" "$S_HOME_BRAND"
tui_resize 80 24
tui_expect "80x24: home again" "$S_HOME_BRAND"
t_lacks "80x24: the message is gone" "$(tui_screen)" "$S_ENLARGE"

# on the member's panel
kiosk_sign_in "$M1_BADGE" "$M1_PIN"
tui_expect "panel" "$S_NOT_CHECKED_IN"
tui_keys Enter
tui_expect "check-in form" "$S_CHECKIN_PROMPT"
tui_type "备注"
tui_resize 79 24
tui_expect "79 columns are too few" "$S_ENLARGE"
tui_keys Enter   # keys while too small do nothing
tui_resize 80 23
tui_expect "23 rows are too few" "$S_ENLARGE"
tui_resize 80 24
tui_expect "80x24: the same form" "$S_CHECKIN_PROMPT"
tui_expect "with the note still typed" "备注"
t_is "the Enter while too small saved nothing" "$(kiosk_entries)" 0

# bigger is fine too: the form is laid out again
tui_resize 120 40
tui_expect "120x40: the form" "$S_CHECKIN_PROMPT"
t_lacks "120x40: no enlarge message" "$(tui_screen)" "$S_ENLARGE"
tui_resize 80 24
tui_expect "80x24 again" "$S_CHECKIN_PROMPT"
kiosk_quit_clean
t_done
