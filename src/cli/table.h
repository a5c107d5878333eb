/* table.h — printing rows of text as an aligned table, CSV or JSON.
 *
 * Table columns line up by display width (Chinese names are two columns a
 * character); text is sanitised before it reaches the terminal. */
#ifndef SVCPOINT_TABLE_H
#define SVCPOINT_TABLE_H

#include <stddef.h>
#include <stdio.h>

#include "status.h"

enum table_format { TABLE_FORMAT_TABLE, TABLE_FORMAT_CSV, TABLE_FORMAT_JSON };

/* "table", "csv" or "json"; SP_ERR_INVALID otherwise. */
enum sp_status table_format_parse(const char *name, enum table_format *out);

struct table;

/* A table with ncols columns. keys name the columns in CSV and JSON,
 * headers (translated) head the aligned table. Both are copied. */
struct table *table_new(size_t ncols, const char *const *keys,
			const char *const *headers);
void table_free(struct table *table);

/* Appends a row of ncols cells (copied; NULL prints as empty). */
enum sp_status table_add_row(struct table *table, const char *const *cells);


/* Writes the table in the chosen format. */
void table_print(const struct table *table, enum table_format format,
		 FILE *out);

#endif
