/* svc: knot-service-type (gnu/services/dns.scm): Knot DNS, the
 * authoritative name server, as Guix's, run with Debian's knot (knotd,
 * knotc; the catalog's knot brings knot-dnsutils: kdig, knsupdate).  Its
 * value is a knot-configuration (no default, as in Guix) with Guix's
 * fields and defaults (knot, run-directory, includes, listen-v4,
 * listen-v6, listen-port, keys, keystores, acls, remotes, policies, zones)
 * and the records Guix has for it: knot-key-, knot-acl-,
 * knot-remote-, knot-keystore-, knot-policy- and knot-zone-configuration,
 * and the zone data, zone-file and zone-entry.
 *
 * What it makes, as Guix does: the knot group and system account (home
 * /var/empty); Guix's activation's directories, the run-directory,
 * /var/lib/knot, /var/lib/knot/keys and /var/lib/knot/keys/keys, the
 * knot account's, 0755; the configuration file, as Guix's knot-config-file
 * writes it ("include:" lines, then "server:" with rundir, user knot and
 * the two listen addresses, then the key, keystore, acl, remote and policy
 * sections, and the zones); a zone file per master zone (no master) whose
 * file is "" from its zone-file record, as Guix's serialize-zone-file
 * writes it ("$ORIGIN ORIGIN.", "@ IN SOA NS MAIL (SERIAL REFRESH RETRY
 * EXPIRY NX)", an entry a line, "NAME TTL CLASS TYPE DATA"); the service
 * `knot` (provisions knot and dns, requirement networking) running Guix's
 * command line, knotd -c FILE, in the foreground, as root: knotd binds
 * port 53, then runs as the knot account itself ("user: knot").
 * The build runs `knotc -c FILE conf-check` in its build container: what
 * it refuses is a note.
 *
 * Values are written as Guix writes them (format's ~a), unquoted in
 * knot.conf, which then cannot hold white space, control characters, '"',
 * '#', ',', '[' or ']' (each would end or break the value): such a value is
 * a located error naming the record and field, as is, in a zone file, a
 * name, TTL, class or type that is not one token, or data with a
 * comment, a parenthesis or an unclosed quote.
 *
 * Where gxsys differs:
 * - The file is /etc/knot/knot.conf (Guix's is in the store), where
 *   Debian's knotc reads it by default: `knotc status` reaches the daemon
 *   without -c.  A generated zone file is /etc/gxsys/knot/DOMAIN.zone.
 * - Knot 3.2 (Debian 12) renamed three zone options Guix writes, which it
 *   would take as obsolete and ignore: max-journal-usage, max-journal-depth
 *   and max-zone-size are written as journal-max-usage, journal-max-depth
 *   and zone-max-size.
 * - Guix writes "ddns-master X" without the colon, which knotd cannot
 *   parse: it is written "ddns-master: X".
 * - Guix's policy record has rrsig-refresh but never writes it: it is
 *   written when the declaration gives it (the default output is Guix's).
 * - A zone-file's origin must be its zone's domain (without a trailing
 *   dot): Guix's default "" writes "$ORIGIN ." and knotd refuses the zone
 *   (its SOA out of the zone); any other origin too.  A zone's file given
 *   as a file-like object is that file, as in Guix.
 * - Guix's define-zone-entries (syntax) is not there: a list of zone-entry
 *   does the same.
 * - A zone's domain is letters, digits, '-', '_' and '.' (it names the
 *   generated zone file): the root zone "." is refused.
 * - Guix's configuration action prints /etc/knot/knot.conf. */
#include <string.h>
#include <strings.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "knot-configuration"
#define CONF "knot/knot.conf" /* under /etc */
#define ZONES "gxsys/knot"    /* under /etc: the generated zone files */

/* What a value written unquoted into knot.conf must not hold. */
#define WORD_RULE "without white space, control characters, '\"', '#', ',', '[' or ']'"
/* What a token of a zone file must not hold. */
#define TOKEN_RULE                                                                                 \
	"without white space, control characters, ';', '(', ')', '\"' or '\\', not starting "      \
	"with '$'"

static struct ev *d_package(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "knot", loc);
}

static struct ev *d_zone(struct ev_ctx *c, struct sx_loc loc)
{
	struct ev *r = ev_record_new(c, ev_find_rtd("zone-file"), loc);

	return ev_record_fill_defaults(c, r, loc) < 0 ? NULL : r;
}

static const struct ev_field key_fields[] = {
	{ "id", D_STRING, 0, "", NULL, NULL },
	{ "algorithm", D_FALSE, 0, NULL, NULL, NULL },
	{ "secret", D_STRING, 0, "", NULL, NULL },
};

static const struct ev_field acl_fields[] = {
	{ "id", D_STRING, 0, "", NULL, NULL },     { "address", D_NIL, 0, NULL, NULL, NULL },
	{ "key", D_NIL, 0, NULL, NULL, NULL },     { "action", D_NIL, 0, NULL, NULL, NULL },
	{ "deny?", D_FALSE, 0, NULL, NULL, NULL },
};

static const struct ev_field entry_fields[] = {
	{ "name", D_STRING, 0, "@", NULL, NULL },   { "ttl", D_STRING, 0, "", NULL, NULL },
	{ "class", D_STRING, 0, "IN", NULL, NULL }, { "type", D_STRING, 0, "A", NULL, NULL },
	{ "data", D_STRING, 0, "", NULL, NULL },
};

