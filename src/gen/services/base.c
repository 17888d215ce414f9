/* svc: Guix's base and essential service types in a container.
 * - Essential markers (in every system): file-systems, user-homes,
 *   user-processes, host-name, loopback (+ networking): gxsys-init does
 *   their work itself (mounts, homes at activation, sethostname, lo up), so
 *   they are marker services other services can require.
 * - syslog: shepherd-system-log-service-type (and v1.4's syslog-service-type)
 *   is a marker providing `syslogd`: gxsys-init's built-in syslog listens on
 *   /dev/log from the start, so nothing is run for it.
 * - Essential targets extended by other services: etc, hosts, shepherd-root,
 *   account, profile, special-files (checked: the profile at /usr must have
 *   each special file already).
 * - The base services that make no sense in a container are dropped with a
 *   note, so configs that use %base-services or name them in
 *   modify-services still work.
 * - Well-known Guix service types gxsys cannot run are errors naming them. */
#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int expand_marker(struct ev_ctx *c, const struct svc_instance *s)
{
	struct os_service *o = osb_add_service(c, "base", s->loc);

	o->provision = svc_split(c, s->def->provision);
	o->requirement = svc_split(c, s->def->requirement);
	o->documentation = s->def->note;
	o->respawn = false;
	/* Essential markers are gxsys's, not declared: no location. */
	if (s->def->essential)
		o->loc = (struct sx_loc){ NULL, 0, 0 };
	/* A configuration given to what gxsys-init does itself (the system
	 * log's config-file...) is not used: said, not silently dropped. */
	if (s->value != NULL && s->value->type == EV_RECORD && s->value->u.rec->rtd->open &&
	    s->value->u.rec->open_fields != NULL && s->value->u.rec->open_fields->type == EV_PAIR)
		osb_note(c, false, s->def->name,
		         gx_arena_printf(c->arena,
		                         "%s ignored: the system log is gxsys-init's built-in "
		                         "syslog on /dev/log, which writes every message to "
		                         "/var/log/messages",
		                         s->value->u.rec->rtd->name),
		         s->value->loc);
	return 0;
}

/* Each extension value must be a list; call fn on each element. */
static int each_item(struct ev_ctx *c, const struct svc_instance *s,
                     int (*fn)(struct ev_ctx *c, struct ev *item, const struct svc_ext *e))
{
	for (const struct svc_ext *e = s->exts; e != NULL; e = e->next) {
		if (!ev_is_list(e->value))
			return ev_failn(c, e->loc, "%s: extension of %s must be a list, got %s",
			                e->origin, s->def->name, ev_repr(c, e->value));
		for (struct ev *p = e->value; p->type == EV_PAIR; p = p->u.pair.cdr)
			if (fn(c, p->u.pair.car, e) < 0)
				return -1;
	}
	return 0;
}

static bool valid_etc_name(const char *s)
{
	if (*s == '\0' || *s == '/')
		return false;
	for (const char *p = s; *p;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);

		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		p += n + (slash != NULL);
	}
	return true;
}

static int etc_item(struct ev_ctx *c, struct ev *item, const struct svc_ext *e)
{
	struct ev *name, *file;
	const char *data;
	size_t len;

	if (ev_list_length(item) != 2)
		return ev_failn(c, item->loc, "%s: etc entries are (NAME FILE-LIKE), got %s",
		                e->origin, ev_repr(c, item));
	name = item->u.pair.car;
	file = item->u.pair.cdr->u.pair.car;
	if (name->type != EV_STRING || !valid_etc_name(name->u.str.s))
		return ev_failn(c, name->loc, "%s: invalid /etc file name %s", e->origin,
		                ev_repr(c, name));
	if (file->type != EV_FILE && file->type != EV_STRING)
		return ev_failn(c, file->loc, "%s: /etc/%s: expected a file-like object, got %s",
		                e->origin, name->u.str.s, ev_repr(c, file));
	if (file->type == EV_FILE && file->u.file->kind == F_UNION) {
		for (struct ev *p = file->u.file->parts; p->type == EV_PAIR; p = p->u.pair.cdr) {
			struct ev *ent = p->u.pair.car;
			struct ev *sub =
			        ev_cons(c,
			                ev_cstring(c,
			                           gx_arena_printf(c->arena, "%s/%s", name->u.str.s,
			                                           ent->u.pair.car->u.str.s),
			                           ent->loc),
			                ent->u.pair.cdr, ent->loc);

			if (etc_item(c, sub, e) < 0)
				return -1;
		}
		return 0;
	}
	if (file->type == EV_STRING)
		return ev_failn(c, file->loc,
		                "%s: /etc/%s: expected a file-like object "
		                "(plain-file, local-file...), got a string",
		                e->origin, name->u.str.s);
	if (osb_file_content(c, file, &data, &len, file->loc) < 0)
		return -1;
	return osb_add_file(c, name->u.str.s, data, len, file->u.file->mode, file->u.file->source,
	                    file->loc);
}

