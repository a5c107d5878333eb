/* station_key.c — creating, loading and printing the station's Ed25519
 * key pair. It must never replace an existing key file (the central would
 * stop trusting the station), never accept a file others can read, and
 * never leave secret bytes in memory it frees. */
#include "station_key.h"

#include "secret_file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


static enum sp_status station_key_create(const char *path)
{
	return secret_file_create(path, crypto_sign_SEEDBYTES) == SP_OK
		       ? SP_OK
		       : SP_ERR_IO;
}

enum sp_status station_key_ensure(const struct config *cfg)
{
	struct station_key key;
	enum sp_status status;

	if (sodium_init() < 0)
		return SP_ERR_KEY;
	status = station_key_create(cfg->sync_key_file);
	if (status != SP_OK)
		return status;
	status = station_key_load(cfg->sync_key_file, &key);
	station_key_wipe(&key);
	return status;
}

enum sp_status station_key_load(const char *path, struct station_key *out)
{
	unsigned char seed[crypto_sign_SEEDBYTES];
	enum sp_status status = SP_ERR_KEY;

	memset(out, 0, sizeof *out);
	if (sodium_init() < 0)
		return SP_ERR_KEY;
	if (secret_file_load(path, seed, sizeof seed) == SP_OK &&
	    crypto_sign_seed_keypair(out->pk, out->sk, seed) == 0)
		status = SP_OK;
	sodium_memzero(seed, sizeof seed);
	if (status != SP_OK)
		station_key_wipe(out);
	return status;
}

void station_key_wipe(struct station_key *key)
{
	sodium_memzero(key->sk, sizeof key->sk);
}

void station_key_public_hex(const unsigned char pk[STATION_KEY_PUBLIC_BYTES],
			    char out[STATION_KEY_HEX_LEN])
{
	sodium_bin2hex(out, STATION_KEY_HEX_LEN, pk, STATION_KEY_PUBLIC_BYTES);
}

enum sp_status station_key_parse_public(const char *hex,
					unsigned char pk[STATION_KEY_PUBLIC_BYTES])
{
	size_t bin_len = 0;
	const char *end = NULL;

	if (strlen(hex) != 2 * STATION_KEY_PUBLIC_BYTES ||
	    sodium_hex2bin(pk, STATION_KEY_PUBLIC_BYTES, hex, strlen(hex),
			   NULL, &bin_len, &end) != 0 ||
	    bin_len != STATION_KEY_PUBLIC_BYTES || *end != '\0')
		return SP_ERR_INVALID;
	return SP_OK;
}
