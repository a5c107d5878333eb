# tests/cli/central_ledger.sh — `svcpoint central ledger`: two stations
# with the central roster and their own demo members, entries of every
# kind (closed, verified, pending, rejected, open, voided; at the edges of
# local months and years), commitments and ratings, push to a throwaway
# central; then a void and a verification after the first push reach it
# at a new revision. For a month, a quarter and a year, the central's
# figures of each station equal that station's own `svcpoint ledger`
# (summary, activities, roster members), and the all-stations figures add
# up, a member who served at both stations counted once. Also: sync
# health as `central status` computes it, an unknown station, bad and
# empty periods, an uninitialised database, table/CSV/JSON shapes, -o.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/pg.sh"

t_setup
pg_start
# The committee's periods are in its config's time zone.
printf '\n[station]\ntimezone = Asia/Shanghai\n' >>"$T/central/svcpoint.conf"
export SVCPOINT_CLOCK_FILE="$T/clock"
$CENTRAL_SP central init >/dev/null 2>&1 || t_fail "central init"

cat >"$T/roster.csv" <<'CSV'
member_no,name,branch,role,pin
20001,赵红梅,第一党支部,member,1234
20002,孙建军,第一党支部,member,2345
29001,周敏,第二党支部,staff,9876
CSV
NOW=2026-11-23T01:00:00.000Z
for s in a1 a2; do
	pg_station "$s"
	eval "sp=\$${s}_SP"
	$sp init --demo >/dev/null 2>&1 || t_fail "init $s"
done
# PINs hashed with the pepper the stations share (made by the first init)
t_ok "central roster import" $CENTRAL_SP central member import "$T/roster.csv"
for s in a1 a2; do
	eval "sp=\$${s}_SP"
	t_ok "$s pulls the roster" $sp sync pull
done

# seed DB PREFIX ROWS: entries, commitments and ratings for one station,
# written with the sqlite3 shell through the change-log triggers. ROWS
# are "n|member_no|activity|kind|status|started|minutes|extra" lines;
# extra is "void" for an entry voided at once.
seed() {
	db=$1; p=$2
	sql="PRAGMA foreign_keys = ON; BEGIN;"
	while IFS='|' read -r n no act kind st start min extra; do
		[ -n "$n" ] || continue
		if [ "$st" = open ]; then end=NULL; mins=NULL
		else end="'$start'"; mins=$min; fi
		rej=NULL; vat=NULL; vby=NULL; vre=NULL
		[ "$st" = rejected ] && rej="'not ours'"
		if [ "$extra" = void ]; then
			vat="'$NOW'"; vre="'刷错了卡'"
			vby="(SELECT id FROM member WHERE member_no = '29001')"
		fi
		sql="$sql INSERT INTO service_entry(id, member_id, activity_id, kind,
 started_at, ended_at, minutes, round_minutes, note, status, reject_reason,
 voided_at, voided_by, void_reason, created_at, updated_at) VALUES
 ('$p-0000-7000-8000-0000000000$n',
  (SELECT id FROM member WHERE member_no = '$no'),
  (SELECT id FROM activity_type WHERE code = '$act'), '$kind', '$start', $end,
  $mins, 1, '', '$st', $rej, $vat, $vby, $vre, '$NOW', '$NOW');"
	done
	sqlite3 -batch "$db" "$sql COMMIT;" || t_fail "seed $p"
}

