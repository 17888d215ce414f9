/* Unit tests of dpkg.c: merged-/usr canonicalisation, Depends parsing with
 * alternatives and virtual packages, and a small fake dpkg database. */
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

#include "dpkg.h"
#include "util.h"

static void check_canon(const char *in, const char *want)
{
	char *got = dpkg_canon(in);

	if (strcmp(got, want) != 0)
		fail_msg("dpkg_canon(\"%s\") = \"%s\", want \"%s\"", in, got, want);
	free(got);
}

static void test_canon(void **state)
{
	(void)state;
	check_canon("/bin/bash", "usr/bin/bash");
	check_canon("/sbin/ldconfig", "usr/sbin/ldconfig");
	check_canon("/lib/x86_64-linux-gnu/libc.so.6", "usr/lib/x86_64-linux-gnu/libc.so.6");
	check_canon("/lib64/ld-linux-x86-64.so.2", "usr/lib64/ld-linux-x86-64.so.2");
	check_canon("/lib32/x", "usr/lib32/x");
	check_canon("/libx32/x", "usr/libx32/x");
	check_canon("/usr/bin/env", "usr/bin/env");
	check_canon("/etc/./nginx//nginx.conf", "etc/nginx/nginx.conf");
	check_canon("/", "");
	check_canon("/.", "");
	check_canon("/bin", "usr/bin");
	check_canon("/binx/y", "binx/y");
	check_canon("/library/y", "library/y");
	check_canon("/usr/lib/../lib64/x", "usr/lib64/x");
	check_canon("/lib/../etc/x", "etc/x");
	check_canon("/bin/..", "");
	check_canon("../../etc/passwd", "etc/passwd");
	check_canon("bin/sh", "usr/bin/sh");
	check_canon("/usr/bin/../../bin/x", "usr/bin/x");
}

static void test_skipped(void **state)
{
	char doc[] = "usr/share/doc", man[] = "usr/share/man";
	char *skip[] = { doc, man, NULL };

	(void)state;
	assert_true(dpkg_path_skipped("usr/share/doc", skip));
	assert_true(dpkg_path_skipped("usr/share/doc/bash/copyright", skip));
	assert_false(dpkg_path_skipped("usr/share/doc-base/x", skip));
	assert_false(dpkg_path_skipped("usr/share", skip));
	assert_false(dpkg_path_skipped("usr/bin/man", skip));
	assert_false(dpkg_path_skipped("x", NULL));
}

static void test_depends(void **state)
{
	struct gx_arena a = GX_ARENA_INIT;
	struct gx_error *err = NULL;
	struct dpkg_group *g;
	long n;

	(void)state;
	n = dpkg_parse_depends("libc6 (>= 2.34), libpcre2-8-0 (>=10.22) | foo,\n bar:any [amd64] "
	                       "<!nocheck>, debconf (>= 0.5) | debconf-2.0",
	                       &a, &g, &err);
	assert_int_equal(n, 4);
	assert_int_equal(g[0].n, 1);
	assert_string_equal(g[0].alts[0].name, "libc6");
	assert_string_equal(g[0].alts[0].op, ">=");
	assert_string_equal(g[0].alts[0].version, "2.34");
	assert_int_equal(g[1].n, 2);
	assert_string_equal(g[1].alts[0].version, "10.22");
	assert_string_equal(g[1].alts[1].name, "foo");
	assert_null(g[1].alts[1].op);
	assert_string_equal(g[2].alts[0].name, "bar");
	assert_string_equal(g[2].alts[0].arch, "any");
	assert_string_equal(g[3].alts[1].name, "debconf-2.0");
	assert_int_equal(dpkg_parse_depends("", &a, &g, &err), 0);
	assert_int_equal(dpkg_parse_depends(NULL, &a, &g, &err), 0);
	assert_null(err);

	assert_int_equal(dpkg_parse_depends("libc6 (>= 2.34", &a, &g, &err), -1);
	assert_non_null(strstr(err->msg, "libc6"));
	gx_error_free(err);
	err = NULL;
	assert_int_equal(dpkg_parse_depends("a, , b", &a, &g, &err), -1);
	gx_error_free(err);
	err = NULL;
	assert_int_equal(dpkg_parse_depends("a [amd64", &a, &g, &err), -1);
	gx_error_free(err);
	gx_arena_free(&a);
}

