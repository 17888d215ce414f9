/* Unit tests of system_memo.c: the closure memo's key changes with every
 * input it stands for (the host's dpkg status content, the catalog, the
 * package list, the store) and only with them; a memo is read back only
 * while every item it names is valid; a file's digest is its content's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "catalog.h"
#include "hash.h"
#include "store.h"
#include "system_internal.h"
#include "util.h"

static char top[64];
static char *root, *status, *sdir, *sdir2;

static void put(const char *path, const char *text)
{
	assert_int_equal(gx_write_file_atomic(path, text, strlen(text), 0644), 0);
}

static int setup(void **state)
{
	_cleanup_free_ char *dpkg = NULL;
	char *cmd;
	int r;

	(void)state;
	unsetenv("GXSYS_HOST_ROOT");
	snprintf(top, sizeof(top), "/tmp/test_system_memo.XXXXXX");
	if (!mkdtemp(top))
		return -1;
	root = gx_asprintf("%s/root", top);
	dpkg = gx_asprintf("%s/var/lib/dpkg", root);
	status = gx_asprintf("%s/status", dpkg);
	sdir = gx_asprintf("%s/store", top);
	sdir2 = gx_asprintf("%s/store2", top);
	cmd = gx_asprintf("mkdir -p %s", dpkg);
	r = system(cmd);
	free(cmd);
	return r == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	char *cmd = gx_asprintf("chmod -R u+w %s; rm -rf %s", top, top);

	(void)state;
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", top);
	free(cmd);
	free(root);
	free(status);
	free(sdir);
	free(sdir2);
	return 0;
}

static struct catalog *catalog_with(const char *extra)
{
	struct gx_error *err = NULL;
	_cleanup_free_ char *text =
	        gx_asprintf("host-root = \"%s\"\nbase-set = { \"dash\" }\n"
	                    "package nginx { debian = { \"nginx-light|nginx-core\" } }\n%s",
	                    root, extra);
	struct catalog *c = catalog_load_string(text, "memo.conf", &err);

	assert_null(err);
	assert_non_null(c);
	return c;
}

static void key_of(struct store *st, const struct catalog *cat, const struct os_package *p,
                   size_t n, char out[2 * HASH_SHA256_LEN + 1])
{
	assert_int_equal(sysi_closure_key(st, cat, p, n, out), 0);
	assert_int_equal(strlen(out), 2 * HASH_SHA256_LEN);
}

static void test_key_inputs(void **state)
{
	struct gx_error *err = NULL;
	struct store *st = store_open(sdir, STORE_OPEN_CREATE, &err);
	struct store *st2 = store_open(sdir2, STORE_OPEN_CREATE, &err);
	struct catalog *cat = catalog_with(""), *cat2 = catalog_with("exclude = { \"x\" }\n");
	struct os_package pk[] = { { .name = "nginx" }, { .name = "bash", .base = true } };
	struct os_package pk2[] = { { .name = "nginx" }, { .name = "bash" } };
	struct os_package pk3[] = { { .name = "nginx", .output = "doc" }, { .name = "bash" } };
	char k0[65], k1[65], k[65];

	(void)state;
	assert_non_null(st);
	assert_non_null(st2);
	put(status, "Package: dash\nStatus: install ok installed\nVersion: 1\n\n");
	key_of(st, cat, pk, 2, k0);
	key_of(st, cat, pk, 2, k1);
	assert_string_equal(k0, k1); /* deterministic */

	/* the status file's content, not its identity */
	put(status, "Package: dash\nStatus: install ok installed\nVersion: 2\n\n");
	key_of(st, cat, pk, 2, k);
	assert_string_not_equal(k, k0);
	put(status, "Package: dash\nStatus: install ok installed\nVersion: 1\n\n");
	key_of(st, cat, pk, 2, k);
	assert_string_equal(k, k0);

	key_of(st, cat2, pk, 2, k); /* catalog */
	assert_string_not_equal(k, k0);
	key_of(st, cat, pk2, 2, k); /* base flag */
	assert_string_not_equal(k, k0);
	key_of(st, cat, pk3, 2, k); /* output */
	assert_string_not_equal(k, k0);
	key_of(st, cat, pk, 1, k); /* package list */
	assert_string_not_equal(k, k0);
	key_of(st2, cat, pk, 2, k); /* store */
	assert_string_not_equal(k, k0);

	/* the host root (GXSYS_HOST_ROOT overrides the catalog's) */
	setenv("GXSYS_HOST_ROOT", top, 1);
	assert_int_equal(sysi_closure_key(st, cat, pk, 2, k), -1); /* no status there */
	unsetenv("GXSYS_HOST_ROOT");

	catalog_free(cat);
	catalog_free(cat2);
	store_close(st);
	store_close(st2);
}

