# tests/cli/sync_bundle.sh — offline bundles: the round trip, and the
# refusals (one byte changed, truncated, an unknown key, another station's
# name) that import nothing; a second import and an overlapping bundle
# change nothing; `sync ack` after the central holds it.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/pg.sh"

t_setup
pg_start
$CENTRAL_SP central init >/dev/null 2>&1 || t_fail "central init"
pg_station b1
pg_station b2
$b1_SP init --demo >/dev/null 2>&1 || t_fail "init b1"
$b2_SP init --demo >/dev/null 2>&1 || t_fail "init b2"
pg_entries "$b1_DB" 300 000000e1

t_is "the key file is private" "$(stat -c %a "$T/b1/station.key")" 600
t_ok "station key prints the public key" $b1_SP station key
key1=$(cat "$T/out")
t_is "64 hex digits" "$(printf %s "$key1" | grep -c '^[0-9a-f]\{64\}$')" 1
$b2_SP station key >"$T/key2" 2>/dev/null
key2=$(cat "$T/key2")
t_ok "the two stations have different keys" test "$key1" != "$key2"

t_ok "export" $b1_SP sync export -o "$T/b1.bundle"
t_contains "export says what it wrote" "$(cat "$T/out")" "of station b1"
t_is "export does not move the watermark" \
	"$(sqlite3 "$b1_DB" "SELECT count(*) FROM sync_state WHERE name = 'push_acked_seq'")" 0
t_is "no partial file is left" "$(ls "$T" | grep -c partial)" 0
last=$(sqlite3 "$b1_DB" "SELECT max(seq) FROM change_log")
t_contains "the header names the station" "$(head -1 "$T/b1.bundle")" '"station_id":"b1"'
t_contains "the header carries the key" "$(head -1 "$T/b1.bundle")" "$key1"
t_contains "the last line is the signature" "$(tail -1 "$T/b1.bundle")" '{"signature":"'

central_rows() {
	pg_psql "SELECT (SELECT count(*) FROM service_entry) + (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM brand)"
}

# --- refusals, each importing nothing ------------------------------------
t_exit "an untrusted station is refused" 1 $CENTRAL_SP sync import "$T/b1.bundle"
t_contains "with a clear sentence" "$(cat "$T/err")" "not signed by a trusted key"
t_is "nothing imported" "$(central_rows)" 0

t_ok "trust b1" $CENTRAL_SP central trust b1 "$key1"
t_ok "trust b2" $CENTRAL_SP central trust b2 "$key2"
t_exit "a malformed key is a usage error" 2 $CENTRAL_SP central trust b3 abc

# one byte changed in the middle: a digit of an entry's minutes
size=$(wc -c <"$T/b1.bundle")
cp "$T/b1.bundle" "$T/changed.bundle"
off=$(grep -bo '"minutes":"60"' "$T/changed.bundle" | sed -n 50p | cut -d: -f1)
printf '7' | dd of="$T/changed.bundle" bs=1 seek=$((off + 11)) conv=notrunc 2>/dev/null
t_is "the altered copy differs in one byte" "$(cmp -l "$T/b1.bundle" "$T/changed.bundle" | wc -l)" 1
t_exit "a one-byte change is refused" 1 $CENTRAL_SP sync import "$T/changed.bundle"
t_contains "as damaged or altered" "$(cat "$T/err")" "damaged, truncated or altered"
t_is "nothing imported" "$(central_rows)" 0

head -c $((size / 2)) "$T/b1.bundle" >"$T/cut.bundle"
t_exit "a truncated bundle is refused" 1 $CENTRAL_SP sync import "$T/cut.bundle"
t_contains "as damaged" "$(cat "$T/err")" "damaged, truncated or altered"
head -n -1 "$T/b1.bundle" >"$T/nosig.bundle"
t_exit "a bundle cut before its signature is refused" 1 $CENTRAL_SP sync import "$T/nosig.bundle"
t_is "nothing imported" "$(central_rows)" 0

