#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "err.h"

#ifndef GXSYS_VERSION
#define GXSYS_VERSION "0.0.0"
#endif

int cmd_version(int argc, char **argv)
{
	if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		puts("Usage: gxsys version\nPrint gxsys's version.");
		return GX_EXIT_OK;
	}
	if (argc > 1) {
		fprintf(stderr, "gxsys: version: unexpected argument '%s'\nUsage: gxsys version\n",
		        argv[1]);
		return GX_EXIT_USAGE;
	}
	printf("gxsys %s\n", GXSYS_VERSION);
	return GX_EXIT_OK;
}
