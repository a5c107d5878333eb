/* clock.h — the one source of "now", and time formatting.
 *
 * Times are stored as UTC text with milliseconds ("2026-11-23T01:30:00.000Z")
 * and handled as int64 milliseconds since the epoch. Display uses the
 * station's time zone. Tests inject the time: clock_set_fixed_ms() in unit
 * tests, or the environment for the real binary:
 *   SVCPOINT_NOW=2026-11-23T09:00:00Z   frozen at that instant
 *   SVCPOINT_CLOCK_FILE=path            the instant written in that file
 *                                       (same format), re-read every call,
 *                                       so a test can move time forward. */
#ifndef SVCPOINT_CLOCK_H
#define SVCPOINT_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define CLOCK_UTC_LEN 25 /* "YYYY-MM-DDTHH:MM:SS.mmmZ" plus NUL */
#define CLOCK_DATE_LEN 11 /* "YYYY-MM-DD" plus NUL */

/* Milliseconds since the epoch, UTC, from the injected clock if any. */
int64_t clock_now_ms(void);

/* Freezes the clock (unit tests); a negative value returns to real time. */
void clock_set_fixed_ms(int64_t ms);

/* Sets the display time zone (an IANA name such as "Asia/Shanghai"). */
enum sp_status clock_set_timezone(const char *tz);

/* Formats ms as stored UTC text into buf[CLOCK_UTC_LEN]. */
void clock_format_utc(int64_t ms, char buf[CLOCK_UTC_LEN]);

/* Parses stored UTC text ("...Z", milliseconds optional). */
enum sp_status clock_parse_utc(const char *text, int64_t *ms_out);

/* Formats ms in the station's time zone with strftime(3) fmt. */
void clock_format_local(int64_t ms, const char *fmt, char *buf, size_t size);

/* The local calendar date of ms as "YYYY-MM-DD". */
void clock_local_date(int64_t ms, char buf[CLOCK_DATE_LEN]);

/* Parses a local date "YYYY-MM-DD" to the ms of its local midnight. */
enum sp_status clock_parse_local_date(const char *text, int64_t *ms_out);

/* Local midnight at the start of the day, month or year containing ms. */
int64_t clock_local_day_start(int64_t ms);
int64_t clock_local_month_start(int64_t ms);
int64_t clock_local_year_start(int64_t ms);

/* Adds days to a local midnight, following DST. */
int64_t clock_local_add_days(int64_t day_start_ms, int days);

#endif
