#!/bin/sh
# staff_entries.sh — the staff menu's "reprint or void an entry" at 80x24
# in Chinese: a staff member signs in, finds an entry by the entry no. on
# its slip (and by a badge, and with a touch), prints its slip again
# (marked 补打, on the file printer, audited as print.reprint), voids it
# with a reason after the confirmation (voided_at, voided_by, the reason
# and entry.void in the store), and cannot void it twice. A printer that
# cannot be opened is said on the status line and audited as
# print.failed, and the screen goes on. Long Chinese names, activities,
# notes and reasons stay inside their columns and boxes.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"

TOOLS=$(dirname "$SVCPOINT_BIN")/tools

# Display width of each line of stdin, one per line, unique.
widths() {
	while IFS= read -r line; do
		printf '%s\n' "$line" | wc -L
	done | sort -u
}

# The display column where TEXT starts in LINE.
column_of() {
	prefix=${1%%"$2"*}
	printf '%s' "$prefix" | wc -L
}

# The entry's box: the first box on the screen, top to bottom border.
entry_box() {
	tui_screen | awk '/┌/ { on = 1 } on { print } on && /┘/ { exit }'
}

kiosk_setup
OUT="$T/printer.out"   # [printer] type = file in the test's config

E1=01a2a2c0-1111-7abc-8def-000000000001   # 张建国, 09:00-10:30
E2=01a2a2c0-2222-7abc-8def-000000000002   # 王秀英, 10:00-11:00
E3=01a2a2c0-3333-7abc-8def-000000000003   # the long names, 11:00-12:00
S1=01a2a2c0-1111 S2=01a2a2c0-2222 S3=01a2a2c0-3333   # as the slips print them
LONG_NAME="欧阳建国欧阳建国欧阳"            # 20 columns
LONG_ACT="社区政策宣讲志愿服务活动"          # 24 columns
LONG_NOTE="帮助独居老人整理阅览室图书，并清理了楼道里的小广告，又陪同社区干部走访了三户困难党员家庭。"
NOW=2026-11-23T04:00:00.000Z
t_sql "INSERT INTO member(id, member_no, name, role, pin_hash, created_at, updated_at)
	VALUES ('01a2a2c0-9999-7abc-8def-000000000009', '10009', '$LONG_NAME',
	'member', 'x', '$NOW', '$NOW');
INSERT INTO activity_type(id, code, name, name_en, sort_order, created_at)
	VALUES ('01a2a2c0-8888-7abc-8def-000000000008', 'policy_talk',
	'$LONG_ACT', 'Policy talks in the community', 40, '$NOW')"
fixture() { # ID BADGE ACTIVITY_CODE START END MINUTES NOTE
	t_sql "INSERT INTO service_entry(id, member_id, activity_id, kind,
		started_at, ended_at, minutes, round_minutes, note, status,
		created_at, updated_at) VALUES ('$1',
		(SELECT id FROM member WHERE member_no = '$2'),
		(SELECT id FROM activity_type WHERE code = '$3'), 'visit',
		'$4', '$5', $6, 1, '$7', 'closed', '$5', '$5')"
}
fixture $E1 "$M1_BADGE" duty 2026-11-23T01:00:00.000Z 2026-11-23T02:30:00.000Z 90 ""
fixture $E2 "$M2_BADGE" duty 2026-11-23T02:00:00.000Z 2026-11-23T03:00:00.000Z 60 ""
fixture $E3 10009 policy_talk 2026-11-23T03:00:00.000Z 2026-11-23T04:00:00.000Z 60 "$LONG_NOTE"
t_is "fixture: three closed visits" "$(kiosk_entries)" 3
STAFF_ID=$(t_sql "SELECT id FROM member WHERE member_no = '$STAFF_BADGE'")

t_clock "2026-11-23T05:00:00Z"   # 13:00 in Asia/Shanghai
tui_start
tui_expect "home" "$S_HOME_BRAND"

