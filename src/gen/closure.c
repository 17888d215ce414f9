/* closure: resolve catalog names to the items a system needs (closure.h).
 * Scanning (ELF, symlinks, #!) is in closure_scan.c; importing in
 * closure_import.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "closure.h"
#include "closure_int.h"
#include "hash.h"
#include "store_impl.h"

static const char *const why_names[] = {
	[CLOSURE_WHY_REQUESTED] = "requested",
	[CLOSURE_WHY_BASE_SET] = "base",
	[CLOSURE_WHY_EXTRA] = "extra",
	[CLOSURE_WHY_DEPENDS] = "depends",
	[CLOSURE_WHY_ELF] = "elf",
	[CLOSURE_WHY_SYMLINK] = "symlink",
	[CLOSURE_WHY_SHEBANG] = "shebang",
};

const char *closure_why_name(enum closure_why w)
{
	return (size_t)w < sizeof(why_names) / sizeof(why_names[0]) ? why_names[w] : "?";
}

static int why_from_name(const char *s)
{
	for (size_t i = 0; i < sizeof(why_names) / sizeof(why_names[0]); i++)
		if (why_names[i] && strcmp(why_names[i], s) == 0)
			return (int)i;
	return -1;
}

void closure_warn(struct closure_ctx *cx, const char *fmt, ...)
{
	va_list ap;
	char *m;

	if (!cx->o || !cx->o->warn)
		return;
	va_start(ap, fmt);
	m = gx_vasprintf(fmt, ap);
	va_end(ap);
	cx->o->warn(cx->o->ctx, m);
	free(m);
}

/* ---- nodes ---- */

static size_t add_node(struct closure_ctx *cx, const char *pkg, const char *version,
                       const struct catalog_entry *e, bool from_paths)
{
	struct closure *c = cx->c;
	struct closure_priv *p = c->priv;
	size_t i = c->n;

	if (c->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		c->nodes = gx_xrealloc(c->nodes, p->cap * sizeof(*c->nodes));
		p->x = gx_xrealloc(p->x, p->cap * sizeof(*p->x));
	}
	memset(&c->nodes[i], 0, sizeof(c->nodes[i]));
	memset(&p->x[i], 0, sizeof(p->x[i]));
	c->nodes[i].pkg = gx_xstrdup(pkg);
	c->nodes[i].version = gx_xstrdup(version ? version : "");
	c->nodes[i].entry = e;
	c->nodes[i].from_paths = from_paths;
	c->n++;
	hmap_put(&p->by_pkg, c->nodes[i].pkg, (void *)(i + 1));
	return i;
}

static long find_node(struct closure_ctx *cx, const char *pkg)
{
	void *v = hmap_get(&cx->c->priv->by_pkg, pkg);

	return v ? (long)((size_t)v - 1) : -1;
}

static void set_why(struct closure_node *n, enum closure_why why, size_t parent, const char *detail)
{
	n->why = why;
	n->parent = parent;
	n->why_detail = detail ? gx_xstrdup(detail) : NULL;
}

/* The node for an installed Debian package, added if new. */
static size_t dpkg_node(struct closure_ctx *cx, const struct dpkg_pkg *pkg,
                        const struct catalog_entry *e, enum closure_why why, size_t parent,
                        const char *detail)
{
	long i = find_node(cx, pkg->name);

	if (i >= 0)
		return (size_t)i;
	i = (long)add_node(cx, pkg->name, pkg->version, e, false);
	set_why(&cx->c->nodes[i], why, parent, detail);
	return (size_t)i;
}

