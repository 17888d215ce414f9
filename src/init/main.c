/* gxsys-init: creates the namespaces, becomes the container's PID 1,
 * activates the system and supervises its services (DESIGN.md §4).
 * One binary, dispatched on argv[0] (`herd`, `halt`) or argv[1]. */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "instance.h"
#include "launch.h"
#include "nsexec.h"
#include "svc.h"

static void usage(FILE *f)
{
	fputs("Usage: gxsys-init [OPTION...] BOOT.CONF [-- COMMAND ARG...]\n"
	      "       gxsys-init exec [--lock FILE] PID [--] COMMAND ARG...\n"
	      "       gxsys-init stop --lock FILE PID\n"
	      "       gxsys-init herd status|start|stop|restart [SERVICE]\n"
	      "Run 'gxsys-init --help' for the launcher's options.\n",
	      f);
}

/* Subcommands: argv[1] of gxsys-init, or the basename of argv[0]. */
static const struct {
	const char *name;
	int (*main)(int argc, char **argv);
	int by_argv0;
} commands[] = {
	{ "exec", ns_exec_main, 0 },
	{ "stop", instance_stop_main, 0 },
	{ "herd", svc_herd_main, 1 },
	{ "halt", svc_herd_main, 1 },
};

int main(int argc, char **argv)
{
	const char *slash = argc > 0 ? strrchr(argv[0], '/') : NULL;
	const char *base = slash ? slash + 1 : argc > 0 ? argv[0] : "";
	/* argv[0] first: `herd stop SERVICE` is herd's, not gxsys-init stop. */
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (commands[i].by_argv0 && strcmp(base, commands[i].name) == 0)
			return commands[i].main(argc, argv);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (argc > 1 && strcmp(argv[1], commands[i].name) == 0)
			return commands[i].main(argc - 1, argv + 1);
	if (argc < 2) {
		usage(stderr);
		return GX_EXIT_USAGE;
	}
	return launch_main(argc, argv, svc_run);
}
