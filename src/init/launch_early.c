/* PID 1's clone, before the C library starts.
 *
 * The C library's start-up in a static binary is the costliest part of
 * gxsys-init's exec on a virtual machine (its relocations write a dozen
 * pages, each first write a fault; its CPU probes are some fifty CPUID
 * instructions, each a trap to the hypervisor): 1.6 ms of a 12 ms boot
 * here.  PID 1 does not need it to begin: on x86_64 gxsys_pre_start
 * (waiter.c) calls launch_early_clone before it, and PID 1 makes its
 * namespaces and installs the container's seccomp filter while the
 * launcher's C library starts; the launcher's launch_begin then gives it
 * the thread pointer with the ready byte, and PID 1 goes on as it did
 * when launch_begin cloned it (launch.c).
 *
 * So this file calls nothing of the C library, as waiter.c: system calls
 * through GX_SYS, no errno, no data that needs relocating (the static PIE
 * is not relocated yet); the Makefile refuses an object of it with a
 * relocation that is not relative to the code, or with an undefined
 * symbol but guard_install_raw (guard.c, which uses the stack protector:
 * PID 1 runs it on a thread pointer of its own here, early_tcb) and
 * launch_child (called with the C library up). */
#include "launch_early.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#if defined(__x86_64__)
#include <asm/prctl.h>
#endif

#include "err.h"
#include "guard.h"
#include "mount.h"
#include "rawsys.h"

struct launch_early launch_early;

#if defined(__x86_64__)
/* PID 1's thread control block until the ready byte: enough of one for
 * the stack protector's canary (%fs:0x28) and the self pointer (%fs:0). */
static unsigned long early_tcb[16];

/* clone(FLAGS, STACK_TOP) with the child running FN(ARG) on that stack
 * and exiting with its result: the raw system call returns in the child on
 * the new stack, with nothing of the caller's frame. */
long gx_early_clone(unsigned long flags, char *stack_top, int (*fn)(void *), void *arg);
__asm__(".text\n"
        ".globl gx_early_clone\n"
        ".hidden gx_early_clone\n"
        ".type gx_early_clone, @function\n"
        "gx_early_clone:\n"
        "	mov %rdx, %r9\n"  /* FN: the system call keeps r9 */
        "	and $-16, %rsi\n" /* the child's stack, aligned */
        "	sub $16, %rsi\n"
        "	mov %rcx, (%rsi)\n" /* ARG, on it */
        "	xor %edx, %edx\n"   /* parent_tid */
        "	xor %r10d, %r10d\n" /* child_tid */
        "	xor %r8d, %r8d\n"   /* tls */
        "	mov $56, %eax\n"    /* SYS_clone */
        "	syscall\n"
        "	test %rax, %rax\n"
        "	jnz 1f\n"
        "	xor %ebp, %ebp\n"
        "	mov (%rsp), %rdi\n"
        "	call *%r9\n"
        "	mov %eax, %edi\n"
        "	mov $60, %eax\n" /* SYS_exit */
        "	syscall\n"
        "	hlt\n"
        "1:	ret\n"
        ".size gx_early_clone, . - gx_early_clone\n");
#else
#include <sched.h>
static long gx_early_clone(unsigned long flags, char *stack_top, int (*fn)(void *), void *arg)
{
	int r = clone(fn, stack_top, (int)flags, arg);
	return r < 0 ? -errno : r;
}
#endif

/* SIGINT, SIGTERM and SIGHUP blocked, for the waiter to take with
 * sigtimedwait and relay, and SIGCHLD with them, back to its default first:
 * a caller that ignores it (SIG_IGN survives exec) would have PID 1 reaped
 * by the kernel without a signal, and the waiter wait for it forever.  So
 * every signal whose default would end the launcher, and with it the
 * container (PID 1's parent-death signal) with its pid files left behind:
 * the waiter relays SIGINT, SIGTERM, SIGHUP and SIGPWR and drops the
 * others (a stray SIGUSR1 killed the container).  Not the faults (a crash
 * must end it), nor the stops of job control (the waiter stops itself
 * with them, waiter.c), nor the C library's own two (32 and 33), which
 * its sigprocmask leaves alone too. */
