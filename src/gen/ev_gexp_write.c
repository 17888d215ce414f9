/* ev: a gexp written out as Guile source text, for the programs that read
 * Guile code themselves (mcron's job files).  Guix lowers a gexp to an
 * S-expression, each #$X replaced by X's value (a package or file-like
 * object by its store path, a gexp by its own body, a list element by
 * element) and #$@X spliced, then `write`s it.  gxsys does the same, with
 * in-container paths (osb_path_of), and writes the result as Guile 3.0's
 * `write` does (sx_write_*).  A value Guile would write as something that
 * does not read back (a procedure, a record, *unspecified*) is a located
 * error, as is a gexp nested in the text.  Last, the text is read back
 * with gxsys's reader (whose oracle is Guile's `read`) and must give the
 * same datum: anything the writer cannot say exactly is an error, never a
 * silently different program. */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "ev_internal.h"

#define MAX_DEPTH SX_MAX_DEPTH

struct lw {
	struct ev_ctx *c;
	const char *what; /* "mcron job" */
};

static struct ev *lower_value(struct lw *w, struct ev *v, struct sx_loc at, int depth, bool datum);

static struct sx_loc where(const struct ev *v, struct sx_loc at)
{
	return v->loc.file != NULL ? v->loc : at;
}

static struct ev *too_deep(struct lw *w, struct sx_loc at)
{
	return ev_fail(w->c, at, "%s: nested more than %d levels deep", w->what, MAX_DEPTH);
}

/* Heads of a gexp written inside the gexp: Guix would write code that
 * builds a gexp at run time, which the job's Guile cannot run. */
static bool nested_gexp(const struct ev *v)
{
	static const char *const heads[] = {
		"gexp",
		"ungexp",
		"ungexp-splicing",
		"ungexp-native",
		"ungexp-native-splicing",
		"with-imported-modules",
		"with-extensions",
	};
	const struct ev *h;

	if (v->type != EV_PAIR || (h = v->u.pair.car)->type != EV_SYMBOL)
		return false;
	for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
		if (strcmp(h->u.str.s, heads[i]) == 0)
			return true;
	return false;
}

/* A gexp's template: its literal parts, with #$X and #$@X replaced. */
static struct ev *lower_template(struct lw *w, struct ev *t, struct sx_loc at, int depth)
{
	struct ev *head = NULL, **tail = &head;

	if (depth > MAX_DEPTH)
		return too_deep(w, at);
	if (t->type == EV_UNGEXP) {
		if (t->u.ungexp.splice)
			return ev_fail(w->c, where(t, at), "%s: #$@ outside of a list", w->what);
		return lower_value(w, t->u.ungexp.val, where(t, at), depth + 1, false);
	}
	if (t->type != EV_PAIR)
		return t;
	if (nested_gexp(t))
		return ev_fail(w->c, where(t, at),
		               "%s: a gexp nested in it (%s) cannot be written out by gxsys",
		               w->what, ev_repr(w->c, t));
	for (; t->type == EV_PAIR; t = t->u.pair.cdr) {
		struct ev *e = t->u.pair.car;

		if (e->type == EV_UNGEXP && e->u.ungexp.splice) {
			for (struct ev *p = e->u.ungexp.val; p->type == EV_PAIR;
			     p = p->u.pair.cdr) {
				struct ev *x = lower_value(w, p->u.pair.car, where(e, at),
				                           depth + 1, false);

				if (x == NULL)
					return NULL;
				*tail = ev_cons(w->c, x, NULL, e->loc);
				tail = &(*tail)->u.pair.cdr;
			}
			continue;
		}
		if ((e = lower_template(w, e, where(t, at), depth + 1)) == NULL)
			return NULL;
		*tail = ev_cons(w->c, e, NULL, t->loc);
		tail = &(*tail)->u.pair.cdr;
	}
	/* The tail: () or an atom, or the value of (a . #$x). */
	return (*tail = lower_template(w, t, at, depth + 1)) != NULL ? head : NULL;
}

static struct ev *unwritable(struct lw *w, struct ev *v, struct sx_loc at, const char *why)
{
	return ev_fail(w->c, where(v, at), "%s: %s cannot be written into it as Guile code%s",
	               w->what, ev_repr(w->c, v), why);
}

/* A value of #$X: a package or file-like object becomes its path (unless
 * DATUM: inside a vector, which Guix does not lower), a gexp its body,
 * a list or pair element by element; data stay themselves. */
static struct ev *lower_value(struct lw *w, struct ev *v, struct sx_loc at, int depth, bool datum)
{
	struct ev *head = NULL, **tail = &head;

