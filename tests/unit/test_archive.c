/* Unit tests of archive*.c in a temporary directory: an item made with
 * store_add_dir (a subdirectory, an executable, a symlink, two hard-linked
 * files, an empty file) goes through export and import, plain and gzip'd,
 * and comes back the same (hard links and mtimes kept); a flipped byte and every
 * truncation are refused with the target store left empty; an item twice in
 * an archive; names of items and store paths; the store layout made for a
 * refused import is removed. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "archive.h"
#include "archive_int.h"
#include "store.h"
#include "store_impl.h"
#include "store_manifest.h"
#include "util.h"

static char top[64];
static char *sdir, *base;

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sh(const char *fmt, ...)
{
	va_list ap;
	char *cmd;

	va_start(ap, fmt);
	cmd = gx_vasprintf(fmt, ap);
	va_end(ap);
	if (system(cmd) != 0)
		fail_msg("command failed: %s", cmd);
	free(cmd);
}

static int setup(void **state)
{
	struct gx_error *err = NULL;
	struct store *st;
	struct store_item *it;
	char *tmp;

	(void)state;
	snprintf(top, sizeof(top), "/tmp/test_archive.XXXXXX");
	if (!mkdtemp(top))
		return -1;
	sdir = gx_asprintf("%s/src", top);
	st = store_open(sdir, STORE_OPEN_CREATE, &err);
	assert_non_null(st);
	tmp = store_mkdtemp(st, "t", &err);
	assert_non_null(tmp);
	sh("cd %s && mkdir -p usr/bin 'usr/share/a dir' && printf 'CONTENT-OF-TOOL\\n' "
	   ">usr/bin/tool "
	   "&& chmod 755 usr/bin/tool && touch -d 2001-01-01 usr/bin/tool && ln -s tool "
	   "usr/bin/alias && printf 'same\\n' "
	   ">usr/share/one "
	   "&& ln usr/share/one 'usr/share/a dir/two' && : >usr/share/empty",
	   tmp);
	it = store_add_dir(st, tmp, "thing", "1.0", NULL, &err);
	assert_non_null(it);
	base = gx_xstrdup(it->base);
	store_item_free(it);
	free(tmp);
	store_close(st);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sh("chmod -R u+w %s && rm -rf %s", top, top);
	free(sdir);
	free(base);
	return 0;
}

/* Export base into a new file; returns its path (malloc'd). */
static char *export(int level)
{
	struct gx_error *err = NULL;
	struct store *st = store_open(sdir, STORE_OPEN_READONLY, &err);
	char *bases[] = { base, NULL };
	char *path = gx_asprintf("%s/arc-%d", top, level);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	struct archive_stats stats;

	assert_non_null(st);
	assert_true(fd >= 0);
	assert_int_equal(archive_export(st, bases, true, fd, level, &stats, &err), 0);
	assert_int_equal(stats.items, 1);
	assert_int_equal(stats.linked, 1);
	close(fd);
	store_close(st);
	return path;
}

/* Import file into a new store at dir; returns 0 or -1 with *msg. */
static int import(const char *file, const char *dir, char **msg)
{
	struct gx_error *err = NULL;
	struct store *st = store_open(dir, STORE_OPEN_CREATE, &err);
	struct archive_import_opts o = { 0 };
	struct archive_stats stats;
	int fd = open(file, O_RDONLY | O_CLOEXEC), rc;

	assert_non_null(st);
	assert_true(fd >= 0);
	rc = archive_import(st, fd, &o, &stats, &err);
	close(fd);
	if (rc < 0) {
		*msg = gx_xstrdup(err->msg);
		gx_error_free(err);
	}
	store_close(st);
	return rc;
}

static void bad(void *ctx, const char *b, const char *what)
{
	(void)ctx;
	fprintf(stderr, "verify: %s: %s\n", b, what);
}

static bool store_empty(const char *dir)
{
	char *cmd = gx_asprintf(
	        "test -z \"$(find %s/.db/items %s/.db/manifest %s/.tmp -mindepth 1)\" && "
	        "test -z \"$(ls %s)\"",
	        dir, dir, dir, dir);
	int rc = system(cmd);

	if (rc != 0) {
		char *ls = gx_asprintf("ls -laR %s >&2", dir);
		if (system(ls) != 0)
			fprintf(stderr, "ls failed\n");
		free(ls);
	}
	free(cmd);
	return rc == 0;
}

