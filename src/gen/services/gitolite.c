/* svc: gitolite-service-type (gnu/services/version-control.scm): Git
 * hosting over SSH with gitolite, as Guix's.  Guix's gitolite-configuration
 * (package, user, group, home-directory, rc-file, admin-pubkey) and
 * gitolite-rc-file (umask, unsafe-pattern, git-config-keys, roles, enable)
 * records with Guix's defaults.  The package is Debian's gitolite3.
 *
 * What it makes, as Guix does: the group and system account (a login
 * shell, so that sshd can run gitolite-shell for it), its home, the
 * package in the profile, the rc file (/etc/gxsys/gitolite/gitolite.rc,
 * Guix's text), and Guix's activation: the rc file copied to
 * ~/.gitolite.rc, a ~/.gitconfig, and `gitolite setup -pk ADMIN.pub` run as
 * the account, which makes the gitolite-admin repository (the first time)
 * and puts the keys into ~/.ssh/authorized_keys.  gxsys runs no activation
 * code: that is the one-shot service gitolite-setup.  SSH itself is the
 * system's openssh-service-type, as in Guix.
 *
 * The admin key's file name, less ".pub", is the admin's gitolite user
 * name (gitolite's rule): (local-file "alice.pub") makes "alice". */
#include <string.h>

#include "launcher.h"
#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "gitolite-configuration"
#define RC "gitolite-rc-file"
#define RC_FILE "gxsys/gitolite/gitolite.rc" /* under /etc */
#define SETUP "gxsys/gitolite/setup"         /* under /etc */

static struct ev *d_package(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "gitolite", loc);
}

static struct ev *d_rc_file(struct ev_ctx *c, struct sx_loc loc)
{
	struct ev *r = ev_record_new(c, ev_find_rtd(RC), loc);

	return ev_record_fill_defaults(c, r, loc) < 0 ? NULL : r;
}

/* '(("READERS" . 1) ("WRITERS" . 1)) */
static struct ev *d_roles(struct ev_ctx *c, struct sx_loc loc)
{
	struct ev *l = ev_nil(c, loc);
	static const char *const roles[] = { "WRITERS", "READERS" };

	for (size_t i = 0; i < N(roles); i++)
		l = ev_cons(c, ev_cons(c, ev_cstring(c, roles[i], loc), ev_int(c, 1, loc), loc), l,
		            loc);
	return l;
}

static const struct ev_field rc_fields[] = {
	{ "umask", D_INT, 0077, NULL, NULL, NULL },
	{ "unsafe-pattern", D_FALSE, 0, NULL, NULL, NULL },
	{ "git-config-keys", D_STRING, 0, "", NULL, NULL },
	{ "roles", D_FN, 0, NULL, d_roles, NULL },
	{ "enable", D_STRLIST, 0,
	  "help\ndesc\ninfo\nperms\nwritable\nssh-authkeys\ngit-config\ndaemon\ngitweb", NULL,
	  NULL },
};

static const struct ev_field fields[] = {
	{ "package", D_FN, 0, NULL, d_package, NULL },
	{ "user", D_STRING, 0, "git", NULL, NULL },
	{ "group", D_STRING, 0, "git", NULL, NULL },
	{ "home-directory", D_STRING, 0, "/var/lib/gitolite", NULL, NULL },
	{ "rc-file", D_FN, 0, NULL, d_rc_file, NULL },
	{ "admin-pubkey", D_REQUIRED, 0, NULL, NULL, NULL },
};

static const struct ev_rtd rc_rtd = { RC, rc_fields, N(rc_fields), false };
static const struct ev_rtd rtd = { RTD, fields, N(fields), false };

const struct ev_rtd *const svc_gitolite_records[] = { &rtd, &rc_rtd, NULL };

/* 'S' in Perl: a backslash or quote escaped by a backslash. */
static void perl_quote(struct gx_buf *b, const char *s)
{
	gx_buf_puts(b, "'");
	for (; *s; s++)
		gx_buf_printf(b, "%s%c", *s == '\\' || *s == '\'' ? "\\" : "", *s);
	gx_buf_puts(b, "'");
}

/* A regular expression inside Perl's qr(...): no control character, its
 * parentheses balanced (unescaped ones), no trailing backslash. */
static bool pattern_ok(const char *s, size_t len)
{
	int depth = 0;

	if (strlen(s) != len || len == 0)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < ' ' || *p == 0x7f)
			return false;
		if (*p == '\\') {
			if (p[1] == '\0')
				return false;
			p++;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')' && --depth < 0) {
			return false;
		}
	}
	return depth == 0;
}

