/* The capability bounding set of a system container.  Without a user
 * namespace, container root is host root: everything that reaches outside
 * the container's namespaces (sys_admin: mounts and setns; sys_module,
 * sys_rawio, sys_time, sys_boot, net_admin on a shared network, mknod of
 * host devices, ...) is dropped before any service runs.  On the host's
 * network (-N) net_raw goes too: raw and packet sockets there would read
 * and forge the host's traffic, which Guix's container root, in a user
 * namespace, cannot do either.
 *
 * net_admin is kept only where boot.conf asks for it (net-admin: the
 * system runs nftables-service-type) and the container has a network
 * namespace of its own.  There it acts on that namespace: its firewall,
 * routes and interfaces (only lo, and what root inside makes; an interface
 * is moved to another namespace only by naming it, and no other is
 * visible: own PID namespace, no host /proc, /run/netns or ns files).
 * Sockets of the families that exist only on the host's network
 * (Bluetooth, AX.25...) cannot be made in another namespace.  What it
 * adds that reaches the host's kernel is the code of nf_tables (and the
 * netfilter, rtnetlink modules the kernel loads on demand by alias, never
 * any other: sys_module stays dropped): the same any unprivileged user
 * reaches on a host that allows user namespaces (Debian 12 does), as root
 * of its own; and it is what Guix's container root, in a user namespace,
 * has.  On the host's network it would be the host's firewall: never kept
 * there, whatever boot.conf says. */
#include "caps.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#include "util.h"

static const cap_value_t caps_kept[] = {
	CAP_CHOWN,      CAP_DAC_OVERRIDE, CAP_FOWNER,  CAP_FSETID,           CAP_KILL,
	CAP_SETGID,     CAP_SETUID,       CAP_SETPCAP, CAP_NET_BIND_SERVICE, CAP_NET_RAW,
	CAP_SYS_CHROOT, CAP_AUDIT_WRITE,  CAP_SETFCAP, CAP_NET_ADMIN,
};

int caps_is_kept(int cap)
{
	for (size_t i = 0; i < sizeof caps_kept / sizeof caps_kept[0]; i++)
		if (caps_kept[i] == cap)
			return 1;
	return 0;
}

/* Kept, and in BOUND (bit N: capability N). */
static int caps_keep(int cap, uint64_t bound)
{
	return cap < 64 && (bound >> cap & 1) && caps_is_kept(cap);
}

static int caps_drop_bounding(uint64_t bound, struct gx_error **err)
{
	for (int cap = 0; cap <= (int)cap_max_bits() - 1; cap++) {
		if (caps_keep(cap, bound))
			continue;
		/* EINVAL: a capability this kernel does not know, nothing to drop. */
		if (cap_drop_bound((cap_value_t)cap) < 0 && errno != EINVAL)
			return gx_fail_errno(err, "drop capability %d from the bounding set", cap);
	}
	return 0;
}

static void caps_freep(cap_t *c)
{
	if (*c)
		cap_free(*c);
}

/* Permitted and effective: the kept set.  Inheritable: empty.  It
 * survives setuid and exec, and a program whose file has inheritable
 * capabilities (setcap cap_dac_override+ei) gets those of its caller's
 * inheritable set, whatever the caller's uid: with the kept set there, a
 * service running as a user of its own, or any user inside, would have
 * every capability of root inside for the price of such a file
 * (CVE-2022-24769 in Docker and containerd).  Every mount inside is
 * nosuid, where the kernel ignores file capabilities, but that is the
 * mounts' rule, not this one's.  Root's own programs do not need it: the
 * kernel gives root the bounding set at exec. */
static int caps_set_own(uint64_t bound, struct gx_error **err)
{
	__attribute__((cleanup(caps_freep))) cap_t c = cap_init();
	static const cap_flag_t flags[] = { CAP_PERMITTED, CAP_EFFECTIVE };
	cap_value_t set[sizeof caps_kept / sizeof caps_kept[0]];
	int n = 0;

	if (!c)
		return gx_fail_errno(err, "allocate a capability set");
	for (size_t i = 0; i < sizeof caps_kept / sizeof caps_kept[0]; i++)
		if (caps_keep(caps_kept[i], bound))
			set[n++] = caps_kept[i];
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
		if (n > 0 && cap_set_flag(c, flags[i], n, set, CAP_SET) < 0)
			return gx_fail_errno(err, "build the capability set");
	if (cap_set_proc(c) < 0)
		return gx_fail_errno(err, "set the process capabilities");
	return 0;
}

uint64_t caps_bound_for(bool host_network, bool net_admin)
{
	uint64_t admin = UINT64_C(1) << CAP_NET_ADMIN;

	if (host_network)
		return ~((UINT64_C(1) << CAP_NET_RAW) | admin);
	return net_admin ? ~UINT64_C(0) : ~admin;
}

int caps_restrict(uint64_t bound, struct gx_error **err)
{
	if (caps_drop_bounding(bound, err) < 0)
		return -1;
	/* One call (libcap's cap_reset_ambient asks about each capability first);
	 * EINVAL: a kernel without ambient capabilities, nothing to clear. */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return gx_fail_errno(err, "clear the ambient capabilities");
	return caps_set_own(bound, err);
}
