/* Test-only driver (never installed): runs the supervisor, svc_run(), on a
 * boot.conf-less service list so tests/integration/svc-*.sh can exercise
 * it as PID 1 of a fresh PID namespace without the container file system:
 *
 *     unshare --pid --fork --mount --mount-proc sh -c '...mounts...; exec svc-pid1 FILE [-- CMD...]'
 *     svc-pid1 herd VERB [SERVICE]      (or a link named herd or halt)
 *
 * FILE has one directive per line ('#' comments):
 *     service NAME          begins a service; the lines below describe it
 *     provides A B ...      requires X Y ...
 *     exec ARG ...          argv split on blanks      shell TEXT   /bin/sh -c TEXT
 *     stop-shell TEXT       stop-command /bin/sh -c TEXT
 *     respawn | one-shot | manual | no-new-privs
 *     pid-file PATH         pid-file-timeout SECONDS   log-file PATH
 *     user UID   group GID   groups GID ...   env K=V   directory PATH
 *     stop-signal N
 *     respawn-limit COUNT SECONDS   respawn-delay-ms MS
 *     action NAME configuration FILE | signal N | command ARG ...
 *     doc TEXT              its documentation ("\n" in TEXT: a newline)
 *     action-doc TEXT       the last action's
 *     timer                 a timer firing every second (any value of each field)
 *     timer-seconds S ...   timer-max-duration N   timer-occurrences N   timer-wait
 *     timer-date MONTH DAY
 *     log-rotation SIZE EXPIRY          (before any service: boot.conf's
 *     rotate-file PATH                   log-rotation section)
 *     rotate-compress SUFFIX ARG ...
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootconf.h"
#include "launch.h"
#include "svc.h"
#include "util.h"

static char **words(char *s)
{
	char **v = gx_xcalloc(1, sizeof(char *));

	for (char *w = strtok(s, " \t"); w != NULL; w = strtok(NULL, " \t"))
		v = gx_strv_push(v, w);
	return v;
}

static struct bc_service *add_service(struct boot_conf *bc, const char *name)
{
	struct bc_service *s;

	bc->services = gx_xrealloc(bc->services, (bc->n_services + 1) * sizeof(*s));
	s = &bc->services[bc->n_services++];
	memset(s, 0, sizeof(*s));
	s->name = gx_xstrdup(name);
	s->provision = gx_strv_push(gx_xcalloc(1, sizeof(char *)), name);
	s->auto_start = true;
	s->stop_signal = SIGTERM;
	s->pid_file_timeout = 30;
	return s;
}

static void gids(struct bc_service *s, char *rest)
{
	for (char *w = strtok(rest, " \t"); w != NULL; w = strtok(NULL, " \t")) {
		s->groups = gx_xrealloc(s->groups, (s->n_groups + 1) * sizeof(gid_t));
		s->groups[s->n_groups++] = (gid_t)atoi(w);
	}
}

static void append(char ***v, char *rest)
{
	char **w = words(rest);

	for (char **p = w; *p != NULL; p++)
		*v = gx_strv_push(*v != NULL ? *v : gx_xcalloc(1, sizeof(char *)), *p);
	gx_strv_free(w);
}

/* "NAME configuration FILE", "NAME signal N" or "NAME command ARG...". */
/* TEXT with each "\n" a newline, and "\e" an escape character. */
static char *unescape(const char *text)
{
	char *out = gx_xstrdup(text), *o = out;

	for (const char *p = text; *p; p++) {
		if (p[0] == '\\' && (p[1] == 'n' || p[1] == 'e')) {
			*o++ = p[1] == 'n' ? '\n' : '\033';
			p++;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

static int action(struct bc_service *s, char *rest)
{
	char **w = words(rest);
	struct bc_action *a;

	if (gx_strv_len(w) < 3) {
		gx_strv_free(w);
		return -1;
	}
	s->actions = gx_xrealloc(s->actions, (s->n_actions + 1) * sizeof(*a));
	a = &s->actions[s->n_actions++];
	memset(a, 0, sizeof(*a));
	a->name = gx_xstrdup(w[0]);
	if (strcmp(w[1], "configuration") == 0) {
		a->kind = BC_ACTION_CONFIGURATION;
		a->file = gx_xstrdup(w[2]);
	} else if (strcmp(w[1], "signal") == 0) {
		a->kind = BC_ACTION_SIGNAL;
		a->signal = atoi(w[2]);
	} else {
		a->kind = BC_ACTION_COMMAND;
		for (size_t i = 2; w[i] != NULL; i++)
			a->command = gx_strv_push(a->command, w[i]);
	}
	gx_strv_free(w);
	return 0;
}

static struct bc_timer *timer(struct bc_service *s)
{
	if (s->timer == NULL)
		s->timer = gx_xcalloc(1, sizeof(*s->timer));
	return s->timer;
}

static int timer_directive(struct bc_service *s, const char *key, char *rest)
{
	if (strcmp(key, "timer") == 0)
		timer(s);
	else if (strcmp(key, "timer-seconds") == 0)
		for (char *w = strtok(rest, " \t"); w != NULL; w = strtok(NULL, " \t"))
			timer(s)->seconds |= (uint64_t)1 << (atoi(w) % 60);
	else if (strcmp(key, "timer-max-duration") == 0)
		timer(s)->max_duration = atoi(rest);
	else if (strcmp(key, "timer-occurrences") == 0)
		timer(s)->occurrences = atoi(rest);
	else if (strcmp(key, "timer-wait") == 0)
		timer(s)->wait_for_termination = true;
	else if (strcmp(key, "timer-date") == 0) { /* MONTH DAY */
		int month = 0, day = 0;

		if (sscanf(rest, "%d %d", &month, &day) != 2)
			return -1;
		timer(s)->months |= (uint16_t)(1u << (month % 16));
		timer(s)->days_of_month |= 1u << (day % 32);
	} else
		return -1;
	return 0;
}

static int directive(struct boot_conf *bc, const char *key, char *rest)
{
	struct bc_service *s = bc->n_services ? &bc->services[bc->n_services - 1] : NULL;

	if (strcmp(key, "service") == 0)
		return add_service(bc, rest), 0;
	if (strcmp(key, "log-rotation") == 0) {
		bc->log_rotation = gx_xcalloc(1, sizeof(*bc->log_rotation));
		return sscanf(rest, "%ld %ld", &bc->log_rotation->size_threshold,
		              &bc->log_rotation->expiry) == 2
		               ? 0
		               : -1;
	}
	if (strcmp(key, "rotate-file") == 0 && bc->log_rotation != NULL) {
		bc->log_rotation->files = gx_strv_push(bc->log_rotation->files, rest);
		return 0;
	}
	if (strcmp(key, "rotate-compress") == 0 && bc->log_rotation != NULL) {
		char **w = words(rest);

		if (w[0] == NULL || w[1] == NULL)
			return -1;
		bc->log_rotation->suffix = w[0];
		bc->log_rotation->compress = w + 1;
		return 0;
	}
	if (s == NULL)
		return -1;
	if (strcmp(key, "provides") == 0)
		append(&s->provision, rest);
	else if (strcmp(key, "requires") == 0)
		append(&s->requirement, rest);
	else if (strcmp(key, "exec") == 0)
		s->command = words(rest);
	else if (strcmp(key, "shell") == 0) {
		s->command =
		        gx_strv_push(gx_strv_push(gx_xcalloc(1, sizeof(char *)), "/bin/sh"), "-c");
		s->command = gx_strv_push(s->command, rest);
	} else if (strcmp(key, "stop-shell") == 0) {
		s->stop_command =
		        gx_strv_push(gx_strv_push(gx_xcalloc(1, sizeof(char *)), "/bin/sh"), "-c");
		s->stop_command = gx_strv_push(s->stop_command, rest);
	} else if (strcmp(key, "respawn") == 0)
		s->respawn = true;
	else if (strcmp(key, "one-shot") == 0)
		s->one_shot = true;
	else if (strcmp(key, "manual") == 0)
		s->auto_start = false;
	else if (strcmp(key, "no-new-privs") == 0)
		s->no_new_privs = true;
	else if (strcmp(key, "pid-file") == 0)
		s->pid_file = gx_xstrdup(rest);
	else if (strcmp(key, "pid-file-timeout") == 0)
		s->pid_file_timeout = atoi(rest);
	else if (strcmp(key, "log-file") == 0)
		s->log_file = gx_xstrdup(rest);
	else if (strcmp(key, "user") == 0)
		s->uid = (uid_t)atoi(rest);
	else if (strcmp(key, "group") == 0)
		s->gid = (gid_t)atoi(rest);
	else if (strcmp(key, "groups") == 0)
		gids(s, rest);
	else if (strcmp(key, "env") == 0)
		s->environment = gx_strv_push(
		        s->environment != NULL ? s->environment : gx_xcalloc(1, sizeof(char *)),
		        rest);
	else if (strcmp(key, "directory") == 0)
		s->directory = gx_xstrdup(rest);
	else if (strcmp(key, "stop-signal") == 0)
		s->stop_signal = atoi(rest);
	else if (strcmp(key, "respawn-limit") == 0)
		sscanf(rest, "%d %d", &s->respawn_max, &s->respawn_window);
	else if (strcmp(key, "respawn-delay-ms") == 0)
		s->respawn_delay_ms = atoi(rest);
	else if (strcmp(key, "action") == 0)
		return action(s, rest);
	else if (strcmp(key, "doc") == 0)
		s->documentation = unescape(rest);
	else if (strcmp(key, "action-doc") == 0 && s->n_actions > 0)
		s->actions[s->n_actions - 1].documentation = unescape(rest);
	else
		return timer_directive(s, key, rest);
	return 0;
}

static struct boot_conf *load(const char *path)
{
	_cleanup_fclose_ FILE *f = fopen(path, "re");
	struct boot_conf *bc = gx_xcalloc(1, sizeof(*bc));
	char line[4096];
	int lineno = 0;

	if (f == NULL) {
		fprintf(stderr, "svc-pid1: open '%s': %s\n", path, strerror(errno));
		exit(2);
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		char *key = line, *rest;

		lineno++;
		line[strcspn(line, "\n")] = '\0';
		key += strspn(key, " \t");
		if (*key == '\0' || *key == '#')
			continue;
		rest = key + strcspn(key, " \t");
		if (*rest != '\0')
			*rest++ = '\0';
		rest += strspn(rest, " \t");
		if (directive(bc, key, rest) < 0) {
			fprintf(stderr, "%s:%d: bad directive '%s'\n", path, lineno, key);
			exit(2);
		}
	}
	return bc;
}

int main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	struct boot_conf *bc;

	base = base != NULL ? base + 1 : argv[0];
	if (strcmp(base, "herd") == 0 || strcmp(base, "halt") == 0)
		return svc_herd_main(argc, argv);
	if (argc > 1 && strcmp(argv[1], "herd") == 0)
		return svc_herd_main(argc - 1, argv + 1);
	if (argc < 2 || (argc > 2 && strcmp(argv[2], "--") != 0) || argc == 3) {
		fputs("usage: svc-pid1 FILE [-- COMMAND ARG...] | svc-pid1 herd ...\n", stderr);
		return 2;
	}
	/* As gxsys-init's PID 1 starts: svc_run relies on it (a shell running
	 * this in the background ignores SIGINT). */
	launch_reset_signals();
	bc = load(argv[1]);
	/* The supervisor runs until shutdown; the service list is freed with
	 * the process (as gxsys-init does with its boot.conf). */
	return svc_run(bc, argc > 3 ? argv + 3 : NULL);
}
