/* Unit tests of src/gen/bootconf_write.c: every byte string survives the
 * libconfuse round trip ($ not expanded, quotes, newlines, control bytes),
 * and a whole boot.conf is written as docs/boot-conf.md says; a timer's
 * section is read back by gxsys-init's parser as it was written.  And of
 * system_boot.c, the OS model as boot.conf. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <confuse.h>

#include "bootconf_write.h"
#include "system.h"
#include "tmpdir.h"
#include "util.h"

/* bootconf.h's strings are mutable; these literals are never written. */
#define S(x) ((char *)(x))

static void roundtrip(const char *value)
{
	cfg_opt_t opts[] = { CFG_STR("s", NULL, CFGF_NONE), CFG_END() };
	struct gx_buf b = GX_BUF_INIT;
	cfg_t *cfg = cfg_init(opts, CFGF_NONE);

	setenv("GXSYS_TEST_VAR", "EXPANDED", 1);
	gx_buf_puts(&b, "s = ");
	bcw_quote(&b, value);
	gx_buf_putc(&b, '\n');
	if (cfg_parse_buf(cfg, b.data) != CFG_SUCCESS)
		fail_msg("libconfuse refused: %s", b.data);
	assert_string_equal(cfg_getstr(cfg, "s"), value);
	cfg_free(cfg);
	gx_buf_free(&b);
}

static void test_quote_roundtrip(void **state)
{
	char all[256];

	(void)state;
	roundtrip("");
	roundtrip("plain");
	roundtrip("${GXSYS_TEST_VAR} $GXSYS_TEST_VAR \\${x}");
	roundtrip("it's \"quoted\" `cmd` \\ back\\slash");
	roundtrip("line1\nline2\r\ttab # not a comment");
	roundtrip("\001\002\0337digit\177");
	for (int i = 1; i < 256; i++)
		all[i - 1] = (char)i;
	all[255] = '\0';
	roundtrip(all);
}

static void test_write(void **state)
{
	char *prov[] = { S("nginx"), S("web-server"), NULL };
	char *req[] = { S("loopback"), NULL };
	char *cmd[] = { S("/usr/sbin/nginx"), S("-g"), S("daemon off;"), NULL };
	gid_t groups[] = { 4, 27 };
	struct bc_dir dirs[] = { { S("/var/log/nginx"), 33, 33, 0750 } };
	struct bc_home homes[] = { { S("alice"), S("/home/alice"), 1000, 100 } };
	struct bc_mount mounts[] = { { S("/srv/a b"), S("/srv"), true } };
	struct bc_service svc[] = { { .name = S("nginx"),
		                      .provision = prov,
		                      .requirement = req,
		                      .command = cmd,
		                      .log_file = S("/var/log/nginx/x.log"),
		                      .uid = 33,
		                      .gid = 33,
		                      .groups = groups,
		                      .n_groups = 2,
		                      .stop_signal = 15,
		                      .respawn = true,
		                      .auto_start = true } };
	struct boot_conf bc = { .system = S("/s/x-system-web"),
		                .profile = S("/s/x-system-web/profile"),
		                .etc = S("/s/x-system-web/etc"),
		                .host_name = S("web"),
		                .mounts = mounts,
		                .n_mounts = 1,
		                .dirs = dirs,
		                .n_dirs = 1,
		                .homes = homes,
		                .n_homes = 1,
		                .services = svc,
		                .n_services = 1 };
	struct gx_buf b = GX_BUF_INIT;

	(void)state;
	bcw_write(&b, &bc);
	assert_non_null(strstr(b.data, "network = false\n"));
	assert_non_null(strstr(b.data, "directory \"/var/log/nginx\" {\n\tuid = 33\n\tgid = 33\n"
	                               "\tmode = 0750\n}\n"));
	assert_non_null(strstr(b.data, "\tprovision = {\"web-server\"}\n"));
	assert_non_null(
	        strstr(b.data, "\tcommand = {\"/usr/sbin/nginx\", \"-g\", \"daemon off;\"}\n"));
	assert_non_null(strstr(b.data, "\tgroups = {4, 27}\n"));
	assert_non_null(strstr(b.data, "mount {\n\tsource = \"/srv/a b\"\n"));
	/* net-admin and private-network are written only where true */
	assert_null(strstr(b.data, "net-admin"));
	assert_null(strstr(b.data, "private-network"));
	gx_buf_free(&b);
	bc.net_admin = true;
	svc[0].private_network = true;
	bcw_write(&b, &bc);
	assert_non_null(strstr(b.data, "network = false\nnet-admin = true\n"));
	assert_non_null(strstr(b.data, "\tno-new-privileges = false\n\tprivate-network = true\n}"));
	assert_null(strstr(b.data, "stop-command"));
	gx_buf_free(&b);
	/* a stop command, quoted as the command is */
	char *stop[] = { S("/usr/sbin/nft"), S("flush"), S("rule\"set"), NULL };
	svc[0].stop_command = stop;
	bcw_write(&b, &bc);
	assert_non_null(strstr(
	        b.data, "\tstop-command = {\"/usr/sbin/nft\", \"flush\", \"rule\\\"set\"}\n"));
	/* respawn-limit and respawn-delay-ms only where the service has its own */
	assert_null(strstr(b.data, "respawn-limit"));
	assert_null(strstr(b.data, "respawn-delay-ms"));
	gx_buf_free(&b);
	svc[0].respawn_max = 3;
	svc[0].respawn_window = 60;
	svc[0].respawn_delay_ms = 2500;
	bcw_write(&b, &bc);
	assert_non_null(strstr(b.data, "\trespawn = true\n\trespawn-limit = {3, 60}\n"
	                               "\trespawn-delay-ms = 2500\n"));
	gx_buf_free(&b);
}

