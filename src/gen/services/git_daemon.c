/* svc: git-daemon-service-type (gnu/services/version-control.scm).
 * The git-daemon account, the base path (made at activation, as Guix's
 * mkdir-p does: root's, 0755; none when base-path is #f), and the
 * `git-daemon` service running Guix's command line: `git daemon --syslog
 * --reuseaddr [--export-all] [--base-path=DIR] [--user-path=PATH]
 * [--listen=HOST]... [--port=N] EXTRA... WHITELIST...`, as user and group
 * git-daemon, requirement networking.
 *
 * Debian's /usr/bin/git runs /usr/lib/git-core/git-daemon, which serves
 * read-only (upload-pack) the repositories that have a git-daemon-export-ok
 * file, or all of them with export-all?.  --syslog logs to gxsys-init's
 * built-in syslog on /dev/log.
 *
 * Each value is one argument of that command line: the base path an
 * absolute path, the listen addresses and the whitelist's directories
 * without white space or control characters (a whitelist entry starting
 * with "-" would be read as an option: git daemon takes the first argument
 * without one as the start of the whitelist). */
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "git-daemon-configuration"
#define ACCOUNT "git-daemon"

static struct ev *d_package(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "git", loc);
}

static const struct ev_field gd_fields[] = {
	{ "package", D_FN, 0, NULL, d_package, NULL },
	{ "export-all?", D_FALSE, 0, NULL, NULL, NULL },
	{ "base-path", D_STRING, 0, "/srv/git", NULL, NULL },
	{ "user-path", D_FALSE, 0, NULL, NULL, NULL },
	{ "listen", D_NIL, 0, NULL, NULL, NULL },
	{ "port", D_FALSE, 0, NULL, NULL, NULL },
	{ "whitelist", D_NIL, 0, NULL, NULL, NULL },
	{ "extra-options", D_NIL, 0, NULL, NULL, NULL },
};

static const struct ev_rtd gd_rtd = { RTD, gd_fields, N(gd_fields), false };

const struct ev_rtd *const svc_git_daemon_records[] = { &gd_rtd, NULL };

/* user-path: #f, or a path relative to each user's home ("" is the home
 * itself, as git's --user-path= is). */
static int user_path(struct ev_ctx *c, const struct ev *cfg, const char **out)
{
	if (ev_get_string_or_false(c, cfg, "user-path", out) < 0)
		return -1;
	if (*out == NULL || !svc_has_space(*out))
		return 0;
	return ev_failn(c, ev_record_loc(cfg, "user-path"),
	                RTD ": field 'user-path': invalid value %s (expected #f or a path "
	                    "without white space or control characters)",
	                ev_repr(c, ev_record_get(cfg, "user-path")));
}

/* port: #f (git's 9418) or a TCP port. */
static int port(struct ev_ctx *c, const struct ev *cfg, long *out)
{
	struct ev *v = ev_record_get(cfg, "port");

	*out = 0;
	if (v->type == EV_BOOL && !v->u.b)
		return 0;
	if (v->type != EV_INT)
		return ev_failn(c, ev_record_loc(cfg, "port"),
		                RTD ": field 'port': expected #f or an integer, got %s",
		                ev_repr(c, v));
	return ev_get_int(c, cfg, "port", 1, 65535, out);
}

/* listen and whitelist: lists of strings, each one argument: not empty, no
 * white space or control characters; a whitelist entry not an option. */
static int words(struct ev_ctx *c, const struct ev *cfg, const char *field, bool dash_ok,
                 const char ***out)
{
	const struct ev *p = ev_record_get(cfg, field);

	if (svc_string_list(c, cfg, field, out) < 0)
		return -1;
	for (const char **s = *out; *s != NULL; s++, p = p->u.pair.cdr)
		if (**s == '\0' || svc_has_space(*s) || (!dash_ok && **s == '-'))
			return ev_failn(c, ev_record_loc(cfg, field),
			                RTD ": field '%s': invalid entry %s (expected %s)", field,
			                ev_repr(c, p->u.pair.car),
			                dash_ok ? "an address without white space"
			                        : "a directory without white space, not starting "
			                          "with \"-\"");
	return 0;
}

