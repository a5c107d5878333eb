/* migrations.h — the numbered schema steps applied by db.c. */
#ifndef SVCPOINT_MIGRATIONS_H
#define SVCPOINT_MIGRATIONS_H

/* How many steps exist: the current schema version. */
int migrations_count(void);

/* The SQL taking the store from version-1 to version, or NULL. */
const char *migrations_step_sql(int version);

#endif
