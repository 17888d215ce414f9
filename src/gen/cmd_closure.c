/* gxsys closure: list the store items a system (or -p packages) needs, with
 * sizes and a total; --tree shows why each is there; --import fills the
 * store. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "closure.h"
#include "commands.h"
#include "eval.h"
#include "store_cli.h"
#include "util.h"
#include "stop.h"

struct closure_args {
	const char *store, *config, *file;
	char **pkgs;
	bool tree, import, allow_modified;
};

static const char closure_usage[] =
        "Usage: gxsys closure [OPTION...] [FILE]\n"
        "List the closure of the system declared in FILE, or of the packages given\n"
        "with -p: one store item per line with its size, then the total.\n\n"
        "  -p, --package NAME    add a catalog (or Debian) package; repeatable;\n"
        "                        %base-packages adds the catalog's base set\n"
        "  -t, --tree            show why each item is in the closure\n"
        "  -i, --import          import missing items into the store first\n"
        "      --allow-modified  import host files that fail dpkg's md5sums\n"
        "  -s, --store DIR       the store (default: GXSYS_STORE, gxsys.conf)\n"
        "  -c, --config FILE     gxsys.conf to use (default: GXSYS_CONFIG)\n"
        "  -h, --help            show this help\n";

static int parse_args(int argc, char **argv, struct closure_args *a)
{
	static const struct option opts[] = {
		{ "package", required_argument, NULL, 'p' },
		{ "tree", no_argument, NULL, 't' },
		{ "import", no_argument, NULL, 'i' },
		{ "allow-modified", no_argument, NULL, 'M' },
		{ "store", required_argument, NULL, 's' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "p:tis:c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			a->pkgs = gx_strv_push(a->pkgs, optarg);
			break;
		case 't':
			a->tree = true;
			break;
		case 'i':
			a->import = true;
			break;
		case 'M':
			a->allow_modified = true;
			break;
		case 's':
			a->store = optarg;
			break;
		case 'c':
			a->config = optarg;
			break;
		case 'h':
			fputs(closure_usage, stdout);
			return GX_EXIT_OK;
		default:
			fputs(closure_usage, stderr);
			return GX_EXIT_USAGE;
		}
	}
	if (optind < argc)
		a->file = argv[optind++];
	if (optind < argc || (!a->file && !a->pkgs)) {
		fputs(closure_usage, stderr);
		return GX_EXIT_USAGE;
	}
	return -1;
}

static void print_item(const struct closure_node *n, uint64_t *total)
{
	char sz[32];
	uint64_t bytes = n->item ? n->item->size : n->host_size;

	*total += bytes;
	store_cli_size(bytes, sz, sizeof(sz));
	if (n->item)
		printf("%s\t%s\n", n->item->path, sz);
	else
		printf("(not in store) %s%s%s\t%s\n", n->pkg, *n->version ? "-" : "", n->version,
		       sz);
}

static int cmp_node(const void *x, const void *y)
{
	const struct closure_node *a = *(const struct closure_node *const *)x;
	const struct closure_node *b = *(const struct closure_node *const *)y;

	if (a->item && b->item)
		return strcmp(a->item->path, b->item->path);
	if (!a->item != !b->item)
		return a->item ? -1 : 1;
	return strcmp(a->pkg, b->pkg);
}

static void print_list(const struct closure *c)
{
	const struct closure_node **v = gx_xcalloc(c->n + 1, sizeof(*v));
	uint64_t total = 0;
	char sz[32];

	for (size_t i = 0; i < c->n; i++)
		v[i] = &c->nodes[i];
	qsort(v, c->n, sizeof(*v), cmp_node);
	for (size_t i = 0; i < c->n; i++)
		print_item(v[i], &total);
	store_cli_size(total, sz, sizeof(sz));
	printf("total: %zu items, %s\n", c->n, sz);
	free(v);
}

static void print_tree(const struct closure *c, size_t i, int depth)
{
	const struct closure_node *n = &c->nodes[i];
	char sz[32];

	store_cli_size(n->item ? n->item->size : n->host_size, sz, sizeof(sz));
	printf("%*s%s%s%s  (%s%s%s) %s\n", depth * 2, "", n->pkg, *n->version ? " " : "",
	       n->version, closure_why_name(n->why), n->why_detail ? ": " : "",
	       n->why_detail ? n->why_detail : "", sz);
	for (size_t j = 0; j < c->n; j++) {
		const struct closure_node *m = &c->nodes[j];
		if (j != i && m->parent == i && m->why != CLOSURE_WHY_REQUESTED &&
		    m->why != CLOSURE_WHY_BASE_SET)
			print_tree(c, j, depth + 1);
	}
}

/* -p names; "%base-packages" stands for the catalog's set (absent members
 * are skipped with a warning, as in a system declaration). */
