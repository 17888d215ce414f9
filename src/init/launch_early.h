/* PID 1's clone, before the C library starts (see launch_early.c). */
#ifndef GX_LAUNCH_EARLY_H
#define GX_LAUNCH_EARLY_H

#include <sched.h>
#include <stdbool.h>
#include <sys/types.h>

/* Where the clone stands. */
enum launch_early_state {
	LAUNCH_EARLY_NONE,   /* not tried: launch_begin does it */
	LAUNCH_EARLY_CLONED, /* PID 1 runs and waits for the ready byte */
	LAUNCH_EARLY_FAILED, /* STEP failed with ERR; nothing is left open */
};

enum launch_early_step {
	LAUNCH_EARLY_SELF,  /* open /proc/self/exe */
	LAUNCH_EARLY_PIPE,  /* create a pipe */
	LAUNCH_EARLY_PAIR,  /* create a socket pair */
	LAUNCH_EARLY_STACK, /* allocate PID 1's stack */
	LAUNCH_EARLY_CLONE, /* create the container's namespaces */
};

/* PID 1's stack (it shares the launcher's memory, so not the launcher's),
 * with a guard page at its foot. */
#define LAUNCH_STACK (1024 * 1024)

struct launch_early {
	enum launch_early_state state;
	enum launch_early_step step; /* LAUNCH_EARLY_FAILED: what failed */
	int err;                     /* and its errno */
	pid_t pid;                   /* PID 1 as the launcher sees it */
	/* [0] the launcher's end, [1] PID 1's (gop and ready: PID 1 reads
	 * [0], the launcher writes [1]).  Never changed once PID 1 is cloned:
	 * it reads them, in this memory, whenever it comes to run. */
	int errp[2], life[2], execp[2], gop[2], ready[2];
	int self; /* /proc/self/exe, O_PATH: the waiter's exec */
	char *stack;
	cpu_set_t cpus;  /* the launcher's CPUs */
	bool cpus_known; /* cpus was read */
	/* Given to PID 1 with the ready byte, once the C library is up in the
	 * launcher: its thread pointer (x86_64, when PID 1 was cloned before
	 * it had one) and the launch's context. */
	bool set_tp;
	unsigned long tp;
	void *ctx;
	/* The init binary's path, read by PID 1 before it leaves the
	 * launcher's mount namespace (empty if unreadable): /proc/self/exe
	 * read after it is relative to the namespace's root, not to a chroot
	 * the launcher runs in. */
	char exe[4096];
	long unshare; /* PID 1's unshare of its other namespaces: 0 or -errno */
	long guard;   /* guard_install_raw's result, in PID 1 */
};

/* The one launch of this process. */
extern struct launch_early launch_early;

/* Block the signals the launcher keeps blocked (launch.c), create the
 * channels and the stack and clone PID 1, which runs launch_early_child.
 * System calls only: called before the C library starts (x86_64, from
 * gxsys_pre_start) or by launch_begin.  SET_TP: PID 1 has no thread
 * pointer until the ready byte gives it the launcher's. */
void launch_early_clone(bool set_tp);

/* Close every fd of E and unmap PID 1's stack: once the clone failed,
 * or once PID 1 is dead (launch_early_abort).  System calls only. */
void launch_early_release(struct launch_early *e);

/* PID 1, on its own stack: die with the launcher, make its mount, UTS,
 * IPC and cgroup namespaces (the clone made the PID namespace), install
 * the container's seccomp filter, wait for the ready byte, then
 * launch_child(CTX). */
int launch_early_child(void *arg);

/* PID 1's part once the C library is its own too (launch.c). */
int launch_child(void *ctx);

#endif
