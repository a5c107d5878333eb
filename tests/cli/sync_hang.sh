# tests/cli/sync_hang.sh — a central that stops answering in the middle
# of a push (its server process stopped, as a hung server or a network
# that silently drops packets looks to the client). The server cannot
# end the statement itself, so the client's own deadline must:
# [sync] statement_timeout_s + 5 s, then a cancel request and the
# connection dropped. The push stops with the timeout's one sentence and
# exit 1 (run under `timeout`, whose own 124 would mean it hung); the
# watermark is where the central's last commit left it; once the server
# runs again the rerun sends the rest, each row once.
#
#   1. only the push's server process stops, before a batch's COMMIT;
#   2. the whole cluster stops in the middle of a COPY's data, so the
#      client is stuck sending, and even the cancel request goes
#      unanswered;
#   3. the cluster is stopped before the push connects: libpq's
#      connect_timeout (10 s unless the connection string says, here 2)
#      ends the attempt.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/pg.sh"
. "$SVCPOINT_ROOT/tests/pg_hang.sh"

S_TIMEOUT="The central database did not answer in time; the changes not yet sent wait for the next sync."
# statement_timeout_s = 1: the client waits 1 + 5 s, and at most 2 s more
# for a cancel request; `timeout` is there only to end a push that hangs
BOUND=30

t_setup
pg_start
trap 'pg_resume; pg_cleanup; t_cleanup' EXIT
$CENTRAL_SP central init >/dev/null 2>&1 || t_fail "central init"

acked() {
	sqlite3 "$1" "SELECT coalesce((SELECT value FROM sync_state
	  WHERE name = 'push_acked_seq'), 0)"
}

# ---- 1. the push's server process stops before a COMMIT ------------------

pg_station p1 100
printf 'statement_timeout_s = 1\n' >>"$T/p1/svcpoint.conf"
$p1_SP init --demo >/dev/null 2>&1 || t_fail "init"
pg_entries "$p1_DB" 1000 0000bbb1
last=$(sqlite3 "$p1_DB" "SELECT max(seq) FROM change_log")
# batches of 100 changes: the fourth (seq 301..400) stops before COMMIT
t_ok "the server will stop in the fourth batch" pg_hang_at_station 300 backend

t_exit "the push gives up by itself" 1 timeout $BOUND $p1_SP sync push
err=$(cat "$T/err")
t_contains "with the timeout's sentence" "$err" "$S_TIMEOUT"
t_contains "the client's deadline ended it, not the server" "$err" \
	"no answer from the central within 6 s; the connection was dropped"
t_contains "and it says how far it got" "$err" \
	"3 batches (up to seq 300) were stored before the error"
t_is "the sentence, then the batches line" "$(wc -l <"$T/err")" 2
t_is "the watermark is at the third batch" "$(acked "$p1_DB")" 300
t_is "which is the central's last commit" \
	"$(pg_psql "SELECT last_seq FROM station WHERE station_id = 'p1'")" 300
t_is "the central holds exactly the entries up to it" \
	"$(pg_psql "SELECT count(*) || ' ' || count(DISTINCT id) FROM service_entry")" \
	"$(sqlite3 "$p1_DB" "SELECT n || ' ' || n FROM (SELECT count(*) AS n
	  FROM change_log WHERE tbl = 'service_entry' AND seq <= 300)")"
t_ok "sync status reads the store" $p1_SP sync status
t_contains "the rest waits" "$(cat "$T/out")" "Changes waiting: $((last - 300))"
t_ok "the station's store is sound" $p1_SP check

# the stopped session still holds the station's lock: the server's own
# statement timeout ends a second push
t_exit "a push meanwhile fails too" 1 timeout $BOUND $p1_SP sync push
t_contains "with the same sentence" "$(cat "$T/err")" "$S_TIMEOUT"
t_is "the watermark has not moved" "$(acked "$p1_DB")" 300

pg_resume
t_ok "the hook is removed" pg_hang_off
t_ok "the rerun completes" timeout $BOUND $p1_SP sync push
t_contains "sending the rest only" "$(cat "$T/out")" "Sent $((last - 300)) changes"
t_is "every entry is there once" \
	"$(pg_psql "SELECT count(*) || ' ' || count(DISTINCT id) FROM service_entry")" \
	"1000 1000"
t_is "the watermark is the last change" "$(acked "$p1_DB")" "$last"
t_is "so is the central's last seq" \
	"$(pg_psql "SELECT last_seq FROM station WHERE station_id = 'p1'")" "$last"
t_ok "central status runs" $CENTRAL_SP central status --format csv
t_is "the central sees no gap" \
	"$(tr -d '"' <"$T/out" | grep '^p1,' | cut -d, -f2,5)" "$last,"

# ---- 2. the whole cluster stops in the middle of a COPY --------------------

pg_station p2 1000000
printf 'statement_timeout_s = 1\n' >>"$T/p2/svcpoint.conf"
$p2_SP init --demo >/dev/null 2>&1 || t_fail "init p2"
pg_entries "$p2_DB" 20000 0000bbb2
last2=$(sqlite3 "$p2_DB" "SELECT max(seq) FROM change_log")
# one batch of some 6 MB: the server stops after reading 5000 of its rows
t_ok "the cluster will stop in the middle of the COPY" pg_hang_in_copy 5000 cluster

t_exit "the push gives up by itself" 1 timeout $BOUND $p2_SP sync push
err=$(cat "$T/err")
t_contains "with the timeout's sentence" "$err" "$S_TIMEOUT"
t_contains "the client's deadline ended it" "$err" \
	"no answer from the central within 6 s"
t_is "on one line: nothing was stored" "$(wc -l <"$T/err")" 1
t_is "the cluster was really stopped" \
	"$(ps -o stat= -p "$(pg_postmaster_pid)" | cut -c1)" T
t_is "the watermark has not moved" "$(acked "$p2_DB")" 0

pg_resume
t_ok "the hook is removed" pg_hang_off
t_is "the central kept nothing of the batch" \
	"$(pg_psql "SELECT (SELECT count(*) FROM service_entry WHERE station_id = 'p2')
	  || ' ' || (SELECT count(*) FROM station WHERE station_id = 'p2')")" "0 0"
t_ok "the rerun completes" timeout $BOUND $p2_SP sync push
t_is "every entry of p2 is there once" \
	"$(pg_psql "SELECT count(*) || ' ' || count(DISTINCT id) FROM service_entry
	  WHERE station_id = 'p2'")" "20000 20000"
t_is "the watermark is the last change" "$(acked "$p2_DB")" "$last2"
t_is "p1's rows are untouched" \
	"$(pg_psql "SELECT count(*) FROM service_entry WHERE station_id = 'p1'")" 1000

# ---- 3. the cluster is stopped before the push connects --------------------

pg_entries "$p2_DB" 10 0000bbb3
pg_hang_now
t_exit "a push to a stopped cluster gives up by itself" 1 \
	timeout $BOUND $p2_SP sync push --conninfo "$PG_CONNINFO connect_timeout=2"
t_contains "the central could not be reached" "$(cat "$T/err")" \
	"The central database could not be reached or refused the data; only the changes it confirmed are marked as sent."
t_is "the watermark has not moved" "$(acked "$p2_DB")" "$last2"
pg_resume
t_ok "once the cluster runs again the push completes" timeout $BOUND $p2_SP sync push
t_is "p2's entries are there once" \
	"$(pg_psql "SELECT count(*) || ' ' || count(DISTINCT id) FROM service_entry
	  WHERE station_id = 'p2'")" "20010 20010"
t_done
