/* gxsys-init: creates the namespaces, becomes the container's PID 1,
 * activates the system and supervises its services (DESIGN.md §4). */
#include <stdio.h>
#include <string.h>

#include "err.h"

static void usage(FILE *f)
{
	fputs("Usage: gxsys-init [OPTION...] BOOT.CONF [-- COMMAND ARG...]\n"
	      "       gxsys-init exec PID [--] COMMAND ARG...\n"
	      "       gxsys-init herd status|start|stop|restart [SERVICE]\n",
	      f);
}

int main(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		usage(stdout);
		return GX_EXIT_OK;
	}
	usage(stderr);
	return GX_EXIT_USAGE;
}
