"""The translation workspace: the segments of a document being translated, with their translation and status.

A table `workspace_segments` (document, position, cleaned source and the source as sent, context, target, status
new/draft/confirmed, the memory pair a confirmation stored, who and when), deleted with its document; a deleted
memory pair leaves the segment without its pair id. Nothing existing changes. The downgrade drops the table.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workspace_segments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("source_raw", sa.Text, nullable=True),
        sa.Column("context_before", sa.Text, nullable=False, server_default=""),
        sa.Column("context_after", sa.Text, nullable=False, server_default=""),
        sa.Column("target", sa.Text, nullable=False, server_default=""),
        sa.Column("status", sa.String(16), nullable=False, server_default="new"),
        sa.Column("segment_id", sa.Integer, sa.ForeignKey("segments.id", ondelete="SET NULL"), nullable=True),
        sa.Column("owns_pair", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_by", sa.String(100), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False, server_default=""),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("document_id", "position", name="uq_workspace_segments_position"),
    )
    op.create_index("ix_workspace_segments_document_id", "workspace_segments", ["document_id"])
    op.create_index("ix_workspace_segments_segment_id", "workspace_segments", ["segment_id"])


def downgrade() -> None:
    op.drop_index("ix_workspace_segments_segment_id", "workspace_segments")
    op.drop_index("ix_workspace_segments_document_id", "workspace_segments")
    op.drop_table("workspace_segments")
