/* store_gc: adding produced directories, gc, optimize and verify (store.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hash.h"
#include "store_int.h"
#include "store_manifest.h"

/* ---- manifests on disk ---- */

static char *read_manifest(struct store *st, const char *base)
{
	_cleanup_free_ char *p = gx_asprintf("%s/.db/manifest/%s", st->dir, base);
	char *data = NULL;
	size_t len;

	return gx_read_file(p, &data, &len) < 0 ? NULL : data;
}

/* Calls fn for each 'f' line of a manifest: path (unescaped), digest, mode, size. */
static void manifest_files(const char *manifest,
                           void (*fn)(void *ctx, const char *path, const char *digest,
                                      unsigned mode, uint64_t size),
                           void *ctx)
{
	_cleanup_free_ char *copy = gx_xstrdup(manifest);
	char *save = NULL;

	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		unsigned mode;
		unsigned long long size;
		char digest[65], path[PATH_MAX + 1];

		if (l[0] != 'f' ||
		    sscanf(l, "f %o %llu %64s %4096s", &mode, &size, digest, path) != 4)
			continue;
		_cleanup_free_ char *u = store_unescape(path);
		if (u)
			fn(ctx, u, digest, mode, size);
	}
}

/* ---- add_dir ---- */

struct links_ctx {
	struct store *st;
	const char *base;
	struct hmap *map;
	struct gx_arena *a;
};

static void add_link(void *vctx, const char *path, const char *digest, unsigned mode, uint64_t size)
{
	struct links_ctx *c = vctx;
	_cleanup_free_ char *p = gx_asprintf("%s/%s", c->base, path);
	struct stat st;
	char key[64];

	(void)mode;
	if (fstatat(c->st->dfd, p, &st, AT_SYMLINK_NOFOLLOW) < 0 || (uint64_t)st.st_size != size)
		return;
	snprintf(key, sizeof(key), "%llx:%llx", (unsigned long long)st.st_dev,
	         (unsigned long long)st.st_ino);
	hmap_put(c->map, gx_arena_strdup(c->a, key), gx_arena_strdup(c->a, digest));
}

static int refs_links(struct store *st, char *const *refs, struct hmap *map, struct gx_arena *a,
                      struct gx_error **err)
{
	for (char *const *r = refs; r && *r; r++) {
		_cleanup_free_ char *m = NULL;

		if (store_is_valid(st, *r) != 1)
			return gx_fail(err, GX_EXIT_SYSTEM, 0, "reference '%s' is not a valid item",
			               *r);
		if (!(m = read_manifest(st, *r)))
			continue;
		struct links_ctx c = { st, *r, map, a };
		manifest_files(m, add_link, &c);
	}
	return 0;
}

/* Owner root (when we can), write bits off, setuid/setgid stripped and recorded. */
static int canonicalise(int dfd, const char *dir, struct mf *m, struct gx_error **err)
{
	bool root = geteuid() == 0;

	for (size_t i = m->n; i-- > 0;) {
		struct mf_ent *e = &m->ents[i];
		unsigned mode = e->type == 'l' ? 0 : e->mode & 0555;

		if (e->type != 'l' && (e->mode & 06000))
			mf_add_priv(m, e->path, e->mode, NULL);
		if (root && fchownat(dfd, e->path, 0, 0, AT_SYMLINK_NOFOLLOW) < 0)
			return gx_fail_errno(err, "cannot chown '%s/%s'", dir, e->path);
		if (e->type != 'l' && mode != e->mode && fchmodat(dfd, e->path, mode, 0) < 0)
			return gx_fail_errno(err, "cannot chmod '%s/%s'", dir, e->path);
		e->mode = mode;
	}
	if (fchmod(dfd, 0555) < 0)
		return gx_fail_errno(err, "cannot chmod '%s'", dir);
	mf_sort(m);
	return 0;
}

