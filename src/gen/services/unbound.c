/* svc: unbound-service-type (gnu/services/dns.scm), run with Debian's
 * unbound.  /etc/unbound/unbound.conf is Guix's unbound.conf, byte for
 * byte: the "server:" section (the unbound-server record), the
 * "remote-control:" section (unbound-remote), a "forward-zone:" section for
 * each unbound-zone, then extra-content as it is.  Each field that is set
 * (Guix's maybe- fields: unset ones are left out) and each extra-options
 * entry is a line "\tNAME: VALUE", VALUE written as Guile's `write` writes
 * a string (#t "yes", #f "no", a number or symbol as its text).  The
 * unbound account and group (home /var/empty, comment "Unbound daemon
 * user"), and the `unbound` service (requirement user-processes networking)
 * running Guix's command line, `unbound -d -p -c /etc/unbound/unbound.conf`,
 * as root, as in Guix: unbound binds its ports and its control socket, then
 * runs on as its compiled-in user, unbound.
 *
 * Unbound's configuration lexer takes the text between double quotes as it
 * is: a backslash escape is not undone, and a quoted value ends a line.  So
 * every value Guix would write between quotes is checked to have no double
 * quote, backslash or control character (Guile's `write` would escape
 * them, and unbound would read the escapes), and each option name to be
 * one (lower-case letters, digits, "-"), with a located error.  Where gxsys
 * differs from Guix: the options that take more than one value
 * (local-zone, access-control...), which Guix's extra-options writes as
 * one quoted value that unbound refuses, and names that open a section
 * (server, forward-zone...), are errors at the field that point to
 * extra-content, where Guix would write a file unbound does not start with.
 * extra-content is Guix's raw text. */
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "unbound-configuration"
#define SERVER "unbound-server"
#define REMOTE "unbound-remote"
#define ZONE "unbound-zone"
#define CONF "unbound/unbound.conf" /* under /etc */
#define SUN_PATH_MAX 107            /* sizeof(sockaddr_un.sun_path) - 1 */

/* Guix's %unset-value of the maybe- fields. */
static struct ev *d_unset(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_unspec(c, loc);
}

static const struct ev_field server_fields[] = {
	{ "interface", D_FN, 0, NULL, d_unset, NULL },
	{ "hide-version", D_FN, 0, NULL, d_unset, NULL },
	{ "hide-identity", D_FN, 0, NULL, d_unset, NULL },
	{ "tls-cert-bundle", D_FN, 0, NULL, d_unset, NULL },
	{ "extra-options", D_NIL, 0, NULL, NULL, NULL },
};

static const struct ev_field remote_fields[] = {
	{ "control-enable", D_FN, 0, NULL, d_unset, NULL },
	{ "control-interface", D_FN, 0, NULL, d_unset, NULL },
	{ "extra-options", D_NIL, 0, NULL, NULL, NULL },
};

static const struct ev_field zone_fields[] = {
	{ "name", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "forward-addr", D_FN, 0, NULL, d_unset, NULL },
	{ "forward-tls-upstream", D_FN, 0, NULL, d_unset, NULL },
	{ "extra-options", D_NIL, 0, NULL, NULL, NULL },
};

static const struct ev_rtd server_rtd = { SERVER, server_fields, N(server_fields), false };
static const struct ev_rtd remote_rtd = { REMOTE, remote_fields, N(remote_fields), false };
static const struct ev_rtd zone_rtd = { ZONE, zone_fields, N(zone_fields), false };

/* Guix's default server: listening on 127.0.0.1 and ::1, hiding its
 * version and identity, with the CA bundle for DNS over TLS. */
static struct ev *d_server(struct ev_ctx *c, struct sx_loc loc)
{
	struct ev *r = ev_record_new(c, &server_rtd, loc);
	struct ev *ifs = ev_cons(c, ev_cstring(c, "127.0.0.1", loc),
	                         ev_cons(c, ev_cstring(c, "::1", loc), ev_nil(c, loc), loc), loc);

	if (ev_record_set(c, r, "interface", ifs) < 0 ||
	    ev_record_set(c, r, "hide-version", ev_bool(c, true, loc)) < 0 ||
	    ev_record_set(c, r, "hide-identity", ev_bool(c, true, loc)) < 0 ||
	    ev_record_set(c, r, "tls-cert-bundle",
	                  ev_cstring(c, "/etc/ssl/certs/ca-certificates.crt", loc)) < 0 ||
	    ev_record_fill_defaults(c, r, loc) < 0)
		return NULL;
	return r;
}

