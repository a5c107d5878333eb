# tests/cli/print.sh — `svcpoint print`: the brand card, slip reprints and
# the test page as ESC/POS jobs, read back by the project's own decoder
# (tests/tools/escpos_decode.c) in bit-image and native QR modes, the QR
# images read by zbarimg; and printers that fail (a device that cannot be
# opened, a TCP printer that drops the job, lp refusing) never touching
# the record, logged, and printing afterwards.
. "$SVCPOINT_ROOT/tests/lib.sh"
t_setup

TOOLS=$(dirname "$SVCPOINT_BIN")/tools
OUT="$T/printer.out"

scan() {
	zbarimg --raw -q "$1" 2>/dev/null
}

# decode [ARGS...]: decodes the file printer's jobs into $T/dec (images as
# $T/img-N.png); 0 when the decoder found nothing wrong.
decode() {
	rm -f "$T"/img-*.png
	"$TOOLS/escpos_decode" --cut --png "$T/img" "$@" "$OUT" >"$T/dec" 2>"$T/decerr"
}

# A config like the test's, with other [printer] settings.
printer_conf() {
	name=$1; shift
	sed '/^\[printer\]/,$d' "$CONF" >"$T/$name.conf"
	printf '[printer]\n' >>"$T/$name.conf"
	for kv in "$@"; do
		printf '%s\n' "$kv" >>"$T/$name.conf"
	done
	echo "$SVCPOINT_BIN -c $T/$name.conf"
}

$SP init --demo >/dev/null 2>&1
URL="https://example.org/brand/demo"
$SP brand set slogan "红心向党 服务为民" >/dev/null 2>&1
brand=$(t_sql "SELECT name FROM brand")
slogan=$(t_sql "SELECT slogan FROM brand")
t_is "fixture slogan" "$slogan" "红心向党 服务为民"

# One closed visit of 张建国 (badge 10001), 09:00 to 10:30 local time.
ID="01a2a2c0-1234-7abc-8def-0123456789ab"
t_sql "INSERT INTO service_entry(id, member_id, activity_id, kind, started_at,
	ended_at, minutes, round_minutes, status, created_at, updated_at)
	VALUES ('$ID', (SELECT id FROM member WHERE member_no = '10001'),
	(SELECT id FROM activity_type WHERE code = 'duty'), 'visit',
	'2026-11-23T01:00:00.000Z', '2026-11-23T02:30:00.000Z', 90, 1, 'closed',
	'2026-11-23T02:30:00.000Z', '2026-11-23T02:30:00.000Z')"
SHORT=$(printf '%s' "$ID" | cut -c1-13)
member=$(t_sql "SELECT name FROM member WHERE member_no = '10001'")
t_is "fixture member" "$member" "张建国"

# The reprint mark in the UI language, as the message catalogue has it.
mark=REPRINT
if command -v gettext >/dev/null 2>&1; then
	mark=$(TEXTDOMAINDIR="$SVCPOINT_LOCALEDIR" LANGUAGE=zh_CN gettext -d svcpoint REPRINT)
fi

# ---- the brand card -------------------------------------------------------
rm -f "$OUT"
t_ok "print brand (raster QR)" $SP print brand
decode
t_is "brand card decodes (ESC @ first, known commands, cut)" "$?" 0
dec=$(cat "$T/dec")
t_contains "brand name" "$dec" "$brand"
t_contains "slogan" "$dec" "$slogan"
t_contains "station name" "$dec" "测试服务点"
t_contains "one bit image" "$dec" "[image 1 384x"
t_is "the image scans to the profile address" "$(scan "$T/img-1.png")" "$URL"
t_lacks "no native QR in raster mode" "$dec" "[qr]"
# the text really is GB18030 on paper, not UTF-8
t_lacks "no UTF-8 bytes of the name" "$(cat "$OUT")" "$brand"

SPN=$(printer_conf native "type = file" "device = printer.out" "qr_mode = native")
rm -f "$OUT"
t_ok "print brand (native QR)" $SPN print brand
decode
t_is "native brand card decodes" "$?" 0
t_contains "native payload is the address" "$(cat "$T/dec")" "[qr] $URL"
t_lacks "no bit image in native mode" "$(cat "$T/dec")" "[image"

