/* sx: the s-expression reader.  It follows Guile 3.0's reader
 * (module/ice-9/read.scm) rule for rule, with Guix's gexp extensions, so
 * that every datum it returns is the datum Guile would read; input it
 * cannot represent (rationals, complex numbers, arrays, #nil, reader
 * directives...) is a clear error rather than a different datum.  One
 * recursive-descent pass over a UTF-8 buffer, bounded by SX_MAX_DEPTH and
 * SX_MAX_TOKEN, allocating only from the caller's arena. */
#include "sexp.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sexp_int.h"

struct rd {
	struct gx_arena *a;
	const char *file;
	const unsigned char *s;
	size_t len, pos;
	int line, col;
	int depth;
	struct gx_error **err;
};

#define END (-1)

static void buf_freep(struct gx_buf *b)
{
	gx_buf_free(b);
}
#define _cleanup_buf_ __attribute__((cleanup(buf_freep)))

/* ---- input ---- */

static int peek_at(const struct rd *r, size_t off)
{
	return r->pos + off < r->len ? r->s[r->pos + off] : END;
}

static int peek(const struct rd *r)
{
	return peek_at(r, 0);
}

/* Consume one character (the input is valid UTF-8) and return it. */
static int32_t take(struct rd *r)
{
	uint32_t cp;
	size_t n;

	if (r->pos >= r->len)
		return END;
	n = sx_utf8_decode(r->s + r->pos, r->len - r->pos, &cp);
	if (n == 0) /* cannot happen: validated in sx_read_all */
		n = 1, cp = r->s[r->pos];
	r->pos += n;
	if (cp == '\n') {
		r->line++;
		r->col = 1;
	} else {
		r->col++;
	}
	return (int32_t)cp;
}

static struct sx_loc here(const struct rd *r)
{
	return (struct sx_loc){ r->file, r->line, r->col };
}

static bool is_delimiter(int c)
{
	return c != END && c < 0x80 && c != '\0' && strchr("();\" \r\f\n\t[]", c) != NULL;
}

static bool is_space(int c)
{
	return c != END && c != '\0' && strchr(" \r\f\n\t", c) != NULL;
}

/* ---- errors ---- */

