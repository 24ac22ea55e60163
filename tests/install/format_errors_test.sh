#!/usr/bin/env bash
# A format that cannot be found, or a format that renders no file, is an error: exit 3, a
# message naming where it looked, and nothing written — never "wrote ... (0 files)".
# usage: format_errors_test.sh BIN SAMPLES_DIR
set -uo pipefail
BIN=$1; SAMPLES=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/schemashift-formats.XXXXXX"); trap 'rm -rf "$work"' EXIT
export NO_COLOR=1
spec=$SAMPLES/103-users-email-index.yaml
failed=0
fail() { echo "FAIL: $*"; failed=1; }

# expect NAME CODE TEXT... -- command: runs it; exit code CODE, stderr containing each TEXT,
# and no output directory.
expect() {
  local name=$1 code=$2; shift 2
  local texts=() before=$failed
  failed=0
  while [ "$1" != "--" ]; do texts+=("$1"); shift; done
  shift
  rm -rf "$work/out"
  "$@" >"$work/stdout" 2>"$work/stderr"
  local rc=$?
  [ "$rc" = "$code" ] || fail "$name: exit $rc, expected $code ($(cat "$work/stderr"))"
  for t in "${texts[@]}"; do
    grep -qF -- "$t" "$work/stderr" || fail "$name: stderr lacks '$t': $(cat "$work/stderr")"
  done
  [ ! -e "$work/out" ] || fail "$name: $work/out was written"
  grep -q "wrote" "$work/stdout" && fail "$name: printed $(cat "$work/stdout")"
  [ "$failed" = 1 ] || echo "ok   $name"
  [ "$before" = 0 ] || failed=1
}

mkdir -p "$work/tpl/formats" "$work/tpl/templates/empty" "$work/tpl/templates/permig"
expect "unknown format id" 3 "unknown format 'nosuch'" "<built-in>/formats/nosuch.yaml" "available: " \
  -- "$BIN" scaffold --spec "$spec" --format nosuch --out "$work/out"
expect "unknown format id, --templates searched first" 3 "$work/tpl/formats/nosuch.yaml" "<built-in>/formats/nosuch.yaml" \
  -- "$BIN" scaffold --spec "$spec" --templates "$work/tpl" --format sql,nosuch --out "$work/out"

# Templates that render no file: no rules; a rule whose `when:` is never true.
printf 'id: empty\ndescription: writes nothing\nfiles: []\n' > "$work/tpl/formats/empty.yaml"
expect "format with no file rules" 3 "format 'empty'" "$work/tpl/formats/empty.yaml" "rendered no file" \
  -- "$BIN" scaffold --spec "$spec" --templates "$work/tpl" --format empty --out "$work/out"
printf 'id: permig\nfiles:\n  - {each: migration, path: "x/{{version}}.sql", template: m.mustache, when: no_such_key}\n' \
  > "$work/tpl/formats/permig.yaml"
printf '{{version}}\n' > "$work/tpl/templates/permig/m.mustache"
expect "format whose when: is never true" 3 "format 'permig'" "rendered no file" \
  -- "$BIN" scaffold --spec "$spec" --templates "$work/tpl" --format sql,permig --out "$work/out"
# `plan` lists what scaffold would write, so it fails the same way.
expect "plan with a format that renders no file" 3 "format 'empty'" "rendered no file" \
  -- "$BIN" plan --spec "$spec" --templates "$work/tpl"

# The same formats are fine once they write something.
printf '{{version}}\n' > "$work/tpl/templates/empty/a.mustache"
printf 'id: empty\nfiles:\n  - {each: change, path: a.txt, template: a.mustache}\n' > "$work/tpl/formats/empty.yaml"
"$BIN" scaffold --spec "$spec" --templates "$work/tpl" --format empty --out "$work/out" --quiet \
  || fail "a --templates format that writes a file fails"
[ -f "$work/out/a.txt" ] || fail "a.txt not written"

[ "$failed" = 0 ] && echo "PASS" || exit 1
