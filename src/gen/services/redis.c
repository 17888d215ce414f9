/* svc: redis-service-type (gnu/services/databases.scm).  Makes
 * /etc/redis/redis.conf from redis-configuration as Guix's default-redis.conf
 * does (`bind`, `port`, `dir`), or takes the `config-file` field as it is;
 * the redis account; the working directory, owned by redis, at activation;
 * and the `redis` service running `redis-server /etc/redis/redis.conf` as
 * user redis.  The generated file does not say `daemonize yes`, so redis
 * stays in the foreground under gxsys-init; a `config-file` given by the
 * user gets `--daemonize no` on the command line, as nginx's `file` gets
 * `daemon off;`.  Guix keeps the file in the store; here it is under /etc
 * (where it also hides Debian's own redis.conf, which daemonizes). */
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static struct ev *d_redis(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "redis", loc);
}

static const struct ev_field redis_fields[] = {
	{ "redis", D_FN, 0, NULL, d_redis, NULL },
	{ "bind", D_STRING, 0, "127.0.0.1", NULL, NULL },
	{ "port", D_INT, 6379, NULL, NULL, NULL },
	{ "working-directory", D_STRING, 0, "/var/lib/redis", NULL, NULL },
	{ "config-file", D_FALSE, 0, NULL, NULL, NULL },
};

static const struct ev_rtd redis_rtd = { "redis-configuration", redis_fields, N(redis_fields),
	                                 false };

const struct ev_rtd *const svc_redis_records[] = { &redis_rtd, NULL };

/* bind: addresses separated by spaces ("127.0.0.1 ::1", "* -::*"), each
 * one argument of the `bind` line: no quotes, no line breaks. */
static int check_bind(struct ev_ctx *c, const struct ev *cfg, const char **out)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                         "0123456789.:-*%_ ";

	if (ev_get_string(c, cfg, "bind", out) < 0)
		return -1;
	if (strspn(*out, " ") == strlen(*out) || (*out)[strspn(*out, ok)] != '\0')
		return ev_failn(c, ev_record_loc(cfg, "bind"),
		                "redis-configuration: field 'bind': invalid value %s (expected "
		                "addresses separated by spaces)",
		                ev_repr(c, ev_record_get(cfg, "bind")));
	return 0;
}

/* working-directory: an absolute path with no "." or ".." component, one
 * argument of the `dir` line. */
static int check_dir(struct ev_ctx *c, const struct ev *cfg, const char **out)
{
	if (ev_get_string(c, cfg, "working-directory", out) < 0)
		return -1;
	if (svc_path_ok(*out, "\"'\\"))
		return 0;
	return ev_failn(c, ev_record_loc(cfg, "working-directory"),
	                "redis-configuration: field 'working-directory': invalid value %s "
	                "(expected an absolute path without spaces, quotes, control characters "
	                "or \".\" and \"..\" components)",
	                ev_repr(c, ev_record_get(cfg, "working-directory")));
}

/* /etc/redis/redis.conf: the user's config-file, or Guix's three lines. */
static int redis_conf(struct ev_ctx *c, const struct ev *cfg, const char *dir, bool *given)
{
	struct ev *file = ev_record_get(cfg, "config-file");
	struct gx_buf b = GX_BUF_INIT;
	const char *bind, *data;
	size_t len;
	long port;
	int r;

	*given = ev_truthy(file);
	if (*given) {
		if (file->type != EV_FILE)
			return ev_failn(c, ev_record_loc(cfg, "config-file"),
			                "redis-configuration: field 'config-file': expected a "
			                "file-like object (local-file, plain-file), got %s",
			                ev_repr(c, file));
		if (osb_file_content(c, file, &data, &len, file->loc) < 0)
			return -1;
		return osb_add_file(c, "redis/redis.conf", data, len, 0644, file->u.file->source,
		                    file->loc);
	}
	if (check_bind(c, cfg, &bind) < 0 || ev_get_int(c, cfg, "port", 1, 65535, &port) < 0)
		return -1;
	gx_buf_printf(&b, "bind %s\nport %ld\ndir %s\n", bind, port, dir);
	r = osb_add_file(c, "redis/redis.conf", b.data, b.len, 0644, NULL, cfg->loc);
	gx_buf_free(&b);
	return r;
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	struct ev *cfg = s->value, *pkg;
	const char *dir, *prefix;
	struct os_service *o;
	bool given;

	if (svc_check_value(c, s, "a") < 0)
		return -1;
	if (svc_refuse_extensions(c, s) < 0)
		return -1;
	if ((pkg = svc_package(c, cfg, "redis")) == NULL)
		return -1;
	if (check_dir(c, cfg, &dir) < 0 || redis_conf(c, cfg, dir, &given) < 0 ||
	    (prefix = osb_path_of(c, pkg, s->loc)) == NULL ||
	    osb_add_system_account(c, "redis", "redis", "Redis server user", "/var/empty", s->loc) <
	            0)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);
	osb_add_dir(c, dir, "redis", "redis", 0755);

	o = osb_add_service(c, "redis-service-type", s->loc);
	o->provision = svc_split(c, "redis");
	o->requirement = svc_split(c, "user-processes syslogd");
	o->documentation = "Run the Redis daemon.";
	o->user = "redis";
	{
		const char *argv[] = { gx_arena_printf(c->arena, "%s/bin/redis-server", prefix),
			               "/etc/redis/redis.conf", given ? "--daemonize" : NULL, "no",
			               NULL };

		svc_set_argv(c, o, argv, N(argv));
	}
	return 0;
}

const struct svc_def svc_redis = {
	"redis-service-type",
	SVC_RUN,
	NULL,
	"redis-configuration",
	SVC_DEFAULT_RECORD,
	NULL,
	NULL,
	false,
	expand,
	NULL,
};
