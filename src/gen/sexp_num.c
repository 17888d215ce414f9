/* Numbers and characters for the reader: a faithful copy of the grammar of
 * Guile 3.0's string->number (numbers.c: mem2complex, mem2ureal,
 * mem2uinteger, mem2decimal_from_point), used to decide whether a token is
 * a number or a symbol exactly as Guile does; Guile's way of printing
 * flonums; and the Unicode tables Guile's printer consults. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sexp_int.h"
#include "util.h"

struct sx_urange {
	uint32_t first, last;
	int cat;
};

#include "sexp_unicode.h"

static const struct sx_urange *urange_find(const struct sx_urange *t, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < t[mid].first)
			hi = mid;
		else if (cp > t[mid].last)
			lo = mid + 1;
		else
			return &t[mid];
	}
	return NULL;
}

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

int sx_ucat(uint32_t cp)
{
	const struct sx_urange *r = urange_find(sx_ucat_ranges, N_ELEMS(sx_ucat_ranges), cp);

	return r ? r->cat : SX_UC_Cn;
}

#define M(c) (1u << SX_UC_##c)
#define MASK_GRAPHIC                                                                               \
	(M(Lu) | M(Ll) | M(Lt) | M(Lm) | M(Lo) | M(Mn) | M(Mc) | M(Me) | M(Nd) | M(Nl) | M(No) |   \
	 M(Pc) | M(Pd) | M(Ps) | M(Pe) | M(Pi) | M(Pf) | M(Po) | M(Sm) | M(Sc) | M(Sk) | M(So))
/* print.c's INITIAL_IDENTIFIER_MASK and SUBSEQUENT_IDENTIFIER_MASK */
#define MASK_INITIAL                                                                               \
	(M(Lu) | M(Ll) | M(Lt) | M(Lm) | M(Lo) | M(Mn) | M(Nl) | M(No) | M(Pd) | M(Pc) | M(Po) |   \
	 M(Sc) | M(Sm) | M(Sk) | M(So) | M(Co))
#define MASK_SUBSEQUENT (MASK_INITIAL | M(Nd) | M(Mc) | M(Me))

static bool in_mask(uint32_t cp, unsigned mask)
{
	return (mask >> sx_ucat(cp)) & 1u;
}

bool sx_uc_graphic(uint32_t cp)
{
	return in_mask(cp, MASK_GRAPHIC);
}
bool sx_uc_initial(uint32_t cp)
{
	return in_mask(cp, MASK_INITIAL);
}
bool sx_uc_subsequent(uint32_t cp)
{
	return in_mask(cp, MASK_SUBSEQUENT);
}
bool sx_uc_symbol_raw(uint32_t cp)
{
	return in_mask(cp, MASK_SUBSEQUENT | M(Zs));
}
bool sx_uc_decimal(uint32_t cp)
{
	return in_mask(cp, M(Nd));
}
bool sx_uc_combining(uint32_t cp)
{
	return urange_find(sx_combining_ranges, N_ELEMS(sx_combining_ranges), cp) != NULL;
}

size_t sx_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	static const uint32_t min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t n;
	uint32_t c;

	if (len == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0)
		n = 2, c = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		n = 3, c = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		n = 4, c = s[0] & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min[n] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

size_t sx_utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* ---- the scanner ---- */

enum exactness { NO_EXACTNESS, EXACT, INEXACT };

struct scan {
	const unsigned char *s;
	size_t len;
	unsigned radix;
	enum exactness forced;
	bool weird;   /* '#' digits, non-ASCII digits, ratio, complex */
	bool inexact; /* decimal point, exponent */
	bool inf, nan;
	bool exp_range; /* exponent beyond what Guile accepts */
	const char *why;
};

/* Guile's char_decimal_value; *adv gets the byte length of the char. */
static unsigned digit_value(struct scan *sc, size_t i, size_t *adv)
{
	unsigned char c = sc->s[i];
	uint32_t cp;

	*adv = 1;
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	if (c < 0x80)
		return 99;
	*adv = sx_utf8_decode(sc->s + i, sc->len - i, &cp);
	if (*adv == 0) {
		*adv = 1;
		return 99;
	}
	/* Guile takes any Unicode decimal digit; we only note that it did. */
	return sx_uc_decimal(cp) ? 0 : 99;
}

