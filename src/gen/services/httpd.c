/* svc: httpd-service-type (gnu/services/web.scm), run with Debian's Apache
 * (apache2, apache2-bin).  The records are Guix's: httpd-configuration
 * (package, pid-file, config), httpd-config-file (modules, server-root,
 * server-name, document-root, listen, pid-file, error-log, user, group,
 * extra-config), httpd-module (name, file) and the positional
 * (httpd-virtualhost ADDRESSES-AND-PORTS CONTENTS), with
 * %default-httpd-modules.  An httpd-config-file is written as Guix's
 * compiler writes it: a "LoadModule NAME FILE" line per module, ServerRoot,
 * ServerName (when set), DocumentRoot, a Listen line per entry, Pidfile,
 * ErrorLog, User and Group (each when set), an empty line, then the
 * extra-config strings as they are, one after the other; extensions append
 * to extra-config as Guix's httpd-process-extensions does (a virtual host
 * "\n<VirtualHost A>\n" CONTENTS "\n</VirtualHost>\n", a string or a list
 * of strings between line breaks).  It is /etc/httpd/httpd.conf.  The
 * httpd account and group (Guix's %httpd-accounts: comment "Apache HTTPD
 * server user", home /var/empty); at activation, as Guix's, the error log's
 * directory and the document root (root's, 0755); and the `httpd` service
 * (requirement networking) running /usr/sbin/apache2 -d /usr/lib/apache2
 * -f /etc/httpd/httpd.conf -DFOREGROUND as root (Apache's workers run as
 * User), up once its PID file is written, as Guix's #:pid-file.
 *
 * Guix's defaults name its httpd package's own layout; Debian's differs:
 * - %default-httpd-modules are Guix's 21 modules, their files Debian's
 *   /usr/lib/apache2/modules/mod_NAME.so where Guix's are
 *   "modules/mod_NAME.so" under the package (ServerRoot).
 * - server-root's default, Guix's httpd package, is written as
 *   /usr/lib/apache2, Debian's directory that holds modules/: a module file
 *   given relative, "modules/mod_ssl.so" as in Guix, is found there.  A
 *   package in server-root is always PACKAGE/lib/apache2.  The LoadModule
 *   lines come before ServerRoot, so a relative module is under the root
 *   compiled into the binary: Guix's httpd package itself, Debian's
 *   /etc/apache2; apache2 is given -d /usr/lib/apache2, Guix's root in
 *   Debian's layout (which a config file of the user's has too).
 * - Guix's extra-config default, "TypesConfig etc/httpd/mime.types" (the
 *   package's), is "TypesConfig /etc/mime.types", Debian's (media-types,
 *   which apache2 depends on, as Debian's mime.conf names it).
 * - Guix's httpd has its MPM (event) and mod_so built in, and
 *   log_config, version and unixd as modules; Debian's apache2 has
 *   mod_so, mod_watchdog, mod_log_config, mod_logio, mod_version and
 *   mod_unixd built in (a LoadModule of one of them is an error to it:
 *   "built-in and can't be loaded"), and its MPMs as modules.  So the
 *   LoadModule lines of those six are left out of the file, and one for
 *   the event MPM, /usr/lib/apache2/modules/mod_mpm_event.so, comes first
 *   when the modules name no MPM (a mpm_*_module).
 * - The PID file stays Guix's /var/run/httpd; the error log
 *   /var/log/httpd/error_log; the document root /srv/http (made at
 *   activation, unless it is a file-like object or under /usr, the
 *   read-only profile, where Guix's mkdir-p would find it made).
 * - Guix's shepherd service runs `httpd -f CONFIG` and lets it daemonize;
 *   gxsys-init supervises apache2 in the foreground (-DFOREGROUND), and
 *   still waits for the PID file, which Apache writes once its sockets are
 *   open.  Debian's apache2ctl, /etc/apache2 and its envvars are not used.
 *
 * Where gxsys differs from Guix otherwise:
 * - config may be, as Guix's manual says, a file-like object (copied to
 *   /etc/httpd/httpd.conf) or the name of a file in the container (given to
 *   -f as it is); Guix's activation (match-record on an httpd-config-file)
 *   fails on both.  Then extensions, which Guix drops silently, are an
 *   error, and so is config #f (Guix's httpd then reads its package's
 *   httpd.conf; Debian's is /etc/apache2/apache2.conf, which needs
 *   apache2ctl's envvars).
 * - The values the file is made of are checked so that each stays one
 *   argument of its directive, with a located error: paths and names
 *   without white space, control characters, quotes or backslashes
 *   (DocumentRoot, Pidfile and a file ErrorLog absolute; ErrorLog also
 *   "syslog[:FACILITY[:TAG]]"), module names Apache's symbols, Listen
 *   entries "[ADDRESS:]PORT [PROTOCOL]" with a port 1 to 65535, none twice,
 *   User and Group account names.  extra-config and a virtual host's
 *   contents are Guix's raw text, a virtual host's addresses one line
 *   without '>'.  error-log #f, whose directory Guix's activation cannot
 *   name, is an error.
 * - With an httpd-config-file, httpd-configuration's pid-file (what the
 *   service waits for) must be the file's (or #f): another would never be
 *   written.  A config file without one has Debian's /run/apache2.pid. */
