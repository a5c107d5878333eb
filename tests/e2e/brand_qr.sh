#!/bin/sh
# brand_qr.sh — the brand screen's QR code, read by an independent reader:
# the screen captured from tmux is turned back into an image
# (tests/tools/text2png) and zbarimg must decode exactly the profile
# address, with the station tag when [brand] tag_station says so. Both
# drawings (half blocks, two cells a module), with colours
# (xterm-256color) and without (vt100), at 80x24 and 120x40. An address
# too long for the screen is not drawn at all, the screen says so, and P
# still prints the brand card.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"

TOOLS=$(dirname "$SVCPOINT_BIN")/tools
URL="https://example.org/brand/demo"
TAGGED="$URL?station=test-001"
HALF="▀"

# qr_scan [-e] [-r]: zbarimg's reading of the screen. -e captures the
# colours and attributes (the two-cell drawing is made of spaces); -r
# tells text2png that reverse video is light (a drawing without colours).
# The screen is captured again a few times in case a frame was still
# arriving.
qr_scan() {
	esc=""; rev=""
	[ "${1:-}" = -e ] && { esc=-e; shift; }
	[ "${1:-}" = -r ] && rev=-r
	i=0
	while [ $i -lt 5 ]; do
		tmux -S "$TMUX_SOCK" capture-pane -p $esc -t kiosk >"$T/screen.txt"
		rm -f "$T/screen.png"
		"$TOOLS/text2png" $rev "$T/screen.txt" "$T/screen.png" 2>/dev/null
		got=$(zbarimg --raw -q "$T/screen.png" 2>/dev/null)
		[ -n "$got" ] && break
		sleep 0.3
		i=$((i + 1))
	done
	printf '%s' "$got"
}

# brand_open: home's item 5 (the digit, then the scanner's silence), and
# the bottom of the brand screen drawn.
brand_open() {
	tui_type 5
	tui_wait "$S_PRINT_CARD_ITEM"
	tui_wait "$S_BRAND_HEADING"
}

# restart COLS ROWS [TERM]: a fresh kiosk on the brand screen.
restart() {
	kiosk_stop_tmux
	TUI_TERM=${3:-xterm-256color} tui_start "$1" "$2"
	tui_wait "$S_HOME_BRAND"
	brand_open
}

kiosk_setup

# 80x24, colours, [kiosk] qr_style = auto: only half blocks fit
tui_start
tui_wait "$S_HOME_BRAND"
brand_open
tui_expect "the brand screen shows its sections" "$S_BRAND_HEADING"
screen=$(tui_screen)
t_contains "80x24 auto: half blocks" "$screen" "$HALF"
t_contains "the print item shows" "$screen" "$S_PRINT_CARD_ITEM"
t_lacks "the code fits: no 'too large'" "$screen" "$S_QR_TOO_LARGE"
t_is "80x24 half blocks decode to the profile address" "$(qr_scan)" "$URL"

# the station tag from here on
t_config brand "tag_station = true"

# 120x40 auto: the two-cell drawing fits, in colours
restart 120 40
t_lacks "120x40 auto: no half blocks" "$(tui_screen)" "$HALF"
t_contains "120x40: the caption under the code" "$(tui_screen)" "$S_QR_CAPTION"
t_is "120x40 wide, colours, decodes to the tagged address" "$(qr_scan -e)" "$TAGGED"
t_contains "the colours are black and white" "$(cat "$T/screen.txt")" "$(printf '\033[30m')"

# half blocks asked for, 120x40, colours
t_config kiosk "qr_style = half"
restart 120 40
t_contains "120x40 half: half blocks" "$(tui_screen)" "$HALF"
t_is "120x40 half blocks decode" "$(qr_scan)" "$TAGGED"

# half blocks without colours, 80x24: reverse video keeps them dark on light
restart 80 24 vt100
t_contains "vt100 80x24: half blocks" "$(tui_screen)" "$HALF"
t_is "vt100 80x24 half blocks decode" "$(qr_scan)" "$TAGGED"

# two cells a module without colours: light modules in reverse video
t_config kiosk "qr_style = wide"
restart 120 40 vt100
t_lacks "vt100 120x40 wide: no half blocks" "$(tui_screen)" "$HALF"
t_is "vt100 120x40 wide (reverse video light) decodes" "$(qr_scan -e -r)" "$TAGGED"

# wide asked for but only 80x24: not drawn at all, and said so
restart 80 24
screen=$(tui_screen)
t_contains "80x24 wide: too large, said so" "$screen" "$S_QR_TOO_LARGE"
t_lacks "80x24 wide: no half blocks" "$screen" "$HALF"
t_is "80x24 wide: nothing decodes" "$(qr_scan -e)" ""

# an address of about 1000 characters: no code at all, printing still works
t_config kiosk "qr_style = auto"
long="https://example.org/brand/$(head -c 960 /dev/zero | tr '\0' 'a')"
t_ok "a very long profile address is set" $SP brand set profile_url "$long"
restart 120 40
screen=$(tui_screen)
t_contains "long address: too large, said so" "$screen" "$S_QR_TOO_LARGE"
t_lacks "long address: no half blocks" "$screen" "$HALF"
t_is "long address: no partial code on screen" "$(qr_scan -e)" ""
t_lacks "long address: no dark modules drawn" "$(cat "$T/screen.txt")" \
	"$(printf '\033[40m')"
rm -f "$T/printer.out"
tui_keys p
tui_expect "P prints the brand card" "$S_PRINTED_CARD"
"$TOOLS/escpos_decode" --png "$T/img" "$T/printer.out" >"$T/dec" 2>"$T/decerr"
t_is "the printed job is well formed" "$?" 0
brand=$(t_sql "SELECT name FROM brand")
t_contains "the card names the brand" "$(cat "$T/dec")" "$brand"
t_is "the card's code holds the whole address" \
	"$(zbarimg --raw -q "$T/img-1.png" 2>/dev/null)" "$long?station=test-001"
t_is "the card is a job of its own, no record written" "$(kiosk_entries)" 0

# Esc: home
tui_keys Escape
kiosk_expect_gone "Esc leaves the brand screen" "$S_PRINT_CARD_ITEM"
kiosk_quit_clean
t_done
