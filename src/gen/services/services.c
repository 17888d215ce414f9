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
	&svc_mcron,
	&svc_log_rotation,
	&svc_httpd,
	&svc_opensmtpd,
	&svc_mail_aliases,
	&svc_cgit,
	&svc_dbus,
	&svc_syncthing,
	&svc_nftables,
	&svc_iptables,
	&svc_certbot,
	&svc_gitolite,
	&svc_varnish,
	&svc_inetd,
	&svc_dovecot,
	&svc_samba,
	&svc_radicale,
	&svc_prosody,
	&svc_knot,
	&svc_fail2ban,
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
	svc_mcron_records,
	svc_log_rotation_records,
	svc_httpd_records,
	svc_mail_records,
	svc_cgit_records,
	svc_dbus_records,
	svc_syncthing_records,
	svc_nftables_records,
	svc_iptables_records,
	svc_certbot_records,
	svc_gitolite_records,
	svc_varnish_records,
	svc_inetd_records,
	svc_dovecot_records,
	svc_samba_records,
	svc_radicale_records,
	svc_prosody_records,
	svc_knot_records,
	svc_fail2ban_records,
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
	svc_dbus_install(c);
	svc_nftables_install(c);
	svc_iptables_install(c);
	svc_radicale_install(c);
	svc_fail2ban_install(c);
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
	case SVC_DEFAULT_RECORD: {
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
	for (size_t i = 0; i < 2; i++) {
		const char *f = i ? "extend" : "compose";
		struct ev *fv = ev_record_get(rec, f);

		if (ev_truthy(fv) && fv->type != EV_CLOSURE && fv->type != EV_PRIM)
			return ev_fail(c, ev_record_loc(rec, f),
			               "service-type '%s': %s must be a procedure or #f, got %s",
			               name->u.str.s, f, ev_repr(c, fv));
	}
	t->name = name->u.str.s;
	t->extensions = exts;
	t->compose = ev_record_get(rec, "compose");
	t->extend = ev_record_get(rec, "extend");
	t->default_value = ev_record_get(rec, "default-value");
	t->loc = rec->loc;
	v = ev_new(c, EV_SERVICE_TYPE, rec->loc);
	v->u.stype = t;
	return v;
}

/* ---- expansion ---- */

/* A service of a custom type, or a simple-service extending one, in the
 * order of the declaration (their extensions' order). */
struct custom {
	const struct ev_service *svc; /* the declaration's service; NULL: instantiated by gxsys */
	struct ev_stype *type;        /* the instance's type, or what the simple-service extends */
	struct ev *value;             /* the instance's (final once resolved), or the extension's */
	const char *origin; /* a simple-service: "simple-service 'NAME'"; NULL: an instance */
	struct sx_loc loc;
	int state; /* instances: 0 unresolved, 1 resolving, 2 resolved */
};

struct expansion {
	struct svc_instance *inst;
	size_t n, cap;
	struct custom *cust;
	size_t n_cust, cap_cust;
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

	if (target->def == NULL) /* a simple-service's type */
		return ev_failn(c, loc, "%s: '%s' cannot be extended", origin, target->name);
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

static void add_custom(struct ev_ctx *c, struct expansion *x, const struct ev_service *svc,
                       struct ev_stype *type, struct ev *value, const char *origin,
                       struct sx_loc loc)
{
	EV_ARENA_GROW(c, x->cust, x->n_cust, x->cap_cust);
	x->cust[x->n_cust++] = (struct custom){ svc, type, value, origin, loc, 0 };
}

static bool is_custom(const struct ev_stype *t)
{
	return t->def == NULL && t->target == NULL;
}

/* The instance of custom type T, or NULL; an error if it has two (Guix:
 * "more than one target service"). */
static int custom_instance(struct ev_ctx *c, struct expansion *x, const struct ev_stype *t,
                           const char *origin, struct sx_loc loc, struct custom **out)
{
	*out = NULL;
	for (size_t i = 0; i < x->n_cust; i++) {
		struct custom *k = &x->cust[i];

		if (k->origin != NULL || k->type != t)
			continue;
		if (*out != NULL)
			return ev_failn(
			        c, loc,
			        "%s: more than one target service of type '%s' (at lines %d "
			        "and %d)",
			        origin, t->name, (*out)->loc.line, k->loc.line);
		*out = k;
	}
	return 0;
}

/* Custom type T, extended by ORIGIN, has its instance: one with its
 * default value where the declaration has none, as Guix's
 * instantiate-missing-services, else an error. */
static int ensure_target(struct ev_ctx *c, struct expansion *x, struct ev_stype *t,
                         const char *origin, struct sx_loc loc)
{
	struct custom *in;

	if (!is_custom(t))
		return 0;
	if (custom_instance(c, x, t, origin, loc, &in) < 0)
		return -1;
	if (in != NULL)
		return 0;
	if (t->default_value == NULL)
		return ev_failn(c, loc, "no target of type '%s' for service %s", t->name, origin);
	add_custom(c, x, NULL, t, t->default_value, NULL, loc);
	return 0;
}

/* Every custom type extended, by a simple-service or by another custom
 * instance's extensions (an instance added here is looked at in turn). */
static int instantiate_missing(struct ev_ctx *c, struct expansion *x)
{
	for (size_t i = 0; i < x->n_cust; i++) {
		struct custom k = x->cust[i]; /* x->cust may move */

		if (k.origin != NULL) {
			if (ensure_target(c, x, k.type, k.origin, k.loc) < 0)
				return -1;
			continue;
		}
		for (struct ev *p = k.type->extensions; p->type == EV_PAIR; p = p->u.pair.cdr)
			if (ensure_target(c, x, ev_record_get(p->u.pair.car, "target")->u.stype,
			                  k.type->name, k.loc) < 0)
				return -1;
	}
	return 0;
}

/* The values the services extending custom type T give it, in the
 * declaration's order: a simple-service's value, or what an extension of
 * another custom instance computes from that one's final value. */
static int resolve(struct ev_ctx *c, struct expansion *x, size_t i);

static struct ev *contributions(struct ev_ctx *c, struct expansion *x, const struct ev_stype *t,
                                struct sx_loc loc)
{
	struct ev_list_builder b;

