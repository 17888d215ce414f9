/* svc: postgresql-role-service-type (gnu/services/databases.scm).  The
 * postgresql-role-configuration's roles, and those other services extend
 * the type with (lists of postgresql-role, appended in declaration order,
 * as Guix's compose and extend do), become /etc/postgresql/roles.sql, a
 * psql script that makes each role, and its database with
 * create-database?, unless it exists; the one-shot `postgres-roles`
 * (Guix's provision), requiring shepherd-requirement (user-processes and
 * postgres), runs it with psql as user postgres on the socket directory
 * (or host) `host`, its output in `log`.  As Guix's, the type has a
 * default value: a service that extends it is enough, with no
 * `(service postgresql-role-service-type)` declared.
 *
 * What the script makes is quoted for SQL: names as identifiers ("" doubled),
 * the values compared and the encoding and locales as literals ('' doubled,
 * E'' with \ doubled when there is a backslash, whatever the server's
 * standard_conforming_strings); a password is a psql variable read from the
 * environment (\getenv), quoted by psql (:'var').  Nothing of the
 * configuration is part of a shell command: the paths are the shell
 * script's arguments.
 *
 * Differences from Guix:
 * - The server may still be starting when postgres is up (gxsys-init does
 *   not wait for it as Guix's pg_ctl does): the one-shot waits for
 *   pg_isready on `host`, 60 s at most.
 * - A database of create-database? is made when it is missing, not only
 *   with its role: a role made before the database was asked for gets it.
 * - psql runs with ON_ERROR_STOP: a role or a database that cannot be made
 *   fails the one-shot (Guix's psql carries on and succeeds), and with -X
 *   (no ~/.psqlrc).
 * - A password file is read by the shell, as postgres, before psql runs:
 *   one missing, unreadable or empty fails the one-shot; its content
 *   reaches psql through the environment, not its command line (Guix's
 *   -v puts it there).  As in Guix, the password is set when the role is
 *   made, never changed afterwards.
 * - Guix drops an unknown permission silently: here it is an error, as is
 *   a permission given twice (PostgreSQL refuses "LOGIN LOGIN").  Names are
 *   checked as CREATE ROLE would (1 to 63 bytes, not "public" or "none",
 *   not "pg_..."), and without control characters; a role declared twice
 *   differently is an error (Guix would make the first one only).
 * - Debian's programs: /usr/lib/postgresql/15/bin/{psql,pg_isready}, of
 *   Guix's `postgresql` (Debian 12's postgresql-15), whatever the server's
 *   package, as Guix's uses its `postgresql`.  psql connects on the default
 *   port, 5432, as Guix's does. */
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "postgresql-role-configuration"
#define ROLE_RTD "postgresql-role"
#define SQL_FILE "postgresql/roles.sql" /* under /etc */
#define BIN "/lib/postgresql/15/bin"    /* of Guix's postgresql, Debian 12's 15 */
#define NAME_MAX_BYTES 63               /* NAMEDATALEN - 1 */
#define ENV_PREFIX "PGROLE_PASSWORD_"

/* '(createdb login) */
static struct ev *d_permissions(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_cons(c, ev_symbol(c, "createdb", loc),
	               ev_cons(c, ev_symbol(c, "login", loc), ev_nil(c, loc), loc), loc);
}

/* %default-postgresql-role-shepherd-requirement: '(user-processes postgres) */
static struct ev *d_requirement(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_cons(c, ev_symbol(c, "user-processes", loc),
	               ev_cons(c, ev_symbol(c, "postgres", loc), ev_nil(c, loc), loc), loc);
}

static const struct ev_field role_fields[] = {
	{ "name", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "password-file", D_FALSE, 0, NULL, NULL, NULL },
	{ "permissions", D_FN, 0, NULL, d_permissions, NULL },
	{ "create-database?", D_FALSE, 0, NULL, NULL, NULL },
	{ "encoding", D_STRING, 0, "UTF8", NULL, NULL },
	{ "collation", D_STRING, 0, "en_US.utf8", NULL, NULL },
	{ "ctype", D_STRING, 0, "en_US.utf8", NULL, NULL },
	{ "template", D_STRING, 0, "template1", NULL, NULL },
};

static const struct ev_rtd role_rtd = { ROLE_RTD, role_fields, N(role_fields), false };

