/* archive_import: reading an archive into a store (archive.h).
 *
 * Built only on store.h, the manifest code and store_register()/
 * store_rm_rf_at() of store_int.h: an imported item is registered exactly as
 * the store registers its own imports (rename from .tmp, manifest and
 * metadata written atomically under the register lock). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "archive.h"
#include "archive_int.h"
#include "hash.h"
#include "store_int.h"
#include "store_manifest.h"
#include "util.h"

struct imp_item {
	char *base;
	char *meta, *manifest;
	char *tmp; /* staged directory (absolute path), NULL unless staged */
	int tmpfd;
	struct mf mf;
	struct hmap files; /* path -> index + 1 in mf.ents (they move as mf grows) */
	char **refs;       /* the serialisation's "r" lines, in order */
	bool present;      /* the store had it before this run */
	bool committed;    /* registered by this run */
	bool archived;     /* an item of the archive (not a store item links name) */
};

struct importer {
	struct store *st;
	const struct archive_import_opts *o;
	struct archive_stats *stats;
	struct ar_stream s;
	int dfd; /* the store directory, -1 when listing */
	struct imp_item **items;
	size_t n;
	struct hmap by_base; /* base -> struct imp_item * (archive items, loaded store items) */
	char **roots;
	size_t text; /* metadata and serialisations read so far, all kept until the end */
};

static void item_free(struct imp_item *it)
{
	if (!it)
		return;
	if (it->tmpfd >= 0)
		close(it->tmpfd);
	free(it->base);
	free(it->meta);
	free(it->manifest);
	gx_strv_free(it->refs);
	free(it->tmp);
	hmap_free(&it->files);
	mf_free(&it->mf);
	free(it);
}

/* A new item; it is the one by_base names unless an item of that base is
 * there already (the first one counts). */
static struct imp_item *item_new(struct importer *im, const char *base)
{
	struct imp_item *it = gx_xcalloc(1, sizeof(*it));

	it->base = gx_xstrdup(base);
	it->tmpfd = -1;
	im->items = gx_xrealloc(im->items, (im->n + 1) * sizeof(*im->items));
	im->items[im->n++] = it;
	if (!hmap_get(&im->by_base, it->base))
		hmap_put(&im->by_base, it->base, it);
	return it;
}

/* Has a signal asked the import to stop (archive_import_opts.stop)? */
static bool stopped(const struct importer *im)
{
	return im->o->stop && *im->o->stop != 0;
}

/* The error of an interrupted import, whatever failed meanwhile (a read
 * that the signal cut short fails too). */
static int stop_error(const struct importer *im, struct gx_error **err)
{
	return gx_fail_signal(err, *im->o->stop);
}

/* ---- the serialisation ---- */

/* A path as the store writes it: relative, no empty, "." or ".." component. */
static bool safe_path(const char *p)
{
	if (!*p || *p == '/')
		return false;
	for (const char *c = p; *c;) {
		size_t n = strcspn(c, "/");

		if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		c += n;
		if (*c == '/')
			c++;
		if (*c == '\0' && c[-1] == '/')
			return false;
	}
	return true;
}

static struct mf_ent *entry(struct imp_item *it, const char *path)
{
	uintptr_t i = (uintptr_t)hmap_get(&it->files, path);

	return i ? &it->mf.ents[i - 1] : NULL;
}

/* Is the parent of path a directory entry already seen? */
static bool parent_is_dir(struct imp_item *it, const char *path)
{
	const char *slash = strrchr(path, '/');
	_cleanup_free_ char *parent = NULL;
	struct mf_ent *e;

	if (!slash)
		return true;
	parent = gx_xstrndup(path, (size_t)(slash - path));
	e = entry(it, parent);
	return e && e->type == 'd';
}

