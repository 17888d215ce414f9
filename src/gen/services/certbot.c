/* svc: certbot-service-type (gnu/services/certbot.scm): certificates from
 * Let's Encrypt (or any ACME server) renewed by certbot, as Guix's.  Guix's
 * certbot-configuration (package, webroot, certificates, email, server,
 * rsa-key-size, default-location) and certificate-configuration (name,
 * domains, challenge, csr, authentication-hook, cleanup-hook, deploy-hook,
 * start-self-signed?) records with Guix's defaults; other services extend
 * the type with lists of certificate-configuration, appended.
 *
 * What it makes, as Guix does:
 * - an nginx server per certificate on port 80 for its domains: the ACME
 *   challenge (location /.well-known, root WEBROOT; not for a certificate
 *   with a `challenge` of its own) and default-location (a redirection to
 *   https by default);
 * - /etc/gxsys/certbot/certbot-command, Guix's certbot-command as a POSIX
 *   sh script: for each certificate, `certbot certonly` with webroot or
 *   manual challenge; exit 0, 1 when one failed, 2 on a connection error;
 * - a deploy hook per certificate (/etc/gxsys/certbot/NAME-deploy-hook):
 *   /etc/certs/NAME/privkey.pem and fullchain.pem become links into
 *   /etc/letsencrypt/live/NAME, nginx reloads, the user's hook runs;
 * - services: the timer certbot-certificate-renewal (minute 22 of hours 0
 *   and 12) and the one-shot renew-certbot-certificates at boot, which
 *   retries a connection error 12 times, 10 s apart; both need nginx.
 * - Guix's activation: the webroot, /var/lib/certbot and
 *   /etc/letsencrypt/live, and, for start-self-signed? certificates, a
 *   self-signed certificate in /etc/certs/NAME when there is none, so nginx
 *   can start before the first issuance.  gxsys runs no activation code:
 *   that is the one-shot service certbot-self-signed, which nginx requires.
 *
 * Where gxsys differs: hooks are strings (a shell command line, as certbot
 * takes them) or file-like objects with contents (plain-file, local-file,
 * mixed-text-file), run by /bin/sh; Guix's program-file (Guile code) is
 * not supported. */
#include <string.h>

#include "launcher.h"
#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "certbot-configuration"
#define CERT "certificate-configuration"
#define DIR "gxsys/certbot" /* under /etc */
#define COMMAND "/etc/" DIR "/certbot-command"

/* Guix's default subject of the self-signed certificates, the domain
 * appended. */
#define SUBJECT "/C=US/ST=Oregon/L=Portland/O=Company Name/OU=Org/CN="

static const char renewal_event[] = "#~(calendar-event #:minutes '(22) #:hours '(0 12))";

static struct ev *d_package(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "certbot", loc);
}

/* A new record each time: a field's value is the user's to inherit from. */
static struct ev *d_default_location(struct ev_ctx *c, struct sx_loc loc)
{
	struct ev *l = ev_record_new(c, ev_find_rtd("nginx-location-configuration"), loc);

	if (ev_record_set(c, l, "uri", ev_cstring(c, "/", loc)) < 0 ||
	    ev_record_set(c, l, "body",
	                  ev_strlist(c, "return 301 https://$host$request_uri;", loc)) < 0 ||
	    ev_record_fill_defaults(c, l, loc) < 0)
		return NULL;
	return l;
}

static const struct ev_field fields[] = {
	{ "package", D_FN, 0, NULL, d_package, NULL },
	{ "webroot", D_STRING, 0, "/var/www", NULL, NULL },
	{ "certificates", D_NIL, 0, NULL, NULL, NULL },
	{ "email", D_FALSE, 0, NULL, NULL, NULL },
	{ "server", D_FALSE, 0, NULL, NULL, NULL },
	{ "rsa-key-size", D_FALSE, 0, NULL, NULL, NULL },
	{ "default-location", D_FN, 0, NULL, d_default_location, NULL },
};

static const struct ev_field cert_fields[] = {
	{ "name", D_FALSE, 0, NULL, NULL, NULL },
	{ "domains", D_NIL, 0, NULL, NULL, NULL },
	{ "challenge", D_FALSE, 0, NULL, NULL, NULL },
	{ "csr", D_FALSE, 0, NULL, NULL, NULL },
	{ "authentication-hook", D_FALSE, 0, NULL, NULL, NULL },
	{ "cleanup-hook", D_FALSE, 0, NULL, NULL, NULL },
	{ "deploy-hook", D_FALSE, 0, NULL, NULL, NULL },
	{ "start-self-signed?", D_TRUE, 0, NULL, NULL, NULL },
};