static int expand_etc(struct ev_ctx *c, const struct svc_instance *s)
{
	return each_item(c, s, etc_item);
}

static int hosts_item(struct ev_ctx *c, struct ev *item, const struct svc_ext *e)
{
	const char **aliases, **names;
	size_t n = 0;

	if (!ev_record_is(item, "host"))
		return ev_failn(c, item->loc, "%s: expected a host record, got %s", e->origin,
		                ev_repr(c, item));
	if (ev_get_strings(c, item, "aliases", &aliases) < 0)
		return -1;
	while (aliases[n] != NULL)
		n++;
	names = gx_arena_alloc(c->arena, (n + 2) * sizeof(*names));
	names[0] = ev_record_get(item, "canonical-name")->u.str.s;
	memcpy(names + 1, aliases, n * sizeof(*names));
	for (size_t i = 0; names[i] != NULL; i++)
		for (const char *p = names[i]; *p; p++)
			if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '#')
				return ev_failn(c, item->loc, "%s: invalid host name \"%s\"",
				                e->origin, names[i]);
	{
		const char *addr = ev_record_get(item, "address")->u.str.s;

		unsigned char buf[16];

		/* what /etc/hosts takes (checked again when it is written) */
		if (inet_pton(AF_INET, addr, buf) != 1 && inet_pton(AF_INET6, addr, buf) != 1)
			return ev_failn(c, item->loc, "%s: invalid IP address \"%s\"", e->origin,
			                addr);
		osb_add_host(c, addr, names);
	}
	return 0;
}

static int expand_hosts(struct ev_ctx *c, const struct svc_instance *s)
{
	return each_item(c, s, hosts_item);
}

static int shepherd_item(struct ev_ctx *c, struct ev *item, const struct svc_ext *e)
{
	if (!ev_record_is(item, "shepherd-service"))
		return ev_failn(c, item->loc, "%s: expected a shepherd-service, got %s", e->origin,
		                ev_repr(c, item));
	return osb_add_shepherd_service(c, item, e->origin);
}

static int expand_shepherd(struct ev_ctx *c, const struct svc_instance *s)
{
	return each_item(c, s, shepherd_item);
}

static int account_item(struct ev_ctx *c, struct ev *item, const struct svc_ext *e)
{
	if (ev_record_is(item, "user-account"))
		return osb_add_user_record(c, item, true);
	if (ev_record_is(item, "user-group"))
		return osb_add_group_record(c, item, true);
	return ev_failn(c, item->loc, "%s: expected a user-account or user-group, got %s",
	                e->origin, ev_repr(c, item));
}

static int expand_account(struct ev_ctx *c, const struct svc_instance *s)
{
	return each_item(c, s, account_item);
}

static int profile_item(struct ev_ctx *c, struct ev *item, const struct svc_ext *e)
{
	if (item->type != EV_PACKAGE)
		return ev_failn(c, item->loc, "%s: expected a package, got %s", e->origin,
		                ev_repr(c, item));
	osb_add_package(c, item->u.pkg.name, item->u.pkg.output, false, item->loc);
	return 0;
}

/* session-environment-service-type: ("NAME" . "value") pairs, the lines of
 * /etc/environment (pam_env's in Guix; the login shells' here, through
 * /etc/profile). */
static bool valid_env_name(const char *s)
{
	if (!(isalpha((unsigned char)*s) || *s == '_'))
		return false;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '_'))
			return false;
	return true;
}

static int session_env_item(struct ev_ctx *c, struct ev *item, const struct svc_ext *e)
{
	struct ev *k, *v;

	if (item->type != EV_PAIR || item->u.pair.car->type != EV_STRING ||
	    item->u.pair.cdr->type != EV_STRING)
		return ev_failn(c, item->loc, "%s: expected a (\"NAME\" . \"value\") pair, got %s",
		                e->origin, ev_repr(c, item));
	k = item->u.pair.car;
	v = item->u.pair.cdr;
	if (!valid_env_name(k->u.str.s) || strlen(k->u.str.s) != k->u.str.len)
		return ev_failn(c, item->loc, "%s: invalid environment variable name %s", e->origin,
		                ev_repr(c, k));
	if (strlen(v->u.str.s) != v->u.str.len || strchr(v->u.str.s, '\n') != NULL)
		return ev_failn(c, item->loc,
		                "%s: the value of '%s' holds a newline or NUL, which "
		                "/etc/environment cannot hold",
		                e->origin, k->u.str.s);
	return osb_add_session_env(c, k->u.str.s, v->u.str.s, e->origin, item->loc);
}

