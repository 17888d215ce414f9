/* ev: the procedures of Guile and SRFI-1 that configurations use beyond the
 * core of ev_prims.c: lists (fold, append-map, filter-map, find, any,
 * every, iota, take, drop, sort...), strings (substring, string-split,
 * string-index, string-contains, string-trim, string-pad, case...),
 * characters, vectors and integer arithmetic.  Each behaves as Guile 3.0's
 * does with (srfi srfi-1) in scope (tests/eval/cases.scm checks them
 * against Guile itself); where gxsys cannot (a non-ASCII letter's case), it
 * is an error, never another result.  Pure: none touches the host. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ev_internal.h"

#define PRIM(name)                                                                                 \
	static struct ev *name(struct ev_ctx *c, struct ev **a, size_t n, struct sx_loc loc)

/* ---- helpers ---- */

static bool need_int(struct ev_ctx *c, const char *prim, const struct ev *v, struct sx_loc loc)
{
	if (v->type == EV_INT)
		return true;
	ev_type_error(c, prim, v, "an integer", loc);
	return false;
}

/* An index or count: an integer in [0, max]. */
static bool need_index(struct ev_ctx *c, const char *prim, const struct ev *v, size_t max,
                       struct sx_loc loc)
{
	if (!need_int(c, prim, v, loc))
		return false;
	if (v->u.i < 0 || (uint64_t)v->u.i > max) {
		ev_fail(c, loc, "%s: argument out of range: %" PRId64, prim, v->u.i);
		return false;
	}
	return true;
}

static bool need_proc(struct ev_ctx *c, const char *prim, const struct ev *v, struct sx_loc loc)
{
	if (v->type == EV_CLOSURE || v->type == EV_PRIM)
		return true;
	ev_type_error(c, prim, v, "a procedure", loc);
	return false;
}

static bool need_char(struct ev_ctx *c, const char *prim, const struct ev *v, struct sx_loc loc)
{
	if (v->type == EV_CHAR)
		return true;
	ev_type_error(c, prim, v, "a character", loc);
	return false;
}

static struct ev *call1(struct ev_ctx *c, struct ev *f, struct ev *x, struct sx_loc loc)
{
	return ev_apply(c, f, &x, 1, loc);
}

/* The lists A[from..n) as an array of cursors; false (error set) if one is
 * not a list. */
static struct ev **cursors(struct ev_ctx *c, const char *prim, struct ev **a, size_t from, size_t n,
                           struct sx_loc loc)
{
	struct ev **l = gx_arena_alloc(c->arena, (n - from + 1) * sizeof(*l));

	for (size_t i = from; i < n; i++) {
		if (!ev_check_list(c, prim, a[i], loc))
			return NULL;
		l[i - from] = a[i];
	}
	return l;
}

/* The next elements of the K lists into ARGS (advancing them); false at
 * the end of the shortest. */
static bool next_args(struct ev **l, size_t k, struct ev **args)
{
	for (size_t i = 0; i < k; i++)
		if (l[i]->type != EV_PAIR)
			return false;
	for (size_t i = 0; i < k; i++) {
		args[i] = l[i]->u.pair.car;
		l[i] = l[i]->u.pair.cdr;
	}
	return true;
}

/* ---- strings: UTF-8 bytes, indexed by character as Guile does ---- */

static size_t utf8_chars(const char *s, size_t len)
{
	size_t k = 0;

	for (size_t i = 0; i < len; i++)
		k += ((unsigned char)s[i] & 0xc0) != 0x80;
	return k;
}

/* The byte offset of character I of S (I may be the length). */
static size_t utf8_offset(const char *s, size_t len, size_t i)
{
	size_t b = 0;

	while (i > 0 && b < len) {
		b++;
		while (b < len && ((unsigned char)s[b] & 0xc0) == 0x80)
			b++;
		i--;
	}
	return b;
}

/* The code point at byte B of S, and its length in *W. */
static uint32_t utf8_at(const char *s, size_t len, size_t b, size_t *w)
{
	const unsigned char *p = (const unsigned char *)s + b;
	size_t n = p[0] < 0x80 ? 1 : p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : 4;
	uint32_t cp = n == 1 ? p[0] : n == 2 ? p[0] & 0x1f : n == 3 ? p[0] & 0x0f : p[0] & 0x07;

	if (b + n > len)
		n = len - b;
	for (size_t i = 1; i < n; i++)
		cp = (cp << 6) | (p[i] & 0x3f);
	*w = n;
	return cp;
}

static struct ev *buf_string(struct ev_ctx *c, struct gx_buf *b, struct sx_loc loc)
{
	struct ev *r = ev_string(c, b->data ? b->data : "", b->len, loc);

	gx_buf_free(b);
	return r;
}

static struct ev *sub(struct ev_ctx *c, const struct ev *s, size_t from, size_t to,
                      struct sx_loc loc)
{
	size_t b0 = utf8_offset(s->u.str.s, s->u.str.len, from);
	size_t b1 = utf8_offset(s->u.str.s, s->u.str.len, to);

	return ev_string(c, s->u.str.s + b0, b1 - b0, loc);
}

/* A character "matcher" as Guile's string procedures take it: a character,
 * or a predicate on characters (char-sets are not supported).  -1: error,
 * else whether CP matches. */
static int matches(struct ev_ctx *c, const char *prim, struct ev *m, uint32_t cp, struct sx_loc loc)
{
	struct ev *ch, *r;

	if (m->type == EV_CHAR)
		return m->u.ch == cp;
	if (m->type != EV_CLOSURE && m->type != EV_PRIM) {
		ev_type_error(c, prim, m, "a character or a predicate", loc);
		return -1;
	}
	ch = ev_new(c, EV_CHAR, loc);
	ch->u.ch = cp;
	if ((r = call1(c, m, ch, loc)) == NULL)
		return -1;
	return ev_truthy(r);
}

