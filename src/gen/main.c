/* gxsys: the generator's command dispatcher (crun's one file per subcommand). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "err.h"

static const struct gx_command commands[] = {
	{ "version", cmd_version, "print the version" },
	{ "container", cmd_container, "build a system container and print its launcher" },
	{ "list", cmd_list, "list the running system containers" },
	{ "exec", cmd_exec, "run a command inside a running container" },
	{ "closure", cmd_closure, "list the store items a system needs, with sizes" },
	{ "gc", cmd_gc, "delete store items no GC root refers to" },
	{ "verify", cmd_verify, "re-hash store items and report corruption" },
	{ "read", cmd_read, "print each datum of FILEs as Guile's write would" },
	{ "describe", cmd_describe, "print the system a declaration describes, as JSON" },
	{ "archive", cmd_archive, "export store items to an archive, or import one" },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	fputs("Usage: gxsys COMMAND [OPTION...] [ARG...]\n\nCommands:\n", f);
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
	fputs("\nRun 'gxsys COMMAND --help' for a command's options.\n", f);
}

static int stdout_errno; /* why a command's own flush failed */

int cmd_flush_stdout(int failed)
{
	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout) && !failed)
		return 0;
	if (!stdout_errno)
		stdout_errno = errno ? errno : failed;
	return EOF;
}

/* What the command printed must have reached stdout, as GNU's close_stdout
 * checks: a closed stdout (cron's >&-), a full disk or, with SIGPIPE
 * ignored (systemd's services), a closed pipe lost it silently, with
 * status 0 (closure, version) or 3 and no word (list, describe, container). */
static int check_stdout(int status)
{
	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return status;
	/* A command that flushed itself left the error flag, not errno. */
	if (errno == 0)
		errno = stdout_errno;
	if (errno == 0 && fcntl(STDOUT_FILENO, F_GETFD) < 0)
		errno = EBADF;
	if (errno)
		fprintf(stderr, "gxsys: write error: %s\n", strerror(errno));
	else
		fputs("gxsys: write error\n", stderr);
	return status == GX_EXIT_OK ? GX_EXIT_SYSTEM : status;
}

static int run(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return GX_EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return GX_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version(argc - 1, argv + 1);
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "gxsys: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return GX_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	/* What gxsys writes into the store is read by every user of the
	 * systems built from it: the profile's and etc's directories and the
	 * conffiles copied from the host take their modes from mkdir and
	 * open, through the umask.  Under root's cron or a hardened login's
	 * umask 077 they came out 0500 and 0400, and no service but root's
	 * could run a program inside (Nix and the Guix daemon reset the umask
	 * the same way). */
	umask(022);
	return check_stdout(run(argc, argv));
}
