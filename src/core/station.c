/* station.c — the store's own station record, kept in the station
 * key/value table through db_setting_get_dup/db_setting_set.
 *
 * It must never overwrite the station id of a store that has one: logs
 * sent upward carry that id, and a second id would split one station's
 * history in two at the committee. */
#include "station.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"

#define STATION_KEY_ID "station_id"
#define STATION_KEY_NAME "station_name"
#define STATION_KEY_CREATED "created_at"

enum sp_status station_id_dup(struct db *db, char **out)
{
	return db_setting_get_dup(db, STATION_KEY_ID, out);
}

enum sp_status station_name_dup(struct db *db, char **out)
{
	return db_setting_get_dup(db, STATION_KEY_NAME, out);
}

/* The audit detail as compact JSON; caller frees. */
static char *station_detail_dup(const char *id, const char *name)
{
	json_t *obj = json_pack("{s:s, s:s}", "id", id, "name", name);
	char *text;

	if (!obj)
		return NULL;
	text = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(obj);
	return text;
}

enum sp_status station_ensure(struct db *db, const struct config *cfg,
			      bool *created)
{
	char *old_id = NULL, *old_name = NULL, *detail = NULL;
	char now[CLOCK_UTC_LEN];
	const char *action = NULL;
	enum sp_status status;

	if (created)
		*created = false;
	status = db_begin(db);
	if (status != SP_OK)
		return status;
	status = station_id_dup(db, &old_id);
	if (status == SP_ERR_NOT_FOUND) {
		clock_format_utc(clock_now_ms(), now);
		status = db_setting_set(db, STATION_KEY_ID, cfg->station_id);
		if (status == SP_OK)
			status = db_setting_set(db, STATION_KEY_NAME,
						cfg->station_name);
		if (status == SP_OK)
			status = db_setting_set(db, STATION_KEY_CREATED, now);
		action = "station.create";
	} else if (status == SP_OK) {
		if (strcmp(old_id, cfg->station_id) != 0) {
			status = SP_ERR_CONFIG;
			goto done;
		}
		status = station_name_dup(db, &old_name);
		if (status == SP_ERR_NOT_FOUND || (status == SP_OK &&
		    strcmp(old_name, cfg->station_name) != 0)) {
			status = db_setting_set(db, STATION_KEY_NAME,
						cfg->station_name);
			action = "station.rename";
		}
	}
	if (status == SP_OK && action) {
		detail = station_detail_dup(cfg->station_id, cfg->station_name);
		status = detail ? audit_append(db, NULL, action, cfg->station_id,
					       detail)
				: SP_ERR_NOMEM;
	}
done:
	if (status == SP_OK)
		status = db_commit(db);
	if (status != SP_OK)
		db_rollback(db);
	if (status == SP_OK && created && action &&
	    strcmp(action, "station.create") == 0)
		*created = true;
	free(old_id);
	free(old_name);
	free(detail);
	return status;
}