static void roundtrip(int level)
{
	char *file = export(level), *msg = NULL;
	char *dir = gx_asprintf("%s/dst-%d", top, level);
	char *one = gx_asprintf("%s/%s/usr/share/one", dir, base);
	struct store *st;
	struct gx_error *err = NULL;
	struct stat sb;
	char link[64];
	ssize_t n;

	assert_int_equal(import(file, dir, &msg), 0);
	st = store_open(dir, STORE_OPEN_READONLY, &err);
	assert_int_equal(store_is_valid(st, base), 1);
	assert_int_equal(store_verify(st, NULL, bad, NULL, &err), 0);
	store_close(st);
	assert_int_equal(stat(one, &sb), 0);
	assert_int_equal(sb.st_nlink, 2);
	free(one);
	one = gx_asprintf("%s/%s/usr/bin/alias", dir, base);
	n = readlink(one, link, sizeof(link));
	assert_int_equal(n, 4);
	assert_memory_equal(link, "tool", 4);
	sh("cmp %s/.db/manifest/%s %s/.db/manifest/%s", sdir, base, dir, base);
	sh("cmp %s/.db/items/%s %s/.db/items/%s", sdir, base, dir, base);
	sh("test \"$(stat -c %%a %s/%s/usr/bin/tool)\" = 555", dir, base);
	sh("test \"$(stat -c %%Y %s/%s/usr/bin/tool)\" = \"$(stat -c %%Y %s/%s/usr/bin/tool)\"",
	   dir, base, sdir, base);
	/* Twice: nothing changes. */
	assert_int_equal(import(file, dir, &msg), 0);
	free(one);
	free(dir);
	free(file);
}

static void test_roundtrip_plain(void **state)
{
	(void)state;
	roundtrip(0);
}

static void test_roundtrip_gzip(void **state)
{
	(void)state;
	roundtrip(6);
}

static void test_flipped_content(void **state)
{
	char *file = export(0), *msg = NULL, *dir = gx_asprintf("%s/flip", top);
	char *data;
	size_t len;
	char *at;

	(void)state;
	assert_int_equal(gx_read_file(file, &data, &len), 0);
	at = memmem(data, len, "CONTENT-OF-TOOL", 15);
	assert_non_null(at);
	at[3] ^= 1;
	assert_int_equal(gx_write_file_atomic(file, data, len, 0644), 0);
	assert_int_equal(import(file, dir, &msg), -1);
	assert_non_null(strstr(msg, "file 'usr/bin/tool' does not match its hash"));
	assert_non_null(strstr(msg, base));
	assert_true(store_empty(dir));
	free(msg);
	free(data);
	free(dir);
	free(file);
}

/* Cuts of the plain and the gzip'd archive (every byte of the first 40,
 * then 40 spread over the rest) are refused. */
static void test_truncated(void **state)
{
	int levels[] = { 0, 6 };

	(void)state;
	for (size_t l = 0; l < 2; l++) {
		char *file = export(levels[l]), *cut = gx_asprintf("%s/cut", top);
		char *dir = gx_asprintf("%s/cut-store", top);
		char *data;
		size_t len, step;

		assert_int_equal(gx_read_file(file, &data, &len), 0);
		/* every cut in the header, then a spread over the rest */
		step = len / 40 + 1;
		for (size_t n = 0; n < len; n += n < 40 ? 1 : step) {
			char *msg = NULL;

			assert_int_equal(gx_write_file_atomic(cut, data, n, 0644), 0);
			assert_int_equal(import(cut, dir, &msg), -1);
			assert_true(strstr(msg, "truncated") || strstr(msg, "corrupted") ||
			            strstr(msg, "not a gxsys archive"));
			assert_true(store_empty(dir));
			free(msg);
		}
		free(data);
		free(dir);
		free(cut);
		free(file);
	}
}

static void test_names(void **state)
{
	struct gx_error *err = NULL;
	struct store *st = store_open(sdir, STORE_OPEN_READONLY, &err);
	char *p = gx_asprintf("%s/%s/usr/bin/tool", sdir, base), *b;

	(void)state;
	assert_true(ar_valid_base(base));
	assert_false(ar_valid_base("short-x"));
	assert_false(ar_valid_base("0123456789abcdfghijklmnpqrsvwxye-x")); /* 'e' */
	assert_false(ar_valid_base("0123456789abcdfghijklmnpqrsvwxyz-a/b"));
	assert_false(ar_valid_base("0123456789abcdfghijklmnpqrsvwxyz-.x"));
	b = archive_item_base(st, p, &err);
	assert_string_equal(b, base);
	free(b);
	b = archive_item_base(st, base, &err);
	assert_string_equal(b, base);
	free(b);
	assert_null(archive_item_base(st, "/etc/passwd", &err));
	assert_non_null(err);
	gx_error_free(err);
	free(p);
	store_close(st);
}

