#!/bin/sh
# record_history.sh — My record is the member's whole history: a member
# with 40 entries over two years sees the totals (voided and rejected
# entries left out), then every entry newest first with its date, entry
# no., activity, duration and status; Down, Page Down, the mouse wheel and
# a touch on the "more below" row reach the oldest, and the rows above
# and below are said in words; a history of 250 entries, more than the
# screen holds at once, is walked to the end and back. Reading writes
# nothing. In English the screen fits 80x24 as well.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"

N=40
MORE_ABOVE=$(t_tr "%d more above")
MORE_BELOW=$(t_tr "%d more below")

# words FMT: the words of a "%d more ..." format without the number.
words() {
	w=${1%%%d*}
	[ -n "$(printf '%s' "$w" | tr -d ' ')" ] || w=${1#*%d}
	printf '%s' "$w"
}

# wheel up|down [COL ROW]: one notch of the wheel (SGR: 64 up, 65 down).
wheel() {
	b=64
	[ "$1" = down ] && b=65
	tui_type "$(printf '\033[<%s;%s;%sM' "$b" "${2:-40}" "${3:-15}")"
}

wheels() {
	n=$1
	while [ "$n" -gt 0 ]; do
		wheel "$2"
		n=$((n - 1))
	done
}

# The entry no. of seeded entry I (1 the newest), as a slip prints it.
no() {
	printf '0192%04d-%04d' "$1" "$1"
}

# The row of entry I on screen.
row_of() {
	tui_screen | grep -F -- "$(no "$1")"
}

# The entry numbers on screen, top to bottom, as "1 2 3 ".
shown() {
	tui_screen | grep -o '0192[0-9]\{4\}-' | sed 's/^0192//; s/-$//; s/^0*//' |
		tr '\n' ' '
}

# expect_shown NAME LIST: waits until the entries on screen are LIST.
expect_shown() {
	i=0
	while [ $i -lt 100 ]; do
		[ "$(shown)" = "$2" ] && { t_pass "$1"; return 0; }
		sleep 0.1; i=$((i + 1))
	done
	t_fail "$1" "shown: $(shown)" "wanted: $2" "$(tui_screen)"
}

seq_list() {
	i=$1
	while [ "$i" -le "$2" ]; do
		printf '%d ' "$i"
		i=$((i + 1))
	done
}

# The display column where TEXT starts in LINE.
column_of() {
	printf '%s' "${1%%"$2"*}" | wc -L
}

# fits: the entries' rows end inside the list's 76 columns (at column
# 78), and the totals box is whole: each of its rows ends in its right
# edge at column 78, nothing pushed past it.
fits() {
	screen=$(tui_screen)
	t_is "the entries' rows end within the list" \
		"$(printf '%s\n' "$screen" | grep '0192[0-9]\{4\}-' |
		   while IFS= read -r l; do
			[ "$(printf '%s' "$l" | wc -L)" -le 78 ] || echo "$l"
		   done)" ""
	t_is "the totals box's right edge is whole" \
		"$(printf '%s\n' "$screen" | sed -n '3,7p' |
		   while IFS= read -r l; do
			case "$l" in *│ | *┐ | *┘) ;; *) echo "edge: $l" ;; esac
			[ "$(printf '%s' "$l" | wc -L)" -eq 78 ] || echo "width: $l"
		   done)" ""
}

# What a read must not change: every entry as stored, the change log and
# the audit log.
fingerprint() {
	t_sql "SELECT * FROM service_entry ORDER BY id" | cksum
	t_sql "SELECT count(*) FROM change_log"
	t_sql "SELECT count(*) FROM audit_log"
}

