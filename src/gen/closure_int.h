/* closure internals shared by closure*.c. */
#ifndef GX_CLOSURE_INT_H
#define GX_CLOSURE_INT_H

#include "closure.h"
#include "dpkg.h"
#include "hash.h"
#include "store_impl.h"

struct edge {
	enum closure_why kind; /* DEPENDS, ELF, SYMLINK, SHEBANG */
	char *pkg;
	char *detail;
};

struct node_x {
	struct edge *e;
	size_t ne, ecap;
	char *key; /* source key in the store's index */
};

struct closure_priv {
	struct node_x *x; /* parallel to closure.nodes */
	size_t cap;
	struct hmap by_pkg; /* pkg -> index + 1 */
	struct dpkg_db *db;
	const struct catalog *cat;
	char *opts; /* import options tag, part of the source keys */
	/* owner index: canonical path -> package name (or OWNER_AMBIGUOUS) */
	struct hmap owners;
	struct gx_arena owners_arena;
	bool owners_loaded;
	struct hmap sonames; /* soname -> package (host library paths only), cache */
};

struct closure_ctx {
	struct store *st;
	const struct catalog *cat;
	const struct closure_opts *o;
	struct dpkg_db *db;
	struct closure *c;
	struct gx_buf skipped; /* absent %base-packages members, for one warning */
};

void closure_warn(struct closure_ctx *cx, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
void closure_add_edge(struct closure_ctx *cx, size_t from, enum closure_why kind, const char *pkg,
                      const char *detail);
void closure_node_dep(struct closure_ctx *cx, size_t i, size_t j);

/* closure_scan.c */
int closure_scan(struct closure_ctx *cx, size_t i, struct gx_error **err);
int closure_paths_key(struct closure_ctx *cx, size_t i, struct gx_error **err);
void closure_owners_free(struct closure_priv *p);
/* The files of node i as import sources (sorted, unique). */
int closure_node_srcs(struct closure_ctx *cx, size_t i, struct store_src **out, size_t *n,
                      struct gx_arena *a, struct gx_error **err);

#endif