/* The OS model as boot.conf: ids resolved, homes, default directories,
 * make-system-constructor as a one-shot sh -c, unknown groups refused. */
static void test_model_to_boot_conf(void **state)
{
	static const char *prov[] = { "ticker", "tick", NULL };
	static const char *req[] = { "user-processes", NULL };
	static const char *argv[] = { "/bin/sh", "/etc/gxsys/files/ticker.sh", NULL };
	static const char *sup[] = { "adm", NULL };
	static const char *bad[] = { "nope", NULL };
	static const char *prov2[] = { "setup", NULL };
	struct os_user users[] = {
		{ .name = "root", .uid = 0, .gid = 0, .home = "/root" },
		{ .name = "ticker", .uid = 990, .gid = 990, .home = "/var/empty" },
		{ .name = "alice",
		  .uid = 1000,
		  .gid = 100,
		  .home = "/home/alice",
		  .create_home = true },
	};
	struct os_group groups[] = { { .name = "adm", .gid = 4 } };
	struct os_service svcs[] = {
		{ .provision = prov,
		  .requirement = req,
		  .argv = argv,
		  .user = "ticker",
		  .uid = 990,
		  .gid = 990,
		  .supplementary_groups = sup,
		  .log_file = "/var/log/ticker.log",
		  .respawn = true,
		  .respawn_max = 3,
		  .respawn_window = 60,
		  .respawn_delay_ms = 500,
		  .auto_start = true },
		{ .provision = prov2,
		  .system_start = "echo hi",
		  .system_stop = "echo bye",
		  .respawn = true },
	};
	struct os_dir dirs[] = { { .path = "/var/lib/x", .uid = 990, .gid = 4, .mode = 0750 } };
	struct os_model os = { .source_file = "t.scm",
		               .host_name = "h",
		               .users = users,
		               .n_users = 3,
		               .groups = groups,
		               .n_groups = 1,
		               .services = svcs,
		               .n_services = 2,
		               .dirs = dirs,
		               .n_dirs = 1 };
	struct boot_conf bc;
	struct gx_error *err = NULL;

	(void)state;
	assert_int_equal(sys_boot_conf(&os, &bc, &err), 0);
	assert_int_equal(bc.n_services, 2);
	assert_string_equal(bc.services[0].name, "ticker");
	assert_string_equal(bc.services[1].name, "setup");
	assert_int_equal(bc.services[0].uid, 990);
	assert_int_equal(bc.services[0].n_groups, 1);
	assert_int_equal(bc.services[0].groups[0], 4);
	assert_null(bc.services[0].directory); /* home not created: "/" */
	assert_true(bc.services[0].respawn);
	assert_int_equal(bc.services[0].respawn_max, 3); /* its own respawn-limit, delay */
	assert_int_equal(bc.services[0].respawn_window, 60);
	assert_int_equal(bc.services[0].respawn_delay_ms, 500);
	assert_int_equal(bc.services[1].respawn_max, 0);
	assert_string_equal(bc.services[1].command[2], "echo hi");
	assert_string_equal(bc.services[1].stop_command[0], "/bin/sh");
	assert_string_equal(bc.services[1].stop_command[2], "echo bye");
	assert_null(bc.services[0].stop_command);
	assert_true(bc.services[1].one_shot);
	assert_false(bc.services[1].respawn);
	assert_int_equal(bc.n_homes, 2); /* root and alice, not ticker */
	assert_string_equal(bc.homes[1].path, "/home/alice");
	assert_int_equal(bc.n_dirs, 1);
	assert_int_equal(bc.dirs[0].mode, 0750);
	bc_clear(&bc);
	/* Dependents come before what they require: setup needs tick. */
	svcs[1].requirement = prov + 1;
	assert_int_equal(sys_boot_conf(&os, &bc, &err), 0);
	assert_string_equal(bc.services[0].name, "setup");
	assert_string_equal(bc.services[1].name, "ticker");
	bc_clear(&bc);
	svcs[1].requirement = NULL;
	svcs[0].supplementary_groups = bad;
	assert_int_equal(sys_boot_conf(&os, &bc, &err), -1);
	assert_non_null(strstr(err->msg, "unknown group 'nope'"));
	gx_error_free(err);
}

