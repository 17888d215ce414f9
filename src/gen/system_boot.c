/* The OS model as gxsys-init's boot.conf model (docs/boot-conf.md): ids
 * resolved to numbers, homes, the /var skeleton, services. */
#include "system.h"

#include <signal.h>
#include <sys/types.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static char **dup_strv(const char **v)
{
	char **r = NULL;

	for (; v && *v; v++)
		r = gx_strv_push(r, *v);
	return r;
}

static char *dup_or_null(const char *s)
{
	return s ? gx_xstrdup(s) : NULL;
}

static const struct os_user *find_user(const struct os_model *os, const char *name)
{
	for (size_t i = 0; name && i < os->n_users; i++)
		if (strcmp(os->users[i].name, name) == 0)
			return &os->users[i];
	return NULL;
}

static long find_gid(const struct os_model *os, const char *name)
{
	for (size_t i = 0; i < os->n_groups; i++)
		if (strcmp(os->groups[i].name, name) == 0)
			return os->groups[i].gid;
	return -1;
}

static int service_groups(const struct os_model *os, const struct os_service *s,
                          struct bc_service *b, struct gx_error **err)
{
	for (const char **g = s->supplementary_groups; g && *g; g++) {
		long gid = find_gid(os, *g);

		if (gid < 0)
			return gx_fail_input(err, "%s:%d:%d: service '%s': unknown group '%s'",
			                     s->loc.file ? s->loc.file : os->source_file,
			                     s->loc.line, s->loc.col, s->provision[0], *g);
		b->groups = gx_xrealloc(b->groups, (b->n_groups + 1) * sizeof(gid_t));
		b->groups[b->n_groups++] = (gid_t)gid;
	}
	return 0;
}

/* make-system-constructor: a one-shot "/bin/sh -c COMMAND". */
static char **system_command(const char *cmd)
{
	char **v = gx_strv_push(NULL, "/bin/sh");

	v = gx_strv_push(v, "-c");
	return gx_strv_push(v, cmd);
}

static int convert_service(const struct os_model *os, const struct os_service *s,
                           struct bc_service *b, struct gx_error **err)
{
	const struct os_user *u = find_user(os, s->user);

	memset(b, 0, sizeof(*b));
	b->name = gx_xstrdup(s->provision[0]);
	b->documentation = dup_or_null(s->documentation);
	b->provision = dup_strv(s->provision);
	b->requirement = dup_strv(s->requirement);
	if (s->argv)
		b->command = dup_strv(s->argv);
	else if (s->system_start)
		b->command = system_command(s->system_start);
	/* Run by gxsys-init to stop it (the evaluator allows one only where
	 * no process is left once the service is started). */
	if (s->stop_argv)
		b->stop_command = dup_strv(s->stop_argv);
	else if (s->system_stop)
		b->stop_command = system_command(s->system_stop);
	b->environment = dup_strv(s->environment);
	/* Default: the user's home when activation creates it, else "/". */
	b->directory =
	        dup_or_null(s->directory ? s->directory : (u && u->create_home ? u->home : NULL));
	b->log_file = dup_or_null(s->log_file);
	b->pid_file = dup_or_null(s->pid_file);
	b->pid_file_timeout = s->pid_file_timeout > 0 ? s->pid_file_timeout : 30;
	b->uid = (uid_t)s->uid;
	b->gid = (gid_t)s->gid;
	b->stop_signal = s->stop_signal > 0 ? s->stop_signal : SIGTERM;
	b->one_shot = s->one_shot || (s->argv == NULL && s->system_start != NULL);
	b->respawn = s->respawn && !b->one_shot;
	b->respawn_max = s->respawn_max;
	b->respawn_window = s->respawn_window;
	b->respawn_delay_ms = s->respawn_delay_ms;
	b->auto_start = s->auto_start;
	b->private_network = s->private_network;
	if (s->n_actions > 0) { /* heap copies, as bc_clear frees them */
		b->actions = gx_xcalloc(s->n_actions, sizeof(*b->actions));
		b->n_actions = s->n_actions;
		for (size_t i = 0; i < s->n_actions; i++) {
			b->actions[i].name = gx_xstrdup(s->actions[i].name);
			b->actions[i].kind = s->actions[i].kind;
			b->actions[i].file = dup_or_null(s->actions[i].file);
			b->actions[i].signal = s->actions[i].signal;
			b->actions[i].command = dup_strv((const char **)s->actions[i].command);
			b->actions[i].documentation = dup_or_null(s->actions[i].documentation);
		}
	}
	if (s->timer != NULL) {
		/* Each run is a process of its own, started by the timer: it is
		 * not respawned, and the timer stays started. */
		b->timer = gx_xmalloc(sizeof(*b->timer)); /* one block, as bc_clear frees it */
		*b->timer = *s->timer;
		b->respawn = b->one_shot = false;
		b->pid_file_timeout = 0;
	}
	return service_groups(os, s, b, err);
}

