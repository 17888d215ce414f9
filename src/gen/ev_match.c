/* ev: Guile's (ice-9 match): match, match-lambda, match-lambda*,
 * match-let (and named match-let), match-let*, as special forms with the
 * semantics of Guile 3.0's match.upstream.scm (Alex Shinn's matcher):
 *
 * - `_` matches anything; a name binds the value, and a name met again in
 *   the same pattern must be equal? to its first binding;
 * - strings, numbers, characters, booleans, keywords and () match an
 *   equal? value; 'DATUM matches an equal? datum;
 * - (P ...) and (P ___) match a proper list of elements matching P, with
 *   patterns after them matching the list's last elements ((a b ... c));
 *   (P ..1) one or more; the names in P are bound to lists (lists of lists
 *   under nested ellipses);
 * - #(P ...) a vector, an ellipsis only last;
 * - (? PRED P...), (= PROC P), (and P...), (or P...), (not P), (get! G);
 * - quasi-patterns `(a ,x (b ,y)): literal but for the unquoted patterns.
 *
 * Where gxsys differs: what Guile cannot expand ((? ), (= f), an ellipsis
 * first or twice at one level, a dotted tail after it, ,@ in a
 * quasi-pattern) or where it silently binds `?`, `=`, `not` or `...` as
 * names, is an error at the form, naming the pattern; ($ RECORD P...),
 * (set! S) and (P *** Q) are located errors ("not supported by gxsys").
 * A clause (PATTERN (=> FAIL) BODY...) binds FAIL to a procedure of no
 * arguments that goes on with the next clauses and returns what they give,
 * as Guile's does.  No clause matching is a located error "no matching
 * pattern for VALUE" (Guile throws match-error). */
#include <string.h>

#include "ev_internal.h"

#define CAR(x) ((x)->u.pair.car)
#define CDR(x) ((x)->u.pair.cdr)
#define IS_PAIR(x) ((x) != NULL && (x)->type == SX_PAIR)

struct mbind {
	const char *name;
	struct ev *val;
};

struct mstate {
	struct ev_ctx *c;
	struct ev_env *env; /* where ? and = evaluate their expressions */
	struct mbind *b;
	size_t n, cap;
};

/* ---- checking a pattern, before any matching ---- */

static bool is_sym(const struct sx *x, const char *name)
{
	return x != NULL && x->type == SX_SYMBOL && strcmp(x->u.str.text, name) == 0;
}

/* `...` and `___` (any number), as (ice-9 match) has them. */
static bool is_ellipsis(const struct sx *x)
{
	return is_sym(x, "...") || is_sym(x, "___");
}

static bool is_any_ellipsis(const struct sx *x)
{
	return is_ellipsis(x) || is_sym(x, "..1");
}

/* (X Y): a list of two, found without walking a long list. */
static bool is_two(const struct sx *p)
{
	return IS_PAIR(p) && IS_PAIR(CDR(p)) && CDR(CDR(p))->type == SX_NIL;
}

static const char *pattern_text(struct ev_ctx *c, const struct sx *p)
{
	struct gx_buf b = GX_BUF_INIT;
	const char *r;

	sx_write(&b, p);
	if (b.len > 80) {
		b.len = 77;
		gx_buf_puts(&b, "...");
	}
	r = gx_arena_strdup(c->arena, b.data ? b.data : "");
	gx_buf_free(&b);
	return r;
}

static int bad_pattern(struct ev_ctx *c, const struct sx *p, const char *why)
{
	return ev_failn(c, p->loc, "bad 'match' pattern %s: %s", pattern_text(c, p), why);
}

static int check(struct ev_ctx *c, const struct sx *p);

static int check_quasi(struct ev_ctx *c, const struct sx *p, int depth)
{
	if (p->type == SX_VECTOR) {
		for (size_t i = 0; i < p->u.vec.len; i++)
			if (check_quasi(c, p->u.vec.items[i], depth) < 0)
				return -1;
		return 0;
	}
	for (; IS_PAIR(p); p = CDR(p)) { /* along the list, not recursing */
		if (is_sym(CAR(p), "unquote-splicing") ||
		    (IS_PAIR(CAR(p)) && is_sym(CAR(CAR(p)), "unquote-splicing")))
			return bad_pattern(c, p,
			                   "Guile 3.0's (ice-9 match) cannot expand ,@ in a "
			                   "quasi-pattern (write `(a . ,rest))");
		if (is_sym(CAR(p), "unquote") && is_two(p))
			return depth == 1 ? check(c, CAR(CDR(p)))
			                  : check_quasi(c, CAR(CDR(p)), depth - 1);
		if (is_sym(CAR(p), "quasiquote") && is_two(p))
			return check_quasi(c, CAR(CDR(p)), depth + 1);
		if (check_quasi(c, CAR(p), depth) < 0)
			return -1;
	}
	return p->type == SX_VECTOR ? check_quasi(c, p, depth) : 0;
}

