/* ev: the Scheme primitives, one table.  Pure: none touches the host. */
#include <crypt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ev_internal.h"

#define PRIM(name)                                                                                 \
	static struct ev *name(struct ev_ctx *c, struct ev **a, size_t n, struct sx_loc loc)
#define UNUSED_ARGS                                                                                \
	(void)c;                                                                                   \
	(void)a;                                                                                   \
	(void)n;                                                                                   \
	(void)loc

struct ev *ev_type_error(struct ev_ctx *c, const char *prim, const struct ev *v,
                         const char *expected, struct sx_loc loc)
{
	return ev_fail(c, loc, "%s: expected %s, got %s", prim, expected, ev_repr(c, v));
}

bool ev_check_list(struct ev_ctx *c, const char *prim, const struct ev *v, struct sx_loc loc)
{
	if (ev_is_list(v))
		return true;
	ev_type_error(c, prim, v, "a list", loc);
	return false;
}

PRIM(p_list)
{
	struct ev_list_builder b;

	ev_lb_init(c, &b, loc);
	for (size_t i = 0; i < n; i++)
		ev_lb_add(c, &b, a[i], loc);
	return b.head;
}

PRIM(p_cons)
{
	UNUSED_ARGS;
	return ev_cons(c, a[0], a[1], loc);
}

PRIM(p_cons_star)
{
	struct ev *r = a[n - 1];

	for (size_t i = n - 1; i-- > 0;)
		r = ev_cons(c, a[i], r, loc);
	return r;
}

static struct ev *cxr(struct ev_ctx *c, const char *name, struct ev *v, const char *path,
                      struct sx_loc loc)
{
	/* path is read right to left, as in c[ad]+r */
	for (size_t i = strlen(path); i-- > 0;) {
		if (v->type != EV_PAIR)
			return ev_type_error(c, name, v, "a pair", loc);
		v = path[i] == 'a' ? v->u.pair.car : v->u.pair.cdr;
	}
	return v;
}

PRIM(p_car)
{
	UNUSED_ARGS;
	return cxr(c, "car", a[0], "a", loc);
}
PRIM(p_cdr)
{
	UNUSED_ARGS;
	return cxr(c, "cdr", a[0], "d", loc);
}
PRIM(p_cadr)
{
	UNUSED_ARGS;
	return cxr(c, "cadr", a[0], "ad", loc);
}
PRIM(p_cddr)
{
	UNUSED_ARGS;
	return cxr(c, "cddr", a[0], "dd", loc);
}
PRIM(p_caddr)
{
	UNUSED_ARGS;
	return cxr(c, "caddr", a[0], "add", loc);
}
PRIM(p_caar)
{
	UNUSED_ARGS;
	return cxr(c, "caar", a[0], "aa", loc);
}

PRIM(p_append)
{
	struct ev_list_builder b;

	if (n == 0)
		return ev_nil(c, loc);
	ev_lb_init(c, &b, loc);
	for (size_t i = 0; i + 1 < n; i++) {
		if (!ev_check_list(c, "append", a[i], loc))
			return NULL;
		for (struct ev *p = a[i]; p->type == EV_PAIR; p = p->u.pair.cdr)
			ev_lb_add(c, &b, p->u.pair.car, loc);
	}
	*b.tail = a[n - 1];
	return b.head;
}

/* (map f l1 l2 ...), (for-each ...): stops at the shortest list. */
static struct ev *map_common(struct ev_ctx *c, const char *name, struct ev **a, size_t n,
                             struct sx_loc loc, bool collect)
{
	struct ev_list_builder b;
	struct ev **lists = gx_arena_alloc(c->arena, n * sizeof(*lists));
	struct ev **args = gx_arena_alloc(c->arena, n * sizeof(*args));

