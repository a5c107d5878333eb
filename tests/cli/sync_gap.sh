# tests/cli/sync_gap.sh — rows deleted by hand from a station's SQLite file
# (no-delete trigger dropped with the sqlite3 tool) before a push show up
# in `central status` as gaps in that station's sequence, not as silence.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/pg.sh"

t_setup
pg_start
$CENTRAL_SP central init >/dev/null 2>&1 || t_fail "central init"
pg_station g1 100
$g1_SP init --demo >/dev/null 2>&1 || t_fail "init"
pg_entries "$g1_DB" 500 0000000a

mid=0000000a-0000-7000-8000-0000000000fa
tail_id=0000000a-0000-7000-8000-0000000001f4
mid_seq=$(sqlite3 "$g1_DB" "SELECT seq FROM change_log WHERE row_id = '$mid'")
tail_seq=$(sqlite3 "$g1_DB" "SELECT seq FROM change_log WHERE row_id = '$tail_id'")
last=$(sqlite3 "$g1_DB" "SELECT max(seq) FROM change_log")
t_is "the last entry is the last change" "$tail_seq" "$last"

sqlite3 "$g1_DB" "DROP TRIGGER service_entry_no_delete;
DELETE FROM service_entry WHERE id IN ('$mid', '$tail_id');"
t_is "two entries deleted by hand" \
	"$(sqlite3 "$g1_DB" "SELECT count(*) FROM service_entry")" 498

t_ok "push runs" $g1_SP sync push
t_is "the central holds the 498 rows left" \
	"$(pg_psql "SELECT count(*) FROM service_entry WHERE station_id = 'g1'")" 498
t_is "the station's last seq is known" \
	"$(pg_psql "SELECT last_seq FROM station WHERE station_id = 'g1'")" "$last"

t_ok "central status runs" $CENTRAL_SP central status
out=$(cat "$T/out")
t_contains "status lists the station" "$out" "g1"
t_contains "the deleted row in the middle is a gap" "$out" "$mid_seq,"
t_contains "the deleted last row is a gap too" "$out" "$tail_seq"
t_lacks "nothing else is missing" "$out" "none"

t_ok "central status as CSV" $CENTRAL_SP central status --format csv
line=$(tr -d '"' <"$T/out" | grep '^g1,')
t_is "CSV: seq, received and the two gaps" \
	"$(echo "$line" | cut -d, -f1,2,4)" "g1,$last,$((last - 2))"
t_is "CSV: the gaps" "$(echo "$line" | cut -d, -f5-6)" "$mid_seq, $tail_seq"

# A second push does not fill a gap it cannot fill, and does not fail.
t_ok "a second push runs" $g1_SP sync push
t_ok "status again" $CENTRAL_SP central status --format csv
t_is "the gaps stay" "$(tr -d '"' <"$T/out" | grep '^g1,' | cut -d, -f5-6)" \
	"$mid_seq, $tail_seq"
t_done
