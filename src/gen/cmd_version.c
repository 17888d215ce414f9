#include <stdio.h>

#include "commands.h"
#include "err.h"

#ifndef GXSYS_VERSION
#define GXSYS_VERSION "0.0.0"
#endif

int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("gxsys %s\n", GXSYS_VERSION);
	return GX_EXIT_OK;
}
