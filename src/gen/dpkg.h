/* dpkg: the host's Debian package database, read-only (DESIGN.md §2):
 * installed packages from <root>/var/lib/dpkg/status, their files from
 * info/<pkg>.list canonicalised for merged /usr, their md5sums and
 * conffiles, diversions, and Depends/Pre-Depends/Provides parsing. */
#ifndef GX_DPKG_H
#define GX_DPKG_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "err.h"
#include "hash.h"

struct dpkg_pkg {
	const char *name, *arch, *version, *multi_arch;
	const char *depends, *pre_depends, *provides, *conffiles; /* raw fields or NULL */
	bool installed;                                           /* Status: ... installed */
};

struct dpkg_db {
	struct gx_arena arena;
	char *root;    /* host root without trailing '/' ("" for /) */
	char *infodir; /* <root>/var/lib/dpkg/info */
	bool merged_usr;
	const char *native_arch;
	struct dpkg_pkg *pkgs;
	size_t n;
	struct hmap by_name;    /* name (and name:arch) -> struct dpkg_pkg * (installed only) */
	struct hmap providers;  /* virtual name -> struct dpkg_prov * list */
	struct hmap diversions; /* path -> struct dpkg_div * */
	/* dpkg's path-exclude/path-include filters (etc/dpkg/dpkg.cfg and dpkg.cfg.d),
	 * in order: "-GLOB" excludes, "+GLOB" includes; the last match wins. */
	char **path_filters;
};

struct dpkg_prov {
	const struct dpkg_pkg *pkg;
	struct dpkg_prov *next;
};

struct dpkg_div {
	const char *to, *by;
};

/* root: "/" or a directory holding var/lib/dpkg and the files. */
struct dpkg_db *dpkg_db_load(const char *root, struct gx_error **err);
void dpkg_db_free(struct dpkg_db *db);

/* An installed package by name ("libc6" or "libc6:amd64"), or NULL. */
const struct dpkg_pkg *dpkg_find(const struct dpkg_db *db, const char *name);

/* One alternative of a dependency: "name[:arch] [(op version)]". */
struct dpkg_alt {
	const char *name, *arch, *op, *version; /* arch/op/version NULL when absent */
};
struct dpkg_group {
	struct dpkg_alt *alts;
	size_t n;
};

/* Parse a Depends-style field into groups of alternatives (in the arena).
 * Returns the number of groups, or -1 with err on a syntax error. */
long dpkg_parse_depends(const char *field, struct gx_arena *a, struct dpkg_group **out,
                        struct gx_error **err);

/* The installed package satisfying a group: the first alternative that is
 * installed, else the first one with an installed provider (prefer(name)
 * may name the provider to choose, else the first in status order). */
const struct dpkg_pkg *dpkg_resolve(const struct dpkg_db *db, const struct dpkg_group *g,
                                    const char *(*prefer)(const void *ctx, const char *virt),
                                    const void *ctx);

/* The merged-/usr canonical, item-relative form of an absolute or relative
 * path: "/bin/bash" -> "usr/bin/bash", "/lib64/x" -> "usr/lib64/x",
 * "/etc/./a//b" -> "etc/a/b", "/" -> "".  ".." components are resolved
 * lexically.  Returns malloc'd. */
char *dpkg_canon(const char *path);

/* Is rel (canonical) at or under one of the prefixes? */
bool dpkg_path_skipped(const char *rel, char *const *prefixes);

/* Did dpkg's path-exclude filters keep path (absolute, as in a .list) off
 * the disk?  Such files are not installed, so they are not imported. */
bool dpkg_path_filtered(const struct dpkg_db *db, const char *path);

struct dpkg_file {
	char *rel;    /* canonical item-relative path */
	char *host;   /* where to read it: <root>/<path>, after diversions */
	char md5[33]; /* expected digest (md5sums or Conffiles), "" when none */
	bool conffile;
};

/* The files of pkg, sorted by rel, unique, minus skipped prefixes. */
int dpkg_pkg_files(const struct dpkg_db *db, const struct dpkg_pkg *pkg, char *const *skip,
                   struct dpkg_file **out, size_t *n, struct gx_error **err);
void dpkg_files_free(struct dpkg_file *f, size_t n);

/* Canonical paths listed by pkg (for the owner index), in the arena.
 * Calls fn(ctx, rel) for each.  Returns 0 or -1 (missing list is not an error). */
int dpkg_pkg_list(const struct dpkg_db *db, const struct dpkg_pkg *pkg,
                  void (*fn)(void *ctx, const char *rel), void *ctx, struct gx_error **err);

#endif
