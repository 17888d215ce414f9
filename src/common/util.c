#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static GX_NORETURN void oom(size_t n)
{
	fprintf(stderr, "gxsys: out of memory allocating %zu bytes\n", n);
	abort();
}

void *gx_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom(n);
	return p;
}

void *gx_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom(n * size);
	return p;
}

void *gx_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		oom(n);
	return q;
}

char *gx_xstrdup(const char *s)
{
	return gx_xstrndup(s, strlen(s));
}

char *gx_xstrndup(const char *s, size_t n)
{
	char *p = gx_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *gx_vasprintf(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		oom(strlen(fmt));
	return s;
}

char *gx_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = gx_vasprintf(fmt, ap);
	va_end(ap);
	return s;
}

size_t gx_dir_len(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return 0;
	return slash == path ? 1 : (size_t)(slash - path);
}

/* Symbolic links followed in one walk, as the kernel's limit. */
#define SAFE_LINKS_MAX 40

static int walk_safe(int fd, const char *path, int *links);

/* Component NAME under FD (see gx_open_dir_safe); FD stays open.  A link
 * that may be followed is followed by walking its target with the same
 * rules, from "/" or from FD: a link in the target, or in what it leads
 * to, is judged by the directory holding it, as if it had been given. */
static int open_component(int fd, const char *name, int *links)
{
	struct stat st, holder;
	_cleanup_free_ char *target = NULL;
	ssize_t n;
	int next = openat(fd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);

	if (next < 0 || fstat(next, &st) < 0)
		goto fail;
	if (S_ISDIR(st.st_mode))
		return next;
	close(next);
	if (!S_ISLNK(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	if (fstat(fd, &holder) < 0)
		return -1;
	if (holder.st_uid != 0 || (holder.st_mode & 022) || ++*links > SAFE_LINKS_MAX) {
		errno = ELOOP;
		return -1;
	}
	target = gx_xmalloc((size_t)st.st_size + 2);
	n = readlinkat(fd, name, target, (size_t)st.st_size + 1);
	if (n < 0)
		return -1;
	if (n == 0 || n > st.st_size) { /* replaced since it was opened */
		errno = n == 0 ? ENOENT : EAGAIN;
		return -1;
	}
	target[n] = '\0';
	next = target[0] == '/' ? open("/", O_PATH | O_DIRECTORY | O_CLOEXEC)
	                        : openat(fd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (next < 0)
		return -1;
	return walk_safe(next, target, links);
fail:
	if (next >= 0) {
		int e = errno;

		close(next);
		errno = e;
	}
	return -1;
}

/* PATH's components walked from FD, which this closes; the last
 * directory reached, or -1 with errno. */
static int walk_safe(int fd, const char *path, int *links)
{
	char name[NAME_MAX + 1];
	const char *p = path;

	while (fd >= 0) {
		size_t n;
		int next, e;

		while (*p == '/')
			p++;
		if (*p == '\0')
			return fd;
		n = strcspn(p, "/");
		if (n > NAME_MAX) {
			close(fd);
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(name, p, n);
		name[n] = '\0';
		p += n;
		next = open_component(fd, name, links);
		e = errno;
		close(fd);
		errno = e;
		fd = next;
	}
	return -1;
}

bool gx_has_control(const char *s, size_t len)
{
	if (strlen(s) != len)
		return true;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < ' ' || *p == 0x7f)
			return true;
	return false;
}

int gx_open_dir_safe(const char *dir)
{
	int links = 0;

	if (dir[0] != '/') {
		errno = EINVAL;
		return -1;
	}
	return walk_safe(open("/", O_PATH | O_DIRECTORY | O_CLOEXEC), dir, &links);
}

int gx_open_parent_safe(const char *path, const char **base)
{
	size_t dlen = gx_dir_len(path);
	_cleanup_free_ char *dir = gx_xstrndup(path, dlen ? dlen : 1);

	*base = path + dlen + (path[dlen] == '/');
	return gx_open_dir_safe(dir);
}

DIR *gx_opendirat(int dfd, const char *path, int flags)
{
	int fd = openat(dfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | flags);
	DIR *d;

	if (fd < 0)
		return NULL;
	if (!(d = fdopendir(fd))) {
		int saved = errno;

		close(fd);
		errno = saved;
	}
	return d;
}

size_t gx_strv_len(char *const *v)
{
	size_t n = 0;

	while (v != NULL && v[n] != NULL)
		n++;
	return n;
}

void gx_strv_free(char **v)
{
	for (size_t i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

char **gx_strv_push(char **v, const char *s)
{
	size_t n = gx_strv_len(v);

	v = gx_xrealloc(v, (n + 2) * sizeof(*v));
	v[n] = gx_xstrdup(s);
	v[n + 1] = NULL;
	return v;
}

char **gx_strv_dup(char *const *v)
{
	size_t n = gx_strv_len(v);
	char **r = gx_xcalloc(n + 1, sizeof(*r));

	for (size_t i = 0; i < n; i++)
		r[i] = gx_xstrdup(v[i]);
	return r;
}

void gx_freep(void *p)
{
	free(*(void **)p);
}

void gx_closep(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;

		close(*fd);
		errno = saved;
	}
}

void gx_fclosep(FILE **f)
{
	if (*f != NULL)
		fclose(*f);
}

void gx_strv_freep(char ***v)
{
	gx_strv_free(*v);
}

static void buf_grow(struct gx_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	if (need < b->len)
		oom(SIZE_MAX);
	b->cap = b->cap ? b->cap : 64;
	while (b->cap < need)
		b->cap *= 2;
	b->data = gx_xrealloc(b->data, b->cap);
}

void gx_buf_add(struct gx_buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void gx_buf_puts(struct gx_buf *b, const char *s)
{
	gx_buf_add(b, s, strlen(s));
}

void gx_buf_putc(struct gx_buf *b, char c)
{
	gx_buf_add(b, &c, 1);
}

void gx_buf_printf(struct gx_buf *b, const char *fmt, ...)
{
	va_list ap;
	_cleanup_free_ char *s = NULL;

	va_start(ap, fmt);
	s = gx_vasprintf(fmt, ap);
	va_end(ap);
	gx_buf_puts(b, s);
}

char *gx_buf_steal(struct gx_buf *b)
{
	char *r = b->data ? b->data : gx_xstrdup("");

	b->data = NULL;
	b->len = b->cap = 0;
	return r;
}

void gx_buf_free(struct gx_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

char *gx_beside_self(const char *rel, int amode)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash, *path;

	if (n <= 0)
		return NULL;
	self[n] = '\0';
	if ((slash = strrchr(self, '/')) == NULL)
		return NULL;
	*slash = '\0';
	path = gx_asprintf("%s/%s", self, rel);
	if (access(path, amode) == 0)
		return path;
	free(path);
	return NULL;
}

ssize_t gx_read_small(const char *path, char *buf, size_t size)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	ssize_t n = fd < 0 || size == 0 ? -1 : read(fd, buf, size - 1);

	if (n >= 0)
		buf[n] = '\0';
	return n;
}

int gx_read_file(const char *path, char **data, size_t *len)
{
	return gx_read_file_at(AT_FDCWD, path, data, len);
}

int gx_read_file_at(int dfd, const char *path, char **data, size_t *len)
{
	_cleanup_close_ int fd = openat(dfd, path, O_RDONLY | O_CLOEXEC);
	struct gx_buf b = GX_BUF_INIT;
	char chunk[65536];
	ssize_t n;

	if (fd < 0)
		return -1;
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			gx_buf_free(&b);
			return -1;
		}
		gx_buf_add(&b, chunk, (size_t)n);
	}
	*len = b.len;
	*data = gx_buf_steal(&b);
	return 0;
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int gx_write_file_atomic(const char *path, const void *data, size_t len, unsigned mode)
{
	_cleanup_free_ char *tmp = gx_asprintf("%s.tmp-XXXXXX", path);
	int fd = mkostemp(tmp, O_CLOEXEC);
	int saved;

	if (fd < 0)
		return -1;
	if (write_all(fd, data, len) < 0 || fchmod(fd, (mode_t)mode) < 0 || fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path) < 0) {
		fd = -1;
		goto fail;
	}
	return 0;
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = saved;
	return -1;
}
