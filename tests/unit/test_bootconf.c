/* Unit tests of the boot.conf parser (src/init/bootconf.c), against the
 * format documented in docs/boot-conf.md. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <malloc.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "bootconf.h"
#include "err.h"
#include "util.h"

static char tmpl_dir[] = "/tmp/test_bootconf.XXXXXX";

static const char *write_conf(const char *text)
{
	static char path[256];
	snprintf(path, sizeof path, "%s/boot.conf", tmpl_dir);
	assert_int_equal(gx_write_file_atomic(path, text, strlen(text), 0644), 0);
	return path;
}

/* Parse TEXT; expect failure with a message containing WANT. */
static void expect_error(const char *text, const char *want)
{
	struct gx_error *err = NULL;
	struct boot_conf *bc = bc_load(write_conf(text), &err);
	assert_null(bc);
	assert_non_null(err);
	if (!strstr(err->msg, want))
		fail_msg("error '%s' does not contain '%s'", err->msg, want);
	assert_int_equal(err->status, GX_EXIT_FAILURE);
	gx_error_free(err);
}

static const char full[] = "# a full example\n"
                           "system = \"/s/sys\"\n"
                           "profile = \"/s/sys/profile\"\n"
                           "etc = \"/s/sys/etc\"\n"
                           "host-name = \"web\"\n"
                           "network = true\n"
                           "net-admin = true\n"
                           "mount { source = \"/srv\" target = \"/var/www\" readonly = false }\n"
                           "mount { source = \"/data\" }\n"
                           "directory \"/var/log/nginx\" { uid = 33 gid = 34 mode = 0750 }\n"
                           "directory \"/var/tmp\" { mode = 01777 }\n"
                           "home \"alice\" { path = \"/home/alice\" uid = 1000 gid = 100 }\n"
                           "service \"loopback\" { }\n"
                           "service \"nginx\" {\n"
                           "  provision = { \"nginx\", \"web-server\" }\n"
                           "  requirement = { \"loopback\" }\n"
                           "  command = { \"/usr/sbin/nginx\", \"-g\", \"daemon off;\" }\n"
                           "  environment = { \"A=b c\", \"PATH=/usr/bin\" }\n"
                           "  directory = \"/var/www\"\n"
                           "  log-file = \"/var/log/nginx.log\"\n"
                           "  pid-file = \"/run/nginx.pid\"\n"
                           "  pid-file-timeout = 5\n"
                           "  uid = 33 gid = 33 groups = { 4, 0x10 }\n"
                           "  stop-signal = 3\n"
                           "  respawn = false one-shot = true auto-start = false\n"
                           "  stop-command = { \"/usr/sbin/nft\", \"flush\", \"ruleset\" }\n"
                           "  no-new-privileges = true\n"
                           "  private-network = true\n"
                           "}\n";

/* bc_load's result is one block: every string and array inside it. */
static void assert_inside(const struct boot_conf *bc, const void *p)
{
	const char *lo = (const char *)bc, *hi = lo + malloc_usable_size((void *)bc);
	if (p && ((const char *)p < lo || (const char *)p >= hi))
		fail_msg("%p outside the boot.conf block %p-%p", p, (const void *)lo,
		         (const void *)hi);
}

static void assert_strv_inside(const struct boot_conf *bc, char *const *v)
{
	assert_inside(bc, v);
	for (; v && *v; v++)
		assert_inside(bc, *v);
}

static void assert_one_block(const struct boot_conf *bc)
{
	const void *top[] = { bc->system, bc->profile, bc->etc,   bc->host_name,
		              bc->mounts, bc->dirs,    bc->homes, bc->services };
	for (size_t i = 0; i < sizeof top / sizeof top[0]; i++)
		assert_inside(bc, top[i]);
	for (size_t i = 0; i < bc->n_mounts; i++) {
		assert_inside(bc, bc->mounts[i].source);
		assert_inside(bc, bc->mounts[i].target);
	}
	for (size_t i = 0; i < bc->n_dirs; i++)
		assert_inside(bc, bc->dirs[i].path);
	for (size_t i = 0; i < bc->n_homes; i++) {
		assert_inside(bc, bc->homes[i].user);
		assert_inside(bc, bc->homes[i].path);
	}
	for (size_t i = 0; i < bc->n_services; i++) {
		const struct bc_service *s = &bc->services[i];
		const void *p[] = { s->name, s->directory, s->log_file, s->pid_file, s->groups };
		for (size_t k = 0; k < sizeof p / sizeof p[0]; k++)
			assert_inside(bc, p[k]);
		assert_strv_inside(bc, s->provision);
		assert_strv_inside(bc, s->requirement);
		assert_strv_inside(bc, s->command);
		assert_strv_inside(bc, s->stop_command);
		assert_strv_inside(bc, s->environment);
	}
}

