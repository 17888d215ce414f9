/* The system builder: OS model + closure -> system item, boot.conf item,
 * launcher item (see system.h for the layout), with a memo so a rebuild of
 * an unchanged config writes nothing and returns in milliseconds. */
#include "system_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bootconf_write.h"
#include "hash.h"
#include "launcher.h"
#include "util.h"

/* 2: memo entries record file identities; 3: /var modes; 4: nginx's
 * mime.types a fallback, LANG of a locale the system has */
#define SYS_FORMAT "gxsys-system 4"

struct build {
	struct store *st;
	const struct catalog *cat;
	const struct os_model *os;
	const char *host_root; /* where the host's dpkg state is read (system_host.c) */
	size_t n_model_dirs;   /* bc.dirs from the model; the items' /var dirs follow */
	const struct sys_opts *o;
	struct closure *c;
	struct etc_set set;
	struct boot_conf bc;
	char *diversions;
	char *source; /* absolute config path */
	char init_digest[2 * HASH_SHA256_LEN + 1];
	char sys_key[2 * HASH_SHA256_LEN + 1];
	char key[2 * HASH_SHA256_LEN + 1];
	char closure_key[2 * HASH_SHA256_LEN + 1]; /* "" when there is no closure memo */
	char **warnings;                           /* what the closure resolution warned */
	bool closure_memo_hit;                     /* the closure memo is up to date */
	bool memo_touched; /* the memo of key vouches for files changed since */
	struct store_item *init, *system, *boot, *launcher;
	char *locale_note; /* check_locale's, until say_locale */
	bool locale_said;
	char **locale_items; /* the compiled locales' items (system_locale.c) */
	char **locale_notes; /* of definitions that cannot be compiled, until say_locale */
	char *locale_why;    /* why one cannot be compiled */
	bool locale_have;    /* the system has its locale compiled */
};