static int parse_entry(struct imp_item *it, char *line, const char **prev)
{
	char type = line[0], *f[5] = { NULL };
	int nf = 0;
	struct mf_ent *e;
	_cleanup_free_ char *path = NULL;

	for (char *save = NULL, *t = strtok_r(line + 1, " ", &save); t && nf < 5;
	     t = strtok_r(NULL, " ", &save))
		f[nf++] = t;
	if ((type == 'd' && nf != 2) || (type == 'f' && nf != 4) || (type == 'l' && nf != 2))
		return -1;
	path = store_unescape(type == 'l' ? f[0] : f[nf - 1]);
	if (!path || !safe_path(path) || (*prev && strcmp(*prev, path) >= 0) ||
	    !parent_is_dir(it, path))
		return -1;
	e = mf_add(&it->mf, path, type);
	*prev = e->path;
	hmap_put(&it->files, e->path, (void *)(uintptr_t)it->mf.n);
	if (type == 'l') {
		e->target = store_unescape(f[1]);
		if (!e->target || !*e->target)
			return -1;
		char *t = gx_arena_strdup(&it->mf.a, e->target);
		free(e->target);
		e->target = t;
		return 0;
	}
	char *end;
	unsigned long mode = strtoul(f[0], &end, 8);
	if (*end || mode & ~0555UL)
		return -1;
	e->mode = (unsigned)mode;
	if (type == 'd')
		return 0;
	e->size = strtoull(f[1], &end, 10);
	if (*end || strlen(f[2]) != 64 || strspn(f[2], "0123456789abcdef") != 64)
		return -1;
	memcpy(e->digest, f[2], 65);
	it->mf.size += e->size;
	it->mf.nfiles++;
	return 0;
}

/* Parse (and with check, verify against the base) an item's serialisation. */
static int parse_manifest(struct imp_item *it, bool check, struct gx_error **err)
{
	_cleanup_free_ char *copy = gx_xstrdup(it->manifest);
	_cleanup_free_ char *name = NULL, *version = NULL, *want = NULL;
	const char *prev = NULL;
	char *save = NULL;
	int lineno = 0;
	size_t privs = 0, files = 0;

	gx_strv_free(it->refs);
	it->refs = NULL;
	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		lineno++;
		if (lineno == 1 && strcmp(l, "gxsys-item 1") == 0)
			continue;
		if (lineno == 2 && strncmp(l, "name ", 5) == 0 && (name = store_unescape(l + 5)))
			continue;
		if (lineno == 3 && strncmp(l, "version ", 8) == 0 &&
		    (version = store_unescape(l + 8)))
			continue;
		/* A privileged file (setuid, capabilities: not restored here), at
		 * most one a file; references, in order, each once. */
		if (lineno > 3 && l[0] == 'p' && l[1] == ' ' && !it->refs && ++privs <= files)
			continue;
		if (lineno > 3 && l[0] == 'r' && l[1] == ' ' && ar_valid_base(l + 2) &&
		    (it->refs == NULL || strcmp(it->refs[gx_strv_len(it->refs) - 1], l + 2) < 0)) {
			it->refs = gx_strv_push(it->refs, l + 2);
			continue;
		}
		if (lineno > 3 && strchr("dfl", l[0]) && l[1] == ' ' && privs == 0 && !it->refs &&
		    parse_entry(it, l, &prev) == 0) {
			files += l[0] == 'f';
			continue;
		}
		return gx_fail_input(err,
		                     "item '%s': its serialisation is malformed (line %d): the "
		                     "archive is corrupted",
		                     it->base, lineno);
	}
	if (!name || !version)
		return gx_fail_input(err,
		                     "item '%s': its serialisation has no name: the archive is "
		                     "corrupted",
		                     it->base);
	if (!check)
		return 0;
	want = mf_base(it->manifest, name, version);
	if (strcmp(want, it->base) != 0)
		return gx_fail_input(err,
		                     "item '%s': its serialisation does not match its hash (it "
		                     "is '%s'): the archive is corrupted",
		                     it->base, want);
	return 0;
}

/* Metadata: the hash line must name this item, and its references hold
 * those of its serialisation (an item the store made itself, a system:
 * they are covered by its hash, and gc follows the metadata's).  (Other
 * references are not covered by the hash: an item imported from a package
 * has none in its serialisation, for references may form cycles.) */