/* What a small archive can make the importer hold is bounded (a 2 MB
 * archive of text it kept took 2.3 GB before): an item's metadata or
 * serialisation over AR_TEXT_MAX is refused before it is read, and lines it
 * skipped at no cost but memory, privileged-file lines beyond one a file,
 * make the serialisation malformed. */
static void test_limits(void **state)
{
	static const char mf[] = "gxsys-item 1\nname x\nversion 1\np 4755 - a\np 4755 - a\n";
	char *file = gx_asprintf("%s/big", top), *dir = gx_asprintf("%s/big-store", top);
	char *b = mf_base(mf, "x", "1"), *meta, *text, *msg = NULL;

	(void)state;
	text = gx_asprintf("gxsys-archive 1\nitem %s 10 %u\nname: x\n", b, AR_TEXT_MAX + 1u);
	assert_int_equal(gx_write_file_atomic(file, text, strlen(text), 0644), 0);
	assert_int_equal(import(file, dir, &msg), -1);
	assert_non_null(strstr(msg, "too big"));
	assert_non_null(strstr(msg, "33554433 of serialisation"));
	assert_true(store_empty(dir));
	free(msg);
	free(text);
	/* A length that wraps around what is added up (it said "0 MiB in all,
	 * over 256"). */
	text = gx_asprintf("gxsys-archive 1\nitem %s 18446744073709551615 1\nname: x\n", b);
	assert_int_equal(gx_write_file_atomic(file, text, strlen(text), 0644), 0);
	assert_int_equal(import(file, dir, &msg), -1);
	assert_non_null(strstr(msg, "18446744073709551615 bytes of metadata"));
	assert_true(store_empty(dir));
	free(msg);
	free(text);
	meta = gx_asprintf("name: x\nversion: 1\nhash: %.32s\n", b);
	text = gx_asprintf("gxsys-archive 1\nitem %s %zu %zu\n%s%s", b, strlen(meta), strlen(mf),
	                   meta, mf);
	assert_int_equal(gx_write_file_atomic(file, text, strlen(text), 0644), 0);
	assert_int_equal(import(file, dir, &msg), -1);
	assert_non_null(strstr(msg, "malformed (line 4)"));
	assert_true(store_empty(dir));
	free(msg);
	free(text);
	free(meta);
	free(b);
	free(dir);
	free(file);
}

/* Write the item b of the source store into s as the exporter does, but
 * with a content record for every file (no links), except that the file
 * link_from (if not NULL) is a link record to link_to of the same item. */
static void put_item_linked(struct ar_stream *s, const char *b, const char *link_from,
                            const char *link_to)
{
	struct gx_error *err = NULL;
	char *mp = gx_asprintf("%s/.db/manifest/%s", sdir, b);
	char *ip = gx_asprintf("%s/.db/items/%s", sdir, b);
	char *mf, *meta, *copy, *save = NULL;
	size_t mflen, metalen;

	assert_int_equal(gx_read_file(mp, &mf, &mflen), 0);
	assert_int_equal(gx_read_file(ip, &meta, &metalen), 0);
	assert_int_equal(ar_printf(s, &err, "item %s %zu %zu\n", b, metalen, mflen), 0);
	assert_int_equal(ar_write(s, meta, metalen, true, &err), 0);
	assert_int_equal(ar_write(s, mf, mflen, true, &err), 0);
	copy = gx_xstrdup(mf);
	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *path, *file, *data;
		size_t len;

		if (strncmp(l, "f ", 2) != 0)
			continue;
		path = store_unescape(strrchr(l, ' ') + 1);
		if (link_from && strcmp(path, link_from) == 0) {
			assert_int_equal(ar_printf(s, &err, "L %s %s\n", b, link_to), 0);
			free(path);
			continue;
		}
		file = gx_asprintf("%s/%s/%s", sdir, b, path);
		assert_int_equal(gx_read_file(file, &data, &len), 0);
		assert_int_equal(ar_printf(s, &err, "C 0\n"), 0);
		assert_int_equal(ar_write(s, data, len, false, &err), 0);
		free(data);
		free(file);
		free(path);
	}
	free(copy);
	free(mf);
	free(meta);
	free(ip);
	free(mp);
}

