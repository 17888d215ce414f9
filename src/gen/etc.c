/* Generation of a system's /etc from the OS model.  One small generator per
 * file in one table; each checks the values it writes against the format
 * of its file (colon-separated databases, os-release's shell-like quoting,
 * hosts' whitespace-separated fields). */
#include "etc.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define OS_RELEASE_NAME "gxsys"

static const char *loc_file(const struct os_model *os, struct sx_loc loc)
{
	if (loc.file != NULL)
		return loc.file;
	return os->source_file ? os->source_file : "<config>";
}

/* "FILE:LINE:COL: " for a declaration, or "FILE: " when it has no line. */
static int fail_at(struct gx_error **err, const struct os_model *os, struct sx_loc loc,
                   const char *what)
{
	if (loc.line > 0)
		return gx_fail_input(err, "%s:%d:%d: %s", loc_file(os, loc), loc.line, loc.col,
		                     what);
	return gx_fail_input(err, "%s: %s", loc_file(os, loc), what);
}

static bool has_ctl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

bool etc_valid_host_name(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > 64 || s[0] == '-' || s[0] == '.')
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '.' && *s != '_')
			return false;
	return true;
}

bool etc_valid_account_name(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > 32 || s[0] == '-' || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '$' && i == n - 1 && i > 0)
			continue;
		if (!isalnum(c) && c != '_' && c != '-' && c != '.')
			return false;
	}
	return true;
}

bool etc_valid_relpath(const char *s)
{
	const char *p = s;

	if (s == NULL || *s == '\0' || *s == '/' || has_ctl(s))
		return false;
	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		p += n;
		if (*p == '/')
			p++;
		if (e && *p == '\0')
			return false;
	}
	return true;
}

/* A field of a colon-separated database: no ':' and no control character. */
static int check_field(const struct os_model *os, struct sx_loc loc, const char *kind,
                       const char *name, const char *field, const char *value,
                       struct gx_error **err)
{
	_cleanup_free_ char *msg = NULL;

	if (value == NULL || (strchr(value, ':') == NULL && !has_ctl(value)))
		return 0;
	msg = gx_asprintf("%s '%s': %s may not contain ':' or control characters "
	                  "(/etc/passwd and /etc/group cannot hold them)",
	                  kind, name, field);
	return fail_at(err, os, loc, msg);
}

static int check_user(const struct os_model *os, const struct os_user *u, struct gx_error **err)
{
	_cleanup_free_ char *msg = NULL;

	if (!etc_valid_account_name(u->name)) {
		msg = gx_asprintf("invalid user name '%s' (letters, digits, '_', '-', '.', "
		                  "at most 32 characters)",
		                  u->name ? u->name : "");
		return fail_at(err, os, u->loc, msg);
	}
	if (u->uid < 0 || u->gid < 0 || u->uid > 0xfffffffeL || u->gid > 0xfffffffeL) {
		msg = gx_asprintf("user '%s': invalid uid or gid", u->name);
		return fail_at(err, os, u->loc, msg);
	}
	if (check_field(os, u->loc, "user", u->name, "comment", u->comment, err) < 0 ||
	    check_field(os, u->loc, "user", u->name, "home directory", u->home, err) < 0 ||
	    check_field(os, u->loc, "user", u->name, "shell", u->shell, err) < 0 ||
	    check_field(os, u->loc, "user", u->name, "password", u->password, err) < 0)
		return -1;
	if (u->home == NULL || u->home[0] != '/' || (u->shell && u->shell[0] != '/')) {
		msg = gx_asprintf("user '%s': home directory and shell must be absolute paths",
		                  u->name);
		return fail_at(err, os, u->loc, msg);
	}
	return 0;
}

static int check_group(const struct os_model *os, const struct os_group *g, struct gx_error **err)
{
	_cleanup_free_ char *msg = NULL;

	if (!etc_valid_account_name(g->name)) {
		msg = gx_asprintf("invalid group name '%s'", g->name ? g->name : "");
		return fail_at(err, os, g->loc, msg);
	}
	if (g->gid < 0 || g->gid > 0xfffffffeL) {
		msg = gx_asprintf("group '%s': invalid gid", g->name);
		return fail_at(err, os, g->loc, msg);
	}
	return check_field(os, g->loc, "group", g->name, "password", g->password, err);
}

