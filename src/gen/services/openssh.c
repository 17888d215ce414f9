/* svc: openssh-service-type (gnu/services/ssh.scm).  Makes /etc/ssh/sshd_config
 * from openssh-configuration as Guix does, /etc/ssh/authorized_keys.d/USER
 * from authorized-keys, the sshd privilege-separation account, a one-shot
 * `ssh-host-keys` service that generates host keys at first boot
 * (ssh-keygen -A under /var/lib/gxsys/ssh, since /etc is read-only), and
 * the `ssh-daemon` service running `sshd -D -f /etc/ssh/sshd_config`.
 *
 * One deliberate difference from Guix: use-pam? defaults to #f, because a
 * container has no PAM stack generated for it (Debian's /etc/pam.d/common-*
 * are made by pam-auth-update, not shipped); password and key logins go
 * through /etc/shadow and the authorized keys directly. */
#include <ctype.h>
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define KEYS_DIR "/var/lib/gxsys/ssh"

static struct ev *d_openssh(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "openssh", loc);
}

static struct ev *d_subsystems(struct ev_ctx *c, struct sx_loc loc)
{
	struct ev *entry =
	        ev_cons(c, ev_cstring(c, "sftp", loc),
	                ev_cons(c, ev_cstring(c, "internal-sftp", loc), ev_nil(c, loc), loc), loc);

	return ev_cons(c, entry, ev_nil(c, loc), loc);
}

static const struct ev_field openssh_fields[] = {
	{ "openssh", D_FN, 0, NULL, d_openssh, NULL },
	{ "pid-file", D_STRING, 0, "/var/run/sshd.pid", NULL, NULL },
	{ "port-number", D_INT, 22, NULL, NULL, NULL },
	{ "max-connections", D_INT, 200, NULL, NULL, NULL },
	{ "permit-root-login", D_FALSE, 0, NULL, NULL, NULL },
	{ "allow-empty-passwords?", D_FALSE, 0, NULL, NULL, NULL },
	{ "password-authentication?", D_TRUE, 0, NULL, NULL, NULL },
	{ "public-key-authentication?", D_TRUE, 0, NULL, NULL, NULL },
	{ "x11-forwarding?", D_FALSE, 0, NULL, NULL, NULL },
	{ "allow-agent-forwarding?", D_TRUE, 0, NULL, NULL, NULL },
	{ "allow-tcp-forwarding?", D_TRUE, 0, NULL, NULL, NULL },
	{ "gateway-ports?", D_FALSE, 0, NULL, NULL, NULL },
	{ "challenge-response-authentication?", D_FALSE, 0, NULL, NULL, NULL },
	{ "use-pam?", D_FALSE, 0, NULL, NULL, NULL },
	{ "print-last-log?", D_TRUE, 0, NULL, NULL, NULL },
	{ "subsystems", D_FN, 0, NULL, d_subsystems, NULL },
	{ "accepted-environment", D_NIL, 0, NULL, NULL, NULL },
	{ "log-level", D_SYMBOL, 0, "info", NULL, NULL },
	{ "extra-content", D_STRING, 0, "", NULL, NULL },
	{ "authorized-keys", D_NIL, 0, NULL, NULL, NULL },
	{ "generate-host-keys?", D_TRUE, 0, NULL, NULL, NULL },
};

static const struct ev_rtd openssh_rtd = { "openssh-configuration", openssh_fields,
	                                   N(openssh_fields), false };

const struct ev_rtd *const svc_openssh_records[] = { &openssh_rtd, NULL };

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

static int bool_line(struct ev_ctx *c, struct gx_buf *b, const struct ev *cfg, const char *field,
                     const char *keyword)
{
	bool v;

	if (ev_get_bool(c, cfg, field, &v) < 0)
		return -1;
	/* sshd with UsePAM and no PAM stack refuses every login */
	if (v && strcmp(field, "use-pam?") == 0)
		return ev_failn(c, ev_record_loc(cfg, field),
		                "openssh-configuration: use-pam? #t is not supported: gxsys makes "
		                "no PAM stack for sshd, which would then refuse every login "
		                "(without it, logins go through /etc/shadow and the authorized "
		                "keys)");
	gx_buf_printf(b, "%s %s\n", keyword, yes_no(v));
	return 0;
}

