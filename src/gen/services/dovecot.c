/* svc: dovecot-service-type (gnu/services/mail.scm): the Dovecot IMAP/POP3
 * server, as Guix's, run with Debian's dovecot (dovecot-core, -imapd,
 * -pop3d).  Its value is a dovecot-configuration (the default, as in Guix)
 * or an opaque-dovecot-configuration (dovecot, string: dovecot.conf's text,
 * written as it is).
 *
 * dovecot-configuration has every field of Guix's, with Guix's names,
 * types and defaults, and the records it is made of (dict-, passdb-,
 * userdb-, plugin-, namespace-, mailbox-, protocol-, service-,
 * unix-listener-, fifo-listener- and inet-listener-configuration).  It is
 * serialized as Guix's define-configuration serializers do, field after
 * field, into /etc/dovecot/dovecot.conf (Guix's activation copies its file
 * there; Debian's dovecot reads it by default): "key=value" lines, the
 * field's name with '-' as '_' and without '?', booleans yes/no, lists
 * joined by spaces (an empty one left out), commas (listen) or colons
 * (valid-chroot-dirs), the records as sections ("service KIND { ... }",
 * "protocols=NAMES" then "protocol NAME { ... }", mailbox "NAME" quoted).
 *
 * What it makes, as Guix does: the groups and system accounts dovecot and
 * dovenull (home /var/empty); /var/run/dovecot, /var/lib/dovecot,
 * /etc/dovecot (dovecot's, 0755) and /etc/dovecot/private (0700); a
 * self-signed certificate /etc/dovecot/default.pem and its key
 * /etc/dovecot/private/default.pem when absent (Guix's activation, here the
 * one-shot service dovecot-setup, with openssl; /etc being a tmpfs layer, a
 * new one at each boot); the service `dovecot` (requirement networking and
 * dovecot-setup) running Guix's command line, `dovecot -F`.  The build runs
 * `doveconf -n -c /etc/dovecot/dovecot.conf` in its build container: what
 * it refuses is a note.
 *
 * Where gxsys differs:
 * - A gxsys system has no PAM stack (README), so passdb driver "pam" would
 *   refuse every login: the default passdb driver is "shadow" (the
 *   system's accounts and their crypt hashes in /etc/shadow, what Guix's
 *   PAM default checks), and an explicit "pam" is a located error.  No PAM
 *   service is made, and `dovecot` does not require `pam`.
 * - mail-plugin-dir left at Guix's default ("/usr/lib/dovecot") is
 *   Debian's plugin directory, /usr/lib/dovecot/modules.
 * - Values are written as Guix writes them (format's ~a) when dovecot's
 *   parser reads them back as they are; one it would not (leading or
 *   trailing white space, '#', a quote, a trailing backslash) is written
 *   as a quoted string, its '"' and '\' escaped, unless it is already one
 *   (Guix's log-timestamp default is "\"%b %d %H:%M:%S \"") or a "<FILE"
 *   (ssl-cert).  What no line can hold (control characters), a section
 *   name that is not one word, or a list element with its separator, is a
 *   located error naming the record and field. */
#include <stdarg.h>
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "dovecot-configuration"
#define OPAQUE "opaque-dovecot-configuration"
#define CONF "dovecot/dovecot.conf" /* under /etc */
#define SETUP "gxsys/dovecot/setup" /* under /etc */
#define KEY "/etc/dovecot/private/default.pem"
#define CERT "/etc/dovecot/default.pem"
#define GUIX_PLUGIN_DIR "/usr/lib/dovecot"
#define DEBIAN_PLUGIN_DIR "/usr/lib/dovecot/modules"

/* How a field is checked and serialized (Guix's field types). */
enum type {
	T_PACKAGE,   /* file-like: not serialized */
	T_STRING,    /* string */
	T_BOOL,      /* boolean: yes/no */
	T_NNI,       /* non-negative-integer */
	T_SPACES,    /* space-separated-string-list ('() left out) */
	T_COMMAS,    /* comma-separated-string-list */
	T_FILE,      /* file-name: an absolute one */
	T_COLONS,    /* colon-separated-file-name-list */
	T_FIELDS,    /* free-form-fields: ((KEY . "VALUE") ...), a line each */
	T_ARGS,      /* free-form-args: "KEY=VALUE KEY=VALUE" */
	T_NAME,      /* a section's name (one word), in its header */
	T_MBOX_NAME, /* a mailbox's name, quoted in its header */
	T_DICT,
	T_PLUGIN,
	T_PASSDBS,
	T_USERDBS,
	T_NAMESPACES,
	T_MAILBOXES,
	T_PROTOCOLS,
	T_SERVICES,
	T_LISTENERS,
};

#define FIELD(name, d, i, s, fn, t) { name, d, i, s, fn, NULL },
#define TYPE(name, d, i, s, fn, t) t,

static struct ev *d_package(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "dovecot", loc);
}

/* A record of RTD with the (FIELD, VALUE) pairs that follow, then NULL;
 * the other fields take their defaults. */
static struct ev *make(struct ev_ctx *c, const char *rtd, struct sx_loc loc, ...)
{
	struct ev *r = ev_record_new(c, ev_find_rtd(rtd), loc);
	const char *field;
	va_list ap;

	va_start(ap, loc);
	while ((field = va_arg(ap, const char *)) != NULL)
		ev_record_set(c, r, field, va_arg(ap, struct ev *));
	va_end(ap);
	return ev_record_fill_defaults(c, r, loc) < 0 ? NULL : r;
}

static struct ev *list(struct ev_ctx *c, struct ev **v, size_t n, struct sx_loc loc)
{
	struct ev *l = ev_nil(c, loc);

	while (n > 0)
		l = ev_cons(c, v[--n], l, loc);
	return l;
}

static struct ev *str(struct ev_ctx *c, const char *s, struct sx_loc loc)
{
	return ev_cstring(c, s, loc);
}

static struct ev *d_dict(struct ev_ctx *c, struct sx_loc loc)
{
	return make(c, "dict-configuration", loc, NULL);
}

static struct ev *d_plugin(struct ev_ctx *c, struct sx_loc loc)
{
	return make(c, "plugin-configuration", loc, NULL);
}

/* Guix's (list (passdb-configuration (driver "pam"))): the passdb's default
 * driver is "shadow" here (no PAM stack). */
static struct ev *d_passdbs(struct ev_ctx *c, struct sx_loc loc)
{
	struct ev *p = make(c, "passdb-configuration", loc, NULL);

	return list(c, &p, 1, loc);
}

static struct ev *d_userdbs(struct ev_ctx *c, struct sx_loc loc)
{
	struct ev *u = make(c, "userdb-configuration", loc, "driver", str(c, "passwd", loc), NULL);

