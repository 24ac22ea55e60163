#!/usr/bin/env bash
# Lint throughput and cold start: `schemashift lint` against squawk on the same files, in
# the same run. Not part of ctest: timings depend on the machine.
#
# Usage: bench/lint_bench.sh [--bin PATH] [--squawk PATH] [--copies N] [--runs N] [-n RUNS]
#   --bin PATH      schemashift binary (default build/schemashift, or $BIN)
#   --squawk PATH   squawk binary (default: the native binary npm installed under tools/,
#                   see scripts/install-deps.sh; or $SQUAWK)
#   --copies N      copies of tests/lint/corpus (default: enough for >= 5,000 files and >= 10 MB)
#   --runs N        timed runs over the large corpus per tool (default 3, or $RUNS); the median counts
#   -n RUNS         timed cold-start runs per tool (default 30, or $COLD_RUNS)
#   --shared DIR    also measure on DIR (default: /work/shared/corpus or ../shared/corpus if present)
#
# Throughput: tests/lint/corpus/* (four synthetic migration histories) copied N times into
# a temporary directory; each tool lints all of it in one process with JSON output to
# /dev/null: `schemashift lint --format json DIR` and `squawk --reporter json 'DIR/**/*.sql'`
# (squawk takes files or glob patterns, not directories), then again with each tool's
# default terminal output (human / tty). One untimed warm-up run each, so
# both read from the page cache. Wall and CPU (user + system) seconds from GNU time, median
# of --runs runs; peak RSS is the largest of those runs.
# Cold start: one one-statement file, hyperfine --shell=none (or a bash loop), for
# schemashift, the native squawk binary and squawk's npm launcher (node + the binary).
# Exit codes from findings (schemashift 1/4, squawk 1) are expected and not errors.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-build/schemashift}
SQUAWK=${SQUAWK:-}
COPIES=""
RUNS=${RUNS:-3}
COLD_RUNS=${COLD_RUNS:-30}
SHARED=""
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) BIN=$2; shift 2 ;;
    --squawk) SQUAWK=$2; shift 2 ;;
    --copies) COPIES=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    -n) COLD_RUNS=$2; shift 2 ;;
    --shared) SHARED=$2; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
for v in RUNS COLD_RUNS; do
  case "${!v}" in ''|*[!0-9]*|0) echo "$v must be a positive integer" >&2; exit 2 ;; esac
done
case "$COPIES" in ''|[1-9]*) ;; *) echo "--copies must be a positive integer" >&2; exit 2 ;; esac

[ -x "$BIN" ] || { echo "no binary at $BIN: build first (cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build)" >&2; exit 1; }
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
SQUAWK_NATIVE=tools/node_modules/@squawk-cli/linux-x64/bin/squawk
SQUAWK_LAUNCHER=tools/node_modules/.bin/squawk
if [ -z "$SQUAWK" ]; then
  if [ -x "$SQUAWK_NATIVE" ]; then SQUAWK=$SQUAWK_NATIVE; else SQUAWK=$SQUAWK_LAUNCHER; fi
fi
[ -x "$SQUAWK" ] || { echo "no squawk at $SQUAWK: run scripts/install-deps.sh (npm install squawk-cli@2.66.0 into tools/)" >&2; exit 1; }
SQUAWK=$(cd "$(dirname "$SQUAWK")" && pwd)/$(basename "$SQUAWK")
TIME_BIN=/usr/bin/time
"$TIME_BIN" -f %e true >/dev/null 2>&1 || { echo "GNU time is missing (apt-get install time)" >&2; exit 1; }
USE_HYPERFINE=1
command -v hyperfine >/dev/null 2>&1 || USE_HYPERFINE=0

