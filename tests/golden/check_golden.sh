#!/usr/bin/env bash
# Golden test for one sample: scaffold it (all formats) into a temp dir and compare with
# tests/golden/<sample>/expected byte for byte. Missing and extra files both fail.
# Regenerate with scripts/update-golden.sh — and read the diff before committing it.
set -euo pipefail
BIN=$1; SRC=$2; NAME=$3
expected="$SRC/tests/golden/$NAME/expected"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
[ -d "$expected" ] || { echo "FAIL $NAME: no expected output (run scripts/update-golden.sh)"; exit 1; }
# Run from the repository root with a relative spec path: generated headers name it.
(cd "$SRC" && "$BIN" scaffold --spec "samples/$NAME.yaml" --out "$work/out" --quiet)
if diff -ru "$expected" "$work/out"; then
  echo "PASS $NAME ($(find "$expected" -type f | wc -l) files)"
else
  echo "FAIL $NAME: output differs from tests/golden/$NAME/expected (see diff above)"
  exit 1
fi
