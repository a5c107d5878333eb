/* station.h — who this store belongs to: the station id and name kept in
 * the store's station settings, so a store is never silently relabelled
 * by pointing another station's configuration at it. */
#ifndef SVCPOINT_STATION_H
#define SVCPOINT_STATION_H

#include <stdbool.h>

#include "config.h"
#include "db.h"
#include "status.h"

/* Records the config's station id, name and the creation time in a new
 * store (audit "station.create"), or updates the name of the same
 * station (audit "station.rename"), in one transaction. SP_ERR_CONFIG
 * when the store already belongs to another station id: nothing is
 * written. *created (may be NULL) tells whether the store was new. */
enum sp_status station_ensure(struct db *db, const struct config *cfg,
			      bool *created);

/* The station id recorded in the store (malloc'd; caller frees), or
 * SP_ERR_NOT_FOUND before station_ensure has run. */
enum sp_status station_id_dup(struct db *db, char **out);

/* The same for the station name. */
enum sp_status station_name_dup(struct db *db, char **out);

#endif
