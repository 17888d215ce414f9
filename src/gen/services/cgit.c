/* svc: cgit-service-type (gnu/services/cgit.scm), with Debian's cgit
 * (/usr/lib/cgit/cgit.cgi, its filters under /usr/lib/cgit/filters, the
 * static files under /usr/share/cgit: the layout of Guix's package, so the
 * profile at /usr is the cgit package's directory).  As in Guix, the type
 * writes /etc/cgitrc, makes the cache root, extends nginx-service-type with
 * the configuration's `nginx` servers (by default Guix's
 * %cgit-configuration-nginx: root the cgit package, static files served as
 * they are, anything else handed to fcgiwrap on 127.0.0.1:9000 as
 * cgit.cgi) and extends fcgiwrap-service-type, instantiating nginx and
 * fcgiwrap with their defaults when the system has none.
 *
 * /etc/cgitrc is Guix's serialization: each field in Guix's order as
 * NAME=VALUE ("?" dropped from the name; "" and '() left out; booleans 1 or
 * 0; lists joined by spaces, robots by ", "), then project-list,
 * extra-options, scan-path (repository-directory) and each repository's
 * repo.NAME=VALUE lines.  cgit reads KEY=VALUE lines, a line without "="
 * ending the file, so every value is checked to stay on its line: no line
 * breaks or other control characters, tokens of space-separated lists
 * without white space, paths absolute, enumerations (branch-sort,
 * snapshots, max-stats...) values cgit knows, with a located error naming
 * the field.  Where gxsys differs from Guix, whose output cgit would
 * misread: the mimetype lines end with a newline (Guix's last one runs into
 * the next field); a repository's repo.url comes first (cgit starts a
 * repository at repo.url: Guix's repo.snapshots and repo.source-filter,
 * written before it, would go to the previous one) and must be given, as
 * must its path; a repository's extra-options are lines of their own after
 * it, as the global ones are (Guix writes one "repo.extra-options=..."
 * line, which cgit ignores).  URLs of the pages (css, logo, favicon) must
 * be strings: a file-like object would be a path under /etc/gxsys/files,
 * which cgit's nginx server does not serve.  A filter (about-filter,
 * source-filter...) is a string, "exec:" or "lua:" and an absolute path or
 * a path alone, or a file-like object (an executable one: local-file of an
 * executable file, or file-append); one of the cgit package's own filters
 * brings the Debian programs it runs into the system, as Guix's package
 * wraps them (about-formatting.sh: python3-markdown, python3-pygments,
 * python3-docutils, groff; syntax-highlighting.sh: highlight;
 * syntax-highlighting.py: python3-pygments).
 *
 * cgit runs as fcgiwrap's user: the cache root is made that user's (Guix
 * makes it root's, where cgit can keep no cache), and the repositories
 * must be readable by it. */
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "cgit-configuration"
#define REPO "repository-cgit-configuration"
#define OPAQUE "opaque-cgit-configuration"
#define CONF "cgitrc" /* under /etc */

static struct ev *location(struct ev_ctx *c, const char *uri, const char *body, struct sx_loc loc)
{
	struct ev *l = ev_record_new(c, ev_find_rtd("nginx-location-configuration"), loc);

	if (ev_record_set(c, l, "uri", ev_cstring(c, uri, loc)) < 0 ||
	    ev_record_set(c, l, "body", body ? ev_strlist(c, body, loc) : ev_nil(c, loc)) < 0 ||
	    ev_record_fill_defaults(c, l, loc) < 0)
		return NULL;
	return l;
}

/* Guix's %cgit-configuration-nginx: a new record each time (fields of
 * records are values the user may inherit from).  Its root is the cgit
 * package, whose files nginx serves as they are; here the package is
 * /usr, where the same root would serve every file of the system's
 * software (GET /bin/sh): the server also has a location / that hands
 * everything to cgit, and one /share/cgit/ for its static files (the URLs
 * of css, logo and favicon by default), as Guix's root serves them. */
static struct ev *default_nginx_server(struct ev_ctx *c, struct sx_loc loc)
{
	static const char body[] =
	        "fastcgi_param SCRIPT_FILENAME $document_root/lib/cgit/cgit.cgi;\n"
	        "fastcgi_param PATH_INFO $uri;\n"
	        "fastcgi_param QUERY_STRING $args;\n"
	        "fastcgi_param HTTP_HOST $server_name;\n"
	        "fastcgi_pass 127.0.0.1:9000;";
	struct ev *srv = ev_record_new(c, ev_find_rtd("nginx-server-configuration"), loc);
	struct ev *named = location(c, "@cgit", body, loc);
	struct ev *all = location(c, "/", body, loc);
	struct ev *statics = location(c, "/share/cgit/", NULL, loc);
	struct ev *locs;

	if (named == NULL || all == NULL || statics == NULL)
		return NULL;
	locs = ev_cons(c, named, ev_cons(c, all, ev_cons(c, statics, ev_nil(c, loc), loc), loc),
	               loc);
	if (ev_record_set(c, srv, "root", ev_package(c, "cgit", (struct sx_loc){ NULL, 0, 0 })) <
	            0 ||
	    ev_record_set(c, srv, "locations", locs) < 0 ||
	    ev_record_set(c, srv, "try-files", ev_strlist(c, "$uri\n@cgit", loc)) < 0 ||
	    ev_record_set(c, srv, "listen", ev_strlist(c, "80", loc)) < 0 ||
	    ev_record_set(c, srv, "ssl-certificate", ev_bool(c, false, loc)) < 0 ||
	    ev_record_set(c, srv, "ssl-certificate-key", ev_bool(c, false, loc)) < 0 ||
	    ev_record_fill_defaults(c, srv, loc) < 0)
		return NULL;
	return srv;
}

static struct ev *d_nginx(struct ev_ctx *c, struct sx_loc loc)
{
	struct ev *srv = default_nginx_server(c, loc);

	return srv ? ev_cons(c, srv, ev_nil(c, loc), loc) : NULL;
}

