/* svc: nginx-service-type (gnu/services/web.scm).  Makes /etc/nginx/nginx.conf
 * from the nginx records the way Guix's default-nginx-config does (or takes
 * the `file` field as it is), the nginx account, the log and run
 * directories, and the `nginx` service.  gxsys supervises nginx in the
 * foreground: the generated file says `daemon off;` (a `file` given by the
 * user gets `-g 'daemon off;'` on the command line instead).  MIME types
 * come from /etc/nginx/mime.types: the package's (Debian's nginx-common has
 * nginx's full list), else a shorter one generated here, so the config
 * does not depend on the package's conffiles.  Extensions (simple-service with
 * nginx-service-type) add server blocks, as in Guix. */
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static struct ev *d_nginx(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "nginx", loc);
}

static struct ev *d_server_name(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_cons(c, ev_symbol(c, "default", loc), ev_nil(c, loc), loc);
}

static struct ev *d_global(struct ev_ctx *c, struct sx_loc loc)
{
	/* '((events . ())) */
	return ev_cons(c, ev_cons(c, ev_symbol(c, "events", loc), ev_nil(c, loc), loc),
	               ev_nil(c, loc), loc);
}

static const struct ev_field nginx_fields[] = {
	{ "nginx", D_FN, 0, NULL, d_nginx, NULL },
	{ "shepherd-requirement", D_NIL, 0, NULL, NULL, NULL },
	{ "log-directory", D_STRING, 0, "/var/log/nginx", NULL, NULL },
	{ "log-level", D_SYMBOL, 0, "error", NULL, NULL },
	{ "run-directory", D_STRING, 0, "/var/run/nginx", NULL, NULL },
	{ "server-blocks", D_NIL, 0, NULL, NULL, NULL },
	{ "upstream-blocks", D_NIL, 0, NULL, NULL, NULL },
	{ "server-names-hash-bucket-size", D_FALSE, 0, NULL, NULL, NULL },
	{ "server-names-hash-bucket-max-size", D_FALSE, 0, NULL, NULL, NULL },
	{ "modules", D_NIL, 0, NULL, NULL, NULL },
	{ "global-directives", D_FN, 0, NULL, d_global, NULL },
	{ "lua-package-path", D_FALSE, 0, NULL, NULL, NULL },
	{ "lua-package-cpath", D_FALSE, 0, NULL, NULL, NULL },
	{ "extra-content", D_STRING, 0, "", NULL, NULL },
	{ "file", D_FALSE, 0, NULL, NULL, NULL },
};

static const struct ev_field server_fields[] = {
	{ "listen", D_STRLIST, 0, "80\n443 ssl", NULL, NULL },
	{ "server-name", D_FN, 0, NULL, d_server_name, NULL },
	{ "root", D_STRING, 0, "/srv/http", NULL, NULL },
	{ "locations", D_NIL, 0, NULL, NULL, NULL },
	{ "index", D_STRLIST, 0, "index.html", NULL, NULL },
	{ "try-files", D_NIL, 0, NULL, NULL, NULL },
	{ "ssl-certificate", D_FALSE, 0, NULL, NULL, NULL },
	{ "ssl-certificate-key", D_FALSE, 0, NULL, NULL, NULL },
	{ "server-tokens?", D_FALSE, 0, NULL, NULL, NULL },
	{ "raw-content", D_NIL, 0, NULL, NULL, NULL },
};

static const struct ev_field location_fields[] = {
	{ "uri", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "body", D_NIL, 0, NULL, NULL, NULL },
};

static const struct ev_field named_location_fields[] = {
	{ "name", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "body", D_NIL, 0, NULL, NULL, NULL },
};

static const struct ev_field upstream_fields[] = {
	{ "name", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "servers", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "extra-content", D_NIL, 0, NULL, NULL, NULL },
};

static const struct ev_rtd nginx_rtd = { "nginx-configuration", nginx_fields, N(nginx_fields),
	                                 false };
static const struct ev_rtd server_rtd = { "nginx-server-configuration", server_fields,
	                                  N(server_fields), false };
