#!/bin/sh
# refusals.sh — what must never write: a second check-in (refused by the
# store even when two terminals race for it), a check-out without a
# check-in (the panel does not offer one), a double Enter on the check-in,
# and the badge scanned again at the PIN prompt.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"

kiosk_setup
tui_start
tui_expect "home screen" "$S_HOME_BRAND"

# the badge scanned twice: the second scan is not counted as a PIN
tui_type "$M1_BADGE"; tui_keys Enter
tui_expect "PIN prompt" "$S_PIN_PROMPT"
tui_type "$M1_BADGE"; tui_keys Enter
tui_expect "a second scan is recognised" "$S_BADGE_AGAIN"
t_is "no failure counted for it" \
	"$(t_sql "SELECT failed_pins FROM member WHERE member_no = '$M1_BADGE'")" 0
tui_type "$M1_PIN"; tui_keys Enter

# no open visit: the panel has no check-out at all
tui_expect "panel shows the member is not checked in" "$S_NOT_CHECKED_IN"
t_lacks "no check-out without a check-in" "$(tui_screen)" "$S_CHECK_OUT_ITEM"
t_is "nothing written by signing in" "$(kiosk_entries)" 0

# a second terminal checks the same member in while this one waits on
# the check-in confirmation
tui_keys Enter
tui_expect "check-in confirmation" "$S_CHECKIN_PROMPT"
tmux -S "$TMUX_SOCK" new-session -d -s other -x 80 -y 24 \
	"env TERM=xterm-256color LANG=C.UTF-8 SVCPOINT_CLOCK_FILE=$SVCPOINT_CLOCK_FILE SVCPOINT_LOCALEDIR=${SVCPOINT_LOCALEDIR:-} ASAN_OPTIONS=${ASAN_OPTIONS:-} $SP kiosk; sleep 30"
other_wait() {
	i=0
	while [ $i -lt 100 ]; do
		case "$(tmux -S "$TMUX_SOCK" capture-pane -p -t other)" in
		*"$1"*) return 0 ;;
		esac
		sleep 0.1; i=$((i + 1))
	done
	t_fail "second terminal: $1" "$(tmux -S "$TMUX_SOCK" capture-pane -p -t other)"
	return 1
}
other_wait "$S_HOME_BRAND"
tmux -S "$TMUX_SOCK" send-keys -t other -l "$M1_BADGE"
tmux -S "$TMUX_SOCK" send-keys -t other Enter
other_wait "$S_PIN_PROMPT"
tmux -S "$TMUX_SOCK" send-keys -t other -l "$M1_PIN"
tmux -S "$TMUX_SOCK" send-keys -t other Enter
other_wait "$S_NOT_CHECKED_IN"
tmux -S "$TMUX_SOCK" send-keys -t other Enter
other_wait "$S_CHECKIN_PROMPT"
tmux -S "$TMUX_SOCK" send-keys -t other Enter
other_wait "$S_SAVED_IN" && t_pass "the other terminal checked in"
t_is "one entry" "$(kiosk_entries)" 1

tui_keys Enter
tui_expect "the second check-in is refused" "$S_ALREADY_IN"
tui_expect "and shows the open visit" "$ACT1_NAME"
t_is "still one entry" "$(kiosk_entries)" 1
t_is "still one open entry" \
	"$(t_sql "SELECT count(*) FROM service_entry WHERE status = 'open'")" 1

# with the visit open, the panel offers check-out instead of check-in
tui_keys Space
tui_expect "home" "$S_HOME_BRAND"
kiosk_sign_in "$M1_BADGE" "$M1_PIN"
tui_expect "panel offers check-out" "$S_PRESS_ENTER_OUT"
t_lacks "and no activity to check in to" "$(tui_screen)" "$S_NOT_CHECKED_IN"
tui_keys Escape
tui_expect "Esc goes home" "$S_HOME_BRAND"

# double Enter on the check-in confirmation: one entry
kiosk_sign_in "$M2_BADGE" "$M2_PIN"
tui_expect "second member's panel" "$S_NOT_CHECKED_IN"
tui_keys Enter
tui_expect "check-in confirmation" "$S_CHECKIN_PROMPT"
tui_keys Enter Enter Enter
tui_expect "saved once" "$S_SAVED_IN"
tui_expect "then home" "$S_HOME_BRAND"
t_is "one entry for the second member" \
	"$(t_sql "SELECT count(*) FROM service_entry e JOIN member m ON m.id = e.member_id WHERE m.member_no = '$M2_BADGE'")" 1
t_is "two entries in all" "$(kiosk_entries)" 2
kiosk_quit_clean
t_done
