/* ev: the core evaluator: environments, special forms (a table), procedure
 * application, quasiquote, limits, and the entry points of eval.h. */
#include "eval.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ev_internal.h"
#include "services/services.h"

#define CAR(x) ((x)->u.pair.car)
#define CDR(x) ((x)->u.pair.cdr)
#define IS_PAIR(x) ((x) != NULL && (x)->type == SX_PAIR)

/* ---- environments ---- */

static size_t hash_name(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

struct ev_env *ev_env_new(struct ev_ctx *c, struct ev_env *parent)
{
	struct ev_env *e = gx_arena_alloc(c->arena, sizeof(*e));

	e->parent = parent;
	e->depth = parent ? parent->depth + 1 : 0;
	return e;
}

/* A frame is an array searched in order while it is small, and hashed
 * (open addressing, cap a power of two, at most half full) once it holds
 * more than FRAME_LINEAR_MAX bindings, as the global one always is: a
 * `let` of 200000 bindings took minutes, each binding and each reference
 * a search of the frame. */
#define FRAME_LINEAR_MAX 16

static void hash_into(struct ev_binding *b, size_t cap, const struct ev_binding *from)
{
	size_t j = hash_name(from->name) & (cap - 1);

	while (b[j].name != NULL)
		j = (j + 1) & (cap - 1);
	b[j] = *from;
}

/* Make E hashed, or its table twice as big. */
static void hash_grow(struct ev_ctx *c, struct ev_env *e)
{
	size_t cap = e->hashed ? e->cap * 2 : e->global ? 1024 : 64;
	struct ev_binding *b = gx_arena_alloc(c->arena, cap * sizeof(*b));

	for (size_t i = 0; i < (e->hashed ? e->cap : e->n); i++)
		if (e->b[i].name != NULL)
			hash_into(b, cap, &e->b[i]);
	e->b = b;
	e->cap = cap;
	e->hashed = true;
}

static struct ev_binding *hash_slot(struct ev_env *e, const char *name)
{
	size_t j;

	if (e->cap == 0)
		return NULL;
	j = hash_name(name) & (e->cap - 1);
	while (e->b[j].name != NULL && strcmp(e->b[j].name, name) != 0)
		j = (j + 1) & (e->cap - 1);
	return &e->b[j];
}

/* Bind NAME in E, hashing E first when it is not yet. */
static void hash_set(struct ev_ctx *c, struct ev_env *env, const char *name, struct ev *val)
{
	struct ev_binding *s;

	if (!env->hashed || (env->n + 1) * 2 > env->cap)
		hash_grow(c, env);
	s = hash_slot(env, name);
	if (s->name == NULL) {
		s->name = name;
		env->n++;
	}
	s->val = val;
}

/* The binding of NAME in the frame E itself, or NULL. */
static struct ev_binding *frame_find(struct ev_env *e, const char *name)
{
	if (e->hashed) {
		struct ev_binding *s = hash_slot(e, name);

		return s != NULL && s->name != NULL ? s : NULL;
	}
	for (size_t i = 0; i < e->n; i++)
		if (strcmp(e->b[i].name, name) == 0)
			return &e->b[i];
	return NULL;
}

void ev_define(struct ev_ctx *c, struct ev_env *env, const char *name, struct ev *val)
{
	struct ev_binding *b;

	if (env->hashed || env->global)
		return hash_set(c, env, name, val);
	if ((b = frame_find(env, name)) != NULL)
		b->val = val;
	else
		ev_bind(c, env, name, val);
}

void ev_bind(struct ev_ctx *c, struct ev_env *env, const char *name, struct ev *val)
{
	if (env->hashed || env->global || env->n == FRAME_LINEAR_MAX)
		return hash_set(c, env, name, val);
	if (env->n == env->cap) {
		size_t cap = env->cap ? env->cap * 2 : 4;
		struct ev_binding *b = gx_arena_alloc(c->arena, cap * sizeof(*b));

		if (env->n)
			memcpy(b, env->b, env->n * sizeof(*b));
		env->b = b;
		env->cap = cap;
	}
	env->b[env->n].name = name;
	env->b[env->n].val = val;
	env->n++;
}

static struct ev_binding *env_find(struct ev_env *env, const char *name)
{
	for (struct ev_env *e = env; e != NULL; e = e->parent) {
		struct ev_binding *b = frame_find(e, name);

		if (b != NULL)
			return b;
	}
	return NULL;
}

struct ev *ev_lookup(struct ev_env *env, const char *name)
{
	struct ev_binding *b = env_find(env, name);

	return b ? b->val : NULL;
}

static bool bound_locally(struct ev_env *env, const char *name)
{
	for (struct ev_env *e = env; e != NULL && !e->global; e = e->parent)
		if (frame_find(e, name) != NULL)
			return true;
	return false;
}

/* ---- "did you mean" ---- */

/* Optimal string alignment distance: a transposition (ngnix/nginx) is one edit. */
size_t ev_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t d[64][64];

	if (la >= 63 || lb >= 63)
		return SIZE_MAX;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[la][lb];
}

struct suggest {
	const char *name;
	const char *best;
	size_t dist;
};

static void consider(void *arg, const char *cand)
{
	struct suggest *s = arg;
	size_t d = ev_edit_distance(s->name, cand);

	if (d < s->dist || (d == s->dist && s->best != NULL && strcmp(cand, s->best) < 0)) {
		s->dist = d;
		s->best = cand;
	}
}

size_t ev_suggest_max(const char *name)
{
	size_t len = strlen(name);

	return len <= 4 ? 1 : len <= 10 ? 2 : 3;
}

void ev_suggest(struct ev_ctx *c, struct ev_env *env, const char *name, struct gx_buf *out)
{
	struct suggest s = { name, NULL, SIZE_MAX };
	size_t max = ev_suggest_max(name);

	(void)c;
	for (struct ev_env *e = env; e != NULL; e = e->parent)
		for (size_t i = 0; i < (e->hashed ? e->cap : e->n); i++)
			if (e->b[i].name != NULL)
				consider(&s, e->b[i].name);
	ev_package_candidates(consider, &s);
	if (s.best != NULL && s.dist <= max && s.dist > 0)
		gx_buf_printf(out, " (did you mean '%s'?)", s.best);
}