static const struct ev_rtd location_rtd = { "nginx-location-configuration", location_fields,
	                                    N(location_fields), false };
static const struct ev_rtd named_location_rtd = { "nginx-named-location-configuration",
	                                          named_location_fields, N(named_location_fields),
	                                          false };
static const struct ev_rtd upstream_rtd = { "nginx-upstream-configuration", upstream_fields,
	                                    N(upstream_fields), false };

const struct ev_rtd *const svc_nginx_records[] = {
	&nginx_rtd, &server_rtd, &location_rtd, &named_location_rtd, &upstream_rtd, NULL,
};

/* (nginx-php-location #:nginx-package P #:socket S): Guix's location that
 * hands .php files to php-fpm's socket (Guix's default, and php-fpm's:
 * /var/run/php8-fpm.sock).  Guix includes P's share/nginx/conf/fastcgi.conf;
 * Debian's nginx has that file at /etc/nginx/fastcgi.conf, whatever P. */
static struct ev *p_php_location(struct ev_ctx *c, struct ev **a, size_t n, struct sx_loc loc)
{
	static const char uri[] = "~ \\.php$";
	const char *socket = "/var/run/php8-fpm.sock";
	struct ev *r;

	for (size_t i = 0; i < n; i += 2) {
		const char *kw = a[i]->type == EV_KEYWORD ? a[i]->u.str.s : "";
		struct ev *v = i + 1 < n ? a[i + 1] : NULL;

		if (v == NULL || (strcmp(kw, "nginx-package") != 0 && strcmp(kw, "socket") != 0))
			return ev_fail(c, a[i]->loc, "nginx-php-location: unexpected argument %s",
			               ev_repr(c, a[i]));
		if (strcmp(kw, "nginx-package") == 0 && v->type != EV_PACKAGE)
			return ev_fail(c, v->loc,
			               "nginx-php-location: #:nginx-package: expected a package, "
			               "got %s",
			               ev_repr(c, v));
		if (strcmp(kw, "socket") == 0) {
			if (v->type != EV_STRING || !svc_path_ok(v->u.str.s, ";{}#'\"\\"))
				return ev_fail(c, v->loc,
				               "nginx-php-location: #:socket: invalid socket %s "
				               "(expected an absolute path without white space, "
				               "quotes, ';', '{', '}', '#' or backslashes)",
				               ev_repr(c, v));
			socket = v->u.str.s;
		}
	}
	r = ev_record_new(c, &location_rtd, loc);
	if (ev_record_set(c, r, "uri", ev_string(c, uri, strlen(uri), loc)) < 0 ||
	    ev_record_set(c, r, "body",
	                  ev_strlist(c,
	                             gx_arena_printf(c->arena,
	                                             "fastcgi_split_path_info ^(.+\\.php)(/.+)$;\n"
	                                             "fastcgi_pass unix:%s;\n"
	                                             "fastcgi_index index.php;\n"
	                                             "include /etc/nginx/fastcgi.conf;",
	                                             socket),
	                             loc)) < 0 ||
	    ev_record_fill_defaults(c, r, loc) < 0)
		return NULL;
	return r;
}

static const struct ev_prim php_location_prim = { "nginx-php-location", 0, 4, p_php_location };

void svc_nginx_install(struct ev_ctx *c)
{
	struct ev *v = ev_new(c, EV_PRIM, (struct sx_loc){ NULL, 0, 0 });

	v->u.prim = &php_location_prim;
	ev_define(c, c->global, php_location_prim.name, v);
}

/* A value inside a directive must not end it or open a block: nginx's
 * tokens end at ';', '{', '}' and whitespace; quotes and '#' change parsing.
 * A backslash makes the next character part of the token: allowed before
 * a character that is none of those nor a backslash (regular expressions
 * such as "~ \\.php$", as Guix's nginx-php-location has). */
