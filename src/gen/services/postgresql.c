/* svc: postgresql-service-type (gnu/services/databases.scm).  Makes
 * /etc/postgresql/postgresql.conf from the postgresql-config-file record as
 * Guix's compiler does (log_destination, hba_file, ident_file,
 * unix_socket_directories, then extra-config), with pg_hba.conf and
 * pg_ident.conf beside it; the postgres account (home /var/empty, shell
 * bash, as Guix's); the data, socket and log directories owned by
 * postgres; a one-shot `postgresql-initdb` service; and the `postgres`
 * service running `postgres -D DATA -p PORT --config-file=...` as user
 * postgres in the foreground.
 *
 * Differences from Guix, each for the container:
 * - Guix runs initdb in its activation snippet, as root dropping to
 *   postgres; gxsys runs no Guile, so initdb is a one-shot service the
 *   server requires, run as postgres.  /var is a tmpfs: the cluster is made
 *   at every boot, with --no-sync (nothing is worth syncing to a tmpfs, and
 *   a boot is faster).  It is skipped when the data directory holds
 *   PG_VERSION (a --share'd /var/lib/postgresql keeps its cluster).
 * - Guix starts the server through pg_ctl, which daemonizes; gxsys-init
 *   supervises postgres itself, so it runs in the foreground.  The
 *   log-directory (pg_ctl's log) is made but nothing writes there.
 * - The package is Debian's: its programs are in /usr/lib/postgresql/N/bin,
 *   N the major version (Guix's `postgresql` is Debian 12's 15).
 * - extension-packages must be '(): Guix unions them into the package;
 *   gxsys does not (yet). */
#include <stdlib.h>
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define CONF_DIR "postgresql" /* under /etc */
#define DEFAULT_MAJOR "15"    /* Debian 12's postgresql */

/* Guix's %default-postgres-hba: local connections trusted, TCP ones from
 * the loopback with a password. */
static const char default_hba[] = "local\tall\tall\t\t\ttrust\n"
                                  "host\tall\tall\t127.0.0.1/32\tmd5\n"
                                  "host\tall\tall\t::1/128\t\tmd5\n";

static struct ev *plain_file(struct ev_ctx *c, const char *name, const char *content,
                             struct sx_loc loc)
{
	return svc_plain_file(c, name, content, strlen(content), loc);
}

static struct ev *d_hba(struct ev_ctx *c, struct sx_loc loc)
{
	return plain_file(c, "pg_hba.conf", default_hba, loc);
}

static struct ev *d_ident(struct ev_ctx *c, struct sx_loc loc)
{
	return plain_file(c, "pg_ident.conf", "", loc);
}

static const struct ev_field config_file_fields[] = {
	{ "log-destination", D_STRING, 0, "syslog", NULL, NULL },
	{ "hba-file", D_FN, 0, NULL, d_hba, NULL },
	{ "ident-file", D_FN, 0, NULL, d_ident, NULL },
	{ "socket-directories", D_STRLIST, 0, "/var/run/postgresql", NULL, NULL },
	{ "extra-config", D_NIL, 0, NULL, NULL, NULL },
};

static const struct ev_rtd config_file_rtd = { "postgresql-config-file", config_file_fields,
	                                       N(config_file_fields), false };

static struct ev *d_config_file(struct ev_ctx *c, struct sx_loc loc)
{
	struct ev *r = ev_record_new(c, &config_file_rtd, loc);

	return ev_record_fill_defaults(c, r, loc) < 0 ? NULL : r;
}

static const struct ev_field postgresql_fields[] = {
	{ "postgresql", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "port", D_INT, 5432, NULL, NULL, NULL },
	{ "locale", D_STRING, 0, "en_US.utf8", NULL, NULL },
	{ "config-file", D_FN, 0, NULL, d_config_file, NULL },
	{ "log-directory", D_STRING, 0, "/var/log/postgresql", NULL, NULL },
	{ "data-directory", D_STRING, 0, "/var/lib/postgresql/data", NULL, NULL },
	{ "extension-packages", D_NIL, 0, NULL, NULL, NULL },
	{ "create-account?", D_TRUE, 0, NULL, NULL, NULL },
	{ "uid", D_FALSE, 0, NULL, NULL,
	  "ignored: the postgres account gets a system id as gxsys allocates them" },
	{ "gid", D_FALSE, 0, NULL, NULL,
	  "ignored: the postgres group gets a system id as gxsys allocates them" },
};

