#!/usr/bin/env bash
# The README's second command: install everything, build, run the whole test suite
# (unit, golden, malformed specs, JSON Schema, real PostgreSQL 15 end to end).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo > build.log 2>&1 || { cat build.log; exit 1; }
cmake --build build -j"$(nproc)" >> build.log 2>&1 || { tail -50 build.log; exit 1; }
cd build
# PostgreSQL tests start a private cluster (fixture e2e:pg_start) under build/pgtest.
ctest --output-on-failure -j"$(nproc)" "$@"
