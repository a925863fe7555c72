"""Terms keep admitted English renderings beside the preferred target and the forbidden ones.

A JSON list column `admitted` on `terms`, an empty list for every term stored so far. Both dialects add a
column with a constant default in place (SQLite's ADD COLUMN keeps the AUTOINCREMENT table of 0004 as it
is); the downgrade drops it again (SQLite 3.35+ drops a column in place too).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("terms", sa.Column("admitted", sa.JSON, nullable=False, server_default=sa.text("'[]'")))


def downgrade() -> None:
    op.drop_column("terms", "admitted")
