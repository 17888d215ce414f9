/* Activation, inside the container after its file system is built: host
 * name, declared directories, home directories (the loopback is the
 * launcher's: launch.c). */
#ifndef GX_ACTIVATE_H
#define GX_ACTIVATE_H

#include "bootconf.h"
#include "err.h"

int act_hostname(const struct boot_conf *bc, struct gx_error **err);
/* The `directory` sections: created, then owned and moded as declared. */
/* The boot.conf directories.  One under a bind's target (BINDS: a host
 * directory, kept across boots, that a service's user may have changed)
 * is reached with no symbolic link but root's own (gx_open_dir_safe). */
int act_dirs(const struct boot_conf *bc, const struct bc_mount *binds, size_t n_binds,
             struct gx_error **err);
/* The `home` sections: a missing home is made 0700 from /etc/skel. */
int act_homes(const struct boot_conf *bc, struct gx_error **err);

#endif
