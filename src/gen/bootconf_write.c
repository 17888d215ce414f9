/* boot.conf writer (libconfuse syntax, docs/boot-conf.md). */
#include "bootconf_write.h"

#include <stdint.h>
#include <string.h>

/* libconfuse double-quoted strings know \" \\ \n \t \r \$ and \xHH (octal escapes are greedy);
 * '$' must be escaped or ${VAR} would be expanded from the environment of
 * gxsys-init. */
void bcw_quote(struct gx_buf *out, const char *s)
{
	static const char *const named[] = { ['"'] = "\\\"", ['\\'] = "\\\\", ['$'] = "\\$",
		                             ['\n'] = "\\n", ['\t'] = "\\t",  ['\r'] = "\\r" };

	gx_buf_putc(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < sizeof(named) / sizeof(named[0]) && named[c] != NULL)
			gx_buf_puts(out, named[c]);
		else if (c < 0x20 || c == 0x7f)
			gx_buf_printf(out, "\\x%02x", c);
		else
			gx_buf_putc(out, (char)c);
	}
	gx_buf_putc(out, '"');
}

static void put_str(struct gx_buf *out, const char *indent, const char *key, const char *value)
{
	if (value == NULL)
		return;
	gx_buf_printf(out, "%s%s = ", indent, key);
	bcw_quote(out, value);
	gx_buf_putc(out, '\n');
}

static void put_bool(struct gx_buf *out, const char *indent, const char *key, bool value)
{
	gx_buf_printf(out, "%s%s = %s\n", indent, key, value ? "true" : "false");
}

static void put_int(struct gx_buf *out, const char *indent, const char *key, long value)
{
	gx_buf_printf(out, "%s%s = %ld\n", indent, key, value);
}

static void put_mode(struct gx_buf *out, const char *indent, const char *key, unsigned value)
{
	gx_buf_printf(out, "%s%s = 0%o\n", indent, key, value);
}

static void put_list(struct gx_buf *out, const char *indent, const char *key, char *const *v)
{
	const char *sep = "";

	if (v == NULL)
		return;
	gx_buf_printf(out, "%s%s = {", indent, key);
	for (; *v; v++) {
		gx_buf_puts(out, sep);
		bcw_quote(out, *v);
		sep = ", ";
	}
	gx_buf_puts(out, "}\n");
}

static void put_ids(struct gx_buf *out, const char *indent, const char *key, const gid_t *v,
                    size_t n)
{
	if (n == 0)
		return;
	gx_buf_printf(out, "%s%s = {", indent, key);
	for (size_t i = 0; i < n; i++)
		gx_buf_printf(out, "%s%lu", i ? ", " : "", (unsigned long)v[i]);
	gx_buf_puts(out, "}\n");
}

static void put_mount(struct gx_buf *out, const struct bc_mount *m)
{
	gx_buf_puts(out, "mount {\n");
	put_str(out, "\t", "source", m->source);
	put_str(out, "\t", "target", m->target);
	put_bool(out, "\t", "readonly", m->readonly);
	gx_buf_puts(out, "}\n");
}

static void put_dir(struct gx_buf *out, const struct bc_dir *d)
{
	gx_buf_puts(out, "directory ");
	bcw_quote(out, d->path);
	gx_buf_puts(out, " {\n");
	put_int(out, "\t", "uid", (long)d->uid);
	put_int(out, "\t", "gid", (long)d->gid);
	put_mode(out, "\t", "mode", d->mode);
	gx_buf_puts(out, "}\n");
}

static void put_home(struct gx_buf *out, const struct bc_home *h)
{
	gx_buf_puts(out, "home ");
	bcw_quote(out, h->user);
	gx_buf_puts(out, " {\n");
	put_str(out, "\t", "path", h->path);
	put_int(out, "\t", "uid", (long)h->uid);
	put_int(out, "\t", "gid", (long)h->gid);
	gx_buf_puts(out, "}\n");
}

/* A timer's set: the values of the bits LO..HI of MASK, ascending. */
static void put_set(struct gx_buf *out, const char *key, uint64_t mask, int lo, int hi)
{
	const char *sep = "";

	gx_buf_printf(out, "\t\t%s = {", key);
	for (int i = lo; i <= hi; i++)
		if (mask & (1ULL << i)) {
			gx_buf_printf(out, "%s%d", sep, i);
			sep = ", ";
		}
	gx_buf_puts(out, "}\n");
}

/* Only the restricted sets (0 allows any value), but the seconds always:
 * an absent seconds is {0} to gxsys-init, so any second is all 60. */
