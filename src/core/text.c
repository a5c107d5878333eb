/* text.c — display width, cutting and wrapping by columns, validation.
 *
 * Built on mbrtowc() and wcwidth(), so LC_CTYPE must be a UTF-8 locale
 * (main() refuses to start otherwise). Invalid bytes are treated as U+FFFD,
 * one column wide, and never split or passed through to the terminal. */
#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define REPLACEMENT_CHAR 0xFFFD

/* Decodes the character at s. Returns its length in bytes (0 at NUL) and
 * stores the code point; an invalid or truncated sequence is one byte of
 * U+FFFD and sets *invalid. */
static size_t text_decode(const char *s, wchar_t *wc, bool *invalid)
{
	mbstate_t state;
	size_t limit = strnlen(s, 4);

	if (invalid)
		*invalid = false;
	if (limit == 0) {
		*wc = 0;
		return 0;
	}
	memset(&state, 0, sizeof state);
	size_t n = mbrtowc(wc, s, limit, &state);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*wc = REPLACEMENT_CHAR;
		if (invalid)
			*invalid = true;
		return 1;
	}
	return n;
}

static bool text_is_control(wchar_t wc)
{
	if (wc < 0x20 || wc == 0x7f || (wc >= 0x80 && wc <= 0x9f))
		return true;
	/* Bidirectional overrides and isolates can make a name display as
	 * something else; they have no business in a member's name. */
	if ((wc >= 0x202a && wc <= 0x202e) || (wc >= 0x2066 && wc <= 0x2069))
		return true;
	return false;
}

/* Closing punctuation that must not begin a line (Chinese line-breaking
 * rules, 禁则): a break before it moves back one character instead. */
static bool text_is_no_line_start(wchar_t wc)
{
	static const wchar_t closers[] = L"，。、；：？！）》」』】〉…,.;:!?)]}%";
	return wc != 0 && wcschr(closers, wc) != NULL;
}

static size_t text_char_width(wchar_t wc)
{
	if (text_is_control(wc))
		return 0;
	int w = wcwidth(wc);
	return w < 0 ? 1 : (size_t)w;
}

size_t text_char_bytes(const char *s)
{
	wchar_t wc;
	return text_decode(s, &wc, NULL);
}

size_t text_prev_char_bytes(const char *s, size_t pos)
{
	size_t back = 1;

	if (pos == 0)
		return 0;
	/* Step back over at most three continuation bytes, then make sure the
	 * candidate really decodes to a character ending exactly at pos. */
	while (back < 4 && back < pos &&
	       ((unsigned char)s[pos - back] & 0xc0) == 0x80)
		back++;
	if (text_char_bytes(s + pos - back) == back)
		return back;
	return 1;
}

size_t text_width(const char *s)
{
	size_t width = 0;
	wchar_t wc;
	size_t n;

	while ((n = text_decode(s, &wc, NULL)) > 0) {
		width += text_char_width(wc);
		s += n;
	}
	return width;
}

size_t text_chars(const char *s)
{
	size_t count = 0;
	wchar_t wc;
	size_t n;

	while ((n = text_decode(s, &wc, NULL)) > 0) {
		count++;
		s += n;
	}
	return count;
}

size_t text_fit_bytes(const char *s, size_t cols, size_t *width_out)
{
	size_t pos = 0, width = 0;
	wchar_t wc;
	size_t n;

	while ((n = text_decode(s + pos, &wc, NULL)) > 0) {
		size_t cw = text_char_width(wc);
		if (width + cw > cols)
			break;
		width += cw;
		pos += n;
	}
	if (width_out)
		*width_out = width;
	return pos;
}

