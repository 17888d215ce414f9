/* svc: dnsmasq-service-type (gnu/services/dns.scm).
 * The /var/lib/misc directory (made at activation, as Guix's mkdir-p does:
 * root's, 0755; dnsmasq keeps its DHCP leases there) and the `dnsmasq`
 * service (shepherd-provision, or the deprecated provision when it is a
 * list; shepherd-requirement) running Guix's command line: `dnsmasq
 * --keep-in-foreground --pid-file=/run/dnsmasq.pid [--no-hosts] --port=N
 * [--local-service] [--listen-address=ADDR]... --resolv-file=FILE
 * [--no-resolv] [--bogus-priv] [--strict-order] [--servers-file=FILE]
 * [--server=SPEC]... [--address=SPEC]... --cache-size=N [--no-negcache]
 * [--add-cpe-id=ID] [TFTP options] EXTRA...`, as root, as in Guix: dnsmasq
 * opens its sockets and runs on as its default user, nobody, to whom it
 * gives its PID file.  The service is up once that file names it.
 *
 * Each value is one argument of that command line, checked here as
 * dnsmasq 2.90 (Debian 12's) would check it at its start, so that a
 * mistake is a located error of the build, not a service that fails in the
 * container: listen addresses are IP addresses, an address is
 * /DOMAIN/.../[IP|#] or an IP, the TFTP root an absolute directory with an
 * optional ",INTERFACE", the TFTP port range "LOW,HIGH".
 *
 * Where gxsys differs from Guix: with tftp-enable? and Guix's default TFTP
 * root, /var/empty is made at activation (dnsmasq does not start without
 * its root, and no container has /var/empty).  Guix's tftp-unique-root takes (length
 * STRING), which fails for every string; here "" gives --tftp-unique-root,
 * "ip" or "mac" --tftp-unique-root=ip|mac, as its documentation says.
 * Extra options that need CAP_NET_ADMIN (DHCP, DHCP relay, ipset, nftset,
 * conntrack) are refused: the container's bounding set leaves it out, and
 * dnsmasq would refuse to start. */
#include <arpa/inet.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "dnsmasq-configuration"
#define PID_FILE "/run/dnsmasq.pid"

static struct ev *d_package(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "dnsmasq", loc);
}

static struct ev *d_provision(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_cons(c, ev_symbol(c, "dnsmasq", loc), ev_nil(c, loc), loc);
}

static struct ev *d_requirement(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_cons(c, ev_symbol(c, "user-processes", loc),
	               ev_cons(c, ev_symbol(c, "networking", loc), ev_nil(c, loc), loc), loc);
}

