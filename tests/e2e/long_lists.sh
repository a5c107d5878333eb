#!/bin/sh
# long_lists.sh — a member with 45 commitments reaches every one of them:
# the list scrolls with the highlight and says in words how many are above
# and below; Page Down, the arrows, the mouse wheel and a touch on the
# "more below" row all get there. The wheel only moves the highlight: it
# never chooses, does nothing on the help, and scrolls the brand's texts
# and the public commitments where the arrows do.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"

N=45
MORE_ABOVE=$(t_tr "%d more above")
MORE_BELOW=$(t_tr "%d more below")
LINES_FMT=$(t_tr "Lines %d-%d of %d: Up/Down to scroll")
LINES_PREFIX=${LINES_FMT%%%d*}

# words FMT: the words of a "%d more ..." format without the number (the
# part before it, or after it when nothing is before it).
words() {
	w=${1%%%d*}
	[ -n "$(printf '%s' "$w" | tr -d ' ')" ] || w=${1#*%d}
	printf '%s' "$w"
}

# wheel up|down [COL ROW]: one notch of the wheel, as xterm reports it
# (SGR: button 64 up, 65 down), over the cell given (40,12 by default).
wheel() {
	b=64
	[ "$1" = down ] && b=65
	tui_type "$(printf '\033[<%s;%s;%sM' "$b" "${2:-40}" "${3:-12}")"
}

# wheels N up|down: N notches.
wheels() {
	n=$1
	while [ "$n" -gt 0 ]; do
		wheel "$2"
		n=$((n - 1))
	done
}

# The row of the list the highlight is on ('>' before its number).
selected_row() {
	tui_screen | grep -m1 '^ *>'
}

# expect_selected NAME TEXT: waits until the highlighted row holds TEXT.
expect_selected() {
	i=0
	while [ $i -lt 100 ]; do
		case "$(selected_row)" in *"$2"*) t_pass "$1"; return 0 ;; esac
		sleep 0.1; i=$((i + 1))
	done
	t_fail "$1" "highlighted row lacks: $2" "$(tui_screen)"
}

commit_text() {
	printf '第%d条承诺：每周到驿站值班' "$1"
}

kiosk_setup
t_clock "2026-11-23T01:00:00Z"
# 45 open commitments of the first member, due one a day from 2 Dec: the
# list shows them soonest due first, so number 45 comes last.
t_sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N)
       INSERT INTO commitment(id, member_id, text, due_date, created_at, updated_at)
       SELECT printf('0193a1b2-c3d4-7000-8000-%012d', i), m.id,
              printf('第%d条承诺：每周到驿站值班', i),
              date('2026-12-01', printf('+%d days', i)),
              '2026-11-20T00:00:00.000Z', '2026-11-20T00:00:00.000Z'
       FROM n, member m WHERE m.member_no = '$M1_BADGE'"
t_is "45 commitments seeded" "$(t_sql "SELECT count(*) FROM commitment")" "$N"
tui_start
tui_expect "home screen" "$S_HOME_BRAND"

# ---- keys -------------------------------------------------------------------
kiosk_open 3 "$M1_BADGE" "$M1_PIN"
tui_expect "the list" "$(commit_text 1)"
screen=$(tui_screen)
t_lacks "the last is not shown yet" "$screen" "$(commit_text 45)"
t_contains "the list says how many are below" "$screen" \
	"$(printf "$MORE_BELOW" 32)"
t_lacks "nothing above yet" "$screen" "$(words "$MORE_ABOVE")"
tui_keys NPage NPage NPage NPage
expect_selected "Page Down reaches the last" "$(commit_text 45)"
screen=$(tui_screen)
t_contains "at the end: how many are above" "$screen" "$(printf "$MORE_ABOVE" 32)"
t_lacks "at the end: nothing below" "$screen" "$(words "$MORE_BELOW")"
tui_keys Enter
tui_expect "Enter opens the last one" "$S_COMMIT_BACK_ITEM"
t_contains "its text in detail" "$(tui_screen)" "$(commit_text 45)"
tui_keys Escape
tui_expect "Esc: back to the list" "$(printf "$MORE_ABOVE" 32)"
expect_selected "still on the last one" "$(commit_text 45)"
tui_keys Down
expect_selected "Down past the end goes round to the first" "$S_COMMIT_NEW_ITEM"
tui_keys Up
expect_selected "and Up from the first to the last" "$(commit_text 45)"
tui_keys PPage PPage PPage PPage
expect_selected "Page Up back to the top" "$S_COMMIT_NEW_ITEM"

