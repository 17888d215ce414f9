/* svc: the table of service types, their binding in the global environment,
 * and the expansion of an operating-system's services into the model:
 * instances are collected, extensions routed to their targets, then each
 * type expands (markers first, essential targets last). */
#include "services.h"

#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* One type a line (clang-format would pack five or more). */
/* clang-format off */
static const struct svc_def *const run_defs[] = {
	&svc_openssh,
	&svc_nginx,
	&svc_redis,
	&svc_memcached,
	&svc_postgresql,
	&svc_postgresql_role,
	&svc_node_exporter,
	&svc_git_daemon,
	&svc_php_fpm,
	&svc_fcgiwrap,
	&svc_dnsmasq,
	&svc_rsync,
	&svc_mysql,
	&svc_dropbear,
	&svc_tor,
	&svc_unbound,
	&svc_httpd,
	&svc_opensmtpd,
	&svc_mail_aliases,
	&svc_cgit,
};

static const struct ev_rtd *const *const module_records[] = {
	svc_openssh_records,
	svc_nginx_records,
	svc_redis_records,
	svc_memcached_records,
	svc_postgresql_records,
	svc_postgresql_role_records,
	svc_node_exporter_records,
	svc_git_daemon_records,
	svc_php_fpm_records,
	svc_fcgiwrap_records,
	svc_dnsmasq_records,
	svc_rsync_records,
	svc_mysql_records,
	svc_dropbear_records,
	svc_tor_records,
	svc_unbound_records,
	svc_httpd_records,
	svc_mail_records,
	svc_cgit_records,
};
/* clang-format on */

const struct svc_def *svc_find(const char *name)
{
	for (size_t i = 0; i < N(run_defs); i++)
		if (strcmp(run_defs[i]->name, name) == 0)
			return run_defs[i];
	for (size_t i = 0; i < svc_n_base_defs; i++)
		if (strcmp(svc_base_defs[i].name, name) == 0)
			return &svc_base_defs[i];
	return NULL;
}

const struct ev_rtd *svc_find_rtd(const char *name)
{
	for (size_t i = 0; i < N(module_records); i++)
		for (const struct ev_rtd *const *r = module_records[i]; *r != NULL; r++)
			if (strcmp((*r)->name, name) == 0)
				return *r;
	for (size_t i = 0; i < svc_n_open_rtds; i++)
		if (strcmp(svc_open_rtds[i].name, name) == 0)
			return &svc_open_rtds[i];
	if (strcmp(name, "host") == 0)
		return &ev_host_rtd;
	if (strcmp(name, "service-extension") == 0)
		return &ev_extension_rtd;
	return NULL;
}

static void bind_type(struct ev_ctx *c, const struct svc_def *d)
{
	struct sx_loc none = { NULL, 0, 0 };
	struct ev_stype *t = gx_arena_alloc(c->arena, sizeof(*t));
	struct ev *v = ev_new(c, EV_SERVICE_TYPE, none);

	t->name = d->name;
	t->def = d;
	v->u.stype = t;
	ev_define(c, c->global, d->name, v);
}

static void bind_rtd(struct ev_ctx *c, const struct ev_rtd *rtd)
{
	struct sx_loc none = { NULL, 0, 0 };
	struct ev *v = ev_new(c, EV_RECORD_TYPE, none);

	v->u.rtd = rtd;
	ev_define(c, c->global, rtd->name, v);
	ev_install_accessors(c, rtd);
}

void svc_install(struct ev_ctx *c)
{
	for (size_t i = 0; i < N(run_defs); i++)
		bind_type(c, run_defs[i]);
	for (size_t i = 0; i < svc_n_base_defs; i++)
		if (!svc_base_defs[i].essential)
			bind_type(c, &svc_base_defs[i]);
	for (size_t i = 0; i < N(module_records); i++)
		for (const struct ev_rtd *const *r = module_records[i]; *r != NULL; r++)
			bind_rtd(c, *r);
	for (size_t i = 0; i < svc_n_open_rtds; i++)
		bind_rtd(c, &svc_open_rtds[i]);
	svc_nginx_install(c);
	svc_tor_install(c);
	svc_httpd_install(c);
	svc_mail_install(c);
	svc_cgit_install(c);
	ev_define(c, c->global, "%base-services", svc_base_services(c));
}

