#!/usr/bin/env bash
# Installs every system dependency schemashift needs to build and test.
# Idempotent: packages already present are skipped by apt itself; apt-get update
# runs only when a package is actually missing, so repeated runs are fast.
#
# Besides the Debian packages, the framework end-to-end tests (tests/e2e/frameworks/)
# need Liquibase, which Debian does not package: `npm install liquibase@4.28.1` into the
# repo-local, git-ignored tools/ directory (tools/node_modules/liquibase/dist/liquibase/
# liquibase). Skipped when that exact version is already there. SKIP_NPM=1 skips it.
# bench/lint_bench.sh needs squawk (squawk-cli@2.66.0 from npm), installed the same way.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LIQUIBASE_VERSION=4.28.1
TOOLS_DIR=$repo/tools

PACKAGES=(
  # build
  build-essential cmake pkg-config
  # C++ libraries (see docs/design.md for what each is used for)
  libyaml-cpp-dev libtinyxml2-dev libcli11-dev libfmt-dev catch2
  libkainjow-mustache-dev libpg-query-dev nlohmann-json3-dev
  libpqxx-dev libpq-dev libprotobuf-c-dev libssl-dev
  # test tooling: real PostgreSQL 15 and a real JSON Schema validator
  postgresql postgresql-contrib python3-jsonschema python3-yaml
  libxml2-utils
  # framework e2e tests (tests/e2e/frameworks/): Liquibase needs a JRE (and unzip to read
  # its XSD out of liquibase-core.jar), Alembic + SQLAlchemy + psycopg2 for Debian's
  # /usr/bin/python3, ActiveRecord 6.1 + the pg gem for Debian's ruby
  default-jre-headless unzip python3-alembic python3-psycopg2 ruby-activerecord ruby-pg
  # benchmarks (bench/scaffold_bench.sh): hyperfine for timing, GNU time for peak RSS
  hyperfine time
)
# npm for the Liquibase download. A node/npm from elsewhere (e.g. NodeSource, whose nodejs
# package bundles npm and conflicts with Debian's npm) is used as it is.
if ! command -v npm >/dev/null 2>&1; then
  PACKAGES+=(nodejs npm)
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages already installed"
else
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# ---------------------------------------------------------------- Liquibase (npm)
liquibase_installed_version() {
  local pj=$TOOLS_DIR/node_modules/liquibase/package.json
  [ -f "$pj" ] && [ -x "$TOOLS_DIR/node_modules/liquibase/dist/liquibase/liquibase" ] || return 0
  sed -n -E 's/^[[:space:]]*"version":[[:space:]]*"([^"]+)".*/\1/p' "$pj" | head -n1
}

if [ "${SKIP_NPM:-0}" = 1 ]; then
  echo "install-deps: SKIP_NPM=1, not checking Liquibase"
elif [ "$(liquibase_installed_version)" = "$LIQUIBASE_VERSION" ]; then
  echo "install-deps: liquibase $LIQUIBASE_VERSION already in $TOOLS_DIR/node_modules"
else
  echo "install-deps: npm install liquibase@$LIQUIBASE_VERSION into $TOOLS_DIR"
  mkdir -p "$TOOLS_DIR"
  [ -f "$TOOLS_DIR/package.json" ] ||
    printf '{\n  "name": "schemashift-test-tools",\n  "private": true\n}\n' >"$TOOLS_DIR/package.json"
  npm install --prefix "$TOOLS_DIR" --save-exact --no-audit --no-fund --loglevel=error \
    "liquibase@$LIQUIBASE_VERSION"
  got=$(liquibase_installed_version)
  if [ "$got" != "$LIQUIBASE_VERSION" ]; then
    echo "install-deps: liquibase $LIQUIBASE_VERSION did not install (found '${got:-nothing}')" >&2
    exit 1
  fi
fi

# ---------------------------------------------------------------- SARIF 2.1.0 schema (npm)
# tests/unit/lint/lint_report_test.cpp validates `lint --format sarif` against the official
# SARIF 2.1.0 JSON schema; @microsoft/jest-sarif ships it (lib/schemas/sarif-2.1.0-rtm.5.json).
# Same tools/ directory, skipped when present (the test warns and skips without it).
SARIF_PACKAGE_VERSION=1.0.0-beta.0
SARIF_SCHEMA=$TOOLS_DIR/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json
if [ "${SKIP_NPM:-0}" = 1 ]; then
  echo "install-deps: SKIP_NPM=1, not checking the SARIF schema"
elif [ -f "$SARIF_SCHEMA" ]; then
  echo "install-deps: SARIF 2.1.0 schema already in $TOOLS_DIR/node_modules"
else
  echo "install-deps: npm install @microsoft/jest-sarif@$SARIF_PACKAGE_VERSION (SARIF 2.1.0 schema) into $TOOLS_DIR"
  mkdir -p "$TOOLS_DIR"
  [ -f "$TOOLS_DIR/package.json" ] ||
    printf '{\n  "name": "schemashift-test-tools",\n  "private": true\n}\n' >"$TOOLS_DIR/package.json"
  npm install --prefix "$TOOLS_DIR" --save-exact --no-audit --no-fund --loglevel=error \
    "@microsoft/jest-sarif@$SARIF_PACKAGE_VERSION"
  if [ ! -f "$SARIF_SCHEMA" ]; then
    echo "install-deps: the SARIF schema did not install ($SARIF_SCHEMA missing)" >&2
    exit 1
  fi
fi

# ---------------------------------------------------------------- squawk (npm)
# bench/lint_bench.sh compares `schemashift lint` with squawk on the same files. The npm
# package squawk-cli ships the native binary in a per-platform optional dependency
# (@squawk-cli/linux-x64); tools/node_modules/.bin/squawk is its node launcher.
SQUAWK_VERSION=2.66.0
squawk_installed_version() {
  local pj=$TOOLS_DIR/node_modules/squawk-cli/package.json
  [ -f "$pj" ] && [ -x "$TOOLS_DIR/node_modules/.bin/squawk" ] || return 0
  sed -n -E 's/^[[:space:]]*"version":[[:space:]]*"([^"]+)".*/\1/p' "$pj" | head -n1
}

if [ "${SKIP_NPM:-0}" = 1 ]; then
  echo "install-deps: SKIP_NPM=1, not checking squawk"
elif [ "$(squawk_installed_version)" = "$SQUAWK_VERSION" ]; then
  echo "install-deps: squawk $SQUAWK_VERSION already in $TOOLS_DIR/node_modules"
else
  echo "install-deps: npm install squawk-cli@$SQUAWK_VERSION into $TOOLS_DIR"
  mkdir -p "$TOOLS_DIR"
  [ -f "$TOOLS_DIR/package.json" ] ||
    printf '{\n  "name": "schemashift-test-tools",\n  "private": true\n}\n' >"$TOOLS_DIR/package.json"
  npm install --prefix "$TOOLS_DIR" --save-exact --no-audit --no-fund --loglevel=error \
    "squawk-cli@$SQUAWK_VERSION"
  got=$(squawk_installed_version)
  if [ "$got" != "$SQUAWK_VERSION" ]; then
    echo "install-deps: squawk $SQUAWK_VERSION did not install (found '${got:-nothing}')" >&2
    exit 1
  fi
fi
