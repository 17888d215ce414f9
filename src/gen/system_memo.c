/* The system builder's memos (system.h): what lets a rebuild of an
 * unchanged config skip the closure resolution (reading the whole dpkg
 * database and every item's metadata) and the build.
 *
 * The closure memo <store>/.cache/closures/<key> records the closure's item
 * bases and the warnings its resolution printed.  Its key hashes everything
 * closure_resolve() reads that can change: this gxsys build (its GNU build
 * ID), the whole loaded catalog (every entry and setting, the host root),
 * the OS model's package list, the store directory and the *content* of the
 * host's dpkg status file.  The store's part (the sources index and the
 * items' recorded edges) is immutable for a valid item, so a memo is used
 * only while every item it names is still valid; a removed (or collected)
 * item makes it a miss, and the full resolution re-imports what is missing.
 * Closures with a paths-backend node are never memoised: their source keys
 * come from stat()ing the host paths at every resolution.
 *
 * The digest cache <store>/.cache/digests/ keeps the SHA-256 of the large
 * host files every build hashes (gxsys-init, the dpkg status) under their
 * stat identity, with git's "racily clean" rule (system_internal.h). */
#include "system_internal.h"

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hash.h"
#include "util.h"

#define CLOSURE_MEMO_FORMAT "gxsys-closure-memo 1"

/* ---- the digest cache ---- */

/* What changes whenever a file's content may have: its device, inode,
 * size, mtime and ctime (nanoseconds). */
static void identity(const struct stat *st, char *out, size_t n)
{
	snprintf(out, n, "%llu %llu %lld %lld.%09ld %lld.%09ld", (unsigned long long)st->st_dev,
	         (unsigned long long)st->st_ino, (long long)st->st_size,
	         (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec, (long long)st->st_ctim.tv_sec,
	         st->st_ctim.tv_nsec);
}

static char *digest_entry(const struct store *st, const char *path)
{
	uint8_t d[HASH_SHA256_LEN];
	char hex[2 * HASH_SHA256_LEN + 1];

	hash_sha256(path, strlen(path), d);
	hash_hex(d, 20, hex);
	return gx_asprintf("%s/.cache/digests/%s", store_dir(st), hex);
}

/* The recorded digest of PATH if its identity is still ID. */
static bool digest_lookup(const char *entry, const char *path, const char *id,
                          char out[2 * HASH_SHA256_LEN + 1])
{
	_cleanup_free_ char *text = NULL;
	size_t len, pl = strlen(path), il = strlen(id);
	const char *p;

	if (gx_read_file(entry, &text, &len) < 0 || len != pl + il + 2 * HASH_SHA256_LEN + 3)
		return false;
	p = text;
	if (memcmp(p, path, pl) != 0 || p[pl] != '\n')
		return false;
	p += pl + 1;
	if (memcmp(p, id, il) != 0 || p[il] != '\n')
		return false;
	p += il + 1;
	if (p[2 * HASH_SHA256_LEN] != '\n' || strspn(p, "0123456789abcdef") != 2 * HASH_SHA256_LEN)
		return false;
	memcpy(out, p, 2 * HASH_SHA256_LEN);
	out[2 * HASH_SHA256_LEN] = '\0';
	return true;
}

static int digest_fd(int fd, const char *path, char out[2 * HASH_SHA256_LEN + 1],
                     struct gx_error **err)
{
	struct sha256_ctx c;
	uint8_t d[HASH_SHA256_LEN];
	uint8_t chunk[65536];
	ssize_t n;

	sha256_init(&c);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return gx_fail_errno(err, "read '%s'", path);
		sha256_update(&c, (size_t)n, chunk);
	}
	sha256_digest(&c, sizeof(d), d);
	hash_hex(d, sizeof(d), out);
	return 0;
}

int sysi_digest_cached_at(const struct store *st, const char *path, time_t now,
                          char out[2 * HASH_SHA256_LEN + 1], struct gx_error **err)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	_cleanup_free_ char *entry = NULL, *text = NULL;
	struct stat before, after;
	char id[160], id2[160];

	if (fd < 0 || fstat(fd, &before) < 0)
		return gx_fail_errno(err, "read '%s'", path);
	identity(&before, id, sizeof(id));
	entry = digest_entry(st, path);
	if (S_ISREG(before.st_mode) && digest_lookup(entry, path, id, out))
		return 0;
	if (digest_fd(fd, path, out, err) < 0)
		return -1;
	if (!S_ISREG(before.st_mode) || fstat(fd, &after) < 0)
		return 0;
	identity(&after, id2, sizeof(id2));
	/* Racily clean: a change in the same timestamp tick as the last one
	 * would leave the identity as it is.  Record only a file last changed
	 * well before it was read, and unchanged while it was. */
	if (strcmp(id, id2) != 0 || before.st_ctim.tv_sec > now - SYSI_DIGEST_SETTLE)
		return 0;
	text = gx_asprintf("%s\n%s\n%s\n", path, id, out);
	sysi_memo_write(st, "digests", strrchr(entry, '/') + 1, text); /* best effort */
	return 0;
}

