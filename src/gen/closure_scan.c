/* closure_scan: the references found by reading content (DESIGN.md §2):
 * ELF DT_NEEDED (RPATH/RUNPATH/$ORIGIN, then the host library paths) and
 * PT_INTERP, symlinks into other packages, #! interpreters. */
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "closure_int.h"
#include "elfscan.h"
#include "store_impl.h"

static const char OWNER_AMBIGUOUS[] = "";

/* ---- the owner index ---- */

struct own_ctx {
	struct closure_priv *p;
	const char *pkg;
};

static void own_add(void *vctx, const char *rel)
{
	struct own_ctx *c = vctx;
	const char *old = hmap_get(&c->p->owners, rel);

	if (!old)
		hmap_put(&c->p->owners, gx_arena_strdup(&c->p->owners_arena, rel), (void *)c->pkg);
	else if (old != OWNER_AMBIGUOUS && strcmp(old, c->pkg) != 0)
		hmap_put(&c->p->owners, rel, (void *)OWNER_AMBIGUOUS);
}

static void load_owners(struct closure_ctx *cx)
{
	struct closure_priv *p = cx->c->priv;
	struct hmap_slot *s;

	if (p->owners_loaded)
		return;
	p->owners_loaded = true;
	for (size_t i = 0; i < cx->db->n; i++) {
		const struct dpkg_pkg *pk = &cx->db->pkgs[i];
		struct own_ctx c = { p, pk->name };

		if (pk->installed && pk->name && dpkg_find(cx->db, pk->name) == pk)
			dpkg_pkg_list(cx->db, pk, own_add, &c, NULL);
	}
	/* A diverted path belongs to the diverting package. */
	for (size_t i = 0; i < cx->db->diversions.cap; i++) {
		s = &cx->db->diversions.slots[i];
		if (!s->key)
			continue;
		const struct dpkg_div *d = s->val;
		_cleanup_free_ char *rel = dpkg_canon(s->key);
		const struct dpkg_pkg *by = dpkg_find(cx->db, d->by);
		if (by)
			hmap_put(&p->owners, gx_arena_strdup(&p->owners_arena, rel),
			         (void *)by->name);
	}
}

void closure_owners_free(struct closure_priv *p)
{
	hmap_free(&p->owners);
	hmap_free(&p->sonames);
	gx_arena_free(&p->owners_arena);
}

static char *host_of(struct closure_ctx *cx, const char *rel)
{
	return gx_asprintf("%s/%s", cx->db->root, rel);
}

/* The package owning rel, following unowned symlinks (/etc/alternatives). */
static const char *owner_of(struct closure_ctx *cx, const char *rel, int depth)
{
	const char *o;
	char target[4096];
	ssize_t n;

	load_owners(cx);
	o = hmap_get(&cx->c->priv->owners, rel);
	if (o && o != OWNER_AMBIGUOUS)
		return o;
	if (depth > 16)
		return NULL;
	_cleanup_free_ char *host = host_of(cx, rel);
	if ((n = readlink(host, target, sizeof(target) - 1)) < 0)
		return NULL;
	target[n] = '\0';
	_cleanup_free_ char *dir =
	        gx_xstrndup(rel, strrchr(rel, '/') ? (size_t)(strrchr(rel, '/') - rel) : 0);
	_cleanup_free_ char *joined =
	        target[0] == '/' ? gx_xstrdup(target) : gx_asprintf("/%s/%s", dir, target);
	_cleanup_free_ char *next = dpkg_canon(joined);
	return owner_of(cx, next, depth + 1);
}

/* ---- per-node scanning ---- */

struct scan {
	struct closure_ctx *cx;
	size_t node;
	const char *self;        /* the node's package (dpkg) */
	struct hmap *self_paths; /* paths backend: its own files */
	struct gx_error **err;
};

static bool is_self(struct scan *s, const char *rel, const char *owner)
{
	if (s->self_paths && hmap_get(s->self_paths, rel))
		return true;
	return owner && s->self && strcmp(owner, s->self) == 0;
}