static struct ev *d_package(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "cgit", loc);
}

/* Guix's maybe-repo-boolean fields: unset unless given. */
static struct ev *d_unset(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_unspec(c, loc);
}

/* Guix's default mimetype alist. */
static struct ev *d_mimetype(struct ev_ctx *c, struct sx_loc loc)
{
	static const char *const types[][2] = {
		{ "gif", "image/gif" },     { "html", "text/html" },      { "jpg", "image/jpeg" },
		{ "jpeg", "image/jpeg" },   { "pdf", "application/pdf" }, { "png", "image/png" },
		{ "svg", "image/svg+xml" },
	};
	struct ev *l = ev_nil(c, loc);

	for (size_t i = N(types); i-- > 0;)
		l = ev_cons(
		        c,
		        ev_cons(c, ev_symbol(c, types[i][0], loc),
		                ev_cons(c, ev_cstring(c, types[i][1], loc), ev_nil(c, loc), loc),
		                loc),
		        l, loc);
	return l;
}

/* How a field is checked and written (Guix's field types). */
enum kind {
	K_NONE,       /* not written (package, nginx) */
	K_STRING,     /* one line; "" left out */
	K_TOKEN,      /* one line without white space; "" left out */
	K_PATH,       /* "" or an absolute path */
	K_FILE,       /* "", an absolute path or a file-like object */
	K_URL,        /* a string URL (css, logo...); "" left out */
	K_FILTER,     /* "", [exec:|lua:]PATH, or an executable file-like object */
	K_INT,        /* an integer from lo to hi */
	K_BOOL,       /* 1 or 0 */
	K_MAYBE_BOOL, /* unset (left out), 1 or 0 */
	K_LIST,       /* tokens joined by spaces; '() left out */
	K_ROBOTS,     /* tokens joined by ", " */
	K_SNAPSHOTS,  /* snapshot formats, joined by spaces */
	K_ENUM,       /* one of choices ("" left out) */
	K_MIMETYPES,  /* ((EXT "type") ...) */
	K_LATER,      /* written after the others (project-list...) */
	K_MODULE_LINK_PATH,
	K_LINES, /* extra-options */
};

struct field {
	const char *name;
	enum kind kind;
	long lo, hi;
	const char *const *choices; /* K_ENUM, NULL-terminated */
};

static const char *const branch_sorts[] = { "name", "age", NULL };
/* Guix's default is "git log", cgit's own order (git log's). */
static const char *const commit_sorts[] = { "git log", "date", "topo", NULL };
static const char *const repo_commit_sorts[] = { "date", "topo", NULL };
static const char *const repository_sorts[] = { "name", "age", NULL };
static const char *const section_sorts[] = { "0", "1", NULL };
static const char *const max_stats[] = { "week", "month", "quarter", "year", NULL };

#define TTL -1, INT_MAX, NULL
#define COUNT 0, INT_MAX, NULL

/* cgit-configuration, in Guix's order. */
static const struct field fields[] = {
	{ "package", K_NONE, 0, 0, NULL },
	{ "nginx", K_NONE, 0, 0, NULL },
	{ "about-filter", K_FILTER, 0, 0, NULL },
	{ "agefile", K_STRING, 0, 0, NULL },
	{ "auth-filter", K_FILTER, 0, 0, NULL },
	{ "branch-sort", K_ENUM, 0, 0, branch_sorts },
	{ "cache-root", K_PATH, 0, 0, NULL },
	{ "cache-static-ttl", K_INT, TTL },
	{ "cache-dynamic-ttl", K_INT, TTL },
	{ "cache-repo-ttl", K_INT, TTL },
	{ "cache-root-ttl", K_INT, TTL },
	{ "cache-scanrc-ttl", K_INT, TTL },
	{ "cache-about-ttl", K_INT, TTL },
	{ "cache-snapshot-ttl", K_INT, TTL },
	{ "cache-size", K_INT, COUNT },
	{ "case-sensitive-sort?", K_BOOL, 0, 0, NULL },
	{ "clone-prefix", K_LIST, 0, 0, NULL },
	{ "clone-url", K_LIST, 0, 0, NULL },
	{ "commit-filter", K_FILTER, 0, 0, NULL },
	{ "commit-sort", K_ENUM, 0, 0, commit_sorts },
	{ "css", K_URL, 0, 0, NULL },
	{ "email-filter", K_FILTER, 0, 0, NULL },
	{ "embedded?", K_BOOL, 0, 0, NULL },
	{ "enable-commit-graph?", K_BOOL, 0, 0, NULL },
	{ "enable-filter-overrides?", K_BOOL, 0, 0, NULL },
	{ "enable-follow-links?", K_BOOL, 0, 0, NULL },
	{ "enable-http-clone?", K_BOOL, 0, 0, NULL },
	{ "enable-index-links?", K_BOOL, 0, 0, NULL },
	{ "enable-index-owner?", K_BOOL, 0, 0, NULL },
	{ "enable-log-filecount?", K_BOOL, 0, 0, NULL },
	{ "enable-log-linecount?", K_BOOL, 0, 0, NULL },
	{ "enable-remote-branches?", K_BOOL, 0, 0, NULL },
	{ "enable-subject-links?", K_BOOL, 0, 0, NULL },
	{ "enable-html-serving?", K_BOOL, 0, 0, NULL },
	{ "enable-tree-linenumbers?", K_BOOL, 0, 0, NULL },
	{ "enable-git-config?", K_BOOL, 0, 0, NULL },
	{ "favicon", K_URL, 0, 0, NULL },
	{ "footer", K_PATH, 0, 0, NULL },
	{ "head-include", K_PATH, 0, 0, NULL },
	{ "header", K_PATH, 0, 0, NULL },
	{ "include", K_FILE, 0, 0, NULL },
	{ "index-header", K_PATH, 0, 0, NULL },
	{ "index-info", K_PATH, 0, 0, NULL },
	{ "local-time?", K_BOOL, 0, 0, NULL },
	{ "logo", K_URL, 0, 0, NULL },
	{ "logo-link", K_TOKEN, 0, 0, NULL },
	{ "owner-filter", K_FILTER, 0, 0, NULL },
	{ "max-atom-items", K_INT, COUNT },
	{ "max-commit-count", K_INT, COUNT },
	{ "max-message-length", K_INT, COUNT },
	{ "max-repo-count", K_INT, COUNT },
	{ "max-repodesc-length", K_INT, COUNT },
	{ "max-blob-size", K_INT, COUNT },
	{ "max-stats", K_ENUM, 0, 0, max_stats },
	{ "mimetype", K_MIMETYPES, 0, 0, NULL },
	{ "mimetype-file", K_FILE, 0, 0, NULL },
	{ "module-link", K_STRING, 0, 0, NULL },
	{ "nocache?", K_BOOL, 0, 0, NULL },
	{ "noplainemail?", K_BOOL, 0, 0, NULL },
	{ "noheader?", K_BOOL, 0, 0, NULL },
	{ "project-list", K_LATER, 0, 0, NULL },
	{ "readme", K_STRING, 0, 0, NULL },
	{ "remove-suffix?", K_BOOL, 0, 0, NULL },
	{ "renamelimit", K_INT, -1, INT_MAX, NULL },
	{ "repository-sort", K_ENUM, 0, 0, repository_sorts },
	{ "robots", K_ROBOTS, 0, 0, NULL },
	{ "root-desc", K_STRING, 0, 0, NULL },
	{ "root-readme", K_PATH, 0, 0, NULL },
	{ "root-title", K_STRING, 0, 0, NULL },
	{ "scan-hidden-path", K_BOOL, 0, 0, NULL },
	{ "snapshots", K_SNAPSHOTS, 0, 0, NULL },
	{ "repository-directory", K_LATER, 0, 0, NULL },
	{ "section", K_STRING, 0, 0, NULL },
	{ "section-sort", K_ENUM, 0, 0, section_sorts },
	{ "section-from-path", K_INT, INT_MIN, INT_MAX, NULL },
	{ "side-by-side-diffs?", K_BOOL, 0, 0, NULL },
	{ "source-filter", K_FILTER, 0, 0, NULL },
	{ "summary-branches", K_INT, COUNT },
	{ "summary-log", K_INT, COUNT },
	{ "summary-tags", K_INT, COUNT },
	{ "strict-export", K_STRING, 0, 0, NULL },
	{ "virtual-root", K_TOKEN, 0, 0, NULL },
	{ "repositories", K_LATER, 0, 0, NULL },
	{ "extra-options", K_LATER, 0, 0, NULL },
};

