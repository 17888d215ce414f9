/* svc: opensmtpd-service-type and mail-aliases-service-type
 * (gnu/services/mail.scm), run with Debian's opensmtpd.
 *
 * opensmtpd-configuration has Guix's fields: package, shepherd-requirement,
 * config-file (Guix's %default-opensmtpd-config-file: listen on lo, local
 * mail delivered to each user's mbox, mail from local senders relayed),
 * log-file ("/var/log/mail.log") and setgid-commands? (#t).  config-file is
 * used as it is: its contents (a plain-file, local-file, mixed-text-file...)
 * become /etc/smtpd.conf, Debian's path, which smtpd is started with.  The
 * `smtpd` service (requirement loopback and shepherd-requirement) runs
 * Guix's command line, `smtpd -f /etc/smtpd.conf -d` with its output in
 * log-file; with log-file #f, `smtpd -f /etc/smtpd.conf`, which forks and
 * writes /var/run/smtpd.pid.  smtpd starts as root and runs its processes
 * as its accounts, chrooted.  The build runs `smtpd -n -f /etc/smtpd.conf`
 * in its build container (struct os_check): what smtpd refuses there is a
 * note located at config-file, not an error, since the build container
 * lacks what the container may have (a host interface with -N, files made
 * at run time).
 *
 * Debian's smtpd is not Guix's: it was built for the accounts opensmtpd
 * (its unprivileged processes) and opensmtpq (the queue), where Guix's
 * are smtpd and smtpq, and it chroots into /var/lib/opensmtpd/empty
 * (Guix's /var/empty).  So the accounts are Guix's %opensmtpd-accounts
 * under Debian's names: the group opensmtpq, the user opensmtpd (group
 * nogroup, "SMTP Daemon") and opensmtpq (group opensmtpq, "SMTPD Queue"),
 * home /var/lib/opensmtpd/empty.  At activation, as Guix's
 * opensmtpd-activation: /var/spool/smtpd, root's, 0711, the only mode smtpd
 * accepts (it makes its queue directories in it at each start: offline,
 * root:opensmtpq 0770; incoming, queue, purge, temporary, opensmtpq's
 * 0700), /var/spool/mail (0711) and /var/mail; and the chroot,
 * /var/lib/opensmtpd/empty (root's, 0755), which Debian's package ships
 * under /var, a tmpfs here.
 *
 * Where gxsys differs from Guix:
 * - /var/mail is 1777 (sticky), not 0755.  smtpd creates a user's mailbox
 *   (owned by the user, 0600) as root, then runs Debian's mail.local as the
 *   user, which writes its lock file /var/mail/USER.lock beside it.  Debian
 *   gives mail.local the group mail (setgid) and /var/mail 2775 root:mail;
 *   a gxsys container has no setgid programs (the store strips the bit and
 *   every mount is nosuid), so the spool is writable by all, as mail.local
 *   expects of such a spool (it then locks as the user).
 * - setgid-commands? makes no setgid smtpctl, sendmail, makemap and
 *   newaliases: a container has none.  Debian's smtpctl (which they all
 *   are) refuses to run unless its effective group is opensmtpq, even for
 *   root: root runs it as `setpriv --egid=opensmtpq --keep-groups smtpctl
 *   show queue` (or sendmail...); other users, who cannot, send mail over
 *   SMTP to 127.0.0.1:25, which the default configuration accepts from
 *   them.  setgid-commands? #t (the default) is noted as ignored.
 * - No PAM service: Guix requires 'pam and makes /etc/pam.d/smtpd; gxsys
 *   makes no PAM stack (SMTP AUTH against the system's accounts does not
 *   work), and the service requires loopback and shepherd-requirement.
 *
 * mail-aliases-service-type: Guix's /etc/aliases from a list of (ALIAS
 * ADDRESS...) entries, the declared value then the lists other services
 * extend it with (compose concatenate, extend append), a line
 * "ALIAS: ADDRESS,ADDRESS..." each.  Guix's opensmtpd does not use it (its
 * default smtpd.conf has no alias table): a config-file with `table
 * aliases file:/etc/aliases` and `alias <aliases>` does.  Each alias and
 * address is checked to stay what it is in OpenSMTPD's table file (no
 * white space, ':' or '#' in an alias, no ',' or '#' in an address, no
 * control characters, none empty), with a located error. */
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "opensmtpd-configuration"
#define CONF "smtpd.conf" /* under /etc */
#define DAEMON "opensmtpd"
#define QUEUE "opensmtpq"
#define CHROOT "/var/lib/opensmtpd/empty"
#define PID_FILE "/var/run/smtpd.pid"

/* Guix's %default-opensmtpd-config-file, byte for byte: Debian's smtpd
 * reads it as it is (its mbox delivery is mail.local's, to /var/mail). */
static const char default_conf[] = "\n"
                                   "listen on lo\n"
                                   "\n"
                                   "action inbound mbox\n"
                                   "match for local action inbound\n"
                                   "\n"
                                   "action outbound relay\n"
                                   "match from local for any action outbound\n";

static struct ev *d_package(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "opensmtpd", loc);
}

