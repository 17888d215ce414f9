/* store_manifest: the canonical serialisation an item's hash is over. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hash.h"
#include "store.h"
#include "store_impl.h"
#include "store_manifest.h"

struct mf_ent *mf_add(struct mf *m, const char *path, char type)
{
	struct mf_ent *e;

	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 256;
		m->ents = gx_xrealloc(m->ents, m->cap * sizeof(*m->ents));
	}
	e = &m->ents[m->n++];
	memset(e, 0, sizeof(*e));
	e->path = gx_arena_strdup(&m->a, path);
	e->type = type;
	return e;
}

void mf_add_priv(struct mf *m, const char *path, unsigned mode, const char *caps)
{
	if (m->np == m->pcap) {
		m->pcap = m->pcap ? m->pcap * 2 : 8;
		m->privs = gx_xrealloc(m->privs, m->pcap * sizeof(*m->privs));
	}
	m->privs[m->np].path = gx_arena_strdup(&m->a, path);
	m->privs[m->np].mode = mode;
	m->privs[m->np].caps = caps ? gx_arena_strdup(&m->a, caps) : NULL;
	m->np++;
}

static int cmp_ent(const void *a, const void *b)
{
	return strcmp(((const struct mf_ent *)a)->path, ((const struct mf_ent *)b)->path);
}

static int cmp_priv(const void *a, const void *b)
{
	return strcmp(((const struct mf_priv *)a)->path, ((const struct mf_priv *)b)->path);
}

void mf_sort(struct mf *m)
{
	if (m->n)
		qsort(m->ents, m->n, sizeof(*m->ents), cmp_ent);
	if (m->np)
		qsort(m->privs, m->np, sizeof(*m->privs), cmp_priv);
}

void mf_free(struct mf *m)
{
	free(m->ents);
	free(m->privs);
	gx_arena_free(&m->a);
	memset(m, 0, sizeof(*m));
}

void mf_content(const struct mf *m, struct gx_buf *b)
{
	for (size_t i = 0; i < m->n; i++) {
		const struct mf_ent *e = &m->ents[i];

		if (e->type == 'd')
			gx_buf_printf(b, "d %o ", e->mode);
		else if (e->type == 'f')
			gx_buf_printf(b, "f %o %llu %s ", e->mode, (unsigned long long)e->size,
			              e->digest);
		else
			gx_buf_puts(b, "l ");
		store_escape(b, e->path);
		if (e->type == 'l') {
			gx_buf_putc(b, ' ');
			store_escape(b, e->target);
		}
		gx_buf_putc(b, '\n');
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *mf_serialise(const struct mf *m, const char *name, const char *version, char *const *refs)
{
	struct gx_buf b = GX_BUF_INIT;
	_cleanup_strv_ char **r = gx_strv_dup(refs);

	gx_buf_puts(&b, "gxsys-item 1\nname ");
	store_escape(&b, name);
	gx_buf_puts(&b, "\nversion ");
	store_escape(&b, version ? version : "");
	gx_buf_putc(&b, '\n');
	mf_content(m, &b);
	for (size_t i = 0; i < m->np; i++) {
		gx_buf_printf(&b, "p %o %s ", m->privs[i].mode,
		              m->privs[i].caps ? m->privs[i].caps : "-");
		store_escape(&b, m->privs[i].path);
		gx_buf_putc(&b, '\n');
	}
	if (r && r[0])
		qsort(r, gx_strv_len(r), sizeof(char *), cmp_str);
	for (size_t i = 0; r && r[i]; i++)
		if (i == 0 || strcmp(r[i], r[i - 1]) != 0)
			gx_buf_printf(&b, "r %s\n", r[i]);
	return gx_buf_steal(&b);
}

/* Item names keep to [A-Za-z0-9+._~-]: anything else (the ':' of a Debian
 * epoch, '/', spaces) becomes '_' (the metadata keeps the real version). */
static void sanitise(char *s)
{
	for (; *s; s++)
		if (!strchr("+._~-", *s) && !(*s >= 'a' && *s <= 'z') &&
		    !(*s >= 'A' && *s <= 'Z') && !(*s >= '0' && *s <= '9'))
			*s = '_';
}

