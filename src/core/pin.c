/* pin.c — the pepper file, and PIN hashing and checking (libsodium).
 *
 * A PIN never reaches Argon2id as it is: it is first keyed with
 * HMAC-SHA-256 under the pepper, so a stolen database without the pepper
 * file verifies nothing. Every buffer that held a PIN or its MAC is wiped
 * before it goes out of scope. This file must never log, print or keep a
 * PIN, and never accept a pepper file others could read. */
#include "pin.h"

#include "secret_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The hex MAC fed to Argon2id: 64 characters plus NUL. */
#define PIN_MAC_HEX_LEN (crypto_auth_hmacsha256_BYTES * 2 + 1)

_Static_assert(PIN_PEPPER_BYTES == crypto_auth_hmacsha256_KEYBYTES,
	       "the pepper is the HMAC key");

enum sp_status pin_pepper_create(const char *path)
{
	enum sp_status status = secret_file_create(path, PIN_PEPPER_BYTES);
	return status == SP_OK ? SP_OK : SP_ERR_IO;
}

enum sp_status pin_pepper_load(const char *path,
			       unsigned char pepper[PIN_PEPPER_BYTES])
{
	if (sodium_init() < 0)
		return SP_ERR_PEPPER;
	return secret_file_load(path, pepper, PIN_PEPPER_BYTES) == SP_OK
		       ? SP_OK
		       : SP_ERR_PEPPER;
}

enum sp_status pin_validate(const char *pin)
{
	size_t n = 0;

	if (!pin)
		return SP_ERR_PIN_FORMAT;
	for (; pin[n]; n++) {
		if (pin[n] < '0' || pin[n] > '9' || n >= PIN_MAX_DIGITS)
			return SP_ERR_PIN_FORMAT;
	}
	return n >= PIN_MIN_DIGITS ? SP_OK : SP_ERR_PIN_FORMAT;
}

/* The pepper-keyed PIN as hex, the only form Argon2id ever sees. */
static void pin_mac_hex(const unsigned char pepper[PIN_PEPPER_BYTES],
			const char *pin, char hex[PIN_MAC_HEX_LEN])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256(mac, (const unsigned char *)pin, strlen(pin),
			       pepper);
	sodium_bin2hex(hex, PIN_MAC_HEX_LEN, mac, sizeof mac);
	sodium_memzero(mac, sizeof mac);
}

enum sp_status pin_hash(const unsigned char pepper[PIN_PEPPER_BYTES],
			const char *pin, char out[PIN_HASH_LEN])
{
	char hex[PIN_MAC_HEX_LEN];
	int rc;

	if (pin_validate(pin) != SP_OK)
		return SP_ERR_PIN_FORMAT;
	if (sodium_init() < 0)
		return SP_ERR_NOMEM;
	pin_mac_hex(pepper, pin, hex);
	rc = crypto_pwhash_str_alg(out, hex, PIN_MAC_HEX_LEN - 1, PIN_OPSLIMIT,
				   PIN_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13);
	sodium_memzero(hex, sizeof hex);
	/* libsodium fails here only when it cannot get the memory */
	return rc == 0 ? SP_OK : SP_ERR_NOMEM;
}

enum sp_status pin_verify(const unsigned char pepper[PIN_PEPPER_BYTES],
			  const char *hash, const char *pin)
{
	char hex[PIN_MAC_HEX_LEN];
	int rc;

	if (!pin || !hash || sodium_init() < 0)
		return SP_ERR_WRONG_PIN;
	pin_mac_hex(pepper, pin, hex);
	rc = crypto_pwhash_str_verify(hash, hex, PIN_MAC_HEX_LEN - 1);
	sodium_memzero(hex, sizeof hex);
	return rc == 0 ? SP_OK : SP_ERR_WRONG_PIN;
}

void pin_verify_dummy(const unsigned char pepper[PIN_PEPPER_BYTES],
		      const char *pin)
{
	/* A hash of a random PIN-like value under a random key, made once
	 * with the current cost, so checking against it takes exactly as
	 * long as checking a real member's PIN. */
	static char dummy_hash[PIN_HASH_LEN];
	static bool ready;

	if (!ready) {
		unsigned char key[PIN_PEPPER_BYTES];
		char digits[PIN_MAX_DIGITS + 1];

		if (sodium_init() < 0)
			return;
		randombytes_buf(key, sizeof key);
		for (int i = 0; i < PIN_MAX_DIGITS; i++)
			digits[i] = (char)('0' + randombytes_uniform(10));
		digits[PIN_MAX_DIGITS] = '\0';
		ready = pin_hash(key, digits, dummy_hash) == SP_OK;
		sodium_memzero(key, sizeof key);
		sodium_memzero(digits, sizeof digits);
		if (!ready)
			return;
	}
	(void)pin_verify(pepper, dummy_hash, pin ? pin : "");
}

bool pin_needs_rehash(const char *hash)
{
	if (!hash || sodium_init() < 0)
		return true;
	/* -1 (not an Argon2id string at all) also calls for a new hash */
	return crypto_pwhash_str_needs_rehash(hash, PIN_OPSLIMIT,
					      PIN_MEMLIMIT) != 0;
}
