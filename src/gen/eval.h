/* ev: the evaluator of operating-system declarations (DESIGN.md §1).
 * A small, pure Scheme subset plus the Guix records, procedures and service
 * types a container config uses; it never runs host code.  The result is
 * the OS model (os.h), allocated in the caller's arena: free the arena to
 * free everything.  Errors are "FILE:LINE:COL: message" (status 1), or a
 * system error reading a file (status 3). */
#ifndef GX_EVAL_H
#define GX_EVAL_H

#include <stddef.h>

#include "arena.h"
#include "err.h"
#include "os.h"
#include "util.h"

/* Read and evaluate PATH; the value of its last expression must be an
 * operating-system.  local-file names are relative to PATH's directory. */
struct os_model *ev_eval_file(struct gx_arena *arena, const char *path, struct gx_error **err);

/* Same for a buffer; NAME names it in messages, DIR resolves local-file. */
struct os_model *ev_eval_buffer(struct gx_arena *arena, const char *name, const char *dir,
                                const char *data, size_t len, struct gx_error **err);

/* Evaluate every expression of a buffer and write the value of the last one
 * (as Scheme's `write` would, records and packages as #<...>) into OUT.
 * For tests and debugging; -1 with *err set on failure. */
int ev_eval_repr(const char *name, const char *data, size_t len, struct gx_buf *out,
                 struct gx_error **err);

/* The model as JSON (what `gxsys describe` prints), valid UTF-8, one object. */
void os_model_json(struct gx_buf *out, const struct os_model *m);

#endif
