/* Test-only driver (never installed) of tests/integration/21-eval-guile.sh:
 * evaluates each case of a cases file (cases separated by lines "%%%%";
 * a case is one or more expressions) as a configuration's code is
 * evaluated, and prints one line per case: the value of its last
 * expression as `write` prints it, or "ERROR message".
 *
 *     ev-cases FILE */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "eval.h"
#include "util.h"

static void one(const char *text, size_t len)
{
	struct gx_buf out = GX_BUF_INIT;
	struct gx_error *err = NULL;

	if (ev_eval_repr("case.scm", text, len, &out, &err) < 0) {
		printf("ERROR %s\n", err->msg);
		gx_error_free(err);
	} else {
		printf("%.*s\n", (int)out.len, out.data ? out.data : "");
	}
	gx_buf_free(&out);
}

int main(int argc, char **argv)
{
	struct gx_buf in = GX_BUF_INIT;
	const char *p, *end, *sep;
	char chunk[4096];
	size_t got;
	FILE *f;

	if (argc != 2 || (f = fopen(argv[1], "r")) == NULL) {
		fprintf(stderr, "usage: ev-cases FILE\n");
		return 2;
	}
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		gx_buf_add(&in, chunk, got);
	fclose(f);
	p = in.data ? in.data : "";
	end = p + in.len;
	while (p < end) {
		sep = p;
		while ((sep = memmem(sep, (size_t)(end - sep), "%%%%\n", 5)) != NULL && sep != p &&
		       sep[-1] != '\n')
			sep++;
		one(p, (size_t)((sep ? sep : end) - p));
		p = sep ? sep + 5 : end;
	}
	gx_buf_free(&in);
	return 0;
}
