#!/usr/bin/env bash
# A private, throw-away PostgreSQL 15 cluster for tests.
#
#   scripts/pg-test-cluster.sh start  DIR [PORT]   initdb (if needed) + start; ok if already running
#   scripts/pg-test-cluster.sh stop   DIR          stop and remove DIR (KEEP_DB=1: leave it running)
#   scripts/pg-test-cluster.sh env    DIR [PORT]   print PGHOST=/PGPORT=/PGUSER= lines
#   scripts/pg-test-cluster.sh status DIR          exit 0 when running
#
# The cluster lives in DIR/data, logs to DIR/log, listens on a unix socket in DIR only
# (listen_addresses=''), trusts every local connection but the role ss_password_user's
# (scram-sha-256, for tests of a wrong password), superuser "postgres", fsync off.
# Typical use:   scripts/pg-test-cluster.sh start /tmp/pg && eval "$(scripts/pg-test-cluster.sh env /tmp/pg | sed 's/^/export /')"
#
# initdb refuses to run as root, so as root every server-side command runs as the
# "postgres" OS user (runuser), and DIR is chowned to it; DIR's parents must then be
# traversable by that user. Otherwise everything runs as the current user.
#
# PORT only names the socket (DIR/.s.PGSQL.PORT): no TCP port is opened, so clusters in
# different DIRs never collide even on the same PORT. Default: 55432 + hash(DIR) % 1000.
# Binaries: $PGBIN, default /usr/lib/postgresql/15/bin (Debian's postgresql-15).
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
MARKER=.schemashift-pg-test-cluster

usage() {
  sed -n '2,8s/^# \{0,1\}//p' "$0" >&2
  exit 2
}
die() { echo "pg-test-cluster: $*" >&2; exit 1; }

[ $# -ge 2 ] || usage
cmd=$1
dir=$2
case $dir in
  /*) ;;
  *) dir=$(pwd)/$dir ;;
esac
dir=${dir%/}
data=$dir/data

default_port() { echo $((55432 + $(printf '%s' "$dir" | cksum | cut -d' ' -f1) % 1000)); }

# The port a running server really uses (line 4 of postmaster.pid), else $3, else the default.
running_port() {
  if [ -r "$data/postmaster.pid" ]; then sed -n 4p "$data/postmaster.pid"; fi
}
port=${3:-}

if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' OS user (install postgresql: scripts/install-deps.sh)"
  # cd /: the caller's cwd (e.g. /root) may not be readable by postgres.
  as_pg() { (cd / && runuser -u postgres -- "$@"); }
else
  as_pg() { "$@"; }
fi

is_running() {
  [ -f "$data/PG_VERSION" ] && as_pg "$PGBIN/pg_ctl" -D "$data" status >/dev/null 2>&1
}

print_env() {
  echo "PGHOST=$dir"
  echo "PGPORT=$1"
  echo "PGUSER=postgres"
}

case $cmd in
  start)
    [ -x "$PGBIN/initdb" ] || die "$PGBIN/initdb not found (install postgresql-15: scripts/install-deps.sh, or set PGBIN)"
    if is_running; then
      actual=$(running_port)
      if [ -n "$port" ] && [ "$actual" != "$port" ]; then
        die "a cluster is already running in $dir on port $actual, not $port (stop it first)"
      fi
      echo "pg-test-cluster: already running in $dir (port $actual)" >&2
      print_env "$actual"
      exit 0
    fi
    port=${port:-$(default_port)}
    # Unix socket paths are limited to 107 bytes (sun_path).
    sock="$dir/.s.PGSQL.$port"
    [ ${#sock} -le 107 ] || die "socket path $sock is longer than 107 bytes; use a shorter DIR"

    mkdir -p "$dir"
    if [ -e "$dir/data" ] && [ ! -f "$data/PG_VERSION" ]; then
      die "$data exists but is not a cluster; remove it"
    fi
    if [ "$(id -u)" -eq 0 ]; then
      chown postgres: "$dir"
      as_pg test -w "$dir" -a -x "$dir" ||
        die "user postgres cannot write $dir (a parent directory is not traversable by it?); use a DIR such as /tmp/..."
    fi
    touch "$dir/$MARKER"

    if [ ! -f "$data/PG_VERSION" ]; then
      # --no-sync and fsync=off: a test cluster never needs crash safety.
      if ! as_pg "$PGBIN/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C \
          --no-sync >"$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2
        die "initdb failed"
      fi
      cat >>"$data/postgresql.conf" <<EOF

# --- schemashift test cluster (scripts/pg-test-cluster.sh) ---
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
log_line_prefix = '%m [%p] %q%a@%d '
log_min_duration_statement = -1
EOF
      # One role that must give a password (scram-sha-256), for the tests of a wrong one;
      # every other local connection stays trusted. pg_hba.conf is read top down.
      { echo "local all ss_password_user scram-sha-256"; cat "$data/pg_hba.conf"; } >"$data/pg_hba.conf.new"
      mv "$data/pg_hba.conf.new" "$data/pg_hba.conf"
    fi

    if ! as_pg "$PGBIN/pg_ctl" -D "$data" -o "-p $port -k $dir -c listen_addresses=''" \
        -l "$dir/log" -w -t 60 start >/dev/null; then
      tail -n 30 "$dir/log" >&2 || true
      die "pg_ctl start failed (log: $dir/log)"
    fi
    # Prove that a client (the current user, not only postgres) can connect.
    if ! "$PGBIN/psql" -X -q -h "$dir" -p "$port" -U postgres -d postgres -Atc 'SELECT 1' >/dev/null; then
      die "server started but psql cannot connect to $dir port $port"
    fi
    echo "pg-test-cluster: started in $dir (port $port, log $dir/log)" >&2
    print_env "$port"
    ;;

  stop)
    if [ "${KEEP_DB:-0}" = 1 ]; then
      echo "pg-test-cluster: KEEP_DB=1, leaving the cluster in $dir running; stop it with: $0 stop $dir" >&2
      exit 0
    fi
    [ -e "$dir" ] || { echo "pg-test-cluster: nothing in $dir" >&2; exit 0; }
    # Refuse to delete a directory this script did not create.
    if [ ! -e "$dir/$MARKER" ] && [ -n "$(ls -A "$dir")" ]; then
      die "$dir was not created by this script (no $MARKER); not removing it"
    fi
    if is_running; then
      as_pg "$PGBIN/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null ||
        as_pg "$PGBIN/pg_ctl" -D "$data" -m immediate -w -t 30 stop >/dev/null ||
        die "could not stop the cluster in $dir"
    fi
    rm -rf "$dir"
    echo "pg-test-cluster: stopped and removed $dir" >&2
    ;;

  env)
    if is_running; then port=$(running_port); fi
    print_env "${port:-$(default_port)}"
    ;;

  status)
    if is_running; then
      echo "running in $dir (port $(running_port))"
    else
      echo "not running in $dir"
      exit 1
    fi
    ;;

  *) usage ;;
esac
