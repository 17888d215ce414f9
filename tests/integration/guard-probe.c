/* Test-only, run inside a container: what the container's seccomp filter
 * (src/init/guard.c) refuses.  On a terminal, try to push a character into
 * its input with TIOCSTI, on stdin (also with the request's high bits set,
 * which the kernel ignores) and on /dev/console; then ask for the user and
 * session keyrings (the host's: keyrings are not namespaced).  Prints one
 * line per try: "injected", "keyring N", or why not
 * (tests/integration/init-boot.sh). */
#include <errno.h>
#include <fcntl.h>
#include <linux/keyctl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static void try_sti(const char *what, int fd, unsigned long request)
{
	char c = '#';
	long r = syscall(SYS_ioctl, fd, request, &c);
	printf("%s: %s\n", what, r == 0 ? "injected" : strerror(errno));
}

static void try_keyring(const char *what, long which)
{
	long r = syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, which, 0L);
	if (r < 0)
		printf("%s: %s\n", what, strerror(errno));
	else
		printf("%s: keyring %ld\n", what, r);
}

int main(void)
{
	if (isatty(0)) {
		try_sti("TIOCSTI on stdin", 0, TIOCSTI);
		try_sti("TIOCSTI on stdin, high bits set", 0, 0xffffffff00000000UL | TIOCSTI);
		int fd = open("/dev/console", O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (fd < 0)
			printf("/dev/console: %s\n", strerror(errno));
		else
			try_sti("TIOCSTI on /dev/console", fd, TIOCSTI);
	}
	try_keyring("user keyring", KEY_SPEC_USER_KEYRING);
	try_keyring("session keyring", KEY_SPEC_SESSION_KEYRING);
	return 0;
}
