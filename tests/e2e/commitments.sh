#!/bin/sh
# commitments.sh — My commitments: one commitment made (category, due in
# a week, public), a second one made (not public, another due day) and
# then one marked fulfilled and the other withdrawn. After each write the
# statuses on screen and in the database agree; a withdrawal without a
# reason is refused and writes nothing.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"

TEXT1="每周三上午到驿站值班，为老人代办业务"
TEXT2="帮助社区清理小广告"
NOTE1="已连续值班四周"
REASON2="工作调动，改由他人负责"

commitments() {
	t_sql "SELECT text, category, due_date, public, status, fulfil_note,
		withdraw_reason FROM commitment ORDER BY created_at, rowid"
}

kiosk_setup
t_clock "2026-11-23T01:00:00Z"   # Monday 09:00 in Asia/Shanghai
tui_start
tui_expect "home screen" "$S_HOME_BRAND"

# ---- the first: category Service, due in a week, public ---------------
kiosk_open 3 "$M1_BADGE" "$M1_PIN"
tui_expect "home item 3 goes straight to the list" "$S_COMMIT_NEW_ITEM"
tui_keys Enter
tui_expect "the form" "$S_COMMIT_FORM"
screen=$(tui_screen)
t_contains "due in a month by default" "$screen" "$S_COMMIT_DUE_DEFAULT"
t_contains "public by default" "$screen" "$S_COMMIT_PUBLIC"
tui_keys Right
tui_expect "Right picks the next category" "< $S_CAT_SERVICE >"
tui_keys Down 1
tui_expect "1 picks 'in a week'" "< $S_COMMIT_DUE_WEEK >"
tui_keys Down Down
tui_type "$TEXT1"
t_is "nothing written before saving" "$(t_sql "SELECT count(*) FROM commitment")" 0
tui_keys Enter
tui_expect "saved" "$S_COMMIT_SAVED"
screen=$(tui_screen)
t_contains "confirmation reads back the text" "$screen" "$TEXT1"
t_contains "confirmation reads back the due date" "$screen" "2026-11-30"
t_contains "confirmation shows it open" "$screen" "$S_ST_OPEN"
t_is "stored as chosen" "$(commitments)" "$TEXT1|服务|2026-11-30|1|open||"
tui_keys Enter                   # a second Enter: home, nothing more
tui_expect "any key goes home" "$S_HOME_BRAND"
t_is "one commitment" "$(t_sql "SELECT count(*) FROM commitment")" 1

# ---- the second: not public, due a month and two days ahead ------------
kiosk_open 3 "$M1_BADGE" "$M1_PIN"
tui_expect "the list shows the first" "每周三上午到驿站值班"
tui_keys Enter
tui_expect "the form again" "$S_COMMIT_FORM"
tui_keys Down Right Right
tui_expect "Right moves the due date a day" "$S_COMMIT_DUE_25DEC"
tui_keys Down Left
tui_expect "Left turns public off" "< $S_COMMIT_NOT_PUBLIC >"
tui_keys Down
tui_type "$TEXT2"
tui_keys Enter
tui_expect "second saved" "$S_COMMIT_SAVED"
t_is "both stored" "$(commitments)" \
	"$TEXT1|服务|2026-11-30|1|open||
$TEXT2|工作|2026-12-25|0|open||"
tui_keys Space
tui_expect "home" "$S_HOME_BRAND"

# ---- mark the first fulfilled (open ones are listed soonest due first) --
kiosk_open 3 "$M1_BADGE" "$M1_PIN"
tui_expect "the list" "$S_COMMIT_NEW_ITEM"
tui_expect "the list shows the second" "$TEXT2"
tui_keys 2
tui_expect "the detail of the first" "$S_COMMIT_FULFIL_ITEM"
t_contains "it is the first" "$(tui_screen)" "$TEXT1"
tui_keys Enter
tui_expect "the fulfil form" "$S_COMMIT_FORM_FULFIL"
tui_type "$NOTE1"
tui_keys Enter
tui_expect "marked fulfilled" "$S_COMMIT_FULFILLED"
tui_expect "shown as awaiting the staff's check" "$S_ST_FULFILLED_PENDING"
t_contains "the note is read back" "$(tui_screen)" "$NOTE1"
t_is "the first is fulfilled_pending with its note" \
	"$(t_sql "SELECT status, fulfil_note FROM commitment WHERE text = '$TEXT1'")" \
	"fulfilled_pending|$NOTE1"
tui_keys Space
tui_expect "home" "$S_HOME_BRAND"

# ---- withdraw the second: a reason is required --------------------------
kiosk_open 3 "$M1_BADGE" "$M1_PIN"
tui_expect "the list" "$S_COMMIT_NEW_ITEM"
tui_expect "the list shows the first as awaiting check" "$S_ST_FULFILLED_PENDING"
kiosk_click "帮助社区"             # a touch on its row (the open one comes first now)
tui_expect "the detail of the second" "$S_COMMIT_WITHDRAW_ITEM"
t_contains "it is the second" "$(tui_screen)" "$TEXT2"
kiosk_click "$S_COMMIT_WITHDRAW_ITEM"
tui_expect "the withdraw form" "$S_COMMIT_FORM_WITHDRAW"
tui_keys Enter
tui_expect "no reason: refused" "$S_COMMIT_NEEDS_REASON"
t_is "still open" "$(t_sql "SELECT status FROM commitment WHERE text = '$TEXT2'")" open
tui_type "$REASON2"
tui_keys Enter
tui_expect "withdrawn" "$S_COMMIT_WITHDRAWN"
t_contains "the reason is read back" "$(tui_screen)" "$REASON2"
t_is "the second is withdrawn with its reason" \
	"$(t_sql "SELECT status, withdraw_reason FROM commitment WHERE text = '$TEXT2'")" \
	"withdrawn|$REASON2"
tui_keys Space
tui_expect "home" "$S_HOME_BRAND"

# ---- the list agrees with the database ------------------------------------
kiosk_open 3 "$M1_BADGE" "$M1_PIN"
tui_expect "the list" "$S_COMMIT_NEW_ITEM"
screen=$(tui_screen)
row1=$(printf '%s\n' "$screen" | grep -F "每周三上午")
row2=$(printf '%s\n' "$screen" | grep -F "帮助社区")
t_contains "the first's row says awaiting check" "$row1" "$S_ST_FULFILLED_PENDING"
t_contains "the second's row says withdrawn" "$row2" "$S_ST_WITHDRAWN"
t_is "the database says the same" \
	"$(t_sql "SELECT group_concat(status, ',') FROM (SELECT status FROM commitment ORDER BY created_at, rowid)")" \
	"fulfilled_pending,withdrawn"
# neither can be changed again from the kiosk
tui_keys 2
tui_expect "a closed commitment offers only the way back" "$S_COMMIT_BACK_ITEM"
t_lacks "no fulfil for a closed one" "$(tui_screen)" "$S_COMMIT_FULFIL_ITEM"
tui_keys Escape
tui_expect "Esc: back to the list" "$S_COMMIT_NEW_ITEM"
tui_keys Escape
tui_expect "Esc: back to the member's panel" "$M1_NAME"
t_is "two commitments in all" "$(t_sql "SELECT count(*) FROM commitment")" 2

# ---- another member sees none of them -------------------------------------
tui_keys Escape
tui_expect "home" "$S_HOME_BRAND"
kiosk_open 3 "$M2_BADGE" "$M2_PIN"
tui_expect "the other member's list" "$S_COMMIT_NEW_ITEM"
t_lacks "not the first member's" "$(tui_screen)" "$TEXT2"
kiosk_quit_clean
t_done
