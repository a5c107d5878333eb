# tests/lib.sh — shared helpers for the command-line and TUI tests.
#
# A test script sources this, calls t_setup, makes checks with t_ok /
# t_is / t_contains, and ends with t_done. Output is TAP, counted by
# tests/run.sh. Every script gets its own folder, config and database.
#
#   SP            the binary under test, with -c for this test's config
#   T             this test's temporary folder (removed at the end)
#   DB            its database file
#   t_clock TIME  sets the injected clock (UTC, "2026-11-23T01:00:00Z")

: "${SVCPOINT_BIN:?run through tests/run.sh or set SVCPOINT_BIN}"
: "${SVCPOINT_ROOT:=$(cd "$(dirname "$0")/../.." && pwd)}"

t_count=0
t_failed=0

t_setup() {
	T=$(mktemp -d "${TMPDIR:-/tmp}/svcpoint-test.XXXXXX")
	DB="$T/svcpoint.db"
	CONF="$T/svcpoint.conf"
	export SVCPOINT_CLOCK_FILE="$T/clock"
	t_clock "2026-11-23T01:00:00Z"
	cat >"$CONF" <<CONF
[station]
id = test-001
name = 测试服务点
timezone = Asia/Shanghai

[store]
path = svcpoint.db

[security]
pepper_file = pepper.key
max_failed_pins = 5
lock_minutes = 15

[kiosk]
language = zh_CN
idle_timeout_s = 60
locked = true

[printer]
type = file
device = printer.out
CONF
	SP="$SVCPOINT_BIN -c $CONF"
	trap t_cleanup EXIT
}

# Appends "key = value" lines to a section of the test config.
t_config() {
	section=$1; shift
	printf '\n[%s]\n' "$section" >>"$CONF"
	for kv in "$@"; do
		printf '%s\n' "$kv" >>"$CONF"
	done
}

t_clock() {
	printf '%s\n' "$1" >"$SVCPOINT_CLOCK_FILE"
}

t_cleanup() {
	[ -n "${TMUX_SOCK:-}" ] && tmux -S "$TMUX_SOCK" kill-server 2>/dev/null
	[ -n "${T:-}" ] && [ -z "${KEEP:-}" ] && rm -rf "$T"
	return 0
}

t_pass() {
	t_count=$((t_count + 1))
	echo "ok $t_count - $1"
}

t_fail() {
	t_count=$((t_count + 1))
	t_failed=$((t_failed + 1))
	echo "not ok $t_count - $1"
	shift
	for line in "$@"; do
		printf '#   %s\n' "$line"
	done
}

# t_ok NAME COMMAND...: passes when COMMAND exits 0.
t_ok() {
	name=$1; shift
	if "$@" >"$T/out" 2>"$T/err"; then
		t_pass "$name"
	else
		t_fail "$name" "command: $*" "stderr: $(head -c 600 "$T/err")"
	fi
}

# t_exit NAME STATUS COMMAND...: passes when COMMAND exits with STATUS.
t_exit() {
	name=$1; want=$2; shift 2
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -eq "$want" ]; then
		t_pass "$name"
	else
		t_fail "$name" "command: $*" "exit $got, wanted $want" \
			"stderr: $(head -c 600 "$T/err")"
	fi
}

# t_is NAME GOT WANT
t_is() {
	if [ "$2" = "$3" ]; then
		t_pass "$1"
	else
		t_fail "$1" "got:    $2" "wanted: $3"
	fi
}

# t_contains NAME HAYSTACK NEEDLE
t_contains() {
	case "$2" in
	*"$3"*) t_pass "$1" ;;
	*) t_fail "$1" "wanted to find: $3" "in: $(printf '%s' "$2" | head -c 1500)" ;;
	esac
}

t_lacks() {
	case "$2" in
	*"$3"*) t_fail "$1" "did not want: $3" "in: $(printf '%s' "$2" | head -c 1500)" ;;
	*) t_pass "$1" ;;
	esac
}

# One value from the test database.
t_sql() {
	sqlite3 -batch -noheader "$DB" "$1"
}

t_done() {
	echo "1..$t_count"
	[ "$t_failed" -eq 0 ]
}

# ---- the kiosk in tmux -------------------------------------------------

# tui_start [COLS ROWS] [ARGS...]: starts the kiosk in a detached tmux
# session of that size (80x24 by default).
tui_start() {
	cols=${1:-80}; rows=${2:-24}
	[ $# -ge 2 ] && shift 2
	TMUX_SOCK="$T/tmux.sock"
	tmux -S "$TMUX_SOCK" -f /dev/null new-session -d -s kiosk \
		-x "$cols" -y "$rows" \
		"env TERM=${TUI_TERM:-xterm-256color} LANG=C.UTF-8 SVCPOINT_CLOCK_FILE=$SVCPOINT_CLOCK_FILE SVCPOINT_LOCALEDIR=${SVCPOINT_LOCALEDIR:-} ASAN_OPTIONS=${ASAN_OPTIONS:-} $SP kiosk $*; echo \"[exit \$?]\"; stty -a | head -1; sleep 30"
	tmux -S "$TMUX_SOCK" set-option -t kiosk remain-on-exit on >/dev/null 2>&1
}

# tui_keys KEYS...: as tmux send-keys (names such as Enter, C-c, BSpace).
tui_keys() {
	tmux -S "$TMUX_SOCK" send-keys -t kiosk "$@"
}

# tui_type TEXT: literal text, UTF-8 included.
tui_type() {
	tmux -S "$TMUX_SOCK" send-keys -t kiosk -l "$1"
}

tui_screen() {
	tmux -S "$TMUX_SOCK" capture-pane -p -t kiosk
}

# tui_wait TEXT [SECONDS]: waits until TEXT is on screen; 0 when it is.
tui_wait() {
	want=$1; limit=${2:-10}
	i=0
	while [ "$i" -lt $((limit * 10)) ]; do
		case "$(tui_screen)" in *"$want"*) return 0 ;; esac
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# tui_expect NAME TEXT [SECONDS]: a check that TEXT appears on screen.
tui_expect() {
	if tui_wait "$2" "${3:-10}"; then
		t_pass "$1"
	else
		t_fail "$1" "screen lacks: $2" "$(tui_screen)"
	fi
}

tui_resize() {
	tmux -S "$TMUX_SOCK" resize-window -t kiosk -x "$1" -y "$2"
}

tui_pid() {
	tmux -S "$TMUX_SOCK" list-panes -t kiosk -F '#{pane_pid}'
}

# t_tr MSGID [LANG]: the UI's text for an English msgid, from the built
# catalog, in zh_CN unless LANG says otherwise. Tests look for the text the
# kiosk really shows, so they hold in either language.
t_tr() {
	TEXTDOMAINDIR="${SVCPOINT_LOCALEDIR:-}" LANGUAGE="${2:-zh_CN}" \
		gettext -e -d svcpoint -- "$1"
}

# t_trc CONTEXT MSGID [LANG]: the same for a msgid the sources give a
# context (C_ / NC_), such as a commitment's status "open".
t_trc() {
	TEXTDOMAINDIR="${SVCPOINT_LOCALEDIR:-}" LANGUAGE="${3:-zh_CN}" \
		gettext -e -d svcpoint -c "$1" -- "$2"
}
