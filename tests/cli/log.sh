# tests/cli/log.sh — `svcpoint log list`: filters, the three formats,
# local-time display and exit codes, on fixture rows written with the
# sqlite3 shell into a store made by `svcpoint init`.
. "$SVCPOINT_ROOT/tests/lib.sh"

t_setup

t_ok "init makes a store" $SP init

E1=01900000-0000-7000-8000-0000000000e1
E2=01900000-0000-7000-8000-0000000000e2
E3=01900000-0000-7000-8000-0000000000e3
E4=01900000-0000-7000-8000-0000000000e4
M1=01900000-0000-7000-8000-0000000000a1
M2=01900000-0000-7000-8000-0000000000a2
A1=01900000-0000-7000-8000-0000000000c1
NOW=2026-11-23T01:00:00.000Z

# Times are UTC; Asia/Shanghai is 8 hours ahead. E2 starts at local
# midnight of 2026-11-22, which is still the 21st in UTC.
t_sql "
INSERT INTO member(id, member_no, name, role, pin_hash, created_at, updated_at)
 VALUES ('$M1', 'T1001', '张三丰', 'member', 'x', '$NOW', '$NOW'),
        ('$M2', 'T1002', 'Li Si', 'member', 'x', '$NOW', '$NOW');
INSERT INTO activity_type(id, code, name, name_en, created_at)
 VALUES ('$A1', 'test-desk', '值班服务', 'Desk duty', '$NOW');
INSERT INTO service_entry(id, member_id, activity_id, kind, started_at,
  ended_at, minutes, round_minutes, note, status, created_at, updated_at)
 VALUES ('$E1', '$M1', '$A1', 'visit', '2026-11-20T01:00:00.000Z',
         '2026-11-20T02:30:00.000Z', 90, 1, '整理书架', 'closed', '$NOW', '$NOW'),
        ('$E2', '$M2', '$A1', 'logged', '2026-11-21T16:00:00.000Z',
         '2026-11-21T17:00:00.000Z', 60, 30, 'delivered, \"books\"', 'pending',
         '$NOW', '$NOW'),
        ('$E3', '$M1', '$A1', 'visit', '2026-11-23T00:30:00.000Z',
         NULL, NULL, 1, '', 'open', '$NOW', '$NOW');
INSERT INTO service_entry(id, member_id, activity_id, kind, started_at,
  ended_at, minutes, round_minutes, note, status, created_at, updated_at,
  voided_at, void_reason)
 VALUES ('$E4', '$M1', '$A1', 'visit', '2026-11-19T02:00:00.000Z',
         '2026-11-19T03:00:00.000Z', 60, 1, '', 'closed', '$NOW', '$NOW',
         '$NOW', 'wrong badge');
"
t_is "fixture rows are in" "$(t_sql "SELECT count(*) FROM service_entry WHERE id LIKE '01900000-%'")" 4

# --- the aligned table ---------------------------------------------------
t_ok "log list runs" $SP log list --member T1001
out=$(cat "$T/out")
t_contains "table shows the Chinese name" "$out" "张三丰"
t_contains "table shows the short id" "$out" "01900000-0000 "
t_lacks "table does not show the full id" "$out" "$E1"
t_contains "started is local time" "$out" "2026-11-20 09:00"
t_contains "ended is local time" "$out" "2026-11-20 10:30"
t_contains "the note is shown" "$out" "整理书架"
first=$(sed -n 2p "$T/out")
t_contains "newest first: the open visit leads" "$first" "2026-11-23 08:30"
t_is "three rows for the member" "$(grep -c '01900000' "$T/out")" 3
t_lacks "other members are left out" "$out" "Li Si"

# --- CSV -----------------------------------------------------------------
t_ok "csv runs" $SP log list --format csv
csv=$(cat "$T/out")
t_is "csv header" "$(head -1 "$T/out" | tr -d '\r')" \
	'"id","member_no","name","activity","kind","status","started","ended","minutes","note"'
