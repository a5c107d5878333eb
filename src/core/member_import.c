/* member_import.c — importing members from a CSV file, all rows or none.
 *
 * The file is read line by line into libcsv, so every record knows the
 * line it started on. Every row is checked before anything is written;
 * the first bad one is reported by line with one sentence, and the store
 * is left untouched. PINs are hashed (and existing ones verified) before
 * the single write transaction opens, so that transaction stays short.
 * A row that matches the stored member, PIN included, is not written at
 * all: importing the same file twice changes nothing. This file must never
 * write half a file, and never keep a PIN longer than it needs it. */
#include "member.h"

#include <csv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "i18n.h"
#include "text.h"

enum { COL_NO, COL_NAME, COL_BRANCH, COL_ROLE, COL_PIN, IMPORT_COLUMNS };

static const char *const import_header[IMPORT_COLUMNS] = {
	"member_no", "name", "branch", "role", "pin",
};

enum import_action { IMPORT_ADD, IMPORT_UPDATE, IMPORT_SAME };

struct import_row {
	long line;                       /* where the record starts */
	char *field[IMPORT_COLUMNS];
	enum member_role role;
	enum import_action action;
	char id[UUID_STR_LEN];           /* existing or new member id */
	char hash[PIN_HASH_LEN];         /* new PIN hash, when new_hash */
	bool new_hash;
};

struct import_state {
	struct import_row *rows;
	size_t nrows, cap;
	char *fields[IMPORT_COLUMNS];    /* the record being read */
	int nfields;                     /* fields seen, extra ones too */
	size_t newlines;                 /* inside the record's fields */
	bool nul_byte;                   /* a field held a NUL byte */
	bool header_done;
	long line;                       /* the physical line being fed */
	bool failed;                     /* first problem recorded */
	enum sp_status status;           /* SP_ERR_CSV or a system error */
	struct member_import_result *result;
};

static const char sql_import_existing[] =
	"SELECT id, name, branch, role, pin_hash FROM member WHERE member_no = ?1";
static const char sql_import_update[] =
	"UPDATE member SET name = ?2, branch = ?3, role = ?4,"
	" pin_hash = coalesce(?5, pin_hash),"
	" failed_pins = CASE WHEN ?5 IS NULL THEN failed_pins ELSE 0 END,"
	" locked_until = CASE WHEN ?5 IS NULL THEN locked_until ELSE NULL END,"
	" updated_at = ?6 WHERE id = ?1";

/* Wipes and frees a string that may hold a PIN. */
static void import_free_secret(char *s)
{
	if (s) {
		sodium_memzero(s, strlen(s));
		free(s);
	}
}

static void import_free_fields(char **fields)
{
	for (int i = 0; i < IMPORT_COLUMNS; i++) {
		import_free_secret(fields[i]);
		fields[i] = NULL;
	}
}

static void import_state_free(struct import_state *st)
{
	for (size_t i = 0; i < st->nrows; i++) {
		import_free_fields(st->rows[i].field);
		sodium_memzero(st->rows[i].hash, sizeof st->rows[i].hash);
	}
	free(st->rows);
	st->rows = NULL;
	st->nrows = st->cap = 0;
	import_free_fields(st->fields);
}

/* Records the first problem: its line and one sentence. */
static void import_fail(struct import_state *st, long line, const char *fmt,
			...) __attribute__((format(printf, 3, 4)));

static void import_fail(struct import_state *st, long line, const char *fmt,
			...)
{
	va_list ap;

	if (st->failed)
		return;
	st->failed = true;
	st->status = SP_ERR_CSV;
	st->result->bad_line = line;
	va_start(ap, fmt);
	vsnprintf(st->result->problem, sizeof st->result->problem, fmt, ap);
	va_end(ap);
}

static void import_fail_nomem(struct import_state *st)
{
	if (!st->failed) {
		st->failed = true;
		st->status = SP_ERR_NOMEM;
	}
}

/* A sentence for a text field refused by text_validate. */
static void import_fail_text(struct import_state *st, long line,
			     const char *column, enum sp_status status)
{
	import_fail(st, line, _("Column %s: %s"), column,
		    status_message(status));
}

/* libcsv: one field has ended. */
static void import_on_field(void *s, size_t len, void *data)
{
	struct import_state *st = data;
	const char *text = s ? s : "";
	int i = st->nfields++;

	if (st->failed)
		return;
	for (size_t k = 0; k < len; k++) {
		if (text[k] == '\n')
			st->newlines++;
		else if (text[k] == '\0')
			st->nul_byte = true;
	}
	if (i >= IMPORT_COLUMNS)
		return;
	st->fields[i] = malloc(len + 1);
	if (!st->fields[i]) {
		import_fail_nomem(st);
		return;
	}
	memcpy(st->fields[i], text, len);
	st->fields[i][len] = '\0';
}

static bool import_check_header(struct import_state *st)
{
	if (st->nfields != IMPORT_COLUMNS)
		return false;
	for (int i = 0; i < IMPORT_COLUMNS; i++) {
		if (strcmp(st->fields[i], import_header[i]) != 0)
			return false;
	}
	return true;
}

