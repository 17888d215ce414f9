/* The profile: a hard-link forest of the closure's usr/ trees (DESIGN.md
 * §3).  Real directories, regular files hard-linked to the items' files,
 * symlinks copied verbatim, so /proc/self/exe and $ORIGIN behave as on
 * Debian.  dpkg diversions are applied; conflicts are reported and the
 * first package (closure order: requested packages first) wins. */
#include "system.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

struct diversion {
	char *from; /* "bin/x": relative to /usr, merged-/usr canonical */
	char *to;
	char *by; /* diverting package, ":" for a local diversion */
};

struct forest {
	const char *pkg; /* the package being linked */
	struct diversion *div;
	size_t n_div;
	void (*note)(void *ctx, const char *msg);
	void *ctx;
	size_t conflicts;
};

/* "/bin/x" and "/usr/bin/x" -> "bin/x"; NULL when outside /usr after merging. */
static char *canonical_rel(const char *abs)
{
	static const char *const merged[] = { "/bin/",   "/sbin/",  "/lib/",
		                              "/lib32/", "/lib64/", "/libx32/" };

	if (abs[0] != '/')
		return NULL;
	for (size_t i = 0; i < sizeof(merged) / sizeof(merged[0]); i++)
		if (strncmp(abs, merged[i], strlen(merged[i])) == 0)
			return gx_xstrdup(abs + 1);
	if (strncmp(abs, "/usr/", 5) == 0)
		return gx_xstrdup(abs + 5);
	return NULL;
}

/* dpkg's diversions file: groups of three lines (from, to, package). */
static void parse_diversions(struct forest *f, const char *text)
{
	char **lines = NULL;
	const char *p = text;

	while (p && *p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *line = gx_xstrndup(p, n);

		lines = gx_strv_push(lines, line);
		free(line);
		p = e ? e + 1 : NULL;
	}
	for (size_t i = 0; lines && i + 2 < gx_strv_len(lines); i += 3) {
		char *from = canonical_rel(lines[i]);
		char *to = canonical_rel(lines[i + 1]);

		if (from == NULL || to == NULL) {
			free(from);
			free(to);
			continue;
		}
		f->div = gx_xrealloc(f->div, (f->n_div + 1) * sizeof(*f->div));
		f->div[f->n_div++] = (struct diversion){ from, to, gx_xstrdup(lines[i + 2]) };
	}
	gx_strv_free(lines);
}

static void free_diversions(struct forest *f)
{
	for (size_t i = 0; i < f->n_div; i++) {
		free(f->div[i].from);
		free(f->div[i].to);
		free(f->div[i].by);
	}
	free(f->div);
}

/* Where REL of the current package goes: its diverted name when another
 * package (or the admin, ":") diverts it. */
static const char *divert(const struct forest *f, const char *rel)
{
	for (size_t i = 0; i < f->n_div; i++)
		if (strcmp(f->div[i].from, rel) == 0 && strcmp(f->div[i].by, f->pkg) != 0)
			return f->div[i].to;
	return rel;
}

static void conflict(struct forest *f, const char *rel, const char *why)
{
	_cleanup_free_ char *msg = NULL;

	f->conflicts++;
	if (f->note == NULL)
		return;
	msg = gx_asprintf("profile conflict: /usr/%s of package '%s' %s; keeping the earlier one",
	                  rel, f->pkg, why);
	f->note(f->ctx, msg);
}

