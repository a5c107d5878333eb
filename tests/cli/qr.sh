# tests/cli/qr.sh — `svcpoint qr`: what an independent reader (zbarimg)
# gets back from every output format, for short, long and Chinese
# addresses at every error-correction level; the profile address and its
# station tag; and the refusals.
. "$SVCPOINT_ROOT/tests/lib.sh"
t_setup

TOOLS=$(dirname "$SVCPOINT_BIN")/tools

# zbarimg's answer for an image, nothing else (it chats on stderr).
scan() {
	zbarimg --raw -q "$1" 2>/dev/null
}

# An address of exactly $1 bytes.
url_of() {
	base="https://e.org/"
	pad=$(($1 - ${#base}))
	printf '%s%s' "$base" "$(head -c "$pad" /dev/zero | tr '\0' 'a')"
}

u20=$(url_of 20)
u100=$(url_of 100)
u300=$(url_of 300)
t_is "test addresses have 20, 100 and 300 bytes" \
	"${#u20} $(printf '%s' "$u100" | wc -c) $(printf '%s' "$u300" | wc -c)" "20 100 300"

# Chinese in the path: the QR code carries the percent-encoded UTF-8
# bytes (what a browser sends), so every phone reader opens it.
uzh="https://example.org/品牌/红心驿站?from=kiosk"
uzh_enc="https://example.org/%E5%93%81%E7%89%8C/%E7%BA%A2%E5%BF%83%E9%A9%BF%E7%AB%99?from=kiosk"

n=0
for url in "$u20" "$u100" "$u300" "$uzh"; do
	n=$((n + 1))
	want=$url
	[ "$url" = "$uzh" ] && want=$uzh_enc
	for ec in L M Q H; do
		$SP qr --url "$url" --format png --ec "$ec" -o "$T/q.png" 2>"$T/err"
		t_is "png, address $n (${#url} chars), level $ec" "$(scan "$T/q.png")" "$want"
		$SP qr --url "$url" --format svg --ec "$ec" --size 3 -o "$T/q.svg" 2>"$T/err"
		rm -f "$T/svg.png"
		"$TOOLS/svg2png" "$T/q.svg" "$T/svg.png" 4 2>>"$T/err"
		t_is "svg, address $n, level $ec" "$(scan "$T/svg.png")" "$want"
	done
done

svg=$(cat "$T/q.svg")
t_contains "svg is drawn crisp" "$svg" 'shape-rendering="crispEdges"'
t_lacks "svg has no blurred edges" "$svg" "<image"

# Terminal text, half blocks and two-cell colours, read back.
$SP qr --url "$u100" >"$T/q.txt"
"$TOOLS/text2png" "$T/q.txt" "$T/txt.png"
t_is "utf8 half blocks scan" "$(scan "$T/txt.png")" "$u100"
t_contains "utf8 uses half blocks" "$(cat "$T/q.txt")" "▀"
t_lacks "utf8 has no escape sequences" "$(cat "$T/q.txt")" "$(printf '\033')"
first=$(head -n 1 "$T/q.txt")
t_is "utf8 starts with a blank quiet-zone line" "$(printf '%s' "$first" | tr -d ' ')" ""
$SP qr --url "$u100" --format ansi >"$T/qa.txt"
"$TOOLS/text2png" "$T/qa.txt" "$T/ansi.png"
t_is "ansi two-cell drawing scans" "$(scan "$T/ansi.png")" "$u100"
t_lacks "ansi uses no ambiguous-width blocks" "$(cat "$T/qa.txt")" "▀"

# ESC/POS: the receipt printer's bit image, and its own QR command.
$SP qr --url "$u100" --format escpos -o "$T/q.bin"
"$TOOLS/escpos_decode" --cut --png "$T/img" "$T/q.bin" >"$T/dec" 2>"$T/err"
t_is "escpos job decodes" "$?" 0
t_is "escpos raster image scans" "$(scan "$T/img-1.png")" "$u100"

# The profile address: from the configuration without a store ...
t_config brand "profile_url = https://example.org/brand/cfg" "tag_station = true"
$SP qr --format png -o "$T/p.png" 2>"$T/err"
t_is "config address with the station tag" "$(scan "$T/p.png")" \
	"https://example.org/brand/cfg?station=test-001"
# ... and the brand's own from the store when it has one
$SP init --demo >/dev/null 2>&1
$SP brand set profile_url "https://example.org/品牌?lang=zh" >/dev/null 2>&1
$SP qr --format png -o "$T/p.png" 2>"$T/err"
t_is "brand address from the store, encoded and tagged" "$(scan "$T/p.png")" \
	"https://example.org/%E5%93%81%E7%89%8C?lang=zh&station=test-001"
$SP qr --url "https://example.org/x" --format png -o "$T/p.png"
t_is "--url is used as given (no tag)" "$(scan "$T/p.png")" "https://example.org/x"

# Refusals
t_exit "unknown level is a usage error" 2 $SP qr --url "$u20" --ec X
t_contains "says what is wrong" "$(cat "$T/err")" "--ec"
t_exit "unknown format is a usage error" 2 $SP qr --url "$u20" --format gif
t_exit "size out of range" 2 $SP qr --url "$u20" --size 0
t_exit "stray argument" 2 $SP qr extra
big=$(url_of 3000)
t_exit "an address too long for level H fails" 1 $SP qr --url "$big" --ec H
t_contains "and says so" "$(cat "$T/err")" "太长"
t_exit "unwritable output fails" 1 $SP qr --url "$u20" --format png -o "$T/no/such/dir.png"
t_ok "help" $SP qr --help
t_contains "help names the formats" "$(cat "$T/out")" "utf8|ansi|png|svg|escpos"

t_done
