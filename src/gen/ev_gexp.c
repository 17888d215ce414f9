/* ev: gexps as data.  `#~T` makes a template whose `#$X` parts are evaluated
 * at once (as Guix does) and kept as values.  A shepherd-service's start and
 * stop gexps are then read, not run: make-forkexec-constructor (and its
 * keywords), make-timer-constructor (its event read by ev_timer.c),
 * make-kill-destructor, make-timer-destructor,
 * make-system-constructor/-destructor and (const ...) become fields of the
 * os_service.  Any other gexp is an error that names it.  Packages and
 * file-likes inside become in-container paths. */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "ev_internal.h"

#define CAR(x) ((x)->u.pair.car)
#define CDR(x) ((x)->u.pair.cdr)
#define IS_PAIR(x) ((x) != NULL && (x)->type == SX_PAIR)
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The environment Guix gives services, in gxsys's layout (profile at /usr). */
#define DEFAULT_PATH "PATH=/usr/sbin:/usr/bin:/sbin:/bin"

static struct ev *template(struct ev_ctx *c, const struct sx *x, struct ev_env *env, int level);

/* A literal integer beyond 64 bits in datum X (or its vector), which
 * ev_from_datum keeps only approximately: a gexp's text must not change. */
static const struct sx *bignum(const struct sx *x)
{
	if (x->type == SX_PAIR)
		for (; x->type == SX_PAIR; x = x->u.pair.cdr) {
			const struct sx *b = bignum(x->u.pair.car);

			if (b != NULL)
				return b;
		}
	if (x->type == SX_VECTOR)
		for (size_t i = 0; i < x->u.vec.len; i++) {
			const struct sx *b = bignum(x->u.vec.items[i]);

			if (b != NULL)
				return b;
		}
	return x->type == SX_INT && x->u.num.text != NULL ? x : NULL;
}

static struct ev *ungexp(struct ev_ctx *c, const struct sx *x, struct ev_env *env, bool splice)
{
	struct ev *v, *u;

	if (sx_list_length(x) != 2)
		return ev_fail(c, x->loc, "bad #$ form");
	if ((v = ev_eval(c, CAR(CDR(x)), env)) == NULL)
		return NULL;
	if (splice && !ev_is_list(v))
		return ev_fail(c, x->loc, "#$@: not a list: %s", ev_repr(c, v));
	u = ev_new(c, EV_UNGEXP, x->loc);
	u->u.ungexp.val = v;
	u->u.ungexp.splice = splice;
	return u;
}

static struct ev *template(struct ev_ctx *c, const struct sx *x, struct ev_env *env, int level)
{
	if (c->err != NULL)
		return NULL;
	if (IS_PAIR(x) && CAR(x)->type == SX_SYMBOL) {
		const char *h = CAR(x)->u.str.text;

		if (level == 1 && (strcmp(h, "ungexp") == 0 || strcmp(h, "ungexp-native") == 0))
			return ungexp(c, x, env, false);
		if (level == 1 &&
		    (strcmp(h, "ungexp-splicing") == 0 || strcmp(h, "ungexp-native-splicing") == 0))
			return ungexp(c, x, env, true);
	}
	if (IS_PAIR(x)) {
		/* Along the spine iteratively; the body of a nested (gexp X) is one
		 * level deeper; (a . #$x) reads as (a ungexp x). */
		int inner = sx_is_symbol(CAR(x), "gexp") ? level + 1 : level;
		struct ev *head = NULL, **tail = &head;

		for (; IS_PAIR(x); x = CDR(x)) {
			struct ev *car;

			if (tail != &head && IS_PAIR(CDR(x)) && CDR(CDR(x))->type == SX_NIL &&
			    (sx_is_symbol(CAR(x), "ungexp") ||
			     sx_is_symbol(CAR(x), "ungexp-splicing")))
				break;
			if ((car = template(c, CAR(x), env, inner)) == NULL)
				return NULL;
			*tail = ev_cons(c, car, NULL, x->loc);
			tail = &(*tail)->u.pair.cdr;
		}
		*tail = template(c, x, env, inner);
		return *tail ? head : NULL;
	}
	if (bignum(x) != NULL)
		return ev_fail(c, bignum(x)->loc,
		               "integer %s in a gexp: gxsys keeps integers of 64 bits, and would "
		               "change it",
		               bignum(x)->u.num.text);
	return ev_from_datum(c, x);
}

