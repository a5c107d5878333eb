/* config.h — the station's configuration, read from an INI file by inih.
 *
 * Every key is documented in config.example. An unknown section or key, or
 * a bad value, is an error naming the file, line and key. Relative paths
 * are resolved against the folder of the config file. */
#ifndef SVCPOINT_CONFIG_H
#define SVCPOINT_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

#define CONFIG_PATH_MAX 4096

enum printer_type { PRINTER_NONE, PRINTER_ESCPOS, PRINTER_CUPS, PRINTER_FILE };

struct config {
	/* [station] */
	char station_id[64];          /* short code, e.g. "demo-001" */
	char station_name[256];
	char timezone[64];            /* IANA zone, default Asia/Shanghai */
	/* [store] */
	char store_path[CONFIG_PATH_MAX];
	/* [security] */
	char pepper_file[CONFIG_PATH_MAX];
	int max_failed_pins;          /* default 5 */
	int lock_minutes;             /* default 15 */
	/* [kiosk] */
	char language[8];             /* "zh_CN" (default) or "en" */
	int idle_timeout_s;           /* default 60 */
	bool locked;                  /* ignore Ctrl-C/Z/\ ; default true */
	char qr_style[8];             /* "auto", "half" or "wide" */
	int feedback_cooldown_s;      /* a rating only this long after the last; 0 = off; default 30 */
	/* [service] */
	int round_minutes;            /* 1, 5, 10 or 15; default 1 */
	int max_session_hours;        /* default 12 */
	int backfill_days;            /* default 7 */
	int max_hours_per_day;        /* default 12 */
	/* [brand] */
	char profile_url[2048];
	bool tag_station;
	/* [points] */
	double points_per_hour;       /* per verified hour, default 1 */
	double points_per_commitment; /* per fulfilled commitment, default 2 */
	double points_daily_cap;      /* 0 = no cap; default 8 */
	/* [printer] */
	enum printer_type printer_type;
	char printer_device[CONFIG_PATH_MAX]; /* escpos device or file path */
	char printer_host[256];       /* escpos over TCP: host:port */
	char printer_queue[128];      /* cups queue */
	char printer_encoding[16];    /* gb18030 (default) or utf-8 */
	int printer_width_dots;       /* 384 or 576 */
	char printer_qr_mode[8];      /* raster (default) or native */
	bool printer_cut;
	/* [sync] */
	char sync_conninfo[1024];
	int sync_batch_rows;          /* default 5000 */
	int sync_statement_timeout_s; /* per central statement; 0 = none; default 60 */
	char sync_key_file[CONFIG_PATH_MAX]; /* station Ed25519 secret key */

	char source_path[CONFIG_PATH_MAX]; /* the file read, "" for defaults */
};

/* Fills cfg with the defaults (store and keys relative to the current
 * folder, Chinese UI). */
void config_defaults(struct config *cfg);

/* Reads path over the defaults. On error returns SP_ERR_CONFIG (or SP_ERR_IO
 * when the file cannot be opened) and writes one sentence naming the file,
 * line and key into err. */
enum sp_status config_load(const char *path, struct config *cfg, char *err,
			   size_t err_size);

#endif