static const struct ev_rtd rtd = { RTD, fields, N(fields), false };
static const struct ev_rtd cert_rtd = { CERT, cert_fields, N(cert_fields), false };

const struct ev_rtd *const svc_certbot_records[] = { &rtd, &cert_rtd, NULL };

/* A certificate, checked. */
struct cert {
	const char *name;
	const char **domains; /* at least one */
	const char *challenge, *csr;
	const char *auth_hook, *cleanup_hook, *deploy_hook; /* shell command lines, or NULL */
	bool self_signed;
	struct cert *next;
};

/* The configuration, checked, with every certificate (the extensions'
 * appended). */
struct certbot {
	const char *certbot; /* the program */
	const char *webroot, *email, *server, *rsa_key_size;
	struct ev *default_location; /* or NULL */
	struct cert *certs, **tail;
	bool any_self_signed;
};

static bool in_set(const char *s, const char *set)
{
	return *s != '\0' && s[strspn(s, set)] == '\0';
}

#define ALNUM "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

/* A domain as certbot's -d takes it (a wildcard with a dns challenge). */
static bool domain_ok(const char *s)
{
	return in_set(s, ALNUM "-._*") && s[0] != '.' && s[0] != '-';
}

/* A certificate's name: a file name under /etc/certs and /etc/letsencrypt/live. */
static bool name_ok(const char *s)
{
	return in_set(s, ALNUM "-._") && s[0] != '.' && s[0] != '-';
}

/* FIELD: #f, or a string without control characters. */
static int opt_string(struct ev_ctx *c, const struct ev *rec, const char *field,
                      const char *expected, const char **out)
{
	const struct ev *v = ev_record_get(rec, field);

	*out = NULL;
	if (v->type == EV_BOOL && !v->u.b)
		return 0;
	if (v->type != EV_STRING || v->u.str.len == 0 || gx_has_control(v->u.str.s, v->u.str.len))
		return svc_bad_field(c, rec, field, expected);
	*out = v->u.str.s;
	return 0;
}

/* A hook: #f, a shell command line, or a file-like object with contents,
 * run by /bin/sh. */
static int hook(struct ev_ctx *c, const struct ev *rec, const char *field, const char **out)
{
	static const char expected[] =
	        "#f, a shell command line (a string without control characters) or a "
	        "file-like object (plain-file, local-file, mixed-text-file) holding a shell "
	        "script";
	const struct ev *v = ev_record_get(rec, field);
	struct gx_buf b = GX_BUF_INIT;
	const char *path;

	if (v->type != EV_FILE)
		return opt_string(c, rec, field, expected, out);
	if ((path = svc_file_with_contents(c, rec, field, ev_record_loc(rec, field))) == NULL)
		return -1;
	gx_buf_puts(&b, "/bin/sh ");
	launch_sh_quote(&b, path);
	*out = gx_arena_printf(c->arena, "%s", b.data);
	gx_buf_free(&b);
	return 0;
}