static void test_full(void **state)
{
	struct gx_error *err = NULL;
	struct boot_conf *bc = bc_load(write_conf(full), &err);
	(void)state;
	assert_null(err);
	assert_non_null(bc);
	assert_string_equal(bc->system, "/s/sys");
	assert_string_equal(bc->profile, "/s/sys/profile");
	assert_string_equal(bc->etc, "/s/sys/etc");
	assert_string_equal(bc->host_name, "web");
	assert_true(bc->network);
	assert_int_equal(bc->n_mounts, 2);
	assert_string_equal(bc->mounts[0].target, "/var/www");
	assert_false(bc->mounts[0].readonly);
	assert_string_equal(bc->mounts[1].target, "/data");
	assert_true(bc->mounts[1].readonly);
	assert_int_equal(bc->n_dirs, 2);
	assert_int_equal(bc->dirs[0].mode, 0750);
	assert_int_equal(bc->dirs[0].uid, 33);
	assert_int_equal(bc->dirs[0].gid, 34);
	assert_int_equal(bc->dirs[1].mode, 01777);
	assert_int_equal(bc->n_homes, 1);
	assert_string_equal(bc->homes[0].user, "alice");
	assert_int_equal(bc->homes[0].uid, 1000);
	assert_int_equal(bc->n_services, 2);

	struct bc_service *lo = &bc->services[0], *s = &bc->services[1];
	assert_string_equal(lo->name, "loopback");
	assert_null(lo->command);
	assert_null(lo->stop_command);
	assert_null(lo->environment);
	assert_null(lo->directory);
	assert_int_equal(lo->pid_file_timeout, 30);
	assert_int_equal(lo->stop_signal, 15);
	assert_true(lo->respawn);
	assert_false(lo->one_shot);
	assert_true(lo->auto_start);
	assert_false(lo->no_new_privs);
	assert_false(lo->private_network);
	assert_true(bc->net_admin);
	assert_int_equal(gx_strv_len(lo->requirement), 0);
	assert_int_equal(gx_strv_len(lo->provision), 1);

	assert_int_equal(gx_strv_len(s->provision), 2);
	assert_string_equal(s->provision[0], "nginx");
	assert_string_equal(s->provision[1], "web-server");
	assert_string_equal(s->requirement[0], "loopback");
	assert_string_equal(s->command[2], "daemon off;");
	assert_null(s->command[3]);
	assert_int_equal(gx_strv_len(s->stop_command), 3);
	assert_string_equal(s->stop_command[2], "ruleset");
	assert_string_equal(s->environment[0], "A=b c");
	assert_string_equal(s->directory, "/var/www");
	assert_string_equal(s->log_file, "/var/log/nginx.log");
	assert_string_equal(s->pid_file, "/run/nginx.pid");
	assert_int_equal(s->pid_file_timeout, 5);
	assert_int_equal(s->n_groups, 2);
	assert_int_equal(s->groups[1], 16);
	assert_int_equal(s->stop_signal, 3);
	assert_false(s->respawn);
	assert_true(s->one_shot);
	assert_false(s->auto_start);
	assert_true(s->no_new_privs);
	assert_true(s->private_network);
	assert_one_block(bc);
	bc_free(bc);
}