# a1: 20001 and 20002 from the roster, 10001 its own demo member.
seed "$a1_DB" 000000a1 <<'ROWS'
01|20001|duty|visit|closed|2026-11-20T01:00:00.000Z|90|
02|20002|volunteer|logged|verified|2026-10-31T16:00:00.000Z|120|
03|20002|volunteer|logged|verified|2026-10-31T15:59:00.000Z|60|
04|20001|volunteer|logged|pending|2026-11-21T02:00:00.000Z|60|
05|10001|duty|visit|closed|2026-11-19T02:00:00.000Z|60|void
06|20002|volunteer|logged|rejected|2026-11-22T02:00:00.000Z|30|
07|10001|duty|visit|open|2026-11-22T03:00:00.000Z||
08|20001|volunteer|logged|pending|2026-11-10T02:00:00.000Z|45|
09|20002|duty|visit|closed|2026-11-12T02:00:00.000Z|100|
10|20001|theme_day|logged|verified|2026-12-05T02:00:00.000Z|240|
11|10001|duty|visit|closed|2026-03-01T02:00:00.000Z|30|
12|20001|duty|visit|closed|2025-12-31T15:59:00.000Z|15|
ROWS
# a2: 20001 serves here too; 29001 the roster's staff, 10002 a demo member.
seed "$a2_DB" 000000a2 <<'ROWS'
01|20001|duty|visit|closed|2026-11-15T01:00:00.000Z|30|
02|29001|theme_day|logged|verified|2026-11-30T16:00:00.000Z|180|
03|10002|volunteer|logged|pending|2026-11-16T01:00:00.000Z|90|
04|10002|duty|visit|closed|2026-11-17T01:00:00.000Z|75|void
05|20001|volunteer|logged|verified|2026-11-30T15:59:00.000Z|50|
ROWS

mid() { echo "(SELECT id FROM member WHERE member_no = '$1')"; }
sqlite3 -batch "$a1_DB" "
INSERT INTO commitment(id, member_id, text, due_date, status, fulfilled_at,
  verified_by, verified_at, created_at, updated_at) VALUES
 ('000000a1-0000-7000-8000-0000000000c1', $(mid 20001), '每月送书', '2026-11-30',
  'fulfilled', '2026-11-17T01:00:00.000Z', $(mid 29001), '2026-11-18T01:00:00.000Z',
  '2026-11-05T01:00:00.000Z', '$NOW'),
 ('000000a1-0000-7000-8000-0000000000c2', $(mid 20002), '清理小广告', '2026-11-10',
  'open', NULL, NULL, NULL, '2026-11-02T01:00:00.000Z', '$NOW'),
 ('000000a1-0000-7000-8000-0000000000c3', $(mid 10001), '结对帮扶', '2026-12-20',
  'open', NULL, NULL, NULL, '2026-10-20T01:00:00.000Z', '$NOW');
INSERT INTO feedback(id, rating, comment, created_at) VALUES
 ('000000a1-0000-7000-8000-0000000000f1', 5, '', '2026-11-10T01:00:00.000Z'),
 ('000000a1-0000-7000-8000-0000000000f2', 4, '', '2026-11-11T01:00:00.000Z'),
 ('000000a1-0000-7000-8000-0000000000f3', 2, '', '2026-12-11T01:00:00.000Z');"
sqlite3 -batch "$a2_DB" "
INSERT INTO commitment(id, member_id, text, due_date, status, fulfilled_at,
  verified_by, verified_at, created_at, updated_at) VALUES
 ('000000a2-0000-7000-8000-0000000000c1', $(mid 20001), '政策宣讲', '2026-11-25',
  'fulfilled_pending', '2026-11-19T01:00:00.000Z', NULL, NULL,
  '2026-11-06T01:00:00.000Z', '$NOW'),
 ('000000a2-0000-7000-8000-0000000000c2', $(mid 29001), '值班', '2026-11-28',
  'fulfilled', '2026-11-20T01:00:00.000Z', $(mid 29001), '2026-11-21T01:00:00.000Z',
  '2026-11-07T01:00:00.000Z', '$NOW');
INSERT INTO commitment(id, member_id, text, due_date, status, created_at,
  updated_at, voided_at, voided_by, void_reason) VALUES
 ('000000a2-0000-7000-8000-0000000000c3', $(mid 10002), '重复', '2026-11-09',
  'open', '2026-11-08T01:00:00.000Z', '$NOW', '$NOW', $(mid 29001), '重复录入');
INSERT INTO feedback(id, rating, comment, created_at) VALUES
 ('000000a2-0000-7000-8000-0000000000f1', 3, '', '2026-11-12T01:00:00.000Z');"

