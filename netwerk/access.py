"""Who is looking: the viewer every service call carries, and the roles.

Roles (docs/ARCHITECTURE.md, "Roles and privacy"): ``coordinator`` sees and maintains everything;
``professional`` sees colleagues, their own records and the network with residents as
pseudonyms only; ``bestuurder`` sees aggregates by organisation and sector only.
Services enforce this (never only the UI): every public service function takes a
:class:`Viewer` and returns only what that role may see.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal, get_args

from netwerk.domain import NetwerkError, Snapshot, SnapshotFilter

if TYPE_CHECKING:
    from netwerk.store.base import Store

__all__ = [
    "ANONYMOUS_LABEL",
    "ROLES",
    "SUPPRESSED_DERIVED",
    "SUPPRESS_BELOW",
    "SYSTEM",
    "PermissionDenied",
    "Role",
    "Viewer",
    "cli_viewer",
    "redact_snapshot",
    "require_role",
    "resident_label",
    "round_count",
    "suppress_derived",
    "suppress_small",
    "visible_snapshot",
]

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


def cli_viewer() -> Viewer:
    """The coordinator a ``netwerk`` command acts as: ``cli:<operating-system user>``, so the
    audit log shows who ran it. Whoever can run the command can read the store file, so
    the command line is trusted as a coordinator (see docs/threat-model.md)."""
    import getpass

    try:
        name = getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment or password database
        name = "onbekend"
    return Viewer(user_id=f"cli:{name}", role="coordinator")


def require_role(viewer: Viewer, *roles: Role) -> None:
    """Raise :class:`PermissionDenied` unless ``viewer.role`` is one of ``roles``."""
    if viewer.role not in roles:
        allowed = " of ".join(ROLE_LABELS[r] for r in roles)
        raise PermissionDenied(f"Alleen voor {allowed}; u bent aangemeld als {ROLE_LABELS[viewer.role]}.")


ANONYMOUS_LABEL = "persoon"
"""The label every person gets in a bestuurder's snapshot (they never see persons)."""

SUPPRESS_BELOW = 5
"""Counts below this are shown as ``"<5"`` to bestuurders (as CBS does for small areas)."""

ROUND_TO = 5
"""Every other count a bestuurder sees is rounded to a multiple of this (CBS: "afronden op vijftallen")."""

RATIO_DECIMALS = 1
"""Decimals of a bestuurder's ratio that cannot be recomputed from rounded counts (e.g. clustering)."""


def resident_label(person_id: str, pseudonym: str | None) -> str:
    """A resident's pseudonymous label: the pseudonym, else ``Bewoner <person_id>``."""
    return pseudonym or f"Bewoner {person_id}"


def redact_snapshot(viewer: Viewer, snap: Snapshot) -> Snapshot:
    """The snapshot as ``viewer`` may receive it.

    - coordinator: unchanged (a resident's name only with consent, as the store gives it);
    - professional: every resident by pseudonym only (``display_name``, ``role_title``,
      ``email``, ``phone`` None, ``label`` the pseudonym), whatever their consent;
    - bestuurder: no person is identifiable: ``display_name``, ``pseudonym``,
      ``role_title``, ``email`` and ``phone`` are None and every ``label`` is :data:`ANONYMOUS_LABEL`; ids, kinds,
      organisations and sectors stay, so aggregates by organisation and sector work.

    The input is not modified.
    """
    if viewer.role == "coordinator":
        return snap
    persons = snap.persons.copy()
    if viewer.role == "professional":
        residents = persons["kind"] == "resident"
        for col in ("display_name", "role_title", "email", "phone"):
            if col in persons:
                persons.loc[residents, col] = None
        persons.loc[residents, "label"] = [
            resident_label(pid, ps) for pid, ps in zip(persons.loc[residents, "person_id"],
                                                       persons.loc[residents, "pseudonym"]
                                                       if "pseudonym" in persons else [None] * int(residents.sum()),
                                                       strict=True)
        ]
    else:
        for col in ("display_name", "pseudonym", "role_title", "email", "phone"):
            if col in persons:
                persons[col] = None
        persons["label"] = ANONYMOUS_LABEL
    return replace(snap, persons=persons)


