/* dpkg: read the host's package database (see dpkg.h). */
#include <ctype.h>
#include <dirent.h>
#include <fnmatch.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dpkg.h"
#include "util.h"

/* ---- merged /usr ---- */

static const char *const merged_dirs[] = { "bin", "sbin", "lib", "lib32", "lib64", "libx32" };

static bool is_merged_dir(const char *c, size_t n)
{
	for (size_t i = 0; i < sizeof(merged_dirs) / sizeof(merged_dirs[0]); i++)
		if (strlen(merged_dirs[i]) == n && memcmp(merged_dirs[i], c, n) == 0)
			return true;
	return false;
}

/* Split into components, resolve "." and ".." lexically, then prefix usr/
 * when the first component is one of the merged directories. */
char *dpkg_canon(const char *path)
{
	struct gx_buf b = GX_BUF_INIT;
	size_t ncomp = 0;
	size_t *starts = gx_xcalloc(strlen(path) / 2 + 2, sizeof(size_t));

	for (const char *p = path; *p;) {
		size_t n;

		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.')) {
			p += n;
			continue;
		}
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (ncomp > 0)
				b.len = starts[--ncomp];
			if (b.data)
				b.data[b.len] = '\0';
			p += n;
			continue;
		}
		starts[ncomp] = b.len;
		if (ncomp == 0 && is_merged_dir(p, n))
			gx_buf_puts(&b, "usr/");
		else if (ncomp > 0)
			gx_buf_putc(&b, '/');
		ncomp++;
		gx_buf_add(&b, p, n);
		p += n;
	}
	free(starts);
	return gx_buf_steal(&b);
}

bool dpkg_path_skipped(const char *rel, char *const *prefixes)
{
	for (; prefixes && *prefixes; prefixes++) {
		size_t n = strlen(*prefixes);

		if (strncmp(rel, *prefixes, n) == 0 && (rel[n] == '\0' || rel[n] == '/'))
			return true;
	}
	return false;
}

/* ---- status ---- */

static char *field_end(char *p)
{
	for (;;) {
		char *nl = strchr(p, '\n');

		if (!nl)
			return p + strlen(p);
		if (nl[1] != ' ' && nl[1] != '\t')
			return nl;
		p = nl + 1;
	}
}

struct field_slot {
	const char *key;
	size_t off;
};

#define F(k, m)                                                                                    \
	{                                                                                          \
		k, offsetof(struct dpkg_pkg, m)                                                    \
	}
static const struct field_slot fields[] = {
	F("Package", name),      F("Architecture", arch),
	F("Version", version),   F("Multi-Arch", multi_arch),
	F("Depends", depends),   F("Pre-Depends", pre_depends),
	F("Provides", provides), F("Conffiles", conffiles),
	F("Status", name), /* handled specially */
};
#undef F

static void set_field(struct dpkg_pkg *pkg, const char *key, size_t klen, const char *val)
{
	if (klen == 6 && memcmp(key, "Status", 6) == 0) {
		size_t n = strlen(val);

		pkg->installed = n >= 10 && strcmp(val + n - 10, " installed") == 0;
		return;
	}
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strlen(fields[i].key) == klen && memcmp(fields[i].key, key, klen) == 0)
			*(const char **)((char *)pkg + fields[i].off) = val;
}

/* Parse one stanza starting at p; returns the start of the next one. */
static char *parse_stanza(char *p, struct dpkg_pkg *pkg)
{
	while (*p && *p != '\n') {
		char *colon = strchr(p, ':'), *end, *val;

		end = field_end(p);
		if (!colon || colon > end) { /* not a field: skip the line */
			p = *end ? end + 1 : end;
			continue;
		}
		val = colon + 1;
		while (*val == ' ' || *val == '\t')
			val++;
		bool last = *end == '\0';
		*end = '\0';
		set_field(pkg, p, (size_t)(colon - p), val);
		p = last ? end : end + 1;
	}
	while (*p == '\n')
		p++;
	return p;
}

