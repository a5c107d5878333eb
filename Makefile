# svcpoint — party member service point kiosk.
#
#   make            build build/svcpoint
#   make run        install missing packages, build, open the kiosk on a demo store
#   make test       ASan+UBSan build, unit tests, command-line and TUI tests
#   make bench      benchmarks on a generated large station (prints tables)
#   make stress     the long crash-safety runs
#   make install    PREFIX=/usr/local DESTDIR= (binary, man page, translations)
#   make deps       install what pkg-config cannot find (apt-get)
#   V=1             show full command lines
#   LINK=shared     link every library as a shared object (default: static
#                   where Debian ships an archive)

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man/man1
LOCALEDIR = $(PREFIX)/share/locale

BUILD ?= build
CC ?= cc
CFLAGS ?= -O2
LDFLAGS ?=
PKG_CONFIG ?= pkg-config

PKGS = ncursesw sqlite3 libqrencode libsodium inih jansson libpng libpq
TEST_PKGS = cmocka

# Lazy (=) so a missing library only matters when something is compiled;
# `make deps` runs first in `run` and `test`.
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
# libpq is compiled against but loaded at run time (src/core/pq.c): only
# sync and central need it, and linking it slows every start of svcpoint.
LINKED_PKGS = $(filter-out libpq,$(PKGS))
# LINK=static (the default) copies the libraries Debian ships as archives
# into the binary, so a start maps two shared objects besides the C
# library instead of ten (see docs/performance.md); a security update of
# one of them reaches the kiosk when it is rebuilt. LINK=shared links
# every library as a shared object.
LINK ?= static
# Shared in both: the C library's parts, and libqrencode (no archive in
# Debian).
SHARED_LIBS = -lqrencode -lm -ldl -lpthread
ifeq ($(LINK),static)
PKG_LIBS = -Wl,--as-needed -Wl,-Bstatic \
	$(filter-out $(SHARED_LIBS),$(shell $(PKG_CONFIG) --static --libs-only-l $(LINKED_PKGS)) -lcsv) \
	-Wl,-Bdynamic $(SHARED_LIBS)
else ifeq ($(LINK),shared)
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(LINKED_PKGS)) -lcsv -ldl
else
$(error LINK must be static or shared, not '$(LINK)')
endif
TEST_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(TEST_PKGS))
TEST_LIBS = $(shell $(PKG_CONFIG) --libs $(TEST_PKGS))

ALL_CFLAGS = -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE \
	-Isrc/core -Isrc $(PKG_CFLAGS) -DLOCALEDIR='"$(LOCALEDIR)"' \
	-MMD -MP $(CFLAGS)

ifeq ($(V),1)
Q =
say = @true
else
Q = @
say = @printf '  %-7s %s\n'
endif

