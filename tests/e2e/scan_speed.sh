#!/bin/sh
# scan_speed.sh — a barcode scanner types the badge and Enter at full
# speed on the home screen: that goes straight to the PIN prompt for that
# badge. A single digit followed by Enter, or by a short silence, picks
# that menu item instead; arrows and a mouse click (touch) pick items too.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"

M3_BADGE=10003 M3_PIN=3333 M3_NAME="李卫东"

kiosk_setup
tui_start
tui_expect "home screen" "$S_HOME_BRAND"

# the scanner: number and Enter in one burst
tui_type "$M3_BADGE"; tui_keys Enter
tui_expect "a scan goes to the PIN prompt" "$S_PIN_PROMPT"
t_contains "for that badge" "$(tui_screen)" "$M3_BADGE"
t_lacks "without asking for the badge" "$(tui_screen)" "$S_BADGE_STEP"
tui_type "$M3_PIN"; tui_keys Enter
tui_expect "that member's panel" "$M3_NAME"
tui_keys Escape
tui_expect "home" "$S_HOME_BRAND"

# scanned again straight away: the same member, no second session mix-up
tui_type "$M1_BADGE"; tui_keys Enter
tui_type "$M1_PIN"; tui_keys Enter
tui_expect "another scan, another member" "$M1_NAME"
t_lacks "not the previous member" "$(tui_screen)" "$M3_NAME"
tui_keys Escape
tui_expect "home" "$S_HOME_BRAND"

# one digit and Enter: the menu item (1: check in / out asks for a badge)
tui_type 1; tui_keys Enter
tui_expect "1 and Enter: check in / out asks for the badge" "$S_BADGE_STEP"
# a scan on that screen works the same
tui_type "$M3_BADGE"; tui_keys Enter
tui_expect "scan at the badge step: PIN prompt" "$S_PIN_PROMPT"
tui_keys Escape
tui_expect "home" "$S_HOME_BRAND"

# one digit and silence: the menu item (5: the brand)
tui_type 5
tui_expect "5 and a pause: the brand" "$S_BRAND_HEADING"
tui_keys Space
tui_expect "home" "$S_HOME_BRAND"

# arrows and Enter
tui_keys Down Down Down Down Enter
tui_expect "four times Down and Enter: the brand" "$S_BRAND_HEADING"
tui_keys Space
tui_expect "home" "$S_HOME_BRAND"

# a click (SGR mouse report) on the fifth item's row: the brand
row=$(tui_screen | grep -n " 5  " | head -1 | cut -d: -f1)
tui_type "$(printf '\033[<0;30;%sM' "$row")"
tui_type "$(printf '\033[<0;30;%sm' "$row")"
tui_expect "a click on item 5: the brand" "$S_BRAND_HEADING"
t_is "nothing written" "$(kiosk_entries)" 0
kiosk_quit_clean
t_done