static bool is_nonascii_digit(struct scan *sc, size_t i)
{
	size_t adv;

	return sc->s[i] >= 0x80 && digit_value(sc, i, &adv) == 0;
}

static bool is_decimal_digit(struct scan *sc, size_t i, size_t *adv)
{
	*adv = 1;
	if (sc->s[i] >= '0' && sc->s[i] <= '9')
		return true;
	if (sc->s[i] < 0x80)
		return false;
	if (digit_value(sc, i, adv) == 0) {
		sc->weird = true;
		return true;
	}
	return false;
}

static bool mem2uinteger(struct scan *sc, size_t *pi, unsigned radix)
{
	size_t i = *pi, adv;
	bool hash = false;

	if (i == sc->len || digit_value(sc, i, &adv) >= radix)
		return false;
	if (is_nonascii_digit(sc, i))
		sc->weird = true;
	i += adv;
	while (i != sc->len) {
		if (sc->s[i] == '#') {
			hash = true;
			adv = 1;
		} else if (hash) {
			break;
		} else if (digit_value(sc, i, &adv) >= radix) {
			break;
		} else if (is_nonascii_digit(sc, i)) {
			sc->weird = true;
		}
		i += adv;
	}
	if (hash)
		sc->weird = true;
	*pi = i;
	return true;
}

static bool scan_exponent(struct scan *sc, size_t *pi)
{
	size_t i = *pi, adv;
	int sign = 1;
	long e = 0;

	if (++i == sc->len)
		return false;
	if (sc->s[i] == '-' || sc->s[i] == '+') {
		sign = sc->s[i] == '-' ? -1 : 1;
		if (++i == sc->len)
			return false;
	}
	if (!is_decimal_digit(sc, i, &adv))
		return false;
	while (i != sc->len && is_decimal_digit(sc, i, &adv)) {
		if (e <= 100000)
			e = e * 10 + (sc->s[i] >= '0' && sc->s[i] <= '9' ? sc->s[i] - '0' : 0);
		i += adv;
	}
	/* numbers.c: SCM_MAXEXP (308), or SCM_MAXEXP + DBL_DIG + 1 below. */
	if (e > (sign > 0 ? 308 : 308 + 15 + 1))
		sc->exp_range = true;
	sc->inexact = true;
	*pi = i;
	return true;
}

static bool mem2decimal_from_point(struct scan *sc, size_t *pi)
{
	size_t i = *pi, adv;
	bool hash = false;

	if (i == sc->len)
		return true;
	if (sc->s[i] == '.') {
		sc->inexact = true;
		for (i++; i != sc->len; i += adv) {
			if (is_decimal_digit(sc, i, &adv)) {
				if (hash)
					return false;
			} else if (sc->s[i] == '#') {
				hash = sc->weird = true;
				adv = 1;
			} else {
				break;
			}
		}
	}
	if (i != sc->len && strchr("dDeEfFlLsS", sc->s[i]) && sc->s[i] != '\0')
		if (!scan_exponent(sc, &i))
			return false;
	*pi = i;
	return true;
}

static bool match_ci(struct scan *sc, size_t i, const char *word)
{
	size_t n = strlen(word);

	if (i + n > sc->len)
		return false;
	for (size_t k = 0; k < n; k++) {
		unsigned char c = sc->s[i + k];

		if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != (unsigned char)word[k])
			return false;
	}
	return true;
}

static int scan_inf_nan(struct scan *sc, size_t *pi)
{
	size_t i = *pi, j;

	if (sc->forced == EXACT || i + 5 > sc->len)
		return 0;
	if (match_ci(sc, i, "inf") && sc->s[i + 3] == '.' && sc->s[i + 4] == '0') {
		sc->inf = true;
		*pi = i + 5;
		return 1;
	}
	if (match_ci(sc, i, "nan") && sc->s[i + 3] == '.') {
		j = i + 4;
		/* the "fraction" must be an integer equal to zero */
		if (!mem2uinteger(sc, &j, 10))
			return 0;
		for (size_t k = i + 4; k < j; k++)
			if (sc->s[k] != '0' && sc->s[k] != '#')
				return sc->s[k] >= 0x80 ? (sc->weird = true, 0) : 0;
		sc->nan = true;
		*pi = j;
		return 1;
	}
	return 0;
}

