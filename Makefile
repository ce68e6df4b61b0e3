# statichcpd - static DHCPv4/DHCPv6 server for virtualisation hosts

# --- overridable ------------------------------------------------------------
PREFIX     ?= /usr/local
SBINDIR    ?= $(PREFIX)/sbin
DATADIR    ?= $(PREFIX)/share/statichcpd
MANDIR     ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
LIBDIR     ?= $(PREFIX)/lib
SYSTEMDUNITDIR ?= $(LIBDIR)/systemd/system
SYSUSERSDIR ?= $(LIBDIR)/sysusers.d
TMPFILESDIR ?= $(LIBDIR)/tmpfiles.d
DESTDIR    ?=
CC         ?= cc
CFLAGS     ?= -O2 -g
BUILD      ?= build
VERSION    ?= 0.1.0

# --- fixed ------------------------------------------------------------------
PKGS     = libnl-3.0 libnl-route-3.0 sqlite3 libevent libcap
WARN     = -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
           -Wshadow -Wpointer-arith -Wcast-qual -Wsign-compare
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null)
ALL_CFLAGS = -std=gnu11 $(WARN) $(CFLAGS) $(SANFLAGS) $(PKG_CFLAGS) -I. -I$(BUILD) \
             -D_GNU_SOURCE -DVERSION='"$(VERSION)"' \
             -DDATADIR='"$(DATADIR)"' -DSYSCONFDIR='"$(SYSCONFDIR)"'
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

