"""The room's side of the store: voting lock, hidden results, participants' tickets and their ballots."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from planner.domain.errors import AccessDenied, NotFound
from planner.domain.room import Ballot
from planner.domain.vocabulary import Identifier, PlainText, Score, new_id
from planner.storage.access import GONE, Access, Role, check, signed, ticket_owner, ticket_parts
from planner.storage.database import Database
from planner.storage.tables import ballots_table, workshops_table


class VotingClosed(AccessDenied):
    """The facilitator has locked voting."""


class RoomState(BaseModel):
    voting_locked: bool
    results_hidden: bool


class BallotInput(BaseModel):
    participant_id: str = Field(max_length=64, description="A ticket from Store.participant_ticket")
    participant_name: PlainText = Field(default="", max_length=80)
    use_case_id: Identifier
    scores: dict[Identifier, Score]


class RoomStore(Database):
    """Each call checks the link's role in the same transaction as its work: one read of the tokens, not three."""

    def room_state(self, access: Access) -> RoomState:
        c = workshops_table.c
        with self.tx() as conn:
            check(conn, access)
            row = conn.execute(select(c.voting_locked, c.results_hidden).where(c.id == access.workshop_id)).one()
        return RoomState(voting_locked=bool(row[0]), results_hidden=bool(row[1]))

    def set_room_state(
        self, access: Access, *, voting_locked: bool | None = None, results_hidden: bool | None = None
    ) -> None:
        values: dict[str, Any] = {}
        if voting_locked is not None:
            values["voting_locked"] = voting_locked
        if results_hidden is not None:
            values["results_hidden"] = results_hidden
        with self.tx() as conn:
            check(conn, access, Role.FACILITATOR)
            if values:
                conn.execute(update(workshops_table).where(workshops_table.c.id == access.workshop_id).values(**values))

    def participant_ticket(self, access: Access) -> str:
        """A new participant id, signed by the server: `id.signature`. Editing it in the link gets it refused."""
        participant_id = new_id()
        with self.tx() as conn:
            key = check(conn, access, Role.PARTICIPANT, Role.FACILITATOR)
        return f"{participant_id}.{signed(key, participant_id)}"

    def participant_id(self, access: Access, ticket: str) -> str | None:
        """The participant id in a ticket this workshop issued, or None for an edited or foreign one."""
        if ticket_parts(ticket) is None:
            return None  # no need to ask the database about a ticket that is not one
        with self.tx() as conn:
            key = check(conn, access, Role.PARTICIPANT, Role.FACILITATOR)
        return ticket_owner(ticket, key)

    def submit_ballot(self, access: Access, ballot: BallotInput) -> None:
        """One ballot per participant and use case: a second submission updates the first.

        `ballot.participant_id` is a ticket from `participant_ticket`. The lock is checked in the same
        transaction that writes, after the write took its lock, so a ballot never lands after voting closed.
        """
        c = workshops_table.c
        # One read for the role, one for the use case ids (raw JSON, no full parse): 20 phones submit at once.
        with self.tx() as conn:
            key = check(conn, access, Role.PARTICIPANT, Role.FACILITATOR)
            data = conn.execute(select(c.data).where(c.id == access.workshop_id)).scalar()
        if data is None:
            raise AccessDenied(GONE)
        participant_id = ticket_owner(ballot.participant_id, key)
        if participant_id is None:
            raise AccessDenied("This participant link was changed or has expired: open the link you were given.")
        known = {str(uc.get("id")) for uc in json.loads(data).get("use_cases", [])}
        if ballot.use_case_id not in known:
            raise NotFound(f"There is no use case '{ballot.use_case_id}' in this workshop any more.")
        now = datetime.now(UTC)
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
        with self.sqlite_writes, self.tx() as conn:
            conn.execute(statement)
            locked_query = select(c.voting_locked).where(c.id == access.workshop_id)
            if self.engine.dialect.name == "postgresql":
                locked_query = locked_query.with_for_update(read=True)
            locked = conn.execute(locked_query).scalar()
            if locked is None:
                raise AccessDenied(GONE)
            if locked:
                raise VotingClosed("Voting is closed for now.")  # leaving the block rolls the write back

    def ballots(self, access: Access) -> list[Ballot]:
        c = ballots_table.c
        with self.tx() as conn:
            check(conn, access)
            rows = conn.execute(
                select(c.participant_id, c.participant_name, c.use_case_id, c.scores, c.submitted_at, c.updated_at)
                .where(c.workshop_id == access.workshop_id)
                .order_by(c.id)
            ).all()
        return [Ballot.model_validate({**row._asdict(), "scores": json.loads(row.scores)}) for row in rows]

    def my_ballots(self, access: Access, ticket: str) -> dict[str, dict[str, int]]:
        """A participant's own ballots by use case id: what they see on their phone, never anyone else's."""
        if ticket_parts(ticket) is None:
            return {}
        c = ballots_table.c
        with self.tx() as conn:
            participant_id = ticket_owner(ticket, check(conn, access, Role.PARTICIPANT, Role.FACILITATOR))
            if participant_id is None:
                return {}
            rows = conn.execute(
                select(c.use_case_id, c.scores).where(
                    c.workshop_id == access.workshop_id, c.participant_id == participant_id
                )
            ).all()
        return {row.use_case_id: json.loads(row.scores) for row in rows}

    def ballot_counts(self, access: Access) -> tuple[int, int]:
        """(participants, ballots) so far."""
        c = ballots_table.c
        with self.tx() as conn:
            check(conn, access)
            row = conn.execute(
                select(func.count(func.distinct(c.participant_id)), func.count(c.id)).where(
                    c.workshop_id == access.workshop_id
                )
            ).one()
        return int(row[0]), int(row[1])

    def reset_votes(self, access: Access) -> int:
        with self.tx() as conn:
            check(conn, access, Role.FACILITATOR)
            return int(
                conn.execute(delete(ballots_table).where(ballots_table.c.workshop_id == access.workshop_id)).rowcount
            )