/* ---- a fake root ---- */

static char root[64];

static void put(const char *rel, const char *text)
{
	char *p = gx_asprintf("%s/%s", root, rel);
	char *dir = gx_xstrdup(p);

	*strrchr(dir, '/') = '\0';
	char *cmd = gx_asprintf("mkdir -p '%s'", dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(gx_write_file_atomic(p, text, strlen(text), 0644), 0);
	free(cmd);
	free(dir);
	free(p);
}

static const char status[] =
        "Package: a\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.0\n"
        "Depends: virt, c | b, e\n"
        "Conffiles:\n /etc/a.conf 0123456789abcdef0123456789abcdef\n"
        " /etc/old.conf 0123456789abcdef0123456789abcdef obsolete\n"
        "Description: a\n long text: with colon\n\n"
        "Package: b\nStatus: install ok installed\nArchitecture: all\nVersion: 2\n"
        "Provides: virt (= 1), other\n\n"
        "Package: c\nStatus: deinstall ok config-files\nArchitecture: amd64\nVersion: 3\n\n"
        "Package: d\nStatus: install ok installed\nArchitecture: amd64\nVersion: 4\n"
        "Provides: virt\n\n"
        "Package: e\nStatus: install ok installed\nArchitecture: i386\nVersion: 5\n"
        "Multi-Arch: same\n\n"
        "Package: dpkg\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.21\n";

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/test_dpkg.XXXXXX");
	if (!mkdtemp(root))
		return -1;
	put("var/lib/dpkg/status", status);
	put("var/lib/dpkg/info/a.list",
	    "/.\n/bin\n/bin/tool\n/usr/share/doc/a\n/usr/share/doc/a/"
	    "copyright\n/etc\n/etc/a.conf\n/usr/bin/tool\n/usr/lib/x\n/usr/lib/filtered\n");
	put("var/lib/dpkg/info/a.md5sums",
	    "d41d8cd98f00b204e9800998ecf8427e  bin/tool\n"
	    "d41d8cd98f00b204e9800998ecf8427e  usr/share/doc/a/copyright\n");
	put("var/lib/dpkg/info/e:i386.list", "/usr/lib/i386/e.so\n");
	put("var/lib/dpkg/diversions", "/usr/lib/x\n/usr/lib/x.distrib\nd\n");
	/* like Docker's Debian images: docs excluded, copyright kept */
	put("etc/dpkg/dpkg.cfg.d/excludes", "path-exclude /usr/share/doc/*\n"
	                                    "path-include /usr/share/doc/*/copyright\n"
	                                    "path-exclude=/usr/lib/filtered\n");
	return 0;
}

