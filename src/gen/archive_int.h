/* archive internals shared by archive*.c: the compressed stream with a
 * running digest of its non-content bytes. */
#ifndef GX_ARCHIVE_INT_H
#define GX_ARCHIVE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <nettle/sha2.h>
#include <zlib.h>

#include "err.h"

#define AR_BUF_SIZE (256 * 1024)
#define AR_LINE_MAX 8192
/* Metadata or serialisation of one item (one of 100 000 files is 12 MiB),
 * and of all items of an archive together: the importer keeps them all. */
#define AR_TEXT_MAX (32u << 20)
#define AR_TEXT_TOTAL_MAX (256u << 20)

struct ar_stream {
	gzFile gz;
	struct sha256_ctx hdr; /* every byte but file contents */
	uint64_t pos;          /* uncompressed offset */
	char *buf;             /* AR_BUF_SIZE */
	const char *what;      /* the item being read or written, for messages */
	bool reading;
};

/* Open fd (dup'ed, from its current offset) for reading or writing (level
 * 0-9; 0 writes plain bytes). */
int ar_open_read(struct ar_stream *s, int fd, struct gx_error **err);
int ar_open_write(struct ar_stream *s, int fd, int level, struct gx_error **err);
/* Close; for a reader, first check that the stream ends here and its gzip
 * trailer is right.  Returns 0 or -1 with err (err may be NULL to just
 * close). */
int ar_close(struct ar_stream *s, struct gx_error **err);

/* Read exactly n bytes (hashed into hdr when hash).  A short stream is
 * "truncated", a zlib error "corrupted". */
int ar_read(struct ar_stream *s, void *p, size_t n, bool hash, struct gx_error **err);
/* Read one '\n'-terminated line (hashed) into line (AR_LINE_MAX), without
 * the newline. */
int ar_read_line(struct ar_stream *s, char *line, struct gx_error **err);
/* Read n bytes of text (hashed); NUL-terminated, malloc'd; a NUL inside is an
 * error. */
char *ar_read_text(struct ar_stream *s, size_t n, struct gx_error **err);

int ar_write(struct ar_stream *s, const void *p, size_t n, bool hash, struct gx_error **err);
int ar_printf(struct ar_stream *s, struct gx_error **err, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* The hex digest of everything hashed so far (out: 65 bytes). */
void ar_digest(struct ar_stream *s, char out[65]);

/* Is base a well-formed item name (32 Nix base32 chars, '-', a name)? */
bool ar_valid_base(const char *base);

#endif