WORK=$(mktemp -d "${TMPDIR:-/tmp}/schemashift-lint-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

CORPUS=tests/lint/corpus
PROJECTS=(shop-flyway saas-sqlx blog-migrate ops-psql)

sql_files() { find "$1" -type f -name '*.sql' | wc -l; }
sql_bytes() { find "$1" -type f -name '*.sql' -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'; }

# assemble DIR COPIES: COPIES copies of the four corpus projects under DIR/copy-NNNN/.
assemble() {
  local dir=$1 copies=$2 i
  mkdir -p "$dir"
  for ((i = 1; i <= copies; i++)); do
    local dest
    dest=$(printf '%s/copy-%04d' "$dir" "$i")
    mkdir -p "$dest"
    for p in "${PROJECTS[@]}"; do cp -r "$CORPUS/$p" "$dest/"; done
  done
}

# timed_runs NAME CMD...: RUNS runs under GNU time; prints "wall cpu rss_kib" (median wall,
# median CPU, largest RSS). Exit codes 0-4 are findings/verdicts, anything else aborts.
timed_runs() {
  local name=$1 i code
  shift
  : >"$WORK/$name.times"
  for ((i = 0; i < RUNS; i++)); do
    set +e
    "$TIME_BIN" -f '%e %U %S %M' -o "$WORK/$name.time" "$@" >/dev/null 2>"$WORK/$name.err"
    code=$?
    set -e
    if [ "$code" -gt 4 ]; then
      echo "$name failed (exit $code):" >&2; tail -n 20 "$WORK/$name.err" >&2; exit 1
    fi
    tail -n 1 "$WORK/$name.time" >>"$WORK/$name.times"
  done
  local wall cpu rss
  wall=$(median < <(awk '{ print $1 }' "$WORK/$name.times"))
  cpu=$(median < <(awk '{ print $2 + $3 }' "$WORK/$name.times"))
  rss=$(awk '$4 > m { m = $4 } END { print m + 0 }' "$WORK/$name.times")
  echo "$wall $cpu $rss"
}

# median: the median of the numbers on stdin, one per line (lower middle for an even count).
median() {
  sort -g | awk '{ v[NR] = $1 } END { printf "%.3f\n", v[int((NR + 1) / 2)] }'
}

# run_quietly CMD...: one untimed run (warm-up); exit codes 0-4 are fine.
run_quietly() {
  local code
  set +e
  "$@" >"$WORK/out" 2>"$WORK/err"
  code=$?
  set -e
  if [ "$code" -gt 4 ]; then echo "failed (exit $code): $*" >&2; tail -n 20 "$WORK/err" >&2; exit 1; fi
}

# sanity DIR: what each tool reported on DIR, to check that the numbers compare like with like.
sanity() {
  local dir=$1
  set +e
  "$BIN" lint --format json "$dir" >"$WORK/ss.json" 2>/dev/null
  "$SQUAWK" --verbose --reporter json "$dir/**/*.sql" >"$WORK/sq.json" 2>"$WORK/sq.log"
  set -e
  python3 - "$WORK/ss.json" "$WORK/sq.json" "$WORK/sq.log" <<'EOF'
import json, sys
ss = json.load(open(sys.argv[1]))
sq = json.load(open(sys.argv[2]))
checked = sum(1 for line in open(sys.argv[3], errors="replace") if "checking file path" in line)
ss_syntax = [f for f in ss["files"] if any(x["rule"] == "syntax-error" for x in f["findings"])]
sq_syntax = [x for x in sq if x["rule_name"] == "syntax-error"]
print(f"  schemashift: {len(ss['files'])} files, {ss['summary']['statements']} statements, "
      f"{ss['summary']['findings']} findings ({ss['summary']['errors']} errors, {ss['summary']['warnings']} warnings, "
      f"{ss['summary']['hints']} hints), {len(ss_syntax)} files with a syntax error")
print(f"  squawk:      {checked} files checked, {len(sq)} findings, {len(sq_syntax)} of them syntax-error "
      f"in {len({x['file'] for x in sq_syntax})} files")
EOF
}

# measure LABEL DIR: throughput of both tools on DIR, once with machine-readable output
# (schemashift --format json, squawk --reporter json) and once with each tool's default
# terminal output (schemashift human --color never, squawk tty); a table row per tool and
# output, and one ratio line per output.
measure() {
  local label=$1 dir=$2 files bytes output ss sq
  files=$(sql_files "$dir")
  bytes=$(sql_bytes "$dir")
  for output in json human; do
    local ss_cmd=("$BIN" lint --color never --format "$output" "$dir")
    local sq_cmd=("$SQUAWK" --reporter "$([ "$output" = json ] && echo json || echo tty)" "$dir/**/*.sql")
    run_quietly "${ss_cmd[@]}"
    run_quietly "${sq_cmd[@]}"
    ss=$(timed_runs schemashift "${ss_cmd[@]}")
    sq=$(timed_runs squawk "${sq_cmd[@]}")
    table_row "$label" "$output" "schemashift" "$ss" "$files" "$bytes"
    table_row "$label" "$output" "squawk" "$sq" "$files" "$bytes"
    echo "$ss $sq $label, $output output" >>"$WORK/ratios"
  done
  echo "what the tools reported on $label:" >>"$WORK/sanity"
  sanity "$dir" >>"$WORK/sanity"
}

# table_row LABEL OUTPUT TOOL "WALL CPU RSS" FILES BYTES
table_row() {
  local wall cpu rss
  read -r wall cpu rss <<<"$4"
  awk -v label="$1" -v output="$2" -v tool="$3" -v wall="$wall" -v cpu="$cpu" -v rss="$rss" -v files="$5" -v bytes="$6" 'BEGIN {
    printf "| %s | %s | %s | %d | %.1f | %.2f | %.2f | %.0f | %.2f | %.0f |\n",
      label, output, tool, files, bytes / 1048576, wall, cpu, files / wall, bytes / 1048576 / wall, rss / 1024
  }' >>"$WORK/table"
}

# cold_start CMD...: mean milliseconds per run of a one-file lint.
cold_start() {
  if [ "$USE_HYPERFINE" = 1 ]; then
    local cmd="" arg
    for arg in "$@"; do cmd+="$(printf '%q' "$arg") "; done
    hyperfine --shell=none --style none --ignore-failure --runs "$COLD_RUNS" --warmup 3 \
      --export-json "$WORK/hf.json" "$cmd" >/dev/null 2>"$WORK/hf.err" || { cat "$WORK/hf.err" >&2; exit 1; }
    python3 - "$WORK/hf.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"{r['mean'] * 1000:.2f} {r['stddev'] * 1000:.2f} {(r['user'] + r['system']) * 1000:.2f}")
EOF
  else
    local i start end
    for ((i = 0; i < 3; i++)); do "$@" >/dev/null 2>&1 || true; done
    start=$(date +%s%N)
    for ((i = 0; i < COLD_RUNS; i++)); do "$@" >/dev/null 2>&1 || true; done
    end=$(date +%s%N)
    awk -v ns=$((end - start)) -v n="$COLD_RUNS" 'BEGIN { printf "%.2f n/a n/a\n", ns / n / 1e6 }'
  fi
}

# ---------------------------------------------------------------- large corpus
base_files=$(sql_files "$CORPUS")
base_bytes=$(sql_bytes "$CORPUS")
if [ -z "$COPIES" ]; then
  COPIES=$(awk -v f="$base_files" -v b="$base_bytes" 'BEGIN {
    byf = int((5000 + f - 1) / f); byb = int((10 * 1048576 + b - 1) / b)
    print (byf > byb ? byf : byb) }')
fi
assemble "$WORK/corpus" "$COPIES"

echo "schemashift: $BIN ($("$BIN" --version 2>/dev/null | head -1 || true))"
echo "squawk:      $SQUAWK ($("$SQUAWK" --version 2>/dev/null | head -1 || true))"
echo "machine:     $(nproc) CPU(s), $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || uname -m), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "corpus:      tests/lint/corpus ($base_files files, $base_bytes bytes) x $COPIES copies; $RUNS timed runs per tool (median)"
echo

: >"$WORK/table"
: >"$WORK/ratios"
: >"$WORK/sanity"
measure "corpus x$COPIES" "$WORK/corpus"

if [ -z "$SHARED" ]; then
  for d in /work/shared/corpus ../shared/corpus; do
    if [ -d "$d" ]; then SHARED=$d; break; fi
  done
fi
if [ -n "$SHARED" ] && [ -d "$SHARED" ]; then
  measure "$(basename "$(dirname "$SHARED")")/$(basename "$SHARED")" "$SHARED"
fi

echo "| corpus | output | tool | files | MB | wall s | CPU s | files/s | MB/s | max RSS MiB |"
echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"
cat "$WORK/table"
echo
# ratios: "ss_wall ss_cpu ss_rss sq_wall sq_cpu sq_rss label"
while read -r ssw ssc _ sqw sqc _ label; do
  awk -v l="$label" -v aw="$ssw" -v ac="$ssc" -v bw="$sqw" -v bc="$sqc" 'BEGIN {
    printf "throughput on %s: squawk time / schemashift time = %.2f wall, %.2f CPU (%s)\n", l, bw / aw, bc / ac,
      (bw > aw ? "schemashift faster" : "squawk faster") }'
