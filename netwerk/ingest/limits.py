"""Input limits for every import (CSV, XLSX, zip, GEXF, GraphML, GML, Kumu): one place.

A file beyond a limit is refused with a Dutch :class:`~netwerk.domain.RowError` naming the
file (and row and column where there is one); nothing is stored. The limits keep a hostile
or broken file from exhausting memory or crashing the importer.

=============================  ==============================  ============================
Limit                          Default                         Environment variable
=============================  ==============================  ============================
file size                      20 MB                           ``NETWERK_MAX_FILE_MB``
rows (spreadsheet row number,  100.000                         ``NETWERK_MAX_ROWS``
nodes, edges)
columns                        200                             ``NETWERK_MAX_COLUMNS``
characters in one cell         32.767 (Excel's own limit)      ``NETWERK_MAX_CELL_CHARS``
nesting depth (XML, GML)       64                              ``NETWERK_MAX_DEPTH``
members of a zip or .xlsx      200                             ``NETWERK_MAX_ZIP_MEMBERS``
uncompressed zip/.xlsx total   100 MB                          ``NETWERK_MAX_UNCOMPRESSED_MB``
compression ratio per member   200 (members above 1 MB)        ``NETWERK_MAX_ZIP_RATIO``
dates                          01-01-1900 t/m 31-12-2100       ``NETWERK_MIN_DATE``,
                                                               ``NETWERK_MAX_DATE`` (ISO)
whole numbers                  -2.147.483.648 t/m              (fixed: 32 bits)
                               2.147.483.647
decimal numbers                at most 1e15 in absolute value  (fixed)
=============================  ==============================  ============================

Control characters (C0, U+0000-U+001F, except tab, line feed and carriage return) are
refused in every cell, id, label and attribute: XML and Excel cannot hold them. Also
refused: a node id twice (GEXF, GraphML, GML; Kumu/CSV ``ID``), a CSV quote that is never
closed (a cell that swallows whole rows), more declared attributes than the column limit,
and any DTD in GEXF/GraphML (:func:`scan_xml`). Before, the only defence against entity
attacks was Python's expat itself (no external entities, amplification limits for
"billion laughs"); now a ``<!DOCTYPE>`` is refused before networkx parses anything.

Memory: a CSV, GEXF, GraphML or GML file is read whole, so reading it holds a bounded
multiple of the file: under 20x (measured 8x CSV, 11x GML, 14x GEXF for 18 MB files), so
under 400 MB at the 20 MB limit. An ``.xlsx`` is streamed row by row and stops at the row
limit (its declared sheet size is not trusted, also not by openpyxl: see
:func:`netwerk.ingest.readers._declared_size`); its shared strings are bounded by the
uncompressed limit. A zip member is read in chunks and refused as soon as it passes its
declared size or the limit. Every hostile file of issue 14 is refused with under 35 MB of
extra memory (``tests/unit/test_ingest_hostile.py``).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import os
import re
import xml.parsers.expat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from netwerk.domain import ImportValidationError, RowError
from netwerk.text import fmt_date, fmt_int, fmt_number

__all__ = [
    "CONTROL_CHARS",
    "Limits",
    "check_gml_depth",
    "check_size",
    "check_zip",
    "control_char",
    "limits",
    "limits_fixed",
    "limits_text",
    "read_member",
    "refuse",
    "scan_xml",
    "text_problem",
]

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""C0 control characters other than tab, line feed and carriage return (as openpyxl's
``ILLEGAL_CHARACTERS_RE``; XML 1.0 does not allow them either)."""

_MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The input limits (see the module table); :func:`limits` reads the overrides."""

    max_file_bytes: int = 20 * _MB
    max_rows: int = 100_000
    max_columns: int = 200
    max_cell_chars: int = 32_767
    max_depth: int = 64
    max_zip_members: int = 200
    max_uncompressed_bytes: int = 100 * _MB
    max_zip_ratio: int = 200
    min_date: dt.date = dt.date(1900, 1, 1)
    max_date: dt.date = dt.date(2100, 12, 31)
    min_int: int = -(2**31)
    max_int: int = 2**31 - 1
    max_abs_decimal: float = 1e15

    def date_range(self) -> str:
        """The allowed dates in Dutch (``01-01-1900 t/m 31-12-2100``)."""
        return f"{fmt_date(self.min_date)} t/m {fmt_date(self.max_date)}"


_INT_VARS = (
    ("NETWERK_MAX_FILE_MB", "max_file_bytes", _MB), ("NETWERK_MAX_ROWS", "max_rows", 1),
    ("NETWERK_MAX_COLUMNS", "max_columns", 1), ("NETWERK_MAX_CELL_CHARS", "max_cell_chars", 1),
    ("NETWERK_MAX_DEPTH", "max_depth", 1), ("NETWERK_MAX_ZIP_MEMBERS", "max_zip_members", 1),
    ("NETWERK_MAX_UNCOMPRESSED_MB", "max_uncompressed_bytes", _MB), ("NETWERK_MAX_ZIP_RATIO", "max_zip_ratio", 1),
)
_DATE_VARS = (("NETWERK_MIN_DATE", "min_date"), ("NETWERK_MAX_DATE", "max_date"))
_VARS = tuple(v for v, *_ in _INT_VARS + _DATE_VARS)


_FIXED: contextvars.ContextVar[Limits | None] = contextvars.ContextVar("netwerk_fixed_limits", default=None)


def limits() -> Limits:
    """The limits, with ``NETWERK_*`` environment overrides (looked up on every call, so a
    changed variable counts at once; parsed once per distinct set of values). Inside
    :func:`limits_fixed` (one import) the limits read when it began.

    Raises
    ------
    ValueError
        When an override is not a number (a date override not an ISO date).
    """
    fixed = _FIXED.get()
    if fixed is not None:
        return fixed
    env = os.environ
    return _limits(tuple(env.get(v, "") for v in _VARS))


@contextlib.contextmanager
def limits_fixed() -> Iterator[Limits]:
    """Read the limits once for a whole import: every :func:`limits` call in the ``with``
    body (or in a function decorated with ``@limits_fixed()``) returns them, without the
    ten environment lookups per parsed cell (about half the time of parsing a number).
    A context variable: each thread, so each dashboard session, has its own."""
    lim = limits()
    token = _FIXED.set(lim)
    try:
        yield lim
    finally:
        _FIXED.reset(token)


@functools.lru_cache(maxsize=8)
def _limits(values: tuple[str, ...]) -> Limits:
    given = dict(zip(_VARS, values, strict=True))
    kw: dict[str, object] = {}
    for var, fieldname, scale in _INT_VARS:
        if given[var].strip():
            kw[fieldname] = int(float(given[var]) * scale)
    for var, fieldname in _DATE_VARS:
        if given[var].strip():
            kw[fieldname] = dt.date.fromisoformat(given[var].strip())
    return Limits(**kw)  # type: ignore[arg-type]


def limits_text() -> str:
    """The limits in one Dutch sentence (for the upload help and the CLI)."""
    lim = limits()
    return (f"Grenzen per bestand: {lim.max_file_bytes // _MB} MB, {fmt_int(lim.max_rows)} rijen (of knopen en "
            f"verbindingen), {lim.max_columns} kolommen, {fmt_int(lim.max_cell_chars)} tekens per cel, datums "
            f"{lim.date_range()}; een zip of Excel-bestand uitgepakt ten hoogste "
            f"{lim.max_uncompressed_bytes // _MB} MB.")


def _size(n: float) -> str:
    """A byte count in Dutch: ``25 MB``, ``2,5 MB``, ``1,6 kB``."""
    value, unit = (n / _MB, "MB") if n >= _MB / 10 else (n / 1024, "kB")
    return f"{fmt_number(value, 1).removesuffix(',0')} {unit}"


def refuse(file: str, message: str, row: int | None = None, column: str | None = None) -> ImportValidationError:
    """An :class:`ImportValidationError` with one error (to ``raise``)."""
    return ImportValidationError([RowError(file, row, column, message)])


def check_size(file: str, size: int) -> None:
    """Refuse a file larger than the file-size limit.

    Raises
    ------
    ImportValidationError
        Naming the file, its size and the limit.
    """
    lim = limits()
    if size > lim.max_file_bytes:
        raise refuse(file, f"het bestand is {_size(size)}; de grens is {_size(lim.max_file_bytes)}. "
                           "Splits het bestand of vraag de beheerder de grens (NETWERK_MAX_FILE_MB) te verhogen")


def control_char(text: str) -> str | None:
    """The first control character in ``text`` as ``U+0001``, or None."""
    m = CONTROL_CHARS.search(text)
    return f"U+{ord(m.group()):04X}" if m else None


def text_problem(text: str, lim: Limits | None = None) -> str | None:
    """Why a cell's text is refused (Dutch), or None: too long or a control character.
    ``lim``: the limits, when the caller has them at hand (a loop over many cells)."""
    lim = lim or limits()
    if len(text) <= lim.max_cell_chars and not CONTROL_CHARS.search(text):
        return None
    if len(text) > lim.max_cell_chars:
        return f"de cel heeft {fmt_int(len(text))} tekens; de grens is {fmt_int(lim.max_cell_chars)}"
    bad = control_char(text)
    if bad:
        return (f"de cel bevat het stuurteken {bad} (onzichtbaar, bijv. uit een kopie van een ander programma); "
                "verwijder het")
    return None


# --- zip ---------------------------------------------------------------------------------


def check_zip(z: zipfile.ZipFile, file: str) -> None:
    """Refuse a zip (or ``.xlsx``) with too many members, too large a declared uncompressed
    total, or a member compressed more than the ratio limit (a zip bomb).

    Raises
    ------
    ImportValidationError
        Naming the file (and the member).
    """
    lim = limits()
    infos = z.infolist()
    if len(infos) > lim.max_zip_members:
        raise refuse(file, f"het zip-bestand bevat {fmt_int(len(infos))} onderdelen; de grens is {fmt_int(lim.max_zip_members)}")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > _MB and info.file_size > lim.max_zip_ratio * max(info.compress_size, 1):
            raise refuse(f"{file}/{info.filename}",
                         f"uitgepakt {_size(info.file_size)} uit {_size(info.compress_size)} "
                         f"(meer dan {lim.max_zip_ratio} keer zo groot): een zip-bom wordt niet uitgepakt")
        if total > lim.max_uncompressed_bytes:
            raise refuse(file, f"uitgepakt is de inhoud meer dan {_size(lim.max_uncompressed_bytes)} "
                               f"(bij '{info.filename}'); splits het bestand")


def read_member(z: zipfile.ZipFile, info: zipfile.ZipInfo, file: str, limit: int | None = None) -> bytes:
    """The bytes of one zip member, read in chunks; refused as soon as it passes its declared
    size or ``limit`` (default: the file-size limit).

    Raises
    ------
    ImportValidationError
        Naming ``file/member``.
    """
    limit = limits().max_file_bytes if limit is None else limit
    where = f"{file}/{info.filename}"
    if info.file_size > limit:
        raise refuse(where, f"uitgepakt is dit onderdeel {_size(info.file_size)}; de grens is {_size(limit)}")
    chunks, size = [], 0
    with z.open(info) as f:
        while chunk := f.read(1024 * 1024):
            size += len(chunk)
            if size > info.file_size or size > limit:
                raise refuse(where, "uitgepakt is dit onderdeel groter dan in de zip staat aangegeven of dan de grens "
                                    f"van {_size(limit)}: het bestand is beschadigd of gemanipuleerd")
            chunks.append(chunk)
    return b"".join(chunks)


# --- XML and GML -------------------------------------------------------------------------


def scan_xml(data: bytes | IO[bytes], file: str, fmt: str) -> None:  # noqa: C901
    """Check a GEXF or GraphML document before networkx builds it: nesting depth, no DTD
    (so no entity expansion or external entities), at most ``max_rows`` nodes and edges,
    at most twice ``max_columns`` declared attributes, every node id once.

    Parameters
    ----------
    data
        The document.
    file
        The file name for messages.
    fmt
        ``"GEXF"`` or ``"GraphML"`` (for messages).

    Raises
    ------
    ImportValidationError
        Naming the file and the line ("regel") of the problem. Malformed XML is left to the
        format's own reader (its message names the line too).
    """
    lim = limits()
    parser = xml.parsers.expat.ParserCreate(namespace_separator="}")
    depth = 0
    counts = {"node": 0, "edge": 0, "columns": 0}
    seen: dict[str, int] = {}
    problem: list[tuple[int, str]] = []

    class _Stop(Exception):
        pass

    def stop(message: str) -> None:
        problem.append((parser.CurrentLineNumber, message))
        raise _Stop

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > lim.max_depth:
            stop(f"de XML is dieper genest dan {lim.max_depth} niveaus")
        local = tag.rpartition("}")[2]
        if local in ("key", "attribute"):  # GraphML <key>, GEXF <attribute>: declared columns
            counts["columns"] += 1
            if counts["columns"] > 2 * lim.max_columns:  # node and edge attributes
                stop(f"het bestand declareert meer dan {2 * lim.max_columns} kenmerken (kolommen)")
        elif local in ("node", "edge"):
            counts[local] += 1
            if counts[local] > lim.max_rows:
                what = "knopen" if local == "node" else "verbindingen"
                stop(f"het bestand heeft meer dan {fmt_int(lim.max_rows)} {what}")
            if local == "node" and "id" in attrs:
                nid = attrs["id"]
                if nid in seen:
                    stop(f"knoop-id '{nid[:80]}' komt twee keer voor (ook op regel {seen[nid]}); elke knoop moet "
                         f"een eigen id hebben, anders gaat er stilzwijgend een verloren")
                seen[nid] = parser.CurrentLineNumber

    def end(tag: str) -> None:
        nonlocal depth
        depth -= 1

    def doctype(*_args) -> None:
        stop("het bestand bevat een DTD (<!DOCTYPE>); die is in GEXF en GraphML niet nodig en wordt om "
             "veiligheidsredenen (entiteiten) niet gelezen")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    try:
        parser.Parse(data if isinstance(data, bytes) else data.read(), True)
    except _Stop:
        line, message = problem[0]
        raise refuse(file, f"regel {line}: {message}") from None
    except xml.parsers.expat.ExpatError:
        return  # malformed: the reader reports it with its own message


_GML_TOKEN = re.compile(r'"[^"]*"|[\[\]]')


def check_gml_depth(text: str, file: str) -> None:
    """Refuse GML nested deeper than the depth limit (networkx's parser recurses per level),
    by a scan of the brackets outside strings.

    Raises
    ------
    ImportValidationError
        Naming the file and the line where the limit is passed.
    """
    lim = limits()
    depth = 0
    for m in _GML_TOKEN.finditer(text):
        tok = m.group()
        if tok == "[":
            depth += 1
            if depth > lim.max_depth:
                line = text.count("\n", 0, m.start()) + 1
                raise refuse(file, f"regel {line}: de GML is dieper genest dan {lim.max_depth} niveaus ('[' in '[')")
        elif tok == "]":
            depth -= 1