#include <string.h>

#include "etc.h"
#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "httpd-configuration"
#define CONFIG_FILE "httpd-config-file"
#define MODULE "httpd-module"
#define VHOST "httpd-virtualhost"
#define CONF "httpd/httpd.conf" /* under /etc */
#define MODULE_DIR "/usr/lib/apache2/modules/"
#define DEBIAN_PIDLOG "/run/apache2.pid" /* apache2 -V: DEFAULT_PIDLOG */
/* What a path or name written as one argument must not hold beyond white
 * space and control characters: quotes (a quoted argument) and backslashes
 * (escapes in quotes, a continuation at the end of a line). */
#define ARG_FORBID "\"'\\"

/* Guix's %default-httpd-modules (from the httpd package's httpd.conf),
 * with Debian's files. */
static const char *const default_modules[] = {
	"authn_file",    "authn_core", "authz_host", "authz_groupfile", "authz_user", "authz_core",
	"access_compat", "auth_basic", "reqtimeout", "filter",          "mime",       "log_config",
	"env",           "headers",    "setenvif",   "version",         "unixd",      "status",
	"autoindex",     "dir",        "alias",
};

/* The modules Debian's apache2 has built in (apache2 -l: mod_so.c,
 * mod_watchdog.c, mod_log_config.c, mod_logio.c, mod_version.c,
 * mod_unixd.c): it refuses to load them. */
static const char *const builtin_modules[] = {
	"so_module",    "watchdog_module", "log_config_module",
	"logio_module", "version_module",  "unixd_module",
};

static const struct ev_field module_fields[] = {
	{ "name", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "file", D_REQUIRED, 0, NULL, NULL, NULL },
};

static const struct ev_rtd module_rtd = { MODULE, module_fields, N(module_fields), false };

static struct ev *default_module_list(struct ev_ctx *c, struct sx_loc loc)
{
	struct ev *list = ev_nil(c, loc);

	for (size_t i = N(default_modules); i-- > 0;) {
		struct ev *m = ev_record_new(c, &module_rtd, loc);
		const char *name = gx_arena_printf(c->arena, "%s_module", default_modules[i]);
		const char *file =
		        gx_arena_printf(c->arena, MODULE_DIR "mod_%s.so", default_modules[i]);

		if (ev_record_set(c, m, "name", ev_cstring(c, name, loc)) < 0 ||
		    ev_record_set(c, m, "file", ev_cstring(c, file, loc)) < 0)
			return NULL;
		list = ev_cons(c, m, list, loc);
	}
	return list;
}

/* Guix's httpd package: ServerRoot, and the package run. */
static struct ev *d_httpd(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "httpd", loc);
}

