"""The neutral graph every exchange format is written from and read into.

An :class:`ExchangeGraph` is what GEXF, GraphML, GML, Kumu and CSV node/edge lists have
in common: nodes with an id, a label, a type and attributes, edges with a weight, and
time intervals (first and last date, inclusive). Attribute values are ``str``, ``int``,
``float`` or ``bool``; a missing value is left out of the dict (never ``None``/NaN).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ExchangeEdge", "ExchangeGraph", "ExchangeNode", "attribute_types", "clean_value", "typed_column"]


@dataclass
class ExchangeNode:
    """One node: ``id`` (our person/organisation id, or the file's id), ``label``,
    ``type`` (a kind such as ``resident`` or ``organisation``; the file's text on import),
    ``attrs`` (attribute -> value) and the interval ``start``..``end`` (inclusive dates)."""

    id: str
    label: str | None = None
    type: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    start: dt.date | None = None
    end: dt.date | None = None
    file: str = ""  # where it was read: file name and spreadsheet row (None in graph files)
    row: int | None = None


@dataclass
class ExchangeEdge:
    """One edge ``source -> target`` (node ids) with ``weight`` (None = not given),
    ``type`` (relation name, None = none), ``attrs``, interval ``start``..``end`` and
    ``directed`` (None = as the graph declares; Kumu's per-connection ``Direction``)."""

    source: str
    target: str
    weight: float | None = None
    type: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    start: dt.date | None = None
    end: dt.date | None = None
    file: str = ""
    row: int | None = None
    weight_column: str = "weight"  # the file's own name of the weight column, for error messages
    directed: bool | None = None


@dataclass
class ExchangeGraph:
    """Nodes and edges of one network file (``directed`` as the file declares)."""

    nodes: list[ExchangeNode] = field(default_factory=list)
    edges: list[ExchangeEdge] = field(default_factory=list)
    directed: bool = False
    name: str = ""


def clean_value(v: Any) -> Any:
    """A value fit for an attribute: None for missing (None, NaN, empty text), tuples and
    lists joined with ``|`` (Kumu's separator), numpy scalars as Python scalars."""
    if v is None:
        return None
    if hasattr(v, "item") and not isinstance(v, str | bytes):  # numpy scalar
        v = v.item()
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, tuple | list | set):
        items = [str(x) for x in v if x is not None and str(x) != ""]
        return "|".join(items) if items else None
    if isinstance(v, dt.datetime | dt.date):
        return v.isoformat()
    if isinstance(v, str):
        return v if v.strip() else None
    return v


def attribute_types(rows: list[dict[str, Any]]) -> dict[str, str]:
    """One declared type per attribute, consistent over all rows.

    Returns attribute -> ``"boolean"``, ``"integer"``, ``"double"`` or ``"string"`` (the
    GEXF/GraphML names), in first-seen order: ``boolean`` if every value is a bool,
    ``integer`` if every value is an int, ``double`` if every value is a number, else
    ``string`` (the values are then written as text).
    """
    seen: dict[str, set[str]] = {}
    for r in rows:
        for k, v in r.items():
            if v is None:
                continue
            kind = "boolean" if isinstance(v, bool) else "integer" if isinstance(v, int) else (
                "double" if isinstance(v, float) else "string")
            seen.setdefault(k, set()).add(kind)
    out: dict[str, str] = {}
    for k, kinds in seen.items():
        if len(kinds) == 1:
            out[k] = next(iter(kinds))
        elif kinds <= {"integer", "double"}:
            out[k] = "double"
        else:
            out[k] = "string"
    return out


def typed_column(values: list[Any]) -> list[Any]:
    """Cells of one text column (CSV, spreadsheet) as one consistent type: all ``int`` when
    every non-empty cell is a whole number (no leading zero), all ``float`` when every cell
    is a number (decimal point or comma), all ``bool`` for ``true``/``false``, else text."""
    texts = [None if v is None or (isinstance(v, str) and not v.strip()) else v for v in values]
    filled = [v for v in texts if v is not None]
    if not filled:
        return texts
    if all(isinstance(v, bool) for v in filled):
        return texts
    strs = [str(v).strip() for v in filled]

    def is_int(s: str) -> bool:
        body = s[1:] if s[:1] == "-" else s
        return body.isdigit() and (body == "0" or not body.startswith("0"))

    if all(isinstance(v, int) and not isinstance(v, bool) for v in filled) or all(is_int(s) for s in strs):
        return [None if v is None else int(str(v).strip()) for v in texts]

    def as_float(s: str) -> float | None:
        if ("," in s and "." in s) or s.count(",") > 1 or s.lower().lstrip("+-") in ("nan", "inf", "infinity"):
            return None  # thousands separators or not a finite number: keep as text
        try:
            return float(s.replace(",", "."))
        except ValueError:
            return None

    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in filled) or all(
        as_float(s) is not None for s in strs
    ):
        return [None if v is None else (float(v) if isinstance(v, int | float) else as_float(str(v).strip())) for v in texts]
    if all(s.lower() in ("true", "false") for s in strs):
        return [None if v is None else str(v).strip().lower() == "true" for v in texts]
    return [None if v is None else str(v) for v in texts]
