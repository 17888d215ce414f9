/* Unit tests of the closure on a fake host root: Depends with alternatives
 * and virtual packages, excludes, the base set, extras, symlinks into other
 * packages, #! interpreters (also through env), ELF DT_NEEDED and PT_INTERP
 * (a copy of this test program), an unresolved soname, and import into a
 * temporary store followed by a resolution from the store alone. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "closure.h"
#include "store.h"
#include "elfscan.h"
#include "util.h"

static char root[64];
static char *self_exe; /* argv[0]: /proc/self/exe is valgrind's tool under valgrind */
static struct gx_buf warnings = GX_BUF_INIT;

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
	char *p = gx_asprintf("%s/%s", root, rel);
	char *dir = gx_xstrdup(p);

	*strrchr(dir, '/') = '\0';
	sh("mkdir -p '%s'", dir);
	assert_int_equal(gx_write_file_atomic(p, text, strlen(text), mode), 0);
	free(dir);
	free(p);
}

static void stanza(struct gx_buf *st, const char *name, const char *extra)
{
	gx_buf_printf(st,
	              "Package: %s\nStatus: install ok installed\nArchitecture: amd64\n"
	              "Version: 1.0\n%s%s\n",
	              name, extra, *extra ? "\n" : "");
}

/* Packages:
 *   app: Depends: virt | nothere, debconf, dep; usr/bin/app (ELF copy of this
 *        test), usr/bin/script (#!/usr/bin/interp), usr/bin/envscript
 *        (#!/usr/bin/env interp2), usr/bin/link -> /usr/share/data/file
 *   prov: Provides: virt          dep: (nothing)     debconf: excluded
 *   interp: usr/bin/interp        interp2: usr/bin/interp2
 *   data: usr/share/data/file     libs: the sonames app needs, ld.so
 *   basepkg: in the base set      extrapkg: an extra of catalog entry "myapp"
 *   dangling: Depends: nothing-installed */
