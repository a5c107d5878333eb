/* shift.c — staff shifts. So far only finding the open shift, so that
 * entries and commitments made during it are attached to it; opening and
 * closing shifts come with the shift work. Never writes. */
#include "shift.h"

#include <stdlib.h>

/* WHERE matches the partial index shift_one_open, so this never scans. */
static const char sql_shift_open[] =
	"SELECT id FROM shift WHERE closed_at IS NULL LIMIT 1";

enum sp_status shift_open_id_dup(struct db *db, char **id_out)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_shift_open);
	enum sp_status status = SP_ERR_NOT_FOUND;
	int rc;

	*id_out = NULL;
	if (!stmt)
		return SP_ERR_DB;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*id_out = db_column_dup(stmt, 0);
		status = *id_out ? SP_OK : SP_ERR_NOMEM;
	} else if (rc != SQLITE_DONE) {
		status = db_status_from_rc(rc);
	}
	sqlite3_reset(stmt);
	return status;
}