	ev_lb_init(c, &b, loc);
	for (size_t i = 1; i < n; i++) {
		if (!ev_check_list(c, name, a[i], loc))
			return NULL;
		lists[i] = a[i];
	}
	for (;;) {
		struct ev *r;

		for (size_t i = 1; i < n; i++) {
			if (lists[i]->type != EV_PAIR)
				return collect ? b.head : ev_unspec(c, loc);
			args[i - 1] = lists[i]->u.pair.car;
			lists[i] = lists[i]->u.pair.cdr;
		}
		if ((r = ev_apply(c, a[0], args, n - 1, loc)) == NULL)
			return NULL;
		if (collect)
			ev_lb_add(c, &b, r, loc);
	}
}

PRIM(p_map)
{
	return map_common(c, "map", a, n, loc, true);
}

PRIM(p_for_each)
{
	return map_common(c, "for-each", a, n, loc, false);
}

static struct ev *filter_common(struct ev_ctx *c, const char *name, struct ev **a,
                                struct sx_loc loc, bool keep)
{
	struct ev_list_builder b;

	if (!ev_check_list(c, name, a[1], loc))
		return NULL;
	ev_lb_init(c, &b, loc);
	for (struct ev *p = a[1]; p->type == EV_PAIR; p = p->u.pair.cdr) {
		struct ev *r = ev_apply(c, a[0], &p->u.pair.car, 1, loc);

		if (r == NULL)
			return NULL;
		if (ev_truthy(r) == keep)
			ev_lb_add(c, &b, p->u.pair.car, loc);
	}
	return b.head;
}

PRIM(p_filter)
{
	UNUSED_ARGS;
	return filter_common(c, "filter", a, loc, true);
}

PRIM(p_remove)
{
	UNUSED_ARGS;
	return filter_common(c, "remove", a, loc, false);
}

PRIM(p_reverse)
{
	struct ev *r = ev_nil(c, loc);

	UNUSED_ARGS;
	if (!ev_check_list(c, "reverse", a[0], loc))
		return NULL;
	for (struct ev *p = a[0]; p->type == EV_PAIR; p = p->u.pair.cdr)
		r = ev_cons(c, p->u.pair.car, r, loc);
	return r;
}

PRIM(p_length)
{
	UNUSED_ARGS;
	if (!ev_check_list(c, "length", a[0], loc))
		return NULL;
	return ev_int(c, (int64_t)ev_list_length(a[0]), loc);
}

PRIM(p_list_ref)
{
	struct ev *p = a[0];

	UNUSED_ARGS;
	if (a[1]->type != EV_INT || a[1]->u.i < 0)
		return ev_type_error(c, "list-ref", a[1], "an index", loc);
	for (int64_t i = 0; i < a[1]->u.i; i++) {
		if (p->type != EV_PAIR)
			return ev_fail(c, loc, "list-ref: index %" PRId64 " out of range",
			               a[1]->u.i);
		p = p->u.pair.cdr;
	}
	if (p->type != EV_PAIR)
		return ev_fail(c, loc, "list-ref: index %" PRId64 " out of range", a[1]->u.i);
	return p->u.pair.car;
}

PRIM(p_last)
{
	struct ev *p = a[0];

	UNUSED_ARGS;
	if (p->type != EV_PAIR || !ev_check_list(c, "last", p, loc))
		return ev_type_error(c, "last", p, "a non-empty list", loc);
	while (p->u.pair.cdr->type == EV_PAIR)
		p = p->u.pair.cdr;
	return p->u.pair.car;
}

PRIM(p_apply)
{
	struct ev *last = a[n - 1];
	size_t m = n - 2 + (ev_is_list(last) ? ev_list_length(last) : 0), i = 0;
	struct ev **args;

	if (!ev_check_list(c, "apply", last, loc))
		return NULL;
	args = gx_arena_alloc(c->arena, (m + 1) * sizeof(*args));
	for (size_t k = 1; k + 1 < n; k++)
		args[i++] = a[k];
	for (struct ev *p = last; p->type == EV_PAIR; p = p->u.pair.cdr)
		args[i++] = p->u.pair.car;
	return ev_apply(c, a[0], args, m, loc);
}