static void edge_to_path(struct scan *s, enum closure_why kind, const char *rel, const char *detail)
{
	const char *o;

	if (s->self_paths && hmap_get(s->self_paths, rel))
		return;
	o = owner_of(s->cx, rel, 0);
	if (o && !is_self(s, rel, o))
		closure_add_edge(s->cx, s->node, kind, o, detail);
}

static void scan_symlink(struct scan *s, const struct store_src *f)
{
	char target[4096];
	ssize_t n = readlink(f->host, target, sizeof(target) - 1);

	if (n <= 0)
		return;
	target[n] = '\0';
	_cleanup_free_ char *dir = gx_xstrndup(
	        f->rel, strrchr(f->rel, '/') ? (size_t)(strrchr(f->rel, '/') - f->rel) : 0);
	_cleanup_free_ char *joined =
	        target[0] == '/' ? gx_xstrdup(target) : gx_asprintf("/%s/%s", dir, target);
	_cleanup_free_ char *rel = dpkg_canon(joined);
	_cleanup_free_ char *detail = gx_asprintf("%s -> %s", f->rel, target);
	edge_to_path(s, CLOSURE_WHY_SYMLINK, rel, detail);
}

static bool exists_host(struct closure_ctx *cx, const char *rel)
{
	_cleanup_free_ char *h = host_of(cx, rel);
	struct stat st;

	return stat(h, &st) == 0 && S_ISREG(st.st_mode);
}

/* Search one colon-separated path list; returns the canonical rel of the
 * first directory holding soname, or NULL. */
