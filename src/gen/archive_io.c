/* archive_io: the compressed archive stream (archive_int.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive_int.h"
#include "hash.h"
#include "store.h"
#include "util.h"

static int open_gz(struct ar_stream *s, int fd, const char *mode, struct gx_error **err)
{
	int copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);

	memset(s, 0, sizeof(*s));
	if (copy < 0)
		return gx_fail_errno(err, "cannot duplicate the archive's file descriptor");
	s->gz = gzdopen(copy, mode);
	if (!s->gz) {
		close(copy);
		return gx_fail(err, GX_EXIT_SYSTEM, ENOMEM, "cannot open the archive stream");
	}
	gzbuffer(s->gz, AR_BUF_SIZE);
	s->buf = gx_xmalloc(AR_BUF_SIZE);
	sha256_init(&s->hdr);
	return 0;
}

int ar_open_read(struct ar_stream *s, int fd, struct gx_error **err)
{
	if (open_gz(s, fd, "rb", err) < 0)
		return -1;
	s->reading = true;
	return 0;
}

int ar_open_write(struct ar_stream *s, int fd, int level, struct gx_error **err)
{
	char mode[8];

	if (level <= 0)
		snprintf(mode, sizeof(mode), "wbT");
	else
		snprintf(mode, sizeof(mode), "wb%d", level > 9 ? 9 : level);
	return open_gz(s, fd, mode, err);
}

/* What went wrong after a short or failed gzread/gzwrite. */
static int stream_error(struct ar_stream *s, bool reading, struct gx_error **err)
{
	int zerr = Z_OK;
	const char *msg = gzerror(s->gz, &zerr);
	const char *at = s->what ? s->what : "the archive header";

	if (msg && strncmp(msg, "<fd:", 4) == 0 && strstr(msg, ">: "))
		msg = strstr(msg, ">: ") + 3; /* zlib names the stream by its fd */
	if (zerr == Z_ERRNO)
		return gx_fail_errno(err, "%s the archive (at %s)",
		                     reading ? "cannot read" : "cannot write", at);
	if (!reading)
		return gx_fail(err, GX_EXIT_SYSTEM, 0, "cannot write the archive: %s", msg);
	if (zerr == Z_OK || zerr == Z_BUF_ERROR)
		return gx_fail_input(err, "the archive is truncated (it ends in %s, %llu bytes in)",
		                     at, (unsigned long long)s->pos);
	return gx_fail_input(err, "the archive is corrupted (in %s, %llu bytes in): %s", at,
	                     (unsigned long long)s->pos, msg);
}

int ar_read(struct ar_stream *s, void *p, size_t n, bool hash, struct gx_error **err)
{
	char *q = p;

	while (n) {
		unsigned chunk = n > (1u << 30) ? (1u << 30) : (unsigned)n;
		int r = gzread(s->gz, q, chunk);

		if (r <= 0)
			return stream_error(s, true, err);
		if (hash)
			sha256_update(&s->hdr, (size_t)r, (const uint8_t *)q);
		s->pos += (uint64_t)r;
		q += r;
		n -= (size_t)r;
	}
	return 0;
}

int ar_read_line(struct ar_stream *s, char *line, struct gx_error **err)
{
	for (size_t i = 0; i < AR_LINE_MAX; i++) {
		int c = gzgetc(s->gz);

		if (c < 0)
			return stream_error(s, true, err);
		s->pos++;
		line[i] = (char)c;
		if (c == '\n') {
			sha256_update(&s->hdr, i + 1, (const uint8_t *)line);
			line[i] = '\0';
			return 0;
		}
		if (c == '\0')
			break;
	}
	return gx_fail_input(err,
	                     "the archive is corrupted (a bad header line in %s, %llu bytes in)",
	                     s->what ? s->what : "its header", (unsigned long long)s->pos);
}