static int add_cert(struct ev_ctx *c, struct certbot *cb, const struct ev *rec, struct sx_loc at,
                    const char *who)
{
	struct cert *ct;
	const char *domain_expect = "a non-empty list of domain names (letters, digits, '-', "
	                            "'.', '_', and '*' for a wildcard)";
	const struct ev *v;

	if (!ev_record_is(rec, CERT))
		return ev_failn(c, rec->loc.file ? rec->loc : at,
		                "%s: expected a list of " CERT ", got %s", who, ev_repr(c, rec));
	ct = gx_arena_alloc(c->arena, sizeof(*ct));
	memset(ct, 0, sizeof(*ct));
	if (ev_get_strings(c, rec, "domains", &ct->domains) < 0)
		return -1;
	if (ct->domains[0] == NULL)
		return svc_bad_field(c, rec, "domains", domain_expect);
	for (size_t i = 0; ct->domains[i] != NULL; i++)
		if (!domain_ok(ct->domains[i]))
			return ev_failn(c, ev_record_loc(rec, "domains"),
			                CERT
			                ": field 'domains': invalid domain name \"%s\" (expected "
			                "%s)",
			                ct->domains[i], domain_expect);
	v = ev_record_get(rec, "name");
	if (v->type == EV_BOOL && !v->u.b)
		ct->name = ct->domains[0];
	else if (v->type == EV_STRING && strlen(v->u.str.s) == v->u.str.len && name_ok(v->u.str.s))
		ct->name = v->u.str.s;
	else
		return svc_bad_field(
		        c, rec, "name",
		        "#f or a certificate name (letters, digits, '-', '.', '_', not "
		        "starting with '.' or '-')");
	if (!name_ok(ct->name))
		return ev_failn(c, ev_record_loc(rec, "domains"),
		                CERT ": the certificate's name would be its first domain \"%s\", "
		                     "which is no file name: give it a name",
		                ct->name);
	for (const struct cert *o = cb->certs; o != NULL; o = o->next)
		if (strcmp(o->name, ct->name) == 0)
			return ev_failn(c, rec->loc.file ? rec->loc : at,
			                CERT ": two certificates are named \"%s\"", ct->name);
	v = ev_record_get(rec, "challenge");
	if (!(v->type == EV_BOOL && !v->u.b) &&
	    (v->type != EV_STRING || strlen(v->u.str.s) != v->u.str.len ||
	     !in_set(v->u.str.s, "abcdefghijklmnopqrstuvwxyz0123456789-")))
		return svc_bad_field(c, rec, "challenge",
		                     "#f or a challenge type such as \"dns-01\"");
	ct->challenge = v->type == EV_STRING ? v->u.str.s : NULL;
	if (svc_path_or_false(c, rec, "csr", &ct->csr) < 0 ||
	    hook(c, rec, "authentication-hook", &ct->auth_hook) < 0 ||
	    hook(c, rec, "cleanup-hook", &ct->cleanup_hook) < 0 ||
	    hook(c, rec, "deploy-hook", &ct->deploy_hook) < 0 ||
	    ev_get_bool(c, rec, "start-self-signed?", &ct->self_signed) < 0)
		return -1;
	cb->any_self_signed |= ct->self_signed;
	*cb->tail = ct;
	cb->tail = &ct->next;
	return 0;
}

static int add_certs(struct ev_ctx *c, struct certbot *cb, const struct ev *list, struct sx_loc at,
                     const char *who)
{
	if (!ev_is_list(list))
		return ev_failn(c, at, "%s: expected a list of " CERT ", got %s", who,
		                ev_repr(c, list));
	for (const struct ev *p = list; p->type == EV_PAIR; p = p->u.pair.cdr)
		if (add_cert(c, cb, p->u.pair.car, at, who) < 0)
			return -1;
	return 0;
}

/* S's configuration, checked, or NULL after an error.  Each extension of
 * the type computes it: the nginx extension and the expansion. */
static struct certbot *certbot(struct ev_ctx *c, const struct svc_instance *s)
{
	const struct ev *cfg = s->value, *v;
	struct certbot *cb;
	struct ev *pkg;
	const char *prefix;
	long size;