/* A small item in ST named NAME. */
static char *add_item(struct store *st, const char *name)
{
	struct gx_error *err = NULL;
	_cleanup_free_ char *tmp = store_mkdtemp(st, name, &err);
	_cleanup_free_ char *f = NULL;
	struct store_item *it;
	char *base;

	assert_non_null(tmp);
	f = gx_asprintf("%s/file", tmp);
	put(f, name);
	it = store_add_dir(st, tmp, name, "1", NULL, &err);
	assert_null(err);
	assert_non_null(it);
	base = gx_xstrdup(it->base);
	store_item_free(it);
	return base;
}

static void test_memo_roundtrip(void **state)
{
	struct gx_error *err = NULL;
	struct store *st = store_open(sdir, STORE_OPEN_CREATE, &err);
	_cleanup_free_ char *a = NULL, *b = NULL, *meta = NULL, *memo = NULL;
	_cleanup_strv_ char **bases = NULL, **warn = NULL, **got = NULL, **gotw = NULL;
	const char *key = "0123456789abcdef";

	(void)state;
	assert_non_null(st);
	a = add_item(st, "alpha");
	b = add_item(st, "beta");
	bases = gx_strv_push(gx_strv_push(NULL, a), b);
	warn = gx_strv_push(gx_strv_push(NULL, "first warning"), "second\nwarning");

	got = sysi_closure_memo_read(st, key, &gotw); /* no memo yet */
	assert_null(got);
	assert_int_equal(sysi_closure_memo_write(st, key, bases, warn), 0);
	got = sysi_closure_memo_read(st, key, &gotw);
	assert_non_null(got);
	assert_int_equal(gx_strv_len(got), 2);
	assert_string_equal(got[0], a);
	assert_string_equal(got[1], b);
	assert_int_equal(gx_strv_len(gotw), 2);
	assert_string_equal(gotw[0], "first warning");
	assert_string_equal(gotw[1], "second warning"); /* one line each */
	gx_strv_free(got);
	gx_strv_free(gotw);

	/* an item removed from the store (no longer valid): a miss */
	meta = gx_asprintf("%s/.db/items/%s", sdir, b);
	assert_int_equal(unlink(meta), 0);
	got = sysi_closure_memo_read(st, key, &gotw);
	assert_null(got);
	assert_null(gotw);

	/* a truncated memo (no end line) is a miss */
	gx_strv_free(bases);
	bases = gx_strv_push(NULL, a);
	assert_int_equal(sysi_closure_memo_write(st, key, bases, NULL), 0);
	memo = gx_asprintf("%s/.cache/closures/%s", sdir, key);
	/* "gxsys-closure-memo 1\n" "item A\n" */
	assert_int_equal(truncate(memo, 21 + 6 + (off_t)strlen(a)), 0);
	got = sysi_closure_memo_read(st, key, &gotw);
	assert_null(got);
	store_close(st);
}

static void test_digest_file(void **state)
{
	_cleanup_free_ char *path = gx_asprintf("%s/data", top);
	char hex[65], want[65];
	uint8_t d[HASH_SHA256_LEN];
	struct gx_error *err = NULL;
	size_t n = 200000; /* several read chunks */
	char *data = gx_xmalloc(n);

	(void)state;
	for (size_t i = 0; i < n; i++)
		data[i] = (char)(i * 7 + i / 251);
	assert_int_equal(gx_write_file_atomic(path, data, n, 0644), 0);
	hash_sha256(data, n, d);
	hash_hex(d, sizeof(d), want);
	assert_int_equal(sysi_digest_file(path, hex, &err), 0);
	assert_string_equal(hex, want);
	free(data);
	assert_int_equal(sysi_digest_file("/nonexistent/x", hex, &err), -1);
	assert_non_null(err);
	gx_error_free(err);
}

static bool has_entry(void)
{
	_cleanup_free_ char *dir = gx_asprintf("%s/.cache/digests", sdir);
	_cleanup_free_ char *cmd = gx_asprintf("test -n \"$(ls -A %s 2>/dev/null)\"", dir);

	return system(cmd) == 0;
}

