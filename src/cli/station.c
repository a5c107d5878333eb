/* station.c — `svcpoint station key`: print this station's public signing
 * key, for the committee to register with `svcpoint central trust`.
 *
 * Parses, calls station_key.h, prints. Never prints the secret half. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "station_key.h"

static void station_usage(FILE *out)
{
	fprintf(out, _("Usage: svcpoint station key\n"
		       "\n"
		       "Prints the public half of this station's Ed25519 key ([sync]\n"
		       "key_file, made by 'svcpoint init') as 64 hex digits. The committee\n"
		       "registers it with 'svcpoint central trust STATION_ID KEY' so that\n"
		       "the station's offline bundles are accepted.\n"
		       "\n"
		       "  -h, --help  this help\n"));
}

int cli_station_main(struct cli *cli, int argc, char **argv)
{
	struct station_key key;
	char hex[STATION_KEY_HEX_LEN];
	enum sp_status status;

	if (argc < 2 || cli_wants_help(argc, argv)) {
		station_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "key") != 0)
		return cli_usage_error("station", _("unknown sub-command '%s'"),
				       argv[1]);
	if (argc > 2)
		return cli_usage_error("station key", _("unexpected argument '%s'"),
				       argv[2]);
	status = station_key_load(cli->cfg.sync_key_file, &key);
	if (status != SP_OK) {
		cli_fail(status, cli->cfg.sync_key_file);
		fprintf(stderr, _("svcpoint: 'svcpoint init' creates the key when there is none.\n"));
		return CLI_FAIL;
	}
	station_key_public_hex(key.pk, hex);
	station_key_wipe(&key);
	printf("%s\n", hex);
	return CLI_OK;
}
