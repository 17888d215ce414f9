/* svc: rsync-service-type (gnu/services/rsync.scm).  Makes /etc/rsyncd.conf
 * from rsync-configuration as Guix's rsync-config-file does (the global
 * pid file, lock file, log file, address, port, uid and gid, then one
 * section per rsync-module: path, use chroot, comment, read only, timeout);
 * the account named by uid (or user) in the group named by gid (or group),
 * home /var/run/NAME; at activation, the directory of the PID file (and,
 * beyond Guix, those of the lock and log files), and each module's
 * directory owned by that account; and the `rsync` service running Debian's
 * `rsync --daemon --no-detach --config=/etc/rsyncd.conf` as user and group
 * (root by default: rsync chroots into a module and runs its transfers as
 * uid/gid), waiting for its PID file as Guix's #:pid-file does.
 *
 * - Guix keeps the file in the store; here it is /etc/rsyncd.conf
 *   (Debian's default path).  Guix's Shepherd (after 0.9.0) starts rsync
 *   inetd-style, one process a connection on 0.0.0.0 and :: at port-number
 *   (the address and the PID file then unused); its fallback, which gxsys
 *   follows, runs the daemon, listening itself (on address when given),
 *   here in the foreground under gxsys-init (--no-detach).
 * - Guix's checks: unless user is "root", a port up to 1024, a module with
 *   chroot?, a uid or a gid are errors.  gxsys locates them at the field.
 * - The deprecated fields (share-path, share-comment, use-chroot?,
 *   read-only?, timeout) are Guix's: given a share-path, the modules are one
 *   module "files" made of them; each one given is said in a note.  Guix's
 *   module takes the comment "Rsync share" whatever share-comment says;
 *   gxsys takes share-comment when it is given.
 * - rsyncd.conf is read a line at a time: a value's leading and trailing
 *   white space is dropped, a '\r' removed, a line whose last character is
 *   '\' goes on on the next line, a line break ends the value, and
 *   %NAME% (a capital letter after the '%') is replaced by the environment
 *   variable NAME; a section name ends at ']', its white space is squeezed,
 *   "global" is the global section and a name with '/' is refused.  So every
 *   value written is checked to stay what it says: paths without white
 *   space, control characters, '%' or '\'; module names without white
 *   space, '/', '[', ']' or '%', not "global", not twice (rsync would merge
 *   them, ignoring case); comments without control characters, leading or
 *   trailing white space, a trailing '\' or a %NAME% reference. */
#include <ctype.h>
#include <string.h>

#include "etc.h"
#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "rsync-configuration"
#define MODULE "rsync-module"
#define CONF "rsyncd.conf"
/* What a path of the file must not hold beyond svc_path_ok's. */
#define PATH_FORBID "%\\"

static struct ev *d_package(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "rsync", loc);
}

/* Guix's *unspecified*: the deprecated fields' default. */
static struct ev *d_unspec(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_unspec(c, loc);
}

static const struct ev_field module_fields[] = {
	{ "name", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "file-name", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "comment", D_STRING, 0, "", NULL, NULL },
	{ "read-only?", D_TRUE, 0, NULL, NULL, NULL },
	{ "chroot?", D_TRUE, 0, NULL, NULL, NULL },
	{ "timeout", D_INT, 300, NULL, NULL, NULL },
};

static const struct ev_rtd module_rtd = { MODULE, module_fields, N(module_fields), false };

/* Guix's %default-modules: "files", /srv/rsyncd, writable. */
static struct ev *d_modules(struct ev_ctx *c, struct sx_loc loc)
{
	struct ev *m = ev_record_new(c, &module_rtd, loc);

	if (ev_record_set(c, m, "name", ev_cstring(c, "files", loc)) < 0 ||
	    ev_record_set(c, m, "file-name", ev_cstring(c, "/srv/rsyncd", loc)) < 0 ||
	    ev_record_set(c, m, "comment", ev_cstring(c, "Rsync share", loc)) < 0 ||
	    ev_record_set(c, m, "read-only?", ev_bool(c, false, loc)) < 0 ||
	    ev_record_fill_defaults(c, m, loc) < 0)
		return NULL;
	return ev_cons(c, m, ev_nil(c, loc), loc);
}

