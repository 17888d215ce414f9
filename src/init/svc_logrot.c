/* Log rotation, as Shepherd's log-rotation service does it (boot.conf's
 * log-rotation section, struct bc_logrot): asked by `herd rotate-logs`,
 * the log-rotation timer's command, PID 1 renames each log file that has
 * grown to the size threshold to FILE.1 (FILE.N to FILE.N+1 before it, or
 * deletes it once it is older than the expiry) and, for a service's log
 * file, which PID 1 writes itself (svc.c), opens a new FILE at once: not a
 * line of the service's output is lost, as what PID 1 has not yet read
 * from its pipe goes to the new file.  The built-in syslog's file
 * (/var/log/messages) is rotated likewise, as Shepherd's log rotation
 * rotates its system log's files.  An external file (files) is only
 * renamed: what writes it goes on writing FILE.1 until it opens FILE
 * again, as with Shepherd.  The compression of FILE.1 is herd's, once PID
 * 1 has answered (herd.c): PID 1 never waits for a process of its own.
 *
 * Everything here is done as root in directories that the services' users
 * may own: names are looked up in a directory opened once (reached with
 * no symbolic link but root's own: gx_open_dir_safe), without following a
 * symbolic link at the last component, and only renamed or removed (a
 * rename moves the link, not what it points to); a new log file is made
 * by svc_log_file_open, as at a spawn.
 *
 * The answer, line by line (herd.c reads it): "compress\tSUFFIX\tARGV..."
 * first when rotated files are to be compressed, then "rotated\tFILE",
 * "deleted\tFILE" and "failed\tFILE\tWHY". */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "svc_int.h"
#include "util.h"

/* Rotated files kept at most, whatever their age: a bound on the shift. */
#define LOGROT_KEEP_MAX 1000

/* The suffixes a rotated file may have: none, gzip's and zstd's (Shepherd
 * compresses with either), and the configured compressor's.  Returns
 * their number. */
static size_t suffixes(const char *extra, const char *out[4])
{
	size_t n = 0;

	out[n++] = "";
	out[n++] = ".gz";
	out[n++] = ".zst";
	if (extra != NULL && strcmp(extra, ".gz") != 0 && strcmp(extra, ".zst") != 0)
		out[n++] = extra;
	return n;
}

static void reply(int fd, const char *kind, const char *path, const char *why)
{
	char line[PATH_MAX + 128];
	int n = snprintf(line, sizeof(line), "%s\t%s%s%s\n", kind, path, why ? "\t" : "",
	                 why ? why : "");

	if (n > 0 && (size_t)n < sizeof(line))
		(void)send(fd, line, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT);
}

struct rot {
	const struct bc_logrot *conf;
	int dfd;          /* the file's directory */
	const char *base; /* the file's name there */
	const char *path;
	time_t now;
	int fd; /* the client */
};

static bool exists(const struct rot *r, const char *name, struct stat *st)
{
	return fstatat(r->dfd, name, st, AT_SYMLINK_NOFOLLOW) == 0;
}

/* BASE.N with each suffix: renamed BASE.N+1, or deleted when older than
 * the expiry.  False when a rename failed (BASE.N+1 is a directory...):
 * the rotation of this file stops there, nothing overwritten. */
static bool shift_one(struct rot *r, unsigned n)
{
	char from[NAME_MAX + 32], to[NAME_MAX + 32], shown[PATH_MAX + 32];
	const char *sfx[4];
	struct stat st;

	for (size_t k = 0, m = suffixes(r->conf->suffix, sfx); k < m; k++) {
		snprintf(from, sizeof(from), "%s.%u%s", r->base, n, sfx[k]);
		if (!exists(r, from, &st))
			continue;
		if (r->conf->expiry > 0 && r->now - st.st_mtime > r->conf->expiry &&
		    !S_ISDIR(st.st_mode)) {
			snprintf(shown, sizeof(shown), "%s.%u%s", r->path, n, sfx[k]);
			if (unlinkat(r->dfd, from, 0) == 0)
				reply(r->fd, "deleted", shown, NULL);
			continue;
		}
		snprintf(to, sizeof(to), "%s.%u%s", r->base, n + 1, sfx[k]);
		if (renameat(r->dfd, from, r->dfd, to) < 0) {
			reply(r->fd, "failed", r->path, strerror(errno));
			return false;
		}
	}
	return true;
}

