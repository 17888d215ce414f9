/* ev: the evaluator's values, shared by the evaluator (eval.c, ev_*.c) and
 * the service types (services/).  Every value lives in the evaluation's
 * arena and carries the location of the expression that made it. */
#ifndef GX_EV_VALUE_H
#define GX_EV_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "sexp.h"

enum ev_type {
	EV_NIL,
	EV_PAIR,
	EV_STRING,
	EV_SYMBOL,
	EV_KEYWORD,
	EV_BOOL,
	EV_INT,
	EV_REAL,
	EV_CHAR,
	EV_VECTOR,
	EV_UNSPEC,
	EV_CLOSURE,
	EV_PRIM,
	EV_RECORD_TYPE,
	EV_RECORD,
	EV_PACKAGE,
	EV_FILE,
	EV_GEXP,
	EV_UNGEXP,
	EV_SERVICE_TYPE,
	EV_SERVICE,
	EV_VALUES, /* multiple values (values 1 2): never data, see ev_single */
};

struct ev;
struct ev_ctx;
struct ev_env;
struct ev_formals;

/* Record types: Guix's define-record-type* records, with field defaults. */
enum ev_default {
	D_REQUIRED, /* no default: the field must be given */
	D_FALSE,
	D_TRUE,
	D_NIL,
	D_INT,     /* .i */
	D_STRING,  /* .s */
	D_SYMBOL,  /* .s */
	D_STRLIST, /* .s: a '\n'-separated list of strings */
	D_FN,      /* .fn computes it (thunked fields, records) */
	D_UNSET,   /* no value unless given (service-type default-value) */
};

struct ev_field {
	const char *name;
	enum ev_default dflt;
	long i;
	const char *s;
	struct ev *(*fn)(struct ev_ctx *c, struct sx_loc loc);
	const char *ignored; /* non-NULL: accepted, recorded as ignored (why) */
};

struct ev_rtd {
	const char *name; /* "user-account" */
	const struct ev_field *fields;
	size_t n_fields;
	bool open; /* accepts any field (configs of services dropped in a container) */
};

struct ev_record {
	const struct ev_rtd *rtd;
	struct ev **values;     /* n_fields entries, or the open list */
	struct sx_loc *locs;    /* where each field was given (file NULL: default) */
	struct ev *open_fields; /* open records: alist of (symbol . value) */
};

struct ev_closure {
	const char *name;  /* NULL for an anonymous lambda */
	struct ev *params; /* datum list (maybe improper: rest argument) */
	const struct sx *params_sx;
	const struct ev_formals *star; /* lambda*, define*: parsed formals; NULL: lambda */
	const struct sx *body;         /* list of body forms */
	struct ev_env *env;
};

typedef struct ev *(*ev_prim_fn)(struct ev_ctx *c, struct ev **args, size_t n, struct sx_loc loc);

struct ev_prim {
	const char *name;
	int min_args;
	int max_args; /* -1: variadic */
	ev_prim_fn fn;
};

enum ev_file_kind {
	F_PLAIN,  /* plain-file NAME CONTENT */
	F_LOCAL,  /* local-file: content read from a host file */
	F_MIXED,  /* mixed-text-file NAME PARTS...: lowered at use */
	F_APPEND, /* file-append BASE SUFFIX... */
	F_UNION,  /* file-union NAME ((NAME FILE) ...) */
};

struct ev_file {
	enum ev_file_kind kind;
	const char *name;
	const char *content; /* F_PLAIN, F_LOCAL */
	size_t len;
	const char *source; /* F_LOCAL: absolute host path */
	unsigned mode;
	struct ev *base;     /* F_APPEND: package or file-like */
	const char *suffix;  /* F_APPEND */
	struct ev *parts;    /* F_MIXED: list of strings/file-likes; F_UNION: entries */
	const char *lowered; /* in-container path once lowered */
};

struct ev_stype; /* service types: see services/services.h */

struct ev_service {
	struct ev_stype *type;
	struct ev *value;
	struct sx_loc loc;
};