static void *fail_at(struct rd *r, struct sx_loc at, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
static void *fail_at(struct rd *r, struct sx_loc at, const char *fmt, ...)
{
	_cleanup_free_ char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	msg = gx_vasprintf(fmt, ap);
	va_end(ap);
	gx_fail_input(r->err, "%s:%d:%d: %s", r->file, at.line, at.col, msg);
	return NULL;
}

/* Incomplete input: the file ended inside something opened at `open`. */
static void *fail_eof(struct rd *r, const char *what, struct sx_loc open)
{
	return fail_at(r, here(r), "unexpected end of file in %s opened at %d:%d", what, open.line,
	               open.col);
}

static bool enter(struct rd *r, struct sx_loc at)
{
	if (r->depth >= SX_MAX_DEPTH) {
		fail_at(r, at, "nesting deeper than %d levels", SX_MAX_DEPTH);
		return false;
	}
	r->depth++;
	return true;
}

/* ---- constructors ---- */

struct sx *sx_new(struct gx_arena *a, enum sx_type t, struct sx_loc loc)
{
	struct sx *x = gx_arena_alloc(a, sizeof(*x));

	x->type = t;
	x->loc = loc;
	return x;
}

struct sx *sx_cons(struct gx_arena *a, struct sx *car, struct sx *cdr, struct sx_loc loc)
{
	struct sx *x = sx_new(a, SX_PAIR, loc);

	x->u.pair.car = car;
	x->u.pair.cdr = cdr;
	return x;
}

static struct sx *sx_text(struct gx_arena *a, enum sx_type t, const char *s, size_t len,
                          struct sx_loc loc)
{
	struct sx *x = sx_new(a, t, loc);

	x->u.str.text = gx_arena_alloc(a, len + 1);
	memcpy(x->u.str.text, s, len);
	x->u.str.len = len;
	return x;
}

struct sx *sx_symbol(struct gx_arena *a, const char *name, struct sx_loc loc)
{
	return sx_text(a, SX_SYMBOL, name, strlen(name), loc);
}

struct sx *sx_string(struct gx_arena *a, const char *s, size_t len, struct sx_loc loc)
{
	return sx_text(a, SX_STRING, s, len, loc);
}

bool sx_is_symbol(const struct sx *x, const char *name)
{
	return x != NULL && x->type == SX_SYMBOL && strcmp(x->u.str.text, name) == 0;
}

size_t sx_list_length(const struct sx *x)
{
	size_t n = 0;

	for (; x != NULL && x->type == SX_PAIR; x = x->u.pair.cdr)
		n++;
	return x != NULL && x->type == SX_NIL ? n : SIZE_MAX;
}

/* (sym x), as 'x and #~x read */
static struct sx *wrap(struct rd *r, const char *sym, struct sx *x, struct sx_loc loc)
{
	struct sx *nil = sx_new(r->a, SX_NIL, loc);

	return sx_cons(r->a, sx_symbol(r->a, sym, loc), sx_cons(r->a, x, nil, loc), loc);
}

/* ---- atmosphere: whitespace and comments ---- */

static struct sx *read_datum(struct rd *r);
static struct sx *read_sub(struct rd *r, const char *what, struct sx_loc open);

static void skip_line_comment(struct rd *r)
{
	int32_t c;

	while ((c = take(r)) != END && c != '\n')
		;
}

static int skip_block_comment(struct rd *r)
{
	struct sx_loc open = here(r);
	size_t level = 1;

	take(r);
	take(r);
	while (level > 0) {
		int c = peek(r);

		if (c == END)
			return fail_eof(r, "block comment", open), -1;
		if (c == '|' && peek_at(r, 1) == '#') {
			level--;
			take(r);
		} else if (c == '#' && peek_at(r, 1) == '|') {
			level++;
			take(r);
		}
		take(r);
	}
	return 0;
}

static bool directive_char(int c)
{
	return c != END && (c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	                    (c >= '0' && c <= '9'));
}

/* #!fold-case and friends change how Guile reads the rest of the file; we
 * reject them.  Anything else after #! is a comment up to !#. */
static int skip_shebang(struct rd *r)
{
	static const char *const directives[] = { "r6rs", "fold-case", "no-fold-case",
		                                  "curly-infix", "curly-infix-and-bracket-lists" };
	struct sx_loc open = here(r);
	size_t n = 0;

	while (directive_char(peek_at(r, 2 + n)))
		n++;
	for (size_t i = 0; i < sizeof(directives) / sizeof(directives[0]); i++)
		if (strlen(directives[i]) == n && memcmp(directives[i], r->s + r->pos + 2, n) == 0)
			return fail_at(r, open, "reader directive #!%s is not supported",
			               directives[i]),
			       -1;
	take(r);
	take(r);
	for (;;) {
		int32_t c = take(r);

		if (c == END)
			return fail_eof(r, "#! comment", open), -1;
		if (c == '!' && peek(r) == '#') {
			take(r);
			return 0;
		}
	}
}

static int skip_datum_comment(struct rd *r)
{
	struct sx_loc open = here(r);
	struct sx *x;

	take(r);
	take(r);
	if (!enter(r, open))
		return -1;
	x = read_sub(r, "#; comment", open);
	r->depth--;
	return x ? 0 : -1;
}

/* Skip whitespace and comments; returns -1 on error. */
static int skip_atmosphere(struct rd *r)
{
	for (;;) {
		int c = peek(r);

		if (is_space(c)) {
			take(r);
		} else if (c == ';') {
			skip_line_comment(r);
		} else if (c == '#' && peek_at(r, 1) == '|') {
			if (skip_block_comment(r) < 0)
				return -1;
		} else if (c == '#' && peek_at(r, 1) == ';') {
			if (skip_datum_comment(r) < 0)
				return -1;
		} else if (c == '#' && peek_at(r, 1) == '!') {
			if (skip_shebang(r) < 0)
				return -1;
		} else {
			return 0;
		}
	}
}

/* The next datum, which must exist: `what` opened at `open` needs it. */
static struct sx *read_sub(struct rd *r, const char *what, struct sx_loc open)
{
	if (skip_atmosphere(r) < 0)
		return NULL;
	if (peek(r) == END)
		return fail_eof(r, what, open);
	return read_datum(r);
}

/* ---- lists and vectors ---- */

static bool is_dot(const struct rd *r)
{
	int n = peek_at(r, 1);

	return peek(r) == '.' && (n == END || is_delimiter(n));
}

/* After the '.' of a dotted list: the tail, then the closing delimiter. */
static struct sx *read_tail(struct rd *r, int close, struct sx_loc open)
{
	struct sx *tail;

	take(r);
	tail = read_sub(r, "list", open);
	if (tail == NULL || skip_atmosphere(r) < 0)
		return NULL;
	if (peek(r) == END)
		return fail_eof(r, "list", open);
	if (peek(r) != close)
		return fail_at(r, here(r), "expected '%c' after the tail of a dotted list", close);
	take(r);
	return tail;
}

/* Reads the elements after an opening delimiter up to `close`. */
static struct sx *read_seq(struct rd *r, int close, const char *what, struct sx_loc open)
{
	struct sx *head = NULL, **tailp = &head;

	for (;;) {
		int c;

		if (skip_atmosphere(r) < 0)
			return NULL;
		c = peek(r);
		if (c == END)
			return fail_eof(r, what, open);
		if (c == close) {
			take(r);
			*tailp = sx_new(r->a, SX_NIL, open);
			return head;
		}
		if (c == ')' || c == ']')
			return fail_at(r, here(r), "mismatched close paren '%c'", c);
		if (is_dot(r)) {
			struct sx *tail = read_tail(r, close, open);

			if (tail == NULL)
				return NULL;
			*tailp = tail;
			return head;
		}
		struct sx *x = read_datum(r);

		if (x == NULL)
			return NULL;
		*tailp = sx_cons(r->a, x, NULL, x->loc);
		tailp = &(*tailp)->u.pair.cdr;
	}
}

static struct sx *read_list(struct rd *r)
{
	struct sx_loc open = here(r);
	int close = take(r) == '(' ? ')' : ']';
	struct sx *x;

	if (!enter(r, open))
		return NULL;
	x = read_seq(r, close, "list", open);
	r->depth--;
	if (x != NULL && x->type == SX_PAIR)
		x->loc = open;
	return x;
}

static struct sx *read_vector(struct rd *r, struct sx_loc open)
{
	struct sx *list, *v;
	size_t n;

	take(r);
	if (!enter(r, open))
		return NULL;
	list = read_seq(r, ')', "vector", open);
	r->depth--;
	if (list == NULL)
		return NULL;
	n = sx_list_length(list);
	if (n == SIZE_MAX)
		return fail_at(r, open, "a vector cannot be a dotted list");
	v = sx_new(r->a, SX_VECTOR, open);
	v->u.vec.len = n;
	v->u.vec.items = gx_arena_alloc(r->a, (n ? n : 1) * sizeof(struct sx *));
	for (size_t i = 0; i < n; i++, list = list->u.pair.cdr)
		v->u.vec.items[i] = list->u.pair.car;
	return v;
}

/* 'x `x ,x ,@x and the #-prefixed forms: (sym x) */
static struct sx *read_prefixed(struct rd *r, const char *sym, size_t skip, struct sx_loc open)
{
	struct sx *x;

	while (skip-- > 0)
		take(r);
	if (!enter(r, open))
		return NULL;
	x = read_sub(r, sym, open);
	r->depth--;
	return x ? wrap(r, sym, x, open) : NULL;
}

/* ---- strings ---- */

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool valid_scalar(uint32_t v)
{
	return v <= 0x10ffff && !(v >= 0xd800 && v <= 0xdfff);
}

static int put_cp(struct rd *r, struct gx_buf *b, uint32_t cp, struct sx_loc at)
{
	char u[4];

	if (!valid_scalar(cp))
		return fail_at(r, at, "character code #x%x out of range", cp), -1;
	gx_buf_add(b, u, sx_utf8_encode(cp, u));
	return 0;
}

static void *fail_escape(struct rd *r, struct sx_loc at, int32_t c)
{
	char u[4];
	size_t n = sx_utf8_encode((uint32_t)c, u);

	return fail_at(r, at, "invalid character in escape sequence: '%.*s'", (int)n, u);
}

/* \xHH \uHHHH \UHHHHHH: exactly `n` hex digits (Guile's default). */
static int read_fixed_hex(struct rd *r, int n, uint32_t *out, struct sx_loc open)
{
	uint32_t v = 0;

	for (int i = 0; i < n; i++) {
		struct sx_loc at = here(r);
		int c = peek(r);

		if (c == END)
			return fail_eof(r, "string", open), -1;
		if (hex_value(c) < 0)
			return fail_escape(r, at, take(r)), -1;
		v = v * 16 + (uint32_t)hex_value(c);
		take(r);
	}
	*out = v;
	return 0;
}

static const struct {
	char esc;
	char ch;
} string_escapes[] = {
	{ '|', '|' },  { '\\', '\\' }, { '(', '(' },  { '"', '"' },  { '0', '\0' }, { 'f', '\f' },
	{ 'n', '\n' }, { 'r', '\r' },  { 't', '\t' }, { 'a', '\a' }, { 'v', '\v' }, { 'b', '\b' },
};

static int read_escape(struct rd *r, struct gx_buf *b, struct sx_loc open)
{
	static const int hex_len[] = { ['x'] = 2, ['u'] = 4, ['U'] = 6 };
	struct sx_loc at = here(r);
	int32_t c = take(r);
	uint32_t v;

	if (c == END)
		return fail_eof(r, "string", open), -1;
	if (c == '\n')
		return 0;
	for (size_t i = 0; i < sizeof(string_escapes) / sizeof(string_escapes[0]); i++)
		if (c == string_escapes[i].esc) {
			gx_buf_putc(b, string_escapes[i].ch);
			return 0;
		}
	if (c == 'x' || c == 'u' || c == 'U') {
		if (read_fixed_hex(r, hex_len[c], &v, open) < 0)
			return -1;
		return put_cp(r, b, v, at);
	}
	return fail_escape(r, at, c), -1;
}

static struct sx *read_string(struct rd *r)
{
	_cleanup_buf_ struct gx_buf b = GX_BUF_INIT;
	struct sx_loc open = here(r);

	take(r);
	for (;;) {
		int c = peek(r);

		if (b.len > SX_MAX_TOKEN)
			return fail_at(r, open, "string longer than %d bytes", SX_MAX_TOKEN);
		if (c == END)
			return fail_eof(r, "string", open);
		if (c == '"') {
			take(r);
			return sx_string(r->a, b.data ? b.data : "", b.len, open);
		}
		if (c == '\\') {
			take(r);
			if (read_escape(r, &b, open) < 0)
				return NULL;
			continue;
		}
		size_t start = r->pos;

		take(r);
		gx_buf_add(&b, r->s + start, r->pos - start);
	}
}

/* ---- tokens: symbols and numbers ---- */

/* The token from the current position to the next delimiter. */
static int read_token(struct rd *r, size_t *start, size_t *len)
{
	struct sx_loc at = here(r);

	*start = r->pos;
	while (peek(r) != END && !is_delimiter(peek(r))) {
		if (r->pos - *start >= SX_MAX_TOKEN)
			return fail_at(r, at, "token longer than %d bytes", SX_MAX_TOKEN), -1;
		take(r);
	}
	*len = r->pos - *start;
	return 0;
}

static struct sx *make_int(struct rd *r, const struct sx_num *n, struct sx_loc loc);

static struct sx *make_number(struct rd *r, const struct sx_num *n, struct sx_loc loc)
{
	struct sx *x;
	char buf[64];

	double v = n->real;

	if (n->kind == SX_NUM_INT && !n->inexact)
		return make_int(r, n, loc);
	if (n->kind == SX_NUM_INT) { /* #i on an integer */
		x = make_int(r, n, loc);
		if (x == NULL)
			return NULL;
		v = x->u.num.text ? strtod(x->u.num.text, NULL) : (double)x->u.num.i;
		if (n->negative && v == 0)
			v = -0.0;
	}
	x = sx_new(r->a, SX_REAL, loc);
	x->u.real.r = v;
	sx_format_real(v, buf, sizeof(buf));
	x->u.real.text = gx_arena_strdup(r->a, buf);
	return x;
}

static struct sx *read_atom(struct rd *r)
{
	struct sx_loc at = here(r);
	struct sx_num n;
	size_t start, len;
	int c = peek(r);

	if (read_token(r, &start, &len) < 0)
		return NULL;
	if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
		sx_num_scan((const char *)r->s + start, len, &n);
		if (n.kind == SX_NUM_UNSUPPORTED || n.kind == SX_NUM_RANGE)
			return fail_at(r, at, "%s: '%.*s'", n.why, (int)len, r->s + start);
		if (n.kind != SX_NUM_NONE)
			return make_number(r, &n, at);
	}
	return sx_text(r->a, SX_SYMBOL, (const char *)r->s + start, len, at);
}

