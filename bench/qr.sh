#!/bin/sh
# QR code to PNG, whole process: `svcpoint qr --format png` against the
# qrencode tool (`qrencode -t PNG`) on the same address, same module size,
# level and quiet zone. Prints both times and the ratio (goal: 1.0 or
# less, no slower than qrencode). Uses hyperfine when installed, else a
# timed loop.
#
#   bench/qr.sh BUILD_DIR
set -eu

build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
case "$build" in /*) ;; *) build="$root/$build" ;; esac
bin="$build/svcpoint"
runs=${BENCH_QR_RUNS:-200}

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
if command -v hyperfine >/dev/null 2>&1; then
	hyperfine -N --warmup 20 --runs "$runs" --export-json "$work/h.json" \
		-n svcpoint "$ours" -n qrencode "$theirs" >/dev/null 2>&1
	# mean seconds of each, from hyperfine's JSON (no jq needed)
	means=$(tr ',' '\n' <"$work/h.json" | sed -n 's/^ *"mean": *//p')
	a=$(echo "$means" | sed -n 1p)
	b=$(echo "$means" | sed -n 2p)
	how="hyperfine, $runs runs each"
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
	a=$(loop "$ours")
	b=$(loop "$theirs")
	how="shell loop, $runs runs each"
fi
awk -v a="$a" -v b="$b" -v how="$how" 'BEGIN {
	printf "  svcpoint qr --format png   %8.2f ms\n", a * 1000
	printf "  qrencode -t PNG            %8.2f ms\n", b * 1000
	printf "  ratio svcpoint / qrencode  %8.2f   (%s)\n", a / b, how
}'
