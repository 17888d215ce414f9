/* svc: mcron-service-type (gnu/services/mcron.scm), run with Debian 12's
 * mcron, GNU mcron 1.0.8 on Guile 3.0.  Guix's mcron-configuration record
 * (mcron, jobs, log?, log-file, log-format, date-format, home-service?)
 * with Guix's defaults; other services extend it with lists of jobs, which
 * are appended to the configuration's, as Guix's extend does (an extension
 * alone instantiates it with its default configuration, as Guix's
 * default-value does).  With no job there is no service, as in Guix.  Each job, a gexp such as
 * #~(job "5 0 * * *" "updatedb"), is written to a job file of its own, as
 * Guix's (write '#$job) writes it (ev_gexp_write: #$ values by their
 * Scheme text, packages and file-like objects by their paths in the
 * container; what cannot be written exactly is a located error), lowered
 * like a file-like object into /etc/gxsys/files/mcron-job (-2, -3...).
 * The `mcron` service (provision mcron, requirement user-processes) runs
 * `mcron FILE...` with GUILE_AUTO_COMPILE=0 and Guix's PATH, its output
 * (and its jobs') in log-file, as Guix's.
 *
 * Where gxsys differs from Guix, because mcron 1.0.8 is older than Guix's
 * mcron 1.2:
 * - 1.0.8 has no --log, --log-format or --date-format, which Guix passes
 *   when log? is #t (the default): they are not passed (log?, log-format
 *   and date-format are checked, and unused).  The jobs' output goes to
 *   log-file, as in Guix, as they write it: without 1.2's "DATE JOB: "
 *   prefixes, and without 1.2's lines on each job's start and end.
 * - 1.0.8's job takes no #:user: each job file starts with a few lines of
 *   Guile that give `job` mcron 1.2's signature, (job TIME ACTION
 *   [DISPLAYABLE] #:user USER), on 1.0.8's set-configuration-user, so that
 *   a job with #:user runs as that user (1.0.8 sets its uid and gid, not
 *   its supplementary groups, as 1.2 does).
 * - Guix runs `mcron --schedule=20` on each job file when it builds the
 *   system, which catches a job that does not evaluate; gxsys does not run
 *   the jobs' Guile code on the host: such a job stops mcron when the
 *   system boots (in log-file).  `mcron --schedule=N /etc/gxsys/files/
 *   mcron-job*` inside the container lists the schedule, as does Guix's
 *   `herd schedule mcron` (the next 5 runs), which gxsys-init serves.
 * - home-service? is for Guix Home: #t is an error. */
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "mcron-configuration"

/* gxsys's own: mcron 1.2's job over 1.0.8's, defined once however many
 * job files mcron loads (into one module). */
static const char prologue[] =
        ";; gxsys: mcron 1.0.8's `job' takes no #:user; this gives it mcron 1.2's\n"
        ";; (job TIME ACTION [DISPLAYABLE] #:user USER), as Guix's mcron has.\n"
        "(define %gxsys-mcron-1.0.8-job\n"
        "  (if (defined? '%gxsys-mcron-1.0.8-job) %gxsys-mcron-1.0.8-job job))\n"
        "(define* (job time-proc action #:optional displayable #:key user)\n"
        "  (dynamic-wind\n"
        "    (lambda () (when user (set-configuration-user user)))\n"
        "    (lambda ()\n"
        "      (if displayable\n"
        "          (%gxsys-mcron-1.0.8-job time-proc action displayable)\n"
        "          (%gxsys-mcron-1.0.8-job time-proc action)))\n"
        "    (lambda () (when user (set-configuration-user (getuid))))))\n";

static struct ev *d_mcron(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "mcron", loc);
}

static const struct ev_field mcron_fields[] = {
	{ "mcron", D_FN, 0, NULL, d_mcron, NULL },
	{ "jobs", D_NIL, 0, NULL, NULL, NULL },
	{ "log?", D_TRUE, 0, NULL, NULL, NULL },
	{ "log-file", D_STRING, 0, "/var/log/mcron.log", NULL, NULL },
	{ "log-format", D_STRING, 0, "~1@*~a ~a: ~a~%", NULL, NULL },
	{ "date-format", D_FALSE, 0, NULL, NULL, NULL },
	{ "home-service?", D_FALSE, 0, NULL, NULL, NULL },
};

static const struct ev_rtd mcron_rtd = { RTD, mcron_fields, N(mcron_fields), false };

const struct ev_rtd *const svc_mcron_records[] = { &mcron_rtd, NULL };

/* A job file, named as Guix's computed-file "mcron-job", lowered as a
 * file-like object: its in-container path. */
static const char *job_file(struct ev_ctx *c, struct ev *job)
{
	struct gx_buf b = GX_BUF_INIT;
	struct ev *f;

	gx_buf_puts(&b, prologue);
	if (ev_gexp_write(c, job, "mcron job", &b) < 0) {
		gx_buf_free(&b);
		return NULL;
	}
	gx_buf_putc(&b, '\n');
	f = ev_new(c, EV_FILE, job->loc);
	f->u.file = gx_arena_alloc(c->arena, sizeof(*f->u.file));
	f->u.file->kind = F_PLAIN;
	f->u.file->name = "mcron-job";
	f->u.file->content = gx_arena_strdup(c->arena, b.data);
	f->u.file->len = b.len;
	f->u.file->mode = 0444;
	gx_buf_free(&b);
	return osb_path_of(c, f, job->loc);
}

