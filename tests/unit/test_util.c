/* Unit tests of src/common: buffers, string vectors, the arena, errors. */
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "arena.h"
#include "err.h"
#include "tmpdir.h"
#include "util.h"

static void test_buf(void **state)
{
	struct gx_buf b = GX_BUF_INIT;
	char *s;

	(void)state;
	for (int i = 0; i < 1000; i++)
		gx_buf_printf(&b, "%d,", i);
	assert_int_equal(b.len, strlen(b.data));
	assert_memory_equal(b.data, "0,1,2,", 6);
	gx_buf_add(&b, "\0x", 2);
	assert_int_equal(b.data[b.len], '\0');
	s = gx_buf_steal(&b);
	assert_null(b.data);
	free(s);
	s = gx_buf_steal(&b);
	assert_string_equal(s, "");
	free(s);
}

static void test_strv(void **state)
{
	_cleanup_strv_ char **v = NULL;
	_cleanup_strv_ char **w = NULL;

	(void)state;
	assert_int_equal(gx_strv_len(v), 0);
	v = gx_strv_push(v, "a");
	v = gx_strv_push(v, "b");
	w = gx_strv_dup(v);
	assert_int_equal(gx_strv_len(w), 2);
	assert_string_equal(w[1], "b");
	assert_null(w[2]);
}

static void test_dir_len(void **state)
{
	(void)state;
	assert_int_equal(gx_dir_len("name"), 0);
	assert_int_equal(gx_dir_len("/name"), 1);
	assert_int_equal(gx_dir_len("/run/x.lock"), 4);
	assert_int_equal(gx_dir_len("a/b/c"), 3);
	assert_int_equal(gx_dir_len("dir/"), 3);
}

static void test_arena(void **state)
{
	struct gx_arena a = GX_ARENA_INIT;
	char *big;

	(void)state;
	for (int i = 0; i < 10000; i++) {
		char *p = gx_arena_printf(&a, "item-%d", i);

		assert_true(((uintptr_t)p & 15) == 0);
		assert_string_equal(p, gx_arena_printf(&a, "item-%d", i));
	}
	big = gx_arena_alloc(&a, 1 << 20);
	assert_int_equal(big[(1 << 20) - 1], 0);
	assert_true(a.total >= (1 << 20));
	gx_arena_free(&a);
	assert_null(a.head);
}

static int fails_with_errno(struct gx_error **err)
{
	errno = ENOENT;
	return gx_fail_errno(err, "open '%s'", "/x");
}

static void test_error(void **state)
{
	struct gx_error *err = NULL;

	(void)state;
	assert_int_equal(fails_with_errno(&err), -1);
	gx_wrap(&err, "load config");
	assert_string_equal(err->msg, "load config: open '/x': No such file or directory");
	assert_int_equal(err->status, GX_EXIT_SYSTEM);
	/* A second failure does not overwrite the first. */
	gx_fail_input(&err, "other");
	assert_int_equal(err->errnum, ENOENT);
	gx_error_free(err);
	assert_int_equal(gx_fail_input(NULL, "ignored"), -1);
}

static void test_write_atomic(void **state)
{
	const char *dir = *state;
	_cleanup_free_ char *path = NULL;
	_cleanup_free_ char *data = NULL;
	size_t len;

	path = gx_asprintf("%s/f", dir);
	assert_int_equal(gx_write_file_atomic(path, "hello", 5, 0600), 0);
	assert_int_equal(gx_read_file(path, &data, &len), 0);
	assert_int_equal(len, 5);
	assert_string_equal(data, "hello");
	/* Nothing else left behind (no temporary file). */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
	assert_int_equal(gx_write_file_atomic("/nonexistent-dir/f", "x", 1, 0600), -1);
	assert_int_equal(errno, ENOENT);
}

/* gx_read_file_at: relative to a directory; gx_read_small: one read,
 * cut at the buffer, NUL-terminated, and no wait on a FIFO nobody writes. */
