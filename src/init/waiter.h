/* The launcher's waiter (waiter.c): what the launcher becomes once PID 1
 * runs (launch.c, launch_start). */
#ifndef GX_WAITER_H
#define GX_WAITER_H

#include <stdbool.h>

/* The waiter's command line: argv[0] is LAUNCH_WAITER, then PID ERRFD
 * LOCKFD LOCKFILE USES [DIRFD PIDFILE]...: reads PID 1's verdict from
 * ERRFD (and says why the boot failed), relays SIGINT, SIGTERM and SIGHUP
 * to PID until it exits, then removes the lock file LOCKFILE (when LOCKFD
 * still holds it) and the PIDFILEs that still name PID, each in the
 * directory open on its DIRFD (-1: none).  Returns PID 1's status as an
 * exit status. */
int waiter_main(int argc, char **argv);

/* Whether PATH (not followed) still names the file open on FD: a lock
 * file removed or replaced since is not the one held. */
bool waiter_lock_current(int fd, const char *path);

/* Remove the lock file PATH, still held through FD; nothing when PATH
 * names another file by now. */
void waiter_lock_remove(int fd, const char *path);

/* Where gxsys-init starts (x86_64: the ELF entry point, before the C
 * library's _start): runs the waiter when argv[1] is LAUNCH_WAITER, and
 * otherwise returns. */
void gxsys_pre_start(long argc, char **argv);

#endif
