"""Workshops, their version history and the room's ballots in a SQL database (SQLite by default).

Every call that changes a workshop takes a token and checks its role here, so a participant or
viewer link can never change the plan, whatever the user interface shows. Tokens are compared in
constant time. Any SQLAlchemy URL works; PostgreSQL (psycopg) when several servers share one plan.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import (
    Engine,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError

from planner import PROJECT_ROOT
from planner.domain.errors import AccessDenied, NotFound, RevisionConflict, StorageUnavailable
from planner.domain.models import Identifier, PlainText, Score, Workshop, new_id
from planner.domain.room import Ballot
from planner.formats.workshop_json import dump_workshop, parse_workshop
from planner.storage.migrate import upgrade
from planner.storage.tables import ballots_table, versions_table, workshops_table

VERSIONS_KEPT = 50
# Saved versions of one workshop are also kept within this many bytes of JSON (the newest is always kept).
VERSIONS_BYTES = 64 * 2**20
DEFAULT_DATA_DIR = PROJECT_ROOT / "var"
TOKEN_BYTES = 24


class Role(StrEnum):
    FACILITATOR = "facilitator"
    PARTICIPANT = "participant"
    VIEWER = "viewer"


class VotingClosed(AccessDenied):
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


class RoomState(BaseModel):
    voting_locked: bool
    results_hidden: bool


class BallotInput(BaseModel):
    participant_id: str = Field(max_length=64, description="A ticket from Store.participant_ticket")
    participant_name: PlainText = Field(default="", max_length=80)
    use_case_id: Identifier
    scores: dict[Identifier, Score]


def _signed(key: str, participant_id: str) -> str:
    """A participant id's signature, keyed with the facilitator's token, which participants never see; rotating
    the links renews it."""
    return hmac.new(key.encode(), participant_id.encode(), hashlib.sha256).hexdigest()[:20]


def _ticket_parts(ticket: str) -> tuple[str, str] | None:
    """(participant id, signature) of a well-formed ticket; None for anything else."""
    participant_id, _, signature = ticket.partition(".")
    if not participant_id or not signature or len(ticket) > 64:
        return None
    return participant_id, signature


def _ticket_owner(ticket: str, key: str) -> str | None:
    """The participant id in a ticket signed with `key`, or None for an edited or foreign one."""
    parts = _ticket_parts(ticket)
    if parts is None:
        return None
    participant_id, signature = parts
    return participant_id if hmac.compare_digest(signature.encode(), _signed(key, participant_id).encode()) else None


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
    folder = data_dir or data_folder(environ)
    return f"sqlite:///{folder / 'roadmap.db'}"


def data_folder(environ: Mapping[str, str]) -> Path:
    """Where the SQLite database and the admin key live: ROADMAP_DATA_DIR, or var/ beside the app."""
    return Path(environ.get("ROADMAP_DATA_DIR") or DEFAULT_DATA_DIR)


def _sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL, or None for other databases and in-memory SQLite."""
    if not url.startswith("sqlite:///"):
        return None
    path = url.removeprefix("sqlite:///").split("?", 1)[0].removeprefix("file:")
    return Path(path) if path and path != ":memory:" else None


def _unavailable(exc: DBAPIError) -> StorageUnavailable:
    """Say in words why the database refused: down, read-only, full or locked."""
    text = str(exc.orig or exc).lower()
    if "readonly" in text or "read-only" in text or "read only" in text:
        reason = "the database is read-only, so changes cannot be written"
    elif "disk is full" in text or "no space" in text or "could not extend" in text:
        reason = "the disk that holds the database is full"
    elif "locked" in text or "busy" in text:
        reason = "the database is busy with another save; try again in a moment"
    elif "unable to open" in text:
        reason = "the database file cannot be opened: its folder may have been removed or be unreadable"
    elif "connect" in text or "connection" in text or "server closed" in text or "terminating" in text:
        reason = "the database server cannot be reached"
    else:
        reason = "the database reported an error"
    return StorageUnavailable(reason)


def _normalise_url(url: str) -> str:
    # Plain postgresql:// URLs would ask for psycopg2; this project ships psycopg 3.
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