char *mf_base(const char *serialisation, const char *name, const char *version)
{
	char h[STORE_HASH_LEN + 1];
	char *base, *tail;

	hash_store_name(serialisation, strlen(serialisation), h);
	if (version && *version)
		base = gx_asprintf("%s-%s-%s", h, name, version);
	else
		base = gx_asprintf("%s-%s", h, name);
	tail = base + STORE_HASH_LEN + 1;
	sanitise(tail);
	if (tail[0] == '.')
		tail[0] = '_';
	return base;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int64_t mf_hash_copy(int fd, int out, char *buf, size_t bufsz, char sha_hex[65], uint8_t *md5)
{
	struct sha256_ctx sc;
	struct md5_ctx mc;
	uint8_t d[HASH_SHA256_LEN];
	int64_t total = 0;

	sha256_init(&sc);
	md5_init(&mc);
	for (;;) {
		ssize_t r = read(fd, buf, bufsz);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		sha256_update(&sc, (size_t)r, (const uint8_t *)buf);
		if (md5)
			md5_update(&mc, (size_t)r, (const uint8_t *)buf);
		if (out >= 0 && write_all(out, buf, (size_t)r) < 0)
			return -1;
		total += r;
	}
	sha256_digest(&sc, sizeof(d), d);
	hash_hex(d, sizeof(d), sha_hex);
	if (md5)
		md5_digest(&mc, HASH_MD5_LEN, md5);
	return total;
}

/* ---- walking an existing tree (add_dir, verify) ---- */

struct walk {
	struct mf *m;
	char *buf;
	size_t bufsz;
	const struct hmap *links;
	struct gx_error **err;
	const char *top;
};

static int walk_file(struct walk *w, int dfd, const char *name, const char *rel,
                     const struct stat *st, struct mf_ent *e)
{
	char key[64];
	const char *known;
	int fd;

	snprintf(key, sizeof(key), "%llx:%llx", (unsigned long long)st->st_dev,
	         (unsigned long long)st->st_ino);
	e->size = (uint64_t)st->st_size;
	if (w->links && (known = hmap_get(w->links, key))) {
		snprintf(e->digest, sizeof(e->digest), "%s", known);
		return 0;
	}
	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || mf_hash_copy(fd, -1, w->buf, w->bufsz, e->digest, NULL) < 0) {
		gx_fail_errno(w->err, "cannot read '%s/%s'", w->top, rel);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int walk_dir(struct walk *w, int dfd, const char *prefix);

static int walk_one(struct walk *w, int dfd, const char *name, const char *prefix)
{
	_cleanup_free_ char *rel = *prefix ? gx_asprintf("%s/%s", prefix, name) : gx_xstrdup(name);
	struct stat st;
	struct mf_ent *e;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return gx_fail_errno(w->err, "cannot stat '%s/%s'", w->top, rel);
	if (S_ISDIR(st.st_mode)) {
		int sub = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		int rc;

		e = mf_add(w->m, rel, 'd');
		e->mode = st.st_mode & 07777;
		if (sub < 0)
			return gx_fail_errno(w->err, "cannot open '%s/%s'", w->top, rel);
		rc = walk_dir(w, sub, rel);
		close(sub);
		return rc;
	}
	if (S_ISLNK(st.st_mode)) {
		char target[4096];
		ssize_t n = readlinkat(dfd, name, target, sizeof(target) - 1);

		if (n < 0)
			return gx_fail_errno(w->err, "cannot read link '%s/%s'", w->top, rel);
		target[n] = '\0';
		e = mf_add(w->m, rel, 'l');
		e->target = gx_arena_strdup(&w->m->a, target);
		return 0;
	}
	if (!S_ISREG(st.st_mode))
		return gx_fail_input(w->err, "'%s/%s': not a file, directory or symlink", w->top,
		                     rel);
	e = mf_add(w->m, rel, 'f');
	e->mode = st.st_mode & 07777;
	w->m->size += (uint64_t)st.st_size;
	w->m->nfiles++;
	return walk_file(w, dfd, name, rel, &st, e);
}

static int walk_dir(struct walk *w, int dfd, const char *prefix)
{
	DIR *d = gx_opendirat(dfd, ".", 0);
	struct dirent *de;
	int rc = 0;

	if (!d) {
		return gx_fail_errno(w->err, "cannot read '%s/%s'", w->top, prefix);
	}
	while (rc == 0 && (de = readdir(d)))
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			rc = walk_one(w, dirfd(d), de->d_name, prefix);
	closedir(d);
	return rc;
}

int mf_walk(int dfd, const char *dir, struct mf *m, char *buf, size_t bufsz,
            const struct hmap *links, struct gx_error **err)
{
	struct walk w = { m, buf, bufsz, links, err, dir };

	if (walk_dir(&w, dfd, "") < 0)
		return -1;
	mf_sort(m);
	return 0;
}
