/* Capabilities: all capability code of gxsys-init is here (libcap). */
#ifndef GX_CAPS_H
#define GX_CAPS_H

#include "err.h"

/* Reduce the bounding set, and the calling process's permitted and
 * effective sets, to what a system container needs (Docker's default set
 * without mknod: docs/boot-conf.md lists it); clear the inheritable and
 * ambient sets.
 * Needs CAP_SETPCAP; call before any service or command starts. */
int caps_restrict(struct gx_error **err);

/* True when capability number CAP is one the container keeps. */
int caps_is_kept(int cap);

#endif
