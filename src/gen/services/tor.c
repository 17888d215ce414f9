/* svc: tor-service-type (gnu/services/networking.scm).  Makes /etc/tor/torrc
 * from tor-configuration as Guix's tor-configuration->torrc does (the
 * DataDirectory and the log to stderr, the SOCKS socket
 * /var/run/tor/socks-sock when socks-socket-type is 'unix, the control
 * socket /var/run/tor/control-sock with control-socket?, one
 * HiddenServiceDir /var/lib/tor/hidden-services/NAME and its
 * HiddenServicePort lines per onion service, one
 * ClientTransportPlugin/ServerTransportPlugin line per transport plugin,
 * then config-file's contents); the tor account and group (Guix's
 * %tor-accounts); at activation, as Guix's tor-activation, /var/run/tor
 * (tor's, 0750), /var/lib/tor (tor's, 0700) and each onion service's
 * directory (tor's, 0700: tor refuses a wider one); and the `tor` service
 * running `tor -f /etc/tor/torrc` as tor:tor, requirement user-processes
 * loopback syslogd.
 *
 * - Guix keeps torrc in the store; here it is /etc/tor/torrc (Debian's
 *   path; the declaration's file replaces Debian's conffile).
 * - Guix runs tor under least-authority-wrapper (its own namespaces but the
 *   network's, /var/lib/tor and /var/run/tor writable); gxsys runs it in the
 *   container itself, as tor:tor.
 * - tor-service-type is extended with lists of
 *   tor-onion-service-configuration (Guix's compose concatenate), as the
 *   deprecated (tor-hidden-service NAME MAPPING) does: they are appended to
 *   hidden-services.  Guix instantiates a missing tor-service-type with its
 *   default; gxsys, as for every type, wants it declared.
 * - torrc is read a line at a time: '#' starts a comment, a value starting
 *   with '"' is a quoted string with escapes, a '\' at the end of a line
 *   continues it.  So every value written is checked: onion service names
 *   (a directory name) without white space, '/', '#', '"' or '\', not "."
 *   or "..", not twice; virtual ports 1-65535; targets as tor 0.4.9 reads
 *   them (PORT; ADDRESS:PORT with an IPv4 address, [IPv6] or localhost; an
 *   IPv4 or [IPv6] address alone; unix:PATH), a host name, which tor would
 *   resolve at its start, refused; transport names C identifiers
 *   (comma-separated); plugin programs absolute paths.  Guix refuses a role
 *   other than client or server; gxsys also refuses a socks-socket-type
 *   other than tcp or unix (Guix takes anything but 'unix for tcp) and a
 *   control-socket? that is not a boolean.
 * - /var/lib/tor/hidden-services itself is root's, 0755, as Guix's mkdir-p
 *   leaves it. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "tor-configuration"
#define ONION "tor-onion-service-configuration"
#define PLUGIN "tor-transport-plugin"
#define ACCOUNT "tor"
#define TORRC "tor/torrc"
#define HS_DIR "/var/lib/tor/hidden-services"
/* What a value of torrc must not hold beyond white space and control
 * characters: a comment, a quoted string, an escape or a continuation. */
#define TORRC_FORBID "#\"\\"

static struct ev *d_package(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "tor", loc);
}

/* Guix's (plain-file "empty" ""). */
static struct ev *d_config_file(struct ev_ctx *c, struct sx_loc loc)
{
	return svc_plain_file(c, "empty", "", 0, loc);
}

static const struct ev_field tor_fields[] = {
	{ "tor", D_FN, 0, NULL, d_package, NULL },
	{ "config-file", D_FN, 0, NULL, d_config_file, NULL },
	{ "hidden-services", D_NIL, 0, NULL, NULL, NULL },
	{ "socks-socket-type", D_SYMBOL, 0, "tcp", NULL, NULL },
	{ "control-socket?", D_FALSE, 0, NULL, NULL, NULL },
	{ "transport-plugins", D_NIL, 0, NULL, NULL, NULL },
};

static const struct ev_field onion_fields[] = {
	{ "name", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "mapping", D_REQUIRED, 0, NULL, NULL, NULL },
};

static const struct ev_field plugin_fields[] = {
	{ "role", D_SYMBOL, 0, "client", NULL, NULL },
	{ "protocol", D_STRING, 0, "obfs4", NULL, NULL },
	{ "program", D_REQUIRED, 0, NULL, NULL, NULL },
};

