/* svc: memcached-service-type (gnu/services/databases.scm).  The memcached
 * account, /var/run/memcached owned by it, and the `memcached` service
 * running Guix's command line: `memcached -l INTERFACES -p TCP -U UDP
 * --daemon -P /var/run/memcached/pid -u memcached OPTIONS...`, with its
 * log file and its PID file.
 *
 * One deliberate difference from Guix: gxsys-init starts the service as the
 * memcached user, not as root.  memcached drops to its -u user before it
 * writes its PID file, so that file belongs to memcached; gxsys-init trusts
 * a PID file only when it belongs to root or to the service's user (a
 * service's user could otherwise have root signal any process), and would
 * not take memcached's from a root service.  Started unprivileged, memcached
 * ignores -u; it binds no privileged port. */
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RUN_DIR "/var/run/memcached"

static struct ev *d_memcached(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "memcached", loc);
}

static const struct ev_field memcached_fields[] = {
	{ "memcached", D_FN, 0, NULL, d_memcached, NULL },
	{ "interfaces", D_STRLIST, 0, "0.0.0.0", NULL, NULL },
	{ "tcp-port", D_INT, 11211, NULL, NULL, NULL },
	{ "udp-port", D_INT, 11211, NULL, NULL, NULL },
	{ "additional-options", D_NIL, 0, NULL, NULL, NULL },
};

static const struct ev_rtd memcached_rtd = { "memcached-configuration", memcached_fields,
	                                     N(memcached_fields), false };

const struct ev_rtd *const svc_memcached_records[] = { &memcached_rtd, NULL };

/* interfaces: memcached splits -l at commas and takes each part as an
 * address (HOST or HOST:PORT), so each must be one non-empty token. */
static int interfaces(struct ev_ctx *c, const struct ev *cfg, const char **out)
{
	struct sx_loc loc = ev_record_loc(cfg, "interfaces");
	const char **v;

	if (svc_string_list(c, cfg, "interfaces", &v) < 0)
		return -1;
	if (v[0] == NULL)
		return ev_failn(c, loc,
		                "memcached-configuration: field 'interfaces': expected at least "
		                "one address");
	for (size_t i = 0; v[i] != NULL; i++)
		if (v[i][0] == '\0' || strpbrk(v[i], ", \t\n\r\v\f") != NULL)
			return ev_failn(c, loc,
			                "memcached-configuration: field 'interfaces': invalid "
			                "address %s (one address, without commas or white space)",
			                ev_repr(c, ev_cstring(c, v[i], loc)));
	*out = svc_join(c, v, ",");
	return 0;
}

static void set_argv(struct ev_ctx *c, struct os_service *o, const char *prefix, const char *addrs,
                     long tcp, long udp, const char **extra)
{
	const char *base[] = { gx_arena_printf(c->arena, "%s/bin/memcached", prefix),
		               "-l",
		               addrs,
		               "-p",
		               gx_arena_printf(c->arena, "%ld", tcp),
		               "-U",
		               gx_arena_printf(c->arena, "%ld", udp),
		               "--daemon",
		               "-P",
		               RUN_DIR "/pid",
		               "-u",
		               "memcached" };
	size_t n = 0;

	while (extra[n] != NULL)
		n++;
	o->argv = gx_arena_alloc(c->arena, (N(base) + n + 1) * sizeof(char *));
	memcpy(o->argv, base, sizeof(base));
	memcpy(o->argv + N(base), extra, (n + 1) * sizeof(char *));
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	struct ev *cfg = s->value, *pkg;
	const char *prefix, *addrs = NULL, **extra = NULL;
	struct os_service *o;
	long tcp, udp;

	if (svc_check_value(c, s, "a") < 0)
		return -1;
	if (svc_refuse_extensions(c, s) < 0)
		return -1;
	/* 0 is memcached's "off" for either port */
	if (interfaces(c, cfg, &addrs) < 0 || ev_get_int(c, cfg, "tcp-port", 0, 65535, &tcp) < 0 ||
	    ev_get_int(c, cfg, "udp-port", 0, 65535, &udp) < 0 ||
	    svc_string_list(c, cfg, "additional-options", &extra) < 0)
		return -1;
	if ((pkg = svc_package(c, cfg, "memcached")) == NULL)
		return -1;
	if ((prefix = osb_path_of(c, pkg, s->loc)) == NULL)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);
	if (osb_add_system_account(c, "memcached", "memcached", "Memcached server user",
	                           "/var/empty", s->loc) < 0)
		return -1;
	osb_add_dir(c, RUN_DIR, "memcached", "memcached", 0755);

	o = osb_add_service(c, "memcached-service-type", s->loc);
	o->provision = svc_split(c, "memcached");
	o->requirement = svc_split(c, "user-processes loopback");
	o->documentation = "Run the Memcached daemon.";
	set_argv(c, o, prefix, addrs, tcp, udp, extra);
	o->user = "memcached";
	o->group = "memcached";
	o->log_file = "/var/log/memcached";
	o->pid_file = RUN_DIR "/pid";
	return 0;
}

const struct svc_def svc_memcached = {
	"memcached-service-type",
	SVC_RUN,
	NULL,
	"memcached-configuration",
	SVC_DEFAULT_RECORD,
	NULL,
	NULL,
	false,
	expand,
	NULL,
};