static const struct ev_field rsync_fields[] = {
	{ "package", D_FN, 0, NULL, d_package, NULL },
	{ "address", D_FALSE, 0, NULL, NULL, NULL },
	{ "port-number", D_INT, 873, NULL, NULL, NULL },
	{ "pid-file", D_STRING, 0, "/var/run/rsyncd/rsyncd.pid", NULL, NULL },
	{ "lock-file", D_STRING, 0, "/var/run/rsyncd/rsyncd.lock", NULL, NULL },
	{ "log-file", D_STRING, 0, "/var/log/rsyncd.log", NULL, NULL },
	{ "use-chroot?", D_FN, 0, NULL, d_unspec, NULL },
	{ "modules", D_FN, 0, NULL, d_modules, NULL },
	{ "share-path", D_FN, 0, NULL, d_unspec, NULL },
	{ "share-comment", D_FN, 0, NULL, d_unspec, NULL },
	{ "read-only?", D_FN, 0, NULL, d_unspec, NULL },
	{ "timeout", D_FN, 0, NULL, d_unspec, NULL },
	{ "user", D_STRING, 0, "root", NULL, NULL },
	{ "group", D_STRING, 0, "root", NULL, NULL },
	{ "uid", D_STRING, 0, "rsyncd", NULL, NULL },
	{ "gid", D_STRING, 0, "rsyncd", NULL, NULL },
};

static const struct ev_rtd rsync_rtd = { RTD, rsync_fields, N(rsync_fields), false };

const struct ev_rtd *const svc_rsync_records[] = { &rsync_rtd, &module_rtd, NULL };

/* One module of the file, checked. */
struct rs_module {
	const char *name, *path, *comment;
	bool read_only, chroot;
	long timeout;
	struct sx_loc loc; /* of its name */
};

/* The global values, checked. */
struct rs {
	const char *address, *pid_file, *lock_file, *log_file;
	const char *user, *group, *uid, *gid;
	long port;
	struct rs_module *modules;
	size_t n_modules;
};

static int bad_value(struct ev_ctx *c, const struct ev *rec, const char *field,
                     const char *expected)
{
	return ev_failn(c, ev_record_loc(rec, field),
	                "%s: field '%s': invalid value %s (expected %s)", rec->u.rec->rtd->name,
	                field, ev_repr(c, ev_record_get(rec, field)), expected);
}

/* Whether S has a reference rsync replaces by an environment variable:
 * '%', a capital letter, then a '%' further on. */
static bool has_var(const char *s)
{
	for (const char *p = strchr(s, '%'); p != NULL; p = strchr(p + 1, '%'))
		if (isupper((unsigned char)p[1]) && strchr(p + 1, '%') != NULL)
			return true;
	return false;
}

/* An absolute path, one value of the file. */
static int path_field(struct ev_ctx *c, const struct ev *rec, const char *field, const char **out)
{
	if (ev_get_string(c, rec, field, out) < 0)
		return -1;
	if (svc_path_ok(*out, PATH_FORBID))
		return 0;
	return bad_value(c, rec, field,
	                 "an absolute path without white space, control characters, '%' or "
	                 "'\\', or \".\" and \"..\" components");
}

/* Whether S is a comment rsync reads back as it is: one line, without
 * control characters, leading or trailing spaces, a trailing '\' (a
 * continuation) or a %NAME% reference. */
static bool comment_ok(const char *s)
{
	size_t n = strlen(s);

	if (gx_has_control(s, n))
		return false;
	return n == 0 || (s[0] != ' ' && s[n - 1] != ' ' && s[n - 1] != '\\' && !has_var(s));
}

