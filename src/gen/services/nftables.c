/* svc: nftables-service-type (gnu/services/networking.scm), run with
 * Debian's nftables (/usr/sbin/nft).
 *
 * nftables-configuration has Guix's fields: package (nftables),
 * debug-levels (a maybe- field: unset, or a list of the symbols scanner,
 * parser, eval, netlink, mnl, proto-ctx, segtree and all) and ruleset
 * (%default-nftables-ruleset, bound, Guix's text byte for byte: input
 * dropped but for established and related connections, loopback, ICMP and
 * SSH, the rest rejected; forward dropped; output accepted).  The ruleset,
 * a file-like object with contents (plain-file, local-file,
 * mixed-text-file), is written as it is, byte for byte, into the system's
 * /etc/gxsys/files/ (where gxsys puts the file-like objects services refer
 * to), and the `nftables` service (no requirement, as Guix's) runs Guix's
 * command line, `nft [--debug=LEVEL,...] --file /etc/gxsys/files/NAME`.
 * The package joins the profile (nft), as Guix's profile extension does.
 * The type's default value is an all-defaults record, as Guix's; no other
 * service may extend it (Guix's type has no compose/extend either).
 *
 * The build runs `nft --check --file ...` in its build container (struct
 * os_check).  That container has no capability, so nft cannot ask the
 * kernel (its cache, then the check of its transaction: "Operation not
 * permitted"): what it says before, a syntax error or what its evaluator
 * refuses (an unknown hook, family or chain type), is a note located at
 * the ruleset field; a ruleset it reads to the end is no note.  What only
 * the kernel refuses (a missing module, a rule a hook does not take) is
 * told at boot, in the service's log.
 *
 * Where gxsys differs from Guix:
 * - The service is a one-shot: once nft has loaded the ruleset it is
 *   "done" (Guix's start returns #t and the service stays "running").
 *   Guix's stop, `nft flush ruleset`, is its stop command (boot.conf's
 *   stop-command), which gxsys-init runs when the done one-shot is
 *   stopped: `herd restart` loads the ruleset into an empty one, as
 *   Guix's does.
 * - The firewall is the container's: nft acts on the network namespace it
 *   runs in.  A system with this service keeps CAP_NET_ADMIN in its
 *   bounding set (boot.conf's net-admin) when it has a network of its own,
 *   the default, so that nft (and root inside) may set up that namespace's
 *   firewall, as root of a Guix container (in a user namespace) may.  On
 *   the host's network (run-container -N) the capability is dropped as for
 *   every container, and gxsys-init does not start the service
 *   (private-network): it fails with a message saying why, and the host's
 *   ruleset is never loaded nor flushed. */
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "nftables-configuration"

/* Guix's %default-nftables-ruleset, byte for byte. */
static const char default_ruleset[] = "# A simple and safe firewall\n"
                                      "table inet filter {\n"
                                      "  chain input {\n"
                                      "    type filter hook input priority 0; policy drop;\n"
                                      "\n"
                                      "    # early drop of invalid connections\n"
                                      "    ct state invalid drop\n"
                                      "\n"
                                      "    # allow established/related connections\n"
                                      "    ct state { established, related } accept\n"
                                      "\n"
                                      "    # allow from loopback\n"
                                      "    iif lo accept\n"
                                      "    # drop connections to lo not coming from lo\n"
                                      "    iif != lo ip daddr 127.0.0.1/8 drop\n"
                                      "    iif != lo ip6 daddr ::1/128 drop\n"
                                      "\n"
                                      "    # allow icmp\n"
                                      "    ip protocol icmp accept\n"
                                      "    ip6 nexthdr icmpv6 accept\n"
                                      "\n"
                                      "    # allow ssh\n"
                                      "    tcp dport ssh accept\n"
                                      "\n"
                                      "    # reject everything else\n"
                                      "    reject with icmpx type port-unreachable\n"
                                      "  }\n"
                                      "  chain forward {\n"
                                      "    type filter hook forward priority 0; policy drop;\n"
                                      "  }\n"
                                      "  chain output {\n"
                                      "    type filter hook output priority 0; policy accept;\n"
                                      "  }\n"
                                      "}\n";

/* Guix's debug-level?. */
static const char *const debug_levels[] = {
	"scanner", "parser", "eval", "netlink", "mnl", "proto-ctx", "segtree", "all",
};

static struct ev *d_package(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "nftables", loc);
}

/* Guix's %unset-value of the maybe- fields. */
static struct ev *d_unset(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_unspec(c, loc);
}

/* (plain-file "nftables.conf" ...) */
static struct ev *d_ruleset(struct ev_ctx *c, struct sx_loc loc)
{
	return svc_plain_file(c, "nftables.conf", default_ruleset, sizeof(default_ruleset) - 1,
	                      loc);
}

