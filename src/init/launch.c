/* gxsys-init's host side and PID 1's boot steps (see launch.h). */
#include "launch.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "activate.h"
#include "caps.h"
#include "guard.h"
#include "launch_early.h"
#include "mount.h"
#include "rawsys.h"
#include "util.h"

struct launch_ctx {
	const struct boot_conf *bc;
	const struct launch_opts *o;
	launch_pid1_fn pid1;
	int errfd;              /* PID 1's end of the verdict pipe */
	uintptr_t parent_frame; /* the launcher's stack, from here down dead once it execs */
	char **waiter_argv;     /* the launcher's exec, PID 1's to free once it is done */
	int execfd;             /* end of file once the launcher has exec'd */
	int gofd;               /* a byte once the launcher has filled the rest in */
	struct bc_mount *binds; /* boot.conf's mounts, then the command line's */
	size_t n_binds;
	struct mnt_sources src;
	int lifefd;     /* PID 1's end of the life socket */
	char **command; /* the launcher's `--` COMMAND, copied by step_hide */
	pid_t host_pid; /* PID 1 as the launcher sees it */
	int *pid_dirs;  /* the directory of each --pid-file, opened on the host */
	size_t n_pid;
	cpu_set_t cpus;  /* the launcher's CPUs, PID 1's again once it is set up */
	bool cpus_known; /* cpus was read */
	bool foreground; /* the launcher was its terminal's foreground job */
	/* The launcher's own (launch_begin to launch_start or launch_abort);
	 * its fds are closed in PID 1 at once. */
	pid_t pid;
	char *stack;
	int self, errp0, life0, execp1, go1;
};

/* The waiter's command line (launch_waiter_argv), PID 1's to free. */
static void launch_free_waiter_argv(char **v)
{
	free(v[3]);
	free(v[4]);
	free(v[5]);
	free(v[6]);
	for (size_t i = 7; v[i]; i += 2)
		free(v[i]); /* each pid file's DIRFD (its path is the options') */
	free(v);
}

/* A pid file's name in its directory (after the last '/'). */
static const char *launch_pid_name(const char *file)
{
	const char *slash = strrchr(file, '/');
	return slash ? slash + 1 : file;
}

char *launch_dir_of(const char *path)
{
	size_t n = gx_dir_len(path);
	return n ? gx_xstrndup(path, n) : gx_xstrdup(".");
}

/* The pid files' directories, opened while the host's tree is there:
 * PID 1 writes the files once the system is set up. */
static int launch_open_pid_dirs(struct launch_ctx *c, struct gx_error **err)
{
	char *const *f = c->o->pid_files;
	while (f && f[c->n_pid])
		c->n_pid++;
	c->pid_dirs = gx_xcalloc(c->n_pid + 1, sizeof *c->pid_dirs);
	for (size_t i = 0; i < c->n_pid; i++)
		c->pid_dirs[i] = -1;
	for (size_t i = 0; i < c->n_pid; i++) {
		const char *name = launch_pid_name(f[i]);
		if (!*name)
			return gx_fail(err, GX_EXIT_FAILURE, 0,
			               "the pid file '%s' names a directory", f[i]);
		_cleanup_free_ char *dir = launch_dir_of(f[i]);
		c->pid_dirs[i] = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (c->pid_dirs[i] < 0)
			return gx_fail_errno(err, "open the directory of the pid file '%s'", f[i]);
	}
	return 0;
}

static void launch_close_pid_dirs(struct launch_ctx *c)
{
	for (size_t i = 0; c->pid_dirs && i < c->n_pid; i++)
		if (c->pid_dirs[i] >= 0)
			close(c->pid_dirs[i]);
	free(c->pid_dirs);
	c->pid_dirs = NULL;
}

