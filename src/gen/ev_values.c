/* ev: multiple values, as Guile has them: the primitives values and
 * call-with-values, and the forms that take them apart, receive of
 * (ice-9 receive), let-values and let*-values of (srfi srfi-11), and
 * define-values.
 *
 * Multiple values are an EV_VALUES, which only the tail of a body, of a
 * procedure or of a form (if, cond, let, match...) passes on: everywhere a
 * value is used as data (an argument, a binding, a field, a primitive's
 * result...) ev_eval and ev_apply keep its first value, as Guile does ((list
 * (values 1 2)) is (1)), and zero values there are a located error (Guile's
 * "Zero values returned to single-valued continuation").  So no EV_VALUES
 * ever ends up in a list, a record or a variable. */
#include <stdlib.h>
#include <string.h>

#include "ev_internal.h"

#define CAR(x) ((x)->u.pair.car)
#define CDR(x) ((x)->u.pair.cdr)
#define IS_PAIR(x) ((x) != NULL && (x)->type == SX_PAIR)

static struct ev *p_values(struct ev_ctx *c, struct ev **a, size_t n, struct sx_loc loc)
{
	struct ev *v;

	if (n == 1)
		return a[0];
	v = ev_new(c, EV_VALUES, loc);
	v->u.vec.len = n;
	v->u.vec.items = gx_arena_alloc(c->arena, (n + 1) * sizeof(*v->u.vec.items));
	if (n)
		memcpy(v->u.vec.items, a, n * sizeof(*a));
	return v;
}

/* The values of V (an EV_VALUES or a single value) as an array. */
static struct ev **values_of(struct ev *v, struct ev **one, size_t *n)
{
	if (v->type == EV_VALUES) {
		*n = v->u.vec.len;
		return v->u.vec.items;
	}
	one[0] = v;
	*n = 1;
	return one;
}

static bool is_procedure(const struct ev *v)
{
	return v->type == EV_PRIM || v->type == EV_CLOSURE;
}

/* (call-with-values PRODUCER CONSUMER): CONSUMER applied to the values of
 * (PRODUCER); what it returns, multiple values included, is the result. */
static struct ev *p_call_with_values(struct ev_ctx *c, struct ev **a, size_t n, struct sx_loc loc)
{
	struct ev *one[1], *r, **vals;
	size_t k;

	(void)n;
	for (size_t i = 0; i < 2; i++)
		if (!is_procedure(a[i]))
			return ev_fail(c, loc,
			               "call-with-values: expected a procedure as %s, got %s",
			               i == 0 ? "the producer" : "the consumer", ev_repr(c, a[i]));
	if ((r = ev_apply_mv(c, a[0], NULL, 0, loc)) == NULL)
		return NULL;
	vals = values_of(r, one, &k);
	return ev_apply_mv(c, a[1], vals, k, loc);
}

static const struct ev_prim value_prims[] = {
	{ "values", 0, -1, p_values },
	{ "call-with-values", 2, 2, p_call_with_values },
};

void ev_install_values(struct ev_ctx *c)
{
	struct sx_loc none = { NULL, 0, 0 };

	for (size_t i = 0; i < sizeof(value_prims) / sizeof(value_prims[0]); i++) {
		struct ev *v = ev_new(c, EV_PRIM, none);

		v->u.prim = &value_prims[i];
		ev_define(c, c->global, value_prims[i].name, v);
	}
}

struct formal {
	const char *name;
	const struct sx *at;
	size_t i;
};

static int by_name_then_place(const void *a, const void *b)
{
	const struct formal *x = a, *y = b;
	int r = strcmp(x->name, y->name);

	return r != 0 ? r : x->i < y->i ? -1 : x->i > y->i;
}

/* FORMALS as lambda has them: (A B), (A . REST) or REST; each name once
 * (sorted, not compared pairwise: a config may hold a hundred thousand). */
static bool formals_ok(struct ev_ctx *c, const char *who, const struct sx *f)
{
	struct formal *v = NULL;
	size_t n = 0, cap = 0;

	for (const struct sx *p = f; p->type != SX_NIL; p = CDR(p)) {
		const struct sx *name = IS_PAIR(p) ? CAR(p) : p;

		if (name->type != SX_SYMBOL) {
			ev_fail(c, name->loc, "bad '%s' formals: expected names, got %s", who,
			        name->type == SX_PAIR ? "a list" : "a literal");
			return false;
		}
		EV_ARENA_GROW(c, v, n, cap);
		v[n] = (struct formal){ name->u.str.text, name, n };
		n++;
		if (!IS_PAIR(p))
			break;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), by_name_then_place);
	for (size_t i = 1; i < n; i++)
		if (strcmp(v[i].name, v[i - 1].name) == 0) {
			ev_fail(c, v[i].at->loc, "bad '%s' formals: '%s' is bound twice", who,
			        v[i].name);
			return false;
		}
	return true;
}

/* Bind FORMALS to the values of V in ENV, as a call of (lambda FORMALS ...)
 * would: a wrong count is an error at LOC. */