/* Checks one data row; on success it is appended to st->rows. */
static void import_take_row(struct import_state *st, long line)
{
	struct member_spec spec;
	enum sp_status status;
	const char *column = NULL;
	char **f = st->fields;
	enum member_role role = MEMBER_ROLE_MEMBER;

	if (st->nfields != IMPORT_COLUMNS) {
		import_fail(st, line, _("This row has %d fields; the header has %d."),
			    st->nfields, IMPORT_COLUMNS);
		return;
	}
	if (st->nul_byte) {
		import_fail(st, line, _("This row contains a NUL byte."));
		return;
	}
	if (member_validate_no(f[COL_NO]) != SP_OK) {
		import_fail(st, line,
			    _("The badge number must be 1 to %d letters, digits or hyphens."),
			    MEMBER_NO_MAX);
		return;
	}
	if (f[COL_ROLE][0] && member_role_parse(f[COL_ROLE], &role) != SP_OK) {
		import_fail(st, line, _("The role must be member, staff or admin."));
		return;
	}
	spec = (struct member_spec){f[COL_NO], f[COL_NAME], f[COL_BRANCH], role};
	status = member_validate_spec(&spec, &column);
	if (status != SP_OK) {
		import_fail_text(st, line, column, status);
		return;
	}
	if (pin_validate(f[COL_PIN]) != SP_OK) {
		import_fail(st, line, _("The PIN must be %d to %d digits."),
			    PIN_MIN_DIGITS, PIN_MAX_DIGITS);
		return;
	}
	if (member_validate_pin(f[COL_NO], f[COL_PIN]) == SP_ERR_PIN_IS_BADGE) {
		import_fail(st, line, "%s", status_message(SP_ERR_PIN_IS_BADGE));
		return;
	}
	/* A linear search keeps the first-bad-line order exact; even a
	 * station's whole roll is a few thousand rows. */
	for (size_t i = 0; i < st->nrows; i++) {
		if (strcmp(st->rows[i].field[COL_NO], f[COL_NO]) == 0) {
			import_fail(st, line,
				    _("Badge %s appears twice in this file (first on line %ld)."),
				    f[COL_NO], st->rows[i].line);
			return;
		}
	}
	if (st->nrows == st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 64;
		struct import_row *grown = realloc(st->rows, cap * sizeof *grown);
		if (!grown) {
			import_fail_nomem(st);
			return;
		}
		st->rows = grown;
		st->cap = cap;
	}
	struct import_row *row = &st->rows[st->nrows++];
	memset(row, 0, sizeof *row);
	row->line = line;
	row->role = role;
	memcpy(row->field, st->fields, sizeof row->field);
	memset(st->fields, 0, sizeof st->fields);
}

/* libcsv: one record has ended. */
static void import_on_record(int terminator, void *data)
{
	struct import_state *st = data;
	long line = st->line - (long)st->newlines;

	(void)terminator;
	if (!st->failed) {
		if (!st->header_done) {
			st->header_done = true;
			if (!import_check_header(st))
				import_fail(st, line,
					    _("The first line must be the header member_no,name,branch,role,pin."));
		} else {
			st->result->rows++;
			import_take_row(st, line);
		}
	}
	import_free_fields(st->fields);
	st->nfields = 0;
	st->newlines = 0;
	st->nul_byte = false;
}

/* Reads and checks the whole file into st. */
static enum sp_status import_parse_file(struct import_state *st,
					const char *path)
{
	struct csv_parser parser;
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *fp = fopen(path, "rb");

	if (!fp)
		return SP_ERR_IO;
	if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		fclose(fp);
		return SP_ERR_NOMEM;
	}
	while (!st->failed && (len = getline(&buf, &cap, fp)) >= 0) {
		const char *start = buf;
		size_t n = (size_t)len;

		st->line++;
		if (st->line == 1 && n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
			start += 3;    /* the UTF-8 byte order mark */
			n -= 3;
		}
		if (csv_parse(&parser, start, n, import_on_field,
			      import_on_record, st) != n) {
			if (csv_error(&parser) == CSV_EPARSE)
				import_fail(st, st->line,
					    _("A quote character is out of place on this line."));
			else
				import_fail_nomem(st);
		}
	}
	if (!st->failed && ferror(fp)) {
		st->failed = true;
		st->status = SP_ERR_IO;
	}
	if (!st->failed &&
	    csv_fini(&parser, import_on_field, import_on_record, st) != 0) {
		if (csv_error(&parser) == CSV_EPARSE)
			import_fail(st, st->line,
				    _("A quoted field is not closed before the end of the file."));
		else
			import_fail_nomem(st);
	}
	if (!st->failed && !st->header_done)
		import_fail(st, 1,
			    _("The first line must be the header member_no,name,branch,role,pin."));
	/* libcsv's buffer and ours held PINs */
	if (parser.entry_buf)
		sodium_memzero(parser.entry_buf, parser.entry_size);
	csv_free(&parser);
	if (buf) {
		sodium_memzero(buf, cap);
		free(buf);
	}
	fclose(fp);
	return st->failed ? st->status : SP_OK;
}

