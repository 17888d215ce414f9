/* elfscan (not <elf.h>, which it includes): what the closure needs from an ELF file (DESIGN.md §2): PT_INTERP,
 * DT_NEEDED, DT_RPATH, DT_RUNPATH.  Parses untrusted bytes with bounds
 * checks on every offset; a malformed file is an error, never a crash. */
#ifndef GX_ELFSCAN_H
#define GX_ELFSCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

struct elf_info {
	int elf_class; /* ELFCLASS32 / ELFCLASS64 */
	int machine;   /* e_machine */
	char *interp;  /* PT_INTERP or NULL */
	char **needed; /* DT_NEEDED, NULL-terminated (never NULL after success) */
	char *rpath;   /* DT_RPATH or NULL */
	char *runpath; /* DT_RUNPATH or NULL */
};

/* Does buf start with the ELF magic? */
bool elf_is_elf(const void *buf, size_t len);

/* Parse an ELF image in memory.  Returns 0, or -1 with err (malformed). */
int elf_parse(const void *buf, size_t len, struct elf_info *out, struct gx_error **err);

/* Parse the file at fd (mmap'd).  Returns 1 parsed, 0 not ELF, -1 error. */
int elf_read_fd(int fd, struct elf_info *out, struct gx_error **err);

void elf_info_free(struct elf_info *e);

/* Expand $ORIGIN / ${ORIGIN} (and $LIB, $PLATFORM as ld.so does on x86_64)
 * in one search-path element; origin is the directory of the object. */
char *elf_expand_origin(const char *elem, const char *origin);

#endif