static int check_value(struct ev_ctx *c, struct sx_loc loc, const char *what, const char *s,
                       bool spaces_ok)
{
	static const char special[] = ";{}\"'#\n\r\\ \t";
	bool bad = *s == '\0';

	for (const char *p = s; !bad && *p != '\0'; p++) {
		if (*p == '\\')
			bad = p[1] == '\0' || strchr(special, p[1]) != NULL, p++;
		else
			bad = strchr(special, *p) != NULL &&
			      !(spaces_ok && (*p == ' ' || *p == '\t'));
	}
	if (bad)
		return ev_failn(c, loc, "%s: invalid value \"%s\" for nginx.conf", what, s);
	return 0;
}

/* A string, symbol (default -> "_") or file-like (its in-container path). */
static const char *domain_string(struct ev *v)
{
	if (v->type == EV_SYMBOL && strcmp(v->u.str.s, "default") == 0)
		return "_";
	if (v->type == EV_STRING || v->type == EV_SYMBOL)
		return v->u.str.s;
	return NULL;
}

static int strings_field(struct ev_ctx *c, struct ev *rec, const char *field, bool spaces_ok,
                         const char ***out)
{
	const char *what =
	        gx_arena_printf(c->arena, "%s: field '%s'", rec->u.rec->rtd->name, field);
	struct ev *v = ev_record_get(rec, field);
	size_t n = ev_list_length(v), i = 0;

	if (n == SIZE_MAX)
		return ev_failn(c, ev_record_loc(rec, field), "%s: expected a list, got %s", what,
		                ev_repr(c, v));
	*out = gx_arena_alloc(c->arena, (n + 1) * sizeof(**out));
	for (struct ev *p = v; p->type == EV_PAIR; p = p->u.pair.cdr, i++) {
		const char *s = domain_string(p->u.pair.car);

		if (s == NULL)
			return ev_failn(c, p->u.pair.car->loc, "%s: expected a string, got %s",
			                what, ev_repr(c, p->u.pair.car));
		if (check_value(c, p->u.pair.car->loc, what, s, spaces_ok) < 0)
			return -1;
		(*out)[i] = s;
	}
	return 0;
}

/* root: a string, or a file-like directory (file-union) lowered to its path. */
static const char *root_path(struct ev_ctx *c, struct ev *server)
{
	struct ev *v = ev_record_get(server, "root");
	struct sx_loc loc = ev_record_loc(server, "root");
	const char *p;

	if (v->type == EV_STRING)
		p = v->u.str.s;
	else if (v->type == EV_FILE || v->type == EV_PACKAGE)
		p = osb_path_of(c, v, loc);
	else
		return ev_fail(c, loc,
		               "nginx-server-configuration: field 'root': expected a "
		               "string or a file-like object, got %s",
		               ev_repr(c, v)),
		       NULL;
	if (p != NULL &&
	    check_value(c, loc, "nginx-server-configuration: field 'root'", p, false) < 0)
		return NULL;
	return p;
}

static int body_lines(struct ev_ctx *c, struct gx_buf *b, struct ev *rec, const char *indent)
{
	const char **body;

	if (ev_get_strings(c, rec, "body", &body) < 0)
		return -1;
	for (size_t i = 0; body[i] != NULL; i++)
		gx_buf_printf(b, "%s%s\n", indent, body[i]);
	return 0;
}

static int emit_location(struct ev_ctx *c, struct gx_buf *b, struct ev *loc)
{
	const char *uri;

	if (ev_record_is(loc, "nginx-named-location-configuration")) {
		if (ev_get_string(c, loc, "name", &uri) < 0 ||
		    check_value(c, ev_record_loc(loc, "name"), "nginx location name", uri, false) <
		            0)
			return -1;
		gx_buf_printf(b, "      location @%s {\n", uri);
	} else if (ev_record_is(loc, "nginx-location-configuration")) {
		if (ev_get_string(c, loc, "uri", &uri) < 0 ||
		    check_value(c, ev_record_loc(loc, "uri"), "nginx location uri", uri, true) < 0)
			return -1;
		gx_buf_printf(b, "      location %s {\n", uri);
	} else {
		return ev_failn(c, loc->loc,
		                "nginx-server-configuration: field 'locations': "
		                "expected nginx-location-configuration records, got %s",
		                ev_repr(c, loc));
	}
	if (body_lines(c, b, loc, "        ") < 0)
		return -1;
	gx_buf_puts(b, "      }\n");
	return 0;
}

