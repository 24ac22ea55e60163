#!/usr/bin/env bash
# Flyway stand-in: Flyway itself is not installable here (no package in Debian or npm), so
#   check DIR      checks every file name against Flyway's documented rules and the
#                  script configuration files (V<ver>__<desc>.sql.conf) against their keys
#   up DIR DB      runs the V files in Flyway's order (versions compared numerically, part
#                  by part) with psql -v ON_ERROR_STOP=1; in one transaction
#                  (psql --single-transaction) unless the file's .conf says
#                  executeInTransaction=false, as Flyway does
#   down DIR DB    runs the U (undo) files the same way, newest version first
# Fails on any psql/server WARNING or ERROR. Interface: see lib.sh.
#
# Flyway's naming rules (https://documentation.red-gate.com/fd/versioned-migrations-273973333.html):
#   prefix V (versioned) or U (undo), then the version: digits, parts separated by dots or
#   underscores (1, 1.2, 1_2, 20240205091200), then the separator "__" (two underscores),
#   then the description (underscores stand for spaces), then the suffix ".sql".
#   Versions must be unique ("1.0" and "1" are the same version); an undo migration
#   belongs to the versioned migration with the same version.
# Checked as well, because the file would not run under real Flyway as it runs under psql:
#   - psql meta-commands (lines starting with a backslash): Flyway sends SQL only;
#   - ${...}: Flyway placeholder syntax; with placeholder replacement on (the default)
#     Flyway fails with "No value provided for placeholder" (unless .conf sets
#     placeholderReplacement=false);
#   - .conf keys other than executeInTransaction, encoding, placeholderReplacement,
#     shouldExecute (https://documentation.red-gate.com/fd/script-configuration-277578847.html).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fw_parse_args "$@"
fw_tmp_init

# Every V/U file, as lines "KIND SORTKEY VERSION FILE" in Flyway's order (V and U mixed).
declare -A conf_tx conf_placeholders
plan=()

parse_conf() {  # parse_conf FILE.sql.conf MIGRATION
  local conf=$1 mig=$2 line key value
  fw_check_text_file "$conf"
  while IFS= read -r line || [ -n "$line" ]; do
    line=$(printf '%s' "$line" | sed -E 's/^[[:space:]]+//')
    case $line in
      '' | '#'*) continue ;;
    esac
    [[ $line == *=* ]] || fw_die "$(basename "$conf"): line '$line' is not key=value"
    key=$(printf '%s' "${line%%=*}" | tr -d '[:space:]')
    value=$(printf '%s' "${line#*=}" | sed -E 's/^[[:space:]]+|[[:space:]]+$//g')
    case $key in
      executeInTransaction)
        case $value in
          true | false) conf_tx[$mig]=$value ;;
          *) fw_die "$(basename "$conf"): executeInTransaction must be true or false, not '$value'" ;;
        esac
        ;;
      placeholderReplacement)
        case $value in
          true | false) conf_placeholders[$mig]=$value ;;
          *) fw_die "$(basename "$conf"): placeholderReplacement must be true or false, not '$value'" ;;
        esac
        ;;
      encoding)
        case $(printf '%s' "$value" | tr '[:lower:]-' '[:upper:]_') in
          UTF_8 | UTF8) ;;
          *) fw_die "$(basename "$conf"): encoding=$value: the files are UTF-8" ;;
        esac
        ;;
      shouldExecute)
        fw_die "$(basename "$conf"): shouldExecute (Flyway Teams) would make running this migration conditional" ;;
      *)
        fw_die "$(basename "$conf"): '$key' is not a Flyway script configuration setting (executeInTransaction, encoding, placeholderReplacement, shouldExecute)" ;;
    esac
  done <"$conf"
}