/* A value written into sshd_config must stay one token on one line. */
static int check_token(struct ev_ctx *c, const struct ev *cfg, const char *field, const char *s)
{
	if (*s == '\0' || strpbrk(s, " \t\r\n\"#") != NULL)
		return ev_failn(c, ev_record_loc(cfg, field),
		                "openssh-configuration: field '%s': invalid value \"%s\"", field,
		                s);
	return 0;
}

static int root_login(struct ev_ctx *c, struct gx_buf *b, const struct ev *cfg)
{
	struct ev *v = ev_record_get(cfg, "permit-root-login");

	if (v->type == EV_BOOL) {
		gx_buf_printf(b, "PermitRootLogin %s\n", yes_no(v->u.b));
		return 0;
	}
	if (v->type == EV_SYMBOL && (strcmp(v->u.str.s, "prohibit-password") == 0 ||
	                             strcmp(v->u.str.s, "without-password") == 0 ||
	                             strcmp(v->u.str.s, "forced-commands-only") == 0)) {
		gx_buf_printf(b, "PermitRootLogin %s\n", v->u.str.s);
		return 0;
	}
	return ev_failn(c, ev_record_loc(cfg, "permit-root-login"),
	                "openssh-configuration: field 'permit-root-login': expected #t, #f or "
	                "'prohibit-password, got %s",
	                ev_repr(c, v));
}

static int log_level(struct ev_ctx *c, struct gx_buf *b, const struct ev *cfg)
{
	static const char *const levels[] = { "quiet", "fatal",  "error",  "info",  "verbose",
		                              "debug", "debug1", "debug2", "debug3" };
	struct ev *v = ev_record_get(cfg, "log-level");

	for (size_t i = 0; v->type == EV_SYMBOL && i < N(levels); i++)
		if (strcmp(v->u.str.s, levels[i]) == 0) {
			gx_buf_puts(b, "LogLevel ");
			for (const char *p = levels[i]; *p; p++)
				gx_buf_putc(b, (char)toupper((unsigned char)*p));
			gx_buf_putc(b, '\n');
			return 0;
		}
	return ev_failn(c, ev_record_loc(cfg, "log-level"),
	                "openssh-configuration: field 'log-level': expected 'info, 'verbose, "
	                "'debug... got %s",
	                ev_repr(c, v));
}

static int subsystems(struct ev_ctx *c, struct gx_buf *b, const struct ev *cfg)
{
	struct ev *list = ev_record_get(cfg, "subsystems");

	if (!ev_is_list(list))
		goto bad;
	for (struct ev *p = list; p->type == EV_PAIR; p = p->u.pair.cdr) {
		const char **v;

		if (ev_to_strings(c, p->u.pair.car, p->u.pair.car->loc,
		                  "openssh-configuration: field 'subsystems'", &v) < 0)
			return -1;
		if (v[0] == NULL || v[1] == NULL || v[2] != NULL)
			goto bad;
		if (check_token(c, cfg, "subsystems", v[0]) < 0 || strchr(v[1], '\n') != NULL)
			return -1;
		gx_buf_printf(b, "Subsystem\t%s\t%s\n", v[0], v[1]);
	}
	return 0;
bad:
	return ev_failn(c, ev_record_loc(cfg, "subsystems"),
	                "openssh-configuration: field 'subsystems': expected a list of "
	                "(NAME COMMAND)");
}