/* Guix's default remote control: on, on the socket /run/unbound.sock. */
static struct ev *d_remote(struct ev_ctx *c, struct sx_loc loc)
{
	struct ev *r = ev_record_new(c, &remote_rtd, loc);

	if (ev_record_set(c, r, "control-enable", ev_bool(c, true, loc)) < 0 ||
	    ev_record_set(c, r, "control-interface", ev_cstring(c, "/run/unbound.sock", loc)) < 0 ||
	    ev_record_fill_defaults(c, r, loc) < 0)
		return NULL;
	return r;
}

static const struct ev_field unbound_fields[] = {
	{ "server", D_FN, 0, NULL, d_server, NULL },
	{ "remote-control", D_FN, 0, NULL, d_remote, NULL },
	{ "forward-zone", D_NIL, 0, NULL, NULL, NULL },
	{ "extra-content", D_FN, 0, NULL, d_unset, NULL },
};

static const struct ev_rtd unbound_rtd = { RTD, unbound_fields, N(unbound_fields), false };

const struct ev_rtd *const svc_unbound_records[] = { &unbound_rtd, &server_rtd, &remote_rtd,
	                                             &zone_rtd, NULL };

/* ---- values: each checked, then written as Guix's serializer does ---- */

static bool is_set(const struct ev *rec, const char *field)
{
	return ev_record_get(rec, field)->type != EV_UNSPEC;
}

/* Whether unbound reads "S" back as S: no double quote, backslash or
 * control character (Guile's write would escape them; unbound keeps the
 * escapes), and not empty. */
static bool quotable(const char *s)
{
	if (*s == '\0')
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < ' ' || *p == 0x7f || *p == '"' || *p == '\\')
			return false;
	return true;
}

static void line(struct gx_buf *b, const char *name, const char *value)
{
	gx_buf_printf(b, "\t%s: \"%s\"\n", name, value);
}

static int bad_value(struct ev_ctx *c, const struct ev *rec, const char *field, const struct ev *v,
                     const char *expected)
{
	return ev_failn(c, ev_record_loc(rec, field),
	                "%s: field '%s': invalid value %s (expected %s)", rec->u.rec->rtd->name,
	                field, ev_repr(c, v), expected);
}

/* A maybe-string FIELD: OK says which strings unbound takes. */
static int emit_string(struct ev_ctx *c, struct gx_buf *b, const struct ev *rec, const char *field,
                       bool (*ok)(const char *s), const char *expected)
{
	const char *s;

	if (!is_set(rec, field))
		return 0;
	if (ev_get_string(c, rec, field, &s) < 0)
		return -1;
	if (!ok(s))
		return bad_value(c, rec, field, ev_record_get(rec, field), expected);
	line(b, field, s);
	return 0;
}

static int emit_bool(struct ev_ctx *c, struct gx_buf *b, const struct ev *rec, const char *field)
{
	bool v;

	if (!is_set(rec, field))
		return 0;
	if (ev_get_bool(c, rec, field, &v) < 0)
		return -1;
	line(b, field, v ? "yes" : "no");
	return 0;
}

/* A maybe-list-of-strings FIELD: a line for each string. */
static int emit_strings(struct ev_ctx *c, struct gx_buf *b, const struct ev *rec, const char *field,
                        bool (*ok)(const char *s), const char *expected)
{
	const struct ev *p = ev_record_get(rec, field);
	const char **v;

	if (!is_set(rec, field))
		return 0;
	if (svc_string_list(c, rec, field, &v) < 0)
		return -1;
	for (size_t i = 0; v[i] != NULL; i++, p = p->u.pair.cdr)
		if (!ok(v[i]))
			return ev_failn(c, ev_record_loc(rec, field),
			                "%s: field '%s': invalid entry %s (expected %s)",
			                rec->u.rec->rtd->name, field, ev_repr(c, p->u.pair.car),
			                expected);
	for (size_t i = 0; v[i] != NULL; i++)
		line(b, field, v[i]);
	return 0;
}

static bool token_ok(const char *s)
{
	return quotable(s) && !svc_has_space(s);
}

static bool path_ok(const char *s)
{
	return svc_path_ok(s, "\"\\");
}

/* control-interface: an address, or a local socket's absolute path. */
static bool control_ok(const char *s)
{
	if (s[0] == '/')
		return path_ok(s) && strlen(s) <= SUN_PATH_MAX;
	return token_ok(s);
}

/* Options of unbound 1.17 that take more than one value: Guix writes an
 * extra-options value as one quoted string, which they refuse. */
