/* gxsys gc: delete the store items no GC root reaches (<store>/.roots/);
 * --optimize hard-links identical files across items. */
#include <getopt.h>
#include <stdio.h>

#include "commands.h"
#include "store_cli.h"
#include "system.h"

static const char gc_usage[] =
        "Usage: gxsys gc [OPTION...]\n"
        "Delete the store items that no GC root (<store>/.roots/) refers to and no\n"
        "running process uses (a running container's system among them), and print\n"
        "what was freed.\n\n"
        "  -n, --dry-run      only list what would be deleted\n"
        "      --optimize     instead, hard-link identical files across items\n"
        "  -s, --store DIR    the store (default: GXSYS_STORE, gxsys.conf)\n"
        "  -c, --config FILE  gxsys.conf to use (default: GXSYS_CONFIG)\n"
        "  -h, --help         show this help\n";

struct gc_report {
	const char *dir;
	bool dry_run;
};

static void report(void *ctx, const char *base, uint64_t bytes)
{
	const struct gc_report *r = ctx;
	char sz[32];

	store_cli_size(bytes, sz, sizeof(sz));
	printf("%s %s/%s\t%s\n", r->dry_run ? "would delete" : "deleting", r->dir, base, sz);
}

static int run(struct store *st, bool dry_run, bool optimize)
{
	struct store_gc_stats s = { 0 };
	struct gx_error *err = NULL;
	char sz[32];
	struct gc_report r = { store_dir(st), dry_run };
	int rc = optimize ? store_optimize(st, &s, &err)
	                  : store_gc(st, dry_run, report, &r, &s, &err);

	if (rc < 0) {
		fprintf(stderr, "gxsys: gc '%s': %s\n", store_dir(st), err->msg);
		rc = err->status;
		gx_error_free(err);
		return rc;
	}
	if (!optimize && !dry_run)
		sys_memo_prune(st);
	store_cli_size(optimize ? s.bytes_saved : s.bytes_freed, sz, sizeof(sz));
	if (optimize)
		printf("linked %llu files, %s saved\n", (unsigned long long)s.files_linked, sz);
	else
		printf("%s %llu items, %s; %llu items kept (%llu in use by running processes)\n",
		       dry_run ? "would delete" : "deleted", (unsigned long long)s.items_deleted,
		       sz, (unsigned long long)s.items_kept, (unsigned long long)s.items_busy);
	return GX_EXIT_OK;
}

int cmd_gc(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "optimize", no_argument, NULL, 'O' },
		{ "store", required_argument, NULL, 's' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *store = NULL, *config = NULL;
	bool dry = false, optimize = false;
	int c, status = GX_EXIT_OK;
	struct catalog *cat;
	struct store *st;

	optind = 1;
	while ((c = getopt_long(argc, argv, "ns:c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			dry = true;
			break;
		case 'O':
			optimize = true;
			break;
		case 's':
			store = optarg;
			break;
		case 'c':
			config = optarg;
			break;
		case 'h':
			fputs(gc_usage, stdout);
			return GX_EXIT_OK;
		default:
			fputs(gc_usage, stderr);
			return GX_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fputs(gc_usage, stderr);
		return GX_EXIT_USAGE;
	}
	if (!(cat = store_cli_catalog("gc", config, &status)))
		return status;
	if ((st = store_cli_open("gc", cat, store, 0, &status))) {
		status = run(st, dry, optimize);
		store_close(st);
	}
	catalog_free(cat);
	return status;
}
