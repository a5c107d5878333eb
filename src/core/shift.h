/* shift.h — staff shifts. For now only the lookup that lets a check-in be
 * attached to the shift that is open; opening and closing shifts come with
 * the shift work. */
#ifndef SVCPOINT_SHIFT_H
#define SVCPOINT_SHIFT_H

#include "db.h"
#include "status.h"

/* The id of the open shift, malloc'd into *id_out (caller frees);
 * SP_ERR_NOT_FOUND when no shift is open. */
enum sp_status shift_open_id_dup(struct db *db, char **id_out);

#endif