static void test_defaults(void **state)
{
	struct gx_error *err = NULL;
	struct boot_conf *bc = bc_load(write_conf("profile = \"/p\"\netc = \"/e\"\n"), &err);
	(void)state;
	assert_non_null(bc);
	assert_null(bc->system);
	assert_string_equal(bc->host_name, "gxsys");
	assert_false(bc->network);
	assert_false(bc->net_admin);
	assert_int_equal(bc->n_mounts + bc->n_dirs + bc->n_homes + bc->n_services, 0);
	bc_free(bc);
}

/* Every section's defaults, from the option tables bc_load builds. */
static void test_section_defaults(void **state)
{
	struct gx_error *err = NULL;
	struct boot_conf *bc = bc_load(write_conf("profile = \"/p\"\netc = \"/e\"\n"
	                                          "mount { source = \"/m\" }\n"
	                                          "directory \"/d\" { }\n"
	                                          "service \"s\" { command = { \"/x\" } }\n"),
	                               &err);
	(void)state;
	assert_null(err);
	assert_non_null(bc);
	assert_true(bc->mounts[0].readonly);
	assert_string_equal(bc->mounts[0].target, "/m");
	assert_int_equal(bc->dirs[0].mode, 0755);
	assert_int_equal(bc->dirs[0].uid, 0);
	assert_int_equal(bc->dirs[0].gid, 0);
	const struct bc_service *s = &bc->services[0];
	assert_string_equal(s->command[0], "/x");
	assert_null(s->command[1]);
	assert_string_equal(s->provision[0], "s");
	assert_null(s->provision[1]);
	assert_int_equal(gx_strv_len(s->requirement), 0);
	assert_null(s->environment);
	assert_null(s->log_file);
	assert_null(s->pid_file);
	assert_int_equal(s->pid_file_timeout, 30);
	assert_int_equal(s->uid, 0);
	assert_int_equal(s->gid, 0);
	assert_int_equal(s->n_groups, 0);
	assert_int_equal(s->stop_signal, 15);
	assert_true(s->respawn);
	assert_false(s->one_shot);
	assert_true(s->auto_start);
	assert_false(s->no_new_privs);
	assert_false(s->private_network);
	assert_one_block(bc);
	bc_free(bc);
	/* a home's ids have no default */
	expect_error("profile = \"/p\"\netc = \"/e\"\nhome \"a\" { path = \"/h\" gid = 1 }\n",
	             "'uid' is required");
}

/* '$' escaped is a '$'; ${NAME} never comes from the caller's environment. */
static void test_dollar(void **state)
{
	struct gx_error *err = NULL;
	struct boot_conf *bc;
	(void)state;
	setenv("GXSYS_TEST_VAR", "/evil", 1);
	bc = bc_load(write_conf("profile = \"/p\\$x\"\netc = \"/e${GXSYS_TEST_VAR}\"\n"), &err);
	assert_non_null(bc);
	assert_string_equal(bc->profile, "/p$x");
	assert_string_equal(bc->etc, "/e");
	assert_string_equal(getenv("GXSYS_TEST_VAR"), "/evil");
	bc_free(bc);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("profile = \"/p\"\netc = \"/e\"\nbogus = 1\n",
	             "boot.conf:3: no such option 'bogus'");
	expect_error("etc = \"/e\"\n", "'profile' is required");
	expect_error("profile = \"p\"\netc = \"/e\"\n", "must be an absolute path");
	/* not "boot.conf:4:", the end of the file, where profile is not */
	expect_error("profile = \"p\"\netc = \"/e\"\n\n",
	             "boot.conf: 'profile' must be an absolute path");
	expect_error("profile = \"/p\"\netc = \"/e\"\nnetwork = maybe\n", "boot.conf:3:");
	expect_error("profile = \"/p\"\netc = \"/e\"\nservice \"a\" {\n}\nservice \"a\" {}\n",
	             "boot.conf:5:");
	expect_error("profile = \"/p\"\netc = \"/e\"\n\nhome \"bob\" { path = \"/home/bob\" }\n",
	             "boot.conf:4: 'uid' is required");
	expect_error("profile = \"/p\"\netc = \"/e\"\ndirectory \"/x\" { mode = 010000 }\n",
	             "'mode' out of range");
	expect_error("profile = \"/p\"\netc = \"/e\"\ndirectory \"x\" {}\n", "absolute path");
	expect_error("profile = \"/p\"\netc = \"/e\"\nservice \"a\" { stop-signal = 0 }\n",
	             "'stop-signal' out of range");
	expect_error("profile = \"/p\"\netc = \"/e\"\nservice \"a\" { environment = { \"X\" } }\n",
	             "not NAME=VALUE");
	/* a stop command only where nothing runs once started */
	expect_error("profile = \"/p\"\netc = \"/e\"\n"
	             "service \"a\" { command = { \"/bin/x\" } stop-command = { \"/bin/y\" } }\n",
	             "boot.conf:3:");
	expect_error("profile = \"/p\"\netc = \"/e\"\nservice \"a\" { command = { \"/bin/x\" } "
	             "stop-command = { \"/bin/y\" } }\n",
	             "is for a service with no process once started");
	expect_error("profile = \"/p\"\netc = \"/e\"\nservice \"a\" { uid = -2 }\n",
	             "'uid' out of range");
	expect_error("profile = \"/p\"\netc = \"/e\"\nmount { target = \"/x\" }\n",
	             "'source' is required");
	expect_error("profile = \"/p\"\netc = \"/e\"\nhost-name = \"\"\n", "'host-name'");
	expect_error("profile = \"/p\"\netc = \"/e\"\nservice \"a\" { command = { \"x\" \n",
	             "boot.conf:");
}

