/* The launcher command: `gxsys-init [OPTION...] BOOT.CONF [-- COMMAND...]`. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "bootconf.h"
#include "launch.h"
#include "mount.h"
#include "svc_int.h"
#include "util.h"
#include "waiter.h"

struct launch_cli {
	char **pid_files;
	struct bc_mount *binds;
	size_t n_binds;
	const char *conf;
	const char *lock;
	bool network;
	char *const *command;
};

static void launch_cli_free(struct launch_cli *c)
{
	gx_strv_free(c->pid_files);
	for (size_t i = 0; i < c->n_binds; i++) {
		free(c->binds[i].source);
		free(c->binds[i].target);
	}
	free(c->binds);
}

static int launch_bad_usage(void)
{
	fputs("Try 'gxsys-init --help' for more information.\n", stderr);
	return GX_EXIT_USAGE;
}

static void launch_usage(FILE *f)
{
	fputs("Usage: gxsys-init [OPTION...] BOOT.CONF [-- COMMAND ARG...]\n"
	      "Boot the system described by BOOT.CONF in new namespaces.\n\n"
	      "  --share=SRC[=DST]   bind host SRC read-write at DST (default SRC)\n"
	      "  --expose=SRC[=DST]  bind host SRC read-only at DST (default SRC)\n"
	      "  --pid-file=FILE     write PID 1's pid (as the host sees it) to FILE;\n"
	      "                      may be repeated\n"
	      "  --lock=FILE         take an exclusive lock on FILE (created if need\n"
	      "                      be) and hold it while the container lives; fail\n"
	      "                      if another process holds it; FILE records the\n"
	      "                      system item\n"
	      "  -N, --network       share the host's network (network = true)\n"
	      "  -h, --help          show this help\n\n"
	      "With -- COMMAND, COMMAND runs inside once the services are up, then the\n"
	      "system shuts down and gxsys-init exits with COMMAND's status.\n",
	      f);
}

/* SRC[=DST], split at the first '='; SRC must exist. */
static int launch_cli_bind(struct launch_cli *c, const char *spec, bool ro)
{
	const char *eq = strchr(spec, '=');
	_cleanup_free_ char *src = eq ? gx_xstrndup(spec, (size_t)(eq - spec)) : gx_xstrdup(spec);
	const char *what = ro ? "expose" : "share";
	char real[PATH_MAX];
	if (!src[0] || (eq && eq[1] != '/')) {
		fprintf(stderr, "gxsys-init: %s '%s': expected SOURCE or SOURCE=/TARGET\n", what,
		        spec);
		return -1;
	}
	if (!realpath(src, real)) {
		fprintf(stderr, "gxsys-init: %s '%s': %s\n", what, src, strerror(errno));
		return -1;
	}
	c->binds = gx_xrealloc(c->binds, (c->n_binds + 1) * sizeof *c->binds);
	struct bc_mount *m = &c->binds[c->n_binds++];
	m->source = gx_xstrdup(real);
	m->target = gx_xstrdup(eq ? eq + 1 : src[0] == '/' ? src : real);
	m->readonly = ro;
	return 0;
}

/* A pid file by its absolute path: PID 1 opens its directory once it has
 * moved into the container's root (mnt_stage), where a relative path named
 * a file inside the container, and nothing was written on the host. */
static int launch_cli_pid_file(struct launch_cli *c, const char *file)
{
	char cwd[PATH_MAX];
	if (file[0] == '/') {
		c->pid_files = gx_strv_push(c->pid_files, file);
		return 0;
	}
	if (!getcwd(cwd, sizeof cwd)) {
		fprintf(stderr, "gxsys-init: pid file '%s': the working directory: %s\n", file,
		        strerror(errno));
		return -1;
	}
	_cleanup_free_ char *abs = gx_asprintf("%s/%s", strcmp(cwd, "/") ? cwd : "", file);
	c->pid_files = gx_strv_push(c->pid_files, abs);
	return 0;
}

enum { OPT_SHARE = 256, OPT_EXPOSE, OPT_PID_FILE, OPT_LOCK };

/* Returns -1 to go on, or an exit status. */
static int launch_cli_parse(struct launch_cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "share", required_argument, NULL, OPT_SHARE },
		{ "expose", required_argument, NULL, OPT_EXPOSE },
		{ "pid-file", required_argument, NULL, OPT_PID_FILE },
		{ "lock", required_argument, NULL, OPT_LOCK },
		{ "network", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int o;
	while ((o = getopt_long(argc, argv, "+hN", opts, NULL)) != -1) {
		if (o == 'h')
			return launch_usage(stdout), GX_EXIT_OK;
		if (o == 'N')
			c->network = true;
		else if (o == OPT_LOCK)
			c->lock = optarg;
		else if (o == OPT_PID_FILE) {
			if (launch_cli_pid_file(c, optarg) < 0)
				return GX_EXIT_FAILURE;
		} else if (o == OPT_SHARE || o == OPT_EXPOSE) {
			if (launch_cli_bind(c, optarg, o == OPT_EXPOSE) < 0)
				return GX_EXIT_FAILURE;
		} else
			return launch_bad_usage();
	}
	if (optind >= argc) {
		fputs("gxsys-init: no BOOT.CONF given\n", stderr);
		return launch_bad_usage();
	}
	c->conf = argv[optind++];
	if (optind < argc && (strcmp(argv[optind], "--") != 0 || optind + 1 >= argc)) {
		if (strcmp(argv[optind], "--") == 0)
			fputs("gxsys-init: '--' must be followed by a COMMAND\n", stderr);
		else
			fprintf(stderr, "gxsys-init: unexpected '%s' (a command goes after '--')\n",
			        argv[optind]);
		return launch_bad_usage();
	}
	if (optind < argc)
		c->command = argv + optind + 1;
	return -1;
}

