"""Dutch text and numbers: the one place for number notation, dates, folding, plurals and
JSON-ready values.

Numbers follow the Dutch locale (Babel's ``nl_NL`` data): a thousands dot and a decimal comma
(``1.234,5``; ``12,3%``). Every page, report, CLI message and service text formats through
these functions, so the same number always reads the same.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import unicodedata
from decimal import Decimal
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.numbers import NumberPattern, get_decimal_symbol, get_group_symbol, parse_pattern

__all__ = [
    "LOCALE",
    "MISSING",
    "Number",
    "SEPARATORS",
    "counted",
    "fmt_compact",
    "fmt_count",
    "fmt_date",
    "fmt_datetime",
    "fmt_int",
    "fmt_number",
    "fmt_percent",
    "fold",
    "plain",
    "plain_dict",
    "plural",
    "present",
]

LOCALE = Locale.parse("nl_NL")
"""The locale of every number the product shows."""

MISSING = "–"
"""A missing value (None, NaN) as shown: an en dash."""

SEPARATORS = get_decimal_symbol(LOCALE) + get_group_symbol(LOCALE)
"""The decimal and thousands symbols (``",."``), for plotly's ``layout.separators``."""


@lru_cache(maxsize=64)
def _pattern(decimals: int, sign: bool = False, optional: bool = False) -> NumberPattern:
    frac = ("#" if optional else "0") * decimals
    body = "#,##0" + (f".{frac}" if decimals > 0 else "")
    return parse_pattern(f"+{body};-{body}" if sign else body)


Number = float | int | Decimal
"""What the formatters take: Python, numpy and Decimal numbers (bool counts as int)."""


def _decimal(x: Number) -> Decimal:
    # Decimal(float) is the exact binary value, so rounding matches Python's own f"{x:.2f}".
    if isinstance(x, Decimal):
        return x
    return Decimal(int(x)) if isinstance(x, numbers.Integral) else Decimal(float(x))


def _is_missing(x: object) -> bool:
    """None, NaN (float, numpy, Decimal), pandas' NaT and NA."""
    if x is None:
        return True
    try:
        return bool(x != x)  # only NaN and NaT differ from themselves
    except TypeError:  # pandas.NA: a comparison with it is NA, which has no truth value
        return True


def fmt_number(x: Number | str | None, decimals: int = 0, *, sign: bool = False) -> str:
    """A number in Dutch notation with exactly ``decimals`` decimals: ``1.234``, ``0,125``,
    ``1.234,50``; with ``sign=True`` a leading ``+`` or ``-`` (``+3``, ``-0,050``), for changes.

    ``None``, NaN, NaT and pandas' NA give :data:`MISSING` (``–``); text (``"<5"``, ``"afgeschermd"``) is
    returned as given. Rounding is Python's (half to even on the exact binary value), as
    ``f"{x:.2f}"``. Raises ``TypeError`` for a value that is neither a number nor text.
    """
    if isinstance(x, str):
        return x
    if x is None or _is_missing(x):
        return MISSING
    return _pattern(decimals, sign).apply(_decimal(x), LOCALE)


def fmt_int(n: Number) -> str:
    """A whole number with the Dutch thousands dot: ``12345`` -> ``12.345`` (a float is
    truncated to its integer part first, as ``int(n)``)."""
    return fmt_number(int(n))


def fmt_count(x: Number | None) -> str:
    """A count or strength for captions and tooltips: a whole value without decimals
    (``12.345``, also ``3.0`` as ``3``), anything else with two (``2,50``); numpy numbers
    as Python's, None/NaN as :data:`MISSING`."""
    x = plain(x)
    if x is None:
        return MISSING
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    return fmt_number(x, 0 if isinstance(x, int) else 2)


def fmt_compact(x: Number | None, max_decimals: int = 2) -> str:
    """A number with at most ``max_decimals`` decimals and no trailing zeros: ``3``,
    ``1,5``, ``0,33``, ``12.345``. ``None``/NaN give :data:`MISSING`."""
    if x is None or _is_missing(x):
        return MISSING
    return _pattern(max_decimals, optional=True).apply(_decimal(x), LOCALE)


def fmt_percent(share: Number | None, decimals: int = 0) -> str:
    """A share (0..1) as a Dutch percentage: ``0.123`` -> ``12%``, with ``decimals=1``
    ``12,3%``. ``None``/NaN give :data:`MISSING`."""
    if share is None or _is_missing(share):
        return MISSING
    return fmt_number(_decimal(share) * 100, decimals) + "%"


def fmt_date(d: dt.date) -> str:
    """A date (or datetime, pandas Timestamp) as ``dd-mm-jjjj``: ``07-12-2026``."""
    return f"{d:%d-%m-%Y}"


def fmt_datetime(t: dt.datetime, seconds: bool = False) -> str:
    """A time as ``dd-mm-jjjj uu:mm`` (``07-12-2026 16:05``), with ``seconds=True``
    ``dd-mm-jjjj uu:mm:ss``; in the time's own zone (convert first to show Amsterdam time)."""
    return t.strftime("%d-%m-%Y %H:%M:%S" if seconds else "%d-%m-%Y %H:%M")


def plural(n: Number, one: str, many: str) -> str:
    """``one`` when ``n`` is 1, else ``many``: ``plural(n, "relatie", "relaties")``."""
    return one if n == 1 else many


def counted(n: Number | str, one: str, many: str) -> str:
    """A count with its noun (or verb) in the right number: ``counted(1, "titel", "titels")``
    -> ``"1 titel"``, ``counted(1234, ...)`` -> ``"1.234 titels"``; a suppressed count given
    as text (``"<5"``) takes the plural: ``"<5 titels"``."""
    if isinstance(n, str):
        return f"{n} {many}"
    return f"{fmt_count(n)} {plural(n, one, many)}"


def fold(text: object) -> str:
    """Text for tolerant matching: accents removed (Unicode NFKD, combining marks dropped),
    case folded, whitespace collapsed (``"Mehmet  Öztürk"`` -> ``"mehmet ozturk"``)."""
    text = str(text)
    if text.isascii():  # nothing to decompose (most titles and names): the same, faster
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def present(v: object) -> bool:
    """Whether a cell holds a value: not None, not NaN, not empty or blank text."""
    return v is not None and not (isinstance(v, float) and math.isnan(v)) and str(v).strip() != ""


def plain(v: Any) -> Any:
    """A JSON-ready value: numpy scalars become int/float/bool, NaN and infinity become
    None, dates and datetimes ISO text (``2026-12-07``), tuples and lists lists of plain
    values; anything else as given."""
    if v is None:
        return None
    if isinstance(v, dt.datetime | dt.date):
        return v.isoformat()
    if isinstance(v, tuple | list):
        return [plain(x) for x in v]
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def plain_dict(d: dict) -> dict:
    """``d`` with every value :func:`plain` and every key text."""
    return {str(k): plain(v) for k, v in d.items()}
