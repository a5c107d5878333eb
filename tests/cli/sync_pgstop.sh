# tests/cli/sync_pgstop.sh — PostgreSQL stopped with `pg_ctl stop -m
# immediate` in the middle of a push's one big batch: a clear error, exit
# 1, the watermark unchanged; after a restart the rerun completes.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/pg.sh"

t_setup
pg_start
$CENTRAL_SP central init >/dev/null 2>&1 || t_fail "central init"
pg_station p1 1000000
$p1_SP init --demo >/dev/null 2>&1 || t_fail "init"
pg_entries "$p1_DB" 100000 000000d1

$p1_SP sync push >"$T/push.out" 2>"$T/push.err" &
pid=$!
# Wait until the push's transaction is open on the server, then crash it.
i=0
seen=0
while [ "$i" -lt 600 ] && kill -0 "$pid" 2>/dev/null; do
	n=$(pg_psql "SELECT count(*) FROM pg_stat_activity
	  WHERE application_name = 'svcpoint' AND xact_start IS NOT NULL" 2>/dev/null)
	if [ "${n:-0}" -gt 0 ]; then
		seen=1
		break
	fi
	sleep 0.05
	i=$((i + 1))
done
t_is "the push's transaction was caught open" "$seen" 1
pg_stop_now
wait "$pid"
rc=$?
t_is "the push exits 1" "$rc" 1
err=$(cat "$T/push.err")
t_contains "with a clear sentence" "$err" "The central database could not be reached or refused the data; only the changes it confirmed are marked as sent."
t_is "on one line" "$(wc -l <"$T/push.err")" 1
t_is "the watermark is unchanged" \
	"$(sqlite3 "$p1_DB" "SELECT count(*) FROM sync_state WHERE name = 'push_acked_seq'")" 0

t_exit "a push while the server is down fails" 1 $p1_SP sync push
t_contains "and says why" "$(cat "$T/err")" "The central database could not be reached"

pg_restart || t_fail "restart"
t_is "nothing of the batch was kept" \
	"$(pg_psql "SELECT count(*) FROM service_entry")" 0
t_ok "the rerun completes" $p1_SP sync push
t_is "every entry is there once" \
	"$(pg_psql "SELECT count(*) || ' ' || count(DISTINCT id) FROM service_entry")" \
	"100000 100000"
t_is "the watermark moved to the end" \
	"$(sqlite3 "$p1_DB" "SELECT value FROM sync_state WHERE name = 'push_acked_seq'")" \
	"$(sqlite3 "$p1_DB" "SELECT max(seq) FROM change_log")"
t_done