t_ok "a1 pushes" $a1_SP sync push
t_ok "a2 pushes" $a2_SP sync push

# ---- a revision after the first push ----------------------------------------
E08=000000a1-0000-7000-8000-000000000008
E09=000000a1-0000-7000-8000-000000000009
rev1=$(pg_psql "SELECT revision FROM service_entry WHERE id = '$E08'")
sqlite3 "$a1_DB" "UPDATE service_entry SET status = 'verified',
  verified_by = $(mid 29001), verified_at = '2026-11-23T00:30:00.000Z',
  updated_at = '2026-11-23T00:30:00.000Z' WHERE id = '$E08'"
t_ok "a1 voids an entry already pushed" \
	$a1_SP log void $E09 --staff 29001 --reason "记错了"
t_ok "a1 pushes again" $a1_SP sync push
t_ok "the verification arrived at a new revision" test \
	"$(pg_psql "SELECT revision FROM service_entry WHERE id = '$E08'")" -gt "$rev1"
t_is "each entry is one row at the central" \
	"$(pg_psql "SELECT count(*), count(DISTINCT id) FROM service_entry WHERE station_id = 'a1'")" "12|12"
t_is "the void arrived" \
	"$(pg_psql "SELECT void_reason FROM service_entry WHERE id = '$E09'")" "记错了"

# Fixed push times, so "pushed after the period" does not follow the wall
# clock: a1 after November (local), a2 before its end.
pg_psql "UPDATE station SET last_push_at = '2026-12-02T00:00:00Z' WHERE station_id = 'a1';
UPDATE station SET last_push_at = '2026-11-25T00:00:00Z' WHERE station_id = 'a2'"

# ---- the numbers agree with each station's own ledger -----------------------
# compare.py STATION.json CENTRAL.json: the central's line for the station
# against the station's summary, activities and roster members.
cat >"$T/compare.py" <<'PY'
import json, sys
st = json.load(open(sys.argv[1]))
ce = json.load(open(sys.argv[2]))
sid = st["station"]["id"]
bad = []
line = [s for s in ce["stations"] if s["station_id"] == sid]
if len(line) != 1:
    bad.append("no line for %s" % sid)
else:
    line = line[0]
    for k, v in st["summary"].items():
        w = line.get(k)
        if k == "feedback_average" and v is not None and w is not None:
            v, w = round(v, 6), round(w, 6)
        if v != w:
            bad.append("%s: station %r, central %r" % (k, v, w))
if ce["station"] == sid:
    for k, v in st["summary"].items():
        if k != "feedback_average" and ce["summary"][k] != v:
            bad.append("summary %s: %r vs %r" % (k, v, ce["summary"][k]))
    key = lambda a: (a["activity_code"], a["entries"], a["verified_minutes"],
                     a["pending_minutes"])
    if [key(a) for a in st["activities"]] != [key(a) for a in ce["activities"]]:
        bad.append("activities differ: %r vs %r" % (st["activities"], ce["activities"]))
    mk = lambda m: (m["member_no"], m["entries"], m["verified_minutes"],
                    m["pending_minutes"], m["commitments_fulfilled"])
    roster = [mk(m) for m in st["members"] if m["member_no"].startswith("2")]
    known = [mk(m) for m in ce["members"] if m["member_no"]]
    if roster != known:
        bad.append("members differ: %r vs %r" % (roster, known))
    own = [m for m in st["members"] if not m["member_no"].startswith("2")]
    other = [m for m in ce["members"] if not m["member_no"]]
    if sorted(m["entries"] for m in own) != sorted(m["entries"] for m in other):
        bad.append("station members differ: %r vs %r" % (own, other))
print("; ".join(bad) if bad else "same")
PY
# total.py A1.json A2.json CENTRAL.json: the all-stations summary is the
# sum of the stations', members served counted once across them.
cat >"$T/total.py" <<'PY'
import json, sys
a = [json.load(open(p)) for p in sys.argv[1:3]]
ce = json.load(open(sys.argv[3]))
bad = []
for k in a[0]["summary"]:
    if k in ("feedback_average", "members_served"):
        continue
    want = sum(s["summary"][k] for s in a)
    if ce["summary"][k] != want:
        bad.append("%s: %r, stations add up to %r" % (k, ce["summary"][k], want))