	return list(c, &u, 1, loc);
}

static struct ev *mailbox(struct ev_ctx *c, const char *name, const char *use, struct sx_loc loc)
{
	struct ev *u = str(c, use, loc);

	return make(c, "mailbox-configuration", loc, "name", str(c, name, loc), "special-use",
	            list(c, &u, 1, loc), NULL);
}

/* Guix's default namespace "inbox", Drafts twice as in Guix. */
static struct ev *d_namespaces(struct ev_ctx *c, struct sx_loc loc)
{
	struct ev *boxes[] = {
		mailbox(c, "Drafts", "\\Drafts", loc),      mailbox(c, "Junk", "\\Junk", loc),
		mailbox(c, "Trash", "\\Trash", loc),        mailbox(c, "Sent", "\\Sent", loc),
		mailbox(c, "Sent Messages", "\\Sent", loc), mailbox(c, "Drafts", "\\Drafts", loc),
	};
	struct ev *ns = make(c, "namespace-configuration", loc, "name", str(c, "inbox", loc),
	                     "prefix", str(c, "", loc), "inbox?", ev_bool(c, true, loc),
	                     "mailboxes", list(c, boxes, N(boxes), loc), NULL);

	return list(c, &ns, 1, loc);
}

static struct ev *d_protocols(struct ev_ctx *c, struct sx_loc loc)
{
	struct ev *p = make(c, "protocol-configuration", loc, "name", str(c, "imap", loc), NULL);

	return list(c, &p, 1, loc);
}

static struct ev *inet(struct ev_ctx *c, const char *protocol, long port, bool ssl,
                       struct sx_loc loc)
{
	return make(c, "inet-listener-configuration", loc, "protocol", str(c, protocol, loc),
	            "port", ev_int(c, port, loc), "ssl?", ev_bool(c, ssl, loc), NULL);
}

static struct ev *unix_listener(struct ev_ctx *c, const char *path, const char *mode,
                                struct sx_loc loc)
{
	struct ev *u = make(c, "unix-listener-configuration", loc, "path", str(c, path, loc),
	                    "mode", str(c, mode, loc), NULL);

	return list(c, &u, 1, loc);
}

/* service-configuration KIND with CLIENT, PROCESS limits (-1: the default)
 * and LISTENERS. */
static struct ev *svc(struct ev_ctx *c, const char *kind, long client, long process,
                      struct ev *listeners, struct sx_loc loc)
{
	struct ev *s = make(c, "service-configuration", loc, "kind", str(c, kind, loc), "listeners",
	                    listeners, NULL);

	if (s != NULL && client >= 0)
		ev_record_set(c, s, "client-limit", ev_int(c, client, loc));
	if (s != NULL && process >= 0)
		ev_record_set(c, s, "process-limit", ev_int(c, process, loc));
	return s;
}

/* Guix's default services. */
static struct ev *d_services(struct ev_ctx *c, struct sx_loc loc)
{
	struct ev *imap[] = { inet(c, "imap", 143, false, loc), inet(c, "imaps", 993, true, loc) };
	struct ev *pop3[] = { inet(c, "pop3", 110, false, loc), inet(c, "pop3s", 995, true, loc) };
	struct ev *v[] = {
		svc(c, "imap-login", 0, 0, list(c, imap, N(imap), loc), loc),
		svc(c, "pop3-login", -1, -1, list(c, pop3, N(pop3), loc), loc),
		svc(c, "lmtp", 1, 0, unix_listener(c, "lmtp", "0666", loc), loc),
		svc(c, "imap", 1, 1024, ev_nil(c, loc), loc),
		svc(c, "pop3", 1, 1024, ev_nil(c, loc), loc),
		svc(c, "auth", 0, 1, unix_listener(c, "auth-userdb", "0600", loc), loc),
		svc(c, "auth-worker", 1, 0, ev_nil(c, loc), loc),
		svc(c, "dict", 1, 0, unix_listener(c, "dict", "0600", loc), loc),
	};

	/* auth: (service-count 0) */
	if (v[5] != NULL)
		ev_record_set(c, v[5], "service-count", ev_int(c, 0, loc));
	return list(c, v, N(v), loc);
}