static const struct ev_field zone_file_fields[] = {
	{ "entries", D_NIL, 0, NULL, NULL, NULL },
	{ "origin", D_STRING, 0, "", NULL, NULL },
	{ "ns", D_STRING, 0, "ns", NULL, NULL },
	{ "mail", D_STRING, 0, "hostmaster", NULL, NULL },
	{ "serial", D_INT, 1, NULL, NULL, NULL },
	{ "refresh", D_INT, 12 * 3600, NULL, NULL, NULL },
	{ "retry", D_INT, 15 * 60, NULL, NULL, NULL },
	{ "expiry", D_INT, 2 * 7 * 24 * 3600, NULL, NULL, NULL },
	{ "nx", D_INT, 3600, NULL, NULL, NULL },
};

static const struct ev_field keystore_fields[] = {
	{ "id", D_STRING, 0, "", NULL, NULL },
	{ "backend", D_SYMBOL, 0, "pem", NULL, NULL },
	{ "config", D_STRING, 0, "/var/lib/knot/keys/keys", NULL, NULL },
};

static const struct ev_field policy_fields[] = {
	{ "id", D_STRING, 0, "", NULL, NULL },
	{ "keystore", D_STRING, 0, "default", NULL, NULL },
	{ "manual?", D_FALSE, 0, NULL, NULL, NULL },
	{ "single-type-signing?", D_FALSE, 0, NULL, NULL, NULL },
	{ "algorithm", D_STRING, 0, "ecdsap256sha256", NULL, NULL },
	{ "ksk-size", D_INT, 256, NULL, NULL, NULL },
	{ "zsk-size", D_INT, 256, NULL, NULL, NULL },
	{ "dnskey-ttl", D_SYMBOL, 0, "default", NULL, NULL },
	{ "zsk-lifetime", D_INT, 30 * 24 * 3600, NULL, NULL, NULL },
	{ "propagation-delay", D_INT, 24 * 3600, NULL, NULL, NULL },
	{ "rrsig-lifetime", D_INT, 14 * 24 * 3600, NULL, NULL, NULL },
	{ "rrsig-refresh", D_INT, 7 * 24 * 3600, NULL, NULL, NULL },
	{ "nsec3?", D_FALSE, 0, NULL, NULL, NULL },
	{ "nsec3-iterations", D_INT, 5, NULL, NULL, NULL },
	{ "nsec3-salt-length", D_INT, 8, NULL, NULL, NULL },
	{ "nsec3-salt-lifetime", D_INT, 30 * 24 * 3600, NULL, NULL, NULL },
};

static const struct ev_field zone_fields[] = {
	{ "domain", D_STRING, 0, "", NULL, NULL },
	{ "file", D_STRING, 0, "", NULL, NULL },
	{ "zone", D_FN, 0, NULL, d_zone, NULL },
	{ "master", D_NIL, 0, NULL, NULL, NULL },
	{ "ddns-master", D_FALSE, 0, NULL, NULL, NULL },
	{ "notify", D_NIL, 0, NULL, NULL, NULL },
	{ "acl", D_NIL, 0, NULL, NULL, NULL },
	{ "semantic-checks?", D_FALSE, 0, NULL, NULL, NULL },
	{ "zonefile-sync", D_INT, 0, NULL, NULL, NULL },
	{ "zonefile-load", D_FALSE, 0, NULL, NULL, NULL },
	{ "journal-content", D_FALSE, 0, NULL, NULL, NULL },
	{ "max-journal-usage", D_FALSE, 0, NULL, NULL, NULL },
	{ "max-journal-depth", D_FALSE, 0, NULL, NULL, NULL },
	{ "max-zone-size", D_FALSE, 0, NULL, NULL, NULL },
	{ "dnssec-policy", D_FALSE, 0, NULL, NULL, NULL },
	{ "serial-policy", D_SYMBOL, 0, "increment", NULL, NULL },
};

static const struct ev_field remote_fields[] = {
	{ "id", D_STRING, 0, "", NULL, NULL },
	{ "address", D_NIL, 0, NULL, NULL, NULL },
	{ "via", D_NIL, 0, NULL, NULL, NULL },
	{ "key", D_FALSE, 0, NULL, NULL, NULL },
};

static const struct ev_field fields[] = {
	{ "knot", D_FN, 0, NULL, d_package, NULL },
	{ "run-directory", D_STRING, 0, "/var/run/knot", NULL, NULL },
	{ "includes", D_NIL, 0, NULL, NULL, NULL },
	{ "listen-v4", D_STRING, 0, "0.0.0.0", NULL, NULL },
	{ "listen-v6", D_STRING, 0, "::", NULL, NULL },
	{ "listen-port", D_INT, 53, NULL, NULL, NULL },
	{ "keys", D_NIL, 0, NULL, NULL, NULL },
	{ "keystores", D_NIL, 0, NULL, NULL, NULL },
	{ "acls", D_NIL, 0, NULL, NULL, NULL },
	{ "remotes", D_NIL, 0, NULL, NULL, NULL },
	{ "policies", D_NIL, 0, NULL, NULL, NULL },
	{ "zones", D_NIL, 0, NULL, NULL, NULL },
};

