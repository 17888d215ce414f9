/* Activation (see activate.h), after Guix's activate-user-home and
 * activate-etc, without any NSS lookup: every id comes from boot.conf. */
#include "activate.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mount.h"
#include "util.h"

int act_hostname(const struct boot_conf *bc, struct gx_error **err)
{
	if (sethostname(bc->host_name, strlen(bc->host_name)) < 0)
		return gx_fail_errno(err, "set the host name to '%s'", bc->host_name);
	return 0;
}

/* Own and mode PATH itself, never what a symlink there points to. */
static int act_own(const char *path, uid_t uid, gid_t gid, unsigned mode, struct gx_error **err)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return gx_fail_errno(err, "open '%s'", path);
	if (fchown(fd, uid, gid) < 0)
		return gx_fail_errno(err, "chown '%s' to %u:%u", path, (unsigned)uid,
		                     (unsigned)gid);
	if (fchmod(fd, mode) < 0)
		return gx_fail_errno(err, "chmod '%s' to %04o", path, mode);
	return 0;
}

/* Whether a directory made in PARENT gets its group and set-group-ID bit
 * (rather than ours): PARENT is one of the first N directories and has
 * that bit.  Any other parent PID 1 made itself, without it. */
static bool act_parent_setgid(const struct boot_conf *bc, size_t n, const char *path)
{
	size_t len = gx_dir_len(path);
	for (size_t i = 0; i < n; i++)
		if (strlen(bc->dirs[i].path) == len && strncmp(bc->dirs[i].path, path, len) == 0)
			return (bc->dirs[i].mode & S_ISGID) != 0;
	return false;
}

/* Whether a directory that mkdir(MODE) just made as root (the umask
 * MNT_UMASK) already has UID, GID and MODE: mkdir drops the umask's bits
 * and the set-user- and set-group-ID bits, and a parent with the
 * set-group-ID bit gives its group and that bit. */
static bool act_made_right(unsigned mode, uid_t uid, gid_t gid, bool setgid_parent)
{
	return uid == 0 && gid == 0 && !setgid_parent && !(mode & (MNT_UMASK | S_ISUID | S_ISGID));
}

/* Whether the directory at PATH (not followed) has UID, GID and MODE. */
static bool act_has(const char *path, unsigned mode, uid_t uid, gid_t gid)
{
	struct stat st;
	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == uid &&
	       st.st_gid == gid && (st.st_mode & 07777) == mode;
}

/* Whether PATH is at or under the target of one of BINDS. */
static bool act_under_bind(const char *path, const struct bc_mount *binds, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *t = binds[i].target ? binds[i].target : binds[i].source;
		size_t len = t ? strlen(t) : 0;

		while (len > 1 && t[len - 1] == '/')
			len--;
		if (len > 0 && strncmp(path, t, len) == 0 &&
		    (path[len] == '\0' || path[len] == '/' || len == 1))
			return true;
	}
	return false;
}

/* D in a host directory kept across boots: its parent reached with no
 * symbolic link a user could have made there (a service's user pointing a
 * subdirectory of its own at /etc had root make the user's directory
 * there), D itself made or taken without following one. */
static int act_dir_safe(const struct bc_dir *d, struct gx_error **err)
{
	const char *base;
	_cleanup_close_ int pfd = gx_open_parent_safe(d->path, &base);
	_cleanup_close_ int fd = -1;
	struct stat st;

	if (pfd < 0 && errno == ENOENT) {
		_cleanup_free_ char *parent = gx_xstrndup(d->path, gx_dir_len(d->path));

		if (mnt_mkdir_p(parent, 0755) == 0)
			pfd = gx_open_parent_safe(d->path, &base);
	}
	if (pfd < 0)
		return gx_fail_errno(err, "create '%s'%s", d->path,
		                     errno == ELOOP ? ": a symbolic link on its way, in a "
		                                      "directory a user may write to"
		                                    : "");
	if (mkdirat(pfd, base, d->mode & 01777) < 0 && errno != EEXIST)
		return gx_fail_errno(err, "create '%s'", d->path);
	fd = openat(pfd, base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0)
		return gx_fail_errno(err, "open '%s'", d->path);
	if (st.st_uid == d->uid && st.st_gid == d->gid && (st.st_mode & 07777) == d->mode)
		return 0;
	if (fchown(fd, d->uid, d->gid) < 0)
		return gx_fail_errno(err, "chown '%s' to %u:%u", d->path, (unsigned)d->uid,
		                     (unsigned)d->gid);
	if (fchmod(fd, d->mode) < 0)
		return gx_fail_errno(err, "chmod '%s' to %04o", d->path, d->mode);
	return 0;
}

int act_dirs(const struct boot_conf *bc, const struct bc_mount *binds, size_t n_binds,
             struct gx_error **err)
{
	for (size_t i = 0; i < bc->n_dirs; i++) {
		const struct bc_dir *d = &bc->dirs[i];

		if (n_binds > 0 && act_under_bind(d->path, binds, n_binds)) {
			if (act_dir_safe(d, err) < 0)
				return -1;
			continue;
		}
		/* Made here with its mode as far as mkdir gives it: nothing more
		 * for the usual entry, nor for one the stage made alike. */
		bool made = mkdir(d->path, d->mode & 01777) == 0;
		if (!made && errno != EEXIST && mnt_mkdir_p(d->path, d->mode & 01777) < 0)
			return gx_fail_errno(err, "create '%s'", d->path);
		if (made ? act_made_right(d->mode, d->uid, d->gid,
		                          act_parent_setgid(bc, i, d->path))
		         : act_has(d->path, d->mode, d->uid, d->gid))
			continue;
		if (act_own(d->path, d->uid, d->gid, d->mode, err) < 0)
			return -1;
	}
	return 0;
}