static const struct ev_field config_file_fields[] = {
	{ "modules", D_FN, 0, NULL, default_module_list, NULL },
	{ "server-root", D_FN, 0, NULL, d_httpd, NULL },
	{ "server-name", D_FALSE, 0, NULL, NULL, NULL },
	{ "document-root", D_STRING, 0, "/srv/http", NULL, NULL },
	{ "listen", D_STRLIST, 0, "80", NULL, NULL },
	{ "pid-file", D_STRING, 0, "/var/run/httpd", NULL, NULL },
	{ "error-log", D_STRING, 0, "/var/log/httpd/error_log", NULL, NULL },
	{ "user", D_STRING, 0, "httpd", NULL, NULL },
	{ "group", D_STRING, 0, "httpd", NULL, NULL },
	{ "extra-config", D_STRLIST, 0, "TypesConfig /etc/mime.types", NULL, NULL },
};

static const struct ev_rtd config_file_rtd = { CONFIG_FILE, config_file_fields,
	                                       N(config_file_fields), false };

static struct ev *d_config(struct ev_ctx *c, struct sx_loc loc)
{
	struct ev *r = ev_record_new(c, &config_file_rtd, loc);

	return ev_record_fill_defaults(c, r, loc) < 0 ? NULL : r;
}

static const struct ev_field httpd_fields[] = {
	{ "package", D_FN, 0, NULL, d_httpd, NULL },
	{ "pid-file", D_STRING, 0, "/var/run/httpd", NULL, NULL },
	{ "config", D_FN, 0, NULL, d_config, NULL },
};

static const struct ev_rtd httpd_rtd = { RTD, httpd_fields, N(httpd_fields), false };

/* Guix's define-record-type (not define-record-type*): made by the
 * positional constructor below, never by field clauses. */
static const struct ev_field vhost_fields[] = {
	{ "addresses-and-ports", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "contents", D_REQUIRED, 0, NULL, NULL, NULL },
};

static const struct ev_rtd vhost_rtd = { VHOST, vhost_fields, N(vhost_fields), false };

const struct ev_rtd *const svc_httpd_records[] = { &httpd_rtd, &config_file_rtd, &module_rtd,
	                                           NULL };

/* (httpd-virtualhost ADDRESSES-AND-PORTS CONTENTS); its values are checked
 * when httpd expands. */
static struct ev *p_virtualhost(struct ev_ctx *c, struct ev **a, size_t n, struct sx_loc loc)
{
	struct ev *r = ev_record_new(c, &vhost_rtd, loc);

	(void)n;
	if (ev_record_set(c, r, "addresses-and-ports", a[0]) < 0 ||
	    ev_record_set(c, r, "contents", a[1]) < 0)
		return NULL;
	return r;
}

static const struct ev_prim virtualhost_prim = { VHOST, 2, 2, p_virtualhost };

void svc_httpd_install(struct ev_ctx *c)
{
	struct sx_loc none = { NULL, 0, 0 };
	struct ev *v = ev_new(c, EV_PRIM, none);

	v->u.prim = &virtualhost_prim;
	ev_define(c, c->global, virtualhost_prim.name, v);
	ev_install_accessors(c, &vhost_rtd);
	ev_define(c, c->global, "%default-httpd-modules", default_module_list(c, none));
}

/* ---- values, checked ---- */