static void clear_entries(void)
{
	_cleanup_free_ char *cmd = gx_asprintf("rm -rf %s/.cache/digests", sdir);

	assert_int_equal(system(cmd), 0);
}

static void want_digest(const char *text, const char *hex)
{
	uint8_t d[HASH_SHA256_LEN];
	char want[65];

	hash_sha256(text, strlen(text), d);
	hash_hex(d, sizeof(d), want);
	assert_string_equal(hex, want);
}

/* The digest cache: an entry only for a file changed well before it was
 * read; used while the identity holds; a changed size or a replaced file
 * is read again. */
static void test_digest_cache(void **state)
{
	struct gx_error *err = NULL;
	struct store *st = store_open(sdir, STORE_OPEN_CREATE, &err);
	_cleanup_free_ char *path = gx_asprintf("%s/init", top);
	_cleanup_free_ char *tmp = gx_asprintf("%s/init.new", top);
	time_t now = time(NULL);
	char hex[65];

	(void)state;
	assert_non_null(st);
	clear_entries();
	put(path, "one");
	/* just written: hashed, not recorded (racily clean) */
	assert_int_equal(sysi_digest_cached_at(st, path, now, hex, &err), 0);
	want_digest("one", hex);
	assert_false(has_entry());
	/* read as if 10 s later: recorded */
	assert_int_equal(sysi_digest_cached_at(st, path, now + 10, hex, &err), 0);
	want_digest("one", hex);
	assert_true(has_entry());
	assert_int_equal(sysi_digest_cached_at(st, path, now + 10, hex, &err), 0);
	want_digest("one", hex);

	/* the entry is what is used while the identity holds: a forged digest
	 * in it is returned (this is the read it saves) */
	{
		_cleanup_free_ char *cmd = gx_asprintf("sed -i '3s/^./%c/' %s/.cache/digests/*",
		                                       hex[0] == '0' ? '1' : '0', sdir);
		char forged[65];

		assert_int_equal(system(cmd), 0);
		assert_int_equal(sysi_digest_cached_at(st, path, now + 10, forged, &err), 0);
		assert_string_not_equal(forged, hex);
		assert_string_equal(forged + 1, hex + 1);
	}
	/* another size */
	put(path, "three");
	assert_int_equal(sysi_digest_cached_at(st, path, now + 10, hex, &err), 0);
	want_digest("three", hex);
	/* same size, replaced by rename (another inode) */
	put(tmp, "THREE");
	assert_int_equal(rename(tmp, path), 0);
	assert_int_equal(sysi_digest_cached_at(st, path, now + 10, hex, &err), 0);
	want_digest("THREE", hex);
	/* same size, rewritten in place, with its mtime set (to the past):
	 * another mtime and ctime.  (A rewrite in the same clock tick as the
	 * recorded one is what the settle time guards against; here the entry
	 * was recorded "10 s later", so the test forces a different time.) */
	{
		FILE *f = fopen(path, "r+");

		assert_non_null(f);
		assert_int_equal(fputs("three", f) >= 0, 1);
		assert_int_equal(fclose(f), 0);
	}
	{
		_cleanup_free_ char *cmd = gx_asprintf("touch -m -d '2001-01-01' %s", path);

		assert_int_equal(system(cmd), 0);
	}
	assert_int_equal(sysi_digest_cached_at(st, path, now + 10, hex, &err), 0);
	want_digest("three", hex);

	assert_int_equal(sysi_digest_cached_at(st, "/nonexistent/x", now, hex, &err), -1);
	assert_non_null(err);
	gx_error_free(err);
	store_close(st);
}

static void test_self_identity(void **state)
{
	struct gx_buf a = GX_BUF_INIT, b = GX_BUF_INIT;

	(void)state;
	sysi_put_self(&a);
	sysi_put_self(&b);
	assert_true(a.len > 10);
	assert_string_equal(a.data, b.data);
	assert_true(strncmp(a.data, "gxsys build-id ", 15) == 0 ||
	            strncmp(a.data, "gxsys exe ", 10) == 0);
	gx_buf_free(&a);
	gx_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_inputs),    cmocka_unit_test(test_memo_roundtrip),
		cmocka_unit_test(test_digest_file),   cmocka_unit_test(test_digest_cache),
		cmocka_unit_test(test_self_identity),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
