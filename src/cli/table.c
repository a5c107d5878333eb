/* table.c — aligned tables (by display width), CSV (libcsv's writer) and
 * JSON (jansson) from the same rows. */
#include "table.h"

#include <csv.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

struct table {
	size_t ncols;
	char **keys;
	char **headers;
	char **cells;      /* rows * ncols, row-major */
	size_t rows;
	size_t cap_rows;
};

enum sp_status table_format_parse(const char *name, enum table_format *out)
{
	if (strcmp(name, "table") == 0)
		*out = TABLE_FORMAT_TABLE;
	else if (strcmp(name, "csv") == 0)
		*out = TABLE_FORMAT_CSV;
	else if (strcmp(name, "json") == 0)
		*out = TABLE_FORMAT_JSON;
	else
		return SP_ERR_INVALID;
	return SP_OK;
}

static char **table_copy_strings(size_t n, const char *const *src)
{
	char **out = calloc(n, sizeof *out);
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		out[i] = strdup(src[i] ? src[i] : "");
		if (!out[i]) {
			for (size_t j = 0; j < i; j++)
				free(out[j]);
			free(out);
			return NULL;
		}
	}
	return out;
}

static void table_free_strings(char **strings, size_t n)
{
	if (!strings)
		return;
	for (size_t i = 0; i < n; i++)
		free(strings[i]);
	free(strings);
}

struct table *table_new(size_t ncols, const char *const *keys,
			const char *const *headers)
{
	struct table *table = calloc(1, sizeof *table);
	if (!table)
		return NULL;
	table->ncols = ncols;
	table->keys = table_copy_strings(ncols, keys);
	table->headers = table_copy_strings(ncols, headers);
	if (!table->keys || !table->headers) {
		table_free(table);
		return NULL;
	}
	return table;
}

void table_free(struct table *table)
{
	if (!table)
		return;
	table_free_strings(table->keys, table->keys ? table->ncols : 0);
	table_free_strings(table->headers, table->headers ? table->ncols : 0);
	table_free_strings(table->cells, table->rows * table->ncols);
	free(table);
}

enum sp_status table_add_row(struct table *table, const char *const *cells)
{
	if (table->rows == table->cap_rows) {
		size_t cap = table->cap_rows ? table->cap_rows * 2 : 16;
		char **grown = realloc(table->cells,
				       cap * table->ncols * sizeof *grown);
		if (!grown)
			return SP_ERR_NOMEM;
		table->cells = grown;
		table->cap_rows = cap;
	}
	char **row = table->cells + table->rows * table->ncols;
	for (size_t c = 0; c < table->ncols; c++) {
		row[c] = text_sanitize_dup(cells[c] ? cells[c] : "", false);
		if (!row[c]) {
			for (size_t j = 0; j < c; j++)
				free(row[j]);
			return SP_ERR_NOMEM;
		}
	}
	table->rows++;
	return SP_OK;
}

static void table_print_cell(FILE *out, const char *text, size_t width,
			     bool last)
{
	fputs(text, out);
	if (last)
		return;
	for (size_t w = text_width(text); w < width + 2; w++)
		fputc(' ', out);
}

static void table_print_aligned(const struct table *table, FILE *out)
{
	size_t *widths = calloc(table->ncols, sizeof *widths);
	if (!widths)
		return;
	for (size_t c = 0; c < table->ncols; c++)
		widths[c] = text_width(table->headers[c]);
	for (size_t r = 0; r < table->rows; r++) {
		for (size_t c = 0; c < table->ncols; c++) {
			size_t w = text_width(table->cells[r * table->ncols + c]);
			if (w > widths[c])
				widths[c] = w;
		}
	}
	for (size_t c = 0; c < table->ncols; c++)
		table_print_cell(out, table->headers[c], widths[c],
				 c + 1 == table->ncols);
	fputc('\n', out);
	for (size_t r = 0; r < table->rows; r++) {
		for (size_t c = 0; c < table->ncols; c++)
			table_print_cell(out, table->cells[r * table->ncols + c],
					 widths[c], c + 1 == table->ncols);
		fputc('\n', out);
	}
	free(widths);
}

static void table_print_csv_row(FILE *out, char **cells, size_t n)
{
	for (size_t c = 0; c < n; c++) {
		if (c > 0)
			fputc(',', out);
		csv_fwrite(out, cells[c], strlen(cells[c]));
	}
	fputc('\n', out);
}

static void table_print_json(const struct table *table, FILE *out)
{
	json_t *array = json_array();
	if (!array)
		return;
	for (size_t r = 0; r < table->rows; r++) {
		json_t *obj = json_object();
		for (size_t c = 0; c < table->ncols; c++)
			json_object_set_new(obj, table->keys[c],
					    json_string(table->cells[r * table->ncols + c]));
		json_array_append_new(array, obj);
	}
	json_dumpf(array, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(array);
}

void table_print(const struct table *table, enum table_format format,
		 FILE *out)
{
	switch (format) {
	case TABLE_FORMAT_TABLE:
		table_print_aligned(table, out);
		break;
	case TABLE_FORMAT_CSV:
		table_print_csv_row(out, table->keys, table->ncols);
		for (size_t r = 0; r < table->rows; r++)
			table_print_csv_row(out, table->cells + r * table->ncols,
					    table->ncols);
		break;
	case TABLE_FORMAT_JSON:
		table_print_json(table, out);
		break;
	}
}