static bool in(const char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

/* One argument of a directive: not empty, no white space, control
 * character, quote or backslash. */
static bool arg_ok(const char *s)
{
	return *s != '\0' && !svc_has_space(s) && s[strcspn(s, ARG_FORBID)] == '\0';
}

static bool abs_path_ok(const char *s)
{
	return svc_path_ok(s, ARG_FORBID);
}

static int bad(struct ev_ctx *c, struct sx_loc loc, const char *who, const char *field,
               const struct ev *v, const char *expected)
{
	return ev_failn(c, loc, "%s: field '%s': invalid value %s (expected %s)", who, field,
	                ev_repr(c, v), expected);
}

/* V, a string or a file-like object (its path in the container), as Guix's
 * gexp lowers either. */
static const char *string_or_file(struct ev_ctx *c, struct ev *v, struct sx_loc loc)
{
	if (v->type == EV_STRING && strlen(v->u.str.s) == v->u.str.len)
		return v->u.str.s;
	if (v->type == EV_FILE)
		return osb_path_of(c, v, loc);
	return NULL;
}

/* Record REC's FIELD: a string or file-like object whose path OK takes
 * (#f too with MAYBE: *OUT NULL). */
static int arg_field(struct ev_ctx *c, const struct ev *rec, const char *field, bool maybe,
                     bool (*ok)(const char *), const char *expected, const char **out)
{
	struct ev *v = ev_record_get(rec, field);
	struct sx_loc loc = ev_record_loc(rec, field);

	*out = NULL;
	if (maybe && v->type == EV_BOOL && !v->u.b)
		return 0;
	if (v->type == EV_FILE && (*out = string_or_file(c, v, loc)) == NULL)
		return -1;
	if (v->type == EV_STRING)
		*out = string_or_file(c, v, loc);
	if (*out == NULL || !ok(*out))
		return bad(c, loc, rec->u.rec->rtd->name, field, v, expected);
	return 0;
}

static bool module_name_ok(const char *s)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";

	return *s != '\0' && s[strspn(s, ok)] == '\0';
}

/* A Listen protocol: "https", "http"... */
static bool protocol_ok(const char *s)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

	return *s != '\0' && s[strspn(s, ok)] == '\0';
}

static bool is_mpm(const char *name)
{
	size_t n = strlen(name);

	return strncmp(name, "mpm_", 4) == 0 && n > 11 && strcmp(name + n - 7, "_module") == 0;
}

/* The modules: "LoadModule NAME FILE" each, but for Debian's built-in
 * ones; the event MPM first unless one is named. */
static int emit_modules(struct ev_ctx *c, struct gx_buf *b, const struct ev *cf)
{
	const struct ev *list = ev_record_get(cf, "modules");
	struct sx_loc floc = ev_record_loc(cf, "modules");
	struct gx_buf lines = GX_BUF_INIT;
	bool mpm = false;

	if (!ev_is_list(list))
		return ev_failn(c, floc,
		                CONFIG_FILE ": field 'modules': expected a list of httpd-module "
		                            "records, got %s",
		                ev_repr(c, list));
	for (; list->type == EV_PAIR; list = list->u.pair.cdr) {
		const struct ev *m = list->u.pair.car;
		const char *name, *file;

		if (!ev_record_is(m, MODULE)) {
			gx_buf_free(&lines);
			return ev_failn(c, m->loc.file ? m->loc : floc,
			                CONFIG_FILE ": field 'modules': expected an httpd-module, "
			                            "got %s",
			                ev_repr(c, m));
		}
		if (arg_field(c, m, "name", false, module_name_ok,
		              "a module's symbol: letters, digits and '_'", &name) < 0 ||
		    arg_field(c, m, "file", false, arg_ok,
		              "a file name without white space, quotes or backslashes",
		              &file) < 0) {
			gx_buf_free(&lines);
			return -1;
		}
		mpm = mpm || is_mpm(name);
		if (!in(builtin_modules, N(builtin_modules), name))
			gx_buf_printf(&lines, "LoadModule %s %s\n", name, file);
	}
	if (!mpm)
		gx_buf_puts(b, "LoadModule mpm_event_module " MODULE_DIR "mod_mpm_event.so\n");
	if (lines.len)
		gx_buf_puts(b, lines.data);
	gx_buf_free(&lines);
	return 0;
}

/* server-root: a package is Debian's PACKAGE/lib/apache2, which holds
 * modules/ as Guix's httpd package does; else a string or a file-like
 * object, an absolute path. */
static int server_root(struct ev_ctx *c, const struct ev *cf, const char **out)
{
	struct ev *v = ev_record_get(cf, "server-root");
	struct sx_loc loc = ev_record_loc(cf, "server-root");
	const char *prefix;

	if (v->type == EV_PACKAGE) {
		if ((prefix = osb_path_of(c, v, loc)) == NULL)
			return -1;
		*out = gx_arena_printf(c->arena, "%s/lib/apache2", prefix);
		return 0;
	}
	return arg_field(c, cf, "server-root", false, abs_path_ok,
	                 "a package, or an absolute path without white space, quotes, "
	                 "backslashes or \".\" and \"..\" components",
	                 out);
}

