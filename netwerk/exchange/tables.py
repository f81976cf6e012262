"""Kumu workbooks and CSV node/edge lists: a network as two tables.

Layout (Kumu's import convention, also read by Gephi's spreadsheet import after
mapping the columns):

- **Elements** (``knopen.csv``): ``Label`` in column A, then ``Type`` (the Dutch kind:
  Bewoner, Wijkprofessional, Bestuurder, Vrijwilliger, Organisatie), ``ID``, the
  attributes, ``start`` and ``end`` (ISO dates, ``2025-01-13``).
- **Connections** (``verbindingen.csv``): ``From`` and ``To`` in columns A and B (element
  IDs, or labels when there is no ID column), ``Type`` (if any), ``Direction`` (Kumu's
  ``directed``, ``undirected`` or ``mutual``; written as ``undirected`` for an undirected
  network, so an export read back is one tie per pair; no column = directed, Kumu's
  default), ``weight``, the attributes, ``start``, ``end``.

Multiple values in one cell are joined with ``|``. Text cells that a spreadsheet would
run as a formula get a leading apostrophe (:func:`netwerk.spreadsheet.formula_safe`);
the reader removes it again. CSV files are comma separated UTF-8 (no BOM), as Kumu,
Gephi and R read them; the reader also takes Dutch Excel CSV (``;``, Windows-1252).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd

import graph_schema as gs
from netwerk.domain import RowError
from netwerk.exchange.model import ExchangeEdge, ExchangeGraph, ExchangeNode, clean_value, typed_column
from netwerk.ingest.kinds import normalise_header
from netwerk.ingest.limits import limits
from netwerk.spreadsheet import formula_safe

__all__ = [
    "CONNECTIONS_CSV",
    "ELEMENTS_CSV",
    "TYPE_LABELS",
    "graph_from_tables",
    "graph_tables",
    "read_kumu_tables",
    "table_role",
    "unformula",
    "write_csv_zip",
    "write_kumu",
]

ELEMENTS_CSV = "knopen.csv"
CONNECTIONS_CSV = "verbindingen.csv"
TYPE_LABELS: dict[str, str] = {**{k: v.capitalize() for k, v in gs.PERSON_KINDS.items()}, "organisation": "Organisatie"}
"""Kind -> the Dutch ``Type`` written in Kumu and CSV element tables."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_LABEL, _TYPE, _ID = "label", {"type", "soort", "kind"}, {"id"}
_WEIGHT = {"weight", "gewicht", "strength", "sterkte", "value"}
_DIRECTION = {"direction", "richting"}
_DIRECTIONS = {"directed": True, "gericht": True, "undirected": False, "ongericht": False, "mutual": False,
               "wederzijds": False}
_START = {"start", "begin", "start_date", "startdatum", "van_datum"}
_END = {"end", "eind", "einde", "end_date", "einddatum", "tot_datum"}
_ENDS = ({"from", "to"}, {"source", "target"}, {"van", "naar"})


def unformula(v: Any) -> Any:
    """Undo :func:`netwerk.spreadsheet.formula_safe`: ``'=x`` -> ``=x`` (other text unchanged,
    so ``'t Hoogeland`` keeps its apostrophe)."""
    if isinstance(v, str) and len(v) > 1 and v[0] == "'" and v[1:].startswith(_FORMULA_START):
        return v[1:]
    return v


# --- writing -----------------------------------------------------------------------------