static void add_provides(struct dpkg_db *db, struct dpkg_pkg *pkg)
{
	struct dpkg_group *g;
	long n = dpkg_parse_depends(pkg->provides, &db->arena, &g, NULL);

	for (long i = 0; i < n; i++)
		for (size_t j = 0; j < g[i].n; j++) {
			struct dpkg_prov *pv = gx_arena_alloc(&db->arena, sizeof(*pv));

			pv->pkg = pkg;
			/* keep status order: append */
			struct dpkg_prov *head = hmap_get(&db->providers, g[i].alts[j].name);
			if (!head) {
				hmap_put(&db->providers, g[i].alts[j].name, pv);
			} else {
				while (head->next)
					head = head->next;
				head->next = pv;
			}
		}
}

static bool arch_preferred(const struct dpkg_db *db, const struct dpkg_pkg *p)
{
	return p->arch && (strcmp(p->arch, db->native_arch) == 0 || strcmp(p->arch, "all") == 0);
}

static void index_pkgs(struct dpkg_db *db)
{
	for (size_t i = 0; i < db->n; i++) {
		struct dpkg_pkg *p = &db->pkgs[i];
		const struct dpkg_pkg *old;

		if (!p->installed || !p->name)
			continue;
		if (!p->arch)
			p->arch = "all";
		if (!p->version)
			p->version = "";
		old = hmap_get(&db->by_name, p->name);
		if (!old || (!arch_preferred(db, old) && arch_preferred(db, p)))
			hmap_put(&db->by_name, p->name, p);
		hmap_put(&db->by_name, gx_arena_printf(&db->arena, "%s:%s", p->name, p->arch), p);
		if (p->provides)
			add_provides(db, p);
	}
}

static int load_status(struct dpkg_db *db, struct gx_error **err)
{
	_cleanup_free_ char *path = gx_asprintf("%s/var/lib/dpkg/status", db->root);
	_cleanup_free_ char *data = NULL;
	size_t len, cap = 0;
	char *p;

	if (gx_read_file(path, &data, &len) < 0)
		return gx_fail_errno(err, "cannot read the dpkg database '%s'", path);
	p = gx_arena_strndup(&db->arena, data, len);
	while (*p == '\n')
		p++;
	while (*p) {
		if (db->n == cap) {
			cap = cap ? cap * 2 : 1024;
			db->pkgs = gx_xrealloc(db->pkgs, cap * sizeof(*db->pkgs));
		}
		memset(&db->pkgs[db->n], 0, sizeof(db->pkgs[0]));
		p = parse_stanza(p, &db->pkgs[db->n++]);
	}
	return 0;
}

static void load_diversions(struct dpkg_db *db)
{
	_cleanup_free_ char *path = gx_asprintf("%s/var/lib/dpkg/diversions", db->root);
	_cleanup_free_ char *data = NULL;
	size_t len;
	char *lines[3], *p, *save = NULL;

	if (gx_read_file(path, &data, &len) < 0)
		return; /* no diversions */
	p = gx_arena_strndup(&db->arena, data, len);
	for (;;) {
		for (int i = 0; i < 3; i++) {
			lines[i] = strtok_r(p, "\n", &save);
			p = NULL;
			if (!lines[i])
				return;
		}
		struct dpkg_div *d = gx_arena_alloc(&db->arena, sizeof(*d));
		d->to = lines[1];
		d->by = lines[2];
		hmap_put(&db->diversions, lines[0], d);
	}
}

