/* uuid.c — UUIDv7 (RFC 9562) generation with libsodium randomness. */
#include "uuid.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"

/* RFC 9562 method 1: a 12-bit counter in rand_a keeps ids made within one
 * millisecond in order; it is re-seeded randomly each new millisecond. */
static int64_t last_ms = -1;
static uint16_t counter;

void uuid_v7_new(char out[UUID_STR_LEN])
{
	unsigned char b[16];
	int64_t ms = clock_now_ms();

	randombytes_buf(b, sizeof b);
	if (ms <= last_ms) {
		/* same millisecond, or the clock went back: keep order */
		ms = last_ms;
		counter++;
		if (counter > 0x0fff) {
			ms = ++last_ms;
			counter = (uint16_t)(b[6] & 0x07);
		}
	} else {
		counter = (uint16_t)(((b[6] & 0x07) << 8) | b[7]);
	}
	last_ms = ms;
	for (int i = 0; i < 6; i++)
		b[i] = (unsigned char)((uint64_t)ms >> (40 - 8 * i));
	b[6] = (unsigned char)(0x70 | ((counter >> 8) & 0x0f));
	b[7] = (unsigned char)(counter & 0xff);
	b[8] = (unsigned char)(0x80 | (b[8] & 0x3f));
	snprintf(out, UUID_STR_LEN,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
		 b[10], b[11], b[12], b[13], b[14], b[15]);
}

bool uuid_is_valid(const char *s)
{
	if (strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
		} else if (!((s[i] >= '0' && s[i] <= '9') ||
			     (s[i] >= 'a' && s[i] <= 'f'))) {
			return false;
		}
	}
	return true;
}

int64_t uuid_v7_time_ms(const char *s)
{
	int64_t ms = 0;
	for (int i = 0; i < 13; i++) {
		char c = s[i];
		if (c == '-')
			continue;
		ms = ms * 16 + (c <= '9' ? c - '0' : c - 'a' + 10);
	}
	return ms;
}
