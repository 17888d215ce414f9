/* ev: internals shared by the evaluator's files (eval.c, ev_*.c) and the
 * service types.  Not for other modules: they use eval.h and os.h. */
#ifndef GX_EV_INTERNAL_H
#define GX_EV_INTERNAL_H

#include "ev_value.h"
#include "os.h"

/* Limits: a hostile config cannot hang the evaluator or exhaust its stack
 * or memory (documented in the README). */
#define EV_MAX_DEPTH 2000                     /* nested evaluations */
#define EV_MAX_STEPS 2000000L                 /* evaluation steps */
#define EV_MAX_MEMORY (512L * 1024 * 1024)    /* arena bytes */
#define EV_MAX_SERVICES 4096                  /* shepherd services */
#define EV_MAX_ACCOUNTS 4096                  /* users, and groups */
#define EV_MAX_FILES 16384                    /* /etc files */
#define EV_MAX_LOCAL_FILE (64L * 1024 * 1024) /* bytes read by local-file */

struct ev_binding {
	const char *name;
	struct ev *val;
};

struct ev_env {
	struct ev_env *parent;
	struct ev_binding *b;
	size_t n, cap;
	bool global;    /* the top level (always hashed) */
	bool hashed;    /* b has cap slots, open addressing (eval.c) */
	bool captured;  /* a closure's environment is it or under it */
	unsigned depth; /* frames above it: a lookup walks up to that many */
};

/* The model under construction (see ev_os.c). */
/* Room in ARR (N used of CAP, in C's arena) for one more element: a copy
 * twice as large when it is full. */
#define EV_ARENA_GROW(c, arr, n, cap)                                                              \
	do {                                                                                       \
		if ((n) == (cap)) {                                                                \
			size_t newcap_ = (cap) ? (cap)*2 : 16;                                     \
			void *p_ = gx_arena_alloc((c)->arena, newcap_ * sizeof(*(arr)));           \
			if (n)                                                                     \
				memcpy(p_, (arr), (n) * sizeof(*(arr)));                           \
			(arr) = p_;                                                                \
			(cap) = newcap_;                                                           \
		}                                                                                  \
	} while (0)

/* An account a service's own configuration names (osb_require_account). */
struct osb_account_ref {
	const char *name;
	bool group;       /* a group, else a user */
	const char *what; /* "httpd-config-file: field 'user'" */
	struct sx_loc loc;
};

struct osb {
	struct os_model *m;
	size_t cap_users, cap_groups, cap_packages, cap_services, cap_files, cap_dirs, cap_hosts,
	        cap_ignored, cap_dropped, cap_session_env, cap_checks;
	struct osb_account_ref *account_refs;
	size_t n_account_refs, cap_account_refs;
	unsigned n_lowered;
	struct ev *locale_list; /* the declaration's locale-definitions */
	const char *expanding;  /* the service type being expanded, or NULL */
	struct sx_loc expanding_loc;
};

struct ev_ctx {
	struct gx_arena *arena;
	const char *file; /* the config file, as given */
	const char *dir;  /* its directory (absolute), for local-file */
	struct ev_env *global;
	struct gx_error *err;
	int depth;
	long steps;
	const char *proc;           /* the named procedure being applied, for messages */
	const struct ev_prim *prim; /* the primitive being applied (record accessors) */
	struct sx_loc call;         /* the innermost located primitive call: where an
	                             * error about a value with no location of its
	                             * own (a global: %base-services) is reported */
	struct osb osb;
};

/* Service types at run time (values of EV_SERVICE_TYPE). */
struct svc_def;
struct ev_stype {
	const char *name;          /* "nginx-service-type", or simple-service's name */
	const struct svc_def *def; /* a built-in type; NULL for simple-service/custom */
	struct ev_stype *target;   /* simple-service: the type it extends */
	struct ev *value;          /* simple-service: the extension value */
	struct ev *default_value;  /* custom service-type: its default (NULL: none) */
	struct ev *extensions;     /* custom service-type: list of service-extension records */
	struct ev *compose;        /* custom service-type: compose and extend, or #f */
	struct ev *extend;
	struct sx_loc loc;
};

