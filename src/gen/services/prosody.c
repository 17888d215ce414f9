/* svc: prosody-service-type (gnu/services/messaging.scm): the Prosody XMPP
 * server, as Guix's, run with Debian's prosody (0.12, on Lua 5.4).  Its
 * value is a prosody-configuration (the default: Guix's, with the one
 * virtual host "localhost") or an opaque-prosody-configuration (prosody,
 * prosody.cfg.lua: the file's text, written as it is).
 *
 * prosody-configuration has every field of Guix's, with Guix's names,
 * types and defaults, and so have the records it is made of:
 * virtualhost-configuration, int-component-configuration and
 * ext-component-configuration (Guix's "common" fields, unset unless given,
 * and their own), mod-muc-configuration and ssl-configuration.  The file
 * is serialized as Guix's define-configuration serializers write it, field
 * after field, into /etc/prosody/prosody.cfg.lua (Guix's activation copies
 * its file there; Debian's prosody and prosodyctl read it by default):
 * "name = value;" lines, the field's name with '-' as '_' and without '?',
 * booleans true/false, strings and file names between double quotes,
 * lists as "{\n" ITEM ";\n" ... "}", the ssl record as "ssl = {\n...};",
 * a mod-muc record's fields inline; unset fields are left out; then each
 * virtual host ("VirtualHost \"DOMAIN\"") and component ("Component
 * \"HOST\" \"PLUGIN\"", "Component \"HOST\"") with its own fields.
 *
 * What it makes, as Guix does: the prosody group and system account
 * (comment "Prosody daemon user", home /var/empty); Guix's activation's
 * directories, made at boot: /etc/prosody (prosody's), /etc/prosody/certs
 * (prosody's, 0750), data-path (prosody's, 0750) and the PID file's
 * directory (prosody's); the service `prosody` (also `xmpp-daemon`,
 * requirement networking syslogd user-processes) running `prosody -F` as
 * prosody:prosody, up once its PID file (pidfile) is written.  The build
 * runs `luac5.4 -p` on the file in its build container (prosody reads its
 * configuration as Lua): what it refuses is a note.  prosodyctl inside the
 * container finds the file where prosody does (`prosodyctl register USER
 * HOST PASSWORD`, as root: it switches to the prosody account itself).
 *
 * Where gxsys differs:
 * - Strings are written between double quotes as Guix does, but escaped
 *   for Lua ('\\', '"', control characters as \n, \r, \t or \DDD): Guix
 *   writes them as they are, and a quote or a newline would break the file
 *   or change its meaning.  Values Prosody takes as names are checked: a
 *   domain or component host name is one word (no white space or control
 *   characters), a module or plugin name is letters, digits, '_', '-' and
 *   '.', a file name absolute, component-ports are ports (1 to 65535).
 * - Guix's opaque-prosody-configuration fails its activation and service
 *   (they read prosody-configuration's data-path and pidfile from it):
 *   here it gets Guix's default directories, /var/lib/prosody and
 *   /var/run/prosody, and `prosody -F` is supervised as it runs, without a
 *   PID file (the text may name none).
 * - Debian's prosody 0.12 warns that use_libevent (which Guix always
 *   writes) is deprecated in favour of network_backend; it still reads
 *   it, so the file keeps Guix's text.
 * - file-like objects (plugin-paths, groups-file, capath, cafile) are
 *   their paths in the container (/etc/gxsys/files/NAME, or a package's
 *   path), not store paths.
 * - /var is a tmpfs: the accounts prosodyctl registers in data-path are
 *   new at each boot unless it is shared (--share=DIR=/var/lib/prosody).
 * - Debian's prosody only Recommends lua5.4-unbound: where the host does not
 *   have it, prosody and prosodyctl say so and use their older DNS
 *   resolver (Guix's prosody has no such library either). */
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "prosody-configuration"
#define OPAQUE "opaque-prosody-configuration"
#define VHOST "virtualhost-configuration"
#define INT "int-component-configuration"
#define EXT "ext-component-configuration"
#define MUC "mod-muc-configuration"
#define SSL "ssl-configuration"
#define CONF "prosody/prosody.cfg.lua" /* under /etc */
#define DATA "/var/lib/prosody"
#define PIDFILE "/var/run/prosody/prosody.pid"

