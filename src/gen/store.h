/* store: the content-addressed, read-only, deduplicated store of DESIGN.md §2.
 *
 * Layout of a store directory DIR:
 *
 *   DIR/<hash>-<name>-<version>/   an item: immutable, root-owned, no write
 *                                  bits (files keep their r/x bits; setuid,
 *                                  setgid and file capabilities are stripped
 *                                  and recorded in the item's metadata)
 *   DIR/.db/items/<base>           metadata of each *valid* item (key: value
 *                                  lines, see docs/gxsys-conf.md "Store")
 *   DIR/.db/manifest/<base>        the item's canonical serialisation (what
 *                                  its hash is computed over)
 *   DIR/.db/sources/<key>          host source -> item base (so a filled
 *                                  store is not re-read or re-hashed)
 *   DIR/.db/lock                   flock: shared by every open store handle,
 *                                  exclusive for gc and stale-temp cleanup
 *   DIR/.db/register.lock          flock: exclusive around rename+register
 *   DIR/.roots/                    GC roots: symlinks to items (or to files
 *                                  inside items)
 *   DIR/.tmp/                      temporary directories of running imports
 *
 * An item is valid only if DIR/.db/items/<base> exists (and DIR/<base> is
 * there: a registered item whose directory was removed by hand is not valid,
 * and its next import puts it back; gc drops its record).  Imports are written
 * under DIR/.tmp/, synced, renamed into place, then registered (the metadata
 * file is written atomically); a directory without metadata is garbage and is
 * removed by the next run that gets the exclusive lock.
 *
 * Item layout: an item's root mirrors / after merged-/usr canonicalisation
 * (/bin, /sbin, /lib, /lib64 become usr/bin, usr/sbin, usr/lib, usr/lib64):
 *   <item>/usr/bin/bash, <item>/usr/lib/x86_64-linux-gnu/libc.so.6,
 *   <item>/etc/nginx/nginx.conf (a package's conffiles, under etc/), ...
 * so a profile is a hard-link forest of the items' usr/ trees, and a
 * package's conffiles are taken from its item's etc/ (the item metadata lists
 * them in "conffile:" lines, see store_item.conffiles).
 *
 * The hash is SHA-256 over the canonical serialisation (name, sorted paths,
 * types, modes, file SHA-256 digests, link targets, recorded privileges),
 * folded to 160 bits and written in Nix base32 (32 characters).  References
 * are not hashed, except for items added with store_add_dir(), whose hash
 * covers their reference list (the system item).  The same content gives the
 * same name in any store. */
#ifndef GX_STORE_H
#define GX_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define STORE_DEFAULT_DIR "/var/lib/gxsys/store"
#define STORE_HASH_LEN 32 /* Nix base32 of 160 bits */

struct store;

/* What a caller learns about an item.  All strings are owned by the struct;
 * free with store_item_free() (or via the closure that holds it). */
struct store_item {
	char *base;       /* "<hash>-<name>-<version>" */
	char *path;       /* "<store>/<base>" */
	char *name;       /* "bash", "system-myhost" */
	char *version;    /* "5.2.15-2+b2"; "" when none */
	char **refs;      /* bases of referenced items, NULL-terminated, sorted */
	char **conffiles; /* item-relative paths of conffiles ("etc/..."), NULL-terminated */
	uint64_t size;    /* bytes of regular files (apparent size) */
	uint64_t nfiles;
};

enum store_open_flags {
	STORE_OPEN_CREATE = 1 << 0,   /* create DIR and its .db when missing */
	STORE_OPEN_READONLY = 1 << 1, /* no cleanup, no writes (closure listing, verify) */
};

/* Open (and with STORE_OPEN_CREATE make) the store at dir.  Takes the shared
 * lock for the lifetime of the handle (blocks while a gc runs); when it can
 * get the exclusive lock at once, first removes stale temporaries and
 * unregistered item directories left by killed runs. */
struct store *store_open(const char *dir, unsigned flags, struct gx_error **err);
void store_close(struct store *st);

const char *store_dir(const struct store *st);

/* The item base of PATH when it is DIR/BASE or DIR/BASE/... (a new
 * string), or NULL.  No path resolution: give both resolved, if need be. */
char *store_path_base(const char *dir, const char *path);

/* Is base a valid item (registered, its directory there)?  Returns 1 yes, 0 no. */
int store_is_valid(struct store *st, const char *base);

