#!/bin/sh
# activity.sh — `svcpoint activity`: list, add, disable, enable; refusals
# exit 1 (bad value) or 2 (bad usage) and change nothing.
. "$SVCPOINT_ROOT/tests/lib.sh"
t_setup
t_config kiosk "language = en"
$SP init --demo >/dev/null 2>&1 || t_fail "init --demo failed"

t_ok "activity --help" $SP activity --help
t_exit "activity with no subcommand exits 2" 2 $SP activity
t_exit "an unknown subcommand exits 2" 2 $SP activity remove duty

t_ok "list the demo types" $SP activity list
t_is "three types in sort order" "$(awk 'NR > 1 {print $1}' "$T/out" | tr '\n' ' ')" "duty volunteer theme_day "
t_contains "the Chinese name is listed" "$(cat "$T/out")" "志愿服务"

t_ok "add a type" $SP activity add --code pair_help --name 结对帮扶 --name-en "Paired help" --order 15
t_ok "list after adding" $SP activity list --format csv
t_is "the new type sorts by its order" "$(cut -d, -f1 "$T/out" | tr -d '"' | sed -n 3p)" "pair_help"
t_is "the add is audited" "$(t_sql "SELECT count(*) FROM audit_log WHERE action='activity.add'")" "4"

t_exit "a duplicate code exits 1" 1 $SP activity add --code duty --name 值班
t_exit "a bad code exits 1" 1 $SP activity add --code "Bad Code" --name 值班
t_exit "a seventeen-character name exits 1" 1 $SP activity add --code long --name 一二三四五六七八九十一二三四五六七
t_exit "add without --name exits 2" 2 $SP activity add --code x
t_exit "a bad --order exits 2" 2 $SP activity add --code x --name 值班 --order ten
t_is "refusals added nothing" "$(t_sql 'SELECT count(*) FROM activity_type')" "4"

t_ok "disable a type" $SP activity disable volunteer
t_ok "list active types" $SP activity list
t_lacks "a disabled type is not listed" "$(cat "$T/out")" "volunteer"
t_ok "list all types" $SP activity list --all
t_contains "--all lists it" "$(cat "$T/out")" "volunteer"
t_ok "enable it again" $SP activity enable volunteer
t_is "it is active" "$(t_sql "SELECT active FROM activity_type WHERE code='volunteer'")" "1"
t_exit "disabling an unknown code exits 1" 1 $SP activity disable nope
t_ok "the audit chain verifies" $SP check

t_done
