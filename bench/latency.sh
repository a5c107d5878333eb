#!/bin/sh
# Key-to-screen latency of the kiosk on a large station: the real binary
# in a tmux terminal of 80x24, driven as a member drives it, each step
# timed from the moment its keys are sent to the moment the screen that
# answers them shows in the terminal.
#
#   bench/latency.sh BUILD_DIR STORE [ROUNDS]
#
# STORE is a scratch copy made by bench/run.sh (with STORE.pepper beside
# it): the rounds write check-ins and check-outs to it. Each round signs
# in a member without an open visit (badge scanned at full speed, then the
# PIN), checks in, goes home, signs in again, checks out (the write, the
# totals and the points), goes home, moves the home menu's highlight, and
# opens the brand screen (its QR code encoded and drawn) and leaves it.
# Prints one table in milliseconds: runs, median, 95th percentile and
# slowest per step.
#
# What a figure holds: tmux delivering the keys (one send-keys, two for a
# badge: its digits, then Enter), the kiosk's work and drawing, tmux
# taking the output in, and the poll that sees it: each look at the screen
# is one `capture-pane`, whose own cost is the first row of the table, so
# a figure is high by up to that much. Run it on an otherwise idle
# machine: it measures wall-clock time.
set -eu

build=${1:?usage: bench/latency.sh BUILD_DIR STORE [ROUNDS]}
store=${2:?usage: bench/latency.sh BUILD_DIR STORE [ROUNDS]}
rounds=${3:-${BENCH_LATENCY_ROUNDS:-20}}
root=$(cd "$(dirname "$0")/.." && pwd)
case "$build" in /*) ;; *) build="$root/$build" ;; esac
bin="$build/svcpoint"

for tool in tmux sqlite3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "latency: $tool is missing; skipped" >&2
		exit 0
	fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/svcpoint-latency.XXXXXX")
sock="$work/tmux.sock"
times="$work/times"
cleanup() {
	tmux -S "$sock" kill-server 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

# English: the screens are then the source's own texts, which this script
# looks for. The printer is off: nothing here prints.
cat >"$work/bench.conf" <<CONF
[station]
id = bench-001
name = 基准测试党员服务点
timezone = Asia/Shanghai

[store]
path = $store

[security]
pepper_file = $store.pepper

[kiosk]
language = en
idle_timeout_s = 600
locked = true

[brand]
profile_url = https://example.org/brand/bench
tag_station = true

[printer]
type = none
CONF

# The generator's "now"; every round moves it on two hours.
clock="$work/clock"
t0=$(date -u -d 2026-11-23T01:00:00Z +%s)
set_clock() {
	date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ >"$clock"
}
set_clock "$t0"

# Members who can check in: no open visit, not locked.
badges=$(sqlite3 -batch -noheader "$store" "SELECT member_no FROM member m
	WHERE role = 'member' AND active = 1 AND locked_until IS NULL AND NOT EXISTS (SELECT 1 FROM service_entry e
	WHERE e.member_id = m.id AND e.status = 'open')
	ORDER BY member_no LIMIT $rounds OFFSET 500" 2>/dev/null) || badges=""
if [ -z "$badges" ]; then
	badges=$(sqlite3 -batch -noheader "$store" "SELECT member_no FROM member m
		WHERE NOT EXISTS (SELECT 1 FROM service_entry e
		WHERE e.member_id = m.id AND e.status = 'open')
		ORDER BY member_no LIMIT $rounds OFFSET 500")
fi

tmux -S "$sock" -f /dev/null new-session -d -s bench -x 80 -y 24 \
	"env TERM=xterm-256color LANG=C.UTF-8 SVCPOINT_CLOCK_FILE=$clock SVCPOINT_LOCALEDIR=$work/none $bin -c $work/bench.conf kiosk; sleep 60"

screen() {
	tmux -S "$sock" capture-pane -p -t bench
}

# wait_for TEXT: polls the screen until TEXT shows (60 s at most).
wait_for() {
	deadline=$(($(date +%s) + 60))
	while :; do
		case "$(screen)" in *"$1"*) return 0 ;; esac
		if [ "$(date +%s)" -gt "$deadline" ]; then
			echo "latency: the screen never showed: $1" >&2
			screen >&2
			exit 1
		fi
	done
}

now_ns() {
	date +%s%N
}

# step NAME TEXT KEYS...: sends the keys (a "-l" first sends text) and
# records the time until TEXT shows.
step() {
	name=$1; want=$2; shift 2
	start=$(now_ns)
	if [ "$1" = -l ]; then
		tmux -S "$sock" send-keys -t bench -l "$2"
		shift 2
		[ $# -gt 0 ] && tmux -S "$sock" send-keys -t bench "$@"
	else
		tmux -S "$sock" send-keys -t bench "$@"
	fi
	wait_for "$want"
	end=$(now_ns)
	echo "$name $(((end - start) / 1000))" >>"$times"
}

HOME_TEXT="Scan your badge, or type its number and press Enter."
PIN_TEXT="Type your PIN and press Enter."
PANEL_TEXT="Back to the home screen"
CHECKIN_TEXT="Press Enter to check in."
SAVED_IN="Saved. You are checked in:"
SAVED_OUT="Saved. Your visit is closed:"

echo "latency: starting the kiosk (the start-up health check reads the whole store)" >&2
wait_for "$HOME_TEXT"
: >"$times"
# the floor under every figure: one look at the screen, nothing sent
i=0
while [ $i -lt 20 ]; do
	start=$(now_ns)
	screen >/dev/null
	echo "0 one capture-pane (the poll's own cost) $((($(now_ns) - start) / 1000))" >>"$times"
	i=$((i + 1))
done
n=0
for badge in $badges; do
	n=$((n + 1))
	set_clock $((t0 + n * 7200))
	step "1 badge scan + Enter -> PIN prompt" "$PIN_TEXT" -l "$badge" Enter
	step "2 PIN + Enter -> member panel (Argon2id)" "$PANEL_TEXT" -l 1234 Enter
	step "3 Enter on an activity -> check-in form" "$CHECKIN_TEXT" Enter
	step "4 Enter -> check-in saved and read back" "$SAVED_IN" Enter
	step "5 any key -> home" "$HOME_TEXT" Space
	set_clock $((t0 + n * 7200 + 3600))
	step "1 badge scan + Enter -> PIN prompt" "$PIN_TEXT" -l "$badge" Enter
	step "2 PIN + Enter -> member panel (Argon2id)" "$PANEL_TEXT" -l 1234 Enter
	step "6 Enter -> check-out saved, totals, points" "$SAVED_OUT" Enter
	step "5 any key -> home" "$HOME_TEXT" Space
	step "7 Down on the home menu -> highlight moved" "│>2  " Down
	step "7 Down on the home menu -> highlight moved" "│>1  " Up
	step "8 5 + Enter on home -> brand screen, QR code" "Print the brand card" -l 5 Enter
	step "9 Esc on the brand screen -> home" "$HOME_TEXT" Escape
done
tmux -S "$sock" kill-server 2>/dev/null || true

echo "key-to-screen latency, 80x24, $n rounds; milliseconds"
echo
printf '| %-44s | %4s | %6s | %6s | %6s |\n' "step" "runs" "median" "p95" "max"
printf '| %-44s | %4s | %6s | %6s | %6s |\n' "---" "---:" "---:" "---:" "---:"
cut -d' ' -f1 "$times" | sort -un | while read -r id; do
	label=$(grep "^$id " "$times" | head -1 | sed 's/ [0-9]*$//; s/^[0-9]* //')
	grep "^$id " "$times" | awk '{ print $NF }' | sort -n | awk -v label="$label" '
		{ v[NR] = $1 }
		END {
			med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			p = int(NR * 0.95 + 0.999999); if (p < 1) p = 1; if (p > NR) p = NR
			printf "| %-44s | %4d | %6.1f | %6.1f | %6.1f |\n", label, NR,
				med / 1000, v[p] / 1000, v[NR] / 1000
		}'
done
