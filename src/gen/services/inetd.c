/* svc: inetd-service-type (gnu/services/networking.scm): the Internet
 * superserver, as Guix's.  Guix's inetd-configuration (program, entries)
 * and inetd-entry (node, name, socket-type, protocol, wait?, user, program,
 * arguments) records with Guix's defaults; the type has no default value,
 * and other services extend it with lists of inetd-entry, appended.
 *
 * What it makes, as Guix does: /etc/inetd.conf, one line an entry, Guix's
 * text ("[NODE:]NAME SOCKET-TYPE PROTOCOL wait|nowait USER PROGRAM ARGS...",
 * joined by single spaces); the service `inetd` (requirement user-processes,
 * networking and syslogd) running PROGRAM with that file, which daemonizes
 * and writes /var/run/inetd.pid, waited for as Guix's #:pid-file.  Without
 * entries there is no service (and no file), as in Guix: a note says so.
 *
 * Where gxsys differs:
 * - Guix keeps the file in the store; here it is /etc/inetd.conf.
 * - The default program, Guix's (file-append inetutils "/libexec/inetd"),
 *   is Debian's inetutils-inetd, /usr/sbin/inetutils-inetd (the same GNU
 *   inetd; Debian's package inetutils-inetd is added to the system).  It is
 *   run as Guix runs it, without options: it daemonizes and writes
 *   /run/inetd.pid, which is /var/run/inetd.pid in a gxsys system (a
 *   link), the file Guix waits for.  Its -d would keep it in the
 *   foreground, but it also turns debugging output on; it is not used.
 * - inetd reads a line as words split at spaces and tabs (its argcv): a
 *   word starting with a quote runs to the matching quote, a '"' ends a
 *   word, a '#' in column 1 makes a comment, and the first word's last ':'
 *   separates the node from the name.  Guix writes the values as they are;
 *   gxsys checks that each one stays the word it is: no white space,
 *   control characters or quotes, not empty, no ':' in a name.
 * - The accounts of `user` ("USER", "USER:GROUP" or "USER.GROUP", split as
 *   inetd does) must be declared (inetd would skip the entry at boot), and
 *   an "internal" program must be one of inetd's built-in services for that
 *   socket type (echo, discard, time, daytime, chargen on stream or dgram;
 *   tcpmux on stream), which inetd would skip too.
 * - A program is "internal", an absolute file name, a file-append (of a
 *   package: the package is added to the system) or a local-file of an
 *   executable file; an argument is a string or any file-like object (its
 *   path in the container). */
#include <string.h>

#include "etc.h"
#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "inetd-configuration"
#define ENTRY "inetd-entry"
#define CONF "inetd.conf" /* under /etc */
#define PID_FILE "/var/run/inetd.pid"
/* Guix's default program, and what it is on Debian. */
#define GUIX_PACKAGE "inetutils"
#define GUIX_SUFFIX "/libexec/inetd"
#define DEBIAN_PACKAGE "inetutils-inetd"
#define DEBIAN_INETD "/usr/sbin/inetutils-inetd"

static const char word_rule[] = "without white space, control characters or quotes";

/* (file-append inetutils "/libexec/inetd") */
static struct ev *d_program(struct ev_ctx *c, struct sx_loc loc)
{
	struct ev *v = ev_new(c, EV_FILE, loc);

	v->u.file = gx_arena_alloc(c->arena, sizeof(*v->u.file));
	memset(v->u.file, 0, sizeof(*v->u.file));
	v->u.file->kind = F_APPEND;
	v->u.file->name = "inetd";
	v->u.file->base = ev_package(c, GUIX_PACKAGE, loc);
	v->u.file->suffix = GUIX_SUFFIX;
	return v;
}

static const struct ev_field fields[] = {
	{ "program", D_FN, 0, NULL, d_program, NULL },
	{ "entries", D_NIL, 0, NULL, NULL, NULL },
};

