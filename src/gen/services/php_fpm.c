/* svc: php-fpm-service-type (gnu/services/web.scm).  Makes /etc/php-fpm.conf
 * from php-fpm-configuration as Guix's default-php-fpm-config does (a
 * [global] section with pid and error_log, one [www] pool with its user,
 * group, socket and process manager), or takes the `file` field as it is;
 * the php-fpm account; and the `php-fpm` service running Debian's
 * `php-fpm8.2 --nodaemonize --fpm-config /etc/php-fpm.conf [-c PHP.INI]`.
 *
 * - php-fpm's master runs as root, as in Guix (no #:user): it opens the
 *   socket and its log, then starts the pool's workers as `user`/`group`.
 *   Guix lets it daemonize and reads its PID file; gxsys keeps it in the
 *   foreground (--nodaemonize, which also wins over a `daemonize` in a
 *   user's `file`) and waits for the PID file, which php-fpm writes once
 *   its socket is open, so nginx can connect as soon as php-fpm is up.
 * - The default paths are Guix's, made from the major version of the php
 *   package: Debian 12's PHP is 8.2, hence /var/run/php8-fpm.sock,
 *   /var/run/php8-fpm.pid, /var/log/php8-fpm.log and
 *   /var/log/php8-fpm.www.log (Debian's own socket, /run/php/php8.2-fpm.sock,
 *   belongs to its pool.d/www.conf, which this file does not include).
 * - The socket is owned by socket-user:socket-group ("php-fpm" and "nginx",
 *   Guix's defaults) with php-fpm's mode 0660: nginx's workers (user and
 *   group nginx) may connect.  The group must exist, as in Guix: declare
 *   nginx-service-type (or the group) with the defaults.
 * - Guix's activation creates the log files owned by the user, mode 0660
 *   (the workers write the workers' log themselves); gxsys runs no Guile,
 *   so a one-shot `php-fpm-log-files` does it before php-fpm starts.
 * - Guix's accounts add a "php-fpm" group and make it a supplementary group
 *   of `user`; here the user's group is `group` (the same with the
 *   defaults) and no supplementary group is added.
 * - Every value of the generated file is checked so that it stays one
 *   `key = value` of php-fpm's ini syntax: paths without white space,
 *   quotes, ';', '=', '$' or the ini operators; account names; a timezone
 *   name; numbers in php-fpm's bounds (it refuses a dynamic process
 *   manager's spare servers outside max-children, and so does gxsys). */
#include <stdlib.h>
#include <string.h>

#include "etc.h"
#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "php-fpm-configuration"
#define DYNAMIC "php-fpm-dynamic-process-manager-configuration"
#define STATIC "php-fpm-static-process-manager-configuration"
#define ONDEMAND "php-fpm-on-demand-process-manager-configuration"
#define CONF "php-fpm.conf"
/* Characters a path of the generated file must not hold beyond svc_path_ok's:
 * quotes, comments, '=', variables and the operators of php's ini syntax. */
#define INI_FORBID "\"'\\;=$&|~!^(){}[]`#"

static struct ev *d_php(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "php", loc);
}

static const struct ev_field dynamic_fields[] = {
	{ "max-children", D_INT, 5, NULL, NULL, NULL },
	{ "start-servers", D_INT, 2, NULL, NULL, NULL },
	{ "min-spare-servers", D_INT, 1, NULL, NULL, NULL },
	{ "max-spare-servers", D_INT, 3, NULL, NULL, NULL },
};

static const struct ev_field static_fields[] = {
	{ "max-children", D_INT, 5, NULL, NULL, NULL },
};

static const struct ev_field ondemand_fields[] = {
	{ "max-children", D_INT, 5, NULL, NULL, NULL },
	{ "process-idle-timeout", D_INT, 10, NULL, NULL, NULL },
};

