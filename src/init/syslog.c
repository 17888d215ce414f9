/* The built-in syslog: a datagram socket on /dev/log, each message appended
 * to /var/log/messages as one timestamped line, in PID 1's poll loop.
 * Service output and the supervisor's own messages go there too; the file
 * is rotated once it holds SVC_SYSLOG_ROTATE.  No allocation and no stdio
 * streams: fixed buffers on the stack. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "svc_int.h"

#define DGRAM_MAX 1024 /* longer messages are truncated */
#define LINE_MAX_ (DGRAM_MAX + 128)

static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static bool is_digit_or_space(char c)
{
	return c == ' ' || (c >= '0' && c <= '9');
}

/* "Mmm dd hh:mm:ss " as glibc's syslog(3) sends it. */
static bool rfc3164_stamp(const char *p, size_t n)
{
	bool month = false;

	if (n < 16 || p[3] != ' ' || p[6] != ' ' || p[9] != ':' || p[12] != ':' || p[15] != ' ')
		return false;
	for (int m = 0; m < 12; m++)
		month = month || memcmp(p, months[m], 3) == 0;
	return month && is_digit_or_space(p[4]) && is_digit_or_space(p[5]) &&
	       is_digit_or_space(p[7]) && is_digit_or_space(p[8]);
}

void svc_syslog_parse(const char *dgram, size_t n, const char **msg, size_t *len)
{
	if (n > 0 && dgram[0] == '<') {
		size_t k = 1;

		while (k < n && k < 5 && dgram[k] >= '0' && dgram[k] <= '9')
			k++;
		if (k > 1 && k < n && dgram[k] == '>') {
			dgram += k + 1;
			n -= k + 1;
		}
	}
	if (rfc3164_stamp(dgram, n)) {
		dgram += 16;
		n -= 16;
	}
	while (n > 0 && (dgram[n - 1] == '\n' || dgram[n - 1] == '\0' || dgram[n - 1] == '\r'))
		n--;
	*msg = dgram;
	*len = n;
}

/* Append S (N bytes) at *POS, keeping room for the final newline; newlines
 * and other control characters inside a message become spaces so one
 * message is always one line. */
static void put(char *buf, size_t size, size_t *pos, const char *s, size_t n)
{
	for (size_t k = 0; k < n && *pos + 2 < size; k++) {
		unsigned char c = (unsigned char)s[k];

		buf[(*pos)++] = c < 0x20 && c != '\t' ? ' ' : (char)c;
	}
}

static void put_num(char *buf, size_t size, size_t *pos, long v, int width)
{
	char tmp[24];
	int n = snprintf(tmp, sizeof(tmp), "%0*ld", width, v);

	if (n > 0)
		put(buf, size, pos, tmp, (size_t)n);
}

size_t svc_syslog_format(char *buf, size_t size, const struct tm *tm, const char *host,
                         const char *tag, pid_t pid, const char *msg, size_t len)
{
	size_t pos = 0;

	if (size < 2) {
		if (size == 1)
			buf[0] = '\0';
		return 0;
	}
	put(buf, size, &pos, months[tm->tm_mon % 12], 3);
	put(buf, size, &pos, tm->tm_mday < 10 ? "  " : " ", tm->tm_mday < 10 ? 2 : 1);
	put_num(buf, size, &pos, tm->tm_mday, 1);
	put(buf, size, &pos, " ", 1);
	put_num(buf, size, &pos, tm->tm_hour, 2);
	put(buf, size, &pos, ":", 1);
	put_num(buf, size, &pos, tm->tm_min, 2);
	put(buf, size, &pos, ":", 1);
	put_num(buf, size, &pos, tm->tm_sec, 2);
	put(buf, size, &pos, " ", 1);
	put(buf, size, &pos, host, strlen(host));
	put(buf, size, &pos, " ", 1);
	if (tag != NULL) {
		put(buf, size, &pos, tag, strlen(tag));
		if (pid > 0) {
			put(buf, size, &pos, "[", 1);
			put_num(buf, size, &pos, pid, 1);
			put(buf, size, &pos, "]", 1);
		}
		put(buf, size, &pos, ": ", 2);
	}
	put(buf, size, &pos, msg, len);
	buf[pos++] = '\n';
	buf[pos] = '\0';
	return pos;
}

