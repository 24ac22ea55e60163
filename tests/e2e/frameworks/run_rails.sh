#!/usr/bin/env bash
# ActiveRecord (Rails migrations), the real library: Debian's ruby-activerecord 6.1 + ruby-pg.
#   check DIR      every file in DIR/db/migrate is named <version>_<snake_case_name>.rb (what
#                  ActiveRecord recognises; it silently skips anything else), versions are
#                  unique, and `ruby -wc` accepts it without a warning
#   up DIR DB      ruby -W rails_runner.rb up   : MigrationContext#migrate
#   down DIR DB    ruby -W rails_runner.rb down : MigrationContext#rollback(N), N = file count
# Deprecations raise; Ruby warnings from the migrations and PostgreSQL WARNINGs fail (see
# rails_runner.rb). Interface: see lib.sh.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fw_parse_args "$@"
fw_tmp_init

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RUBY=${RAILS_RUBY:-ruby}
command -v "$RUBY" >/dev/null || fw_die "ruby not found (apt-get install ruby-activerecord ruby-pg)"
migrate=$fw_dir/db/migrate
[ -d "$migrate" ] || fw_die "no db/migrate/ directory in $fw_dir"

# Ruby's own environment must not change what runs.
unset RUBYOPT RUBYLIB GEM_HOME GEM_PATH BUNDLE_GEMFILE DATABASE_URL RAILS_ENV

declare -A seen
n=0
shopt -s nullglob
for f in "$migrate"/*; do
  base=$(basename "$f")
  # ActiveRecord::Migrator's pattern: /\A([0-9]+)_([_a-z0-9]*)\.?([_a-z0-9]*)?\.rb\z/
  [[ $base =~ ^([0-9]+)_([_a-z0-9]*)\.rb$ ]] ||
    fw_die "db/migrate/$base: not <version>_<snake_case_name>.rb; ActiveRecord would skip it"
  v=$(printf '%s' "${BASH_REMATCH[1]}" | sed -E 's/^0+([0-9])/\1/')
  [ -z "${seen[$v]:-}" ] || fw_die "db/migrate/$base: version $v is also the version of ${seen[$v]}"
  seen[$v]=$base
  fw_check_text_file "$f"
  n=$((n + 1))
done
[ "$n" -gt 0 ] || fw_die "no migrations in $migrate"

case $fw_cmd in
  check)
    for f in "$migrate"/*.rb; do
      log=$FW_TMP/syntax.log
      fw_run "$log" "$RUBY" -wc "$f" >/dev/null || { cat "$log"; fw_die "$(basename "$f"): syntax error"; }
      fw_no_warnings "$log" 'warning:' "$(basename "$f"): ruby -wc warns"
      echo "$(basename "$f"): Syntax OK"
    done
    echo "$fw_name: $n migrations: names ok"
    ;;
  up | down)
    log=$FW_TMP/rails-$fw_cmd.log
    fw_run "$log" "$RUBY" -W "$here/rails_runner.rb" "$fw_cmd" "$migrate" "$fw_db" ||
      fw_failed "$log" "ActiveRecord $fw_cmd"
    fw_no_warnings "$log" '^(Ruby warning|DEPRECATION WARNING|WARNING: )' "ActiveRecord $fw_cmd printed warnings"
    ;;
esac
exit 0
