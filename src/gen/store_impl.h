/* store internals shared by store*.c and closure.c (not for other modules):
 * staging an import, committing it, the source index and the manifest. */
#ifndef GX_STORE_IMPL_H
#define GX_STORE_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "store.h"
#include "util.h"

/* One file to import: read from host, placed at rel (canonical, item-relative). */
struct store_src {
	const char *rel;
	const char *host;
	const char *md5; /* expected md5 hex, or NULL/"" */
	bool conffile;
};

struct store_stage_opts {
	bool allow_modified;
	const char *what; /* "package 'bash'": for messages */
	void (*warn)(void *ctx, const char *msg);
	void (*progress)(void *ctx, uint64_t bytes); /* bytes just copied */
	void *ctx;
};

/* A staged import: written under <store>/.tmp/, hashed, not yet valid. */
struct store_stage;

/* srcs sorted by rel, unique. */
struct store_stage *store_stage(struct store *st, const char *name, const char *version,
                                const struct store_src *srcs, size_t n,
                                const struct store_stage_opts *o, struct gx_error **err);
const char *store_stage_base(const struct store_stage *sg);
uint64_t store_stage_size(const struct store_stage *sg);
void store_stage_free(struct store_stage *sg); /* removes the temporary if not committed */

/* Make everything written so far durable (syncfs of the store). */
int store_sync(struct store *st, struct gx_error **err);

/* Write BASE's records (its manifest and metadata) under temporary names,
 * before the store_sync that precedes its store_register: the records'
 * contents are then on disk before their names are, and a crash cannot
 * leave an item registered with an empty or partial record (on ext4 a new
 * file renamed into place without a sync may come back empty).
 * store_register renames them into place; any left are removed at close. */
int store_prepare(struct store *st, const char *base, const char *manifest, const char *meta,
                  struct gx_error **err);
/* Write the records store_commit will register, before the store_sync
 * that precedes it (store_prepare); store_commit then registers them, its
 * refs and extra_meta unused. */
int store_stage_prepare(struct store *st, struct store_stage *sg, const char *source_key,
                        char *const *refs, const char *extra_meta, struct gx_error **err);

/* Rename a staged item into place and register it with refs (bases) (or
 * with what store_stage_prepare wrote),
 * without syncing: call store_sync() after a batch of commits.
 * source_key (or NULL) and extra metadata lines ("key: value\n"...).  If the
 * item is already valid, the staged copy is dropped.  Returns the item. */
struct store_item *store_commit(struct store *st, struct store_stage *sg, const char *source_key,
                                char *const *refs, const char *extra_meta, struct gx_error **err);

/* The valid item registered for source_key, or NULL (malloc'd base). */
char *store_source_lookup(struct store *st, const char *key);

/* The raw metadata text of a valid item (malloc'd), or NULL. */
char *store_item_meta(struct store *st, const char *base);

/* Parse an item's metadata text (from store_item_meta). */
struct store_item *store_item_parse(struct store *st, const char *base, const char *meta);

/* Escape a path for a manifest or metadata line: bytes <= ' ', 0x7f and '\\'
 * become \xHH.  And back (returns NULL on a bad escape). */
void store_escape(struct gx_buf *b, const char *s);
char *store_unescape(const char *s);

#endif