kiosk_setup
t_clock "2026-11-23T01:00:00Z"          # Monday 09:00 in Asia/Shanghai
# Entry i (1 the newest) started at 10:00 local, 17 days before entry
# i - 1, from Friday 20 Nov 2026 back to 26 Jan 2025: 20 entries in each
# year. Odd ones are visits (closed), even ones logged hours (verified),
# an hour each (the newest 90 minutes); entry 2 is pending, 5 and 38 are
# rejected, 7 and 33 voided.
t_sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N),
       e AS (SELECT i, date('2026-11-20', printf('-%d days', (i - 1) * 17))
                       || 'T02:00:00.000Z' AS at,
                    CASE WHEN i = 1 THEN 90 ELSE 60 END AS minutes,
                    CASE WHEN i IN (2, 5, 38) OR i % 2 = 0 THEN 'logged'
                         ELSE 'visit' END AS kind,
                    CASE WHEN i = 2 THEN 'pending'
                         WHEN i IN (5, 38) THEN 'rejected'
                         WHEN i % 2 = 1 THEN 'closed'
                         ELSE 'verified' END AS status
             FROM n)
       INSERT INTO service_entry(id, member_id, activity_id, kind, started_at,
              ended_at, minutes, round_minutes, note, status, reject_reason,
              voided_at, void_reason, created_at, updated_at)
       SELECT printf('0192%04d-%04d-7000-8000-%012d', i, i, i), m.id,
              (SELECT id FROM activity_type
               WHERE name = CASE kind WHEN 'visit' THEN '$ACT1_NAME'
                                      ELSE '$ACT2_NAME' END),
              kind, at,
              strftime('%Y-%m-%dT%H:%M:%fZ', at, printf('+%d minutes', minutes)),
              minutes, CASE kind WHEN 'visit' THEN 1 ELSE 30 END,
              CASE kind WHEN 'logged' THEN '整理图书角' ELSE '' END, status,
              CASE WHEN status = 'rejected' THEN '没有记录' END,
              CASE WHEN i IN (7, 33) THEN at END,
              CASE WHEN i IN (7, 33) THEN '签错了' END,
              at, at
       FROM e, member m WHERE m.member_no = '$M1_BADGE'"
t_is "40 entries seeded, in two years" \
	"$(t_sql "SELECT count(*), min(started_at) < '2025-02', max(started_at) > '2026-11'
	          FROM service_entry")" "$N|1|1"
before=$(fingerprint)
tui_start
tui_expect "home screen" "$S_HOME_BRAND"

# ---- the totals and the first page ---------------------------------------------
kiosk_open 4 "$M1_BADGE" "$M1_PIN"
tui_expect "the record" "$S_RECORD_ALL"
expect_shown "the newest ten, newest first" "$(seq_list 1 10)"
screen=$(tui_screen)
t_contains "says what does not count" "$screen" "$S_RECORD_NOT_COUNTED"
t_contains "today: nothing" "$screen" "$S_REC_TODAY $(printf "$(t_tr "%d min")" 0)"
t_contains "this month: the newest visit only (the pending hours apart)" \
	"$screen" "$S_REC_MONTH $S_DURATION_90"
t_contains "this year: 20 entries less the pending, rejected and voided ones" \
	"$screen" "$S_REC_YEAR 17小时30分钟"
t_contains "pending apart" "$screen" "$S_REC_PENDING 1小时"
t_contains "points this year" "$screen" "$S_REC_POINTS_YEAR 17.5"
t_contains "points in all: 35 entries count" "$screen" "$S_REC_POINTS_ALL 35.5"
t_contains "30 more below" "$screen" "$(printf "$MORE_BELOW" 30)"
t_lacks "nothing above" "$screen" "$(words "$MORE_ABOVE")"

# each row: date, entry no., activity, duration, status
first=$(row_of 1)
t_contains "entry 1: its date" "$first" "2026-11-20"
t_contains "entry 1: its activity" "$first" "$ACT1_NAME"
t_contains "entry 1: its duration" "$first" "$S_DURATION_90"
t_contains "entry 1: closed" "$first" "$S_ST_CLOSED"
t_contains "entry 2: pending" "$(row_of 2)" "$S_PENDING"
t_contains "entry 2: logged hours, the other activity" "$(row_of 2)" "$ACT2_NAME"
t_contains "entry 4: verified" "$(row_of 4)" "$S_ST_VERIFIED"
t_contains "entry 5: rejected, still listed" "$(row_of 5)" "$S_ST_REJECTED"
t_contains "entry 7: voided, still listed" "$(row_of 7)" "$S_ST_VOIDED"
t_contains "entry 7: with its hour" "$(row_of 7)" "1小时"
t_is "the status column is aligned" \
	"$(column_of "$(row_of 7)" "$S_ST_VOIDED")" \
	"$(column_of "$(row_of 4)" "$S_ST_VERIFIED")"
