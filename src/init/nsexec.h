/* `gxsys-init exec [--lock FILE] PID [--] COMMAND ARG...`: run COMMAND
 * inside the running container whose process PID is given as the host sees
 * it; with --lock, only if PID is the PID 1 of the instance whose lock file
 * is FILE (instance.h), as the generated launcher asks. */
#ifndef GX_NSEXEC_H
#define GX_NSEXEC_H

#include <sys/types.h>

#include "err.h"

/* PATH given to commands run inside (and TERM, kept from the caller). */
#define NS_DEFAULT_PATH "/usr/bin:/usr/sbin:/run/gxsys/bin"

/* Join the namespaces of PID (when LOCK is not NULL, only once
 * instance_check has passed): its user namespace first when it has its own,
 * then ipc, uts, net, pid (for children), mnt, cgroup; the ones it shares
 * with us are skipped.  Then chdir("/") and reduce the capabilities as for
 * the container's own processes.  Status 1 when PID is not a process in
 * another PID namespace, 3 when joining fails. */
int ns_join(pid_t pid, const char *lock, struct gx_error **err);

/* The command: ARGV[0] is "exec".  Prints its errors; returns the exit
 * status (COMMAND's, 127 not found, 126 not executable, 128+N signal N;
 * 1 no such container, 2 usage, 3 joining failed). */
int ns_exec_main(int argc, char **argv);

#endif