struct ev_stype *svc_stype(struct ev_ctx *c, const char *name)
{
	struct ev *v = ev_lookup(c->global, name);

	return v && v->type == EV_SERVICE_TYPE ? v->u.stype : NULL;
}

/* The default value of the built-in type D. */
static struct ev *def_default(struct ev_ctx *c, const struct svc_def *d, struct sx_loc loc)
{
	/* Said before its value is missed: that is what the user must know. */
	if (d->kind == SVC_UNSUPPORTED)
		return ev_fail(c, loc, "service type '%s' is not supported by gxsys: %s", d->name,
		               d->note);
	switch (d->dflt) {
	case SVC_DEFAULT_RECORD:
	case SVC_DEFAULT_RECORD_IMPLICIT: {
		struct ev *r = ev_record_new(c, ev_find_rtd(d->value_rtd), loc);
		const struct ev_rtd *rtd = r->u.rec->rtd;

		for (size_t i = 0; i < rtd->n_fields; i++) {
			const struct ev_field *f = &rtd->fields[i];

			if (f->dflt == D_REQUIRED)
				return ev_fail(c, loc, "service type '%s' has no default value",
				               d->name);
		}
		/* Build it as `(RTD)` would: every field at its default. */
		return ev_record_fill_defaults(c, r, loc) < 0 ? NULL : r;
	}
	case SVC_DEFAULT_NIL:
		return ev_nil(c, loc);
	case SVC_DEFAULT_FALSE:
		return ev_bool(c, false, loc);
	case SVC_NO_DEFAULT:
	default:
		return ev_fail(c, loc, "service type '%s' has no default value", d->name);
	}
}

struct ev *svc_default_value(struct ev_ctx *c, struct ev_stype *t, struct sx_loc loc)
{
	if (t->def == NULL) {
		if (t->default_value == NULL)
			return ev_fail(c, loc, "service type '%s' has no default value", t->name);
		return t->default_value;
	}
	return def_default(c, t->def, loc);
}

struct ev *svc_custom_type(struct ev_ctx *c, struct ev *rec)
{
	struct ev_stype *t = gx_arena_alloc(c->arena, sizeof(*t));
	struct ev *name = ev_record_get(rec, "name");
	struct ev *exts = ev_record_get(rec, "extensions");
	struct ev *v;

	if (name->type != EV_SYMBOL)
		return ev_fail(c, ev_record_loc(rec, "name"),
		               "service-type: name must be a symbol");
	if (!ev_is_list(exts))
		return ev_fail(c, ev_record_loc(rec, "extensions"),
		               "service-type: extensions must be a list of service-extension");
	for (struct ev *p = exts; p->type == EV_PAIR; p = p->u.pair.cdr)
		if (!ev_record_is(p->u.pair.car, "service-extension"))
			return ev_fail(c, p->u.pair.car->loc,
			               "service-type: not a service-extension: %s",
			               ev_repr(c, p->u.pair.car));
	if (ev_truthy(ev_record_get(rec, "compose")) || ev_truthy(ev_record_get(rec, "extend")))
		return ev_fail(c, rec->loc,
		               "service-type '%s': compose and extend are not supported by gxsys",
		               name->u.str.s);
	t->name = name->u.str.s;
	t->extensions = exts;
	t->default_value = ev_record_get(rec, "default-value");
	t->loc = rec->loc;
	v = ev_new(c, EV_SERVICE_TYPE, rec->loc);
	v->u.stype = t;
	return v;
}

/* ---- expansion ---- */

struct expansion {
	struct svc_instance *inst;
	size_t n, cap;
};

static struct svc_instance *find_instance(struct expansion *x, const struct svc_def *d)
{
	for (size_t i = 0; i < x->n; i++)
		if (x->inst[i].def == d)
			return &x->inst[i];
	return NULL;
}

static struct svc_instance *add_instance(struct ev_ctx *c, struct expansion *x,
                                         const struct svc_def *d, struct ev *value,
                                         struct sx_loc loc)
{
	EV_ARENA_GROW(c, x->inst, x->n, x->cap);
	x->inst[x->n] = (struct svc_instance){ d, value, NULL, loc, false };
	return &x->inst[x->n++];
}

