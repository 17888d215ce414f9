/* svc: fcgiwrap-service-type (gnu/services/web.scm).  fcgiwrap runs CGI
 * programs for a web server that speaks FastCGI (nginx's fastcgi_pass):
 * the fcgiwrap account and group when the configuration names them (its
 * defaults), and the `fcgiwrap` service running Guix's command line,
 * `fcgiwrap -s SOCKET`, as USER and GROUP, requirement networking.
 *
 * SOCKET is fcgiwrap's: unix:PATH, tcp:HOST:PORT or tcp6:[HOST]:PORT.
 * fcgiwrap makes a Unix socket itself, as USER: its directory, made at
 * activation, is USER's, unless it is one every user may write to (/tmp,
 * /var/tmp); one in a directory of the system's (/run, /var/run, /var) is
 * refused at build time, since fcgiwrap could not make it at boot.
 *
 * A built-in type whose CGI program fcgiwrap runs (cgit-service-type)
 * extends it, as in Guix, where the extension only makes sure fcgiwrap is
 * there; here its value is (SOCKET DIR...): the socket its nginx server
 * passes requests to (#f: its own nginx configuration, not checked), which
 * must be fcgiwrap's, and the directories the program writes to (cgit's
 * cache), made USER's at activation.  A simple-service extending fcgiwrap
 * is refused: Guix's fcgiwrap-service-type takes no extension values. */
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "fcgiwrap-configuration"
#define ACCOUNT "fcgiwrap"

static struct ev *d_package(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "fcgiwrap", loc);
}

static const struct ev_field fcgiwrap_fields[] = {
	{ "package", D_FN, 0, NULL, d_package, NULL },
	{ "socket", D_STRING, 0, "tcp:127.0.0.1:9000", NULL, NULL },
	{ "user", D_STRING, 0, ACCOUNT, NULL, NULL },
	{ "group", D_STRING, 0, ACCOUNT, NULL, NULL },
};

static const struct ev_rtd fcgiwrap_rtd = { RTD, fcgiwrap_fields, N(fcgiwrap_fields), false };

const struct ev_rtd *const svc_fcgiwrap_records[] = { &fcgiwrap_rtd, NULL };

/* tcp:HOST:PORT, or tcp6:[HOST]:PORT: what fcgiwrap parses. */
static bool tcp_ok(const char *s, bool v6)
{
	const char *colon = strrchr(s, ':');

	if (colon == NULL || colon == s || !svc_port_ok(colon + 1) || svc_has_space(s))
		return false;
	if (!v6)
		return memchr(s, '[', (size_t)(colon - s)) == NULL;
	return s[0] == '[' && colon[-1] == ']' && colon - s > 2;
}

/* The directory of the Unix socket PATH that fcgiwrap (as USER) must be
 * able to write to: NULL when it may already (/tmp), "" when it cannot be
 * made USER's (a directory of the system's), else the directory. */
static const char *socket_dir(struct ev_ctx *c, const char *path)
{
	static const char *const open_dirs[] = { "/tmp", "/var/tmp" };
	static const char *const system_dirs[] = { "/run", "/var/run", "/var" };
	const char *slash = strrchr(path, '/');
	const char *dir = gx_arena_strndup(c->arena, path, (size_t)(slash - path));

	for (size_t i = 0; i < N(open_dirs); i++)
		if (strcmp(dir, open_dirs[i]) == 0)
			return NULL;
	for (size_t i = 0; i < N(system_dirs); i++)
		if (strcmp(dir, system_dirs[i]) == 0 || *dir == '\0')
			return "";
	return dir;
}

static int bad_socket(struct ev_ctx *c, const struct ev *cfg, const char *why)
{
	return ev_failn(c, ev_record_loc(cfg, "socket"),
	                RTD ": field 'socket': invalid socket %s (%s)",
	                ev_repr(c, ev_record_get(cfg, "socket")), why);
}