t_contains "csv has the full id" "$csv" "$E1"
t_contains "csv quotes commas and quotes" "$csv" '"delivered, ""books"""'
t_contains "csv uses stored status names" "$csv" '"visit","closed",'
t_contains "csv marks the voided entry" "$csv" \
	"\"$E4\",\"T1001\",\"张三丰\",\"值班服务\",\"visit\",\"voided\","
t_contains "csv row of a closed visit" "$csv" \
	"\"$E1\",\"T1001\",\"张三丰\",\"值班服务\",\"visit\",\"closed\",\"2026-11-20 09:00\",\"2026-11-20 10:30\",\"90\",\"整理书架\""
t_contains "an open visit has no end and no minutes" "$csv" \
	"\"$E3\",\"T1001\",\"张三丰\",\"值班服务\",\"visit\",\"open\",\"2026-11-23 08:30\",\"\",\"\",\"\""
t_is "csv newest first" "$(sed -n 2p "$T/out" | cut -d, -f1 | tr -d '"')" "$E3"

# --- JSON ----------------------------------------------------------------
t_ok "json runs" $SP log list --member T1002 --format json
cp "$T/out" "$T/log.json"
t_is "json is one array with one entry" \
	"$(sqlite3 -batch :memory: "SELECT json_array_length(readfile('$T/log.json'))")" 1
t_is "json carries the fields" \
	"$(sqlite3 -batch :memory: "SELECT json_extract(readfile('$T/log.json'), '\$[0].member_no') || '|' || json_extract(readfile('$T/log.json'), '\$[0].kind') || '|' || json_extract(readfile('$T/log.json'), '\$[0].status') || '|' || json_extract(readfile('$T/log.json'), '\$[0].note') || '|' || json_extract(readfile('$T/log.json'), '\$[0].started')")" \
	'T1002|logged|pending|delivered, "books"|2026-11-22 00:00'

# --- filters by local date ------------------------------------------------
t_ok "since" $SP log list --since 2026-11-22 --format csv
t_is "since a local date counts local midnight" \
	"$(grep -c '^"01900000' "$T/out")" 2
t_ok "until" $SP log list --until 2026-11-21 --format csv
t_lacks "until a local date excludes the next local day" "$(cat "$T/out")" "$E2"
t_is "until keeps the earlier ones" "$(grep -c '^"01900000' "$T/out")" 2
t_ok "one day" $SP log list --since 2026-11-20 --until 2026-11-20 --format csv
t_is "since and until together" "$(grep '^"01900000' "$T/out" | cut -d, -f1 | tr -d '"')" "$E1"
t_ok "limit" $SP log list --member T1001 --limit 1 --format csv
t_is "limit keeps the newest" "$(grep '^"01900000' "$T/out" | cut -d, -f1 | tr -d '"')" "$E3"

# --- mistakes ----------------------------------------------------------------
t_exit "unknown member exits 1" 1 $SP log list --member NOBODY
t_contains "unknown member is named" "$(cat "$T/err")" "NOBODY"
t_exit "bad date exits 2" 2 $SP log list --since 2026-13-01
t_contains "bad date is named" "$(cat "$T/err")" "2026-13-01"
t_exit "a word is not a date" 2 $SP log list --until yesterday
t_exit "bad format exits 2" 2 $SP log list --format xml
t_exit "limit must be positive" 2 $SP log list --limit 0
t_exit "unknown option exits 2" 2 $SP log list --colour
t_exit "missing value exits 2" 2 $SP log list --member
t_exit "stray argument exits 2" 2 $SP log list extra
t_exit "log without a subcommand exits 2" 2 $SP log
t_exit "unknown subcommand exits 2" 2 $SP log purge
t_ok "help" $SP log list --help
t_contains "help names the options" "$(cat "$T/out")" "--member"
t_ok "log --help" $SP log --help
t_is "nothing was changed" \
	"$(t_sql "SELECT count(*) FROM service_entry WHERE id LIKE '01900000-%'")" 4

t_done