static int add_extension(struct ev_ctx *c, struct expansion *x, struct ev_stype *target,
                         struct ev *value, const char *origin, struct sx_loc loc,
                         const struct svc_def *from)
{
	struct svc_instance *in;
	struct svc_ext *e, **tail;

	if (target->def == NULL)
		return ev_failn(c, loc,
		                "%s: extending the custom service type '%s' is not "
		                "supported by gxsys",
		                origin, target->name);
	if (target->def->kind == SVC_DROPPED) {
		osb_note(c, true, origin,
		         gx_arena_printf(c->arena, "extends %s, dropped: %s", target->name,
		                         target->def->note),
		         loc);
		return 0;
	}
	if (target->def->kind == SVC_UNSUPPORTED)
		return ev_failn(c, loc, "%s: extends '%s', which gxsys does not support (%s)",
		                origin, target->name, target->def->note);
	in = find_instance(x, target->def);
	if (in == NULL) {
		/* The target may come later in the list (the order of services
		 * does not matter, as in Guix): a place for it, which expand_kind
		 * refuses if it stays empty. */
		if (target->def->kind != SVC_ESSENTIAL && target->def->kind != SVC_RUN)
			return ev_failn(c, loc, "no target of type '%s' for service %s",
			                target->name, origin);
		in = add_instance(c, x, target->def, NULL, loc);
	}
	e = gx_arena_alloc(c->arena, sizeof(*e));
	*e = (struct svc_ext){ value, origin, loc, NULL, from };
	for (tail = &in->exts; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = e;
	return 0;
}

static int collect_custom(struct ev_ctx *c, struct expansion *x, struct ev_service *s)
{
	struct ev_stype *t = s->type;
	const char *origin = gx_arena_printf(c->arena, "%s", t->name);

	for (struct ev *p = t->extensions; p->type == EV_PAIR; p = p->u.pair.cdr) {
		struct ev *ext = p->u.pair.car;
		struct ev *target = ev_record_get(ext, "target");
		struct ev *v = ev_apply(c, ev_record_get(ext, "compute"), &s->value, 1, s->loc);

		if (v == NULL || add_extension(c, x, target->u.stype, v, origin, s->loc, NULL) < 0)
			return -1;
	}
	return 0;
}

static int collect(struct ev_ctx *c, struct expansion *x, struct ev *sv)
{
	struct ev_service *s;
	const struct svc_def *d;

	if (sv->type != EV_SERVICE)
		return ev_failn(c, sv->loc, "services: not a service: %s", ev_repr(c, sv));
	s = sv->u.svc;
	if (s->type->target != NULL)
		return add_extension(
		        c, x, s->type->target, s->value,
		        gx_arena_printf(c->arena, "simple-service '%s'", s->type->name), s->loc,
		        NULL);
	if (s->type->def == NULL)
		return collect_custom(c, x, s);
	d = s->type->def;
	switch (d->kind) {
	case SVC_DROPPED:
		osb_note(c, true, d->name, d->note, s->loc);
		return 0;
	case SVC_UNSUPPORTED:
		return ev_failn(c, s->loc, "service type '%s' is not supported by gxsys: %s",
		                d->name, d->note);
	case SVC_ESSENTIAL:
		if (find_instance(x, d) == NULL)
			add_instance(c, x, d, s->value, s->loc);
		return add_extension(c, x, s->type, s->value, d->name, s->loc, NULL);
	case SVC_MARKER:
		if (find_instance(x, d) != NULL)
			return 0;
		add_instance(c, x, d, s->value, s->loc);
		return 0;
	case SVC_RUN:
	default: {
		struct svc_instance *prev = find_instance(x, d);

		if (prev != NULL) {
			if (prev->value != NULL)
				return ev_failn(c, s->loc,
				                "service type '%s' is instantiated twice (first at "
				                "line %d)",
				                d->name, prev->loc.line);
			prev->value = s->value;
			prev->loc = s->loc;
			return 0;
		}
		add_instance(c, x, d, s->value, s->loc);
		return 0;
	}
	}
}

/* Whether IN is a target the system lacks that a built-in type extends:
 * Guix instantiates it with its default value. */
static bool missing_builtin_target(const struct svc_instance *in)
{
	if (in->value != NULL)
		return false;
	for (const struct svc_ext *e = in->exts; e != NULL; e = e->next)
		if (e->from != NULL)
			return true;
	return false;
}

/* The built-in types' extensions (cgit's of nginx and fcgiwrap), given to
 * their targets once every service is collected; a missing target is
 * instantiated with its default value, and its own extensions routed in
 * turn, until none is left. */
static int route_builtin(struct ev_ctx *c, struct expansion *x)
{
	bool again = true;

	while (again) {
		again = false;
		for (size_t i = 0; i < x->n; i++) {
			struct svc_instance *in = &x->inst[i];
			const struct svc_def *d = in->def;

			if (missing_builtin_target(in)) {
				in->value =
				        svc_default_value(c, svc_stype(c, d->name), in->exts->loc);
				if (in->value == NULL)
					return -1;
				in->loc = in->exts->loc;
			}
			if (in->routed || in->value == NULL || d->extensions == NULL)
				continue;
			in->routed = true;
			again = true;
			for (const struct svc_extension *e = d->extensions; e->target != NULL;
			     e++) {
				struct svc_instance s = *in; /* x->inst may move */
				struct ev *v = e->compute(c, &s);

				if (v == NULL || add_extension(c, x, svc_stype(c, e->target), v,
				                               d->name, s.loc, d) < 0)
					return -1;
				in = &x->inst[i];
			}
		}
	}
	return 0;
}

static int expand_kind(struct ev_ctx *c, struct expansion *x, enum svc_kind kind)
{
	for (size_t i = 0; i < x->n; i++) {
		struct svc_instance *in = &x->inst[i];

		if (in->def->kind != kind)
			continue;
		if (in->value == NULL && kind == SVC_RUN) {
			if (in->def->dflt != SVC_DEFAULT_RECORD_IMPLICIT)
				return ev_failn(c, in->exts->loc,
				                "no target of type '%s' for service %s",
				                in->def->name, in->exts->origin);
			in->value = def_default(c, in->def, in->exts->loc);
			if (in->value == NULL)
				return -1;
		}
		c->osb.expanding = in->def->name;
		c->osb.expanding_loc = in->loc;
		int r = in->def->expand(c, in);
		c->osb.expanding = NULL;
		c->osb.expanding_loc = (struct sx_loc){ NULL, 0, 0 };
		if (r < 0)
			return -1;
	}
	return 0;
}

int svc_expand_all(struct ev_ctx *c, struct ev *services, struct sx_loc loc)
{
	struct expansion x = { NULL, 0, 0 };

	if (!ev_is_list(services))
		return ev_failn(c, loc,
		                "operating-system: field 'services': expected a list of "
		                "services, got %s",
		                ev_repr(c, services));
	/* The essential services every system has (gxsys-init does them). */
	for (size_t i = 0; i < svc_n_base_defs; i++)
		if (svc_base_defs[i].essential)
			add_instance(c, &x, &svc_base_defs[i], NULL, loc);
	for (struct ev *p = services; p->type == EV_PAIR; p = p->u.pair.cdr)
		if (collect(c, &x, p->u.pair.car) < 0)
			return -1;
	if (route_builtin(c, &x) < 0)
		return -1;
	if (expand_kind(c, &x, SVC_MARKER) < 0 || expand_kind(c, &x, SVC_RUN) < 0 ||
	    expand_kind(c, &x, SVC_ESSENTIAL) < 0)
		return -1;
	return 0;
}

const char *svc_join(struct ev_ctx *c, const char **v, const char *sep)
{
	struct gx_buf b = GX_BUF_INIT;
	const char *r;

	for (size_t i = 0; v != NULL && v[i] != NULL; i++) {
		if (i)
			gx_buf_puts(&b, sep);
		gx_buf_puts(&b, v[i]);
	}
	r = gx_arena_strdup(c->arena, b.data ? b.data : "");
	gx_buf_free(&b);
	return r;
}

int svc_check_value(struct ev_ctx *c, const struct svc_instance *s, const char *article)
{
	if (!ev_record_is(s->value, s->def->value_rtd))
		return ev_failn(c, s->value->loc, "%s: expected %s %s, got %s", s->def->name,
		                article, s->def->value_rtd, ev_repr(c, s->value));
	return 0;
}

int svc_refuse_extensions(struct ev_ctx *c, const struct svc_instance *s)
{
	if (s->exts != NULL)
		return ev_failn(c, s->exts->loc, "%s: extending %s is not supported by gxsys",
		                s->exts->origin, s->def->name);
	return 0;
}

struct ev *svc_package(struct ev_ctx *c, const struct ev *cfg, const char *field)
{
	struct ev *v = ev_record_get(cfg, field);

	if (v->type == EV_PACKAGE)
		return v;
	ev_failn(c, ev_record_loc(cfg, field), "%s: field '%s': expected a package, got %s",
	         cfg->u.rec->rtd->name, field, ev_repr(c, v));
	return NULL;
}

int svc_string_list(struct ev_ctx *c, const struct ev *cfg, const char *field, const char ***out)
{
	struct ev *list = ev_record_get(cfg, field);
	struct sx_loc loc = ev_record_loc(cfg, field);
	const char *rtd = cfg->u.rec->rtd->name;
	size_t n = ev_list_length(list), i = 0;

	if (n == SIZE_MAX)
		return ev_failn(c, loc, "%s: field '%s': expected a list of strings, got %s", rtd,
		                field, ev_repr(c, list));
	*out = gx_arena_alloc(c->arena, (n + 1) * sizeof(**out));
	for (struct ev *p = list; p->type == EV_PAIR; p = p->u.pair.cdr, i++) {
		struct ev *e = p->u.pair.car;

		if (e->type != EV_STRING || strlen(e->u.str.s) != e->u.str.len)
			return ev_failn(c, loc, "%s: field '%s': expected a string, got %s", rtd,
			                field, ev_repr(c, e));
		(*out)[i] = e->u.str.s;
	}
	(*out)[n] = NULL;
	return 0;
}

void svc_set_argv(struct ev_ctx *c, struct os_service *o, const char *const *argv, size_t n)
{
	o->argv = gx_arena_alloc(c->arena, (n + 1) * sizeof(*o->argv));
	memcpy(o->argv, argv, n * sizeof(*argv));
	o->argv[n] = NULL;
}

void svc_parent_dir(struct ev_ctx *c, const char *path)
{
	svc_parent_dir_of(c, path, "root", "root");
}

void svc_parent_dir_of(struct ev_ctx *c, const char *path, const char *owner, const char *group)
{
	static const char *const system[] = { "/var/run", "/run", "/var/log", "/tmp", "/var" };
	const char *slash = strrchr(path, '/');
	const char *dir;

	if (path[0] != '/' || slash == path)
		return;
	dir = gx_arena_printf(c->arena, "%.*s", (int)(slash - path), path);
	for (size_t i = 0; i < N(system); i++)
		if (strcmp(dir, system[i]) == 0)
			return;
	osb_add_dir(c, dir, owner, group, 0755);
}

bool svc_port_ok(const char *s)
{
	long v = 0;

	if (*s == '\0' || strlen(s) > 5 || strspn(s, "0123456789") != strlen(s))
		return false;
	for (; *s != '\0'; s++)
		v = v * 10 + (*s - '0');
	return v >= 1 && v <= 65535;
}

bool svc_has_space(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == 0x7f)
			return true;
	return false;
}