static const struct ev_field dm_fields[] = {
	{ "package", D_FN, 0, NULL, d_package, NULL },
	{ "provision", D_FALSE, 0, NULL, NULL, NULL }, /* deprecated in Guix */
	{ "shepherd-provision", D_FN, 0, NULL, d_provision, NULL },
	{ "shepherd-requirement", D_FN, 0, NULL, d_requirement, NULL },
	{ "no-hosts?", D_FALSE, 0, NULL, NULL, NULL },
	{ "port", D_INT, 53, NULL, NULL, NULL },
	{ "local-service?", D_TRUE, 0, NULL, NULL, NULL },
	{ "listen-addresses", D_NIL, 0, NULL, NULL, NULL },
	{ "extra-options", D_NIL, 0, NULL, NULL, NULL },
	{ "resolv-file", D_STRING, 0, "/etc/resolv.conf", NULL, NULL },
	{ "no-resolv?", D_FALSE, 0, NULL, NULL, NULL },
	{ "forward-private-reverse-lookup?", D_TRUE, 0, NULL, NULL, NULL },
	{ "query-servers-in-order?", D_FALSE, 0, NULL, NULL, NULL },
	{ "servers", D_NIL, 0, NULL, NULL, NULL },
	{ "servers-file", D_FALSE, 0, NULL, NULL, NULL },
	{ "addresses", D_NIL, 0, NULL, NULL, NULL },
	{ "cache-size", D_INT, 150, NULL, NULL, NULL },
	{ "negative-cache?", D_TRUE, 0, NULL, NULL, NULL },
	{ "cpe-id", D_FALSE, 0, NULL, NULL, NULL },
	{ "tftp-enable?", D_FALSE, 0, NULL, NULL, NULL },
	{ "tftp-no-fail?", D_FALSE, 0, NULL, NULL, NULL },
	{ "tftp-single-port?", D_FALSE, 0, NULL, NULL, NULL },
	{ "tftp-secure?", D_FALSE, 0, NULL, NULL, NULL },
	{ "tftp-max", D_FALSE, 0, NULL, NULL, NULL },
	{ "tftp-mtu", D_FALSE, 0, NULL, NULL, NULL },
	{ "tftp-no-blocksize?", D_FALSE, 0, NULL, NULL, NULL },
	{ "tftp-lowercase?", D_FALSE, 0, NULL, NULL, NULL },
	{ "tftp-port-range", D_FALSE, 0, NULL, NULL, NULL },
	{ "tftp-root", D_STRING, 0, "/var/empty,lo", NULL, NULL },
	{ "tftp-unique-root", D_FALSE, 0, NULL, NULL, NULL },
};

static const struct ev_rtd dm_rtd = { RTD, dm_fields, N(dm_fields), false };

const struct ev_rtd *const svc_dnsmasq_records[] = { &dm_rtd, NULL };

/* ---- checks: each a located error at the field ---- */

static int bad(struct ev_ctx *c, const struct ev *cfg, const char *field, const struct ev *v,
               const char *expected)
{
	return ev_failn(c, ev_record_loc(cfg, field),
	                RTD ": field '%s': invalid value %s (expected %s)", field, ev_repr(c, v),
	                expected);
}

static bool is_ip(const char *s)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

/* ADDR[,ADDR]...: IP addresses, as dnsmasq's --listen-address takes them. */
static bool ip_list_ok(struct ev_ctx *c, const char *s)
{
	char *copy = gx_arena_strdup(c->arena, s), *save = NULL;

	if (*s == '\0' || *s == ',' || s[strlen(s) - 1] == ',' || strstr(s, ",,") != NULL)
		return false;
	for (char *t = strtok_r(copy, ",", &save); t != NULL; t = strtok_r(NULL, ",", &save))
		if (!is_ip(t))
			return false;
	return true;
}

/* --address: IP, or /DOMAIN/[DOMAIN/]...[IP|#] (nothing after the last
 * "/": NXDOMAIN); the domains without white space. */
static bool address_ok(const char *s)
{
	const char *last = strrchr(s, '/');

	if (svc_has_space(s))
		return false;
	if (s[0] != '/')
		return is_ip(s);
	if (last == s)
		return false;
	return last[1] == '\0' || strcmp(last + 1, "#") == 0 || is_ip(last + 1);
}

/* FIELD: a list of strings, each accepted by OK (or, OK NULL, not empty and
 * without white space): the first other one is an error. */
static int entries(struct ev_ctx *c, const struct ev *cfg, const char *field,
                   bool (*ok)(struct ev_ctx *c, const char *s), const char *expected,
                   const char ***out)
{
	const struct ev *p = ev_record_get(cfg, field);

	if (svc_string_list(c, cfg, field, out) < 0)
		return -1;
	for (const char **s = *out; *s != NULL; s++, p = p->u.pair.cdr)
		if (ok != NULL ? !ok(c, *s) : (**s == '\0' || svc_has_space(*s)))
			return ev_failn(c, ev_record_loc(cfg, field),
			                RTD ": field '%s': invalid entry %s (expected %s)", field,
			                ev_repr(c, p->u.pair.car), expected);
	return 0;
}

