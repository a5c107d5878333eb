# tests/cli/ledger.sh — `svcpoint ledger month|quarter|year`: the period
# in local time (an entry at local midnight of 1 November is November's,
# one a minute earlier October's), the aligned table with Chinese names,
# CSV and JSON with every entry (the voided one marked, with its reason
# and who voided it), -o FILE, the printed ledger read back by the
# project's ESC/POS decoder, and usage errors (exit 2). Fixture rows are
# written with the sqlite3 shell into a store made by `init --demo`.
. "$SVCPOINT_ROOT/tests/lib.sh"
t_setup

TOOLS=$(dirname "$SVCPOINT_BIN")/tools
OUT="$T/printer.out"

$SP init --demo >/dev/null 2>&1
t_is "demo members" "$(t_sql "SELECT name FROM member WHERE member_no = '90001'")" "陈志强"

NOW=2026-11-23T01:00:00.000Z
m() { echo "(SELECT id FROM member WHERE member_no = '$1')"; }
a() { echo "(SELECT id FROM activity_type WHERE code = '$1')"; }
E=01900000-0000-7000-8000-0000000000
t_sql "
INSERT INTO member(id, member_no, name, branch, role, pin_hash, created_at, updated_at)
 VALUES ('${E}a5', '10005', 'Li Si', '', 'member', 'x', '$NOW', '$NOW'),
        ('${E}a6', '10006', '欧阳', '第二党支部', 'member', 'x', '$NOW', '$NOW');
INSERT INTO service_entry(id, member_id, activity_id, kind, started_at,
  ended_at, minutes, round_minutes, note, status, verified_by, verified_at,
  created_at, updated_at)
 VALUES
 ('${E}e1', $(m 10001), $(a duty), 'visit', '2026-11-20T01:00:00.000Z',
  '2026-11-20T02:30:00.000Z', 90, 1, '', 'closed', NULL, NULL, '$NOW', '$NOW'),
 ('${E}e2', $(m 10002), $(a volunteer), 'logged', '2026-10-31T16:00:00.000Z',
  '2026-10-31T18:00:00.000Z', 120, 30, '送书上门', 'verified', $(m 90001),
  '2026-11-02T01:00:00.000Z', '$NOW', '$NOW'),
 ('${E}e3', $(m 10002), $(a volunteer), 'logged', '2026-10-31T15:59:00.000Z',
  '2026-10-31T16:59:00.000Z', 60, 30, '十月', 'verified', $(m 90001),
  '2026-11-02T01:00:00.000Z', '$NOW', '$NOW'),
 ('${E}e4', $(m 10003), $(a volunteer), 'logged', '2026-11-21T02:00:00.000Z',
  '2026-11-21T03:00:00.000Z', 60, 30, '清理小广告', 'pending', NULL, NULL,
  '$NOW', '$NOW'),
 ('${E}e6', '${E}a5', $(a duty), 'visit', '2026-11-22T01:00:00.000Z',
  '2026-11-22T01:30:00.000Z', 30, 1, '', 'closed', NULL, NULL, '$NOW', '$NOW'),
 ('${E}e7', '${E}a6', $(a duty), 'visit', '2026-11-22T03:00:00.000Z',
  '2026-11-22T07:00:00.000Z', 240, 1, '', 'closed', NULL, NULL, '$NOW', '$NOW');
INSERT INTO service_entry(id, member_id, activity_id, kind, started_at,
  ended_at, minutes, round_minutes, note, status, created_at, updated_at,
  voided_at, voided_by, void_reason)
 VALUES ('${E}e5', $(m 10001), $(a duty), 'visit', '2026-11-19T02:00:00.000Z',
  '2026-11-19T03:00:00.000Z', 60, 1, '', 'closed', '$NOW', '$NOW',
  '2026-11-19T04:00:00.000Z', $(m 90001), '刷错了卡');
INSERT INTO feedback(id, rating, comment, created_at)
 VALUES ('${E}f1', 5, '', '2026-11-10T01:00:00.000Z'),
        ('${E}f2', 4, '', '2026-11-11T01:00:00.000Z');
"
t_is "fixture entries" "$(t_sql "SELECT count(*) FROM service_entry")" 7
audit_before=$(t_sql "SELECT count(*) FROM audit_log")

