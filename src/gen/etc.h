/* etc: the generated /etc of a system (DESIGN.md §3) from the OS model.
 * Every value is checked or escaped for the format of the file it lands in:
 * a value a format cannot hold (a ':' in a passwd field, a newline in a host
 * name) is refused with the declaration's FILE:LINE:COL.  Output is
 * deterministic (no dates, no host state) so the system item stays
 * content-addressed. */
#ifndef GX_ETC_H
#define GX_ETC_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "os.h"

enum etc_kind {
	ETC_FILE,
	ETC_SYMLINK, /* content is the link target */
};

struct etc_entry {
	char *path; /* relative to etc/, e.g. "passwd", "nginx/nginx.conf" */
	enum etc_kind kind;
	char *content;
	size_t len;
	unsigned mode;
	bool declared; /* from the declaration: overrides the packages' conffiles */
	bool fallback; /* ...unless it is a fallback: a package's file wins */
};

struct etc_set {
	struct etc_entry *v;
	size_t n;
};

/* Generate every file of etc/ the OS model determines.  Returns 0, or -1
 * with *err "FILE:LINE:COL: what is wrong" for a value a format cannot
 * hold. */
int etc_generate(const struct os_model *os, struct etc_set *out, struct gx_error **err);
void etc_set_free(struct etc_set *set);
/* The entry at PATH, or NULL. */
struct etc_entry *etc_set_find(const struct etc_set *set, const char *path);

/* Single files, for tests and for the system builder.  Each appends to OUT
 * and returns 0, or -1 with *err set. */
int etc_passwd(const struct os_model *os, struct gx_buf *out, struct gx_error **err);
int etc_group(const struct os_model *os, struct gx_buf *out, struct gx_error **err);
int etc_shadow(const struct os_model *os, struct gx_buf *out, struct gx_error **err);
int etc_hosts(const struct os_model *os, struct gx_buf *out, struct gx_error **err);
int etc_os_release(const struct os_model *os, struct gx_buf *out, struct gx_error **err);

/* Validity checks shared with the system builder and the launcher writer. */
bool etc_valid_host_name(const char *s);
bool etc_valid_account_name(const char *s);
/* A relative path with no "", ".", ".." component and no control character. */
bool etc_valid_relpath(const char *s);

#endif