static const struct ev_field config_fields[] = {
	{ "shepherd-requirement", D_FN, 0, NULL, d_requirement, NULL },
	{ "host", D_STRING, 0, "/var/run/postgresql", NULL, NULL },
	{ "log", D_STRING, 0, "/var/log/postgresql_roles.log", NULL, NULL },
	{ "roles", D_NIL, 0, NULL, NULL, NULL },
};

static const struct ev_rtd config_rtd = { RTD, config_fields, N(config_fields), false };

const struct ev_rtd *const svc_postgresql_role_records[] = { &config_rtd, &role_rtd, NULL };

/* CREATE ROLE's options, Guix's list (format-permissions). */
static const char *const permissions[] = { "bypassrls", "createdb",    "createrole",
	                                   "login",     "replication", "superuser" };

struct role {
	const struct ev *rec;
	const char *name, *password_file, *encoding, *collation, *ctype, *template;
	const char *perms[N(permissions) + 1]; /* upper case, in the declaration's order */
	unsigned perm_set;                     /* bit i: permissions[i] */
	bool create_database;
	int password; /* its number among the roles with a password file, or 0 */
};

struct roles {
	struct role *v;
	size_t n, cap;
	int n_passwords;
};

/* A role or database name as CREATE ROLE and CREATE DATABASE take it,
 * quoted: 1 to 63 bytes (a longer one would be truncated, and never found
 * again), no control characters; a role's not reserved. */
static int name_field(struct ev_ctx *c, const struct ev *rec, const char *field, bool role,
                      const char **out)
{
	struct sx_loc loc = ev_record_loc(rec, field);
	const char *s;
	size_t len;

	if (ev_get_string(c, rec, field, &s) < 0)
		return -1;
	len = ev_record_get(rec, field)->u.str.len;
	if (len == 0 || len > NAME_MAX_BYTES || strlen(s) != len || gx_has_control(s, len))
		return ev_failn(c, loc,
		                ROLE_RTD ": field '%s': invalid name %s (expected 1 to %d bytes "
		                         "without control characters)",
		                field, ev_repr(c, ev_record_get(rec, field)), NAME_MAX_BYTES);
	if (role &&
	    (strncmp(s, "pg_", 3) == 0 || strcmp(s, "public") == 0 || strcmp(s, "none") == 0))
		return ev_failn(c, loc,
		                ROLE_RTD ": field 'name': role name %s is reserved by PostgreSQL "
		                         "(\"public\", \"none\" and names starting with \"pg_\")",
		                ev_repr(c, ev_record_get(rec, field)));
	*out = s;
	return 0;
}

/* permissions: a list of Guix's symbols, each once. */
static int role_permissions(struct ev_ctx *c, struct role *r)
{
	struct ev *list = ev_record_get(r->rec, "permissions");
	struct sx_loc floc = ev_record_loc(r->rec, "permissions");
	size_t n = 0;

	if (!ev_is_list(list))
		return ev_failn(c, floc,
		                ROLE_RTD ": field 'permissions': expected a list of symbols, "
		                         "got %s",
		                ev_repr(c, list));
	for (struct ev *p = list; p->type == EV_PAIR; p = p->u.pair.cdr) {
		struct ev *e = p->u.pair.car;
		struct sx_loc loc = e->loc.file != NULL ? e->loc : floc;
		size_t k = N(permissions);
		char *up;

		for (size_t i = 0; e->type == EV_SYMBOL && i < N(permissions); i++)
			if (strcmp(e->u.str.s, permissions[i]) == 0)
				k = i;
		if (k == N(permissions))
			return ev_failn(c, loc,
			                ROLE_RTD ": field 'permissions': unknown permission %s "
			                         "(expected bypassrls, createdb, createrole, "
			                         "login, replication or superuser)",
			                ev_repr(c, e));
		if (r->perm_set & (1u << k))
			return ev_failn(c, loc,
			                ROLE_RTD ": field 'permissions': permission %s given twice",
			                permissions[k]);
		r->perm_set |= 1u << k;
		up = gx_arena_strdup(c->arena, permissions[k]);
		for (char *q = up; *q; q++)
			*q = (char)(*q - 'a' + 'A');
		r->perms[n++] = up;
	}
	r->perms[n] = NULL;
	return 0;
}

/* encoding: a name as CREATE DATABASE takes one ("UTF8", "LATIN1",
 * "SQL_ASCII", "ISO_8859_5"...). */