/* The patterns after an ellipsis: a proper list without another one. */
static int check_tail(struct ev_ctx *c, const struct sx *whole, const struct sx *r)
{
	const struct sx *q;

	for (q = r; IS_PAIR(q); q = CDR(q))
		if (is_any_ellipsis(CAR(q)))
			return bad_pattern(c, whole, "two ellipses at one level of a list");
	if (q->type != SX_NIL)
		return bad_pattern(c, whole, "a dotted tail cannot follow an ellipsis");
	return r->type == SX_NIL ? 0 : check(c, r);
}

static int check_all(struct ev_ctx *c, const struct sx *list)
{
	for (; IS_PAIR(list); list = CDR(list))
		if (check(c, CAR(list)) < 0)
			return -1;
	return 0;
}

static bool special_head(const struct sx *p);

static int check_special(struct ev_ctx *c, const struct sx *p, const char *head, bool *done)
{
	size_t len;

	*done = special_head(p) || strcmp(head, "$") == 0 || strcmp(head, "set!") == 0;
	if (!*done)
		return 0;
	len = sx_list_length(p); /* only here: not at each place of a long list */
	if (strcmp(head, "quote") == 0)
		return len == 2 ? 0 : bad_pattern(c, p, "expected 'DATUM");
	if (strcmp(head, "quasiquote") == 0)
		return len == 2 ? check_quasi(c, CAR(CDR(p)), 1)
		                : bad_pattern(c, p, "expected `DATUM");
	if (strcmp(head, "and") == 0 || strcmp(head, "or") == 0)
		return len == SIZE_MAX ? bad_pattern(c, p, "improper list") : check_all(c, CDR(p));
	if (strcmp(head, "not") == 0)
		return len == 2 ? check(c, CAR(CDR(p)))
		                : bad_pattern(c, p, "expected (not PATTERN)");
	if (strcmp(head, "?") == 0)
		return len >= 2 && len != SIZE_MAX
		               ? check_all(c, CDR(CDR(p)))
		               : bad_pattern(c, p, "expected (? PREDICATE PATTERN...)");
	if (strcmp(head, "=") == 0)
		return len == 3 ? check(c, CAR(CDR(CDR(p))))
		                : bad_pattern(c, p, "expected (= PROCEDURE PATTERN)");
	if (strcmp(head, "get!") == 0)
		return len == 2 && CAR(CDR(p))->type == SX_SYMBOL
		               ? 0
		               : bad_pattern(c, p, "expected (get! NAME)");
	if (strcmp(head, "$") == 0 || strcmp(head, "set!") == 0)
		return bad_pattern(c, p,
		                   strcmp(head, "$") == 0
		                           ? "($ RECORD PATTERN...) is not supported by gxsys (use "
		                             "(? PREDICATE (= ACCESSOR PATTERN)...))"
		                           : "(set! SETTER) is not supported by gxsys (its "
		                             "configurations cannot mutate)");
	*done = false;
	return 0;
}