# ---- the service slip --------------------------------------------------------
rm -f "$OUT"
t_ok "print slip by short id" $SP print slip "$SHORT"
t_contains "says it reprinted" "$(cat "$T/out")" "$ID"
decode
t_is "slip decodes" "$?" 0
dec=$(cat "$T/dec")
t_contains "masked name" "$dec" "张*国"
t_lacks "full name not printed" "$dec" "张建国"
t_contains "activity" "$dec" "值班服务"
t_contains "date and times" "$dec" "2026-11-23 09:00 - 10:30"
t_contains "station" "$dec" "测试服务点"
t_contains "short id" "$dec" "$SHORT"
t_contains "marked as a reprint" "$dec" "$mark"
t_is "slip image scans" "$(scan "$T/img-1.png")" "$URL"
t_is "reprint audited" "$(t_sql "SELECT count(*) FROM audit_log WHERE action = 'print.reprint' AND target = '$ID'")" 1

rm -f "$OUT"
t_ok "print slip native, by full id" $SPN print slip "$ID"
decode
t_is "native slip decodes" "$?" 0
t_contains "native slip payload" "$(cat "$T/dec")" "[qr] $URL"
t_contains "native slip masked name" "$(cat "$T/dec")" "张*国"

# English UI: the mark is the English word
SPE=$(printer_conf en "type = file" "device = printer.out")
sed -i 's/^language = zh_CN$/language = en/' "$T/en.conf"
rm -f "$OUT"
t_ok "print slip in English" $SPE print slip "$SHORT"
decode
t_contains "English reprint mark" "$(cat "$T/dec")" "REPRINT"

# Station tag on the slip's QR
SPT=$(printer_conf tag "type = file" "device = printer.out")
printf '\n[brand]\ntag_station = true\n' >>"$T/tag.conf"
rm -f "$OUT"
t_ok "print slip with station tag" $SPT print slip "$SHORT"
decode
t_is "tagged address scans" "$(scan "$T/img-1.png")" "$URL?station=test-001"

# Without a cut configured the job has none (and the decoder, asked for
# one, says so)
SPC=$(printer_conf nocut "type = file" "device = printer.out" "cut = false")
rm -f "$OUT"
t_ok "print slip without cut" $SPC print slip "$SHORT"
decode
t_is "a job without the cut is caught" "$?" 1
t_contains "decoder names the missing cut" "$(cat "$T/decerr")" "cut"

# UTF-8 printers get UTF-8
SPU=$(printer_conf utf8 "type = file" "device = printer.out" "encoding = utf-8")
rm -f "$OUT"
t_ok "print slip on a UTF-8 printer" $SPU print slip "$SHORT"
decode --encoding utf-8
t_contains "UTF-8 text" "$(cat "$T/dec")" "张*国"

# ---- the test page -----------------------------------------------------------
rm -f "$OUT"
t_ok "print test" $SP print test
decode
t_is "test page decodes" "$?" 0
t_contains "encoding sample" "$(cat "$T/dec")" "中文测试"
t_contains "ruler for 32 columns" "$(cat "$T/dec")" "12345678901234567890123456789012"
t_is "test page image scans" "$(scan "$T/img-1.png")" "$URL"

# Several jobs in one file: each starts with ESC @ and ends with its cut
rm -f "$OUT"
$SP print test >/dev/null && $SP print brand >/dev/null && $SP print slip "$SHORT" >/dev/null
decode
t_is "three jobs decode" "$?" 0
t_contains "third job" "$(cat "$T/dec")" "[job 3]"

# ---- bad ids -----------------------------------------------------------------
t_exit "too short an id is a usage error" 2 $SP print slip 01a2a2c0-123
t_exit "unknown id fails" 1 $SP print slip 00000000-0000
t_contains "says so" "$(cat "$T/err")" "00000000"
t_exit "nothing to print" 2 $SP print
t_exit "unknown receipt" 2 $SP print poster

