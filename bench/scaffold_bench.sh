#!/usr/bin/env bash
# Times `schemashift scaffold` and `schemashift plan` on every sample spec in samples/ and
# prints one Markdown table row per sample: mean wall-clock ms per run, mean CPU (user +
# system) ms per run, and the peak resident set size of one run. Then the same for specs
# generated with 20, 40 and 80 migrations (cost must grow linearly with the number of
# migrations), with the median wall time. Not part of ctest: timings depend on the machine.
#
# Usage: bench/scaffold_bench.sh [-n RUNS] [-w WARMUP] [--bin PATH] [--loop] [--sizes "20 40 80"]
#   -n RUNS      timed runs per command (default 20, or $RUNS)
#   -w WARMUP    untimed runs before timing (default 3, or $WARMUP)
#   --bin PATH   the binary to time (default build/schemashift, or $BIN)
#   --loop       time with the plain bash loop even when hyperfine is installed
#   --sizes LIST numbers of migrations of the generated specs (default "20 40 80"; "" skips)
#
# Timing: hyperfine when installed (mean and standard deviation over RUNS, no shell in
# between: --shell=none); otherwise a bash loop around `date +%s%N` (mean only, includes
# the fork/exec cost) with CPU time from bash's `times`. CPU time barely moves when other
# work shares the machine; wall-clock time does. Peak RSS: GNU time's `-v` "Maximum
# resident set size" of one run.
#
# Issue 9's targets, for the largest sample (samples/234-contact-enrichment.yaml, every
# format): scaffold <= 20 ms wall, plan <= 10 ms wall, peak RSS < 20 MB. The script prints
# them under the table with that sample's figures (see bench/README.md for measured ones).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-20}
WARMUP=${WARMUP:-3}
BIN=${BIN:-build/schemashift}
SIZES=${SIZES-20 40 80}
USE_HYPERFINE=1
while [ $# -gt 0 ]; do
  case "$1" in
    -n) RUNS=$2; shift 2 ;;
    -w) WARMUP=$2; shift 2 ;;
    --bin) BIN=$2; shift 2 ;;
    --loop) USE_HYPERFINE=0; shift ;;
    --sizes) SIZES=$2; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$RUNS" in ''|*[!0-9]*|0) echo "RUNS must be a positive integer" >&2; exit 2 ;; esac
case "$WARMUP" in ''|*[!0-9]*) echo "WARMUP must be a non-negative integer" >&2; exit 2 ;; esac
[ -x "$BIN" ] || { echo "no binary at $BIN: build first (cmake -S . -B build && cmake --build build)" >&2; exit 1; }
if [ "$USE_HYPERFINE" = 1 ] && ! command -v hyperfine >/dev/null 2>&1; then USE_HYPERFINE=0; fi
TIME_BIN=/usr/bin/time
[ -x "$TIME_BIN" ] && "$TIME_BIN" -v true >/dev/null 2>&1 || TIME_BIN=""

WORK=$(mktemp -d "${TMPDIR:-/tmp}/schemashift-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# parse_times_ms FILE: user+system CPU milliseconds of finished children from the output
# of bash's `times` (line 2, e.g. "0m1.234s 0m0.056s"). `times` itself must run in the
# shell that ran the children, so callers write it to a file, never through a pipe or $().
parse_times_ms() {
  awk 'NR == 2 {
    ms = 0
    for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); ms += (p[1] * 60 + p[2]) * 1000 }
    printf "%.0f\n", ms
  }' "$1"
}

# timing <command...>: "wall | cpu", the mean milliseconds per run of wall-clock time and of
# user+system CPU time; with hyperfine the wall time is "mean ± stddev".
# With MEDIAN=1: "wall | median wall | cpu" (the median only with hyperfine, else "n/a").
# With FRESH=DIR: DIR is removed before every run, so each run writes its output anew
# (hyperfine: outside the timed part; the bash loop: inside it).
timing() {
  if [ "$USE_HYPERFINE" = 1 ]; then
    local cmd="" arg prepare=()
    for arg in "$@"; do cmd+="$(printf '%q' "$arg") "; done
    [ -n "${FRESH:-}" ] && prepare=(--prepare "rm -rf $(printf '%q' "$FRESH")")
    # Its "statistical outliers" warnings would break up the table: shown only on failure.
    hyperfine --shell=none --style none --runs "$RUNS" --warmup "$WARMUP" "${prepare[@]}" \
      --export-json "$WORK/hf.json" "$cmd" >/dev/null 2>"$WORK/hf.err" || { cat "$WORK/hf.err" >&2; return 1; }
    python3 - "$WORK/hf.json" "${MEDIAN:-0}" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
median = f" | {r['median'] * 1000:.2f}" if sys.argv[2] == "1" else ""
print(f"{r['mean'] * 1000:.2f} ± {r['stddev'] * 1000:.2f}{median} | {(r['user'] + r['system']) * 1000:.2f}")
EOF
  else
    local i start end cpu_start cpu_end
    for ((i = 0; i < WARMUP; i++)); do "$@" >/dev/null 2>&1; done
    times >"$WORK/times.start"
    start=$(date +%s%N)
    for ((i = 0; i < RUNS; i++)); do
      [ -z "${FRESH:-}" ] || rm -rf "$FRESH"
      "$@" >/dev/null 2>&1
    done
    end=$(date +%s%N)
    times >"$WORK/times.end"
    cpu_start=$(parse_times_ms "$WORK/times.start")
    cpu_end=$(parse_times_ms "$WORK/times.end")
    awk -v ns=$((end - start)) -v cpu=$((cpu_end - cpu_start)) -v n="$RUNS" -v median="${MEDIAN:-0}" \
      'BEGIN { printf "%.2f%s | %.2f\n", ns / n / 1e6, median == 1 ? " | n/a" : "", cpu / n }'
  fi
}

