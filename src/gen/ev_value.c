/* ev: values: constructors, equality, printing, record access, errors. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ev_internal.h"
#include "services/services.h"

struct ev *ev_new(struct ev_ctx *c, enum ev_type t, struct sx_loc loc)
{
	struct ev *v = gx_arena_alloc(c->arena, sizeof(*v));

	v->type = t;
	v->loc = loc;
	return v;
}

struct ev *ev_cons(struct ev_ctx *c, struct ev *car, struct ev *cdr, struct sx_loc loc)
{
	struct ev *v = ev_new(c, EV_PAIR, loc);

	v->u.pair.car = car;
	v->u.pair.cdr = cdr;
	return v;
}

struct ev *ev_string(struct ev_ctx *c, const char *s, size_t len, struct sx_loc loc)
{
	struct ev *v = ev_new(c, EV_STRING, loc);

	v->u.str.s = gx_arena_strndup(c->arena, s, len);
	v->u.str.len = len;
	return v;
}

struct ev *ev_cstring(struct ev_ctx *c, const char *s, struct sx_loc loc)
{
	return ev_string(c, s, strlen(s), loc);
}

struct ev *ev_symbol(struct ev_ctx *c, const char *s, struct sx_loc loc)
{
	struct ev *v = ev_cstring(c, s, loc);

	v->type = EV_SYMBOL;
	return v;
}

struct ev *ev_bool(struct ev_ctx *c, bool b, struct sx_loc loc)
{
	struct ev *v = ev_new(c, EV_BOOL, loc);

	v->u.b = b;
	return v;
}

struct ev *ev_int(struct ev_ctx *c, int64_t i, struct sx_loc loc)
{
	struct ev *v = ev_new(c, EV_INT, loc);

	v->u.i = i;
	return v;
}

struct ev *ev_nil(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_new(c, EV_NIL, loc);
}

struct ev *ev_unspec(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_new(c, EV_UNSPEC, loc);
}

struct ev *ev_strlist(struct ev_ctx *c, const char *s, struct sx_loc loc)
{
	struct ev *head = ev_nil(c, loc), **tail = &head;

	while (s != NULL && *s != '\0') {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);

		*tail = ev_cons(c, ev_string(c, s, n, loc), *tail, loc);
		tail = &(*tail)->u.pair.cdr;
		s = nl ? nl + 1 : NULL;
	}
	return head;
}

struct ev *ev_from_datum(struct ev_ctx *c, const struct sx *x)
{
	struct ev *v;

	switch (x->type) {
	case SX_NIL:
		return ev_nil(c, x->loc);
	case SX_PAIR: {
		/* Iterative along the spine: a long literal list must not use the stack. */
		struct ev *head = NULL, **tail = &head;

		for (; x->type == SX_PAIR; x = x->u.pair.cdr) {
			*tail = ev_cons(c, ev_from_datum(c, x->u.pair.car), NULL, x->loc);
			tail = &(*tail)->u.pair.cdr;
		}
		*tail = ev_from_datum(c, x);
		return head;
	}
	case SX_VECTOR:
		v = ev_new(c, EV_VECTOR, x->loc);
		v->u.vec.len = x->u.vec.len;
		v->u.vec.items = gx_arena_alloc(c->arena, (x->u.vec.len + 1) * sizeof(struct ev *));
		for (size_t i = 0; i < x->u.vec.len; i++)
			v->u.vec.items[i] = ev_from_datum(c, x->u.vec.items[i]);
		return v;
	case SX_STRING:
	case SX_SYMBOL:
	case SX_KEYWORD:
		v = ev_new(c,
		           x->type == SX_STRING   ? EV_STRING
		           : x->type == SX_SYMBOL ? EV_SYMBOL
		                                  : EV_KEYWORD,
		           x->loc);
		v->u.str.s = x->u.str.text;
		v->u.str.len = x->u.str.len;
		return v;
	case SX_BOOL:
		return ev_bool(c, x->u.b, x->loc);
	case SX_INT:
		if (x->u.num.text != NULL) {
			v = ev_new(c, EV_REAL, x->loc); /* big integer: kept approximately */
			v->u.r = 1e300;
			return v;
		}
		return ev_int(c, x->u.num.i, x->loc);
	case SX_REAL:
		v = ev_new(c, EV_REAL, x->loc);
		v->u.r = x->u.real.r;
		return v;
	case SX_CHAR:
		v = ev_new(c, EV_CHAR, x->loc);
		v->u.ch = x->u.ch;
		return v;
	default:
		return ev_unspec(c, x->loc);
	}
}

