# tests/cli/sync_kill.sh — `svcpoint sync push` killed with SIGKILL at
# random points, ten times, with new entries and verifications made in between; a final
# rerun completes and the central holds every row exactly once, at its
# latest revision, with no gap.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/pg.sh"

t_setup
pg_start
$CENTRAL_SP central init >/dev/null 2>&1 || t_fail "central init"
pg_station k1 100
$k1_SP init --demo >/dev/null 2>&1 || t_fail "init"
pg_entries "$k1_DB" 2000 000000c1

# Random delays from a seed printed in the log, so a failure can be rerun.
seed=${SYNC_KILL_SEED:-$$}
echo "# seed $seed"
killed=0
round=1
while [ "$round" -le 10 ]; do
	# new entries every round, so every push has batches to cut into
	pg_entries "$k1_DB" 1500 "000001$(printf %02x "$round")"
	delay=$(awk -v s="$seed" -v r="$round" 'BEGIN { srand(s + r); printf "%.3f", 0.01 + rand() * 0.1 }')
	$k1_SP sync push >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	if kill -9 "$pid" 2>/dev/null; then
		killed=$((killed + 1))
	fi
	wait "$pid" 2>/dev/null
	echo "# round $round: killed after ${delay}s at watermark $(sqlite3 "$k1_DB" "SELECT value FROM sync_state WHERE name = 'push_acked_seq'")"
	# the kiosk keeps working between attempts
	sqlite3 "$k1_DB" "UPDATE service_entry SET status = 'verified',
	  verified_at = '2026-11-23T03:00:00.000Z'
	  WHERE id = printf('000000c1-0000-7000-8000-%012x', $round * 100)"
	round=$((round + 1))
done
echo "# killed $killed of 10 pushes"
t_ok "at least one push was killed mid-way" test "$killed" -ge 1

t_ok "the rerun completes" $k1_SP sync push
t_ok "and sends nothing more" $k1_SP sync push
t_contains "second rerun sends nothing" "$(cat "$T/out")" "Sent 0 changes"

for tb in service_entry audit_log brand activity_type; do
	t_is "$tb: every row once" \
		"$(pg_psql "SELECT count(*) || ' ' || count(DISTINCT id) FROM $tb WHERE station_id = 'k1'")" \
		"$(sqlite3 "$k1_DB" "SELECT count(*) || ' ' || count(DISTINCT id) FROM $tb")"
done
t_is "the same ids" \
	"$(pg_psql "SELECT id FROM service_entry ORDER BY id" | md5sum)" \
	"$(sqlite3 "$k1_DB" "SELECT id FROM service_entry ORDER BY id" | md5sum)"
t_is "every row at its latest revision" \
	"$(pg_psql "SELECT id || ' ' || revision FROM service_entry ORDER BY id" | md5sum)" \
	"$(sqlite3 "$k1_DB" "SELECT e.id || ' ' || (SELECT max(seq) FROM change_log c WHERE c.row_id = e.id) FROM service_entry e ORDER BY e.id" | md5sum)"
t_is "the ten verifications arrived" \
	"$(pg_psql "SELECT count(*) FROM service_entry WHERE status = 'verified'")" 10
t_ok "central status" $CENTRAL_SP central status --format csv
t_is "no gap" "$(tr -d '"' <"$T/out" | grep '^k1,' | cut -d, -f5)" ""
t_done
