/* ev: Guile's lambda* and define* formals (#:optional, #:key with
 * #:allow-other-keys, #:rest or a dotted tail), parsed once when the
 * procedure is made and bound at each call as Guile does: required
 * arguments, then optional ones by position (up to the first keyword when
 * the procedure takes keywords), then the rest list and the keyword/value
 * pairs.  Defaults are evaluated at the call, in order, each seeing the
 * arguments bound before it; a missing one without a default is #f. */
#include <stdlib.h>
#include <string.h>

#include "ev_internal.h"

#define CAR(x) ((x)->u.pair.car)
#define CDR(x) ((x)->u.pair.cdr)
#define IS_PAIR(x) ((x) != NULL && (x)->type == SX_PAIR)

struct ev_optarg {
	const char *name;
	const struct sx *init; /* NULL: #f */
	const char *key;       /* #:key: the keyword's name (the variable's by default) */
};

struct ev_formals {
	const char **req;
	size_t n_req;
	struct ev_optarg *opt, *key;
	size_t n_opt, n_key;
	const struct ev_optarg **by_key; /* key sorted by keyword, for calls */
	bool allow_other_keys;
	const char *rest; /* NULL: none */
};

enum section { S_REQ, S_OPT, S_KEY, S_AOK, S_REST };

struct parse {
	struct ev_ctx *c;
	const char *who; /* "lambda*", "define*" */
	struct ev_formals *f;
	size_t cap_req, cap_opt, cap_key;
	const struct sx *rest_marker; /* #:rest, for its message */
};

static void *grow(struct ev_ctx *c, void *v, size_t n, size_t *cap, size_t size)
{
	void *nv;

	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 4;
	nv = gx_arena_alloc(c->arena, *cap * size);
	if (n)
		memcpy(nv, v, n * size);
	return nv;
}

static int bad(struct parse *p, const struct sx *at, const char *what)
{
	return ev_failn(p->c, at->loc, "bad %s formals: %s", p->who, what);
}

/* VAR or (VAR INIT) for #:optional; also (VAR INIT #:KEYWORD) for #:key. */
static int optarg(struct parse *p, const struct sx *x, bool key, struct ev_optarg *out)
{
	size_t len = IS_PAIR(x) ? sx_list_length(x) : 0;

	if (x->type == SX_SYMBOL) {
		*out = (struct ev_optarg){ x->u.str.text, NULL, x->u.str.text };
		return 0;
	}
	if (len < 2 || len > (key ? 3u : 2u) || CAR(x)->type != SX_SYMBOL ||
	    (len == 3 && CAR(CDR(CDR(x)))->type != SX_KEYWORD))
		return bad(
		        p, x,
		        key ? "expected VAR, (VAR DEFAULT) or (VAR DEFAULT #:KEYWORD) after #:key"
		            : "expected VAR or (VAR DEFAULT) after #:optional");
	*out = (struct ev_optarg){ CAR(x)->u.str.text, CAR(CDR(x)),
		                   len == 3 ? CAR(CDR(CDR(x)))->u.str.text : CAR(x)->u.str.text };
	return 0;
}

static int marker(struct parse *p, const struct sx *x, enum section *sec)
{
	static const struct {
		const char *name;
		enum section sec;
	} order[] = {
		{ "optional", S_OPT },
		{ "key", S_KEY },
		{ "allow-other-keys", S_AOK },
		{ "rest", S_REST },
	};

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (strcmp(x->u.str.text, order[i].name) != 0)
			continue;
		if (order[i].sec <= *sec || (order[i].sec == S_AOK && *sec != S_KEY))
			return ev_failn(
			        p->c, x->loc,
			        "bad %s formals: #:%s out of place (the order is #:optional, "
			        "#:key, #:allow-other-keys, #:rest)",
			        p->who, x->u.str.text);
		*sec = order[i].sec;
		if (*sec == S_REST)
			p->rest_marker = x;
		if (*sec == S_AOK)
			p->f->allow_other_keys = true;
		return 0;
	}
	return ev_failn(p->c, x->loc, "bad %s formals: unknown marker #:%s", p->who, x->u.str.text);
}

