/* secret_file.h — small secrets kept in files of their own (the PIN
 * pepper, the station's signing seed), and the durable-write helpers they
 * and other whole-file writers share.
 *
 * A secret file holds exactly 2*N hex digits and an optional newline, is a
 * regular file, and has no group or other permission bits. It is created
 * once, with O_EXCL, and never replaced: replacing it would silently break
 * every PIN hash or the central's trust in the station. */
#ifndef SVCPOINT_SECRET_FILE_H
#define SVCPOINT_SECRET_FILE_H

#include <stddef.h>

#include "status.h"

/* Writes all of buf, retrying after interruptions and short writes.
 * Returns 0, or -1 with errno set. */
int secret_file_write_all(int fd, const void *buf, size_t len);

/* fsyncs the folder holding path, so a new name survives a power cut. */
void secret_file_fsync_parent(const char *path);

/* Creates path (mode 0600) holding nbytes fresh random bytes as hex,
 * unless it exists already: then SP_OK and nothing changes. SP_ERR_IO when
 * it cannot be written (and no partial file is left). */
enum sp_status secret_file_create(const char *path, size_t nbytes);

/* Reads exactly nbytes from the hex secret at path into out. SP_ERR_IO
 * when it is missing, unreadable, not a regular file, open to group or
 * others, or malformed; out is wiped then. */
enum sp_status secret_file_load(const char *path, unsigned char *out,
				size_t nbytes);

#endif
