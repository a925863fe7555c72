"""Reviewers' verdicts on quality flags: a flag marked a false positive (or confirmed) is kept and counted.

A table `quality_verdicts` (segment, check code, the flag's message, verdict, who, when), one verdict per flag,
deleted with its pair. The downgrade drops it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quality_verdicts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("segment_id", sa.Integer, sa.ForeignKey("segments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("segment_id", "code", "message", name="uq_quality_verdicts_flag"),
    )
    op.create_index("ix_quality_verdicts_segment_id", "quality_verdicts", ["segment_id"])


def downgrade() -> None:
    op.drop_index("ix_quality_verdicts_segment_id", "quality_verdicts")
    op.drop_table("quality_verdicts")
