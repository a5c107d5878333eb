# tests/cli/sync_revision.sh — a change on the station after a push (a
# void, a verification) reaches the central on the next push and replaces
# the older revision; nothing else is sent again.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/pg.sh"

t_setup
pg_start
$CENTRAL_SP central init >/dev/null 2>&1 || t_fail "central init"
pg_station r1
$r1_SP init --demo >/dev/null 2>&1 || t_fail "init"
pg_entries "$r1_DB" 50 000000b1
t_ok "first push" $r1_SP sync push

E1=000000b1-0000-7000-8000-000000000001
E2=000000b1-0000-7000-8000-000000000002
rev1=$(pg_psql "SELECT revision FROM service_entry WHERE id = '$E1'")
t_is "first revision is the insert's seq" "$rev1" \
	"$(sqlite3 "$r1_DB" "SELECT seq FROM change_log WHERE row_id = '$E1'")"
staff=$(sqlite3 "$r1_DB" "SELECT id FROM member WHERE role = 'staff' LIMIT 1")

# a void and a verification, as the triggers allow
sqlite3 "$r1_DB" "
UPDATE service_entry SET voided_at = '2026-11-23T02:00:00.000Z',
  voided_by = '$staff', void_reason = 'wrong badge',
  updated_at = '2026-11-23T02:00:00.000Z' WHERE id = '$E1';
UPDATE service_entry SET status = 'verified', verified_by = '$staff',
  verified_at = '2026-11-23T02:01:00.000Z',
  updated_at = '2026-11-23T02:01:00.000Z' WHERE id = '$E2';"
t_ok "sync status after the changes" $r1_SP sync status
t_contains "two changes wait" "$(cat "$T/out")" "Changes waiting: 2"

t_ok "second push" $r1_SP sync push
t_contains "it sends only the two" "$(cat "$T/out")" "Sent 2 changes (2 rows)"
t_is "the void reached the central" \
	"$(pg_psql "SELECT void_reason FROM service_entry WHERE id = '$E1'")" "wrong badge"
t_is "the void's time is kept" \
	"$(pg_psql "SELECT voided_at AT TIME ZONE 'UTC' FROM service_entry WHERE id = '$E1'")" \
	"2026-11-23 02:00:00"
t_is "the verification reached the central" \
	"$(pg_psql "SELECT status || ' ' || (verified_by = '$staff') FROM service_entry WHERE id = '$E2'")" \
	"verified true"
rev2=$(pg_psql "SELECT revision FROM service_entry WHERE id = '$E1'")
t_is "the revision is the seq of the latest change" "$rev2" \
	"$(sqlite3 "$r1_DB" "SELECT max(seq) FROM change_log WHERE row_id = '$E1'")"
t_ok "the new revision is newer" test "$rev2" -gt "$rev1"
t_is "still one row per entry" \
	"$(pg_psql "SELECT count(*), count(DISTINCT id) FROM service_entry")" "50|50"

# An older revision arriving late never replaces a newer one: import the
# first state again through an old bundle.
t_ok "station key" $r1_SP station key
t_ok "trust" $CENTRAL_SP central trust r1 "$(cat "$T/out")"
sqlite3 "$r1_DB" "UPDATE sync_state SET value = '0' WHERE name = 'push_acked_seq'"
t_ok "export everything" $r1_SP sync export -o "$T/all.bundle"
sqlite3 "$r1_DB" "DROP TRIGGER service_entry_no_rewrite;
UPDATE service_entry SET note = 'rewritten' WHERE id = '$E2';"
t_ok "push the rewrite" $r1_SP sync push
t_ok "import the older bundle" $CENTRAL_SP sync import "$T/all.bundle"
t_is "the newer revision stays" \
	"$(pg_psql "SELECT note FROM service_entry WHERE id = '$E2'")" "rewritten"
t_done
