# ActiveRecord migration runner for run_rails.sh (no Rails application needed).
#
#   ruby -W rails_runner.rb up|down MIGRATE_DIR DB
#
# up:   ActiveRecord::MigrationContext.new(dir, ActiveRecord::SchemaMigration).migrate
# down: .rollback(N), N = the number of migrations in MIGRATE_DIR
# The connection is the URL postgresql:///DB; libpq takes host, port and user from
# PGHOST/PGPORT/PGUSER.
#
# Failures besides exceptions:
#   - deprecations raise (ActiveSupport::Deprecation.behavior = :raise);
#   - every Ruby warning (ruby -W: verbose, deprecated category on) counts, unless it comes
#     from a file of the Ruby installation itself (gems, stdlib: e.g. ActiveSupport 6.1's
#     "method redefined" on Ruby 3.1) - those are printed as "tolerated" and do not fail;
#   - every WARNING the server sends (ActiveRecord sets client_min_messages = warning).
$harness_problems = []
LIBRARY_DIRS = [RbConfig::CONFIG["rubylibprefix"], RbConfig::CONFIG["rubylibdir"],
                "/usr/share/rubygems-integration", "/usr/lib/ruby", "/usr/share/ruby",
                *Gem.path].compact.uniq.map { |d| File.join(File.expand_path(d), "") }

module HarnessWarnings
  def warn(message, category: nil, **)
    if LIBRARY_DIRS.any? { |dir| message.start_with?(dir) }
      $stderr.print("tolerated Ruby library warning: #{message}")
    else
      $harness_problems << "Ruby warning: #{message.strip}"
      $stderr.print("Ruby warning: #{message}")
    end
  end
end
Warning.singleton_class.prepend(HarnessWarnings)

require "active_record"
ActiveSupport::Deprecation.behavior = :raise

command, dir, db = ARGV
unless %w[up down].include?(command) && dir && db && ARGV.size == 3
  abort "usage: ruby -W #{File.basename(__FILE__)} up|down MIGRATE_DIR DB"
end

$stdout.sync = true
ActiveRecord::Migration.verbose = true
ActiveRecord::Base.establish_connection("postgresql:///#{db}")
ActiveRecord::Base.connection.raw_connection.set_notice_receiver do |result|
  message = result.error_message.to_s
  severity = result.error_field(PG::PG_DIAG_SEVERITY_NONLOCALIZED) || message[/\A[A-Z]+/]
  $stderr.print("PostgreSQL: #{message}")
  $harness_problems << "PostgreSQL #{message.strip}" if %w[WARNING ERROR FATAL PANIC].include?(severity)
end

context = ActiveRecord::MigrationContext.new([File.expand_path(dir)], ActiveRecord::SchemaMigration)
count = context.migrations.size
abort "no migrations in #{dir}" if count.zero?
begin
  if command == "up"
    context.migrate
    pending = context.migrations.map(&:version) - context.get_all_versions
    $harness_problems << "not applied after migrate: #{pending.join(', ')}" unless pending.empty?
  else
    context.rollback(count)
    left = context.get_all_versions
    $harness_problems << "still applied after rollback(#{count}): #{left.join(', ')}" unless left.empty?
  end
rescue StandardError => e
  # ActiveRecord wraps the cause in "An error has occurred, this and all later migrations
  # canceled"; print the cause and the backtrace outside the Ruby installation.
  cause = e.cause || e
  $stderr.puts("#{cause.class}: #{cause.message.strip}")
  (cause.backtrace || []).reject { |l| LIBRARY_DIRS.any? { |d| l.start_with?(d) } }.first(8).each { |l| $stderr.puts("  from #{l}") }
  $harness_problems << "#{cause.class}: #{cause.message.strip.lines.first&.strip}"
end

unless $harness_problems.empty?
  $stderr.puts("rails_runner: #{command} failed:")
  $harness_problems.each { |p| $stderr.puts("  - #{p}") }
  exit 1
end
puts "rails_runner: #{command}: #{count} migrations"