static const struct ev_rtd dynamic_rtd = { DYNAMIC, dynamic_fields, N(dynamic_fields), false };
static const struct ev_rtd static_rtd = { STATIC, static_fields, N(static_fields), false };
static const struct ev_rtd ondemand_rtd = { ONDEMAND, ondemand_fields, N(ondemand_fields), false };

static struct ev *d_pm(struct ev_ctx *c, struct sx_loc loc)
{
	struct ev *r = ev_record_new(c, &dynamic_rtd, loc);

	return ev_record_fill_defaults(c, r, loc) < 0 ? NULL : r;
}

static const struct ev_field fpm_fields[] = {
	{ "php", D_FN, 0, NULL, d_php, NULL },
	{ "socket", D_STRING, 0, "/var/run/php8-fpm.sock", NULL, NULL },
	{ "user", D_STRING, 0, "php-fpm", NULL, NULL },
	{ "group", D_STRING, 0, "php-fpm", NULL, NULL },
	{ "socket-user", D_STRING, 0, "php-fpm", NULL, NULL },
	{ "socket-group", D_STRING, 0, "nginx", NULL, NULL },
	{ "pid-file", D_STRING, 0, "/var/run/php8-fpm.pid", NULL, NULL },
	{ "log-file", D_STRING, 0, "/var/log/php8-fpm.log", NULL, NULL },
	{ "process-manager", D_FN, 0, NULL, d_pm, NULL },
	{ "display-errors", D_FALSE, 0, NULL, NULL, NULL },
	{ "timezone", D_FALSE, 0, NULL, NULL, NULL },
	{ "workers-log-file", D_STRING, 0, "/var/log/php8-fpm.www.log", NULL, NULL },
	{ "file", D_FALSE, 0, NULL, NULL, NULL },
	{ "php-ini-file", D_FALSE, 0, NULL, NULL, NULL },
};

static const struct ev_rtd fpm_rtd = { RTD, fpm_fields, N(fpm_fields), false };

const struct ev_rtd *const svc_php_fpm_records[] = {
	&fpm_rtd, &dynamic_rtd, &static_rtd, &ondemand_rtd, NULL,
};

/* The values of the generated file, checked. */
struct fpm {
	const char *socket, *user, *group, *socket_user, *socket_group;
	const char *pid_file, *log_file, *workers_log, *timezone;
	bool display_errors;
};

static int bad_value(struct ev_ctx *c, const struct ev *cfg, const char *field,
                     const char *expected)
{
	return ev_failn(c, ev_record_loc(cfg, field),
	                RTD ": field '%s': invalid value %s (expected %s)", field,
	                ev_repr(c, ev_record_get(cfg, field)), expected);
}

/* An absolute path, one value of the file (svc_path_ok, INI_FORBID); with
 * OR_FALSE, #f too (*out NULL). */
static int path_field(struct ev_ctx *c, const struct ev *cfg, const char *field, bool or_false,
                      const char **out)
{
	if ((or_false ? ev_get_string_or_false(c, cfg, field, out)
	              : ev_get_string(c, cfg, field, out)) < 0)
		return -1;
	if (*out == NULL || svc_path_ok(*out, INI_FORBID))
		return 0;
	return bad_value(c, cfg, field,
	                 or_false ? "#f or an absolute path without white space, quotes, "
	                            "control characters, ini operators or \".\" and \"..\" "
	                            "components"
	                          : "an absolute path without white space, quotes, control "
	                            "characters, ini operators or \".\" and \"..\" components");
}

/* socket: a Unix socket's path, or php-fpm's other `listen` forms, PORT and
 * HOST:PORT (an IPv4 address or a host name). */
