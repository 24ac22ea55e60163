#!/usr/bin/env bash
# One part of the agreement table (tests/verify/agreement/README.md) on the e2e cluster
# (PGHOST/PGPORT/PGUSER from the environment):
#   agreement_test.sh DRIVER SRC rules       the lint rule cases
#   agreement_test.sh DRIVER SRC <project>   one lint corpus history (tests/lint/corpus/<project>)
# Passes when the table equals tests/verify/agreement/<name>.txt and every disagreement is
# listed in known.txt (the driver's exit code). UPDATE=1 writes the table instead.
set -Euo pipefail
DRIVER=$1
SRC=$(realpath "$2")
NAME=$3
HERE=$SRC/tests/verify/agreement
SCRATCH="postgresql://${PGUSER:-postgres}@/postgres?host=$PGHOST&port=$PGPORT"
OUT=$(mktemp "${TMPDIR:-/tmp}/agreement.XXXXXX")
trap 'rm -f "$OUT"' EXIT
if [ "$NAME" = rules ]; then
  (cd "$SRC" && "$DRIVER" "$SCRATCH" rules tests/verify/agreement/rule_cases_schema.sql "$HERE/known.txt") >"$OUT"
else
  (cd "$SRC/tests/lint/corpus" && "$DRIVER" "$SCRATCH" corpus "$NAME" "$HERE/known.txt") >"$OUT"
fi
code=$?
expected=$HERE/$NAME.txt
if [ -n "${UPDATE:-}" ]; then
  cp "$OUT" "$expected"
  echo "wrote $expected (exit $code)"
  exit 0
fi
status=0
if ! diff -u "$expected" "$OUT"; then
  echo "FAIL the table differs from $expected (a prediction or the server's behaviour changed: read the diff)"
  status=1
fi
if [ "$code" != 0 ]; then
  echo "FAIL verify_agreement exit $code: a disagreement not listed in known.txt, or the rehearsal stopped"
  grep -E 'DISAGREE|^# the rehearsal stopped' "$OUT" | head -40
  status=1
fi
tail -3 "$OUT"
exit $status
