/* The declared locale, compiled.  Debian compiles locales at install
 * (locale-gen runs localedef on what the admin chose); Guix builds its
 * locale-definitions.  A system whose closure has no compiled locale of
 * that name gets one here: localedef from the store's libc-bin, on the
 * sources of Debian's `locales` (gzip reads its charmaps), run in a build
 * container whose /usr is a profile of those packages, writing an item of
 * its own, "<hash>-locale-en_US.utf8" holding usr/lib/locale/en_US.utf8/.
 * The system's profile links it, so every system declaring that locale
 * shares its files.  A memo (<store>/.cache/locales/) keyed by the locale
 * and the inputs' items makes a rebuild look it up instead of compiling
 * it again (seconds). */
#include "system_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_int.h"

#define LOCALE_MEMO_FORMAT "gxsys-locale 1"

/* What localedef needs besides the base set (libc-bin: localedef itself). */
static const struct os_package inputs[] = {
	{ .name = "locales", .base = true },
	{ .name = "gzip", .base = true },
};
#define N_INPUTS (sizeof(inputs) / sizeof(inputs[0]))

/* The codeset of a locale name as glibc normalises it: lower case, no '-'
 * ("UTF-8" -> "utf8"). */
static void put_codeset(struct gx_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != '-')
			gx_buf_putc(b,
			            (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]));
}

char *sysi_locale_normal(const char *name)
{
	const char *dot = strchr(name, '.');
	struct gx_buf b = GX_BUF_INIT;
	size_t n;

	if (dot == NULL)
		return gx_xstrdup(name);
	gx_buf_add(&b, name, (size_t)(dot - name) + 1);
	n = strcspn(dot + 1, "@");
	put_codeset(&b, dot + 1, n);
	gx_buf_puts(&b, dot + 1 + n); /* the modifier, "@euro", as it is */
	return gx_buf_steal(&b);
}

/* One SUPPORTED line, "NAME CHARSET" ("de_DE@euro ISO-8859-15"): does it
 * name NORMAL (a normalised locale name)?  Either NAME itself does, or NAME
 * with CHARSET as its codeset ("de_DE.iso885915@euro"). */
static bool names(const char *name, size_t name_len, const char *charset, size_t cs_len,
                  const char *normal)
{
	_cleanup_free_ char *nm = gx_xstrndup(name, name_len);
	_cleanup_free_ char *n1 = sysi_locale_normal(nm);
	struct gx_buf full = GX_BUF_INIT;
	size_t lang = strcspn(nm, ".@");
	const char *mod = strchr(nm, '@');
	bool r;

	if (strcmp(n1, normal) == 0)
		return true;
	gx_buf_add(&full, nm, lang);
	gx_buf_putc(&full, '.');
	put_codeset(&full, charset, cs_len);
	if (mod)
		gx_buf_puts(&full, mod);
	r = strcmp(full.data, normal) == 0;
	gx_buf_free(&full);
	return r;
}

int sysi_locale_source(const char *supported, const char *normal, char **source, char **charset)
{
	for (const char *l = supported; *l;) {
		size_t len = strcspn(l, "\n");
		const char *sp = memchr(l, ' ', len);

		if (l[0] != '#' && sp != NULL && sp > l) {
			size_t nlen = (size_t)(sp - l), clen = len - nlen - 1;

			while (clen > 0 && (sp[1 + clen - 1] == ' ' || sp[1 + clen - 1] == '\r'))
				clen--;
			if (clen > 0 && memchr(sp + 1, ' ', clen) == NULL &&
			    names(l, nlen, sp + 1, clen, normal)) {
				/* Debian's locale-gen: the input is the name
				 * without its codeset, with its modifier. */
				struct gx_buf src = GX_BUF_INIT;
				const char *mod = memchr(l, '@', nlen);

				gx_buf_add(&src, l, strcspn(l, ".@ "));
				if (mod)
					gx_buf_add(&src, mod, (size_t)(sp - mod));
				*source = gx_buf_steal(&src);
				*charset = gx_xstrndup(sp + 1, clen);
				return 1;
			}
		}
		l += len + (l[len] == '\n');
	}
	return 0;
}

static void no_warn(void *ctx, const char *msg)
{
	(void)ctx;
	(void)msg;
}

