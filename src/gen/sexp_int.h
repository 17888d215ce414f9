/* Internals shared by the reader (sexp.c), the number scanner (sexp_num.c)
 * and the writer (sexp_write.c).  Not part of the sx_ API. */
#ifndef GX_SEXP_INT_H
#define GX_SEXP_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Unicode general category of a code point as Guile 3.0 sees it
 * (generated table, sexp_unicode.h).  Returns an enum sx_ucat value. */
int sx_ucat(uint32_t cp);
bool sx_uc_graphic(uint32_t cp);    /* L, M, N, P or S */
bool sx_uc_combining(uint32_t cp);  /* combining class != 0 */
bool sx_uc_initial(uint32_t cp);    /* may start a plain symbol */
bool sx_uc_subsequent(uint32_t cp); /* may continue a plain symbol */
bool sx_uc_symbol_raw(uint32_t cp); /* printed as is inside #{ }# */
bool sx_uc_decimal(uint32_t cp);    /* Nd */

/* Decode one UTF-8 sequence; returns its length, 0 if invalid. */
size_t sx_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);
size_t sx_utf8_encode(uint32_t cp, char out[4]);

/* What Guile's string->number (radix 10) makes of a token. */
enum sx_numkind {
	SX_NUM_NONE,        /* not a number: a symbol */
	SX_NUM_INT,         /* an exact integer we represent */
	SX_NUM_REAL,        /* a flonum we represent */
	SX_NUM_UNSUPPORTED, /* a number we do not represent: .why says which */
	SX_NUM_RANGE,       /* Guile itself rejects it (exponent out of range) */
};

struct sx_num {
	enum sx_numkind kind;
	const char *why; /* for UNSUPPORTED and RANGE */
	/* SX_NUM_INT: sign and digits in `radix` (no leading sign) */
	bool negative;
	unsigned radix;
	const char *digits;
	size_t ndigits;
	bool inexact; /* #i: the integer is to become a flonum */
	/* SX_NUM_REAL: the value */
	double real;
};

/* Classify TOK as Guile's string->number would.  Never allocates except
 * for the REAL conversion scratch (freed before return). */
void sx_num_scan(const char *tok, size_t len, struct sx_num *out);

/* Guile's name for a character (#\nul, #\space...), NULL if none. */
const char *sx_char_name(uint32_t cp);

/* Format a double exactly as Guile 3.0 writes it; buf needs 40 bytes. */
void sx_format_real(double r, char *buf, size_t size);

#endif
