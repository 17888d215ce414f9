/* ev: from an operating-system record to the OS model (os.h): fields and
 * Guix's defaults, accounts and their id allocation, packages, /etc files,
 * the lowering of file-like objects, shepherd services, and the checks
 * (host name, names, the service graph). */
#include <ctype.h>
#include <signal.h>
#include <string.h>

#include "ev_internal.h"
#include "services/services.h"

#define NOLOC ((struct sx_loc){ NULL, 0, 0 })
#define UNSET_ID (-1L)

/* ---- simple additions ---- */

void osb_add_action(struct ev_ctx *c, struct os_service *o, const struct bc_action *a)
{
	struct bc_action *v = gx_arena_alloc(c->arena, (o->n_actions + 1) * sizeof(*v));

	if (o->n_actions)
		memcpy(v, o->actions, o->n_actions * sizeof(*v));
	v[o->n_actions++] = *a;
	o->actions = v;
}

struct os_service *osb_add_service(struct ev_ctx *c, const char *origin, struct sx_loc loc)
{
	struct os_model *m = c->osb.m;
	struct os_service *s;

	EV_ARENA_GROW(c, m->services, m->n_services, c->osb.cap_services);
	s = &m->services[m->n_services++];
	memset(s, 0, sizeof(*s));
	s->origin = origin;
	s->respawn = true;
	s->auto_start = true;
	s->stop_signal = SIGTERM;
	s->pid_file_timeout = 30;
	s->loc = loc;
	return s;
}

static bool valid_rel_path(const char *s)
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
	return strchr(s, '\n') == NULL;
}

static struct os_file *find_file(struct ev_ctx *c, const char *path)
{
	for (size_t i = 0; i < c->osb.m->n_etc_files; i++)
		if (strcmp(c->osb.m->etc_files[i].path, path) == 0)
			return &c->osb.m->etc_files[i];
	return NULL;
}

int osb_add_file(struct ev_ctx *c, const char *path, const char *content, size_t len, unsigned mode,
                 const char *source, struct sx_loc loc)
{
	struct os_model *m = c->osb.m;
	struct os_file *f;

	if (!valid_rel_path(path))
		return ev_failn(c, loc, "invalid /etc file name \"%s\"", path);
	if (m->n_etc_files >= EV_MAX_FILES)
		return ev_failn(c, loc, "too many /etc files (at most %d)", EV_MAX_FILES);
	if ((f = find_file(c, path)) != NULL) {
		if (f->len == len && memcmp(f->content, content, len) == 0)
			return 0;
		return ev_failn(
		        c, loc, "/etc/%s is declared twice with different contents%s", path,
		        f->loc.file ? gx_arena_printf(c->arena, " (first at line %d)", f->loc.line)
		                    : "");
	}
	for (size_t i = 0; i < m->n_etc_files; i++) {
		size_t a = strlen(m->etc_files[i].path), b = strlen(path);
		const char *lo = a < b ? m->etc_files[i].path : path;
		const char *hi = a < b ? path : m->etc_files[i].path;

		if (a != b && strncmp(lo, hi, strlen(lo)) == 0 && hi[strlen(lo)] == '/')
			return ev_failn(c, loc, "/etc/%s is both a file and a directory", lo);
	}
	EV_ARENA_GROW(c, m->etc_files, m->n_etc_files, c->osb.cap_files);
	f = &m->etc_files[m->n_etc_files++];
	/* Copied: callers may pass a buffer they free. */
	*f = (struct os_file){ gx_arena_strdup(c->arena, path),
		               gx_arena_strndup(c->arena, content, len),
		               len,
		               source,
		               mode,
		               loc,
		               false };
	return 0;
}

void osb_file_fallback(struct ev_ctx *c, const char *path)
{
	struct os_file *f = find_file(c, path);

	if (f != NULL)
		f->fallback = true;
}

void osb_add_package(struct ev_ctx *c, const char *name, const char *output, bool base,
                     struct sx_loc loc)
{
	struct os_model *m = c->osb.m;

	for (size_t i = 0; i < m->n_packages; i++) {
		struct os_package *p = &m->packages[i];

		if (strcmp(p->name, name) == 0 &&
		    (p->output == output ||
		     (p->output && output && strcmp(p->output, output) == 0))) {
			p->base = p->base && base;
			return;
		}
	}
	EV_ARENA_GROW(c, m->packages, m->n_packages, c->osb.cap_packages);
	m->packages[m->n_packages++] = (struct os_package){ name, output, base, loc };
}

void osb_add_dir(struct ev_ctx *c, const char *path, const char *owner, const char *group,
                 unsigned mode)
{
	struct os_model *m = c->osb.m;

	for (size_t i = 0; i < m->n_dirs; i++)
		if (strcmp(m->dirs[i].path, path) == 0)
			return;
	EV_ARENA_GROW(c, m->dirs, m->n_dirs, c->osb.cap_dirs);
	m->dirs[m->n_dirs++] = (struct os_dir){
		path, owner, group, 0, 0, mode, c->osb.expanding, c->osb.expanding_loc
	};
}

int osb_add_session_env(struct ev_ctx *c, const char *name, const char *value, const char *origin,
                        struct sx_loc loc)
{
	struct os_model *m = c->osb.m;
	size_t n = strlen(name);

	for (size_t i = 0; i < m->n_session_env; i++)
		if (strncmp(m->session_env[i], name, n) == 0 && m->session_env[i][n] == '=')
			return ev_failn(c, loc, "%s: environment variable '%s' is set twice",
			                origin, name);
	EV_ARENA_GROW(c, m->session_env, m->n_session_env, c->osb.cap_session_env);
	m->session_env[m->n_session_env++] = gx_arena_printf(c->arena, "%s=%s", name, value);
	return 0;
}

void osb_add_host(struct ev_ctx *c, const char *address, const char **names)
{
	struct os_model *m = c->osb.m;

	EV_ARENA_GROW(c, m->hosts, m->n_hosts, c->osb.cap_hosts);
	m->hosts[m->n_hosts++] = (struct os_host){ address, names };
}

void osb_note(struct ev_ctx *c, bool dropped, const char *what, const char *why, struct sx_loc loc)
{
	struct os_model *m = c->osb.m;
	struct os_note **arr = dropped ? &m->dropped : &m->ignored;
	size_t *n = dropped ? &m->n_dropped : &m->n_ignored;
	size_t *cap = dropped ? &c->osb.cap_dropped : &c->osb.cap_ignored;

	for (size_t i = 0; i < *n; i++)
		if (strcmp((*arr)[i].what, what) == 0)
			return;
	EV_ARENA_GROW(c, *arr, *n, *cap);
	(*arr)[(*n)++] = (struct os_note){ what, why, loc };
}

void osb_add_check(struct ev_ctx *c, const char *const *argv, const char *what, struct sx_loc loc)
{
	struct os_model *m = c->osb.m;
	size_t n = 0;
	const char **v;

	while (argv[n] != NULL)
		n++;
	v = gx_arena_alloc(c->arena, (n + 1) * sizeof(*v));
	memcpy(v, argv, (n + 1) * sizeof(*v));
	EV_ARENA_GROW(c, m->checks, m->n_checks, c->osb.cap_checks);
	m->checks[m->n_checks++] = (struct os_check){ v, what, loc, NULL, NULL };
}