static const struct ev_rtd postgresql_rtd = { "postgresql-configuration", postgresql_fields,
	                                      N(postgresql_fields), false };

const struct ev_rtd *const svc_postgresql_records[] = { &postgresql_rtd, &config_file_rtd, NULL };

/* An absolute path, one argument and one quoted conf value: no white
 * space, quotes, backslashes, commas (unix_socket_directories is a comma
 * list), control characters, "." or ".." components. */
static int bad_path(struct ev_ctx *c, const struct ev *rec, const char *field, const char *s)
{
	return ev_failn(c, ev_record_loc(rec, field),
	                "%s: field '%s': invalid path %s (expected an absolute path without "
	                "white space, quotes, backslashes, commas, control characters or \".\" "
	                "and \"..\" components)",
	                rec->u.rec->rtd->name, field,
	                ev_repr(c, ev_cstring(c, s, ev_record_loc(rec, field))));
}

static int get_path(struct ev_ctx *c, const struct ev *rec, const char *field, const char **out)
{
	if (ev_get_string(c, rec, field, out) < 0)
		return -1;
	return svc_path_ok(*out, "\"'\\,") ? 0 : bad_path(c, rec, field, *out);
}

/* locale: a locale name as initdb and setlocale take it ("en_US.utf8",
 * "sr_RS@latin"), nothing else. */
static int get_locale(struct ev_ctx *c, const struct ev *cfg, const char **out)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                         "0123456789_.@-";

	if (ev_get_string(c, cfg, "locale", out) < 0)
		return -1;
	if ((*out)[0] == '\0' || (*out)[0] == '-' || (*out)[strspn(*out, ok)] != '\0')
		return ev_failn(c, ev_record_loc(cfg, "locale"),
		                "postgresql-configuration: field 'locale': invalid locale name %s",
		                ev_repr(c, ev_record_get(cfg, "locale")));
	/* initdb fails at boot without it */
	return osb_use_locale(c, *out, ev_record_loc(cfg, "locale"),
	                      "postgresql-configuration: field 'locale'");
}

/* A quoted postgresql.conf string: ' doubled, \ doubled (the file's
 * strings take backslash escapes); a line break or other control
 * character cannot be written in one, and is refused. */
static int quote(struct ev_ctx *c, struct gx_buf *b, const char *s, size_t len, const char *what,
                 struct sx_loc loc)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return ev_failn(c, loc,
			                "postgresql-config-file: %s: invalid value %s (control "
			                "characters and line breaks cannot be written in "
			                "postgresql.conf)",
			                what, ev_repr(c, ev_string(c, s, len, loc)));
	gx_buf_putc(b, '\'');
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\'' || s[i] == '\\')
			gx_buf_putc(b, s[i]);
		gx_buf_putc(b, s[i]);
	}
	gx_buf_putc(b, '\'');
	return 0;
}

/* A value as Guix's format-value renders it: booleans on/off, numbers as
 * they are, strings single-quoted. */
static int value(struct ev_ctx *c, struct gx_buf *b, const struct ev *v, const char *what,
                 struct sx_loc loc)
{
	if (v->type == EV_BOOL) {
		gx_buf_puts(b, v->u.b ? "on" : "off");
		return 0;
	}
	if (v->type == EV_INT || v->type == EV_REAL) {
		ev_write(b, v);
		return 0;
	}
	if (v->type == EV_STRING)
		return quote(c, b, v->u.str.s, v->u.str.len, what, loc);
	return ev_failn(c, loc,
	                "postgresql-config-file: %s: expected a string, a number or a boolean, "
	                "got %s",
	                what, ev_repr(c, v));
}