static void assert_timer_equal(const struct bc_timer *a, const struct bc_timer *b)
{
	assert_int_equal(a->months, b->months);
	assert_int_equal(a->days_of_month, b->days_of_month);
	assert_int_equal(a->days_of_week, b->days_of_week);
	assert_int_equal(a->hours, b->hours);
	assert_int_equal(a->minutes, b->minutes);
	assert_int_equal(a->seconds, b->seconds);
	assert_int_equal(a->max_duration, b->max_duration);
	assert_int_equal(a->occurrences, b->occurrences);
	assert_int_equal(a->wait_for_termination, b->wait_for_termination);
}

/* What gxsys-init's parser makes of the boot.conf in B, written to PATH. */
static struct boot_conf *reload(const char *path, const struct gx_buf *b)
{
	struct gx_error *err = NULL;
	struct boot_conf *back;

	assert_int_equal(gx_write_file_atomic(path, b->data, b->len, 0644), 0);
	back = bc_load(path, &err);
	if (back == NULL)
		fail_msg("%s\n%s", err->msg, b->data);
	return back;
}

/* A timer's section, inside its service after the other options: only the
 * restricted sets, ascending, but the seconds always (all 60 for any);
 * the limits only where set.  gxsys-init reads it back as it was. */
static void test_write_timer(void **state)
{
	char *prov[] = { S("updatedb"), NULL };
	char *cmd[] = { S("/usr/bin/updatedb"), S("--prunepaths=/tmp"), NULL };
	struct bc_timer timer = { .months = 1 << 7 | 1 << 1,
		                  .days_of_month = 1 << 15 | 1 << 1,
		                  .days_of_week = 1 << 3 | 1 << 0,
		                  .hours = 1 << 12,
		                  .minutes = 1,
		                  .seconds = 1,
		                  .max_duration = 3600,
		                  .occurrences = 10,
		                  .wait_for_termination = true };
	struct bc_service svc[] = { { .name = S("updatedb"),
		                      .provision = prov,
		                      .command = cmd,
		                      .log_file = S("/var/log/updatedb.log"),
		                      .uid = 65534,
		                      .gid = 65534,
		                      .stop_signal = 15,
		                      .auto_start = true,
		                      .timer = &timer } };
	struct boot_conf bc = {
		.profile = S("/s/p"), .etc = S("/s/e"), .services = svc, .n_services = 1
	};
	struct gx_buf b = GX_BUF_INIT;
	_cleanup_free_ char *path = gx_asprintf("%s/boot.conf", (char *)*state);
	struct boot_conf *back;

	bcw_write(&b, &bc);
	assert_non_null(
	        strstr(b.data, "\tcommand = {\"/usr/bin/updatedb\", \"--prunepaths=/tmp\"}\n"));
	assert_non_null(strstr(b.data, "\trespawn = false\n\tone-shot = false\n"));
	assert_null(strstr(b.data, "pid-file"));
	assert_non_null(strstr(b.data, "\tno-new-privileges = false\n"
	                               "\ttimer {\n"
	                               "\t\tmonths = {1, 7}\n"
	                               "\t\tdays-of-month = {1, 15}\n"
	                               "\t\tdays-of-week = {0, 3}\n"
	                               "\t\thours = {12}\n"
	                               "\t\tminutes = {0}\n"
	                               "\t\tseconds = {0}\n"
	                               "\t\tmax-duration = 3600\n"
	                               "\t\toccurrences = 10\n"
	                               "\t\twait-for-termination = true\n"
	                               "\t}\n"
	                               "}\n"));
	/* gxsys-init's parser takes it back as it was */
	back = reload(path, &b);
	assert_int_equal(back->n_services, 1);
	assert_non_null(back->services[0].timer);
	assert_timer_equal(back->services[0].timer, &timer);
	assert_false(back->services[0].respawn);
	bc_free(back);
	gx_buf_free(&b);
	/* any value but the seconds: only the seconds, all 60 of them; no limits */
	timer = (struct bc_timer){ .seconds = 0 };
	bcw_write(&b, &bc);
	assert_non_null(strstr(b.data,
	                       "\ttimer {\n\t\tseconds = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, "
	                       "11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, "
	                       "25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, "
	                       "39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, "
	                       "53, 54, 55, 56, 57, 58, 59}\n\t}\n}\n"));
	back = reload(path, &b);
	assert_int_equal(back->services[0].timer->seconds, (1ULL << 60) - 1);
	assert_int_equal(back->services[0].timer->hours, 0);
	bc_free(back);
	gx_buf_free(&b);
	/* the extremes of each set */
	timer = (struct bc_timer){ .months = 1 << 12,
		                   .days_of_month = 1U << 31,
		                   .days_of_week = 1 << 6,
		                   .hours = 1 << 23,
		                   .minutes = 1ULL << 59,
		                   .seconds = 1ULL << 59 };
	bcw_write(&b, &bc);
	assert_non_null(strstr(b.data, "\t\tmonths = {12}\n\t\tdays-of-month = {31}\n"
	                               "\t\tdays-of-week = {6}\n\t\thours = {23}\n"
	                               "\t\tminutes = {59}\n\t\tseconds = {59}\n\t}\n"));
	gx_buf_free(&b);
	/* not a timer: no section */
	svc[0].timer = NULL;
	bcw_write(&b, &bc);
	assert_null(strstr(b.data, "timer"));
	gx_buf_free(&b);
}