bool ev_eqv(const struct ev *x, const struct ev *y)
{
	if (x == y)
		return true;
	if (x->type != y->type)
		return false;
	switch (x->type) {
	case EV_NIL:
	case EV_BOOL:
	case EV_INT:
	case EV_REAL:
	case EV_CHAR:
	case EV_SYMBOL:
	case EV_KEYWORD:
	case EV_PACKAGE:
	case EV_SERVICE_TYPE:
	case EV_RECORD_TYPE:
	case EV_PRIM:
		return ev_equal(x, y);
	case EV_PAIR:
	case EV_STRING:
	case EV_VECTOR:
	case EV_UNSPEC:
	case EV_CLOSURE:
	case EV_RECORD:
	case EV_FILE:
	case EV_GEXP:
	case EV_UNGEXP:
	case EV_SERVICE:
	case EV_VALUES:
	default:
		return x == y || (x->type == EV_STRING && x->u.str.len == 0 && y->u.str.len == 0);
	}
}

static struct ev *mem_common(struct ev_ctx *c, const char *name, struct ev **a, struct sx_loc loc,
                             bool (*same)(const struct ev *, const struct ev *))
{
	if (!ev_check_list(c, name, a[1], loc))
		return NULL;
	for (struct ev *p = a[1]; p->type == EV_PAIR; p = p->u.pair.cdr)
		if (same(a[0], p->u.pair.car))
			return p;
	return ev_bool(c, false, loc);
}

PRIM(p_memq)
{
	UNUSED_ARGS;
	return mem_common(c, "memq", a, loc, ev_eqv);
}
PRIM(p_member)
{
	UNUSED_ARGS;
	return mem_common(c, "member", a, loc, ev_equal);
}

static struct ev *ass_common(struct ev_ctx *c, const char *name, struct ev **a, struct sx_loc loc,
                             bool (*same)(const struct ev *, const struct ev *))
{
	if (!ev_check_list(c, name, a[1], loc))
		return NULL;
	for (struct ev *p = a[1]; p->type == EV_PAIR; p = p->u.pair.cdr)
		if (p->u.pair.car->type == EV_PAIR && same(a[0], p->u.pair.car->u.pair.car))
			return p->u.pair.car;
	return ev_bool(c, false, loc);
}

PRIM(p_assq)
{
	UNUSED_ARGS;
	return ass_common(c, "assq", a, loc, ev_eqv);
}
PRIM(p_assoc)
{
	UNUSED_ARGS;
	return ass_common(c, "assoc", a, loc, ev_equal);
}

/* Guile's (assq-ref ALIST KEY) and (assoc-ref ALIST KEY): the value of
 * KEY's entry, or #f. */
static struct ev *ass_ref(struct ev_ctx *c, const char *name, struct ev **a, struct sx_loc loc,
                          bool (*same)(const struct ev *, const struct ev *))
{
	struct ev *args[2] = { a[1], a[0] };
	struct ev *r = ass_common(c, name, args, loc, same);

	return r != NULL && r->type == EV_PAIR ? r->u.pair.cdr : r;
}
PRIM(p_assq_ref)
{
	UNUSED_ARGS;
	return ass_ref(c, "assq-ref", a, loc, ev_eqv);
}
PRIM(p_assoc_ref)
{
	UNUSED_ARGS;
	return ass_ref(c, "assoc-ref", a, loc, ev_equal);
}

PRIM(p_delete)
{
	struct ev_list_builder b;

	UNUSED_ARGS;
	if (!ev_check_list(c, "delete", a[1], loc))
		return NULL;
	ev_lb_init(c, &b, loc);
	for (struct ev *p = a[1]; p->type == EV_PAIR; p = p->u.pair.cdr)
		if (!ev_equal(a[0], p->u.pair.car))
			ev_lb_add(c, &b, p->u.pair.car, loc);
	return b.head;
}