# max_rss_kib <command...>: peak resident set size of one run, in KiB.
max_rss_kib() {
  if [ -z "$TIME_BIN" ]; then echo "n/a"; return; fi
  [ -z "${FRESH:-}" ] || rm -rf "$FRESH"
  "$TIME_BIN" -v -o "$WORK/time.txt" "$@" >/dev/null 2>&1
  awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/time.txt"
}

tool="bash loop (date +%s%N)"
[ "$USE_HYPERFINE" = 1 ] && tool="$(hyperfine --version)"
echo "binary: $BIN ($("$BIN" --version 2>/dev/null | head -1 || true))"
echo "runs: $RUNS per command after $WARMUP warm-up runs; timing: $tool; RSS: ${TIME_BIN:-unavailable} -v"
echo "machine: $(nproc) CPU(s), $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || uname -m)"
echo
# "scaffold": every run writes a new output directory (the previous one removed first).
# "again": scaffold into the directory it already wrote, which it finds up to date and
# leaves alone (no file rewritten), the common case of re-running an unchanged spec.
echo "| sample | scaffold ms/run | scaffold CPU ms/run | plan ms/run | plan CPU ms/run | scaffold max RSS (KiB) | plan max RSS (KiB) | scaffold again ms/run | again CPU ms/run |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for spec in samples/*.yaml; do
  name=$(basename "$spec" .yaml)
  out="$WORK/out-$name"
  scaffold=("$BIN" scaffold --spec "$spec" --out "$out" --quiet --color never)
  plan=("$BIN" plan --spec "$spec" --color never)
  # A failing sample would time the error path: check both commands once first.
  "${scaffold[@]}" >/dev/null 2>"$WORK/err" || { echo "scaffold failed on $spec:" >&2; cat "$WORK/err" >&2; exit 1; }
  "${plan[@]}" >/dev/null 2>"$WORK/err" || { echo "plan failed on $spec:" >&2; cat "$WORK/err" >&2; exit 1; }
  row="| $name | $(FRESH=$out timing "${scaffold[@]}") | $(timing "${plan[@]}") | $(FRESH=$out max_rss_kib "${scaffold[@]}") | $(max_rss_kib "${plan[@]}") | $(timing "${scaffold[@]}") |"
  echo "$row"
  if [ "$name" = 234-contact-enrichment ]; then target_row=$row; fi
done
if [ -n "${target_row:-}" ]; then
  # Columns of the row: name, scaffold wall, scaffold CPU, plan wall, plan CPU, RSS, RSS, again, again CPU.
  echo
  echo "${target_row% |}" | awk -F' [|] ' '{
    printf "issue 9 targets (234-contact-enrichment): scaffold <= 20 ms wall (measured %s, CPU %s), plan <= 10 ms wall (measured %s, CPU %s), peak RSS < 20 MB (scaffold %s KiB, plan %s KiB)\n", $2, $3, $4, $5, $6, $7
  }'
fi

# Generated specs: N/2 pairs of (add a column, index it concurrently) on users; each index
# build is a migration of its own, so the spec plans into N migrations. Written here, never
# committed, next to a copy of samples/schema.sql.
[ -n "$SIZES" ] || exit 0
cp samples/schema.sql "$WORK/schema.sql"
gen_spec() {
  local n=$1 i
  {
    echo "issue: 9$n"
    echo "title: Generated change with $n migrations"
    echo "purpose: Scaling benchmark (bench/scaffold_bench.sh)."
    echo "author: Bench <bench@example.com>"
    echo "created: 2024-03-01T10:00:00Z"
    echo "schema: schema.sql"
    echo "rows: {users: 2000000}"
    echo "operations:"
    for ((i = 1; i <= n / 2; i++)); do
      echo "  - add_column: {table: users, column: {name: bench_$i, type: integer, nullable: true}}"
      echo "  - add_index: {table: users, name: idx_users_bench_$i, columns: [bench_$i]}"
    done
  } >"$WORK/gen-$n.yaml"
}
echo
echo "| generated spec | migrations | scaffold ms/run | scaffold median ms | scaffold CPU ms/run | plan ms/run | plan median ms | plan CPU ms/run | scaffold max RSS (KiB) | plan max RSS (KiB) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $SIZES; do
  gen_spec "$n"
  spec=$WORK/gen-$n.yaml
  scaffold=("$BIN" scaffold --spec "$spec" --out "$WORK/out-gen-$n" --quiet --color never)
  plan=("$BIN" plan --spec "$spec" --color never)
  "${scaffold[@]}" >/dev/null 2>"$WORK/err" || { echo "scaffold failed on $spec:" >&2; cat "$WORK/err" >&2; exit 1; }
  migrations=$(find "$WORK/out-gen-$n/sql" -name '*.up.sql' | wc -l)
  echo "| gen-$n | $migrations | $(MEDIAN=1 FRESH="$WORK/out-gen-$n" timing "${scaffold[@]}") | $(MEDIAN=1 timing "${plan[@]}") | $(FRESH="$WORK/out-gen-$n" max_rss_kib "${scaffold[@]}") | $(max_rss_kib "${plan[@]}") |"
done