served = set()
for s in a:
    for e in s["entries"]:
        if not e["voided"]:
            no = e["member_no"]
            served.add(no if no.startswith("2") else s["station"]["id"] + no)
if ce["summary"]["members_served"] != len(served):
    bad.append("members_served %r, want %d" % (ce["summary"]["members_served"], len(served)))
n = sum(s["summary"]["feedback"] for s in a)
if n:
    avg = sum(s["summary"]["feedback"] * s["summary"]["feedback_average"]
              for s in a if s["summary"]["feedback"]) / n
    if abs(ce["summary"]["feedback_average"] - avg) > 1e-9:
        bad.append("feedback_average %r, want %r" % (ce["summary"]["feedback_average"], avg))
print("; ".join(bad) if bad else "same")
PY

for spec in "month 2026-11" "quarter 2026-Q4" "year 2026"; do
	kind=${spec% *}; p=${spec#* }
	for s in a1 a2; do
		eval "sp=\$${s}_SP"
		$sp ledger "$kind" "$p" --format json >"$T/$s.$kind.json" 2>"$T/err" ||
			t_fail "$s ledger $kind $p"
		t_ok "central ledger --$kind $p --station $s" \
			$CENTRAL_SP central ledger "--$kind" "$p" --station "$s" --format json
		cp "$T/out" "$T/c-$s.$kind.json"
		t_is "$kind $p: the central agrees with $s's own ledger" \
			"$(python3 "$T/compare.py" "$T/$s.$kind.json" "$T/c-$s.$kind.json")" same
	done
	t_ok "central ledger --$kind $p" \
		$CENTRAL_SP central ledger "--$kind" "$p" --format json
	cp "$T/out" "$T/c.$kind.json"
	for s in a1 a2; do
		t_is "$kind $p: the all-stations ledger's line for $s agrees" \
			"$(python3 "$T/compare.py" "$T/$s.$kind.json" "$T/c.$kind.json")" same
	done
	t_is "$kind $p: the total adds up the stations" \
		"$(python3 "$T/total.py" "$T/a1.$kind.json" "$T/a2.$kind.json" "$T/c.$kind.json")" same
done

j() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
M="$T/c.month.json"
# November at a1: 01 90 + 02 120 + 08 45 (verified after the first push);
# 03 is October's, 04 pending, 05 and 09 voided, 06 rejected, 07 open.
t_is "a1 November verified minutes" \
	"$(j "$M" '[s["verified_minutes"] for s in d["stations"] if s["station_id"] == "a1"][0]')" 255
t_is "a1 November: voided before and after the push" \
	"$(j "$M" '[s["voided"] for s in d["stations"] if s["station_id"] == "a1"][0]')" 2
t_is "a1 November: the rejected entry" \
	"$(j "$M" '[s["rejected"] for s in d["stations"] if s["station_id"] == "a1"][0]')" 1
t_is "the total of November" "$(j "$M" 'd["summary"]["verified_minutes"]')" 335
t_is "members served in November, 20001 once" "$(j "$M" 'd["summary"]["members_served"]')" 4
t_is "20001 served at both stations" \
	"$(j "$M" '[",".join(m["stations"]) for m in d["members"] if m["member_no"] == "20001"][0]')" "a1,a2"
t_is "20001's November across stations" \
	"$(j "$M" '[(m["entries"], m["verified_minutes"], m["pending_minutes"], m["commitments_fulfilled"]) for m in d["members"] if m["member_no"] == "20001"][0]')" \
	"(5, 215, 60, 1)"
t_is "members not on the roster have no number, but their id" \
	"$(j "$M" 'sorted((m["member_no"], m["name"], len(m["member_id"])) for m in d["members"] if not m["member_no"])')" \
	"[(None, None, 36), (None, None, 36)]"
t_is "roster members by number" \
	"$(j "$M" '" ".join(m["member_no"] for m in d["members"] if m["member_no"])')" "20001 20002 29001"
t_is "29001's entry at local midnight of 1 December is not November's" \
	"$(j "$M" '[m["entries"] for m in d["members"] if m["member_no"] == "29001"][0]')" 0
t_is "20001's 23:59 on 30 November is" \
	"$(j "$M" '[s["verified_minutes"] for s in d["stations"] if s["station_id"] == "a2"][0]')" 80
t_is "satisfied visitors in November" \
	"$(j "$M" '(d["summary"]["feedback"], d["summary"]["feedback_satisfied"])')" "(3, 2)"
t_is "a1's 2025-12-31 23:59 is not 2026's" \
	"$(j "$T/c.year.json" '[s["entries"] for s in d["stations"] if s["station_id"] == "a1"][0]')" 9
t_is "activities by code across stations" \
	"$(j "$M" '[(a["activity_code"], a["entries"]) for a in d["activities"]]')" \
	"[('duty', 3), ('volunteer', 6)]"

# ---- sync health, as central status computes it -----------------------------
pg_psql "UPDATE station SET last_seq = last_seq + 2 WHERE station_id = 'a2'"
t_ok "central status" $CENTRAL_SP central status --format json
cp "$T/out" "$T/status.json"
status_gaps=$(j "$T/status.json" '[s["gaps"] for s in d if s["station"] == "a2"][0]')
t_ok "central ledger with a gap" $CENTRAL_SP central ledger --month 2026-11 --format json
cp "$T/out" "$T/gap.json"
t_is "the ledger's gaps are central status's" \
	"$(j "$T/gap.json" '", ".join("%d-%d" % tuple(g) for s in d["stations"] if s["station_id"] == "a2" for g in s["sync"]["gaps"])')" \
	"$status_gaps"
t_is "a1 has none" \
	"$(j "$T/gap.json" '[s["sync"]["gaps"] for s in d["stations"] if s["station_id"] == "a1"][0]')" "[]"
t_is "received as central status counts it" \
	"$(j "$T/gap.json" '[s["sync"]["received"] for s in d["stations"] if s["station_id"] == "a2"][0]')" \
	"$(j "$T/status.json" '[s["received"] for s in d if s["station"] == "a2"][0]')"
t_is "pushed after November: a1 yes, a2 no" \
	"$(j "$T/gap.json" '[s["sync"]["pushed_after_period"] for s in d["stations"]]')" "[True, False]"
t_is "last push in local time" \
	"$(j "$T/gap.json" '[s["sync"]["last_push"] for s in d["stations"]]')" \
	"['2026-12-02 08:00', '2026-11-25 08:00']"

# ---- the aligned table ----------------------------------------------------------
t_ok "table" $CENTRAL_SP central ledger --month 2026-11
cp "$T/out" "$T/table"
out=$(cat "$T/table")
t_contains "title" "$out" "Monthly ledger"
t_contains "both stations" "$out" "Stations: a1, a2"
t_contains "period in local dates" "$out" "Period: 2026-11 (2026-11-01 to 2026-11-30)"
t_contains "total verified hours (335 min)" "$out" "Verified hours: 5.6 h"
t_contains "the summary line of the station ledger" "$out" "Entries: 9 (voided: 3, rejected: 1)"
t_contains "satisfaction" "$out" "Satisfied visitors (rated 4 or 5): 2 of 3 (67%)"
for sec in "By station" "Still waiting for staff, by station" "Sync by station" \
	"By activity" "Members"; do
	t_is "section: $sec" "$(grep -cx "$sec" "$T/table")" 1
done
t_is "a1's line" "$(grep -E '^a1 ' "$T/table" | head -1 | tr -s ' ')" \
	"a1 6 2 1 4.2 3 2 1 2 4.5 100%"
t_contains "a2's gap" "$out" "$(echo "$status_gaps")"
t_contains "a member from the roster" "$out" "赵红梅"
t_contains "where 20001 served" "$(grep '^20001 ' "$T/table")" "a1,a2"
t_contains "a member the central roster lacks" "$out" "(not on the central roster: "
t_contains "activity names in the config's language" "$out" "Volunteer service"

sed 's/^language = en$/language = zh_CN/' "$T/central/svcpoint.conf" >"$T/central/zh.conf"
t_ok "table in Chinese" $SVCPOINT_BIN -c "$T/central/zh.conf" central ledger --month 2026-11
t_contains "stations, in Chinese" "$(cat "$T/out")" "全部服务点：a1, a2"
t_contains "sections, in Chinese" "$(cat "$T/out")" "$(t_tr "By station")"
t_contains "activity names in Chinese" "$(cat "$T/out")" "志愿服务"
t_is "the member columns line up by display width" "$(grep -E '^2000[12] ' "$T/out" |
	while IFS= read -r line; do printf '%s\n' "$line" | sed 's/a1.*//' | wc -L; done |
	sort -u | wc -l | tr -d ' ')" 1

