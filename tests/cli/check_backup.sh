#!/bin/sh
# check_backup.sh — `svcpoint check` finds a tampered audit row;
# `svcpoint backup` makes a healthy copy with the same records.
. "$SVCPOINT_ROOT/tests/lib.sh"
t_setup
t_config kiosk "language = en"

t_exit "check without a store exits 1" 1 $SP check
$SP init --demo >/dev/null 2>&1 || t_fail "init --demo failed"

t_ok "check on a healthy store" $SP check
t_contains "check says integrity ok" "$(cat "$T/out")" "integrity ok"
rows=$(t_sql 'SELECT count(*) FROM audit_log')
t_contains "check counts the audit rows" "$(cat "$T/out")" "audit chain ok ($rows rows)"
t_exit "check with an argument exits 2" 2 $SP check extra
t_ok "check --help" $SP check --help

t_exit "backup without a file exits 2" 2 $SP backup
t_ok "backup to a file" $SP backup "$T/copy.db"
t_contains "backup prints the path" "$(cat "$T/out")" "$T/copy.db"
t_is "the copy passes integrity_check" "$(sqlite3 "$T/copy.db" 'PRAGMA integrity_check')" "ok"
t_is "the copy has the same members" "$(sqlite3 "$T/copy.db" 'SELECT count(*) FROM member')" "$(t_sql 'SELECT count(*) FROM member')"
t_is "the copy has the same audit rows" "$(sqlite3 "$T/copy.db" 'SELECT count(*) FROM audit_log')" "$rows"
t_ok "check on the copy" $SVCPOINT_BIN -c "$CONF" -d "$T/copy.db" check
t_exit "backup into a missing folder exits 1" 1 $SP backup "$T/no/such/dir/copy.db"
t_ok "backup replaces an older copy" $SP backup "$T/copy.db"

# Tamper with an audit row behind the program's back.
sqlite3 "$DB" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail='x' WHERE seq=2;"
t_exit "check finds the tampered row" 1 $SP check
t_contains "check names row 2" "$(cat "$T/err")" "row 2"
t_contains "the integrity part still passes" "$(cat "$T/out")" "integrity ok"

t_done