void closure_add_edge(struct closure_ctx *cx, size_t from, enum closure_why kind, const char *pkg,
                      const char *detail)
{
	struct node_x *x = &cx->c->priv->x[from];

	if (strcmp(pkg, cx->c->nodes[from].pkg) == 0)
		return;
	for (size_t i = 0; i < x->ne; i++) {
		if (strcmp(x->e[i].pkg, pkg) != 0)
			continue;
		/* One edge per target, but a scanned reference beats a Depends
		 * edge: excludes cut only the latter. */
		if (x->e[i].kind == CLOSURE_WHY_DEPENDS && kind != CLOSURE_WHY_DEPENDS) {
			x->e[i].kind = kind;
			free(x->e[i].detail);
			x->e[i].detail = detail ? gx_xstrdup(detail) : NULL;
		}
		return;
	}
	if (x->ne == x->ecap) {
		x->ecap = x->ecap ? x->ecap * 2 : 8;
		x->e = gx_xrealloc(x->e, x->ecap * sizeof(*x->e));
	}
	x->e[x->ne].kind = kind;
	x->e[x->ne].pkg = gx_xstrdup(pkg);
	x->e[x->ne].detail = detail ? gx_xstrdup(detail) : NULL;
	x->ne++;
}

/* ---- Depends ---- */

static const char *prefer_provider(const void *ctx, const char *virt)
{
	return catalog_provider(ctx, virt);
}

static int depends_edges(struct closure_ctx *cx, size_t i, const struct dpkg_pkg *pkg,
                         struct gx_error **err)
{
	const char *fields[2] = { pkg->pre_depends, pkg->depends };
	struct gx_arena a = GX_ARENA_INIT;

	for (int f = 0; f < 2; f++) {
		struct dpkg_group *g;
		long n = dpkg_parse_depends(fields[f], &a, &g, err);

		if (n < 0) {
			gx_arena_free(&a);
			return gx_wrap(err, "package '%s'", pkg->name);
		}
		for (long k = 0; k < n; k++) {
			const struct dpkg_pkg *d =
			        dpkg_resolve(cx->db, &g[k], prefer_provider, cx->cat);
			if (d)
				closure_add_edge(cx, i, CLOSURE_WHY_DEPENDS, d->name, NULL);
		}
	}
	gx_arena_free(&a);
	return 0;
}

/* ---- source keys and the store cache ---- */

static char *opts_tag(struct closure_ctx *cx)
{
	struct gx_buf b = GX_BUF_INIT;
	uint8_t d[HASH_SHA256_LEN];
	char hex[17];

	for (char **s = cx->cat->skip_paths; s && *s; s++)
		gx_buf_printf(&b, "%s\n", *s);
	gx_buf_printf(&b, "allow-modified=%d\n", cx->o && cx->o->allow_modified);
	hash_sha256(b.data ? b.data : "", b.len, d);
	hash_hex(d, 8, hex);
	gx_buf_free(&b);
	return gx_xstrdup(hex);
}

static void load_cached_edges(struct closure_ctx *cx, size_t i, const char *meta)
{
	_cleanup_free_ char *copy = gx_xstrdup(meta);
	char *save = NULL;

	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char kind[16], pkg[256], detail[4096] = "";
		int w;

		if (strncmp(l, "edge: ", 6) != 0 ||
		    sscanf(l + 6, "%15s %255s %4095s", kind, pkg, detail) < 2)
			continue;
		if ((w = why_from_name(kind)) < 0)
			continue;
		_cleanup_free_ char *d = *detail ? store_unescape(detail) : NULL;
		closure_add_edge(cx, i, (enum closure_why)w, pkg, d);
	}
}

/* Use the store's item for node i if it has one for the same source. */
static bool from_store(struct closure_ctx *cx, size_t i)
{
	struct node_x *x = &cx->c->priv->x[i];
	_cleanup_free_ char *base = NULL, *meta = NULL;

	if (!cx->st || !(base = store_source_lookup(cx->st, x->key)))
		return false;
	if (!(meta = store_item_meta(cx->st, base)))
		return false;
	cx->c->nodes[i].item = store_item_parse(cx->st, base, meta);
	load_cached_edges(cx, i, meta);
	return true;
}

