/* elfscan: minimal, defensive ELF reader (see elf.h). */
#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "elfscan.h"
#include "util.h"

/* A view of the header fields we need, independent of the class. */
struct ehdr {
	uint64_t phoff;
	uint16_t phentsize, phnum;
	int cls;
};

struct phdr {
	uint32_t type;
	uint64_t offset, vaddr, filesz;
};

bool elf_is_elf(const void *buf, size_t len)
{
	return len >= SELFMAG && memcmp(buf, ELFMAG, SELFMAG) == 0;
}

static bool in_bounds(size_t len, uint64_t off, uint64_t n)
{
	return off <= len && n <= len - off;
}

static int read_ehdr(const uint8_t *b, size_t len, struct ehdr *h, int *machine,
                     struct gx_error **err)
{
	if (len < EI_NIDENT || !elf_is_elf(b, len))
		return gx_fail_input(err, "not an ELF file");
	if (b[EI_DATA] != ELFDATA2LSB)
		return gx_fail_input(err, "big-endian ELF is not supported");
	h->cls = b[EI_CLASS];
	if (h->cls == ELFCLASS64 && len >= sizeof(Elf64_Ehdr)) {
		Elf64_Ehdr e;
		memcpy(&e, b, sizeof(e));
		h->phoff = e.e_phoff;
		h->phentsize = e.e_phentsize;
		h->phnum = e.e_phnum;
		*machine = e.e_machine;
		return h->phnum && h->phentsize < sizeof(Elf64_Phdr)
		               ? gx_fail_input(err, "bad e_phentsize")
		               : 0;
	}
	if (h->cls == ELFCLASS32 && len >= sizeof(Elf32_Ehdr)) {
		Elf32_Ehdr e;
		memcpy(&e, b, sizeof(e));
		h->phoff = e.e_phoff;
		h->phentsize = e.e_phentsize;
		h->phnum = e.e_phnum;
		*machine = e.e_machine;
		return h->phnum && h->phentsize < sizeof(Elf32_Phdr)
		               ? gx_fail_input(err, "bad e_phentsize")
		               : 0;
	}
	return gx_fail_input(err, "truncated ELF header or unknown class");
}

static void read_phdr(const uint8_t *p, int cls, struct phdr *ph)
{
	if (cls == ELFCLASS64) {
		Elf64_Phdr e;
		memcpy(&e, p, sizeof(e));
		*ph = (struct phdr){ e.p_type, e.p_offset, e.p_vaddr, e.p_filesz };
	} else {
		Elf32_Phdr e;
		memcpy(&e, p, sizeof(e));
		*ph = (struct phdr){ e.p_type, e.p_offset, e.p_vaddr, e.p_filesz };
	}
}

/* Map a virtual address to a file offset through the PT_LOAD segments. */
static int vaddr_to_off(const struct phdr *ph, size_t n, uint64_t va, uint64_t *off)
{
	for (size_t i = 0; i < n; i++)
		if (ph[i].type == PT_LOAD && va >= ph[i].vaddr && va - ph[i].vaddr < ph[i].filesz) {
			*off = ph[i].offset + (va - ph[i].vaddr);
			return 0;
		}
	return -1;
}

static char *str_at(const uint8_t *b, size_t len, uint64_t strtab, uint64_t strsz, uint64_t idx)
{
	const uint8_t *s, *nul;

	if (idx >= strsz || !in_bounds(len, strtab, strsz))
		return NULL;
	s = b + strtab + idx;
	nul = memchr(s, '\0', strsz - idx);
	return nul ? gx_xstrndup((const char *)s, (size_t)(nul - s)) : NULL;
}

struct dyn {
	int64_t tag;
	uint64_t val;
};

static void read_dyn(const uint8_t *p, int cls, struct dyn *d)
{
	if (cls == ELFCLASS64) {
		Elf64_Dyn e;
		memcpy(&e, p, sizeof(e));
		*d = (struct dyn){ e.d_tag, e.d_un.d_val };
	} else {
		Elf32_Dyn e;
		memcpy(&e, p, sizeof(e));
		*d = (struct dyn){ e.d_tag, e.d_un.d_val };
	}
}