int etc_passwd(const struct os_model *os, struct gx_buf *out, struct gx_error **err)
{
	for (size_t i = 0; i < os->n_users; i++) {
		const struct os_user *u = &os->users[i];

		if (check_user(os, u, err) < 0)
			return -1;
		gx_buf_printf(out, "%s:x:%ld:%ld:%s:%s:%s\n", u->name, u->uid, u->gid,
		              u->comment ? u->comment : "", u->home,
		              u->shell ? u->shell : "/bin/sh");
	}
	return 0;
}

static bool user_in_group(const struct os_user *u, const char *group)
{
	for (const char **g = u->supplementary_groups; g && *g; g++)
		if (strcmp(*g, group) == 0)
			return true;
	return false;
}

static void put_members(const struct os_model *os, const char *group, struct gx_buf *out)
{
	const char *sep = "";

	for (size_t i = 0; i < os->n_users; i++)
		if (user_in_group(&os->users[i], group)) {
			gx_buf_printf(out, "%s%s", sep, os->users[i].name);
			sep = ",";
		}
}

static const struct os_group *find_group(const struct os_model *os, const char *name)
{
	for (size_t i = 0; i < os->n_groups; i++)
		if (strcmp(os->groups[i].name, name) == 0)
			return &os->groups[i];
	return NULL;
}

static int check_memberships(const struct os_model *os, struct gx_error **err)
{
	for (size_t i = 0; i < os->n_users; i++) {
		const struct os_user *u = &os->users[i];

		for (const char **g = u->supplementary_groups; g && *g; g++)
			if (find_group(os, *g) == NULL) {
				_cleanup_free_ char *msg = gx_asprintf(
				        "user '%s': supplementary group '%s' is not declared",
				        u->name, *g);
				return fail_at(err, os, u->loc, msg);
			}
	}
	return 0;
}

int etc_group(const struct os_model *os, struct gx_buf *out, struct gx_error **err)
{
	if (check_memberships(os, err) < 0)
		return -1;
	for (size_t i = 0; i < os->n_groups; i++) {
		const struct os_group *g = &os->groups[i];

		if (check_group(os, g, err) < 0)
			return -1;
		gx_buf_printf(out, "%s:x:%ld:", g->name, g->gid);
		put_members(os, g->name, out);
		gx_buf_putc(out, '\n');
	}
	return 0;
}

static int etc_gshadow(const struct os_model *os, struct gx_buf *out, struct gx_error **err)
{
	for (size_t i = 0; i < os->n_groups; i++) {
		const struct os_group *g = &os->groups[i];

		if (check_group(os, g, err) < 0)
			return -1;
		gx_buf_printf(out, "%s:%s::", g->name, g->password ? g->password : "!");
		put_members(os, g->name, out);
		gx_buf_putc(out, '\n');
	}
	return 0;
}

/* No last-change date: the item must not depend on the day it was built.
 * No password (NULL) is "*": no password matches it, but unlike "!" (a
 * locked account) sshd without PAM still accepts the user's keys, as a
 * Guix user with (password #f) and authorized-keys expects. */
int etc_shadow(const struct os_model *os, struct gx_buf *out, struct gx_error **err)
{
	for (size_t i = 0; i < os->n_users; i++) {
		const struct os_user *u = &os->users[i];

		if (check_user(os, u, err) < 0)
			return -1;
		gx_buf_printf(out, "%s:%s::0:99999:7:::\n", u->name,
		              u->password ? u->password : "*");
	}
	return 0;
}

static int check_host_name(const struct os_model *os, struct gx_error **err)
{
	_cleanup_free_ char *msg = NULL;

	if (etc_valid_host_name(os->host_name))
		return 0;
	msg = gx_asprintf("invalid host-name \"%s\" (1 to 64 letters, digits, '-', '.' or '_')",
	                  os->host_name ? os->host_name : "");
	return fail_at(err, os, (struct sx_loc){ 0 }, msg);
}

static int etc_hostname(const struct os_model *os, struct gx_buf *out, struct gx_error **err)
{
	if (check_host_name(os, err) < 0)
		return -1;
	gx_buf_printf(out, "%s\n", os->host_name);
	return 0;
}

static bool valid_address(const char *s)
{
	unsigned char buf[16];

	return s && (inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1);
}