static int encoding(struct ev_ctx *c, struct role *r)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                         "0123456789_-";
	const char *s;

	if (ev_get_string(c, r->rec, "encoding", &s) < 0)
		return -1;
	if (s[0] == '\0' || s[strspn(s, ok)] != '\0')
		return ev_failn(c, ev_record_loc(r->rec, "encoding"),
		                ROLE_RTD ": field 'encoding': invalid encoding name %s",
		                ev_repr(c, ev_record_get(r->rec, "encoding")));
	r->encoding = s;
	return 0;
}

/* collation, ctype: a locale name, which the server must have, when the
 * database is made. */
static int locale(struct ev_ctx *c, struct role *r, const char *field, const char **out)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                         "0123456789_.@-";
	struct sx_loc loc = ev_record_loc(r->rec, field);

	if (ev_get_string(c, r->rec, field, out) < 0)
		return -1;
	if (!r->create_database)
		return 0;
	if ((*out)[0] == '\0' || (*out)[strspn(*out, ok)] != '\0')
		return ev_failn(c, loc, ROLE_RTD ": field '%s': invalid locale name %s", field,
		                ev_repr(c, ev_record_get(r->rec, field)));
	return osb_use_locale(c, *out, loc,
	                      gx_arena_printf(c->arena, ROLE_RTD ": field '%s'", field));
}

/* password-file: #f, or an absolute path (read by the one-shot's shell,
 * the line of \getenv naming no more than a number). */
static int password_file(struct ev_ctx *c, struct role *r)
{
	if (ev_get_string_or_false(c, r->rec, "password-file", &r->password_file) < 0)
		return -1;
	if (r->password_file == NULL || svc_path_ok(r->password_file, ""))
		return 0;
	return ev_failn(c, ev_record_loc(r->rec, "password-file"),
	                ROLE_RTD ": field 'password-file': invalid value %s (expected #f or an "
	                         "absolute path without white space, control characters or "
	                         "\".\" and \"..\" components)",
	                ev_repr(c, ev_record_get(r->rec, "password-file")));
}

static bool same_role(const struct role *a, const struct role *b)
{
	const char *const fa[] = { a->password_file, a->encoding, a->collation, a->ctype,
		                   a->template };
	const char *const fb[] = { b->password_file, b->encoding, b->collation, b->ctype,
		                   b->template };

	if (a->create_database != b->create_database || a->perm_set != b->perm_set)
		return false;
	for (size_t i = 0; i < N(fa); i++)
		if ((fa[i] == NULL) != (fb[i] == NULL) || (fa[i] && strcmp(fa[i], fb[i]) != 0))
			return false;
	return true;
}

/* One element of roles or of an extension: a postgresql-role. */
static int add_role(struct ev_ctx *c, struct roles *rs, const struct ev *v, const char *who,
                    struct sx_loc loc)
{
	struct role r = { .rec = v };

	if (!ev_record_is(v, ROLE_RTD))
		return ev_failn(c, v->loc.file != NULL ? v->loc : loc,
		                "%s: expected a " ROLE_RTD ", got %s", who, ev_repr(c, v));
	if (name_field(c, v, "name", true, &r.name) < 0 || password_file(c, &r) < 0 ||
	    role_permissions(c, &r) < 0 ||
	    ev_get_bool(c, v, "create-database?", &r.create_database) < 0 || encoding(c, &r) < 0 ||
	    locale(c, &r, "collation", &r.collation) < 0 || locale(c, &r, "ctype", &r.ctype) < 0 ||
	    name_field(c, v, "template", false, &r.template) < 0)
		return -1;
	/* Declared twice: once in the script if it is the same role (two
	 * services may need it), else an error. */
	for (size_t i = 0; i < rs->n; i++) {
		if (strcmp(rs->v[i].name, r.name) != 0)
			continue;
		if (same_role(&rs->v[i], &r))
			return 0;
		return ev_failn(c, v->loc,
		                ROLE_RTD ": role %s is declared twice, differently (first at "
		                         "line %d)",
		                ev_repr(c, ev_record_get(v, "name")), rs->v[i].rec->loc.line);
	}
	if (r.password_file != NULL)
		r.password = ++rs->n_passwords;
	EV_ARENA_GROW(c, rs->v, rs->n, rs->cap);
	rs->v[rs->n++] = r;
	return 0;
}

