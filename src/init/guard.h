/* What root inside must not reach of the host's kernel although no
 * capability guards it (guard.c). */
#ifndef GX_GUARD_H
#define GX_GUARD_H

#include <linux/filter.h>

#include "err.h"

/* Install a seccomp filter, inherited by every process started after,
 * under which ioctl(TIOCSTI), ioctl(TIOCLINUX) and the ioctls of virtual
 * consoles fail with EPERM (the host's terminal), keyctl, add_key and
 * request_key with ENOSYS (the host's keyrings), unshare and clone with
 * CLONE_NEWUSER with EPERM and clone3 with ENOSYS (no user namespace
 * inside), io_uring's calls, perf_event_open, syslog and bpf with ENOSYS.
 * Needs CAP_SYS_ADMIN: call before the capabilities are dropped. */
int guard_install(struct gx_error **err);

/* The same with system calls only (for PID 1's stage, which runs beside
 * the launcher's C library): 0, or -errno. */
long guard_install_raw(void);

/* Room for the filter's program on any architecture. */
#define GUARD_MAX_LEN 64

/* The filter's program, written to F (GUARD_MAX_LEN instructions): its
 * length, 0 on an architecture this file does not know (no filter).  Pure
 * computation, for the tests to run it on every ABI's calls. */
unsigned short guard_program(struct sock_filter *f);

#endif