# ---- a member cannot get there; staff can --------------------------------
kiosk_open 6 "$M1_BADGE" "$M1_PIN"
tui_expect "a member is refused at the staff item" "$S_NOT_STAFF"
tui_keys Escape
tui_expect "home again" "$S_HOME_BRAND"
kiosk_open 6 "$STAFF_BADGE" "$STAFF_PIN"
tui_expect "the staff menu offers the new item" "$S_STAFF_ENTRIES_ITEM"
screen=$(tui_screen)
item=$(printf '%s\n' "$screen" | grep -F -- "$S_STAFF_ENTRIES_ITEM")
t_contains "it is item 3" "$item" "3  $S_STAFF_ENTRIES_ITEM"
t_contains "before the exit, now item 4" "$screen" "4  $S_STAFF_EXIT"
tui_keys 3
tui_expect "3 opens the entry list" "$S_ENTRIES_HINT"
tui_expect "it counts the entries" "$(entries_found 3)"
screen=$(tui_screen)
t_contains "the title" "$(printf '%s\n' "$screen" | head -1)" "$S_STAFF_ENTRIES_ITEM"
first=$(printf '%s\n' "$screen" | grep -n -F "$S3" | cut -d: -f1)
second=$(printf '%s\n' "$screen" | grep -n -F "$S2" | cut -d: -f1)
third=$(printf '%s\n' "$screen" | grep -n -F "$S1" | cut -d: -f1)
t_is "newest first, from the list's first row" "$first $second $third" "6 7 8"
row=$(printf '%s\n' "$screen" | grep -F "$S1")
t_contains "a row shows the badge and the name" "$row" "$M1_BADGE $M1_NAME"
t_contains "the activity" "$row" "$ACT1_NAME"
t_contains "the local date and time" "$row" "11-23 09:00"
t_contains "the duration" "$row" "$S_DURATION_90"
t_contains "the status" "$row" "$S_ST_CLOSED"

# ---- Chinese widths: the columns hold, the long names are cut whole -------
head=$(printf '%s\n' "$screen" | grep -F "$(t_tr "Entry no.")" | grep -F "$(t_tr "Status")")
want=$(column_of "$head" "$(t_tr "Status")")
long=$(printf '%s\n' "$screen" | grep -F "$S3")
t_is "the long name's row: the status stays in its column" \
	"$(column_of "$long" "$S_ST_CLOSED")" "$want"
t_is "so does a short one's" "$(column_of "$row" "$S_ST_CLOSED")" "$want"
t_contains "the long name is cut between characters" "$long" "10009 欧阳建国 "
t_lacks "and not shown past its column" "$long" "$LONG_NAME"
t_contains "the long activity is cut between characters" "$long" "社区政策宣讲 "

# ---- by a badge, and back to all -------------------------------------------
tui_type "$M1_BADGE"
tui_expect "a badge finds that member's entries" "$(entries_found 1)"
t_lacks "and no one else's" "$(tui_screen)" "$S2"
tui_keys BSpace BSpace BSpace BSpace BSpace
tui_expect "emptied, all three again" "$(entries_found 3)"
tui_type "99999"
tui_expect "nothing found is said" "$S_ENTRIES_NONE"
tui_keys BSpace BSpace BSpace BSpace BSpace
tui_expect "all three again" "$(entries_found 3)"

# ---- by the entry no. on a slip, as a scanner types it ----------------------
tui_type "$S2"
tui_expect "the slip's number finds one entry" "$(entries_found 1)"
t_lacks "only that one" "$(tui_screen)" "$S1"
tui_keys Enter
tui_expect "Enter opens it" "$S_ENTRIES_REPRINT_ITEM"
screen=$(tui_screen)
t_contains "the detail shows the full id" "$screen" "$E2"
t_contains "the member" "$screen" "$M2_NAME ($M2_BADGE)"
t_contains "the start" "$screen" "2026-11-23 10:00"
t_contains "the end" "$screen" "2026-11-23 11:00"
t_contains "and offers the void" "$screen" "$S_ENTRIES_VOID_ITEM"

