#!/bin/sh
# chinese_note.sh — Chinese text typed into the log-hours description
# (send-keys -l, as an input method delivers it) wraps between characters
# inside its box, the box's right border stays in the top border's column,
# and the text is stored exactly. Text past the 200-character limit is
# clipped with a sentence, and what is stored is the 200 characters shown.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"

# 53 characters, 106 columns: two lines in the 72-column box, no spaces
NOTE="周六上午和社区志愿者一起清理小区楼道里的小广告，共清理三栋楼；还帮助独居的王大爷把旧家具搬到楼下的回收点。"

# The text box: from its top border (titled S_LOG_TEXT_BOX) to its bottom.
text_box() {
	tui_screen | awk -v title="$S_LOG_TEXT_BOX" '
		index($0, title) { on = 1 }
		on { print }
		on && /┘/ { exit }'
}

# How many different display widths the lines of stdin have.
widths() {
	while IFS= read -r line; do
		printf '%s\n' "$line" | wc -L
	done | sort -u | wc -l
}

kiosk_setup
t_clock "2026-11-23T01:00:00Z"
tui_start
tui_expect "home screen" "$S_HOME_BRAND"
kiosk_open 2 "$M1_BADGE" "$M1_PIN"
tui_expect "log hours form" "$S_LOG_DAYS"
tui_keys Down Down Down
tui_type "$NOTE"
tui_expect "the counter shows 53 characters" "53/200"

box=$(text_box)
t_is "the box is eight rows" "$(printf '%s\n' "$box" | wc -l)" 8
t_is "every row of the box ends in the top border's column" \
	"$(printf '%s\n' "$box" | widths)" 1
top=$(printf '%s\n' "$box" | head -1)
first=$(printf '%s\n' "$box" | sed -n 2p)
t_is "the first text row's right border is where the top border's corner is" \
	"$(printf '%s' "${first%│}" | wc -L)" "$(printf '%s' "${top%┐}" | wc -L)"
t_is "the text wraps between characters and loses none" \
	"$(printf '%s\n' "$box" | sed -n '2,7p' | sed 's/^ *│ //; s/ *│$//' | tr -d '\n')" \
	"$NOTE"
t_is "it takes two rows" \
	"$(printf '%s\n' "$box" | sed -n '2,7p' | sed 's/^ *│ //; s/ *│$//' | grep -c .)" 2

tui_keys Enter
tui_expect "saved" "$S_SAVED_LOGGED"
t_is "stored exactly" "$(t_sql "SELECT note FROM service_entry")" "$NOTE"
confirm=$(tui_screen | grep '│')
t_is "the confirmation's box stays aligned around the wrapped text" \
	"$(printf '%s\n' "$confirm" | widths)" 1
t_contains "the confirmation shows the text" "$confirm" "周六上午和社区志愿者"
tui_keys Space
tui_expect "home" "$S_HOME_BRAND"

# ---- past the limit: clipped at 200 characters, with a sentence ---------
LONG=""
i=0
while [ $i -lt 52 ]; do LONG="${LONG}为民服务"; i=$((i + 1)); done   # 208
kiosk_open 2 "$M1_BADGE" "$M1_PIN"
tui_expect "log hours form" "$S_LOG_DAYS"
tui_keys Down Down Down
tui_type "$LONG"
tui_expect "the field stops at 200 characters" "200/200"
tui_expect "and says so" "$S_LOG_FULL"
t_is "the long text's box is aligned too" "$(text_box | widths)" 1
tui_keys Enter
tui_expect "saved" "$S_SAVED_LOGGED"
t_is "the 200 characters shown are stored" \
	"$(t_sql "SELECT length(note), substr(note, 1, 8) FROM service_entry ORDER BY rowid DESC LIMIT 1")" \
	"200|为民服务为民服务"
kiosk_quit_clean
t_done