static int sshd_config(struct ev_ctx *c, const struct ev *cfg, struct gx_buf *b)
{
	static const char *const bools[][2] = {
		{ "allow-empty-passwords?", "PermitEmptyPasswords" },
		{ "password-authentication?", "PasswordAuthentication" },
		{ "public-key-authentication?", "PubkeyAuthentication" },
		{ "x11-forwarding?", "X11Forwarding" },
		{ "allow-agent-forwarding?", "AllowAgentForwarding" },
		{ "allow-tcp-forwarding?", "AllowTcpForwarding" },
		{ "gateway-ports?", "GatewayPorts" },
		{ "challenge-response-authentication?", "KbdInteractiveAuthentication" },
		{ "use-pam?", "UsePAM" },
		{ "print-last-log?", "PrintLastLog" },
	};
	const char *pid_file, *extra, **env;
	long port;

	if (ev_get_int(c, cfg, "port-number", 1, 65535, &port) < 0 ||
	    ev_get_string(c, cfg, "pid-file", &pid_file) < 0 ||
	    check_token(c, cfg, "pid-file", pid_file) < 0 ||
	    ev_get_strings(c, cfg, "accepted-environment", &env) < 0 ||
	    ev_get_string(c, cfg, "extra-content", &extra) < 0)
		return -1;
	gx_buf_printf(b, "# Generated by gxsys from openssh-configuration.\nPort %ld\n", port);
	if (root_login(c, b, cfg) < 0)
		return -1;
	for (size_t i = 0; i < N(bools); i++)
		if (bool_line(c, b, cfg, bools[i][0], bools[i][1]) < 0)
			return -1;
	gx_buf_printf(b, "PidFile %s\n", pid_file);
	if (log_level(c, b, cfg) < 0)
		return -1;
	for (size_t i = 0; env[i] != NULL; i++) {
		if (check_token(c, cfg, "accepted-environment", env[i]) < 0)
			return -1;
		gx_buf_printf(b, "AcceptEnv %s\n", env[i]);
	}
	gx_buf_puts(b, "HostKey " KEYS_DIR "/etc/ssh/ssh_host_rsa_key\n"
	               "HostKey " KEYS_DIR "/etc/ssh/ssh_host_ecdsa_key\n"
	               "HostKey " KEYS_DIR "/etc/ssh/ssh_host_ed25519_key\n"
	               "AuthorizedKeysFile  .ssh/authorized_keys .ssh/authorized_keys2 "
	               "/etc/ssh/authorized_keys.d/%u\n");
	if (subsystems(c, b, cfg) < 0)
		return -1;
	gx_buf_puts(b, extra);
	if (*extra != '\0' && extra[strlen(extra) - 1] != '\n')
		gx_buf_putc(b, '\n');
	return 0;
}

/* authorized-keys: (("alice" FILE...) ...): one file per user, the keys
 * of all its entries concatenated, as Guix does. */
