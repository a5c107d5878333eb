#!/bin/sh
# home_qr.sh — the idle home screen shows the brand's QR code beside the
# menu when there is room: at 120x40 a phone (here zbarimg, reading the
# screen captured from tmux and turned back into an image) gets the
# profile address, and the menu still answers keys and clicks; at 80x24
# there is no room, no code is drawn and the menu is whole.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"

TOOLS=$(dirname "$SVCPOINT_BIN")/tools
URL="https://example.org/brand/demo?station=test-001"
HALF="▀"

# zbarimg's reading of the plain screen (half blocks), a few captures in
# case a frame was still arriving.
qr_scan() {
	i=0
	while [ $i -lt 5 ]; do
		tui_screen >"$T/screen.txt"
		rm -f "$T/screen.png"
		"$TOOLS/text2png" "$T/screen.txt" "$T/screen.png" 2>/dev/null
		got=$(zbarimg --raw -q "$T/screen.png" 2>/dev/null)
		[ -n "$got" ] && break
		sleep 0.3
		i=$((i + 1))
	done
	printf '%s' "$got"
}

# The six items of home's menu, numbered, as the screen shows them.
menu_items() {
	tui_screen | grep -c '│[> ][1-6]  '
}

kiosk_setup
t_config brand "tag_station = true"

tui_start 120 40
tui_expect "120x40: home" "$S_HOME_BRAND"
tui_expect "120x40: the code's caption" "$S_QR_CAPTION"
t_contains "120x40: a code beside the menu" "$(tui_screen)" "$HALF"
t_is "120x40: the idle screen's code decodes to the profile address" \
	"$(qr_scan)" "$URL"
t_is "120x40: the menu is whole" "$(menu_items)" 6

# the menu beside the code still takes a click: item 5, the brand
line=$(tui_screen | grep -n '│ 5  ' | head -1)
row=${line%%:*}
prefix=${line#*:}
prefix=${prefix%%│ 5  *}
col=$(($(printf '%s' "$prefix" | wc -L) + 3))
tui_type "$(printf '\033[<0;%s;%sM' "$col" "$row")"
tui_type "$(printf '\033[<0;%s;%sm' "$col" "$row")"
tui_expect "120x40: a click on item 5 opens the brand" "$S_BRAND_HEADING"
tui_keys Escape
kiosk_expect_gone "Esc: home again" "$S_PRINT_CARD_ITEM"

# and a badge scanned at full speed still goes to the PIN prompt
tui_type "$M1_BADGE"
tui_keys Enter
tui_expect "120x40: a scan on home asks for the PIN" "$S_PIN_PROMPT"
tui_keys Escape
tui_expect "home" "$S_QR_CAPTION"

# 80x24: no room beside the menu
tui_resize 80 24
kiosk_expect_gone "80x24: no caption" "$S_QR_CAPTION"
screen=$(tui_screen)
t_lacks "80x24: no code drawn" "$screen" "$HALF"
t_contains "80x24: the brand" "$screen" "$S_HOME_BRAND"
t_is "80x24: the menu is whole" "$(menu_items)" 6
# each item's row keeps the box's right edge: nothing overlaps the menu
t_is "80x24: the items' rows are whole" \
	"$(tui_screen | grep '│[> ][1-6]  ' | grep -c '│ *$')" 6

# back to 120x40: the code again
tui_resize 120 40
tui_expect "120x40 again: the code" "$S_QR_CAPTION"
t_is "120x40 again: it decodes" "$(qr_scan)" "$URL"
kiosk_quit_clean
t_done
