"""Who may do what: the three links' tokens, the role each grants, and the participants' signed tickets.

Tokens are compared in constant time, against every token, so timing says nothing about which one matched.
Every call that reads or changes a workshop checks its role here, in the same transaction as its work.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from enum import StrEnum

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.engine import Connection

from planner.domain.errors import AccessDenied
from planner.storage.tables import workshops_table

TOKEN_BYTES = 24
GONE = "This workshop no longer exists."


class Role(StrEnum):
    FACILITATOR = "facilitator"
    PARTICIPANT = "participant"
    VIEWER = "viewer"


EVERYONE = tuple(Role)


class Access(BaseModel):
    workshop_id: str
    role: Role
    token: str


class Links(BaseModel):
    workshop_id: str
    facilitator: str
    participant: str
    viewer: str


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def authorise(conn: Connection, workshop_id: str, token: str, roles: tuple[Role, ...] = EVERYONE) -> tuple[Access, str]:
    """The role a token grants on a workshop, and the workshop's ticket-signing key, in one read.

    AccessDenied for a wrong or rotated token, and for a role not in `roles`.
    """
    c = workshops_table.c
    row = conn.execute(
        select(c.facilitator_token, c.participant_token, c.viewer_token).where(c.id == workshop_id)
    ).first()
    matched: Role | None = None
    for role, stored in zip(EVERYONE, tuple(row) if row else ("", "", ""), strict=True):
        if hmac.compare_digest(stored.encode(), token.encode()) and stored:
            matched = matched or role
    if matched is None or row is None:
        raise AccessDenied("This link is not valid: it may have been rotated. Ask the facilitator for a new one.")
    if matched not in roles:
        raise AccessDenied(f"A {matched.value} link cannot do this.")
    return Access(workshop_id=workshop_id, role=matched, token=token), str(row.facilitator_token)


def signed(key: str, participant_id: str) -> str:
    """A participant id's signature, keyed with the facilitator's token, which participants never see; rotating
    the links renews it."""
    return hmac.new(key.encode(), participant_id.encode(), hashlib.sha256).hexdigest()[:20]


def ticket_parts(ticket: str) -> tuple[str, str] | None:
    """(participant id, signature) of a well-formed ticket; None for anything else."""
    participant_id, _, signature = ticket.partition(".")
    if not participant_id or not signature or len(ticket) > 64:
        return None
    return participant_id, signature


def ticket_owner(ticket: str, key: str) -> str | None:
    """The participant id in a ticket signed with `key`, or None for an edited or foreign one."""
    parts = ticket_parts(ticket)
    if parts is None:
        return None
    participant_id, signature = parts
    return participant_id if hmac.compare_digest(signature.encode(), signed(key, participant_id).encode()) else None


def check(conn: Connection, access: Access, *roles: Role) -> str:
    """Check `access` still grants one of `roles` (any role when none are given); returns the signing key."""
    return authorise(conn, access.workshop_id, access.token, roles or EVERYONE)[1]
