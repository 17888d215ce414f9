/* bundle: the self-extracting bundle of a system (bundle.h). */
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
#include "bundle.h"
#include "hash.h"
#include "launcher.h"
#include "util.h"

char *bundle_find_importer(void)
{
	const char *env = getenv("GXSYS_IMPORT");
	char *beside;

	if (env && *env)
		return gx_xstrdup(env);
	if ((beside = gx_beside_self("gxsys-import", X_OK)) != NULL)
		return beside;
	return gx_xstrdup(GXSYS_LIBEXECDIR "/gxsys-import");
}

/* ---- the script ---- */

static char *num(uint64_t v)
{
	return gx_asprintf("%llu", (unsigned long long)v);
}

int bundle_render(const char *tmpl, size_t len, const struct bundle_script *s, struct gx_buf *out,
                  struct gx_error **err)
{
	_cleanup_free_ char *io = num(s->importer_offset), *is = num(s->importer_size);
	_cleanup_free_ char *ao = num(s->archive_offset), *as = num(s->archive_size);
	const struct {
		const char *key, *val;
		bool quote;
	} vars[] = {
		{ "VERSION", s->version, false },  { "STORE", s->store, true },
		{ "LAUNCHER", s->launcher, true }, { "ROOT_PREFIX", s->root_prefix, true },
		{ "ITEMS", s->items, true },       { "IMPORTER_OFFSET", io, true },
		{ "IMPORTER_SIZE", is, true },     { "IMPORTER_SHA256", s->importer_sha256, true },
		{ "ARCHIVE_OFFSET", ao, true },    { "ARCHIVE_SIZE", as, true },
	};
	const char *p = tmpl, *end = tmpl + len;

