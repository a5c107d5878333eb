#!/bin/sh
# vt100_note.sh — the kiosk on a terminal without colours (TERM=vt100):
# the highlighted item is marked without colour, and a check-in with a
# Chinese note works end to end. The note is stored exactly as typed and
# the confirmation's box stays aligned around it (display widths, not
# bytes).
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"

NOTE="帮助王大爷搬家，Zhang 张"

kiosk_setup
TUI_TERM=vt100 tui_start
tui_expect "vt100: home screen" "$S_HOME_BRAND"
t_contains "vt100: the highlighted item is marked" "$(tui_screen)" ">1"
tui_keys Down
tui_expect "vt100: the mark follows the arrow" ">2"
tui_keys Up

kiosk_sign_in "$M1_BADGE" "$M1_PIN"
tui_expect "vt100: panel" "$S_NOT_CHECKED_IN"
tui_keys Enter
tui_expect "vt100: check-in form" "$S_CHECKIN_PROMPT"
tui_type "$NOTE"
tui_expect "the note is shown as typed" "$NOTE"
# Backspace removes a whole (wide) character
tui_type "错"
tui_expect "an extra character" "${NOTE}错"
tui_keys BSpace
kiosk_expect_gone "Backspace removes the wide character whole" "${NOTE}错"
t_contains "and only that one" "$(tui_screen)" "$NOTE"
tui_keys Enter
tui_expect "saved" "$S_SAVED_IN"
tui_expect "the note is read back" "$NOTE"
t_is "the note is stored exactly" "$(t_sql "SELECT note FROM service_entry")" "$NOTE"

# every line of the confirmation box ends in the same column
widths=$(tui_screen | grep '│' | while IFS= read -r line; do
	printf '%s\n' "$line" | wc -L
done | sort -u | wc -l)
t_is "the box is aligned around Chinese text" "$widths" 1
kiosk_quit_clean
t_done
