/* archive_export: writing an archive of store items (archive.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive.h"
#include "archive_int.h"
#include "arena.h"
#include "hash.h"
#include "store_impl.h"
#include "util.h"

char *archive_item_base(struct store *st, const char *item, struct gx_error **err)
{
	_cleanup_free_ char *real = NULL, *real_store = NULL, *base = NULL;

	if (!strchr(item, '/')) {
		if (ar_valid_base(item) && store_is_valid(st, item) == 1)
			return gx_xstrdup(item);
		gx_fail_input(err, "'%s' is not an item of the store '%s'", item, store_dir(st));
		return NULL;
	}
	real = realpath(item, NULL);
	real_store = realpath(store_dir(st), NULL);
	if (real && real_store)
		base = store_path_base(real_store, real);
	if (base && ar_valid_base(base) && store_is_valid(st, base) == 1)
		return steal_pointer(&base);
	gx_fail_input(err, "'%s' is not in an item of the store '%s'", item, store_dir(st));
	return NULL;
}

struct order {
	struct store *st;
	struct hmap seen, wanted;
	struct gx_arena a;
	char **out;
	bool closure;
};

static int visit(struct order *o, const char *base, struct gx_error **err)
{
	struct store_item *it;

	if (hmap_get(&o->seen, base))
		return 0;
	hmap_put(&o->seen, gx_arena_strdup(&o->a, base), (void *)1);
	it = store_item_get(o->st, base, err);
	if (!it)
		return -1;
	for (char **r = it->refs; *r; r++)
		if (strcmp(*r, base) != 0 && visit(o, *r, err) < 0) {
			gx_wrap(err, "'%s' refers to it", base);
			store_item_free(it);
			return -1;
		}
	store_item_free(it);
	if (o->closure || hmap_get(&o->wanted, base))
		o->out = gx_strv_push(o->out, base);
	return 0;
}

char **archive_order(struct store *st, char *const *bases, bool closure, struct gx_error **err)
{
	struct order o = { .st = st, .closure = closure, .a = GX_ARENA_INIT };
	int rc = 0;

	o.out = gx_xcalloc(1, sizeof(char *));
	for (char *const *b = bases; *b; b++)
		hmap_put(&o.wanted, gx_arena_strdup(&o.a, *b), (void *)1);
	for (char *const *b = bases; *b && rc == 0; b++)
		rc = visit(&o, *b, err);
	hmap_free(&o.seen);
	hmap_free(&o.wanted);
	gx_arena_free(&o.a);
	if (rc < 0) {
		gx_strv_free(o.out);
		return NULL;
	}
	return o.out;
}

struct exporter {
	struct store *st;
	struct ar_stream s;
	struct hmap links; /* "dev:ino" -> "<base> <escaped path>" */
	struct gx_arena a;
	struct archive_stats *stats;
	int dfd;
};

/* Send the content of fd (size bytes), checking it against digest. */
static int send_content(struct exporter *x, int fd, const struct stat *sb, const char *digest,
                        const char *path, struct gx_error **err)
{
	struct sha256_ctx c;
	uint8_t d[HASH_SHA256_LEN];
	char hex[65];
	uint64_t total = 0, size = (uint64_t)sb->st_size;

	sha256_init(&c);
	if (ar_printf(&x->s, err, "C %lld\n", (long long)sb->st_mtim.tv_sec) < 0)
		return -1;
	while (total < size) {
		size_t want = size - total < AR_BUF_SIZE ? (size_t)(size - total) : AR_BUF_SIZE;
		ssize_t r = read(fd, x->s.buf, want);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return gx_fail_errno(err, "cannot read '%s'", path);
		if (r == 0)
			return gx_fail(err, GX_EXIT_SYSTEM, 0,
			               "'%s' is shorter than recorded: the "
			               "store item is damaged (run gxsys verify)",
			               path);
		sha256_update(&c, (size_t)r, (const uint8_t *)x->s.buf);
		if (ar_write(&x->s, x->s.buf, (size_t)r, false, err) < 0)
			return -1;
		total += (uint64_t)r;
	}
	sha256_digest(&c, sizeof(d), d);
	hash_hex(d, sizeof(d), hex);
	if (strcmp(hex, digest) != 0)
		return gx_fail(err, GX_EXIT_SYSTEM, 0,
		               "'%s' does not match its recorded digest: the "
		               "store item is damaged (run gxsys verify)",
		               path);
	x->stats->bytes += size;
	return 0;
}

