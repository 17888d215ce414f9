/* The OS model as JSON (`gxsys describe`).  Every string is escaped for JSON
 * (quotes, backslashes, all control characters, U+2028/9) and invalid UTF-8
 * becomes U+FFFD, so the output is valid for jq and Python's json module. */
#include <stdint.h>
#include <string.h>

#include "eval.h"

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len;
	uint32_t min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0)
		len = 2, *cp = s[0] & 0x1f, min = 0x80;
	else if ((s[0] & 0xf0) == 0xe0)
		len = 3, *cp = s[0] & 0x0f, min = 0x800;
	else if ((s[0] & 0xf8) == 0xf0)
		len = 4, *cp = s[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	if (*cp < min || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return len;
}

static void json_strn(struct gx_buf *b, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;

	gx_buf_putc(b, '"');
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = utf8_len(s + i, n - i, &cp);

		if (len == 0) {
			gx_buf_puts(b, "\\ufffd");
			i++;
			continue;
		}
		if (cp == '"' || cp == '\\')
			gx_buf_printf(b, "\\%c", (char)cp);
		else if (cp == '\n')
			gx_buf_puts(b, "\\n");
		else if (cp == '\t')
			gx_buf_puts(b, "\\t");
		else if (cp < 0x20 || cp == 0x7f || cp == 0x2028 || cp == 0x2029)
			gx_buf_printf(b, "\\u%04x", (unsigned)cp);
		else
			gx_buf_add(b, s + i, len);
		i += len;
	}
	gx_buf_putc(b, '"');
}

static void json_str(struct gx_buf *b, const char *s)
{
	if (s == NULL)
		gx_buf_puts(b, "null");
	else
		json_strn(b, s, strlen(s));
}

static void json_strv(struct gx_buf *b, const char *const *v)
{
	gx_buf_putc(b, '[');
	for (size_t i = 0; v != NULL && v[i] != NULL; i++) {
		if (i)
			gx_buf_puts(b, ", ");
		json_str(b, v[i]);
	}
	gx_buf_putc(b, ']');
}

static void key(struct gx_buf *b, const char *indent, const char *k, bool first)
{
	gx_buf_printf(b, "%s\n%s\"%s\": ", first ? "" : ",", indent, k);
}

static void json_loc(struct gx_buf *b, struct sx_loc loc)
{
	if (loc.file == NULL) {
		gx_buf_puts(b, "null");
		return;
	}
	gx_buf_putc(b, '"');
	gx_buf_printf(b, "%d:%d", loc.line, loc.col);
	gx_buf_putc(b, '"');
}

static const char *yes(bool v)
{
	return v ? "true" : "false";
}

static void users(struct gx_buf *b, const struct os_model *m)
{
	gx_buf_puts(b, "[");
	for (size_t i = 0; i < m->n_users; i++) {
		const struct os_user *u = &m->users[i];

		gx_buf_printf(b, "%s\n    {", i ? "," : "");
		key(b, "      ", "name", true), json_str(b, u->name);
		key(b, "      ", "uid", false), gx_buf_printf(b, "%ld", u->uid);
		key(b, "      ", "group", false), json_str(b, u->group);
		key(b, "      ", "gid", false), gx_buf_printf(b, "%ld", u->gid);
		key(b, "      ", "supplementary-groups", false),
		        json_strv(b, u->supplementary_groups);
		key(b, "      ", "comment", false), json_str(b, u->comment);
		key(b, "      ", "home", false), json_str(b, u->home);
		key(b, "      ", "shell", false), json_str(b, u->shell);
		key(b, "      ", "password", false);
		json_str(b, u->password == NULL ? "locked" : *u->password ? "set" : "empty");
		key(b, "      ", "system", false), gx_buf_puts(b, yes(u->system));
		key(b, "      ", "create-home", false), gx_buf_puts(b, yes(u->create_home));
		gx_buf_puts(b, "\n    }");
	}
	gx_buf_puts(b, m->n_users ? "\n  ]" : "]");
}

static void groups(struct gx_buf *b, const struct os_model *m)
{
	gx_buf_puts(b, "[");
	for (size_t i = 0; i < m->n_groups; i++) {
		const struct os_group *g = &m->groups[i];

		gx_buf_printf(b, "%s\n    {\"name\": ", i ? "," : "");
		json_str(b, g->name);
		gx_buf_printf(b, ", \"gid\": %ld, \"system\": %s}", g->gid, yes(g->system));
	}
	gx_buf_puts(b, m->n_groups ? "\n  ]" : "]");
}

