#!/usr/bin/env bash
# Liquibase, the real tool (npm liquibase@4.28.1 in tools/, see scripts/install-deps.sh).
#   check DIR      xmllint --schema: DIR/changelog.xml (and each file it <include>s) against
#                  dbchangelog-4.28.xsd, read out of the installed liquibase-core.jar;
#                  counts the changeSets
#   up DIR DB      liquibase update
#   down DIR DB    liquibase rollback-count --count=N, N = number of <changeSet> elements
#                  (in changelog.xml and the files it includes)
# Liquibase runs with cwd = DIR and --changelog-file=changelog.xml (so relative include /
# sqlFile paths resolve as they would for a user), --log-level=WARNING (so that SQL
# warnings from the server and Liquibase's own warnings are printed), no defaults file.
# Fails on any WARNING/SEVERE/ERROR line. Interface: see lib.sh.
#
# JDBC cannot use a unix socket: when PGHOST is a directory (the e2e test cluster listens
# on a socket only), tcp_to_unix.py forwards a free 127.0.0.1 port to it for the command.
#
# Environment: LIQUIBASE (default: tools/node_modules/liquibase/dist/liquibase/liquibase),
# LIQUIBASE_JAVA_HOME (default /usr/lib/jvm/default-java, Debian's default-jre-headless),
# LIQUIBASE_JAVA_OPTS (default -XX:TieredStopAtLevel=1: the JVM starts faster).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fw_parse_args "$@"
fw_tmp_init

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LIQUIBASE=${LIQUIBASE:-$FW_REPO/tools/node_modules/liquibase/dist/liquibase/liquibase}
LB_HOME=$(cd "$(dirname "$LIQUIBASE")" 2>/dev/null && pwd || true)
CORE_JAR=$LB_HOME/internal/lib/liquibase-core.jar
XSD_NAME=dbchangelog-4.28.xsd
changelog=$fw_dir/changelog.xml

[ -x "$LIQUIBASE" ] && [ -f "$CORE_JAR" ] ||
  fw_die "Liquibase not found at $LIQUIBASE (run scripts/install-deps.sh, or set LIQUIBASE)"
[ -f "$changelog" ] || fw_die "no changelog.xml in $fw_dir"
command -v xmllint >/dev/null || fw_die "xmllint not found (apt-get install libxml2-utils)"

# ---------------------------------------------------------------- static checks
xsd=$FW_TMP/$XSD_NAME
if [ ! -s "$xsd" ]; then
  unzip -p "$CORE_JAR" "www.liquibase.org/xml/ns/dbchangelog/$XSD_NAME" >"$xsd.tmp" ||
    fw_die "cannot extract $XSD_NAME from $CORE_JAR"
  mv "$xsd.tmp" "$xsd"
