#!/bin/sh
# tests/fuzz/run.sh TARGET SECONDS: fuzz one target (spec, schema, lint, render; see
# seeds.txt) with libFuzzer for SECONDS on one core.
#
# Builds the harness with clang in FUZZ_BUILD_DIR (default build-fuzz/ in the source tree:
# the whole tree compiled with -fsanitize=fuzzer-no-link,address,undefined, apart from the
# normal build) unless FUZZ_NO_BUILD=1, then starts from the seeds seeds.txt names and
# regressions/TARGET/. Inputs that find new code collect in FUZZ_BUILD_DIR/fuzz-corpus/TARGET
# (kept between runs); an input that fails is written to FUZZ_BUILD_DIR/fuzz-artifacts/TARGET/
# and the script exits non-zero: fix the bug and copy the input to regressions/TARGET/,
# which the normal test suite replays (ctest -L fuzz).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
target=${1:?usage: run.sh TARGET SECONDS}
seconds=${2:?usage: run.sh TARGET SECONDS}
build=${FUZZ_BUILD_DIR:-$src/build-fuzz}

line=$(grep -E "^$target[[:space:]]" "$here/seeds.txt" || true)
[ -n "$line" ] || { echo "run.sh: unknown target '$target' (see $here/seeds.txt)" >&2; exit 64; }

if [ "${FUZZ_NO_BUILD:-0}" != 1 ]; then
  [ -f "$build/CMakeCache.txt" ] ||
    CXX=${CXX_FUZZ:-clang++} cmake -S "$src" -B "$build" -DSCHEMASHIFT_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build" --target "fuzz_$target" -j"${FUZZ_BUILD_JOBS:-2}"
fi

# The seeds, copied flat (libFuzzer reads every file of a corpus folder): generated at each
# run from the files in the tree rather than kept twice in git.
seeds="$build/fuzz-seeds/$target"
rm -rf "$seeds"
mkdir -p "$seeds" "$build/fuzz-corpus/$target" "$build/fuzz-artifacts/$target"
set -- $line
ext=$2
shift 2
for path in "$@"; do
  find "$src/$path" -type f -name "*$ext" | while read -r f; do
    cp "$f" "$seeds/$(printf '%s' "${f#"$src"/}" | tr '/' '_')"
  done
done

cd "$build"
export LSAN_OPTIONS="suppressions=$here/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
# -max_len: the largest seeds are lint corpus files of ~60 KB; longer inputs add time, not code.
exec "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=3072 \
  -max_len=65536 -print_final_stats=1 -artifact_prefix="$build/fuzz-artifacts/$target/" \
  "$build/fuzz-corpus/$target" "$seeds" "$here/regressions/$target"