/* How a field is checked and serialized (Guix's field types). */
enum type {
	T_PACKAGE,        /* file-like: not serialized */
	T_HEADER,         /* domain, hostname, plugin: in the section's header */
	T_STRING,         /* string */
	T_FILE,           /* file-name: an absolute one */
	T_FILE_OBJECT,    /* file-object: a file-like object or a file name */
	T_FILE_OBJECTS,   /* file-object-list */
	T_STRINGS,        /* string-list: strings without ',' */
	T_MODULES,        /* module-list */
	T_BOOL,           /* boolean */
	T_NNI,            /* non-negative-integer */
	T_PORTS,          /* non-negative-integer-list (component-ports) */
	T_STRING_OR_BOOL, /* string-or-boolean */
	T_SSL,            /* ssl-configuration */
	T_MUC,            /* mod-muc-configuration */
	T_VHOSTS,         /* virtualhost-configuration-list */
	T_INTS,           /* int-component-configuration-list */
	T_EXTS,           /* ext-component-configuration-list */
	T_RAW,            /* raw-content: the text as it is */
};

/* Guix's %unset-value of the maybe- fields. */
static struct ev *d_unset(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_unspec(c, loc);
}

static struct ev *d_package(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "prosody", loc);
}

static struct ev *d_ssl(struct ev_ctx *c, struct sx_loc loc)
{
	struct ev *r = ev_record_new(c, ev_find_rtd(SSL), loc);

	return ev_record_fill_defaults(c, r, loc) < 0 ? NULL : r;
}

/* Guix's (list (virtualhost-configuration (domain "localhost"))). */
static struct ev *d_vhosts(struct ev_ctx *c, struct sx_loc loc)
{
	struct ev *r = ev_record_new(c, ev_find_rtd(VHOST), loc);

	if (ev_record_set(c, r, "domain", ev_cstring(c, "localhost", loc)) < 0 ||
	    ev_record_fill_defaults(c, r, loc) < 0)
		return NULL;
	return ev_cons(c, r, ev_nil(c, loc), loc);
}

static struct ev *d_ports(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_cons(c, ev_int(c, 5347, loc), ev_nil(c, loc), loc);
}

/* A field's default: GIVEN(...) in prosody-configuration, unset in the
 * virtual hosts and components (Guix's define-all-configurations). */
#define GIVEN(d, i, s, fn) d, i, s, fn
#define UNSET(d, i, s, fn) D_FN, 0, NULL, d_unset
#define FIELD(name, d, t) { name, d, NULL },
#define TYPE(name, d, t) t,

/* clang-format off */
#define COMMON_FIELDS(X, D) \
	X("admins", D(D_NIL, 0, NULL, NULL), T_STRINGS) \
	X("use-libevent?", D(D_FALSE, 0, NULL, NULL), T_BOOL) \
	X("modules-enabled", D(D_STRLIST, 0, "roster\nsaslauth\ntls\ndialback\ndisco\ncarbons\n" \
	  "private\nblocklist\nvcard\nversion\nuptime\ntime\nping\npep\nregister\nadmin_adhoc", \
	  NULL), T_MODULES) \
	X("modules-disabled", D(D_NIL, 0, NULL, NULL), T_STRINGS) \
	X("groups-file", D(D_STRING, 0, "/var/lib/prosody/sharedgroups.txt", NULL), T_FILE_OBJECT) \
	X("allow-registration?", D(D_FALSE, 0, NULL, NULL), T_BOOL) \
	X("ssl", D(D_FN, 0, NULL, d_ssl), T_SSL) \
	X("c2s-require-encryption?", D(D_FALSE, 0, NULL, NULL), T_BOOL) \
	X("disable-sasl-mechanisms", D(D_STRLIST, 0, "DIGEST-MD5", NULL), T_STRINGS) \
	X("insecure-sasl-mechanisms", D(D_STRLIST, 0, "PLAIN\nLOGIN", NULL), T_STRINGS) \
	X("s2s-require-encryption?", D(D_FALSE, 0, NULL, NULL), T_BOOL) \
	X("s2s-secure-auth?", D(D_FALSE, 0, NULL, NULL), T_BOOL) \
	X("s2s-insecure-domains", D(D_NIL, 0, NULL, NULL), T_STRINGS) \
	X("s2s-secure-domains", D(D_NIL, 0, NULL, NULL), T_STRINGS) \
	X("authentication", D(D_STRING, 0, "internal_plain", NULL), T_STRING) \
	X("log", D(D_STRING, 0, "*syslog", NULL), T_STRING)