static void read_filters(struct dpkg_db *db, const char *path)
{
	_cleanup_free_ char *data = NULL;
	size_t len;
	char *save = NULL;

	if (gx_read_file(path, &data, &len) < 0)
		return;
	for (char *l = strtok_r(data, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		while (*l == ' ' || *l == '\t')
			l++;
		bool ex = strncmp(l, "path-exclude", 12) == 0,
		     in = strncmp(l, "path-include", 12) == 0;
		if (!ex && !in)
			continue;
		l += 12;
		while (*l == ' ' || *l == '\t' || *l == '=')
			l++;
		_cleanup_free_ char *f = gx_asprintf("%c%s", ex ? '-' : '+', l);
		db->path_filters = gx_strv_push(db->path_filters, f);
	}
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* dpkg reads dpkg.cfg, then dpkg.cfg.d/ in name order. */
static void load_filters(struct dpkg_db *db)
{
	_cleanup_free_ char *cfg = gx_asprintf("%s/etc/dpkg/dpkg.cfg", db->root);
	_cleanup_free_ char *dir = gx_asprintf("%s/etc/dpkg/dpkg.cfg.d", db->root);
	_cleanup_strv_ char **names = NULL;
	DIR *d;
	struct dirent *e;

	read_filters(db, cfg);
	if (!(d = opendir(dir)))
		return;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			names = gx_strv_push(names, e->d_name);
	closedir(d);
	if (!names)
		return;
	qsort(names, gx_strv_len(names), sizeof(char *), cmp_strp);
	for (char **n = names; *n; n++) {
		_cleanup_free_ char *p = gx_asprintf("%s/%s", dir, *n);
		read_filters(db, p);
	}
}

bool dpkg_path_filtered(const struct dpkg_db *db, const char *path)
{
	bool excluded = false;

	for (char **f = db->path_filters; f && *f; f++)
		if (fnmatch(*f + 1, path, 0) == 0)
			excluded = **f == '-';
	return excluded;
}

struct dpkg_db *dpkg_db_load(const char *root, struct gx_error **err)
{
	struct dpkg_db *db = gx_xcalloc(1, sizeof(*db));
	size_t rl = strlen(root);
	struct stat st;

	while (rl > 0 && root[rl - 1] == '/')
		rl--;
	db->root = gx_xstrndup(root, rl);
	db->infodir = gx_asprintf("%s/var/lib/dpkg/info", db->root);
	_cleanup_free_ char *bin = gx_asprintf("%s/bin", db->root);
	db->merged_usr = lstat(bin, &st) < 0 || S_ISLNK(st.st_mode);
	if (load_status(db, err) < 0) {
		dpkg_db_free(db);
		return NULL;
	}
	const struct dpkg_pkg *dp = NULL;
	for (size_t i = 0; i < db->n; i++)
		if (db->pkgs[i].name && strcmp(db->pkgs[i].name, "dpkg") == 0 &&
		    db->pkgs[i].installed)
			dp = &db->pkgs[i];
	db->native_arch = dp && dp->arch ? dp->arch : "amd64";
	index_pkgs(db);
	load_diversions(db);
	load_filters(db);
	return db;
}

void dpkg_db_free(struct dpkg_db *db)
{
	if (!db)
		return;
	hmap_free(&db->by_name);
	hmap_free(&db->providers);
	hmap_free(&db->diversions);
	gx_strv_free(db->path_filters);
	free(db->pkgs);
	free(db->root);
	free(db->infodir);
	gx_arena_free(&db->arena);
	free(db);
}

const struct dpkg_pkg *dpkg_find(const struct dpkg_db *db, const char *name)
{
	return hmap_get(&db->by_name, name);
}

/* ---- Depends ---- */

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	return p;
}

static bool name_char(char c)
{
	return isalnum((unsigned char)c) || c == '+' || c == '-' || c == '.';
}

static int parse_alt(const char **pp, struct gx_arena *a, struct dpkg_alt *alt,
                     struct gx_error **err)
{
	const char *p = skip_ws(*pp), *s = p;

	while (name_char(*p))
		p++;
	if (p == s)
		return gx_fail_input(err, "bad dependency near '%.20s'", s);
	alt->name = gx_arena_strndup(a, s, (size_t)(p - s));
	if (*p == ':') {
		s = ++p;
		while (name_char(*p))
			p++;
		alt->arch = gx_arena_strndup(a, s, (size_t)(p - s));
	}
	p = skip_ws(p);
	if (*p == '(') {
		s = p = skip_ws(p + 1);
		while (*p == '<' || *p == '>' || *p == '=')
			p++;
		alt->op = gx_arena_strndup(a, s, (size_t)(p - s));
		s = p = skip_ws(p);
		while (*p && *p != ')' && *p != ' ')
			p++;
		alt->version = gx_arena_strndup(a, s, (size_t)(p - s));
		p = skip_ws(p);
		if (*p != ')')
			return gx_fail_input(err, "unterminated version in dependency '%s'",
			                     alt->name);
		p = skip_ws(p + 1);
	}
	/* architecture restrictions [...] and build profiles <...>: ignored */
	while (*p == '[' || *p == '<') {
		const char *close = strchr(p, *p == '[' ? ']' : '>');

		if (!close)
			return gx_fail_input(err, "unterminated restriction in dependency '%s'",
			                     alt->name);
		p = skip_ws(close + 1);
	}
	*pp = p;
	return 0;
}

long dpkg_parse_depends(const char *field, struct gx_arena *a, struct dpkg_group **out,
                        struct gx_error **err)
{
	size_t n = 0, cap = 4;
	struct dpkg_group *g = gx_arena_alloc(a, cap * sizeof(*g));
	const char *p = field ? skip_ws(field) : "";

	while (*p) {
		struct dpkg_alt alts[32];
		size_t na = 0;

		for (;;) {
			if (na == 32)
				return gx_fail_input(err, "too many alternatives in dependency");
			memset(&alts[na], 0, sizeof(alts[na]));
			if (parse_alt(&p, a, &alts[na++], err) < 0)
				return -1;
			if (*p != '|')
				break;
			p++;
		}
		if (*p && *p != ',')
			return gx_fail_input(err, "unexpected '%c' in dependency field", *p);
		if (n == cap) {
			struct dpkg_group *ng = gx_arena_alloc(a, cap * 2 * sizeof(*g));
			memcpy(ng, g, cap * sizeof(*g));
			g = ng;
			cap *= 2;
		}
		g[n].alts = gx_arena_alloc(a, na * sizeof(struct dpkg_alt));
		memcpy(g[n].alts, alts, na * sizeof(struct dpkg_alt));
		g[n++].n = na;
		if (*p == ',')
			p = skip_ws(p + 1);
	}
	*out = g;
	return (long)n;
}

static const struct dpkg_pkg *find_alt(const struct dpkg_db *db, const struct dpkg_alt *alt)
{
	if (alt->arch && strcmp(alt->arch, "any") != 0) {
		char key[256];

		snprintf(key, sizeof(key), "%s:%s", alt->name, alt->arch);
		return dpkg_find(db, key);
	}
	return dpkg_find(db, alt->name);
}

const struct dpkg_pkg *dpkg_resolve(const struct dpkg_db *db, const struct dpkg_group *g,
                                    const char *(*prefer)(const void *ctx, const char *virt),
                                    const void *ctx)
{
	for (size_t i = 0; i < g->n; i++) {
		const struct dpkg_pkg *p = find_alt(db, &g->alts[i]);

		if (p)
			return p;
	}
	for (size_t i = 0; i < g->n; i++) {
		const struct dpkg_prov *pv = hmap_get(&db->providers, g->alts[i].name);
		const char *want = prefer ? prefer(ctx, g->alts[i].name) : NULL;

		if (want && dpkg_find(db, want))
			return dpkg_find(db, want);
		for (; pv; pv = pv->next)
			if (dpkg_find(db, pv->pkg->name) == pv->pkg)
				return pv->pkg;
	}
	return NULL;
}

/* ---- files ---- */

static char *info_path(const struct dpkg_db *db, const struct dpkg_pkg *pkg, const char *ext)
{
	char *p = gx_asprintf("%s/%s:%s.%s", db->infodir, pkg->name, pkg->arch, ext);

	if (access(p, F_OK) == 0)
		return p;
	free(p);
	return gx_asprintf("%s/%s.%s", db->infodir, pkg->name, ext);
}

int dpkg_pkg_list(const struct dpkg_db *db, const struct dpkg_pkg *pkg,
                  void (*fn)(void *ctx, const char *rel), void *ctx, struct gx_error **err)
{
	_cleanup_free_ char *path = info_path(db, pkg, "list");
	_cleanup_free_ char *data = NULL;
	size_t len;
	char *save = NULL;

	(void)err;
	if (gx_read_file(path, &data, &len) < 0)
		return 0;
	for (char *l = strtok_r(data, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		_cleanup_free_ char *rel = dpkg_canon(l);
		if (*rel)
			fn(ctx, rel);
	}
	return 0;
}

struct files_acc {
	struct dpkg_file *v;
	size_t n, cap;
};

static struct dpkg_file *acc_add(struct files_acc *a)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 64;
		a->v = gx_xrealloc(a->v, a->cap * sizeof(*a->v));
	}
	memset(&a->v[a->n], 0, sizeof(a->v[0]));
	return &a->v[a->n++];
}