/* The job files of LIST (a list of gexps), appended to FILES. */
static int job_files(struct ev_ctx *c, const struct ev *list, struct sx_loc loc, const char *who,
                     const char ***files, size_t *n)
{
	if (!ev_is_list(list))
		return ev_failn(c, loc, "%s: expected a list of gexps, got %s", who,
		                ev_repr(c, list));
	for (const struct ev *p = list; p->type == EV_PAIR; p = p->u.pair.cdr) {
		struct ev *job = p->u.pair.car;
		const char **v;

		if (job->type != EV_GEXP)
			return ev_failn(
			        c, job->loc.file ? job->loc : loc,
			        "%s: expected a gexp such as #~(job \"5 0 * * *\" \"updatedb\"), "
			        "got %s",
			        who, ev_repr(c, job));
		v = gx_arena_alloc(c->arena, (*n + 2) * sizeof(*v));
		if (*n > 0)
			memcpy(v, *files, *n * sizeof(*v));
		if ((v[*n] = job_file(c, job)) == NULL)
			return -1;
		v[++*n] = NULL;
		*files = v;
	}
	return 0;
}

static int check_fields(struct ev_ctx *c, const struct ev *cfg, const char **log_file)
{
	const char *format, *date;
	bool log, home;

	if (ev_get_bool(c, cfg, "log?", &log) < 0 ||
	    ev_get_string(c, cfg, "log-file", log_file) < 0 ||
	    ev_get_string(c, cfg, "log-format", &format) < 0 ||
	    ev_get_string_or_false(c, cfg, "date-format", &date) < 0 ||
	    ev_get_bool(c, cfg, "home-service?", &home) < 0)
		return -1;
	if (!svc_path_ok(*log_file, ""))
		return ev_failn(c, ev_record_loc(cfg, "log-file"),
		                RTD ": field 'log-file': expected an absolute path without white "
		                    "space, control characters or \".\" and \"..\" components, "
		                    "got %s",
		                ev_repr(c, ev_record_get(cfg, "log-file")));
	if (home)
		return ev_failn(c, ev_record_loc(cfg, "home-service?"),
		                RTD ": field 'home-service?': #t is for Guix Home's "
		                    "home-mcron-service-type; gxsys runs system services");
	return 0;
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	const struct ev *cfg = s->value;
	const char **files = NULL, *log_file, **argv, *prefix;
	size_t n = 0;
	struct ev *pkg;
	struct os_service *o;

	if (svc_check_value(c, s, "an") < 0 || check_fields(c, cfg, &log_file) < 0 ||
	    (pkg = svc_package(c, cfg, "mcron")) == NULL ||
	    job_files(c, ev_record_get(cfg, "jobs"), ev_record_loc(cfg, "jobs"),
	              RTD ": field 'jobs'", &files, &n) < 0)
		return -1;
	for (const struct svc_ext *e = s->exts; e != NULL; e = e->next)
		if (job_files(c, e->value, e->loc, e->origin, &files, &n) < 0)
			return -1;
	/* Guix's profile-service-type extension: the mcron package. */
	if ((prefix = osb_path_of(c, pkg, s->loc)) == NULL)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);
	if (n == 0)
		return 0; /* nothing to do, as Guix's */

	o = osb_add_service(c, "mcron-service-type", s->loc);
	o->provision = svc_split(c, "mcron");
	o->requirement = svc_split(c, "user-processes");
	argv = gx_arena_alloc(c->arena, (n + 2) * sizeof(*argv));
	argv[0] = gx_arena_printf(c->arena, "%s/bin/mcron", prefix);
	memcpy(argv + 1, files, n * sizeof(*argv));
	svc_set_argv(c, o, argv, n + 1);
	o->environment =
	        svc_split(c, "GUILE_AUTO_COMPILE=0 "
	                     "PATH=/run/current-system/profile/bin:/usr/bin:/usr/sbin:/bin:/sbin");
	o->log_file = log_file;
	svc_parent_dir(c, log_file);
	/* Guix's `herd schedule mcron`: the next 5 runs of the jobs. */
	{
		const char **act = gx_arena_alloc(c->arena, (n + 6) * sizeof(*act));

		act[0] = "/bin/sh";
		act[1] = "-c";
		act[2] = "GUILE_AUTO_COMPILE=0 exec \"$0\" --schedule=5 \"$@\"";
		memcpy(act + 3, argv, (n + 1) * sizeof(*act));
		act[n + 4] = NULL;
		svc_add_action(c, o, "schedule", BC_ACTION_COMMAND, NULL, 0, act);
		svc_action_doc(o, "Display jobs that are going to be scheduled.");
	}
	return 0;
}

const struct svc_def svc_mcron = {
	"mcron-service-type",
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