/* A parameter name: letters, digits, "_", and "." for extensions'. */
static bool valid_key(const char *s, size_t len)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                         "0123456789_.";

	return len > 0 && strlen(s) == len && strspn(s, ok) == len &&
	       !(s[0] >= '0' && s[0] <= '9') && s[0] != '.';
}

/* extra-config: (("KEY" VALUE...) ...).  As Guix: ("KEY") and ("KEY" . #f)
 * write nothing, and the values of one key are written one after the
 * other. */
static int extra_config(struct ev_ctx *c, struct gx_buf *b, const struct ev *fc)
{
	struct ev *list = ev_record_get(fc, "extra-config");
	struct sx_loc floc = ev_record_loc(fc, "extra-config");

	if (!ev_is_list(list))
		goto bad;
	for (struct ev *p = list; p->type == EV_PAIR; p = p->u.pair.cdr) {
		struct ev *e = p->u.pair.car, *key;
		struct sx_loc loc = e->loc.file != NULL ? e->loc : floc;
		const char *what;

		if (e->type != EV_PAIR)
			goto bad;
		key = e->u.pair.car;
		if (key->type != EV_STRING || !valid_key(key->u.str.s, key->u.str.len))
			return ev_failn(c, loc,
			                "postgresql-config-file: field 'extra-config': invalid "
			                "parameter name %s",
			                ev_repr(c, key));
		if (e->u.pair.cdr->type == EV_NIL ||
		    (e->u.pair.cdr->type == EV_BOOL && !e->u.pair.cdr->u.b))
			continue;
		if (!ev_is_list(e))
			goto bad;
		what = gx_arena_printf(c->arena, "parameter '%s'", key->u.str.s);
		gx_buf_printf(b, "%s = ", key->u.str.s);
		for (struct ev *v = e->u.pair.cdr; v->type == EV_PAIR; v = v->u.pair.cdr)
			if (value(c, b, v->u.pair.car, what, loc) < 0)
				return -1;
		gx_buf_putc(b, '\n');
	}
	return 0;
bad:
	return ev_failn(c, floc,
	                "postgresql-config-file: field 'extra-config': expected a list of "
	                "(\"PARAMETER\" VALUE)");
}

/* hba-file, ident-file: a file-like object, written to /etc/postgresql/NAME
 * (the path the conf names), or a string, an absolute path taken as is. */
static int aux_file(struct ev_ctx *c, const struct ev *fc, const char *field, const char *name,
                    const char **path)
{
	struct ev *v = ev_record_get(fc, field);
	const char *data;
	size_t len;

	if (v->type == EV_STRING)
		return get_path(c, fc, field, path);
	if (v->type != EV_FILE)
		return ev_failn(c, ev_record_loc(fc, field),
		                "postgresql-config-file: field '%s': expected a file-like object "
		                "(plain-file, local-file) or a path, got %s",
		                field, ev_repr(c, v));
	if (osb_file_content(c, v, &data, &len, ev_record_loc(fc, field)) < 0 ||
	    osb_add_file(c, gx_arena_printf(c->arena, CONF_DIR "/%s", name), data, len, 0644,
	                 v->u.file->source, ev_record_loc(fc, field)) < 0)
		return -1;
	*path = gx_arena_printf(c->arena, "/etc/" CONF_DIR "/%s", name);
	return 0;
}

static int conf_line(struct ev_ctx *c, struct gx_buf *b, const char *key, const char *s,
                     struct sx_loc loc)
{
	gx_buf_printf(b, "%s = ", key);
	if (quote(c, b, s, strlen(s), key, loc) < 0)
		return -1;
	gx_buf_putc(b, '\n');
	return 0;
}

/* socket-directories: a list of paths, or #f (postgres's default). */
static int socket_dirs(struct ev_ctx *c, const struct ev *fc, const char ***out)
{
	struct ev *v = ev_record_get(fc, "socket-directories");

	*out = NULL;
	if (v->type == EV_BOOL && !v->u.b)
		return 0;
	if (ev_get_strings(c, fc, "socket-directories", out) < 0)
		return -1;
	for (size_t i = 0; (*out)[i] != NULL; i++)
		if (!svc_path_ok((*out)[i], "\"'\\,"))
			return bad_path(c, fc, "socket-directories", (*out)[i]);
	return 0;
}