/* #x.. #b.. #o.. #d.. #e.. #i..: a number or an error. */
static struct sx *read_radix_number(struct rd *r, struct sx_loc at)
{
	struct sx_num n;
	size_t start, len;

	if (read_token(r, &start, &len) < 0)
		return NULL;
	sx_num_scan((const char *)r->s + start, len, &n);
	if (n.kind == SX_NUM_NONE)
		return fail_at(r, at, "unknown # object '%.*s'", (int)len, r->s + start);
	if (n.kind == SX_NUM_UNSUPPORTED || n.kind == SX_NUM_RANGE)
		return fail_at(r, at, "%s: '%.*s'", n.why, (int)len, r->s + start);
	return make_number(r, &n, at);
}

/* #{...}#: Guile's extended symbol syntax, with \xHH; escapes. */
static int read_symbol_escape(struct rd *r, struct gx_buf *b, struct sx_loc open)
{
	struct sx_loc at = here(r);
	int32_t c = take(r);
	uint32_t v = 0;
	int digits = 0;

	if (c == END)
		return fail_eof(r, "symbol", open), -1;
	if (c != 'x')
		return put_cp(r, b, (uint32_t)c, at);
	for (;;) {
		struct sx_loc cat = here(r);

		c = take(r);
		if (c == END)
			return fail_eof(r, "symbol", open), -1;
		if (c == ';' && digits > 0)
			return put_cp(r, b, v, at);
		if (hex_value(c) < 0)
			return fail_escape(r, cat, c), -1;
		if (v > 0x10ffff)
			return fail_at(r, at, "character code out of range"), -1;
		v = v * 16 + (uint32_t)hex_value(c);
		digits++;
	}
}

