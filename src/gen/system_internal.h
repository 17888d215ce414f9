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

/* system_locale.c: glibc's name of a locale's files, the codeset in lower
 * case without '-' ("en_US.UTF-8" is looked up as "en_US.utf8"). */
char *sysi_locale_normal(const char *name);
/* In SUPPORTED (the text of Debian's /usr/share/i18n/SUPPORTED), the
 * localedef input and charmap of the locale NORMAL (normalised): 1 with
 * *source ("de_DE@euro") and *charset ("ISO-8859-15") set, 0 when it has
 * none. */
int sysi_locale_source(const char *supported, const char *normal, char **source, char **charset);
/* The item holding a locale compiled (usr/lib/locale/DIR/): 1 with *base
 * set.  With BUILD false only the memo is looked at (0 on a miss); with
 * BUILD true the inputs (Debian's locales and gzip) are imported and the
 * locale compiled when there is no such item yet (said through NOTE), and
 * 0 means it cannot be (*why says why: an input not installed).  -1 with
 * *err on an error, an unknown locale, source or charset among them
 * (GX_EXIT_FAILURE, no location). */
struct sysi_note {
	void (*fn)(void *ctx, const char *msg);
	void *ctx;
};
struct sysi_locale {
	const char *name;    /* "en_US.utf8" */
	const char *source;  /* a locale-definition's; NULL: SUPPORTED's for the name */
	const char *charset; /* with source */
};
int sysi_locale_item(struct store *st, const struct catalog *cat, const struct sysi_locale *l,
                     bool build, const struct sysi_note *note, char **base, char **why,
                     struct gx_error **err);

/* Does DIR/REL exist (without following a last symlink)? */
bool sysi_has(const char *dir, const char *rel);

/* system_host.c: PATH (absolute) under the host root ROOT ("/" or a
 * directory), as a new string. */
char *sysi_host_path(const char *root, const char *path);
#define SYSI_DPKG_DIVERSIONS "/var/lib/dpkg/diversions"
#define SYSI_DPKG_ALTERNATIVES "/var/lib/dpkg/alternatives"
#define SYSI_HOST_ALTERNATIVES "/etc/alternatives"
/* The host state that shapes the profile, as key lines: DIVERSIONS (the
 * content of dpkg's diversions file) and dpkg's alternatives with the
 * choices of the host root ROOT. */
void sysi_put_host_state(struct gx_buf *k, const char *root, const char *diversions);
/* Append to BC's dirs every directory of the items' var/ trees (BASES in
 * STORE) that it does not list yet, with the mode of the host root's
 * directory of that path and its owner mapped by name (the host root's
 * etc/passwd and etc/group) onto OS's accounts, root when OS has no such
 * account; 0755 root when the host root has no such directory. */
void sysi_var_dirs(struct boot_conf *bc, const struct os_model *os, const char *root,
                   const char *store, char *const *bases);

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
