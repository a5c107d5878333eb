# tests/cli/sync_push.sh — three stations with 10,000 entries each push to
# one central PostgreSQL at the same time; the central then holds exactly
# each station's rows, once, and a second push sends nothing.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/pg.sh"

t_setup
pg_start

t_ok "central init creates the schema" $CENTRAL_SP central init --conninfo "$PG_CONNINFO"
t_contains "init says it created" "$(cat "$T/out")" "Created the central schema (version 1)"
t_ok "central init again is harmless" $CENTRAL_SP central init
t_contains "and says so" "$(cat "$T/out")" "already at version 1"

n=0
for s in s1 s2 s3; do
	n=$((n + 1))
	pg_station "$s"
	eval "sp=\$${s}_SP; db=\$${s}_DB"
	$sp init --demo >/dev/null 2>&1 || t_fail "init $s"
	pg_entries "$db" 10000 "0000000$n"
done
t_is "a station counts its changes" \
	"$(sqlite3 "$s1_DB" "SELECT count(*) > 10000 FROM change_log")" 1

# all three at once
for s in s1 s2 s3; do
	eval "sp=\$${s}_SP"
	$sp sync push >"$T/$s.push.out" 2>"$T/$s.push.err" &
	eval "${s}_pid=$!"
done
for s in s1 s2 s3; do
	eval "pid=\$${s}_pid"
	wait "$pid"
	t_is "$s push exits 0" "$?" 0
	t_contains "$s push says how much it sent" "$(cat "$T/$s.push.out")" "seq"
	t_lacks "$s push prints no error" "$(cat "$T/$s.push.err")" "svcpoint"
done
t_contains "without a terminal, one line per batch" "$(cat "$T/s1.push.out")" "batch 3:"

tables="service_entry commitment shift feedback audit_log brand activity_type"
for s in s1 s2 s3; do
	eval "db=\$${s}_DB"
	for tb in $tables; do
		local_n=$(sqlite3 "$db" "SELECT count(*) FROM $tb")
		central_n=$(pg_psql "SELECT count(*) FROM $tb WHERE station_id = '$s'")
		t_is "$s $tb: central count matches ($local_n)" "$central_n" "$local_n"
	done
	local_ids=$(sqlite3 "$db" "SELECT id FROM service_entry ORDER BY id" | md5sum)
	central_ids=$(pg_psql "SELECT id FROM service_entry WHERE station_id = '$s' ORDER BY id" | md5sum)
	t_is "$s: the same entry ids" "$central_ids" "$local_ids"
	last=$(sqlite3 "$db" "SELECT max(seq) FROM change_log")
	t_is "$s: the central has its last seq" \
		"$(pg_psql "SELECT last_seq FROM station WHERE station_id = '$s'")" "$last"
	t_is "$s: the watermark is the last seq" \
		"$(sqlite3 "$db" "SELECT value FROM sync_state WHERE name = 'push_acked_seq'")" "$last"
done
t_is "30,000 entries in all" "$(pg_psql "SELECT count(*) FROM service_entry")" 30000
t_is "a row's revision is the seq of its change" \
	"$(pg_psql "SELECT revision FROM service_entry WHERE id = '00000001-0000-7000-8000-000000000001'")" \
	"$(sqlite3 "$s1_DB" "SELECT seq FROM change_log WHERE row_id = '00000001-0000-7000-8000-000000000001'")"

t_ok "central status runs" $CENTRAL_SP central status --format csv
for s in s1 s2 s3; do
	eval "db=\$${s}_DB"
	last=$(sqlite3 "$db" "SELECT max(seq) FROM change_log")
	line=$(tr -d '"' <"$T/out" | grep "^$s,")
	t_is "central status: $s has no gap" "$line" \
		"$s,$last,$(echo "$line" | cut -d, -f3),$last,,"
done

t_ok "sync status runs" $s1_SP sync status
st=$(cat "$T/out")
t_contains "sync status: nothing waiting" "$st" "Changes waiting: 0"
t_contains "sync status names the central" "$st" "dbname=central"
t_lacks "sync status never shows a password" "$st" "password"

before=$(pg_psql "SELECT max(received_at) FROM service_entry")
t_ok "a second push runs" $s1_SP sync push
t_contains "a second push sends nothing" "$(cat "$T/out")" "Sent 0 changes"
t_is "and changes nothing" "$(pg_psql "SELECT max(received_at) FROM service_entry")" "$before"

# push with no central configured: a clear sentence, exit 1
pg_station off
sed -i 's/^conninfo = .*/conninfo =/' "$T/off/svcpoint.conf"
$off_SP init >/dev/null 2>&1
t_exit "push with no central fails" 1 $off_SP sync push
t_contains "and says to export instead" "$(cat "$T/err")" "sync export"

t_done
