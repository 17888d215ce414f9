/* The boot.conf writer: struct boot_conf (src/init/bootconf.h) to the
 * libconfuse text gxsys-init reads back with bc_load() (docs/boot-conf.md).
 * Every string is written double-quoted with libconfuse's escapes, '$'
 * included (libconfuse expands ${VAR} inside double quotes), so any byte
 * string but NUL survives the round trip. */
#ifndef GX_BOOTCONF_WRITE_H
#define GX_BOOTCONF_WRITE_H

#include "bootconf.h"
#include "util.h"

/* Append S as a libconfuse double-quoted string. */
void bcw_quote(struct gx_buf *out, const char *s);

/* Append the whole boot.conf for BC. */
void bcw_write(struct gx_buf *out, const struct boot_conf *bc);

#endif