static bool mem2ureal(struct scan *sc, size_t *pi, bool allow_inf_nan)
{
	size_t i = *pi, adv;

	if (i == sc->len)
		return false;
	if (allow_inf_nan && scan_inf_nan(sc, pi))
		return true;
	if (sc->s[i] == '.') {
		if (sc->radix != 10 || i + 1 == sc->len || !is_decimal_digit(sc, i + 1, &adv))
			return false;
		if (!mem2decimal_from_point(sc, &i))
			return false;
		*pi = i;
		return true;
	}
	if (!mem2uinteger(sc, &i, sc->radix))
		return false;
	if (i != sc->len && sc->s[i] == '/') {
		sc->weird = true;
		sc->why = "rational numbers are not supported";
		if (++i == sc->len || !mem2uinteger(sc, &i, sc->radix))
			return false;
		/* Guile makes n/0 a symbol; we reject it like any ratio. */
	} else if (sc->radix == 10) {
		if (!mem2decimal_from_point(sc, &i))
			return false;
	}
	*pi = i;
	return true;
}

/* Returns true when the token after the prefix is a complex number in
 * Guile's grammar; sets sc->weird for every non-real form. */
static bool mem2complex(struct scan *sc, size_t i)
{
	int sign = 0;
	unsigned char c;

	if (i == sc->len)
		return false;
	if (sc->s[i] == '+' || sc->s[i] == '-') {
		sign = sc->s[i] == '+' ? 1 : -1;
		i++;
	}
	if (i == sc->len)
		return false;
	if (!mem2ureal(sc, &i, sign != 0)) {
		if (sign == 0 || (sc->s[i] != 'i' && sc->s[i] != 'I') || i + 1 != sc->len)
			return false;
		sc->weird = true;
		sc->why = "complex numbers are not supported";
		return true;
	}
	if (i == sc->len)
		return true;
	c = sc->s[i++];
	sc->weird = true;
	sc->why = "complex numbers are not supported";
	if (c == 'i' || c == 'I')
		return sign != 0 && i == sc->len;
	if (c == '@') {
		if (i == sc->len)
			return false;
		if (sc->s[i] == '+' || sc->s[i] == '-') {
			if (++i == sc->len)
				return false;
			sign = 1;
		} else {
			sign = 0;
		}
		return mem2ureal(sc, &i, sign != 0) && i == sc->len;
	}
	if (c == '+' || c == '-') {
		if (i == sc->len)
			return false;
		(void)mem2ureal(sc, &i, true);
		if (i == sc->len || (sc->s[i] != 'i' && sc->s[i] != 'I'))
			return false;
		return i + 1 == sc->len;
	}
	return false;
}

static int parse_prefix(struct scan *sc, size_t *pi)
{
	size_t i = 0;
	unsigned radix = 0;

	while (i + 2 < sc->len && sc->s[i] == '#') {
		unsigned char c = sc->s[i + 1];

		c = c >= 'A' && c <= 'Z' ? c + 32 : c;
		if (c == 'i' || c == 'e') {
			if (sc->forced != NO_EXACTNESS)
				return -1;
			sc->forced = c == 'i' ? INEXACT : EXACT;
		} else if (c == 'b' || c == 'o' || c == 'd' || c == 'x') {
			if (radix != 0)
				return -1;
			radix = c == 'b' ? 2 : c == 'o' ? 8 : c == 'd' ? 10 : 16;
		} else {
			return -1;
		}
		i += 2;
	}
	sc->radix = radix ? radix : 10;
	*pi = i;
	return 0;
}

static double to_double(const char *s, size_t len)
{
	char *buf = gx_xmalloc(len + 1);
	double r;

	for (size_t i = 0; i < len; i++)
		buf[i] = strchr("dDfFlLsS", s[i]) ? 'e' : s[i];
	buf[len] = '\0';
	r = strtod(buf, NULL);
	free(buf);
	return r;
}