# ---- the wheel ----------------------------------------------------------------
wheels 10 down
expect_selected "ten notches down: the tenth below" "$(commit_text 10)"
wheels 40 down
expect_selected "the wheel reaches the last" "$(commit_text 45)"
wheels 3 down
tui_keys Up
expect_selected "the wheel stops at the end (no going round)" "$(commit_text 44)"
wheels 50 up
expect_selected "and back up to the first" "$S_COMMIT_NEW_ITEM"
wheel down 10 7           # over the first item's row: it must not open it
wheel up 10 7
tui_keys Down
expect_selected "a notch over an item moves, never chooses" "$(commit_text 1)"
t_lacks "still the list, no detail opened" "$(tui_screen)" "$S_COMMIT_BACK_ITEM"
t_lacks "nor the form" "$(tui_screen)" "$S_COMMIT_FORM"

# the wheel does nothing while the help is open: the Escape after it only
# closes the help, and Up from the first item then goes round to the last
# (had a notch closed the help, the others would have moved the highlight
# and Escape left the list)
tui_keys Up
expect_selected "Up: the first" "$S_COMMIT_NEW_ITEM"
tui_keys F1
tui_expect "F1: the help" "$(t_tr "Close the help")"
wheels 3 down
tui_keys Escape Up
expect_selected "the wheel neither closed the help nor moved the list" \
	"$(commit_text 45)"
tui_keys PPage PPage PPage PPage
expect_selected "the first again" "$S_COMMIT_NEW_ITEM"

# a touch on "more below" shows the next page, choosing nothing
kiosk_click "$(printf "$MORE_BELOW" 32)"
tui_expect "a touch on 'more below': the next page" "$(printf "$MORE_ABOVE" 14)"
expect_selected "the highlight moved a page" "$(commit_text 14)"
t_contains "the page ends further down" "$(tui_screen)" "$(commit_text 27)"
kiosk_click "$(printf "$MORE_ABOVE" 14)"
expect_selected "a touch on 'more above': back a page" "$S_COMMIT_NEW_ITEM"
t_lacks "no detail opened" "$(tui_screen)" "$S_COMMIT_BACK_ITEM"

# a touch on a commitment still opens it
kiosk_click "$(commit_text 3)"
tui_expect "a touch on an item opens it" "$S_COMMIT_BACK_ITEM"
t_contains "that one" "$(tui_screen)" "$(commit_text 3)"
t_is "reading wrote nothing" \
	"$(t_sql "SELECT count(*) FROM commitment WHERE status = 'open'")" "$N"
tui_keys Escape Escape
tui_expect "the panel" "$M1_NAME"
tui_keys Escape
tui_expect "home" "$S_HOME_BRAND"

# ---- the wheel where texts scroll: the brand, the public commitments -------------
tui_type 5
tui_expect "the brand screen" "$S_BRAND_HEADING"
tui_expect "its texts are longer than the screen" "${LINES_PREFIX}1-"
wheels 3 down 10 12
tui_expect "three notches down scroll three lines" "${LINES_PREFIX}4-"
# over the Back button: scrolls, does not leave
line=$(tui_screen | grep -n -F -m1 -- " $(t_tr "Back")")
back_row=${line%%:*}
back_col=$(($(printf '%s' "${line#*:}" | sed "s/ $(t_tr "Back").*//" | wc -L) + 2))
wheel down "$back_col" "$back_row"
tui_expect "a notch over a button scrolls too" "${LINES_PREFIX}5-"
wheels 4 up 10 12
tui_expect "and back up" "${LINES_PREFIX}1-"
t_contains "still the brand screen" "$(tui_screen)" "$S_BRAND_HEADING"
tui_keys c
tui_expect "the public commitments" "$S_PC_TITLE"
tui_expect "from the top" "${LINES_PREFIX}1-"
wheels 5 down
tui_expect "five notches down" "${LINES_PREFIX}6-"
wheels 2 up
tui_expect "two up" "${LINES_PREFIX}4-"
tui_keys Escape
tui_expect "Esc: the brand screen" "$S_PRINT_CARD_ITEM"

kiosk_quit_clean
t_done
