"""Exchange with the tools people already use: Gephi, Gephi Lite, Kumu, R, UCINET, Excel.

Export (:func:`export_network`, :func:`export_file`): the person network of a snapshot
(period and filters applied; residents always by pseudonym, nobody's e-mail or phone) as
GEXF 1.3, GraphML, a Kumu workbook or CSV node and edge lists, and the full store as an
Excel workbook (coordinators only). Bestuurders are refused: they see organisations and
sectors only, never a person network. Every export is written to the audit log
(action ``network_export``).

Import (:func:`prepare_import`, :func:`apply_import`, :func:`import_exchange`): GEXF,
GraphML and GML (as Gephi writes them), Kumu workbooks, CSV element/connection lists
(also zipped), the full workbook, and the project's own CSV/XLSX import kinds
(:mod:`netwerk.services.importing`). A run is first prepared into one ChangeSet with a
preview (new, changed and unchanged records per kind, and the first rows), then applied
in one transaction: all or nothing, and importing the same files again changes nothing.
Coordinators only. How network files map onto the domain model:
:mod:`netwerk.exchange.mapping`.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel

from netwerk.access import Viewer, require_role, visible_snapshot
from netwerk.domain import MODELS, ChangeSet, ImportValidationError, InputError, RowError, Snapshot, SnapshotFilter
from netwerk.exchange.convert import graph_from_networkx
from netwerk.exchange.detect import detect_format
from netwerk.exchange.gexf import read_gexf, write_gexf
from netwerk.exchange.gml import read_gml
from netwerk.exchange.graphml import read_graphml, write_graphml
from netwerk.exchange.mapping import map_graph
from netwerk.exchange.network import person_intervals, person_network
from netwerk.exchange.tables import graph_from_tables, read_kumu_tables, table_role, write_csv_zip, write_kumu
from netwerk.exchange.workbook import SHEETS, read_workbook, write_workbook
from netwerk.ingest.limits import check_size, check_zip, limits_fixed, read_member, scan_xml
from netwerk.ingest.readers import read_table
from netwerk.services.audit import log_event
from netwerk.store.base import CHANGESET_SCHEMA, Store, key_columns
from netwerk.text import counted, fmt_date, fmt_datetime, fmt_int

__all__ = [
    "EXPORT_FORMATS",
    "ExportFile",
    "ImportPlan",
    "ImportResult",
    "apply_import",
    "export_file",
    "export_network",
    "import_exchange",
    "prepare_import",
]

ExportFormat = Literal["gexf", "graphml", "kumu", "csv", "xlsx"]

EXPORT_FORMATS: dict[str, tuple[str, str, str]] = {
    "gexf": ("GEXF (Gephi)", "buurtnetwerk.gexf", "application/gexf+xml"),
    "graphml": ("GraphML", "buurtnetwerk.graphml", "application/graphml+xml"),
    "kumu": ("Kumu (Excel)", "buurtnetwerk-kumu.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": ("CSV (knopen en verbindingen)", "buurtnetwerk-csv.zip", "application/zip"),
    "xlsx": ("Volledige Excel-werkmap", "buurtnetwerk-volledig.xlsx",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
"""Format -> (Dutch name, default file name, MIME type)."""

EXCEL_MAX_ROWS = 1_048_576
"""Rows of one Excel worksheet, the header included (Excel's limit)."""

DUTCH_FIELDS: dict[str, str] = {f: d.dutch for f, d in CHANGESET_SCHEMA.items()}
"""ChangeSet field -> its records' Dutch name (plural), from the registry."""


@dataclass(frozen=True)
class ExportFile:
    """One exported file: ``filename`` (the default name), ``data`` (bytes), ``mime`` and a
    Dutch ``summary`` (what is in it)."""

    filename: str
    data: bytes
    mime: str
    summary: str


def export_network(viewer: Viewer, store: Store, fmt: ExportFormat, flt: SnapshotFilter | None = None) -> ExportFile:
    """The person network of ``store.snapshot(flt)`` as ``viewer`` may see it, in ``fmt``.

    Parameters
    ----------
    fmt : {"gexf", "graphml", "kumu", "csv", "xlsx"}
        ``xlsx`` is the full store workbook (:func:`export_file` with no filter applies).
    flt : SnapshotFilter, optional
        Period and filters (ignored for ``xlsx``, which holds every table).

    Returns
    -------
    ExportFile
        Nodes: persons (id ``person_id``; label: name, residents always their pseudonym;
        attributes kind, role_title, org_id, organisation, sector, buurt_code, skills,
        community, kept attributes); edges: ties with weight = shared activities + KNOWS
        reports; nodes and edges with first/last date (:func:`netwerk.exchange.network.person_network`).

    Raises
    ------
    PermissionDenied
        For a bestuurder (any format) and for a professional asking for ``xlsx``.
    InputError
        For an unknown format.
    """
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"Onbekend formaat '{fmt}'; kies uit: {', '.join(EXPORT_FORMATS)}.")
    if fmt == "xlsx":
        return export_file(viewer, store)
    require_role(viewer, "coordinator", "professional")
    flt = flt or SnapshotFilter()
    graph = person_network(visible_snapshot(viewer, store, flt))
    period = _period(flt)
    description = f"Personennetwerk uit Buurtnetwerk, {period}; bewoners onder pseudoniem."
    name, filename, mime = EXPORT_FORMATS[fmt]
    data = {
        "gexf": lambda: write_gexf(graph, description),
        "graphml": lambda: write_graphml(graph),
        "kumu": lambda: write_kumu(graph),
        "csv": lambda: write_csv_zip(graph),
    }[fmt]()
    summary = (f"{name}: {counted(len(graph.nodes), 'persoon', 'personen')}, "
               f"{counted(len(graph.edges), 'verbinding', 'verbindingen')}, {period}.")
    log_event(viewer, store, "network_export", target=filename, detail=summary)
    return ExportFile(filename, data, mime, summary)


