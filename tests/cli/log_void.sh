# tests/cli/log_void.sh — `svcpoint log void ID --staff NO --reason TEXT`:
# an entry named by its full id or the entry no. on its slip is voided
# by a staff member with a reason, audited, and never voided twice; bad
# arguments exit 2 and failures 1, and neither changes the store.
. "$SVCPOINT_ROOT/tests/lib.sh"

t_setup
t_ok "init --demo makes a store" $SP init --demo

STAFF=90001
MEMBER=10001
E1=01a2a2c0-1111-7abc-8def-000000000001
E2=01a2a2c0-2222-7abc-8def-000000000002   # E2 and E3 share their entry no.
E3=01a2a2c0-2222-7abc-8def-000000000003
NOW=2026-11-23T01:00:00.000Z

# Three closed visits of 张建国 (badge 10001).
for id in $E1 $E2 $E3; do
	t_sql "INSERT INTO service_entry(id, member_id, activity_id, kind,
		started_at, ended_at, minutes, round_minutes, status, created_at,
		updated_at) VALUES ('$id',
		(SELECT id FROM member WHERE member_no = '$MEMBER'),
		(SELECT id FROM activity_type WHERE code = 'duty'), 'visit',
		'2026-11-22T01:00:00.000Z', '2026-11-22T02:30:00.000Z', 90, 1,
		'closed', '$NOW', '$NOW')"
done
t_is "fixture entries" "$(t_sql "SELECT count(*) FROM service_entry")" 3
STAFF_ID=$(t_sql "SELECT id FROM member WHERE member_no = '$STAFF'")

# unchanged: every entry as it was, and no audit row about entries.
unchanged() {
	t_is "$1: no entry is voided" \
		"$(t_sql "SELECT count(*) FROM service_entry WHERE voided_at IS NOT NULL OR void_reason IS NOT NULL OR voided_by IS NOT NULL")" 0
	t_is "$1: no void is audited" \
		"$(t_sql "SELECT count(*) FROM audit_log WHERE action = 'entry.void'")" 0
}

# ---- refused before anything is written -----------------------------------
t_exit "no reason: exit 2" 2 $SP log void "${E1%%-7abc*}" --staff $STAFF
t_contains "no reason: says the reason is required" "$(cat "$T/err")" "--reason"
unchanged "no reason"
t_exit "an empty reason: exit 2" 2 $SP log void $E1 --staff $STAFF --reason ""
t_exit "no staff: exit 2" 2 $SP log void $E1 --reason "刷错了卡"
t_contains "no staff: names --staff" "$(cat "$T/err")" "--staff"
t_exit "no id: exit 2" 2 $SP log void --staff $STAFF --reason "x"
t_exit "not an id: exit 2" 2 $SP log void "xyz" --staff $STAFF --reason "x"
t_contains "not an id: names it" "$(cat "$T/err")" "xyz"
t_exit "too short for an entry no.: exit 2" 2 $SP log void 01a2a2c0-111 --staff $STAFF --reason "x"
long=$(printf '%0201d' 0)
t_exit "a reason over 200 characters: exit 2" 2 $SP log void $E1 --staff $STAFF --reason "$long"
esc=$(printf 'bad\033[31mred')
t_exit "an escape sequence in the reason: exit 2" 2 $SP log void $E1 --staff $STAFF --reason "$esc"
t_exit "a stray argument: exit 2" 2 $SP log void $E1 extra --staff $STAFF --reason "x"
t_exit "an unknown option: exit 2" 2 $SP log void $E1 --staff $STAFF --reason "x" --force
t_exit "--staff without a value: exit 2" 2 $SP log void $E1 --reason "x" --staff
unchanged "bad arguments"

# ---- refused by the store's rules ------------------------------------------
t_exit "a member's badge: exit 1" 1 $SP log void $E1 --staff $MEMBER --reason "x"
t_contains "a member's badge: only staff" "$(cat "$T/err")" "$(t_tr "Only station staff may do this.")"
unchanged "a member's badge"
t_exit "an unknown badge: exit 1" 1 $SP log void $E1 --staff 99999 --reason "x"
t_contains "an unknown badge: named" "$(cat "$T/err")" "99999"
unchanged "an unknown badge"
t_exit "an unknown id: exit 1" 1 $SP log void 00000000-0000 --staff $STAFF --reason "x"
t_contains "an unknown id: named" "$(cat "$T/err")" "00000000-0000"
unchanged "an unknown id"
t_exit "an ambiguous entry no.: exit 1" 1 $SP log void 01a2a2c0-2222 --staff $STAFF --reason "x"
t_contains "an ambiguous entry no.: named" "$(cat "$T/err")" "01a2a2c0-2222"
unchanged "an ambiguous entry no."

# ---- the void ---------------------------------------------------------------
t_clock "2026-11-23T02:00:00Z"
t_ok "void by the entry no. on the slip" $SP log void 01A2A2C0-1111 --staff $STAFF --reason "刷错了卡"
t_contains "says which entry, in full" "$(cat "$T/out")" "$E1"
t_is "the entry is voided now, by the staff member, with the reason" \
	"$(t_sql "SELECT voided_at, voided_by, void_reason FROM service_entry WHERE id = '$E1'")" \
	"2026-11-23T02:00:00.000Z|$STAFF_ID|刷错了卡"
t_is "and stays as it was otherwise" \
	"$(t_sql "SELECT status, minutes, started_at FROM service_entry WHERE id = '$E1'")" \
	"closed|90|2026-11-22T01:00:00.000Z"
t_is "the other entries are untouched" \
	"$(t_sql "SELECT count(*) FROM service_entry WHERE voided_at IS NULL")" 2
t_is "one audit row: entry.void of that entry by the staff member with the reason" \
	"$(t_sql "SELECT a.action, a.target, m.member_no, a.detail FROM audit_log a JOIN member m ON m.id = a.actor_id WHERE a.action = 'entry.void'")" \
	"entry.void|$E1|$STAFF|刷错了卡"
t_ok "log list runs" $SP log list --format csv
t_contains "log list shows it voided" "$(cat "$T/out")" "\"$E1\",\"$MEMBER\",\"张建国\",\"值班服务\",\"visit\",\"voided\","

# a second void is refused and changes nothing
t_exit "a second void: exit 1" 1 $SP log void $E1 --staff $STAFF --reason "again"
t_contains "a second void: names the entry" "$(cat "$T/err")" "$E1"
t_is "a second void: the first reason stays" \
	"$(t_sql "SELECT voided_at, void_reason FROM service_entry WHERE id = '$E1'")" \
	"2026-11-23T02:00:00.000Z|刷错了卡"
t_is "a second void: still one audit row" \
	"$(t_sql "SELECT count(*) FROM audit_log WHERE action = 'entry.void'")" 1

# the full id tells the twins apart
t_ok "void by the full id" $SP log void $E3 --staff $STAFF --reason "重复记录"
t_is "only that twin is voided" \
	"$(t_sql "SELECT id FROM service_entry WHERE voided_at IS NOT NULL ORDER BY id")" \
	"$E1
$E3"
t_ok "the audit chain verifies" $SP check

# ---- help ---------------------------------------------------------------------
t_ok "log --help" $SP log --help
t_contains "log --help shows log void" "$(cat "$T/out")" "svcpoint log void ENTRY_ID --staff NO --reason TEXT"
t_ok "log void --help" $SP log void --help
t_contains "log void --help names --reason" "$(cat "$T/out")" "--reason"
t_exit "log without a subcommand: exit 2" 2 $SP log
t_contains "and names both" "$(cat "$T/err")" "log void"

t_done