static int expand_session_env(struct ev_ctx *c, const struct svc_instance *s)
{
	return each_item(c, s, session_env_item);
}

static int expand_profile(struct ev_ctx *c, const struct svc_instance *s)
{
	return each_item(c, s, profile_item);
}

/* ---- special-files-service-type ---- */

/* PATH as the container sees it: "/bin/sh" is /usr/bin/sh (/bin, /sbin,
 * /lib and /lib64 are links into the profile), "//a/./b/" is /a/b.  NULL
 * for a path that is not absolute or has a ".." component. */
static const char *container_path(struct ev_ctx *c, const char *path)
{
	static const char *const into_usr[] = { "bin", "sbin", "lib", "lib64" };
	struct gx_buf b = GX_BUF_INIT;
	const char *r;
	bool first = true;

	if (path[0] != '/')
		return NULL;
	for (const char *p = path; *p;) {
		size_t len;

		while (*p == '/')
			p++;
		len = strcspn(p, "/");
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			gx_buf_free(&b);
			return NULL;
		}
		if (len > 0 && !(len == 1 && p[0] == '.')) {
			for (size_t i = 0; first && i < N(into_usr); i++)
				if (strlen(into_usr[i]) == len && strncmp(p, into_usr[i], len) == 0)
					gx_buf_puts(&b, "/usr");
			gx_buf_putc(&b, '/');
			gx_buf_add(&b, p, len);
			first = false;
		}
		p += len;
	}
	r = gx_arena_strdup(c->arena, b.data ? b.data : "/");
	gx_buf_free(&b);
	return r;
}

/* Guix makes each (FILE TARGET) a symbolic link at activation.  In the
 * container /usr is the system's read-only profile, and gxsys-init makes
 * no other link: an entry is kept when the profile has it already, that is
 * when FILE is TARGET's own path (/usr/bin/env for (file-append coreutils
 * "/bin/env"), whose package is then part of the system); any other is an
 * error, never dropped. */
static int special_item(struct ev_ctx *c, struct ev *item, const struct svc_ext *e)
{
	struct ev *file, *target;
	const char *where, *what;

	if (ev_list_length(item) != 2)
		return ev_failn(c, item->loc, "%s: special files are (FILE TARGET), got %s",
		                e->origin, ev_repr(c, item));
	file = item->u.pair.car;
	target = item->u.pair.cdr->u.pair.car;
	if (file->type != EV_STRING || strlen(file->u.str.s) != file->u.str.len ||
	    (where = container_path(c, file->u.str.s)) == NULL)
		return ev_failn(c, file->loc, "%s: invalid special file name %s", e->origin,
		                ev_repr(c, file));
	if ((what = osb_path_of(c, target, item->loc)) == NULL)
		return -1;
	what = container_path(c, what);
	if (what != NULL && strcmp(where, what) == 0)
		return 0;
	if (strcmp(where, "/usr") == 0 || strncmp(where, "/usr/", 5) == 0)
		return ev_failn(c, file->loc,
		                "%s: special file %s cannot be made: /usr is the system's "
		                "read-only profile, where only the target's own path (%s) can be "
		                "declared",
		                e->origin, ev_repr(c, file), what ? what : "none");
	return ev_failn(c, file->loc,
	                "%s: special file %s cannot be made: gxsys makes no special files "
	                "outside the profile at /usr",
	                e->origin, ev_repr(c, file));
}

static int expand_special(struct ev_ctx *c, const struct svc_instance *s)
{
	return each_item(c, s, special_item);
}

#define MARKER(n, prov, req, doc)                                                                  \
	{                                                                                          \
		n, SVC_MARKER, doc, NULL, SVC_DEFAULT_FALSE, prov, req, true, expand_marker, NULL  \
	}
#define TARGET(n, fn)                                                                              \
	{                                                                                          \
		n, SVC_ESSENTIAL, NULL, NULL, SVC_DEFAULT_NIL, NULL, NULL, false, fn, NULL         \
	}
#define DROPPED(n, rtd, why)                                                                       \
	{                                                                                          \
		n, SVC_DROPPED, why, rtd, rtd ? SVC_DEFAULT_RECORD : SVC_DEFAULT_FALSE, NULL,      \
		        NULL, false, NULL, NULL                                                    \
	}
