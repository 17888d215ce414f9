/* The launcher's waiter: what the launcher execs itself as once PID 1 runs
 * (launch.c, launch_start), `gxsys-init --launcher-waiter PID ERRFD LOCKFD
 * LOCKFILE USES PIDFILE...`.
 *
 * On x86_64 it runs before the C library starts: gxsys-init's ELF entry
 * point is gxsys_start below, which calls the waiter when argv[1] says so
 * and jumps to the C library's _start otherwise.  The C library's start-up
 * is most of the cost of an exec on a virtual machine (the CPU feature and
 * cache probes are a few dozen CPUID instructions, each a trap to the
 * hypervisor, and its relocations write a dozen pages), and this exec runs
 * beside PID 1's boot, which waits for it.  So this file calls nothing of
 * the C library: system calls through GX_SYS (rawsys.h), no errno, no stack protector,
 * no thread pointer, no data that needs relocating (the binary is a static
 * PIE that nothing has relocated yet); the Makefile refuses an object of
 * it with an undefined symbol (but _start) or a relocation that is not
 * relative to the code.  Elsewhere the same code runs from main(), through
 * syscall(2). */
#include "waiter.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "err.h"
#include "launch.h"
#include "launch_early.h"
#include "rawsys.h"

#if defined(__x86_64__)
/* The entry point: the kernel's initial stack (argc, argv...) and %rdx (a
 * function for atexit, from a dynamic loader) are handed on to _start
 * untouched. */
__asm__(".text\n"
        ".globl gxsys_start\n"
        ".type gxsys_start, @function\n"
        "gxsys_start:\n"
        "	mov %rdx, %r12\n"
        "	mov %rsp, %r13\n"
        "	mov (%rsp), %rdi\n"
        "	lea 8(%rsp), %rsi\n"
        "	and $-16, %rsp\n"
        "	call gxsys_pre_start\n"
        "	mov %r13, %rsp\n"
        "	mov %r12, %rdx\n"
        "	jmp _start\n"
        ".size gxsys_start, . - gxsys_start\n");
#endif

static size_t w_strlen(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

static bool w_streq(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b)
		a++, b++;
	return *a == *b;
}

static void w_write(const char *s, size_t n)
{
	while (n > 0) {
		long r = GX_SYS(SYS_write, 2, s, n, 0);

		if (r == -EINTR)
			continue;
		if (r <= 0)
			return;
		s += r;
		n -= (size_t)r;
	}
}

static void w_puts(const char *s)
{
	w_write(s, w_strlen(s));
}

/* S as an int in [MIN, INT_MAX] (decimal digits, '-' for MIN < 0). */
static bool w_atoi(const char *s, int min, int *out)
{
	bool neg = *s == '-';
	long v = 0;

	s += neg;
	if (*s == '\0' || (neg && min >= 0))
		return false;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || v > INT_MAX / 10)
			return false;
		v = v * 10 + (*s - '0');
	}
	v = neg ? -v : v;
	if (v < min || v > INT_MAX)
		return false;
	*out = (int)v;
	return true;
}

static long w_wait(int pid, int *ws, int flags)
{
	long r;

	while ((r = GX_SYS(SYS_wait4, pid, ws, flags, 0)) == -EINTR)
		;
	return r;
}

/* PID 1's verdict on ERRFD: one status byte, 0 when it runs, else the
 * status and the reason ("boot step 'STEP': ...") up to the end of file.
 * Returns 0 when it runs (the socket may stay, for job control: w_job),
 * else the exit status, with the reason said. */
