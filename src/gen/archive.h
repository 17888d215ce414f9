/* archive: moving store items between stores (gxsys archive, bundles).
 *
 * An archive is a gzip stream (an uncompressed one is accepted too) of:
 *
 *   gxsys-archive 1\n
 *   root <base>\n                       the items asked for (GC roots)
 *   item <base> <metalen> <mflen>\n     then metalen bytes of the item's
 *                                       metadata (<store>/.db/items/<base>)
 *                                       and mflen bytes of its canonical
 *                                       serialisation (.db/manifest/<base>)
 *     for each "f" line of that serialisation, in its order, one of:
 *       C <mtime>\n<size bytes>          the file itself (mtime: seconds, kept
 *                                       so that tools comparing times, such
 *                                       as Guile's .go/.scm check, behave)
 *       L <base> <escaped path>\n       a hard link to a file of an earlier
 *                                       item of the archive (or of this one)
 *   end <items> <sha256 hex>\n          sha256 over every byte before this
 *                                       line except file contents
 *
 * Items come in reference order (an item after everything it refers to).
 * The serialisation is what an item's hash is over, so it names every
 * directory, symlink and file with its mode, size and sha256: importing
 * builds the item from it alone, checks each file against its digest and
 * the serialisation against the item's name, and registers nothing until
 * the end line and the gzip trailer have been read and checked.  Then all
 * new items are renamed into place in reference order; if that fails the
 * ones registered by this run are removed again.  Items already valid in the
 * target store are skipped (their content is read past, not written). */
#ifndef GX_ARCHIVE_H
#define GX_ARCHIVE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "store.h"

#define ARCHIVE_MAGIC "gxsys-archive 1\n"

/* The base of ITEM: a base, or a path in the store (<store>/<base>[/...]).
 * NULL with err when it is not a valid item of st. */
char *archive_item_base(struct store *st, const char *item, struct gx_error **err);

/* BASES (valid items) in reference order, with their whole closure when
 * closure is true.  NULL-terminated, caller frees. */
char **archive_order(struct store *st, char *const *bases, bool closure, struct gx_error **err);

struct archive_stats {
	size_t items;     /* items in the archive */
	size_t imported;  /* import: items added to the store */
	size_t present;   /* import: items the store already had */
	uint64_t bytes;   /* file content bytes read or written */
	uint64_t linked;  /* files sent (or made) as hard links */
	uint64_t written; /* export: compressed bytes written */
};

/* Write the archive of BASES (with their closure when closure is true) to
 * fd, gzip level 1-9 (0: uncompressed).  The items are re-hashed while read:
 * a damaged store item is an error naming it. */
int archive_export(struct store *st, char *const *bases, bool closure, int fd, int level,
                   struct archive_stats *stats, struct gx_error **err);

struct archive_import_opts {
	/* List only: call item() for each item, write nothing (st may be NULL). */
	bool list_only;
	/* Make a GC root "<root_prefix><base>" for each root item (NULL: none). */
	const char *root_prefix;
	/* Called for each item (present: the store already has it). */
	void (*item)(void *ctx, const char *base, const char *meta, bool present);
	/* Progress, one line without newline. */
	void (*note)(void *ctx, const char *msg);
	void *ctx;
	/* Non-NULL: a signal number a handler stores on SIGINT, SIGTERM or
	 * SIGHUP (installed without SA_RESTART, so that a read waiting for
	 * more of the archive returns).  Once it is set, the import stops, the
	 * items staged so far are removed and err says "interrupted" with the
	 * status 128 + the signal.  Registration, once begun (after the whole
	 * archive was read and checked), is not interrupted. */
	const volatile sig_atomic_t *stop;
};

/* Read an archive from fd (from its current offset) into st.  On any error
 * the store is left as it was (nothing of this archive is registered) and
 * err names the item and what is wrong with it. */
int archive_import(struct store *st, int fd, const struct archive_import_opts *o,
                   struct archive_stats *stats, struct gx_error **err);

/* Before an import: the topmost directory of the store path that does not
 * exist yet (malloc'd), "" when the directory exists but holds no store yet,
 * or NULL when the store exists.  After a
 * failed import, archive_store_unmake() removes the empty store layout and
 * the directories made for it up to that one, so a store that was not there
 * is not there after a refused import either. */
char *archive_store_missing(const char *dir);
void archive_store_unmake(const char *dir, const char *top);

#endif