static void finish_int(struct scan *sc, size_t start, struct sx_num *out)
{
	size_t i = start;

	out->kind = SX_NUM_INT;
	out->negative = sc->s[i] == '-';
	if (sc->s[i] == '-' || sc->s[i] == '+')
		i++;
	while (i + 1 < sc->len && sc->s[i] == '0')
		i++;
	out->radix = sc->radix;
	out->digits = (const char *)sc->s + i;
	out->ndigits = sc->len - i;
	if (out->ndigits == 1 && out->digits[0] == '0')
		out->negative = false;
}

void sx_num_scan(const char *tok, size_t len, struct sx_num *out)
{
	struct scan sc = { .s = (const unsigned char *)tok, .len = len };
	size_t start;

	memset(out, 0, sizeof(*out));
	out->kind = SX_NUM_NONE;
	if (parse_prefix(&sc, &start) < 0)
		return;
	/* Guile raises the exponent error while scanning, even if the rest
	 * of the token then makes it a symbol. */
	if (!mem2complex(&sc, start) && !sc.exp_range)
		return;
	if (sc.exp_range) {
		out->kind = SX_NUM_RANGE;
		out->why = "exponent out of range";
	} else if (sc.weird) {
		out->kind = SX_NUM_UNSUPPORTED;
		out->why = sc.why ? sc.why : "this number syntax is not supported";
	} else if (sc.inf || sc.nan) {
		out->kind = SX_NUM_REAL;
		out->real = sc.nan ? NAN : tok[start] == '-' ? -INFINITY : INFINITY;
	} else if (sc.inexact && sc.forced == EXACT) {
		out->kind = SX_NUM_UNSUPPORTED;
		out->why = "exact decimals (#e) are not supported";
	} else if (!sc.inexact) {
		finish_int(&sc, start, out);
		out->inexact = sc.forced == INEXACT;
		if (out->inexact) /* #i-0 is -0.0 */
			out->negative = tok[start] == '-';
	} else {
		out->kind = SX_NUM_REAL;
		out->real = to_double(tok + start, len - start);
	}
}

/* ---- printing flonums as Guile does ---- */

/* Shortest digits that read back as r: "d.ddde[+-]XX" from printf. */
static void shortest(double r, char *digits, int *nd, int *exp10)
{
	char buf[40];
	int p;

	for (p = 0; p < 17; p++) {
		snprintf(buf, sizeof(buf), "%.*e", p, r);
		if (strtod(buf, NULL) == r)
			break;
	}
	*nd = 0;
	for (char *s = buf; *s && *s != 'e'; s++)
		if (*s >= '0' && *s <= '9')
			digits[(*nd)++] = *s;
	while (*nd > 1 && digits[*nd - 1] == '0')
		(*nd)--;
	digits[*nd] = '\0';
	*exp10 = atoi(strchr(buf, 'e') + 1);
}

static void put_fixed(char *out, size_t size, const char *digits, int nd, int e)
{
	char buf[400];
	size_t n = 0;

	if (e < 0) {
		n += (size_t)snprintf(buf, sizeof(buf), "0.");
		for (int k = -1; k > e; k--)
			buf[n++] = '0';
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s", digits);
	} else {
		for (int k = 0; k <= e; k++)
			buf[n++] = k < nd ? digits[k] : '0';
		buf[n++] = '.';
		if (nd > e + 1)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s", digits + e + 1);
		else
			buf[n++] = '0';
	}
	buf[n] = '\0';
	snprintf(out, size, "%s", buf);
}

void sx_format_real(double r, char *out, size_t size)
{
	char digits[24];
	int nd, e;
	size_t n = 0;

	if (isnan(r)) {
		snprintf(out, size, "+nan.0");
		return;
	}
	if (isinf(r)) {
		snprintf(out, size, "%s", r < 0 ? "-inf.0" : "+inf.0");
		return;
	}
	if (signbit(r)) {
		out[n++] = '-';
		r = -r;
	}
	if (r == 0) {
		snprintf(out + n, size - n, "0.0");
		return;
	}
	shortest(r, digits, &nd, &e);
	if (e >= -3 && e <= (nd + 2 > 6 ? nd + 2 : 6)) {
		put_fixed(out + n, size - n, digits, nd, e);
		return;
	}
	snprintf(out + n, size - n, "%c.%se%d", digits[0], nd > 1 ? digits + 1 : "0", e);
}
