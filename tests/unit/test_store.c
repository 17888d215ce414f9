/* Unit tests of the store (store*.c) in a temporary directory: staging and
 * registration, names stable across stores, md5 checks, privileges,
 * add_dir, roots and gc, verify, optimize, cleanup of stale state. */
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
#include <dirent.h>

#include "hash.h"
#include "store.h"
#include "store_impl.h"
#include "util.h"

static char top[64];
static char *host, *sdir, *sdir2;
static int nwarn;

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

static void put(const char *rel, const char *text, unsigned mode)
{
	char *p = gx_asprintf("%s/%s", host, rel);

	assert_int_equal(gx_write_file_atomic(p, text, strlen(text), mode), 0);
	free(p);
}

static int setup(void **state)
{
	(void)state;
	snprintf(top, sizeof(top), "/tmp/test_store.XXXXXX");
	if (!mkdtemp(top))
		return -1;
	host = gx_asprintf("%s/host", top);
	sdir = gx_asprintf("%s/store", top);
	sdir2 = gx_asprintf("%s/store2", top);
	sh("mkdir -p %s/usr/bin %s/etc %s/usr/lib", host, host, host);
	put("usr/bin/tool", "#!/bin/sh\necho tool\n", 0755);
	put("usr/bin/su", "setuid program\n", 04755);
	put("etc/tool.conf", "setting = 1\n", 0644);
	put("usr/lib/data", "data\n", 0644);
	sh("ln -s tool %s/usr/bin/tool-link", host);
	nwarn = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sh("chmod -R u+w %s 2>/dev/null; rm -rf %s", top, top);
	free(host);
	free(sdir);
	free(sdir2);
	return 0;
}

static void warn_cb(void *ctx, const char *msg)
{
	(void)ctx;
	(void)msg;
	nwarn++;
}

static char *md5_of(const char *text)
{
	uint8_t d[HASH_MD5_LEN];
	char *hex = gx_xmalloc(33);

	hash_md5(text, strlen(text), d);
	hash_hex(d, sizeof(d), hex);
	return hex;
}

struct srcset {
	struct store_src v[16];
	size_t n;
	char *owned[64];
	size_t no;
};

static const char *own(struct srcset *s, char *p)
{
	s->owned[s->no++] = p;
	return p;
}

static void add(struct srcset *s, const char *rel, const char *md5, bool conffile)
{
	s->v[s->n].rel = rel;
	s->v[s->n].host = own(s, gx_asprintf("%s/%s", host, rel));
	s->v[s->n].md5 = md5;
	s->v[s->n].conffile = conffile;
	s->n++;
}

static void srcs_free(struct srcset *s)
{
	for (size_t i = 0; i < s->no; i++)
		free(s->owned[i]);
}

/* The sources of the fake package, sorted by rel. */
static void pkg_srcs(struct srcset *s, const char *conf_md5)
{
	memset(s, 0, sizeof(*s));
	add(s, "etc", NULL, false);
	add(s, "etc/tool.conf", conf_md5, true);
	add(s, "usr/bin", NULL, false);
	add(s, "usr/bin/su", NULL, false);
	add(s, "usr/bin/tool", own(s, md5_of("#!/bin/sh\necho tool\n")), false);
	add(s, "usr/bin/tool-link", NULL, false);
	add(s, "usr/lib/data", own(s, md5_of("data\n")), false);
}

static struct store_item *import(struct store *st, struct srcset *s, bool allow,
                                 struct gx_error **err)
{
	struct store_stage_opts o = { allow, "package 'tool'", warn_cb, NULL, NULL };
	struct store_stage *sg = store_stage(st, "tool", "1.0", s->v, s->n, &o, err);
	struct store_item *it;

	if (!sg)
		return NULL;
	assert_int_equal(store_sync(st, err), 0);
	it = store_commit(st, sg, "test tool 1.0", NULL, "edge: depends x \n", err);
	store_stage_free(sg);
	return it;
}

