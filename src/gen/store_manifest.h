/* The canonical serialisation of an item (its manifest), shared by store*.c. */
#ifndef GX_STORE_MANIFEST_H
#define GX_STORE_MANIFEST_H

#include <stdint.h>

#include "arena.h"
#include "util.h"

struct mf_ent {
	char *path; /* item-relative, arena */
	char type;  /* 'd', 'f', 'l' */
	unsigned mode;
	uint64_t size;
	char digest[65]; /* sha256 hex (files) */
	char *target;    /* symlinks */
};

struct mf_priv {
	char *path;
	unsigned mode; /* the original mode, with setuid/setgid bits */
	char *caps;    /* security.capability in hex, or NULL */
};

struct mf {
	struct gx_arena a;
	struct mf_ent *ents;
	size_t n, cap;
	struct mf_priv *privs;
	size_t np, pcap;
	uint64_t size, nfiles;
};

struct mf_ent *mf_add(struct mf *m, const char *path, char type);
void mf_add_priv(struct mf *m, const char *path, unsigned mode, const char *caps);
void mf_sort(struct mf *m);
void mf_free(struct mf *m);
/* Content lines only ("d ...", "f ...", "l ...") in path order. */
void mf_content(const struct mf *m, struct gx_buf *b);
/* The whole serialisation: header, content, privileges, refs (sorted). */
char *mf_serialise(const struct mf *m, const char *name, const char *version, char *const *refs);
/* "<hash>-<name>[-<version>]" for a serialisation. */
char *mf_base(const char *serialisation, const char *name, const char *version);

/* Walk the tree at dir (an fd) into m, hashing regular files with buf; when
 * links (hmap "dev:ino" -> sha256 hex) has a file, its digest is used. */
struct hmap;
int mf_walk(int dfd, const char *dir, struct mf *m, char *buf, size_t bufsz,
            const struct hmap *links, struct gx_error **err);

/* Hash the open file fd (sha256, and md5 when md5 != NULL) while copying to
 * out (when out >= 0).  Returns the size, or -1 with errno. */
int64_t mf_hash_copy(int fd, int out, char *buf, size_t bufsz, char sha_hex[65], uint8_t *md5);

#endif
