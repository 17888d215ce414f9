/* svc: iptables-service-type (gnu/services/networking.scm), run with
 * Debian's iptables (/usr/sbin/iptables-restore and ip6tables-restore,
 * update-alternatives links to the nf_tables variants, as on the host).
 *
 * iptables-configuration has Guix's fields: iptables (the package),
 * ipv4-rules and ipv6-rules (file-like objects with contents, both
 * %iptables-accept-all-rules by default, bound: Guix's text byte for
 * byte, the filter table's three chains accepting everything).  Each rules
 * file is written as it is into the system's /etc/gxsys/files/, and the
 * `iptables` service (no requirement, as Guix's) runs Guix's start,
 * `iptables-restore IPV4-RULES` then `ip6tables-restore IPV6-RULES`, and
 * Guix's stop, both restoring %iptables-accept-all-rules.  Two commands
 * each, as Guix's invokes: a `/bin/sh -c` that names them and their files
 * as its arguments, never inside its text, so that no file name reaches the
 * shell's parser.  The package joins the profile (Guix's type has no
 * profile extension: its store reference is what puts iptables on a Guix
 * system; a gxsys container has only its profile).  The type's default
 * value is an all-defaults record, as Guix's; no other service may extend
 * it.
 *
 * Where gxsys differs from Guix:
 * - The service is a one-shot, "done" once both rule sets are loaded
 *   (Guix's start returns #t and the service stays "running"); its stop is
 *   the service's stop command (boot.conf's stop-command), run when it is
 *   stopped, as Guix's.
 * - The firewall is the container's, as nftables-service-type's
 *   (nftables.c): a system with this service keeps CAP_NET_ADMIN
 *   (net-admin) on a network of its own, and on the host's network
 *   (run-container -N) gxsys-init does not start it (private-network): the
 *   host's rules are never replaced nor reset.
 * - Nothing checks the rules at build time: iptables-restore --test asks
 *   the kernel, which the build container (no capability) cannot.  What
 *   iptables-restore refuses makes the service fail at boot, its message
 *   in /var/log/messages. */
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "iptables-configuration"

/* Guix's %iptables-accept-all-rules, byte for byte. */
static const char accept_all[] = "*filter\n"
                                 ":INPUT ACCEPT\n"
                                 ":FORWARD ACCEPT\n"
                                 ":OUTPUT ACCEPT\n"
                                 "COMMIT\n";

static struct ev *d_package(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "iptables", loc);
}

/* (plain-file "iptables-accept-all.rules" ...) */
static struct ev *d_rules(struct ev_ctx *c, struct sx_loc loc)
{
	return svc_plain_file(c, "iptables-accept-all.rules", accept_all, sizeof(accept_all) - 1,
	                      loc);
}

static const struct ev_field iptables_fields[] = {
	{ "iptables", D_FN, 0, NULL, d_package, NULL },
	{ "ipv4-rules", D_FN, 0, NULL, d_rules, NULL },
	{ "ipv6-rules", D_FN, 0, NULL, d_rules, NULL },
};

static const struct ev_rtd iptables_rtd = { RTD, iptables_fields, N(iptables_fields), false };

const struct ev_rtd *const svc_iptables_records[] = { &iptables_rtd, NULL };

/* %iptables-accept-all-rules */
void svc_iptables_install(struct ev_ctx *c)
{
	struct sx_loc none = { NULL, 0, 0 };

	ev_define(c, c->global, "%iptables-accept-all-rules", d_rules(c, none));
}

static bool is_accept_all(const struct ev *file)
{
	const struct ev_file *f = file->u.file;

	return f->kind == F_PLAIN && strcmp(f->name, "iptables-accept-all.rules") == 0 &&
	       f->len == sizeof(accept_all) - 1 && memcmp(f->content, accept_all, f->len) == 0;
}

/* A rules file, written as it is; its path.  %iptables-accept-all-rules (a
 * field's default, or named) is the one file ACCEPT, the stop's. */
static const char *rules_path(struct ev_ctx *c, const struct ev *cfg, const char *field,
                              struct sx_loc dflt, const char *accept)
{
	const struct ev *file = ev_record_get(cfg, field);

	if (file->type == EV_FILE && is_accept_all(file))
		return accept;
	return svc_file_with_contents(c, cfg, field, svc_field_loc(cfg, field, dflt));
}

/* sh -c running "$0" "$1", then "$2" "$3": the programs and files are
 * arguments, never shell text. */
static const char **restore_both(struct ev_ctx *c, const char *prefix, const char *v4,
                                 const char *v6)
{
	const char *v[] = {
		"/bin/sh",
		"-c",
		"\"$0\" \"$1\" && exec \"$2\" \"$3\"",
		gx_arena_printf(c->arena, "%s/sbin/iptables-restore", prefix),
		v4,
		gx_arena_printf(c->arena, "%s/sbin/ip6tables-restore", prefix),
		v6,
	};

	return svc_strv(c, v, N(v));
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	const struct ev *cfg = s->value;
	const char *prefix, *v4, *v6, *accept;
	struct sx_loc none = { NULL, 0, 0 };
	struct os_service *o;
	struct ev *pkg;

	if (svc_check_value(c, s, "an") < 0 || svc_refuse_extensions(c, s) < 0)
		return -1;
	if ((pkg = svc_package(c, cfg, "iptables")) == NULL ||
	    (accept = osb_path_of(c, d_rules(c, none), s->loc)) == NULL ||
	    (v4 = rules_path(c, cfg, "ipv4-rules", s->loc, accept)) == NULL ||
	    (v6 = rules_path(c, cfg, "ipv6-rules", s->loc, accept)) == NULL ||
	    (prefix = osb_path_of(c, pkg, s->loc)) == NULL)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);

	o = osb_add_service(c, "iptables-service-type", s->loc);
	o->provision = svc_split(c, "iptables");
	o->requirement = svc_split(c, "");
	o->documentation = "Packet filtering framework";
	o->one_shot = true;
	o->respawn = false;
	o->private_network = true;
	o->argv = restore_both(c, prefix, v4, v6);
	o->stop_argv = restore_both(c, prefix, accept, accept);
	c->osb.m->net_admin = true;
	return 0;
}

const struct svc_def svc_iptables = {
	"iptables-service-type",
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
