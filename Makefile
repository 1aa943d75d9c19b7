# picolog - the two commands of the quick start, and the pieces they use.
#   make demo   build everything and run the polyglot demo
#   make test   build everything and run every test suite
# Both install what is missing first (scripts/deps.sh, idempotent).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
ROOT := $(CURDIR)
BUILD := $(ROOT)/build/default
VENV := $(ROOT)/.venv
PY := $(VENV)/bin/python
CARGO ?= cargo
export PKG_CONFIG_PATH := $(BUILD)/pkgconfig:$(PKG_CONFIG_PATH)
export PICOLOG_LIB_DIR := $(BUILD)/lib
export PICOLOG_INCLUDE_DIR := $(ROOT)/capi/include
# Every binary finds libpicolog through its own rpath. LD_LIBRARY_PATH would
# override that and hand the sanitizer builds the uninstrumented library.
unexport LD_LIBRARY_PATH
export CARGO_TARGET_DIR := $(ROOT)/build/cargo
# C and C++ compile through ccache when it is installed (scripts/deps.sh
# installs it): `make test` builds the library in four configurations, and
# a clean clone rebuilds every one. CMake (3.17 and later) takes the
# launchers from the environment for every build it configures, the test
# suites' consumer builds included. Keys are relative to the checkout
# (CCACHE_BASEDIR, and the working directory left out of them), so clones
# in other directories share the cache; a program's debug information then
# names the directory of the checkout that first compiled its objects.
ifneq ($(shell command -v ccache 2>/dev/null),)
export CMAKE_C_COMPILER_LAUNCHER ?= ccache
export CMAKE_CXX_COMPILER_LAUNCHER ?= ccache
export CCACHE_BASEDIR ?= $(ROOT)
export CCACHE_NOHASHDIR ?= true
endif

.PHONY: all deps build python rust demo test test-c test-asan test-tsan test-python \
        test-rust test-polyglot polyglot bench format lint clean test-compilers \
        wheel test-wheel test-python-matrix rust-bindings rust-vendor test-crates test-long \
        fuzz test-fuzz test-fuzz-long

all: build

# Each entry point installs only what it needs (scripts/deps.sh groups);
# the group reaches `deps` through the target-specific DEPS.
deps:
	@scripts/deps.sh $(DEPS)
test test-long test-compilers test-c test-asan test-tsan test-python test-rust test-polyglot \
  fuzz test-fuzz test-fuzz-long test-crates test-wheel: DEPS := test
bench: DEPS := bench

build: deps
	cmake --preset default >/dev/null
	cmake --build --preset default

python: build
	@if ! $(PY) -c "import picolog._picolog_cffi" 2>/dev/null || \
	    [ -n "$$(find capi/include/picolog.h capi/include/picolog bindings/python/picolog_build.py \
	        bindings/python/picolog/_cdefs.h bindings/python/picolog/_shim.[ch] \
	        bindings/python/picolog/_speedups* bindings/python/setup.py \
	        -newer $(ROOT)/build/python.stamp 2>/dev/null)" ] || \
	    [ ! -e $(ROOT)/build/python.stamp ]; then \
	  $(PY) -m pip install -q --no-build-isolation -e bindings/python && touch $(ROOT)/build/python.stamp; \
	fi

rust: build
	cd bindings/rust && $(CARGO) build --quiet --workspace --all-targets

# The polyglot demo's Rust library, in release for the demo and its benchmark
# (its C library comes with `build`).
polyglot: build
	cd bindings/rust && $(CARGO) build --quiet --release -p polyglot-rust

demo: build python polyglot
	$(PY) examples/polyglot/demo.py

test: build python rust test-c test-asan test-tsan test-python test-rust test-polyglot test-wheel \
      test-crates test-fuzz
	@echo "make test: every suite passed"

test-c: build
	ctest --preset default -j2

test-asan: deps
	cmake --preset asan >/dev/null
	cmake --build --preset asan
	ctest --preset asan -j2

test-tsan: deps
	cmake --preset tsan >/dev/null
	cmake --build --preset tsan
	ctest --preset tsan -j2

test-python: python
	$(VENV)/bin/ruff check bindings/python bench/python examples
	$(PY) -m pytest -q bindings/python/tests
	$(PY) bindings/python/stdlib_suite/run.py

test-rust: build
	scripts/rust-bindings.sh --check
	cd bindings/rust && $(CARGO) fmt --all --check
	cd bindings/rust && $(CARGO) clippy --quiet --workspace --all-targets -- -D warnings
	cd bindings/rust && $(CARGO) test --quiet --workspace
	cd bindings/rust && $(CARGO) clippy --quiet -p picolog --features opentelemetry --all-targets -- -D warnings
	cd bindings/rust && $(CARGO) test --quiet -p picolog --features opentelemetry --test opentelemetry

