/* Unit tests of the reader (src/gen/sexp*.c): every datum kind, how each is
 * written back, every error and the locations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "arena.h"
#include "err.h"
#include "sexp.h"
#include "util.h"

/* Read `in` and write every datum back, one per line (as gxsys read). */
static char *rw(const char *in)
{
	struct gx_arena a = GX_ARENA_INIT;
	struct gx_buf out = GX_BUF_INIT;
	struct gx_error *err = NULL;
	struct sx *all = sx_read_all(&a, "t.scm", in, strlen(in), &err);

	if (all == NULL) {
		gx_buf_printf(&out, "ERROR %s", err->msg);
		gx_error_free(err);
	} else {
		for (struct sx *p = all; p->type == SX_PAIR; p = p->u.pair.cdr) {
			if (p != all)
				gx_buf_putc(&out, '\n');
			sx_write(&out, p->u.pair.car);
		}
	}
	gx_arena_free(&a);
	return gx_buf_steal(&out);
}

#define RW(in, expect)                                                                             \
	do {                                                                                       \
		char *got_ = rw(in);                                                               \
		assert_string_equal(got_, expect);                                                 \
		free(got_);                                                                        \
	} while (0)

static void test_lists(void **state)
{
	(void)state;
	RW("()", "()");
	RW("(a b c)", "(a b c)");
	RW("(a . b)", "(a . b)");
	RW("(a b . (c d))", "(a b c d)");
	RW("( . 1)", "1");
	RW("[a (b) [c]]", "(a (b) (c))");
	RW("(a .b)", "(a .b)");
	RW("((((x))))", "((((x))))");
	RW("#()", "#()");
	RW("#(1 (2 . 3) \"s\")", "#(1 (2 . 3) \"s\")");
	RW("a b\nc", "a\nb\nc");
	RW("", "");
	RW("  ; only a comment\n", "");
}

static void test_quotes(void **state)
{
	(void)state;
	RW("'a", "(quote a)");
	RW("`(a ,b ,@c)", "(quasiquote (a (unquote b) (unquote-splicing c)))");
	RW("#'a #`a #,a #,@a", "(syntax a)\n(quasisyntax a)\n(unsyntax a)\n(unsyntax-splicing a)");
	RW("#~(a #$b #$@c)", "(gexp (a (ungexp b) (ungexp-splicing c)))");
	RW("#+a #+@b", "(ungexp-native a)\n(ungexp-native-splicing b)");
	RW("' ; c\n a", "(quote a)");
}

static void test_strings(void **state)
{
	(void)state;
	RW("\"abc\"", "\"abc\"");
	RW("\"\\x41;\"", "\"A;\"");
	RW("\"\\u00e9\\U01F600\"", "\"é😀\"");
	RW("\"a\\\n  b\"", "\"a  b\"");
	RW("\"\\a\\b\\t\\n\\v\\f\\r\\0\\\\\\\"\\|\\(\"",
	   "\"\\a\\b\\t\\n\\v\\f\\r\\x00\\\\\\\"|(\"");
	RW("\"\x7f\xc2\x80\xc2\xa0\xe2\x80\x8b\"", "\"\\x7f\\x80\\xa0\\u200b\"");
	RW("\"\xf3\xa0\x80\x81\"", "\"\\U0e0001\"");
	RW("\"line\nbreak\"", "\"line\\nbreak\"");
}