static int check(struct ev_ctx *c, const struct sx *p)
{
	bool done;
	int r;

	switch (p->type) {
	case SX_SYMBOL:
		if (is_any_ellipsis(p))
			return bad_pattern(c, p, "an ellipsis must follow a pattern in a list");
		if (is_sym(p, "***"))
			return bad_pattern(c, p,
			                   "tree patterns (P *** Q) are not supported by gxsys");
		return 0;
	case SX_VECTOR:
		for (size_t i = 0; i < p->u.vec.len; i++) {
			const struct sx *x = p->u.vec.items[i];

			if (is_ellipsis(x) && i > 0 && i + 1 == p->u.vec.len &&
			    !is_any_ellipsis(p->u.vec.items[i - 1]))
				continue;
			if (is_any_ellipsis(x))
				return bad_pattern(c, p,
				                   "an ellipsis in a vector pattern must follow a "
				                   "pattern, last (#(P ... Q ...) is not allowed)");
			if (check(c, x) < 0)
				return -1;
		}
		return 0;
	case SX_PAIR:
		if (is_any_ellipsis(CAR(p)))
			return bad_pattern(c, p,
			                   "an ellipsis must follow a pattern, not start a list");
		for (; IS_PAIR(p); p = CDR(p)) { /* along the list, not recursing */
			if (IS_PAIR(CDR(p)) && is_ellipsis(CAR(CDR(p))))
				return check(c, CAR(p)) < 0 ? -1 : check_tail(c, p, CDR(CDR(p)));
			if (IS_PAIR(CDR(p)) && is_sym(CAR(CDR(p)), "..1")) {
				if (CDR(CDR(p))->type != SX_NIL)
					return bad_pattern(c, p,
					                   "..1 must end a list: (PATTERN ..1)");
				return check(c, CAR(p));
			}
			if (IS_PAIR(CDR(p)) && is_sym(CAR(CDR(p)), "***"))
				return bad_pattern(
				        c, p, "tree patterns (P *** Q) are not supported by gxsys");
			if (CAR(p)->type == SX_SYMBOL) {
				r = check_special(c, p, CAR(p)->u.str.text, &done);
				if (done)
					return r;
			}
			if (check(c, CAR(p)) < 0)
				return -1;
		}
		return check(c, p);
	case SX_NIL:
	case SX_STRING:
	case SX_KEYWORD:
	case SX_BOOL:
	case SX_INT:
	case SX_REAL:
	case SX_CHAR:
	default:
		return 0;
	}
}

/* ---- matching ---- */

static struct mbind *find(struct mstate *s, const char *name, size_t from)
{
	for (size_t i = s->n; i-- > from;)
		if (strcmp(s->b[i].name, name) == 0)
			return &s->b[i];
	return NULL;
}

static void bind(struct mstate *s, const char *name, struct ev *val)
{
	EV_ARENA_GROW(s->c, s->b, s->n, s->cap);
	s->b[s->n].name = name;
	s->b[s->n].val = val;
	s->n++;
}

/* The environment of ? and = expressions: the pattern's names bound so
 * far are in scope, as in Guile's expansion. */
static struct ev_env *scope(struct mstate *s)
{
	struct ev_env *e;

	if (s->n == 0)
		return s->env;
	s->c->steps += (long)(s->n / 8);
	e = ev_env_new(s->c, s->env);
	for (size_t i = 0; i < s->n; i++)
		ev_define(s->c, e, s->b[i].name, s->b[i].val);
	return e;
}

/* The names a pattern binds that are not bound yet (match-extract-vars). */
struct names {
	const char **v;
	size_t n, cap;
};

static void add_name(struct mstate *s, struct names *out, const char *name)
{
	if (strcmp(name, "_") == 0 || find(s, name, 0) != NULL)
		return;
	for (size_t i = 0; i < out->n; i++)
		if (strcmp(out->v[i], name) == 0)
			return;
	EV_ARENA_GROW(s->c, out->v, out->n, out->cap);
	out->v[out->n++] = name;
}

static void names_of(struct mstate *s, const struct sx *p, struct names *out);

static void quasi_names(struct mstate *s, const struct sx *p, int depth, struct names *out)
{
	if (p->type == SX_VECTOR) {
		for (size_t i = 0; i < p->u.vec.len; i++)
			quasi_names(s, p->u.vec.items[i], depth, out);
		return;
	}
	for (; IS_PAIR(p); p = CDR(p)) { /* along the list, not recursing */
		if (is_sym(CAR(p), "unquote") && is_two(p)) {
			if (depth == 1)
				names_of(s, CAR(CDR(p)), out);
			else
				quasi_names(s, CAR(CDR(p)), depth - 1, out);
			return;
		}
		if (is_sym(CAR(p), "quasiquote") && is_two(p)) {
			quasi_names(s, CAR(CDR(p)), depth + 1, out);
			return;
		}
		quasi_names(s, CAR(p), depth, out);
	}
	if (p->type == SX_VECTOR)
		quasi_names(s, p, depth, out);
}

