#!/bin/sh
# english_messages.sh — with [kiosk] language = en at 80x24, the sentences
# and choices that once ran past their room show whole: the lockout
# sentence, the commitment form's due-date list and "Shown:" value, the
# ledger that did not print at the end of a shift, and the idle timeout.
# (tests/cli/msg_widths.sh checks every such message's width; this shows
# them on the real screen.)
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"

E_HOME="Check in / out"
E_PIN="Type your PIN and press Enter."
E_LOCKED="Too many wrong PINs: this badge is locked until 09:15."
E_COMMIT_NEW="Make a new commitment"
E_OTHER_DAY="Other day (Left/Right)"
E_PUBLIC="< Public (visitors see it) >"
E_STAFF_OPEN="Open a shift"
E_STEP_SUMMARY="the summary"
E_NO_OPEN="No visits are open."
E_NOTHING_PENDING="Nothing is waiting for verification."
E_BUNDLE="Write the signed file to"
E_GO_LEDGER="Enter goes on to printing the shift ledger."
E_STEP_LEDGER="print the shift ledger"
E_NOT_PRINTED="The ledger did not print; print it later with 'svcpoint shift ledger --print'."
E_IDLE="The session ended after a while without use; unsaved input was discarded."

# the text is on one row of the screen, whole
on_one_row() {
	tui_screen | grep -q -F -- "$1"
}

# en_open ITEM BADGE PIN: kiosk_open with the English prompts.
en_open() {
	tui_keys "$1"
	tui_wait "Step 1 of 2: your badge" || return 1
	kiosk_sign_in "$2" "$3" "$E_PIN"
}

kiosk_setup
t_config kiosk "language = en"
# a printer that cannot be opened: the ledger does not print
t_config printer "device = $T/no-such-folder/printer.out"
t_clock "2026-11-23T01:00:00Z"   # 09:00 local
tui_start
tui_expect "en: home" "$E_HOME"

# ---- five wrong PINs --------------------------------------------------------
tui_type "$M2_BADGE"; tui_keys Enter
tui_expect "en: PIN prompt" "$E_PIN"
n=1
while [ $n -le 5 ]; do
	tui_type 0000; tui_keys Enter
	# each failure is counted before the next PIN is typed
	kiosk_wait_sql "SELECT failed_pins >= $n OR locked_until IS NOT NULL FROM member WHERE member_no = '$M2_BADGE'" 1
	n=$((n + 1))
done
tui_expect "en: the lock sentence, whole" "$E_LOCKED"
t_ok "en: on one row" on_one_row "$E_LOCKED"
tui_keys Escape
tui_expect "en: home again" "$E_HOME"

# ---- a new commitment -------------------------------------------------------
en_open 3 "$M1_BADGE" "$M1_PIN"
tui_expect "en: my commitments" "$E_COMMIT_NEW"
tui_keys Enter
tui_keys Down
tui_expect "en: the due-date list, its last item whole" "$E_OTHER_DAY"
tui_keys Down
tui_expect "en: the Shown value, whole with its marks" "$E_PUBLIC"
tui_keys Escape
tui_expect "en: back to the list" "$E_COMMIT_NEW"
tui_keys Escape
tui_expect "en: the member's panel" "Back to the home screen"
tui_keys Escape
tui_expect "en: home after the commitments" "$E_HOME"

# ---- closing a shift whose ledger does not print ----------------------------
en_open 6 "$STAFF_BADGE" "$STAFF_PIN"
tui_expect "en: staff menu" "$E_STAFF_OPEN"
tui_keys 1
t_ok "en: the shift is open" kiosk_wait_sql "SELECT count(*) FROM shift WHERE closed_at IS NULL" 1
tui_keys 2
tui_expect "en: step 1" "$E_STEP_SUMMARY"
tui_keys Enter
tui_expect "en: step 2" "$E_NO_OPEN"
tui_keys Enter
tui_expect "en: step 3" "$E_NOTHING_PENDING"
tui_keys Enter
tui_expect "en: step 4 offers the file" "$E_BUNDLE"
tui_keys Enter
tui_expect "en: the file is written" "$E_GO_LEDGER" 20
tui_keys Enter
tui_expect "en: step 5" "$E_STEP_LEDGER"
tui_keys Enter
tui_expect "en: the ledger did not print, said whole" "$E_NOT_PRINTED"
t_ok "en: on one row" on_one_row "$E_NOT_PRINTED"
t_is "en: the shift is closed all the same" \
	"$(t_sql "SELECT count(*) FROM shift WHERE closed_at IS NOT NULL")" 1
tui_keys Escape
tui_expect "en: home after the shift" "$E_HOME"
kiosk_quit_clean
kiosk_stop_tmux

# ---- the idle timeout -------------------------------------------------------
t_config kiosk "idle_timeout_s = 5"
tui_start
tui_expect "en: home (short idle time)" "$E_HOME"
kiosk_sign_in "$M1_BADGE" "$M1_PIN" "$E_PIN"
tui_expect "en: the panel" "You are not checked in."
tui_expect "en: idle: the sentence, whole" "$E_IDLE" 30
t_ok "en: on one row" on_one_row "$E_IDLE"
kiosk_quit_clean
t_done