static int setup(void **state)
{
	struct gx_buf st = GX_BUF_INIT, libs = GX_BUF_INIT;
	struct elf_info ei;
	struct gx_error *err = NULL;
	int fd;

	(void)state;
	snprintf(root, sizeof(root), "/tmp/test_closure.XXXXXX");
	if (!mkdtemp(root))
		return -1;
	stanza(&st, "app", "Depends: virt | nothere, debconf (>= 1), dep");
	stanza(&st, "prov", "Provides: virt");
	stanza(&st, "dep", "");
	stanza(&st, "debconf", "");
	stanza(&st, "interp", "");
	stanza(&st, "interp2", "");
	stanza(&st, "coreutils", "");
	stanza(&st, "data", "");
	stanza(&st, "libs", "");
	stanza(&st, "basepkg", "");
	stanza(&st, "extrapkg", "");
	stanza(&st, "app2", "Depends: debconf");
	stanza(&st, "plug", "");
	stanza(&st, "plugl", "");
	put("var/lib/dpkg/status", st.data, 0644);
	put("var/lib/dpkg/info/app.list",
	    "/.\n/usr\n/usr/bin\n/usr/bin/app\n/usr/bin/script\n"
	    "/usr/bin/envscript\n/usr/bin/link\n",
	    0644);
	put("var/lib/dpkg/info/interp.list", "/usr/bin/interp\n", 0644);
	put("var/lib/dpkg/info/app2.list", "/usr/bin/app2\n", 0644);
	put("usr/bin/app2", "#!/etc/debconf\n", 0755);
	put("var/lib/dpkg/info/interp2.list", "/usr/bin/interp2\n", 0644);
	put("var/lib/dpkg/info/coreutils.list", "/usr/bin/env\n", 0644);
	put("var/lib/dpkg/info/data.list", "/usr/share/data\n/usr/share/data/file\n", 0644);
	put("var/lib/dpkg/info/basepkg.list", "/etc/base\n", 0644);
	put("var/lib/dpkg/info/extrapkg.list", "/etc/extra\n", 0644);
	put("var/lib/dpkg/info/prov.list", "/etc/prov\n", 0644);
	put("var/lib/dpkg/info/dep.list", "/etc/dep\n", 0644);
	put("var/lib/dpkg/info/debconf.list", "/etc/debconf\n", 0644);
	put("usr/bin/script", "#!/usr/bin/interp -x\necho\n", 0755);
	put("usr/bin/envscript", "#!/usr/bin/env interp2\necho\n", 0755);
	put("usr/bin/interp", "interp\n", 0755);
	put("usr/bin/interp2", "interp2\n", 0755);
	put("usr/bin/env", "env\n", 0755);
	put("usr/share/data/file", "data\n", 0644);
	put("etc/base", "b\n", 0644);
	put("etc/extra", "e\n", 0644);
	put("etc/prov", "p\n", 0644);
	put("etc/dep", "d\n", 0644);
	put("etc/debconf", "d\n", 0644);
	sh("ln -s /usr/share/data/file %s/usr/bin/link", root);
	sh("cp %s %s/usr/bin/app", self_exe, root);
	/* plug: a plugin (a shared object, no program, outside the library
	 * paths); plugl: a library in /usr/lib/plugl.  Both are copies of
	 * zlib, which needs libc.so.6. */
	put("var/lib/dpkg/info/plug.list", "/usr/lib/plugin/p.so\n", 0644);
	put("var/lib/dpkg/info/plugl.list", "/usr/lib/plugl/libq.so.1\n", 0644);
	sh("mkdir -p %s/usr/lib/plugin %s/usr/lib/plugl", root, root);
	sh("cp /usr/lib/x86_64-linux-gnu/libz.so.1 %s/usr/lib/plugin/p.so", root);
	sh("cp /usr/lib/x86_64-linux-gnu/libz.so.1 %s/usr/lib/plugl/libq.so.1", root);

	/* the sonames and the interpreter of this very program, as empty files */
	fd = open(self_exe, O_RDONLY | O_CLOEXEC);
	assert_int_equal(elf_read_fd(fd, &ei, &err), 1);
	close(fd);
	sh("mkdir -p %s/usr/lib/x86_64-linux-gnu %s/usr/lib64", root, root);
	gx_buf_puts(&libs, "/lib64/ld-linux-x86-64.so.2\n");
	put("usr/lib64/ld-linux-x86-64.so.2", "", 0755);
	for (char **n = ei.needed; *n; n++) {
		char *rel = gx_asprintf("usr/lib/x86_64-linux-gnu/%s", *n);
		put(rel, "", 0644);
		gx_buf_printf(&libs, "/lib/x86_64-linux-gnu/%s\n", *n); /* unmerged name */
		free(rel);
	}
	put("var/lib/dpkg/info/libs.list", libs.data, 0644);
	elf_info_free(&ei);
	gx_buf_free(&st);
	gx_buf_free(&libs);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sh("chmod -R u+w %s; rm -rf %s", root, root);
	gx_buf_free(&warnings);
	return 0;
}

static void warn_cb(void *ctx, const char *msg)
{
	(void)ctx;
	gx_buf_printf(&warnings, "%s\n", msg);
}

static struct catalog *load_catalog(const char *libdir)
{
	struct gx_error *err = NULL;
	char *text = gx_asprintf(
	        "host-root = \"%s\"\n"
	        "library-paths = { \"%s\" }\n"
	        "base-set = { \"basepkg\", \"absentpkg\" }\n"
	        "exclude = { \"debconf\" }\n"
	        "package myapp { debian = { \"nothere|app\" } extra = { \"extrapkg\" } }\n"
	        "package missing { debian = { \"nothere\" } install-hint = \"get it\" }\n"
	        "package tool { paths = { \"/etc/extra\" } version = \"1.2\" }\n",
	        root, libdir);
	struct catalog *c = catalog_load_string(text, "test.conf", &err);

	if (!c)
		fail_msg("%s", err->msg);
	free(text);
	return c;
}

static long node(const struct closure *c, const char *pkg)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->nodes[i].pkg, pkg) == 0)
			return (long)i;
	return -1;
}