class Store:
    """One database. Safe to share between sessions and threads: it holds an engine, never user data."""

    def __init__(self, url: str, *, versions_kept: int = VERSIONS_KEPT, versions_bytes: int = VERSIONS_BYTES) -> None:
        self.url = _normalise_url(url)
        self.versions_kept = versions_kept
        self.versions_bytes = versions_bytes
        self.sqlite_file = _sqlite_file(self.url)
        if self.sqlite_file is not None:
            try:
                self.sqlite_file.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageUnavailable(
                    f"the data folder {self.sqlite_file.parent} cannot be created ({exc.strerror or exc}). "
                    "Set ROADMAP_DATA_DIR to a folder this app may write to, then start it again."
                ) from None
        sqlite_db = self.url.startswith("sqlite")
        # A room is 5-20 phones and a facilitator, each a session thread of one server: the default pool (5 + 10
        # overflow) made the facilitator's live view queue for a connection behind 20 phones submitting at once.
        pool = {} if sqlite_db else {"pool_size": 10, "max_overflow": 30, "pool_timeout": 10}
        self.engine: Engine = create_engine(
            self.url,
            connect_args={"timeout": 30, "check_same_thread": False} if sqlite_db else {},
            pool_pre_ping=not sqlite_db,
            **pool,
        )
        self._sqlite_writes: AbstractContextManager[object] = threading.Lock() if sqlite_db else nullcontext()
        if sqlite_db:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._migrate()

    def _migrate(self) -> None:
        """Bring the schema up to date with the Alembic migrations, in one transaction (see migrate.py)."""
        with self._tx(check_file=False) as conn:
            upgrade(conn)

    @contextmanager
    def _tx(self, *, check_file: bool = True) -> Iterator[Connection]:
        """One transaction. Database failures become StorageUnavailable, with the reason in words."""
        if check_file and self.sqlite_file is not None and not self.sqlite_file.exists():
            # An open SQLite connection would go on writing into the deleted file, and every edit would be
            # confirmed and then gone after a restart: refuse instead, and say why.
            raise StorageUnavailable(
                f"the data folder {self.sqlite_file.parent} (or its roadmap.db) was removed while the app was "
                "running, so nothing more can be saved there. Download the workshop file now, then restart the app."
            )
        try:
            with self.engine.begin() as conn:
                yield conn
        except IntegrityError:
            raise
        except DBAPIError as exc:
            raise _unavailable(exc) from exc

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

    def local_access(self, workshop_id: str, *, admin_key: str, expected_key: str) -> Access:
        """Facilitator access without a link, for whoever holds the local admin key (printed in the terminal at
        start and kept in the data folder). Nothing is decided by the caller's address."""
        if not expected_key or not hmac.compare_digest(admin_key.encode(), expected_key.encode()):
            raise AccessDenied("The admin key is not right: it is printed in the terminal that started the app.")
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

    def created_since(self, moment: float) -> int:
        """How many workshops were created after `moment` (a Unix time): hosted mode's limit reads it."""
        since = datetime.fromtimestamp(moment, UTC)
        with self._tx() as conn:
            return int(conn.execute(select(func.count()).where(workshops_table.c.created_at >= since)).scalar() or 0)

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

    def load_with_revision(self, access: Access) -> tuple[Workshop, int]:
        """The stored workshop and its revision, read together."""
        self._require(access, *Role)
        c = workshops_table.c
        with self._tx() as conn:
            row = conn.execute(select(c.data, c.revision).where(c.id == access.workshop_id)).first()
        if row is None:
            raise AccessDenied("This workshop no longer exists.")
        return parse_workshop(row.data), int(row.revision)

    def save(self, access: Access, workshop: Workshop, *, label: str, base_revision: int) -> int:
        """Store a new version of the workshop on top of `base_revision`; returns the new revision.

        Raises RevisionConflict when the workshop was saved elsewhere since `base_revision`: nothing is
        written then, and the caller decides how to combine the two. One transaction, and a unique index on
        (workshop, revision), so two saves can never both succeed on top of the same revision.
        """
        self._require(access, Role.FACILITATOR)
        if workshop.id != access.workshop_id:
            raise AccessDenied("This link belongs to a different workshop.")
        data = dump_workshop(workshop)
        now = _now()
        revision = base_revision + 1
        c = workshops_table.c
        try:
            with self._tx() as conn:
                changed = conn.execute(
                    update(workshops_table)
                    .where(c.id == access.workshop_id, c.revision == base_revision)
                    .values(
                        data=data,
                        revision=revision,
                        name=workshop.name,
                        organisation=workshop.organisation,
                        updated_at=now,
                    )
                ).rowcount
                if changed != 1:
                    current = conn.execute(select(c.revision).where(c.id == access.workshop_id)).scalar()
                    if current is None:
                        raise NotFound("This workshop no longer exists: it was deleted elsewhere.")
                    raise RevisionConflict(int(current))
                conn.execute(
                    insert(versions_table).values(
                        workshop_id=access.workshop_id, revision=revision, label=label[:300], data=data, saved_at=now
                    )
                )
                self._prune_versions(conn, access.workshop_id)
        except IntegrityError:
            # Only the unique revision index can fail here: another save took this revision first.
            raise RevisionConflict(self.revision(access)) from None
        return revision

    def _prune_versions(self, conn: Connection, workshop_id: str) -> None:
        """Keep the newest versions, at most `versions_kept` of them and within `versions_bytes` in all."""
        c = versions_table.c
        rows = conn.execute(
            select(c.id, func.length(c.data))
            .where(c.workshop_id == workshop_id)
            .order_by(c.revision.desc())
            .limit(self.versions_kept + 50)
        ).all()
        kept: list[int] = []
        total = 0
        for version_id, size in rows:
            total += int(size or 0)
            if kept and (len(kept) >= self.versions_kept or total > self.versions_bytes):
                break
            kept.append(int(version_id))
        conn.execute(delete(versions_table).where(c.workshop_id == workshop_id, c.id.not_in(kept)))

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
            raise NotFound(f"There is no version {version_id} of this workshop any more.")
        return parse_workshop(data)

    def restore(self, access: Access, version_id: int) -> Workshop:
        """Bring back an earlier version as a new save (so the restore itself can be undone)."""
        self._require(access, Role.FACILITATOR)
        c = versions_table.c
        with self._tx() as conn:
            row = conn.execute(
                select(c.data, c.revision).where(c.id == version_id, c.workshop_id == access.workshop_id)
            ).first()
            current = conn.execute(
                select(workshops_table.c.revision).where(workshops_table.c.id == access.workshop_id)
            ).scalar()
        if row is None or current is None:
            raise NotFound(f"There is no version {version_id} of this workshop any more.")
        workshop = parse_workshop(row.data)
        self.save(access, workshop, label=f"restore revision {row.revision}", base_revision=int(current))
        return workshop

    def rename(self, access: Access, name: str) -> Workshop:
        stored, revision = self.load_with_revision(access)
        workshop = Workshop.model_validate({**stored.model_dump(), "name": name})
        self.save(access, workshop, label=f"rename to '{name}'", base_revision=revision)
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

    def participant_ticket(self, access: Access) -> str:
        """A new participant id, signed by the server: `id.signature`. Editing it in the link gets it refused."""
        participant_id = new_id()
        return f"{participant_id}.{_signed(self._signing_key(access), participant_id)}"

    def participant_id(self, access: Access, ticket: str) -> str | None:
        """The participant id in a ticket this workshop issued, or None for an edited or foreign one."""
        if _ticket_parts(ticket) is None:
            return None  # no need to ask the database about a ticket that is not one
        return _ticket_owner(ticket, self._signing_key(access))

    def _signing_key(self, access: Access) -> str:
        self._require(access, Role.PARTICIPANT, Role.FACILITATOR)
        with self._tx() as conn:
            key = conn.execute(
                select(workshops_table.c.facilitator_token).where(workshops_table.c.id == access.workshop_id)
            ).scalar()
        if key is None:
            raise AccessDenied("This workshop no longer exists.")
        return str(key)

    def submit_ballot(self, access: Access, ballot: BallotInput) -> None:
        """One ballot per participant and use case: a second submission updates the first.

        `ballot.participant_id` is a ticket from `participant_ticket`. The lock is checked in the same
        transaction that writes, after the write took its lock, so a ballot never lands after voting closed.
        """
        self._require(access, Role.PARTICIPANT, Role.FACILITATOR)
        c = workshops_table.c
        # One read for the signing key and the use case ids (raw JSON, no full parse): 20 phones submit at once.
        with self._tx() as conn:
            row = conn.execute(select(c.facilitator_token, c.data).where(c.id == access.workshop_id)).first()
        if row is None:
            raise AccessDenied("This workshop no longer exists.")
        participant_id = _ticket_owner(ballot.participant_id, row.facilitator_token)
        if participant_id is None:
            raise AccessDenied("This participant link was changed or has expired: open the link you were given.")
        known = {str(uc.get("id")) for uc in json.loads(row.data).get("use_cases", [])}
        if ballot.use_case_id not in known:
            raise NotFound(f"There is no use case '{ballot.use_case_id}' in this workshop any more.")
        now = _now()
        values = {
            "workshop_id": access.workshop_id,
            "participant_id": participant_id,
            "participant_name": ballot.participant_name,
            "use_case_id": ballot.use_case_id,
            "scores": json.dumps(ballot.scores, sort_keys=True),
            "submitted_at": now,
            "updated_at": now,
        }
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        statement = dialect.insert(ballots_table).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=["workshop_id", "participant_id", "use_case_id"],
            set_={
                "scores": statement.excluded.scores,
                "participant_name": statement.excluded.participant_name,
                "updated_at": statement.excluded.updated_at,
            },
        )
        # SQLite lets one writer in at a time and makes the others sleep and retry, which left some phones waiting
        # a second or more when a room submits at once; queueing here wakes each one as soon as it is its turn.
        with self._sqlite_writes, self._tx() as conn:
            conn.execute(statement)
            locked_query = select(c.voting_locked).where(c.id == access.workshop_id)
            if self.engine.dialect.name == "postgresql":
                locked_query = locked_query.with_for_update(read=True)
            locked = conn.execute(locked_query).scalar()
            if locked is None:
                raise AccessDenied("This workshop no longer exists.")
            if locked:
                raise VotingClosed("Voting is closed for now.")  # leaving the block rolls the write back

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

    def my_ballots(self, access: Access, ticket: str) -> dict[str, dict[str, int]]:
        """A participant's own ballots by use case id: what they see on their phone, never anyone else's."""
        participant_id = self.participant_id(access, ticket)
        if participant_id is None:
            return {}
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
    "NotFound",
    "RevisionConflict",
    "Role",
    "RoomState",
    "StorageUnavailable",
    "Store",
    "VersionInfo",
    "VotingClosed",
    "WorkshopSummary",
    "database_url",
]
