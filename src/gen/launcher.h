/* launcher: the `run-container` script of a system (DESIGN.md §4), from
 * templates/run-container.in (compiled into gxsys).  Every value is
 * substituted as one single-quoted POSIX sh word, so no byte of a store
 * path, host name or file name can break or inject into the script. */
#ifndef GX_LAUNCHER_H
#define GX_LAUNCHER_H

#include <stddef.h>

#include "err.h"
#include "util.h"

struct launch_params {
	const char *version;      /* gxsys version */
	const char *store;        /* store directory */
	const char *system;       /* system item path */
	const char *boot_conf;    /* the boot.conf gxsys-init boots */
	const char *init;         /* gxsys-init binary path in its store item */
	const char *source;       /* the config file, for the "rebuild" hint */
	const char *name;         /* default instance name */
	const char *host_name;    /* for the header comment */
	const char *const *items; /* store item bases the system needs, NULL-terminated */
};

/* Append S quoted as one sh word: 'S' with each ' written '\''. */
void launch_sh_quote(struct gx_buf *out, const char *s);

/* Render TMPL (with @NAME@ placeholders) for P into OUT.  An unknown
 * placeholder, or an item base holding a newline, is an error. */
int launch_render(const char *tmpl, size_t len, const struct launch_params *p, struct gx_buf *out,
                  struct gx_error **err);

/* Render the built-in templates/run-container.in. */
int launch_write(const struct launch_params *p, struct gx_buf *out, struct gx_error **err);

/* The built-in template (launcher_template.c). */
extern const char launch_template[];
extern const size_t launch_template_len;

#endif