static int check_meta(struct imp_item *it, struct gx_error **err)
{
	_cleanup_free_ char *hashline = gx_asprintf("hash: %.*s\n", STORE_HASH_LEN, it->base);

	if (strncmp(it->meta, "name: ", 6) != 0 || !strstr(it->meta, hashline))
		return gx_fail_input(err,
		                     "item '%s': its metadata does not name it: the archive is "
		                     "corrupted",
		                     it->base);
	for (char **r = it->refs; r && *r; r++) {
		_cleanup_free_ char *refline = gx_asprintf("\nref: %s\n", *r);

		if (!strstr(it->meta, refline))
			return gx_fail_input(err,
			                     "item '%s': its metadata lacks its reference to '%s', "
			                     "which its serialisation records: the archive is "
			                     "corrupted",
			                     it->base, *r);
	}
	return 0;
}

/* Once the whole archive is read: every reference of a new item is in the
 * archive or valid in the store (references may form cycles: libc6 and
 * libgcc-s1 depend on each other). */
static int check_refs(struct importer *im, struct imp_item *it, struct gx_error **err)
{
	_cleanup_free_ char *copy = gx_xstrdup(it->meta);
	char *save = NULL;

	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		const char *ref = l + 5;

		if (strncmp(l, "ref: ", 5) != 0)
			continue;
		if (!ar_valid_base(ref))
			return gx_fail_input(err,
			                     "item '%s': a bad reference '%s': the archive is "
			                     "corrupted",
			                     it->base, ref);
		if (hmap_get(&im->by_base, ref) || store_is_valid(im->st, ref) == 1)
			continue;
		return gx_fail_input(
		        err,
		        "item '%s' refers to '%s', which is neither in the archive "
		        "nor in the store '%s' (export with -r to include the closure)",
		        it->base, ref, store_dir(im->st));
	}
	return 0;
}

/* ---- file records ---- */

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int bad_digest(struct imp_item *it, const struct mf_ent *e, struct gx_error **err)
{
	return gx_fail_input(err,
	                     "item '%s': file '%s' does not match its hash: the archive is "
	                     "corrupted",
	                     it->base, e->path);
}

/* "C" or "C <mtime>": 1 (and *mtime, -1 when none), else 0. */
static int content_record(const char *rec, long long *mtime)
{
	char *end;

	*mtime = -1;
	if (rec[0] != 'C' || (rec[1] && rec[1] != ' '))
		return 0;
	if (!rec[1])
		return 1;
	*mtime = strtoll(rec + 2, &end, 10);
	return *end == '\0' && end != rec + 2;
}

static int set_mtime(struct imp_item *it, const struct mf_ent *e, int fd, long long mtime,
                     struct gx_error **err)
{
	struct timespec ts[2] = { { (time_t)mtime, 0 }, { (time_t)mtime, 0 } };

	if (mtime >= 0 && futimens(fd, ts) < 0)
		return gx_fail_errno(err, "cannot set the time of '%s/%s'", it->tmp, e->path);
	return 0;
}

/* Copy size bytes from the stream (in >= 0: from that file instead) into out,
 * checking the digest. */
static int copy_checked(struct importer *im, struct imp_item *it, const struct mf_ent *e, int in,
                        int out, struct gx_error **err)
{
	struct sha256_ctx c;
	uint8_t d[HASH_SHA256_LEN];
	char hex[65];
	uint64_t left = e->size;

	sha256_init(&c);
	while (left) {
		size_t n = left < AR_BUF_SIZE ? (size_t)left : AR_BUF_SIZE;

		if (stopped(im))
			return stop_error(im, err);
		if (in < 0 && ar_read(&im->s, im->s.buf, n, false, err) < 0)
			return -1;
		if (in >= 0) {
			ssize_t r = read(in, im->s.buf, n);
			if (r <= 0)
				return r < 0 ? gx_fail_errno(err, "cannot read a file to link to")
				             : bad_digest(it, e, err);
			n = (size_t)r;
		}
		sha256_update(&c, n, (const uint8_t *)im->s.buf);
		if (write_all(out, im->s.buf, n) < 0)
			return gx_fail_errno(err, "cannot write '%s/%s'", it->tmp, e->path);
		left -= n;
	}
	sha256_digest(&c, sizeof(d), d);
	hash_hex(d, sizeof(d), hex);
	if (strcmp(hex, e->digest) != 0)
		return bad_digest(it, e, err);
	if (fchmod(out, e->mode) < 0)
		return gx_fail_errno(err, "cannot chmod '%s/%s'", it->tmp, e->path);
	im->stats->bytes += e->size;
	return 0;
}