static int bind_values(struct ev_ctx *c, const char *who, const struct sx *formals, struct ev *v,
                       struct ev_env *env, struct sx_loc loc)
{
	struct ev *one[1], **vals;
	size_t n, i = 0, need = 0;
	const struct sx *p;

	vals = values_of(v, one, &n);
	for (p = formals; IS_PAIR(p); p = CDR(p))
		need++;
	if (n < need || (p->type == SX_NIL && n != need))
		return ev_failn(c, loc, "%s: %zu value%s given, %s%zu expected", who, n,
		                n == 1 ? "" : "s", p->type == SX_SYMBOL ? "at least " : "", need);
	for (p = formals; IS_PAIR(p); p = CDR(p))
		ev_define(c, env, CAR(p)->u.str.text, vals[i++]);
	if (p->type == SX_SYMBOL) {
		struct ev *rest = ev_nil(c, loc), **tail = &rest;

		for (; i < n; i++) {
			*tail = ev_cons(c, vals[i], *tail, loc);
			tail = &(*tail)->u.pair.cdr;
		}
		ev_define(c, env, p->u.str.text, rest);
	}
	return 0;
}

/* (receive FORMALS EXPR BODY...) */
struct ev *ev_sf_receive(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	struct ev_env *inner;
	struct ev *v;

	if (sx_list_length(form) < 4)
		return ev_fail(c, form->loc,
		               "bad 'receive' form: expected (receive FORMALS EXPR BODY...)");
	if (!formals_ok(c, "receive", CAR(CDR(form))))
		return NULL;
	if ((v = ev_eval_mv(c, CAR(CDR(CDR(form))), env)) == NULL)
		return NULL;
	inner = ev_env_new(c, env);
	if (bind_values(c, "receive", CAR(CDR(form)), v, inner, CAR(CDR(CDR(form)))->loc) < 0)
		return NULL;
	return ev_eval_body_mv(c, CDR(CDR(CDR(form))), inner);
}

/* (let-values ((FORMALS EXPR) ...) BODY...): the EXPRs see the outer
 * scope, each name is bound once; let*-values binds one after the other. */
struct ev *ev_sf_let_values(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	const char *kw = CAR(form)->u.str.text;
	bool sequential = strcmp(kw, "let*-values") == 0;
	const struct sx *bindings;
	struct ev_env *inner = ev_env_new(c, env);

	if (sx_list_length(form) < 3 || sx_list_length(CAR(CDR(form))) == SIZE_MAX)
		return ev_fail(c, form->loc,
		               "bad '%s' form: expected (%s ((FORMALS EXPR)...) BODY...)", kw, kw);
	bindings = CAR(CDR(form));
	for (const struct sx *b = bindings; IS_PAIR(b); b = CDR(b)) {
		const struct sx *bind = CAR(b);

		if (!IS_PAIR(bind) || sx_list_length(bind) != 2)
			return ev_fail(c, bind->loc, "bad '%s' binding: expected (FORMALS EXPR)",
			               kw);
		if (!formals_ok(c, kw, CAR(bind)))
			return NULL;
	}
	if (!sequential) { /* each name once across the bindings, as Guile */
		struct sx *all = sx_new(c->arena, SX_NIL, form->loc), **tail = &all;

		for (const struct sx *b = bindings; IS_PAIR(b); b = CDR(b)) {
			const struct sx *p = CAR(CAR(b));

			for (; IS_PAIR(p); p = CDR(p)) {
				*tail = sx_cons(c->arena, CAR(p), sx_new(c->arena, SX_NIL, p->loc),
				                p->loc);
				tail = &(*tail)->u.pair.cdr;
			}
			if (p->type == SX_SYMBOL) {
				*tail = sx_cons(c->arena, (struct sx *)p,
				                sx_new(c->arena, SX_NIL, p->loc), p->loc);
				tail = &(*tail)->u.pair.cdr;
			}
		}
		if (!formals_ok(c, kw, all))
			return NULL;
	}
	for (const struct sx *b = bindings; IS_PAIR(b); b = CDR(b)) {
		const struct sx *bind = CAR(b);
		struct ev *v = ev_eval_mv(c, CAR(CDR(bind)), sequential ? inner : env);

		if (v == NULL)
			return NULL;
		if (sequential)
			inner = ev_env_new(c, inner);
		if (bind_values(c, kw, CAR(bind), v, inner, CAR(CDR(bind))->loc) < 0)
			return NULL;
	}
	return ev_eval_body_mv(c, CDR(CDR(form)), inner);
}

/* (define-values FORMALS EXPR): defines each name where define would. */
struct ev *ev_sf_define_values(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	struct ev *v;

	if (sx_list_length(form) != 3)
		return ev_fail(c, form->loc,
		               "bad 'define-values' form: expected (define-values FORMALS EXPR)");
	if (!formals_ok(c, "define-values", CAR(CDR(form))))
		return NULL;
	if ((v = ev_eval_mv(c, CAR(CDR(CDR(form))), env)) == NULL)
		return NULL;
	if (bind_values(c, "define-values", CAR(CDR(form)), v, env, CAR(CDR(CDR(form)))->loc) < 0)
		return NULL;
	return ev_unspec(c, form->loc);
}