/* clang-format off */
#define DOVECOT_FIELDS(X) \
	X("dovecot", D_FN, 0, NULL, d_package, T_PACKAGE) \
	X("listen", D_STRLIST, 0, "*\n::", NULL, T_COMMAS) \
	X("dict", D_FN, 0, NULL, d_dict, T_DICT) \
	X("passdbs", D_FN, 0, NULL, d_passdbs, T_PASSDBS) \
	X("userdbs", D_FN, 0, NULL, d_userdbs, T_USERDBS) \
	X("plugin-configuration", D_FN, 0, NULL, d_plugin, T_PLUGIN) \
	X("namespaces", D_FN, 0, NULL, d_namespaces, T_NAMESPACES) \
	X("base-dir", D_STRING, 0, "/var/run/dovecot/", NULL, T_FILE) \
	X("login-greeting", D_STRING, 0, "Dovecot ready.", NULL, T_STRING) \
	X("login-trusted-networks", D_NIL, 0, NULL, NULL, T_SPACES) \
	X("login-access-sockets", D_NIL, 0, NULL, NULL, T_SPACES) \
	X("verbose-proctitle?", D_FALSE, 0, NULL, NULL, T_BOOL) \
	X("shutdown-clients?", D_TRUE, 0, NULL, NULL, T_BOOL) \
	X("doveadm-worker-count", D_INT, 0, NULL, NULL, T_NNI) \
	X("doveadm-socket-path", D_STRING, 0, "doveadm-server", NULL, T_STRING) \
	X("import-environment", D_STRLIST, 0, "TZ", NULL, T_SPACES) \
	X("disable-plaintext-auth?", D_TRUE, 0, NULL, NULL, T_BOOL) \
	X("auth-cache-size", D_INT, 0, NULL, NULL, T_NNI) \
	X("auth-cache-ttl", D_STRING, 0, "1 hour", NULL, T_STRING) \
	X("auth-cache-negative-ttl", D_STRING, 0, "1 hour", NULL, T_STRING) \
	X("auth-realms", D_NIL, 0, NULL, NULL, T_SPACES) \
	X("auth-default-realm", D_STRING, 0, "", NULL, T_STRING) \
	X("auth-username-chars", D_STRING, 0, \
	  "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01234567890.-_@", NULL, T_STRING) \
	X("auth-username-translation", D_STRING, 0, "", NULL, T_STRING) \
	X("auth-username-format", D_STRING, 0, "%Lu", NULL, T_STRING) \
	X("auth-master-user-separator", D_STRING, 0, "", NULL, T_STRING) \
	X("auth-anonymous-username", D_STRING, 0, "anonymous", NULL, T_STRING) \
	X("auth-worker-max-count", D_INT, 30, NULL, NULL, T_NNI) \
	X("auth-gssapi-hostname", D_STRING, 0, "", NULL, T_STRING) \
	X("auth-krb5-keytab", D_STRING, 0, "", NULL, T_STRING) \
	X("auth-use-winbind?", D_FALSE, 0, NULL, NULL, T_BOOL) \
	X("auth-winbind-helper-path", D_STRING, 0, "/usr/bin/ntlm_auth", NULL, T_FILE) \
	X("auth-failure-delay", D_STRING, 0, "2 secs", NULL, T_STRING) \
	X("auth-ssl-require-client-cert?", D_FALSE, 0, NULL, NULL, T_BOOL) \
	X("auth-ssl-username-from-cert?", D_FALSE, 0, NULL, NULL, T_BOOL) \
	X("auth-mechanisms", D_STRLIST, 0, "plain", NULL, T_SPACES) \
	X("director-servers", D_NIL, 0, NULL, NULL, T_SPACES) \
	X("director-mail-servers", D_NIL, 0, NULL, NULL, T_SPACES) \
	X("director-user-expire", D_STRING, 0, "15 min", NULL, T_STRING) \
	X("director-username-hash", D_STRING, 0, "%Lu", NULL, T_STRING) \
	X("log-path", D_STRING, 0, "syslog", NULL, T_STRING) \
	X("info-log-path", D_STRING, 0, "", NULL, T_STRING) \
	X("debug-log-path", D_STRING, 0, "", NULL, T_STRING) \
	X("syslog-facility", D_STRING, 0, "mail", NULL, T_STRING) \
	X("auth-verbose?", D_FALSE, 0, NULL, NULL, T_BOOL) \
	X("auth-verbose-passwords", D_STRING, 0, "no", NULL, T_STRING) \
	X("auth-debug?", D_FALSE, 0, NULL, NULL, T_BOOL) \
	X("auth-debug-passwords?", D_FALSE, 0, NULL, NULL, T_BOOL) \
	X("mail-debug?", D_FALSE, 0, NULL, NULL, T_BOOL) \
	X("verbose-ssl?", D_FALSE, 0, NULL, NULL, T_BOOL) \
	X("log-timestamp", D_STRING, 0, "\"%b %d %H:%M:%S \"", NULL, T_STRING) \
	X("login-log-format-elements", D_STRLIST, 0, \
	  "user=<%u>\nmethod=%m\nrip=%r\nlip=%l\nmpid=%e\n%c", NULL, T_SPACES) \
	X("login-log-format", D_STRING, 0, "%$: %s", NULL, T_STRING) \
	X("mail-log-prefix", D_STRING, 0, "\"%s(%u)<%{pid}><%{session}>: \"", NULL, T_STRING) \
	X("deliver-log-format", D_STRING, 0, "msgid=%m: %$", NULL, T_STRING) \
	X("mail-location", D_STRING, 0, "", NULL, T_STRING) \
	X("mail-uid", D_STRING, 0, "", NULL, T_STRING) \
	X("mail-gid", D_STRING, 0, "", NULL, T_STRING) \
	X("mail-privileged-group", D_STRING, 0, "", NULL, T_STRING) \
	X("mail-access-groups", D_STRING, 0, "", NULL, T_STRING) \
	X("mail-full-filesystem-access?", D_FALSE, 0, NULL, NULL, T_BOOL) \
	X("mmap-disable?", D_FALSE, 0, NULL, NULL, T_BOOL) \
	X("dotlock-use-excl?", D_TRUE, 0, NULL, NULL, T_BOOL) \
	X("mail-fsync", D_STRING, 0, "optimized", NULL, T_STRING) \
	X("mail-nfs-storage?", D_FALSE, 0, NULL, NULL, T_BOOL) \
	X("mail-nfs-index?", D_FALSE, 0, NULL, NULL, T_BOOL) \
	X("lock-method", D_STRING, 0, "fcntl", NULL, T_STRING) \
	X("mail-temp-dir", D_STRING, 0, "/tmp", NULL, T_FILE) \
	X("first-valid-uid", D_INT, 500, NULL, NULL, T_NNI) \
	X("last-valid-uid", D_INT, 0, NULL, NULL, T_NNI) \
	X("first-valid-gid", D_INT, 1, NULL, NULL, T_NNI) \
	X("last-valid-gid", D_INT, 0, NULL, NULL, T_NNI) \
	X("mail-max-keyword-length", D_INT, 50, NULL, NULL, T_NNI) \
	X("valid-chroot-dirs", D_NIL, 0, NULL, NULL, T_COLONS) \
	X("mail-chroot", D_STRING, 0, "", NULL, T_STRING) \
	X("auth-socket-path", D_STRING, 0, "/var/run/dovecot/auth-userdb", NULL, T_FILE) \
	X("mail-plugin-dir", D_STRING, 0, GUIX_PLUGIN_DIR, NULL, T_FILE) \
	X("mail-plugins", D_NIL, 0, NULL, NULL, T_SPACES) \
	X("mail-cache-min-mail-count", D_INT, 0, NULL, NULL, T_NNI) \
	X("mailbox-idle-check-interval", D_STRING, 0, "30 secs", NULL, T_STRING) \
	X("mail-save-crlf?", D_FALSE, 0, NULL, NULL, T_BOOL) \
	X("maildir-stat-dirs?", D_FALSE, 0, NULL, NULL, T_BOOL) \
	X("maildir-copy-with-hardlinks?", D_TRUE, 0, NULL, NULL, T_BOOL) \
	X("maildir-very-dirty-syncs?", D_FALSE, 0, NULL, NULL, T_BOOL) \
	X("mbox-read-locks", D_STRLIST, 0, "fcntl", NULL, T_SPACES) \
	X("mbox-write-locks", D_STRLIST, 0, "dotlock\nfcntl", NULL, T_SPACES) \
	X("mbox-lock-timeout", D_STRING, 0, "5 mins", NULL, T_STRING) \
	X("mbox-dotlock-change-timeout", D_STRING, 0, "2 mins", NULL, T_STRING) \
	X("mbox-dirty-syncs?", D_TRUE, 0, NULL, NULL, T_BOOL) \
	X("mbox-very-dirty-syncs?", D_FALSE, 0, NULL, NULL, T_BOOL) \
	X("mbox-lazy-writes?", D_TRUE, 0, NULL, NULL, T_BOOL) \
	X("mbox-min-index-size", D_INT, 0, NULL, NULL, T_NNI) \
	X("mdbox-rotate-size", D_INT, 10000000, NULL, NULL, T_NNI) \
	X("mdbox-rotate-interval", D_STRING, 0, "1d", NULL, T_STRING) \
	X("mdbox-preallocate-space?", D_FALSE, 0, NULL, NULL, T_BOOL) \
	X("mail-attribute-dict", D_STRING, 0, "", NULL, T_STRING) \
	X("mail-attachment-dir", D_STRING, 0, "", NULL, T_STRING) \
	X("mail-attachment-min-size", D_INT, 128000, NULL, NULL, T_NNI) \
	X("mail-attachment-fs", D_STRING, 0, "sis posix", NULL, T_STRING) \
	X("mail-attachment-hash", D_STRING, 0, "%{sha1}", NULL, T_STRING) \
	X("default-process-limit", D_INT, 100, NULL, NULL, T_NNI) \
	X("default-client-limit", D_INT, 1000, NULL, NULL, T_NNI) \
	X("default-vsz-limit", D_INT, 256000000, NULL, NULL, T_NNI) \
	X("default-login-user", D_STRING, 0, "dovenull", NULL, T_STRING) \
	X("default-internal-user", D_STRING, 0, "dovecot", NULL, T_STRING) \
	X("ssl?", D_STRING, 0, "required", NULL, T_STRING) \
	X("ssl-cert", D_STRING, 0, "<" CERT, NULL, T_STRING) \
	X("ssl-key", D_STRING, 0, "<" KEY, NULL, T_STRING) \
	X("ssl-key-password", D_STRING, 0, "", NULL, T_STRING) \
	X("ssl-ca", D_STRING, 0, "", NULL, T_STRING) \
	X("ssl-require-crl?", D_TRUE, 0, NULL, NULL, T_BOOL) \
	X("ssl-verify-client-cert?", D_FALSE, 0, NULL, NULL, T_BOOL) \
	X("ssl-cert-username-field", D_STRING, 0, "commonName", NULL, T_STRING) \
	X("ssl-min-protocol", D_STRING, 0, "TLSv1", NULL, T_STRING) \
	X("ssl-cipher-list", D_STRING, 0, "ALL:!kRSA:!SRP:!kDHd:!DSS:!aNULL:!eNULL:!EXPORT:" \
	  "!DES:!3DES:!MD5:!PSK:!RC4:!ADH:!LOW@STRENGTH", NULL, T_STRING) \
	X("ssl-crypto-device", D_STRING, 0, "", NULL, T_STRING) \
	X("postmaster-address", D_STRING, 0, "postmaster@%d", NULL, T_STRING) \
	X("hostname", D_STRING, 0, "", NULL, T_STRING) \
	X("quota-full-tempfail?", D_FALSE, 0, NULL, NULL, T_BOOL) \
	X("sendmail-path", D_STRING, 0, "/usr/sbin/sendmail", NULL, T_FILE) \
	X("submission-host", D_STRING, 0, "", NULL, T_STRING) \
	X("rejection-subject", D_STRING, 0, "Rejected: %s", NULL, T_STRING) \
	X("rejection-reason", D_STRING, 0, \
	  "Your message to <%t> was automatically rejected:%n%r", NULL, T_STRING) \
	X("recipient-delimiter", D_STRING, 0, "+", NULL, T_STRING) \
	X("lda-original-recipient-header", D_STRING, 0, "", NULL, T_STRING) \
	X("lda-mailbox-autocreate?", D_FALSE, 0, NULL, NULL, T_BOOL) \
	X("lda-mailbox-autosubscribe?", D_FALSE, 0, NULL, NULL, T_BOOL) \
	X("imap-max-line-length", D_INT, 64000, NULL, NULL, T_NNI) \
	X("imap-logout-format", D_STRING, 0, "in=%i out=%o deleted=%{deleted} " \
	  "expunged=%{expunged} trashed=%{trashed} hdr_count=%{fetch_hdr_count} " \
	  "hdr_bytes=%{fetch_hdr_bytes} body_count=%{fetch_body_count} " \
	  "body_bytes=%{fetch_body_bytes}", NULL, T_STRING) \
	X("imap-capability", D_STRING, 0, "", NULL, T_STRING) \
	X("imap-idle-notify-interval", D_STRING, 0, "2 mins", NULL, T_STRING) \
	X("imap-id-send", D_STRING, 0, "", NULL, T_STRING) \
	X("imap-id-log", D_STRING, 0, "", NULL, T_STRING) \
	X("imap-client-workarounds", D_NIL, 0, NULL, NULL, T_SPACES) \
	X("imap-urlauth-host", D_STRING, 0, "", NULL, T_STRING) \
	X("protocols", D_FN, 0, NULL, d_protocols, T_PROTOCOLS) \
	X("services", D_FN, 0, NULL, d_services, T_SERVICES)

