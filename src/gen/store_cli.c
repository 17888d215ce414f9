/* store_cli: command-level helpers (store_cli.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "store_cli.h"
#include "util.h"

struct catalog *store_cli_catalog(const char *verb, const char *cli_config, int *status)
{
	_cleanup_free_ char *path = catalog_config_path(cli_config);
	struct gx_error *err = NULL;
	struct catalog *cat = catalog_load(path, &err);

	if (!cat) {
		fprintf(stderr, "gxsys: %s '%s': %s\n", verb, path, err->msg);
		*status = err->status;
		gx_error_free(err);
	}
	return cat;
}

struct store *store_cli_open(const char *verb, const struct catalog *cat, const char *cli_store,
                             unsigned flags, int *status)
{
	const char *dir = catalog_store_dir(cat, cli_store);
	struct gx_error *err = NULL;
	struct store *st = store_open(dir, flags, &err);

	if (!st) {
		fprintf(stderr, "gxsys: %s '%s': %s\n", verb, dir, err->msg);
		*status = err->status;
		gx_error_free(err);
	}
	return st;
}

void store_cli_warn(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "gxsys: warning: %s\n", msg);
}

void store_cli_size(uint64_t bytes, char *buf, size_t n)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double v = (double)bytes;
	size_t u = 0;

	while (v >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, n, "%llu B", (unsigned long long)bytes);
	else
		snprintf(buf, n, "%.1f %s", v, units[u]);
}

static double since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

void store_cli_progress(void *ctx, uint64_t done, uint64_t total, const char *what)
{
	struct store_cli_progress *p = ctx;
	struct timespec now;
	char d[32], t[32];

	if (!p)
		return;
	if (!p->tty)
		p->tty = isatty(STDERR_FILENO) ? 1 : -1;
	if (p->tty < 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (p->start.tv_sec == 0 && p->start.tv_nsec == 0) {
		p->start = p->last = now;
		return;
	}
	if (since(&p->start, &now) < 1.0 || (p->shown && since(&p->last, &now) < 0.1))
		return;
	p->last = now;
	p->shown = true;
	store_cli_size(done, d, sizeof(d));
	store_cli_size(total, t, sizeof(t));
	fprintf(stderr, "\r\033[Kimporting: %3d%% %s of %s  %.30s",
	        total ? (int)(done * 100 / (total ? total : 1)) : 100, d, t, what ? what : "");
	fflush(stderr);
}

void store_cli_progress_done(struct store_cli_progress *p)
{
	if (p && p->shown && isatty(STDERR_FILENO))
		fputs("\r\033[K", stderr);
	if (p)
		p->shown = false;
}
