"""The privacy scan's name matcher: one compiled pattern for all names, with the same
answers as searching each name on its own (overlapping names, a name inside a longer
one, accents and case ignored, whole words only, names shorter than 4 characters skipped)."""

from __future__ import annotations

import re

from netwerk.services.privacy import NameMatcher
from netwerk.text import fold

NAMES = {"Anna de Vries", "Anna", "Vries Jan", "Zoë Bakker", "Jan", "Bakkerij Oost", "Ann"}


def _one_by_one(names: set[str], text: str) -> list[str]:
    folded = fold(text)
    return sorted(n for n in names if len(n) >= 4 and re.search(rf"(?<!\w){re.escape(fold(n))}(?!\w)", folded))


def test_overlapping_and_nested_names_are_all_found() -> None:
    m = NameMatcher(NAMES)
    assert isinstance(m.pattern, re.Pattern)  # one pattern for every name
    text = "Gesprek met ANNA DE VRIES JAN en zoe bakker"
    # "Anna" starts where "Anna de Vries" does; "Vries Jan" overlaps it; "Jan" and "Ann" are too short.
    assert m.find(fold(text)) == ["Anna", "Anna de Vries", "Vries Jan", "Zoë Bakker"] == _one_by_one(NAMES, text)


def test_whole_words_only() -> None:
    m = NameMatcher(NAMES)
    for text, expected in (("Annabel en de Bakkerij Oostzijde", []), ("bakkerij oost, anna.", ["Anna", "Bakkerij Oost"]),
                           ("xanna de vries", []), ("", [])):
        assert m.find(fold(text)) == expected == _one_by_one(NAMES, text)
    assert NameMatcher(set()).find("anna") == []
