/* init.c — `svcpoint init [--demo]`: create or migrate the store, create
 * the PIN secret, record the station, and optionally fill an empty store
 * with demo data.
 *
 * Safe to run again: it never replaces a pepper, never relabels a store
 * that belongs to another station, and --demo never touches a store that
 * already has members. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "activity.h"
#include "audit.h"
#include "brand.h"
#include "cli.h"
#include "i18n.h"
#include "member.h"
#include "pin.h"
#include "station.h"
#include "station_key.h"
#include "table.h"

static void init_usage(FILE *out)
{
	fprintf(out, _("Usage: svcpoint init [--demo]\n"
		       "\n"
		       "Creates the database (or brings an existing one to the current\n"
		       "schema), creates the PIN secret file when there is none, and\n"
		       "records this station's id and name in the database.\n"
		       "\n"
		       "  --demo      also fill an empty database with a demo brand, three\n"
		       "              activity types and five demo members (one of them\n"
		       "              staff), and print their badge numbers and PINs\n"
		       "  -h, --help  this help\n"));
}

/* ---- the demo data ------------------------------------------------------ */

/* Drawn from the brand-creation plans the product grew from. */
static const struct {
	const char *field;
	const char *value;
} demo_brand[] = {
	{"name", "红心驿站"},
	{"type", "organisation"},
	{"stage", "deployment"},
	{"slogan", "党员亮身份，工作亮标准，服务亮承诺"},
	{"logo", "一颗红心托起一座驿站：红心是党员为民服务的初心，"
		 "驿站是群众身边随时可以走进来的家。"},
	{"connotation",
	 "红心，是党员全心全意为人民服务的初心；驿站，是群众家门口的服务点。\n"
	 "党员在这里亮身份、亮标准、亮承诺，值班服务、志愿服务、结对帮扶都在群众身边。"},
	{"concept",
	 "以人民为中心，服务群众办实事。\n"
	 "用品牌标准来开展工作，用品牌形象接受群众监督，用品牌效应来拓展党建工作空间。"},
	{"goals",
	 "党员公开承诺、按时兑现，服务时长和积分全程留痕、可查可考。\n"
	 "创建进展定期向上级党委汇报，做到党员认同、群众满意、社会公认。"},
	{"profile_url", "https://example.org/brand/demo"},
};

static const struct {
	const char *code, *name, *name_en;
	int order;
} demo_activities[] = {
	{"duty", "值班服务", "Duty at the service point", 10},
	{"volunteer", "志愿服务", "Volunteer service", 20},
	{"theme_day", "主题党日", "Theme party day", 30},
};

/* Fixed, so the demo can be followed from the README and by the tests.
 * They are printed as demo PINs: a real station imports its own. */
static const struct {
	const char *member_no, *name, *branch, *pin;
	enum member_role role;
} demo_members[] = {
	{"10001", "张建国", "第一党支部", "1111", MEMBER_ROLE_MEMBER},
	{"10002", "王秀英", "第一党支部", "2222", MEMBER_ROLE_MEMBER},
	{"10003", "李卫东", "第二党支部", "3333", MEMBER_ROLE_MEMBER},
	{"10004", "刘淑芬", "第二党支部", "4444", MEMBER_ROLE_MEMBER},
	{"90001", "陈志强", "第一党支部", "9999", MEMBER_ROLE_STAFF},
};

#define DEMO_NMEMBERS (sizeof demo_members / sizeof demo_members[0])

static const char *init_role_label(enum member_role role)
{
	switch (role) {
	case MEMBER_ROLE_STAFF:
		return _("staff");
	case MEMBER_ROLE_ADMIN:
		return _("admin");
	default:
		return _("member");
	}
}

static int init_stop_at_first(const struct member *m, void *ctx)
{
	(void)m;
	*(bool *)ctx = true;
	return 1;
}