#define HEAD "profile = \"/p\"\netc = \"/e\"\n"

static void test_timer(void **state)
{
	struct gx_error *err = NULL;
	struct boot_conf *bc =
	        bc_load(write_conf(HEAD "service \"plain\" { command = { \"/bin/x\" } }\n"
	                                "service \"t\" {\n"
	                                "  command = { \"/bin/updatedb\" }\n"
	                                "  timer {\n"
	                                "    months = {1, 12}\n"
	                                "    days-of-month = {1, 31}\n"
	                                "    days-of-week = {0, 6}\n"
	                                "    hours = {0, 23}\n"
	                                "    minutes = {0, 59}\n"
	                                "    seconds = {30, 59}\n"
	                                "    max-duration = 3600\n"
	                                "    occurrences = 10\n"
	                                "    wait-for-termination = true\n"
	                                "  }\n"
	                                "}\n"
	                                "service \"d\" { command = { \"/bin/x\" } timer { } }\n"
	                                "service \"any\" { command = { \"/bin/x\" }\n"
	                                "  timer { seconds = {} } }\n"),
	                &err);
	(void)state;
	assert_null(err);
	assert_non_null(bc);
	assert_int_equal(bc->n_services, 4);
	assert_null(bc->services[0].timer);
	const struct bc_timer *t = bc->services[1].timer;
	assert_non_null(t);
	assert_inside(bc, t);
	assert_int_equal(t->months, 1u << 1 | 1u << 12);
	assert_int_equal(t->days_of_month, 1u << 1 | 1u << 31);
	assert_int_equal(t->days_of_week, 1u << 0 | 1u << 6);
	assert_int_equal(t->hours, 1u << 0 | 1u << 23);
	assert_true(t->minutes == (1ull << 0 | 1ull << 59));
	assert_true(t->seconds == (1ull << 30 | 1ull << 59));
	assert_int_equal(t->max_duration, 3600);
	assert_int_equal(t->occurrences, 10);
	assert_true(t->wait_for_termination);
	/* defaults: any day and time, at second 0; no limits */
	t = bc->services[2].timer;
	assert_non_null(t);
	assert_int_equal(t->months | t->days_of_month | t->days_of_week | t->hours, 0);
	assert_true(t->minutes == 0 && t->seconds == 1);
	assert_int_equal(t->max_duration, 0);
	assert_int_equal(t->occurrences, 0);
	assert_false(t->wait_for_termination);
	/* an empty list: any value, seconds too */
	assert_true(bc->services[3].timer->seconds == 0);
	bc_free(bc);

	expect_error(HEAD "service \"t\" { timer { } }\n", "a timer needs a 'command' to run");
	expect_error(HEAD "service \"t\" { command = { \"/x\" } one-shot = true timer { } }\n",
	             "'one-shot', 'pid-file' and 'stop-command' are not for it");
	expect_error(HEAD
	             "service \"t\" { command = { \"/x\" } pid-file = \"/run/p\" timer { } }\n",
	             "not for it");
	expect_error(HEAD "service \"t\" { command = { \"/x\" } timer { } timer { } }\n",
	             "service 't' has more than one 'timer'");
	expect_error(HEAD "service \"t\" { command = { \"/x\" } timer { months = {0} } }\n",
	             "timer 'months' out of range (1 to 12): 0");
	expect_error(HEAD "service \"t\" { command = { \"/x\" } timer { days-of-month = {32} } }\n",
	             "timer 'days-of-month' out of range (1 to 31): 32");
	expect_error(HEAD "service \"t\" { command = { \"/x\" } timer { days-of-week = {7} } }\n",
	             "timer 'days-of-week' out of range (0 to 6): 7");
	expect_error(HEAD "service \"t\" { command = { \"/x\" } timer { hours = {24} } }\n",
	             "timer 'hours' out of range (0 to 23): 24");
	expect_error(HEAD "service \"t\" { command = { \"/x\" } timer { minutes = {-1} } }\n",
	             "timer 'minutes' out of range (0 to 59): -1");
	expect_error(HEAD "service \"t\" { command = { \"/x\" } timer { seconds = {60} } }\n",
	             "timer 'seconds' out of range (0 to 59): 60");
	expect_error(HEAD "service \"t\" { command = { \"/x\" } timer { occurrences = -1 } }\n",
	             "'occurrences' out of range");
	expect_error(HEAD "service \"t\" { command = { \"/x\" } timer { max-duration = -1 } }\n",
	             "'max-duration' out of range");
	expect_error(HEAD "service \"t\" { command = { \"/x\" } timer { hour = {1} } }\n",
	             "no such option 'hour'");
}

