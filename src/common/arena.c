#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define BLOCK_SIZE (64 * 1024)

struct gx_arena_block {
	struct gx_arena_block *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
};

void *gx_arena_alloc(struct gx_arena *a, size_t n)
{
	struct gx_arena_block *b = a->head;
	size_t need = (n + 15) & ~(size_t)15;
	void *p;

	if (need < n)
		need = SIZE_MAX - 64; /* overflow: let the allocation fail */
	if (b == NULL || b->size - b->used < need) {
		size_t size = need > BLOCK_SIZE ? need : BLOCK_SIZE;

		b = gx_xmalloc(sizeof(*b) + size);
		b->used = 0;
		b->size = size;
		/* A large allocation gets its own block behind the current one,
		 * so the current block's free space is not wasted. */
		if (a->head != NULL && size > BLOCK_SIZE) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	p = b->data + b->used;
	b->used += need;
	a->total += need;
	memset(p, 0, n);
	return p;
}

char *gx_arena_strndup(struct gx_arena *a, const char *s, size_t n)
{
	char *p = gx_arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *gx_arena_strdup(struct gx_arena *a, const char *s)
{
	return gx_arena_strndup(a, s, strlen(s));
}

char *gx_arena_printf(struct gx_arena *a, const char *fmt, ...)
{
	va_list ap;
	_cleanup_free_ char *s = NULL;

	va_start(ap, fmt);
	s = gx_vasprintf(fmt, ap);
	va_end(ap);
	return gx_arena_strdup(a, s);
}

void gx_arena_free(struct gx_arena *a)
{
	struct gx_arena_block *b = a->head;

	while (b != NULL) {
		struct gx_arena_block *next = b->next;

		free(b);
		b = next;
	}
	a->head = NULL;
	a->total = 0;
}
