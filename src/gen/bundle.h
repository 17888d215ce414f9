/* bundle: one self-extracting file holding a system's launcher and its
 * closure (gxsys container --bundle FILE).
 *
 * Layout of FILE:
 *   1. a POSIX sh script (templates/bundle.in) whose values are single-quoted
 *      sh words: the store, the launcher, the items with their sizes, and
 *      the offsets, sizes and sha256 of the two parts below;
 *   2. gxsys-import, the static importer (src/import/main.c), raw;
 *   3. the gzip'd archive (archive.h) of the launcher item's closure, with
 *      the launcher item as its root.
 * Run as root, the script checks the file's size, extracts the importer,
 * checks its sha256 with sha256sum, runs it on part 3 (which checks every
 * item against its hash and registers all or nothing), then execs the
 * launcher with the same arguments.  When every item is already valid it
 * imports nothing and extracts nothing. */
#ifndef GX_BUNDLE_H
#define GX_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include "archive.h"
#include "err.h"
#include "store.h"
#include "util.h"

/* The GC roots a bundle's import makes: <store>/.roots/<prefix><base>. */
#define BUNDLE_ROOT_PREFIX "gxsys-bundle-"

struct bundle_params {
	const char *launcher; /* <store>/<base>/run-container */
	const char *importer; /* host path of gxsys-import */
	const char *version;  /* gxsys version, for the header comment */
	int level;            /* gzip level of the archive */
};

/* The gxsys-import to ship: $GXSYS_IMPORT, else gxsys-import beside the
 * running gxsys, else GXSYS_LIBEXECDIR/gxsys-import.  Malloc'd. */
char *bundle_find_importer(void);

/* Render the script for the given values (offsets included) into out. */
struct bundle_script {
	const char *version, *store, *launcher, *root_prefix, *items, *importer_sha256;
	uint64_t importer_offset, importer_size, archive_offset, archive_size;
};
int bundle_render(const char *tmpl, size_t len, const struct bundle_script *s, struct gx_buf *out,
                  struct gx_error **err);

/* Write the bundle of p->launcher to file (atomically: file.tmp-PID, then
 * renamed; mode 0755). */
int bundle_write(struct store *st, const struct bundle_params *p, const char *file,
                 struct archive_stats *stats, struct gx_error **err);

/* gxsys container --bundle FILE: the bundle of launcher (the importer from
 * bundle_find_importer(), gzip level 6). */
int bundle_for_container(struct store *st, const char *launcher, const char *file,
                         struct gx_error **err);

extern const char bundle_template[];
extern const size_t bundle_template_len;

#endif