#define UNSUPPORTED(n)                                                                             \
	{                                                                                          \
		n, SVC_UNSUPPORTED, "gxsys cannot run it yet", NULL, SVC_NO_DEFAULT, NULL, NULL,   \
		        false, NULL, NULL                                                          \
	}

#define UNSUPPORTED_WHY(n, why)                                                                    \
	{                                                                                          \
		n, SVC_UNSUPPORTED, why, NULL, SVC_NO_DEFAULT, NULL, NULL, false, NULL, NULL       \
	}

#define NO_TTY "a container has no terminals"
#define NO_NET "the container's network is set up by gxsys-init (lo, or the host's with -N)"

const struct svc_def svc_base_defs[] = {
	/* essential markers (added to every system; not bound to a name) */
	MARKER("%file-systems", "file-systems", NULL, "file systems, mounted by gxsys-init"),
	MARKER("%user-homes", "user-homes", "file-systems",
	       "home directories, created by gxsys-init at activation"),
	MARKER("%user-processes", "user-processes", "user-homes", "user processes"),
	MARKER("%host-name", "host-name", NULL, "the host name, set by gxsys-init"),
	MARKER("%loopback", "loopback networking", NULL,
	       "the loopback interface, brought up by gxsys-init"),
	/* syslog: gxsys-init's built-in syslog on /dev/log */
	{ "shepherd-system-log-service-type", SVC_MARKER,
	  "the system log: gxsys-init's built-in syslog on /dev/log",
	  "shepherd-system-log-configuration", SVC_DEFAULT_RECORD, "syslogd", NULL, false,
	  expand_marker, NULL },
	{ "syslog-service-type", SVC_MARKER,
	  "the system log: gxsys-init's built-in syslog on /dev/log", "syslog-configuration",
	  SVC_DEFAULT_RECORD, "syslogd", NULL, false, expand_marker, NULL },
	/* essential targets */
	TARGET("etc-service-type", expand_etc),
	TARGET("hosts-service-type", expand_hosts),
	TARGET("shepherd-root-service-type", expand_shepherd),
	TARGET("account-service-type", expand_account),
	TARGET("profile-service-type", expand_profile),
	TARGET("session-environment-service-type", expand_session_env),
	TARGET("special-files-service-type", expand_special),
	/* dropped in a container */
	DROPPED("login-service-type", "login-configuration", NO_TTY),
	DROPPED("virtual-terminal-service-type", NULL, NO_TTY),
	DROPPED("console-font-service-type", NULL, NO_TTY),
	DROPPED("agetty-service-type", "agetty-configuration", NO_TTY),
	DROPPED("mingetty-service-type", "mingetty-configuration", NO_TTY),
	DROPPED("kmscon-service-type", "kmscon-configuration", NO_TTY),
	DROPPED("gpm-service-type", "gpm-configuration", NO_TTY),
	DROPPED("static-networking-service-type", NULL, NO_NET),
	DROPPED("dhcp-client-service-type", "dhcp-client-configuration", NO_NET),
	DROPPED("dhcpcd-service-type", "dhcpcd-configuration", NO_NET),
	DROPPED("network-manager-service-type", "network-manager-configuration", NO_NET),
	DROPPED("connman-service-type", "connman-configuration", NO_NET),
	DROPPED("wpa-supplicant-service-type", "wpa-supplicant-configuration", NO_NET),
	DROPPED("urandom-seed-service-type", NULL, "the host's kernel keeps the random seed"),
	DROPPED("guix-service-type", "guix-configuration",
	        "gxsys has no guix-daemon: software comes from the host's packages"),
	DROPPED("nscd-service-type", "nscd-configuration", "name lookups read /etc directly"),
	DROPPED("udev-service-type", "udev-configuration", "devices are managed by the host"),
	DROPPED("rottlog-service-type", "rottlog-configuration",
	        "Guix deprecated it for log-rotation-service-type, which gxsys runs"),
	DROPPED("log-cleanup-service-type", "log-cleanup-configuration",
	        "no log cleanup in a container (/var is a tmpfs)"),
	DROPPED("shepherd-timer-service-type", NULL,
	        "gxsys-init runs timer services (make-timer-constructor) itself; "
	        "its `timer` service for one-off commands (`herd schedule timer at TIME -- "
	        "COMMAND`) is not provided"),
	DROPPED("shepherd-transient-service-type", NULL,
	        "not needed: gxsys-init supervises services"),
	DROPPED("sysctl-service-type", "sysctl-configuration",
	        "kernel parameters belong to the host"),
	DROPPED("etc-bashrc-d-service-type", NULL, "the packages' own bash configuration is used"),
	DROPPED("ntp-service-type", "ntp-configuration", "the clock belongs to the host"),
	DROPPED("openntpd-service-type", "openntpd-configuration", "the clock belongs to the host"),
	DROPPED("kernel-module-loader-service-type", NULL, "kernel modules belong to the host"),
	DROPPED("pam-limits-service-type", NULL, "PAM limits are not generated in a container"),
	DROPPED("elogind-service-type", "elogind-configuration",
	        "no seats or sessions in a container"),
	/* Guix service types gxsys does not run */
	UNSUPPORTED("docker-service-type"),
	UNSUPPORTED("cups-service-type"),
	UNSUPPORTED("exim-service-type"),
	UNSUPPORTED("avahi-service-type"),
	UNSUPPORTED("gdm-service-type"),
	UNSUPPORTED("sddm-service-type"),
	UNSUPPORTED("xorg-server-service-type"),
	UNSUPPORTED("unattended-upgrade-service-type"),
	UNSUPPORTED("guix-publish-service-type"),
	UNSUPPORTED("wireguard-service-type"),
	UNSUPPORTED("openvpn-server-service-type"),
	UNSUPPORTED("openvpn-client-service-type"),
	UNSUPPORTED("nix-service-type"),
	UNSUPPORTED_WHY("activation-service-type",
	                "activation snippets are Guile code, which gxsys does not run: "
	                "declare a one-shot shepherd-service instead"),
};
const size_t svc_n_base_defs = N(svc_base_defs);

