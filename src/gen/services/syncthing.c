/* svc: syncthing-service-type (gnu/services/syncthing.scm).  Syncthing is
 * a per-user service, as in Guix: the service `syncthing-USER`, requirement
 * loopback and user-processes, runs Guix's command line, `syncthing
 * --no-browser --no-restart --logflags=N ARGUMENTS...`, as USER and GROUP
 * (default "users"), with HOME set to the home field or USER's home, and
 * SSL_CERT_DIR and SSL_CERT_FILE set as Guix sets them; it is not
 * respawned.  USER is an account the declaration has (the type makes
 * none, as Guix's); no user is a located error at the user field, as is
 * an account or group the system lacks, since Guix's getpw would fail at
 * boot.  HOME must be a directory syncthing can write its configuration
 * in: USER's home, made at boot (create-home-directory? #t), or a
 * directory under it, which syncthing makes; any other is refused.
 *
 * Where gxsys differs: Debian's syncthing (1.19) keeps its configuration
 * and keys in ~/.config/syncthing, while Guix's (1.27 and later) keeps
 * them in ~/.local/state/syncthing, where Guix's home service writes
 * config.xml; the service sets XDG_CONFIG_HOME=HOME/.local/state, so that
 * Debian's syncthing uses the directory Guix's does (an --home or
 * --config among the arguments still wins).  The config-file field
 * (Guix's syncthing-config-file records, or a file-like object written
 * to /var/lib/syncthing-USER/config.xml with --home there) is not
 * supported: anything but #f is a located error. */
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "syncthing-configuration"

static struct ev *d_package(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "syncthing", loc);
}

static const struct ev_field syncthing_fields[] = {
	{ "syncthing", D_FN, 0, NULL, d_package, NULL },
	{ "arguments", D_NIL, 0, NULL, NULL, NULL },
	{ "logflags", D_INT, 0, NULL, NULL, NULL },
	{ "user", D_FALSE, 0, NULL, NULL, NULL },
	{ "group", D_STRING, 0, "users", NULL, NULL },
	{ "home", D_FALSE, 0, NULL, NULL, NULL },
	{ "config-file", D_FALSE, 0, NULL, NULL, NULL },
};

static const struct ev_rtd syncthing_rtd = { RTD, syncthing_fields, N(syncthing_fields), false };

const struct ev_rtd *const svc_syncthing_records[] = { &syncthing_rtd, NULL };

static const struct os_user *find_user(const struct os_model *m, const char *name)
{
	for (size_t i = 0; i < m->n_users; i++)
		if (strcmp(m->users[i].name, name) == 0)
			return &m->users[i];
	return NULL;
}

static bool has_group(const struct os_model *m, const char *name)
{
	for (size_t i = 0; i < m->n_groups; i++)
		if (strcmp(m->groups[i].name, name) == 0)
			return true;
	return false;
}

/* The account syncthing runs as: a declared one (*U). */
static int get_user(struct ev_ctx *c, const struct ev *cfg, const struct os_user **u)
{
	const char *user;

	if (ev_get_string_or_false(c, cfg, "user", &user) < 0)
		return -1;
	if (user == NULL)
		return ev_failn(c, ev_record_loc(cfg, "user"),
		                RTD ": field 'user': syncthing runs as a user of the system: "
		                    "name one, as (user \"alice\")");
	if ((*u = find_user(c->osb.m, user)) == NULL)
		return ev_failn(c, ev_record_loc(cfg, "user"),
		                RTD ": field 'user': no user account %s in the operating-system's "
		                    "users (syncthing-service-type makes none)",
		                ev_repr(c, ev_record_get(cfg, "user")));
	return 0;
}