#define OPAQUE_FIELDS(X) \
	X("dovecot", D_FN, 0, NULL, d_package, T_PACKAGE) \
	X("string", D_REQUIRED, 0, NULL, NULL, T_STRING)
#define DICT_FIELDS(X) X("entries", D_NIL, 0, NULL, NULL, T_FIELDS)
#define PASSDB_FIELDS(X) \
	X("driver", D_STRING, 0, "shadow", NULL, T_STRING) \
	X("args", D_NIL, 0, NULL, NULL, T_SPACES)
#define USERDB_FIELDS(X) \
	X("driver", D_STRING, 0, "passwd", NULL, T_STRING) \
	X("args", D_NIL, 0, NULL, NULL, T_SPACES) \
	X("override-fields", D_NIL, 0, NULL, NULL, T_ARGS)
#define LISTENER_FIELDS(X) \
	X("path", D_REQUIRED, 0, NULL, NULL, T_NAME) \
	X("mode", D_STRING, 0, "0600", NULL, T_STRING) \
	X("user", D_STRING, 0, "", NULL, T_STRING) \
	X("group", D_STRING, 0, "", NULL, T_STRING)
#define INET_FIELDS(X) \
	X("protocol", D_REQUIRED, 0, NULL, NULL, T_NAME) \
	X("address", D_STRING, 0, "", NULL, T_STRING) \
	X("port", D_REQUIRED, 0, NULL, NULL, T_NNI) \
	X("ssl?", D_TRUE, 0, NULL, NULL, T_BOOL)
#define SERVICE_FIELDS(X) \
	X("kind", D_REQUIRED, 0, NULL, NULL, T_NAME) \
	X("listeners", D_NIL, 0, NULL, NULL, T_LISTENERS) \
	X("client-limit", D_INT, 0, NULL, NULL, T_NNI) \
	X("service-count", D_INT, 1, NULL, NULL, T_NNI) \
	X("process-limit", D_INT, 0, NULL, NULL, T_NNI) \
	X("process-min-avail", D_INT, 0, NULL, NULL, T_NNI) \
	X("vsz-limit", D_INT, 256000000, NULL, NULL, T_NNI)
