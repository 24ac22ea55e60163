#!/usr/bin/env bash
# sqlx stand-in (sqlx is a Rust library/CLI, not installable here). Replays exactly what
# sqlx's migrator does with DIR/migrations (sqlx-core migrate/source.rs, sqlx-postgres
# migrate.rs):
#   check DIR      names <VERSION>_<DESCRIPTION>.up.sql / .down.sql, VERSION a positive i64,
#                  unique; every up has its down; "-- no-transaction" only counts as the
#                  very first bytes of a file (sql.starts_with("-- no-transaction"))
#   up DIR DB      ups in ascending version order; each file is sent as ONE simple-protocol
#                  query string (psql -c "<whole file>"), inside BEGIN ... COMMIT together
#                  with the _sqlx_migrations bookkeeping row, or on its own when the file
#                  starts with "-- no-transaction"
#   down DIR DB    downs in descending version order, the same way
# Sending the whole file as one query matters: PostgreSQL runs a multi-statement query
# string as one implicit transaction, so a "-- no-transaction" file with CREATE INDEX
# CONCURRENTLY plus any other statement fails under sqlx although psql -f would accept it.
# Fails on any server WARNING or ERROR. Interface: see lib.sh.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fw_parse_args "$@"
fw_tmp_init

mig=$fw_dir/migrations
[ -d "$mig" ] || fw_die "no migrations/ directory in $fw_dir"

I64_MAX=9223372036854775807
NO_TX_MARK="-- no-transaction"
declare -A up_of down_of desc_of
versions=()
shopt -s nullglob
for f in "$mig"/*; do
  base=$(basename "$f")
  [ ! -d "$f" ] || fw_die "migrations/$base/: sqlx does not look into sub-directories"
  if [[ ! $base =~ ^([0-9]+)_(.+)\.(up|down)\.sql$ ]]; then
    if [[ $base == *.sql ]]; then
      fw_die "migrations/$base: not a reversible sqlx migration name <VERSION>_<DESCRIPTION>.up.sql / .down.sql"
    fi
    fw_die "migrations/$base: not a migration (sqlx would ignore it silently)"
  fi
  v=${BASH_REMATCH[1]} d=${BASH_REMATCH[2]} kind=${BASH_REMATCH[3]}
  # sqlx parses VERSION with str::parse::<i64>() and requires it to be > 0
  vn=$(printf '%s' "$v" | sed -E 's/^0+([0-9])/\1/')
  # digit strings of equal length compare as numbers when compared as strings
  # shellcheck disable=SC2071
  if [ ${#vn} -gt ${#I64_MAX} ] || { [ ${#vn} -eq ${#I64_MAX} ] && [[ $vn > $I64_MAX ]]; }; then
    fw_die "migrations/$base: version $v does not fit in an i64"
  fi
  [ "$vn" != 0 ] || fw_die "migrations/$base: version must be greater than 0"
  fw_check_text_file "$f"
  if [ "$kind" = up ]; then
    [ -z "${up_of[$vn]:-}" ] || fw_die "migrations/$base: version $vn is also the version of ${up_of[$vn]}"
    up_of[$vn]=$base
    desc_of[$vn]=${d//_/ }
    versions+=("$vn")
  else
    [ -z "${down_of[$vn]:-}" ] || fw_die "migrations/$base: version $vn is also the version of ${down_of[$vn]}"
    down_of[$vn]=$base
  fi
  # A "no-transaction" marker anywhere but at byte 0 is silently ignored by sqlx.
  if [ "$(head -c ${#NO_TX_MARK} "$f")" != "$NO_TX_MARK" ] &&
      head -n 5 "$f" | grep -q -i -E -- '--[[:space:]]*no[-_ ]?transaction'; then
    fw_die "migrations/$base: mentions no-transaction, but sqlx only honours the exact text '-- no-transaction' as the first bytes of the file"
  fi
done
[ ${#versions[@]} -gt 0 ] || fw_die "no *.up.sql files in $mig"
for vn in "${versions[@]}"; do
  [ -n "${down_of[$vn]:-}" ] || fw_die "migrations/${up_of[$vn]} has no ${up_of[$vn]%.up.sql}.down.sql"
done
for vn in "${!down_of[@]}"; do
  [ -n "${up_of[$vn]:-}" ] || fw_die "migrations/${down_of[$vn]} has no ${down_of[$vn]%.down.sql}.up.sql"
done
mapfile -t versions < <(printf '%s\n' "${versions[@]}" | LC_ALL=C sort -n)

no_tx() { [ "$(head -c ${#NO_TX_MARK} "$1")" = "$NO_TX_MARK" ]; }

# sqlx's bookkeeping table (sqlx-postgres migrate.rs ensure_migrations_table)
BOOKKEEPING="CREATE TABLE IF NOT EXISTS _sqlx_migrations (
    version BIGINT PRIMARY KEY,
    description TEXT NOT NULL,
    installed_on TIMESTAMPTZ NOT NULL DEFAULT now(),
    success BOOLEAN NOT NULL,
    checksum BYTEA NOT NULL,
    execution_time BIGINT NOT NULL
);"

sql_quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"; }

run_file() {  # run_file FILE VERSION up|down
  local f=$1 vn=$2 dir=$3 log=$FW_TMP/psql.log sql record
  local base
  base=$(basename "$f")
  sql=$(cat "$f"; printf x)
  sql=${sql%x}
  if [ "$dir" = up ]; then
    record="INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
            VALUES ($vn, $(sql_quote "${desc_of[$vn]}"), TRUE,
                    decode('$(sha384sum "$f" | cut -d' ' -f1)', 'hex'), -1)"
  else
    record="DELETE FROM _sqlx_migrations WHERE version = $vn"
  fi
  if no_tx "$f"; then
    echo "== $base (-- no-transaction: one query string, no transaction)"
    fw_run "$log" "${FW_PSQL[@]}" -d "$fw_db" -c "$sql" -c "$record" || fw_failed "$log" "$base"
  else
    echo "== $base (one query string inside BEGIN ... COMMIT)"
    fw_run "$log" "${FW_PSQL[@]}" -d "$fw_db" -c "BEGIN" -c "$sql" -c "$record" -c "COMMIT" ||
      fw_failed "$log" "$base"
  fi
  fw_no_warnings "$log" "$FW_PSQL_BAD" "$base: the server reported a warning or error"
}

case $fw_cmd in
  check)
    for vn in "${versions[@]}"; do
      for f in "${up_of[$vn]}" "${down_of[$vn]}"; do
        if no_tx "$mig/$f"; then echo "$f  no-transaction"; else echo "$f  transaction"; fi
      done
    done
    echo "$fw_name: ${#versions[@]} reversible migrations: names ok"
    ;;
  up)
    log=$FW_TMP/psql.log
    fw_run "$log" "${FW_PSQL[@]}" -d "$fw_db" -c "$BOOKKEEPING" || fw_die "cannot create _sqlx_migrations"
    for vn in "${versions[@]}"; do run_file "$mig/${up_of[$vn]}" "$vn" up; done
    ;;
  down)
    for ((i = ${#versions[@]} - 1; i >= 0; i--)); do
      vn=${versions[$i]}
      run_file "$mig/${down_of[$vn]}" "$vn" down
    done
    ;;
esac
exit 0