#define OPEN(n)                                                                                    \
	{                                                                                          \
		n, NULL, 0, true                                                                   \
	}
/* Configuration records of dropped services: any field is accepted. */
const struct ev_rtd svc_open_rtds[] = {
	OPEN("login-configuration"),
	OPEN("agetty-configuration"),
	OPEN("mingetty-configuration"),
	OPEN("kmscon-configuration"),
	OPEN("gpm-configuration"),
	OPEN("static-networking"),
	OPEN("network-address"),
	OPEN("network-route"),
	OPEN("network-link"),
	OPEN("dhcp-client-configuration"),
	OPEN("dhcpcd-configuration"),
	OPEN("network-manager-configuration"),
	OPEN("connman-configuration"),
	OPEN("wpa-supplicant-configuration"),
	OPEN("guix-configuration"),
	OPEN("guix-extension"),
	OPEN("nscd-configuration"),
	OPEN("nscd-cache"),
	OPEN("udev-configuration"),
	OPEN("log-rotation"),
	OPEN("rottlog-configuration"),
	OPEN("log-cleanup-configuration"),
	OPEN("sysctl-configuration"),
	OPEN("ntp-configuration"),
	OPEN("ntp-server"),
	OPEN("openntpd-configuration"),
	OPEN("elogind-configuration"),
	OPEN("syslog-configuration"),
	OPEN("shepherd-system-log-configuration"),
};
const size_t svc_n_open_rtds = N(svc_open_rtds);

/* %base-services as Guix defines it (gnu/services/base.scm), each with
 * the default value its type takes. */
struct ev *svc_base_services(struct ev_ctx *c)
{
	static const char *const types[] = {
		"login-service-type",          "virtual-terminal-service-type",
		"console-font-service-type",   "shepherd-system-log-service-type",
		"agetty-service-type",         "mingetty-service-type",
		"mingetty-service-type",       "mingetty-service-type",
		"mingetty-service-type",       "mingetty-service-type",
		"mingetty-service-type",       "static-networking-service-type",
		"urandom-seed-service-type",   "guix-service-type",
		"nscd-service-type",           "log-rotation-service-type",
		"shepherd-timer-service-type", "shepherd-transient-service-type",
		"log-cleanup-service-type",    "udev-service-type",
		"sysctl-service-type",         "special-files-service-type",
	};
	struct sx_loc none = { NULL, 0, 0 };
	struct ev *list = ev_nil(c, none);

	for (size_t i = N(types); i-- > 0;) {
		struct ev *s = ev_new(c, EV_SERVICE, none);

		s->u.svc = gx_arena_alloc(c->arena, sizeof(*s->u.svc));
		s->u.svc->type = svc_stype(c, types[i]);
		s->u.svc->value = svc_default_value(c, s->u.svc->type, none);
		s->u.svc->loc = none;
		list = ev_cons(c, s, list, none);
	}
	return list;
}
