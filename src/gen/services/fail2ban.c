/* svc: fail2ban-service-type (gnu/services/security.scm): the fail2ban
 * server, as Guix's.  Guix's records with their fields and defaults:
 * fail2ban-configuration (fail2ban, run-in-foreground?, jails, extra-jails,
 * extra-content), fail2ban-jail-configuration (name, enabled?, backend,
 * max-retry, max-matches, find-time, ban-time, ban-time-increment?,
 * ban-time-factor, ban-time-formula, ban-time-multipliers,
 * ban-time-max-time, ban-time-rnd-time, ban-time-overall-jails?,
 * ignore-self?, ignore-ip, ignore-cache, filter, log-time-zone,
 * log-encoding, log-path, action, extra-content),
 * fail2ban-jail-filter-configuration (name, mode),
 * fail2ban-jail-action-configuration (name, arguments) and
 * fail2ban-ignore-cache-configuration (key, max-count, max-time); Guix has
 * no ban-time record (its ban-time-* are jail fields).  Other services
 * extend the type with lists of jails, appended to the jails field, as
 * Guix's compose and extend; the procedure (fail2ban-jail-service TYPE
 * JAIL) is TYPE with one more extension, of fail2ban-service-type with
 * JAIL.  The type's default value is an all-defaults record.
 *
 * What it makes, as Guix does: /etc/fail2ban/jail.local, Guix's
 * serialization byte for byte (each jail a section "[NAME]", then a
 * "KEY = VALUE" line per set field in the record's order, the key its
 * field's name without '?' and '-', "ban-time-" becoming "bantime.";
 * sections and the extra-content separated by a newline), over the
 * package's own /etc/fail2ban (Debian's filter.d and action.d, jail.conf,
 * paths-debian.conf); and the service fail2ban (requirement
 * user-processes), Guix's command line:
 *
 *     fail2ban-server -c /etc/fail2ban -p /var/run/fail2ban/fail2ban.pid
 *                     -s /var/run/fail2ban/fail2ban.sock -b start
 *
 * (-f instead of -b with run-in-foreground?).  Every value is checked to
 * stay in its line (no newline or control character), a section name, a
 * list word, an action's "NAME[KEY=VALUE,...]" syntax or the quoted
 * ignore-cache key; the extra-content are raw text, as in Guix.  At build
 * time `fail2ban-client -t` tests the whole configuration (filters and
 * actions found, options read; a log file the build cannot have is no
 * refusal), a refusal a located note.
 *
 * Where gxsys differs from Guix, for Debian's package:
 * - Debian's jail.d/defaults-debian.conf enables its sshd jail, which
 *   Guix's package does not have (a system without /var/log/auth.log would
 *   not start): gxsys writes it empty, so that the declared jails are the
 *   ones that run, as in Guix.
 * - Debian's jail.conf bans with iptables-multiport: the iptables package
 *   joins the profile, and the system keeps CAP_NET_ADMIN on a network of
 *   its own (as nftables-service-type): the bans are the container's
 *   firewall rules, never the host's; on the host's network (run-container
 *   -N) gxsys-init does not start fail2ban.  The pyinotify backend adds
 *   Debian's python3-pyinotify; the systemd backend is an error (no
 *   journal in a container), and so is gamin (Debian 12 has no Python
 *   gamin module).
 * - Guix joins several actions with a bare newline, which Python's
 *   configparser refuses (a line with no key): gxsys indents the
 *   continuation lines, which makes the same multi-line value.
 * - The extra-content fields take a string (Guix's maybe-string) or a
 *   list of strings and file-like objects (Guix's newer text-config), the
 *   texts joined with newlines.
 * - Guix stops the server with `fail2ban-server ... stop`; gxsys-init
 *   sends it SIGTERM, on which fail2ban-server makes the same orderly
 *   shutdown (each jail's actionstop, its rules removed).
 * - The state directories (/var/run/fail2ban, Debian's database directory
 *   /var/lib/fail2ban) are made at boot. */
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "fail2ban-configuration"
#define JAIL "fail2ban-jail-configuration"
#define FILTER "fail2ban-jail-filter-configuration"
#define ACTION "fail2ban-jail-action-configuration"
#define CACHE "fail2ban-ignore-cache-configuration"
#define RUN "/var/run/fail2ban"
#define WORD_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"

