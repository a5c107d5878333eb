#!/bin/sh
# home_qr.sh — the idle home screen shows the brand's QR code beside the
# menu when there is room: at 120x40 a phone (here zbarimg, reading the
# screen captured from tmux and turned back into an image) gets the
# profile address, and the menu still answers keys and clicks; at 80x24
# the menu column narrows so a short address's code still fits beside it,
# and a long address, which does not fit, leaves the menu whole.
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

# 80x24: the column narrows; the short address's code fits beside it
tui_resize 80 24
kiosk_expect_gone "80x24: no room for the caption" "$S_QR_CAPTION"
screen=$(tui_screen)
t_contains "80x24: a code beside the narrowed menu" "$screen" "$HALF"
t_is "80x24: it decodes to the profile address" "$(qr_scan)" "$URL"
t_contains "80x24: the brand" "$screen" "$S_HOME_BRAND"
t_contains "80x24: the badge sentence" "$screen" \
	"$(t_tr "Scan your badge, or type its number and press Enter.")"
t_is "80x24: the menu is whole" "$(menu_items)" 6
# each item's row keeps the box's right edge before the code
t_is "80x24: the items' rows are whole" \
	"$(tui_screen | grep -c '│[> ][1-6]  [^│]*│')" 6
tui_keys 4
tui_expect "80x24: the narrowed menu still takes a digit" "$S_BADGE_STEP"
tui_keys Escape
tui_expect "home" "$S_HOME_BRAND"

# back to 120x40: the code again
tui_resize 120 40
tui_expect "120x40 again: the code" "$S_QR_CAPTION"
t_is "120x40 again: it decodes" "$(qr_scan)" "$URL"
kiosk_quit_clean

# a long address: no room at 80x24 even beside the narrow column
LONG="https://example.org/brand/demo/$(printf '%0120d' 0)"
kiosk_stop_tmux
t_ok "a long profile address" $SP brand set profile_url "$LONG"
tui_start
tui_expect "80x24, long address: home" "$S_HOME_BRAND"
screen=$(tui_screen)
t_lacks "80x24, long address: no code drawn" "$screen" "$HALF"
t_is "80x24, long address: the menu is whole" "$(menu_items)" 6
t_is "80x24, long address: the items' rows end at the box" \
	"$(tui_screen | grep '│[> ][1-6]  ' | grep -c '│ *$')" 6
kiosk_quit_clean
t_done
