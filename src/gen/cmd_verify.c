/* gxsys verify: re-hash store items and report corruption. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "store_cli.h"

static const char verify_usage[] =
        "Usage: gxsys verify [OPTION...] [ITEM...]\n"
        "Re-hash every store item (or the ITEMs, given by name or path) and report those whose\n"
        "content no longer matches.  Exit status 0: all good, 1: corruption found.\n\n"
        "  -s, --store DIR    the store (default: GXSYS_STORE, gxsys.conf)\n"
        "  -c, --config FILE  gxsys.conf to use (default: GXSYS_CONFIG)\n"
        "  -h, --help         show this help\n";

static void bad(void *ctx, const char *base, const char *what)
{
	(void)ctx;
	fprintf(stderr, "gxsys: verify '%s': %s\n", base, what);
}

int cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *store = NULL, *config = NULL;
	int c, status = GX_EXIT_OK, n;
	struct catalog *cat;
	struct store *st;
	struct gx_error *err = NULL;

	optind = 1;
	while ((c = getopt_long(argc, argv, "s:c:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			store = optarg;
			break;
		case 'c':
			config = optarg;
			break;
		case 'h':
			fputs(verify_usage, stdout);
			return GX_EXIT_OK;
		default:
			fputs(verify_usage, stderr);
			return GX_EXIT_USAGE;
		}
	}
	if (!(cat = store_cli_catalog("verify", config, &status)))
		return status;
	if (!(st = store_cli_open("verify", cat, store, STORE_OPEN_READONLY, &status))) {
		catalog_free(cat);
		return status;
	}
	/* items by name or by path ("<store>/<base>/..."): keep the base */
	for (int i = optind; i < argc; i++) {
		size_t l = strlen(store_dir(st));
		if (strncmp(argv[i], store_dir(st), l) == 0 && argv[i][l] == '/') {
			argv[i] += l + 1;
			argv[i][strcspn(argv[i], "/")] = '\0';
		}
	}
	/* a name that is not an item of this store is a wrong argument, not a
	 * corrupt item: said as such, and the others are verified */
	int named = 0, valid = optind;
	for (int i = optind; i < argc; i++, named++) {
		if (store_is_valid(st, argv[i]) == 1)
			argv[valid++] = argv[i];
		else {
			fprintf(stderr, "gxsys: verify '%s': not an item of the store '%s'\n",
			        argv[i], store_dir(st));
			status = GX_EXIT_FAILURE;
		}
	}
	argv[valid] = NULL;
	if (named > 0 && valid == optind)
		n = 0; /* none to verify: not the whole store */
	else
		n = store_verify(st, named > 0 ? argv + optind : NULL, bad, NULL, &err);
	if (n < 0) {
		fprintf(stderr, "gxsys: verify '%s': %s\n", store_dir(st), err->msg);
		status = err->status;
		gx_error_free(err);
	} else if (n > 0) {
		fprintf(stderr, "gxsys: verify '%s': %d corrupt item%s\n", store_dir(st), n,
		        n == 1 ? "" : "s");
		status = GX_EXIT_FAILURE;
	}
	store_close(st);
	catalog_free(cat);
	return status;
}
