/* svc: syncthing-service-type (gnu/services/syncthing.scm).  Syncthing is
 * a per-user service, as in Guix: the service `syncthing-USER`, requirement
 * loopback and user-processes, runs Guix's command line, `syncthing
 * --no-browser --no-restart --logflags=N ARGUMENTS...`, as USER and GROUP
 * (default "users"), with HOME set to the home field or USER's home, and
 * SSL_CERT_DIR and SSL_CERT_FILE set as Guix sets them; it is not
 * respawned.  USER is an account the declaration has (the type makes
 * none, as Guix's); no user is a located error at the user field, as is
 * an account or group the system lacks, since Guix's getpw would fail at
 * boot.  HOME must be a directory syncthing can write its configuration
 * in, unless a config-file moves it to /var/lib/syncthing-USER: USER's
 * home, made at boot (create-home-directory? #t), or a directory under
 * it, which syncthing makes; any other is refused.
 *
 * config-file, as in Guix, is #f (syncthing makes its own configuration),
 * a file-like object, or a syncthing-config-file record (with
 * syncthing-folder, syncthing-folder-device and syncthing-device records,
 * every one of Guix's fields and defaults), written as Guix's
 * serialize-syncthing-config-file writes it (sxml->xml: values escaped,
 * a control character other than tab and line breaks, which XML cannot
 * hold, is a located error, as is a value of the wrong type).  syncthing
 * then runs with --home=/var/lib/syncthing-USER, a directory USER's, 0700.
 *
 * Where gxsys differs: Debian's syncthing (1.19) keeps its configuration
 * and keys in ~/.config/syncthing, while Guix's (1.27 and later) keeps
 * them in ~/.local/state/syncthing, where Guix's home service writes
 * config.xml; without a config-file the service sets
 * XDG_CONFIG_HOME=HOME/.local/state, so that Debian's syncthing uses the
 * directory Guix's does (an --home or --config among the arguments still
 * wins).  Guix's config.xml says version 37, which Debian's syncthing
 * refuses (it reads 36 at most): it says 36 here, the elements unchanged
 * (syncthing ignores those it does not know).  Guix links
 * /var/lib/syncthing-USER/config.xml to the store at activation; gxsys
 * makes no links outside the profile: the one-shot syncthing-config-USER,
 * which syncthing-USER requires, copies it there (USER's, 0600) at each
 * boot, from /etc/syncthing/USER/config.xml for a record. */
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "syncthing-configuration"

static struct ev *d_package(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "syncthing", loc);
}

static const struct ev_field syncthing_fields[] = {
	{ "syncthing", D_FN, 0, NULL, d_package, NULL },
	{ "arguments", D_NIL, 0, NULL, NULL, NULL },
	{ "logflags", D_INT, 0, NULL, NULL, NULL },
	{ "user", D_FALSE, 0, NULL, NULL, NULL },
	{ "group", D_STRING, 0, "users", NULL, NULL },
	{ "home", D_FALSE, 0, NULL, NULL, NULL },
	{ "config-file", D_FALSE, 0, NULL, NULL, NULL },
};

static const struct ev_rtd syncthing_rtd = { RTD, syncthing_fields, N(syncthing_fields), false };

/* ---- Guix's syncthing-config-file, syncthing-device, syncthing-folder ---- */

static struct ev *d_device_blank(struct ev_ctx *c, struct sx_loc loc);

#define DEV "syncthing-device"
#define FDEV "syncthing-folder-device"
#define FOLDER "syncthing-folder"
#define CONFIG "syncthing-config-file"

static const struct ev_field device_fields[] = {
	{ "id", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "name", D_STRING, 0, "", NULL, NULL },
	{ "compression", D_STRING, 0, "metadata", NULL, NULL },
	{ "introducer?", D_FALSE, 0, NULL, NULL, NULL },
	{ "skip-introduction-removals?", D_FALSE, 0, NULL, NULL, NULL },
	{ "introduced-by", D_STRING, 0, "", NULL, NULL },
	{ "addresses", D_STRLIST, 0, "dynamic", NULL, NULL },
	{ "paused?", D_FALSE, 0, NULL, NULL, NULL },
	{ "auto-accept-folders?", D_FALSE, 0, NULL, NULL, NULL },
	{ "max-send-kbps", D_INT, 0, NULL, NULL, NULL },
	{ "max-receive-kbps", D_INT, 0, NULL, NULL, NULL },
	{ "max-request-kib", D_INT, 0, NULL, NULL, NULL },
	{ "untrusted?", D_FALSE, 0, NULL, NULL, NULL },
	{ "remote-gui-port", D_INT, 0, NULL, NULL, NULL },
	{ "num-connections", D_INT, 0, NULL, NULL, NULL },
};

static const struct ev_field folder_device_fields[] = {
	{ "device", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "introduced-by", D_FN, 0, NULL, d_device_blank, NULL },
	{ "encryption-password", D_STRING, 0, "", NULL, NULL },
};

