/* ev: Guix's procedures: packages by specification, file-like objects
 * (plain-file, mixed-text-file, local-file, file-append, file-union), host
 * entries, services (service, simple-service, service-extension,
 * shepherd-timer) and the file-system helpers a config uses. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ev_internal.h"
#include "services/services.h"

#define PRIM(name)                                                                                 \
	static struct ev *name(struct ev_ctx *c, struct ev **a, size_t n, struct sx_loc loc)
#define N(x) (sizeof(x) / sizeof((x)[0]))

static struct ev *need_string(struct ev_ctx *c, const char *prim, struct ev *v)
{
	if (v->type == EV_STRING)
		return v;
	return ev_fail(c, v->loc, "%s: expected a string, got %s", prim, ev_repr(c, v));
}

/* "name[@version][:output]" */
static struct ev *spec_to_package(struct ev_ctx *c, struct ev *spec, struct sx_loc loc)
{
	const char *s, *at, *colon;
	char *name;
	struct ev *p;

	if (need_string(c, "specification->package", spec) == NULL)
		return NULL;
	s = spec->u.str.s;
	colon = strchr(s, ':');
	at = strchr(s, '@');
	name = gx_arena_strndup(c->arena, s,
	                        at      ? (size_t)(at - s)
	                        : colon ? (size_t)(colon - s)
	                                : strlen(s));
	if (*name == '\0' || strchr(name, '/') != NULL || strchr(name, ' ') != NULL)
		return ev_fail(c, spec->loc, "specification->package: invalid package name \"%s\"",
		               s);
	p = ev_package(c, name, loc);
	if (colon != NULL && strcmp(colon + 1, "out") != 0)
		p->u.pkg.output = gx_arena_strdup(c->arena, colon + 1);
	return p;
}

PRIM(p_spec_package)
{
	(void)n;
	return spec_to_package(c, a[0], loc);
}

PRIM(p_specs_packages)
{
	struct ev *head = ev_nil(c, loc), **tail = &head;

	(void)n;
	if (!ev_is_list(a[0]))
		return ev_fail(c, loc, "specifications->packages: expected a list of strings");
	for (struct ev *p = a[0]; p->type == EV_PAIR; p = p->u.pair.cdr) {
		struct ev *pkg = spec_to_package(c, p->u.pair.car, loc);

		if (pkg == NULL)
			return NULL;
		*tail = ev_cons(c, pkg, *tail, loc);
		tail = &(*tail)->u.pair.cdr;
	}
	return head;
}

PRIM(p_spec_package_output)
{
	struct ev *pkg;

	(void)n;
	if ((pkg = spec_to_package(c, a[0], loc)) == NULL)
		return NULL;
	return ev_cons(c, pkg,
	               ev_cons(c, ev_cstring(c, pkg->u.pkg.output ? pkg->u.pkg.output : "out", loc),
	                       ev_nil(c, loc), loc),
	               loc);
}

static struct ev *new_file(struct ev_ctx *c, enum ev_file_kind kind, const char *name,
                           struct sx_loc loc)
{
	struct ev *v = ev_new(c, EV_FILE, loc);

	v->u.file = gx_arena_alloc(c->arena, sizeof(*v->u.file));
	v->u.file->kind = kind;
	v->u.file->name = name;
	v->u.file->mode = 0644;
	return v;
}

static bool valid_file_name(const char *s)
{
	return *s != '\0' && strchr(s, '/') == NULL && strcmp(s, ".") != 0 && strcmp(s, "..") != 0;
}

static struct ev *checked_name(struct ev_ctx *c, const char *prim, struct ev *v)
{
	if (need_string(c, prim, v) == NULL)
		return NULL;
	if (!valid_file_name(v->u.str.s))
		return ev_fail(c, v->loc, "%s: invalid file name \"%s\" (no '/', not empty)", prim,
		               v->u.str.s);
	return v;
}