#define HTTP_FIELDS(X) \
	X("http-max-content-size", UNSET(0, 0, 0, 0), T_NNI) \
	X("http-external-url", UNSET(0, 0, 0, 0), T_STRING)

#define PROSODY_FIELDS(X) \
	X("prosody", GIVEN(D_FN, 0, NULL, d_package), T_PACKAGE) \
	X("data-path", GIVEN(D_STRING, 0, DATA, NULL), T_FILE) \
	X("plugin-paths", GIVEN(D_NIL, 0, NULL, NULL), T_FILE_OBJECTS) \
	X("certificates", GIVEN(D_STRING, 0, "/etc/prosody/certs", NULL), T_FILE) \
	COMMON_FIELDS(X, GIVEN) \
	X("pidfile", GIVEN(D_STRING, 0, PIDFILE, NULL), T_FILE) \
	HTTP_FIELDS(X) \
	X("virtualhosts", GIVEN(D_FN, 0, NULL, d_vhosts), T_VHOSTS) \
	X("int-components", GIVEN(D_NIL, 0, NULL, NULL), T_INTS) \
	X("ext-components", GIVEN(D_NIL, 0, NULL, NULL), T_EXTS) \
	X("component-ports", GIVEN(D_FN, 0, NULL, d_ports), T_PORTS) \
	X("component-interface", GIVEN(D_STRING, 0, "127.0.0.1", NULL), T_STRING) \
	X("raw-content", UNSET(0, 0, 0, 0), T_RAW)

#define VHOST_FIELDS(X) \
	COMMON_FIELDS(X, UNSET) \
	HTTP_FIELDS(X) \
	X("domain", GIVEN(D_REQUIRED, 0, NULL, NULL), T_HEADER) \
	X("raw-content", UNSET(0, 0, 0, 0), T_RAW)

#define INT_FIELDS(X) \
	COMMON_FIELDS(X, UNSET) \
	HTTP_FIELDS(X) \
	X("hostname", GIVEN(D_REQUIRED, 0, NULL, NULL), T_HEADER) \
	X("plugin", GIVEN(D_REQUIRED, 0, NULL, NULL), T_HEADER) \
	X("mod-muc", UNSET(0, 0, 0, 0), T_MUC) \
	X("raw-content", UNSET(0, 0, 0, 0), T_RAW)

#define EXT_FIELDS(X) \
	COMMON_FIELDS(X, UNSET) \
	HTTP_FIELDS(X) \
	X("component-secret", GIVEN(D_REQUIRED, 0, NULL, NULL), T_STRING) \
	X("hostname", GIVEN(D_REQUIRED, 0, NULL, NULL), T_HEADER) \
	X("raw-content", UNSET(0, 0, 0, 0), T_RAW)

#define MUC_FIELDS(X) \
	X("name", GIVEN(D_STRING, 0, "Prosody Chatrooms", NULL), T_STRING) \
	X("restrict-room-creation", GIVEN(D_FALSE, 0, NULL, NULL), T_STRING_OR_BOOL) \
	X("max-history-messages", GIVEN(D_INT, 20, NULL, NULL), T_NNI)

#define SSL_FIELDS(X) \
	X("protocol", UNSET(0, 0, 0, 0), T_STRING) \
	X("key", UNSET(0, 0, 0, 0), T_FILE) \
	X("certificate", UNSET(0, 0, 0, 0), T_FILE) \
	X("capath", GIVEN(D_STRING, 0, "/etc/ssl/certs", NULL), T_FILE_OBJECT) \
	X("cafile", UNSET(0, 0, 0, 0), T_FILE_OBJECT) \
	X("verify", UNSET(0, 0, 0, 0), T_STRINGS) \
	X("options", UNSET(0, 0, 0, 0), T_STRINGS) \
	X("depth", UNSET(0, 0, 0, 0), T_NNI) \
	X("ciphers", UNSET(0, 0, 0, 0), T_STRING) \
	X("dhparam", UNSET(0, 0, 0, 0), T_FILE) \
	X("curve", UNSET(0, 0, 0, 0), T_STRING) \
	X("verifyext", UNSET(0, 0, 0, 0), T_STRINGS) \
	X("password", UNSET(0, 0, 0, 0), T_STRING)

#define OPAQUE_FIELDS(X) \
	X("prosody", GIVEN(D_FN, 0, NULL, d_package), T_PACKAGE) \
	X("prosody.cfg.lua", GIVEN(D_REQUIRED, 0, NULL, NULL), T_RAW)