fi
# changelog.xml and the changelogs it includes (a master changelog of a translated
# history: <include file="..." relativeToChangelogFile="true"/>), each validated, their
# changeSets counted together for rollback-count.
n_changesets=0
includes=()
n_includes=$(xmllint --nonet --xpath 'count(//*[local-name()="include"])' "$changelog" 2>/dev/null || echo 0)
for ((i = 1; i <= n_includes; i++)); do
  includes+=("$(xmllint --nonet --xpath "string((//*[local-name()='include'])[$i]/@file)" "$changelog")")
done
for f in changelog.xml "${includes[@]}"; do
  [ -n "$f" ] || continue
  [ -f "$fw_dir/$f" ] || fw_die "changelog.xml includes $f, which is not in $fw_dir"
  fw_check_text_file "$fw_dir/$f"
  if ! xmllint --noout --nonet --schema "$xsd" "$fw_dir/$f" >"$FW_TMP/xmllint.log" 2>&1; then
    sed 's/^/    ! /' "$FW_TMP/xmllint.log" >&2
    fw_die "$f fails XSD validation against $XSD_NAME"
  fi
  n_changesets=$((n_changesets + $(xmllint --nonet --xpath 'count(//*[local-name()="changeSet"])' "$fw_dir/$f")))
done
[ "$n_changesets" -gt 0 ] 2>/dev/null || fw_die "changelog.xml has no changeSet"

if [ "$fw_cmd" = check ]; then
  echo "changelog.xml validates against $XSD_NAME ($n_changesets changeSets)"
  echo "$fw_name: ok"
  exit 0
fi

# ---------------------------------------------------------------- connection
proxy_pid=""
stop_proxy() {
  if [ -n "$proxy_pid" ]; then
    kill "$proxy_pid" 2>/dev/null || true
    wait "$proxy_pid" 2>/dev/null || true
    proxy_pid=""
  fi
}
fw_on_exit stop_proxy

pg_host=${PGHOST:-/var/run/postgresql}
pg_port=${PGPORT:-5432}
if [[ $pg_host == /* ]]; then
  sock=$pg_host/.s.PGSQL.$pg_port
  [ -S "$sock" ] || fw_die "no PostgreSQL socket $sock"
  port_file=$FW_TMP/proxy.port
  rm -f "$port_file"
  /usr/bin/python3 -I -W error "$here/tcp_to_unix.py" "$sock" "$port_file" "$STEP_TIMEOUT" \
    2>"$FW_TMP/proxy.log" &
  proxy_pid=$!
  for _ in $(seq 100); do
    [ -s "$port_file" ] && break
    kill -0 "$proxy_pid" 2>/dev/null || { cat "$FW_TMP/proxy.log" >&2; fw_die "tcp_to_unix.py did not start"; }
    sleep 0.05
  done
  [ -s "$port_file" ] || fw_die "tcp_to_unix.py did not report its port"
  jdbc_host=127.0.0.1
  jdbc_port=$(cat "$port_file")
else
  jdbc_host=$pg_host
  jdbc_port=$pg_port
fi
url="jdbc:postgresql://$jdbc_host:$jdbc_port/$fw_db"

# ---------------------------------------------------------------- run
# Nothing from the caller's environment may change what Liquibase does.
while IFS= read -r v; do unset "$v"; done < <(compgen -e | grep -E '^LIQUIBASE_' | grep -v -E '^LIQUIBASE_JAVA_(HOME|OPTS)$' || true)
if [ -n "${LIQUIBASE_JAVA_HOME:-}" ]; then
  export JAVA_HOME=$LIQUIBASE_JAVA_HOME
elif [ -x /usr/lib/jvm/default-java/bin/java ]; then
  export JAVA_HOME=/usr/lib/jvm/default-java
fi
export JAVA_OPTS=${LIQUIBASE_JAVA_OPTS:--XX:TieredStopAtLevel=1}
: >"$FW_TMP/liquibase.properties"

liquibase() {  # liquibase COMMAND ARGS...
  local cmd=$1; shift
  local log=$FW_TMP/liquibase-$cmd.log
  (
    cd "$fw_dir"
    fw_run "$log" "$LIQUIBASE" --show-banner=false --log-level=WARNING \
      --defaults-file="$FW_TMP/liquibase.properties" \
      "$cmd" --changelog-file=changelog.xml \
      --url="$url" --username="${PGUSER:-postgres}" --password="${PGPASSWORD:-}" "$@"
  ) || fw_failed "$log" "liquibase $cmd"
  # "[date] WARNING [logger] message" from the log, "WARNING: ..." from the JVM, "ERROR: ..."
  # FW_ALLOW_WARNINGS (an ERE; not LIQUIBASE_*, unset above) drops lines first: Liquibase relays every server
  # message as a WARNING, the INFO of a VACUUM VERBOSE in a translated history too.
  if [ -n "${FW_ALLOW_WARNINGS:-}" ]; then
    grep -vE -- "$FW_ALLOW_WARNINGS" "$log" >"$log.checked" || true
    log=$log.checked
  fi
  fw_no_warnings "$log" '(^|\] )(WARNING|SEVERE|ERROR)[: ]' "liquibase $cmd printed warnings or errors"
}

case $fw_cmd in
  up) liquibase update ;;
  down) liquibase rollback-count --count="$n_changesets" ;;
esac
stop_proxy
exit 0