LIB_SRCS  = $(sort $(wildcard common/*.c netwatch/*.c monitor/*.c responder/*.c))
LIB_SRCS := $(filter-out monitor/main.c,$(LIB_SRCS))
LIB_OBJS  = $(LIB_SRCS:%.c=$(BUILD)/%.o) $(BUILD)/schema_sql.o
MAIN_OBJ  = $(BUILD)/monitor/main.o
TEST_SRCS = $(sort $(wildcard tests/check_*.c))
TEST_BINS = $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
TEST_SUPPORT = $(BUILD)/tests/testutil.o

# Fuzzing (tests/fuzz/): one harness per parser, each also built as a
# replay program that make check runs over its corpus and saved crashes.
FUZZ_TARGETS  = frame4 frame6 dhcp4 dhcp6 attrval ipc config
FUZZ_SUPPORT  = $(BUILD)/tests/fuzz/fuzz_util.o $(BUILD)/tests/fuzz/fuzz_env.o
REPLAY_BINS   = $(FUZZ_TARGETS:%=$(BUILD)/tests/replay_%)
FUZZ_SECONDS ?= 60
FUZZ_FLAGS   ?=
ASAN_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all \
                -fno-omit-frame-pointer
FUZZ_SAN      = $(ASAN_SAN)
SOAK_SECONDS ?= 600

.SECONDARY:

.PHONY: all check unit integration asan soak fuzz fuzz-build install deps clean demo bench

all: $(BUILD)/statichcpd

$(BUILD)/statichcpd: $(MAIN_OBJ) $(BUILD)/libstatichcpd.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/libstatichcpd.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

# Objects with paths or the version compiled in are rebuilt when those
# change (make install PREFIX=/usr after a plain make).
$(BUILD)/paths.stamp: FORCE
	@mkdir -p $(BUILD)
	@echo '$(DATADIR) $(SYSCONFDIR) $(VERSION)' > $@.new
	@cmp -s $@.new $@ || mv $@.new $@; rm -f $@.new

$(BUILD)/common/config.o $(BUILD)/monitor/main.o $(BUILD)/monitor/monitor.o: \
	$(BUILD)/paths.stamp

.PHONY: FORCE
FORCE:

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# The schema is compiled in so the monitor never depends on a file it could
# find missing or changed at run time.
$(BUILD)/schema_sql.c: schema/schema.sql schema/embed.sh
	@mkdir -p $(dir $@)
	sh schema/embed.sh schema_sql < schema/schema.sql > $@

$(BUILD)/schema_sql.o: $(BUILD)/schema_sql.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(TEST_SUPPORT) $(BUILD)/libstatichcpd.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) $(CHECK_LIBS)

$(BUILD)/tests/replay_%: $(BUILD)/tests/fuzz/fuzz_%.o $(BUILD)/tests/fuzz/replay.o \
		$(FUZZ_SUPPORT) $(BUILD)/libstatichcpd.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# make check: unit suites, fuzz corpus replays, then integration tests
# (root + namespaces).
check: all $(TEST_BINS) $(REPLAY_BINS)
	BUILD=$(BUILD) REPLAY_BINS="$(REPLAY_BINS)" sh tests/run.sh $(TEST_BINS)

unit: all $(TEST_BINS) $(REPLAY_BINS)
	BUILD=$(BUILD) REPLAY_BINS="$(REPLAY_BINS)" UNIT_ONLY=1 \
		sh tests/run.sh $(TEST_BINS)

integration: all
	BUILD=$(BUILD) sh tests/run.sh

# Sanitizer build in its own tree, running the whole suite.
asan:
	$(MAKE) BUILD=build-asan CC=clang SANFLAGS="$(ASAN_SAN)" check

# SOAK_SECONDS of real clients, hostile frames, database churn and reloads
# against the sanitizer build (tests/soak/soak.sh): no growth, no report,
# LeakSanitizer in both processes.  Root and namespaces, like check.
soak:
	$(MAKE) BUILD=build-asan CC=clang SANFLAGS="$(ASAN_SAN)" all
	BUILD=build-asan SOAK_SECONDS=$(SOAK_SECONDS) bash tests/soak/soak.sh

# libFuzzer: every object rebuilt with coverage and sanitizers in
# build-fuzz/, then each harness runs FUZZ_SECONDS on a copy of its corpus
# (one at a time); a crash, leak or failed invariant fails the target and
# its input lands in tests/fuzz/crashes/<harness>/ to be committed.
fuzz:
	$(MAKE) BUILD=build-fuzz CC=clang \
		SANFLAGS="-fsanitize=fuzzer-no-link $(FUZZ_SAN)" fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_FLAGS="$(FUZZ_FLAGS)" \
		sh tests/fuzz/run.sh build-fuzz $(FUZZ_TARGETS)

fuzz-build: $(FUZZ_TARGETS:%=$(BUILD)/fuzz_%)

$(BUILD)/fuzz_%: $(BUILD)/tests/fuzz/fuzz_%.o $(FUZZ_SUPPORT) \
		$(BUILD)/libstatichcpd.a
	$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS)

deps:
	sh contrib/install-deps.sh

demo: all
	sh contrib/demo/run-demo.sh $(BUILD)/statichcpd

# Benchmark against Kea and dnsmasq (tests/bench/bench.sh): root, network
# namespaces, installs its Debian packages when missing.  Not part of check.
$(BUILD)/tests/bench/loadgen: tests/bench/loadgen.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS)

$(BUILD)/tests/bench/floor: tests/bench/floor.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS)

$(BUILD)/tests/bench/sockfloor: tests/bench/sockfloor.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS) -pthread

bench: all $(BUILD)/tests/bench/loadgen $(BUILD)/tests/bench/floor \
		$(BUILD)/tests/bench/sockfloor
	BUILD=$(BUILD) bash tests/bench/bench.sh

# The contrib files name /usr/sbin/statichcpd and /etc; installed, they
# name SBINDIR and SYSCONFDIR.  Files an operator edits (the configuration,
# /etc/default/statichcpd) are installed only when they do not exist.  The
# service user and the database directory are not made here but by the init
# script at start, or by systemd-sysusers and systemd-tmpfiles from the files
# installed below; with an empty DESTDIR, as root, these two run at once.
INSTALL_SED = sed -e 's|/usr/sbin/statichcpd|$(SBINDIR)/statichcpd|g' \
	-e 's|/etc/default/statichcpd|$(SYSCONFDIR)/default/statichcpd|g' \
	-e 's|/etc/statichcpd/|$(SYSCONFDIR)/statichcpd/|g'

install: all
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(DATADIR) \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8 \
		$(DESTDIR)$(SYSCONFDIR)/statichcpd $(DESTDIR)$(SYSCONFDIR)/init.d \
		$(DESTDIR)$(SYSCONFDIR)/default $(DESTDIR)$(SYSTEMDUNITDIR) \
		$(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(TMPFILESDIR)
	install -m 0755 $(BUILD)/statichcpd $(DESTDIR)$(SBINDIR)/statichcpd
	install -m 0755 contrib/controller/statichcpd-ctl $(DESTDIR)$(SBINDIR)/statichcpd-ctl
	install -m 0644 schema/schema.sql schema/default_attr.csv \
		schema/default_v6attr.csv $(DESTDIR)$(DATADIR)/
	for m in man/*.5; do [ -f "$$m" ] && install -m 0644 $$m $(DESTDIR)$(MANDIR)/man5/ || true; done
	for m in man/*.8; do [ -f "$$m" ] && install -m 0644 $$m $(DESTDIR)$(MANDIR)/man8/ || true; done
	[ -e $(DESTDIR)$(SYSCONFDIR)/statichcpd/statichcpd.conf ] || \
		install -m 0644 contrib/statichcpd.conf $(DESTDIR)$(SYSCONFDIR)/statichcpd/statichcpd.conf
	[ -e $(DESTDIR)$(SYSCONFDIR)/default/statichcpd ] || \
		$(INSTALL_SED) contrib/default/statichcpd > $(DESTDIR)$(SYSCONFDIR)/default/statichcpd
	$(INSTALL_SED) contrib/init.d/statichcpd > $(DESTDIR)$(SYSCONFDIR)/init.d/statichcpd.tmp
	chmod 0755 $(DESTDIR)$(SYSCONFDIR)/init.d/statichcpd.tmp
	mv $(DESTDIR)$(SYSCONFDIR)/init.d/statichcpd.tmp $(DESTDIR)$(SYSCONFDIR)/init.d/statichcpd
	$(INSTALL_SED) contrib/systemd/statichcpd.service > $(DESTDIR)$(SYSTEMDUNITDIR)/statichcpd.service.tmp
	chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/statichcpd.service.tmp
	mv $(DESTDIR)$(SYSTEMDUNITDIR)/statichcpd.service.tmp $(DESTDIR)$(SYSTEMDUNITDIR)/statichcpd.service
	install -m 0644 contrib/systemd/statichcpd.sysusers $(DESTDIR)$(SYSUSERSDIR)/statichcpd.conf
	install -m 0644 contrib/systemd/statichcpd.tmpfiles $(DESTDIR)$(TMPFILESDIR)/statichcpd.conf
	if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then \
		if command -v systemd-sysusers >/dev/null 2>&1; then \
			systemd-sysusers $(SYSUSERSDIR)/statichcpd.conf; fi; \
		if command -v systemd-tmpfiles >/dev/null 2>&1; then \
			systemd-tmpfiles --create $(TMPFILESDIR)/statichcpd.conf; fi; \
	fi

clean:
	rm -rf build build-asan build-fuzz

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
