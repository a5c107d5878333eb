#!/bin/sh
# Runs the benchmarks on a generated large station and prints their tables.
#
#   bench/run.sh BUILD_DIR
#
# The store (10,000 members, 1,000,000 service entries) is generated once
# by BUILD_DIR/bench/gen and kept in BUILD_DIR/bench-data under a name that
# carries a digest of the generator and of the schema, so it is made again
# only when one of them changes. Each benchmark runs on a scratch copy in a
# temporary folder, because it writes check-ins.
# BENCH_MEMBERS and BENCH_ENTRIES override the size (for a quick try).
set -eu

build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
case "$build" in /*) ;; *) build="$root/$build" ;; esac
members=${BENCH_MEMBERS:-10000}
entries=${BENCH_ENTRIES:-1000000}
data="$build/bench-data"
gen="$build/bench/gen"
key=$(cat "$root/bench/gen.c" "$root/src/core/migrations.c" | sha256sum | cut -c1-12)
store="$data/station-$members-$entries-$key.db"

export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset SVCPOINT_NOW SVCPOINT_CLOCK_FILE

for prog in "$gen" "$build/bench/kiosk" "$build/bench/backup"; do
	if [ ! -x "$prog" ]; then
		echo "bench: $prog is missing; run make bench" >&2
		exit 1
	fi
done

if [ ! -f "$store" ] || [ ! -f "$store.pepper" ]; then
	mkdir -p "$data"
	rm -f "$data"/station-*.db "$data"/station-*.db.pepper "$data"/partial.db*
	echo "== generating the large station (once; kept in ${data#$root/})"
	"$gen" "$data/partial.db" "$members" "$entries"
	mv "$data/partial.db.pepper" "$store.pepper"
	mv "$data/partial.db" "$store"
	echo
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/svcpoint-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
cp "$store" "$work/station.db"
cp "$store.pepper" "$work/station.db.pepper"
chmod 600 "$work/station.db.pepper"

echo "== kiosk on $members members, $entries service entries" \
	"($(du -m "$store" | cut -f1) MiB, $(nproc 2>/dev/null || echo '?') CPUs)"
"$build/bench/kiosk" "$work/station.db"
echo
echo "== online backup of the same store while a kiosk writes"
"$build/bench/backup" "$work/station.db"

# QR code generation against the qrencode tool
if [ -x "$root/bench/qr.sh" ]; then
	echo
	"$root/bench/qr.sh" "$build"
fi

# sync push to a central PostgreSQL against psql \copy of the same rows
if [ -x "$root/bench/sync.sh" ]; then
	echo
	"$root/bench/sync.sh" "$build" "$work/station.db"
fi

# key-to-screen latency of the kiosk in tmux, on the same copy
echo
"$root/bench/latency.sh" "$build" "$work/station.db"
