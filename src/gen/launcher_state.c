/* Running instances (see launcher_state.h). */
#include "launcher_state.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

char *launch_state_file(const char *state_dir, const char *name, const char *suffix)
{
	return gx_asprintf("%s/%s.%s", state_dir, name, suffix);
}

/* The lock is held while the container lives. */
static bool is_running(const char *lock)
{
	_cleanup_close_ int fd = open(lock, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return false;
	if (flock(fd, LOCK_SH | LOCK_NB) == 0) {
		flock(fd, LOCK_UN);
		return false;
	}
	return errno == EWOULDBLOCK;
}

static pid_t read_pid(const char *path)
{
	_cleanup_free_ char *text = NULL;
	size_t len;
	char *end;
	long pid;

	if (gx_read_file(path, &text, &len) < 0)
		return -1;
	pid = strtol(text, &end, 10);
	if (end == text || pid <= 1 || (*end != '\0' && *end != '\n'))
		return -1;
	return (pid_t)pid;
}

/* Seconds since the instance started: the age of its pid file, which
 * gxsys-init writes once the container is up.  (/proc/PID/stat's start
 * time counts from a boot time a time namespace may shift.) */
static long uptime_of(const char *pid_file)
{
	struct stat st;
	time_t now = time(NULL);

	if (stat(pid_file, &st) < 0 || now < st.st_mtime)
		return -1;
	return (long)(now - st.st_mtime);
}

/* The first line of PATH, "?" when there is none. */
static char *read_line(const char *path)
{
	char *text = NULL;
	size_t len;

	if (gx_read_file(path, &text, &len) < 0)
		return gx_xstrdup("?");
	text[strcspn(text, "\n")] = '\0';
	if (!text[0]) {
		free(text);
		return gx_xstrdup("?");
	}
	return text;
}

/* The instance name of a state directory entry: NAME of NAME.lock. */
static char *lock_name(const char *entry)
{
	size_t n = strlen(entry);

	if (entry[0] == '.' || n <= 5 || strcmp(entry + n - 5, ".lock") != 0)
		return NULL;
	return gx_xstrndup(entry, n - 5);
}

struct launch_instance *launch_list(const char *state_dir, size_t *n)
{
	struct dirent **names = NULL;
	int count = scandir(state_dir, &names, NULL, alphasort);
	struct launch_instance *v = NULL;

	*n = 0;
	for (int i = 0; i < count; i++) {
		_cleanup_free_ char *name = lock_name(names[i]->d_name);
		_cleanup_free_ char *lock =
		        name ? launch_state_file(state_dir, name, "lock") : NULL;
		_cleanup_free_ char *pidf = name ? launch_state_file(state_dir, name, "pid") : NULL;
		pid_t pid;

		if (name != NULL && is_running(lock) && (pid = read_pid(pidf)) > 0) {
			v = gx_xrealloc(v, (*n + 1) * sizeof(*v));
			v[(*n)++] = (struct launch_instance){ steal_pointer(&name), pid,
				                              read_line(lock), uptime_of(pidf) };
		}
		free(names[i]);
	}
	free(names);
	return v;
}

void launch_list_free(struct launch_instance *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].system);
	}
	free(v);
}

pid_t launch_instance_pid(const char *state_dir, const char *name, struct gx_error **err)
{
	_cleanup_free_ char *lock = NULL, *pidf = NULL;
	pid_t pid;

	if (name[0] == '\0' || name[0] == '.' || strchr(name, '/'))
		return gx_fail_input(err, "invalid instance name");
	lock = launch_state_file(state_dir, name, "lock");
	pidf = launch_state_file(state_dir, name, "pid");
	if (!is_running(lock) || (pid = read_pid(pidf)) < 0)
		return gx_fail_input(err, "no running container of that name");
	return pid;
}
