"""Workshops, their version history and the room's ballots in a SQL database (SQLite by default).

Every call that changes a workshop takes a token and checks its role here, so a participant or
viewer link can never change the plan, whatever the user interface shows. Tokens are compared in
constant time. Any SQLAlchemy URL works; PostgreSQL (psycopg) when several servers share one plan.
"""

from __future__ import annotations

import hmac
import json
import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from planner.files import dump_workshop, parse_workshop
from planner.models import Identifier, Score, Workshop, new_id

STORAGE_SCHEMA_VERSION = 1
VERSIONS_KEPT = 50
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "var"
TOKEN_BYTES = 24

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


class Role(StrEnum):
    FACILITATOR = "facilitator"
    PARTICIPANT = "participant"
    VIEWER = "viewer"


class AccessDenied(PermissionError):
    """A token that is wrong, rotated, or not allowed to do this."""


class VotingClosed(PermissionError):
    """The facilitator has locked voting."""


class Access(BaseModel):
    workshop_id: str
    role: Role
    token: str


class Links(BaseModel):
    workshop_id: str
    facilitator: str
    participant: str
    viewer: str


class WorkshopSummary(BaseModel):
    id: str
    name: str
    organisation: str
    revision: int
    updated_at: datetime


class VersionInfo(BaseModel):
    id: int
    revision: int
    label: str
    saved_at: datetime


class Ballot(BaseModel):
    participant_id: str
    participant_name: str
    use_case_id: str
    scores: dict[str, int]
    submitted_at: datetime
    updated_at: datetime


class RoomState(BaseModel):
    voting_locked: bool
    results_hidden: bool


class BallotInput(BaseModel):
    participant_id: Identifier
    participant_name: str = Field(default="", max_length=80)
    use_case_id: Identifier
    scores: dict[Identifier, Score]


def _now() -> datetime:
    return datetime.now(UTC)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def database_url(*, environ: Mapping[str, str], secrets_url: str | None = None, data_dir: Path | None = None) -> str:
    """DATABASE_URL wins, then `[database] url` from secrets, then a SQLite file in the data folder."""
    if environ.get("DATABASE_URL"):
        return environ["DATABASE_URL"]
    if secrets_url:
        return secrets_url
    folder = data_dir or Path(environ.get("ROADMAP_DATA_DIR") or DEFAULT_DATA_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'roadmap.db'}"


def _normalise_url(url: str) -> str:
    # Plain postgresql:// URLs would ask for psycopg2; this project ships psycopg 3.
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


