"""Workshops and their version history in a SQL database: the repository every save goes through.

A save names the revision it started from and fails with RevisionConflict when the workshop moved on meanwhile.
Every call checks its link's role (access.py) in the same transaction as its work, so a participant or viewer
link can never change the plan, whatever the user interface shows. The room's calls are in room_store.py.
"""

from __future__ import annotations

import hmac
from datetime import UTC, datetime

from pydantic import BaseModel
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from planner.domain.errors import AccessDenied, NotFound, RevisionConflict, StorageUnavailable
from planner.domain.models import Workshop
from planner.domain.room import Ballot
from planner.domain.vocabulary import new_id
from planner.formats.workshop_json import dump_workshop, parse_workshop
from planner.storage.access import GONE, Access, Links, Role, authorise, check, new_token
from planner.storage.database import DEFAULT_DATA_DIR, VERSIONS_BYTES, VERSIONS_KEPT, data_folder, database_url
from planner.storage.room_store import BallotInput, RoomState, RoomStore, VotingClosed
from planner.storage.tables import ballots_table, versions_table, workshops_table


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


def _now() -> datetime:
    return datetime.now(UTC)


class Store(RoomStore):
    """One database of workshops. Safe to share between sessions and threads: it holds an engine, never user data."""

    # Tokens and roles

    def resolve(self, workshop_id: str, token: str) -> Access:
        """Which role a link's token grants on a workshop; AccessDenied for a wrong or rotated token."""
        with self.tx() as conn:
            return authorise(conn, workshop_id, token)[0]

    def local_access(self, workshop_id: str, *, admin_key: str, expected_key: str) -> Access:
        """Facilitator access without a link, for whoever holds the local admin key (printed in the terminal at
        start and kept in the data folder). Nothing is decided by the caller's address."""
        if not expected_key or not hmac.compare_digest(admin_key.encode(), expected_key.encode()):
            raise AccessDenied("The admin key is not right: it is printed in the terminal that started the app.")
        with self.tx() as conn:
            token = conn.execute(
                select(workshops_table.c.facilitator_token).where(workshops_table.c.id == workshop_id)
            ).scalar()
        if token is None:
            raise AccessDenied(GONE)
        return Access(workshop_id=workshop_id, role=Role.FACILITATOR, token=token)

    def rotate(self, access: Access) -> Access:
        """New tokens for all three links; the old links stop working at once."""
        tokens = {f"{role.value}_token": new_token() for role in Role}
        with self.tx() as conn:
            check(conn, access, Role.FACILITATOR)
            conn.execute(update(workshops_table).where(workshops_table.c.id == access.workshop_id).values(**tokens))
        return Access(workshop_id=access.workshop_id, role=Role.FACILITATOR, token=tokens["facilitator_token"])

    def tokens(self, access: Access) -> Links:
        """The three tokens, for the facilitator to share."""
        c = workshops_table.c
        with self.tx() as conn:
            check(conn, access, Role.FACILITATOR)
            row = conn.execute(
                select(c.facilitator_token, c.participant_token, c.viewer_token).where(c.id == access.workshop_id)
            ).one()
        return Links(workshop_id=access.workshop_id, facilitator=row[0], participant=row[1], viewer=row[2])

    # Workshops

    def create(self, workshop: Workshop, *, label: str = "create") -> Access:
        now = _now()
        data = dump_workshop(workshop)
        tokens = {f"{role.value}_token": new_token() for role in Role}
        with self.tx() as conn:
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
        with self.tx() as conn:
            return (
                conn.execute(select(workshops_table.c.id).where(workshops_table.c.id == workshop_id)).first()
                is not None
            )

    def created_since(self, moment: float) -> int:
        """How many workshops were created after `moment` (a Unix time): hosted mode's limit reads it."""
        since = datetime.fromtimestamp(moment, UTC)
        with self.tx() as conn:
            return int(conn.execute(select(func.count()).where(workshops_table.c.created_at >= since)).scalar() or 0)

    def list_workshops(self) -> list[WorkshopSummary]:
        """Every workshop, newest first: for local mode only (hosted mode never lists)."""
        columns = workshops_table.c
        with self.tx() as conn:
            rows = conn.execute(
                select(columns.id, columns.name, columns.organisation, columns.revision, columns.updated_at).order_by(
                    columns.updated_at.desc()
                )
            ).all()
        return [WorkshopSummary.model_validate(row._asdict()) for row in rows]

    def load(self, access: Access) -> Workshop:
        with self.tx() as conn:
            check(conn, access)
            data = conn.execute(
                select(workshops_table.c.data).where(workshops_table.c.id == access.workshop_id)
            ).scalar()
        if data is None:
            raise AccessDenied(GONE)
        return parse_workshop(data)

    def revision(self, access: Access) -> int:
        with self.tx() as conn:
            check(conn, access)
            value = conn.execute(
                select(workshops_table.c.revision).where(workshops_table.c.id == access.workshop_id)
            ).scalar()
        return int(value or 0)

    def load_with_revision(self, access: Access) -> tuple[Workshop, int]:
        """The stored workshop and its revision, read together."""
        c = workshops_table.c
        with self.tx() as conn:
            check(conn, access)
            row = conn.execute(select(c.data, c.revision).where(c.id == access.workshop_id)).first()
        if row is None:
            raise AccessDenied(GONE)
        return parse_workshop(row.data), int(row.revision)

    def save(self, access: Access, workshop: Workshop, *, label: str, base_revision: int) -> int:
        """Store a new version of the workshop on top of `base_revision`; returns the new revision.

        Raises RevisionConflict when the workshop was saved elsewhere since `base_revision`: nothing is
        written then, and the caller decides how to combine the two. One transaction, and a unique index on
        (workshop, revision), so two saves can never both succeed on top of the same revision.
        """
        if workshop.id != access.workshop_id:
            raise AccessDenied("This link belongs to a different workshop.")
        data = dump_workshop(workshop)
        now = _now()
        revision = base_revision + 1
        c = workshops_table.c
        try:
            with self.tx() as conn:
                check(conn, access, Role.FACILITATOR)
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
        c = versions_table.c
        with self.tx() as conn:
            check(conn, access, Role.FACILITATOR)
            rows = conn.execute(
                select(c.id, c.revision, c.label, c.saved_at)
                .where(c.workshop_id == access.workshop_id)
                .order_by(c.revision.desc())
            ).all()
        return [VersionInfo.model_validate(row._asdict()) for row in rows]

    def version(self, access: Access, version_id: int) -> Workshop:
        """An earlier version, read only; saving it again is the caller's choice."""
        c = versions_table.c
        with self.tx() as conn:
            check(conn, access, Role.FACILITATOR)
            data = conn.execute(select(c.data).where(c.id == version_id, c.workshop_id == access.workshop_id)).scalar()
        if data is None:
            raise NotFound(f"There is no version {version_id} of this workshop any more.")
        return parse_workshop(data)

    def restore(self, access: Access, version_id: int) -> Workshop:
        """Bring back an earlier version as a new save (so the restore itself can be undone)."""
        c = versions_table.c
        with self.tx() as conn:
            check(conn, access, Role.FACILITATOR)
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
        with self.tx() as conn:
            check(conn, access, Role.FACILITATOR)
            conn.execute(delete(ballots_table).where(ballots_table.c.workshop_id == access.workshop_id))
            conn.execute(delete(versions_table).where(versions_table.c.workshop_id == access.workshop_id))
            conn.execute(delete(workshops_table).where(workshops_table.c.id == access.workshop_id))


__all__ = [
    "DEFAULT_DATA_DIR",
    "VERSIONS_BYTES",
    "VERSIONS_KEPT",
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
    "data_folder",
    "database_url",
]