static int step_sources(struct launch_ctx *c, struct gx_error **err)
{
	if (mnt_open_sources(c->bc, c->binds, c->n_binds, &c->src, err) < 0)
		return -1;
	return launch_open_pid_dirs(c, err);
}
static int step_pivot(struct launch_ctx *c, struct gx_error **err)
{
	return mnt_pivot(&c->src, err);
}
static int step_usr(struct launch_ctx *c, struct gx_error **err)
{
	return mnt_usr(&c->src, err);
}
static int step_etc(struct launch_ctx *c, struct gx_error **err)
{
	return mnt_etc(c->bc, &c->src, err);
}
static int step_detach(struct launch_ctx *c, struct gx_error **err)
{
	(void)c;
	return mnt_detach_host(err);
}
static int step_system(struct launch_ctx *c, struct gx_error **err)
{
	return mnt_system(&c->src, err);
}
static int step_binds(struct launch_ctx *c, struct gx_error **err)
{
	return mnt_binds(&c->src, err);
}
static int step_hostname(struct launch_ctx *c, struct gx_error **err)
{
	return act_hostname(c->bc, err);
}
static int step_dirs(struct launch_ctx *c, struct gx_error **err)
{
	return act_dirs(c->bc, c->src.binds, c->src.n_binds, err);
}
static int step_homes(struct launch_ctx *c, struct gx_error **err)
{
	return act_homes(c->bc, err);
}
static int step_caps(struct launch_ctx *c, struct gx_error **err)
{
	return caps_restrict(caps_bound_for(c->bc->network, c->bc->net_admin), err);
}

/* The launcher's command line and environment, which /proc/1/cmdline and
 * /proc/1/environ would show to the container (a store path, boot.conf's
 * path, whatever the caller exported): wiped from PID 1's memory, where the
 * kernel reads them (arg_start..arg_end and env_start..env_end of
 * /proc/self/stat), and cut to "gxsys-init" and nothing (PR_SET_MM, while
 * PID 1 still has CAP_SYS_RESOURCE).  PID 1's environment becomes TERM
 * only (for COMMAND); COMMAND is copied out of the area first. */
static int step_hide(struct launch_ctx *c, struct gx_error **err)
{
	static const char name[] = "gxsys-init";
	static char *env[2];
	const char *term = getenv("TERM");
	char buf[1024];
	unsigned long v[4];
	int field = 2;

	(void)err;
	c->command = c->o->command ? gx_strv_dup(c->o->command) : NULL;
	env[0] = term ? gx_asprintf("TERM=%s", term) : NULL;
	environ = env;
	if (gx_read_small("/proc/self/stat", buf, sizeof buf) <= 0)
		return 0;
	/* Fields 48-51, counted after the command name in parentheses
	 * (field 2, which may hold spaces and parentheses itself). */
	char *p = strrchr(buf, ')');
	for (char *tok = p ? strtok(p + 1, " ") : NULL; tok && field < 51; tok = strtok(NULL, " "))
		if (++field >= 48)
			v[field - 48] = strtoul(tok, NULL, 10);
	if (field != 51 || v[1] <= v[0] + sizeof name || v[3] < v[2])
		return 0;
	memset((void *)v[0], 0, v[1] - v[0]);
	memset((void *)v[2], 0, v[3] - v[2]);
	memcpy((void *)v[0], name, sizeof name);
	/* Best effort: the areas are wiped either way. */
	(void)!prctl(PR_SET_MM, PR_SET_MM_ARG_END, v[0] + sizeof name, 0, 0);
	(void)!prctl(PR_SET_MM, PR_SET_MM_ENV_END, v[2], 0, 0);
	return 0;
}

/* Write PID as NAME in DIR: a temporary file renamed into place, so a
 * reader never sees it half written. */
static int launch_write_pid_file(int dir, const char *name, pid_t pid, struct gx_error **err)
{
	char buf[32];
	int n = snprintf(buf, sizeof buf, "%d\n", (int)pid);
	_cleanup_free_ char *tmp = gx_asprintf(".%s.%d.tmp", name, (int)pid);
	unlinkat(dir, tmp, 0);
	_cleanup_close_ int fd =
	        openat(dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, buf, (size_t)n) != n || renameat(dir, tmp, dir, name) < 0) {
		gx_fail_errno(err, "write the pid file '%s'", name);
		unlinkat(dir, tmp, 0);
		return -1;
	}
	return 0;
}

/* What the launcher tells PID 1 over the life socket as soon as it has
 * cloned it (launch_start): PID 1's pid as the host sees it and, with a
 * private network, the network namespace it has made meanwhile
 * (SCM_RIGHTS), or the step that failed and its errno. */
struct launch_hello {
	pid_t pid;
	int net_step;
	int net_errno;
};

static const char *const launch_net_steps[] = {
	"open the host's network namespace",
	"create the container's network namespace",
	"open a socket to configure 'lo'",
	"read the flags of 'lo'",
	"bring 'lo' up",
	"open the container's network namespace",
	"go back to the host's network namespace",
};