/* Everything demo in one transaction, the PINs hashed before it. */
static enum sp_status init_demo_write(struct db *db,
				      const unsigned char *pepper)
{
	char hashes[DEMO_NMEMBERS][PIN_HASH_LEN];
	enum sp_status status = SP_OK;

	for (size_t i = 0; i < DEMO_NMEMBERS && status == SP_OK; i++) {
		struct member_spec spec = {demo_members[i].member_no,
					   demo_members[i].name,
					   demo_members[i].branch,
					   demo_members[i].role};
		status = member_validate_spec(&spec, NULL);
		if (status == SP_OK)
			status = pin_hash(pepper, demo_members[i].pin, hashes[i]);
	}
	if (status != SP_OK)
		return status;

	status = db_begin(db);
	if (status != SP_OK)
		return status;
	for (size_t i = 0; i < sizeof demo_brand / sizeof demo_brand[0] &&
			   status == SP_OK; i++)
		status = brand_set_field_in_tx(db, demo_brand[i].field,
					       demo_brand[i].value, NULL);
	for (size_t i = 0; i < sizeof demo_activities / sizeof demo_activities[0] &&
			   status == SP_OK; i++) {
		struct activity *existing = NULL;
		/* A type the station added already is kept as it is. */
		status = activity_find_by_code(db, demo_activities[i].code,
					       &existing);
		activity_free(existing);
		if (status == SP_ERR_NOT_FOUND)
			status = activity_add_in_tx(db, demo_activities[i].code,
						    demo_activities[i].name,
						    demo_activities[i].name_en,
						    demo_activities[i].order,
						    NULL, NULL);
	}
	for (size_t i = 0; i < DEMO_NMEMBERS && status == SP_OK; i++) {
		struct member_spec spec = {demo_members[i].member_no,
					   demo_members[i].name,
					   demo_members[i].branch,
					   demo_members[i].role};
		char id[UUID_STR_LEN];
		uuid_v7_new(id);
		status = member_insert_row(db, id, &spec, hashes[i]);
		if (status == SP_OK)
			status = audit_append(db, NULL, "member.add",
					      spec.member_no, spec.name);
	}
	if (status == SP_OK)
		status = db_commit(db);
	if (status != SP_OK)
		db_rollback(db);
	sodium_memzero(hashes, sizeof hashes);
	return status;
}

static int init_demo(struct cli *cli, struct db *db)
{
	static const char *const keys[] = {"member_no", "name", "role", "pin"};
	const char *headers[] = {_("Badge"), C_("person", "Name"), _("Role"),
				 _("PIN")};
	unsigned char pepper[PIN_PEPPER_BYTES];
	struct table *table;
	bool has_members = false;
	enum sp_status status;

	status = member_each(db, init_stop_at_first, &has_members);
	if (status != SP_OK)
		return cli_fail(status, NULL);
	if (has_members) {
		fprintf(stderr, _("svcpoint: the database already has members; --demo only fills an empty database.\n"));
		return CLI_FAIL;
	}
	if (!cli_load_pepper(cli, pepper))
		return CLI_FAIL;
	status = init_demo_write(db, pepper);
	sodium_memzero(pepper, sizeof pepper);
	if (status != SP_OK)
		return cli_fail(status, db_errmsg(db));

	table = table_new(4, keys, headers);
	if (!table)
		return cli_fail(SP_ERR_NOMEM, NULL);
	for (size_t i = 0; i < DEMO_NMEMBERS; i++) {
		const char *cells[] = {demo_members[i].member_no,
				       demo_members[i].name,
				       init_role_label(demo_members[i].role),
				       demo_members[i].pin};
		if (table_add_row(table, cells) != SP_OK) {
			table_free(table);
			return cli_fail(SP_ERR_NOMEM, NULL);
		}
	}
	printf(_("Demo data added: the brand %s, %zu activity types and %zu members.\n"),
	       demo_brand[0].value,
	       sizeof demo_activities / sizeof demo_activities[0], DEMO_NMEMBERS);
	printf(_("Demo members and their PINs (for trying the kiosk only):\n\n"));
	table_print(table, TABLE_FORMAT_TABLE, stdout);
	printf("\n");
	table_free(table);
	return CLI_OK;
}

