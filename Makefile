# rregull - a rules engine for child-labour case management.
#
#   make deps        install the Debian packages the project needs (apt-get)
#   make             build ./rregull, librregull.a and librregull.so
#   make install     install them with the header, a pkg-config file and a
#                    man page (PREFIX, default /usr/local; bindir, libdir,
#                    includedir, mandir one by one; DESTDIR for staging)
#   make uninstall   remove what make install installed (same variables)
#   make test        build and run every test; ends with "N passed, N failed"
#   make check       the same as make test
#   make check-asan  the whole suite built with AddressSanitizer + UBSan
#   make check-clang the whole suite built with clang (build-clang/)
#   make fuzz        build the libFuzzer targets with clang and run each for
#                    FUZZ_SECONDS (default 60) on tests/fuzz/corpus
#   make demo        the main job on examples/: import, batch, a table
#   make bench       speed, next to its baselines (bench/run.sh, with the
#                    benchmark program build/rregull-bench)
#   make bench-serve rregull serve under load with wrk (bench/serve.sh;
#                    SERVE_SECONDS per connection count, default 10)
#   make clean       remove build outputs (build/, build-asan/, build-clang/,
#                    build-fuzz/, the binary and the libraries)
#
# Generated C (re2c lexer, lemon parser, embedded stdlib) goes to build/ and
# is never committed.  WERROR= builds without -Werror (a newer compiler's new
# warnings then do not stop a packager's build).

CC     ?= cc
BUILD  ?= build
ASAN_BUILD  = build-asan
CLANG_BUILD = build-clang

# Where make install puts things (GNU conventions; DESTDIR prefixes them all).
PREFIX      ?= /usr/local
prefix       = $(PREFIX)
exec_prefix  = $(prefix)
bindir       = $(exec_prefix)/bin
libdir       = $(exec_prefix)/lib
includedir   = $(prefix)/include
datarootdir  = $(prefix)/share
mandir       = $(datarootdir)/man
man1dir      = $(mandir)/man1
pkgconfigdir = $(libdir)/pkgconfig

DEBIAN_PACKAGES = build-essential re2c lemon pkg-config libyajl-dev liblua5.4-dev \
                  libsqlite3-dev nettle-dev libicu-dev tzdata python3 \
                  libmicrohttpd-dev wrk libgettextpo-dev gettext chromium

# Each library's include path goes to the one object that uses it (the
# target-specific XCFLAGS below); all of them are linked.
PKGS       = yajl sqlite3 nettle lua5.4
YAJL_CFLAGS    := $(shell pkg-config --cflags yajl 2>/dev/null)
SQLITE_CFLAGS  := $(shell pkg-config --cflags sqlite3 2>/dev/null)
NETTLE_CFLAGS  := $(shell pkg-config --cflags nettle 2>/dev/null)
LUA_CFLAGS     := $(shell pkg-config --cflags lua5.4 2>/dev/null)
ICU_CFLAGS     := $(shell pkg-config --cflags icu-i18n 2>/dev/null)
# libgettextpo (PO files, po.c) has no pkg-config file: its header is in /usr/include
GETTEXTPO_CFLAGS ?=
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ICU_LIBS   := $(shell pkg-config --libs icu-i18n 2>/dev/null)
LEMPAR     := $(firstword $(wildcard /usr/share/lemon/lempar.c /usr/local/share/lemon/lempar.c))

STD    = -std=c11 -D_DEFAULT_SOURCE
WERROR ?= -Werror
# Lua's warning set, on our code only.
WARN   = -Wall -Wextra $(WERROR) -Wshadow -Wundef -Wwrite-strings -Wmissing-prototypes \
         -Wstrict-prototypes -Wold-style-definition -Wmissing-declarations \
         -Wredundant-decls -Wpointer-arith -Wcast-qual -Wformat=2 -Wvla
# Generated code gets a relaxed set.
GENWARN = -Wall -Wno-unused-parameter -Wno-unused-variable -Wno-unused-but-set-variable \
          -Wno-unused-function
CFLAGS ?= -O2 -g
# the objects go into the shared library too
PIC    = -fPIC
SAN    ?=
CPPFLAGS_ALL = -Iengine -I$(BUILD) $(CPPFLAGS)
LDLIBS = $(PKG_LIBS) $(ICU_LIBS) -lgettextpo -lm -pthread