static void names_of(struct mstate *s, const struct sx *p, struct names *out)
{
	if (p->type == SX_SYMBOL) {
		if (!is_any_ellipsis(p))
			add_name(s, out, p->u.str.text);
		return;
	}
	if (p->type == SX_VECTOR) {
		for (size_t i = 0; i < p->u.vec.len; i++)
			names_of(s, p->u.vec.items[i], out);
		return;
	}
	for (; IS_PAIR(p); p = CDR(p)) { /* along the list, not recursing */
		if (CAR(p)->type == SX_SYMBOL &&
		    !(IS_PAIR(CDR(p)) && is_any_ellipsis(CAR(CDR(p))))) {
			const char *h = CAR(p)->u.str.text;

			if (strcmp(h, "quote") == 0)
				return;
			if (strcmp(h, "quasiquote") == 0)
				return quasi_names(s, CAR(CDR(p)), 1, out);
			if (strcmp(h, "?") == 0)
				p = CDR(p); /* the predicate is an expression */
			else if (strcmp(h, "=") == 0)
				p = CDR(CDR(p));
			if (strcmp(h, "and") == 0 || strcmp(h, "or") == 0 ||
			    strcmp(h, "not") == 0 || strcmp(h, "?") == 0 || strcmp(h, "=") == 0 ||
			    strcmp(h, "get!") == 0) {
				for (p = CDR(p); IS_PAIR(p); p = CDR(p))
					names_of(s, CAR(p), out);
				return;
			}
		}
		names_of(s, CAR(p), out);
	}
	if (p->type == SX_SYMBOL || p->type == SX_VECTOR) /* a dotted tail */
		names_of(s, p, out);
}

static int match(struct mstate *s, const struct sx *p, struct ev *v);

/* Each element of the list V, up to its last TAIL ones, matched against P
 * (whose new names are NAMES), each name bound to the list of its values. */
static int match_each(struct mstate *s, const struct sx *p, struct ev **vp, size_t count,
                      const struct names *names)
{
	struct ev **heads = gx_arena_alloc(s->c->arena, (names->n + 1) * sizeof(*heads));
	struct ev ***tails = gx_arena_alloc(s->c->arena, (names->n + 1) * sizeof(*tails));
	struct sx_loc loc = p->loc;
	struct ev *v = *vp;

	for (size_t i = 0; i < names->n; i++) {
		heads[i] = ev_nil(s->c, loc);
		tails[i] = &heads[i];
	}
	for (size_t k = 0; k < count; k++, v = v->u.pair.cdr) {
		size_t mark = s->n;
		int r = match(s, p, v->u.pair.car);

		if (r <= 0)
			return r;
		s->c->steps += (long)(names->n * (1 + (s->n - mark) / 32));
		for (size_t i = 0; i < names->n; i++) {
			const struct mbind *b = find(s, names->v[i], mark);

			*tails[i] = ev_cons(s->c, b ? b->val : ev_bool(s->c, false, loc), *tails[i],
			                    loc);
			tails[i] = &(*tails[i])->u.pair.cdr;
		}
		s->n = mark;
	}
	for (size_t i = 0; i < names->n; i++)
		bind(s, names->v[i], heads[i]);
	*vp = v;
	return 1;
}

/* (P ... . R) against V (match-gen-ellipsis). */
static int match_ellipsis(struct mstate *s, const struct sx *p, const struct sx *r, struct ev *v)
{
	struct names names = { NULL, 0, 0 };
	size_t len, tail;
	const struct mbind *known;

	if (r->type == SX_NIL && p->type == SX_SYMBOL)
		/* (x ...): x is the whole list */
		return ev_is_list(v) ? match(s, p, v) : 0;
	if (!ev_is_list(v))
		return 0;
	known = p->type == SX_SYMBOL ? find(s, p->u.str.text, 0) : NULL;
	if (known != NULL) {
		/* (x ... r) with x bound: the list starts with x's elements */
		struct ev *e = known->val;

		for (; e->type == EV_PAIR; e = e->u.pair.cdr, v = v->u.pair.cdr)
			if (v->type != EV_PAIR || !ev_equal(v->u.pair.car, e->u.pair.car))
				return 0;
		return e->type == EV_NIL ? match(s, r, v) : 0;
	}
	len = ev_list_length(v);
	tail = sx_list_length(r);
	if (len < tail)
		return 0;
	names_of(s, p, &names);
	if (match_each(s, p, &v, len - tail, &names) <= 0)
		return s->c->err ? -1 : 0;
	return match(s, r, v);
}

static int match_vector(struct mstate *s, const struct sx *p, struct ev *v)
{
	size_t n = p->u.vec.len;
	bool ell = n >= 2 && is_ellipsis(p->u.vec.items[n - 1]);
	size_t fixed = ell ? n - 2 : n;

	if (v->type != EV_VECTOR || (ell ? v->u.vec.len < fixed : v->u.vec.len != n))
		return 0;
	for (size_t i = 0; i < fixed; i++) {
		int r = match(s, p->u.vec.items[i], v->u.vec.items[i]);

		if (r <= 0)
			return r;
	}
	if (ell) {
		struct names names = { NULL, 0, 0 };
		struct ev *list = ev_nil(s->c, p->loc), **tail = &list;

		for (size_t i = fixed; i < v->u.vec.len; i++) {
			*tail = ev_cons(s->c, v->u.vec.items[i], *tail, p->loc);
			tail = &(*tail)->u.pair.cdr;
		}
		names_of(s, p->u.vec.items[n - 2], &names);
		return match_each(s, p->u.vec.items[n - 2], &list, v->u.vec.len - fixed, &names);
	}
	return 1;
}