void osb_require_account(struct ev_ctx *c, const char *name, bool group, const char *what,
                         struct sx_loc loc)
{
	struct osb *b = &c->osb;

	if (name[strspn(name, "0123456789")] == '\0')
		return; /* an id, as the daemons read it: any id may be used */
	EV_ARENA_GROW(c, b->account_refs, b->n_account_refs, b->cap_account_refs);
	b->account_refs[b->n_account_refs++] = (struct osb_account_ref){ name, group, what, loc };
}

/* ---- lowering file-like objects ---- */

static int lower_into(struct ev_ctx *c, struct ev *v, const char *rel, struct sx_loc loc);

static bool path_taken(struct ev_ctx *c, const char *rel)
{
	size_t n = strlen(rel);

	for (size_t i = 0; i < c->osb.m->n_etc_files; i++) {
		const char *p = c->osb.m->etc_files[i].path;

		if (strncmp(p, rel, n) == 0 && (p[n] == '\0' || p[n] == '/'))
			return true;
	}
	return false;
}

static int lower_into(struct ev_ctx *c, struct ev *v, const char *rel, struct sx_loc loc)
{
	struct ev_file *f = v->u.file;
	const char *data;
	size_t len;

	if (f->kind == F_UNION) {
		for (struct ev *p = f->parts; p->type == EV_PAIR; p = p->u.pair.cdr) {
			struct ev *e = p->u.pair.car;
			const char *sub =
			        gx_arena_printf(c->arena, "%s/%s", rel, e->u.pair.car->u.str.s);

			if (!valid_rel_path(sub))
				return ev_failn(c, e->loc, "file-union: invalid entry name %s",
				                ev_repr(c, e->u.pair.car));
			if (lower_into(c, e->u.pair.cdr->u.pair.car, sub, e->loc) < 0)
				return -1;
		}
		return 0;
	}
	if (f->kind == F_APPEND)
		return ev_failn(c, loc, "file-append cannot be used as a file here: %s",
		                ev_repr(c, v));
	if (osb_file_content(c, v, &data, &len, loc) < 0)
		return -1;
	return osb_add_file(c, rel, data, len, f->mode, f->source, loc);
}

static const char *lower(struct ev_ctx *c, struct ev *v, struct sx_loc loc)
{
	struct ev_file *f = v->u.file;
	const char *rel = NULL;

	if (f->lowered != NULL)
		return f->lowered;
	for (unsigned i = 1; rel == NULL || path_taken(c, rel); i++)
		rel = i == 1 ? gx_arena_printf(c->arena, "gxsys/files/%s", f->name)
		             : gx_arena_printf(c->arena, "gxsys/files/%s-%u", f->name, i);
	if (lower_into(c, v, rel, loc) < 0)
		return NULL;
	f->lowered = gx_arena_printf(c->arena, "/etc/%s", rel);
	return f->lowered;
}

const char *osb_path_of(struct ev_ctx *c, struct ev *v, struct sx_loc loc)
{
	switch (v->type) {
	case EV_PACKAGE:
		/* A package a command, a file or a shell refers to is part of the
		 * system, as in Guix.  gxsys's own defaults (nobody's shell) are
		 * skippable like %base-packages. */
		osb_add_package(c, v->u.pkg.name, v->u.pkg.output,
		                v->u.pkg.base || v->loc.file == NULL, v->loc);
		return "/usr";
	case EV_STRING:
		if (strlen(v->u.str.s) != v->u.str.len) {
			ev_fail(c, v->loc, "a path cannot hold NUL characters: %s", ev_repr(c, v));
			return NULL;
		}
		return v->u.str.s;
	case EV_FILE:
		if (v->u.file->kind == F_APPEND) {
			const char *base = osb_path_of(c, v->u.file->base, loc);

			return base ? gx_arena_printf(c->arena, "%s%s", base, v->u.file->suffix)
			            : NULL;
		}
		return lower(c, v, loc);
	case EV_NIL:
	case EV_PAIR:
	case EV_SYMBOL:
	case EV_KEYWORD:
	case EV_BOOL:
	case EV_INT:
	case EV_REAL:
	case EV_CHAR:
	case EV_VECTOR:
	case EV_UNSPEC:
	case EV_CLOSURE:
	case EV_PRIM:
	case EV_RECORD_TYPE:
	case EV_RECORD:
	case EV_GEXP:
	case EV_UNGEXP:
	case EV_SERVICE_TYPE:
	case EV_SERVICE:
	case EV_VALUES:
	default:
		ev_fail(c, v->loc.file ? v->loc : loc,
		        "expected a package, file-like object or string, got %s", ev_repr(c, v));
		return NULL;
	}
}

int osb_file_content(struct ev_ctx *c, struct ev *v, const char **data, size_t *len,
                     struct sx_loc loc)
{
	struct ev_file *f;
	struct gx_buf b = GX_BUF_INIT;

	if (v->type != EV_FILE)
		return ev_failn(c, loc, "expected a file-like object, got %s", ev_repr(c, v));
	f = v->u.file;
	switch (f->kind) {
	case F_PLAIN:
	case F_LOCAL:
		*data = f->content;
		*len = f->len;
		return 0;
	case F_MIXED:
		for (struct ev *p = f->parts; p->type == EV_PAIR; p = p->u.pair.cdr) {
			const char *s = osb_path_of(c, p->u.pair.car, loc);

			if (s == NULL) {
				gx_buf_free(&b);
				return -1;
			}
			if (p->u.pair.car->type == EV_STRING)
				gx_buf_add(&b, s, p->u.pair.car->u.str.len);
			else
				gx_buf_puts(&b, s);
		}
		*len = b.len;
		*data = gx_arena_strndup(c->arena, b.data ? b.data : "", b.len);
		gx_buf_free(&b);
		return 0;
	case F_APPEND:
	case F_UNION:
	default:
		return ev_failn(c, loc, "%s is not a file with contents", ev_repr(c, v));
	}
}

/* ---- accounts ---- */

static bool valid_account_name(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 32 || s[0] == '-' || s[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '-' && s[i] != '.' &&
		    !(s[i] == '$' && i == n - 1))
			return false;
	return true;
}

static bool safe_field(const char *s)
{
	return strpbrk(s, ":\n\r") == NULL;
}

static struct os_group *find_group(struct ev_ctx *c, const char *name)
{
	for (size_t i = 0; i < c->osb.m->n_groups; i++)
		if (strcmp(c->osb.m->groups[i].name, name) == 0)
			return &c->osb.m->groups[i];
	return NULL;
}

static struct os_user *find_user(struct ev_ctx *c, const char *name)
{
	for (size_t i = 0; i < c->osb.m->n_users; i++)
		if (strcmp(c->osb.m->users[i].name, name) == 0)
			return &c->osb.m->users[i];
	return NULL;
}

static int get_id(struct ev_ctx *c, struct ev *rec, const char *field, long *out)
{
	struct ev *v = ev_record_get(rec, field);

	if (v->type == EV_BOOL && !v->u.b) {
		*out = UNSET_ID;
		return 0;
	}
	return ev_get_int(c, rec, field, 0, 4294967294L, out);
}

