# shellcheck shell=bash disable=SC2034  # (variables used by the scripts that source this file)
# Shared helpers for the framework runners (run_<framework>.sh). Sourced, not executed.
#
# Every runner has the same interface:
#   run_<fw>.sh check DIR        static checks of the framework's files (names, XSD, syntax);
#                                no database
#   run_<fw>.sh up    DIR DB     apply every migration in DIR to database DB, the way the
#                                framework does
#   run_<fw>.sh down  DIR DB     revert every migration in DIR (newest first)
# DIR is the framework's directory of a scaffold output (OUT/flyway, OUT/sqlx, ...).
# Connection: PGHOST/PGPORT/PGUSER (PGPASSWORD) from the environment, as for psql.
# FW_TMP: scratch directory for generated config (default: a temporary one, removed).
# The tool's own output is printed as it is. Exit 0 on success; 1 when the tool fails OR
# prints an error or warning (the last line then says why); 2 on a usage error.

FW_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
PSQL=${PSQL:-psql}
STEP_TIMEOUT=${STEP_TIMEOUT:-300}

fw_name=$(basename "$0" .sh)

fw_die() { echo "$fw_name: $*" >&2; exit 1; }

fw_usage() {
  echo "usage: $0 check DIR | up DIR DB | down DIR DB" >&2
  exit 2
}

# fw_parse_args "$@": sets fw_cmd, fw_dir (absolute), fw_db.
fw_parse_args() {
  fw_cmd=${1:-}
  case $fw_cmd in
    check) [ $# -eq 2 ] || fw_usage ;;
    up | down) [ $# -eq 3 ] || fw_usage ;;
    *) fw_usage ;;
  esac
  [ -d "$2" ] || fw_die "directory $2 not found"
  fw_dir=$(cd "$2" && pwd)
  fw_db=${3:-}
}

# fw_on_exit 'COMMAND': run COMMAND when the script exits (hooks run newest first).
fw_exit_hooks=()
fw_on_exit() { fw_exit_hooks=("$1" "${fw_exit_hooks[@]}"); }
fw_run_exit_hooks() {
  local h
  for h in "${fw_exit_hooks[@]}"; do eval "$h" || true; done
}
trap fw_run_exit_hooks EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# fw_tmp_init: FW_TMP (given or a fresh temporary directory, removed on exit).
fw_tmp_init() {
  if [ -n "${FW_TMP:-}" ]; then
    mkdir -p "$FW_TMP"
    FW_TMP=$(cd "$FW_TMP" && pwd)
  else
    FW_TMP=$(mktemp -d "${TMPDIR:-/tmp}/$fw_name.XXXXXX")
    fw_on_exit 'rm -rf "$FW_TMP"'
  fi
}

# fw_run LOG COMMAND...: runs COMMAND with stdout+stderr in LOG, prints LOG, returns the
# command's exit status.
fw_run() {
  local log=$1; shift
  local rc=0
  timeout "$STEP_TIMEOUT" "$@" >"$log" 2>&1 || rc=$?
  cat "$log"
  [ "$rc" -ne 124 ] || echo "$fw_name: timed out after ${STEP_TIMEOUT}s: $*" >&2
  return "$rc"
}

# fw_no_warnings LOG EXTENDED_REGEX WHAT: fails when a line of LOG matches; the message
# names the first such line.
fw_no_warnings() {
  local hits n
  hits=$(grep -E -- "$2" "$1" || true)
  if [ -n "$hits" ]; then
    printf '%s\n' "$hits" | sed 's/^/    ! /' >&2
    n=$(printf '%s\n' "$hits" | wc -l)
    fw_die "$3: $(printf '%s\n' "$hits" | head -n1 | cut -c1-300)$([ "$n" -gt 1 ] && echo " (+$((n - 1)) more)")"
  fi
}

# fw_first_error LOG: the first line of LOG that looks like an error (for fw_die messages).
fw_first_error() {
  grep -E -m1 -- '(^|[^A-Za-z])(ERROR|FATAL|PANIC|[A-Za-z]*Error|[A-Za-z]*Exception|[A-Za-z]*Warning)[]: ]' "$1" |
    cut -c1-300 || true
}

# fw_failed LOG WHAT: dies with "WHAT failed: <first error line of LOG>".
fw_failed() {
  local first
  first=$(fw_first_error "$1")
  fw_die "$2 failed${first:+: $first}"
}

# What psql prints for a server (or its own) WARNING/ERROR/FATAL/PANIC: "psql:FILE:LINE: WARNING:  ..."
# with -f, "WARNING:  ..." with -c. NOTICE and INFO are fine.
FW_PSQL_BAD='^(psql:[^ ]*:[0-9]+: )?(psql: )?(WARNING|ERROR|FATAL|PANIC|warning|error):'

# psql as the migration tools' stand-in: no psqlrc, stop on the first error, quiet.
# Use: fw_run LOG "${FW_PSQL[@]}" -d DB ...
FW_PSQL=("$PSQL" -X -q -v ON_ERROR_STOP=1)

# fw_check_text_file FILE: not empty, UTF-8, no byte order mark, LF line endings.
fw_check_text_file() {
  local f=$1
  [ -s "$f" ] || fw_die "$f is empty"
  if [ "$(head -c3 "$f" | od -An -tx1 | tr -d ' \n')" = efbbbf ]; then
    fw_die "$f starts with a UTF-8 byte order mark"
  fi
  if ! iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1; then
    fw_die "$f is not valid UTF-8"
  fi
  if grep -q $'\r' "$f"; then
    fw_die "$f has CR (Windows) line endings"
  fi
}
