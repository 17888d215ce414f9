/* svc: radicale-service-type (gnu/services/mail.scm): Radicale, the CalDAV
 * and CardDAV server, as Guix's.  The current Guix's radicale-configuration
 * (package, auth, encoding, headers-file, logging, rights, server, storage,
 * web-interface?) and its section records radicale-auth-configuration
 * (type, htpasswd-filename, htpasswd-encryption, delay, realm),
 * radicale-encoding-configuration (request, stock),
 * radicale-logging-configuration (level, mask-passwords?),
 * radicale-rights-configuration (type, file),
 * radicale-server-configuration (hosts, max-connections,
 * max-content-length, timeout, ssl?, certificate, key,
 * certificate-authority) and radicale-storage-configuration (type,
 * filesystem-folder, max-sync-token-age, hook), every field but package a
 * maybe- field (unset: left out, Radicale's own default applies); and the
 * older Guix's config-file (with %default-radicale-config-file), the file
 * as it is.  The type's default value is an all-defaults record, as in
 * Guix.
 *
 * What it makes, as Guix does: the configuration file as Guix serializes
 * it, each section that is set as "[NAME]\n" then "KEY = VALUE\n" for
 * each field that is set (KEY the field's name without "?", "-" made "_";
 * #t "True", #f "False", a symbol Guix's sanitizer takes written with "-"
 * made "_", hosts joined by ", "), then an empty line; headers-file's text
 * as a [headers] section; web-interface? as "[web]\ntype = internal" (or
 * none).  The radicale group and system account (comment "Radicale
 * Daemon", home /var/empty); Guix's activation: the collections folder
 * (storage's filesystem-folder, else /var/lib/radicale/collections),
 * radicale's, 0700, and when auth is set with a type other than none, the
 * htpasswd file's directory (else /etc/radicale), radicale's, 0700; and the
 * service radicale (requirement user-processes networking), run as
 * radicale:radicale:
 *
 *     /usr/bin/radicale -C /etc/radicale/config
 *
 * Values are checked as Guix's predicates and sanitizers do, and as
 * Radicale's configparser reads them: every value one line, without
 * control characters or white space at its ends (configparser strips it);
 * hosts HOST:PORT without commas; a hook's "%" only in "%%" or "%(user)s"
 * (Radicale formats it with %); headers-file lines "Name = value" only (a
 * "[" line would open a section, a name given twice stops Radicale).
 * Errors are located at the field.  When the system is built, Radicale's
 * own loader reads the file (radicale.config.load, then the auth, rights
 * and web plugins are loaded and the encodings looked up): a refusal is a
 * note.
 *
 * Where gxsys differs from Guix (Debian's radicale 3.1.8):
 * - The file is /etc/radicale/config, passed with -C as Guix passes its
 *   store file; it replaces Debian's conffile (whose remote_user auth and
 *   from_file rights are not Radicale's defaults, which Guix's file keeps),
 *   so `radicale` run by hand inside reads the same file.
 * - Radicale 3.1.8's rights backend is "authenticated": Guix's
 *   'authenticate (which Guix would write as "authenticate", a module
 *   Radicale does not have) is written "authenticated"; 'authenticated is
 *   taken too.
 * - hosts: Guix takes strings that begin with "localhost" or are IPv4 or
 *   IPv6 addresses, with or without a port; Radicale needs HOST:PORT
 *   (localhost, an IPv4 address, an IPv6 address in brackets or not).
 *   An empty list, which Radicale refuses, is an error.
 * - htpasswd-encryption 'bcrypt needs Python's bcrypt module, which
 *   Guix's radicale does not propagate (bcrypt logins fail there): Debian's
 *   python3-bcrypt is added to the system.
 * - A directory Guix's activation would make radicale's that the system
 *   shares ("/", a top-level one, /var/lib, /etc/ssl..., or under /usr,
 *   /proc, /sys, /dev) is an error rather than a chown.
 * - config-file (the older Guix's) and the section fields exclude each
 *   other: with config-file, the activation is the older Guix's
 *   (/var/lib/radicale radicale's 0700, its collections radicale's).
 * - /var is a tmpfs: the collections are new at each boot unless
 *   /var/lib/radicale is shared (--share=DIR=/var/lib/radicale).
 * - Guix's shepherd `configuration` action prints /etc/radicale/config. */
