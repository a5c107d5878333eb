#!/bin/sh
# wrong_pin_lock.sh — five wrong PINs lock the badge for 15 minutes and the
# member is told until when; the lock holds across a restart of the
# kiosk; after the lock time the right PIN works. An unknown badge gets
# the same sentence as a wrong PIN.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"

kiosk_setup
t_clock "2026-11-23T01:00:00Z"   # 09:00 local
tui_start
tui_expect "home screen" "$S_HOME_BRAND"

# an unknown badge: the same sentence, nothing disclosed
kiosk_sign_in 55555 1234
tui_expect "unknown badge: the wrong-PIN sentence" "$S_WRONG_PIN"
tui_keys Escape
tui_expect "home" "$S_HOME_BRAND"

tui_type "$M2_BADGE"; tui_keys Enter
tui_expect "PIN prompt" "$S_PIN_PROMPT"
n=1
while [ $n -le 4 ]; do
	tui_type 0000; tui_keys Enter
	# the sentence stays on screen: wait for the count instead
	i=0
	while [ $i -lt 100 ] && [ "$(t_sql "SELECT failed_pins FROM member WHERE member_no = '$M2_BADGE'")" != "$n" ]; do
		sleep 0.1; i=$((i + 1))
	done
	n=$((n + 1))
done
tui_expect "a wrong PIN is told" "$S_WRONG_PIN"
t_is "four failures counted" \
	"$(t_sql "SELECT failed_pins FROM member WHERE member_no = '$M2_BADGE'")" 4
t_lacks "the PIN is never shown" "$(tui_screen)" "0000"
tui_type 0000; tui_keys Enter
tui_expect "the fifth locks and says until when" "$S_LOCKED 09:15"
t_is "the lock is stored" \
	"$(t_sql "SELECT locked_until FROM member WHERE member_no = '$M2_BADGE'")" \
	"2026-11-23T01:15:00.000Z"

# the right PIN does not open a locked badge
tui_type "$M2_PIN"; tui_keys Enter
# keys are handled in order: once the letter is answered, so was the PIN
tui_type x
tui_expect "the kiosk is still at the PIN prompt" "$S_DIGITS_ONLY"
t_lacks "right PIN while locked: no panel" "$(tui_screen)" "$M2_NAME"
t_is "right PIN while locked: the lock stays" \
	"$(t_sql "SELECT locked_until FROM member WHERE member_no = '$M2_BADGE'")" \
	"2026-11-23T01:15:00.000Z"

# restart the kiosk: still locked
kill -TERM "$(kiosk_pid)"
tui_expect "kiosk stopped" "[exit 0]"
kiosk_stop_tmux
tui_start
tui_expect "restarted" "$S_HOME_BRAND"
kiosk_sign_in "$M2_BADGE" "$M2_PIN"
tui_expect "after a restart: still locked" "$S_LOCKED 09:15"
tui_keys Escape
tui_expect "home" "$S_HOME_BRAND"

# 16 minutes later the right PIN works and the count is cleared
t_clock "2026-11-23T01:16:00Z"
kiosk_sign_in "$M2_BADGE" "$M2_PIN"
tui_expect "after the lock time the right PIN works" "$M2_NAME"
tui_expect "and the panel opens" "$S_NOT_CHECKED_IN"
t_is "failures cleared" \
	"$(t_sql "SELECT failed_pins, ifnull(locked_until, '') FROM member WHERE member_no = '$M2_BADGE'")" "0|"
t_is "the lock is in the audit log" \
	"$(t_sql "SELECT count(*) FROM audit_log WHERE action = 'member.locked'")" 1
t_is "nothing else written" "$(kiosk_entries)" 0
t_done
