"""index users.nickname concurrently

Wrong for Alembic 1.8: create_index() has no if_not_exists= yet; SQLAlchemy warns
("Can't validate argument 'if_not_exists'") and ignores it. -W error makes that fatal.

Revision ID: 20240101000001
Revises:
"""
from alembic import op

revision = "20240101000001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    with op.get_context().autocommit_block():
        op.create_index("idx_users_nickname", "users", ["nickname"],
                        postgresql_concurrently=True, if_not_exists=True)


def downgrade():
    with op.get_context().autocommit_block():
        op.drop_index("idx_users_nickname", table_name="users", postgresql_concurrently=True)
