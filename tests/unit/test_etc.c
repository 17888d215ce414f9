/* Unit tests of src/gen/etc.c: golden /etc files for a model, and refusal
 * of every value a format cannot hold.  GXSYS_UPDATE_GOLDEN=1 rewrites the
 * golden files (review the diff). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "etc.h"
#include "util.h"

static const char *alice_groups[] = { "wheel", "audio", NULL };
static const char *web_names[] = { "example.com", "www.example.com", NULL };
/* session-environment-service-type's: one default replaced, one added */
static const char *session_env[] = { "EDITOR=vi", "SSL_CERT_DIR=/srv/certs" };

static void model(struct os_model *os, struct os_user *users, struct os_group *groups,
                  struct os_file *files, struct os_host *hosts)
{
	memset(os, 0, sizeof(*os));
	os->source_file = "test.scm";
	os->host_name = "komputilo";
	os->timezone = "Europe/Paris";
	os->locale = "fr_FR.utf8";
	users[0] = (struct os_user){ .name = "root",
		                     .uid = 0,
		                     .group = "root",
		                     .gid = 0,
		                     .comment = "System administrator",
		                     .home = "/root",
		                     .shell = "/bin/bash",
		                     .password = "" };
	users[1] = (struct os_user){ .name = "alice",
		                     .uid = 1000,
		                     .group = "users",
		                     .gid = 100,
		                     .supplementary_groups = alice_groups,
		                     .comment = "Alice O'Hara, \"$HOME\" `x`",
		                     .home = "/home/alice",
		                     .shell = "/usr/bin/zsh",
		                     .password = NULL,
		                     .create_home = true,
		                     .loc = { "test.scm", 12, 5 } };
	users[2] = (struct os_user){ .name = "nobody",
		                     .uid = 65534,
		                     .group = "nogroup",
		                     .gid = 65534,
		                     .comment = "Unprivileged",
		                     .home = "/nonexistent",
		                     .shell = "/usr/sbin/nologin",
		                     .system = true };
	groups[0] = (struct os_group){ .name = "root", .gid = 0, .system = true };
	groups[1] = (struct os_group){ .name = "wheel", .gid = 999, .system = true };
	groups[2] = (struct os_group){ .name = "audio", .gid = 998, .system = true };
	groups[3] = (struct os_group){ .name = "users", .gid = 100 };
	groups[4] = (struct os_group){ .name = "nogroup", .gid = 65534, .system = true };
	files[0] = (struct os_file){
		.path = "motd", .content = "Hello $USER\n`w`\n", .len = 16, .mode = 0644
	};
	files[1] = (struct os_file){
		.path = "nginx/nginx.conf", .content = "events {}\n", .len = 10, .mode = 0644
	};
	hosts[0] = (struct os_host){ .address = "192.0.2.1", .names = web_names };
	os->users = users;
	os->n_users = 3;
	os->groups = groups;
	os->n_groups = 5;
	os->etc_files = files;
	os->n_etc_files = 2;
	os->hosts = hosts;
	os->n_hosts = 1;
	os->session_env = session_env;
	os->n_session_env = 2;
}

struct fixture {
	struct os_model os;
	struct os_user users[3];
	struct os_group groups[5];
	struct os_file files[2];
	struct os_host hosts[1];
};