static const struct ev_field entry_fields[] = {
	{ "node", D_FALSE, 0, NULL, NULL, NULL },
	{ "name", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "socket-type", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "protocol", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "wait?", D_TRUE, 0, NULL, NULL, NULL },
	{ "user", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "program", D_STRING, 0, "internal", NULL, NULL },
	{ "arguments", D_NIL, 0, NULL, NULL, NULL },
};

static const struct ev_rtd rtd = { RTD, fields, N(fields), false };
static const struct ev_rtd entry_rtd = { ENTRY, entry_fields, N(entry_fields), false };

const struct ev_rtd *const svc_inetd_records[] = { &rtd, &entry_rtd, NULL };

/* Whether S (LEN bytes) is one word inetd reads back as it is. */
static bool word_ok(const char *s, size_t len)
{
	return len > 0 && strlen(s) == len && !svc_has_space(s) && strpbrk(s, "\"'") == NULL &&
	       strchr(s, 0x7f) == NULL;
}

static bool string_word(const struct ev *v)
{
	return v->type == EV_STRING && word_ok(v->u.str.s, v->u.str.len);
}

/* A file-like object's path; a file-append's package is added to the
 * system. */
static const char *file_path(struct ev_ctx *c, struct ev *v, struct sx_loc loc)
{
	const char *path = osb_path_of(c, v, loc);

	if (path != NULL && v->u.file->kind == F_APPEND && v->u.file->base->type == EV_PACKAGE)
		osb_add_package(c, v->u.file->base->u.pkg.name, v->u.file->base->u.pkg.output,
		                false, loc);
	return path;
}

/* REC's FIELD, a program inetd runs: an absolute file name, a file-append
 * or a local-file of an executable; with INTERNAL, "internal" too. */
static int program_field(struct ev_ctx *c, const struct ev *rec, const char *field, bool internal,
                         const char **out)
{
	struct ev *v = ev_record_get(rec, field);
	const char *expected =
	        internal ? "\"internal\", an absolute file name, a file-append or a local-file "
	                   "of an executable file, without white space, control characters or "
	                   "quotes"
	                 : "an absolute file name, a file-append or a local-file of an "
	                   "executable file, without white space, control characters or quotes";

	if (v->type == EV_STRING) {
		*out = v->u.str.s;
		if (strlen(*out) == v->u.str.len &&
		    ((internal && strcmp(*out, "internal") == 0) || svc_path_ok(*out, "\"'")))
			return 0;
		return svc_bad_field(c, rec, field, expected);
	}
	if (v->type != EV_FILE || !(v->u.file->kind == F_APPEND || v->u.file->kind == F_LOCAL) ||
	    (v->u.file->kind == F_LOCAL && (v->u.file->mode & 0111) == 0))
		return svc_bad_field(c, rec, field, expected);
	if ((*out = file_path(c, v, svc_field_loc(rec, field, rec->loc))) == NULL)
		return -1;
	return svc_path_ok(*out, "\"'") ? 0 : svc_bad_field(c, rec, field, expected);
}

/* inetd's built-in services (its biltins[]): NAME on stream, on dgram. */
static bool builtin(const char *name, const char *type)
{
	static const char *const names[] = { "echo", "discard", "time", "daytime", "chargen" };

	if (strcmp(name, "tcpmux") == 0)
		return strcmp(type, "stream") == 0;
	for (size_t i = 0; i < N(names); i++)
		if (strcmp(name, names[i]) == 0)
			return strcmp(type, "stream") == 0 || strcmp(type, "dgram") == 0;
	return false;
}

/* "USER", "USER:GROUP" or "USER.GROUP", split as inetd does; both
 * declared. */