/* The socket, and the directory to make for it (*DIR, or NULL). */
static int get_socket(struct ev_ctx *c, const struct ev *cfg, const char *user, const char **socket,
                      const char **dir)
{
	*dir = NULL;
	if (ev_get_string(c, cfg, "socket", socket) < 0)
		return -1;
	if (strncmp(*socket, "tcp:", 4) == 0)
		return tcp_ok(*socket + 4, false)
		               ? 0
		               : bad_socket(c, cfg, "expected tcp:HOST:PORT, the port 1 to 65535");
	if (strncmp(*socket, "tcp6:", 5) == 0)
		return tcp_ok(*socket + 5, true)
		               ? 0
		               : bad_socket(c, cfg,
		                            "expected tcp6:[HOST]:PORT, the port 1 to 65535");
	if (strncmp(*socket, "unix:", 5) != 0)
		return bad_socket(c, cfg, "expected unix:PATH, tcp:HOST:PORT or tcp6:[HOST]:PORT");
	if (!svc_path_ok(*socket + 5, "") || strlen(*socket + 5) > 107)
		return bad_socket(
		        c, cfg,
		        "expected unix: and an absolute path of at most 107 bytes, without "
		        "white space, control characters or \".\" and \"..\" components");
	*dir = socket_dir(c, *socket + 5);
	if (*dir != NULL && **dir == '\0' && strcmp(user, "root") != 0)
		return ev_failn(c, ev_record_loc(cfg, "socket"),
		                RTD ": field 'socket': fcgiwrap runs as '%s' and cannot make %s in "
		                    "a directory of the system's: use one of its own, such as "
		                    "unix:/var/run/fcgiwrap/fcgiwrap.sock",
		                user, ev_repr(c, ev_record_get(cfg, "socket")));
	if (*dir != NULL && **dir == '\0')
		*dir = NULL; /* root's anyway */
	return 0;
}

static int get_name(struct ev_ctx *c, const struct ev *cfg, const char *field, const char **out)
{
	if (ev_get_string(c, cfg, field, out) < 0)
		return -1;
	if (**out != '\0' && !svc_has_space(*out) && strchr(*out, ':') == NULL)
		return 0;
	return ev_failn(c, ev_record_loc(cfg, field),
	                RTD ": field '%s': invalid name %s (expected an account's name)", field,
	                ev_repr(c, ev_record_get(cfg, field)));
}

/* The extensions of built-in types: (SOCKET DIR...), see above. */
static int builtin_extensions(struct ev_ctx *c, const struct svc_instance *s, const char *socket,
                              const char *user, const char *group)
{
	const struct ev *cfg = s->value;

	for (const struct svc_ext *e = s->exts; e != NULL; e = e->next) {
		const struct ev *want = e->value->u.pair.car;

		if (want->type == EV_STRING && strcmp(want->u.str.s, socket) != 0)
			return ev_failn(
			        c,
			        ev_record_loc(cfg, "socket").file ? ev_record_loc(cfg, "socket")
			                                          : e->loc,
			        "%s: its default nginx server passes requests to fcgiwrap "
			        "at %s, but " RTD "'s socket is %s (give its configuration "
			        "an nginx field that passes them to fcgiwrap's socket)",
			        e->origin, want->u.str.s, ev_repr(c, ev_record_get(cfg, "socket")));
		for (const struct ev *p = e->value->u.pair.cdr; p->type == EV_PAIR;
		     p = p->u.pair.cdr)
			osb_add_dir(c, p->u.pair.car->u.str.s, user, group, 0755);
	}
	return 0;
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	struct ev *cfg = s->value, *pkg;
	const char *prefix, *socket, *dir, *user, *group;
	struct os_service *o;

	if (svc_check_value(c, s, "a") < 0)
		return -1;
	for (const struct svc_ext *e = s->exts; e != NULL; e = e->next)
		if (e->from == NULL)
			return ev_failn(c, e->loc, "%s: extending %s is not supported by gxsys",
			                e->origin, s->def->name);
	if (get_name(c, cfg, "user", &user) < 0 || get_name(c, cfg, "group", &group) < 0 ||
	    get_socket(c, cfg, user, &socket, &dir) < 0 ||
	    builtin_extensions(c, s, socket, user, group) < 0)
		return -1;
	if ((pkg = svc_package(c, cfg, "package")) == NULL ||
	    (prefix = osb_path_of(c, pkg, s->loc)) == NULL)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);
	/* Guix's fcgiwrap-accounts: the fcgiwrap user and group, when they
	 * are the configuration's; any other is the declaration's to make. */
	if (strcmp(user, ACCOUNT) == 0 &&
	    osb_add_system_account(c, ACCOUNT, group, "Fcgiwrap Daemon", "/var/empty", s->loc) < 0)
		return -1;
	if (strcmp(user, ACCOUNT) != 0 && strcmp(group, ACCOUNT) == 0)
		osb_add_system_group(c, ACCOUNT);
	if (dir != NULL)
		osb_add_dir(c, dir, user, group, 0755);

	o = osb_add_service(c, "fcgiwrap-service-type", s->loc);
	o->provision = svc_split(c, "fcgiwrap");
	o->requirement = svc_split(c, "networking");
	o->documentation = "Run the fcgiwrap daemon.";
	{
		const char *argv[] = { gx_arena_printf(c->arena, "%s/sbin/fcgiwrap", prefix), "-s",
			               socket, NULL };

		svc_set_argv(c, o, argv, N(argv));
	}
	o->user = user;
	o->group = group;
	return 0;
}

const struct svc_def svc_fcgiwrap = {
	"fcgiwrap-service-type",
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
