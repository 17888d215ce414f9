/* closure: from catalog package names to the set of store items a system
 * needs (DESIGN.md §2).  Each node is one item-to-be: one Debian package
 * (dpkg backend) or one catalog entry's host paths (paths backend).  Edges
 * come from scanning content (ELF DT_NEEDED through RPATH/RUNPATH/$ORIGIN and
 * the host library paths, PT_INTERP, symlinks into other packages, #!
 * interpreters) and from dpkg metadata (Depends/Pre-Depends: first installed
 * alternative, virtual -> provider), plus the catalog's base set and extras,
 * minus its excludes (which cut Depends edges only; a scanned edge is always
 * kept).
 *
 * When the store already holds an item for a node's source (same package,
 * version and import options), its recorded edges are used and nothing on
 * the host is read: a filled store resolves in milliseconds.
 *
 * Typical use (the system builder):
 *
 *   struct closure_opts o = { .warn = my_warn, .ctx = me };
 *   struct closure *c = closure_resolve(st, cat, os->packages, os->n_packages, &o, &err);
 *   closure_import(st, c, &o, &err);            // every item now valid
 *   for (size_t i = 0; i < c->n; i++) c->nodes[i].item->path ...
 *   store_add_dir(st, tmp, "system-host", NULL, closure_bases(c), &err);
 */
#ifndef GX_CLOSURE_H
#define GX_CLOSURE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "err.h"
#include "os.h"
#include "store.h"

enum closure_why {
	CLOSURE_WHY_REQUESTED, /* named in the config (or -p) */
	CLOSURE_WHY_BASE_SET,  /* the implicit base set */
	CLOSURE_WHY_EXTRA,     /* a catalog extra of the parent */
	CLOSURE_WHY_DEPENDS,   /* dpkg Depends/Pre-Depends of the parent */
	CLOSURE_WHY_ELF,       /* a DT_NEEDED or PT_INTERP of a file of the parent */
	CLOSURE_WHY_SYMLINK,   /* a symlink of the parent points into it */
	CLOSURE_WHY_SHEBANG,   /* a #! interpreter of a script of the parent */
};

struct closure_node {
	char *pkg;     /* Debian package, or catalog name for the paths backend */
	char *version; /* Debian version ("" for the paths backend unless set) */
	const struct catalog_entry *entry; /* the catalog entry it came from, or NULL */
	bool from_paths;                   /* paths backend */
	size_t *deps;                      /* indexes of the nodes it refers to (sorted, unique) */
	size_t n_deps;
	/* why it is in the closure: the first edge that reached it */
	enum closure_why why;
	size_t parent;    /* index of that edge's source (unused for REQUESTED/BASE_SET) */
	char *why_detail; /* e.g. "usr/sbin/nginx needs libpcre2-8.so.0", or NULL */
	/* Set when the store has (or, after closure_import, got) the item. */
	struct store_item *item;
	uint64_t host_size; /* bytes of regular files on the host (when scanned) */
};

struct closure {
	struct closure_node *nodes; /* requested packages first, in order */
	size_t n;
	struct closure_priv *priv; /* internal: edges, source keys, the dpkg database */
};

struct closure_opts {
	bool allow_modified; /* import host files whose md5sums do not match, recorded */
	bool verbose;
	/* one line, no trailing newline: "skipping %base-packages member 'x': not installed" */
	void (*warn)(void *ctx, const char *msg);
	/* import progress: bytes done of total, current item name; may be NULL */
	void (*progress)(void *ctx, uint64_t done, uint64_t total, const char *what);
	void *ctx;
	/* Non-NULL: a signal number a handler stores (gx_catch_stop).
	 * closure_import stops before the next item then, and removes what it
	 * staged ("interrupted by SIGINT", status 128 + N); registration,
	 * once begun, is finished. */
	const volatile sig_atomic_t *stop;
};

/* The closure points into cat (node entries): keep cat alive until closure_free.
 *
 * Resolve pkgs (OS model packages; base=true ones are skipped with a warning
 * when absent, others fail with how to install them) to a closure.  Reads the
 * store (st may be NULL: host only) and the host's dpkg database.  Fails on
 * an unresolved soname, naming the file and the soname. */
struct closure *closure_resolve(struct store *st, const struct catalog *cat,
                                const struct os_package *pkgs, size_t n_pkgs,
                                const struct closure_opts *opts, struct gx_error **err);

/* Import every node without an item into the store (verified against dpkg's
 * md5sums), then register each with its references.  After success every
 * node's item is set and valid.  Safe against concurrent runs and kill -9. */
int closure_import(struct store *st, struct closure *c, const struct closure_opts *opts,
                   struct gx_error **err);

/* Nodes without an item yet (what `gxsys container -n` would import). */
size_t closure_missing(const struct closure *c);

/* The bases of all nodes' items, NULL-terminated, sorted (caller frees with
 * gx_strv_free).  Only after closure_import (or when all are present). */
char **closure_bases(const struct closure *c);

void closure_free(struct closure *c);

/* "requested", "base", "extra", "depends", "elf", "symlink", "shebang" */
const char *closure_why_name(enum closure_why w);

#endif