static const struct ev_field folder_fields[] = {
	{ "id", D_FALSE, 0, NULL, NULL, NULL },
	{ "label", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "path", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "type", D_STRING, 0, "sendreceive", NULL, NULL },
	{ "rescan-interval-seconds", D_INT, 3600, NULL, NULL, NULL },
	{ "file-system-watcher-enabled?", D_TRUE, 0, NULL, NULL, NULL },
	{ "file-system-watcher-delay-seconds", D_INT, 10, NULL, NULL, NULL },
	{ "file-system-watcher-timeout-seconds", D_INT, 0, NULL, NULL, NULL },
	{ "ignore-permissions?", D_FALSE, 0, NULL, NULL, NULL },
	{ "auto-normalize?", D_TRUE, 0, NULL, NULL, NULL },
	{ "devices", D_NIL, 0, NULL, NULL, NULL },
	{ "filesystem-type", D_STRING, 0, "basic", NULL, NULL },
	{ "min-disk-free-unit", D_STRING, 0, "%", NULL, NULL },
	{ "min-disk-free", D_INT, 1, NULL, NULL, NULL },
	{ "versioning-type", D_FALSE, 0, NULL, NULL, NULL },
	{ "versioning-file-system-path", D_STRING, 0, "", NULL, NULL },
	{ "versioning-file-system-type", D_STRING, 0, "basic", NULL, NULL },
	{ "versioning-cleanup-interval-seconds", D_INT, 3600, NULL, NULL, NULL },
	{ "versioning-cleanout-days", D_FALSE, 0, NULL, NULL, NULL },
	{ "versioning-keep", D_FALSE, 0, NULL, NULL, NULL },
	{ "versioning-max-age", D_FALSE, 0, NULL, NULL, NULL },
	{ "versioning-command", D_FALSE, 0, NULL, NULL, NULL },
	{ "copiers", D_INT, 0, NULL, NULL, NULL },
	{ "puller-max-pending-kib", D_INT, 0, NULL, NULL, NULL },
	{ "hashers", D_INT, 0, NULL, NULL, NULL },
	{ "order", D_STRING, 0, "random", NULL, NULL },
	{ "ignore-delete?", D_FALSE, 0, NULL, NULL, NULL },
	{ "scan-progress-interval-seconds", D_INT, 0, NULL, NULL, NULL },
	{ "puller-pause-seconds", D_INT, 0, NULL, NULL, NULL },
	{ "max-conflicts", D_INT, 10, NULL, NULL, NULL },
	{ "disable-sparse-files?", D_FALSE, 0, NULL, NULL, NULL },
	{ "disable-temp-indexes?", D_FALSE, 0, NULL, NULL, NULL },
	{ "paused?", D_FALSE, 0, NULL, NULL, NULL },
	{ "weak-hash-threshold-percentage", D_INT, 25, NULL, NULL, NULL },
	{ "marker-name", D_STRING, 0, ".stfolder", NULL, NULL },
	{ "copy-ownership-from-parent?", D_FALSE, 0, NULL, NULL, NULL },
	{ "mod-time-window-seconds", D_INT, 0, NULL, NULL, NULL },
	{ "max-concurrent-writes", D_INT, 2, NULL, NULL, NULL },
	{ "disable-fsync?", D_FALSE, 0, NULL, NULL, NULL },
	{ "block-pull-order", D_STRING, 0, "standard", NULL, NULL },
	{ "copy-range-method", D_STRING, 0, "standard", NULL, NULL },
	{ "case-sensitive-file-system?", D_FALSE, 0, NULL, NULL, NULL },
	{ "junctions-as-dirs?", D_FALSE, 0, NULL, NULL, NULL },
	{ "sync-ownership?", D_FALSE, 0, NULL, NULL, NULL },
	{ "send-ownership?", D_FALSE, 0, NULL, NULL, NULL },
	{ "sync-xattrs?", D_FALSE, 0, NULL, NULL, NULL },
	{ "send-xattrs?", D_FALSE, 0, NULL, NULL, NULL },
	{ "xattr-filter-max-single-entry-size", D_INT, 1024, NULL, NULL, NULL },
	{ "xattr-filter-max-total-size", D_INT, 4096, NULL, NULL, NULL },
};

static struct ev *d_folders(struct ev_ctx *c, struct sx_loc loc);
static struct ev *d_default_folder(struct ev_ctx *c, struct sx_loc loc);

