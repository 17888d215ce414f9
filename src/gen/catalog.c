/* catalog: gxsys.conf with libconfuse (see catalog.h, docs/gxsys-conf.md). */
#include <confuse.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "dpkg.h"
#include "store.h"
#include "util.h"

#ifndef GXSYS_SYSCONFDIR
#define GXSYS_SYSCONFDIR "/etc/gxsys"
#endif
#ifndef GXSYS_DATADIR
#define GXSYS_DATADIR "/usr/share/gxsys"
#endif

static cfg_opt_t package_opts[] = {
	CFG_STR_LIST("debian", NULL, CFGF_NONE),
	CFG_STR_LIST("extra", NULL, CFGF_NONE),
	CFG_STR_LIST("exclude", NULL, CFGF_NONE),
	CFG_STR_LIST("paths", NULL, CFGF_NONE),
	CFG_STR("version", "", CFGF_NONE),
	CFG_STR("install-hint", NULL, CFGF_NONE),
	CFG_END(),
};

/* libconfuse wants writable default strings (-Wwrite-strings). */
static char default_library_paths[] = "{/usr/lib/x86_64-linux-gnu, /lib/x86_64-linux-gnu, "
                                      "/usr/lib64, /lib64, /usr/lib, /lib}";
static char default_skip_paths[] = "{usr/share/doc, usr/share/man, usr/share/info, "
                                   "usr/share/locale, usr/share/lintian}";

static cfg_opt_t top_opts[] = {
	CFG_STR("store", STORE_DEFAULT_DIR, CFGF_NONE),
	CFG_STR("host-root", "/", CFGF_NONE),
	CFG_STR_LIST("library-paths", default_library_paths, CFGF_NONE),
	CFG_STR_LIST("skip-paths", default_skip_paths, CFGF_NONE),
	CFG_STR_LIST("base-packages", NULL, CFGF_NONE),
	CFG_STR_LIST("base-set", NULL, CFGF_NONE),
	CFG_STR_LIST("exclude", NULL, CFGF_NONE),
	CFG_STR_LIST("providers", NULL, CFGF_NONE),
	CFG_SEC("package", package_opts, CFGF_MULTI | CFGF_TITLE | CFGF_NO_TITLE_DUPES),
	CFG_END(),
};

/* libconfuse reports through a callback; keep the first message. */
static __thread struct gx_buf errbuf;
static __thread const char *errname;

static void catch_error(cfg_t *cfg, const char *fmt, va_list ap)
{
	if (errbuf.len)
		return;
	if (cfg && (errname || cfg->filename))
		gx_buf_printf(&errbuf, "%s:%d: ", errname ? errname : cfg->filename, cfg->line);
	char *m = gx_vasprintf(fmt, ap);
	gx_buf_puts(&errbuf, m);
	free(m);
}

static char **strlist(cfg_t *cfg, const char *name)
{
	unsigned n = cfg_size(cfg, name);
	char **v = gx_xcalloc(n + 1, sizeof(char *));

	for (unsigned i = 0; i < n; i++)
		v[i] = gx_xstrdup(cfg_getnstr(cfg, name, i));
	return v;
}

static int check_provider(const char *p)
{
	const char *eq = strchr(p, '=');

	return eq && eq != p && eq[1] && !strchr(eq + 1, '=') ? 0 : -1;
}

/* Is rel (canonical, item-relative) dir or under it? */
static bool under(const char *rel, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(rel, dir, n) == 0 && (rel[n] == '\0' || rel[n] == '/');
}

/* A paths entry is laid out at its host path, and a container sees only the
 * items' usr/ (the profile, at /usr) and etc/ (in /etc): anything else would
 * be imported and never seen. */
static int check_path(const struct catalog *cat, const struct catalog_entry *e, const char *path,
                      struct gx_error **err)
{
	_cleanup_free_ char *rel = NULL;

	if (*path != '/')
		return gx_fail_input(err, "%s: package '%s': path '%s' is not absolute", cat->file,
		                     e->name, path);
	rel = dpkg_canon(path);
	if (!under(rel, "usr") && !under(rel, "etc"))
		return gx_fail_input(err,
		                     "%s: package '%s': path '%s' is outside /usr and /etc, "
		                     "the only parts of a package a container sees",
		                     cat->file, e->name, path);
	return 0;
}

static int fill_entry(struct catalog *cat, cfg_t *sec, struct catalog_entry *e,
                      struct gx_error **err)
{
	e->name = gx_xstrdup(cfg_title(sec));
	e->debian = strlist(sec, "debian");
	e->extra = strlist(sec, "extra");
	e->exclude = strlist(sec, "exclude");
	e->paths = strlist(sec, "paths");
	e->version = gx_xstrdup(cfg_getstr(sec, "version"));
	e->backend = e->paths[0] ? CATALOG_PATHS : CATALOG_DPKG;
	if (e->paths[0] && e->debian[0])
		return gx_fail_input(err, "%s: package '%s': both 'debian' and 'paths' given",
		                     cat->file, e->name);
	for (char **p = e->paths; *p; p++)
		if (check_path(cat, e, *p, err) < 0)
			return -1;
	if (cfg_getstr(sec, "install-hint"))
		e->install_hint = gx_xstrdup(cfg_getstr(sec, "install-hint"));
	else if (e->debian[0])
		e->install_hint = gx_asprintf("apt-get install %.*s",
		                              (int)strcspn(e->debian[0], "|"), e->debian[0]);
	else
		e->install_hint = gx_xstrdup("install it on the host");
	return 0;
}

