/* pin.h — PIN hashing: a pepper-keyed HMAC, then Argon2id (libsodium).
 *
 * A 4–8 digit PIN is cheap to brute-force from a stolen database, so the
 * PIN is first keyed with HMAC-SHA-256 under a secret "pepper" that lives
 * in a separate 0600 file ([security] pepper_file), shared by the stations
 * of one central. The database alone verifies nothing. Buffers holding a
 * PIN or its HMAC are wiped with sodium_memzero after use. */
#ifndef SVCPOINT_PIN_H
#define SVCPOINT_PIN_H

#include <stdbool.h>
#include <sodium.h>

#include "status.h"

#define PIN_PEPPER_BYTES 32
#define PIN_HASH_LEN crypto_pwhash_STRBYTES
#define PIN_MIN_DIGITS 4
#define PIN_MAX_DIGITS 8

/* Argon2id cost: OWASP's minimum of 19 MiB and two passes. */
#define PIN_OPSLIMIT 2
#define PIN_MEMLIMIT (19u * 1024u * 1024u)

/* Creates the pepper file with fresh random bytes, mode 0600, unless it
 * exists already (then SP_OK and nothing changes). */
enum sp_status pin_pepper_create(const char *path);

/* Loads the pepper; SP_ERR_PEPPER when missing, malformed, or readable or
 * writable by group or others. */
enum sp_status pin_pepper_load(const char *path,
			       unsigned char pepper[PIN_PEPPER_BYTES]);

/* SP_OK when pin is 4 to 8 ASCII digits, else SP_ERR_PIN_FORMAT. */
enum sp_status pin_validate(const char *pin);

/* Hashes pin into out (an Argon2id string of the pepper-keyed PIN). */
enum sp_status pin_hash(const unsigned char pepper[PIN_PEPPER_BYTES],
			const char *pin, char out[PIN_HASH_LEN]);

/* SP_OK when pin matches hash, SP_ERR_WRONG_PIN otherwise. */
enum sp_status pin_verify(const unsigned char pepper[PIN_PEPPER_BYTES],
			  const char *hash, const char *pin);

/* Spends the time of one pin_verify without any stored hash, so an unknown
 * badge takes as long to refuse as a wrong PIN. */
void pin_verify_dummy(const unsigned char pepper[PIN_PEPPER_BYTES],
		      const char *pin);

/* True when hash was made with weaker parameters than the current ones. */
bool pin_needs_rehash(const char *hash);

#endif