static const struct ev_rtd tor_rtd = { RTD, tor_fields, N(tor_fields), false };
static const struct ev_rtd onion_rtd = { ONION, onion_fields, N(onion_fields), false };
static const struct ev_rtd plugin_rtd = { PLUGIN, plugin_fields, N(plugin_fields), false };

const struct ev_rtd *const svc_tor_records[] = { &tor_rtd, &onion_rtd, &plugin_rtd, NULL };

/* (tor-hidden-service NAME MAPPING): Guix's deprecated procedure, a
 * simple-service 'tor-hidden-service extending tor-service-type with one
 * onion service; the record's fields are checked when tor expands. */
static struct ev *p_hidden_service(struct ev_ctx *c, struct ev **a, size_t n, struct sx_loc loc)
{
	struct ev_stype *target = svc_stype(c, "tor-service-type");
	struct ev_stype *t;
	struct ev *rec = ev_record_new(c, &onion_rtd, loc), *s;

	(void)n;
	if (target == NULL)
		return ev_fail(c, loc, "tor-hidden-service: tor-service-type is not bound");
	if (ev_record_set(c, rec, "name", a[0]) < 0 || ev_record_set(c, rec, "mapping", a[1]) < 0)
		return NULL;
	t = gx_arena_alloc(c->arena, sizeof(*t));
	t->name = "tor-hidden-service";
	t->target = target;
	t->value = ev_cons(c, rec, ev_nil(c, loc), loc);
	t->loc = loc;
	s = ev_new(c, EV_SERVICE, loc);
	s->u.svc = gx_arena_alloc(c->arena, sizeof(*s->u.svc));
	s->u.svc->type = t;
	s->u.svc->value = t->value;
	s->u.svc->loc = loc;
	return s;
}

static const struct ev_prim hidden_service_prim = { "tor-hidden-service", 2, 2, p_hidden_service };

void svc_tor_install(struct ev_ctx *c)
{
	struct ev *v = ev_new(c, EV_PRIM, (struct sx_loc){ NULL, 0, 0 });

	v->u.prim = &hidden_service_prim;
	ev_define(c, c->global, hidden_service_prim.name, v);
}

/* One HiddenServicePort line. */
struct tor_port {
	long port;
	const char *target;
};

struct tor_onion {
	const char *name;
	struct tor_port *ports;
	size_t n_ports;
	struct sx_loc loc; /* of its name */
};

struct tor_plugin {
	bool server;
	const char *protocol, *program;
};

/* The configuration, checked. */
struct tor {
	bool unix_socks, control;
	struct tor_onion *onions;
	size_t n_onions, cap_onions;
	struct tor_plugin *plugins;
	size_t n_plugins;
	const char *extra;
	size_t extra_len;
};

static int bad_value(struct ev_ctx *c, const struct ev *rec, const char *field,
                     const char *expected)
{
	return ev_failn(c, ev_record_loc(rec, field),
	                "%s: field '%s': invalid value %s (expected %s)", rec->u.rec->rtd->name,
	                field, ev_repr(c, ev_record_get(rec, field)), expected);
}

/* A torrc value: not empty, without white space, control characters or
 * TORRC_FORBID. */
static bool token_ok(const char *s)
{
	return *s != '\0' && !svc_has_space(s) && s[strcspn(s, TORRC_FORBID)] == '\0';
}

/* An address tor takes in a HiddenServicePort target (it resolves a name at
 * its start, without the network only localhost): an IPv4 address,
 * [IPv6] or localhost. */
static bool address_ok(struct ev_ctx *c, const char *s, size_t n)
{
	unsigned char buf[16];
	const char *a = gx_arena_strndup(c->arena, s, n);

	if (strcmp(a, "localhost") == 0 || inet_pton(AF_INET, a, buf) == 1)
		return true;
	if (n < 3 || a[0] != '[' || a[n - 1] != ']')
		return false;
	return inet_pton(AF_INET6, gx_arena_strndup(c->arena, a + 1, n - 2), buf) == 1;
}

/* PORT, ADDRESS:PORT, an IPv4 or [IPv6] ADDRESS alone (the virtual port),
 * or unix:PATH, as tor 0.4.9's hs_parse_port_config reads it. */