def export_file(viewer: Viewer, store: Store) -> ExportFile:
    """The full workbook of the store (every table; :mod:`netwerk.exchange.workbook`), for
    coordinators. Residents' names and everyone's e-mail and phone are left out.

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    InputError
        When a table has more rows than an Excel worksheet holds (:data:`EXCEL_MAX_ROWS`).
    """
    require_role(viewer, "coordinator")
    tables = {f: store.table(f) for f in SHEETS}
    too_big = [DUTCH_FIELDS[f] for f, df in tables.items() if len(df) >= EXCEL_MAX_ROWS]
    if too_big:
        raise InputError(f"Te veel rijen voor één Excel-werkblad ({', '.join(too_big)}; Excel toont er hoogstens "
                         f"{fmt_int(EXCEL_MAX_ROWS - 1)}). "
                         "Gebruik 'netwerk copy' om de store over te zetten.")
    about = [("bron", f"Buurtnetwerk, {store.url.split('://')[0]}-store"),
             ("gemaakt op", fmt_datetime(dt.datetime.now().astimezone())),
             ("inhoud", "alle tabellen, één werkblad per tabel; bewoners onder pseudoniem, zonder e-mail en telefoon"),
             ("terugzetten", "netwerk import buurtnetwerk-volledig.xlsx")]
    data = write_workbook(tables, about)
    name, filename, mime = EXPORT_FORMATS["xlsx"]
    summary = f"{name}: " + ", ".join(f"{len(tables[f])} {DUTCH_FIELDS[f]}" for f in SHEETS if len(tables[f])) + "."
    log_event(viewer, store, "network_export", target=filename, detail=summary)
    return ExportFile(filename, data, mime, summary)


def _period(flt: SnapshotFilter) -> str:
    if flt.start is None and flt.end is None:
        return "hele periode"
    return f"periode {fmt_date(flt.start) if flt.start else '…'} t/m {fmt_date(flt.end) if flt.end else '…'}"


# --- import ----------------------------------------------------------------------------


