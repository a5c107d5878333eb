#!/bin/sh
# print_slip.sh — the service slip from the kiosk: after a check-out the
# confirmation offers it (P, or a touch on the item), the file printer
# gets one ESC/POS job that the project's decoder reads back with the
# masked name and the activity; a check-in's confirmation offers nothing,
# and P there is any key. A printer that cannot be opened changes no
# record: the entry is on disk, the screen says printing failed, the
# failure is in the audit log, and `svcpoint print slip ID` prints it
# afterwards, marked as a reprint.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"

TOOLS=$(dirname "$SVCPOINT_BIN")/tools

# visit BADGE PIN: a check-in now, 90 minutes, and the check-out, ending
# on the check-out's confirmation.
visit() {
	kiosk_sign_in "$1" "$2"
	tui_wait "$S_NOT_CHECKED_IN"
	tui_keys Enter
	tui_wait "$S_CHECKIN_PROMPT"
	tui_keys Enter
	tui_wait "$S_SAVED_IN"
}

kiosk_setup
OUT="$T/printer.out"   # [printer] type = file in the test's config
t_clock "2026-11-23T01:00:00Z"
tui_start
tui_expect "home" "$S_HOME_BRAND"

visit "$M1_BADGE" "$M1_PIN"
tui_expect "checked in" "$S_SAVED_IN"
t_lacks "a check-in offers no slip" "$(tui_screen)" "$S_PRINT_SLIP_ITEM"
tui_keys p
kiosk_expect_gone "P on a check-in's confirmation is any key: home" "$S_SAVED_IN"
t_is "nothing printed" "$(test -s "$OUT" && echo printed)" ""

t_clock "2026-11-23T02:30:00Z"
kiosk_sign_in "$M1_BADGE" "$M1_PIN"
tui_wait "$S_PRESS_ENTER_OUT"
tui_keys Enter
tui_expect "checked out" "$S_SAVED_OUT"
tui_expect "the confirmation offers a slip" "$S_PRINT_SLIP_ITEM"
t_is "the entry is closed before anything prints" \
	"$(t_sql "SELECT status, minutes FROM service_entry")" "closed|90"
tui_keys p
tui_expect "P prints the slip" "$S_PRINTED_SLIP"
t_contains "still on the confirmation" "$(tui_screen)" "$S_SAVED_OUT"
t_lacks "the slip is offered once" "$(tui_screen)" "$S_PRINT_SLIP_ITEM"
"$TOOLS/escpos_decode" --png "$T/img" "$OUT" >"$T/dec" 2>"$T/decerr"
t_is "the printer got a well-formed job" "$?" 0
dec=$(cat "$T/dec")
t_is "exactly one job" "$(grep -c '^\[job ' "$T/dec")" 1
t_contains "the slip shows the masked name" "$dec" "张*国"
t_lacks "and not the whole name" "$dec" "$M1_NAME"
t_contains "the slip shows the activity" "$dec" "$ACT1_NAME"
short=$(t_sql "SELECT substr(id, 1, 8) FROM service_entry")
t_contains "the slip shows the entry's short id" "$dec" "$short"
t_is "one entry, as it was" "$(t_sql "SELECT count(*), status FROM service_entry")" "1|closed"
tui_keys p
tui_expect "P after printing is any key: home" "$S_HOME_BRAND"

# hours logged: the same offer on their confirmation
kiosk_open 2 "$M1_BADGE" "$M1_PIN"
tui_wait "$S_LOG_DAYS"
tui_keys Down
tui_type "1.5"
tui_wait "$S_HOURS_1_5"
tui_keys Down Down
tui_type "整理书架"
tui_keys Enter
tui_expect "hours logged" "$S_SAVED_LOGGED"
tui_expect "logged hours offer a slip" "$S_PRINT_SLIP_ITEM"
tui_keys P
tui_expect "P prints the logged hours' slip" "$S_PRINTED_SLIP"
"$TOOLS/escpos_decode" "$OUT" >"$T/dec" 2>"$T/decerr"
t_is "two well-formed jobs now" "$?/$(grep -c '^\[job ' "$T/dec")" "0/2"
lid=$(t_sql "SELECT substr(id, 1, 8) FROM service_entry WHERE kind = 'logged'")
t_contains "the second slip is the logged entry's" "$(sed -n '/^\[job 2\]/,$p' "$T/dec")" "$lid"
tui_keys Space
tui_expect "home" "$S_HOME_BRAND"

# a printer that cannot be opened
size=$(wc -c <"$OUT")
kiosk_stop_tmux
sed '/^\[printer\]/,$d' "$CONF" >"$T/broken.conf"
printf '[printer]\ntype = escpos\ndevice = /nonexistent/lp0\n' >>"$T/broken.conf"
GOOD_SP=$SP
SP="$SVCPOINT_BIN -c $T/broken.conf"
t_clock "2026-11-23T03:00:00Z"
tui_start
tui_wait "$S_HOME_BRAND"
visit "$M2_BADGE" "$M2_PIN"
tui_keys Space
tui_wait "$S_HOME_BRAND"
t_clock "2026-11-23T04:00:00Z"
kiosk_sign_in "$M2_BADGE" "$M2_PIN"
tui_wait "$S_PRESS_ENTER_OUT"
tui_keys Enter
tui_expect "broken printer: checked out" "$S_SAVED_OUT"
tui_keys p
tui_expect "broken printer: the screen says printing failed" "$S_PRINT_FAILED"
t_contains "the confirmation stays" "$(tui_screen)" "$S_SAVED_OUT"
ID=$(t_sql "SELECT e.id FROM service_entry e JOIN member m ON m.id = e.member_id
	WHERE m.member_no = '$M2_BADGE'")
t_is "the entry is on disk, closed" \
	"$(t_sql "SELECT status, minutes FROM service_entry WHERE id = '$ID'")" "closed|60"
t_is "the failure is in the audit log against the entry" \
	"$(t_sql "SELECT count(*) FROM audit_log WHERE action = 'print.failed' AND target = '$ID'")" 1
t_is "nothing went to the old printer" "$(wc -c <"$OUT")" "$size"
kiosk_quit_clean

# staff reprint it on a working printer: marked as a reprint
SP=$GOOD_SP
mark=REPRINT
if command -v gettext >/dev/null 2>&1 && [ -n "${SVCPOINT_LOCALEDIR:-}" ]; then
	mark=$(TEXTDOMAINDIR="$SVCPOINT_LOCALEDIR" LANGUAGE=zh_CN gettext -d svcpoint REPRINT)
fi
rm -f "$OUT"
t_ok "print slip ID afterwards" $SP print slip "$ID"
"$TOOLS/escpos_decode" "$OUT" >"$T/dec2" 2>"$T/decerr"
t_is "the reprint is well formed" "$?" 0
dec=$(cat "$T/dec2")
t_contains "the reprint is marked" "$dec" "$mark"
t_contains "the reprint shows the masked name" "$dec" "王*英"
t_is "still three entries (two visits, the logged hours)" "$(kiosk_entries)" 3
t_done