static int add_roles(struct ev_ctx *c, struct roles *rs, const struct ev *list, const char *who,
                     struct sx_loc loc)
{
	if (!ev_is_list(list))
		return ev_failn(c, loc, "%s: expected a list of " ROLE_RTD ", got %s", who,
		                ev_repr(c, list));
	for (const struct ev *p = list; p->type == EV_PAIR; p = p->u.pair.cdr)
		if (add_role(c, rs, p->u.pair.car, who, loc) < 0)
			return -1;
	return 0;
}

/* ---- the psql script ---- */

/* An SQL identifier: "..." with " doubled. */
static void identifier(struct gx_buf *b, const char *s)
{
	gx_buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			gx_buf_putc(b, '"');
		gx_buf_putc(b, *s);
	}
	gx_buf_putc(b, '"');
}

/* An SQL string literal: '...' with ' doubled; E'...' with \ doubled too
 * when there is a backslash, which then means the same whatever the
 * server's standard_conforming_strings. */
static void literal(struct gx_buf *b, const char *s)
{
	bool backslash = strchr(s, '\\') != NULL;

	gx_buf_puts(b, backslash ? "E'" : "'");
	for (; *s; s++) {
		if (*s == '\'' || (backslash && *s == '\\'))
			gx_buf_putc(b, *s);
		gx_buf_putc(b, *s);
	}
	gx_buf_putc(b, '\'');
}

/* "unless it exists": the SELECT sets the psql variable `missing`. */
static void if_missing(struct gx_buf *b, const char *catalog, const char *column, const char *name)
{
	gx_buf_printf(b, "SELECT NOT EXISTS (SELECT 1 FROM pg_catalog.%s WHERE %s = ", catalog,
	              column);
	literal(b, name);
	gx_buf_puts(b, ") AS missing \\gset\n\\if :missing\n");
}

static void script_role(struct gx_buf *b, const struct role *r)
{
	if_missing(b, "pg_roles", "rolname", r->name);
	if (r->password)
		gx_buf_printf(b, "\\getenv password_%d " ENV_PREFIX "%d\n", r->password,
		              r->password);
	gx_buf_puts(b, "CREATE ROLE ");
	identifier(b, r->name);
	if (r->perms[0] != NULL)
		gx_buf_puts(b, " WITH");
	for (size_t i = 0; r->perms[i] != NULL; i++)
		gx_buf_printf(b, " %s", r->perms[i]);
	if (r->password)
		gx_buf_printf(b, " PASSWORD :'password_%d'", r->password);
	gx_buf_puts(b, ";\n\\endif\n");
	if (!r->create_database)
		return;
	if_missing(b, "pg_database", "datname", r->name);
	gx_buf_puts(b, "CREATE DATABASE ");
	identifier(b, r->name);
	gx_buf_puts(b, " OWNER ");
	identifier(b, r->name);
	gx_buf_puts(b, " ENCODING ");
	literal(b, r->encoding);
	gx_buf_puts(b, " LC_COLLATE ");
	literal(b, r->collation);
	gx_buf_puts(b, " LC_CTYPE ");
	literal(b, r->ctype);
	gx_buf_puts(b, " TEMPLATE ");
	identifier(b, r->template);
	gx_buf_puts(b, ";\n\\endif\n");
}

static int add_script(struct ev_ctx *c, const struct roles *rs, struct sx_loc loc)
{
	struct gx_buf b = GX_BUF_INIT;
	int r;

	gx_buf_puts(&b, "-- Generated by gxsys from postgresql-role-service-type: each role,\n"
	                "-- and its database with create-database?, unless it exists.\n");
	for (size_t i = 0; i < rs->n; i++)
		script_role(&b, &rs->v[i]);
	r = osb_add_file(c, SQL_FILE, b.data, b.len, 0644, NULL, loc);
	gx_buf_free(&b);
	return r;
}

/* ---- the configuration ---- */

/* host: the socket directory, an absolute path, or a host name or
 * address, as psql -h takes them. */
static int host(struct ev_ctx *c, const struct ev *cfg, const char **out)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                         "0123456789.-_:";

	if (ev_get_string(c, cfg, "host", out) < 0)
		return -1;
	if ((*out)[0] == '/'
	            ? svc_path_ok(*out, "")
	            : (*out)[0] != '\0' && (*out)[0] != '-' && (*out)[strspn(*out, ok)] == '\0')
		return 0;
	return ev_failn(c, ev_record_loc(cfg, "host"),
	                RTD ": field 'host': invalid value %s (expected a socket directory, an "
	                    "absolute path, or a host name or address)",
	                ev_repr(c, ev_record_get(cfg, "host")));
}