static int expand(struct closure_ctx *cx, size_t i, struct gx_error **err)
{
	struct closure_node *n = &cx->c->nodes[i];
	struct node_x *x = &cx->c->priv->x[i];
	const struct dpkg_pkg *pkg = n->from_paths ? NULL : dpkg_find(cx->db, n->pkg);

	if (n->from_paths) {
		if (closure_paths_key(cx, i, err) < 0)
			return -1;
	} else {
		x->key = gx_asprintf("dpkg %s:%s %s %s", pkg->name, pkg->arch, pkg->version,
		                     cx->c->priv->opts);
	}
	if (from_store(cx, i))
		return 0;
	if (pkg && depends_edges(cx, i, pkg, err) < 0)
		return -1;
	return closure_scan(cx, i, err);
}

/* Whether node i's catalog entry (or the catalog) excludes the Debian
 * package DEB from its Depends: by its name, or by a virtual package DEB
 * provides ("mail-transport-agent": whichever MTA the host has). */
static bool depends_excluded(struct closure_ctx *cx, size_t i, const char *deb)
{
	const struct catalog_entry *entry = cx->c->nodes[i].entry;
	const struct dpkg_pkg *d;
	struct gx_arena a = GX_ARENA_INIT;
	struct dpkg_group *g;
	bool r = false;
	long n;

	if (catalog_excludes(cx->cat, entry, deb))
		return true;
	if ((d = dpkg_find(cx->db, deb)) == NULL || d->provides == NULL)
		return false;
	n = dpkg_parse_depends(d->provides, &a, &g, NULL);
	for (long k = 0; k < n && !r; k++)
		for (size_t m = 0; m < g[k].n && !r; m++)
			r = catalog_excludes(cx->cat, entry, g[k].alts[m].name);
	gx_arena_free(&a);
	return r;
}

/* Turn node i's edges into nodes and deps. */
static void follow(struct closure_ctx *cx, size_t i)
{
	/* dpkg_node() appends nodes, which may move priv->x and the edges in it:
	 * re-read node i's edge through cx every time, never keep a pointer to it
	 * across that call. */
	for (size_t k = 0; k < cx->c->priv->x[i].ne; k++) {
		const struct edge *e = &cx->c->priv->x[i].e[k];
		const struct dpkg_pkg *d;
		long j = find_node(cx, e->pkg);

		if (e->kind == CLOSURE_WHY_DEPENDS && depends_excluded(cx, i, e->pkg))
			continue;
		if (j < 0) {
			if (!(d = dpkg_find(cx->db, e->pkg))) {
				closure_warn(cx,
				             "%s: recorded dependency '%s' is not installed on the "
				             "host: skipped",
				             cx->c->nodes[i].pkg, e->pkg);
				continue;
			}
			j = (long)dpkg_node(cx, d, cx->c->nodes[i].entry, e->kind, i, e->detail);
		}
		closure_node_dep(cx, i, (size_t)j);
	}
}

void closure_node_dep(struct closure_ctx *cx, size_t i, size_t j)
{
	struct closure_node *n = &cx->c->nodes[i];

	if (i == j)
		return;
	for (size_t k = 0; k < n->n_deps; k++)
		if (n->deps[k] == j)
			return;
	n->deps = gx_xrealloc(n->deps, (n->n_deps + 1) * sizeof(size_t));
	n->deps[n->n_deps++] = j;
}

/* ---- requested packages ---- */

static const struct dpkg_pkg *first_installed(struct closure_ctx *cx, const char *alts)
{
	_cleanup_free_ char *copy = gx_xstrdup(alts);
	char *save = NULL;

	for (char *a = strtok_r(copy, "|", &save); a; a = strtok_r(NULL, "|", &save)) {
		const struct dpkg_pkg *p;

		while (*a == ' ')
			a++;
		a[strcspn(a, " ")] = '\0';
		if ((p = dpkg_find(cx->db, a)))
			return p;
	}
	return NULL;
}

static int missing(struct closure_ctx *cx, const struct os_package *op, const char *what,
                   const char *hint, struct gx_error **err)
{
	if (op->base) {
		gx_buf_printf(&cx->skipped, "%s%s (%s)", cx->skipped.len ? ", " : "", op->name,
		              hint);
		return 0;
	}
	if (op->loc.file)
		return gx_fail_input(err,
		                     "%s:%d:%d: package '%s' is not installed on this host (%s "
		                     "missing): %s",
		                     op->loc.file, op->loc.line, op->loc.col, op->name, what, hint);
	return gx_fail_input(err, "package '%s' is not installed on this host (%s missing): %s",
	                     op->name, what, hint);
}