/* Of two accounts in conflict, the location of the one the declaration
 * wrote (the other may be a built-in one: %base-groups, an account a service
 * adds). */
static struct sx_loc either_loc(struct sx_loc a, struct sx_loc b)
{
	return a.line > 0 ? a : b;
}

int osb_add_group_record(struct ev_ctx *c, struct ev *rec, bool from_service)
{
	struct os_model *m = c->osb.m;
	struct os_group g = { 0 };
	bool sys;

	if (!ev_record_is(rec, "user-group"))
		return ev_failn(c, rec->loc, "groups: expected a user-group, got %s",
		                ev_repr(c, rec));
	if (ev_get_string(c, rec, "name", &g.name) < 0 ||
	    ev_get_string_or_false(c, rec, "password", &g.password) < 0 ||
	    get_id(c, rec, "id", &g.gid) < 0 || ev_get_bool(c, rec, "system?", &sys) < 0)
		return -1;
	g.system = sys;
	g.loc = rec->loc;
	if (!valid_account_name(g.name))
		return ev_failn(c, ev_record_loc(rec, "name"), "invalid group name \"%s\"", g.name);
	if (g.password != NULL && !safe_field(g.password))
		return ev_failn(c, ev_record_loc(rec, "password"), "group '%s': invalid password",
		                g.name);
	if (find_group(c, g.name) != NULL) {
		if (from_service)
			return 0;
		return ev_failn(c, either_loc(rec->loc, find_group(c, g.name)->loc),
		                "group '%s' is declared twice", g.name);
	}
	if (m->n_groups >= EV_MAX_ACCOUNTS)
		return ev_failn(c, rec->loc, "too many groups (at most %d)", EV_MAX_ACCOUNTS);
	EV_ARENA_GROW(c, m->groups, m->n_groups, c->osb.cap_groups);
	m->groups[m->n_groups++] = g;
	return 0;
}

static const char *path_field(struct ev_ctx *c, struct ev *rec, const char *field, const char *dflt)
{
	struct ev *v = ev_record_get(rec, field);
	struct sx_loc loc = ev_record_loc(rec, field);
	const char *p;

	if (v->type == EV_BOOL && !v->u.b)
		return dflt;
	if ((p = osb_path_of(c, v, loc)) == NULL)
		return NULL;
	if (p[0] != '/' || !safe_field(p))
		return ev_fail(c, loc,
		               "user-account: field '%s': expected an absolute path, got "
		               "\"%s\"",
		               field, p),
		       NULL;
	return p;
}

int osb_add_user_record(struct ev_ctx *c, struct ev *rec, bool from_service)
{
	struct os_model *m = c->osb.m;
	struct os_user u = { 0 };
	struct ev *group;
	bool sys, home;

	if (!ev_record_is(rec, "user-account"))
		return ev_failn(c, rec->loc, "users: expected a user-account, got %s",
		                ev_repr(c, rec));
	group = ev_record_get(rec, "group");
	if (ev_get_string(c, rec, "name", &u.name) < 0 ||
	    ev_get_string_or_false(c, rec, "password", &u.password) < 0 ||
	    get_id(c, rec, "uid", &u.uid) < 0 || ev_get_string(c, rec, "comment", &u.comment) < 0 ||
	    ev_get_strings(c, rec, "supplementary-groups", &u.supplementary_groups) < 0 ||
	    ev_get_bool(c, rec, "system?", &sys) < 0 ||
	    ev_get_bool(c, rec, "create-home-directory?", &home) < 0)
		return -1;
	if (!valid_account_name(u.name))
		return ev_failn(c, ev_record_loc(rec, "name"), "invalid user name \"%s\"", u.name);
	if (group->type == EV_STRING)
		u.group = group->u.str.s;
	else if (group->type == EV_INT)
		u.group = NULL, u.gid = (long)group->u.i;
	else
		return ev_failn(c, ev_record_loc(rec, "group"),
		                "user-account: field 'group': expected a group name, got %s",
		                ev_repr(c, group));
	if (!safe_field(u.comment) || (u.password && !safe_field(u.password)))
		return ev_failn(c, rec->loc,
		                "user '%s': comment and password cannot hold ':' or "
		                "newlines",
		                u.name);
	u.home =
	        path_field(c, rec, "home-directory", gx_arena_printf(c->arena, "/home/%s", u.name));
	u.shell = u.home ? path_field(c, rec, "shell", "/bin/bash") : NULL;
	if (u.shell == NULL)
		return -1;
	u.system = sys;
	u.create_home = home;
	u.loc = rec->loc;
	if (find_user(c, u.name) != NULL) {
		if (from_service)
			return 0;
		return ev_failn(c, either_loc(rec->loc, find_user(c, u.name)->loc),
		                "user '%s' is declared twice", u.name);
	}
	if (m->n_users >= EV_MAX_ACCOUNTS)
		return ev_failn(c, rec->loc, "too many users (at most %d)", EV_MAX_ACCOUNTS);
	EV_ARENA_GROW(c, m->users, m->n_users, c->osb.cap_users);
	m->users[m->n_users++] = u;
	return 0;
}

void osb_add_system_group(struct ev_ctx *c, const char *name)
{
	struct os_model *m = c->osb.m;

	if (find_group(c, name) != NULL)
		return;
	EV_ARENA_GROW(c, m->groups, m->n_groups, c->osb.cap_groups);
	m->groups[m->n_groups++] = (struct os_group){ name, UNSET_ID, true, NULL, NOLOC };
}

int osb_add_system_account(struct ev_ctx *c, const char *name, const char *group,
                           const char *comment, const char *home, struct sx_loc loc)
{
	struct os_model *m = c->osb.m;

	(void)loc;
	osb_add_system_group(c, group);
	if (find_user(c, name) == NULL) {
		EV_ARENA_GROW(c, m->users, m->n_users, c->osb.cap_users);
		m->users[m->n_users++] = (struct os_user){
			.name = name,
			.uid = UNSET_ID,
			.group = group,
			.comment = comment,
			.home = home,
			.shell = "/usr/sbin/nologin",
			.system = true,
			.create_home = false,
			.loc = NOLOC,
		};
	}
	return 0;
}

/* Guix's allocation (gnu/build/accounts.scm): requested ids are reserved
 * first; then, in order, system ids go down from 999 and others up from
 * 1000, skipping ids in use. */