#include <arpa/inet.h>
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "radicale-configuration"
#define CONF "radicale/config" /* under /etc */
#define ACCOUNT "radicale"
#define COLLECTIONS "/var/lib/radicale/collections"

/* Guix's %unset-value of the maybe- fields. */
static struct ev *d_unset(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_unspec(c, loc);
}

static struct ev *d_package(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "radicale", loc);
}

/* The older Guix's %default-radicale-config-file. */
static const char default_conf[] = "\n"
                                   "[auth]\n"
                                   "type = htpasswd\n"
                                   "htpasswd_filename = /var/lib/radicale/users\n"
                                   "htpasswd_encryption = plain\n"
                                   "\n"
                                   "[server]\n"
                                   "hosts = localhost:5232";

#define UNSET(name)                                                                                \
	{                                                                                          \
		name, D_FN, 0, NULL, d_unset, NULL                                                 \
	}

static const struct ev_field auth_fields[] = {
	UNSET("type"),  UNSET("htpasswd-filename"), UNSET("htpasswd-encryption"), UNSET("delay"),
	UNSET("realm"),
};
static const struct ev_field encoding_fields[] = { UNSET("request"), UNSET("stock") };
static const struct ev_field logging_fields[] = { UNSET("level"), UNSET("mask-passwords?") };
static const struct ev_field rights_fields[] = { UNSET("type"), UNSET("file") };
static const struct ev_field server_fields[] = {
	UNSET("hosts"),
	UNSET("max-connections"),
	UNSET("max-content-length"),
	UNSET("timeout"),
	UNSET("ssl?"),
	UNSET("certificate"),
	UNSET("key"),
	UNSET("certificate-authority"),
};
static const struct ev_field storage_fields[] = {
	UNSET("type"),
	UNSET("filesystem-folder"),
	UNSET("max-sync-token-age"),
	UNSET("hook"),
};
static const struct ev_field radicale_fields[] = {
	{ "package", D_FN, 0, NULL, d_package, NULL },
	UNSET("auth"),
	UNSET("encoding"),
	UNSET("headers-file"),
	UNSET("logging"),
	UNSET("rights"),
	UNSET("server"),
	UNSET("storage"),
	UNSET("web-interface?"),
	UNSET("config-file"),
};

static const struct ev_rtd auth_rtd = { "radicale-auth-configuration", auth_fields, N(auth_fields),
	                                false };
static const struct ev_rtd encoding_rtd = { "radicale-encoding-configuration", encoding_fields,
	                                    N(encoding_fields), false };
static const struct ev_rtd logging_rtd = { "radicale-logging-configuration", logging_fields,
	                                   N(logging_fields), false };
static const struct ev_rtd rights_rtd = { "radicale-rights-configuration", rights_fields,
	                                  N(rights_fields), false };
static const struct ev_rtd server_rtd = { "radicale-server-configuration", server_fields,
	                                  N(server_fields), false };
static const struct ev_rtd storage_rtd = { "radicale-storage-configuration", storage_fields,
	                                   N(storage_fields), false };
static const struct ev_rtd radicale_rtd = { RTD, radicale_fields, N(radicale_fields), false };

const struct ev_rtd *const svc_radicale_records[] = {
	&radicale_rtd, &auth_rtd,   &encoding_rtd, &logging_rtd,
	&rights_rtd,   &server_rtd, &storage_rtd,  NULL,
};

/* %default-radicale-config-file */
void svc_radicale_install(struct ev_ctx *c)
{
	struct sx_loc none = { NULL, 0, 0 };

	ev_define(c, c->global, "%default-radicale-config-file",
	          svc_plain_file(c, "radicale.conf", default_conf, sizeof(default_conf) - 1, none));
}