@dataclass
class ImportPlan:
    """A prepared import: the ChangeSet, the files read (name, Dutch format), Dutch notices
    and the preview.

    ``counts`` is a DataFrame with columns soort (Dutch kind), nieuw, gewijzigd,
    ongewijzigd (records per ChangeSet field with any rows); ``samples`` maps the Dutch
    kind to a DataFrame of its first rows (at most 10, with a column ``status``:
    nieuw/gewijzigd/ongewijzigd)."""

    changes: ChangeSet
    files: list[tuple[str, str]]
    notices: list[str] = field(default_factory=list)
    counts: pd.DataFrame = field(default_factory=pd.DataFrame)
    samples: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def changes_anything(self) -> bool:
        """Whether applying the plan would create or change a record."""
        return bool(len(self.counts)) and int(self.counts[["nieuw", "gewijzigd"]].to_numpy().sum()) > 0

    def summary(self) -> str:
        """The preview as Dutch text (CLI)."""
        lines = [f"- {name}: {fmt}" for name, fmt in self.files]
        for r in self.counts.itertuples(index=False):
            lines.append(f"  {r.soort}: {fmt_int(r.nieuw)} nieuw, {fmt_int(r.gewijzigd)} gewijzigd, "
                         f"{fmt_int(r.ongewijzigd)} ongewijzigd")
        lines += [f"Let op: {n}" for n in self.notices]
        return "\n".join(lines)


@dataclass(frozen=True)
class ImportResult:
    """What :func:`apply_import` wrote: records created and updated per Dutch kind."""

    created: dict[str, int]
    updated: dict[str, int]

    def summary(self) -> str:
        """Dutch one-liner starting with ``Geïmporteerd:``."""
        parts = [f"{fmt_int(n)} {k} nieuw" for k, n in self.created.items() if n]
        parts += [f"{fmt_int(n)} {k} bijgewerkt" for k, n in self.updated.items() if n]
        return "Geïmporteerd: " + (", ".join(parts) if parts else "niets gewijzigd, alles stond al zo in de store") + "."


_FORMAT_NAMES = {
    "gexf": "GEXF (Gephi)", "graphml": "GraphML", "gml": "GML", "kumu": "Kumu-werkmap",
    "elements": "CSV met elementen (Kumu/Gephi)", "connections": "CSV met verbindingen (Kumu/Gephi)",
    "zip": "zip met CSV-knopen en -verbindingen", "workbook": "volledige Excel-werkmap van Buurtnetwerk",
    "kinds": "importbestand van Buurtnetwerk",
}