static bool has_word(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = s; (p = strstr(p, word)) != NULL; p += n)
		if ((p == s || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return true;
	return false;
}

static int emit_server(struct ev_ctx *c, struct gx_buf *b, struct ev *srv)
{
	const char **listen, **names, **index, **try_files, **raw, *root, *cert, *key;
	bool tokens;
	struct ev *locs;

	if (!ev_record_is(srv, "nginx-server-configuration"))
		return ev_failn(c, srv->loc,
		                "nginx: expected an nginx-server-configuration, got %s",
		                ev_repr(c, srv));
	if (strings_field(c, srv, "listen", true, &listen) < 0 ||
	    strings_field(c, srv, "server-name", false, &names) < 0 ||
	    strings_field(c, srv, "index", false, &index) < 0 ||
	    strings_field(c, srv, "try-files", false, &try_files) < 0 ||
	    ev_get_strings(c, srv, "raw-content", &raw) < 0 ||
	    ev_get_string_or_false(c, srv, "ssl-certificate", &cert) < 0 ||
	    ev_get_string_or_false(c, srv, "ssl-certificate-key", &key) < 0 ||
	    ev_get_bool(c, srv, "server-tokens?", &tokens) < 0 ||
	    (root = root_path(c, srv)) == NULL ||
	    (cert &&
	     check_value(c, ev_record_loc(srv, "ssl-certificate"),
	                 "nginx-server-configuration: field 'ssl-certificate'", cert, false) < 0) ||
	    (key && check_value(c, ev_record_loc(srv, "ssl-certificate-key"),
	                        "nginx-server-configuration: field 'ssl-certificate-key'", key,
	                        false) < 0))
		return -1;
	if (index[0] == NULL) /* "index ;" stops nginx at its start */
		return ev_failn(c, ev_record_loc(srv, "index"),
		                "nginx-server-configuration: field 'index': expected at least one "
		                "file name");
	for (size_t i = 0; listen[i] != NULL; i++)
		if (has_word(listen[i], "ssl") && (cert == NULL || key == NULL))
			return ev_failn(
			        c, ev_record_loc(srv, "listen"),
			        "nginx-server-configuration: listen \"%s\" needs "
			        "ssl-certificate and ssl-certificate-key (Guix's default listen "
			        "is (\"80\" \"443 ssl\"): use (listen '(\"80\")) for plain HTTP)",
			        listen[i]);
	gx_buf_puts(b, "    server {\n");
	for (size_t i = 0; listen[i] != NULL; i++)
		gx_buf_printf(b, "      listen %s;\n", listen[i]);
	gx_buf_printf(b, "      server_name %s;\n", svc_join(c, names, " "));
	if (cert != NULL)
		gx_buf_printf(b, "      ssl_certificate %s;\n", cert);
	if (key != NULL)
		gx_buf_printf(b, "      ssl_certificate_key %s;\n", key);
	gx_buf_printf(b, "      root %s;\n", root);
	gx_buf_printf(b, "      index %s;\n", svc_join(c, index, " "));
	if (try_files[0] != NULL)
		gx_buf_printf(b, "      try_files %s;\n", svc_join(c, try_files, " "));
	gx_buf_printf(b, "      server_tokens %s;\n\n", tokens ? "on" : "off");
	locs = ev_record_get(srv, "locations");
	if (!ev_is_list(locs))
		return ev_failn(c, ev_record_loc(srv, "locations"),
		                "nginx-server-configuration: field 'locations': expected a list");
	for (struct ev *p = locs; p->type == EV_PAIR; p = p->u.pair.cdr)
		if (emit_location(c, b, p->u.pair.car) < 0)
			return -1;
	gx_buf_puts(b, "\n");
	for (size_t i = 0; raw[i] != NULL; i++)
		gx_buf_printf(b, "      %s\n", raw[i]);
	gx_buf_puts(b, "    }\n");
	return 0;
}

static int emit_upstream(struct ev_ctx *c, struct gx_buf *b, struct ev *up)
{
	const char *name, **servers, **extra;

	if (!ev_record_is(up, "nginx-upstream-configuration"))
		return ev_failn(c, up->loc,
		                "nginx: expected an nginx-upstream-configuration, got %s",
		                ev_repr(c, up));
	if (ev_get_string(c, up, "name", &name) < 0 ||
	    check_value(c, ev_record_loc(up, "name"), "nginx upstream name", name, false) < 0 ||
	    strings_field(c, up, "servers", true, &servers) < 0 ||
	    ev_get_strings(c, up, "extra-content", &extra) < 0)
		return -1;
	gx_buf_printf(b, "    upstream %s {\n", name);
	for (size_t i = 0; servers[i] != NULL; i++)
		gx_buf_printf(b, "      server %s;\n", servers[i]);
	for (size_t i = 0; extra[i] != NULL; i++)
		gx_buf_printf(b, "      %s\n", extra[i]);
	gx_buf_puts(b, "    }\n");
	return 0;
}

static int each_block(struct ev_ctx *c, struct gx_buf *b, struct ev *cfg, const char *field,
                      int (*fn)(struct ev_ctx *, struct gx_buf *, struct ev *))
{
	struct ev *list = ev_record_get(cfg, field);

	if (!ev_is_list(list))
		return ev_failn(c, ev_record_loc(cfg, field),
		                "nginx-configuration: field '%s': expected a list, got %s", field,
		                ev_repr(c, list));
	for (struct ev *p = list; p->type == EV_PAIR; p = p->u.pair.cdr)
		if (fn(c, b, p->u.pair.car) < 0)
			return -1;
	return 0;
}

/* global-directives: ((name . value) ...): a list value is a block. */
/* One of global-directives, as Guix's emit-global-directive writes it:
 * (KEY . VALUE) is "KEY VALUE;", and (KEY . ((K . V) ...)), a list, the
 * block "KEY { K V; ... }"; a key is a symbol or string, a value a string,
 * symbol or integer. */
static int emit_directive(struct ev_ctx *c, struct gx_buf *b, struct ev *d, struct sx_loc loc,
                          int depth)
{
	static const char what[] = "nginx-configuration: field 'global-directives'";
	struct ev *k = d->type == EV_PAIR ? d->u.pair.car : NULL, *v;
	const char *key = k && (k->type == EV_SYMBOL || k->type == EV_STRING) ? k->u.str.s : NULL;

	if (key == NULL)
		return ev_failn(c, loc, "%s: expected (NAME . VALUE), got %s", what, ev_repr(c, d));
	if (depth > 8)
		return ev_failn(c, loc, "%s: blocks nested too deep", what);
	if (check_value(c, loc, what, key, false) < 0)
		return -1;
	v = d->u.pair.cdr;
	if (ev_is_list(v)) {
		gx_buf_printf(b, "%*s%s {\n", 2 * depth, "", key);
		for (struct ev *p = v; p->type == EV_PAIR; p = p->u.pair.cdr)
			if (emit_directive(c, b, p->u.pair.car, loc, depth + 1) < 0)
				return -1;
		gx_buf_printf(b, "%*s}\n", 2 * depth, "");
		return 0;
	}
	const char *value = v->type == EV_STRING || v->type == EV_SYMBOL ? v->u.str.s
	                    : v->type == EV_INT
	                            ? gx_arena_printf(c->arena, "%lld", (long long)v->u.i)
	                            : NULL;
	if (value == NULL)
		return ev_failn(c, loc, "%s: '%s': expected a string, symbol or integer, got %s",
		                what, key, ev_repr(c, v));
	if (check_value(c, loc, what, value, true) < 0)
		return -1;
	gx_buf_printf(b, "%*s%s %s;\n", 2 * depth, "", key, value);
	return 0;
}

static int emit_global(struct ev_ctx *c, struct gx_buf *b, struct ev *cfg)
{
	struct ev *list = ev_record_get(cfg, "global-directives");
	struct sx_loc loc = ev_record_loc(cfg, "global-directives");

	if (!ev_is_list(list))
		return ev_failn(
		        c, loc,
		        "nginx-configuration: field 'global-directives': expected a list of "
		        "(NAME . VALUE)");
	for (struct ev *p = list; p->type == EV_PAIR; p = p->u.pair.cdr)
		if (emit_directive(c, b, p->u.pair.car,
		                   p->u.pair.car->loc.line ? p->u.pair.car->loc : loc, 0) < 0)
			return -1;
	return 0;
}

static const char mime_types[] = "types {\n"
                                 "    text/html                html htm shtml;\n"
                                 "    text/css                 css;\n"
                                 "    text/xml                 xml;\n"
                                 "    text/plain               txt;\n"
                                 "    text/javascript          js mjs;\n"
                                 "    application/json         json;\n"
                                 "    application/wasm         wasm;\n"
                                 "    application/pdf          pdf;\n"
                                 "    application/zip          zip;\n"
                                 "    application/gzip         gz;\n"
                                 "    application/x-tar        tar;\n"
                                 "    application/xhtml+xml    xhtml;\n"
                                 "    application/rss+xml      rss;\n"
                                 "    application/atom+xml     atom;\n"
                                 "    application/octet-stream bin exe dll deb iso img;\n"
                                 "    image/gif                gif;\n"
                                 "    image/jpeg               jpeg jpg;\n"
                                 "    image/png                png;\n"
                                 "    image/svg+xml            svg svgz;\n"
                                 "    image/webp               webp;\n"
                                 "    image/x-icon             ico;\n"
                                 "    image/avif               avif;\n"
                                 "    font/woff                woff;\n"
                                 "    font/woff2               woff2;\n"
                                 "    audio/mpeg               mp3;\n"
                                 "    audio/ogg                ogg;\n"
                                 "    video/mp4                mp4;\n"
                                 "    video/webm               webm;\n"
                                 "}\n";

static int nginx_conf(struct ev_ctx *c, const struct svc_instance *s, const char *logdir,
                      const char *rundir, struct gx_buf *b)
{
	struct ev *cfg = s->value;
	const char *extra;
	struct ev *level = ev_record_get(cfg, "log-level");

	if (ev_get_string(c, cfg, "extra-content", &extra) < 0)
		return -1;
	if (level->type != EV_SYMBOL || check_value(c, ev_record_loc(cfg, "log-level"),
	                                            "nginx log-level", level->u.str.s, false) < 0)
		return ev_failn(c, ev_record_loc(cfg, "log-level"),
		                "nginx-configuration: field 'log-level': expected a symbol");
	if (ev_record_get(cfg, "modules")->type != EV_NIL)
		return ev_failn(c, ev_record_loc(cfg, "modules"),
		                "nginx-configuration: field 'modules': dynamic modules are not "
		                "supported by gxsys");
	gx_buf_puts(b, "# Generated by gxsys from nginx-configuration.\n"
	               "daemon off;\nuser nginx nginx;\n");
	gx_buf_printf(b, "pid %s/pid;\n", rundir);
	gx_buf_printf(b, "error_log %s/error.log %s;\n", logdir, level->u.str.s);
	if (emit_global(c, b, cfg) < 0)
		return -1;
	gx_buf_puts(b, "http {\n");
	gx_buf_printf(b, "    client_body_temp_path %s/client_body_temp;\n", rundir);
	gx_buf_printf(b, "    proxy_temp_path %s/proxy_temp;\n", rundir);
	gx_buf_printf(b, "    fastcgi_temp_path %s/fastcgi_temp;\n", rundir);
	gx_buf_printf(b, "    uwsgi_temp_path %s/uwsgi_temp;\n", rundir);
	gx_buf_printf(b, "    scgi_temp_path %s/scgi_temp;\n", rundir);
	gx_buf_printf(b, "    access_log %s/access.log;\n", logdir);
	gx_buf_puts(b, "    include /etc/nginx/mime.types;\n");
	static const char *const buckets[][2] = {
		{ "server-names-hash-bucket-size", "server_names_hash_bucket_size" },
		{ "server-names-hash-bucket-max-size", "server_names_hash_bucket_max_size" },
	};
	for (size_t i = 0; i < N(buckets); i++) {
		struct ev *v = ev_record_get(cfg, buckets[i][0]);
		if (v->type == EV_BOOL && !v->u.b)
			continue;
		if (v->type != EV_INT || v->u.i <= 0 || v->u.i > 1048576)
			return ev_failn(c, ev_record_loc(cfg, buckets[i][0]),
			                "nginx-configuration: field '%s': expected a size in bytes "
			                "(1 to 1048576), got %s",
			                buckets[i][0], ev_repr(c, v));
		gx_buf_printf(b, "    %s %lld;\n", buckets[i][1], (long long)v->u.i);
	}
	gx_buf_puts(b, "\n");
	if (each_block(c, b, cfg, "upstream-blocks", emit_upstream) < 0 ||
	    each_block(c, b, cfg, "server-blocks", emit_server) < 0)
		return -1;
	for (const struct svc_ext *e = s->exts; e != NULL; e = e->next) {
		if (!ev_is_list(e->value))
			return ev_failn(c, e->loc,
			                "%s: nginx extensions are lists of "
			                "nginx-server-configuration",
			                e->origin);
		for (struct ev *p = e->value; p->type == EV_PAIR; p = p->u.pair.cdr)
			if (emit_server(c, b, p->u.pair.car) < 0)
				return -1;
	}
	gx_buf_puts(b, extra);
	gx_buf_puts(b, "\n}\n");
	return 0;
}

static int add_dirs(struct ev_ctx *c, const char *logdir, const char *rundir)
{
	static const char *const temps[] = { "client_body_temp", "proxy_temp", "fastcgi_temp",
		                             "uwsgi_temp", "scgi_temp" };

	osb_add_dir(c, logdir, "root", "root", 0755);
	osb_add_dir(c, rundir, "root", "root", 0755);
	for (size_t i = 0; i < N(temps); i++)
		osb_add_dir(c, gx_arena_printf(c->arena, "%s/%s", rundir, temps[i]), "nginx",
		            "nginx", 0700);
	return 0;
}

static int check_dir(struct ev_ctx *c, struct ev *cfg, const char *field, const char **out)
{
	if (ev_get_string(c, cfg, field, out) < 0)
		return -1;
	if ((*out)[0] != '/' || strstr(*out, "..") != NULL ||
	    check_value(c, ev_record_loc(cfg, field), field, *out, false) < 0)
		return ev_failn(c, ev_record_loc(cfg, field),
		                "nginx-configuration: field '%s': expected an absolute path",
		                field);
	return 0;
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	struct ev *cfg = s->value, *file, *pkg;
	struct gx_buf conf = GX_BUF_INIT;
	const char *logdir, *rundir, *prefix, **req;
	struct os_service *o;
	int r;

	if (svc_check_value(c, s, "an") < 0)
		return -1;
	if (check_dir(c, cfg, "log-directory", &logdir) < 0 ||
	    check_dir(c, cfg, "run-directory", &rundir) < 0 ||
	    ev_get_strings(c, cfg, "shepherd-requirement", &req) < 0 ||
	    (pkg = svc_package(c, cfg, "nginx")) == NULL ||
	    (prefix = osb_path_of(c, pkg, s->loc)) == NULL)
		return -1;
	file = ev_record_get(cfg, "file");
	if (ev_truthy(file)) {
		const char *data;
		size_t len;

		if (file->type != EV_FILE)
			return ev_failn(c, ev_record_loc(cfg, "file"),
			                "nginx-configuration: field 'file': expected a file-like "
			                "object, got %s",
			                ev_repr(c, file));
		r = osb_file_content(c, file, &data, &len, file->loc);
		if (r == 0)
			r = osb_add_file(c, "nginx/nginx.conf", data, len, 0644,
			                 file->u.file->source, file->loc);
	} else {
		r = nginx_conf(c, s, logdir, rundir, &conf);
		if (r == 0)
			r = osb_add_file(c, "nginx/nginx.conf", conf.data, conf.len, 0644, NULL,
			                 cfg->loc);
	}
	gx_buf_free(&conf);
	if (r < 0 ||
	    osb_add_file(c, "nginx/mime.types", mime_types, sizeof(mime_types) - 1, 0644, NULL,
	                 cfg->loc) < 0 ||
	    (osb_file_fallback(c, "nginx/mime.types"), false) ||
	    osb_add_system_account(c, "nginx", "nginx", "nginx server user", "/var/empty", s->loc) <
	            0)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);
	add_dirs(c, logdir, rundir);

	o = osb_add_service(c, "nginx-service-type", s->loc);
	o->provision = svc_split(c, "nginx");
	{
		const char *base[] = { "user-processes", "loopback" };
		size_t n = 0, k = 2;

		while (req[n] != NULL)
			n++;
		o->requirement = gx_arena_alloc(c->arena, (n + 4) * sizeof(char *));
		o->requirement[0] = base[0];
		o->requirement[1] = base[1];
		/* certbot's self-signed certificates, which a server may name,
		 * are made before nginx starts, as Guix's activation does. */
		for (const struct svc_ext *e = s->exts; e != NULL; e = e->next)
			if (e->from == &svc_certbot) {
				o->requirement[k++] = "certbot-self-signed";
				break;
			}
		memcpy(o->requirement + k, req, (n + 1) * sizeof(char *));
	}
	o->documentation = "Run the nginx daemon.";
	{
		const char *argv[] = { gx_arena_printf(c->arena, "%s/sbin/nginx", prefix),
			               "-c",
			               "/etc/nginx/nginx.conf",
			               "-p",
			               rundir,
			               ev_truthy(file) ? "-g" : NULL,
			               "daemon off;",
			               NULL };

		svc_set_argv(c, o, argv, N(argv));
	}
	/* As Guix's nginx service, the service is up once nginx has written its
	 * PID file, which it does after opening its listening sockets: what
	 * depends on nginx, or a `-- COMMAND`, can connect at once.  A user's own
	 * `file` may put it elsewhere: then the fork is the start. */
	if (!ev_truthy(file))
		o->pid_file = gx_arena_printf(c->arena, "%s/pid", rundir);
	/* Guix's actions: `herd configuration nginx`, `herd reload nginx`
	 * (nginx -s reload: the master reads its configuration again and
	 * starts new workers, which take renewed certificates). */
	svc_add_action(c, o, "configuration", BC_ACTION_CONFIGURATION, "/etc/nginx/nginx.conf", 0,
	               NULL);
	{
		const char *argv[] = { o->argv[0], "-c",   "/etc/nginx/nginx.conf",
			               "-p",       rundir, "-s",
			               "reload",   NULL };

		svc_add_action(c, o, "reload", BC_ACTION_COMMAND, NULL, 0, argv);
		svc_action_doc(o, "Reload nginx configuration file and restart worker processes.  "
		                  "This has the\neffect of killing old worker processes and "
		                  "starting new ones, using the same\nconfiguration file.  It "
		                  "is useful for situations where the same nginx\nconfiguration "
		                  "file can point to different things after a reload, such "
		                  "as\nrenewed TLS certificates, or included files.");
	}
	return 0;
}

const struct svc_def svc_nginx = {
	"nginx-service-type",
	SVC_RUN,
	NULL,
	"nginx-configuration",
	SVC_DEFAULT_RECORD,
	NULL,
	NULL,
	false,
	expand,
	NULL,
};
