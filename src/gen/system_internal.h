/* Internals of the system builder shared by its files (system*.c). */
#ifndef GX_SYSTEM_INTERNAL_H
#define GX_SYSTEM_INTERNAL_H

#include <time.h>

#include "hash.h"
#include "system.h"
#include "util.h"

/* etc/: the items' etc trees (first package wins), then SET over them. */
int sysi_etc_assemble(const char *etc, struct closure *c, const struct etc_set *set,
                      struct gx_error **err);
/* What maintainer scripts would make, with the packages' own tools run in
 * a build container on SCRATCH (an empty directory). */
int sysi_etc_maintainer(const char *profile, const char *etc, const char *scratch,
                        struct gx_error **err);

/* Does DIR/REL exist (without following a last symlink)? */
bool sysi_has(const char *dir, const char *rel);

/* system_memo.c: see there for what the closure memo's key covers. */

/* SHA-256 (hex) of a file's content, read in chunks. */
int sysi_digest_file(const char *path, char out[2 * HASH_SHA256_LEN + 1], struct gx_error **err);
/* The same through the digest cache <store>/.cache/digests/: a file whose
 * identity (device, inode, size, mtime, ctime in ns) is the one recorded is
 * not read again.  An entry is recorded only for a regular file whose ctime
 * is at least SYSI_DIGEST_SETTLE seconds older than NOW (when it was read)
 * and whose identity did not change while it was read, so a later write in
 * the same timestamp tick cannot go unnoticed.  Used for gxsys-init and the
 * dpkg status file, megabytes hashed at every rebuild otherwise. */
#define SYSI_DIGEST_SETTLE 2
int sysi_digest_cached(const struct store *st, const char *path, char out[2 * HASH_SHA256_LEN + 1],
                       struct gx_error **err);
int sysi_digest_cached_at(const struct store *st, const char *path, time_t now,
                          char out[2 * HASH_SHA256_LEN + 1], struct gx_error **err);
/* This gxsys build's identity as a key line: its GNU build ID, else the
 * dev/inode/size/mtime/ctime of /proc/self/exe. */
void sysi_put_self(struct gx_buf *k);
/* The closure memo's key for PKGS resolved with CAT into ST.  -1 when the
 * host's dpkg status cannot be read (no memo then). */
int sysi_closure_key(const struct store *st, const struct catalog *cat,
                     const struct os_package *pkgs, size_t n, char out[2 * HASH_SHA256_LEN + 1]);
/* Write TEXT as <store>/.cache/SUB/NAME (atomically).  -1 with errno. */
int sysi_memo_write(const struct store *st, const char *sub, const char *name, const char *text);
/* The closure memo KEY: the closure's item bases (sorted) and the warnings
 * its resolution gave.  Read returns NULL (a miss) unless every base is
 * still a valid item. */
int sysi_closure_memo_write(const struct store *st, const char *key, char *const *bases,
                            char *const *warnings);
char **sysi_closure_memo_read(struct store *st, const char *key, char ***warnings);

#endif