# ---- reprint ------------------------------------------------------------------
rm -f "$OUT"
tui_keys p
tui_expect "P prints the slip again and says so" "$S_REPRINTED"
mark=$(t_tr REPRINT)
"$TOOLS/escpos_decode" "$OUT" >"$T/dec" 2>"$T/decerr"
t_is "the printer got a well-formed job" "$?" 0
dec=$(cat "$T/dec")
t_is "exactly one job" "$(grep -c '^\[job ' "$T/dec")" 1
t_contains "marked as a reprint" "$dec" "$mark"
t_contains "the masked name" "$dec" "王*英"
t_contains "the entry no." "$dec" "$S2"
t_is "audited as print.reprint of the entry by the staff member" \
	"$(t_sql "SELECT count(*) FROM audit_log WHERE action = 'print.reprint' AND target = '$E2' AND actor_id = '$STAFF_ID'")" 1
t_is "the entry is unchanged" \
	"$(t_sql "SELECT status, minutes, voided_at IS NULL FROM service_entry WHERE id = '$E2'")" "closed|60|1"

# ---- void: a reason, the confirmation, then the void ------------------------------
tui_keys v
tui_expect "V asks for the reason" "$S_VOID_REASON_BOX"
tui_keys Enter
tui_expect "an empty reason is refused with a sentence" "$S_VOID_NEEDS_REASON"
REASON="同一次值班重复登记，已另行补录正确的记录"
tui_type "$REASON"
tui_expect "the reason is typed" "20/200"
box=$(tui_screen | awk -v t="$S_VOID_REASON_BOX" 'index($0, t) { on = 1 } on { print } on && /┘/ { exit }')
t_is "the reason's box stays aligned" "$(printf '%s\n' "$box" | widths | wc -l)" 1
tui_keys Enter
tui_expect "Enter shows what will be voided" "$S_VOID_IT_NOW"
screen=$(tui_screen)
t_contains "the question names the entry and the member" "$screen" "$S2（$M2_NAME"
t_contains "with the reason" "$screen" "$REASON"
t_contains "and says it stays on record" "$screen" "$S_VOID_STAYS"
t_is "asking writes nothing" \
	"$(t_sql "SELECT count(*) FROM service_entry WHERE voided_at IS NOT NULL")" 0
# Esc goes back to the reason, kept; Enter comes back to the question
tui_keys Escape
tui_expect "Esc goes back to the reason" "$S_VOID_REASON_BOX"
t_contains "which is kept" "$(tui_screen)" "$REASON"
tui_keys Enter
tui_expect "the question again" "$S_VOID_IT_NOW"
t_clock "2026-11-23T05:10:00Z"
tui_keys Enter
tui_expect "Enter voids it and says so" "$(entries_void_saved "$S2")"
t_is "voided at the clock's time, by the staff member, with the reason" \
	"$(t_sql "SELECT v.voided_at, m.member_no, v.void_reason FROM service_entry v JOIN member m ON m.id = v.voided_by WHERE v.id = '$E2'")" \
	"2026-11-23T05:10:00.000Z|$STAFF_BADGE|$REASON"
t_is "otherwise as it was" \
	"$(t_sql "SELECT status, minutes, started_at FROM service_entry WHERE id = '$E2'")" \
	"closed|60|2026-11-23T02:00:00.000Z"
t_is "one entry.void audit row by the staff member with the reason" \
	"$(t_sql "SELECT count(*) FROM audit_log WHERE action = 'entry.void' AND target = '$E2' AND actor_id = '$STAFF_ID' AND detail = '$REASON'")" 1
t_is "nothing else voided" \
	"$(t_sql "SELECT count(*) FROM service_entry WHERE voided_at IS NOT NULL")" 1
