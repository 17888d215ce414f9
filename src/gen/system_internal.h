/* Internals of the system builder shared by its files (system*.c). */
#ifndef GX_SYSTEM_INTERNAL_H
#define GX_SYSTEM_INTERNAL_H

#include "system.h"

/* etc/: the items' etc trees (first package wins), then SET over them. */
int sysi_etc_assemble(const char *etc, struct closure *c, const struct etc_set *set,
                      struct gx_error **err);
/* What maintainer scripts would make, with the packages' own tools run in
 * a build container on SCRATCH (an empty directory). */
int sysi_etc_maintainer(const char *profile, const char *etc, const char *scratch,
                        struct gx_error **err);

/* Does DIR/REL exist (without following a last symlink)? */
bool sysi_has(const char *dir, const char *rel);

#endif