static struct ev *d_package(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "fail2ban", loc);
}

/* Guix's %unset-value of the maybe- fields. */
static struct ev *d_unset(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_unspec(c, loc);
}

#define UNSET(name)                                                                                \
	{                                                                                          \
		name, D_FN, 0, NULL, d_unset, NULL                                                 \
	}

static const struct ev_field fields[] = {
	{ "fail2ban", D_FN, 0, NULL, d_package, NULL },
	{ "run-in-foreground?", D_FALSE, 0, NULL, NULL, NULL },
	{ "jails", D_NIL, 0, NULL, NULL, NULL },
	{ "extra-jails", D_NIL, 0, NULL, NULL, NULL },
	UNSET("extra-content"),
};

static const struct ev_field jail_fields[] = {
	{ "name", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "enabled?", D_TRUE, 0, NULL, NULL, NULL },
	UNSET("backend"),
	UNSET("max-retry"),
	UNSET("max-matches"),
	UNSET("find-time"),
	UNSET("ban-time"),
	UNSET("ban-time-increment?"),
	UNSET("ban-time-factor"),
	UNSET("ban-time-formula"),
	UNSET("ban-time-multipliers"),
	UNSET("ban-time-max-time"),
	UNSET("ban-time-rnd-time"),
	UNSET("ban-time-overall-jails?"),
	UNSET("ignore-self?"),
	{ "ignore-ip", D_NIL, 0, NULL, NULL, NULL },
	UNSET("ignore-cache"),
	UNSET("filter"),
	UNSET("log-time-zone"),
	UNSET("log-encoding"),
	{ "log-path", D_NIL, 0, NULL, NULL, NULL },
	{ "action", D_NIL, 0, NULL, NULL, NULL },
	UNSET("extra-content"),
};

static const struct ev_field filter_fields[] = {
	{ "name", D_REQUIRED, 0, NULL, NULL, NULL },
	UNSET("mode"),
};

static const struct ev_field action_fields[] = {
	{ "name", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "arguments", D_NIL, 0, NULL, NULL, NULL },
};

static const struct ev_field cache_fields[] = {
	{ "key", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "max-count", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "max-time", D_REQUIRED, 0, NULL, NULL, NULL },
};

static const struct ev_rtd rtd = { RTD, fields, N(fields), false };
static const struct ev_rtd jail_rtd = { JAIL, jail_fields, N(jail_fields), false };
static const struct ev_rtd filter_rtd = { FILTER, filter_fields, N(filter_fields), false };
static const struct ev_rtd action_rtd = { ACTION, action_fields, N(action_fields), false };
static const struct ev_rtd cache_rtd = { CACHE, cache_fields, N(cache_fields), false };

const struct ev_rtd *const svc_fail2ban_records[] = { &rtd,        &jail_rtd,  &filter_rtd,
	                                              &action_rtd, &cache_rtd, NULL };

/* ---- fail2ban-jail-service ---- */

/* (fail2ban-jail-service TYPE JAIL): TYPE, with one more extension, of
 * fail2ban-service-type with (list JAIL), as Guix's.  The jail is checked
 * when fail2ban expands. */
static struct ev *p_jail_service(struct ev_ctx *c, struct ev **a, size_t n, struct sx_loc loc)
{
	struct ev *target = ev_lookup(c->global, "fail2ban-service-type");
	struct ev *ext = ev_record_new(c, &ev_extension_rtd, loc), *v, **tail;
	struct ev_stype *t;