static struct sx *vector_list(struct ev_ctx *c, const struct sx *p)
{
	struct sx *list = sx_new(c->arena, SX_NIL, p->loc), **tail = &list;

	for (size_t i = 0; i < p->u.vec.len; i++) {
		*tail = sx_cons(c->arena, p->u.vec.items[i], sx_new(c->arena, SX_NIL, p->loc),
		                p->loc);
		tail = &(*tail)->u.pair.cdr;
	}
	return list;
}

static int match_quasi(struct mstate *s, const struct sx *p, struct ev *v, int depth)
{
	for (; IS_PAIR(p); p = CDR(p), v = v->u.pair.cdr) { /* along the list */
		int r;

		if (is_sym(CAR(p), "unquote") && is_two(p))
			return depth == 1 ? match(s, CAR(CDR(p)), v)
			                  : match_quasi(s, CAR(CDR(p)), v, depth - 1);
		if (is_sym(CAR(p), "quasiquote") && is_two(p))
			return match_quasi(s, CAR(CDR(p)), v, depth + 1);
		if (v->type != EV_PAIR)
			return 0;
		if ((r = match_quasi(s, CAR(p), v->u.pair.car, depth)) <= 0)
			return r;
	}
	if (p->type == SX_VECTOR) {
		struct ev *list = ev_nil(s->c, p->loc), **tail = &list;

		if (v->type != EV_VECTOR)
			return 0;
		for (size_t i = 0; i < v->u.vec.len; i++) {
			*tail = ev_cons(s->c, v->u.vec.items[i], *tail, p->loc);
			tail = &(*tail)->u.pair.cdr;
		}
		return match_quasi(s, vector_list(s->c, p), list, depth);
	}
	return ev_equal(ev_from_datum(s->c, p), v);
}

static int match_special(struct mstate *s, const struct sx *p, const char *h, struct ev *v)
{
	struct ev *f, *w;
	size_t mark = s->n;
	int r;

	if (strcmp(h, "quote") == 0)
		return ev_equal(ev_from_datum(s->c, CAR(CDR(p))), v);
	if (strcmp(h, "quasiquote") == 0)
		return match_quasi(s, CAR(CDR(p)), v, 1);
	if (strcmp(h, "and") == 0) {
		for (p = CDR(p); IS_PAIR(p); p = CDR(p))
			if ((r = match(s, CAR(p), v)) <= 0)
				return r;
		return 1;
	}
	if (strcmp(h, "or") == 0) {
		for (p = CDR(p); IS_PAIR(p); p = CDR(p)) {
			if ((r = match(s, CAR(p), v)) != 0)
				return r;
			s->n = mark;
		}
		return 0;
	}
	if (strcmp(h, "not") == 0) {
		r = match(s, CAR(CDR(p)), v);
		s->n = mark;
		return r < 0 ? -1 : !r;
	}
	if (strcmp(h, "get!") == 0) {
		bind(s, CAR(CDR(p))->u.str.text, ev_const_proc(s->c, v, p->loc));
		return 1;
	}
	/* ? and =: an expression, evaluated at each try */
	if ((f = ev_eval(s->c, CAR(CDR(p)), scope(s))) == NULL)
		return -1;
	if (f->type != EV_PRIM && f->type != EV_CLOSURE)
		return ev_failn(s->c, CAR(CDR(p))->loc, "match: (%s %s ...): not a procedure: %s",
		                h, pattern_text(s->c, CAR(CDR(p))), ev_repr(s->c, f));
	if ((w = ev_apply(s->c, f, &v, 1, CAR(CDR(p))->loc)) == NULL)
		return -1;
	if (strcmp(h, "=") == 0)
		return match(s, CAR(CDR(CDR(p))), w);
	if (!ev_truthy(w))
		return 0;
	for (p = CDR(CDR(p)); IS_PAIR(p); p = CDR(p))
		if ((r = match(s, CAR(p), v)) <= 0)
			return r;
	return 1;
}

