/* gxsys describe FILE: evaluate an operating-system declaration and print
 * the OS model as JSON (src/gen/os_json.c). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "commands.h"
#include "err.h"
#include "eval.h"
#include "util.h"

static void describe_usage(FILE *f)
{
	fputs("Usage: gxsys describe FILE\n\n"
	      "Evaluate the operating-system declaration in FILE and print the system it\n"
	      "describes (host name, users, groups, packages, services, /etc files, what is\n"
	      "ignored or dropped in a container) as JSON.\n"
	      "Exit status: 0 ok, 1 FILE is not a valid declaration (FILE:LINE:COL: message\n"
	      "on stderr) or cannot be read, 2 usage, 3 system error.\n",
	      f);
}

int cmd_describe(int argc, char **argv)
{
	struct gx_arena arena = GX_ARENA_INIT;
	struct gx_error *err = NULL;
	struct gx_buf out = GX_BUF_INIT;
	struct os_model *m;
	int status = GX_EXIT_OK;

	if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		describe_usage(stdout);
		return GX_EXIT_OK;
	}
	if (argc != 2 || argv[1][0] == '-') {
		describe_usage(stderr);
		return GX_EXIT_USAGE;
	}
	m = ev_eval_file(&arena, argv[1], &err);
	if (m == NULL) {
		/* Config errors already read FILE:LINE:COL: message. */
		if (err->status == GX_EXIT_FAILURE &&
		    strncmp(err->msg, argv[1], strlen(argv[1])) == 0)
			fprintf(stderr, "%s\n", err->msg);
		else
			fprintf(stderr, "gxsys: describe '%s': %s\n", argv[1], err->msg);
		status = err->status;
		gx_error_free(err);
		gx_arena_free(&arena);
		return status;
	}
	os_model_json(&out, m);
	errno = 0;
	if (cmd_flush_stdout(fwrite(out.data, 1, out.len, stdout) != out.len ? errno : 0) != 0)
		status = GX_EXIT_SYSTEM;
	gx_buf_free(&out);
	gx_arena_free(&arena);
	return status;
}