static void test_import(void **state)
{
	struct gx_error *err = NULL;
	struct store *st = store_open(sdir, STORE_OPEN_CREATE, &err);
	struct srcset s;
	struct store_item *it;
	struct stat sb;
	char *p, *meta, *b;

	(void)state;
	assert_non_null(st);
	pkg_srcs(&s, md5_of("setting = 1\n"));
	s.owned[s.no++] = (char *)s.v[1].md5;
	it = import(st, &s, false, &err);
	if (!it)
		fail_msg("%s", err->msg);
	assert_int_equal(strlen(it->base), 32 + strlen("-tool-1.0"));
	assert_string_equal(it->base + 32, "-tool-1.0");
	assert_string_equal(it->name, "tool");
	assert_int_equal(store_is_valid(st, it->base), 1);
	assert_string_equal(it->conffiles[0], "etc/tool.conf");
	assert_int_equal(it->nfiles, 4);

	/* read-only, setuid stripped but recorded, symlink kept */
	p = gx_asprintf("%s/usr/bin/su", it->path);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0555);
	free(p);
	p = gx_asprintf("%s/usr/bin", it->path);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0222, 0);
	free(p);
	p = gx_asprintf("%s/usr/bin/tool-link", it->path);
	assert_int_equal(lstat(p, &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));
	free(p);
	meta = store_item_meta(st, it->base);
	assert_non_null(strstr(meta, "privileged: 4755 - usr/bin/su"));
	assert_non_null(strstr(meta, "source: test tool 1.0"));
	free(meta);

	/* the source index finds it */
	b = store_source_lookup(st, "test tool 1.0");
	assert_string_equal(b, it->base);
	free(b);
	assert_null(store_source_lookup(st, "test tool 2.0"));

	/* the same content in another store gets the same name */
	struct store *st2 = store_open(sdir2, STORE_OPEN_CREATE, &err);
	struct store_item *it2 = import(st2, &s, false, &err);
	assert_non_null(it2);
	assert_string_equal(it->base, it2->base);
	/* and importing again into the same store is a no-op returning it */
	struct store_item *it3 = import(st, &s, false, &err);
	assert_string_equal(it3->base, it->base);
	store_item_free(it3);

	/* different content, different name */
	put("usr/lib/data", "other\n", 0644);
	srcs_free(&s);
	pkg_srcs(&s, NULL);
	s.v[6].md5 = NULL;
	it3 = import(st, &s, false, &err);
	assert_non_null(it3);
	assert_string_not_equal(it3->base, it->base);
	store_item_free(it3);

	srcs_free(&s);
	store_item_free(it);
	store_item_free(it2);
	store_close(st2);
	store_close(st);
}

static void test_md5_mismatch(void **state)
{
	struct gx_error *err = NULL;
	struct store *st = store_open(sdir, STORE_OPEN_CREATE, &err);
	struct srcset s;
	struct store_item *it;
	char *meta;

	(void)state;
	pkg_srcs(&s, NULL);
	put("usr/bin/tool", "#!/bin/sh\necho tampered\n", 0755);
	it = import(st, &s, false, &err);
	assert_null(it);
	assert_non_null(strstr(err->msg, "usr/bin/tool"));
	assert_non_null(strstr(err->msg, "--allow-modified"));
	gx_error_free(err);
	err = NULL;
	/* nothing was left behind */
	char **all = store_list(st, &err);
	assert_int_equal(gx_strv_len(all), 0);
	gx_strv_free(all);
	sh("test -z \"$(ls -A %s/.tmp)\"", sdir);

	it = import(st, &s, true, &err);
	assert_non_null(it);
	meta = store_item_meta(st, it->base);
	assert_non_null(strstr(meta, "modified: usr/bin/tool"));
	assert_true(nwarn > 0);
	free(meta);
	store_item_free(it);

	/* a missing file listed in md5sums is refused too */
	put("usr/bin/tool", "#!/bin/sh\necho tool\n", 0755);
	sh("rm %s/usr/lib/data", host);
	assert_null(import(st, &s, false, &err));
	assert_non_null(strstr(err->msg, "missing"));
	gx_error_free(err);
	srcs_free(&s);
	store_close(st);
}