static char *search_list(struct closure_ctx *cx, const char *list, const char *origin,
                         const char *soname)
{
	_cleanup_free_ char *copy = gx_xstrdup(list);
	char *save = NULL;

	for (char *d = strtok_r(copy, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		_cleanup_free_ char *exp = elf_expand_origin(d, origin);
		_cleanup_free_ char *full = gx_asprintf("%s/%s", exp, soname);
		char *rel = dpkg_canon(full);

		if (exists_host(cx, rel))
			return rel;
		free(rel);
	}
	return NULL;
}

static char *search_default(struct closure_ctx *cx, const char *soname)
{
	for (char **d = cx->cat->library_paths; d && *d; d++) {
		_cleanup_free_ char *full = gx_asprintf("%s/%s", *d, soname);
		char *rel = dpkg_canon(full);

		if (exists_host(cx, rel))
			return rel;
		free(rel);
	}
	return NULL;
}

/* Whether REL (a file of a package) is a plugin: a shared object that is
 * no program (no interpreter) and lies outside the linker's default
 * directories, so nothing links it; programs dlopen it. */
static bool is_plugin(struct closure_ctx *cx, const char *rel, const struct elf_info *ei)
{
	const char *slash = strrchr(rel, '/');
	size_t n = slash ? (size_t)(slash - rel) : 0;

	if (ei->interp)
		return false;
	for (char **d = cx->cat->library_paths; d && *d; d++) {
		_cleanup_free_ char *dir = dpkg_canon(*d);

		if (strlen(dir) == n && strncmp(dir, rel, n) == 0)
			return false;
	}
	return true;
}

static int resolve_needed(struct scan *s, const struct store_src *f, const struct elf_info *ei,
                          const char *soname)
{
	struct closure_priv *p = s->cx->c->priv;
	_cleanup_free_ char *origin = gx_asprintf(
	        "/%.*s", (int)(strrchr(f->rel, '/') ? strrchr(f->rel, '/') - f->rel : 0), f->rel);
	_cleanup_free_ char *found = NULL;
	_cleanup_free_ char *detail = gx_asprintf("%s needs %s", f->rel, soname);
	const char *cached;

	if (strchr(soname, '/')) /* a path: taken as is */
		found = dpkg_canon(soname);
	if (!found && ei->rpath && !ei->runpath)
		found = search_list(s->cx, ei->rpath, origin, soname);
	if (!found && ei->runpath)
		found = search_list(s->cx, ei->runpath, origin, soname);
	if (!found && (cached = hmap_get(&p->sonames, soname))) {
		if (!is_self(s, "", cached))
			closure_add_edge(s->cx, s->node, CLOSURE_WHY_ELF, cached, detail);
		return 0;
	}
	if (!found && (found = search_default(s->cx, soname)) && !ei->rpath && !ei->runpath) {
		const char *o = owner_of(s->cx, found, 0);
		if (o)
			hmap_put(&p->sonames, gx_arena_strdup(&p->owners_arena, soname), (void *)o);
	}
	/* A plugin's library that the host has not installed: Debian lists
	 * such libraries as Recommends (iproute2's tc/q_atm.so and libatm1),
	 * which an install without recommends leaves out.  The plugin fails
	 * when loaded, as it does on the host; the package works otherwise. */
	if (!found && is_plugin(s->cx, f->rel, ei)) {
		closure_warn(s->cx,
		             "package '%s': plugin '%s' needs '%s', which is not installed on "
		             "this host: taken as it is (it fails only when loaded, as on the "
		             "host)",
		             s->cx->c->nodes[s->node].pkg, f->rel, soname);
		return 0;
	}
	if (!found)
		return gx_fail_input(s->err,
		                     "package '%s': '%s' needs '%s', which is not found (RPATH, "
		                     "RUNPATH, %s...)",
		                     s->cx->c->nodes[s->node].pkg, f->rel, soname,
		                     s->cx->cat->library_paths && s->cx->cat->library_paths[0]
		                             ? s->cx->cat->library_paths[0]
		                             : "no library paths");
	if (s->self_paths && hmap_get(s->self_paths, found))
		return 0;
	const char *o = owner_of(s->cx, found, 0);
	if (!o)
		return gx_fail_input(s->err,
		                     "package '%s': '%s' needs '%s', found as '/%s', which no "
		                     "installed package provides",
		                     s->cx->c->nodes[s->node].pkg, f->rel, soname, found);
	if (!is_self(s, found, o))
		closure_add_edge(s->cx, s->node, CLOSURE_WHY_ELF, o, detail);
	return 0;
}

static int scan_elf(struct scan *s, const struct store_src *f, int fd)
{
	struct elf_info ei;
	struct gx_error *perr = NULL;
	int rc = elf_read_fd(fd, &ei, &perr);

	if (rc <= 0) {
		if (perr) /* malformed: data that looks like ELF (test files, firmware) */
			closure_warn(s->cx, "%s: '%s': %s: not scanned",
			             s->cx->c->nodes[s->node].pkg, f->rel, perr->msg);
		gx_error_free(perr);
		return 0;
	}
	if (ei.machine == EM_X86_64 && ei.elf_class == ELFCLASS64) {
		if (ei.interp) {
			_cleanup_free_ char *rel = dpkg_canon(ei.interp);
			_cleanup_free_ char *detail =
			        gx_asprintf("%s: interpreter %s", f->rel, ei.interp);
			edge_to_path(s, CLOSURE_WHY_ELF, rel, detail);
		}
		for (char **n = ei.needed; rc >= 0 && *n; n++)
			if (resolve_needed(s, f, &ei, *n) < 0)
				rc = -1;
	}
	elf_info_free(&ei);
	return rc < 0 ? -1 : 0;
}

static const char *const path_dirs[] = { "usr/local/sbin", "usr/local/bin", "usr/sbin", "usr/bin" };

static void scan_shebang(struct scan *s, const struct store_src *f, const char *head)
{
	char line[256];
	char *interp, *arg, *save = NULL;

	snprintf(line, sizeof(line), "%.*s", (int)strcspn(head + 2, "\n"), head + 2);
	if (!(interp = strtok_r(line, " \t", &save)))
		return;
	arg = strtok_r(NULL, " \t", &save);
	while (arg && arg[0] == '-') /* env -S and the like */
		arg = strtok_r(NULL, " \t", &save);
	_cleanup_free_ char *detail =
	        gx_asprintf("%s: #!%s%s%s", f->rel, interp, arg ? " " : "", arg ? arg : "");
	_cleanup_free_ char *rel = dpkg_canon(interp);
	edge_to_path(s, CLOSURE_WHY_SHEBANG, rel, detail);
	if (strcmp(rel, "usr/bin/env") != 0 || !arg || strchr(arg, '/'))
		return;
	for (size_t i = 0; i < sizeof(path_dirs) / sizeof(path_dirs[0]); i++) {
		_cleanup_free_ char *cand = gx_asprintf("%s/%s", path_dirs[i], arg);
		if (exists_host(s->cx, cand)) {
			edge_to_path(s, CLOSURE_WHY_SHEBANG, cand, detail);
			return;
		}
	}
}

static bool maybe_code(const char *rel, const struct stat *st)
{
	const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;

	return (st->st_mode & 0111) || strstr(base, ".so");
}

static int scan_file(struct scan *s, const struct store_src *f)
{
	struct stat st;
	char head[256];
	ssize_t n;

	if (lstat(f->host, &st) < 0)
		return 0; /* missing: the import reports it */
	if (S_ISLNK(st.st_mode)) {
		scan_symlink(s, f);
		return 0;
	}
	if (!S_ISREG(st.st_mode))
		return 0;
	s->cx->c->nodes[s->node].host_size += (uint64_t)st.st_size;
	if (!maybe_code(f->rel, &st) || st.st_size < 4)
		return 0;
	_cleanup_close_ int fd = open(f->host, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || (n = pread(fd, head, sizeof(head) - 1, 0)) < 4)
		return 0;
	head[n] = '\0';
	if (elf_is_elf(head, (size_t)n))
		return scan_elf(s, f, fd);
	if (head[0] == '#' && head[1] == '!' && (st.st_mode & 0111))
		scan_shebang(s, f, head);
	return 0;
}

/* ---- sources of a node ---- */

static void push_src(struct store_src **v, size_t *n, size_t *cap, struct gx_arena *a,
                     const char *rel, const char *host, const char *md5, bool conffile)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*v = gx_xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[*n] = (struct store_src){ gx_arena_strdup(a, rel), gx_arena_strdup(a, host),
		                       md5 && *md5 ? gx_arena_strdup(a, md5) : NULL, conffile };
	(*n)++;
}