	if (svc_check_value(c, s, "a") < 0)
		return NULL;
	cb = gx_arena_alloc(c->arena, sizeof(*cb));
	memset(cb, 0, sizeof(*cb));
	cb->tail = &cb->certs;
	if ((pkg = svc_package(c, cfg, "package")) == NULL ||
	    (prefix = osb_path_of(c, pkg, s->loc)) == NULL ||
	    ev_get_string(c, cfg, "webroot", &cb->webroot) < 0)
		return NULL;
	cb->certbot = gx_arena_printf(c->arena, "%s/bin/certbot", prefix);
	if (!svc_path_ok(cb->webroot, ";{}\"'\\$#"))
		return svc_bad_field(c, cfg, "webroot",
		                     "an absolute path without white space, control characters, "
		                     "\".\" and \"..\" components or any of ;{}\"'\\$#"),
		       NULL;
	if (opt_string(c, cfg, "email", "#f or an e-mail address", &cb->email) < 0 ||
	    opt_string(c, cfg, "server", "#f or the URL of an ACME directory", &cb->server) < 0)
		return NULL;
	if (cb->email != NULL && svc_has_space(cb->email))
		return svc_bad_field(c, cfg, "email", "#f or an e-mail address"), NULL;
	if (cb->server != NULL && svc_has_space(cb->server))
		return svc_bad_field(c, cfg, "server", "#f or the URL of an ACME directory"), NULL;
	v = ev_record_get(cfg, "rsa-key-size");
	if (!(v->type == EV_BOOL && !v->u.b)) {
		if (ev_get_int(c, cfg, "rsa-key-size", 1024, 16384, &size) < 0)
			return NULL;
		cb->rsa_key_size = gx_arena_printf(c->arena, "%ld", size);
	}
	v = ev_record_get(cfg, "default-location");
	if (ev_record_is(v, "nginx-location-configuration") ||
	    ev_record_is(v, "nginx-named-location-configuration"))
		cb->default_location = (struct ev *)v;
	else if (!(v->type == EV_BOOL && !v->u.b))
		return svc_bad_field(c, cfg, "default-location",
		                     "#f or an nginx-location-configuration"),
		       NULL;
	if (add_certs(c, cb, ev_record_get(cfg, "certificates"), ev_record_loc(cfg, "certificates"),
	              RTD ": field 'certificates'") < 0)
		return NULL;
	for (const struct svc_ext *e = s->exts; e != NULL; e = e->next)
		if (add_certs(c, cb, e->value, e->loc, e->origin) < 0)
			return NULL;
	return cb;
}

static struct ev *location(struct ev_ctx *c, const char *uri, const char *body, struct sx_loc loc)
{
	struct ev *l = ev_record_new(c, ev_find_rtd("nginx-location-configuration"), loc);

	if (ev_record_set(c, l, "uri", ev_cstring(c, uri, loc)) < 0 ||
	    ev_record_set(c, l, "body", ev_strlist(c, body, loc)) < 0 ||
	    ev_record_fill_defaults(c, l, loc) < 0)
		return NULL;
	return l;
}

static struct ev *list_of(struct ev_ctx *c, const char **v, struct sx_loc loc)
{
	struct ev *l = ev_nil(c, loc);
	size_t n = 0;

	while (v[n] != NULL)
		n++;
	while (n-- > 0)
		l = ev_cons(c, ev_cstring(c, v[n], loc), l, loc);
	return l;
}

/* Guix's certbot-nginx-server-configurations: a server on port 80 per
 * certificate. */
static struct ev *nginx_ext(struct ev_ctx *c, const struct svc_instance *s)
{
	struct certbot *cb = certbot(c, s);
	struct ev *servers;
	struct sx_loc loc = s->loc;
	size_t n = 0;

	if (cb == NULL)
		return NULL;
	for (const struct cert *ct = cb->certs; ct != NULL; ct = ct->next)
		n++;
	const struct cert **v = gx_arena_alloc(c->arena, (n + 1) * sizeof(*v));
	n = 0;
	for (const struct cert *ct = cb->certs; ct != NULL; ct = ct->next)
		v[n++] = ct;
	servers = ev_nil(c, loc);
	while (n-- > 0) {
		const struct cert *ct = v[n];
		struct ev *srv = ev_record_new(c, ev_find_rtd("nginx-server-configuration"), loc);
		struct ev *locs = ev_nil(c, loc), *challenge;

		if (cb->default_location != NULL)
			locs = ev_cons(c, cb->default_location, locs, loc);
		if (ct->challenge == NULL) {
			challenge =
			        location(c, "/.well-known",
			                 gx_arena_printf(c->arena, "root %s;", cb->webroot), loc);
			if (challenge == NULL)
				return NULL;
			locs = ev_cons(c, challenge, locs, loc);
		}
		if (ev_record_set(c, srv, "listen", ev_strlist(c, "80\n[::]:80", loc)) < 0 ||
		    ev_record_set(c, srv, "ssl-certificate", ev_bool(c, false, loc)) < 0 ||
		    ev_record_set(c, srv, "ssl-certificate-key", ev_bool(c, false, loc)) < 0 ||
		    ev_record_set(c, srv, "server-name", list_of(c, ct->domains, loc)) < 0 ||
		    ev_record_set(c, srv, "locations", locs) < 0 ||
		    ev_record_fill_defaults(c, srv, loc) < 0)
			return NULL;
		servers = ev_cons(c, srv, servers, loc);
	}
	return servers;
}