t_is "the entry no. follows the date" \
	"$(column_of "$first" "$(no 1)")" "$(( $(column_of "$first" "2026-11-20") + 11 ))"
fits

# ---- keys ------------------------------------------------------------------------
tui_keys Down
expect_shown "Down scrolls one entry" "$(seq_list 2 11)"
tui_expect "one more above" "$(printf "$MORE_ABOVE" 1)"
t_contains "and 29 below" "$(tui_screen)" "$(printf "$MORE_BELOW" 29)"
tui_keys Up Up
expect_shown "Up scrolls back, and stops at the newest" "$(seq_list 1 10)"
tui_keys NPage
expect_shown "Page Down: the next ten" "$(seq_list 11 20)"
tui_keys NPage NPage
expect_shown "Page Down reaches the oldest" "$(seq_list 31 40)"
screen=$(tui_screen)
t_contains "the oldest, from January 2025" "$(row_of 40)" "2025-01-26"
t_contains "entry 33: voided" "$(row_of 33)" "$S_ST_VOIDED"
t_contains "entry 38: rejected" "$(row_of 38)" "$S_ST_REJECTED"
t_contains "at the end: 30 more above" "$screen" "$(printf "$MORE_ABOVE" 30)"
t_lacks "at the end: nothing below" "$screen" "$(words "$MORE_BELOW")"
tui_keys NPage Down
expect_shown "Page Down and Down at the end stay there" "$(seq_list 31 40)"
tui_keys PPage
expect_shown "Page Up: the page before" "$(seq_list 21 30)"
tui_keys PPage PPage PPage
expect_shown "Page Up back to the newest" "$(seq_list 1 10)"

# ---- the wheel --------------------------------------------------------------------
wheels 3 down
expect_shown "three notches down: three entries" "$(seq_list 4 13)"
wheels 40 down
expect_shown "the wheel reaches the oldest and stops there" "$(seq_list 31 40)"
tui_keys Up
expect_shown "Up after the wheel stopped" "$(seq_list 30 39)"
wheels 50 up
expect_shown "and the wheel goes back up to the newest" "$(seq_list 1 10)"

# ---- touch --------------------------------------------------------------------------
kiosk_click "$(printf "$MORE_BELOW" 30)"
expect_shown "a touch on 'more below' turns the page" "$(seq_list 11 20)"
tui_expect "now ten above" "$(printf "$MORE_ABOVE" 10)"
kiosk_click "$(printf "$MORE_BELOW" 20)"
kiosk_click "$(printf "$MORE_BELOW" 10)"
expect_shown "two more touches: the oldest" "$(seq_list 31 40)"
kiosk_click "$(printf "$MORE_ABOVE" 30)"
expect_shown "a touch on 'more above' goes back a page" "$(seq_list 21 30)"
kiosk_click "$(no 25)"
expect_shown "a touch on an entry does nothing" "$(seq_list 21 30)"

tui_keys Escape
tui_expect "Esc: the member's panel" "$S_NOT_CHECKED_IN"
t_is "reading the record wrote nothing" "$(fingerprint)" "$before"
tui_keys Escape
tui_expect "home" "$S_HOME_BRAND"

# ---- a long history: more than the screen holds at once ---------------------------
# 250 entries of the second member, one every three days back from 20 Nov
# 2026 (numbered 0193IIII-IIII). The screen keeps only a few pages of them
# and reads the others as it scrolls, both ways.
L=250
t_sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $L)
       INSERT INTO service_entry(id, member_id, activity_id, kind, started_at,
              ended_at, minutes, status, created_at, updated_at)
       SELECT printf('0193%04d-%04d-7000-8000-%012d', i, i, i), m.id,
              (SELECT id FROM activity_type WHERE name = '$ACT1_NAME'), 'visit',
              date('2026-11-20', printf('-%d days', (i - 1) * 3)) || 'T02:00:00.000Z',
              date('2026-11-20', printf('-%d days', (i - 1) * 3)) || 'T03:00:00.000Z',
              60, 'closed', '2026-11-23T00:00:00.000Z', '2026-11-23T00:00:00.000Z'
       FROM n, member m WHERE m.member_no = '$M2_BADGE'"
