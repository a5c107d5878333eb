/* brand.c — the brand profile: its one row, its field rules, its labels.
 *
 * Owns every SQL statement on the brand table. It must never write a
 * value it has not validated, never change a field without an audit row
 * in the same transaction, and never keep more than one brand row. */
#include "brand.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "i18n.h"
#include "text.h"

static const char *const brand_type_names[] = {
	[BRAND_TYPE_WORK] = "work",
	[BRAND_TYPE_ORGANISATION] = "organisation",
	[BRAND_TYPE_MEMBER] = "member",
};

static const char *const brand_type_labels[] = {
	[BRAND_TYPE_WORK] = N_("work brand"),
	[BRAND_TYPE_ORGANISATION] = N_("organisation brand"),
	[BRAND_TYPE_MEMBER] = N_("member brand"),
};

static const char *const brand_stage_names[] = {
	[BRAND_STAGE_PREPARATION] = "preparation",
	[BRAND_STAGE_DEPLOYMENT] = "deployment",
	[BRAND_STAGE_DEVELOPMENT] = "development",
	[BRAND_STAGE_SUMMARY] = "summary",
};

static const char *const brand_stage_labels[] = {
	[BRAND_STAGE_PREPARATION] = N_("preparation"),
	[BRAND_STAGE_DEPLOYMENT] = N_("deployment and promotion"),
	[BRAND_STAGE_DEVELOPMENT] = N_("development and improvement"),
	[BRAND_STAGE_SUMMARY] = N_("summary and consolidation"),
};

#define BRAND_NTYPES (sizeof brand_type_names / sizeof brand_type_names[0])
#define BRAND_NSTAGES (sizeof brand_stage_names / sizeof brand_stage_names[0])

const char *const brand_fields[] = {
	"name", "slogan", "logo", "connotation", "concept", "goals",
	"type", "stage", "profile_url", NULL,
};

const char *brand_type_name(enum brand_type type)
{
	return (unsigned)type < BRAND_NTYPES ? brand_type_names[type] : "";
}

const char *brand_stage_name(enum brand_stage stage)
{
	return (unsigned)stage < BRAND_NSTAGES ? brand_stage_names[stage] : "";
}

const char *brand_type_label(enum brand_type type)
{
	return (unsigned)type < BRAND_NTYPES ? _(brand_type_labels[type]) : "";
}

const char *brand_stage_label(enum brand_stage stage)
{
	return (unsigned)stage < BRAND_NSTAGES ? _(brand_stage_labels[stage]) : "";
}

enum sp_status brand_type_parse(const char *name, enum brand_type *out)
{
	for (size_t i = 0; name && i < BRAND_NTYPES; i++) {
		if (strcmp(name, brand_type_names[i]) == 0) {
			*out = (enum brand_type)i;
			return SP_OK;
		}
	}
	return SP_ERR_INVALID;
}

enum sp_status brand_stage_parse(const char *name, enum brand_stage *out)
{
	for (size_t i = 0; name && i < BRAND_NSTAGES; i++) {
		if (strcmp(name, brand_stage_names[i]) == 0) {
			*out = (enum brand_stage)i;
			return SP_OK;
		}
	}
	return SP_ERR_INVALID;
}

bool brand_field_is_known(const char *field)
{
	for (size_t i = 0; field && brand_fields[i]; i++)
		if (strcmp(field, brand_fields[i]) == 0)
			return true;
	return false;
}

enum sp_status brand_validate_url(const char *url)
{
	size_t len;

	if (!url)
		return SP_ERR_INVALID;
	len = strlen(url);
	if (len == 0)
		return SP_OK;
	if (len > BRAND_URL_MAX)
		return SP_ERR_INVALID;
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
		return SP_ERR_INVALID;
	/* A QR code and a phone's browser want a plain address: no spaces,
	 * no control characters, nothing after "scheme://" missing. */
	for (const unsigned char *c = (const unsigned char *)url; *c; c++)
		if (*c <= ' ' || *c == 0x7f)
			return SP_ERR_INVALID;
	if (url[strncmp(url, "https://", 8) == 0 ? 8 : 7] == '\0')
		return SP_ERR_INVALID;
	/* Non-ASCII is allowed (the QR code encodes it), but it must be
	 * valid UTF-8 without C1 controls. */
	return text_validate(url, BRAND_URL_MAX, false, false) == SP_OK
		       ? SP_OK
		       : SP_ERR_INVALID;
}

