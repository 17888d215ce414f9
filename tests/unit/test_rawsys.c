/* Unit tests of src/init/rawsys.h: a failed call returns -errno and leaves
 * errno as it was (the launcher's calls after the clone must not write
 * PID 1's errno, launch.c), a successful one returns the kernel's result. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cmocka.h>

#include "rawsys.h"

static void test_failure_keeps_errno(void **state)
{
	(void)state;
	errno = 1234;
	assert_int_equal(GX_SYS(SYS_close, -1, 0, 0, 0), -EBADF);
	assert_int_equal(errno, 1234);
	assert_int_equal(GX_SYS5(SYS_execveat, -1, "", NULL, NULL, AT_EMPTY_PATH), -EBADF);
	assert_int_equal(errno, 1234);
}

static void test_success(void **state)
{
	long fd;

	(void)state;
	errno = 0;
	assert_int_equal(GX_SYS(SYS_getpid, 0, 0, 0, 0), getpid());
	fd = GX_SYS(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY | O_CLOEXEC, 0);
	assert_true(fd >= 0);
	assert_int_equal(GX_SYS(SYS_write, fd, "x", 1, 0), -EBADF); /* opened read-only */
	assert_int_equal(GX_SYS(SYS_close, fd, 0, 0, 0), 0);
	assert_int_equal(errno, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_failure_keeps_errno),
		cmocka_unit_test(test_success),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