/* Learn what the launcher says, join the network namespace it made and
 * mount /sys (sysfs shows the namespace of whoever mounts it). */
static int step_network(struct launch_ctx *c, struct gx_error **err)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct launch_hello hello = { 0 };
	struct iovec iov = { .iov_base = &hello, .iov_len = sizeof hello };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	_cleanup_close_ int netfd = -1;
	ssize_t n;
	do {
		m.msg_control = ctl.buf;
		m.msg_controllen = sizeof ctl.buf;
		n = recvmsg(c->lifefd, &m, MSG_WAITALL | MSG_CMSG_CLOEXEC);
	} while (n < 0 && errno == EINTR);
	struct cmsghdr *h = n > 0 ? CMSG_FIRSTHDR(&m) : NULL;
	if (h && h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_RIGHTS &&
	    h->cmsg_len == CMSG_LEN(sizeof(int)))
		memcpy(&netfd, CMSG_DATA(h), sizeof netfd);
	if (n != (ssize_t)sizeof hello)
		return gx_fail(err, GX_EXIT_SYSTEM, 0, "the launcher is gone");
	c->host_pid = hello.pid;
	if (c->bc->network)
		return 0;
	if (hello.net_errno != 0 && hello.net_step >= 0 &&
	    (size_t)hello.net_step < sizeof launch_net_steps / sizeof launch_net_steps[0])
		return gx_fail(err, GX_EXIT_SYSTEM, 0, "%s: %s", launch_net_steps[hello.net_step],
		               strerror(hello.net_errno));
	if (netfd < 0)
		return gx_fail(err, GX_EXIT_SYSTEM, 0, "no network namespace from the launcher");
	if (setns(netfd, CLONE_NEWNET) < 0)
		return gx_fail_errno(err, "join the container's network namespace");
	return mnt_sys(err);
}

/* Write the pid files: they appear once the system is set up and before
 * anything of it starts. */
static int step_pid_files(struct launch_ctx *c, struct gx_error **err)
{
	char *const *f = c->o->pid_files;
	for (size_t i = 0; i < c->n_pid; i++) {
		if (launch_write_pid_file(c->pid_dirs[i], launch_pid_name(f[i]), c->host_pid, err) <
		    0) {
			while (i-- > 0)
				unlinkat(c->pid_dirs[i], launch_pid_name(f[i]), 0);
			return gx_wrap(err, "%s", f[i]);
		}
	}
	launch_close_pid_dirs(c);
	return 0;
}

/* The boot sequence of PID 1 (DESIGN.md §4), in order, after the stage
 * (mnt_stage: '/' private, the host's device nodes, the root with /proc,
 * /dev, /run and /tmp), which needs no configuration. */
static const struct launch_step {
	const char *name;
	int (*run)(struct launch_ctx *c, struct gx_error **err);
} launch_steps[] = {
	{ "open host sources", step_sources },
	{ "pivot_root", step_pivot },
	{ "mount /usr", step_usr },
	{ "populate /etc", step_etc },
	{ "detach the host's root", step_detach },
	{ "mount /run/current-system", step_system },
	{ "share and expose", step_binds },
	{ "set the host name", step_hostname },
	{ "create directories", step_dirs },
	{ "create home directories", step_homes },
	{ "join the network namespace", step_network },
	{ "hide the launcher's command line", step_hide },
	{ "drop capabilities", step_caps },
	{ "write the pid files", step_pid_files },
};

static void launch_report(int fd, const struct gx_error *e)
{
	unsigned char status = (unsigned char)(e && e->status ? e->status : GX_EXIT_SYSTEM);
	const char *msg = e ? e->msg : "";
	(void)!write(fd, &status, 1);
	(void)!write(fd, msg, strlen(msg));
}