/* eval.c.  ev_eval, ev_eval_body and ev_apply return one value: the first
 * of multiple values (Guile's truncation), an error for zero.  The _mv
 * variants, for tail positions and the forms that take multiple values
 * (receive, let-values, call-with-values), may return an EV_VALUES. */
struct ev *ev_eval(struct ev_ctx *c, const struct sx *x, struct ev_env *env);
struct ev *ev_eval_body(struct ev_ctx *c, const struct sx *body, struct ev_env *env);
struct ev *ev_eval_mv(struct ev_ctx *c, const struct sx *x, struct ev_env *env);
struct ev *ev_eval_body_mv(struct ev_ctx *c, const struct sx *body, struct ev_env *env);
struct ev *ev_apply_mv(struct ev_ctx *c, struct ev *proc, struct ev **args, size_t n,
                       struct sx_loc loc);
/* V itself, or the first of its values (EV_VALUES); zero values: an error at LOC. */
struct ev *ev_single(struct ev_ctx *c, struct ev *v, struct sx_loc loc);
void ev_define(struct ev_ctx *c, struct ev_env *env, const char *name, struct ev *val);
/* Add NAME to a local ENV known not to bind it yet (no search). */
void ev_bind(struct ev_ctx *c, struct ev_env *env, const char *name, struct ev *val);
struct ev *ev_lookup(struct ev_env *env, const char *name);
struct ev_env *ev_env_new(struct ev_ctx *c, struct ev_env *parent);
struct ev *ev_const_proc(struct ev_ctx *c, struct ev *value, struct sx_loc loc);
/* compose's procedure of FNS[0..N) (N >= 1), or negate's of FNS[0]. */
struct ev *ev_compose_proc(struct ev_ctx *c, struct ev **fns, size_t n, bool negate,
                           struct sx_loc loc);
/* Optimal string alignment distance, and the largest one worth suggesting. */
size_t ev_edit_distance(const char *a, const char *b);
size_t ev_suggest_max(const char *name);
void ev_suggest(struct ev_ctx *c, struct ev_env *env, const char *name, struct gx_buf *out);

/* ev_lambda.c: lambda* and define* formals (#:optional, #:key, #:rest).
 * WHO names the form in messages. */
const struct ev_formals *ev_parse_formals(struct ev_ctx *c, const char *who,
                                          const struct sx *params);
/* Bind K's formals (K->star) to ARGS in FRAME: defaults are evaluated there. */
int ev_bind_formals(struct ev_ctx *c, const struct ev_closure *k, struct ev_env *frame,
                    struct ev **args, size_t n, struct sx_loc loc);

/* ev_values.c: values, call-with-values; receive, let-values, let*-values,
 * define-values (special forms). */
void ev_install_values(struct ev_ctx *c);
struct ev *ev_sf_receive(struct ev_ctx *c, const struct sx *form, struct ev_env *env);
struct ev *ev_sf_let_values(struct ev_ctx *c, const struct sx *form, struct ev_env *env);
struct ev *ev_sf_define_values(struct ev_ctx *c, const struct sx *form, struct ev_env *env);

/* ev_match.c: (ice-9 match)'s match, match-lambda(*), match-let(*). */
struct ev *ev_sf_match(struct ev_ctx *c, const struct sx *form, struct ev_env *env);
struct ev *ev_sf_match_lambda(struct ev_ctx *c, const struct sx *form, struct ev_env *env);
struct ev *ev_sf_match_let(struct ev_ctx *c, const struct sx *form, struct ev_env *env);
struct ev *ev_sf_match_next(struct ev_ctx *c, const struct sx *form, struct ev_env *env);

/* ev_prims.c: the primitive procedures and their table. */
void ev_install_prims(struct ev_ctx *c);
/* "PRIM: expected EXPECTED, got V", at LOC; NULL. */
struct ev *ev_type_error(struct ev_ctx *c, const char *prim, const struct ev *v,
                         const char *expected, struct sx_loc loc);
/* V is a proper list, else the error; A[0..N) are strings, else the error. */
bool ev_check_list(struct ev_ctx *c, const char *prim, const struct ev *v, struct sx_loc loc);
bool ev_check_strings(struct ev_ctx *c, const char *name, struct ev **a, size_t n,
                      struct sx_loc loc);
