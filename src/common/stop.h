/* stop: a signal as a flag, for the loops of commands that write the
 * store (gx_fail_signal, in err.h, makes the error). */
#ifndef GX_STOP_H
#define GX_STOP_H

#include <signal.h>

/* For commands that write the store (imports, builds): catch SIGINT,
 * SIGTERM and SIGHUP (those not ignored) into the flag returned, which
 * their loops look at (archive_import_opts.stop, closure_opts.stop,
 * sys_opts.stop), so that ^C, a kill or a closed ssh session leaves no
 * half-written item behind. */
const volatile sig_atomic_t *gx_catch_stop(void);

#endif