PRIM(p_delete_duplicates)
{
	struct ev_list_builder b;

	UNUSED_ARGS;
	if (!ev_check_list(c, "delete-duplicates", a[0], loc))
		return NULL;
	ev_lb_init(c, &b, loc);
	for (struct ev *p = a[0]; p->type == EV_PAIR; p = p->u.pair.cdr) {
		bool seen = false;

		for (struct ev *q = b.head; q->type == EV_PAIR && !seen; q = q->u.pair.cdr)
			seen = ev_equal(q->u.pair.car, p->u.pair.car);
		if (!seen)
			ev_lb_add(c, &b, p->u.pair.car, loc);
	}
	return b.head;
}

#define PRED(fname, cond)                                                                          \
	PRIM(fname)                                                                                \
	{                                                                                          \
		struct ev *x = a[0];                                                               \
		UNUSED_ARGS;                                                                       \
		return ev_bool(c, (cond), loc);                                                    \
	}

PRED(p_nullp, x->type == EV_NIL)
PRED(p_pairp, x->type == EV_PAIR)
PRED(p_listp, ev_is_list(x))
PRED(p_stringp, x->type == EV_STRING)
PRED(p_symbolp, x->type == EV_SYMBOL)
PRED(p_numberp, x->type == EV_INT || x->type == EV_REAL)
PRED(p_integerp, x->type == EV_INT)
PRED(p_booleanp, x->type == EV_BOOL)
PRED(p_procedurep, x->type == EV_CLOSURE || x->type == EV_PRIM)
PRED(p_not, x->type == EV_BOOL && !x->u.b)
PRED(p_zerop, x->type == EV_INT && x->u.i == 0)

PRIM(p_eq)
{
	UNUSED_ARGS;
	return ev_bool(c, ev_eqv(a[0], a[1]), loc);
}

PRIM(p_equal)
{
	UNUSED_ARGS;
	return ev_bool(c, ev_equal(a[0], a[1]), loc);
}

static bool ints(struct ev_ctx *c, const char *name, struct ev **a, size_t n, struct sx_loc loc)
{
	for (size_t i = 0; i < n; i++)
		if (a[i]->type != EV_INT) {
			ev_type_error(c, name, a[i], "an integer", loc);
			return false;
		}
	return true;
}

static struct ev *arith(struct ev_ctx *c, const char *name, struct ev **a, size_t n,
                        struct sx_loc loc, char op)
{
	int64_t r = op == '*' ? 1 : 0;

	if (!ints(c, name, a, n, loc))
		return NULL;
	for (size_t i = 0; i < n; i++) {
		int64_t x = a[i]->u.i;
		bool ovf;

		if (op == '+')
			ovf = __builtin_add_overflow(r, x, &r);
		else if (op == '*')
			ovf = __builtin_mul_overflow(r, x, &r);
		else if (i == 0 && n > 1)
			ovf = (r = x, false);
		else
			ovf = __builtin_sub_overflow(r, x, &r);
		if (ovf)
			return ev_fail(c, loc, "%s: integer overflow", name);
	}
	return ev_int(c, r, loc);
}

PRIM(p_add)
{
	return arith(c, "+", a, n, loc, '+');
}
PRIM(p_sub)
{
	return arith(c, "-", a, n, loc, '-');
}
PRIM(p_mul)
{
	return arith(c, "*", a, n, loc, '*');
}

static struct ev *compare(struct ev_ctx *c, const char *name, struct ev **a, size_t n,
                          struct sx_loc loc, int want)
{
	if (!ints(c, name, a, n, loc))
		return NULL;
	for (size_t i = 0; i + 1 < n; i++) {
		int64_t x = a[i]->u.i, y = a[i + 1]->u.i;
		int cmp = (x > y) - (x < y);
		bool ok = want == 0   ? cmp == 0
		          : want == 1 ? cmp < 0
		          : want == 2 ? cmp > 0
		          : want == 3 ? cmp <= 0
		                      : cmp >= 0;

		if (!ok)
			return ev_bool(c, false, loc);
	}
	return ev_bool(c, true, loc);
}