bool ev_truthy(const struct ev *v)
{
	return !(v->type == EV_BOOL && !v->u.b);
}

size_t ev_list_length(const struct ev *v)
{
	size_t n = 0;

	for (; v->type == EV_PAIR; v = v->u.pair.cdr)
		n++;
	return v->type == EV_NIL ? n : SIZE_MAX;
}

bool ev_is_list(const struct ev *v)
{
	return ev_list_length(v) != SIZE_MAX;
}

bool ev_equal(const struct ev *a, const struct ev *b)
{
	/* Iterative along list spines (long lists), recursive on cars only. */
	while (a->type == EV_PAIR && b->type == EV_PAIR && a != b) {
		if (!ev_equal(a->u.pair.car, b->u.pair.car))
			return false;
		a = a->u.pair.cdr;
		b = b->u.pair.cdr;
	}
	if (a == b)
		return true;
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case EV_NIL:
	case EV_UNSPEC:
		return true;
	case EV_PAIR:
		return ev_equal(a->u.pair.car, b->u.pair.car) &&
		       ev_equal(a->u.pair.cdr, b->u.pair.cdr);
	case EV_STRING:
	case EV_SYMBOL:
	case EV_KEYWORD:
		return a->u.str.len == b->u.str.len &&
		       memcmp(a->u.str.s, b->u.str.s, a->u.str.len) == 0;
	case EV_BOOL:
		return a->u.b == b->u.b;
	case EV_INT:
		return a->u.i == b->u.i;
	case EV_REAL:
		return a->u.r == b->u.r;
	case EV_CHAR:
		return a->u.ch == b->u.ch;
	case EV_VECTOR:
		if (a->u.vec.len != b->u.vec.len)
			return false;
		for (size_t i = 0; i < a->u.vec.len; i++)
			if (!ev_equal(a->u.vec.items[i], b->u.vec.items[i]))
				return false;
		return true;
	case EV_PACKAGE:
		return strcmp(a->u.pkg.name, b->u.pkg.name) == 0 &&
		       (a->u.pkg.output == b->u.pkg.output ||
		        (a->u.pkg.output && b->u.pkg.output &&
		         strcmp(a->u.pkg.output, b->u.pkg.output) == 0));
	case EV_CLOSURE:
		return a->u.clo == b->u.clo;
	case EV_PRIM:
		return a->u.prim == b->u.prim;
	case EV_RECORD_TYPE:
		return a->u.rtd == b->u.rtd;
	case EV_RECORD:
		return a->u.rec == b->u.rec;
	case EV_FILE:
		return a->u.file == b->u.file;
	case EV_GEXP:
		return a->u.gexp == b->u.gexp;
	case EV_UNGEXP:
		return a->u.ungexp.val == b->u.ungexp.val;
	case EV_SERVICE_TYPE:
		return a->u.stype == b->u.stype;
	case EV_SERVICE:
		return a->u.svc == b->u.svc;
	case EV_VALUES:
		return false;
	}
	return false;
}