# ---- help and usage errors --------------------------------------------------
t_ok "ledger --help" $SP ledger --help
t_contains "help names the kinds" "$(cat "$T/out")" "month|quarter|year"
t_contains "help names --print" "$(cat "$T/out")" "--print"
t_ok "ledger month --help" $SP ledger month --help
t_exit "no kind exits 2" 2 $SP ledger
t_exit "unknown kind exits 2" 2 $SP ledger week
t_exit "bad month exits 2" 2 $SP ledger month 2026-13
t_contains "the message names the period" "$(cat "$T/err")" "2026-13"
t_exit "a quarter is not a month" 2 $SP ledger month 2026-Q4
t_exit "a month is not a quarter" 2 $SP ledger quarter 2026-11
t_exit "bad quarter exits 2" 2 $SP ledger quarter 2026-Q5
t_exit "short year exits 2" 2 $SP ledger year 26
t_exit "escape sequence in the period exits 2" 2 $SP ledger year "2026$(printf '\033')[2J"
t_exit "unknown format exits 2" 2 $SP ledger month 2026-11 --format xml
t_exit "unknown option exits 2" 2 $SP ledger month --bogus
t_exit "second period exits 2" 2 $SP ledger month 2026-11 2026-12
t_exit "-o without a file exits 2" 2 $SP ledger month -o

# ---- the aligned table ------------------------------------------------------
t_ok "ledger month 2026-11" $SP ledger month 2026-11
cp "$T/out" "$T/table"
out=$(cat "$T/table")
t_contains "title" "$out" "$(t_tr "Monthly ledger")"
t_contains "station name" "$out" "测试服务点"
t_contains "station id" "$out" "test-001"
t_contains "period" "$out" "2026-11"
t_contains "period in local dates" "$out" "2026-11-01"
t_contains "last day" "$out" "2026-11-30"
t_contains "when it was produced" "$out" "2026-11-23 09:00"
t_contains "verified hours: 90+120+30+240 minutes" "$out" "8.0"
t_contains "member line" "$out" "张建国"
t_contains "ASCII name" "$out" "Li Si"
t_contains "activity" "$out" "志愿服务"
t_contains "voided entry listed" "$out" "刷错了卡"
t_contains "voided entry marked" "$out" "$(t_tr voided)"
t_contains "visitor feedback average" "$out" "4.5"
# 王秀英: the entry at local midnight of 1 November counts, the one a
# minute before is October's
t_is "王秀英's November hours" "$(grep '^10002 ' "$T/table" | awk '{print $4}')" "2.0"
# columns line up by display width: the verified hours start at the same
# column on every member line, whatever the name
hdr=$(t_tr "verified hours")
want=$(grep "^$(t_tr badge) " "$T/table" | head -1 | sed "s/$hdr.*//" | wc -L)
widths=$(grep -E '^1000[0-9] ' "$T/table" | while IFS= read -r line; do
	printf '%s\n' "$line" | sed -E 's/[0-9.]+ +[0-9.]+ +[0-9]+ +[0-9.]+$//' | wc -L
done | sort -u | tr '\n' ' ')
t_is "member columns line up (5 members)" "$(grep -cE '^1000[0-9] ' "$T/table")" 5
t_is "member columns line up by display width" "$widths" "$want "

# the current month by default (the clock says 2026-11-23)
t_ok "ledger month (current)" $SP ledger month
t_is "the current month is November" "$(cat "$T/out")" "$out"
t_ok "ledger month 2026-10" $SP ledger month 2026-10
t_contains "October holds the minute before midnight" "$(cat "$T/out")" "1.0"
t_lacks "October has no 张建国" "$(cat "$T/out")" "张建国"
t_clock "2026-12-31T16:30:00Z"
t_ok "ledger year on New Year's night" $SP ledger year
t_contains "it is 2027 locally" "$(cat "$T/out")" "2027-01-01"
t_ok "ledger quarter on New Year's night" $SP ledger quarter
t_contains "and 2027-Q1" "$(cat "$T/out")" "2027-Q1"
t_clock "2026-11-23T01:00:00Z"

# ---- CSV ------------------------------------------------------------------------
t_ok "csv" $SP ledger quarter 2026-Q4 --format csv
cp "$T/out" "$T/q4.csv"
csv=$(cat "$T/q4.csv")
t_is "csv starts with the key/value section" "$(head -1 "$T/q4.csv")" '"key","value"'
t_contains "csv period" "$csv" '"period","2026-Q4"'
t_contains "csv bounds in UTC" "$csv" '"from_utc","2026-09-30T16:00:00.000Z"'
t_contains "csv counts: voided apart" "$csv" '"voided","1"'
t_contains "csv verified minutes" "$csv" '"verified_minutes","540"'
t_contains "csv member line" "$csv" '"10006","欧阳","第二党支部","1","240","0","0","4.00"'
t_contains "csv entries header" "$csv" '"id","member_no","name","activity_code","activity","kind","started","ended","minutes","status","note","verified_by_no","verified_by","verified_at"'
t_contains "csv verified entry with who and when" "$csv" \
	"\"${E}e2\",\"10002\",\"王秀英\",\"volunteer\",\"志愿服务\",\"logged\",\"2026-11-01 00:00\",\"2026-11-01 02:00\",\"120\",\"verified\",\"送书上门\",\"90001\",\"陈志强\",\"2026-11-02 09:00\""