PRIM(p_num_eq)
{
	return compare(c, "=", a, n, loc, 0);
}
PRIM(p_lt)
{
	return compare(c, "<", a, n, loc, 1);
}
PRIM(p_gt)
{
	return compare(c, ">", a, n, loc, 2);
}
PRIM(p_le)
{
	return compare(c, "<=", a, n, loc, 3);
}
PRIM(p_ge)
{
	return compare(c, ">=", a, n, loc, 4);
}

bool ev_check_strings(struct ev_ctx *c, const char *name, struct ev **a, size_t n,
                      struct sx_loc loc)
{
	for (size_t i = 0; i < n; i++)
		if (a[i]->type != EV_STRING) {
			ev_type_error(c, name, a[i], "a string", loc);
			return false;
		}
	return true;
}

PRIM(p_string_append)
{
	struct gx_buf b = GX_BUF_INIT;
	struct ev *r;

	if (!ev_check_strings(c, "string-append", a, n, loc))
		return NULL;
	for (size_t i = 0; i < n; i++)
		gx_buf_add(&b, a[i]->u.str.s, a[i]->u.str.len);
	r = ev_string(c, b.data ? b.data : "", b.len, loc);
	gx_buf_free(&b);
	return r;
}

void ev_put_utf8(struct gx_buf *b, uint32_t cp)
{
	char s[4];

	if (cp < 0x80) {
		gx_buf_putc(b, (char)cp);
		return;
	}
	if (cp < 0x800) {
		s[0] = (char)(0xc0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3f));
		gx_buf_add(b, s, 2);
	} else if (cp < 0x10000) {
		s[0] = (char)(0xe0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[2] = (char)(0x80 | (cp & 0x3f));
		gx_buf_add(b, s, 3);
	} else {
		s[0] = (char)(0xf0 | (cp >> 18));
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[3] = (char)(0x80 | (cp & 0x3f));
		gx_buf_add(b, s, 4);
	}
}

PRIM(p_string)
{
	struct gx_buf b = GX_BUF_INIT;
	struct ev *r;

	for (size_t i = 0; i < n; i++) {
		if (a[i]->type != EV_CHAR) {
			gx_buf_free(&b);
			return ev_type_error(c, "string", a[i], "a character", loc);
		}
		ev_put_utf8(&b, a[i]->u.ch);
	}
	r = ev_string(c, b.data ? b.data : "", b.len, loc);
	gx_buf_free(&b);
	return r;
}

PRIM(p_number_to_string)
{
	UNUSED_ARGS;
	if (a[0]->type == EV_INT)
		return ev_cstring(c, gx_arena_printf(c->arena, "%" PRId64, a[0]->u.i), loc);
	if (a[0]->type == EV_REAL)
		return ev_cstring(c, gx_arena_printf(c->arena, "%g", a[0]->u.r), loc);
	return ev_type_error(c, "number->string", a[0], "a number", loc);
}

PRIM(p_string_to_number)
{
	char *end;
	long long v;

	UNUSED_ARGS;
	if (!ev_check_strings(c, "string->number", a, 1, loc))
		return NULL;
	v = strtoll(a[0]->u.str.s, &end, 10);
	if (a[0]->u.str.len == 0 || *end != '\0')
		return ev_bool(c, false, loc);
	return ev_int(c, v, loc);
}

PRIM(p_string_to_symbol)
{
	UNUSED_ARGS;
	if (!ev_check_strings(c, "string->symbol", a, 1, loc))
		return NULL;
	return ev_symbol(c, a[0]->u.str.s, loc);
}

PRIM(p_symbol_to_string)
{
	UNUSED_ARGS;
	if (a[0]->type != EV_SYMBOL)
		return ev_type_error(c, "symbol->string", a[0], "a symbol", loc);
	return ev_string(c, a[0]->u.str.s, a[0]->u.str.len, loc);
}

