# The two commands of the README:
#   make run   installs what is missing, builds, and starts the helpdesk on
#              127.0.0.1:8080 with ./escalated.db (SQLite)
#   make test  installs what is missing, builds, and runs every test: unit,
#              HTTP integration on SQLite and on a throwaway PostgreSQL, the
#              embedding example, and the unit tests again under ASan + UBSan
# Others: make build, make bench, make format, make format-check, make clean.

BUILD_DIR      ?= build
ASAN_BUILD_DIR ?= build-asan
BUILD_TYPE     ?= RelWithDebInfo
JOBS           ?= $(shell nproc)
DATABASE       ?= sqlite:escalated.db
LISTEN         ?= 127.0.0.1:8080

SOURCES = $(shell git ls-files '*.cpp' '*.h' 2>/dev/null)

.PHONY: all deps build run test unit-asan bench format format-check clean

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD_DIR)/build.ninja: CMakeLists.txt
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null

build: deps $(BUILD_DIR)/build.ninja
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: deps $(BUILD_DIR)/build.ninja
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target escalated_bin
	@ESCALATED_DATABASE_URL=$${ESCALATED_DATABASE_URL:-$(DATABASE)} \
	  ESCALATED_LISTEN=$${ESCALATED_LISTEN:-$(LISTEN)} \
	  $(BUILD_DIR)/app/escalated serve $(if $(CONFIG),--config $(CONFIG))

test: format-check build
	@bash scripts/with-postgres.sh ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory unit-asan

# The unit and SQLite HTTP tests again, under AddressSanitizer and UBSan.
unit-asan: deps
	@cmake -S . -B $(ASAN_BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  -DESCALATED_SANITIZE=ON -DESCALATED_BUILD_BENCH=OFF >/dev/null
	@cmake --build $(ASAN_BUILD_DIR) -j $(JOBS) --target core_test security_test store_test http_test
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(ASAN_BUILD_DIR) --output-on-failure -j $(JOBS) \
	  -R '^(core_test|security_test|store_test_sqlite|http_test_sqlite)$$'

bench: build
	@BUILD_DIR=$(BUILD_DIR) bash bench/run.sh

format:
	@clang-format -i $(SOURCES)

format-check:
	@clang-format --dry-run --Werror $(SOURCES)

clean:
	@rm -rf $(BUILD_DIR) $(ASAN_BUILD_DIR)