static const char *const type_names[] = {
	[EV_NIL] = "empty list",
	[EV_PAIR] = "list",
	[EV_STRING] = "string",
	[EV_SYMBOL] = "symbol",
	[EV_KEYWORD] = "keyword",
	[EV_BOOL] = "boolean",
	[EV_INT] = "integer",
	[EV_REAL] = "number",
	[EV_CHAR] = "character",
	[EV_VECTOR] = "vector",
	[EV_UNSPEC] = "unspecified value",
	[EV_CLOSURE] = "procedure",
	[EV_PRIM] = "procedure",
	[EV_RECORD_TYPE] = "record type",
	[EV_RECORD] = "record",
	[EV_PACKAGE] = "package",
	[EV_FILE] = "file-like object",
	[EV_GEXP] = "gexp",
	[EV_UNGEXP] = "ungexp",
	[EV_SERVICE_TYPE] = "service type",
	[EV_SERVICE] = "service",
	[EV_VALUES] = "multiple values",
};

const char *ev_type_name(const struct ev *v)
{
	if (v->type == EV_RECORD)
		return v->u.rec->rtd->name;
	return type_names[v->type];
}

/* WHOLE: written in full (code for a program to read), else cut at 50
 * levels and 4 KiB (a message). */
static void write_depth(struct gx_buf *out, const struct ev *v, int depth, bool whole)
{
	if (!whole && (depth > 50 || out->len > 4096)) {
		gx_buf_puts(out, "...");
		return;
	}
	switch (v->type) {
	case EV_NIL:
		gx_buf_puts(out, "()");
		break;
	case EV_PAIR:
		gx_buf_putc(out, '(');
		for (;;) {
			write_depth(out, v->u.pair.car, depth + 1, whole);
			v = v->u.pair.cdr;
			if (v->type != EV_PAIR)
				break;
			gx_buf_putc(out, ' ');
			if (!whole && out->len > 4096) {
				gx_buf_puts(out, "...");
				break;
			}
		}
		if (v->type != EV_NIL && v->type != EV_PAIR) {
			gx_buf_puts(out, " . ");
			write_depth(out, v, depth + 1, whole);
		}
		gx_buf_putc(out, ')');
		break;
	case EV_STRING:
		sx_write_string(out, v->u.str.s, v->u.str.len);
		break;
	case EV_SYMBOL:
		sx_write_symbol(out, v->u.str.s, v->u.str.len);
		break;
	case EV_KEYWORD:
		gx_buf_puts(out, "#:");
		sx_write_symbol(out, v->u.str.s, v->u.str.len);
		break;
	case EV_BOOL:
		gx_buf_puts(out, v->u.b ? "#t" : "#f");
		break;
	case EV_INT:
		gx_buf_printf(out, "%" PRId64, v->u.i);
		break;
	case EV_REAL:
		sx_write_real(out, v->u.r);
		break;
	case EV_CHAR:
		sx_write_char(out, v->u.ch);
		break;
	case EV_VECTOR:
		gx_buf_puts(out, "#(");
		for (size_t i = 0; i < v->u.vec.len; i++) {
			if (i)
				gx_buf_putc(out, ' ');
			write_depth(out, v->u.vec.items[i], depth + 1, whole);
		}
		gx_buf_putc(out, ')');
		break;
	case EV_UNSPEC:
		gx_buf_puts(out, "#<unspecified>");
		break;
	case EV_CLOSURE:
		gx_buf_printf(out, "#<procedure %s>", v->u.clo->name ? v->u.clo->name : "lambda");
		break;
	case EV_PRIM:
		gx_buf_printf(out, "#<procedure %s>", v->u.prim->name);
		break;
	case EV_RECORD_TYPE:
		gx_buf_printf(out, "#<record-type %s>", v->u.rtd->name);
		break;
	case EV_RECORD:
		gx_buf_printf(out, "#<%s>", v->u.rec->rtd->name);
		break;
	case EV_PACKAGE:
		gx_buf_printf(out, "#<package %s>", v->u.pkg.name);
		break;
	case EV_FILE:
		/* A file-append has no name: written as Guix writes it, so that a
		 * message says which one it is. */
		if (v->u.file->kind == F_APPEND && v->u.file->base != NULL) {
			gx_buf_puts(out, "#<file-append ");
			write_depth(out, v->u.file->base, depth + 1, whole);
			gx_buf_putc(out, ' ');
			sx_write_string(out, v->u.file->suffix ? v->u.file->suffix : "",
			                v->u.file->suffix ? strlen(v->u.file->suffix) : 0);
			gx_buf_putc(out, '>');
			break;
		}
		gx_buf_printf(out, "#<file %s>", v->u.file->name ? v->u.file->name : "");
		break;
	case EV_GEXP:
		gx_buf_puts(out, "#<gexp>");
		break;
	case EV_UNGEXP: /* as written, with the value it stands for */
		gx_buf_puts(out, v->u.ungexp.splice ? "#$@" : "#$");
		write_depth(out, v->u.ungexp.val, depth + 1, whole);
		break;
	case EV_SERVICE_TYPE:
		gx_buf_printf(out, "#<service-type %s>", v->u.stype->name);
		break;
	case EV_SERVICE:
		gx_buf_printf(out, "#<service %s>", v->u.svc->type->name);
		break;
	case EV_VALUES:
		gx_buf_puts(out, "#<values");
		for (size_t i = 0; i < v->u.vec.len; i++) {
			gx_buf_putc(out, ' ');
			write_depth(out, v->u.vec.items[i], depth + 1, whole);
		}
		gx_buf_putc(out, '>');
		break;
	}
}