PRIM(p_string_length)
{
	size_t chars = 0;

	UNUSED_ARGS;
	if (!ev_check_strings(c, "string-length", a, 1, loc))
		return NULL;
	for (size_t i = 0; i < a[0]->u.str.len; i++)
		chars += ((unsigned char)a[0]->u.str.s[i] & 0xc0) != 0x80;
	return ev_int(c, (int64_t)chars, loc);
}

PRIM(p_string_eq)
{
	if (!ev_check_strings(c, "string=?", a, n, loc))
		return NULL;
	for (size_t i = 0; i + 1 < n; i++)
		if (!ev_equal(a[i], a[i + 1]))
			return ev_bool(c, false, loc);
	return ev_bool(c, true, loc);
}

PRIM(p_string_prefix)
{
	UNUSED_ARGS;
	if (!ev_check_strings(c, "string-prefix?", a, 2, loc))
		return NULL;
	return ev_bool(c,
	               a[0]->u.str.len <= a[1]->u.str.len &&
	                       memcmp(a[0]->u.str.s, a[1]->u.str.s, a[0]->u.str.len) == 0,
	               loc);
}

PRIM(p_string_suffix)
{
	UNUSED_ARGS;
	if (!ev_check_strings(c, "string-suffix?", a, 2, loc))
		return NULL;
	return ev_bool(c,
	               a[0]->u.str.len <= a[1]->u.str.len &&
	                       memcmp(a[0]->u.str.s,
	                              a[1]->u.str.s + a[1]->u.str.len - a[0]->u.str.len,
	                              a[0]->u.str.len) == 0,
	               loc);
}

/* (string-join LIST [DELIMITER [GRAMMAR]]), Guile's: GRAMMAR is infix (the
 * default), strict-infix (an empty list is an error), prefix or suffix. */
PRIM(p_string_join)
{
	struct gx_buf b = GX_BUF_INIT;
	const char *sep = " ", *grammar = "infix";
	size_t seplen = 1;
	struct ev *r;

	if (!ev_check_list(c, "string-join", a[0], loc))
		return NULL;
	if (n >= 2) {
		if (!ev_check_strings(c, "string-join", a + 1, 1, loc))
			return NULL;
		sep = a[1]->u.str.s;
		seplen = a[1]->u.str.len;
	}
	if (n == 3) {
		if (a[2]->type != EV_SYMBOL ||
		    (strcmp(a[2]->u.str.s, "infix") != 0 &&
		     strcmp(a[2]->u.str.s, "strict-infix") != 0 &&
		     strcmp(a[2]->u.str.s, "prefix") != 0 && strcmp(a[2]->u.str.s, "suffix") != 0))
			return ev_type_error(c, "string-join", a[2],
			                     "a grammar: infix, strict-infix, prefix or suffix",
			                     loc);
		grammar = a[2]->u.str.s;
		if (strcmp(grammar, "strict-infix") == 0 && a[0]->type != EV_PAIR)
			return ev_fail(c, loc,
			               "string-join: strict-infix grammar with an empty list");
	}
	for (struct ev *p = a[0]; p->type == EV_PAIR; p = p->u.pair.cdr) {
		if (p->u.pair.car->type != EV_STRING) {
			gx_buf_free(&b);
			return ev_type_error(c, "string-join", p->u.pair.car, "a string", loc);
		}
		if (strcmp(grammar, "prefix") == 0 ||
		    (p != a[0] && strstr(grammar, "infix") != NULL))
			gx_buf_add(&b, sep, seplen);
		gx_buf_add(&b, p->u.pair.car->u.str.s, p->u.pair.car->u.str.len);
		if (strcmp(grammar, "suffix") == 0)
			gx_buf_add(&b, sep, seplen);
	}
	r = ev_string(c, b.data ? b.data : "", b.len, loc);
	gx_buf_free(&b);
	return r;
}