static const char *const multi_value[] = {
	"local-zone",
	"local-zone-tag",
	"local-zone-override",
	"access-control",
	"access-control-tag",
	"access-control-tag-action",
	"access-control-tag-data",
	"access-control-view",
	"interface-action",
	"interface-tag",
	"interface-tag-action",
	"interface-tag-data",
	"interface-view",
	"response-ip",
	"response-ip-tag",
	"response-ip-data",
	"ratelimit-for-domain",
	"ratelimit-below-domain",
	"edns-client-string",
	"tcp-connection-limit",
};

/* The clauses of unbound.conf: a name that opens one is no option. */
static const char *const sections[] = {
	"server", "remote-control", "forward-zone", "stub-zone", "auth-zone", "view",   "python",
	"dynlib", "dnscrypt",       "cachedb",      "ipset",     "rpz",       "dnstap",
};

static bool in(const char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

static bool option_name_ok(const char *s)
{
	return s[0] >= 'a' && s[0] <= 'z' &&
	       s[strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-")] == '\0';
}

/* One extra-options entry (NAME . VALUE): NAME a symbol naming an option
 * of one value; VALUE a string, #t/#f, a number or a symbol. */
static int emit_option(struct ev_ctx *c, struct gx_buf *b, const struct ev *rec, const struct ev *e)
{
	const char *who = rec->u.rec->rtd->name, *name, *value;
	struct sx_loc loc = ev_record_loc(rec, "extra-options");
	const struct ev *v;

	if (e->type != EV_PAIR)
		return ev_failn(c, loc,
		                "%s: field 'extra-options': expected a (NAME . VALUE) pair, got %s",
		                who, ev_repr(c, e));
	v = e->u.pair.cdr;
	if (e->u.pair.car->type != EV_SYMBOL || !option_name_ok(e->u.pair.car->u.str.s))
		return ev_failn(c, loc,
		                "%s: field 'extra-options': invalid option name %s (expected a "
		                "symbol of lower-case letters, digits and \"-\")",
		                who, ev_repr(c, e->u.pair.car));
	name = e->u.pair.car->u.str.s;
	if (in(sections, N(sections), name))
		return ev_failn(c, loc,
		                "%s: field 'extra-options': '%s' opens a section of unbound.conf, "
		                "not an option (use extra-content)",
		                who, name);
	if (in(multi_value, N(multi_value), name))
		return ev_failn(
		        c, loc,
		        "%s: field 'extra-options': '%s' takes more than one value, which "
		        "Guix writes as one quoted value unbound refuses (use extra-content)",
		        who, name);
	if (v->type == EV_BOOL)
		value = v->u.b ? "yes" : "no";
	else if (v->type == EV_STRING || v->type == EV_SYMBOL)
		value = v->u.str.s;
	else if (v->type == EV_INT)
		value = gx_arena_printf(c->arena, "%lld", (long long)v->u.i);
	else
		value = NULL;
	if (value == NULL || !quotable(value) ||
	    (v->type == EV_STRING && strlen(value) != v->u.str.len))
		return ev_failn(c, loc,
		                "%s: field 'extra-options': invalid value %s for '%s' (expected "
		                "#t, #f, an integer, a symbol or a non-empty string without "
		                "double quotes, backslashes or control characters)",
		                who, ev_repr(c, v), name);
	line(b, name, value);
	return 0;
}

static int emit_options(struct ev_ctx *c, struct gx_buf *b, const struct ev *rec)
{
	const struct ev *l = ev_record_get(rec, "extra-options");

	if (!ev_is_list(l))
		return ev_failn(c, ev_record_loc(rec, "extra-options"),
		                "%s: field 'extra-options': expected an association list, got %s",
		                rec->u.rec->rtd->name, ev_repr(c, l));
	for (; l->type == EV_PAIR; l = l->u.pair.cdr)
		if (emit_option(c, b, rec, l->u.pair.car) < 0)
			return -1;
	return 0;
}

/* A section record: FIELD of the configuration, a record of RTD_NAME. */
static const struct ev *section(struct ev_ctx *c, const struct ev *v, const struct ev *cfg,
                                const char *field, const char *rtd_name)
{
	if (ev_record_is(v, rtd_name))
		return v;
	ev_failn(c, v == ev_record_get(cfg, field) ? ev_record_loc(cfg, field) : v->loc,
	         RTD ": field '%s': expected an %s, got %s", field, rtd_name, ev_repr(c, v));
	return NULL;
}

static int emit_server(struct ev_ctx *c, struct gx_buf *b, const struct ev *cfg)
{
	const struct ev *r = section(c, ev_record_get(cfg, "server"), cfg, "server", SERVER);

	if (r == NULL)
		return -1;
	gx_buf_puts(b, "server:\n");
	if (emit_strings(c, b, r, "interface", token_ok,
	                 "an IP address[@PORT] or an interface name, without white space, "
	                 "quotes or backslashes") < 0 ||
	    emit_bool(c, b, r, "hide-version") < 0 || emit_bool(c, b, r, "hide-identity") < 0 ||
	    emit_string(c, b, r, "tls-cert-bundle", path_ok,
	                "an absolute path without white space, quotes, backslashes, control "
	                "characters or \".\" and \"..\" components") < 0)
		return -1;
	return emit_options(c, b, r);
}

static int emit_remote(struct ev_ctx *c, struct gx_buf *b, const struct ev *cfg)
{
	const struct ev *r =
	        section(c, ev_record_get(cfg, "remote-control"), cfg, "remote-control", REMOTE);

	if (r == NULL)
		return -1;
	gx_buf_puts(b, "remote-control:\n");
	if (emit_bool(c, b, r, "control-enable") < 0 ||
	    emit_string(c, b, r, "control-interface", control_ok,
	                "an IP address, or a socket's absolute path of at most 107 bytes, "
	                "without white space, quotes or backslashes") < 0)
		return -1;
	return emit_options(c, b, r);
}

static int emit_zone(struct ev_ctx *c, struct gx_buf *b, const struct ev *cfg, const struct ev *z)
{
	const char *name;

	if (section(c, z, cfg, "forward-zone", ZONE) == NULL)
		return -1;
	gx_buf_puts(b, "forward-zone:\n");
	if (ev_get_string(c, z, "name", &name) < 0)
		return -1;
	if (!token_ok(name))
		return bad_value(c, z, "name", ev_record_get(z, "name"),
		                 "a domain name without white space, quotes or backslashes");
	line(b, "name", name);
	if (emit_strings(c, b, z, "forward-addr", token_ok,
	                 "an address IP[@PORT][#NAME] or a host name, without white space, quotes "
	                 "or backslashes") < 0 ||
	    emit_bool(c, b, z, "forward-tls-upstream") < 0)
		return -1;
	return emit_options(c, b, z);
}

/* Guix's unbound-config-file. */
static int unbound_conf(struct ev_ctx *c, const struct ev *cfg, struct gx_buf *b)
{
	const struct ev *zones = ev_record_get(cfg, "forward-zone");
	const char *extra;

	if (emit_server(c, b, cfg) < 0 || emit_remote(c, b, cfg) < 0)
		return -1;
	if (!ev_is_list(zones))
		return ev_failn(c, ev_record_loc(cfg, "forward-zone"),
		                RTD ": field 'forward-zone': expected a list of unbound-zone "
		                    "records, got %s",
		                ev_repr(c, zones));
	for (; zones->type == EV_PAIR; zones = zones->u.pair.cdr)
		if (emit_zone(c, b, cfg, zones->u.pair.car) < 0)
			return -1;
	if (is_set(cfg, "extra-content")) {
		if (ev_get_string(c, cfg, "extra-content", &extra) < 0)
			return -1;
		gx_buf_printf(b, "%s\n", extra);
	}
	return 0;
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	struct gx_buf conf = GX_BUF_INIT;
	struct ev *pkg;
	const char *prefix;
	struct os_service *o;
	int r;

	if (svc_check_value(c, s, "an") < 0 || svc_refuse_extensions(c, s) < 0)
		return -1;
	r = unbound_conf(c, s->value, &conf);
	if (r == 0)
		r = osb_add_file(c, CONF, conf.data, conf.len, 0644, NULL, s->value->loc);
	gx_buf_free(&conf);
	if (r < 0)
		return -1;
	pkg = ev_package(c, "unbound", s->loc);
	if (pkg == NULL || (prefix = osb_path_of(c, pkg, s->loc)) == NULL ||
	    osb_add_system_account(c, "unbound", "unbound", "Unbound daemon user", "/var/empty",
	                           s->loc) < 0)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);

	o = osb_add_service(c, "unbound-service-type", s->loc);
	o->provision = svc_split(c, "unbound");
	o->requirement = svc_split(c, "user-processes networking");
	o->documentation = "Unbound daemon.";
	o->argv = gx_arena_alloc(c->arena, 6 * sizeof(char *));
	o->argv[0] = gx_arena_printf(c->arena, "%s/sbin/unbound", prefix);
	o->argv[1] = "-d";
	o->argv[2] = "-p";
	o->argv[3] = "-c";
	o->argv[4] = "/etc/" CONF;
	o->argv[5] = NULL;
	return 0;
}

const struct svc_def svc_unbound = {
	"unbound-service-type",
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