static int comment_field(struct ev_ctx *c, const struct ev *rec, const char *field,
                         const char **out)
{
	if (ev_get_string(c, rec, field, out) < 0)
		return -1;
	if (comment_ok(*out))
		return 0;
	return bad_value(c, rec, field,
	                 "text on one line, without control characters, leading or trailing "
	                 "spaces, a trailing '\\' or a %NAME% reference, which rsync would "
	                 "replace");
}

/* An account name, or with OR_FALSE #f too (*OUT NULL). */
static int name_field(struct ev_ctx *c, const struct ev *rec, const char *field, bool or_false,
                      const char **out)
{
	if ((or_false ? ev_get_string_or_false(c, rec, field, out)
	              : ev_get_string(c, rec, field, out)) < 0)
		return -1;
	if (*out == NULL || etc_valid_account_name(*out))
		return 0;
	return bad_value(c, rec, field,
	                 or_false ? "#f or an account name: letters, digits, '_', '-', '.', "
	                            "at most 32 characters"
	                          : "an account name: letters, digits, '_', '-', '.', at most "
	                            "32 characters");
}

/* address: #f, or one address rsync binds to. */
static int address_field(struct ev_ctx *c, const struct ev *cfg, const char **out)
{
	if (ev_get_string_or_false(c, cfg, "address", out) < 0)
		return -1;
	if (*out == NULL || (**out != '\0' && !svc_has_space(*out) && strchr(*out, '%') == NULL))
		return 0;
	return bad_value(c, cfg, "address",
	                 "#f or an address without white space, control characters or '%'");
}