static void test_symbols(void **state)
{
	(void)state;
	RW("abc %base-packages -> ... + - 1+", "abc\n%base-packages\n->\n...\n+\n-\n#{1+}#");
	RW("|foo bar|", "|foo\nbar|");
	RW("#{a b}# #{}# #{.}# . #{1}#", "#{a b}#\n#{}#\n#{.}#\n#{.}#\n#{1}#");
	RW("#{a\\x41;}# #{a}}b}# #{a}b}#", "aA\n#{a\\x7d;\\x7d;b}#\n#{a\\x7d;b}#");
	RW("{a} a#b a'b", "#{\\x7b;a\\x7d;}#\n#{a#b}#\na'b");
	RW("λ é", "λ\né");
	RW(":a a: A}: :#x", ":a\na:\nA}:\n:#x");
	RW("#{67<C:}# #{(a:}# #{a\\\\b}# #{a b\\\\}#", "#{67<C:}#\n#{\\x28;a:}#\na\\b\n#{a b\\}#");
	RW("+i", "ERROR t.scm:1:1: complex numbers are not supported: '+i'");
	RW("+a -> -. +. ..", "+a\n->\n-.\n+.\n..");
}

static void test_numbers(void **state)
{
	(void)state;
	RW("0 -0 +5 007 -12", "0\n0\n5\n7\n-12");
	RW("9223372036854775807 -9223372036854775808", "9223372036854775807\n-9223372036854775808");
	RW("123456789012345678901234567890 -99999999999999999999",
	   "123456789012345678901234567890\n-99999999999999999999");
	RW("#xff #x-FF #b101 #o17 #d10 #XAB", "255\n-255\n5\n15\n10\n171");
	RW("#x123456789abcdef0123456789", "90144042682896311822508713865");
	RW("1.0 1.5 .5 1. -0.0 +.5 1e3 1E3 1e10 1e21 1e-4 0.001",
	   "1.0\n1.5\n0.5\n1.0\n-0.0\n0.5\n1000.0\n1000.0\n1.0e10\n1.0e21\n1.0e-4\n0.001");
	RW("123.456 12345678901.5 1e100 5e-324 0.1",
	   "123.456\n12345678901.5\n1.0e100\n5.0e-324\n0.1");
	RW("+inf.0 -inf.0 +nan.0 -nan.0", "+inf.0\n-inf.0\n+nan.0\n+nan.0");
	RW("#i5 #e5 1s2 1d2", "5.0\n5\n100.0\n100.0");
	RW("1/2", "ERROR t.scm:1:1: rational numbers are not supported: '1/2'");
	RW("#e1.5", "ERROR t.scm:1:1: exact decimals (#e) are not supported: '#e1.5'");
	RW("1e400", "ERROR t.scm:1:1: exponent out of range: '1e400'");
	RW("5l2181f", "ERROR t.scm:1:1: exponent out of range: '5l2181f'");
	RW("#x#i10 #i#b-0 #i9007199254740993", "16.0\n-0.0\n9007199254740992.0");
	RW("1e 1e+ 1/ +inf.1", "#{1e}#\n#{1e+}#\n#{1/}#\n+inf.1");
	RW("#b102", "ERROR t.scm:1:1: unknown # object '#b102'");
}

static void test_ints_exact(void **state)
{
	struct gx_arena a = GX_ARENA_INIT;
	struct gx_error *err = NULL;
	const char *in = "42 -9223372036854775808 18446744073709551616";
	struct sx *all = sx_read_all(&a, "t", in, strlen(in), &err);

	(void)state;
	assert_non_null(all);
	assert_int_equal(sx_list_length(all), 3);
	assert_int_equal(all->u.pair.car->type, SX_INT);
	assert_int_equal(all->u.pair.car->u.num.i, 42);
	assert_null(all->u.pair.car->u.num.text);
	assert_true(all->u.pair.cdr->u.pair.car->u.num.i == INT64_MIN);
	assert_string_equal(all->u.pair.cdr->u.pair.cdr->u.pair.car->u.num.text,
	                    "18446744073709551616");
	gx_arena_free(&a);
}

