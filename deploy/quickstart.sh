#!/usr/bin/env bash
# One command from a fresh Debian machine to a first result: installs
# dependencies, builds zhibiao, and runs the worker in file mode on the bundled
# sample reports (no Kafka, no registry). The same pipeline code as production
# turns them into an Avro container file and a readable summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/install-deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j "$(nproc 2>/dev/null || echo 2)"
exec build/release/worker/zhibiao run "$@"
