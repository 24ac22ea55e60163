#!/usr/bin/env bash
# The README's first command: install everything, build, preview and scaffold the shipped
# sample for issue 234 (the contact-enrichment migration) into migrations/issue-234/, then
# run it against a throw-away PostgreSQL 15 (started in build/demo-pg, removed at the end):
# run --dry-run, run, status, history, revert, history.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo > build.log 2>&1 || { cat build.log; exit 1; }
cmake --build build -j"$(nproc)" >> build.log 2>&1 || { tail -50 build.log; exit 1; }
ss=./build/schemashift

step() { if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then printf '\n\033[1m$ %s\033[0m\n' "$*"; else printf '\n$ %s\n' "$*"; fi; }

step "schemashift plan --issue 234 --changes samples"
$ss plan --issue 234 --changes samples
step "schemashift scaffold --issue 234 --changes samples"
$ss scaffold --issue 234 --changes samples

# A throw-away database holding the sample's current schema (samples/schema.sql) and rows.
pgdir=$(pwd)/build/demo-pg
./scripts/pg-test-cluster.sh start "$pgdir" 5432 >/dev/null
trap './scripts/pg-test-cluster.sh stop "$pgdir" >/dev/null 2>&1 || true' EXIT
eval "$(./scripts/pg-test-cluster.sh env "$pgdir" 5432 | sed 's/^/export /')"
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS demo" -c "CREATE DATABASE demo" 2>/dev/null
psql -X -q -v ON_ERROR_STOP=1 -d demo -f samples/schema.sql >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -d demo -f samples/seed.sql >/dev/null
export DATABASE_URL="postgresql://postgres@/demo?host=$PGHOST&port=$PGPORT"

step "schemashift run --dry-run    # what would run, each file's verdict, the exact SQL"
$ss run --dry-run | sed -n '1,12p'
echo "   ..."
step "schemashift run"
$ss run
step "schemashift status"
$ss status
step "schemashift revert --issue 234 --yes"
$ss revert --issue 234 --yes
step "schemashift history"
$ss history
