#!/usr/bin/env bash
# The lint corpus test: `schemashift lint` over the synthetic migration histories in
# tests/lint/corpus/<project>/ (see its README.md).
#
#   tests/lint/corpus_test.sh BIN PROJECT      check one project (ctest runs one per project)
#   tests/lint/corpus_test.sh BIN generator    the committed files equal generate.py's output
#   tests/lint/corpus_test.sh --update BIN     rewrite tests/lint/corpus-golden/*.txt
#                                              (called by scripts/update-golden.sh)
#
# A project check:
#   1. `schemashift lint --color never PROJECT`, run inside tests/lint/corpus so paths are
#      relative, must print exactly tests/lint/corpus-golden/PROJECT.txt; that file ends
#      with a "# exit code: N" line, so the exit code is part of the golden output;
#   2. the exit code is 0, 1 or 4 (no syntax error, no crash, no environment error);
#   3. `--format json` passes corpus/check_lint_json.py: every file parsed, every file has
#      statements, and their number equals an independent count of the file's statements.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
corpus=$here/corpus
golden=$here/corpus-golden
PROJECTS=(shop-flyway saas-sqlx blog-migrate ops-psql diesel-app)

absolute() { (cd "$(dirname "$1")" && printf '%s/%s\n' "$(pwd)" "$(basename "$1")"); }

# human_output BIN PROJECT: the golden text of one project (stdout, then the exit code).
human_output() {
  local bin=$1 project=$2 code
  (cd "$corpus" && "$bin" lint --color never "$project" 2>/dev/null)
  code=$?
  printf '# exit code: %d\n' "$code"
}

update() {
  local bin project
  bin=$(absolute "$1")
  mkdir -p "$golden"
  for project in "${PROJECTS[@]}"; do
    human_output "$bin" "$project" >"$golden/$project.txt"
    echo "updated tests/lint/corpus-golden/$project.txt ($(tail -n1 "$golden/$project.txt"))"
  done
}

check_project() {
  local bin=$1 project=$2 work code failed=0
  work=$(mktemp -d "${TMPDIR:-/tmp}/lint-corpus.XXXXXX")
  trap 'rm -rf "$work"' RETURN

  human_output "$bin" "$project" >"$work/human.txt"
  code=$(tail -n1 "$work/human.txt" | sed 's/^# exit code: //')
  case $code in
    0|1|4) ;;
    *) echo "FAIL: lint $project exited $code (expected 0, 1 or 4); stderr:" >&2
       (cd "$corpus" && "$bin" lint --color never "$project" 2>&1 >/dev/null | tail -n 20) >&2
       failed=1 ;;
  esac

  if [ ! -f "$golden/$project.txt" ]; then
    echo "FAIL: no golden file tests/lint/corpus-golden/$project.txt (scripts/update-golden.sh writes it)" >&2
    failed=1
  elif ! diff -u "$golden/$project.txt" "$work/human.txt" >"$work/diff"; then
    echo "FAIL: lint output for $project differs from tests/lint/corpus-golden/$project.txt:" >&2
    head -n 80 "$work/diff" >&2
    echo "(if the change is intended: scripts/update-golden.sh, then review git diff tests/lint/corpus-golden)" >&2
    failed=1
  fi

  (cd "$corpus" && "$bin" lint --format json "$project" >"$work/lint.json" 2>"$work/json.err")
  code=$?
  case $code in
    0|1|4) python3 "$corpus/check_lint_json.py" "$corpus/$project" "$work/lint.json" || failed=1 ;;
    *) echo "FAIL: lint --format json $project exited $code:" >&2; tail -n 20 "$work/json.err" >&2; failed=1 ;;
  esac
  return $failed
}

if [ "${1:-}" = --update ]; then
  [ $# -eq 2 ] || { echo "usage: $0 --update BIN" >&2; exit 64; }
  [ -x "$2" ] || { echo "no binary at $2" >&2; exit 1; }
  update "$2"
  exit 0
fi

[ $# -eq 2 ] || { sed -n '2,9s/^# \{0,1\}//p' "$0" >&2; exit 64; }
bin=$(absolute "$1")
[ -x "$bin" ] || { echo "no binary at $1" >&2; exit 1; }
case $2 in
  generator) exec python3 "$corpus/generate.py" --check ;;
  *) [ -d "$corpus/$2" ] || { echo "no project $2 in $corpus" >&2; exit 64; }
     check_project "$bin" "$2" ;;
esac