done <"$WORK/ratios"
echo
cat "$WORK/sanity"

# ---------------------------------------------------------------- cold start
small=$CORPUS/shop-flyway/V5__add_phone_to_customers.sql
echo
echo "cold start: lint one one-statement file ($small), $COLD_RUNS runs, $([ "$USE_HYPERFINE" = 1 ] && hyperfine --version || echo 'bash loop, mean only')"
echo
echo "| tool | ms/run | ± | CPU ms/run |"
echo "|---|---:|---:|---:|"
read -r ss_ms ss_sd ss_cpu < <(cold_start "$BIN" lint --format json "$small")
read -r sq_ms sq_sd sq_cpu < <(cold_start "$SQUAWK" --reporter json "$small")
echo "| schemashift lint | $ss_ms | $ss_sd | $ss_cpu |"
echo "| squawk (native binary) | $sq_ms | $sq_sd | $sq_cpu |"
if [ -x "$SQUAWK_LAUNCHER" ] && [ "$(cd "$(dirname "$SQUAWK_LAUNCHER")" && pwd -P)" != "$(dirname "$SQUAWK")" ]; then
  read -r sl_ms sl_sd sl_cpu < <(cold_start "$SQUAWK_LAUNCHER" --reporter json "$small")
  echo "| squawk (npm launcher: node + binary) | $sl_ms | $sl_sd | $sl_cpu |"
fi
echo
awk -v a="$ss_ms" -v b="$sq_ms" -v ac="$ss_cpu" -v bc="$sq_cpu" 'BEGIN {
  printf "cold start: squawk time / schemashift time = %.2f wall, %s CPU (%s)\n", b / a,
    (ac + 0 > 0 ? sprintf("%.2f", bc / ac) : "n/a"), (b > a ? "schemashift faster" : "squawk faster") }'
