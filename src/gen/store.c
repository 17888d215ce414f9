/* store: opening, locking, cleanup, registration and metadata (store.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hash.h"
#include "store.h"
#include "store_int.h"

static const char *const db_dirs[] = { ".db",         ".db/items", ".db/manifest",
	                               ".db/sources", ".roots",    ".tmp" };

static int mkdir_p(const char *path, mode_t mode)
{
	_cleanup_free_ char *copy = gx_xstrdup(path);

	for (char *p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, mode) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(copy, mode) < 0 && errno != EEXIST ? -1 : 0;
}

static int make_layout(const char *dir, struct gx_error **err)
{
	if (mkdir_p(dir, 0755) < 0)
		return gx_fail_errno(err, "cannot create the store '%s'", dir);
	for (size_t i = 0; i < sizeof(db_dirs) / sizeof(db_dirs[0]); i++) {
		_cleanup_free_ char *p = gx_asprintf("%s/%s", dir, db_dirs[i]);
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			return gx_fail_errno(err, "cannot create '%s'", p);
	}
	return 0;
}

static bool valid_base(const char *base)
{
	return base && strlen(base) > STORE_HASH_LEN + 1 && base[STORE_HASH_LEN] == '-' &&
	       !strchr(base, '/') && base[0] != '.' && !strstr(base, ".tmp-");
}

/* Remove a tree, making directories writable first (items are read-only). */
int store_rm_rf_at(int dfd, const char *name)
{
	return store_rm_rf_freed(dfd, name, NULL);
}

int store_rm_rf_freed(int dfd, const char *name, uint64_t *freed)
{
	struct stat st;
	DIR *d;
	struct dirent *e;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode)) {
		if (unlinkat(dfd, name, 0) < 0)
			return errno != ENOENT ? -1 : 0;
		/* its last name: the space is free (as Nix counts it) */
		if (freed && S_ISREG(st.st_mode) && st.st_nlink == 1)
			*freed += (uint64_t)st.st_size;
		return 0;
	}
	if ((st.st_mode & 0700) != 0700)
		if (fchmodat(dfd, name, 0700, 0) < 0) { /* rm will report it */
		}
	if (!(d = gx_opendirat(dfd, name, O_NOFOLLOW)))
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			store_rm_rf_freed(dirfd(d), e->d_name, freed);
	closedir(d);
	return unlinkat(dfd, name, AT_REMOVEDIR) < 0 && errno != ENOENT ? -1 : 0;
}

/* Remove the files of DIR (under dfd) that a killed run was writing under a
 * temporary name: holding INFIX, or (INFIX NULL) starting with ".tmp-". */
static void remove_tmp_names(int dfd, const char *dir, const char *infix)
{
	DIR *d = gx_opendirat(dfd, dir, O_NOFOLLOW);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)))
		if (infix ? strstr(e->d_name, infix) != NULL : strncmp(e->d_name, ".tmp-", 5) == 0)
			unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
}

/* With the exclusive lock: nobody else is running.  Remove temporaries,
 * half-written metadata and item directories that were never registered. */
static void cleanup_stale(struct store *st)
{
	DIR *d;
	struct dirent *e;

	if ((d = gx_opendirat(st->dfd, ".tmp", 0))) {
		while ((e = readdir(d)))
			if (e->d_name[0] != '.')
				store_rm_rf_at(dirfd(d), e->d_name);
		closedir(d);
	}
	for (int i = 1; i <= 3; i++)
		remove_tmp_names(st->dfd, db_dirs[i], ".tmp-");
	remove_tmp_names(st->dfd, ".roots", NULL);      /* store_add_root's ".tmp-PID-NAME" */
	if ((d = gx_opendirat(st->dfd, ".cache", 0))) { /* the memos' NAME.tmp-XXXXXX */
		while ((e = readdir(d)))
			if (e->d_name[0] != '.')
				remove_tmp_names(dirfd(d), e->d_name, ".tmp-");
		closedir(d);
	}
	if (!(d = gx_opendirat(st->dfd, ".", 0)))
		return;
	/* what a killed run leaves is named like an item: anything else (a
	 * file put there by hand) is not ours to remove */
	while ((e = readdir(d)))
		if (valid_base(e->d_name) && store_is_valid(st, e->d_name) != 1)
			store_rm_rf_at(st->dfd, e->d_name);
	closedir(d);
}