static int setup(void **state)
{
	struct fixture *f = gx_xcalloc(1, sizeof(*f));

	model(&f->os, f->users, f->groups, f->files, f->hosts);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static void check_golden(const char *name, const char *data, size_t len)
{
	const char *src = getenv("GXSYS_SRC");
	_cleanup_free_ char *path = gx_asprintf("%s/tests/golden/etc/%s", src ? src : ".", name);
	_cleanup_free_ char *want = NULL;
	size_t want_len = 0;

	if (getenv("GXSYS_UPDATE_GOLDEN")) {
		assert_int_equal(gx_write_file_atomic(path, data, len, 0644), 0);
		return;
	}
	if (gx_read_file(path, &want, &want_len) < 0)
		fail_msg("cannot read golden file %s: %s", path, strerror(errno));
	if (want_len != len || memcmp(want, data, len) != 0)
		fail_msg("%s differs from the golden file:\n--- got ---\n%.*s--- want ---\n%s",
		         name, (int)len, data, want);
}

static void test_golden(void **state)
{
	struct fixture *f = *state;
	struct etc_set set;
	struct gx_error *err = NULL;

	assert_int_equal(etc_generate(&f->os, &set, &err), 0);
	assert_null(err);
	for (size_t i = 0; i < set.n; i++) {
		_cleanup_free_ char *name = gx_xstrdup(set.v[i].path);

		for (char *p = name; *p; p++)
			if (*p == '/')
				*p = '_';
		check_golden(name, set.v[i].content, set.v[i].len);
	}
	assert_non_null(etc_set_find(&set, "motd"));
	assert_true(etc_set_find(&set, "motd")->declared);
	assert_false(etc_set_find(&set, "passwd")->declared);
	assert_int_equal(etc_set_find(&set, "localtime")->kind, ETC_SYMLINK);
	assert_int_equal(etc_set_find(&set, "shadow")->mode, 0600);
	etc_set_free(&set);
}

/* Generate and expect failure whose message contains WANT. */
static void expect_refused(struct os_model *os, const char *want)
{
	struct etc_set set = { NULL, 0 };
	struct gx_error *err = NULL;

	assert_int_equal(etc_generate(os, &set, &err), -1);
	assert_non_null(err);
	if (strstr(err->msg, want) == NULL)
		fail_msg("message '%s' lacks '%s'", err->msg, want);
	assert_int_equal(err->status, GX_EXIT_FAILURE);
	assert_null(set.v);
	gx_error_free(err);
}

static void test_refuse_colon_comment(void **state)
{
	struct fixture *f = *state;

	f->users[1].comment = "Alice: admin";
	expect_refused(&f->os, "test.scm:12:5: user 'alice': comment may not contain ':'");
}

static void test_refuse_newline_comment(void **state)
{
	struct fixture *f = *state;

	f->users[1].comment = "Alice\nroot::0:0::/:/bin/sh";
	expect_refused(&f->os, "test.scm:12:5: user 'alice': comment");
}

static void test_refuse_bad_values(void **state)
{
	struct fixture *f = *state;
	static const char *bad_names[] = { "a b", NULL };

	f->users[1].name = "al:ice";
	expect_refused(&f->os, "invalid user name 'al:ice'");
	f->users[1].name = "alice";
	f->users[1].home = "/home/a:b";
	expect_refused(&f->os, "home directory may not contain");
	f->users[1].home = "home";
	expect_refused(&f->os, "must be absolute");
	f->users[1].home = "/home/alice";
	f->users[1].password = "$6$x\n";
	expect_refused(&f->os, "password may not contain");
	f->users[1].password = NULL;
	f->os.host_name = "evil\nhost";
	expect_refused(&f->os, "invalid host-name");
	f->os.host_name = "a b";
	expect_refused(&f->os, "invalid host-name");
	f->os.host_name = "komputilo";
	f->os.timezone = "../../etc/shadow";
	expect_refused(&f->os, "invalid timezone");
	f->os.timezone = "Etc/UTC";
	f->os.locale = "C\nEVIL=1";
	expect_refused(&f->os, "invalid locale");
	f->os.locale = NULL;
	f->hosts[0].names = bad_names;
	expect_refused(&f->os, "invalid name \"a b\"");
	f->hosts[0].names = web_names;
	f->hosts[0].address = "not-an-ip";
	expect_refused(&f->os, "invalid hosts entry");
	f->hosts[0].address = "2001:db8::1";
	f->os.session_env = (const char *[]){ "EDITOR=vi\nEVIL=1" };
	f->os.n_session_env = 1;
	expect_refused(&f->os, "invalid environment entry");
	f->os.session_env = (const char *[]){ "1X=y" };
	expect_refused(&f->os, "invalid environment entry");
	f->os.n_session_env = 0;
	f->files[0].path = "../passwd";
	expect_refused(&f->os, "invalid /etc file name");
	f->files[0].path = "/etc/passwd";
	expect_refused(&f->os, "/etc/passwd is declared twice or conflicts");
	f->files[0].path = "a//b";
	expect_refused(&f->os, "invalid /etc file name");
	f->files[0].path = "/etc/motd";
	f->groups[3].name = "us:ers";
	expect_refused(&f->os, "invalid group name 'us:ers'");
}

static void test_undeclared_group(void **state)
{
	struct fixture *f = *state;

	f->groups[2].name = "video";
	expect_refused(&f->os, "supplementary group 'audio' is not declared");
}

static void test_valid(void **state)
{
	(void)state;
	assert_true(etc_valid_relpath("a/b.c"));
	assert_false(etc_valid_relpath("a/"));
	assert_false(etc_valid_relpath("/a"));
	assert_false(etc_valid_relpath("a/./b"));
	assert_false(etc_valid_relpath(""));
	assert_true(etc_valid_account_name("www-data"));
	assert_true(etc_valid_account_name("machine$"));
	assert_false(etc_valid_account_name("$"));
	assert_false(etc_valid_account_name("-x"));
	assert_false(etc_valid_account_name("0123456789012345678901234567890123"));
	assert_true(etc_valid_host_name("web-1.example"));
	assert_false(etc_valid_host_name("x'y"));
	assert_false(etc_valid_host_name(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_golden, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuse_colon_comment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuse_newline_comment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuse_bad_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_undeclared_group, setup, teardown),
		cmocka_unit_test(test_valid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