static bool address_entry_ok(struct ev_ctx *c, const char *s)
{
	(void)c;
	return address_ok(s);
}

/* FIELD: #f (*OUT 0) or an integer from LO to HI. */
static int int_or_false(struct ev_ctx *c, const struct ev *cfg, const char *field, long lo, long hi,
                        long *out)
{
	struct ev *v = ev_record_get(cfg, field);

	*out = 0;
	if (v->type == EV_BOOL && !v->u.b)
		return 0;
	if (v->type != EV_INT)
		return ev_failn(c, ev_record_loc(cfg, field),
		                RTD ": field '%s': expected #f or an integer, got %s", field,
		                ev_repr(c, v));
	return ev_get_int(c, cfg, field, lo, hi, out);
}

/* FIELD: #f or a string without white space, not empty. */
static int word_or_false(struct ev_ctx *c, const struct ev *cfg, const char *field,
                         const char *expected, const char **out)
{
	if (ev_get_string_or_false(c, cfg, field, out) < 0)
		return -1;
	if (*out != NULL && (**out == '\0' || svc_has_space(*out)))
		return bad(c, cfg, field, ev_record_get(cfg, field), expected);
	return 0;
}

/* tftp-port-range: #f or "LOW,HIGH", ports with LOW <= HIGH. */
static int port_range(struct ev_ctx *c, const struct ev *cfg, const char **out)
{
	const char *s;
	char *end;
	long lo, hi;

	if (word_or_false(c, cfg, "tftp-port-range", "#f or \"LOW,HIGH\"", out) < 0)
		return -1;
	if ((s = *out) == NULL)
		return 0;
	lo = s[0] >= '0' && s[0] <= '9' ? strtol(s, &end, 10) : -1;
	if (lo >= 1 && lo <= 65535 && *end == ',' && end[1] >= '0' && end[1] <= '9') {
		hi = strtol(end + 1, &end, 10);
		if (*end == '\0' && hi >= lo && hi <= 65535)
			return 0;
	}
	return bad(c, cfg, "tftp-port-range", ev_record_get(cfg, "tftp-port-range"),
	           "#f or \"LOW,HIGH\", ports from 1 to 65535 with LOW <= HIGH");
}

/* tftp-root: #f or DIR[,INTERFACE], DIR absolute. */
static int tftp_root(struct ev_ctx *c, const struct ev *cfg, const char **out)
{
	const char *comma;
	char *dir;

	if (ev_get_string_or_false(c, cfg, "tftp-root", out) < 0)
		return -1;
	if (*out == NULL)
		return 0;
	comma = strchr(*out, ',');
	dir = gx_arena_strdup(c->arena, *out);
	if (comma != NULL)
		dir[comma - *out] = '\0';
	if (svc_path_ok(dir, "") &&
	    (comma == NULL ||
	     (comma[1] != '\0' && !svc_has_space(comma + 1) && strchr(comma + 1, ',') == NULL)))
		return 0;
	return bad(c, cfg, "tftp-root", ev_record_get(cfg, "tftp-root"),
	           "#f or an absolute directory, optionally followed by \",INTERFACE\"");
}

/* tftp-unique-root: #f, "" (the client's IP address), "ip" or "mac". */
static int unique_root(struct ev_ctx *c, const struct ev *cfg, const char **out)
{
	if (ev_get_string_or_false(c, cfg, "tftp-unique-root", out) < 0)
		return -1;
	if (*out == NULL || **out == '\0' || strcmp(*out, "ip") == 0 || strcmp(*out, "mac") == 0)
		return 0;
	return bad(c, cfg, "tftp-unique-root", ev_record_get(cfg, "tftp-unique-root"),
	           "#f, \"\", \"ip\" or \"mac\"");
}

/* resolv-file: an absolute path; servers-file: #f, such a path, or a
 * file-like object (put in /etc/gxsys/files/). */