static int launch_setup(struct launch_ctx *c, int errfd, const struct mnt_fail *staged)
{
	if (staged->step) {
		struct gx_error *e = NULL;
		gx_fail(&e, GX_EXIT_SYSTEM, staged->err, "boot step '%s': %s '%s'", staged->step,
		        staged->what, staged->path);
		launch_report(errfd, e);
		gx_error_free(e);
		return GX_EXIT_SYSTEM;
	}
	for (size_t i = 0; i < sizeof launch_steps / sizeof launch_steps[0]; i++) {
		struct gx_error *e = NULL;
		if (launch_steps[i].run(c, &e) == 0)
			continue;
		gx_wrap(&e, "boot step '%s'", launch_steps[i].name);
		launch_report(errfd, e);
		int status = e ? e->status : GX_EXIT_SYSTEM;
		gx_error_free(e);
		return status ? status : GX_EXIT_SYSTEM;
	}
	mnt_sources_close(&c->src);
	return 0;
}

extern char **environ;

static void launch_say_running(const struct launch_ctx *c)
{
	int pid = (int)c->host_pid;
	fprintf(stderr, "system container is running as PID %d\n", pid);
	if (!c->o->command)
		fprintf(stderr,
		        "Run 'sudo gxsys exec %d /run/current-system/profile/bin/bash --login'\n"
		        "or run 'sudo nsenter -a -t %d' to get a shell into it.\n\n",
		        pid, pid);
}

/* The kernel's struct sigaction (rt_sigaction(2)). */
struct launch_ksigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	uint64_t mask;
};

/* In PID 1: the launcher's caller ignored SIGHUP (launch_reset_signals). */
static bool launch_hup_ignored;

bool launch_hangup_ignored(void)
{
	return launch_hup_ignored;
}

void launch_reset_signals(void)
{
	char buf[4096];
	unsigned long long ign = ~0ULL;
	if (gx_read_small("/proc/self/status", buf, sizeof buf) > 0) {
		const char *p = strstr(buf, "\nSigIgn:\t");
		if (p) {
			ign = strtoull(p + 9, NULL, 16);
			launch_hup_ignored = (ign >> (SIGHUP - 1)) & 1;
		}
	}
	/* The system call itself: glibc's sigaction refuses its own two
	 * real-time signals (32, 33), which make(1), for one, leaves ignored. */
	const struct launch_ksigaction dfl = { .handler = SIG_DFL };
	for (int sig = 1; sig <= 64; sig++)
		if (((ign >> (sig - 1)) & 1) && sig != SIGKILL && sig != SIGSTOP)
			syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof dfl.mask);
	sigset_t all;
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
}

/* The launcher's stack below its launch_start frame: PID 1 shares that
 * memory (CLONE_VM) but runs on a stack of its own; what the launcher's
 * deepest calls (boot.conf's parse) left there is dead once it has exec'd
 * its waiter, and would stay resident until told.  256 kB down: within
 * the stack's mapping or the gap below it (madvise skips a hole). */
static void launch_release_launcher_stack(uintptr_t frame)
{
	const uintptr_t page = (uintptr_t)getpagesize();
	const size_t span = 256 * 1024;
	uintptr_t top = frame & ~(page - 1);
	madvise((void *)(top - span), span, MADV_DONTNEED);
}

/* What launch_ready does once: off the path to the first service (the
 * verdict's write wakes the waiter on the other CPU, the release is a
 * madvise), which is PID 1's to start first. */
static struct {
	int errfd, lifefd; /* -1: nothing pending */
	uintptr_t parent_frame;
	bool keep_job; /* errfd stays, as the job control socket */
} launch_pending = { -1, -1, 0, false };

/* After launch_start, in PID 1: whether the launcher was its terminal's
 * foreground job (-1 elsewhere), and the socket to the waiter that stays
 * for COMMAND's job control (launch.h). */
static int launch_fg = -1;
static int launch_job = -1;

int launch_foreground(void)
{
	return launch_fg;
}

int launch_job_fd(void)
{
	return launch_job;
}

void launch_job_close(void)
{
	if (launch_job >= 0)
		close(launch_job);
	launch_job = -1;
}

void launch_ready(void)
{
	if (launch_pending.errfd < 0)
		return;
	launch_release_launcher_stack(launch_pending.parent_frame);
	close(launch_pending.lifefd);
	unsigned char ok = 0;
	if (write(launch_pending.errfd, &ok, 1) != 1)
		_exit(GX_EXIT_SYSTEM);
	if (launch_pending.keep_job)
		launch_job = launch_pending.errfd;
	else
		close(launch_pending.errfd);
	launch_pending.errfd = launch_pending.lifefd = -1;
}