t_ok "table for one station" $CENTRAL_SP central ledger --quarter 2026-q4 --station a2
t_contains "names it" "$(cat "$T/out")" "Station: a2"
t_contains "quarterly" "$(cat "$T/out")" "Quarterly ledger"
t_lacks "and no other" "$(grep -E '^a[12] ' "$T/out")" "a1 "

# ---- CSV ----------------------------------------------------------------------
t_ok "csv" $CENTRAL_SP central ledger --year 2026 --format csv
cp "$T/out" "$T/year.csv"
t_is "csv starts with the key/value section" "$(head -1 "$T/year.csv")" '"key","value"'
t_contains "csv period" "$(cat "$T/year.csv")" '"period","2026"'
t_contains "csv bounds in UTC" "$(cat "$T/year.csv")" '"from_utc","2025-12-31T16:00:00.000Z"'
t_is "csv: four sections" "$(grep -c '^$' "$T/year.csv")" 3
t_is "csv stations header" "$(grep '^"station_id"' "$T/year.csv")" \
	'"station_id","entries","voided","rejected","verified_minutes","pending_minutes","members_served","open_entries","pending_entries","pending_commitments","commitments_made","commitments_fulfilled","commitments_overdue","feedback","feedback_average","feedback_satisfied","last_seq","last_push","received","gaps","pushed_after_period"'