struct gd_args {
	bool export_all;
	const char *base, *user;
	long port;
	const char **listen, **whitelist, **extra;
};

static size_t count(const char **v)
{
	size_t n = 0;

	while (v[n] != NULL)
		n++;
	return n;
}

/* 8: git daemon --syslog --reuseaddr, the three optional flags, --port. */
static void set_argv(struct ev_ctx *c, struct os_service *o, const char *prefix,
                     const struct gd_args *a)
{
	size_t n = 8 + count(a->listen) + count(a->extra) + count(a->whitelist), i = 0;

	o->argv = gx_arena_alloc(c->arena, (n + 1) * sizeof(char *));
	o->argv[i++] = gx_arena_printf(c->arena, "%s/bin/git", prefix);
	o->argv[i++] = "daemon";
	o->argv[i++] = "--syslog";
	o->argv[i++] = "--reuseaddr";
	if (a->export_all)
		o->argv[i++] = "--export-all";
	if (a->base != NULL)
		o->argv[i++] = gx_arena_printf(c->arena, "--base-path=%s", a->base);
	if (a->user != NULL)
		o->argv[i++] = gx_arena_printf(c->arena, "--user-path=%s", a->user);
	for (const char **q = a->listen; *q != NULL; q++)
		o->argv[i++] = gx_arena_printf(c->arena, "--listen=%s", *q);
	if (a->port != 0)
		o->argv[i++] = gx_arena_printf(c->arena, "--port=%ld", a->port);
	for (const char **q = a->extra; *q != NULL; q++)
		o->argv[i++] = *q;
	for (const char **q = a->whitelist; *q != NULL; q++)
		o->argv[i++] = *q;
	o->argv[i] = NULL;
}

static int read_config(struct ev_ctx *c, const struct ev *cfg, struct gd_args *a)
{
	if (ev_get_bool(c, cfg, "export-all?", &a->export_all) < 0 ||
	    svc_path_or_false(c, cfg, "base-path", &a->base) < 0 ||
	    user_path(c, cfg, &a->user) < 0 || words(c, cfg, "listen", true, &a->listen) < 0 ||
	    port(c, cfg, &a->port) < 0 || svc_string_list(c, cfg, "extra-options", &a->extra) < 0 ||
	    words(c, cfg, "whitelist", false, &a->whitelist) < 0)
		return -1;
	return 0;
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	struct ev *cfg = s->value, *pkg;
	struct gd_args a = { 0 };
	const char *prefix;
	struct os_service *o;

	if (svc_check_value(c, s, "a") < 0)
		return -1;
	if (svc_refuse_extensions(c, s) < 0)
		return -1;
	if (read_config(c, cfg, &a) < 0)
		return -1;
	if ((pkg = svc_package(c, cfg, "package")) == NULL ||
	    (prefix = osb_path_of(c, pkg, s->loc)) == NULL)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);
	if (osb_add_system_account(c, ACCOUNT, ACCOUNT, "Git daemon user", "/var/empty", s->loc) <
	    0)
		return -1;
	if (a.base != NULL)
		osb_add_dir(c, a.base, "root", "root", 0755);

	o = osb_add_service(c, "git-daemon-service-type", s->loc);
	o->provision = svc_split(c, "git-daemon");
	o->requirement = svc_split(c, "networking");
	o->documentation = "Run the git-daemon.";
	set_argv(c, o, prefix, &a);
	o->user = ACCOUNT;
	o->group = ACCOUNT;
	return 0;
}

const struct svc_def svc_git_daemon = {
	"git-daemon-service-type",
	SVC_RUN,
	NULL,
	RTD,
	SVC_DEFAULT_RECORD,
	NULL,
	NULL,
	false,
	expand,
	NULL,
};