int store_lock_exclusive(struct store *st, struct gx_error **err)
{
	if (st->lockfd < 0)
		return gx_fail(err, GX_EXIT_SYSTEM, 0, "store '%s' is read-only", st->dir);
	flock(st->lockfd, LOCK_UN);
	if (flock(st->lockfd, LOCK_EX) < 0)
		return gx_fail_errno(err, "cannot lock the store '%s'", st->dir);
	return 0;
}

void store_lock_shared(struct store *st)
{
	if (st->lockfd >= 0)
		flock(st->lockfd, LOCK_SH);
}

static int take_lock(struct store *st, struct gx_error **err)
{
	st->lockfd = openat(st->dfd, ".db/lock", O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (st->lockfd < 0)
		return gx_fail_errno(err, "cannot open the store lock '%s/.db/lock'", st->dir);
	if (flock(st->lockfd, LOCK_EX | LOCK_NB) == 0) {
		cleanup_stale(st);
		flock(st->lockfd, LOCK_SH);
		return 0;
	}
	if (flock(st->lockfd, LOCK_SH) < 0)
		return gx_fail_errno(err, "cannot lock the store '%s'", st->dir);
	return 0;
}

/* A store path is written on lines (the launcher's path, the last line
 * of gxsys container's stdout; a running container's paths, one per line,
 * which gxsys list and gc read): no control character in it. */
static bool store_path_ok(const char *dir)
{
	return !gx_has_control(dir, strlen(dir));
}

static int store_path_bad(struct gx_error **err)
{
	return gx_fail(err, GX_EXIT_FAILURE, 0,
	               "the store's path holds a control character (a newline...), which "
	               "would cut the paths gxsys prints and reads back: choose another");
}

/* A directory that is not a store yet must hold nothing but dot files (and
 * a file system's lost+found) to be made one: the cleanup of a store takes
 * what is not a registered item for what a killed run left, and removes it
 * (`--store=$HOME` must not empty the home directory). */
static int check_not_a_store(const char *dir, struct gx_error **err)
{
	_cleanup_free_ char *items = gx_asprintf("%s/.db/items", dir);
	DIR *d;
	struct dirent *e;
	const char *found = NULL;

	if (access(items, F_OK) == 0)
		return 0;
	if (!(d = opendir(dir)))
		return errno == ENOENT ? 0 : gx_fail_errno(err, "cannot open the store '%s'", dir);
	while (!found && (e = readdir(d)))
		if (e->d_name[0] != '.' && strcmp(e->d_name, "lost+found") != 0)
			found = e->d_name;
	if (found)
		gx_fail(err, GX_EXIT_SYSTEM, 0,
		        "'%s' is not a gxsys store and is not empty (it holds '%s'): refusing to "
		        "make a store in it (choose an empty or new directory)",
		        dir, found);
	closedir(d);
	return found ? -1 : 0;
}

struct store *store_open(const char *dir, unsigned flags, struct gx_error **err)
{
	if (!store_path_ok(dir)) {
		store_path_bad(err);
		return NULL;
	}
	struct store *st = gx_xcalloc(1, sizeof(*st));

	st->lockfd = st->dfd = st->regfd = -1;
	st->dir = gx_xstrdup(dir);
	st->flags = flags;
	if ((flags & STORE_OPEN_CREATE) && !(flags & STORE_OPEN_READONLY) &&
	    (check_not_a_store(dir, err) < 0 || make_layout(dir, err) < 0))
		goto fail;
	st->dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (st->dfd < 0) {
		gx_fail_errno(err, "cannot open the store '%s'", dir);
		goto fail;
	}
	/* item paths handed out are absolute, whatever the caller gave */
	char *real = realpath(dir, NULL);
	if (real) {
		free(st->dir);
		st->dir = real;
	}
	if (!store_path_ok(st->dir)) { /* a link to such a path */
		store_path_bad(err);
		goto fail;
	}
	if (faccessat(st->dfd, ".db/items", F_OK, 0) < 0) {
		gx_fail_errno(err, "'%s' is not a gxsys store (no .db/items)", dir);
		goto fail;
	}
	if (!(flags & STORE_OPEN_READONLY) && take_lock(st, err) < 0)
		goto fail;
	if (flags & STORE_OPEN_READONLY) {
		st->lockfd = openat(st->dfd, ".db/lock", O_RDONLY | O_CLOEXEC);
		if (st->lockfd >= 0)
			flock(st->lockfd, LOCK_SH);
		st->lockfd_ro = true;
	}
	return st;
fail:
	store_close(st);
	return NULL;
}

static void drop_prepared(struct store *st, const char *base);

void store_close(struct store *st)
{
	if (!st)
		return;
	for (char **t = st->tmpdirs; t && *t; t++) {
		int fd = open(st->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0) {
			_cleanup_free_ char *rel = gx_asprintf(".tmp/%s", strrchr(*t, '/') + 1);
			store_rm_rf_at(fd, rel);
			close(fd);
		}
	}
	gx_strv_free(st->tmpdirs);
	for (char **p = st->prepared; p && *p; p++)
		drop_prepared(st, *p);
	gx_strv_free(st->prepared);
	if (st->lockfd >= 0)
		close(st->lockfd);
	if (st->regfd >= 0)
		close(st->regfd);
	if (st->dfd >= 0)
		close(st->dfd);
	free(st->buf);
	free(st->dir);
	free(st);
}

const char *store_dir(const struct store *st)
{
	return st->dir;
}

char *store_path_base(const char *dir, const char *path)
{
	size_t n = strlen(dir);

	if (strncmp(path, dir, n) != 0 || path[n] != '/')
		return NULL;
	return gx_xstrndup(path + n + 1, strcspn(path + n + 1, "/"));
}

int store_is_registered(struct store *st, const char *base)
{
	_cleanup_free_ char *p = NULL;

	if (!valid_base(base))
		return 0;
	p = gx_asprintf(".db/items/%s", base);
	return faccessat(st->dfd, p, F_OK, 0) == 0 ? 1 : 0;
}

/* Registered, and its directory is there: an item whose directory was
 * removed by hand is not served (a system built from it would silently lack
 * its files); the next import of it puts it back in place. */
int store_is_valid(struct store *st, const char *base)
{
	struct stat sb;

	if (store_is_registered(st, base) != 1)
		return 0;
	return fstatat(st->dfd, base, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(sb.st_mode) ? 1 : 0;
}

char *store_item_meta(struct store *st, const char *base)
{
	_cleanup_free_ char *p = NULL;
	char *data = NULL;
	size_t len;

	if (!valid_base(base))
		return NULL;
	p = gx_asprintf("%s/.db/items/%s", st->dir, base);
	if (gx_read_file(p, &data, &len) < 0)
		return NULL;
	return data;
}

/* ---- escaping ---- */

void store_escape(struct gx_buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == 0x7f || *p == '\\')
			gx_buf_printf(b, "\\x%02x", *p);
		else
			gx_buf_putc(b, (char)*p);
}

char *store_unescape(const char *s)
{
	struct gx_buf b = GX_BUF_INIT;

	for (const char *p = s; *p; p++) {
		uint8_t c;
		char hex[3];

		if (*p != '\\') {
			gx_buf_putc(&b, *p);
			continue;
		}
		if (p[1] != 'x' || !p[2] || !p[3]) {
			gx_buf_free(&b);
			return NULL;
		}
		memcpy(hex, p + 2, 2);
		hex[2] = '\0';
		if (hash_unhex(hex, &c, 1) < 0 || c == 0) {
			gx_buf_free(&b);
			return NULL;
		}
		gx_buf_putc(&b, (char)c);
		p += 3;
	}
	return gx_buf_steal(&b);
}

/* ---- items ---- */

static void item_add_line(struct store_item *it, const char *key, const char *val)
{
	if (strcmp(key, "name") == 0 && !it->name)
		it->name = gx_xstrdup(val);
	else if (strcmp(key, "version") == 0 && !it->version)
		it->version = gx_xstrdup(val);
	else if (strcmp(key, "size") == 0)
		it->size = strtoull(val, NULL, 10);
	else if (strcmp(key, "files") == 0)
		it->nfiles = strtoull(val, NULL, 10);
	else if (strcmp(key, "ref") == 0)
		it->refs = gx_strv_push(it->refs, val);
	else if (strcmp(key, "conffile") == 0) {
		char *u = store_unescape(val);
		if (u)
			it->conffiles = gx_strv_push(it->conffiles, u);
		free(u);
	}
}

struct store_item *store_item_parse(struct store *st, const char *base, const char *meta)
{
	struct store_item *it = gx_xcalloc(1, sizeof(*it));
	_cleanup_free_ char *copy = gx_xstrdup(meta);
	char *save = NULL;

	it->base = gx_xstrdup(base);
	it->path = gx_asprintf("%s/%s", st->dir, base);
	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *sep = strstr(l, ": ");
		if (!sep)
			continue;
		*sep = '\0';
		item_add_line(it, l, sep + 2);
	}
	if (!it->name)
		it->name = gx_xstrdup("");
	if (!it->version)
		it->version = gx_xstrdup("");
	if (!it->refs)
		it->refs = gx_xcalloc(1, sizeof(char *));
	if (!it->conffiles)
		it->conffiles = gx_xcalloc(1, sizeof(char *));
	return it;
}