static void note(const struct build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(const struct build *b, const char *fmt, ...)
{
	va_list ap;
	_cleanup_free_ char *msg = NULL;

	if (b->o->note == NULL)
		return;
	va_start(ap, fmt);
	msg = gx_vasprintf(fmt, ap);
	va_end(ap);
	b->o->note(b->o->ctx, msg);
}

static void closure_warn(void *ctx, const char *msg)
{
	note(ctx, "%s", msg);
}

char *sys_find_init(void)
{
	const char *env = getenv("GXSYS_INIT");
	char *beside;

	if (env && *env)
		return gx_xstrdup(env);
	if ((beside = gx_beside_self("gxsys-init", X_OK)) != NULL)
		return beside;
	return gx_xstrdup(GXSYS_LIBEXECDIR "/gxsys-init");
}

static void hex_digest(const struct gx_buf *k, char out[2 * HASH_SHA256_LEN + 1])
{
	uint8_t d[HASH_SHA256_LEN];

	hash_sha256(k->data, k->len, d);
	hash_hex(d, sizeof(d), out);
}

/* Two keys: what the system item's content depends on (this gxsys build,
 * generated etc, closure, host alternatives and diversions), and
 * everything the launcher depends on (that, plus boot.conf, the init
 * binary, the store, the config file's name).  A new gxsys-init then
 * rebuilds only the small items; a new gxsys builds again, which gives the
 * same items when it makes the same files (they are content-addressed). */
static void compute_keys(struct build *b, char **bases)
{
	struct gx_buf k = GX_BUF_INIT;

	gx_buf_printf(&k, "%s\nversion %s\nstore %s\n", SYS_FORMAT, GXSYS_VERSION,
	              store_dir(b->st));
	/* How this gxsys makes /etc, the profile and the launcher: a memo
	 * another build made may not be this one's result. */
	sysi_put_self(&k);
	for (size_t i = 0; i < b->set.n; i++) {
		const struct etc_entry *e = &b->set.v[i];

		gx_buf_printf(&k, "etc %s %d %o %zu\n", e->path, (int)e->kind, e->mode, e->len);
		gx_buf_add(&k, e->content, e->len);
		gx_buf_putc(&k, '\n');
	}
	for (char **p = bases; p && *p; p++)
		gx_buf_printf(&k, "item %s\n", *p);
	sysi_put_host_state(&k, b->host_root, b->diversions);
	hex_digest(&k, b->sys_key);
	gx_buf_free(&k);
	gx_buf_printf(&k, "%s\nsystem %s\nsource %s\ninit %s\n", SYS_FORMAT, b->sys_key, b->source,
	              b->init_digest);
	bcw_write(&k, &b->bc);
	hex_digest(&k, b->key);
	gx_buf_free(&k);
}

/* Base of an item path "<store>/<base>[/...]". */
static char *base_of(const struct build *b, const char *path)
{
	return store_path_base(store_dir(b->st), path);
}

/* A memo entry <store>/.cache/systems/NAME: N lines, the first NPATHS of
 * them store paths, returned only if every one is in a valid item. */
static char **memo_read(struct build *b, const char *name, size_t n, size_t npaths)
{
	_cleanup_free_ char *path = gx_asprintf("%s/.cache/systems/%s", store_dir(b->st), name);
	_cleanup_free_ char *text = NULL;
	_cleanup_strv_ char **lines = NULL;
	size_t len;

	if (gx_read_file(path, &text, &len) < 0)
		return NULL;
	for (char *tok = strtok(text, "\n"); tok; tok = strtok(NULL, "\n"))
		lines = gx_strv_push(lines, tok);
	if (gx_strv_len(lines) != n)
		return NULL;
	for (size_t i = 0; i < npaths; i++) {
		_cleanup_free_ char *base = base_of(b, lines[i]);

		if (base == NULL || store_is_valid(b->st, base) != 1)
			return NULL;
	}
	return steal_pointer(&lines);
}

/* The files a system memo vouches for, by their identity: what the launcher
 * runs as root (itself, boot.conf, gxsys-init) and the system's closure
 * list.  PATHS: launcher, boot.conf, system, gxsys-init (as in the memo). */
#define MEMO_FILES 4
static char *memo_file(char *const *paths, size_t i)
{
	return i == 2 ? gx_asprintf("%s/closure", paths[2]) : gx_xstrdup(paths[i]);
}

static char *file_identity(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return gx_xstrdup("missing");
	return gx_asprintf("id %llu %llu %o %lld %lld.%09ld %lld.%09ld",
	                   (unsigned long long)st.st_dev, (unsigned long long)st.st_ino,
	                   (unsigned)st.st_mode, (long long)st.st_size,
	                   (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
	                   (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
}

static void collect_bad(void *ctx, const char *base, const char *what)
{
	struct gx_buf *msg = ctx;

	(void)base; /* one item at a time */
	gx_buf_printf(msg, "%s%s", msg->len ? "; " : "", what);
}

/* A file the memo vouches for changed since: re-hash its item; delete it if
 * it no longer matches its name, so that this build makes it again. */
static int memo_repair(struct build *b, const char *file, struct gx_error **err)
{
	_cleanup_free_ char *base = base_of(b, file);
	char *one[] = { base, NULL };
	struct gx_buf msg = GX_BUF_INIT;
	int n;

	if (base == NULL)
		return 0;
	n = store_verify(b->st, one, collect_bad, &msg, err);
	if (n > 0) {
		note(b, "store item '%s' was modified (%s): making it again", base, msg.data);
		n = store_delete_corrupt(b->st, base, err);
	}
	gx_buf_free(&msg);
	return n < 0 ? -1 : 0;
}

/* The memo of this build's key: its items if they are valid and the files
 * it vouches for are untouched.  A touched file's item is verified (and
 * deleted if corrupt): then this is a miss, and the build makes what is
 * missing and records the files' new identities. */
static int memo_lookup(struct build *b, struct sys_result *res, struct gx_error **err)
{
	_cleanup_strv_ char **lines = NULL;
	bool touched = false;

	if (b->memo_touched || (lines = memo_read(b, b->key, 4 + MEMO_FILES, 4)) == NULL)
		return 0;
	for (size_t i = 0; i < MEMO_FILES; i++) {
		_cleanup_free_ char *f = memo_file(lines, i);
		_cleanup_free_ char *id = file_identity(f);

		if (strcmp(id, lines[4 + i]) == 0)
			continue;
		touched = true;
		if (memo_repair(b, f, err) < 0)
			return -1;
	}
	if ((b->memo_touched = touched))
		return 0;
	res->launcher = gx_xstrdup(lines[0]);
	res->boot_conf = gx_xstrdup(lines[1]);
	res->system = gx_xstrdup(lines[2]);
	res->init = gx_xstrdup(lines[3]);
	res->cached = true;
	return 1;
}

/* Best effort: without a memo the next run rebuilds (and finds every item
 * already there). */
static void memo_write(struct build *b, const char *name, const char *text)
{
	if (sysi_memo_write(b->st, "systems", name, text) < 0)
		note(b, "warning: cannot write '%s/.cache/systems/%s': %s", store_dir(b->st), name,
		     strerror(errno));
}

static void memo_store(struct build *b, const struct sys_result *res)
{
	char *paths[] = { res->launcher, res->boot_conf, res->system, res->init };
	struct gx_buf text = GX_BUF_INIT;
	_cleanup_free_ char *sys = gx_asprintf("%s\n", res->system);
	_cleanup_free_ char *sys_name = gx_asprintf("system-%s", b->sys_key);

	for (size_t i = 0; i < 4; i++)
		gx_buf_printf(&text, "%s\n", paths[i]);
	for (size_t i = 0; i < MEMO_FILES; i++) {
		_cleanup_free_ char *f = memo_file(paths, i);
		_cleanup_free_ char *id = file_identity(f);

		gx_buf_printf(&text, "%s\n", id);
	}
	memo_write(b, b->key, text.data);
	memo_write(b, sys_name, sys);
	gx_buf_free(&text);
}

/* The system item of an earlier build with the same content inputs. */
static int memo_system(struct build *b, struct gx_error **err)
{
	_cleanup_free_ char *name = gx_asprintf("system-%s", b->sys_key);
	_cleanup_strv_ char **lines = memo_read(b, name, 1, 1);
	_cleanup_free_ char *base = NULL;

	if (lines == NULL)
		return 0;
	base = base_of(b, lines[0]);
	b->system = store_item_get(b->st, base, err);
	return b->system ? 1 : -1;
}

static int copy_file_to(const char *src, const char *dst, unsigned mode, struct gx_error **err)
{
	_cleanup_free_ char *data = NULL;
	size_t len;

	if (gx_read_file(src, &data, &len) < 0)
		return gx_fail_errno(err, "read '%s'", src);
	if (gx_write_file_atomic(dst, data, len, mode) < 0)
		return gx_fail_errno(err, "write '%s'", dst);
	return 0;
}

static int mkdirs(const char *path, struct gx_error **err)
{
	_cleanup_free_ char *p = gx_xstrdup(path);

	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			return gx_fail_errno(err, "mkdir '%s'", p);
		*s = '/';
	}
	if (mkdir(p, 0755) < 0 && errno != EEXIST)
		return gx_fail_errno(err, "mkdir '%s'", p);
	return 0;
}

static int import_init(struct build *b, const char *binary, struct gx_error **err)
{
	_cleanup_free_ char *tmp = store_mkdtemp(b->st, "gxsys-init", err);
	_cleanup_free_ char *dir = NULL, *dst = NULL;

	if (tmp == NULL)
		return -1;
	dir = gx_asprintf("%s/usr/libexec/gxsys", tmp);
	dst = gx_asprintf("%s/gxsys-init", dir);
	if (mkdirs(dir, err) < 0 || copy_file_to(binary, dst, 0755, err) < 0)
		return -1;
	b->init = store_add_dir(b->st, tmp, "gxsys-init", GXSYS_VERSION, NULL, err);
	return b->init ? 0 : -1;
}

/* The /var skeleton: the model's directories, then those of the items'
 * var/ trees with the host's modes (sysi_var_dirs).  Before the keys, so
 * the launcher's key covers them: a host directory's new mode is a new
 * boot.conf. */
static void var_dirs(struct build *b, char **bases)
{
	while (b->bc.n_dirs > b->n_model_dirs)
		free(b->bc.dirs[--b->bc.n_dirs].path);
	sysi_var_dirs(&b->bc, b->os, b->host_root, store_dir(b->st), bases);
}

/* BASES: the closure's items and the compiled locale's. */
static int write_closure_list(struct build *b, char **bases, const char *tmp, struct gx_error **err)
{
	_cleanup_free_ char *path = gx_asprintf("%s/closure", tmp);
	struct gx_buf list = GX_BUF_INIT;
	int r;

	for (char **p = bases; p && *p; p++)
		gx_buf_printf(&list, "%s/%s\n", store_dir(b->st), *p);
	r = gx_write_file_atomic(path, list.data ? list.data : "", list.len, 0644);
	gx_buf_free(&list);
	return r < 0 ? gx_fail_errno(err, "write '%s'", path) : 0;
}

/* herd and halt inside: symlinks to the init bound at /run/gxsys/init
 * (docs/boot-conf.md). */
static int init_links(const char *profile, struct gx_error **err)
{
	static const char *const links[] = { "bin/herd", "sbin/halt" };

	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		_cleanup_free_ char *p = gx_asprintf("%s/%s", profile, links[i]);

		if (symlink("/run/gxsys/init", p) < 0 && errno != EEXIST && errno != ENOENT)
			return gx_fail_errno(err, "symlink '%s'", p);
	}
	return 0;
}

/* What the packages' tools need to run in the build container that a
 * system need not have (update-ca-certificates is a sh script using
 * coreutils, findutils, sed, run-parts and openssl): Debian's Essential set
 * has them, a minimal system may not. */
static const char *const build_tools[] = { "dash", "coreutils",   "findutils",
	                                   "sed",  "debianutils", "openssl" };

/* A profile of the closure plus the build tools, for the build container
 * only (a temporary directory, removed by store_close()). */
static int build_profile(struct build *b, char **out, struct gx_error **err)
{
	struct os_package pk[sizeof(build_tools) / sizeof(build_tools[0])];
	struct closure_opts co = { .warn = closure_warn, .ctx = b, .stop = b->o->stop };
	struct closure *tools, comb;
	_cleanup_free_ char *dir = NULL;
	int r = -1;

	memset(pk, 0, sizeof(pk));
	memset(&comb, 0, sizeof(comb));
	for (size_t i = 0; i < sizeof(pk) / sizeof(pk[0]); i++)
		pk[i].name = build_tools[i];
	tools = closure_resolve(b->st, b->cat, pk, sizeof(pk) / sizeof(pk[0]), &co, err);
	if (tools == NULL || closure_import(b->st, tools, &co, err) < 0)
		goto out;
	comb.nodes = gx_xcalloc(b->c->n + tools->n, sizeof(*comb.nodes));
	memcpy(comb.nodes, b->c->nodes, b->c->n * sizeof(*comb.nodes));
	memcpy(comb.nodes + b->c->n, tools->nodes, tools->n * sizeof(*comb.nodes));
	comb.n = b->c->n + tools->n;
	dir = store_mkdtemp(b->st, "build-profile", err);
	if (dir != NULL && sys_profile(dir, &comb, b->diversions, NULL, NULL, err) == 0) {
		*out = steal_pointer(&dir);
		r = 0;
	}
out:
	free(comb.nodes);
	if (tools)
		closure_free(tools);
	return r;
}

static const char *file_of(const struct build *b, struct sx_loc at);

/* Whether what check K said (OUT) is only that the build container did not
 * let it finish: some line has its error_mark and every such line says
 * cannot_finish.  nft -c parses and evaluates the file, then asks the
 * kernel, which refuses it without CAP_NET_ADMIN ("Operation not
 * permitted"): its syntax errors come before. */
static bool cannot_finish(const struct os_check *k, const char *out)
{
	bool any = false;

	if (k->error_mark == NULL || k->cannot_finish == NULL)
		return false;
	while (*out != '\0') {
		size_t n = strcspn(out, "\n");
		_cleanup_free_ char *line = gx_xstrndup(out, n);

		if (strstr(line, k->error_mark) != NULL) {
			if (strstr(line, k->cannot_finish) == NULL)
				return false;
			any = true;
		}
		out += n + (out[n] == '\n');
	}
	return any;
}

/* The services' checks (struct os_check) on the new etc: a refusal is a
 * note, located at what it checks, with the command and what it said
 * (its lines joined with "; "). */
static void run_checks(struct build *b, const char *profile, const char *etc, const char *scratch)
{
	for (size_t i = 0; i < b->os->n_checks; i++) {
		const struct os_check *k = &b->os->checks[i];
		struct sys_build_run run = { .argv = (char *const *)k->argv,
			                     .input_error = true,
			                     .timeout_s = SYS_CHECK_TIMEOUT_S };
		struct gx_buf cmd = GX_BUF_INIT, said = GX_BUF_INIT;
		struct gx_error *e = NULL;
		const char *out;

		if (strncmp(k->argv[0], "/usr/", 5) != 0 || !sysi_has(profile, k->argv[0] + 5) ||
		    sys_build_run(profile, etc, scratch, &run, &e) == 0)
			continue;
		for (size_t j = 0; k->argv[j] != NULL; j++)
			gx_buf_printf(&cmd, "%s%s", j ? " " : "", k->argv[j]);
		out = strstr(e->msg, "): ");
		out = out != NULL ? out + 3 : e->msg;
		if (cannot_finish(k, out)) {
			gx_buf_free(&cmd);
			gx_error_free(e);
			continue;
		}
		for (; *out != '\0'; out++)
			if (*out == '\n')
				gx_buf_puts(&said, "; ");
			else
				gx_buf_add(&said, out, 1);
		note(b, "%s:%d:%d: note: %s: `%s` refuses it in the build container: %s",
		     file_of(b, k->loc), k->loc.line, k->loc.col, k->what, cmd.data,
		     said.data ? said.data : "");
		gx_buf_free(&cmd);
		gx_buf_free(&said);
		gx_error_free(e);
	}
}

static int maintainer_files(struct build *b, const char *etc, struct gx_error **err)
{
	_cleanup_free_ char *profile = NULL, *scratch = NULL, *bundle = NULL;
	struct stat st;
	int r;

	if (build_profile(b, &profile, err) < 0)
		return gx_wrap(err, "preparing the build container");
	scratch = store_mkdtemp(b->st, "build-root", err);
	if (scratch == NULL)
		return -1;
	note(b, "running ldconfig and update-ca-certificates in a build container");
	r = sysi_etc_maintainer(profile, etc, scratch, err);
	if (r == 0)
		run_checks(b, profile, etc, scratch);
	rmdir(scratch);
	if (r < 0)
		return -1;
	/* update-ca-certificates does not fail when a command it needs does. */
	bundle = gx_asprintf("%s/ssl/certs/ca-certificates.crt", etc);
	if (sysi_has(profile, "sbin/update-ca-certificates") &&
	    (stat(bundle, &st) < 0 || st.st_size == 0))
		return gx_fail(err, GX_EXIT_SYSTEM, 0,
		               "update-ca-certificates made no CA bundle in the build container");
	return 0;
}

/* /etc/localtime must not dangle: the timezone must be in tzdata. */
static int check_timezone(struct build *b, const char *profile, struct gx_error **err)
{
	const char *tz = b->os->timezone ? b->os->timezone : "Etc/UTC";
	_cleanup_free_ char *rel = gx_asprintf("share/zoneinfo/%s", tz);

	const struct sx_loc *loc = &b->os->timezone_loc;

	if (sysi_has(profile, rel))
		return 0;
	if (loc->file != NULL && loc->line > 0)
		return gx_fail_input(err,
		                     "%s:%d:%d: unknown timezone \"%s\" (not in tzdata's "
		                     "/usr/share/zoneinfo)",
		                     loc->file, loc->line, loc->col, tz);
	return gx_fail_input(err,
	                     "%s: unknown timezone \"%s\" (not in tzdata's /usr/share/zoneinfo)",
	                     b->os->source_file ? b->os->source_file : "<config>", tz);
}

/* Whether an item of the closure has REL under its usr/ (the profile's). */
static bool closure_has(const struct build *b, char **bases, const char *rel)
{
	for (char **p = bases; p && *p; p++) {
		_cleanup_free_ char *usr = gx_asprintf("%s/%s/usr", store_dir(b->st), *p);

		if (sysi_has(usr, rel))
			return true;
	}
	return false;
}

/* Whether the closure has locale NAME compiled (or NAME needs none). */
static bool closure_locale(const struct build *b, char **bases, const char *name)
{
	_cleanup_free_ char *normal = sysi_locale_normal(name);
	_cleanup_free_ char *dir = gx_asprintf("lib/locale/%s", normal);
	_cleanup_free_ char *raw = gx_asprintf("lib/locale/%s", name);

	return strcmp(normal, "C") == 0 || strcmp(normal, "POSIX") == 0 ||
	       strcmp(normal, "C.utf8") == 0 || closure_has(b, bases, dir) ||
	       closure_has(b, bases, raw) || closure_has(b, bases, "lib/locale/locale-archive");
}

static const char *file_of(const struct build *b, struct sx_loc at)
{
	return at.file != NULL && at.line > 0 ? at.file
	       : b->os->source_file           ? b->os->source_file
	                                      : "<config>";
}

/* One locale, compiled (system_locale.c) when the closure has it not: its
 * item joins BASES (so the system's key, references and launcher cover
 * it) and b->locale_items.  *HAVE: the system has it.  BUILD false: the
 * memo only, 0 on a miss; 1 otherwise, also when it cannot be had
 * (b->locale_why then); -1 on an error, located at AT. */
static int one_locale(struct build *b, char ***bases, const struct sysi_locale *l, struct sx_loc at,
                      bool build, bool is_lang, bool *have, struct gx_error **err)
{
	struct sysi_note n = { .fn = closure_warn, .ctx = b };
	char *base = NULL, *why = NULL;
	int r;

	*have = true;
	if (closure_locale(b, *bases, l->name))
		return 1;
	r = sysi_locale_item(b->st, b->cat, l, build, &n, &base, &why, err);
	if (r < 0)
		return gx_wrap(err, "%s:%d:%d", file_of(b, at), at.line, at.col);
	if (r == 0) {
		*have = false;
		if (why == NULL)
			return build ? 1 : 0; /* a memo miss */
		if (!is_lang) {               /* the locale's own note says it for it */
			_cleanup_free_ char *msg =
			        gx_asprintf("%s:%d:%d: note: locale-definition \"%s\" is not "
			                    "compiled: %s",
			                    file_of(b, at), at.line, at.col, l->name, why);

			b->locale_notes = gx_strv_push(b->locale_notes, msg);
		}
		free(b->locale_why);
		b->locale_why = why;
		return 1;
	}
	b->locale_items = gx_strv_push(b->locale_items, base);
	*bases = gx_strv_push(*bases, base);
	free(base);
	return 1;
}

/* The locales the system compiles: its locale-definitions (those it
 * added to Guix's defaults, and the default its locale names), and its
 * locale when none of them names it (Debian's SUPPORTED says how).
 * b->locale_have: whether it has its locale.  As one_locale. */
static int want_locale(struct build *b, char ***bases, bool build, struct gx_error **err)
{
	const char *loc = b->os->locale ? b->os->locale : "en_US.utf8";
	bool defined = false, have;
	int r;

	gx_strv_free(b->locale_items);
	b->locale_items = NULL;
	gx_strv_free(b->locale_notes);
	b->locale_notes = NULL;
	b->locale_have = false;
	for (size_t i = 0; i < b->os->n_locale_defs; i++) {
		const struct os_locale_def *d = &b->os->locale_defs[i];
		struct sysi_locale l = { d->name, d->source, d->charset };

		r = one_locale(b, bases, &l, d->loc.file ? d->loc : b->os->locale_loc, build,
		               strcmp(d->name, loc) == 0, &have, err);
		if (r <= 0)
			return r;
		if (strcmp(d->name, loc) == 0) {
			defined = true;
			b->locale_have = have;
		}
	}
	if (!defined) {
		struct sysi_locale l = { loc, NULL, NULL };

		if ((r = one_locale(b, bases, &l, b->os->locale_loc, build, true, &have, err)) <= 0)
			return r;
		b->locale_have = have;
	}
	return 1;
}

/* After want_locale, before the system's key is made, on every path, the
 * same: /etc/environment's first line, LANG, is set again from the
 * declaration each time.  Its note waits in b->locale_note, said once by
 * say_locale where the closure's warnings have been said. */
static void check_locale(struct build *b)
{
	const char *loc = b->os->locale ? b->os->locale : "en_US.utf8";
	const struct sx_loc *l = &b->os->locale_loc;
	struct etc_entry *e = etc_set_find(&b->set, "environment");
	bool have = b->locale_have;
	const char *lang = have ? loc : "C.UTF-8";

	if (e == NULL || strncmp(e->content, "LANG=", 5) != 0)
		return;
	const char *rest = e->content + strcspn(e->content, "\n");
	char *content = gx_asprintf("LANG=%s%s", lang, rest);
	e->len = strlen(content);
	free(e->content);
	e->content = content;
	free(b->locale_note);
	b->locale_note = NULL;
	if (!have)
		b->locale_note =
		        gx_asprintf("%s:%d:%d: note: locale \"%s\" is not compiled in "
		                    "this system and %s: LANG=C.UTF-8 in /etc/environment",
		                    file_of(b, *l), l->line, l->col, loc,
		                    b->locale_why ? b->locale_why : "cannot be compiled here");
}

static void say_locale(struct build *b)
{
	if (b->locale_said)
		return;
	for (char **p = b->locale_notes; p && *p; p++)
		note(b, "%s", *p);
	if (b->locale_note != NULL)
		note(b, "%s", b->locale_note);
	b->locale_said = true;
}

/* A signal asked the build to stop (sys_opts.stop): -1 with err. */
static int stopped(const struct build *b, struct gx_error **err)
{
	if (b->o->stop == NULL || *b->o->stop == 0)
		return 0;
	return gx_fail_signal(err, *b->o->stop);
}

static int build_system(struct build *b, char **bases, struct gx_error **err)
{
	_cleanup_free_ char *tmp = store_mkdtemp(b->st, "system", err);
	_cleanup_free_ char *profile = NULL, *etc = NULL, *name = NULL;
	_cleanup_free_ char *alt_dir = sysi_host_path(b->host_root, SYSI_DPKG_ALTERNATIVES);
	_cleanup_free_ char *choices = sysi_host_path(b->host_root, SYSI_HOST_ALTERNATIVES);

	if (tmp == NULL)
		return -1;
	profile = gx_asprintf("%s/profile", tmp);
	etc = gx_asprintf("%s/etc", tmp);
	note(b, "building the profile of %zu items", b->c->n);
	if (sys_profile(profile, b->c, b->diversions, b->o->note, b->o->ctx, err) < 0)
		return -1;
	for (char **p = b->locale_items; p && *p; p++) {
		_cleanup_free_ char *item = gx_asprintf("%s/%s", store_dir(b->st), *p);

		if (sys_profile_add(profile, item, err) < 0)
			return -1;
	}
	if (stopped(b, err) < 0 || check_timezone(b, profile, err) < 0 ||
	    init_links(profile, err) < 0 || sysi_etc_assemble(etc, b->c, &b->set, err) < 0 ||
	    sys_alternatives(profile, etc, alt_dir, choices, err) < 0 ||
	    maintainer_files(b, etc, err) < 0 || write_closure_list(b, bases, tmp, err) < 0 ||
	    stopped(b, err) < 0)
		return -1;
	name = gx_asprintf("system-%s", b->os->host_name);
	b->system = store_add_dir(b->st, tmp, name, NULL, bases, err);
	return b->system ? 0 : -1;
}

static int build_boot(struct build *b, struct gx_error **err)
{
	_cleanup_free_ char *tmp = store_mkdtemp(b->st, "boot", err);
	_cleanup_free_ char *path = NULL, *name = NULL;
	char *refs[] = { b->system->base, b->init->base, NULL };
	struct gx_buf text = GX_BUF_INIT;
	int r;

	if (tmp == NULL)
		return -1;
	b->bc.system = gx_xstrdup(b->system->path);
	b->bc.profile = gx_asprintf("%s/profile", b->system->path);
	b->bc.etc = gx_asprintf("%s/etc", b->system->path);
	bcw_write(&text, &b->bc);
	path = gx_asprintf("%s/boot.conf", tmp);
	r = gx_write_file_atomic(path, text.data, text.len, 0644);
	gx_buf_free(&text);
	if (r < 0)
		return gx_fail_errno(err, "write '%s'", path);
	name = gx_asprintf("boot-%s", b->os->host_name);
	b->boot = store_add_dir(b->st, tmp, name, NULL, refs, err);
	return b->boot ? 0 : -1;
}

static int build_launcher(struct build *b, char **bases, struct gx_error **err)
{
	_cleanup_free_ char *tmp = store_mkdtemp(b->st, "run-container", err);
	_cleanup_free_ char *path = NULL, *name = NULL, *init = NULL, *boot = NULL, *inst = NULL;
	_cleanup_strv_ char **items = gx_strv_dup(bases);
	char *refs[] = { b->boot->base, b->system->base, b->init->base, NULL };
	struct gx_buf text = GX_BUF_INIT;
	int r;

	if (tmp == NULL)
		return -1;
	for (size_t i = 0; refs[i]; i++)
		items = gx_strv_push(items, refs[i]);
	init = gx_asprintf("%s/usr/libexec/gxsys/gxsys-init", b->init->path);
	boot = gx_asprintf("%s/boot.conf", b->boot->path);
	inst = gx_asprintf("%s-%.8s", b->os->host_name, b->system->base);
	struct launch_params p = { .version = GXSYS_VERSION,
		                   .store = store_dir(b->st),
		                   .system = b->system->path,
		                   .boot_conf = boot,
		                   .init = init,
		                   .source = b->source,
		                   .name = inst,
		                   .host_name = b->os->host_name,
		                   .items = (const char *const *)items };
	if (launch_write(&p, &text, err) < 0)
		return -1;
	path = gx_asprintf("%s/run-container", tmp);
	r = gx_write_file_atomic(path, text.data, text.len, 0755);
	gx_buf_free(&text);
	if (r < 0)
		return gx_fail_errno(err, "write '%s'", path);
	name = gx_asprintf("run-container-%s", b->os->host_name);
	b->launcher = store_add_dir(b->st, tmp, name, NULL, refs, err);
	return b->launcher ? 0 : -1;
}

static void fill_result(struct build *b, struct sys_result *res)
{
	res->launcher = gx_asprintf("%s/run-container", b->launcher->path);
	res->boot_conf = gx_asprintf("%s/boot.conf", b->boot->path);
	res->system = gx_xstrdup(b->system->path);
	res->init = gx_asprintf("%s/usr/libexec/gxsys/gxsys-init", b->init->path);
}

static int prepare(struct build *b, struct gx_error **err)
{
	_cleanup_free_ char *diversions = NULL;
	size_t len;
	char abs[PATH_MAX];

	if (etc_generate(b->os, &b->set, err) < 0 || sys_boot_conf(b->os, &b->bc, err) < 0)
		return -1;
	b->bc.network = b->o->network;
	b->bc.net_admin = b->os->net_admin;
	for (size_t i = 0; i < b->o->n_mounts; i++) {
		struct bc_mount *m = &b->o->mounts[i];

		b->bc.mounts = gx_xrealloc(b->bc.mounts, (b->bc.n_mounts + 1) * sizeof(*m));
		b->bc.mounts[b->bc.n_mounts++] =
		        (struct bc_mount){ gx_xstrdup(m->source),
			                   gx_xstrdup(m->target ? m->target : m->source),
			                   m->readonly };
	}
	b->n_model_dirs = b->bc.n_dirs;
	diversions = sysi_host_path(b->host_root, SYSI_DPKG_DIVERSIONS);
	if (gx_read_file(diversions, &b->diversions, &len) < 0)
		b->diversions = NULL;
	b->source = gx_xstrdup(realpath(b->os->source_file ? b->os->source_file : ".", abs)
	                               ? abs
	                               : (b->os->source_file ? b->os->source_file : ""));
	return 0;
}

static void resolve_warn(void *ctx, const char *msg)
{
	struct build *b = ctx;

	b->warnings = gx_strv_push(b->warnings, msg);
	note(b, "%s", msg);
}

static void record_warn(void *ctx, const char *msg)
{
	char ***v = ctx;

	*v = gx_strv_push(*v, msg);
}

static bool has_paths_node(const struct closure *c)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->nodes[i].from_paths)
			return true;
	return false;
}