/* ---- values: each checked as Guix and Radicale take it, then written ---- */

enum kind {
	K_SYMBOL,   /* one of the choices (Guix's sanitizer) */
	K_ENCODING, /* a symbol naming a Python codec */
	K_FILE,     /* an absolute file name */
	K_UINT,     /* a non-negative integer */
	K_BOOL,     /* True / False */
	K_STRING,   /* one line */
	K_HOOK,     /* one line, Radicale's % format */
	K_HOSTS,    /* a non-empty list of HOST:PORT */
};

/* A symbol Guix takes and what Radicale reads (NULL: its name, "-" made
 * "_"). */
struct choice {
	const char *symbol, *written;
};

struct item {
	const char *field;
	enum kind kind;
	const struct choice *choices; /* K_SYMBOL: ended by a NULL symbol */
};

static const struct choice auth_types[] = {
	{ "none", NULL },        { "htpasswd", NULL },
	{ "remote-user", NULL }, { "http-x-remote-user", NULL },
	{ NULL, NULL },
};
static const struct choice encryptions[] = {
	{ "plain", NULL },
	{ "bcrypt", NULL },
	{ "md5", NULL },
	{ NULL, NULL },
};
static const struct choice levels[] = {
	{ "debug", NULL }, { "info", NULL },     { "warning", NULL },
	{ "error", NULL }, { "critical", NULL }, { NULL, NULL },
};
/* Radicale 3.1.8's backend is "authenticated" (Guix writes "authenticate"). */
static const struct choice rights_types[] = {
	{ "authenticate", "authenticated" },
	{ "authenticated", NULL },
	{ "owner-only", NULL },
	{ "owner-write", NULL },
	{ "from-file", NULL },
	{ NULL, NULL },
};
static const struct choice storage_types[] = {
	{ "multifilesystem", NULL },
	{ "multifilesystem-nolock", NULL },
	{ NULL, NULL },
};

static const struct item auth_items[] = {
	{ "type", K_SYMBOL, auth_types },
	{ "htpasswd-filename", K_FILE, NULL },
	{ "htpasswd-encryption", K_SYMBOL, encryptions },
	{ "delay", K_UINT, NULL },
	{ "realm", K_STRING, NULL },
};
static const struct item encoding_items[] = {
	{ "request", K_ENCODING, NULL },
	{ "stock", K_ENCODING, NULL },
};
static const struct item logging_items[] = {
	{ "level", K_SYMBOL, levels },
	{ "mask-passwords?", K_BOOL, NULL },
};
static const struct item rights_items[] = {
	{ "type", K_SYMBOL, rights_types },
	{ "file", K_FILE, NULL },
};
static const struct item server_items[] = {
	{ "hosts", K_HOSTS, NULL },
	{ "max-connections", K_UINT, NULL },
	{ "max-content-length", K_UINT, NULL },
	{ "timeout", K_UINT, NULL },
	{ "ssl?", K_BOOL, NULL },
	{ "certificate", K_FILE, NULL },
	{ "key", K_FILE, NULL },
	{ "certificate-authority", K_FILE, NULL },
};
static const struct item storage_items[] = {
	{ "type", K_SYMBOL, storage_types },
	{ "filesystem-folder", K_FILE, NULL },
	{ "max-sync-token-age", K_UINT, NULL },
	{ "hook", K_HOOK, NULL },
};

/* The section records, in Guix's order of radicale-configuration's
 * fields (headers-file and web-interface? are written by their own). */
static const struct section {
	const char *field; /* radicale-configuration's, and the section's name */
	const struct ev_rtd *rtd;
	const struct item *items;
	size_t n;
} sections[] = {
	{ "auth", &auth_rtd, auth_items, N(auth_items) },
	{ "encoding", &encoding_rtd, encoding_items, N(encoding_items) },
	{ "logging", &logging_rtd, logging_items, N(logging_items) },
	{ "rights", &rights_rtd, rights_items, N(rights_items) },
	{ "server", &server_rtd, server_items, N(server_items) },
	{ "storage", &storage_rtd, storage_items, N(storage_items) },
};

