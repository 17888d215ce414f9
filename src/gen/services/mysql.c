/* svc: mysql-service-type (gnu/services/databases.scm), run with Debian's
 * MariaDB.  /etc/mysql/mysqld.cnf is Guix's my.cnf, byte for byte
 * ("[mysqld]", datadir, socket, bind-address, port, then extra-content);
 * the mysql account (home /var/empty, no comment, as Guix's); the data
 * directory and /run/mysqld owned by mysql, as Guix's wrapper makes them; a
 * one-shot `mysql-install`; the `mysql` service running `mariadbd
 * --defaults-file=/etc/mysql/mysqld.cnf` as mysql, its output in
 * /var/log/mysqld.log, its environment extra-environment; and with
 * auto-upgrade? the one-shot `mysql-upgrade` (mariadb-upgrade as mysql,
 * once the server answers on its socket, its output in
 * /var/log/mysql_upgrade.log), as Guix's.
 *
 * Differences from Guix, each for the container:
 * - Guix's mysqld wrapper runs mariadb-install-db (as root, --user=mysql)
 *   before it execs mysqld, when DATADIR/mysql is missing; gxsys runs no
 *   Guile, so that is the one-shot mysql-install the server requires, run
 *   as mysql (the data directory is its own already), with Guix's
 *   arguments (--defaults-file, --skip-test-db, --user=mysql).  /var is a
 *   tmpfs: the system tables are made at every boot, unless DATADIR/mysql
 *   exists (a --share'd /var/lib/mysql keeps its databases).
 * - Debian's programs: /usr/sbin/mariadbd, /usr/bin/mariadb-install-db,
 *   /usr/bin/mariadb-upgrade.  Only MariaDB: Debian 12 has no MySQL, and
 *   Guix's `mysql` (mysqld --initialize) is refused at the field.
 * - my.cnf is /etc/mysql/mysqld.cnf, not a store file: mariadbd and
 *   mariadb-install-db read it alone (--defaults-file), as in Guix, and
 *   Debian's /etc/mysql/my.cnf stays its clients' (mariadb, mariadb-dump).
 * - mariadb-upgrade is given --socket=SOCKET: Guix's waits for the
 *   configured socket, then lets mysql_upgrade connect to its compiled-in
 *   one (the same unless socket is changed).  The wait is `mariadb-admin
 *   ping` once a second, where Guix's connects to the socket.
 * - As Guix's wrapper, only /run/mysqld is made for the socket: a socket
 *   elsewhere must be in a directory mysql can write (the data directory,
 *   /tmp).
 * - extra-environment is a gexp of a list of "NAME=value" strings, as
 *   Guix's; a plain list of strings is taken too.  '() (Guix's default)
 *   gives mariadbd gxsys's default environment (PATH), where Shepherd would
 *   give it an empty one.
 *
 * Each value is checked for my.cnf, whose values lose white space and
 * quotes, take backslash escapes and end at a "#": datadir and socket
 * absolute paths without those (the socket within sun_path's 107 bytes),
 * bind-address host names and addresses, port 1-65535, extra-content lines
 * that MariaDB can read (groups, options, !include, comments). */
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "mysql-configuration"
#define ACCOUNT "mysql"
#define CNF "mysql/mysqld.cnf" /* under /etc */
#define RUN_DIR "/run/mysqld"
#define SUN_PATH_MAX 107 /* sizeof(sockaddr_un.sun_path) - 1 */

static struct ev *d_mysql(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "mariadb", loc);
}

/* #~'(): a gexp of the empty list, as Guix's default. */
static struct ev *d_environment(struct ev_ctx *c, struct sx_loc loc)
{
	struct ev *g = ev_new(c, EV_GEXP, loc);

	g->u.gexp = ev_cons(c, ev_symbol(c, "quote", loc),
	                    ev_cons(c, ev_nil(c, loc), ev_nil(c, loc), loc), loc);
	return g;
}

