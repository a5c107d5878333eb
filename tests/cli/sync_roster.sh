# tests/cli/sync_roster.sh — the roster: `central member import` into the
# central, `sync pull` (and push, which pulls first) bringing new and
# changed members down without touching the lockout of unchanged ones;
# member changes never become changes to push.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/pg.sh"

t_setup
pg_start
pg_station m1
$m1_SP init >/dev/null 2>&1 || t_fail "init"
$CENTRAL_SP central init >/dev/null 2>&1 || t_fail "central init"

cat >"$T/roster.csv" <<'CSV'
member_no,name,branch,role,pin
20001,赵红梅,第一党支部,member,1234
20002,孙建军,第一党支部,member,2345
29001,周敏,第二党支部,staff,9876
CSV
t_ok "central member import" $CENTRAL_SP central member import "$T/roster.csv"
t_contains "three added" "$(cat "$T/out")" "3 added, 0 updated, 0 unchanged"
t_ok "the same file again" $CENTRAL_SP central member import "$T/roster.csv"
t_contains "changes nothing" "$(cat "$T/out")" "0 added, 0 updated, 3 unchanged"
t_is "the central holds hashes, not PINs" \
	"$(pg_psql "SELECT count(*) FROM member WHERE pin_hash LIKE '\$argon2id\$%'")" 3

printf 'member_no,name,branch,role,pin\n20003,"bad\033[2Jname",x,member,1111\n' >"$T/bad.csv"
t_exit "a bad CSV is refused" 1 $CENTRAL_SP central member import "$T/bad.csv"
t_contains "naming the line" "$(cat "$T/err")" "line 2"
t_is "nothing was imported" "$(pg_psql "SELECT count(*) FROM member")" 3

changes=$(sqlite3 "$m1_DB" "SELECT count(*) FROM change_log")
t_ok "sync pull" $m1_SP sync pull
t_contains "three members came down" "$(cat "$T/out")" "3 added, 0 updated"
t_is "with the central's ids" \
	"$(sqlite3 "$m1_DB" "SELECT id FROM member WHERE member_no = '20001'")" \
	"$(pg_psql "SELECT id FROM member WHERE member_no = '20001'")"
t_is "and the central's PIN hashes" \
	"$(sqlite3 "$m1_DB" "SELECT pin_hash FROM member WHERE member_no = '29001'")" \
	"$(pg_psql "SELECT pin_hash FROM member WHERE member_no = '29001'")"
t_is "members are not changes to push; the pull's audit row is" \
	"$(sqlite3 "$m1_DB" "SELECT count(*) FROM change_log")" $((changes + 1))
t_is "the pull is audited" \
	"$(sqlite3 "$m1_DB" "SELECT count(*) FROM audit_log WHERE action = 'sync.pull'")" 1
t_ok "pull again" $m1_SP sync pull
t_contains "nothing new" "$(cat "$T/out")" "0 added, 0 updated"

# lockout counters are the station's own, and never a change
before=$(sqlite3 "$m1_DB" "SELECT count(*) FROM change_log")
sqlite3 "$m1_DB" "UPDATE member SET failed_pins = 3 WHERE member_no IN ('20001', '20002')"
t_is "a lockout update is not a change" \
	"$(sqlite3 "$m1_DB" "SELECT count(*) FROM change_log")" "$before"

# 20001 renamed, 20002 gets a new PIN: push pulls first
sed -i 's/^20001,赵红梅/20001,赵红梅丽/; s/^20002,\(.*\),2345$/20002,\1,5432/' "$T/roster.csv"
t_ok "import the changes" $CENTRAL_SP central member import "$T/roster.csv"
t_contains "two updated" "$(cat "$T/out")" "0 added, 2 updated, 1 unchanged"
t_ok "push" $m1_SP sync push
t_contains "push pulled first" "$(cat "$T/out")" "0 added, 2 updated, 0 unchanged"
t_is "the new name arrived" \
	"$(sqlite3 "$m1_DB" "SELECT name FROM member WHERE member_no = '20001'")" "赵红梅丽"
t_is "a rename keeps the lockout count" \
	"$(sqlite3 "$m1_DB" "SELECT failed_pins FROM member WHERE member_no = '20001'")" 3
t_is "a new PIN clears it" \
	"$(sqlite3 "$m1_DB" "SELECT failed_pins FROM member WHERE member_no = '20002'")" 0
t_is "the unchanged member was not touched" \
	"$(sqlite3 "$m1_DB" "SELECT updated_at FROM member WHERE member_no = '29001'")" \
	"$(sqlite3 "$m1_DB" "SELECT created_at FROM member WHERE member_no = '29001'")"
t_done