/* (format #f FMT ARG...): ~a ~s ~% ~~ only. */
PRIM(p_format)
{
	struct gx_buf b = GX_BUF_INIT;
	size_t next = 2;
	struct ev *r;

	if (!(a[0]->type == EV_BOOL && !a[0]->u.b))
		return ev_fail(c, loc, "format: only (format #f ...) is supported");
	if (!ev_check_strings(c, "format", a + 1, 1, loc))
		return NULL;
	for (const char *f = a[1]->u.str.s; *f; f++) {
		if (*f != '~') {
			gx_buf_putc(&b, *f);
			continue;
		}
		f++;
		if (*f == '%')
			gx_buf_putc(&b, '\n');
		else if (*f == '~')
			gx_buf_putc(&b, '~');
		else if ((*f == 'a' || *f == 's') && next < n) {
			struct ev *v = a[next++];

			if (*f == 'a' && (v->type == EV_STRING || v->type == EV_SYMBOL))
				gx_buf_add(&b, v->u.str.s, v->u.str.len);
			else
				ev_write(&b, v);
		} else {
			gx_buf_free(&b);
			return ev_fail(c, loc, "format: bad or unsupported directive '~%c'",
			               *f ? *f : ' ');
		}
	}
	r = ev_string(c, b.data ? b.data : "", b.len, loc);
	gx_buf_free(&b);
	return r;
}

PRIM(p_identity)
{
	UNUSED_ARGS;
	return a[0];
}

PRIM(p_const)
{
	UNUSED_ARGS;
	return ev_const_proc(c, a[0], loc);
}

/* (crypt KEY SALT), Guile's: the hash crypt(3) makes of KEY with SALT
 * ("$6$abc": SHA-512), as the Guix manual's (password (crypt "pw" "$6$abc"))
 * uses it.  Pure: the same arguments give the same hash. */
PRIM(p_crypt)
{
	struct crypt_data *data;
	const char *h;

	(void)n;
	if (!ev_check_strings(c, "crypt", a, 2, loc))
		return NULL;
	for (size_t i = 0; i < 2; i++)
		if (strlen(a[i]->u.str.s) != a[i]->u.str.len)
			return ev_fail(c, a[i]->loc, "crypt: a NUL character in %s",
			               i == 0 ? "the key" : "the salt");
	data = gx_arena_alloc(c->arena, sizeof(*data));
	h = crypt_rn(a[0]->u.str.s, a[1]->u.str.s, data, (int)sizeof(*data));
	if (h == NULL || h[0] == '*')
		return ev_fail(c, a[1]->loc,
		               "crypt: invalid salt %s (e.g. \"$6$SALT\" for SHA-512)",
		               ev_repr(c, a[1]));
	return ev_cstring(c, h, loc);
}

PRIM(p_host_access)
{
	UNUSED_ARGS;
	return ev_fail(c, loc,
	               "this procedure reads the host (environment, files or clock): "
	               "gxsys configurations are pure and cannot use it");
}

