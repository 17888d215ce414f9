/* Unit tests of src/gen/bootconf_write.c: every byte string survives the
 * libconfuse round trip ($ not expanded, quotes, newlines, control bytes),
 * and a whole boot.conf is written as docs/boot-conf.md says. */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quote_roundtrip),
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_model_to_boot_conf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