	(void)n;
	if (a[0]->type != EV_SERVICE_TYPE || a[0]->u.stype->target != NULL)
		return ev_fail(c, a[0]->loc,
		               "fail2ban-jail-service: expected a service type, got %s",
		               ev_repr(c, a[0]));
	if (!ev_record_is(a[1], JAIL))
		return ev_fail(c, a[1]->loc, "fail2ban-jail-service: expected a " JAIL ", got %s",
		               ev_repr(c, a[1]));
	if (target == NULL || target->type != EV_SERVICE_TYPE)
		return ev_fail(c, loc, "fail2ban-jail-service: fail2ban-service-type is not bound");
	ext->u.rec->values[0] = target;
	ext->u.rec->values[1] = ev_const_proc(c, ev_cons(c, a[1], ev_nil(c, loc), loc), loc);
	t = gx_arena_alloc(c->arena, sizeof(*t));
	*t = *a[0]->u.stype;
	/* A copy of TYPE's extensions, then this one. */
	t->extensions = ev_nil(c, loc);
	tail = &t->extensions;
	for (struct ev *p = a[0]->u.stype->extensions; p != NULL && p->type == EV_PAIR;
	     p = p->u.pair.cdr) {
		*tail = ev_cons(c, p->u.pair.car, *tail, loc);
		tail = &(*tail)->u.pair.cdr;
	}
	*tail = ev_cons(c, ext, *tail, loc);
	v = ev_new(c, EV_SERVICE_TYPE, loc);
	v->u.stype = t;
	return v;
}

static const struct ev_prim jail_service_prim = { "fail2ban-jail-service", 2, 2, p_jail_service };

void svc_fail2ban_install(struct ev_ctx *c)
{
	struct ev *v = ev_new(c, EV_PRIM, (struct sx_loc){ NULL, 0, 0 });

	v->u.prim = &jail_service_prim;
	ev_define(c, c->global, jail_service_prim.name, v);
}

/* ---- checks ---- */

static bool is_unset(const struct ev *v)
{
	return v->type == EV_UNSPEC;
}

/* V a string of one line: not empty, no control character (a newline
 * would start a line of its own in jail.local). */
static bool line_ok(const struct ev *v)
{
	return v->type == EV_STRING && v->u.str.len > 0 &&
	       !gx_has_control(v->u.str.s, v->u.str.len);
}

/* A name made of letters, digits, '.', '_' and '-' (a filter.d or
 * action.d file's, an argument's). */
static bool word_ok(const char *s)
{
	return s[0] != '\0' && s[strspn(s, WORD_CHARS)] == '\0' && strcmp(s, ".") != 0 &&
	       strcmp(s, "..") != 0;
}

/* A jail's name: a section of jail.local, one word for fail2ban-client
 * (no white space, brackets or '%'), not a section of another meaning. */
static bool jail_name_ok(const struct ev *v)
{
	return line_ok(v) && !svc_has_space(v->u.str.s) && strpbrk(v->u.str.s, "[]%") == NULL &&
	       strcmp(v->u.str.s, "DEFAULT") != 0 && strcmp(v->u.str.s, "INCLUDES") != 0 &&
	       strcmp(v->u.str.s, "Definition") != 0 && strcmp(v->u.str.s, "Init") != 0;
}

/* The text of a raw extra-content: a string, or a list of strings and
 * file-like objects (text-config), joined with newlines; NULL after an
 * error at the field. */
static const char *raw_text(struct ev_ctx *c, const struct ev *rec, const char *field)
{
	static const char expected[] =
	        "a string or a list of strings and file-like objects (plain-file, "
	        "local-file, mixed-text-file), without NUL characters";
	const struct ev *v = ev_record_get(rec, field);
	struct gx_buf b = GX_BUF_INIT;
	struct sx_loc at = svc_field_loc(rec, field, rec->loc);

	if (v->type == EV_STRING) {
		if (strlen(v->u.str.s) != v->u.str.len)
			return svc_bad_field(c, rec, field, expected), NULL;
		return v->u.str.s;
	}
	if (!ev_is_list(v))
		return svc_bad_field(c, rec, field, expected), NULL;
	for (const struct ev *p = v; p->type == EV_PAIR; p = p->u.pair.cdr) {
		const struct ev *e = p->u.pair.car;
		const char *data = NULL;
		size_t len = 0;

		if (e->type == EV_STRING) {
			data = e->u.str.s;
			len = e->u.str.len;
		} else if (e->type != EV_FILE ||
		           (e->u.file->kind != F_PLAIN && e->u.file->kind != F_LOCAL &&
		            e->u.file->kind != F_MIXED) ||
		           osb_file_content(c, (struct ev *)e, &data, &len, at) < 0) {
			gx_buf_free(&b);
			return ev_failed(c) ? NULL : (svc_bad_field(c, rec, field, expected), NULL);
		}
		if (memchr(data, '\0', len) != NULL) {
			gx_buf_free(&b);
			return svc_bad_field(c, rec, field, expected), NULL;
		}
		if (p != v)
			gx_buf_putc(&b, '\n');
		gx_buf_add(&b, data, len);
	}
	{
		const char *r = gx_arena_strdup(c->arena, b.data != NULL ? b.data : "");

		gx_buf_free(&b);
		return r;
	}
}

