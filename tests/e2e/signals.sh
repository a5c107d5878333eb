#!/bin/sh
# signals.sh — a locked kiosk cannot be escaped: Ctrl-C, Ctrl-Z and Ctrl-\
# do nothing. SIGTERM and SIGHUP end it with status 0 and a sane terminal;
# a crash signal restores the terminal too. Unlocked, Ctrl-C leaves
# cleanly. The staff menu leaves with a staff PIN, audited.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"

# t_sane NAME: the pane's terminal is back in cooked mode with echo.
t_sane() {
	settings=$(kiosk_stty)
	t_contains "$1: canonical mode" "$settings" " icanon"
	t_contains "$1: echo" "$settings" " echo "
	t_lacks "$1: not raw" "$settings" "-isig"
}

kiosk_setup
tui_start
tui_expect "home screen" "$S_HOME_BRAND"
pid=$(kiosk_pid)
t_ok "the kiosk runs" kill -0 "$pid"

tui_type "$M1_BADGE"; tui_keys Enter
tui_expect "PIN prompt" "$S_PIN_PROMPT"
tui_keys C-c
tui_keys C-z
tui_keys 'C-\'
# keys are handled in order: once the letter is answered, so were those
tui_type x
tui_expect "the kiosk answers the next key" "$S_DIGITS_ONLY"
t_ok "Ctrl-C, Ctrl-Z, Ctrl-\\ leave it running" kill -0 "$pid"
t_contains "still at the PIN prompt" "$(tui_screen)" "$S_PIN_PROMPT"
# the same signals sent from outside are ignored too
kill -INT "$pid"; kill -QUIT "$pid"; kill -TSTP "$pid"
tui_type 1
kiosk_expect_gone "typing a digit clears the sentence" "$S_DIGITS_ONLY"
tui_keys BSpace; tui_type y
tui_expect "the kiosk answers after the signals" "$S_DIGITS_ONLY"
t_ok "SIGINT, SIGQUIT, SIGTSTP leave it running" kill -0 "$pid"
t_lacks "and not stopped" "$(ps -o stat= -p "$pid")" "T"
tui_type "$M1_PIN"; tui_keys Enter
tui_expect "the PIN still works" "$S_NOT_CHECKED_IN"

kill -TERM "$pid"
tui_expect "SIGTERM: exit status 0" "[exit 0]"
t_sane "after SIGTERM"
kiosk_stop_tmux

# SIGHUP: the same
tui_start
tui_expect "restarted" "$S_HOME_BRAND"
kill -HUP "$(kiosk_pid)"
tui_expect "SIGHUP: exit status 0" "[exit 0]"
t_sane "after SIGHUP"
kiosk_stop_tmux

# a crash: the terminal is restored, then the default action
tui_start
tui_expect "restarted" "$S_HOME_BRAND"
kill -SEGV "$(kiosk_pid)"
tui_expect "SIGSEGV: killed by the signal" "[exit 139]"
t_sane "after SIGSEGV"
t_lacks "SIGSEGV: the alternate screen is left" "$(tui_screen)" "$S_HOME_BRAND"
kiosk_stop_tmux

# the staff menu: a member's PIN is not enough, a staff PIN is
tui_start
tui_expect "restarted" "$S_HOME_BRAND"
tui_type 6
tui_expect "6 picks Staff" "$S_BADGE_STEP"
tui_type "$M1_BADGE"; tui_keys Enter
tui_expect "PIN prompt" "$S_PIN_PROMPT"
tui_type "$M1_PIN"; tui_keys Enter
tui_expect "a member is refused" "$S_NOT_STAFF"
tui_keys Escape
tui_expect "home" "$S_HOME_BRAND"
tui_type 6
tui_expect "6 picks Staff again" "$S_BADGE_STEP"
tui_type "$STAFF_BADGE"; tui_keys Enter
tui_expect "PIN prompt" "$S_PIN_PROMPT"
tui_type "$STAFF_PIN"; tui_keys Enter
tui_expect "the staff menu" "$S_STAFF_EXIT"
tui_keys 4   # Exit the kiosk, after "Reprint or void an entry"
tui_expect "staff exit: status 0" "[exit 0]"
t_sane "after the staff exit"
t_is "the exit is audited" \
	"$(t_sql "SELECT count(*) FROM audit_log a JOIN member m ON m.id = a.actor_id WHERE a.action = 'kiosk.exit' AND m.member_no = '$STAFF_BADGE'")" 1
kiosk_stop_tmux

# unlocked: Ctrl-C leaves cleanly
t_config kiosk "locked = false"
tui_start
tui_expect "unlocked kiosk" "$S_HOME_BRAND"
tui_keys C-c
tui_expect "unlocked: Ctrl-C exits with status 0" "[exit 0]"
t_sane "after Ctrl-C"
t_is "nothing written by any of it" "$(kiosk_entries)" 0
t_done
