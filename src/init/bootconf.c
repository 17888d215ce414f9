/* boot.conf parser (libconfuse).  The format is documented in
 * docs/boot-conf.md; keep the two in step. */
#include "bootconf.h"

#include <confuse.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define BC_NO_ID (-1L)

/* The options, as pointer-free tables (in .rodata).  A static table of
 * cfg_opt_t holds pointers (names, defaults, subsections) that a static
 * PIE relocates at start, which makes its pages private, dirty copies in
 * every process, PID 1 included, for its whole life.  bc_opts_new() builds
 * libconfuse's tables on the heap for cfg_init(), which copies them. */
enum bc_kind { BC_END, BC_STR, BC_STR_LIST, BC_INT, BC_INT_LIST, BC_BOOL, BC_SEC };
enum bc_sec {
	BC_SEC_TOP,
	BC_SEC_MOUNT,
	BC_SEC_DIR,
	BC_SEC_HOME,
	BC_SEC_SERVICE,
	BC_SEC_TIMER,
	BC_SEC_LOGROT,
	BC_SEC_ACTION,
	BC_N_SECS
};

#define BC_OPTS_MAX 23 /* options of the largest section, service */
#define BC_TITLED (CFGF_MULTI | CFGF_TITLE | CFGF_NO_TITLE_DUPES)

struct bc_opt {
	char name[24];
	unsigned char kind;  /* enum bc_kind; BC_END ends a section */
	unsigned char sub;   /* BC_SEC: enum bc_sec */
	unsigned char flags; /* CFGF_* */
	char def_str[6];     /* BC_STR, lists: the default ("": none) */
	long def;            /* BC_INT, BC_BOOL: the default */
};

static const struct bc_opt bc_opts[BC_N_SECS][BC_OPTS_MAX] = {
	[BC_SEC_TOP] = {
		{ "system", BC_STR },
		{ "profile", BC_STR },
		{ "etc", BC_STR },
		{ "host-name", BC_STR, .def_str = "gxsys" },
		{ "network", BC_BOOL, .def = cfg_false },
		{ "net-admin", BC_BOOL, .def = cfg_false },
		{ "mount", BC_SEC, .sub = BC_SEC_MOUNT, .flags = CFGF_MULTI },
		{ "directory", BC_SEC, .sub = BC_SEC_DIR, .flags = BC_TITLED },
		{ "home", BC_SEC, .sub = BC_SEC_HOME, .flags = BC_TITLED },
		{ "service", BC_SEC, .sub = BC_SEC_SERVICE, .flags = BC_TITLED },
		{ "log-rotation", BC_SEC, .sub = BC_SEC_LOGROT, .flags = CFGF_MULTI },
	},
	[BC_SEC_MOUNT] = {
		{ "source", BC_STR },
		{ "target", BC_STR },
		{ "readonly", BC_BOOL, .def = cfg_true },
	},
	[BC_SEC_DIR] = {
		{ "uid", BC_INT, .def = 0 },
		{ "gid", BC_INT, .def = 0 },
		{ "mode", BC_INT, .def = 0755 },
	},
	[BC_SEC_HOME] = {
		{ "path", BC_STR },
		{ "uid", BC_INT, .def = BC_NO_ID },
		{ "gid", BC_INT, .def = BC_NO_ID },
	},
	[BC_SEC_SERVICE] = {
		{ "provision", BC_STR_LIST },
		{ "documentation", BC_STR },
		{ "requirement", BC_STR_LIST },
		{ "command", BC_STR_LIST },
		{ "stop-command", BC_STR_LIST },
		{ "environment", BC_STR_LIST },
		{ "directory", BC_STR },
		{ "log-file", BC_STR },
		{ "pid-file", BC_STR },
		{ "pid-file-timeout", BC_INT, .def = 30 },
		{ "uid", BC_INT, .def = 0 },
		{ "gid", BC_INT, .def = 0 },
		{ "groups", BC_INT_LIST },
		{ "stop-signal", BC_INT, .def = SIGTERM },
		{ "respawn", BC_BOOL, .def = cfg_true },
		{ "respawn-limit", BC_INT_LIST },
		{ "respawn-delay-ms", BC_INT, .def = 0 },
		{ "one-shot", BC_BOOL, .def = cfg_false },
		{ "auto-start", BC_BOOL, .def = cfg_true },
		{ "no-new-privileges", BC_BOOL, .def = cfg_false },
		{ "private-network", BC_BOOL, .def = cfg_false },
		{ "timer", BC_SEC, .sub = BC_SEC_TIMER, .flags = CFGF_MULTI },
		{ "action", BC_SEC, .sub = BC_SEC_ACTION, .flags = BC_TITLED },
	},
	[BC_SEC_TIMER] = {
		{ "months", BC_INT_LIST },
		{ "days-of-month", BC_INT_LIST },
		{ "days-of-week", BC_INT_LIST },
		{ "hours", BC_INT_LIST },
		{ "minutes", BC_INT_LIST },
		{ "seconds", BC_INT_LIST, .def_str = "{0}" },
		{ "max-duration", BC_INT, .def = 0 },
		{ "occurrences", BC_INT, .def = 0 },
		{ "wait-for-termination", BC_BOOL, .def = cfg_false },
	},
	[BC_SEC_LOGROT] = {
		{ "size-threshold", BC_INT, .def = 8192 },
		{ "expiry", BC_INT, .def = 0 },
		{ "files", BC_STR_LIST },
		{ "compress-command", BC_STR_LIST },
		{ "compress-suffix", BC_STR },
	},
	[BC_SEC_ACTION] = {
		{ "configuration", BC_STR },
		{ "signal", BC_INT, .def = 0 },
		{ "command", BC_STR_LIST },
		{ "documentation", BC_STR },
	},
};

