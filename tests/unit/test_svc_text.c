/* Unit tests of the supervisor's text formats: `herd status` lines, the
 * control protocol's request parser, syslog datagram parsing, the
 * /var/log/messages line format and its rotation, and PID files'
 * contents. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "svc_int.h"
#include "tmpdir.h"

static void test_status_line(void **state)
{
	char buf[128];
	size_t n;

	(void)state;
	n = svc_format_status(buf, sizeof(buf), "nginx", SVC_RUNNING, 42, 3);
	assert_string_equal(buf, "nginx                running         42        3\n");
	assert_int_equal(n, strlen(buf));
	svc_format_status(buf, sizeof(buf), "crash", SVC_DISABLED, 0, 5);
	assert_string_equal(buf, "crash                disabled         -        5\n");
	svc_format_status_header(buf, sizeof(buf));
	assert_string_equal(buf, "SERVICE              STATE          PID RESPAWNS\n");
	/* truncated, still one line */
	n = svc_format_status(buf, 10, "a-very-long-service-name", SVC_STOPPED, 1, 0);
	assert_int_equal(n, 9);
	assert_string_equal(buf, "a-very-l\n");
	/* a running timer's next run, in local time */
	setenv("TZ", "UTC0", 1);
	tzset();
	n = svc_format_status(buf, sizeof(buf), "updatedb", SVC_RUNNING, 0, 0);
	n = svc_format_status_next(buf, sizeof(buf), n, 1800014400);
	assert_string_equal(buf, "updatedb             running          -        0 next 2027-01-15 "
	                         "12:00:00\n");
	assert_int_equal(n, strlen(buf));
	/* no room: the line as it was */
	char small[52];
	n = svc_format_status(small, sizeof(small), "updatedb", SVC_RUNNING, 0, 0);
	assert_int_equal(svc_format_status_next(small, sizeof(small), n, 1800014400), n);
	assert_string_equal(small, "updatedb             running          -        0\n");
	/* herd disable's */
	n = svc_format_status(buf, sizeof(buf), "web", SVC_RUNNING, 7, 0);
	n = svc_format_status_disabled(buf, sizeof(buf), n);
	assert_string_equal(buf, "web                  running          7        0 disabled\n");
	assert_int_equal(n, strlen(buf));
}

static void expect_parse(const char *req, int rc, enum svc_ctl_op op, const char *arg)
{
	char line[SVC_CTL_REQ_MAX];
	enum svc_ctl_op got = SVC_OP_NONE;
	const char *a = NULL;

	strcpy(line, req);
	assert_int_equal(svc_ctl_parse(line, &got, &a), rc);
	if (rc == 0) {
		assert_int_equal(got, op);
		assert_string_equal(a, arg);
	}
}

static void test_ctl_parse(void **state)
{
	(void)state;
	expect_parse("status", 0, SVC_OP_STATUS, "");
	expect_parse("status nginx", 0, SVC_OP_STATUS, "nginx");
	expect_parse("start nginx", 0, SVC_OP_START, "nginx");
	expect_parse("stop root", 0, SVC_OP_STOP, "root");
	expect_parse("restart x", 0, SVC_OP_RESTART, "x");
	expect_parse("trigger updatedb", 0, SVC_OP_TRIGGER, "updatedb");
	expect_parse("enable web", 0, SVC_OP_ENABLE, "web");
	expect_parse("disable web", 0, SVC_OP_DISABLE, "web");
	expect_parse("disable", -1, SVC_OP_NONE, NULL);
	/* herd doc's three forms; nothing else after the service */
	expect_parse("doc web", 0, SVC_OP_DOC, "web");
	expect_parse("doc web list-actions", 0, SVC_OP_DOC, "web list-actions");
	expect_parse("doc web action reload", 0, SVC_OP_DOC, "web action reload");
	expect_parse("doc", -1, SVC_OP_NONE, NULL);
	expect_parse("doc web list", -1, SVC_OP_NONE, NULL);
	expect_parse("doc web action", -1, SVC_OP_NONE, NULL);
	expect_parse("doc web action Re", -1, SVC_OP_NONE, NULL);
	expect_parse("doc web action a b", -1, SVC_OP_NONE, NULL);
	expect_parse("doc  web", -1, SVC_OP_NONE, NULL);
	expect_parse("trigger", -1, SVC_OP_NONE, NULL);
	expect_parse("start", -1, SVC_OP_NONE, NULL);
	expect_parse("stop ", -1, SVC_OP_NONE, NULL);
	expect_parse("start a b", -1, SVC_OP_NONE, NULL);
	/* any other verb names one of the service's actions */
	expect_parse("reload x", 0, SVC_OP_ACTION, "x");
	expect_parse("configuration nginx", 0, SVC_OP_ACTION, "nginx");
	expect_parse("reload", -1, SVC_OP_NONE, NULL);
	expect_parse("Reload x", -1, SVC_OP_NONE, NULL);
	expect_parse("re/load x", -1, SVC_OP_NONE, NULL);
	expect_parse(" x", -1, SVC_OP_NONE, NULL);
	expect_parse("", -1, SVC_OP_NONE, NULL);
	expect_parse("STATUS", -1, SVC_OP_NONE, NULL);
}

