/* bundle.h — offline bundles: a station's unacknowledged changes in one
 * signed file, for a station with no network (the USB stick at shift end).
 *
 * The file is JSON lines (docs/central.md): a header naming the station,
 * its public key and the seq range; one line per row; and a last line
 * holding the Ed25519 signature (libsodium crypto_sign_detached) of every
 * byte before it. Nothing in a bundle is used before its signature has
 * been checked against the key the central trusts for its station. */
#ifndef SVCPOINT_BUNDLE_H
#define SVCPOINT_BUNDLE_H

#include <stdint.h>

#include "db.h"
#include "station_key.h"
#include "status.h"
#include "sync.h"

struct central;
struct bundle;

#define BUNDLE_FORMAT "svcpoint-bundle"
#define BUNDLE_VERSION 1

struct bundle_info {
	char station_id[64];
	int64_t after_seq;             /* the bundle holds after_seq+1 .. */
	int64_t last_seq;              /* .. last_seq */
	int64_t changes;
	int64_t rows;
};

/* Writes batch as a signed bundle of station_id to path (through a
 * temporary file renamed into place, so path is whole or absent). */
enum sp_status bundle_write(const char *path, const char *station_id,
			    const struct station_key *key,
			    const struct sync_batch *batch);

/* Exports every change after the push watermark of the store to path,
 * from one snapshot. The watermark does not move. info may be NULL. */
enum sp_status bundle_export(struct db *db, const struct station_key *key,
			     const char *path, struct bundle_info *info);

/* Reads path and its header; nothing is trusted yet. SP_ERR_BUNDLE when
 * the file is not a whole bundle (truncated, no signature line...). */
enum sp_status bundle_open(const char *path, struct bundle **out);

/* The station the header claims, and the header's figures. */
const char *bundle_station_id(const struct bundle *b);
void bundle_get_info(const struct bundle *b, struct bundle_info *info);

/* Checks the bundle against the trusted key pk: SP_ERR_UNTRUSTED when it
 * names another key, SP_ERR_BUNDLE when the signature does not verify or
 * the signed content is inconsistent. On SP_OK the rows are parsed. */
enum sp_status bundle_verify(struct bundle *b,
			     const unsigned char pk[STATION_KEY_PUBLIC_BYTES]);

/* The verified content (NULL before bundle_verify succeeded). */
const struct sync_batch *bundle_batch(const struct bundle *b);

void bundle_free(struct bundle *b);

/* Central side: opens path, checks it against the key trusted for its
 * station (SP_ERR_UNTRUSTED when there is none) and stores its rows with
 * the push's upsert rules in one transaction. info may be NULL. */
enum sp_status bundle_import(struct central *c, const char *path,
			     struct bundle_info *info);

#endif