class Store:
    """One database. Safe to share between sessions and threads: it holds an engine, never user data."""

    def __init__(self, url: str, *, versions_kept: int = VERSIONS_KEPT) -> None:
        self.url = _normalise_url(url)
        self.versions_kept = versions_kept
        sqlite = self.url.startswith("sqlite")
        self.engine: Engine = create_engine(
            self.url,
            connect_args={"timeout": 30, "check_same_thread": False} if sqlite else {},
            pool_pre_ping=not sqlite,
        )
        if sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._migrate()

    def _migrate(self) -> None:
        metadata.create_all(self.engine)
        with self.engine.begin() as conn:
            found = conn.execute(select(schema_info.c.version)).scalar()
            if found is None:
                conn.execute(insert(schema_info).values(version=STORAGE_SCHEMA_VERSION))
            elif found > STORAGE_SCHEMA_VERSION:
                raise RuntimeError(
                    f"The database was written by a newer Roadmap Planner (storage schema {found}); update the app."
                )

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    # Tokens and roles

    def resolve(self, workshop_id: str, token: str) -> Access:
        """Which role a link's token grants on a workshop; AccessDenied for a wrong or rotated token."""
        with self._tx() as conn:
            row = conn.execute(
                select(
                    workshops_table.c.facilitator_token,
                    workshops_table.c.participant_token,
                    workshops_table.c.viewer_token,
                ).where(workshops_table.c.id == workshop_id)
            ).first()
        # Compare against every token, always, so timing says nothing about which one (if any) matched.
        matched: Role | None = None
        for role, stored in zip(
            (Role.FACILITATOR, Role.PARTICIPANT, Role.VIEWER),
            tuple(row) if row else ("", "", ""),
            strict=True,
        ):
            if hmac.compare_digest(stored.encode(), token.encode()) and stored:
                matched = matched or role
        if matched is None:
            raise AccessDenied("This link is not valid: it may have been rotated. Ask the facilitator for a new one.")
        return Access(workshop_id=workshop_id, role=matched, token=token)

    def local_access(self, workshop_id: str) -> Access:
        """Facilitator access without a link, for local mode only: whoever runs the app on their own
        laptop owns its database. Hosted deployments never call this (see ui/state.py)."""
        with self._tx() as conn:
            token = conn.execute(
                select(workshops_table.c.facilitator_token).where(workshops_table.c.id == workshop_id)
            ).scalar()
        if token is None:
            raise AccessDenied("This workshop no longer exists.")
        return Access(workshop_id=workshop_id, role=Role.FACILITATOR, token=token)

    def _require(self, access: Access, *roles: Role) -> Access:
        current = self.resolve(access.workshop_id, access.token)
        if current.role not in roles:
            raise AccessDenied(f"A {current.role.value} link cannot do this.")
        return current

    # Workshops

    def create(self, workshop: Workshop, *, label: str = "create") -> Access:
        now = _now()
        data = dump_workshop(workshop)
        tokens = {f"{role.value}_token": new_token() for role in Role}
        with self._tx() as conn:
            conn.execute(
                insert(workshops_table).values(
                    id=workshop.id,
                    name=workshop.name,
                    organisation=workshop.organisation,
                    data=data,
                    revision=1,
                    voting_locked=False,
                    results_hidden=False,
                    created_at=now,
                    updated_at=now,
                    **tokens,
                )
            )
            conn.execute(
                insert(versions_table).values(workshop_id=workshop.id, revision=1, label=label, data=data, saved_at=now)
            )
        return Access(workshop_id=workshop.id, role=Role.FACILITATOR, token=tokens["facilitator_token"])

    def exists(self, workshop_id: str) -> bool:
        with self._tx() as conn:
            return (
                conn.execute(select(workshops_table.c.id).where(workshops_table.c.id == workshop_id)).first()
                is not None
            )

    def list_workshops(self) -> list[WorkshopSummary]:
        """Every workshop, newest first: for local mode only (hosted mode never lists)."""
        columns = workshops_table.c
        with self._tx() as conn:
            rows = conn.execute(
                select(columns.id, columns.name, columns.organisation, columns.revision, columns.updated_at).order_by(
                    columns.updated_at.desc()
                )
            ).all()
        return [WorkshopSummary.model_validate(row._asdict()) for row in rows]

    def load(self, access: Access) -> Workshop:
        self._require(access, *Role)
        with self._tx() as conn:
            data = conn.execute(
                select(workshops_table.c.data).where(workshops_table.c.id == access.workshop_id)
            ).scalar()
        if data is None:
            raise AccessDenied("This workshop no longer exists.")
        return parse_workshop(data)

    def revision(self, access: Access) -> int:
        self._require(access, *Role)
        with self._tx() as conn:
            value = conn.execute(
                select(workshops_table.c.revision).where(workshops_table.c.id == access.workshop_id)
            ).scalar()
        return int(value or 0)

    def save(self, access: Access, workshop: Workshop, *, label: str) -> int:
        """Store a new version of the workshop; returns its revision number."""
        self._require(access, Role.FACILITATOR)
        if workshop.id != access.workshop_id:
            raise AccessDenied("This link belongs to a different workshop.")
        data = dump_workshop(workshop)
        now = _now()
        with self._tx() as conn:
            revision = (
                conn.execute(
                    select(workshops_table.c.revision).where(workshops_table.c.id == access.workshop_id)
                ).scalar_one()
                + 1
            )
            conn.execute(
                update(workshops_table)
                .where(workshops_table.c.id == access.workshop_id)
                .values(
                    data=data, revision=revision, name=workshop.name, organisation=workshop.organisation, updated_at=now
                )
            )
            conn.execute(
                insert(versions_table).values(
                    workshop_id=access.workshop_id, revision=revision, label=label[:300], data=data, saved_at=now
                )
            )
            self._prune_versions(conn, access.workshop_id)
        return int(revision)

    def _prune_versions(self, conn: Connection, workshop_id: str) -> None:
        keep = (
            select(versions_table.c.id)
            .where(versions_table.c.workshop_id == workshop_id)
            .order_by(versions_table.c.revision.desc())
            .limit(self.versions_kept)
        )
        kept_ids = [row[0] for row in conn.execute(keep)]
        conn.execute(
            delete(versions_table).where(
                versions_table.c.workshop_id == workshop_id, versions_table.c.id.not_in(kept_ids)
            )
        )

    def versions(self, access: Access) -> list[VersionInfo]:
        self._require(access, Role.FACILITATOR)
        c = versions_table.c
        with self._tx() as conn:
            rows = conn.execute(
                select(c.id, c.revision, c.label, c.saved_at)
                .where(c.workshop_id == access.workshop_id)
                .order_by(c.revision.desc())
            ).all()
        return [VersionInfo.model_validate(row._asdict()) for row in rows]

    def version(self, access: Access, version_id: int) -> Workshop:
        """An earlier version, read only; saving it again is the caller's choice."""
        self._require(access, Role.FACILITATOR)
        c = versions_table.c
        with self._tx() as conn:
            data = conn.execute(select(c.data).where(c.id == version_id, c.workshop_id == access.workshop_id)).scalar()
        if data is None:
            raise KeyError(f"No version {version_id} of this workshop.")
        return parse_workshop(data)

    def restore(self, access: Access, version_id: int) -> Workshop:
        """Bring back an earlier version as a new save (so the restore itself can be undone)."""
        self._require(access, Role.FACILITATOR)
        c = versions_table.c
        with self._tx() as conn:
            row = conn.execute(
                select(c.data, c.revision).where(c.id == version_id, c.workshop_id == access.workshop_id)
            ).first()
        if row is None:
            raise KeyError(f"No version {version_id} of this workshop.")
        workshop = parse_workshop(row.data)
        self.save(access, workshop, label=f"restore revision {row.revision}")
        return workshop

    def rename(self, access: Access, name: str) -> Workshop:
        workshop = self.load(access).model_copy(update={"name": name})
        workshop = Workshop.model_validate(workshop.model_dump())
        self.save(access, workshop, label=f"rename to '{name}'")
        return workshop

    def duplicate(self, access: Access, *, name: str | None = None) -> Access:
        """A copy with a new id and new links; ballots are not copied."""
        source = self.load(access)
        copy = Workshop.model_validate({**source.model_dump(), "id": new_id(), "name": name or f"{source.name} (copy)"})
        return self.create(copy, label=f"duplicate of {source.name}")

    def delete(self, access: Access) -> None:
        self._require(access, Role.FACILITATOR)
        with self._tx() as conn:
            conn.execute(delete(ballots_table).where(ballots_table.c.workshop_id == access.workshop_id))
            conn.execute(delete(versions_table).where(versions_table.c.workshop_id == access.workshop_id))
            conn.execute(delete(workshops_table).where(workshops_table.c.id == access.workshop_id))

    def rotate(self, access: Access) -> Access:
        """New tokens for all three links; the old links stop working at once."""
        self._require(access, Role.FACILITATOR)
        tokens = {f"{role.value}_token": new_token() for role in Role}
        with self._tx() as conn:
            conn.execute(update(workshops_table).where(workshops_table.c.id == access.workshop_id).values(**tokens))
        return Access(workshop_id=access.workshop_id, role=Role.FACILITATOR, token=tokens["facilitator_token"])

    def tokens(self, access: Access) -> Links:
        """The three tokens, for the facilitator to share."""
        self._require(access, Role.FACILITATOR)
        c = workshops_table.c
        with self._tx() as conn:
            row = conn.execute(
                select(c.facilitator_token, c.participant_token, c.viewer_token).where(c.id == access.workshop_id)
            ).one()
        return Links(workshop_id=access.workshop_id, facilitator=row[0], participant=row[1], viewer=row[2])

    # The room

    def room_state(self, access: Access) -> RoomState:
        self._require(access, *Role)
        c = workshops_table.c
        with self._tx() as conn:
            row = conn.execute(select(c.voting_locked, c.results_hidden).where(c.id == access.workshop_id)).one()
        return RoomState(voting_locked=bool(row[0]), results_hidden=bool(row[1]))

    def set_room_state(
        self, access: Access, *, voting_locked: bool | None = None, results_hidden: bool | None = None
    ) -> None:
        self._require(access, Role.FACILITATOR)
        values: dict[str, Any] = {}
        if voting_locked is not None:
            values["voting_locked"] = voting_locked
        if results_hidden is not None:
            values["results_hidden"] = results_hidden
        if values:
            with self._tx() as conn:
                conn.execute(update(workshops_table).where(workshops_table.c.id == access.workshop_id).values(**values))

    def submit_ballot(self, access: Access, ballot: BallotInput) -> None:
        """One ballot per participant and use case: a second submission updates the first."""
        self._require(access, Role.PARTICIPANT, Role.FACILITATOR)
        if self.room_state(access).voting_locked:
            raise VotingClosed("Voting is closed for now.")
        known = {uc.id for uc in self.load(access).use_cases}
        if ballot.use_case_id not in known:
            raise KeyError(f"No use case '{ballot.use_case_id}' in this workshop.")
        now = _now()
        scores = json.dumps(ballot.scores, sort_keys=True)
        c = ballots_table.c
        key = (
            (c.workshop_id == access.workshop_id)
            & (c.participant_id == ballot.participant_id)
            & (c.use_case_id == ballot.use_case_id)
        )
        # Update first; insert when there was nothing to update. A racing insert of the same key hits the
        # unique constraint, and then the update is retried, so concurrent submissions never lose a ballot.
        for _ in range(3):
            with self._tx() as conn:
                changed = conn.execute(
                    update(ballots_table)
                    .where(key)
                    .values(scores=scores, participant_name=ballot.participant_name, updated_at=now)
                ).rowcount
                if changed:
                    return
            try:
                with self._tx() as conn:
                    conn.execute(
                        insert(ballots_table).values(
                            workshop_id=access.workshop_id,
                            participant_id=ballot.participant_id,
                            participant_name=ballot.participant_name,
                            use_case_id=ballot.use_case_id,
                            scores=scores,
                            submitted_at=now,
                            updated_at=now,
                        )
                    )
                return
            except IntegrityError:
                continue
        raise RuntimeError("The ballot could not be saved; please submit again.")

    def ballots(self, access: Access) -> list[Ballot]:
        self._require(access, *Role)
        c = ballots_table.c
        with self._tx() as conn:
            rows = conn.execute(
                select(c.participant_id, c.participant_name, c.use_case_id, c.scores, c.submitted_at, c.updated_at)
                .where(c.workshop_id == access.workshop_id)
                .order_by(c.id)
            ).all()
        return [Ballot.model_validate({**row._asdict(), "scores": json.loads(row.scores)}) for row in rows]

    def my_ballots(self, access: Access, participant_id: str) -> dict[str, dict[str, int]]:
        """A participant's own ballots by use case id: what they see on their phone, never anyone else's."""
        self._require(access, Role.PARTICIPANT, Role.FACILITATOR)
        c = ballots_table.c
        with self._tx() as conn:
            rows = conn.execute(
                select(c.use_case_id, c.scores).where(
                    c.workshop_id == access.workshop_id, c.participant_id == participant_id
                )
            ).all()
        return {row.use_case_id: json.loads(row.scores) for row in rows}

    def ballot_counts(self, access: Access) -> tuple[int, int]:
        """(participants, ballots) so far."""
        self._require(access, *Role)
        c = ballots_table.c
        with self._tx() as conn:
            row = conn.execute(
                select(func.count(func.distinct(c.participant_id)), func.count(c.id)).where(
                    c.workshop_id == access.workshop_id
                )
            ).one()
        return int(row[0]), int(row[1])

    def reset_votes(self, access: Access) -> int:
        self._require(access, Role.FACILITATOR)
        with self._tx() as conn:
            return int(
                conn.execute(delete(ballots_table).where(ballots_table.c.workshop_id == access.workshop_id)).rowcount
            )

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (the facilitator's live view) carry on while participants write.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


__all__ = [
    "Access",
    "AccessDenied",
    "Ballot",
    "BallotInput",
    "Links",
    "Role",
    "RoomState",
    "Store",
    "VersionInfo",
    "VotingClosed",
    "WorkshopSummary",
    "database_url",
]
