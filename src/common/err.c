#include "err.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int gx_fail(struct gx_error **err, int status, int errnum, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	struct gx_error *e;

	if (err == NULL || *err != NULL)
		return -1;
	va_start(ap, fmt);
	msg = gx_vasprintf(fmt, ap);
	va_end(ap);
	if (errnum != 0) {
		char *full = gx_asprintf("%s: %s", msg, strerror(errnum));
		free(msg);
		msg = full;
	}
	e = gx_xmalloc(sizeof(*e));
	e->errnum = errnum;
	e->status = status;
	e->msg = msg;
	*err = e;
	return -1;
}

int gx_wrap(struct gx_error **err, const char *fmt, ...)
{
	va_list ap;
	char *ctx, *full;

	if (err == NULL || *err == NULL)
		return -1;
	va_start(ap, fmt);
	ctx = gx_vasprintf(fmt, ap);
	va_end(ap);
	full = gx_asprintf("%s: %s", ctx, (*err)->msg);
	free(ctx);
	free((*err)->msg);
	(*err)->msg = full;
	return -1;
}

void gx_error_free(struct gx_error *err)
{
	if (err == NULL)
		return;
	free(err->msg);
	free(err);
}

void gx_error_print(const char *prog, const struct gx_error *err)
{
	fprintf(stderr, "%s: %s\n", prog, err ? err->msg : "unknown error");
}

int gx_fail_signal(struct gx_error **err, int sig)
{
	const char *name = sigabbrev_np(sig);

	if (err && *err) {
		gx_error_free(*err);
		*err = NULL;
	}
	return gx_fail(err, 128 + sig, 0, "interrupted by SIG%s", name ? name : "?");
}
