#!/usr/bin/env bash
# Stand-in for the schemashift binary, so that the spec mode of framework_roundtrip.sh
# (schema: lookup, scaffold call, skip when a backend is missing) is tested without the
# real generator:
#   fake-scaffold.sh scaffold --spec SPEC --out OUT [--format LIST]
# "generates" by copying, from the directory named by the spec's `fixture:` key (relative
# to the spec), the sub-directories listed in its `fixture_formats:` key into OUT.
set -euo pipefail
[ "${1:-}" = scaffold ] || { echo "fake-scaffold: only 'scaffold' is supported" >&2; exit 2; }
shift
spec="" out=""
while [ $# -gt 0 ]; do
  case $1 in
    --spec) spec=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --format) shift 2 ;;
    *) echo "fake-scaffold: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$spec" ] && [ -n "$out" ] || { echo "fake-scaffold: --spec and --out are required" >&2; exit 2; }
src=$(sed -n -E 's/^fixture:[[:space:]]*([^[:space:]#]+).*/\1/p' "$spec")
formats=$(sed -n -E 's/^fixture_formats:[[:space:]]*([^#]*).*/\1/p' "$spec")
[ -n "$src" ] && [ -n "$formats" ] || { echo "fake-scaffold: $spec needs 'fixture:' and 'fixture_formats:'" >&2; exit 2; }
src=$(dirname "$spec")/$src
mkdir -p "$out"
for f in $formats; do
  cp -R "$src/$f" "$out/"
done
echo "fake-scaffold: copied $formats from $src to $out"