static void locale_key(const char *dir, const struct sysi_locale *l, char *const *bases,
                       char out[2 * HASH_SHA256_LEN + 1])
{
	struct gx_buf k = GX_BUF_INIT;
	uint8_t d[HASH_SHA256_LEN];

	gx_buf_printf(&k, "%s\nlocale %s\nsource %s\ncharset %s\n", LOCALE_MEMO_FORMAT, dir,
	              l->source ? l->source : "-", l->source ? l->charset : "-");
	sysi_put_self(&k); /* how this gxsys compiles it, as the system memo */
	for (char *const *p = bases; p && *p; p++)
		gx_buf_printf(&k, "input %s\n", *p);
	hash_sha256(k.data, k.len, d);
	hash_hex(d, sizeof(d), out);
	gx_buf_free(&k);
}

/* The memo of KEY: the item's base when it is still valid. */
static char *memo_read(struct store *st, const char *key)
{
	_cleanup_free_ char *path = gx_asprintf("%s/.cache/locales/%s", store_dir(st), key);
	_cleanup_free_ char *text = NULL;
	size_t len, n;

	if (gx_read_file(path, &text, &len) < 0)
		return NULL;
	n = strlen(LOCALE_MEMO_FORMAT "\nitem ");
	if (strncmp(text, LOCALE_MEMO_FORMAT "\nitem ", n) != 0)
		return NULL;
	char *base = text + n;
	base[strcspn(base, "\n")] = '\0';
	return store_is_valid(st, base) == 1 ? gx_xstrdup(base) : NULL;
}

static void memo_write(struct store *st, const char *key, const char *base)
{
	_cleanup_free_ char *text = gx_asprintf("%s\nitem %s\n", LOCALE_MEMO_FORMAT, base);

	sysi_memo_write(st, "locales", key, text); /* best effort: a miss compiles again */
}

/* The inputs' item bases for the inputs' closure key CKEY, as the
 * closure memo, but kept by gc (their lines are no "item" lines): what
 * was compiled from them stays valid when gc takes them. */
static char **inputs_read(struct store *st, const char *ckey)
{
	_cleanup_free_ char *path = gx_asprintf("%s/.cache/locales/inputs-%s", store_dir(st), ckey);
	_cleanup_free_ char *text = NULL;
	char **bases = NULL, *save = NULL;
	size_t len;

	if (gx_read_file(path, &text, &len) < 0)
		return NULL;
	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		if (strncmp(l, "input ", 6) == 0)
			bases = gx_strv_push(bases, l + 6);
	return bases;
}

static void inputs_write(struct store *st, const char *ckey, char *const *bases)
{
	_cleanup_free_ char *name = gx_asprintf("inputs-%s", ckey);
	struct gx_buf b = GX_BUF_INIT;

	for (char *const *p = bases; p && *p; p++)
		gx_buf_printf(&b, "input %s\n", *p);
	sysi_memo_write(st, "locales", name, b.data ? b.data : ""); /* best effort */
	gx_buf_free(&b);
}

/* What an input's absence from the host was said as, for the inputs'
 * closure key CKEY (which covers the host's dpkg status: installing it
 * changes the key). */
static char *absent_read(struct store *st, const char *ckey)
{
	_cleanup_free_ char *path = gx_asprintf("%s/.cache/locales/absent-%s", store_dir(st), ckey);
	char *text = NULL;
	size_t len;

	if (gx_read_file(path, &text, &len) < 0)
		return NULL;
	text[strcspn(text, "\n")] = '\0';
	return text;
}

static void absent_write(struct store *st, const char *ckey, const char *why)
{
	_cleanup_free_ char *name = gx_asprintf("absent-%s", ckey);
	_cleanup_free_ char *text = gx_asprintf("%s\n", why);

	sysi_memo_write(st, "locales", name, text); /* best effort */
}

/* Where the locales package's item is in C (NULL when it was skipped:
 * not installed). */
static const struct store_item *input_item(const struct closure *c, const char *pkg)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->nodes[i].item && strcmp(c->nodes[i].pkg, pkg) == 0)
			return c->nodes[i].item;
	return NULL;
}