static bool id_used(const long *ids, size_t n, long id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

static int allocate(struct ev_ctx *c, long **idp[], const bool *system, size_t n, const char *what)
{
	long *used = gx_arena_alloc(c->arena, (n + 1) * sizeof(*used));
	size_t n_used = 0;
	long next_sys = 999, next_user = 1000;

	for (size_t i = 0; i < n; i++)
		if (*idp[i] != NULL && **idp[i] != UNSET_ID)
			used[n_used++] = **idp[i];
	for (size_t i = 0; i < n; i++) {
		long *id = *idp[i];

		if (id == NULL || *id != UNSET_ID)
			continue;
		if (system[i]) {
			while (next_sys > 100 && id_used(used, n_used, next_sys))
				next_sys--;
			if (next_sys <= 100)
				return ev_failn(c, NOLOC, "no %s id left for system accounts",
				                what);
			*id = next_sys--;
		} else {
			while (id_used(used, n_used, next_user))
				next_user++;
			*id = next_user++;
		}
		used[n_used++] = *id;
	}
	return 0;
}

static int allocate_ids(struct ev_ctx *c)
{
	struct os_model *m = c->osb.m;
	size_t n = m->n_groups > m->n_users ? m->n_groups : m->n_users;
	long ***ids = gx_arena_alloc(c->arena, (n + 1) * sizeof(*ids));
	long **slots = gx_arena_alloc(c->arena, (n + 1) * sizeof(*slots));
	bool *sys = gx_arena_alloc(c->arena, n + 1);

	for (size_t i = 0; i < m->n_groups; i++) {
		slots[i] = &m->groups[i].gid;
		ids[i] = &slots[i];
		sys[i] = m->groups[i].system;
	}
	if (allocate(c, ids, sys, m->n_groups, "group") < 0)
		return -1;
	for (size_t i = 0; i < m->n_users; i++) {
		slots[i] = &m->users[i].uid;
		ids[i] = &slots[i];
		sys[i] = m->users[i].system;
	}
	return allocate(c, ids, sys, m->n_users, "user");
}

static int resolve_user_groups(struct ev_ctx *c, struct os_user *u)
{
	struct os_group *g = NULL;

	if (u->group != NULL) {
		if ((g = find_group(c, u->group)) == NULL)
			return ev_failn(c, u->loc, "user '%s': group '%s' is not declared", u->name,
			                u->group);
	} else {
		for (size_t i = 0; i < c->osb.m->n_groups && g == NULL; i++)
			if (c->osb.m->groups[i].gid == u->gid)
				g = &c->osb.m->groups[i];
		if (g == NULL)
			return ev_failn(c, u->loc, "user '%s': no group has id %ld", u->name,
			                u->gid);
		u->group = g->name;
	}
	u->gid = g->gid;
	for (size_t i = 0; u->supplementary_groups && u->supplementary_groups[i]; i++)
		if (find_group(c, u->supplementary_groups[i]) == NULL)
			return ev_failn(c, u->loc,
			                "supplementary group '%s' of user '%s' is not "
			                "declared",
			                u->supplementary_groups[i], u->name);
	return 0;
}

static int check_unique_ids(struct ev_ctx *c)
{
	struct os_model *m = c->osb.m;

	for (size_t i = 0; i < m->n_users; i++)
		for (size_t j = 0; j < i; j++)
			if (m->users[i].uid == m->users[j].uid)
				return ev_failn(c, either_loc(m->users[i].loc, m->users[j].loc),
				                "users '%s' and '%s' have the same "
				                "uid %ld",
				                m->users[j].name, m->users[i].name,
				                m->users[i].uid);
	for (size_t i = 0; i < m->n_groups; i++)
		for (size_t j = 0; j < i; j++)
			if (m->groups[i].gid == m->groups[j].gid)
				return ev_failn(c, either_loc(m->groups[i].loc, m->groups[j].loc),
				                "groups '%s' and '%s' have the "
				                "same gid %ld",
				                m->groups[j].name, m->groups[i].name,
				                m->groups[i].gid);
	return 0;
}

static int resolve_accounts(struct ev_ctx *c)
{
	struct os_model *m = c->osb.m;

	if (allocate_ids(c) < 0 || check_unique_ids(c) < 0)
		return -1;
	for (size_t i = 0; i < m->n_users; i++)
		if (resolve_user_groups(c, &m->users[i]) < 0)
			return -1;
	return 0;
}

static const char *service_name(const struct os_service *s)
{
	return s->provision[0];
}

/* #:user and #:group given as numbers name a declared account, as
 * Shepherd's getpw and getgr need one. */
static int name_service_ids(struct ev_ctx *c, struct os_service *s)
{
	struct os_model *m = c->osb.m;
	size_t i;

	if (s->uid_given) {
		for (i = 0; i < m->n_users && m->users[i].uid != s->uid; i++)
			;
		if (i == m->n_users)
			return ev_failn(c, s->loc, "service '%s': #:user %ld: no user has this uid",
			                service_name(s), s->uid);
		s->user = m->users[i].name;
	}
	if (s->gid_given) {
		for (i = 0; i < m->n_groups && m->groups[i].gid != s->gid; i++)
			;
		if (i == m->n_groups)
			return ev_failn(c, s->loc,
			                "service '%s': #:group %ld: no group has this gid",
			                service_name(s), s->gid);
		s->group = m->groups[i].name;
	}
	return 0;
}

static int resolve_service_ids(struct ev_ctx *c, struct os_service *s)
{
	if (name_service_ids(c, s) < 0)
		return -1;
	if (s->user != NULL) {
		struct os_user *u = find_user(c, s->user);

		if (u == NULL)
			return ev_failn(c, s->loc, "service '%s': user '%s' is not declared",
			                service_name(s), s->user);
		s->uid = u->uid;
		s->gid = u->gid;
	}
	if (s->group != NULL) {
		struct os_group *g = find_group(c, s->group);

		if (g == NULL)
			return ev_failn(c, s->loc, "service '%s': group '%s' is not declared",
			                service_name(s), s->group);
		s->gid = g->gid;
	}
	for (size_t i = 0; s->supplementary_groups && s->supplementary_groups[i]; i++)
		if (find_group(c, s->supplementary_groups[i]) == NULL)
			return ev_failn(c, s->loc, "service '%s': group '%s' is not declared",
			                service_name(s), s->supplementary_groups[i]);
	return 0;
}

/* Where gxsys-init cannot make a directory at boot: the read-only profile
 * (and the links into it), the system, /proc and /sys.  The place, or
 * NULL. */
static const char *read_only_place(const char *path)
{
	static const char *const places[] = { "/usr",  "/bin",   "/sbin",
		                              "/lib",  "/lib64", "/run/current-system",
		                              "/proc", "/sys",   "/run/gxsys" };

	for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
		size_t n = strlen(places[i]);

		if (strncmp(path, places[i], n) == 0 && (path[n] == '\0' || path[n] == '/'))
			return places[i];
	}
	return NULL;
}

static int resolve_dirs(struct ev_ctx *c)
{
	for (size_t i = 0; i < c->osb.m->n_dirs; i++) {
		struct os_dir *d = &c->osb.m->dirs[i];
		struct os_user *u = find_user(c, d->owner);
		struct os_group *g = find_group(c, d->group);
		const char *ro = read_only_place(d->path);

		if (ro != NULL)
			return ev_failn(c, d->loc,
			                "%s%sdirectory %s cannot be made: %s is read-only in the "
			                "container",
			                d->origin ? d->origin : "", d->origin ? ": " : "", d->path,
			                ro);

		if (u == NULL || g == NULL)
			return ev_failn(c, d->loc, "%s%sdirectory %s: %s '%s' is not declared",
			                d->origin ? d->origin : "", d->origin ? ": " : "", d->path,
			                u == NULL ? "user" : "group",
			                u == NULL ? d->owner : d->group);
		d->uid = u->uid;
		d->gid = g->gid;
	}
	return 0;
}