static void test_conffile_modified(void **state)
{
	struct gx_error *err = NULL;
	struct store *st = store_open(sdir, STORE_OPEN_CREATE, &err);
	struct srcset s;
	struct store_item *it;
	char *meta, *p;

	(void)state;
	pkg_srcs(&s, md5_of("pristine\n"));
	s.owned[s.no++] = (char *)s.v[1].md5;
	it = import(st, &s, false, &err);
	assert_non_null(it);
	meta = store_item_meta(st, it->base);
	assert_non_null(strstr(meta, "conffile-modified: etc/tool.conf"));
	p = gx_asprintf("%s/etc/tool.conf", it->path);
	assert_int_equal(access(p, F_OK), -1); /* left out */
	assert_int_equal(nwarn, 1);
	free(p);
	free(meta);
	store_item_free(it);
	srcs_free(&s);
	store_close(st);
}

static void bad_cb(void *ctx, const char *base, const char *what)
{
	(void)base;
	(void)what;
	(*(int *)ctx)++;
}

static void test_verify(void **state)
{
	struct gx_error *err = NULL;
	struct store *st = store_open(sdir, STORE_OPEN_CREATE, &err);
	struct srcset s;
	struct store_item *it;
	int nbad = 0;
	char *p;

	(void)state;
	pkg_srcs(&s, NULL);
	it = import(st, &s, false, &err);
	assert_int_equal(store_verify(st, NULL, bad_cb, &nbad, &err), 0);
	assert_int_equal(nbad, 0);
	p = gx_asprintf("%s/usr/lib/data", it->path);
	sh("chmod u+w %s && echo corrupt > %s && chmod a-w %s", p, p, p);
	assert_int_equal(store_verify(st, NULL, bad_cb, &nbad, &err), 1);
	assert_true(nbad >= 1);
	free(p);
	/* a removed file */
	sh("chmod u+w %s/usr/bin && rm %s/usr/bin/tool-link", it->path, it->path);
	nbad = 0;
	assert_int_equal(store_verify(st, NULL, bad_cb, &nbad, &err), 1);
	/* repair: the corrupt item is unregistered and removed, the store then
	 * verifies clean and a new import makes it again under its name */
	{
		_cleanup_free_ char *base = gx_xstrdup(it->base);
		struct stat sb;
		struct store_item *again;

		assert_int_equal(store_delete_corrupt(st, base, &err), 0);
		assert_null(err);
		assert_int_equal(store_is_valid(st, base), 0);
		assert_int_equal(stat(it->path, &sb), -1);
		nbad = 0;
		assert_int_equal(store_verify(st, NULL, bad_cb, &nbad, &err), 0);
		assert_int_equal(store_delete_corrupt(st, base, &err), 0); /* gone: nothing to do */
		again = import(st, &s, false, &err);
		assert_string_equal(again->base, base);
		store_item_free(again);
	}
	store_item_free(it);
	srcs_free(&s);
	store_close(st);
}