/* Compile NORMAL from SOURCE and CHARSET with the inputs' closure C into a
 * new item; its base in *base. */
static int compile(struct store *st, struct closure *c, const char *normal, const char *source,
                   const char *charset, bool explicit, char **base, struct gx_error **err)
{
	_cleanup_free_ char *tmp = store_mkdtemp(st, "locale", err);
	_cleanup_free_ char *profile = NULL, *etc = NULL, *root = NULL, *out = NULL, *dir = NULL;
	_cleanup_free_ char *dest = NULL, *name = NULL, *usr = NULL, *lib = NULL;
	char e_i18n[] = "I18NPATH=/usr/share/i18n";
	char *env[] = { e_i18n, NULL };
	struct sys_bind binds[] = { { .target = "gxsys-out" }, { 0 } };
	struct store_item *it;
	int r;

	if (tmp == NULL)
		return -1;
	profile = gx_asprintf("%s/profile", tmp);
	etc = gx_asprintf("%s/etc", tmp);
	root = gx_asprintf("%s/root", tmp);
	out = gx_asprintf("%s/out", tmp);
	usr = gx_asprintf("%s/usr", out);
	lib = gx_asprintf("%s/usr/lib", out);
	dir = gx_asprintf("%s/usr/lib/locale", out);
	if (sys_profile(profile, c, NULL, NULL, NULL, err) < 0)
		return gx_wrap(err, "locale %s", normal);
	if (mkdir(etc, 0755) < 0 || mkdir(root, 0755) < 0 || mkdir(out, 0755) < 0 ||
	    mkdir(usr, 0755) < 0 || mkdir(lib, 0755) < 0 || mkdir(dir, 0755) < 0)
		return gx_fail_errno(err, "mkdir in '%s'", tmp);
	dest = gx_asprintf("/gxsys-out/%s", normal);
	char *argv[] = { (char *)"/usr/bin/localedef",
		         (char *)"--no-archive",
		         (char *)"-i",
		         (char *)source,
		         (char *)"-f",
		         (char *)charset,
		         dest,
		         NULL };
	binds[0].source = dir;
	/* a definition's source and charset the tool rejects (ja_JP in
	 * ISO-8859-1) are the declaration's mistake, not the system's */
	struct sys_build_run run = {
		.argv = argv, .binds = binds, .env = env, .input_error = explicit
	};
	if (sys_build_run(profile, etc, root, &run, err) < 0)
		return gx_wrap(err, "compiling locale %s (localedef -i %s -f %s)", normal, source,
		               charset);
	name = gx_asprintf("locale-%s", normal);
	it = store_add_dir(st, out, name, NULL, NULL, err);
	r = it ? 0 : -1;
	if (it)
		*base = gx_xstrdup(it->base);
	store_item_free(it);
	store_rm_rf_at(AT_FDCWD, tmp);
	return r;
}

/* The inputs' closure resolved, imported when needed.  *why when one is
 * not installed. */
static struct closure *inputs_closure(struct store *st, const struct catalog *cat, char **why,
                                      struct gx_error **err)
{
	struct closure_opts co = { .warn = no_warn };
	struct closure *c = closure_resolve(st, cat, inputs, N_INPUTS, &co, err);

	if (c == NULL)
		return NULL;
	for (size_t i = 0; i < N_INPUTS; i++) {
		bool found = false;

		for (size_t j = 0; j < c->n; j++)
			found |= strcmp(c->nodes[j].pkg, inputs[i].name) == 0;
		if (!found) {
			*why = gx_asprintf("Debian's %s is not installed on this host, so gxsys "
			                   "cannot compile it (apt-get install %s)",
			                   inputs[i].name, inputs[i].name);
			closure_free(c);
			return NULL;
		}
	}
	if (closure_missing(c) > 0 && closure_import(st, c, &co, err) < 0) {
		closure_free(c);
		return NULL;
	}
	return c;
}

/* An explicit definition's source and charmap must be among the
 * sources of Debian's locales. */
static int check_definition(const struct store_item *loc, const char *source, const char *charset,
                            struct gx_error **err)
{
	_cleanup_free_ char *src = gx_asprintf("%s/usr/share/i18n/locales/%s", loc->path, source);
	_cleanup_free_ char *gz =
	        gx_asprintf("%s/usr/share/i18n/charmaps/%s.gz", loc->path, charset);
	_cleanup_free_ char *plain =
	        gx_asprintf("%s/usr/share/i18n/charmaps/%s", loc->path, charset);

