#!/usr/bin/env bash
# The layer check must fail on a wrong include: a copy of src/ and docs/ with two planted
# violations (a stage including a later one, a third-party header outside its folder).
set -euo pipefail
src=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$src/src" "$src/docs" "$work/"
echo '#include "render/backend.hpp"' >>"$work/src/sql/quote.cpp"
echo '#include <pqxx/pqxx>' >>"$work/src/lint/run.cpp"
if out=$(python3 "$src/tests/layers/check_layers.py" "$work"); then
  echo "FAIL: check_layers.py accepted planted violations"; exit 1
fi
grep -q "sql/ may not include render/backend.hpp" <<<"$out" || { echo "FAIL: missed sql -> render: $out"; exit 1; }
grep -q "pqxx/pqxx belongs behind db/ only" <<<"$out" || { echo "FAIL: missed pqxx outside db/: $out"; exit 1; }
echo "PASS: both planted violations reported"