/* ---- serialization ---- */

/* Guix's fail2ban-jail-configuration-serialize-field-name. */
static const char *key_of(struct ev_ctx *c, const char *field)
{
	struct gx_buf b = GX_BUF_INIT;
	const char *r;

	if (strncmp(field, "ban-time-", 9) == 0) {
		gx_buf_puts(&b, "bantime.");
		field += 9;
	}
	for (const char *p = field; *p; p++)
		if (*p != '-' && *p != '?')
			gx_buf_putc(&b, *p);
	r = gx_arena_strdup(c->arena, b.data);
	gx_buf_free(&b);
	return r;
}

static void put_key(struct ev_ctx *c, struct gx_buf *out, const char *field, const char *value)
{
	gx_buf_printf(out, "%s = %s\n", key_of(c, field), value);
}

/* A maybe-boolean or boolean field. */
static int put_bool(struct ev_ctx *c, struct gx_buf *out, const struct ev *j, const char *field)
{
	const struct ev *v = ev_record_get(j, field);

	if (is_unset(v))
		return 0;
	if (v->type != EV_BOOL)
		return svc_bad_field(c, j, field, "#t or #f");
	put_key(c, out, field, v->u.b ? "true" : "false");
	return 0;
}

static int put_int(struct ev_ctx *c, struct gx_buf *out, const struct ev *j, const char *field)
{
	const struct ev *v = ev_record_get(j, field);

	if (is_unset(v))
		return 0;
	if (v->type != EV_INT || v->u.i < 0)
		return svc_bad_field(c, j, field, "a non-negative integer");
	put_key(c, out, field, gx_arena_printf(c->arena, "%lld", (long long)v->u.i));
	return 0;
}

/* A maybe-string: one line of text. */
static int put_string(struct ev_ctx *c, struct gx_buf *out, const struct ev *j, const char *field)
{
	const struct ev *v = ev_record_get(j, field);

	if (is_unset(v))
		return 0;
	if (!line_ok(v))
		return svc_bad_field(c, j, field,
		                     "a non-empty string without newlines or control characters");
	put_key(c, out, field, v->u.str.s);
	return 0;
}

/* A maybe-symbol among CHOICES (NULL-terminated). */
static int put_choice(struct ev_ctx *c, struct gx_buf *out, const struct ev *j, const char *field,
                      const char *const *choices, const char *expected)
{
	const struct ev *v = ev_record_get(j, field);

	if (is_unset(v))
		return 0;
	for (size_t i = 0; v->type == EV_SYMBOL && choices[i] != NULL; i++)
		if (strcmp(v->u.str.s, choices[i]) == 0) {
			put_key(c, out, field, choices[i]);
			return 0;
		}
	return svc_bad_field(c, j, field, expected);
}

/* A list of words joined with spaces (left out when empty); PATHS: each
 * an absolute file name (a glob may be in it). */
static int put_words(struct ev_ctx *c, struct gx_buf *out, const struct ev *j, const char *field,
                     bool paths)
{
	const char **v;

	if (svc_string_list(c, j, field, &v) < 0)
		return -1;
	for (size_t i = 0; v[i] != NULL; i++)
		if (v[i][0] == '\0' || svc_has_space(v[i]) || (paths && !svc_path_ok(v[i], "")))
			return svc_bad_field(c, j, field,
			                     paths ? "a list of absolute file names without white "
			                             "space, control "
			                             "characters, \".\" or \"..\" components"
			                           : "a list of non-empty strings without white "
			                             "space or control "
			                             "characters");
	if (v[0] != NULL)
		put_key(c, out, field, svc_join(c, v, " "));
	return 0;
}

