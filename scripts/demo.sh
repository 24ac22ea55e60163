#!/usr/bin/env bash
# The README's first command: install everything, build, and scaffold the shipped sample
# for issue 234 (the contact-enrichment migration) into migrations/issue-234/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo > build.log 2>&1 || { cat build.log; exit 1; }
cmake --build build -j"$(nproc)" >> build.log 2>&1 || { tail -50 build.log; exit 1; }
./build/schemashift plan --issue 234 --changes samples
./build/schemashift scaffold --issue 234 --changes samples
