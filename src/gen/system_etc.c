/* The system's etc/: the packages' own etc files (conffiles), then the
 * generated and declared files over them, then what Debian's maintainer
 * scripts would have made (ca-certificates.conf and the CA store, the
 * ld.so.cache, nginx's enabled modules and default site), made by the
 * packages' own tools in a build container. */
#include "system_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static int copy_reg(int sfd, const char *name, int dfd, mode_t mode, struct gx_error **err)
{
	_cleanup_close_ int in = openat(sfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	_cleanup_close_ int out = -1;
	char buf[65536];
	ssize_t n;

	if (in < 0)
		return gx_fail_errno(err, "open '%s'", name);
	out = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode & 0777);
	if (out < 0)
		return errno == EEXIST ? 0 : gx_fail_errno(err, "create '%s'", name);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			return gx_fail_errno(err, "write '%s'", name);
	if (n < 0)
		return gx_fail_errno(err, "read '%s'", name);
	return 0;
}

static int copy_tree(int sfd, int dfd, struct gx_error **err);

static int copy_entry(int sfd, const char *name, int dfd, struct gx_error **err)
{
	struct stat st;
	char target[PATH_MAX];
	ssize_t n;

	if (fstatat(sfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return gx_fail_errno(err, "stat '%s'", name);
	if (S_ISREG(st.st_mode))
		return copy_reg(sfd, name, dfd, st.st_mode, err);
	if (S_ISLNK(st.st_mode)) {
		n = readlinkat(sfd, name, target, sizeof(target) - 1);
		if (n < 0)
			return gx_fail_errno(err, "readlink '%s'", name);
		target[n] = '\0';
		if (symlinkat(target, dfd, name) < 0 && errno != EEXIST)
			return gx_fail_errno(err, "symlink '%s'", name);
		return 0;
	}
	if (S_ISDIR(st.st_mode)) {
		_cleanup_close_ int s2 = -1, d2 = -1;

		if (mkdirat(dfd, name, 0755) < 0 && errno != EEXIST)
			return gx_fail_errno(err, "mkdir '%s'", name);
		s2 = openat(sfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		d2 = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		if (s2 < 0 || d2 < 0)
			return 0; /* a file of an earlier package has this name: it wins */
		if (copy_tree(s2, d2, err) < 0)
			return gx_wrap(err, "%s", name);
	}
	return 0;
}

static int copy_tree(int sfd, int dfd, struct gx_error **err)
{
	DIR *d = gx_opendirat(sfd, ".", 0);
	struct dirent *de;
	int r = 0;

	if (d == NULL)
		return gx_fail_errno(err, "read directory");
	while (r == 0 && (de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			r = copy_entry(sfd, de->d_name, dfd, err);
	closedir(d);
	return r;
}

static int copy_item_etc(const struct closure_node *node, int dfd, struct gx_error **err)
{
	_cleanup_free_ char *src = gx_asprintf("%s/etc", node->item->path);
	_cleanup_close_ int sfd = open(src, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);

	if (sfd < 0)
		return errno == ENOENT ? 0 : gx_fail_errno(err, "open '%s'", src);
	if (copy_tree(sfd, dfd, err) < 0)
		return gx_wrap(err, "copying the etc files of '%s'", node->item->base);
	return 0;
}

static int mkparents_at(int dfd, const char *rel, struct gx_error **err)
{
	_cleanup_free_ char *p = gx_xstrdup(rel);

	for (char *s = strchr(p + (p[0] == '/'), '/'); s; s = strchr(s + 1, '/')) {
		struct stat st;

		*s = '\0';
		if (fstatat(dfd, p, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISDIR(st.st_mode) &&
		    unlinkat(dfd, p, 0) < 0)
			return gx_fail_errno(err, "replace '%s'", p);
		if (mkdirat(dfd, p, 0755) < 0 && errno != EEXIST)
			return gx_fail_errno(err, "mkdir '%s'", p);
		*s = '/';
	}
	return 0;
}

static int write_entry(int dfd, const struct etc_entry *e, struct gx_error **err)
{
	_cleanup_close_ int fd = -1;

	struct stat st;

	if (e->fallback && fstatat(dfd, e->path, &st, AT_SYMLINK_NOFOLLOW) == 0)
		return 0; /* a package's own */
	if (mkparents_at(dfd, e->path, err) < 0)
		return -1;
	if (unlinkat(dfd, e->path, 0) < 0 && errno != ENOENT)
		return gx_fail_errno(err, "replace '/etc/%s' (a directory in a package?)", e->path);
	if (e->kind == ETC_SYMLINK) {
		if (symlinkat(e->content, dfd, e->path) < 0)
			return gx_fail_errno(err, "symlink '/etc/%s'", e->path);
		return 0;
	}
	fd = openat(dfd, e->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
	            e->mode & 07777);
	if (fd < 0)
		return gx_fail_errno(err, "create '/etc/%s'", e->path);
	if (write(fd, e->content, e->len) != (ssize_t)e->len)
		return gx_fail_errno(err, "write '/etc/%s'", e->path);
	if (fchmod(fd, e->mode & 07777) < 0)
		return gx_fail_errno(err, "chmod '/etc/%s'", e->path);
	return 0;
}

int sysi_etc_assemble(const char *etc, struct closure *c, const struct etc_set *set,
                      struct gx_error **err)
{
	_cleanup_close_ int dfd = -1;

	if (mkdir(etc, 0755) < 0 && errno != EEXIST)
		return gx_fail_errno(err, "mkdir '%s'", etc);
	dfd = open(etc, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return gx_fail_errno(err, "open '%s'", etc);
	for (size_t i = 0; i < c->n; i++)
		if (c->nodes[i].item && copy_item_etc(&c->nodes[i], dfd, err) < 0)
			return -1;
	for (size_t i = 0; i < set->n; i++)
		if (write_entry(dfd, &set->v[i], err) < 0)
			return -1;
	return 0;
}

bool sysi_has(const char *dir, const char *rel)
{
	_cleanup_free_ char *p = gx_asprintf("%s/%s", dir, rel);
	struct stat st;

	return lstat(p, &st) == 0;
}

/* The certificates ca-certificates' postinst would list: every .crt under
 * /usr/share/ca-certificates, sorted. */
static void list_certs(const char *dir, const char *rel, struct gx_buf *out)
{
	_cleanup_free_ char *path = *rel ? gx_asprintf("%s/%s", dir, rel) : gx_xstrdup(dir);
	struct dirent **names = NULL;
	int n = scandir(path, &names, NULL, alphasort);

	for (int i = 0; i < n; i++) {
		const char *nm = names[i]->d_name;
		_cleanup_free_ char *sub = *rel ? gx_asprintf("%s/%s", rel, nm) : gx_xstrdup(nm);
		size_t len = strlen(nm);

		if (nm[0] != '.' && names[i]->d_type == DT_DIR)
			list_certs(dir, sub, out);
		else if (len > 4 && strcmp(nm + len - 4, ".crt") == 0)
			gx_buf_printf(out, "%s\n", sub);
		free(names[i]);
	}
	free(names);
}

static int ca_certificates_conf(const char *profile, const char *etc, struct gx_error **err)
{
	_cleanup_free_ char *share = gx_asprintf("%s/share/ca-certificates", profile);
	_cleanup_free_ char *conf = gx_asprintf("%s/ca-certificates.conf", etc);
	_cleanup_free_ char *certs = gx_asprintf("%s/ssl/certs", etc);
	struct gx_buf b = GX_BUF_INIT;
	int r;

	if (sysi_has(etc, "ca-certificates.conf"))
		return 0;
	gx_buf_puts(&b, "# Generated by gxsys as ca-certificates' postinst would.\n");
	list_certs(share, "", &b);
	r = gx_write_file_atomic(conf, b.data, b.len, 0644);
	gx_buf_free(&b);
	if (r < 0)
		return gx_fail_errno(err, "write '%s'", conf);
	if (mkparents_at(AT_FDCWD, certs, err) < 0)
		return -1;
	if (mkdir(certs, 0755) < 0 && errno != EEXIST)
		return gx_fail_errno(err, "mkdir '%s'", certs);
	return 0;
}

/* nginx-common's and libnginx-mod-*'s postinst: enable every installed
 * module, and the default site on a fresh install. */
static int enable_modules(const char *profile, const char *etc, struct gx_error **err)
{
	_cleanup_free_ char *avail = gx_asprintf("%s/share/nginx/modules-available", profile);
	_cleanup_free_ char *enabled = gx_asprintf("%s/nginx/modules-enabled", etc);
	struct dirent **names = NULL;
	int n = scandir(avail, &names, NULL, alphasort);
	int r = 0;

	if (n < 0)
		return 0;
	if (mkparents_at(AT_FDCWD, enabled, err) < 0)
		r = -1;
	else if (mkdir(enabled, 0755) < 0 && errno != EEXIST)
		r = gx_fail_errno(err, "mkdir '%s'", enabled);
	for (int i = 0; i < n; i++) {
		const char *nm = names[i]->d_name;
		_cleanup_free_ char *link = gx_asprintf("%s/50-%s", enabled, nm);
		_cleanup_free_ char *target =
		        gx_asprintf("/usr/share/nginx/modules-available/%s", nm);

		if (r == 0 && nm[0] != '.' && strstr(nm, ".conf") && symlink(target, link) < 0 &&
		    errno != EEXIST)
			r = gx_fail_errno(err, "symlink '%s'", link);
		free(names[i]);
	}
	free(names);
	return r;
}

/* nginx-common's and libnginx-mod-*'s postinst: enable every installed
 * module, and the default site on a fresh install. */
static int nginx_links(const char *profile, const char *etc, struct gx_error **err)
{
	_cleanup_free_ char *sites = gx_asprintf("%s/nginx/sites-enabled", etc);
	_cleanup_free_ char *def = gx_asprintf("%s/default", sites);

	if (enable_modules(profile, etc, err) < 0)
		return -1;
	if (!sysi_has(etc, "nginx/sites-available/default"))
		return 0;
	if (mkdir(sites, 0755) < 0 && errno != EEXIST)
		return gx_fail_errno(err, "mkdir '%s'", sites);
	if (symlink("/etc/nginx/sites-available/default", def) < 0 && errno != EEXIST)
		return gx_fail_errno(err, "symlink '%s'", def);
	return 0;
}

static int run_tool(const char *profile, const char *etc, const char *scratch, const char *rel,
                    const char *arg, struct gx_error **err)
{
	_cleanup_free_ char *inside = gx_asprintf("/usr/%s", rel);
	char *argv[] = { inside, (char *)arg, NULL };

	if (!sysi_has(profile, rel))
		return 0;
	return sys_run_in_build_container(profile, etc, scratch, argv, err) == 0 ? 0 : -1;
}

int sysi_etc_maintainer(const char *profile, const char *etc, const char *scratch,
                        struct gx_error **err)
{
	if (sysi_has(profile, "share/ca-certificates") &&
	    ca_certificates_conf(profile, etc, err) < 0)
		return -1;
	if (nginx_links(profile, etc, err) < 0)
		return -1;
	if (run_tool(profile, etc, scratch, "sbin/ldconfig", "-X", err) < 0)
		return gx_wrap(err, "making ld.so.cache");
	if (run_tool(profile, etc, scratch, "sbin/update-ca-certificates", "--fresh", err) < 0)
		return gx_wrap(err, "making the CA store");
	return 0;
}
