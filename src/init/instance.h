/* A running instance as the generated launcher names it (templates/
 * run-container.in): the PID in its pid file, and its lock file, which the
 * instance's waiter (PID 1's parent on the host) holds open for as long as
 * the container lives.  The launcher's exec, status and stop act on that
 * PID through gxsys-init, which pins the process with a pidfd before it
 * checks it, so the checks and what follows are about one process: not a
 * later one that was given the same number. */
#ifndef GX_INSTANCE_H
#define GX_INSTANCE_H

#include <sys/types.h>

#include "err.h"

/* Whether PID is the PID 1 of the instance whose lock file is LOCK: a
 * process named gxsys-init, run by root (real, effective, saved and file
 * system uids), whose parent holds LOCK open.  0, or -1 with *err
 * (status 1).  The caller holds a pidfd of PID opened before the call and
 * makes sure afterwards that it still runs (pidfd_send_signal with 0):
 * then what was read here was that process's. */
int instance_check(pid_t pid, const char *lock, struct gx_error **err);

/* `gxsys-init stop --lock LOCK PID`: SIGTERM to PID once instance_check
 * has passed, then wait up to 60 s for it to exit.  ARGV[0] is "stop".
 * Prints its errors; returns 0 once PID has exited (or was found gone
 * when signalled), 1 when PID is not that instance's PID 1 or has not
 * exited in time, 2 for a bad command line, 3 for a system error. */
int instance_stop_main(int argc, char **argv);

#endif
