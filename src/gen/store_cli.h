/* store_cli: command-level helpers shared by the commands that use the
 * store (closure, gc, verify, and the system builder's container): option
 * handling for --store/--config, warnings and progress on stderr.  These
 * print: only commands call them. */
#ifndef GX_STORE_CLI_H
#define GX_STORE_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "catalog.h"
#include "store.h"

/* Load the catalog from --config (may be NULL); on failure prints
 * "gxsys: <verb> '<file>': <reason>" and returns NULL with *status set. */
struct catalog *store_cli_catalog(const char *verb, const char *cli_config, int *status);

/* Open the store (dir from --store, $GXSYS_STORE or the config); prints and
 * returns NULL on failure. */
struct store *store_cli_open(const char *verb, const struct catalog *cat, const char *cli_store,
                             unsigned flags, int *status);

/* closure_opts.warn: prints "gxsys: warning: MSG". */
void store_cli_warn(void *ctx, const char *msg);

/* closure_opts.progress with ctx = struct store_cli_progress: on a terminal,
 * once the import has taken more than a second, a line redrawn at most ten
 * times a second; store_cli_progress_done() clears it. */
struct store_cli_progress {
	struct timespec start, last;
	bool shown;
	int tty; /* 0 unknown, 1 yes, -1 no */
};
void store_cli_progress(void *ctx, uint64_t done, uint64_t total, const char *what);
void store_cli_progress_done(struct store_cli_progress *p);

/* "1.5 MiB" */
void store_cli_size(uint64_t bytes, char *buf, size_t n);

#endif