static int teardown(void **state)
{
	char *cmd = gx_asprintf("rm -rf '%s'", root);

	(void)state;
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

static const char *prefer_d(const void *ctx, const char *virt)
{
	(void)ctx;
	return strcmp(virt, "virt") == 0 ? "d" : NULL;
}

static void test_db(void **state)
{
	struct gx_error *err = NULL;
	struct dpkg_db *db = dpkg_db_load(root, &err);
	struct gx_arena a = GX_ARENA_INIT;
	struct dpkg_group *g;
	const struct dpkg_pkg *p;

	(void)state;
	assert_non_null(db);
	assert_string_equal(db->native_arch, "amd64");
	assert_true(db->merged_usr); /* no <root>/bin */
	p = dpkg_find(db, "a");
	assert_non_null(p);
	assert_string_equal(p->version, "1.0");
	assert_non_null(strstr(p->conffiles, "/etc/a.conf"));
	assert_null(dpkg_find(db, "c")); /* not installed */
	assert_non_null(dpkg_find(db, "e:i386"));
	assert_null(dpkg_find(db, "zzz"));

	assert_int_equal(dpkg_parse_depends(p->depends, &a, &g, &err), 3);
	/* virtual: the first installed provider in status order, or the preferred one */
	assert_string_equal(dpkg_resolve(db, &g[0], NULL, NULL)->name, "b");
	assert_string_equal(dpkg_resolve(db, &g[0], prefer_d, NULL)->name, "d");
	/* alternatives: c is not installed, b is */
	assert_string_equal(dpkg_resolve(db, &g[1], NULL, NULL)->name, "b");
	assert_int_equal(dpkg_parse_depends("nothing | other", &a, &g, &err), 1);
	assert_string_equal(dpkg_resolve(db, &g[0], NULL, NULL)->name, "b");
	assert_int_equal(dpkg_parse_depends("nothing", &a, &g, &err), 1);
	assert_null(dpkg_resolve(db, &g[0], NULL, NULL));
	gx_arena_free(&a);
	dpkg_db_free(db);
}

static void test_files(void **state)
{
	struct gx_error *err = NULL;
	struct dpkg_db *db = dpkg_db_load(root, &err);
	char doc[] = "usr/share/doc";
	char *skip[] = { doc, NULL };
	struct dpkg_file *f;
	size_t n;

	(void)state;
	assert_int_equal(dpkg_pkg_files(db, dpkg_find(db, "a"), skip, &f, &n, &err), 0);
	/* sorted, unique, canonical; doc skipped; /bin/tool and /usr/bin/tool merged */
	assert_int_equal(n, 5);
	assert_string_equal(f[0].rel, "etc");
	assert_string_equal(f[1].rel, "etc/a.conf");
	assert_true(f[1].conffile);
	assert_string_equal(f[1].md5, "0123456789abcdef0123456789abcdef");
	assert_string_equal(f[2].rel, "usr/bin");
	assert_string_equal(f[3].rel, "usr/bin/tool");
	assert_string_equal(f[3].md5, "d41d8cd98f00b204e9800998ecf8427e");
	assert_false(f[3].conffile);
	assert_string_equal(f[4].rel, "usr/lib/x");
	/* diverted by another package: read from the diverted name */
	assert_non_null(strstr(f[4].host, "usr/lib/x.distrib"));
	dpkg_files_free(f, n);

	/* Multi-Arch: same packages have arch-qualified info files */
	assert_int_equal(dpkg_pkg_files(db, dpkg_find(db, "e:i386"), NULL, &f, &n, &err), 0);
	assert_int_equal(n, 1);
	dpkg_files_free(f, n);
	/* a package without a list is an error naming it */
	assert_int_equal(dpkg_pkg_files(db, dpkg_find(db, "b"), NULL, &f, &n, &err), -1);
	assert_non_null(strstr(err->msg, "'b'"));
	gx_error_free(err);
	dpkg_db_free(db);
}

static void test_path_filters(void **state)
{
	struct gx_error *err = NULL;
	struct dpkg_db *db = dpkg_db_load(root, &err);
	struct dpkg_file *f;
	size_t n;

	(void)state;
	assert_true(dpkg_path_filtered(db, "/usr/share/doc/a/changelog.gz"));
	assert_false(dpkg_path_filtered(db, "/usr/share/doc/a/copyright"));
	assert_false(dpkg_path_filtered(db, "/usr/bin/tool"));
	/* without skip paths, the filtered files are not listed, the included one is */
	assert_int_equal(dpkg_pkg_files(db, dpkg_find(db, "a"), NULL, &f, &n, &err), 0);
	bool copyright = false;
	for (size_t i = 0; i < n; i++) {
		assert_string_not_equal(f[i].rel, "usr/lib/filtered");
		copyright |= strcmp(f[i].rel, "usr/share/doc/a/copyright") == 0;
	}
	assert_true(copyright);
	dpkg_files_free(f, n);
	dpkg_db_free(db);
}

static void test_missing_db(void **state)
{
	struct gx_error *err = NULL;

	(void)state;
	assert_null(dpkg_db_load("/nonexistent-root", &err));
	assert_non_null(strstr(err->msg, "dpkg database"));
	gx_error_free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canon),
		cmocka_unit_test(test_skipped),
		cmocka_unit_test(test_depends),
		cmocka_unit_test_setup_teardown(test_db, setup, teardown),
		cmocka_unit_test_setup_teardown(test_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_path_filters, setup, teardown),
		cmocka_unit_test(test_missing_db),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