struct walk_acc {
	struct store_src *v;
	size_t n, cap;
	struct gx_arena *a;
	char *const *skip;
};

static int walk_host(struct walk_acc *w, const char *root, const char *path, struct gx_error **err)
{
	_cleanup_free_ char *host = gx_asprintf("%s%s", root, path);
	_cleanup_free_ char *rel = dpkg_canon(path);
	struct stat st;
	DIR *d;
	struct dirent *e;

	if (dpkg_path_skipped(rel, w->skip))
		return 0;
	if (lstat(host, &st) < 0)
		return gx_fail_errno(err, "cannot read '%s'", host);
	if (*rel)
		push_src(&w->v, &w->n, &w->cap, w->a, rel, host, NULL, false);
	if (!S_ISDIR(st.st_mode))
		return 0;
	if (!(d = opendir(host)))
		return gx_fail_errno(err, "cannot read '%s'", host);
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		_cleanup_free_ char *sub =
		        gx_asprintf("%s/%s", strcmp(path, "/") ? path : "", e->d_name);
		if (walk_host(w, root, sub, err) < 0) {
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	return 0;
}

static int cmp_src(const void *x, const void *y)
{
	return strcmp(((const struct store_src *)x)->rel, ((const struct store_src *)y)->rel);
}

static int paths_srcs(struct closure_ctx *cx, size_t i, struct store_src **out, size_t *n,
                      struct gx_arena *a, struct gx_error **err)
{
	const struct catalog_entry *e = cx->c->nodes[i].entry;
	struct walk_acc w = { NULL, 0, 0, a, cx->cat->skip_paths };
	size_t k = 0;

	for (char **p = e->paths; *p; p++)
		if (walk_host(&w, cx->db->root, *p, err) < 0) {
			free(w.v);
			return gx_wrap(err, "package '%s'", e->name);
		}
	if (w.n)
		qsort(w.v, w.n, sizeof(*w.v), cmp_src);
	for (size_t j = 0; j < w.n; j++)
		if (!k || strcmp(w.v[k - 1].rel, w.v[j].rel) != 0)
			w.v[k++] = w.v[j];
	*out = w.v;
	*n = k;
	return 0;
}

int closure_node_srcs(struct closure_ctx *cx, size_t i, struct store_src **out, size_t *n,
                      struct gx_arena *a, struct gx_error **err)
{
	const struct dpkg_pkg *pkg;
	struct dpkg_file *f;
	size_t nf, cap = 0;

	*out = NULL;
	*n = 0;
	if (cx->c->nodes[i].from_paths)
		return paths_srcs(cx, i, out, n, a, err);
	pkg = dpkg_find(cx->db, cx->c->nodes[i].pkg);
	if (!pkg)
		return gx_fail_input(err, "package '%s' is no longer installed",
		                     cx->c->nodes[i].pkg);
	if (dpkg_pkg_files(cx->db, pkg, cx->cat->skip_paths, &f, &nf, err) < 0)
		return -1;
	for (size_t k = 0; k < nf; k++)
		push_src(out, n, &cap, a, f[k].rel, f[k].host, f[k].md5, f[k].conffile);
	dpkg_files_free(f, nf);
	return 0;
}

int closure_scan(struct closure_ctx *cx, size_t i, struct gx_error **err)
{
	struct gx_arena a = GX_ARENA_INIT;
	struct store_src *srcs = NULL;
	struct hmap self = HMAP_INIT;
	size_t n;
	int rc = 0;
	struct scan s = { cx, i, cx->c->nodes[i].from_paths ? NULL : cx->c->nodes[i].pkg,
		          cx->c->nodes[i].from_paths ? &self : NULL, err };

	if (closure_node_srcs(cx, i, &srcs, &n, &a, err) < 0)
		rc = -1;
	if (s.self_paths)
		for (size_t k = 0; k < n; k++)
			hmap_put(&self, srcs[k].rel, (void *)1);
	cx->c->nodes[i].host_size = 0;
	for (size_t k = 0; rc == 0 && k < n; k++)
		rc = scan_file(&s, &srcs[k]);
	free(srcs);
	hmap_free(&self);
	gx_arena_free(&a);
	return rc;
}

/* The paths backend's source key covers what the files look like now. */
int closure_paths_key(struct closure_ctx *cx, size_t i, struct gx_error **err)
{
	struct gx_arena a = GX_ARENA_INIT;
	struct store_src *srcs = NULL;
	struct sha256_ctx sc;
	uint8_t d[HASH_SHA256_LEN];
	char hex[41];
	size_t n;

	if (closure_node_srcs(cx, i, &srcs, &n, &a, err) < 0) {
		gx_arena_free(&a);
		return -1;
	}
	sha256_init(&sc);
	for (size_t k = 0; k < n; k++) {
		struct stat st;
		char buf[128];

		sha256_update(&sc, strlen(srcs[k].rel) + 1, (const uint8_t *)srcs[k].rel);
		if (lstat(srcs[k].host, &st) == 0) {
			int l = snprintf(buf, sizeof(buf), "%o %lld %lld.%09ld %llu", st.st_mode,
			                 (long long)st.st_size, (long long)st.st_mtim.tv_sec,
			                 st.st_mtim.tv_nsec, (unsigned long long)st.st_ino);
			sha256_update(&sc, (size_t)l, (const uint8_t *)buf);
		}
	}
	sha256_digest(&sc, sizeof(d), d);
	hash_hex(d, 20, hex);
	cx->c->priv->x[i].key = gx_asprintf("paths %s %s %s %s", cx->c->nodes[i].pkg,
	                                    cx->c->nodes[i].version, hex, cx->c->priv->opts);
	free(srcs);
	gx_arena_free(&a);
	return 0;
}
