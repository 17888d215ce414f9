/* libFuzzer target: the reader and the evaluator on arbitrary input.  Any
 * input must give a model or one located error: no crash, leak, hang or
 * stack exhaustion (the evaluator's depth and step limits). */
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "eval.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gx_arena arena = GX_ARENA_INIT;
	struct gx_error *err = NULL;
	struct os_model *m;

	m = ev_eval_buffer(&arena, "fuzz.scm", "/nonexistent", (const char *)data, size, &err);
	if (m != NULL) {
		struct gx_buf out = GX_BUF_INIT;

		os_model_json(&out, m);
		gx_buf_free(&out);
	}
	gx_error_free(err);
	gx_arena_free(&arena);
	return 0;
}