static bool special_head(const struct sx *p)
{
	static const char *const heads[] = { "quote", "quasiquote", "and", "or",
		                             "not",   "?",          "=",   "get!" };

	if (CAR(p)->type != SX_SYMBOL)
		return false;
	for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
		if (strcmp(CAR(p)->u.str.text, heads[i]) == 0)
			return true;
	return false;
}

/* 1: V matches P (names bound in S), 0: it does not, -1: an error. */
static int match(struct mstate *s, const struct sx *p, struct ev *v)
{
	const struct mbind *b;
	int r;

	if (ev_failed(s->c))
		return -1;
	/* the work counts against the step limit, finding a name too */
	s->c->steps += 1 + (long)(s->n / 32);
	if (s->c->steps > EV_MAX_STEPS)
		return ev_failn(s->c, p->loc,
		                "evaluation takes too long (more than %ld steps): infinite loop?",
		                EV_MAX_STEPS);
	switch (p->type) {
	case SX_SYMBOL:
		if (strcmp(p->u.str.text, "_") == 0)
			return 1;
		if ((b = find(s, p->u.str.text, 0)) != NULL)
			return ev_equal(b->val, v);
		bind(s, p->u.str.text, v);
		return 1;
	case SX_NIL:
		return v->type == EV_NIL;
	case SX_VECTOR:
		return match_vector(s, p, v);
	case SX_PAIR:
		for (; IS_PAIR(p); p = CDR(p), v = v->u.pair.cdr) { /* along the list */
			if (IS_PAIR(CDR(p)) && is_ellipsis(CAR(CDR(p))))
				return match_ellipsis(s, CAR(p), CDR(CDR(p)), v);
			if (special_head(p))
				return match_special(s, p, CAR(p)->u.str.text, v);
			if (IS_PAIR(CDR(p)) && is_sym(CAR(CDR(p)), "..1"))
				return v->type == EV_PAIR
				               ? match_ellipsis(s, CAR(p), CDR(CDR(p)), v)
				               : 0;
			if (v->type != EV_PAIR)
				return 0;
			if ((r = match(s, CAR(p), v->u.pair.car)) <= 0)
				return r;
		}
		return match(s, p, v);
	case SX_STRING:
	case SX_KEYWORD:
	case SX_BOOL:
	case SX_INT:
	case SX_REAL:
	case SX_CHAR:
	default:
		return ev_equal(ev_from_datum(s->c, p), v);
	}
}

/* A frame over ENV binding what S matched. */
static struct ev_env *bindings_env(struct mstate *s)
{
	struct ev_env *e = ev_env_new(s->c, s->env);

	for (size_t i = 0; i < s->n; i++)
		ev_define(s->c, e, s->b[i].name, s->b[i].val);
	return e;
}

/* V against PATTERN alone: the scope of its names, or NULL (with no error
 * when it did not match). */
static struct ev_env *match_one(struct ev_ctx *c, const struct sx *pattern, struct ev *v,
                                struct ev_env *env)
{
	struct mstate s = { c, env, NULL, 0, 0 };
	int r = match(&s, pattern, v);

	return r == 1 ? bindings_env(&s) : NULL;
}

static struct ev *no_match(struct ev_ctx *c, struct sx_loc loc, const struct ev *v)
{
	return ev_fail(c, loc, "no matching pattern for %s", ev_repr(c, v));
}

/* ---- the forms ---- */

/* (PATTERN (=> FAILURE) BODY...) */
static bool is_failure(const struct sx *clause)
{
	return IS_PAIR(CDR(clause)) && IS_PAIR(CAR(CDR(clause))) &&
	       is_sym(CAR(CAR(CDR(clause))), "=>");
}

/* Check (PATTERN BODY...) clauses: WHO names the form. */
static int check_clauses(struct ev_ctx *c, const char *who, const struct sx *clauses,
                         const struct sx *form)
{
	if (!IS_PAIR(clauses))
		return ev_failn(c, form->loc, "bad '%s' form: no clauses", who);
	for (const struct sx *cl = clauses; IS_PAIR(cl); cl = CDR(cl)) {
		const struct sx *k = CAR(cl);
		size_t len = sx_list_length(k);

		if (!IS_PAIR(k) || len == SIZE_MAX || len < 2)
			return ev_failn(c, k->loc, "bad '%s' clause: expected (PATTERN BODY...)",
			                who);
		if (is_failure(k) && (len < 3 || sx_list_length(CAR(CDR(k))) != 2 ||
		                      CAR(CDR(CAR(CDR(k))))->type != SX_SYMBOL))
			return ev_failn(c, k->loc,
			                "bad '%s' clause: expected (PATTERN (=> NAME) BODY...)",
			                who);
		if (check(c, CAR(k)) < 0)
			return -1;
	}
	return 0;
}