static int files(struct ev_ctx *c, const struct ev *cfg, const char **resolv, const char **servers)
{
	struct ev *v = ev_record_get(cfg, "servers-file");
	const char *expected = "an absolute path without white space or control characters";

	if (ev_get_string(c, cfg, "resolv-file", resolv) < 0)
		return -1;
	if (!svc_path_ok(*resolv, ""))
		return bad(c, cfg, "resolv-file", ev_record_get(cfg, "resolv-file"), expected);
	*servers = NULL;
	if (v->type == EV_BOOL && !v->u.b)
		return 0;
	if (v->type == EV_STRING) {
		if (svc_path_ok(v->u.str.s, "") && strlen(v->u.str.s) == v->u.str.len)
			return (*servers = v->u.str.s), 0;
		return bad(c, cfg, "servers-file", v, "#f, a file-like object or an absolute path");
	}
	if (v->type != EV_FILE)
		return ev_failn(c, ev_record_loc(cfg, "servers-file"),
		                RTD ": field 'servers-file': expected #f, a string or a file-like "
		                    "object, got %s",
		                ev_repr(c, v));
	*servers = osb_path_of(c, v, ev_record_loc(cfg, "servers-file"));
	return *servers == NULL ? -1 : 0;
}

/* Options of dnsmasq that need CAP_NET_ADMIN, which the container's
 * bounding set leaves out: dnsmasq 2.90 refuses to start with any of them
 * ("process is missing required capability NET_ADMIN").  Guix's record
 * has no DHCP field; extra-options is where they would come from. */
static const char *const net_admin_options[] = {
	"--dhcp-range", "--dhcp-relay", "--ipset", "--nftset", "--conntrack",
};

static bool needs_net_admin(const char *opt)
{
	if (strncmp(opt, "-F", 2) == 0)
		return true;
	for (size_t i = 0; i < N(net_admin_options); i++) {
		size_t n = strlen(net_admin_options[i]);

		if (strncmp(opt, net_admin_options[i], n) == 0 && (opt[n] == '\0' || opt[n] == '='))
			return true;
	}
	return false;
}

static int extra_options(struct ev_ctx *c, const struct ev *cfg, const char ***out)
{
	const struct ev *p = ev_record_get(cfg, "extra-options");

	if (svc_string_list(c, cfg, "extra-options", out) < 0)
		return -1;
	for (const char **s = *out; *s != NULL; s++, p = p->u.pair.cdr)
		if (needs_net_admin(*s))
			return ev_failn(c, ev_record_loc(cfg, "extra-options"),
			                RTD ": field 'extra-options': %s needs the CAP_NET_ADMIN "
			                    "capability, which a gxsys container does not have "
			                    "(no DHCP, DHCP relay, ipset, nftset or conntrack)",
			                ev_repr(c, p->u.pair.car));
	return 0;
}

/* provision, shepherd-provision, shepherd-requirement: lists of symbols
 * (service names), provision #f too; PROVISION not empty. */
static int symbols(struct ev_ctx *c, const struct ev *cfg, const char *field, bool provision,
                   const char ***out)
{
	const struct ev *v = ev_record_get(cfg, field);

	*out = NULL;
	if (provision && v->type == EV_BOOL && !v->u.b)
		return 0;
	return svc_name_list(c, cfg, field, provision, out);
}

/* ---- the command line ---- */

/* The booleans, in Guix's order, and the flag each gives when it is WHEN. */
struct flag {
	const char *field, *flag;
	bool when;
};

static const struct flag head_flags[] = {
	{ "no-hosts?", "--no-hosts", true },
};

static const struct flag local_flags[] = {
	{ "local-service?", "--local-service", true },
};

static const struct flag resolv_flags[] = {
	{ "no-resolv?", "--no-resolv", true },
	{ "forward-private-reverse-lookup?", "--bogus-priv", false },
	{ "query-servers-in-order?", "--strict-order", true },
};