static const struct ev_field config_fields[] = {
	{ "folders", D_FN, 0, NULL, d_folders, NULL },
	{ "devices", D_NIL, 0, NULL, NULL, NULL },
	{ "gui-enabled?", D_TRUE, 0, NULL, NULL, NULL },
	{ "gui-tls?", D_FALSE, 0, NULL, NULL, NULL },
	{ "gui-debugging?", D_FALSE, 0, NULL, NULL, NULL },
	{ "gui-send-basic-authorization-prompt?", D_FALSE, 0, NULL, NULL, NULL },
	{ "gui-address", D_STRING, 0, "127.0.0.1:8384", NULL, NULL },
	{ "gui-user", D_FALSE, 0, NULL, NULL, NULL },
	{ "gui-password", D_FALSE, 0, NULL, NULL, NULL },
	{ "gui-apikey", D_FALSE, 0, NULL, NULL, NULL },
	{ "gui-theme", D_STRING, 0, "default", NULL, NULL },
	{ "ldap-enabled?", D_FALSE, 0, NULL, NULL, NULL },
	{ "ldap-address", D_STRING, 0, "", NULL, NULL },
	{ "ldap-bind-dn", D_STRING, 0, "", NULL, NULL },
	{ "ldap-transport", D_STRING, 0, "", NULL, NULL },
	{ "ldap-insecure-skip-verify", D_STRING, 0, "", NULL, NULL },
	{ "ldap-search-base-dn", D_STRING, 0, "", NULL, NULL },
	{ "ldap-search-filter", D_STRING, 0, "", NULL, NULL },
	{ "listen-address", D_STRING, 0, "default", NULL, NULL },
	{ "global-announce-server", D_STRING, 0, "default", NULL, NULL },
	{ "global-announce-enabled?", D_TRUE, 0, NULL, NULL, NULL },
	{ "local-announce-enabled?", D_TRUE, 0, NULL, NULL, NULL },
	{ "local-announce-port", D_INT, 21027, NULL, NULL, NULL },
	{ "local-announce-mac-address", D_STRING, 0, "[ff12::8384]:21027", NULL, NULL },
	{ "max-send-kbps", D_INT, 0, NULL, NULL, NULL },
	{ "max-receive-kbps", D_INT, 0, NULL, NULL, NULL },
	{ "reconnection-interval-seconds", D_INT, 60, NULL, NULL, NULL },
	{ "relays-enabled?", D_TRUE, 0, NULL, NULL, NULL },
	{ "relay-reconnect-interval-minutes", D_INT, 10, NULL, NULL, NULL },
	{ "start-browser?", D_TRUE, 0, NULL, NULL, NULL },
	{ "nat-enabled?", D_TRUE, 0, NULL, NULL, NULL },
	{ "nat-lease-minutes", D_INT, 60, NULL, NULL, NULL },
	{ "nat-renewal-minutes", D_INT, 30, NULL, NULL, NULL },
	{ "nat-timeout-seconds", D_INT, 10, NULL, NULL, NULL },
	{ "usage-reporting-accepted", D_INT, 0, NULL, NULL, NULL },
	{ "usage-reporting-seen", D_INT, 0, NULL, NULL, NULL },
	{ "usage-reporting-unique-id", D_STRING, 0, "", NULL, NULL },
	{ "usage-reporting-url", D_STRING, 0, "https://data.syncthing.net/newdata", NULL, NULL },
	{ "usage-reporting-post-insecurely?", D_FALSE, 0, NULL, NULL, NULL },
	{ "usage-reporting-initial-delay-seconds", D_INT, 1800, NULL, NULL, NULL },
	{ "auto-upgrade-interval-hours", D_INT, 12, NULL, NULL, NULL },
	{ "upgrade-to-pre-releases?", D_FALSE, 0, NULL, NULL, NULL },
	{ "keep-temporaries-hours", D_INT, 24, NULL, NULL, NULL },
	{ "cache-ignored-files?", D_FALSE, 0, NULL, NULL, NULL },
	{ "progress-update-interval-seconds", D_INT, 5, NULL, NULL, NULL },
	{ "limit-bandwidth-in-lan?", D_FALSE, 0, NULL, NULL, NULL },
	{ "min-home-disk-free-unit", D_STRING, 0, "%", NULL, NULL },
	{ "min-home-disk-free", D_INT, 1, NULL, NULL, NULL },
	{ "releases-url", D_STRING, 0, "https://upgrades.syncthing.net/meta.json", NULL, NULL },
	{ "overwrite-remote-device-names-on-connect?", D_FALSE, 0, NULL, NULL, NULL },
	{ "temp-index-min-blocks", D_INT, 10, NULL, NULL, NULL },
	{ "unacked-notification-id", D_STRING, 0, "authenticationUserAndPassword", NULL, NULL },
	{ "traffic-class", D_INT, 0, NULL, NULL, NULL },
	{ "set-low-priority?", D_TRUE, 0, NULL, NULL, NULL },
	{ "max-folder-concurrency", D_INT, 0, NULL, NULL, NULL },
	{ "crash-reporting-url", D_STRING, 0, "https://crash.syncthing.net/newcrash", NULL, NULL },
	{ "crash-reporting-enabled?", D_TRUE, 0, NULL, NULL, NULL },
	{ "stun-keepalive-start-seconds", D_INT, 180, NULL, NULL, NULL },
	{ "stun-keepalive-min-seconds", D_INT, 20, NULL, NULL, NULL },
	{ "stun-server", D_STRING, 0, "default", NULL, NULL },
	{ "database-tuning", D_STRING, 0, "auto", NULL, NULL },
	{ "max-concurrent-incoming-request-kib", D_INT, 0, NULL, NULL, NULL },
	{ "announce-lan-addresses?", D_TRUE, 0, NULL, NULL, NULL },
	{ "send-full-index-on-upgrade?", D_FALSE, 0, NULL, NULL, NULL },
	{ "connection-limit-enough", D_INT, 0, NULL, NULL, NULL },
	{ "connection-limit-max", D_INT, 0, NULL, NULL, NULL },
	{ "insecure-allow-old-tls-versions?", D_FALSE, 0, NULL, NULL, NULL },
	{ "connection-priority-tcp-lan", D_INT, 10, NULL, NULL, NULL },
	{ "connection-priority-quic-lan", D_INT, 20, NULL, NULL, NULL },
	{ "connection-priority-tcp-wan", D_INT, 30, NULL, NULL, NULL },
	{ "connection-priority-quic-wan", D_INT, 40, NULL, NULL, NULL },
	{ "connection-priority-relay", D_INT, 50, NULL, NULL, NULL },
	{ "connection-priority-upgrade-threshold", D_INT, 0, NULL, NULL, NULL },
	{ "default-folder", D_FN, 0, NULL, d_default_folder, NULL },
	{ "default-device", D_FN, 0, NULL, d_device_blank, NULL },
	{ "default-ignores", D_STRING, 0, "", NULL, NULL },
};

static const struct ev_rtd device_rtd = { DEV, device_fields, N(device_fields), false };
static const struct ev_rtd folder_device_rtd = { FDEV, folder_device_fields,
	                                         N(folder_device_fields), false };
static const struct ev_rtd folder_rtd = { FOLDER, folder_fields, N(folder_fields), false };
static const struct ev_rtd config_rtd = { CONFIG, config_fields, N(config_fields), false };

/* A record of RTD with the string fields F1=V1 (and F2=V2...), the rest
 * defaults. */
static struct ev *make(struct ev_ctx *c, const struct ev_rtd *rtd, struct sx_loc loc,
                       const char *const *kv)
{
	struct ev *r = ev_record_new(c, rtd, loc);

	for (; kv[0] != NULL; kv += 2)
		if (ev_record_set(c, r, kv[0], ev_cstring(c, kv[1], loc)) < 0)
			return NULL;
	return ev_record_fill_defaults(c, r, loc) < 0 ? NULL : r;
}

static struct ev *d_device_blank(struct ev_ctx *c, struct sx_loc loc)
{
	static const char *const kv[] = { "id", "", NULL };

	return make(c, &device_rtd, loc, kv);
}

/* syncthing's own default folder. */
static struct ev *d_folders(struct ev_ctx *c, struct sx_loc loc)
{
	static const char *const kv[] = { "id",   "default", "label", "Default Folder",
		                          "path", "~/Sync",  NULL };
	struct ev *f = make(c, &folder_rtd, loc, kv);

	return f ? ev_cons(c, f, ev_nil(c, loc), loc) : NULL;
}

static struct ev *d_default_folder(struct ev_ctx *c, struct sx_loc loc)
{
	static const char *const kv[] = { "label", "", "path", "~", NULL };

	return make(c, &folder_rtd, loc, kv);
}

