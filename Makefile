# gxsys: plain GNU Make.  `make`, `make check`, `make install`, `make bench`.
# Quiet by default; V=1 shows the commands.  WERROR=1 turns warnings into errors
# (CI sets it).

prefix ?= $(PREFIX)
ifeq ($(prefix),)
prefix = /usr/local
endif
bindir ?= $(prefix)/bin
libexecdir ?= $(prefix)/libexec
datadir ?= $(prefix)/share
sysconfdir ?= $(prefix)/etc

CC ?= cc
CLANG ?= clang
PKG_CONFIG ?= pkg-config
CLANG_FORMAT ?= clang-format
CFLAGS ?= -O2 -g
VERSION := 0.1.0

WARNINGS = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wswitch-enum -Wvla -Wwrite-strings -fno-common
ifeq ($(WERROR),1)
WARNINGS += -Werror
endif
HARDEN = -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fstack-clash-protection
PIE = -fPIE

CONFUSE_CFLAGS := $(shell $(PKG_CONFIG) --cflags libconfuse)
CONFUSE_LIBS := $(shell $(PKG_CONFIG) --libs libconfuse)
CAP_CFLAGS := $(shell $(PKG_CONFIG) --cflags libcap)
CAP_LIBS := $(shell $(PKG_CONFIG) --libs libcap)
CMOCKA_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)
NETTLE_CFLAGS := $(shell $(PKG_CONFIG) --cflags nettle)
NETTLE_LIBS := $(shell $(PKG_CONFIG) --libs nettle)
ZLIB_LIBS := $(shell $(PKG_CONFIG) --libs zlib)
# libxcrypt, for the configurations' (crypt KEY SALT)
CRYPT_LIBS := $(shell $(PKG_CONFIG) --libs libcrypt)

INCLUDES = -Isrc/common -Isrc/gen -Isrc/init
ALL_CPPFLAGS = -D_GNU_SOURCE -DGXSYS_VERSION='"$(VERSION)"' \
	-DGXSYS_DATADIR='"$(datadir)/gxsys"' -DGXSYS_SYSCONFDIR='"$(sysconfdir)/gxsys"' \
	-DGXSYS_LIBEXECDIR='"$(libexecdir)/gxsys"' $(INCLUDES) $(CPPFLAGS)
ALL_CFLAGS = -std=gnu11 $(WARNINGS) $(HARDEN) $(PIE) $(CONFUSE_CFLAGS) $(CAP_CFLAGS) $(NETTLE_CFLAGS) \
	-MMD -MP $(CFLAGS)
ALL_LDFLAGS = -pie -Wl,-z,relro,-z,now $(LDFLAGS)

ifneq ($(V),1)
Q = @
quiet = @printf '  %-8s %s\n' $(1) $(2);
else
Q =
quiet =
endif

B = build