bool svc_path_ok(const char *s, const char *forbid)
{
	if (s[0] != '/' || s[strspn(s, "/")] == '\0')
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || strchr(forbid, *p) != NULL)
			return false;
	for (const char *p = s + strspn(s, "/"); *p; p += strspn(p, "/")) {
		size_t n = strcspn(p, "/");

		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		p += n;
	}
	return true;
}

int svc_path_or_false(struct ev_ctx *c, const struct ev *cfg, const char *field, const char **out)
{
	if (ev_get_string_or_false(c, cfg, field, out) < 0)
		return -1;
	if (*out == NULL || svc_path_ok(*out, ""))
		return 0;
	return ev_failn(c, ev_record_loc(cfg, field),
	                "%s: field '%s': invalid value %s (expected #f or an absolute path "
	                "without white space, control characters or \".\" and \"..\" components)",
	                cfg->u.rec->rtd->name, field, ev_repr(c, ev_record_get(cfg, field)));
}

const char **svc_split(struct ev_ctx *c, const char *s)
{
	size_t n = 0, i = 0;
	const char **v;
	char *copy, *save = NULL;

	if (s == NULL)
		return NULL;
	for (const char *p = s; *p; p++)
		n += *p == ' ';
	v = gx_arena_alloc(c->arena, (n + 2) * sizeof(*v));
	copy = gx_arena_strdup(c->arena, s);
	for (char *t = strtok_r(copy, " ", &save); t != NULL; t = strtok_r(NULL, " ", &save))
		v[i++] = t;
	return v;
}
