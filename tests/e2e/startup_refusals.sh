#!/bin/sh
# startup_refusals.sh — the kiosk refuses to start where it could lose
# records or show garbage: a damaged page, a damaged file, a missing PIN
# secret, no terminal. Each says why on stderr and exits 1 before the
# terminal is touched.
. "$SVCPOINT_ROOT/tests/lib.sh"
. "$SVCPOINT_ROOT/tests/e2e/kiosk.inc"

S_DAMAGED="已损坏"
S_NO_TERMINAL=$(t_tr "svcpoint: the kiosk needs a terminal.")

kiosk_setup

t_exit "no terminal: exit 1" 1 $SP kiosk
t_contains "no terminal: says so" "$(cat "$T/err")" "$S_NO_TERMINAL"
t_exit "an extra argument: exit 2" 2 $SP kiosk extra
t_exit "--help: exit 0" 0 $SP kiosk --help

# a damaged page inside an otherwise valid file: the start-up check
# (quick_check) finds it before any screen shows
cp "$DB" "$T/good.db"
page=$(t_sql "PRAGMA page_size")
root=$(t_sql "SELECT rootpage FROM sqlite_master WHERE name = 'member'")
printf '\015\377\377\377\377\377\377\377' |
	dd of="$DB" bs=1 seek=$((page * (root - 1))) conv=notrunc 2>/dev/null
t_exit "a damaged page: exit 1" 1 $SP kiosk
t_contains "a damaged page: restore from a backup" "$(cat "$T/err")" "$S_DAMAGED"
cp "$T/good.db" "$DB"

# the PIN secret is gone
mv "$T/pepper.key" "$T/pepper.moved"
t_exit "no pepper: exit 1" 1 $SP kiosk
t_contains "no pepper: names the file" "$(cat "$T/err")" "pepper.key"
mv "$T/pepper.moved" "$T/pepper.key"

# a damaged file
printf 'this is not a database at all, not even close to one.....' >"$DB"
rm -f "$DB-wal" "$DB-shm"
t_exit "damaged: exit 1" 1 $SP kiosk
t_contains "damaged: says so" "$(cat "$T/err")" "$S_DAMAGED"
t_done
