/* gxsys container FILE: evaluate, resolve and import the closure, build the
 * system and its launcher; print the launcher's path as the last line of
 * stdout (everything else on stderr). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "bundle.h"
#include "catalog.h"
#include "commands.h"
#include "err.h"
#include "eval.h"
#include "hash.h"
#include "store.h"
#include "system.h"
#include "util.h"
#include "stop.h"

struct container_args {
	const char *file;
	const char *root;
	const char *store;
	const char *config;
	const char *bundle;
	bool dry_run;
	bool network;
	bool verbose;
	struct bc_mount *mounts;
	size_t n_mounts;
};

static void usage(FILE *f)
{
	fputs("Usage: gxsys container [OPTION...] FILE\n"
	      "Build the system declared in FILE and its run-container launcher;\n"
	      "print the launcher's file name.\n\n"
	      "  -r, --root=FILE      make FILE a symlink to the launcher and a GC "
	      "root\n"
	      "  -n, --dry-run        show what would be imported; build nothing\n"
	      "      --bundle=FILE    also write FILE: the launcher with its whole closure,\n"
	      "                       self-extracting, to run on another host\n"
	      "      --share=SPEC     share host file system with read/write access\n"
	      "                       according to SPEC (SOURCE or SOURCE=TARGET)\n"
	      "      --expose=SPEC    expose host file system directory as read-only\n"
	      "                       according to SPEC\n"
	      "  -N, --network        let the container share the host's network\n"
	      "  -s, --store=DIR      use the store in DIR\n"
	      "  -c, --config=FILE    read settings and the catalog from FILE\n"
	      "  -v, --verbose        say more about what is done\n"
	      "  -h, --help           display this help and exit\n",
	      f);
}

static void print_note(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "%s\n", msg);
}

static int add_mapping(struct container_args *a, const char *spec, bool readonly)
{
	const char *eq = strchr(spec, '=');
	_cleanup_free_ char *src = eq ? gx_xstrndup(spec, (size_t)(eq - spec)) : gx_xstrdup(spec);
	char abs[PATH_MAX];
	const char *target = eq ? eq + 1 : NULL;

	if (*src == '\0' || realpath(src, abs) == NULL) {
		fprintf(stderr, "gxsys: container: %s '%s': %s\n",
		        readonly ? "--expose" : "--share", src,
		        *src ? strerror(errno) : "empty source");
		return -1;
	}
	if (target && target[0] != '/') {
		fprintf(stderr, "gxsys: container: mapping '%s': the target must be absolute\n",
		        spec);
		return -1;
	}
	a->mounts = gx_xrealloc(a->mounts, (a->n_mounts + 1) * sizeof(*a->mounts));
	a->mounts[a->n_mounts++] =
	        (struct bc_mount){ gx_xstrdup(abs), gx_xstrdup(target ? target : abs), readonly };
	return 0;
}

enum { OPT_SHARE = 256, OPT_EXPOSE, OPT_BUNDLE };

static int parse_args(int argc, char **argv, struct container_args *a)
{
	static const struct option longopts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "share", required_argument, NULL, OPT_SHARE },
		{ "expose", required_argument, NULL, OPT_EXPOSE },
		{ "network", no_argument, NULL, 'N' },
		{ "store", required_argument, NULL, 's' },
		{ "config", required_argument, NULL, 'c' },
		{ "bundle", required_argument, NULL, OPT_BUNDLE },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "+r:nNs:c:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			a->root = optarg;
			break;
		case 'n':
			a->dry_run = true;
			break;
		case 'N':
			a->network = true;
			break;
		case 'v':
			a->verbose = true;
			break;
		case OPT_SHARE:
		case OPT_EXPOSE:
			if (add_mapping(a, optarg, c == OPT_EXPOSE) < 0)
				return GX_EXIT_USAGE;
			break;
		case 's':
			a->store = optarg;
			break;
		case 'c':
			a->config = optarg;
			break;
		case OPT_BUNDLE:
			a->bundle = optarg;
			break;
		case 'h':
			usage(stdout);
			return GX_EXIT_OK;
		default:
			usage(stderr);
			return GX_EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "gxsys: container: %s\n",
		        optind == argc ? "no configuration file given" : "too many arguments");
		usage(stderr);
		return GX_EXIT_USAGE;
	}
	a->file = argv[optind];
	return -1;
}

/* FILE made absolute without resolving its last component (it may be a
 * link to replace). */
static char *absolute(const char *file)
{
	const char *slash = strrchr(file, '/');
	_cleanup_free_ char *d =
	        slash ? gx_xstrndup(file, slash == file ? 1 : (size_t)(slash - file))
	              : gx_xstrdup(".");
	char dir[PATH_MAX];

	if (realpath(d, dir) == NULL)
		return NULL;
	return gx_asprintf("%s/%s", strcmp(dir, "/") ? dir : "", slash ? slash + 1 : file);
}

/* -r FILE: FILE -> launcher, and <store>/.roots/gxsys-r-<hash of FILE> ->
 * FILE, an indirect root as Guix's and Nix's: removing FILE (or pointing
 * it elsewhere) lets the collector take what it kept. */
static int make_root(struct store *st, const char *file, const char *launcher,
                     struct gx_error **err)
{
	_cleanup_free_ char *abs = absolute(file);
	_cleanup_free_ char *tmp = NULL, *name = NULL;
	uint8_t d[HASH_SHA256_LEN];
	char hex[2 * HASH_SHA256_LEN + 1];

