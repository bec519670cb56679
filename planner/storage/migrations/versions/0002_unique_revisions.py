"""Revision numbers are unique per workshop: two saves can never both become revision N.

Where two saved versions of a workshop already share a revision, the later one is kept.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "DELETE FROM workshop_versions WHERE id NOT IN "
        "(SELECT MAX(id) FROM workshop_versions GROUP BY workshop_id, revision)"
    )
    op.create_index("uq_workshop_versions_revision", "workshop_versions", ["workshop_id", "revision"], unique=True)
    op.execute("UPDATE schema_info SET version = 2")


def downgrade() -> None:
    raise NotImplementedError("Roadmap Planner migrates forward only; restore a backup to go back.")
