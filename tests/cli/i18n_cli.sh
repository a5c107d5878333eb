# tests/cli/i18n_cli.sh — the command line speaks the configured language
# throughout: a person's name is 姓名 (a brand's stays 名称), the shift
# summary's per-activity lines and the shift ledger's statuses are
# translated, and a PERIOD of the wrong kind is refused in one whole
# sentence naming the kind. The same in English with language = en.
. "$SVCPOINT_ROOT/tests/lib.sh"
t_setup

$SP init --demo >/dev/null 2>&1
t_ok "a shift opens" $SP shift open --staff 90001
SHIFT=$(t_sql "SELECT id FROM shift")
NOW=2026-11-23T01:00:00.000Z
m() { echo "(SELECT id FROM member WHERE member_no = '$1')"; }
a() { echo "(SELECT id FROM activity_type WHERE code = '$1')"; }
E=01900000-0000-7000-8000-0000000000
t_sql "
INSERT INTO service_entry(id, member_id, activity_id, shift_id, kind,
  started_at, ended_at, minutes, round_minutes, note, status, created_at,
  updated_at)
 VALUES
 ('${E}e1', $(m 10001), $(a duty), '$SHIFT', 'visit', '2026-11-23T00:00:00.000Z',
  '2026-11-23T00:45:00.000Z', 45, 1, '', 'closed', '$NOW', '$NOW'),
 ('${E}e2', $(m 10002), $(a duty), '$SHIFT', 'visit', '2026-11-23T00:30:00.000Z',
  NULL, NULL, 1, '', 'open', '$NOW', '$NOW');
"
t_is "fixture entries" "$(t_sql "SELECT count(*) FROM service_entry")" 2

ZH_MIN=$(printf "$(t_tr '%s: %d entries, %d min\n')" 值班服务 2 45)
EN_MIN=$(printf "$(t_tr '%s: %d entries, %d min\n' en)" "Duty at the service point" 2 45)

# ---- Chinese (the default) ---------------------------------------------------
t_ok "member list" $SP member list
t_contains "members: a person's name" "$(head -1 "$T/out")" \
	"$(t_trc person Name)"
t_lacks "members: not a thing's name" "$(head -1 "$T/out")" "$(t_tr Name)"
t_ok "log list" $SP log list
t_contains "entries: a person's name" "$(head -1 "$T/out")" \
	"$(t_trc person name)"
t_ok "brand show" $SP brand show
t_contains "the brand's name stays a name of a thing" "$(cat "$T/out")" \
	"$(t_tr Name)"

t_ok "shift status" $SP shift status
t_contains "shift status: the activity line in Chinese" "$(cat "$T/out")" \
	"  $ZH_MIN"
t_ok "shift ledger" $SP shift ledger
ledger=$(cat "$T/out")
t_contains "shift ledger: an open visit in Chinese" "$ledger" \
	"$(t_trc "entry status" open)"
t_contains "shift ledger: a closed one" "$ledger" "$(t_tr closed)"
t_lacks "shift ledger: no English status" "$ledger" "  open"

t_exit "a quarter is not a month" 2 $SP ledger month 2026-Q4
t_contains "said in Chinese, whole" "$(cat "$T/err")" \
	"$(printf "$(t_tr "'%s' is not a month; write it as YYYY-MM")" 2026-Q4)"
t_exit "a month is not a quarter" 2 $SP ledger quarter 2026-11
t_contains "the quarter's sentence" "$(cat "$T/err")" \
	"$(printf "$(t_tr "'%s' is not a quarter; write it as YYYY-QN")" 2026-11)"
t_exit "a month is not a year" 2 $SP ledger year 2026-11
t_contains "the year's sentence" "$(cat "$T/err")" \
	"$(printf "$(t_tr "'%s' is not a year; write it as YYYY")" 2026-11)"

# ---- English -----------------------------------------------------------------
t_config kiosk "language = en"
t_ok "en: member list" $SP member list
t_contains "en: Name" "$(head -1 "$T/out")" "Name"
t_ok "en: shift status" $SP shift status
t_contains "en: the activity by its English name" "$(cat "$T/out")" "  $EN_MIN"
t_ok "en: shift ledger" $SP shift ledger
t_contains "en: the open visit" "$(cat "$T/out")" "  open"
t_exit "en: a quarter is not a month" 2 $SP ledger month 2026-Q4
t_contains "en: the month's sentence" "$(cat "$T/err")" \
	"'2026-Q4' is not a month; write it as YYYY-MM"

t_done