/* Whether rsync takes A and B for the same section: ignoring case. */
static bool same_name(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

/* name: a section name rsync reads back as it is, a module's and not the
 * global section's, once. */
static int module_name(struct ev_ctx *c, const struct ev *m, const struct rs *r, const char **out)
{
	const char *s;

	if (ev_get_string(c, m, "name", out) < 0)
		return -1;
	s = *out;
	if (*s == '\0' || svc_has_space(s) || s[strcspn(s, "/[]%")] != '\0' ||
	    same_name(s, "global"))
		return bad_value(c, m, "name",
		                 "a module name without white space, control characters, '/', "
		                 "'[', ']' or '%', other than \"global\"");
	for (size_t i = 0; i < r->n_modules; i++)
		if (same_name(r->modules[i].name, s))
			return ev_failn(c, ev_record_loc(m, "name"),
			                MODULE ": field 'name': module %s is declared twice "
			                       "(first at line %d; rsync ignores case)",
			                ev_repr(c, ev_record_get(m, "name")),
			                r->modules[i].loc.line);
	return 0;
}

static int read_module(struct ev_ctx *c, const struct ev *m, struct rs *r)
{
	struct rs_module *o = &r->modules[r->n_modules];

	if (module_name(c, m, r, &o->name) < 0 || path_field(c, m, "file-name", &o->path) < 0 ||
	    comment_field(c, m, "comment", &o->comment) < 0 ||
	    ev_get_bool(c, m, "read-only?", &o->read_only) < 0 ||
	    ev_get_bool(c, m, "chroot?", &o->chroot) < 0 ||
	    ev_get_int(c, m, "timeout", 0, 2147483647L, &o->timeout) < 0)
		return -1;
	o->loc = ev_record_loc(m, "name");
	r->n_modules++;
	return 0;
}

static int read_modules(struct ev_ctx *c, const struct ev *cfg, struct rs *r)
{
	const struct ev *list = ev_record_get(cfg, "modules");
	size_t n = ev_list_length(list);

	if (n == SIZE_MAX)
		return ev_failn(c, ev_record_loc(cfg, "modules"),
		                RTD ": field 'modules': expected a list of " MODULE
		                    " records, got %s",
		                ev_repr(c, list));
	r->modules = gx_arena_alloc(c->arena, (n + 1) * sizeof(*r->modules));
	for (const struct ev *p = list; p->type == EV_PAIR; p = p->u.pair.cdr) {
		if (!ev_record_is(p->u.pair.car, MODULE))
			return ev_failn(c, ev_record_loc(cfg, "modules"),
			                RTD ": field 'modules': expected an " MODULE ", got %s",
			                ev_repr(c, p->u.pair.car));
		if (read_module(c, p->u.pair.car, r) < 0)
			return -1;
	}
	return 0;
}

static bool given(const struct ev *cfg, const char *field)
{
	return ev_record_get(cfg, field)->type != EV_UNSPEC;
}

/* Guix's backward compatibility: a share-path makes the modules one module
 * "files" of the deprecated fields; each one given is said. */
static int read_deprecated(struct ev_ctx *c, const struct ev *cfg, struct rs *r)
{
	static const char *const fields[] = { "share-path", "share-comment", "use-chroot?",
		                              "read-only?", "timeout" };
	struct rs_module *o;

	for (size_t i = 0; i < N(fields); i++)
		if (given(cfg, fields[i]))
			osb_note(c, false, gx_arena_printf(c->arena, RTD " field '%s'", fields[i]),
			         given(cfg, "share-path")
			                 ? "deprecated, use 'modules' instead (with share-path, "
			                   "the modules are one module \"files\" of these fields, "
			                   "as in Guix)"
			                 : "deprecated, use 'modules' instead (without share-path, "
			                   "ignored, as in Guix)",
			         ev_record_loc(cfg, fields[i]));
	if (!given(cfg, "share-path"))
		return read_modules(c, cfg, r);
	r->modules = gx_arena_alloc(c->arena, sizeof(*r->modules));
	o = &r->modules[0];
	*o = (struct rs_module){
		"files", NULL, "Rsync share", false, true, 300, ev_record_loc(cfg, "share-path")
	};
	if (path_field(c, cfg, "share-path", &o->path) < 0 ||
	    (given(cfg, "share-comment") &&
	     comment_field(c, cfg, "share-comment", &o->comment) < 0) ||
	    (given(cfg, "use-chroot?") && ev_get_bool(c, cfg, "use-chroot?", &o->chroot) < 0) ||
	    (given(cfg, "read-only?") && ev_get_bool(c, cfg, "read-only?", &o->read_only) < 0) ||
	    (given(cfg, "timeout") &&
	     ev_get_int(c, cfg, "timeout", 0, 2147483647L, &o->timeout) < 0))
		return -1;
	r->n_modules = 1;
	return 0;
}

/* Guix's rsync-config-file checks: only root binds a port up to 1024,
 * chroots, and changes to uid and gid. */
static int check_user(struct ev_ctx *c, const struct ev *cfg, const struct rs *r)
{
	struct sx_loc loc = ev_record_loc(cfg, "user");

	if (strcmp(r->user, "root") == 0)
		return 0;
	if (r->port <= 1024)
		return ev_failn(c, loc, RTD ": field 'user': to run on port %ld, user must be root",
		                r->port);
	for (size_t i = 0; i < r->n_modules; i++)
		if (r->modules[i].chroot)
			return ev_failn(c, loc,
			                RTD
			                ": field 'user': to run in a chroot (module \"%s\"), user "
			                "must be root",
			                r->modules[i].name);
	if (r->uid != NULL)
		return ev_failn(c, loc, RTD ": field 'user': to use uid, user must be root");
	if (r->gid != NULL)
		return ev_failn(c, loc, RTD ": field 'user': to use gid, user must be root");
	return 0;
}

static int read_config(struct ev_ctx *c, const struct ev *cfg, struct rs *r)
{
	if (address_field(c, cfg, &r->address) < 0 ||
	    ev_get_int(c, cfg, "port-number", 1, 65535, &r->port) < 0 ||
	    path_field(c, cfg, "pid-file", &r->pid_file) < 0 ||
	    path_field(c, cfg, "lock-file", &r->lock_file) < 0 ||
	    path_field(c, cfg, "log-file", &r->log_file) < 0 || read_deprecated(c, cfg, r) < 0 ||
	    name_field(c, cfg, "user", false, &r->user) < 0 ||
	    name_field(c, cfg, "group", false, &r->group) < 0 ||
	    name_field(c, cfg, "uid", true, &r->uid) < 0 ||
	    name_field(c, cfg, "gid", true, &r->gid) < 0)
		return -1;
	return check_user(c, cfg, r);
}

/* Guix's rsync.conf. */
static void generate(const struct rs *r, struct gx_buf *b)
{
	gx_buf_printf(b, "# Generated by 'rsync-service'.\n\npid file = %s\nlock file = %s\n",
	              r->pid_file, r->lock_file);
	gx_buf_printf(b, "log file = %s\n", r->log_file);
	if (r->address != NULL)
		gx_buf_printf(b, "address = %s\n", r->address);
	gx_buf_printf(b, "port = %ld\n", r->port);
	if (r->uid != NULL)
		gx_buf_printf(b, "uid = %s\n", r->uid);
	/* Guix: "no group nobody" */
	gx_buf_printf(b, "gid = %s\n\n\n", r->gid != NULL ? r->gid : "nogroup");
	for (size_t i = 0; i < r->n_modules; i++) {
		const struct rs_module *m = &r->modules[i];

		gx_buf_printf(b, "[%s]\n  path = %s\n  use chroot = %s\n", m->name, m->path,
		              m->chroot ? "true" : "false");
		gx_buf_printf(b, "  comment = %s\n  read only = %s\n  timeout = %ld\n", m->comment,
		              m->read_only ? "true" : "false", m->timeout);
	}
}

/* Guix's rsync-account and rsync-activation. */
static int accounts_and_dirs(struct ev_ctx *c, const struct svc_instance *s, const struct rs *r)
{
	const char *user = r->uid != NULL ? r->uid : r->user;
	const char *group = r->gid != NULL ? r->gid : r->group;

	if (osb_add_system_account(c, user, group, "rsyncd privilege separation user",
	                           gx_arena_printf(c->arena, "/var/run/%s", user), s->loc) < 0)
		return -1;
	svc_parent_dir(c, r->pid_file);
	svc_parent_dir(c, r->lock_file);
	svc_parent_dir(c, r->log_file);
	for (size_t i = 0; i < r->n_modules; i++)
		osb_add_dir(c, r->modules[i].path, user, group, 0755);
	return 0;
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	struct ev *cfg = s->value, *pkg;
	struct gx_buf b = GX_BUF_INIT;
	struct rs r = { 0 };
	const char *prefix;
	struct os_service *o;
	int rc;

	if (svc_check_value(c, s, "an") < 0 || svc_refuse_extensions(c, s) < 0)
		return -1;
	if ((pkg = svc_package(c, cfg, "package")) == NULL || read_config(c, cfg, &r) < 0 ||
	    (prefix = osb_path_of(c, pkg, s->loc)) == NULL)
		return -1;
	generate(&r, &b);
	rc = osb_add_file(c, CONF, b.data, b.len, 0644, NULL, cfg->loc);
	gx_buf_free(&b);
	if (rc < 0 || accounts_and_dirs(c, s, &r) < 0)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);

	o = osb_add_service(c, "rsync-service-type", s->loc);
	o->provision = svc_split(c, "rsync");
	o->documentation = "Run rsync daemon.";
	{
		const char *argv[] = { gx_arena_printf(c->arena, "%s/bin/rsync", prefix),
			               "--daemon", "--no-detach", "--config=/etc/" CONF, NULL };

		svc_set_argv(c, o, argv, N(argv));
	}
	o->pid_file = r.pid_file;
	o->user = r.user;
	o->group = r.group;
	/* Guix's `herd configuration rsync` */
	svc_add_action(c, o, "configuration", BC_ACTION_CONFIGURATION, "/etc/" CONF, 0, NULL);
	return 0;
}

const struct svc_def svc_rsync = {
	"rsync-service-type",
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
