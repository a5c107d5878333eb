#!/bin/sh
# Installs, from Debian packages, whatever the build (with --test, also the
# test suite; with --bench, also the benchmarks) needs and this machine
# lacks. Says what it installs.
set -eu

want_tests=0
want_bench=0
case "${1:-}" in
--test) want_tests=1 ;;
# the benchmarks compare with qrencode and psql and start PostgreSQL too
--bench) want_tests=1 want_bench=1 ;;
esac

missing=""
need() { missing="$missing $1"; }

# libraries, by pkg-config name
for pair in ncursesw:libncurses-dev sqlite3:libsqlite3-dev \
	libqrencode:libqrencode-dev libsodium:libsodium-dev inih:libinih-dev \
	jansson:libjansson-dev libpng:libpng-dev libpq:libpq-dev; do
	pc=${pair%%:*}; pkg=${pair#*:}
	pkg-config --exists "$pc" 2>/dev/null || need "$pkg"
done
[ -f /usr/include/csv.h ] || need libcsv-dev
command -v pkg-config >/dev/null 2>&1 || need pkg-config
command -v cc >/dev/null 2>&1 || need gcc
command -v msgfmt >/dev/null 2>&1 || need gettext
[ -d /usr/share/zoneinfo/Asia ] || need tzdata

if [ "$want_tests" = 1 ]; then
	pkg-config --exists cmocka 2>/dev/null || need libcmocka-dev
	command -v tmux >/dev/null 2>&1 || need tmux
	command -v sqlite3 >/dev/null 2>&1 || need sqlite3
	command -v zbarimg >/dev/null 2>&1 || need zbar-tools
	command -v qrencode >/dev/null 2>&1 || need qrencode
	# the sync tests start a throwaway PostgreSQL server (initdb, pg_ctl, psql)
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need postgresql
	command -v psql >/dev/null 2>&1 || need postgresql-client
fi
if [ "$want_bench" = 1 ]; then
	command -v hyperfine >/dev/null 2>&1 || need hyperfine
fi

if [ -z "$missing" ]; then
	exit 0
fi

echo "svcpoint: installing missing packages:$missing"
if [ "$(id -u)" = 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	echo "svcpoint: need root or sudo to install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
