/* Unit tests of hash.c: digests, the 160-bit fold, Nix base32, hmap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hash.h"
#include "util.h"

static void test_sha256_md5(void **state)
{
	uint8_t d[HASH_SHA256_LEN], m[HASH_MD5_LEN];
	char hex[65];

	(void)state;
	hash_sha256("abc", 3, d);
	hash_hex(d, sizeof(d), hex);
	assert_string_equal(hex,
	                    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	hash_md5("abc", 3, m);
	hash_hex(m, sizeof(m), hex);
	assert_string_equal(hex, "900150983cd24fb0d6963f7d28e17f72");
}

/* Vectors from Nix's own tests (hash.cc): sha256 in Nix base32. */
static void test_base32_nix_vectors(void **state)
{
	uint8_t d[HASH_SHA256_LEN];
	char out[64];

	(void)state;
	assert_int_equal(hash_base32_len(32), 52);
	assert_int_equal(hash_base32_len(20), 32);
	hash_sha256("", 0, d);
	hash_base32(d, sizeof(d), out);
	assert_string_equal(out, "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73");
	hash_sha256("abc", 3, d);
	hash_base32(d, sizeof(d), out);
	assert_string_equal(out, "1b8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5s");
}

static void test_base32_edges(void **state)
{
	uint8_t zero[20] = { 0 }, one[20] = { 0 };
	char out[40];

	(void)state;
	hash_base32(zero, sizeof(zero), out);
	assert_string_equal(out, "00000000000000000000000000000000");
	one[0] = 1; /* least significant group comes last */
	hash_base32(one, sizeof(one), out);
	assert_string_equal(out, "00000000000000000000000000000001");
	one[0] = 0x1f;
	hash_base32(one, sizeof(one), out);
	assert_int_equal(out[31], 'z');
	/* no vowels e, o, u, t in the alphabet */
	for (int i = 0; i < 32; i++)
		assert_null(strchr("eotu", out[i]));
}

static void test_fold(void **state)
{
	uint8_t in[32], out[20];

	(void)state;
	for (int i = 0; i < 32; i++)
		in[i] = (uint8_t)(i * 7 + 1);
	hash_fold(in, sizeof(in), out, sizeof(out));
	for (int i = 0; i < 20; i++)
		assert_int_equal(out[i], i < 12 ? (in[i] ^ in[i + 20]) : in[i]);
}

static void test_store_name(void **state)
{
	char a[33], b[33], c[33];

	(void)state;
	hash_store_name("x", 1, a);
	hash_store_name("x", 1, b);
	hash_store_name("y", 1, c);
	assert_int_equal(strlen(a), 32);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
}

static void test_unhex(void **state)
{
	uint8_t b[2];

	(void)state;
	assert_int_equal(hash_unhex("0aFf", b, 2), 0);
	assert_int_equal(b[0], 0x0a);
	assert_int_equal(b[1], 0xff);
	assert_int_equal(hash_unhex("0g00", b, 2), -1);
	assert_int_equal(hash_unhex("0a", b, 2), -1);
	assert_int_equal(hash_unhex("0a0b0c", b, 2), -1);
}

static void test_hmap(void **state)
{
	struct hmap m = HMAP_INIT;
	char **keys = calloc(5001, sizeof(char *));

	(void)state;
	assert_null(hmap_get(&m, "nothing"));
	for (int i = 0; i < 5000; i++) {
		keys[i] = gx_asprintf("key-%d", i);
		assert_null(hmap_put(&m, keys[i], (void *)(intptr_t)(i + 1)));
	}
	assert_int_equal(m.n, 5000);
	for (int i = 0; i < 5000; i++) {
		char k[32];
		snprintf(k, sizeof(k), "key-%d", i);
		assert_int_equal((intptr_t)hmap_get(&m, k), i + 1);
	}
	assert_int_equal((intptr_t)hmap_put(&m, keys[7], (void *)99), 8);
	assert_int_equal((intptr_t)hmap_get(&m, "key-7"), 99);
	assert_int_equal(m.n, 5000);
	assert_null(hmap_get(&m, "key-5000"));
	hmap_free(&m);
	for (int i = 0; i < 5000; i++)
		free(keys[i]);
	free(keys);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_md5),   cmocka_unit_test(test_base32_nix_vectors),
		cmocka_unit_test(test_base32_edges), cmocka_unit_test(test_fold),
		cmocka_unit_test(test_store_name),   cmocka_unit_test(test_unhex),
		cmocka_unit_test(test_hmap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