static void test_add_dir_roots_gc(void **state)
{
	struct gx_error *err = NULL;
	struct store *st = store_open(sdir, STORE_OPEN_CREATE, &err);
	struct srcset s;
	struct store_item *it, *other, *sys, *sys2;
	struct store_gc_stats gs;
	char *tmp, *p, *q;

	(void)state;
	pkg_srcs(&s, NULL);
	it = import(st, &s, false, &err);
	put("usr/lib/data", "other data\n", 0644);
	s.v[6].md5 = NULL;
	other = import(st, &s, false, &err);
	assert_non_null(other);

	/* a produced directory, hard-linking a file of a referenced item */
	tmp = store_mkdtemp(st, "system", &err);
	assert_non_null(tmp);
	sh("mkdir -p %s/profile/usr/bin %s/etc && echo host > %s/etc/hostname && chmod 4755 "
	   "%s/etc/hostname",
	   tmp, tmp, tmp, tmp);
	p = gx_asprintf("%s/usr/bin/tool", it->path);
	q = gx_asprintf("%s/profile/usr/bin/tool", tmp);
	assert_int_equal(link(p, q), 0);
	char *refs[] = { it->base, NULL };
	sys = store_add_dir(st, tmp, "system-host", NULL, refs, &err);
	if (!sys)
		fail_msg("%s", err->msg);
	assert_string_equal(sys->base + 32, "-system-host");
	assert_string_equal(sys->refs[0], it->base);
	char *meta = store_item_meta(st, sys->base);
	free(meta);
	free(p);
	free(q);
	free(tmp);

	/* the same content with other refs: another name (refs are hashed here) */
	tmp = store_mkdtemp(st, "system", &err);
	sh("mkdir -p %s/profile/usr/bin %s/etc && echo host > %s/etc/hostname && cp "
	   "%s/usr/bin/tool %s/profile/usr/bin/tool",
	   tmp, tmp, tmp, it->path, tmp);
	char *refs2[] = { other->base, NULL };
	sys2 = store_add_dir(st, tmp, "system-host", NULL, refs2, &err);
	assert_non_null(sys2);
	assert_string_not_equal(sys->base, sys2->base);
	free(tmp);

	/* roots: keep sys (and through refs, it); gc deletes sys2 and other */
	p = gx_asprintf("%s/etc", sys->path);
	assert_int_equal(store_add_root(st, "current", p, &err), 0);
	assert_int_equal(store_add_root(st, "bad/name", p, &err), -1);
	gx_error_free(err);
	err = NULL;
	free(p);
	assert_int_equal(store_gc(st, true, NULL, NULL, &gs, &err), 0);
	assert_int_equal(gs.items_deleted, 2);
	assert_int_equal(store_is_valid(st, other->base), 1); /* dry run */
	assert_int_equal(store_gc(st, false, NULL, NULL, &gs, &err), 0);
	assert_int_equal(gs.items_deleted, 2);
	assert_int_equal(gs.items_kept, 2);
	assert_int_equal(store_is_valid(st, other->base), 0);
	assert_int_equal(store_is_valid(st, sys2->base), 0);
	assert_int_equal(store_is_valid(st, it->base), 1);
	assert_int_equal(store_is_valid(st, sys->base), 1);
	sh("test ! -e %s/%s", sdir, other->base);

	int nbad = 0;
	assert_int_equal(store_verify(st, NULL, bad_cb, &nbad, &err), 0);

	store_item_free(it);
	store_item_free(other);
	store_item_free(sys);
	store_item_free(sys2);
	srcs_free(&s);
	store_close(st);
}

/* A system's profile hard-links its packages' files: collecting the system
 * alone frees only its own files, not the size of its profile (which said
 * "deleted 1 item, 150 MiB" for a few KiB of etc and boot.conf). */
