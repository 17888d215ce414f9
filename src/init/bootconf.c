/* boot.conf parser (libconfuse).  The format is documented in
 * docs/boot-conf.md; keep the two in step. */
#include "bootconf.h"

#include <confuse.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define BC_NO_ID (-1L)

/* libconfuse takes defaults as char * (-Wwrite-strings makes literals const). */
static char bc_empty_list[] = "{}";
static char bc_default_host_name[] = "gxsys";

static cfg_opt_t mount_opts[] = {
	CFG_STR("source", NULL, CFGF_NONE),
	CFG_STR("target", NULL, CFGF_NONE),
	CFG_BOOL("readonly", cfg_true, CFGF_NONE),
	CFG_END(),
};

static cfg_opt_t dir_opts[] = {
	CFG_INT("uid", 0, CFGF_NONE),
	CFG_INT("gid", 0, CFGF_NONE),
	CFG_INT("mode", 0755, CFGF_NONE),
	CFG_END(),
};

static cfg_opt_t home_opts[] = {
	CFG_STR("path", NULL, CFGF_NONE),
	CFG_INT("uid", BC_NO_ID, CFGF_NONE),
	CFG_INT("gid", BC_NO_ID, CFGF_NONE),
	CFG_END(),
};

static cfg_opt_t service_opts[] = {
	CFG_STR_LIST("provision", bc_empty_list, CFGF_NONE),
	CFG_STR_LIST("requirement", bc_empty_list, CFGF_NONE),
	CFG_STR_LIST("command", NULL, CFGF_NONE),
	CFG_STR_LIST("environment", bc_empty_list, CFGF_NONE),
	CFG_STR("directory", NULL, CFGF_NONE),
	CFG_STR("log-file", NULL, CFGF_NONE),
	CFG_STR("pid-file", NULL, CFGF_NONE),
	CFG_INT("pid-file-timeout", 30, CFGF_NONE),
	CFG_INT("uid", 0, CFGF_NONE),
	CFG_INT("gid", 0, CFGF_NONE),
	CFG_INT_LIST("groups", bc_empty_list, CFGF_NONE),
	CFG_INT("stop-signal", SIGTERM, CFGF_NONE),
	CFG_BOOL("respawn", cfg_true, CFGF_NONE),
	CFG_BOOL("one-shot", cfg_false, CFGF_NONE),
	CFG_BOOL("auto-start", cfg_true, CFGF_NONE),
	CFG_BOOL("no-new-privileges", cfg_false, CFGF_NONE),
	CFG_END(),
};

static cfg_opt_t top_opts[] = {
	CFG_STR("system", NULL, CFGF_NONE),
	CFG_STR("profile", NULL, CFGF_NONE),
	CFG_STR("etc", NULL, CFGF_NONE),
	CFG_STR("host-name", bc_default_host_name, CFGF_NONE),
	CFG_BOOL("network", cfg_false, CFGF_NONE),
	CFG_SEC("mount", mount_opts, CFGF_MULTI),
	CFG_SEC("directory", dir_opts, CFGF_MULTI | CFGF_TITLE | CFGF_NO_TITLE_DUPES),
	CFG_SEC("home", home_opts, CFGF_MULTI | CFGF_TITLE | CFGF_NO_TITLE_DUPES),
	CFG_SEC("service", service_opts, CFGF_MULTI | CFGF_TITLE | CFGF_NO_TITLE_DUPES),
	CFG_END(),
};

/* libconfuse reports through a callback without a user pointer; the parser
 * is not reentrant anyway (it uses a global lexer). */
static char bc_errmsg[512];

static void bc_errfunc(cfg_t *cfg, const char *fmt, va_list ap)
        __attribute__((format(printf, 2, 0)));
static void bc_errfunc(cfg_t *cfg, const char *fmt, va_list ap)
{
	char msg[400];
	vsnprintf(msg, sizeof msg, fmt, ap);
	if (cfg && cfg->filename && cfg->line > 0)
		snprintf(bc_errmsg, sizeof bc_errmsg, "%s:%d: %s", cfg->filename, cfg->line, msg);
	else if (cfg && cfg->filename)
		snprintf(bc_errmsg, sizeof bc_errmsg, "%s: %s", cfg->filename, msg);
	else
		snprintf(bc_errmsg, sizeof bc_errmsg, "%s", msg);
}