static void test_respawn_limit(void **state)
{
	struct gx_error *err = NULL;
	struct boot_conf *bc = bc_load(write_conf(HEAD "service \"a\" { command = { \"/x\" }\n"
	                                               "  respawn-limit = {3, 60}\n"
	                                               "  respawn-delay-ms = 2500 }\n"
	                                               "service \"b\" { command = { \"/x\" } }\n"),
	                               &err);
	(void)state;
	assert_null(err);
	assert_int_equal(bc->services[0].respawn_max, 3);
	assert_int_equal(bc->services[0].respawn_window, 60);
	assert_int_equal(bc->services[0].respawn_delay_ms, 2500);
	assert_int_equal(bc->services[1].respawn_max, 0); /* the supervisor's defaults */
	assert_int_equal(bc->services[1].respawn_window, 0);
	assert_int_equal(bc->services[1].respawn_delay_ms, 0);
	bc_free(bc);
	expect_error(HEAD "service \"a\" { respawn-limit = {3} }\n",
	             "boot.conf:3: 'respawn-limit' must be {COUNT, SECONDS}, COUNT 1 to 1000 and "
	             "SECONDS 1 to 86400");
	expect_error(HEAD "service \"a\" { respawn-limit = {0, 10} }\n", "'respawn-limit' must be");
	expect_error(HEAD "service \"a\" { respawn-limit = {1001, 10} }\n",
	             "'respawn-limit' must be");
	expect_error(HEAD "service \"a\" { respawn-limit = {5, 0} }\n", "'respawn-limit' must be");
	expect_error(HEAD "service \"a\" { respawn-limit = {5, 30, 1} }\n",
	             "'respawn-limit' must be");
	expect_error(HEAD "service \"a\" { respawn-delay-ms = -1 }\n",
	             "'respawn-delay-ms' out of range");
}

/* The log-rotation section: values, defaults, at most one, and what
 * herd's protocol and the rotation need of its strings. */