@limits_fixed()
def prepare_import(viewer: Viewer, store: Store, files: list[tuple[str, bytes]], default_kind: str | None = None) -> ImportPlan:  # noqa: C901
    """Read, validate and map a run of files without writing anything.

    Parameters
    ----------
    files : list of (file name, content)
        The run. Formats are recognised by extension and content
        (:func:`netwerk.exchange.detect.detect_format`). Network files (GEXF, GraphML, GML,
        Kumu, element/connection CSVs, their zip) and the full workbook may be combined in
        one run; the project's own import kinds (``personen.csv``, ``deelname.csv``, ...)
        form a run of their own.
    default_kind : str, optional
        Person kind (or ``organisation``) for network elements without a type.

    Returns
    -------
    ImportPlan

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    InputError
        For no files, or own import kinds mixed with network files.
    ImportValidationError
        Listing every problem (file, row, column/attribute, element); nothing is written.
    """
    require_role(viewer, "coordinator")
    if not files:
        raise InputError("Kies minstens één bestand om te importeren.")
    errors: list[RowError] = []
    formats: list[tuple[str, str]] = []
    notices: list[str] = []
    files = _distinct_names(files, notices)
    with tempfile.TemporaryDirectory(prefix="buurtnetwerk-import-") as tmp:
        paths = []
        for i, (name, data) in enumerate(files):
            try:
                check_size(name, len(data))
            except ImportValidationError as e:
                errors.extend(e.errors)
                continue
            path = Path(tmp) / str(i) / Path(name).name  # a folder per file: equal names never overwrite
            path.parent.mkdir()
            path.write_bytes(data)
            paths.append(path)
            try:
                formats.append((name, detect_format(path.name, data)))
            except ValueError as e:
                errors.append(RowError(name, None, None, str(e)))
            except ImportValidationError as e:
                errors.extend(e.errors)
        if errors:
            raise ImportValidationError(errors)
        own = [p for p, (_, f) in zip(paths, formats, strict=True) if f == "kinds"]
        if own and len(own) != len(paths):
            raise InputError("Importeer de eigen importbestanden (personen, deelname, ...) apart van netwerkbestanden "
                             "(GEXF, GraphML, GML, Kumu, CSV-lijsten, volledige werkmap).")
        if own:
            from netwerk.services.importing import prepare_files

            _, parsed, build = prepare_files(store, own)
            changes = build.changes
            if build.self_loops_dropped:
                notices.append(f"{counted(len(build.self_loops_dropped), 'relatie', 'relaties')} van een persoon met "
                                "zichzelf weggelaten.")
            if build.repeated_pairs_merged:
                notices.append(f"{build.repeated_pairs_merged} herhaalde relatie(s) samengevoegd.")
            if build.zero_weight_skipped:
                notices.append(f"{build.zero_weight_skipped} rij(en) met gewicht 0 overgeslagen.")
            notices += [str(w) for pf in parsed for w in pf.warnings]
            described = [(pf.name, f"{_FORMAT_NAMES['kinds']} ({pf.kind.dutch})") for pf in parsed]
        else:
            changes = _network_changes(store, paths, formats, default_kind, errors, notices)
            described = [(n, _FORMAT_NAMES[f]) for n, f in formats]
    if errors:
        raise ImportValidationError(errors)
    counts, samples = _preview(store, changes)
    return ImportPlan(changes=changes, files=described, notices=notices, counts=counts, samples=samples)


def _distinct_names(files: list[tuple[str, bytes]], notices: list[str]) -> list[tuple[str, bytes]]:
    """The files of a run with distinct names: a file chosen twice (same name, same content)
    is read once; a second, different file with the same name is read as ``naam (2).csv``.
    Each case adds a Dutch notice."""
    out: list[tuple[str, bytes]] = []
    seen: dict[str, bytes] = {}
    for name, data in files:
        base = Path(name).name
        if base in seen:
            if seen[base] == data:
                notices.append(f"'{base}' is twee keer gekozen met dezelfde inhoud; het is één keer ingelezen.")
                continue
            stem, suffix = Path(base).stem, Path(base).suffix
            n = 2
            while f"{stem} ({n}){suffix}" in seen:
                n += 1
            renamed = f"{stem} ({n}){suffix}"
            notices.append(f"Twee verschillende bestanden heten '{base}'; beide zijn ingelezen, het tweede als "
                           f"'{renamed}'.")
            base = renamed
        seen[base] = data
        out.append((base, data))
    return out