static struct sx *read_extended_symbol(struct rd *r, struct sx_loc open)
{
	_cleanup_buf_ struct gx_buf b = GX_BUF_INIT;
	bool brace = false;

	take(r);
	for (;;) {
		int32_t c = take(r);
		size_t n;
		char u[4];

		if (b.len > SX_MAX_TOKEN)
			return fail_at(r, open, "symbol longer than %d bytes", SX_MAX_TOKEN);
		if (c == END)
			return fail_eof(r, "symbol", open);
		if (brace) {
			if (c == '#')
				break;
			gx_buf_putc(&b, '}');
			brace = false;
		}
		if (c == '}') {
			brace = true;
		} else if (c == '\\') {
			if (read_symbol_escape(r, &b, open) < 0)
				return NULL;
		} else {
			n = sx_utf8_encode((uint32_t)c, u);
			gx_buf_add(&b, u, n);
		}
	}
	return sx_text(r->a, SX_SYMBOL, b.data ? b.data : "", b.len, open);
}

/* ---- characters ---- */

static const struct {
	const char *name;
	uint32_t cp;
} char_names[] = {
	/* Guile's order: R5RS, R6RS, R7RS, C0 control names, alternates. */
	{ "space", 0x20 },     { "newline", 0x0a }, { "nul", 0x00 },      { "alarm", 0x07 },
	{ "backspace", 0x08 }, { "tab", 0x09 },     { "linefeed", 0x0a }, { "vtab", 0x0b },
	{ "page", 0x0c },      { "return", 0x0d },  { "esc", 0x1b },      { "delete", 0x7f },
	{ "escape", 0x1b },    { "soh", 0x01 },     { "stx", 0x02 },      { "etx", 0x03 },
	{ "eot", 0x04 },       { "enq", 0x05 },     { "ack", 0x06 },      { "bel", 0x07 },
	{ "bs", 0x08 },        { "ht", 0x09 },      { "lf", 0x0a },       { "vt", 0x0b },
	{ "ff", 0x0c },        { "cr", 0x0d },      { "so", 0x0e },       { "si", 0x0f },
	{ "dle", 0x10 },       { "dc1", 0x11 },     { "dc2", 0x12 },      { "dc3", 0x13 },
	{ "dc4", 0x14 },       { "nak", 0x15 },     { "syn", 0x16 },      { "etb", 0x17 },
	{ "can", 0x18 },       { "em", 0x19 },      { "sub", 0x1a },      { "fs", 0x1c },
	{ "gs", 0x1d },        { "rs", 0x1e },      { "us", 0x1f },       { "sp", 0x20 },
	{ "del", 0x7f },       { "null", 0x00 },    { "nl", 0x0a },       { "np", 0x0c },
};

