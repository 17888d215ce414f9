/* Unit tests of catalog.c: gxsys.conf parsing, errors, precedence, and the
 * shipped Debian 12 catalog. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "catalog.h"
#include "store.h"
#include "util.h"

static const char sample[] =
        "store = \"/srv/store\"\n"
        "library-paths = { \"/usr/lib/x86_64-linux-gnu\" }\n"
        "base-set = { \"dash\", \"tzdata\" }\n"
        "exclude = { \"debconf\", \"perl-base\" }\n"
        "providers = { \"awk=mawk\" }\n"
        "base-packages = { \"bash\", \"nginx\" }\n"
        "# a comment\n"
        "package nginx {\n"
        "  debian = { \"nginx-light|nginx-core\" }\n"
        "  extra = { \"nginx-common\" }\n"
        "  exclude = { \"lsb-base\" }\n"
        "}\n"
        "package gxsys-init { paths = { \"/usr/libexec/gxsys/gxsys-init\" } version = \"0.1\" }\n"
        "package \"odd name\" { debian = { \"x\" } install-hint = \"ask your admin\" }\n";

static void test_parse(void **state)
{
	struct gx_error *err = NULL;
	struct catalog *c = catalog_load_string(sample, "sample.conf", &err);
	const struct catalog_entry *e;

	(void)state;
	assert_non_null(c);
	assert_string_equal(c->store_dir, "/srv/store");
	assert_string_equal(c->host_root, "/");
	assert_int_equal(gx_strv_len(c->library_paths), 1);
	assert_int_equal(gx_strv_len(c->skip_paths), 5); /* the default */
	assert_string_equal(c->base_set[1], "tzdata");
	assert_int_equal(c->n_entries, 3);

	e = catalog_find(c, "nginx");
	assert_non_null(e);
	assert_int_equal(e->backend, CATALOG_DPKG);
	assert_string_equal(e->debian[0], "nginx-light|nginx-core");
	assert_string_equal(e->extra[0], "nginx-common");
	assert_string_equal(e->install_hint, "apt-get install nginx-light");
	assert_true(catalog_excludes(c, e, "lsb-base"));
	assert_true(catalog_excludes(c, e, "debconf"));
	assert_false(catalog_excludes(c, NULL, "lsb-base"));
	assert_false(catalog_excludes(c, e, "nginx-common"));

	e = catalog_find(c, "gxsys-init");
	assert_int_equal(e->backend, CATALOG_PATHS);
	assert_string_equal(e->version, "0.1");
	assert_string_equal(e->paths[0], "/usr/libexec/gxsys/gxsys-init");
	assert_string_equal(catalog_find(c, "odd name")->install_hint, "ask your admin");
	assert_null(catalog_find(c, "bash"));

	assert_string_equal(catalog_provider(c, "awk"), "mawk");
	assert_null(catalog_provider(c, "aw"));
	assert_null(catalog_provider(c, "awkward"));
	catalog_free(c);
}

static void expect_error(const char *text, const char *want)
{
	struct gx_error *err = NULL;
	struct catalog *c = catalog_load_string(text, "bad.conf", &err);

	assert_null(c);
	assert_non_null(err);
	if (!strstr(err->msg, want))
		fail_msg("error '%s' does not contain '%s'", err->msg, want);
	assert_int_equal(err->status, GX_EXIT_FAILURE);
	gx_error_free(err);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("stor = \"/x\"\n", "bad.conf:1: no such option 'stor'");
	expect_error("\n\npackage x { debian = { \"a\" \n", "bad.conf:");
	expect_error("package x { debian = {\"a\"} paths = {\"/b\"} }\n",
	             "both 'debian' and 'paths'");
	expect_error("package x { paths = {\"rel/path\"} }\n", "not absolute");
	/* imported, then never seen: the profile is usr/, the system's etc etc/ */
	expect_error("package x { paths = {\"/usr/bin/x\", \"/opt/tool/bin/tool\"} }\n",
	             "'/opt/tool/bin/tool' is outside /usr and /etc");
	expect_error("package x { paths = {\"/usr/../srv\"} }\n", "outside /usr and /etc");
	expect_error("package x { paths = {\"/\"} }\n", "outside /usr and /etc");
	expect_error("providers = { \"novalue\" }\n", "VIRTUAL=PACKAGE");
	expect_error("package x { }\npackage x { }\n", "bad.conf:");
}

static void test_file_errors(void **state)
{
	struct gx_error *err = NULL;

	(void)state;
	assert_null(catalog_load("/nonexistent/gxsys.conf", &err));
	assert_non_null(strstr(err->msg, "/nonexistent/gxsys.conf"));
	gx_error_free(err);
}

static void test_precedence(void **state)
{
	struct gx_error *err = NULL;
	struct catalog *c = catalog_load_string("store = \"/from/conf\"\n", "p.conf", &err);
	char *p;

	(void)state;
	unsetenv("GXSYS_STORE");
	assert_string_equal(catalog_store_dir(c, NULL), "/from/conf");
	setenv("GXSYS_STORE", "/from/env", 1);
	assert_string_equal(catalog_store_dir(c, NULL), "/from/env");
	assert_string_equal(catalog_store_dir(c, "/from/cli"), "/from/cli");
	unsetenv("GXSYS_STORE");
	assert_string_equal(catalog_store_dir(NULL, NULL), STORE_DEFAULT_DIR);

	setenv("GXSYS_CONFIG", "/env.conf", 1);
	p = catalog_config_path(NULL);
	assert_string_equal(p, "/env.conf");
	free(p);
	p = catalog_config_path("/cli.conf");
	assert_string_equal(p, "/cli.conf");
	free(p);
	unsetenv("GXSYS_CONFIG");
	catalog_free(c);
}

/* The shipped catalog parses and covers what the examples use. */
static void test_shipped(void **state)
{
	const char *src = getenv("GXSYS_SRC");
	char *path = gx_asprintf("%s/data/gxsys.conf", src ? src : ".");
	struct gx_error *err = NULL;
	struct catalog *c = catalog_load(path, &err);
	static const char *const names[] = { "nginx", "openssh", "python", "curl", "xz", "which" };

	(void)state;
	if (!c)
		fail_msg("%s", err->msg);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		assert_non_null(catalog_find(c, names[i]));
	assert_true(gx_strv_len(c->base_packages) > 20);
	assert_true(gx_strv_len(c->base_set) > 3);
	assert_true(catalog_excludes(c, NULL, "debconf"));
	assert_string_equal(c->store_dir, STORE_DEFAULT_DIR);
	catalog_free(c);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),       cmocka_unit_test(test_errors),
		cmocka_unit_test(test_file_errors), cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_shipped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