/* Put dir under <store>/.tmp/ if it is not there already; returns the path. */
static char *into_tmp(struct store *st, const char *dir, struct gx_error **err)
{
	_cleanup_free_ char *tmproot = gx_asprintf("%s/.tmp/", st->dir);
	char *dest;

	if (strncmp(dir, tmproot, strlen(tmproot)) == 0 && !strchr(dir + strlen(tmproot), '/'))
		return gx_xstrdup(dir);
	if (!(dest = store_mkdtemp(st, "add", err)))
		return NULL;
	if (rmdir(dest) < 0 || rename(dir, dest) < 0) {
		gx_fail_errno(err,
		              "cannot move '%s' into '%s' (it must be on the store's file system: "
		              "use store_mkdtemp)",
		              dir, dest);
		free(dest);
		return NULL;
	}
	return dest;
}

struct store_item *store_add_dir(struct store *st, const char *dir, const char *name,
                                 const char *version, char *const *refs, struct gx_error **err)
{
	struct mf m = { 0 };
	struct hmap links = HMAP_INIT;
	struct gx_arena a = GX_ARENA_INIT;
	_cleanup_free_ char *tmp = NULL, *ser = NULL, *base = NULL, *meta = NULL;
	_cleanup_close_ int fd = -1;
	struct store_item *it = NULL;

	if (!st->buf)
		st->buf = gx_xmalloc(STORE_BUF_SIZE);
	if (refs_links(st, refs, &links, &a, err) < 0 || !(tmp = into_tmp(st, dir, err)))
		goto out;
	fd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		gx_fail_errno(err, "cannot open '%s'", tmp);
		goto out;
	}
	if (mf_walk(fd, tmp, &m, st->buf, STORE_BUF_SIZE, &links, err) < 0 ||
	    canonicalise(fd, tmp, &m, err) < 0)
		goto out;
	ser = mf_serialise(&m, name, version, refs);
	base = mf_base(ser, name, version);
	meta = store_meta_text(name, version ? version : "", base, m.size, m.nfiles, NULL, refs,
	                       NULL, NULL);
	if (store_prepare(st, base, ser, meta, err) < 0 || store_sync(st, err) < 0)
		goto out;
	if (store_register(st, tmp, base, ser, meta, err) >= 0 && store_sync(st, err) == 0)
		it = store_item_get(st, base, err);
out:
	if (!it)
		gx_wrap(err, "cannot add '%s' to the store", dir);
	mf_free(&m);
	hmap_free(&links);
	gx_arena_free(&a);
	return it;
}

/* ---- gc ---- */

/* The item a root reaches, or NULL (*GONE: it leads to nothing). */
static char *root_base(struct store *st, const char *real_store, const char *root, bool *gone)
{
	_cleanup_free_ char *p = gx_asprintf("%s/.roots/%s", st->dir, root);
	_cleanup_free_ char *real = realpath(p, NULL);

	*gone = real == NULL && (errno == ENOENT || errno == ENOTDIR);
	return real ? store_path_base(real_store, real) : NULL;
}

static void mark(struct store *st, struct hmap *live, struct gx_arena *a, const char *base)
{
	struct store_item *it;

	if (hmap_get(live, base) || store_is_valid(st, base) != 1)
		return;
	hmap_put(live, gx_arena_strdup(a, base), (void *)1);
	it = store_item_get(st, base, NULL);
	for (char **r = it ? it->refs : NULL; r && *r; r++)
		mark(st, live, a, *r);
	store_item_free(it);
}

/* Marks what the roots reach.  A root of `gxsys container -r FILE` whose
 * FILE was removed is removed too (unless DRY_RUN). */
static int mark_roots(struct store *st, struct hmap *live, struct gx_arena *a, bool dry_run,
                      struct gx_error **err)
{
	_cleanup_free_ char *rdir = gx_asprintf("%s/.roots", st->dir);
	_cleanup_free_ char *real_store = realpath(st->dir, NULL);
	DIR *d = gx_opendirat(AT_FDCWD, rdir, 0);
	struct dirent *e;