/* The log-rotation section, written and read back as it was. */
static void test_write_log_rotation(void **state)
{
	char *files[] = { S("/var/log/a.log"), S("/srv/x \"quoted\".log"), NULL };
	char *compress[] = { S("/usr/bin/zstd"), S("-qc"), NULL };
	struct bc_logrot r = { .size_threshold = 100,
		               .expiry = 7776000,
		               .files = files,
		               .compress = compress,
		               .suffix = S(".zst") };
	struct boot_conf bc = { .profile = S("/s/p"), .etc = S("/s/e"), .log_rotation = &r };
	struct gx_buf b = GX_BUF_INIT;
	_cleanup_free_ char *path = gx_asprintf("%s/boot.conf", (char *)*state);
	struct boot_conf *back;

	bcw_write(&b, &bc);
	assert_non_null(strstr(b.data, "log-rotation {\n\tsize-threshold = 100\n"
	                               "\texpiry = 7776000\n"));
	back = reload(path, &b);
	assert_non_null(back->log_rotation);
	assert_int_equal(back->log_rotation->size_threshold, 100);
	assert_int_equal(back->log_rotation->expiry, 7776000);
	assert_string_equal(back->log_rotation->files[0], files[0]);
	assert_string_equal(back->log_rotation->files[1], files[1]);
	assert_null(back->log_rotation->files[2]);
	assert_string_equal(back->log_rotation->compress[0], compress[0]);
	assert_string_equal(back->log_rotation->compress[1], compress[1]);
	assert_string_equal(back->log_rotation->suffix, ".zst");
	bc_free(back);
	gx_buf_free(&b);
	/* no files, no compressor: neither is written */
	r = (struct bc_logrot){ .size_threshold = 8192 };
	bcw_write(&b, &bc);
	assert_null(strstr(b.data, "files"));
	assert_null(strstr(b.data, "compress"));
	back = reload(path, &b);
	assert_non_null(back->log_rotation);
	assert_null(back->log_rotation->compress);
	assert_true(back->log_rotation->files == NULL || back->log_rotation->files[0] == NULL);
	bc_free(back);
	gx_buf_free(&b);
	/* no log rotation: no section */
	bc.log_rotation = NULL;
	bcw_write(&b, &bc);
	assert_null(strstr(b.data, "log-rotation"));
	gx_buf_free(&b);
}