bool ev_eqv(const struct ev *x, const struct ev *y);
/* Code point CP in UTF-8. */
void ev_put_utf8(struct gx_buf *b, uint32_t cp);

/* A list built front to back. */
struct ev_list_builder {
	struct ev *head, **tail;
};

static inline void ev_lb_init(struct ev_ctx *c, struct ev_list_builder *b, struct sx_loc loc)
{
	b->head = ev_nil(c, loc);
	b->tail = &b->head;
}

static inline void ev_lb_add(struct ev_ctx *c, struct ev_list_builder *b, struct ev *v,
                             struct sx_loc loc)
{
	*b->tail = ev_cons(c, v, *b->tail, loc);
	b->tail = &(*b->tail)->u.pair.cdr;
}

/* ev_stdlib.c: SRFI-1, strings, characters and numbers beyond the core. */
void ev_install_stdlib(struct ev_ctx *c);

/* ev_guix.c: Guix's procedures (packages, file-likes, services). */
void ev_install_guix_prims(struct ev_ctx *c);
/* Guix's %sudoers-specification: the sudoers-file when none is given. */
extern const char ev_default_sudoers[];
extern const struct ev_rtd ev_host_rtd, ev_extension_rtd;

/* ev_records.c */
void ev_install_records(struct ev_ctx *c);
struct ev *ev_make_record(struct ev_ctx *c, const struct sx *form, const struct ev_rtd *rtd,
                          struct ev_env *env);
struct ev *ev_record_new(struct ev_ctx *c, const struct ev_rtd *rtd, struct sx_loc loc);
bool ev_locale_name_ok(const char *s);
int ev_record_fill_defaults(struct ev_ctx *c, struct ev *rec, struct sx_loc loc);
int ev_record_set(struct ev_ctx *c, struct ev *rec, const char *field, struct ev *val);
/* Guix's shepherd-trigger-action, made anew (for shepherd-timer too). */
struct ev *ev_trigger_action(struct ev_ctx *c);
/* Bind RTD's predicate (RTD?) and field accessors (RTD-FIELD, or Guix's own
 * name), except where a procedure of that name is bound already. */
void ev_install_accessors(struct ev_ctx *c, const struct ev_rtd *rtd);

/* ev_packages.c: Guix package identifiers to catalog names. */
const char *ev_package_name(const char *identifier); /* NULL: not a package identifier */
void ev_package_candidates(void (*fn)(void *arg, const char *name), void *arg);
struct ev *ev_base_packages(struct ev_ctx *c);
struct ev *ev_package(struct ev_ctx *c, const char *name, struct sx_loc loc);

/* ev_gexp.c */
struct ev *ev_make_gexp(struct ev_ctx *c, const struct sx *form, struct ev_env *env);
/* Fill S's start/stop from shepherd-service start and stop gexps. */
int ev_gexp_start(struct ev_ctx *c, struct ev *gexp, struct os_service *s, struct sx_loc loc);
int ev_gexp_stop(struct ev_ctx *c, struct ev *gexp, struct os_service *s, struct sx_loc loc);
/* A shepherd-action's PROCEDURE that gxsys-init can serve, into *OUT (its
 * kind and value; strings in the arena): Guix's
 * shepherd-configuration-action, (lambda ARGS (invoke PROG ARG...)) or
 * system*, and (lambda (PID . _) (kill PID SIGNAL) MESSAGES...).  1 when
 * recognised, 0 when not (a procedure only Guile could run), -1 on a
 * located error (WHAT names the action). */
int ev_gexp_action(struct ev_ctx *c, struct ev *proc, const char *what, struct bc_action *out);
/* The strings of a gexp of a list of strings (#~'("A" "B"), #~(list ...),
 * #~(append ...), #~#$L...), as #:environment-variables takes them: in *OUT
 * (NULL-terminated); else an error at the gexp, WHAT naming the value. */
int ev_gexp_strings(struct ev_ctx *c, struct ev *gexp, const char *what, const char ***out);
/* ev_timer.c: a timer's calendar event, (calendar-event #:months ...) or
 * (cron-string->calendar-event "M H DOM MON DOW"), from a start gexp into
 * T's sets, and *CRON the cron string (left as it is for calendar-event);
 * else an error at the form or the value. */
