/* svc: log-rotation-service-type (gnu/services/admin.scm), Shepherd's log
 * rotation, which gxsys-init does itself (src/init/svc_logrot.c).  Guix's
 * log-rotation-configuration record (provision, requirement,
 * calendar-event, external-log-files, compression, expiry, size-threshold)
 * with Guix's and Shepherd's defaults; other services extend it with
 * lists of file names, appended to external-log-files, as Guix's extend
 * does.  It is part of %base-services, as in Guix.
 *
 * The type gives boot.conf its log-rotation section (what is rotated, and
 * how: docs/boot-conf.md) and a timer service, `log-rotation` by default,
 * that runs `herd rotate-logs` at the calendar event, waiting for one run
 * to end before the next, as Shepherd's log-rotation-service is a timer.
 * What is rotated: every service's log file (#:log-file), the system log
 * (/var/log/messages) and the external files.  The compressor (zstd or gzip, from the profile) is
 * added to the system's packages, as a %base-packages member: one the
 * host does not have is skipped with the others, and rotated files then
 * stay uncompressed (herd says so).
 *
 * Where gxsys differs from Guix: expiry and size-threshold are integers,
 * or Guix's default gexps #~(%default-log-expiry) and
 * #~(%default-rotation-size-threshold) (gxsys runs no Guile code); the
 * system log is also renamed messages.1 by gxsys-init whenever it reaches
 * 2 MiB. */
#include <limits.h>
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "log-rotation-configuration"

/* Shepherd's %default-log-expiry (3 months) and
 * %default-rotation-size-threshold, in seconds and bytes. */
#define DEFAULT_EXPIRY (3L * 30 * 24 * 3600)
#define DEFAULT_SIZE_THRESHOLD 8192L

/* Guix's %default-log-rotation-calendar-event. */
static const char default_event[] =
        "#~(calendar-event #:minutes '(0) #:hours '(22) #:days-of-week '(sunday))";

static struct ev *symbols(struct ev_ctx *c, const char *name, struct sx_loc loc)
{
	return ev_cons(c, ev_symbol(c, name, loc), ev_nil(c, loc), loc);
}

static struct ev *d_provision(struct ev_ctx *c, struct sx_loc loc)
{
	return symbols(c, "log-rotation", loc);
}

static struct ev *d_requirement(struct ev_ctx *c, struct sx_loc loc)
{
	return symbols(c, "user-processes", loc);
}

static struct ev *d_calendar_event(struct ev_ctx *c, struct sx_loc loc)
{
	struct gx_error *err = NULL;
	struct sx *forms = sx_read_all(c->arena, "<log-rotation>", default_event,
	                               sizeof(default_event) - 1, &err);

	(void)loc;
	if (forms == NULL) { /* cannot happen: the text is ours */
		gx_error_free(err);
		return ev_bool(c, false, loc);
	}
	return ev_make_gexp(c, forms->u.pair.car, c->global);
}

static const struct ev_field fields[] = {
	{ "provision", D_FN, 0, NULL, d_provision, NULL },
	{ "requirement", D_FN, 0, NULL, d_requirement, NULL },
	{ "calendar-event", D_FN, 0, NULL, d_calendar_event, NULL },
	{ "external-log-files", D_NIL, 0, NULL, NULL, NULL },
	{ "compression", D_SYMBOL, 0, "zstd", NULL, NULL },
	{ "expiry", D_INT, DEFAULT_EXPIRY, NULL, NULL, NULL },
	{ "size-threshold", D_INT, DEFAULT_SIZE_THRESHOLD, NULL, NULL, NULL },
};

static const struct ev_rtd rtd = { RTD, fields, N(fields), false };

const struct ev_rtd *const svc_log_rotation_records[] = { &rtd, NULL };

/* expiry, size-threshold: an integer from MIN, or #~(DFLT_NAME) for
 * DFLT. */
static int integer(struct ev_ctx *c, const struct ev *cfg, const char *field, const char *dflt_name,
                   long dflt, long min, long *out)
{
	const struct ev *v = ev_record_get(cfg, field);

	if (v->type == EV_GEXP) {
		const struct ev *b = v->u.gexp;

		if (b->type == EV_PAIR && b->u.pair.car->type == EV_SYMBOL &&
		    strcmp(b->u.pair.car->u.str.s, dflt_name) == 0 &&
		    b->u.pair.cdr->type == EV_NIL) {
			*out = dflt;
			return 0;
		}
		return ev_failn(c, ev_record_loc(cfg, field),
		                RTD ": field '%s': gxsys runs no Guile code: expected an integer "
		                    "or #~(%s), got %s",
		                field, dflt_name, ev_repr(c, v));
	}
	return ev_get_int(c, cfg, field, min, LONG_MAX, out);
}

/* A list of external log files: absolute paths, one line of boot.conf's
 * and of PID 1's answer each. */