static int put_ignore_cache(struct ev_ctx *c, struct gx_buf *out, const struct ev *j)
{
	const struct ev *v = ev_record_get(j, "ignore-cache");
	const struct ev *key;
	long count, time;

	if (is_unset(v))
		return 0;
	if (!ev_record_is(v, CACHE))
		return svc_bad_field(c, j, "ignore-cache", "a " CACHE);
	key = ev_record_get(v, "key");
	if (!line_ok(key) || strpbrk(key->u.str.s, "\"\\") != NULL)
		return svc_bad_field(c, v, "key",
		                     "a non-empty string without quotes, backslashes, newlines or "
		                     "control characters");
	if (ev_get_int(c, v, "max-count", 0, 1L << 30, &count) < 0 ||
	    ev_get_int(c, v, "max-time", 0, 1L << 30, &time) < 0)
		return -1;
	put_key(c, out, "ignore-cache",
	        gx_arena_printf(c->arena, "key=\"%s\", max-count=%ld, max-time=%ld", key->u.str.s,
	                        count, time));
	return 0;
}

static int put_filter(struct ev_ctx *c, struct gx_buf *out, const struct ev *j)
{
	const struct ev *v = ev_record_get(j, "filter"), *name, *mode;

	if (is_unset(v))
		return 0;
	if (!ev_record_is(v, FILTER))
		return svc_bad_field(c, j, "filter", "a " FILTER);
	name = ev_record_get(v, "name");
	mode = ev_record_get(v, "mode");
	if (name->type != EV_STRING || !line_ok(name) || !word_ok(name->u.str.s))
		return svc_bad_field(c, v, "name",
		                     "a filter's name (a file of filter.d: letters, digits, '.', "
		                     "'_', '-')");
	if (!is_unset(mode) && (!line_ok(mode) || !word_ok(mode->u.str.s)))
		return svc_bad_field(c, v, "mode", "a mode (letters, digits, '.', '_', '-')");
	put_key(c, out, "filter",
	        is_unset(mode)
	                ? name->u.str.s
	                : gx_arena_printf(c->arena, "%s[mode=%s]", name->u.str.s, mode->u.str.s));
	return 0;
}

/* An action argument's value: a string written as it is (no ',', ']' or
 * quote, which would end it), or a list of strings joined with commas in
 * double quotes (no quote or comma in them). */
static bool arg_value_ok(const struct ev *v)
{
	if (v->type == EV_STRING)
		return !gx_has_control(v->u.str.s, v->u.str.len) &&
		       strpbrk(v->u.str.s, ",[]\"'") == NULL;
	if (!ev_is_list(v))
		return false;
	for (const struct ev *p = v; p->type == EV_PAIR; p = p->u.pair.cdr) {
		const struct ev *e = p->u.pair.car;

		if (e->type != EV_STRING || gx_has_control(e->u.str.s, e->u.str.len) ||
		    strpbrk(e->u.str.s, ",\"") != NULL)
			return false;
	}
	return true;
}

/* Guix's serialize-fail2ban-jail-action-configuration: NAME, or
 * NAME[KEY=VALUE,KEY="V1,V2",...]. */
static int action_text(struct ev_ctx *c, const struct ev *a, struct gx_buf *out)
{
	const struct ev *name = ev_record_get(a, "name"), *args = ev_record_get(a, "arguments");

	if (!line_ok(name) || !word_ok(name->u.str.s))
		return svc_bad_field(c, a, "name",
		                     "an action's name (a file of action.d: letters, digits, '.', "
		                     "'_', '-')");
	gx_buf_puts(out, name->u.str.s);
	if (!ev_is_list(args))
		goto wrong;
	for (const struct ev *p = args; p->type == EV_PAIR; p = p->u.pair.cdr) {
		const struct ev *e = p->u.pair.car, *k, *val;

		if (e->type != EV_PAIR)
			goto wrong;
		k = e->u.pair.car;
		val = e->u.pair.cdr;
		if (k->type != EV_STRING || !line_ok(k) || !word_ok(k->u.str.s) ||
		    !arg_value_ok(val))
			goto wrong;
		gx_buf_printf(out, "%s%s=", p == args ? "[" : ",", k->u.str.s);
		if (val->type == EV_STRING) {
			gx_buf_puts(out, val->u.str.s);
			continue;
		}
		gx_buf_putc(out, '"');
		for (const struct ev *q = val; q->type == EV_PAIR; q = q->u.pair.cdr)
			gx_buf_printf(out, "%s%s", q == val ? "" : ",", q->u.pair.car->u.str.s);
		gx_buf_putc(out, '"');
	}
	if (args->type == EV_PAIR)
		gx_buf_putc(out, ']');
	return 0;
wrong:
	return svc_bad_field(c, a, "arguments",
	                     "a list of (\"KEY\" . VALUE) pairs, KEY of letters, digits, '.', "
	                     "'_', '-', VALUE a string without ',', brackets, quotes or control "
	                     "characters, or a list of strings without ',', quotes or control "
	                     "characters");
}