static bool target_ok(struct ev_ctx *c, const char *s)
{
	const char *colon = strrchr(s, ':');

	if (!token_ok(s))
		return false;
	if (strncmp(s, "unix:", 5) == 0)
		return svc_path_ok(s + 5, TORRC_FORBID);
	if (svc_port_ok(s))
		return true;
	if (colon != NULL && strchr(colon, ']') == NULL)
		return svc_port_ok(colon + 1) && address_ok(c, s, (size_t)(colon - s));
	/* tor reads a target with neither ':' nor '.' as a port: localhost
	 * needs its :PORT */
	return (colon != NULL || strchr(s, '.') != NULL) && address_ok(c, s, strlen(s));
}

static int bad_entry(struct ev_ctx *c, const struct ev *rec, const char *what, const struct ev *v,
                     const char *expected)
{
	return ev_failn(c, ev_record_loc(rec, "mapping"),
	                ONION ": field 'mapping': invalid %s %s (expected %s)", what, ev_repr(c, v),
	                expected);
}

/* One (PORT . "TARGET") of a mapping. */
static int read_port(struct ev_ctx *c, const struct ev *rec, const struct ev *e, struct tor_port *o)
{
	const struct ev *port, *target;

	if (e->type != EV_PAIR)
		return bad_entry(c, rec, "entry", e, "(PORT . \"TARGET\")");
	port = e->u.pair.car;
	target = e->u.pair.cdr;
	if (port->type == EV_INT && port->u.i >= 1 && port->u.i <= 65535)
		o->port = (long)port->u.i;
	else if (port->type == EV_STRING && svc_port_ok(port->u.str.s))
		o->port = strtol(port->u.str.s, NULL, 10);
	else
		return bad_entry(c, rec, "port", port, "a port, 1 to 65535");
	if (target->type != EV_STRING || strlen(target->u.str.s) != target->u.str.len ||
	    !target_ok(c, target->u.str.s))
		return bad_entry(c, rec, "target", target,
		                 "a string: PORT, ADDRESS:PORT (an IPv4 address, [IPv6] or "
		                 "localhost), an IPv4 address or [IPv6] alone, or unix:PATH, "
		                 "without white space, control characters, '#', '\"' or '\\'");
	o->target = target->u.str.s;
	return 0;
}

static int onion_name(struct ev_ctx *c, const struct ev *rec, const struct tor *t, const char **out)
{
	if (ev_get_string(c, rec, "name", out) < 0)
		return -1;
	if (!token_ok(*out) || strchr(*out, '/') != NULL || strcmp(*out, ".") == 0 ||
	    strcmp(*out, "..") == 0)
		return bad_value(c, rec, "name",
		                 "a directory name without white space, control characters, '/', "
		                 "'#', '\"' or '\\', other than \".\" and \"..\"");
	for (size_t i = 0; i < t->n_onions; i++)
		if (strcmp(t->onions[i].name, *out) == 0)
			return ev_failn(c, ev_record_loc(rec, "name"),
			                ONION ": field 'name': onion service %s is declared twice "
			                      "(first at line %d)",
			                ev_repr(c, ev_record_get(rec, "name")),
			                t->onions[i].loc.line);
	return 0;
}

static int read_onion(struct ev_ctx *c, const struct ev *rec, struct tor *t)
{
	const struct ev *map = ev_record_get(rec, "mapping");
	size_t n = ev_list_length(map), i = 0;
	struct tor_onion o = { NULL, NULL, 0, ev_record_loc(rec, "name") };

	if (onion_name(c, rec, t, &o.name) < 0)
		return -1;
	if (n == SIZE_MAX || n == 0)
		return bad_value(c, rec, "mapping",
		                 "a non-empty association list of (PORT . \"TARGET\"): tor refuses "
		                 "an onion service without ports");
	o.ports = gx_arena_alloc(c->arena, n * sizeof(*o.ports));
	for (const struct ev *p = map; p->type == EV_PAIR; p = p->u.pair.cdr, i++)
		if (read_port(c, rec, p->u.pair.car, &o.ports[i]) < 0)
			return -1;
	o.n_ports = n;
	EV_ARENA_GROW(c, t->onions, t->n_onions, t->cap_onions);
	t->onions[t->n_onions++] = o;
	return 0;
}