/* Where a semantic error is: the section's line when known. */
static int bc_bad(struct gx_error **err, const char *path, cfg_t *sec, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
static int bc_bad(struct gx_error **err, const char *path, cfg_t *sec, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *msg = gx_vasprintf(fmt, ap);
	va_end(ap);
	if (sec && sec->line > 0)
		return gx_fail_input(err, "%s:%d: %s", path, sec->line, msg);
	return gx_fail_input(err, "%s: %s", path, msg);
}

static void bc_cfg_freep(cfg_t **c)
{
	if (*c)
		cfg_free(*c);
}

struct bc_ctx {
	const char *path;
	struct gx_error **err;
};

static char *bc_path(struct bc_ctx *x, cfg_t *sec, const char *name, bool required)
{
	const char *v = cfg_getstr(sec, name);
	if (!v) {
		if (required)
			bc_bad(x->err, x->path, sec, "'%s' is required", name);
		return NULL;
	}
	if (v[0] != '/') {
		bc_bad(x->err, x->path, sec, "'%s' must be an absolute path: '%s'", name, v);
		return NULL;
	}
	return gx_xstrdup(v);
}

static int bc_int(struct bc_ctx *x, cfg_t *sec, const char *name, long lo, long hi, long *out)
{
	long v = cfg_getint(sec, name);
	if (v < lo || v > hi)
		return bc_bad(x->err, x->path, sec, "'%s' out of range (%ld to %ld): %ld", name, lo,
		              hi, v);
	*out = v;
	return 0;
}

static int bc_id(struct bc_ctx *x, cfg_t *sec, const char *name, unsigned *out)
{
	long v = 0;
	if (cfg_getint(sec, name) == BC_NO_ID)
		return bc_bad(x->err, x->path, sec, "'%s' is required", name);
	if (bc_int(x, sec, name, 0, (long)UINT_MAX - 1, &v) < 0)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static char **bc_strv(cfg_t *sec, const char *name)
{
	unsigned n = cfg_size(sec, name);
	char **v = gx_xcalloc(n + 1, sizeof *v);
	for (unsigned i = 0; i < n; i++)
		v[i] = gx_xstrdup(cfg_getnstr(sec, name, i));
	return v;
}

static int bc_load_mount(struct bc_ctx *x, cfg_t *sec, struct bc_mount *m)
{
	m->readonly = cfg_getbool(sec, "readonly");
	if (!(m->source = bc_path(x, sec, "source", true)))
		return -1;
	if (!cfg_getstr(sec, "target")) {
		m->target = gx_xstrdup(m->source);
		return 0;
	}
	m->target = bc_path(x, sec, "target", true);
	return m->target ? 0 : -1;
}

static int bc_load_dir(struct bc_ctx *x, cfg_t *sec, struct bc_dir *d)
{
	long mode = 0, id = 0;
	if (cfg_title(sec)[0] != '/')
		return bc_bad(x->err, x->path, sec, "directory '%s' must be an absolute path",
		              cfg_title(sec));
	d->path = gx_xstrdup(cfg_title(sec));
	if (bc_int(x, sec, "mode", 0, 07777, &mode) < 0)
		return -1;
	d->mode = (unsigned)mode;
	if (bc_int(x, sec, "uid", 0, (long)UINT_MAX - 1, &id) < 0)
		return -1;
	d->uid = (uid_t)id;
	if (bc_int(x, sec, "gid", 0, (long)UINT_MAX - 1, &id) < 0)
		return -1;
	d->gid = (gid_t)id;
	return 0;
}

static int bc_load_home(struct bc_ctx *x, cfg_t *sec, struct bc_home *h)
{
	h->user = gx_xstrdup(cfg_title(sec));
	if (!(h->path = bc_path(x, sec, "path", true)))
		return -1;
	if (bc_id(x, sec, "uid", &h->uid) < 0 || bc_id(x, sec, "gid", &h->gid) < 0)
		return -1;
	return 0;
}

/* provision = the title, then the listed names (the title not repeated). */
static char **bc_provision(cfg_t *sec)
{
	char **v = gx_strv_push(NULL, cfg_title(sec));
	for (unsigned i = 0; i < cfg_size(sec, "provision"); i++) {
		const char *p = cfg_getnstr(sec, "provision", i);
		if (strcmp(p, cfg_title(sec)) != 0)
			v = gx_strv_push(v, p);
	}
	return v;
}

static int bc_load_groups(struct bc_ctx *x, cfg_t *sec, struct bc_service *s)
{
	s->n_groups = cfg_size(sec, "groups");
	s->groups = gx_xcalloc(s->n_groups + 1, sizeof *s->groups);
	for (size_t i = 0; i < s->n_groups; i++) {
		long g = cfg_getnint(sec, "groups", (unsigned)i);
		if (g < 0 || g > (long)UINT_MAX - 1)
			return bc_bad(x->err, x->path, sec, "'groups' out of range: %ld", g);
		s->groups[i] = (gid_t)g;
	}
	return 0;
}

static int bc_load_service_paths(struct bc_ctx *x, cfg_t *sec, struct bc_service *s)
{
	static const char *const names[] = { "directory", "log-file", "pid-file" };
	char **dst[] = { &s->directory, &s->log_file, &s->pid_file };
	for (size_t i = 0; i < 3; i++)
		if (cfg_getstr(sec, names[i]) && !(*dst[i] = bc_path(x, sec, names[i], false)))
			return -1;
	return 0;
}

static int bc_load_service(struct bc_ctx *x, cfg_t *sec, struct bc_service *s)
{
	long v = 0;
	s->name = gx_xstrdup(cfg_title(sec));
	if (!s->name[0])
		return bc_bad(x->err, x->path, sec, "service name is empty");
	s->provision = bc_provision(sec);
	s->requirement = bc_strv(sec, "requirement");
	if (cfg_size(sec, "command") > 0)
		s->command = bc_strv(sec, "command");
	if (cfg_size(sec, "environment") > 0)
		s->environment = bc_strv(sec, "environment");
	for (char **e = s->environment; e && *e; e++)
		if (!strchr(*e, '=') || **e == '=')
			return bc_bad(x->err, x->path, sec,
			              "'environment' entry is not NAME=VALUE: '%s'", *e);
	if (bc_load_service_paths(x, sec, s) < 0 || bc_load_groups(x, sec, s) < 0)
		return -1;
	if (bc_int(x, sec, "pid-file-timeout", 1, INT_MAX, &v) < 0)
		return -1;
	s->pid_file_timeout = (int)v;
	if (bc_int(x, sec, "stop-signal", 1, 64, &v) < 0)
		return -1;
	s->stop_signal = (int)v;
	if (bc_int(x, sec, "uid", 0, (long)UINT_MAX - 1, &v) < 0)
		return -1;
	s->uid = (uid_t)v;
	if (bc_int(x, sec, "gid", 0, (long)UINT_MAX - 1, &v) < 0)
		return -1;
	s->gid = (gid_t)v;
	s->respawn = cfg_getbool(sec, "respawn");
	s->one_shot = cfg_getbool(sec, "one-shot");
	s->auto_start = cfg_getbool(sec, "auto-start");
	s->no_new_privs = cfg_getbool(sec, "no-new-privileges");
	return 0;
}

static int bc_load_top(struct bc_ctx *x, cfg_t *cfg, struct boot_conf *bc)
{
	if (cfg_getstr(cfg, "system") && !(bc->system = bc_path(x, cfg, "system", false)))
		return -1;
	if (!(bc->profile = bc_path(x, cfg, "profile", true)))
		return -1;
	if (!(bc->etc = bc_path(x, cfg, "etc", true)))
		return -1;
	const char *hn = cfg_getstr(cfg, "host-name");
	if (!hn[0] || strlen(hn) > 64)
		return bc_bad(x->err, x->path, NULL, "'host-name' must be 1 to 64 characters: '%s'",
		              hn);
	bc->host_name = gx_xstrdup(hn);
	bc->network = cfg_getbool(cfg, "network");
	return 0;
}

/* Each repeated section: its name, the array in bc, its element size and loader. */
#define BC_EACH(cfg, name, arr, n, fn)                                                             \
	do {                                                                                       \
		(n) = cfg_size((cfg), (name));                                                     \
		(arr) = gx_xcalloc((n) + 1, sizeof *(arr));                                        \
		for (size_t i_ = 0; i_ < (n); i_++)                                                \
			if (fn(x, cfg_getnsec((cfg), (name), (unsigned)i_), &(arr)[i_]) < 0)       \
				return -1;                                                         \
	} while (0)

static int bc_load_all(struct bc_ctx *x, cfg_t *cfg, struct boot_conf *bc)
{
	if (bc_load_top(x, cfg, bc) < 0)
		return -1;
	BC_EACH(cfg, "mount", bc->mounts, bc->n_mounts, bc_load_mount);
	BC_EACH(cfg, "directory", bc->dirs, bc->n_dirs, bc_load_dir);
	BC_EACH(cfg, "home", bc->homes, bc->n_homes, bc_load_home);
	BC_EACH(cfg, "service", bc->services, bc->n_services, bc_load_service);
	return 0;
}

struct boot_conf *bc_load(const char *path, struct gx_error **err)
{
	__attribute__((cleanup(bc_cfg_freep))) cfg_t *cfg = cfg_init(top_opts, CFGF_NONE);
	struct bc_ctx x = { path, err };
	if (!cfg)
		return gx_fail_errno(err, "%s: cannot initialise the parser", path), NULL;
	cfg_set_error_function(cfg, bc_errfunc);
	bc_errmsg[0] = '\0';
	/* libconfuse expands ${NAME} in double-quoted strings from the
	 * environment: parse with an empty one, so that the caller's
	 * environment never changes what boot.conf says (an unescaped ${X} is
	 * simply empty; the writer escapes '$' as \$). */
	static char *bc_no_env[] = { NULL };
	char **saved_env = environ;
	environ = bc_no_env;
	errno = 0;
	int r = cfg_parse(cfg, path);
	int saved_errno = errno;
	environ = saved_env;
	errno = saved_errno;
	if (r == CFG_FILE_ERROR)
		return gx_fail(err, GX_EXIT_FAILURE, errno, "%s: cannot read", path), NULL;
	if (r != CFG_SUCCESS)
		return gx_fail_input(err, "%s", bc_errmsg[0] ? bc_errmsg : "parse error"), NULL;
	struct boot_conf *bc = gx_xcalloc(1, sizeof *bc);
	if (bc_load_all(&x, cfg, bc) < 0) {
		bc_free(bc);
		return NULL;
	}
	return bc;
}

static void bc_free_service(struct bc_service *s)
{
	free(s->name);
	gx_strv_free(s->provision);
	gx_strv_free(s->requirement);
	gx_strv_free(s->command);
	gx_strv_free(s->environment);
	free(s->directory);
	free(s->log_file);
	free(s->pid_file);
	free(s->groups);
}

void bc_free(struct boot_conf *bc)
{
	if (!bc)
		return;
	free(bc->system);
	free(bc->profile);
	free(bc->etc);
	free(bc->host_name);
	for (size_t i = 0; i < bc->n_mounts; i++) {
		free(bc->mounts[i].source);
		free(bc->mounts[i].target);
	}
	free(bc->mounts);
	for (size_t i = 0; i < bc->n_dirs; i++)
		free(bc->dirs[i].path);
	free(bc->dirs);
	for (size_t i = 0; i < bc->n_homes; i++) {
		free(bc->homes[i].user);
		free(bc->homes[i].path);
	}
	free(bc->homes);
	for (size_t i = 0; i < bc->n_services; i++)
		bc_free_service(&bc->services[i]);
	free(bc->services);
	free(bc);
}