static int cmp_file(const void *x, const void *y)
{
	const struct dpkg_file *a = x, *b = y;
	int c = strcmp(a->rel, b->rel);

	/* on duplicates, the one with a digest first */
	return c ? c : (b->md5[0] != 0) - (a->md5[0] != 0);
}

static char *host_path(const struct dpkg_db *db, const struct dpkg_pkg *pkg, const char *orig,
                       const char *rel)
{
	const struct dpkg_div *d = hmap_get(&db->diversions, orig);

	if (d && strcmp(d->by, pkg->name) != 0) {
		_cleanup_free_ char *to = dpkg_canon(d->to);
		return gx_asprintf("%s/%s", db->root, db->merged_usr ? to : d->to + 1);
	}
	return gx_asprintf("%s/%s", db->root, db->merged_usr ? rel : orig + 1);
}

static void read_md5sums(const struct dpkg_db *db, const struct dpkg_pkg *pkg, struct hmap *m,
                         struct gx_arena *a)
{
	_cleanup_free_ char *path = info_path(db, pkg, "md5sums");
	_cleanup_free_ char *data = NULL;
	size_t len;
	char *save = NULL;

	if (gx_read_file(path, &data, &len) < 0)
		return;
	for (char *l = strtok_r(data, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (strlen(l) < 35 || l[32] != ' ')
			continue;
		l[32] = '\0';
		char *rel = dpkg_canon(l + 34);
		hmap_put(m, gx_arena_strdup(a, rel), gx_arena_strdup(a, l));
		free(rel);
	}
}

/* Conffiles field: " /etc/x md5 [obsolete|remove-on-upgrade]" lines. */
static void read_conffiles(const struct dpkg_pkg *pkg, struct hmap *m, struct gx_arena *a)
{
	_cleanup_free_ char *copy = pkg->conffiles ? gx_xstrdup(pkg->conffiles) : NULL;
	char *save = NULL;

	for (char *l = copy ? strtok_r(copy, "\n", &save) : NULL; l;
	     l = strtok_r(NULL, "\n", &save)) {
		char *s2 = NULL, *path = strtok_r(l, " \t", &s2), *md5 = strtok_r(NULL, " \t", &s2);
		char *flag = strtok_r(NULL, " \t", &s2);

		if (!path || !md5 || strlen(md5) != 32 || (flag && strcmp(flag, "obsolete") == 0))
			continue;
		char *rel = dpkg_canon(path);
		hmap_put(m, gx_arena_strdup(a, rel), gx_arena_strdup(a, md5));
		free(rel);
	}
}

int dpkg_pkg_files(const struct dpkg_db *db, const struct dpkg_pkg *pkg, char *const *skip,
                   struct dpkg_file **out, size_t *n, struct gx_error **err)
{
	_cleanup_free_ char *path = info_path(db, pkg, "list");
	_cleanup_free_ char *data = NULL;
	struct gx_arena a = GX_ARENA_INIT;
	struct hmap md5 = HMAP_INIT, conf = HMAP_INIT;
	struct files_acc acc = { 0 };
	size_t len, w = 0;
	char *save = NULL;