static int socket_field(struct ev_ctx *c, const struct ev *cfg, const char **out)
{
	static const char host[] =
	        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-";
	const char *s, *port;

	if (ev_get_string(c, cfg, "socket", out) < 0)
		return -1;
	s = *out;
	if (svc_path_ok(s, INI_FORBID))
		return 0;
	port = strrchr(s, ':') ? strrchr(s, ':') + 1 : s;
	if (s[0] != '/' && s[0] != '-' && svc_port_ok(port) &&
	    (port == s || (port - 1 > s && strspn(s, host) == (size_t)(port - 1 - s))))
		return 0;
	return bad_value(c, cfg, "socket",
	                 "an absolute path without white space, quotes, control characters, ini "
	                 "operators or \".\" and \"..\" components, PORT or HOST:PORT");
}

/* An account name of passwd and group, without the '$' php-fpm's ini would
 * expand. */
static int name_field(struct ev_ctx *c, const struct ev *cfg, const char *field, const char **out)
{
	if (ev_get_string(c, cfg, field, out) < 0)
		return -1;
	if (etc_valid_account_name(*out) && strchr(*out, '$') == NULL)
		return 0;
	return bad_value(c, cfg, field,
	                 "an account name: letters, digits, '_', '-', '.', at most 32 characters");
}

/* timezone: #f or a zone name as php's date.timezone takes it ("UTC",
 * "Europe/Paris", "Etc/GMT+1"). */
static int timezone_field(struct ev_ctx *c, const struct ev *cfg, const char **out)
{
	static const char ok[] =
	        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/_+-";
	const char *s;

	if (ev_get_string_or_false(c, cfg, "timezone", out) < 0)
		return -1;
	if ((s = *out) == NULL || (s[0] != '\0' && s[0] != '/' && s[0] != '-' &&
	                           s[strspn(s, ok)] == '\0' && strstr(s, "..") == NULL))
		return 0;
	return bad_value(c, cfg, "timezone", "#f or a time zone name such as \"Europe/Paris\"");
}

static int check_fields(struct ev_ctx *c, const struct ev *cfg, struct fpm *f)
{
	if (socket_field(c, cfg, &f->socket) < 0 || name_field(c, cfg, "user", &f->user) < 0 ||
	    name_field(c, cfg, "group", &f->group) < 0 ||
	    name_field(c, cfg, "socket-user", &f->socket_user) < 0 ||
	    name_field(c, cfg, "socket-group", &f->socket_group) < 0 ||
	    path_field(c, cfg, "pid-file", false, &f->pid_file) < 0 ||
	    path_field(c, cfg, "log-file", false, &f->log_file) < 0 ||
	    path_field(c, cfg, "workers-log-file", true, &f->workers_log) < 0 ||
	    timezone_field(c, cfg, &f->timezone) < 0)
		return -1;
	/* The socket's owners, which php-fpm sets (the daemon's own accounts
	 * are the service's). */
	osb_require_account(c, f->socket_user, false, RTD ": field 'socket-user'",
	                    ev_record_loc(cfg, "socket-user"));
	osb_require_account(c, f->socket_group, true, RTD ": field 'socket-group'",
	                    ev_record_loc(cfg, "socket-group"));
	/* Guix writes "on" for any true value (examples say "#t"). */
	f->display_errors = ev_truthy(ev_record_get(cfg, "display-errors"));
	return 0;
}

/* pm: the pm lines of one of the three records, with php-fpm's bounds. */
static int dynamic_lines(struct ev_ctx *c, const struct ev *pm, struct gx_buf *b)
{
	long max, start, min_spare, max_spare;

	if (ev_get_int(c, pm, "max-children", 1, 100000, &max) < 0 ||
	    ev_get_int(c, pm, "start-servers", 1, max, &start) < 0 ||
	    ev_get_int(c, pm, "min-spare-servers", 1, max, &min_spare) < 0 ||
	    ev_get_int(c, pm, "max-spare-servers", min_spare, max, &max_spare) < 0)
		return -1;
	if (start < min_spare || start > max_spare)
		return ev_failn(c, ev_record_loc(pm, "start-servers"),
		                DYNAMIC ": field 'start-servers': %ld is not between "
		                        "min-spare-servers (%ld) and max-spare-servers (%ld)",
		                start, min_spare, max_spare);
	gx_buf_printf(b,
	              "pm = dynamic\npm.max_children = %ld\npm.start_servers = %ld\n"
	              "pm.min_spare_servers = %ld\npm.max_spare_servers = %ld\n",
	              max, start, min_spare, max_spare);
	return 0;
}