char *ar_read_text(struct ar_stream *s, size_t n, struct gx_error **err)
{
	char *t;

	if (n > AR_TEXT_MAX) {
		gx_fail_input(err, "the archive is corrupted (a %zu-byte header in %s)", n,
		              s->what ? s->what : "it");
		return NULL;
	}
	t = gx_xmalloc(n + 1);
	if (ar_read(s, t, n, true, err) < 0) {
		free(t);
		return NULL;
	}
	t[n] = '\0';
	if (strlen(t) != n) {
		free(t);
		gx_fail_input(err, "the archive is corrupted (a NUL byte in the header of %s)",
		              s->what ? s->what : "it");
		return NULL;
	}
	return t;
}

int ar_write(struct ar_stream *s, const void *p, size_t n, bool hash, struct gx_error **err)
{
	const char *q = p;

	if (hash)
		sha256_update(&s->hdr, n, (const uint8_t *)p);
	while (n) {
		unsigned chunk = n > (1u << 30) ? (1u << 30) : (unsigned)n;
		int w = gzwrite(s->gz, q, chunk);

		if (w <= 0)
			return stream_error(s, false, err);
		s->pos += (uint64_t)w;
		q += w;
		n -= (size_t)w;
	}
	return 0;
}

int ar_printf(struct ar_stream *s, struct gx_error **err, const char *fmt, ...)
{
	va_list ap;
	_cleanup_free_ char *t = NULL;

	va_start(ap, fmt);
	t = gx_vasprintf(fmt, ap);
	va_end(ap);
	return ar_write(s, t, strlen(t), true, err);
}

void ar_digest(struct ar_stream *s, char out[65])
{
	struct sha256_ctx copy = s->hdr;
	uint8_t d[HASH_SHA256_LEN];

	sha256_digest(&copy, sizeof(d), d);
	hash_hex(d, sizeof(d), out);
}

static int close_read(struct ar_stream *s, struct gx_error **err)
{
	char c;
	int zerr = Z_OK;

	if (gzread(s->gz, &c, 1) != 0)
		return gx_fail_input(err, "the archive is corrupted (data after its end line)");
	gzerror(s->gz, &zerr);
	if (zerr != Z_OK)
		return stream_error(s, true, err);
	return 0;
}

int ar_close(struct ar_stream *s, struct gx_error **err)
{
	int rc = 0, z;

	if (!s->gz)
		return 0;
	if (err && s->reading)
		rc = close_read(s, err);
	z = gzclose(s->gz);
	s->gz = NULL;
	free(s->buf);
	s->buf = NULL;
	if (rc == 0 && err && z != Z_OK) {
		if (z == Z_ERRNO)
			rc = gx_fail_errno(err, "cannot %s the archive",
			                   s->reading ? "read" : "write");
		else if (s->reading)
			rc = gx_fail_input(err,
			                   "the archive is corrupted (its gzip trailer is wrong)");
		else
			rc = gx_fail(err, GX_EXIT_SYSTEM, 0,
			             "cannot write the archive (zlib error %d)", z);
	}
	return rc;
}

/* Nix base32 hash, '-', then [A-Za-z0-9+._~-] (what mf_base makes). */
bool ar_valid_base(const char *base)
{
	size_t n = strlen(base);

	if (n <= STORE_HASH_LEN + 1 || base[STORE_HASH_LEN] != '-' ||
	    base[STORE_HASH_LEN + 1] == '.')
		return false;
	for (size_t i = 0; i < STORE_HASH_LEN; i++)
		if (!strchr("0123456789abcdfghijklmnpqrsvwxyz", base[i]) || !base[i])
			return false;
	for (size_t i = STORE_HASH_LEN + 1; i < n; i++)
		if (!strchr("+._~-", base[i]) && !(base[i] >= 'a' && base[i] <= 'z') &&
		    !(base[i] >= 'A' && base[i] <= 'Z') && !(base[i] >= '0' && base[i] <= '9'))
			return false;
	return true;
}
