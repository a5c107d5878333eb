/* station_key.c — creating, loading and printing the station's Ed25519
 * key pair. It must never replace an existing key file (the central would
 * stop trusting the station), never accept a file others can read, and
 * never leave secret bytes in memory it frees. */
#include "station_key.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATION_KEY_SEED_HEX_LEN (2 * crypto_sign_SEEDBYTES)

static int station_key_write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The new name must survive a power cut too. */
static void station_key_fsync_parent(const char *path)
{
	char *copy = strdup(path);
	int fd;

	if (!copy)
		return;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

static enum sp_status station_key_create(const char *path)
{
	unsigned char seed[crypto_sign_SEEDBYTES];
	char hex[STATION_KEY_SEED_HEX_LEN + 2];
	enum sp_status status = SP_OK;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		  0600);
	if (fd < 0)
		return errno == EEXIST ? SP_OK : SP_ERR_IO;
	randombytes_buf(seed, sizeof seed);
	sodium_bin2hex(hex, sizeof hex, seed, sizeof seed);
	hex[STATION_KEY_SEED_HEX_LEN] = '\n';
	hex[STATION_KEY_SEED_HEX_LEN + 1] = '\0';
	if (fchmod(fd, 0600) != 0 ||
	    station_key_write_all(fd, hex, STATION_KEY_SEED_HEX_LEN + 1) != 0 ||
	    fsync(fd) != 0)
		status = SP_ERR_IO;
	if (close(fd) != 0)
		status = SP_ERR_IO;
	sodium_memzero(seed, sizeof seed);
	sodium_memzero(hex, sizeof hex);
	if (status != SP_OK) {
		unlink(path);
		return status;
	}
	station_key_fsync_parent(path);
	return SP_OK;
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
	char buf[STATION_KEY_SEED_HEX_LEN + 8];
	unsigned char seed[crypto_sign_SEEDBYTES];
	struct stat st;
	size_t len = 0, bin_len = 0;
	const char *end = NULL;
	enum sp_status status = SP_ERR_KEY;
	int fd;

	memset(out, 0, sizeof *out);
	if (sodium_init() < 0)
		return SP_ERR_KEY;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return SP_ERR_KEY;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		close(fd);
		return SP_ERR_KEY;
	}
	while (len < sizeof buf - 1) {
		ssize_t n = read(fd, buf + len, sizeof buf - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	if ((len == STATION_KEY_SEED_HEX_LEN ||
	     (len == STATION_KEY_SEED_HEX_LEN + 1 &&
	      buf[STATION_KEY_SEED_HEX_LEN] == '\n')) &&
	    sodium_hex2bin(seed, sizeof seed, buf, STATION_KEY_SEED_HEX_LEN,
			   NULL, &bin_len, &end) == 0 &&
	    bin_len == sizeof seed && end == buf + STATION_KEY_SEED_HEX_LEN &&
	    crypto_sign_seed_keypair(out->pk, out->sk, seed) == 0)
		status = SP_OK;
	sodium_memzero(buf, sizeof buf);
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
