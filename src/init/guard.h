/* The terminal shared with the host, guarded (guard.c). */
#ifndef GX_GUARD_H
#define GX_GUARD_H

#include "err.h"

/* Install a seccomp filter, inherited by every process started after,
 * under which ioctl(TIOCSTI) and ioctl(TIOCLINUX) fail with EPERM.  Needs
 * CAP_SYS_ADMIN: call before the capabilities are dropped. */
int guard_terminal(struct gx_error **err);

#endif