#define KEY "knot-key-configuration"
#define ACL "knot-acl-configuration"
#define ENTRY "zone-entry"
#define ZONE_FILE "zone-file"
#define KEYSTORE "knot-keystore-configuration"
#define POLICY "knot-policy-configuration"
#define ZONE "knot-zone-configuration"
#define REMOTE "knot-remote-configuration"

static const struct ev_rtd key_rtd = { KEY, key_fields, N(key_fields), false };
static const struct ev_rtd acl_rtd = { ACL, acl_fields, N(acl_fields), false };
static const struct ev_rtd entry_rtd = { ENTRY, entry_fields, N(entry_fields), false };
static const struct ev_rtd zone_file_rtd = { ZONE_FILE, zone_file_fields, N(zone_file_fields),
	                                     false };
static const struct ev_rtd keystore_rtd = { KEYSTORE, keystore_fields, N(keystore_fields), false };
static const struct ev_rtd policy_rtd = { POLICY, policy_fields, N(policy_fields), false };
static const struct ev_rtd zone_rtd = { ZONE, zone_fields, N(zone_fields), false };
static const struct ev_rtd remote_rtd = { REMOTE, remote_fields, N(remote_fields), false };
static const struct ev_rtd rtd = { RTD, fields, N(fields), false };

const struct ev_rtd *const svc_knot_records[] = {
	&key_rtd,    &acl_rtd,  &entry_rtd,  &zone_file_rtd, &keystore_rtd,
	&policy_rtd, &zone_rtd, &remote_rtd, &rtd,           NULL,
};

/* ---- values ---- */

/* What Guix's (format #f "~a" V) writes of a string, a symbol or an
 * integer, as ACCEPT allows them; NULL otherwise. */
enum { A_STRING = 1, A_SYMBOL = 2, A_INT = 4 };

static const char *shown(struct ev_ctx *c, const struct ev *v, unsigned accept)
{
	if (((v->type == EV_STRING && (accept & A_STRING)) ||
	     (v->type == EV_SYMBOL && (accept & A_SYMBOL))) &&
	    strlen(v->u.str.s) == v->u.str.len)
		return v->u.str.s;
	if (v->type == EV_INT && (accept & A_INT))
		return gx_arena_printf(c->arena, "%lld", (long long)v->u.i);
	return NULL;
}

/* One unquoted value of knot.conf. */
static bool conf_word(const char *s)
{
	return s != NULL && *s != '\0' && !svc_has_space(s) && strpbrk(s, "\"#,[]") == NULL;
}

/* FIELD of REC, shown (ACCEPT) and one knot.conf word, in *OUT; #f (*OUT
 * NULL) when FALSE_OK; else "expected EXPECTED WORD_RULE". */
static int word(struct ev_ctx *c, const struct ev *rec, const char *field, unsigned accept,
                bool false_ok, const char *expected, const char **out)
{
	const struct ev *v = ev_record_get(rec, field);

	*out = NULL;
	if (false_ok && v->type == EV_BOOL && !v->u.b)
		return 0;
	*out = shown(c, v, accept);
	if (conf_word(*out))
		return 0;
	return svc_bad_field(c, rec, field, gx_arena_printf(c->arena, "%s " WORD_RULE, expected));
}

/* An id: a non-empty string (Guix's verify-knot-*-configuration). */
static int id_of(struct ev_ctx *c, const struct ev *rec, const char **out)
{
	return word(c, rec, "id", A_STRING, false, "a non-empty string", out);
}

/* FIELD, a list of strings or symbols, as Guix's format-string-list writes
 * it ("[A, B]") in *OUT; NULL for '() (the line is left out). */
static int word_list(struct ev_ctx *c, const struct ev *rec, const char *field, const char **out)
{
	const struct ev *l = ev_record_get(rec, field);
	struct gx_buf b = GX_BUF_INIT;
	bool ok = ev_is_list(l);

	*out = NULL;
	for (const struct ev *p = l; ok && p->type == EV_PAIR; p = p->u.pair.cdr) {
		const char *s = shown(c, p->u.pair.car, A_STRING | A_SYMBOL);

		ok = conf_word(s);
		if (ok)
			gx_buf_printf(&b, "%s%s", p == l ? "[" : ", ", s);
	}
	if (!ok) {
		gx_buf_free(&b);
		return svc_bad_field(c, rec, field,
		                     "a list of non-empty strings or symbols " WORD_RULE);
	}
	if (b.data != NULL)
		*out = gx_arena_printf(c->arena, "%s]", b.data);
	gx_buf_free(&b);
	return 0;
}

static int boolean(struct ev_ctx *c, const struct ev *rec, const char *field, const char **out)
{
	bool on;

	if (ev_get_bool(c, rec, field, &on) < 0)
		return -1;
	*out = on ? "on" : "off";
	return 0;
}

/* FIELD: a symbol among the NULL-terminated CHOICES (or #f, *OUT NULL,
 * when FALSE_OK). */
