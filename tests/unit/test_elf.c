/* Unit tests of elfscan.c on real files (this test program) and on
 * malformed ones: truncations, bad offsets, random corruption. */
#include <elf.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "elfscan.h"
#include "util.h"

static char *self;
static const char *self_path; /* argv[0]: /proc/self/exe is valgrind's tool under valgrind */
static size_t self_len;

static int load_self(void **state)
{
	(void)state;
	return gx_read_file(self_path, &self, &self_len);
}

static int free_self(void **state)
{
	(void)state;
	free(self);
	return 0;
}

static bool has(char **v, const char *s)
{
	for (; v && *v; v++)
		if (strcmp(*v, s) == 0)
			return true;
	return false;
}

static void test_real(void **state)
{
	struct elf_info e;
	struct gx_error *err = NULL;

	(void)state;
	assert_true(elf_is_elf(self, self_len));
	assert_int_equal(elf_parse(self, self_len, &e, &err), 0);
	assert_int_equal(e.elf_class, ELFCLASS64);
	assert_int_equal(e.machine, EM_X86_64);
	assert_non_null(e.interp);
	assert_non_null(strstr(e.interp, "ld-linux"));
	assert_true(has(e.needed, "libc.so.6"));
	assert_true(has(e.needed, "libcmocka.so.0"));
	elf_info_free(&e);
}

static void test_read_fd(void **state)
{
	struct elf_info e;
	struct gx_error *err = NULL;
	int fd = open(self_path, O_RDONLY | O_CLOEXEC);

	(void)state;
	assert_int_equal(elf_read_fd(fd, &e, &err), 1);
	assert_true(has(e.needed, "libc.so.6"));
	elf_info_free(&e);
	close(fd);
	/* not ELF */
	fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
	assert_int_equal(elf_read_fd(fd, &e, &err), 0);
	close(fd);
	assert_null(err);
}

static void test_not_elf(void **state)
{
	struct elf_info e;
	struct gx_error *err = NULL;

	(void)state;
	assert_false(elf_is_elf("#!/bin/sh", 9));
	assert_false(elf_is_elf("\177EL", 3));
	assert_int_equal(elf_parse("#!/bin/sh\n", 10, &e, &err), -1);
	gx_error_free(err);
}

/* A minimal ELF64 header whose program headers point past the end. */
static void test_bad_offsets(void **state)
{
	Elf64_Ehdr h;
	struct elf_info e;
	struct gx_error *err = NULL;
	char buf[sizeof(h) + sizeof(Elf64_Phdr)];
	Elf64_Phdr ph;

	(void)state;
	memset(&h, 0, sizeof(h));
	memcpy(h.e_ident, ELFMAG, SELFMAG);
	h.e_ident[EI_CLASS] = ELFCLASS64;
	h.e_ident[EI_DATA] = ELFDATA2LSB;
	h.e_machine = EM_X86_64;
	h.e_phentsize = sizeof(Elf64_Phdr);
	h.e_phnum = 1000;
	h.e_phoff = sizeof(h);
	memset(buf, 0, sizeof(buf));
	memcpy(buf, &h, sizeof(h));
	assert_int_equal(elf_parse(buf, sizeof(buf), &e, &err), -1);
	assert_non_null(strstr(err->msg, "program headers"));
	gx_error_free(err);
	err = NULL;

	/* one PT_INTERP pointing outside the file */
	h.e_phnum = 1;
	memcpy(buf, &h, sizeof(h));
	memset(&ph, 0, sizeof(ph));
	ph.p_type = PT_INTERP;
	ph.p_offset = 1u << 30;
	ph.p_filesz = 10;
	memcpy(buf + sizeof(h), &ph, sizeof(ph));
	assert_int_equal(elf_parse(buf, sizeof(buf), &e, &err), -1);
	gx_error_free(err);
	err = NULL;

	/* PT_DYNAMIC with a huge size */
	ph.p_type = PT_DYNAMIC;
	ph.p_offset = 0;
	ph.p_filesz = UINT64_MAX;
	memcpy(buf + sizeof(h), &ph, sizeof(ph));
	assert_int_equal(elf_parse(buf, sizeof(buf), &e, &err), -1);
	gx_error_free(err);
	err = NULL;

	/* a tiny phentsize is refused rather than read past */
	h.e_phentsize = 4;
	memcpy(buf, &h, sizeof(h));
	assert_int_equal(elf_parse(buf, sizeof(buf), &e, &err), -1);
	gx_error_free(err);
	err = NULL;

	/* big-endian and unknown classes are errors, not crashes */
	buf[EI_DATA] = ELFDATA2MSB;
	assert_int_equal(elf_parse(buf, sizeof(buf), &e, &err), -1);
	gx_error_free(err);
	err = NULL;
	buf[EI_DATA] = ELFDATA2LSB;
	buf[EI_CLASS] = 7;
	assert_int_equal(elf_parse(buf, sizeof(buf), &e, &err), -1);
	gx_error_free(err);
}

static void test_truncated(void **state)
{
	(void)state;
	for (size_t len = 0; len < self_len; len += len < 4096 ? 61 : 4093) {
		struct elf_info e;
		struct gx_error *err = NULL;
		char *copy = gx_xmalloc(len + 1);

		memcpy(copy, self, len);
		if (elf_parse(copy, len, &e, &err) == 0)
			elf_info_free(&e);
		else
			assert_non_null(err);
		gx_error_free(err);
		free(copy);
	}
}

static void test_corrupted(void **state)
{
	size_t n = self_len < 65536 ? self_len : 65536;
	unsigned seed = 12345;
	char *copy = gx_xmalloc(self_len);

	(void)state;
	for (int round = 0; round < 300; round++) {
		struct elf_info e;
		struct gx_error *err = NULL;

		memcpy(copy, self, self_len);
		for (int k = 0; k < 8; k++) {
			seed = seed * 1103515245 + 12345;
			size_t pos = (seed >> 8) % n;
			seed = seed * 1103515245 + 12345;
			copy[pos] = (char)(seed >> 16);
		}
		if (elf_parse(copy, self_len, &e, &err) == 0)
			elf_info_free(&e);
		gx_error_free(err);
	}
	free(copy);
}

static void test_origin(void **state)
{
	char *s;

	(void)state;
	s = elf_expand_origin("$ORIGIN/../lib", "/usr/bin");
	assert_string_equal(s, "/usr/bin/../lib");
	free(s);
	s = elf_expand_origin("${ORIGIN}:/x/$LIB", "/o");
	assert_string_equal(s, "/o:/x/lib/x86_64-linux-gnu");
	free(s);
	s = elf_expand_origin("/plain", "/o");
	assert_string_equal(s, "/plain");
	free(s);
}

int main(int argc, char **argv)
{
	(void)argc;
	self_path = argv[0];
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real),      cmocka_unit_test(test_read_fd),
		cmocka_unit_test(test_not_elf),   cmocka_unit_test(test_bad_offsets),
		cmocka_unit_test(test_truncated), cmocka_unit_test(test_corrupted),
		cmocka_unit_test(test_origin),
	};
	return cmocka_run_group_tests(tests, load_self, free_self);
}