static const struct flag cache_flags[] = {
	{ "negative-cache?", "--no-negcache", false },
};

static const struct flag tftp_flags[] = {
	{ "tftp-enable?", "--enable-tftp", true },
	{ "tftp-no-fail?", "--tftp-no-fail", true },
	{ "tftp-single-port?", "--tftp-single-port", true },
	{ "tftp-secure?", "--tftp-secure", true },
};

static const struct flag tftp_flags2[] = {
	{ "tftp-no-blocksize?", "--tftp-no-blocksize", true },
	{ "tftp-lowercase?", "--tftp-lowercase", true },
};

struct dm_args {
	const char **prov, **req, **listen, **extra, **servers, **addresses;
	const char *resolv, *servers_file, *cpe, *port_range, *root, *unique;
	long port, cache, max, mtu;
};

struct argv_b {
	struct ev_ctx *c;
	const char **v;
	size_t n;
};

/* One argument made by printf. */
#define ADD(b, ...) ((b)->v[(b)->n++] = gx_arena_printf((b)->c->arena, __VA_ARGS__))

static int flags(struct argv_b *b, const struct ev *cfg, const struct flag *f, size_t n)
{
	bool on;

	for (size_t i = 0; i < n; i++) {
		if (ev_get_bool(b->c, cfg, f[i].field, &on) < 0)
			return -1;
		if (on == f[i].when)
			b->v[b->n++] = f[i].flag;
	}
	return 0;
}

static void each(struct argv_b *b, const char *option, const char **v)
{
	for (; *v != NULL; v++)
		ADD(b, "%s=%s", option, *v);
}

static size_t count(const char **v)
{
	size_t n = 0;

	while (v[n] != NULL)
		n++;
	return n;
}

/* 32: more than the single options and flags. */
static int set_argv(struct ev_ctx *c, struct os_service *o, const struct ev *cfg,
                    const char *prefix, const struct dm_args *a)
{
	struct argv_b b = { c, NULL, 0 };
	size_t n =
	        32 + count(a->listen) + count(a->servers) + count(a->addresses) + count(a->extra);

	b.v = gx_arena_alloc(c->arena, (n + 1) * sizeof(char *));
	ADD(&b, "%s/sbin/dnsmasq", prefix);
	b.v[b.n++] = "--keep-in-foreground";
	b.v[b.n++] = "--pid-file=" PID_FILE;
	if (flags(&b, cfg, head_flags, N(head_flags)) < 0)
		return -1;
	ADD(&b, "--port=%ld", a->port);
	if (flags(&b, cfg, local_flags, N(local_flags)) < 0)
		return -1;
	each(&b, "--listen-address", a->listen);
	ADD(&b, "--resolv-file=%s", a->resolv);
	if (flags(&b, cfg, resolv_flags, N(resolv_flags)) < 0)
		return -1;
	if (a->servers_file != NULL)
		ADD(&b, "--servers-file=%s", a->servers_file);
	each(&b, "--server", a->servers);
	each(&b, "--address", a->addresses);
	ADD(&b, "--cache-size=%ld", a->cache);
	if (flags(&b, cfg, cache_flags, N(cache_flags)) < 0)
		return -1;
	if (a->cpe != NULL)
		ADD(&b, "--add-cpe-id=%s", a->cpe);
	if (flags(&b, cfg, tftp_flags, N(tftp_flags)) < 0)
		return -1;
	if (a->max != 0)
		ADD(&b, "--tftp-max=%ld", a->max);
	if (a->mtu != 0)
		ADD(&b, "--tftp-mtu=%ld", a->mtu);
	if (flags(&b, cfg, tftp_flags2, N(tftp_flags2)) < 0)
		return -1;
	if (a->port_range != NULL)
		ADD(&b, "--tftp-port-range=%s", a->port_range);
	if (a->root != NULL)
		ADD(&b, "--tftp-root=%s", a->root);
	if (a->unique != NULL)
		ADD(&b, *a->unique ? "--tftp-unique-root=%s" : "--tftp-unique-root%s", a->unique);
	for (const char **q = a->extra; *q != NULL; q++)
		b.v[b.n++] = *q;
	b.v[b.n] = NULL;
	o->argv = b.v;
	return 0;
}