static int create_file(struct imp_item *it, const struct mf_ent *e, struct gx_error **err)
{
	int fd = openat(it->tmpfd, e->path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	                0600);

	if (fd < 0)
		gx_fail_errno(err, "cannot create '%s/%s'", it->tmp, e->path);
	return fd;
}

/* The item a link record names: one of the archive, or a valid store item
 * (its serialisation read from the store, which is trusted). */
static struct imp_item *link_source(struct importer *im, const char *base, struct gx_error **err)
{
	struct imp_item *src = hmap_get(&im->by_base, base);
	_cleanup_free_ char *p = NULL;
	size_t len;

	if (src)
		return src;
	if (!ar_valid_base(base) || im->dfd < 0 || store_is_valid(im->st, base) != 1) {
		gx_fail_input(err,
		              "a hard link to '%s', which is neither in the archive nor in the "
		              "store: the archive is corrupted",
		              base);
		return NULL;
	}
	src = item_new(im, base);
	src->present = true;
	p = gx_asprintf("%s/.db/manifest/%s", store_dir(im->st), base);
	if (gx_read_file(p, &src->manifest, &len) < 0) {
		gx_fail_errno(err, "cannot read '%s'", p);
		return NULL;
	}
	return parse_manifest(src, false, err) < 0 ? NULL : src;
}

static int link_file(struct importer *im, struct imp_item *it, const struct mf_ent *e,
                     const char *rec, struct gx_error **err)
{
	char base[AR_LINE_MAX], epath[AR_LINE_MAX];
	_cleanup_free_ char *path = NULL, *from = NULL;
	_cleanup_close_ int in = -1, out = -1;
	struct imp_item *src;
	struct mf_ent *se;

	if (sscanf(rec, "L %8191s %8191s", base, epath) != 2 || !(path = store_unescape(epath)))
		return gx_fail_input(err,
		                     "item '%s': a bad record for '%s': the archive is "
		                     "corrupted",
		                     it->base, e->path);
	if (!(src = link_source(im, base, err)))
		return gx_wrap(err, "item '%s', file '%s'", it->base, e->path);
	se = entry(src, path);
	if (!se || se->type != 'f' || se->size != e->size || strcmp(se->digest, e->digest) != 0)
		return bad_digest(it, e, err);
	/* Within the item, a link goes to a file written before (the exporter
	 * sends a file once, then links to it): a later one is not there yet. */
	if (src == it && se >= e)
		return gx_fail_input(err,
		                     "item '%s': file '%s' is a hard link to '%s', which comes "
		                     "after it: the archive is corrupted",
		                     it->base, e->path, se->path);
	from = src->present ? gx_asprintf("%s/%s/%s", store_dir(im->st), src->base, path)
	                    : gx_asprintf("%s/%s", src->tmp, path);
	im->stats->linked++;
	if (se->mode == e->mode && linkat(AT_FDCWD, from, it->tmpfd, e->path, 0) == 0)
		return 0;
	/* Too many links, another mode: a verified copy. */
	struct stat sb;
	in = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (in < 0 || fstat(in, &sb) < 0)
		return gx_fail_errno(err, "cannot open '%s'", from);
	if ((out = create_file(it, e, err)) < 0 || copy_checked(im, it, e, in, out, err) < 0)
		return -1;
	return set_mtime(it, e, out, (long long)sb.st_mtim.tv_sec, err);
}

static int file_record(struct importer *im, struct imp_item *it, const struct mf_ent *e,
                       struct gx_error **err)
{
	char rec[AR_LINE_MAX];
	_cleanup_close_ int out = -1;
	long long mtime;

