/* What the system builder reads from the host besides the packages' files:
 * dpkg's diversions and alternatives, the host's alternative choices and
 * the modes and owners of the packages' /var directories.  All of it is read
 * under the catalog's host root (`host-root`, $GXSYS_HOST_ROOT), the same
 * tree the closure's dpkg database and files come from. */
#include "system_internal.h"

#include <dirent.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

char *sysi_host_path(const char *root, const char *path)
{
	size_t rl = strlen(root);

	while (rl > 0 && root[rl - 1] == '/')
		rl--;
	return gx_asprintf("%.*s%s", (int)rl, root, path);
}

void sysi_put_host_state(struct gx_buf *k, const char *root, const char *diversions)
{
	_cleanup_free_ char *alt_dir = sysi_host_path(root, SYSI_DPKG_ALTERNATIVES);
	_cleanup_free_ char *choices = sysi_host_path(root, SYSI_HOST_ALTERNATIVES);
	struct dirent **names = NULL;
	int n = scandir(alt_dir, &names, NULL, alphasort);

	gx_buf_printf(k, "diversions %zu\n%s\n", diversions ? strlen(diversions) : 0,
	              diversions ? diversions : "");
	for (int i = 0; i < n; i++) {
		_cleanup_free_ char *p = gx_asprintf("%s/%s", alt_dir, names[i]->d_name);
		_cleanup_free_ char *h = gx_asprintf("%s/%s", choices, names[i]->d_name);
		_cleanup_free_ char *text = NULL;
		char choice[PATH_MAX];
		ssize_t cn = readlink(h, choice, sizeof(choice) - 1);
		size_t len = 0;

		if (names[i]->d_name[0] != '.' && gx_read_file(p, &text, &len) == 0)
			gx_buf_printf(k, "alternative %s %zu\n%s\nchoice %.*s\n", names[i]->d_name,
			              len, text, cn > 0 ? (int)cn : 0, choice);
		free(names[i]);
	}
	free(names);
}

/* The host's accounts by id, from the host root's etc/passwd or etc/group
 * (the files dpkg's maintainer scripts add system accounts to; no NSS: a
 * host root is not the running host, and a build must not depend on a
 * directory service being up). */
struct accounts {
	size_t n;
	long *id;
	char **name;
};

static void accounts_add(struct accounts *a, long id, const char *name)
{
	a->id = gx_xrealloc(a->id, (a->n + 1) * sizeof(*a->id));
	a->name = gx_xrealloc(a->name, (a->n + 1) * sizeof(*a->name));
	a->id[a->n] = id;
	a->name[a->n++] = gx_xstrdup(name);
}

static void accounts_load(struct accounts *a, const char *root, bool users)
{
	_cleanup_free_ char *path = sysi_host_path(root, users ? "/etc/passwd" : "/etc/group");
	FILE *f = fopen(path, "re");

	memset(a, 0, sizeof(*a));
	if (f == NULL)
		return;
	if (users)
		for (struct passwd *pw; (pw = fgetpwent(f)) != NULL;)
			accounts_add(a, (long)pw->pw_uid, pw->pw_name);
	else
		for (struct group *gr; (gr = fgetgrent(f)) != NULL;)
			accounts_add(a, (long)gr->gr_gid, gr->gr_name);
	fclose(f);
}

static const char *accounts_name(const struct accounts *a, long id)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->id[i] == id)
			return a->name[i];
	return NULL;
}

static void accounts_free(struct accounts *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->name[i]);
	free(a->name);
	free(a->id);
}

struct var_walk {
	struct boot_conf *bc;
	const struct os_model *os;
	const char *root;
	struct accounts users, groups;
};

/* The system's id for the account NAME (a user when USER, else a group),
 * or 0 (root) when the system has no such account. */
static long var_account(const struct os_model *os, const char *name, bool user)
{
	for (size_t i = 0; name != NULL && user && i < os->n_users; i++)
		if (strcmp(os->users[i].name, name) == 0)
			return os->users[i].uid;
	for (size_t i = 0; name != NULL && !user && i < os->n_groups; i++)
		if (strcmp(os->groups[i].name, name) == 0)
			return os->groups[i].gid;
	return 0;
}

/* A /var directory of the skeleton as the package made it: the store keeps
 * its items read-only (and no mode of a directory), but the items' files
 * come from the host's installed packages, whose directories dpkg made
 * with the packages' modes: /var/tmp 1777, /var/local 2775, man-db's
 * /var/cache/man owned by man, ...  The owner is mapped by name onto the
 * system's accounts (root when it has no such account); 0755 root when
 * the host has no such directory. */
static struct bc_dir var_dir(const struct var_walk *w, const char *path)
{
	_cleanup_free_ char *host = sysi_host_path(w->root, path);
	struct bc_dir d = { gx_xstrdup(path), 0, 0, 0755 };
	struct stat st;

	if (lstat(host, &st) < 0 || !S_ISDIR(st.st_mode))
		return d;
	d.uid = (uid_t)var_account(w->os, accounts_name(&w->users, (long)st.st_uid), true);
	d.gid = (gid_t)var_account(w->os, accounts_name(&w->groups, (long)st.st_gid), false);
	d.mode = st.st_mode & 07777;
	return d;
}

static bool var_known(const struct boot_conf *bc, const char *rel)
{
	for (size_t j = 0; j < bc->n_dirs; j++)
		if (strcmp(bc->dirs[j].path + 1, rel) == 0)
			return true;
	return false;
}

/* The directories under ITEM/REL, depth first, in name order. */
static void var_walk(struct var_walk *w, const char *item, const char *rel)
{
	_cleanup_free_ char *path = gx_asprintf("%s/%s", item, rel);
	struct dirent **names = NULL;
	int n = scandir(path, &names, NULL, alphasort);

	for (int i = 0; i < n; i++) {
		const char *nm = names[i]->d_name;
		_cleanup_free_ char *sub = gx_asprintf("%s/%s", rel, nm);

		if (nm[0] != '.' && names[i]->d_type == DT_DIR) {
			if (!var_known(w->bc, sub)) {
				_cleanup_free_ char *abs = gx_asprintf("/%s", sub);
				struct boot_conf *bc = w->bc;

				bc->dirs =
				        gx_xrealloc(bc->dirs, (bc->n_dirs + 1) * sizeof(*bc->dirs));
				bc->dirs[bc->n_dirs++] = var_dir(w, abs);
			}
			var_walk(w, item, sub);
		}
		free(names[i]);
	}
	free(names);
}

void sysi_var_dirs(struct boot_conf *bc, const struct os_model *os, const char *root,
                   const char *store, char *const *bases)
{
	struct var_walk w = { .bc = bc, .os = os, .root = root };

	accounts_load(&w.users, root, true);
	accounts_load(&w.groups, root, false);
	for (char *const *b = bases; b && *b; b++) {
		_cleanup_free_ char *item = gx_asprintf("%s/%s", store, *b);

		var_walk(&w, item, "var");
	}
	accounts_free(&w.users);
	accounts_free(&w.groups);
}