/* Guile macros real configurations use, which gxsys has not (no macros). */
static const struct {
	const char *name, *module;
} guile_macros[] = {
	{ "match-record", "(guix records)" },
	{ "define-configuration", "(gnu services configuration)" },
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

/* Why NAME may be unbound, when gxsys knows better than a typo: a Guile
 * macro, the configuration record of a service type gxsys does not support
 * (met before the type itself: (service cups-service-type
 * (cups-configuration ...)) evaluates its arguments first), a service
 * type gxsys does not know. */
static bool unbound_hint(struct ev_ctx *c, const char *name, struct gx_buf *b)
{
	const char *stype;
	const struct svc_def *d;

	for (size_t i = 0; i < sizeof(guile_macros) / sizeof(guile_macros[0]); i++)
		if (strcmp(name, guile_macros[i].name) == 0) {
			gx_buf_printf(b,
			              ": it is a macro of %s, and gxsys's configuration "
			              "language has no macros",
			              guile_macros[i].module);
			return true;
		}
	if (!ends_with(name, "-configuration"))
		return false;
	stype = gx_arena_printf(c->arena, "%.*s-service-type",
	                        (int)(strlen(name) - strlen("-configuration")), name);
	d = svc_find(stype);
	if (d == NULL || d->kind != SVC_UNSUPPORTED)
		return false;
	gx_buf_printf(b, ": it configures '%s', which gxsys does not support (%s)", stype, d->note);
	return true;
}

static struct ev *unbound(struct ev_ctx *c, const struct sx *x, struct ev_env *env)
{
	struct gx_buf b = GX_BUF_INIT;
	struct ev *r;

	if (!unbound_hint(c, x->u.str.text, &b)) {
		ev_suggest(c, env, x->u.str.text, &b);
		if (b.data == NULL && ends_with(x->u.str.text, "-service-type"))
			gx_buf_printf(&b, ": gxsys has no such service type (see \"Configuration: "
			                  "what is supported\" in its README)");
	}
	r = ev_fail(c, x->loc, "unbound variable '%s'%s", x->u.str.text, b.data ? b.data : "");
	gx_buf_free(&b);
	return r;
}

static struct ev *eval_symbol(struct ev_ctx *c, const struct sx *x, struct ev_env *env)
{
	struct ev *v = ev_lookup(env, x->u.str.text);
	const char *pkg;

	if (v != NULL)
		return v;
	pkg = ev_package_name(x->u.str.text);
	if (pkg != NULL)
		return ev_package(c, pkg, x->loc);
	return unbound(c, x, env);
}

/* ---- special forms ---- */

typedef struct ev *(*special_fn)(struct ev_ctx *c, const struct sx *form, struct ev_env *env);

static size_t form_len(const struct sx *form)
{
	return sx_list_length(form);
}

static struct ev *bad_syntax(struct ev_ctx *c, const struct sx *form, const char *what)
{
	return ev_fail(c, form->loc, "bad '%s' form: %s", CAR(form)->u.str.text, what);
}

static struct ev *sf_quote(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	(void)env;
	if (form_len(form) != 2)
		return bad_syntax(c, form, "expected one datum");
	return ev_from_datum(c, CAR(CDR(form)));
}

static struct ev *quasi(struct ev_ctx *c, const struct sx *x, struct ev_env *env, int level);

static struct ev *quasi_list(struct ev_ctx *c, const struct sx *x, struct ev_env *env, int level)
{
	struct ev *head = NULL, **tail = &head;

	while (IS_PAIR(x)) {
		const struct sx *item = CAR(x);

		/* `(a . ,b) is (a unquote b): the tail is an unquote. */
		if (sx_is_symbol(item, "unquote") && level == 1 && form_len(x) == 2) {
			*tail = ev_eval(c, CAR(CDR(x)), env);
			return *tail ? head : NULL;
		}
		if (IS_PAIR(item) && sx_is_symbol(CAR(item), "unquote-splicing") && level == 1) {
			struct ev *v;

			if (form_len(item) != 2)
				return ev_fail(c, item->loc, "bad unquote-splicing");
			v = ev_eval(c, CAR(CDR(item)), env);
			if (v == NULL)
				return NULL;
			if (!ev_is_list(v))
				return ev_fail(c, item->loc, "unquote-splicing: not a list: %s",
				               ev_repr(c, v));
			for (; v->type == EV_PAIR; v = v->u.pair.cdr) {
				*tail = ev_cons(c, v->u.pair.car, NULL, item->loc);
				tail = &(*tail)->u.pair.cdr;
			}
		} else {
			struct ev *v = quasi(c, item, env, level);

			if (v == NULL)
				return NULL;
			*tail = ev_cons(c, v, NULL, item->loc);
			tail = &(*tail)->u.pair.cdr;
		}
		x = CDR(x);
	}
	*tail = quasi(c, x, env, level);
	return *tail ? head : NULL;
}

static struct ev *quasi(struct ev_ctx *c, const struct sx *x, struct ev_env *env, int level)
{
	if (IS_PAIR(x) && CAR(x)->type == SX_SYMBOL && form_len(x) == 2) {
		const char *s = CAR(x)->u.str.text;

		if (strcmp(s, "unquote") == 0 && level == 1)
			return ev_eval(c, CAR(CDR(x)), env);
		if (strcmp(s, "quasiquote") == 0 || strcmp(s, "unquote") == 0) {
			int l = s[0] == 'q' ? level + 1 : level - 1;
			struct ev *inner = quasi(c, CAR(CDR(x)), env, l);

			if (inner == NULL)
				return NULL;
			return ev_cons(c, ev_symbol(c, s, CAR(x)->loc),
			               ev_cons(c, inner, ev_nil(c, x->loc), x->loc), x->loc);
		}
	}
	if (IS_PAIR(x))
		return quasi_list(c, x, env, level);
	if (x->type == SX_VECTOR) {
		struct ev *v = ev_new(c, EV_VECTOR, x->loc);

		v->u.vec.len = x->u.vec.len;
		v->u.vec.items = gx_arena_alloc(c->arena, (x->u.vec.len + 1) * sizeof(struct ev *));
		for (size_t i = 0; i < x->u.vec.len; i++)
			if ((v->u.vec.items[i] = quasi(c, x->u.vec.items[i], env, level)) == NULL)
				return NULL;
		return v;
	}
	return ev_from_datum(c, x);
}

static struct ev *sf_quasiquote(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	if (form_len(form) != 2)
		return bad_syntax(c, form, "expected one template");
	return quasi(c, CAR(CDR(form)), env, 1);
}

static struct ev *sf_unquote(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	(void)env;
	return ev_fail(c, form->loc, "'%s' outside of a quasiquote", CAR(form)->u.str.text);
}

static struct ev *sf_ungexp(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	(void)env;
	return ev_fail(c, form->loc, "'%s' (#$) outside of a gexp (#~)", CAR(form)->u.str.text);
}

static bool valid_params(const struct sx *p)
{
	for (; IS_PAIR(p); p = CDR(p))
		if (CAR(p)->type != SX_SYMBOL)
			return false;
	return p->type == SX_NIL || p->type == SX_SYMBOL;
}

static struct ev *make_closure(struct ev_ctx *c, const char *name, const struct sx *params,
                               const struct sx *body, struct ev_env *env, struct sx_loc loc)
{
	struct ev *v = ev_new(c, EV_CLOSURE, loc);
	struct ev_closure *k = gx_arena_alloc(c->arena, sizeof(*k));

	k->name = name;
	k->params_sx = params;
	k->body = body;
	k->env = env;
	/* let* adds to a frame no closure has seen (sf_let) */
	for (struct ev_env *e = env; e != NULL && !e->captured; e = e->parent)
		e->captured = true;
	v->u.clo = k;
	return v;
}

/* Guile's (const VALUE): a procedure of any arguments that returns VALUE,
 * as Guix's service definitions use it ((service-extension T (const X))). */
/* Guile's compose and negate: (lambda args (call-with-values (lambda ()
 * (call-with-values ... (lambda () (apply FN args)) ...)) F1)), each
 * procedure receiving every value of the next; negate's (lambda args (not
 * (apply P args))).  The procedures, apply, call-with-values and not are
 * bound in the closure's own frame under names no configuration can
 * write (they hold a space). */
struct ev *ev_compose_proc(struct ev_ctx *c, struct ev **fns, size_t n, bool negate,
                           struct sx_loc loc)
{
	struct ev_env *env = ev_env_new(c, NULL);
	struct sx *nil = sx_new(c->arena, SX_NIL, loc);
	struct sx *args = sx_symbol(c->arena, "arguments", loc);
	struct sx *body;
	const char *name;

	ev_define(c, env, "apply ", ev_lookup(c->global, "apply"));
	ev_define(c, env, "not ", ev_lookup(c->global, "not"));
	ev_define(c, env, "call-with-values ", ev_lookup(c->global, "call-with-values"));
	name = gx_arena_printf(c->arena, "f %zu", n - 1);
	ev_define(c, env, name, fns[n - 1]);
	/* (apply FN arguments) */
	body = sx_cons(c->arena, sx_symbol(c->arena, "apply ", loc),
	               sx_cons(c->arena, sx_symbol(c->arena, name, loc),
	                       sx_cons(c->arena, args, nil, loc), loc),
	               loc);
	for (size_t i = n - 1; i-- > 0;) {
		/* (call-with-values (lambda () BODY) Fi) */
		struct sx *thunk = sx_cons(
		        c->arena, sx_symbol(c->arena, "lambda", loc),
		        sx_cons(c->arena, nil, sx_cons(c->arena, body, nil, loc), loc), loc);

		name = gx_arena_printf(c->arena, "f %zu", i);
		ev_define(c, env, name, fns[i]);
		body = sx_cons(c->arena, sx_symbol(c->arena, "call-with-values ", loc),
		               sx_cons(c->arena, thunk,
		                       sx_cons(c->arena, sx_symbol(c->arena, name, loc), nil, loc),
		                       loc),
		               loc);
	}
	if (negate)
		body = sx_cons(c->arena, sx_symbol(c->arena, "not ", loc),
		               sx_cons(c->arena, body, nil, loc), loc);
	return make_closure(c, negate ? "negate" : "compose", args,
	                    sx_cons(c->arena, body, nil, loc), env, loc);
}

struct ev *ev_const_proc(struct ev_ctx *c, struct ev *value, struct sx_loc loc)
{
	struct ev_env *env = ev_env_new(c, NULL);
	const struct sx *params = sx_symbol(c->arena, "arguments", loc);
	const struct sx *body = sx_cons(c->arena, sx_symbol(c->arena, "value", loc),
	                                sx_new(c->arena, SX_NIL, loc), loc);

	ev_define(c, env, "value", value);
	return make_closure(c, "const", params, body, env, loc);
}

static struct ev *sf_lambda(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	if (form_len(form) < 3 || !valid_params(CAR(CDR(form))))
		return bad_syntax(c, form, "expected (lambda (PARAM...) BODY...)");
	return make_closure(c, NULL, CAR(CDR(form)), CDR(CDR(form)), env, form->loc);
}

static struct ev *sf_define(struct ev_ctx *c, const struct sx *form, struct ev_env *env);

/* (lambda* (A... #:optional B... #:key C... #:allow-other-keys #:rest R) BODY...) */
static struct ev *sf_lambda_star(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	const struct ev_formals *f;
	struct ev *v;

	if (form_len(form) < 3)
		return bad_syntax(c, form, "expected (lambda* (FORMALS...) BODY...)");
	if ((f = ev_parse_formals(c, "lambda*", CAR(CDR(form)))) == NULL)
		return NULL;
	v = make_closure(c, NULL, CAR(CDR(form)), CDR(CDR(form)), env, form->loc);
	v->u.clo->star = f;
	return v;
}

/* (define* (NAME FORMALS...) BODY...), or (define* NAME VALUE) as define. */
static struct ev *sf_define_star(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	const struct sx *target = form_len(form) >= 2 ? CAR(CDR(form)) : NULL;
	const struct ev_formals *f;
	struct ev *v;

	if (target == NULL || !IS_PAIR(target))
		return sf_define(c, form, env);
	if (CAR(target)->type != SX_SYMBOL || form_len(form) < 3)
		return bad_syntax(c, form, "expected (define* (NAME FORMALS...) BODY...)");
	if ((f = ev_parse_formals(c, "define*", CDR(target))) == NULL)
		return NULL;
	v = make_closure(c, CAR(target)->u.str.text, CDR(target), CDR(CDR(form)), env, form->loc);
	v->u.clo->star = f;
	ev_define(c, env, CAR(target)->u.str.text, v);
	return ev_unspec(c, form->loc);
}

static struct ev *sf_define(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	const struct sx *target;
	struct ev *v;

	if (form_len(form) < 2)
		return bad_syntax(c, form, "expected (define NAME VALUE)");
	target = CAR(CDR(form));
	if (IS_PAIR(target)) { /* (define (name . params) body...) */
		if (CAR(target)->type != SX_SYMBOL || !valid_params(CDR(target)) ||
		    form_len(form) < 3)
			return bad_syntax(c, form, "expected (define (NAME PARAM...) BODY...)");
		v = make_closure(c, CAR(target)->u.str.text, CDR(target), CDR(CDR(form)), env,
		                 form->loc);
		ev_define(c, env, CAR(target)->u.str.text, v);
		return ev_unspec(c, form->loc);
	}
	if (target->type != SX_SYMBOL || form_len(form) > 3)
		return bad_syntax(c, form, "expected (define NAME VALUE)");
	if (form_len(form) == 2)
		v = ev_unspec(c, form->loc);
	else if ((v = ev_eval(c, CAR(CDR(CDR(form))), env)) == NULL)
		return NULL;
	if (v->type == EV_CLOSURE && v->u.clo->name == NULL)
		v->u.clo->name = target->u.str.text;
	ev_define(c, env, target->u.str.text, v);
	return ev_unspec(c, form->loc);
}

static struct ev *sf_if(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	size_t n = form_len(form);
	struct ev *t;

	if (n != 3 && n != 4)
		return bad_syntax(c, form, "expected (if TEST THEN [ELSE])");
	if ((t = ev_eval(c, CAR(CDR(form)), env)) == NULL)
		return NULL;
	if (ev_truthy(t))
		return ev_eval_mv(c, CAR(CDR(CDR(form))), env);
	if (n == 4)
		return ev_eval_mv(c, CAR(CDR(CDR(CDR(form)))), env);
	return ev_unspec(c, form->loc);
}

static struct ev *sf_when(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	bool unless = sx_is_symbol(CAR(form), "unless");
	struct ev *t;

	if (form_len(form) < 3)
		return bad_syntax(c, form, "expected TEST and BODY");
	if ((t = ev_eval(c, CAR(CDR(form)), env)) == NULL)
		return NULL;
	if (ev_truthy(t) != unless)
		return ev_eval_body_mv(c, CDR(CDR(form)), env);
	return ev_unspec(c, form->loc);
}

static struct ev *sf_cond(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	for (const struct sx *cl = CDR(form); IS_PAIR(cl); cl = CDR(cl)) {
		const struct sx *clause = CAR(cl);
		struct ev *t;

		if (!IS_PAIR(clause) || form_len(clause) == SIZE_MAX)
			return ev_fail(c, clause->loc, "bad 'cond' clause");
		if (sx_is_symbol(CAR(clause), "else"))
			return ev_eval_body_mv(c, CDR(clause), env);
		if ((t = ev_eval(c, CAR(clause), env)) == NULL)
			return NULL;
		if (!ev_truthy(t))
			continue;
		if (CDR(clause)->type == SX_NIL)
			return t;
		if (sx_is_symbol(CAR(CDR(clause)), "=>")) {
			struct ev *f;

			if (form_len(clause) != 3)
				return ev_fail(c, clause->loc, "bad 'cond' => clause");
			if ((f = ev_eval(c, CAR(CDR(CDR(clause))), env)) == NULL)
				return NULL;
			return ev_apply_mv(c, f, &t, 1, clause->loc);
		}
		return ev_eval_body_mv(c, CDR(clause), env);
	}
	return ev_unspec(c, form->loc);
}

static struct ev *sf_case(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	struct ev *key;

	if (form_len(form) < 2)
		return bad_syntax(c, form, "expected (case KEY CLAUSE...)");
	if ((key = ev_eval(c, CAR(CDR(form)), env)) == NULL)
		return NULL;
	for (const struct sx *cl = CDR(CDR(form)); IS_PAIR(cl); cl = CDR(cl)) {
		const struct sx *clause = CAR(cl);

		if (!IS_PAIR(clause) || form_len(clause) < 2)
			return ev_fail(c, clause->loc, "bad 'case' clause");
		if (sx_is_symbol(CAR(clause), "else"))
			return ev_eval_body_mv(c, CDR(clause), env);
		for (const struct sx *d = CAR(clause); IS_PAIR(d); d = CDR(d))
			if (ev_equal(key, ev_from_datum(c, CAR(d))))
				return ev_eval_body_mv(c, CDR(clause), env);
	}
	return ev_unspec(c, form->loc);
}

static struct ev *sf_and_or(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	bool is_and = sx_is_symbol(CAR(form), "and");
	struct ev *v = ev_bool(c, is_and, form->loc);

	for (const struct sx *p = CDR(form); IS_PAIR(p); p = CDR(p)) {
		if (!IS_PAIR(CDR(p))) /* the last one is in tail position */
			return ev_eval_mv(c, CAR(p), env);
		if ((v = ev_eval(c, CAR(p), env)) == NULL)
			return NULL;
		if (ev_truthy(v) != is_and)
			return v;
	}
	return v;
}

static struct ev *sf_begin(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	if (CDR(form)->type == SX_NIL)
		return ev_unspec(c, form->loc);
	return ev_eval_body_mv(c, CDR(form), env);
}

/* let, let*, letrec, letrec* and named let. */
static struct ev *sf_let(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	const char *kw = CAR(form)->u.str.text;
	bool sequential = strcmp(kw, "let") != 0;
	const struct sx *bindings, *body;
	const char *loop_name = NULL;
	struct ev_env *inner = ev_env_new(c, env);

	if (form_len(form) < 3)
		return bad_syntax(c, form, "expected (let ((NAME VALUE)...) BODY...)");
	bindings = CAR(CDR(form));
	body = CDR(CDR(form));
	if (bindings->type == SX_SYMBOL && strcmp(kw, "let") == 0) { /* named let */
		loop_name = bindings->u.str.text;
		bindings = CAR(body);
		body = CDR(body);
		if (body->type == SX_NIL)
			return bad_syntax(c, form, "named let without a body");
	}
	if (sx_list_length(bindings) == SIZE_MAX)
		return bad_syntax(c, form, "bindings are not a list");
	for (const struct sx *b = bindings; IS_PAIR(b); b = CDR(b)) {
		const struct sx *bind = CAR(b);
		struct ev *v;

		if (!IS_PAIR(bind) || CAR(bind)->type != SX_SYMBOL || form_len(bind) != 2)
			return ev_fail(c, bind->loc, "bad '%s' binding: expected (NAME VALUE)", kw);
		v = ev_eval(c, CAR(CDR(bind)), sequential ? inner : env);
		if (v == NULL)
			return NULL;
		/* let*: a frame per binding only where it shows (a closure
		 * saw the frame, or the name is bound in it already): a
		 * chain of 100000 frames made every lookup a walk of it. */
		if (sequential && strcmp(kw, "let*") == 0 &&
		    (inner->captured || frame_find(inner, CAR(bind)->u.str.text) != NULL))
			inner = ev_env_new(c, inner);
		ev_define(c, inner, CAR(bind)->u.str.text, v);
	}
	if (loop_name != NULL) {
		/* (let name ((v e)...) body): name is a procedure of the vars. */
		struct gx_buf dummy = GX_BUF_INIT;
		struct sx *params = sx_new(c->arena, SX_NIL, form->loc), **tail = &params;
		struct ev_env *fenv = ev_env_new(c, env);
		struct ev *proc;
		struct ev **args;
		size_t n = sx_list_length(bindings), i = 0;

		gx_buf_free(&dummy);
		for (const struct sx *b = bindings; IS_PAIR(b); b = CDR(b)) {
			*tail = sx_cons(c->arena, CAR(CAR(b)), sx_new(c->arena, SX_NIL, form->loc),
			                form->loc);
			tail = &(*tail)->u.pair.cdr;
		}
		proc = make_closure(c, loop_name, params, body, fenv, form->loc);
		ev_define(c, fenv, loop_name, proc);
		args = gx_arena_alloc(c->arena, (n + 1) * sizeof(*args));
		for (const struct sx *b = bindings; IS_PAIR(b); b = CDR(b), i++)
			args[i] = ev_lookup(inner, CAR(CAR(b))->u.str.text);
		return ev_apply_mv(c, proc, args, n, form->loc);
	}
	return ev_eval_body_mv(c, body, inner);
}

static struct ev *sf_use_modules(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	(void)env;
	/* Modules are accepted: everything gxsys knows is always in scope. */
	return ev_unspec(c, form->loc);
}

static struct ev *sf_gexp(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	if (form_len(form) != 2)
		return bad_syntax(c, form, "expected one template");
	return ev_make_gexp(c, form, env);
}

static struct ev *sf_unsupported(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	(void)env;
	return ev_fail(c, form->loc, "'%s' is not supported by gxsys's configuration language",
	               CAR(form)->u.str.text);
}

/* (modify-services SERVICES (TYPE VAR => BODY...) (delete TYPE) ...) */
static struct ev *modify_one(struct ev_ctx *c, struct ev *svc, const struct sx *clauses,
                             struct ev_env *env, bool *deleted);

static struct ev *sf_modify_services(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	struct ev *list, *head = NULL, **tail = &head;

	if (form_len(form) < 2)
		return bad_syntax(c, form, "expected (modify-services SERVICES CLAUSE...)");
	if ((list = ev_eval(c, CAR(CDR(form)), env)) == NULL)
		return NULL;
	if (!ev_is_list(list))
		return ev_fail(c, CAR(CDR(form))->loc,
		               "modify-services: not a list of services: %s", ev_repr(c, list));
	for (const struct sx *cl = CDR(CDR(form)); IS_PAIR(cl); cl = CDR(cl)) {
		const struct sx *k = CAR(cl);
		bool del = IS_PAIR(k) && sx_is_symbol(CAR(k), "delete");

		if (!IS_PAIR(k) || (del ? form_len(k) != 2
		                        : (form_len(k) < 4 || CAR(CDR(k))->type != SX_SYMBOL ||
		                           !sx_is_symbol(CAR(CDR(CDR(k))), "=>"))))
			return ev_fail(c, k->loc,
			               "bad modify-services clause: expected (TYPE VAR => BODY...) "
			               "or (delete TYPE)");
	}
	for (; list->type == EV_PAIR; list = list->u.pair.cdr) {
		bool deleted = false;
		struct ev *s = modify_one(c, list->u.pair.car, CDR(CDR(form)), env, &deleted);

		if (s == NULL)
			return NULL;
		if (deleted)
			continue;
		*tail = ev_cons(c, s, NULL, s->loc);
		tail = &(*tail)->u.pair.cdr;
	}
	*tail = ev_nil(c, form->loc);
	return head;
}

static struct ev *modify_one(struct ev_ctx *c, struct ev *svc, const struct sx *clauses,
                             struct ev_env *env, bool *deleted)
{
	if (svc->type != EV_SERVICE)
		return ev_fail(c, svc->loc, "modify-services: not a service: %s", ev_repr(c, svc));
	for (const struct sx *cl = clauses; IS_PAIR(cl); cl = CDR(cl)) {
		const struct sx *k = CAR(cl);
		bool del = sx_is_symbol(CAR(k), "delete");
		struct ev *type = ev_eval(c, del ? CAR(CDR(k)) : CAR(k), env);
		struct ev_env *inner;
		struct ev *value, *ns;

		if (type == NULL)
			return NULL;
		if (type->type != EV_SERVICE_TYPE)
			return ev_fail(c, type->loc, "modify-services: not a service type: %s",
			               ev_repr(c, type));
		if (type->u.stype != svc->u.svc->type)
			continue;
		if (del) {
			*deleted = true;
			return svc;
		}
		inner = ev_env_new(c, env);
		ev_define(c, inner, CAR(CDR(k))->u.str.text, svc->u.svc->value);
		if ((value = ev_eval_body(c, CDR(CDR(CDR(k))), inner)) == NULL)
			return NULL;
		/* Located at the clause: what is said of the service (a note that
		 * a member of %base-services is dropped, so the modification
		 * is not used; an error in its new value) points there. */
		ns = ev_new(c, EV_SERVICE, k->loc);
		ns->u.svc = gx_arena_alloc(c->arena, sizeof(*ns->u.svc));
		*ns->u.svc = *svc->u.svc;
		ns->u.svc->value = value;
		ns->u.svc->loc = k->loc;
		svc = ns;
	}
	return svc;
}

static const struct {
	const char *name;
	special_fn fn;
} specials[] = {
	{ "quote", sf_quote },
	{ "quasiquote", sf_quasiquote },
	{ "unquote", sf_unquote },
	{ "unquote-splicing", sf_unquote },
	{ "lambda", sf_lambda },
	{ "lambda*", sf_lambda_star },
	{ "define", sf_define },
	{ "define-public", sf_define },
	{ "define*", sf_define_star },
	{ "define*-public", sf_define_star },
	{ "if", sf_if },
	{ "when", sf_when },
	{ "unless", sf_when },
	{ "cond", sf_cond },
	{ "case", sf_case },
	{ "and", sf_and_or },
	{ "or", sf_and_or },
	{ "begin", sf_begin },
	{ "let", sf_let },
	{ "let*", sf_let },
	{ "letrec", sf_let },
	{ "letrec*", sf_let },
	{ "use-modules", sf_use_modules },
	{ "use-service-modules", sf_use_modules },
	{ "use-package-modules", sf_use_modules },
	{ "use-system-modules", sf_use_modules },
	{ "define-module", sf_use_modules },
	{ "gexp", sf_gexp },
	{ "ungexp", sf_ungexp },
	{ "ungexp-splicing", sf_ungexp },
	{ "ungexp-native", sf_ungexp },
	{ "ungexp-native-splicing", sf_ungexp },
	{ "modify-services", sf_modify_services },
	{ "receive", ev_sf_receive },
	{ "let-values", ev_sf_let_values },
	{ "let*-values", ev_sf_let_values },
	{ "define-values", ev_sf_define_values },
	{ "match", ev_sf_match },
	{ "match-lambda", ev_sf_match_lambda },
	{ "match-lambda*", ev_sf_match_lambda },
	{ "match-let", ev_sf_match_let },
	{ "match-let*", ev_sf_match_let },
	{ " match-next", ev_sf_match_next }, /* a (=> FAILURE) procedure's body */
	{ "set!", sf_unsupported },
	{ "define-syntax", sf_unsupported },
	{ "define-record-type", sf_unsupported },
	{ "define-record-type*", sf_unsupported },
	{ "eval", sf_unsupported },
	{ "primitive-eval", sf_unsupported },
	{ "load", sf_unsupported },
	{ "include", sf_unsupported },
};

static special_fn find_special(const char *name)
{
	for (size_t i = 0; i < sizeof(specials) / sizeof(specials[0]); i++)
		if (strcmp(specials[i].name, name) == 0)
			return specials[i].fn;
	return NULL;
}

/* ---- application ---- */

static struct ev *too_deep(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_fail(c, loc, "recursion too deep (more than %d levels)%s%s%s", EV_MAX_DEPTH,
	               c->proc ? " in '" : "", c->proc ? c->proc : "", c->proc ? "'" : "");
}

static struct ev *eval_closure_body(struct ev_ctx *c, const struct ev_closure *k,
                                    struct ev_env *frame)
{
	const char *saved = c->proc;
	struct ev *r;

	if (k->name != NULL)
		c->proc = k->name;
	r = ev_eval_body_mv(c, k->body, frame);
	c->proc = saved;
	return r;
}

static struct ev *apply_closure(struct ev_ctx *c, struct ev *proc, struct ev **args, size_t n,
                                struct sx_loc loc)
{
	struct ev_closure *k = proc->u.clo;
	struct ev_env *frame = ev_env_new(c, k->env);
	const struct sx *p = k->params_sx;
	size_t i = 0;

	if (k->star != NULL) {
		if (ev_bind_formals(c, k, frame, args, n, loc) < 0)
			return NULL;
		return eval_closure_body(c, k, frame);
	}
	for (; IS_PAIR(p); p = CDR(p), i++) {
		if (i >= n)
			return ev_fail(
			        c, loc, "wrong number of arguments to '%s': %zu given, %zu needed",
			        k->name ? k->name : "lambda", n, sx_list_length(k->params_sx));
		ev_define(c, frame, CAR(p)->u.str.text, args[i]);
	}
	if (p->type == SX_SYMBOL) {
		struct ev *rest = ev_nil(c, loc), **tail = &rest;

		for (; i < n; i++) {
			*tail = ev_cons(c, args[i], *tail, loc);
			tail = &(*tail)->u.pair.cdr;
		}
		ev_define(c, frame, p->u.str.text, rest);
	} else if (i != n) {
		return ev_fail(c, loc, "wrong number of arguments to '%s': %zu given, %zu expected",
		               k->name ? k->name : "lambda", n, i);
	}
	return eval_closure_body(c, k, frame);
}

/* Guile's apply passes on the values its procedure returns:
 * (call-with-values (lambda () (apply values '(1 2))) list) is (1 2).  An
 * apply of another shape is left to the primitive, for its messages. */
static struct ev *apply_spread(struct ev_ctx *c, struct ev **args, size_t n, struct sx_loc loc)
{
	size_t m = n - 2, i = 0;
	struct ev **all;

	if (!ev_is_list(args[n - 1]))
		return NULL;
	m += ev_list_length(args[n - 1]);
	all = gx_arena_alloc(c->arena, (m + 1) * sizeof(*all));
	for (size_t j = 1; j + 1 < n; j++)
		all[i++] = args[j];
	for (struct ev *p = args[n - 1]; p->type == EV_PAIR; p = p->u.pair.cdr)
		all[i++] = p->u.pair.car;
	return ev_apply_mv(c, args[0], all, m, loc);
}

struct ev *ev_single(struct ev_ctx *c, struct ev *v, struct sx_loc loc)
{
	if (v == NULL || v->type != EV_VALUES)
		return v;
	if (v->u.vec.len == 0)
		return ev_fail(c, loc.file ? loc : c->call,
		               "zero values (from (values)) where one value is expected");
	return v->u.vec.items[0]; /* as Guile: (list (values 1 2)) is (1) */
}

struct ev *ev_apply(struct ev_ctx *c, struct ev *proc, struct ev **args, size_t n,
                    struct sx_loc loc)
{
	return ev_single(c, ev_apply_mv(c, proc, args, n, loc), loc);
}

struct ev *ev_apply_mv(struct ev_ctx *c, struct ev *proc, struct ev **args, size_t n,
                       struct sx_loc loc)
{
	struct ev *r;

	if (proc->type == EV_PRIM && n >= 2 && strcmp(proc->u.prim->name, "apply") == 0 &&
	    ev_is_list(args[n - 1]) && (args[0]->type == EV_PRIM || args[0]->type == EV_CLOSURE))
		return apply_spread(c, args, n, loc);

	if (c->depth >= EV_MAX_DEPTH)
		return too_deep(c, loc);
	c->depth++;
	switch (proc->type) {
	case EV_PRIM: {
		const struct ev_prim *p = proc->u.prim;

		if ((int)n < p->min_args || (p->max_args >= 0 && (int)n > p->max_args))
			r = ev_fail(c, loc, "wrong number of arguments to '%s': %zu given", p->name,
			            n);
		else {
			struct sx_loc outer = c->call;

			if (loc.file != NULL)
				c->call = loc;
			c->prim = p;
			r = p->fn(c, args, n, loc);
			c->call = outer;
		}
		break;
	}
	case EV_CLOSURE:
		r = apply_closure(c, proc, args, n, loc);
		break;
	case EV_NIL:
	case EV_PAIR:
	case EV_STRING:
	case EV_SYMBOL:
	case EV_KEYWORD:
	case EV_BOOL:
	case EV_INT:
	case EV_REAL:
	case EV_CHAR:
	case EV_VECTOR:
	case EV_UNSPEC:
	case EV_RECORD_TYPE:
	case EV_RECORD:
	case EV_PACKAGE:
	case EV_FILE:
	case EV_GEXP:
	case EV_UNGEXP:
	case EV_SERVICE_TYPE:
	case EV_SERVICE:
	case EV_VALUES:
	default:
		r = ev_fail(c, loc, "not a procedure: %s", ev_repr(c, proc));
		break;
	}
	c->depth--;
	return r;
}

static struct ev *eval_application(struct ev_ctx *c, const struct sx *x, struct ev_env *env)
{
	struct ev *f = ev_eval(c, CAR(x), env);
	size_t n = form_len(x), i = 0;
	struct ev **args;

	if (f == NULL)
		return NULL;
	if (n == SIZE_MAX)
		return ev_fail(c, x->loc, "bad procedure call: improper list");
	if (f->type == EV_RECORD_TYPE)
		return ev_make_record(c, x, f->u.rtd, env);
	args = gx_arena_alloc(c->arena, n * sizeof(*args));
	for (const struct sx *p = CDR(x); IS_PAIR(p); p = CDR(p))
		if ((args[i++] = ev_eval(c, CAR(p), env)) == NULL)
			return NULL;
	if (f->type != EV_PRIM && f->type != EV_CLOSURE)
		return ev_fail(c, x->loc, "not a procedure: %s%s%s%s", ev_repr(c, f),
		               CAR(x)->type == SX_SYMBOL ? " (the value of '" : "",
		               CAR(x)->type == SX_SYMBOL ? CAR(x)->u.str.text : "",
		               CAR(x)->type == SX_SYMBOL ? "')" : "");
	return ev_apply_mv(c, f, args, n - 1, x->loc);
}

static struct ev *eval_pair(struct ev_ctx *c, const struct sx *x, struct ev_env *env)
{
	if (CAR(x)->type == SX_SYMBOL && !bound_locally(env, CAR(x)->u.str.text)) {
		special_fn sf = find_special(CAR(x)->u.str.text);

		if (sf != NULL) {
			if (form_len(x) == SIZE_MAX)
				return ev_fail(c, x->loc, "bad '%s' form: improper list",
				               CAR(x)->u.str.text);
			return sf(c, x, env);
		}
	}
	return eval_application(c, x, env);
}

/* A step costs more where lookups walk a long chain of frames (a let* of
 * closures makes one frame per binding): the step limit bounds the work,
 * not only the count of evaluations. */
static bool over_limits(struct ev_ctx *c, const struct sx *x, const struct ev_env *env)
{
	c->steps += 1 + env->depth / 32;
	if (c->steps > EV_MAX_STEPS) {
		ev_fail(c, x->loc,
		        "evaluation takes too long (more than %ld steps): infinite loop?",
		        EV_MAX_STEPS);
		return true;
	}
	if (c->arena->total > (size_t)EV_MAX_MEMORY) {
		ev_fail(c, x->loc, "evaluation uses too much memory (more than %ld MiB)",
		        EV_MAX_MEMORY >> 20);
		return true;
	}
	if (c->depth >= EV_MAX_DEPTH) {
		too_deep(c, x->loc);
		return true;
	}
	return false;
}

struct ev *ev_eval(struct ev_ctx *c, const struct sx *x, struct ev_env *env)
{
	return ev_single(c, ev_eval_mv(c, x, env), x->loc);
}

struct ev *ev_eval_mv(struct ev_ctx *c, const struct sx *x, struct ev_env *env)
{
	struct ev *r;

	if (c->err != NULL || over_limits(c, x, env))
		return NULL;
	switch (x->type) {
	case SX_SYMBOL:
		return eval_symbol(c, x, env);
	case SX_PAIR:
		c->depth++;
		r = eval_pair(c, x, env);
		c->depth--;
		return r;
	case SX_NIL:
		return ev_fail(c, x->loc, "missing procedure in expression '()'");
	case SX_VECTOR:
	case SX_STRING:
	case SX_KEYWORD:
	case SX_BOOL:
	case SX_INT:
	case SX_REAL:
	case SX_CHAR:
	default:
		return ev_from_datum(c, x);
	}
}

struct ev *ev_eval_body(struct ev_ctx *c, const struct sx *body, struct ev_env *env)
{
	const struct sx *last = body;

	for (const struct sx *p = body; IS_PAIR(p); p = CDR(p))
		last = CAR(p);
	return ev_single(c, ev_eval_body_mv(c, body, env), last->loc);
}

/* The forms before the last are evaluated for effect: (begin (values) 1)
 * is 1, as in Guile. */
struct ev *ev_eval_body_mv(struct ev_ctx *c, const struct sx *body, struct ev_env *env)
{
	struct ev *v = NULL;

	for (; IS_PAIR(body); body = CDR(body))
		if ((v = ev_eval_mv(c, CAR(body), env)) == NULL)
			return NULL;
	return v;
}

/* ---- entry points ---- */

static struct ev_ctx *ctx_new(struct gx_arena *arena, const char *file, const char *dir)
{
	struct ev_ctx *c = gx_arena_alloc(arena, sizeof(*c));

	c->arena = arena;
	c->file = gx_arena_strdup(arena, file);
	c->dir = gx_arena_strdup(arena, dir);
	c->global = ev_env_new(c, NULL);
	c->global->global = true;
	c->osb.m = gx_arena_alloc(arena, sizeof(*c->osb.m));
	c->osb.m->source_file = c->file;
	ev_install_prims(c);
	ev_install_values(c);
	ev_install_records(c);
	svc_install(c);
	return c;
}

static struct os_model *eval_datums(struct ev_ctx *c, const struct sx *forms, struct gx_error **err)
{
	struct ev *last = NULL;
	const struct sx *last_form = NULL;
	struct os_model *m = NULL;

	for (const struct sx *p = forms; IS_PAIR(p) && c->err == NULL; p = CDR(p)) {
		last_form = CAR(p);
		last = IS_PAIR(CDR(p)) ? ev_eval_mv(c, last_form, c->global)
		                       : ev_eval(c, last_form, c->global);
	}
	if (c->err == NULL && last_form == NULL)
		gx_fail_input(&c->err,
		              "%s:1:1: empty configuration: expected an operating-system "
		              "declaration",
		              c->file);
	else if (c->err == NULL && !ev_record_is(last, "operating-system"))
		ev_fail(c, last_form->loc,
		        "the last expression must be an operating-system declaration, not %s",
		        ev_repr(c, last));
	if (c->err == NULL)
		m = ev_build_os(c, last);
	if (c->err != NULL) {
		*err = c->err;
		return NULL;
	}
	return m;
}

struct os_model *ev_eval_buffer(struct gx_arena *arena, const char *name, const char *dir,
                                const char *data, size_t len, struct gx_error **err)
{
	struct ev_ctx *c;
	struct sx *forms = sx_read_all(arena, name, data, len, err);

	if (forms == NULL)
		return NULL;
	c = ctx_new(arena, name, dir);
	return eval_datums(c, forms, err);
}

static char *dir_of(const char *path)
{
	_cleanup_free_ char *copy = gx_xstrdup(path);
	char *slash = strrchr(copy, '/');
	char *abs;

	if (slash == copy)
		return gx_xstrdup("/");
	if (slash != NULL)
		*slash = '\0';
	abs = realpath(slash ? copy : ".", NULL);
	return abs ? abs : gx_xstrdup(slash ? copy : ".");
}

struct os_model *ev_eval_file(struct gx_arena *arena, const char *path, struct gx_error **err)
{
	_cleanup_free_ char *data = NULL;
	_cleanup_free_ char *dir = NULL;
	size_t len;

	if (gx_read_file(path, &data, &len) < 0) {
		gx_fail(err,
		        errno == ENOENT || errno == EISDIR || errno == EACCES ? GX_EXIT_FAILURE
		                                                              : GX_EXIT_SYSTEM,
		        errno, "cannot read '%s'", path);
		return NULL;
	}
	dir = dir_of(path);
	return ev_eval_buffer(arena, path, dir, data, len, err);
}

int ev_eval_repr(const char *name, const char *data, size_t len, struct gx_buf *out,
                 struct gx_error **err)
{
	struct gx_arena arena = GX_ARENA_INIT;
	struct sx *forms = sx_read_all(&arena, name, data, len, err);
	struct ev_ctx *c;
	struct ev *last = NULL;

	if (forms == NULL) {
		gx_arena_free(&arena);
		return -1;
	}
	c = ctx_new(&arena, name, "/nonexistent");
	for (const struct sx *p = forms; IS_PAIR(p) && c->err == NULL; p = CDR(p))
		last = IS_PAIR(CDR(p)) ? ev_eval_mv(c, CAR(p), c->global)
		                       : ev_eval(c, CAR(p), c->global);
	if (c->err != NULL) {
		*err = c->err;
		gx_arena_free(&arena);
		return -1;
	}
	if (last != NULL)
		ev_write(out, last);
	gx_arena_free(&arena);
	return 0;
}
