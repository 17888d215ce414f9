/* gxsys-import: the static importer a bundle carries (gxsys container
 * --bundle).  It is archive_import() and the store code of libgxgen.a linked
 * statically, so the target host needs no gxsys, no compiler and no dpkg
 * packages: the bundle's launcher extracts it, checks its sha256, and runs
 *
 *   gxsys-import --store=DIR --offset=N [--root-prefix=P] [--name=PROG]
 *                [--check-namespaces=mnt,pid,...] BUNDLE
 *
 * Exit status: 0 imported (or nothing to do), 1 the bundle is truncated or
 * corrupted, 2 usage, 3 system error (store not writable, disk full, no
 * namespaces).  On any failure the store is left as it was. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "archive.h"
#include "err.h"
#include "store.h"
#include "util.h"
#include "stop.h"

struct import_args {
	const char *store, *root_prefix, *name, *namespaces, *file;
	long long offset;
	bool list;
};

static const struct {
	const char *name;
	int flag;
} ns_table[] = {
	{ "mnt", CLONE_NEWNS },  { "pid", CLONE_NEWPID },       { "uts", CLONE_NEWUTS },
	{ "ipc", CLONE_NEWIPC }, { "cgroup", CLONE_NEWCGROUP }, { "net", CLONE_NEWNET },
};

/* In a child, unshare each namespace of the comma-separated list; the first
 * that fails is reported with its errno. */
static int probe_one(const char *name, int *errnum)
{
	int fds[2], status, e = 0;
	pid_t pid;

	for (size_t i = 0; i < sizeof(ns_table) / sizeof(ns_table[0]); i++) {
		if (strcmp(ns_table[i].name, name) != 0)
			continue;
		if (pipe2(fds, O_CLOEXEC) < 0 || (pid = fork()) < 0)
			return -1;
		if (pid == 0) {
			e = unshare(ns_table[i].flag) < 0 ? errno : 0;
			if (write(fds[1], &e, sizeof(e)) < 0)
				_exit(1);
			_exit(0);
		}
		close(fds[1]);
		if (read(fds[0], &e, sizeof(e)) != (ssize_t)sizeof(e))
			e = EIO;
		close(fds[0]);
		waitpid(pid, &status, 0);
		*errnum = e;
		return 0;
	}
	*errnum = 0;
	return 0;
}

static int check_namespaces(const char *list, struct gx_error **err)
{
	_cleanup_free_ char *copy = gx_xstrdup(list);
	char *save = NULL;

	for (char *n = strtok_r(copy, ",", &save); n; n = strtok_r(NULL, ",", &save)) {
		int e = 0;

		if (probe_one(n, &e) < 0)
			return gx_fail_errno(err, "cannot probe for namespaces");
		if (e == EINVAL || e == ENOSYS)
			return gx_fail(
			        err, GX_EXIT_SYSTEM, e,
			        "this kernel cannot create %s namespaces, "
			        "which a system container needs (it was built without them); "
			        "nothing was imported",
			        n);
		if (e)
			return gx_fail(err, GX_EXIT_SYSTEM, e,
			               "cannot create a %s namespace, which a "
			               "system container needs; nothing was imported",
			               n);
	}
	return 0;
}

static void note(void *ctx, const char *msg)
{
	fprintf(stderr, "%s: %s\n", (const char *)ctx, msg);
}

static void list_item(void *ctx, const char *base, const char *meta, bool present)
{
	const char *size = strstr(meta, "\nsize: ");

	(void)ctx;
	printf("%s\t%llu\t%s\n", base, size ? strtoull(size + 7, NULL, 10) : 0ULL,
	       present ? "present" : "missing");
}

static int run(const struct import_args *a, struct gx_error **err)
{
	struct archive_import_opts o = { .list_only = a->list,
		                         .root_prefix = a->root_prefix,
		                         .note = note,
		                         .ctx = (void *)a->name,
		                         .stop = a->list ? NULL : gx_catch_stop() };
	struct archive_stats stats;
	struct store *st = NULL;
	_cleanup_free_ char *missing = archive_store_missing(a->store);
	_cleanup_close_ int fd = a->file ? open(a->file, O_RDONLY | O_CLOEXEC) : dup(0);
	int rc;

	if (fd < 0)
		return gx_fail_errno(err, "cannot open '%s'", a->file ? a->file : "stdin");
	if (a->offset && lseek(fd, (off_t)a->offset, SEEK_SET) < 0)
		return gx_fail_errno(err, "cannot seek in '%s'", a->file ? a->file : "stdin");
	if (a->list)
		o.item = list_item;
	else if (a->namespaces && check_namespaces(a->namespaces, err) < 0)
		return -1;
	if (!a->list && !(st = store_open(a->store, STORE_OPEN_CREATE, err))) {
		archive_store_unmake(a->store, missing);
		return gx_wrap(err, "nothing was imported");
	}
	rc = archive_import(st, fd, &o, &stats, err);
	if (rc < 0 && !a->list)
		gx_wrap(err, "nothing was imported");
	else if (!a->list && stats.imported)
		fprintf(stderr, "%s: imported %zu of the %zu store items into '%s'\n", a->name,
		        stats.imported, stats.items, a->store);
	store_close(st);
	if (rc < 0 && !a->list)
		archive_store_unmake(a->store, missing);
	return rc;
}

static int parse(int argc, char **argv, struct import_args *a)
{
	static const struct option opts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "offset", required_argument, NULL, 'o' },
		{ "root-prefix", required_argument, NULL, 'r' },
		{ "name", required_argument, NULL, 'n' },
		{ "check-namespaces", required_argument, NULL, 'N' },
		{ "list", no_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	char *end;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 's')
			a->store = optarg;
		else if (c == 'o' && (a->offset = strtoll(optarg, &end, 10)) >= 0 && !*end)
			continue;
		else if (c == 'r')
			a->root_prefix = optarg;
		else if (c == 'n')
			a->name = optarg;
		else if (c == 'N')
			a->namespaces = optarg;
		else if (c == 'l')
			a->list = true;
		else
			return -1;
	}
	if (optind < argc - 1)
		return -1;
	a->file = optind < argc ? argv[optind] : NULL;
	return 0;
}

int main(int argc, char **argv)
{
	struct import_args a = { .store = STORE_DEFAULT_DIR, .name = "gxsys-import" };
	struct gx_error *err = NULL;
	int status = GX_EXIT_OK;

	if (parse(argc, argv, &a) < 0) {
		fprintf(stderr, "Usage: gxsys-import [--store=DIR] [--offset=N] [--root-prefix=P] "
		                "[--name=PROG] [--check-namespaces=LIST] [--list] [FILE]\n");
		return GX_EXIT_USAGE;
	}
	if (run(&a, &err) < 0) {
		fprintf(stderr, "%s: import into '%s': %s\n", a.name, a.store, err->msg);
		status = err->status;
		gx_error_free(err);
	}
	if (fflush(stdout) != 0 && status == GX_EXIT_OK)
		status = GX_EXIT_SYSTEM;
	return status;
}
