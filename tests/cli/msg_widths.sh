#!/bin/sh
# msg_widths.sh — the kiosk's messages fit where they are drawn, in both
# languages: English (the msgid) and zh_CN (the built catalog), counted in
# display columns (a Chinese character takes two), with sample arguments
# in place of their % directives.
#
# Which messages, found in the sources rather than listed here, so a new
# one is checked the day it is written:
#   - the status line (78 columns at 80x24: draw.c draws k->message from
#     column 1 to cols - 2): every msgid in the arguments of kiosk_say(),
#     form_text_key() (its "full" sentence) and printjob_send() (its "done"
#     sentence) under src/tui, the sentences form_text_message() returns,
#     and every status sentence of src/core/status.c (kiosk_say_status);
#   - a fixed-width field: a msgid after a translator comment that says
#     "at most N columns", up to the end of that statement.
# A message with %s needs sample arguments in the table below: the check
# fails until it has them, rather than guess.
. "$SVCPOINT_ROOT/tests/lib.sh"
t_setup

mo="$SVCPOINT_LOCALEDIR/zh_CN/LC_MESSAGES/svcpoint.mo"
if [ ! -f "$mo" ]; then
	t_fail "the built catalog is there" "missing: $mo"
	t_done
	exit 1
fi

python3 - "$SVCPOINT_ROOT" "$mo" >"$T/results" 2>"$T/py.err" <<'PY'
import glob, gettext, os, re, sys, unicodedata

root, mo = sys.argv[1], sys.argv[2]
STATUS_COLS = 78
STATUS_CALLS = {'kiosk_say', 'form_text_key', 'printjob_send'}
STATUS_FUNCS = {'form_text_message'}
# keyword: (index of the context argument or None, index of the msgid)
KEYWORDS = {'_': (None, 0), 'N_': (None, 0), 'C_': (0, 1), 'NC_': (0, 1)}

# Sample arguments for messages with %s, by English msgid: a literal, or
# a (msgid, args...) tuple that is translated and formatted in the
# language being checked. The widest that can really occur.
MINUTES = ('%d h %d min', 11, 30)
SAMPLES = {
    "Too many wrong PINs: this badge is locked until %s.":
        ['2026-11-23 09:15'],   # the date shows when it is another day
    "Not saved: that day already has %s on record; at most %s a day.":
        [MINUTES, ('%s h', '24')],
    "Shift opened at %s. Entries from now on belong to it.": ['09:15'],
    # the name is cut at 20 columns
    "Saved: the visit of %s ends at %s.": ['欧阳修远欧阳修远欧阳', '17:30'],
    "%zu verified; %zu could not be: %s":
        [12, 3, ('This record cannot be changed that way now.',)],
    "Saved: entry %s is voided and stays on record with the reason.":
        ['0193a5c4-1f2e-7'],    # the entry no. on a slip: 15 characters
    # a printer's reason, as printer.c words it
    "Not printed: %s.": [('cannot open the printer %s: %s', '/dev/usb/lp0',
                          'No such device')],
}
NUMBER_SAMPLE = 366    # %d and friends: counts, days, hours, limits

# Status codes only the upward sync and the bundle import return: the
# sync screen shows their sentence in its own wrapped box, the command
# line on stderr; never the status line.
SYNC_ONLY = {'SP_ERR_CENTRAL', 'SP_ERR_CENTRAL_TIMEOUT', 'SP_ERR_BUNDLE',
             'SP_ERR_UNTRUSTED', 'SP_ERR_KEY'}

TOK = re.compile(r'''("(?:[^"\\\n]|\\.)*")|('(?:[^'\\\n]|\\.)*')|(/\*.*?\*/)|(//[^\n]*)|([A-Za-z_]\w*)|([(){};,])|(\s+)|(.)''', re.S)

def unescape(lit):
    return (lit[1:-1].encode('utf-8').decode('unicode_escape')
            .encode('latin-1').decode('utf-8'))

def tokens(path):
    src = open(path, encoding='utf-8').read()
    line = 1
    for m in TOK.finditer(src):
        lit, ch, com, lc, ident, punct, ws, other = m.groups()
        text = m.group(0)
        if com or lc:
            yield ('com', text, line)
        elif lit:
            yield ('str', lit, line)
        elif ch:
            yield ('chr', ch, line)
        elif ident:
            yield ('id', ident, line)
        elif punct:
            yield ('p', punct, line)
        elif other:
            yield ('o', other, line)
        line += text.count('\n')