/* PID 1, once launch_early_child has made it safe from the launcher's
 * death, installed the container's seccomp filter and taken the thread
 * pointer (launch_early.c): build the stage while the launcher reads the
 * configuration, then the system, and hand over to PID1.  Until the
 * launcher's byte on GOFD, system calls only (GX_SYS) and nothing else of
 * the C library that reads or writes its state: the launcher runs it
 * meanwhile, in this memory and with this thread pointer (errno). */
int launch_child(void *arg)
{
	struct launch_ctx *shared = arg;
	struct mnt_sources staged;
	struct mnt_fail fail = { 0 };
	char go = 0;

	mnt_sources_init(&staged);
	staged.init_path = launch_early.exe;
	/* No stage outside namespaces of our own: it would be the host's
	 * mounts that it made private and stacked a root on. */
	if (launch_early.unshare < 0)
		fail = (struct mnt_fail){ "create the container's namespaces", "unshare",
			                  "mount, UTS, IPC and cgroup",
			                  (int)-launch_early.unshare };
	else if (launch_early.guard < 0)
		fail = (struct mnt_fail){ "install the container's seccomp filter", "prctl",
			                  "PR_SET_SECCOMP", (int)-launch_early.guard };
	else
		(void)mnt_stage(&staged, &fail);
	while (GX_SYS(SYS_read, shared->gofd, &go, 1, 0) == -EINTR)
		;
	if (go != 1) /* the launcher gave up (launch_abort) or is gone */
		GX_SYS(SYS_exit_group, GX_EXIT_SYSTEM, 0, 0, 0);
	/* The C library is PID 1's from here: the launcher makes system calls
	 * only until its exec (launch_start).  Copied: the launcher's frames
	 * are left behind (see above), and the context is freed. */
	struct launch_ctx ctx = *shared;
	free(shared);
	struct launch_opts opts = *ctx.o;
	struct launch_ctx *c = &ctx;
	c->o = &opts;
	close(c->gofd);
	c->src = staged;
	int status = launch_setup(c, c->errfd, &fail);
	if (status != 0)
		_exit(status);
	/* From here on PID 1 has this memory to itself: the launcher's exec
	 * closes the pipe's other end.  Until then the launcher reads its own
	 * frames and the exec's command line (copies, which the setup leaves
	 * alone: step_hide wipes only the launcher's own command line). */
	char byte;
	while (read(c->execfd, &byte, 1) < 0 && errno == EINTR)
		;
	close(c->execfd);
	launch_free_waiter_argv(c->waiter_argv);
	/* Back on every CPU the launcher had, for the system: the launcher
	 * moved us off its own when it cloned us (launch_early.c). */
	if (c->cpus_known)
		(void)sched_setaffinity(0, sizeof c->cpus, &c->cpus);
	launch_pending.errfd = c->errfd;
	launch_pending.lifefd = c->lifefd;
	launch_pending.parent_frame = c->parent_frame;
	launch_pending.keep_job = c->foreground && c->command != NULL;
	launch_fg = c->foreground;
	/* Said by PID 1 itself, after the pid files and before anything of
	 * the system starts, so nothing the system prints comes first. */
	launch_say_running(c);
	launch_reset_signals();
	/* Nothing the launcher inherited (an fd of a host directory would be a
	 * way out of the container) reaches a service or COMMAND; PID 1 itself
	 * keeps them (the generated launcher's instance lock is one). */
	if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
		_exit(GX_EXIT_SYSTEM);
	exit(c->pid1(c->bc, c->command));
}

static struct bc_mount *launch_all_binds(const struct boot_conf *bc, const struct launch_opts *o,
                                         size_t *n)
{
	*n = bc->n_mounts + o->n_binds;
	struct bc_mount *all = gx_xcalloc(*n + 1, sizeof *all);
	memcpy(all, bc->mounts, bc->n_mounts * sizeof *all);
	if (o->n_binds)
		memcpy(all + bc->n_mounts, o->binds, o->n_binds * sizeof *all);
	return all;
}

/* With a private network, the launcher makes the container's network
 * namespace (and brings its lo up) while PID 1 builds the file system:
 * of the namespaces it is the slowest to create, and here it is made
 * beside the boot instead of before it.  System calls only (PID 1 runs in
 * this memory: see launch_start); a failure goes into H for PID 1 to
 * report.  The launcher goes back to the host's namespace; returns the
 * new one's fd, or -1. */
