#!/usr/bin/env bash
# Rewrites tests/golden/<sample>/expected from the current build. The only way golden
# files change: run it, then READ `git diff tests/golden` before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/schemashift}
[ -x "$BIN" ] || { echo "build first: cmake -S . -B build && cmake --build build" >&2; exit 1; }
rm -rf tests/golden/*/
for spec in samples/*.yaml; do
  name=$(basename "$spec" .yaml)
  "$BIN" scaffold --spec "$spec" --out "tests/golden/$name/expected" --quiet
  echo "updated tests/golden/$name ($(find "tests/golden/$name/expected" -type f | wc -l) files)"
done
echo "now review: git diff --stat tests/golden && git diff tests/golden"

# Lint corpus: tests/lint/corpus-golden/<project>.txt, the `schemashift lint` output over
# each project of tests/lint/corpus/ plus its exit code (tests/lint/corpus_test.sh).
tests/lint/corpus_test.sh --update "$BIN"
echo "now review: git diff tests/lint/corpus-golden"
