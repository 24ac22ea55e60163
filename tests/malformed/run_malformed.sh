#!/usr/bin/env bash
# Malformed-spec tests: every tests/malformed/cases/*.yaml must be rejected by
# `schemashift scaffold` with exit code 2, nothing written, and exactly the errors its
# header declares.
#
# usage: run_malformed.sh BIN CASES_DIR [FILTER]
#
#   FILTER  run only the case whose name (file name without .yaml) matches this shell
#           pattern, or one of the command-line checks: cli-plan-exit, cli-issue-not-found,
#           cli-issue-ambiguous. Without FILTER everything runs.
#
# Case header (comment lines anywhere in the file, conventionally at the top):
#   # expect: LINE:COL CODE          one per expected error; the printed errors
#                                    (file:line:col: error: ... [code]) must match
#                                    this list exactly; warnings are ignored
#   # expect-hint: LINE:COL TEXT     optional: the hint printed under the error at
#                                    LINE:COL must contain TEXT
#
# Errors whose code is unknown-key, unknown-column, unknown-table or unknown-operation
# must be followed by a `  hint:` line (did-you-mean / what exists).
set -u

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 BIN CASES_DIR [FILTER]" >&2
  exit 64
fi
BIN=$1
CASES_DIR=${2%/}
FILTER=${3:-}
SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
SAMPLES_DIR=${SCHEMASHIFT_SAMPLES:-$SCRIPT_DIR/../../samples}

if [ ! -x "$BIN" ]; then
  echo "FAIL setup: $BIN is not an executable" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

export NO_COLOR=1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/malformed.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