static const struct ev_field mysql_fields[] = {
	{ "mysql", D_FN, 0, NULL, d_mysql, NULL },
	{ "bind-address", D_STRING, 0, "127.0.0.1", NULL, NULL },
	{ "port", D_INT, 3306, NULL, NULL, NULL },
	{ "socket", D_STRING, 0, "/run/mysqld/mysqld.sock", NULL, NULL },
	{ "datadir", D_STRING, 0, "/var/lib/mysql", NULL, NULL },
	{ "extra-content", D_STRING, 0, "", NULL, NULL },
	{ "extra-environment", D_FN, 0, NULL, d_environment, NULL },
	{ "auto-upgrade?", D_TRUE, 0, NULL, NULL, NULL },
};

static const struct ev_rtd mysql_rtd = { RTD, mysql_fields, N(mysql_fields), false };

const struct ev_rtd *const svc_mysql_records[] = { &mysql_rtd, NULL };

struct my_args {
	const char *bind, *socket, *datadir, *extra;
	const char **env;
	long port;
	bool upgrade;
};

/* datadir, socket: one my.cnf value, taken as it is. */
static int get_path(struct ev_ctx *c, const struct ev *cfg, const char *field, size_t max,
                    const char **out)
{
	if (ev_get_string(c, cfg, field, out) < 0)
		return -1;
	if (svc_path_ok(*out, "\"'\\#") && strlen(*out) <= max)
		return 0;
	return ev_failn(c, ev_record_loc(cfg, field),
	                RTD ": field '%s': invalid path %s (expected an absolute path of at most "
	                    "%zu bytes without white space, quotes, backslashes, \"#\", control "
	                    "characters or \".\" and \"..\" components)",
	                field, ev_repr(c, ev_record_get(cfg, field)), max);
}

/* bind-address: a host name, an IPv4 or IPv6 address ("::", "*" for all),
 * or a comma-separated list of them (MariaDB 10.11). */
static int get_bind(struct ev_ctx *c, const struct ev *cfg, const char **out)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                         "0123456789.:-_%*,";

	if (ev_get_string(c, cfg, "bind-address", out) < 0)
		return -1;
	if ((*out)[0] != '\0' && (*out)[0] != '-' && (*out)[strspn(*out, ok)] == '\0')
		return 0;
	return ev_failn(c, ev_record_loc(cfg, "bind-address"),
	                RTD ": field 'bind-address': invalid address %s (expected host names "
	                    "or IP addresses, separated by commas)",
	                ev_repr(c, ev_record_get(cfg, "bind-address")));
}

static bool is_name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_' || ch == '-';
}

/* One line of an option file, as MariaDB's my_default.c reads it: blank, a
 * comment ("#", ";"), "[group]", "!include FILE", "!includedir DIR", or an
 * option "name" or "name = value". */
static bool cnf_line_ok(const char *s, size_t len)
{
	size_t i = strspn(s, " \t"), n;

	for (size_t j = 0; j < len; j++)
		if (((unsigned char)s[j] < 0x20 && s[j] != '\t') || s[j] == 0x7f)
			return false;
	if (i >= len || s[i] == '#' || s[i] == ';')
		return true;
	if (s[i] == '[') {
		for (n = i + 1; n < len && (is_name_char(s[n]) || s[n] == '.'); n++)
			;
		if (n == i + 1 || n >= len || s[n] != ']')
			return false;
		n += 1 + strspn(s + n + 1, " \t");
		return n >= len || s[n] == '#';
	}
	if (s[i] == '!') {
		if (len - i > 12 && strncmp(s + i, "!includedir", 11) == 0 &&
		    (s[i + 11] == ' ' || s[i + 11] == '\t'))
			return true;
		return len - i > 9 && strncmp(s + i, "!include", 8) == 0 &&
		       (s[i + 8] == ' ' || s[i + 8] == '\t');
	}
	for (n = i; n < len && is_name_char(s[n]); n++)
		;
	if (n == i)
		return false;
	n += strspn(s + n, " \t");
	return n >= len || s[n] == '=' || s[n] == '#';
}

