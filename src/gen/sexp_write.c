/* sx_write: print a datum exactly as Guile 3.0's `write' does (print.c):
 * the same string and character escapes, #{...}# for symbols that would
 * not read back as themselves, and Guile's flonum format. */
#include <stdio.h>
#include <string.h>

#include "sexp.h"
#include "sexp_int.h"

static void put_utf8(struct gx_buf *out, uint32_t cp)
{
	char u[4];

	gx_buf_add(out, u, sx_utf8_encode(cp, u));
}

/* Iterate the code points of a UTF-8 text (invalid bytes as U+FFFD). */
static size_t next_cp(const char *s, size_t len, size_t i, uint32_t *cp)
{
	size_t n = sx_utf8_decode((const unsigned char *)s + i, len - i, cp);

	if (n == 0) {
		*cp = 0xfffd;
		n = 1;
	}
	return n;
}

static void write_string_char(struct gx_buf *out, uint32_t c)
{
	static const char escapes[] = "abtnvfr";

	if (c == '"' || c == '\\') {
		gx_buf_putc(out, '\\');
		gx_buf_putc(out, (char)c);
	} else if (c == '\n') {
		gx_buf_puts(out, "\\n");
	} else if (c == ' ' || sx_uc_graphic(c)) {
		put_utf8(out, c);
	} else if (c >= 0x07 && c <= 0x0d) {
		gx_buf_putc(out, '\\');
		gx_buf_putc(out, escapes[c - 0x07]);
	} else if (c <= 0xff) {
		gx_buf_printf(out, "\\x%02x", c);
	} else if (c <= 0xffff) {
		gx_buf_printf(out, "\\u%04x", c);
	} else {
		gx_buf_printf(out, "\\U%06x", c);
	}
}

void sx_write_string(struct gx_buf *out, const char *s, size_t len)
{
	uint32_t c;

	gx_buf_putc(out, '"');
	for (size_t i = 0; i < len; i += next_cp(s, len, i, &c)) {
		next_cp(s, len, i, &c);
		write_string_char(out, c);
	}
	gx_buf_putc(out, '"');
}

void sx_write_char(struct gx_buf *out, uint32_t c)
{
	const char *name;

	gx_buf_puts(out, "#\\");
	if (sx_uc_combining(c)) {
		put_utf8(out, 0x25cc);
		put_utf8(out, c);
	} else if (sx_uc_graphic(c)) {
		put_utf8(out, c);
	} else if ((name = sx_char_name(c)) != NULL) {
		gx_buf_puts(out, name);
	} else {
		gx_buf_printf(out, "%o", c);
	}
}

/* print.c's symbol_has_extended_read_syntax */
static bool symbol_needs_braces(const char *s, size_t len)
{
	struct sx_num n;
	uint32_t c;
	size_t i;

	if (len == 0 || (len == 1 && s[0] == '.'))
		return true;
	if (strchr("'`,\";#", s[0]) && s[0] != '\0')
		return true;
	i = next_cp(s, len, 0, &c);
	if (!sx_uc_initial(c))
		return true;
	/* Symbols looking like :keywords or keywords: would be quoted if the
	 * reader took them as keywords; by default Guile prints them as is. */
	if (s[0] == ':' || s[len - 1] == ':')
		return false;
	sx_num_scan(s, len, &n);
	if (n.kind != SX_NUM_NONE)
		return true;
	while (i < len) {
		i += next_cp(s, len, i, &c);
		if (!sx_uc_subsequent(c) || c == '"' || c == ';' || c == '#')
			return true;
	}
	return false;
}

void sx_write_symbol(struct gx_buf *out, const char *s, size_t len)
{
	uint32_t c;

	if (!symbol_needs_braces(s, len)) {
		gx_buf_add(out, s, len);
		return;
	}
	gx_buf_puts(out, "#{");
	for (size_t i = 0; i < len;) {
		i += next_cp(s, len, i, &c);
		/* (Guile 3.0.8 prints a backslash as is, although reading
		 * it back takes it as an escape.) */
		if (sx_uc_symbol_raw(c)) {
			put_utf8(out, c);
		} else {
			gx_buf_printf(out, "\\x%x;", c);
		}
	}
	gx_buf_puts(out, "}#");
}

void sx_write_real(struct gx_buf *out, double r)
{
	char buf[64];

	sx_format_real(r, buf, sizeof(buf));
	gx_buf_puts(out, buf);
}

static void write_real(struct gx_buf *out, const struct sx *x)
{
	if (x->u.real.text != NULL)
		gx_buf_puts(out, x->u.real.text);
	else
		sx_write_real(out, x->u.real.r);
}

static void write_list(struct gx_buf *out, const struct sx *x)
{
	gx_buf_putc(out, '(');
	for (;;) {
		sx_write(out, x->u.pair.car);
		x = x->u.pair.cdr;
		if (x == NULL || x->type == SX_NIL)
			break;
		if (x->type != SX_PAIR) {
			gx_buf_puts(out, " . ");
			sx_write(out, x);
			break;
		}
		gx_buf_putc(out, ' ');
	}
	gx_buf_putc(out, ')');
}

static void write_vector(struct gx_buf *out, const struct sx *x)
{
	gx_buf_puts(out, "#(");
	for (size_t i = 0; i < x->u.vec.len; i++) {
		if (i > 0)
			gx_buf_putc(out, ' ');
		sx_write(out, x->u.vec.items[i]);
	}
	gx_buf_putc(out, ')');
}

void sx_write(struct gx_buf *out, const struct sx *x)
{
	if (x == NULL) {
		gx_buf_puts(out, "#<null>");
		return;
	}
	switch (x->type) {
	case SX_NIL:
		gx_buf_puts(out, "()");
		break;
	case SX_PAIR:
		write_list(out, x);
		break;
	case SX_VECTOR:
		write_vector(out, x);
		break;
	case SX_STRING:
		sx_write_string(out, x->u.str.text, x->u.str.len);
		break;
	case SX_SYMBOL:
		sx_write_symbol(out, x->u.str.text, x->u.str.len);
		break;
	case SX_KEYWORD:
		gx_buf_puts(out, "#:");
		sx_write_symbol(out, x->u.str.text, x->u.str.len);
		break;
	case SX_BOOL:
		gx_buf_puts(out, x->u.b ? "#t" : "#f");
		break;
	case SX_INT:
		if (x->u.num.text != NULL)
			gx_buf_puts(out, x->u.num.text);
		else
			gx_buf_printf(out, "%lld", (long long)x->u.num.i);
		break;
	case SX_REAL:
		write_real(out, x);
		break;
	case SX_CHAR:
		sx_write_char(out, x->u.ch);
		break;
	}
}