static int add_formal(struct parse *p, const struct sx *x, enum section sec)
{
	struct ev_formals *f = p->f;

	switch (sec) {
	case S_REQ:
		if (x->type != SX_SYMBOL)
			return bad(p, x, "a required argument must be a name");
		f->req = grow(p->c, f->req, f->n_req, &p->cap_req, sizeof(*f->req));
		f->req[f->n_req++] = x->u.str.text;
		return 0;
	case S_OPT:
		f->opt = grow(p->c, f->opt, f->n_opt, &p->cap_opt, sizeof(*f->opt));
		return optarg(p, x, false, &f->opt[f->n_opt++]);
	case S_KEY:
		f->key = grow(p->c, f->key, f->n_key, &p->cap_key, sizeof(*f->key));
		return optarg(p, x, true, &f->key[f->n_key++]);
	case S_REST:
		if (x->type != SX_SYMBOL || f->rest != NULL)
			return bad(p, x, "#:rest takes one name");
		f->rest = x->u.str.text;
		return 0;
	case S_AOK:
	default:
		return bad(p, x, "nothing may follow #:allow-other-keys but #:rest");
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int by_keyword(const void *a, const void *b)
{
	return strcmp((*(const struct ev_optarg *const *)a)->key,
	              (*(const struct ev_optarg *const *)b)->key);
}

static int keyword_is(const void *name, const void *elem)
{
	return strcmp(name, (*(const struct ev_optarg *const *)elem)->key);
}

/* Each name once: Guile refuses (lambda* (a #:optional a) ...) too.  Sorted,
 * not compared pairwise: a config may hold a million formals. */
static int check_duplicates(struct parse *p, const struct sx *params)
{
	const struct ev_formals *f = p->f;
	size_t n = f->n_req + f->n_opt + f->n_key + (f->rest != NULL), k = 0;
	const char **names = gx_arena_alloc(p->c->arena, (n + 1) * sizeof(*names));

	for (size_t i = 0; i < f->n_req; i++)
		names[k++] = f->req[i];
	for (size_t i = 0; i < f->n_opt; i++)
		names[k++] = f->opt[i].name;
	for (size_t i = 0; i < f->n_key; i++)
		names[k++] = f->key[i].name;
	if (f->rest != NULL)
		names[k++] = f->rest;
	qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 1; i < n; i++)
		if (strcmp(names[i], names[i - 1]) == 0)
			return ev_failn(p->c, params->loc, "bad %s formals: '%s' is bound twice",
			                p->who, names[i]);
	return 0;
}

const struct ev_formals *ev_parse_formals(struct ev_ctx *c, const char *who,
                                          const struct sx *params)
{
	struct parse p = { c, who, gx_arena_alloc(c->arena, sizeof(struct ev_formals)), 0, 0,
		           0, NULL };
	enum section sec = S_REQ;
	const struct sx *x = params;

	for (; IS_PAIR(x); x = CDR(x)) {
		if (CAR(x)->type == SX_KEYWORD) {
			if (marker(&p, CAR(x), &sec) < 0)
				return NULL;
			continue;
		}
		if (add_formal(&p, CAR(x), sec) < 0)
			return NULL;
	}
	if (x->type == SX_SYMBOL) { /* (a #:optional b . rest) */
		if (p.f->rest != NULL || sec == S_REST) {
			bad(&p, x, "two rest arguments");
			return NULL;
		}
		p.f->rest = x->u.str.text;
	} else if (x->type != SX_NIL) {
		bad(&p, x, "improper list");
		return NULL;
	}
	if (sec == S_REST && p.f->rest == NULL) {
		bad(&p, p.rest_marker, "#:rest without a name");
		return NULL;
	}
	if (check_duplicates(&p, params) < 0)
		return NULL;
	p.f->by_key = gx_arena_alloc(c->arena, (p.f->n_key + 1) * sizeof(*p.f->by_key));
	for (size_t i = 0; i < p.f->n_key; i++)
		p.f->by_key[i] = &p.f->key[i];
	qsort(p.f->by_key, p.f->n_key, sizeof(*p.f->by_key), by_keyword);
	return p.f;
}

/* ---- binding at a call ---- */

static const char *proc_name(const struct ev_closure *k)
{
	return k->name ? k->name : "lambda*";
}

static struct ev *init_value(struct ev_ctx *c, const struct ev_optarg *o, struct ev_env *frame,
                             struct sx_loc loc)
{
	if (o->init == NULL)
		return ev_bool(c, false, loc);
	return ev_eval(c, o->init, frame);
}

static struct sx_loc where(struct sx_loc arg, struct sx_loc call)
{
	return arg.file != NULL ? arg : call;
}

static void suggest_key(const struct ev_formals *f, const char *name, struct gx_buf *out)
{
	const char *best = NULL;
	size_t best_d = ev_suggest_max(name) + 1;

	for (size_t i = 0; i < f->n_key; i++) {
		size_t d = ev_edit_distance(name, f->key[i].key);

		if (d < best_d) {
			best_d = d;
			best = f->key[i].key;
		}
	}
	if (best != NULL)
		gx_buf_printf(out, " (did you mean #:%s?)", best);
	else if (f->n_key == 0)
		gx_buf_puts(out, " (it takes no keyword arguments)");
}

static int unknown_key(struct ev_ctx *c, const struct ev_closure *k, const struct ev *kw,
                       struct sx_loc loc)
{
	struct gx_buf b = GX_BUF_INIT;
	int r;

	suggest_key(k->star, kw->u.str.s, &b);
	r = ev_failn(c, where(kw->loc, loc), "%s: unknown keyword argument #:%s%s", proc_name(k),
	             kw->u.str.s, b.data ? b.data : "");
	gx_buf_free(&b);
	return r;
}

/* The keyword/value pairs of args[from..n): each key's value, last one wins
 * as in Guile. */
static int scan_keys(struct ev_ctx *c, const struct ev_closure *k, struct ev **args, size_t from,
                     size_t n, struct ev **given, struct sx_loc loc)
{
	const struct ev_formals *f = k->star;

	for (size_t i = from; i < n; i += 2) {
		const struct ev_optarg *const *found;

		if (args[i]->type != EV_KEYWORD)
			return ev_failn(c, where(args[i]->loc, loc),
			                "%s: expected a keyword argument, got %s", proc_name(k),
			                ev_repr(c, args[i]));
		if (i + 1 == n)
			return ev_failn(c, where(args[i]->loc, loc),
			                "%s: keyword argument #:%s has no value", proc_name(k),
			                args[i]->u.str.s);
		found = bsearch(args[i]->u.str.s, f->by_key, f->n_key, sizeof(*f->by_key),
		                keyword_is);
		if (found != NULL)
			given[*found - f->key] = args[i + 1];
		else if (!f->allow_other_keys)
			return unknown_key(c, k, args[i], loc);
	}
	return 0;
}

static int arity_error(struct ev_ctx *c, const struct ev_closure *k, size_t n, struct sx_loc loc)
{
	const struct ev_formals *f = k->star;

	if (n < f->n_req)
		return ev_failn(c, loc,
		                "wrong number of arguments to '%s': %zu given, %s%zu needed",
		                proc_name(k), n, f->n_opt || f->n_key || f->rest ? "at least " : "",
		                f->n_req);
	return ev_failn(c, loc, "wrong number of arguments to '%s': %zu given, %s%zu expected",
	                proc_name(k), n, f->n_opt ? "at most " : "", f->n_req + f->n_opt);
}

int ev_bind_formals(struct ev_ctx *c, const struct ev_closure *k, struct ev_env *frame,
                    struct ev **args, size_t n, struct sx_loc loc)
{
	const struct ev_formals *f = k->star;
	struct ev **given = gx_arena_alloc(c->arena, (f->n_key + 1) * sizeof(*given));
	size_t i = 0;

	if (n < f->n_req)
		return arity_error(c, k, n, loc);
	for (; i < f->n_req; i++)
		ev_bind(c, frame, f->req[i], args[i]);
	/* Keywords are not taken as optional arguments when there are keys. */
	for (size_t j = 0; j < f->n_opt; j++) {
		struct ev *v;

		if (i < n && !(f->n_key && args[i]->type == EV_KEYWORD))
			v = args[i++];
		else if ((v = init_value(c, &f->opt[j], frame, loc)) == NULL)
			return -1;
		ev_bind(c, frame, f->opt[j].name, v);
	}
	if (f->rest == NULL && f->n_key == 0 && !f->allow_other_keys && i < n)
		return arity_error(c, k, n, loc);
	if (f->rest != NULL) {
		struct ev *rest = ev_nil(c, loc), **tail = &rest;

		for (size_t j = i; j < n; j++) {
			*tail = ev_cons(c, args[j], *tail, loc);
			tail = &(*tail)->u.pair.cdr;
		}
		ev_bind(c, frame, f->rest, rest);
	}
	if ((f->n_key || f->allow_other_keys) && scan_keys(c, k, args, i, n, given, loc) < 0)
		return -1;
	for (size_t j = 0; j < f->n_key; j++) {
		struct ev *v = given[j];

		if (v == NULL && (v = init_value(c, &f->key[j], frame, loc)) == NULL)
			return -1;
		ev_bind(c, frame, f->key[j].name, v);
	}
	return 0;
}
