/* A bump allocator: everything a reader or an evaluation makes is freed at
 * once with gx_arena_free (fe, s6: no per-object frees). */
#ifndef GX_ARENA_H
#define GX_ARENA_H

#include <stddef.h>

struct gx_arena_block;

struct gx_arena {
	struct gx_arena_block *head;
	size_t total; /* bytes handed out, for limits */
};

#define GX_ARENA_INIT                                                                              \
	{                                                                                          \
		NULL, 0                                                                            \
	}

void *gx_arena_alloc(struct gx_arena *a, size_t n); /* zeroed, 16-aligned */
char *gx_arena_strndup(struct gx_arena *a, const char *s, size_t n);
char *gx_arena_strdup(struct gx_arena *a, const char *s);
char *gx_arena_printf(struct gx_arena *a, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
void gx_arena_free(struct gx_arena *a);

#endif
