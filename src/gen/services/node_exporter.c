/* svc: prometheus-node-exporter-service-type (gnu/services/monitoring.scm).
 * The prometheus-node-exporter account, the textfile directory owned by it
 * (mode 0775, as Guix's activation makes it) unless textfile-directory is
 * #f, and the `prometheus-node-exporter` service running Guix's command
 * line: `prometheus-node-exporter --web.listen-address ADDR
 * [--collector.textfile.directory DIR] EXTRA...`, with its log file.
 *
 * Guix runs it as that account (#:user and #:group), not as root, and so
 * does gxsys: it binds no privileged port by default and reads /proc and
 * /sys, mostly readable by any user (a collector that finds a file only
 * root may read, as RAPL's energy counters, reports nothing).  Debian's binary is
 * prometheus-node-exporter where Guix's is node_exporter.
 *
 * In a container /proc and /sys are the container's: the collectors report
 * what its namespaces see (its network devices and mounts) and the host
 * kernel's figures (load, memory, CPU).  Debian's defaults are kept, with
 * two consequences: Debian enables the systemd collector (upstream, and so
 * Guix's node_exporter, does not), and with no systemd or D-Bus in the
 * system it fails at every scrape, an error line in the log each time;
 * and diskstats logs once that /run/udev/data is missing (no udev).  The
 * exporter serves /metrics all the same.  It is not disabled here: the
 * command line stays Guix's, and the exporter refuses a flag given twice,
 * so a --no-collector.systemd of ours would make a user's
 * --collector.systemd in extra-options fail the start.  extra-options
 * '("--no-collector.systemd") silences it (examples/monitored-server.scm). */
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "prometheus-node-exporter-configuration"
#define ACCOUNT "prometheus-node-exporter"

static struct ev *d_package(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "go-github-com-prometheus-node-exporter", loc);
}

static const struct ev_field nx_fields[] = {
	{ "package", D_FN, 0, NULL, d_package, NULL },
	{ "web-listen-address", D_STRING, 0, ":9100", NULL, NULL },
	{ "textfile-directory", D_STRING, 0, "/var/lib/prometheus/node-exporter", NULL, NULL },
	{ "extra-options", D_NIL, 0, NULL, NULL, NULL },
};

static const struct ev_rtd nx_rtd = { RTD, nx_fields, N(nx_fields), false };

const struct ev_rtd *const svc_node_exporter_records[] = { &nx_rtd, NULL };

/* web-listen-address: one argument, HOST:PORT (":9100", "127.0.0.1:9100",
 * "[::1]:9100"); the exporter fails at its start on anything else. */
static int listen_address(struct ev_ctx *c, const struct ev *cfg, const char **out)
{
	if (ev_get_string(c, cfg, "web-listen-address", out) < 0)
		return -1;
	if ((*out)[0] == '\0' || (*out)[0] == '-' || svc_has_space(*out) ||
	    strchr(*out, ':') == NULL)
		return ev_failn(c, ev_record_loc(cfg, "web-listen-address"),
		                RTD ": field 'web-listen-address': invalid value %s (expected "
		                    "HOST:PORT or :PORT, without white space)",
		                ev_repr(c, ev_record_get(cfg, "web-listen-address")));
	return 0;
}

static void set_argv(struct ev_ctx *c, struct os_service *o, const char *prefix, const char *addr,
                     const char *dir, const char **extra)
{
	const char *base[] = {
		gx_arena_printf(c->arena, "%s/bin/prometheus-node-exporter", prefix),
		"--web.listen-address",
		addr,
		"--collector.textfile.directory",
		dir,
	};
	size_t nb = dir != NULL ? N(base) : N(base) - 2, n = 0;

	while (extra[n] != NULL)
		n++;
	o->argv = gx_arena_alloc(c->arena, (nb + n + 1) * sizeof(char *));
	memcpy(o->argv, base, nb * sizeof(char *));
	memcpy(o->argv + nb, extra, (n + 1) * sizeof(char *));
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	struct ev *cfg = s->value, *pkg;
	const char *prefix, *addr = NULL, *dir = NULL, **extra = NULL;
	struct os_service *o;

	if (svc_check_value(c, s, "a") < 0)
		return -1;
	if (svc_refuse_extensions(c, s) < 0)
		return -1;
	if (listen_address(c, cfg, &addr) < 0 ||
	    svc_path_or_false(c, cfg, "textfile-directory", &dir) < 0 ||
	    svc_string_list(c, cfg, "extra-options", &extra) < 0)
		return -1;
	if ((pkg = svc_package(c, cfg, "package")) == NULL ||
	    (prefix = osb_path_of(c, pkg, s->loc)) == NULL)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);
	if (osb_add_system_account(c, ACCOUNT, ACCOUNT, "Prometheus node exporter daemon user",
	                           "/var/empty", s->loc) < 0)
		return -1;
	if (dir != NULL)
		osb_add_dir(c, dir, ACCOUNT, ACCOUNT, 0775);

	o = osb_add_service(c, "prometheus-node-exporter-service-type", s->loc);
	o->provision = svc_split(c, "prometheus-node-exporter");
	o->requirement = svc_split(c, "user-processes networking");
	o->documentation = "Prometheus node exporter.";
	set_argv(c, o, prefix, addr, dir, extra);
	o->user = ACCOUNT;
	o->group = ACCOUNT;
	o->log_file = "/var/log/prometheus-node-exporter.log";
	return 0;
}

const struct svc_def svc_node_exporter = {
	"prometheus-node-exporter-service-type",
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