def visible_snapshot(viewer: Viewer, store: Store, flt: SnapshotFilter | None = None) -> Snapshot:
    """``store.snapshot(flt)`` redacted for ``viewer`` (:func:`redact_snapshot`): what every
    service reading the network should start from.

    Raises
    ------
    StoreError
        If the store cannot be read.
    """
    return redact_snapshot(viewer, store.snapshot(flt))


def round_count(count: int) -> int | str:
    """``count`` as CBS publishes small-area counts: 0 stays 0, 1 to 4 is ``"<5"``, every
    other count is rounded to the nearest multiple of :data:`ROUND_TO` (halves up: 7 -> 5,
    8 -> 10).

    Rounding is what makes the ``"<5"`` hold: two rounded counts differ by 0 or by 5 or
    more, so subtracting two views (all persons minus all but the residents) never gives
    back the 1 to 4 a ``"<5"`` hides (see docs/threat-model.md).
    """
    if 0 < count < SUPPRESS_BELOW:
        return f"<{SUPPRESS_BELOW}"
    return ROUND_TO * ((count + ROUND_TO // 2) // ROUND_TO)


def suppress_small(viewer: Viewer, count: int) -> int | str:
    """``count`` as ``viewer`` may see it: for a bestuurder :func:`round_count` (``"<5"``
    for 1 to 4, else rounded to a multiple of 5); for other roles ``count`` itself."""
    if viewer.role == "bestuurder":
        return round_count(count)
    return count


SUPPRESSED_DERIVED = "afgeschermd"
"""What a bestuurder sees instead of a figure computed from a suppressed count."""

Recompute = Callable[[dict], float]
"""A ratio computed again from a dict of (rounded) counts."""


def ratio(numerator: float, denominator: float, upper: float | None = None) -> float:
    """``numerator / denominator``, NaN when the denominator is 0, at most ``upper`` when
    given (rounded counts can give a density above 1: 7 persons with 17 ties become 5 and 15)."""
    if not denominator:
        return float("nan")
    value = numerator / denominator
    return min(value, upper) if upper is not None else value


def suppress_derived(viewer: Viewer, figures: dict, derived_from: dict[str, tuple[str, ...]],
                     recompute: dict[str, Recompute] | None = None) -> dict:
    """``figures`` with every figure derived from counts made safe, for a bestuurder.

    A ratio gives back the counts it was computed from: average degree ÷ density + 1 is
    the number of persons, average degree × persons ÷ 2 the number of ties. So for a
    bestuurder, after the counts were rounded (:func:`suppress_small`):

    - a figure derived from a suppressed count (``"<5"``) is :data:`SUPPRESSED_DERIVED`;
    - a figure with a formula in ``recompute`` is computed again from the rounded counts,
      so it gives back only those;
    - any other derived figure (clustering) is rounded to :data:`RATIO_DECIMALS` decimals.

    Parameters
    ----------
    figures : dict
        Figure name -> value; counts already passed through :func:`suppress_small`.
    derived_from : dict
        Derived figure name -> the count names it is computed from.
    recompute : dict, optional
        Derived figure name -> a function of ``figures`` (the rounded counts) giving it.

    Returns
    -------
    dict
        A new dict (``figures`` unchanged for other roles).
    """
    if viewer.role != "bestuurder":
        return figures
    recompute = recompute or {}
    hidden = {k for k, v in figures.items() if isinstance(v, str) and v == f"<{SUPPRESS_BELOW}"}
    out = dict(figures)
    for k, sources in derived_from.items():
        if k not in figures:
            continue
        v = figures[k]
        if hidden.intersection(sources):
            out[k] = SUPPRESSED_DERIVED
        elif v is None or (isinstance(v, float) and math.isnan(v)):
            continue
        elif k in recompute:
            out[k] = recompute[k](figures)
        else:
            out[k] = round(float(v), RATIO_DECIMALS)
    return out
