"""Workspace segments remember the XLIFF unit they came from, so an XLIFF export gives the CAT tool its ids back.

A nullable column `workspace_segments.unit_id`; segments made from pasted text have none. The downgrade drops it.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workspace_segments") as batch:
        batch.add_column(sa.Column("unit_id", sa.String(200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workspace_segments") as batch:
        batch.drop_column("unit_id")