	if (abs == NULL)
		return gx_fail_errno(err, "root '%s'", file);
	hash_sha256(abs, strlen(abs), d);
	hash_hex(d, 10, hex);
	name = gx_asprintf("gxsys-r-%s", hex);
	tmp = gx_asprintf("%s.tmp-%ld", abs, (long)getpid());
	unlink(tmp);
	if (symlink(launcher, tmp) < 0 || rename(tmp, abs) < 0) {
		int e = errno;

		unlink(tmp);
		errno = e;
		return gx_fail_errno(err, "make '%s' a link to the launcher", file);
	}
	/* No gc runs meanwhile: this run holds the store's shared lock. */
	return store_add_root(st, name, abs, err);
}

/* What the declaration asks for and the container does not do, on stderr
 * ("FILE:LINE:COL: note: ..."): every field accepted and ignored but the
 * bootloader and file-systems (which no container uses, as with Guix), and
 * the services dropped that the declaration names itself (the dropped
 * members of %base-services only with -v).  `gxsys describe` lists all. */
static void print_notes(const struct os_model *m, bool verbose)
{
	for (int dropped = 0; dropped < 2; dropped++) {
		const struct os_note *n = dropped ? m->dropped : m->ignored;
		size_t count = dropped ? m->n_dropped : m->n_ignored;

		for (size_t i = 0; i < count; i++) {
			bool located = n[i].loc.line > 0;

			if (!dropped && (strcmp(n[i].what, "bootloader") == 0 ||
			                 strcmp(n[i].what, "file-systems") == 0))
				continue;
			if (dropped && !located && !verbose)
				continue;
			if (located)
				fprintf(stderr, "%s:%d:%d: ", n[i].loc.file, n[i].loc.line,
				        n[i].loc.col);
			else
				fprintf(stderr, "%s: ", m->source_file);
			fprintf(stderr, "note: %s%s: %s\n", n[i].what,
			        dropped ? " dropped in a container" : "", n[i].why);
		}
	}
}

/* A dry run writes nothing, not even a store that does not exist yet:
 * without one, everything is missing (NULL, as `gxsys closure` lists). */
static struct store *open_store(const struct catalog *cat, const struct container_args *a,
                                struct gx_error **err)
{
	const char *dir = catalog_store_dir(cat, a->store);

	if (!a->dry_run)
		return store_open(dir, STORE_OPEN_CREATE, err);
	if (access(dir, F_OK) < 0)
		return NULL;
	return store_open(dir, STORE_OPEN_READONLY, err);
}

static int build(struct container_args *a, struct gx_error **err)
{
	struct gx_arena arena = GX_ARENA_INIT;
	_cleanup_free_ char *config = catalog_config_path(a->config);
	struct catalog *cat = NULL;
	struct store *st = NULL;
	struct os_model *os;
	struct sys_result res;
	struct sys_opts o = { .network = a->network,
		              .mounts = a->mounts,
		              .n_mounts = a->n_mounts,
		              .dry_run = a->dry_run,
		              .verbose = a->verbose,
		              .note = print_note };
	int r = -1;

	memset(&res, 0, sizeof(res));
	/* SIGINT, SIGTERM, SIGHUP: the import or build stops at its next step
	 * and leaves nothing half-made in the store (as an archive's import). */
	o.stop = gx_catch_stop();
	os = ev_eval_file(&arena, a->file, err);
	if (os != NULL)
		print_notes(os, a->verbose);
	if (os != NULL && (cat = catalog_load(config, err)) != NULL)
		st = open_store(cat, a, err);
	if (cat != NULL && *err == NULL && sys_build(st, cat, os, &o, &res, err) == 0) {
		r = 0;
		if (*o.stop) /* it came where nothing looks (evaluation, the memo) */
			r = gx_fail_signal(err, *o.stop);
		else if (a->dry_run)
			fprintf(stderr, "%zu of the %zu store items of '%s' would be imported\n",
			        res.missing, res.n_items, a->file);
		else if (a->root && make_root(st, a->root, res.launcher, err) < 0)
			r = -1;
		else if (a->bundle && bundle_for_container(st, res.launcher, a->bundle, err) < 0)
			r = -1;
		else
			printf("%s\n", res.launcher);
	}
	sys_result_free(&res);
	if (st)
		store_close(st);
	if (cat)
		catalog_free(cat);
	gx_arena_free(&arena);
	return r;
}

int cmd_container(int argc, char **argv)
{
	struct container_args a = { 0 };
	struct gx_error *err = NULL;
	int status = parse_args(argc, argv, &a);

	/* Said before anything is read or imported: a user's own store took
	 * the imports, then the first file only root may read (or the build
	 * container's namespaces) failed with a bare "Permission denied". */
	if (status < 0 && !a.dry_run && geteuid() != 0) {
		fprintf(stderr, "gxsys: container: run it as root: it imports the host's files "
		                "into the store and builds in a container of its own (--dry-run "
		                "does neither)\n");
		status = GX_EXIT_FAILURE;
	}
	if (status < 0) {
		status = GX_EXIT_OK;
		if (build(&a, &err) < 0) {
			fprintf(stderr, "gxsys: container '%s': %s\n", a.file,
			        err ? err->msg : "failed");
			status = err ? err->status : GX_EXIT_SYSTEM;
		}
	}
	for (size_t i = 0; i < a.n_mounts; i++) {
		free(a.mounts[i].source);
		free(a.mounts[i].target);
	}
	free(a.mounts);
	gx_error_free(err);
	if (cmd_flush_stdout(0) != 0 && status == GX_EXIT_OK)
		status = GX_EXIT_SYSTEM;
	return status;
}