static int launch_make_network(struct launch_hello *h)
{
	static const char self_net[] = "/proc/self/ns/net";
	struct ifreq ifr;
	long host = -1, sock = -1, netfd = -1, r = 0;
	int step = 0;

	memset(&ifr, 0, sizeof ifr);
	memcpy(ifr.ifr_name, "lo", 3);
	if ((r = host = GX_SYS(SYS_openat, AT_FDCWD, self_net, O_RDONLY | O_CLOEXEC, 0)) < 0 ||
	    (step = 1, (r = GX_SYS(SYS_unshare, CLONE_NEWNET, 0, 0, 0)) < 0))
		goto fail;
	if ((step = 2,
	     (r = sock = GX_SYS(SYS_socket, AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0, 0)) < 0) ||
	    (step = 3, (r = GX_SYS(SYS_ioctl, sock, SIOCGIFFLAGS, &ifr, 0)) < 0) ||
	    (ifr.ifr_flags |= IFF_UP, step = 4,
	     (r = GX_SYS(SYS_ioctl, sock, SIOCSIFFLAGS, &ifr, 0)) < 0) ||
	    (step = 5,
	     (r = netfd = GX_SYS(SYS_openat, AT_FDCWD, self_net, O_RDONLY | O_CLOEXEC, 0)) < 0) ||
	    (step = 6, (r = GX_SYS(SYS_setns, host, CLONE_NEWNET, 0, 0)) < 0))
		goto fail;
	GX_SYS(SYS_close, sock, 0, 0, 0);
	GX_SYS(SYS_close, host, 0, 0, 0);
	return (int)netfd;
fail:
	h->net_step = step;
	h->net_errno = r < 0 ? (int)-r : EIO;
	if (step > 1 && step < 6)
		GX_SYS(SYS_setns, host, CLONE_NEWNET, 0, 0);
	if (sock >= 0)
		GX_SYS(SYS_close, sock, 0, 0, 0);
	if (netfd >= 0)
		GX_SYS(SYS_close, netfd, 0, 0, 0);
	if (host >= 0)
		GX_SYS(SYS_close, host, 0, 0, 0);
	return -1;
}

/* The hello and the network namespace to PID 1 (read by step_network). */
static void launch_send_hello(int fd, const struct launch_hello *hello, int netfd)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct iovec iov = { .iov_base = (void *)hello, .iov_len = sizeof *hello };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	if (netfd >= 0) {
		memset(&ctl, 0, sizeof ctl);
		m.msg_control = ctl.buf;
		m.msg_controllen = sizeof ctl.buf;
		struct cmsghdr *h = CMSG_FIRSTHDR(&m);
		h->cmsg_level = SOL_SOCKET;
		h->cmsg_type = SCM_RIGHTS;
		h->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(h), &netfd, sizeof netfd);
	}
	GX_SYS(SYS_sendmsg, fd, &m, MSG_NOSIGNAL, 0);
}

/* The waiter's command line: LAUNCH_WAITER PID ERRFD LOCKFD LOCKFILE USES
 * [DIRFD PIDFILE]... (LOCKFD -1 and LOCKFILE "" without --lock); PID is
 * filled in once PID 1 exists (launch_start).  USES, which the waiter
 * ignores, is the host's paths of the system, the profile and etc, one per
 * line: PID 1 hides its own command line from the container (step_hide),
 * so the waiter's is where `gxsys gc` sees what a running container uses.
 * DIRFD is the pid file's directory, opened here (not close-on-exec: the
 * waiter's), or -1: the waiter removes the file there, not by its path,
 * which is the container's to change once it runs when the directory is
 * a --share one (a symbolic link put in place of a directory on the way
 * sent the waiter's unlink elsewhere on the host).  Opened before the
 * exec, which PID 1 waits for before anything of the system runs.  Freed
 * by launch_free_waiter_argv. */
