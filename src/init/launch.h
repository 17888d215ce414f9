/* The host side of gxsys-init: clone the container's PID 1 into new
 * namespaces, learn whether its setup succeeded, relay signals, mirror its
 * exit status.  If the launcher dies, even by SIGKILL, PID 1 gets SIGKILL
 * (PR_SET_PDEATHSIG) and the kernel tears its namespaces down: nothing is
 * left mounted or running on the host. */
#ifndef GX_LAUNCH_H
#define GX_LAUNCH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "bootconf.h"
#include "err.h"

struct launch_opts {
	const struct bc_mount *binds; /* --share / --expose, after boot.conf's */
	size_t n_binds;
	char *const *command;   /* after `--`, or NULL */
	char *const *pid_files; /* --pid-file, NULL-terminated, or NULL */
	const char *lock_path;  /* --lock, or NULL */
	int lock_fd;            /* its open, locked file (not close-on-exec), or -1 */
};

/* What PID 1 runs once the system is set up (svc_run in the product). */
typedef int (*launch_pid1_fn)(const struct boot_conf *bc, char *const *command);

/* The launch, from launch_begin to launch_start or launch_abort. */
struct launch_ctx;

/* Clone PID 1 into its new namespaces at once: it builds what needs no
 * configuration (mount.h, mnt_stage) while the caller reads boot.conf,
 * and waits for launch_start.  SIGINT, SIGTERM, SIGHUP and SIGCHLD stay
 * blocked in the caller.  Returns NULL with *err when PID 1 could not be
 * started. */
struct launch_ctx *launch_begin(launch_pid1_fn pid1, struct gx_error **err);

/* Give PID 1 BC and O: it builds the container (the boot steps of
 * launch.c), writes O->pid_files, prints `system container is running as
 * PID N` and then returns PID1(BC, O->command) as its exit status.  The
 * launcher makes the container's network namespace and execs itself as
 * PID 1's waiter (LAUNCH_WAITER, waiter.c), which reports a failed setup
 * ("boot step 'STEP': ...", status 1 for bad input such as a missing share
 * source, 3 otherwise), relays SIGINT, SIGTERM and SIGHUP to PID 1 until
 * it exits, removes the pid files and exits with PID 1's status (its exit
 * code, or 128+N when killed by signal N).  Does not return. */
_Noreturn void launch_start(struct launch_ctx *c, const struct boot_conf *bc,
                            const struct launch_opts *o);

/* PID 1 is up (called by PID1 once its first work is under way: svc_run
 * before its loop first waits, and before it returns): the waiter gets the
 * verdict that the boot succeeded, and the launcher's dead stack goes.
 * Later calls, and calls in a process launch_start did not make, do
 * nothing. */
void launch_ready(void);

/* In PID 1 after launch_start: 1 when the launcher was the foreground job
 * of its terminal (its standard input), 0 when not; -1 in a process
 * launch_start did not make.  PID 1 cannot tell itself: the host's process
 * groups have no ids in its namespace. */
int launch_foreground(void);

/* In PID 1, once launch_ready has run, when the launcher was in the
 * foreground and there is a COMMAND: the socket to the waiter for
 * COMMAND's job control, else -1.  PID 1 writes the signal that stopped
 * COMMAND (SIGTSTP, SIGTTIN or SIGTTOU: ^Z on the terminal); the waiter
 * stops its process group with it, so that the shell that started the
 * launcher takes the terminal back, and once continued answers 'f' (back
 * in the foreground: PID 1 gives COMMAND the terminal) or 'b' (in the
 * background); PID 1 then continues COMMAND. */
int launch_job_fd(void);
/* Its end: the waiter is gone, or answered nonsense. */
void launch_job_close(void);

/* Kill and reap PID 1 instead (a bad boot.conf, a lock held). */
void launch_abort(struct launch_ctx *c);

/* The same of a PID 1 cloned before the C library started
 * (launch_early.c) when the command line turns out to ask for no launch
 * (--help, a bad option); nothing when there is none. */
void launch_early_abort(void);

/* argv[1] of the waiter's command line (internal to gxsys-init). */
#define LAUNCH_WAITER "--launcher-waiter"

/* Room for launch_utoa's digits of any unsigned long, and its NUL. */
#define LAUNCH_UTOA_SIZE 24

/* PATH's directory ("." for a bare name). */
char *launch_dir_of(const char *path);

/* Start clean, as PID 1 does before anything runs: every signal its
 * caller left ignored back to its default (handlers do not survive exec,
 * SIG_IGN does: a shell ignores SIGINT and SIGQUIT in background jobs,
 * SIGPIPE may be ignored; the signals are read from SigIgn in
 * /proc/self/status, one read instead of a sigaction per signal, or all
 * of them when it cannot be read), and every signal blocked until PID 1
 * takes them (the supervisor's signalfd): the waiter relays a SIGTERM that
 * came during the boot as soon as the boot is reported, and the PID 1 of a
 * namespace drops a signal whose action is the default when it is not
 * blocked, so an empty mask here lost it.  A child of PID 1 sets its own
 * mask before it execs. */
void launch_reset_signals(void);

/* Whether the caller of the process that ran launch_reset_signals had
 * SIGHUP ignored, as nohup(1) leaves it: the system then outlives a
 * hang-up (the shell's SIGHUP to its jobs' process groups, which PID 1
 * and COMMAND share with the launcher), and COMMAND ignores it too, as
 * nohup's command does.  Any other SIG_IGN is not kept. */
bool launch_hangup_ignored(void);

/* Map a wait status to an exit status: code, or 128+N for signal N.
 * Inline, and below launch_utoa: the waiter uses both before the C
 * library starts (waiter.c). */
static inline int launch_exit_status(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return GX_EXIT_SYSTEM;
}

/* The decimal digits of V at the end of BUF; returns where they start. */
static inline char *launch_utoa(char buf[LAUNCH_UTOA_SIZE], unsigned long v)
{
	char *p = buf + LAUNCH_UTOA_SIZE - 1;

	*p = '\0';
	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	return p;
}

/* The launcher command (`gxsys-init [OPTION...] BOOT.CONF [-- COMMAND...]`):
 * parses the options, boots with PID1, finally removes the pid files
 * (PID 1 writes them once it is set up); returns the exit
 * status (docs/boot-conf.md, "Command line"). */
int launch_main(int argc, char **argv, launch_pid1_fn pid1);

#endif