int svc_syslog_reopen(struct svc_syslog *l)
{
	int fd = open(l->path,
	              O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY,
	              0640);

	if (fd < 0)
		return errno;
	if (l->file >= 0)
		close(l->file);
	l->file = fd;
	l->size = 0;
	return 0;
}

/* The file becomes FILE.1 (the one before goes) and a new FILE is
 * written; when that fails (root inside made a directory of FILE.1, the
 * tmpfs is full), the file goes on growing, and the rotation is tried
 * again once it has grown as much again.  A symbolic link at FILE.1 is
 * replaced, not followed; a new FILE is not followed either. */
static void rotate(struct svc_syslog *l)
{
	char old[sizeof(l->path) + 2];

	snprintf(old, sizeof(old), "%s.1", l->path);
	if (rename(l->path, old) < 0 || svc_syslog_reopen(l) != 0)
		l->size = 0; /* as much again before the next try */
}

void svc_syslog_write(struct svc_syslog *l, const char *tag, pid_t pid, const char *msg, size_t len)
{
	char line[LINE_MAX_];
	struct tm tm;
	time_t t = time(NULL);
	size_t n;

	if (l->file < 0)
		return;
	localtime_r(&t, &tm);
	n = svc_syslog_format(line, sizeof(line), &tm, l->host, tag, pid, msg, len);
	ssize_t w = write(l->file, line, n);
	if (w < 0)
		return; /* a full disk must not take PID 1 down */
	l->size += w;
	if (l->size >= l->rotate_at)
		rotate(l);
}

void svc_syslog_recv(struct svc_syslog *l)
{
	char dgram[DGRAM_MAX];

	for (int rounds = 0; rounds < 32; rounds++) {
		ssize_t n = recv(l->sock, dgram, sizeof(dgram), MSG_DONTWAIT);
		const char *msg;
		size_t len;

		if (n < 0)
			return;
		svc_syslog_parse(dgram, (size_t)n, &msg, &len);
		svc_syslog_write(l, NULL, 0, msg, len);
	}
}

static int bind_socket(struct svc_syslog *l, const char *path, struct gx_error **err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	if (strlen(path) >= sizeof(sa.sun_path))
		return gx_fail_input(err, "syslog socket path '%s' too long", path);
	strcpy(sa.sun_path, path);
	l->sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (l->sock < 0)
		return gx_fail_errno(err, "syslog socket");
	if (unlink(path) < 0 && errno != ENOENT)
		return gx_fail_errno(err, "remove stale '%s'", path);
	if (bind(l->sock, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return gx_fail_errno(err, "bind '%s'", path);
	/* Anyone may log, as with any syslogd. */
	if (chmod(path, 0666) < 0)
		return gx_fail_errno(err, "chmod '%s'", path);
	return 0;
}

int svc_syslog_open(struct svc_syslog *l, const char *sock_path, const char *file_path,
                    struct gx_error **err)
{
	if (gethostname(l->host, sizeof(l->host) - 1) < 0 || l->host[0] == '\0')
		strcpy(l->host, "localhost");
	l->host[sizeof(l->host) - 1] = '\0';
	struct stat st;
	if (strlen(file_path) >= sizeof(l->path))
		return gx_fail_input(err, "log file path '%s' too long", file_path);
	strcpy(l->path, file_path);
	l->rotate_at = SVC_SYSLOG_ROTATE;
	l->file = open(file_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0640);
	if (l->file < 0)
		return gx_fail_errno(err, "open '%s'", file_path);
	l->size = fstat(l->file, &st) == 0 ? st.st_size : 0;
	if (bind_socket(l, sock_path, err) < 0) {
		if (l->sock >= 0)
			close(l->sock);
		l->sock = -1;
		return -1;
	}
	return 0;
}

void svc_syslog_close(struct svc_syslog *l)
{
	if (l->sock >= 0)
		close(l->sock);
	if (l->file >= 0)
		close(l->file);
	l->sock = l->file = -1;
}