static int add_entry(struct closure_ctx *cx, const struct os_package *op,
                     const struct catalog_entry *e, struct gx_error **err)
{
	long first = -1;

	if (e->backend == CATALOG_PATHS) {
		/* add_node() may move the nodes: index them only after it */
		if (find_node(cx, e->name) < 0) {
			size_t i = add_node(cx, e->name, e->version, e, true);

			set_why(&cx->c->nodes[i], CLOSURE_WHY_REQUESTED, 0, NULL);
		}
		return 0;
	}
	for (char **d = e->debian; *d; d++) {
		const struct dpkg_pkg *p = first_installed(cx, *d);

		if (!p)
			return missing(cx, op, *d, e->install_hint, err);
		size_t i = dpkg_node(cx, p, e, CLOSURE_WHY_REQUESTED, 0, NULL);
		if (first < 0)
			first = (long)i;
	}
	for (char **d = e->extra; first >= 0 && *d; d++) {
		const struct dpkg_pkg *p = first_installed(cx, *d);

		if (!p && op->base) { /* said with the members skipped, in one line */
			_cleanup_free_ char *alts = gx_xstrdup(*d);

			alts[strcspn(alts, "|")] = '\0';
			gx_buf_printf(&cx->skipped, "%s%s's %s (apt-get install %s)",
			              cx->skipped.len ? ", " : "", op->name, *d, alts);
			continue;
		}
		if (!p) {
			closure_warn(cx, "package '%s': extra '%s' is not installed: skipped",
			             e->name, *d);
			continue;
		}
		closure_node_dep(cx, (size_t)first,
		                 dpkg_node(cx, p, e, CLOSURE_WHY_EXTRA, (size_t)first, NULL));
	}
	return 0;
}

/* For a Guix package of a given version the catalog has not, NAME-VERSION
 * (postgresql-14, where Debian 12 has only 15): what the catalog's NAME
 * is, which the declaration may mean; else "".  Allocated. */
static char *versioned_hint(struct closure_ctx *cx, const char *name)
{
	const char *dash = strrchr(name, '-');
	const struct catalog_entry *e;
	struct gx_buf b = GX_BUF_INIT;

	if (dash == NULL || dash == name || dash[1] == '\0' ||
	    dash[1 + strspn(dash + 1, "0123456789.")] != '\0')
		return gx_xstrdup("");
	_cleanup_free_ char *base = gx_xstrndup(name, (size_t)(dash - name));
	if ((e = catalog_find(cx->cat, base)) == NULL || e->debian == NULL || e->debian[0] == NULL)
		return gx_xstrdup("");
	gx_buf_printf(&b, "; the catalog has '%s' (Debian's ", base);
	for (const char *d = e->debian[0]; *d; d++)
		if (*d == '|')
			gx_buf_puts(&b, " or ");
		else
			gx_buf_add(&b, d, 1);
	gx_buf_puts(&b, "), another version");
	return gx_buf_steal(&b);
}

static int add_requested(struct closure_ctx *cx, const struct os_package *op, struct gx_error **err)
{
	const struct catalog_entry *e = NULL;
	const struct dpkg_pkg *p;

	if (op->output && *op->output && strcmp(op->output, "out") != 0) {
		_cleanup_free_ char *full = gx_asprintf("%s:%s", op->name, op->output);
		e = catalog_find(cx->cat, full);
	}
	if (!e)
		e = catalog_find(cx->cat, op->name);

	if (e)
		return add_entry(cx, op, e, err);
	if ((p = dpkg_find(cx->db, op->name))) {
		dpkg_node(cx, p, NULL, CLOSURE_WHY_REQUESTED, 0, NULL);
		return 0;
	}
	_cleanup_free_ char *other = versioned_hint(cx, op->name);
	_cleanup_free_ char *hint =
	        gx_asprintf("not in the catalog (%s) and not an installed Debian package; "
	                    "install it (apt-get install %s) or add it to the catalog%s",
	                    cx->cat->file, op->name, other);
	if (op->base) {
		gx_buf_printf(&cx->skipped, "%s%s (apt-get install %s)",
		              cx->skipped.len ? ", " : "", op->name, op->name);
		return 0;
	}
	if (op->loc.file)
		return gx_fail_input(err, "%s:%d:%d: unknown package '%s': %s", op->loc.file,
		                     op->loc.line, op->loc.col, op->name, hint);
	return gx_fail_input(err, "unknown package '%s': %s", op->name, hint);
}