static int resolve_account_refs(struct ev_ctx *c)
{
	for (size_t i = 0; i < c->osb.n_account_refs; i++) {
		const struct osb_account_ref *r = &c->osb.account_refs[i];

		if (r->group ? find_group(c, r->name) == NULL : find_user(c, r->name) == NULL)
			return ev_failn(c, r->loc, "%s: %s '%s' is not declared", r->what,
			                r->group ? "group" : "user", r->name);
	}
	return 0;
}

/* ---- the shepherd service graph ---- */

static struct os_service *provider(struct ev_ctx *c, const char *name)
{
	for (size_t i = 0; i < c->osb.m->n_services; i++)
		for (const char **p = c->osb.m->services[i].provision; *p; p++)
			if (strcmp(*p, name) == 0)
				return &c->osb.m->services[i];
	return NULL;
}

static int visit(struct ev_ctx *c, struct os_service *s, unsigned char *color,
                 struct os_service **stack, size_t depth)
{
	size_t idx = (size_t)(s - c->osb.m->services);

	if (color[idx] == 2)
		return 0;
	stack[depth] = s;
	if (color[idx] == 1) {
		struct gx_buf b = GX_BUF_INIT;
		size_t start = 0;
		int r;

		while (stack[start] != s)
			start++;
		for (size_t i = start; i <= depth; i++)
			gx_buf_printf(&b, "%s%s", i > start ? " -> " : "", service_name(stack[i]));
		r = ev_failn(c, s->loc, "service dependency cycle: %s", b.data);
		gx_buf_free(&b);
		return r;
	}
	color[idx] = 1;
	for (const char **r = s->requirement; r && *r; r++)
		if (visit(c, provider(c, *r), color, stack, depth + 1) < 0)
			return -1;
	color[idx] = 2;
	return 0;
}

static int check_graph(struct ev_ctx *c)
{
	struct os_model *m = c->osb.m;
	unsigned char *color = gx_arena_alloc(c->arena, m->n_services + 1);
	struct os_service **stack = gx_arena_alloc(c->arena, (m->n_services + 2) * sizeof(*stack));

	if (m->n_services > EV_MAX_SERVICES)
		return ev_failn(c, m->services[EV_MAX_SERVICES].loc,
		                "too many services (at most %d)", EV_MAX_SERVICES);
	for (size_t i = 0; i < m->n_services; i++) {
		struct os_service *s = &m->services[i];

		for (const char **p = s->provision; *p; p++) {
			struct os_service *o = provider(c, *p);

			if (o == s)
				continue;
			if (strcmp(service_name(o), service_name(s)) == 0)
				return ev_failn(c, s->loc,
				                "service '%s' is provided more than once", *p);
			return ev_failn(c, s->loc,
			                "service '%s' is provided more than once (by '%s' "
			                "and '%s')",
			                *p, service_name(o), service_name(s));
		}
		for (const char **r = s->requirement; r && *r; r++)
			if (provider(c, *r) == NULL)
				return ev_failn(c, s->loc,
				                "service '%s' requires '%s', which is not "
				                "provided by any service%s",
				                service_name(s), *r,
				                strcmp(*r, "syslogd") == 0
				                        ? " (syslogd comes with %base-services)"
				                        : "");
	}
	for (size_t i = 0; i < m->n_services; i++)
		if (visit(c, &m->services[i], color, stack, 0) < 0)
			return -1;
	return 0;
}

/* ---- shepherd-service records ---- */

static int symbols(struct ev_ctx *c, struct ev *rec, const char *field, bool nonempty,
                   const char ***out)
{
	struct ev *v = ev_record_get(rec, field);
	size_t n = ev_list_length(v), i = 0;

	if (n == SIZE_MAX || (nonempty && n == 0))
		goto bad;
	*out = gx_arena_alloc(c->arena, (n + 1) * sizeof(**out));
	for (struct ev *p = v; p->type == EV_PAIR; p = p->u.pair.cdr) {
		struct ev *s = p->u.pair.car;

		if (s->type != EV_SYMBOL || s->u.str.len == 0 ||
		    strpbrk(s->u.str.s, " \t\n\"'") != NULL)
			goto bad;
		(*out)[i++] = s->u.str.s;
	}
	return 0;
bad:
	return ev_failn(c, ev_record_loc(rec, field),
	                "shepherd-service: field '%s': expected a %slist of symbols, got %s", field,
	                nonempty ? "non-empty " : "", ev_repr(c, v));
}

/* Shepherd's trigger action of a timer (shepherd-trigger-action: 'trigger
 * running #~trigger-timer), which gxsys-init has as `herd trigger NAME`. */
static bool is_trigger(const struct ev *a)
{
	const struct ev *name, *proc;

	if (!ev_record_is(a, "shepherd-action"))
		return false;
	name = ev_record_get(a, "name");
	proc = ev_record_get(a, "procedure");
	return name->type == EV_SYMBOL && strcmp(name->u.str.s, "trigger") == 0 &&
	       proc->type == EV_GEXP && proc->u.gexp->type == EV_SYMBOL &&
	       strcmp(proc->u.gexp->u.str.s, "trigger-timer") == 0;
}

/* The service's actions, into S->actions: those gxsys-init serves (a
 * configuration file, a command, a signal; a timer's trigger is its own
 * `herd trigger`); one only Guile could run is noted as ignored. */
static int actions(struct ev_ctx *c, struct ev *rec, struct os_service *s, const char *name)
{
	struct ev *l = ev_record_get(rec, "actions");

	if (!ev_is_list(l))
		return ev_failn(c, ev_record_loc(rec, "actions"),
		                "shepherd-service '%s': field 'actions': expected a list of "
		                "shepherd-action, got %s",
		                name, ev_repr(c, l));
	for (struct ev *p = l; p->type == EV_PAIR; p = p->u.pair.cdr) {
		struct ev *a = p->u.pair.car;
		struct ev *an;
		struct bc_action act = { 0 };
		const char *what;
		int r;

		if (!ev_record_is(a, "shepherd-action"))
			return ev_failn(c, a->loc,
			                "shepherd-service '%s': field 'actions': expected a "
			                "shepherd-action, got %s",
			                name, ev_repr(c, a));
		if (is_trigger(a)) {
			if (s->timer == NULL)
				osb_note(
				        c, false,
				        gx_arena_printf(c->arena,
				                        "action 'trigger' of service '%s'", name),
				        "ignored: triggering is a timer's (make-timer-constructor)",
				        a->loc);
			continue;
		}
		an = ev_record_get(a, "name");
		if (an->type != EV_SYMBOL || !bc_action_name_ok(an->u.str.s))
			return ev_failn(
			        c, ev_record_loc(a, "name"),
			        "shepherd-action: field 'name': expected a symbol of 1 to 32 "
			        "lower-case letters, digits or '-', not one of herd's own "
			        "verbs (status, start, stop, restart, enable, disable, "
			        "trigger, files, rotate-logs, doc), got %s",
			        ev_repr(c, an));
		what = gx_arena_printf(c->arena, "action '%s' of service '%s'", an->u.str.s, name);
		r = ev_gexp_action(c, ev_record_get(a, "procedure"), what, &act);
		if (r < 0)
			return -1;
		if (r == 0) {
			osb_note(c, false, what,
			         "ignored: gxsys-init serves actions that print a configuration "
			         "file (shepherd-configuration-action), invoke a command, or send "
			         "the service's process a signal; this procedure needs Guile",
			         ev_record_loc(a, "procedure"));
			continue;
		}
		for (size_t k = 0; k < s->n_actions; k++)
			if (strcmp(s->actions[k].name, an->u.str.s) == 0)
				return ev_failn(c, ev_record_loc(a, "name"),
				                "shepherd-service '%s': action '%s' defined twice",
				                name, an->u.str.s);
		act.name = (char *)an->u.str.s;
		struct ev *doc = ev_record_get(a, "documentation");
		if (doc != NULL && doc->type != EV_STRING && doc->type != EV_BOOL)
			return ev_failn(
			        c, ev_record_loc(a, "documentation"),
			        "shepherd-action: field 'documentation': expected a string, "
			        "got %s",
			        ev_repr(c, doc));
		act.documentation =
		        doc != NULL && doc->type == EV_STRING ? (char *)doc->u.str.s : NULL;
		osb_add_action(c, s, &act);
	}
	return 0;
}