PRIM(p_plain_file)
{
	struct ev *f;

	(void)n;
	if (checked_name(c, "plain-file", a[0]) == NULL ||
	    need_string(c, "plain-file", a[1]) == NULL)
		return NULL;
	f = new_file(c, F_PLAIN, a[0]->u.str.s, loc);
	f->u.file->content = a[1]->u.str.s;
	f->u.file->len = a[1]->u.str.len;
	return f;
}

/* plain-file-name, plain-file-content: Guix's accessors of <plain-file>. */
static struct ev *need_plain_file(struct ev_ctx *c, const char *prim, struct ev *v)
{
	if (v->type == EV_FILE && v->u.file->kind == F_PLAIN)
		return v;
	return ev_fail(c, v->loc, "%s: expected a plain-file, got %s", prim, ev_repr(c, v));
}

PRIM(p_plain_file_name)
{
	(void)n;
	if (need_plain_file(c, "plain-file-name", a[0]) == NULL)
		return NULL;
	return ev_cstring(c, a[0]->u.file->name, loc);
}

PRIM(p_plain_file_content)
{
	(void)n;
	if (need_plain_file(c, "plain-file-content", a[0]) == NULL)
		return NULL;
	return ev_string(c, a[0]->u.file->content, a[0]->u.file->len, loc);
}

/* (gnu system)'s local-host-aliases: the localhost lines of Guix's
 * /etc/hosts, for hosts-file contents. */
PRIM(p_local_host_aliases)
{
	const char *h;

	(void)n;
	if (need_string(c, "local-host-aliases", a[0]) == NULL)
		return NULL;
	h = a[0]->u.str.s;
	return ev_cstring(
	        c,
	        gx_arena_printf(c->arena, "127.0.0.1 localhost %s\n::1       localhost %s\n", h, h),
	        loc);
}

PRIM(p_mixed_text_file)
{
	struct ev *f, *parts = ev_nil(c, loc);

	if (checked_name(c, "mixed-text-file", a[0]) == NULL)
		return NULL;
	for (size_t i = n; i-- > 1;) {
		enum ev_type t = a[i]->type;

		if (t != EV_STRING && t != EV_PACKAGE && t != EV_FILE)
			return ev_fail(c, a[i]->loc,
			               "mixed-text-file: expected strings, packages or file-like "
			               "objects, got %s",
			               ev_repr(c, a[i]));
		parts = ev_cons(c, a[i], parts, loc);
	}
	f = new_file(c, F_MIXED, a[0]->u.str.s, loc);
	f->u.file->parts = parts;
	return f;
}

PRIM(p_file_append)
{
	struct gx_buf b = GX_BUF_INIT;
	struct ev *f;

	if (a[0]->type != EV_PACKAGE && a[0]->type != EV_FILE)
		return ev_fail(c, a[0]->loc,
		               "file-append: expected a package or file-like object, got %s",
		               ev_repr(c, a[0]));
	for (size_t i = 1; i < n; i++) {
		if (need_string(c, "file-append", a[i]) == NULL) {
			gx_buf_free(&b);
			return NULL;
		}
		gx_buf_add(&b, a[i]->u.str.s, a[i]->u.str.len);
	}
	f = new_file(c, F_APPEND, NULL, loc);
	f->u.file->base = a[0];
	f->u.file->suffix = gx_arena_strdup(c->arena, b.data ? b.data : "");
	gx_buf_free(&b);
	return f;
}

PRIM(p_file_union)
{
	struct ev *f;

	(void)n;
	if (checked_name(c, "file-union", a[0]) == NULL)
		return NULL;
	if (!ev_is_list(a[1]))
		return ev_fail(c, a[1]->loc, "file-union: expected a list of (NAME FILE) entries");
	for (struct ev *p = a[1]; p->type == EV_PAIR; p = p->u.pair.cdr) {
		struct ev *e = p->u.pair.car;

		if (ev_list_length(e) != 2 || e->u.pair.car->type != EV_STRING ||
		    e->u.pair.cdr->u.pair.car->type != EV_FILE)
			return ev_fail(c, e->loc, "file-union: expected (NAME FILE-LIKE), got %s",
			               ev_repr(c, e));
	}
	f = new_file(c, F_UNION, a[0]->u.str.s, loc);
	f->u.file->parts = a[1];
	return f;
}

