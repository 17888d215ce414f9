/* Unit tests of src/init/rawsys.h: a failed call returns -errno and leaves
 * errno as it was (the launcher's calls after the clone must not write
 * PID 1's errno, launch.c), a successful one returns the kernel's result. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
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

/* The sixth argument reaches the kernel (r9 on x86_64): mmap's offset.
 * Before GX_SYS6, PID 1's stack was mapped with whatever r9 held, and the
 * early clone failed with EINVAL ("allocate PID 1's stack"). */
static void test_six_arguments(void **state)
{
	long page = sysconf(_SC_PAGESIZE);
	char path[] = "/tmp/gxsys-rawsys.XXXXXX";
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	unlink(path);
	assert_int_equal(ftruncate(fd, 2 * page), 0);
	assert_int_equal(pwrite(fd, "second", 6, page), 6);
	long r = GX_SYS6(SYS_mmap, 0, page, PROT_READ, MAP_PRIVATE, fd, page);
	assert_true(r > 0 || r < -4096);
	assert_memory_equal((const char *)r, "second", 6);
	assert_int_equal(GX_SYS(SYS_munmap, r, page, 0, 0), 0);
	assert_int_equal(GX_SYS6(SYS_mmap, 0, page, PROT_READ, MAP_PRIVATE, fd, 1), -EINVAL);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_failure_keeps_errno),
		cmocka_unit_test(test_success),
		cmocka_unit_test(test_six_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