before=$(fingerprint)
long_shown() {
	tui_screen | grep -o '0193[0-9]\{4\}-' | sed 's/^0193//; s/-$//; s/^0*//' |
		tr '\n' ' '
}
expect_long() {
	i=0
	while [ $i -lt 100 ]; do
		[ "$(long_shown)" = "$2" ] && { t_pass "$1"; return 0; }
		sleep 0.1; i=$((i + 1))
	done
	t_fail "$1" "shown: $(long_shown)" "wanted: $2" "$(tui_screen)"
}
kiosk_open 4 "$M2_BADGE" "$M2_PIN"
tui_expect "the second member's record" "$S_RECORD_ALL"
expect_long "the newest ten" "$(seq_list 1 10)"
t_contains "240 more below" "$(tui_screen)" "$(printf "$MORE_BELOW" 240)"
n=0
while [ $n -lt 26 ]; do tui_keys NPage; n=$((n + 1)); done
expect_long "Page Down reaches the oldest of 250" "$(seq_list 241 250)"
t_contains "from November 2024" "$(tui_screen)" "2024-11-03"
t_contains "240 more above" "$(tui_screen)" "$(printf "$MORE_ABOVE" 240)"
n=0
while [ $n -lt 12 ]; do tui_keys PPage; n=$((n + 1)); done
expect_long "Page Up: twelve pages back" "$(seq_list 121 130)"
t_contains "counted right on the way back" "$(tui_screen)" "$(printf "$MORE_ABOVE" 120)"
wheels 5 up
expect_long "the wheel up, on entries read again" "$(seq_list 116 125)"
n=0
while [ $n -lt 13 ]; do tui_keys PPage; n=$((n + 1)); done
expect_long "back at the newest" "$(seq_list 1 10)"
t_contains "240 below again" "$(tui_screen)" "$(printf "$MORE_BELOW" 240)"
tui_keys Escape
tui_expect "Esc: the member's panel" "$S_NOT_CHECKED_IN"
t_is "reading the long record wrote nothing" "$(fingerprint)" "$before"
tui_keys Escape
tui_expect "home" "$S_HOME_BRAND"
kiosk_quit_clean
kiosk_stop_tmux

# ---- English, at 80x24 -------------------------------------------------------------
t_config kiosk "language = en"
tui_start
tui_expect "English home screen" "$S_HOME_BRAND"
tui_keys 4
tui_expect "English badge step" "Step 1 of 2: your badge"
kiosk_sign_in "$M1_BADGE" "$M1_PIN" "Type your PIN and press Enter."
tui_expect "the record in English" "$(t_tr "All your entries, newest first" en)"
expect_shown "the newest ten" "$(seq_list 1 10)"
screen=$(tui_screen)
t_contains "the note fits beside the heading" "$screen" \
	"$(t_tr "Voided and rejected entries do not count." en)"
t_contains "the totals" "$screen" "This year: 17 h 30 min"
t_contains "voided, in words" "$(row_of 7)" "voided"
t_contains "rejected, in words" "$(row_of 5)" "rejected"
t_contains "verified, in words" "$(row_of 4)" "verified"
t_contains "the column heads" "$screen" "Entry no."
t_contains "more below, in words" "$screen" "30 more below"
fits
t_is "the status column is aligned" \
	"$(column_of "$(row_of 7)" "voided")" "$(column_of "$(row_of 4)" "verified")"
tui_keys NPage NPage NPage
expect_shown "Page Down reaches the oldest" "$(seq_list 31 40)"
t_contains "30 more above, in words" "$(tui_screen)" "30 more above"
t_is "still nothing written" "$(fingerprint)" "$before"
kiosk_quit_clean
t_done