int etc_hosts(const struct os_model *os, struct gx_buf *out, struct gx_error **err)
{
	if (check_host_name(os, err) < 0)
		return -1;
	if (os->hosts_file != NULL) { /* Guix writes it as it is */
		gx_buf_add(out, os->hosts_file, os->hosts_file_len);
		return 0;
	}
	gx_buf_printf(out, "127.0.0.1 localhost %s\n::1 localhost ip6-localhost ip6-loopback %s\n",
	              os->host_name, os->host_name);
	for (size_t i = 0; i < os->n_hosts; i++) {
		const struct os_host *h = &os->hosts[i];

		if (!valid_address(h->address) || h->names == NULL || h->names[0] == NULL)
			return gx_fail_input(err, "%s: invalid hosts entry '%s'",
			                     loc_file(os, (struct sx_loc){ 0 }),
			                     h->address ? h->address : "");
		gx_buf_puts(out, h->address);
		for (const char **n = h->names; *n; n++) {
			if (!etc_valid_host_name(*n))
				return gx_fail_input(
				        err, "%s: hosts entry '%s': invalid name \"%s\"",
				        loc_file(os, (struct sx_loc){ 0 }), h->address, *n);
			gx_buf_printf(out, " %s", *n);
		}
		gx_buf_putc(out, '\n');
	}
	return 0;
}

static int etc_nsswitch(const struct os_model *os, struct gx_buf *out, struct gx_error **err)
{
	(void)os;
	(void)err;
	gx_buf_puts(out, "passwd:     files\n"
	                 "group:      files\n"
	                 "shadow:     files\n"
	                 "gshadow:    files\n"
	                 "hosts:      files dns\n"
	                 "networks:   files\n"
	                 "protocols:  files\n"
	                 "services:   files\n"
	                 "ethers:     files\n"
	                 "rpc:        files\n");
	return 0;
}

static bool in_strv(char **v, const char *s)
{
	for (; v && *v; v++)
		if (strcmp(*v, s) == 0)
			return true;
	return false;
}

static int etc_shells(const struct os_model *os, struct gx_buf *out, struct gx_error **err)
{
	static const char *const base[] = { "/bin/sh", "/usr/bin/sh", "/bin/bash",
		                            "/usr/bin/bash" };
	_cleanup_strv_ char **seen = NULL;

	for (size_t i = 0; i < sizeof(base) / sizeof(base[0]); i++)
		seen = gx_strv_push(seen, base[i]);
	for (size_t i = 0; i < os->n_users; i++) {
		const char *sh = os->users[i].shell;

		if (check_user(os, &os->users[i], err) < 0)
			return -1;
		if (sh == NULL || in_strv(seen, sh) || strstr(sh, "nologin") ||
		    strcmp(sh, "/bin/false") == 0)
			continue;
		seen = gx_strv_push(seen, sh);
	}
	gx_buf_puts(out, "# /etc/shells: valid login shells\n");
	for (char **s = seen; *s; s++)
		gx_buf_printf(out, "%s\n", *s);
	return 0;
}

static int etc_profile(const struct os_model *os, struct gx_buf *out, struct gx_error **err)
{
	(void)os;
	(void)err;
	gx_buf_puts(out,
	            "# /etc/profile: system-wide .profile for Bourne-compatible shells\n"
	            "# (generated by gxsys).\n"
	            "if [ \"$(id -u)\" -eq 0 ]; then\n"
	            "\tPATH=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"\n"
	            "else\n"
	            "\tPATH=\"/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games\"\n"
	            "fi\n"
	            "export PATH\n"
	            "# No PAM here: pam_env reads /etc/environment at login on Debian and\n"
	            "# Guix.  A login shell reads it, keeping what is set already.\n"
	            "if [ -r /etc/environment ]; then\n"
	            "\twhile IFS='=' read -r gxsys_k gxsys_v; do\n"
	            "\t\tcase $gxsys_k in '' | [0-9]* | *[!A-Za-z0-9_]*) continue ;; esac\n"
	            "\t\teval \"[ -n \\\"\\${$gxsys_k+x}\\\" ]\" || export \"$gxsys_k=$gxsys_v\"\n"
	            "\tdone </etc/environment\n"
	            "\tunset gxsys_k gxsys_v\n"
	            "fi\n"
	            "umask 022\n"
	            "if [ \"${PS1-}\" ]; then\n"
	            "\tif [ \"${BASH-}\" ] && [ \"$BASH\" != \"/bin/sh\" ]; then\n"
	            "\t\t[ -f /etc/bash.bashrc ] && . /etc/bash.bashrc\n"
	            "\telse\n"
	            "\t\tif [ \"$(id -u)\" -eq 0 ]; then PS1='# '; else PS1='$ '; fi\n"
	            "\tfi\n"
	            "fi\n"
	            "if [ -d /etc/profile.d ]; then\n"
	            "\tfor i in /etc/profile.d/*.sh; do\n"
	            "\t\tif [ -r \"$i\" ]; then . \"$i\"; fi\n"
	            "\tdone\n"
	            "\tunset i\n"
	            "fi\n");
	return 0;
}

