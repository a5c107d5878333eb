/* feedback.h — visitors' satisfaction (群众满意度): a rating from 1 to 5
 * and an optional comment left at the kiosk, and what they add up to.
 *
 * A rating is anonymous: no badge, no PIN, no member. Each one is written
 * in one transaction together with the shift open at the time (if any), so
 * the shift's summary counts it; it is never changed afterwards. */
#ifndef SVCPOINT_FEEDBACK_H
#define SVCPOINT_FEEDBACK_H

#include <stdint.h>

#include "db.h"
#include "status.h"
#include "uuid.h"

#define FEEDBACK_RATING_MIN 1      /* 很不满意 */
#define FEEDBACK_RATING_MAX 5      /* 非常满意 */
#define FEEDBACK_COMMENT_MAX 200   /* characters */

struct feedback {
	char id[UUID_STR_LEN];
	char shift_id[UUID_STR_LEN];   /* "" when no shift was open */
	int rating;                    /* 1..5 */
	char *comment;                 /* "" when none was left */
	int64_t created_ms;
};

void feedback_free(struct feedback *f);

/* The rating in words, translated ("Very satisfied" for 5); "" when out
 * of range. */
const char *feedback_rating_label(int rating);

/* Stores a rating (1..5, else SP_ERR_INVALID) with an optional comment
 * (NULL or "" for none; at most FEEDBACK_COMMENT_MAX characters, checked
 * by text_validate) and the open shift's id. id_out may be NULL.
 * cooldown_s ([kiosk] feedback_cooldown_s; 0: none) is the station's
 * pause between two ratings, so one visitor cannot rate many times in a
 * row: while the newest rating is younger than that, nothing is written
 * and SP_ERR_TOO_SOON is returned. */
enum sp_status feedback_add(struct db *db, int rating, const char *comment,
			    int cooldown_s, char id_out[UUID_STR_LEN]);

/* SP_ERR_NOT_FOUND. Caller frees *out with feedback_free. */
enum sp_status feedback_get(struct db *db, const char *id,
			    struct feedback **out);

typedef int (*feedback_each_fn)(const struct feedback *f, void *ctx); /* nonzero stops */

/* Ratings left in [since_ms, until_ms) (0: no bound), newest first, at
 * most limit (0: all). The feedback passed to fn lives during the call. */
enum sp_status feedback_each(struct db *db, int64_t since_ms, int64_t until_ms,
			     int limit, feedback_each_fn fn, void *ctx);

struct feedback_summary {
	int count;                              /* ratings in the window */
	double average;                         /* 0 when count is 0 */
	int by_rating[FEEDBACK_RATING_MAX];     /* [r - 1]: how many gave r */
};

/* Adds up the ratings left in [since_ms, until_ms) (0: no bound). */
enum sp_status feedback_summary(struct db *db, int64_t since_ms,
				int64_t until_ms, struct feedback_summary *out);

#endif