/* A timer service in boot.conf: its command's line, no respawn, no
 * one-shot, no pid-file-timeout, and its timer in a block of its own. */
static void test_model_timer(void **state)
{
	static const char *prov[] = { "updatedb", NULL };
	static const char *argv[] = { "/usr/bin/updatedb", NULL };
	struct os_user users[] = { { .name = "root", .uid = 0, .gid = 0, .home = "/root" } };
	struct bc_timer timer = { .months = 1 << 3,
		                  .days_of_week = 1 << 0,
		                  .hours = 1 << 3,
		                  .minutes = 1 << 15,
		                  .seconds = 1,
		                  .max_duration = 60,
		                  .occurrences = 2,
		                  .wait_for_termination = true };
	struct os_service svcs[] = { { .provision = prov,
		                       .argv = argv,
		                       .log_file = "/var/log/u.log",
		                       .stop_signal = 2,
		                       .respawn = true,
		                       .auto_start = true,
		                       .pid_file_timeout = 30,
		                       .timer = &timer,
		                       .timer_cron = "15 3 * mar sun" } };
	struct os_model os = { .source_file = "t.scm",
		               .host_name = "h",
		               .users = users,
		               .n_users = 1,
		               .services = svcs,
		               .n_services = 1 };
	struct boot_conf bc;
	struct gx_error *err = NULL;
	const struct bc_timer *t;

	(void)state;
	assert_int_equal(sys_boot_conf(&os, &bc, &err), 0);
	assert_non_null(t = bc.services[0].timer);
	assert_int_equal(t->months, 1 << 3);
	assert_int_equal(t->days_of_month, 0);
	assert_int_equal(t->days_of_week, 1);
	assert_int_equal(t->hours, 1 << 3);
	assert_int_equal(t->minutes, 1 << 15);
	assert_int_equal(t->seconds, 1);
	assert_int_equal(t->max_duration, 60);
	assert_int_equal(t->occurrences, 2);
	assert_true(t->wait_for_termination);
	assert_string_equal(bc.services[0].command[0], "/usr/bin/updatedb");
	assert_string_equal(bc.services[0].log_file, "/var/log/u.log");
	assert_int_equal(bc.services[0].stop_signal, 2);
	assert_false(bc.services[0].respawn);
	assert_false(bc.services[0].one_shot);
	assert_int_equal(bc.services[0].pid_file_timeout, 0);
	assert_null(bc.services[0].pid_file);
	assert_null(bc.services[0].stop_command);
	bc_clear(&bc); /* frees the timer (valgrind) */
	/* not a timer: none */
	svcs[0].timer = NULL;
	assert_int_equal(sys_boot_conf(&os, &bc, &err), 0);
	assert_null(bc.services[0].timer);
	assert_true(bc.services[0].respawn);
	bc_clear(&bc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quote_roundtrip),
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_model_to_boot_conf),
		cmocka_unit_test_setup_teardown(test_write_timer, tmpdir_make, tmpdir_remove),
		cmocka_unit_test(test_model_timer),
		cmocka_unit_test_setup_teardown(test_write_log_rotation, tmpdir_make,
		                                tmpdir_remove),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