const char *sx_char_name(uint32_t cp)
{
	for (size_t i = 0; i < sizeof(char_names) / sizeof(char_names[0]); i++)
		if (char_names[i].cp == cp)
			return char_names[i].name;
	return NULL;
}

static bool all_digits(const unsigned char *s, size_t n, int base)
{
	for (size_t i = 0; i < n; i++)
		if (base == 8 ? (s[i] < '0' || s[i] > '7') : hex_value(s[i]) < 0)
			return false;
	return n > 0;
}

static bool parse_code(const unsigned char *s, size_t n, int base, uint32_t *out)
{
	uint32_t v = 0;

	for (size_t i = 0; i < n; i++) {
		v = v * (uint32_t)base + (uint32_t)hex_value(s[i]);
		if (v > 0x10ffff)
			return false;
	}
	*out = v;
	return true;
}

static bool char_by_name(const unsigned char *s, size_t n, uint32_t *out)
{
	for (size_t i = 0; i < sizeof(char_names) / sizeof(char_names[0]); i++)
		if (strlen(char_names[i].name) == n &&
		    strncasecmp(char_names[i].name, (const char *)s, n) == 0) {
			*out = char_names[i].cp;
			return true;
		}
	return false;
}

static struct sx *char_datum(struct rd *r, uint32_t cp, struct sx_loc at)
{
	struct sx *x;