	if (ar_read_line(&im->s, rec, err) < 0)
		return -1;
	if (rec[0] == 'L' && rec[1] == ' ')
		return link_file(im, it, e, rec, err);
	if (!content_record(rec, &mtime))
		return gx_fail_input(err,
		                     "item '%s': a bad record for '%s': the archive is "
		                     "corrupted",
		                     it->base, e->path);
	if ((out = create_file(it, e, err)) < 0 || copy_checked(im, it, e, -1, out, err) < 0)
		return -1;
	return set_mtime(it, e, out, mtime, err);
}

/* Read past an item's records (an item the store has, or when listing). */
static int skip_records(struct importer *im, struct imp_item *it, struct gx_error **err)
{
	char rec[AR_LINE_MAX];
	long long mtime;

	for (size_t i = 0; i < it->mf.n; i++) {
		const struct mf_ent *e = &it->mf.ents[i];
		uint64_t left = e->size;

		if (e->type != 'f')
			continue;
		if (ar_read_line(&im->s, rec, err) < 0)
			return -1;
		if (rec[0] == 'L')
			continue;
		if (!content_record(rec, &mtime))
			return gx_fail_input(err,
			                     "item '%s': a bad record for '%s': the archive is "
			                     "corrupted",
			                     it->base, e->path);
		while (left) {
			size_t n = left < AR_BUF_SIZE ? (size_t)left : AR_BUF_SIZE;
			if (stopped(im))
				return stop_error(im, err);
			if (ar_read(&im->s, im->s.buf, n, false, err) < 0)
				return -1;
			left -= n;
		}
	}
	return 0;
}