static int read_local(struct ev_ctx *c, struct ev_file *f, const char *path, struct sx_loc loc)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	struct stat st;
	char *data;
	size_t len = 0;

	if (fd < 0)
		return ev_failn(c, loc, "local-file: cannot read '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > EV_MAX_LOCAL_FILE) {
		int e = errno;

		close(fd);
		if (S_ISDIR(st.st_mode))
			return ev_failn(c, loc,
			                "local-file: '%s' is a directory: add #:recursive? #t "
			                "to take it whole",
			                path);
		return ev_failn(c, loc,
		                "local-file: '%s' is not a regular file of at most %ld MiB%s%s",
		                path, EV_MAX_LOCAL_FILE >> 20, e ? ": " : "", e ? strerror(e) : "");
	}
	data = gx_arena_alloc(c->arena, (size_t)st.st_size + 1);
	while (len < (size_t)st.st_size) {
		ssize_t r = read(fd, data + len, (size_t)st.st_size - len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	f->content = data;
	f->len = len;
	f->source = gx_arena_strdup(c->arena, path);
	f->mode = (st.st_mode & 0111) ? 0755 : 0644;
	return 0;
}

/* A directory given with #:recursive? #t, as Guix adds it to the store: a
 * file-union of its entries in name order, each a local-file (its mode's
 * executable bits kept) or, for a subdirectory, a file-union in turn.
 * Symbolic links and other special files are refused, not followed;
 * limits keep a mistaken path (/) from reading the whole disk. */
#define LOCAL_DIR_MAX_ENTRIES 10000
#define LOCAL_DIR_MAX_DEPTH 32

static void free_dirents(struct dirent **ents, int n)
{
	for (int i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
}

static struct ev *local_dir(struct ev_ctx *c, const char *path, const char *name, int depth,
                            size_t *count, struct sx_loc loc)
{
	struct dirent **ents;
	struct ev *parts, **tail = &parts, *f;
	int n;

	if (depth > LOCAL_DIR_MAX_DEPTH)
		return ev_fail(c, loc, "local-file: '%s' is nested more than %d directories deep",
		               path, LOCAL_DIR_MAX_DEPTH);
	n = scandir(path, &ents, NULL, alphasort);
	if (n < 0)
		return ev_fail(c, loc, "local-file: cannot read '%s': %s", path, strerror(errno));
	for (int i = 0; i < n; i++) {
		const char *e = ents[i]->d_name;
		const char *sub = gx_arena_printf(c->arena, "%s/%s", path, e);
		struct ev *child;
		struct stat st;

		if (strcmp(e, ".") == 0 || strcmp(e, "..") == 0)
			continue;
		if (++*count > LOCAL_DIR_MAX_ENTRIES) {
			free_dirents(ents, n);
			return ev_fail(c, loc, "local-file: more than %d files under '%s'",
			               LOCAL_DIR_MAX_ENTRIES, path);
		}
		if (lstat(sub, &st) < 0) {
			int err = errno;

			free_dirents(ents, n);
			return ev_fail(c, loc, "local-file: cannot read '%s': %s", sub,
			               strerror(err));
		}
		if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
			free_dirents(ents, n);
			return ev_fail(c, loc, "local-file: '%s' is %s (not supported)", sub,
			               S_ISLNK(st.st_mode) ? "a symbolic link" : "a special file");
		}
		if (S_ISDIR(st.st_mode)) {
			child = local_dir(c, sub, e, depth + 1, count, loc);
		} else {
			child = new_file(c, F_LOCAL, gx_arena_strdup(c->arena, e), loc);
			if (read_local(c, child->u.file, sub, loc) < 0)
				child = NULL;
		}
		if (child == NULL) {
			free_dirents(ents, n);
			return NULL;
		}
		*tail = ev_cons(c,
		                ev_cons(c, ev_cstring(c, e, loc),
		                        ev_cons(c, child, ev_nil(c, loc), loc), loc),
		                NULL, loc);
		tail = &(*tail)->u.pair.cdr;
	}
	free_dirents(ents, n);
	*tail = ev_nil(c, loc);
	f = new_file(c, F_UNION, name, loc);
	f->u.file->parts = parts;
	return f;
}

/* (local-file FILE [NAME] #:recursive? B #:select? P) */
PRIM(p_local_file)
{
	const char *file, *name, *path, *slash;
	struct ev *f;
	size_t i = 1, count = 0;
	bool recursive = false, select = false;
	struct stat st;

	if (need_string(c, "local-file", a[0]) == NULL)
		return NULL;
	file = a[0]->u.str.s;
	if (*file == '\0')
		return ev_fail(c, a[0]->loc, "local-file: empty file name");
	slash = strrchr(file, '/');
	name = slash ? slash + 1 : file;
	if (n > 1 && a[1]->type == EV_STRING) {
		if (checked_name(c, "local-file", a[1]) == NULL)
			return NULL;
		name = a[1]->u.str.s;
		i = 2;
	}
	for (; i < n; i += 2) {
		if (a[i]->type != EV_KEYWORD || i + 1 >= n ||
		    (strcmp(a[i]->u.str.s, "recursive?") != 0 &&
		     strcmp(a[i]->u.str.s, "select?") != 0))
			return ev_fail(c, a[i]->loc, "local-file: unexpected argument %s",
			               ev_repr(c, a[i]));
		if (strcmp(a[i]->u.str.s, "recursive?") == 0)
			recursive = ev_truthy(a[i + 1]);
		else
			select = ev_truthy(a[i + 1]);
	}
	if (!valid_file_name(name))
		return ev_fail(c, a[0]->loc, "local-file: invalid file name \"%s\"", name);
	path = file[0] == '/' ? file : gx_arena_printf(c->arena, "%s/%s", c->dir, file);
	if (recursive && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (select)
			return ev_fail(c, a[0]->loc,
			               "local-file: #:select? is not supported for a directory");
		return local_dir(c, path, name, 0, &count, a[0]->loc);
	}
	f = new_file(c, F_LOCAL, name, loc);
	if (read_local(c, f->u.file, path, a[0]->loc) < 0)
		return NULL;
	return f;
}

/* (host ADDRESS CANONICAL-NAME [ALIASES]) */
static const struct ev_field host_fields[] = {
	{ "address", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "canonical-name", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "aliases", D_NIL, 0, NULL, NULL, NULL },
};
const struct ev_rtd ev_host_rtd = { "host", host_fields, N(host_fields), false };

PRIM(p_host)
{
	struct ev *r = ev_record_new(c, &ev_host_rtd, loc);

	if (need_string(c, "host", a[0]) == NULL || need_string(c, "host", a[1]) == NULL)
		return NULL;
	r->u.rec->values[0] = a[0];
	r->u.rec->values[1] = a[1];
	r->u.rec->values[2] = n > 2 ? a[2] : ev_nil(c, loc);
	if (!ev_is_list(r->u.rec->values[2]))
		return ev_fail(c, a[2]->loc, "host: aliases must be a list of strings");
	return r;
}

static const struct ev_field ext_fields[] = {
	{ "target", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "compute", D_REQUIRED, 0, NULL, NULL, NULL },
};
const struct ev_rtd ev_extension_rtd = { "service-extension", ext_fields, N(ext_fields), false };

PRIM(p_service_extension)
{
	struct ev *r = ev_record_new(c, &ev_extension_rtd, loc);

	(void)n;
	if (a[0]->type != EV_SERVICE_TYPE)
		return ev_fail(c, a[0]->loc, "service-extension: expected a service type, got %s",
		               ev_repr(c, a[0]));
	if (a[1]->type != EV_CLOSURE && a[1]->type != EV_PRIM)
		return ev_fail(c, a[1]->loc, "service-extension: expected a procedure, got %s",
		               ev_repr(c, a[1]));
	r->u.rec->values[0] = a[0];
	r->u.rec->values[1] = a[1];
	return r;
}

PRIM(p_service)
{
	struct ev *s;

	if (a[0]->type != EV_SERVICE_TYPE)
		return ev_fail(c, a[0]->loc, "service: expected a service type, got %s",
		               ev_repr(c, a[0]));
	s = ev_new(c, EV_SERVICE, loc);
	s->u.svc = gx_arena_alloc(c->arena, sizeof(*s->u.svc));
	s->u.svc->type = a[0]->u.stype;
	s->u.svc->loc = loc;
	if (n > 1)
		s->u.svc->value = a[1];
	else if ((s->u.svc->value = svc_default_value(c, a[0]->u.stype, loc)) == NULL)
		return NULL;
	return s;
}

PRIM(p_simple_service)
{
	struct ev_stype *t;
	struct ev *s;

	(void)n;
	if (a[0]->type != EV_SYMBOL)
		return ev_fail(c, a[0]->loc, "simple-service: expected a symbol name, got %s",
		               ev_repr(c, a[0]));
	if (a[1]->type != EV_SERVICE_TYPE)
		return ev_fail(c, a[1]->loc, "simple-service: expected a service type, got %s",
		               ev_repr(c, a[1]));
	t = gx_arena_alloc(c->arena, sizeof(*t));
	t->name = a[0]->u.str.s;
	t->target = a[1]->u.stype;
	t->value = a[2];
	t->loc = loc;
	s = ev_new(c, EV_SERVICE, loc);
	s->u.svc = gx_arena_alloc(c->arena, sizeof(*s->u.svc));
	s->u.svc->type = t;
	s->u.svc->value = a[2];
	s->u.svc->loc = loc;
	return s;
}

/* (extra-special-file FILE TARGET): as Guix defines it, a simple-service
 * named special-file-FILE extending special-files-service-type with
 * ((FILE TARGET)), which that type checks (services/base.c). */
PRIM(p_extra_special_file)
{
	struct ev *args[3];
	struct ev *type = ev_lookup(c->global, "special-files-service-type");

	(void)n;
	if (a[0]->type != EV_STRING)
		return ev_fail(c, a[0]->loc, "extra-special-file: expected a file name, got %s",
		               ev_repr(c, a[0]));
	args[0] = ev_symbol(c, gx_arena_printf(c->arena, "special-file-%s", a[0]->u.str.s), loc);
	args[1] = type;
	args[2] = ev_cons(c, ev_cons(c, a[0], ev_cons(c, a[1], ev_nil(c, loc), loc), loc),
	                  ev_nil(c, loc), loc);
	return p_simple_service(c, args, 3, loc);
}

PRIM(p_service_kind)
{
	struct ev *t;

	(void)n;
	if (a[0]->type != EV_SERVICE)
		return ev_fail(c, a[0]->loc, "service-kind: expected a service, got %s",
		               ev_repr(c, a[0]));
	t = ev_new(c, EV_SERVICE_TYPE, loc);
	t->u.stype = a[0]->u.svc->type;
	return t;
}

PRIM(p_service_value)
{
	(void)n;
	(void)loc;
	if (a[0]->type != EV_SERVICE)
		return ev_fail(c, a[0]->loc, "service-value: expected a service, got %s",
		               ev_repr(c, a[0]));
	return a[0]->u.svc->value;
}

/* file-system-label, uuid, keyboard-layout: only used by fields a container
 * ignores; kept as their string. */
PRIM(p_ignored_string)
{
	(void)c;
	(void)n;
	(void)loc;
	return a[0];
}

/* ---- shepherd-timer ---- */

/* Where an argument's error goes: at the value, else at the call. */
static struct sx_loc arg_loc(const struct ev *v, struct sx_loc call)
{
	return v->loc.file != NULL ? v->loc : call;
}

/* (HEAD ITEM...), the items NULL-terminated: code in a gexp. */
static struct ev *form(struct ev_ctx *c, struct sx_loc loc, const char *head, ...)
        __attribute__((sentinel));
static struct ev *form(struct ev_ctx *c, struct sx_loc loc, const char *head, ...)
{
	struct ev_list_builder b;
	struct ev *v;
	va_list ap;

	ev_lb_init(c, &b, loc);
	ev_lb_add(c, &b, ev_symbol(c, head, loc), loc);
	va_start(ap, head);
	while ((v = va_arg(ap, struct ev *)) != NULL)
		ev_lb_add(c, &b, v, loc);
	va_end(ap);
	return b.head;
}

static struct ev *gexp_of(struct ev_ctx *c, struct ev *body, struct sx_loc loc)
{
	struct ev *g = ev_new(c, EV_GEXP, loc);

	g->u.gexp = body;
	return g;
}

static struct ev *ungexp_of(struct ev_ctx *c, struct ev *v, bool splice, struct sx_loc loc)
{
	struct ev *u = ev_new(c, EV_UNGEXP, loc);

	u->u.ungexp.val = v;
	u->u.ungexp.splice = splice;
	return u;
}

/* V is a list of symbols, not empty where NONEMPTY; else an error at it. */
static bool symbol_list(struct ev_ctx *c, const struct ev *v, bool nonempty, const char *what,
                        struct sx_loc loc)
{
	bool ok = ev_is_list(v) && !(nonempty && v->type == EV_NIL);

	for (const struct ev *p = v; ok && p->type == EV_PAIR; p = p->u.pair.cdr)
		ok = p->u.pair.car->type == EV_SYMBOL;
	if (!ok)
		ev_fail(c, arg_loc(v, loc),
		        "shepherd-timer: %s: expected a %slist of symbols, got %s", what,
		        nonempty ? "non-empty " : "", ev_repr(c, v));
	return ok;
}

/* #$(if (string? SCHEDULE) #~(cron-string->calendar-event #$SCHEDULE)
 * SCHEDULE), as Guix writes the event; ev_timer.c reads it. */
static struct ev *timer_event(struct ev_ctx *c, struct ev *schedule, struct sx_loc loc)
{
	struct sx_loc at = arg_loc(schedule, loc);
	struct ev *g = schedule;

	if (schedule->type == EV_STRING)
		g = gexp_of(c,
		            form(c, at, "cron-string->calendar-event",
		                 ungexp_of(c, schedule, false, at), NULL),
		            at);
	else if (schedule->type != EV_GEXP)
		return ev_fail(c, at,
		               "shepherd-timer: expected a schedule, a cron string or a gexp of a "
		               "calendar event, got %s",
		               ev_repr(c, schedule));
	return ungexp_of(c, g, false, at);
}

/* (command '(#$@COMMAND)): the gexp's body is the command line, spliced
 * into a quoted list, as Guix has it; then read as a hand-written one. */
static struct ev *timer_command(struct ev_ctx *c, struct ev *command, struct sx_loc loc)
{
	struct sx_loc at = arg_loc(command, loc);
	struct ev *line;

	if (command->type != EV_GEXP)
		return ev_fail(c, at,
		               "shepherd-timer: expected a command, a gexp of a list "
		               "(#~(\"PROGRAM\" \"ARG\" ...)), got %s",
		               ev_repr(c, command));
	line = command->u.gexp;
	if (line->type == EV_UNGEXP && !line->u.ungexp.splice) /* #~#$LIST */
		line = ev_cons(c, ungexp_of(c, line->u.ungexp.val, true, line->loc), ev_nil(c, at),
		               at);
	if (!ev_is_list(line))
		return ev_fail(c, at,
		               "shepherd-timer: the command gexp's body is the command line, a "
		               "list (#~(\"PROGRAM\" \"ARG\" ...)), got %s",
		               ev_repr(c, line));
	if (line->type == EV_NIL)
		return ev_fail(c, at, "shepherd-timer: empty command");
	/* Spliced into a quoted list, #~(list ...) or #~'(...) would make
	 * the symbol list or quote the program, which Shepherd cannot run. */
	if (line->u.pair.car->type == EV_SYMBOL)
		return ev_fail(
		        c, arg_loc(line->u.pair.car, at),
		        "shepherd-timer: the command gexp's body is the command line itself, "
		        "#~(\"PROGRAM\" \"ARG\" ...), spliced into a quoted list: (%s ...) "
		        "would make the symbol %s its program",
		        line->u.pair.car->u.str.s, line->u.pair.car->u.str.s);
	return form(c, at, "command", form(c, at, "quote", line, NULL), NULL);
}

/* #:requirement and #:documentation from A[3..N) into KW[0] and KW[1];
 * the last one given wins, as in Guile. */
static int timer_keywords(struct ev_ctx *c, struct ev **a, size_t n, struct ev **kw,
                          struct sx_loc loc)
{
	static const char *const keys[] = { "requirement", "documentation" };

	for (size_t i = 3; i < n; i += 2) {
		size_t k = 0;

		while (a[i]->type == EV_KEYWORD && k < N(keys) && strcmp(keys[k], a[i]->u.str.s))
			k++;
		if (a[i]->type != EV_KEYWORD || k == N(keys))
			return ev_failn(c, arg_loc(a[i], loc),
			                "shepherd-timer: unexpected argument %s (expected "
			                "#:requirement or #:documentation)",
			                ev_repr(c, a[i]));
		if (i + 1 == n)
			return ev_failn(c, arg_loc(a[i], loc), "shepherd-timer: #:%s has no value",
			                keys[k]);
		kw[k] = a[i + 1];
	}
	if (!symbol_list(c, kw[0], false, "#:requirement", loc))
		return -1;
	if (kw[1]->type != EV_STRING)
		return ev_failn(c, arg_loc(kw[1], loc),
		                "shepherd-timer: #:documentation: expected a string, got %s",
		                ev_repr(c, kw[1]));
	return 0;
}

/* (shepherd-timer PROVISION SCHEDULE COMMAND #:requirement #:documentation):
 * Guix's shepherd-service (gnu/services/shepherd.scm) of a timer running
 * COMMAND at each SCHEDULE, a cron string or a gexp of a calendar event. */
PRIM(p_shepherd_timer)
{
	struct ev *kw[2] = { ev_nil(c, loc), ev_cstring(c, "Periodically run a command.", loc) };
	struct ev *rec, *event, *command, *wait = ev_symbol(c, "wait-for-termination?", loc);

	if (!symbol_list(c, a[0], true, "PROVISION", loc) ||
	    (event = timer_event(c, a[1], loc)) == NULL ||
	    (command = timer_command(c, a[2], loc)) == NULL || timer_keywords(c, a, n, kw, loc) < 0)
		return NULL;
	wait->type = EV_KEYWORD;
	rec = ev_record_new(c, ev_find_rtd("shepherd-service"), loc);
	ev_record_set(c, rec, "provision", a[0]);
	ev_record_set(c, rec, "requirement", kw[0]);
	ev_record_set(c, rec, "documentation", kw[1]);
	ev_record_set(c, rec, "modules",
	              ev_cons(c,
	                      form(c, loc, "shepherd", ev_symbol(c, "service", loc),
	                           ev_symbol(c, "timer", loc), NULL),
	                      ev_nil(c, loc), loc));
	ev_record_set(c, rec, "start",
	              gexp_of(c,
	                      form(c, loc, "make-timer-constructor", event, command, wait,
	                           ev_bool(c, true, loc), NULL),
	                      loc));
	ev_record_set(c, rec, "stop", gexp_of(c, form(c, loc, "make-timer-destructor", NULL), loc));
	ev_record_set(c, rec, "actions", ev_cons(c, ev_trigger_action(c), ev_nil(c, loc), loc));
	return ev_record_fill_defaults(c, rec, loc) < 0 ? NULL : rec;
}

/* Guix's (shepherd-configuration-action FILE): the action `configuration`
 * that prints FILE's name, a string or a file-like object; gxsys-init
 * serves it (ev_gexp_action reads the procedure back). */
PRIM(p_configuration_action)
{
	struct ev *rec = ev_record_new(c, ev_find_rtd("shepherd-action"), loc);
	struct ev *file = ungexp_of(c, a[0], false, loc);

	(void)n;
	ev_record_set(c, rec, "name", ev_symbol(c, "configuration", loc));
	ev_record_set(c, rec, "documentation", ev_cstring(c, SVC_CONFIGURATION_DOC, loc));
	ev_record_set(c, rec, "procedure",
	              gexp_of(c,
	                      form(c, loc, "lambda", form(c, loc, "_", NULL),
	                           form(c, loc, "format", ev_bool(c, true, loc),
	                                ev_cstring(c, "~a~%", loc), file, NULL),
	                           file, NULL),
	                      loc));
	return rec;
}

static const struct ev_prim guix_prims[] = {
	{ "specification->package", 1, 1, p_spec_package },
	{ "specifications->packages", 1, 1, p_specs_packages },
	{ "specification->package+output", 1, 2, p_spec_package_output },
	{ "plain-file", 2, 2, p_plain_file },
	{ "plain-file-name", 1, 1, p_plain_file_name },
	{ "plain-file-content", 1, 1, p_plain_file_content },
	{ "local-host-aliases", 1, 1, p_local_host_aliases },
	{ "mixed-text-file", 1, -1, p_mixed_text_file },
	{ "local-file", 1, 6, p_local_file },
	{ "file-append", 1, -1, p_file_append },
	{ "file-union", 2, 2, p_file_union },
	{ "host", 2, 3, p_host },
	{ "service", 1, 2, p_service },
	{ "simple-service", 3, 3, p_simple_service },
	{ "extra-special-file", 2, 2, p_extra_special_file },
	{ "service-extension", 2, 2, p_service_extension },
	{ "service-kind", 1, 1, p_service_kind },
	{ "service-value", 1, 1, p_service_value },
	{ "shepherd-timer", 3, -1, p_shepherd_timer },
	{ "shepherd-configuration-action", 1, 1, p_configuration_action },
	{ "file-system-label", 1, 1, p_ignored_string },
	{ "uuid", 1, 2, p_ignored_string },
	{ "keyboard-layout", 1, -1, p_ignored_string },
};

const char ev_default_sudoers[] = "root ALL=(ALL) ALL\n%wheel ALL=(ALL) ALL\n";

void ev_install_guix_prims(struct ev_ctx *c)
{
	struct sx_loc none = { NULL, 0, 0 };
	struct ev *sudoers;

	for (size_t i = 0; i < N(guix_prims); i++) {
		struct ev *v = ev_new(c, EV_PRIM, none);

		v->u.prim = &guix_prims[i];
		ev_define(c, c->global, guix_prims[i].name, v);
	}
	/* Guix's default sudoers-file, which configurations append lines to
	 * with plain-file-content. */
	sudoers = new_file(c, F_PLAIN, "sudoers", none);
	sudoers->u.file->content = ev_default_sudoers;
	sudoers->u.file->len = strlen(ev_default_sudoers);
	ev_define(c, c->global, "%sudoers-specification", sudoers);
}