/* The symbols of a failure procedure: no configuration can name them. */
#define NEXT " match-next"
#define VALUE " match-value"

/* (=> NAME)'s procedure: as in Guile, a procedure of no arguments that
 * matches V against the clauses after CLAUSE and returns what that gives,
 * (lambda () (match-next V CLAUSES...)). */
static struct ev *failure_proc(struct ev_ctx *c, struct ev *v, const struct sx *clause,
                               const struct sx *rest, struct ev_env *env, struct sx_loc loc)
{
	struct gx_arena *a = c->arena;
	struct ev_env *frame = ev_env_new(c, env);
	struct sx *nil = sx_new(a, SX_NIL, loc);
	struct sx *next =
	        sx_cons(a, sx_symbol(a, NEXT, loc),
	                sx_cons(a, sx_symbol(a, VALUE, loc), (struct sx *)rest, loc), loc);
	struct sx *lambda = sx_cons(a, sx_symbol(a, "lambda", loc),
	                            sx_cons(a, nil, sx_cons(a, next, nil, loc), loc), loc);
	struct ev *f;

	ev_define(c, frame, VALUE, v);
	if ((f = ev_eval(c, lambda, frame)) != NULL)
		f->u.clo->name = CAR(CDR(CAR(CDR(clause))))->u.str.text;
	return f;
}

static struct ev *match_clauses(struct ev_ctx *c, struct ev *v, const struct sx *clauses,
                                struct ev_env *env, struct sx_loc loc)
{
	for (const struct sx *cl = clauses; IS_PAIR(cl); cl = CDR(cl)) {
		struct mstate s = { c, env, NULL, 0, 0 };
		int r = match(&s, CAR(CAR(cl)), v);
		struct ev_env *scope_env;

		if (r < 0)
			return NULL;
		if (r == 0)
			continue;
		scope_env = bindings_env(&s);
		if (is_failure(CAR(cl))) {
			struct ev *f = failure_proc(c, v, CAR(cl), CDR(cl), env, loc);

			if (f == NULL)
				return NULL;
			ev_define(c, scope_env, CAR(CDR(CAR(CDR(CAR(cl)))))->u.str.text, f);
			return ev_eval_body_mv(c, CDR(CDR(CAR(cl))), scope_env);
		}
		return ev_eval_body_mv(c, CDR(CAR(cl)), scope_env);
	}
	return no_match(c, loc, v);
}

/* (match-next VALUE CLAUSE...), from failure_proc: clauses checked. */
struct ev *ev_sf_match_next(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	struct ev *v = ev_eval(c, CAR(CDR(form)), env);

	return v ? match_clauses(c, v, CDR(CDR(form)), env, form->loc) : NULL;
}

/* (match EXPR (PATTERN BODY...) ...) */
struct ev *ev_sf_match(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	struct ev *v;

	if (sx_list_length(form) < 2)
		return ev_fail(c, form->loc, "bad 'match' form: missing match expression");
	if (check_clauses(c, "match", CDR(CDR(form)), form) < 0)
		return NULL;
	if ((v = ev_eval(c, CAR(CDR(form)), env)) == NULL)
		return NULL;
	return match_clauses(c, v, CDR(CDR(form)), env, form->loc);
}

/* The symbol holding match-lambda's argument: no configuration can name it. */
#define ARG " match-argument"

/* (match-lambda CLAUSE...) is (lambda (x) (match x CLAUSE...));
 * match-lambda* (lambda x (match x CLAUSE...)). */
struct ev *ev_sf_match_lambda(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	const char *who = CAR(form)->u.str.text;
	struct sx_loc loc = form->loc;
	struct gx_arena *a = c->arena;
	struct sx *nil = sx_new(a, SX_NIL, loc), *arg = sx_symbol(a, ARG, loc);
	struct sx *params, *body, *lambda;

	if (check_clauses(c, who, CDR(form), form) < 0)
		return NULL;
	params = strcmp(who, "match-lambda*") == 0 ? arg : sx_cons(a, arg, nil, loc);
	body = sx_cons(a, sx_symbol(a, "match", loc), sx_cons(a, arg, CDR(form), loc), loc);
	lambda = sx_cons(a, sx_symbol(a, "lambda", loc),
	                 sx_cons(a, params, sx_cons(a, body, nil, loc), loc), loc);
	return ev_eval(c, lambda, env);
}

