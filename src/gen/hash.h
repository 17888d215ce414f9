/* hash: SHA-256 and MD5 (nettle), the 160-bit fold and Nix base32 used in
 * store item names (DESIGN.md §2). */
#ifndef GX_HASH_H
#define GX_HASH_H

#include <stddef.h>
#include <stdint.h>

#include <nettle/md5.h>
#include <nettle/sha2.h>

#define HASH_SHA256_LEN 32
#define HASH_MD5_LEN 16
#define HASH_FOLD_LEN 20 /* 160 bits */

/* One-shot digests. */
void hash_sha256(const void *data, size_t len, uint8_t out[HASH_SHA256_LEN]);
void hash_md5(const void *data, size_t len, uint8_t out[HASH_MD5_LEN]);

/* XOR-fold in into out: out[i % outlen] ^= in[i] (Nix's compressHash). */
void hash_fold(const uint8_t *in, size_t inlen, uint8_t *out, size_t outlen);

/* Nix base32 ("0123456789abcdfghijklmnpqrsvwxyz", least significant 5 bits
 * last).  hash_base32_len(20) == 32.  out gets hash_base32_len(n) chars + NUL. */
size_t hash_base32_len(size_t n);
void hash_base32(const uint8_t *in, size_t n, char *out);

/* Lower-case hex; out gets 2n chars + NUL.  hash_unhex returns 0 or -1. */
void hash_hex(const uint8_t *in, size_t n, char *out);
int hash_unhex(const char *hex, uint8_t *out, size_t n);

/* The store name hash of a canonical serialisation: Nix base32 of the
 * 160-bit fold of its SHA-256.  out gets STORE_HASH_LEN (32) chars + NUL. */
void hash_store_name(const void *serialisation, size_t len, char out[33]);

/* A string-keyed open-addressing hash table.  Keys are borrowed: the caller
 * keeps them alive (an arena) for the table's lifetime. */
struct hmap_slot {
	const char *key;
	void *val;
	size_t hash;
};
struct hmap {
	struct hmap_slot *slots;
	size_t cap, n;
};
#define HMAP_INIT                                                                                  \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}
size_t hmap_hash(const char *key);
void *hmap_get(const struct hmap *m, const char *key);
/* Insert or replace; returns the old value or NULL. */
void *hmap_put(struct hmap *m, const char *key, void *val);
void hmap_free(struct hmap *m);

#endif
