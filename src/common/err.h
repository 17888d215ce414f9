/* gx_error: an error filled at the failure site, wrapped with context by
 * callers, printed once by main (crun's error_handling.md). */
#ifndef GX_ERR_H
#define GX_ERR_H

#include <stdarg.h>

/* Exit statuses shared by gxsys and gxsys-init (documented in the README). */
enum gx_exit {
	GX_EXIT_OK = 0,
	GX_EXIT_FAILURE = 1, /* config/input error: bad file, bad value */
	GX_EXIT_USAGE = 2,   /* bad command line */
	GX_EXIT_SYSTEM = 3,  /* system error: I/O, mount, namespace, store */
};

struct gx_error {
	int errnum; /* errno at the failure site, 0 if none */
	int status; /* suggested exit status (enum gx_exit) */
	char *msg;  /* "context: context: what failed[: strerror]" */
};

/* Record a failure.  Always returns -1 so callers can `return gx_fail(...)`.
 * If *err is already set, the old error is kept and the new one dropped. */
int gx_fail(struct gx_error **err, int status, int errnum, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

/* Shorthands: a config/input failure (no errno), a system failure (errno). */
#define gx_fail_input(err, ...) gx_fail((err), GX_EXIT_FAILURE, 0, __VA_ARGS__)
#define gx_fail_errno(err, ...) gx_fail((err), GX_EXIT_SYSTEM, errno, __VA_ARGS__)

/* An operation stopped by signal SIG (a handler's flag): "interrupted by
 * SIGINT", status 128 + SIG; an error the interruption caused meanwhile (a
 * read cut short) is replaced. */
int gx_fail_signal(struct gx_error **err, int sig);

/* Prefix context to an existing error: "context: old message".  Returns -1. */
int gx_wrap(struct gx_error **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void gx_error_free(struct gx_error *err);

/* Print "PROG: message" on stderr (command level only). */
void gx_error_print(const char *prog, const struct gx_error *err);

#endif