# The library's objects.
ENGINE = api api_policy arena ast batch calendar check declare decide diag eval explain expr filter hijri \
         hooks json lint order overlay parse render rule ruleset store strmap suggest time types value \
         law versions primero api_schema tzif api_diff publish report report_html report_text \
         api_i18n i18n_texts pot ui_text error_text po lang translit todo texts page \
         report_lang api_json strbuf
# evaluation's fast paths (issue 17): searches of ordered lists, the plan of a
# program, expressions compiled to a flat form
ENGINE += ordered plan flat
CLI    = $(BUILD)/main.o $(BUILD)/cli_args.o $(BUILD)/cli_store.o $(BUILD)/cli_calendar.o \
         $(BUILD)/cli_primero.o $(BUILD)/cli_diff.o $(BUILD)/cli_fmt.o $(BUILD)/cli_publish.o \
         $(BUILD)/cli_report.o $(BUILD)/cli_i18n.o $(BUILD)/cli_explain.o
# rregull serve: its HTTP library (libmicrohttpd) is linked into the command, not the library
CLI    += $(BUILD)/cli_serve.o $(BUILD)/server.o $(BUILD)/server_http.o
MHD_CFLAGS := $(shell pkg-config --cflags libmicrohttpd 2>/dev/null)
MHD_LIBS   := $(shell pkg-config --libs libmicrohttpd 2>/dev/null)
# not linked: server_http.c opens it with dlopen when a server starts (the
# other commands do not load GnuTLS and its eight libraries); -ldl for libcs
# that keep dlopen apart
MHD_LINK   := -ldl

# The command's libraries.  STATIC_DEPS=1 links yajl, SQLite, nettle and Lua
# from their static archives (the same -dev packages) into the rregull
# command (not the library): Debian builds SQLite and nettle with BIND_NOW, so
# every process binds their ~2,000 symbols at start (callgrind: the process's
# floor 6.3 M -> 4.2 M instructions; a security update of them then needs a
# rebuild).  ICU and libgettextpo stay shared.
RREGULL_LIBS = $(LDLIBS)
ifeq ($(STATIC_DEPS),1)
RREGULL_LIBS = -Wl,-Bstatic $(subst -lyajl,-lyajl_s,$(PKG_LIBS)) -Wl,-Bdynamic $(ICU_LIBS) -lgettextpo -lm -pthread -ldl
endif

VERSION = 0.2.0
SOMAJOR = 0
LIB_A   = librregull.a
LIB_SO  = librregull.so
OBJ    = $(ENGINE:%=$(BUILD)/%.o) $(BUILD)/lexer.o $(BUILD)/parser.o $(BUILD)/stdlib.o \
         $(BUILD)/schema.o $(BUILD)/reports.o
