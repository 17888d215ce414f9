/* gxsys archive: move store items between stores by hand (archive.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive.h"
#include "commands.h"
#include "store_cli.h"
#include "util.h"
#include "stop.h"

static const char archive_usage[] =
        "Usage: gxsys archive --export [-r] [OPTION...] ITEM... > FILE\n"
        "       gxsys archive --import [OPTION...] < FILE\n"
        "       gxsys archive --list < FILE\n"
        "Write store items (and with -r their closure) as one gzip'd archive on\n"
        "stdout, or import such an archive from stdin: every item is checked against\n"
        "its hash and nothing is added to the store unless the whole archive is\n"
        "good.  An ITEM is an item name or a path in the store.\n\n"
        "  -e, --export         write the ITEMs to stdout\n"
        "  -r, --recursive      with --export: include everything they refer to\n"
        "  -i, --import         read an archive from stdin into the store\n"
        "  -l, --list           list the items of the archive on stdin\n"
        "      --level=N        gzip level 0-9 (default 6; 0: uncompressed)\n"
        "  -s, --store DIR      the store (default: GXSYS_STORE, gxsys.conf)\n"
        "  -c, --config FILE    gxsys.conf to use (default: GXSYS_CONFIG)\n"
        "  -h, --help           show this help\n"
        "Exit status: 0 ok, 1 bad or corrupted archive, 2 usage, 3 system error,\n"
        "128+N interrupted by signal N (nothing imported).\n";

enum archive_mode { MODE_NONE, MODE_EXPORT, MODE_IMPORT, MODE_LIST };

struct archive_args {
	enum archive_mode mode;
	bool recursive;
	int level;
	const char *store, *config;
};

static int parse(int argc, char **argv, struct archive_args *a)
{
	static const struct option opts[] = {
		{ "export", no_argument, NULL, 'e' },
		{ "import", no_argument, NULL, 'i' },
		{ "list", no_argument, NULL, 'l' },
		{ "recursive", no_argument, NULL, 'r' },
		{ "level", required_argument, NULL, 'L' },
		{ "store", required_argument, NULL, 's' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "eilrs:c:h", opts, NULL)) != -1) {
		if (c == 'e' || c == 'i' || c == 'l') {
			enum archive_mode m = c == 'e'   ? MODE_EXPORT
			                      : c == 'i' ? MODE_IMPORT
			                                 : MODE_LIST;
			if (a->mode != MODE_NONE && a->mode != m)
				goto usage;
			a->mode = m;
		} else if (c == 'r') {
			a->recursive = true;
		} else if (c == 'L') {
			char *end;
			long l = strtol(optarg, &end, 10);
			if (*end || l < 0 || l > 9)
				goto usage;
			a->level = (int)l;
		} else if (c == 's') {
			a->store = optarg;
		} else if (c == 'c') {
			a->config = optarg;
		} else if (c == 'h') {
			fputs(archive_usage, stdout);
			return GX_EXIT_OK;
		} else {
			goto usage;
		}
	}
	if (a->mode == MODE_NONE || (a->mode == MODE_EXPORT) != (optind < argc) ||
	    (a->recursive && a->mode != MODE_EXPORT))
		goto usage;
	return -1;
usage:
	fputs(archive_usage, stderr);
	return GX_EXIT_USAGE;
}

static int fail(const char *object, struct gx_error *err)
{
	int status = err->status;

	fprintf(stderr, "gxsys: archive '%s': %s\n", object, err->msg);
	gx_error_free(err);
	return status;
}

static int do_export(struct store *st, const struct archive_args *a, char **items)
{
	_cleanup_strv_ char **bases = gx_xcalloc(1, sizeof(char *));
	struct gx_error *err = NULL;
	struct archive_stats stats;

	if (isatty(STDOUT_FILENO)) {
		fprintf(stderr, "gxsys: archive: refusing to write an archive to a terminal\n");
		return GX_EXIT_USAGE;
	}
	for (char **i = items; *i; i++) {
		char *b = archive_item_base(st, *i, &err);
		if (!b)
			return fail(*i, err);
		bases = gx_strv_push(bases, b);
		free(b);
	}
	if (archive_export(st, bases, a->recursive, STDOUT_FILENO, a->level, &stats, &err) < 0)
		return fail(store_dir(st), err);
	return GX_EXIT_OK;
}

static void list_item(void *ctx, const char *base, const char *meta, bool present)
{
	const char *size = strstr(meta, "\nsize: ");
	const char *dir = ctx;

	printf("%s/%s\t%llu\t%s\n", dir, base, size ? strtoull(size + 7, NULL, 10) : 0ULL,
	       present ? "present" : "missing");
}

/* Import, or list (st NULL: there is no store at dir, every item is
 * missing). */
static int do_import(struct store *st, const char *dir, const struct archive_args *a,
                     const volatile sig_atomic_t *stop)
{
	struct archive_import_opts o = { .list_only = a->mode == MODE_LIST,
		                         .ctx = (void *)dir,
		                         .stop = stop };
	struct gx_error *err = NULL;
	struct archive_stats stats;

	if (a->mode == MODE_LIST)
		o.item = list_item;
	if (archive_import(st, STDIN_FILENO, &o, &stats, &err) < 0)
		return fail(dir, err);
	if (a->mode == MODE_IMPORT)
		fprintf(stderr,
		        "imported %zu of the %zu items of the archive into '%s' (%zu were "
		        "already there)\n",
		        stats.imported, stats.items, dir, stats.present);
	return GX_EXIT_OK;
}

int cmd_archive(int argc, char **argv)
{
	struct archive_args a = { .level = 6 };
	struct catalog *cat;
	struct store *st;
	_cleanup_free_ char *missing = NULL;
	const volatile sig_atomic_t *stop = NULL;
	int status = parse(argc, argv, &a);

	if (status >= 0)
		return status;
	/* As tar does: reading a terminal would wait for the user, with the
	 * store made and locked (a gc waited behind it). */
	if (a.mode != MODE_EXPORT && isatty(STDIN_FILENO)) {
		fprintf(stderr, "gxsys: archive: refusing to read an archive from a terminal "
		                "(give it on stdin: < FILE)\n");
		return GX_EXIT_USAGE;
	}
	/* Before the store is made: an interrupted import removes it again. */
	if (a.mode == MODE_IMPORT)
		stop = gx_catch_stop();
	if (!(cat = store_cli_catalog("archive", a.config, &status)))
		return status;
	if (a.mode != MODE_EXPORT)
		missing = archive_store_missing(catalog_store_dir(cat, a.store));
	/* Listing on a host without a store yet: every item is missing. */
	if (a.mode == MODE_LIST && missing) {
		status = do_import(NULL, catalog_store_dir(cat, a.store), &a, NULL);
		catalog_free(cat);
		return cmd_flush_stdout(0) != 0 && status == GX_EXIT_OK ? GX_EXIT_SYSTEM : status;
	}
	st = store_cli_open("archive", cat, a.store,
	                    a.mode == MODE_IMPORT ? STORE_OPEN_CREATE : STORE_OPEN_READONLY,
	                    &status);
	if (st) {
		status = a.mode == MODE_EXPORT ? do_export(st, &a, argv + optind)
		                               : do_import(st, store_dir(st), &a, stop);
		store_close(st);
	}
	if (status != GX_EXIT_OK && missing && a.mode == MODE_IMPORT)
		archive_store_unmake(catalog_store_dir(cat, a.store), missing);
	catalog_free(cat);
	if (cmd_flush_stdout(0) != 0 && status == GX_EXIT_OK)
		status = GX_EXIT_SYSTEM;
	return status;
}