enum sp_status brand_validate_field(const char *field, const char *value)
{
	enum brand_type type;
	enum brand_stage stage;

	if (!field || !value)
		return SP_ERR_INVALID;
	if (strcmp(field, "name") == 0)
		return text_validate(value, BRAND_NAME_MAX, true, false);
	if (strcmp(field, "slogan") == 0)
		return text_validate(value, BRAND_SLOGAN_MAX, false, false);
	if (strcmp(field, "logo") == 0)
		return text_validate(value, BRAND_LOGO_MAX, false, false);
	if (strcmp(field, "connotation") == 0 || strcmp(field, "concept") == 0 ||
	    strcmp(field, "goals") == 0)
		return text_validate(value, BRAND_TEXT_MAX, false, true);
	if (strcmp(field, "type") == 0)
		return brand_type_parse(value, &type);
	if (strcmp(field, "stage") == 0)
		return brand_stage_parse(value, &stage);
	if (strcmp(field, "profile_url") == 0)
		return brand_validate_url(value);
	return SP_ERR_INVALID;
}

static const char sql_brand_get[] =
	"SELECT id, name, slogan, logo, connotation, concept, goals, type,"
	" stage, profile_url, revision, updated_at"
	" FROM brand ORDER BY created_at, id LIMIT 1";
static const char sql_brand_id[] =
	"SELECT id FROM brand ORDER BY created_at, id LIMIT 1";
static const char sql_brand_insert[] =
	"INSERT INTO brand(id, name, created_at, updated_at, revision)"
	" VALUES (?1, '', ?2, ?2, 0)";
/* One statement for every field: the column cannot be a bound parameter,
 * and a statement per field would be nine copies of the same rule. */
static const char sql_brand_update[] =
	"UPDATE brand SET"
	" name = CASE ?1 WHEN 'name' THEN ?2 ELSE name END,"
	" slogan = CASE ?1 WHEN 'slogan' THEN ?2 ELSE slogan END,"
	" logo = CASE ?1 WHEN 'logo' THEN ?2 ELSE logo END,"
	" connotation = CASE ?1 WHEN 'connotation' THEN ?2 ELSE connotation END,"
	" concept = CASE ?1 WHEN 'concept' THEN ?2 ELSE concept END,"
	" goals = CASE ?1 WHEN 'goals' THEN ?2 ELSE goals END,"
	" type = CASE ?1 WHEN 'type' THEN ?2 ELSE type END,"
	" stage = CASE ?1 WHEN 'stage' THEN ?2 ELSE stage END,"
	" profile_url = CASE ?1 WHEN 'profile_url' THEN ?2 ELSE profile_url END,"
	" revision = revision + 1, updated_at = ?3"
	" WHERE id = ?4";

void brand_free(struct brand *brand)
{
	if (!brand)
		return;
	free(brand->name);
	free(brand->slogan);
	free(brand->logo);
	free(brand->connotation);
	free(brand->concept);
	free(brand->goals);
	free(brand->profile_url);
	free(brand);
}

enum sp_status brand_get(struct db *db, struct brand **out)
{
	sqlite3_stmt *stmt = db_stmt(db, sql_brand_get);
	struct brand *b;
	enum sp_status status = SP_OK;
	int rc;