static bool any_rotated(struct rot *r, unsigned n)
{
	char name[NAME_MAX + 32];
	const char *sfx[4];
	struct stat st;

	for (size_t k = 0, m = suffixes(r->conf->suffix, sfx); k < m; k++) {
		snprintf(name, sizeof(name), "%s.%u%s", r->base, n, sfx[k]);
		if (exists(r, name, &st))
			return true;
	}
	return false;
}

/* PATH renamed PATH.1 when it has grown to the threshold: true when it
 * was. */
static bool rotate_path(const struct bc_logrot *conf, const char *path, int fd, time_t now)
{
	struct rot r = { conf, -1, NULL, path, now, fd };
	char one[NAME_MAX + 32];
	struct stat st;
	unsigned last = 0;
	bool ok = false;

	r.dfd = gx_open_parent_safe(path, &r.base);
	if (*r.base == '\0' || strlen(r.base) > NAME_MAX) {
		if (r.dfd >= 0)
			close(r.dfd);
		return false;
	}
	if (r.dfd < 0) {
		if (errno == ELOOP) /* a link where the user could have put it */
			reply(fd, "failed", path,
			      "a symbolic link on its way, in a directory a user may write to");
		return false; /* else no directory, no log file yet */
	}
	if (!exists(&r, r.base, &st) || (S_ISREG(st.st_mode) && st.st_size < conf->size_threshold))
		goto out;
	if (!S_ISREG(st.st_mode)) {
		reply(fd, "failed", path, "not a regular file");
		goto out;
	}
	while (last < LOGROT_KEEP_MAX && any_rotated(&r, last + 1))
		last++;
	for (unsigned n = last; n >= 1; n--)
		if (!shift_one(&r, n))
			goto out;
	snprintf(one, sizeof(one), "%s.1", r.base);
	if (renameat(r.dfd, r.base, r.dfd, one) < 0) {
		reply(fd, "failed", path, strerror(errno));
		goto out;
	}
	reply(fd, "rotated", path, NULL);
	ok = true;
out:
	close(r.dfd);
	return ok;
}

/* Services from I on whose log file is PATH: a new one, now that the old
 * one is PATH.1 (those not running open it at their next start). */
static void reopen_from(struct svc_sup *sup, size_t i, const char *path, int fd)
{
	for (; i < sup->n; i++) {
		const char *lf = sup->svc[i].conf->log_file;
		int e;

		if (lf == NULL || strcmp(lf, path) != 0 || sup->svc[i].log_fd < 0)
			continue;
		if ((e = svc_log_reopen(sup, i)) != 0) {
			/* it goes on writing PATH.1 */
			reply(fd, "failed", path, strerror(e));
			svc_log_file_error(sup, sup->svc[i].conf, e, " after its rotation");
		}
	}
}

/* Whether PATH is the log file of a service before I. */
static bool seen(const struct svc_sup *sup, size_t i, const char *path)
{
	for (size_t j = 0; j < i; j++)
		if (sup->svc[j].conf->log_file != NULL && !strcmp(sup->svc[j].conf->log_file, path))
			return true;
	return false;
}

/* Where a file to rotate comes from: service I's log file, or: */
enum { FROM_SYSLOG = -1, FROM_FILES = -2 };

/* FN on each file a rotation goes through, once: every service's log file
 * (FROM its first service), the built-in syslog's file (as Shepherd
 * rotates its system log's), then the external files. */