# b1's bundle relabelled as b2's: b2's key does not match
sed '1s/"station_id":"b1"/"station_id":"b2"/' "$T/b1.bundle" >"$T/relabel.bundle"
t_exit "a bundle claiming another station is refused" 1 $CENTRAL_SP sync import "$T/relabel.bundle"
t_contains "as untrusted" "$(cat "$T/err")" "not signed by a trusted key"
# and relabelled with b2's key too: the signature fails
sed "1s/\"station_id\":\"b1\"/\"station_id\":\"b2\"/; 1s/$key1/$key2/" "$T/b1.bundle" >"$T/replay.bundle"
t_exit "a replay under another station's key is refused" 1 $CENTRAL_SP sync import "$T/replay.bundle"
t_contains "as altered" "$(cat "$T/err")" "damaged, truncated or altered"
t_is "nothing imported" "$(central_rows)" 0

# a store that calls itself b1 but signs with a key the central does not
# know, and a station the central has never heard of
pg_station b9
$b9_SP init >/dev/null 2>&1
cp "$T/b9/svcpoint.db" "$T/b9/own.db"
sqlite3 "$T/b9/svcpoint.db" "UPDATE station SET value = 'b1' WHERE key = 'station_id'"
t_ok "the impostor exports" $b9_SP sync export -o "$T/b9.bundle"
t_contains "under the name b1" "$(head -1 "$T/b9.bundle")" '"station_id":"b1"'
t_exit "an unknown key is refused" 1 $CENTRAL_SP sync import "$T/b9.bundle"
t_contains "as untrusted" "$(cat "$T/err")" "not signed by a trusted key"
t_ok "b9 exports as itself" $b9_SP -d "$T/b9/own.db" sync export -o "$T/b9.bundle"
t_exit "an unknown key is refused" 1 $CENTRAL_SP sync import "$T/b9.bundle"
t_contains "as untrusted" "$(cat "$T/err")" "not signed by a trusted key"
t_is "nothing imported" "$(central_rows)" 0

# --- the round trip -------------------------------------------------------
t_ok "the bundle imports" $CENTRAL_SP sync import "$T/b1.bundle"
t_contains "import says what it stored" "$(cat "$T/out")" "station b1"
for tb in service_entry audit_log brand activity_type; do
	t_is "$tb arrived" \
		"$(pg_psql "SELECT count(*) FROM $tb WHERE station_id = 'b1'")" \
		"$(sqlite3 "$b1_DB" "SELECT count(*) FROM $tb")"
done
t_is "the same entries" \
	"$(pg_psql "SELECT id || note FROM service_entry ORDER BY id" | md5sum)" \
	"$(sqlite3 "$b1_DB" "SELECT id || note FROM service_entry ORDER BY id" | md5sum)"

snap=$(pg_psql "SELECT count(*), max(received_at) FROM service_entry")
t_ok "a second import runs" $CENTRAL_SP sync import "$T/b1.bundle"
t_is "and changes nothing" "$(pg_psql "SELECT count(*), max(received_at) FROM service_entry")" "$snap"

# overlapping: more entries, a new bundle holding the old changes too
pg_entries "$b1_DB" 20 000000e2
t_ok "second export" $b1_SP sync export -o "$T/b1-2.bundle"
t_ok "the overlapping bundle imports" $CENTRAL_SP sync import "$T/b1-2.bundle"
t_is "now 320 entries, once each" \
	"$(pg_psql "SELECT count(*) || ' ' || count(DISTINCT id) FROM service_entry")" "320 320"
last=$(sqlite3 "$b1_DB" "SELECT max(seq) FROM change_log")
t_ok "central status" $CENTRAL_SP central status --format csv
t_is "the central holds b1 to its last seq, no gap" \
	"$(tr -d '"' <"$T/out" | grep '^b1,' | cut -d, -f2,4,5,6)" "$last,$last,,$key1"

# the station learns of it: ack by hand
t_ok "sync ack" $b1_SP sync ack "$last"
t_ok "sync status" $b1_SP sync status
t_contains "only the ack's own audit row waits" "$(cat "$T/out")" "Changes waiting: 1"
t_exit "an ack beyond the last change is refused" 1 $b1_SP sync ack $((last + 100))
t_is "the ack is audited" \
	"$(sqlite3 "$b1_DB" "SELECT count(*) FROM audit_log WHERE action = 'sync.ack'")" 1
t_done
