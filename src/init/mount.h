/* The container's file system, built by PID 1 in its new mount namespace
 * (docs/boot-conf.md, "What the init builds from it").
 *
 * Everything the container needs from the host (profile, etc, system item,
 * the init binary, device nodes, --share/--expose sources) is taken as
 * detached mount trees (open_tree(OPEN_TREE_CLONE)) while the host's tree
 * is the root.  What needs no configuration comes first (mnt_stage), while
 * the launcher reads boot.conf: a tmpfs stacked on the host's root with
 * /proc, /dev, /run and /tmp.  Then the configuration's trees are taken,
 * the stage becomes the root with pivot_root, the trees are attached
 * inside with move_mount, /etc's overlay is mounted from the host's etc,
 * and the host's root is detached before the first mount whose target
 * comes from a configuration (so no symlink in the container can point a
 * mount at the host). */
#ifndef GX_MOUNT_H
#define GX_MOUNT_H

#include <stdbool.h>
#include <stddef.h>

#include "bootconf.h"
#include "err.h"

enum { MNT_N_DEV = 6 }; /* null zero full random urandom tty */

#define MNT_N_NET 4

struct mnt_sources {
	int profile, system, init; /* detached trees; -1 when absent */
	const char *init_path;     /* the init binary, by its path before the
	                            * mount namespace was left; NULL: take
	                            * /proc/self/exe's */
	int etc;                   /* the system's etc on the host (O_PATH) */
	int dev[MNT_N_DEV];
	int console;                  /* the launcher's terminal, -1 when none */
	int root;                     /* the new root (mnt_stage), until mnt_pivot */
	const struct bc_mount *binds; /* boot.conf mounts, then --share/--expose */
	size_t n_binds;
	int *bind_fds;
	bool *bind_is_dir;
	/* With network = true, the host's network configuration files
	 * (mnt_net_names: resolv.conf, hosts, services, nsswitch.conf), as Guix's
	 * %network-file-mappings; -1 when absent or not shared. */
	int net[MNT_N_NET];
};

void mnt_sources_init(struct mnt_sources *s);
void mnt_sources_close(struct mnt_sources *s);

/* What failed in mnt_stage: the boot step, what was done, on what, and
 * errno (static strings). */
struct mnt_fail {
	const char *step, *what, *path;
	int err;
};

/* The stage, built before the configuration is known (see mount.c): '/'
 * private, the device nodes, terminal and init binary taken, the new root
 * with /proc, /dev, /run, /tmp and /var's skeleton, and PID 1's working
 * directory.  System calls only: it may run beside the C library in the
 * same memory.  Returns 0, or -1 with *F set. */
int mnt_stage(struct mnt_sources *s, struct mnt_fail *f);

/* The boot steps that follow, in order.  Each returns 0, or -1 with *err
 * set. */
int mnt_open_sources(const struct boot_conf *bc, const struct bc_mount *binds, size_t n_binds,
                     struct mnt_sources *s, struct gx_error **err);
int mnt_pivot(struct mnt_sources *s, struct gx_error **err);
int mnt_detach_host(struct gx_error **err);
int mnt_usr(struct mnt_sources *s, struct gx_error **err);
int mnt_sys(struct gx_error **err); /* in the container's own network namespace */
int mnt_etc(const struct boot_conf *bc, struct mnt_sources *s, struct gx_error **err);
int mnt_system(struct mnt_sources *s, struct gx_error **err);
int mnt_binds(struct mnt_sources *s, struct gx_error **err);

/* PID 1's umask while it sets up (launch.c): what it creates with mkdir or
 * open keeps every bit of its mode but these. */
#define MNT_UMASK 022

/* Copy the rest of IN to OUT in the kernel (sendfile: no buffer on PID 1's
 * stack, which stays resident).  SIZE, when not 0, is what IN has left (its
 * size from a stat): the copy then ends without a last call that finds the
 * end.  Returns 0 or -1 with errno. */
int mnt_copy_fd(int out, int in, off_t size);

/* Call FN(DIRFD, NAME, ARG) for each entry of the directory DIRFD but "."
 * and "..", in the order getdents64 gives, from its current offset.  The
 * entries are read into a buffer on the stack: no DIR and its 32 kB
 * buffer, which PID 1 would allocate and fault in for a few names.
 * Returns 0, FN's first non-zero result, or -1 with errno. */
int mnt_dir_each(int dirfd, int (*fn)(int dirfd, const char *name, void *arg), void *arg);

/* mkdir -p: missing parents 0755; returns 0 or -1 with errno. */
int mnt_mkdir_p(const char *path, unsigned mode);

#endif