struct ev *ev_make_gexp(struct ev_ctx *c, const struct sx *form, struct ev_env *env)
{
	struct ev *body = template(c, CAR(CDR(form)), env, 1);
	struct ev *g;

	if (body == NULL)
		return NULL;
	g = ev_new(c, EV_GEXP, form->loc);
	g->u.gexp = body;
	return g;
}

/* ---- reading templates ---- */

static bool is_call(const struct ev *v, const char *name)
{
	return v->type == EV_PAIR && v->u.pair.car->type == EV_SYMBOL &&
	       strcmp(v->u.pair.car->u.str.s, name) == 0;
}

static const char *head_name(struct ev_ctx *c, const struct ev *v)
{
	if (v->type == EV_PAIR && v->u.pair.car->type == EV_SYMBOL)
		return v->u.pair.car->u.str.s;
	return ev_repr(c, v);
}

static const char *gx_string(struct ev_ctx *c, struct ev *v, const char *what);

/* A value that must be one string: "...", #$X, (string-append ...). */
static const char *gx_string(struct ev_ctx *c, struct ev *v, const char *what)
{
	if (v->type == EV_STRING && strlen(v->u.str.s) == v->u.str.len)
		return v->u.str.s;
	if (v->type == EV_UNGEXP && !v->u.ungexp.splice) {
		struct ev *x = v->u.ungexp.val;

		if (x->type == EV_INT)
			return gx_arena_printf(c->arena, "%lld", (long long)x->u.i);
		return osb_path_of(c, x, v->loc);
	}
	if (is_call(v, "string-append")) {
		struct gx_buf b = GX_BUF_INIT;
		const char *r;

		for (struct ev *p = v->u.pair.cdr; p->type == EV_PAIR; p = p->u.pair.cdr) {
			const char *s = gx_string(c, p->u.pair.car, what);

			if (s == NULL) {
				gx_buf_free(&b);
				return NULL;
			}
			gx_buf_puts(&b, s);
		}
		r = gx_arena_strdup(c->arena, b.data ? b.data : "");
		gx_buf_free(&b);
		return r;
	}
	return ev_fail(c, v->loc, "%s: expected a string in the gexp, got %s", what, ev_repr(c, v)),
	       NULL;
}

struct strv {
	const char **v;
	size_t n, cap;
};