/* Guix's gitolite-rc-file compiler: the rc file's text. */
static int rc_text(struct ev_ctx *c, const struct ev *rc, struct gx_buf *b)
{
	const struct ev *v;
	const char *keys, **enable;
	long umask;

	if (!ev_record_is(rc, RC))
		return ev_failn(c, rc->loc, RTD ": field 'rc-file': expected a " RC ", got %s",
		                ev_repr(c, rc));
	if (ev_get_int(c, rc, "umask", 0, 0777, &umask) < 0 ||
	    ev_get_string(c, rc, "git-config-keys", &keys) < 0)
		return -1;
	v = ev_record_get(rc, "git-config-keys");
	if (gx_has_control(keys, v->u.str.len))
		return svc_bad_field(c, rc, "git-config-keys",
		                     "a string without control characters");
	gx_buf_printf(b, "%%RC = (\n    UMASK => %04lo,\n    GIT_CONFIG_KEYS => ", umask);
	perl_quote(b, keys);
	gx_buf_puts(b, ",\n");
	gx_buf_puts(b, "    ROLES => {\n");
	v = ev_record_get(rc, "roles");
	if (!ev_is_list(v))
		return svc_bad_field(c, rc, "roles", "a list of (\"ROLE\" . VALUE) pairs");
	for (const struct ev *p = v; p->type == EV_PAIR; p = p->u.pair.cdr) {
		const struct ev *e = p->u.pair.car, *name, *val;

		if (e->type != EV_PAIR)
			return svc_bad_field(c, rc, "roles", "a list of (\"ROLE\" . VALUE) pairs");
		name = e->u.pair.car;
		val = e->u.pair.cdr;
		if ((name->type != EV_STRING && name->type != EV_SYMBOL) ||
		    strlen(name->u.str.s) != name->u.str.len ||
		    strspn(name->u.str.s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123"
		                          "456789_") != name->u.str.len ||
		    name->u.str.len == 0 || val->type != EV_INT)
			return svc_bad_field(
			        c, rc, "roles",
			        "a list of (\"ROLE\" . VALUE) pairs, ROLE letters, digits and "
			        "'_', VALUE an integer");
		gx_buf_printf(b, "        %s => %lld,\n", name->u.str.s, (long long)val->u.i);
	}
	gx_buf_puts(b, "    },\n\n    ENABLE => [\n");
	if (ev_get_strings(c, rc, "enable", &enable) < 0)
		return -1;
	for (size_t i = 0; enable[i] != NULL; i++) {
		if (gx_has_control(enable[i], strlen(enable[i])) || enable[i][0] == '\0')
			return svc_bad_field(c, rc, "enable",
			                     "a list of feature names without control characters");
		gx_buf_puts(b, "        ");
		perl_quote(b, enable[i]);
		gx_buf_puts(b, ",\n");
	}
	gx_buf_puts(b, "    ],\n);\n\n");
	v = ev_record_get(rc, "unsafe-pattern");
	if (v->type == EV_STRING && pattern_ok(v->u.str.s, v->u.str.len))
		gx_buf_printf(b, "$UNSAFE_PATT = qr(%s);\n", v->u.str.s);
	else if (!(v->type == EV_BOOL && !v->u.b))
		return svc_bad_field(
		        c, rc, "unsafe-pattern",
		        "#f or a regular expression (its parentheses balanced, without control "
		        "characters)");
	gx_buf_puts(b, "1;\n");
	return 0;
}

