/* svc: varnish-service-type (gnu/services/web.scm): the Varnish HTTP
 * cache, as Guix's.  Guix's varnish-configuration record (package, name,
 * backend, vcl, listen, storage, parameters, extra-options) with Guix's
 * defaults; the type's default value is an all-defaults record, as in
 * Guix.  Several services of the type may run side by side, each with a
 * name of its own.
 *
 * What it makes, as Guix does: the varnish group and system account (home
 * /var/varnish), the package in the profile, and per instance the service
 * varnish-NAME (requirement networking), running as root (varnishd drops
 * to the varnish account itself, once it has bound its sockets, which may
 * be below 1024):
 *
 *     varnishd -n DIR (-f VCL | -b BACKEND) -a LISTEN... -s STORAGE...
 *              -p KEY=VALUE... EXTRA-OPTIONS...
 *
 * varnishd daemonizes; the service is up once its PID file DIR/_.pid is
 * written.  The backend is used only without a vcl, as in Guix (a backend
 * given with a vcl is reported as ignored); a vcl is also compiled by
 * `varnishd -C` when the system is built, a refusal a note.
 *
 * Where gxsys differs: Guix passes `-n NAME`, which its varnish (built with
 * localstatedir /var) takes as /var/varnish/NAME, the directory its PID
 * file is in.  Debian's varnishd takes a relative name under
 * /var/lib/varnish: gxsys passes the absolute /var/varnish/NAME, so that
 * the instance's files are where Guix has them (`varnishadm -n
 * /var/varnish/NAME` reaches it).  An absolute name is the directory
 * itself, in both.  Guix's activation makes the account's home,
 * /var/varnish; gxsys makes it at boot (and an absolute name's parent). */
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "varnish-configuration"
#define HOME "/var/varnish"

static struct ev *d_package(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "varnish", loc);
}

static const struct ev_field fields[] = {
	{ "package", D_FN, 0, NULL, d_package, NULL },
	{ "name", D_STRING, 0, "default", NULL, NULL },
	{ "backend", D_STRING, 0, "localhost:8080", NULL, NULL },
	{ "vcl", D_FALSE, 0, NULL, NULL, NULL },
	{ "listen", D_STRLIST, 0, "localhost:80", NULL, NULL },
	{ "storage", D_STRLIST, 0, "malloc,128m", NULL, NULL },
	{ "parameters", D_NIL, 0, NULL, NULL, NULL },
	{ "extra-options", D_NIL, 0, NULL, NULL, NULL },
};

static const struct ev_rtd rtd = { RTD, fields, N(fields), false };

const struct ev_rtd *const svc_varnish_records[] = { &rtd, NULL };

/* Text without control characters, not empty (one argument of varnishd's;
 * SPACE_OK: white space allowed in it). */
static bool arg_ok(const char *s, size_t len, bool space_ok)
{
	return len > 0 && !gx_has_control(s, len) && (space_ok || strchr(s, ' ') == NULL);
}

/* An instance name: one file name under /var/varnish (letters, digits,
 * '.', '_', '-', not "." or ".."), or an absolute directory. */