static const struct svc_extension extensions[] = {
	{ "nginx-service-type", nginx_ext },
	{ NULL, NULL },
};

/* " 'WORD'": one shell word, quoted, after a space. */
static void word(struct gx_buf *b, const char *s)
{
	gx_buf_puts(b, " ");
	launch_sh_quote(b, s);
}

static const char *cert_dir(struct ev_ctx *c, const struct cert *ct)
{
	return gx_arena_printf(c->arena, "/etc/certs/%s", ct->name);
}

/* Guix's certbot-command: certbot certonly for each certificate. */
static void command_script(struct ev_ctx *c, const struct certbot *cb, struct gx_buf *b)
{
	gx_buf_puts(b, "#!/bin/sh\n"
	               "# shellcheck disable=SC2016 # values quoted so that nothing expands\n"
	               "# Generated by gxsys (certbot-service-type): acquire or renew each\n"
	               "# certificate.  Exit status 0, 1 when one failed (the others are\n"
	               "# still tried), 2 on a connection error (the rest not tried).\n"
	               "code=0\n"
	               "certificate() {\n"
	               "\tname=$1\n"
	               "\tshift\n"
	               "\tprintf 'Acquiring or renewing certificate: %s\\n' \"$name\"\n"
	               "\tif \"$@\"; then\n"
	               "\t\tprintf 'Certificate successfully acquired: %s\\n' \"$name\"\n"
	               "\telif grep -qs 'Failed to establish a new connection' "
	               "/var/log/letsencrypt/letsencrypt.log; then\n"
	               "\t\techo 'Connection error - bailing out'\n"
	               "\t\texit 2\n"
	               "\telse\n"
	               "\t\tprintf 'Error: %s - continuing with other domains\\n' \"$name\"\n"
	               "\t\tcode=1\n"
	               "\tfi\n"
	               "}\n");
	for (const struct cert *ct = cb->certs; ct != NULL; ct = ct->next) {
		gx_buf_puts(b, "certificate");
		word(b, ct->name);
		word(b, cb->certbot);
		gx_buf_puts(b, " certonly -n --agree-tos");
		if (ct->challenge != NULL) {
			gx_buf_puts(b, " --manual");
			word(b,
			     gx_arena_printf(c->arena, "--preferred-challenges=%s", ct->challenge));
		} else {
			gx_buf_puts(b, " --webroot -w");
			word(b, cb->webroot);
		}
		gx_buf_puts(b, " --cert-name");
		word(b, ct->name);
		if (ct->challenge != NULL)
			gx_buf_puts(b, " --manual-public-ip-logging-ok");
		gx_buf_puts(b, " -d");
		word(b, svc_join(c, ct->domains, ","));
		if (ct->csr != NULL) {
			gx_buf_puts(b, " --csr");
			word(b, ct->csr);
		}
		if (cb->email != NULL) {
			gx_buf_puts(b, " --email");
			word(b, cb->email);
		} else {
			gx_buf_puts(b, " --register-unsafely-without-email");
		}
		if (cb->server != NULL) {
			gx_buf_puts(b, " --server");
			word(b, cb->server);
		}
		if (cb->rsa_key_size != NULL)
			gx_buf_printf(b, " --rsa-key-size %s", cb->rsa_key_size);
		if (ct->challenge != NULL && ct->auth_hook != NULL) {
			gx_buf_puts(b, " --manual-auth-hook");
			word(b, ct->auth_hook);
		}
		if (ct->challenge != NULL && ct->cleanup_hook != NULL) {
			gx_buf_puts(b, " --manual-cleanup-hook");
			word(b, ct->cleanup_hook);
		}
		gx_buf_puts(b, " --deploy-hook");
		word(b, gx_arena_printf(c->arena, "/etc/" DIR "/%s-deploy-hook", ct->name));
		gx_buf_puts(b, "\n");
	}
	gx_buf_puts(b, "exit \"$code\"\n");
}

/* Guix's certbot-deploy-hook: /etc/certs/NAME's links to the new
 * certificate, nginx reloaded, then the user's hook. */