int ev_timer_event(struct ev_ctx *c, struct ev *event, struct bc_timer *t, const char **cron);
/* ev_gexp_write.c: GEXP's body as Guile source text, as Guix writes a
 * lowered gexp ((write '#$GEXP)): #$X and #$@X replaced by their values,
 * packages and file-like objects by their in-container paths, gexps by
 * their bodies; appended to OUT.  A value that has no written form, or
 * text that would not read back as the same code, is an error at the gexp
 * or the #$, WHAT naming the gexp ("mcron job"). */
int ev_gexp_write(struct ev_ctx *c, struct ev *gexp, const char *what, struct gx_buf *out);

/* ev_os.c: the model builder. */
struct os_model *ev_build_os(struct ev_ctx *c, struct ev *os);
struct os_service *osb_add_service(struct ev_ctx *c, const char *origin, struct sx_loc loc);
/* Append *A (its strings the arena's) to O's actions. */
void osb_add_action(struct ev_ctx *c, struct os_service *o, const struct bc_action *a);
/* The file at PATH (added before) is written only where no package has it. */
void osb_file_fallback(struct ev_ctx *c, const char *path);
int osb_add_file(struct ev_ctx *c, const char *path, const char *content, size_t len, unsigned mode,
                 const char *source, struct sx_loc loc);
void osb_add_package(struct ev_ctx *c, const char *name, const char *output, bool base,
                     struct sx_loc loc);
void osb_add_dir(struct ev_ctx *c, const char *path, const char *owner, const char *group,
                 unsigned mode);
void osb_add_host(struct ev_ctx *c, const char *address, const char **names);
/* A service runs in locale NAME (WHAT: "postgresql-configuration: field
 * 'locale'", for the error at LOC): C, POSIX and C.utf8 are always there;
 * any other must be one the system compiles, or one of Guix's defaults
 * the declaration keeps, which is then compiled too. */
int osb_use_locale(struct ev_ctx *c, const char *name, struct sx_loc loc, const char *what);
/* An /etc/environment variable; a name set twice is an error at LOC. */
int osb_add_session_env(struct ev_ctx *c, const char *name, const char *value, const char *origin,
                        struct sx_loc loc);
void osb_note(struct ev_ctx *c, bool dropped, const char *what, const char *why, struct sx_loc loc);
/* A check the build runs in its build container (struct os_check): ARGV
 * (NULL-terminated) is copied. */
void osb_add_check(struct ev_ctx *c, const char *const *argv, const char *what, struct sx_loc loc);
/* A service's configuration file names the account NAME (a group with
 * GROUP), which its daemon switches to: once every service is expanded
 * (an account may come from a later one), it must be declared, else an
 * error at LOC, "WHAT: user 'NAME' is not declared", instead of a daemon
 * that fails at boot.  A NAME of digits only is an id, not checked. */
void osb_require_account(struct ev_ctx *c, const char *name, bool group, const char *what,
                         struct sx_loc loc);
/* Accounts: from the config (from_service false) or a service type. */
int osb_add_user_record(struct ev_ctx *c, struct ev *rec, bool from_service);
int osb_add_group_record(struct ev_ctx *c, struct ev *rec, bool from_service);
/* A system group NAME, unless the system has a group of that name. */
void osb_add_system_group(struct ev_ctx *c, const char *name);
int osb_add_system_account(struct ev_ctx *c, const char *name, const char *group,
                           const char *comment, const char *home, struct sx_loc loc);
/* The in-container path of a package, file-append, file-like object (lowered
 * into /etc/gxsys/files/) or string.  NULL with the error set otherwise. */
const char *osb_path_of(struct ev_ctx *c, struct ev *v, struct sx_loc loc);
/* The contents of a file-like object (mixed-text-file parts lowered). */
int osb_file_content(struct ev_ctx *c, struct ev *v, const char **data, size_t *len,
                     struct sx_loc loc);
/* Turn a shepherd-service record into an os_service. */
int osb_add_shepherd_service(struct ev_ctx *c, struct ev *rec, const char *origin);

#endif