static bool is_set(const struct ev *rec, const char *field)
{
	return ev_record_get(rec, field)->type != EV_UNSPEC;
}

/* One line of configparser's: no control character, no white space at
 * its ends (it would be stripped). */
static bool one_line(const char *s, size_t len)
{
	return !gx_has_control(s, len) && (len == 0 || (s[0] != ' ' && s[len - 1] != ' '));
}

/* A hook: "%" only as "%%" or "%(user)s" (Radicale's hook % {"user": ...}). */
static bool hook_ok(const char *s)
{
	for (const char *p = strchr(s, '%'); p != NULL; p = strchr(p, '%')) {
		if (p[1] == '%')
			p += 2;
		else if (strncmp(p, "%(user)s", 8) == 0)
			p += 8;
		else
			return false;
	}
	return true;
}

/* HOST:PORT as Radicale splits it (the last ":"): localhost, an IPv4
 * address, or an IPv6 one, in brackets or not; no comma, no white space. */
static bool host_ok(const char *s)
{
	const char *colon = strrchr(s, ':');
	char addr[64];
	unsigned char buf[16];
	size_t n;

	if (colon == NULL || !svc_port_ok(colon + 1) || (n = (size_t)(colon - s)) == 0 ||
	    n >= sizeof(addr) || strchr(s, ',') != NULL || svc_has_space(s))
		return false;
	memcpy(addr, s, n);
	addr[n] = '\0';
	if (strcmp(addr, "localhost") == 0 || inet_pton(AF_INET, addr, buf) == 1 ||
	    inet_pton(AF_INET6, addr, buf) == 1)
		return true;
	if (n > 2 && addr[0] == '[' && addr[n - 1] == ']') {
		addr[n - 1] = '\0';
		return inet_pton(AF_INET6, addr + 1, buf) == 1;
	}
	return false;
}

static int hosts(struct ev_ctx *c, struct gx_buf *b, const struct ev *rec, const char *key)
{
	const char **v;

	if (svc_string_list(c, rec, "hosts", &v) < 0)
		return -1;
	for (size_t i = 0; i == 0 || v[i] != NULL; i++)
		if (v[i] == NULL || !host_ok(v[i]))
			return ev_failn(c, svc_field_loc(rec, "hosts", rec->loc),
			                "%s: field 'hosts': expected a non-empty list of "
			                "\"HOST:PORT\" (HOST localhost, an IPv4 address or an IPv6 "
			                "address, in brackets or not), got %s",
			                rec->u.rec->rtd->name,
			                ev_repr(c, v[i] == NULL ? ev_record_get(rec, "hosts")
			                                        : ev_cstring(c, v[i], rec->loc)));
	gx_buf_printf(b, "%s = ", key);
	for (size_t i = 0; v[i] != NULL; i++)
		gx_buf_printf(b, "%s%s", i ? ", " : "", v[i]);
	gx_buf_puts(b, "\n");
	return 0;
}

static int symbol(struct ev_ctx *c, const struct ev *rec, const struct item *it, const char **out)
{
	const struct ev *v = ev_record_get(rec, it->field);
	struct gx_buf want = GX_BUF_INIT;

	if (v->type == EV_SYMBOL)
		for (const struct choice *ch = it->choices; ch->symbol != NULL; ch++)
			if (strcmp(v->u.str.s, ch->symbol) == 0) {
				*out = ch->written ? ch->written : svc_uglify(c, ch->symbol);
				return 0;
			}
	gx_buf_puts(&want, "one of the symbols");
	for (const struct choice *ch = it->choices; ch->symbol != NULL; ch++)
		gx_buf_printf(&want, "%s %s", ch == it->choices ? "" : ",", ch->symbol);
	svc_bad_field(c, rec, it->field, gx_arena_printf(c->arena, "%s", want.data));
	gx_buf_free(&want);
	return -1;
}