/* clang-format on */

/* A record type with its fields' types. */
struct kind {
	struct ev_rtd rtd;
	const enum type *types;
};

#define KIND(var, name, list)                                                                      \
	static const struct ev_field var##_fields[] = { list(FIELD) };                             \
	static const enum type var##_types[] = { list(TYPE) };                                     \
	static const struct kind var = { { name, var##_fields, N(var##_fields), false },           \
		                         var##_types }

KIND(k_prosody, RTD, PROSODY_FIELDS);
KIND(k_vhost, VHOST, VHOST_FIELDS);
KIND(k_int, INT, INT_FIELDS);
KIND(k_ext, EXT, EXT_FIELDS);
KIND(k_muc, MUC, MUC_FIELDS);
KIND(k_ssl, SSL, SSL_FIELDS);
KIND(k_opaque, OPAQUE, OPAQUE_FIELDS);

const struct ev_rtd *const svc_prosody_records[] = {
	&k_prosody.rtd, &k_vhost.rtd, &k_int.rtd,    &k_ext.rtd,
	&k_muc.rtd,     &k_ssl.rtd,   &k_opaque.rtd, NULL,
};

static const struct kind *const kinds[] = { &k_prosody, &k_vhost, &k_int,   &k_ext,
	                                    &k_muc,     &k_ssl,   &k_opaque };

static const struct kind *kind_of(const struct ev *rec)
{
	if (rec->type != EV_RECORD)
		return NULL;
	for (size_t i = 0; i < N(kinds); i++)
		if (rec->u.rec->rtd == &kinds[i]->rtd)
			return kinds[i];
	return NULL;
}

/* ---- values ---- */

/* S (LEN bytes) as a Lua string literal: between double quotes, '\\' and
 * '"' escaped, control characters as \n, \r, \t or \DDD (three digits, so
 * that a digit after it is not read as part of it). */
static void lua_string(struct gx_buf *b, const char *s, size_t len)
{
	gx_buf_puts(b, "\"");
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '\\' || ch == '"')
			gx_buf_printf(b, "\\%c", ch);
		else if (ch == '\n')
			gx_buf_puts(b, "\\n");
		else if (ch == '\r')
			gx_buf_puts(b, "\\r");
		else if (ch == '\t')
			gx_buf_puts(b, "\\t");
		else if (ch < ' ' || ch == 0x7f)
			gx_buf_printf(b, "\\%03u", ch);
		else
			gx_buf_add(b, &s[i], 1);
	}
	gx_buf_puts(b, "\"");
}

static bool is_string(const struct ev *v)
{
	return v->type == EV_STRING;
}

/* A file name: absolute, without control characters. */
static bool file_name_ok(const struct ev *v)
{
	return is_string(v) && v->u.str.s[0] == '/' && !gx_has_control(v->u.str.s, v->u.str.len);
}

