#!/usr/bin/env bash
# Every golden case must belong to a sample, and every sample must have a golden case.
set -euo pipefail
SRC=$1; bad=0
for d in "$SRC"/tests/golden/*/; do
  name=$(basename "$d")
  [ -f "$SRC/samples/$name.yaml" ] || { echo "orphaned golden case: tests/golden/$name"; bad=1; }
done
for s in "$SRC"/samples/*.yaml; do
  name=$(basename "$s" .yaml)
  [ -d "$SRC/tests/golden/$name/expected" ] || { echo "sample without golden output: $name"; bad=1; }
done
[ $bad = 0 ] && echo "golden cases and samples match"
exit $bad
