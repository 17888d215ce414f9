/* hash: digests, fold and Nix base32 (see hash.h). */
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "util.h"

static const char base32_chars[] = "0123456789abcdfghijklmnpqrsvwxyz";

void hash_sha256(const void *data, size_t len, uint8_t out[HASH_SHA256_LEN])
{
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, len, data);
	sha256_digest(&c, HASH_SHA256_LEN, out);
}

void hash_md5(const void *data, size_t len, uint8_t out[HASH_MD5_LEN])
{
	struct md5_ctx c;

	md5_init(&c);
	md5_update(&c, len, data);
	md5_digest(&c, HASH_MD5_LEN, out);
}

void hash_fold(const uint8_t *in, size_t inlen, uint8_t *out, size_t outlen)
{
	memset(out, 0, outlen);
	for (size_t i = 0; i < inlen; i++)
		out[i % outlen] ^= in[i];
}

size_t hash_base32_len(size_t n)
{
	return n == 0 ? 0 : (n * 8 - 1) / 5 + 1;
}

/* Nix writes the most significant 5-bit group first, reading the bytes as a
 * little-endian number. */
void hash_base32(const uint8_t *in, size_t n, char *out)
{
	size_t len = hash_base32_len(n);

	for (size_t k = 0; k < len; k++) {
		size_t group = len - 1 - k;
		size_t b = group * 5, i = b / 8, j = b % 8;
		unsigned c = in[i] >> j;

		if (i + 1 < n)
			c |= (unsigned)in[i + 1] << (8 - j);
		out[k] = base32_chars[c & 0x1f];
	}
	out[len] = '\0';
}

void hash_hex(const uint8_t *in, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[in[i] >> 4];
		out[2 * i + 1] = hex[in[i] & 15];
	}
	out[2 * n] = '\0';
}

static int unhex1(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int hash_unhex(const char *hex, uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int hi = unhex1(hex[2 * i]), lo;

		if (hi < 0)
			return -1;
		lo = unhex1(hex[2 * i + 1]);
		if (lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return hex[2 * n] == '\0' ? 0 : -1;
}

void hash_store_name(const void *serialisation, size_t len, char out[33])
{
	uint8_t d[HASH_SHA256_LEN], f[HASH_FOLD_LEN];

	hash_sha256(serialisation, len, d);
	hash_fold(d, sizeof(d), f, sizeof(f));
	hash_base32(f, sizeof(f), out);
}

/* FNV-1a */
size_t hmap_hash(const char *key)
{
	uint64_t h = 1469598103934665603ULL;

	for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
		h ^= *p;
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

static struct hmap_slot *find_slot(struct hmap_slot *slots, size_t cap, const char *key, size_t h)
{
	size_t i = h & (cap - 1);

	while (slots[i].key && (slots[i].hash != h || strcmp(slots[i].key, key) != 0))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

void *hmap_get(const struct hmap *m, const char *key)
{
	size_t h;

	if (!m->cap)
		return NULL;
	h = hmap_hash(key);
	return find_slot(m->slots, m->cap, key, h)->val;
}

static void grow(struct hmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	struct hmap_slot *slots = gx_xcalloc(cap, sizeof(*slots));

	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].key)
			*find_slot(slots, cap, m->slots[i].key, m->slots[i].hash) = m->slots[i];
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
}

void *hmap_put(struct hmap *m, const char *key, void *val)
{
	struct hmap_slot *s;
	size_t h = hmap_hash(key);
	void *old;

	if ((m->n + 1) * 4 > m->cap * 3)
		grow(m);
	s = find_slot(m->slots, m->cap, key, h);
	old = s->val;
	if (!s->key) {
		m->n++;
		s->key = key;
		s->hash = h;
	}
	s->val = val;
	return old;
}

void hmap_free(struct hmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->n = 0;
}
