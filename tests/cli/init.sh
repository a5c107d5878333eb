#!/bin/sh
# init.sh — `svcpoint init [--demo]`: creates and migrates the store, the
# PIN secret and the station record; the demo fills an empty store once.
. "$SVCPOINT_ROOT/tests/lib.sh"
t_setup
t_config kiosk "language = en"

t_exit "init --help exits 0" 0 $SP init --help
t_contains "init --help explains --demo" "$(cat "$T/out")" "--demo"
t_exit "init with an unknown option exits 2" 2 $SP init --bogus
t_contains "the unknown option is named" "$(cat "$T/err")" "--bogus"
t_exit "init with a stray argument exits 2" 2 $SP init extra
t_is "nothing was created by a refused init" "$(ls "$T" | grep -c 'svcpoint.db\|pepper.key')" "0"

t_ok "init creates the store" $SP init
out=$(cat "$T/out")
t_contains "init says it created the store" "$out" "Created the database $T/svcpoint.db"
version=$(sed -n 's/.*(schema version \([0-9][0-9]*\)).*/\1/p' "$T/out")
t_is "user_version is the schema version init reports" "$(t_sql 'PRAGMA user_version')" "$version"
t_ok "the schema version is at least 1" test "${version:-0}" -ge 1
t_is "the store is in WAL mode" "$(t_sql 'PRAGMA journal_mode')" "wal"
t_is "the pepper file has mode 600" "$(stat -c %a "$T/pepper.key")" "600"
t_contains "init says it created the pepper" "$out" "$T/pepper.key"
t_is "the station id is recorded" "$(t_sql "SELECT value FROM station WHERE key='station_id'")" "test-001"
t_is "the station name is recorded" "$(t_sql "SELECT value FROM station WHERE key='station_name'")" "测试服务点"
t_is "station creation is audited" "$(t_sql "SELECT count(*) FROM audit_log WHERE action='station.create'")" "1"
pepper_before=$(cat "$T/pepper.key")

t_ok "init a second time is fine" $SP init
t_contains "the second init says the store is current" "$(cat "$T/out")" "already at schema version $version"
t_is "the pepper is never replaced" "$(cat "$T/pepper.key")" "$pepper_before"
t_is "no second station row" "$(t_sql "SELECT count(*) FROM audit_log WHERE action='station.create'")" "1"

t_ok "init --demo fills the empty store" $SP init --demo
out=$(cat "$T/out")
for no in 10001 10002 10003 10004 90001; do
	t_contains "the demo prints badge $no" "$out" "$no"
done
t_is "five demo member lines with PINs" "$(grep -c -E '^ *(1000[1-4]|90001) .* [0-9]{4} *$' "$T/out")" "5"
t_contains "the demo prints the staff member" "$out" "staff"
t_is "five members in the store" "$(t_sql 'SELECT count(*) FROM member')" "5"
t_is "one of them staff" "$(t_sql "SELECT count(*) FROM member WHERE role='staff'")" "1"
t_is "three activity types" "$(t_sql 'SELECT group_concat(code) FROM (SELECT code FROM activity_type ORDER BY sort_order)')" "duty,volunteer,theme_day"
t_is "the demo brand" "$(t_sql 'SELECT name, type, stage FROM brand')" "红心驿站|organisation|deployment"
t_is "PINs are stored as Argon2id hashes" "$(t_sql "SELECT count(*) FROM member WHERE pin_hash LIKE '\$argon2id\$%'")" "5"
t_ok "the audit chain of the demo verifies" $SP check

t_exit "a second --demo is refused" 1 $SP init --demo
t_contains "the refusal says why" "$(cat "$T/err")" "already has members"
t_is "still five members" "$(t_sql 'SELECT count(*) FROM member')" "5"

# A store belongs to one station: another id in the config is refused.
sed -i 's/^id = test-001$/id = other-002/' "$CONF"
t_exit "init refuses to relabel the store" 1 $SP init
t_contains "the refusal names both ids" "$(cat "$T/err")" "test-001"
t_contains "the refusal names the configured id" "$(cat "$T/err")" "other-002"
t_is "the store keeps its station id" "$(t_sql "SELECT value FROM station WHERE key='station_id'")" "test-001"

# A renamed station (same id) is recorded, with an audit row.
sed -i 's/^id = other-002$/id = test-001/; s/^name = 测试服务点$/name = 新名字服务点/' "$CONF"
t_ok "init after a rename" $SP init
t_is "the new name is recorded" "$(t_sql "SELECT value FROM station WHERE key='station_name'")" "新名字服务点"
t_is "the rename is audited" "$(t_sql "SELECT count(*) FROM audit_log WHERE action='station.rename'")" "1"

# An unsafe pepper is refused, not used.
chmod 644 "$T/pepper.key"
t_exit "init refuses a pepper readable by others" 1 $SP init

t_done