static char **launch_waiter_argv(const struct boot_conf *bc, const struct launch_opts *o, int errfd)
{
	static char name[] = "gxsys-init", waiter[] = LAUNCH_WAITER;
	size_t n = 0;
	while (o->pid_files && o->pid_files[n])
		n++;
	char **v = gx_xcalloc(2 * n + 8, sizeof *v);
	v[0] = name;
	v[1] = waiter;
	v[3] = gx_asprintf("%d", errfd);
	v[4] = gx_asprintf("%d", o->lock_path ? o->lock_fd : -1);
	/* A copy, as every string here: the lock's path was in the launcher's
	 * command line, which PID 1 wipes (step_hide), perhaps before the
	 * exec has read it. */
	v[5] = gx_xstrdup(o->lock_path ? o->lock_path : "");
	v[6] = gx_asprintf("%s\n%s\n%s", bc->system ? bc->system : "", bc->profile, bc->etc);
	for (size_t i = 0; i < n; i++) {
		const char *file = o->pid_files[i];
		_cleanup_free_ char *dir = launch_dir_of(file);
		int fd = *launch_pid_name(file) ? open(dir, O_PATH | O_DIRECTORY) : -1;
		v[7 + 2 * i] = gx_asprintf("%d", fd);
		v[8 + 2 * i] = o->pid_files[i];
	}
	return v;
}

/* The heap's pages, from C (the launcher's latest allocation) to its
 * end, faulted in with one system call: boot.conf's parse, then PID 1's
 * set-up, touch some twenty of them, each first touch a page fault, which
 * on a virtual machine costs 12-18 us where a page made present
 * beforehand costs 6 (MADV_POPULATE_WRITE, Linux 5.14; ignored before).
 * malloc extended the heap by its padding (128 kB) already; what is not
 * used goes with PID 1's trim (svc.c, release_heap). */
static void launch_populate_heap(const struct launch_ctx *c)
{
	char *end = sbrk(0);
	uintptr_t start = (uintptr_t)c & ~(uintptr_t)(getpagesize() - 1);

	if (end != (char *)-1 && (uintptr_t)end > start)
		(void)madvise((void *)start, (uintptr_t)end - start, MADV_POPULATE_WRITE);
}

/* PID 1 is cloned with CLONE_VM, as posix_spawn clones a child that will
 * exec, because copying the launcher's memory was the costliest part of
 * starting it (page tables copied, then a fault for each page either side
 * writes first).  It is cloned first thing: on x86_64 before the C library
 * starts (launch_early.c), elsewhere here.  It builds the stage
 * (mnt_stage) while the launcher reads boot.conf; then (launch_start) the
 * launcher gives it the configuration, makes the network namespace
 * (launch_make_network), sends PID 1 the hello and execs itself as PID
 * 1's waiter (waiter.c), after which the memory is PID 1's alone.  Between
 * the clone and the byte that gives PID 1 the configuration, PID 1 makes
 * system calls only; from that byte to its exec, the launcher does.  PID 1
 * waits for the exec (the end of file on EXECP, which the exec closes)
 * once it is set up, before it frees or releases what the launcher reads
 * (its frames, the exec's command line) and before anything of the system
 * runs.  Those system calls go through GX_SYS (rawsys.h), which leaves
 * errno alone: errno is the other's too (the same thread pointer).  What
 * the exec needs is made before the byte, in copies PID 1 does not touch,
 * and its environment is empty. */
struct launch_ctx *launch_begin(launch_pid1_fn pid1, struct gx_error **err)
{
	static const char *const steps[] = {
		[LAUNCH_EARLY_SELF] = "open /proc/self/exe",
		[LAUNCH_EARLY_PIPE] = "create a pipe",
		[LAUNCH_EARLY_PAIR] = "create a socket pair",
		[LAUNCH_EARLY_STACK] = "allocate PID 1's stack",
		[LAUNCH_EARLY_CLONE] = "create the container's namespaces",
	};
	struct launch_early *e = &launch_early;
	const char ready = 1;

