#!/bin/sh
# brand.sh — `svcpoint brand show` and `brand set`: Chinese text, limits
# in characters, refusals that change nothing, wrapping by display width.
. "$SVCPOINT_ROOT/tests/lib.sh"
t_setup
t_config kiosk "language = en"
$SP init >/dev/null 2>&1 || t_fail "init failed"

t_exit "brand with no subcommand exits 2" 2 $SP brand
t_ok "brand --help" $SP brand --help
t_contains "the help lists the fields" "$(cat "$T/out")" "profile_url"
t_ok "brand show before any brand" $SP brand show

t_ok "set the name in Chinese" $SP brand set name 红心驿站
t_ok "set the slogan" $SP brand set slogan "党员亮身份，服务亮承诺"
t_ok "set the type" $SP brand set type member
t_ok "set the stage" $SP brand set stage summary
t_ok "set the profile address" $SP brand set profile_url https://example.org/brand/7
t_ok "brand show" $SP brand show
out=$(cat "$T/out")
t_contains "show has the name" "$out" "红心驿站"
t_contains "show has the slogan" "$out" "党员亮身份，服务亮承诺"
t_contains "show labels the type" "$out" "member brand"
t_contains "show labels the stage" "$out" "summary and consolidation"
t_contains "show has the address" "$out" "https://example.org/brand/7"
t_is "one audit row per change" "$(t_sql "SELECT count(*) FROM audit_log WHERE action='brand.set'")" "5"
t_is "revision counts the changes" "$(t_sql 'SELECT revision FROM brand')" "5"

t_exit "an unknown field exits 2" 2 $SP brand set colour red
t_contains "the unknown field is named" "$(cat "$T/err")" "colour"
t_exit "eleven characters are too long for a name" 1 $SP brand set name 一二三四五六七八九十一
t_contains "the refusal is a sentence" "$(cat "$T/err")" "too long"
t_ok "ten characters are fine" $SP brand set name 一二三四五六七八九十
t_exit "an unknown type exits 1" 1 $SP brand set type party
t_exit "an address without http exits 1" 1 $SP brand set profile_url example.org
t_exit "an escape sequence is refused" 1 $SP brand set slogan "$(printf 'a\033[2Jb')"
t_exit "set without a value exits 2" 2 $SP brand set name
t_is "refusals wrote nothing" "$(t_sql "SELECT name || '|' || type || '|' || revision FROM brand")" "一二三四五六七八九十|member|6"
t_is "refusals were not audited" "$(t_sql "SELECT count(*) FROM audit_log WHERE action='brand.set'")" "6"

# A long Chinese paragraph with several lines, read from standard input.
long="以人民为中心，服务群众办实事。用品牌标准来开展工作，用品牌形象接受群众监督，用品牌效应来拓展党建工作空间，使党建工作更有活力、更具特色，党组织更有凝聚力。"
printf '%s\n第二段：党员公开承诺、兑现承诺。\n' "$long" >"$T/concept.txt"
t_ok "set a multi-line field from stdin" sh -c "$SP brand set concept - <'$T/concept.txt'"
t_is "the newline is kept" "$(t_sql "SELECT instr(concept, char(10)) > 0 FROM brand")" "1"
t_ok "brand show with the long text" $SP brand show
cp "$T/out" "$T/show.txt"
t_ok "no output line is wider than 80 columns" test "$(wc -L <"$T/show.txt")" -le 80
t_ok "the long paragraph is wrapped over lines" test "$(grep -c '' "$T/show.txt")" -ge 14
t_contains "the second paragraph is shown" "$(cat "$T/show.txt")" "第二段"

# In Chinese (the default) the command works the same.
sed -i 's/^language = en$/language = zh_CN/' "$CONF"
t_ok "brand show in the Chinese UI" $SP brand show
t_contains "the Chinese UI shows the name" "$(cat "$T/out")" "一二三四五六七八九十"

t_done