static void test_chars_bools_keywords(void **state)
{
	(void)state;
	RW("#\\a #\\A #\\( #\\) #\\  #\\;", "#\\a\n#\\A\n#\\(\n#\\)\n#\\space\n#\\;");
	RW("#\\x41 #\\x #\\nul #\\NUL #\\alarm #\\x7f #\\x1b #\\null #\\sp #\\101",
	   "#\\A\n#\\x\n#\\nul\n#\\nul\n#\\alarm\n#\\delete\n#\\esc\n#\\nul\n#\\space\n#\\A");
	RW("#\\x80 #\\xa0 #\\xe9 #\\λ #\\x1F600", "#\\200\n#\\240\n#\\é\n#\\λ\n#\\😀");
	RW("#\\x301", "#\\◌́");
	RW("#\\newline #\\tab #\\linefeed", "#\\newline\n#\\tab\n#\\newline");
	RW("#\\foo", "ERROR t.scm:1:1: unknown character name 'foo'");
	RW("#\\xd800", "ERROR t.scm:1:1: character code #xd800 out of range");
	RW("#t #f #true #false #T #F #TRUE", "#t\n#f\n#t\n#f\n#t\n#f\n#t");
	RW("#tru #truex", "#t\nru\n#t\nx");
	RW("#:a #:1a #: b", "#:a\n#:#{1a}#\n#:b");
	RW("#:1", "ERROR t.scm:1:1: keyword prefix #: not followed by a symbol");
}

static void test_comments(void **state)
{
	(void)state;
	RW("a ; comment\nb", "a\nb");
	RW("#| a #| nested |# b |# c", "c");
	RW("(1 #;2 3)", "(1 3)");
	RW("(1 #;2)", "(1)");
	RW("#;(a b) c #;d", "c");
	RW("#; #;a b c", "c");
	RW("#!/usr/bin/guile -s\n!#\nx", "x");
}

static void test_errors(void **state)
{
	(void)state;
	RW("(a\n  (b", "ERROR t.scm:2:5: unexpected end of file in list opened at 2:3");
	RW("\"abc", "ERROR t.scm:1:5: unexpected end of file in string opened at 1:1");
	RW("#| x", "ERROR t.scm:1:5: unexpected end of file in block comment opened at 1:1");
	RW("'", "ERROR t.scm:1:2: unexpected end of file in quote opened at 1:1");
	RW("#;", "ERROR t.scm:1:3: unexpected end of file in #; comment opened at 1:1");
	RW("#(1", "ERROR t.scm:1:4: unexpected end of file in vector opened at 1:1");
	RW("#{a", "ERROR t.scm:1:4: unexpected end of file in symbol opened at 1:1");
	RW("#", "ERROR t.scm:1:2: unexpected end of file in # syntax opened at 1:1");
	RW(")", "ERROR t.scm:1:1: unexpected ')'");
	RW("(a ]", "ERROR t.scm:1:4: mismatched close paren ']'");
	RW("(1 . )", "ERROR t.scm:1:6: unexpected ')'");
	RW("(1 . 2 3)", "ERROR t.scm:1:8: expected ')' after the tail of a dotted list");
	RW("(1 .", "ERROR t.scm:1:5: unexpected end of file in list opened at 1:1");
	RW("\"\\e\"", "ERROR t.scm:1:3: invalid character in escape sequence: 'e'");
	RW("\"\\xZZ\"", "ERROR t.scm:1:4: invalid character in escape sequence: 'Z'");
	RW("#(1 . 2)", "ERROR t.scm:1:1: a vector cannot be a dotted list");
	RW("#nil", "ERROR t.scm:1:1: #nil is not supported");
	RW("#u8(1)", "ERROR t.scm:1:1: arrays, bytevectors and bit vectors (#u) are not supported");
	RW("#!fold-case", "ERROR t.scm:1:1: reader directive #!fold-case is not supported");
	RW("a \xff", "ERROR t.scm:1:3: invalid UTF-8");
	RW("#q", "ERROR t.scm:1:1: unknown # object '#q'");
}

