#!/usr/bin/env bash
# Installs everything zhibiao needs to build, run and test on Debian 12 (bookworm).
# Idempotent: packages already present are skipped by apt. Run as root or with sudo.
set -euo pipefail

PKGS=(
  # build
  build-essential cmake ninja-build pkg-config clang clang-format libclang-rt-14-dev llvm
  # runtime libraries
  librdkafka-dev libavro-dev libcurl4-openssl-dev libjansson-dev libyaml-dev
  libgumbo-dev libmicrohttpd-dev libopencc-dev opencc
  # tests: Kafka broker (Java 17 + Maven resolve the Apache Kafka jars), Python clients
  openjdk-17-jre-headless maven python3 python3-venv python3-pip python3-avro
  python3-confluent-kafka python3-yaml
  # benchmarks and tooling
  valgrind time procps netcat-openbsd
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
echo "install-deps: all packages present"