	if (!valid_scalar(cp))
		return fail_at(r, at, "character code #x%x out of range", cp);
	x = sx_new(r->a, SX_CHAR, at);
	x->u.ch = cp;
	return x;
}

static struct sx *read_char(struct rd *r, struct sx_loc at)
{
	const unsigned char *s;
	size_t start, len, n1;
	uint32_t cp, cp2;

	take(r);
	if (peek(r) == END)
		return fail_eof(r, "character", at);
	if (is_delimiter(peek(r)))
		return char_datum(r, (uint32_t)take(r), at);
	if (read_token(r, &start, &len) < 0)
		return NULL;
	s = r->s + start;
	n1 = sx_utf8_decode(s, len, &cp);
	if (n1 == len)
		return char_datum(r, cp, at);
	if (sx_utf8_decode(s + n1, len - n1, &cp2) == len - n1 && cp2 == 0x25cc)
		return char_datum(r, cp, at);
	if (s[0] >= '0' && s[0] <= '7' && all_digits(s, len, 8))
		return parse_code(s, len, 8, &cp) ? char_datum(r, cp, at)
		                                  : fail_at(r, at, "character code out of range");
	if (s[0] == 'x' && all_digits(s + 1, len - 1, 16))
		return parse_code(s + 1, len - 1, 16, &cp)
		               ? char_datum(r, cp, at)
		               : fail_at(r, at, "character code out of range");
	if (char_by_name(s, len, &cp))
		return char_datum(r, cp, at);
	return fail_at(r, at, "unknown character name '%.*s'", (int)len, s);
}

/* ---- # syntax ---- */

