/* catalog: gxsys.conf (libconfuse) — the settings and the package catalog
 * (DESIGN.md §2, docs/gxsys-conf.md).  The catalog maps the package names a
 * config can use ("nginx", "openssh", "bash", "%base-packages" members) to
 * host software: a set of Debian packages (dpkg backend) or plain host paths
 * (paths backend), with extras no scan can see and excludes.
 *
 * The config file is found as: --config FILE, else $GXSYS_CONFIG, else
 * GXSYS_SYSCONFDIR/gxsys.conf when it exists, else GXSYS_DATADIR/gxsys.conf
 * (the shipped Debian 12 catalog). */
#ifndef GX_CATALOG_H
#define GX_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

enum catalog_backend {
	CATALOG_DPKG,  /* debian = { ... } */
	CATALOG_PATHS, /* paths = { ... } */
};

struct catalog_entry {
	char *name; /* catalog name: "nginx" */
	enum catalog_backend backend;
	/* dpkg: each element is one Debian package, or alternatives separated by
	 * '|' ("nginx-light|nginx-core|nginx-full"): the first installed wins. */
	char **debian;      /* NULL-terminated */
	char **extra;       /* Debian packages added that no scan can see */
	char **exclude;     /* Debian packages never pulled in through Depends */
	char **paths;       /* paths backend: absolute host paths (files or trees) */
	char *version;      /* paths backend: version in the item name ("" if none) */
	char *install_hint; /* how to install when absent; default "apt-get install <debian[0]>" */
};

struct catalog {
	char *file;      /* the file it was loaded from ("<builtin>" if none) */
	char *store_dir; /* "store" setting; STORE_DEFAULT_DIR when unset */
	struct catalog_entry *entries;
	size_t n_entries;
	char **base_packages; /* catalog names making up %base-packages */
	char **base_set; /* Debian packages every closure includes (dash, libc-bin, tzdata, ...) */
	char **exclude; /* Debian packages never pulled in through Depends (debconf, perl-base, dpkg, ...) */
	char **skip_paths;    /* item-relative prefixes left out ("usr/share/doc", ...) */
	char **library_paths; /* host library directories searched after RPATH/RUNPATH */
	char **providers;     /* "virtual=package" choices (e.g. "awk=mawk") */
	char *host_root;      /* "host-root": where host files and the dpkg database are ("/") */
};

/* Which file to load given the --config argument (may be NULL).  Returns a
 * malloc'd path. */
char *catalog_config_path(const char *cli_config);

/* Load gxsys.conf.  A syntax or value error gets libconfuse's located
 * message ("FILE:LINE: ...") in err, status GX_EXIT_FAILURE. */
struct catalog *catalog_load(const char *path, struct gx_error **err);
/* Parse from memory (tests); name is used in messages. */
struct catalog *catalog_load_string(const char *text, const char *name, struct gx_error **err);
void catalog_free(struct catalog *cat);

/* The store directory to use: cli_store (--store), else $GXSYS_STORE, else
 * the config's "store" setting.  Not malloc'd. */
const char *catalog_store_dir(const struct catalog *cat, const char *cli_store);

/* The host root: $GXSYS_HOST_ROOT, else the "host-root" setting ("/").  Tests
 * point it at a copy of dpkg data they may tamper with. */
const char *catalog_host_root(const struct catalog *cat);

const struct catalog_entry *catalog_find(const struct catalog *cat, const char *name);

/* Is deb excluded (globally or by entry e, which may be NULL)? */
bool catalog_excludes(const struct catalog *cat, const struct catalog_entry *e, const char *deb);

/* The provider chosen for a virtual package, or NULL. */
const char *catalog_provider(const struct catalog *cat, const char *virt);

#endif
