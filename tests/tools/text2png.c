/* text2png.c — turns a QR code drawn as terminal text back into an image
 * for zbarimg: `svcpoint qr` output, or a screen captured from tmux.
 *
 *   text2png [-r] IN.txt OUT.png [PIXELS_PER_MODULE]
 *
 * Two drawings are understood:
 *   half blocks  each character cell is two modules, one above the other:
 *                " " light/light, "▀" dark/light, "▄" light/dark, "█" dark
 *   colours      when the text holds SGR escapes (ESC [ ... m): two cells
 *                a module, dark where the background is black (40, or
 *                reverse video 7 over the default colours), light where it
 *                is white (47) or default
 *                -r: reverse video is light instead, as a drawing made
 *                without colours for a light-on-dark terminal has it
 *                (its dark modules are then the default-coloured cells)
 * Any other character is a light cell; a wide (CJK) character is two, as
 * on the screen, so a code beside Chinese text keeps its columns. A white
 * border of four modules is added so a drawing cut at the screen edge
 * still has a quiet zone. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "pngout.h"

#define BORDER 4
#define MAX_SIDE 2048

static unsigned char grid[MAX_SIDE][MAX_SIDE]; /* 1 = dark module */
static int rows, cols;
static int reverse_light; /* -r */

static void set(int r, int c, int dark)
{
	if (r < 0 || c < 0 || r >= MAX_SIDE || c >= MAX_SIDE)
		return;
	grid[r][c] = (unsigned char)dark;
	if (r + 1 > rows)
		rows = r + 1;
	if (c + 1 > cols)
		cols = c + 1;
}

/* Bytes of the UTF-8 character at s (1 for a stray byte). */
static int char_len(const unsigned char *s)
{
	if (*s >= 0xf0)
		return 4;
	if (*s >= 0xe0)
		return 3;
	if (*s >= 0xc0)
		return 2;
	return 1;
}

/* Screen columns of the character at s: 2 for a wide one, else 1. */
static int char_cells(const unsigned char *s)
{
	wchar_t wc;
	mbstate_t st;

	memset(&st, 0, sizeof st);
	if (mbrtowc(&wc, (const char *)s, (size_t)char_len(s), &st) > 0 &&
	    wcwidth(wc) == 2)
		return 2;
	return 1;
}

static void half_blocks(char *text)
{
	int line = 0;

	for (char *l = strtok(text, "\n"); l; l = strtok(NULL, "\n"), line++) {
		int cell = 0;
		for (const unsigned char *p = (const unsigned char *)l; *p;
		     cell += char_cells(p), p += char_len(p)) {
			int top = 0, bottom = 0;
			if (memcmp(p, "\u2580", 3) == 0)
				top = 1;
			else if (memcmp(p, "\u2584", 3) == 0)
				bottom = 1;
			else if (memcmp(p, "\u2588", 3) == 0)
				top = bottom = 1;
			set(2 * line, cell, top);
			set(2 * line + 1, cell, bottom);
		}
	}
}

static void coloured(char *text)
{
	int line = 0;

	for (char *l = strtok(text, "\n"); l; l = strtok(NULL, "\n"), line++) {
		int cell = 0, black = 0, reverse = 0, white = 0;
		const unsigned char *p = (const unsigned char *)l;
		while (*p) {
			if (p[0] == 0x1b && p[1] == '[') {
				/* SGR parameters separated by ';' up to 'm' */
				const char *q = (const char *)p + 2;
				for (;;) {
					char *end;
					int v = (int)strtol(q, &end, 10);
					q = end;
					if (v == 0)
						black = reverse = white = 0;
					else if (v == 40)
						black = 1, white = 0;
					else if (v == 47 || v == 107)
						white = 1, black = 0;
					else if (v == 49)
						black = white = 0;
					else if (v == 7)
						reverse = 1;
					else if (v == 27)
						reverse = 0;
					if (*q != ';')
						break;
					q++;
				}
				while (*q && *q != 'm')
					q++;
				p = (const unsigned char *)(*q ? q + 1 : q);
				continue;
			}
			/* two cells a module; the first of the pair decides */
			int dark = reverse_light ? black || (!reverse && !white) :
				black || (reverse && !white);
			for (int n = char_cells(p); n > 0; n--, cell++)
				if (cell % 2 == 0)
					set(line, cell / 2, dark);
			p += char_len(p);
		}
	}
}

int main(int argc, char **argv)
{
	FILE *f;
	char *text;
	long size;
	int scale, w, h;
	unsigned char *px;

	setlocale(LC_CTYPE, "C.UTF-8");
	if (argc > 1 && strcmp(argv[1], "-r") == 0) {
		reverse_light = 1;
		argv++;
		argc--;
	}
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: text2png [-r] IN.txt OUT.png [PIXELS_PER_MODULE]\n");
		return 2;
	}
	scale = argc == 4 ? atoi(argv[3]) : 4;
	f = fopen(argv[1], "rb");
	if (!f || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0) {
		perror(argv[1]);
		return 1;
	}
	rewind(f);
	text = malloc((size_t)size + 1);
	if (!text || fread(text, 1, (size_t)size, f) != (size_t)size) {
		fclose(f);
		free(text);
		return 1;
	}
	fclose(f);
	text[size] = '\0';
	if (strstr(text, "\x1b["))
		coloured(text);
	else
		half_blocks(text);
	free(text);
	if (scale < 1 || rows == 0 || cols == 0) {
		fprintf(stderr, "text2png: nothing drawn\n");
		return 1;
	}
	w = (cols + 2 * BORDER) * scale;
	h = (rows + 2 * BORDER) * scale;
	px = malloc((size_t)w * (size_t)h);
	if (!px)
		return 1;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			int r = y / scale - BORDER, c = x / scale - BORDER;
			int dark = r >= 0 && c >= 0 && r < rows && c < cols && grid[r][c];
			px[(size_t)y * (size_t)w + (size_t)x] = dark ? 0 : 255;
		}
	w = pngout_write(argv[2], px, w, h);
	free(px);
	return w ? 1 : 0;
}