static cfg_opt_t *bc_opts_new(enum bc_sec sec);

static cfg_opt_t bc_opt_make(const struct bc_opt *d)
{
	/* libconfuse takes defaults as char * but only reads them. */
	char *def = d->def_str[0] ? (char *)d->def_str : NULL;
	switch (d->kind) {
	case BC_STR:
		return (cfg_opt_t)CFG_STR(d->name, def, d->flags);
	case BC_STR_LIST:
		return (cfg_opt_t)CFG_STR_LIST(d->name, def, d->flags);
	case BC_INT:
		return (cfg_opt_t)CFG_INT(d->name, d->def, d->flags);
	case BC_INT_LIST:
		return (cfg_opt_t)CFG_INT_LIST(d->name, def, d->flags);
	case BC_BOOL:
		return (cfg_opt_t)CFG_BOOL(d->name, d->def ? cfg_true : cfg_false, d->flags);
	case BC_SEC:
		return (cfg_opt_t)CFG_SEC(d->name, bc_opts_new((enum bc_sec)d->sub), d->flags);
	default:
		return (cfg_opt_t)CFG_END();
	}
}

static cfg_opt_t *bc_opts_new(enum bc_sec sec)
{
	const struct bc_opt *d = bc_opts[sec];
	size_t n = 0;
	while (n < BC_OPTS_MAX && d[n].kind != BC_END)
		n++;
	cfg_opt_t *o = gx_xcalloc(n + 1, sizeof *o);
	for (size_t i = 0; i < n; i++)
		o[i] = bc_opt_make(&d[i]);
	o[n] = (cfg_opt_t)CFG_END();
	return o;
}

static void bc_opts_free(cfg_opt_t *o)
{
	for (cfg_opt_t *p = o; p && p->name; p++)
		if (p->type == CFGT_SEC)
			bc_opts_free(p->subopts);
	free(o);
}

/* libconfuse reports through a callback without a user pointer; the parser
 * is not reentrant anyway (it uses a global lexer).  The message goes to a
 * buffer that lives as long as bc_load(). */
#define BC_ERRMSG_MAX 512
static char *bc_errmsg;

static void bc_errfunc(cfg_t *cfg, const char *fmt, va_list ap)
        __attribute__((format(printf, 2, 0)));
static void bc_errfunc(cfg_t *cfg, const char *fmt, va_list ap)
{
	char msg[400];
	if (!bc_errmsg)
		return;
	vsnprintf(msg, sizeof msg, fmt, ap);
	if (cfg && cfg->filename && cfg->line > 0)
		snprintf(bc_errmsg, BC_ERRMSG_MAX, "%s:%d: %s", cfg->filename, cfg->line, msg);
	else if (cfg && cfg->filename)
		snprintf(bc_errmsg, BC_ERRMSG_MAX, "%s: %s", cfg->filename, msg);
	else
		snprintf(bc_errmsg, BC_ERRMSG_MAX, "%s", msg);
}

/* Where a semantic error is: the section's line when known.  The root's
 * line, once parsed, is the end of the file, not the option's, which
 * libConfuse does not keep: top-level errors name the file only. */