/* The actions, one a line: the lines after the first indented, which
 * makes them one value (Guix's bare newline would be a line with no
 * key). */
static int put_actions(struct ev_ctx *c, struct gx_buf *out, const struct ev *j)
{
	const struct ev *v = ev_record_get(j, "action");
	struct gx_buf b = GX_BUF_INIT;

	if (!ev_is_list(v))
		return svc_bad_field(c, j, "action", "a list of " ACTION " records");
	for (const struct ev *p = v; p->type == EV_PAIR; p = p->u.pair.cdr) {
		if (!ev_record_is(p->u.pair.car, ACTION)) {
			gx_buf_free(&b);
			return svc_bad_field(c, j, "action", "a list of " ACTION " records");
		}
		if (p != v)
			gx_buf_puts(&b, "\n         ");
		if (action_text(c, p->u.pair.car, &b) < 0) {
			gx_buf_free(&b);
			return -1;
		}
	}
	if (v->type == EV_PAIR)
		put_key(c, out, "action", b.data);
	gx_buf_free(&b);
	return 0;
}

static const char *const backends[] = { "auto", "pyinotify", "polling", NULL };
static const char *const encodings[] = { "auto", "utf-8", "ascii", NULL };

/* The fields after the name, in Guix's order: a table of their kinds. */
enum kind {
	K_BOOL,
	K_INT,
	K_STRING,
	K_BACKEND,
	K_WORDS,
	K_PATHS,
	K_CACHE,
	K_FILTER,
	K_ENCODING,
	K_ACTION
};

static const struct {
	const char *field;
	enum kind kind;
} jail_keys[] = {
	{ "enabled?", K_BOOL },
	{ "backend", K_BACKEND },
	{ "max-retry", K_INT },
	{ "max-matches", K_INT },
	{ "find-time", K_STRING },
	{ "ban-time", K_STRING },
	{ "ban-time-increment?", K_BOOL },
	{ "ban-time-factor", K_STRING },
	{ "ban-time-formula", K_STRING },
	{ "ban-time-multipliers", K_STRING },
	{ "ban-time-max-time", K_STRING },
	{ "ban-time-rnd-time", K_STRING },
	{ "ban-time-overall-jails?", K_BOOL },
	{ "ignore-self?", K_BOOL },
	{ "ignore-ip", K_WORDS },
	{ "ignore-cache", K_CACHE },
	{ "filter", K_FILTER },
	{ "log-time-zone", K_STRING },
	{ "log-encoding", K_ENCODING },
	{ "log-path", K_PATHS },
	{ "action", K_ACTION },
};

static int put_field(struct ev_ctx *c, struct gx_buf *out, const struct ev *j, size_t i)
{
	const char *f = jail_keys[i].field;

	switch (jail_keys[i].kind) {
	case K_BOOL:
		return put_bool(c, out, j, f);
	case K_INT:
		return put_int(c, out, j, f);
	case K_STRING:
		return put_string(c, out, j, f);
	case K_BACKEND:
		return put_choice(c, out, j, f, backends,
		                  "unset or one of the symbols auto, pyinotify and polling (Debian "
		                  "has no gamin module; a gxsys container has no systemd journal)");
	case K_ENCODING:
		return put_choice(c, out, j, f, encodings,
		                  "unset or one of the symbols auto, utf-8 and ascii");
	case K_WORDS:
		return put_words(c, out, j, f, false);
	case K_PATHS:
		return put_words(c, out, j, f, true);
	case K_CACHE:
		return put_ignore_cache(c, out, j);
	case K_FILTER:
		return put_filter(c, out, j);
	case K_ACTION:
	default:
		return put_actions(c, out, j);
	}
}