static bool import_same_text(sqlite3_stmt *stmt, int col, const char *value)
{
	const unsigned char *text = sqlite3_column_text(stmt, col);
	return strcmp(text ? (const char *)text : "", value) == 0;
}

/* Decides what each row does, comparing with the store; hashes new PINs.
 * Runs before the write transaction: this is where the time goes. */
static enum sp_status import_plan(struct db *db, const unsigned char *pepper,
				  struct import_state *st)
{
	char stored_hash[PIN_HASH_LEN];
	enum sp_status status = SP_OK;

	for (size_t i = 0; i < st->nrows && status == SP_OK; i++) {
		struct import_row *row = &st->rows[i];
		sqlite3_stmt *stmt = db_stmt(db, sql_import_existing);
		bool same = false;
		int rc;

		if (!stmt)
			return SP_ERR_DB;
		sqlite3_bind_text(stmt, 1, row->field[COL_NO], -1, SQLITE_STATIC);
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW) {
			const unsigned char *text = sqlite3_column_text(stmt, 0);
			snprintf(row->id, sizeof row->id, "%s",
				 text ? (const char *)text : "");
			text = sqlite3_column_text(stmt, 4);
			snprintf(stored_hash, sizeof stored_hash, "%s",
				 text ? (const char *)text : "");
			same = import_same_text(stmt, 1, row->field[COL_NAME]) &&
			       import_same_text(stmt, 2, row->field[COL_BRANCH]) &&
			       import_same_text(stmt, 3, member_role_name(row->role));
		}
		sqlite3_reset(stmt);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_status_from_rc(rc);

		if (rc == SQLITE_DONE) {
			row->action = IMPORT_ADD;
			uuid_v7_new(row->id);
			row->new_hash = true;
		} else if (pin_verify(pepper, stored_hash, row->field[COL_PIN]) == SP_OK) {
			row->action = same ? IMPORT_SAME : IMPORT_UPDATE;
		} else {
			row->action = IMPORT_UPDATE;
			row->new_hash = true;
		}
		if (row->new_hash)
			status = pin_hash(pepper, row->field[COL_PIN], row->hash);
		/* the PIN is not needed any more */
		import_free_secret(row->field[COL_PIN]);
		row->field[COL_PIN] = NULL;

		if (row->action == IMPORT_ADD)
			st->result->added++;
		else if (row->action == IMPORT_UPDATE)
			st->result->updated++;
		else
			st->result->unchanged++;
	}
	return status;
}

static enum sp_status import_update_row(struct db *db,
					const struct import_row *row)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_import_update);
	char now[CLOCK_UTC_LEN];
	int rc;

	if (!stmt)
		return SP_ERR_DB;
	clock_format_utc(clock_now_ms(), now);
	sqlite3_bind_text(stmt, 1, row->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, row->field[COL_NAME], -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, row->field[COL_BRANCH], -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, member_role_name(row->role), -1,
			  SQLITE_STATIC);
	if (row->new_hash)
		sqlite3_bind_text(stmt, 5, row->hash, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 5);
	sqlite3_bind_text(stmt, 6, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return db_status_from_rc(rc);
}

/* The one write transaction: every insert and update, and one audit row. */
static enum sp_status import_write(struct db *db, const struct import_state *st,
				   const char *path, const char *actor_id)
{
	const struct member_import_result *r = st->result;
	const char *base = strrchr(path, '/');
	char detail[128];
	enum sp_status status = db_begin(db);

	if (status != SP_OK)
		return status;
	for (size_t i = 0; i < st->nrows && status == SP_OK; i++) {
		const struct import_row *row = &st->rows[i];
		struct member_spec spec = {row->field[COL_NO], row->field[COL_NAME],
					   row->field[COL_BRANCH], row->role};

		if (row->action == IMPORT_ADD)
			status = member_insert_row(db, row->id, &spec, row->hash);
		else if (row->action == IMPORT_UPDATE)
			status = import_update_row(db, row);
	}
	if (status == SP_OK) {
		snprintf(detail, sizeof detail, "rows=%d added=%d updated=%d unchanged=%d",
			 r->rows, r->added, r->updated, r->unchanged);
		status = audit_append(db, actor_id, "member.import",
				      base ? base + 1 : path, detail);
	}
	if (status == SP_OK)
		status = db_commit(db);
	if (status != SP_OK)
		db_rollback(db);
	return status;
}

enum sp_status member_import_csv(struct db *db, const unsigned char *pepper,
				 const char *path, const char *actor_id,
				 struct member_import_result *result)
{
	struct import_state st;
	enum sp_status status;

	memset(result, 0, sizeof *result);
	memset(&st, 0, sizeof st);
	st.result = result;

	status = import_parse_file(&st, path);
	if (status == SP_OK)
		status = import_plan(db, pepper, &st);
	if (status == SP_OK && (result->added > 0 || result->updated > 0))
		status = import_write(db, &st, path, actor_id);
	if (status != SP_OK && status != SP_ERR_CSV)
		result->added = result->updated = result->unchanged = 0;
	import_state_free(&st);
	return status;
}