t_is "csv: one row per station" "$(grep -c '^"a[12]",' "$T/year.csv")" 2
t_is "csv activities header" "$(grep '^"activity_code"' "$T/year.csv")" \
	'"activity_code","activity","activity_en","entries","verified_minutes","pending_minutes"'
t_is "csv members header" "$(grep '^"member_id"' "$T/year.csv")" \
	'"member_id","member_no","name","branch","stations","entries","verified_minutes","pending_minutes","commitments_fulfilled"'
t_contains "csv: 20001 across stations" "$(cat "$T/year.csv")" '"20001","赵红梅","第一党支部","a1,a2","6"'
t_is "csv total like the json's" \
	"$(grep '^"verified_minutes",' "$T/year.csv")" \
	"\"verified_minutes\",\"$(j "$T/c.year.json" 'd["summary"]["verified_minutes"]')\""

# ---- JSON shape and -o ------------------------------------------------------------
t_is "json keys" "$(j "$M" '" ".join(d)')" \
	"station period produced summary stations activities members"
t_is "json: all stations is a null station" "$(j "$M" 'd["station"]')" "None"
t_is "json station keys" "$(j "$M" '" ".join(d["stations"][0])')" \
	"station_id entries voided rejected verified_minutes pending_minutes members_served open_entries pending_entries pending_commitments commitments_made commitments_fulfilled commitments_overdue feedback feedback_average feedback_satisfied sync"
t_is "json sync keys" "$(j "$M" '" ".join(d["stations"][0]["sync"])')" \
	"last_seq last_push received gaps pushed_after_period"
