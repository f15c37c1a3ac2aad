# lvzhi: build, run, test. See README.md.
CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -std=c17 -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers
# pango/cairo (and poppler-glib: stamping uploaded PDFs) flags are looked up when used (= not :=), after `make deps` has installed them
PANGO   := pangocairo poppler-glib
DEFS     = -D_GNU_SOURCE -DH2O_USE_LIBUV=0 -Isrc $(shell pkg-config --cflags $(PANGO) 2>/dev/null)
LIBS     = -lh2o-evloop -lssl -lcrypto -lz -lsqlite3 -lpq -ljansson -lsodium -lxlsxwriter \
           $(shell pkg-config --libs $(PANGO) 2>/dev/null) -lpthread -lm
ASAN    := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
# ThreadSanitizer: the server the concurrency tests run against (a stage of make test)
TSAN    := -O1 -g -fsanitize=thread -fno-omit-frame-pointer

SRC     := $(shell find src -name '*.c' | sort)
LIBSRC  := $(filter-out src/main.c,$(SRC))
HDR     := $(shell find src -name '*.h')
UNIT    := $(wildcard tests/unit/*.c)

REL_OBJ  := $(SRC:%.c=build/rel/%.o) build/rel/assets.o
ASAN_OBJ := $(SRC:%.c=build/asan/%.o) build/asan/assets.o
ASAN_LIB := $(LIBSRC:%.c=build/asan/%.o) build/asan/assets.o
TSAN_OBJ := $(SRC:%.c=build/tsan/%.o) build/tsan/assets.o
WEB_SRC  := $(shell find web -path web/node_modules -prune -o -path web/dist -prune -o -type f -print 2>/dev/null)

DB      ?= var/lvzhi.db
LISTEN  ?= 127.0.0.1:8080

.PHONY: all run test unit api bench soak lint clean deps fuzz web screenshots
all: build/lvzhi

build/rel/%.o: %.c $(HDR)
	@mkdir -p $(dir $@)
	@echo "CC  $<"; $(CC) $(WARN) $(DEFS) $(CFLAGS) -c $< -o $@

build/asan/%.o: %.c $(HDR)
	@mkdir -p $(dir $@)
	@echo "CC  $< (asan)"; $(CC) $(WARN) $(DEFS) $(ASAN) -c $< -o $@

build/tsan/%.o: %.c $(HDR)
	@mkdir -p $(dir $@)
	@echo "CC  $< (tsan)"; $(CC) $(WARN) $(DEFS) $(TSAN) -c $< -o $@

# the web app: built with npm into web/dist, then compiled into the binary
build/web.stamp: $(WEB_SRC) scripts/build-web docs/api/openapi.yaml
	@scripts/build-web
	@mkdir -p build && touch $@

build/assets.c: build/web.stamp scripts/embed-assets.mjs
	@node scripts/embed-assets.mjs web/dist build

build/rel/assets.o: build/assets.c src/http/assets.h
	@echo "CC  $<"; $(CC) $(WARN) $(DEFS) $(CFLAGS) -c $< -o $@

build/asan/assets.o: build/assets.c src/http/assets.h
	@mkdir -p $(dir $@)
	@echo "CC  $< (asan)"; $(CC) $(WARN) $(DEFS) $(ASAN) -c $< -o $@

build/tsan/assets.o: build/assets.c src/http/assets.h
	@mkdir -p $(dir $@)
	@echo "CC  $< (tsan)"; $(CC) $(WARN) $(DEFS) $(TSAN) -c $< -o $@

web: build/web.stamp

build/lvzhi: $(REL_OBJ)
	@echo "LD  $@"; $(CC) $(CFLAGS) $^ $(LIBS) -o $@

build/lvzhi-asan: $(ASAN_OBJ)
	@echo "LD  $@"; $(CC) $(ASAN) $^ $(LIBS) -o $@

build/lvzhi-tsan: $(TSAN_OBJ)
	@echo "LD  $@"; $(CC) $(TSAN) $^ $(LIBS) -o $@

build/unit-tests: $(ASAN_LIB) $(UNIT)
	@echo "LD  $@"; $(CC) $(WARN) $(DEFS) $(ASAN) $(UNIT) $(ASAN_LIB) $(LIBS) -lcriterion -o $@

deps:
	@scripts/deps

# make run: install what is missing, build, create the demo database once, serve it.
run: deps build/lvzhi
	@scripts/run-demo "$(DB)" "$(LISTEN)"

# make test: unit tests and API tests under AddressSanitizer/UBSan, fuzz regressions, the
# concurrency tests under ThreadSanitizer, the browser tests.
test: deps build/lvzhi build/lvzhi-asan build/lvzhi-tsan build/unit-tests
	@scripts/test

unit: build/unit-tests
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp build/unit-tests --jobs 2

api: build/lvzhi-asan
	LVZHI_BIN=build/lvzhi-asan node --test --test-concurrency=1 tests/api/

bench: deps build/lvzhi
	@bench/run

# make soak (not part of make test): a mixed read/write load at half the peak measured in the
# same run, for SOAK_MINUTES minutes (30 by default); errors, p99 and RSS at the start and the end.
soak: deps build/lvzhi
	@scripts/deps --bench
	@node bench/soak.mjs

fuzz:
	@scripts/fuzz 60

# make screenshots: the README's pictures of the console, the dashboard and the mobile page
screenshots: deps build/lvzhi
	@scripts/screenshots

lint:
	@clang-format --dry-run --Werror $(SRC) $(HDR) $(UNIT) && echo "clang-format: ok"
	@cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	  --suppress=missingIncludeSystem --inline-suppr --library=tests/lint/jansson.cfg \
	  -Isrc $(SRC) && echo "cppcheck: ok"

clean:
	rm -rf build
