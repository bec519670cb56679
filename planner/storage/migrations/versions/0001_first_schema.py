"""The first storage schema: workshops, their saved versions, and the room's ballots.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Read by Roadmap Planners older than these migrations: they refuse a schema newer than they know.
    op.create_table("schema_info", sa.Column("version", sa.Integer, nullable=False))
    op.execute("INSERT INTO schema_info (version) VALUES (1)")
    op.create_table(
        "workshops",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("organisation", sa.String(200), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("facilitator_token", sa.String(64), nullable=False),
        sa.Column("participant_token", sa.String(64), nullable=False),
        sa.Column("viewer_token", sa.String(64), nullable=False),
        sa.Column("voting_locked", sa.Boolean, nullable=False),
        sa.Column("results_hidden", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "workshop_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("workshop_id", sa.String(64), sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("label", sa.String(300), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_workshop_versions_workshop_id", "workshop_versions", ["workshop_id"])
    op.create_table(
        "ballots",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("workshop_id", sa.String(64), sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
        sa.Column("participant_id", sa.String(64), nullable=False),
        sa.Column("participant_name", sa.String(80), nullable=False),
        sa.Column("use_case_id", sa.String(64), nullable=False),
        sa.Column("scores", sa.Text, nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("workshop_id", "participant_id", "use_case_id", name="one_ballot_per_person_and_use_case"),
    )
    op.create_index("ix_ballots_workshop_id", "ballots", ["workshop_id"])


def downgrade() -> None:
    raise NotImplementedError("Roadmap Planner migrates forward only; restore a backup to go back.")