static int authorized_keys(struct ev_ctx *c, const struct ev *cfg)
{
	struct ev *list = ev_record_get(cfg, "authorized-keys");
	struct sx_loc floc = ev_record_loc(cfg, "authorized-keys");

	if (!ev_is_list(list))
		goto bad;
	for (struct ev *p = list; p->type == EV_PAIR; p = p->u.pair.cdr) {
		struct ev *e = p->u.pair.car;
		struct gx_buf b = GX_BUF_INIT;
		const char *user, *path;
		int r = 0;

		if (e->type != EV_PAIR || !ev_is_list(e) || e->u.pair.car->type != EV_STRING)
			goto bad;
		user = e->u.pair.car->u.str.s;
		if (*user == '\0' || strpbrk(user, "/ \n") != NULL || strcmp(user, "..") == 0 ||
		    strcmp(user, ".") == 0)
			return ev_failn(c, e->loc,
			                "openssh-configuration: invalid user name \"%s\"", user);
		for (struct ev *k = e->u.pair.cdr; k->type == EV_PAIR && r == 0;
		     k = k->u.pair.cdr) {
			const char *data;
			size_t len;

			if (k->u.pair.car->type != EV_FILE) {
				r = ev_failn(
				        c, k->u.pair.car->loc,
				        "openssh-configuration: authorized keys of '%s': expected "
				        "a file-like object (local-file, plain-file), got %s",
				        user, ev_repr(c, k->u.pair.car));
				break;
			}
			r = osb_file_content(c, k->u.pair.car, &data, &len, k->u.pair.car->loc);
			if (r == 0) {
				gx_buf_add(&b, data, len);
				if (len > 0 && data[len - 1] != '\n')
					gx_buf_putc(&b, '\n');
			}
		}
		path = gx_arena_printf(c->arena, "ssh/authorized_keys.d/%s", user);
		if (r == 0)
			r = osb_add_file(c, path, b.data ? b.data : "", b.len, 0444, NULL, e->loc);
		gx_buf_free(&b);
		if (r < 0)
			return -1;
	}
	return 0;
bad:
	return ev_failn(c, floc,
	                "openssh-configuration: field 'authorized-keys': expected a list "
	                "of (\"USER\" FILE-LIKE...)");
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	struct ev *cfg = s->value, *pkg;
	struct gx_buf conf = GX_BUF_INIT;
	struct os_service *keys, *sshd;
	const char *sshd_path, *keygen;
	bool gen_keys;
	int r;

	if (svc_check_value(c, s, "an") < 0)
		return -1;
	if (svc_refuse_extensions(c, s) < 0)
		return -1;
	r = sshd_config(c, cfg, &conf);
	if (r == 0)
		r = osb_add_file(c, "ssh/sshd_config", conf.data, conf.len, 0644, NULL, cfg->loc);
	gx_buf_free(&conf);
	if (r < 0 || authorized_keys(c, cfg) < 0 ||
	    ev_get_bool(c, cfg, "generate-host-keys?", &gen_keys) < 0)
		return -1;
	if ((pkg = svc_package(c, cfg, "openssh")) == NULL ||
	    (sshd_path = osb_path_of(c, pkg, s->loc)) == NULL)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);
	if (osb_add_system_account(c, "sshd", "sshd", "sshd privilege separation user", "/run/sshd",
	                           s->loc) < 0)
		return -1;
	osb_add_dir(c, "/run/sshd", "root", "root", 0755);
	osb_add_dir(c, KEYS_DIR "/etc/ssh", "root", "root", 0700);

	keygen = gx_arena_printf(c->arena, "%s/bin/ssh-keygen", sshd_path);
	keys = osb_add_service(c, "openssh-service-type", s->loc);
	keys->provision = svc_split(c, "ssh-host-keys");
	keys->documentation = gen_keys ? "Generate the SSH host keys missing under " KEYS_DIR "."
	                               : "SSH host keys (generate-host-keys? is #f).";
	keys->one_shot = true;
	keys->respawn = false;
	if (gen_keys) {
		const char *argv[] = { keygen, "-A", "-f", KEYS_DIR, NULL };

		keys->argv = gx_arena_alloc(c->arena, sizeof(argv));
		memcpy(keys->argv, argv, sizeof(argv));
	}

	sshd = osb_add_service(c, "openssh-service-type", s->loc);
	sshd->provision = svc_split(c, "ssh-daemon ssh sshd");
	sshd->requirement =
	        svc_split(c, "user-processes syslogd loopback networking ssh-host-keys");
	sshd->documentation = "OpenSSH server.";
	{
		const char *argv[] = { gx_arena_printf(c->arena, "%s/sbin/sshd", sshd_path), "-D",
			               "-f", "/etc/ssh/sshd_config", NULL };

		sshd->argv = gx_arena_alloc(c->arena, sizeof(argv));
		memcpy(sshd->argv, argv, sizeof(argv));
	}
	return 0;
}

const struct svc_def svc_openssh = {
	"openssh-service-type",
	SVC_RUN,
	NULL,
	"openssh-configuration",
	SVC_DEFAULT_RECORD,
	NULL,
	NULL,
	false,
	expand,
	NULL,
};
