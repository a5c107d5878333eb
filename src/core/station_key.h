/* station_key.h — the station's Ed25519 key pair that signs offline
 * bundles (libsodium crypto_sign).
 *
 * The secret lives in [sync] key_file as the 32-byte seed in hex, mode
 * 0600, created once by `svcpoint init` and never replaced (the central
 * trusts its public half). The public key is printed as 64 hex digits for
 * `svcpoint central trust`. Secret bytes are wiped after use. */
#ifndef SVCPOINT_STATION_KEY_H
#define SVCPOINT_STATION_KEY_H

#include <sodium.h>
#include <stdbool.h>

#include "config.h"
#include "status.h"

#define STATION_KEY_PUBLIC_BYTES crypto_sign_PUBLICKEYBYTES
#define STATION_KEY_SECRET_BYTES crypto_sign_SECRETKEYBYTES
#define STATION_KEY_HEX_LEN (2 * STATION_KEY_PUBLIC_BYTES + 1)

struct station_key {
	unsigned char pk[STATION_KEY_PUBLIC_BYTES];
	unsigned char sk[STATION_KEY_SECRET_BYTES]; /* wipe with station_key_wipe */
};

/* Creates cfg's [sync] key_file with a fresh key pair unless it exists
 * (then SP_OK and nothing changes). An existing file must load. */
enum sp_status station_key_ensure(const struct config *cfg);

/* Loads the key pair from path; SP_ERR_KEY when missing, malformed, or
 * readable or writable by group or others. */
enum sp_status station_key_load(const char *path, struct station_key *out);

/* Wipes the secret half. */
void station_key_wipe(struct station_key *key);

/* The public key as lower-case hex into out. */
void station_key_public_hex(const unsigned char pk[STATION_KEY_PUBLIC_BYTES],
			    char out[STATION_KEY_HEX_LEN]);

/* Parses 64 hex digits into pk; SP_ERR_INVALID otherwise. */
enum sp_status station_key_parse_public(const char *hex,
					unsigned char pk[STATION_KEY_PUBLIC_BYTES]);

#endif