static void check_graph(const struct closure *c)
{
	long app = node(c, "app");

	assert_true(app >= 0);
	assert_int_equal(c->nodes[app].why, CLOSURE_WHY_REQUESTED);
	assert_true(node(c, "prov") >= 0);    /* virtual -> provider */
	assert_true(node(c, "dep") >= 0);     /* plain Depends */
	assert_true(node(c, "debconf") < 0);  /* excluded */
	assert_true(node(c, "interp") >= 0);  /* #! */
	assert_true(node(c, "interp2") >= 0); /* #!/usr/bin/env NAME */
	assert_true(node(c, "coreutils") >= 0);
	assert_true(node(c, "data") >= 0); /* symlink into it */
	assert_true(node(c, "libs") >= 0); /* DT_NEEDED and PT_INTERP */
	assert_true(node(c, "basepkg") >= 0);
	assert_int_equal(c->nodes[node(c, "basepkg")].why, CLOSURE_WHY_BASE_SET);
	assert_true(node(c, "extrapkg") >= 0);
	assert_int_equal(c->nodes[node(c, "extrapkg")].why, CLOSURE_WHY_EXTRA);
	assert_int_equal(c->nodes[node(c, "libs")].why, CLOSURE_WHY_ELF);
	assert_int_equal(c->nodes[node(c, "data")].why, CLOSURE_WHY_SYMLINK);
	assert_int_equal(c->nodes[node(c, "interp")].why, CLOSURE_WHY_SHEBANG);
	assert_int_equal(c->nodes[node(c, "prov")].why, CLOSURE_WHY_DEPENDS);
	assert_int_equal(c->nodes[node(c, "libs")].parent, (size_t)app);
	assert_int_equal(c->n, 10);
}

static void test_resolve(void **state)
{
	struct catalog *cat;
	char *libdir = gx_asprintf("/usr/lib/x86_64-linux-gnu");
	struct os_package pk[] = { { .name = "myapp" } };
	struct closure_opts o = { .warn = warn_cb };
	struct gx_error *err = NULL;
	struct closure *c;

	(void)state;
	cat = load_catalog(libdir);
	c = closure_resolve(NULL, cat, pk, 1, &o, &err);
	if (!c)
		fail_msg("%s", err->msg);
	check_graph(c);
	assert_non_null(strstr(warnings.data, "absentpkg"));
	assert_int_equal(closure_missing(c), c->n);
	assert_string_equal(closure_why_name(CLOSURE_WHY_SHEBANG), "shebang");
	closure_free(c);
	catalog_free(cat);
	free(libdir);
}

static void test_missing_packages(void **state)
{
	struct catalog *cat = load_catalog("/usr/lib/x86_64-linux-gnu");
	struct os_package explicit_pk[] = { { .name = "missing" } };
	struct os_package unknown_pk[] = { { .name = "nowhere", .loc = { "sys.scm", 3, 5 } } };
	struct os_package base_pk[] = { { .name = "missing", .base = true },
		                        { .name = "nowhere", .base = true },
		                        { .name = "dep", .base = true } };
	struct closure_opts o = { .warn = warn_cb };
	struct gx_error *err = NULL;
	struct closure *c;

	(void)state;
	assert_null(closure_resolve(NULL, cat, explicit_pk, 1, &o, &err));
	assert_non_null(strstr(err->msg, "get it"));
	gx_error_free(err);
	err = NULL;
	assert_null(closure_resolve(NULL, cat, unknown_pk, 1, &o, &err));
	assert_non_null(strstr(err->msg, "sys.scm:3:5: unknown package 'nowhere'"));
	assert_null(strstr(err->msg, "another version"));
	gx_error_free(err);
	err = NULL;
	/* a version of a catalog package that neither the catalog nor Debian
	 * has (Guix's postgresql-14): the catalog's is named */
	{
		struct os_package versioned[] = { { .name = "myapp-1.4",
			                            .loc = { "sys.scm", 4, 1 } } };

		assert_null(closure_resolve(NULL, cat, versioned, 1, &o, &err));
		assert_non_null(strstr(err->msg, "unknown package 'myapp-1.4': "));
		assert_non_null(strstr(err->msg,
		                       "; the catalog has 'myapp' (Debian's nothere or app), "
		                       "another version"));
		gx_error_free(err);
		err = NULL;
	}
	/* base members: skipped, all in one warning line */
	gx_buf_free(&warnings);
	c = closure_resolve(NULL, cat, base_pk, 3, &o, &err);
	assert_non_null(c);
	assert_true(node(c, "dep") >= 0);
	assert_non_null(strstr(warnings.data, "missing"));
	assert_non_null(strstr(warnings.data, "nowhere"));
	/* one line names both */
	const char *line = strstr(warnings.data, "%base-packages");
	const char *nl = strchr(line, '\n');
	assert_true(strstr(line, "missing") < nl && strstr(line, "nowhere") < nl);
	assert_null(strstr(nl, "%base-packages"));
	closure_free(c);
	catalog_free(cat);
}

