"""Pseudonyms that look like real names.

A resident is known by a pseudonym ("Bewoner 12", "Buurvrouw Lindelaan"). Someone typing
or importing a real name as pseudonym would show that name to every professional. This
module recognises the likely cases so the coordinator can correct them: a pseudonym
that is the name of a person in the store, or that has the shape of a Dutch personal
name (a capitalised first name and surname, with an optional tussenvoegsel, no digits).
It warns; it never changes data.
"""

from __future__ import annotations

import re
from collections.abc import Collection

import pandas as pd

from netwerk.access import Viewer, require_role
from netwerk.store.base import Store
from netwerk.text import fold

__all__ = ["FoldedNames", "looks_like_name", "pseudonym_warning", "suspicious_pseudonyms"]

_TUSSENVOEGSELS = r"(?:van der|van den|van de|van 't|van|de|der|den|het|ter|ten|te|in 't|op de|el|al|da|di|le|la)"
_WORD = r"[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?"
_NAME = re.compile(rf"^(?:{_WORD}|[A-Z]\.)(?: {_WORD}| [A-Z]\.)*(?: {_TUSSENVOEGSELS})? {_WORD}$")
_ROLE_WORDS = frozenset(fold(w) for w in (
    "Bewoner", "Bewoonster", "Buurman", "Buurvrouw", "Buurtbewoner", "Vrijwilliger", "Mevrouw", "Meneer", "Jongere",
    "Oudere", "Ouder", "Moeder", "Vader", "Oma", "Opa", "Deelnemer", "Gast", "Persoon",
))


def looks_like_name(pseudonym: str | None) -> bool:
    """True when ``pseudonym`` has the shape of a personal name ("Fatima el Amrani",
    "Jan de Vries", "J. Bakker"): two or more capitalised words, an optional
    tussenvoegsel, no digits, not starting with a role word such as "Bewoner" or
    "Buurvrouw"."""
    text = " ".join((pseudonym or "").split())
    if not text or any(c.isdigit() for c in text):
        return False
    if fold(text.split(" ")[0]) in _ROLE_WORDS:
        return False
    return bool(_NAME.match(text))


class FoldedNames(frozenset):
    """Names of persons, folded once (accents and case, :func:`netwerk.text.fold`), for
    checking many pseudonyms against them: build it once per scan, not once per pseudonym."""

    def __new__(cls, names=()):
        return super().__new__(cls, (fold(n) for n in names))


def pseudonym_warning(pseudonym: str | None, known_names: Collection[str] | None = None) -> str | None:
    """A Dutch warning for ``pseudonym``, or None. ``known_names`` are names of persons in
    the store (compared accent- and case-insensitively); pass a :class:`FoldedNames` when
    checking many pseudonyms, so the names are folded once."""
    folded = known_names if isinstance(known_names, FoldedNames) else FoldedNames(known_names or ())
    if pseudonym and fold(pseudonym) in folded:
        return "Dit pseudoniem is de naam van een persoon in de database. Kies een pseudoniem zonder naam."
    if looks_like_name(pseudonym):
        return "Dit pseudoniem lijkt op een echte naam. Gebruik liever iets als 'Bewoner 12' of 'Buurvrouw Lindelaan'."
    return None


def suspicious_pseudonyms(viewer: Viewer, store: Store) -> pd.DataFrame:
    """Residents whose pseudonym looks like a real name, for the coordinator.

    Returns
    -------
    DataFrame
        Columns person_id, pseudonym, warning (Dutch), sorted by person_id.

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    """
    require_role(viewer, "coordinator")
    persons = store.table("persons")
    names = FoldedNames(n for n in persons["display_name"] if isinstance(n, str) and n.strip())
    rows = []
    for pid, kind, pseudonym in zip(persons["person_id"], persons["kind"], persons["pseudonym"], strict=True):
        if kind != "resident" or not isinstance(pseudonym, str):
            continue
        warning = pseudonym_warning(pseudonym, names)
        if warning:
            rows.append({"person_id": pid, "pseudonym": pseudonym, "warning": warning})
    return pd.DataFrame(rows, columns=["person_id", "pseudonym", "warning"])