struct store_item *store_item_get(struct store *st, const char *base, struct gx_error **err)
{
	_cleanup_free_ char *meta = store_item_meta(st, base);

	if (!meta) {
		gx_fail(err, GX_EXIT_SYSTEM, 0, "'%s' is not a valid item of the store '%s'", base,
		        st->dir);
		return NULL;
	}
	return store_item_parse(st, base, meta);
}

void store_item_free(struct store_item *it)
{
	if (!it)
		return;
	free(it->base);
	free(it->path);
	free(it->name);
	free(it->version);
	gx_strv_free(it->refs);
	gx_strv_free(it->conffiles);
	free(it);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **store_list(struct store *st, struct gx_error **err)
{
	char **v = gx_xcalloc(1, sizeof(char *));
	DIR *d = gx_opendirat(st->dfd, ".db/items", 0);
	struct dirent *e;

	if (!d) {
		gx_strv_free(v);
		gx_fail_errno(err, "cannot list '%s/.db/items'", st->dir);
		return NULL;
	}
	while ((e = readdir(d)))
		if (valid_base(e->d_name))
			v = gx_strv_push(v, e->d_name);
	closedir(d);
	qsort(v, gx_strv_len(v), sizeof(char *), cmp_str);
	return v;
}

/* ---- temporaries and registration ---- */

char *store_mkdtemp(struct store *st, const char *hint, struct gx_error **err)
{
	char *path = gx_asprintf("%s/.tmp/%ld-%s-XXXXXX", st->dir, (long)getpid(),
	                         hint && *hint && !strchr(hint, '/') ? hint : "tmp");

	if (!mkdtemp(path)) {
		gx_fail_errno(err, "cannot make a temporary directory in '%s/.tmp'", st->dir);
		free(path);
		return NULL;
	}
	st->tmpdirs = gx_strv_push(st->tmpdirs, path);
	return path;
}

int store_sync(struct store *st, struct gx_error **err)
{
	if (syncfs(st->dfd) < 0)
		return gx_fail_errno(err, "cannot sync the store '%s'", st->dir);
	return 0;
}

static int register_lock(struct store *st, struct gx_error **err)
{
	if (st->regfd < 0)
		st->regfd =
		        openat(st->dfd, ".db/register.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (st->regfd < 0 || flock(st->regfd, LOCK_EX) < 0)
		return gx_fail_errno(err, "cannot lock '%s/.db/register.lock'", st->dir);
	return 0;
}

static char *db_tmp_name(const char *sub, const char *name)
{
	return gx_asprintf(".db/%s/%s.tmp-%ld", sub, name, (long)getpid());
}

/* Write TEXT to .db/SUB/NAME's temporary name. */
static int write_db_tmp(struct store *st, const char *sub, const char *name, const char *text,
                        struct gx_error **err)
{
	_cleanup_free_ char *tmp = db_tmp_name(sub, name);
	_cleanup_close_ int fd =
	        openat(st->dfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	size_t len = strlen(text), off = 0;

	if (fd < 0)
		return gx_fail_errno(err, "cannot write '%s/%s'", st->dir, tmp);
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			unlinkat(st->dfd, tmp, 0);
			return gx_fail_errno(err, "cannot write '%s/%s'", st->dir, tmp);
		}
		off += (size_t)w;
	}
	return 0;
}

/* Rename .db/SUB/NAME's temporary name into place. */
static int place_db(struct store *st, const char *sub, const char *name, struct gx_error **err)
{
	_cleanup_free_ char *tmp = db_tmp_name(sub, name);
	_cleanup_free_ char *dst = gx_asprintf(".db/%s/%s", sub, name);

	if (renameat(st->dfd, tmp, st->dfd, dst) < 0) {
		unlinkat(st->dfd, tmp, 0);
		return gx_fail_errno(err, "cannot write '%s/%s'", st->dir, dst);
	}
	return 0;
}

/* Write .db/SUB/NAME atomically (a temporary name in the same directory,
 * then rename), without a sync: for records whose loss or emptiness after
 * a crash is harmless (a source record naming no valid item is a miss);
 * an item's own records are written by store_prepare before a sync. */
static int write_db(struct store *st, const char *sub, const char *name, const char *text,
                    struct gx_error **err)
{
	if (write_db_tmp(st, sub, name, text, err) < 0)
		return -1;
	return place_db(st, sub, name, err);
}

static bool take_prepared(struct store *st, const char *base)
{
	for (size_t i = 0; st->prepared && st->prepared[i]; i++)
		if (strcmp(st->prepared[i], base) == 0) {
			free(st->prepared[i]);
			memmove(&st->prepared[i], &st->prepared[i + 1],
			        (gx_strv_len(st->prepared) - i) * sizeof(char *));
			return true;
		}
	return false;
}

static void drop_prepared(struct store *st, const char *base)
{
	_cleanup_free_ char *mf = db_tmp_name("manifest", base);
	_cleanup_free_ char *it = db_tmp_name("items", base);

	unlinkat(st->dfd, mf, 0);
	unlinkat(st->dfd, it, 0);
}

int store_prepare(struct store *st, const char *base, const char *manifest, const char *meta,
                  struct gx_error **err)
{
	if (take_prepared(st, base))
		drop_prepared(st, base);
	if (write_db_tmp(st, "manifest", base, manifest, err) < 0 ||
	    write_db_tmp(st, "items", base, meta, err) < 0) {
		drop_prepared(st, base);
		return -1;
	}
	st->prepared = gx_strv_push(st->prepared, base);
	return 0;
}

/* Move tmp (an absolute path under .tmp/) to <store>/<base> and write its
 * manifest and metadata, under the register lock.  Returns 1 if it was
 * already valid (tmp removed), 0 if registered now, -1 on error. */
int store_register(struct store *st, const char *tmp, const char *base, const char *manifest,
                   const char *meta, struct gx_error **err)
{
	_cleanup_free_ char *tmprel = gx_asprintf(".tmp/%s", strrchr(tmp, '/') + 1);
	bool prepared = take_prepared(st, base);
	int rc = 0;

	if (register_lock(st, err) < 0) {
		if (prepared)
			drop_prepared(st, base);
		return -1;
	}
	if (store_is_valid(st, base) == 1) {
		store_rm_rf_at(st->dfd, tmprel);
		if (prepared)
			drop_prepared(st, base);
		rc = 1;
	} else if (store_rm_rf_at(st->dfd, base) < 0 ||
	           renameat(st->dfd, tmprel, st->dfd, base) < 0) {
		rc = gx_fail_errno(err, "cannot move '%s' into the store as '%s'", tmp, base);
		if (prepared)
			drop_prepared(st, base);
	} else if ((prepared ? place_db(st, "manifest", base, err)
	                     : write_db(st, "manifest", base, manifest, err)) < 0 ||
	           (prepared ? place_db(st, "items", base, err)
	                     : write_db(st, "items", base, meta, err)) < 0) {
		/* (a full disk): the item was moved into place but is not valid;
		 * remove it now, under the lock, rather than leave it taking the
		 * space until the next run's cleanup */
		_cleanup_free_ char *mf = gx_asprintf(".db/manifest/%s", base);
		unlinkat(st->dfd, mf, 0);
		store_rm_rf_at(st->dfd, base);
		if (prepared)
			drop_prepared(st, base);
		rc = -1;
	}
	flock(st->regfd, LOCK_UN);
	return rc;
}

static char *source_file(const char *key)
{
	uint8_t d[HASH_SHA256_LEN];
	char hex[2 * HASH_SHA256_LEN + 1];

	hash_sha256(key, strlen(key), d);
	hash_hex(d, 20, hex);
	return gx_xstrdup(hex);
}

char *store_source_lookup(struct store *st, const char *key)
{
	_cleanup_free_ char *f = source_file(key);
	_cleanup_free_ char *p = gx_asprintf("%s/.db/sources/%s", st->dir, f);
	_cleanup_free_ char *data = NULL;
	size_t len, kl = strlen(key);
	char *base;

	if (gx_read_file(p, &data, &len) < 0 || len < kl + 2 || memcmp(data, key, kl) != 0 ||
	    data[kl] != '\n')
		return NULL;
	base = gx_xstrndup(data + kl + 1, strcspn(data + kl + 1, "\n"));
	if (store_is_valid(st, base) != 1) {
		free(base);
		return NULL;
	}
	return base;
}

int store_source_record(struct store *st, const char *key, const char *base, struct gx_error **err)
{
	_cleanup_free_ char *f = source_file(key);
	_cleanup_free_ char *text = gx_asprintf("%s\n%s\n", key, base);

	return write_db(st, "sources", f, text, err);
}

int store_add_root(struct store *st, const char *root_name, const char *target,
                   struct gx_error **err)
{
	_cleanup_free_ char *path = NULL, *tmp = NULL;

	if (!*root_name || strchr(root_name, '/') || root_name[0] == '.')
		return gx_fail_input(err, "bad GC root name '%s'", root_name);
	path = gx_asprintf("%s/.roots/%s", st->dir, root_name);
	tmp = gx_asprintf("%s/.roots/.tmp-%ld-%s", st->dir, (long)getpid(), root_name);
	unlink(tmp);
	if (symlink(target, tmp) < 0 || rename(tmp, path) < 0) {
		int e = errno;
		unlink(tmp);
		errno = e;
		return gx_fail_errno(err, "cannot make the GC root '%s'", path);
	}
	return 0;
}