/* An excluded package is still pulled in when a scan finds a reference to
 * it, even if a Depends edge to it was seen first. */
static void test_exclude_vs_scan(void **state)
{
	struct catalog *cat = load_catalog("/usr/lib/x86_64-linux-gnu");
	struct os_package pk[] = { { .name = "app2" } };
	struct gx_error *err = NULL;
	struct closure *c = closure_resolve(NULL, cat, pk, 1, NULL, &err);

	(void)state;
	assert_non_null(c);
	assert_true(node(c, "debconf") >= 0);
	assert_int_equal(c->nodes[node(c, "debconf")].why, CLOSURE_WHY_SHEBANG);
	closure_free(c);
	catalog_free(cat);
}

/* A paths-backend package requested first: its node is the closure's first,
 * made while the node array is still unallocated (this crashed `gxsys
 * container` on a system whose first package was such an entry). */
static void test_paths_first(void **state)
{
	struct catalog *cat = load_catalog("/usr/lib/x86_64-linux-gnu");
	struct os_package pk[] = { { .name = "tool" }, { .name = "dep" } };
	struct gx_error *err = NULL;
	struct closure *c = closure_resolve(NULL, cat, pk, 2, NULL, &err);
	long t;

	(void)state;
	if (!c)
		fail_msg("%s", err->msg);
	t = node(c, "tool");
	assert_int_equal(t, 0);
	assert_true(c->nodes[t].from_paths);
	assert_int_equal(c->nodes[t].why, CLOSURE_WHY_REQUESTED);
	assert_string_equal(c->nodes[t].version, "1.2");
	assert_true(node(c, "dep") >= 0);
	closure_free(c);
	catalog_free(cat);
}

static void test_unresolved_soname(void **state)
{
	struct catalog *cat = load_catalog("/nonexistent-libdir");
	struct os_package pk[] = { { .name = "app" } };
	struct gx_error *err = NULL;

	(void)state;
	assert_null(closure_resolve(NULL, cat, pk, 1, NULL, &err));
	assert_non_null(strstr(err->msg, "usr/bin/app"));
	assert_non_null(strstr(err->msg, "needs '"));
	gx_error_free(err);
	catalog_free(cat);
}

/* A plugin whose library the host has not installed (iproute2's
 * tc/q_atm.so without the recommended libatm1) is taken with a warning:
 * it fails only when loaded.  A library in the library paths, or a
 * program, with a missing library stays an error. */
static void test_plugin_soname(void **state)
{
	struct catalog *cat = load_catalog("/usr/lib/plugl");
	struct os_package plug[] = { { .name = "plug" } }, plugl[] = { { .name = "plugl" } };
	struct closure_opts o = { .warn = warn_cb };
	struct gx_error *err = NULL;
	struct closure *c;

	(void)state;
	gx_buf_free(&warnings);
	c = closure_resolve(NULL, cat, plug, 1, &o, &err);
	if (!c)
		fail_msg("%s", err->msg);
	assert_true(node(c, "plug") >= 0);
	assert_non_null(strstr(warnings.data, "package 'plug': plugin 'usr/lib/plugin/p.so' needs "
	                                      "'libc.so.6', which is not installed on this host"));
	closure_free(c);
	assert_null(closure_resolve(NULL, cat, plugl, 1, &o, &err));
	assert_non_null(strstr(err->msg, "package 'plugl': 'usr/lib/plugl/libq.so.1' needs "
	                                 "'libc.so.6', which is not found"));
	gx_error_free(err);
	catalog_free(cat);
}

/* An import cut short leaves no item whose references are not in the
 * store: each item is registered after those it refers to.  The libs
 * item's registration is made to fail (a directory where its manifest
 * goes); before, app was registered first, referring to the libs item
 * that never was. */