/* ---- init ---------------------------------------------------------------- */

/* Opens (creating) the store and brings it to the current schema, saying
 * which of the three it was. NULL after printing the reason. */
static struct db *init_open(struct cli *cli)
{
	const char *path = cli_db_path(cli);
	bool existed = access(path, F_OK) == 0;
	struct db *db = NULL;
	char *detail = NULL;
	enum sp_status status;
	int before, target = db_schema_version();

	status = db_open(path, DB_OPEN_CREATE | DB_OPEN_NO_MIGRATE, &db, &detail);
	if (status != SP_OK) {
		cli_fail(status, detail ? detail : path);
		free(detail);
		return NULL;
	}
	free(detail);
	before = db_user_version(db);
	status = db_migrate_to(db, target);
	if (status != SP_OK) {
		cli_fail(status, db_errmsg(db));
		db_close(db);
		return NULL;
	}
	if (!existed)
		printf(_("Created the database %s (schema version %d).\n"), path,
		       target);
	else if (before < target)
		printf(_("Migrated the database %s from schema version %d to %d.\n"),
		       path, before, target);
	else
		printf(_("The database %s is already at schema version %d.\n"),
		       path, target);
	return db;
}

/* Creates the pepper when missing; an existing one must be usable. */
static bool init_pepper(struct cli *cli)
{
	const char *path = cli->cfg.pepper_file;
	unsigned char pepper[PIN_PEPPER_BYTES];
	bool existed = access(path, F_OK) == 0;
	enum sp_status status = pin_pepper_create(path);
	bool ok;

	if (status != SP_OK) {
		cli_fail(status, path);
		return false;
	}
	ok = cli_load_pepper(cli, pepper);
	sodium_memzero(pepper, sizeof pepper);
	if (ok && !existed)
		printf(_("Created the PIN secret %s (mode 0600). Keep it safe: without it no PIN can be checked.\n"),
		       path);
	return ok;
}

static int init_station(struct cli *cli, struct db *db)
{
	char *recorded = NULL;
	bool created = false;
	enum sp_status status = station_ensure(db, &cli->cfg, &created);

	if (status == SP_ERR_CONFIG) {
		station_id_dup(db, &recorded);
		fprintf(stderr, _("svcpoint: the database belongs to station %s, but the configuration says %s; it is not relabelled.\n"),
			recorded ? recorded : "?", cli->cfg.station_id);
		free(recorded);
		return CLI_FAIL;
	}
	if (status != SP_OK)
		return cli_fail(status, db_errmsg(db));
	if (created)
		printf(_("Recorded the station %s (%s).\n"), cli->cfg.station_id,
		       cli->cfg.station_name);
	return CLI_OK;
}

int cli_init_main(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{"demo", no_argument, NULL, 'D'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bool demo = false;
	struct db *db;
	int opt, rc;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (opt) {
		case 'D':
			demo = true;
			break;
		case 'h':
			init_usage(stdout);
			return CLI_OK;
		default:
			return cli_usage_error("init", _("unknown option '%s'"),
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("init", _("unexpected argument '%s'"),
				       argv[optind]);

	db = init_open(cli);
	if (!db)
		return CLI_FAIL;
	rc = init_pepper(cli) ? CLI_OK : CLI_FAIL;
	if (rc == CLI_OK)
		rc = init_station(cli, db);
	/* The key that signs offline bundles; never replaced once made. */
	if (rc == CLI_OK && station_key_ensure(&cli->cfg) != SP_OK)
		rc = cli_fail(SP_ERR_KEY, cli->cfg.sync_key_file);
	if (rc == CLI_OK && demo)
		rc = init_demo(cli, db);
	db_close(db);
	return rc;
}