static void add_base_set(struct closure_ctx *cx)
{
	for (char **b = cx->cat->base_set; b && *b; b++) {
		const struct dpkg_pkg *p = first_installed(cx, *b);

		if (!p) {
			closure_warn(cx, "base set package '%s' is not installed: skipped", *b);
			continue;
		}
		dpkg_node(cx, p, NULL, CLOSURE_WHY_BASE_SET, 0, NULL);
	}
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

struct closure *closure_resolve(struct store *st, const struct catalog *cat,
                                const struct os_package *pkgs, size_t n_pkgs,
                                const struct closure_opts *opts, struct gx_error **err)
{
	struct closure *c = gx_xcalloc(1, sizeof(*c));
	struct closure_ctx cx = { st, cat, opts, NULL, c, GX_BUF_INIT };
	int rc = 0;

	c->priv = gx_xcalloc(1, sizeof(*c->priv));
	if (!(cx.db = c->priv->db = dpkg_db_load(catalog_host_root(cat), err))) {
		closure_free(c);
		return NULL;
	}
	c->priv->cat = cat;
	c->priv->opts = opts_tag(&cx);
	for (size_t i = 0; rc == 0 && i < n_pkgs; i++)
		rc = add_requested(&cx, &pkgs[i], err);
	if (cx.skipped.len)
		closure_warn(&cx, "skipping %%base-packages members not installed on this host: %s",
		             cx.skipped.data);
	gx_buf_free(&cx.skipped);
	if (rc == 0)
		add_base_set(&cx);
	for (size_t i = 0; rc == 0 && i < c->n; i++) {
		if ((rc = expand(&cx, i, err)) == 0)
			follow(&cx, i);
	}
	if (rc < 0) {
		closure_free(c);
		return NULL;
	}
	for (size_t i = 0; i < c->n; i++)
		if (c->nodes[i].n_deps)
			qsort(c->nodes[i].deps, c->nodes[i].n_deps, sizeof(size_t), cmp_size);
	return c;
}

size_t closure_missing(const struct closure *c)
{
	size_t n = 0;

	for (size_t i = 0; i < c->n; i++)
		n += !c->nodes[i].item;
	return n;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **closure_bases(const struct closure *c)
{
	char **v = gx_xcalloc(1, sizeof(char *));

	for (size_t i = 0; i < c->n; i++)
		if (c->nodes[i].item)
			v = gx_strv_push(v, c->nodes[i].item->base);
	qsort(v, gx_strv_len(v), sizeof(char *), cmp_str);
	return v;
}

void closure_free(struct closure *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		struct node_x *x = &c->priv->x[i];

		free(c->nodes[i].pkg);
		free(c->nodes[i].version);
		free(c->nodes[i].deps);
		free(c->nodes[i].why_detail);
		store_item_free(c->nodes[i].item);
		for (size_t k = 0; k < x->ne; k++) {
			free(x->e[k].pkg);
			free(x->e[k].detail);
		}
		free(x->e);
		free(x->key);
	}
	free(c->nodes);
	if (c->priv) {
		free(c->priv->x);
		free(c->priv->opts);
		hmap_free(&c->priv->by_pkg);
		closure_owners_free(c->priv);
		dpkg_db_free(c->priv->db);
		free(c->priv);
	}
	free(c);
}