static bool name_ok(const char *s)
{
	if (s[0] == '/')
		return svc_path_ok(s, "\"'\\");
	return s[0] != '\0' &&
	       s[strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")] ==
	               '\0' &&
	       strcmp(s, ".") != 0 && strcmp(s, "..") != 0;
}

/* FIELD: a list of non-empty strings without white space or control
 * characters, WHAT saying what they are; in *OUT. */
static int word_list(struct ev_ctx *c, const struct ev *cfg, const char *field, const char *what,
                     const char ***out)
{
	const struct ev *v = ev_record_get(cfg, field), *wrong = ev_is_list(v) ? NULL : v;

	for (const struct ev *p = v; wrong == NULL && p->type == EV_PAIR; p = p->u.pair.cdr) {
		const struct ev *e = p->u.pair.car;

		if (e->type != EV_STRING || !arg_ok(e->u.str.s, e->u.str.len, false))
			wrong = e;
	}
	if (wrong != NULL)
		return ev_failn(c, ev_record_loc(cfg, field),
		                RTD
		                ": field '%s': expected a list of %s, non-empty strings without "
		                "white space or control characters, got %s",
		                field, what, ev_repr(c, wrong));
	return svc_string_list(c, cfg, field, out);
}

/* A parameter's key or value as Guix's (format #f "~a" X): a string, a
 * symbol or an integer. */
static const char *displayed(struct ev_ctx *c, const struct ev *v)
{
	if (v->type == EV_STRING || v->type == EV_SYMBOL)
		return strlen(v->u.str.s) == v->u.str.len ? v->u.str.s : NULL;
	if (v->type == EV_INT)
		return gx_arena_printf(c->arena, "%lld", (long long)v->u.i);
	return NULL;
}

/* parameters: ((KEY . VALUE) ...), each "-p" "KEY=VALUE". */
static int parameters(struct ev_ctx *c, const struct ev *cfg, const char ***out)
{
	static const char expected[] =
	        "a list of (\"NAME\" . \"VALUE\") pairs (strings, symbols or integers; NAME "
	        "without '=', white space or control characters, VALUE non-empty and without "
	        "control characters)";
	const struct ev *v = ev_record_get(cfg, "parameters");
	size_t n = ev_list_length(v), i = 0;

	if (n == SIZE_MAX)
		return svc_bad_field(c, cfg, "parameters", expected);
	*out = gx_arena_alloc(c->arena, (2 * n + 1) * sizeof(**out));
	for (const struct ev *p = v; p->type == EV_PAIR; p = p->u.pair.cdr) {
		const struct ev *e = p->u.pair.car;
		const char *key = e->type == EV_PAIR ? displayed(c, e->u.pair.car) : NULL;
		const char *val = e->type == EV_PAIR ? displayed(c, e->u.pair.cdr) : NULL;

		if (key == NULL || val == NULL || !arg_ok(key, strlen(key), false) ||
		    strchr(key, '=') != NULL || !arg_ok(val, strlen(val), true))
			return ev_failn(c, ev_record_loc(cfg, "parameters"),
			                RTD ": field 'parameters': expected %s, got %s", expected,
			                ev_repr(c, e));
		(*out)[i++] = "-p";
		(*out)[i++] = gx_arena_printf(c->arena, "%s=%s", key, val);
	}
	(*out)[i] = NULL;
	return 0;
}

/* extra-options: strings, each one argument (white space allowed). */
static int extra_options(struct ev_ctx *c, const struct ev *cfg, const char ***out)
{
	if (svc_string_list(c, cfg, "extra-options", out) < 0)
		return -1;
	for (size_t i = 0; (*out)[i] != NULL; i++)
		if (!arg_ok((*out)[i], strlen((*out)[i]), true))
			return ev_failn(c, ev_record_loc(cfg, "extra-options"),
			                RTD
			                ": field 'extra-options': expected a list of arguments "
			                "(non-empty strings without control characters), got %s",
			                ev_repr(c, ev_cstring(c, (*out)[i], cfg->loc)));
	return 0;
}

/* vcl: #f (*OUT NULL), a file-like object with contents, or an absolute
 * file name (Guix passes a string as it is). */
static int vcl_path(struct ev_ctx *c, const struct ev *cfg, const char **out)
{
	const struct ev *v = ev_record_get(cfg, "vcl");

	*out = NULL;
	if (v->type == EV_BOOL && !v->u.b)
		return 0;
	if (v->type == EV_FILE) {
		*out = svc_file_with_contents(c, cfg, "vcl", svc_field_loc(cfg, "vcl", cfg->loc));
		return *out == NULL ? -1 : 0;
	}
	if (v->type == EV_STRING && strlen(v->u.str.s) == v->u.str.len &&
	    svc_path_ok(v->u.str.s, "")) {
		*out = v->u.str.s;
		return 0;
	}
	return svc_bad_field(
	        c, cfg, "vcl",
	        "#f, a file-like object (plain-file, local-file, mixed-text-file) or an "
	        "absolute file name");
}

/* Whether CFG's FIELD was given (not its default). */
static bool given(const struct ev *cfg, const char *field)
{
	const struct ev_record *r = cfg->u.rec;

	for (size_t i = 0; i < r->rtd->n_fields; i++)
		if (strcmp(r->rtd->fields[i].name, field) == 0)
			return r->locs[i].file != NULL;
	return false;
}

/* -f VCL, or -b BACKEND (checked only then: Guix ignores it with a vcl). */
static int source(struct ev_ctx *c, const struct ev *cfg, const char *vcl, const char **opt,
                  const char **arg)
{
	const struct ev *b = ev_record_get(cfg, "backend");

	if (vcl != NULL) {
		*opt = "-f";
		*arg = vcl;
		if (given(cfg, "backend"))
			osb_note(c, false, RTD " field 'backend'",
			         "ignored with a vcl, as in Guix: the VCL names the backends",
			         ev_record_loc(cfg, "backend"));
		return 0;
	}
	if (b->type != EV_STRING || !arg_ok(b->u.str.s, b->u.str.len, false))
		return svc_bad_field(
		        c, cfg, "backend",
		        "a backend address (\"HOST[:PORT]\" or a socket path, without white "
		        "space or control characters)");
	*opt = "-b";
	*arg = b->u.str.s;
	return 0;
}

struct varnish {
	const char *varnishd, *name, *dir, *opt, *arg;
	const char **listen, **storage, **params, **extra;
};

static int check(struct ev_ctx *c, const struct svc_instance *s, struct varnish *v)
{
	const struct ev *cfg = s->value;
	struct ev *pkg;
	const char *prefix, *vcl;

	if (svc_check_value(c, s, "a") < 0 || svc_refuse_extensions(c, s) < 0 ||
	    (pkg = svc_package(c, cfg, "package")) == NULL ||
	    ev_get_string(c, cfg, "name", &v->name) < 0)
		return -1;
	if (strlen(v->name) != ev_record_get(cfg, "name")->u.str.len || !name_ok(v->name))
		return svc_bad_field(
		        c, cfg, "name",
		        "an instance name (letters, digits, '.', '_', '-') or an absolute "
		        "directory (without white space, quotes, backslashes, \".\" and \"..\" "
		        "components)");
	if (vcl_path(c, cfg, &vcl) < 0 || source(c, cfg, vcl, &v->opt, &v->arg) < 0 ||
	    word_list(c, cfg, "listen",
	              "addresses (\"HOST:PORT[,PROTOCOL]\", \":PORT\", a socket path)",
	              &v->listen) < 0 ||
	    word_list(c, cfg, "storage", "storages (\"[NAME=]TYPE[,OPTIONS]\")", &v->storage) < 0 ||
	    parameters(c, cfg, &v->params) < 0 || extra_options(c, cfg, &v->extra) < 0 ||
	    (prefix = osb_path_of(c, pkg, s->loc)) == NULL)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);
	v->varnishd = gx_arena_printf(c->arena, "%s/sbin/varnishd", prefix);
	v->dir = v->name[0] == '/' ? v->name : gx_arena_printf(c->arena, HOME "/%s", v->name);
	if (vcl != NULL) {
		/* -j none: the build container cannot change ids, as the unix
		 * jail does to compile */
		const char *argv[] = { v->varnishd, "-C", "-j", "none", "-f", vcl, NULL };

		osb_add_check(c, argv, RTD ": field 'vcl'", svc_field_loc(cfg, "vcl", s->loc));
	}
	return 0;
}

