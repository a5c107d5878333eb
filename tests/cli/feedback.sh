#!/bin/sh
# feedback.sh — `svcpoint feedback list|summary`: the visitors' ratings
# newest first as a table, CSV or JSON, limited by date; the summary's
# count, average and count per rating; bad options refused with exit 2.
. "$SVCPOINT_ROOT/tests/lib.sh"

t_setup
t_ok "init" $SP init

# add_rating ID RATING COMMENT AT: a row as the kiosk leaves it
add_rating() {
	t_sql "INSERT INTO feedback(id, rating, comment, created_at)
	       VALUES ('$1', $2, '$3', '$4')"
}
add_rating 0193a1b2-0001-7000-8000-000000000001 5 "服务热情，点赞" 2026-11-20T02:00:00.000Z
add_rating 0193a1b2-0002-7000-8000-000000000002 4 "" 2026-11-21T02:00:00.000Z
add_rating 0193a1b2-0003-7000-8000-000000000003 2 "等了很久, 希望改进" 2026-11-22T02:00:00.000Z
add_rating 0193a1b2-0004-7000-8000-000000000004 5 "" 2026-11-23T00:30:00.000Z

# CSV: stable names, the rating as a number, newest first, local times
t_ok "list as CSV" $SP feedback list --format csv
t_is "CSV rows, newest first" "$(cat "$T/out")" \
'"id","created","rating","comment","shift_id"
"0193a1b2-0004-7000-8000-000000000004","2026-11-23 08:30","5","",""
"0193a1b2-0003-7000-8000-000000000003","2026-11-22 10:00","2","等了很久, 希望改进",""
"0193a1b2-0002-7000-8000-000000000002","2026-11-21 10:00","4","",""
"0193a1b2-0001-7000-8000-000000000001","2026-11-20 10:00","5","服务热情，点赞",""'

t_ok "list --since" $SP feedback list --since 2026-11-22 --format csv
t_is "--since: two rows and the header" "$(wc -l <"$T/out")" 3
t_lacks "--since: not the older ones" "$(cat "$T/out")" "服务热情"

# JSON parses and keeps the comment
t_ok "list as JSON" $SP feedback list --format json
t_is "JSON: four ratings" \
	"$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/out")" 4
t_is "JSON: the comment kept" \
	"$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[3]["comment"])' "$T/out")" \
	"服务热情，点赞"

# the aligned table says the rating in words
t_ok "list as a table" $SP feedback list
t_contains "table: the rating in words" "$(cat "$T/out")" "5 $(t_tr "Very satisfied")"
t_contains "table: the comment" "$(cat "$T/out")" "等了很久, 希望改进"

t_ok "list --limit 1" $SP feedback list --limit 1 --format csv
t_is "--limit 1: one row and the header" "$(wc -l <"$T/out")" 2

# the summary: 4 ratings, average 4.00, 5 given twice
t_ok "summary" $SP feedback summary
out=$(cat "$T/out")
t_contains "summary: the count" "$out" "$(printf "$(t_tr "Ratings: %d\n")" 4)"
t_contains "summary: the average" "$out" "4.00"
t_contains "summary: five given twice (50%)" "$out" \
	"$(printf "$(t_tr "%d %s: %d (%d%%)\n")" 5 "$(t_tr "Very satisfied")" 2 50)"
t_contains "summary: three never given" "$out" \
	"$(printf "$(t_tr "%d %s: %d (%d%%)\n")" 3 "$(t_tr "Neutral")" 0 0)"

t_ok "summary of one day" $SP feedback summary --since 2026-11-22 --until 2026-11-22
out=$(cat "$T/out")
t_contains "one day: one rating" "$out" "$(printf "$(t_tr "Ratings: %d\n")" 1)"
t_contains "one day: average 2" "$out" "2.00"

t_ok "summary of an empty window" $SP feedback summary --since 2027-01-01
t_contains "empty: no average" "$(cat "$T/out")" "$(t_tr "Average: none yet")"

# refusals: exit 2, nothing printed on stdout
t_exit "a bad date is refused" 2 $SP feedback list --since 2026-13-01
t_exit "a bad format is refused" 2 $SP feedback list --format xml
t_exit "until before since is refused" 2 $SP feedback summary --since 2026-11-22 --until 2026-11-21
t_exit "summary takes no --format" 2 $SP feedback summary --format csv
t_exit "an unknown subcommand is refused" 2 $SP feedback remove
t_exit "no subcommand is refused" 2 $SP feedback
t_ok "--help" $SP feedback --help
t_contains "--help names both" "$(cat "$T/out")" "feedback summary"
t_is "the store is unchanged" "$(t_sql "SELECT count(*) FROM feedback")" 4
t_done