static int read_config(struct ev_ctx *c, const struct ev *cfg, struct dm_args *a)
{
	if (symbols(c, cfg, "shepherd-provision", true, &a->prov) < 0 ||
	    symbols(c, cfg, "shepherd-requirement", false, &a->req) < 0 ||
	    ev_get_int(c, cfg, "port", 0, 65535, &a->port) < 0 ||
	    entries(c, cfg, "listen-addresses", ip_list_ok,
	            "an IP address, or several separated by commas", &a->listen) < 0 ||
	    files(c, cfg, &a->resolv, &a->servers_file) < 0 ||
	    entries(c, cfg, "servers", NULL, "a server without white space", &a->servers) < 0 ||
	    entries(c, cfg, "addresses", address_entry_ok,
	            "/DOMAIN/[IP|#] or an IP address, without white space", &a->addresses) < 0 ||
	    ev_get_int(c, cfg, "cache-size", 0, INT_MAX, &a->cache) < 0 ||
	    word_or_false(c, cfg, "cpe-id", "#f or an identifier without white space", &a->cpe) <
	            0 ||
	    int_or_false(c, cfg, "tftp-max", 1, INT_MAX, &a->max) < 0 ||
	    int_or_false(c, cfg, "tftp-mtu", 1, 65535, &a->mtu) < 0 ||
	    port_range(c, cfg, &a->port_range) < 0 || tftp_root(c, cfg, &a->root) < 0 ||
	    unique_root(c, cfg, &a->unique) < 0 || extra_options(c, cfg, &a->extra) < 0)
		return -1;
	return 0;
}

/* With tftp-enable?, a TFTP root of /var/empty (Guix's default) is made at
 * activation (root's, 0755, as systems that have it have it): dnsmasq does
 * not start without its root, and no container has /var/empty.  Another
 * root is the user's (shared or exposed): one the system has already
 * (/tmp, /run) must keep its owner and mode. */
static int tftp_dir(struct ev_ctx *c, const struct ev *cfg, const char *root)
{
	size_t n = root != NULL ? strcspn(root, ",") : 0;
	bool on;

	if (ev_get_bool(c, cfg, "tftp-enable?", &on) < 0)
		return -1;
	if (on && n == strlen("/var/empty") && strncmp(root, "/var/empty", n) == 0)
		osb_add_dir(c, "/var/empty", "root", "root", 0755);
	return 0;
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	struct ev *cfg = s->value, *pkg;
	struct dm_args a = { 0 };
	const char *prefix;
	const char **deprecated;
	struct os_service *o;

	if (svc_check_value(c, s, "a") < 0 || svc_refuse_extensions(c, s) < 0)
		return -1;
	if (symbols(c, cfg, "provision", true, &deprecated) < 0 || read_config(c, cfg, &a) < 0)
		return -1;
	if ((pkg = svc_package(c, cfg, "package")) == NULL ||
	    (prefix = osb_path_of(c, pkg, s->loc)) == NULL)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);
	osb_add_dir(c, "/var/lib/misc", "root", "root", 0755);
	if (tftp_dir(c, cfg, a.root) < 0)
		return -1;

	o = osb_add_service(c, "dnsmasq-service-type", s->loc);
	/* Guix: (or provision shepherd-provision). */
	o->provision = deprecated != NULL ? deprecated : a.prov;
	o->requirement = a.req;
	o->documentation = "Run the dnsmasq DNS server.";
	o->pid_file = PID_FILE;
	return set_argv(c, o, cfg, prefix, &a);
}

const struct svc_def svc_dnsmasq = {
	"dnsmasq-service-type",
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