COMMON_SRC := $(sort $(wildcard src/common/*.c))
GEN_ALL := $(sort $(wildcard src/gen/*.c src/gen/services/*.c))
GEN_MAIN := src/gen/main.c $(sort $(wildcard src/gen/cmd_*.c))
GEN_SRC := $(filter-out $(GEN_MAIN),$(GEN_ALL))
INIT_ALL := $(sort $(wildcard src/init/*.c))
INIT_MAIN := src/init/main.c
INIT_SRC := $(filter-out $(INIT_MAIN),$(INIT_ALL))

obj = $(patsubst %.c,$(B)/%.o,$(1))

PROGRAMS = $(B)/gxsys $(B)/gxsys-init
UNIT_TESTS := $(patsubst tests/unit/%.c,$(B)/tests/%,$(sort $(wildcard tests/unit/test_*.c)))

.DELETE_ON_ERROR:
.PHONY: demo all check unit-tests install uninstall clean format format-check bench fuzz

all: $(PROGRAMS)

# The installation directories are compiled in: $(B)/dirs records those of
# the last build, rewritten (at parse time, so that -n and -q see it too)
# when they differ, and every object depends on it, so `make prefix=/usr`
# after a plain `make` recompiles instead of keeping /usr/local.
DIRS_BUILT := $(datadir) $(sysconfdir) $(libexecdir)
ifneq ($(DIRS_BUILT),$(shell cat $(B)/dirs 2>/dev/null))
$(shell mkdir -p $(B) && printf '%s\n' '$(DIRS_BUILT)' >$(B)/dirs)
endif

$(B)/%.o: %.c $(B)/dirs
	@mkdir -p $(dir $@)
	$(call quiet,CC,$@)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(B)/libgxcommon.a: $(call obj,$(COMMON_SRC))
	$(call quiet,AR,$@)rm -f $@ && $(AR) rcs $@ $^
$(B)/libgxgen.a: $(call obj,$(GEN_SRC))
	$(call quiet,AR,$@)rm -f $@ && $(AR) rcs $@ $^
$(B)/libgxinit.a: $(call obj,$(INIT_SRC))
	$(call quiet,AR,$@)rm -f $@ && $(AR) rcs $@ $^

# gxsys shares the boot.conf model (src/init/bootconf.c) with the init.
$(B)/gxsys: $(call obj,$(GEN_MAIN)) $(B)/libgxgen.a $(B)/libgxinit.a $(B)/libgxcommon.a
	$(call quiet,LD,$@)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(CONFUSE_LIBS) $(NETTLE_LIBS) $(ZLIB_LIBS) $(CRYPT_LIBS)

# The init is one static binary, put in the store like any package.  On
# x86_64 its entry point is the launcher's waiter (src/init/waiter.c), which
# runs before the C library starts, as does PID 1's clone
# (src/init/launch_early.c), and so calls none of it: their objects are
# built without the stack protector (no thread pointer yet) or fortified
# and builtin calls, and refused if they need any symbol from elsewhere
# but the few named (_start, where the waiter hands over; PID 1's seccomp
# filter and its part after the C library has started), or a relocation
# that is not relative to the code (the static PIE is not relocated yet
# when they run).
ARCH := $(shell $(CC) -dumpmachine | cut -d- -f1)
EARLY_OBJS := $(B)/src/init/waiter.o $(B)/src/init/launch_early.o
ifeq ($(ARCH),x86_64)
INIT_ENTRY = -Wl,-e,gxsys_start
$(EARLY_OBJS): HARDEN = -fstack-clash-protection
$(EARLY_OBJS): CFLAGS += -ffreestanding -fno-tree-loop-distribute-patterns
EARLY_ABS = abs=$$(readelf -rW $@ | awk '/^Relocation section/ { s = $$3 } \
		/R_X86_64_/ && s !~ /debug|eh_frame/ && $$3 !~ /^R_X86_64_(PC32|PLT32)$$/')
EARLY_CHECK = undef=$$(nm -u $@ | grep -Ev ' (_start|launch_early_clone|guard_install_raw|launch_child)$$'); \
	$(EARLY_ABS); \
	if [ -n "$$undef$$abs" ]; then \
	echo "$@ must not use the C library or absolute addresses: $$undef $$abs" >&2; \
	rm -f $@; exit 1; fi
EARLY_RELOC_CHECK = $(EARLY_ABS); \
	if [ -n "$$abs" ]; then echo "$@ must not use absolute addresses: $$abs" >&2; \
	rm -f $@; exit 1; fi
endif
$(B)/src/init/waiter.o: src/init/waiter.c $(B)/dirs
	@mkdir -p $(dir $@)
	$(call quiet,CC,$@)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<
	$(Q)$(EARLY_CHECK)
$(B)/src/init/launch_early.o: src/init/launch_early.c $(B)/dirs
	@mkdir -p $(dir $@)
	$(call quiet,CC,$@)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<
	$(Q)$(EARLY_CHECK)
# PID 1 installs its seccomp filter (guard.c) before the C library starts
# too, on a thread pointer of its own (launch_early.c): no relocation there.
$(B)/src/init/guard.o: src/init/guard.c $(B)/dirs
	@mkdir -p $(dir $@)
	$(call quiet,CC,$@)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<
	$(Q)$(EARLY_RELOC_CHECK)

$(B)/gxsys-init: $(call obj,$(INIT_MAIN)) $(B)/libgxinit.a $(B)/libgxcommon.a
	$(call quiet,LD,$@)$(CC) $(ALL_CFLAGS) -static-pie -Wl,-z,relro,-z,now $(INIT_ENTRY) \
		$(LDFLAGS) -o $@ $^ $(shell $(PKG_CONFIG) --static --libs libconfuse libcap)

# The launcher template is compiled into gxsys (.incbin).
$(B)/src/gen/launcher_template.o: templates/run-container.in
$(B)/src/gen/bundle_template.o: templates/bundle.in

# gxsys-import: the static importer shipped inside bundles (gxsys container
# --bundle).  The archive reader and store code of libgxgen.a, linked (not
# copied) with static nettle and zlib, so a target host needs no gxsys.
$(B)/gxsys-import: $(call obj,src/import/main.c) $(B)/libgxgen.a $(B)/libgxcommon.a
	$(call quiet,LD,$@)$(CC) $(ALL_CFLAGS) -static-pie -Wl,-z,relro,-z,now $(LDFLAGS) -o $@ $^ \
		$(shell $(PKG_CONFIG) --static --libs nettle zlib)
all: $(B)/gxsys-import

# Unit tests: one cmocka program per tests/unit/test_<module>.c, linked
# against both libraries.  tests/unit/test_<module>.wrap, when present, lists
# the symbols to mock with -Wl,--wrap (our own sys_* seam).
$(B)/tests/%: tests/unit/%.c $(B)/dirs $(B)/libgxgen.a $(B)/libgxinit.a $(B)/libgxcommon.a
	@mkdir -p $(dir $@)
	$(call quiet,TEST,$@)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) $(ALL_LDFLAGS) \
		$(addprefix -Wl$(comma)--wrap=,$(shell cat tests/unit/$*.wrap 2>/dev/null)) \
		-o $@ $< $(B)/libgxgen.a $(B)/libgxinit.a $(B)/libgxcommon.a \
		$(CMOCKA_LIBS) $(CONFUSE_LIBS) $(CAP_LIBS) $(NETTLE_LIBS) $(ZLIB_LIBS) $(CRYPT_LIBS)
comma := ,

unit-tests: $(UNIT_TESTS)

# Fuzzing: every fuzz/fuzz_<name>.c is a libFuzzer target build/fuzz/fuzz_<name>
# linked with the gen and common sources compiled by clang with
# -fsanitize=fuzzer,address,undefined; seeds in fuzz/corpus/fuzz_<name>/.
# tests/integration/90-fuzz.sh builds and runs them all for a bounded time.
FUZZ_TARGETS := $(patsubst fuzz/%.c,$(B)/fuzz/%,$(sort $(wildcard fuzz/fuzz_*.c)))
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS = -std=gnu11 -g -O1 -fno-omit-frame-pointer $(FUZZ_SAN) -D_GNU_SOURCE \
	-DGXSYS_VERSION='"$(VERSION)"' -DGXSYS_DATADIR='"$(datadir)/gxsys"' \
	-DGXSYS_SYSCONFDIR='"$(sysconfdir)/gxsys"' -DGXSYS_LIBEXECDIR='"$(libexecdir)/gxsys"' \
	$(INCLUDES) $(CONFUSE_CFLAGS) $(CAP_CFLAGS) -MMD -MP
fuzzobj = $(patsubst %.c,$(B)/fuzz/obj/%.o,$(1))

$(B)/fuzz/obj/%.o: %.c $(B)/dirs
	@mkdir -p $(dir $@)
	$(call quiet,CLANG,$@)$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<
$(B)/fuzz/libgxfuzz.a: $(call fuzzobj,$(GEN_SRC) $(COMMON_SRC))
	$(call quiet,AR,$@)rm -f $@ && $(AR) rcs $@ $^
$(B)/fuzz/fuzz_%: $(B)/fuzz/obj/fuzz/fuzz_%.o $(B)/fuzz/libgxfuzz.a
	$(call quiet,LD,$@)$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ \
		$(CONFUSE_LIBS) $(CAP_LIBS) $(CRYPT_LIBS)

.SECONDARY: $(patsubst fuzz/%.c,$(B)/fuzz/obj/fuzz/%.o,$(wildcard fuzz/fuzz_*.c))

fuzz: $(FUZZ_TARGETS)
# Test-only driver of the supervisor (tests/integration/*svc*.sh runs it as
# PID 1 of a fresh PID namespace); linked like gxsys-init, never installed.
$(B)/tests/svc-pid1: tests/drivers/svc_pid1.c $(B)/libgxinit.a $(B)/libgxcommon.a
	@mkdir -p $(dir $@)
	$(call quiet,LD,$@)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -static-pie -Wl,-z,relro,-z,now \
		$(LDFLAGS) -o $@ $< $(B)/libgxinit.a $(B)/libgxcommon.a \
		$(shell $(PKG_CONFIG) --static --libs libconfuse libcap)
unit-tests: $(B)/tests/svc-pid1
# Test-only driver of the evaluator (tests/integration/21-eval-guile.sh
# compares it with Guile itself); never installed.
$(B)/tests/ev-cases: tests/drivers/ev_cases.c $(B)/libgxgen.a $(B)/libgxinit.a $(B)/libgxcommon.a
	@mkdir -p $(dir $@)
	$(call quiet,LD,$@)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< \
		$(B)/libgxgen.a $(B)/libgxinit.a $(B)/libgxcommon.a \
		$(CONFUSE_LIBS) $(NETTLE_LIBS) $(ZLIB_LIBS) $(CRYPT_LIBS)
unit-tests: $(B)/tests/ev-cases

# `make check` builds everything and runs every suite through tests/run,
# which ends with one "N passed, N failed" line.
check: all unit-tests
	$(Q)B=$(B) CC="$(CC)" CLANG="$(CLANG)" CLANG_FORMAT="$(CLANG_FORMAT)" ./tests/run

FORMAT_FILES = $(shell find src tests fuzz -name '*.[ch]' 2>/dev/null)
format:
	$(Q)$(CLANG_FORMAT) -i $(FORMAT_FILES)
format-check:
	$(Q)$(CLANG_FORMAT) --dry-run --Werror $(FORMAT_FILES)

# `make demo` (as root): build examples/web-server.scm into the store, boot
# it, and show the page its nginx serves (fetched inside the container).
DEMO_FETCH = exec 3<>/dev/tcp/127.0.0.1/80 && \
	printf "GET / HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 && cat <&3
demo: all
	$(Q)launcher=$$($(B)/gxsys container examples/web-server.scm \
		| tail -n 1) && [ -n "$$launcher" ] && \
	echo "gxsys: launcher: $$launcher" && \
	"$$launcher" --name gxsys-demo -- /bin/bash -c '$(DEMO_FETCH)'

bench: all
	$(Q)./bench/run

install: all
	install -d $(DESTDIR)$(bindir) $(DESTDIR)$(libexecdir)/gxsys
	install -m 0755 $(B)/gxsys $(DESTDIR)$(bindir)/gxsys
	install -m 0755 $(B)/gxsys-init $(DESTDIR)$(libexecdir)/gxsys/gxsys-init
	install -m 0755 $(B)/gxsys-import $(DESTDIR)$(libexecdir)/gxsys/gxsys-import
	install -d $(DESTDIR)$(datadir)/gxsys
	install -m 0644 data/gxsys.conf $(DESTDIR)$(datadir)/gxsys/gxsys.conf

uninstall:
	rm -f $(DESTDIR)$(bindir)/gxsys $(DESTDIR)$(libexecdir)/gxsys/gxsys-init
	rm -f $(DESTDIR)$(libexecdir)/gxsys/gxsys-import
	rm -f $(DESTDIR)$(datadir)/gxsys/gxsys.conf

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