/* A timer stays started to fire again: one-shot? #t would make it stop at
 * once, and Shepherd ignores respawn? (a run ending is no failure of the
 * timer).  Only make-timer-destructor disarms it. */
static int timer_fields(struct ev_ctx *c, struct ev *rec, struct os_service *s, const char *name)
{
	if (s->one_shot)
		return ev_failn(c, ev_record_loc(rec, "one-shot?"),
		                "shepherd-service '%s': a timer (make-timer-constructor) cannot be "
		                "one-shot? #t: it stays started, to fire again",
		                name);
	if (!ev_truthy(ev_record_get(rec, "stop")))
		return ev_failn(
		        c, rec->loc,
		        "shepherd-service '%s': a timer (make-timer-constructor) needs (stop "
		        "#~(make-timer-destructor)), which disarms it",
		        name);
	struct sx_loc respawn = ev_record_loc(rec, "respawn?");

	/* written in the record (a default is at the record's own place) */
	if (s->respawn && (respawn.line != rec->loc.line || respawn.col != rec->loc.col))
		osb_note(c, false, gx_arena_printf(c->arena, "respawn? of service '%s'", name),
		         "ignored: a timer is not respawned, as in Shepherd; it runs its command "
		         "at each event",
		         respawn);
	s->respawn = false;
	return 0;
}

/* Shepherd's respawn-limit, #f (the default: more than 5 respawns in
 * 30 s disable the service) or (COUNT . SECONDS), and respawn-delay, #f
 * (0.1 s) or seconds. */
static int respawn_limit(struct ev_ctx *c, struct ev *rec, struct os_service *s)
{
	struct ev *lim = ev_record_get(rec, "respawn-limit");
	struct ev *delay = ev_record_get(rec, "respawn-delay");
	const char *name = s->provision[0];

	if (ev_truthy(lim)) {
		struct ev *n = lim->type == EV_PAIR ? lim->u.pair.car : NULL;
		struct ev *secs = lim->type == EV_PAIR ? lim->u.pair.cdr : NULL;

		if (n == NULL || n->type != EV_INT || secs->type != EV_INT || n->u.i < 1 ||
		    n->u.i > BC_RESPAWN_MAX || secs->u.i < 1 || secs->u.i > 86400)
			return ev_failn(
			        c, ev_record_loc(rec, "respawn-limit"),
			        "shepherd-service '%s': respawn-limit: expected #f or "
			        "(COUNT . SECONDS), COUNT 1 to %d and SECONDS 1 to 86400, got %s",
			        name, BC_RESPAWN_MAX, ev_repr(c, lim));
		s->respawn_max = (int)n->u.i;
		s->respawn_window = (int)secs->u.i;
	}
	if (ev_truthy(delay)) {
		double ms = delay->type == EV_INT    ? 1000.0 * (double)delay->u.i
		            : delay->type == EV_REAL ? 1000.0 * delay->u.r
		                                     : -1;

		if (!(ms >= 1 && ms <= 3600 * 1000.0))
			return ev_failn(
			        c, ev_record_loc(rec, "respawn-delay"),
			        "shepherd-service '%s': respawn-delay: expected #f or seconds "
			        "(0.001 to 3600), got %s",
			        name, ev_repr(c, delay));
		s->respawn_delay_ms = (int)(ms + 0.5);
	}
	return 0;
}

int osb_add_shepherd_service(struct ev_ctx *c, struct ev *rec, const char *origin)
{
	struct os_service *s;
	struct ev *doc, *start, *stop;
	const char **prov, **req;
	bool one_shot, respawn, auto_start;

	if (symbols(c, rec, "provision", true, &prov) < 0 ||
	    symbols(c, rec, "requirement", false, &req) < 0 ||
	    ev_get_bool(c, rec, "one-shot?", &one_shot) < 0 ||
	    ev_get_bool(c, rec, "respawn?", &respawn) < 0 ||
	    ev_get_bool(c, rec, "auto-start?", &auto_start) < 0)
		return -1;
	if (ev_truthy(ev_record_get(rec, "free-form")))
		return ev_failn(c, ev_record_loc(rec, "free-form"),
		                "shepherd-service: free-form services are not supported by gxsys");
	doc = ev_record_get(rec, "documentation");
	if (doc->type != EV_STRING && !(doc->type == EV_BOOL && !doc->u.b))
		return ev_failn(c, ev_record_loc(rec, "documentation"),
		                "shepherd-service: field 'documentation': expected a string");
	s = osb_add_service(c, origin, rec->loc);
	s->provision = prov;
	s->requirement = req;
	s->documentation = doc->type == EV_STRING ? doc->u.str.s : NULL;
	s->one_shot = one_shot;
	s->respawn = respawn && !one_shot;
	s->auto_start = auto_start;
	start = ev_record_get(rec, "start");
	stop = ev_record_get(rec, "stop");
	if (ev_truthy(start) && ev_gexp_start(c, start, s, ev_record_loc(rec, "start")) < 0)
		return -1;
	if (ev_truthy(stop) && ev_gexp_stop(c, stop, s, ev_record_loc(rec, "stop")) < 0)
		return -1;
	if (s->timer != NULL && timer_fields(c, rec, s, prov[0]) < 0)
		return -1;
	/* gxsys-init runs a destructor's command where no process is left to
	 * signal (boot.conf's stop-command); Shepherd's would run it and leave
	 * a forkexec's process to itself. */
	if (s->system_stop != NULL && s->argv != NULL && !s->one_shot)
		return ev_failn(
		        c, ev_record_loc(rec, "stop"),
		        "shepherd-service '%s': make-system-destructor stops a service "
		        "that leaves no process once started (make-system-constructor, "
		        "one-shot? #t, or (const #t)); this one's make-forkexec-constructor "
		        "leaves one: stop it with make-kill-destructor",
		        prov[0]);
	if (actions(c, rec, s, prov[0]) < 0)
		return -1;
	return respawn_limit(c, rec, s);
}