static struct os_package *packages_of(char **names, const struct catalog *cat,
                                      const struct os_model *m, size_t *n)
{
	size_t cap =
	        gx_strv_len(names) + gx_strv_len(cat->base_packages) + 1 + (m ? m->n_packages : 0);
	struct os_package *v = gx_xcalloc(cap, sizeof(*v));

	*n = 0;
	for (size_t i = 0; m && i < m->n_packages; i++)
		v[(*n)++] = m->packages[i];
	for (char **p = names; p && *p; p++) {
		if (strcmp(*p, "%base-packages") != 0) {
			v[(*n)++].name = *p;
			continue;
		}
		for (char **b = cat->base_packages; b && *b; b++) {
			v[*n].name = *b;
			v[(*n)++].base = true;
		}
	}
	return v;
}

static int run(struct closure_args *a, struct catalog *cat)
{
	struct gx_error *err = NULL;
	struct store_cli_progress prog = { 0 };
	/* SIGINT, SIGTERM, SIGHUP: an import stops and removes what it staged. */
	struct closure_opts o = { .allow_modified = a->allow_modified,
		                  .warn = store_cli_warn,
		                  .progress = store_cli_progress,
		                  .ctx = &prog,
		                  .stop = a->import ? gx_catch_stop() : NULL };
	int status = GX_EXIT_OK;
	struct store *st;
	struct closure *c = NULL;
	size_t n;
	_cleanup_free_ struct os_package *pk = NULL;
	struct gx_arena arena = GX_ARENA_INIT;
	struct os_model *m = NULL;

	if (a->file && !(m = ev_eval_file(&arena, a->file, &err))) {
		/* config errors already read FILE:LINE:COL: message */
		if (err->status == GX_EXIT_FAILURE &&
		    strncmp(err->msg, a->file, strlen(a->file)) == 0)
			fprintf(stderr, "%s\n", err->msg);
		else
			fprintf(stderr, "gxsys: closure '%s': %s\n", a->file, err->msg);
		status = err->status;
		gx_error_free(err);
		gx_arena_free(&arena);
		return status;
	}
	pk = packages_of(a->pkgs, cat, m, &n);
	/* Listing works without a store (everything is "not in store"). */
	if (a->import || access(catalog_store_dir(cat, a->store), F_OK) == 0) {
		st = store_cli_open("closure", cat, a->store,
		                    a->import ? STORE_OPEN_CREATE : STORE_OPEN_READONLY, &status);
		if (!st)
			return status;
	} else {
		st = NULL;
	}
	c = closure_resolve(st, cat, pk, n, &o, &err);
	if (c && a->import && closure_missing(c) && closure_import(st, c, &o, &err) < 0) {
		closure_free(c);
		c = NULL;
	}
	store_cli_progress_done(&prog);
	if (!c) {
		fprintf(stderr, "gxsys: closure '%s': %s\n", a->file ? a->file : a->pkgs[0],
		        err->msg);
		status = err->status;
		gx_error_free(err);
	} else if (a->tree) {
		for (size_t i = 0; i < c->n; i++)
			if (c->nodes[i].why == CLOSURE_WHY_REQUESTED ||
			    c->nodes[i].why == CLOSURE_WHY_BASE_SET)
				print_tree(c, i, 0);
	} else {
		print_list(c);
	}
	closure_free(c);
	if (st)
		store_close(st);
	gx_arena_free(&arena);
	return status;
}

int cmd_closure(int argc, char **argv)
{
	struct closure_args a = { 0 };
	int status = parse_args(argc, argv, &a);
	struct catalog *cat;

	if (status >= 0) {
		gx_strv_free(a.pkgs);
		return status;
	}
	if ((cat = store_cli_catalog("closure", a.config, &status))) {
		status = run(&a, cat);
		catalog_free(cat);
	}
	gx_strv_free(a.pkgs);
	return status;
}
