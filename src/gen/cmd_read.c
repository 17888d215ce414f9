/* gxsys read FILE...: print each top-level datum of each FILE on its own
 * line, as Guile 3.0's `write' prints it.  Lets the reader be checked
 * against Guile itself (tests/reader/). */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "commands.h"
#include "err.h"
#include "sexp.h"
#include "util.h"

static void read_usage(FILE *f)
{
	fputs("Usage: gxsys read FILE...\n\n"
	      "Print each datum of each FILE on its own line as Guile's `write' would.\n"
	      "Exit status: 0 ok, 1 a FILE is malformed (FILE:LINE:COL: message on stderr),\n"
	      "2 usage, 3 a FILE cannot be read.\n",
	      f);
}

static int read_one(const char *path)
{
	struct gx_arena arena = GX_ARENA_INIT;
	struct gx_buf out = GX_BUF_INIT;
	struct gx_error *err = NULL;
	struct sx *all = sx_read_file(&arena, path, &err);
	int status;

	if (all == NULL) {
		/* Syntax errors already read FILE:LINE:COL: message. */
		if (err->errnum == 0)
			fprintf(stderr, "%s\n", err->msg);
		else
			fprintf(stderr, "gxsys: read '%s': %s\n", path, strerror(err->errnum));
		/* A FILE that cannot be read is bad input, as for describe,
		 * closure and container. */
		status = err->errnum ? GX_EXIT_FAILURE : err->status;
		gx_error_free(err);
		gx_arena_free(&arena);
		return status;
	}
	for (struct sx *p = all; p->type == SX_PAIR; p = p->u.pair.cdr) {
		sx_write(&out, p->u.pair.car);
		gx_buf_putc(&out, '\n');
	}
	status = fwrite(out.data ? out.data : "", 1, out.len, stdout) == out.len ? GX_EXIT_OK
	                                                                         : GX_EXIT_SYSTEM;
	gx_buf_free(&out);
	gx_arena_free(&arena);
	return status;
}

int cmd_read(int argc, char **argv)
{
	int status = GX_EXIT_OK;

	if (argc < 2) {
		read_usage(stderr);
		return GX_EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		read_usage(stdout);
		return GX_EXIT_OK;
	}
	for (int i = 1; i < argc; i++) {
		int s = read_one(argv[i]);

		if (s != GX_EXIT_OK && status == GX_EXIT_OK)
			status = s;
	}
	if (cmd_flush_stdout(0) != 0)
		return GX_EXIT_SYSTEM;
	return status;
}