/* extra-content: option-file lines, written after Guix's four. */
static int get_extra(struct ev_ctx *c, const struct ev *cfg, const char **out)
{
	struct ev *v = ev_record_get(cfg, "extra-content");
	const char *s;
	size_t line = 1;

	if (ev_get_string(c, cfg, "extra-content", out) < 0)
		return -1;
	for (s = *out;; line++) {
		size_t len = strcspn(s, "\n");

		if (!cnf_line_ok(s, len))
			return ev_failn(c, ev_record_loc(cfg, "extra-content"),
			                RTD
			                ": field 'extra-content': line %zu: invalid option-file "
			                "line %s (expected \"[GROUP]\", \"NAME\", \"NAME=VALUE\", "
			                "\"!include FILE\", \"!includedir DIR\", a comment or an "
			                "empty line, without control characters)",
			                line, ev_repr(c, ev_string(c, s, len, v->loc)));
		if (s[len] == '\0')
			return 0;
		s += len + 1;
	}
}

/* extra-environment: #~'("NAME=value" ...) (or a list of such strings). */
static int get_env(struct ev_ctx *c, const struct ev *cfg, const char ***out)
{
	static const char name_ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                              "0123456789_";
	struct ev *v = ev_record_get(cfg, "extra-environment");
	struct sx_loc loc = ev_record_loc(cfg, "extra-environment");

	if (v->type == EV_GEXP) {
		if (ev_gexp_strings(c, v, RTD ": field 'extra-environment'", out) < 0)
			return -1;
	} else if (ev_is_list(v)) {
		if (svc_string_list(c, cfg, "extra-environment", out) < 0)
			return -1;
	} else {
		return ev_failn(c, loc,
		                RTD ": field 'extra-environment': expected a gexp of a list of "
		                    "\"NAME=value\" strings, got %s",
		                ev_repr(c, v));
	}
	for (const char **e = *out; *e != NULL; e++) {
		size_t n = strspn(*e, name_ok);

		if (n == 0 || (*e)[n] != '=' || ((*e)[0] >= '0' && (*e)[0] <= '9'))
			return ev_failn(c, loc,
			                RTD ": field 'extra-environment': invalid entry %s "
			                    "(expected \"NAME=value\", NAME letters, digits and "
			                    "\"_\")",
			                ev_repr(c, ev_cstring(c, *e, loc)));
	}
	return 0;
}

static int read_config(struct ev_ctx *c, const struct ev *cfg, struct my_args *a)
{
	if (get_bind(c, cfg, &a->bind) < 0 || ev_get_int(c, cfg, "port", 1, 65535, &a->port) < 0 ||
	    get_path(c, cfg, "socket", SUN_PATH_MAX, &a->socket) < 0 ||
	    get_path(c, cfg, "datadir", 4096, &a->datadir) < 0 ||
	    get_extra(c, cfg, &a->extra) < 0 || get_env(c, cfg, &a->env) < 0 ||
	    ev_get_bool(c, cfg, "auto-upgrade?", &a->upgrade) < 0)
		return -1;
	return 0;
}

/* Guix's mysql-configuration-file. */
static int add_cnf(struct ev_ctx *c, const struct my_args *a, struct sx_loc loc)
{
	const char *s = gx_arena_printf(c->arena,
	                                "[mysqld]\ndatadir=%s\nsocket=%s\nbind-address=%s\n"
	                                "port=%ld\n%s\n",
	                                a->datadir, a->socket, a->bind, a->port, a->extra);

	return osb_add_file(c, CNF, s, strlen(s), 0644, NULL, loc);
}

static struct os_service *add(struct ev_ctx *c, const struct svc_instance *s, const char *name,
                              const char *requirement, const char *doc)
{
	struct os_service *o = osb_add_service(c, "mysql-service-type", s->loc);

	o->provision = svc_split(c, name);
	o->requirement = svc_split(c, requirement);
	o->documentation = doc;
	o->user = ACCOUNT;
	o->group = ACCOUNT;
	return o;
}

/* The one-shot: the system tables, unless DATADIR/mysql exists.  The paths
 * are the script's arguments, never part of it. */
