"""Drop two segment indexes no query uses (document + key, import id): every index costs each imported pair.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_segments_document_key", table_name="segments")
    op.drop_index("ix_segments_import_id", table_name="segments")


def downgrade() -> None:
    op.create_index("ix_segments_import_id", "segments", ["import_id"])
    op.create_index("ix_segments_document_key", "segments", ["document_id", "key_hash"])