static void put_item(struct ar_stream *s, const char *b)
{
	put_item_linked(s, b, NULL, NULL);
}

/* A link record within an item to a file that comes after it (the
 * exporter never writes one): refused as a corrupted archive (it failed as
 * a system error, "cannot open" the file not yet written, exit 3). */
static void test_forward_link(void **state)
{
	struct gx_error *err = NULL;
	struct ar_stream s;
	char *file = gx_asprintf("%s/fwd", top), *dir = gx_asprintf("%s/fwd-store", top);
	char *msg = NULL, hex[65];
	int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(ar_open_write(&s, fd, 0, &err), 0);
	assert_int_equal(ar_printf(&s, &err, "gxsys-archive 1\nroot %s\n", base), 0);
	put_item_linked(&s, base, "usr/share/a dir/two", "usr/share/one");
	ar_digest(&s, hex);
	assert_int_equal(ar_printf(&s, &err, "end 1 %s\n", hex), 0);
	assert_int_equal(ar_close(&s, &err), 0);
	close(fd);
	assert_int_equal(import(file, dir, &msg), -1);
	assert_non_null(strstr(msg, "comes after it: the archive is corrupted"));
	assert_true(store_empty(dir));
	free(msg);
	free(dir);
	free(file);
}

/* An archive that holds an item twice, then an item with a hard link to a
 * file of it: the first copy counts, the second is read past, and the link
 * is made to the first (it named the second, which is never written: the
 * import failed, "cannot open" with the system error's status). */
static void test_duplicate(void **state)
{
	struct gx_error *err = NULL;
	struct ar_stream s;
	char *file = gx_asprintf("%s/dup", top), *dir = gx_asprintf("%s/dup-store", top);
	char *mp = gx_asprintf("%s/.db/manifest/%s", sdir, base);
	char *mf, *line, *other_mf, *other, *meta, *msg = NULL, *linked, *linked2;
	char hex[65];
	size_t len;
	int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	struct store *st;
	struct stat a, b;

	(void)state;
	/* "other": usr/one, the same file as the item's usr/share/one. */
	assert_int_equal(gx_read_file(mp, &mf, &len), 0);
	line = strstr(mf, "\nf ");
	while (line && strncmp(strchr(line + 1, '\n') - 14, " usr/share/one", 14) != 0)
		line = strstr(line + 1, "\nf ");
	assert_non_null(line);
	*strchr(line + 1, '\n') = '\0';
	*(strrchr(line, ' ') + 1) = '\0';
	other_mf = gx_asprintf("gxsys-item 1\nname other\nversion 1\nd 555 usr\n%susr/one\n",
	                       line + 1);
	other = mf_base(other_mf, "other", "1");
	meta = gx_asprintf("name: other\nversion: 1\nhash: %.32s\nref: %s\n", other, base);

	assert_true(fd >= 0);
	assert_int_equal(ar_open_write(&s, fd, 0, &err), 0);
	assert_int_equal(ar_printf(&s, &err, "gxsys-archive 1\nroot %s\n", other), 0);
	put_item(&s, base);
	put_item(&s, base);
	assert_int_equal(ar_printf(&s, &err, "item %s %zu %zu\n%s%sL %s usr/share/one\n", other,
	                           strlen(meta), strlen(other_mf), meta, other_mf, base),
	                 0);
	ar_digest(&s, hex);
	assert_int_equal(ar_printf(&s, &err, "end 3 %s\n", hex), 0);
	assert_int_equal(ar_close(&s, &err), 0);
	close(fd);

	if (import(file, dir, &msg) < 0)
		fail_msg("import of an archive with an item twice: %s", msg);
	st = store_open(dir, STORE_OPEN_READONLY, &err);
	assert_non_null(st);
	assert_int_equal(store_is_valid(st, base), 1);
	assert_int_equal(store_is_valid(st, other), 1);
	assert_int_equal(store_verify(st, NULL, bad, NULL, &err), 0);
	store_close(st);
	linked = gx_asprintf("%s/%s/usr/one", dir, other);
	linked2 = gx_asprintf("%s/%s/usr/share/one", dir, base);
	assert_int_equal(stat(linked, &a), 0);
	assert_int_equal(stat(linked2, &b), 0);
	assert_true(a.st_ino == b.st_ino && a.st_dev == b.st_dev);
	free(linked2);
	free(linked);
	free(meta);
	free(other);
	free(other_mf);
	free(mf);
	free(mp);
	free(dir);
	free(file);
}