/* repository-cgit-configuration, in Guix's order (repo.url is written
 * first, see above). */
static const struct field repo_fields[] = {
	{ "snapshots", K_SNAPSHOTS, 0, 0, NULL },
	{ "source-filter", K_FILTER, 0, 0, NULL },
	{ "url", K_LATER, 0, 0, NULL },
	{ "about-filter", K_FILTER, 0, 0, NULL },
	{ "branch-sort", K_ENUM, 0, 0, branch_sorts },
	{ "clone-url", K_LIST, 0, 0, NULL },
	{ "commit-filter", K_FILTER, 0, 0, NULL },
	{ "commit-sort", K_ENUM, 0, 0, repo_commit_sorts },
	{ "defbranch", K_TOKEN, 0, 0, NULL },
	{ "desc", K_STRING, 0, 0, NULL },
	{ "homepage", K_TOKEN, 0, 0, NULL },
	{ "email-filter", K_FILTER, 0, 0, NULL },
	{ "enable-commit-graph?", K_MAYBE_BOOL, 0, 0, NULL },
	{ "enable-log-filecount?", K_MAYBE_BOOL, 0, 0, NULL },
	{ "enable-log-linecount?", K_MAYBE_BOOL, 0, 0, NULL },
	{ "enable-remote-branches?", K_MAYBE_BOOL, 0, 0, NULL },
	{ "enable-subject-links?", K_MAYBE_BOOL, 0, 0, NULL },
	{ "enable-html-serving?", K_MAYBE_BOOL, 0, 0, NULL },
	{ "hide?", K_BOOL, 0, 0, NULL },
	{ "ignore?", K_BOOL, 0, 0, NULL },
	{ "logo", K_URL, 0, 0, NULL },
	{ "logo-link", K_TOKEN, 0, 0, NULL },
	{ "owner-filter", K_FILTER, 0, 0, NULL },
	{ "module-link", K_STRING, 0, 0, NULL },
	{ "module-link-path", K_MODULE_LINK_PATH, 0, 0, NULL },
	{ "max-stats", K_ENUM, 0, 0, max_stats },
	{ "name", K_STRING, 0, 0, NULL },
	{ "owner", K_STRING, 0, 0, NULL },
	{ "path", K_LATER, 0, 0, NULL },
	{ "readme", K_STRING, 0, 0, NULL },
	{ "section", K_STRING, 0, 0, NULL },
	{ "extra-options", K_LATER, 0, 0, NULL },
};

#define S(n, v)                                                                                    \
	{                                                                                          \
		n, D_STRING, 0, v, NULL, NULL                                                      \
	}
#define I(n, v)                                                                                    \
	{                                                                                          \
		n, D_INT, v, NULL, NULL, NULL                                                      \
	}
#define T(n)                                                                                       \
	{                                                                                          \
		n, D_TRUE, 0, NULL, NULL, NULL                                                     \
	}
#define F(n)                                                                                       \
	{                                                                                          \
		n, D_FALSE, 0, NULL, NULL, NULL                                                    \
	}
#define L(n)                                                                                       \
	{                                                                                          \
		n, D_NIL, 0, NULL, NULL, NULL                                                      \
	}
#define FN(n, f)                                                                                   \
	{                                                                                          \
		n, D_FN, 0, NULL, f, NULL                                                          \
	}