static int choice(struct ev_ctx *c, const struct ev *rec, const char *field,
                  const char *const *choices, bool false_ok, const char **out)
{
	const struct ev *v = ev_record_get(rec, field);
	struct gx_buf b = GX_BUF_INIT;
	const char *expected;

	*out = NULL;
	if (false_ok && v->type == EV_BOOL && !v->u.b)
		return 0;
	for (size_t i = 0; v->type == EV_SYMBOL && choices[i] != NULL; i++)
		if (strcmp(v->u.str.s, choices[i]) == 0) {
			*out = choices[i];
			return 0;
		}
	gx_buf_puts(&b, false_ok ? "#f or one of the symbols" : "one of the symbols");
	for (size_t i = 0; choices[i] != NULL; i++)
		gx_buf_printf(&b, "%s'%s",
		              i == 0           ? " "
		              : choices[i + 1] ? ", "
		                               : " or ",
		              choices[i]);
	expected = gx_arena_strdup(c->arena, b.data);
	gx_buf_free(&b);
	return svc_bad_field(c, rec, field, expected);
}

/* FIELD: a list of records of kind KIND. */
static int records(struct ev_ctx *c, const struct ev *cfg, const char *field, const char *kind,
                   int (*fn)(struct ev_ctx *, const struct ev *, struct gx_buf *), struct gx_buf *b)
{
	const struct ev *l = ev_record_get(cfg, field);

	if (!ev_is_list(l))
		return svc_bad_field(c, cfg, field,
		                     gx_arena_printf(c->arena, "a list of %s", kind));
	for (const struct ev *p = l; p->type == EV_PAIR; p = p->u.pair.cdr)
		if (!ev_record_is(p->u.pair.car, kind))
			return ev_failn(c, svc_field_loc(cfg, field, cfg->loc),
			                "%s: field '%s': expected a list of %s, got %s",
			                cfg->u.rec->rtd->name, field, kind,
			                ev_repr(c, p->u.pair.car));
	for (const struct ev *p = l; p->type == EV_PAIR; p = p->u.pair.cdr)
		if (fn(c, p->u.pair.car, b) < 0)
			return -1;
	return 0;
}

/* ---- knot.conf's sections, as Guix's knot-*-config ---- */

static int key_conf(struct ev_ctx *c, const struct ev *k, struct gx_buf *b)
{
	static const char *const algorithms[] = { "hmac-md5",    "hmac-sha1",   "hmac-sha224",
		                                  "hmac-sha256", "hmac-sha384", "hmac-sha512",
		                                  NULL };
	const char *id, *algorithm, *secret;

	if (word(c, k, "id", A_STRING, false, "a non-empty key name", &id) < 0 ||
	    choice(c, k, "algorithm", algorithms, true, &algorithm) < 0)
		return -1;
	secret = shown(c, ev_record_get(k, "secret"), A_STRING);
	if (secret == NULL || *secret == '\0' ||
	    secret[strspn(secret, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	                          "=")] != '\0')
		return svc_bad_field(c, k, "secret",
		                     "the key's secret in base64 (a non-empty string of letters, "
		                     "digits, '+', '/' and '=')");
	gx_buf_printf(b, "    - id: %s\n", id);
	if (algorithm != NULL)
		gx_buf_printf(b, "      algorithm: %s\n", algorithm);
	gx_buf_printf(b, "      secret: %s\n", secret);
	return 0;
}

static int keystore_conf(struct ev_ctx *c, const struct ev *k, struct gx_buf *b)
{
	static const char *const backends[] = { "pem", "pkcs11", NULL };
	const char *id, *backend, *config;

	if (id_of(c, k, &id) < 0 || choice(c, k, "backend", backends, false, &backend) < 0)
		return -1;
	/* written between double quotes */
	config = shown(c, ev_record_get(k, "config"), A_STRING);
	if (config == NULL || *config == '\0' || gx_has_control(config, strlen(config)) ||
	    strpbrk(config, "\"\\") != NULL)
		return svc_bad_field(c, k, "config",
		                     "a non-empty string without control characters, '\"' or "
		                     "'\\'");
	gx_buf_printf(b, "    - id: %s\n      backend: %s\n      config: \"%s\"\n", id, backend,
	              config);
	return 0;
}

static int acl_conf(struct ev_ctx *c, const struct ev *a, struct gx_buf *b)
{
	const char *id, *address, *key, *action, *deny;

	if (id_of(c, a, &id) < 0 || word_list(c, a, "address", &address) < 0 ||
	    word_list(c, a, "key", &key) < 0 || word_list(c, a, "action", &action) < 0 ||
	    boolean(c, a, "deny?", &deny) < 0)
		return -1;
	gx_buf_printf(b, "    - id: %s\n", id);
	if (address != NULL)
		gx_buf_printf(b, "      address: %s\n", address);
	if (key != NULL)
		gx_buf_printf(b, "      key: %s\n", key);
	if (action != NULL)
		gx_buf_printf(b, "      action: %s\n", action);
	gx_buf_printf(b, "      deny: %s\n", deny);
	return 0;
}

static int remote_conf(struct ev_ctx *c, const struct ev *r, struct gx_buf *b)
{
	const char *id, *address, *via, *key;

	if (id_of(c, r, &id) < 0 || word_list(c, r, "address", &address) < 0 ||
	    word_list(c, r, "via", &via) < 0 ||
	    word(c, r, "key", A_STRING | A_SYMBOL, true, "#f or a key's id", &key) < 0)
		return -1;
	gx_buf_printf(b, "    - id: %s\n", id);
	if (address != NULL)
		gx_buf_printf(b, "      address: %s\n", address);
	if (via != NULL)
		gx_buf_printf(b, "      via: %s\n", via);
	if (key != NULL)
		gx_buf_printf(b, "      key: %s\n", key);
	return 0;
}