/* #t #f #true #false: Guile needs no delimiter after them. */
static struct sx *read_bool(struct rd *r, struct sx_loc at)
{
	int c = take(r);
	bool v = c == 't' || c == 'T';
	const char *tail = v ? "rue" : "alse";
	size_t n = strlen(tail), i;
	struct sx *x;

	for (i = 0; i < n; i++) {
		int d = peek_at(r, i);

		if (d == END || (d >= 'A' && d <= 'Z' ? d + 32 : d) != tail[i])
			break;
	}
	if (i == n)
		while (i-- > 0)
			take(r);
	x = sx_new(r->a, SX_BOOL, at);
	x->u.b = v;
	return x;
}

static struct sx *read_keyword(struct rd *r, struct sx_loc at)
{
	struct sx *x;

	take(r);
	if (!enter(r, at))
		return NULL;
	x = read_sub(r, "keyword", at);
	r->depth--;
	if (x == NULL)
		return NULL;
	if (x->type != SX_SYMBOL)
		return fail_at(r, at, "keyword prefix #: not followed by a symbol");
	x->type = SX_KEYWORD;
	x->loc = at;
	return x;
}

static struct sx *read_hash_prefixed(struct rd *r, struct sx_loc at, int c)
{
	bool at_sign = peek_at(r, 1) == '@';

	switch (c) {
	case '~':
		return read_prefixed(r, "gexp", 1, at);
	case '$':
		return read_prefixed(r, at_sign ? "ungexp-splicing" : "ungexp", 1 + at_sign, at);
	case '+':
		return read_prefixed(r, at_sign ? "ungexp-native-splicing" : "ungexp-native",
		                     1 + at_sign, at);
	case '\'':
		return read_prefixed(r, "syntax", 1, at);
	case '`':
		return read_prefixed(r, "quasisyntax", 1, at);
	default:
		return read_prefixed(r, at_sign ? "unsyntax-splicing" : "unsyntax", 1 + at_sign,
		                     at);
	}
}

static struct sx *read_sharp(struct rd *r)
{
	struct sx_loc at = here(r);
	int c;

	take(r);
	c = peek(r);
	if (c == END)
		return fail_eof(r, "# syntax", at);
	if (c != END && strchr("~$+'`,", c) && c != '\0')
		return read_hash_prefixed(r, at, c);
	if (c == '\\')
		return read_char(r, at);
	if (c == '(')
		return read_vector(r, at);
	if (c == '{')
		return read_extended_symbol(r, at);
	if (c == ':')
		return read_keyword(r, at);
	if (c == 'f' && (peek_at(r, 1) == '3' || peek_at(r, 1) == '6'))
		return fail_at(r, at, "uniform vectors (#f32(...)) are not supported");
	if (c == 't' || c == 'T' || c == 'f' || c == 'F')
		return read_bool(r, at);
	if (c != '\0' && strchr("ieIEbBoOdDxX", c)) {
		r->pos--, r->col--; /* the token includes the '#' */
		return read_radix_number(r, at);
	}
	if (c != '\0' && strchr("sucv*@0123456789", c))
		return fail_at(r, at, "arrays, bytevectors and bit vectors (#%c) are not supported",
		               c);
	if (c == 'n')
		return fail_at(r, at, "#nil is not supported");
	if (c < 0x80)
		return fail_at(r, at, "unknown # object '#%c'", c);
	return fail_at(r, at, "unknown # object");
}

/* ---- datums ---- */

static struct sx *read_datum(struct rd *r)
{
	struct sx_loc at = here(r);
	int c = peek(r);

	switch (c) {
	case '(':
	case '[':
		return read_list(r);
	case ')':
	case ']':
		return fail_at(r, at, "unexpected '%c'", c);
	case '"':
		return read_string(r);
	case '\'':
		return read_prefixed(r, "quote", 1, at);
	case '`':
		return read_prefixed(r, "quasiquote", 1, at);
	case ',':
		if (peek_at(r, 1) == '@')
			return read_prefixed(r, "unquote-splicing", 2, at);
		return read_prefixed(r, "unquote", 1, at);
	case '#':
		return read_sharp(r);
	default:
		return read_atom(r);
	}
}