	if (depth > MAX_DEPTH)
		return too_deep(w, at);
	switch (v->type) {
	case EV_NIL:
	case EV_STRING:
	case EV_SYMBOL:
	case EV_KEYWORD:
	case EV_BOOL:
	case EV_INT:
	case EV_REAL:
	case EV_CHAR:
		return v;
	case EV_PACKAGE:
	case EV_FILE: {
		const char *path;

		if (datum)
			return unwritable(w, v, at, " (inside a vector, Guix does not lower it)");
		if ((path = osb_path_of(w->c, v, where(v, at))) == NULL)
			return NULL;
		return ev_cstring(w->c, path, v->loc);
	}
	case EV_GEXP:
		if (datum)
			return unwritable(w, v, at, " (inside a vector, Guix does not lower it)");
		return lower_template(w, v->u.gexp, where(v, at), depth + 1);
	case EV_VECTOR: {
		struct ev *r = ev_new(w->c, EV_VECTOR, v->loc);

		r->u.vec.len = v->u.vec.len;
		r->u.vec.items =
		        gx_arena_alloc(w->c->arena, (v->u.vec.len + 1) * sizeof(struct ev *));
		for (size_t i = 0; i < v->u.vec.len; i++)
			if ((r->u.vec.items[i] = lower_value(w, v->u.vec.items[i], at, depth + 1,
			                                     true)) == NULL)
				return NULL;
		return r;
	}
	case EV_PAIR:
		for (; v->type == EV_PAIR; v = v->u.pair.cdr) {
			struct ev *x = lower_value(w, v->u.pair.car, at, depth + 1, datum);

			if (x == NULL)
				return NULL;
			*tail = ev_cons(w->c, x, NULL, v->loc);
			tail = &(*tail)->u.pair.cdr;
		}
		return (*tail = lower_value(w, v, at, depth + 1, datum)) != NULL ? head : NULL;
	case EV_UNSPEC:
	case EV_CLOSURE:
	case EV_PRIM:
	case EV_RECORD_TYPE:
	case EV_RECORD:
	case EV_UNGEXP:
	case EV_SERVICE_TYPE:
	case EV_SERVICE:
	case EV_VALUES:
		break;
	}
	return unwritable(w, v, at, " (Guile would write it as #<...>, which does not read back)");
}

/* Whether A (read back) is B (written): the same datum, flonums bit for
 * bit (a NaN is any NaN, as Guile writes every one as +nan.0). */
static bool same_datum(const struct ev *a, const struct ev *b)
{
	while (a->type == EV_PAIR && b->type == EV_PAIR) {
		if (!same_datum(a->u.pair.car, b->u.pair.car))
			return false;
		a = a->u.pair.cdr;
		b = b->u.pair.cdr;
	}
	if (a->type != b->type)
		return false;
	if (a->type == EV_REAL)
		return (isnan(a->u.r) && isnan(b->u.r)) ||
		       memcmp(&a->u.r, &b->u.r, sizeof(a->u.r)) == 0;
	if (a->type != EV_VECTOR)
		return ev_equal(a, b);
	if (a->u.vec.len != b->u.vec.len)
		return false;
	for (size_t i = 0; i < a->u.vec.len; i++)
		if (!same_datum(a->u.vec.items[i], b->u.vec.items[i]))
			return false;
	return true;
}

static int reads_back(struct lw *w, const struct ev *datum, const char *text, size_t len,
                      struct sx_loc at)
{
	struct gx_error *err = NULL;
	struct sx *l = sx_read_all(w->c->arena, "<job>", text, len, &err);

	if (l == NULL) {
		ev_failn(w->c, at, "%s: its text does not read back as Guile code: %s", w->what,
		         err->msg);
		gx_error_free(err);
		return -1;
	}
	if (l->type != SX_PAIR || l->u.pair.cdr->type != SX_NIL ||
	    !same_datum(ev_from_datum(w->c, l->u.pair.car), datum))
		return ev_failn(w->c, at,
		                "%s: gxsys cannot write it so that Guile reads back the same "
		                "code: %s",
		                w->what, ev_repr(w->c, datum));
	return 0;
}

int ev_gexp_write(struct ev_ctx *c, struct ev *gexp, const char *what, struct gx_buf *out)
{
	struct lw w = { c, what };
	struct gx_buf text = GX_BUF_INIT;
	struct ev *datum;
	int r;

	if (gexp->type != EV_GEXP)
		return ev_failn(c, gexp->loc, "%s: expected a gexp, got %s", what,
		                ev_repr(c, gexp));
	if ((datum = lower_template(&w, gexp->u.gexp, gexp->loc, 0)) == NULL)
		return -1;
	ev_write_whole(&text, datum); /* Guile's `write`: sx_write_* */
	r = reads_back(&w, datum, text.data, text.len, gexp->loc);
	if (r == 0)
		gx_buf_add(out, text.data, text.len);
	gx_buf_free(&text);
	return r;
}