static void test_log_rotation(void **state)
{
	struct gx_error *err = NULL;
	struct boot_conf *bc =
	        bc_load(write_conf(HEAD "log-rotation {\n"
	                                "  size-threshold = 100\n"
	                                "  expiry = 3600\n"
	                                "  files = {\"/var/log/a.log\", \"/srv/b\"}\n"
	                                "  compress-command = {\"/usr/bin/zstd\", \"-qc\"}\n"
	                                "  compress-suffix = \".zst\"\n"
	                                "}\n"),
	                &err);

	(void)state;
	assert_null(err);
	assert_non_null(bc->log_rotation);
	assert_int_equal(bc->log_rotation->size_threshold, 100);
	assert_int_equal(bc->log_rotation->expiry, 3600);
	assert_string_equal(bc->log_rotation->files[0], "/var/log/a.log");
	assert_string_equal(bc->log_rotation->files[1], "/srv/b");
	assert_null(bc->log_rotation->files[2]);
	assert_string_equal(bc->log_rotation->compress[0], "/usr/bin/zstd");
	assert_string_equal(bc->log_rotation->compress[1], "-qc");
	assert_null(bc->log_rotation->compress[2]);
	assert_string_equal(bc->log_rotation->suffix, ".zst");
	assert_inside(bc, bc->log_rotation);
	assert_strv_inside(bc, bc->log_rotation->files);
	bc_free(bc);
	/* defaults; no compressor */
	bc = bc_load(write_conf(HEAD "log-rotation { }\n"), &err);
	assert_null(err);
	assert_int_equal(bc->log_rotation->size_threshold, 8192);
	assert_int_equal(bc->log_rotation->expiry, 0);
	assert_null(bc->log_rotation->compress);
	assert_null(bc->log_rotation->suffix);
	bc_free(bc);
	/* none: no log rotation */
	bc = bc_load(write_conf(HEAD), &err);
	assert_null(err);
	assert_null(bc->log_rotation);
	bc_free(bc);
	expect_error(HEAD "log-rotation { }\nlog-rotation { }\n", "log-rotation");
	expect_error(HEAD "service \"a\" { command = { \"/x\" } log-file = \"/var/log/a\\tb\" }\n",
	             "'log-file' must not hold a tab or a newline");
	expect_error(HEAD "log-rotation { size-threshold = -1 }\n",
	             "'size-threshold' out of range");
	expect_error(HEAD "log-rotation { expiry = -5 }\n", "'expiry' out of range");
	expect_error(HEAD "log-rotation { files = {\"rel.log\"} }\n",
	             "'files' must be absolute file names without tabs or newlines: 'rel.log'");
	expect_error(HEAD "log-rotation { files = {\"/var/log/\"} }\n", "'files' must be");
	expect_error(HEAD "log-rotation { files = {\"/a\\tb\"} }\n", "'files' must be");
	expect_error(HEAD "log-rotation { compress-suffix = \".gz\" }\n",
	             "'compress-suffix' without 'compress-command'");
	expect_error(HEAD
	             "log-rotation { compress-command = {\"gzip\"} compress-suffix = \".gz\" }\n",
	             "'compress-command' must start with an absolute path: 'gzip'");
	expect_error(HEAD "log-rotation { compress-command = {\"/bin/gzip\"} }\n",
	             "'compress-suffix' must be a file name suffix");
	expect_error(HEAD "log-rotation { compress-command = {\"/bin/gzip\"} "
	                  "compress-suffix = \"gz\" }\n",
	             "'compress-suffix' must be a file name suffix");
	expect_error(HEAD "log-rotation { compress-command = {\"/bin/gzip\", \"\"} "
	                  "compress-suffix = \".gz\" }\n",
	             "'compress-command' arguments must be non-empty");
}

static void test_missing_file(void **state)
{
	struct gx_error *err = NULL;
	(void)state;
	assert_null(bc_load("/nonexistent/boot.conf", &err));
	assert_non_null(err);
	assert_non_null(strstr(err->msg, "/nonexistent/boot.conf"));
	gx_error_free(err);
}