static int parse_dynamic(const uint8_t *b, size_t len, int cls, const struct phdr *ph, size_t nph,
                         const struct phdr *dynph, struct elf_info *out, struct gx_error **err)
{
	size_t dsz = cls == ELFCLASS64 ? sizeof(Elf64_Dyn) : sizeof(Elf32_Dyn);
	uint64_t n, strtab_va = 0, strsz = 0, strtab;
	bool have_strtab = false;

	if (!in_bounds(len, dynph->offset, dynph->filesz))
		return gx_fail_input(err, "PT_DYNAMIC outside the file");
	n = dynph->filesz / dsz;
	for (uint64_t i = 0; i < n; i++) {
		struct dyn d;
		read_dyn(b + dynph->offset + i * dsz, cls, &d);
		if (d.tag == DT_NULL)
			break;
		if (d.tag == DT_STRTAB)
			strtab_va = d.val, have_strtab = true;
		else if (d.tag == DT_STRSZ)
			strsz = d.val;
	}
	if (!have_strtab)
		return 0;
	if (vaddr_to_off(ph, nph, strtab_va, &strtab) < 0 || !in_bounds(len, strtab, strsz))
		return gx_fail_input(err, "DT_STRTAB outside the file");
	for (uint64_t i = 0; i < n; i++) {
		struct dyn d;
		char *s;

		read_dyn(b + dynph->offset + i * dsz, cls, &d);
		if (d.tag == DT_NULL)
			break;
		if (d.tag != DT_NEEDED && d.tag != DT_RPATH && d.tag != DT_RUNPATH)
			continue;
		if (!(s = str_at(b, len, strtab, strsz, d.val)))
			return gx_fail_input(err, "dynamic string outside DT_STRTAB");
		if (d.tag == DT_NEEDED) {
			out->needed = gx_strv_push(out->needed, s);
			free(s);
		} else if (d.tag == DT_RPATH && !out->rpath) {
			out->rpath = s;
		} else if (d.tag == DT_RUNPATH && !out->runpath) {
			out->runpath = s;
		} else {
			free(s);
		}
	}
	return 0;
}

static int parse(const uint8_t *b, size_t len, struct elf_info *out, struct gx_error **err)
{
	struct ehdr h = { 0 };
	struct phdr *ph;
	const struct phdr *dyn = NULL;
	int rc = 0;

	if (read_ehdr(b, len, &h, &out->machine, err) < 0)
		return -1;
	out->elf_class = h.cls;
	if (!in_bounds(len, h.phoff, (uint64_t)h.phnum * h.phentsize))
		return gx_fail_input(err, "program headers outside the file");
	ph = gx_xcalloc(h.phnum + 1u, sizeof(*ph));
	for (size_t i = 0; i < h.phnum; i++) {
		read_phdr(b + h.phoff + i * h.phentsize, h.cls, &ph[i]);
		if (ph[i].type == PT_DYNAMIC && !dyn)
			dyn = &ph[i];
		if (ph[i].type == PT_INTERP && !out->interp) {
			if (!in_bounds(len, ph[i].offset, ph[i].filesz) || ph[i].filesz == 0) {
				rc = gx_fail_input(err, "PT_INTERP outside the file");
				break;
			}
			out->interp =
			        gx_xstrndup((const char *)b + ph[i].offset,
			                    strnlen((const char *)b + ph[i].offset, ph[i].filesz));
		}
	}
	if (rc == 0 && dyn)
		rc = parse_dynamic(b, len, h.cls, ph, h.phnum, dyn, out, err);
	free(ph);
	return rc;
}

int elf_parse(const void *buf, size_t len, struct elf_info *out, struct gx_error **err)
{
	memset(out, 0, sizeof(*out));
	if (parse(buf, len, out, err) < 0) {
		elf_info_free(out);
		return -1;
	}
	if (!out->needed)
		out->needed = gx_xcalloc(1, sizeof(char *));
	return 0;
}

int elf_read_fd(int fd, struct elf_info *out, struct gx_error **err)
{
	struct stat st;
	void *m;
	int rc;

	memset(out, 0, sizeof(*out));
	if (fstat(fd, &st) < 0)
		return gx_fail_errno(err, "stat");
	if (!S_ISREG(st.st_mode) || st.st_size < EI_NIDENT)
		return 0;
	m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m == MAP_FAILED)
		return gx_fail_errno(err, "mmap");
	if (!elf_is_elf(m, (size_t)st.st_size))
		rc = 0;
	else
		rc = elf_parse(m, (size_t)st.st_size, out, err) < 0 ? -1 : 1;
	munmap(m, (size_t)st.st_size);
	return rc;
}

void elf_info_free(struct elf_info *e)
{
	free(e->interp);
	gx_strv_free(e->needed);
	free(e->rpath);
	free(e->runpath);
	memset(e, 0, sizeof(*e));
}

static const struct {
	const char *var;
	const char *value; /* NULL: the origin */
} dst_vars[] = {
	{ "${ORIGIN}", NULL },
	{ "$ORIGIN", NULL },
	{ "${LIB}", "lib/x86_64-linux-gnu" },
	{ "$LIB", "lib/x86_64-linux-gnu" },
	{ "${PLATFORM}", "x86_64" },
	{ "$PLATFORM", "x86_64" },
};

char *elf_expand_origin(const char *elem, const char *origin)
{
	struct gx_buf b = GX_BUF_INIT;

	for (const char *p = elem; *p;) {
		size_t i, n = sizeof(dst_vars) / sizeof(dst_vars[0]);

		for (i = 0; i < n; i++)
			if (strncmp(p, dst_vars[i].var, strlen(dst_vars[i].var)) == 0)
				break;
		if (i == n) {
			gx_buf_putc(&b, *p++);
			continue;
		}
		gx_buf_puts(&b, dst_vars[i].value ? dst_vars[i].value : origin);
		p += strlen(dst_vars[i].var);
	}
	return gx_buf_steal(&b);
}