def _network_changes(store: Store, paths: list[Path], formats: list[tuple[str, str]], default_kind: str | None,  # noqa: C901
                     errors: list[RowError], notices: list[str]) -> ChangeSet:
    persons, orgs, wf = store.table("persons"), store.table("organisations"), store.table("works_for")
    combined = ChangeSet()
    elements: list[tuple[str, pd.DataFrame]] = []
    connections: list[tuple[str, pd.DataFrame]] = []
    graphs = []
    for path, (name, fmt) in zip(paths, formats, strict=True):
        try:
            if fmt in ("gexf", "graphml", "gml"):
                data = path.read_bytes()
                if fmt in ("gexf", "graphml"):
                    scan_xml(data, name, "GEXF" if fmt == "gexf" else "GraphML")
                G = read_gexf(data) if fmt == "gexf" else read_graphml(data) if fmt == "graphml" else read_gml(data, name)
                graph, errs = graph_from_networkx(G, name)
                errors.extend(errs)
                graphs.append((name, graph))
            elif fmt == "kumu":
                tables = read_kumu_tables(path)
                graph, errs = graph_from_tables(tables.get("elements"), tables.get("connections"),
                                                f"{name}, blad Elements", f"{name}, blad Connections")
                errors.extend(errs)
                graphs.append((name, graph))
            elif fmt in ("elements", "connections"):
                (elements if fmt == "elements" else connections).append((name, read_table(path)))
            elif fmt == "zip":
                for member, table in _zip_tables(path):
                    role = table_role([str(c) for c in table.columns])
                    if role is None:
                        errors.append(RowError(f"{name}/{member}", 1, None, "geen lijst met elementen (kolom A 'Label') "
                                                                            "of verbindingen (kolommen A en B 'From', 'To')"))
                        continue
                    (elements if role == "elements" else connections).append((f"{name}/{member}", table))
            elif fmt == "workbook":
                changes, errs = read_workbook(path, {"persons": persons, "survey_invites": store.table("survey_invites")})
                errors.extend(errs)
                _merge(combined, changes)
        except ImportValidationError as e:
            errors.extend(e.errors)
        except ValueError as e:
            errors.append(RowError(name, None, None, str(e)))
    if len(elements) > 1 or len(connections) > 1:
        errors.append(RowError(", ".join(n for n, _ in elements + connections), None, None,
                               "geef per keer één lijst met elementen en één met verbindingen"))
    elif elements or connections:
        el, con = (elements or [("", None)])[0], (connections or [("", None)])[0]
        graph, errs = graph_from_tables(el[1], con[1], el[0], con[0])
        errors.extend(errs)
        graphs.append((el[0] or con[0], graph))
    snap = store.snapshot() if graphs else None
    other = _other_weight(snap) if snap is not None else None
    intervals = person_intervals(snap) if snap is not None else {}
    stored = _stored_knows(snap) if snap is not None else {}
    for name, graph in graphs:
        result = map_graph(graph, name, persons, orgs, wf, default_kind, other, intervals, stored)
        errors.extend(result.errors)
        notices.extend(result.notices)
        _merge(combined, result.changes)
    return combined


def _other_weight(snap: Snapshot):
    """``(a, b, source) ->`` the store's tie strength a–b without its KNOWS rows of ``source``
    (see :func:`netwerk.exchange.mapping.map_graph`)."""
    from netwerk.analysis.snapshot import social_graph

    G = social_graph(snap)
    own: dict[tuple[str, ...], int] = {}  # (a, b) sorted, source
    for a, b, src, c in zip(snap.knows["from_id"], snap.knows["to_id"], snap.knows["source"], snap.knows["count"],
                            strict=True):
        key = (*sorted((str(a), str(b))), str(src))
        own[key] = own.get(key, 0) + int(c or 1)

    def other(a: str, b: str, source: str) -> float:
        if not G.has_edge(a, b):
            return 0.0
        return float(G.edges[a, b]["weight"]) - own.get((*sorted((a, b)), source), 0)

    return other


def _stored_knows(snap: Snapshot) -> dict[tuple[str, str, str], int]:
    """The store's KNOWS rows: (from_id, to_id, source) -> count."""
    k = snap.knows
    return {(str(a), str(b), str(s)): int(c or 1)
            for a, b, s, c in zip(k["from_id"], k["to_id"], k["source"], k["count"], strict=True)}


def _zip_tables(path: Path) -> list[tuple[str, pd.DataFrame]]:
    out = []
    with zipfile.ZipFile(path) as z, tempfile.TemporaryDirectory(prefix="buurtnetwerk-zip-") as tmp:
        check_zip(z, path.name)
        for i, info in enumerate(z.infolist()):
            member = Path(info.filename).name
            if info.is_dir() or not member.lower().endswith((".csv", ".txt", ".tsv")):
                continue
            target = Path(tmp) / str(i) / member
            target.parent.mkdir()
            target.write_bytes(read_member(z, info, path.name))
            try:
                out.append((member, read_table(target)))
            except ImportValidationError as e:
                raise ImportValidationError([RowError(f"{path.name}/{err.file}", err.row, err.column, err.message)
                                             for err in e.errors]) from None
    if not out:
        raise ValueError("de zip bevat geen CSV-bestanden")
    return out