static int pm_lines(struct ev_ctx *c, const struct ev *cfg, struct gx_buf *b)
{
	struct ev *pm = ev_record_get(cfg, "process-manager");
	long max, idle;

	if (ev_record_is(pm, DYNAMIC))
		return dynamic_lines(c, pm, b);
	if (ev_record_is(pm, STATIC)) {
		if (ev_get_int(c, pm, "max-children", 1, 100000, &max) < 0)
			return -1;
		gx_buf_printf(b, "pm = static\npm.max_children = %ld\n", max);
		return 0;
	}
	if (ev_record_is(pm, ONDEMAND)) {
		if (ev_get_int(c, pm, "max-children", 1, 100000, &max) < 0 ||
		    ev_get_int(c, pm, "process-idle-timeout", 1, 86400, &idle) < 0)
			return -1;
		gx_buf_printf(
		        b, "pm = ondemand\npm.max_children = %ld\npm.process_idle_timeout = %lds\n",
		        max, idle);
		return 0;
	}
	return ev_failn(c, ev_record_loc(cfg, "process-manager"),
	                RTD ": field 'process-manager': expected a " DYNAMIC ", " STATIC
	                    " or " ONDEMAND ", got %s",
	                ev_repr(c, pm));
}

/* Guix's default-php-fpm-config, with a space after each '='. */
static int generate(struct ev_ctx *c, const struct ev *cfg, const struct fpm *f, struct gx_buf *b)
{
	gx_buf_printf(b, "[global]\npid = %s\nerror_log = %s\n", f->pid_file, f->log_file);
	gx_buf_printf(b, "[www]\nuser = %s\ngroup = %s\nlisten = %s\n", f->user, f->group,
	              f->socket);
	gx_buf_printf(b, "listen.owner = %s\nlisten.group = %s\n", f->socket_user, f->socket_group);
	if (f->timezone != NULL)
		gx_buf_printf(b, "php_admin_value[date.timezone] = \"%s\"\n", f->timezone);
	if (pm_lines(c, cfg, b) < 0)
		return -1;
	gx_buf_printf(b, "php_flag[display_errors] = %s\n", f->display_errors ? "on" : "off");
	if (f->workers_log != NULL)
		gx_buf_printf(b,
		              "catch_workers_output = yes\nphp_admin_value[error_log] = %s\n"
		              "php_admin_flag[log_errors] = on\n",
		              f->workers_log);
	else
		gx_buf_puts(b, "catch_workers_output = no\n");
	return 0;
}

/* /etc/php-fpm.conf: the user's file, or the generated one. */
static int fpm_conf(struct ev_ctx *c, const struct ev *cfg, const struct fpm *f, bool *given)
{
	struct ev *file = ev_record_get(cfg, "file");
	struct gx_buf b = GX_BUF_INIT;
	const char *data;
	size_t len;
	int r;

	*given = ev_truthy(file);
	if (*given) {
		if (file->type != EV_FILE)
			return ev_failn(c, ev_record_loc(cfg, "file"),
			                RTD ": field 'file': expected #f or a file-like object "
			                    "(local-file, plain-file), got %s",
			                ev_repr(c, file));
		if (osb_file_content(c, file, &data, &len, file->loc) < 0)
			return -1;
		return osb_add_file(c, CONF, data, len, 0644, file->u.file->source, file->loc);
	}
	r = generate(c, cfg, f, &b);
	if (r == 0)
		r = osb_add_file(c, CONF, b.data, b.len, 0644, NULL, cfg->loc);
	gx_buf_free(&b);
	return r;
}