/* A reference recorded in an item's serialisation (a system's: covered by
 * its hash) but missing from its metadata (which is not): refused.  It was
 * registered, referring to an item neither in the archive nor in the
 * store, which gc would not have kept either. */
static void test_hashed_refs(void **state)
{
	static const char missing[] = "0123456789abcdfghijklmnpqrsvwxyz-gone-1";
	struct gx_error *err = NULL;
	struct ar_stream s;
	char *file = gx_asprintf("%s/refs", top), *dir = gx_asprintf("%s/refs-store", top);
	char *mf = gx_asprintf("gxsys-item 1\nname sys\nversion 1\nd 555 usr\nr %s\n", missing);
	char *b = mf_base(mf, "sys", "1"), *msg = NULL, hex[65];
	char *meta = gx_asprintf("name: sys\nversion: 1\nhash: %.32s\n", b);
	int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(ar_open_write(&s, fd, 0, &err), 0);
	assert_int_equal(ar_printf(&s, &err, "gxsys-archive 1\nroot %s\nitem %s %zu %zu\n%s%s", b,
	                           b, strlen(meta), strlen(mf), meta, mf),
	                 0);
	ar_digest(&s, hex);
	assert_int_equal(ar_printf(&s, &err, "end 1 %s\n", hex), 0);
	assert_int_equal(ar_close(&s, &err), 0);
	close(fd);
	assert_int_equal(import(file, dir, &msg), -1);
	assert_non_null(
	        strstr(msg, "lacks its reference to '0123456789abcdfghijklmnpqrsvwxyz-gone-1'"));
	assert_true(store_empty(dir));
	free(msg);
	free(meta);
	free(b);
	free(mf);
	free(dir);
	free(file);
}

static void test_unmake(void **state)
{
	char *dir = gx_asprintf("%s/new/a/store", top);
	char *top_missing = archive_store_missing(dir), *empty, *existing;
	struct gx_error *err = NULL;
	struct store *st;

	(void)state;
	assert_non_null(top_missing);
	assert_true(strlen(top_missing) == strlen(top) + 4);
	st = store_open(dir, STORE_OPEN_CREATE, &err);
	assert_non_null(st);
	store_close(st);
	archive_store_unmake(dir, top_missing);
	sh("test ! -e %s/new", top);
	sh("mkdir %s/empty", top);
	free(dir);
	dir = gx_asprintf("%s/empty", top);
	empty = archive_store_missing(dir);
	assert_string_equal(empty, "");
	st = store_open(dir, STORE_OPEN_CREATE, &err);
	store_close(st);
	archive_store_unmake(dir, empty);
	sh("test -d %s/empty && test -z \"$(ls -A %s/empty)\"", top, top);
	existing = archive_store_missing(sdir);
	assert_null(existing);
	free(empty);
	free(top_missing);
	free(dir);
}

/* The GC root of an import cannot be made (a full disk; here its temporary
 * name is taken by a directory): the import fails and, all or nothing,
 * leaves no item registered (unrooted, a gc would take them anyway). */
static void test_root_fails(void **state)
{
	char *file = export(6);
	char *dir = gx_asprintf("%s/dst-root", top);
	struct gx_error *err = NULL;
	struct store *st = store_open(dir, STORE_OPEN_CREATE, &err);
	struct archive_import_opts o = { .root_prefix = "bundle-" };
	struct archive_stats stats;
	int fd = open(file, O_RDONLY | O_CLOEXEC);

	(void)state;
	assert_non_null(st);
	assert_true(fd >= 0);
	sh("mkdir %s/.roots/.tmp-%ld-bundle-%s", dir, (long)getpid(), base);
	assert_int_equal(archive_import(st, fd, &o, &stats, &err), -1);
	assert_non_null(strstr(err->msg, "GC root"));
	gx_error_free(err);
	assert_int_equal(store_is_valid(st, base), 0);
	sh("test -z \"$(find %s/.db/items %s/.tmp -mindepth 1)\" && test ! -e %s/%s", dir, dir, dir,
	   base);
	close(fd);
	store_close(st);
	free(dir);
	free(file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_plain), cmocka_unit_test(test_roundtrip_gzip),
		cmocka_unit_test(test_flipped_content), cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_names),           cmocka_unit_test(test_unmake),
		cmocka_unit_test(test_limits),          cmocka_unit_test(test_duplicate),
		cmocka_unit_test(test_hashed_refs),     cmocka_unit_test(test_forward_link),
		cmocka_unit_test(test_root_fails),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
