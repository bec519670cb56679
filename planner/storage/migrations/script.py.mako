"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
${imports if imports else ""}
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = None
depends_on = None


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}
    # Keep schema_info in step, for Roadmap Planners older than the migrations: set it to this revision's number.


def downgrade() -> None:
    raise NotImplementedError("Roadmap Planner migrates forward only; restore a backup to go back.")