static void expect_syslog(const char *dgram, size_t n, const char *want)
{
	const char *msg;
	size_t len;

	svc_syslog_parse(dgram, n, &msg, &len);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(msg, want, len);
}

static void test_syslog_parse(void **state)
{
	static const char nul[] = "<13>hello\n\0";

	(void)state;
	/* what glibc's syslog(3) sends */
	expect_syslog("<30>Nov 29 22:54:46 sshd[12]: Accepted key", 42, "sshd[12]: Accepted key");
	expect_syslog("<13>Jan  1 00:00:00 logger: x", 29, "logger: x");
	/* no timestamp, trailing newline and NUL */
	expect_syslog(nul, sizeof(nul) - 1, "hello");
	/* not a priority: kept */
	expect_syslog("<abc>x", 6, "<abc>x");
	expect_syslog("<13", 3, "<13");
	/* looks like a date but is not one */
	expect_syslog("<13>Foo 29 22:54:46 x", 21, "Foo 29 22:54:46 x");
	expect_syslog("", 0, "");
}

static void test_syslog_format(void **state)
{
	struct tm tm;
	char buf[256];
	size_t n;

	(void)state;
	memset(&tm, 0, sizeof(tm));
	tm.tm_mon = 10, tm.tm_mday = 9, tm.tm_hour = 8, tm.tm_min = 7, tm.tm_sec = 6;
	n = svc_syslog_format(buf, sizeof(buf), &tm, "box", "nginx", 42, "up", 2);
	assert_string_equal(buf, "Nov  9 08:07:06 box nginx[42]: up\n");
	assert_int_equal(n, strlen(buf));
	tm.tm_mday = 29;
	svc_syslog_format(buf, sizeof(buf), &tm, "box", NULL, 0, "sshd[1]: hi\nthere", 17);
	/* a newline inside a message cannot forge a second line */
	assert_string_equal(buf, "Nov 29 08:07:06 box sshd[1]: hi there\n");
	svc_syslog_format(buf, sizeof(buf), &tm, "box", "cron", 0, "x", 1);
	assert_string_equal(buf, "Nov 29 08:07:06 box cron: x\n");
	/* truncated to the buffer, the newline kept */
	n = svc_syslog_format(buf, 12, &tm, "box", "cron", 0, "x", 1);
	assert_int_equal(n, 11);
	assert_string_equal(buf, "Nov 29 08:\n");
}

static void test_pid_parse(void **state)
{
	pid_t pid = 0;

	(void)state;
	assert_true(svc_pid_parse("1234\n", &pid));
	assert_int_equal(pid, 1234);
	assert_true(svc_pid_parse("42", &pid));
	assert_int_equal(pid, 42);
	/* blanks on either side, as Shepherd trims them */
	assert_true(svc_pid_parse("77\r\n", &pid));
	assert_int_equal(pid, 77);
	assert_true(svc_pid_parse("  88 \t\n\n", &pid));
	assert_int_equal(pid, 88);
	pid = 5;
	assert_false(svc_pid_parse("", &pid));
	assert_false(svc_pid_parse("\n", &pid));
	assert_false(svc_pid_parse("not-a-pid\n", &pid));
	assert_false(svc_pid_parse("12 34\n", &pid));
	assert_false(svc_pid_parse("12abc", &pid));
	assert_false(svc_pid_parse("1\n", &pid)); /* the supervisor itself */
	assert_false(svc_pid_parse("0", &pid));
	assert_false(svc_pid_parse("-5", &pid));
	assert_false(svc_pid_parse("99999999999999999999", &pid));
	assert_false(svc_pid_parse("2147483648", &pid));
	assert_int_equal(pid, 5);
}