static int act_copy_tree(int src, int dst, const char *path, const struct bc_home *h,
                         struct gx_error **err);

static int act_copy_file(int src, int dst, const char *name, const struct stat *st,
                         const char *path, const struct bc_home *h, struct gx_error **err)
{
	_cleanup_close_ int in = openat(src, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	/* Writable by its owner, as Guix's copy-account-skeletons makes it:
	 * the store's copy has no write bits. */
	_cleanup_close_ int out =
	        openat(dst, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
	               (st->st_mode & 0777) | 0200);
	if (in < 0 || out < 0)
		return gx_fail_errno(err, "copy '%s/%s'", path, name);
	if (mnt_copy_fd(out, in, st->st_size) < 0)
		return gx_fail_errno(err, "copy '%s/%s'", path, name);
	/* Made by root in a home of no set-group-ID: root's already. */
	if ((h->uid != 0 || h->gid != 0) && fchown(out, h->uid, h->gid) < 0)
		return gx_fail_errno(err, "chown '%s/%s'", path, name);
	return 0;
}

/* Levels of directories below a home: a symlink in /etc/skel that leads
 * back up the skeleton would otherwise be followed until no descriptor is
 * left. */
#define ACT_SKEL_DEPTH 32

static int act_copy_dir(int src, int dst, const char *name, const struct stat *st, const char *path,
                        const struct bc_home *h, struct gx_error **err)
{
	_cleanup_free_ char *sub = gx_asprintf("%s/%s", path, name);
	int depth = 0;
	for (const char *p = sub + strlen(h->path); *p; p++)
		depth += *p == '/';
	if (depth > ACT_SKEL_DEPTH)
		return gx_fail(err, GX_EXIT_SYSTEM, 0,
		               "copy '%s': /etc/skel is more than %d levels deep (a symbolic "
		               "link that leads back into it?)",
		               sub, ACT_SKEL_DEPTH);
	if (mkdirat(dst, name, 0700) < 0)
		return gx_fail_errno(err, "create '%s'", sub);
	_cleanup_close_ int s = openat(src, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	_cleanup_close_ int d = openat(dst, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (s < 0 || d < 0)
		return gx_fail_errno(err, "open '%s'", sub);
	if (fchown(d, h->uid, h->gid) < 0 || fchmod(d, (st->st_mode & 0777) | 0700) < 0)
		return gx_fail_errno(err, "chown '%s'", sub);
	return act_copy_tree(s, d, sub, h, err);
}

struct act_copy {
	int dst;
	const char *path;
	const struct bc_home *h;
	struct gx_error **err;
};

static int act_copy_entry(int src, const char *name, void *arg)
{
	const struct act_copy *c = arg;
	struct stat st;
	if (fstatat(src, name, &st, 0) < 0)
		return 0; /* a dangling link in the skeleton: nothing to copy */
	if (S_ISDIR(st.st_mode))
		return act_copy_dir(src, c->dst, name, &st, c->path, c->h, c->err);
	if (S_ISREG(st.st_mode))
		return act_copy_file(src, c->dst, name, &st, c->path, c->h, c->err);
	return 0;
}

/* Symlinks in /etc/skel are followed: what a user gets is their content. */
static int act_copy_tree(int src, int dst, const char *path, const struct bc_home *h,
                         struct gx_error **err)
{
	struct act_copy c = { dst, path, h, err };
	int r = mnt_dir_each(src, act_copy_entry, &c);
	if (r < 0 && !*err)
		return gx_fail_errno(err, "read the skeleton of '%s'", path);
	return r;
}

static int act_home(const struct bc_home *h, struct gx_error **err)
{
	struct stat st;
	if (lstat(h->path, &st) == 0)
		return 0; /* existing (shared) home: left as it is */
	_cleanup_free_ char *parent = gx_xstrdup(h->path);
	char *slash = strrchr(parent, '/');
	if (slash && slash != parent) {
		*slash = '\0';
		if (mnt_mkdir_p(parent, 0755) < 0)
			return gx_fail_errno(err, "create '%s'", parent);
	}
	if (mkdir(h->path, 0700) < 0)
		return gx_fail_errno(err, "create the home of '%s' at '%s'", h->user, h->path);
	_cleanup_close_ int home = open(h->path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (home < 0)
		return gx_fail_errno(err, "open '%s'", h->path);
	/* mkdir gave it root and 0700, unless its parent has the set-group-ID
	 * bit (its group and that bit). */
	if (fstat(home, &st) < 0)
		return gx_fail_errno(err, "stat '%s'", h->path);
	if ((st.st_uid != h->uid || st.st_gid != h->gid) && fchown(home, h->uid, h->gid) < 0)
		return gx_fail_errno(err, "chown '%s' to %u:%u", h->path, (unsigned)h->uid,
		                     (unsigned)h->gid);
	if ((st.st_mode & 07777) != 0700 && fchmod(home, 0700) < 0)
		return gx_fail_errno(err, "chmod '%s' to 0700", h->path);
	_cleanup_close_ int skel = open("/etc/skel", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (skel < 0)
		return 0;
	return act_copy_tree(skel, home, h->path, h, err);
}

int act_homes(const struct boot_conf *bc, struct gx_error **err)
{
	for (size_t i = 0; i < bc->n_homes; i++)
		if (act_home(&bc->homes[i], err) < 0)
			return -1;
	return 0;
}
