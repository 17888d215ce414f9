/* Unit tests of the system builder's profile (hard-link forest, conflicts,
 * diversions), alternatives, /etc assembly and, as root, the build
 * container running the host's own ldconfig and update-ca-certificates. */
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
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "system_internal.h"
#include "util.h"

struct tmp {
	char dir[64];
};

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sh(const char *fmt, ...)
{
	va_list ap;
	_cleanup_free_ char *cmd = NULL;
	int st;

	va_start(ap, fmt);
	cmd = gx_vasprintf(fmt, ap);
	va_end(ap);
	st = system(cmd);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fail_msg("command failed: %s", cmd);
}

static int setup(void **state)
{
	struct tmp *t = gx_xcalloc(1, sizeof(*t));

	strcpy(t->dir, "/tmp/gxsys-test-profile-XXXXXX");
	if (mkdtemp(t->dir) == NULL)
		return -1;
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct tmp *t = *state;

	sh("rm -rf '%s'", t->dir);
	free(t);
	return 0;
}

static void notes(void *ctx, const char *msg)
{
	struct gx_buf *b = ctx;

	gx_buf_printf(b, "%s\n", msg);
}

/* Two fake items: "a" wins conflicts; "b" has a file diverted by "a". */
static void make_items(const char *d)
{
	sh("cd '%s' && mkdir -p a/usr/bin a/usr/lib/x a/etc/a b/usr/bin b/usr/lib/x b/etc/a "
	   "b/usr/share/doc b/var/lib/b",
	   d);
	sh("cd '%s' && echo A >a/usr/bin/tool && echo shared >a/usr/lib/x/same && "
	   "ln -s ../lib/x/same a/usr/bin/rel && echo mine >a/usr/bin/div && echo conf-a "
	   ">a/etc/a/c",
	   d);
	sh("cd '%s' && echo B >b/usr/bin/tool && ln a/usr/lib/x/same b/usr/lib/x/same && "
	   "echo other >b/usr/bin/div && echo B >b/usr/bin/only-b && echo conf-b >b/etc/a/c && "
	   "echo conf-b2 >b/etc/a/d && ln -s /usr/bin/mawk b/usr/bin/mawk-link && "
	   "echo m >b/usr/bin/mawk",
	   d);
}

struct fake {
	struct store_item items[2];
	struct closure_node nodes[2];
	struct closure c;
	char *paths[2];
};

static void fake_closure(struct fake *f, const char *d)
{
	memset(f, 0, sizeof(*f));
	for (int i = 0; i < 2; i++) {
		f->paths[i] = gx_asprintf("%s/%c", d, 'a' + i);
		f->items[i].path = f->paths[i];
		f->items[i].base = (char *)(i ? "b-base" : "a-base");
		f->nodes[i].pkg = (char *)(i ? "pkg-b" : "pkg-a");
		f->nodes[i].item = &f->items[i];
	}
	f->c.nodes = f->nodes;
	f->c.n = 2;
}

static void free_fake(struct fake *f)
{
	free(f->paths[0]);
	free(f->paths[1]);
}

static ino_t ino(const char *d, const char *rel)
{
	_cleanup_free_ char *p = gx_asprintf("%s/%s", d, rel);
	struct stat st;

	if (lstat(p, &st) < 0)
		fail_msg("missing %s", p);
	return st.st_ino;
}

static void test_forest(void **state)
{
	struct tmp *t = *state;
	struct fake f;
	struct gx_buf b = GX_BUF_INIT;
	struct gx_error *err = NULL;
	_cleanup_free_ char *prof = gx_asprintf("%s/profile", t->dir);
	_cleanup_free_ char *content = NULL, *link = NULL;
	char target[256];
	ssize_t n;
	size_t len;
	const char *div = "/usr/bin/div\n/usr/bin/div.distrib\npkg-a\n/etc/x\n/etc/x.d\npkg-a\n";

	make_items(t->dir);
	fake_closure(&f, t->dir);
	assert_int_equal(sys_profile(prof, &f.c, div, notes, &b, &err), 0);
	assert_null(err);
	/* Hard links into the items, not copies. */
	assert_int_equal(ino(prof, "bin/tool"), ino(t->dir, "a/usr/bin/tool"));
	assert_int_equal(ino(prof, "bin/only-b"), ino(t->dir, "b/usr/bin/only-b"));
	/* Symlinks verbatim. */
	link = gx_asprintf("%s/bin/rel", prof);
	n = readlink(link, target, sizeof(target) - 1);
	assert_true(n > 0);
	target[n] = '\0';
	assert_string_equal(target, "../lib/x/same");
	/* The conflict on bin/tool is reported, the identical file is not. */
	assert_non_null(strstr(b.data, "/usr/bin/tool of package 'pkg-b'"));
	assert_null(strstr(b.data, "same"));
	/* pkg-a diverts /usr/bin/div: pkg-b's goes to div.distrib. */
	assert_int_equal(ino(prof, "bin/div"), ino(t->dir, "a/usr/bin/div"));
	assert_int_equal(ino(prof, "bin/div.distrib"), ino(t->dir, "b/usr/bin/div"));
	assert_int_equal(gx_read_file(link, &content, &len), 0);
	assert_string_equal(content, "shared\n");
	gx_buf_free(&b);
	free_fake(&f);
}