static void deploy_script(struct ev_ctx *c, const struct cert *ct, struct gx_buf *b)
{
	const char *dir = cert_dir(c, ct);
	const char *live = gx_arena_printf(c->arena, "/etc/letsencrypt/live/%s", ct->name);
	static const char *const files[] = { "privkey.pem", "fullchain.pem" };

	gx_buf_puts(b, "#!/bin/sh\n"
	               "# shellcheck disable=SC2016 # the hook quoted so that nothing expands\n"
	               "# Generated by gxsys (certbot-service-type): certbot's deploy hook.\n"
	               "set -e\n"
	               "mkdir -p");
	word(b, dir);
	gx_buf_puts(b, "\nchmod 755");
	word(b, dir);
	gx_buf_puts(b, "\n");
	for (size_t i = 0; i < N(files); i++) {
		gx_buf_puts(b, "ln -sfn");
		word(b, gx_arena_printf(c->arena, "%s/%s", live, files[i]));
		word(b, gx_arena_printf(c->arena, "%s/%s.new", dir, files[i]));
		gx_buf_puts(b, "\n");
	}
	for (size_t i = 0; i < N(files); i++) {
		gx_buf_puts(b, "mv -f");
		word(b, gx_arena_printf(c->arena, "%s/%s.new", dir, files[i]));
		word(b, gx_arena_printf(c->arena, "%s/%s", dir, files[i]));
		gx_buf_puts(b, "\n");
	}
	gx_buf_puts(b, "/usr/sbin/nginx -c /etc/nginx/nginx.conf -s reload 2>&1 ||\n"
	               "\techo 'certbot deploy hook: nginx was not reloaded' >&2\n");
	if (ct->deploy_hook != NULL) {
		gx_buf_puts(b, "exec /bin/sh -c");
		word(b, ct->deploy_hook);
		gx_buf_puts(b, "\n");
	}
}

/* Guix's activation: a self-signed certificate for each certificate with
 * start-self-signed? that has none yet. */
static void self_signed_script(struct ev_ctx *c, const struct certbot *cb, struct gx_buf *b)
{
	gx_buf_puts(b, "#!/bin/sh\n"
	               "# Generated by gxsys (certbot-service-type): a self-signed certificate\n"
	               "# in /etc/certs/NAME for each certificate that has none, valid one day,\n"
	               "# so that nginx starts before certbot has the real one.\n"
	               "code=0\n"
	               "self_signed() {\n"
	               "\tdir=$1\n"
	               "\tshift\n"
	               "\t[ ! -e \"$dir\" ] || return 0\n"
	               "\tbits=$1\n"
	               "\tshift\n"
	               "\tif mkdir -p \"$dir\" && chmod 755 \"$dir\" &&\n"
	               "\t\t(umask 077 && /usr/bin/openssl genpkey -quiet -algorithm RSA \\\n"
	               "\t\t\t-pkeyopt \"rsa_keygen_bits:$bits\" -out \"$dir/privkey.pem\") &&\n"
	               "\t\t/usr/bin/openssl req -x509 -key \"$dir/privkey.pem\" \\\n"
	               "\t\t\t-out \"$dir/fullchain.pem\" -sha256 -days 1 \"$@\"; then\n"
	               "\t\tprintf 'Self-signed certificate made in %s\\n' \"$dir\"\n"
	               "\telse\n"
	               "\t\tprintf 'Error: no self-signed certificate in %s\\n' \"$dir\"\n"
	               "\t\trm -rf \"$dir\"\n"
	               "\t\tcode=1\n"
	               "\tfi\n"
	               "}\n");
	for (const struct cert *ct = cb->certs; ct != NULL; ct = ct->next) {
		if (!ct->self_signed)
			continue;
		gx_buf_puts(b, "self_signed");
		word(b, cert_dir(c, ct));
		gx_buf_printf(b, " %s", cb->rsa_key_size ? cb->rsa_key_size : "4096");
		gx_buf_puts(b, " -subj");
		word(b, gx_arena_printf(c->arena, SUBJECT "%s", ct->domains[0]));
		if (ct->domains[1] != NULL) {
			struct gx_buf alt = GX_BUF_INIT;

			gx_buf_puts(&alt, "subjectAltName=");
			for (size_t i = 1; ct->domains[i] != NULL; i++)
				gx_buf_printf(&alt, "%sDNS:%s", i > 1 ? "," : "", ct->domains[i]);
			gx_buf_puts(b, " -addext");
			word(b, alt.data);
			gx_buf_free(&alt);
		}
		gx_buf_puts(b, "\n");
	}
	gx_buf_puts(b, "exit \"$code\"\n");
}