def _merge(into: ChangeSet, other: ChangeSet) -> None:
    for fname in CHANGESET_SCHEMA:
        rows = {tuple(getattr(m, k) for k in key_columns(fname)): m for m in getattr(into, fname)}
        for m in getattr(other, fname):
            rows[tuple(getattr(m, k) for k in key_columns(fname))] = m
        setattr(into, fname, list(rows.values()))


def _preview(store: Store, changes: ChangeSet) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    counts = []
    samples: dict[str, pd.DataFrame] = {}
    for fname in CHANGESET_SCHEMA:
        models = getattr(changes, fname)
        if not models:
            continue
        keys = key_columns(fname)
        existing = _existing(fname, store.table(fname))
        status = []
        for m in models:
            old = existing.get(tuple(getattr(m, k) for k in keys))
            status.append("nieuw" if old is None else "ongewijzigd" if old == m else "gewijzigd")
        dutch = DUTCH_FIELDS[fname]
        counts.append({"soort": dutch, "nieuw": status.count("nieuw"), "gewijzigd": status.count("gewijzigd"),
                       "ongewijzigd": status.count("ongewijzigd")})
        rows = []
        for m, s in list(zip(models, status, strict=True))[:10]:
            d = m.model_dump(exclude={"email", "phone"})
            rows.append({"status": s, **{k: _shown(v) for k, v in d.items()}})
        samples[dutch] = pd.DataFrame(rows)
    return pd.DataFrame(counts, columns=["soort", "nieuw", "gewijzigd", "ongewijzigd"]), samples


def _existing(fname: str, df: pd.DataFrame) -> dict[tuple, BaseModel]:
    model = MODELS[fname]
    fields = [c for c in df.columns if c in model.model_fields]
    out: dict[tuple, BaseModel] = {}
    for r in df[fields].to_dict("records"):
        m = model(**{k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()})
        out[tuple(getattr(m, k) for k in key_columns(fname))] = m
    return out


def _shown(v):
    if isinstance(v, tuple | list):
        return "|".join(str(x) for x in v)
    if isinstance(v, dict):
        return ", ".join(f"{k}={x}" for k, x in v.items())
    if isinstance(v, dt.datetime):
        return fmt_datetime(v)
    if isinstance(v, dt.date):
        return fmt_date(v)
    return v


def apply_import(viewer: Viewer, store: Store, plan: ImportPlan, files: list[str] | None = None) -> ImportResult:
    """Write a prepared import in one transaction (all or nothing) and log it.

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    StoreError
        When the store refuses (e.g. a reference the preview could not check); nothing is written.
    """
    require_role(viewer, "coordinator")
    with store.unit_of_work():  # the data and its audit entry commit together
        result = store.apply(plan.changes)
        out = ImportResult(
            created={DUTCH_FIELDS[k]: v for k, v in result.created.items() if v},
            updated={DUTCH_FIELDS[k]: v for k, v in result.updated.items() if v},
        )
        names = ", ".join(files or [n for n, _ in plan.files])
        log_event(viewer, store, "import", target=names[:500], detail=out.summary()[:500])
    return out


def import_exchange(viewer: Viewer, store: Store, paths: list[Path], default_kind: str | None = None,
                    dry_run: bool = False) -> tuple[ImportPlan, ImportResult | None]:
    """:func:`prepare_import` for files on disk, then :func:`apply_import` unless ``dry_run``.

    Raises as those two do; ``InputError`` for a path that is no file.
    """
    missing = [str(p) for p in paths if not Path(p).is_file()]
    if missing:
        raise InputError(f"Bestand niet gevonden: {', '.join(missing)}")
    too_big = []
    for p in paths:  # before reading: a huge file is never loaded
        try:
            check_size(Path(p).name, Path(p).stat().st_size)
        except ImportValidationError as e:
            too_big += e.errors
    if too_big:
        raise ImportValidationError(too_big)
    plan = prepare_import(viewer, store, [(Path(p).name, Path(p).read_bytes()) for p in paths], default_kind)
    if dry_run:
        return plan, None
    return plan, apply_import(viewer, store, plan)