/* (plain-file "smtpd.conf" ...) */
static struct ev *d_config_file(struct ev_ctx *c, struct sx_loc loc)
{
	return svc_plain_file(c, "smtpd.conf", default_conf, sizeof(default_conf) - 1, loc);
}

static const struct ev_field opensmtpd_fields[] = {
	{ "package", D_FN, 0, NULL, d_package, NULL },
	{ "shepherd-requirement", D_NIL, 0, NULL, NULL, NULL },
	{ "config-file", D_FN, 0, NULL, d_config_file, NULL },
	{ "log-file", D_STRING, 0, "/var/log/mail.log", NULL, NULL },
	{ "setgid-commands?", D_TRUE, 0, NULL, NULL, NULL },
};

static const struct ev_rtd opensmtpd_rtd = { RTD, opensmtpd_fields, N(opensmtpd_fields), false };

const struct ev_rtd *const svc_mail_records[] = { &opensmtpd_rtd, NULL };

/* %default-opensmtpd-config-file */
void svc_mail_install(struct ev_ctx *c)
{
	struct sx_loc none = { NULL, 0, 0 };

	ev_define(c, c->global, "%default-opensmtpd-config-file", d_config_file(c, none));
}

/* ---- opensmtpd ---- */

/* shepherd-requirement: a list of service names (symbols), after loopback. */
static int requirement(struct ev_ctx *c, const struct ev *cfg, const char ***out)
{
	const char **names;
	size_t n = 0;

	if (svc_name_list(c, cfg, "shepherd-requirement", false, &names) < 0)
		return -1;
	while (names[n] != NULL)
		n++;
	*out = gx_arena_alloc(c->arena, (n + 2) * sizeof(**out));
	(*out)[0] = "loopback";
	memcpy(*out + 1, names, (n + 1) * sizeof(*names));
	return 0;
}

/* config-file: a file-like object with contents, /etc/smtpd.conf as it is. */
static int config_file(struct ev_ctx *c, const struct ev *cfg)
{
	struct ev *file = ev_record_get(cfg, "config-file");
	struct sx_loc loc = ev_record_loc(cfg, "config-file");
	const char *data;
	size_t len;

	if (file->type != EV_FILE ||
	    (file->u.file->kind != F_PLAIN && file->u.file->kind != F_LOCAL &&
	     file->u.file->kind != F_MIXED))
		return ev_failn(c, loc,
		                RTD ": field 'config-file': expected a file-like object "
		                    "(plain-file, local-file, mixed-text-file), got %s",
		                ev_repr(c, file));
	if (osb_file_content(c, file, &data, &len, loc) < 0)
		return -1;
	return osb_add_file(c, CONF, data, len, 0644,
	                    file->u.file->kind == F_LOCAL ? file->u.file->source : NULL,
	                    file->loc.file != NULL ? file->loc : loc);
}

/* Guix's %opensmtpd-accounts (Debian's names) and opensmtpd-activation. */
static int accounts_and_dirs(struct ev_ctx *c, const struct svc_instance *s)
{
	osb_add_system_group(c, QUEUE);
	if (osb_add_system_account(c, DAEMON, "nogroup", "SMTP Daemon", CHROOT, s->loc) < 0 ||
	    osb_add_system_account(c, QUEUE, QUEUE, "SMTPD Queue", CHROOT, s->loc) < 0)
		return -1;
	osb_add_dir(c, "/var/lib/opensmtpd", "root", "root", 0755);
	osb_add_dir(c, CHROOT, "root", "root", 0755);
	osb_add_dir(c, "/var/mail", "root", "root", 01777);
	osb_add_dir(c, "/var/spool", "root", "root", 0755);
	osb_add_dir(c, "/var/spool/smtpd", "root", "root", 0711);
	osb_add_dir(c, "/var/spool/mail", "root", "root", 0711);
	return 0;
}

static int expand_opensmtpd(struct ev_ctx *c, const struct svc_instance *s)
{
	const struct ev *cfg = s->value;
	const char *prefix, *log_file, **req = NULL;
	struct os_service *o;
	struct ev *pkg;
	bool setgid;

	if (svc_check_value(c, s, "an") < 0 || svc_refuse_extensions(c, s) < 0)
		return -1;
	if ((pkg = svc_package(c, cfg, "package")) == NULL || requirement(c, cfg, &req) < 0 ||
	    svc_path_or_false(c, cfg, "log-file", &log_file) < 0 ||
	    ev_get_bool(c, cfg, "setgid-commands?", &setgid) < 0 || config_file(c, cfg) < 0 ||
	    (prefix = osb_path_of(c, pkg, s->loc)) == NULL || accounts_and_dirs(c, s) < 0)
		return -1;
	if (setgid)
		osb_note(
		        c, false, RTD ": setgid-commands?",
		        "ignored: a gxsys container has no setgid programs, and smtpctl (sendmail, "
		        "newaliases, makemap) refuses to run unless its group is opensmtpq: root "
		        "runs it with `setpriv --egid=opensmtpq --keep-groups smtpctl ...`; other "
		        "users send mail over SMTP to 127.0.0.1:25",
		        ev_record_loc(cfg, "setgid-commands?").file != NULL
		                ? ev_record_loc(cfg, "setgid-commands?")
		                : s->loc);
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);

	o = osb_add_service(c, "opensmtpd-service-type", s->loc);
	o->provision = svc_split(c, "smtpd");
	o->requirement = req;
	o->documentation = "Run the OpenSMTPD daemon.";
	{
		const char *argv[] = { gx_arena_printf(c->arena, "%s/sbin/smtpd", prefix), "-f",
			               "/etc/" CONF, log_file != NULL ? "-d" : NULL };

		svc_set_argv(c, o, argv, N(argv));
	}
	{
		const char *argv[] = { gx_arena_printf(c->arena, "%s/sbin/smtpd", prefix), "-n",
			               "-f", "/etc/" CONF, NULL };

		osb_add_check(c, argv, RTD ": field 'config-file'",
		              ev_record_loc(cfg, "config-file").file != NULL
		                      ? ev_record_loc(cfg, "config-file")
		                      : s->loc);
	}
	if (log_file != NULL) {
		o->log_file = log_file;
		svc_parent_dir(c, log_file);
	} else {
		o->pid_file = PID_FILE;
	}
	return 0;
}

