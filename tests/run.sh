#!/usr/bin/env bash
# The whole test suite, from a fresh Debian machine: installs dependencies,
# builds with AddressSanitizer + UndefinedBehaviorSanitizer, runs every ctest
# label (unit, integration against a real Kafka broker, corpus evaluation when
# ../shared is present), then the processing pool and the stall watchdog
# under ThreadSanitizer, then the libFuzzer targets for a bounded time.
#
#   bash tests/run.sh            everything
#   ZB_TEST_LABELS=unit bash tests/run.sh    only some labels (ctest -L regex)
#   ZB_FUZZ_SECONDS=30 bash tests/run.sh     fuzz time per target (default 60)
#   ZB_TSAN=0 bash tests/run.sh              skip the ThreadSanitizer stage
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bash deploy/install-deps.sh

jobs=$(nproc 2>/dev/null || echo 2)
labels=${ZB_TEST_LABELS:-unit|integration|corpus}

echo "== build (ASan + UBSan)"
cmake -S . -B build/test -G Ninja -DCMAKE_BUILD_TYPE=Debug -DZB_SANITIZE=ON >/dev/null
cmake --build build/test -j "$jobs"

echo "== tests: $labels"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir build/test --output-on-failure -L "$labels" -j "$jobs" --timeout 1800

if [ "${ZB_TSAN:-1}" != 0 ]; then
  # The worker extracts on several threads sharing one set of loaded rules,
  # and the stall watchdog reads the running jobs from another thread: a data
  # race in the engine, the pool or the watchdog fails here.
  echo "== ThreadSanitizer: the processing pool and the stall watchdog"
  cmake -S . -B build/tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DZB_SANITIZE=OFF \
    -DCMAKE_C_FLAGS=-fsanitize=thread -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread >/dev/null
  cmake --build build/tsan -j "$jobs" --target test_pool test_watchdog
  for t in test_pool test_watchdog; do
    TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:exitcode=66} "build/tsan/tests/worker/$t"
  done
fi

if [ "${ZB_FUZZ_SECONDS:-60}" != 0 ]; then
  echo "== fuzz (${ZB_FUZZ_SECONDS:-60}s per target)"
  CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DZB_FUZZ=ON -DZB_SANITIZE=ON >/dev/null
  cmake --build build/fuzz -j "$jobs"
  ZB_FUZZ_SECONDS=${ZB_FUZZ_SECONDS:-60} ctest --test-dir build/fuzz --output-on-failure -L fuzz
fi
echo "== all tests passed ($root)"