/* postgresql.conf from a postgresql-config-file record. */
static int generate_conf(struct ev_ctx *c, const struct ev *fc, const char ***sockets)
{
	struct gx_buf b = GX_BUF_INIT;
	const char *dest, *hba, *ident;
	struct sx_loc loc = fc->loc;
	int r = -1;

	if (ev_get_string(c, fc, "log-destination", &dest) < 0 ||
	    aux_file(c, fc, "hba-file", "pg_hba.conf", &hba) < 0 ||
	    aux_file(c, fc, "ident-file", "pg_ident.conf", &ident) < 0 ||
	    socket_dirs(c, fc, sockets) < 0)
		return -1;
	if (conf_line(c, &b, "log_destination", dest, ev_record_loc(fc, "log-destination")) < 0 ||
	    conf_line(c, &b, "hba_file", hba, loc) < 0 ||
	    conf_line(c, &b, "ident_file", ident, loc) < 0)
		goto out;
	if (*sockets != NULL &&
	    conf_line(c, &b, "unix_socket_directories", svc_join(c, *sockets, ","), loc) < 0)
		goto out;
	if (extra_config(c, &b, fc) < 0)
		goto out;
	r = osb_add_file(c, CONF_DIR "/postgresql.conf", b.data ? b.data : "", b.len, 0644, NULL,
	                 loc);
out:
	gx_buf_free(&b);
	return r;
}

/* config-file: a postgresql-config-file record, or a file-like object
 * taken as the whole postgresql.conf. */
static int config_file(struct ev_ctx *c, const struct ev *cfg, const char ***sockets)
{
	struct ev *fc = ev_record_get(cfg, "config-file");
	const char *data;
	size_t len;

	*sockets = NULL;
	if (ev_record_is(fc, "postgresql-config-file"))
		return generate_conf(c, fc, sockets);
	if (fc->type != EV_FILE)
		return ev_failn(c, ev_record_loc(cfg, "config-file"),
		                "postgresql-configuration: field 'config-file': expected a "
		                "postgresql-config-file or a file-like object, got %s",
		                ev_repr(c, fc));
	if (osb_file_content(c, fc, &data, &len, fc->loc) < 0)
		return -1;
	return osb_add_file(c, CONF_DIR "/postgresql.conf", data, len, 0644, fc->u.file->source,
	                    fc->loc);
}

/* Debian's programs of PKG: /usr/lib/postgresql/MAJOR/bin, MAJOR from
 * Guix's package name (postgresql-15), or Debian 12's for `postgresql`. */
static const char *bin_dir(struct ev_ctx *c, const struct ev *pkg, const char *prefix)
{
	const char *name = pkg->u.pkg.name, *major = DEFAULT_MAJOR;

	if (strncmp(name, "postgresql-", 11) == 0 && name[11] != '\0' &&
	    strspn(name + 11, "0123456789") == strlen(name + 11))
		major = name + 11;
	return gx_arena_printf(c->arena, "%s/lib/postgresql/%s/bin", prefix, major);
}

/* The one-shot: initdb as postgres, unless the directory holds a cluster.
 * The paths and locale are the script's arguments, never part of it. */
static void add_initdb(struct ev_ctx *c, const struct svc_instance *s, const char *bin,
                       const char *data, const char *locale)
{
	struct os_service *o = osb_add_service(c, "postgresql-service-type", s->loc);
	const char *argv[] = { "/bin/sh",
		               "-c",
		               "[ -e \"$2/PG_VERSION\" ] && exit 0; "
		               "exec \"$1\" -D \"$2\" --locale \"$3\" -E UTF8 --no-sync",
		               "postgresql-initdb",
		               gx_arena_printf(c->arena, "%s/initdb", bin),
		               data,
		               locale };

	o->provision = svc_split(c, "postgresql-initdb");
	o->requirement = svc_split(c, "user-processes");
	o->documentation = "Initialise the PostgreSQL database cluster if it has none.";
	o->user = "postgres";
	o->group = "postgres";
	o->one_shot = true;
	o->respawn = false;
	svc_set_argv(c, o, argv, N(argv));
}