const struct svc_def svc_opensmtpd = {
	"opensmtpd-service-type", SVC_RUN, NULL, RTD, SVC_NO_DEFAULT, NULL, NULL, false,
	expand_opensmtpd,         NULL,
};

/* ---- mail aliases ---- */

/* An alias: a name OpenSMTPD's table file reads back as it is. */
static bool alias_ok(const struct ev *v)
{
	const char *s = v->u.str.s;

	return (v->type == EV_STRING || v->type == EV_SYMBOL) && *s != '\0' &&
	       strlen(s) == v->u.str.len && !svc_has_space(s) && strpbrk(s, ":#,") == NULL;
}

/* An address (a user, user@domain, /file, |command, :include:/file): not
 * blank, no ',' (the separator), no '#' (a comment), no control character. */
static bool address_ok(const struct ev *v)
{
	const char *s = v->u.str.s;

	return v->type == EV_STRING && strlen(s) == v->u.str.len && s[strspn(s, " ")] != '\0' &&
	       !gx_has_control(s, strlen(s)) && strpbrk(s, ",#") == NULL;
}

/* One list of entries, the service's value or an extension's (WHO, at LOC). */
static int aliases(struct ev_ctx *c, const struct ev *list, const char *who, struct sx_loc loc,
                   struct gx_buf *b)
{
	if (!ev_is_list(list))
		return ev_failn(c, loc, "%s: expected a list of (ALIAS ADDRESS...) lists, got %s",
		                who, ev_repr(c, list));
	for (; list->type == EV_PAIR; list = list->u.pair.cdr) {
		const struct ev *e = list->u.pair.car, *a;

		if (!ev_is_list(e) || e->type != EV_PAIR || e->u.pair.cdr->type != EV_PAIR)
			return ev_failn(c, loc,
			                "%s: invalid entry %s (expected a list of an alias and at "
			                "least one address)",
			                who, ev_repr(c, e));
		if (!alias_ok(e->u.pair.car))
			return ev_failn(c, loc,
			                "%s: invalid alias %s (expected a non-empty string or "
			                "symbol without white space, control characters, ':', ',' "
			                "or '#')",
			                who, ev_repr(c, e->u.pair.car));
		for (a = e->u.pair.cdr; a->type == EV_PAIR; a = a->u.pair.cdr)
			if (!address_ok(a->u.pair.car))
				return ev_failn(c, loc,
				                "%s: invalid address %s for alias '%s' (expected a "
				                "non-blank string without control characters, ',' "
				                "or '#')",
				                who, ev_repr(c, a->u.pair.car),
				                e->u.pair.car->u.str.s);
		gx_buf_printf(b, "%s: ", e->u.pair.car->u.str.s);
		for (a = e->u.pair.cdr; a->type == EV_PAIR; a = a->u.pair.cdr)
			gx_buf_printf(b, "%s%s", a == e->u.pair.cdr ? "" : ",",
			              a->u.pair.car->u.str.s);
		gx_buf_puts(b, "\n");
	}
	return 0;
}

static int expand_aliases(struct ev_ctx *c, const struct svc_instance *s)
{
	struct gx_buf b = GX_BUF_INIT;
	int r = aliases(c, s->value, s->def->name, s->value->loc, &b);

	for (const struct svc_ext *e = s->exts; r == 0 && e != NULL; e = e->next)
		r = aliases(c, e->value, e->origin, e->loc, &b);
	if (r == 0)
		r = osb_add_file(c, "aliases", b.data ? b.data : "", b.len, 0644, NULL,
		                 s->value->loc);
	gx_buf_free(&b);
	return r;
}

const struct svc_def svc_mail_aliases = {
	"mail-aliases-service-type",
	SVC_RUN,
	NULL,
	NULL,
	SVC_NO_DEFAULT,
	NULL,
	NULL,
	false,
	expand_aliases,
	NULL,
};