size_t text_wrap_line(const char *s, size_t cols, size_t *next_out)
{
	size_t pos = 0, width = 0;
	size_t brk = 0, brk_next = 0;
	wchar_t wc;
	size_t n;

	while ((n = text_decode(s + pos, &wc, NULL)) > 0) {
		if (wc == L'\n') {
			*next_out = pos + 1;
			return pos;
		}
		size_t cw = text_char_width(wc);
		if (width + cw > cols && pos > 0) {
			if (brk > 0 && !(brk_next == pos && text_is_no_line_start(wc))) {
				*next_out = brk_next;
				return brk;
			}
			/* Keep closing punctuation off the start of the next
			 * line by carrying the character before it along. */
			if (text_is_no_line_start(wc)) {
				size_t back = text_prev_char_bytes(s, pos);
				if (back < pos) {
					*next_out = pos - back;
					return pos - back;
				}
			}
			*next_out = pos;
			return pos;
		}
		if (wc == L' ') {
			brk = pos;
			brk_next = pos + n;
		} else if (cw == 2) {
			brk = pos + n;
			brk_next = pos + n;
		}
		width += cw;
		pos += n;
	}
	*next_out = pos;
	return pos;
}

size_t text_wrap_count(const char *s, size_t cols)
{
	size_t lines = 0, next;

	if (!*s)
		return 0;
	while (*s) {
		text_wrap_line(s, cols, &next);
		lines++;
		if (next == 0)
			break;
		s += next;
	}
	return lines;
}

enum sp_status text_validate(const char *s, size_t max_chars, bool required,
			     bool multiline)
{
	size_t count = 0;
	bool only_space = true;
	wchar_t wc;
	bool invalid;
	size_t n;

	if (!s)
		return required ? SP_ERR_TEXT_EMPTY : SP_OK;
	while ((n = text_decode(s, &wc, &invalid)) > 0) {
		if (invalid)
			return SP_ERR_TEXT_UTF8;
		if (text_is_control(wc) && !(multiline && wc == L'\n'))
			return SP_ERR_TEXT_CONTROL;
		if (wc != L' ' && wc != L'\n' && wc != 0x3000)
			only_space = false;
		count++;
		s += n;
	}
	if (required && only_space)
		return SP_ERR_TEXT_EMPTY;
	if (count > max_chars)
		return SP_ERR_TEXT_TOO_LONG;
	return SP_OK;
}

char *text_sanitize_dup(const char *s, bool keep_newline)
{
	static const char replacement[] = "\xef\xbf\xbd";
	size_t len = strlen(s);
	char *out = malloc(len * 3 + 1);
	size_t o = 0;
	wchar_t wc;
	bool invalid;
	size_t n;

	if (!out)
		return NULL;
	while ((n = text_decode(s, &wc, &invalid)) > 0) {
		if (invalid || (text_is_control(wc) && !(keep_newline && wc == L'\n'))) {
			memcpy(out + o, replacement, 3);
			o += 3;
		} else {
			memcpy(out + o, s, n);
			o += n;
		}
		s += n;
	}
	out[o] = '\0';
	return out;
}

size_t text_fit_copy(char *buf, size_t size, const char *s, size_t cols,
		     bool pad)
{
	size_t width;
	size_t bytes;

	if (size == 0)
		return 0;
	bytes = text_fit_bytes(s, cols, &width);
	if (bytes > size - 1) {
		/* Not enough room: shrink to whole characters that fit. */
		bytes = 0;
		width = 0;
		for (;;) {
			wchar_t wc;
			size_t n = text_decode(s + bytes, &wc, NULL);
			if (n == 0 || bytes + n > size - 1)
				break;
			width += text_char_width(wc);
			bytes += n;
		}
	}
	memcpy(buf, s, bytes);
	while (pad && width < cols && bytes + 1 < size) {
		buf[bytes++] = ' ';
		width++;
	}
	buf[bytes] = '\0';
	return width;
}

char *text_trim(char *s)
{
	size_t len = strlen(s);
	size_t start = 0;

	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		s[--len] = '\0';
	while (s[start] == ' ' || s[start] == '\t')
		start++;
	if (start > 0)
		memmove(s, s + start, len - start + 1);
	return s;
}
