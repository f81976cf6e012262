"""Records a store keeps beside the network: user accounts and audit events.

They are not part of :class:`netwerk.domain.ChangeSet` or snapshots, writing them never
changes ``Store.data_version()`` (so dashboard caches stay valid), and they are not
copied by snapshot-based tools. Every adapter stores exactly these fields.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

__all__ = ["AUDIT_CHAIN_COLUMNS", "AUDIT_COLUMNS", "GENESIS_HASH", "USER_COLUMNS", "AuditEvent", "UserAccount", "chain_hash"]

UserId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class UserAccount(BaseModel):
    """A dashboard account.

    ``user_id`` is the sign-in name (stored as given, compared case-insensitively by the
    services, which lower-case it). ``password_hash`` is an argon2id hash (None for
    accounts that sign in through an identity provider). ``failed_attempts`` counts
    consecutive failed sign-ins since the last success, ``last_failed_at`` is the time of
    the latest (tz-aware); :mod:`netwerk.services.auth` derives the wait from them.
    Raises ``pydantic.ValidationError`` for an unknown role or an empty user_id.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    user_id: UserId
    role: Literal["coordinator", "professional", "bestuurder"]
    display_name: str | None = None
    person_id: str | None = None
    password_hash: str | None = None
    active: bool = True
    failed_attempts: Annotated[int, Field(ge=0)] = 0
    last_failed_at: datetime | None = None

    @field_validator("last_failed_at")
    @classmethod
    def _aware(cls, v: datetime | None) -> datetime | None:
        if v is not None and v.tzinfo is None:
            raise ValueError("last_failed_at moet een tijdzone hebben")
        return v


USER_COLUMNS: tuple[str, ...] = (
    "user_id", "role", "display_name", "person_id", "active", "failed_attempts", "last_failed_at", "created_at", "updated_at",
)
"""Columns of ``Store.users()`` (the password hash is never part of a listing)."""


class AuditEvent(BaseModel):
    """One audit log entry: who (user_id, role) did what (action) to what (target), when (at).

    ``action`` is a short code (``sign_in``, ``sign_in_failed``, ``view``, ``export``,
    ``import``, ``edit``, ``erase``, ``consent_withdrawn``, ``purge``, ``user_added``,
    ...); ``target`` names the object by id (a person_id, a page, a file name; never a
    resident's name); ``detail`` is short context. ``event_id`` is a random UUID.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    user_id: str
    role: str | None = None
    action: Annotated[str, StringConstraints(min_length=1, max_length=50)]
    target: str | None = None
    detail: str | None = None

    @field_validator("at")
    @classmethod
    def _aware(cls, v: datetime) -> datetime:
        if v.tzinfo is None:
            raise ValueError("at moet een tijdzone hebben")
        return v


AUDIT_COLUMNS: tuple[str, ...] = ("event_id", "at", "user_id", "role", "action", "target", "detail")
"""Columns of ``Store.audit_events()``; ``at`` is tz-aware (Europe/Amsterdam)."""

AUDIT_CHAIN_COLUMNS: tuple[str, ...] = AUDIT_COLUMNS + ("seq", "prev_hash", "hash")
"""Columns of ``Store.audit_chain()``: the entry, its position and its two hashes."""

GENESIS_HASH = "0" * 64
"""The ``prev_hash`` of the first chained entry."""


def canonical_entry(event: AuditEvent) -> str:
    """The entry as canonical text: sorted compact JSON, ``at`` as UTC with microseconds.

    Both stores hash exactly this, so a chain written by one is verified the same way by
    any code that reads the fields back.
    """
    fields = event.model_dump()
    fields["at"] = event.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def chain_hash(prev_hash: str, event: AuditEvent) -> str:
    """``sha256(prev_hash + "\\n" + canonical entry)`` as hex: the entry's link in the chain.

    Changing, removing, inserting or reordering an entry changes every later hash, which
    ``netwerk audit verify`` (:func:`netwerk.services.audit.verify_chain`) recomputes.
    """
    return hashlib.sha256(f"{prev_hash}\n{canonical_entry(event)}".encode()).hexdigest()