static const struct ev_field cgit_fields[] = {
	FN("package", d_package),
	FN("nginx", d_nginx),
	S("about-filter", ""),
	S("agefile", ""),
	S("auth-filter", ""),
	S("branch-sort", "name"),
	S("cache-root", "/var/cache/cgit"),
	I("cache-static-ttl", -1),
	I("cache-dynamic-ttl", 5),
	I("cache-repo-ttl", 5),
	I("cache-root-ttl", 5),
	I("cache-scanrc-ttl", 15),
	I("cache-about-ttl", 15),
	I("cache-snapshot-ttl", 5),
	I("cache-size", 0),
	T("case-sensitive-sort?"),
	L("clone-prefix"),
	L("clone-url"),
	S("commit-filter", ""),
	S("commit-sort", "git log"),
	S("css", "/share/cgit/cgit.css"),
	S("email-filter", ""),
	F("embedded?"),
	F("enable-commit-graph?"),
	F("enable-filter-overrides?"),
	F("enable-follow-links?"),
	T("enable-http-clone?"),
	F("enable-index-links?"),
	T("enable-index-owner?"),
	F("enable-log-filecount?"),
	F("enable-log-linecount?"),
	F("enable-remote-branches?"),
	F("enable-subject-links?"),
	F("enable-html-serving?"),
	T("enable-tree-linenumbers?"),
	F("enable-git-config?"),
	S("favicon", "/favicon.ico"),
	S("footer", ""),
	S("head-include", ""),
	S("header", ""),
	S("include", ""),
	S("index-header", ""),
	S("index-info", ""),
	F("local-time?"),
	S("logo", "/share/cgit/cgit.png"),
	S("logo-link", ""),
	S("owner-filter", ""),
	I("max-atom-items", 10),
	I("max-commit-count", 50),
	I("max-message-length", 80),
	I("max-repo-count", 50),
	I("max-repodesc-length", 80),
	I("max-blob-size", 0),
	S("max-stats", ""),
	FN("mimetype", d_mimetype),
	S("mimetype-file", ""),
	S("module-link", ""),
	F("nocache?"),
	F("noplainemail?"),
	F("noheader?"),
	L("project-list"),
	S("readme", ""),
	F("remove-suffix?"),
	I("renamelimit", -1),
	S("repository-sort", ""),
	{ "robots", D_STRLIST, 0, "noindex\nnofollow", NULL, NULL },
	S("root-desc", "a fast webinterface for the git dscm"),
	S("root-readme", ""),
	S("root-title", ""),
	F("scan-hidden-path"),
	L("snapshots"),
	S("repository-directory", "/srv/git"),
	S("section", ""),
	S("section-sort", ""),
	I("section-from-path", 0),
	F("side-by-side-diffs?"),
	S("source-filter", ""),
	I("summary-branches", 10),
	I("summary-log", 10),
	I("summary-tags", 10),
	S("strict-export", ""),
	S("virtual-root", "/"),
	L("repositories"),
	L("extra-options"),
};

static const struct ev_field repo_ev_fields[] = {
	L("snapshots"),
	S("source-filter", ""),
	S("url", ""),
	S("about-filter", ""),
	S("branch-sort", ""),
	L("clone-url"),
	S("commit-filter", ""),
	S("commit-sort", ""),
	S("defbranch", ""),
	S("desc", ""),
	S("homepage", ""),
	S("email-filter", ""),
	FN("enable-commit-graph?", d_unset),
	FN("enable-log-filecount?", d_unset),
	FN("enable-log-linecount?", d_unset),
	FN("enable-remote-branches?", d_unset),
	FN("enable-subject-links?", d_unset),
	FN("enable-html-serving?", d_unset),
	F("hide?"),
	F("ignore?"),
	S("logo", ""),
	S("logo-link", ""),
	S("owner-filter", ""),
	S("module-link", ""),
	L("module-link-path"),
	S("max-stats", ""),
	S("name", ""),
	S("owner", ""),
	S("path", ""),
	S("readme", ""),
	S("section", ""),
	L("extra-options"),
};

static const struct ev_field opaque_fields[] = {
	FN("cgit", d_package),
	{ "cgitrc", D_REQUIRED, 0, NULL, NULL, NULL },
	S("cache-root", "/var/cache/cgit"),
	FN("nginx", d_nginx),
};

static const struct ev_rtd cgit_rtd = { RTD, cgit_fields, N(cgit_fields), false };
static const struct ev_rtd repo_rtd = { REPO, repo_ev_fields, N(repo_ev_fields), false };
static const struct ev_rtd opaque_rtd = { OPAQUE, opaque_fields, N(opaque_fields), false };

const struct ev_rtd *const svc_cgit_records[] = { &cgit_rtd, &repo_rtd, &opaque_rtd, NULL };

/* ---- checks ---- */

