/* The supervisor: PID 1's service manager, after GNU Shepherd (DESIGN.md §4).
 *
 * Handoff from the boot sequence: once the container's file system is set up
 * (pivot_root done, /run, /var/log, /dev writable), PID 1 calls svc_run(),
 * which starts the services of BOOT.CONF, serves the control socket
 * (SVC_CONTROL_PATH) and the built-in syslog (/dev/log), and returns only
 * after an orderly shutdown.  `gxsys-init herd ...` (or argv[0] `herd` or
 * `halt`) calls svc_herd_main(), the client of the control socket. */
#ifndef GX_SVC_H
#define GX_SVC_H

#include "bootconf.h"

/* The control socket inside the container (mode 0600, root only). */
#define SVC_CONTROL_DIR "/run/gxsys"
#define SVC_CONTROL_PATH SVC_CONTROL_DIR "/control"

/* Run the services of BC as PID 1 until shutdown, then return PID 1's exit
 * status.  BC is only read, never freed or kept past return.
 *
 * COMMAND, when not NULL, is a NULL-terminated argv run once every
 * auto-start service is up (stdin/stdout/stderr inherited, as root, with
 * PATH and TERM only, in /); when it exits the system shuts down and its
 * status is returned: its exit code, 128+N if killed by signal N, 127 if
 * not found, 126 if not executable.  A shutdown that comes first (signal,
 * `halt`) sends COMMAND SIGTERM with every remaining process (143 then); if
 * it never started, 128+N for signal N, 1 after `halt`.  Without COMMAND the
 * system runs until SIGTERM, SIGINT, SIGHUP, SIGPWR or `herd stop root` /
 * `halt`, and 0 is returned after an orderly shutdown.  If the supervisor cannot start at all
 * it prints one message on stderr and returns GX_EXIT_FAILURE (bad service
 * graph: missing requirement, duplicate provision, cycle) or GX_EXIT_SYSTEM.
 *
 * Shutdown: services are stopped in reverse dependency order (stop signal,
 * 5 s grace, SIGKILL to the process group), then every remaining process
 * gets SIGTERM, 4 s grace, SIGKILL; all children are reaped before return.
 * The caller's signal mask is changed (all signals blocked but the
 * synchronous faults) and not restored. */
int svc_run(const struct boot_conf *bc, char *const *command);

/* The herd client: talks to the control socket of the running supervisor.
 * ARGV[0] is the command name: if its basename is "halt", this is `halt`
 * (stop root: shut the system down); otherwise ("herd", "gxsys-init herd"
 * passing argv + 1) ARGV[1..] is `status|start|stop|restart [SERVICE]`.
 * Prints the supervisor's reply on stdout, errors on stderr.  Returns the
 * exit status: 0 success, 1 refused by the supervisor (unknown service...),
 * 2 bad usage, 3 control socket unreachable or I/O error. */
int svc_herd_main(int argc, char **argv);

#endif
