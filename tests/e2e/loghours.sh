#!/bin/sh
# loghours.sh — Log service hours: a valid entry is saved as pending with
# the chosen day's local midnight, the hours and the description exactly;
# an empty description, a 13th hour in a day and a day past backfill_days
# are each refused with a sentence and write nothing; the same flow in
# English with language = en.
#
# A day more than backfill_days back cannot be chosen at all (the list and
# Left stop at the oldest day); the core's own date check is reached by
# letting midnight pass while the oldest day is chosen.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"

NOTE="送书上门，帮助李奶奶整理书架"

logged() {
	t_sql "SELECT count(*) FROM service_entry WHERE kind = 'logged'"
}

kiosk_setup
t_clock "2026-11-23T01:00:00Z"   # Monday 09:00 in Asia/Shanghai
tui_start
tui_expect "home screen" "$S_HOME_BRAND"

# ---- the days offered: today back to backfill_days (7), no further ----
kiosk_open 2 "$M1_BADGE" "$M1_PIN"
tui_expect "home item 2 goes straight to the form" "$S_LOG_DAYS"
screen=$(tui_screen)
t_contains "today is offered first" "$screen" "$S_DAY_TODAY"
t_contains "yesterday is offered" "$screen" "$S_DAY_YESTERDAY"
t_contains "the oldest day offered is 7 days back" "$screen" "$S_DAY_OLDEST"
t_lacks "8 days back is not offered" "$screen" "$S_DAY_TOO_OLD"
tui_keys Left Left Left Left Left Left Left
tui_expect "Left moves back a day at a time" "< $S_DAY_OLDEST >"
tui_keys Left
tui_expect "Left past the oldest day is refused with a sentence" "$S_LOG_DATE_LIMIT"
screen=$(tui_screen)
t_contains "the oldest day stays chosen" "$screen" "< $S_DAY_OLDEST >"
t_lacks "8 days back never shows" "$screen" "$S_DAY_TOO_OLD"

kiosk_click "$S_DAY_3"
tui_expect "a click (touch) on a day in the list picks it" "< $S_DAY_3 >"

# ---- a valid entry: yesterday, 1.5 hours, the second activity ----------
tui_keys 2                       # a number picks from the day list
tui_expect "a number picks yesterday" "< $S_DAY_YESTERDAY >"
tui_keys Down
tui_type "1.5"
tui_expect "typed hours show in half-hour steps" "$S_HOURS_1_5"
tui_keys Down Right
tui_expect "Right picks the next activity" "< $ACT2_NAME >"
tui_keys Down
tui_type "$NOTE"
tui_expect "the description shows as typed" "$NOTE"
t_is "nothing written before saving" "$(logged)" 0
tui_keys Enter
tui_expect "saved, and told it is pending" "$S_SAVED_LOGGED"
screen=$(tui_screen)
t_contains "confirmation reads back the hours" "$screen" "$S_DURATION_90"
t_contains "confirmation reads back the description" "$screen" "$NOTE"
t_contains "confirmation reads back the activity" "$screen" "$ACT2_NAME"
t_contains "confirmation shows the pending status" "$screen" "$S_PENDING"
t_is "one logged entry, pending, 90 minutes, from local midnight of 22 Nov" \
	"$(t_sql "SELECT e.kind, e.status, e.minutes, e.started_at, a.code
		FROM service_entry e JOIN activity_type a ON a.id = e.activity_id")" \
	"logged|pending|90|2026-11-21T16:00:00.000Z|volunteer"
t_is "the description is stored exactly" "$(t_sql "SELECT note FROM service_entry")" "$NOTE"
t_is "it belongs to the member" \
	"$(t_sql "SELECT m.member_no FROM service_entry e JOIN member m ON m.id = e.member_id")" \
	"$M1_BADGE"
tui_keys Enter                   # a second Enter: home, never a second entry
tui_expect "a second Enter goes home" "$S_HOME_BRAND"
t_is "the second Enter wrote nothing" "$(logged)" 1

# ---- an empty description is refused ------------------------------------
kiosk_open 2 "$M1_BADGE" "$M1_PIN"
tui_expect "the form again" "$S_LOG_DAYS"
tui_keys Down Down Down
tui_keys Enter
tui_expect "an empty description is refused" "$S_LOG_EMPTY"
tui_type "   "
tui_keys Enter
tui_expect "spaces only are refused too" "$S_LOG_EMPTY"
t_is "nothing written for an empty description" "$(logged)" 1

