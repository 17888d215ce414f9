/* Unit tests of src/gen/launcher.c: golden launchers, shellcheck on each,
 * and hostile values (quotes, $, backticks, spaces, newlines) that must
 * come out of the script exactly as they went in, never executed.
 * GXSYS_UPDATE_GOLDEN=1 rewrites the golden files. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "launcher.h"
#include "tmpdir.h"
#include "util.h"

#define HOSTILE "it's \"$(touch %s/pwned)\" `touch %s/pwned2` ${HOME} \\\n$x; rm -rf /"

static const char *items_ok[] = { "0abc-bash-5.2", "1def-system-web", NULL };

static void check_golden(const char *name, const char *data, size_t len)
{
	const char *src = getenv("GXSYS_SRC");
	_cleanup_free_ char *path =
	        gx_asprintf("%s/tests/golden/launcher/%s", src ? src : ".", name);
	_cleanup_free_ char *want = NULL;
	size_t want_len = 0;

	if (getenv("GXSYS_UPDATE_GOLDEN")) {
		assert_int_equal(gx_write_file_atomic(path, data, len, 0644), 0);
		return;
	}
	if (gx_read_file(path, &want, &want_len) < 0)
		fail_msg("cannot read golden file %s: %s", path, strerror(errno));
	if (want_len != len || memcmp(want, data, len) != 0)
		fail_msg("%s differs from the golden file %s", name, path);
}

static int run(const char *cmd)
{
	int st = system(cmd);

	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void shellcheck(const char *path)
{
	_cleanup_free_ char *cmd = NULL;

	if (run("command -v shellcheck >/dev/null 2>&1") != 0)
		fail_msg("shellcheck is not installed (scripts/install-deps)");
	cmd = gx_asprintf("shellcheck -s sh '%s' >&2", path);
	assert_int_equal(run(cmd), 0);
}

static char *write_tmp(const char *dir, const char *name, const struct gx_buf *b)
{
	char *path = gx_asprintf("%s/%s", dir, name);

	assert_int_equal(gx_write_file_atomic(path, b->data, b->len, 0755), 0);
	return path;
}

static void test_golden_basic(void **state)
{
	struct launch_params p = { .version = "0.1.0",
		                   .store = "/var/lib/gxsys/store",
		                   .system = "/var/lib/gxsys/store/1def-system-web",
		                   .boot_conf = "/var/lib/gxsys/store/3jkl-boot-web/boot.conf",
		                   .init = "/var/lib/gxsys/store/2ghi-gxsys-init-0.1.0/usr/libexec/"
		                           "gxsys/gxsys-init",
		                   .source = "examples/web-server.scm",
		                   .name = "web-1def",
		                   .host_name = "web",
		                   .items = items_ok };
	struct gx_buf b = GX_BUF_INIT;
	struct gx_error *err = NULL;
	const char *dir = *state;
	_cleanup_free_ char *path = NULL;

	assert_int_equal(launch_write(&p, &b, &err), 0);
	check_golden("basic", b.data, b.len);
	path = write_tmp(dir, "run-container", &b);
	shellcheck(path);
	gx_buf_free(&b);
}

/* A launcher whose every value is hostile: it must pass shellcheck, and
 * running it must print the values verbatim and execute none of them. */
static void test_hostile(void **state)
{
	const char *dir = *state;
	_cleanup_free_ char *store = NULL, *hostile = NULL, *path = NULL, *cmd = NULL;
	_cleanup_free_ char *out = NULL, *outpath = NULL, *pwned = NULL, *system_path = NULL;
	struct gx_buf b = GX_BUF_INIT;
	struct gx_error *err = NULL;
	size_t len;

	hostile = gx_asprintf(HOSTILE, dir, dir);
	store = gx_asprintf("%s/st ore/%s", dir, hostile);
	system_path = gx_asprintf("%s/1def-system-x", store);
	struct launch_params p = { .version = "0.1.0\n`id`",
		                   .store = store,
		                   .system = system_path,
		                   .boot_conf = hostile,
		                   .init = hostile,
		                   .source = hostile,
		                   .name = hostile,
		                   .host_name = hostile,
		                   .items = items_ok };
	assert_int_equal(launch_write(&p, &b, &err), 0);
	path = write_tmp(dir, "run-container", &b);
	gx_buf_free(&b);
	shellcheck(path);
	/* Root passes the uid check and stops at the missing items (exit 3);
	 * anyone else stops at the uid check (exit 1).  Either way every value
	 * printed comes out verbatim. */
	outpath = gx_asprintf("%s/out", dir);
	cmd = gx_asprintf("sh '%s' >'%s' 2>&1", path, outpath);
	if (geteuid() == 0) {
		assert_int_equal(run(cmd), 3);
		assert_int_equal(gx_read_file(outpath, &out, &len), 0);
		assert_non_null(strstr(out, "2 store item(s) this system needs are missing"));
		assert_non_null(strstr(out, store));
	} else {
		assert_int_equal(run(cmd), 1);
	}
	pwned = gx_asprintf("%s/pwned", dir);
	assert_int_equal(access(pwned, F_OK), -1);
}

