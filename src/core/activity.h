/* activity.h — the kinds of service a member can log (活动类型): duty at
 * the service point, volunteer service, theme party days, and whatever
 * else the station configures.
 *
 * Types are never deleted, because service entries refer to them; one
 * that is no longer offered is disabled and drops out of the kiosk's
 * list. Adding, disabling and enabling are audited. */
#ifndef SVCPOINT_ACTIVITY_H
#define SVCPOINT_ACTIVITY_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "status.h"
#include "uuid.h"

#define ACTIVITY_CODE_MAX 32     /* [a-z0-9_-] */
#define ACTIVITY_NAME_MAX 16     /* characters: fits a kiosk menu line */
#define ACTIVITY_NAME_EN_MAX 32  /* characters */

struct activity {
	char id[UUID_STR_LEN];
	char *code;                  /* stable key for scripts: "duty" */
	char *name;                  /* Chinese name shown by default */
	char *name_en;               /* "" when none */
	int sort_order;              /* lower first */
	bool active;
};

/* *out receives count activities ordered by sort_order (then code);
 * inactive ones only when include_inactive. Free with
 * activity_list_free(). An empty list is SP_OK with *out NULL. */
enum sp_status activity_list(struct db *db, bool include_inactive,
			     struct activity **out, size_t *count);

/* Frees the array and its strings; (NULL, 0) is a no-op. */
void activity_list_free(struct activity *arr, size_t count);

/* *out receives the type with this code (freed with activity_free), or
 * SP_ERR_NOT_FOUND. */
enum sp_status activity_find_by_code(struct db *db, const char *code,
				     struct activity **out);

/* Frees one activity from activity_find_by_code; NULL is a no-op. */
void activity_free(struct activity *a);

/* SP_OK when code is 1 to ACTIVITY_CODE_MAX of [a-z0-9_-]. */
enum sp_status activity_validate_code(const char *code);

/* Adds an active type with an audit row "activity.add", in one
 * transaction. name_en may be NULL. SP_ERR_DUPLICATE when the code is
 * taken. id_out (may be NULL) receives the new id. */
enum sp_status activity_add(struct db *db, const char *code, const char *name,
			    const char *name_en, int sort_order,
			    const char *actor_id, char id_out[UUID_STR_LEN]);

/* The same inside the caller's transaction. */
enum sp_status activity_add_in_tx(struct db *db, const char *code,
				  const char *name, const char *name_en,
				  int sort_order, const char *actor_id,
				  char id_out[UUID_STR_LEN]);

/* Enables or disables the type with this code ("activity.enable" /
 * "activity.disable" audited). SP_ERR_NOT_FOUND for an unknown code;
 * SP_OK and nothing written when it is in that state already. */
enum sp_status activity_set_active(struct db *db, const char *code,
				   bool active, const char *actor_id);

/* The name to show: name_en when language is "en" and there is one,
 * else name. */
const char *activity_display_name(const struct activity *a,
				  const char *language);

#endif