static int check_utf8(struct rd *r)
{
	size_t i = 0;
	int line = 1, col = 1;

	while (i < r->len) {
		uint32_t cp;
		size_t n = sx_utf8_decode(r->s + i, r->len - i, &cp);

		if (n == 0) {
			gx_fail_input(r->err, "%s:%d:%d: invalid UTF-8", r->file, line, col);
			return -1;
		}
		i += n;
		if (cp == '\n')
			line++, col = 1;
		else
			col++;
	}
	return 0;
}

struct sx *sx_read_all(struct gx_arena *arena, const char *file, const char *data, size_t len,
                       struct gx_error **err)
{
	struct rd r = { .a = arena,
		        .s = (const unsigned char *)data,
		        .len = len,
		        .line = 1,
		        .col = 1,
		        .err = err };
	struct sx *head = NULL, **tailp = &head;

	r.file = gx_arena_strdup(arena, file ? file : "<string>");
	if (check_utf8(&r) < 0)
		return NULL;
	for (;;) {
		struct sx *x;

		if (skip_atmosphere(&r) < 0)
			return NULL;
		if (peek(&r) == END)
			break;
		x = read_datum(&r);
		if (x == NULL)
			return NULL;
		*tailp = sx_cons(arena, x, NULL, x->loc);
		tailp = &(*tailp)->u.pair.cdr;
	}
	*tailp = sx_new(arena, SX_NIL, here(&r));
	return head;
}

struct sx *sx_read_file(struct gx_arena *arena, const char *path, struct gx_error **err)
{
	_cleanup_free_ char *data = NULL;
	size_t len;

	if (gx_read_file(path, &data, &len) < 0) {
		gx_fail_errno(err, "cannot read '%s'", path);
		return NULL;
	}
	return sx_read_all(arena, path, data, len, err);
}

/* ---- integers ---- */

/* Digits in `radix` to decimal, with base-1e9 limbs: O(n^2), so bounded. */
static char *radix_to_decimal(struct gx_arena *a, const char *d, size_t n, unsigned radix)
{
	size_t cap = n / 2 + 2, used = 1;
	_cleanup_free_ uint32_t *limb = gx_xcalloc(cap, sizeof(uint32_t));
	struct gx_buf b = GX_BUF_INIT;
	char *out;

	for (size_t i = 0; i < n; i++) {
		uint64_t carry = (uint64_t)hex_value((unsigned char)d[i]);

		for (size_t k = 0; k < used; k++) {
			uint64_t v = (uint64_t)limb[k] * radix + carry;

			limb[k] = (uint32_t)(v % 1000000000u);
			carry = v / 1000000000u;
		}
		if (carry)
			limb[used++] = (uint32_t)carry;
	}
	gx_buf_printf(&b, "%u", limb[used - 1]);
	for (size_t k = used - 1; k-- > 0;)
		gx_buf_printf(&b, "%09u", limb[k]);
	out = gx_arena_strdup(a, b.data);
	gx_buf_free(&b);
	return out;
}

#define SX_MAX_RADIX_DIGITS 4096

static struct sx *make_int(struct rd *r, const struct sx_num *n, struct sx_loc loc)
{
	struct sx *x = sx_new(r->a, SX_INT, loc);
	const char *dec;
	char *end;

	if (n->radix != 10 && n->ndigits > SX_MAX_RADIX_DIGITS)
		return fail_at(r, loc, "integer with more than %d digits in radix %u",
		               SX_MAX_RADIX_DIGITS, n->radix);
	dec = n->radix == 10 ? gx_arena_strndup(r->a, n->digits, n->ndigits)
	                     : radix_to_decimal(r->a, n->digits, n->ndigits, n->radix);
	errno = 0;
	x->u.num.i = (int64_t)strtoll(dec, &end, 10);
	if (n->negative)
		x->u.num.i = -x->u.num.i;
	if (errno == ERANGE || strlen(dec) > 18) {
		/* Let strtoll decide the int64 range precisely. */
		char *full = gx_arena_printf(r->a, "%s%s", n->negative ? "-" : "", dec);

		errno = 0;
		x->u.num.i = (int64_t)strtoll(full, &end, 10);
		if (errno == ERANGE) {
			x->u.num.i = 0;
			x->u.num.text = full;
		}
	}
	return x;
}
