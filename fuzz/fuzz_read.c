/* libFuzzer target for the reader: any input either reads or fails with
 * an error message; never a crash, leak, hang or sanitizer report.  What
 * reads is written and must read back to the same printed form (except
 * what Guile 3.0.8 itself does not print re-readably: symbols holding a
 * backslash, #{a\}#, or looking like keywords, a b: ; and combining
 * characters, #\<U+25CC><U+0301>). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "err.h"
#include "sexp.h"
#include "sexp_int.h"
#include "util.h"

static bool not_rereadable(const struct sx *x)
{
	for (; x != NULL; x = x->type == SX_PAIR ? x->u.pair.cdr : NULL) {
		const struct sx *y = x->type == SX_PAIR ? x->u.pair.car : x;

		switch (y->type) {
		case SX_SYMBOL:
		case SX_KEYWORD:
			if (memchr(y->u.str.text, '\\', y->u.str.len) ||
			    (y->u.str.len > 0 &&
			     (y->u.str.text[0] == ':' || y->u.str.text[y->u.str.len - 1] == ':')))
				return true;
			break;
		case SX_VECTOR:
			for (size_t i = 0; i < y->u.vec.len; i++)
				if (not_rereadable(y->u.vec.items[i]))
					return true;
			break;
		case SX_PAIR:
			if (not_rereadable(y))
				return true;
			break;
		case SX_CHAR:
			if (sx_uc_combining(y->u.ch))
				return true;
			break;
		case SX_NIL:
		case SX_STRING:
		case SX_BOOL:
		case SX_INT:
		case SX_REAL:
			break;
		}
	}
	return false;
}

static char *write_all(const struct sx *all)
{
	struct gx_buf b = GX_BUF_INIT;

	for (const struct sx *p = all; p->type == SX_PAIR; p = p->u.pair.cdr) {
		sx_write(&b, p->u.pair.car);
		gx_buf_putc(&b, '\n');
	}
	return gx_buf_steal(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gx_arena a = GX_ARENA_INIT;
	struct gx_error *err = NULL;
	struct sx *all = sx_read_all(&a, "fuzz", (const char *)data, size, &err);
	char *once, *twice;

	if (all == NULL) {
		if (err == NULL || strncmp(err->msg, "fuzz:", 5) != 0)
			abort(); /* every failure is reported, with a location */
		gx_error_free(err);
		gx_arena_free(&a);
		return 0;
	}
	if (sx_list_length(all) == SIZE_MAX)
		abort();
	once = write_all(all);
	if (!not_rereadable(all)) {
		struct gx_arena b = GX_ARENA_INIT;
		struct sx *again = sx_read_all(&b, "fuzz", once, strlen(once), &err);

		if (again == NULL)
			abort(); /* what we write must read back */
		twice = write_all(again);
		if (strcmp(once, twice) != 0)
			abort();
		free(twice);
		gx_arena_free(&b);
	}
	free(once);
	gx_arena_free(&a);
	return 0;
}
