/* pin.c — TODO: being written. */
#include "pin.h"

enum sp_status pin_pepper_load(const char *path,
			       unsigned char pepper[PIN_PEPPER_BYTES])
{
	(void)path; (void)pepper;
	return SP_ERR_PEPPER;
}