static void test_read_at_and_small(void **state)
{
	const char *dir = *state;
	_cleanup_free_ char *path = gx_asprintf("%s/f", dir);
	_cleanup_free_ char *fifo = gx_asprintf("%s/fifo", dir);
	_cleanup_free_ char *data = NULL;
	_cleanup_close_ int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	char buf[4];
	size_t len;

	assert_int_equal(gx_write_file_atomic(path, "12345\n", 6, 0600), 0);
	assert_int_equal(gx_read_file_at(dfd, "f", &data, &len), 0);
	assert_int_equal(len, 6);
	assert_string_equal(data, "12345\n");
	assert_int_equal(gx_read_small(path, buf, sizeof(buf)), 3);
	assert_string_equal(buf, "123");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(gx_read_small(fifo, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	assert_int_equal(gx_read_small("/nonexistent-dir/f", buf, sizeof(buf)), -1);
	assert_int_equal(gx_read_file_at(dfd, "missing", &data, &len), -1);
}

static void test_beside_self(void **state)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	const char *base;
	_cleanup_free_ char *found = NULL;
	_cleanup_free_ char *want = NULL;

	(void)state;
	assert_true(n > 0);
	self[n] = '\0';
	base = strrchr(self, '/') + 1;
	found = gx_beside_self(base, X_OK);
	assert_non_null(found);
	want = gx_asprintf("%.*s/%s", (int)(base - 1 - self), self, base);
	assert_string_equal(found, want);
	assert_null(gx_beside_self("no-such-file-beside-the-test", F_OK));
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	assert_non_null(d);
	while (readdir(d) != NULL)
		n++;
	closedir(d);
	return n;
}

/* gx_opendirat: a directory under an fd, or the fd's own ("."), read from
 * an offset of its own; on failure NULL, errno, and no fd left open. */
static void test_opendirat(void **state)
{
	const char *dir = *state;
	_cleanup_free_ char *sub = gx_asprintf("%s/sub", dir);
	_cleanup_free_ char *file = gx_asprintf("%s/file", dir);
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int fds, n = 0;
	DIR *d;

	assert_true(dfd >= 0);
	assert_int_equal(mkdir(sub, 0755), 0);
	int f = open(file, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	assert_true(f >= 0);
	close(f);
	_cleanup_free_ char *link = gx_asprintf("%s/link", dir);
	assert_int_equal(symlink("sub", link), 0);
	d = gx_opendirat(dfd, "sub", 0);
	assert_non_null(d);
	closedir(d);
	/* "." twice: each reads the whole directory. */
	for (int round = 0; round < 2; round++) {
		d = gx_opendirat(dfd, ".", 0);
		assert_non_null(d);
		for (n = 0; readdir(d) != NULL;)
			n++;
		closedir(d);
		assert_int_equal(n, 5); /* . .. sub file link */
	}
	fds = count_fds();
	errno = 0;
	assert_null(gx_opendirat(dfd, "file", 0));
	assert_int_equal(errno, ENOTDIR);
	assert_null(gx_opendirat(dfd, "missing", 0));
	assert_int_equal(errno, ENOENT);
	d = gx_opendirat(dfd, "link", 0);
	assert_non_null(d);
	closedir(d);
	assert_null(gx_opendirat(dfd, "link", O_NOFOLLOW));
	assert_int_equal(errno, ENOTDIR); /* O_DIRECTORY | O_NOFOLLOW on a link */
	assert_int_equal(count_fds(), fds);
	close(dfd);
}

/* gx_open_dir_safe: a symbolic link is followed only in a directory of
 * root's that only root may write to.  The temporary directory is under
 * /tmp (root's, but writable by all): the links are made below it, in
 * directories whose owner and mode each case sets. */
static void test_open_dir_safe(void **state)
{
	const char *dir = *state;
	_cleanup_free_ char *safe = gx_asprintf("%s/safe", dir);
	_cleanup_free_ char *open_ = gx_asprintf("%s/open", dir);
	_cleanup_free_ char *target = gx_asprintf("%s/target", dir);
	_cleanup_free_ char *p = NULL;
	struct stat a, b;
	int fds = count_fds(), fd;

	assert_int_equal(mkdir(safe, 0755), 0);
	assert_int_equal(mkdir(open_, 0777), 0);
	assert_int_equal(chmod(open_, 0777), 0);
	assert_int_equal(mkdir(target, 0755), 0);
	p = gx_asprintf("%s/link", safe);
	assert_int_equal(symlink(target, p), 0);
	free(p);
	p = gx_asprintf("%s/link", open_);
	assert_int_equal(symlink(target, p), 0);
	free(p);

	/* plain directories, and a link in a directory only its owner may
	 * write to: followed when that owner is root */
	fd = gx_open_dir_safe(safe);
	assert_true(fd >= 0);
	close(fd);
	p = gx_asprintf("%s/link", safe);
	fd = gx_open_dir_safe(p);
	if (geteuid() == 0) {
		assert_true(fd >= 0);
		assert_int_equal(fstat(fd, &a), 0);
		assert_int_equal(stat(target, &b), 0);
		assert_true(a.st_ino == b.st_ino && a.st_dev == b.st_dev);
		close(fd);
		/* the same directory given to another user: not followed */
		assert_int_equal(chown(safe, 65534, 65534), 0);
		errno = 0;
		assert_int_equal(gx_open_dir_safe(p), -1);
		assert_int_equal(errno, ELOOP);
	} else {
		assert_int_equal(fd, -1); /* the holder is not root's */
		assert_int_equal(errno, ELOOP);
	}
	free(p);
	/* in a directory all may write to: never followed */
	p = gx_asprintf("%s/link", open_);
	errno = 0;
	assert_int_equal(gx_open_dir_safe(p), -1);
	assert_int_equal(errno, ELOOP);
	free(p);
	/* refusals */
	errno = 0;
	assert_int_equal(gx_open_dir_safe("relative/dir"), -1);
	assert_int_equal(errno, EINVAL);
	p = gx_asprintf("%s/missing/x", dir);
	assert_int_equal(gx_open_dir_safe(p), -1);
	assert_int_equal(errno, ENOENT);
	free(p);
	p = gx_asprintf("%s/file", dir);
	fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(gx_open_dir_safe(p), -1);
	assert_int_equal(errno, ENOTDIR);
	/* "/" and repeated slashes */
	fd = gx_open_dir_safe("/");
	assert_true(fd >= 0);
	close(fd);
	free(p);
	p = gx_asprintf("/%s//safe/", dir);
	fd = gx_open_dir_safe(p);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(count_fds(), fds);
}

/* gx_open_dir_safe follows a root's link by walking its target with the
 * same rules: a link in the target's path that another user could have
 * pointed anywhere is refused there too; relative targets, chains and
 * loops. */
static void test_open_dir_safe_targets(void **state)
{
	const char *dir = *state;
	_cleanup_free_ char *safe = gx_asprintf("%s/safe", dir);
	_cleanup_free_ char *theirs = gx_asprintf("%s/theirs", dir);
	_cleanup_free_ char *target = gx_asprintf("%s/target", dir);
	_cleanup_free_ char *p = NULL, *q = NULL;
	struct stat a, b;
	int fds = count_fds(), fd;

	if (geteuid() != 0)
		skip();
	assert_int_equal(mkdir(safe, 0755), 0);
	assert_int_equal(mkdir(theirs, 0755), 0);
	assert_int_equal(mkdir(target, 0755), 0);
	assert_int_equal(stat(target, &b), 0);
	/* another user's directory, and a link of theirs in it */
	p = gx_asprintf("%s/sub", theirs);
	assert_int_equal(symlink(target, p), 0);
	assert_int_equal(lchown(p, 65534, 65534), 0);
	assert_int_equal(chown(theirs, 65534, 65534), 0);
	free(p);
	/* root's link through it: refused (the kernel would follow both) */
	p = gx_asprintf("%s/via-theirs", safe);
	q = gx_asprintf("%s/sub", theirs);
	assert_int_equal(symlink(q, p), 0);
	errno = 0;
	assert_int_equal(gx_open_dir_safe(p), -1);
	assert_int_equal(errno, ELOOP);
	free(p);
	free(q);
	/* a relative target, and a chain of root's links: followed */
	p = gx_asprintf("%s/rel", safe);
	assert_int_equal(symlink("../target", p), 0);
	free(p);
	p = gx_asprintf("%s/chain", safe);
	assert_int_equal(symlink("rel/", p), 0);
	free(p);
	p = gx_asprintf("%s/chain/", safe);
	fd = gx_open_dir_safe(p);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &a), 0);
	assert_true(a.st_ino == b.st_ino && a.st_dev == b.st_dev);
	close(fd);
	free(p);
	/* a loop: ELOOP, as the kernel says */
	p = gx_asprintf("%s/loop", safe);
	assert_int_equal(symlink("loop", p), 0);
	errno = 0;
	assert_int_equal(gx_open_dir_safe(p), -1);
	assert_int_equal(errno, ELOOP);
	free(p);
	/* a target that is a file, or missing */
	p = gx_asprintf("%s/file", target);
	fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	close(fd);
	q = gx_asprintf("%s/to-file", safe);
	assert_int_equal(symlink(p, q), 0);
	errno = 0;
	assert_int_equal(gx_open_dir_safe(q), -1);
	assert_int_equal(errno, ENOTDIR);
	free(p);
	free(q);
	q = NULL;
	p = gx_asprintf("%s/dangling", safe);
	assert_int_equal(symlink("nowhere", p), 0);
	errno = 0;
	assert_int_equal(gx_open_dir_safe(p), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(count_fds(), fds);
}

/* The shared check of values written into generated files. */
static void test_has_control(void **state)
{
	(void)state;
	assert_false(gx_has_control("a b\"'$`~", 8));
	assert_false(gx_has_control("", 0));
	assert_false(gx_has_control("\xc3\xa9", 2));
	assert_true(gx_has_control("a\nb", 3));
	assert_true(gx_has_control("a\tb", 3));
	assert_true(gx_has_control("\x1f", 1));
	assert_true(gx_has_control("a\x7f", 2));
	/* a NUL inside: the string read is shorter than the value */
	assert_true(gx_has_control("ab\0c", 4));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_has_control),
		cmocka_unit_test(test_strv),
		cmocka_unit_test(test_dir_len),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_error),
		cmocka_unit_test_setup_teardown(test_write_atomic, tmpdir_make, tmpdir_remove),
		cmocka_unit_test_setup_teardown(test_read_at_and_small, tmpdir_make, tmpdir_remove),
		cmocka_unit_test(test_beside_self),
		cmocka_unit_test_setup_teardown(test_opendirat, tmpdir_make, tmpdir_remove),
		cmocka_unit_test_setup_teardown(test_open_dir_safe, tmpdir_make, tmpdir_remove),
		cmocka_unit_test_setup_teardown(test_open_dir_safe_targets, tmpdir_make,
		                                tmpdir_remove),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
