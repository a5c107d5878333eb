/* escpos.h — builds one ESC/POS print job as a byte buffer: initialise,
 * text in the printer's character set, bold, alignment, size, the QR code
 * (as a bit image or the printer's own QR command), feed and cut.
 *
 * Building never touches a printer (printer.c sends the bytes), so a job
 * is deterministic and can be compared byte for byte. The first failure
 * is kept: later calls do nothing and return it, and escpos_status() tells
 * whether the whole job is good, so a receipt is written as a straight
 * list of calls checked once at the end. */
#ifndef SVCPOINT_ESCPOS_H
#define SVCPOINT_ESCPOS_H

#include <stdbool.h>
#include <stddef.h>

#include "qr.h"
#include "status.h"

/* Font A is 12 dots wide; a Chinese character takes two of its cells. */
#define ESCPOS_CHAR_DOTS 12
/* The widest module a bit-image QR gets: 1 mm at 203 dpi, scanned easily
 * without taking the whole paper width. */
#define ESCPOS_QR_MAX_DOTS 8
/* The printer's own QR command accepts module sizes 1..16. */
#define ESCPOS_NATIVE_SIZE_MAX 16

enum escpos_align { ESCPOS_LEFT, ESCPOS_CENTRE, ESCPOS_RIGHT };

struct escpos;

/* A new empty job for a printer whose character set is encoding
 * ("gb18030" or "utf-8") and whose paper is width_dots wide (8..4096,
 * usually 384 or 576). SP_ERR_INVALID for anything else. */
enum sp_status escpos_new(const char *encoding, int width_dots,
			  struct escpos **out);

/* escpos_free(NULL) is a no-op. */
void escpos_free(struct escpos *job);

/* Characters of Font A a line holds (a Chinese character counts two). */
int escpos_columns(const struct escpos *job);

/* ESC @ (reset), then for GB18030 printers FS & (Chinese character mode). */
enum sp_status escpos_init(struct escpos *job);

/* ESC a n */
enum sp_status escpos_align(struct escpos *job, enum escpos_align align);

/* ESC E n */
enum sp_status escpos_bold(struct escpos *job, bool on);

/* GS ! n: width and height multipliers 1..8. */
enum sp_status escpos_size(struct escpos *job, int width, int height);

/* UTF-8 text converted to the printer's character set. Control
 * characters other than newline become '?', so text can never smuggle a
 * command to the printer. */
enum sp_status escpos_text(struct escpos *job, const char *utf8);

/* escpos_text, then LF. */
enum sp_status escpos_line(struct escpos *job, const char *utf8);

/* Prints text wrapped by display width at cols printer columns (a
 * character of the wide font counts as in text.c), one line each. */
void escpos_wrapped(struct escpos *job, const char *text, int cols);

/* ESC d n: feeds n lines (0..255). */
enum sp_status escpos_feed(struct escpos *job, int lines);

/* The QR code as one GS v 0 bit image the paper's full width, the code
 * centred with a quiet zone of quiet modules. module_dots 0 picks the
 * largest size up to ESCPOS_QR_MAX_DOTS that fits; SP_ERR_INVALID when
 * the code does not fit the paper. Ends with LF. */
enum sp_status escpos_qr_raster(struct escpos *job, const struct qr *qr,
				int module_dots, int quiet);

/* The printer's own QR command (GS ( k): model 2, module size 1..16,
 * level ec, store data (function 180), print (function 181). */
enum sp_status escpos_qr_native(struct escpos *job, const char *data,
				int module_size, enum qr_ec ec);

/* GS V 66 0: feeds to the cutter and cuts. */
enum sp_status escpos_cut(struct escpos *job);

/* Appends bytes as they are: a command this module has no function for.
 * Never pass user text here (escpos_text cleans and converts it). */
enum sp_status escpos_raw(struct escpos *job, const void *bytes, size_t len);

/* Records a failure found while building (a QR that does not encode, say)
 * unless one is recorded already; returns the job's status. */
enum sp_status escpos_set_error(struct escpos *job, enum sp_status status);

/* SP_OK when every call so far succeeded, else the first failure. */
enum sp_status escpos_status(const struct escpos *job);

/* The job's bytes (valid until the next call on job) and their count. */
const unsigned char *escpos_data(const struct escpos *job, size_t *len);

/* Hands the buffer to the caller (who frees it) and empties the job.
 * Returns the job's status; on failure *out is NULL. */
enum sp_status escpos_take(struct escpos *job, unsigned char **out,
			   size_t *len);

#endif