static void test_limits(void **state)
{
	size_t n = SX_MAX_DEPTH + 1;
	char *deep = gx_xmalloc(2 * n + 1);
	char *got;

	(void)state;
	memset(deep, '(', n);
	memset(deep + n, ')', n);
	deep[2 * n] = '\0';
	got = rw(deep);
	assert_non_null(strstr(got, "nesting deeper than 1000 levels"));
	free(got);
	deep[2 * n - 1] = '\0';
	got = rw(deep + 1); /* exactly SX_MAX_DEPTH levels */
	assert_int_equal(got[0], '(');
	free(got);
	free(deep);
}

static void test_locations(void **state)
{
	struct gx_arena a = GX_ARENA_INIT;
	struct gx_error *err = NULL;
	const char *in = "(define x\n  \"é\" #:k)\n\t'y";
	struct sx *all = sx_read_all(&a, "f.scm", in, strlen(in), &err);
	struct sx *def, *y;

	(void)state;
	assert_non_null(all);
	def = all->u.pair.car;
	assert_string_equal(def->loc.file, "f.scm");
	assert_int_equal(def->loc.line, 1);
	assert_int_equal(def->loc.col, 1);
	assert_int_equal(def->u.pair.cdr->u.pair.car->loc.col, 9); /* x */
	assert_int_equal(def->u.pair.cdr->u.pair.cdr->u.pair.car->loc.line, 2);
	assert_int_equal(def->u.pair.cdr->u.pair.cdr->u.pair.car->loc.col, 3);
	/* columns count characters, not bytes */
	assert_int_equal(def->u.pair.cdr->u.pair.cdr->u.pair.cdr->u.pair.car->loc.col, 7);
	y = all->u.pair.cdr->u.pair.car;
	assert_int_equal(y->loc.line, 3);
	assert_int_equal(y->loc.col, 2);
	assert_int_equal(y->u.pair.cdr->u.pair.car->loc.col, 3);
	gx_arena_free(&a);
}

static void test_constructors(void **state)
{
	struct gx_arena a = GX_ARENA_INIT;
	struct sx_loc l = { "x", 1, 1 };
	struct sx *s = sx_symbol(&a, "foo", l);
	struct sx *str = sx_string(&a, "a\0b", 3, l);
	struct sx *list = sx_cons(&a, s, sx_cons(&a, str, sx_new(&a, SX_NIL, l), l), l);
	struct gx_buf b = GX_BUF_INIT;

	(void)state;
	assert_true(sx_is_symbol(s, "foo"));
	assert_false(sx_is_symbol(s, "bar"));
	assert_false(sx_is_symbol(str, "foo"));
	assert_int_equal(sx_list_length(list), 2);
	assert_int_equal(sx_list_length(sx_cons(&a, s, s, l)), SIZE_MAX);
	sx_write(&b, list);
	assert_string_equal(b.data, "(foo \"a\\x00b\")");
	gx_buf_free(&b);
	gx_arena_free(&a);
}

static void test_read_file(void **state)
{
	struct gx_arena a = GX_ARENA_INIT;
	struct gx_error *err = NULL;
	char path[] = "/tmp/test_sexp-XXXXXX";
	int fd = mkstemp(path);
	struct sx *all;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "(a\n b", 5), 5);
	close(fd);
	all = sx_read_file(&a, path, &err);
	assert_null(all);
	assert_non_null(strstr(err->msg, ":2:3: unexpected end of file in list opened at 1:1"));
	assert_int_equal(strncmp(err->msg, path, strlen(path)), 0);
	gx_error_free(err);
	err = NULL;
	unlink(path);
	assert_null(sx_read_file(&a, path, &err));
	assert_int_equal(err->status, GX_EXIT_SYSTEM);
	gx_error_free(err);
	gx_arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_symbols),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_ints_exact),
		cmocka_unit_test(test_chars_bools_keywords),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_locations),
		cmocka_unit_test(test_constructors),
		cmocka_unit_test(test_read_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