	*out = NULL;
	if (!stmt)
		return SP_ERR_DB;
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(stmt);
		return rc == SQLITE_DONE ? SP_ERR_NOT_FOUND : db_status_from_rc(rc);
	}
	b = calloc(1, sizeof *b);
	if (!b) {
		sqlite3_reset(stmt);
		return SP_ERR_NOMEM;
	}
	snprintf(b->id, sizeof b->id, "%s",
		 (const char *)sqlite3_column_text(stmt, 0));
	b->name = db_column_dup(stmt, 1);
	b->slogan = db_column_dup(stmt, 2);
	b->logo = db_column_dup(stmt, 3);
	b->connotation = db_column_dup(stmt, 4);
	b->concept = db_column_dup(stmt, 5);
	b->goals = db_column_dup(stmt, 6);
	/* The table's CHECK constraints keep type and stage to known names. */
	if (brand_type_parse((const char *)sqlite3_column_text(stmt, 7),
			     &b->type) != SP_OK)
		b->type = BRAND_TYPE_WORK;
	if (brand_stage_parse((const char *)sqlite3_column_text(stmt, 8),
			      &b->stage) != SP_OK)
		b->stage = BRAND_STAGE_PREPARATION;
	b->profile_url = db_column_dup(stmt, 9);
	b->revision = sqlite3_column_int(stmt, 10);
	if (clock_parse_utc((const char *)sqlite3_column_text(stmt, 11),
			    &b->updated_ms) != SP_OK)
		b->updated_ms = 0;
	sqlite3_reset(stmt);
	if (!b->name || !b->slogan || !b->logo || !b->connotation ||
	    !b->concept || !b->goals || !b->profile_url) {
		brand_free(b);
		return SP_ERR_NOMEM;
	}
	*out = b;
	return status;
}

/* The id of the brand row, creating the row when there is none. */
static enum sp_status brand_ensure_row(struct db *db, const char *now,
				       char id[UUID_STR_LEN])
{
	sqlite3_stmt *stmt = db_stmt(db, sql_brand_id);
	int rc;

	if (!stmt)
		return SP_ERR_DB;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		snprintf(id, UUID_STR_LEN, "%s",
			 (const char *)sqlite3_column_text(stmt, 0));
		sqlite3_reset(stmt);
		return SP_OK;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return db_status_from_rc(rc);

	stmt = db_stmt(db, sql_brand_insert);
	if (!stmt)
		return SP_ERR_DB;
	uuid_v7_new(id);
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return db_status_from_rc(rc);
}

/* {"field":..., "value":...}: the audit detail, unambiguous whatever the
 * value holds. Caller frees. */
static char *brand_audit_detail_dup(const char *field, const char *value)
{
	json_t *obj = json_pack("{s:s, s:s}", "field", field, "value", value);
	char *text;

	if (!obj)
		return NULL;
	text = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(obj);
	return text;
}

enum sp_status brand_set_field_in_tx(struct db *db, const char *field,
				     const char *value, const char *actor_id)
{
	char id[UUID_STR_LEN];
	char now[CLOCK_UTC_LEN];
	sqlite3_stmt *stmt;
	char *detail;
	enum sp_status status;
	int rc;

	status = brand_validate_field(field, value);
	if (status != SP_OK)
		return status;
	clock_format_utc(clock_now_ms(), now);
	status = brand_ensure_row(db, now, id);
	if (status != SP_OK)
		return status;

	stmt = db_stmt(db, sql_brand_update);
	if (!stmt)
		return SP_ERR_DB;
	sqlite3_bind_text(stmt, 1, field, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	status = db_status_from_rc(rc);
	if (status != SP_OK)
		return status;

	detail = brand_audit_detail_dup(field, value);
	if (!detail)
		return SP_ERR_NOMEM;
	status = audit_append(db, actor_id, "brand.set", id, detail);
	free(detail);
	return status;
}

enum sp_status brand_set_field(struct db *db, const char *field,
			       const char *value, const char *actor_id)
{
	/* Refuse before taking the write lock. */
	enum sp_status status = brand_validate_field(field, value);

	if (status != SP_OK)
		return status;
	status = db_begin(db);
	if (status != SP_OK)
		return status;
	status = brand_set_field_in_tx(db, field, value, actor_id);
	if (status == SP_OK)
		status = db_commit(db);
	if (status != SP_OK)
		db_rollback(db);
	return status;
}