static const struct ev_field nftables_fields[] = {
	{ "package", D_FN, 0, NULL, d_package, NULL },
	{ "debug-levels", D_FN, 0, NULL, d_unset, NULL },
	{ "ruleset", D_FN, 0, NULL, d_ruleset, NULL },
};

static const struct ev_rtd nftables_rtd = { RTD, nftables_fields, N(nftables_fields), false };

const struct ev_rtd *const svc_nftables_records[] = { &nftables_rtd, NULL };

/* %default-nftables-ruleset */
void svc_nftables_install(struct ev_ctx *c)
{
	struct sx_loc none = { NULL, 0, 0 };

	ev_define(c, c->global, "%default-nftables-ruleset", d_ruleset(c, none));
}

static bool debug_level_ok(const struct ev *v)
{
	if (v->type != EV_SYMBOL)
		return false;
	for (size_t i = 0; i < N(debug_levels); i++)
		if (strcmp(v->u.str.s, debug_levels[i]) == 0)
			return true;
	return false;
}

/* debug-levels: unset (*OUT NULL), or "--debug=LEVEL,LEVEL..." as Guix's
 * (format #f "--debug=~{~a~^,~}" debug-levels).  An empty list, which
 * Guix's list-of takes, would be "--debug=", which nft refuses: an error
 * here. */
static int debug_option(struct ev_ctx *c, const struct ev *cfg, struct sx_loc at, const char **out)
{
	const struct ev *v = ev_record_get(cfg, "debug-levels");
	struct gx_buf b = GX_BUF_INIT;

	*out = NULL;
	if (v->type == EV_UNSPEC)
		return 0;
	if (!ev_is_list(v) || v->type != EV_PAIR)
		goto wrong;
	for (const struct ev *p = v; p->type == EV_PAIR; p = p->u.pair.cdr)
		if (!debug_level_ok(p->u.pair.car))
			goto wrong;
	gx_buf_puts(&b, "--debug=");
	for (const struct ev *p = v; p->type == EV_PAIR; p = p->u.pair.cdr)
		gx_buf_printf(&b, "%s%s", p == v ? "" : ",", p->u.pair.car->u.str.s);
	*out = gx_arena_strdup(c->arena, b.data);
	gx_buf_free(&b);
	return 0;
wrong:
	return ev_failn(c, at,
	                RTD ": field 'debug-levels': expected a non-empty list of the symbols "
	                    "scanner, parser, eval, netlink, mnl, proto-ctx, segtree or all, "
	                    "got %s",
	                ev_repr(c, v));
}

static void add_check(struct ev_ctx *c, const char *nft, const char *path, struct sx_loc at)
{
	const char *argv[] = { nft, "--check", "--file", path, NULL };
	struct os_model *m = c->osb.m;

	osb_add_check(c, argv, RTD ": field 'ruleset'", at);
	m->checks[m->n_checks - 1].error_mark = "Error:";
	m->checks[m->n_checks - 1].cannot_finish = "Operation not permitted";
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	const struct ev *cfg = s->value;
	const char *prefix, *debug, *path, *nft;
	struct sx_loc at;
	struct os_service *o;
	struct ev *pkg;

	if (svc_check_value(c, s, "an") < 0 || svc_refuse_extensions(c, s) < 0)
		return -1;
	at = svc_field_loc(cfg, "ruleset", s->loc);
	if ((pkg = svc_package(c, cfg, "package")) == NULL ||
	    debug_option(c, cfg, svc_field_loc(cfg, "debug-levels", s->loc), &debug) < 0 ||
	    (path = svc_file_with_contents(c, cfg, "ruleset", at)) == NULL ||
	    (prefix = osb_path_of(c, pkg, s->loc)) == NULL)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);
	nft = gx_arena_printf(c->arena, "%s/sbin/nft", prefix);

	o = osb_add_service(c, "nftables-service-type", s->loc);
	o->provision = svc_split(c, "nftables");
	o->requirement = svc_split(c, "");
	o->documentation = "Packet filtering and classification";
	o->one_shot = true;
	o->respawn = false;
	o->private_network = true;
	{
		const char *argv[4];
		size_t n = 0;

		argv[n++] = nft;
		if (debug != NULL)
			argv[n++] = debug;
		argv[n++] = "--file";
		argv[n++] = path;
		svc_set_argv(c, o, argv, n);
	}
	/* Guix's stop, run when the done one-shot is stopped (gxsys-init's
	 * stop-command): a restart loads the ruleset into an empty one. */
	{
		const char *flush[] = { nft, "flush", "ruleset" };

		o->stop_argv = svc_strv(c, flush, 3);
	}
	c->osb.m->net_admin = true;
	add_check(c, nft, path, at);
	return 0;
}

const struct svc_def svc_nftables = {
	"nftables-service-type",
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