static const struct ev_prim prims[] = {
	{ "list", 0, -1, p_list },
	{ "cons", 2, 2, p_cons },
	{ "cons*", 1, -1, p_cons_star },
	{ "car", 1, 1, p_car },
	{ "cdr", 1, 1, p_cdr },
	{ "first", 1, 1, p_car },
	{ "cadr", 1, 1, p_cadr },
	{ "second", 1, 1, p_cadr },
	{ "cddr", 1, 1, p_cddr },
	{ "caddr", 1, 1, p_caddr },
	{ "third", 1, 1, p_caddr },
	{ "caar", 1, 1, p_caar },
	{ "append", 0, -1, p_append },
	{ "append!", 0, -1, p_append }, /* Guile's linear update: the same result */
	{ "map", 2, -1, p_map },
	{ "for-each", 2, -1, p_for_each },
	{ "filter", 2, 2, p_filter },
	{ "filter!", 2, 2, p_filter }, /* Guile's linear update: the same result */
	{ "remove", 2, 2, p_remove },
	{ "remove!", 2, 2, p_remove }, /* Guile's linear update: the same result */
	{ "reverse", 1, 1, p_reverse },
	{ "reverse!", 1, 1, p_reverse }, /* Guile's linear update: the same result */
	{ "length", 1, 1, p_length },
	{ "list-ref", 2, 2, p_list_ref },
	{ "last", 1, 1, p_last },
	{ "apply", 2, -1, p_apply },
	{ "memq", 2, 2, p_memq },
	{ "memv", 2, 2, p_memq },
	{ "member", 2, 2, p_member },
	{ "assq", 2, 2, p_assq },
	{ "assv", 2, 2, p_assq },
	{ "assoc", 2, 2, p_assoc },
	{ "assq-ref", 2, 2, p_assq_ref },
	{ "assoc-ref", 2, 2, p_assoc_ref },
	{ "delete", 2, 2, p_delete },
	{ "delete!", 2, 2, p_delete }, /* Guile's linear update: the same result */
	{ "delete-duplicates", 1, 1, p_delete_duplicates },
	{ "null?", 1, 1, p_nullp },
	{ "pair?", 1, 1, p_pairp },
	{ "list?", 1, 1, p_listp },
	{ "string?", 1, 1, p_stringp },
	{ "symbol?", 1, 1, p_symbolp },
	{ "number?", 1, 1, p_numberp },
	{ "integer?", 1, 1, p_integerp },
	{ "boolean?", 1, 1, p_booleanp },
	{ "procedure?", 1, 1, p_procedurep },
	{ "zero?", 1, 1, p_zerop },
	{ "not", 1, 1, p_not },
	{ "eq?", 2, 2, p_eq },
	{ "eqv?", 2, 2, p_eq },
	{ "equal?", 2, 2, p_equal },
	{ "+", 0, -1, p_add },
	{ "-", 1, -1, p_sub },
	{ "*", 0, -1, p_mul },
	{ "=", 1, -1, p_num_eq },
	{ "<", 1, -1, p_lt },
	{ ">", 1, -1, p_gt },
	{ "<=", 1, -1, p_le },
	{ ">=", 1, -1, p_ge },
	{ "string-append", 0, -1, p_string_append },
	{ "crypt", 2, 2, p_crypt },
	{ "string", 0, -1, p_string },
	{ "number->string", 1, 1, p_number_to_string },
	{ "string->number", 1, 1, p_string_to_number },
	{ "string->symbol", 1, 1, p_string_to_symbol },
	{ "symbol->string", 1, 1, p_symbol_to_string },
	{ "string-length", 1, 1, p_string_length },
	{ "string=?", 1, -1, p_string_eq },
	{ "string-prefix?", 2, 2, p_string_prefix },
	{ "string-suffix?", 2, 2, p_string_suffix },
	{ "string-join", 1, 3, p_string_join },
	{ "format", 2, -1, p_format },
	{ "identity", 1, 1, p_identity },
	{ "const", 1, 1, p_const },
	{ "getenv", 0, -1, p_host_access },
	{ "current-time", 0, -1, p_host_access },
	{ "open-input-file", 0, -1, p_host_access },
	{ "call-with-input-file", 0, -1, p_host_access },
	{ "system", 0, -1, p_host_access },
	{ "system*", 0, -1, p_host_access },
	{ "invoke", 0, -1, p_host_access },
};

void ev_install_prims(struct ev_ctx *c)
{
	struct sx_loc none = { NULL, 0, 0 };

	for (size_t i = 0; i < sizeof(prims) / sizeof(prims[0]); i++) {
		struct ev *v = ev_new(c, EV_PRIM, none);

		v->u.prim = &prims[i];
		ev_define(c, c->global, prims[i].name, v);
	}
	ev_install_stdlib(c);
	ev_install_guix_prims(c);
}