static bool syslog_ok(const char *s)
{
	static const char ok[] =
	        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:-";

	return strcmp(s, "syslog") == 0 ||
	       (strncmp(s, "syslog:", 7) == 0 && s[7] != '\0' && s[strspn(s, ok)] == '\0');
}

static bool error_log_ok(const char *s)
{
	return abs_path_ok(s) || syslog_ok(s);
}

static bool account_ok(const char *s)
{
	return etc_valid_account_name(s) && strchr(s, '$') == NULL;
}

/* One Listen entry: "[ADDRESS:]PORT [PROTOCOL]", ADDRESS an IPv4 address,
 * a host name or an [IPv6] address; *ADDR_LEN the length of
 * [ADDRESS:]PORT. */
static bool listen_ok(struct ev_ctx *c, const char *s, size_t *addr_len)
{
	const char *sp = strchr(s, ' ');
	char *addr = gx_arena_printf(c->arena, "%.*s", (int)(sp ? sp - s : (long)strlen(s)), s);
	char *colon = strrchr(addr, ':');
	size_t n;

	*addr_len = strlen(addr);
	if (!arg_ok(addr) || (sp != NULL && !protocol_ok(sp + 1)) ||
	    !svc_port_ok(colon ? colon + 1 : addr))
		return false;
	if (colon == NULL)
		return true;
	*colon = '\0';
	n = strlen(addr);
	if (addr[0] == '[')
		return n > 2 && addr[n - 1] == ']' && strcspn(addr + 1, "[]") == n - 2;
	return n > 0 && strcspn(addr, "[]:") == n;
}

static int emit_listen(struct ev_ctx *c, struct gx_buf *b, const struct ev *cf)
{
	const struct ev *p = ev_record_get(cf, "listen");
	struct sx_loc loc = ev_record_loc(cf, "listen");
	const char **v;
	size_t *len;
	size_t n = 0;

	if (svc_string_list(c, cf, "listen", &v) < 0)
		return -1;
	while (v[n] != NULL)
		n++;
	len = gx_arena_alloc(c->arena, (n + 1) * sizeof(*len));
	for (size_t i = 0; i < n; i++, p = p->u.pair.cdr) {
		if (!listen_ok(c, v[i], &len[i]))
			return ev_failn(c, loc,
			                CONFIG_FILE ": field 'listen': invalid entry %s (expected "
			                            "\"[ADDRESS:]PORT [PROTOCOL]\", a port 1 to "
			                            "65535)",
			                ev_repr(c, p->u.pair.car));
		for (size_t j = 0; j < i; j++)
			if (len[j] == len[i] && strncmp(v[j], v[i], len[i]) == 0)
				return ev_failn(c, loc,
				                CONFIG_FILE
				                ": field 'listen': \"%.*s\" is given "
				                "twice (Apache cannot listen on it twice)",
				                (int)len[i], v[i]);
	}
	for (size_t i = 0; i < n; i++)
		gx_buf_printf(b, "Listen %s\n", v[i]);
	return 0;
}

/* Raw text: the strings (or file-likes' paths) of LIST, one after the
 * other, as Guix's string-append. */
static int emit_raw(struct ev_ctx *c, struct gx_buf *b, const struct ev *list, struct sx_loc loc,
                    const char *what)
{
	if (!ev_is_list(list))
		return ev_failn(c, loc, "%s: expected a list of strings, got %s", what,
		                ev_repr(c, list));
	for (; list->type == EV_PAIR; list = list->u.pair.cdr) {
		struct ev *e = list->u.pair.car;
		const char *s = string_or_file(c, e, e->loc.file ? e->loc : loc);

		if (s == NULL) {
			if (!ev_failed(c))
				ev_failn(c, e->loc.file ? e->loc : loc,
				         "%s: expected a string or a file-like object, got %s",
				         what, ev_repr(c, e));
			return -1;
		}
		gx_buf_puts(b, s);
	}
	return 0;
}

