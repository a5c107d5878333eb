/* text.h — every piece of width arithmetic and text validation.
 *
 * Strings are UTF-8. Widths are terminal columns as wcwidth() reports them
 * (a Chinese character is 2). strlen() is never a column count: use these.
 * Invalid bytes count as U+FFFD (width 1). Requires a UTF-8 LC_CTYPE. */
#ifndef SVCPOINT_TEXT_H
#define SVCPOINT_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

/* Display columns of s. Control characters count 0. */
size_t text_width(const char *s);

/* Characters (code points) in s; an invalid byte counts as one. */
size_t text_chars(const char *s);

/* How many bytes of s fit into cols columns without splitting a character.
 * *width_out (may be NULL) receives the columns those bytes use. */
size_t text_fit_bytes(const char *s, size_t cols, size_t *width_out);

/* Bytes of s that form its first line when wrapped at cols columns: a break
 * at a newline, after a space for Latin words, or between any two wide
 * characters. *next_out receives the offset where the following line starts
 * (past the newline or the breaking space). Returns 0 at end of string. */
size_t text_wrap_line(const char *s, size_t cols, size_t *next_out);

/* Number of lines text_wrap_line would produce for s at cols columns. */
size_t text_wrap_count(const char *s, size_t cols);

/* Bytes of the UTF-8 character starting at s (1 for an invalid byte, 0 at
 * the terminating NUL). */
size_t text_char_bytes(const char *s);

/* Bytes of the character that ends just before s + pos. */
size_t text_prev_char_bytes(const char *s, size_t pos);

/* Validates input text: valid UTF-8, no control characters or escape
 * sequences (newline allowed only when multiline), at most max_chars
 * characters, not empty when required. Returns SP_OK or the SP_ERR_TEXT_*
 * code naming the first problem. */
enum sp_status text_validate(const char *s, size_t max_chars, bool required,
			     bool multiline);

/* A copy of s safe to draw: invalid bytes become U+FFFD, control characters
 * become U+FFFD too (newline kept when keep_newline). Caller frees. */
char *text_sanitize_dup(const char *s, bool keep_newline);

/* Copies the longest prefix of s fitting in cols columns into buf (size
 * bytes), then pads with spaces to exactly cols columns when pad is true.
 * Returns the columns written. */
size_t text_fit_copy(char *buf, size_t size, const char *s, size_t cols,
		     bool pad);

/* Trims ASCII spaces and tabs at both ends, in place. Returns s. */
char *text_trim(char *s);

#endif