/* The boot-time renewal: a connection error is tried again, 12 times, 10 s
 * apart, as Guix's renew-certbot-certificates does. */
static const char boot_script[] =
        "#!/bin/sh\n"
        "# Generated by gxsys (certbot-service-type): renew the certificates at boot.\n"
        "attempt=0\n"
        "while :; do\n"
        "\t" COMMAND "\n"
        "\tcode=$?\n"
        "\tif [ \"$code\" -eq 2 ] && [ \"$attempt\" -lt 12 ]; then\n"
        "\t\tattempt=$((attempt + 1))\n"
        "\t\tsleep 10\n"
        "\t\tcontinue\n"
        "\tfi\n"
        "\texit \"$code\"\n"
        "done\n";

static int add_script(struct ev_ctx *c, const char *name, struct gx_buf *b, struct sx_loc loc)
{
	int r = osb_add_file(c, gx_arena_printf(c->arena, DIR "/%s", name), b->data, b->len, 0555,
	                     NULL, loc);

	gx_buf_free(b);
	return r;
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	struct certbot *cb = certbot(c, s);
	struct gx_buf b = GX_BUF_INIT;
	struct os_service *o;
	struct gx_error *err = NULL;
	struct sx *forms;

	if (cb == NULL)
		return -1;
	osb_add_dir(c, cb->webroot, "root", "root", 0755);
	osb_add_dir(c, "/var/lib/certbot", "root", "root", 0755);
	if (cb->any_self_signed)
		osb_add_package(c, "openssl", NULL, false, s->loc);

	command_script(c, cb, &b);
	if (add_script(c, "certbot-command", &b, s->loc) < 0)
		return -1;
	for (const struct cert *ct = cb->certs; ct != NULL; ct = ct->next) {
		deploy_script(c, ct, &b);
		if (add_script(c, gx_arena_printf(c->arena, "%s-deploy-hook", ct->name), &b,
		               s->loc) < 0)
			return -1;
	}
	self_signed_script(c, cb, &b);
	if (add_script(c, "self-signed", &b, s->loc) < 0)
		return -1;
	gx_buf_puts(&b, boot_script);
	if (add_script(c, "renew-at-boot", &b, s->loc) < 0)
		return -1;

	o = osb_add_service(c, "certbot-service-type", s->loc);
	o->provision = svc_split(c, "certbot-self-signed");
	o->documentation = "Make self-signed certificates for certbot's certificates that "
	                   "have none yet.";
	o->one_shot = true;
	o->respawn = false;
	o->argv = svc_split(c, "/etc/" DIR "/self-signed");

	o = osb_add_service(c, "certbot-service-type", s->loc);
	o->provision = svc_split(c, "renew-certbot-certificates");
	o->requirement = svc_split(c, "user-processes nginx");
	o->documentation = "Run 'certbot' to renew certificates at boot time.";
	o->one_shot = true;
	o->respawn = false;
	o->argv = svc_split(c, "/etc/" DIR "/renew-at-boot");

	o = osb_add_service(c, "certbot-service-type", s->loc);
	o->provision = svc_split(c, "certbot-certificate-renewal");
	o->requirement = svc_split(c, "user-processes nginx");
	o->documentation = "Periodically run the 'certbot' command to renew X.509 certificates.";
	o->timer = gx_arena_alloc(c->arena, sizeof(*o->timer));
	memset(o->timer, 0, sizeof(*o->timer));
	o->timer->wait_for_termination = true;
	forms = sx_read_all(c->arena, "<certbot>", renewal_event, sizeof(renewal_event) - 1, &err);
	if (forms == NULL) { /* cannot happen: the text is ours */
		gx_error_free(err);
		return ev_failn(c, s->loc, "certbot-service-type: internal error");
	}
	if (ev_timer_event(c, ev_make_gexp(c, forms->u.pair.car, c->global)->u.gexp, o->timer,
	                   &o->timer_cron) < 0)
		return -1;
	o->argv = svc_split(c, COMMAND);
	return 0;
}

const struct svc_def svc_certbot = {
	"certbot-service-type",
	SVC_RUN,
	NULL,
	RTD,
	SVC_NO_DEFAULT,
	NULL,
	NULL,
	false,
	expand,
	extensions,
};