static void put_timer(struct gx_buf *out, const struct bc_timer *t)
{
	const uint64_t any_second = (1ULL << 60) - 1;

	gx_buf_puts(out, "\ttimer {\n");
	if (t->months)
		put_set(out, "months", t->months, 1, 12);
	if (t->days_of_month)
		put_set(out, "days-of-month", t->days_of_month, 1, 31);
	if (t->days_of_week)
		put_set(out, "days-of-week", t->days_of_week, 0, 6);
	if (t->hours)
		put_set(out, "hours", t->hours, 0, 23);
	if (t->minutes)
		put_set(out, "minutes", t->minutes, 0, 59);
	put_set(out, "seconds", t->seconds ? t->seconds : any_second, 0, 59);
	if (t->max_duration > 0)
		put_int(out, "\t\t", "max-duration", t->max_duration);
	if (t->occurrences > 0)
		put_int(out, "\t\t", "occurrences", t->occurrences);
	if (t->wait_for_termination)
		put_bool(out, "\t\t", "wait-for-termination", true);
	gx_buf_puts(out, "\t}\n");
}

static void put_service(struct gx_buf *out, const struct bc_service *s)
{
	gx_buf_puts(out, "service ");
	bcw_quote(out, s->name);
	gx_buf_puts(out, " {\n");
	/* The title is the first provision; the list holds the others. */
	if (s->provision && s->provision[0] && strcmp(s->provision[0], s->name) == 0)
		put_list(out, "\t", "provision", s->provision + 1);
	else
		put_list(out, "\t", "provision", s->provision);
	put_str(out, "\t", "documentation", s->documentation);
	put_list(out, "\t", "requirement", s->requirement);
	put_list(out, "\t", "command", s->command);
	put_list(out, "\t", "stop-command", s->stop_command);
	put_list(out, "\t", "environment", s->environment);
	put_str(out, "\t", "directory", s->directory);
	put_str(out, "\t", "log-file", s->log_file);
	put_str(out, "\t", "pid-file", s->pid_file);
	if (s->pid_file_timeout > 0)
		put_int(out, "\t", "pid-file-timeout", s->pid_file_timeout);
	put_int(out, "\t", "uid", (long)s->uid);
	put_int(out, "\t", "gid", (long)s->gid);
	put_ids(out, "\t", "groups", s->groups, s->n_groups);
	put_int(out, "\t", "stop-signal", s->stop_signal);
	put_bool(out, "\t", "respawn", s->respawn);
	if (s->respawn_max > 0) /* Shepherd's respawn-limit; else the defaults */
		gx_buf_printf(out, "\trespawn-limit = {%d, %d}\n", s->respawn_max,
		              s->respawn_window);
	if (s->respawn_delay_ms > 0)
		put_int(out, "\t", "respawn-delay-ms", s->respawn_delay_ms);
	put_bool(out, "\t", "one-shot", s->one_shot);
	put_bool(out, "\t", "auto-start", s->auto_start);
	put_bool(out, "\t", "no-new-privileges", s->no_new_privs);
	if (s->private_network) /* only where true: most services do not */
		put_bool(out, "\t", "private-network", true);
	if (s->timer != NULL)
		put_timer(out, s->timer);
	for (size_t i = 0; i < s->n_actions; i++) {
		const struct bc_action *a = &s->actions[i];

		gx_buf_puts(out, "\taction ");
		bcw_quote(out, a->name);
		gx_buf_puts(out, " {\n");
		if (a->kind == BC_ACTION_CONFIGURATION)
			put_str(out, "\t\t", "configuration", a->file);
		else if (a->kind == BC_ACTION_SIGNAL)
			put_int(out, "\t\t", "signal", a->signal);
		else
			put_list(out, "\t\t", "command", a->command);
		put_str(out, "\t\t", "documentation", a->documentation);
		gx_buf_puts(out, "\t}\n");
	}
	gx_buf_puts(out, "}\n");
}

void bcw_write(struct gx_buf *out, const struct boot_conf *bc)
{
	gx_buf_puts(out,
	            "# boot.conf: generated by gxsys; read by gxsys-init (docs/boot-conf.md).\n");
	put_str(out, "", "system", bc->system);
	put_str(out, "", "profile", bc->profile);
	put_str(out, "", "etc", bc->etc);
	put_str(out, "", "host-name", bc->host_name);
	put_bool(out, "", "network", bc->network);
	if (bc->net_admin)
		put_bool(out, "", "net-admin", true);
	for (size_t i = 0; i < bc->n_mounts; i++)
		put_mount(out, &bc->mounts[i]);
	for (size_t i = 0; i < bc->n_dirs; i++)
		put_dir(out, &bc->dirs[i]);
	for (size_t i = 0; i < bc->n_homes; i++)
		put_home(out, &bc->homes[i]);
	for (size_t i = 0; i < bc->n_services; i++)
		put_service(out, &bc->services[i]);
	if (bc->log_rotation != NULL) {
		const struct bc_logrot *r = bc->log_rotation;

		gx_buf_puts(out, "log-rotation {\n");
		put_int(out, "\t", "size-threshold", r->size_threshold);
		put_int(out, "\t", "expiry", r->expiry);
		if (r->files != NULL && r->files[0] != NULL)
			put_list(out, "\t", "files", r->files);
		put_list(out, "\t", "compress-command", r->compress);
		put_str(out, "\t", "compress-suffix", r->suffix);
		gx_buf_puts(out, "}\n");
	}
}
