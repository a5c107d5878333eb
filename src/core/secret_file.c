/* secret_file.c — creating and loading hex secret files; durable writes.
 * Every buffer that held secret bytes is wiped before it goes out of
 * scope. */
#include "secret_file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Large enough for the biggest secret we keep (64 bytes as hex). */
#define SECRET_FILE_MAX_BYTES 64

int secret_file_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

void secret_file_fsync_parent(const char *path)
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

enum sp_status secret_file_create(const char *path, size_t nbytes)
{
	unsigned char secret[SECRET_FILE_MAX_BYTES];
	char hex[2 * SECRET_FILE_MAX_BYTES + 2];
	enum sp_status status = SP_OK;
	int fd;

	if (nbytes == 0 || nbytes > SECRET_FILE_MAX_BYTES || sodium_init() < 0)
		return SP_ERR_INVALID;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		  0600);
	if (fd < 0)
		return errno == EEXIST ? SP_OK : SP_ERR_IO;
	randombytes_buf(secret, nbytes);
	sodium_bin2hex(hex, sizeof hex, secret, nbytes);
	hex[2 * nbytes] = '\n';
	/* The umask may only remove bits; make sure it is exactly 0600. */
	if (fchmod(fd, 0600) != 0 ||
	    secret_file_write_all(fd, hex, 2 * nbytes + 1) != 0 ||
	    fsync(fd) != 0)
		status = SP_ERR_IO;
	if (close(fd) != 0)
		status = SP_ERR_IO;
	sodium_memzero(secret, sizeof secret);
	sodium_memzero(hex, sizeof hex);
	if (status != SP_OK) {
		unlink(path);
		return status;
	}
	secret_file_fsync_parent(path);
	return SP_OK;
}

enum sp_status secret_file_load(const char *path, unsigned char *out,
				size_t nbytes)
{
	char buf[2 * SECRET_FILE_MAX_BYTES + 8];
	size_t hex_len = 2 * nbytes;
	size_t len = 0, bin_len = 0;
	const char *end = NULL;
	enum sp_status status = SP_ERR_IO;
	struct stat st;
	int fd;

	if (nbytes == 0 || nbytes > SECRET_FILE_MAX_BYTES || sodium_init() < 0)
		return SP_ERR_INVALID;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return SP_ERR_IO;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		close(fd);
		return SP_ERR_IO;
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
	/* Exactly the hex digits, optionally one newline: anything else is a
	 * damaged or wrong file, and guessing would lock everyone out. */
	bool well_formed = len == hex_len ||
			   (len == hex_len + 1 && buf[hex_len] == '\n');
	if (well_formed &&
	    sodium_hex2bin(out, nbytes, buf, hex_len, NULL, &bin_len, &end) == 0 &&
	    bin_len == nbytes && end == buf + hex_len)
		status = SP_OK;
	sodium_memzero(buf, sizeof buf);
	if (status != SP_OK)
		sodium_memzero(out, nbytes);
	return status;
}