static int launch_cli_fail(struct gx_error *err)
{
	int status = err->status ? err->status : GX_EXIT_SYSTEM;
	gx_error_print("gxsys-init", err);
	gx_error_free(err);
	return status;
}

/* The lock file also says which system holds it (boot.conf's `system`,
 * and a newline; empty without one), for `gxsys list`: rewritten only when
 * it says something else, and never truncated to nothing first: ext4 takes
 * a file truncated to zero for one being replaced and writes it out when
 * it is closed (auto_da_alloc), at the end of the container's life. */
static int launch_cli_lock_record(int fd, const char *system)
{
	char buf[4097];
	_cleanup_free_ char *want = system ? gx_asprintf("%s\n", system) : gx_xstrdup("");
	size_t len = strlen(want);
	ssize_t n = pread(fd, buf, sizeof buf, 0);
	if (n == (ssize_t)len && memcmp(buf, want, len) == 0)
		return 0;
	if (pwrite(fd, want, len, 0) != (ssize_t)len ||
	    ((n < 0 || (size_t)n > len) && ftruncate(fd, (off_t)len) < 0))
		return -1;
	return 0;
}

/* The instance lock: an open file description that the launcher's waiter
 * and PID 1 share (PID 1 never execs; services do not get it), so it is
 * released when the last of them is gone.  Not close-on-exec: the
 * launcher execs the waiter.  The waiter removes the file before it lets
 * the lock go
 * (waiter.c): a lock taken on a file that has meanwhile been
 * removed or replaced is not the instance's lock, and is taken again on
 * what the path names now.  Its directory is made when missing, with its
 * parents (the generated launcher leaves that to us: no mkdir(1) to run
 * at every start).  Returns the fd, or -1 with *STATUS 1 (held) or 3 (it
 * cannot be taken: /run/gxsys a file, a read-only /run...). */
static int launch_cli_lock(const char *path, const char *system, int *status)
{
	*status = GX_EXIT_SYSTEM;
	int fd = -1;
	for (int tries = 0; tries < 8; tries++) {
		fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NOCTTY, 0600);
		if (fd < 0 && errno == ENOENT) {
			_cleanup_free_ char *dir = launch_dir_of(path);
			if (mnt_mkdir_p(dir, 0755) == 0)
				continue;
		}
		if (fd < 0)
			break;
		if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
			if (errno != EWOULDBLOCK)
				break;
			fprintf(stderr,
			        "gxsys-init: lock '%s' is held: this instance is already running\n",
			        path);
			*status = GX_EXIT_FAILURE;
			close(fd);
			return -1;
		}
		if (waiter_lock_current(fd, path)) {
			if (launch_cli_lock_record(fd, system) == 0)
				return fd;
			break;
		}
		close(fd); /* removed or replaced since it was opened */
		fd = -1;
		errno = EAGAIN;
	}
	fprintf(stderr, "gxsys-init: lock '%s': %s\n", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

/* PID 1 is begun (launch_begin) before boot.conf is read, which it does
 * not need for the first part of its work; a boot.conf that cannot be read
 * is reported before a launch that failed. */
static int launch_cli_run(struct launch_cli *c, launch_pid1_fn pid1)
{
	struct gx_error *err = NULL, *begin_err = NULL;
	struct launch_opts o = { c->binds, c->n_binds, c->command, c->pid_files, c->lock, -1 };
	struct launch_ctx *l = launch_begin(pid1, &begin_err);
	struct boot_conf *bc = bc_load(c->conf, &err);
	struct svc_graph graph;
	/* The services' graph (a missing requirement, a cycle), before the
	 * container is said to run: PID 1 found it only after that, for a
	 * container already gone.  Built again there (cheap). */
	if (bc && svc_graph_build(&graph, bc->services, bc->n_services, &err) < 0) {
		bc_free(bc);
		bc = NULL;
	} else if (bc) {
		svc_graph_free(&graph);
	}
	if (!bc || !l) {
		launch_abort(l);
		if (bc) {
			bc_free(bc);
			return launch_cli_fail(begin_err);
		}
		gx_error_free(begin_err);
		return launch_cli_fail(err);
	}
	int status;
	if (c->lock && (o.lock_fd = launch_cli_lock(c->lock, bc->system, &status)) < 0) {
		launch_abort(l);
		bc_free(bc);
		return status;
	}
	if (c->network)
		bc->network = true;
	/* The launcher becomes PID 1's waiter, which removes the lock file and
	 * the pid files, and exits (waiter.c). */
	launch_start(l, bc, &o);
}

int launch_main(int argc, char **argv, launch_pid1_fn pid1)
{
	struct launch_cli c = { 0 };
	if (argc > 1 && strcmp(argv[1], LAUNCH_WAITER) == 0)
		return waiter_main(argc - 1, argv + 1);
	int status = launch_cli_parse(&c, argc, argv);
	if (status < 0)
		status = launch_cli_run(&c, pid1);
	else
		launch_early_abort();
	launch_cli_free(&c);
	return status;
}
