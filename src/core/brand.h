/* brand.h — the station's party-building brand (党建品牌): one profile
 * with a name, slogan, logo, connotation, concept, goals, a type and a
 * creation stage, and the public profile address its QR code opens.
 *
 * Every change is one field at a time, validated, counted in a revision
 * and recorded in the audit log in the same transaction. */
#ifndef SVCPOINT_BRAND_H
#define SVCPOINT_BRAND_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "status.h"
#include "uuid.h"

#define BRAND_NAME_MAX 10       /* characters: 短, easy to remember */
#define BRAND_SLOGAN_MAX 40
#define BRAND_LOGO_MAX 200
#define BRAND_TEXT_MAX 1000     /* connotation, concept, goals */
#define BRAND_URL_MAX 1024      /* bytes; ASCII only */

enum brand_type {
	BRAND_TYPE_WORK,          /* 党建工作品牌 */
	BRAND_TYPE_ORGANISATION,  /* 党组织品牌 */
	BRAND_TYPE_MEMBER,        /* 党员品牌 */
};

enum brand_stage {
	BRAND_STAGE_PREPARATION,  /* 准备 */
	BRAND_STAGE_DEPLOYMENT,   /* 部署创建与宣传推广 */
	BRAND_STAGE_DEVELOPMENT,  /* 发展与完善 */
	BRAND_STAGE_SUMMARY,      /* 总结提升 */
};

struct brand {
	char id[UUID_STR_LEN];
	char *name;
	char *slogan;
	char *logo;
	char *connotation;        /* may hold newlines */
	char *concept;            /* may hold newlines */
	char *goals;              /* may hold newlines */
	char *profile_url;        /* "" when none */
	enum brand_type type;
	enum brand_stage stage;
	int revision;             /* 1 after the first change, +1 per change */
	int64_t updated_ms;
};

/* *out receives the brand, freed with brand_free(); SP_ERR_NOT_FOUND (and
 * *out NULL) when the station has none yet. */
enum sp_status brand_get(struct db *db, struct brand **out);

/* brand_free(NULL) is a no-op. */
void brand_free(struct brand *brand);

/* The field names brand_set_field accepts, NULL-terminated: name, slogan,
 * logo, connotation, concept, goals, type, stage, profile_url. */
extern const char *const brand_fields[];

/* True when field is one of brand_fields. */
bool brand_field_is_known(const char *field);

/* Checks value for field without writing: SP_ERR_INVALID for an unknown
 * field, a bad type, stage or address, an SP_ERR_TEXT_* code for text. */
enum sp_status brand_validate_field(const char *field, const char *value);

/* Sets one field in its own transaction: creates the brand row when there
 * is none, adds one to the revision, stamps updated_at and appends an
 * audit row "brand.set". Nothing is written when value is refused. */
enum sp_status brand_set_field(struct db *db, const char *field,
			       const char *value, const char *actor_id);

/* The same inside the caller's transaction (init --demo sets several
 * fields and more in one). */
enum sp_status brand_set_field_in_tx(struct db *db, const char *field,
				     const char *value, const char *actor_id);

/* Empty, or an http:// or https:// address of at most BRAND_URL_MAX
 * bytes without spaces or control characters: SP_OK, else SP_ERR_INVALID. */
enum sp_status brand_validate_url(const char *url);

/* Stored names ("work", "organisation", "member"; "preparation",
 * "deployment", "development", "summary") and translated labels. */
const char *brand_type_name(enum brand_type type);
const char *brand_stage_name(enum brand_stage stage);
const char *brand_type_label(enum brand_type type);
const char *brand_stage_label(enum brand_stage stage);

/* Stored name to enum; SP_ERR_INVALID for anything else. */
enum sp_status brand_type_parse(const char *name, enum brand_type *out);
enum sp_status brand_stage_parse(const char *name, enum brand_stage *out);

#endif