screen=$(tui_screen)
t_contains "the detail shows it voided" "$screen" "$S_ST_VOIDED ($S_ST_CLOSED)"
t_contains "with the reason" "$screen" "$REASON"
t_contains "and when" "$(printf '%s\n' "$screen" | grep -F "$(t_tr "Voided:")")" "2026-11-23 13:10"
t_is "the detail's box stays aligned" "$(entry_box | widths | wc -l)" 1

tui_keys v
tui_expect "a second void is refused in one sentence" "$S_VOIDED_TWICE"
t_lacks "without asking for a reason" "$(tui_screen)" "$S_VOID_REASON_BOX"
t_is "still one void in the audit log" \
	"$(t_sql "SELECT count(*) FROM audit_log WHERE action = 'entry.void'")" 1

tui_keys Escape
tui_expect "Esc goes back to the list" "$S_ENTRIES_HINT"
t_contains "which shows it voided" "$(tui_screen | grep -F "$S2")" "$S_ST_VOIDED"
tui_keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
tui_expect "all three again" "$(entries_found 3)"

# ---- a touch on a row opens it; the long note wraps inside the box ---------------
kiosk_click "$S3"
tui_expect "a touch on the row opens that entry" "$E3"
screen=$(tui_screen)
t_contains "the long name whole in the detail" "$screen" "$LONG_NAME (10009)"
t_contains "the long activity whole" "$screen" "$LONG_ACT"
t_is "the box stays aligned around the wrapped note" "$(entry_box | widths | wc -l)" 1
t_is "the note wraps between characters and loses none" \
	"$(tui_screen | grep -A1 -F "$(t_tr "Note:")" | sed 's/^ *│ *//; s/^[^ ]*： //; s/ *│$//' | tr -d '\n')" \
	"$LONG_NOTE"
tui_keys Escape
tui_expect "back to the list" "$S_ENTRIES_HINT"
tui_keys Escape
tui_expect "Esc goes back to the staff menu" "$S_STAFF_EXIT"
kiosk_quit_clean

# ---- a printer that cannot be opened ----------------------------------------------
kiosk_stop_tmux
sed '/^\[printer\]/,$d' "$CONF" >"$T/broken.conf"
printf '[printer]\ntype = escpos\ndevice = /nonexistent/lp0\n' >>"$T/broken.conf"
SP="$SVCPOINT_BIN -c $T/broken.conf"
tui_start
tui_expect "home, broken printer" "$S_HOME_BRAND"
kiosk_open 6 "$STAFF_BADGE" "$STAFF_PIN"
tui_expect "staff menu" "$S_STAFF_ENTRIES_ITEM"
tui_keys 3
tui_expect "the list" "$S_ENTRIES_HINT"
tui_type "$S1"
tui_expect "found by its number" "$(entries_found 1)"
tui_keys Enter
tui_expect "opened" "$E1"
tui_keys p
tui_expect "the failure is said on the status line" "$S_NOT_PRINTED"
t_contains "with the printer's reason" "$(tui_screen | grep -F "$S_NOT_PRINTED")" "/nonexistent/lp0"
t_is "audited as print.failed against the entry by the staff member" \
	"$(t_sql "SELECT count(*) FROM audit_log WHERE action = 'print.failed' AND target = '$E1' AND actor_id = '$STAFF_ID'")" 1
t_is "and no reprint row for it" \
	"$(t_sql "SELECT count(*) FROM audit_log WHERE action = 'print.reprint' AND target = '$E1'")" 0
tui_keys Escape
tui_expect "the screen goes on" "$S_ENTRIES_HINT"
t_is "three entries, one voided" \
	"$(t_sql "SELECT count(*), sum(voided_at IS NOT NULL) FROM service_entry")" "3|1"
t_ok "the audit chain verifies" $SP check
kiosk_quit_clean
t_done
