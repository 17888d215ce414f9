/* The store handle, shared by store*.c only. */
#ifndef GX_STORE_INT_H
#define GX_STORE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "store.h"
#include "store_impl.h"

struct store {
	char *dir;
	int dfd;    /* the store directory */
	int lockfd; /* .db/lock, held shared (exclusive during gc) */
	int regfd;  /* .db/register.lock */
	bool lockfd_ro;
	unsigned flags;
	char **tmpdirs;  /* made by store_mkdtemp, removed at close if left */
	char **prepared; /* bases whose records store_prepare wrote, not yet registered */
	char *buf;       /* copy buffer */
};

#define STORE_BUF_SIZE (256 * 1024)

int store_rm_rf_at(int dfd, const char *name);
/* The same, adding to *freed the size of each regular file whose last link
 * it removed (a file hard-linked from another item frees nothing). */
int store_rm_rf_freed(int dfd, const char *name, uint64_t *freed);
/* Has base a record in .db/items (its directory may be gone)?  1 or 0. */
int store_is_registered(struct store *st, const char *base);
int store_lock_exclusive(struct store *st, struct gx_error **err);
void store_lock_shared(struct store *st);
int store_register(struct store *st, const char *tmp, const char *base, const char *manifest,
                   const char *meta, struct gx_error **err);
int store_source_record(struct store *st, const char *key, const char *base, struct gx_error **err);
char *store_meta_text(const char *name, const char *version, const char *base, uint64_t size,
                      uint64_t nfiles, const char *source_key, char *const *refs,
                      const char *extra1, const char *extra2);

#endif