void ev_write(struct gx_buf *out, const struct ev *v)
{
	write_depth(out, v, 0, false);
}

void ev_write_whole(struct gx_buf *out, const struct ev *v)
{
	write_depth(out, v, 0, true);
}

const char *ev_repr(struct ev_ctx *c, const struct ev *v)
{
	struct gx_buf b = GX_BUF_INIT;
	const char *r;

	if (v == NULL)
		return "#<nothing>";
	ev_write(&b, v);
	if (b.len > 200) {
		b.len = 197;
		gx_buf_puts(&b, "...");
	}
	r = gx_arena_strdup(c->arena, b.data ? b.data : "");
	gx_buf_free(&b);
	return r;
}

/* ---- errors ---- */

static void vfail(struct ev_ctx *c, struct sx_loc loc, const char *fmt, va_list ap)
{
	char *msg;

	if (c->err != NULL)
		return;
	msg = gx_vasprintf(fmt, ap);
	if (loc.file == NULL)
		loc = c->call;
	if (loc.file != NULL)
		gx_fail_input(&c->err, "%s:%d:%d: %s", loc.file, loc.line, loc.col, msg);
	else
		gx_fail_input(&c->err, "%s: %s", c->file, msg);
	free(msg);
}

struct ev *ev_fail(struct ev_ctx *c, struct sx_loc loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(c, loc, fmt, ap);
	va_end(ap);
	return NULL;
}

int ev_failn(struct ev_ctx *c, struct sx_loc loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(c, loc, fmt, ap);
	va_end(ap);
	return -1;
}

bool ev_failed(const struct ev_ctx *c)
{
	return c->err != NULL;
}

struct gx_arena *ev_arena(struct ev_ctx *c)
{
	return c->arena;
}

const char *ev_config_dir(const struct ev_ctx *c)
{
	return c->dir;
}

/* ---- records ---- */

static int field_index(const struct ev_rtd *rtd, const char *field)
{
	for (size_t i = 0; i < rtd->n_fields; i++)
		if (strcmp(rtd->fields[i].name, field) == 0)
			return (int)i;
	return -1;
}

struct ev *ev_record_get(const struct ev *rec, const char *field)
{
	int i = field_index(rec->u.rec->rtd, field);

	return i < 0 ? NULL : rec->u.rec->values[i];
}