static void add_install(struct ev_ctx *c, const struct svc_instance *s, const char *prefix,
                        const struct my_args *a)
{
	struct os_service *o = add(c, s, "mysql-install", "user-processes",
	                           "Install the MySQL system database if there is none.");
	const char *argv[] = { "/bin/sh",
		               "-c",
		               "[ -e \"$1/mysql\" ] && exit 0; "
		               "exec \"$2\" --defaults-file=\"$3\" --skip-test-db --user=mysql",
		               "mysql-install",
		               a->datadir,
		               gx_arena_printf(c->arena, "%s/bin/mariadb-install-db", prefix),
		               "/etc/" CNF };

	o->one_shot = true;
	o->respawn = false;
	o->log_file = "/var/log/mysqld.log";
	svc_set_argv(c, o, argv, N(argv));
}

/* Guix's mysql-upgrade: once the server answers on its socket (20 s at
 * most), mariadb-upgrade as the mysql MariaDB user. */
static void add_upgrade(struct ev_ctx *c, const struct svc_instance *s, const char *prefix,
                        const struct my_args *a)
{
	struct os_service *o =
	        add(c, s, "mysql-upgrade", "mysql", "Upgrade MySQL database schemas.");
	const char *argv[] = {
		"/bin/sh",
		"-c",
		"i=0; until \"$1\" --no-defaults --socket=\"$2\" --user=mysql ping >/dev/null "
		"2>&1; do i=$((i + 1)); if [ \"$i\" -gt 20 ]; then "
		"echo 'MySQL server did not appear in time!' >&2; exit 1; fi; sleep 1; done; "
		"exec \"$3\" --defaults-file=\"$4\" --socket=\"$2\" --user=mysql",
		"mysql-upgrade",
		gx_arena_printf(c->arena, "%s/bin/mariadb-admin", prefix),
		a->socket,
		gx_arena_printf(c->arena, "%s/bin/mariadb-upgrade", prefix),
		"/etc/" CNF
	};

	o->one_shot = true;
	o->respawn = false;
	o->log_file = "/var/log/mysql_upgrade.log";
	svc_set_argv(c, o, argv, N(argv));
}

/* The package: Guix's mariadb (Debian's MariaDB), not Guix's mysql. */
static struct ev *package(struct ev_ctx *c, const struct ev *cfg)
{
	struct ev *pkg = svc_package(c, cfg, "mysql");

	if (pkg != NULL && strcmp(pkg->u.pkg.name, "mariadb") != 0) {
		ev_failn(c, ev_record_loc(cfg, "mysql"),
		         RTD ": field 'mysql': only mariadb is supported by gxsys (Debian 12 "
		             "has no MySQL), got %s",
		         ev_repr(c, pkg));
		return NULL;
	}
	return pkg;
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	struct ev *cfg = s->value, *pkg;
	struct my_args a = { 0 };
	const char *prefix;
	struct os_service *o;

	if (svc_check_value(c, s, "a") < 0 || svc_refuse_extensions(c, s) < 0 ||
	    read_config(c, cfg, &a) < 0)
		return -1;
	if ((pkg = package(c, cfg)) == NULL || (prefix = osb_path_of(c, pkg, s->loc)) == NULL)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);
	/* mariadb-install-db runs sed, uname, cat...; the upgrade's wait sleep:
	 * a system without %base-packages has them too. */
	osb_add_package(c, "coreutils", NULL, false, s->loc);
	osb_add_package(c, "sed", NULL, false, s->loc);
	if (osb_add_system_account(c, ACCOUNT, ACCOUNT, "", "/var/empty", s->loc) < 0 ||
	    add_cnf(c, &a, s->loc) < 0)
		return -1;
	osb_add_dir(c, a.datadir, ACCOUNT, ACCOUNT, 0755);
	osb_add_dir(c, RUN_DIR, ACCOUNT, ACCOUNT, 0755);

	add_install(c, s, prefix, &a);
	o = add(c, s, "mysql", "user-processes mysql-install", "Run the MySQL server.");
	o->log_file = "/var/log/mysqld.log";
	o->environment = a.env[0] != NULL ? a.env : NULL;
	{
		const char *argv[] = { gx_arena_printf(c->arena, "%s/sbin/mariadbd", prefix),
			               "--defaults-file=/etc/" CNF };

		svc_set_argv(c, o, argv, N(argv));
	}
	if (a.upgrade)
		add_upgrade(c, s, prefix, &a);
	return 0;
}

const struct svc_def svc_mysql = {
	"mysql-service-type",
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
