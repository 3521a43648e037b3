# The two commands of the README:
#   make run   installs what is missing, builds, and starts the helpdesk on
#              127.0.0.1:8080 with ./escalated.db (SQLite)
#   make test  installs what is missing, builds, and runs every test: unit,
#              HTTP integration on SQLite and on a throwaway PostgreSQL, the
#              API contract (docs/openapi.yaml linted, and every answer of the
#              SQLite HTTP run validated against it), the
#              embedding example, the install tree, two host projects built
#              against it (find_package, pkg-config), the Debian package, the
#              unit tests again under ASan + UBSan, and the web UI in a real
#              browser (Playwright driving Chromium)
# Others: make build, make web, make package, make browser-test, make screenshots,
# make bench, make fuzz, make format, make format-check, make clean.
#
# The binary embeds the built web UI (web/dist), so the C++ build comes after
# `web` wherever both run.

BUILD_DIR      ?= build
ASAN_BUILD_DIR ?= build-asan
BUILD_TYPE     ?= RelWithDebInfo
FUZZ_BUILD_DIR ?= build-fuzz
FUZZ_SECONDS   ?= 60
JOBS           ?= $(shell nproc)
DATABASE       ?= sqlite:escalated.db
LISTEN         ?= 127.0.0.1:8080

SOURCES = $(shell git ls-files --cached --others --exclude-standard '*.cpp' '*.h' 2>/dev/null)

.PHONY: all deps build run test package unit-asan fuzz web browser-test screenshots bench format format-check clean

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD_DIR)/build.ninja: CMakeLists.txt
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null

build: deps web $(BUILD_DIR)/build.ninja
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: deps web $(BUILD_DIR)/build.ninja
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target escalated_bin
	@ESCALATED_DATABASE_URL=$${ESCALATED_DATABASE_URL:-$(DATABASE)} \
	  ESCALATED_LISTEN=$${ESCALATED_LISTEN:-$(LISTEN)} \
	  $(BUILD_DIR)/app/escalated serve $(if $(CONFIG),--config $(CONFIG))

test: format-check web build tests/contract/node_modules/.installed
	@bash scripts/with-postgres.sh ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory unit-asan
	@$(MAKE) --no-print-directory browser-test

# The Debian package (CPack, cmake/package.cmake): $(BUILD_DIR)/package/escalated_*.deb
package: build
	@cd $(BUILD_DIR) && cpack >/dev/null && ls package/*.deb

# The unit and SQLite HTTP tests again, under AddressSanitizer and UBSan.
unit-asan: deps
	@cmake -S . -B $(ASAN_BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  -DESCALATED_SANITIZE=ON -DESCALATED_BUILD_BENCH=OFF >/dev/null
	@cmake --build $(ASAN_BUILD_DIR) -j $(JOBS) --target core_test security_test store_test http_test fuzz_targets
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(ASAN_BUILD_DIR) --output-on-failure -j $(JOBS) \
	  -R '^(core_test|security_test|store_test_sqlite|http_test_sqlite|fuzz_smoke_.*)$$'

# The web UI (web/, Vue + Vite) into web/dist, which the server serves under
# the route prefix. npm ci runs only when node_modules is missing or older
# than package-lock.json; the build only when a source file changed. The
# API's TypeScript types are generated from docs/openapi.yaml (not committed)
# before the type check, whenever the document changed.
WEB_API_TYPES = web/src/generated/openapi.ts
WEB_SOURCES = $(shell find web/src -type f -not -path 'web/src/generated/*' 2>/dev/null) web/index.html \
              web/vite.config.ts web/vite.widget.config.ts web/tsconfig.json web/package.json

web: deps web/dist/index.html

web/node_modules/.installed: web/package-lock.json
	@cd web && npm ci --no-audit --no-fund --loglevel=error >/dev/null
	@touch $@

$(WEB_API_TYPES): docs/openapi.yaml web/node_modules/.installed
	@cd web && npx --no-install openapi-typescript ../docs/openapi.yaml -o src/generated/openapi.ts >/dev/null

web/dist/index.html: web/node_modules/.installed $(WEB_SOURCES) docs/openapi.yaml $(WEB_API_TYPES)
	@cd web && npx --no-install vue-tsc --noEmit && npx --no-install vite build --logLevel error \
	  && npx --no-install vite build --config vite.widget.config.ts --logLevel error

# The API contract's tools (Redocly CLI, a YAML parser, Ajv), which the ctest
# entries contract_lint, contract_check and contract_selftest run.
tests/contract/node_modules/.installed: tests/contract/package-lock.json
	@cd tests/contract && npm ci --no-audit --no-fund --loglevel=error >/dev/null
	@touch $@

tests/browser/node_modules/.installed: tests/browser/package-lock.json
	@cd tests/browser && npm ci --no-audit --no-fund --loglevel=error >/dev/null
	@touch $@

# The Playwright tests: the real server binary on a temporary SQLite
# database on a free loopback port, driving Debian's Chromium headless.
# Screenshots go to build/screenshots (make screenshots: docs/screenshots).
SCREENSHOT_DIR ?= $(BUILD_DIR)/screenshots
browser-test: deps web tests/browser/node_modules/.installed
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target escalated_bin
	@cd tests/browser && ESCALATED_BIN=$(abspath $(BUILD_DIR))/app/escalated \
	  ESCALATED_WEB_ROOT=$(abspath web/dist) SCREENSHOT_DIR=$(abspath $(SCREENSHOT_DIR)) \
	  npx --no-install playwright test

screenshots: $(BUILD_DIR)/build.ninja
	@$(MAKE) --no-print-directory browser-test SCREENSHOT_DIR=docs/screenshots

# libFuzzer (clang, coverage-guided, ASan + UBSan): each target under fuzz/
# for FUZZ_SECONDS. CI runs the same targets for seconds each under GCC's
# sanitizers (the fuzz_smoke_ tests of unit-asan).
fuzz: deps web
	@CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DESCALATED_FUZZ=ON -DESCALATED_BUILD_SERVER=OFF -DESCALATED_BUILD_BENCH=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD_DIR) -j $(JOBS) --target fuzz_targets
	@bash fuzz/run.sh $(FUZZ_BUILD_DIR) $(FUZZ_SECONDS)

bench: build
	@BUILD_DIR=$(BUILD_DIR) bash bench/run.sh

format:
	@clang-format -i $(SOURCES)

format-check:
	@clang-format --dry-run --Werror $(SOURCES)

clean:
	@rm -rf $(BUILD_DIR) $(ASAN_BUILD_DIR)