/* Read an item's metadata.  NULL with err when base is not a valid item. */
struct store_item *store_item_get(struct store *st, const char *base, struct gx_error **err);
void store_item_free(struct store_item *it);

/* Make a fresh empty directory under <store>/.tmp/ (same file system as the
 * items, so the system builder can hard-link items' files into it and hand
 * it to store_add_dir()).  Returns a malloc'd absolute path.  It is removed
 * by store_close() if still there, and by the next run if the process dies. */
char *store_mkdtemp(struct store *st, const char *hint, struct gx_error **err);

/* Add a directory the caller produced (normally from store_mkdtemp()) as an
 * item named "<hash>-<name>" (version NULL or "") or "<hash>-<name>-<version>".
 * Canonicalises it (owner root, write bits off, setuid/setgid stripped),
 * hashes its content *and* the sorted refs (bases of items it refers to,
 * which must be valid), syncs it, renames it into place and registers it.
 * A regular file hard-linked to a file of a referenced item is not re-read:
 * its recorded digest is used.  If the item already exists, dir is removed
 * and the existing item returned.  Returns the item (caller frees). */
struct store_item *store_add_dir(struct store *st, const char *dir, const char *name,
                                 const char *version, char *const *refs, struct gx_error **err);

/* Import chosen host files as one item "<hash>-<name>[-<version>]": each
 * host file (regular file or symlink; a directory entry makes an empty
 * directory) is placed at rel inside the item (e.g. the init binary from the
 * build tree at "usr/libexec/gxsys/gxsys-init").  Parents are made as needed.
 * Content is hashed like any import; refs are recorded (not hashed).  Used
 * for things that are not dpkg packages nor catalog paths (gxsys-init). */
struct store_file_spec {
	const char *host; /* absolute host path */
	const char *rel;  /* path inside the item, relative, no ".." */
};
struct store_item *store_import_files(struct store *st, const char *name, const char *version,
                                      const struct store_file_spec *files, size_t n,
                                      char *const *refs, struct gx_error **err);

/* Make <store>/.roots/<root_name> a symlink to target (a store item path or
 * a path inside one), replacing an existing root of that name atomically.
 * root_name must be one path component.  Also used by `-r FILE`: the command
 * then makes FILE a symlink to the root. */
int store_add_root(struct store *st, const char *root_name, const char *target,
                   struct gx_error **err);

/* gc: delete every valid item not reachable from a root (through refs) nor
 * from an item a running process uses (its command line, environment,
 * executable, mappings, open files, working directory or root name it: a
 * running container's PID 1 names its boot.conf), and every stale
 * temporary.  Takes the exclusive lock (waits for other runs).
 * report(ctx, base, bytes) is called for each deleted item: the bytes its
 * deletion freed (files still linked from elsewhere free nothing), or on a
 * dry run its size. */
struct store_gc_stats {
	uint64_t items_deleted;
	uint64_t bytes_freed;
	uint64_t items_kept;
	uint64_t items_busy;   /* kept because a process uses them, no root reaching them */
	uint64_t files_linked; /* --optimize */
	uint64_t bytes_saved;  /* --optimize */
};
int store_gc(struct store *st, bool dry_run,
             void (*report)(void *ctx, const char *base, uint64_t bytes), void *ctx,
             struct store_gc_stats *stats, struct gx_error **err);

/* gc --optimize: hard-link identical regular files (same digest, mode) across
 * all items.  */
int store_optimize(struct store *st, struct store_gc_stats *stats, struct gx_error **err);

/* verify: re-hash every valid item (or only those in bases, NULL-terminated)
 * and compare with its name and manifest.  bad(ctx, base, what) is called for
 * each problem (a changed file, a missing file, a wrong hash).  Returns the
 * number of bad items, or -1 with err on a system error. */
int store_verify(struct store *st, char *const *bases,
                 void (*bad)(void *ctx, const char *base, const char *what), void *ctx,
                 struct gx_error **err);

/* Repair: unregister and delete a valid item that store_verify() found
 * corrupt, so that the next build makes it again (under the same name, its
 * content being the same).  Takes the exclusive lock for that time (waits
 * for the other runs), then the shared lock again.  Roots pointing to it
 * dangle until then. */
int store_delete_corrupt(struct store *st, const char *base, struct gx_error **err);

/* Every valid item's base, sorted, NULL-terminated (caller frees with gx_strv_free). */
char **store_list(struct store *st, struct gx_error **err);

#endif