/* Record the closure memo: what a resolution from the filled store gives.
 * After an import that is not what this run's resolution said (it scanned
 * host files, and may have warned about them): resolve again, silently, now
 * that the store has every item (milliseconds, against the seconds of the
 * import). */
static void closure_memo_store(struct build *b, size_t imported)
{
	struct closure_opts co = { .warn = record_warn };
	_cleanup_strv_ char **warnings = NULL, **bases = NULL;
	struct closure *c = b->c;

	if (b->closure_key[0] == '\0' || b->closure_memo_hit)
		return;
	co.ctx = &warnings;
	if (imported > 0) {
		c = closure_resolve(b->st, b->cat, b->os->packages, b->os->n_packages, &co, NULL);
		if (c == NULL)
			return;
	}
	if (closure_missing(c) == 0 && !has_paths_node(c)) {
		bases = closure_bases(c);
		if (sysi_closure_memo_write(b->st, b->closure_key, bases,
		                            imported > 0 ? warnings : b->warnings) < 0)
			note(b, "warning: cannot write the closure memo in '%s/.cache': %s",
			     store_dir(b->st), strerror(errno));
	}
	if (c != b->c)
		closure_free(c);
}

/* A rebuild of an unchanged config: the closure memo gives the closure's
 * items without resolving it, and the system memo the result.  Returns 1
 * when res is filled, 0 to build (any miss: the full path decides), -1 on
 * error. */
