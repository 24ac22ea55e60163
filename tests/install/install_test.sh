#!/usr/bin/env bash
# Installs the build into a temporary prefix and checks that the installed binary works on
# its own: copied to a directory with no source tree (nothing of the build or source tree
# is on its path or next to it), it lists every format and scaffolds every sample, with
# every format, byte-identical to tests/golden/ (through check_golden.sh, the golden test's
# own comparison).
# usage: install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
BUILD=$1; SRC=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/schemashift-install.XXXXXX"); trap 'rm -rf "$work"' EXIT

cmake --install "$BUILD" --prefix "$work/prefix" --strip >"$work/install.log" || { cat "$work/install.log"; exit 1; }
for f in bin/schemashift share/doc/schemashift/README.md share/doc/schemashift/design.md \
         share/schemashift/schemas/change.schema.json; do
  [ -f "$work/prefix/$f" ] || { echo "FAIL: $f is not installed"; find "$work/prefix" -type f; exit 1; }
done

# The binary alone, moved away from the prefix too: it must need no data directory.
mkdir -p "$work/elsewhere"
cp "$work/prefix/bin/schemashift" "$work/elsewhere/schemashift"
BIN=$work/elsewhere/schemashift
rm -rf "$work/prefix"
# Nothing may point back at the trees it was built from (formats were found through the
# compiled-in source path before: issue 9).
if grep -aqF "$SRC/formats" "$BIN" || grep -aqF "$SRC/templates" "$BIN"; then
  echo "FAIL: the installed binary names $SRC/formats or $SRC/templates"; exit 1
fi

# A stand-in for the repository root holding only what check_golden.sh reads: the samples
# (specs name their schema relative to themselves) and the expected files.
root=$work/root
mkdir -p "$root/tests"
cp -r "$SRC/samples" "$root/samples"
cp -r "$SRC/tests/golden" "$root/tests/golden"

"$BIN" formats > "$work/formats.txt"
expected_formats=$(ls "$SRC/formats" | sed -n 's/\.yaml$//p' | grep -vx preview | sort | tr '\n' ' ')
listed=$(awk '/^[a-z]/ { print $1 }' "$work/formats.txt" | sort | tr '\n' ' ')
if [ "$listed" != "$expected_formats" ]; then
  echo "FAIL: 'schemashift formats' lists [$listed], expected [$expected_formats]"; cat "$work/formats.txt"; exit 1
fi

failed=0
for spec in "$root"/samples/*.yaml; do
  name=$(basename "$spec" .yaml)
  bash "$SRC/tests/golden/check_golden.sh" "$BIN" "$root" "$name" || failed=1
done
[ "$failed" = 0 ] || { echo "FAIL: the installed binary's output differs from tests/golden"; exit 1; }
echo "PASS: installed binary, no source tree: formats listed, every sample byte-identical to tests/golden"