static void strv_add(struct ev_ctx *c, struct strv *s, const char *x)
{
	if (s->n + 1 >= s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		const char **v = gx_arena_alloc(c->arena, cap * sizeof(*v));

		if (s->n)
			memcpy(v, s->v, s->n * sizeof(*v));
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = x;
	s->v[s->n] = NULL;
}

static int gx_list(struct ev_ctx *c, struct ev *v, const char *what, struct strv *out);

static int add_items(struct ev_ctx *c, struct ev *list, const char *what, struct strv *out,
                     bool quoted)
{
	for (struct ev *p = list; p->type == EV_PAIR; p = p->u.pair.cdr) {
		struct ev *e = p->u.pair.car;
		const char *s;

		if (e->type == EV_UNGEXP && e->u.ungexp.splice) {
			if (gx_list(c, e, what, out) < 0)
				return -1;
			continue;
		}
		if (quoted && (e->type == EV_SYMBOL || e->type == EV_INT)) {
			s = e->type == EV_SYMBOL
			            ? e->u.str.s
			            : gx_arena_printf(c->arena, "%lld", (long long)e->u.i);
		} else if ((s = gx_string(c, e, what)) == NULL) {
			return -1;
		}
		strv_add(c, out, s);
	}
	return 0;
}

/* A list of strings: (list ...), '(...), #$L, #$@L, (cons X L), (append L...),
 * (default-environment-variables). */
static int gx_list(struct ev_ctx *c, struct ev *v, const char *what, struct strv *out)
{
	if (v->type == EV_UNGEXP) {
		struct ev *x = v->u.ungexp.val;

		if (!ev_is_list(x))
			return ev_failn(c, v->loc, "%s: expected a list, got %s", what,
			                ev_repr(c, x));
		for (struct ev *p = x; p->type == EV_PAIR; p = p->u.pair.cdr) {
			const char *s = osb_path_of(c, p->u.pair.car, v->loc);

			if (s == NULL)
				return -1;
			strv_add(c, out, s);
		}
		return 0;
	}
	if (is_call(v, "list"))
		return add_items(c, v->u.pair.cdr, what, out, false);
	if (is_call(v, "quote") && ev_list_length(v) == 2 && ev_is_list(v->u.pair.cdr->u.pair.car))
		return add_items(c, v->u.pair.cdr->u.pair.car, what, out, true);
	if (is_call(v, "cons") && ev_list_length(v) == 3) {
		const char *s = gx_string(c, v->u.pair.cdr->u.pair.car, what);

		if (s == NULL)
			return -1;
		strv_add(c, out, s);
		return gx_list(c, v->u.pair.cdr->u.pair.cdr->u.pair.car, what, out);
	}
	if (is_call(v, "append")) {
		for (struct ev *p = v->u.pair.cdr; p->type == EV_PAIR; p = p->u.pair.cdr)
			if (gx_list(c, p->u.pair.car, what, out) < 0)
				return -1;
		return 0;
	}
	if (is_call(v, "default-environment-variables") && ev_list_length(v) == 1) {
		strv_add(c, out, DEFAULT_PATH);
		return 0;
	}
	return ev_failn(c, v->loc, "%s: expected a list of strings in the gexp, got %s", what,
	                ev_repr(c, v));
}

static const char **strv_of(struct ev_ctx *c, struct strv *s)
{
	if (s->v == NULL)
		strv_add(c, s, NULL), s->n = 0;
	return s->v;
}

int ev_gexp_strings(struct ev_ctx *c, struct ev *gexp, const char *what, const char ***out)
{
	struct strv l = { 0 };

	if (gexp->type != EV_GEXP)
		return ev_failn(c, gexp->loc, "%s: expected a gexp, got %s", what,
		                ev_repr(c, gexp));
	if (gx_list(c, gexp->u.gexp, what, &l) < 0)
		return -1;
	*out = strv_of(c, &l);
	return 0;
}

/* ---- constructors ---- */

static const struct {
	const char *name;
	int sig;
} signals[] = {
	{ "SIGTERM", SIGTERM }, { "SIGINT", SIGINT },     { "SIGHUP", SIGHUP },
	{ "SIGQUIT", SIGQUIT }, { "SIGKILL", SIGKILL },   { "SIGUSR1", SIGUSR1 },
	{ "SIGUSR2", SIGUSR2 }, { "SIGWINCH", SIGWINCH },
};

/* A signal: a number (1 to 64) or one of the names above, written in the
 * gexp or #$ of one. */
static int signal_of(struct ev_ctx *c, struct ev *v, const char *what, int *out)
{
	struct ev *sig = v->type == EV_UNGEXP ? v->u.ungexp.val : v;
	size_t i = 0;

	if (sig->type == EV_INT && sig->u.i > 0 && sig->u.i < 65) {
		*out = (int)sig->u.i;
		return 0;
	}
	while (sig->type == EV_SYMBOL && i < N(signals) && strcmp(signals[i].name, sig->u.str.s))
		i++;
	if (sig->type != EV_SYMBOL || i == N(signals))
		return ev_failn(c, sig->loc, "%s: unknown signal %s", what, ev_repr(c, sig));
	*out = signals[i].sig;
	return 0;
}

typedef int (*kw_fn)(struct ev_ctx *c, struct os_service *s, struct ev *v);

/* Shepherd takes a name or a number (getpw, getgr): an integer, written in
 * the gexp or #$ of one.  Set *IS_ID and *ID for a number. */
static int account_id(struct ev_ctx *c, struct ev *v, const char *what, bool *is_id, long *id)
{
	struct ev *x = v->type == EV_UNGEXP && !v->u.ungexp.splice ? v->u.ungexp.val : v;

	*is_id = x->type == EV_INT;
	if (!*is_id)
		return 0;
	if (x->u.i < 0 || x->u.i > 4294967294LL)
		return ev_failn(c, v->loc, "%s: %lld is not a valid id (0 to 4294967294)", what,
		                (long long)x->u.i);
	*id = (long)x->u.i;
	return 0;
}
static int kw_user(struct ev_ctx *c, struct os_service *s, struct ev *v)
{
	if (account_id(c, v, "#:user", &s->uid_given, &s->uid) < 0)
		return -1;
	if (s->uid_given) {
		s->user = NULL;
		return 0;
	}
	return (s->user = gx_string(c, v, "#:user")) ? 0 : -1;
}
static int kw_group(struct ev_ctx *c, struct os_service *s, struct ev *v)
{
	if (account_id(c, v, "#:group", &s->gid_given, &s->gid) < 0)
		return -1;
	if (s->gid_given) {
		s->group = NULL;
		return 0;
	}
	return (s->group = gx_string(c, v, "#:group")) ? 0 : -1;
}
static int kw_log_file(struct ev_ctx *c, struct os_service *s, struct ev *v)
{
	if ((s->log_file = gx_string(c, v, "#:log-file")) == NULL)
		return -1;
	if (s->log_file[0] != '/')
		return ev_failn(c, v->loc, "#:log-file: expected an absolute path, got %s",
		                ev_repr(c, v));
	if (gx_has_control(s->log_file, strlen(s->log_file)))
		return ev_failn(c, v->loc,
		                "#:log-file: expected an absolute path without control "
		                "characters, got %s",
		                ev_repr(c, v));
	return 0;
}
static int kw_pid_file(struct ev_ctx *c, struct os_service *s, struct ev *v)
{
	if ((s->pid_file = gx_string(c, v, "#:pid-file")) == NULL)
		return -1;
	if (s->pid_file[0] != '/')
		return ev_failn(c, v->loc, "#:pid-file: expected an absolute path, got \"%s\"",
		                s->pid_file);
	return 0;
}
static int kw_directory(struct ev_ctx *c, struct os_service *s, struct ev *v)
{
	if ((s->directory = gx_string(c, v, "#:directory")) == NULL)
		return -1;
	if (s->directory[0] != '/')
		return ev_failn(c, v->loc, "#:directory: expected an absolute path, got \"%s\"",
		                s->directory);
	return 0;
}
static int kw_environment(struct ev_ctx *c, struct os_service *s, struct ev *v)
{
	struct strv l = { 0 };

	if (gx_list(c, v, "#:environment-variables", &l) < 0)
		return -1;
	for (size_t i = 0; i < l.n; i++)
		if (strchr(l.v[i], '=') == NULL || l.v[i][0] == '=')
			return ev_failn(c, v->loc,
			                "#:environment-variables: \"%s\" is not NAME=VALUE",
			                l.v[i]);
	s->environment = strv_of(c, &l);
	return 0;
}
static int kw_supplementary(struct ev_ctx *c, struct os_service *s, struct ev *v)
{
	struct strv l = { 0 };

	if (gx_list(c, v, "#:supplementary-groups", &l) < 0)
		return -1;
	s->supplementary_groups = strv_of(c, &l);
	return 0;
}
static int kw_timeout(struct ev_ctx *c, struct os_service *s, struct ev *v)
{
	struct ev *x = v->type == EV_UNGEXP ? v->u.ungexp.val : v;

	if (x->type != EV_INT || x->u.i < 1 || x->u.i > 3600)
		return ev_failn(c, v->loc, "#:pid-file-timeout: expected seconds (1 to 3600)");
	s->pid_file_timeout = (int)x->u.i;
	return 0;
}
static int kw_ignore(struct ev_ctx *c, struct os_service *s, struct ev *v)
{
	(void)c;
	(void)s;
	(void)v;
	return 0;
}

struct keyword {
	const char *name;
	kw_fn fn;
	bool command; /* also a keyword of a timer's (command ...) */
};

static const struct keyword forkexec_keywords[] = {
	{ "user", kw_user, true },
	{ "group", kw_group, true },
	{ "supplementary-groups", kw_supplementary, true },
	{ "log-file", kw_log_file, false },
	{ "pid-file", kw_pid_file, false },
	{ "pid-file-timeout", kw_timeout, false },
	{ "directory", kw_directory, true },
	{ "environment-variables", kw_environment, true },
	{ "create-session?", kw_ignore, false },
};

/* ARGS: #:KEYWORD VALUE... of WHAT, each in TABLE (only those marked
 * `command` when COMMAND). */
static int keywords(struct ev_ctx *c, struct os_service *s, struct ev *args, const char *what,
                    const struct keyword *table, size_t n, bool command)
{
	for (struct ev *p = args; p->type == EV_PAIR; p = p->u.pair.cdr->u.pair.cdr) {
		struct ev *k = p->u.pair.car;
		size_t i = 0;

		if (k->type != EV_KEYWORD || p->u.pair.cdr->type != EV_PAIR)
			return ev_failn(c, k->loc, "%s: expected #:KEYWORD VALUE, got %s", what,
			                ev_repr(c, k));
		while (i < n &&
		       (strcmp(table[i].name, k->u.str.s) != 0 || (command && !table[i].command)))
			i++;
		if (i == n)
			return ev_failn(c, k->loc, "%s: #:%s is not supported by gxsys", what,
			                k->u.str.s);
		if (table[i].fn(c, s, p->u.pair.cdr->u.pair.car) < 0)
			return -1;
	}
	return 0;
}

/* (WHAT LIST #:KEYWORD VALUE...): LIST is the command line; the keywords
 * are left in *REST. */
static int command_line(struct ev_ctx *c, struct ev *call, const char *what, struct os_service *s,
                        struct ev **rest)
{
	struct strv argv = { 0 };

	if (call->u.pair.cdr->type != EV_PAIR)
		return ev_failn(c, call->loc, "%s: missing command", what);
	if (gx_list(c, call->u.pair.cdr->u.pair.car, what, &argv) < 0)
		return -1;
	if (argv.n == 0)
		return ev_failn(c, call->loc, "%s: empty command", what);
	s->argv = strv_of(c, &argv);
	*rest = call->u.pair.cdr->u.pair.cdr;
	return 0;
}

static int forkexec(struct ev_ctx *c, struct ev *call, struct os_service *s)
{
	const char *what = "make-forkexec-constructor";
	struct ev *rest;

	if (command_line(c, call, what, s, &rest) < 0)
		return -1;
	return keywords(c, s, rest, what, forkexec_keywords, N(forkexec_keywords), false);
}

/* ---- timers ---- */

/* #$G of a gexp G stands for G's body. */
static struct ev *inline_gexp(struct ev *v)
{
	if (v->type == EV_UNGEXP && !v->u.ungexp.splice && v->u.ungexp.val->type == EV_GEXP)
		return v->u.ungexp.val->u.gexp;
	return v;
}

/* An int from 1 to MAX, written in the gexp or #$ of one; #f for 0 (no
 * limit) where FALSE_OK. */
static int positive(struct ev_ctx *c, struct ev *v, const char *what, int max, bool false_ok,
                    int *out)
{
	struct ev *x = v->type == EV_UNGEXP && !v->u.ungexp.splice ? v->u.ungexp.val : v;

	if (false_ok && x->type == EV_BOOL && !x->u.b) {
		*out = 0;
		return 0;
	}
	if (x->type != EV_INT || x->u.i < 1 || x->u.i > max)
		return ev_failn(c, v->loc, "%s: expected an integer from 1 to %d%s, got %s", what,
		                max, false_ok ? " or #f" : "", ev_repr(c, x));
	*out = (int)x->u.i;
	return 0;
}
static int kw_max_duration(struct ev_ctx *c, struct os_service *s, struct ev *v)
{
	/* gxsys-init counts it in milliseconds, in an int */
	return positive(c, v, "#:max-duration", INT_MAX / 1000, true, &s->timer->max_duration);
}
static int kw_occurrences(struct ev_ctx *c, struct os_service *s, struct ev *v)
{
	return positive(c, v, "#:occurrences", INT_MAX, false, &s->timer->occurrences);
}
static int kw_wait(struct ev_ctx *c, struct os_service *s, struct ev *v)
{
	struct ev *x = v->type == EV_UNGEXP && !v->u.ungexp.splice ? v->u.ungexp.val : v;

	if (x->type != EV_BOOL)
		return ev_failn(c, v->loc, "#:wait-for-termination?: expected #t or #f, got %s",
		                ev_repr(c, x));
	s->timer->wait_for_termination = x->u.b;
	return 0;
}
static int kw_termination_signal(struct ev_ctx *c, struct os_service *s, struct ev *v)
{
	return signal_of(c, v, "#:termination-signal", &s->stop_signal);
}

static const struct keyword timer_keywords[] = {
	{ "log-file", kw_log_file, false },
	{ "max-duration", kw_max_duration, false },
	{ "occurrences", kw_occurrences, false },
	{ "wait-for-termination?", kw_wait, false },
	{ "termination-signal", kw_termination_signal, false },
};

/* A timer's action: (command LINE #:user ...), whose keywords are
 * make-forkexec-constructor's for the process. */
static int timer_action(struct ev_ctx *c, struct ev *v, struct os_service *s)
{
	struct ev *rest;

	if (is_call(v, "command")) {
		if (command_line(c, v, "command", s, &rest) < 0)
			return -1;
		return keywords(c, s, rest, "command", forkexec_keywords, N(forkexec_keywords),
		                true);
	}
	if (is_call(v, "lambda") || is_call(v, "lambda*"))
		return ev_failn(c, v->loc,
		                "make-timer-constructor: gxsys cannot run a procedure as a timer's "
		                "action: only (command '(...) ...) is supported");
	return ev_failn(c, v->loc,
	                "make-timer-constructor: expected an action (command '(...) ...), got %s",
	                ev_repr(c, v));
}

/* (make-timer-constructor EVENT ACTION #:KEYWORD VALUE...) */
static int timer(struct ev_ctx *c, struct ev *call, struct os_service *s)
{
	const char *what = "make-timer-constructor";
	struct ev *args = call->u.pair.cdr;

	if (args->type != EV_PAIR || args->u.pair.cdr->type != EV_PAIR ||
	    args->u.pair.car->type == EV_KEYWORD ||
	    args->u.pair.cdr->u.pair.car->type == EV_KEYWORD)
		return ev_failn(c, call->loc, "%s: expected a calendar event and an action", what);
	s->timer = gx_arena_alloc(c->arena, sizeof(*s->timer));
	if (ev_timer_event(c, inline_gexp(args->u.pair.car), s->timer, &s->timer_cron) < 0 ||
	    timer_action(c, inline_gexp(args->u.pair.cdr->u.pair.car), s) < 0)
		return -1;
	return keywords(c, s, args->u.pair.cdr->u.pair.cdr, what, timer_keywords, N(timer_keywords),
	                false);
}

static const char *system_command(struct ev_ctx *c, struct ev *call)
{
	struct gx_buf b = GX_BUF_INIT;
	const char *r;

	if (call->u.pair.cdr->type != EV_PAIR)
		return ev_fail(c, call->loc, "%s: missing command", head_name(c, call)), NULL;
	for (struct ev *p = call->u.pair.cdr; p->type == EV_PAIR; p = p->u.pair.cdr) {
		const char *s = gx_string(c, p->u.pair.car, head_name(c, call));

		if (s == NULL) {
			gx_buf_free(&b);
			return NULL;
		}
		gx_buf_puts(&b, s);
	}
	r = gx_arena_strdup(c->arena, b.data);
	gx_buf_free(&b);
	return r;
}

static struct ev *gexp_body(struct ev_ctx *c, struct ev *g, const char *field, struct sx_loc loc)
{
	if (g->type != EV_GEXP)
		return ev_fail(c, loc,
		               "shepherd-service: field '%s': expected a gexp (#~...), got %s",
		               field, ev_repr(c, g));
	return g->u.gexp;
}

int ev_gexp_start(struct ev_ctx *c, struct ev *g, struct os_service *s, struct sx_loc loc)
{
	struct ev *t = gexp_body(c, g, "start", loc);

	if (t == NULL)
		return -1;
	if (is_call(t, "make-forkexec-constructor"))
		return forkexec(c, t, s);
	if (is_call(t, "make-timer-constructor"))
		return timer(c, t, s);
	if (is_call(t, "make-system-constructor"))
		return (s->system_start = system_command(c, t)) ? 0 : -1;
	if (is_call(t, "const") && ev_list_length(t) == 2)
		return 0; /* (const #t): a marker */
	return ev_failn(
	        c, g->loc,
	        "gxsys cannot run the start gexp '(%s ...)': only make-forkexec-constructor, "
	        "make-timer-constructor, make-system-constructor and (const #t) are supported",
	        head_name(c, t));
}

static int kill_destructor(struct ev_ctx *c, struct ev *t, struct os_service *s)
{
	struct ev *args = t->u.pair.cdr;

	if (args->type == EV_PAIR && args->u.pair.car->type != EV_KEYWORD) {
		if (signal_of(c, args->u.pair.car, "make-kill-destructor", &s->stop_signal) < 0)
			return -1;
		args = args->u.pair.cdr;
	}
	/* #:grace-period N: gxsys-init uses Shepherd's 5 s. */
	if (args->type == EV_PAIR && !(args->u.pair.car->type == EV_KEYWORD &&
	                               strcmp(args->u.pair.car->u.str.s, "grace-period") == 0))
		return ev_failn(c, t->loc, "make-kill-destructor: unexpected arguments");
	return 0;
}

int ev_gexp_stop(struct ev_ctx *c, struct ev *g, struct os_service *s, struct sx_loc loc)
{
	struct ev *t = gexp_body(c, g, "stop", loc);

	if (t == NULL)
		return -1;
	/* A timer is stopped by disarming it, which make-timer-destructor
	 * does in Shepherd; any other destructor would leave it firing. */
	if (is_call(t, "make-timer-destructor")) {
		if (s->timer == NULL)
			return ev_failn(c, g->loc,
			                "make-timer-destructor stops a timer, and this service's "
			                "start is not make-timer-constructor");
		if (ev_list_length(t) != 1)
			return ev_failn(c, t->loc, "make-timer-destructor: unexpected arguments");
		return 0;
	}
	if (s->timer != NULL)
		return ev_failn(c, g->loc,
		                "a timer (make-timer-constructor) is stopped with "
		                "#~(make-timer-destructor), not '(%s ...)'",
		                head_name(c, t));
	if (is_call(t, "make-kill-destructor"))
		return kill_destructor(c, t, s);
	if (is_call(t, "make-system-destructor"))
		return (s->system_stop = system_command(c, t)) ? 0 : -1;
	if (is_call(t, "const") && ev_list_length(t) == 2)
		return 0;
	return ev_failn(c, g->loc,
	                "gxsys cannot run the stop gexp '(%s ...)': only make-kill-destructor, "
	                "make-system-destructor, make-timer-destructor and (const #f) are "
	                "supported",
	                head_name(c, t));
}

/* ---- actions ---- */

static const char *repr_str(struct ev_ctx *c, const char *s)
{
	struct sx_loc none = { NULL, 0, 0 };

	return ev_repr(c, ev_cstring(c, s, none));
}

/* A string of an action's that boot.conf and herd's answer carry: no
 * control character (a tab or newline would cut herd's line). */
static const char *action_string(struct ev_ctx *c, const char *s, const char *what,
                                 struct sx_loc loc)
{
	if (gx_has_control(s, strlen(s)))
		return ev_fail(c, loc, "%s: control character in %s", what, repr_str(c, s)), NULL;
	return s;
}

/* (invoke PROG ARG...) or (system* PROG ARG...): a command action. */
static int action_command(struct ev_ctx *c, struct ev *call, const char *what,
                          struct bc_action *out)
{
	struct strv l = { 0 };

	if (call->u.pair.cdr->type != EV_PAIR)
		return ev_failn(c, call->loc, "%s: missing command", what);
	if (add_items(c, call->u.pair.cdr, what, &l, false) < 0)
		return -1;
	if (l.n == 0 || l.v[0][0] != '/')
		return ev_failn(c, call->loc,
		                "%s: the command must begin with an absolute file name "
		                "(#$(file-append PACKAGE \"/bin/PROGRAM\")), got %s",
		                what, l.n ? repr_str(c, l.v[0]) : "nothing");
	for (size_t i = 0; i < l.n; i++)
		if (l.v[i][0] == '\0' || action_string(c, l.v[i], what, call->loc) == NULL)
			return l.v[i][0] == '\0'
			               ? ev_failn(c, call->loc, "%s: an empty argument", what)
			               : -1;
	out->kind = BC_ACTION_COMMAND;
	out->command = (char **)strv_of(c, &l);
	return 1;
}

/* The first formal of a lambda's FORMALS, or NULL. */
static const char *first_formal(const struct ev *formals)
{
	if (formals->type == EV_PAIR && formals->u.pair.car->type == EV_SYMBOL)
		return formals->u.pair.car->u.str.s;
	return NULL;
}

static bool is_literal(const struct ev *v)
{
	return v->type == EV_BOOL || v->type == EV_STRING || v->type == EV_INT;
}

int ev_gexp_action(struct ev_ctx *c, struct ev *proc, const char *what, struct bc_action *out)
{
	struct ev *t = proc->type == EV_GEXP ? proc->u.gexp : NULL;
	struct ev *formals, *body, *first, *rest;

	if (t == NULL || !is_call(t, "lambda") || ev_list_length(t) < 3)
		return 0;
	formals = t->u.pair.cdr->u.pair.car;
	body = t->u.pair.cdr->u.pair.cdr;
	first = body->u.pair.car;
	rest = body->u.pair.cdr;
	/* Guix's shepherd-configuration-action: (format #t "~a~%" FILE) FILE */
	if (is_call(first, "format") && ev_list_length(first) == 4 &&
	    first->u.pair.cdr->u.pair.car->type == EV_BOOL && first->u.pair.cdr->u.pair.car->u.b &&
	    first->u.pair.cdr->u.pair.cdr->u.pair.car->type == EV_STRING &&
	    strcmp(first->u.pair.cdr->u.pair.cdr->u.pair.car->u.str.s, "~a~%") == 0 &&
	    ev_list_length(rest) <= 1) {
		const char *file =
		        gx_string(c, first->u.pair.cdr->u.pair.cdr->u.pair.cdr->u.pair.car, what);

		if (file == NULL || action_string(c, file, what, first->loc) == NULL)
			return -1;
		if (file[0] != '/')
			return ev_failn(c, first->loc, "%s: expected an absolute file name, got %s",
			                what, repr_str(c, file));
		out->kind = BC_ACTION_CONFIGURATION;
		out->file = (char *)file;
		return 1;
	}
	/* (invoke ...) or (system* ...), then at most a literal result */
	if ((is_call(first, "invoke") || is_call(first, "system*")) &&
	    (rest->type != EV_PAIR || (is_literal(rest->u.pair.car) && ev_list_length(rest) == 1)))
		return action_command(c, first, what, out);
	/* (kill PID SIGNAL), PID the first formal (the running value), then
	 * at most messages: herd says what it did itself. */
	if (is_call(first, "kill") && ev_list_length(first) == 3 && first_formal(formals) &&
	    first->u.pair.cdr->u.pair.car->type == EV_SYMBOL &&
	    strcmp(first->u.pair.cdr->u.pair.car->u.str.s, first_formal(formals)) == 0) {
		for (struct ev *p = rest; p->type == EV_PAIR; p = p->u.pair.cdr)
			if (!is_call(p->u.pair.car, "format") && !is_literal(p->u.pair.car))
				return 0;
		if (signal_of(c, first->u.pair.cdr->u.pair.cdr->u.pair.car, what, &out->signal) < 0)
			return -1;
		out->kind = BC_ACTION_SIGNAL;
		return 1;
	}
	return 0;
}