	while (p < end) {
		const char *at = memchr(p, '@', (size_t)(end - p)), *close;
		size_t i, n = sizeof(vars) / sizeof(vars[0]);

		if (!at || !(close = memchr(at + 1, '@', (size_t)(end - at - 1)))) {
			gx_buf_add(out, p, (size_t)(end - p));
			break;
		}
		gx_buf_add(out, p, (size_t)(at - p));
		if (close == at + 1 || strspn(at + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") !=
		                               (size_t)(close - at - 1)) {
			gx_buf_putc(out, '@'); /* "$@" and the like */
			p = at + 1;
			continue;
		}
		for (i = 0; i < n; i++)
			if (strlen(vars[i].key) == (size_t)(close - at - 1) &&
			    memcmp(vars[i].key, at + 1, (size_t)(close - at - 1)) == 0)
				break;
		if (i == n)
			return gx_fail(err, GX_EXIT_SYSTEM, 0,
			               "bundle template: unknown placeholder "
			               "'%.*s'",
			               (int)(close - at + 1), at);
		if (!vars[i].quote && strpbrk(vars[i].val, "\n\r"))
			return gx_fail_input(err, "bundle template: a newline in %s", vars[i].key);
		if (vars[i].quote)
			launch_sh_quote(out, vars[i].val);
		else
			gx_buf_puts(out, vars[i].val);
		p = close + 1;
	}
	return 0;
}

/* "<base> <bytes>" lines of the closure. */
static char *item_lines(struct store *st, char *const *order, struct gx_error **err)
{
	struct gx_buf b = GX_BUF_INIT;

	for (char *const *o = order; *o; o++) {
		struct store_item *it = store_item_get(st, *o, err);

		if (!it) {
			gx_buf_free(&b);
			return NULL;
		}
		gx_buf_printf(&b, "%s%s %llu", b.len ? "\n" : "", *o, (unsigned long long)it->size);
		store_item_free(it);
	}
	return gx_buf_steal(&b);
}

/* ---- the file ---- */

static int write_all(int fd, const void *p, size_t n)
{
	const char *q = p;

	while (n) {
		ssize_t w = write(fd, q, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		q += w;
		n -= (size_t)w;
	}
	return 0;
}

static int append_file(int out, int in, uint64_t size)
{
	loff_t off = 0;
	char buf[1 << 16];

	while ((uint64_t)off < size) {
		ssize_t n = copy_file_range(in, &off, out, NULL, (size_t)(size - (uint64_t)off), 0);

		if (n > 0)
			continue;
		if (n == 0 ||
		    (errno != EXDEV && errno != ENOSYS && errno != EINVAL && errno != EOPNOTSUPP))
			return n == 0 ? (errno = EIO, -1) : -1;
		/* A plain copy where the file systems cannot copy_file_range. */
		n = pread(in, buf, sizeof(buf), off);
		if (n <= 0 || write_all(out, buf, (size_t)n) < 0)
			return n == 0 ? (errno = EIO, -1) : -1;
		off += n;
	}
	return 0;
}

/* The archive, in an unnamed temporary file beside file. */
static int make_archive(struct store *st, char *const *bases, const char *file, int level,
                        struct archive_stats *stats, struct gx_error **err)
{
	const char *slash = strrchr(file, '/');
	_cleanup_free_ char *dir =
	        slash ? gx_xstrndup(file, slash == file ? 1 : (size_t)(slash - file))
	              : gx_xstrdup(".");
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);

	if (fd < 0) {
		_cleanup_free_ char *tmp = gx_asprintf("%s.archive-XXXXXX", file);

		fd = mkostemp(tmp, O_CLOEXEC);
		if (fd >= 0)
			unlink(tmp);
	}
	if (fd < 0)
		return gx_fail_errno(err, "cannot make a temporary file in '%s'", dir);
	if (archive_export(st, bases, true, fd, level, stats, err) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

struct parts {
	struct gx_buf script;
	char *importer;
	size_t importer_len;
	int archive_fd;
	uint64_t archive_len;
};

static int write_parts(const struct parts *pt, const char *file, struct gx_error **err)
{
	_cleanup_free_ char *tmp = gx_asprintf("%s.tmp-%ld", file, (long)getpid());
	_cleanup_close_ int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);

	if (fd < 0)
		return gx_fail_errno(err, "cannot create '%s'", tmp);
	if (write_all(fd, pt->script.data, pt->script.len) < 0 ||
	    write_all(fd, pt->importer, pt->importer_len) < 0 ||
	    append_file(fd, pt->archive_fd, pt->archive_len) < 0 || fchmod(fd, 0755) < 0 ||
	    fsync(fd) < 0 || rename(tmp, file) < 0) {
		gx_fail_errno(err, "cannot write '%s'", tmp);
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* Render until the script's length (which the offsets depend on) is stable. */
static int render_script(struct bundle_script *s, struct parts *pt, struct gx_error **err)
{
	for (int round = 0; round < 8; round++) {
		size_t len = pt->script.len;

		s->importer_offset = len;
		s->archive_offset = len + pt->importer_len;
		pt->script.len = 0;
		if (bundle_render(bundle_template, bundle_template_len, s, &pt->script, err) < 0)
			return -1;
		if (pt->script.len == len)
			return 0;
	}
	return gx_fail(err, GX_EXIT_SYSTEM, 0, "bundle script: offsets do not settle");
}

static int assemble(struct store *st, const struct bundle_params *p, const char *base,
                    const char *file, struct archive_stats *stats, struct gx_error **err)
{
	char *bases[] = { (char *)base, NULL };
	_cleanup_strv_ char **order = archive_order(st, bases, true, err);
	_cleanup_free_ char *items = order ? item_lines(st, order, err) : NULL;
	struct parts pt = { .script = GX_BUF_INIT, .archive_fd = -1 };
	uint8_t d[HASH_SHA256_LEN];
	char hex[65];
	int rc = -1;

	if (!items)
		return -1;
	if (gx_read_file(p->importer, &pt.importer, &pt.importer_len) < 0)
		return gx_fail_errno(err,
		                     "cannot read the importer '%s' (set GXSYS_IMPORT, or "
		                     "build it with make)",
		                     p->importer);
	hash_sha256(pt.importer, pt.importer_len, d);
	hash_hex(d, sizeof(d), hex);
	struct bundle_script s = { .version = p->version,
		                   .store = store_dir(st),
		                   .launcher = p->launcher,
		                   .root_prefix = BUNDLE_ROOT_PREFIX,
		                   .items = items,
		                   .importer_sha256 = hex,
		                   .importer_size = pt.importer_len };
	pt.archive_fd = make_archive(st, bases, file, p->level, stats, err);
	if (pt.archive_fd >= 0) {
		pt.archive_len = (uint64_t)lseek(pt.archive_fd, 0, SEEK_END);
		s.archive_size = pt.archive_len;
		if (render_script(&s, &pt, err) == 0 && write_parts(&pt, file, err) == 0)
			rc = 0;
		close(pt.archive_fd);
	}
	gx_buf_free(&pt.script);
	free(pt.importer);
	return rc;
}

int bundle_write(struct store *st, const struct bundle_params *p, const char *file,
                 struct archive_stats *stats, struct gx_error **err)
{
	_cleanup_free_ char *base = archive_item_base(st, p->launcher, err);

	if (!base || assemble(st, p, base, file, stats, err) < 0)
		return gx_wrap(err, "bundle '%s'", file);
	return 0;
}

int bundle_for_container(struct store *st, const char *launcher, const char *file,
                         struct gx_error **err)
{
	_cleanup_free_ char *importer = bundle_find_importer();
	struct bundle_params p = {
		.launcher = launcher, .importer = importer, .version = GXSYS_VERSION, .level = 6
	};

	return bundle_write(st, &p, file, NULL, err);
}
