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
CMOCKA_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka)
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka)
NETTLE_CFLAGS := $(shell $(PKG_CONFIG) --cflags nettle)
NETTLE_LIBS := $(shell $(PKG_CONFIG) --libs nettle)

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

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(call quiet,CC,$@)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(B)/libgxcommon.a: $(call obj,$(COMMON_SRC))
	$(call quiet,AR,$@)rm -f $@ && $(AR) rcs $@ $^
$(B)/libgxgen.a: $(call obj,$(GEN_SRC))
	$(call quiet,AR,$@)rm -f $@ && $(AR) rcs $@ $^
$(B)/libgxinit.a: $(call obj,$(INIT_SRC))
	$(call quiet,AR,$@)rm -f $@ && $(AR) rcs $@ $^

$(B)/gxsys: $(call obj,$(GEN_MAIN)) $(B)/libgxgen.a $(B)/libgxcommon.a
	$(call quiet,LD,$@)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(CONFUSE_LIBS) $(NETTLE_LIBS)

# The init is one static binary, put in the store like any package.
$(B)/gxsys-init: $(call obj,$(INIT_MAIN)) $(B)/libgxinit.a $(B)/libgxcommon.a
	$(call quiet,LD,$@)$(CC) $(ALL_CFLAGS) -static-pie -Wl,-z,relro,-z,now $(LDFLAGS) -o $@ $^ \
		$(shell $(PKG_CONFIG) --static --libs libconfuse libcap)

# The launcher template is compiled into gxsys (.incbin).
$(B)/src/gen/launcher_template.o: templates/run-container.in

# Unit tests: one cmocka program per tests/unit/test_<module>.c, linked
# against both libraries.  tests/unit/test_<module>.wrap, when present, lists
# the symbols to mock with -Wl,--wrap (our own sys_* seam).
$(B)/tests/%: tests/unit/%.c $(B)/libgxgen.a $(B)/libgxinit.a $(B)/libgxcommon.a
	@mkdir -p $(dir $@)
	$(call quiet,TEST,$@)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) $(ALL_LDFLAGS) \
		$(addprefix -Wl$(comma)--wrap=,$(shell cat tests/unit/$*.wrap 2>/dev/null)) \
		-o $@ $< $(B)/libgxgen.a $(B)/libgxinit.a $(B)/libgxcommon.a \
		$(CMOCKA_LIBS) $(CONFUSE_LIBS) $(CAP_LIBS) $(NETTLE_LIBS)
comma := ,

unit-tests: $(UNIT_TESTS)

# Test-only driver of the supervisor (tests/integration/*svc*.sh runs it as
# PID 1 of a fresh PID namespace); linked like gxsys-init, never installed.
$(B)/tests/svc-pid1: tests/drivers/svc_pid1.c $(B)/libgxinit.a $(B)/libgxcommon.a
	@mkdir -p $(dir $@)
	$(call quiet,LD,$@)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -static-pie -Wl,-z,relro,-z,now \
		$(LDFLAGS) -o $@ $< $(B)/libgxinit.a $(B)/libgxcommon.a \
		$(shell $(PKG_CONFIG) --static --libs libconfuse libcap)
unit-tests: $(B)/tests/svc-pid1

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
DEMO_FETCH = for i in $$(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/80) 2>/dev/null && break; \
	sleep 0.1; done; exec 3<>/dev/tcp/127.0.0.1/80 && \
	printf "GET / HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 && cat <&3
demo: all
	$(Q)launcher=$$($(B)/gxsys container --config data/gxsys.conf examples/web-server.scm \
		| tail -n 1) && [ -n "$$launcher" ] && \
	echo "gxsys: launcher: $$launcher" && \
	"$$launcher" --name gxsys-demo -- /bin/bash -c '$(DEMO_FETCH)'

bench: all
	$(Q)./bench/run

install: all
	install -d $(DESTDIR)$(bindir) $(DESTDIR)$(libexecdir)/gxsys
	install -m 0755 $(B)/gxsys $(DESTDIR)$(bindir)/gxsys
	install -m 0755 $(B)/gxsys-init $(DESTDIR)$(libexecdir)/gxsys/gxsys-init
	install -d $(DESTDIR)$(datadir)/gxsys
	install -m 0644 data/gxsys.conf $(DESTDIR)$(datadir)/gxsys/gxsys.conf

uninstall:
	rm -f $(DESTDIR)$(bindir)/gxsys $(DESTDIR)$(libexecdir)/gxsys/gxsys-init
	rm -f $(DESTDIR)$(datadir)/gxsys/gxsys.conf

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