def scan(path):
    """(line, context, msgid, enclosing calls, function, column limit)."""
    toks = list(tokens(path))
    calls, depth, func, name, limit, out = [], 0, None, None, None, []
    last_call = None   # the last name called at file level: a definition's
    i = 0
    while i < len(toks):
        kind, val, line = toks[i]
        nxt = toks[i + 1][1] if i + 1 < len(toks) else None
        if kind == 'com':
            m = re.search(r'TRANSLATORS:.*?at most (\d+) columns', val, re.S)
            if m:
                limit = int(m.group(1))
        elif kind == 'id' and val in KEYWORDS and nxt == '(':
            ctx_i, id_i = KEYWORDS[val]
            args, level, j = [[]], 0, i + 2
            while j < len(toks):
                k2, v2, _ = toks[j]
                if v2 == '(':
                    level += 1
                elif v2 == ')':
                    if level == 0:
                        break
                    level -= 1
                if v2 == ',' and level == 0:
                    args.append([])
                elif k2 == 'str':
                    args[-1].append(unescape(v2))
                elif k2 == 'id' and re.fullmatch(r'PRI[diuxX](8|16|32|64)', v2):
                    args[-1].append('<%s>' % v2)
                elif k2 != 'com':
                    args[-1].append(None)
                j += 1
            def joined(a):
                return None if not a or None in a else ''.join(a)
            msgid = joined(args[id_i]) if id_i < len(args) else None
            ctx = joined(args[ctx_i]) if ctx_i is not None and ctx_i < len(args) else None
            if msgid is not None:
                out.append((line, ctx, msgid, set(c for c in calls if c),
                             func, limit))
            i = j + 1
            continue
        elif kind == 'id':
            name = val
        elif val == '(':
            calls.append(name)
            name = None
        elif val == ')':
            if calls:
                calls.pop()
            name = None
        elif val == '{':
            if depth == 0:
                func = last_call
            depth += 1
        elif val == '}':
            depth -= 1
            if depth == 0:
                func = None
        elif val == ';':
            limit = None
        if kind == 'id' and nxt == '(' and depth == 0:
            last_call = val
        if kind != 'id' and val != '(':
            name = None
        i += 1
    return out


def width(s):
    w = 0
    for ch in s:
        if unicodedata.category(ch) in ('Mn', 'Me', 'Cf'):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ('W', 'F') else 1
    return w

cat = gettext.GNUTranslations(open(mo, 'rb'))

def translate(lang, ctx, msgid):
    if lang == 'en':
        return msgid
    return cat.pgettext(ctx, msgid) if ctx else cat.gettext(msgid)

DIRECTIVE = re.compile(r'%(?:(\d+)\$)?([-+ #0]*\d*(?:\.\d+)?)(hh|h|ll|l|z|j|t)?([diouxXfeEgGcs%])|%<(PRI\w+)>')

def sample(lang, a):
    if isinstance(a, tuple):
        return cformat(translate(lang, None, a[0]), [sample(lang, x) for x in a[1:]])
    return a

def cformat(fmt, args):
    seq = iter(range(len(args) + 100))
    def one(m):
        if m.group(4) == '%':
            return '%'
        pos = int(m.group(1)) - 1 if m.group(1) else next(seq)
        v = args[pos] if pos < len(args) else NUMBER_SAMPLE
        if m.group(4) in 'fFeEgG':
            return ('%' + (m.group(2) or '') + 'f') % float(v)
        return str(v)
    return DIRECTIVE.sub(one, fmt)

def expand(lang, ctx, msgid):
    text = translate(lang, ctx, msgid)
    needs_sample = any(m.group(4) == 's' for m in DIRECTIVE.finditer(msgid))
    if needs_sample and msgid not in SAMPLES:
        return None
    args = [sample(lang, a) for a in SAMPLES.get(msgid, [])]
    return cformat(text, args)

files = sorted(glob.glob(os.path.join(root, 'src/tui/*.c')))
files.append(os.path.join(root, 'src/core/status.c'))
seen = set()
status_count = 0
for path in files:
    rel = os.path.relpath(path, root)
    lines = open(path, encoding='utf-8').read().split('\n')
    for line, ctx, msgid, calls, func, limit in scan(path):
        where = 'a field'
        code = re.search(r'\[(SP_\w+)\]', lines[line - 1])
        if rel == 'src/core/status.c' and code and code.group(1) in SYNC_ONLY:
            continue
        if limit is None and (rel == 'src/core/status.c' or
                              calls & STATUS_CALLS or func in STATUS_FUNCS):
            limit, where = STATUS_COLS, 'the status line'
            status_count += 1
        if limit is None or (ctx, msgid, limit) in seen:
            continue
        seen.add((ctx, msgid, limit))
        name = '%s:%d %s fits %s (%d columns)' % (rel, line, msgid[:48], where, limit)
        problems = []
        for lang in ('en', 'zh_CN'):
            text = expand(lang, ctx, msgid)
            if text is None:
                problems.append('no sample arguments for its %s: add them to SAMPLES')
                break
            if width(text) > limit:
                problems.append('%s, %d columns: %s' % (lang, width(text), text))
        print('\t'.join(['FAIL' if problems else 'PASS', name] + problems))
print('COUNT\t%d' % status_count)
PY
rc=$?
if [ $rc -ne 0 ]; then
	t_fail "the check of the message widths runs" "$(head -c 1500 "$T/py.err")"
	t_done
	exit 1
fi

tab=$(printf '\t')
while IFS="$tab" read -r verdict name why1 why2; do
	case "$verdict" in
	PASS) t_pass "$name" ;;
	FAIL)
		if [ -n "$why2" ]; then
			t_fail "$name" "$why1" "$why2"
		else
			t_fail "$name" "$why1"
		fi
		;;
	COUNT)
		# the scan still finds the status line's messages
		if [ "$name" -ge 60 ]; then
			t_pass "status-line messages found: $name"
		else
			t_fail "status-line messages found" "only $name: did the calls change name?"
		fi
		;;
	esac
done <"$T/results"

# the scan knows the way messages reach the status line
t_contains "a kiosk_say() message is checked" "$(cat "$T/results")" \
	"Use Left and Right to move the due date"
t_contains "a form_text_key() message is checked" "$(cat "$T/results")" \
	"The text is full (at most %d characters)."
t_contains "a status.c sentence is checked" "$(cat "$T/results")" \
	"The database is busy; please try again."
t_contains "a form_text_message() sentence is checked" "$(cat "$T/results")" \
	"The text is too long: at most %d characters."

t_done