static bool valid_locale(const char *s)
{
	if (s == NULL || *s == '\0' || strlen(s) > 64)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_.@-", *s))
			return false;
	return true;
}

static bool valid_timezone(const char *s)
{
	if (!etc_valid_relpath(s) || strlen(s) > 128)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_+-/", *s))
			return false;
	return true;
}

static int etc_environment(const struct os_model *os, struct gx_buf *out, struct gx_error **err)
{
	const char *locale = os->locale ? os->locale : "en_US.utf8";

	if (!valid_locale(locale))
		return gx_fail_input(err, "%s: invalid locale \"%s\"",
		                     loc_file(os, (struct sx_loc){ 0 }), locale);
	const char *const dflt[] = {
		gx_asprintf("LANG=%s", locale),
		"SSL_CERT_DIR=/etc/ssl/certs",
		"SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt",
	};

	for (size_t j = 0; j < os->n_session_env; j++) {
		const char *e = os->session_env[j];
		size_t n = strcspn(e, "=");

		if (n == 0 || e[n] != '=' || isdigit((unsigned char)e[0]) ||
		    strspn(e, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") !=
		            n ||
		    strchr(e, '\n') != NULL) {
			free((char *)dflt[0]);
			return gx_fail_input(err, "%s: invalid environment entry \"%s\"",
			                     loc_file(os, (struct sx_loc){ 0 }), e);
		}
	}
	/* The defaults, but those the declaration sets (as Guix's
	 * session-environment-service-type extensions would), then its own. */
	for (size_t i = 0; i < sizeof(dflt) / sizeof(dflt[0]); i++) {
		size_t n = strcspn(dflt[i], "=") + 1;
		bool set = false;

		for (size_t j = 0; j < os->n_session_env && !set; j++)
			set = strncmp(os->session_env[j], dflt[i], n) == 0;
		if (!set)
			gx_buf_printf(out, "%s\n", dflt[i]);
	}
	free((char *)dflt[0]);
	for (size_t j = 0; j < os->n_session_env; j++)
		gx_buf_printf(out, "%s\n", os->session_env[j]);
	return 0;
}

static const char *timezone_of(const struct os_model *os)
{
	return os->timezone ? os->timezone : "Etc/UTC";
}

static int etc_timezone(const struct os_model *os, struct gx_buf *out, struct gx_error **err)
{
	if (!valid_timezone(timezone_of(os)))
		return gx_fail_input(err, "%s: invalid timezone \"%s\"",
		                     loc_file(os, (struct sx_loc){ 0 }), timezone_of(os));
	gx_buf_printf(out, "%s\n", timezone_of(os));
	return 0;
}

static int etc_localtime(const struct os_model *os, struct gx_buf *out, struct gx_error **err)
{
	if (!valid_timezone(timezone_of(os)))
		return gx_fail_input(err, "%s: invalid timezone \"%s\"",
		                     loc_file(os, (struct sx_loc){ 0 }), timezone_of(os));
	gx_buf_printf(out, "/usr/share/zoneinfo/%s", timezone_of(os));
	return 0;
}

/* os-release(5): values in double quotes with \ " $ ` escaped. */
static void put_osr(struct gx_buf *out, const char *key, const char *value)
{
	gx_buf_printf(out, "%s=\"", key);
	for (; *value; value++) {
		if (strchr("\\\"$`", *value))
			gx_buf_putc(out, '\\');
		gx_buf_putc(out, *value);
	}
	gx_buf_puts(out, "\"\n");
}

int etc_os_release(const struct os_model *os, struct gx_buf *out, struct gx_error **err)
{
	(void)os;
	(void)err;
	put_osr(out, "PRETTY_NAME", "gxsys system container (Debian GNU/Linux 12)");
	put_osr(out, "NAME", OS_RELEASE_NAME);
	put_osr(out, "ID", OS_RELEASE_NAME);
	put_osr(out, "ID_LIKE", "debian");
	put_osr(out, "VERSION_ID", "12");
	put_osr(out, "VERSION_CODENAME", "bookworm");
	put_osr(out, "VARIANT_ID", "container");
	return 0;
}

static int etc_issue(const struct os_model *os, struct gx_buf *out, struct gx_error **err)
{
	(void)err;
	if (os->issue != NULL)
		gx_buf_puts(out, os->issue);
	else
		gx_buf_puts(out, "gxsys system container (Debian GNU/Linux 12) \\n \\l\n\n");
	return 0;
}

typedef int (*etc_gen_fn)(const struct os_model *os, struct gx_buf *out, struct gx_error **err);

static const struct etc_gen {
	const char *path;
	unsigned mode;
	enum etc_kind kind;
	etc_gen_fn gen;
} generators[] = {
	{ "passwd", 0644, ETC_FILE, etc_passwd },
	{ "group", 0644, ETC_FILE, etc_group },
	{ "shadow", 0600, ETC_FILE, etc_shadow },
	{ "gshadow", 0600, ETC_FILE, etc_gshadow },
	{ "hostname", 0644, ETC_FILE, etc_hostname },
	{ "hosts", 0644, ETC_FILE, etc_hosts },
	{ "nsswitch.conf", 0644, ETC_FILE, etc_nsswitch },
	{ "shells", 0644, ETC_FILE, etc_shells },
	{ "profile", 0644, ETC_FILE, etc_profile },
	{ "environment", 0644, ETC_FILE, etc_environment },
	{ "timezone", 0644, ETC_FILE, etc_timezone },
	{ "localtime", 0777, ETC_SYMLINK, etc_localtime },
	{ "os-release", 0644, ETC_FILE, etc_os_release },
	{ "issue", 0644, ETC_FILE, etc_issue },
};

static struct etc_entry *add_entry(struct etc_set *set, const char *path, enum etc_kind kind,
                                   unsigned mode)
{
	struct etc_entry *e;

	set->v = gx_xrealloc(set->v, (set->n + 1) * sizeof(*set->v));
	e = &set->v[set->n++];
	memset(e, 0, sizeof(*e));
	e->path = gx_xstrdup(path);
	e->kind = kind;
	e->mode = mode;
	return e;
}

struct etc_entry *etc_set_find(const struct etc_set *set, const char *path)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->v[i].path, path) == 0)
			return &set->v[i];
	return NULL;
}