/* A list of onion services: the field's value, or an extension's. */
static int read_onions(struct ev_ctx *c, const struct ev *list, struct sx_loc loc, const char *what,
                       struct tor *t)
{
	if (ev_list_length(list) == SIZE_MAX)
		return ev_failn(c, loc, "%s: expected a list of " ONION " records, got %s", what,
		                ev_repr(c, list));
	for (const struct ev *p = list; p->type == EV_PAIR; p = p->u.pair.cdr) {
		if (!ev_record_is(p->u.pair.car, ONION))
			return ev_failn(c, loc, "%s: expected a " ONION ", got %s", what,
			                ev_repr(c, p->u.pair.car));
		if (read_onion(c, p->u.pair.car, t) < 0)
			return -1;
	}
	return 0;
}

/* Whether S is tor's list of transport names: comma-separated C
 * identifiers. */
static bool transports_ok(const char *s)
{
	for (;;) {
		if (!isalpha((unsigned char)*s) && *s != '_')
			return false;
		while (isalnum((unsigned char)*s) || *s == '_')
			s++;
		if (*s == '\0')
			return true;
		if (*s++ != ',')
			return false;
	}
}

static int read_plugin(struct ev_ctx *c, const struct ev *rec, struct tor_plugin *o)
{
	const struct ev *role = ev_record_get(rec, "role");
	struct sx_loc loc = ev_record_loc(rec, "program");

	if (role->type != EV_SYMBOL ||
	    (strcmp(role->u.str.s, "client") != 0 && strcmp(role->u.str.s, "server") != 0))
		return bad_value(c, rec, "role", "client or server");
	o->server = strcmp(role->u.str.s, "server") == 0;
	if (ev_get_string(c, rec, "protocol", &o->protocol) < 0)
		return -1;
	if (!transports_ok(o->protocol))
		return bad_value(c, rec, "protocol",
		                 "a transport name, or several separated by commas: letters, "
		                 "digits and '_', not starting with a digit");
	if ((o->program = osb_path_of(c, ev_record_get(rec, "program"), loc)) == NULL)
		return -1;
	if (!svc_path_ok(o->program, TORRC_FORBID))
		return bad_value(c, rec, "program",
		                 "a program: a file-like object or an absolute path without white "
		                 "space, control characters, '#', '\"', '\\', or \".\" and \"..\" "
		                 "components");
	return 0;
}

static int read_plugins(struct ev_ctx *c, const struct ev *cfg, struct tor *t)
{
	const struct ev *list = ev_record_get(cfg, "transport-plugins");
	size_t n = ev_list_length(list), i = 0;

	if (n == SIZE_MAX)
		return bad_value(c, cfg, "transport-plugins", "a list of " PLUGIN " records");
	t->plugins = gx_arena_alloc(c->arena, (n + 1) * sizeof(*t->plugins));
	for (const struct ev *p = list; p->type == EV_PAIR; p = p->u.pair.cdr, i++) {
		if (!ev_record_is(p->u.pair.car, PLUGIN))
			return ev_failn(c, ev_record_loc(cfg, "transport-plugins"),
			                RTD ": field 'transport-plugins': expected a " PLUGIN
			                    ", got %s",
			                ev_repr(c, p->u.pair.car));
		if (read_plugin(c, p->u.pair.car, &t->plugins[i]) < 0)
			return -1;
	}
	t->n_plugins = n;
	return 0;
}

static int read_config(struct ev_ctx *c, const struct svc_instance *s, struct tor *t)
{
	const struct ev *cfg = s->value;
	const struct ev *type = ev_record_get(cfg, "socks-socket-type");
	struct ev *file = ev_record_get(cfg, "config-file");

	if (type->type != EV_SYMBOL ||
	    (strcmp(type->u.str.s, "tcp") != 0 && strcmp(type->u.str.s, "unix") != 0))
		return bad_value(c, cfg, "socks-socket-type", "tcp or unix");
	t->unix_socks = strcmp(type->u.str.s, "unix") == 0;
	if (ev_get_bool(c, cfg, "control-socket?", &t->control) < 0)
		return -1;
	if (read_onions(c, ev_record_get(cfg, "hidden-services"),
	                ev_record_loc(cfg, "hidden-services"), RTD ": field 'hidden-services'",
	                t) < 0)
		return -1;
	for (const struct svc_ext *e = s->exts; e != NULL; e = e->next)
		if (read_onions(c, e->value, e->loc, e->origin, t) < 0)
			return -1;
	if (read_plugins(c, cfg, t) < 0)
		return -1;
	if (file->type != EV_FILE)
		return bad_value(c, cfg, "config-file",
		                 "a file-like object (plain-file, local-file...)");
	return osb_file_content(c, file, &t->extra, &t->extra_len,
	                        ev_record_loc(cfg, "config-file"));
}