static int user_field(struct ev_ctx *c, const struct ev *e, const char **out)
{
	const struct ev *v = ev_record_get(e, "user");
	struct sx_loc loc = svc_field_loc(e, "user", e->loc);
	char *user, *group;

	if (!string_word(v))
		return svc_bad_field(c, e, "user",
		                     "an account name, \"USER:GROUP\" or \"USER.GROUP\"");
	*out = v->u.str.s;
	user = gx_arena_printf(c->arena, "%s", v->u.str.s);
	group = strchr(user, ':') ? strchr(user, ':') : strchr(user, '.');
	if (group != NULL)
		*group++ = '\0';
	if (!etc_valid_account_name(user) || (group != NULL && !etc_valid_account_name(group)))
		return svc_bad_field(c, e, "user",
		                     "an account name, \"USER:GROUP\" or \"USER.GROUP\"");
	osb_require_account(c, user, false, ENTRY ": field 'user'", loc);
	if (group != NULL)
		osb_require_account(c, group, true, ENTRY ": field 'user'", loc);
	return 0;
}

static int arguments(struct ev_ctx *c, const struct ev *e, struct gx_buf *b)
{
	const struct ev *list = ev_record_get(e, "arguments");
	struct sx_loc loc = svc_field_loc(e, "arguments", e->loc);
	const char *expected = "a list of strings or file-like objects, without white space, "
	                       "control characters or quotes";

	if (!ev_is_list(list))
		return svc_bad_field(c, e, "arguments", expected);
	for (const struct ev *p = list; p->type == EV_PAIR; p = p->u.pair.cdr) {
		struct ev *a = p->u.pair.car;
		const char *s;

		if (a->type == EV_FILE) {
			if ((s = file_path(c, a, loc)) == NULL)
				return -1;
			if (!word_ok(s, strlen(s)))
				return ev_failn(c, loc,
				                ENTRY
				                ": field 'arguments': the path %s of %s is not "
				                "one word (%s)",
				                s, ev_repr(c, a), word_rule);
		} else if (string_word(a)) {
			s = a->u.str.s;
		} else {
			return ev_failn(c, loc, ENTRY ": field 'arguments': expected %s, got %s",
			                expected, ev_repr(c, a));
		}
		gx_buf_printf(b, " %s", s);
	}
	return 0;
}

static const char *socket_type(const struct ev *v)
{
	static const char *const types[] = { "stream", "dgram", "raw", "rdm", "seqpacket" };

	for (size_t i = 0; v->type == EV_SYMBOL && i < N(types); i++)
		if (strcmp(v->u.str.s, types[i]) == 0)
			return types[i];
	return NULL;
}

/* Guix's line of entry E. */
static int entry_line(struct ev_ctx *c, const struct ev *e, struct gx_buf *b)
{
	const struct ev *node = ev_record_get(e, "node"), *name = ev_record_get(e, "name");
	const char *type, *protocol, *user = NULL, *program = NULL;
	bool wait;

	if (!(node->type == EV_BOOL && !node->u.b) &&
	    (!string_word(node) || node->u.str.s[0] == '#'))
		return svc_bad_field(
		        c, e, "node",
		        "#f or a host name or address (one word, without white space, control "
		        "characters or quotes, not starting with '#')");
	if (!string_word(name) || strchr(name->u.str.s, ':') != NULL ||
	    (node->type == EV_BOOL && name->u.str.s[0] == '#'))
		return svc_bad_field(
		        c, e, "name",
		        "a service name or port number (one word, without white space, "
		        "control characters, quotes or ':')");
	if ((type = socket_type(ev_record_get(e, "socket-type"))) == NULL)
		return svc_bad_field(c, e, "socket-type",
		                     "one of 'stream, 'dgram, 'raw, 'rdm, 'seqpacket");
	if (!string_word(ev_record_get(e, "protocol")))
		return svc_bad_field(
		        c, e, "protocol",
		        "a protocol name such as \"tcp\" or \"udp\" (one word, without white "
		        "space, control characters or quotes)");
	protocol = ev_record_get(e, "protocol")->u.str.s;
	if (ev_get_bool(c, e, "wait?", &wait) < 0 || user_field(c, e, &user) < 0 ||
	    program_field(c, e, "program", true, &program) < 0)
		return -1;
	if (strcmp(program, "internal") == 0 && !builtin(name->u.str.s, type))
		return ev_failn(c, svc_field_loc(e, "program", e->loc),
		                ENTRY ": field 'program': inetd has no internal service %s on %s "
		                      "sockets (it has echo, discard, time, daytime and chargen on "
		                      "stream and dgram, tcpmux on stream)",
		                ev_repr(c, name), type);
	if (node->type == EV_STRING)
		gx_buf_printf(b, "%s:", node->u.str.s);
	gx_buf_printf(b, "%s %s %s %s %s %s", name->u.str.s, type, protocol,
	              wait ? "wait" : "nowait", user, program);
	if (arguments(c, e, b) < 0)
		return -1;
	gx_buf_puts(b, "\n");
	return 0;
}

