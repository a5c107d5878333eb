/* config.c — TODO: being written. */
#include <stdio.h>
#include <string.h>
#include "config.h"

void config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	snprintf(cfg->timezone, sizeof cfg->timezone, "Asia/Shanghai");
	snprintf(cfg->store_path, sizeof cfg->store_path, "svcpoint.db");
	snprintf(cfg->pepper_file, sizeof cfg->pepper_file, "pepper.key");
}

enum sp_status config_load(const char *path, struct config *cfg, char *err,
			   size_t err_size)
{
	(void)path; (void)cfg; (void)err; (void)err_size;
	return SP_OK;
}