/* The command line: Guix's, in its order. */
static void set_argv(struct ev_ctx *c, struct os_service *o, const struct varnish *v)
{
	const char *const *lists[] = { v->listen, v->storage };
	const char *const flags[] = { "-a", "-s" };
	size_t n = 5, i = 0;

	for (size_t l = 0; l < N(lists); l++)
		for (size_t j = 0; lists[l][j] != NULL; j++)
			n += 2;
	for (size_t j = 0; v->params[j] != NULL; j++)
		n++;
	for (size_t j = 0; v->extra[j] != NULL; j++)
		n++;
	o->argv = gx_arena_alloc(c->arena, (n + 1) * sizeof(char *));
	o->argv[i++] = v->varnishd;
	o->argv[i++] = "-n";
	o->argv[i++] = v->dir;
	o->argv[i++] = v->opt;
	o->argv[i++] = v->arg;
	for (size_t l = 0; l < N(lists); l++)
		for (size_t j = 0; lists[l][j] != NULL; j++) {
			o->argv[i++] = flags[l];
			o->argv[i++] = lists[l][j];
		}
	for (size_t j = 0; v->params[j] != NULL; j++)
		o->argv[i++] = v->params[j];
	for (size_t j = 0; v->extra[j] != NULL; j++)
		o->argv[i++] = v->extra[j];
	o->argv[i] = NULL;
}

/* Each instance needs a name of its own: its service and directory. */
static int unique(struct ev_ctx *c, const struct svc_instance *s, const char *provision)
{
	const struct os_model *m = c->osb.m;

	for (size_t i = 0; i < m->n_services; i++)
		if (strcmp(m->services[i].origin, "varnish-service-type") == 0 &&
		    strcmp(m->services[i].provision[0], provision) == 0)
			return ev_failn(
			        c,
			        given(s->value, "name") ? ev_record_loc(s->value, "name") : s->loc,
			        "varnish-service-type: two services are named %s (line %d): "
			        "each needs a 'name' of its own",
			        ev_repr(c, ev_record_get(s->value, "name")),
			        m->services[i].loc.line);
	return 0;
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	struct varnish v = { 0 };
	struct os_service *o;
	const char *provision;

	if (check(c, s, &v) < 0)
		return -1;
	provision = gx_arena_printf(c->arena, "varnish-%s", v.name);
	if (unique(c, s, provision) < 0 ||
	    osb_add_system_account(c, "varnish", "varnish", "Varnish Cache User", HOME, s->loc) < 0)
		return -1;
	osb_add_dir(c, HOME, "varnish", "varnish", 0755);
	if (v.name[0] == '/')
		svc_parent_dir(c, v.dir);

	o = osb_add_service(c, "varnish-service-type", s->loc);
	o->provision = svc_strv(c, &provision, 1);
	o->requirement = svc_split(c, "networking");
	o->documentation = gx_arena_printf(c->arena, "The Varnish Web Accelerator (%s)", v.name);
	set_argv(c, o, &v);
	/* Not #:user, as Guix: varnishd binds its sockets as root, then runs
	 * as the varnish account. */
	o->pid_file = gx_arena_printf(c->arena, "%s/_.pid", v.dir);
	return 0;
}

const struct svc_def svc_varnish = {
	"varnish-service-type",
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