static int bad(struct ev_ctx *c, const struct ev *rec, const char *field, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

/* An error at REC's FIELD: "RECORD: field 'FIELD': " and FMT's text. */
static int bad(struct ev_ctx *c, const struct ev *rec, const char *field, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int r;

	va_start(ap, fmt);
	msg = gx_vasprintf(fmt, ap);
	va_end(ap);
	r = ev_failn(c, ev_record_loc(rec, field), "%s: field '%s': %s", rec->u.rec->rtd->name,
	             field, msg);
	free(msg);
	return r;
}

/* S stays one value of a cgitrc line: no line break, other control
 * character or NUL (LEN is its length). */
static bool one_line(const char *s, size_t len)
{
	return !gx_has_control(s, len);
}

static bool token(const char *s)
{
	return !svc_has_space(s);
}

/* FIELD's string, checked to be one line (and a token when TOK). */
static int get_line(struct ev_ctx *c, const struct ev *rec, const char *field, bool tok,
                    const char **out)
{
	const struct ev *v = ev_record_get(rec, field);

	if (ev_get_string(c, rec, field, out) < 0)
		return -1;
	if (!one_line(*out, v->u.str.len))
		return bad(c, rec, field,
		           "invalid value %s (cgitrc values are one line: no line breaks or other "
		           "control characters)",
		           ev_repr(c, v));
	if (tok && !token(*out))
		return bad(c, rec, field, "invalid value %s (expected no white space)",
		           ev_repr(c, v));
	return 0;
}

/* A list of strings (tokens when TOK, also without SEP). */
static int get_list(struct ev_ctx *c, const struct ev *rec, const char *field, const char *forbid,
                    const char ***out)
{
	const struct ev *p = ev_record_get(rec, field);

	if (svc_string_list(c, rec, field, out) < 0)
		return -1;
	for (size_t i = 0; (*out)[i] != NULL; i++, p = p->u.pair.cdr)
		if ((*out)[i][0] == '\0' || !one_line((*out)[i], strlen((*out)[i])) ||
		    svc_has_space((*out)[i]) || strpbrk((*out)[i], forbid) != NULL)
			return bad(c, rec, field,
			           "invalid entry %s (expected a non-empty string without white "
			           "space, control characters%s)",
			           ev_repr(c, p->u.pair.car), *forbid ? " or ','" : "");
	return 0;
}

/* ---- filters ---- */

/* The cgit package's own filters and the Debian packages of the programs
 * they run (Guix's cgit wraps them with these). */
static const struct {
	const char *path;
	const char *packages;
} known_filters[] = {
	{ "/usr/lib/cgit/filters/about-formatting.sh",
	  "coreutils sed grep bash python3-markdown python3-pygments python3-docutils groff" },
	{ "/usr/lib/cgit/filters/html-converters/md2html",
	  "coreutils python3-markdown python3-pygments" },
	{ "/usr/lib/cgit/filters/html-converters/rst2html", "bash python3-docutils" },
	{ "/usr/lib/cgit/filters/html-converters/man2html", "grep groff" },
	{ "/usr/lib/cgit/filters/html-converters/txt2html", "sed" },
	{ "/usr/lib/cgit/filters/syntax-highlighting.sh", "highlight" },
	{ "/usr/lib/cgit/filters/syntax-highlighting.py", "coreutils python3-pygments" },
	{ "/usr/lib/cgit/filters/email-gravatar.py", "coreutils python3" },
	{ "/usr/lib/cgit/filters/commit-links.sh", "sed" },
};

static const char filter_expect[] =
        "expected \"\", \"exec:PATH\", \"lua:PATH\" or an absolute PATH without white space or "
        "control characters, or an executable file-like object";

/* FIELD, a filter: its cgitrc value in *OUT ("" for none); a known filter
 * of the cgit package brings its programs' packages. */
static int get_filter(struct ev_ctx *c, const struct ev *rec, const char *field, const char **out)
{
	struct ev *v = ev_record_get(rec, field);
	struct sx_loc loc = ev_record_loc(rec, field);
	const char *path;

	if (v->type == EV_FILE) {
		if (v->u.file->kind != F_APPEND && v->u.file->kind != F_LOCAL)
			return bad(
			        c, rec, field,
			        "%s is not an executable file (a filter is run: use a local-file "
			        "of an executable file, or a file-append of a package's program)",
			        ev_repr(c, v));
		if (v->u.file->kind == F_LOCAL && (v->u.file->mode & 0111) == 0)
			return bad(c, rec, field, "%s is not executable (cgit runs a filter)",
			           ev_repr(c, v));
		if ((*out = path = osb_path_of(c, v, loc)) == NULL)
			return -1;
		if (!svc_path_ok(path, ""))
			return bad(c, rec, field, "invalid filter %s", path);
	} else {
		if (v->type != EV_STRING)
			return bad(c, rec, field, "expected a string or a file-like object, got %s",
			           ev_repr(c, v));
		*out = path = v->u.str.s;
		if (*path == '\0')
			return 0;
		if (strncmp(path, "exec:", 5) == 0 || strncmp(path, "lua:", 4) == 0)
			path = strchr(path, ':') + 1;
		if (strlen(v->u.str.s) != v->u.str.len || !svc_path_ok(path, ""))
			return ev_failn(c, loc, "%s: field '%s': invalid filter %s (%s)",
			                rec->u.rec->rtd->name, field, ev_repr(c, v), filter_expect);
	}
	for (size_t i = 0; i < N(known_filters); i++)
		if (strcmp(path, known_filters[i].path) == 0)
			for (const char **p = svc_split(c, known_filters[i].packages); *p; p++)
				osb_add_package(c, *p, NULL, false, loc);
	return 0;
}

/* ---- cgitrc ---- */

static const char *const snapshot_formats[] = { "tar",    "tar.gz",  "tar.bz2", "tar.lz",
	                                        "tar.xz", "tar.zst", "zip",     NULL };

static bool in(const char *const *v, const char *s)
{
	for (; *v != NULL; v++)
		if (strcmp(*v, s) == 0)
			return true;
	return false;
}

/* Guix's uglify-field-name: the name without "?". */
static const char *key(struct ev_ctx *c, const char *prefix, const char *name)
{
	size_t n = strlen(name);

	return gx_arena_printf(c->arena, "%s%.*s", prefix, (int)(name[n - 1] == '?' ? n - 1 : n),
	                       name);
}

static void line(struct ev_ctx *c, struct gx_buf *b, const char *prefix, const char *name,
                 const char *value)
{
	gx_buf_printf(b, "%s=%s\n", key(c, prefix, name), value);
}

static const char path_expect[] =
        "expected an absolute path without white space, control characters or \".\" and "
        "\"..\" components";

/* A path FIELD ("" for none); file-like objects too when FILES. */
static int get_path(struct ev_ctx *c, const struct ev *rec, const char *field, bool files,
                    const char **out)
{
	struct ev *v = ev_record_get(rec, field);

	if (files && v->type == EV_FILE) {
		if (v->u.file->kind == F_UNION)
			return bad(c, rec, field, "%s is a directory, not a file", ev_repr(c, v));
		*out = osb_path_of(c, v, ev_record_loc(rec, field));
		return *out ? 0 : -1;
	}
	if (v->type != EV_STRING)
		return bad(c, rec, field,
		           files ? "expected a string or a file-like object, got %s"
		                 : "expected a string, got %s",
		           ev_repr(c, v));
	*out = v->u.str.s;
	if (**out != '\0' && (strlen(*out) != v->u.str.len || !svc_path_ok(*out, "")))
		return ev_failn(c, ev_record_loc(rec, field),
		                "%s: field '%s': invalid path %s (%s)", rec->u.rec->rtd->name,
		                field, ev_repr(c, v), path_expect);
	return 0;
}

static int emit_list(struct ev_ctx *c, struct gx_buf *b, const struct ev *rec, const char *prefix,
                     const struct field *f)
{
	const char **v, *sep = f->kind == K_ROBOTS ? ", " : " ";
	const struct ev *p = ev_record_get(rec, f->name);

	if (get_list(c, rec, f->name, f->kind == K_ROBOTS ? "," : "", &v) < 0)
		return -1;
	if (f->kind == K_SNAPSHOTS)
		for (size_t i = 0; v[i] != NULL; i++, p = p->u.pair.cdr)
			if (!in(snapshot_formats, v[i] + (v[i][0] == '.')) &&
			    strcmp(v[i], "all") != 0)
				return bad(
				        c, rec, f->name,
				        "invalid snapshot format %s (expected \"tar\", \"tar.gz\", "
				        "\"tar.bz2\", \"tar.lz\", \"tar.xz\", \"tar.zst\", \"zip\" "
				        "or \"all\")",
				        ev_repr(c, p->u.pair.car));
	if (v[0] != NULL)
		line(c, b, prefix, f->name, svc_join(c, v, sep));
	return 0;
}

/* mimetype: Guix's ((EXTENSION "type") ...), each a line (Guix's last
 * one has no newline, and runs into the next field). */
static int emit_mimetypes(struct ev_ctx *c, struct gx_buf *b, const struct ev *rec,
                          const char *field)
{
	const struct ev *l = ev_record_get(rec, field);

	if (!ev_is_list(l))
		return bad(c, rec, field, "expected a list of (EXTENSION \"type\"), got %s",
		           ev_repr(c, l));
	gx_buf_puts(b, "# Mimetypes\n");
	for (; l->type == EV_PAIR; l = l->u.pair.cdr) {
		const struct ev *e = l->u.pair.car, *ext, *type;

		if (ev_list_length(e) != 2 || (ext = e->u.pair.car)->type != EV_SYMBOL ||
		    (type = e->u.pair.cdr->u.pair.car)->type != EV_STRING)
			return bad(c, rec, field, "expected (EXTENSION \"type\"), got %s",
			           ev_repr(c, e));
		if (*ext->u.str.s == '\0' || strpbrk(ext->u.str.s, "=/") != NULL ||
		    !one_line(ext->u.str.s, ext->u.str.len) || !token(ext->u.str.s) ||
		    *type->u.str.s == '\0' || !one_line(type->u.str.s, type->u.str.len) ||
		    !token(type->u.str.s))
			return bad(
			        c, rec, field,
			        "invalid entry %s (expected a file name extension and a MIME type, "
			        "without white space or control characters)",
			        ev_repr(c, e));
		gx_buf_printf(b, "mimetype.%s=%s\n", ext->u.str.s, type->u.str.s);
	}
	return 0;
}

/* module-link-path: '() or (PATH TEXT), "repo.module-link.PATH=TEXT". */
static int emit_module_link_path(struct ev_ctx *c, struct gx_buf *b, const struct ev *rec,
                                 const char *field)
{
	const struct ev *l = ev_record_get(rec, field), *path, *text;

	if (l->type == EV_NIL)
		return 0;
	if (ev_list_length(l) != 2 || (path = l->u.pair.car)->type != EV_STRING ||
	    (text = l->u.pair.cdr->u.pair.car)->type != EV_STRING)
		return bad(c, rec, field, "expected '() or (\"PATH\" \"TEXT\"), got %s",
		           ev_repr(c, l));
	if (*path->u.str.s == '\0' || strchr(path->u.str.s, '=') != NULL ||
	    !one_line(path->u.str.s, path->u.str.len) || !token(path->u.str.s) ||
	    !one_line(text->u.str.s, text->u.str.len))
		return bad(c, rec, field,
		           "invalid value %s (expected a submodule's path without '=', white space "
		           "or control characters, and a one-line text)",
		           ev_repr(c, l));
	gx_buf_printf(b, "repo.module-link.%s=%s\n", path->u.str.s, text->u.str.s);
	return 0;
}

/* extra-options: each a cgitrc line, NAME=VALUE (or a comment): cgit
 * stops reading its file at a line without "=". */
static int emit_lines(struct ev_ctx *c, struct gx_buf *b, const struct ev *rec, const char *field)
{
	const struct ev *p = ev_record_get(rec, field);
	const char **v;

	if (svc_string_list(c, rec, field, &v) < 0)
		return -1;
	for (size_t i = 0; v[i] != NULL; i++, p = p->u.pair.cdr) {
		const char *s = v[i] + strspn(v[i], " \t");
		size_t k = strcspn(s, "=");

		if (!one_line(v[i], strlen(v[i])) ||
		    (*s != '#' && *s != ';' &&
		     (k == 0 || s[k] != '=' || svc_has_space(gx_arena_strndup(c->arena, s, k)))))
			return bad(
			        c, rec, field,
			        "invalid entry %s (expected a line NAME=VALUE, NAME without white "
			        "space, or a comment: cgit stops reading cgitrc at a line without "
			        "\"=\")",
			        ev_repr(c, p->u.pair.car));
		gx_buf_printf(b, "%s\n", v[i]);
	}
	return 0;
}

static int emit_field(struct ev_ctx *c, struct gx_buf *b, const struct ev *rec, const char *prefix,
                      const struct field *f)
{
	const struct ev *v = ev_record_get(rec, f->name);
	const char *s;
	long n;
	bool t;

	switch (f->kind) {
	case K_STRING:
	case K_TOKEN:
		if (get_line(c, rec, f->name, f->kind == K_TOKEN, &s) < 0)
			return -1;
		break;
	case K_ENUM:
		if (get_line(c, rec, f->name, false, &s) < 0)
			return -1;
		if (*s != '\0' && !in(f->choices, s))
			return bad(c, rec, f->name, "invalid value %s (expected \"%s\")",
			           ev_repr(c, v), svc_join(c, (const char **)f->choices, "\", \""));
		break;
	case K_PATH:
	case K_FILE:
		if (get_path(c, rec, f->name, f->kind == K_FILE, &s) < 0)
			return -1;
		break;
	case K_URL:
		if (v->type == EV_FILE)
			return bad(c, rec, f->name,
			           "%s is a file-like object, whose path under /etc/gxsys/files "
			           "cgit's nginx server does not serve: give the URL of a file it "
			           "serves (a string)",
			           ev_repr(c, v));
		if (get_line(c, rec, f->name, true, &s) < 0)
			return -1;
		break;
	case K_FILTER:
		if (get_filter(c, rec, f->name, &s) < 0)
			return -1;
		break;
	case K_INT:
		if (ev_get_int(c, rec, f->name, f->lo, f->hi, &n) < 0)
			return -1;
		s = gx_arena_printf(c->arena, "%ld", n);
		break;
	case K_MAYBE_BOOL:
		if (v->type == EV_UNSPEC)
			return 0;
		/* fall through */
	case K_BOOL:
		if (ev_get_bool(c, rec, f->name, &t) < 0)
			return -1;
		s = t ? "1" : "0";
		break;
	case K_LIST:
	case K_ROBOTS:
	case K_SNAPSHOTS:
		return emit_list(c, b, rec, prefix, f);
	case K_MIMETYPES:
		return emit_mimetypes(c, b, rec, f->name);
	case K_MODULE_LINK_PATH:
		return emit_module_link_path(c, b, rec, f->name);
	case K_NONE:
	case K_LATER:
	case K_LINES:
	default:
		return 0;
	}
	if (*s != '\0')
		line(c, b, prefix, f->name, s);
	return 0;
}

static int emit_repo(struct ev_ctx *c, struct gx_buf *b, const struct ev *cfg, const struct ev *r)
{
	const char *url, *path;

	if (!ev_record_is(r, REPO))
		return ev_failn(c, r->loc.file ? r->loc : ev_record_loc(cfg, "repositories"),
		                RTD ": field 'repositories': expected a list of " REPO
		                    " records, got %s",
		                ev_repr(c, r));
	if (get_line(c, r, "url", true, &url) < 0 || get_path(c, r, "path", false, &path) < 0)
		return -1;
	if (*url == '\0')
		return bad(c, r, "url",
		           "missing (cgit starts a repository at its repo.url line, and takes "
		           "the lines before it for the previous one)");
	if (*path == '\0')
		return bad(c, r, "path", "missing (the repository's directory)");
	line(c, b, "repo.", "url", url);
	for (size_t i = 0; i < N(repo_fields); i++) {
		const struct field *f = &repo_fields[i];

		if (strcmp(f->name, "path") == 0)
			line(c, b, "repo.", "path", path);
		else if (emit_field(c, b, r, "repo.", f) < 0)
			return -1;
	}
	return emit_lines(c, b, r, "extra-options");
}

/* project-list: '(), a list of paths relative to repository-directory
 * (Guix's plain-file "project-list" of them), or a file. */
static int emit_project_list(struct ev_ctx *c, struct gx_buf *b, const struct ev *cfg)
{
	struct ev *v = ev_record_get(cfg, "project-list"), *file;
	struct gx_buf list = GX_BUF_INIT;
	const char **entries, *path;

	if (v->type == EV_NIL)
		return 0;
	if (v->type == EV_STRING || v->type == EV_FILE) {
		if (get_path(c, cfg, "project-list", true, &path) < 0)
			return -1;
		if (*path != '\0')
			line(c, b, "", "project-list", path);
		return 0;
	}
	if (svc_string_list(c, cfg, "project-list", &entries) < 0)
		return -1;
	for (size_t i = 0; entries[i] != NULL; i++) {
		const char *e = entries[i];

		if (*e == '\0' || *e == '/' || !one_line(e, strlen(e)) ||
		    !svc_path_ok(gx_arena_printf(c->arena, "/%s", e), "")) {
			gx_buf_free(&list);
			return bad(c, cfg, "project-list",
			           "invalid entry \"%s\" (expected a path relative to "
			           "repository-directory, without white space, control characters "
			           "or \".\" and \"..\" components)",
			           e);
		}
		gx_buf_printf(&list, "%s%s", i ? "\n" : "", e);
	}
	file = ev_new(c, EV_FILE, ev_record_loc(cfg, "project-list"));
	file->u.file = gx_arena_alloc(c->arena, sizeof(*file->u.file));
	file->u.file->kind = F_PLAIN;
	file->u.file->name = "project-list";
	file->u.file->mode = 0644;
	file->u.file->len = list.len;
	file->u.file->content = gx_arena_strndup(c->arena, list.data ? list.data : "", list.len);
	gx_buf_free(&list);
	if ((path = osb_path_of(c, file, file->loc)) == NULL)
		return -1;
	line(c, b, "", "project-list", path);
	return 0;
}

/* Guix's serialize-cgit-configuration. */
static int cgitrc(struct ev_ctx *c, const struct ev *cfg, struct gx_buf *b)
{
	const struct ev *repos = ev_record_get(cfg, "repositories");
	const char *scan;

	for (size_t i = 0; i < N(fields); i++)
		if (emit_field(c, b, cfg, "", &fields[i]) < 0)
			return -1;
	if (emit_project_list(c, b, cfg) < 0 || emit_lines(c, b, cfg, "extra-options") < 0 ||
	    get_path(c, cfg, "repository-directory", false, &scan) < 0)
		return -1;
	if (*scan != '\0')
		gx_buf_printf(b, "scan-path=%s\n", scan);
	if (!ev_is_list(repos))
		return bad(c, cfg, "repositories", "expected a list of " REPO " records, got %s",
		           ev_repr(c, repos));
	for (; repos->type == EV_PAIR; repos = repos->u.pair.cdr)
		if (emit_repo(c, b, cfg, repos->u.pair.car) < 0)
			return -1;
	return 0;
}

/* ---- the service ---- */

static bool opaque(const struct ev *cfg)
{
	return ev_record_is(cfg, OPAQUE);
}

static int check_value(struct ev_ctx *c, const struct svc_instance *s)
{
	if (ev_record_is(s->value, RTD) || opaque(s->value))
		return 0;
	return ev_failn(c, s->value->loc, "%s: expected a " RTD " or an " OPAQUE ", got %s",
	                s->def->name, ev_repr(c, s->value));
}

/* The nginx extension: the configuration's nginx servers. */
static struct ev *nginx_ext(struct ev_ctx *c, const struct svc_instance *s)
{
	struct ev *l;

	if (check_value(c, s) < 0)
		return NULL;
	l = ev_record_get(s->value, "nginx");
	if (!ev_is_list(l))
		return bad(c, s->value, "nginx",
		           "expected a list of nginx-server-configuration records, got %s",
		           ev_repr(c, l)),
		       NULL;
	for (struct ev *p = l; p->type == EV_PAIR; p = p->u.pair.cdr)
		if (!ev_record_is(p->u.pair.car, "nginx-server-configuration"))
			return bad(c, s->value, "nginx",
			           "expected a list of nginx-server-configuration records, got %s",
			           ev_repr(c, p->u.pair.car)),
			       NULL;
	return l;
}

/* Whether REC's FIELD was given, not left at its default. */
static bool given(const struct ev *rec, const char *field)
{
	const struct ev_rtd *rtd = rec->u.rec->rtd;

	for (size_t i = 0; i < rtd->n_fields; i++)
		if (strcmp(rtd->fields[i].name, field) == 0)
			return rec->u.rec->locs[i].file != NULL;
	return false;
}

/* The fcgiwrap extension (see fcgiwrap.c): the socket of the default
 * nginx server, and the cache root, which cgit writes as fcgiwrap's user. */
static struct ev *fcgiwrap_ext(struct ev_ctx *c, const struct svc_instance *s)
{
	struct sx_loc loc = s->loc;
	const char *root;
	struct ev *want;

	if (check_value(c, s) < 0 || get_path(c, s->value, "cache-root", false, &root) < 0)
		return NULL;
	if (*root == '\0')
		return bad(c, s->value, "cache-root", "invalid path \"\" (%s)", path_expect), NULL;
	want = !given(s->value, "nginx") ? ev_cstring(c, "tcp:127.0.0.1:9000", loc)
	                                 : ev_bool(c, false, loc);
	return ev_cons(c, want, ev_cons(c, ev_cstring(c, root, loc), ev_nil(c, loc), loc), loc);
}

static const struct svc_extension extensions[] = {
	{ "nginx-service-type", nginx_ext },
	{ "fcgiwrap-service-type", fcgiwrap_ext },
	{ NULL, NULL },
};

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	struct ev *cfg = s->value, *pkg;
	struct gx_buf conf = GX_BUF_INIT;
	int r;

	if (check_value(c, s) < 0 || svc_refuse_extensions(c, s) < 0 ||
	    (pkg = svc_package(c, cfg, opaque(cfg) ? "cgit" : "package")) == NULL)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);
	if (opaque(cfg)) {
		const struct ev *text = ev_record_get(cfg, "cgitrc");
		const char *t;

		if (ev_get_string(c, cfg, "cgitrc", &t) < 0)
			return -1;
		if (strlen(t) != text->u.str.len)
			return bad(c, cfg, "cgitrc", "NUL characters in the text");
		return osb_add_file(c, CONF, t, text->u.str.len, 0644, NULL, cfg->loc);
	}
	r = cgitrc(c, cfg, &conf);
	if (r == 0)
		r = osb_add_file(c, CONF, conf.data ? conf.data : "", conf.len, 0644, NULL,
		                 cfg->loc);
	gx_buf_free(&conf);
	return r;
}