CORE_SRC = $(sort $(wildcard src/core/*.c))
CLI_SRC = $(sort $(wildcard src/cli/*.c))
TUI_SRC = $(sort $(wildcard src/tui/*.c))
MAIN_SRC = src/main.c
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_HELPERS = $(filter-out $(UNIT_SRC),$(sort $(wildcard tests/unit/*.c)))
BENCH_SRC = $(sort $(wildcard bench/*.c))
# Test helpers (decoders, rasterisers, fake printers): one program a file,
# independent of the code they check, so they link no svcpoint code.
TOOLS_SRC = $(sort $(wildcard tests/tools/*.c))

CORE_OBJ = $(CORE_SRC:%.c=$(BUILD)/%.o)
APP_OBJ = $(CLI_SRC:%.c=$(BUILD)/%.o) $(TUI_SRC:%.c=$(BUILD)/%.o) \
	$(MAIN_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
UNIT_HELPER_OBJ = $(UNIT_HELPERS:%.c=$(BUILD)/%.o)
BENCH_BIN = $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
TOOLS_BIN = $(TOOLS_SRC:tests/tools/%.c=$(BUILD)/tools/%)
TOOLS_LIBS = $(shell $(PKG_CONFIG) --libs libpng)

CORE_LIB = $(BUILD)/libsvcpoint.a
BIN = $(BUILD)/svcpoint
MO = $(BUILD)/locale/zh_CN/LC_MESSAGES/svcpoint.mo

.PHONY: FORCE all run test check unit bench stress install uninstall clean deps \
	deps-test deps-bench pot
.DELETE_ON_ERROR:
# Keep the object files of tests and tools: make would otherwise delete
# them as intermediates after the run, and rebuild them next time.
.SECONDARY:

all: $(BIN) $(MO)

$(BUILD)/%.o: %.c
	$(say) CC $<
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/unit/%.o: tests/unit/%.c
	$(say) CC $<
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -c -o $@ $<

# The catalog folder is compiled into i18n.o; rebuild it when PREFIX or
# LOCALEDIR changes, so `make install PREFIX=/usr` finds its translations.
LOCALEDIR_STAMP = $(BUILD)/localedir.txt
$(LOCALEDIR_STAMP): FORCE
	@mkdir -p $(@D)
	@echo '$(LOCALEDIR)' | cmp -s - $@ || echo '$(LOCALEDIR)' > $@
$(BUILD)/src/core/i18n.o: $(LOCALEDIR_STAMP)
FORCE:

$(CORE_LIB): $(CORE_OBJ)
	$(say) AR $@
	$(Q)rm -f $@ && ar rcs $@ $^

$(BIN): $(APP_OBJ) $(CORE_LIB)
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(APP_OBJ) $(CORE_LIB) $(PKG_LIBS)

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(UNIT_HELPER_OBJ) $(CORE_LIB)
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(UNIT_HELPER_OBJ) $(CORE_LIB) \
		$(PKG_LIBS) $(TEST_LIBS)

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(CORE_LIB)
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(CORE_LIB) $(PKG_LIBS)

$(MO): po/zh_CN.po
	$(say) MSGFMT $<
	@mkdir -p $(@D)
	$(Q)msgfmt --check -o $@ $<

$(BUILD)/tools/%: tests/tools/%.c
	$(say) CC $<
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(TOOLS_LIBS)

unit: $(UNIT_BIN) $(TOOLS_BIN)

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer.
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined

test: deps-test
	@$(MAKE) --no-print-directory BUILD=build-asan \
		CFLAGS="$(SAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" check

# Runs the suite against whatever BUILD holds (the plain build by default).
check: all unit
	@tests/run.sh $(BUILD)

# The store is generated once per BUILD.
bench: deps-bench
	@$(MAKE) --no-print-directory all $(BENCH_BIN)
	@bench/run.sh $(BUILD)

stress: deps-test
	@$(MAKE) --no-print-directory all unit
	@STRESS=1 tests/run.sh $(BUILD) crash

run: deps
	@$(MAKE) --no-print-directory all
	@mkdir -p var
	@test -f var/svcpoint.conf || cp config.example var/svcpoint.conf
	@test -f var/svcpoint.db || { $(BIN) -c var/svcpoint.conf init --demo && \
		if [ -t 0 ]; then printf '\n按 Enter 打开服务终端 (press Enter to open the kiosk) '; read _; fi; }
	@$(BIN) -c var/svcpoint.conf kiosk

deps:
	@scripts/deps.sh

deps-test:
	@scripts/deps.sh --test

deps-bench:
	@scripts/deps.sh --bench

pot:
	xgettext --from-code=UTF-8 --add-comments=TRANSLATORS: -k_ -kN_ -kC_:1c,2 -kNC_:1c,2 -o po/svcpoint.pot $(CORE_SRC) $(CLI_SRC) $(TUI_SRC) $(MAIN_SRC)
	msgmerge --update --backup=none po/zh_CN.po po/svcpoint.pot

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) \
		$(DESTDIR)$(LOCALEDIR)/zh_CN/LC_MESSAGES
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/svcpoint
	install -m 0644 docs/svcpoint.1 $(DESTDIR)$(MANDIR)/svcpoint.1
	install -m 0644 $(MO) $(DESTDIR)$(LOCALEDIR)/zh_CN/LC_MESSAGES/svcpoint.mo

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/svcpoint $(DESTDIR)$(MANDIR)/svcpoint.1 \
		$(DESTDIR)$(LOCALEDIR)/zh_CN/LC_MESSAGES/svcpoint.mo

clean:
	rm -rf build build-asan

-include $(CORE_OBJ:.o=.d) $(APP_OBJ:.o=.d) $(UNIT_BIN:$(BUILD)/tests/%=$(BUILD)/tests/unit/%.d) $(UNIT_HELPER_OBJ:.o=.d) \
	$(TOOLS_BIN:=.d)
