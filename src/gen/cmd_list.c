/* gxsys list: the running containers (name, PID, uptime, system). */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "err.h"
#include "launcher_state.h"

static void format_uptime(char *buf, size_t n, long s)
{
	if (s < 0)
		snprintf(buf, n, "?");
	else if (s < 3600)
		snprintf(buf, n, "%ldm%02lds", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, n, "%ldh%02ldm", s / 3600, s % 3600 / 60);
	else
		snprintf(buf, n, "%ldd%02ldh", s / 86400, s % 86400 / 3600);
}

int cmd_list(int argc, char **argv)
{
	struct launch_instance *v;
	size_t n;

	(void)argv;
	if (argc > 1) {
		if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
			puts("Usage: gxsys list\nList the running system containers: name, PID of "
			     "their PID 1 on the host, uptime, system.");
			return GX_EXIT_OK;
		}
		fputs("gxsys: list: too many arguments\nUsage: gxsys list\n", stderr);
		return GX_EXIT_USAGE;
	}
	v = launch_list(LAUNCH_STATE_DIR, &n);
	printf("%-24s %8s %9s  %s\n", "NAME", "PID", "UPTIME", "SYSTEM");
	for (size_t i = 0; i < n; i++) {
		char up[32];

		format_uptime(up, sizeof(up), v[i].uptime);
		printf("%-24s %8ld %9s  %s\n", v[i].name, (long)v[i].pid, up, v[i].system);
	}
	launch_list_free(v, n);
	return cmd_flush_stdout(0) == 0 ? GX_EXIT_OK : GX_EXIT_SYSTEM;
}