static bool is_space(uint32_t cp)
{
	/* Guile's char-set:whitespace, which string-trim uses by default */
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85 || cp == 0xa0 ||
	       cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029 ||
	       cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

/* ---- lists ---- */

/* (iota COUNT [START [STEP]]) */
PRIM(p_iota)
{
	struct ev_list_builder b;
	int64_t start = 0, step = 1;

	if (!need_index(c, "iota", a[0], 1000000, loc) ||
	    (n > 1 && !need_int(c, "iota", a[1], loc)) ||
	    (n > 2 && !need_int(c, "iota", a[2], loc)))
		return NULL;
	if (n > 1)
		start = a[1]->u.i;
	if (n > 2)
		step = a[2]->u.i;
	ev_lb_init(c, &b, loc);
	for (int64_t i = 0; i < a[0]->u.i; i++) {
		int64_t v;

		if (__builtin_mul_overflow(i, step, &v) || __builtin_add_overflow(v, start, &v))
			return ev_fail(c, loc, "iota: integer overflow");
		ev_lb_add(c, &b, ev_int(c, v, loc), loc);
	}
	return b.head;
}

/* (fold KONS KNIL LIST...): (KONS E1 E2... ACC) from the left. */
PRIM(p_fold)
{
	size_t k = n - 2;
	struct ev **l = cursors(c, "fold", a, 2, n, loc);
	struct ev **args = gx_arena_alloc(c->arena, (k + 1) * sizeof(*args));
	struct ev *acc = a[1];

	if (l == NULL || !need_proc(c, "fold", a[0], loc))
		return NULL;
	while (next_args(l, k, args)) {
		args[k] = acc;
		if ((acc = ev_apply(c, a[0], args, k + 1, loc)) == NULL)
			return NULL;
	}
	return acc;
}

/* The elements of list V (proper, checked) as an array, in *N. */
static struct ev **to_array(struct ev_ctx *c, struct ev *v, size_t *n)
{
	size_t len = ev_list_length(v), i = 0;
	struct ev **arr = gx_arena_alloc(c->arena, (len + 1) * sizeof(*arr));

	for (; v->type == EV_PAIR; v = v->u.pair.cdr)
		arr[i++] = v->u.pair.car;
	*n = len;
	return arr;
}

/* (fold-right KONS KNIL LIST...): from the right.  Guile's, with lists of
 * unequal lengths, pairs their last elements (it folds their reverses):
 * (fold-right list 'end '(a b) '(1 2 3)) is (a 2 (b 3 end)). */
PRIM(p_fold_right)
{
	size_t k = n - 2, len = SIZE_MAX;
	struct ev ***arrs = gx_arena_alloc(c->arena, k * sizeof(*arrs));
	size_t *lens = gx_arena_alloc(c->arena, k * sizeof(*lens));
	struct ev **args = gx_arena_alloc(c->arena, (k + 1) * sizeof(*args));
	struct ev *acc = a[1];

	if (!need_proc(c, "fold-right", a[0], loc))
		return NULL;
	for (size_t j = 0; j < k; j++) {
		if (!ev_check_list(c, "fold-right", a[j + 2], loc))
			return NULL;
		arrs[j] = to_array(c, a[j + 2], &lens[j]);
		len = lens[j] < len ? lens[j] : len;
	}
	for (size_t i = 0; i < len; i++) {
		for (size_t j = 0; j < k; j++)
			args[j] = arrs[j][lens[j] - 1 - i];
		args[k] = acc;
		if ((acc = ev_apply(c, a[0], args, k + 1, loc)) == NULL)
			return NULL;
	}
	return acc;
}

/* (reduce F RIDENTITY LIST): (F E ACC), ACC the first element. */
PRIM(p_reduce)
{
	struct ev *acc, *p, *args[2];

	(void)n;
	if (!need_proc(c, "reduce", a[0], loc) || !ev_check_list(c, "reduce", a[2], loc))
		return NULL;
	if (a[2]->type != EV_PAIR)
		return a[1];
	acc = a[2]->u.pair.car;
	for (p = a[2]->u.pair.cdr; p->type == EV_PAIR; p = p->u.pair.cdr) {
		args[0] = p->u.pair.car;
		args[1] = acc;
		if ((acc = ev_apply(c, a[0], args, 2, loc)) == NULL)
			return NULL;
	}
	return acc;
}

/* append-map, filter-map, count, any, every, find, find-tail, list-index:
 * F applied to the elements of the lists in step, until the shortest ends. */
enum walk { W_APPEND_MAP, W_FILTER_MAP, W_COUNT, W_ANY, W_EVERY, W_LIST_INDEX };

static struct ev *walk(struct ev_ctx *c, const char *prim, enum walk how, struct ev **a, size_t n,
                       struct sx_loc loc)
{
	size_t k = n - 1;
	struct ev **l = cursors(c, prim, a, 1, n, loc);
	struct ev **args = gx_arena_alloc(c->arena, (k + 1) * sizeof(*args));
	struct ev_list_builder b;
	struct ev *last = ev_bool(c, true, loc);
	int64_t i = 0;

	if (l == NULL || !need_proc(c, prim, a[0], loc))
		return NULL;
	ev_lb_init(c, &b, loc);
	for (; next_args(l, k, args); i++) {
		struct ev *r = ev_apply(c, a[0], args, k, loc);

		if (r == NULL)
			return NULL;
		switch (how) {
		case W_APPEND_MAP:
			if (!ev_check_list(c, prim, r, loc))
				return NULL;
			for (; r->type == EV_PAIR; r = r->u.pair.cdr)
				ev_lb_add(c, &b, r->u.pair.car, loc);
			break;
		case W_FILTER_MAP:
			if (ev_truthy(r))
				ev_lb_add(c, &b, r, loc);
			break;
		case W_COUNT:
			if (ev_truthy(r))
				ev_lb_add(c, &b, r, loc);
			break;
		case W_ANY:
			if (ev_truthy(r))
				return r;
			break;
		case W_EVERY:
			if (!ev_truthy(r))
				return r;
			last = r;
			break;
		case W_LIST_INDEX:
			if (ev_truthy(r))
				return ev_int(c, i, loc);
			break;
		}
	}
	switch (how) {
	case W_APPEND_MAP:
	case W_FILTER_MAP:
		return b.head;
	case W_COUNT:
		return ev_int(c, (int64_t)ev_list_length(b.head), loc);
	case W_EVERY:
		return last;
	case W_ANY:
	case W_LIST_INDEX:
		break;
	}
	return ev_bool(c, false, loc);
}

PRIM(p_append_map)
{
	return walk(c, "append-map", W_APPEND_MAP, a, n, loc);
}
PRIM(p_filter_map)
{
	return walk(c, "filter-map", W_FILTER_MAP, a, n, loc);
}
PRIM(p_count)
{
	return walk(c, "count", W_COUNT, a, n, loc);
}
PRIM(p_any)
{
	return walk(c, "any", W_ANY, a, n, loc);
}
PRIM(p_every)
{
	return walk(c, "every", W_EVERY, a, n, loc);
}
PRIM(p_list_index)
{
	return walk(c, "list-index", W_LIST_INDEX, a, n, loc);
}

/* (find PRED LIST): the first element, or #f; find-tail: its pair. */
static struct ev *find_common(struct ev_ctx *c, const char *prim, struct ev **a, bool tail,
                              struct sx_loc loc)
{
	if (!need_proc(c, prim, a[0], loc) || !ev_check_list(c, prim, a[1], loc))
		return NULL;
	for (struct ev *p = a[1]; p->type == EV_PAIR; p = p->u.pair.cdr) {
		struct ev *r = call1(c, a[0], p->u.pair.car, loc);

		if (r == NULL)
			return NULL;
		if (ev_truthy(r))
			return tail ? p : p->u.pair.car;
	}
	return ev_bool(c, false, loc);
}

PRIM(p_find)
{
	(void)n;
	return find_common(c, "find", a, false, loc);
}
PRIM(p_find_tail)
{
	(void)n;
	return find_common(c, "find-tail", a, true, loc);
}

/* take-while, drop-while. */
PRIM(p_take_while)
{
	struct ev_list_builder b;

	(void)n;
	if (!need_proc(c, "take-while", a[0], loc) || !ev_check_list(c, "take-while", a[1], loc))
		return NULL;
	ev_lb_init(c, &b, loc);
	for (struct ev *p = a[1]; p->type == EV_PAIR; p = p->u.pair.cdr) {
		struct ev *r = call1(c, a[0], p->u.pair.car, loc);

		if (r == NULL)
			return NULL;
		if (!ev_truthy(r))
			break;
		ev_lb_add(c, &b, p->u.pair.car, loc);
	}
	return b.head;
}

PRIM(p_drop_while)
{
	struct ev *p;

	(void)n;
	if (!need_proc(c, "drop-while", a[0], loc) || !ev_check_list(c, "drop-while", a[1], loc))
		return NULL;
	for (p = a[1]; p->type == EV_PAIR; p = p->u.pair.cdr) {
		struct ev *r = call1(c, a[0], p->u.pair.car, loc);

		if (r == NULL)
			return NULL;
		if (!ev_truthy(r))
			break;
	}
	return p;
}

/* The first K pairs of LIST (a list or improper list with K pairs). */
static struct ev *list_head(struct ev_ctx *c, const char *prim, struct ev *list, struct ev *kv,
                            struct sx_loc loc)
{
	struct ev_list_builder b;
	struct ev *p = list;

	if (!need_index(c, prim, kv, SIZE_MAX / 2, loc))
		return NULL;
	ev_lb_init(c, &b, loc);
	for (int64_t i = 0; i < kv->u.i; i++, p = p->u.pair.cdr) {
		if (p->type != EV_PAIR)
			return ev_fail(c, loc, "%s: list too short for %" PRId64 " elements", prim,
			               kv->u.i);
		ev_lb_add(c, &b, p->u.pair.car, loc);
	}
	return b.head;
}

static struct ev *list_tail(struct ev_ctx *c, const char *prim, struct ev *list, struct ev *kv,
                            struct sx_loc loc)
{
	struct ev *p = list;

	if (!need_index(c, prim, kv, SIZE_MAX / 2, loc))
		return NULL;
	for (int64_t i = 0; i < kv->u.i; i++, p = p->u.pair.cdr)
		if (p->type != EV_PAIR)
			return ev_fail(c, loc, "%s: list too short for %" PRId64 " elements", prim,
			               kv->u.i);
	return p;
}

/* (take LIST K), (list-head LIST K) */
PRIM(p_take)
{
	(void)n;
	return list_head(c, "take", a[0], a[1], loc);
}
PRIM(p_list_head)
{
	(void)n;
	return list_head(c, "list-head", a[0], a[1], loc);
}
/* (drop LIST K), (list-tail LIST K) */
PRIM(p_drop)
{
	(void)n;
	return list_tail(c, "drop", a[0], a[1], loc);
}
PRIM(p_list_tail)
{
	(void)n;
	return list_tail(c, "list-tail", a[0], a[1], loc);
}

/* The number of pairs of V (a proper or dotted list). */
static size_t pairs(const struct ev *v)
{
	size_t k = 0;

	for (; v->type == EV_PAIR; v = v->u.pair.cdr)
		k++;
	return k;
}

/* (take-right LIST K), (drop-right LIST K) */
PRIM(p_take_right)
{
	size_t len = pairs(a[0]);

	(void)n;
	if (!need_index(c, "take-right", a[1], len, loc))
		return NULL;
	return list_tail(c, "take-right", a[0], ev_int(c, (int64_t)len - a[1]->u.i, loc), loc);
}

PRIM(p_drop_right)
{
	size_t len = pairs(a[0]);

	(void)n;
	if (!need_index(c, "drop-right", a[1], len, loc))
		return NULL;
	return list_head(c, "drop-right", a[0], ev_int(c, (int64_t)len - a[1]->u.i, loc), loc);
}

PRIM(p_last_pair)
{
	struct ev *p = a[0];

	(void)n;
	if (p->type != EV_PAIR)
		return ev_type_error(c, "last-pair", p, "a pair", loc);
	while (p->u.pair.cdr->type == EV_PAIR)
		p = p->u.pair.cdr;
	return p;
}

PRIM(p_list_copy)
{
	struct ev_list_builder b;
	struct ev *p;

	(void)n;
	ev_lb_init(c, &b, loc);
	for (p = a[0]; p->type == EV_PAIR; p = p->u.pair.cdr)
		ev_lb_add(c, &b, p->u.pair.car, loc);
	*b.tail = p;
	return b.head;
}

/* (concatenate LISTS): append of a list of lists. */
PRIM(p_concatenate)
{
	struct ev **arr;
	size_t k;

	(void)n;
	if (!ev_check_list(c, "concatenate", a[0], loc))
		return NULL;
	arr = to_array(c, a[0], &k);
	if (k == 0)
		return ev_nil(c, loc);
	{
		struct ev_list_builder b;

		ev_lb_init(c, &b, loc);
		for (size_t i = 0; i + 1 < k; i++) {
			if (!ev_check_list(c, "concatenate", arr[i], loc))
				return NULL;
			for (struct ev *p = arr[i]; p->type == EV_PAIR; p = p->u.pair.cdr)
				ev_lb_add(c, &b, p->u.pair.car, loc);
		}
		*b.tail = arr[k - 1];
		return b.head;
	}
}

/* (append-reverse REV-HEAD TAIL) */
PRIM(p_append_reverse)
{
	struct ev *r = a[1];

	(void)n;
	if (!ev_check_list(c, "append-reverse", a[0], loc))
		return NULL;
	for (struct ev *p = a[0]; p->type == EV_PAIR; p = p->u.pair.cdr)
		r = ev_cons(c, p->u.pair.car, r, loc);
	return r;
}

/* (alist-cons KEY VALUE ALIST) */
PRIM(p_alist_cons)
{
	(void)n;
	return ev_cons(c, ev_cons(c, a[0], a[1], loc), a[2], loc);
}

/* (alist-delete KEY ALIST): the entries whose key is not equal? to KEY. */
PRIM(p_alist_delete)
{
	struct ev_list_builder b;

	(void)n;
	if (!ev_check_list(c, "alist-delete", a[1], loc))
		return NULL;
	ev_lb_init(c, &b, loc);
	for (struct ev *p = a[1]; p->type == EV_PAIR; p = p->u.pair.cdr) {
		struct ev *e = p->u.pair.car;

		if (e->type != EV_PAIR)
			return ev_type_error(c, "alist-delete", e, "a pair", loc);
		if (!ev_equal(a[0], e->u.pair.car))
			ev_lb_add(c, &b, e, loc);
	}
	return b.head;
}

/* (alist-copy ALIST): fresh pairs for the entries. */
PRIM(p_alist_copy)
{
	struct ev_list_builder b;

	(void)n;
	if (!ev_check_list(c, "alist-copy", a[0], loc))
		return NULL;
	ev_lb_init(c, &b, loc);
	for (struct ev *p = a[0]; p->type == EV_PAIR; p = p->u.pair.cdr) {
		struct ev *e = p->u.pair.car;

		ev_lb_add(c, &b,
		          e->type == EV_PAIR ? ev_cons(c, e->u.pair.car, e->u.pair.cdr, loc) : e,
		          loc);
	}
	return b.head;
}

static struct ev *make_vector(struct ev_ctx *c, struct ev **items, size_t n, struct sx_loc loc)
{
	struct ev *v = ev_new(c, EV_VECTOR, loc);

	v->u.vec.items = gx_arena_alloc(c->arena, (n + 1) * sizeof(*items));
	if (n > 0)
		memcpy(v->u.vec.items, items, n * sizeof(*items));
	v->u.vec.len = n;
	return v;
}

/* (sort SEQUENCE LESS?): a stable merge sort of a list, as Guile's sort. */
static bool merge_sort(struct ev_ctx *c, struct ev *less, struct ev **v, struct ev **tmp, size_t n,
                       struct sx_loc loc)
{
	size_t h = n / 2, i = 0, j = h, k = 0;

	if (n < 2)
		return true;
	if (!merge_sort(c, less, v, tmp, h, loc) || !merge_sort(c, less, v + h, tmp, n - h, loc))
		return false;
	while (i < h && j < n) {
		struct ev *args[2] = { v[j], v[i] };
		struct ev *r = ev_apply(c, less, args, 2, loc);

		if (r == NULL)
			return false;
		/* the right one first only if strictly less: stable */
		tmp[k++] = ev_truthy(r) ? v[j++] : v[i++];
	}
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
	return true;
}

PRIM(p_sort)
{
	struct ev_list_builder b;
	struct ev **v, **tmp;
	size_t k;

	(void)n;
	if (!need_proc(c, "sort", a[1], loc))
		return NULL;
	if (a[0]->type == EV_VECTOR) {
		struct ev *r = make_vector(c, a[0]->u.vec.items, a[0]->u.vec.len, loc);

		tmp = gx_arena_alloc(c->arena, (r->u.vec.len + 1) * sizeof(*tmp));
		return merge_sort(c, a[1], r->u.vec.items, tmp, r->u.vec.len, loc) ? r : NULL;
	}
	if (!ev_check_list(c, "sort", a[0], loc))
		return NULL;
	v = to_array(c, a[0], &k);
	tmp = gx_arena_alloc(c->arena, (k + 1) * sizeof(*tmp));
	if (!merge_sort(c, a[1], v, tmp, k, loc))
		return NULL;
	ev_lb_init(c, &b, loc);
	for (size_t i = 0; i < k; i++)
		ev_lb_add(c, &b, v[i], loc);
	return b.head;
}

/* (compose F ...): F of ... of the last applied to the arguments (each
 * given every value of the next), (compose F) F itself; (negate P). As
 * Guile's, neither checks its arguments: applying a non-procedure fails
 * when the result is called. */
PRIM(p_compose)
{
	if (n == 1)
		return a[0];
	return ev_compose_proc(c, a, n, false, loc);
}

PRIM(p_negate)
{
	(void)n;
	return ev_compose_proc(c, a, 1, true, loc);
}

/* ---- integers ---- */

static struct ev *minmax(struct ev_ctx *c, const char *prim, struct ev **a, size_t n, bool max,
                         struct sx_loc loc)
{
	int64_t r;

	for (size_t i = 0; i < n; i++)
		if (!need_int(c, prim, a[i], loc))
			return NULL;
	r = a[0]->u.i;
	for (size_t i = 1; i < n; i++)
		if (max ? a[i]->u.i > r : a[i]->u.i < r)
			r = a[i]->u.i;
	return ev_int(c, r, loc);
}

PRIM(p_max)
{
	return minmax(c, "max", a, n, true, loc);
}
PRIM(p_min)
{
	return minmax(c, "min", a, n, false, loc);
}

PRIM(p_abs)
{
	(void)n;
	if (!need_int(c, "abs", a[0], loc))
		return NULL;
	if (a[0]->u.i == INT64_MIN)
		return ev_fail(c, loc, "abs: integer overflow");
	return ev_int(c, a[0]->u.i < 0 ? -a[0]->u.i : a[0]->u.i, loc);
}

/* quotient, remainder (sign of the dividend), modulo (sign of the divisor). */
static struct ev *division(struct ev_ctx *c, const char *prim, struct ev **a, char op,
                           struct sx_loc loc)
{
	int64_t x, y, r;

	if (!need_int(c, prim, a[0], loc) || !need_int(c, prim, a[1], loc))
		return NULL;
	x = a[0]->u.i;
	y = a[1]->u.i;
	if (y == 0)
		return ev_fail(c, loc, "%s: division by zero", prim);
	if (x == INT64_MIN && y == -1)
		return op == 'q' ? ev_fail(c, loc, "%s: integer overflow", prim)
		                 : ev_int(c, 0, loc);
	if (op == 'q')
		return ev_int(c, x / y, loc);
	r = x % y;
	if (op == 'm' && r != 0 && ((r < 0) != (y < 0)))
		r += y;
	return ev_int(c, r, loc);
}

PRIM(p_quotient)
{
	(void)n;
	return division(c, "quotient", a, 'q', loc);
}
PRIM(p_remainder)
{
	(void)n;
	return division(c, "remainder", a, 'r', loc);
}
PRIM(p_modulo)
{
	(void)n;
	return division(c, "modulo", a, 'm', loc);
}

/* (expt BASE EXPONENT), a non-negative integer exponent. */
PRIM(p_expt)
{
	int64_t r = 1, b, e;

	(void)n;
	if (!need_int(c, "expt", a[0], loc) || !need_int(c, "expt", a[1], loc))
		return NULL;
	b = a[0]->u.i;
	e = a[1]->u.i;
	if (e < 0)
		return ev_fail(c, loc,
		               "expt: a negative exponent (a fraction) is not supported "
		               "by gxsys");
	for (; e > 0; e--)
		if (__builtin_mul_overflow(r, b, &r))
			return ev_fail(c, loc, "expt: integer overflow");
	return ev_int(c, r, loc);
}

static struct ev *add1(struct ev_ctx *c, const char *prim, struct ev *x, int d, struct sx_loc loc)
{
	int64_t r;

	if (!need_int(c, prim, x, loc))
		return NULL;
	if (__builtin_add_overflow(x->u.i, d, &r))
		return ev_fail(c, loc, "%s: integer overflow", prim);
	return ev_int(c, r, loc);
}

PRIM(p_1plus)
{
	(void)n;
	return add1(c, "1+", a[0], 1, loc);
}
PRIM(p_1minus)
{
	(void)n;
	return add1(c, "1-", a[0], -1, loc);
}

#define INT_PRED(fname, prim, cond)                                                                \
	PRIM(fname)                                                                                \
	{                                                                                          \
		int64_t x;                                                                         \
		(void)n;                                                                           \
		if (!need_int(c, prim, a[0], loc))                                                 \
			return NULL;                                                               \
		x = a[0]->u.i;                                                                     \
		return ev_bool(c, (cond), loc);                                                    \
	}

INT_PRED(p_evenp, "even?", x % 2 == 0)
INT_PRED(p_oddp, "odd?", x % 2 != 0)
INT_PRED(p_positivep, "positive?", x > 0)
INT_PRED(p_negativep, "negative?", x < 0)

/* ---- strings ---- */

/* (substring S START [END]) */
PRIM(p_substring)
{
	size_t len;

	if (!ev_check_strings(c, "substring", a, 1, loc))
		return NULL;
	len = utf8_chars(a[0]->u.str.s, a[0]->u.str.len);
	if (!need_index(c, "substring", a[1], len, loc) ||
	    (n > 2 && !need_index(c, "substring", a[2], len, loc)))
		return NULL;
	if (n > 2 && a[2]->u.i < a[1]->u.i)
		return ev_fail(c, loc, "substring: argument out of range: %" PRId64, a[2]->u.i);
	return sub(c, a[0], (size_t)a[1]->u.i, n > 2 ? (size_t)a[2]->u.i : len, loc);
}

/* string-take, string-drop, string-take-right, string-drop-right */
static struct ev *string_cut(struct ev_ctx *c, const char *prim, struct ev **a, bool right,
                             bool take, struct sx_loc loc)
{
	size_t len, k;

	if (!ev_check_strings(c, prim, a, 1, loc))
		return NULL;
	len = utf8_chars(a[0]->u.str.s, a[0]->u.str.len);
	if (!need_index(c, prim, a[1], len, loc))
		return NULL;
	k = (size_t)a[1]->u.i;
	if (!right)
		return take ? sub(c, a[0], 0, k, loc) : sub(c, a[0], k, len, loc);
	return take ? sub(c, a[0], len - k, len, loc) : sub(c, a[0], 0, len - k, loc);
}

PRIM(p_string_take)
{
	(void)n;
	return string_cut(c, "string-take", a, false, true, loc);
}
PRIM(p_string_drop)
{
	(void)n;
	return string_cut(c, "string-drop", a, false, false, loc);
}
PRIM(p_string_take_right)
{
	(void)n;
	return string_cut(c, "string-take-right", a, true, true, loc);
}
PRIM(p_string_drop_right)
{
	(void)n;
	return string_cut(c, "string-drop-right", a, true, false, loc);
}

PRIM(p_string_nullp)
{
	(void)n;
	if (!ev_check_strings(c, "string-null?", a, 1, loc))
		return NULL;
	return ev_bool(c, a[0]->u.str.len == 0, loc);
}

/* string<? string>? string<=? string>=?: by code point (UTF-8 byte order is
 * code point order). */
static struct ev *string_order(struct ev_ctx *c, const char *prim, struct ev **a, size_t n,
                               int want, struct sx_loc loc)
{
	if (!ev_check_strings(c, prim, a, n, loc))
		return NULL;
	for (size_t i = 0; i + 1 < n; i++) {
		size_t l0 = a[i]->u.str.len, l1 = a[i + 1]->u.str.len;
		int cmp = memcmp(a[i]->u.str.s, a[i + 1]->u.str.s, l0 < l1 ? l0 : l1);
		bool ok;

		if (cmp == 0)
			cmp = (l0 > l1) - (l0 < l1);
		ok = want == 1 ? cmp < 0 : want == 2 ? cmp > 0 : want == 3 ? cmp <= 0 : cmp >= 0;
		if (!ok)
			return ev_bool(c, false, loc);
	}
	return ev_bool(c, true, loc);
}

PRIM(p_string_lt)
{
	return string_order(c, "string<?", a, n, 1, loc);
}
PRIM(p_string_gt)
{
	return string_order(c, "string>?", a, n, 2, loc);
}
PRIM(p_string_le)
{
	return string_order(c, "string<=?", a, n, 3, loc);
}
PRIM(p_string_ge)
{
	return string_order(c, "string>=?", a, n, 4, loc);
}

/* ASCII case mapping; a non-ASCII letter is an error (gxsys has no Unicode
 * case tables), never a different result from Guile's. */
static bool ascii_case(struct ev_ctx *c, const char *prim, uint32_t *cp, bool up, struct sx_loc loc)
{
	if (*cp >= 0x80) {
		/* characters without case in Guile's tables: symbols, CJK... are
		 * not known here either; refuse anything beyond ASCII */
		ev_fail(c, loc, "%s: only ASCII characters are supported by gxsys, got U+%04X",
		        prim, (unsigned)*cp);
		return false;
	}
	if (up && *cp >= 'a' && *cp <= 'z')
		*cp -= 32;
	else if (!up && *cp >= 'A' && *cp <= 'Z')
		*cp += 32;
	return true;
}

static struct ev *string_case(struct ev_ctx *c, const char *prim, struct ev *s, bool up,
                              struct sx_loc loc)
{
	struct gx_buf b = GX_BUF_INIT;

	if (!ev_check_strings(c, prim, &s, 1, loc))
		return NULL;
	for (size_t i = 0, w; i < s->u.str.len; i += w) {
		uint32_t cp = utf8_at(s->u.str.s, s->u.str.len, i, &w);

		if (!ascii_case(c, prim, &cp, up, loc)) {
			gx_buf_free(&b);
			return NULL;
		}
		gx_buf_putc(&b, (char)cp);
	}
	return buf_string(c, &b, loc);
}

PRIM(p_string_upcase)
{
	(void)n;
	return string_case(c, "string-upcase", a[0], true, loc);
}
PRIM(p_string_downcase)
{
	(void)n;
	return string_case(c, "string-downcase", a[0], false, loc);
}

/* (string-index S MATCHER): the first matching character's index, or #f;
 * string-rindex the last. */
static struct ev *string_index(struct ev_ctx *c, const char *prim, struct ev **a, bool last,
                               struct sx_loc loc)
{
	const char *s;
	size_t len, i = 0, w;
	int64_t found = -1;

	if (!ev_check_strings(c, prim, a, 1, loc))
		return NULL;
	s = a[0]->u.str.s;
	len = a[0]->u.str.len;
	for (size_t bo = 0; bo < len; bo += w, i++) {
		int m = matches(c, prim, a[1], utf8_at(s, len, bo, &w), loc);

		if (m < 0)
			return NULL;
		if (m) {
			found = (int64_t)i;
			if (!last)
				break;
		}
	}
	return found < 0 ? ev_bool(c, false, loc) : ev_int(c, found, loc);
}

PRIM(p_string_index)
{
	(void)n;
	return string_index(c, "string-index", a, false, loc);
}
PRIM(p_string_rindex)
{
	(void)n;
	return string_index(c, "string-rindex", a, true, loc);
}

/* (string-contains S1 S2): the index in S1 where S2 starts, or #f. */
PRIM(p_string_contains)
{
	const char *hit;

	(void)n;
	if (!ev_check_strings(c, "string-contains", a, 2, loc))
		return NULL;
	hit = memmem(a[0]->u.str.s, a[0]->u.str.len, a[1]->u.str.s, a[1]->u.str.len);
	if (hit == NULL)
		return ev_bool(c, false, loc);
	return ev_int(c, (int64_t)utf8_chars(a[0]->u.str.s, (size_t)(hit - a[0]->u.str.s)), loc);
}

/* (string-split S MATCHER): the pieces between matching characters. */
PRIM(p_string_split)
{
	struct ev_list_builder b;
	const char *s;
	size_t len, start = 0, w;

	(void)n;
	if (!ev_check_strings(c, "string-split", a, 1, loc))
		return NULL;
	s = a[0]->u.str.s;
	len = a[0]->u.str.len;
	ev_lb_init(c, &b, loc);
	for (size_t bo = 0; bo < len; bo += w) {
		int m = matches(c, "string-split", a[1], utf8_at(s, len, bo, &w), loc);

		if (m < 0)
			return NULL;
		if (m) {
			ev_lb_add(c, &b, ev_string(c, s + start, bo - start, loc), loc);
			start = bo + w;
		}
	}
	ev_lb_add(c, &b, ev_string(c, s + start, len - start, loc), loc);
	return b.head;
}

/* string-trim, string-trim-right, string-trim-both: MATCHER (default:
 * whitespace) removed from the left, right or both ends. */
static struct ev *string_trim(struct ev_ctx *c, const char *prim, struct ev **a, size_t n,
                              bool left, bool right, struct sx_loc loc)
{
	const char *s;
	size_t len, from = 0, to, w;

	if (!ev_check_strings(c, prim, a, 1, loc))
		return NULL;
	s = a[0]->u.str.s;
	len = a[0]->u.str.len;
	to = len;
	if (left)
		for (; from < len; from += w) {
			uint32_t cp = utf8_at(s, len, from, &w);
			int m = n > 1 ? matches(c, prim, a[1], cp, loc) : is_space(cp);

			if (m < 0)
				return NULL;
			if (!m)
				break;
		}
	if (right)
		while (to > from) {
			size_t p = to - 1;
			int m;

			while (p > from && ((unsigned char)s[p] & 0xc0) == 0x80)
				p--;
			{
				uint32_t cp = utf8_at(s, len, p, &w);

				m = n > 1 ? matches(c, prim, a[1], cp, loc) : is_space(cp);
			}
			if (m < 0)
				return NULL;
			if (!m)
				break;
			to = p;
		}
	return ev_string(c, s + from, to - from, loc);
}

PRIM(p_string_trim)
{
	return string_trim(c, "string-trim", a, n, true, false, loc);
}
PRIM(p_string_trim_right)
{
	return string_trim(c, "string-trim-right", a, n, false, true, loc);
}
PRIM(p_string_trim_both)
{
	return string_trim(c, "string-trim-both", a, n, true, true, loc);
}

/* (string-pad S LEN [CHAR]): right-aligned in LEN characters (cut on the
 * left); string-pad-right: left-aligned (cut on the right). */
static struct ev *string_pad(struct ev_ctx *c, const char *prim, struct ev **a, size_t n,
                             bool right, struct sx_loc loc)
{
	struct gx_buf b = GX_BUF_INIT;
	uint32_t fill = ' ';
	size_t len, want;

	if (!ev_check_strings(c, prim, a, 1, loc) || !need_index(c, prim, a[1], 1u << 20, loc) ||
	    (n > 2 && !need_char(c, prim, a[2], loc)))
		return NULL;
	if (n > 2)
		fill = a[2]->u.ch;
	len = utf8_chars(a[0]->u.str.s, a[0]->u.str.len);
	want = (size_t)a[1]->u.i;
	if (len >= want)
		return right ? sub(c, a[0], 0, want, loc) : sub(c, a[0], len - want, len, loc);
	if (right)
		gx_buf_add(&b, a[0]->u.str.s, a[0]->u.str.len);
	for (size_t i = len; i < want; i++)
		ev_put_utf8(&b, fill);
	if (!right)
		gx_buf_add(&b, a[0]->u.str.s, a[0]->u.str.len);
	return buf_string(c, &b, loc);
}

PRIM(p_string_pad)
{
	return string_pad(c, "string-pad", a, n, false, loc);
}
PRIM(p_string_pad_right)
{
	return string_pad(c, "string-pad-right", a, n, true, loc);
}

PRIM(p_string_ref)
{
	size_t len, b, w;
	struct ev *ch;

	(void)n;
	if (!ev_check_strings(c, "string-ref", a, 1, loc))
		return NULL;
	len = utf8_chars(a[0]->u.str.s, a[0]->u.str.len);
	if (len == 0 || !need_index(c, "string-ref", a[1], len - 1, loc))
		return len == 0 ? ev_fail(c, loc, "string-ref: argument out of range: %" PRId64,
		                          a[1]->type == EV_INT ? a[1]->u.i : 0)
		                : NULL;
	b = utf8_offset(a[0]->u.str.s, a[0]->u.str.len, (size_t)a[1]->u.i);
	ch = ev_new(c, EV_CHAR, loc);
	ch->u.ch = utf8_at(a[0]->u.str.s, a[0]->u.str.len, b, &w);
	return ch;
}

PRIM(p_string_to_list)
{
	struct ev_list_builder b;
	size_t w;

	(void)n;
	if (!ev_check_strings(c, "string->list", a, 1, loc))
		return NULL;
	ev_lb_init(c, &b, loc);
	for (size_t bo = 0; bo < a[0]->u.str.len; bo += w) {
		struct ev *ch = ev_new(c, EV_CHAR, loc);

		ch->u.ch = utf8_at(a[0]->u.str.s, a[0]->u.str.len, bo, &w);
		ev_lb_add(c, &b, ch, loc);
	}
	return b.head;
}

PRIM(p_list_to_string)
{
	struct gx_buf b = GX_BUF_INIT;

	(void)n;
	if (!ev_check_list(c, "list->string", a[0], loc))
		return NULL;
	for (struct ev *p = a[0]; p->type == EV_PAIR; p = p->u.pair.cdr) {
		if (!need_char(c, "list->string", p->u.pair.car, loc)) {
			gx_buf_free(&b);
			return NULL;
		}
		ev_put_utf8(&b, p->u.pair.car->u.ch);
	}
	return buf_string(c, &b, loc);
}

/* (string-map PROC S): PROC returns a character for each. */
PRIM(p_string_map)
{
	struct gx_buf b = GX_BUF_INIT;
	size_t w;

	(void)n;
	if (!need_proc(c, "string-map", a[0], loc) ||
	    !ev_check_strings(c, "string-map", a + 1, 1, loc))
		return NULL;
	for (size_t bo = 0; bo < a[1]->u.str.len; bo += w) {
		struct ev *ch = ev_new(c, EV_CHAR, loc), *r;

		ch->u.ch = utf8_at(a[1]->u.str.s, a[1]->u.str.len, bo, &w);
		if ((r = call1(c, a[0], ch, loc)) == NULL || !need_char(c, "string-map", r, loc)) {
			gx_buf_free(&b);
			return NULL;
		}
		ev_put_utf8(&b, r->u.ch);
	}
	return buf_string(c, &b, loc);
}

/* (symbol-append SYMBOL...) */
PRIM(p_symbol_append)
{
	struct gx_buf b = GX_BUF_INIT;
	struct ev *r;

	for (size_t i = 0; i < n; i++) {
		if (a[i]->type != EV_SYMBOL) {
			gx_buf_free(&b);
			return ev_type_error(c, "symbol-append", a[i], "a symbol", loc);
		}
		gx_buf_add(&b, a[i]->u.str.s, a[i]->u.str.len);
	}
	gx_buf_putc(&b, '\0');
	r = ev_symbol(c, gx_arena_strdup(c->arena, b.data), loc);
	gx_buf_free(&b);
	return r;
}

/* (make-list N [FILL]) */
PRIM(p_make_list)
{
	struct ev_list_builder b;
	struct ev *fill = n > 1 ? a[1] : ev_unspec(c, loc);

	if (!need_index(c, "make-list", a[0], 1000000, loc))
		return NULL;
	ev_lb_init(c, &b, loc);
	for (int64_t i = 0; i < a[0]->u.i; i++)
		ev_lb_add(c, &b, fill, loc);
	return b.head;
}

/* (list-tabulate N PROC): (PROC 0) ... (PROC N-1). */
PRIM(p_list_tabulate)
{
	struct ev_list_builder b;

	(void)n;
	if (!need_index(c, "list-tabulate", a[0], 1000000, loc) ||
	    !need_proc(c, "list-tabulate", a[1], loc))
		return NULL;
	ev_lb_init(c, &b, loc);
	for (int64_t i = 0; i < a[0]->u.i; i++) {
		struct ev *r = call1(c, a[1], ev_int(c, i, loc), loc);

		if (r == NULL)
			return NULL;
		ev_lb_add(c, &b, r, loc);
	}
	return b.head;
}

/* (string-concatenate LIST-OF-STRINGS) */
PRIM(p_string_concatenate)
{
	struct gx_buf b = GX_BUF_INIT;

	(void)n;
	if (!ev_check_list(c, "string-concatenate", a[0], loc))
		return NULL;
	for (struct ev *p = a[0]; p->type == EV_PAIR; p = p->u.pair.cdr) {
		if (!ev_check_strings(c, "string-concatenate", &p->u.pair.car, 1, loc)) {
			gx_buf_free(&b);
			return NULL;
		}
		gx_buf_add(&b, p->u.pair.car->u.str.s, p->u.pair.car->u.str.len);
	}
	return buf_string(c, &b, loc);
}

/* (string-reverse S): by character. */
PRIM(p_string_reverse)
{
	struct gx_buf b = GX_BUF_INIT;
	const char *s;
	size_t len, w;

	(void)n;
	if (!ev_check_strings(c, "string-reverse", a, 1, loc))
		return NULL;
	s = a[0]->u.str.s;
	len = a[0]->u.str.len;
	for (size_t end = len; end > 0;) {
		size_t p = end - 1;

		while (p > 0 && ((unsigned char)s[p] & 0xc0) == 0x80)
			p--;
		ev_put_utf8(&b, utf8_at(s, len, p, &w));
		end = p;
	}
	return buf_string(c, &b, loc);
}

/* ---- characters ---- */

PRIM(p_char_to_integer)
{
	(void)n;
	if (!need_char(c, "char->integer", a[0], loc))
		return NULL;
	return ev_int(c, a[0]->u.ch, loc);
}

PRIM(p_integer_to_char)
{
	struct ev *ch;

	(void)n;
	if (!need_index(c, "integer->char", a[0], 0x10ffff, loc))
		return NULL;
	if (a[0]->u.i >= 0xd800 && a[0]->u.i <= 0xdfff)
		return ev_fail(c, loc, "integer->char: argument out of range: %" PRId64, a[0]->u.i);
	ch = ev_new(c, EV_CHAR, loc);
	ch->u.ch = (uint32_t)a[0]->u.i;
	return ch;
}

static struct ev *char_case(struct ev_ctx *c, const char *prim, struct ev *v, bool up,
                            struct sx_loc loc)
{
	struct ev *ch;
	uint32_t cp;

	if (!need_char(c, prim, v, loc))
		return NULL;
	cp = v->u.ch;
	if (!ascii_case(c, prim, &cp, up, loc))
		return NULL;
	ch = ev_new(c, EV_CHAR, loc);
	ch->u.ch = cp;
	return ch;
}

PRIM(p_char_upcase)
{
	(void)n;
	return char_case(c, "char-upcase", a[0], true, loc);
}
PRIM(p_char_downcase)
{
	(void)n;
	return char_case(c, "char-downcase", a[0], false, loc);
}

static struct ev *char_compare(struct ev_ctx *c, const char *prim, struct ev **a, size_t n,
                               int want, struct sx_loc loc)
{
	for (size_t i = 0; i < n; i++)
		if (!need_char(c, prim, a[i], loc))
			return NULL;
	for (size_t i = 0; i + 1 < n; i++) {
		uint32_t x = a[i]->u.ch, y = a[i + 1]->u.ch;
		bool ok = want == 0 ? x == y : want == 1 ? x < y : x > y;

		if (!ok)
			return ev_bool(c, false, loc);
	}
	return ev_bool(c, true, loc);
}

PRIM(p_char_eq)
{
	return char_compare(c, "char=?", a, n, 0, loc);
}
PRIM(p_char_lt)
{
	return char_compare(c, "char<?", a, n, 1, loc);
}
PRIM(p_char_gt)
{
	return char_compare(c, "char>?", a, n, 2, loc);
}

/* Character classes, ASCII only; beyond it an error (Guile's are Unicode's). */
static struct ev *char_class(struct ev_ctx *c, const char *prim, struct ev *v, char cls,
                             struct sx_loc loc)
{
	uint32_t cp;
	bool r;

	if (!need_char(c, prim, v, loc))
		return NULL;
	cp = v->u.ch;
	if (cls == 's')
		return ev_bool(c, is_space(cp), loc);
	if (cp >= 0x80)
		return ev_fail(c, loc,
		               "%s: only ASCII characters are supported by gxsys, got U+%04X", prim,
		               (unsigned)cp);
	if (cls == 'a')
		r = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	else
		r = cp >= '0' && cp <= '9';
	return ev_bool(c, r, loc);
}

PRIM(p_char_alphabetic)
{
	(void)n;
	return char_class(c, "char-alphabetic?", a[0], 'a', loc);
}
PRIM(p_char_numeric)
{
	(void)n;
	return char_class(c, "char-numeric?", a[0], 'n', loc);
}
PRIM(p_char_whitespace)
{
	(void)n;
	return char_class(c, "char-whitespace?", a[0], 's', loc);
}

PRIM(p_charp)
{
	(void)n;
	return ev_bool(c, a[0]->type == EV_CHAR, loc);
}

/* ---- vectors ---- */

PRIM(p_vector)
{
	return make_vector(c, a, n, loc);
}

PRIM(p_list_to_vector)
{
	struct ev **arr;
	size_t k;

	(void)n;
	if (!ev_check_list(c, "list->vector", a[0], loc))
		return NULL;
	arr = to_array(c, a[0], &k);
	return make_vector(c, arr, k, loc);
}

static bool need_vector(struct ev_ctx *c, const char *prim, const struct ev *v, struct sx_loc loc)
{
	if (v->type == EV_VECTOR)
		return true;
	ev_type_error(c, prim, v, "a vector", loc);
	return false;
}

PRIM(p_vector_to_list)
{
	struct ev_list_builder b;

	(void)n;
	if (!need_vector(c, "vector->list", a[0], loc))
		return NULL;
	ev_lb_init(c, &b, loc);
	for (size_t i = 0; i < a[0]->u.vec.len; i++)
		ev_lb_add(c, &b, a[0]->u.vec.items[i], loc);
	return b.head;
}

PRIM(p_vector_length)
{
	(void)n;
	if (!need_vector(c, "vector-length", a[0], loc))
		return NULL;
	return ev_int(c, (int64_t)a[0]->u.vec.len, loc);
}

PRIM(p_vector_ref)
{
	(void)n;
	if (!need_vector(c, "vector-ref", a[0], loc))
		return NULL;
	if (a[0]->u.vec.len == 0)
		return ev_fail(c, loc, "vector-ref: argument out of range");
	if (!need_index(c, "vector-ref", a[1], a[0]->u.vec.len - 1, loc))
		return NULL;
	return a[0]->u.vec.items[a[1]->u.i];
}

PRIM(p_vectorp)
{
	(void)n;
	return ev_bool(c, a[0]->type == EV_VECTOR, loc);
}

static const struct ev_prim stdlib[] = {
	/* SRFI-1 and Guile's list procedures */
	{ "iota", 1, 3, p_iota },
	{ "fold", 3, -1, p_fold },
	{ "fold-right", 3, -1, p_fold_right },
	{ "reduce", 3, 3, p_reduce },
	{ "append-map", 2, -1, p_append_map },
	{ "filter-map", 2, -1, p_filter_map },
	{ "count", 2, -1, p_count },
	{ "any", 2, -1, p_any },
	{ "every", 2, -1, p_every },
	{ "list-index", 2, -1, p_list_index },
	{ "find", 2, 2, p_find },
	{ "find-tail", 2, 2, p_find_tail },
	{ "take-while", 2, 2, p_take_while },
	{ "drop-while", 2, 2, p_drop_while },
	{ "take", 2, 2, p_take },
	{ "list-head", 2, 2, p_list_head },
	{ "drop", 2, 2, p_drop },
	{ "list-tail", 2, 2, p_list_tail },
	{ "take-right", 2, 2, p_take_right },
	{ "drop-right", 2, 2, p_drop_right },
	{ "last-pair", 1, 1, p_last_pair },
	{ "list-copy", 1, 1, p_list_copy },
	{ "concatenate", 1, 1, p_concatenate },
	{ "append-reverse", 2, 2, p_append_reverse },
	{ "alist-cons", 3, 3, p_alist_cons },
	{ "alist-delete", 2, 2, p_alist_delete },
	{ "alist-copy", 1, 1, p_alist_copy },
	{ "sort", 2, 2, p_sort },
	{ "compose", 1, -1, p_compose },
	{ "negate", 1, 1, p_negate },
	{ "make-list", 1, 2, p_make_list },
	{ "list-tabulate", 2, 2, p_list_tabulate },
	{ "append-map!", 2, -1, p_append_map }, /* linear update: the same result */
	/* integers */
	{ "max", 1, -1, p_max },
	{ "min", 1, -1, p_min },
	{ "abs", 1, 1, p_abs },
	{ "quotient", 2, 2, p_quotient },
	{ "remainder", 2, 2, p_remainder },
	{ "modulo", 2, 2, p_modulo },
	{ "expt", 2, 2, p_expt },
	{ "1+", 1, 1, p_1plus },
	{ "1-", 1, 1, p_1minus },
	{ "even?", 1, 1, p_evenp },
	{ "odd?", 1, 1, p_oddp },
	{ "positive?", 1, 1, p_positivep },
	{ "negative?", 1, 1, p_negativep },
	/* strings */
	{ "substring", 2, 3, p_substring },
	{ "string-take", 2, 2, p_string_take },
	{ "string-drop", 2, 2, p_string_drop },
	{ "string-take-right", 2, 2, p_string_take_right },
	{ "string-drop-right", 2, 2, p_string_drop_right },
	{ "string-null?", 1, 1, p_string_nullp },
	{ "string<?", 1, -1, p_string_lt },
	{ "string>?", 1, -1, p_string_gt },
	{ "string<=?", 1, -1, p_string_le },
	{ "string>=?", 1, -1, p_string_ge },
	{ "string-upcase", 1, 1, p_string_upcase },
	{ "string-downcase", 1, 1, p_string_downcase },
	{ "string-index", 2, 2, p_string_index },
	{ "string-rindex", 2, 2, p_string_rindex },
	{ "string-contains", 2, 2, p_string_contains },
	{ "string-split", 2, 2, p_string_split },
	{ "string-trim", 1, 2, p_string_trim },
	{ "string-trim-right", 1, 2, p_string_trim_right },
	{ "string-trim-both", 1, 2, p_string_trim_both },
	{ "string-pad", 2, 3, p_string_pad },
	{ "string-pad-right", 2, 3, p_string_pad_right },
	{ "string-ref", 2, 2, p_string_ref },
	{ "string->list", 1, 1, p_string_to_list },
	{ "list->string", 1, 1, p_list_to_string },
	{ "string-map", 2, 2, p_string_map },
	{ "symbol-append", 0, -1, p_symbol_append },
	{ "string-concatenate", 1, 1, p_string_concatenate },
	{ "string-reverse", 1, 1, p_string_reverse },
	/* characters */
	{ "char?", 1, 1, p_charp },
	{ "char->integer", 1, 1, p_char_to_integer },
	{ "integer->char", 1, 1, p_integer_to_char },
	{ "char-upcase", 1, 1, p_char_upcase },
	{ "char-downcase", 1, 1, p_char_downcase },
	{ "char=?", 1, -1, p_char_eq },
	{ "char<?", 1, -1, p_char_lt },
	{ "char>?", 1, -1, p_char_gt },
	{ "char-alphabetic?", 1, 1, p_char_alphabetic },
	{ "char-numeric?", 1, 1, p_char_numeric },
	{ "char-whitespace?", 1, 1, p_char_whitespace },
	/* vectors */
	{ "vector", 0, -1, p_vector },
	{ "vector?", 1, 1, p_vectorp },
	{ "list->vector", 1, 1, p_list_to_vector },
	{ "vector->list", 1, 1, p_vector_to_list },
	{ "vector-length", 1, 1, p_vector_length },
	{ "vector-ref", 2, 2, p_vector_ref },
};

void ev_install_stdlib(struct ev_ctx *c)
{
	struct sx_loc none = { NULL, 0, 0 };

	for (size_t i = 0; i < sizeof(stdlib) / sizeof(stdlib[0]); i++) {
		struct ev *v = ev_new(c, EV_PRIM, none);

		v->u.prim = &stdlib[i];
		ev_define(c, c->global, stdlib[i].name, v);
	}
}