static int bc_bad(struct gx_error **err, const char *path, cfg_t *sec, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
static int bc_bad(struct gx_error **err, const char *path, cfg_t *sec, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *msg = gx_vasprintf(fmt, ap);
	va_end(ap);
	if (sec && sec->line > 0 && strcmp(sec->name, "root") != 0)
		return gx_fail_input(err, "%s:%d: %s", path, sec->line, msg);
	return gx_fail_input(err, "%s: %s", path, msg);
}

static void bc_cfg_freep(cfg_t **c)
{
	if (*c)
		cfg_free(*c);
}

struct bc_ctx {
	const char *path;
	struct gx_error **err;
};

static char *bc_path(struct bc_ctx *x, cfg_t *sec, const char *name, bool required)
{
	const char *v = cfg_getstr(sec, name);
	if (!v) {
		if (required)
			bc_bad(x->err, x->path, sec, "'%s' is required", name);
		return NULL;
	}
	if (v[0] != '/') {
		bc_bad(x->err, x->path, sec, "'%s' must be an absolute path: '%s'", name, v);
		return NULL;
	}
	return gx_xstrdup(v);
}

static int bc_int(struct bc_ctx *x, cfg_t *sec, const char *name, long lo, long hi, long *out)
{
	long v = cfg_getint(sec, name);
	if (v < lo || v > hi)
		return bc_bad(x->err, x->path, sec, "'%s' out of range (%ld to %ld): %ld", name, lo,
		              hi, v);
	*out = v;
	return 0;
}

static int bc_id(struct bc_ctx *x, cfg_t *sec, const char *name, unsigned *out)
{
	long v = 0;
	if (cfg_getint(sec, name) == BC_NO_ID)
		return bc_bad(x->err, x->path, sec, "'%s' is required", name);
	if (bc_int(x, sec, name, 0, (long)UINT_MAX - 1, &v) < 0)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static char **bc_strv(cfg_t *sec, const char *name)
{
	unsigned n = cfg_size(sec, name);
	char **v = gx_xcalloc(n + 1, sizeof *v);
	for (unsigned i = 0; i < n; i++)
		v[i] = gx_xstrdup(cfg_getnstr(sec, name, i));
	return v;
}

static int bc_load_mount(struct bc_ctx *x, cfg_t *sec, struct bc_mount *m)
{
	m->readonly = cfg_getbool(sec, "readonly");
	if (!(m->source = bc_path(x, sec, "source", true)))
		return -1;
	if (!cfg_getstr(sec, "target")) {
		m->target = gx_xstrdup(m->source);
		return 0;
	}
	m->target = bc_path(x, sec, "target", true);
	return m->target ? 0 : -1;
}

static int bc_load_dir(struct bc_ctx *x, cfg_t *sec, struct bc_dir *d)
{
	long mode = 0, id = 0;
	if (cfg_title(sec)[0] != '/')
		return bc_bad(x->err, x->path, sec, "directory '%s' must be an absolute path",
		              cfg_title(sec));
	d->path = gx_xstrdup(cfg_title(sec));
	if (bc_int(x, sec, "mode", 0, 07777, &mode) < 0)
		return -1;
	d->mode = (unsigned)mode;
	if (bc_int(x, sec, "uid", 0, (long)UINT_MAX - 1, &id) < 0)
		return -1;
	d->uid = (uid_t)id;
	if (bc_int(x, sec, "gid", 0, (long)UINT_MAX - 1, &id) < 0)
		return -1;
	d->gid = (gid_t)id;
	return 0;
}

static int bc_load_home(struct bc_ctx *x, cfg_t *sec, struct bc_home *h)
{
	h->user = gx_xstrdup(cfg_title(sec));
	if (!(h->path = bc_path(x, sec, "path", true)))
		return -1;
	if (bc_id(x, sec, "uid", &h->uid) < 0 || bc_id(x, sec, "gid", &h->gid) < 0)
		return -1;
	return 0;
}

/* provision = the title, then the listed names (the title not repeated). */
static char **bc_provision(cfg_t *sec)
{
	char **v = gx_strv_push(NULL, cfg_title(sec));
	for (unsigned i = 0; i < cfg_size(sec, "provision"); i++) {
		const char *p = cfg_getnstr(sec, "provision", i);
		if (strcmp(p, cfg_title(sec)) != 0)
			v = gx_strv_push(v, p);
	}
	return v;
}

static int bc_load_groups(struct bc_ctx *x, cfg_t *sec, struct bc_service *s)
{
	s->n_groups = cfg_size(sec, "groups");
	s->groups = gx_xcalloc(s->n_groups + 1, sizeof *s->groups);
	for (size_t i = 0; i < s->n_groups; i++) {
		long g = cfg_getnint(sec, "groups", (unsigned)i);
		if (g < 0 || g > (long)UINT_MAX - 1)
			return bc_bad(x->err, x->path, sec, "'groups' out of range: %ld", g);
		s->groups[i] = (gid_t)g;
	}
	return 0;
}

static int bc_load_service_paths(struct bc_ctx *x, cfg_t *sec, struct bc_service *s)
{
	static const char *const names[] = { "directory", "log-file", "pid-file" };
	char **dst[] = { &s->directory, &s->log_file, &s->pid_file };
	for (size_t i = 0; i < 3; i++)
		if (cfg_getstr(sec, names[i]) && !(*dst[i] = bc_path(x, sec, names[i], false)))
			return -1;
	/* one field of a line of `herd rotate-logs`'s answer (svc_logrot.c) */
	if (s->log_file != NULL && strpbrk(s->log_file, "\t\n") != NULL)
		return bc_bad(x->err, x->path, sec, "'log-file' must not hold a tab or a newline");
	return 0;
}

/* A calendar field: the values listed, as a bit set (none listed: 0, any);
 * each from LO to HI. */
static int bc_calendar_set(struct bc_ctx *x, cfg_t *sec, const char *name, int lo, int hi,
                           uint64_t *out)
{
	unsigned n = cfg_size(sec, name);
	*out = 0;
	for (unsigned i = 0; i < n; i++) {
		long v = cfg_getnint(sec, name, i);
		if (v < lo || v > hi)
			return bc_bad(x->err, x->path, sec,
			              "timer '%s' out of range (%d to %d): %ld", name, lo, hi, v);
		*out |= (uint64_t)1 << v;
	}
	return 0;
}

static int bc_load_timer(struct bc_ctx *x, cfg_t *sec, struct bc_service *s)
{
	struct bc_timer t = { 0 };
	uint64_t v[6];
	long n = 0;

	if (s->command == NULL)
		return bc_bad(x->err, x->path, sec, "a timer needs a 'command' to run");
	if (s->one_shot || s->pid_file != NULL || s->stop_command != NULL)
		return bc_bad(x->err, x->path, sec,
		              "a timer runs its command on its calendar: 'one-shot', 'pid-file' "
		              "and 'stop-command' are not for it");
	if (bc_calendar_set(x, sec, "months", 1, 12, &v[0]) < 0 ||
	    bc_calendar_set(x, sec, "days-of-month", 1, 31, &v[1]) < 0 ||
	    bc_calendar_set(x, sec, "days-of-week", 0, 6, &v[2]) < 0 ||
	    bc_calendar_set(x, sec, "hours", 0, 23, &v[3]) < 0 ||
	    bc_calendar_set(x, sec, "minutes", 0, 59, &v[4]) < 0 ||
	    bc_calendar_set(x, sec, "seconds", 0, 59, &v[5]) < 0)
		return -1;
	t.months = (uint16_t)v[0];
	t.days_of_month = (uint32_t)v[1];
	t.days_of_week = (uint8_t)v[2];
	t.hours = (uint32_t)v[3];
	t.minutes = v[4];
	t.seconds = v[5];
	if (bc_int(x, sec, "max-duration", 0, INT_MAX / 1000, &n) < 0)
		return -1;
	t.max_duration = (int)n;
	if (bc_int(x, sec, "occurrences", 0, INT_MAX, &n) < 0)
		return -1;
	t.occurrences = (int)n;
	t.wait_for_termination = cfg_getbool(sec, "wait-for-termination");
	s->timer = gx_xmalloc(sizeof *s->timer);
	*s->timer = t;
	return 0;
}

/* respawn-limit = {COUNT, SECONDS}, respawn-delay-ms = MS (absent or 0:
 * the supervisor's defaults). */
static int bc_load_respawn_limit(struct bc_ctx *x, cfg_t *sec, struct bc_service *s)
{
	long v = 0;
	unsigned n = cfg_size(sec, "respawn-limit");

	if (n != 0) {
		long count = cfg_getnint(sec, "respawn-limit", 0);
		long secs = n == 2 ? cfg_getnint(sec, "respawn-limit", 1) : 0;

		if (n != 2 || count < 1 || count > BC_RESPAWN_MAX || secs < 1 || secs > 86400)
			return bc_bad(x->err, x->path, sec,
			              "'respawn-limit' must be {COUNT, SECONDS}, COUNT 1 to %d and "
			              "SECONDS 1 to 86400",
			              BC_RESPAWN_MAX);
		s->respawn_max = (int)count;
		s->respawn_window = (int)secs;
	}
	if (bc_int(x, sec, "respawn-delay-ms", 0, 3600 * 1000, &v) < 0)
		return -1;
	s->respawn_delay_ms = (int)v;
	return 0;
}

static bool bc_plain(const char *s, const char *forbid);

static char *bc_dup_or_null(const char *s)
{
	return s != NULL ? gx_xstrdup(s) : NULL;
}

static int bc_load_action(struct bc_ctx *x, cfg_t *sec, struct bc_action *a)
{
	const char *file = cfg_getstr(sec, "configuration");
	long sig = cfg_getint(sec, "signal");
	unsigned n = cfg_size(sec, "command");

	a->name = gx_xstrdup(cfg_title(sec));
	a->documentation = bc_dup_or_null(cfg_getstr(sec, "documentation"));
	if (!bc_action_name_ok(a->name))
		return bc_bad(x->err, x->path, sec,
		              "action name '%s' must be 1 to 32 lower-case letters, digits "
		              "or '-', and not one of herd's own verbs",
		              a->name);
	if ((file != NULL) + (sig != 0) + (n > 0) != 1)
		return bc_bad(x->err, x->path, sec,
		              "action '%s' needs exactly one of 'configuration', 'signal' "
		              "and 'command'",
		              a->name);
	if (file != NULL) {
		a->kind = BC_ACTION_CONFIGURATION;
		if (file[0] != '/' || !bc_plain(file, "\n"))
			return bc_bad(x->err, x->path, sec,
			              "action '%s': 'configuration' must be an absolute file "
			              "name without newlines",
			              a->name);
		a->file = gx_xstrdup(file);
	} else if (sig != 0) {
		a->kind = BC_ACTION_SIGNAL;
		if (bc_int(x, sec, "signal", 1, 64, &sig) < 0)
			return -1;
		a->signal = (int)sig;
	} else {
		a->kind = BC_ACTION_COMMAND;
		a->command = bc_strv(sec, "command");
		for (char **p = a->command; *p; p++)
			if (!bc_plain(*p, "\t\n"))
				return bc_bad(x->err, x->path, sec,
				              "action '%s': 'command' arguments must be non-empty, "
				              "without tabs or newlines",
				              a->name);
		if (a->command[0][0] != '/')
			return bc_bad(x->err, x->path, sec,
			              "action '%s': 'command' must start with an absolute path: "
			              "'%s'",
			              a->name, a->command[0]);
	}
	return 0;
}

static int bc_load_service(struct bc_ctx *x, cfg_t *sec, struct bc_service *s)
{
	long v = 0;
	s->name = gx_xstrdup(cfg_title(sec));
	if (!s->name[0])
		return bc_bad(x->err, x->path, sec, "service name is empty");
	s->documentation = bc_dup_or_null(cfg_getstr(sec, "documentation"));
	s->provision = bc_provision(sec);
	s->requirement = bc_strv(sec, "requirement");
	if (cfg_size(sec, "command") > 0)
		s->command = bc_strv(sec, "command");
	if (cfg_size(sec, "environment") > 0)
		s->environment = bc_strv(sec, "environment");
	for (char **e = s->environment; e && *e; e++)
		if (!strchr(*e, '=') || **e == '=')
			return bc_bad(x->err, x->path, sec,
			              "'environment' entry is not NAME=VALUE: '%s'", *e);
	if (bc_load_service_paths(x, sec, s) < 0 || bc_load_groups(x, sec, s) < 0)
		return -1;
	if (bc_int(x, sec, "pid-file-timeout", 1, INT_MAX, &v) < 0)
		return -1;
	s->pid_file_timeout = (int)v;
	if (bc_int(x, sec, "stop-signal", 1, 64, &v) < 0)
		return -1;
	s->stop_signal = (int)v;
	if (bc_int(x, sec, "uid", 0, (long)UINT_MAX - 1, &v) < 0)
		return -1;
	s->uid = (uid_t)v;
	if (bc_int(x, sec, "gid", 0, (long)UINT_MAX - 1, &v) < 0)
		return -1;
	s->gid = (gid_t)v;
	s->respawn = cfg_getbool(sec, "respawn");
	if (bc_load_respawn_limit(x, sec, s) < 0)
		return -1;
	s->one_shot = cfg_getbool(sec, "one-shot");
	s->auto_start = cfg_getbool(sec, "auto-start");
	s->no_new_privs = cfg_getbool(sec, "no-new-privileges");
	s->private_network = cfg_getbool(sec, "private-network");
	/* Shepherd's stop procedure of a service with no process once
	 * started: a one-shot (make-system-destructor after
	 * make-system-constructor) or a marker; a process is stopped by its
	 * stop signal instead. */
	if (cfg_size(sec, "stop-command") > 0) {
		if (!s->one_shot && s->command != NULL)
			return bc_bad(
			        x->err, x->path, sec,
			        "'stop-command' is for a service with no process once started, "
			        "a one-shot or one without 'command' (a process is stopped by "
			        "its 'stop-signal')");
		s->stop_command = bc_strv(sec, "stop-command");
	}
	if (cfg_size(sec, "timer") > 1)
		return bc_bad(x->err, x->path, cfg_getnsec(sec, "timer", 1),
		              "service '%s' has more than one 'timer'", s->name);
	if (cfg_size(sec, "timer") == 1 && bc_load_timer(x, cfg_getsec(sec, "timer"), s) < 0)
		return -1;
	s->n_actions = cfg_size(sec, "action");
	if (s->n_actions > 0) {
		s->actions = gx_xcalloc(s->n_actions, sizeof *s->actions);
		for (size_t i = 0; i < s->n_actions; i++)
			if (bc_load_action(x, cfg_getnsec(sec, "action", (unsigned)i),
			                   &s->actions[i]) < 0)
				return -1;
	}
	return 0;
}

/* What herd sends on one tab-separated line (the compressor) and writes
 * beside a file (the suffix) holds no tab, newline or '/' (suffix). */
static bool bc_plain(const char *s, const char *forbid)
{
	return *s != '\0' && strpbrk(s, forbid) == NULL;
}

static int bc_load_logrot(struct bc_ctx *x, cfg_t *sec, struct bc_logrot *r)
{
	const char *suffix = cfg_getstr(sec, "compress-suffix");

	if (bc_int(x, sec, "size-threshold", 0, LONG_MAX, &r->size_threshold) < 0 ||
	    bc_int(x, sec, "expiry", 0, LONG_MAX, &r->expiry) < 0)
		return -1;
	r->files = bc_strv(sec, "files");
	for (char **f = r->files; *f; f++)
		if ((*f)[0] != '/' || !bc_plain(*f, "\t\n") || (*f)[strlen(*f) - 1] == '/')
			return bc_bad(x->err, x->path, sec,
			              "'files' must be absolute file names without tabs or "
			              "newlines: '%s'",
			              *f);
	if (cfg_size(sec, "compress-command") == 0) {
		if (suffix != NULL)
			return bc_bad(x->err, x->path, sec,
			              "'compress-suffix' without 'compress-command'");
		return 0;
	}
	r->compress = bc_strv(sec, "compress-command");
	for (char **a = r->compress; *a; a++)
		if (!bc_plain(*a, "\t\n"))
			return bc_bad(x->err, x->path, sec,
			              "'compress-command' arguments must be non-empty, without "
			              "tabs or newlines");
	if (r->compress[0][0] != '/')
		return bc_bad(x->err, x->path, sec,
		              "'compress-command' must start with an absolute path: '%s'",
		              r->compress[0]);
	if (suffix == NULL || suffix[0] != '.' || !bc_plain(suffix, "/\t\n"))
		return bc_bad(x->err, x->path, sec,
		              "'compress-suffix' must be a file name suffix such as \".zst\"");
	r->suffix = gx_xstrdup(suffix);
	return 0;
}

static int bc_load_top(struct bc_ctx *x, cfg_t *cfg, struct boot_conf *bc)
{
	if (cfg_getstr(cfg, "system") && !(bc->system = bc_path(x, cfg, "system", false)))
		return -1;
	if (!(bc->profile = bc_path(x, cfg, "profile", true)))
		return -1;
	if (!(bc->etc = bc_path(x, cfg, "etc", true)))
		return -1;
	const char *hn = cfg_getstr(cfg, "host-name");
	if (!hn[0] || strlen(hn) > 64)
		return bc_bad(x->err, x->path, NULL, "'host-name' must be 1 to 64 characters: '%s'",
		              hn);
	bc->host_name = gx_xstrdup(hn);
	bc->network = cfg_getbool(cfg, "network");
	bc->net_admin = cfg_getbool(cfg, "net-admin");
	return 0;
}

/* Each repeated section: its name, the array in bc, its element size and loader. */
#define BC_EACH(cfg, name, arr, n, fn)                                                             \
	do {                                                                                       \
		(n) = cfg_size((cfg), (name));                                                     \
		(arr) = gx_xcalloc((n) + 1, sizeof *(arr));                                        \
		for (size_t i_ = 0; i_ < (n); i_++)                                                \
			if (fn(x, cfg_getnsec((cfg), (name), (unsigned)i_), &(arr)[i_]) < 0)       \
				return -1;                                                         \
	} while (0)

static int bc_load_all(struct bc_ctx *x, cfg_t *cfg, struct boot_conf *bc)
{
	if (bc_load_top(x, cfg, bc) < 0)
		return -1;
	BC_EACH(cfg, "mount", bc->mounts, bc->n_mounts, bc_load_mount);
	BC_EACH(cfg, "directory", bc->dirs, bc->n_dirs, bc_load_dir);
	BC_EACH(cfg, "home", bc->homes, bc->n_homes, bc_load_home);
	BC_EACH(cfg, "service", bc->services, bc->n_services, bc_load_service);
	if (cfg_size(cfg, "log-rotation") > 1)
		return bc_bad(x->err, x->path, cfg_getnsec(cfg, "log-rotation", 1),
		              "more than one 'log-rotation'");
	if (cfg_size(cfg, "log-rotation") == 1) {
		bc->log_rotation = gx_xcalloc(1, sizeof *bc->log_rotation);
		if (bc_load_logrot(x, cfg_getsec(cfg, "log-rotation"), bc->log_rotation) < 0)
			return -1;
	}
	return 0;
}

/* libconfuse's first cfg_init() makes one allocation that lives as long
 * as the process (its gettext domain binding): made here first, with an
 * empty table, it sits low in the heap instead of above the option tables,
 * where it would keep a page of PID 1's heap for this one small chunk. */
static void bc_cfg_warm_up(void)
{
	static bool done;
	cfg_opt_t none[] = { CFG_END() };
	if (!done) {
		cfg_free(cfg_init(none, CFGF_NONE));
		done = true;
	}
}

static cfg_t *bc_cfg_new(void)
{
	bc_cfg_warm_up();
	cfg_opt_t *opts = bc_opts_new(BC_SEC_TOP);
	cfg_t *cfg = cfg_init(opts, CFGF_NONE); /* copies opts */
	bc_opts_free(opts);
	return cfg;
}

static int bc_parse(cfg_t *cfg, const char *path, struct gx_error **err)
{
	_cleanup_free_ char *errbuf = gx_xcalloc(1, BC_ERRMSG_MAX);
	cfg_set_error_function(cfg, bc_errfunc);
	bc_errmsg = errbuf;
	/* libconfuse expands ${NAME} in double-quoted strings from the
	 * environment: parse with an empty one, so that the caller's
	 * environment never changes what boot.conf says (an unescaped ${X} is
	 * simply empty; the writer escapes '$' as \$). */
	static char *bc_no_env[] = { NULL };
	char **saved_env = environ;
	environ = bc_no_env;
	errno = 0;
	int r = cfg_parse(cfg, path);
	int saved_errno = errno;
	environ = saved_env;
	bc_errmsg = NULL;
	if (r == CFG_FILE_ERROR)
		return gx_fail(err, GX_EXIT_FAILURE, saved_errno, "%s: cannot read", path);
	if (r != CFG_SUCCESS)
		return gx_fail_input(err, "%s", errbuf[0] ? errbuf : "parse error");
	return 0;
}

/* ---- one block --------------------------------------------------------
 * bc_load returns the boot.conf as one heap block: the init's PID 1 keeps
 * it for its whole life, and a few hundred small chunks scattered among
 * the parser's garbage would pin as many pages.  Two passes over the
 * parsed struct: one counts (base NULL), one copies; objects (8-aligned)
 * first, then the strings. */
struct bc_pk {
	char *base;    /* NULL: count only */
	size_t obj;    /* bytes of objects so far */
	size_t str;    /* bytes of strings so far */
	size_t str_at; /* where the strings begin (the objects' total) */
};

static void *bc_pk_mem(struct bc_pk *k, const void *src, size_t n)
{
	void *dst = k->base ? k->base + k->obj : NULL;
	if (dst && n)
		memcpy(dst, src, n);
	k->obj += (n + 15) & ~(size_t)15;
	return dst;
}

static char *bc_pk_str(struct bc_pk *k, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *dst = k->base ? k->base + k->str_at + k->str : NULL;
	if (dst)
		memcpy(dst, s, n);
	k->str += n;
	return dst;
}

static char **bc_pk_strv(struct bc_pk *k, char **v)
{
	if (!v)
		return NULL;
	size_t n = gx_strv_len(v);
	char **dst = bc_pk_mem(k, v, (n + 1) * sizeof *v);
	for (size_t i = 0; i < n; i++) {
		char *p = bc_pk_str(k, v[i]);
		if (dst)
			dst[i] = p;
	}
	return dst;
}

static void bc_pk_service(struct bc_pk *k, struct bc_service *d, const struct bc_service *s)
{
	struct bc_service t = *s;
	t.name = bc_pk_str(k, s->name);
	t.documentation = bc_pk_str(k, s->documentation);
	t.provision = bc_pk_strv(k, s->provision);
	t.requirement = bc_pk_strv(k, s->requirement);
	t.command = bc_pk_strv(k, s->command);
	t.stop_command = bc_pk_strv(k, s->stop_command);
	t.environment = bc_pk_strv(k, s->environment);
	t.directory = bc_pk_str(k, s->directory);
	t.log_file = bc_pk_str(k, s->log_file);
	t.pid_file = bc_pk_str(k, s->pid_file);
	t.groups = bc_pk_mem(k, s->groups, (s->n_groups + 1) * sizeof *s->groups);
	t.timer = s->timer ? bc_pk_mem(k, s->timer, sizeof *s->timer) : NULL;
	t.actions =
	        s->n_actions ? bc_pk_mem(k, s->actions, s->n_actions * sizeof *s->actions) : NULL;
	for (size_t i = 0; i < s->n_actions; i++) {
		char *name = bc_pk_str(k, s->actions[i].name);
		char *file = bc_pk_str(k, s->actions[i].file);
		char **command = bc_pk_strv(k, s->actions[i].command);
		char *doc = bc_pk_str(k, s->actions[i].documentation);
		if (d)
			t.actions[i].name = name, t.actions[i].file = file,
			t.actions[i].command = command, t.actions[i].documentation = doc;
	}
	if (d)
		*d = t;
}

/* The arrays were allocated with one zeroed element more: copied too. */
static void bc_pk_all(struct bc_pk *k, const struct boot_conf *s)
{
	struct boot_conf *d = bc_pk_mem(k, s, sizeof *s);
	struct boot_conf t = *s;
	t.system = bc_pk_str(k, s->system);
	t.profile = bc_pk_str(k, s->profile);
	t.etc = bc_pk_str(k, s->etc);
	t.host_name = bc_pk_str(k, s->host_name);
	t.mounts = bc_pk_mem(k, s->mounts, (s->n_mounts + 1) * sizeof *s->mounts);
	t.dirs = bc_pk_mem(k, s->dirs, (s->n_dirs + 1) * sizeof *s->dirs);
	t.homes = bc_pk_mem(k, s->homes, (s->n_homes + 1) * sizeof *s->homes);
	t.services = bc_pk_mem(k, s->services, (s->n_services + 1) * sizeof *s->services);
	for (size_t i = 0; i < s->n_mounts; i++) {
		char *src = bc_pk_str(k, s->mounts[i].source);
		char *dst = bc_pk_str(k, s->mounts[i].target);
		if (d)
			t.mounts[i].source = src, t.mounts[i].target = dst;
	}
	for (size_t i = 0; i < s->n_dirs; i++) {
		char *path = bc_pk_str(k, s->dirs[i].path);
		if (d)
			t.dirs[i].path = path;
	}
	for (size_t i = 0; i < s->n_homes; i++) {
		char *user = bc_pk_str(k, s->homes[i].user);
		char *path = bc_pk_str(k, s->homes[i].path);
		if (d)
			t.homes[i].user = user, t.homes[i].path = path;
	}
	for (size_t i = 0; i < s->n_services; i++)
		bc_pk_service(k, d ? &t.services[i] : NULL, &s->services[i]);
	if (s->log_rotation != NULL) {
		struct bc_logrot r = *s->log_rotation;
		struct bc_logrot *rd = bc_pk_mem(k, &r, sizeof r);
		r.files = bc_pk_strv(k, s->log_rotation->files);
		r.compress = bc_pk_strv(k, s->log_rotation->compress);
		r.suffix = bc_pk_str(k, s->log_rotation->suffix);
		if (rd)
			*rd = r;
		t.log_rotation = rd;
	}
	if (d)
		*d = t;
}

/* Into RESERVE (shrunk to fit) when it is large enough, else a new block. */
static struct boot_conf *bc_pack(const struct boot_conf *bc, void *reserve, size_t reserve_size)
{
	struct bc_pk k = { 0 };
	bc_pk_all(&k, bc);
	size_t size = k.obj + k.str;
	k = (struct bc_pk){ .str_at = k.obj };
	if (reserve && size <= reserve_size)
		k.base = gx_xrealloc(reserve, size); /* shrinks in place */
	else {
		free(reserve);
		k.base = gx_xmalloc(size);
	}
	bc_pk_all(&k, bc);
	return (struct boot_conf *)k.base;
}

/* The parsed boot.conf is at most a few times the size of its text; a
 * reserve that large, taken before the parse, puts the block low in the
 * heap, below the parser's garbage (its untouched pages cost nothing and
 * its tail is given back when shrunk).  A boot.conf over 15 kB gets none:
 * a reserve near malloc's mmap threshold (128 kB) would be a mapping of
 * its own, and a block that large fills pages by itself anyway. */
static size_t bc_reserve_size(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > 15 * 1024)
		return 0;
	return 4 * (size_t)st.st_size + 1024;
}

static void bc_free_parts(struct boot_conf *bc)
{
	if (!bc)
		return;
	bc_clear(bc);
	free(bc);
}

struct boot_conf *bc_load(const char *path, struct gx_error **err)
{
	size_t reserve_size = (bc_cfg_warm_up(), bc_reserve_size(path));
	_cleanup_free_ void *reserve = reserve_size ? gx_xmalloc(reserve_size) : NULL;
	__attribute__((cleanup(bc_cfg_freep))) cfg_t *cfg = bc_cfg_new();
	struct bc_ctx x = { path, err };
	if (!cfg)
		return gx_fail_errno(err, "%s: cannot initialise the parser", path), NULL;
	if (bc_parse(cfg, path, err) < 0)
		return NULL;
	struct boot_conf *bc = gx_xcalloc(1, sizeof *bc);
	if (bc_load_all(&x, cfg, bc) < 0) {
		bc_free_parts(bc);
		return NULL;
	}
	struct boot_conf *packed = bc_pack(bc, steal_pointer(&reserve), reserve_size);
	bc_free_parts(bc);
	return packed;
}

static void bc_free_service(struct bc_service *s)
{
	free(s->name);
	free(s->documentation);
	gx_strv_free(s->provision);
	gx_strv_free(s->requirement);
	gx_strv_free(s->command);
	gx_strv_free(s->stop_command);
	gx_strv_free(s->environment);
	free(s->directory);
	free(s->log_file);
	free(s->pid_file);
	free(s->groups);
	free(s->timer);
	for (size_t i = 0; i < s->n_actions; i++) {
		free(s->actions[i].name);
		free(s->actions[i].file);
		gx_strv_free(s->actions[i].command);
		free(s->actions[i].documentation);
	}
	free(s->actions);
}

void bc_clear(struct boot_conf *bc)
{
	free(bc->system);
	free(bc->profile);
	free(bc->etc);
	free(bc->host_name);
	for (size_t i = 0; i < bc->n_mounts; i++) {
		free(bc->mounts[i].source);
		free(bc->mounts[i].target);
	}
	free(bc->mounts);
	for (size_t i = 0; i < bc->n_dirs; i++)
		free(bc->dirs[i].path);
	free(bc->dirs);
	for (size_t i = 0; i < bc->n_homes; i++) {
		free(bc->homes[i].user);
		free(bc->homes[i].path);
	}
	free(bc->homes);
	for (size_t i = 0; i < bc->n_services; i++)
		bc_free_service(&bc->services[i]);
	free(bc->services);
	if (bc->log_rotation != NULL) {
		gx_strv_free(bc->log_rotation->files);
		gx_strv_free(bc->log_rotation->compress);
		free(bc->log_rotation->suffix);
		free(bc->log_rotation);
	}
	memset(bc, 0, sizeof(*bc));
}

void bc_free(struct boot_conf *bc)
{
	free(bc); /* one block (bc_pack) */
}
