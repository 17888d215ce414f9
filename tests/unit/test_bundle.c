/* Unit tests of bundle.c: the script rendered from templates/bundle.in
 * quotes every value as one sh word (a store path with quotes, spaces, '$',
 * backquotes and newlines comes back byte for byte when sh reads it), keeps
 * "$@" and other '@'s of the template, refuses unknown placeholders, is
 * valid sh (sh -n) and passes shellcheck. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "bundle.h"
#include "util.h"

static const char hostile[] = "/tmp/st'o\"re $(touch /tmp/gxsys-pwned) `x` \\\n;ok";

static struct bundle_script params(void)
{
	struct bundle_script s = {
		.version = "0.1.0",
		.store = hostile,
		.launcher = "/s/abc-run-container-h'x/run-container",
		.root_prefix = "gxsys-bundle-",
		.items = "aaa-x 1\nbbb-y 2",
		.importer_sha256 = "00ff",
		.importer_offset = 12345,
		.importer_size = 678,
		.archive_offset = 13023,
		.archive_size = 99,
	};
	return s;
}

/* Run sh on script + TAIL; return its stdout (malloc'd). */
static char *run_sh(const char *script, const char *tail)
{
	char path[] = "/tmp/test_bundle.XXXXXX";
	int fd = mkstemp(path);
	struct gx_buf out = GX_BUF_INIT;
	char *cmd, buf[4096];
	FILE *p;
	size_t n;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, script, strlen(script)), (ssize_t)strlen(script));
	assert_int_equal(write(fd, tail, strlen(tail)), (ssize_t)strlen(tail));
	close(fd);
	cmd = gx_asprintf("sh %s", path);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		gx_buf_add(&out, buf, n);
	pclose(p);
	unlink(path);
	free(cmd);
	return gx_buf_steal(&out);
}

static void test_quoting(void **state)
{
	static const char tmpl[] = "store=@STORE@\nitems=@ITEMS@\noff=@ARCHIVE_OFFSET@\n"
	                           "# @VERSION@ keeps \"$@\" and a@b and @lower@\n";
	struct bundle_script s = params();
	struct gx_buf out = GX_BUF_INIT;
	struct gx_error *err = NULL;
	char *got;

	(void)state;
	assert_int_equal(bundle_render(tmpl, strlen(tmpl), &s, &out, &err), 0);
	assert_non_null(strstr(out.data, "keeps \"$@\" and a@b and @lower@"));
	assert_non_null(strstr(out.data, "off='13023'"));
	got = run_sh(out.data, "printf '%s|%s|%s' \"$store\" \"$items\" \"$off\"\n");
	assert_string_equal(got,
	                    "/tmp/st'o\"re $(touch /tmp/gxsys-pwned) `x` \\\n;ok|aaa-x 1\nbbb-y "
	                    "2|13023");
	assert_int_equal(access("/tmp/gxsys-pwned", F_OK), -1);
	free(got);
	gx_buf_free(&out);
}

static void test_unknown_placeholder(void **state)
{
	static const char tmpl[] = "x=@NOPE@\n";
	struct bundle_script s = params();
	struct gx_buf out = GX_BUF_INIT;
	struct gx_error *err = NULL;

	(void)state;
	assert_int_equal(bundle_render(tmpl, strlen(tmpl), &s, &out, &err), -1);
	assert_non_null(strstr(err->msg, "@NOPE@"));
	gx_error_free(err);
	gx_buf_free(&out);
}

static void test_version_newline(void **state)
{
	static const char tmpl[] = "# @VERSION@\n";
	struct bundle_script s = params();
	struct gx_buf out = GX_BUF_INIT;
	struct gx_error *err = NULL;

	(void)state;
	s.version = "1\nrm -rf /";
	assert_int_equal(bundle_render(tmpl, strlen(tmpl), &s, &out, &err), -1);
	gx_error_free(err);
	gx_buf_free(&out);
}

/* The real template: valid sh, shellcheck-clean, values intact. */
static void test_template(void **state)
{
	struct bundle_script s = params();
	struct gx_buf out = GX_BUF_INIT;
	struct gx_error *err = NULL;
	char path[] = "/tmp/test_bundle_tmpl.XXXXXX";
	char *cmd;
	int fd;

	(void)state;
	assert_int_equal(bundle_render(bundle_template, bundle_template_len, &s, &out, &err), 0);
	assert_null(strchr(out.data, '@') ? strstr(out.data, "@STORE@") : NULL);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, out.data, out.len), (ssize_t)out.len);
	close(fd);
	cmd = gx_asprintf("sh -n %s", path);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	if (system("command -v shellcheck >/dev/null") == 0) {
		cmd = gx_asprintf("shellcheck -s sh %s", path);
		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
	unlink(path);
	gx_buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_unknown_placeholder),
		cmocka_unit_test(test_version_newline),
		cmocka_unit_test(test_template),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
