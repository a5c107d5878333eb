/* pngout.h — the one thing the test helpers share: writing a grey image
 * as a PNG (libpng's simplified API) for zbarimg to read. Deliberately
 * not svcpoint's own PNG writer, which is what the tests check. */
#ifndef SVCPOINT_TESTS_PNGOUT_H
#define SVCPOINT_TESTS_PNGOUT_H

#include <png.h>
#include <stdio.h>
#include <string.h>

/* gray: w * h bytes, 0 black .. 255 white. Returns 0, or -1 after saying
 * why on stderr. */
static int pngout_write(const char *path, const unsigned char *gray, int w,
			int h)
{
	png_image image;

	memset(&image, 0, sizeof image);
	image.version = PNG_IMAGE_VERSION;
	image.width = (png_uint_32)w;
	image.height = (png_uint_32)h;
	image.format = PNG_FORMAT_GRAY;
	if (!png_image_write_to_file(&image, path, 0, gray, w, NULL)) {
		fprintf(stderr, "cannot write %s: %s\n", path, image.message);
		png_image_free(&image);
		return -1;
	}
	return 0;
}

#endif
