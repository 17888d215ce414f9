/* svc: dbus-root-service-type (gnu/services/dbus.scm), the system bus, run
 * with Debian's dbus (dbus-daemon, dbus-bin, dbus-system-bus-common):
 * Guix's messagebus account and group (home /var/run/dbus), at activation
 * /var/run/dbus, messagebus's, 0755 (the bus's socket is there), the
 * /etc/dbus-1/system-local.conf Guix writes, a one-shot making the
 * machine ID, and the `dbus-system` service running Guix's command line,
 * `dbus-daemon --nofork --system --syslog-only`, PID file /var/run/dbus/pid,
 * requirement user-processes syslogd.  With verbose? #t, as in Guix,
 * DBUS_VERBOSE=1 and the log file /var/log/dbus-daemon.log (Debian's
 * dbus-daemon is built without verbose mode: it then logs as usual).
 *
 * The services field, and the values other services extend the type with
 * (lists of packages, appended, as Guix's compose and extend do), are
 * packages whose D-Bus policies and services the bus must know.  In Guix
 * system-local.conf names each package's etc/dbus-1/system.d and
 * share/dbus-1/system.d; here every package is installed at /usr, and
 * Debian's own /usr/share/dbus-1/system.conf, which dbus-daemon --system
 * reads and which includes /etc/dbus-1/system-local.conf, already includes
 * /usr/share/dbus-1/system.d and /etc/dbus-1/system.d (the packages'
 * conffiles), where Debian's packages put their policies, and the standard
 * system service directories: a services package is part of the system,
 * and its policies are the bus's.  Anything other than a package (a
 * string, a file-like object, which would be a file under /etc/gxsys/files
 * and no package's directories) is a located error.
 *
 * Where gxsys differs from Guix: the machine ID is made by a one-shot,
 * dbus-machine-id, with `dbus-uuidgen --ensure=/var/lib/dbus/machine-id`,
 * Debian's location, which dbus reads first (/etc is the system's,
 * read-only, where Guix's activation writes /etc/machine-id); /var being a
 * tmpfs, the ID is new at every boot.  There are no setuid programs in a
 * container: Debian's dbus-daemon-launch-helper cannot start a service the
 * bus would activate (a client asking for one gets an error), as Guix's
 * setuid-program extension would allow; services are started by
 * gxsys-init instead.  Guix's auth_timeout limit is kept. */
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "dbus-configuration"
#define TYPE "dbus-root-service-type"
#define ACCOUNT "messagebus"
#define LOCAL_CONF "dbus-1/system-local.conf"
#define MACHINE_ID "/var/lib/dbus/machine-id"

static struct ev *d_package(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "dbus", loc);
}

static const struct ev_field dbus_fields[] = {
	{ "dbus", D_FN, 0, NULL, d_package, NULL },
	{ "services", D_NIL, 0, NULL, NULL, NULL },
	{ "verbose?", D_FALSE, 0, NULL, NULL, NULL },
};

static const struct ev_rtd dbus_rtd = { RTD, dbus_fields, N(dbus_fields), false };

const struct ev_rtd *const svc_dbus_records[] = { &dbus_rtd, NULL };

/* (dbus-service #:dbus P #:services L #:verbose? B): Guix's deprecated
 * procedure, (service dbus-root-service-type (dbus-configuration ...)). */
static struct ev *p_dbus_service(struct ev_ctx *c, struct ev **a, size_t n, struct sx_loc loc)
{
	struct ev *cfg = ev_record_new(c, &dbus_rtd, loc), *s;
	struct ev_stype *t = svc_stype(c, TYPE);

	for (size_t i = 0; i < n; i += 2) {
		const char *kw = a[i]->type == EV_KEYWORD ? a[i]->u.str.s : "";

		if (i + 1 >= n || (strcmp(kw, "dbus") != 0 && strcmp(kw, "services") != 0 &&
		                   strcmp(kw, "verbose?") != 0))
			return ev_fail(c, a[i]->loc,
			               "dbus-service: unexpected argument %s (expected #:dbus, "
			               "#:services or #:verbose?)",
			               ev_repr(c, a[i]));
		if (ev_record_set(c, cfg, kw, a[i + 1]) < 0)
			return NULL;
	}
	if (t == NULL || ev_record_fill_defaults(c, cfg, loc) < 0)
		return t == NULL ? ev_fail(c, loc, "dbus-service: no " TYPE) : NULL;
	s = ev_new(c, EV_SERVICE, loc);
	s->u.svc = gx_arena_alloc(c->arena, sizeof(*s->u.svc));
	s->u.svc->type = t;
	s->u.svc->value = cfg;
	s->u.svc->loc = loc;
	return s;
}

static const struct ev_prim dbus_service_prim = { "dbus-service", 0, -1, p_dbus_service };