static off_t file_size(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 ? st.st_size : -1;
}

static size_t count_lines(const char *path)
{
	char buf[4096];
	size_t n = 0;
	ssize_t r;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return 0;
	while ((r = read(fd, buf, sizeof(buf))) > 0)
		for (ssize_t i = 0; i < r; i++)
			n += buf[i] == '\n';
	close(fd);
	return n;
}

/* /var/log/messages is rotated to messages.1 once it holds rotate_at
 * bytes (SVC_SYSLOG_ROTATE), the one before replaced: at most twice that
 * in memory.  Before, nothing rotated it: a chatty service filled the root
 * tmpfs, which is memory, for the container's life. */
static void test_syslog_rotation(void **state)
{
	const char *dir = *state;
	_cleanup_free_ char *file = gx_asprintf("%s/messages", dir);
	_cleanup_free_ char *old = gx_asprintf("%s/messages.1", dir);
	_cleanup_free_ char *sock = gx_asprintf("%s/log", dir);
	_cleanup_free_ char *target = gx_asprintf("%s/elsewhere", dir);
	struct svc_syslog l = { .sock = -1, .file = -1 };
	struct gx_error *err = NULL;
	char msg[100];

	memset(msg, 'x', sizeof(msg));
	assert_int_equal(svc_syslog_open(&l, sock, file, &err), 0);
	assert_int_equal(l.rotate_at, SVC_SYSLOG_ROTATE);
	l.rotate_at = 4096;
	/* A line's length depends on the host name: counted, not assumed
	 * (with a 2-letter host name, 30 lines made less than 4096 bytes). */
	svc_syslog_write(&l, "chatty", 7, msg, sizeof(msg));
	off_t line = file_size(file);
	assert_true(line > (off_t)sizeof(msg) && line < 1024);
	int per = (int)((4096 + line - 1) / line); /* the line that reaches 4096 rotates */
	for (int i = 1; i < per + 3; i++)
		svc_syslog_write(&l, "chatty", 7, msg, sizeof(msg));
	assert_true(file_size(old) >= 4096 && file_size(old) < 4096 + line);
	assert_int_equal(file_size(file), 3 * line);
	assert_int_equal(count_lines(old) + count_lines(file), (size_t)per + 3);
	/* Again: the first messages.1 is gone, never more than two files. */
	for (int i = 0; i < 2 * per; i++)
		svc_syslog_write(&l, "chatty", 7, msg, sizeof(msg));
	assert_true(file_size(old) >= 4096 && file_size(old) < 4096 + line);
	assert_true(file_size(file) < 4096);
	/* A symbolic link at messages.1 is replaced, not written through. */
	assert_int_equal(unlink(old), 0);
	assert_int_equal(symlink(target, old), 0);
	for (int i = 0; i < 2 * per; i++)
		svc_syslog_write(&l, "chatty", 7, msg, sizeof(msg));
	assert_int_equal(file_size(target), -1);
	struct stat st;
	assert_int_equal(lstat(old, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	/* A directory at messages.1: no rotation, the file goes on (and the
	 * rotation is tried again once it has grown as much again). */
	assert_int_equal(unlink(old), 0);
	assert_int_equal(mkdir(old, 0755), 0);
	off_t before = file_size(file);
	for (int i = 0; i < 3 * per; i++)
		svc_syslog_write(&l, "chatty", 7, msg, sizeof(msg));
	assert_true(file_size(file) > before + 4096);
	assert_int_equal(rmdir(old), 0);
	for (int i = 0; i < 2 * per; i++)
		svc_syslog_write(&l, "chatty", 7, msg, sizeof(msg));
	assert_true(file_size(old) > 4096);
	svc_syslog_close(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_line),
		cmocka_unit_test(test_ctl_parse),
		cmocka_unit_test(test_syslog_parse),
		cmocka_unit_test(test_syslog_format),
		cmocka_unit_test(test_pid_parse),
		cmocka_unit_test_setup_teardown(test_syslog_rotation, tmpdir_make, tmpdir_remove),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