t_contains "csv voided entry with reason" "$csv" \
	"\"yes\",\"2026-11-19 12:00\",\"陈志强\",\"刷错了卡\",\"no\""
t_is "csv lists all 7 entries" "$(grep -c "^\"${E}e" "$T/q4.csv")" 7
t_ok "csv of November" $SP ledger month 2026-11 --format csv
t_lacks "November's csv lacks October's entry" "$(cat "$T/out")" "${E}e3"

# ---- JSON ---------------------------------------------------------------------
t_ok "json" $SP ledger month 2026-11 --format json
cp "$T/out" "$T/nov.json"
j() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$T/nov.json"; }
t_is "json station" "$(j 'd["station"]["name"]')" "测试服务点"
t_is "json period" "$(j 'd["period"]["first_day"] + " " + d["period"]["last_day"]')" "2026-11-01 2026-11-30"
t_is "json entries" "$(j 'len(d["entries"])')" 6
t_is "json verified minutes" "$(j 'd["summary"]["verified_minutes"]')" 480
t_is "json pending" "$(j 'd["summary"]["pending_entries"]')" 1
t_is "json members" "$(j '" ".join(m["member_no"] for m in d["members"])')" "10001 10002 10003 10005 10006"
t_is "json voided entry" "$(j '[e["void_reason"] for e in d["entries"] if e["voided"]][0]')" "刷错了卡"
t_is "json voided entry not counted" "$(j '[e["counted"] for e in d["entries"] if e["voided"]][0]')" "False"
t_is "json feedback average" "$(j 'd["summary"]["feedback_average"]')" "4.5"

# ---- -o FILE ------------------------------------------------------------------
t_ok "-o FILE" $SP ledger quarter 2026-Q4 --format csv -o "$T/export.csv"
t_is "nothing on the terminal" "$(cat "$T/out")" ""
t_is "the file holds the csv" "$(cmp -s "$T/export.csv" "$T/q4.csv" && echo same)" same
t_exit "-o into a missing folder fails" 1 $SP ledger month -o "$T/no/such/dir/x.csv"
t_is "no temporary file left" "$(ls "$T" | grep -c 'export.csv.')" 0

# ---- --print ------------------------------------------------------------------
rm -f "$OUT"
t_ok "ledger month --print" $SP ledger month 2026-11 --print
t_contains "says it printed" "$(cat "$T/out")" "2026-11"
"$TOOLS/escpos_decode" --cut "$OUT" >"$T/dec" 2>"$T/decerr"
t_is "the printed ledger decodes" "$?" 0
dec=$(cat "$T/dec")
t_contains "printed title" "$dec" "$(t_tr "Monthly ledger")"
t_contains "printed station" "$dec" "测试服务点"
t_contains "printed period" "$dec" "2026-11-01"
t_contains "printed member" "$dec" "10006 欧阳"
t_contains "printed voided reason" "$dec" "刷错了卡"
t_lacks "GB18030 on paper, not UTF-8" "$(cat "$OUT")" "测试服务点"
rm -f "$OUT"
t_ok "ledger year --print" $SP ledger year 2026 --print
"$TOOLS/escpos_decode" --cut "$OUT" >"$T/dec" 2>"$T/decerr"
t_is "the annual ledger decodes" "$?" 0
t_contains "annual title" "$(cat "$T/dec")" "$(t_tr "Annual ledger")"

# ---- English, and nothing written ----------------------------------------------
sed 's/^language = zh_CN$/language = en/' "$CONF" >"$T/en.conf"
t_ok "English table" $SVCPOINT_BIN -c "$T/en.conf" ledger month 2026-11
t_contains "English title" "$(cat "$T/out")" "Monthly ledger"
t_contains "English activity name" "$(cat "$T/out")" "Volunteer service"
t_is "the ledger wrote nothing" "$(t_sql "SELECT count(*) FROM audit_log")" "$audit_before"

t_done