static void packages(struct gx_buf *b, const struct os_model *m)
{
	gx_buf_puts(b, "[");
	for (size_t i = 0; i < m->n_packages; i++) {
		const struct os_package *p = &m->packages[i];

		gx_buf_puts(b, i ? ",\n    " : "\n    ");
		if (p->output == NULL) {
			json_str(b, p->name);
		} else {
			struct gx_buf n = GX_BUF_INIT;

			gx_buf_printf(&n, "%s:%s", p->name, p->output);
			json_str(b, n.data);
			gx_buf_free(&n);
		}
	}
	gx_buf_puts(b, m->n_packages ? "\n  ]" : "]");
}

/* A timer's set as the values allowed, ascending (NAMES: their names);
 * null where any is. */
static void json_set(struct gx_buf *b, uint64_t mask, int lo, int hi, const char *const *names)
{
	const char *sep = "";

	if (mask == 0) {
		gx_buf_puts(b, "null");
		return;
	}
	gx_buf_putc(b, '[');
	for (int i = lo; i <= hi; i++)
		if (mask & (1ULL << i)) {
			gx_buf_puts(b, sep);
			if (names)
				json_str(b, names[i]);
			else
				gx_buf_printf(b, "%d", i);
			sep = ", ";
		}
	gx_buf_putc(b, ']');
}

static void json_limit(struct gx_buf *b, int n)
{
	if (n > 0)
		gx_buf_printf(b, "%d", n);
	else
		gx_buf_puts(b, "null");
}

static void timer(struct gx_buf *b, const struct bc_timer *t, const char *cron)
{
	static const char *const days[] = { "sunday",   "monday", "tuesday", "wednesday",
		                            "thursday", "friday", "saturday" };
	const char *in = "        ";

	gx_buf_puts(b, "{");
	key(b, in, "months", true), json_set(b, t->months, 1, 12, NULL);
	key(b, in, "days-of-month", false), json_set(b, t->days_of_month, 1, 31, NULL);
	key(b, in, "days-of-week", false), json_set(b, t->days_of_week, 0, 6, days);
	key(b, in, "hours", false), json_set(b, t->hours, 0, 23, NULL);
	key(b, in, "minutes", false), json_set(b, t->minutes, 0, 59, NULL);
	key(b, in, "seconds", false), json_set(b, t->seconds, 0, 59, NULL);
	key(b, in, "cron", false), json_str(b, cron);
	key(b, in, "max-duration", false), json_limit(b, t->max_duration);
	key(b, in, "occurrences", false), json_limit(b, t->occurrences);
	key(b, in, "wait-for-termination", false), gx_buf_puts(b, yes(t->wait_for_termination));
	gx_buf_puts(b, "\n      }");
}