static int emit_vhost(struct ev_ctx *c, struct gx_buf *b, const struct ev *vh)
{
	struct ev *addr = ev_record_get(vh, "addresses-and-ports");
	struct sx_loc loc = ev_record_loc(vh, "addresses-and-ports");
	const char *s = addr->type == EV_STRING && strlen(addr->u.str.s) == addr->u.str.len
	                        ? addr->u.str.s
	                        : NULL;
	bool ok = s != NULL && *s != '\0' && strchr(s, '>') == NULL;

	for (const unsigned char *p = (const unsigned char *)s; ok && *p; p++)
		ok = *p >= ' ' && *p != 0x7f;
	if (!ok)
		return ev_failn(c, loc,
		                VHOST ": invalid addresses-and-ports %s (expected a string such "
		                      "as \"*:80\", one line without '>')",
		                ev_repr(c, addr));
	gx_buf_printf(b, "\n<VirtualHost %s>\n", s);
	if (emit_raw(c, b, ev_record_get(vh, "contents"), ev_record_loc(vh, "contents"),
	             VHOST ": contents") < 0)
		return -1;
	gx_buf_puts(b, "\n</VirtualHost>\n");
	return 0;
}

/* Guix's httpd-process-extensions: each extension is a list of virtual
 * hosts, strings and lists of strings. */
static int emit_extensions(struct ev_ctx *c, struct gx_buf *b, const struct svc_instance *s)
{
	for (const struct svc_ext *e = s->exts; e != NULL; e = e->next) {
		const char *what = gx_arena_printf(c->arena, "%s: httpd extension", e->origin);

		if (!ev_is_list(e->value))
			return ev_failn(c, e->loc,
			                "%s: httpd-service-type is extended with a list of "
			                "httpd-virtualhost records, strings and lists of strings, "
			                "got %s",
			                e->origin, ev_repr(c, e->value));
		for (const struct ev *p = e->value; p->type == EV_PAIR; p = p->u.pair.cdr) {
			const struct ev *x = p->u.pair.car;
			struct sx_loc loc = x->loc.file ? x->loc : e->loc;

			if (ev_record_is(x, VHOST)) {
				if (emit_vhost(c, b, x) < 0)
					return -1;
			} else if (x->type == EV_STRING) {
				if (strlen(x->u.str.s) != x->u.str.len)
					return ev_failn(c, loc, "%s: a string with a NUL character",
					                what);
				gx_buf_printf(b, "\n%s\n", x->u.str.s);
			} else if (ev_is_list(x)) {
				gx_buf_puts(b, "\n");
				if (emit_raw(c, b, x, loc, what) < 0)
					return -1;
				gx_buf_puts(b, "\n");
			} else {
				return ev_failn(c, loc,
				                "%s: expected an httpd-virtualhost, a string or a "
				                "list of strings, got %s",
				                what, ev_repr(c, x));
			}
		}
	}
	return 0;
}

/* The checked paths of an httpd-config-file that the activation and the
 * service use. */
struct conf_paths {
	const char *document_root; /* a directory to make, or NULL (a file-like) */
	const char *pid_file;      /* NULL: not in the file */
	const char *error_log;
};

/* Guix's httpd-config-file compiler, with Debian's module layout. */
static int config_file(struct ev_ctx *c, const struct ev *cf, const struct svc_instance *s,
                       struct gx_buf *b, struct conf_paths *out)
{
	const char *root, *name, *docroot, *user, *group;