static bool same_file(int sfd, const char *sname, int dfd, const char *dname)
{
	struct stat a, b;

	if (fstatat(sfd, sname, &a, AT_SYMLINK_NOFOLLOW) < 0 ||
	    fstatat(dfd, dname, &b, AT_SYMLINK_NOFOLLOW) < 0)
		return false;
	if (a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return true;
	if (S_ISLNK(a.st_mode) && S_ISLNK(b.st_mode)) {
		char la[PATH_MAX], lb[PATH_MAX];
		ssize_t na = readlinkat(sfd, sname, la, sizeof(la));
		ssize_t nb = readlinkat(dfd, dname, lb, sizeof(lb));

		return na >= 0 && na == nb && memcmp(la, lb, (size_t)na) == 0;
	}
	return false;
}

static int copy_file(int sfd, const char *sname, int dfd, const char *dname, mode_t mode,
                     struct gx_error **err)
{
	_cleanup_close_ int in = openat(sfd, sname, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	_cleanup_close_ int out = -1;
	char buf[65536];
	ssize_t n;

	if (in < 0)
		return gx_fail_errno(err, "open '%s'", sname);
	out = openat(dfd, dname, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
	             mode & 07777);
	if (out < 0)
		return gx_fail_errno(err, "create '%s'", dname);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			return gx_fail_errno(err, "write '%s'", dname);
	if (n < 0)
		return gx_fail_errno(err, "read '%s'", sname);
	return 0;
}

/* Make the parent directories of REL under ROOTFD (for diverted names). */
static int mkparents(int rootfd, const char *rel, struct gx_error **err)
{
	_cleanup_free_ char *p = gx_xstrdup(rel);

	for (char *s = strchr(p, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdirat(rootfd, p, 0755) < 0 && errno != EEXIST)
			return gx_fail_errno(err, "mkdir '%s'", p);
		*s = '/';
	}
	return 0;
}

static int place_leaf(struct forest *f, int sfd, const char *name, const struct stat *st,
                      int rootfd, const char *rel, struct gx_error **err)
{
	const char *dest = divert(f, rel);
	char target[PATH_MAX];
	ssize_t n;
	int r;

	if (dest != rel && mkparents(rootfd, dest, err) < 0)
		return -1;
	if (S_ISLNK(st->st_mode)) {
		n = readlinkat(sfd, name, target, sizeof(target) - 1);
		if (n < 0)
			return gx_fail_errno(err, "readlink '%s'", rel);
		target[n] = '\0';
		r = symlinkat(target, rootfd, dest);
	} else if (S_ISREG(st->st_mode)) {
		r = linkat(sfd, name, rootfd, dest, 0);
		if (r < 0 && errno == EMLINK)
			return copy_file(sfd, name, rootfd, dest, st->st_mode, err);
	} else {
		return 0; /* no devices or fifos in a profile */
	}
	if (r == 0)
		return 0;
	if (errno != EEXIST)
		return gx_fail_errno(err, "link '%s' into the profile", dest);
	if (!same_file(sfd, name, rootfd, dest))
		conflict(f, dest, "differs from a file another package provides");
	return 0;
}

static int link_tree(struct forest *f, int sfd, int rootfd, const char *rel, struct gx_error **err);

static int link_entry(struct forest *f, int sfd, const char *name, int rootfd, const char *rel,
                      struct gx_error **err)
{
	struct stat st, dst;
	_cleanup_close_ int sub = -1;

	if (fstatat(sfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return gx_fail_errno(err, "stat '%s'", rel);
	if (!S_ISDIR(st.st_mode))
		return place_leaf(f, sfd, name, &st, rootfd, rel, err);
	if (mkdirat(rootfd, rel, 0755) < 0) {
		if (errno != EEXIST)
			return gx_fail_errno(err, "mkdir '%s'", rel);
		if (fstatat(rootfd, rel, &dst, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(dst.st_mode)) {
			conflict(f, rel, "is a directory where another package has a file");
			return 0;
		}
	}
	sub = openat(sfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (sub < 0)
		return gx_fail_errno(err, "open '%s'", rel);
	return link_tree(f, sub, rootfd, rel, err);
}

static int link_tree(struct forest *f, int sfd, int rootfd, const char *rel, struct gx_error **err)
{
	DIR *d = gx_opendirat(sfd, ".", 0);
	struct dirent *de;
	int r = 0;

	if (d == NULL)
		return gx_fail_errno(err, "read directory '%s'", rel);
	while (r == 0 && (de = readdir(d)) != NULL) {
		_cleanup_free_ char *sub = NULL;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		sub = *rel ? gx_asprintf("%s/%s", rel, de->d_name) : gx_xstrdup(de->d_name);
		r = link_entry(f, sfd, de->d_name, rootfd, sub, err);
	}
	closedir(d);
	return r;
}

static int link_item(struct forest *f, const struct store_item *item, int rootfd,
                     struct gx_error **err)
{
	_cleanup_free_ char *usr = gx_asprintf("%s/usr", item->path);
	_cleanup_close_ int sfd = open(usr, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);

	if (sfd < 0) {
		if (errno == ENOENT)
			return 0;
		return gx_fail_errno(err, "open '%s'", usr);
	}
	if (link_tree(f, sfd, rootfd, "", err) < 0)
		return gx_wrap(err, "linking '%s' into the profile", item->base);
	return 0;
}

int sys_profile(const char *dir, struct closure *c, const char *diversions,
                void (*note)(void *ctx, const char *msg), void *ctx, struct gx_error **err)
{
	struct forest f = { .note = note, .ctx = ctx };
	_cleanup_close_ int rootfd = -1;
	int r = 0;

	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return gx_fail_errno(err, "mkdir '%s'", dir);
	rootfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return gx_fail_errno(err, "open '%s'", dir);
	if (diversions)
		parse_diversions(&f, diversions);
	for (size_t i = 0; r == 0 && i < c->n; i++)
		if (c->nodes[i].item != NULL) {
			f.pkg = c->nodes[i].pkg;
			r = link_item(&f, c->nodes[i].item, rootfd, err);
		}
	free_diversions(&f);
	return r;
}

int sys_profile_add(const char *dir, const char *item, struct gx_error **err)
{
	struct forest f = { .pkg = item };
	_cleanup_close_ int rootfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct store_item it = { .path = (char *)item, .base = (char *)item };

	if (rootfd < 0)
		return gx_fail_errno(err, "open '%s'", dir);
	return link_item(&f, &it, rootfd, err);
}