static void early_block_signals(void)
{
	static const unsigned char keep[] = { SIGSEGV, SIGBUS,  SIGILL,  SIGFPE,  SIGTRAP, SIGSYS,
		                              SIGABRT, SIGTSTP, SIGTTIN, SIGTTOU, SIGCONT };
	struct {
		unsigned long handler, flags, restorer, mask;
	} dfl = { 0, 0, 0, 0 };
	unsigned long set = ~0UL & ~(1UL << 31) & ~(1UL << 32);

	for (size_t i = 0; i < sizeof keep; i++)
		set &= ~(1UL << (keep[i] - 1));
	GX_SYS(SYS_rt_sigaction, SIGCHLD, &dfl, 0, sizeof set);
	GX_SYS(SYS_rt_sigprocmask, SIG_BLOCK, &set, 0, sizeof set);
}

static void early_close(int *fd)
{
	if (*fd >= 0)
		GX_SYS(SYS_close, *fd, 0, 0, 0);
	*fd = -1;
}

void launch_early_release(struct launch_early *e)
{
	int *pairs[] = { e->errp, e->life, e->execp, e->gop, e->ready };
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		early_close(&pairs[i][0]);
		early_close(&pairs[i][1]);
	}
	early_close(&e->self);
	if (e->stack) {
		GX_SYS(SYS_munmap, e->stack, LAUNCH_STACK, 0, 0);
		e->stack = NULL;
	}
}

static void early_fail(struct launch_early *e, enum launch_early_step step, long r)
{
	launch_early_release(e);
	e->state = LAUNCH_EARLY_FAILED;
	e->step = step;
	e->err = (int)-r;
}

/* Move PID 1, just cloned, off the launcher's CPU: the scheduler starts a
 * new task where its parent runs, and there PID 1 and the launcher took
 * turns on one CPU while the other idled.  PID 1 takes its CPUs back when
 * it is set up (launch.c).  A best effort. */
static void early_spread(struct launch_early *e)
{
	cpu_set_t other = e->cpus;
	unsigned cpu = 0;
	size_t n = 0;

	if (!e->cpus_known || GX_SYS(SYS_getcpu, &cpu, 0, 0, 0) < 0 || cpu >= CPU_SETSIZE)
		return;
	CPU_CLR(cpu, &other);
	for (size_t i = 0; i < CPU_SETSIZE; i++)
		n += CPU_ISSET(i, &other) ? 1 : 0;
	if (n > 0)
		GX_SYS(SYS_sched_setaffinity, e->pid, sizeof other, &other, 0);
}

void launch_early_clone(bool set_tp)
{
	struct launch_early *e = &launch_early;
	/* The other namespaces: PID 1 makes them (launch_early_child). */
	const unsigned long flags = CLONE_VM | CLONE_NEWPID | SIGCHLD;
	int *pipes[] = { e->execp, e->gop, e->ready };
	int *pairs[] = { e->life, e->errp };
	long r;

	e->self = -1;
	for (size_t i = 0; i < 2; i++)
		e->errp[i] = e->life[i] = e->execp[i] = e->gop[i] = e->ready[i] = -1;
	e->set_tp = set_tp;
	early_block_signals();
	if ((r = GX_SYS(SYS_openat, AT_FDCWD, "/proc/self/exe", O_PATH | O_CLOEXEC, 0)) < 0)
		return early_fail(e, LAUNCH_EARLY_SELF, r);
	e->self = (int)r;
	for (size_t i = 0; i < sizeof pipes / sizeof pipes[0]; i++)
		if ((r = GX_SYS(SYS_pipe2, pipes[i], O_CLOEXEC, 0, 0)) < 0)
			return early_fail(e, LAUNCH_EARLY_PIPE, r);
	/* Sockets, not pipes: the launcher's send must not raise SIGPIPE when
	 * PID 1 is already gone; the waiter answers PID 1 on errp (COMMAND's
	 * job control, waiter.c). */
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		if ((r = GX_SYS(SYS_socketpair, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pairs[i])) <
		    0)
			return early_fail(e, LAUNCH_EARLY_PAIR, r);
	r = GX_SYS6(SYS_mmap, 0, LAUNCH_STACK, PROT_READ | PROT_WRITE,
	            MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_NORESERVE, -1, 0);
	if (r < 0 && r > -4096)
		return early_fail(e, LAUNCH_EARLY_STACK, r);
	e->stack = (char *)r;
	if ((r = GX_SYS(SYS_mprotect, e->stack, 4096, PROT_NONE, 0)) < 0)
		return early_fail(e, LAUNCH_EARLY_STACK, r);
	e->cpus_known = GX_SYS(SYS_sched_getaffinity, 0, sizeof e->cpus, &e->cpus, 0) > 0;
	r = gx_early_clone(flags, e->stack + LAUNCH_STACK, launch_early_child, e);
	if (r < 0)
		return early_fail(e, LAUNCH_EARLY_CLONE, r);
	e->pid = (pid_t)r;
	e->state = LAUNCH_EARLY_CLONED;
	early_spread(e);
}