/* Guix's serialize-fail2ban-jail-configuration. */
static int put_jail(struct ev_ctx *c, struct gx_buf *out, const struct ev *j)
{
	const struct ev *name = ev_record_get(j, "name"),
	                *extra = ev_record_get(j, "extra-content");

	if (!jail_name_ok(name))
		return svc_bad_field(c, j, "name",
		                     "a jail's name (a non-empty string without white space, "
		                     "brackets, '%' or control characters, not DEFAULT, INCLUDES, "
		                     "Definition or Init)");
	gx_buf_printf(out, "[%s]\n", name->u.str.s);
	for (size_t i = 0; i < N(jail_keys); i++)
		if (put_field(c, out, j, i) < 0)
			return -1;
	if (!is_unset(extra)) {
		const char *text = raw_text(c, j, "extra-content");

		if (text == NULL)
			return -1;
		gx_buf_printf(out, "\n%s\n", text);
	}
	return 0;
}

/* ---- the service ---- */

struct jails {
	const struct ev **v;
	size_t n, cap;
};

/* Add the jails of list V (WHAT at AT says what gives it). */
static int add_jails(struct ev_ctx *c, struct jails *js, const struct ev *v, const char *what,
                     struct sx_loc at)
{
	const struct ev *wrong = ev_is_list(v) ? NULL : v;

	for (const struct ev *p = v; wrong == NULL && p->type == EV_PAIR; p = p->u.pair.cdr)
		if (!ev_record_is(p->u.pair.car, JAIL))
			wrong = p->u.pair.car;
	if (wrong != NULL)
		return ev_failn(c, at, "%s: expected a list of " JAIL " records, got %s", what,
		                ev_repr(c, wrong));
	for (const struct ev *p = v; p->type == EV_PAIR; p = p->u.pair.cdr) {
		const struct ev *name = ev_record_get(p->u.pair.car, "name");

		for (size_t i = 0; name->type == EV_STRING && i < js->n; i++) {
			const struct ev *other = ev_record_get(js->v[i], "name");

			if (ev_equal(name, other))
				return ev_failn(
				        c, svc_field_loc(p->u.pair.car, "name", p->u.pair.car->loc),
				        JAIL ": two jails are named %s (line %d): each "
				             "needs a name of its own",
				        ev_repr(c, name), js->v[i]->loc.line);
		}
		EV_ARENA_GROW(c, js->v, js->n, js->cap);
		js->v[js->n++] = p->u.pair.car;
	}
	return 0;
}

/* The jails, in Guix's order: the jails field, the extensions' (appended
 * to it by Guix's extend), then extra-jails. */
static int all_jails(struct ev_ctx *c, const struct svc_instance *s, struct jails *js)
{
	const struct ev *cfg = s->value;

	if (add_jails(c, js, ev_record_get(cfg, "jails"), RTD ": field 'jails'",
	              svc_field_loc(cfg, "jails", s->loc)) < 0)
		return -1;
	for (const struct svc_ext *e = s->exts; e != NULL; e = e->next)
		if (add_jails(c, js, e->value, e->origin, e->loc) < 0)
			return -1;
	return add_jails(c, js, ev_record_get(cfg, "extra-jails"), RTD ": field 'extra-jails'",
	                 svc_field_loc(cfg, "extra-jails", s->loc));
}