/* An account or group name: [a-z_][a-z0-9_-]*, as useradd takes. */
static bool account_name_ok(const char *s)
{
	return (*s >= 'a' && *s <= 'z') || *s == '_'
	               ? s[strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_-")] == '\0' &&
	                         strlen(s) <= 32
	               : false;
}

/* Guix's activation, run as the account: the rc file, the admin key (its
 * file name is the admin's name), git's identity, `gitolite setup`. */
static void setup_script(struct gx_buf *b, const char *home, const char *key, const char *key_name)
{
	gx_buf_puts(b, "#!/bin/sh\n"
	               "# Generated by gxsys (gitolite-service-type): Guix's activation of\n"
	               "# gitolite, run as its account.\n"
	               "set -e\n"
	               "cd ");
	launch_sh_quote(b, home);
	gx_buf_puts(b, "\nrm -f .gitolite.rc\n"
	               "cp /etc/" RC_FILE " .gitolite.rc\n"
	               "rm -f ");
	launch_sh_quote(b, key_name);
	gx_buf_puts(b, "\ncp ");
	launch_sh_quote(b, key);
	gx_buf_puts(b, " ");
	launch_sh_quote(b, key_name);
	gx_buf_puts(b, "\nchmod 500 ");
	launch_sh_quote(b, key_name);
	gx_buf_puts(b,
	            "\n"
	            "# so that gitolite need not ask the host name for git's identity\n"
	            "printf '[user]\\n        name = GNU Guix\\n        email = guix@localhost\\n' "
	            ">.gitconfig\n"
	            "/usr/bin/gitolite setup -m 'gitolite setup by gxsys' -pk ");
	launch_sh_quote(b, key_name);
	gx_buf_puts(b, "\nrm -f ");
	launch_sh_quote(b, key_name);
	gx_buf_puts(b, "\n");
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	struct ev *cfg = s->value, *pkg;
	struct gx_buf b = GX_BUF_INIT;
	const char *user, *group, *home, *key, *key_name;
	struct os_model *m = c->osb.m;
	struct os_service *o;
	int r;

	if (svc_check_value(c, s, "a") < 0 || svc_refuse_extensions(c, s) < 0 ||
	    (pkg = svc_package(c, cfg, "package")) == NULL ||
	    ev_get_string(c, cfg, "user", &user) < 0 ||
	    ev_get_string(c, cfg, "group", &group) < 0 ||
	    ev_get_string(c, cfg, "home-directory", &home) < 0)
		return -1;
	if (!account_name_ok(user))
		return svc_bad_field(c, cfg, "user", "an account name ([a-z_][a-z0-9_-]*)");
	if (!account_name_ok(group))
		return svc_bad_field(c, cfg, "group", "a group name ([a-z_][a-z0-9_-]*)");
	if (!svc_path_ok(home, ":"))
		return svc_bad_field(
		        c, cfg, "home-directory",
		        "an absolute path without white space, control characters, ':', \".\" "
		        "and \"..\" components");
	if ((key = svc_file_with_contents(c, cfg, "admin-pubkey",
	                                  ev_record_loc(cfg, "admin-pubkey"))) == NULL)
		return -1;
	key_name = strrchr(key, '/') ? strrchr(key, '/') + 1 : key;
	if (strlen(key_name) <= 4 || strcmp(key_name + strlen(key_name) - 4, ".pub") != 0 ||
	    strspn(key_name,
	           "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@-") !=
	            strlen(key_name) ||
	    key_name[0] == '.' || key_name[0] == '-')
		return ev_failn(c, ev_record_loc(cfg, "admin-pubkey"),
		                RTD
		                ": field 'admin-pubkey': the key's file name \"%s\" must be "
		                "the admin's gitolite name followed by \".pub\" (letters, "
		                "digits, '.', '_', '@', '-'), such as (local-file \"alice.pub\")",
		                key_name);

	r = rc_text(c, ev_record_get(cfg, "rc-file"), &b);
	if (r == 0)
		r = osb_add_file(c, RC_FILE, b.data, b.len, 0444, NULL, cfg->loc);
	gx_buf_free(&b);
	if (r < 0)
		return -1;
	setup_script(&b, home, key, key_name);
	r = osb_add_file(c, SETUP, b.data, b.len, 0555, NULL, cfg->loc);
	gx_buf_free(&b);
	if (r < 0)
		return -1;

	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);
	if (osb_add_system_account(c, user, group, "Gitolite user", home, s->loc) < 0)
		return -1;
	/* sshd runs gitolite-shell through the account's shell: not nologin
	 * (Guix's accounts have a shell, bash by default) */
	for (size_t i = 0; i < m->n_users; i++)
		if (strcmp(m->users[i].name, user) == 0 && m->users[i].system &&
		    strcmp(m->users[i].shell, "/usr/sbin/nologin") == 0)
			m->users[i].shell = "/bin/sh";
	osb_add_dir(c, home, user, group, 0700);

	o = osb_add_service(c, "gitolite-service-type", s->loc);
	o->provision = svc_split(c, "gitolite-setup");
	o->requirement = svc_split(c, "user-processes");
	o->documentation = "Set gitolite up: its rc file, the admin key, the gitolite-admin "
	                   "repository (Guix's activation).";
	o->one_shot = true;
	o->respawn = false;
	o->user = user;
	o->group = group;
	o->directory = home;
	o->environment = gx_arena_alloc(c->arena, 4 * sizeof(char *));
	o->environment[0] = gx_arena_printf(c->arena, "HOME=%s", home);
	o->environment[1] = gx_arena_printf(c->arena, "USER=%s", user);
	o->environment[2] = "PATH=/usr/bin:/bin";
	o->environment[3] = NULL;
	o->argv = svc_split(c, "/etc/" SETUP);
	return 0;
}

const struct svc_def svc_gitolite = {
	"gitolite-service-type",
	SVC_RUN,
	NULL,
	RTD,
	SVC_NO_DEFAULT,
	NULL,
	NULL,
	false,
	expand,
	NULL,
};