int sysi_digest_file(const char *path, char out[2 * HASH_SHA256_LEN + 1], struct gx_error **err)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return gx_fail_errno(err, "read '%s'", path);
	return digest_fd(fd, path, out, err);
}

int sysi_digest_cached(const struct store *st, const char *path, char out[2 * HASH_SHA256_LEN + 1],
                       struct gx_error **err)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return sysi_digest_cached_at(st, path, ts.tv_sec, out, err);
}

/* ---- this gxsys ---- */

struct build_id {
	char hex[2 * 64 + 1];
};

/* The GNU build ID note of the main program (the first object listed). */
static int find_build_id(struct dl_phdr_info *info, size_t size, void *data)
{
	struct build_id *id = data;

	(void)size;
	for (size_t i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		const char *p = (const char *)(info->dlpi_addr + ph->p_vaddr);
		const char *end = p + ph->p_memsz;

		if (ph->p_type != PT_NOTE)
			continue;
		while (p + sizeof(ElfW(Nhdr)) <= end) {
			const ElfW(Nhdr) *nh = (const ElfW(Nhdr) *)(const void *)p;
			size_t name_sz = (nh->n_namesz + 3) & ~(size_t)3;
			size_t desc_sz = (nh->n_descsz + 3) & ~(size_t)3;
			const char *name = p + sizeof(*nh);
			const uint8_t *desc = (const uint8_t *)name + name_sz;

			if ((const char *)desc + desc_sz > end)
				break;
			if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 &&
			    memcmp(name, "GNU", 4) == 0 && nh->n_descsz > 0 && nh->n_descsz <= 64) {
				hash_hex(desc, nh->n_descsz, id->hex);
				return 1;
			}
			p = (const char *)desc + desc_sz;
		}
	}
	return 1; /* only the main program */
}

