#!/usr/bin/env bash
# Alembic, the real tool (Debian's python3-alembic 1.8 + SQLAlchemy 1.4 + psycopg2, run
# with /usr/bin/python3: the first python3 on PATH may lack them).
#   check DIR      loads DIR/versions with Alembic's ScriptDirectory: every file must be a
#                  revision, one base, exactly one head, no branches
#   up DIR DB      python3 -W error -m alembic -c alembic.ini upgrade head
#   down DIR DB    python3 -W error -m alembic -c alembic.ini downgrade base
# The Alembic project is thrown together in FW_TMP: alembic.ini (sqlalchemy.url naming DB;
# host/port/user come from PGHOST/PGPORT/PGUSER through libpq), env.py (alembic_env.py:
# transaction_per_migration=True, server WARNINGs fail) and versions -> DIR/versions.
# -W error turns every Python warning (DeprecationWarning, SAWarning, Alembic's own
# warnings about unsupported arguments ...) into an exception; -B writes no __pycache__
# into DIR; -I ignores PYTHON* variables and the user's site-packages.
# Fails on WARNING/ERROR/CRITICAL log lines as well. Interface: see lib.sh.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fw_parse_args "$@"
fw_tmp_init

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PYTHON=${ALEMBIC_PYTHON:-/usr/bin/python3}
PY=("$PYTHON" -I -B -W error)
versions=$fw_dir/versions
[ -d "$versions" ] || fw_die "no versions/ directory in $fw_dir"
"${PY[@]}" -c 'import alembic, sqlalchemy, psycopg2' 2>/dev/null ||
  fw_die "$PYTHON cannot import alembic, sqlalchemy and psycopg2 (apt-get install python3-alembic python3-psycopg2)"

shopt -s nullglob
files=("$versions"/*.py)
[ ${#files[@]} -gt 0 ] || fw_die "no *.py files in $versions"
for f in "$versions"/*; do
  case $(basename "$f") in
    *.py) fw_check_text_file "$f" ;;
    __pycache__) ;;
    *) fw_die "versions/$(basename "$f"): not a Python revision file" ;;
  esac
done

# ---------------------------------------------------------------- project
proj=$FW_TMP/alembic
mkdir -p "$proj"
cp "$here/alembic_env.py" "$proj/env.py"
ln -sfn "$versions" "$proj/versions"
url_db=$("${PY[@]}" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "${fw_db:-postgres}")
# Alembic reads [alembic] with ConfigParser interpolation: double any %. (logging.config reads
# the format raw.)
ini_path() { printf '%s' "$1" | sed 's/%/%%/g'; }
cat >"$FW_TMP/alembic.ini" <<INI
[alembic]
script_location = $(ini_path "$proj")
sqlalchemy.url = postgresql+psycopg2:///$(ini_path "$url_db")

[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console
qualname =

[logger_sqlalchemy]
level = WARNING
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)s [%(name)s] %(message)s
INI

BAD_LOG='^(WARNING|ERROR|CRITICAL) \[|Warning: '

case $fw_cmd in
  check)
    log=$FW_TMP/check.log
    fw_run "$log" "${PY[@]}" - "$FW_TMP/alembic.ini" "${#files[@]}" <<'PY' || fw_die "the revisions do not load"
import sys
from alembic.config import Config
from alembic.script import ScriptDirectory

script = ScriptDirectory.from_config(Config(sys.argv[1]))
revs = list(script.walk_revisions())
heads, bases = script.get_heads(), script.get_bases()
for rev in reversed(revs):
    print(f"{rev.revision}  <- {rev.down_revision}  {rev.doc}  ({rev.path.rsplit('/', 1)[-1]})")
problems = []
if len(revs) != int(sys.argv[2]):
    problems.append(f"{sys.argv[2]} .py files but {len(revs)} revisions")
if len(heads) != 1:
    problems.append(f"{len(heads)} heads {heads}: upgrade head needs exactly one")
if len(bases) != 1:
    problems.append(f"{len(bases)} bases {bases}")
for rev in revs:
    if rev.is_merge_point or rev.is_branch_point or rev.dependencies:
        problems.append(f"{rev.revision}: branches, merges and depends_on are not expected")
if problems:
    sys.exit("; ".join(problems))
print(f"{len(revs)} revisions, one chain, head {heads[0]}")
PY
    fw_no_warnings "$log" "$BAD_LOG" "loading the revisions printed warnings"
    echo "$fw_name: ok"
    ;;
  up | down)
    [ "$fw_cmd" = up ] && target=(upgrade head) || target=(downgrade base)
    log=$FW_TMP/alembic-$fw_cmd.log
    if ! fw_run "$log" "${PY[@]}" -m alembic -c "$FW_TMP/alembic.ini" "${target[@]}"; then
      # the last line of a Python traceback is the exception that ended the run
      fw_die "alembic ${target[*]} failed: $(grep -E '^[A-Za-z_][A-Za-z0-9_.]*(Error|Exception|Warning|Exit)?: ' "$log" | tail -n1 | cut -c1-300)"
    fi
    fw_no_warnings "$log" "$BAD_LOG" "alembic ${target[*]} printed warnings or errors"
    ;;
esac
exit 0