/* ---- operating-system ---- */

/* What a locale's name, source or charset may hold: the letters of
 * glibc's names, nothing a file name or /etc/environment line would take
 * otherwise ('/', quotes, spaces). */
bool ev_locale_name_ok(const char *s)
{
	return s[0] != '\0' && s[0] != '.' && strlen(s) <= 64 &&
	       strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-@") ==
	               strlen(s);
}

/* RFC 1123: labels of letters, digits and hyphens, 1-63 characters, not
 * starting or ending with a hyphen; at most 253 characters in all. */
static const char *host_name_problem(const char *s)
{
	size_t len = strlen(s), label = 0;

	if (len == 0)
		return "it is empty";
	if (len > 253)
		return "it is longer than 253 characters";
	for (size_t i = 0; i <= len; i++) {
		char ch = s[i];

		if (ch == '.' || ch == '\0') {
			if (label == 0)
				return "it has an empty label";
			if (s[i - 1] == '-')
				return "a label ends with '-'";
			label = 0;
			continue;
		}
		if (!isalnum((unsigned char)ch) && ch != '-')
			return "only letters, digits, '-' and '.' are allowed";
		if (label == 0 && ch == '-')
			return "a label starts with '-'";
		if (++label > 63)
			return "a label is longer than 63 characters";
	}
	return NULL;
}

static int os_strings(struct ev_ctx *c, struct ev *os)
{
	struct os_model *m = c->osb.m;
	const char *problem;

	if (ev_get_string(c, os, "host-name", &m->host_name) < 0 ||
	    ev_get_string(c, os, "timezone", &m->timezone) < 0 ||
	    ev_get_string(c, os, "locale", &m->locale) < 0 ||
	    ev_get_string(c, os, "issue", &m->issue) < 0)
		return -1;
	if ((problem = host_name_problem(m->host_name)) != NULL)
		return ev_failn(c, ev_record_loc(os, "host-name"),
		                "invalid host name \"%s\": %s (RFC 1123)", m->host_name, problem);
	if (m->timezone[0] == '\0' || m->timezone[0] == '/' || strstr(m->timezone, "..") ||
	    strspn(m->timezone,
	           "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+-/") !=
	            strlen(m->timezone))
		return ev_failn(c, ev_record_loc(os, "timezone"), "invalid timezone \"%s\"",
		                m->timezone);
	m->timezone_loc = ev_record_loc(os, "timezone");
	m->locale_loc = ev_record_loc(os, "locale");
	if (!ev_locale_name_ok(m->locale))
		return ev_failn(c, ev_record_loc(os, "locale"), "invalid locale \"%s\"", m->locale);
	return 0;
}

static void os_ignored(struct ev_ctx *c, struct ev *os)
{
	const struct ev_rtd *rtd = os->u.rec->rtd;

	for (size_t i = 0; i < rtd->n_fields; i++)
		if (rtd->fields[i].ignored != NULL && os->u.rec->locs[i].file != NULL)
			osb_note(c, false, rtd->fields[i].name, rtd->fields[i].ignored,
			         os->u.rec->locs[i]);
}

static int each_record(struct ev_ctx *c, struct ev *os, const char *field,
                       int (*fn)(struct ev_ctx *, struct ev *, bool))
{
	struct ev *list = ev_record_get(os, field);

	if (!ev_is_list(list))
		return ev_failn(c, ev_record_loc(os, field),
		                "operating-system: field '%s': expected a list, got %s", field,
		                ev_repr(c, list));
	for (struct ev *p = list; p->type == EV_PAIR; p = p->u.pair.cdr)
		if (fn(c, p->u.pair.car, false) < 0)
			return -1;
	return 0;
}

static int os_packages(struct ev_ctx *c, struct ev *os)
{
	struct ev *list = ev_record_get(os, "packages");

	if (!ev_is_list(list))
		return ev_failn(c, ev_record_loc(os, "packages"),
		                "operating-system: field 'packages': expected a list, got %s",
		                ev_repr(c, list));
	for (struct ev *p = list; p->type == EV_PAIR; p = p->u.pair.cdr) {
		struct ev *v = p->u.pair.car;

		/* (list PACKAGE "OUTPUT") is a package output, as in Guix. */
		if (ev_list_length(v) == 2 && v->u.pair.car->type == EV_PACKAGE &&
		    v->u.pair.cdr->u.pair.car->type == EV_STRING) {
			const char *out = v->u.pair.cdr->u.pair.car->u.str.s;

			osb_add_package(c, v->u.pair.car->u.pkg.name,
			                strcmp(out, "out") == 0 ? NULL : out, false, v->loc);
			continue;
		}
		if (v->type != EV_PACKAGE)
			return ev_failn(
			        c, v->loc.file ? v->loc : ev_record_loc(os, "packages"),
			        "operating-system: field 'packages': expected a package, got %s",
			        ev_repr(c, v));
		osb_add_package(c, v->u.pkg.name, v->u.pkg.output, v->u.pkg.base, v->loc);
	}
	return 0;
}

static int os_sudoers(struct ev_ctx *c, struct ev *os)
{
	struct ev *f = ev_record_get(os, "sudoers-file");
	const char *data;
	size_t len;

	if (f->type == EV_BOOL && !f->u.b)
		return osb_add_file(c, "sudoers", ev_default_sudoers, strlen(ev_default_sudoers),
		                    0440, NULL, NOLOC);
	if (osb_file_content(c, f, &data, &len, ev_record_loc(os, "sudoers-file")) < 0)
		return -1;
	return osb_add_file(c, "sudoers", data, len, 0440, f->u.file->source,
	                    ev_record_loc(os, "sudoers-file"));
}

/* The deprecated hosts-file field: Guix still makes it /etc/hosts, in place
 * of hosts-service-type's, which is then not instantiated (so extending it
 * is an error: "no target of type 'hosts'"). */
static int os_hosts_file(struct ev_ctx *c, struct ev *os)
{
	struct ev *f = ev_record_get(os, "hosts-file");
	struct sx_loc loc = ev_record_loc(os, "hosts-file");
	const char *data;
	size_t len;

	if (f->type == EV_BOOL && !f->u.b)
		return 0;
	if (c->osb.m->n_hosts > 0)
		return ev_failn(c, loc,
		                "operating-system: hosts-file replaces /etc/hosts, so "
		                "hosts-service-type cannot be extended (Guix: no target of type "
		                "'hosts'); put the hosts in the file, or use hosts-service-type "
		                "without hosts-file");
	if (osb_file_content(c, f, &data, &len, loc) < 0)
		return -1;
	if (memchr(data, '\0', len) != NULL)
		return ev_failn(c, loc,
		                "operating-system: hosts-file: a text file has no NUL byte");
	c->osb.m->hosts_file = gx_arena_strndup(c->arena, data, len);
	c->osb.m->hosts_file_len = len;
	osb_note(c, false, "operating-system field 'hosts-file'",
	         "deprecated, use hosts-service-type instead (the file is /etc/hosts, as in "
	         "Guix)",
	         loc);
	return 0;
}