	ev_lb_init(c, &b, loc);
	for (size_t j = 0; j < x->n_cust; j++) {
		if (x->cust[j].origin != NULL) {
			if (x->cust[j].type == t)
				ev_lb_add(c, &b, x->cust[j].value, loc);
			continue;
		}
		for (struct ev *p = x->cust[j].type->extensions; p->type == EV_PAIR;
		     p = p->u.pair.cdr) {
			struct ev *v;

			if (ev_record_get(p->u.pair.car, "target")->u.stype != t)
				continue;
			if (resolve(c, x, j) < 0)
				return NULL;
			v = ev_apply(c, ev_record_get(p->u.pair.car, "compute"), &x->cust[j].value,
			             1, x->cust[j].loc);
			if (v == NULL)
				return NULL;
			ev_lb_add(c, &b, v, loc);
		}
	}
	return b.head;
}

/* Instance I's final value, as Guix's fold-services makes it: (EXTEND
 * VALUE (COMPOSE CONTRIBUTIONS)) when its type has an extend procedure;
 * without one, extensions leave the value as it is (said in a note). */
static int resolve(struct ev_ctx *c, struct expansion *x, size_t i)
{
	struct ev_stype *t = x->cust[i].type;
	struct ev *list, *composed, *args[2];

	if (x->cust[i].state == 2)
		return 0;
	if (x->cust[i].state == 1) /* (a type refers to types defined before it: no
	                            * declaration makes one, but a loop here would not end) */
		return ev_failn(c, x->cust[i].loc,
		                "service type '%s' extends itself, through a cycle", t->name);
	x->cust[i].state = 1;
	if ((list = contributions(c, x, t, x->cust[i].loc)) == NULL)
		return -1;
	if (ev_truthy(t->extend)) {
		if (!ev_truthy(t->compose))
			return ev_failn(c, t->loc, "service-type '%s': extend without compose",
			                t->name);
		if ((composed = ev_apply(c, t->compose, &list, 1, x->cust[i].loc)) == NULL)
			return -1;
		args[0] = x->cust[i].value;
		args[1] = composed;
		if ((x->cust[i].value = ev_apply(c, t->extend, args, 2, x->cust[i].loc)) == NULL)
			return -1;
	} else if (list->type == EV_PAIR) {
		osb_note(c, false, gx_arena_printf(c->arena, "extensions of '%s'", t->name),
		         "ignored, as in Guix: its service-type has no extend procedure",
		         x->cust[i].loc);
	}
	x->cust[i].state = 2;
	return 0;
}

/* Custom instance K's extensions of the built-in types, computed from its
 * final value. */
static int custom_extensions(struct ev_ctx *c, struct expansion *x, struct custom k)
{
	for (struct ev *p = k.type->extensions; p->type == EV_PAIR; p = p->u.pair.cdr) {
		struct ev *target = ev_record_get(p->u.pair.car, "target");
		struct ev *v;

		if (is_custom(target->u.stype))
			continue;
		v = ev_apply(c, ev_record_get(p->u.pair.car, "compute"), &k.value, 1, k.loc);
		if (v == NULL ||
		    add_extension(c, x, target->u.stype, v, k.type->name, k.loc, NULL) < 0)
			return -1;
	}
	return 0;
}

/* Before the services are collected: the custom types' services (and the
 * simple-services extending them), each instance's final value. */
static int resolve_custom(struct ev_ctx *c, struct expansion *x, struct ev *services)
{
	for (struct ev *p = services; p->type == EV_PAIR; p = p->u.pair.cdr) {
		struct ev_service *s;

		if (p->u.pair.car->type != EV_SERVICE)
			continue; /* collect says so */
		s = p->u.pair.car->u.svc;
		if (s->type->target != NULL && is_custom(s->type->target))
			add_custom(c, x, s, s->type->target, s->value,
			           gx_arena_printf(c->arena, "simple-service '%s'", s->type->name),
			           s->loc);
		else if (is_custom(s->type))
			add_custom(c, x, s, s->type, s->value, NULL, s->loc);
	}
	if (instantiate_missing(c, x) < 0)
		return -1;
	for (size_t i = 0; i < x->n_cust; i++)
		if (x->cust[i].origin == NULL && resolve(c, x, i) < 0)
			return -1;
	return 0;
}

/* After: the extensions of the instances gxsys added (instantiate_missing). */
static int added_custom_extensions(struct ev_ctx *c, struct expansion *x)
{
	for (size_t i = 0; i < x->n_cust; i++)
		if (x->cust[i].svc == NULL && custom_extensions(c, x, x->cust[i]) < 0)
			return -1;
	return 0;
}

/* A built-in type given extensions of its own (fail2ban-jail-service's
 * copy of it): each computed from the service's value, for its target. */
static int more_extensions(struct ev_ctx *c, struct expansion *x, const struct ev_service *s)
{
	for (struct ev *p = s->type->extensions; p != NULL && p->type == EV_PAIR;
	     p = p->u.pair.cdr) {
		struct ev *target = ev_record_get(p->u.pair.car, "target");
		struct ev *arg = s->value;
		struct ev *v =
		        ev_apply(c, ev_record_get(p->u.pair.car, "compute"), &arg, 1, s->loc);

		if (v == NULL ||
		    add_extension(c, x, target->u.stype, v, s->type->name, s->loc, NULL) < 0)
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
	if (s->type->target != NULL && is_custom(s->type->target))
		return 0; /* given to its target by resolve_custom */
	if (s->type->target != NULL)
		return add_extension(
		        c, x, s->type->target, s->value,
		        gx_arena_printf(c->arena, "simple-service '%s'", s->type->name), s->loc,
		        NULL);
	if (s->type->def == NULL) { /* a custom type's, resolved by resolve_custom */
		for (size_t i = 0; i < x->n_cust; i++)
			if (x->cust[i].svc == s)
				return custom_extensions(c, x, x->cust[i]);
		return 0;
	}
	d = s->type->def;
	if (d->kind == SVC_RUN && s->type->extensions != NULL && more_extensions(c, x, s) < 0)
		return -1;
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

		/* One per user, as Guix's syncthing-USER services, one per name,
		 * as its varnish-NAME services: Guix has no "instantiated twice"
		 * error; the provisions must differ. */
		if (d == &svc_syncthing || d == &svc_varnish)
			prev = NULL;
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

/* Whether IN is a target the system lacks that something extends (a
 * built-in type, a simple-service, a custom type's instance) and that has
 * a default value: Guix's instantiate-missing-services instantiates it
 * with it (a simple-service extending nginx-service-type alone gets an
 * nginx with its default configuration and that server); without one, it
 * is expand_kind's "no target" error, as Guix's missing-target-error. */
static bool missing_target(const struct svc_instance *in)
{
	return in->value == NULL && in->exts != NULL && in->def->kind == SVC_RUN &&
	       in->def->dflt != SVC_NO_DEFAULT;
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

			if (missing_target(in)) {
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
		if (in->value == NULL && kind == SVC_RUN) /* !missing_target */
			return ev_failn(c, in->exts->loc, "no target of type '%s' for service %s",
			                in->def->name, in->exts->origin);
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
	struct expansion x = { NULL, 0, 0, NULL, 0, 0 };

	if (!ev_is_list(services))
		return ev_failn(c, loc,
		                "operating-system: field 'services': expected a list of "
		                "services, got %s",
		                ev_repr(c, services));
	/* The essential services every system has (gxsys-init does them). */
	for (size_t i = 0; i < svc_n_base_defs; i++)
		if (svc_base_defs[i].essential)
			add_instance(c, &x, &svc_base_defs[i], NULL, loc);
	if (resolve_custom(c, &x, services) < 0)
		return -1;
	for (struct ev *p = services; p->type == EV_PAIR; p = p->u.pair.cdr)
		if (collect(c, &x, p->u.pair.car) < 0)
			return -1;
	if (added_custom_extensions(c, &x) < 0 || route_builtin(c, &x) < 0)
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

struct ev *svc_plain_file(struct ev_ctx *c, const char *name, const char *content, size_t len,
                          struct sx_loc loc)
{
	struct ev *v = ev_new(c, EV_FILE, loc);

	v->u.file = gx_arena_alloc(c->arena, sizeof(*v->u.file));
	v->u.file->kind = F_PLAIN;
	v->u.file->name = name;
	v->u.file->content = content;
	v->u.file->len = len;
	v->u.file->mode = 0644;
	return v;
}

struct sx_loc svc_field_loc(const struct ev *cfg, const char *field, struct sx_loc dflt)
{
	struct sx_loc l = ev_record_loc(cfg, field);

	return l.file != NULL ? l : dflt;
}

const char *svc_file_with_contents(struct ev_ctx *c, const struct ev *cfg, const char *field,
                                   struct sx_loc at)
{
	struct ev *file = ev_record_get(cfg, field);

	if (file->type != EV_FILE ||
	    (file->u.file->kind != F_PLAIN && file->u.file->kind != F_LOCAL &&
	     file->u.file->kind != F_MIXED)) {
		ev_failn(c, at,
		         "%s: field '%s': expected a file-like object (plain-file, local-file, "
		         "mixed-text-file), got %s",
		         cfg->u.rec->rtd->name, field, ev_repr(c, file));
		return NULL;
	}
	return osb_path_of(c, file, at);
}

int svc_bad_field(struct ev_ctx *c, const struct ev *rec, const char *field, const char *expected)
{
	return ev_failn(c, svc_field_loc(rec, field, rec->loc),
	                "%s: field '%s': expected %s, got %s", rec->u.rec->rtd->name, field,
	                expected, ev_repr(c, ev_record_get(rec, field)));
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

int svc_name_list(struct ev_ctx *c, const struct ev *cfg, const char *field, bool nonempty,
                  const char ***out)
{
	struct ev *v = ev_record_get(cfg, field);
	size_t n = ev_list_length(v), i = 0;

	if (n == SIZE_MAX || (nonempty && n == 0))
		goto wrong;
	*out = gx_arena_alloc(c->arena, (n + 1) * sizeof(**out));
	for (struct ev *p = v; p->type == EV_PAIR; p = p->u.pair.cdr) {
		struct ev *s = p->u.pair.car;

		if (s->type != EV_SYMBOL || s->u.str.len == 0 ||
		    strlen(s->u.str.s) != s->u.str.len || svc_has_space(s->u.str.s) ||
		    strpbrk(s->u.str.s, "\"'") != NULL)
			goto wrong;
		(*out)[i++] = s->u.str.s;
	}
	(*out)[i] = NULL;
	return 0;
wrong:
	return ev_failn(c, ev_record_loc(cfg, field),
	                "%s: field '%s': expected a %slist of service names (symbols), got %s",
	                cfg->u.rec->rtd->name, field, nonempty ? "non-empty " : "", ev_repr(c, v));
}

const char **svc_strv(struct ev_ctx *c, const char *const *v, size_t n)
{
	const char **copy = gx_arena_alloc(c->arena, (n + 1) * sizeof(*copy));

	memcpy(copy, v, n * sizeof(*v));
	copy[n] = NULL;
	return copy;
}

void svc_set_argv(struct ev_ctx *c, struct os_service *o, const char *const *argv, size_t n)
{
	o->argv = svc_strv(c, argv, n);
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

const char *svc_uglify(struct ev_ctx *c, const char *name)
{
	size_t n = strlen(name);
	char *s;

	if (n > 0 && name[n - 1] == '?')
		n--;
	s = gx_arena_printf(c->arena, "%.*s", (int)n, name);
	for (char *p = s; *p; p++)
		if (*p == '-')
			*p = '_';
	return s;
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

void svc_add_action(struct ev_ctx *c, struct os_service *o, const char *name,
                    enum bc_action_kind kind, const char *file, int sig, const char *const *argv)
{
	struct bc_action a = { (char *)name, kind, (char *)file, sig, NULL, NULL };
	size_t n = 0;

	if (kind == BC_ACTION_CONFIGURATION) /* Guix's shepherd-configuration-action's */
		a.documentation = (char *)SVC_CONFIGURATION_DOC;

	if (argv != NULL) {
		while (argv[n] != NULL)
			n++;
		a.command = (char **)svc_strv(c, argv, n);
	}
	osb_add_action(c, o, &a);
}

void svc_action_doc(struct os_service *o, const char *doc)
{
	if (o->n_actions > 0)
		o->actions[o->n_actions - 1].documentation = (char *)doc;
}
