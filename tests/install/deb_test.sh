#!/usr/bin/env bash
# `cpack -G DEB` builds a Debian package holding the binary, the docs and the JSON Schema,
# with its run-time library dependencies (dpkg-shlibdeps) in Depends.
# usage: deb_test.sh BUILD_DIR
set -euo pipefail
BUILD=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/schemashift-deb.XXXXXX"); trap 'rm -rf "$work"' EXIT
(cd "$BUILD" && cpack -G DEB -B "$work" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; exit 1; }
deb=$(find "$work" -maxdepth 1 -name 'schemashift_*.deb' | head -1)
[ -n "$deb" ] || { echo "FAIL: no .deb in $work"; cat "$work/cpack.log"; ls "$work"; exit 1; }
dpkg-deb -c "$deb" > "$work/contents.txt"
for f in ./usr/bin/schemashift ./usr/share/doc/schemashift/README.md ./usr/share/schemashift/schemas/change.schema.json; do
  grep -q " $f\$" "$work/contents.txt" || { echo "FAIL: $f not in $(basename "$deb")"; cat "$work/contents.txt"; exit 1; }
done
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libpq5 libtinyxml2 libstdc++6 libc6; do
  case "$depends" in *"$lib"*) ;; *) echo "FAIL: Depends lacks $lib: $depends"; exit 1 ;; esac
done
# yaml-cpp is linked statically and fmt used header-only (CMakeLists.txt: start-up cost), so
# the package must not pull them in.
for lib in libyaml-cpp libfmt; do
  case "$depends" in *"$lib"*) echo "FAIL: Depends lists $lib, which the binary does not load: $depends"; exit 1 ;; esac
done
# The packaged binary runs and knows its formats.
mkdir "$work/x" && dpkg-deb -x "$deb" "$work/x"
"$work/x/usr/bin/schemashift" formats | grep -q '^sql ' || { echo "FAIL: packaged binary lists no sql format"; exit 1; }
echo "PASS: $(basename "$deb"): $(grep -c . "$work/contents.txt") entries; Depends: $depends"