static void service(struct gx_buf *b, const struct os_service *s)
{
	const char *in = "      ";

	gx_buf_puts(b, "{");
	key(b, in, "provision", true), json_strv(b, s->provision);
	key(b, in, "requirement", false), json_strv(b, s->requirement);
	key(b, in, "documentation", false), json_str(b, s->documentation);
	key(b, in, "origin", false), json_str(b, s->origin);
	key(b, in, "command", false);
	if (s->argv)
		json_strv(b, s->argv);
	else
		gx_buf_puts(b, "null");
	key(b, in, "system-start", false), json_str(b, s->system_start);
	key(b, in, "system-stop", false), json_str(b, s->system_stop);
	key(b, in, "stop-command", false);
	if (s->stop_argv)
		json_strv(b, s->stop_argv);
	else
		gx_buf_puts(b, "null");
	key(b, in, "user", false), json_str(b, s->user);
	key(b, in, "group", false), json_str(b, s->group);
	key(b, in, "uid", false), gx_buf_printf(b, "%ld", s->uid);
	key(b, in, "gid", false), gx_buf_printf(b, "%ld", s->gid);
	key(b, in, "supplementary-groups", false), json_strv(b, s->supplementary_groups);
	key(b, in, "log-file", false), json_str(b, s->log_file);
	key(b, in, "pid-file", false), json_str(b, s->pid_file);
	key(b, in, "directory", false), json_str(b, s->directory);
	key(b, in, "environment", false);
	if (s->environment)
		json_strv(b, s->environment);
	else
		gx_buf_puts(b, "null");
	key(b, in, "stop-signal", false), gx_buf_printf(b, "%d", s->stop_signal);
	key(b, in, "respawn", false), gx_buf_puts(b, yes(s->respawn));
	if (s->respawn_max > 0) /* only a service's own (Shepherd's respawn-limit) */
		key(b, in, "respawn-limit", false),
		        gx_buf_printf(b, "[%d, %d]", s->respawn_max, s->respawn_window);
	if (s->respawn_delay_ms > 0) /* only a service's own respawn-delay */
		key(b, in, "respawn-delay-ms", false), gx_buf_printf(b, "%d", s->respawn_delay_ms);
	key(b, in, "one-shot", false), gx_buf_puts(b, yes(s->one_shot));
	key(b, in, "auto-start", false), gx_buf_puts(b, yes(s->auto_start));
	key(b, in, "marker", false),
	        gx_buf_puts(b, yes(s->argv == NULL && s->system_start == NULL));
	if (s->private_network) /* only where true: a few services have it */
		key(b, in, "private-network", false), gx_buf_puts(b, yes(true));
	if (s->timer != NULL) /* only for a timer */
		key(b, in, "timer", false), timer(b, s->timer, s->timer_cron);
	if (s->n_actions > 0) { /* only where there are: most services have none */
		key(b, in, "actions", false);
		gx_buf_puts(b, "[");
		for (size_t i = 0; i < s->n_actions; i++) {
			const struct bc_action *a = &s->actions[i];

			gx_buf_puts(b, i ? ", {\"name\": " : "{\"name\": ");
			json_str(b, a->name);
			if (a->kind == BC_ACTION_CONFIGURATION)
				gx_buf_puts(b, ", \"configuration\": "), json_str(b, a->file);
			else if (a->kind == BC_ACTION_SIGNAL)
				gx_buf_printf(b, ", \"signal\": %d", a->signal);
			else
				gx_buf_puts(b, ", \"command\": "),
				        json_strv(b, (const char **)a->command);
			gx_buf_puts(b, "}");
		}
		gx_buf_puts(b, "]");
	}
	gx_buf_puts(b, "\n    }");
}

static void services(struct gx_buf *b, const struct os_model *m)
{
	gx_buf_puts(b, "[");
	for (size_t i = 0; i < m->n_services; i++) {
		gx_buf_puts(b, i ? ",\n    " : "\n    ");
		service(b, &m->services[i]);
	}
	gx_buf_puts(b, m->n_services ? "\n  ]" : "]");
}

static void files(struct gx_buf *b, const struct os_model *m)
{
	gx_buf_puts(b, "[");
	for (size_t i = 0; i < m->n_etc_files; i++) {
		const struct os_file *f = &m->etc_files[i];
		struct gx_buf p = GX_BUF_INIT;

		gx_buf_printf(&p, "/etc/%s", f->path);
		gx_buf_puts(b, i ? ",\n    {\"path\": " : "\n    {\"path\": ");
		json_str(b, p.data);
		gx_buf_free(&p);
		gx_buf_printf(b, ", \"mode\": \"%04o\", \"size\": %zu, \"source\": ", f->mode,
		              f->len);
		json_str(b, f->source);
		gx_buf_puts(b, ",\n     \"content\": ");
		json_strn(b, f->content, f->len);
		gx_buf_puts(b, "}");
	}
	gx_buf_puts(b, m->n_etc_files ? "\n  ]" : "]");
}

static void dirs(struct gx_buf *b, const struct os_model *m)
{
	gx_buf_puts(b, "[");
	for (size_t i = 0; i < m->n_dirs; i++) {
		const struct os_dir *d = &m->dirs[i];

		gx_buf_puts(b, i ? ",\n    {\"path\": " : "\n    {\"path\": ");
		json_str(b, d->path);
		gx_buf_puts(b, ", \"owner\": ");
		json_str(b, d->owner);
		gx_buf_puts(b, ", \"group\": ");
		json_str(b, d->group);
		gx_buf_printf(b, ", \"uid\": %ld, \"gid\": %ld, \"mode\": \"%04o\"}", d->uid,
		              d->gid, d->mode);
	}
	gx_buf_puts(b, m->n_dirs ? "\n  ]" : "]");
}