static void test_etc_assemble(void **state)
{
	struct tmp *t = *state;
	struct fake f;
	struct gx_error *err = NULL;
	_cleanup_free_ char *etc = gx_asprintf("%s/etc", t->dir);
	_cleanup_free_ char *c = NULL, *d = NULL, *m = NULL;
	char pc[] = "a/c", pm[] = "motd", conf[] = "declared\n", ph[] = "hostname", host[] = "h\n";
	struct etc_entry entries[] = {
		{ .path = pc,
		  .kind = ETC_FILE,
		  .content = conf,
		  .len = 9,
		  .mode = 0600,
		  .declared = true },
		{ .path = pm, .kind = ETC_FILE, .content = conf, .len = 9, .mode = 0644 },
		{ .path = ph, .kind = ETC_FILE, .content = host, .len = 2, .mode = 0644 },
	};
	struct etc_set set = { entries, 3 };
	size_t len;
	struct stat st;

	make_items(t->dir);
	fake_closure(&f, t->dir);
	assert_int_equal(sysi_etc_assemble(etc, &f.c, &set, &err), 0);
	c = gx_asprintf("%s/a/c", etc);
	d = gx_asprintf("%s/a/d", etc);
	m = gx_asprintf("%s/motd", etc);
	free(f.paths[0]);
	assert_int_equal(gx_read_file(c, &f.paths[0], &len), 0);
	assert_string_equal(f.paths[0], "declared\n"); /* the declaration wins */
	assert_int_equal(stat(c, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	free(f.paths[0]);
	assert_int_equal(gx_read_file(d, &f.paths[0], &len), 0);
	assert_string_equal(f.paths[0], "conf-b2\n"); /* the packages' conffiles */
	assert_int_equal(access(m, F_OK), 0);
	/* Copies, never links into an item (tools may rewrite them). */
	assert_true(ino(etc, "a/d") != ino(t->dir, "b/etc/a/d"));
	free_fake(&f);
}

static void test_alternatives(void **state)
{
	struct tmp *t = *state;
	struct gx_error *err = NULL;
	_cleanup_free_ char *prof = gx_asprintf("%s/p", t->dir);
	_cleanup_free_ char *etc = gx_asprintf("%s/etc", t->dir);
	_cleanup_free_ char *alt = gx_asprintf("%s/alts", t->dir);
	_cleanup_free_ char *l1 = gx_asprintf("%s/bin/awk", prof);
	_cleanup_free_ char *l2 = gx_asprintf("%s/alternatives/awk", etc);
	_cleanup_free_ char *l3 = gx_asprintf("%s/alternatives/awk.1.gz", etc);
	char target[256];
	ssize_t n;

	sh("mkdir -p '%s/bin' '%s/share/man/man1' '%s' '%s'", prof, prof, etc, alt);
	sh("touch '%s/bin/mawk' '%s/bin/gawk' '%s/share/man/man1/mawk.1.gz'", prof, prof, prof);
	/* gawk has the higher priority but the profile choice falls back to
	 * what is present; nawk is absent. */
	sh("printf 'auto\\n/usr/bin/awk\\nawk.1.gz\\n/usr/share/man/man1/awk.1.gz\\n\\n"
	   "/usr/bin/mawk\\n5\\n/usr/share/man/man1/mawk.1.gz\\n"
	   "/usr/bin/nawk\\n50\\n/usr/share/man/man1/nawk.1.gz\\n"
	   "/usr/bin/gawk\\n10\\n\\n\\n' >'%s/awk'",
	   alt);
	assert_int_equal(sys_alternatives(prof, etc, alt, NULL, &err), 0);
	n = readlink(l1, target, sizeof(target) - 1);
	assert_true(n > 0);
	target[n] = '\0';
	assert_string_equal(target, "/etc/alternatives/awk");
	n = readlink(l2, target, sizeof(target) - 1);
	assert_true(n > 0);
	target[n] = '\0';
	assert_string_equal(target, "/usr/bin/gawk");
	/* gawk has no man page slave: none is linked. */
	assert_true(readlink(l3, target, sizeof(target)) < 0);
}

static const struct bc_dir *find_dir(const struct boot_conf *bc, const char *path)
{
	const struct bc_dir *found = NULL;

	for (size_t i = 0; i < bc->n_dirs; i++)
		if (strcmp(bc->dirs[i].path, path) == 0) {
			assert_null(found); /* listed once */
			found = &bc->dirs[i];
		}
	if (found == NULL)
		fail_msg("%s is not in the skeleton", path);
	return found;
}

/* As root: the items' /var directories take the mode and owner of the
 * host root's directories (not those of the running host's /), the owner
 * mapped by name through the host root's passwd and group. */
static void test_var_dirs(void **state)
{
	struct tmp *t = *state;
	_cleanup_free_ char *root = gx_asprintf("%s/host/", t->dir);
	_cleanup_free_ char *store = gx_asprintf("%s/store", t->dir);
	struct os_user users[] = { { .name = "root", .uid = 0 }, { .name = "webby", .uid = 33 } };
	struct os_group groups[] = { { .name = "root", .gid = 0 },
		                     { .name = "webgrp", .gid = 44 } };
	struct os_model os = { .users = users, .n_users = 2, .groups = groups, .n_groups = 2 };
	char *bases[] = { (char *)"item-a", (char *)"item-b", NULL };
	struct boot_conf bc = { 0 };
	const struct bc_dir *d;

	if (geteuid() != 0)
		skip();
	sh("cd '%s' && mkdir -p host/etc host/var/spool/web/sub host/var/lib/only-host "
	   "store/item-a/var/spool/web/sub store/item-a/var/lib/gone store/item-b/var/spool/web "
	   "store/item-b/var/log && ln -s ../tmp store/item-b/var/link",
	   t->dir);
	sh("cd '%s/host' && printf 'root:x:0:0::/root:/bin/sh\nwebby:x:4242:4343::/:/bin/false\n' "
	   ">etc/passwd && printf 'root:x:0:\nwebgrp:x:4343:\nlonely:x:4444:\n' >etc/group && "
	   "chown 4242:4343 var/spool/web && chmod 2770 var/spool/web && chmod 0711 var/spool && "
	   "chown 0:4444 var/spool/web/sub && chmod 1730 var/spool/web/sub",
	   t->dir);
	/* The model's own entry stays as it is. */
	bc.dirs = gx_xcalloc(1, sizeof(*bc.dirs));
	bc.dirs[0] = (struct bc_dir){ gx_xstrdup("/var/log"), 0, 4, 0775 };
	bc.n_dirs = 1;
	sysi_var_dirs(&bc, &os, root, store, bases);
	d = find_dir(&bc, "/var/spool");
	assert_int_equal(d->mode, 0711);
	d = find_dir(&bc, "/var/spool/web");
	assert_int_equal(d->mode, 02770);
	assert_int_equal(d->uid, 33);
	assert_int_equal(d->gid, 44);
	/* a group the system does not have: root */
	d = find_dir(&bc, "/var/spool/web/sub");
	assert_int_equal(d->mode, 01730);
	assert_int_equal(d->gid, 0);
	/* absent from the host root (whatever the running host has) */
	d = find_dir(&bc, "/var/lib/gone");
	assert_int_equal(d->mode, 0755);
	d = find_dir(&bc, "/var/log");
	assert_int_equal(d->gid, 4);
	assert_int_equal(d->mode, 0775);
	/* only directories; the items' parents come first */
	assert_int_equal(bc.n_dirs, 6);
	assert_string_equal(bc.dirs[1].path, "/var/lib");
	for (size_t i = 0; i < bc.n_dirs; i++)
		free(bc.dirs[i].path);
	free(bc.dirs);
}

/* The key's host state is the host root's alternatives and choices. */
static void test_host_state(void **state)
{
	struct tmp *t = *state;
	_cleanup_free_ char *root = gx_asprintf("%s/host", t->dir);
	struct gx_buf k = GX_BUF_INIT;

	sh("cd '%s' && mkdir -p host/var/lib/dpkg/alternatives host/etc/alternatives && "
	   "printf 'auto\n/usr/bin/gxt\n\n/usr/bin/gxt-a\n5\n\n' "
	   ">host/var/lib/dpkg/alternatives/gxsys-test-alt && "
	   "ln -s /usr/bin/gxt-a host/etc/alternatives/gxsys-test-alt",
	   t->dir);
	sysi_put_host_state(&k, root, "diverted\n");
	gx_buf_putc(&k, '\0');
	assert_true(strncmp(k.data, "diversions 9\ndiverted\n\n", 23) == 0);
	assert_non_null(strstr(k.data, "alternative gxsys-test-alt 37\nauto\n/usr/bin/gxt\n"));
	assert_non_null(strstr(k.data, "\nchoice /usr/bin/gxt-a\n"));
	/* nothing of the running host's alternatives */
	assert_null(strstr(k.data, "alternative awk"));
	gx_buf_free(&k);
}

/* As root: the host's own tools in a build container of a profile that is
 * the host's /usr, writing only into a scratch etc. */
static void test_build_container(void **state)
{
	struct tmp *t = *state;
	struct gx_error *err = NULL;
	_cleanup_free_ char *etc = gx_asprintf("%s/etc", t->dir);
	_cleanup_free_ char *scratch = gx_asprintf("%s/root", t->dir);
	_cleanup_free_ char *cache = gx_asprintf("%s/ld.so.cache", etc);
	_cleanup_free_ char *bundle = gx_asprintf("%s/ssl/certs/ca-certificates.crt", etc);
	_cleanup_free_ char *conf = gx_asprintf("%s/ca-certificates.conf", etc);
	struct stat before, after, st;
	char *argv[] = { (char *)"/usr/bin/false", NULL };

	if (geteuid() != 0)
		skip();
	sh("mkdir -p '%s' '%s'", etc, scratch);
	assert_int_equal(stat("/etc/ld.so.cache", &before), 0);
	if (sysi_etc_maintainer("/usr", etc, scratch, &err) < 0)
		fail_msg("%s", err->msg);
	assert_int_equal(stat(cache, &st), 0);
	assert_true(st.st_size > 0);
	if (access("/usr/sbin/update-ca-certificates", X_OK) == 0) {
		assert_int_equal(stat(conf, &st), 0);
		assert_int_equal(stat(bundle, &st), 0);
		assert_true(st.st_size > 1000);
	}
	assert_int_equal(stat("/etc/ld.so.cache", &after), 0);
	assert_int_equal(before.st_mtime, after.st_mtime);
	/* A failing tool is an error naming it. */
	assert_int_equal(sys_run_in_build_container("/usr", etc, scratch, argv, &err), -1);
	assert_non_null(strstr(err->msg, "/usr/bin/false"));
	gx_error_free(err);
	/* Nothing stays mounted on the scratch root. */
	assert_int_equal(rmdir(scratch), 0);
}

/* As root: a tool that does not finish is killed at its deadline, with
 * whatever it started (a checker that hangs would hang gxsys, holding the
 * store's lock). */
static void test_build_container_timeout(void **state)
{
	struct tmp *t = *state;
	struct gx_error *err = NULL;
	_cleanup_free_ char *etc = gx_asprintf("%s/etc", t->dir);
	_cleanup_free_ char *scratch = gx_asprintf("%s/root", t->dir);
	_cleanup_free_ char *survived = gx_asprintf("%s/survived", etc);
	char *argv[] = { (char *)"/usr/bin/sh", (char *)"-c",
		         (char *)"(sleep 2; : >/etc/survived) & echo started >&2; exec sleep 300",
		         NULL };
	struct sys_build_run run = { .argv = argv, .input_error = true, .timeout_s = 1 };
	struct timespec t0, t1;

	if (geteuid() != 0)
		skip();
	sh("mkdir -p '%s' '%s'", etc, scratch);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(sys_build_run("/usr", etc, scratch, &run, &err), -1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_non_null(err);
	assert_non_null(strstr(err->msg, "'/usr/bin/sh' did not finish within 1 s"));
	assert_non_null(strstr(err->msg, "started"));
	assert_int_equal(err->status, GX_EXIT_FAILURE);
	gx_error_free(err);
	assert_true(t1.tv_sec - t0.tv_sec < 30);
	/* The background job died with the container: past its 2 s, no file. */
	usleep(3000000);
	assert_int_equal(access(survived, F_OK), -1);
	assert_int_equal(rmdir(scratch), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_forest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_etc_assemble, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alternatives, setup, teardown),
		cmocka_unit_test_setup_teardown(test_var_dirs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_host_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_build_container, setup, teardown),
		cmocka_unit_test_setup_teardown(test_build_container_timeout, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