/* php-ini-file: #f, or a file-like object given with -c (its path). */
static int php_ini(struct ev_ctx *c, const struct ev *cfg, const char **out)
{
	struct ev *ini = ev_record_get(cfg, "php-ini-file");

	*out = NULL;
	if (!ev_truthy(ini))
		return 0;
	if (ini->type != EV_FILE)
		return ev_failn(c, ev_record_loc(cfg, "php-ini-file"),
		                RTD ": field 'php-ini-file': expected #f or a file-like object "
		                    "(local-file, plain-file), got %s",
		                ev_repr(c, ini));
	*out = osb_path_of(c, ini, ev_record_loc(cfg, "php-ini-file"));
	return *out == NULL ? -1 : 0;
}

/* Guix's activation: the log files, owned by the user, mode 0660. */
static void add_log_files(struct ev_ctx *c, const struct svc_instance *s, const struct fpm *f)
{
	struct os_service *o = osb_add_service(c, "php-fpm-service-type", s->loc);
	const char *argv[] = {
		"/bin/sh",
		"-c",
		"u=$1; g=$2; shift 2; for f; do "
		"touch -- \"$f\" && chown -- \"$u:$g\" \"$f\" && chmod 660 -- \"$f\" "
		"|| exit 1; done",
		"php-fpm-log-files",
		f->user,
		f->group,
		f->log_file,
		f->workers_log,
		NULL
	};

	/* touch, chown and chmod: a system without %base-packages has them too. */
	osb_add_package(c, "coreutils", NULL, false, s->loc);
	o->provision = svc_split(c, "php-fpm-log-files");
	o->requirement = svc_split(c, "user-processes");
	o->documentation = "Create php-fpm's log files, owned by its user.";
	o->one_shot = true;
	o->respawn = false;
	svc_set_argv(c, o, argv, N(argv));
}

static void add_service(struct ev_ctx *c, const struct svc_instance *s, const char *prefix,
                        const struct fpm *f, bool given, const char *ini)
{
	struct os_service *o = osb_add_service(c, "php-fpm-service-type", s->loc);
	const char *argv[] = { gx_arena_printf(c->arena, "%s/sbin/php-fpm8.2", prefix),
		               "--nodaemonize",
		               "--fpm-config",
		               "/etc/" CONF,
		               ini != NULL ? "-c" : NULL,
		               ini,
		               NULL };

	o->provision = svc_split(c, "php-fpm");
	o->requirement = svc_split(c, "user-processes networking php-fpm-log-files");
	o->documentation = "Run the php-fpm daemon.";
	svc_set_argv(c, o, argv, N(argv));
	/* A user's file may put the PID file elsewhere: then the fork is the
	 * start. */
	if (!given)
		o->pid_file = f->pid_file;
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	struct ev *cfg = s->value, *pkg;
	const char *prefix, *ini;
	struct fpm f;
	bool given;

	if (svc_check_value(c, s, "a") < 0)
		return -1;
	if (svc_refuse_extensions(c, s) < 0)
		return -1;
	if ((pkg = svc_package(c, cfg, "php")) == NULL || check_fields(c, cfg, &f) < 0 ||
	    fpm_conf(c, cfg, &f, &given) < 0 || php_ini(c, cfg, &ini) < 0 ||
	    (prefix = osb_path_of(c, pkg, s->loc)) == NULL ||
	    osb_add_system_account(c, f.user, f.group, "php-fpm daemon user", "/var/empty",
	                           s->loc) < 0)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);
	if (f.socket[0] == '/')
		svc_parent_dir(c, f.socket);
	svc_parent_dir(c, f.pid_file);
	svc_parent_dir(c, f.log_file);
	if (f.workers_log != NULL)
		svc_parent_dir(c, f.workers_log);
	add_log_files(c, s, &f);
	add_service(c, s, prefix, &f, given, ini);
	return 0;
}

const struct svc_def svc_php_fpm = {
	"php-fpm-service-type",
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
