# env.py of the throw-away Alembic project that run_alembic.sh builds around a scaffold's
# alembic/versions/. Written for the harness (not Alembic's template): online mode only,
# one transaction per migration (transaction_per_migration=True), and every PostgreSQL
# WARNING the migrations cause is turned into a failure.
#
# The connection comes from the environment (PGHOST, PGPORT, PGUSER, PGPASSWORD: libpq
# reads them) plus the database named in alembic.ini's sqlalchemy.url.
import logging
from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine, pool

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


class ServerMessages(logging.Handler):
    """SQLAlchemy's psycopg2 dialect logs every server notice (NOTICE, WARNING ...) at INFO
    on the 'sqlalchemy.dialects.postgresql' logger and then clears psycopg2's list; collect
    them here instead, to fail on the WARNINGs."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.warnings = []

    def emit(self, record):
        msg = record.getMessage().strip()
        if msg.startswith(("WARNING:", "ERROR:", "FATAL:", "PANIC:")):
            self.warnings.append(msg)


server_messages = ServerMessages()
pg_logger = logging.getLogger("sqlalchemy.dialects.postgresql")
pg_logger.setLevel(logging.INFO)
pg_logger.addHandler(server_messages)


def fail_on_server_warnings(ctx, step, heads, run_args):
    """on_version_apply: called after each migration step."""
    if server_messages.warnings:
        found = "; ".join(server_messages.warnings)
        server_messages.warnings.clear()
        raise RuntimeError(f"PostgreSQL reported during {step}: {found}")


def run_migrations_online():
    engine = create_engine(config.get_main_option("sqlalchemy.url"), poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            transaction_per_migration=True,
            on_version_apply=fail_on_server_warnings,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("run_alembic.sh runs Alembic online only")
run_migrations_online()