passed=0
failed=0
ok() { echo "ok $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

# Fresh scratch directory per check, so a leftover of one cannot hide another's.
fresh_tmp() {
  local d
  d=$(mktemp -d "$WORK/t.XXXXXX")
  echo "$d"
}

# Nothing may be written: neither the output directory nor a staging directory beside it.
check_nothing_written() {  # TMP -> prints the problem, if any
  local tmp=$1
  if [ -e "$tmp/out" ]; then
    echo "output directory was created ($(cd "$tmp" && find out | head -5 | tr '\n' ' '))"
    return
  fi
  local staging
  staging=$(find "$tmp" -maxdepth 1 -name '.out.staging*' -printf '%f ' | head -c 200)
  if [ -n "$staging" ]; then
    echo "staging directory left behind: $staging"
  fi
}

run_case() {  # CASE_FILE
  local file=$1 name tmp rc why=""
  name=$(basename "$file" .yaml)
  tmp=$(fresh_tmp)

  local expected
  expected=$(sed -n 's/^#[[:space:]]*expect:[[:space:]]*\([0-9]*:[0-9]*\)[[:space:]]\{1,\}\([a-z0-9-]*\)[[:space:]]*$/\1 \2/p' "$file" | sort)
  if [ -z "$expected" ]; then
    fail "$name" "no '# expect: LINE:COL code' header"
    return
  fi
  local bad_header
  bad_header=$(grep -E '^#[[:space:]]*expect:' "$file" |
               grep -vE '^#[[:space:]]*expect:[[:space:]]*[0-9]+:[0-9]+[[:space:]]+[a-z0-9-]+[[:space:]]*$' | head -1)
  if [ -n "$bad_header" ]; then
    fail "$name" "malformed header line: $bad_header"
    return
  fi

  "$BIN" scaffold --spec "$file" --out "$tmp/out" >"$tmp/stdout" 2>"$tmp/stderr"
  rc=$?

  if [ "$rc" -ne 2 ]; then
    why="exit code $rc, expected 2"
    if [ "$rc" -gt 128 ]; then why="$why (killed by signal $((rc - 128)): crash)"; fi
  fi
  local written
  written=$(check_nothing_written "$tmp")
  if [ -n "$written" ]; then why="${why:+$why; }$written"; fi

  # Error lines: "<file>:<line>:<col>: error: <message> [<code>]".
  local base re actual unlocated
  base=$(basename "$file")
  re='^(.*):([0-9]+):([0-9]+): error: .*\[([a-z0-9-]+)\]$'
  actual=""
  unlocated=""
  local lines=() i=0 n
  mapfile -t lines <"$tmp/stderr"
  n=${#lines[@]}
  declare -A hint_at=()
  for ((i = 0; i < n; i++)); do
    local line=${lines[$i]}
    if [[ $line =~ $re ]]; then
      local f=${BASH_REMATCH[1]} pos="${BASH_REMATCH[2]}:${BASH_REMATCH[3]}" code=${BASH_REMATCH[4]}
      local next=""
      if ((i + 1 < n)); then next=${lines[$((i + 1))]}; fi
      if [ "$(basename "$f")" != "$base" ]; then
        why="${why:+$why; }error names file '$f', not the spec"
      fi
      actual+="$pos $code"$'\n'
      if [[ $next == "  hint: "* ]]; then
        hint_at[$pos]=${next#  hint: }
      fi
      case $code in
        unknown-key | unknown-column | unknown-table | unknown-operation)
          if [[ $next != "  hint: "* ]]; then
            why="${why:+$why; }$pos [$code] has no hint line"
          fi
          ;;
      esac
    elif [[ $line == *": error: "* || $line == "error: "* ]]; then
      unlocated+="$line"$'\n'
    fi
  done
  actual=$(printf '%s' "$actual" | sort)

  if [ -n "$unlocated" ]; then
    why="${why:+$why; }error without file:line:col: $(printf '%s' "$unlocated" | head -1)"
  fi
  if [ "$actual" != "$expected" ]; then
    local missing extra dup
    missing=$(comm -23 <(echo "$expected") <(echo "$actual" | sort -u) | tr '\n' ',' | sed 's/,$//; s/,/, /g')
    extra=$(comm -13 <(echo "$expected") <(echo "$actual" | sort -u) | tr '\n' ',' | sed 's/,$//; s/,/, /g')
    dup=$(echo "$actual" | uniq -d | tr '\n' ',' | sed 's/,$//; s/,/, /g')
    [ -n "$missing" ] && why="${why:+$why; }missing error(s): $missing"
    [ -n "$extra" ] && why="${why:+$why; }unexpected error(s): $extra"
    [ -n "$dup" ] && why="${why:+$why; }reported twice: $dup"
  fi

  # Optional hint expectations.
  local hint_line
  while IFS= read -r hint_line; do
    [ -z "$hint_line" ] && continue
    local hpos htext
    hpos=${hint_line%% *}
    htext=${hint_line#* }
    if [ -z "${hint_at[$hpos]+x}" ]; then
      why="${why:+$why; }no hint for the error at $hpos (expected one containing \"$htext\")"
    elif [[ ${hint_at[$hpos]} != *"$htext"* ]]; then
      why="${why:+$why; }hint at $hpos is \"${hint_at[$hpos]}\", expected it to contain \"$htext\""
    fi
  done < <(sed -n 's/^#[[:space:]]*expect-hint:[[:space:]]*\([0-9]*:[0-9]*\)[[:space:]]\{1,\}\(.*[^[:space:]]\)[[:space:]]*$/\1 \2/p' "$file")

  if [ -n "$why" ]; then
    fail "$name" "$why"
    if [ -n "${MALFORMED_VERBOSE:-}" ]; then sed 's/^/    | /' "$tmp/stderr"; fi
  else
    ok "$name"
  fi
}

# `plan` rejects an invalid spec the same way.
check_plan_exit() {  # FIRST_CASE
  local name=cli-plan-exit tmp rc
  tmp=$(fresh_tmp)
  if [ -z "$1" ]; then
    fail "$name" "no case to run"
    return
  fi
  "$BIN" plan --spec "$1" >"$tmp/stdout" 2>"$tmp/stderr"
  rc=$?
  if [ "$rc" -ne 2 ]; then
    fail "$name" "plan --spec $(basename "$1") exited $rc, expected 2"
  elif ! grep -q ': error: ' "$tmp/stderr"; then
    fail "$name" "plan --spec $(basename "$1") printed no error"
  else
    ok "$name"
  fi
}

# --issue with no matching spec: exit 2 and list the specs that were found.
check_issue_not_found() {
  local name=cli-issue-not-found tmp rc why="" spec
  tmp=$(fresh_tmp)
  "$BIN" scaffold --issue 999999 --changes "$SAMPLES_DIR" --out "$tmp/out" >"$tmp/stdout" 2>"$tmp/stderr"
  rc=$?
  [ "$rc" -ne 2 ] && why="exit code $rc, expected 2"
  local written
  written=$(check_nothing_written "$tmp")
  [ -n "$written" ] && why="${why:+$why; }$written"
  grep -q '999999' "$tmp/stderr" || why="${why:+$why; }message does not mention issue 999999"
  local found=0
  for spec in "$SAMPLES_DIR"/*.yaml; do
    [ -e "$spec" ] || continue
    grep -qE '^issue:' "$spec" || continue
    found=$((found + 1))
    grep -qF "$(basename "$spec")" "$tmp/stderr" || why="${why:+$why; }$(basename "$spec") not listed"
  done
  [ "$found" -eq 0 ] && why="${why:+$why; }no specs in $SAMPLES_DIR to check against"
  if [ -n "$why" ]; then fail "$name" "$why"; else ok "$name"; fi
}

# --issue claimed by two specs: exit 2 and name both.
check_issue_ambiguous() {
  local name=cli-issue-ambiguous tmp rc why=""
  tmp=$(fresh_tmp)
  local src="$SAMPLES_DIR/234-contact-enrichment.yaml"
  if [ ! -f "$src" ]; then
    fail "$name" "$src not found"
    return
  fi
  mkdir -p "$tmp/changes"
  cp "$src" "$tmp/changes/234-contact-enrichment.yaml"
  cp "$src" "$tmp/changes/234-contact-enrichment-copy.yaml"
  cp "$SAMPLES_DIR/schema.sql" "$tmp/changes/" 2>/dev/null
  "$BIN" scaffold --issue 234 --changes "$tmp/changes" --out "$tmp/out" >"$tmp/stdout" 2>"$tmp/stderr"
  rc=$?
  [ "$rc" -ne 2 ] && why="exit code $rc, expected 2"
  local written
  written=$(check_nothing_written "$tmp")
  [ -n "$written" ] && why="${why:+$why; }$written"
  grep -qF '234-contact-enrichment.yaml' "$tmp/stderr" || why="${why:+$why; }234-contact-enrichment.yaml not listed"
  grep -qF '234-contact-enrichment-copy.yaml' "$tmp/stderr" || why="${why:+$why; }234-contact-enrichment-copy.yaml not listed"
  if [ -n "$why" ]; then fail "$name" "$why"; else ok "$name"; fi
}

shopt -s nullglob
cases=("$CASES_DIR"/*.yaml)
shopt -u nullglob
if [ ${#cases[@]} -eq 0 ]; then
  fail setup "no cases in $CASES_DIR"
fi

ran=0
for c in "${cases[@]}"; do
  cname=$(basename "$c" .yaml)
  # shellcheck disable=SC2053  # FILTER is a pattern on purpose
  if [ -z "$FILTER" ] || [[ $cname == $FILTER ]]; then
    run_case "$c"
    ran=$((ran + 1))
  fi
done
first=${cases[0]:-}
if [ -z "$FILTER" ] || [ "$FILTER" = cli-plan-exit ]; then check_plan_exit "$first"; ran=$((ran + 1)); fi
if [ -z "$FILTER" ] || [ "$FILTER" = cli-issue-not-found ]; then check_issue_not_found; ran=$((ran + 1)); fi
if [ -z "$FILTER" ] || [ "$FILTER" = cli-issue-ambiguous ]; then check_issue_ambiguous; ran=$((ran + 1)); fi
if [ "$ran" -eq 0 ]; then
  fail "$FILTER" "filter matched no case"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