/* "/etc/x/y" or "x/y" → "x/y"; anything else is refused. */
static const char *declared_path(const char *p)
{
	if (p && strncmp(p, "/etc/", 5) == 0)
		p += 5;
	return etc_valid_relpath(p) ? p : NULL;
}

static int add_declared(const struct os_model *os, const struct os_file *f, struct etc_set *set,
                        struct gx_error **err)
{
	const char *path = declared_path(f->path);
	struct etc_entry *e;
	_cleanup_free_ char *msg = NULL;

	if (path == NULL)
		msg = gx_asprintf("invalid /etc file name \"%s\" (a relative path under /etc, "
		                  "without '.', '..' or control characters)",
		                  f->path ? f->path : "");
	else if (etc_set_find(set, path) != NULL)
		msg = gx_asprintf("/etc/%s is declared twice or conflicts with a generated file",
		                  path);
	else if (f->content == NULL)
		msg = gx_asprintf("/etc/%s has no content", path);
	if (msg != NULL)
		return fail_at(err, os, f->loc, msg);
	e = add_entry(set, path, ETC_FILE, f->mode ? f->mode : 0644);
	e->declared = true;
	e->fallback = f->fallback;
	e->content = gx_xmalloc(f->len + 1);
	memcpy(e->content, f->content, f->len);
	e->content[f->len] = '\0';
	e->len = f->len;
	return 0;
}

int etc_generate(const struct os_model *os, struct etc_set *out, struct gx_error **err)
{
	struct etc_set set = { NULL, 0 };

	for (size_t i = 0; i < sizeof(generators) / sizeof(generators[0]); i++) {
		const struct etc_gen *g = &generators[i];
		struct gx_buf b = GX_BUF_INIT;
		struct etc_entry *e;

		if (g->gen(os, &b, err) < 0) {
			gx_buf_free(&b);
			etc_set_free(&set);
			return -1;
		}
		e = add_entry(&set, g->path, g->kind, g->mode);
		e->len = b.len;
		e->content = gx_buf_steal(&b);
	}
	for (size_t i = 0; i < os->n_etc_files; i++)
		if (add_declared(os, &os->etc_files[i], &set, err) < 0) {
			etc_set_free(&set);
			return -1;
		}
	*out = set;
	return 0;
}

void etc_set_free(struct etc_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		free(set->v[i].path);
		free(set->v[i].content);
	}
	free(set->v);
	set->v = NULL;
	set->n = 0;
}
