"""Dutch spreadsheet value conventions: dates, numbers, booleans and list cells.

Every parser takes the text of one cell (already stripped; ``None`` for an empty cell)
and returns a Python value, or raises :class:`ValueError` with a Dutch message that the
importer turns into a :class:`netwerk.domain.RowError` naming file, row and column.

Conventions
-----------
- Dates are day-first: ``dd-mm-yyyy``, ``d-m-yyyy``, ``dd/mm/yyyy``, ``dd.mm.yyyy`` or ISO
  ``yyyy-mm-dd``. A date is never read month-first: ``01-13-2025`` is refused (there is
  no month 13), ``13-01-2025`` is 13 January 2025. Years have four digits, and a date lies
  in 01-01-1900 t/m 31-12-2100 (:mod:`netwerk.ingest.limits`, a typo such as 0001 or
  9999 is refused rather than stretching every period to that year).
- Datetimes are a date plus ``HH:MM`` or ``HH:MM:SS`` (``13-01-2025 19:30``), or ISO 8601
  (``2025-01-13T19:30``, optionally with a UTC offset). A datetime without an offset is
  Europe/Amsterdam wall-clock time. Around daylight-saving changes this is resolved
  deterministically with ``fold=0``: an ambiguous time (the repeated hour in October,
  e.g. ``26-10-2025 02:30``) is the *first* occurrence (summer time, +02:00); a time
  that does not exist (the skipped hour in March, e.g. ``30-03-2025 02:30``) is moved
  forward by the gap, to ``03:30`` summer time (+02:00); the importer reports such a
  time in its preview (:func:`nonexistent_time`) instead of moving it silently.
- Whole numbers lie in -2.147.483.648 t/m 2.147.483.647, other numbers within 1e15.
- Numbers use the decimal comma: ``2,5`` is 2.5 and ``1.234,5`` is 1234.5. Without a
  comma, a single dot is a decimal point (``2.5``, as software exports it) and several
  dot-separated groups of three digits are thousands (``1.234.567``).
- Booleans: ja/nee, j/n, true/false, waar/onwaar, yes/no, 1/0, and ``x`` (a ticked
  cell) for yes.
- List cells are split on ``|`` (and on ``;``, which can only occur inside a quoted
  cell of a semicolon file or in a comma file); items are stripped, empty items
  dropped and duplicates removed, keeping the first order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from netwerk.domain import AMSTERDAM
from netwerk.ingest.limits import limits

__all__ = [
    "nonexistent_time",
    "parse_bool",
    "parse_date",
    "parse_datetime",
    "parse_decimal",
    "parse_int",
    "parse_vocab",
    "split_list",
]

_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2,4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_FORMAT_HINT = "verwacht dd-mm-jjjj (dag-maand-jaar, bijv. 13-01-2025) of jjjj-mm-dd"

_TRUE = {"ja", "j", "true", "waar", "yes", "y", "1", "x", "✓"}
_FALSE = {"nee", "n", "false", "onwaar", "no", "0"}


def _ymd(text: str) -> dt.date:
    m = _DMY.match(text)
    if m:
        day, month, year = (int(g) for g in m.groups())
        if len(m.group(3)) != 4:
            raise ValueError(f"ongeldige datum '{text}': gebruik een jaartal van vier cijfers; {_FORMAT_HINT}")
    else:
        m = _YMD.match(text)
        if not m:
            raise ValueError(f"ongeldige datum '{text}': {_FORMAT_HINT}")
        year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12:
        raise ValueError(f"ongeldige datum '{text}': maand {month} bestaat niet; {_FORMAT_HINT}")
    try:
        day_ = dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"ongeldige datum '{text}': dag {day} bestaat niet in maand {month}; {_FORMAT_HINT}") from None
    return _in_range(day_, text)


def _in_range(day: dt.date, text: str) -> dt.date:
    lim = limits()
    if not lim.min_date <= day <= lim.max_date:
        raise ValueError(f"ongeldige datum '{text}': buiten het toegestane bereik {lim.date_range()} "
                         "(een tikfout in het jaartal?)")
    return day


def _split_datetime(text: str) -> tuple[str, str | None]:
    text = text.strip()
    if "T" in text and _YMD.match(text.split("T", 1)[0]):
        date_part, time_part = text.split("T", 1)
        return date_part, time_part
    parts = text.split()
    if len(parts) == 1:
        return parts[0], None
    if len(parts) == 2:
        return parts[0], parts[1]
    raise ValueError(f"ongeldige datum/tijd '{text}': verwacht dd-mm-jjjj of dd-mm-jjjj uu:mm")


def parse_date(text: str | None) -> dt.date | None:
    """A day-first date (see the module notes); ``None`` for an empty cell.

    A time part of exactly midnight (``13-01-2025 00:00``, as Excel exports a date
    cell) is accepted and dropped; any other time is refused.

    Raises
    ------
    ValueError
        For a value that is not a valid day-first or ISO date.
    """
    if text is None or not text.strip():
        return None
    date_part, time_part = _split_datetime(text)
    day = _ymd(date_part)
    if time_part is not None and _time(time_part, text) != dt.time(0, 0):
        raise ValueError(f"ongeldige datum '{text}': hier wordt alleen een datum verwacht, zonder tijd")
    return day


def _time(time_part: str, text: str) -> dt.time:
    m = _TIME.match(time_part)
    if not m:
        raise ValueError(f"ongeldige tijd in '{text}': verwacht uu:mm of uu:mm:ss (24-uurs)")
    hour, minute, second = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"ongeldige tijd in '{text}': verwacht uu:mm of uu:mm:ss (24-uurs)")
    return dt.time(hour, minute, second)


def parse_datetime(text: str | None) -> dt.datetime | None:
    """A timezone-aware datetime; a date alone is midnight Europe/Amsterdam.

    Naive values are Europe/Amsterdam wall-clock time, resolved with ``fold=0`` (see the
    module notes for the daylight-saving rule) and normalised through UTC, so the
    result is always a real wall-clock time.

    Raises
    ------
    ValueError
        For a value that is not a valid date or date and time.
    """
    if text is None or not text.strip():
        return None
    text = text.strip()
    if "T" in text and _YMD.match(text.split("T", 1)[0]):
        try:
            value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"ongeldige datum/tijd '{text}': {_FORMAT_HINT}, eventueel met uu:mm") from None
        _in_range(value.date(), text)
        if value.tzinfo is not None:
            return value.astimezone(AMSTERDAM)
        return _amsterdam(value)
    date_part, time_part = _split_datetime(text)
    day = _ymd(date_part)
    t = _time(time_part, text) if time_part is not None else dt.time(0, 0)
    return _amsterdam(dt.datetime.combine(day, t))


def nonexistent_time(text: str | None) -> dt.datetime | None:
    """The wall-clock time ``text`` names when that time does not exist in Europe/Amsterdam
    (the hour skipped when summer time starts, e.g. ``29-03-2026 02:30``), else None.

    Only a time without a UTC offset can be nonexistent; :func:`parse_datetime` moves it
    forward by the gap. Text that does not parse gives None (``parse_datetime`` reports it).

    Returns
    -------
    datetime.datetime or None
        The naive date and time as written.
    """
    if text is None or not text.strip():
        return None
    text = text.strip()
    try:
        if "T" in text and _YMD.match(text.split("T", 1)[0]):
            naive = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            if naive.tzinfo is not None:
                return None
        else:
            date_part, time_part = _split_datetime(text)
            if time_part is None:
                return None
            naive = dt.datetime.combine(_ymd(date_part), _time(time_part, text))
    except ValueError:
        return None
    return naive if _amsterdam(naive).replace(tzinfo=None) != naive else None


def _amsterdam(naive: dt.datetime) -> dt.datetime:
    # fold=0, then a round trip through UTC: a nonexistent time moves forward by the gap.
    return naive.replace(tzinfo=AMSTERDAM, fold=0).astimezone(dt.UTC).astimezone(AMSTERDAM)


_THOUSANDS_ONLY = re.compile(r"^[-+]?\d{1,3}(\.\d{3}){2,}$")
_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)$")


def parse_decimal(text: str | None) -> float | None:
    """A number with a Dutch decimal comma (``2,5``, ``1.234,5``) or a decimal point.

    Raises
    ------
    ValueError
        For text that is not a number.
    """
    if text is None or not text.strip():
        return None
    s = text.strip().replace("\u00a0", "").replace(" ", "")
    if "," in s:
        if s.count(",") > 1 or not re.match(r"^[-+]?\d{1,3}(\.\d{3})*,\d*$|^[-+]?\d*,\d*$", s):
            raise ValueError(f"ongeldig getal '{text}': gebruik een decimale komma, bijv. 2,5 of 1.234,5")
        s = s.replace(".", "").replace(",", ".")
    elif _THOUSANDS_ONLY.match(s):
        s = s.replace(".", "")
    if not _NUMBER.match(s):
        raise ValueError(f"ongeldig getal '{text}': gebruik een decimale komma, bijv. 2,5 of 1.234,5")
    value = float(s)
    if not abs(value) <= limits().max_abs_decimal:
        raise ValueError(f"ongeldig getal '{text}': te groot; de grens is {limits().max_abs_decimal:g}")
    return value


def parse_int(text: str | None) -> int | None:
    """A whole number (``7``, also ``7,0`` or ``1.234``).

    Raises
    ------
    ValueError
        For text that is not a whole number.
    """
    if text is None or not text.strip():
        return None
    lim = limits()
    if len(re.sub(r"\D", "", text)) > 10:  # checked before float(): 23 digits would lose precision
        raise ValueError(f"ongeldig geheel getal '{text}': te groot; toegestaan is {lim.min_int} t/m {lim.max_int}")
    try:
        value = parse_decimal(text)
    except ValueError:
        raise ValueError(f"ongeldig geheel getal '{text}'") from None
    if value is None or value != int(value):
        raise ValueError(f"ongeldig geheel getal '{text}': een getal zonder decimalen verwacht")
    if not lim.min_int <= int(value) <= lim.max_int:
        raise ValueError(f"ongeldig geheel getal '{text}': te groot; toegestaan is {lim.min_int} t/m {lim.max_int}")
    return int(value)


def parse_bool(text: str | None) -> bool | None:
    """Ja/nee (see the module notes); ``None`` for an empty cell.

    Raises
    ------
    ValueError
        For any other value.
    """
    if text is None or not text.strip():
        return None
    v = text.strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise ValueError(f"ongeldige ja/nee-waarde '{text}': gebruik ja of nee (ook j/n, 1/0, x)")


def split_list(text: str | None) -> tuple[str, ...]:
    """Items of a list cell split on ``|`` or ``;``; empty cell -> ``()``."""
    if text is None:
        return ()
    out: list[str] = []
    for item in re.split(r"[|;]", text):
        item = item.strip()
        if item and item not in out:
            out.append(item)
    return tuple(out)


def parse_vocab(text: str | None, vocabulary: Mapping[str, str], what: str) -> str | None:
    """A value of a controlled vocabulary: its key or its Dutch label, case-insensitive.

    ``vocabulary`` maps key -> Dutch label (as in :mod:`graph_schema`). Returns the key.

    Raises
    ------
    ValueError
        Naming the allowed keys, for a value that is neither a key nor a label.
    """
    if text is None or not text.strip():
        return None
    v = text.strip().lower()
    for key, label in vocabulary.items():
        if v == str(key).lower() or v == str(label).lower():
            return key
    raise ValueError(f"onbekende {what} '{text}'; toegestaan: {', '.join(str(k) for k in vocabulary)}")
