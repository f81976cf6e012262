"""Who is looking: the viewer every service call carries, and the roles.

Roles (DESIGN.md, privacy): ``coordinator`` sees and maintains everything;
``professional`` sees colleagues, their own records and the network with residents as
pseudonyms only; ``bestuurder`` sees aggregates by organisation and sector only.
Services enforce this (never only the UI): every public service function takes a
:class:`Viewer` and returns only what that role may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from netwerk.domain import NetwerkError

__all__ = ["ROLES", "SYSTEM", "PermissionDenied", "Role", "Viewer", "require_role"]

Role = Literal["coordinator", "professional", "bestuurder"]
ROLES: tuple[str, ...] = get_args(Role)
ROLE_LABELS = {"coordinator": "coördinator", "professional": "professional", "bestuurder": "bestuurder"}


class PermissionDenied(NetwerkError):
    """The viewer's role may not do or see this."""


@dataclass(frozen=True)
class Viewer:
    """The signed-in user a service call is made for.

    ``person_id`` links a professional's account to their own Person record (for "my
    records", "paths from me"); None for accounts without one.
    """

    user_id: str
    role: Role
    person_id: str | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"Onbekende rol '{self.role}': kies uit {', '.join(ROLES)}.")


SYSTEM = Viewer(user_id="systeem", role="coordinator")
"""The command line and batch jobs act as a coordinator named ``systeem``."""


def require_role(viewer: Viewer, *roles: Role) -> None:
    """Raise :class:`PermissionDenied` unless ``viewer.role`` is one of ``roles``."""
    if viewer.role not in roles:
        allowed = " of ".join(ROLE_LABELS[r] for r in roles)
        raise PermissionDenied(f"Alleen voor {allowed}; u bent aangemeld als {ROLE_LABELS[viewer.role]}.")
