/* lineedit.c — one line of text input: badge numbers, PINs, notes.
 *
 * Keys come from get_wch, so a Chinese character is one key. The cursor
 * moves by character, Backspace and Delete remove a whole character, and
 * Home/End jump to the ends. A field never holds more than its limit in
 * characters (pasted text is clipped there), and control characters are
 * refused: an escape sequence arrives as Esc (an action, never text) plus
 * printable characters the field may take literally but harmlessly. Masked
 * fields (PINs) are wiped with sodium_memzero when cleared. */
#include <limits.h>
#include <sodium.h>
#include <string.h>
#include <wctype.h>

#include "kiosk.h"
#include "text.h"

void lineedit_init(struct lineedit *le, size_t max_chars, unsigned flags)
{
	sodium_memzero(le->buf, sizeof le->buf);
	le->len = 0;
	le->cursor = 0;
	le->max_chars = max_chars;
	le->flags = flags;
}

void lineedit_clear(struct lineedit *le)
{
	sodium_memzero(le->buf, sizeof le->buf);
	le->len = 0;
	le->cursor = 0;
}

bool lineedit_accepts(const struct lineedit *le, wint_t ch)
{
	if (le->flags & LINEEDIT_DIGITS)
		return ch >= '0' && ch <= '9';
	if (le->flags & LINEEDIT_BADGE)
		return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') ||
		       (ch >= 'a' && ch <= 'z') || ch == '-';
	return iswprint(ch) && !iswcntrl(ch);
}

/* Inserts the UTF-8 bytes of one character at the cursor. */
static enum lineedit_result lineedit_insert(struct lineedit *le, wint_t ch)
{
	char mb[MB_LEN_MAX];
	mbstate_t st;
	size_t n;

	if (!lineedit_accepts(le, ch))
		return LINEEDIT_REFUSED;
	if (text_chars(le->buf) >= le->max_chars)
		return LINEEDIT_REFUSED;
	memset(&st, 0, sizeof st);
	n = wcrtomb(mb, (wchar_t)ch, &st);
	if (n == (size_t)-1 || le->len + n >= sizeof le->buf)
		return LINEEDIT_REFUSED;
	memmove(le->buf + le->cursor + n, le->buf + le->cursor,
		le->len - le->cursor + 1);
	memcpy(le->buf + le->cursor, mb, n);
	le->len += n;
	le->cursor += n;
	return LINEEDIT_CHANGED;
}

void lineedit_set(struct lineedit *le, const char *s)
{
	lineedit_clear(le);
	while (*s) {
		size_t n = text_char_bytes(s);
		wchar_t wc;
		mbstate_t st;
		memset(&st, 0, sizeof st);
		if (mbrtowc(&wc, s, n, &st) != n ||
		    lineedit_insert(le, (wint_t)wc) != LINEEDIT_CHANGED)
			break;
		s += n;
	}
}

static void lineedit_delete_at(struct lineedit *le, size_t pos, size_t n)
{
	memmove(le->buf + pos, le->buf + pos + n, le->len - pos - n + 1);
	le->len -= n;
	sodium_memzero(le->buf + le->len, n);
}

enum lineedit_result lineedit_key(struct lineedit *le,
				  const struct tui_key *key)
{
	size_t n;

	if (key->type == TUI_KEY_CHAR) {
		if (key->ch == 127 || key->ch == 8)
			goto backspace;
		if (key->ch == '\r' || key->ch == '\n' || key->ch == 27)
			return LINEEDIT_IGNORED;
		return lineedit_insert(le, key->ch);
	}
	if (key->type != TUI_KEY_CODE)
		return LINEEDIT_IGNORED;
	switch (key->code) {
	case KEY_BACKSPACE:
		goto backspace;
	case KEY_DC:
		if (le->cursor >= le->len)
			return LINEEDIT_REFUSED;
		lineedit_delete_at(le, le->cursor, text_char_bytes(le->buf + le->cursor));
		return LINEEDIT_CHANGED;
	case KEY_LEFT:
		if (le->cursor == 0)
			return LINEEDIT_REFUSED;
		le->cursor -= text_prev_char_bytes(le->buf, le->cursor);
		return LINEEDIT_CHANGED;
	case KEY_RIGHT:
		if (le->cursor >= le->len)
			return LINEEDIT_REFUSED;
		le->cursor += text_char_bytes(le->buf + le->cursor);
		return LINEEDIT_CHANGED;
	case KEY_HOME:
		le->cursor = 0;
		return LINEEDIT_CHANGED;
	case KEY_END:
		le->cursor = le->len;
		return LINEEDIT_CHANGED;
	default:
		return LINEEDIT_IGNORED;
	}

backspace:
	if (le->cursor == 0)
		return LINEEDIT_REFUSED;
	n = text_prev_char_bytes(le->buf, le->cursor);
	le->cursor -= n;
	lineedit_delete_at(le, le->cursor, n);
	return LINEEDIT_CHANGED;
}

void lineedit_draw(struct lineedit *le, struct kiosk *k, int y, int x,
		   int cols, bool focused)
{
	char shown[LINEEDIT_MAX_BYTES], head[LINEEDIT_MAX_BYTES];
	const char *s = le->buf;
	size_t start = 0, cursor = le->cursor, before;

	if (cols < 2)
		return;
	if (le->flags & LINEEDIT_MASK) {
		/* one '*' per digit: the same bytes as the digits */
		memset(shown, '*', le->len);
		shown[le->len] = '\0';
		s = shown;
	}
	/* scroll right until the text before the cursor leaves a column
	 * for the cursor itself */
	for (;;) {
		memcpy(head, s + start, cursor - start);
		head[cursor - start] = '\0';
		before = text_width(head);
		if (before < (size_t)cols || start >= cursor)
			break;
		start += text_char_bytes(s + start);
	}
	draw_fill(y, x, cols, draw_attr(ROLE_FIELD));
	draw_text(y, x, cols, s + start, draw_attr(ROLE_FIELD));
	if (focused) {
		k->cursor_y = y;
		k->cursor_x = x + (int)before;
	}
}
