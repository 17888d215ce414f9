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
	gx_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quote_roundtrip),
		cmocka_unit_test(test_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