# ---- failing printers ------------------------------------------------------------
entries_before=$(t_sql "SELECT count(*) FROM service_entry")
SPD=$(printer_conf dev "type = escpos" "device = $T/no-such-dir/lp0")
t_exit "device that cannot be opened: exit 1" 1 $SPD print slip "$SHORT"
t_contains "clear sentence" "$(cat "$T/err")" "打印失败"
t_contains "names the device" "$(cat "$T/err")" "$T/no-such-dir/lp0"
t_contains "says the entry is safe" "$(cat "$T/err")" "$ID"
t_is "entry still in the database" "$(t_sql "SELECT count(*) FROM service_entry")" "$entries_before"
t_is "entry unchanged" "$(t_sql "SELECT status || ' ' || minutes FROM service_entry WHERE id = '$ID'")" "closed 90"
t_is "failure audited with its reason" \
	"$(t_sql "SELECT count(*) FROM audit_log WHERE action = 'print.failed' AND target = '$ID' AND detail LIKE '%lp0%'")" 1

# A TCP printer that reads a little and hangs up mid-job.
"$TOOLS/tcp_printer" "$T/port" "$T/tcp.out" --close-after 16 &
tcp_pid=$!
i=0
while [ ! -f "$T/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
SPN2=$(printer_conf tcpbad "type = escpos" "host = 127.0.0.1:$(cat "$T/port")")
t_exit "TCP printer closing mid-job: exit 1" 1 $SPN2 print slip "$SHORT"
t_contains "reports the dropped job" "$(cat "$T/err")" "打印失败"
wait $tcp_pid
t_is "printer got only the first bytes" "$(wc -c <"$T/tcp.out" | tr -d ' ')" 16
t_is "second failure audited" \
	"$(t_sql "SELECT count(*) FROM audit_log WHERE action = 'print.failed' AND target = '$ID'")" 2

# A TCP printer that takes the whole job.
rm -f "$T/port" "$T/tcp.out"
"$TOOLS/tcp_printer" "$T/port" "$T/tcp.out" &
tcp_pid=$!
i=0
while [ ! -f "$T/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
SPN3=$(printer_conf tcpgood "type = escpos" "host = 127.0.0.1:$(cat "$T/port")")
t_ok "TCP printer taking the job" $SPN3 print slip "$SHORT"
wait $tcp_pid
"$TOOLS/escpos_decode" --cut --png "$T/tcpimg" "$T/tcp.out" >"$T/dec" 2>"$T/decerr"
t_is "TCP job decodes" "$?" 0
t_contains "TCP job is the slip" "$(cat "$T/dec")" "张*国"

# Afterwards, on the file printer, the same slip comes out as a reprint.
rm -f "$OUT"
t_ok "print slip after the failures" $SP print slip "$SHORT"
decode
t_contains "printed, marked as a reprint" "$(cat "$T/dec")" "$mark"
t_is "its QR scans" "$(scan "$T/img-1.png")" "$URL"

# CUPS through lp: a stand-in lp that keeps the job, then one that refuses.
mkdir -p "$T/bin"
cat >"$T/bin/lp" <<EOF
#!/bin/sh
printf '%s\n' "\$*" >"$T/lp.args"
cat >"$T/lp.job"
echo "request id is kiosk-1 (1 file(s))"
EOF
chmod +x "$T/bin/lp"
SPL=$(printer_conf cups "type = cups" "queue = kiosk")
t_ok "cups: lp takes the job" env PATH="$T/bin:$PATH" $SPL print slip "$SHORT"
t_is "lp called for the queue, raw" "$(cat "$T/lp.args")" "-d kiosk -o raw"
t_lacks "lp's chatter stays off our output" "$(cat "$T/out")" "request id"
"$TOOLS/escpos_decode" --cut "$T/lp.job" >"$T/dec" 2>"$T/decerr"
t_contains "lp got the slip" "$(cat "$T/dec")" "张*国"
cat >"$T/bin/lp" <<'EOF'
#!/bin/sh
cat >/dev/null
echo "lp: The printer or class does not exist." >&2
exit 1
EOF
t_exit "cups: lp refusing fails" 1 env PATH="$T/bin:$PATH" $SPL print slip "$SHORT"
t_contains "with lp's reason" "$(cat "$T/err")" "does not exist"

# No printer: nothing printed, said so, not an error.
SPX=$(printer_conf none "type = none")
t_ok "type = none prints nothing" $SPX print slip "$SHORT"
t_contains "and says so" "$(cat "$T/err")" "未打印任何内容"

t_is "audit chain still verifies" "$($SP check >/dev/null 2>&1; echo $?)" 0

t_done