/* Check match-let's ((PATTERN EXPR) ...). */
static int check_bindings(struct ev_ctx *c, const char *who, const struct sx *bindings,
                          const struct sx *form)
{
	if (sx_list_length(bindings) == SIZE_MAX)
		return ev_failn(c, form->loc, "bad '%s' form: bindings are not a list", who);
	for (const struct sx *b = bindings; IS_PAIR(b); b = CDR(b)) {
		if (!IS_PAIR(CAR(b)) || sx_list_length(CAR(b)) != 2)
			return ev_failn(c, CAR(b)->loc, "bad '%s' binding: expected (PATTERN EXPR)",
			                who);
		if (check(c, CAR(CAR(b))) < 0)
			return -1;
	}
	return 0;
}

/* (match-let loop ((PATTERN INIT) ...) BODY...) is
 * (let loop ((t INIT) ...) (match-let ((PATTERN t) ...) BODY...)). */
static struct ev *named_match_let(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	struct gx_arena *a = c->arena;
	struct sx_loc loc = form->loc;
	const struct sx *bindings = CAR(CDR(CDR(form)));
	struct sx *lets = sx_new(a, SX_NIL, loc), **lt = &lets;
	struct sx *pats = sx_new(a, SX_NIL, loc), **pt = &pats;
	struct sx *inner, *outer;
	unsigned i = 0;

	for (const struct sx *b = bindings; IS_PAIR(b); b = CDR(b), i++) {
		struct sx *tmp = sx_symbol(a, gx_arena_printf(a, " match-let-%u", i), loc);
		struct sx *nil = sx_new(a, SX_NIL, loc);

		*lt = sx_cons(a, sx_cons(a, tmp, sx_cons(a, CAR(CDR(CAR(b))), nil, loc), loc), nil,
		              loc);
		lt = &(*lt)->u.pair.cdr;
		*pt = sx_cons(a, sx_cons(a, CAR(CAR(b)), sx_cons(a, tmp, nil, loc), loc),
		              sx_new(a, SX_NIL, loc), loc);
		pt = &(*pt)->u.pair.cdr;
	}
	inner = sx_cons(a, CAR(form), sx_cons(a, pats, CDR(CDR(CDR(form))), loc), loc);
	outer = sx_cons(
	        a, sx_symbol(a, "let", loc),
	        sx_cons(a, CAR(CDR(form)),
	                sx_cons(a, lets, sx_cons(a, inner, sx_new(a, SX_NIL, loc), loc), loc), loc),
	        loc);
	return ev_eval_mv(c, outer, env);
}

/* (match-let ((PATTERN EXPR) ...) BODY...): the EXPRs see the outer scope;
 * match-let* matches each in the scope of the ones before. */
struct ev *ev_sf_match_let(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	const char *who = CAR(form)->u.str.text;
	bool sequential = strcmp(who, "match-let*") == 0;
	const struct sx *bindings, *body;
	struct ev **vals;
	struct ev_env *scope_env = env;
	size_t n, i = 0;

	if (sx_list_length(form) >= 4 && !sequential && CAR(CDR(form))->type == SX_SYMBOL) {
		if (check_bindings(c, who, CAR(CDR(CDR(form))), form) < 0)
			return NULL;
		return named_match_let(c, form, env);
	}
	if (sx_list_length(form) < 3)
		return ev_fail(c, form->loc,
		               "bad '%s' form: expected (%s ((PATTERN EXPR)...) BODY...)", who,
		               who);
	bindings = CAR(CDR(form));
	body = CDR(CDR(form));
	if (check_bindings(c, who, bindings, form) < 0)
		return NULL;
	n = sx_list_length(bindings);
	vals = gx_arena_alloc(c->arena, (n + 1) * sizeof(*vals));
	if (!sequential)
		for (const struct sx *b = bindings; IS_PAIR(b); b = CDR(b))
			if ((vals[i++] = ev_eval(c, CAR(CDR(CAR(b))), env)) == NULL)
				return NULL;
	i = 0;
	for (const struct sx *b = bindings; IS_PAIR(b); b = CDR(b), i++) {
		struct ev *v = sequential ? ev_eval(c, CAR(CDR(CAR(b))), scope_env) : vals[i];
		struct ev_env *next;

		if (v == NULL)
			return NULL;
		if ((next = match_one(c, CAR(CAR(b)), v, scope_env)) == NULL)
			return ev_failed(c) ? NULL : no_match(c, CAR(b)->loc, v);
		scope_env = next;
	}
	return ev_eval_body_mv(c, body, scope_env == env ? ev_env_new(c, env) : scope_env);
}