static void test_gc_freed_links(void **state)
{
	struct gx_error *err = NULL;
	struct store *st = store_open(sdir, STORE_OPEN_CREATE, &err);
	struct srcset s;
	struct store_item *it, *sys;
	struct store_gc_stats gs;
	char *tmp, *p, *q;

	(void)state;
	pkg_srcs(&s, NULL);
	s.v[6].md5 = NULL;
	it = import(st, &s, false, &err);
	assert_non_null(it);
	tmp = store_mkdtemp(st, "system", &err);
	assert_non_null(tmp);
	sh("mkdir -p %s/profile/usr/bin %s/etc && printf host >%s/etc/hostname", tmp, tmp, tmp);
	p = gx_asprintf("%s/usr/bin/tool", it->path);
	q = gx_asprintf("%s/profile/usr/bin/tool", tmp);
	assert_int_equal(link(p, q), 0);
	char *refs[] = { it->base, NULL };
	sys = store_add_dir(st, tmp, "system-host", NULL, refs, &err);
	assert_non_null(sys);
	assert_int_equal(store_add_root(st, "pkg", it->path, &err), 0);
	assert_int_equal(store_gc(st, true, NULL, NULL, &gs, &err), 0);
	assert_int_equal(gs.items_deleted, 1);
	assert_true(gs.bytes_freed > 4); /* a dry run: the item's size */
	assert_int_equal(store_gc(st, false, NULL, NULL, &gs, &err), 0);
	assert_int_equal(gs.items_deleted, 1);
	assert_int_equal(store_is_valid(st, sys->base), 0);
	assert_int_equal(gs.bytes_freed, 4); /* etc/hostname; the tool is it's */
	free(p);
	free(q);
	free(tmp);
	store_item_free(it);
	store_item_free(sys);
	srcs_free(&s);
	store_close(st);
}

static void test_optimize(void **state)
{
	struct gx_error *err = NULL;
	struct store *st = store_open(sdir, STORE_OPEN_CREATE, &err);
	struct srcset s;
	struct store_item *a, *b;
	struct store_gc_stats gs = { 0 };
	struct stat x, y;
	char *p, *q;
	int nbad = 0;

	(void)state;
	pkg_srcs(&s, NULL);
	s.v[6].md5 = NULL;
	a = import(st, &s, false, &err);
	put("etc/tool.conf", "changed\n", 0644);
	b = import(st, &s, false, &err);
	assert_string_not_equal(a->base, b->base);
	assert_int_equal(store_optimize(st, &gs, &err), 0);
	assert_true(gs.files_linked >= 2); /* tool and data */
	p = gx_asprintf("%s/usr/bin/tool", a->path);
	q = gx_asprintf("%s/usr/bin/tool", b->path);
	assert_int_equal(stat(p, &x), 0);
	assert_int_equal(stat(q, &y), 0);
	assert_int_equal(x.st_ino, y.st_ino);
	assert_int_equal(store_verify(st, NULL, bad_cb, &nbad, &err), 0);
	free(p);
	free(q);
	store_item_free(a);
	store_item_free(b);
	srcs_free(&s);
	store_close(st);
}

static void test_stale_cleanup(void **state)
{
	struct gx_error *err = NULL;
	struct store *st = store_open(sdir, STORE_OPEN_CREATE, &err);

	(void)state;
	store_close(st);
	/* what a killed run leaves: a temporary, an unregistered item, a half-written record, ... */
	sh("mkdir -p %s/.tmp/123-x-abc/usr && chmod 555 %s/.tmp/123-x-abc", sdir, sdir);
	sh("mkdir -p %s/00000000000000000000000000000000-x-1/usr", sdir);
	sh("touch %s/.db/items/00000000000000000000000000000000-y-1.tmp-abcdef", sdir);
	/* a GC root and a memo entry being written (store_add_root,
	 * gx_write_file_atomic), beside finished ones */
	sh("ln -s /x %s/.roots/.tmp-123-gxsys-r-1 && ln -s /x %s/.roots/mine", sdir, sdir);
	sh("mkdir -p %s/.cache/systems && touch %s/.cache/systems/k.tmp-AbC123 %s/.cache/systems/k",
	   sdir, sdir, sdir);
	st = store_open(sdir, 0, &err);
	assert_non_null(st);
	sh("test -z \"$(ls -A %s/.tmp)\"", sdir);
	sh("test ! -e %s/00000000000000000000000000000000-x-1", sdir);
	sh("test -z \"$(ls -A %s/.db/items)\"", sdir);
	sh("test \"$(ls -A %s/.roots)\" = mine", sdir);
	sh("test \"$(ls -A %s/.cache/systems)\" = k", sdir);
	store_close(st);
	/* not a store */
	assert_null(store_open(host, 0, &err));
	assert_non_null(strstr(err->msg, "not a gxsys store"));
	gx_error_free(err);
}

