#!/bin/sh
# feedback.sh — a visitor rates the service from the brand screen: no
# badge, no PIN. A rating by number key with a Chinese comment is saved
# exactly once (a double Enter does not save twice), the thank-you reads
# it back and returns home by itself; no answer, no save; an over-long
# comment is clipped at 200 characters by the editor; a rating by touch;
# a rating within the cool-down ([kiosk] feedback_cooldown_s, 30 s by
# default) is thanked for, not saved, and sent by Enter once the pause is
# over; Esc and the idle timeout leave without saving.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"

COMMENT="窗口服务很耐心，办事也快，点赞！"
S_FB_TOO_SOON=$(t_tr "Thank you! Someone rated us just now; please try again in a moment.")

feedback_rows() {
	t_sql "SELECT count(*) FROM feedback"
}

# feedback_open: from home, the brand (item 5), then F.
feedback_open() {
	tui_type 5
	tui_wait "$S_FB_ITEM" || return 1
	tui_keys f
	tui_wait "$S_FB_QUESTION"
}

# click_last TEXT: a click on the first TEXT of the last line holding it
# (the Send button's label may also appear in the hint above it).
click_last() {
	line=$(tui_screen | grep -n -F -- "$1" | tail -n 1) || return 1
	row=${line%%:*}
	prefix=${line#*:}
	prefix=${prefix%%"$1"*}
	col=$(($(printf '%s' "$prefix" | wc -L) + 1))
	tui_type "$(printf '\033[<0;%s;%sM' "$col" "$row")"
	tui_type "$(printf '\033[<0;%s;%sm' "$col" "$row")"
}

kiosk_setup
tui_start
tui_expect "home screen" "$S_HOME_BRAND"

tui_type 5
tui_expect "the brand screen offers the rating" "$S_FB_ITEM"
tui_expect "the brand screen offers the commitments" "$S_PC_ITEM"
tui_keys f
tui_expect "F opens the question" "$S_FB_QUESTION"
screen=$(tui_screen)
t_contains "five answers: very satisfied" "$screen" "$S_FB_VERY_SATISFIED"
t_contains "five answers: very dissatisfied" "$screen" "$S_FB_VERY_DISSATISFIED"
t_contains "the comment box" "$screen" "$S_FB_COMMENT_BOX"

# Esc: back to the brand, nothing saved
tui_keys 3
tui_type "不要保存这条"
tui_expect "the comment is typed" "不要保存这条"
tui_keys Escape
tui_expect "Esc: back to the brand screen" "$S_PRINT_CARD_ITEM"
t_is "Esc saved nothing" "$(feedback_rows)" 0

# no answer chosen: a touch on the comment box, then Enter, sends nothing
tui_keys f
tui_expect "the question again" "$S_FB_QUESTION"
t_lacks "the form starts empty" "$(tui_screen)" "不要保存这条"
kiosk_click "$S_FB_COMMENT_BOX"
tui_keys Enter
tui_expect "no answer: said so" "$S_FB_CHOOSE_FIRST"
t_is "no answer: nothing saved" "$(feedback_rows)" 0

# 2 = satisfied (4), a Chinese comment, Enter twice
tui_keys 2
tui_type "$COMMENT"
tui_expect "the comment shows" "$COMMENT"
tui_keys Enter Enter
tui_expect "thank-you" "$S_FB_THANKS"
t_is "one rating saved" "$(feedback_rows)" 1
t_is "rated 4" "$(t_sql "SELECT rating FROM feedback")" 4
t_is "the exact comment" "$(t_sql "SELECT comment FROM feedback")" "$COMMENT"
t_is "no shift open: none attached" "$(t_sql "SELECT shift_id IS NULL FROM feedback")" 1
# the thank-you returns home by itself (the injected clock moves on)
t_clock "2026-11-23T01:00:30Z"
tui_expect "home after the thank-you" "$S_HOME_BRAND"
t_is "the double Enter saved once" "$(feedback_rows)" 1

# an over-long comment stops at 200 characters
long=$(printf '好%.0s' $(seq 1 210))
feedback_open
tui_keys 1
tui_type "$long"
tui_expect "the editor says the comment is full" "$S_FB_FULL"
tui_keys Enter
tui_expect "over-long: thank-you" "$S_FB_THANKS"
t_is "over-long: rated 5" \
	"$(t_sql "SELECT rating FROM feedback ORDER BY rowid DESC LIMIT 1")" 5
t_is "over-long: clipped at 200 characters" \
	"$(t_sql "SELECT length(comment) FROM feedback ORDER BY rowid DESC LIMIT 1")" 200
tui_keys Escape
tui_expect "any key: home" "$S_HOME_BRAND"

# by touch: an answer, then the Send button; no comment (half a minute on)
t_clock "2026-11-23T01:01:00Z"
feedback_open
kiosk_click "$S_FB_VERY_DISSATISFIED"
tui_expect "a touch marks the answer" "[*] $S_FB_VERY_DISSATISFIED"
click_last "$S_FB_SEND"
tui_expect "touch: thank-you" "$S_FB_THANKS"
t_is "touch: rated 1, no comment" \
	"$(t_sql "SELECT rating || '/' || comment FROM feedback ORDER BY rowid DESC LIMIT 1")" "1/"
t_is "three ratings in all" "$(feedback_rows)" 3
tui_keys Escape
tui_expect "home again" "$S_HOME_BRAND"

# at once again: within the cool-down nothing is saved, kindly, and the
# form keeps the answer and the comment; after the pause Enter sends them
feedback_open
tui_keys 3
tui_type "再评一次"
tui_expect "a second comment" "再评一次"
tui_keys Enter
tui_expect "too soon: asked to wait a moment" "$S_FB_TOO_SOON"
t_is "too soon: nothing saved" "$(feedback_rows)" 3
screen=$(tui_screen)
t_contains "too soon: the comment is kept" "$screen" "再评一次"
t_lacks "too soon: no thank-you" "$screen" "$S_FB_THANKS"
t_clock "2026-11-23T01:01:30Z"
tui_keys Enter
tui_expect "after the pause: thank-you" "$S_FB_THANKS"
t_is "after the pause: saved once, rated 3" \
	"$(t_sql "SELECT count(*) || '/' || max(rating) FROM feedback WHERE comment = '再评一次'")" "1/3"
tui_keys Escape
tui_expect "home once more" "$S_HOME_BRAND"

# idle in the middle of a comment: discarded
feedback_open
tui_keys 4
tui_type "写了一半"
tui_expect "half a comment" "写了一半"
t_clock "2026-11-23T01:10:00Z"
tui_expect "idle: home returns" "$S_IDLE_ENDED"
t_is "idle: nothing more saved" "$(feedback_rows)" 4
feedback_open
t_lacks "idle: the comment is gone" "$(tui_screen)" "写了一半"

kiosk_quit_clean
t_done