/* The lines of LIST, a list of inetd-entry (WHO says whose, AT where). */
static int entries(struct ev_ctx *c, const struct ev *list, struct sx_loc at, const char *who,
                   struct gx_buf *b, size_t *n)
{
	if (!ev_is_list(list))
		return ev_failn(c, at, "%s: expected a list of " ENTRY ", got %s", who,
		                ev_repr(c, list));
	for (const struct ev *p = list; p->type == EV_PAIR; p = p->u.pair.cdr) {
		if (!ev_record_is(p->u.pair.car, ENTRY))
			return ev_failn(c, at, "%s: expected a list of " ENTRY ", got %s", who,
			                ev_repr(c, p->u.pair.car));
		if (entry_line(c, p->u.pair.car, b) < 0)
			return -1;
		(*n)++;
	}
	return 0;
}

/* The configuration's program: Guix's default is Debian's inetd. */
static int inetd_program(struct ev_ctx *c, const struct ev *cfg, struct sx_loc at, const char **out)
{
	const struct ev *v = ev_record_get(cfg, "program");

	if (v->type == EV_FILE && v->u.file->kind == F_APPEND &&
	    v->u.file->base->type == EV_PACKAGE &&
	    strcmp(v->u.file->base->u.pkg.name, GUIX_PACKAGE) == 0 &&
	    strcmp(v->u.file->suffix, GUIX_SUFFIX) == 0) {
		osb_add_package(c, DEBIAN_PACKAGE, NULL, false, at);
		*out = DEBIAN_INETD;
		return 0;
	}
	return program_field(c, cfg, "program", false, out);
}

static int generate(struct ev_ctx *c, const struct svc_instance *s, struct gx_buf *b, size_t *n)
{
	const struct ev *cfg = s->value;

	if (entries(c, ev_record_get(cfg, "entries"), svc_field_loc(cfg, "entries", cfg->loc),
	            RTD ": field 'entries'", b, n) < 0)
		return -1;
	for (const struct svc_ext *e = s->exts; e != NULL; e = e->next)
		if (entries(c, e->value, e->loc, e->origin, b, n) < 0)
			return -1;
	return 0;
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	struct gx_buf b = GX_BUF_INIT;
	const char *program;
	struct os_service *o;
	size_t n = 0;
	int r;

	if (svc_check_value(c, s, "an") < 0)
		return -1;
	r = generate(c, s, &b, &n);
	if (r == 0 && n == 0) {
		osb_note(c, false, "inetd-service-type",
		         "no entries: inetd is not run (as in Guix)", s->loc);
		gx_buf_free(&b);
		return 0;
	}
	if (r == 0)
		r = inetd_program(c, s->value, s->loc, &program);
	if (r == 0)
		r = osb_add_file(c, CONF, b.data, b.len, 0444, NULL, s->value->loc);
	gx_buf_free(&b);
	if (r < 0)
		return -1;

	o = osb_add_service(c, "inetd-service-type", s->loc);
	o->provision = svc_split(c, "inetd");
	o->requirement = svc_split(c, "user-processes networking syslogd");
	o->documentation = "Run inetd.";
	{
		const char *argv[] = { program, "/etc/" CONF };

		svc_set_argv(c, o, argv, N(argv));
	}
	o->pid_file = PID_FILE;
	return 0;
}

const struct svc_def svc_inetd = {
	"inetd-service-type", SVC_RUN, NULL, RTD, SVC_NO_DEFAULT, NULL, NULL, false, expand, NULL,
};
