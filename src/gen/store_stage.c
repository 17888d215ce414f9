/* store_stage: importing host files as a new item (store_impl.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "dpkg.h"
#include "hash.h"
#include "store_int.h"
#include "store_manifest.h"

struct store_stage {
	struct store *st;
	char *tmp;
	int tmpfd;
	char *name, *version, *base, *manifest;
	struct gx_buf meta; /* conffile:, privileged:, modified: lines */
	struct mf mf;
	struct hmap kinds; /* rel -> KIND_DIR / KIND_OTHER for what we created */
	const struct store_stage_opts *o;
	mode_t umask;
	bool committed;
	char *prepared; /* the metadata store_stage_prepare wrote, which store_commit registers */
};

#define KIND_DIR ((void *)1)
#define KIND_OTHER ((void *)2)

static void warn(struct store_stage *sg, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
static void warn(struct store_stage *sg, const char *fmt, ...)
{
	va_list ap;
	char *m;

	if (!sg->o || !sg->o->warn)
		return;
	va_start(ap, fmt);
	m = gx_vasprintf(fmt, ap);
	va_end(ap);
	sg->o->warn(sg->o->ctx, m);
	free(m);
}

static void meta_line(struct store_stage *sg, const char *key, const char *path)
{
	gx_buf_printf(&sg->meta, "%s: ", key);
	store_escape(&sg->meta, path);
	gx_buf_putc(&sg->meta, '\n');
}

/* Make the parents of rel; returns 0, or 1 when a parent is something other
 * than a directory we made (a symlink: the entry is skipped, never followed). */
static int make_parents(struct store_stage *sg, const char *rel, struct gx_error **err)
{
	_cleanup_free_ char *p = gx_xstrdup(rel);

	for (char *s = strchr(p, '/'); s; s = strchr(s + 1, '/')) {
		void *k;

		*s = '\0';
		k = hmap_get(&sg->kinds, p);
		if (k == KIND_OTHER)
			return 1;
		if (!k) {
			if (mkdirat(sg->tmpfd, p, 0700) < 0)
				return gx_fail_errno(err, "cannot create '%s/%s'", sg->tmp, p);
			struct mf_ent *e = mf_add(&sg->mf, p, 'd');
			e->mode = 0555;
			hmap_put(&sg->kinds, e->path, KIND_DIR);
		}
		*s = '/';
	}
	return 0;
}

static void record_privileges(struct store_stage *sg, const struct store_src *s,
                              const struct stat *hst)
{
	uint8_t cap[64];
	char hex[2 * sizeof(cap) + 1];
	ssize_t n = lgetxattr(s->host, "security.capability", cap, sizeof(cap));

	if (n > 0)
		hash_hex(cap, (size_t)n, hex);
	if (!(hst->st_mode & 06000) && n <= 0)
		return;
	mf_add_priv(&sg->mf, s->rel, hst->st_mode & 07777, n > 0 ? hex : NULL);
	gx_buf_printf(&sg->meta, "privileged: %o %s ", hst->st_mode & 07777, n > 0 ? hex : "-");
	store_escape(&sg->meta, s->rel);
	gx_buf_putc(&sg->meta, '\n');
}

/* A file whose digest does not match dpkg's.  Returns 1 to keep it, 0 to
 * leave it out, -1 to refuse the import. */
static int modified(struct store_stage *sg, const struct store_src *s, bool missing,
                    struct gx_error **err)
{
	if (sg->o && sg->o->allow_modified) {
		meta_line(sg, missing ? "missing" : "modified", s->rel);
		warn(sg, "%s: importing modified file '%s' (--allow-modified)", sg->name, s->host);
		return missing ? 0 : 1;
	}
	if (s->conffile) {
		meta_line(sg, "conffile-modified", s->rel);
		warn(sg,
		     "%s: conffile '%s' was changed on the host: left out (the system declaration "
		     "provides its configuration)",
		     sg->name, s->host);
		return 0;
	}
	gx_fail_input(err,
	              "%s: '%s' %s (dpkg md5sums); refusing to import it: reinstall the "
	              "package (apt-get install --reinstall %s) or use --allow-modified",
	              sg->o && sg->o->what ? sg->o->what : sg->name, s->host,
	              missing ? "is missing" : "does not match its recorded md5sum", sg->name);
	return -1;
}

static int copy_file(struct store_stage *sg, const struct store_src *s, const struct stat *hst,
                     struct gx_error **err)
{
	_cleanup_close_ int in = open(s->host, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	_cleanup_close_ int out = -1;
	uint8_t md5[HASH_MD5_LEN];
	char md5hex[33];
	struct mf_ent *e;
	int64_t n;
	bool check = s->md5 && *s->md5;

	if (in < 0)
		return gx_fail_errno(err, "cannot open '%s'", s->host);
	/* created with its final mode (a new file's fd is writable whatever
	 * the mode); fchmod only when the umask took bits away */
	out = openat(sg->tmpfd, s->rel, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	             hst->st_mode & 0555);
	if (out < 0)
		return gx_fail_errno(err, "cannot create '%s/%s'", sg->tmp, s->rel);
	e = mf_add(&sg->mf, s->rel, 'f');
	n = mf_hash_copy(in, out, sg->st->buf, STORE_BUF_SIZE, e->digest, check ? md5 : NULL);
	if (n < 0)
		return gx_fail_errno(err, "cannot copy '%s' to '%s/%s'", s->host, sg->tmp, s->rel);
	e->size = (uint64_t)n;
	e->mode = hst->st_mode & 0555;
	if (check) {
		hash_hex(md5, sizeof(md5), md5hex);
		if (strcasecmp(md5hex, s->md5) != 0) {
			int keep = modified(sg, s, false, err);
			if (keep <= 0) {
				sg->mf.n--; /* drop the entry */
				unlinkat(sg->tmpfd, s->rel, 0);
				return keep;
			}
		}
	}
	struct timespec ts[2] = { hst->st_atim, hst->st_mtim };
	if (((e->mode & sg->umask) && fchmod(out, e->mode) < 0) || futimens(out, ts) < 0)
		return gx_fail_errno(err, "cannot set the mode of '%s/%s'", sg->tmp, s->rel);
	if (s->conffile)
		meta_line(sg, "conffile", s->rel);
	record_privileges(sg, s, hst);
	sg->mf.size += (uint64_t)n;
	sg->mf.nfiles++;
	if (sg->o && sg->o->progress)
		sg->o->progress(sg->o->ctx, (uint64_t)n);
	return 0;
}

static int stage_one(struct store_stage *sg, const struct store_src *s, struct gx_error **err)
{
	struct stat hst;
	int rc = make_parents(sg, s->rel, err);

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (hmap_get(&sg->kinds, s->rel))
		return 0; /* already made (a duplicate) */
	if (lstat(s->host, &hst) < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			return gx_fail_errno(err, "cannot stat '%s'", s->host);
		if (s->md5 && *s->md5)
			return modified(sg, s, true, err) < 0 ? -1 : 0;
		return 0;
	}
	if (S_ISDIR(hst.st_mode)) {
		if (mkdirat(sg->tmpfd, s->rel, 0700) < 0)
			return gx_fail_errno(err, "cannot create '%s/%s'", sg->tmp, s->rel);
		struct mf_ent *e = mf_add(&sg->mf, s->rel, 'd');
		e->mode = hst.st_mode & 0555;
		hmap_put(&sg->kinds, e->path, KIND_DIR);
		return 0;
	}
	if (S_ISLNK(hst.st_mode)) {
		char target[4096];
		ssize_t n = readlink(s->host, target, sizeof(target) - 1);

		if (n < 0)
			return gx_fail_errno(err, "cannot read link '%s'", s->host);
		target[n] = '\0';
		if (symlinkat(target, sg->tmpfd, s->rel) < 0)
			return gx_fail_errno(err, "cannot create '%s/%s'", sg->tmp, s->rel);
		struct mf_ent *e = mf_add(&sg->mf, s->rel, 'l');
		e->target = gx_arena_strdup(&sg->mf.a, target);
		hmap_put(&sg->kinds, e->path, KIND_OTHER);
		return 0;
	}
	if (!S_ISREG(hst.st_mode))
		return 0; /* devices, fifos: not package content */
	rc = copy_file(sg, s, &hst, err);
	if (rc == 0 && sg->mf.n && strcmp(sg->mf.ents[sg->mf.n - 1].path, s->rel) == 0)
		hmap_put(&sg->kinds, sg->mf.ents[sg->mf.n - 1].path, KIND_OTHER);
	return rc;
}

static int fix_dir_modes(struct store_stage *sg, struct gx_error **err)
{
	for (size_t i = sg->mf.n; i-- > 0;)
		if (sg->mf.ents[i].type == 'd' &&
		    fchmodat(sg->tmpfd, sg->mf.ents[i].path, sg->mf.ents[i].mode, 0) < 0)
			return gx_fail_errno(err, "cannot chmod '%s/%s'", sg->tmp,
			                     sg->mf.ents[i].path);
	if (fchmod(sg->tmpfd, 0555) < 0)
		return gx_fail_errno(err, "cannot chmod '%s'", sg->tmp);
	return 0;
}

struct store_stage *store_stage(struct store *st, const char *name, const char *version,
                                const struct store_src *srcs, size_t n,
                                const struct store_stage_opts *o, struct gx_error **err)
{
	struct store_stage *sg = gx_xcalloc(1, sizeof(*sg));

	sg->st = st;
	sg->o = o;
	sg->tmpfd = -1;
	sg->name = gx_xstrdup(name);
	sg->version = gx_xstrdup(version ? version : "");
	sg->umask = umask(022);
	umask(sg->umask);
	if (!st->buf)
		st->buf = gx_xmalloc(STORE_BUF_SIZE);
	if (!(sg->tmp = store_mkdtemp(st, name, err)))
		goto fail;
	sg->tmpfd = open(sg->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sg->tmpfd < 0) {
		gx_fail_errno(err, "cannot open '%s'", sg->tmp);
		goto fail;
	}
	for (size_t i = 0; i < n; i++)
		if (stage_one(sg, &srcs[i], err) < 0)
			goto fail;
	if (fix_dir_modes(sg, err) < 0)
		goto fail;
	mf_sort(&sg->mf);
	sg->manifest = mf_serialise(&sg->mf, sg->name, sg->version, NULL);
	sg->base = mf_base(sg->manifest, sg->name, sg->version);
	return sg;
fail:
	gx_wrap(err, "import of %s", o && o->what ? o->what : name);
	store_stage_free(sg);
	return NULL;
}

const char *store_stage_base(const struct store_stage *sg)
{
	return sg->base;
}

uint64_t store_stage_size(const struct store_stage *sg)
{
	return sg->mf.size;
}

void store_stage_free(struct store_stage *sg)
{
	if (!sg)
		return;
	if (sg->tmpfd >= 0)
		close(sg->tmpfd);
	if (sg->tmp && !sg->committed) {
		_cleanup_free_ char *rel = gx_asprintf(".tmp/%s", strrchr(sg->tmp, '/') + 1);
		store_rm_rf_at(sg->st->dfd, rel);
	}
	free(sg->tmp);
	free(sg->prepared);
	free(sg->name);
	free(sg->version);
	free(sg->base);
	free(sg->manifest);
	gx_buf_free(&sg->meta);
	hmap_free(&sg->kinds);
	mf_free(&sg->mf);
	free(sg);
}

char *store_meta_text(const char *name, const char *version, const char *base, uint64_t size,
                      uint64_t nfiles, const char *source_key, char *const *refs,
                      const char *extra1, const char *extra2)
{
	struct gx_buf b = GX_BUF_INIT;

	gx_buf_printf(&b, "name: %s\nversion: %s\nhash: %.*s\nsize: %llu\nfiles: %llu\n", name,
	              version, STORE_HASH_LEN, base, (unsigned long long)size,
	              (unsigned long long)nfiles);
	if (source_key)
		gx_buf_printf(&b, "source: %s\n", source_key);
	for (char *const *r = refs; r && *r; r++)
		if (strcmp(*r, base) != 0)
			gx_buf_printf(&b, "ref: %s\n", *r);
	if (extra1)
		gx_buf_puts(&b, extra1);
	if (extra2)
		gx_buf_puts(&b, extra2);
	return gx_buf_steal(&b);
}

int store_stage_prepare(struct store *st, struct store_stage *sg, const char *source_key,
                        char *const *refs, const char *extra_meta, struct gx_error **err)
{
	free(sg->prepared);
	sg->prepared = store_meta_text(sg->name, sg->version, sg->base, sg->mf.size, sg->mf.nfiles,
	                               source_key, refs, sg->meta.data, extra_meta);
	return store_prepare(st, sg->base, sg->manifest, sg->prepared, err);
}

struct store_item *store_commit(struct store *st, struct store_stage *sg, const char *source_key,
                                char *const *refs, const char *extra_meta, struct gx_error **err)
{
	_cleanup_free_ char *built =
	        sg->prepared ? NULL
	                     : store_meta_text(sg->name, sg->version, sg->base, sg->mf.size,
	                                       sg->mf.nfiles, source_key, refs, sg->meta.data,
	                                       extra_meta);
	int rc = store_register(st, sg->tmp, sg->base, sg->manifest,
	                        sg->prepared ? sg->prepared : built, err);

	if (rc < 0)
		return NULL;
	sg->committed = true;
	if (source_key && store_source_record(st, source_key, sg->base, err) < 0)
		return NULL;
	return store_item_get(st, sg->base, err);
}

static int cmp_src(const void *x, const void *y)
{
	return strcmp(((const struct store_src *)x)->rel, ((const struct store_src *)y)->rel);
}

struct store_item *store_import_files(struct store *st, const char *name, const char *version,
                                      const struct store_file_spec *files, size_t n,
                                      char *const *refs, struct gx_error **err)
{
	struct store_src *srcs = gx_xcalloc(n + 1, sizeof(*srcs));
	char **rels = gx_xcalloc(n + 1, sizeof(char *));
	struct store_stage *sg = NULL;
	struct store_item *it = NULL;
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		/* canonical and contained: no leading '/', no "..", no empty components */
		rels[i] = dpkg_canon(files[i].rel);
		if (!*rels[i] || strstr(files[i].rel, "..")) {
			gx_fail_input(err, "bad path '%s' for an item", files[i].rel);
			goto out;
		}
		if (access(files[i].host, F_OK) < 0) {
			gx_fail_errno(err, "cannot import '%s'", files[i].host);
			goto out;
		}
		srcs[i] = (struct store_src){ rels[i], files[i].host, NULL, false };
	}
	qsort(srcs, n, sizeof(*srcs), cmp_src);
	for (size_t i = 0; i < n; i++)
		if (!k || strcmp(srcs[k - 1].rel, srcs[i].rel) != 0)
			srcs[k++] = srcs[i];
	if (!(sg = store_stage(st, name, version, srcs, k, NULL, err)) ||
	    store_stage_prepare(st, sg, NULL, refs, NULL, err) < 0 || store_sync(st, err) < 0)
		goto out;
	it = store_commit(st, sg, NULL, refs, NULL, err);
	if (it && store_sync(st, err) < 0) {
		store_item_free(it);
		it = NULL;
	}
out:
	store_stage_free(sg);
	for (size_t i = 0; i < n; i++)
		free(rels[i]);
	free(rels);
	free(srcs);
	return it;
}