t_ok "-o FILE" $CENTRAL_SP central ledger --year 2026 --format csv -o "$T/ledger.csv"
t_is "-o prints nothing" "$(cat "$T/out")" ""
t_is "-o writes the same ledger" "$(cat "$T/ledger.csv")" "$(cat "$T/year.csv")"
t_exit "-o into a missing folder fails" 1 \
	$CENTRAL_SP central ledger --year 2026 -o "$T/none/ledger.csv"
t_is "and leaves nothing behind" "$(ls "$T" | grep -c '^none')" 0

# ---- an empty period ----------------------------------------------------------
t_ok "an empty month" $CENTRAL_SP central ledger --month 2025-01 --format json
cp "$T/out" "$T/empty.json"
t_is "empty: no entries" "$(j "$T/empty.json" '(d["summary"]["entries"], d["summary"]["verified_minutes"], d["summary"]["feedback_average"])')" "(0, 0, None)"
t_is "empty: every station listed, all zero" \
	"$(j "$T/empty.json" '[(s["station_id"], s["entries"], s["feedback"]) for s in d["stations"]]')" \
	"[('a1', 0, 0), ('a2', 0, 0)]"
t_is "empty: no members, no activities" \
	"$(j "$T/empty.json" '(d["members"], d["activities"])')" "([], [])"
t_ok "an empty month as a table" $CENTRAL_SP central ledger --month 2025-01
t_contains "says there are no entries" "$(cat "$T/out")" "No entries."
t_contains "and the zeros" "$(cat "$T/out")" "Entries: 0 (voided: 0, rejected: 0)"

# ---- usage errors (exit 2) and failures (exit 1) ----------------------------------
t_ok "--help" $CENTRAL_SP central ledger --help
t_contains "help names the periods" "$(cat "$T/out")" "--quarter YYYY-QN"
t_ok "central --help lists ledger" $CENTRAL_SP central --help
t_contains "it does" "$(cat "$T/out")" "central ledger"
t_exit "no period" 2 $CENTRAL_SP central ledger
t_contains "says which" "$(cat "$T/err")" "--month, --quarter or --year"
t_exit "two periods" 2 $CENTRAL_SP central ledger --month 2026-11 --year 2026
t_exit "a bad month" 2 $CENTRAL_SP central ledger --month 2026-13
t_contains "names it" "$(cat "$T/err")" "'2026-13' is not a month"
t_exit "a quarter is not a month" 2 $CENTRAL_SP central ledger --month 2026-Q4
t_exit "a bad quarter" 2 $CENTRAL_SP central ledger --quarter 2026-Q5
t_exit "a short year" 2 $CENTRAL_SP central ledger --year 26
t_exit "an unknown format" 2 $CENTRAL_SP central ledger --year 2026 --format xml
t_exit "an unknown option" 2 $CENTRAL_SP central ledger --year 2026 --bogus
t_exit "a stray argument" 2 $CENTRAL_SP central ledger --year 2026 extra
t_exit "--station without a value" 2 $CENTRAL_SP central ledger --year 2026 --station
t_exit "an unknown station" 1 $CENTRAL_SP central ledger --year 2026 --station zz-9
t_contains "says so" "$(cat "$T/err")" "the central knows no station 'zz-9'"
t_exit "an escape sequence in a station id" 1 \
	$CENTRAL_SP central ledger --year 2026 --station "$(printf 'x\033[2J')"
t_lacks "never reaches the terminal" "$(cat "$T/err")" "$(printf '\033')"
pg_psql "CREATE DATABASE bare" >/dev/null
t_exit "a database without the schema" 1 $CENTRAL_SP central ledger --year 2026 \
	--conninfo "host=$PG_DIR port=$PGPORT user=postgres dbname=bare"
t_contains "says to run central init" "$(cat "$T/err")" "central init"
t_exit "no central at all" 1 $CENTRAL_SP central ledger --year 2026 \
	--conninfo "host=$T/nowhere port=1 connect_timeout=2"
t_contains "one sentence and the detail" "$(cat "$T/err")" "central database"
t_done