static void test_non_root(void **state)
{
	const char *dir = *state;
	struct launch_params p = { .store = "/nonexistent",
		                   .system = "/nonexistent/s",
		                   .init = "/bin/false",
		                   .source = "x.scm",
		                   .name = "x",
		                   .items = items_ok };
	struct gx_buf b = GX_BUF_INIT;
	struct gx_error *err = NULL;
	_cleanup_free_ char *path = NULL, *cmd = NULL, *outpath = NULL, *out = NULL;
	size_t len;

	if (geteuid() != 0 || run("command -v setpriv >/dev/null") != 0)
		skip();
	assert_int_equal(chmod(dir, 0755), 0);
	assert_int_equal(launch_write(&p, &b, &err), 0);
	path = write_tmp(dir, "run-container", &b);
	gx_buf_free(&b);
	outpath = gx_asprintf("%s/out", dir);
	cmd = gx_asprintf("setpriv --reuid=65534 --regid=65534 --clear-groups sh '%s' 2>'%s'", path,
	                  outpath);
	assert_int_equal(run(cmd), 1);
	assert_int_equal(gx_read_file(outpath, &out, &len), 0);
	assert_non_null(strstr(out, "must be run as root"));
	/* --help needs no privileges. */
	free(cmd);
	cmd = gx_asprintf("setpriv --reuid=65534 --regid=65534 --clear-groups sh '%s' --help "
	                  ">'%s'",
	                  path, outpath);
	assert_int_equal(run(cmd), 0);
	free(out);
	out = NULL;
	assert_int_equal(gx_read_file(outpath, &out, &len), 0);
	assert_non_null(strstr(out, "Usage: run-container [OPTION ...]"));
}

static void test_quote(void **state)
{
	struct gx_buf b = GX_BUF_INIT;

	(void)state;
	launch_sh_quote(&b, "a'b");
	assert_string_equal(b.data, "'a'\\''b'");
	gx_buf_free(&b);
	launch_sh_quote(&b, "");
	assert_string_equal(b.data, "''");
	gx_buf_free(&b);
}

static void test_render_errors(void **state)
{
	static const char *bad_items[] = { "a\nb", NULL };
	struct launch_params p = { .items = items_ok };
	struct gx_buf b = GX_BUF_INIT;
	struct gx_error *err = NULL;
	const char *tmpl = "x=@NOPE@\n";

	(void)state;
	assert_int_equal(launch_render(tmpl, strlen(tmpl), &p, &b, &err), -1);
	assert_non_null(strstr(err->msg, "unknown placeholder @NOPE@"));
	gx_error_free(err);
	err = NULL;
	gx_buf_free(&b);
	tmpl = "a@b.c @ @@ x=@STORE@";
	assert_int_equal(launch_render(tmpl, strlen(tmpl), &p, &b, &err), 0);
	assert_string_equal(b.data, "a@b.c @ @@ x=''");
	gx_buf_free(&b);
	p.items = bad_items;
	tmpl = "@ITEMS@";
	assert_int_equal(launch_render(tmpl, strlen(tmpl), &p, &b, &err), -1);
	gx_error_free(err);
	gx_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quote),
		cmocka_unit_test(test_render_errors),
		cmocka_unit_test_setup_teardown(test_golden_basic, tmpdir_make, tmpdir_remove),
		cmocka_unit_test_setup_teardown(test_hostile, tmpdir_make, tmpdir_remove),
		cmocka_unit_test_setup_teardown(test_non_root, tmpdir_make, tmpdir_remove),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
