/* printer.h — sends a finished print job (bytes from escpos.c) to the
 * printer the configuration names: an ESC/POS device or TCP port, a CUPS
 * queue as a raw job, a file (appended), or nowhere.
 *
 * A printer that is missing, refuses or fails mid-job must never block the
 * kiosk or lose a record: every wait has a time limit, and the caller
 * prints only after the record is committed, shows the failure and writes
 * it to the audit log ("print.failed"). */
#ifndef SVCPOINT_PRINTER_H
#define SVCPOINT_PRINTER_H

#include <stddef.h>

#include "config.h"
#include "status.h"

/* How long one job may take, connecting and writing together, before it
 * counts as failed. */
#define PRINTER_TIMEOUT_MS 10000

/* Sends len bytes of data as one job to cfg's [printer]:
 *   escpos  device (opened without blocking, written within the time
 *           limit) or, when host is set, TCP host:port (connect and send
 *           within the time limit; a port closed before the whole job was
 *           taken is an error)
 *   cups    `lp -d QUEUE -o raw` with the bytes on its standard input
 *   file    appended to device in one write, then fsync
 *   none    nothing; SP_OK
 * On failure returns SP_ERR_IO (SP_ERR_CONFIG for a printer the
 * configuration does not describe) and writes one sentence naming the
 * printer and the reason into err (err_size bytes; err may be NULL). */
enum sp_status printer_print(const struct config *cfg,
			     const unsigned char *data, size_t len, char *err,
			     size_t err_size);

/* The time limit printer_print uses, in milliseconds. Tests shorten it;
 * 0 or less restores PRINTER_TIMEOUT_MS. */
void printer_set_timeout_ms(int ms);

#endif