/* Build the item under <store>/.tmp from its serialisation and records. */
static int stage_item(struct importer *im, struct imp_item *it, struct gx_error **err)
{
	const char *hint = it->base + STORE_HASH_LEN + 1;

	if (!(it->tmp = store_mkdtemp(im->st, hint, err)))
		return -1;
	it->tmpfd = open(it->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (it->tmpfd < 0)
		return gx_fail_errno(err, "cannot open '%s'", it->tmp);
	for (size_t i = 0; i < it->mf.n; i++) {
		const struct mf_ent *e = &it->mf.ents[i];

		if (e->type == 'd' && mkdirat(it->tmpfd, e->path, 0700) < 0)
			return gx_fail_errno(err, "cannot create '%s/%s'", it->tmp, e->path);
		if (e->type == 'l' && symlinkat(e->target, it->tmpfd, e->path) < 0)
			return gx_fail_errno(err, "cannot create '%s/%s'", it->tmp, e->path);
		if (e->type == 'f' && file_record(im, it, e, err) < 0)
			return -1;
	}
	for (size_t i = it->mf.n; i-- > 0;)
		if (it->mf.ents[i].type == 'd' &&
		    fchmodat(it->tmpfd, it->mf.ents[i].path, it->mf.ents[i].mode, 0) < 0)
			return gx_fail_errno(err, "cannot chmod '%s/%s'", it->tmp,
			                     it->mf.ents[i].path);
	if (fchmod(it->tmpfd, 0555) < 0)
		return gx_fail_errno(err, "cannot chmod '%s'", it->tmp);
	return 0;
}

static int read_item(struct importer *im, const char *line, struct gx_error **err)
{
	char base[AR_LINE_MAX];
	size_t metalen, mflen;
	struct imp_item *it, *first;
	bool present, duplicate;

	if (sscanf(line, "item %8191s %zu %zu", base, &metalen, &mflen) != 3 ||
	    !ar_valid_base(base))
		return gx_fail_input(err,
		                     "the archive is corrupted (a bad item line after %zu items)",
		                     im->stats->items);
	/* Twice in the archive: the first one counts, the second is read past
	 * (its serialisation is checked against its name all the same), and
	 * links to the item still name the first, staged, one. */
	first = hmap_get(&im->by_base, base);
	duplicate = first && first->archived;
	present = first || (im->st && store_is_valid(im->st, base) == 1);
	it = item_new(im, base);
	it->present = present;
	it->archived = true;
	im->s.what = it->base;
	/* All of it is kept until the end: bounded, so that a small archive
	 * (such text compresses a thousandfold) cannot take the host's memory. */
	if (metalen > AR_TEXT_MAX || mflen > AR_TEXT_MAX)
		return gx_fail_input(err,
		                     "the archive is corrupted or too big (item '%s': it declares "
		                     "%zu bytes of metadata and %zu of serialisation, over the "
		                     "%u MiB each may have)",
		                     it->base, metalen, mflen, AR_TEXT_MAX >> 20);
	im->text += metalen + mflen;
	if (im->text > AR_TEXT_TOTAL_MAX)
		return gx_fail_input(err,
		                     "the archive is corrupted or too big (item '%s': its "
		                     "metadata and serialisation make %zu MiB in all, over %u)",
		                     it->base, im->text >> 20, AR_TEXT_TOTAL_MAX >> 20);
	if (!(it->meta = ar_read_text(&im->s, metalen, err)) ||
	    !(it->manifest = ar_read_text(&im->s, mflen, err)) ||
	    parse_manifest(it, true, err) < 0 || check_meta(it, err) < 0)
		return -1;
	im->stats->items++;
	if (im->o->item)
		im->o->item(im->o->ctx, it->base, it->meta, duplicate ? first->present : present);
	if (present || im->o->list_only) {
		im->stats->present += present && !duplicate;
		return skip_records(im, it, err);
	}
	if (stage_item(im, it, err) < 0)
		return err && *err && strstr((*err)->msg, it->base)
		               ? -1
		               : gx_wrap(err, "item '%s'", it->base);
	return 0;
}

static int read_end(struct importer *im, const char *line, const char *want, struct gx_error **err)
{
	size_t n;
	char hex[AR_LINE_MAX];

	im->s.what = "the end line";
	if (sscanf(line, "end %zu %8191s", &n, hex) != 2 || n != im->stats->items ||
	    strcmp(hex, want) != 0)
		return gx_fail_input(err, "the archive is corrupted (its end line does not match "
		                          "what was read)");
	return ar_close(&im->s, err);
}

static int read_all(struct importer *im, struct gx_error **err)
{
	char line[AR_LINE_MAX], digest[65];

	if (ar_read_line(&im->s, line, err) < 0)
		return -1;
	if (strcmp(line, "gxsys-archive 1") != 0)
		return gx_fail_input(err, "not a gxsys archive (it starts with '%.40s')", line);
	for (;;) {
		if (stopped(im))
			return stop_error(im, err);
		ar_digest(&im->s, digest);
		if (ar_read_line(&im->s, line, err) < 0)
			return -1;
		if (strncmp(line, "root ", 5) == 0 && ar_valid_base(line + 5) && im->n == 0)
			im->roots = gx_strv_push(im->roots, line + 5);
		else if (strncmp(line, "item ", 5) == 0) {
			if (read_item(im, line, err) < 0)
				return -1;
		} else if (strncmp(line, "end ", 4) == 0)
			return read_end(im, line, digest, err);
		else
			return gx_fail_input(err,
			                     "the archive is corrupted (a bad line after %zu "
			                     "items)",
			                     im->stats->items);
	}
}

/* ---- commit ---- */

static void rollback(struct importer *im)
{
	for (size_t i = im->n; i-- > 0;) {
		struct imp_item *it = im->items[i];
		_cleanup_free_ char *meta = gx_asprintf(".db/items/%s", it->base);
		_cleanup_free_ char *mf = gx_asprintf(".db/manifest/%s", it->base);

		if (!it->committed)
			continue;
		unlinkat(im->dfd, meta, 0);
		unlinkat(im->dfd, mf, 0);
		store_rm_rf_at(im->dfd, it->base);
		it->committed = false;
	}
}

static int commit_all(struct importer *im, struct gx_error **err)
{
	for (size_t i = 0; i < im->n; i++)
		if (im->items[i]->tmp && check_refs(im, im->items[i], err) < 0)
			return -1;
	for (size_t i = 0; i < im->n; i++) {
		struct imp_item *it = im->items[i];

		if (it->tmp && store_prepare(im->st, it->base, it->manifest, it->meta, err) < 0)
			return -1;
	}
	if (store_sync(im->st, err) < 0)
		return -1;
	for (size_t i = 0; i < im->n; i++) {
		struct imp_item *it = im->items[i];
		int rc;

		if (!it->tmp)
			continue;
		close(it->tmpfd);
		it->tmpfd = -1;
		rc = store_register(im->st, it->tmp, it->base, it->manifest, it->meta, err);
		if (rc < 0) { /* store_register removed what it had moved into place */
			rollback(im);
			return gx_wrap(err, "import of item '%s'", it->base);
		}
		it->committed = rc == 0;
		im->stats->imported += rc == 0;
		if (rc == 1)
			im->stats->present++;
	}
	return 0;
}

static int add_roots(struct importer *im, struct gx_error **err)
{
	for (char **r = im->roots; r && *r && im->o->root_prefix; r++) {
		_cleanup_free_ char *name = gx_asprintf("%s%s", im->o->root_prefix, *r);
		_cleanup_free_ char *target = gx_asprintf("%s/%s", store_dir(im->st), *r);

		if (store_is_valid(im->st, *r) == 1 &&
		    store_add_root(im->st, name, target, err) < 0)
			return -1;
	}
	return 0;
}

int archive_import(struct store *st, int fd, const struct archive_import_opts *o,
                   struct archive_stats *stats, struct gx_error **err)
{
	struct importer im = { .st = st, .o = o, .dfd = -1 };
	struct archive_stats dummy;
	int rc = -1;

	im.stats = stats ? stats : &dummy;
	memset(im.stats, 0, sizeof(*im.stats));
	if (!o->list_only) {
		im.dfd = open(store_dir(st), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (im.dfd < 0)
			return gx_fail_errno(err, "cannot open the store '%s'", store_dir(st));
	}
	if (ar_open_read(&im.s, fd, err) == 0) {
		rc = read_all(&im, err);
		ar_close(&im.s, NULL);
	}
	if (stopped(&im))
		rc = stop_error(&im, err);
	if (rc == 0 && !o->list_only) {
		rc = commit_all(&im, err);
		/* all or nothing: unrooted, the items would go at the next gc */
		if (rc == 0 && (rc = add_roots(&im, err)) < 0)
			rollback(&im);
	}
	for (size_t i = 0; i < im.n; i++) {
		if (im.items[i]->tmp && !im.items[i]->committed && im.dfd >= 0) {
			_cleanup_free_ char *rel =
			        gx_asprintf(".tmp/%s", strrchr(im.items[i]->tmp, '/') + 1);
			store_rm_rf_at(im.dfd, rel);
		}
		item_free(im.items[i]);
	}
	free(im.items);
	hmap_free(&im.by_base);
	gx_strv_free(im.roots);
	if (im.dfd >= 0)
		close(im.dfd);
	return rc;
}

char *archive_store_missing(const char *dir)
{
	_cleanup_free_ char *p = gx_xstrdup(dir);
	_cleanup_free_ char *items = gx_asprintf("%s/.db", dir);
	char *top = NULL;

	if (access(dir, F_OK) == 0)
		return access(items, F_OK) < 0 && errno == ENOENT ? gx_xstrdup("") : NULL;
	for (;;) {
		char *slash;

		if (access(p, F_OK) == 0 || errno != ENOENT)
			return top;
		free(top);
		top = gx_xstrdup(p);
		slash = strrchr(p, '/');
		if (!slash || slash == p)
			return top;
		*slash = '\0';
	}
}

/* rmdir/unlink only: nothing that holds an item can go. */
void archive_store_unmake(const char *dir, const char *top)
{
	static const char *const layout[] = {
		".db/items",         ".db/manifest", ".db/sources", ".db/lock",
		".db/register.lock", ".db",          ".roots",      ".tmp"
	};
	_cleanup_free_ char *p = gx_xstrdup(dir);

	if (!top)
		return;
	for (size_t i = 0; i < sizeof(layout) / sizeof(layout[0]); i++) {
		_cleanup_free_ char *q = gx_asprintf("%s/%s", dir, layout[i]);

		if (rmdir(q) < 0 && errno == ENOTDIR)
			unlink(q);
	}
	for (; *top;) {
		char *slash;

		if (rmdir(p) < 0 || strcmp(p, top) == 0)
			return;
		slash = strrchr(p, '/');
		if (!slash || slash == p)
			return;
		*slash = '\0';
	}
}