static int w_verdict(int fd, int pid)
{
	char buf[4096];
	size_t len = 0;
	long n;
	int ws = 0;

	for (;;) {
		n = GX_SYS(SYS_read, fd, buf + len, len == 0 ? 1 : sizeof(buf) - len, 0);
		if (n == -EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		if (len == 1 && buf[0] == 0)
			return 0;
		if (len == sizeof(buf)) { /* the rest of an overlong reason: dropped */
			char drop[256];

			while ((n = GX_SYS(SYS_read, fd, drop, sizeof(drop), 0)) > 0 || n == -EINTR)
				;
			break;
		}
	}
	w_wait(pid, &ws, 0);
	w_puts("gxsys-init: ");
	if (len == 0) {
		char num[LAUNCH_UTOA_SIZE];

		w_puts("the container died during setup (status ");
		w_puts(launch_utoa(num, (unsigned long)launch_exit_status(ws)));
		w_puts(")\n");
		return GX_EXIT_SYSTEM;
	}
	w_write(buf + 1, len - 1);
	w_puts("\n");
	return buf[0] != 0 ? (unsigned char)buf[0] : GX_EXIT_SYSTEM;
}

/* COMMAND's job control (launch.h, launch_job_fd), on FD: PID 1 says
 * which signal stopped COMMAND (^Z on the terminal, or a read or write
 * from the background), and the launcher's process group (this process,
 * PID 1, and a shell script that may have run the launcher) stops with the
 * same signal, as a shell's job does: the shell that started it then takes
 * the terminal back.  Once continued (fg or bg), PID 1 hears whether the
 * job is the terminal's foreground again, and continues COMMAND.  Where
 * the group is orphaned, the kernel does not stop it: COMMAND goes on at
 * once.  Returns false once PID 1 has closed FD (no job control). */
static bool w_job(int fd)
{
	unsigned char b;

	for (;;) {
		long n = GX_SYS(SYS_read, fd, &b, 1, 0);

		if (n == -EINTR)
			continue;
		if (n == -EAGAIN)
			return true;
		if (n <= 0)
			return false;
		if (b != SIGTSTP && b != SIGTTIN && b != SIGTTOU)
			continue;
		GX_SYS(SYS_kill, 0, b, 0, 0);
		int fg = 0;
		long pgrp = GX_SYS(SYS_getpgid, 0, 0, 0, 0);
		unsigned char answer =
		        GX_SYS(SYS_ioctl, 0, TIOCGPGRP, &fg, 0) == 0 && fg == pgrp ? 'f' : 'b';
		while (GX_SYS(SYS_write, fd, &answer, 1, 0) == -EINTR)
			;
	}
}

/* FD wakes us with SIGIO (blocked, taken by w_relay with the rest), and
 * a write to it once PID 1 is gone fails instead of raising SIGPIPE. */
static void w_job_setup(int fd)
{
	unsigned long set = 1UL << (SIGIO - 1) | 1UL << (SIGPIPE - 1);

	GX_SYS(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, sizeof(set));
	GX_SYS(SYS_fcntl, fd, F_SETOWN, GX_SYS(SYS_getpid, 0, 0, 0, 0), 0);
	GX_SYS(SYS_fcntl, fd, F_SETFL, O_ASYNC | O_NONBLOCK, 0);
}

/* Relay SIGINT, SIGTERM, SIGHUP (a closed terminal shuts the system down
 * in order, as Shepherd takes SIGHUP) and SIGPWR to PID until it exits;
 * they and every other signal that would end this process are blocked
 * since the launcher (launch_block_signals), and the mask survives the
 * exec: the others stay pending, unanswered.  JOBFD: PID 1's job control
 * socket (w_job), or -1. */
static int w_relay(int pid, int jobfd)
{
	unsigned long set = 1UL << (SIGINT - 1) | 1UL << (SIGTERM - 1) | 1UL << (SIGHUP - 1) |
	                    1UL << (SIGPWR - 1) | 1UL << (SIGCHLD - 1) | 1UL << (SIGIO - 1);
	int ws = 0;
	long sig = SIGIO; /* what PID 1 wrote before the socket woke us */

	for (;;) {
		if (sig == SIGIO && jobfd >= 0 && !w_job(jobfd)) {
			GX_SYS(SYS_close, jobfd, 0, 0, 0);
			jobfd = -1;
		}
		long r = w_wait(pid, &ws, WNOHANG);

		if (r == pid)
			return launch_exit_status(ws);
		if (r < 0)
			return GX_EXIT_SYSTEM;
		sig = GX_SYS(SYS_rt_sigtimedwait, &set, NULL, NULL, sizeof(set));
		if (sig > 0 && sig != SIGCHLD && sig != SIGIO)
			GX_SYS(SYS_kill, pid, sig, 0, 0);
	}
}

bool waiter_lock_current(int fd, const char *path)
{
	struct stat a, b;

	return GX_SYS(SYS_newfstatat, fd, "", &a, AT_EMPTY_PATH) == 0 &&
	       GX_SYS(SYS_newfstatat, AT_FDCWD, path, &b, AT_SYMLINK_NOFOLLOW) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

void waiter_lock_remove(int fd, const char *path)
{
	if (fd >= 0 && path != NULL && waiter_lock_current(fd, path))
		GX_SYS(SYS_unlink, path, 0, 0, 0);
}

/* The last component of PATH. */
static const char *w_basename(const char *path)
{
	const char *base = path;

	for (const char *p = path; *p != '\0'; p++)
		if (*p == '/')
			base = p + 1;
	return base;
}

/* Unlink the pid file PATH, in the directory DIR (the launcher opened it),
 * if it still names PID: once the lock file is gone a new instance may
 * start and write its own there.  The pid file may be in a directory the
 * container shares, where root inside can have put anything by now: only
 * DIR is looked in (a symbolic link on PATH's way is not followed), and
 * only a regular file is read (the open of a FIFO, which no one would ever
 * write, left the waiter blocked for good, its launcher's caller too). */
static void w_pid_file_remove(int dir, const char *path, const char *pid)
{
	const char *name = w_basename(path);
	char buf[32];
	struct stat st;
	long fd, n = -1;
	size_t i = 0;

	if (dir < 0)
		return;
	fd = GX_SYS(SYS_openat, dir, name,
	            O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
	if (fd >= 0 && GX_SYS(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH) == 0 &&
	    S_ISREG(st.st_mode))
		while ((n = GX_SYS(SYS_read, fd, buf, sizeof(buf) - 1, 0)) == -EINTR)
			;
	if (fd >= 0)
		GX_SYS(SYS_close, fd, 0, 0, 0);
	if (n > 0) {
		buf[n] = '\0';
		while (pid[i] != '\0' && buf[i] == pid[i])
			i++;
		if (pid[i] == '\0' && buf[i] == '\n' && buf[i + 1] == '\0')
			GX_SYS(SYS_unlinkat, dir, name, 0, 0);
	}
	GX_SYS(SYS_close, dir, 0, 0, 0);
}

int waiter_main(int argc, char **argv)
{
	int pid, errfd, lockfd, status;
	char num[LAUNCH_UTOA_SIZE];

	bool ok = argc >= 6 && (argc - 6) % 2 == 0 && w_atoi(argv[1], 0, &pid) &&
	          w_atoi(argv[2], 0, &errfd) && w_atoi(argv[3], -1, &lockfd);
	int dirfd;

	for (int i = 6; ok && i < argc; i += 2)
		ok = w_atoi(argv[i], -1, &dirfd);
	if (!ok) {
		w_puts("gxsys-init: " LAUNCH_WAITER ": bad arguments (internal)\n");
		return GX_EXIT_USAGE;
	}
	status = w_verdict(errfd, pid);
	bool booted = status == 0;
	if (booted) {
		w_job_setup(errfd);
		status = w_relay(pid, errfd);
	}
	/* The lock file first (a new instance may start from then on: it
	 * locks a new file), then the pid files.  Their directory stays: a
	 * directory made and removed at every start costs more than the
	 * rest of this on a /run on disk. */
	waiter_lock_remove(lockfd, argv[4][0] != '\0' ? argv[4] : NULL);
	const char *pid_text = launch_utoa(num, (unsigned long)pid);
	for (int i = 6; booted && i < argc; i += 2)
		if (w_atoi(argv[i], -1, &dirfd))
			w_pid_file_remove(dirfd, argv[i + 1], pid_text);
	return status;
}

/* gxsys-init run as herd or halt (main.c) takes its argv[1] as theirs. */
static bool w_is_tool(const char *argv0)
{
	const char *base = argv0;

	for (const char *p = argv0; *p != '\0'; p++)
		if (*p == '/')
			base = p + 1;
	return w_streq(base, "herd") || w_streq(base, "halt");
}

static bool w_prefix(const char *s, const char *prefix)
{
	while (*prefix != '\0' && *s == *prefix)
		s++, prefix++;
	return *prefix == '\0';
}

/* Whether ARGV is a launch (gxsys-init [OPTION...] BOOT.CONF ...) rather
 * than a subcommand, the waiter or a request for help, as main.c and
 * launch_main dispatch: only a guess, which decides whether PID 1 is
 * cloned before the C library starts (launch_early.c).  Compared one by
 * one: a table of the names would hold addresses that need relocating. */
static bool w_is_launch(long argc, char **argv)
{
	if (argc < 2 || w_is_tool(argv[0]) || w_streq(argv[1], "exec") ||
	    w_streq(argv[1], "stop") || w_streq(argv[1], "herd") || w_streq(argv[1], "halt") ||
	    w_streq(argv[1], LAUNCH_WAITER))
		return false;
	/* --help (or an abbreviation), -h alone or among short options. */
	for (long i = 1; i < argc && !w_streq(argv[i], "--"); i++) {
		const char *a = argv[i];

		if (w_prefix(a, "--h"))
			return false;
		if (a[0] == '-' && a[1] != '-')
			for (const char *p = a + 1; *p != '\0'; p++)
				if (*p == 'h')
					return false;
	}
	return true;
}

void gxsys_pre_start(long argc, char **argv)
{
	if (argc > 1 && w_streq(argv[1], LAUNCH_WAITER) && !w_is_tool(argv[0]))
		for (;;)
			GX_SYS(SYS_exit_group, waiter_main((int)argc - 1, argv + 1), 0, 0, 0);
	/* A launch: PID 1 begins while the C library starts here. */
	if (w_is_launch(argc, argv))
		launch_early_clone(true);
}