/* Whether PATH is DIR or under it. */
static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* HOME: the home field, or U's home; one syncthing can write in. */
static int get_home(struct ev_ctx *c, const struct ev *cfg, const struct os_user *u,
                    const char **home)
{
	struct sx_loc loc = ev_record_loc(cfg, "home");

	if (ev_get_string_or_false(c, cfg, "home", home) < 0)
		return -1;
	if (*home == NULL) {
		*home = u->home;
		if (!u->create_home)
			return ev_failn(c, ev_record_loc(cfg, "user"),
			                RTD ": field 'user': the home directory %s of '%s' is not "
			                    "made (create-home-directory? #f): syncthing could not "
			                    "write its configuration there",
			                u->home, u->name);
		return 0;
	}
	if (!svc_path_ok(*home, "="))
		return ev_failn(c, loc,
		                RTD ": field 'home': invalid home %s (expected an absolute path "
		                    "without white space, control characters or \".\" and \"..\" "
		                    "components)",
		                ev_repr(c, ev_record_get(cfg, "home")));
	if (!u->create_home || !under(*home, u->home))
		return ev_failn(c, loc,
		                RTD ": field 'home': %s is not the home directory of '%s', which "
		                    "the system makes, nor a directory under it: syncthing "
		                    "could not write its configuration there",
		                *home, u->name);
	return 0;
}

static int check_config_file(struct ev_ctx *c, const struct ev *cfg)
{
	const struct ev *v = ev_record_get(cfg, "config-file");

	if (v->type == EV_BOOL && !v->u.b)
		return 0;
	return ev_failn(c, ev_record_loc(cfg, "config-file"),
	                RTD ": field 'config-file': a configuration file made by the "
	                    "service (Guix's syncthing-config-file, written to "
	                    "/var/lib/syncthing-USER/config.xml) is not supported by gxsys: "
	                    "leave it #f, and syncthing makes its own");
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	struct ev *cfg = s->value, *pkg;
	const struct os_user *u;
	const char *prefix, *group, *home, **args;
	struct os_service *o;
	long logflags;
	size_t n = 0;

	if (svc_check_value(c, s, "a") < 0 || svc_refuse_extensions(c, s) < 0)
		return -1;
	if (get_user(c, cfg, &u) < 0 || ev_get_string(c, cfg, "group", &group) < 0)
		return -1;
	if (!has_group(c->osb.m, group))
		return ev_failn(c, ev_record_loc(cfg, "group"),
		                RTD ": field 'group': no group %s in the operating-system's groups",
		                ev_repr(c, ev_record_get(cfg, "group")));
	if (get_home(c, cfg, u, &home) < 0 ||
	    ev_get_int(c, cfg, "logflags", 0, 127, &logflags) < 0 ||
	    svc_string_list(c, cfg, "arguments", &args) < 0 || check_config_file(c, cfg) < 0)
		return -1;
	if ((pkg = svc_package(c, cfg, "syncthing")) == NULL ||
	    (prefix = osb_path_of(c, pkg, s->loc)) == NULL)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);

	o = osb_add_service(c, "syncthing-service-type", s->loc);
	o->provision = svc_split(c, gx_arena_printf(c->arena, "syncthing-%s", u->name));
	o->requirement = svc_split(c, "loopback user-processes");
	o->documentation = "Run syncthing.";
	while (args[n] != NULL)
		n++;
	{
		const char **argv = gx_arena_alloc(c->arena, (n + 4) * sizeof(*argv));

		argv[0] = gx_arena_printf(c->arena, "%s/bin/syncthing", prefix);
		argv[1] = "--no-browser";
		argv[2] = "--no-restart";
		argv[3] = gx_arena_printf(c->arena, "--logflags=%ld", logflags);
		memcpy(argv + 4, args, n * sizeof(*argv));
		svc_set_argv(c, o, argv, n + 4);
	}
	{
		const char **env = gx_arena_alloc(c->arena, 6 * sizeof(*env));

		env[0] = gx_arena_printf(c->arena, "HOME=%s", home);
		env[1] = "SSL_CERT_DIR=/etc/ssl/certs";
		env[2] = "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt";
		env[3] = gx_arena_printf(c->arena, "XDG_CONFIG_HOME=%s/.local/state", home);
		env[4] = "PATH=/run/current-system/profile/bin:/usr/bin:/usr/sbin:/bin:/sbin";
		env[5] = NULL;
		o->environment = env;
	}
	o->user = u->name;
	o->group = group;
	o->respawn = false;
	return 0;
}

const struct svc_def svc_syncthing = {
	"syncthing-service-type",
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