	if (gx_read_file(path, &data, &len) < 0)
		return gx_fail_errno(err, "cannot read the file list of '%s' ('%s')", pkg->name,
		                     path);
	read_md5sums(db, pkg, &md5, &a);
	read_conffiles(pkg, &conf, &a);
	for (char *l = strtok_r(data, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *rel = dpkg_canon(l);
		const char *sum;

		if (!*rel || dpkg_path_skipped(rel, skip) || dpkg_path_filtered(db, l)) {
			free(rel);
			continue;
		}
		struct dpkg_file *f = acc_add(&acc);
		f->rel = rel;
		f->host = host_path(db, pkg, l, rel);
		if ((sum = hmap_get(&conf, rel))) {
			f->conffile = true;
			snprintf(f->md5, sizeof(f->md5), "%s", sum);
		} else if ((sum = hmap_get(&md5, rel))) {
			snprintf(f->md5, sizeof(f->md5), "%s", sum);
		}
	}
	hmap_free(&md5);
	hmap_free(&conf);
	gx_arena_free(&a);
	if (acc.n)
		qsort(acc.v, acc.n, sizeof(*acc.v), cmp_file);
	for (size_t i = 0; i < acc.n; i++) {
		if (w && strcmp(acc.v[w - 1].rel, acc.v[i].rel) == 0) {
			free(acc.v[i].rel);
			free(acc.v[i].host);
			continue;
		}
		acc.v[w++] = acc.v[i];
	}
	*out = acc.v;
	*n = w;
	return 0;
}

void dpkg_files_free(struct dpkg_file *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(f[i].rel);
		free(f[i].host);
	}
	free(f);
}
