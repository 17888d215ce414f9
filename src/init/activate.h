/* Activation, inside the container after its file system is built: host
 * name, loopback, declared directories, home directories. */
#ifndef GX_ACTIVATE_H
#define GX_ACTIVATE_H

#include "bootconf.h"
#include "err.h"

int act_hostname(const struct boot_conf *bc, struct gx_error **err);
/* Bring `lo` up (private network namespace only: a no-op with network = true). */
int act_loopback(const struct boot_conf *bc, struct gx_error **err);
/* The `directory` sections: created, then owned and moded as declared. */
int act_dirs(const struct boot_conf *bc, struct gx_error **err);
/* The `home` sections: a missing home is made 0700 from /etc/skel. */
int act_homes(const struct boot_conf *bc, struct gx_error **err);

#endif