/* The postgres account as Guix's %postgresql-accounts: shell bash. */
static int add_account(struct ev_ctx *c, const struct svc_instance *s)
{
	struct os_model *m = c->osb.m;

	if (osb_add_system_account(c, "postgres", "postgres", "PostgreSQL server user",
	                           "/var/empty", s->loc) < 0)
		return -1;
	for (size_t i = 0; i < m->n_users; i++)
		if (strcmp(m->users[i].name, "postgres") == 0 && m->users[i].loc.file == NULL)
			m->users[i].shell = "/bin/bash";
	osb_add_package(c, "bash", NULL, true, s->loc);
	return 0;
}

static int check(struct ev_ctx *c, const struct svc_instance *s)
{
	struct ev *cfg = s->value, *ext;

	if (svc_check_value(c, s, "a") < 0)
		return -1;
	if (svc_refuse_extensions(c, s) < 0)
		return -1;
	ext = ev_record_get(cfg, "extension-packages");
	if (ext->type != EV_NIL)
		return ev_failn(c, ev_record_loc(cfg, "extension-packages"),
		                "postgresql-configuration: field 'extension-packages': extensions "
		                "are not supported by gxsys (only '() is), got %s",
		                ev_repr(c, ext));
	return 0;
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	struct ev *cfg = s->value, *pkg;
	const char *prefix, *bin, *data, *logdir, *locale, **sockets;
	struct os_service *o;
	bool account;
	long port;

	if (check(c, s) < 0 || ev_get_int(c, cfg, "port", 1, 65535, &port) < 0 ||
	    get_locale(c, cfg, &locale) < 0 || get_path(c, cfg, "data-directory", &data) < 0 ||
	    get_path(c, cfg, "log-directory", &logdir) < 0 ||
	    ev_get_bool(c, cfg, "create-account?", &account) < 0 ||
	    config_file(c, cfg, &sockets) < 0)
		return -1;
	if ((pkg = svc_package(c, cfg, "postgresql")) == NULL ||
	    (prefix = osb_path_of(c, pkg, s->loc)) == NULL)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);
	if (account && add_account(c, s) < 0)
		return -1;
	/* initdb wants the data directory empty or absent, postgres wants it
	 * its own with mode 0700 (or 0750) */
	osb_add_dir(c, data, "postgres", "postgres", 0700);
	for (size_t i = 0; sockets != NULL && sockets[i] != NULL; i++)
		osb_add_dir(c, sockets[i], "postgres", "postgres", 0755);
	osb_add_dir(c, logdir, "postgres", "postgres", 0755);

	bin = bin_dir(c, pkg, prefix);
	add_initdb(c, s, bin, data, locale);
	o = osb_add_service(c, "postgresql-service-type", s->loc);
	o->provision = svc_split(c, "postgres postgresql");
	o->requirement = svc_split(c, "user-processes loopback syslogd postgresql-initdb");
	o->documentation = "Run the PostgreSQL daemon.";
	o->user = "postgres";
	o->group = "postgres";
	{
		const char *argv[] = { gx_arena_printf(c->arena, "%s/postgres", bin),
			               "-D",
			               data,
			               "-p",
			               gx_arena_printf(c->arena, "%ld", port),
			               "--config-file=/etc/" CONF_DIR "/postgresql.conf" };

		svc_set_argv(c, o, argv, N(argv));
	}
	return 0;
}

const struct svc_def svc_postgresql = {
	"postgresql-service-type",
	SVC_RUN,
	NULL,
	"postgresql-configuration",
	SVC_NO_DEFAULT,
	NULL,
	NULL,
	false,
	expand,
	NULL,
};