void sysi_put_self(struct gx_buf *k)
{
	struct build_id id = { "" };
	struct stat st;

	dl_iterate_phdr(find_build_id, &id);
	if (id.hex[0]) {
		gx_buf_printf(k, "gxsys build-id %s\n", id.hex);
		return;
	}
	/* No build ID (a toolchain without --build-id): the executable's
	 * identity; any rewrite of it changes its ctime. */
	if (stat("/proc/self/exe", &st) == 0)
		gx_buf_printf(k, "gxsys exe %llu %llu %lld %lld.%09ld %lld.%09ld\n",
		              (unsigned long long)st.st_dev, (unsigned long long)st.st_ino,
		              (long long)st.st_size, (long long)st.st_mtim.tv_sec,
		              st.st_mtim.tv_nsec, (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
	else
		gx_buf_printf(k, "gxsys exe unknown %ld\n", (long)getpid());
}

static void put_strv(struct gx_buf *k, const char *what, char *const *v)
{
	gx_buf_printf(k, "%s %zu\n", what, gx_strv_len(v));
	for (char *const *p = v; p && *p; p++)
		gx_buf_printf(k, "%zu %s\n", strlen(*p), *p);
}

static void put_catalog(struct gx_buf *k, const struct catalog *cat)
{
	gx_buf_printf(k, "catalog %s\nstore-setting %s\nhost-root %s\n", cat->file,
	              cat->store_dir ? cat->store_dir : "", catalog_host_root(cat));
	put_strv(k, "base-packages", cat->base_packages);
	put_strv(k, "base-set", cat->base_set);
	put_strv(k, "exclude", cat->exclude);
	put_strv(k, "skip-paths", cat->skip_paths);
	put_strv(k, "library-paths", cat->library_paths);
	put_strv(k, "providers", cat->providers);
	for (size_t i = 0; i < cat->n_entries; i++) {
		const struct catalog_entry *e = &cat->entries[i];

		gx_buf_printf(k, "entry %zu %s %d\n", strlen(e->name), e->name, (int)e->backend);
		put_strv(k, "debian", e->debian);
		put_strv(k, "extra", e->extra);
		put_strv(k, "exclude", e->exclude);
		put_strv(k, "paths", e->paths);
		gx_buf_printf(k, "version %s\nhint %s\n", e->version ? e->version : "",
		              e->install_hint ? e->install_hint : "");
	}
}

int sysi_closure_key(const struct store *st, const struct catalog *cat,
                     const struct os_package *pkgs, size_t n, char out[2 * HASH_SHA256_LEN + 1])
{
	struct gx_buf k = GX_BUF_INIT;
	const char *root = catalog_host_root(cat);
	size_t rl = strlen(root);
	_cleanup_free_ char *status = NULL;
	char status_digest[2 * HASH_SHA256_LEN + 1];
	uint8_t d[HASH_SHA256_LEN];

	while (rl > 0 && root[rl - 1] == '/')
		rl--;
	status = gx_asprintf("%.*s/var/lib/dpkg/status", (int)rl, root);
	if (sysi_digest_cached(st, status, status_digest, NULL) < 0)
		return -1;
	gx_buf_printf(&k, "%s\nversion %s\nstore %s\nstatus %s\n", CLOSURE_MEMO_FORMAT,
	              GXSYS_VERSION, store_dir(st), status_digest);
	sysi_put_self(&k);
	put_catalog(&k, cat);
	gx_buf_printf(&k, "packages %zu\n", n);
	for (size_t i = 0; i < n; i++)
		gx_buf_printf(&k, "%zu %s %s %d\n", strlen(pkgs[i].name), pkgs[i].name,
		              pkgs[i].output ? pkgs[i].output : "", (int)pkgs[i].base);
	hash_sha256(k.data, k.len, d);
	hash_hex(d, sizeof(d), out);
	gx_buf_free(&k);
	return 0;
}

int sysi_memo_write(const struct store *st, const char *sub, const char *name, const char *text)
{
	_cleanup_free_ char *dir = gx_asprintf("%s/.cache", store_dir(st));
	_cleanup_free_ char *subdir = gx_asprintf("%s/%s", dir, sub);
	_cleanup_free_ char *path = gx_asprintf("%s/%s", subdir, name);

	if ((mkdir(dir, 0700) < 0 && errno != EEXIST) ||
	    (mkdir(subdir, 0700) < 0 && errno != EEXIST))
		return -1;
	return gx_write_file_atomic(path, text, strlen(text), 0644);
}

/* One line per warning: a newline in one would end it early. */
static void put_line(struct gx_buf *b, const char *tag, const char *s)
{
	gx_buf_printf(b, "%s ", tag);
	for (; *s; s++)
		gx_buf_putc(b, *s == '\n' ? ' ' : *s);
	gx_buf_putc(b, '\n');
}

int sysi_closure_memo_write(const struct store *st, const char *key, char *const *bases,
                            char *const *warnings)
{
	struct gx_buf b = GX_BUF_INIT;
	int r;

	gx_buf_printf(&b, "%s\n", CLOSURE_MEMO_FORMAT);
	for (char *const *w = warnings; w && *w; w++)
		put_line(&b, "warn", *w);
	for (char *const *p = bases; p && *p; p++)
		put_line(&b, "item", *p);
	gx_buf_printf(&b, "end %zu\n", gx_strv_len(bases));
	r = sysi_memo_write(st, "closures", key, b.data);
	gx_buf_free(&b);
	return r;
}

char **sysi_closure_memo_read(struct store *st, const char *key, char ***warnings)
{
	_cleanup_free_ char *path = gx_asprintf("%s/.cache/closures/%s", store_dir(st), key);
	_cleanup_free_ char *text = NULL;
	_cleanup_strv_ char **bases = NULL, **warns = NULL;
	char *save = NULL, *l;
	size_t len, n;
	bool ended = false;

	*warnings = NULL;
	if (gx_read_file(path, &text, &len) < 0 || (l = strtok_r(text, "\n", &save)) == NULL ||
	    strcmp(l, CLOSURE_MEMO_FORMAT) != 0)
		return NULL;
	while (!ended && (l = strtok_r(NULL, "\n", &save)) != NULL) {
		if (strncmp(l, "warn ", 5) == 0)
			warns = gx_strv_push(warns, l + 5);
		else if (strncmp(l, "item ", 5) == 0 && store_is_valid(st, l + 5) == 1)
			bases = gx_strv_push(bases, l + 5);
		else if (sscanf(l, "end %zu", &n) == 1 && n == gx_strv_len(bases) && n > 0)
			ended = true;
		else
			return NULL; /* an item no longer valid, or a damaged memo */
	}
	if (!ended)
		return NULL;
	*warnings = steal_pointer(&warns);
	return steal_pointer(&bases);
}

/* ---- pruning, after a GC ---- */

/* Whether the memo text names an item that is no longer valid: an "item
 * BASE" line (closure and locale memos) or a line that is a path into the store
 * (system memos). */
static bool memo_names_gone(struct store *st, char *text)
{
	char *save = NULL;

	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		_cleanup_free_ char *base = NULL;

		if (strncmp(l, "item ", 5) == 0)
			base = gx_xstrdup(l + 5);
		else
			base = store_path_base(store_dir(st), l);
		if (base && store_is_valid(st, base) != 1)
			return true;
	}
	return false;
}

size_t sys_memo_prune(struct store *st)
{
	static const char *const subs[] = { "systems", "closures", "locales" };
	size_t pruned = 0;

	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
		_cleanup_free_ char *dir = gx_asprintf("%s/.cache/%s", store_dir(st), subs[i]);
		DIR *d = opendir(dir);
		struct dirent *e;

		while (d && (e = readdir(d)) != NULL) {
			_cleanup_free_ char *path = NULL, *text = NULL;
			size_t len;

			if (e->d_name[0] == '.')
				continue;
			path = gx_asprintf("%s/%s", dir, e->d_name);
			if (gx_read_file(path, &text, &len) == 0 && memo_names_gone(st, text) &&
			    unlink(path) == 0)
				pruned++;
		}
		if (d)
			closedir(d);
	}
	return pruned;
}