def graph_tables(graph: ExchangeGraph) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Elements and Connections tables of ``graph`` (columns as in the module docstring;
    the ``kind`` attribute becomes ``Type``; ``Direction`` is ``undirected`` on every
    connection of an undirected graph; empty cells are None)."""
    node_keys = list(dict.fromkeys(k for n in graph.nodes for k in n.attrs if k != "kind"))
    elements = pd.DataFrame(
        [
            {"Label": n.label or n.id, "Type": TYPE_LABELS.get(n.type or "", n.type), "ID": n.id,
             **{k: n.attrs.get(k) for k in node_keys}, "start": _iso(n.start), "end": _iso(n.end)}
            for n in graph.nodes
        ],
        columns=["Label", "Type", "ID", *node_keys, "start", "end"], dtype=object,
    )
    edge_keys = list(dict.fromkeys(k for e in graph.edges for k in e.attrs))
    has_type = any(e.type for e in graph.edges)
    direction = [] if graph.directed else ["Direction"]
    connections = pd.DataFrame(
        [
            {"From": e.source, "To": e.target, **({"Type": e.type} if has_type else {}),
             **({"Direction": "undirected"} if direction else {}), "weight": e.weight,
             **{k: e.attrs.get(k) for k in edge_keys}, "start": _iso(e.start), "end": _iso(e.end)}
            for e in graph.edges
        ],
        columns=["From", "To", *(["Type"] if has_type else []), *direction, "weight", *edge_keys, "start", "end"],
        dtype=object,
    )
    return elements, connections


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d is not None else None


def write_kumu(graph: ExchangeGraph) -> bytes:
    """A Kumu workbook (XLSX with the sheets ``Elements`` and ``Connections``) of ``graph``."""
    elements, connections = graph_tables(graph)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        formula_safe(elements).to_excel(xw, sheet_name="Elements", index=False)
        formula_safe(connections).to_excel(xw, sheet_name="Connections", index=False)
    return buf.getvalue()


def write_csv_zip(graph: ExchangeGraph) -> bytes:
    """A zip with :data:`ELEMENTS_CSV` and :data:`CONNECTIONS_CSV` (comma separated UTF-8)."""
    elements, connections = graph_tables(graph)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(ELEMENTS_CSV, formula_safe(elements).to_csv(index=False))
        z.writestr(CONNECTIONS_CSV, formula_safe(connections).to_csv(index=False))
    return buf.getvalue()


# --- reading -----------------------------------------------------------------------------


def table_role(header: list[str]) -> str | None:
    """``"elements"`` when column A is ``Label`` (or a Gephi node table: ``Id`` then a
    ``Label`` column), ``"connections"`` when columns A and B are ``From``/``To`` (or
    ``Source``/``Target``, ``van``/``naar``), else None."""
    keys = [normalise_header(h) for h in header]
    if keys and keys[0] == _LABEL:
        return "elements"
    if len(keys) >= 2 and keys[0] in _ID and _LABEL in keys:
        return "elements"
    if len(keys) >= 2 and {keys[0], keys[1]} in _ENDS and keys[0] in ("from", "source", "van"):
        return "connections"
    return None


def read_kumu_tables(path: Path) -> dict[str, pd.DataFrame]:
    """The ``Elements`` and ``Connections`` sheets of a Kumu workbook (names case-insensitive;
    Dutch ``Elementen``/``Verbindingen`` too), each as a frame of cell values indexed by
    spreadsheet row (header = row 1). Cells keep their type (text, number, bool, date)."""
    from openpyxl import load_workbook

    from netwerk.ingest.readers import open_workbook, sheet_values

    open_workbook(path, path.name)
    wb = load_workbook(path, data_only=True, read_only=True)
    try:
        out: dict[str, pd.DataFrame] = {}
        for ws in wb.worksheets:
            role = {"elements": "elements", "elementen": "elements", "connections": "connections",
                    "verbindingen": "connections"}.get(ws.title.strip().lower())
            if role is None:
                continue
            rows = [(i, list(r)) for i, r in enumerate(sheet_values(ws, path.name), start=1)]
            rows = [(i, r) for i, r in rows if any(c is not None and str(c).strip() for c in r)]
            if not rows:
                continue
            (_, header), data = rows[0], rows[1:]
            width = len(header)
            while width and header[width - 1] is None:
                width -= 1
            cols = [str(h).strip() if h is not None else f"kolom {i + 1}" for i, h in enumerate(header[:width])]
            frame = pd.DataFrame([[_cell(c) for c in (r + [None] * width)[:width]] for _, r in data], columns=cols,
                                 index=pd.Index([i for i, _ in data], name="rij"), dtype=object)
            frame.attrs["sheet"] = ws.title
            out[role] = frame
        return out
    finally:
        wb.close()


def _cell(v: Any) -> Any:
    if isinstance(v, str):
        v = v.strip()
        return unformula(v) if v else None
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


def graph_from_tables(  # noqa: C901
    elements: pd.DataFrame | None, connections: pd.DataFrame | None, elements_file: str, connections_file: str,
) -> tuple[ExchangeGraph, list[RowError]]:
    """An :class:`ExchangeGraph` from an Elements and a Connections table (either may be None).

    Element ids: the ``ID`` column; without it the id is empty and the importer matches
    the element by label and type. Connection ends name an element's ID, else its label.
    Other columns become attributes, each column of one type (:func:`typed_column`).

    Returns the graph and every problem as :class:`~netwerk.domain.RowError` (file, row,
    column): column A is not ``Label``, A/B are not ``From``/``To``, an empty label or
    end, an end that names no element or more than one, a date that is not a date.
    """
    errors: list[RowError] = []
    graph = ExchangeGraph(directed=True)
    by_id: dict[str, str] = {}
    id_rows: dict[str, int] = {}
    by_label: dict[str, list[str]] = {}
    if elements is not None:
        header, keys = _header(elements, elements_file, "elements", errors,
                               "kolom A moet 'Label' heten (Kumu: de naam van het element staat in kolom A)")
        if keys is not None:
            id_col = _find(header, keys, _ID)
            type_col = _find(header, keys, _TYPE)
            label_col = next(c for c in header if keys[c] == _LABEL)
            start_col = _find(header, keys, _START)
            end_col = _find(header, keys, _END)
            extra = [c for c in header if c not in {id_col, type_col, label_col, start_col, end_col}]
            typed = {c: typed_column([unformula(v) for v in elements[c]]) for c in extra}
            for i, row_number in enumerate(elements.index):
                row = elements.iloc[i]
                label = _text(row[label_col])
                if label is None:
                    errors.append(RowError(elements_file, int(row_number), label_col, "label is leeg"))
                    continue
                nid = _text(row[id_col]) if id_col else None
                if nid and nid in id_rows:
                    errors.append(RowError(elements_file, int(row_number), id_col,
                                           f"ID '{nid}' komt twee keer voor (ook op rij {id_rows[nid]}); elk element "
                                           "moet een eigen ID hebben"))
                    continue
                if nid:
                    id_rows[nid] = int(row_number)
                start, end = (_day(row[c], elements_file, int(row_number), c, errors) if c else None
                              for c in (start_col, end_col))
                attrs = {c: typed[c][i] for c in extra if clean_value(typed[c][i]) is not None}
                node = ExchangeNode(id=nid or "", label=label, type=_text(row[type_col]) if type_col else None,
                                    attrs=attrs, start=start, end=end, file=elements_file, row=int(row_number))
                graph.nodes.append(node)
                key = nid or f"#label:{label}"
                if nid:
                    by_id[nid] = key
                by_label.setdefault(label.casefold(), []).append(key)
                if not nid:
                    node.id = key
    if connections is not None:
        header, keys = _header(connections, connections_file, "connections", errors,
                               "kolommen A en B moeten 'From' en 'To' heten (Kumu: van wie naar wie)")
        if keys is not None:
            src_col, dst_col = header[0], header[1]
            type_col = _find(header[2:], keys, _TYPE)
            weight_col = _find(header[2:], keys, _WEIGHT)
            dir_col = _find(header[2:], keys, _DIRECTION)
            start_col = _find(header[2:], keys, _START)
            end_col = _find(header[2:], keys, _END)
            extra = [c for c in header[2:] if c not in {type_col, weight_col, dir_col, start_col, end_col}
                     and keys[c] not in _ID]
            typed = {c: typed_column([unformula(v) for v in connections[c]]) for c in extra}
            for i, row_number in enumerate(connections.index):
                row = connections.iloc[i]
                r = int(row_number)
                ends = []
                for col in (src_col, dst_col):
                    ref = _text(row[col])
                    end_key: str | None = None
                    if ref is None:
                        errors.append(RowError(connections_file, r, col, "leeg: noem het ID of label van een element"))
                    elif ref in by_id:
                        end_key = by_id[ref]
                    elif len(by_label.get(ref.casefold(), [])) == 1:
                        end_key = by_label[ref.casefold()][0]
                    elif len(by_label.get(ref.casefold(), [])) > 1:
                        errors.append(RowError(connections_file, r, col,
                                               f"'{ref}' is het label van meer dan één element; gebruik een ID-kolom"))
                    elif elements is None:
                        end_key = ref  # a connections list alone: ends are ids the store must know
                    else:
                        errors.append(RowError(connections_file, r, col, f"'{ref}' is geen element in {elements_file}"))
                    ends.append(end_key)
                weight = _weight(row[weight_col], connections_file, r, weight_col, errors) if weight_col else None
                directed = _direction(row[dir_col], connections_file, r, dir_col, errors) if dir_col else None
                start, end = (_day(row[c], connections_file, r, c, errors) if c else None for c in (start_col, end_col))
                source, target = ends
                if source is None or target is None:
                    continue
                attrs = {c: typed[c][i] for c in extra if clean_value(typed[c][i]) is not None}
                graph.edges.append(ExchangeEdge(
                    source=source, target=target, weight=weight, type=_text(row[type_col]) if type_col else None,
                    attrs=attrs, start=start, end=end, file=connections_file, row=r, weight_column=weight_col or "weight",
                    directed=directed,
                ))
    return graph, errors


def _header(frame: pd.DataFrame, file: str, role: str, errors: list[RowError],
            message: str) -> tuple[list[str], dict[str, str] | None]:
    """The column names of ``frame`` and each one's normalised form; when the columns do not
    make a table of ``role`` (:func:`table_role`), the normalised forms are None and a
    :class:`RowError` with ``message`` on row 1 of ``file`` is added to ``errors``."""
    header = [str(c) for c in frame.columns]
    if table_role(header) != role:
        errors.append(RowError(file, 1, header[0] if header else "A", message))
        return header, None
    return header, {c: normalise_header(c) for c in header}


def _find(columns: list[str], keys: dict[str, str], names: Any) -> str | None:
    """The first of ``columns`` whose normalised name (``keys``) is in ``names``; None if none."""
    return next((c for c in columns if keys[c] in names), None)


def _text(v: Any) -> str | None:
    v = clean_value(unformula(v))
    return None if v is None else str(v).strip()


def _day(v: Any, file: str, row: int, col: str, errors: list[RowError]) -> dt.date | None:
    text = _text(v)
    if text is None:
        return None
    from netwerk.ingest.parse import parse_date

    try:
        return parse_date(text[:10] if len(text) > 10 and text[4:5] == "-" else text)
    except ValueError as e:
        errors.append(RowError(file, row, col, str(e)))
        return None


def _weight(v: Any, file: str, row: int, col: str, errors: list[RowError]) -> float | None:
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    try:
        w = float(v) if isinstance(v, int | float) and not isinstance(v, bool) else float(str(v).strip().replace(",", "."))
    except ValueError:
        errors.append(RowError(file, row, col, f"gewicht '{v}' is geen getal"))
        return None
    if not abs(w) <= limits().max_abs_decimal:  # also NaN and infinity
        errors.append(RowError(file, row, col, f"gewicht '{v}' is te groot (of geen getal); de grens is "
                                               f"{limits().max_abs_decimal:g}"))
        return None
    return w


def _direction(v: Any, file: str, row: int, col: str, errors: list[RowError]) -> bool | None:
    text = _text(v)
    if text is None:
        return None
    if text.lower() in _DIRECTIONS:
        return _DIRECTIONS[text.lower()]
    errors.append(RowError(file, row, col, f"richting '{text}' is onbekend; gebruik directed, undirected of mutual "
                                           "(gericht, ongericht of wederzijds)"))
    return None