static int add_files(struct ev_ctx *c, const struct ev *list, struct sx_loc loc, const char *who,
                     const char ***files, size_t *n)
{
	if (!ev_is_list(list))
		return ev_failn(c, loc, "%s: expected a list of file names, got %s", who,
		                ev_repr(c, list));
	for (const struct ev *p = list; p->type == EV_PAIR; p = p->u.pair.cdr) {
		const struct ev *f = p->u.pair.car;
		const char **v;

		if (f->type != EV_STRING || strlen(f->u.str.s) != f->u.str.len ||
		    !svc_path_ok(f->u.str.s, ""))
			return ev_failn(c, f->loc.file ? f->loc : loc,
			                "%s: expected an absolute file name without white space, "
			                "control characters or \".\" and \"..\" components, got %s",
			                who, ev_repr(c, f));
		v = gx_arena_alloc(c->arena, (*n + 2) * sizeof(*v));
		if (*n > 0)
			memcpy(v, *files, *n * sizeof(*v));
		v[(*n)++] = f->u.str.s;
		v[*n] = NULL;
		*files = v;
	}
	return 0;
}

/* compression: 'zstd, 'gzip or 'none; the compressor's command (a filter
 * from stdin to stdout, in the profile) and suffix in R. */
static int compression(struct ev_ctx *c, const struct ev *cfg, struct sx_loc at,
                       struct bc_logrot *r)
{
	static const struct {
		const char *name, *option, *suffix;
	} methods[] = {
		{ "zstd", "-qc", ".zst" },
		{ "gzip", "-c", ".gz" },
	};
	const struct ev *v = ev_record_get(cfg, "compression");
	const char *name = v->type == EV_SYMBOL ? v->u.str.s : NULL;

	if (name != NULL && strcmp(name, "none") == 0)
		return 0;
	for (size_t i = 0; name != NULL && i < N(methods); i++) {
		if (strcmp(name, methods[i].name) != 0)
			continue;
		struct ev *pkg = ev_package(c, name, at);
		const char *prefix = osb_path_of(c, pkg, at);
		const char **argv = gx_arena_alloc(c->arena, 3 * sizeof(*argv));

		if (prefix == NULL)
			return -1;
		osb_add_package(c, name, NULL, true, at);
		argv[0] = gx_arena_printf(c->arena, "%s/bin/%s", prefix, name);
		argv[1] = methods[i].option;
		r->compress = (char **)argv;
		r->suffix = (char *)methods[i].suffix;
		return 0;
	}
	return ev_failn(c, ev_record_loc(cfg, "compression"),
	                RTD ": field 'compression': expected 'zstd, 'gzip or 'none, got %s",
	                ev_repr(c, v));
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	const struct ev *cfg = s->value;
	const char **provision, **requirement, **files = NULL;
	size_t n = 0;
	struct bc_logrot *r;
	struct os_service *o;
	struct ev *event;

	if (svc_check_value(c, s, "a") < 0 ||
	    svc_name_list(c, cfg, "provision", true, &provision) < 0 ||
	    svc_name_list(c, cfg, "requirement", false, &requirement) < 0)
		return -1;
	r = gx_arena_alloc(c->arena, sizeof(*r));
	if (integer(c, cfg, "expiry", "%default-log-expiry", DEFAULT_EXPIRY, 1, &r->expiry) < 0 ||
	    integer(c, cfg, "size-threshold", "%default-rotation-size-threshold",
	            DEFAULT_SIZE_THRESHOLD, 0, &r->size_threshold) < 0 ||
	    compression(c, cfg, s->loc, r) < 0 ||
	    add_files(c, ev_record_get(cfg, "external-log-files"),
	              ev_record_loc(cfg, "external-log-files"), RTD ": field 'external-log-files'",
	              &files, &n) < 0)
		return -1;
	for (const struct svc_ext *e = s->exts; e != NULL; e = e->next)
		if (add_files(c, e->value, e->loc, e->origin, &files, &n) < 0)
			return -1;
	r->files = (char **)files;

	o = osb_add_service(c, "log-rotation-service-type", s->loc);
	o->provision = provision;
	o->requirement = requirement;
	o->documentation = "Periodically rotate log files.";
	o->timer = gx_arena_alloc(c->arena, sizeof(*o->timer));
	o->timer->wait_for_termination = true;
	event = ev_record_get(cfg, "calendar-event");
	if (event->type != EV_GEXP)
		return ev_failn(c, ev_record_loc(cfg, "calendar-event"),
		                RTD ": field 'calendar-event': expected a gexp such as "
		                    "#~(calendar-event #:hours '(22)), got %s",
		                ev_repr(c, event));
	if (ev_timer_event(c, event->u.gexp, o->timer, &o->timer_cron) < 0)
		return -1;
	o->argv = svc_split(c, "/run/gxsys/bin/herd rotate-logs");
	c->osb.m->log_rotation = r;
	return 0;
}

const struct svc_def svc_log_rotation = {
	"log-rotation-service-type",
	SVC_RUN,
	NULL,
	RTD,
	SVC_DEFAULT_RECORD,
	NULL,
	NULL,
	false,
	expand,
	NULL,
};
