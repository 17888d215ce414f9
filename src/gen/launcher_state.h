/* Running instances, as the launcher records them (templates/
 * run-container.in) in LAUNCH_STATE_DIR: NAME.pid (written by gxsys-init
 * --pid-file: the container's PID 1 seen from the host) and NAME.lock
 * (flock'ed by gxsys-init --lock for as long as the container lives, and
 * naming the system item). */
#ifndef GX_LAUNCHER_STATE_H
#define GX_LAUNCHER_STATE_H

#include <stdbool.h>
#include <sys/types.h>

#include "err.h"

#define LAUNCH_STATE_DIR "/run/gxsys/containers"

struct launch_instance {
	char *name;
	pid_t pid;
	char *system;
	long uptime; /* seconds, -1 if unknown */
};

/* Every running instance, sorted by name; *n set.  Instances whose lock is
 * free (the container exited) are left out.  NULL with *n = 0 when none. */
struct launch_instance *launch_list(const char *state_dir, size_t *n);
void launch_list_free(struct launch_instance *v, size_t n);

/* The instance NAME's file SUFFIX ("lock" or "pid") in STATE_DIR. */
char *launch_state_file(const char *state_dir, const char *name, const char *suffix);

/* The PID 1 of running instance NAME, or -1 with *err. */
pid_t launch_instance_pid(const char *state_dir, const char *name, struct gx_error **err);

#endif