int launch_early_child(void *arg)
{
	struct launch_early *e = arg;
	struct pollfd p = { .fd = e->life[1], .events = POLLIN };
	char ready = 0;

#if defined(__x86_64__)
	if (e->set_tp) {
		early_tcb[0] = (unsigned long)early_tcb;
		GX_SYS(SYS_arch_prctl, ARCH_SET_FS, early_tcb, 0, 0);
	}
#endif
	const int launcher_fds[] = { e->errp[0], e->life[0], e->execp[1],
		                     e->self,    e->gop[1],  e->ready[1] };
	for (size_t i = 0; i < sizeof launcher_fds / sizeof launcher_fds[0]; i++)
		GX_SYS(SYS_close, launcher_fds[i], 0, 0, 0);
	/* Out of reach of the container's root, which keeps CAP_DAC_OVERRIDE,
	 * CAP_FOWNER and the like but not CAP_SYS_PTRACE: a PID 1 it could
	 * trace (a dumpable one of the same uid and capabilities) would hand it
	 * /proc/1/exe, the init binary on the host's file system (a chmod u+s
	 * through it would make a set-user-ID root program for every host
	 * user), the host's files behind /proc/1/fd and PID 1's memory.  Set on
	 * this memory, which the launcher's exec leaves to PID 1; a service or
	 * COMMAND gets its own, dumpable, at its exec.  The launcher's pid may
	 * already wait in the socket: only a hang-up says it is gone. */
	if (GX_SYS(SYS_prctl, PR_SET_DUMPABLE, 0, 0, 0) < 0 ||
	    GX_SYS(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL, 0, 0) < 0 ||
	    GX_SYS(SYS_poll, &p, 1, 0, 0) < 0 || (p.revents & (POLLHUP | POLLERR)))
		GX_SYS(SYS_exit_group, GX_EXIT_SYSTEM, 0, 0, 0); /* the launcher is gone */
	long n = GX_SYS(SYS_readlink, "/proc/self/exe", e->exe, sizeof e->exe - 1, 0);
	e->exe[n > 0 ? n : 0] = '\0';
	/* The namespaces but the PID namespace, which only a clone makes: here
	 * rather than in the clone, which the launcher waited for. */
	e->unshare = GX_SYS(SYS_unshare,
	                    CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWCGROUP, 0, 0, 0);
	GX_SYS(SYS_umask, MNT_UMASK, 0, 0, 0);
	/* The container's seccomp filter (guard.c) first, while PID 1 still has
	 * every capability: it needs no configuration, and this is where PID 1
	 * waits for the launcher anyway. */
	e->guard = guard_install_raw();
	while (GX_SYS(SYS_read, e->ready[0], &ready, 1, 0) == -EINTR)
		;
	GX_SYS(SYS_close, e->ready[0], 0, 0, 0);
	if (ready != 1) /* the launcher gave up or is gone */
		GX_SYS(SYS_exit_group, GX_EXIT_SYSTEM, 0, 0, 0);
#if defined(__x86_64__)
	if (e->set_tp)
		GX_SYS(SYS_arch_prctl, ARCH_SET_FS, e->tp, 0, 0);
#endif
	return launch_child(e->ctx);
}
