/* Unit tests of system_locale.c's names: glibc's normal form of a locale
 * name, and the localedef input and charmap Debian's SUPPORTED list gives
 * a declared locale, as its locale-gen reads them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "system_internal.h"
#include "util.h"

/* A piece of Debian 12's /usr/share/i18n/SUPPORTED, odd lines included. */
static const char supported[] = "# a comment en_US.UTF-8 UTF-8\n"
                                "aa_DJ.UTF-8 UTF-8\n"
                                "ca_ES@valencia UTF-8\n"
                                "de_DE.UTF-8 UTF-8\n"
                                "de_DE ISO-8859-1\n"
                                "de_DE@euro ISO-8859-15\n"
                                "en_US.UTF-8 UTF-8\n"
                                "en_US ISO-8859-1\n"
                                "en_US.ISO-8859-15 ISO-8859-15\n"
                                "sr_RS@latin UTF-8\r\n"
                                "broken-line-without-charset\n"
                                "ja_JP.EUC-JP EUC-JP";

static void test_normal(void **state)
{
	static const char *const cases[][2] = {
		{ "en_US.utf8", "en_US.utf8" },
		{ "en_US.UTF-8", "en_US.utf8" },
		{ "de_DE.ISO-8859-15@euro", "de_DE.iso885915@euro" },
		{ "de_DE@euro", "de_DE@euro" },
		{ "C", "C" },
		{ "ja_JP.EUC-JP", "ja_JP.eucjp" },
		{ "sr_RS.UTF-8@Latin", "sr_RS.utf8@Latin" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		_cleanup_free_ char *n = sysi_locale_normal(cases[i][0]);

		assert_string_equal(n, cases[i][1]);
	}
}

static void expect(const char *declared, const char *source, const char *charset)
{
	_cleanup_free_ char *normal = sysi_locale_normal(declared);
	_cleanup_free_ char *s = NULL, *c = NULL;

	assert_int_equal(sysi_locale_source(supported, normal, &s, &c), 1);
	assert_string_equal(s, source);
	assert_string_equal(c, charset);
}

static void expect_none(const char *declared)
{
	_cleanup_free_ char *normal = sysi_locale_normal(declared);
	char *s = NULL, *c = NULL;

	assert_int_equal(sysi_locale_source(supported, normal, &s, &c), 0);
	assert_null(s);
	assert_null(c);
}

static void test_source(void **state)
{
	(void)state;
	expect("en_US.utf8", "en_US", "UTF-8");
	expect("en_US.UTF-8", "en_US", "UTF-8");
	expect("en_US", "en_US", "ISO-8859-1");
	expect("en_US.iso88591", "en_US", "ISO-8859-1");
	expect("en_US.iso885915", "en_US", "ISO-8859-15");
	expect("de_DE@euro", "de_DE@euro", "ISO-8859-15");
	expect("de_DE.iso885915@euro", "de_DE@euro", "ISO-8859-15");
	expect("ca_ES.utf8@valencia", "ca_ES@valencia", "UTF-8");
	expect("sr_RS@latin", "sr_RS@latin", "UTF-8"); /* a CRLF line */
	expect("ja_JP.eucJP", "ja_JP", "EUC-JP");      /* the last line, no newline */
	expect("aa_DJ.utf8", "aa_DJ", "UTF-8");        /* the first line after a comment */
	expect_none("xx_YY.utf8");
	expect_none("de_DE.utf8@euro"); /* de_DE@euro is ISO-8859-15 only */
	expect_none("broken-line-without-charset");
	expect_none("en_US.utf");
	expect_none("en");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normal),
		cmocka_unit_test(test_source),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