/* A module's or plugin's name: letters, digits, '_', '-', '.'. */
static bool module_ok(const struct ev *v)
{
	const char *s = v->u.str.s;

	return is_string(v) && v->u.str.len > 0 && strlen(s) == v->u.str.len &&
	       s[strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")] ==
	               '\0';
}

/* A domain or a component's host name: one word. */
static bool host_ok(const struct ev *v)
{
	return is_string(v) && v->u.str.len > 0 && !gx_has_control(v->u.str.s, v->u.str.len) &&
	       !svc_has_space(v->u.str.s);
}

/* A file-object: a file name, or a file-like object or package, as its
 * path in the container (NULL after an error). */
static const char *file_object(struct ev_ctx *c, const struct ev *rec, const char *field,
                               struct ev *v)
{
	static const char expected[] =
	        "a file-like object or an absolute file name (without control characters)";

	if (file_name_ok(v))
		return v->u.str.s;
	if (v->type == EV_FILE || v->type == EV_PACKAGE) {
		const char *p = osb_path_of(c, v, svc_field_loc(rec, field, rec->loc));

		if (p != NULL && gx_has_control(p, strlen(p))) {
			svc_bad_field(c, rec, field, expected);
			return NULL;
		}
		return p;
	}
	svc_bad_field(c, rec, field,
	              strcmp(field, "plugin-paths") == 0
	                      ? "a list of file-like objects or absolute file names (without "
	                        "control characters)"
	                      : expected);
	return NULL;
}

/* A list field: each element checked by OK (NULL: file objects), written
 * as Guix's serialize-field-list does. */
static int list_field(struct ev_ctx *c, const struct ev *rec, const char *field,
                      bool (*ok)(const struct ev *), const char *expected, struct gx_buf *b)
{
	const struct ev *l = ev_record_get(rec, field);
	struct gx_buf items = GX_BUF_INIT;

	if (!ev_is_list(l))
		return svc_bad_field(c, rec, field, expected);
	for (const struct ev *p = l; p->type == EV_PAIR; p = p->u.pair.cdr) {
		struct ev *e = p->u.pair.car;
		const char *path = NULL;

		if (ok == NULL) {
			if ((path = file_object(c, rec, field, e)) == NULL) {
				gx_buf_free(&items);
				return -1;
			}
			lua_string(&items, path, strlen(path));
		} else if (!ok(e)) {
			gx_buf_free(&items);
			return svc_bad_field(c, rec, field, expected);
		} else if (e->type == EV_INT) {
			gx_buf_printf(&items, "%lld", (long long)e->u.i);
		} else {
			lua_string(&items, e->u.str.s, e->u.str.len);
		}
		gx_buf_puts(&items, ";\n");
	}
	gx_buf_printf(b, "%s = {\n%s};\n", svc_uglify(c, field), items.data ? items.data : "");
	gx_buf_free(&items);
	return 0;
}

static bool no_comma(const struct ev *v)
{
	return is_string(v) && memchr(v->u.str.s, ',', v->u.str.len) == NULL;
}

static bool port_ok(const struct ev *v)
{
	return v->type == EV_INT && v->u.i >= 1 && v->u.i <= 65535;
}

static int record(struct ev_ctx *c, const struct ev *rec, struct gx_buf *b);

/* FIELD of REC: a list of records of kind K, each a section. */
static int sections(struct ev_ctx *c, const struct ev *rec, const char *field, const struct kind *k,
                    struct gx_buf *b)
{
	const struct ev *l = ev_record_get(rec, field);
	const char *expected = gx_arena_printf(c->arena, "a list of %s", k->rtd.name);

	if (!ev_is_list(l))
		return svc_bad_field(c, rec, field, expected);
	for (const struct ev *p = l; p->type == EV_PAIR; p = p->u.pair.cdr)
		if (kind_of(p->u.pair.car) != k)
			return ev_failn(c, svc_field_loc(rec, field, rec->loc),
			                "%s: field '%s': expected %s, got %s",
			                rec->u.rec->rtd->name, field, expected,
			                ev_repr(c, p->u.pair.car));
	for (const struct ev *p = l; p->type == EV_PAIR; p = p->u.pair.cdr)
		if (record(c, p->u.pair.car, b) < 0)
			return -1;
	return 0;
}

/* A sub-record field (ssl, mod-muc): a record of kind K. */
static int sub_record(struct ev_ctx *c, const struct ev *rec, const char *field,
                      const struct kind *k, struct gx_buf *b)
{
	const struct ev *v = ev_record_get(rec, field);

	if (kind_of(v) != k)
		return svc_bad_field(c, rec, field, k == &k_ssl ? "an " SSL : "a " MUC);
	if (k == &k_ssl)
		gx_buf_puts(b, "ssl = {\n");
	if (record(c, v, b) < 0)
		return -1;
	if (k == &k_ssl)
		gx_buf_puts(b, "};\n");
	return 0;
}

static int scalar(struct ev_ctx *c, const struct ev *rec, const char *field, enum type t,
                  struct gx_buf *b)
{
	struct ev *v = ev_record_get(rec, field);
	const char *key = svc_uglify(c, field), *path;

	switch (t) {
	case T_STRING:
		if (!is_string(v))
			return svc_bad_field(c, rec, field, "a string");
		gx_buf_printf(b, "%s = ", key);
		lua_string(b, v->u.str.s, v->u.str.len);
		gx_buf_puts(b, ";\n");
		return 0;
	case T_FILE:
		if (!file_name_ok(v))
			return svc_bad_field(c, rec, field,
			                     "an absolute file name (without control characters)");
		gx_buf_printf(b, "%s = ", key);
		lua_string(b, v->u.str.s, v->u.str.len);
		gx_buf_puts(b, ";\n");
		return 0;
	case T_FILE_OBJECT:
		if ((path = file_object(c, rec, field, v)) == NULL)
			return -1;
		gx_buf_printf(b, "%s = ", key);
		lua_string(b, path, strlen(path));
		gx_buf_puts(b, ";\n");
		return 0;
	case T_BOOL:
	case T_STRING_OR_BOOL:
		if (t == T_STRING_OR_BOOL && is_string(v))
			return scalar(c, rec, field, T_STRING, b);
		if (v->type != EV_BOOL)
			return svc_bad_field(c, rec, field,
			                     t == T_BOOL ? "#t or #f" : "a string, #t or #f");
		gx_buf_printf(b, "%s = %s;\n", key, v->u.b ? "true" : "false");
		return 0;
	case T_NNI:
		if (v->type != EV_INT || v->u.i < 0)
			return svc_bad_field(c, rec, field, "a non-negative integer");
		gx_buf_printf(b, "%s = %lld;\n", key, (long long)v->u.i);
		return 0;
	case T_RAW:
		if (!is_string(v) || strlen(v->u.str.s) != v->u.str.len)
			return svc_bad_field(c, rec, field, "a string (Lua text, without NUL)");
		gx_buf_add(b, v->u.str.s, v->u.str.len);
		return 0;
	case T_PACKAGE:
	case T_HEADER:
	case T_FILE_OBJECTS:
	case T_STRINGS:
	case T_MODULES:
	case T_PORTS:
	case T_SSL:
	case T_MUC:
	case T_VHOSTS:
	case T_INTS:
	case T_EXTS:
	default:
		return 0;
	}
}

static int field(struct ev_ctx *c, const struct ev *rec, const char *name, enum type t,
                 struct gx_buf *b)
{
	switch (t) {
	case T_PACKAGE:
		return svc_package(c, rec, name) == NULL ? -1 : 0;
	case T_FILE_OBJECTS:
		return list_field(c, rec, name, NULL, NULL, b);
	case T_STRINGS:
		return list_field(c, rec, name, no_comma, "a list of strings without ','", b);
	case T_MODULES:
		return list_field(c, rec, name, module_ok,
		                  "a list of module names (letters, digits, '_', '-' and '.')", b);
	case T_PORTS:
		return list_field(c, rec, name, port_ok,
		                  "a list of ports (integers from 1 to 65535)", b);
	case T_SSL:
		return sub_record(c, rec, name, &k_ssl, b);
	case T_MUC:
		return sub_record(c, rec, name, &k_muc, b);
	case T_HEADER:
	case T_VHOSTS: /* last, in record() */
	case T_INTS:
	case T_EXTS:
		return 0;
	case T_STRING:
	case T_FILE:
	case T_FILE_OBJECT:
	case T_BOOL:
	case T_NNI:
	case T_STRING_OR_BOOL:
	case T_RAW:
	default:
		return scalar(c, rec, name, t, b);
	}
}

/* A section's header line: VirtualHost "DOMAIN", Component "HOST"
 * ["PLUGIN"]. */
static int header(struct ev_ctx *c, const struct ev *rec, const struct kind *k, struct gx_buf *b)
{
	const char *first = k == &k_vhost ? "domain" : "hostname";
	const struct ev *v = ev_record_get(rec, first), *plugin;

	if (!host_ok(v))
		return svc_bad_field(c, rec, first,
		                     "a domain name (not empty, without white space or control "
		                     "characters)");
	gx_buf_puts(b, k == &k_vhost ? "VirtualHost " : "Component ");
	lua_string(b, v->u.str.s, v->u.str.len);
	if (k == &k_int) {
		plugin = ev_record_get(rec, "plugin");
		if (!module_ok(plugin))
			return svc_bad_field(c, rec, "plugin",
			                     "a plugin name (letters, digits, '_', '-' and '.')");
		gx_buf_puts(b, " ");
		lua_string(b, plugin->u.str.s, plugin->u.str.len);
	}
	gx_buf_puts(b, "\n");
	return 0;
}

/* REC's fields, as Guix's serialize-configuration writes them: unset ones
 * left out; a virtual host or component after its header; in
 * prosody-configuration, the virtual hosts and components last. */
static int record(struct ev_ctx *c, const struct ev *rec, struct gx_buf *b)
{
	const struct kind *k = kind_of(rec);

	if ((k == &k_vhost || k == &k_int || k == &k_ext) && header(c, rec, k, b) < 0)
		return -1;
	for (size_t i = 0; i < k->rtd.n_fields; i++) {
		const char *name = k->rtd.fields[i].name;

		if (ev_record_get(rec, name)->type == EV_UNSPEC)
			continue;
		if (field(c, rec, name, k->types[i], b) < 0)
			return -1;
	}
	if (k == &k_prosody && (sections(c, rec, "virtualhosts", &k_vhost, b) < 0 ||
	                        sections(c, rec, "int-components", &k_int, b) < 0 ||
	                        sections(c, rec, "ext-components", &k_ext, b) < 0))
		return -1;
	return 0;
}

/* ---- the service ---- */

struct prosody {
	const char *data, *pidfile, *prosody;
};

/* The file's text, the package, and the directories Guix's activation
 * makes (an opaque configuration has Guix's defaults). */
static int conf(struct ev_ctx *c, const struct svc_instance *s, struct prosody *p)
{
	const struct ev *cfg = s->value;
	struct gx_buf b = GX_BUF_INIT;
	const char *prefix;
	struct ev *pkg;
	int r;

	if ((pkg = svc_package(c, cfg, "prosody")) == NULL ||
	    (prefix = osb_path_of(c, pkg, s->loc)) == NULL)
		return -1;
	p->data = DATA;
	p->pidfile = NULL;
	if (ev_record_is(cfg, RTD)) {
		const struct ev *d = ev_record_get(cfg, "data-path");
		const struct ev *f = ev_record_get(cfg, "pidfile");

		r = record(c, cfg, &b);
		if (r == 0 && (!svc_path_ok(d->u.str.s, "") || !svc_path_ok(f->u.str.s, "")))
			r = svc_bad_field(c, cfg,
			                  svc_path_ok(d->u.str.s, "") ? "pidfile" : "data-path",
			                  "an absolute file name other than \"/\", without white "
			                  "space, control characters, \".\" or \"..\" components");
		if (r == 0) {
			p->data = d->u.str.s;
			p->pidfile = f->u.str.s;
		}
	} else {
		r = scalar(c, cfg, "prosody.cfg.lua", T_RAW, &b);
	}
	if (r == 0)
		r = osb_add_file(c, CONF, b.data ? b.data : "", b.len, 0444, NULL, cfg->loc);
	gx_buf_free(&b);
	if (r < 0)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);
	p->prosody = gx_arena_printf(c->arena, "%s/bin/prosody", prefix);
	return 0;
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	const struct ev *cfg = s->value;
	struct prosody p = { 0 };
	struct os_service *o;

	if (!ev_record_is(cfg, RTD) && !ev_record_is(cfg, OPAQUE))
		return ev_failn(c, cfg->loc,
		                "prosody-service-type: expected a " RTD " or an " OPAQUE ", got %s",
		                ev_repr(c, cfg));
	if (svc_refuse_extensions(c, s) < 0 || conf(c, s, &p) < 0)
		return -1;
	osb_add_system_group(c, "prosody");
	if (osb_add_system_account(c, "prosody", "prosody", "Prosody daemon user", "/var/empty",
	                           s->loc) < 0)
		return -1;
	osb_add_dir(c, "/etc/prosody", "prosody", "prosody", 0755);
	osb_add_dir(c, "/etc/prosody/certs", "prosody", "prosody", 0750);
	osb_add_dir(c, p.data, "prosody", "prosody", 0750);
	svc_parent_dir_of(c, p.pidfile != NULL ? p.pidfile : PIDFILE, "prosody", "prosody");
	{
		/* prosody reads its configuration as Lua: luac parses it */
		const char *argv[] = { "/usr/bin/luac5.4", "-p", "/etc/" CONF, NULL };

		osb_add_check(c, argv,
		              ev_record_is(cfg, RTD) ? RTD : OPAQUE ": field 'prosody.cfg.lua'",
		              cfg->loc);
	}

	o = osb_add_service(c, "prosody-service-type", s->loc);
	o->provision = svc_split(c, "prosody xmpp-daemon");
	o->requirement = svc_split(c, "networking syslogd user-processes");
	o->documentation = "Run the Prosody XMPP server";
	{
		const char *argv[] = { p.prosody, "-F" };

		svc_set_argv(c, o, argv, N(argv));
	}
	o->user = "prosody";
	o->group = "prosody";
	o->pid_file = p.pidfile;
	return 0;
}

const struct svc_def svc_prosody = {
	"prosody-service-type",
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