/* A store path with a control character is refused (a newline cut the
 * launcher's path that gxsys container prints), before anything is made,
 * and so is a link to one. */
static void test_path_control(void **state)
{
	struct gx_error *err = NULL;
	char *bad = gx_asprintf("%s/a\nb", top);
	char *link = gx_asprintf("%s/link", top);

	(void)state;
	assert_null(store_open(bad, STORE_OPEN_CREATE, &err));
	assert_non_null(err);
	assert_int_equal(err->status, GX_EXIT_FAILURE);
	assert_non_null(strstr(err->msg, "control character"));
	gx_error_free(err);
	err = NULL;
	assert_int_not_equal(access(bad, F_OK), 0);
	assert_int_equal(mkdir(bad, 0755), 0);
	assert_int_equal(symlink(bad, link), 0);
	assert_null(store_open(link, STORE_OPEN_CREATE, &err));
	assert_non_null(err);
	assert_non_null(strstr(err->msg, "control character"));
	gx_error_free(err);
	free(bad);
	free(link);
}

static void test_import_files(void **state)
{
	struct gx_error *err = NULL;
	struct store *st = store_open(sdir, STORE_OPEN_CREATE, &err);
	char *a = gx_asprintf("%s/usr/bin/tool", host), *b = gx_asprintf("%s/nothing", host);
	struct store_file_spec f[] = { { a, "usr/libexec/gxsys/tool" }, { a, "bin/tool2" } };
	struct store_file_spec bad[] = { { a, "../escape" } };
	struct store_file_spec missing[] = { { b, "x" } };
	struct store_item *it = store_import_files(st, "gxsys-init", "0.1", f, 2, NULL, &err);
	char *p;

	(void)state;
	if (!it)
		fail_msg("%s", err->msg);
	assert_string_equal(it->base + 32, "-gxsys-init-0.1");
	p = gx_asprintf("%s/usr/libexec/gxsys/tool", it->path);
	assert_int_equal(access(p, X_OK), 0);
	free(p);
	p = gx_asprintf("%s/usr/bin/tool2", it->path); /* canonical: bin -> usr/bin */
	assert_int_equal(access(p, F_OK), 0);
	free(p);
	assert_null(store_import_files(st, "x", NULL, bad, 1, NULL, &err));
	gx_error_free(err);
	err = NULL;
	assert_null(store_import_files(st, "x", NULL, missing, 1, NULL, &err));
	assert_non_null(strstr(err->msg, "nothing"));
	gx_error_free(err);
	store_item_free(it);
	free(a);
	free(b);
	store_close(st);
}

/* A registration that fails after the item was moved into place (a full
 * disk when its record is written: here the record's temporary name is taken
 * by a directory) removes the item again: nothing unregistered is left to
 * take the space, and a later registration works. */
static void test_register_fails(void **state)
{
	struct gx_error *err = NULL;
	struct store *st = store_open(sdir, STORE_OPEN_CREATE, &err);
	struct store_stage_opts o = { false, "package 'tool'", warn_cb, NULL, NULL };
	struct store_stage *sg;
	struct store_item *it;
	struct srcset s;
	char *base;

	(void)state;
	pkg_srcs(&s, NULL);
	for (int which = 0; which < 2; which++) {
		sg = store_stage(st, "tool", "1.0", s.v, s.n, &o, &err);
		assert_non_null(sg);
		base = gx_xstrdup(store_stage_base(sg));
		sh("mkdir %s/.db/%s/%s.tmp-%ld", sdir, which ? "items" : "manifest", base,
		   (long)getpid());
		assert_null(store_commit(st, sg, "test tool 1.0", NULL, NULL, &err));
		assert_non_null(strstr(err->msg, "cannot write"));
		gx_error_free(err);
		err = NULL;
		store_stage_free(sg);
		assert_int_equal(store_is_valid(st, base), 0);
		sh("test ! -e %s/%s", sdir, base);
		sh("test ! -e %s/.db/manifest/%s", sdir, base);
		sh("test -z \"$(ls -A %s/.tmp)\"", sdir);
		sh("rmdir %s/.db/*/%s.tmp-*", sdir, base);
		free(base);
	}
	it = import(st, &s, false, &err);
	assert_non_null(it);
	assert_int_equal(store_is_valid(st, it->base), 1);
	store_item_free(it);
	srcs_free(&s);
	store_close(st);
}