/* FIELD: a non-negative integer (Guix's number->string). */
static int number(struct ev_ctx *c, const struct ev *rec, const char *field, const char **out)
{
	const struct ev *v = ev_record_get(rec, field);

	if (v->type != EV_INT || v->u.i < 0)
		return svc_bad_field(c, rec, field, "a non-negative integer");
	*out = gx_arena_printf(c->arena, "%lld", (long long)v->u.i);
	return 0;
}

/* A duration or size, as Guix's ~a writes it: an integer or a word
 * ("30d", "100M"). */
static int amount(struct ev_ctx *c, const struct ev *rec, const char *field, bool false_ok,
                  const char **out)
{
	return word(c, rec, field, A_STRING | A_INT, false_ok,
	            false_ok ? "#f, an integer or a string" : "an integer or a string", out);
}

/* Whether REC's FIELD was given (not its default). */
static bool given(const struct ev *rec, const char *field)
{
	const struct ev_record *r = rec->u.rec;

	for (size_t i = 0; i < r->rtd->n_fields; i++)
		if (strcmp(r->rtd->fields[i].name, field) == 0)
			return r->locs[i].file != NULL;
	return false;
}

static int policy_conf(struct ev_ctx *c, const struct ev *p, struct gx_buf *b)
{
	static const char *const lines[][2] = {
		{ "keystore", "keystore" },
		{ "manual?", "manual" },
		{ "single-type-signing?", "single-type-signing" },
		{ "algorithm", "algorithm" },
		{ "ksk-size", "ksk-size" },
		{ "zsk-size", "zsk-size" },
		{ "dnskey-ttl", "dnskey-ttl" },
		{ "zsk-lifetime", "zsk-lifetime" },
		{ "propagation-delay", "propagation-delay" },
		{ "rrsig-lifetime", "rrsig-lifetime" },
		{ "rrsig-refresh", "rrsig-refresh" },
		{ "nsec3?", "nsec3" },
		{ "nsec3-iterations", "nsec3-iterations" },
		{ "nsec3-salt-length", "nsec3-salt-length" },
		{ "nsec3-salt-lifetime", "nsec3-salt-lifetime" },
	};
	const char *id, *v;

	if (id_of(c, p, &id) < 0)
		return -1;
	gx_buf_printf(b, "    - id: %s\n", id);
	for (size_t i = 0; i < N(lines); i++) {
		const char *f = lines[i][0];
		int r;

		if (strcmp(f, "keystore") == 0)
			r = word(c, p, f, A_STRING, false, "a keystore's id", &v);
		else if (strcmp(f, "algorithm") == 0)
			r = word(c, p, f, A_STRING | A_SYMBOL, false, "an algorithm name", &v);
		else if (f[strlen(f) - 1] == '?')
			r = boolean(c, p, f, &v);
		else if (strstr(f, "-size") != NULL || strcmp(f, "nsec3-iterations") == 0 ||
		         strcmp(f, "nsec3-salt-length") == 0)
			r = number(c, p, f, &v);
		else if (strcmp(f, "dnskey-ttl") == 0 && ev_record_get(p, f)->type == EV_SYMBOL &&
		         strcmp(ev_record_get(p, f)->u.str.s, "default") == 0)
			continue; /* knotd's default */
		else if (strcmp(f, "rrsig-refresh") == 0 && !given(p, f))
			continue; /* Guix never writes it */
		else
			r = word(c, p, f, A_STRING | A_INT, false,
			         strcmp(f, "dnskey-ttl") == 0 ? "'default, an integer or a string"
			                                      : "an integer or a string",
			         &v);
		if (r < 0)
			return -1;
		gx_buf_printf(b, "      %s: %s\n", lines[i][1], v);
	}
	return 0;
}

/* ---- zone files, as Guix's serialize-zone-file ---- */

/* One token of a zone file. */
static bool zone_token(const char *s)
{
	return s != NULL && *s != '\0' && *s != '$' && !svc_has_space(s) &&
	       strpbrk(s, ";()\"\\") == NULL;
}

/* An entry's data: several tokens, quoted strings ("v=spf1 -all") and
 * escapes; no comment, no parenthesis (it would go on to the next lines),
 * every quote closed, no escape at the end. */
static bool zone_data(const char *s)
{
	bool quoted = false;

	if (s == NULL || *s == '\0' || gx_has_control(s, strlen(s)))
		return false;
	for (; *s != '\0'; s++) {
		if (*s == '\\' && *++s == '\0')
			return false;
		else if (*s == '"')
			quoted = !quoted;
		else if (!quoted && strchr(";()", *s) != NULL)
			return false;
	}
	return !quoted;
}

static int token(struct ev_ctx *c, const struct ev *rec, const char *field, unsigned accept,
                 bool empty_ok, const char **out)
{
	*out = shown(c, ev_record_get(rec, field), accept);
	if (zone_token(*out) || (empty_ok && *out != NULL && **out == '\0'))
		return 0;
	return svc_bad_field(c, rec, field,
	                     gx_arena_printf(c->arena, "%s%s " TOKEN_RULE,
	                                     accept & A_INT ? "an integer or a " : "a ",
	                                     empty_ok ? "string" : "non-empty string"));
}

