#!/bin/sh
# QR code to PNG, whole process: `svcpoint qr --format png` against the
# qrencode tool (`qrencode -t PNG`) on the same address, same module size,
# level and quiet zone. Prints both times and the ratio, in several rounds
# and their median (goal: 1.0 or less, no slower than qrencode). Uses
# hyperfine (make deps-bench installs it), else a timed loop.
#
#   bench/qr.sh BUILD_DIR
set -eu

build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
case "$build" in /*) ;; *) build="$root/$build" ;; esac
bin="$build/svcpoint"
runs=${BENCH_QR_RUNS:-200}
rounds=${BENCH_QR_ROUNDS:-6}

export LANG=C.UTF-8 LC_ALL=C.UTF-8
if [ ! -x "$bin" ]; then
	echo "bench/qr: $bin is missing; run make" >&2
	exit 1
fi
if ! command -v qrencode >/dev/null 2>&1; then
	echo "bench/qr: qrencode is not installed (make deps-test); skipped"
	exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/svcpoint-bench-qr.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
# An empty configuration: no store is opened with --url.
: >"$work/empty.conf"
url="https://example.org/brand/demo?station=demo-001&from=%E5%B1%95%E6%9D%BF"
ours="$bin -c $work/empty.conf qr --url $url --format png --size 3 --ec M -o $work/ours.png"
theirs="qrencode -t PNG -s 3 -m 4 -l M -o $work/theirs.png $url"

echo "== QR code to PNG, whole process (${#url}-byte address, level M, 3 px a module)"
# One timing of each command, in the order given ($1 = first); prints
# "ours theirs" in seconds whatever the order.
time_pair() {
	if [ "$1" = ours ]; then
		first=$ours second=$theirs
	else
		first=$theirs second=$ours
	fi
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine -N --warmup 20 --runs "$runs" --export-json "$work/h.json" \
			"$first" "$second" >/dev/null 2>&1
		# mean seconds of each, from hyperfine's JSON (no jq needed)
		set -- $(tr ',' '\n' <"$work/h.json" | sed -n 's/^ *"mean": *//p')
	else
		loop() {
			start=$(date +%s%N)
			i=0
			while [ $i -lt "$runs" ]; do
				$1 >/dev/null
				i=$((i + 1))
			done
			end=$(date +%s%N)
			echo "$(( (end - start) / runs ))e-9"
		}
		set -- "$(loop "$first")" "$(loop "$second")"
	fi
	if [ "$first" = "$ours" ]; then
		echo "$1 $2"
	else
		echo "$2 $1"
	fi
}
if command -v hyperfine >/dev/null 2>&1; then
	how="hyperfine, $runs runs each"
else
	how="shell loop, $runs runs each"
fi
# Start-up times of a millisecond drift with whatever else the machine
# does, and the command timed second runs on a warmer machine: several
# rounds, alternating which goes first, and the median ratio of them.
round=0
: >"$work/rounds"
while [ $round -lt "$rounds" ]; do
	if [ $((round % 2)) = 0 ]; then
		time_pair ours >>"$work/rounds"
	else
		time_pair theirs >>"$work/rounds"
	fi
	round=$((round + 1))
done
awk -v how="$how" -v rounds="$rounds" '
{ a[NR] = $1; b[NR] = $2; r[NR] = $1 / $2
  printf "  round %d: svcpoint %6.2f ms, qrencode %6.2f ms, ratio %5.2f\n", NR, $1 * 1000, $2 * 1000, r[NR] }
END {
	for (i = 1; i <= NR; i++)
		for (j = i + 1; j <= NR; j++)
			if (r[j] < r[i]) { t = r[i]; r[i] = r[j]; r[j] = t }
	med = (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2
	printf "  ratio svcpoint / qrencode, median of %d rounds  %5.2f   (%s)\n", rounds, med, how
}' "$work/rounds"

# Instructions, loader included: the same count every run, unlike time.
if command -v valgrind >/dev/null 2>&1; then
	count() {
		# shellcheck disable=SC2086
		valgrind --tool=callgrind --callgrind-out-file=/dev/null $1 2>&1 >/dev/null |
			sed -n 's/.*refs: *//p' | tr -d ,
	}
	ia=$(count "$ours")
	ib=$(count "$theirs")
	awk -v a="$ia" -v b="$ib" 'BEGIN {
		printf "  instructions: svcpoint %d, qrencode %d, ratio %5.2f   (callgrind)\n", a, b, a / b
	}'
fi