/* syncfs, wrapped (test_store.wrap): while `watching`, each call first
 * records what .db/items and .db/manifest hold (NAME SIZE per entry). */
int __real_syncfs(int fd);
static bool watching;
static char **snapshots;

static void snapshot(void)
{
	static const char *const subs[] = { "items", "manifest" };
	struct gx_buf b = GX_BUF_INIT;

	for (size_t i = 0; i < 2; i++) {
		char *d = gx_asprintf("%s/.db/%s", sdir, subs[i]);
		DIR *dir = opendir(d);
		struct dirent *e;

		while (dir && (e = readdir(dir)) != NULL) {
			struct stat sb;
			char *p = gx_asprintf("%s/%s", d, e->d_name);

			if (e->d_name[0] != '.' && stat(p, &sb) == 0)
				gx_buf_printf(&b, "%s/%s %lld\n", subs[i], e->d_name,
				              (long long)sb.st_size);
			free(p);
		}
		if (dir)
			closedir(dir);
		free(d);
	}
	gx_buf_putc(&b, '\0');
	snapshots = gx_strv_push(snapshots, b.data);
	gx_buf_free(&b);
}

int __wrap_syncfs(int fd);
int __wrap_syncfs(int fd)
{
	if (watching)
		snapshot();
	return __real_syncfs(fd);
}

/* An item's records are on disk before their names are: at the sync that
 * precedes its registration, each record is there, whole, under its
 * temporary name, and not yet under its own.  (A record renamed into place
 * unsynced may come back empty after a crash on ext4: the item would be
 * registered with no references.)  And a record prepared but never
 * registered is removed at close. */
static void test_records_before_sync(void **state)
{
	struct gx_error *err = NULL;
	struct store *st = store_open(sdir, STORE_OPEN_CREATE, &err);
	char *a = gx_asprintf("%s/usr/bin/tool", host);
	struct store_file_spec f[] = { { a, "usr/bin/tool" } };
	struct store_item *it;
	struct stat sb;

	(void)state;
	watching = true;
	it = store_import_files(st, "tool", "1", f, 1, NULL, &err);
	watching = false;
	if (!it)
		fail_msg("%s", err->msg);
	for (size_t k = 0; k < 2; k++) {
		const char *sub = k ? "manifest" : "items";
		char *final = gx_asprintf("%s/.db/%s/%s", sdir, sub, it->base);
		char *tmp_line, *final_line;
		bool seen_tmp = false;

		assert_int_equal(stat(final, &sb), 0);
		assert_true(sb.st_size > 0);
		tmp_line = gx_asprintf("%s/%s.tmp-%ld %lld\n", sub, it->base, (long)getpid(),
		                       (long long)sb.st_size);
		final_line = gx_asprintf("%s/%s ", sub, it->base);
		for (char **s = snapshots; s && *s; s++) {
			if (strstr(*s, final_line) != NULL)
				break;
			seen_tmp |= strstr(*s, tmp_line) != NULL;
		}
		if (!seen_tmp)
			fail_msg("no sync saw %s whole under its temporary name before it was "
			         "registered",
			         final);
		free(tmp_line);
		free(final_line);
		free(final);
	}
	store_item_free(it);
	/* prepared, never registered: gone at close */
	assert_int_equal(
	        store_prepare(st, "00000000000000000000000000000000-x-1", "m\n", "i\n", &err), 0);
	store_close(st);
	sh("test -z \"$(ls -A %s/.db/items | grep tmp)\"", sdir);
	sh("test -z \"$(ls -A %s/.db/manifest | grep tmp)\"", sdir);
	gx_strv_free(snapshots);
	snapshots = NULL;
	free(a);
}

