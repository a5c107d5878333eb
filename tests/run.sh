#!/bin/sh
# Runs every test and ends with one line "N passed, N failed".
#
#   tests/run.sh BUILD_DIR [FILTER]
#
# Unit tests (cmocka, in TAP mode) and the shell tests under tests/cli and
# tests/e2e all speak TAP: "ok N - name" / "not ok N - name". A program
# that dies without reporting (a sanitizer abort, say) counts as one failure.
set -u

build=${1:-build}
filter=${2:-}
root=$(cd "$(dirname "$0")/.." && pwd)
logdir="$root/$build/test-logs"
mkdir -p "$logdir"

export SVCPOINT_BIN="$root/$build/svcpoint"
export SVCPOINT_LOCALEDIR="$root/$build/locale"
export SVCPOINT_ROOT="$root"
export CMOCKA_MESSAGE_OUTPUT=TAP
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=86"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LANG=C.UTF-8 LC_ALL=C.UTF-8

passed=0
failed=0
failures=""

run_one() {
	name=$1; shift
	log="$logdir/$(echo "$name" | tr '/' '_').log"
	start=$(date +%s)
	"$@" >"$log" 2>&1 </dev/null
	rc=$?
	secs=$(( $(date +%s) - start ))
	ok=$(grep -ac '^ok ' "$log")
	bad=$(grep -ac '^not ok ' "$log")
	if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
		bad=1
		echo "not ok - $name exited with status $rc" >>"$log"
	fi
	passed=$((passed + ok))
	failed=$((failed + bad))
	if [ "$bad" -gt 0 ]; then
		printf 'FAIL %-40s %d passed, %d failed, %ds (log: %s)\n' "$name" "$ok" "$bad" "$secs" "${log#$root/}"
		grep -a '^not ok ' "$log" | sed 's/^/       /'
		failures="$failures $name"
	else
		printf 'ok   %-40s %d passed, %ds\n' "$name" "$ok" "$secs"
	fi
}

for t in "$root/$build"/tests/test_*; do
	[ -x "$t" ] || continue
	name="unit/$(basename "$t")"
	case "$name" in *"$filter"*) ;; *) continue ;; esac
	run_one "$name" "$t"
done

for t in "$root"/tests/cli/*.sh "$root"/tests/e2e/*.sh; do
	[ -f "$t" ] || continue
	name="$(basename "$(dirname "$t")")/$(basename "$t" .sh)"
	case "$name" in *"$filter"*) ;; *) continue ;; esac
	run_one "$name" sh "$t"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
