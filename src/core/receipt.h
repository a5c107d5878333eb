/* receipt.h — what the receipt printer prints: the brand card for
 * visitors, the service slip for a member after check-out or logged hours
 * (and its reprint, marked as such), the printer test page; and the two
 * store chores around printing: finding an entry by the short id on a
 * slip (entry_find_by_prefix() does the finding), and auditing a failed
 * print or a reprint.
 *
 * A receipt is built as ESC/POS bytes for cfg's [printer] (encoding,
 * width, QR mode, cut) and handed back; printer_print() sends it. Callers
 * print only after the record is committed. */
#ifndef SVCPOINT_RECEIPT_H
#define SVCPOINT_RECEIPT_H

#include <stdbool.h>
#include <stddef.h>

#include "brand.h"
#include "config.h"
#include "db.h"
#include "entry.h"
#include "qr.h"
#include "status.h"
#include "uuid.h"

/* A slip shows this many leading characters of the entry id; a reprint
 * may name the entry by any unique prefix at least this long. */
#define RECEIPT_SHORT_ID_LEN UUID_SHORT_LEN

/* The error-correction level of receipt QR codes: paper smudges. */
#define RECEIPT_QR_EC QR_EC_M

/* Audit actions around printing. */
#define RECEIPT_ACTION_FAILED "print.failed"   /* detail: the reason */
#define RECEIPT_ACTION_REPRINT "print.reprint" /* target: the entry id */

/* The member's name as a slip shows it: first and last character kept,
 * every character between them masked with '*' (spaces kept), so
 * 张三明 gives 张*明 and 欧阳建国 gives 欧**国; a two-character name
 * keeps its first (张三 gives 张*), a single character is kept. NULL when
 * memory runs out. Caller frees. */
char *receipt_mask_name_dup(const char *name);

/* The brand card: name, slogan, concept, the QR code of url and a line
 * inviting visitors to scan it (no QR when url is NULL or ""). *out is
 * malloc'd (caller frees), *len its size. */
enum sp_status receipt_brand_card(const struct config *cfg,
				  const struct brand *brand, const char *url,
				  unsigned char **out, size_t *len);

/* The service slip of entry e: masked name, activity, date and times,
 * duration, status, station, short id, and the QR code of url (none when
 * url is NULL or ""). A reprint is marked REPRINT (补打). */
enum sp_status receipt_service_slip(const struct config *cfg,
				    const struct entry *e, const char *url,
				    bool reprint, unsigned char **out,
				    size_t *len);

/* The printer test page: a Chinese encoding sample (中文测试), rulers for
 * the paper width in narrow and wide characters, and the QR code of url
 * (or of a fixed sample when url is NULL or ""). */
enum sp_status receipt_test_page(const struct config *cfg, const char *url,
				 unsigned char **out, size_t *len);

/* A job holding only the QR code of text, for `svcpoint qr --format
 * escpos`: a bit image or the native command as [printer] qr_mode says.
 * module_size 0 fits the paper; otherwise dots per module (raster) or the
 * native module size (1..16). */
enum sp_status receipt_qr_job(const struct config *cfg, const char *text,
			      enum qr_ec ec, int module_size,
			      unsigned char **out, size_t *len);

/* The full id of the entry whose id is id_or_prefix, or starts with it
 * (at least RECEIPT_SHORT_ID_LEN characters, case ignored): the statuses
 * of entry_find_by_prefix(), SP_ERR_DUPLICATE when the prefix is
 * ambiguous. */
enum sp_status receipt_find_entry(struct db *db, const char *id_or_prefix,
				  char id_out[UUID_STR_LEN]);

/* Appends one audit row (action, target, detail) in its own transaction:
 * a print failure after the record was committed, or a reprint. actor_id
 * may be NULL (the command line). */
enum sp_status receipt_log(struct db *db, const char *actor_id,
			   const char *action, const char *target,
			   const char *detail);

#endif