/* One "f" line of a serialisation: its record. */
static int export_file(struct exporter *x, const char *base, const char *line,
                       struct gx_error **err)
{
	unsigned mode;
	unsigned long long size;
	char digest[65], epath[PATH_MAX + 1], key[64];
	_cleanup_free_ char *path = NULL, *full = NULL;
	_cleanup_close_ int fd = -1;
	struct stat sb;
	const char *known;

	if (sscanf(line, "f %o %llu %64s %4096s", &mode, &size, digest, epath) != 4 ||
	    !(path = store_unescape(epath)))
		return gx_fail(err, GX_EXIT_SYSTEM, 0, "bad manifest line '%s'", line);
	full = gx_asprintf("%s/%s/%s", store_dir(x->st), base, path);
	fd = openat(x->dfd, full + strlen(store_dir(x->st)) + 1, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &sb) < 0)
		return gx_fail_errno(err, "cannot open '%s'", full);
	if (!S_ISREG(sb.st_mode) || (uint64_t)sb.st_size != size)
		return gx_fail(err, GX_EXIT_SYSTEM, 0,
		               "'%s' is not the file its item recorded: the "
		               "store item is damaged (run gxsys verify)",
		               full);
	snprintf(key, sizeof(key), "%llx:%llx", (unsigned long long)sb.st_dev,
	         (unsigned long long)sb.st_ino);
	if ((known = hmap_get(&x->links, key))) {
		x->stats->linked++;
		return ar_printf(&x->s, err, "L %s\n", known);
	}
	hmap_put(&x->links, gx_arena_strdup(&x->a, key),
	         gx_arena_printf(&x->a, "%s %s", base, epath));
	return send_content(x, fd, &sb, digest, full, err);
}

static int export_item(struct exporter *x, const char *base, struct gx_error **err)
{
	_cleanup_free_ char *meta = store_item_meta(x->st, base);
	_cleanup_free_ char *mpath = gx_asprintf("%s/.db/manifest/%s", store_dir(x->st), base);
	_cleanup_free_ char *mf = NULL;
	size_t mflen;
	char *save = NULL;

	if (!meta || gx_read_file(mpath, &mf, &mflen) < 0)
		return gx_fail_errno(err, "cannot read the metadata of '%s'", base);
	x->s.what = base;
	if (ar_printf(&x->s, err, "item %s %zu %zu\n", base, strlen(meta), mflen) < 0 ||
	    ar_write(&x->s, meta, strlen(meta), true, err) < 0 ||
	    ar_write(&x->s, mf, mflen, true, err) < 0)
		return -1;
	for (char *l = strtok_r(mf, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		if (l[0] == 'f' && l[1] == ' ' && export_file(x, base, l, err) < 0)
			return gx_wrap(err, "item '%s'", base);
	x->stats->items++;
	return 0;
}

static int export_all(struct exporter *x, char *const *bases, char *const *order,
                      struct gx_error **err)
{
	char hex[65];

	if (ar_write(&x->s, ARCHIVE_MAGIC, strlen(ARCHIVE_MAGIC), true, err) < 0)
		return -1;
	for (char *const *b = bases; *b; b++)
		if (ar_printf(&x->s, err, "root %s\n", *b) < 0)
			return -1;
	for (char *const *b = order; *b; b++)
		if (export_item(x, *b, err) < 0)
			return -1;
	x->s.what = "the end line";
	ar_digest(&x->s, hex);
	return ar_printf(&x->s, err, "end %zu %s\n", x->stats->items, hex);
}

int archive_export(struct store *st, char *const *bases, bool closure, int fd, int level,
                   struct archive_stats *stats, struct gx_error **err)
{
	struct exporter x = { .st = st, .a = GX_ARENA_INIT };
	struct archive_stats dummy;
	_cleanup_strv_ char **order = archive_order(st, bases, closure, err);
	struct stat sb;
	int rc;

	x.stats = stats ? stats : &dummy;
	memset(x.stats, 0, sizeof(*x.stats));
	if (!order)
		return -1;
	x.dfd = open(store_dir(st), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (x.dfd < 0)
		return gx_fail_errno(err, "cannot open the store '%s'", store_dir(st));
	rc = ar_open_write(&x.s, fd, level, err);
	if (rc == 0) {
		rc = export_all(&x, bases, order, err);
		if (ar_close(&x.s, rc == 0 ? err : NULL) < 0)
			rc = -1;
	}
	if (rc == 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
		x.stats->written = (uint64_t)lseek(fd, 0, SEEK_CUR);
	close(x.dfd);
	hmap_free(&x.links);
	gx_arena_free(&x.a);
	return rc;
}
