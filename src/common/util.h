/* Small helpers shared by gxsys and gxsys-init: cleanup attributes,
 * allocation that aborts on exhaustion, a growable byte buffer. */
#ifndef GX_UTIL_H
#define GX_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <dirent.h>

#define GX_NORETURN __attribute__((noreturn))

/* Out of memory is the one failure library code does not report: it aborts
 * with a message, as git's xmalloc does. */
void *gx_xmalloc(size_t n);
void *gx_xcalloc(size_t n, size_t size);
void *gx_xrealloc(void *p, size_t n);
char *gx_xstrdup(const char *s);
char *gx_xstrndup(const char *s, size_t n);
char *gx_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *gx_vasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* The length of PATH's directory part: up to its last '/', 1 for a name in
 * "/", 0 for a bare name. */
size_t gx_dir_len(const char *path);
/* The directory PATH under DFD (AT_FDCWD, or "." for DFD itself, read
 * from an offset of its own), opened with O_RDONLY | O_DIRECTORY |
 * O_CLOEXEC | FLAGS for readdir; NULL with errno when it cannot be, and
 * nothing left open. */
DIR *gx_opendirat(int dfd, const char *path, int flags);
/* The absolute directory DIR opened O_PATH | O_DIRECTORY | O_CLOEXEC by
 * walking its components from "/": a symbolic link is followed only where
 * the directory holding it is root's and writable by root alone (root put
 * it there: /var/run -> /run), never in one another user may write to,
 * where that user could point it anywhere (ELOOP).  A link followed is
 * followed by walking its target with the same rules, so a link in the
 * target's path is judged by the directory holding it (at most 40 links
 * in all, as the kernel's limit).  What root does in a directory a
 * service's user owns (open its log file, rotate it) then stays there.
 * -1 with errno otherwise. */
int gx_open_dir_safe(const char *dir);
/* The directory of the absolute PATH, opened as gx_open_dir_safe does,
 * and *BASE pointed at PATH's last component (set even on failure), for
 * the *at() calls on it. */
int gx_open_parent_safe(const char *path, const char **base);

/* Whether the LEN bytes at S hold a NUL or a control character (below
 * space, or DEL): what a value written on one line of a generated file,
 * or read back line by line, must not hold. */
bool gx_has_control(const char *s, size_t len);

/* NULL-terminated string vectors. */
size_t gx_strv_len(char *const *v);
void gx_strv_free(char **v);
char **gx_strv_push(char **v, const char *s); /* copies s */
char **gx_strv_dup(char *const *v);

/* cleanup attributes (bubblewrap, systemd) */
void gx_freep(void *p);
void gx_closep(int *fd);
void gx_fclosep(FILE **f);
void gx_strv_freep(char ***v);
#define _cleanup_free_ __attribute__((cleanup(gx_freep)))
#define _cleanup_close_ __attribute__((cleanup(gx_closep)))
#define _cleanup_fclose_ __attribute__((cleanup(gx_fclosep)))
#define _cleanup_strv_ __attribute__((cleanup(gx_strv_freep)))

/* Take ownership out of a cleanup variable. */
static inline void *gx_steal_pointer(void *pp)
{
	void **p = pp;
	void *r = *p;
	*p = NULL;
	return r;
}
#define steal_pointer(pp) gx_steal_pointer(pp)

static inline int gx_steal_fd(int *fd)
{
	int r = *fd;
	*fd = -1;
	return r;
}

/* Growable buffer, always NUL-terminated. */
struct gx_buf {
	char *data;
	size_t len;
	size_t cap;
};
#define GX_BUF_INIT                                                                                \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}
void gx_buf_add(struct gx_buf *b, const void *p, size_t n);
void gx_buf_puts(struct gx_buf *b, const char *s);
void gx_buf_putc(struct gx_buf *b, char c);
void gx_buf_printf(struct gx_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *gx_buf_steal(struct gx_buf *b); /* returns data ("" if empty), resets b */
void gx_buf_free(struct gx_buf *b);

/* "<directory of the running program>/rel" when access(path, amode) allows
 * it, else NULL: finds files installed beside the binary or in its build
 * tree.  Caller frees. */
char *gx_beside_self(const char *rel, int amode);

/* Whole-file I/O.  Return -1 with errno set on failure.  _at: PATH
 * relative to the directory DFD (or AT_FDCWD). */
int gx_read_file(const char *path, char **data, size_t *len);
int gx_read_file_at(int dfd, const char *path, char **data, size_t *len);
/* The start of a small file (/proc's, a PID file) in BUF, one read of at
 * most SIZE - 1 bytes, NUL-terminated: the bytes read, or -1.  Opened
 * without blocking (a FIFO) and without taking a terminal. */
ssize_t gx_read_small(const char *path, char *buf, size_t size);
/* Write atomically: PATH.tmp-XXXXXX, fsync, rename.  mode applies to the new file. */
int gx_write_file_atomic(const char *path, const void *data, size_t len, unsigned mode);

#endif
