/* uuid.h — record ids: UUIDv7 text, time-ordered, random part from
 * libsodium, so rows made at many stations never collide. */
#ifndef SVCPOINT_UUID_H
#define SVCPOINT_UUID_H

#include <stdbool.h>
#include <stdint.h>

#define UUID_STR_LEN 37 /* 36 characters plus NUL */

/* The short id shown on slips and screens: the first 13 characters
 * ("0193a1b2-c3d4"), which hold the id's whole millisecond timestamp. One
 * station's kiosk makes at most one entry a millisecond, so they tell its
 * entries apart; eight characters would not (they change every 65 s). */
#define UUID_SHORT_LEN 13

/* Writes a new UUIDv7 (timestamp from clock_now_ms()) into out. Ids made
 * in the same millisecond by one process still sort in creation order. */
void uuid_v7_new(char out[UUID_STR_LEN]);

/* True when s is a lower-case UUID in canonical 8-4-4-4-12 form. */
bool uuid_is_valid(const char *s);

/* The millisecond timestamp inside a UUIDv7. */
int64_t uuid_v7_time_ms(const char *s);

#endif