static int memo_fast(struct build *b, const char *binary, struct sys_result *res,
                     struct gx_error **err)
{
	_cleanup_strv_ char **bases = NULL, **warnings = NULL;
	int r;

	if (b->o->dry_run || sysi_closure_key(b->st, b->cat, b->os->packages, b->os->n_packages,
	                                      b->closure_key) < 0) {
		b->closure_key[0] = '\0';
		return 0;
	}
	bases = sysi_closure_memo_read(b->st, b->closure_key, &warnings);
	b->closure_memo_hit = bases != NULL;
	if (bases == NULL || sysi_digest_cached(b->st, binary, b->init_digest, NULL) < 0)
		return 0;
	if ((r = want_locale(b, &bases, false, err)) <= 0)
		return r;
	var_dirs(b, bases);
	check_locale(b);
	compute_keys(b, bases);
	if ((r = memo_lookup(b, res, err)) <= 0)
		return r;
	for (char **w = warnings; w && *w; w++)
		note(b, "%s", *w);
	say_locale(b);
	res->n_items = gx_strv_len(bases);
	return 1;
}

static int build_all(struct build *b, const char *binary, struct sys_result *res,
                     struct gx_error **err)
{
	struct closure_opts co = {
		.warn = resolve_warn, .ctx = b, .verbose = b->o->verbose, .stop = b->o->stop
	};
	_cleanup_strv_ char **bases = NULL;
	int have, r;