/* ITEM's value, checked, as Radicale reads it; NULL after an error. */
static const char *value(struct ev_ctx *c, const struct ev *rec, const struct item *it)
{
	const struct ev *v = ev_record_get(rec, it->field);
	const char *s = NULL;

	switch (it->kind) {
	case K_SYMBOL:
		return symbol(c, rec, it, &s) < 0 ? NULL : s;
	case K_ENCODING:
		if (v->type == EV_SYMBOL && v->u.str.s[0] != '\0' &&
		    v->u.str.s[strspn(v->u.str.s,
		                      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		                      "0123456789._-")] == '\0')
			return v->u.str.s;
		svc_bad_field(c, rec, it->field,
		              "a symbol naming an encoding (letters, digits, '.', '_', '-'), "
		              "such as utf-8");
		return NULL;
	case K_FILE:
		if (v->type == EV_STRING && strlen(v->u.str.s) == v->u.str.len &&
		    svc_path_ok(v->u.str.s, ""))
			return v->u.str.s;
		svc_bad_field(c, rec, it->field,
		              "an absolute file name (without white space, control characters, "
		              "\".\" and \"..\" components)");
		return NULL;
	case K_UINT:
		if (v->type == EV_INT && v->u.i >= 0)
			return gx_arena_printf(c->arena, "%lld", (long long)v->u.i);
		svc_bad_field(c, rec, it->field, "a non-negative integer");
		return NULL;
	case K_BOOL:
		if (v->type == EV_BOOL)
			return v->u.b ? "True" : "False";
		svc_bad_field(c, rec, it->field, "#t or #f");
		return NULL;
	case K_STRING:
	case K_HOOK:
		if (v->type == EV_STRING && one_line(v->u.str.s, v->u.str.len) &&
		    (it->kind == K_STRING || hook_ok(v->u.str.s)))
			return v->u.str.s;
		svc_bad_field(c, rec, it->field,
		              it->kind == K_STRING
		                      ? "a string of one line, without control characters or "
		                        "white space at its ends"
		                      : "a command of one line, without control characters or "
		                        "white space at its ends, '%' only in \"%%\" or "
		                        "\"%(user)s\"");
		return NULL;
	case K_HOSTS:
		break;
	}
	return NULL;
}

/* One section record, "[NAME]\n", its fields that are set, "\n". */
static int emit_section(struct ev_ctx *c, struct gx_buf *b, const struct ev *cfg,
                        const struct section *sec)
{
	const struct ev *rec = ev_record_get(cfg, sec->field);

	if (!is_set(cfg, sec->field))
		return 0;
	if (!ev_record_is(rec, sec->rtd->name))
		return svc_bad_field(c, cfg, sec->field,
		                     gx_arena_printf(c->arena, "a %s record", sec->rtd->name));
	gx_buf_printf(b, "[%s]\n", sec->field);
	for (size_t i = 0; i < sec->n; i++) {
		const struct item *it = &sec->items[i];
		const char *key = svc_uglify(c, it->field), *v;

		if (!is_set(rec, it->field))
			continue;
		if (it->kind == K_HOSTS) {
			if (hosts(c, b, rec, key) < 0)
				return -1;
			continue;
		}
		if ((v = value(c, rec, it)) == NULL)
			return -1;
		gx_buf_printf(b, "%s = %s\n", key, v);
	}
	gx_buf_puts(b, "\n");
	return 0;
}