static void hosts(struct gx_buf *b, const struct os_model *m)
{
	gx_buf_puts(b, "[");
	for (size_t i = 0; i < m->n_hosts; i++) {
		gx_buf_puts(b, i ? ",\n    {\"address\": " : "\n    {\"address\": ");
		json_str(b, m->hosts[i].address);
		gx_buf_puts(b, ", \"names\": ");
		json_strv(b, m->hosts[i].names);
		gx_buf_puts(b, "}");
	}
	gx_buf_puts(b, m->n_hosts ? "\n  ]" : "]");
}

static void notes(struct gx_buf *b, const struct os_note *n, size_t count)
{
	gx_buf_puts(b, "[");
	for (size_t i = 0; i < count; i++) {
		gx_buf_puts(b, i ? ",\n    {\"what\": " : "\n    {\"what\": ");
		json_str(b, n[i].what);
		gx_buf_puts(b, ", \"why\": ");
		json_str(b, n[i].why);
		gx_buf_puts(b, ", \"location\": ");
		json_loc(b, n[i].loc);
		gx_buf_puts(b, "}");
	}
	gx_buf_puts(b, count ? "\n  ]" : "]");
}

static void locale_defs(struct gx_buf *b, const struct os_model *m)
{
	gx_buf_puts(b, "[");
	for (size_t i = 0; i < m->n_locale_defs; i++) {
		const struct os_locale_def *l = &m->locale_defs[i];

		gx_buf_puts(b, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
		json_str(b, l->name);
		gx_buf_puts(b, ", \"source\": ");
		json_str(b, l->source);
		gx_buf_puts(b, ", \"charset\": ");
		json_str(b, l->charset);
		gx_buf_puts(b, ", \"loc\": ");
		json_loc(b, l->loc);
		gx_buf_puts(b, "}");
	}
	gx_buf_puts(b, m->n_locale_defs ? "\n  ]" : "]");
}

/* boot.conf's log-rotation section, or null. */
static void log_rotation(struct gx_buf *b, const struct bc_logrot *r)
{
	if (r == NULL) {
		gx_buf_puts(b, "null");
		return;
	}
	gx_buf_printf(b,
	              "{\"size-threshold\": %ld, \"expiry\": %ld, \"files\": ", r->size_threshold,
	              r->expiry);
	json_strv(b, (const char *const *)r->files);
	gx_buf_puts(b, ", \"compress-command\": ");
	json_strv(b, (const char *const *)r->compress);
	gx_buf_puts(b, ", \"compress-suffix\": ");
	json_str(b, r->suffix);
	gx_buf_puts(b, "}");
}

void os_model_json(struct gx_buf *b, const struct os_model *m)
{
	gx_buf_puts(b, "{");
	key(b, "  ", "file", true), json_str(b, m->source_file);
	key(b, "  ", "host-name", false), json_str(b, m->host_name);
	key(b, "  ", "timezone", false), json_str(b, m->timezone);
	key(b, "  ", "locale", false), json_str(b, m->locale);
	key(b, "  ", "locale-definitions", false), locale_defs(b, m);
	key(b, "  ", "issue", false), json_str(b, m->issue);
	key(b, "  ", "users", false), users(b, m);
	key(b, "  ", "groups", false), groups(b, m);
	key(b, "  ", "packages", false), packages(b, m);
	key(b, "  ", "services", false), services(b, m);
	key(b, "  ", "etc-files", false), files(b, m);
	key(b, "  ", "directories", false), dirs(b, m);
	key(b, "  ", "hosts", false), hosts(b, m);
	if (m->hosts_file != NULL) /* the deprecated hosts-file: /etc/hosts as it is */
		key(b, "  ", "hosts-file", false), json_str(b, m->hosts_file);
	key(b, "  ", "log-rotation", false), log_rotation(b, m->log_rotation);
	key(b, "  ", "ignored", false), notes(b, m->ignored, m->n_ignored);
	key(b, "  ", "dropped", false), notes(b, m->dropped, m->n_dropped);
	gx_buf_puts(b, "\n}\n");
}
