/* svc: dropbear-service-type (gnu/services/ssh.scm).  The `ssh-daemon`
 * service running Guix's command line, `dropbear -F -p PORT -P PID-FILE`
 * with -E (syslog-output? #f), -w (root-login? #f), -s -g
 * (password-authentication? #f) and -B (allow-empty-passwords? #t), up once
 * its PID file is written; requirement networking, and syslogd when
 * dropbear logs to syslog, as in Guix.  Guix's dropbear is Debian's
 * dropbear-bin (the dropbear package would set up a host service).
 *
 * Host keys: Guix runs dropbear with -R, which makes a missing key at the
 * first connection under the path compiled into dropbear,
 * /etc/dropbear/dropbear_TYPE_host_key (Guix's activation makes
 * /etc/dropbear).  A container's /etc is the system's: writable at run time
 * but made again at every boot, so the keys would change at each boot, and
 * -R cannot be pointed anywhere else.  As for openssh-service-type, a
 * one-shot `dropbear-host-keys` makes the missing RSA, ECDSA and Ed25519 keys
 * with dropbearkey under /var/lib/gxsys/dropbear (kept when /var/lib/gxsys
 * is shared), before dropbear starts, and dropbear takes them with -r
 * instead of -R. */
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "dropbear-configuration"
#define KEYS_DIR "/var/lib/gxsys/dropbear"
#define KEY(t) KEYS_DIR "/dropbear_" t "_host_key"

static struct ev *d_dropbear(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "dropbear", loc);
}

static const struct ev_field dropbear_fields[] = {
	{ "dropbear", D_FN, 0, NULL, d_dropbear, NULL },
	{ "port-number", D_INT, 22, NULL, NULL, NULL },
	{ "syslog-output?", D_TRUE, 0, NULL, NULL, NULL },
	{ "pid-file", D_STRING, 0, "/var/run/dropbear.pid", NULL, NULL },
	{ "root-login?", D_FALSE, 0, NULL, NULL, NULL },
	{ "allow-empty-passwords?", D_FALSE, 0, NULL, NULL, NULL },
	{ "password-authentication?", D_TRUE, 0, NULL, NULL, NULL },
};

static const struct ev_rtd dropbear_rtd = { RTD, dropbear_fields, N(dropbear_fields), false };

const struct ev_rtd *const svc_dropbear_records[] = { &dropbear_rtd, NULL };

struct db_args {
	long port;
	const char *pid_file;
	bool syslog, root, empty, password;
};

static int get_args(struct ev_ctx *c, const struct ev *cfg, struct db_args *a)
{
	if (ev_get_int(c, cfg, "port-number", 1, 65535, &a->port) < 0 ||
	    ev_get_string(c, cfg, "pid-file", &a->pid_file) < 0 ||
	    ev_get_bool(c, cfg, "syslog-output?", &a->syslog) < 0 ||
	    ev_get_bool(c, cfg, "root-login?", &a->root) < 0 ||
	    ev_get_bool(c, cfg, "allow-empty-passwords?", &a->empty) < 0 ||
	    ev_get_bool(c, cfg, "password-authentication?", &a->password) < 0)
		return -1;
	if (!svc_path_ok(a->pid_file, ""))
		return ev_failn(c, ev_record_loc(cfg, "pid-file"),
		                RTD ": field 'pid-file': expected an absolute path without white "
		                    "space, control characters or \".\" and \"..\" components, "
		                    "got %s",
		                ev_repr(c, ev_record_get(cfg, "pid-file")));
	return 0;
}

/* Only Guix's dropbear has /usr/sbin/dropbear and /usr/bin/dropbearkey. */
static struct ev *package(struct ev_ctx *c, const struct ev *cfg)
{
	struct ev *pkg = svc_package(c, cfg, "dropbear");

	if (pkg != NULL && strcmp(pkg->u.pkg.name, "dropbear") != 0) {
		ev_failn(c, ev_record_loc(cfg, "dropbear"),
		         RTD ": field 'dropbear': expected the dropbear package, got %s",
		         ev_repr(c, pkg));
		return NULL;
	}
	return pkg;
}

static void set_argv(struct ev_ctx *c, struct os_service *o, const char *const *argv, size_t n)
{
	size_t k = 0;

	o->argv = gx_arena_alloc(c->arena, (n + 1) * sizeof(*o->argv));
	for (size_t i = 0; i < n; i++)
		if (argv[i] != NULL)
			o->argv[k++] = argv[i];
	o->argv[k] = NULL;
}

/* The one-shot: each key dropbearkey makes unless it exists (dropbearkey
 * does not overwrite one, it fails).  The paths are the script's
 * arguments, never part of it. */
static void add_host_keys(struct ev_ctx *c, const struct svc_instance *s, const char *prefix)
{
	struct os_service *o = osb_add_service(c, "dropbear-service-type", s->loc);
	const char *argv[] = { "/bin/sh",
		               "-c",
		               "for t in rsa ecdsa ed25519; do f=\"$1/dropbear_${t}_host_key\"; "
		               "[ -e \"$f\" ] || \"$2\" -t \"$t\" -f \"$f\" || exit 1; done",
		               "dropbear-host-keys",
		               KEYS_DIR,
		               gx_arena_printf(c->arena, "%s/bin/dropbearkey", prefix) };

	osb_add_dir(c, KEYS_DIR, "root", "root", 0700);
	o->provision = svc_split(c, "dropbear-host-keys");
	o->documentation = "Generate the Dropbear host keys missing under " KEYS_DIR ".";
	o->one_shot = true;
	o->respawn = false;
	set_argv(c, o, argv, N(argv));
}

static void add_daemon(struct ev_ctx *c, const struct svc_instance *s, const char *prefix,
                       const struct db_args *a)
{
	struct os_service *o = osb_add_service(c, "dropbear-service-type", s->loc);
	const char *argv[] = { gx_arena_printf(c->arena, "%s/sbin/dropbear", prefix),
		               "-F",
		               "-r",
		               KEY("rsa"),
		               "-r",
		               KEY("ecdsa"),
		               "-r",
		               KEY("ed25519"),
		               "-p",
		               gx_arena_printf(c->arena, "%ld", a->port),
		               "-P",
		               a->pid_file,
		               a->syslog ? NULL : "-E",
		               a->root ? NULL : "-w",
		               a->password ? NULL : "-s",
		               a->password ? NULL : "-g",
		               a->empty ? "-B" : NULL };

	o->provision = svc_split(c, "ssh-daemon");
	o->requirement = svc_split(c, a->syslog ? "networking syslogd dropbear-host-keys"
	                                        : "networking dropbear-host-keys");
	o->documentation = "Dropbear SSH server.";
	o->pid_file = a->pid_file;
	set_argv(c, o, argv, N(argv));
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	struct ev *cfg = s->value, *pkg;
	struct db_args a;
	const char *prefix;

	if (svc_check_value(c, s, "a") < 0 || svc_refuse_extensions(c, s) < 0)
		return -1;
	if (get_args(c, cfg, &a) < 0)
		return -1;
	if ((pkg = package(c, cfg)) == NULL || (prefix = osb_path_of(c, pkg, s->loc)) == NULL)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);
	svc_parent_dir(c, a.pid_file);
	add_host_keys(c, s, prefix);
	add_daemon(c, s, prefix, &a);
	return 0;
}

const struct svc_def svc_dropbear = {
	"dropbear-service-type",
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
