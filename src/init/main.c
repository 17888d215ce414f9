/* gxsys-init: creates the namespaces, becomes the container's PID 1,
 * activates the system and supervises its services (DESIGN.md §4).
 * One binary, dispatched on argv[0] (`herd`, `halt`) or argv[1]. */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "nsexec.h"

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
	if (argc > 1 && strcmp(argv[1], "exec") == 0)
		return ns_exec_main(argc - 1, argv + 1);
	usage(stderr);
	return GX_EXIT_USAGE;
}