struct sx_loc ev_record_loc(const struct ev *rec, const char *field)
{
	int i = field_index(rec->u.rec->rtd, field);

	if (i < 0 || rec->u.rec->locs[i].file == NULL)
		return rec->loc;
	return rec->u.rec->locs[i];
}

bool ev_record_is(const struct ev *v, const char *rtd_name)
{
	return v != NULL && v->type == EV_RECORD && strcmp(v->u.rec->rtd->name, rtd_name) == 0;
}

static int wrong_type(struct ev_ctx *c, const struct ev *rec, const char *field, const struct ev *v,
                      const char *expected)
{
	return ev_failn(c, ev_record_loc(rec, field), "%s: field '%s': expected %s, got %s",
	                rec->u.rec->rtd->name, field, expected, ev_repr(c, v));
}

int ev_get_string(struct ev_ctx *c, const struct ev *rec, const char *field, const char **out)
{
	struct ev *v = ev_record_get(rec, field);

	if (v->type != EV_STRING)
		return wrong_type(c, rec, field, v, "a string");
	if (strlen(v->u.str.s) != v->u.str.len)
		return wrong_type(c, rec, field, v, "a string without NUL characters");
	*out = v->u.str.s;
	return 0;
}

int ev_get_string_or_false(struct ev_ctx *c, const struct ev *rec, const char *field,
                           const char **out)
{
	struct ev *v = ev_record_get(rec, field);

	if (v->type == EV_BOOL && !v->u.b) {
		*out = NULL;
		return 0;
	}
	return ev_get_string(c, rec, field, out);
}

int ev_get_bool(struct ev_ctx *c, const struct ev *rec, const char *field, bool *out)
{
	struct ev *v = ev_record_get(rec, field);

	if (v->type != EV_BOOL)
		return wrong_type(c, rec, field, v, "#t or #f");
	*out = v->u.b;
	return 0;
}

int ev_get_int(struct ev_ctx *c, const struct ev *rec, const char *field, long lo, long hi,
               long *out)
{
	struct ev *v = ev_record_get(rec, field);

	if (v->type != EV_INT)
		return wrong_type(c, rec, field, v, "an integer");
	if (v->u.i < lo || v->u.i > hi)
		return ev_failn(c, ev_record_loc(rec, field),
		                "%s: field '%s': %" PRId64 " is out of range (%ld to %ld)",
		                rec->u.rec->rtd->name, field, v->u.i, lo, hi);
	*out = (long)v->u.i;
	return 0;
}

int ev_to_strings(struct ev_ctx *c, const struct ev *list, struct sx_loc loc, const char *what,
                  const char ***out)
{
	size_t n = ev_list_length(list), i = 0;
	const char **v;

	if (n == SIZE_MAX)
		return ev_failn(c, loc, "%s: expected a list, got %s", what, ev_repr(c, list));
	v = gx_arena_alloc(c->arena, (n + 1) * sizeof(*v));
	for (const struct ev *p = list; p->type == EV_PAIR; p = p->u.pair.cdr, i++) {
		const struct ev *e = p->u.pair.car;

		if ((e->type == EV_STRING || e->type == EV_SYMBOL) &&
		    strlen(e->u.str.s) == e->u.str.len)
			v[i] = e->u.str.s;
		else if (e->type == EV_INT)
			v[i] = gx_arena_printf(c->arena, "%" PRId64, e->u.i);
		else
			return ev_failn(c, e->loc, "%s: expected a string, got %s", what,
			                ev_repr(c, e));
	}
	*out = v;
	return 0;
}

int ev_get_strings(struct ev_ctx *c, const struct ev *rec, const char *field, const char ***out)
{
	const char *what =
	        gx_arena_printf(c->arena, "%s: field '%s'", rec->u.rec->rtd->name, field);

	return ev_to_strings(c, ev_record_get(rec, field), ev_record_loc(rec, field), what, out);
}