static void each_file(struct svc_sup *sup, const struct bc_logrot *conf,
                      void (*fn)(struct svc_sup *sup, const char *path, ssize_t from, void *arg),
                      void *arg)
{
	for (size_t i = 0; i < sup->n; i++) {
		const char *lf = sup->svc[i].conf->log_file;

		if (lf != NULL && !seen(sup, i, lf))
			fn(sup, lf, (ssize_t)i, arg);
	}
	if (sup->log.file >= 0 && !seen(sup, sup->n, sup->log.path))
		fn(sup, sup->log.path, FROM_SYSLOG, arg);
	for (char **f = conf->files; f != NULL && *f; f++) {
		bool dup = seen(sup, sup->n, *f) || strcmp(*f, sup->log.path) == 0;

		for (char **g = conf->files; !dup && g < f; g++)
			dup = strcmp(*g, *f) == 0;
		if (!dup)
			fn(sup, *f, FROM_FILES, arg);
	}
}

struct run_arg {
	const struct bc_logrot *conf;
	int fd;
	time_t now;
};

/* PATH rotated; a service's log file and the syslog's are written anew at
 * once (an external file only renamed). */
static void rotate_one(struct svc_sup *sup, const char *path, ssize_t from, void *arg)
{
	const struct run_arg *a = arg;
	int e;

	if (!rotate_path(a->conf, path, a->fd, a->now))
		return;
	if (from >= 0)
		reopen_from(sup, (size_t)from, path, a->fd);
	else if (from == FROM_SYSLOG && (e = svc_syslog_reopen(&sup->log)) != 0)
		reply(a->fd, "failed", path, strerror(e));
}

void svc_logrot_run(struct svc_sup *sup, int fd)
{
	const struct bc_logrot *conf = sup->bc->log_rotation;
	time_t now = (time_t)(svc_wall_ms() / 1000);

	if (conf == NULL) {
		(void)send(fd, "error: this system has no log rotation\n", 39,
		           MSG_NOSIGNAL | MSG_DONTWAIT);
		return;
	}
	(void)send(fd, "ok\n", 3, MSG_NOSIGNAL | MSG_DONTWAIT);
	if (conf->compress != NULL) {
		struct gx_buf b = GX_BUF_INIT;

		gx_buf_printf(&b, "compress\t%s", conf->suffix);
		for (char **a = conf->compress; *a; a++)
			gx_buf_printf(&b, "\t%s", *a);
		gx_buf_putc(&b, '\n');
		(void)send(fd, b.data, b.len, MSG_NOSIGNAL | MSG_DONTWAIT);
		gx_buf_free(&b);
	}
	struct run_arg a = { conf, fd, now };

	each_file(sup, conf, rotate_one, &a);
}

/* Whether service C runs `herd rotate-logs` (the log-rotation timer). */
static bool is_rotation_service(const struct bc_service *c)
{
	const char *base;

	if (c->command == NULL || c->command[0] == NULL || c->command[1] == NULL ||
	    c->command[2] != NULL || strcmp(c->command[1], "rotate-logs") != 0)
		return false;
	base = strrchr(c->command[0], '/');
	return strcmp(base != NULL ? base + 1 : c->command[0], "herd") == 0;
}

static void list_one(struct svc_sup *sup, const char *path, ssize_t from, void *arg)
{
	(void)sup, (void)from;
	gx_buf_printf(arg, "%s\n", path);
}

void svc_logrot_files(struct svc_sup *sup, size_t i, int fd)
{
	const struct bc_logrot *conf = sup->bc->log_rotation;
	struct gx_buf b = GX_BUF_INIT;

	if (conf == NULL || !is_rotation_service(sup->svc[i].conf)) {
		char line[256];
		int n = snprintf(line, sizeof(line), "error: service '%s' has no action 'files'\n",
		                 sup->svc[i].conf->name);

		if (n > 0)
			(void)send(fd, line,
			           (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1,
			           MSG_NOSIGNAL | MSG_DONTWAIT);
		return;
	}
	gx_buf_puts(&b, "ok\n");
	each_file(sup, conf, list_one, &b);
	(void)send(fd, b.data, b.len, MSG_NOSIGNAL | MSG_DONTWAIT);
	gx_buf_free(&b);
}