static bool is_false(const struct ev *v)
{
	return v->type == EV_BOOL && !v->u.b;
}

/* The XML writer: sxml->xml's, without white space between elements. */
struct xw {
	struct ev_ctx *c;
	struct gx_buf b;
	int err;
};

/* Text as XML 1.0 can hold it: no control character but tab and line
 * breaks. */
static bool xml_text_ok(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

static void xml_escape(struct gx_buf *b, const char *s, bool attr)
{
	for (; *s; s++)
		switch (*s) {
		case '<':
			gx_buf_puts(b, "&lt;");
			break;
		case '>':
			gx_buf_puts(b, "&gt;");
			break;
		case '&':
			gx_buf_puts(b, "&amp;");
			break;
		case '"':
			gx_buf_puts(b, attr ? "&quot;" : "\"");
			break;
		default:
			gx_buf_putc(b, *s);
		}
}

/* REC's FIELD as its XML text: a boolean field (BOOL) #t or #f, or a
 * string as it is (bool->xml-string); any other a string or an integer.
 * NULL after an error at the field. */
static const char *xval(struct xw *w, const struct ev *rec, const char *field, bool bool_field)
{
	const struct ev *v = ev_record_get(rec, field);
	const char *rtd = rec->u.rec->rtd->name;

	if (w->err)
		return NULL;
	if (v->type == EV_BOOL && bool_field)
		return v->u.b ? "true" : "false";
	if (v->type == EV_INT)
		return gx_arena_printf(w->c->arena, "%lld", (long long)v->u.i);
	if (v->type == EV_STRING && xml_text_ok(v->u.str.s) && strlen(v->u.str.s) == v->u.str.len)
		return v->u.str.s;
	if (v->type == EV_STRING)
		w->err = ev_failn(w->c, ev_record_loc(rec, field),
		                  "%s: field '%s': invalid value %s (config.xml holds no control "
		                  "characters but tabs and line breaks)",
		                  rtd, field, ev_repr(w->c, v));
	else
		w->err = ev_failn(w->c, ev_record_loc(rec, field),
		                  "%s: field '%s': expected %s, got %s", rtd, field,
		                  bool_field ? "#t, #f or a string" : "a string or an integer",
		                  ev_repr(w->c, v));
	return NULL;
}

/* An attribute NAME="FIELD's value" (FIELD ending in ? is a boolean). */
static void attr(struct xw *w, const char *name, const struct ev *rec, const char *field)
{
	const char *v = xval(w, rec, field, field[strlen(field) - 1] == '?');

	if (v == NULL)
		return;
	gx_buf_printf(&w->b, " %s=\"", name);
	xml_escape(&w->b, v, true);
	gx_buf_putc(&w->b, '"');
}

static void text_el(struct xw *w, const char *name, const char *v)
{
	gx_buf_printf(&w->b, "<%s>", name);
	xml_escape(&w->b, v, false);
	gx_buf_printf(&w->b, "</%s>", name);
}

/* An element <NAME>FIELD's value</NAME>. */
static void el(struct xw *w, const char *name, const struct ev *rec, const char *field)
{
	const char *v = xval(w, rec, field, field[strlen(field) - 1] == '?');

	if (v != NULL)
		text_el(w, name, v);
}

struct xmap {
	const char *xml, *field;
};

static void els(struct xw *w, const struct ev *rec, const struct xmap *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		el(w, m[i].xml, rec, m[i].field);
}

/* REC's FIELD, a record of RTD (or #f when FALSE_OK): else an error. */
static const struct ev *sub(struct xw *w, const struct ev *rec, const char *field,
                            const struct ev *v, const struct ev_rtd *rtd)
{
	if (w->err)
		return NULL;
	if (v->type == EV_RECORD && v->u.rec->rtd == rtd)
		return v;
	w->err = ev_failn(w->c, ev_record_loc(rec, field), "%s: field '%s': expected %s %s, got %s",
	                  rec->u.rec->rtd->name, field, "a", rtd->name, ev_repr(w->c, v));
	return NULL;
}

/* The strings of REC's list FIELD. */
static const char **strings(struct xw *w, const struct ev *rec, const char *field)
{
	const char **out = NULL;

	if (w->err || svc_string_list(w->c, rec, field, &out) < 0) {
		w->err = -1;
		return NULL;
	}
	for (const char **s = out; *s; s++)
		if (!xml_text_ok(*s)) {
			w->err = ev_failn(w->c, ev_record_loc(rec, field),
			                  "%s: field '%s': invalid entry \"%s\" (config.xml holds "
			                  "no control characters but tabs and line breaks)",
			                  rec->u.rec->rtd->name, field, *s);
			return NULL;
		}
	return out;
}

static void device_xml(struct xw *w, const struct ev *d)
{
	static const struct xmap tail[] = {
		{ "paused", "paused?" },
		{ "autoAcceptFolders", "auto-accept-folders?" },
		{ "maxSendKbps", "max-send-kbps" },
		{ "maxRecvKbps", "max-receive-kbps" },
		{ "maxRequestKiB", "max-request-kib" },
		{ "untrusted", "untrusted?" },
		{ "remoteGUIPort", "remote-gui-port" },
		{ "numConnections", "num-connections" },
	};
	const char **addresses;

	gx_buf_puts(&w->b, "<device");
	attr(w, "id", d, "id");
	attr(w, "name", d, "name");
	attr(w, "compression", d, "compression");
	attr(w, "introducer", d, "introducer?");
	attr(w, "skipIntroductionRemovals", d, "skip-introduction-removals?");
	attr(w, "introducedBy", d, "introduced-by");
	gx_buf_putc(&w->b, '>');
	if ((addresses = strings(w, d, "addresses")) != NULL)
		for (const char **a = addresses; *a; a++)
			text_el(w, "address", *a);
	els(w, d, tail, N(tail));
	gx_buf_puts(&w->b, "</device>");
}

/* A folder's device: a syncthing-folder-device, or a syncthing-device
 * (Guix's sanitizer wraps it). */
static const struct ev *folder_device(struct xw *w, const struct ev *folder, const struct ev *v,
                                      const struct ev **fd)
{
	*fd = NULL;
	if (v->type == EV_RECORD && v->u.rec->rtd == &device_rtd)
		return v;
	if (w->err)
		return NULL;
	if (v->type != EV_RECORD || v->u.rec->rtd != &folder_device_rtd) {
		w->err = ev_failn(w->c, ev_record_loc(folder, "devices"),
		                  FOLDER ": field 'devices': expected a " FDEV " or a " DEV
		                         ", got %s",
		                  ev_repr(w->c, v));
		return NULL;
	}
	*fd = v;
	return sub(w, *fd, "device", ev_record_get(*fd, "device"), &device_rtd);
}

static void folder_xml(struct xw *w, const struct ev *f)
{
	static const struct xmap head[] = {
		{ "label", "label" },
		{ "path", "path" },
		{ "type", "type" },
		{ "rescanIntervalS", "rescan-interval-seconds" },
		{ "fsWatcherEnabled", "file-system-watcher-enabled?" },
		{ "fsWatcherDelayS", "file-system-watcher-delay-seconds" },
		{ "fsWatcherTimeoutS", "file-system-watcher-timeout-seconds" },
		{ "ignorePerms", "ignore-permissions?" },
		{ "autoNormalize", "auto-normalize?" },
	};
	static const struct xmap params[] = {
		{ "cleanoutDays", "versioning-cleanout-days" },
		{ "keep", "versioning-keep" },
		{ "maxAge", "versioning-max-age" },
		{ "command", "versioning-command" },
	};
	static const struct xmap tail[] = {
		{ "copiers", "copiers" },
		{ "pullerMaxPendingKiB", "puller-max-pending-kib" },
		{ "hashers", "hashers" },
		{ "order", "order" },
		{ "ignoreDelete", "ignore-delete?" },
		{ "scanProgressIntervalS", "scan-progress-interval-seconds" },
		{ "pullerPauseS", "puller-pause-seconds" },
		{ "maxConflicts", "max-conflicts" },
		{ "disableSparseFiles", "disable-sparse-files?" },
		{ "disableTempIndexes", "disable-temp-indexes?" },
		{ "paused", "paused?" },
		{ "weakHashThresholdPct", "weak-hash-threshold-percentage" },
		{ "markerName", "marker-name" },
		{ "copyOwnershipFromParent", "copy-ownership-from-parent?" },
		{ "modTimeWindowS", "mod-time-window-seconds" },
		{ "maxConcurrentWrites", "max-concurrent-writes" },
		{ "disableFsync", "disable-fsync?" },
		{ "blockPullOrder", "block-pull-order" },
		{ "copyRangeMethod", "copy-range-method" },
		{ "caseSensitiveFS", "case-sensitive-file-system?" },
		{ "junctionsAsDirs", "junctions-as-dirs?" },
		{ "syncOwnership", "sync-ownership?" },
		{ "sendOwnership", "send-ownership?" },
		{ "syncXattrs", "sync-xattrs?" },
		{ "sendXattrs", "send-xattrs?" },
	};
	const struct ev *id = ev_record_get(f, "id");

	gx_buf_puts(&w->b, "<folder");
	attr(w, "id", f, id->type == EV_BOOL && !id->u.b ? "label" : "id");
	for (size_t i = 0; i < N(head); i++)
		attr(w, head[i].xml, f, head[i].field);
	gx_buf_putc(&w->b, '>');
	el(w, "filesystemType", f, "filesystem-type");
	for (const struct ev *p = ev_record_get(f, "devices"); !w->err && p->type == EV_PAIR;
	     p = p->u.pair.cdr) {
		const struct ev *fd, *d = folder_device(w, f, p->u.pair.car, &fd), *by;

		if (d == NULL)
			break;
		gx_buf_puts(&w->b, "<device");
		attr(w, "id", d, "id");
		if (fd == NULL) {
			gx_buf_puts(&w->b,
			            " introducedBy=\"\"><encryptionPassword></encryptionPassword>");
		} else {
			if ((by = sub(w, fd, "introduced-by", ev_record_get(fd, "introduced-by"),
			              &device_rtd)) == NULL)
				break;
			attr(w, "introducedBy", by, "id");
			gx_buf_putc(&w->b, '>');
			el(w, "encryptionPassword", fd, "encryption-password");
		}
		gx_buf_puts(&w->b, "</device>");
	}
	gx_buf_puts(&w->b, "<minDiskFree");
	attr(w, "unit", f, "min-disk-free-unit");
	gx_buf_putc(&w->b, '>');
	{
		const char *v = xval(w, f, "min-disk-free", false);

		xml_escape(&w->b, v ? v : "", false);
	}
	gx_buf_puts(&w->b, "</minDiskFree><versioning");
	if (!is_false(ev_record_get(f, "versioning-type")))
		attr(w, "type", f, "versioning-type");
	gx_buf_putc(&w->b, '>');
	for (size_t i = 0; i < N(params); i++) {
		const char *v;

		if (is_false(ev_record_get(f, params[i].field)) ||
		    (v = xval(w, f, params[i].field, false)) == NULL)
			continue;
		gx_buf_printf(&w->b, "<param key=\"%s\" val=\"", params[i].xml);
		xml_escape(&w->b, v, true);
		gx_buf_puts(&w->b, "\"></param>");
	}
	el(w, "cleanupIntervalS", f, "versioning-cleanup-interval-seconds");
	el(w, "fsPath", f, "versioning-file-system-path");
	el(w, "fsType", f, "versioning-file-system-type");
	gx_buf_puts(&w->b, "</versioning>");
	els(w, f, tail, N(tail));
	gx_buf_puts(&w->b, "<xattrFilter>");
	el(w, "maxSingleEntrySize", f, "xattr-filter-max-single-entry-size");
	el(w, "maxTotalSize", f, "xattr-filter-max-total-size");
	gx_buf_puts(&w->b, "</xattrFilter></folder>");
}

/* The devices of the configuration, then those of its folders, each ID
 * once (Guix's delete-duplicates: the first kept). */
static void devices_xml(struct xw *w, const struct ev *cfg, const struct ev *folders)
{
	const struct ev **seen = NULL;
	size_t n = 0, cap = 0;

	for (int pass = 0; pass < 2 && !w->err; pass++) {
		const struct ev *l = pass == 0 ? ev_record_get(cfg, "devices") : folders;

		for (; !w->err && l->type == EV_PAIR; l = l->u.pair.cdr) {
			const struct ev *devs =
			        pass == 0 ? NULL : ev_record_get(l->u.pair.car, "devices");
			const struct ev *one = pass == 0 ? ev_cons(w->c, l->u.pair.car,
			                                           ev_nil(w->c, l->loc), l->loc)
			                                 : devs;

			for (; !w->err && one->type == EV_PAIR; one = one->u.pair.cdr) {
				const struct ev *fd,
				        *d = pass == 0 ? sub(w, cfg, "devices", one->u.pair.car,
				                             &device_rtd)
				                       : folder_device(w, l->u.pair.car,
				                                       one->u.pair.car, &fd);
				const char *id;
				bool dup = false;

				if (d == NULL || (id = xval(w, d, "id", false)) == NULL)
					break;
				for (size_t i = 0; i < n && !dup; i++)
					dup = strcmp(xval(w, seen[i], "id", false), id) == 0;
				if (dup)
					continue;
				EV_ARENA_GROW(w->c, seen, n, cap);
				seen[n++] = d;
				device_xml(w, d);
			}
		}
	}
}

/* Guix's serialize-syncthing-config-file: config.xml, or NULL after an
 * error. */
static const char *config_xml(struct ev_ctx *c, const struct ev *cfg)
{
	static const struct xmap options[] = {
		{ "listenAddress", "listen-address" },
		{ "globalAnnounceServer", "global-announce-server" },
		{ "globalAnnounceEnabled", "global-announce-enabled?" },
		{ "localAnnounceEnabled", "local-announce-enabled?" },
		{ "localAnnouncePort", "local-announce-port" },
		{ "localAnnounceMCAddr", "local-announce-mac-address" },
		{ "maxSendKbps", "max-send-kbps" },
		{ "maxRecvKbps", "max-receive-kbps" },
		{ "reconnectionIntervalS", "reconnection-interval-seconds" },
		{ "relaysEnabled", "relays-enabled?" },
		{ "relayReconnectIntervalM", "relay-reconnect-interval-minutes" },
		{ "startBrowser", "start-browser?" },
		{ "natEnabled", "nat-enabled?" },
		{ "natLeaseMinutes", "nat-lease-minutes" },
		{ "natRenewalMinutes", "nat-renewal-minutes" },
		{ "natTimeoutSeconds", "nat-timeout-seconds" },
		{ "urAccepted", "usage-reporting-accepted" },
		{ "urSeen", "usage-reporting-seen" },
		{ "urUniqueID", "usage-reporting-unique-id" },
		{ "urURL", "usage-reporting-url" },
		{ "urPostInsecurely", "usage-reporting-post-insecurely?" },
		{ "urInitialDelayS", "usage-reporting-initial-delay-seconds" },
		{ "autoUpgradeIntervalH", "auto-upgrade-interval-hours" },
		{ "upgradeToPreReleases", "upgrade-to-pre-releases?" },
		{ "keepTemporariesH", "keep-temporaries-hours" },
		{ "cacheIgnoredFiles", "cache-ignored-files?" },
		{ "progressUpdateIntervalS", "progress-update-interval-seconds" },
		{ "limitBandwidthInLan", "limit-bandwidth-in-lan?" },
		{ NULL, NULL }, /* minHomeDiskFree */
		{ "releasesURL", "releases-url" },
		{ "overwriteRemoteDeviceNamesOnConnect",
		  "overwrite-remote-device-names-on-connect?" },
		{ "tempIndexMinBlocks", "temp-index-min-blocks" },
		{ "unackedNotificationID", "unacked-notification-id" },
		{ "trafficClass", "traffic-class" },
		{ "setLowPriority", "set-low-priority?" },
		{ "maxFolderConcurrency", "max-folder-concurrency" },
		{ "crashReportingURL", "crash-reporting-url" },
		{ "crashReportingEnabled", "crash-reporting-enabled?" },
		{ "stunKeepaliveStartS", "stun-keepalive-start-seconds" },
		{ "stunKeepaliveMinS", "stun-keepalive-min-seconds" },
		{ "stunServer", "stun-server" },
		{ "databaseTuning", "database-tuning" },
		{ "maxConcurrentIncomingRequestKiB", "max-concurrent-incoming-request-kib" },
		{ "announceLANAddresses", "announce-lan-addresses?" },
		{ "sendFullIndexOnUpgrade", "send-full-index-on-upgrade?" },
		{ "connectionLimitEnough", "connection-limit-enough" },
		{ "connectionLimitMax", "connection-limit-max" },
		{ "insecureAllowOldTLSVersions", "insecure-allow-old-tls-versions?" },
		{ "connectionPriorityTcpLan", "connection-priority-tcp-lan" },
		{ "connectionPriorityQuicLan", "connection-priority-quic-lan" },
		{ "connectionPriorityTcpWan", "connection-priority-tcp-wan" },
		{ "connectionPriorityQuicWan", "connection-priority-quic-wan" },
		{ "connectionPriorityRelay", "connection-priority-relay" },
		{ "connectionPriorityUpgradeThreshold", "connection-priority-upgrade-threshold" },
	};
	static const char *const ldap_opt[][2] = {
		{ "transport", "ldap-transport" },
		{ "insecureSkipVerify", "ldap-insecure-skip-verify" },
		{ "searchBaseDN", "ldap-search-base-dn" },
		{ "searchFilter", "ldap-search-filter" },
	};
	static const char *const gui_opt[][2] = {
		{ "user", "gui-user" },
		{ "password", "gui-password" },
		{ "apikey", "gui-apikey" },
	};
	struct xw w = { c, GX_BUF_INIT, 0 };
	const struct ev *folders = ev_record_get(cfg, "folders"), *v;

	gx_buf_puts(&w.b, "<configuration version=\"36\">");
	for (const struct ev *p = folders; !w.err && p->type == EV_PAIR; p = p->u.pair.cdr)
		if (sub(&w, cfg, "folders", p->u.pair.car, &folder_rtd) != NULL)
			folder_xml(&w, p->u.pair.car);
	if (!w.err && folders->type != EV_NIL && folders->type != EV_PAIR)
		w.err = ev_failn(c, ev_record_loc(cfg, "folders"),
		                 CONFIG ": field 'folders': expected a list of " FOLDER
		                        " records, got %s",
		                 ev_repr(c, folders));
	devices_xml(&w, cfg, folders);
	gx_buf_puts(&w.b, "<gui");
	attr(&w, "enabled", cfg, "gui-enabled?");
	attr(&w, "tls", cfg, "gui-tls?");
	attr(&w, "debugging", cfg, "gui-debugging?");
	attr(&w, "sendBasicAuthPrompt", cfg, "gui-send-basic-authorization-prompt?");
	gx_buf_putc(&w.b, '>');
	el(&w, "address", cfg, "gui-address");
	for (size_t i = 0; i < N(gui_opt); i++)
		if (!is_false(ev_record_get(cfg, gui_opt[i][1])))
			el(&w, gui_opt[i][0], cfg, gui_opt[i][1]);
	el(&w, "theme", cfg, "gui-theme");
	gx_buf_puts(&w.b, "</gui><ldap>");
	if (!is_false(ev_record_get(cfg, "ldap-enabled?"))) {
		el(&w, "address", cfg, "ldap-address");
		el(&w, "bindDN", cfg, "ldap-bind-dn");
		for (size_t i = 0; i < N(ldap_opt); i++)
			if (!is_false(ev_record_get(cfg, ldap_opt[i][1])))
				el(&w, ldap_opt[i][0], cfg, ldap_opt[i][1]);
	}
	gx_buf_puts(&w.b, "</ldap><options>");
	for (size_t i = 0; i < N(options); i++) {
		if (options[i].xml != NULL) {
			el(&w, options[i].xml, cfg, options[i].field);
			continue;
		}
		gx_buf_puts(&w.b, "<minHomeDiskFree");
		attr(&w, "unit", cfg, "min-home-disk-free-unit");
		gx_buf_putc(&w.b, '>');
		{
			const char *t = xval(&w, cfg, "min-home-disk-free", false);

			xml_escape(&w.b, t ? t : "", false);
		}
		gx_buf_puts(&w.b, "</minHomeDiskFree>");
	}
	gx_buf_puts(&w.b, "</options><defaults>");
	if ((v = sub(&w, cfg, "default-folder", ev_record_get(cfg, "default-folder"), &folder_rtd)))
		folder_xml(&w, v);
	if ((v = sub(&w, cfg, "default-device", ev_record_get(cfg, "default-device"), &device_rtd)))
		device_xml(&w, v);
	el(&w, "ignores", cfg, "default-ignores");
	gx_buf_puts(&w.b, "</defaults></configuration>");
	if (w.err) {
		gx_buf_free(&w.b);
		return NULL;
	}
	{
		const char *r = gx_arena_strdup(c->arena, w.b.data);

		gx_buf_free(&w.b);
		return r;
	}
}

const struct ev_rtd *const svc_syncthing_records[] = { &syncthing_rtd,     &device_rtd,
	                                               &folder_device_rtd, &folder_rtd,
	                                               &config_rtd,        NULL };

static const struct os_user *find_user(const struct os_model *m, const char *name)
{
	for (size_t i = 0; i < m->n_users; i++)
		if (strcmp(m->users[i].name, name) == 0)
			return &m->users[i];
	return NULL;
}

static bool has_group(const struct os_model *m, const char *name)
{
	for (size_t i = 0; i < m->n_groups; i++)
		if (strcmp(m->groups[i].name, name) == 0)
			return true;
	return false;
}

/* The account syncthing runs as: a declared one (*U). */
static int get_user(struct ev_ctx *c, const struct ev *cfg, const struct os_user **u)
{
	const char *user;

	if (ev_get_string_or_false(c, cfg, "user", &user) < 0)
		return -1;
	if (user == NULL)
		return ev_failn(c, ev_record_loc(cfg, "user"),
		                RTD ": field 'user': syncthing runs as a user of the system: "
		                    "name one, as (user \"alice\")");
	if ((*u = find_user(c->osb.m, user)) == NULL)
		return ev_failn(c, ev_record_loc(cfg, "user"),
		                RTD ": field 'user': no user account %s in the operating-system's "
		                    "users (syncthing-service-type makes none)",
		                ev_repr(c, ev_record_get(cfg, "user")));
	return 0;
}

/* Whether PATH is DIR or under it. */
static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* HOME: the home field, or U's home; one syncthing can write in when it
 * keeps its configuration there (WRITES: no config-file). */
static int get_home(struct ev_ctx *c, const struct ev *cfg, const struct os_user *u, bool writes,
                    const char **home)
{
	struct sx_loc loc = ev_record_loc(cfg, "home");

	if (ev_get_string_or_false(c, cfg, "home", home) < 0)
		return -1;
	if (*home == NULL) {
		*home = u->home;
		if (writes && !u->create_home)
			return ev_failn(c, ev_record_loc(cfg, "user"),
			                RTD ": field 'user': the home directory %s of '%s' is not "
			                    "made (create-home-directory? #f): syncthing could not "
			                    "write its configuration there",
			                u->home, u->name);
		return 0;
	}
	if (!svc_path_ok(*home, "="))
		return ev_failn(c, loc,
		                RTD ": field 'home': invalid home %s (expected an absolute path "
		                    "without white space, control characters or \".\" and \"..\" "
		                    "components)",
		                ev_repr(c, ev_record_get(cfg, "home")));
	if (writes && (!u->create_home || !under(*home, u->home)))
		return ev_failn(c, loc,
		                RTD ": field 'home': %s is not the home directory of '%s', which "
		                    "the system makes, nor a directory under it: syncthing "
		                    "could not write its configuration there",
		                *home, u->name);
	return 0;
}

/* The config-file field: NULL (#f), or the in-container path of the
 * config.xml to put in /var/lib/syncthing-USER. */
static int get_config_file(struct ev_ctx *c, const struct ev *cfg, const char *user,
                           const char **path)
{
	struct ev *v = ev_record_get(cfg, "config-file");
	struct sx_loc loc = ev_record_loc(cfg, "config-file");
	const char *xml;

	*path = NULL;
	if (is_false(v))
		return 0;
	if (v->type == EV_RECORD && v->u.rec->rtd == &config_rtd) {
		const char *name = gx_arena_printf(c->arena, "syncthing/%s/config.xml", user);

		if ((xml = config_xml(c, v)) == NULL ||
		    osb_add_file(c, name, xml, strlen(xml), 0644, NULL, loc.file ? loc : cfg->loc) <
		            0)
			return -1;
		*path = gx_arena_printf(c->arena, "/etc/%s", name);
		return 0;
	}
	if (v->type == EV_FILE)
		return (*path = osb_path_of(c, v, loc.file ? loc : cfg->loc)) == NULL ? -1 : 0;
	return ev_failn(c, loc,
	                RTD ": field 'config-file': expected #f, a " CONFIG
	                    " or a file-like object, got %s",
	                ev_repr(c, v));
}

/* Guix's special file /var/lib/syncthing-USER/config.xml, a link to the
 * store made at activation: here a copy, USER's, made at each boot by the
 * one-shot syncthing-config-USER, before syncthing-USER starts. */
static void add_config_copy(struct ev_ctx *c, const struct svc_instance *s, const char *user,
                            const char *group, const char *from, const char *dir)
{
	struct os_service *o = osb_add_service(c, "syncthing-service-type", s->loc);
	const char *argv[] = {
		"/bin/sh",
		"-c",
		"cp \"$1\" \"$2.new\" && chmod 600 \"$2.new\" && mv -f \"$2.new\" \"$2\"",
		"sh",
		from,
		gx_arena_printf(c->arena, "%s/config.xml", dir),
		NULL
	};

	osb_add_package(c, "coreutils", NULL, false, s->loc);
	osb_add_dir(c, dir, user, group, 0700);
	o->provision = svc_split(c, gx_arena_printf(c->arena, "syncthing-config-%s", user));
	o->requirement = svc_split(c, "user-processes");
	o->documentation = "Put syncthing's config.xml in place.";
	o->one_shot = true;
	o->respawn = false;
	o->user = user;
	o->group = group;
	svc_set_argv(c, o, argv, N(argv));
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	struct ev *cfg = s->value, *pkg;
	const struct os_user *u;
	const char *prefix, *group, *home, **args, *config, *dir = NULL;
	struct os_service *o;
	long logflags;
	size_t n = 0;

	if (svc_check_value(c, s, "a") < 0 || svc_refuse_extensions(c, s) < 0)
		return -1;
	if (get_user(c, cfg, &u) < 0 || ev_get_string(c, cfg, "group", &group) < 0)
		return -1;
	if (!has_group(c->osb.m, group))
		return ev_failn(c, ev_record_loc(cfg, "group"),
		                RTD ": field 'group': no group %s in the operating-system's groups",
		                ev_repr(c, ev_record_get(cfg, "group")));
	if (get_config_file(c, cfg, u->name, &config) < 0 ||
	    get_home(c, cfg, u, config == NULL, &home) < 0 ||
	    ev_get_int(c, cfg, "logflags", 0, 127, &logflags) < 0 ||
	    svc_string_list(c, cfg, "arguments", &args) < 0)
		return -1;
	if ((pkg = svc_package(c, cfg, "syncthing")) == NULL ||
	    (prefix = osb_path_of(c, pkg, s->loc)) == NULL)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);

	if (config != NULL) {
		dir = gx_arena_printf(c->arena, "/var/lib/syncthing-%s", u->name);
		add_config_copy(c, s, u->name, group, config, dir);
	}
	o = osb_add_service(c, "syncthing-service-type", s->loc);
	o->provision = svc_split(c, gx_arena_printf(c->arena, "syncthing-%s", u->name));
	o->requirement = svc_split(c, dir ? gx_arena_printf(c->arena,
	                                                    "loopback user-processes "
	                                                    "syncthing-config-%s",
	                                                    u->name)
	                                  : "loopback user-processes");
	o->documentation = "Run syncthing.";
	while (args[n] != NULL)
		n++;
	{
		const char **argv = gx_arena_alloc(c->arena, (n + 5) * sizeof(*argv));
		size_t k = 0;

		argv[k++] = gx_arena_printf(c->arena, "%s/bin/syncthing", prefix);
		argv[k++] = "--no-browser";
		argv[k++] = "--no-restart";
		argv[k++] = gx_arena_printf(c->arena, "--logflags=%ld", logflags);
		if (dir != NULL)
			argv[k++] = gx_arena_printf(c->arena, "--home=%s", dir);
		memcpy(argv + k, args, n * sizeof(*argv));
		svc_set_argv(c, o, argv, n + k);
	}
	{
		const char **env = gx_arena_alloc(c->arena, 6 * sizeof(*env));

		env[0] = gx_arena_printf(c->arena, "HOME=%s", home);
		env[1] = "SSL_CERT_DIR=/etc/ssl/certs";
		env[2] = "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt";
		size_t k = 3;

		if (dir == NULL)
			env[k++] =
			        gx_arena_printf(c->arena, "XDG_CONFIG_HOME=%s/.local/state", home);
		env[k] = "PATH=/run/current-system/profile/bin:/usr/bin:/usr/sbin:/bin:/sbin";
		o->environment = env;
	}
	o->user = u->name;
	o->group = group;
	o->respawn = false;
	return 0;
}

const struct svc_def svc_syncthing = {
	"syncthing-service-type",
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