#define PROTOCOL_FIELDS(X) \
	X("name", D_REQUIRED, 0, NULL, NULL, T_NAME) \
	X("auth-socket-path", D_STRING, 0, "/var/run/dovecot/auth-userdb", NULL, T_STRING) \
	X("mail-plugins", D_STRLIST, 0, "$mail_plugins", NULL, T_SPACES) \
	X("mail-max-userip-connections", D_INT, 10, NULL, NULL, T_NNI) \
	X("imap-metadata?", D_FALSE, 0, NULL, NULL, T_BOOL) \
	X("managesieve-notify-capability", D_NIL, 0, NULL, NULL, T_SPACES) \
	X("managesieve-sieve-capability", D_NIL, 0, NULL, NULL, T_SPACES)
#define MAILBOX_FIELDS(X) \
	X("name", D_REQUIRED, 0, NULL, NULL, T_MBOX_NAME) \
	X("auto", D_STRING, 0, "no", NULL, T_STRING) \
	X("special-use", D_NIL, 0, NULL, NULL, T_SPACES)
#define NAMESPACE_FIELDS(X) \
	X("name", D_REQUIRED, 0, NULL, NULL, T_NAME) \
	X("type", D_STRING, 0, "private", NULL, T_STRING) \
	X("separator", D_STRING, 0, "", NULL, T_STRING) \
	X("prefix", D_STRING, 0, "", NULL, T_STRING) \
	X("location", D_STRING, 0, "", NULL, T_STRING) \
	X("inbox?", D_FALSE, 0, NULL, NULL, T_BOOL) \
	X("hidden?", D_FALSE, 0, NULL, NULL, T_BOOL) \
	X("list?", D_TRUE, 0, NULL, NULL, T_BOOL) \
	X("subscriptions?", D_TRUE, 0, NULL, NULL, T_BOOL) \
	X("mailboxes", D_NIL, 0, NULL, NULL, T_MAILBOXES)
/* clang-format on */

/* A record type with its fields' types and its section's header. */
struct kind {
	struct ev_rtd rtd;
	const enum type *types;
	const char *section; /* "service": "service NAME {"; NULL: no section */
};