struct ev {
	enum ev_type type;
	struct sx_loc loc;
	union {
		struct {
			struct ev *car, *cdr;
		} pair;
		struct {
			const char *s;
			size_t len;
		} str; /* EV_STRING, EV_SYMBOL, EV_KEYWORD */
		bool b;
		int64_t i;
		double r;
		uint32_t ch;
		struct {
			struct ev **items;
			size_t len;
		} vec;
		struct ev_closure *clo;
		const struct ev_prim *prim;
		const struct ev_rtd *rtd;
		struct ev_record *rec;
		struct {
			const char *name;
			const char *output; /* NULL: "out" */
			bool base;
		} pkg;
		struct ev_file *file;
		struct ev *gexp; /* EV_GEXP: the template, EV_UNGEXP inside */
		struct {
			struct ev *val;
			bool splice;
		} ungexp;
		struct ev_stype *stype;
		struct ev_service *svc;
	} u;
};

/* Constructors (arena of the evaluation). */
struct ev *ev_new(struct ev_ctx *c, enum ev_type t, struct sx_loc loc);
struct ev *ev_cons(struct ev_ctx *c, struct ev *car, struct ev *cdr, struct sx_loc loc);
struct ev *ev_string(struct ev_ctx *c, const char *s, size_t len, struct sx_loc loc);
struct ev *ev_cstring(struct ev_ctx *c, const char *s, struct sx_loc loc);
struct ev *ev_symbol(struct ev_ctx *c, const char *s, struct sx_loc loc);
struct ev *ev_bool(struct ev_ctx *c, bool b, struct sx_loc loc);
struct ev *ev_int(struct ev_ctx *c, int64_t i, struct sx_loc loc);
struct ev *ev_nil(struct ev_ctx *c, struct sx_loc loc);
struct ev *ev_unspec(struct ev_ctx *c, struct sx_loc loc);
struct ev *ev_from_datum(struct ev_ctx *c, const struct sx *x);
struct ev *ev_strlist(struct ev_ctx *c, const char *nl_separated, struct sx_loc loc);

bool ev_truthy(const struct ev *v);
bool ev_is_list(const struct ev *v);
size_t ev_list_length(const struct ev *v); /* SIZE_MAX if improper */
bool ev_equal(const struct ev *a, const struct ev *b);
const char *ev_type_name(const struct ev *v);
/* A short external representation for messages ("\"abc\"", "nginx", "#<package nginx>"). */
const char *ev_repr(struct ev_ctx *c, const struct ev *v);
void ev_write(struct gx_buf *out, const struct ev *v);
/* The same, never cut short: a datum as code a program reads (its depth
 * bounded by the caller). */
void ev_write_whole(struct gx_buf *out, const struct ev *v);

/* Records. */
struct ev *ev_record_get(const struct ev *rec, const char *field);
struct sx_loc ev_record_loc(const struct ev *rec, const char *field);
bool ev_record_is(const struct ev *v, const char *rtd_name);
const struct ev_rtd *ev_find_rtd(const char *name);

/* Errors located at LOC: "FILE:LINE:COL: message".  Return NULL / -1. */
struct ev *ev_fail(struct ev_ctx *c, struct sx_loc loc, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
int ev_failn(struct ev_ctx *c, struct sx_loc loc, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
bool ev_failed(const struct ev_ctx *c);
struct gx_arena *ev_arena(struct ev_ctx *c);
const char *ev_config_dir(const struct ev_ctx *c);

/* Typed field access for service modules: each fails with a located
 * message naming the record and field when the value has the wrong type. */
int ev_get_string(struct ev_ctx *c, const struct ev *rec, const char *field, const char **out);
int ev_get_string_or_false(struct ev_ctx *c, const struct ev *rec, const char *field,
                           const char **out);
int ev_get_bool(struct ev_ctx *c, const struct ev *rec, const char *field, bool *out);
int ev_get_int(struct ev_ctx *c, const struct ev *rec, const char *field, long lo, long hi,
               long *out);
int ev_get_strings(struct ev_ctx *c, const struct ev *rec, const char *field, const char ***out);
/* A list of strings/symbols/numbers (as Guix's serializers accept) to C strings. */
int ev_to_strings(struct ev_ctx *c, const struct ev *list, struct sx_loc loc, const char *what,
                  const char ***out);

/* Call a procedure value (closure or primitive) with arguments. */
struct ev *ev_apply(struct ev_ctx *c, struct ev *proc, struct ev **args, size_t n,
                    struct sx_loc loc);

#endif
