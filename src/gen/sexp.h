/* sx: the s-expression reader for the Guile lexical syntax Guix configs use
 * (DESIGN.md §1).  Datums live in a caller-owned arena; every datum carries
 * the file:line:column where it starts.  No global state. */
#ifndef GX_SEXP_H
#define GX_SEXP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "util.h"

enum sx_type {
	SX_NIL, /* the empty list () */
	SX_PAIR,
	SX_VECTOR,
	SX_STRING,
	SX_SYMBOL,
	SX_KEYWORD, /* #:name; text holds "name" */
	SX_BOOL,
	SX_INT,  /* fits in int64: .i; bigger: .text holds the decimal digits
	          * (with a leading '-' when negative) and .i is 0 */
	SX_REAL, /* .r, and .text as Guile would write it */
	SX_CHAR, /* .ch, a Unicode code point */
};

struct sx_loc {
	const char *file; /* arena-owned; "<string>" for memory input */
	int line;         /* 1-based */
	int col;          /* 1-based, in characters */
};

struct sx {
	enum sx_type type;
	struct sx_loc loc;
	union {
		struct {
			struct sx *car, *cdr;
		} pair;
		struct {
			struct sx **items;
			size_t len;
		} vec;
		struct {
			char *text; /* UTF-8, NUL-terminated; may hold NUL in strings */
			size_t len;
		} str; /* SX_STRING, SX_SYMBOL, SX_KEYWORD */
		bool b;
		struct {
			int64_t i;
			char *text; /* NULL when i is exact */
		} num;              /* SX_INT */
		struct {
			double r;
			char *text;
		} real; /* SX_REAL */
		uint32_t ch;
	} u;
};

/* Limits (documented in the README): no input can exhaust stack or memory. */
#define SX_MAX_DEPTH 1000               /* nesting of lists, vectors, quotes */
#define SX_MAX_TOKEN (1024 * 1024)      /* bytes in one string/symbol/number */
#define SX_MAX_INPUT (16 * 1024 * 1024) /* bytes in one file or buffer */

/* Read every top-level datum of a buffer.  Returns a proper list of datums
 * (SX_NIL when empty) allocated in *arena, or NULL with *err set to
 * "FILE:LINE:COL: message".  `file` names the input in locations. */
struct sx *sx_read_all(struct gx_arena *arena, const char *file, const char *data, size_t len,
                       struct gx_error **err);
/* Same, reading the file first. */
struct sx *sx_read_file(struct gx_arena *arena, const char *path, struct gx_error **err);

/* True when a reader error means the input ended too early (an unfinished
 * list, string, comment...): its message starts with "unexpected end of
 * file".  False for bad input and I/O errors. */
bool sx_error_incomplete(const struct gx_error *err);

/* Write a datum exactly as Guile 3.0's `write` would. */
void sx_write(struct gx_buf *out, const struct sx *x);
/* The atoms, as sx_write writes them (Guile's write): a string of LEN
 * bytes of UTF-8, a symbol's name, a character, a flonum. */
void sx_write_string(struct gx_buf *out, const char *s, size_t len);
void sx_write_symbol(struct gx_buf *out, const char *s, size_t len);
void sx_write_char(struct gx_buf *out, uint32_t c);
void sx_write_real(struct gx_buf *out, double r);

/* Constructors and accessors used by the evaluator. */
struct sx *sx_new(struct gx_arena *a, enum sx_type t, struct sx_loc loc);
struct sx *sx_cons(struct gx_arena *a, struct sx *car, struct sx *cdr, struct sx_loc loc);
struct sx *sx_symbol(struct gx_arena *a, const char *name, struct sx_loc loc);
struct sx *sx_string(struct gx_arena *a, const char *s, size_t len, struct sx_loc loc);
bool sx_is_symbol(const struct sx *x, const char *name);
size_t sx_list_length(const struct sx *x); /* SIZE_MAX if improper */

#endif