const struct svc_def svc_cgit = {
	"cgit-service-type", SVC_RUN, NULL, RTD, SVC_DEFAULT_RECORD, NULL, NULL, false, expand,
	extensions,
};

/* (cgit-configuration-nginx-config CONFIG): Guix's, the nginx servers of
 * either configuration. */
static struct ev *p_nginx_config(struct ev_ctx *c, struct ev **a, size_t n, struct sx_loc loc)
{
	(void)n;
	if (!ev_record_is(a[0], RTD) && !opaque(a[0]))
		return ev_fail(c, a[0]->loc.file ? a[0]->loc : loc,
		               "cgit-configuration-nginx-config: expected a " RTD " or an " OPAQUE
		               ", got %s",
		               ev_repr(c, a[0]));
	return ev_record_get(a[0], "nginx");
}

static const struct ev_prim nginx_config_prim = { "cgit-configuration-nginx-config", 1, 1,
	                                          p_nginx_config };

void svc_cgit_install(struct ev_ctx *c)
{
	struct sx_loc none = { NULL, 0, 0 };
	struct ev *v = ev_new(c, EV_PRIM, none);

	v->u.prim = &nginx_config_prim;
	ev_define(c, c->global, nginx_config_prim.name, v);
	ev_define(c, c->global, "%cgit-configuration-nginx", default_nginx_server(c, none));
}