/* The root account, as Guix adds it, unless the declaration has an account
 * of uid 0 or named root: one named root without a uid is given 0 (else
 * the implicit one came on top, and two "root" homes made boot.conf
 * unreadable); with another uid it is an error. */
static int add_root(struct ev_ctx *c)
{
	struct os_model *m = c->osb.m;
	struct os_user *root = find_user(c, "root");

	if (root != NULL && root->uid == UNSET_ID)
		root->uid = 0;
	if (root != NULL && root->uid != 0)
		return ev_failn(c, root->loc, "user 'root' must have uid 0, not %ld", root->uid);
	for (size_t i = 0; i < m->n_users; i++)
		if (m->users[i].uid == 0)
			return 0;
	EV_ARENA_GROW(c, m->users, m->n_users, c->osb.cap_users);
	memmove(m->users + 1, m->users, m->n_users * sizeof(*m->users));
	m->n_users++;
	m->users[0] = (struct os_user){
		.name = "root",
		.uid = 0,
		.group = "root",
		.comment = "System administrator",
		.home = "/root",
		.shell = "/bin/bash",
		.password = "",
		.create_home = true,
		.system = false,
		.loc = NOLOC,
	};
	return 0;
}

/* Is D one of %default-locale-definitions' records (the same object)? */
static bool default_locale(struct ev_ctx *c, const struct ev *d)
{
	const struct ev *p = ev_lookup(c->global, "%default-locale-definitions");

	for (; p != NULL && p->type == EV_PAIR; p = p->u.pair.cdr)
		if (p->u.pair.car == d)
			return true;
	return false;
}

/* NAME as setlocale looks it up (glibc's _nl_normalize_codeset): the
 * codeset, after '.' and up to '@', in lower case without punctuation, so
 * "en_US.UTF-8" is "en_US.utf8".  OUT has room for 65 bytes; NAME passed
 * ev_locale_name_ok (at most 64). */
static void locale_norm(const char *name, char *out)
{
	bool codeset = false;
	size_t n = 0;

	for (const char *p = name; *p != '\0' && n < 64; p++) {
		if (*p == '.' || *p == '@')
			codeset = *p == '.';
		else if (codeset && !isalnum((unsigned char)*p))
			continue;
		out[n++] = codeset ? (char)tolower((unsigned char)*p) : *p;
	}
	out[n] = '\0';
}

int osb_use_locale(struct ev_ctx *c, const char *name, struct sx_loc loc, const char *what)
{
	struct os_model *m = c->osb.m;
	char want[65], have[65];

	locale_norm(name, want);
	if (strcmp(want, "C") == 0 || strcmp(want, "POSIX") == 0 || strcmp(want, "C.utf8") == 0)
		return 0;
	for (size_t i = 0; i < m->n_locale_defs; i++) {
		locale_norm(m->locale_defs[i].name, have);
		if (strcmp(want, have) == 0)
			return 0;
	}
	/* Guix compiles every default the declaration keeps; gxsys only those
	 * named: this one now.  os_locales made room for each. */
	for (struct ev *p = c->osb.locale_list; p != NULL && p->type == EV_PAIR;
	     p = p->u.pair.cdr) {
		struct ev *d = p->u.pair.car;
		struct os_locale_def l = { .loc = d->loc };

		if (!default_locale(c, d) || ev_get_string(c, d, "name", &l.name) < 0 ||
		    ev_get_string(c, d, "source", &l.source) < 0 ||
		    ev_get_string(c, d, "charset", &l.charset) < 0)
			continue;
		locale_norm(l.name, have);
		if (strcmp(want, have) == 0) {
			m->locale_defs[m->n_locale_defs++] = l;
			return 0;
		}
	}
	return ev_failn(c, loc,
	                "%s: locale \"%s\" is not one of the system's locale-definitions "
	                "(the operating-system's locale is \"%s\"; add a locale-definition "
	                "for it)",
	                what, name, m->locale);
}

/* locale-definitions: those the declaration made, and the default the
 * locale names (Guix compiles every default: 34 locales, minutes here). */
static int os_locales(struct ev_ctx *c, struct ev *os)
{
	struct os_model *m = c->osb.m;
	struct ev *list = ev_record_get(os, "locale-definitions");
	size_t n = 0;

	if (!ev_is_list(list))
		return ev_failn(c, ev_record_loc(os, "locale-definitions"),
		                "operating-system: field 'locale-definitions': expected a list, "
		                "got %s",
		                ev_repr(c, list));
	for (struct ev *p = list; p->type == EV_PAIR; p = p->u.pair.cdr)
		n++;
	c->osb.locale_list = list;
	m->locale_defs = gx_arena_alloc(c->arena, (n ? n : 1) * sizeof(*m->locale_defs));
	for (struct ev *p = list; p->type == EV_PAIR; p = p->u.pair.cdr) {
		struct ev *d = p->u.pair.car;
		struct os_locale_def l = { .loc = d->loc };
		bool dup = false;

		if (!ev_record_is(d, "locale-definition"))
			return ev_failn(c, d->loc,
			                "locale-definitions: expected a locale-definition, got %s",
			                ev_repr(c, d));
		if (ev_get_string(c, d, "name", &l.name) < 0 ||
		    ev_get_string(c, d, "source", &l.source) < 0 ||
		    ev_get_string(c, d, "charset", &l.charset) < 0)
			return -1;
		if (default_locale(c, d) && strcmp(l.name, m->locale) != 0)
			continue;
		if (!ev_locale_name_ok(l.name) || !ev_locale_name_ok(l.source) ||
		    !ev_locale_name_ok(l.charset) || strchr(l.source, '.') != NULL)
			return ev_failn(c, d->loc,
			                "invalid locale-definition \"%s\" (source \"%s\", "
			                "charset \"%s\")",
			                l.name, l.source, l.charset);
		for (size_t i = 0; i < m->n_locale_defs; i++)
			dup |= strcmp(m->locale_defs[i].name, l.name) == 0;
		if (!dup) /* the first wins, as a cons onto the defaults means */
			m->locale_defs[m->n_locale_defs++] = l;
	}
	return 0;
}

struct os_model *ev_build_os(struct ev_ctx *c, struct ev *os)
{
	struct os_model *m = c->osb.m;

	if (os_strings(c, os) < 0 || os_locales(c, os) < 0)
		return NULL;
	os_ignored(c, os);
	if (os_packages(c, os) < 0 || each_record(c, os, "groups", osb_add_group_record) < 0 ||
	    each_record(c, os, "users", osb_add_user_record) < 0)
		return NULL;
	if (add_root(c) < 0 || os_sudoers(c, os) < 0 ||
	    svc_expand_all(c, ev_record_get(os, "services"), ev_record_loc(os, "services")) < 0 ||
	    os_hosts_file(c, os) < 0 || resolve_accounts(c) < 0 || resolve_dirs(c) < 0 ||
	    resolve_account_refs(c) < 0)
		return NULL;
	for (size_t i = 0; i < m->n_services; i++)
		if (resolve_service_ids(c, &m->services[i]) < 0)
			return NULL;
	if (check_graph(c) < 0)
		return NULL;
	return m;
}