	if (emit_modules(c, b, cf) < 0 || server_root(c, cf, &root) < 0 ||
	    arg_field(c, cf, "server-name", true, arg_ok,
	              "#f or a host name[:PORT] without white space, quotes or backslashes",
	              &name) < 0 ||
	    arg_field(c, cf, "document-root", false, abs_path_ok,
	              "an absolute path without white space, quotes, backslashes or \".\" and "
	              "\"..\" components",
	              &docroot) < 0)
		return -1;
	gx_buf_printf(b, "ServerRoot %s\n", root);
	if (name != NULL)
		gx_buf_printf(b, "ServerName %s\n", name);
	gx_buf_printf(b, "DocumentRoot %s\n", docroot);
	if (emit_listen(c, b, cf) < 0 ||
	    arg_field(c, cf, "pid-file", true, abs_path_ok,
	              "#f or an absolute path without white space, quotes, backslashes or \".\" "
	              "and \"..\" components",
	              &out->pid_file) < 0)
		return -1;
	if (!ev_truthy(ev_record_get(cf, "error-log")))
		return ev_failn(c, ev_record_loc(cf, "error-log"),
		                CONFIG_FILE ": field 'error-log': #f is not supported (Guix's "
		                            "activation makes its directory; Apache's default "
		                            "would be under the read-only ServerRoot)");
	if (arg_field(c, cf, "error-log", false, error_log_ok,
	              "an absolute path without white space, quotes, backslashes or \".\" and "
	              "\"..\" components, or \"syslog[:FACILITY[:TAG]]\"",
	              &out->error_log) < 0 ||
	    arg_field(c, cf, "user", true, account_ok,
	              "#f or an account name: letters, digits, '_', '-', '.'", &user) < 0 ||
	    arg_field(c, cf, "group", true, account_ok,
	              "#f or a group name: letters, digits, '_', '-', '.'", &group) < 0)
		return -1;
	if (out->pid_file != NULL)
		gx_buf_printf(b, "Pidfile %s\n", out->pid_file);
	gx_buf_printf(b, "ErrorLog %s\n", out->error_log);
	/* Apache switches to them itself: they must be the system's. */
	if (user != NULL) {
		gx_buf_printf(b, "User %s\n", user);
		osb_require_account(c, user, false, CONFIG_FILE ": field 'user'",
		                    ev_record_loc(cf, "user"));
	}
	if (group != NULL) {
		gx_buf_printf(b, "Group %s\n", group);
		osb_require_account(c, group, true, CONFIG_FILE ": field 'group'",
		                    ev_record_loc(cf, "group"));
	}
	gx_buf_puts(b, "\n\n");
	if (emit_raw(c, b, ev_record_get(cf, "extra-config"), ev_record_loc(cf, "extra-config"),
	             CONFIG_FILE ": field 'extra-config'") < 0 ||
	    emit_extensions(c, b, s) < 0)
		return -1;
	out->document_root = ev_record_get(cf, "document-root")->type == EV_STRING ? docroot : NULL;
	return 0;
}

/* /var/run is /run in the container (and on Debian). */
static bool same_path(const char *a, const char *b)
{
	if (strncmp(a, "/var/run/", 9) == 0)
		a += 4;
	if (strncmp(b, "/var/run/", 9) == 0)
		b += 4;
	return strcmp(a, b) == 0;
}

/* config: the generated file, a file-like object's content, or a file
 * name; *PATH what -f names. */