# ---- 8 hours today, then 5 more: the 13th hour is refused ---------------
tui_keys BSpace BSpace BSpace
tui_type "第一段"
tui_keys Up Up                   # back to the hours
tui_type "8"
tui_expect "8 hours typed" "$S_HOURS_8"
tui_keys Down Down Enter
tui_expect "8 hours today saved" "$S_SAVED_LOGGED"
t_is "two logged entries" "$(logged)" 2
tui_keys Space
tui_expect "home" "$S_HOME_BRAND"

kiosk_open 2 "$M1_BADGE" "$M1_PIN"
tui_expect "the form again" "$S_LOG_DAYS"
tui_keys Down
tui_type "5"
tui_expect "5 hours typed" "$S_HOURS_5"
tui_expect "the hours field tells what is on record for the day" "已记录 8"
tui_keys Down Down
tui_type "第二段"
tui_keys Enter
tui_expect "a 13th hour in a day is refused" "$S_LOG_TOO_MANY"
t_contains "the sentence says what is on record" "$(tui_screen)" "$S_DURATION_8H"
t_is "nothing written for 13 hours" "$(logged)" 2
t_is "today holds 8 hours" \
	"$(t_sql "SELECT sum(minutes) FROM service_entry WHERE started_at = '2026-11-22T16:00:00.000Z'")" 480
# the refusal kept the form: 4 hours make exactly 12, which is allowed
tui_type "4"
tui_expect "4 hours typed" "$S_HOURS_4"
tui_keys Down Down Enter
tui_expect "12 hours in a day are allowed" "$S_SAVED_LOGGED"
t_is "today holds 12 hours" \
	"$(t_sql "SELECT sum(minutes) FROM service_entry WHERE started_at = '2026-11-22T16:00:00.000Z'")" 720
tui_keys Space
tui_expect "home" "$S_HOME_BRAND"

# ---- a day too far back: midnight passes with the oldest day chosen -----
t_clock "2026-11-23T15:59:30Z"   # 23:59:30 local
kiosk_open 2 "$M1_BADGE" "$M1_PIN"
tui_expect "the form again" "$S_LOG_DAYS"
tui_keys Left Left Left Left Left Left Left
tui_expect "the oldest day chosen" "< $S_DAY_OLDEST >"
tui_keys Down Down Down
tui_type "过了午夜"
t_clock "2026-11-23T16:00:10Z"   # 00:00:10 on Tuesday: now 8 days back
tui_keys Enter
tui_expect "a day more than 7 days back is refused" "$S_LOG_DATE_REFUSED"
t_is "nothing written for a day too far back" "$(logged)" 3
tui_keys Escape
tui_expect "Esc goes back to the member's panel" "$M1_NAME"
t_is "and saves nothing" "$(logged)" 3
kiosk_quit_clean

# ---- the same flow in English --------------------------------------------
E_FORM="What you did (required)"
E_TODAY="Mon 23 Nov (today)"
E_ACTIVITY="Volunteer service"
E_SAVED="Saved. These hours are pending until station staff check them:"
E_HOURS="2 h"
E_PENDING="pending"

kiosk_stop_tmux
t_config kiosk "language = en"
t_clock "2026-11-23T01:00:00Z"
tui_start
tui_expect "en: home" "Log service hours"
tui_keys 2
tui_expect "en: badge step" "Step 1 of 2: your badge"
kiosk_sign_in "$M2_BADGE" "$M2_PIN" "Type your PIN and press Enter."
tui_expect "en: the form" "$E_FORM"
tui_expect "en: today" "$E_TODAY"
tui_keys Down Right Right
tui_expect "en: hours" "< $E_HOURS >"
tui_keys Down Right
tui_expect "en: activities by their English names" "$E_ACTIVITY"
tui_keys Down
tui_type "Cleaned the reading room"
tui_keys Enter
tui_expect "en: saved as pending" "$E_SAVED"
tui_expect "en: status" "$E_PENDING"
t_is "en: stored" \
	"$(t_sql "SELECT e.status, e.minutes, e.note FROM service_entry e JOIN member m ON m.id = e.member_id WHERE m.member_no = '$M2_BADGE'")" \
	"pending|120|Cleaned the reading room"
kiosk_quit_clean
t_done
