#!/bin/sh
# Compares `svcpoint sync push` of a large station with `psql \copy` of the
# same rows into the same tables of an empty central, and prints the ratio
# (goal: the push at least half as fast as \copy).
#
#   bench/sync.sh BUILD_DIR STORE
#
# STORE (with STORE.pepper) is the large station bench/run.sh generated;
# it is copied, not changed. A throwaway PostgreSQL cluster (tests/pg.sh)
# serves two databases: "central" receives the push, "copyref" the \copy.
# Skipped, with a line saying so, when PostgreSQL is not installed.
set -u

build=${1:-build}
store=${2:?usage: bench/sync.sh BUILD_DIR STORE}
root=$(cd "$(dirname "$0")/.." && pwd)
case "$build" in /*) ;; *) build="$root/$build" ;; esac
SVCPOINT_BIN="$build/svcpoint"
SVCPOINT_ROOT="$root"

T=$(mktemp -d "${TMPDIR:-/tmp}/svcpoint-bench-sync.XXXXXX")
t_cleanup() { rm -rf "$T"; }
trap t_cleanup EXIT
. "$root/tests/pg.sh"

if ! pg_find_bin >/dev/null; then
	echo "sync push vs psql \\copy: skipped, PostgreSQL is not installed (make deps-test)"
	exit 0
fi
pg_start

cp "$store" "$T/station.db"
cp "$store.pepper" "$T/pepper.key"
chmod 600 "$T/pepper.key"
station=$(sqlite3 "$T/station.db" "SELECT value FROM station WHERE key = 'station_id'")
cat >"$T/svcpoint.conf" <<CONF
[station]
id = $station

[store]
path = station.db

[security]
pepper_file = pepper.key

[kiosk]
language = en

[sync]
conninfo = $PG_CONNINFO
batch_rows = ${BENCH_BATCH_ROWS:-5000}
CONF
SP="$SVCPOINT_BIN -c $T/svcpoint.conf"

now() { date +%s.%N; }
# calc EXPR: floating-point arithmetic (awk, as bc may be missing)
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }

# The same rows as the push sends, in COPY text format, one file a table.
# Column lists as in src/core/sync.c; the brand's own revision is
# brand_revision centrally.
tables="service_entry commitment shift feedback audit_log brand activity_type"
cols_service_entry="id, member_id, activity_id, shift_id, kind, started_at, ended_at, minutes, round_minutes, note, status, verified_by, verified_at, reject_reason, voided_at, voided_by, void_reason, replaces_id, created_at, updated_at"
cols_commitment="id, member_id, shift_id, text, category, due_date, public, status, fulfilled_at, fulfil_note, verified_by, verified_at, reject_reason, withdrawn_at, withdraw_reason, voided_at, voided_by, void_reason, replaces_id, created_at, updated_at"
cols_shift="id, opened_by, opened_at, closed_by, closed_at, note"
cols_feedback="id, shift_id, rating, comment, created_at"
cols_audit_log="id, seq, at, actor_id, action, target, detail, prev_hash, hash"
cols_brand="id, name, slogan, logo, connotation, concept, goals, type, stage, profile_url, created_at, updated_at, revision"
cols_activity_type="id, code, name, name_en, sort_order, active, created_at"

rows=0
for tb in $tables; do
	eval "cols=\$cols_$tb"
	# text with a tab, newline or backslash would need COPY escapes; the
	# generated station has none, and the count check below would notice
	sqlite3 -batch -noheader -separator "$(printf '\t')" -nullvalue '\N' \
		"$T/station.db" "SELECT '$station', (SELECT max(seq) FROM change_log c WHERE c.row_id = t.id), $cols FROM $tb t" \
		>"$T/$tb.tsv"
	rows=$((rows + $(wc -l <"$T/$tb.tsv")))
done

$SP central init >/dev/null || exit 1
"$PG_BIN/createdb" -h "$PG_DIR" -p "$PGPORT" -U postgres copyref
$SVCPOINT_BIN -c "$T/svcpoint.conf" central init \
	--conninfo "host=$PG_DIR port=$PGPORT user=postgres dbname=copyref" >/dev/null || exit 1

start=$(now)
for tb in $tables; do
	eval "cols=\$cols_$tb"
	[ "$tb" = brand ] && cols=$(echo "$cols" | sed 's/revision$/brand_revision/')
	psql -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR" -p "$PGPORT" -U postgres -d copyref \
		-c "\\copy $tb (station_id, revision, $cols) FROM '$T/$tb.tsv'" || exit 1
done
copy_s=$(calc "$(now) - $start")

start=$(now)
$SP sync push >"$T/push.out" || { cat "$T/push.out"; exit 1; }
push_s=$(calc "$(now) - $start")

pushed=$(psql -X -At -h "$PG_DIR" -p "$PGPORT" -U postgres -d central -c \
	"SELECT (SELECT count(*) FROM service_entry) + (SELECT count(*) FROM commitment)
	 + (SELECT count(*) FROM shift) + (SELECT count(*) FROM feedback)
	 + (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM brand)
	 + (SELECT count(*) FROM activity_type)")
copied=$(psql -X -At -h "$PG_DIR" -p "$PGPORT" -U postgres -d copyref -c \
	"SELECT (SELECT count(*) FROM service_entry) + (SELECT count(*) FROM audit_log)
	 + (SELECT count(*) FROM commitment) + (SELECT count(*) FROM shift)
	 + (SELECT count(*) FROM feedback) + (SELECT count(*) FROM brand)
	 + (SELECT count(*) FROM activity_type)")

printf '== sync push against psql \\copy (PostgreSQL %s, unix socket, fsync off)\n' \
	"$("$PG_BIN/pg_ctl" --version | awk '{print $3}')"
printf '%-34s %10s %9s %12s\n' "" "rows" "seconds" "rows/s"
printf '%-34s %10d %9.2f %12.0f\n' "psql \\copy into empty tables" "$copied" "$copy_s" "$(calc "$copied / $copy_s")"
printf '%-34s %10d %9.2f %12.0f\n' "svcpoint sync push (batches $(grep -c '^batch' "$T/push.out"))" "$pushed" "$push_s" "$(calc "$pushed / $push_s")"
printf 'push speed / \\copy speed: %.2f (goal: at least 0.50)\n' \
	"$(calc "($pushed / $push_s) / ($copied / $copy_s)")"
if [ "$pushed" != "$rows" ] || [ "$copied" != "$rows" ]; then
	echo "bench: row counts differ: $rows in the station, $pushed pushed, $copied copied" >&2
	exit 1
fi