	if (!d || !real_store) {
		if (d)
			closedir(d);
		return gx_fail_errno(err, "cannot read the GC roots '%s'", rdir);
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		bool gone;
		_cleanup_free_ char *b = root_base(st, real_store, e->d_name, &gone);
		if (b)
			mark(st, live, a, b);
		else if (gone && !dry_run && strncmp(e->d_name, "gxsys-r-", 8) == 0)
			unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
	return 0;
}

/* ---- items in use ---- */

/* What running processes use is kept, as Guix's and Nix's collectors keep
 * their "runtime roots": an item named in a process's command line or
 * environment, or that it runs, maps, holds open or has as its working
 * directory or root.  A running container's PID 1 names its boot.conf (in
 * the boot item, which references the system and gxsys-init) on its command
 * line, and its launcher runs gxsys-init from the store, so no unrooted
 * container loses its /usr under it.  Paths are the host's: what a process
 * in a container's mount namespace opens is not seen here, but everything
 * it sees comes from the system item its PID 1 names. */
struct busy {
	struct store *st;
	struct hmap *live;
	struct gx_arena *a;
	size_t kept;
};

static void busy_mark(struct busy *b, const char *base)
{
	if (hmap_get(b->live, base) || store_is_valid(b->st, base) != 1)
		return;
	mark(b->st, b->live, b->a, base);
	b->kept++;
}

/* Marks every item whose path TEXT holds (any number, anywhere). */
static void busy_scan(struct busy *b, const char *text, size_t len)
{
	/* st->dir is the store's real path (store_open) */
	size_t n = strlen(b->st->dir);
	const char *p = text, *end = text + len;

	while ((p = memmem(p, (size_t)(end - p), b->st->dir, n))) {
		char base[NAME_MAX + 1];
		size_t k = 0;

		p += n;
		if (p >= end || *p != '/')
			continue;
		for (p++; p < end && k < NAME_MAX && !strchr("/\n\t \"'=;,", *p) && *p; p++)
			base[k++] = *p;
		base[k] = '\0';
		busy_mark(b, base);
		/* "ITEM:..." in a search path such as PATH's */
		if (strchr(base, ':')) {
			base[strcspn(base, ":")] = '\0';
			busy_mark(b, base);
		}
	}
}

static void busy_file(struct busy *b, int pid_dir, const char *name)
{
	_cleanup_free_ char *data = NULL;
	size_t len;

	if (gx_read_file_at(pid_dir, name, &data, &len) == 0)
		busy_scan(b, data, len);
}

static void busy_link(struct busy *b, int dir, const char *name)
{
	char target[PATH_MAX];
	ssize_t n = readlinkat(dir, name, target, sizeof(target));

	if (n > 0)
		busy_scan(b, target, (size_t)n);
}

static void busy_process(struct busy *b, int proc, const char *pid)
{
	_cleanup_close_ int pd = openat(proc, pid, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d;
	struct dirent *e;

	if (pd < 0)
		return; /* gone meanwhile */
	busy_file(b, pd, "cmdline");
	busy_file(b, pd, "environ");
	busy_file(b, pd, "maps");
	busy_link(b, pd, "exe");
	busy_link(b, pd, "cwd");
	busy_link(b, pd, "root");
	if (!(d = gx_opendirat(pd, "fd", 0)))
		return;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			busy_link(b, dirfd(d), e->d_name);
	closedir(d);
}

/* Marks what the running processes use; returns how many items (not
 * counting what they reference) that kept, or -1 without /proc. */
static long mark_busy(struct store *st, struct hmap *live, struct gx_arena *a,
                      struct gx_error **err)
{
	struct busy b = { st, live, a, 0 };
	DIR *d = gx_opendirat(AT_FDCWD, "/proc", 0);
	struct dirent *e;

	if (!d) {
		return gx_fail_errno(err, "cannot read /proc (to keep what running processes use)");
	}
	while ((e = readdir(d)))
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9')
			busy_process(&b, dirfd(d), e->d_name);
	closedir(d);
	return (long)b.kept;
}

static uint64_t item_size(struct store *st, const char *base)
{
	struct store_item *it = store_item_get(st, base, NULL);
	uint64_t n = it ? it->size : 0;

	store_item_free(it);
	return n;
}

/* Invalidate first (metadata), then remove the files: a kill in between
 * leaves an unregistered directory the next run removes. */
static int delete_item(struct store *st, const char *base, uint64_t *freed, struct gx_error **err)
{
	_cleanup_free_ char *meta = gx_asprintf(".db/items/%s", base);
	_cleanup_free_ char *mf = gx_asprintf(".db/manifest/%s", base);

	if (unlinkat(st->dfd, meta, 0) < 0 && errno != ENOENT)
		return gx_fail_errno(err, "cannot unregister '%s'", base);
	unlinkat(st->dfd, mf, 0);
	if (store_rm_rf_freed(st->dfd, base, freed) < 0)
		return gx_fail_errno(err, "cannot delete '%s/%s'", st->dir, base);
	return 0;
}

int store_delete_corrupt(struct store *st, const char *base, struct gx_error **err)
{
	int r;

	if (store_lock_exclusive(st, err) < 0)
		return -1;
	r = store_is_registered(st, base) == 1 ? delete_item(st, base, NULL, err) : 0;
	store_lock_shared(st);
	return r;
}

static void drop_dead_sources(struct store *st)
{
	DIR *d = gx_opendirat(st->dfd, ".db/sources", 0);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		_cleanup_free_ char *p = gx_asprintf("%s/.db/sources/%s", st->dir, e->d_name);
		_cleanup_free_ char *data = NULL;
		size_t len;
		char *nl;

		if (e->d_name[0] == '.' || gx_read_file(p, &data, &len) < 0 ||
		    !(nl = strchr(data, '\n')))
			continue;
		nl[1 + strcspn(nl + 1, "\n")] = '\0';
		if (store_is_valid(st, nl + 1) != 1)
			unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
}

/* The dead items in the order of deletion: every item before the items it
 * references (depth first, references first, then reversed), so that a gc
 * killed midway leaves no valid item referring to a deleted one. */
struct dead_order {
	struct store *st;
	struct hmap *live, seen;
	struct gx_arena *a;
	char **out;
};

static void dead_visit(struct dead_order *o, const char *base)
{
	struct store_item *it;

	if (hmap_get(o->live, base) || hmap_get(&o->seen, base) ||
	    store_is_registered(o->st, base) != 1)
		return;
	hmap_put(&o->seen, gx_arena_strdup(o->a, base), (void *)1);
	it = store_item_get(o->st, base, NULL);
	for (char **r = it ? it->refs : NULL; r && *r; r++)
		dead_visit(o, *r);
	store_item_free(it);
	o->out = gx_strv_push(o->out, base);
}

static char **dead_order(struct store *st, struct hmap *live, struct gx_arena *a, char *const *all)
{
	struct dead_order o = { st, live, HMAP_INIT, a, gx_xcalloc(1, sizeof(char *)) };
	size_t n;

	for (char *const *b = all; *b; b++)
		dead_visit(&o, *b);
	hmap_free(&o.seen);
	n = gx_strv_len(o.out);
	for (size_t i = 0; i < n / 2; i++) {
		char *t = o.out[i];

		o.out[i] = o.out[n - 1 - i];
		o.out[n - 1 - i] = t;
	}
	return o.out;
}

int store_gc(struct store *st, bool dry_run,
             void (*report)(void *ctx, const char *base, uint64_t bytes), void *ctx,
             struct store_gc_stats *stats, struct gx_error **err)
{
	struct hmap live = HMAP_INIT;
	struct gx_arena a = GX_ARENA_INIT;
	_cleanup_strv_ char **all = NULL, **dead = NULL;
	long busy = 0;
	int rc = 0;

	memset(stats, 0, sizeof(*stats));
	if (store_lock_exclusive(st, err) < 0)
		return -1;
	if (mark_roots(st, &live, &a, dry_run, err) < 0 ||
	    (busy = mark_busy(st, &live, &a, err)) < 0 || !(all = store_list(st, err)))
		rc = -1;
	else
		stats->items_busy = (uint64_t)busy;
	for (char **b = all; rc == 0 && b && *b; b++)
		stats->items_kept += hmap_get(&live, *b) != NULL;
	if (rc == 0)
		dead = dead_order(st, &live, &a, all);
	for (char **b = dead; rc == 0 && b && *b; b++) {
		uint64_t sz;

		/* a dry run can only say the item's size; a deletion says what
		 * it freed: files still linked from kept items (a system's
		 * profile of its packages' files) free nothing */
		sz = dry_run ? item_size(st, *b) : 0;
		if (!dry_run && delete_item(st, *b, &sz, err) < 0) {
			rc = -1;
			break;
		}
		stats->items_deleted++;
		stats->bytes_freed += sz;
		if (report)
			report(ctx, *b, sz);
	}
	if (rc == 0 && !dry_run)
		drop_dead_sources(st);
	hmap_free(&live);
	gx_arena_free(&a);
	store_lock_shared(st);
	return rc;
}

/* ---- optimize ---- */

struct opt_ctx {
	struct store *st;
	const char *base;
	struct hmap *first; /* "digest:mode" -> "base/path" */
	struct gx_arena *a;
	struct store_gc_stats *stats;
	int rc;
};

static int replace_with_link(struct store *st, const char *src, const char *dst)
{
	_cleanup_free_ char *dir = gx_xstrndup(dst, (size_t)(strrchr(dst, '/') - dst));
	/* the new link is made in .tmp/ (same file system) and renamed over the
	 * duplicate: killed in between, it is left where cleanup finds it */
	_cleanup_free_ char *tmp = gx_asprintf(".tmp/optimize-link-%ld", (long)getpid());
	struct stat dst_st;
	bool chmodded = false;
	int rc;

	if (faccessat(st->dfd, dir, W_OK, AT_EACCESS) < 0) {
		if (fstatat(st->dfd, dir, &dst_st, 0) < 0 ||
		    fchmodat(st->dfd, dir, dst_st.st_mode | 0200, 0) < 0)
			return -1;
		chmodded = true;
	}
	unlinkat(st->dfd, tmp, 0);
	rc = linkat(st->dfd, src, st->dfd, tmp, 0);
	if (rc == 0 && (rc = renameat(st->dfd, tmp, st->dfd, dst)) < 0)
		unlinkat(st->dfd, tmp, 0);
	if (chmodded && fchmodat(st->dfd, dir, dst_st.st_mode & 07777, 0) < 0)
		rc = -1;
	return rc;
}

static void opt_file(void *vctx, const char *path, const char *digest, unsigned mode, uint64_t size)
{
	struct opt_ctx *c = vctx;
	char key[80];
	const char *first;
	struct stat a, b;

	if (c->rc < 0 || size == 0)
		return;
	snprintf(key, sizeof(key), "%s:%o", digest, mode);
	_cleanup_free_ char *p = gx_asprintf("%s/%s", c->base, path);
	if (!(first = hmap_get(c->first, key))) {
		hmap_put(c->first, gx_arena_strdup(c->a, key), gx_arena_strdup(c->a, p));
		return;
	}
	if (fstatat(c->st->dfd, first, &a, AT_SYMLINK_NOFOLLOW) < 0 ||
	    fstatat(c->st->dfd, p, &b, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(b.st_mode) ||
	    (a.st_dev == b.st_dev && a.st_ino == b.st_ino))
		return;
	if (replace_with_link(c->st, first, p) < 0) {
		if (errno == EMLINK) /* too many links: start a new group */
			hmap_put(c->first, gx_arena_strdup(c->a, key), gx_arena_strdup(c->a, p));
		return;
	}
	c->stats->files_linked++;
	if (b.st_nlink == 1)
		c->stats->bytes_saved += (uint64_t)b.st_size;
}

int store_optimize(struct store *st, struct store_gc_stats *stats, struct gx_error **err)
{
	struct hmap first = HMAP_INIT;
	struct gx_arena a = GX_ARENA_INIT;
	_cleanup_strv_ char **all = NULL;
	int rc = 0;

	if (store_lock_exclusive(st, err) < 0)
		return -1;
	if (!(all = store_list(st, err)))
		rc = -1;
	for (char **b = all; rc == 0 && b && *b; b++) {
		_cleanup_free_ char *m = read_manifest(st, *b);
		struct opt_ctx c = { st, *b, &first, &a, stats, 0 };

		if (m)
			manifest_files(m, opt_file, &c);
	}
	hmap_free(&first);
	gx_arena_free(&a);
	store_lock_shared(st);
	return rc;
}

/* ---- verify ---- */

/* Rebuild the serialisation from the stored header, privilege and ref lines
 * around freshly computed content lines. */
static char *reserialise(const char *stored, const char *content)
{
	struct gx_buf b = GX_BUF_INIT;
	_cleanup_free_ char *copy = gx_xstrdup(stored);
	char *save = NULL;
	bool content_done = false;

	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		bool is_content = (l[0] == 'd' || l[0] == 'f' || l[0] == 'l') && l[1] == ' ';
		bool is_tail = (l[0] == 'p' || l[0] == 'r') && l[1] == ' ';

		if (is_content)
			continue;
		if (is_tail && !content_done) {
			gx_buf_puts(&b, content);
			content_done = true;
		}
		gx_buf_printf(&b, "%s\n", l);
	}
	if (!content_done)
		gx_buf_puts(&b, content);
	return gx_buf_steal(&b);
}

static void report_diff(const char *stored, const char *fresh, const char *base,
                        void (*bad)(void *ctx, const char *base, const char *what), void *ctx)
{
	_cleanup_free_ char *a = gx_xstrdup(stored);
	_cleanup_free_ char *b = gx_xstrdup(fresh);
	struct hmap seen = HMAP_INIT;
	char *save = NULL;
	int shown = 0;

	for (char *l = strtok_r(b, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		hmap_put(&seen, l, (void *)1);
	save = NULL;
	for (char *l = strtok_r(a, "\n", &save); l && shown < 20; l = strtok_r(NULL, "\n", &save)) {
		if (!((l[0] == 'd' || l[0] == 'f' || l[0] == 'l') && l[1] == ' ') ||
		    hmap_get(&seen, l))
			continue;
		_cleanup_free_ char *what =
		        gx_asprintf("changed or missing: %s", strrchr(l, ' ') + 1);
		bad(ctx, base, what);
		shown++;
	}
	if (!shown)
		bad(ctx, base, "files were added");
	hmap_free(&seen);
}

static int verify_one(struct store *st, const char *base,
                      void (*bad)(void *ctx, const char *base, const char *what), void *ctx,
                      struct gx_error **err)
{
	_cleanup_free_ char *stored = read_manifest(st, base);
	_cleanup_free_ char *ser = NULL;
	_cleanup_close_ int fd =
	        openat(st->dfd, base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct gx_buf content = GX_BUF_INIT;
	struct mf m = { 0 };
	struct gx_error *werr = NULL;
	int rc = 0;

	if (!stored) {
		bad(ctx, base, "manifest missing");
		return 1;
	}
	if (fd < 0) {
		bad(ctx, base, "item directory missing");
		return 1;
	}
	if (mf_walk(fd, base, &m, st->buf, STORE_BUF_SIZE, NULL, &werr) < 0) {
		bad(ctx, base, werr->msg);
		gx_error_free(werr);
		mf_free(&m);
		return 1;
	}
	mf_content(&m, &content);
	ser = reserialise(stored, content.data ? content.data : "");
	_cleanup_free_ char *want = mf_base(ser, "x", NULL);
	if (strncmp(want, base, STORE_HASH_LEN) != 0 || strcmp(ser, stored) != 0) {
		if (strcmp(ser, stored) != 0)
			report_diff(stored, ser, base, bad, ctx);
		else
			bad(ctx, base, "hash does not match the name");
		rc = 1;
	}
	(void)err;
	gx_buf_free(&content);
	mf_free(&m);
	return rc;
}

int store_verify(struct store *st, char *const *bases,
                 void (*bad)(void *ctx, const char *base, const char *what), void *ctx,
                 struct gx_error **err)
{
	_cleanup_strv_ char **all = bases ? gx_strv_dup(bases) : store_list(st, err);
	int nbad = 0;

	if (!all)
		return -1;
	if (!st->buf)
		st->buf = gx_xmalloc(STORE_BUF_SIZE);
	for (char **b = all; *b; b++) {
		if (store_is_registered(st, *b) != 1) {
			bad(ctx, *b, "not a valid item");
			nbad++;
			continue;
		}
		nbad += verify_one(st, *b, bad, ctx, err);
	}
	return nbad;
}