	if (e->state == LAUNCH_EARLY_NONE) {
		fflush(NULL);
		launch_early_clone(false);
	}
	if (e->state == LAUNCH_EARLY_FAILED) {
		gx_fail(err, GX_EXIT_SYSTEM, e->err, "%s%s", steps[e->step],
		        e->step == LAUNCH_EARLY_CLONE && e->err == EPERM && geteuid() != 0
		                ? " (run it as root)"
		                : "");
		e->state = LAUNCH_EARLY_NONE;
		return NULL;
	}
	struct launch_ctx *c = gx_xcalloc(1, sizeof *c);
	c->pid1 = pid1;
	c->pid = e->pid;
	c->stack = e->stack;
	c->self = e->self;
	c->errp0 = e->errp[0];
	c->errfd = e->errp[1];
	c->life0 = e->life[0];
	c->lifefd = e->life[1];
	c->execfd = e->execp[0];
	c->execp1 = e->execp[1];
	c->gofd = e->gop[0];
	c->go1 = e->gop[1];
	c->cpus = e->cpus;
	c->cpus_known = e->cpus_known;
	mnt_sources_init(&c->src);
	launch_populate_heap(c);
	/* PID 1 takes the C library's thread pointer with the byte. */
	e->ctx = c;
	e->tp = (unsigned long)__builtin_thread_pointer();
	GX_SYS(SYS_write, e->ready[1], &ready, 1, 0);
	/* E's fds stay as they are: PID 1 reads them, whenever it runs. */
	GX_SYS(SYS_close, e->ready[1], 0, 0, 0);
	GX_SYS(SYS_close, e->ready[0], 0, 0, 0);
	e->state = LAUNCH_EARLY_NONE; /* C's now (launch_abort) */
	return c;
}

/* A PID 1 that launch_early_clone made and launch_begin did not take
 * (the command line asked for something else): killed and reaped. */
void launch_early_abort(void)
{
	struct launch_early *e = &launch_early;
	int status;

	if (e->state != LAUNCH_EARLY_CLONED)
		return;
	kill(e->pid, SIGKILL);
	while (waitpid(e->pid, &status, 0) < 0 && errno == EINTR)
		;
	launch_early_release(e);
	e->state = LAUNCH_EARLY_NONE;
}

/* PID 1 killed (it waits for its configuration, or builds the stage) and
 * reaped; its namespaces go with it. */
void launch_abort(struct launch_ctx *c)
{
	int status;
	if (!c)
		return;
	kill(c->pid, SIGKILL);
	while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
		;
	int fds[] = { c->errp0, c->life0,  c->execp1, c->self, c->go1,
		      c->errfd, c->lifefd, c->execfd, c->gofd };
	for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++)
		close(fds[i]);
	munmap(c->stack, LAUNCH_STACK);
	free(c);
}

void launch_start(struct launch_ctx *c, const struct boot_conf *bc, const struct launch_opts *o)
{
	char pid_buf[LAUNCH_UTOA_SIZE];
	static char *empty_env[] = { NULL };
	static const char msg[] = "gxsys-init: cannot exec the launcher's waiter\n";

	c->bc = bc;
	c->o = o;
	c->parent_frame = (uintptr_t)&pid_buf;
	c->binds = launch_all_binds(bc, o, &c->n_binds);
	c->waiter_argv = launch_waiter_argv(bc, o, c->errp0);
	c->waiter_argv[2] = launch_utoa(pid_buf, (unsigned long)c->pid);
	/* Known here only: inside, the host's process groups have no ids. */
	c->foreground = isatty(STDIN_FILENO) && tcgetpgrp(STDIN_FILENO) == getpgrp();
	/* The launcher's from here: PID 1 frees C once it has read it. */
	const pid_t pid = c->pid;
	const int self = c->self, errp0 = c->errp0, life0 = c->life0, go1 = c->go1;
	char **const waiter_argv = c->waiter_argv;
	const bool network = bc->network;
	const char go = 1;
	/* PID 1 runs in this memory, and the C library is its own from the
	 * byte on.  errp[0] and life[0] are the waiter's (life[0] stays open
	 * for as long as it lives: PID 1 checked at start whether we are
	 * alive). */
	GX_SYS(SYS_write, go1, &go, 1, 0);
	GX_SYS(SYS_close, go1, 0, 0, 0);
	struct launch_hello hello = { .pid = pid };
	int netfd = network ? -1 : launch_make_network(&hello);
	launch_send_hello(life0, &hello, netfd);
	if (GX_SYS(SYS_fcntl, errp0, F_SETFD, 0, 0) == 0 &&
	    GX_SYS(SYS_fcntl, life0, F_SETFD, 0, 0) == 0)
		GX_SYS5(SYS_execveat, self, "", waiter_argv, empty_env, AT_EMPTY_PATH);
	GX_SYS(SYS_kill, pid, SIGKILL, 0, 0);
	GX_SYS(SYS_write, STDERR_FILENO, msg, sizeof msg - 1, 0);
	GX_SYS(SYS_exit_group, GX_EXIT_SYSTEM, 0, 0, 0);
	__builtin_unreachable();
}
