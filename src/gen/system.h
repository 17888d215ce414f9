/* system: the system item of an OS model and its launcher (DESIGN.md §3-4).
 *
 * Items made for a system (all content-addressed by the store; none can
 * contain its own path, so what needs a path lives one item further):
 *
 *   <store>/<hash>-gxsys-init-<version>/usr/libexec/gxsys/gxsys-init
 *   <store>/<hash>-system-<host>/       profile/ (hard-link forest of the
 *                                       closure's usr/), etc/, closure
 *                                       (store paths, one a line),
 *                                       var-skeleton (path uid gid mode)
 *   <store>/<hash>-boot-<host>/boot.conf         refs: system, init
 *   <store>/<hash>-run-container-<host>/run-container   refs: boot, init
 *
 * A memo <store>/.cache/systems/<key> -> launcher path, where key hashes
 * every input (the OS model as generated files and boot.conf, the closure's
 * item names, the init item, the build options, the host's dpkg
 * alternatives and diversions), lets a rebuild of an unchanged config
 * return without writing anything.  A memo entry is not a GC root: when
 * its items are collected it is ignored and rebuilt.  Before it, a closure
 * memo <store>/.cache/closures/<key> spares resolving the closure, and a
 * digest cache spares re-hashing gxsys-init and the dpkg status
 * (system_memo.c; docs/gxsys-conf.md, "Memos"). */
#ifndef GX_SYSTEM_H
#define GX_SYSTEM_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "bootconf.h"
#include "catalog.h"
#include "closure.h"
#include "err.h"
#include "etc.h"
#include "os.h"
#include "store.h"

struct sys_opts {
	bool network;            /* -N at build time */
	struct bc_mount *mounts; /* --share/--expose at build time */
	size_t n_mounts;
	const char *init_binary; /* host path of gxsys-init; NULL: sys_find_init() */
	bool dry_run;            /* resolve and report, build nothing */
	bool verbose;
	/* progress and warnings, one line without newline */
	void (*note)(void *ctx, const char *msg);
	void *ctx;
	/* Non-NULL: set by a signal handler (gx_catch_stop): the build
	 * stops at the next step, leaving nothing half-made ("interrupted by
	 * SIGTERM", status 128 + N). */
	const volatile sig_atomic_t *stop;
};

struct sys_result {
	char *launcher;  /* <store>/<hash>-run-container-<host>/run-container */
	char *system;    /* the system item path */
	char *boot_conf; /* <store>/<hash>-boot-<host>/boot.conf */
	char *init;      /* gxsys-init in the store */
	bool cached;     /* nothing was built: the memo had it */
	size_t imported; /* closure items imported by this run */
	size_t missing;  /* dry run: items that would be imported */
	size_t n_items;  /* closure size */
};

/* Build (or find) the system of OS and its launcher in ST.  Returns 0, or
 * -1 with *err (config errors GX_EXIT_FAILURE with FILE:LINE:COL). */
int sys_build(struct store *st, const struct catalog *cat, const struct os_model *os,
              const struct sys_opts *opts, struct sys_result *res, struct gx_error **err);
void sys_result_free(struct sys_result *res);

/* After a GC: remove the memo entries (system and closure memos) that name
 * an item no longer in the store; returns how many.  Such an entry is a
 * miss anyway (it is checked at every use): this only keeps .cache/ from
 * growing with every config ever built. */
size_t sys_memo_prune(struct store *st);

/* The gxsys-init to put in the store: $GXSYS_INIT, else gxsys-init beside
 * the running gxsys, else GXSYS_LIBEXECDIR/gxsys-init.  Malloc'd. */
char *sys_find_init(void);

/* The OS model as gxsys-init's boot.conf (paths left NULL).  Service
 * directories default to the user's home; supplementary groups become ids;
 * homes for users with create_home and root; the /var skeleton from the
 * model's dirs.  Free with bc_clear(). */
int sys_boot_conf(const struct os_model *os, struct boot_conf *bc, struct gx_error **err);

/* Profile: link every item's usr/ tree as DIR (DIR/bin/...: DIR is mounted
 * at /usr), first item
 * wins a conflict (reported through note), symlinks copied verbatim, dpkg
 * diversions applied (DIVERSIONS: the host's /var/lib/dpkg/diversions
 * text, may be NULL). */
int sys_profile(const char *dir, struct closure *c, const char *diversions,
                void (*note)(void *ctx, const char *msg), void *ctx, struct gx_error **err);
/* Link one more item's usr/ tree (ITEM: its path) into the profile DIR;
 * what DIR has already wins, as in sys_profile. */
int sys_profile_add(const char *dir, const char *item, struct gx_error **err);

/* Alternatives: for each group in ALT_DIR (dpkg's /var/lib/dpkg/alternatives)
 * with a candidate present in PROFILE (the future /usr), make the
 * master and slave links in PROFILE and ETC/alternatives, choosing the
 * host's current choice when present, else the highest priority. */
int sys_alternatives(const char *profile, const char *etc, const char *alt_dir,
                     const char *host_etc_alternatives, struct gx_error **err);

/* Run ARGV (absolute path inside) in a build container of the system:
 * private mount/pid/net/ipc/uts namespaces, a tmpfs root (on SCRATCH, an
 * empty directory) with PROFILE bound read-only at /usr, ETC bound read-write at /etc, /proc, a /dev
 * with null/zero/urandom, then chroot.  Returns the command's status
 * (0 ok), or -1 with *err when the container could not be made. */
int sys_run_in_build_container(const char *profile, const char *etc, const char *scratch,
                               char *const *argv, struct gx_error **err);
/* The same with more: BINDS (a list ended by a NULL source) mounted at
 * their targets (one path component under the root, made as a directory)
 * after /usr and /etc; ENV (NULL-terminated, at most 4) added to the environment
 * (PATH, LC_ALL=C, HOME=/root). */
struct sys_bind {
	const char *source; /* host path */
	const char *target; /* inside: "gxsys-out" */
	bool readonly;
};
struct sys_build_run {
	char *const *argv;
	const struct sys_bind *binds;
	char *const *env;
	bool input_error; /* the tool's failure is the input's: GX_EXIT_FAILURE */
	int timeout_s;    /* killed after this long; 0: SYS_BUILD_TIMEOUT_S */
};
/* A maintainer tool's limit (localedef takes some 5 s on these machines);
 * a service's configuration checker's (struct os_check). */
#define SYS_BUILD_TIMEOUT_S 600
#define SYS_CHECK_TIMEOUT_S 60
int sys_build_run(const char *profile, const char *etc, const char *scratch,
                  const struct sys_build_run *run, struct gx_error **err);

#endif