# version_key 1_02.3.0 -> fixed-width key for `sort` ("1.2.3" order, trailing .0 parts dropped,
# so that equal versions get equal keys).
version_key() {
  local v=${1//_/.} key="" part
  local -a parts
  IFS=. read -r -a parts <<<"$v"
  # drop trailing zero parts: 1.0 == 1
  while [ ${#parts[@]} -gt 1 ] && [[ ${parts[-1]} =~ ^0+$ ]]; do unset 'parts[-1]'; done
  for part in "${parts[@]}"; do
    part=$(printf '%s' "$part" | sed -E 's/^0+([0-9])/\1/')
    [ ${#part} -le 40 ] || fw_die "version $1: a part longer than 40 digits"
    key+=$(printf '%040d' 0 | cut -c$((${#part} + 1))-)$part.
  done
  printf '%s' "$key"
}

scan() {
  local f base kind version desc key
  local -A v_key_file=() u_key_file=()
  local -a entries=()
  shopt -s nullglob
  for f in "$fw_dir"/*; do
    base=$(basename "$f")
    if [ -d "$f" ]; then
      fw_die "$base/: Flyway would scan sub-directories for migrations too; keep every migration directly in $(basename "$fw_dir")/"
    fi
    case $base in
      *.sql.conf)
        [ -f "$fw_dir/${base%.conf}" ] || fw_die "$base: no migration ${base%.conf} next to this script configuration file"
        continue ;;
      *.sql) ;;
      *)
        echo "note: $base is not a migration (Flyway ignores it)"
        continue ;;
    esac
    if [[ ! $base =~ ^([VU])([0-9]+([._][0-9]+)*)__(.+)\.sql$ ]]; then
      if [[ $base =~ ^R__ ]]; then
        fw_die "$base: a repeatable migration; the harness expects versioned (V) and undo (U) migrations only"
      fi
      fw_die "$base: not a Flyway migration name: V<version>__<description>.sql or U<version>__<description>.sql, version = digits separated by . or _, separator = two underscores"
    fi
    kind=${BASH_REMATCH[1]}
    version=${BASH_REMATCH[2]}
    desc=${BASH_REMATCH[4]}
    [[ $desc =~ [A-Za-z0-9] ]] || fw_die "$base: empty description"
    [[ $desc != _* ]] || fw_die "$base: description starts with '_' (three or more underscores after the version)"
    fw_check_text_file "$f"
    key=$(version_key "$version")
    if [ "$kind" = V ]; then
      [ -z "${v_key_file[$key]:-}" ] || fw_die "$base: version $version is also the version of ${v_key_file[$key]} (Flyway: 'Found more than one migration with version')"
      v_key_file[$key]=$base
    else
      [ -z "${u_key_file[$key]:-}" ] || fw_die "$base: undo version $version is also used by ${u_key_file[$key]}"
      u_key_file[$key]=$base
    fi
    conf_tx[$base]=true
    conf_placeholders[$base]=true
    [ ! -f "$f.conf" ] || parse_conf "$f.conf" "$base"
    if [ "${conf_placeholders[$base]}" = true ] && grep -n -E '\$\{[^}]*\}' "$f" >"$FW_TMP/placeholders" 2>/dev/null; then
      sed 's/^/    ! line /' "$FW_TMP/placeholders" >&2
      fw_die "$base: \${...} is a Flyway placeholder; with placeholder replacement on Flyway stops with 'No value provided for placeholder'"
    fi
    if grep -n -E '^[[:space:]]*\\' "$f" >"$FW_TMP/meta" 2>/dev/null; then
      sed 's/^/    ! line /' "$FW_TMP/meta" >&2
      fw_die "$base: psql meta-command(s); Flyway sends plain SQL to the server"
    fi
    entries+=("$kind $key $version $base")
  done
  [ ${#v_key_file[@]} -gt 0 ] || fw_die "no V<version>__<description>.sql files in $fw_dir"
  for key in "${!u_key_file[@]}"; do
    [ -n "${v_key_file[$key]:-}" ] || fw_die "${u_key_file[$key]}: undo migration without a versioned migration of the same version"
  done
  for key in "${!v_key_file[@]}"; do
    [ -n "${u_key_file[$key]:-}" ] || fw_die "${v_key_file[$key]}: no undo migration U<same version>__<description>.sql"
  done
  mapfile -t plan < <(printf '%s\n' "${entries[@]}" | LC_ALL=C sort -k2,2 -k1,1)
}

scan

apply() {  # apply FILE
  local base=$1 log=$FW_TMP/psql.log
  local -a args=(-f "$fw_dir/$base")
  if [ "${conf_tx[$base]}" = true ]; then
    args=(--single-transaction "${args[@]}")
    echo "== $base (executeInTransaction=true: one transaction)"
  else
    echo "== $base (executeInTransaction=false: every statement commits on its own)"
  fi
  fw_run "$log" "${FW_PSQL[@]}" -d "$fw_db" "${args[@]}" || fw_failed "$log" "$base"
  fw_no_warnings "$log" "$FW_PSQL_BAD" "$base: psql reported a warning or error"
}

case $fw_cmd in
  check)
    n_v=0
    for e in "${plan[@]}"; do
      read -r kind _ version base <<<"$e"
      if [ "$kind" = V ]; then n_v=$((n_v + 1)); fi
      echo "$kind $version  $base  executeInTransaction=${conf_tx[$base]}"
    done
    echo "$fw_name: $n_v versioned migrations, each with an undo migration: names ok"
    ;;
  up)
    for e in "${plan[@]}"; do
      read -r kind _ _ base <<<"$e"
      if [ "$kind" = V ]; then apply "$base"; fi
    done
    ;;
  down)
    for ((i = ${#plan[@]} - 1; i >= 0; i--)); do
      read -r kind _ _ base <<<"${plan[$i]}"
      if [ "$kind" = U ]; then apply "$base"; fi
    done
    ;;
esac
exit 0