	if ((r = memo_fast(b, binary, res, err)) != 0)
		return r < 0 ? -1 : 0;
	b->c = closure_resolve(b->st, b->cat, b->os->packages, b->os->n_packages, &co, err);
	co.warn = closure_warn;
	if (b->c == NULL)
		return -1;
	res->n_items = b->c->n;
	res->missing = closure_missing(b->c);
	if (b->o->dry_run)
		return 0;
	if (res->missing > 0) {
		note(b, "importing %zu of %zu store items", res->missing, b->c->n);
		if (closure_import(b->st, b->c, &co, err) < 0)
			return -1;
		res->imported = res->missing;
	}
	bases = closure_bases(b->c);
	closure_memo_store(b, res->imported);
	if (sysi_digest_cached(b->st, binary, b->init_digest, err) < 0)
		return gx_wrap(err, "gxsys-init");
	if (stopped(b, err) < 0 || want_locale(b, &bases, true, err) < 0 || stopped(b, err) < 0)
		return -1;
	var_dirs(b, bases);
	check_locale(b);
	say_locale(b);
	compute_keys(b, bases);
	if ((r = memo_lookup(b, res, err)) != 0)
		return r < 0 ? -1 : 0;
	if (import_init(b, binary, err) < 0 || (have = memo_system(b, err)) < 0)
		return -1;
	if (have == 0 && build_system(b, bases, err) < 0)
		return -1;
	if (build_boot(b, err) < 0 || build_launcher(b, bases, err) < 0)
		return -1;
	fill_result(b, res);
	memo_store(b, res);
	return 0;
}

