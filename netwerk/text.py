"""Small value helpers shared by the services and the exchange mapping."""

from __future__ import annotations

import math
import unicodedata

__all__ = ["dutch_int", "fold", "present"]


def dutch_int(n: int) -> str:
    """An integer with the Dutch thousands separator: ``12345`` -> ``"12.345"``."""
    return f"{n:,}".replace(",", ".")


def fold(text: object) -> str:
    """Text for tolerant matching: accents removed (Unicode NFKD, combining marks dropped),
    case folded, whitespace collapsed (``"Mehmet  Öztürk"`` -> ``"mehmet ozturk"``)."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def present(v: object) -> bool:
    """Whether a cell holds a value: not None, not NaN, not empty or blank text."""
    return v is not None and not (isinstance(v, float) and math.isnan(v)) and str(v).strip() != ""