static int entry_line(struct ev_ctx *c, const struct ev *e, struct gx_buf *b)
{
	const char *name, *ttl, *class, *type, *data;

	if (token(c, e, "name", A_STRING, false, &name) < 0 ||
	    token(c, e, "ttl", A_STRING | A_INT, true, &ttl) < 0 ||
	    token(c, e, "class", A_STRING, false, &class) < 0 ||
	    token(c, e, "type", A_STRING, false, &type) < 0)
		return -1;
	data = shown(c, ev_record_get(e, "data"), A_STRING);
	if (!zone_data(data))
		return svc_bad_field(c, e, "data",
		                     "the record's data (a non-empty string without control "
		                     "characters, ';', '(' or ')' outside quotes, its quotes "
		                     "closed, not ending with '\\')");
	gx_buf_printf(b, "%s %s %s %s %s\n", name, ttl, class, type, data);
	return 0;
}

/* Whether zone-file's origin O names the zone DOMAIN. */
static bool same_name(const char *o, const char *domain)
{
	size_t n = strlen(domain);

	if (n > 1 && domain[n - 1] == '.')
		n--;
	return strlen(o) == n && strncasecmp(o, domain, n) == 0;
}

static int zone_text(struct ev_ctx *c, const struct ev *z, const char *domain, struct gx_buf *b)
{
	static const char *const soa[] = { "serial", "refresh", "retry", "expiry", "nx" };
	const char *origin, *ns, *mail, *v[N(soa)];

	origin = shown(c, ev_record_get(z, "origin"), A_STRING);
	if (origin == NULL || !same_name(origin, domain))
		return svc_bad_field(
		        c, z, "origin",
		        gx_arena_printf(c->arena,
		                        "the zone's domain, \"%.*s\" (Guix writes \"$ORIGIN "
		                        "ORIGIN.\": the zone's SOA must be its apex)",
		                        (int)(strlen(domain) - (domain[strlen(domain) - 1] == '.')),
		                        domain));
	if (token(c, z, "ns", A_STRING, false, &ns) < 0 ||
	    token(c, z, "mail", A_STRING, false, &mail) < 0)
		return -1;
	for (size_t i = 0; i < N(soa); i++) {
		const struct ev *x = ev_record_get(z, soa[i]);

		/* the SOA's 32-bit numbers */
		if (x->type == EV_INT && (x->u.i < 0 || x->u.i > 4294967295LL))
			return svc_bad_field(c, z, soa[i],
			                     "an integer from 0 to 4294967295 or a non-empty "
			                     "string " TOKEN_RULE);
		if (token(c, z, soa[i], A_STRING | A_INT, false, &v[i]) < 0)
			return -1;
	}
	gx_buf_printf(b, "$ORIGIN %s.\n@ IN SOA %s %s (%s %s %s %s %s)\n", origin, ns, mail, v[0],
	              v[1], v[2], v[3], v[4]);
	if (records(c, z, "entries", ENTRY, entry_line, b) < 0)
		return -1;
	gx_buf_puts(b, "\n");
	return 0;
}

/* ---- zones ---- */

