/* System calls that leave errno alone: they return the result, or -errno.
 * For code that runs where errno is not its own: the launcher between the
 * clone of PID 1 and its exec shares PID 1's memory, thread pointer (so
 * errno) included, and PID 1 reads errno after its own failed calls; and
 * the waiter runs before the C library has set up a thread pointer at
 * all (waiter.c).  Up to six arguments.  Elsewhere than on x86_64, through
 * syscall(2), which may write errno: GX_SYS puts it back, but the window
 * between stays. */
#ifndef GX_RAWSYS_H
#define GX_RAWSYS_H

#include <errno.h>

#if defined(__x86_64__)
static inline long gx_sys6(long n, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long r;

	__asm__ volatile("syscall"
	                 : "=a"(r)
	                 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
	                 : "rcx", "r11", "memory");
	return r;
}
#else
#include <unistd.h>

static inline long gx_sys6(long n, long a, long b, long c, long d, long e, long f)
{
	int saved = errno;
	long r = syscall(n, a, b, c, d, e, f);

	if (r == -1) {
		r = -errno;
		errno = saved;
	}
	return r;
}
#endif

static inline long gx_sys(long n, long a, long b, long c, long d, long e)
{
	return gx_sys6(n, a, b, c, d, e, 0);
}

#define GX_SYS6(n, a, b, c, d, e, f)                                                               \
	gx_sys6((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))
#define GX_SYS5(n, a, b, c, d, e) GX_SYS6((n), (a), (b), (c), (d), (e), 0)
#define GX_SYS(n, a, b, c, d) GX_SYS5((n), (a), (b), (c), (d), 0)

#endif
