/* The container's mounts (see mount.h).  Mount flags: every bind of host
 * content is nosuid and nodev (a shared directory must not bring setuid
 * programs or device nodes into the container); the profile, etc and the
 * system item are also read-only; every tmpfs is nodev (device nodes live
 * only on the host's own /dev mounts bound in, and on devpts). */
#include "mount.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/mount.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include "rawsys.h"
#include "util.h"

#define MNT_RO_ATTR (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV)

static const char *const mnt_net_names[MNT_N_NET] = { "resolv.conf", "hosts", "services",
	                                              "nsswitch.conf" };

void mnt_sources_init(struct mnt_sources *s)
{
	memset(s, 0, sizeof *s);
	s->profile = s->etc = s->system = s->init = s->console = s->root = -1;
	for (int i = 0; i < MNT_N_DEV; i++)
		s->dev[i] = -1;
	for (int i = 0; i < MNT_N_NET; i++)
		s->net[i] = -1;
}

static void mnt_close(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

void mnt_sources_close(struct mnt_sources *s)
{
	mnt_close(&s->profile);
	mnt_close(&s->etc);
	mnt_close(&s->system);
	mnt_close(&s->init);
	mnt_close(&s->console);
	mnt_close(&s->root);
	for (int i = 0; i < MNT_N_DEV; i++)
		mnt_close(&s->dev[i]);
	for (size_t i = 0; s->bind_fds && i < s->n_binds; i++)
		mnt_close(&s->bind_fds[i]);
	for (int i = 0; i < MNT_N_NET; i++)
		mnt_close(&s->net[i]);
	free(s->bind_fds);
	free(s->bind_is_dir);
	s->bind_fds = NULL;
	s->bind_is_dir = NULL;
}

int mnt_copy_fd(int out, int in, off_t size)
{
	ssize_t n;
	while ((n = sendfile(out, in, NULL, 1 << 30)) != 0) {
		if (n < 0 && errno != EINTR)
			return -1;
		if (n > 0 && size > 0 && (size -= n) <= 0)
			break;
	}
	return 0;
}

struct mnt_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

int mnt_dir_each(int dirfd, int (*fn)(int dirfd, const char *name, void *arg), void *arg)
{
	char buf[1024] __attribute__((aligned(8)));
	long n;
	while ((n = syscall(SYS_getdents64, dirfd, buf, sizeof buf)) > 0) {
		for (long off = 0; off < n;) {
			const struct mnt_dirent64 *e = (const void *)(buf + off);
			off += e->d_reclen;
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			int r = fn(dirfd, e->d_name, arg);
			if (r != 0)
				return r;
		}
	}
	return n < 0 ? -1 : 0;
}

int mnt_mkdir_p(const char *path, unsigned mode)
{
	if (mkdir(path, mode) == 0 || errno == EEXIST)
		return 0; /* the usual case: the parent exists */
	if (errno != ENOENT)
		return -1;
	_cleanup_free_ char *p = gx_xstrdup(path);
	for (char *q = p + 1; *q; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			return -1;
		*q = '/';
	}
	if (mkdir(p, mode) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* A detached copy of the mount at PATH in DIR, or of DIR itself when PATH
 * is "" (not recursive), with ATTR set; errors name it NAME. */
static int mnt_clone_at(int dir, const char *path, const char *name, unsigned attr, bool *is_dir,
                        struct gx_error **err)
{
	struct stat st;
	_cleanup_close_ int fd = open_tree(
	        dir, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (path[0] ? 0 : AT_EMPTY_PATH));
	if (fd < 0)
		return gx_fail_errno(err, "take '%s'", name);
	if (attr) {
		struct mount_attr a = { .attr_set = attr };
		if (mount_setattr(fd, "", AT_EMPTY_PATH, &a, sizeof a) < 0)
			return gx_fail_errno(err, "set the mount flags of '%s'", name);
	}
	if (is_dir) {
		if (fstat(fd, &st) < 0)
			return gx_fail_errno(err, "stat '%s'", name);
		*is_dir = S_ISDIR(st.st_mode);
	}
	return gx_steal_fd(&fd);
}

static int mnt_clone(const char *path, unsigned attr, bool *is_dir, struct gx_error **err)
{
	return mnt_clone_at(AT_FDCWD, path, path, attr, is_dir, err);
}

/* Attach the detached tree FD at TARGET (which exists), consuming FD. */
static int mnt_attach(int *fd, const char *target, struct gx_error **err)
{
	int r = move_mount(*fd, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH);
	mnt_close(fd);
	if (r < 0)
		return gx_fail_errno(err, "mount at '%s'", target);
	return 0;
}

/* Create TARGET as a directory or an empty file to mount on. */
static int mnt_mkpoint(const char *target, bool is_dir, struct gx_error **err)
{
	if (is_dir) {
		if (mnt_mkdir_p(target, 0755) < 0)
			return gx_fail_errno(err, "create the mount point '%s'", target);
		return 0;
	}
	_cleanup_free_ char *parent = gx_xstrdup(target);
	char *slash = strrchr(parent, '/');
	if (slash && slash != parent) {
		*slash = '\0';
		if (mnt_mkdir_p(parent, 0755) < 0)
			return gx_fail_errno(err, "create the mount point '%s'", parent);
	}
	int fd = open(target, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY, 0644);
	if (fd < 0)
		return gx_fail_errno(err, "create the mount point '%s'", target);
	close(fd);
	return 0;
}

static int mnt_put(int *fd, const char *target, bool is_dir, struct gx_error **err)
{
	if (mnt_mkpoint(target, is_dir, err) < 0)
		return -1;
	return mnt_attach(fd, target, err);
}

static int mnt_open_binds(struct mnt_sources *s, struct gx_error **err)
{
	s->bind_fds = gx_xcalloc(s->n_binds + 1, sizeof *s->bind_fds);
	s->bind_is_dir = gx_xcalloc(s->n_binds + 1, sizeof *s->bind_is_dir);
	for (size_t i = 0; i < s->n_binds; i++)
		s->bind_fds[i] = -1;
	for (size_t i = 0; i < s->n_binds; i++) {
		const struct bc_mount *m = &s->binds[i];
		struct stat st;
		if (stat(m->source, &st) < 0)
			return gx_fail(err, errno == ENOENT ? GX_EXIT_FAILURE : GX_EXIT_SYSTEM,
			               errno, "%s source '%s'", m->readonly ? "expose" : "share",
			               m->source);
		unsigned attr = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
		if (m->readonly)
			attr |= MOUNT_ATTR_RDONLY;
		s->bind_fds[i] = mnt_clone(m->source, attr, &s->bind_is_dir[i], err);
		if (s->bind_fds[i] < 0)
			return -1;
	}
	return 0;
}

static int mnt_open_host_files(const struct boot_conf *bc, struct mnt_sources *s,
                               struct gx_error **err)
{
	if ((s->profile = mnt_clone(bc->profile, MNT_RO_ATTR, NULL, err)) < 0)
		return gx_wrap(err, "profile");
	/* The system's etc by its path on the host: the overlay's lower layer
	 * is named through /proc/self/fd (it must be a mount of our namespace,
	 * not a detached tree), the fallback clones it. */
	if ((s->etc = open(bc->etc, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		return gx_fail_errno(err, "open the etc directory '%s'", bc->etc);
	if (bc->system && (s->system = mnt_clone(bc->system, MNT_RO_ATTR, NULL, err)) < 0)
		return gx_wrap(err, "system");
	/* The host has none: none inside either. */
	for (int i = 0; bc->network && i < MNT_N_NET; i++) {
		_cleanup_free_ char *path = gx_asprintf("/etc/%s", mnt_net_names[i]);

		s->net[i] = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	}
	return 0;
}

int mnt_open_sources(const struct boot_conf *bc, const struct bc_mount *binds, size_t n_binds,
                     struct mnt_sources *s, struct gx_error **err)
{
	s->binds = binds;
	s->n_binds = n_binds;
	if (mnt_open_host_files(bc, s, err) < 0)
		return -1;
	return mnt_open_binds(s, err);
}

#define MNT_OLD_ROOT "/.gxsys-host"

/* Into the stage (mnt_stage): pivot_root puts the host's root at
 * MNT_OLD_ROOT inside it until mnt_detach_host. */
int mnt_pivot(struct mnt_sources *s, struct gx_error **err)
{
	if (fchdir(s->root) < 0)
		return gx_fail_errno(err, "enter the new root");
	if (mkdir(MNT_OLD_ROOT + 1, 0700) < 0)
		return gx_fail_errno(err, "create '%s'", MNT_OLD_ROOT);
	if (syscall(SYS_pivot_root, ".", MNT_OLD_ROOT + 1) < 0)
		return gx_fail_errno(err, "pivot_root");
	if (chdir("/") < 0)
		return gx_fail_errno(err, "enter '/'");
	mnt_close(&s->root);
	return 0;
}

/* Drop the host's root and everything under it (with the layers of /etc,
 * mounted there by mnt_etc): one umount, so one RCU grace period. */
int mnt_detach_host(struct gx_error **err)
{
	if (umount2(MNT_OLD_ROOT, MNT_DETACH) < 0)
		return gx_fail_errno(err, "detach the host's root");
	if (rmdir(MNT_OLD_ROOT) < 0)
		return gx_fail_errno(err, "remove '%s'", MNT_OLD_ROOT);
	return 0;
}

struct mnt_link {
	const char *path, *target;
};

static int mnt_links(const struct mnt_link *l, size_t n, struct gx_error **err)
{
	for (size_t i = 0; i < n; i++)
		if (symlink(l[i].target, l[i].path) < 0 && errno != EEXIST)
			return gx_fail_errno(err, "symlink '%s'", l[i].path);
	return 0;
}
#define MNT_LINKS(table, err) mnt_links((table), sizeof(table) / sizeof((table)[0]), (err))

int mnt_usr(struct mnt_sources *s, struct gx_error **err)
{
	static const struct mnt_link links[] = {
		{ "/bin", "usr/bin" },
		{ "/sbin", "usr/sbin" },
		{ "/lib", "usr/lib" },
		{ "/lib64", "usr/lib64" },
	};
	if (mnt_put(&s->profile, "/usr", true, err) < 0)
		return -1;
	return MNT_LINKS(links, err);
}

/* What of /sys tells of the host's machine rather than the container:
 * its firmware's tables (ACPI, DMI: serial numbers), and the energy
 * counters a process can time another's work by (PLATYPUS); hidden, as
 * Docker masks them, under a read-only bind of an empty directory of the
 * root (a bind is a fraction of the cost of a tmpfs of its own). */
static const char *const mnt_sys_masked[] = { "/sys/firmware", "/sys/devices/virtual/powercap" };
#define MNT_EMPTY "/run/gxsys/empty"

/* sysfs shows the network namespace of whoever mounts it: mounted once
 * PID 1 is in its own, and only then, on the directory the stage made.
 * There, /proc/sys/net (which shows the namespace of whoever reads it)
 * is the container's own too: writable, over the read-only /proc/sys. */
int mnt_sys(struct gx_error **err)
{
	struct mount_attr rw = { .attr_clr = MOUNT_ATTR_RDONLY };
	if (mount("sysfs", "/sys", "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return gx_fail_errno(err, "mount sysfs at '/sys'");
	struct mount_attr ro = { .attr_set = MNT_RO_ATTR | MOUNT_ATTR_NOEXEC };
	if (mkdir(MNT_EMPTY, 0555) < 0 && errno != EEXIST)
		return gx_fail_errno(err, "create '%s'", MNT_EMPTY);
	for (size_t i = 0; i < sizeof mnt_sys_masked / sizeof mnt_sys_masked[0]; i++) {
		const char *p = mnt_sys_masked[i];
		if (mount(MNT_EMPTY, p, NULL, MS_BIND, NULL) < 0) {
			if (errno == ENOENT)
				continue;
			return gx_fail_errno(err, "hide '%s'", p);
		}
		if (mount_setattr(AT_FDCWD, p, 0, &ro, sizeof ro) < 0)
			return gx_fail_errno(err, "hide '%s'", p);
	}
	if (mount("/proc/sys/net", "/proc/sys/net", NULL, MS_BIND, NULL) < 0)
		return errno == ENOENT ? 0 : gx_fail_errno(err, "make '/proc/sys/net' writable");
	if (mount_setattr(AT_FDCWD, "/proc/sys/net", 0, &rw, sizeof rw) < 0)
		return gx_fail_errno(err, "make '/proc/sys/net' writable");
	return 0;
}

struct mnt_dir {
	const char *path;
	unsigned mode;
};

/* ---- the stage ----------------------------------------------------------
 * What PID 1 builds before it has its configuration, while the launcher
 * reads boot.conf (launch.c): the host files every container takes (the
 * device nodes, the terminal, the init binary), and the new root, a tmpfs
 * stacked on the host's root, with /proc, /dev, /run, /tmp and /var's
 * skeleton.  Stacked there, it hides nothing: an absolute path starts at
 * the host's root (the mount below), so every source the configuration
 * names is still found; the stage is reached through its fd, and paths
 * here are relative to it (PID 1's working directory).  System calls only
 * (rawsys.h), and of the C library nothing but pure string functions: the
 * launcher runs it meanwhile, in this memory and with this thread pointer
 * (errno). */

#define MNT_NSNE (MS_NOSUID | MS_NODEV | MS_NOEXEC)
#define MNT_DEV_ATTR (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC)

static const char *const mnt_dev_paths[MNT_N_DEV] = {
	"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty",
};

static int mnt_stage_fail(struct mnt_fail *f, const char *step, const char *what, const char *path,
                          long r)
{
	f->step = step;
	f->what = what;
	f->path = path;
	f->err = r < 0 ? (int)-r : EIO;
	return -1;
}

/* A detached copy of PATH (not recursive) with ATTR set; or -errno. */
static long mnt_stage_clone(const char *path, unsigned attr)
{
	struct mount_attr a = { .attr_set = attr };
	long fd = GX_SYS(SYS_open_tree, AT_FDCWD, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC, 0);
	long r = fd < 0 ? fd : GX_SYS5(SYS_mount_setattr, fd, "", AT_EMPTY_PATH, &a, sizeof a);
	if (r < 0 && fd >= 0)
		GX_SYS(SYS_close, fd, 0, 0, 0);
	return r < 0 ? r : fd;
}

/* The same of the file a /proc magic link (/proc/self/exe,
 * /proc/self/fd/N) names, taken by its path: the link itself refers to the
 * mount in the launcher's mount namespace, which open_tree refuses
 * (EINVAL) in ours. */
static long mnt_stage_clone_link(const char *link, unsigned attr)
{
	char path[4096];
	long n = GX_SYS(SYS_readlink, link, path, sizeof path - 1, 0);
	if (n < 0)
		return n;
	path[n] = '\0';
	return path[0] == '/' ? mnt_stage_clone(path, attr) : -EINVAL;
}

static int mnt_stage_sources(struct mnt_sources *s, struct mnt_fail *f)
{
	static const char step[] = "open host sources";
	static const char self_exe[] = "/proc/self/exe";
	static char fd_link[] = "/proc/self/fd/0"; /* static: named in *F */
	unsigned char termios[64];                 /* room for the kernel's struct termios */
	long r;

	/* The host's device nodes and terminal, read-only mounts: reads and
	 * writes of a device node go through one (it is not the file system
	 * that is written), but a chmod, chown or setxattr would change the
	 * host's inode (root inside could make /dev/null unwritable for every
	 * host user, or the host's terminal world-writable). */
	for (int i = 0; i < MNT_N_DEV; i++) {
		if ((r = mnt_stage_clone(mnt_dev_paths[i], MNT_DEV_ATTR)) < 0)
			return mnt_stage_fail(f, step, "take", mnt_dev_paths[i], r);
		s->dev[i] = (int)r;
	}
	/* By the path PID 1 read before it left the launcher's mount
	 * namespace: /proc/self/exe's, read now, names the file from the real
	 * root, not from a chroot the launcher was started in. */
	if (s->init_path != NULL && s->init_path[0] == '/') {
		if ((r = mnt_stage_clone(s->init_path, MNT_RO_ATTR)) < 0)
			return mnt_stage_fail(f, step, "take the init binary", s->init_path, r);
	} else if ((r = mnt_stage_clone_link(self_exe, MNT_RO_ATTR)) < 0) {
		return mnt_stage_fail(f, step, "take the init binary", self_exe, r);
	}
	s->init = (int)r;
	/* The terminal, if any of 0, 1 and 2 is one (isatty: TCGETS). */
	for (int fd = 0; fd < 3; fd++) {
		if (GX_SYS(SYS_ioctl, fd, TCGETS, termios, 0) < 0)
			continue;
		fd_link[sizeof fd_link - 2] = (char)('0' + fd);
		if ((r = mnt_stage_clone_link(fd_link, MNT_DEV_ATTR)) < 0)
			return mnt_stage_fail(f, step, "take the terminal", fd_link, r);
		s->console = (int)r;
		break;
	}
	return 0;
}

/* The root: a new tmpfs stacked on the host's root, and PID 1's working
 * directory. */
static int mnt_stage_root(struct mnt_sources *s, struct mnt_fail *f)
{
	static const char step[] = "mount the root tmpfs";
	long fs = GX_SYS(SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC, 0, 0);
	long r = fs;
	if (fs >= 0 &&
	    (r = GX_SYS5(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "source", "tmpfs", 0)) >= 0 &&
	    (r = GX_SYS5(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "mode", "0755", 0)) >= 0 &&
	    (r = GX_SYS5(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0)) >= 0)
		r = GX_SYS(SYS_fsmount, fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV,
		           0);
	if (fs >= 0)
		GX_SYS(SYS_close, fs, 0, 0, 0);
	if (r < 0)
		return mnt_stage_fail(f, step, "create", "tmpfs", r);
	s->root = (int)r;
	if ((r = GX_SYS5(SYS_move_mount, s->root, "", AT_FDCWD, "/", MOVE_MOUNT_F_EMPTY_PATH)) <
	            0 ||
	    (r = GX_SYS(SYS_fchdir, s->root, 0, 0, 0)) < 0)
		return mnt_stage_fail(f, step, "mount the root tmpfs on", "/", r);
	return 0;
}

/* A file system of TYPE at PATH (made with MODE). */
static int mnt_stage_fs(const char *step, const char *type, const char *path, unsigned mode,
                        unsigned long flags, const char *data, struct mnt_fail *f)
{
	long r = GX_SYS(SYS_mkdir, path, mode, 0, 0);
	if (r < 0)
		return mnt_stage_fail(f, step, "create", path, r);
	if ((r = GX_SYS5(SYS_mount, type, path, type, flags, data)) < 0)
		return mnt_stage_fail(f, step, "mount", path, r);
	return 0;
}

static int mnt_stage_links(const char *step, const struct mnt_link *l, size_t n, struct mnt_fail *f)
{
	for (size_t i = 0; i < n; i++) {
		long r = GX_SYS(SYS_symlink, l[i].target, l[i].path, 0, 0);
		if (r < 0)
			return mnt_stage_fail(f, step, "symlink", l[i].path, r);
	}
	return 0;
}

/* Attach the detached tree *FD at PATH, an empty file made for it. */
static int mnt_stage_put_file(const char *step, int *fd, const char *path, struct mnt_fail *f)
{
	long r =
	        GX_SYS(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY, 0644);
	if (r >= 0) {
		GX_SYS(SYS_close, r, 0, 0, 0);
		r = GX_SYS5(SYS_move_mount, *fd, "", AT_FDCWD, path, MOVE_MOUNT_F_EMPTY_PATH);
	}
	GX_SYS(SYS_close, *fd, 0, 0, 0);
	*fd = -1;
	return r < 0 ? mnt_stage_fail(f, step, "mount at", path, r) : 0;
}

/* What of /proc reaches the host's kernel for all: with no user namespace,
 * root inside is host root to a file's permissions, and writing these
 * needs no capability it lacks (kernel.core_pattern names a program the
 * kernel runs as host root; sysrq-trigger reboots the host; irq/N/
 * smp_affinity moves the host's interrupts; "scsi remove-single-device H
 * C I L" written to scsi/scsi detaches a disk of the host, its root's
 * perhaps, and the kernel checks nothing but the file's mode; asound's
 * files set the host's sound cards).  Each is made a read-only mount over
 * itself, as LXC and Docker do (Docker masks scsi and asound); /proc/sys/net
 * is made writable again in a network namespace of the container's own
 * (mnt_sys). */
static const char *const mnt_proc_ro[] = {
	"proc/sys", "proc/sysrq-trigger", "proc/irq",  "proc/bus",
	"proc/fs",  "proc/acpi",          "proc/scsi", "proc/asound",
};

static int mnt_stage_proc(struct mnt_fail *f)
{
	static const char step[] = "mount /proc";
	struct mount_attr ro = { .attr_set = MNT_RO_ATTR | MOUNT_ATTR_NOEXEC };
	long r;
	if (mnt_stage_fs(step, "proc", "proc", 0555, MNT_NSNE, NULL, f) < 0)
		return -1;
	for (size_t i = 0; i < sizeof mnt_proc_ro / sizeof mnt_proc_ro[0]; i++) {
		const char *p = mnt_proc_ro[i];
		if ((r = GX_SYS5(SYS_mount, p, p, NULL, MS_BIND, NULL)) == -ENOENT)
			continue; /* not in this kernel */
		if (r < 0 || (r = GX_SYS5(SYS_mount_setattr, AT_FDCWD, p, 0, &ro, sizeof ro)) < 0)
			return mnt_stage_fail(f, step, "make read-only", p, r);
	}
	if ((r = GX_SYS(SYS_mkdir, "sys", 0555, 0, 0)) < 0)
		return mnt_stage_fail(f, step, "create", "sys", r);
	return 0;
}

static int mnt_stage_dev(struct mnt_sources *s, struct mnt_fail *f)
{
	static const char step[] = "populate /dev";
	static const struct mnt_link links[] = {
		{ "dev/ptmx", "pts/ptmx" },          { "dev/fd", "/proc/self/fd" },
		{ "dev/stdin", "/proc/self/fd/0" },  { "dev/stdout", "/proc/self/fd/1" },
		{ "dev/stderr", "/proc/self/fd/2" },
	};
	if (mnt_stage_fs(step, "tmpfs", "dev", 0755, MNT_NSNE, "mode=0755,size=1m", f) < 0)
		return -1;
	for (int i = 0; i < MNT_N_DEV; i++)
		if (mnt_stage_put_file(step, &s->dev[i], mnt_dev_paths[i] + 1, f) < 0)
			return -1;
	if (mnt_stage_fs(step, "devpts", "dev/pts", 0755, MS_NOSUID | MS_NOEXEC,
	                 "newinstance,ptmxmode=0666,mode=0620", f) < 0 ||
	    mnt_stage_fs(step, "tmpfs", "dev/shm", 01777, MNT_NSNE, "mode=1777", f) < 0 ||
	    mnt_stage_fs(step, "mqueue", "dev/mqueue", 0755, MNT_NSNE, NULL, f) < 0 ||
	    mnt_stage_links(step, links, sizeof links / sizeof links[0], f) < 0)
		return -1;
	if (s->console >= 0 && mnt_stage_put_file(step, &s->console, "dev/console", f) < 0)
		return -1;
	return 0;
}

/* /run, /tmp and /var's skeleton: directories of the root tmpfs, as in
 * Guix's containers (no tmpfs of their own: each would be one more file
 * system to set up and to tear down), each with its mode (a chmod only
 * where mkdir cannot give it: the umask's bits). */
static int mnt_stage_run(struct mnt_fail *f)
{
	static const char step[] = "make /run and /tmp";
	static const struct mnt_dir dirs[] = {
		{ "run", 0755 },       { "run/lock", 01777 }, { "tmp", 01777 },
		{ "var", 0755 },       { "var/log", 0755 },   { "var/lib", 0755 },
		{ "var/cache", 0755 }, { "var/tmp", 01777 },  { "home", 0755 },
	};
	static const struct mnt_link links[] = {
		{ "var/run", "/run" },
		{ "var/lock", "/run/lock" },
	};
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		long r = GX_SYS(SYS_mkdir, dirs[i].path, dirs[i].mode, 0, 0);
		if (r >= 0 && (dirs[i].mode & MNT_UMASK))
			r = GX_SYS(SYS_chmod, dirs[i].path, dirs[i].mode, 0, 0);
		if (r < 0)
			return mnt_stage_fail(f, step, "create", dirs[i].path, r);
	}
	return mnt_stage_links(step, links, sizeof links / sizeof links[0], f);
}

/* Files of /proc that tell of the host's kernel rather than the container
 * (host root's keys, by their descriptions, since keyrings are not
 * namespaced; the host's timers and scheduler state; its memory): hidden
 * under the host's /dev/null, read-only, as Docker masks them.  Also the
 * flags, use counts and cgroups of every physical page of the host, which
 * root reads with no capability (their file mode is all they check): what
 * the host's memory holds and where, for side channels and row hammering. */
static int mnt_stage_proc_masks(struct mnt_fail *f)
{
	static const char step[] = "mount /proc";
	static const char *const masked[] = {
		"proc/keys",        "proc/timer_list",    "proc/timer_stats",
		"proc/sched_debug", "proc/latency_stats", "proc/kcore",
		"proc/kpageflags",  "proc/kpagecount",    "proc/kpagecgroup",
	};
	for (size_t i = 0; i < sizeof masked / sizeof masked[0]; i++) {
		long r = GX_SYS5(SYS_mount, "dev/null", masked[i], NULL, MS_BIND, NULL);
		if (r < 0 && r != -ENOENT) /* ENOENT: not in this kernel */
			return mnt_stage_fail(f, step, "hide", masked[i], r);
	}
	return 0;
}

int mnt_stage(struct mnt_sources *s, struct mnt_fail *f)
{
	long r = GX_SYS5(SYS_mount, NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
	if (r < 0)
		return mnt_stage_fail(f, "make / private", "make private", "/", r);
	if (mnt_stage_sources(s, f) < 0 || mnt_stage_root(s, f) < 0 || mnt_stage_proc(f) < 0 ||
	    mnt_stage_dev(s, f) < 0 || mnt_stage_proc_masks(f) < 0 || mnt_stage_run(f) < 0)
		return -1;
	return 0;
}

/* /etc: writable copies of these, a mirror of symlinks for the rest. */
static const struct mnt_dir mnt_etc_copies[] = {
	{ "passwd", 0644 },
	{ "group", 0644 },
	{ "shadow", 0600 },
	{ "hosts", 0644 },
};

static int mnt_etc_is_copy(const char *rel, bool network)
{
	for (size_t i = 0; i < sizeof mnt_etc_copies / sizeof mnt_etc_copies[0]; i++)
		if (strcmp(rel, mnt_etc_copies[i].path) == 0)
			return 1;
	for (int i = 0; network && i < MNT_N_NET; i++)
		if (strcmp(rel, mnt_net_names[i]) == 0)
			return 1;
	return 0;
}

static int mnt_etc_mirror(int dirfd, const char *rel, bool network, struct gx_error **err);

static int mnt_etc_entry(int dirfd, const char *rel, const char *name, bool network,
                         struct gx_error **err)
{
	struct stat st;
	_cleanup_free_ char *sub = rel[0] ? gx_asprintf("%s/%s", rel, name) : gx_xstrdup(name);
	_cleanup_free_ char *dst = gx_asprintf("/etc/%s", sub);
	if (!rel[0] && (mnt_etc_is_copy(sub, network) || strcmp(sub, "static") == 0))
		return 0; /* a copy, or where the system's etc itself is mounted */
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return gx_fail_errno(err, "stat '/etc/static/%s'", sub);
	if (S_ISDIR(st.st_mode)) {
		if (mkdir(dst, (st.st_mode & 07777) | 0200) < 0 && errno != EEXIST)
			return gx_fail_errno(err, "create '%s'", dst);
		_cleanup_close_ int fd =
		        openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			return gx_fail_errno(err, "open '/etc/static/%s'", sub);
		return mnt_etc_mirror(fd, sub, network, err);
	}
	if (S_ISLNK(st.st_mode)) { /* copied verbatim: same tree, same meaning */
		char target[4096];
		ssize_t n = readlinkat(dirfd, name, target, sizeof target - 1);
		if (n < 0)
			return gx_fail_errno(err, "read the link '/etc/static/%s'", sub);
		target[n] = '\0';
		if (symlink(target, dst) < 0)
			return gx_fail_errno(err, "symlink '%s'", dst);
		return 0;
	}
	_cleanup_free_ char *target = gx_asprintf("/etc/static/%s", sub);
	if (symlink(target, dst) < 0)
		return gx_fail_errno(err, "symlink '%s'", dst);
	return 0;
}

struct mnt_mirror {
	const char *rel;
	bool network;
	struct gx_error **err;
};

static int mnt_etc_mirror_one(int dirfd, const char *name, void *arg)
{
	const struct mnt_mirror *m = arg;
	return mnt_etc_entry(dirfd, m->rel, name, m->network, m->err) < 0 ? -1 : 0;
}

static int mnt_etc_mirror(int dirfd, const char *rel, bool network, struct gx_error **err)
{
	struct mnt_mirror m = { rel, network, err };
	_cleanup_close_ int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return gx_fail_errno(err, "read '/etc/static/%s'", rel);
	int r = mnt_dir_each(fd, mnt_etc_mirror_one, &m);
	if (r < 0 && !*err)
		return gx_fail_errno(err, "read '/etc/static/%s'", rel);
	return r;
}

/* Create PATH in DIR, which has no such file (MODE, whatever the umask),
 * and open it for writing. */
static int mnt_create_at(int dir, const char *path, unsigned mode, struct gx_error **err)
{
	int fd = openat(dir, path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0 || ((mode & MNT_UMASK) && fchmod(fd, mode) < 0)) {
		gx_fail_errno(err, "write '%s'", path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static int mnt_write(const char *path, const char *data, size_t len, unsigned mode,
                     struct gx_error **err)
{
	_cleanup_close_ int fd = mnt_create_at(AT_FDCWD, path, mode, err);
	if (fd < 0)
		return -1;
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return gx_fail_errno(err, "write '%s'", path);
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Copy the open file IN (SIZE bytes, or 0 when unknown) to PATH in DIR
 * with MODE. */
static int mnt_copy_at(int in, off_t size, int dir, const char *path, unsigned mode,
                       struct gx_error **err)
{
	_cleanup_close_ int out = mnt_create_at(dir, path, mode, err);
	if (out < 0)
		return -1;
	if (mnt_copy_fd(out, in, size) < 0)
		return gx_fail_errno(err, "write '%s'", path);
	return 0;
}

static int mnt_etc_copy(const struct mnt_dir *c, struct gx_error **err)
{
	_cleanup_free_ char *src = gx_asprintf("/etc/static/%s", c->path);
	_cleanup_free_ char *dst = gx_asprintf("/etc/%s", c->path);
	_cleanup_close_ int in = open(src, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (in < 0)
		return errno == ENOENT ? 0 : gx_fail_errno(err, "read '%s'", src);
	return mnt_copy_at(in, 0, AT_FDCWD, dst, c->mode, err);
}

/* With network = true, the host's network files replace the system's. */
static int mnt_etc_net(int dir, const char *prefix, struct mnt_sources *s, struct gx_error **err)
{
	for (int i = 0; i < MNT_N_NET; i++) {
		if (s->net[i] < 0)
			continue;
		if (unlinkat(dir, mnt_net_names[i], 0) < 0 && errno != ENOENT)
			return gx_fail_errno(err, "replace '%s/%s'", prefix, mnt_net_names[i]);
		if (mnt_copy_at(s->net[i], 0, dir, mnt_net_names[i], 0644, err) < 0)
			return gx_wrap(err, "%s", prefix);
	}
	return 0;
}

static int mnt_etc_defaults(const struct boot_conf *bc, struct gx_error **err)
{
	static const char hosts[] = "127.0.0.1 localhost\n::1 localhost\n";
	struct stat st;
	if (lstat("/etc/hosts", &st) < 0 &&
	    mnt_write("/etc/hosts", hosts, sizeof hosts - 1, 0644, err) < 0)
		return -1;
	if (lstat("/etc/hostname", &st) < 0) {
		_cleanup_free_ char *hn = gx_asprintf("%s\n", bc->host_name);
		if (mnt_write("/etc/hostname", hn, strlen(hn), 0644, err) < 0)
			return -1;
	}
	if (symlink("/proc/self/mounts", "/etc/mtab") < 0 && errno != EEXIST)
		return gx_fail_errno(err, "symlink '/etc/mtab'");
	return 0;
}

/* The fallback without overlayfs: a tree of real directories and symlinks
 * into the read-only /etc/static, with writable copies of the files in
 * mnt_etc_copies. */
static int mnt_etc_symlinks(const struct boot_conf *bc, struct mnt_sources *s,
                            struct gx_error **err)
{
	_cleanup_close_ int fd = open("/etc/static", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return gx_fail_errno(err, "open '/etc/static'");
	if (mnt_etc_mirror(fd, "", bc->network, err) < 0)
		return -1;
	for (size_t i = 0; i < sizeof mnt_etc_copies / sizeof mnt_etc_copies[0]; i++)
		if (mnt_etc_copy(&mnt_etc_copies[i], err) < 0)
			return -1;
	_cleanup_close_ int etc = open("/etc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (etc < 0)
		return gx_fail_errno(err, "open '/etc'");
	return mnt_etc_net(etc, "/etc", s, err);
}

/* The layers of /etc: a tmpfs mounted in the host's old root (over its
 * /proc, which surely exists and is no longer used), so it goes away with
 * it (the overlay keeps its own reference to each layer). */
#define MNT_ETC_TMP MNT_OLD_ROOT "/proc"

/* The system's etc, read-only, at /etc/static (the fallback). */
static int mnt_etc_static(const struct boot_conf *bc, struct mnt_sources *s, struct gx_error **err)
{
	int fd = mnt_clone_at(s->etc, "", bc->etc, MNT_RO_ATTR, NULL, err);
	if (fd < 0)
		return -1;
	return mnt_put(&fd, "/etc/static", true, err);
}

/* The upper layer, written before the overlay is mounted: copies of the
 * account files with their usual modes (the store's copies have no write
 * bits, and shadow must not stay world-readable) and, with network = true,
 * the host's network files.  Made straight in the tmpfs they need no
 * copy-up, which a chmod through the overlay would do for each. */
static int mnt_etc_upper(struct mnt_sources *s, struct gx_error **err)
{
	_cleanup_close_ int up = open(MNT_ETC_TMP "/upper", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (up < 0)
		return gx_fail_errno(err, "open the upper layer of /etc");
	for (size_t i = 0; i < sizeof mnt_etc_copies / sizeof mnt_etc_copies[0]; i++) {
		const struct mnt_dir *c = &mnt_etc_copies[i];
		struct stat st;
		_cleanup_close_ int in =
		        openat(s->etc, c->path, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
		if (in < 0 && (errno == ENOENT || errno == ELOOP))
			continue; /* none, or a symlink: left as it is */
		if (in < 0 || fstat(in, &st) < 0)
			return gx_fail_errno(err, "read '/etc/%s'", c->path);
		if (!S_ISREG(st.st_mode))
			continue;
		if (mnt_copy_at(in, st.st_size, up, c->path, c->mode, err) < 0)
			return gx_wrap(err, "the upper layer of /etc");
	}
	return mnt_etc_net(up, "the upper layer of /etc", s, err);
}

/* /etc as an overlay: the system's etc read-only below, a tmpfs above, so
 * all of /etc is writable at the cost of one mount, whatever its size.
 * Runs while the host's root is still at MNT_OLD_ROOT.  Returns 1, or 0
 * when the overlay cannot be mounted: the system's etc is then at
 * /etc/static for mnt_etc_symlinks. */
static int mnt_etc_overlay(const struct boot_conf *bc, struct mnt_sources *s, struct gx_error **err)
{
	char opts[160];
	snprintf(opts, sizeof opts,
	         "lowerdir=/proc/self/fd/%d,upperdir=" MNT_ETC_TMP "/upper,workdir=" MNT_ETC_TMP
	         "/work",
	         s->etc);
	if (mount("tmpfs", MNT_ETC_TMP, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0700") < 0)
		return gx_fail_errno(err, "mount the layers of /etc");
	if (mkdir(MNT_ETC_TMP "/upper", 0755) < 0 || mkdir(MNT_ETC_TMP "/work", 0700) < 0)
		return gx_fail_errno(err, "create the layers of /etc");
	if (mnt_etc_upper(s, err) < 0)
		return -1;
	/* Any failure (no overlayfs: ENODEV; a store on a file system overlayfs
	 * cannot stack on: EINVAL...) falls back to the symlink tree. */
	if (mount("overlay", "/etc", "overlay", MS_NOSUID | MS_NODEV, opts) == 0)
		return 1;
	if (mnt_etc_static(bc, s, err) < 0)
		return -1;
	return 0;
}

int mnt_etc(const struct boot_conf *bc, struct mnt_sources *s, struct gx_error **err)
{
	if (mnt_mkdir_p("/etc", 0755) < 0)
		return gx_fail_errno(err, "create '/etc'");
	int overlay = mnt_etc_overlay(bc, s, err);
	if (overlay < 0)
		return -1;
	/* /etc is 0755 either way: the overlay's root is its upper layer's,
	 * made so, and the directory of the fallback was. */
	if (!overlay && mnt_etc_symlinks(bc, s, err) < 0)
		return -1;
	return mnt_etc_defaults(bc, err);
}

/* /run/current-system, and the init binary for herd and halt. */
int mnt_system(struct mnt_sources *s, struct gx_error **err)
{
	static const struct mnt_link links[] = {
		{ "/run/gxsys/bin/herd", "../init" },
		{ "/run/gxsys/bin/halt", "../init" },
	};
	if (s->system >= 0 && mnt_put(&s->system, "/run/current-system", true, err) < 0)
		return -1;
	if (mnt_put(&s->init, "/run/gxsys/init", false, err) < 0)
		return -1;
	if (mnt_mkdir_p("/run/gxsys/bin", 0755) < 0)
		return gx_fail_errno(err, "create '/run/gxsys/bin'");
	return MNT_LINKS(links, err);
}

int mnt_binds(struct mnt_sources *s, struct gx_error **err)
{
	for (size_t i = 0; i < s->n_binds; i++) {
		const struct bc_mount *m = &s->binds[i];
		if (mnt_put(&s->bind_fds[i], m->target, s->bind_is_dir[i], err) < 0)
			return gx_wrap(err, "%s '%s'", m->readonly ? "expose" : "share", m->source);
	}
	return 0;
}