/* jail.local: the jails and the extra-content, a newline between each. */
static const char *jail_local(struct ev_ctx *c, const struct ev *cfg, const struct jails *js)
{
	struct gx_buf b = GX_BUF_INIT;
	const struct ev *extra = ev_record_get(cfg, "extra-content");
	const char *text = "", *r;

	for (size_t i = 0; i < js->n; i++) {
		if (put_jail(c, &b, js->v[i]) < 0) {
			gx_buf_free(&b);
			return NULL;
		}
		gx_buf_putc(&b, '\n');
	}
	if (!is_unset(extra) && (text = raw_text(c, cfg, "extra-content")) == NULL) {
		gx_buf_free(&b);
		return NULL;
	}
	gx_buf_puts(&b, text);
	r = gx_arena_strdup(c->arena, b.data != NULL ? b.data : "");
	gx_buf_free(&b);
	return r;
}

static bool uses_backend(const struct jails *js, const char *backend)
{
	for (size_t i = 0; i < js->n; i++) {
		const struct ev *v = ev_record_get(js->v[i], "backend");

		if (v->type == EV_SYMBOL && strcmp(v->u.str.s, backend) == 0)
			return true;
	}
	return false;
}

static const char debian_defaults[] =
        "# Written empty by gxsys: Debian's defaults-debian.conf enables its sshd\n"
        "# jail; the jails of fail2ban-service-type are the ones declared, as in Guix.\n";

static void add_check(struct ev_ctx *c, const char *prefix, struct sx_loc at)
{
	const char *argv[] = { gx_arena_printf(c->arena, "%s/bin/fail2ban-client", prefix), "-c",
		               "/etc/fail2ban", "--test", NULL };
	struct os_model *m = c->osb.m;

	osb_add_check(c, argv, RTD, at);
	/* The build container has no log files: that alone is no refusal (the
	 * filters and actions are read before). */
	m->checks[m->n_checks - 1].error_mark = "Failed during configuration: ";
	m->checks[m->n_checks - 1].cannot_finish = "Have not found any log file";
}

static void add_service(struct ev_ctx *c, const struct svc_instance *s, const char *prefix,
                        bool foreground)
{
	struct os_service *o = osb_add_service(c, "fail2ban-service-type", s->loc);
	const char *argv[] = { gx_arena_printf(c->arena, "%s/bin/fail2ban-server", prefix),
		               "-c",
		               "/etc/fail2ban",
		               "-p",
		               RUN "/fail2ban.pid",
		               "-s",
		               RUN "/fail2ban.sock",
		               foreground ? "-f" : "-b",
		               "start" };

	o->provision = svc_split(c, "fail2ban");
	o->requirement = svc_split(c, "user-processes");
	o->documentation = "Run the fail2ban daemon.";
	svc_set_argv(c, o, argv, N(argv));
	if (!foreground)
		o->pid_file = RUN "/fail2ban.pid";
	/* Its bans are firewall rules: the container's own only. */
	o->private_network = true;
	c->osb.m->net_admin = true;
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	const struct ev *cfg = s->value;
	struct jails js = { NULL, 0, 0 };
	const char *prefix, *text;
	bool foreground;
	struct ev *pkg;

	if (svc_check_value(c, s, "a") < 0 || (pkg = svc_package(c, cfg, "fail2ban")) == NULL ||
	    ev_get_bool(c, cfg, "run-in-foreground?", &foreground) < 0 ||
	    all_jails(c, s, &js) < 0 || (text = jail_local(c, cfg, &js)) == NULL ||
	    (prefix = osb_path_of(c, pkg, s->loc)) == NULL)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);
	/* Debian's jail.conf bans with iptables-multiport. */
	osb_add_package(c, "iptables", NULL, false, s->loc);
	if (uses_backend(&js, "pyinotify"))
		osb_add_package(c, "python3-pyinotify", NULL, false, s->loc);
	if (osb_add_file(c, "fail2ban/jail.local", text, strlen(text), 0644, NULL, s->loc) < 0 ||
	    osb_add_file(c, "fail2ban/jail.d/defaults-debian.conf", debian_defaults,
	                 sizeof(debian_defaults) - 1, 0644, NULL, s->loc) < 0)
		return -1;
	svc_parent_dir(c, RUN "/fail2ban.pid");
	osb_add_dir(c, "/var/lib/fail2ban", "root", "root", 0755);
	add_check(c, prefix, s->loc);
	add_service(c, s, prefix, foreground);
	return 0;
}

const struct svc_def svc_fail2ban = {
	"fail2ban-service-type",
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
