/* Test-only, run inside a container on a terminal: try to push a
 * character into the terminal's input with TIOCSTI, on stdin (also with
 * the request's high bits set, which the kernel ignores), and on
 * /dev/console.  Prints one line per try: "injected" or why not
 * (tests/integration/init-boot.sh). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static void try(const char *what, int fd, unsigned long request)
{
	char c = '#';
	long r = syscall(SYS_ioctl, fd, request, &c);
	printf("%s: %s\n", what, r == 0 ? "injected" : strerror(errno));
}

int main(void)
{
	try("TIOCSTI on stdin", 0, TIOCSTI);
	try("TIOCSTI on stdin, high bits set", 0, 0xffffffff00000000UL | TIOCSTI);
	int fd = open("/dev/console", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		printf("/dev/console: %s\n", strerror(errno));
	else
		try("TIOCSTI on /dev/console", fd, TIOCSTI);
	return 0;
}