/* A zone's name: a domain name, also the name of its zone file. */
static bool domain_ok(const char *s)
{
	return s != NULL && *s != '\0' && *s != '.' && strstr(s, "..") == NULL &&
	       s[strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")] ==
	               '\0';
}

/* The file of master zone Z: "" the zone-file record, written; a file
 * name, as it is; a file-like object, its path. */
static int zone_file(struct ev_ctx *c, const struct ev *z, const char *domain, const char **out)
{
	const struct ev *f = ev_record_get(z, "file");
	struct gx_buf b = GX_BUF_INIT;
	const char *path;
	int r;

	if (f->type == EV_FILE) {
		*out = svc_file_with_contents(c, z, "file", svc_field_loc(z, "file", z->loc));
		return *out == NULL ? -1 : 0;
	}
	if (f->type == EV_STRING && f->u.str.len > 0)
		return word(c, z, "file", A_STRING, false,
		            "\"\" (the zone's zone-file), a file-like object or a file name", out);
	if (f->type != EV_STRING)
		return svc_bad_field(c, z, "file",
		                     "\"\" (the zone's zone-file), a file-like object or a file "
		                     "name");
	if (!ev_record_is(ev_record_get(z, "zone"), ZONE_FILE))
		return svc_bad_field(c, z, "zone", "a zone-file");
	if (zone_text(c, ev_record_get(z, "zone"), domain, &b) < 0) {
		gx_buf_free(&b);
		return -1;
	}
	path = gx_arena_printf(c->arena, ZONES "/%.*s.zone",
	                       (int)(strlen(domain) - (domain[strlen(domain) - 1] == '.')), domain);
	r = osb_add_file(c, path, b.data, b.len, 0444, NULL, svc_field_loc(z, "zone", z->loc));
	gx_buf_free(&b);
	*out = gx_arena_printf(c->arena, "/etc/%s", path);
	return r;
}

/* The zone's options after its file or masters, in Guix's order: the
 * record's field, the option knotd 3.2 takes, how it is checked. */
enum opt_kind { O_LIST, O_BOOL, O_AMOUNT, O_LOAD, O_JOURNAL, O_POLICY, O_SERIAL };

static const struct {
	const char *field, *option;
	enum opt_kind kind;
} zone_opts[] = {
	{ "notify", "notify", O_LIST },
	{ "acl", "acl", O_LIST },
	{ "semantic-checks?", "semantic-checks", O_BOOL },
	{ "zonefile-sync", "zonefile-sync", O_AMOUNT },
	{ "zonefile-load", "zonefile-load", O_LOAD },
	{ "journal-content", "journal-content", O_JOURNAL },
	{ "max-journal-usage", "journal-max-usage", O_AMOUNT },
	{ "max-journal-depth", "journal-max-depth", O_AMOUNT },
	{ "max-zone-size", "zone-max-size", O_AMOUNT },
	{ "dnssec-policy", "dnssec-policy", O_POLICY },
	{ "serial-policy", "serial-policy", O_SERIAL },
};

static int zone_opt(struct ev_ctx *c, const struct ev *z, size_t i, struct gx_buf *b)
{
	static const char *const loads[] = { "none", "difference", "difference-no-serial", "whole",
		                             NULL };
	static const char *const journals[] = { "none", "changes", "all", NULL };
	static const char *const serials[] = { "increment", "unixtime", "dateserial", NULL };
	const char *f = zone_opts[i].field, *v = NULL;
	int r = 0;

	switch (zone_opts[i].kind) {
	case O_LIST:
		r = word_list(c, z, f, &v);
		break;
	case O_BOOL:
		r = boolean(c, z, f, &v);
		break;
	case O_AMOUNT:
		r = amount(c, z, f, true, &v);
		break;
	case O_LOAD:
		r = choice(c, z, f, loads, true, &v);
		break;
	case O_JOURNAL:
		r = choice(c, z, f, journals, true, &v);
		break;
	case O_POLICY:
		r = word(c, z, f, A_STRING | A_SYMBOL, true, "#f or a policy's id", &v);
		if (r == 0 && v != NULL)
			gx_buf_puts(b, "      dnssec-signing: on\n");
		break;
	case O_SERIAL:
		r = choice(c, z, f, serials, false, &v);
		break;
	default:
		break;
	}
	if (r == 0 && v != NULL)
		gx_buf_printf(b, "      %s: %s\n", zone_opts[i].option, v);
	return r;
}

static int zone_conf(struct ev_ctx *c, const struct ev *z, struct gx_buf *b)
{
	const char *domain, *master, *v;

	domain = shown(c, ev_record_get(z, "domain"), A_STRING);
	if (!domain_ok(domain))
		return svc_bad_field(c, z, "domain",
		                     "a domain name (a non-empty string of letters, digits, '-', "
		                     "'_' and '.', without empty labels)");
	if (word_list(c, z, "master", &master) < 0)
		return -1;
	gx_buf_printf(b, "    - domain: %s\n", domain);
	if (master == NULL) {
		if (zone_file(c, z, domain, &v) < 0)
			return -1;
		gx_buf_printf(b, "      file: %s\n", v);
	} else {
		gx_buf_printf(b, "      master: %s\n", master);
		if (word(c, z, "ddns-master", A_STRING | A_SYMBOL, true, "#f or a remote's id",
		         &v) < 0)
			return -1;
		if (v != NULL)
			gx_buf_printf(b, "      ddns-master: %s\n", v);
	}
	for (size_t i = 0; i < N(zone_opts); i++)
		if (zone_opt(c, z, i, b) < 0)
			return -1;
	return 0;
}

/* Two zones of one domain would share their zone file (and knotd refuses
 * the second). */
static int unique_domains(struct ev_ctx *c, const struct ev *cfg)
{
	const struct ev *l = ev_record_get(cfg, "zones");

	for (const struct ev *p = l; p->type == EV_PAIR; p = p->u.pair.cdr)
		for (const struct ev *q = l; q != p; q = q->u.pair.cdr) {
			const char *a = ev_record_get(p->u.pair.car, "domain")->u.str.s;
			const char *d = ev_record_get(q->u.pair.car, "domain")->u.str.s;

			if (same_name(a, d) || same_name(d, a))
				return ev_failn(
				        c,
				        svc_field_loc(p->u.pair.car, "domain", p->u.pair.car->loc),
				        ZONE ": field 'domain': the zone \"%s\" is declared "
				             "twice",
				        a);
		}
	return 0;
}

/* ---- knot.conf ---- */

static int includes(struct ev_ctx *c, const struct ev *cfg, struct gx_buf *b)
{
	const struct ev *l = ev_record_get(cfg, "includes");
	const char *expected =
	        "a list of file names " WORD_RULE " or file-like objects (plain-file, "
	        "local-file, mixed-text-file)";

	if (!ev_is_list(l))
		return svc_bad_field(c, cfg, "includes", expected);
	for (const struct ev *p = l; p->type == EV_PAIR; p = p->u.pair.cdr) {
		struct ev *e = p->u.pair.car;
		const char *path = shown(c, e, A_STRING);

		if (e->type == EV_FILE &&
		    (e->u.file->kind == F_PLAIN || e->u.file->kind == F_LOCAL ||
		     e->u.file->kind == F_MIXED))
			path = osb_path_of(c, e, svc_field_loc(cfg, "includes", cfg->loc));
		else if (!conf_word(path))
			return ev_failn(c, svc_field_loc(cfg, "includes", cfg->loc),
			                RTD ": field 'includes': expected %s, got %s", expected,
			                ev_repr(c, e));
		if (path == NULL)
			return -1;
		gx_buf_printf(b, "include: %s\n", path);
	}
	return 0;
}

static int server(struct ev_ctx *c, const struct ev *cfg, struct gx_buf *b)
{
	const char *rundir, *v4, *v6;
	const struct ev *port = ev_record_get(cfg, "listen-port");

	if (ev_get_string(c, cfg, "run-directory", &rundir) < 0)
		return -1;
	if (!svc_path_ok(rundir, "\"#,[]"))
		return svc_bad_field(c, cfg, "run-directory",
		                     "an absolute directory name " WORD_RULE);
	if (word(c, cfg, "listen-v4", A_STRING, false, "an IPv4 address", &v4) < 0 ||
	    word(c, cfg, "listen-v6", A_STRING, false, "an IPv6 address", &v6) < 0)
		return -1;
	if (port->type != EV_INT || port->u.i < 1 || port->u.i > 65535)
		return svc_bad_field(c, cfg, "listen-port", "a port number (1 to 65535)");
	gx_buf_printf(b,
	              "server:\n    rundir: %s\n    user: knot\n    listen: %s@%lld\n    listen: "
	              "%s@%lld\n",
	              rundir, v4, (long long)port->u.i, v6, (long long)port->u.i);
	return 0;
}

/* knot.conf's text, as Guix's knot-config-file. */
static int conf_text(struct ev_ctx *c, const struct ev *cfg, struct gx_buf *b)
{
	static const struct {
		const char *field, *section, *kind;
		int (*fn)(struct ev_ctx *, const struct ev *, struct gx_buf *);
	} sections[] = {
		{ "keys", "key", KEY, key_conf },
		{ "keystores", "keystore", KEYSTORE, keystore_conf },
		{ "acls", "acl", ACL, acl_conf },
		{ "remotes", "remote", REMOTE, remote_conf },
		{ "policies", "policy", POLICY, policy_conf },
	};
	const struct ev *zones = ev_record_get(cfg, "zones");

	if (includes(c, cfg, b) < 0 || server(c, cfg, b) < 0)
		return -1;
	for (size_t i = 0; i < N(sections); i++) {
		gx_buf_printf(b, "\n%s:\n", sections[i].section);
		if (records(c, cfg, sections[i].field, sections[i].kind, sections[i].fn, b) < 0)
			return -1;
	}
	if (zones->type == EV_NIL)
		return 0;
	gx_buf_puts(b, "\nzone:\n");
	if (records(c, cfg, "zones", ZONE, zone_conf, b) < 0 || unique_domains(c, cfg) < 0)
		return -1;
	gx_buf_puts(b, "\n");
	return 0;
}

/* ---- the service ---- */

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	static const char *const dirs[] = { "/var/lib/knot", "/var/lib/knot/keys",
		                            "/var/lib/knot/keys/keys" };
	const struct ev *cfg = s->value;
	struct gx_buf b = GX_BUF_INIT;
	struct os_service *o;
	const char *prefix;
	struct ev *pkg;
	int r;

	if (svc_check_value(c, s, "a") < 0 || svc_refuse_extensions(c, s) < 0 ||
	    (pkg = svc_package(c, cfg, "knot")) == NULL ||
	    (prefix = osb_path_of(c, pkg, s->loc)) == NULL)
		return -1;
	r = conf_text(c, cfg, &b);
	if (r == 0)
		r = osb_add_file(c, CONF, b.data, b.len, 0444, NULL, cfg->loc);
	gx_buf_free(&b);
	if (r < 0 || osb_add_system_account(c, "knot", "knot", "knot dns server user", "/var/empty",
	                                    s->loc) < 0)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);
	svc_parent_dir(c, ev_record_get(cfg, "run-directory")->u.str.s);
	osb_add_dir(c, ev_record_get(cfg, "run-directory")->u.str.s, "knot", "knot", 0755);
	for (size_t i = 0; i < N(dirs); i++)
		osb_add_dir(c, dirs[i], "knot", "knot", 0755);
	{
		const char *argv[] = { gx_arena_printf(c->arena, "%s/sbin/knotc", prefix), "-c",
			               "/etc/" CONF, "conf-check", NULL };

		osb_add_check(c, argv, RTD, cfg->loc);
	}

	o = osb_add_service(c, "knot-service-type", s->loc);
	o->provision = svc_split(c, "knot dns");
	o->requirement = svc_split(c, "networking");
	o->documentation = "Run the Knot DNS daemon.";
	{
		const char *argv[] = { gx_arena_printf(c->arena, "%s/sbin/knotd", prefix), "-c",
			               "/etc/" CONF };

		svc_set_argv(c, o, argv, N(argv));
	}
	svc_add_action(c, o, "configuration", BC_ACTION_CONFIGURATION, "/etc/" CONF, 0, NULL);
	return 0;
}

const struct svc_def svc_knot = {
	"knot-service-type", SVC_RUN, NULL, RTD, SVC_NO_DEFAULT, NULL, NULL, false, expand, NULL,
};