STDLIB = $(sort $(wildcard stdlib/*.rr))
SCHEMA = $(sort $(wildcard stdlib/schema/*.sql))
REPORTS = $(sort $(wildcard stdlib/reports/*.sql stdlib/reports/*.tsv))

.PHONY: all deps test check check-asan check-clang clean echo unit install uninstall demo bench
.PHONY: bench-serve
all: rregull $(LIB_A) $(LIB_SO)

rregull: $(OBJ) $(CLI)
	$(CC) $(STD) $(CFLAGS) $(SAN) $(LDFLAGS) -o $@ $(CLI) $(OBJ) $(RREGULL_LIBS) $(MHD_LINK)

# The library: every engine object; the shared one exports only the public
# API of engine/rregull.h (engine/rregull.map).
$(LIB_A): $(OBJ)
	rm -f $@ && ar rcs $@ $(OBJ)

$(LIB_SO): $(OBJ) engine/rregull.map
	$(CC) -shared $(CFLAGS) $(SAN) $(LDFLAGS) -Wl,-soname,$(LIB_SO).$(SOMAJOR) \
	  -Wl,--version-script=engine/rregull.map -o $@ $(OBJ) $(LDLIBS)

install: rregull $(LIB_A) $(LIB_SO)
	install -d $(DESTDIR)$(bindir) $(DESTDIR)$(libdir) $(DESTDIR)$(pkgconfigdir) $(DESTDIR)$(includedir) \
	  $(DESTDIR)$(man1dir)
	install -m 755 rregull $(DESTDIR)$(bindir)/rregull
	install -m 644 $(LIB_A) $(DESTDIR)$(libdir)/$(LIB_A)
	install -m 755 $(LIB_SO) $(DESTDIR)$(libdir)/$(LIB_SO).$(VERSION)
	ln -sf $(LIB_SO).$(VERSION) $(DESTDIR)$(libdir)/$(LIB_SO).$(SOMAJOR)
	ln -sf $(LIB_SO).$(SOMAJOR) $(DESTDIR)$(libdir)/$(LIB_SO)
	install -m 644 engine/rregull.h $(DESTDIR)$(includedir)/rregull.h
	sed -e 's|@PREFIX@|$(prefix)|' -e 's|@LIBDIR@|$(libdir)|' -e 's|@INCLUDEDIR@|$(includedir)|' \
	  -e 's|@VERSION@|$(VERSION)|' -e 's|@PKGS@|$(PKGS) icu-i18n|' \
	  engine/rregull.pc.in > $(DESTDIR)$(pkgconfigdir)/rregull.pc
	install -m 644 docs/rregull.1 $(DESTDIR)$(man1dir)/rregull.1

uninstall:
	rm -f $(DESTDIR)$(bindir)/rregull $(DESTDIR)$(libdir)/$(LIB_A) $(DESTDIR)$(libdir)/$(LIB_SO) \
	  $(DESTDIR)$(libdir)/$(LIB_SO).$(SOMAJOR) $(DESTDIR)$(libdir)/$(LIB_SO).$(VERSION) \
	  $(DESTDIR)$(includedir)/rregull.h $(DESTDIR)$(pkgconfigdir)/rregull.pc $(DESTDIR)$(man1dir)/rregull.1

$(BUILD):
	mkdir -p $(BUILD)

# ---- generated sources: explicit rules -------------------------------------
# lemon writes parser.h beside parser.c, and rewrites it only when the
# tokens change: what includes it is rebuilt only then (-MMD records who).
$(BUILD)/parser.c: grammar/parser.y | $(BUILD)
	lemon -q -s -d$(BUILD) $(if $(LEMPAR),-T$(LEMPAR)) grammar/parser.y >/dev/null
	@test -f $(BUILD)/parser.h
$(BUILD)/parser.h: $(BUILD)/parser.c ;

$(BUILD)/lexer.c: grammar/lexer.re | $(BUILD)/parser.h
	re2c -W -Werror -c -i --no-generation-date --no-version -o $@ grammar/lexer.re

# Library code embedded in the binary: policy-language files and the case
# store's schema migrations, each as a byte array (embed NAME ARRAY FILES).
define embed
	@{ echo '/* generated from the stdlib directory by the Makefile: do not edit */'; \
	   echo '#include "embedded.h"'; \
	   for f in $(3); do \
	     n=$$(basename $$f | tr -c 'a-zA-Z0-9\n' '_'); \
	     printf 'static const unsigned char s_%s[] = {' "$$n"; \
	     od -An -v -tx1 "$$f" | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	     echo '0};'; \
	   done; \
	   echo 'const StdlibFile $(2)[] = {'; \
	   for f in $(3); do \
	     n=$$(basename $$f | tr -c 'a-zA-Z0-9\n' '_'); \
	     echo "  {\"<stdlib>/$${f#stdlib/}\", (const char *)s_$$n, sizeof s_$$n - 1},"; \
	   done; \
	   echo '  {0, 0, 0}};'; } > $(1).tmp && mv $(1).tmp $(1)
endef

$(BUILD)/stdlib.c: $(STDLIB) Makefile | $(BUILD)
	$(call embed,$@,stdlib_files,$(STDLIB))

$(BUILD)/schema.c: $(SCHEMA) Makefile | $(BUILD)
	$(call embed,$@,schema_files,$(SCHEMA))

$(BUILD)/reports.c: $(REPORTS) Makefile | $(BUILD)
	$(call embed,$@,report_files,$(REPORTS))

# ---- objects ---------------------------------------------------------------
# parser.h is only needed to exist before the first compilation (order-only);
# the dependencies each object really has come from -MMD (build/*.d), so a
# grammar edit rebuilds what includes parser.h, not every object.
$(BUILD)/%.o: engine/%.c | $(BUILD)/parser.h
	$(CC) $(STD) $(CFLAGS) $(PIC) $(SAN) $(WARN) $(CPPFLAGS_ALL) $(XCFLAGS) -MMD -MP -c -o $@ $<

# Each third-party include path, on the one object that uses the library.
$(BUILD)/json.o: private XCFLAGS = $(YAJL_CFLAGS)
$(BUILD)/store.o: private XCFLAGS = $(SQLITE_CFLAGS)
$(BUILD)/ruleset.o: private XCFLAGS = $(NETTLE_CFLAGS)
$(BUILD)/hooks.o: private XCFLAGS = $(LUA_CFLAGS)
$(BUILD)/hijri.o: private XCFLAGS = $(ICU_CFLAGS)
$(BUILD)/server_http.o: private XCFLAGS = $(MHD_CFLAGS)
$(BUILD)/translit.o: private XCFLAGS = $(ICU_CFLAGS)
$(BUILD)/po.o: private XCFLAGS = $(GETTEXTPO_CFLAGS)

$(BUILD)/lexer.o: $(BUILD)/lexer.c
	$(CC) $(STD) $(CFLAGS) $(PIC) $(SAN) $(GENWARN) $(CPPFLAGS_ALL) -MMD -MP -c -o $@ $<

# lemon's tracing and asserts out of the parser (one branch per shift and
# reduce), except in the sanitizer builds
PARSER_NDEBUG = $(if $(SAN),,-DNDEBUG)
$(BUILD)/parser.o: $(BUILD)/parser.c
	$(CC) $(STD) $(CFLAGS) $(PIC) $(SAN) $(GENWARN) $(CPPFLAGS_ALL) -DYYNOERRORRECOVERY $(PARSER_NDEBUG) -MMD -MP -c -o $@ $<

$(BUILD)/stdlib.o: $(BUILD)/stdlib.c
	$(CC) $(STD) $(CFLAGS) $(PIC) $(SAN) $(GENWARN) $(CPPFLAGS_ALL) -c -o $@ $<

$(BUILD)/schema.o: $(BUILD)/schema.c
	$(CC) $(STD) $(CFLAGS) $(PIC) $(SAN) $(GENWARN) $(CPPFLAGS_ALL) -c -o $@ $<

$(BUILD)/reports.o: $(BUILD)/reports.c
	$(CC) $(STD) $(CFLAGS) $(PIC) $(SAN) $(GENWARN) $(CPPFLAGS_ALL) -c -o $@ $<

-include $(wildcard $(BUILD)/*.d)

# ---- tests -----------------------------------------------------------------
UNIT = test_time test_check test_hooks test_oom test_api test_lang test_primero test_report
UNIT += test_load
UNIT += test_flat
UNIT_BIN = $(UNIT:%=$(BUILD)/%) $(BUILD)/embed $(BUILD)/replay_policy $(BUILD)/replay_case $(BUILD)/rregull-bench
UNIT_BIN += $(BUILD)/replay_primero

# the embedding example, linked with the static library as a user would
$(BUILD)/embed: examples/embed.c engine/rregull.h $(LIB_A)
	$(CC) $(STD) $(CFLAGS) $(SAN) $(WARN) -Iengine -o $@ examples/embed.c $(LIB_A) $(LDLIBS)

$(BUILD)/test_time: tests/unit/test_time.c $(BUILD)/time.o $(BUILD)/tzif.o
	$(CC) $(STD) $(CFLAGS) $(SAN) $(WARN) $(CPPFLAGS_ALL) -Itests/unit -o $@ $^ $(LDLIBS)

$(BUILD)/test_check: tests/unit/test_check.c $(OBJ) | $(BUILD)/parser.h
	$(CC) $(STD) $(CFLAGS) $(SAN) $(WARN) $(CPPFLAGS_ALL) -Itests/unit -o $@ $^ $(LDLIBS)

# what loading computes lazily (the hash) or once (the calendar)
$(BUILD)/test_load: tests/unit/test_load.c $(OBJ) | $(BUILD)/parser.h
	$(CC) $(STD) $(CFLAGS) $(SAN) $(WARN) $(CPPFLAGS_ALL) -Itests/unit -o $@ $^ $(LDLIBS)

# the compiled expressions against the interpreter (issue 17)
$(BUILD)/test_flat: tests/unit/test_flat.c $(OBJ) | $(BUILD)/parser.h
	$(CC) $(STD) $(CFLAGS) $(SAN) $(WARN) $(CPPFLAGS_ALL) -Itests/unit -o $@ $^ $(LDLIBS)

$(BUILD)/test_hooks: tests/unit/test_hooks.c $(BUILD)/hooks.o $(BUILD)/arena.o
	$(CC) $(STD) $(CFLAGS) $(SAN) $(WARN) $(CPPFLAGS_ALL) -Itests/unit -o $@ $^ $(LDLIBS)

# the public API for policy work, used through rregull.h as an embedder would
$(BUILD)/test_api: tests/unit/test_api.c engine/rregull.h $(LIB_A)
	$(CC) $(STD) $(CFLAGS) $(SAN) $(WARN) -Iengine -Itests/unit -o $@ tests/unit/test_api.c $(LIB_A) $(LDLIBS)

# the Primero adapter's API, shared by threads as the server shares it
$(BUILD)/test_primero: tests/unit/test_primero.c engine/rregull.h $(LIB_A)
	$(CC) $(STD) $(CFLAGS) $(SAN) $(WARN) -Iengine -Itests/unit -o $@ tests/unit/test_primero.c $(LIB_A) $(LDLIBS)
# the reports' library calls, through rregull.h as a server would
$(BUILD)/test_report: tests/unit/test_report.c engine/rregull.h $(LIB_A)
	$(CC) $(STD) $(CFLAGS) $(SAN) $(WARN) -Iengine -Itests/unit -o $@ tests/unit/test_report.c $(LIB_A) $(LDLIBS)
# the language API (api_i18n.c), through rregull.h as a server would
$(BUILD)/test_lang: tests/unit/test_lang.c engine/rregull.h $(LIB_A)
	$(CC) $(STD) $(CFLAGS) $(SAN) $(WARN) -Iengine -Itests/unit -o $@ tests/unit/test_lang.c $(LIB_A) $(LDLIBS)

# every allocation the engine makes goes through the test's failing wrappers
WRAP_ALLOC = -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup
$(BUILD)/test_oom: tests/unit/test_oom.c $(OBJ)
	$(CC) $(STD) $(CFLAGS) $(SAN) $(WARN) $(CPPFLAGS_ALL) -Itests/unit -o $@ $^ $(WRAP_ALLOC) $(LDLIBS)

# the fuzz targets' entry points, driven by a plain main that replays the corpus
$(BUILD)/replay_%: tests/fuzz/replay.c tests/fuzz/fuzz_%.c $(OBJ)
	$(CC) $(STD) $(CFLAGS) $(SAN) $(WARN) $(CPPFLAGS_ALL) -o $@ $^ $(LDLIBS)

# the benchmark program (make bench): the library's, with SQLite's header for
# its floor (bench/bench.c)
$(BUILD)/rregull-bench: bench/bench.c engine/rregull.h $(LIB_A)
	$(CC) $(STD) $(CFLAGS) $(SAN) $(WARN) $(CPPFLAGS_ALL) $(SQLITE_CFLAGS) -o $@ bench/bench.c $(LIB_A) $(LDLIBS)

unit: $(UNIT_BIN)

test: rregull unit
	@RREGULL=./rregull BUILD=$(BUILD) sh tests/run

check: test

check-asan:
	$(MAKE) BUILD=$(ASAN_BUILD) LIB_A=$(ASAN_BUILD)/librregull.a \
	  SAN="-fsanitize=address,undefined -fno-omit-frame-pointer" CFLAGS="-O1 -g" asan-build
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  RREGULL=$(ASAN_BUILD)/rregull BUILD=$(ASAN_BUILD) sh tests/run

# ---- fuzzing: libFuzzer targets, built with clang -------------------------------
# make fuzz FUZZ_SECONDS=3600 for a longer run; new inputs go to
# build-fuzz/corpus-*, crashes to build-fuzz/crash-*.
FUZZ_CC      ?= clang
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_FLAGS   ?= -timeout=10 -rss_limit_mb=2048 -max_len=8192
fuzz:
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) CFLAGS="-O1 -g" LIB_A=$(FUZZ_BUILD)/librregull.a \
	  SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
	  $(FUZZ_BUILD)/fuzz_policy $(FUZZ_BUILD)/fuzz_case $(FUZZ_BUILD)/fuzz_primero
	mkdir -p $(FUZZ_BUILD)/corpus-policy $(FUZZ_BUILD)/corpus-case $(FUZZ_BUILD)/corpus-primero
	$(FUZZ_BUILD)/fuzz_policy $(FUZZ_FLAGS) -max_total_time=$(FUZZ_SECONDS) -dict=tests/fuzz/policy.dict \
	  -artifact_prefix=$(FUZZ_BUILD)/ $(FUZZ_BUILD)/corpus-policy tests/fuzz/corpus/policy
	$(FUZZ_BUILD)/fuzz_case $(FUZZ_FLAGS) -max_total_time=$(FUZZ_SECONDS) -dict=tests/fuzz/case.dict \
	  -artifact_prefix=$(FUZZ_BUILD)/ $(FUZZ_BUILD)/corpus-case tests/fuzz/corpus/case
	$(FUZZ_BUILD)/fuzz_primero $(FUZZ_FLAGS) -max_total_time=$(FUZZ_SECONDS) \
	  -artifact_prefix=$(FUZZ_BUILD)/ $(FUZZ_BUILD)/corpus-primero tests/fuzz/corpus/primero tests/primero/records

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(OBJ)
	$(CC) $(STD) $(CFLAGS) $(WARN) $(CPPFLAGS_ALL) \
	  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -o $@ $^ $(LDLIBS)

check-clang:
	$(MAKE) CC=clang BUILD=$(CLANG_BUILD) LIB_A=$(CLANG_BUILD)/librregull.a asan-build
	@RREGULL=$(CLANG_BUILD)/rregull BUILD=$(CLANG_BUILD) sh tests/run

# the binary and the tests of a suite built elsewhere than build/ (asan, clang)
.PHONY: asan-build fuzz
asan-build: $(OBJ) $(CLI) $(UNIT_BIN)
	$(CC) $(STD) $(CFLAGS) $(SAN) $(LDFLAGS) -o $(BUILD)/rregull $(CLI) $(OBJ) $(LDLIBS) $(MHD_LINK)

# ---- the main job on the shipped examples -----------------------------------
# A fresh store from examples/*.json, a batch at one instant, the table of
# decisions a case system would read.
DEMO_DB    = examples/cases.db
DEMO_AS_OF = 2025-04-10T12:00:00+02:00
demo: rregull
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	./rregull import --rules rules/kosovo --db $(DEMO_DB) examples/*.json
	./rregull batch --rules rules/kosovo --db $(DEMO_DB) --as-of $(DEMO_AS_OF)
	@./rregull cases --db $(DEMO_DB) --rules rules/kosovo

# ---- speed: figures next to their baselines, never asserted -----------------
bench: rregull $(BUILD)/rregull-bench
	RREGULL=./rregull RREGULL_BENCH=$(BUILD)/rregull-bench sh bench/run.sh

# rregull serve under load (wrk on loopback), next to the in-process speed
bench-serve: rregull $(BUILD)/rregull-bench
	RREGULL=./rregull RREGULL_BENCH=$(BUILD)/rregull-bench sh bench/serve.sh

# ---- housekeeping ----------------------------------------------------------
deps:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	 export DEBIAN_FRONTEND=noninteractive; \
	 $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends $(DEBIAN_PACKAGES)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(CLANG_BUILD) $(FUZZ_BUILD) rregull $(LIB_A) $(LIB_SO)

echo:
	@echo "CC=$(CC) CFLAGS=$(CFLAGS) SAN=$(SAN)"
	@echo "YAJL_CFLAGS=$(YAJL_CFLAGS) SQLITE_CFLAGS=$(SQLITE_CFLAGS) NETTLE_CFLAGS=$(NETTLE_CFLAGS)"
	@echo "LUA_CFLAGS=$(LUA_CFLAGS) ICU_CFLAGS=$(ICU_CFLAGS) PKG_LIBS=$(PKG_LIBS) LEMPAR=$(LEMPAR)"