static void test_actions(void **state)
{
	struct gx_error *err = NULL;
	struct boot_conf *bc = bc_load(
	        write_conf(HEAD
	                   "service \"plain\" { command = { \"/bin/x\" } }\n"
	                   "service \"web\" {\n"
	                   "  documentation = \"Run nginx.\\nTwo lines.\"\n"
	                   "  command = { \"/usr/sbin/nginx\" }\n"
	                   "  action \"configuration\" { configuration = \"/etc/nginx/n.conf\"\n"
	                   "    documentation = \"Its file.\" }\n"
	                   "  action \"reload\" { command = { \"/usr/sbin/nginx\", \"-s\", "
	                   "\"reload\" } }\n"
	                   "  action \"reopen\" { signal = 10 }\n"
	                   "}\n"),
	        &err);
	(void)state;
	assert_null(err);
	assert_non_null(bc);
	assert_int_equal(bc->services[0].n_actions, 0);
	assert_null(bc->services[0].actions);
	const struct bc_service *s = &bc->services[1];
	assert_int_equal(s->n_actions, 3);
	assert_inside(bc, s->actions);
	assert_string_equal(s->actions[0].name, "configuration");
	assert_int_equal(s->actions[0].kind, BC_ACTION_CONFIGURATION);
	assert_string_equal(s->actions[0].file, "/etc/nginx/n.conf");
	assert_inside(bc, s->actions[0].file);
	/* documentation, for herd doc, packed with the rest */
	assert_null(bc->services[0].documentation);
	assert_string_equal(s->documentation, "Run nginx.\nTwo lines.");
	assert_inside(bc, s->documentation);
	assert_string_equal(s->actions[0].documentation, "Its file.");
	assert_inside(bc, s->actions[0].documentation);
	assert_null(s->actions[1].documentation);
	assert_int_equal(s->actions[1].kind, BC_ACTION_COMMAND);
	assert_string_equal(s->actions[1].command[0], "/usr/sbin/nginx");
	assert_string_equal(s->actions[1].command[2], "reload");
	assert_null(s->actions[1].command[3]);
	assert_inside(bc, s->actions[1].command);
	assert_inside(bc, s->actions[1].command[2]);
	assert_int_equal(s->actions[2].kind, BC_ACTION_SIGNAL);
	assert_int_equal(s->actions[2].signal, 10);
	assert_string_equal(s->actions[2].name, "reopen");
	bc_free(bc);

	expect_error(HEAD "service \"a\" { action \"x\" { } }\n",
	             "action 'x' needs exactly one of 'configuration', 'signal' and 'command'");
	expect_error(HEAD "service \"a\" { action \"x\" { signal = 1 configuration = \"/c\" } }\n",
	             "needs exactly one of");
	expect_error(HEAD "service \"a\" { action \"start\" { signal = 1 } }\n",
	             "action name 'start' must be 1 to 32 lower-case letters");
	expect_error(HEAD "service \"a\" { action \"Re load\" { signal = 1 } }\n",
	             "action name 'Re load'");
	expect_error(HEAD "service \"a\" { action \"x\" { signal = 65 } }\n", "'signal'");
	expect_error(HEAD "service \"a\" { action \"x\" { configuration = \"c\" } }\n",
	             "'configuration' must be an absolute file name");
	expect_error(HEAD "service \"a\" { action \"x\" { command = { \"x\" } } }\n",
	             "'command' must start with an absolute path: 'x'");
	expect_error(HEAD "service \"a\" { action \"x\" { command = { \"/x\", \"a\\tb\" } } }\n",
	             "'command' arguments must be non-empty, without tabs or newlines");
	expect_error(HEAD "service \"a\" { action \"x\" { signal = 1 } action \"x\" { signal = 2 } "
	                  "}\n",
	             "boot.conf:");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full),         cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_dollar),       cmocka_unit_test(test_errors),
		cmocka_unit_test(test_missing_file), cmocka_unit_test(test_section_defaults),
		cmocka_unit_test(test_timer),        cmocka_unit_test(test_respawn_limit),
		cmocka_unit_test(test_log_rotation), cmocka_unit_test(test_actions),
	};
	if (!mkdtemp(tmpl_dir))
		return 1;
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	char path[300];
	snprintf(path, sizeof path, "%s/boot.conf", tmpl_dir);
	unlink(path);
	rmdir(tmpl_dir);
	return r;
}