static int fill(struct catalog *cat, cfg_t *cfg, struct gx_error **err)
{
	cat->store_dir = gx_xstrdup(cfg_getstr(cfg, "store"));
	cat->host_root = gx_xstrdup(cfg_getstr(cfg, "host-root"));
	cat->library_paths = strlist(cfg, "library-paths");
	cat->skip_paths = strlist(cfg, "skip-paths");
	cat->base_packages = strlist(cfg, "base-packages");
	cat->base_set = strlist(cfg, "base-set");
	cat->exclude = strlist(cfg, "exclude");
	cat->providers = strlist(cfg, "providers");
	for (char **p = cat->providers; *p; p++)
		if (check_provider(*p) < 0)
			return gx_fail_input(err, "%s: providers: '%s' is not VIRTUAL=PACKAGE",
			                     cat->file, *p);
	cat->n_entries = cfg_size(cfg, "package");
	cat->entries = gx_xcalloc(cat->n_entries + 1, sizeof(*cat->entries));
	for (size_t i = 0; i < cat->n_entries; i++)
		if (fill_entry(cat, cfg_getnsec(cfg, "package", (unsigned)i), &cat->entries[i],
		               err) < 0)
			return -1;
	return 0;
}

static struct catalog *load(const char *path, const char *text, const char *name,
                            struct gx_error **err)
{
	cfg_t *cfg = cfg_init(top_opts, CFGF_NONE);
	struct catalog *cat = gx_xcalloc(1, sizeof(*cat));
	int rc;

	cat->file = gx_xstrdup(name);
	cfg_set_error_function(cfg, catch_error);
	gx_buf_free(&errbuf);
	errname = name;
	rc = path ? cfg_parse(cfg, path) : cfg_parse_buf(cfg, text);
	errname = NULL;
	if (rc == CFG_FILE_ERROR)
		gx_fail_errno(err, "cannot read '%s'", name);
	else if (rc != CFG_SUCCESS)
		gx_fail_input(err, "%s", errbuf.len ? errbuf.data : "syntax error");
	gx_buf_free(&errbuf);
	if (rc != CFG_SUCCESS || fill(cat, cfg, err) < 0) {
		if (rc == CFG_FILE_ERROR && err && *err)
			(*err)->status = GX_EXIT_FAILURE;
		cfg_free(cfg);
		catalog_free(cat);
		return NULL;
	}
	cfg_free(cfg);
	return cat;
}

struct catalog *catalog_load(const char *path, struct gx_error **err)
{
	return load(path, NULL, path, err);
}

struct catalog *catalog_load_string(const char *text, const char *name, struct gx_error **err)
{
	return load(NULL, text, name, err);
}

char *catalog_config_path(const char *cli_config)
{
	const char *env = getenv("GXSYS_CONFIG");

	if (cli_config && *cli_config)
		return gx_xstrdup(cli_config);
	if (env && *env)
		return gx_xstrdup(env);
	if (access(GXSYS_SYSCONFDIR "/gxsys.conf", F_OK) == 0)
		return gx_xstrdup(GXSYS_SYSCONFDIR "/gxsys.conf");
	if (access(GXSYS_DATADIR "/gxsys.conf", F_OK) != 0) {
		/* Not installed: run from the build tree (build/gxsys), whose
		 * catalog is data/gxsys.conf beside build/. */
		char *in_tree = gx_beside_self("../data/gxsys.conf", F_OK);

		if (in_tree != NULL)
			return in_tree;
	}
	return gx_xstrdup(GXSYS_DATADIR "/gxsys.conf");
}

static void free_entry(struct catalog_entry *e)
{
	free(e->name);
	gx_strv_free(e->debian);
	gx_strv_free(e->extra);
	gx_strv_free(e->exclude);
	gx_strv_free(e->paths);
	free(e->version);
	free(e->install_hint);
}

void catalog_free(struct catalog *cat)
{
	if (!cat)
		return;
	for (size_t i = 0; cat->entries && i < cat->n_entries; i++)
		free_entry(&cat->entries[i]);
	free(cat->entries);
	free(cat->file);
	free(cat->store_dir);
	free(cat->host_root);
	gx_strv_free(cat->base_packages);
	gx_strv_free(cat->base_set);
	gx_strv_free(cat->exclude);
	gx_strv_free(cat->skip_paths);
	gx_strv_free(cat->library_paths);
	gx_strv_free(cat->providers);
	free(cat);
}

const char *catalog_store_dir(const struct catalog *cat, const char *cli_store)
{
	const char *env = getenv("GXSYS_STORE");

	if (cli_store && *cli_store)
		return cli_store;
	if (env && *env)
		return env;
	return cat && cat->store_dir ? cat->store_dir : STORE_DEFAULT_DIR;
}

const char *catalog_host_root(const struct catalog *cat)
{
	const char *env = getenv("GXSYS_HOST_ROOT");

	if (env && *env)
		return env;
	return cat && cat->host_root ? cat->host_root : "/";
}

const struct catalog_entry *catalog_find(const struct catalog *cat, const char *name)
{
	for (size_t i = 0; cat && i < cat->n_entries; i++)
		if (strcmp(cat->entries[i].name, name) == 0)
			return &cat->entries[i];
	return NULL;
}

static bool strv_has(char *const *v, const char *s)
{
	for (; v && *v; v++)
		if (strcmp(*v, s) == 0)
			return true;
	return false;
}

bool catalog_excludes(const struct catalog *cat, const struct catalog_entry *e, const char *deb)
{
	return strv_has(cat->exclude, deb) || (e && strv_has(e->exclude, deb));
}

const char *catalog_provider(const struct catalog *cat, const char *virt)
{
	size_t n = strlen(virt);

	for (char **p = cat->providers; p && *p; p++)
		if (strncmp(*p, virt, n) == 0 && (*p)[n] == '=')
			return *p + n + 1;
	return NULL;
}