	if (access(src, F_OK) < 0)
		return gx_fail_input(err,
		                     "unknown locale source \"%s\" (Debian's locales has no "
		                     "/usr/share/i18n/locales/%s)",
		                     source, source);
	if (access(gz, F_OK) < 0 && access(plain, F_OK) < 0)
		return gx_fail_input(err,
		                     "unknown charset \"%s\" (Debian's locales has no "
		                     "/usr/share/i18n/charmaps/%s.gz)",
		                     charset, charset);
	return 0;
}

/* The source and charset of L: its own, or SUPPORTED's for its name. */
static int find_source(const struct store_item *loc, const struct sysi_locale *l, const char *dir,
                       char **source, char **charset, char **why, struct gx_error **err)
{
	_cleanup_free_ char *sup = gx_asprintf("%s/usr/share/i18n/SUPPORTED", loc->path);
	_cleanup_free_ char *supported = NULL;
	size_t len;

	if (l->source != NULL) {
		*source = gx_xstrdup(l->source);
		*charset = gx_xstrdup(l->charset);
		return check_definition(loc, l->source, l->charset, err) < 0 ? -1 : 1;
	}
	if (gx_read_file(sup, &supported, &len) < 0) {
		*why = gx_asprintf("Debian's locales has no list of locales ('%s')", sup);
		return 0;
	}
	if (sysi_locale_source(supported, dir, source, charset) == 0)
		return gx_fail_input(err,
		                     "unknown locale \"%s\" (Debian's locales has no such "
		                     "locale: see /usr/share/i18n/SUPPORTED)",
		                     l->name);
	return 1;
}

int sysi_locale_item(struct store *st, const struct catalog *cat, const struct sysi_locale *l,
                     bool build, const struct sysi_note *note, char **base, char **why,
                     struct gx_error **err)
{
	/* A definition's directory is its name, as Guix makes it; the
	 * declared locale's, glibc's normal form of it. */
	_cleanup_free_ char *dir = l->source ? gx_xstrdup(l->name) : sysi_locale_normal(l->name);
	_cleanup_free_ char *source = NULL, *charset = NULL;
	_cleanup_strv_ char **bases = NULL;
	char ckey[2 * HASH_SHA256_LEN + 1], key[2 * HASH_SHA256_LEN + 1];
	struct closure *c = NULL;
	int r;

	bool keyed = sysi_closure_key(st, cat, inputs, N_INPUTS, ckey) == 0;

	*base = *why = NULL;
	/* The inputs' names suffice: the compiled item needs them no more
	 * (after a gc took them, they are not imported again for nothing). */
	if (keyed && (bases = inputs_read(st, ckey)) != NULL) {
		locale_key(dir, l, bases, key);
		if ((*base = memo_read(st, key)) != NULL)
			return 1;
	}
	if (keyed && (*why = absent_read(st, ckey)) != NULL)
		return 0;
	if (!build)
		return 0;
	if ((c = inputs_closure(st, cat, why, err)) == NULL) {
		if (*why && keyed)
			absent_write(st, ckey, *why);
		return *why ? 0 : -1;
	}
	gx_strv_free(bases);
	bases = closure_bases(c);
	if (keyed) /* best effort: a miss resolves again */
		inputs_write(st, ckey, bases);
	locale_key(dir, l, bases, key);
	if ((*base = memo_read(st, key)) != NULL) {
		closure_free(c);
		return 1;
	}
	r = find_source(input_item(c, "locales"), l, dir, &source, &charset, why, err);
	if (r <= 0) {
		closure_free(c);
		return r;
	}
	if (note) {
		_cleanup_free_ char *msg =
		        gx_asprintf("compiling locale %s (localedef -i %s -f %s) "
		                    "in a build container",
		                    dir, source, charset);
		note->fn(note->ctx, msg);
	}
	r = compile(st, c, dir, source, charset, l->source != NULL, base, err);
	closure_free(c);
	if (r < 0)
		return -1;
	memo_write(st, key, *base);
	return 1;
}
