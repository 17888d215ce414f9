/* Capabilities: all capability code of gxsys-init is here (libcap). */
#ifndef GX_CAPS_H
#define GX_CAPS_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"

/* Reduce the bounding set, and the calling process's permitted and
 * effective sets, to what a system container needs (Docker's default set
 * without mknod: docs/boot-conf.md lists it) and BOUND allows (bit N:
 * capability N); clear the inheritable and ambient sets.
 * Needs CAP_SETPCAP; call before any service or command starts. */
int caps_restrict(uint64_t bound, struct gx_error **err);

/* BOUND for a container on its own network, or on the host's (no
 * net_raw there); net_admin only on its own network, and there only when
 * NET_ADMIN (boot.conf's net-admin: a firewall of its own). */
uint64_t caps_bound_for(bool host_network, bool net_admin);

/* True when capability number CAP is one the container keeps. */
int caps_is_kept(int cap);

#endif
