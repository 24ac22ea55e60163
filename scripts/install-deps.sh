#!/usr/bin/env bash
# Installs every system dependency schemashift needs to build and test.
# Idempotent: packages already present are skipped by apt itself; apt-get update
# runs only when a package is actually missing, so repeated runs are fast.
set -euo pipefail

PACKAGES=(
  # build
  build-essential cmake pkg-config
  # C++ libraries (see docs/design.md for what each is used for)
  libyaml-cpp-dev libtinyxml2-dev libcli11-dev libfmt-dev catch2
  libkainjow-mustache-dev libpg-query-dev nlohmann-json3-dev
  libpqxx-dev libpq-dev libprotobuf-c-dev
  # test tooling: real PostgreSQL 15 and a real JSON Schema validator
  postgresql postgresql-contrib python3-jsonschema python3-yaml
  libxml2-utils
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