static int log_file(struct ev_ctx *c, const struct ev *cfg, const char **out)
{
	if (ev_get_string(c, cfg, "log", out) < 0)
		return -1;
	if (svc_path_ok(*out, ""))
		return 0;
	return ev_failn(c, ev_record_loc(cfg, "log"),
	                RTD ": field 'log': invalid path %s (expected an absolute path without "
	                    "white space, control characters or \".\" and \"..\" components)",
	                ev_repr(c, ev_record_get(cfg, "log")));
}

/* The one-shot: the password files read (as postgres, each into the
 * environment), then psql once the server answers. */
static void add_oneshot(struct ev_ctx *c, const struct svc_instance *s, const struct roles *rs,
                        const char **req, const char *hostv, const char *log)
{
	static const char script[] =
	        "bin=$1 host=$2 sql=$3; shift 3; i=0; "
	        "for f; do i=$((i + 1)); p=$(cat -- \"$f\") || exit 1; "
	        "if [ -z \"$p\" ]; then echo \"postgres-roles: $f: empty password file\" >&2; "
	        "exit 1; fi; export \"" ENV_PREFIX "$i=$p\"; done; i=0; "
	        "until \"$bin/pg_isready\" -q -h \"$host\"; do i=$((i + 1)); "
	        "if [ \"$i\" -gt 600 ]; then "
	        "echo \"postgres-roles: PostgreSQL did not answer on $host in time\" >&2; "
	        "exit 1; fi; sleep 0.1; done; "
	        "exec \"$bin/psql\" -X -a -v ON_ERROR_STOP=1 -h \"$host\" -f \"$sql\"";
	struct os_service *o = osb_add_service(c, s->def->name, s->loc);
	size_t n = 7 + rs->n_passwords, k = 0;
	const char **argv = gx_arena_alloc(c->arena, n * sizeof(*argv));

	argv[k++] = "/bin/sh";
	argv[k++] = "-c";
	argv[k++] = script;
	argv[k++] = "postgres-roles";
	argv[k++] = "/usr" BIN;
	argv[k++] = hostv;
	argv[k++] = "/etc/" SQL_FILE;
	for (size_t i = 0; i < rs->n; i++)
		if (rs->v[i].password)
			argv[k++] = rs->v[i].password_file;
	o->provision = svc_split(c, "postgres-roles");
	o->requirement = req;
	o->documentation = "Create PostgreSQL roles.";
	o->user = "postgres";
	o->group = "postgres";
	o->one_shot = true;
	o->respawn = false;
	o->log_file = log;
	svc_set_argv(c, o, argv, k);
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	const struct ev *cfg = s->value;
	struct roles rs = { NULL, 0, 0, 0 };
	const char **req = NULL, *hostv = NULL, *log = NULL;

	if (svc_check_value(c, s, "a") < 0 ||
	    svc_name_list(c, cfg, "shepherd-requirement", false, &req) < 0 ||
	    host(c, cfg, &hostv) < 0 || log_file(c, cfg, &log) < 0 ||
	    add_roles(c, &rs, ev_record_get(cfg, "roles"), RTD ": field 'roles'",
	              ev_record_loc(cfg, "roles")) < 0)
		return -1;
	for (const struct svc_ext *e = s->exts; e != NULL; e = e->next)
		if (add_roles(c, &rs, e->value, e->origin, e->loc) < 0)
			return -1;
	/* psql and pg_isready (postgresql-client-15, which postgresql-15
	 * depends on); the script's cat and sleep. */
	osb_add_package(c, "postgresql", NULL, false, s->loc);
	osb_add_package(c, "coreutils", NULL, false, s->loc);
	if (add_script(c, &rs, s->loc) < 0)
		return -1;
	/* postgres's, as postgresql-service-type makes its log-directory,
	 * which the log may be in (whichever type makes it first) */
	svc_parent_dir_of(c, log, "postgres", "postgres");
	add_oneshot(c, s, &rs, req, hostv, log);
	return 0;
}

const struct svc_def svc_postgresql_role = {
	"postgresql-role-service-type",
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
