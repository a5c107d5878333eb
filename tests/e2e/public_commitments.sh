#!/bin/sh
# public_commitments.sh — visitors see the members' public commitments
# from the brand screen (C, or a touch on the item): the member's name,
# the text wrapped by display width, the due date and the status; never a
# commitment that is not public, nor a withdrawn one. A long list
# scrolls; Esc and the Back item return to the brand screen.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"

PUBLIC="每周二下午在服务点值班，为群众代办社保、医保和居住证业务，帮助行动不便的老人上门办理，做到群众少跑腿、办事不出社区，年底前完成五十件"
PUBLIC_TAIL="年底前完成五十件"
PRIVATE="这条承诺不公开，群众看不到"
WITHDRAWN="这条公开承诺已撤回"

# add_commitment N MEMBER_NO TEXT PUBLIC STATUS [EXTRA SQL COLUMNS]
add_commitment() {
	t_sql "INSERT INTO commitment(id, member_id, text, due_date, public,
	       status, withdrawn_at, withdraw_reason, created_at, updated_at)
	       SELECT '0193a1b2-c3d4-7000-8000-00000000000$1', id, '$3',
	       '2026-12-31', $4, '$5',
	       CASE '$5' WHEN 'withdrawn' THEN '2026-11-23T00:40:00.000Z' END,
	       CASE '$5' WHEN 'withdrawn' THEN '时间冲突' END,
	       '2026-11-23T00:3$1:00.000Z', '2026-11-23T00:3$1:00.000Z'
	       FROM member WHERE member_no = '$2'"
}

pc_open() {
	tui_keys c
	tui_wait "$S_PC_TITLE"
}

kiosk_setup
tui_start
tui_expect "home screen" "$S_HOME_BRAND"
tui_type 5
tui_expect "the brand screen offers the commitments" "$S_PC_ITEM"
pc_open
tui_expect "C opens the list" "$S_PC_TITLE"
tui_expect "none yet: said so" "$S_PC_EMPTY"
tui_keys Escape
tui_expect "Esc: back to the brand screen" "$S_PRINT_CARD_ITEM"

add_commitment 1 "$M1_BADGE" "$PUBLIC" 1 open
add_commitment 2 "$M2_BADGE" "$PRIVATE" 0 open
add_commitment 3 "$M2_BADGE" "$WITHDRAWN" 1 withdrawn
t_is "three commitments in the store" "$(t_sql "SELECT count(*) FROM commitment")" 3

# a touch on the item opens it too
kiosk_click "$S_PC_ITEM"
tui_expect "a touch opens the list" "$S_PC_TITLE"
tui_expect "the public one's member" "$M1_NAME"
screen=$(tui_screen)
t_contains "its due date" "$screen" "2026年12月31日"
t_contains "its status" "$screen" "$S_ST_OPEN"
t_contains "its text, wrapped to the end" "$screen" "$PUBLIC_TAIL"
t_contains "its text starts on screen" "$screen" "每周二下午在服务点值班"
t_lacks "not the private one" "$screen" "$PRIVATE"
t_lacks "not its member either" "$screen" "$M2_NAME"
t_lacks "not the withdrawn one" "$screen" "$WITHDRAWN"
t_lacks "no badge numbers" "$screen" "$M1_BADGE"
# the Back item returns to the brand screen
kiosk_click "$(t_tr "Back")"
tui_expect "Back: the brand screen" "$S_PRINT_CARD_ITEM"

# many: the list scrolls
for n in 4 5 6 7 8 9; do
	add_commitment "$n" "$M1_BADGE" "第${n}条公开承诺：$PUBLIC" 1 open
done
pc_open
tui_expect "many: the newest first" "第9条公开承诺"
more=$(t_tr "Lines %d-%d of %d: Up/Down to scroll")
tui_expect "many: more lines than fit, said so" "${more##*%d}"
t_lacks "many: the oldest is below" "$(tui_screen)" "第4条公开承诺"
tui_keys NPage NPage NPage NPage NPage NPage
tui_expect "Page Down reaches the oldest" "第4条公开承诺"
tui_keys Escape
tui_expect "Esc: the brand screen" "$S_PRINT_CARD_ITEM"

kiosk_quit_clean
t_done