/* --store naming a directory that holds other files: refused, nothing in it
 * touched (the cleanup of a store removes what is not an item); a new or
 * empty one (dot files and lost+found aside) is made a store; in a store, a
 * file put there by hand is not taken for a killed run's leftover. */
static void test_not_a_store(void **state)
{
	struct gx_error *err = NULL;
	char *home = gx_asprintf("%s/home", top), *mnt = gx_asprintf("%s/mnt", top);
	struct store *st;

	(void)state;
	sh("mkdir -p %s/docs && echo precious >%s/docs/thesis && echo x >%s/.profile", home, home,
	   home);
	assert_null(store_open(home, STORE_OPEN_CREATE, &err));
	assert_non_null(strstr(err->msg, "is not a gxsys store and is not empty"));
	assert_int_equal(err->status, GX_EXIT_SYSTEM);
	gx_error_free(err);
	err = NULL;
	sh("grep -q precious %s/docs/thesis && test ! -e %s/.db", home, home);

	sh("mkdir -p %s/lost+found && touch %s/.keep", mnt, mnt);
	st = store_open(mnt, STORE_OPEN_CREATE, &err);
	assert_non_null(st);
	store_close(st);
	sh("test -d %s/lost+found && test -e %s/.keep && test -d %s/.db/items", mnt, mnt, mnt);

	sh("echo mine >%s/notes && mkdir %s/junk", mnt, mnt);
	st = store_open(mnt, STORE_OPEN_CREATE, &err);
	assert_non_null(st);
	store_close(st);
	sh("grep -q mine %s/notes && test -d %s/junk", mnt, mnt);
	free(home);
	free(mnt);
}

static void gc_order_cb(void *ctx, const char *base, uint64_t bytes)
{
	char ***order = ctx;

	(void)bytes;
	*order = gx_strv_push(*order, base);
}

/* gc deletes an item before the items it references, so that a gc killed
 * midway leaves no valid item referring to a deleted one: a chain of 8
 * items, each referring to the one before (the order by name is random). */
static void test_gc_order(void **state)
{
	struct gx_error *err = NULL;
	struct store *st = store_open(sdir, STORE_OPEN_CREATE, &err);
	struct store_gc_stats gs;
	char *bases[8];
	char **order = NULL;

	(void)state;
	for (int i = 0; i < 8; i++) {
		char *tmp = store_mkdtemp(st, "chain", &err);
		char *refs[] = { i ? bases[i - 1] : NULL, NULL };
		struct store_item *it;

		sh("echo %d >%s/n", i, tmp);
		it = store_add_dir(st, tmp, "chain", NULL, refs, &err);
		if (!it)
			fail_msg("%s", err->msg);
		bases[i] = gx_xstrdup(it->base);
		store_item_free(it);
		free(tmp);
	}
	for (int dry = 1; dry >= 0; dry--) {
		assert_int_equal(store_gc(st, dry, gc_order_cb, &order, &gs, &err), 0);
		assert_int_equal(gx_strv_len(order), 8);
		for (int i = 0; i < 8; i++)
			assert_string_equal(order[i], bases[7 - i]);
		gx_strv_free(order);
		order = NULL;
	}
	for (int i = 0; i < 8; i++)
		free(bases[i]);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_md5_mismatch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conffile_modified, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_dir_roots_gc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_optimize, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gc_freed_links, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_cleanup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_path_control, setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_records_before_sync, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gc_order, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