/* An HTTP header's name, as configparser takes it as an option. */
static bool header_name_ok(const char *s, size_t n)
{
	static const char token[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	                            "!#$&'*+-.^_`|~";

	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (strchr(token, s[i]) == NULL || s[i] == '\0')
			return false;
	return true;
}

/* Whether the NAME of N bytes is among the earlier lines' names (NAMES,
 * lower-cased by configparser, '\n'-separated). */
static bool seen(struct gx_buf *names, const char *name, size_t n)
{
	for (const char *p = names->data; p != NULL && *p; p += strcspn(p, "\n") + 1)
		if (strcspn(p, "\n") == n && strncasecmp(p, name, n) == 0)
			return true;
	return false;
}

/* headers-file's text: lines "Name = value" (or "Name: value"), empty
 * lines and comments; what it names twice or a line configparser would read
 * otherwise (a section, a continuation) is refused. */
static bool headers_ok(struct ev_ctx *c, const char *data, size_t len)
{
	struct gx_buf names = GX_BUF_INIT;
	bool ok = true;

	for (size_t at = 0; ok && at < len;) {
		const char *l = data + at, *nl = memchr(l, '\n', len - at);
		size_t n = nl ? (size_t)(nl - l) : len - at, k = 0;

		at += n + 1;
		if (gx_has_control(gx_arena_printf(c->arena, "%.*s", (int)n, l), n)) {
			ok = false;
			break;
		}
		if (n == 0 || l[0] == '#' || l[0] == ';')
			continue;
		while (k < n && l[k] != '=' && l[k] != ':')
			k++;
		ok = k < n && l[n - 1] != ' ';
		while (k > 0 && l[k - 1] == ' ')
			k--;
		ok = ok && header_name_ok(l, k) && !seen(&names, l, k);
		gx_buf_printf(&names, "%.*s\n", (int)k, l);
	}
	gx_buf_free(&names);
	return ok;
}

static int emit_headers(struct ev_ctx *c, struct gx_buf *b, const struct ev *cfg)
{
	struct ev *f = ev_record_get(cfg, "headers-file");
	struct sx_loc loc = svc_field_loc(cfg, "headers-file", cfg->loc);
	const char *data;
	size_t len;

	if (!is_set(cfg, "headers-file"))
		return 0;
	if (f->type != EV_FILE || (f->u.file->kind != F_PLAIN && f->u.file->kind != F_LOCAL &&
	                           f->u.file->kind != F_MIXED))
		return svc_bad_field(
		        c, cfg, "headers-file",
		        "a file-like object (plain-file, local-file, mixed-text-file)");
	if (osb_file_content(c, f, &data, &len, loc) < 0)
		return -1;
	if (strlen(data) != len || !headers_ok(c, data, len))
		return ev_failn(c, loc,
		                RTD ": field 'headers-file': expected lines \"Header-Name = "
		                    "value\" (each name once, no control characters, no white "
		                    "space at a line's ends), empty lines and comments, got %s",
		                ev_repr(c, f));
	gx_buf_printf(b, "[headers]\n%.*s\n\n", (int)len, data);
	return 0;
}

static int emit_web(struct ev_ctx *c, struct gx_buf *b, const struct ev *cfg)
{
	bool use;

	if (!is_set(cfg, "web-interface?"))
		return 0;
	if (ev_get_bool(c, cfg, "web-interface?", &use) < 0)
		return -1;
	gx_buf_printf(b, "[web]\ntype = %s\n\n", use ? "internal" : "none");
	return 0;
}

/* Guix's serialize-radicale-configuration, in its fields' order. */
static int radicale_conf(struct ev_ctx *c, const struct ev *cfg, struct gx_buf *b)
{
	for (size_t i = 0; i < N(sections); i++) {
		if (i == 2 && emit_headers(c, b, cfg) < 0)
			return -1;
		if (emit_section(c, b, cfg, &sections[i]) < 0)
			return -1;
	}
	return emit_web(c, b, cfg);
}

/* ---- the activation's directories ---- */

/* A directory the system shares, which the activation must not make
 * radicale's. */
static bool shared_dir(const char *d)
{
	static const char *const shared[] = {
		"/var/lib",         "/var/run",
		"/var/log",         "/var/cache",
		"/var/spool",       "/var/tmp",
		"/var/empty",       "/var/mail",
		"/etc/ssl",         "/etc/ssl/certs",
		"/etc/ssl/private", "/etc/gxsys",
		"/etc/static",      "/run/current-system",
	};
	static const char *const below[] = { "/usr/", "/proc/", "/sys/", "/dev/" };

	if (strchr(d + 1, '/') == NULL)
		return true; /* "/" or a top-level directory */
	for (size_t i = 0; i < N(shared); i++)
		if (strcmp(d, shared[i]) == 0)
			return true;
	for (size_t i = 0; i < N(below); i++)
		if (strncmp(d, below[i], strlen(below[i])) == 0)
			return true;
	return false;
}

/* DIR, radicale's with MODE (Guix's mkdir-p/perms), unless shared: an
 * error at REC's FIELD, which gave it. */
static int own_dir(struct ev_ctx *c, const char *dir, unsigned mode, const struct ev *rec,
                   const char *field, const char *what, bool parent)
{
	if (rec != NULL && shared_dir(dir))
		return svc_bad_field(
		        c, rec, field,
		        gx_arena_printf(c->arena,
		                        "%s of radicale's own (made radicale's, %04o, at boot), "
		                        "not \"/\", a top-level directory, one the system shares "
		                        "(/var/lib, /etc/ssl...) or one under /usr, /proc, /sys or "
		                        "/dev",
		                        what, mode));
	if (parent) /* before it, as mkdir -p makes it */
		svc_parent_dir(c, dir);
	osb_add_dir(c, dir, ACCOUNT, ACCOUNT, mode);
	return 0;
}

static const char *dir_name(struct ev_ctx *c, const char *path)
{
	const char *slash = strrchr(path, '/');

	return gx_arena_printf(c->arena, "%.*s", (int)(slash == path ? 1 : slash - path), path);
}

/* Guix's radicale-activation: the password file's directory when auth is
 * set with a type other than none (first: it may be the collections'
 * parent), then the collections folder. */
static int activation(struct ev_ctx *c, const struct ev *cfg)
{
	const struct ev *auth = ev_record_get(cfg, "auth");
	const struct ev *storage = ev_record_get(cfg, "storage");

	if (is_set(cfg, "auth") &&
	    !(is_set(auth, "type") && strcmp(ev_record_get(auth, "type")->u.str.s, "none") == 0)) {
		bool given = is_set(auth, "htpasswd-filename");
		const char *file = given ? ev_record_get(auth, "htpasswd-filename")->u.str.s
		                         : "/etc/radicale/users";

		if (own_dir(c, dir_name(c, file), 0700, given ? auth : NULL, "htpasswd-filename",
		            "a file in a directory", false) < 0)
			return -1;
	}
	if (is_set(cfg, "storage") && is_set(storage, "filesystem-folder"))
		return own_dir(c, ev_record_get(storage, "filesystem-folder")->u.str.s, 0700,
		               storage, "filesystem-folder", "a folder", true);
	return own_dir(c, COLLECTIONS, 0700, NULL, NULL, NULL, true);
}

/* ---- the service ---- */

/* config-file (the older Guix's): a file-like object with contents,
 * /etc/radicale/config as it is; none of the section fields with it. */
static int config_file(struct ev_ctx *c, const struct ev *cfg)
{
	static const char *const others[] = {
		"auth",   "encoding", "headers-file", "logging",
		"rights", "server",   "storage",      "web-interface?"
	};
	struct ev *file = ev_record_get(cfg, "config-file");
	struct sx_loc loc = svc_field_loc(cfg, "config-file", cfg->loc);
	const char *data;
	size_t len;

	for (size_t i = 0; i < N(others); i++)
		if (is_set(cfg, others[i]))
			return ev_failn(c, loc,
			                RTD ": field 'config-file': the whole file (the older "
			                    "Guix's field), not with field '%s' (line %d)",
			                others[i], ev_record_loc(cfg, others[i]).line);
	if (file->type != EV_FILE ||
	    (file->u.file->kind != F_PLAIN && file->u.file->kind != F_LOCAL &&
	     file->u.file->kind != F_MIXED))
		return svc_bad_field(
		        c, cfg, "config-file",
		        "a file-like object (plain-file, local-file, mixed-text-file)");
	if (osb_file_content(c, file, &data, &len, loc) < 0)
		return -1;
	/* the older Guix's activation */
	osb_add_dir(c, "/var/lib/radicale", ACCOUNT, ACCOUNT, 0700);
	osb_add_dir(c, COLLECTIONS, ACCOUNT, ACCOUNT, 0755);
	return osb_add_file(c, CONF, data, len, 0644,
	                    file->u.file->kind == F_LOCAL ? file->u.file->source : NULL,
	                    file->loc.file != NULL ? file->loc : loc);
}

static int generated_file(struct ev_ctx *c, const struct ev *cfg)
{
	struct gx_buf conf = GX_BUF_INIT;
	int r = radicale_conf(c, cfg, &conf);

	if (r == 0)
		r = osb_add_file(c, CONF, conf.data ? conf.data : "", conf.len, 0644, NULL,
		                 cfg->loc);
	gx_buf_free(&conf);
	return r < 0 || activation(c, cfg) < 0 ? -1 : 0;
}

/* htpasswd-encryption 'bcrypt: Python's bcrypt module. */
static bool bcrypt(const struct ev *cfg)
{
	const struct ev *auth = ev_record_get(cfg, "auth");

	return is_set(cfg, "auth") && is_set(auth, "htpasswd-encryption") &&
	       strcmp(ev_record_get(auth, "htpasswd-encryption")->u.str.s, "bcrypt") == 0;
}

/* Radicale's own loader on the file, when the system is built. */
static void add_check(struct ev_ctx *c, struct sx_loc at)
{
	const char *argv[] = {
		"/usr/bin/python3", "-c",
		"import sys, codecs; from radicale import config, auth, rights, web; "
		"c = config.load([(sys.argv[1], False)]); "
		"[codecs.lookup(c.get('encoding', k)) for k in ('request', 'stock')]; "
		"auth.load(c); rights.load(c); web.load(c)",
		"/etc/" CONF, NULL
	};

	osb_add_check(c, argv, RTD, at);
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	const struct ev *cfg = s->value;
	struct os_service *o;
	const char *prefix;
	struct ev *pkg;

	if (svc_check_value(c, s, "a") < 0 || svc_refuse_extensions(c, s) < 0 ||
	    (pkg = svc_package(c, cfg, "package")) == NULL)
		return -1;
	if (osb_add_system_account(c, ACCOUNT, ACCOUNT, "Radicale Daemon", "/var/empty", s->loc) <
	    0)
		return -1;
	if ((is_set(cfg, "config-file") ? config_file(c, cfg) : generated_file(c, cfg)) < 0 ||
	    (prefix = osb_path_of(c, pkg, s->loc)) == NULL)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);
	if (!is_set(cfg, "config-file") && bcrypt(cfg))
		osb_add_package(c, "python3-bcrypt", NULL, false, s->loc);
	add_check(c,
	          is_set(cfg, "config-file") ? svc_field_loc(cfg, "config-file", s->loc) : s->loc);

	o = osb_add_service(c, "radicale-service-type", s->loc);
	o->provision = svc_split(c, "radicale");
	o->requirement = svc_split(c, "user-processes networking");
	o->documentation = "Run the radicale daemon.";
	{
		const char *argv[] = { gx_arena_printf(c->arena, "%s/bin/radicale", prefix), "-C",
			               "/etc/" CONF };

		svc_set_argv(c, o, argv, N(argv));
	}
	o->user = ACCOUNT;
	o->group = ACCOUNT;
	svc_add_action(c, o, "configuration", BC_ACTION_CONFIGURATION, "/etc/" CONF, 0, NULL);
	return 0;
}

const struct svc_def svc_radicale = {
	"radicale-service-type",
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