static int config(struct ev_ctx *c, const struct svc_instance *s, const char *pid_file,
                  const char **path)
{
	const struct ev *cfg = s->value;
	struct ev *v = ev_record_get(cfg, "config");
	struct sx_loc loc = ev_record_loc(cfg, "config");
	struct conf_paths p = { NULL, NULL, NULL };
	struct gx_buf b = GX_BUF_INIT;
	int r;

	*path = "/etc/" CONF;
	if (!ev_record_is(v, CONFIG_FILE)) {
		if (v->type == EV_BOOL && !v->u.b)
			return ev_failn(c, loc,
			                RTD ": field 'config': #f (the package's own httpd.conf) "
			                    "is not supported: Debian's /etc/apache2/apache2.conf "
			                    "needs apache2ctl's environment");
		if (v->type != EV_FILE && v->type != EV_STRING)
			return ev_failn(c, loc,
			                RTD ": field 'config': expected an httpd-config-file, a "
			                    "file-like object or a file name, got %s",
			                ev_repr(c, v));
		if (s->exts != NULL)
			return ev_failn(c, s->exts->loc,
			                "%s: httpd-service-type's extensions are added to an "
			                "httpd-config-file; this config is %s, which Guix would "
			                "leave as it is",
			                s->exts->origin,
			                v->type == EV_FILE ? "a file-like object" : "a file name");
		if (v->type == EV_STRING) {
			if (!abs_path_ok(v->u.str.s) || strlen(v->u.str.s) != v->u.str.len)
				return bad(
				        c, loc, RTD, "config", v,
				        "an httpd-config-file, a file-like object, or an absolute "
				        "path without white space, quotes or backslashes");
			*path = v->u.str.s;
			return 0;
		}
		const char *data;
		size_t len;

		if (osb_file_content(c, v, &data, &len, v->loc) < 0)
			return -1;
		return osb_add_file(c, CONF, data, len, 0644, v->u.file->source, v->loc);
	}
	r = config_file(c, v, s, &b, &p);
	if (r == 0)
		r = osb_add_file(c, CONF, b.data, b.len, 0644, NULL, v->loc);
	gx_buf_free(&b);
	if (r < 0)
		return -1;
	if (pid_file != NULL && !same_path(pid_file, p.pid_file ? p.pid_file : DEBIAN_PIDLOG))
		return ev_failn(c, ev_record_loc(cfg, "pid-file"),
		                RTD ": field 'pid-file': \"%s\" is not where apache2 writes its "
		                    "PID file, \"%s\" (%s): the service would wait for it in vain",
		                pid_file, p.pid_file ? p.pid_file : DEBIAN_PIDLOG,
		                p.pid_file ? "the httpd-config-file's pid-file"
		                           : "Debian's default, the httpd-config-file having none");
	/* Guix's activation: the error log's directory and the document root. */
	if (p.error_log[0] == '/')
		svc_parent_dir(c, p.error_log);
	/* One in the read-only profile (Debian's /usr/share/apache2/default-site)
	 * is the packages' to have. */
	if (p.document_root != NULL && strncmp(p.document_root, "/usr/", 5) != 0)
		osb_add_dir(c, p.document_root, "root", "root", 0755);
	if (p.pid_file != NULL)
		svc_parent_dir(c, p.pid_file);
	return 0;
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	const struct ev *cfg = s->value;
	const char *prefix, *pid_file, *path;
	struct ev *pkg;
	struct os_service *o;

	if (svc_check_value(c, s, "an") < 0 || (pkg = svc_package(c, cfg, "package")) == NULL ||
	    (prefix = osb_path_of(c, pkg, s->loc)) == NULL)
		return -1;
	if (arg_field(c, cfg, "pid-file", true, abs_path_ok,
	              "#f or an absolute path without white space, quotes, backslashes or \".\" "
	              "and \"..\" components",
	              &pid_file) < 0 ||
	    config(c, s, pid_file, &path) < 0 ||
	    osb_add_system_account(c, "httpd", "httpd", "Apache HTTPD server user", "/var/empty",
	                           s->loc) < 0)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);
	if (pid_file != NULL)
		svc_parent_dir(c, pid_file);

	o = osb_add_service(c, "httpd-service-type", s->loc);
	o->provision = svc_split(c, "httpd");
	o->requirement = svc_split(c, "networking");
	o->documentation = "The Apache HTTP Server";
	{
		/* -d: the root relative paths read before ServerRoot (the modules')
		 * are under, compiled into Guix's httpd as its package, into
		 * Debian's apache2 as /etc/apache2. */
		const char *argv[] = { gx_arena_printf(c->arena, "%s/sbin/apache2", prefix),
			               "-d",
			               gx_arena_printf(c->arena, "%s/lib/apache2", prefix),
			               "-f",
			               path,
			               "-DFOREGROUND" };

		svc_set_argv(c, o, argv, N(argv));
	}
	/* As Guix's #:pid-file: up once Apache has written it, after opening
	 * its sockets. */
	o->pid_file = pid_file;
	return 0;
}

const struct svc_def svc_httpd = {
	"httpd-service-type",
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