static void test_import_order(void **state)
{
	struct catalog *cat = load_catalog("/usr/lib/x86_64-linux-gnu");
	struct os_package pk[] = { { .name = "myapp" } };
	struct closure_opts o = { .warn = warn_cb };
	struct gx_error *err = NULL;
	char *s1 = gx_asprintf("%s/store1", root), *s2 = gx_asprintf("%s/store2", root);
	struct store *st = store_open(s1, STORE_OPEN_CREATE, &err);
	struct closure *c;
	char *libs, **bases;

	(void)state;
	c = closure_resolve(st, cat, pk, 1, &o, &err);
	if (!c || closure_import(st, c, &o, &err) < 0)
		fail_msg("%s", err->msg);
	libs = gx_xstrdup(c->nodes[node(c, "libs")].item->base);
	closure_free(c);
	store_close(st);

	st = store_open(s2, STORE_OPEN_CREATE, &err);
	assert_non_null(st);
	sh("mkdir -p '%s/.db/manifest/%s/x'", s2, libs);
	c = closure_resolve(st, cat, pk, 1, &o, &err);
	if (!c)
		fail_msg("%s", err->msg);
	assert_int_equal(closure_import(st, c, &o, &err), -1);
	gx_error_free(err);
	err = NULL;
	bases = store_list(st, &err);
	assert_non_null(bases);
	for (size_t i = 0; bases[i]; i++) {
		struct store_item *it = store_item_get(st, bases[i], &err);

		assert_non_null(it);
		assert_string_not_equal(it->base, libs);
		for (size_t k = 0; it->refs && it->refs[k]; k++) {
			bool there = false;

			for (size_t j = 0; bases[j]; j++)
				there |= strcmp(bases[j], it->refs[k]) == 0;
			if (!there)
				fail_msg("'%s' is registered, its reference '%s' is not", it->base,
				         it->refs[k]);
		}
		store_item_free(it);
	}
	gx_strv_free(bases);
	closure_free(c);
	store_close(st);
	catalog_free(cat);
	free(libs);
	free(s1);
	free(s2);
}

static void test_import_then_store(void **state)
{
	struct catalog *cat = load_catalog("/usr/lib/x86_64-linux-gnu");
	struct os_package pk[] = { { .name = "myapp" } };
	struct closure_opts o = { .warn = warn_cb };
	struct gx_error *err = NULL;
	char *sdir = gx_asprintf("%s/store", root);
	struct store *st = store_open(sdir, STORE_OPEN_CREATE, &err);
	struct closure *c;
	char **bases;

	(void)state;
	c = closure_resolve(st, cat, pk, 1, &o, &err);
	if (!c)
		fail_msg("%s", err->msg);
	if (closure_import(st, c, &o, &err) < 0)
		fail_msg("%s", err->msg);
	assert_int_equal(closure_missing(c), 0);
	bases = closure_bases(c);
	assert_int_equal(gx_strv_len(bases), c->n);
	/* app's references are its dependencies' items */
	struct store_item *app = c->nodes[node(c, "app")].item;
	assert_true(gx_strv_len(app->refs) >= 6);
	closure_free(c);

	/* from the store alone: hide the host's info files, same closure */
	sh("mv %s/var/lib/dpkg/info %s/var/lib/dpkg/info.hidden", root, root);
	c = closure_resolve(st, cat, pk, 1, &o, &err);
	if (!c)
		fail_msg("%s", err->msg);
	check_graph(c);
	assert_int_equal(closure_missing(c), 0);
	char **again = closure_bases(c);
	for (size_t i = 0; bases[i]; i++)
		assert_string_equal(bases[i], again[i]);
	sh("mv %s/var/lib/dpkg/info.hidden %s/var/lib/dpkg/info", root, root);
	gx_strv_free(bases);
	gx_strv_free(again);
	closure_free(c);
	store_close(st);
	catalog_free(cat);
	free(sdir);
}

int main(int argc, char **argv)
{
	int rc;

	(void)argc;
	self_exe = realpath(argv[0], NULL);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolve),           cmocka_unit_test(test_missing_packages),
		cmocka_unit_test(test_exclude_vs_scan),   cmocka_unit_test(test_unresolved_soname),
		cmocka_unit_test(test_import_then_store), cmocka_unit_test(test_paths_first),
		cmocka_unit_test(test_plugin_soname),     cmocka_unit_test(test_import_order),
	};
	rc = cmocka_run_group_tests(tests, setup, teardown);
	free(self_exe);
	return rc;
}