static void add_dir(struct boot_conf *bc, const char *path, long uid, long gid, unsigned mode)
{
	for (size_t i = 0; i < bc->n_dirs; i++)
		if (strcmp(bc->dirs[i].path, path) == 0) {
			bc->dirs[i].uid = (uid_t)uid;
			bc->dirs[i].gid = (gid_t)gid;
			bc->dirs[i].mode = mode;
			return;
		}
	bc->dirs = gx_xrealloc(bc->dirs, (bc->n_dirs + 1) * sizeof(*bc->dirs));
	bc->dirs[bc->n_dirs++] =
	        (struct bc_dir){ gx_xstrdup(path), (uid_t)uid, (gid_t)gid, mode ? mode : 0755 };
}

static void add_homes(const struct os_model *os, struct boot_conf *bc)
{
	for (size_t i = 0; i < os->n_users; i++) {
		const struct os_user *u = &os->users[i];

		if (!u->create_home && strcmp(u->name, "root") != 0)
			continue;
		if (u->home == NULL || strcmp(u->home, "/nonexistent") == 0)
			continue;
		bc->homes = gx_xrealloc(bc->homes, (bc->n_homes + 1) * sizeof(*bc->homes));
		bc->homes[bc->n_homes++] =
		        (struct bc_home){ gx_xstrdup(u->name), gx_xstrdup(u->home), (uid_t)u->uid,
			                  (gid_t)u->gid };
	}
}

static ssize_t provider(const struct os_model *os, const char *name)
{
	for (size_t i = 0; i < os->n_services; i++)
		for (const char **p = os->services[i].provision; p && *p; p++)
			if (strcmp(*p, name) == 0)
				return (ssize_t)i;
	return -1;
}

/* Depth-first: I after everything that requires it (dependents first). */
static void visit(const struct os_model *os, size_t i, char *mark, size_t *out, size_t *n)
{
	if (mark[i])
		return;
	mark[i] = 1;
	for (size_t j = 0; j < os->n_services; j++)
		for (const char **r = os->services[j].requirement; r && *r; r++)
			if (provider(os, *r) == (ssize_t)i)
				visit(os, j, mark, out, n);
	out[(*n)++] = i;
}

/* The services with every dependent before what it requires: the
 * supervisor starts in dependency order whatever the file's order, and
 * this order lets one pass over the file stop them all (see the report on
 * svc's schedule_stops).  Cycles keep the declaration order among
 * themselves; the supervisor reports them. */
static size_t *stop_order(const struct os_model *os)
{
	size_t *out = gx_xcalloc(os->n_services + 1, sizeof(size_t));
	char *mark = gx_xcalloc(os->n_services + 1, 1);
	size_t n = 0;

	for (size_t i = 0; i < os->n_services; i++)
		visit(os, i, mark, out, &n);
	free(mark);
	return out;
}

int sys_boot_conf(const struct os_model *os, struct boot_conf *bc, struct gx_error **err)
{
	memset(bc, 0, sizeof(*bc));
	bc->host_name = gx_xstrdup(os->host_name ? os->host_name : "gxsys");
	for (size_t i = 0; i < os->n_dirs; i++) {
		const struct os_dir *d = &os->dirs[i];

		if (d->path == NULL || d->path[0] != '/') {
			bc_clear(bc);
			return gx_fail_input(err, "%s: directory '%s' is not an absolute path",
			                     os->source_file, d->path ? d->path : "");
		}
		add_dir(bc, d->path, d->uid, d->gid, d->mode);
	}
	add_homes(os, bc);
	if (os->log_rotation != NULL) {
		const struct bc_logrot *r = os->log_rotation;

		bc->log_rotation = gx_xcalloc(1, sizeof(*bc->log_rotation));
		bc->log_rotation->size_threshold = r->size_threshold;
		bc->log_rotation->expiry = r->expiry;
		bc->log_rotation->files = r->files ? gx_strv_dup(r->files) : NULL;
		bc->log_rotation->compress = r->compress ? gx_strv_dup(r->compress) : NULL;
		bc->log_rotation->suffix = r->suffix ? gx_xstrdup(r->suffix) : NULL;
	}
	_cleanup_free_ size_t *order = stop_order(os);

	bc->services = gx_xcalloc(os->n_services ? os->n_services : 1, sizeof(*bc->services));
	for (size_t i = 0; i < os->n_services; i++) {
		bc->n_services = i + 1;
		if (convert_service(os, &os->services[order[i]], &bc->services[i], err) < 0) {
			bc_clear(bc);
			return -1;
		}
	}
	return 0;
}