int sys_build(struct store *st, const struct catalog *cat, const struct os_model *os,
              const struct sys_opts *opts, struct sys_result *res, struct gx_error **err)
{
	struct build b = {
		.st = st, .cat = cat, .os = os, .o = opts, .host_root = catalog_host_root(cat)
	};
	_cleanup_free_ char *binary =
	        opts->init_binary ? gx_xstrdup(opts->init_binary) : sys_find_init();
	int r;

	memset(res, 0, sizeof(*res));
	r = prepare(&b, err);
	if (r == 0)
		r = build_all(&b, binary, res, err);
	if (r < 0 && opts->stop && *opts->stop) /* a step the signal cut short */
		gx_fail_signal(err, *opts->stop);
	etc_set_free(&b.set);
	free(b.locale_note);
	gx_strv_free(b.locale_items);
	gx_strv_free(b.locale_notes);
	free(b.locale_why);
	bc_clear(&b.bc);
	free(b.diversions);
	free(b.source);
	gx_strv_free(b.warnings);
	if (b.c)
		closure_free(b.c);
	store_item_free(b.init);
	store_item_free(b.system);
	store_item_free(b.boot);
	store_item_free(b.launcher);
	return r;
}

void sys_result_free(struct sys_result *res)
{
	free(res->launcher);
	free(res->system);
	free(res->boot_conf);
	free(res->init);
	memset(res, 0, sizeof(*res));
}
