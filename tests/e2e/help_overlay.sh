#!/bin/sh
# help_overlay.sh — F1 over the widest forms (log hours, a new
# commitment) covers everything under the title bar: no border or text of
# the form shows beside or inside the help's box, the hint line says how
# to close it, and once closed the form is back exactly as it was. At
# 80x24 and larger (and grown while open), in Chinese and English. (The
# wheel with the help open: long_lists.sh.)
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"

CLOSE_HELP=$(t_tr "Close the help")

# wait_row N TEXT: waits until row N (from 1) holds TEXT: after a resize,
# the kiosk has drawn its new layout once the last row shows its hints.
wait_row() {
	i=0
	while [ $i -lt 100 ]; do
		case "$(tui_screen | sed -n "${1}p")" in *"$2"*) return 0 ;; esac
		sleep 0.1; i=$((i + 1))
	done
	return 1
}

# help_clean WHAT ROWS: checks the screen with the help open. Row 2 is
# blank; the box's top and bottom edges hold its own two corners and
# nothing else; each row between holds exactly its two sides, with only
# blanks outside them; the rows under it, down to the status row, are
# blank.
help_clean() {
	what=$1 rows=$2
	tui_screen >"$T/help.txt"
	bad=""
	part=above
	i=2
	while [ "$i" -lt "$rows" ]; do
		line=$(sed -n "${i}p" "$T/help.txt")
		sides=$(printf '%s' "$line" | grep -o '│' | wc -l)
		corners=$(printf '%s' "$line" | grep -o '[┌┐└┘├┤┬┴┼]' | wc -l)
		if [ "$i" -eq 3 ]; then
			part=box
			printf '%s\n' "$line" | grep -q '^ *┌─ .*─┐ *$' &&
				[ "$corners" -eq 2 ] && [ "$sides" -eq 0 ] || bad="$bad $i"
		elif [ "$part" = box ] && printf '%s\n' "$line" | grep -q '^ *└─*┘ *$'; then
			part=below
			[ "$corners" -eq 2 ] || bad="$bad $i"
		elif [ "$part" = box ]; then
			printf '%s\n' "$line" | grep -q '^ *│.*│ *$' &&
				[ "$sides" -eq 2 ] && [ "$corners" -eq 0 ] || bad="$bad $i"
		else
			[ -z "$(printf '%s' "$line" | tr -d ' ')" ] || bad="$bad $i"
		fi
		i=$((i + 1))
	done
	[ "$part" = below ] || bad="$bad (no bottom edge)"
	if [ -z "$bad" ]; then
		t_pass "$what: only the help's own box under the title bar"
	else
		t_fail "$what: only the help's own box under the title bar" \
			"rows with something else:$bad" "$(cat "$T/help.txt")"
	fi
	t_contains "$what: the hint line says how to close it" \
		"$(sed -n "${rows}p" "$T/help.txt")" "$CLOSE_HELP"
}

# help_round WHAT ROWS FORM_TEXT...: F1 on the form shown now, checks, then
# a key closes the help and the form is back as it was (the title bar,
# with its clock, aside).
help_round() {
	what=$1 rows=$2
	shift 2
	tui_screen | sed 1d >"$T/before.txt"
	tui_keys F1
	tui_expect "$what: F1 opens the help" "$HELP_TITLE"
	help_clean "$what" "$rows"
	for text in "$@"; do
		t_lacks "$what: nothing of the form shows ($text)" "$(tui_screen)" "$text"
	done
	tui_keys Escape          # any key closes the help, and only that
	kiosk_expect_gone "$what: a key closes the help" "$CLOSE_HELP"
	tui_screen | sed 1d >"$T/after.txt"
	if cmp -s "$T/before.txt" "$T/after.txt"; then
		t_pass "$what: the form is redrawn whole, as before"
	else
		t_fail "$what: the form is redrawn whole, as before" \
			"$(diff "$T/before.txt" "$T/after.txt")"
	fi
}

kiosk_setup
t_clock "2026-11-23T01:00:00Z"
HELP_TITLE=$S_HELP_TITLE
tui_start
tui_expect "home screen" "$S_HOME_BRAND"

# ---- 80x24, Chinese: the log hours form --------------------------------
kiosk_open 2 "$M1_BADGE" "$M1_PIN"
tui_expect "log hours form" "$S_LOG_TEXT_BOX"
help_round "log hours, 80x24" 24 "$S_LOG_TEXT_BOX" "$S_LOG_DAYS" "0/200" "$S_DAY_TODAY"

# opened, then the terminal grows: the help is laid out again, as clean
tui_keys F1
tui_expect "F1 again" "$CLOSE_HELP"
tui_resize 100 30
wait_row 30 "$CLOSE_HELP"
help_clean "log hours, grown to 100x30 with the help open" 30
tui_keys Escape
kiosk_expect_gone "100x30: a key closes the help" "$CLOSE_HELP"
wait_row 30 "F1"
help_round "log hours, 100x30" 30 "$S_LOG_TEXT_BOX" "$S_LOG_DAYS"
tui_resize 80 24
wait_row 24 "F1"
tui_keys Escape
tui_expect "Esc: the panel" "$M1_NAME"
tui_keys Escape
tui_expect "home" "$S_HOME_BRAND"

# ---- 80x24, Chinese: the new commitment form ---------------------------
kiosk_open 3 "$M1_BADGE" "$M1_PIN"
tui_expect "my commitments" "$S_COMMIT_NEW_ITEM"
tui_keys Enter
tui_expect "the commitment form" "$S_COMMIT_FORM"
help_round "commitment form, 80x24" 24 "$S_COMMIT_FORM" "$S_COMMIT_PUBLIC"
t_is "nothing was written" "$(t_sql "SELECT count(*) FROM commitment")" 0

# ---- English, 80x24 and 120x40 -----------------------------------------
kiosk_stop_tmux
t_config kiosk "language = en"
HELP_TITLE="Help"
CLOSE_HELP="Close the help"
tui_start 80 24
tui_expect "en: home" "Check in / out"
tui_keys 2
tui_expect "en: the badge step" "Step 1 of 2: your badge"
kiosk_sign_in "$M1_BADGE" "$M1_PIN" "Type your PIN and press Enter."
tui_expect "en: log hours form" "What you did (required)"
help_round "en: log hours, 80x24" 24 "What you did (required)" "Pick the day" "0/200"
tui_resize 120 40
wait_row 40 "F1"
tui_expect "en: 120x40: the form" "What you did (required)"
help_round "en: log hours, 120x40" 40 "What you did (required)" "Pick the day"

kiosk_quit_clean
t_done