test-polyglot: python polyglot rust
	$(PY) -m pytest -q examples/polyglot/tests

# The fuzz targets (tests/fuzz, bindings/python/fuzz; docs/fuzzing.md): a
# bounded run of each in `make test`, FUZZ_SECONDS (default 30) each, all at
# once; `make test-long` gives each 10 minutes.
fuzz: deps
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz

test-fuzz: fuzz python
	scripts/run-fuzz.sh

test-fuzz-long: fuzz python
	FUZZ_SECONDS=$${FUZZ_SECONDS:-600} scripts/run-fuzz.sh

# Long soaks, kept out of `make test`.
bench: deps python rust polyglot
	cmake --preset bench >/dev/null
	cmake --build --preset bench
	scripts/run-bench.sh

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp' '*.h' '*.c')
	cd bindings/rust && $(CARGO) fmt --all
	$(VENV)/bin/ruff format bindings/python bench/python examples

clean:
	rm -rf build logs

# The build a C user types, without this repository's presets (so without
# -Werror): Release and Debug with GCC and with clang, each built and tested.
COMPILER_BUILDS := gcc:Release gcc:Debug clang:Release clang:Debug
test-compilers: deps
	@for combo in $(COMPILER_BUILDS); do \
	  cc=$${combo%%:*}; type=$${combo##*:}; cxx=$$([ $$cc = gcc ] && echo g++ || echo clang++); \
	  dir=$(ROOT)/build/compilers/$$cc-$$type; \
	  echo "== $$cc $$type"; \
	  cmake -S . -B $$dir -G Ninja -DCMAKE_BUILD_TYPE=$$type -DCMAKE_C_COMPILER=$$cc \
	        -DCMAKE_CXX_COMPILER=$$cxx >/dev/null; \
	  cmake --build $$dir; \
	  ctest --test-dir $$dir -j2 --output-on-failure -E 'subproject_consumers'; \
	done

# The Python package as users get it: a wheel carrying libpicolog.so.1 (built
# by setup.py with CMake, without the build tree's rpath), rebuilt only when
# its sources change; PICOLOG_LIB_DIR is unset so the wheel bundles.
WHEEL_DIR := $(ROOT)/build/wheel
WHEEL_SOURCES := $(shell git ls-files bindings/python/picolog bindings/python/setup.py \
                   bindings/python/picolog_build.py bindings/python/pyproject.toml libcore capi CMakeLists.txt)
$(WHEEL_DIR)/.stamp: $(WHEEL_SOURCES)
	rm -rf $(WHEEL_DIR) bindings/python/build/native
	env -u PICOLOG_LIB_DIR -u PICOLOG_INCLUDE_DIR -u PKG_CONFIG_PATH \
	  $(PY) -m pip wheel -q --no-build-isolation --no-deps -w $(WHEEL_DIR) bindings/python
	touch $@
wheel: deps $(WHEEL_DIR)/.stamp

# The wheel installed outside the repository into the oldest and newest
# supported Pythons, each running the Python suite; mypy --strict on a file
# using the public API against the installed package.
test-wheel: wheel
	scripts/test-wheel.sh $(WHEEL_DIR)/picolog-*.whl 3.10 3.13
	scripts/typecheck-python.sh 3.13

# Every supported Python, and the sdist built from source with no repository
# around it.
test-python-matrix: wheel
	scripts/test-wheel.sh $(WHEEL_DIR)/picolog-*.whl 3.10 3.11 3.12 3.13
	scripts/test-sdist.sh 3.12

# picolog-sys's committed bindings (src/bindings.rs), regenerated from the
# headers with bindgen; test-rust fails when they are stale.
rust-bindings: build
	scripts/rust-bindings.sh

# The C and C++ sources copied into picolog-sys for its `bundled` feature.
rust-vendor:
	scripts/vendor-rust.sh

# cargo package / publish --dry-run for both crates, a scratch project
# building the packaged crates with `bundled`, and the MSRV.
test-crates: build
	scripts/test-crates.sh --msrv

# The Rust API's property tests against arbitrary input, with 100x the cases
# make test runs (bindings/rust/picolog/tests/arbitrary_input.rs).
.PHONY: test-rust-properties-long
test-rust-properties-long: build
	cd bindings/rust && PICOLOG_PROPERTY_CASES=30000 $(CARGO) test --quiet -p picolog --test arbitrary_input

# The long checks, beyond make test: every compiler and build type, every
# Python version and the sdist.
test-long: test-compilers test-python-matrix test-fuzz-long test-rust-properties-long
	@echo "make test-long: every long check passed"
