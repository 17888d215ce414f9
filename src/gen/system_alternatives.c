/* update-alternatives links, made as dpkg's maintainer scripts would have
 * made them: for each group in the host's /var/lib/dpkg/alternatives with a
 * candidate in the profile, link /usr/... -> /etc/alternatives/NAME ->
 * the choice (the host's when the profile has it, else the highest
 * priority present). */
#include "system.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

struct alt_group {
	char *name;
	char *link;
	char **slave_names;
	char **slave_links;
	size_t n_slaves;
	char *best;         /* chosen alternative */
	char **best_slaves; /* its slave targets ("" when none) */
};

static char *alt_rel(const char *abs)
{
	static const char *const merged[] = { "/bin/", "/sbin/", "/lib/", "/lib64/" };

	if (abs == NULL || abs[0] != '/')
		return NULL;
	for (size_t i = 0; i < sizeof(merged) / sizeof(merged[0]); i++)
		if (strncmp(abs, merged[i], strlen(merged[i])) == 0)
			return gx_xstrdup(abs + 1);
	if (strncmp(abs, "/usr/", 5) == 0)
		return gx_xstrdup(abs + 5);
	return NULL;
}

static bool in_profile(const char *profile, const char *abs)
{
	_cleanup_free_ char *rel = alt_rel(abs);
	_cleanup_free_ char *path = NULL;
	struct stat st;

	if (rel == NULL)
		return false;
	path = gx_asprintf("%s/%s", profile, rel);
	return lstat(path, &st) == 0;
}

static char **split_lines(const char *text)
{
	char **v = NULL;
	const char *p = text;

	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *line = gx_xstrndup(p, n);

		v = gx_strv_push(v, line);
		free(line);
		if (e == NULL)
			break;
		p = e + 1;
	}
	return v;
}

static void free_group(struct alt_group *g)
{
	free(g->name);
	free(g->link);
	gx_strv_free(g->slave_names);
	gx_strv_free(g->slave_links);
	free(g->best);
	gx_strv_free(g->best_slaves);
}

/* Choose among the alternatives listed from line I on. */
static void choose(struct alt_group *g, char **l, size_t n, size_t i, const char *profile,
                   const char *host_choice)
{
	long best_prio = LONG_MIN;

	while (i + 1 < n && l[i][0] != '\0') {
		const char *path = l[i];
		long prio = strtol(l[i + 1], NULL, 10);
		bool host = host_choice && strcmp(host_choice, path) == 0;

		if (in_profile(profile, path) && (host || prio > best_prio)) {
			free(g->best);
			gx_strv_free(g->best_slaves);
			g->best = gx_xstrdup(path);
			g->best_slaves = NULL;
			for (size_t s = 0; s < g->n_slaves; s++)
				g->best_slaves = gx_strv_push(g->best_slaves,
				                              i + 2 + s < n ? l[i + 2 + s] : "");
			best_prio = host ? LONG_MAX : prio;
		}
		i += 2 + g->n_slaves;
	}
}

static int parse_group(struct alt_group *g, const char *name, const char *text, const char *profile,
                       const char *host_choice)
{
	_cleanup_strv_ char **l = split_lines(text);
	size_t n = gx_strv_len(l), i = 2;

	memset(g, 0, sizeof(*g));
	if (n < 3)
		return -1;
	g->name = gx_xstrdup(name);
	g->link = gx_xstrdup(l[1]);
	while (i + 1 < n && l[i][0] != '\0') {
		g->slave_names = gx_strv_push(g->slave_names, l[i]);
		g->slave_links = gx_strv_push(g->slave_links, l[i + 1]);
		g->n_slaves++;
		i += 2;
	}
	choose(g, l, n, i + 1, profile, host_choice);
	return g->best ? 0 : -1;
}

/* profile/<link> -> /etc/alternatives/NAME, etc/alternatives/NAME -> target. */
static int make_pair(const char *profile, const char *etc, const char *name, const char *link,
                     const char *target, struct gx_error **err)
{
	_cleanup_free_ char *rel = alt_rel(link);
	_cleanup_free_ char *lpath = NULL, *apath = NULL, *via = NULL;

	if (rel == NULL || target == NULL || target[0] == '\0' || !in_profile(profile, target))
		return 0;
	lpath = gx_asprintf("%s/%s", profile, rel);
	via = gx_asprintf("/etc/alternatives/%s", name);
	apath = gx_asprintf("%s/alternatives/%s", etc, name);
	if (symlink(via, lpath) < 0 && errno != EEXIST && errno != ENOENT)
		return gx_fail_errno(err, "symlink '%s'", lpath);
	if (symlink(target, apath) < 0 && errno != EEXIST)
		return gx_fail_errno(err, "symlink '%s'", apath);
	return 0;
}

static int apply_group(const struct alt_group *g, const char *profile, const char *etc,
                       struct gx_error **err)
{
	if (make_pair(profile, etc, g->name, g->link, g->best, err) < 0)
		return -1;
	for (size_t s = 0; s < g->n_slaves; s++)
		if (make_pair(profile, etc, g->slave_names[s], g->slave_links[s],
		              g->best_slaves ? g->best_slaves[s] : NULL, err) < 0)
			return -1;
	return 0;
}

static int do_group(const char *alt_dir, const char *name, const char *profile, const char *etc,
                    const char *host_etc_alternatives, struct gx_error **err)
{
	_cleanup_free_ char *path = gx_asprintf("%s/%s", alt_dir, name);
	_cleanup_free_ char *text = NULL, *hpath = NULL;
	char host[PATH_MAX];
	ssize_t hn = -1;
	size_t len;
	struct alt_group g;
	int r;

	if (gx_read_file(path, &text, &len) < 0)
		return 0; /* vanished or unreadable: dpkg's, not ours */
	if (host_etc_alternatives) {
		hpath = gx_asprintf("%s/%s", host_etc_alternatives, name);
		hn = readlink(hpath, host, sizeof(host) - 1);
	}
	if (hn >= 0)
		host[hn] = '\0';
	if (parse_group(&g, name, text, profile, hn >= 0 ? host : NULL) < 0) {
		free_group(&g);
		return 0;
	}
	r = apply_group(&g, profile, etc, err);
	free_group(&g);
	return r;
}

int sys_alternatives(const char *profile, const char *etc, const char *alt_dir,
                     const char *host_etc_alternatives, struct gx_error **err)
{
	_cleanup_free_ char *adir = gx_asprintf("%s/alternatives", etc);
	struct dirent **names = NULL;
	int n = scandir(alt_dir, &names, NULL, alphasort);
	int r = 0;

	if (n < 0)
		return 0; /* no dpkg alternatives on this host */
	if (mkdir(adir, 0755) < 0 && errno != EEXIST)
		r = gx_fail_errno(err, "mkdir '%s'", adir);
	for (int i = 0; i < n; i++) {
		if (r == 0 && names[i]->d_name[0] != '.')
			r = do_group(alt_dir, names[i]->d_name, profile, etc, host_etc_alternatives,
			             err);
		free(names[i]);
	}
	free(names);
	return r;
}
