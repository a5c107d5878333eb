/* qr.h — QR codes: the brand's profile address, its encoding into a module
 * matrix (libqrencode), and the renderings every output needs: terminal
 * text (half blocks, or two cells per module), PNG and SVG for posters.
 * The receipt printer's bit image is made from the same matrix in escpos.c.
 *
 * Addresses are percent-encoded before they are encoded (qr_url_encode_dup):
 * a QR code carries plain ASCII, which every phone reader opens, and a
 * Chinese path segment arrives as the UTF-8 bytes it was typed as. */
#ifndef SVCPOINT_QR_H
#define SVCPOINT_QR_H

#include <stdbool.h>
#include <stdio.h>

#include "config.h"
#include "status.h"

/* Quiet zones, in modules: the least a terminal drawing gets (the screen
 * edge is light around it anyway) and what paper and image files get, as
 * the standard asks. */
#define QR_QUIET_TERMINAL 2
#define QR_QUIET_PRINT 4

/* Error-correction levels, in libqrencode's order. */
enum qr_ec { QR_EC_L, QR_EC_M, QR_EC_Q, QR_EC_H };

struct qr {
	int size;              /* modules per side (21 for version 1) */
	int version;           /* 1..40 */
	enum qr_ec ec;
	unsigned char *dark;   /* size * size, row by row; 1 = dark module */
};

/* Encodes text (bytes as given, case kept) at level ec in the smallest
 * version that holds it. SP_ERR_INVALID when it is empty or too long for
 * any version. Caller frees *out with qr_free(). */
enum sp_status qr_encode(const char *text, enum qr_ec ec, struct qr **out);

/* qr_free(NULL) is a no-op. */
void qr_free(struct qr *qr);

/* Whether the module at row, col is dark. Coordinates outside the matrix
 * (the quiet zone, at negative or >= size values) are light, so a drawer
 * can walk from -quiet to size + quiet. */
bool qr_is_dark(const struct qr *qr, int row, int col);

/* "L", "M", "Q" or "H" (either case) to a level; SP_ERR_INVALID else. */
enum sp_status qr_ec_parse(const char *name, enum qr_ec *out);

/* The letter of a level. */
char qr_ec_letter(enum qr_ec ec);

/* Percent-encodes what a URL may not carry raw: bytes outside ASCII
 * (Chinese text as its UTF-8 bytes), controls, space and " < > \ ^ ` { | }.
 * Reserved characters and an existing %XX escape are kept, so encoding an
 * encoded address changes nothing. Caller frees *out. */
enum sp_status qr_url_encode_dup(const char *url, char **out);

/* The address the brand's QR code opens: brand_url when it is not empty
 * (or NULL), else [brand] profile_url; with "station=<station id>" added
 * to the query when [brand] tag_station is true (before any #fragment,
 * and not twice); percent-encoded. SP_ERR_NOT_FOUND when neither is set.
 * Caller frees *out. */
enum sp_status qr_profile_url_dup(const struct config *cfg,
				  const char *brand_url, char **out);

/* Terminal cells a rendering takes with a quiet zone of quiet modules:
 * half blocks (two modules per cell, stacked) or wide (two cells side by
 * side per module). */
void qr_render_extent(const struct qr *qr, int quiet, bool wide, int *cols,
		      int *rows);

/* The half-block character for a cell whose upper and lower modules are
 * as given, with the dark module drawn in ink: " ", "▀", "▄" or "█".
 * The caller must draw it dark-on-light (these are East Asian ambiguous
 * width: where a terminal draws them two columns wide, use wide). */
const char *qr_half_block(bool top_dark, bool bottom_dark);

/* Half blocks, one text line per two module rows, each ending in "\n";
 * dark modules in ink, light ones as spaces, no colours. Caller frees. */
char *qr_render_utf8_dup(const struct qr *qr, int quiet);

/* Two cells per module, one line per module row, with explicit black and
 * white background colours (SGR 40 / 47), so it reads dark-on-light on
 * any terminal and uses no ambiguous-width character. Caller frees. */
char *qr_render_ansi_dup(const struct qr *qr, int quiet);

/* A black-and-white PNG (1 bit per pixel) with module_px pixels per module
 * and a quiet zone of quiet modules. SP_ERR_INVALID for a size out of
 * 1..100 or an image too large; SP_ERR_IO when writing fails. */
enum sp_status qr_write_png(const struct qr *qr, int module_px, int quiet,
			    FILE *out);

/* An SVG drawing for posters: a white square and one black <path> of
 * horizontal runs, in module units (viewBox), module_px per module for the
 * nominal width, shape-rendering="crispEdges". SP_ERR_IO on a write
 * error. */
enum sp_status qr_write_svg(const struct qr *qr, int module_px, int quiet,
			    FILE *out);

#endif