/* Guix's torrc. */
static void generate(const struct tor *t, struct gx_buf *b)
{
	gx_buf_puts(b, "### These lines were generated from your system configuration:\n"
	               "DataDirectory /var/lib/tor\nLog notice stderr\n");
	if (t->unix_socks)
		gx_buf_puts(b,
		            "SocksPort unix:/var/run/tor/socks-sock\nUnixSocksGroupWritable 1\n");
	if (t->control)
		gx_buf_puts(b, "ControlSocket unix:/var/run/tor/control-sock GroupWritable "
		               "RelaxDirModeCheck\nControlSocketsGroupWritable 1\n");
	for (size_t i = 0; i < t->n_onions; i++) {
		gx_buf_printf(b, "HiddenServiceDir " HS_DIR "/%s\n", t->onions[i].name);
		for (size_t j = 0; j < t->onions[i].n_ports; j++)
			gx_buf_printf(b, "HiddenServicePort %ld %s\n", t->onions[i].ports[j].port,
			              t->onions[i].ports[j].target);
	}
	for (size_t i = 0; i < t->n_plugins; i++)
		gx_buf_printf(b, "%sTransportPlugin %s exec %s\n",
		              t->plugins[i].server ? "Server" : "Client", t->plugins[i].protocol,
		              t->plugins[i].program);
	gx_buf_puts(b, "### End of automatically generated lines.\n\n");
	gx_buf_add(b, t->extra, t->extra_len);
}

/* Guix's %tor-accounts and tor-activation. */
static int accounts_and_dirs(struct ev_ctx *c, const struct svc_instance *s, const struct tor *t)
{
	if (osb_add_system_account(c, ACCOUNT, ACCOUNT, "Tor daemon user", "/var/empty", s->loc) <
	    0)
		return -1;
	osb_add_dir(c, "/var/run/tor", ACCOUNT, ACCOUNT, 0750);
	osb_add_dir(c, "/var/lib/tor", ACCOUNT, ACCOUNT, 0700);
	if (t->n_onions > 0)
		osb_add_dir(c, HS_DIR, "root", "root", 0755);
	for (size_t i = 0; i < t->n_onions; i++)
		osb_add_dir(c, gx_arena_printf(c->arena, HS_DIR "/%s", t->onions[i].name), ACCOUNT,
		            ACCOUNT, 0700);
	return 0;
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	struct ev *cfg = s->value, *pkg;
	struct gx_buf b = GX_BUF_INIT;
	struct tor t = { 0 };
	const char *prefix;
	struct os_service *o;
	int rc;

	if (svc_check_value(c, s, "a") < 0)
		return -1;
	if ((pkg = svc_package(c, cfg, "tor")) == NULL || read_config(c, s, &t) < 0 ||
	    (prefix = osb_path_of(c, pkg, s->loc)) == NULL)
		return -1;
	generate(&t, &b);
	rc = osb_add_file(c, TORRC, b.data, b.len, 0644, NULL, cfg->loc);
	gx_buf_free(&b);
	if (rc < 0 || accounts_and_dirs(c, s, &t) < 0)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);

	o = osb_add_service(c, "tor-service-type", s->loc);
	o->provision = svc_split(c, "tor");
	o->requirement = svc_split(c, "user-processes loopback syslogd");
	o->documentation = "Run the Tor anonymous network overlay.";
	{
		const char *argv[] = { gx_arena_printf(c->arena, "%s/bin/tor", prefix), "-f",
			               "/etc/" TORRC, NULL };

		svc_set_argv(c, o, argv, N(argv));
	}
	o->user = ACCOUNT;
	o->group = ACCOUNT;
	return 0;
}

const struct svc_def svc_tor = {
	"tor-service-type", SVC_RUN, NULL, RTD, SVC_DEFAULT_RECORD, NULL, NULL, false, expand, NULL,
};