#define KIND(var, name, list, section)                                                             \
	static const struct ev_field var##_fields[] = { list(FIELD) };                             \
	static const enum type var##_types[] = { list(TYPE) };                                     \
	static const struct kind var = { { name, var##_fields, N(var##_fields), false },           \
		                         var##_types,                                              \
		                         section }

KIND(k_dovecot, RTD, DOVECOT_FIELDS, NULL);
KIND(k_opaque, OPAQUE, OPAQUE_FIELDS, NULL);
KIND(k_dict, "dict-configuration", DICT_FIELDS, "dict");
KIND(k_plugin, "plugin-configuration", DICT_FIELDS, "plugin");
KIND(k_passdb, "passdb-configuration", PASSDB_FIELDS, "passdb");
KIND(k_userdb, "userdb-configuration", USERDB_FIELDS, "userdb");
KIND(k_unix, "unix-listener-configuration", LISTENER_FIELDS, "unix_listener");
KIND(k_fifo, "fifo-listener-configuration", LISTENER_FIELDS, "fifo_listener");
KIND(k_inet, "inet-listener-configuration", INET_FIELDS, "inet_listener");
KIND(k_service, "service-configuration", SERVICE_FIELDS, "service");
KIND(k_protocol, "protocol-configuration", PROTOCOL_FIELDS, "protocol");
KIND(k_mailbox, "mailbox-configuration", MAILBOX_FIELDS, "mailbox");
KIND(k_namespace, "namespace-configuration", NAMESPACE_FIELDS, "namespace");

const struct ev_rtd *const svc_dovecot_records[] = {
	&k_dovecot.rtd,  &k_opaque.rtd,  &k_dict.rtd,      &k_plugin.rtd, &k_passdb.rtd,
	&k_userdb.rtd,   &k_unix.rtd,    &k_fifo.rtd,      &k_inet.rtd,   &k_service.rtd,
	&k_protocol.rtd, &k_mailbox.rtd, &k_namespace.rtd, NULL,
};

static const struct kind *const kinds[] = {
	&k_dovecot, &k_opaque, &k_dict,    &k_plugin,   &k_passdb,  &k_userdb,    &k_unix,
	&k_fifo,    &k_inet,   &k_service, &k_protocol, &k_mailbox, &k_namespace,
};

static const struct kind *kind_of(const struct ev *rec)
{
	for (size_t i = 0; i < N(kinds); i++)
		if (rec->u.rec->rtd == &kinds[i]->rtd)
			return kinds[i];
	return NULL;
}

/* ---- values ---- */

/* Whether dovecot's parser reads S, written after "key=", back as it is:
 * it trims white space, cuts a comment at '#', unquotes a quoted string,
 * and joins a line ending with '\' to the next. */
static bool reads_back(const char *s)
{
	size_t len = strlen(s);

	return len == 0 || (s[0] != ' ' && s[len - 1] != ' ' && s[len - 1] != '\\' &&
	                    strpbrk(s, "#\"'") == NULL);
}

/* S is a quoted string dovecot reads (its inner quotes escaped). */
static bool quoted(const char *s)
{
	size_t len = strlen(s);

	if (len < 2 || (s[0] != '"' && s[0] != '\'') || s[len - 1] != s[0])
		return false;
	for (size_t i = 1; i < len - 1; i++) {
		if (s[i] == '\\' && i + 1 < len - 1)
			i++;
		else if (s[i] == '\\' || s[i] == s[0])
			return false;
	}
	return true;
}

/* "key=value\n", the value quoted when dovecot would not read it back. */
static void put(struct gx_buf *b, const char *key, const char *v)
{
	gx_buf_printf(b, "%s=", key);
	if (reads_back(v) || quoted(v) || (v[0] == '<' && reads_back(v + 1))) {
		gx_buf_puts(b, v);
	} else {
		gx_buf_puts(b, "\"");
		for (; *v; v++)
			gx_buf_printf(b, "%s%c", *v == '"' || *v == '\\' ? "\\" : "", *v);
		gx_buf_puts(b, "\"");
	}
	gx_buf_puts(b, "\n");
}

/* One word of a section header: "service WORD {". */
static bool word_ok(const struct ev *v)
{
	return v->type == EV_STRING && v->u.str.len > 0 &&
	       !gx_has_control(v->u.str.s, v->u.str.len) && !svc_has_space(v->u.str.s) &&
	       strpbrk(v->u.str.s, "\"'#{}\\") == NULL;
}

/* A free-form key: a symbol of letters, digits, '-', '_', '.' (and a
 * trailing '?', which Guix drops). */
static bool key_ok(const struct ev *v)
{
	const char *s = v->u.str.s;
	size_t n;

	if (v->type != EV_SYMBOL || v->u.str.len == 0 || strlen(s) != v->u.str.len)
		return false;
	n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");
	return n > 0 && (s[n] == '\0' || (s[n] == '?' && s[n + 1] == '\0'));
}

/* FIELD of REC, a list of strings without SEP (NULL: white space) nor
 * control characters (FILES: each an absolute file name), joined by JOIN. */
static int joined(struct ev_ctx *c, const struct ev *rec, const char *field, const char *sep,
                  bool files, const char *join, const char **out)
{
	const struct ev *l = ev_record_get(rec, field);
	const char *expected =
	        files         ? "a list of absolute file names without ':' or control characters"
	        : sep == NULL ? "a list of strings without white space or control characters"
	                      : "a list of strings without ',' or control characters";
	struct gx_buf b = GX_BUF_INIT;

	if (!ev_is_list(l))
		return svc_bad_field(c, rec, field, expected);
	for (const struct ev *p = l; p->type == EV_PAIR; p = p->u.pair.cdr) {
		const struct ev *s = p->u.pair.car;

		if (s->type != EV_STRING || gx_has_control(s->u.str.s, s->u.str.len) ||
		    (sep == NULL ? svc_has_space(s->u.str.s) : strstr(s->u.str.s, sep) != NULL) ||
		    (files && s->u.str.s[0] != '/')) {
			gx_buf_free(&b);
			return svc_bad_field(c, rec, field, expected);
		}
		gx_buf_printf(&b, "%s%s", p == l ? "" : join, s->u.str.s);
	}
	*out = gx_arena_printf(c->arena, "%s", b.data ? b.data : "");
	gx_buf_free(&b);
	return 0;
}

/* free-form-fields (a line each) or free-form-args (one value). */
static int free_form(struct ev_ctx *c, const struct ev *rec, const char *field, bool args,
                     struct gx_buf *b)
{
	const struct ev *l = ev_record_get(rec, field);
	const char *expected =
	        args ? "a list of (KEY . \"VALUE\") pairs, KEY a symbol of letters, digits, "
	               "'-', '_' and '.', VALUE without white space or control characters"
	             : "a list of (KEY . \"VALUE\") pairs, KEY a symbol of letters, digits, "
	               "'-', '_' and '.', VALUE without control characters";
	struct gx_buf v = GX_BUF_INIT;

	if (!ev_is_list(l))
		return svc_bad_field(c, rec, field, expected);
	for (const struct ev *p = l; p->type == EV_PAIR; p = p->u.pair.cdr) {
		const struct ev *e = p->u.pair.car;

		if (e->type != EV_PAIR || !key_ok(e->u.pair.car) ||
		    e->u.pair.cdr->type != EV_STRING ||
		    gx_has_control(e->u.pair.cdr->u.str.s, e->u.pair.cdr->u.str.len) ||
		    (args && svc_has_space(e->u.pair.cdr->u.str.s))) {
			gx_buf_free(&v);
			return svc_bad_field(c, rec, field, expected);
		}
		if (args)
			gx_buf_printf(&v, "%s%s=%s", p == l ? "" : " ",
			              svc_uglify(c, e->u.pair.car->u.str.s),
			              e->u.pair.cdr->u.str.s);
		else
			put(b, svc_uglify(c, e->u.pair.car->u.str.s), e->u.pair.cdr->u.str.s);
	}
	if (args)
		put(b, svc_uglify(c, field), v.data ? v.data : "");
	gx_buf_free(&v);
	return 0;
}

static int record(struct ev_ctx *c, const struct ev *rec, struct gx_buf *b);

/* FIELD of REC, a list of records of the kinds K1 (or K2, K3), each a
 * section.  PROTOCOLS: "protocols=NAMES" first. */
static int records(struct ev_ctx *c, const struct ev *rec, const char *field,
                   const struct kind *const *ks, size_t nk, const char *expected, struct gx_buf *b)
{
	const struct ev *l = ev_record_get(rec, field);

	if (!ev_is_list(l))
		return svc_bad_field(c, rec, field, expected);
	for (const struct ev *p = l; p->type == EV_PAIR; p = p->u.pair.cdr) {
		const struct kind *k =
		        p->u.pair.car->type == EV_RECORD ? kind_of(p->u.pair.car) : NULL;
		bool ok = false;

		for (size_t i = 0; i < nk; i++)
			ok = ok || k == ks[i];
		if (!ok)
			return ev_failn(c, svc_field_loc(rec, field, rec->loc),
			                "%s: field '%s': expected %s, got %s",
			                rec->u.rec->rtd->name, field, expected,
			                ev_repr(c, p->u.pair.car));
	}
	if (strcmp(field, "protocols") == 0) {
		struct gx_buf names = GX_BUF_INIT;

		for (const struct ev *p = l; p->type == EV_PAIR; p = p->u.pair.cdr) {
			const struct ev *n = ev_record_get(p->u.pair.car, "name");

			if (!word_ok(n)) {
				gx_buf_free(&names);
				return svc_bad_field(c, p->u.pair.car, "name",
				                     "a protocol name (one word, without quotes, "
				                     "'#', braces or backslashes)");
			}
			gx_buf_printf(&names, "%s%s", p == l ? "" : " ", n->u.str.s);
		}
		put(b, "protocols", names.data ? names.data : "");
		gx_buf_free(&names);
	}
	for (const struct ev *p = l; p->type == EV_PAIR; p = p->u.pair.cdr)
		if (record(c, p->u.pair.car, b) < 0)
			return -1;
	return 0;
}

/* A sub-record field of REC (dict, plugin-configuration). */
/* A list of records of kind K only. */
static int records_of(struct ev_ctx *c, const struct ev *rec, const char *field,
                      const struct kind *k, struct gx_buf *b)
{
	return records(c, rec, field, &k, 1, gx_arena_printf(c->arena, "a list of %s", k->rtd.name),
	               b);
}

static int one_record(struct ev_ctx *c, const struct ev *rec, const char *field,
                      const struct kind *k, struct gx_buf *b)
{
	const struct ev *v = ev_record_get(rec, field);

	if (v->type != EV_RECORD || kind_of(v) != k)
		return svc_bad_field(c, rec, field, gx_arena_printf(c->arena, "a %s", k->rtd.name));
	return record(c, v, b);
}

/* A section's name, the first field of REC. */
static int section_name(struct ev_ctx *c, const struct ev *rec, const struct kind *k,
                        struct gx_buf *b)
{
	const char *field = k->rtd.fields[0].name;
	const struct ev *v = ev_record_get(rec, field);

	if (k->types[0] == T_MBOX_NAME) {
		if (v->type != EV_STRING || v->u.str.len == 0 ||
		    gx_has_control(v->u.str.s, v->u.str.len) || strpbrk(v->u.str.s, "\"\\") != NULL)
			return svc_bad_field(c, rec, field,
			                     "a mailbox name (not empty, without quotes, "
			                     "backslashes or control characters)");
		gx_buf_printf(b, "%s \"%s\" {\n", k->section, v->u.str.s);
		return 0;
	}
	if (!word_ok(v))
		return svc_bad_field(c, rec, field,
		                     "one word (not empty, without white space, control "
		                     "characters, quotes, '#', braces or backslashes)");
	gx_buf_printf(b, "%s %s {\n", k->section, v->u.str.s);
	return 0;
}

static int scalar(struct ev_ctx *c, const struct ev *rec, size_t i, enum type t, struct gx_buf *b)
{
	const char *field = rec->u.rec->rtd->fields[i].name, *s;
	const struct ev *v = rec->u.rec->values[i];
	long n;
	bool yes;

	switch (t) {
	case T_STRING:
	case T_FILE:
		if (v->type != EV_STRING || gx_has_control(v->u.str.s, v->u.str.len) ||
		    (t == T_FILE && v->u.str.s[0] != '/'))
			return svc_bad_field(c, rec, field,
			                     t == T_FILE ? "an absolute file name without "
			                                   "control characters"
			                                 : "a string without control characters");
		s = v->u.str.s;
		/* Debian's plugins are not where Guix's default says */
		if (strcmp(field, "mail-plugin-dir") == 0 && strcmp(s, GUIX_PLUGIN_DIR) == 0 &&
		    rec->u.rec->locs[i].file == NULL)
			s = DEBIAN_PLUGIN_DIR;
		put(b, svc_uglify(c, field), s);
		return 0;
	case T_BOOL:
		if (ev_get_bool(c, rec, field, &yes) < 0)
			return -1;
		put(b, svc_uglify(c, field), yes ? "yes" : "no");
		return 0;
	case T_NNI:
		if (v->type != EV_INT || v->u.i < 0)
			return svc_bad_field(c, rec, field, "a non-negative integer");
		if (strcmp(field, "port") == 0 && ev_get_int(c, rec, field, 0, 65535, &n) < 0)
			return -1;
		gx_buf_printf(b, "%s=%lld\n", svc_uglify(c, field), (long long)v->u.i);
		return 0;
	case T_SPACES:
		if (joined(c, rec, field, NULL, false, " ", &s) < 0)
			return -1;
		if (*s != '\0')
			put(b, svc_uglify(c, field), s);
		return 0;
	case T_COMMAS:
	case T_COLONS:
		if (joined(c, rec, field, t == T_COMMAS ? "," : ":", t == T_COLONS,
		           t == T_COMMAS ? "," : ":", &s) < 0)
			return -1;
		put(b, svc_uglify(c, field), s);
		return 0;
	case T_FIELDS:
	case T_ARGS:
		return free_form(c, rec, field, t == T_ARGS, b);
	case T_PACKAGE:
	case T_NAME:
	case T_MBOX_NAME:
	case T_DICT:
	case T_PLUGIN:
	case T_PASSDBS:
	case T_USERDBS:
	case T_NAMESPACES:
	case T_MAILBOXES:
	case T_PROTOCOLS:
	case T_SERVICES:
	case T_LISTENERS:
	default:
		return 0;
	}
}

static int field(struct ev_ctx *c, const struct ev *rec, size_t i, enum type t, struct gx_buf *b)
{
	static const struct kind *const listeners[] = { &k_unix, &k_fifo, &k_inet };
	const char *name = rec->u.rec->rtd->fields[i].name;

	switch (t) {
	case T_PACKAGE:
		return svc_package(c, rec, name) == NULL ? -1 : 0;
	case T_DICT:
		return one_record(c, rec, name, &k_dict, b);
	case T_PLUGIN:
		return one_record(c, rec, name, &k_plugin, b);
	case T_PASSDBS:
		return records_of(c, rec, name, &k_passdb, b);
	case T_USERDBS:
		return records_of(c, rec, name, &k_userdb, b);
	case T_NAMESPACES:
		return records_of(c, rec, name, &k_namespace, b);
	case T_MAILBOXES:
		return records_of(c, rec, name, &k_mailbox, b);
	case T_PROTOCOLS:
		return records_of(c, rec, name, &k_protocol, b);
	case T_SERVICES:
		return records_of(c, rec, name, &k_service, b);
	case T_LISTENERS:
		return records(c, rec, name, listeners, N(listeners),
		               "a list of unix-listener-configuration, "
		               "fifo-listener-configuration or inet-listener-configuration",
		               b);
	case T_STRING:
	case T_BOOL:
	case T_NNI:
	case T_SPACES:
	case T_COMMAS:
	case T_FILE:
	case T_COLONS:
	case T_FIELDS:
	case T_ARGS:
	case T_NAME:
	case T_MBOX_NAME:
	default:
		return scalar(c, rec, i, t, b);
	}
}

/* What gxsys checks beyond Guix's types: no PAM; the accounts a setting
 * names are declared. */
static int gxsys_checks(struct ev_ctx *c, const struct ev *rec, const struct kind *k)
{
	static const char *const accounts[][2] = {
		{ "user", "u" },
		{ "group", "g" },
		{ "mail-uid", "u" },
		{ "mail-gid", "g" },
		{ "default-login-user", "u" },
		{ "default-internal-user", "u" },
	};

	if (k == &k_passdb) {
		const struct ev *d = ev_record_get(rec, "driver");

		if (d->type == EV_STRING && strcmp(d->u.str.s, "pam") == 0)
			return ev_failn(c, svc_field_loc(rec, "driver", rec->loc),
			                "passdb-configuration: field 'driver': \"pam\" is not "
			                "supported by gxsys: a gxsys system has no PAM stack, and "
			                "dovecot would refuse every login; use \"shadow\" (the "
			                "default here: the system's accounts and passwords) or "
			                "\"passwd-file\" with args");
	}
	for (size_t i = 0; i < N(accounts); i++) {
		const struct ev *v = ev_record_get(rec, accounts[i][0]);

		/* "" is dovecot's default; "$default_internal_user" a variable */
		if (v != NULL && v->type == EV_STRING && v->u.str.s[0] != '\0' &&
		    v->u.str.s[0] != '$')
			osb_require_account(c, v->u.str.s, accounts[i][1][0] == 'g',
			                    gx_arena_printf(c->arena, "%s: field '%s'", k->rtd.name,
			                                    accounts[i][0]),
			                    svc_field_loc(rec, accounts[i][0], rec->loc));
	}
	return 0;
}

/* REC's fields, as Guix's serialize-configuration writes them; a section
 * for a sub-record. */
static int record(struct ev_ctx *c, const struct ev *rec, struct gx_buf *b)
{
	const struct kind *k = kind_of(rec);
	size_t i = 0;

	if (gxsys_checks(c, rec, k) < 0)
		return -1;
	if (k->section != NULL && (k->types[0] == T_NAME || k->types[0] == T_MBOX_NAME)) {
		if (section_name(c, rec, k, b) < 0)
			return -1;
		i = 1;
	} else if (k->section != NULL) {
		gx_buf_printf(b, "%s {\n", k->section);
	}
	for (; i < k->rtd.n_fields; i++)
		if (field(c, rec, i, k->types[i], b) < 0)
			return -1;
	if (k->section != NULL)
		gx_buf_puts(b, "}\n");
	return 0;
}

/* ---- the service ---- */

/* Guix's activation: the self-signed certificate when absent. */
static void setup_script(struct gx_buf *b)
{
	gx_buf_puts(
	        b, "#!/bin/sh\n"
	           "# Generated by gxsys (dovecot-service-type): Guix's activation of dovecot,\n"
	           "# a self-signed certificate and its key when absent.\n"
	           "host=$(cat /proc/sys/kernel/hostname)\n"
	           "# escape '=' and '/' in the subject's values, as Guix does\n"
	           "cn=$(printf '%s' \"Dovecot service on $host\" | sed 's|[=/]|\\\\&|g')\n"
	           "if [ ! -e " KEY " ]; then\n"
	           "\tif /usr/bin/openssl genrsa -out " KEY " 2048; then\n"
	           "\t\tchown root:root " KEY " && chmod 400 " KEY "\n"
	           "\telse\n"
	           "\t\techo \"Failed to create private key at " KEY ".\" >&2\n"
	           "\tfi\n"
	           "fi\n"
	           "if [ ! -e " CERT " ]; then\n"
	           "\tif /usr/bin/openssl req -new -x509 -key " KEY " -out " CERT " -days 3650 \\\n"
	           "\t\t-batch -subj \"/CN=$cn/O=Guix/OU=Default Self-Signed Certificate\"; then\n"
	           "\t\tchown root:root " CERT " && chmod 444 " CERT "\n"
	           "\telse\n"
	           "\t\techo \"Failed to create public key at " CERT ".\" >&2\n"
	           "\tfi\n"
	           "fi\n"
	           "exit 0\n");
}

/* %dovecot-accounts and the activation's directories. */
static int accounts_and_dirs(struct ev_ctx *c, const struct svc_instance *s)
{
	osb_add_system_group(c, "dovecot");
	osb_add_system_group(c, "dovenull");
	if (osb_add_system_account(c, "dovecot", "dovecot", "Dovecot daemon user", "/var/empty",
	                           s->loc) < 0 ||
	    osb_add_system_account(c, "dovenull", "dovenull", "Dovecot daemon login user",
	                           "/var/empty", s->loc) < 0)
		return -1;
	osb_add_dir(c, "/var/run/dovecot", "dovecot", "dovecot", 0755);
	osb_add_dir(c, "/var/lib/dovecot", "dovecot", "dovecot", 0755);
	osb_add_dir(c, "/etc/dovecot", "dovecot", "dovecot", 0755);
	osb_add_dir(c, "/etc/dovecot/private", "dovecot", "dovecot", 0700);
	return 0;
}

/* dovecot.conf's text: the opaque string, or the serialized record. */
static int conf_text(struct ev_ctx *c, const struct ev *cfg, struct gx_buf *b)
{
	const char *s;

	if (ev_record_is(cfg, RTD))
		return record(c, cfg, b);
	if (ev_get_string(c, cfg, "string", &s) < 0)
		return -1;
	gx_buf_puts(b, s);
	return 0;
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	const struct ev *cfg = s->value;
	struct gx_buf b = GX_BUF_INIT;
	struct os_service *o;
	const char *prefix;
	struct ev *pkg;
	int r;

	if (!ev_record_is(cfg, RTD) && !ev_record_is(cfg, OPAQUE))
		return ev_failn(c, cfg->loc,
		                "dovecot-service-type: expected a " RTD " or an " OPAQUE ", got %s",
		                ev_repr(c, cfg));
	if (svc_refuse_extensions(c, s) < 0 || (pkg = svc_package(c, cfg, "dovecot")) == NULL ||
	    (prefix = osb_path_of(c, pkg, s->loc)) == NULL)
		return -1;
	r = conf_text(c, cfg, &b);
	if (r == 0)
		r = osb_add_file(c, CONF, b.data ? b.data : "", b.len, 0444, NULL, cfg->loc);
	gx_buf_free(&b);
	if (r < 0)
		return -1;
	setup_script(&b);
	r = osb_add_file(c, SETUP, b.data, b.len, 0555, NULL, cfg->loc);
	gx_buf_free(&b);
	if (r < 0 || accounts_and_dirs(c, s) < 0)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);
	osb_add_package(c, "openssl", NULL, false, s->loc);
	{
		const char *argv[] = { gx_arena_printf(c->arena, "%s/bin/doveconf", prefix), "-n",
			               "-c", "/etc/" CONF, NULL };

		osb_add_check(c, argv, ev_record_is(cfg, RTD) ? RTD : OPAQUE ": field 'string'",
		              cfg->loc);
	}

	o = osb_add_service(c, "dovecot-service-type", s->loc);
	o->provision = svc_split(c, "dovecot-setup");
	o->requirement = svc_split(c, "user-processes");
	o->documentation = "Make dovecot's self-signed certificate when absent (Guix's "
	                   "activation).";
	o->one_shot = true;
	o->respawn = false;
	o->argv = svc_split(c, "/etc/" SETUP);

	o = osb_add_service(c, "dovecot-service-type", s->loc);
	o->provision = svc_split(c, "dovecot");
	o->requirement = svc_split(c, "networking dovecot-setup");
	o->documentation = "Run the Dovecot POP3/IMAP mail server.";
	{
		const char *argv[] = { gx_arena_printf(c->arena, "%s/sbin/dovecot", prefix), "-F" };

		svc_set_argv(c, o, argv, N(argv));
	}
	return 0;
}

const struct svc_def svc_dovecot = {
	"dovecot-service-type",
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
