# Shared by the benches that need a throw-away PostgreSQL (stall_bench.sh, backfill_bench.sh):
# source it, then call `bench_cluster NAME`. Expects SRC (the source tree) and KEEP (1: keep
# the temporary directory and the cluster at exit) to be set.

# in_background COMMAND...: runs it and waits for it. A foreground child that catches
# Ctrl-C and exits normally (psql cancels its query, and the runner waits for its
# statement) makes bash drop its own INT trap; `wait` for a background job returns at
# once instead, the trap runs, and cleanup stops the child (background jobs ignore SIGINT).
in_background() {
  "$@" &
  wait $!
}

note() { echo "$*" >&2; }

# bench_cluster NAME: a temporary directory TMP (mktemp, "NAME.XXXXXX") holding a PostgreSQL
# cluster on a unix socket (PGDIR=$TMP/pg), the libpq environment pointing at it, PSQL, and
# a trap that stops background jobs and removes both at exit (unless KEEP=1).
bench_cluster() {
  TMP=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
  chmod 755 "$TMP"  # as root the server runs as "postgres", which must reach $TMP/pg
  PGDIR=$TMP/pg
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  unset DATABASE_URL PGDATABASE PGSERVICE PGSERVICEFILE PGOPTIONS PGPASSWORD PGPASSFILE PGHOSTADDR PGAPPNAME
  "$SRC/scripts/pg-test-cluster.sh" start "$PGDIR" >/dev/null 2>"$TMP/cluster.err" || { cat "$TMP/cluster.err" >&2; exit 1; }
  eval "$("$SRC/scripts/pg-test-cluster.sh" env "$PGDIR" | sed 's/^/export /')"
  PSQL=(psql -X -q -v ON_ERROR_STOP=1)
}

bench_cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local pid
  for pid in $(jobs -p); do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "${KEEP:-0}" = 1 ]; then
    echo "kept $TMP (cluster: $SRC/scripts/pg-test-cluster.sh stop $PGDIR)" >&2
  else
    "$SRC/scripts/pg-test-cluster.sh" stop "$PGDIR" >/dev/null 2>&1 || true
    rm -rf "$TMP"
  fi
  exit "$rc"
}

url() { echo "postgresql://$PGUSER@/$1?host=$PGHOST&port=$PGPORT"; }

# clone TEMPLATE NAME: a copy of a whole database. FILE_COPY copies the files instead of
# WAL-logging every block (PostgreSQL 15's default), seconds instead of minutes at 1M rows.
# A session that just left the template may still be exiting: try again briefly.
clone() {
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    if "${PSQL[@]}" -d postgres -c "CREATE DATABASE $2 TEMPLATE $1 STRATEGY FILE_COPY" 2>"$TMP/clone.err"; then return 0; fi
    grep -q "being accessed by other users" "$TMP/clone.err" || break
    sleep 0.5
  done
  cat "$TMP/clone.err" >&2
  return 1
}

drop() { "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null; }

# The users rows of both benches: the shapes of samples/seed.sql (which NULLs where), scaled
# to :rows rows (a psql variable).
BENCH_USERS_FILL="INSERT INTO users (id, email, name, age, phone, legacy_avatar, email_confirmed_at, created_at)
    SELECT g, 'user' || g || '@example.com',
           CASE WHEN g % 20 = 0 THEN NULL ELSE 'User ' || g END,
           CASE WHEN g % 7 = 0 THEN NULL ELSE 18 + g % 63 END,
           CASE WHEN g % 3 = 0 THEN NULL ELSE '+1555' || lpad(g::text, 7, '0') END,
           CASE WHEN g % 4 = 0 THEN 'avatars/' || g || '.png' END,
           CASE WHEN g % 5 = 0 THEN NULL
                ELSE timestamptz '2022-01-01 00:00:00+00' + g * interval '37 seconds' + interval '2 hours' END,
           timestamptz '2022-01-01 00:00:00+00' + g * interval '37 seconds'
    FROM generate_series(1, :rows) AS g;
    SELECT setval('users_id_seq', :rows);"
