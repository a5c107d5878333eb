#!/bin/sh
# docs/screens/capture.sh — captures the kiosk's main flows at 80x24 with
# tmux capture-pane, as text files beside this script, so the screens in
# the docs are the program's own output and can be regenerated after a
# change or a new translation. Run by hand (not part of `make test`):
#
#   make && docs/screens/capture.sh          # Chinese (the default)
#   docs/screens/capture.sh en               # English, into docs/screens/en/
#
# It drives the real binary on a throwaway demo database with the clock
# fixed at Monday 23 Nov 2026, 09:00 in Asia/Shanghai, so the captures
# only change when the screens do. Needs tmux and sqlite3.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
lang=${1:-zh_CN}
out=$here
[ "$lang" = en ] && out=$here/en
mkdir -p "$out"

export SVCPOINT_ROOT="$root"
export SVCPOINT_BIN="${SVCPOINT_BIN:-$root/build/svcpoint}"
export SVCPOINT_LOCALEDIR="${SVCPOINT_LOCALEDIR:-$root/build/locale}"
export LANG=C.UTF-8 LC_ALL=C.UTF-8
[ -x "$SVCPOINT_BIN" ] || { echo "capture.sh: build first (make)" >&2; exit 1; }

. "$root/tests/lib.sh"
. "$root/tests/e2e/kiosk.inc"

# shot NAME: the screen as it is once the keys sent so far have landed.
shot() {
	sleep 1
	tui_screen >"$out/$1.txt"
	echo "captured $out/$1.txt"
}

# Keys that move between screens; a pause lets each screen settle.
keys() {
	tui_keys "$@"
	sleep 0.5
}

# Home's menu item, then the badge and PIN on the badge step.
open_item() {
	keys "$1"
	sleep 0.5
	tui_type "$M1_BADGE"
	keys Enter
	tui_type "$M1_PIN"
	keys Enter
}

kiosk_setup
[ "$lang" = en ] && t_config kiosk "language = en"
t_clock "2026-11-23T01:00:00Z"
tui_start
tui_wait "$S_HOME_BRAND" || { echo "capture.sh: the kiosk did not start" >&2; exit 1; }
shot home

# check in: scan, PIN, activity, confirm
tui_type "$M1_BADGE"
keys Enter
tui_type "11"
shot pin
tui_type "11"
keys Enter
shot panel_checkin
keys Enter
tui_type "整理阅览室图书"
shot checkin
keys Enter
shot checkin_saved
keys Space

# check out 90 minutes later
t_clock "2026-11-23T02:30:00Z"
tui_type "$M1_BADGE"
keys Enter
tui_type "$M1_PIN"
keys Enter
shot panel_checkout
keys Enter
shot checkout_saved
keys Space

# log hours done elsewhere: yesterday, 2.5 hours, volunteer service
open_item 2
keys 2 Down
tui_type "2.5"
keys Down Right Down
tui_type "周六上午和社区志愿者一起清理小区楼道里的小广告，共清理三栋楼；还帮助独居的王大爷把旧家具搬到楼下的回收点。"
shot loghours
keys Enter
shot loghours_saved
keys Space

# two commitments, one of them marked fulfilled
open_item 3
keys Enter Right Down 1 Down Down
tui_type "每周三上午到驿站值班，为行动不便的老人代办社保、医保业务。"
shot commitment_new
keys Enter
shot commitment_saved
keys Space
open_item 3
keys Enter Down Down Down
tui_type "每月组织一次政策宣讲，讲给楼里的老党员和居民听。"
keys Enter
keys Space
open_item 3
keys 2
shot commitment_detail
keys Enter
tui_type "已连续四周值班，代办业务十二件。"
shot commitment_fulfil
keys Enter
keys Space
open_item 3
shot commitments

# the record
keys Escape
keys Escape
open_item 4
shot record
kiosk_quit_clean >/dev/null
t_done >/dev/null
