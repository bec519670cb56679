"""The database tables, as today's schema has them. The migrations (migrations/versions/) build the same schema
step by step; a test checks that the two agree."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()
schema_info = Table("schema_info", metadata, Column("version", Integer, nullable=False))
workshops_table = Table(
    "workshops",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("organisation", String(200), nullable=False, default=""),
    Column("data", Text, nullable=False),
    Column("revision", Integer, nullable=False, default=1),
    Column("facilitator_token", String(64), nullable=False),
    Column("participant_token", String(64), nullable=False),
    Column("viewer_token", String(64), nullable=False),
    Column("voting_locked", Boolean, nullable=False, default=False),
    Column("results_hidden", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
versions_table = Table(
    "workshop_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("workshop_id", String(64), ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("revision", Integer, nullable=False),
    Column("label", String(300), nullable=False),
    Column("data", Text, nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
)
# Two saves can never both become revision N: the second one fails instead of overwriting the first.
unique_revisions = Index(
    "uq_workshop_versions_revision", versions_table.c.workshop_id, versions_table.c.revision, unique=True
)
ballots_table = Table(
    "ballots",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("workshop_id", String(64), ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("participant_id", String(64), nullable=False),
    Column("participant_name", String(80), nullable=False, default=""),
    Column("use_case_id", String(64), nullable=False),
    Column("scores", Text, nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("workshop_id", "participant_id", "use_case_id", name="one_ballot_per_person_and_use_case"),
)