void svc_dbus_install(struct ev_ctx *c)
{
	struct ev *v = ev_new(c, EV_PRIM, (struct sx_loc){ NULL, 0, 0 });

	v->u.prim = &dbus_service_prim;
	ev_define(c, c->global, dbus_service_prim.name, v);
}

/* The packages of LIST (WHAT: where they come from, for the errors),
 * each part of the system. */
static int add_services(struct ev_ctx *c, const struct ev *list, struct sx_loc loc,
                        const char *what)
{
	const struct ev *p = list;

	for (; p->type == EV_PAIR; p = p->u.pair.cdr) {
		struct ev *pkg = p->u.pair.car;

		if (pkg->type != EV_PACKAGE)
			return ev_failn(c, pkg->loc.file ? pkg->loc : loc,
			                "%s: expected a package, got %s (gxsys includes the D-Bus "
			                "policies of packages only)",
			                what, ev_repr(c, pkg));
		if (osb_path_of(c, pkg, pkg->loc.file ? pkg->loc : loc) == NULL)
			return -1;
	}
	if (p->type != EV_NIL)
		return ev_failn(c, list->loc.file ? list->loc : loc,
		                "%s: expected a list of packages, got %s", what, ev_repr(c, list));
	return 0;
}

/* The file Guix writes, /etc/dbus-1/system-local.conf, which Debian's
 * system.conf includes last: Guix's longer authentication timeout (the
 * policies are already included, see above). */
static const char local_conf[] =
        "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
        " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
        "<!-- Generated by gxsys for dbus-root-service-type: included by\n"
        "     /usr/share/dbus-1/system.conf, which includes the packages' policies\n"
        "     under /usr/share/dbus-1/system.d and /etc/dbus-1/system.d. -->\n"
        "<busconfig>\n"
        "  <limit name=\"auth_timeout\">300000</limit>\n"
        "</busconfig>\n";

static void add_machine_id(struct ev_ctx *c, const struct svc_instance *s, const char *prefix)
{
	struct os_service *o = osb_add_service(c, TYPE, s->loc);
	const char *argv[] = { gx_arena_printf(c->arena, "%s/bin/dbus-uuidgen", prefix),
		               "--ensure=" MACHINE_ID };

	o->provision = svc_split(c, "dbus-machine-id");
	o->documentation = "Make the machine ID of D-Bus, " MACHINE_ID ", unless it exists.";
	o->one_shot = true;
	o->respawn = false;
	svc_set_argv(c, o, argv, N(argv));
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	struct ev *cfg = s->value, *pkg;
	const char *prefix;
	struct os_service *o;
	bool verbose;

	if (svc_check_value(c, s, "a") < 0 || ev_get_bool(c, cfg, "verbose?", &verbose) < 0)
		return -1;
	if ((pkg = svc_package(c, cfg, "dbus")) == NULL ||
	    (prefix = osb_path_of(c, pkg, s->loc)) == NULL)
		return -1;
	if (add_services(c, ev_record_get(cfg, "services"), ev_record_loc(cfg, "services"),
	                 RTD ": field 'services'") < 0)
		return -1;
	for (const struct svc_ext *e = s->exts; e != NULL; e = e->next)
		if (add_services(c, e->value, e->loc, e->origin) < 0)
			return -1;
	/* Guix's %dbus-accounts. */
	if (osb_add_system_account(c, ACCOUNT, ACCOUNT, "D-Bus system bus user", "/var/run/dbus",
	                           s->loc) < 0)
		return -1;
	osb_add_dir(c, "/var/run/dbus", ACCOUNT, ACCOUNT, 0755);
	osb_add_dir(c, "/var/lib/dbus", "root", "root", 0755);
	if (osb_add_file(c, LOCAL_CONF, local_conf, sizeof(local_conf) - 1, 0644, NULL, s->loc) < 0)
		return -1;
	add_machine_id(c, s, prefix);

	o = osb_add_service(c, TYPE, s->loc);
	o->provision = svc_split(c, "dbus-system");
	o->requirement = svc_split(c, "user-processes syslogd dbus-machine-id");
	o->documentation = "Run the D-Bus system daemon.";
	{
		const char *argv[] = { gx_arena_printf(c->arena, "%s/bin/dbus-daemon", prefix),
			               "--nofork", "--system", "--syslog-only" };

		svc_set_argv(c, o, argv, N(argv));
	}
	o->pid_file = "/var/run/dbus/pid";
	if (verbose) {
		o->environment = svc_split(c, "DBUS_VERBOSE=1");
		o->log_file = "/var/log/dbus-daemon.log";
	}
	return 0;
}

const struct svc_def svc_dbus = {
	TYPE, SVC_RUN, NULL, RTD, SVC_DEFAULT_RECORD, NULL, NULL, false, expand, NULL,
};
