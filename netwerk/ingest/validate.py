"""Validate import tables and turn them into one :class:`~netwerk.domain.ChangeSet`.

Two steps, both collecting every problem as a Dutch :class:`~netwerk.domain.RowError`
instead of stopping at the first:

1. :func:`parse_file` detects a table's kind from its header and parses each cell by
   its column type (:mod:`netwerk.ingest.parse`).
2. :func:`build_changeset` builds the domain entities of all files of one run, merges
   and deduplicates them, and checks references across the files and against the ids
   the store already holds (passed in as :class:`KnownIds`; this module never touches
   a store).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from pydantic import BaseModel, ValidationError

import graph_schema as gs
from netwerk.domain import (
    MODELS,
    Activity,
    ActivityTheme,
    ChangeSet,
    Knows,
    Membership,
    Person,
    RowError,
    WorksFor,
)
from netwerk.ingest import cbs, parse
from netwerk.ingest.kinds import FILE_KINDS, Column, FileKind, detect_kind, normalise_header

__all__ = [
    "BuildResult",
    "KnownIds",
    "ParsedFile",
    "Record",
    "build_changeset",
    "parse_cell",
    "parse_file",
    "pydantic_row_errors",
]


@dataclass
class Record:
    """One data row: spreadsheet ``row`` number and parsed ``values`` by canonical
    column name (``None``/``()`` for an empty cell or an absent optional column)."""

    row: int
    values: dict[str, Any]


@dataclass
class ParsedFile:
    """A table whose kind is known and whose cells are parsed.

    ``columns`` maps canonical column name -> the header text as written in the file
    (used to name columns in messages); ``warnings`` are Dutch notices that do not refuse
    the import (a clock time that does not exist on the day summer time starts)."""

    name: str
    kind: FileKind
    columns: dict[str, str]
    records: list[Record]
    warnings: list[RowError] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.records)

    def header(self, column: str) -> str:
        return self.columns.get(column, column)


@dataclass(frozen=True)
class KnownIds:
    """Ids the store already holds, for reference checks (see
    :meth:`netwerk.store.base.Store.existing_ids`); ``residents`` are the person ids of
    kind ``resident``, ``themes`` the controlled theme vocabulary, ``organisation_names``
    each organisation name (:func:`~netwerk.ingest.kinds.normalise_header`) -> its org_ids."""

    organisations: frozenset[str] = frozenset()
    persons: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    activities: frozenset[str] = frozenset()
    survey_rounds: frozenset[str] = frozenset()
    themes: frozenset[str] = frozenset(gs.THEMES)
    residents: frozenset[str] = frozenset()
    organisation_names: Mapping[str, frozenset[str]] = field(default_factory=dict)


@dataclass
class BuildResult:
    """What :func:`build_changeset` produced.

    ``self_loops_dropped`` holds (file, row, person id) of KNOWS rows with
    ``from_id == to_id``; ``repeated_pairs_merged`` counts KNOWS rows folded into an
    earlier row of the same (from_id, to_id, source); ``zero_weight_skipped`` counts
    KNOWS rows with weight 0 (non-ties)."""

    changes: ChangeSet
    errors: list[RowError] = field(default_factory=list)
    self_loops_dropped: list[tuple[str, int, str]] = field(default_factory=list)
    repeated_pairs_merged: int = 0
    zero_weight_skipped: int = 0


# --- step 1: parse a table -----------------------------------------------------------


def parse_file(name: str, table: pd.DataFrame) -> tuple[ParsedFile | None, list[RowError]]:  # noqa: C901
    """Detect the kind of ``table`` (from :func:`netwerk.ingest.readers.read_table`) and
    parse its cells.

    Returns
    -------
    (ParsedFile or None, list of RowError)
        The parsed file (None when the header does not fit any kind; its ``warnings``
        name nonexistent clock times, :func:`netwerk.ingest.parse.nonexistent_time`) and
        every problem found: unknown columns (with a suggestion), missing required columns, empty
        required cells and values that do not parse. A file with errors is still
        returned with the rows that parsed, so later checks can report more.
    """
    header = [str(c) for c in table.columns]
    header_row = int(table.attrs.get("header_row", 1))
    match = detect_kind(header, name)
    if match is None:
        expected = "; ".join(f"{k.dutch}: {', '.join(c.name for c in k.columns if c.required)}" for k in FILE_KINDS.values())
        return None, [
            RowError(name, header_row, None,
                     f"het soort bestand is niet te herkennen aan de kopregel ({', '.join(header)}). "
                     f"Verwachte verplichte kolommen per soort: {expected}")
        ]
    kind = match.kind
    errors: list[RowError] = []
    for h in match.unknown:
        hint = match.suggestion(h)
        extra = f"; bedoelt u '{hint}'?" if hint else "."
        errors.append(RowError(name, header_row, h, f"onbekende kolom voor {kind.dutch}{extra} "
                                                    f"Toegestane kolommen: {', '.join(c.name for c in kind.columns)}"))
    for h in match.twice:
        errors.append(RowError(name, header_row, h, "deze kolom staat al onder een andere naam in de kopregel"))
    for col in match.missing:
        errors.append(RowError(name, header_row, col, f"verplichte kolom ontbreekt in {kind.dutch}"))
    records: list[Record] = []
    warnings: list[RowError] = []
    if match.missing:
        # Without a required column every row would repeat the same error.
        return ParsedFile(name, kind, match.columns, records), errors
    for row_number, cells in zip(table.index, table.itertuples(index=False, name=None), strict=True):
        by_header = dict(zip(header, cells, strict=True))
        values: dict[str, Any] = {}
        ok = True
        for column in kind.columns:
            text = by_header.get(match.columns[column.name]) if column.name in match.columns else None
            written = match.columns.get(column.name, column.name)
            if text is None and column.required and column.name in match.columns:
                errors.append(RowError(name, int(row_number), written, "verplicht veld is leeg"))
                ok = False
                continue
            try:
                values[column.name] = parse_cell(text, column)
            except ValueError as e:
                errors.append(RowError(name, int(row_number), written, str(e)))
                ok = False
                continue
            gap = parse.nonexistent_time(text) if column.type == "datetime" else None
            if gap is not None:
                stored = values[column.name]
                warnings.append(RowError(name, int(row_number), written,
                                         f"{gap:%d-%m-%Y %H:%M} bestaat niet in Nederland (die nacht ging de klok van 02:00 "
                                         f"naar 03:00, zomertijd); opgeslagen als {stored:%d-%m-%Y %H:%M}. "
                                         "Controleer de tijd."))
        if ok:
            records.append(Record(int(row_number), values))
    return ParsedFile(name, kind, match.columns, records, warnings), errors


def parse_cell(text: str | None, column: Column) -> Any:  # noqa: C901
    """One import cell's text as the value of ``column`` (by its type: text, vocabulary
    code, tuple for a list, int, float, bool, date, datetime, score 1-4, Himmelman level);
    None for an empty cell.

    Raises
    ------
    ValueError
        With a Dutch message when the text is not a valid value for the column.
    """
    t = column.type
    if t == "text":
        return text.lower() if (text is not None and column.vocabulary == "THEMES") else text
    if t == "vocab":
        vocabulary = column.allowed()
        assert vocabulary is not None, f"vocab column {column.name} names no vocabulary"
        return parse.parse_vocab(text, vocabulary, _WHAT.get(column.vocabulary or "", "waarde"))
    if t == "list":
        items = parse.split_list(text)
        if column.name == "methods":
            # Method codes (docs/ARCHITECTURE.md, "Method codes"): "Deep Democracy" -> deep_democracy.
            items = tuple(dict.fromkeys(re.sub(r"[\s\-]+", "_", i.lower()) for i in items))
        if column.vocabulary == "THEMES":
            items = tuple(dict.fromkeys(i.lower() for i in items))
        return items
    if t == "int":
        value = parse.parse_int(text)
        if value is not None and value < 0:
            raise ValueError(f"ongeldig aantal '{text}': mag niet negatief zijn")
        return value
    if t == "decimal":
        return parse.parse_decimal(text)
    if t == "bool":
        return parse.parse_bool(text)
    if t == "date":
        return parse.parse_date(text)
    if t == "datetime":
        return parse.parse_datetime(text)
    if t == "score":
        value = _int_or(text, "score")
        if value is not None and not 1 <= value <= 4:
            raise ValueError(f"ongeldige score '{text}': kies 1, 2, 3 of 4")
        return value
    if t == "himmelman":
        levels = {str(k): v for k, v in gs.HIMMELMAN_LEVELS.items()}
        try:
            level = parse.parse_vocab(text, levels, "Himmelman-niveau")
        except ValueError:
            allowed = ", ".join(f"{k} ({v})" for k, v in levels.items())
            raise ValueError(f"ongeldig Himmelman-niveau '{text}'; kies uit: {allowed}") from None
        return None if level is None else int(level)
    raise AssertionError(f"unknown column type {t!r}")  # pragma: no cover


def _int_or(text: str | None, what: str) -> int | None:
    try:
        return parse.parse_int(text)
    except ValueError:
        raise ValueError(f"ongeldige {what} '{text}': kies 1, 2, 3 of 4") from None


_WHAT = gs.VOCABULARY_WHAT


# --- pydantic errors in Dutch ----------------------------------------------------------


def pydantic_row_errors(err: ValidationError, file: str, row: int | None, header: Callable[[str], str],
                        columns: Iterable[str] = ()) -> list[RowError]:
    """Translate a pydantic :class:`~pydantic.ValidationError` into Dutch RowErrors.

    A field error names that field's column (as written in the file, via ``header``).
    A model-level error names the column it mentions as ``(column)`` when that is one of
    ``columns``, else no column.
    """
    out: list[RowError] = []
    known = set(columns)
    for e in err.errors(include_url=False):
        loc = [str(p) for p in e.get("loc", ()) if not isinstance(p, int)]
        field_name = loc[0] if loc else None
        message = _dutch(e)
        if field_name is None:
            mentioned = [m for m in re.findall(r"\((\w+)\)", message) if m in known]
            field_name = mentioned[0] if mentioned else None
        out.append(RowError(file, row, header(field_name) if field_name else None, message))
    return out


def _dutch(e: Mapping[str, Any]) -> str:  # noqa: C901
    kind = e.get("type", "")
    ctx = e.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error", e.get("msg", ""))).removeprefix("Value error, ")
    if kind == "missing":
        return "verplicht veld ontbreekt"
    if kind == "string_too_short":
        return "mag niet leeg zijn"
    if kind == "string_too_long":
        return f"te lang: maximaal {ctx.get('max_length')} tekens"
    if kind in ("greater_than_equal", "greater_than"):
        return f"moet minstens {ctx.get('ge', ctx.get('gt'))} zijn"
    if kind in ("less_than_equal", "less_than"):
        return f"mag hoogstens {ctx.get('le', ctx.get('lt'))} zijn"
    if kind.startswith("int"):
        return "geen geheel getal"
    if kind.startswith(("date", "datetime")):
        return "ongeldige datum; verwacht dd-mm-jjjj"
    if kind == "literal_error":
        return f"ongeldige waarde; kies uit: {ctx.get('expected')}"
    if kind == "extra_forbidden":
        return "onbekend veld"
    return f"ongeldige waarde ({e.get('msg', kind)})"


# --- step 2: entities, merging and references -----------------------------------------


class _Collector:
    """Entities by key; identical repeats are merged, conflicting ones are errors."""

    def __init__(self, label: str):
        self.label = label
        self.items: dict[tuple, tuple[Any, str, int]] = {}

    def add(self, key: tuple, model: BaseModel, file: str, row: int, column: str | None, errors: list[RowError]) -> None:
        seen = self.items.get(key)
        if seen is None:
            self.items[key] = (model, file, row)
        elif seen[0] != model:
            errors.append(RowError(file, row, column, f"{self.label} '{' / '.join(key)}' staat al in {seen[1]} rij {seen[2]} "
                                                      "met andere gegevens"))

    def models(self) -> list:
        return [m for m, _, _ in self.items.values()]

    def origin(self, key: tuple) -> tuple[str, int] | None:
        seen = self.items.get(key)
        return (seen[1], seen[2]) if seen else None



_REFERENCED = ("organisations", "persons", "groups", "activities", "survey_rounds")
"""The node kinds other rows refer to by id (checked against this run plus the store)."""


class _Run:
    """The state of one :func:`build_changeset`: files by kind, the entities found so far
    (one :class:`_Collector` per ChangeSet field), references still to check and errors."""

    def __init__(self, files: list[ParsedFile], known: KnownIds):
        self.known = known
        self.errors: list[RowError] = []
        self.by_kind: dict[str, list[ParsedFile]] = {k: [] for k in FILE_KINDS}
        for f in files:
            self.by_kind[f.kind.name].append(f)
        self.found = {fname: _Collector(d.dutch_one) for fname, d in gs.SCHEMA.items()}
        self.refs: list[tuple[str, str, ParsedFile, Record, str]] = []  # (kind of target, id, file, record, column)
        self.org_ids: set[str] = set()  # organisations of the run and the store, and by name:
        self.org_names: dict[str, set[str]] = {}
        self.all_ids: dict[str, set[str]] = {}

    def model(self, fname: str, f: ParsedFile, r: Record, values: dict[str, Any] | None = None) -> Any:
        """The entity of ``fname`` from a row's values (its model's fields; empty ones left
        out), or None after recording its errors in Dutch."""
        cls = MODELS[fname]
        values = r.values if values is None else values
        kwargs = {k: v for k, v in values.items() if k in cls.model_fields and v not in (None, ())}
        try:
            return cls(**kwargs)
        except ValidationError as e:
            self.errors.extend(pydantic_row_errors(e, f.name, r.row, f.header, [c.name for c in f.kind.columns]))
            return None

    def add(self, fname: str, m: Any, f: ParsedFile, r: Record, column: str) -> None:
        """Record entity ``m`` under its key (conflicting repeats are errors)."""
        key = tuple(getattr(m, k) for k in gs.key_columns(fname))
        self.found[fname].add(key, m, f.name, r.row, f.header(column), self.errors)

    def ids(self, fname: str) -> set[str]:
        return {k[0] for k in self.found[fname].items}


def build_changeset(files: list[ParsedFile], known: KnownIds | None = None) -> BuildResult:
    """Build one ChangeSet from all parsed files of a run.

    Parameters
    ----------
    files
        Parsed files of any kinds, in any order.
    known
        Ids already in the store (references may point at them).

    Returns
    -------
    BuildResult
        The ChangeSet and every error found. Checks: entity rules (pydantic, e.g. a
        resident with a name needs consent), conflicting duplicates of one id across the
        run, references (a person's org_id, which may also be an organisation's name when
        exactly one organisation has it, and group_ids, a participation's activity and
        person, themes against the theme vocabulary, KNOWS ends, a rating's round, rater
        and rated) against this run plus ``known``; ratings of residents are refused.
        KNOWS rows with weight 0 are skipped, self-loops dropped and repeated
        (from_id, to_id, source) rows merged into one tie whose ``count`` is the sum of
        the rows' weights (a whole number; an empty weight is 1, so with unweighted rows
        the count is the number of rows) and whose ``since`` is the earliest given.

    The steps: node rows (:func:`_nodes`, with the relationships a person's or activity's
    row creates), relationship rows (:func:`_relationships`), activity themes, KNOWS (:func:`_knows`), the ids of
    the run plus the store, assets (their owners), ratings, then every reference.
    """
    run = _Run(files, known or KnownIds())
    result = BuildResult(ChangeSet())
    _nodes(run)
    _relationships(run)
    _activity_themes(run)
    knows = _knows(run.by_kind["knows"], run.refs, run.errors, result)
    run.all_ids = {fname: run.ids(fname) | getattr(run.known, fname) for fname in _REFERENCED}
    _assets(run)
    _ratings(run)
    _check_references(run)
    for fname, collector in run.found.items():
        setattr(result.changes, fname, collector.models())
    result.changes.knows = knows
    result.errors = sorted(run.errors, key=lambda e: (_file_order(files, e.file), e.row or 0))
    return result


def _nodes(run: _Run) -> None:
    """Node rows of every kind but assets (which need all ids first): one entity per row,
    keyed on its id; :data:`_BEFORE` adjusts a row's values, :data:`_AFTER` adds what
    else the row says (a person's employers and groups, an activity's themes)."""
    for fname, kind in FILE_KINDS.items():
        if not isinstance(gs.SCHEMA[fname], gs.NodeType) or fname == "assets":
            continue
        key = gs.key_columns(fname)[0]
        if fname == "persons":
            run.org_ids = run.ids("organisations") | run.known.organisations
            run.org_names = {k: set(v) for k, v in run.known.organisation_names.items()}
            for (oid,), (m, _, _) in run.found["organisations"].items.items():
                run.org_names.setdefault(normalise_header(m.name), set()).add(oid)
        for f in run.by_kind[kind.name]:
            for r in f.records:
                before = _BEFORE.get(fname)
                m = run.model(fname, f, r, before(r.values) if before else None)
                if m is None:
                    continue
                run.add(fname, m, f, r, key)
                after = _AFTER.get(fname)
                if after:
                    after(run, m, f, r)


def _commitment_values(values: dict[str, Any]) -> dict[str, Any]:
    v = dict(values)
    if not v.get("commitment_id") and v.get("org_id") and v.get("date"):
        # Without an id, organisation and date identify the commitment (idempotent re-import).
        v["commitment_id"] = f"{v['org_id']}-{v['date'].isoformat()}"
    return v


def _person_relations(run: _Run, m: Person, f: ParsedFile, r: Record) -> None:
    """A person's ``org_id`` cells (ids or names) become WORKS_FOR, ``group_ids`` MEMBER_OF."""
    for written in r.values.get("org_id", ()):
        org_id = _organisation(written, run.org_ids, run.org_names, f, r, run.errors)
        if org_id is None:
            continue
        run.add("works_for", WorksFor(person_id=m.person_id, org_id=org_id), f, r, "org_id")
        run.refs.append(("organisations", org_id, f, r, "org_id"))
    for group_id in r.values.get("group_ids", ()):
        run.add("memberships", Membership(person_id=m.person_id, group_id=group_id), f, r, "group_ids")
        run.refs.append(("groups", group_id, f, r, "group_ids"))


def _activity_relations(run: _Run, m: Activity, f: ParsedFile, r: Record) -> None:
    """An activity's ``themes`` cell becomes ABOUT relationships (themes from the vocabulary)."""
    for theme in r.values.get("themes", ()):
        if _theme_ok(theme, run.known, f, r, "themes", run.errors):
            run.add("activity_themes", ActivityTheme(activity_id=m.activity_id, theme=theme), f, r, "themes")


def _commitment_relations(run: _Run, m: Any, f: ParsedFile, r: Record) -> None:
    """A commitment's organisation must exist."""
    run.refs.append(("organisations", m.org_id, f, r, "org_id"))


def _decision_relations(run: _Run, m: Any, f: ParsedFile, r: Record) -> None:
    """A decision's meeting must exist."""
    run.refs.append(("activities", m.activity_id, f, r, "activity_id"))


def _lesson_relations(run: _Run, m: Any, f: ParsedFile, r: Record) -> None:
    """A lesson's activity and author must exist; its themes come from the vocabulary."""
    run.refs.append(("activities", m.activity_id, f, r, "activity_id"))
    if m.author_id:
        run.refs.append(("persons", m.author_id, f, r, "author_id"))
    for theme in m.themes:
        _theme_ok(theme, run.known, f, r, "themes", run.errors)


def _plan_relations(run: _Run, m: Any, f: ParsedFile, r: Record) -> None:
    """A plan's group must exist; its themes come from the vocabulary."""
    if m.group_id:
        run.refs.append(("groups", m.group_id, f, r, "group_id"))
    for theme in m.themes:
        _theme_ok(theme, run.known, f, r, "themes", run.errors)


_BEFORE: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "commitments": _commitment_values,
    "areas": cbs.area_values,
}
_AFTER: dict[str, Callable[[_Run, Any, ParsedFile, Record], None]] = {
    "persons": _person_relations,
    "activities": _activity_relations,
    "commitments": _commitment_relations,
    "decisions": _decision_relations,
    "lessons": _lesson_relations,
    "plans": _plan_relations,
}


def _relationships(run: _Run) -> None:
    """Relationship rows of the kinds without a step of their own (participations, ...):
    one relationship per row, keyed on its key, both ends checked as references where
    they name a node kind others refer to (:data:`_REFERENCED`)."""
    for fname in FILE_KINDS:
        defn = gs.SCHEMA[fname]
        if not isinstance(defn, gs.RelationshipType) or fname in _OWN_STEP:
            continue
        targets = {defn.start_col: _field_of(defn.start), defn.end_col: _field_of(defn.end)}
        for f in run.by_kind[fname]:
            for r in f.records:
                m = run.model(fname, f, r)
                if not m:
                    continue
                run.add(fname, m, f, r, defn.key[-1] if len(defn.props) == 0 else defn.props[0].name)
                for col in defn.key:
                    if targets.get(col) in _REFERENCED:
                        run.refs.append((targets[col] or "", getattr(m, col), f, r, col))


def _field_of(labels: tuple[gs.Label, ...]) -> str | None:
    """The ChangeSet field of a relationship end with one label (None for several)."""
    return gs.NODES[labels[0]].field if len(labels) == 1 else None


def _activity_themes(run: _Run) -> None:
    for f in run.by_kind["activity_themes"]:
        for r in f.records:
            m = run.model("activity_themes", f, r)
            if not m:
                continue
            run.refs.append(("activities", m.activity_id, f, r, "activity_id"))
            if _theme_ok(m.theme, run.known, f, r, "theme", run.errors):
                run.add("activity_themes", m, f, r, "theme")


_OWN_STEP = ("activity_themes", "knows", "ratings")
"""Relationship kinds with a step of their own (themes against the vocabulary, KNOWS
weights, ratings' rater and rated)."""


def _ratings(run: _Run) -> None:
    """Ratings: rater and rated are each a person or an organisation (never both, never a
    resident rated); the types are filled in from which one they are."""
    all_ids = run.all_ids
    run_persons = {k[0]: m.kind for k, (m, _, _) in run.found["persons"].items.items()}

    def is_resident(pid: str) -> bool:
        return run_persons[pid] == "resident" if pid in run_persons else pid in run.known.residents

    for f in run.by_kind["ratings"]:
        for r in f.records:
            v = r.values
            run.refs.append(("survey_rounds", v["round_id"], f, r, "round_id"))
            types = {}
            for col in ("rater_id", "rated_id"):
                ident = v[col]
                is_org, is_person = ident in all_ids["organisations"], ident in all_ids["persons"]
                if is_org and is_person:
                    run.errors.append(RowError(f.name, r.row, f.header(col),
                                               f"'{ident}' is zowel een organisatie als een persoon; gebruik unieke codes"))
                elif not (is_org or is_person):
                    run.errors.append(RowError(f.name, r.row, f.header(col),
                                               f"onbekende persoon of organisatie '{ident}'{_near(ident, all_ids)}"))
                else:
                    types[col] = "organisation" if is_org else "person"
            if types.get("rated_id") == "person" and is_resident(v["rated_id"]):
                run.errors.append(RowError(f.name, r.row, f.header("rated_id"),
                                           f"'{v['rated_id']}' is een bewoner: beoordelingen van bewoners zijn niet "
                                           "toegestaan"))
                continue
            if len(types) < 2:
                continue
            m = run.model("ratings", f, r, dict(v, rater_type=types["rater_id"], rated_type=types["rated_id"]))
            if m:
                run.add("ratings", m, f, r, "rated_id")


def _check_references(run: _Run) -> None:
    for target, ident, f, r, col in run.refs:
        if ident not in run.all_ids[target]:
            what = gs.SCHEMA[target].dutch_one
            run.errors.append(RowError(f.name, r.row, f.header(col),
                                       f"onbekende {what} '{ident}': staat niet in deze import en niet in de "
                                       f"store{_near(ident, {target: run.all_ids[target]})}"))


def _organisation(written: str, ids: set[str], names: Mapping[str, set[str]], f: ParsedFile, r: Record,
                  errors: list[RowError]) -> str | None:
    """The org_id a person's ``organisatie`` cell names: an org_id, else an organisation's
    name (any case or accents, as the survey importer matches them). An unknown value is
    returned as written (the reference check names it); a name of several organisations is
    an error (None)."""
    if written in ids:
        return written
    found = sorted(names.get(normalise_header(written), ()))
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        errors.append(RowError(f.name, r.row, f.header("org_id"), f"'{written}' is de naam van meer dan één organisatie "
                                                                  f"({', '.join(found)}); gebruik de org_id"))
        return None
    return written


def _assets(run: _Run) -> None:
    """ABCD assets: the owner is a person, group or organisation of this run or the store."""
    owners = run.all_ids["persons"] | run.all_ids["groups"] | run.all_ids["organisations"]
    for f in run.by_kind["assets"]:
        for r in f.records:
            themes = [t for t in r.values.get("themes", ()) if _theme_ok(t, run.known, f, r, "themes", run.errors)]
            owner = r.values.get("owner_id")
            if owner and owner not in owners:
                run.errors.append(RowError(f.name, r.row, f.header("owner_id"),
                                           f"onbekende eigenaar '{owner}': geen persoon, groep of organisatie in deze "
                                           f"import of in de store{_near(owner, {'eigenaar': owners})}"))
                continue
            if len(themes) != len(r.values.get("themes", ())):
                continue
            m = run.model("assets", f, r)
            if m:
                run.add("assets", m, f, r, "asset_id")


def _file_order(files: list[ParsedFile], name: str) -> int:
    return next((i for i, f in enumerate(files) if f.name == name), len(files))


def _near(ident: str, pools: dict[str, set[str]]) -> str:
    candidates = sorted(set().union(*pools.values())) if pools else []
    close = difflib.get_close_matches(ident, candidates, n=1, cutoff=0.8)
    return f"; bedoelt u '{close[0]}'?" if close else ""


def _theme_ok(theme: str, known: KnownIds, f: ParsedFile, r: Record, col: str, errors: list[RowError]) -> bool:
    if theme in known.themes:
        return True
    close = difflib.get_close_matches(theme, sorted(known.themes), n=1, cutoff=0.7)
    hint = f"bedoelt u '{close[0]}'? " if close else ""
    errors.append(RowError(f.name, r.row, f.header(col),
                           f"onbekend thema '{theme}'; {hint}toegestaan: {', '.join(sorted(known.themes))}"))
    return False


def _knows(files: list[ParsedFile], refs: list, errors: list[RowError], result: BuildResult) -> list[Knows]:  # noqa: C901
    pairs: dict[tuple[str, str, str], dict] = {}
    for f in files:
        for r in f.records:
            v = r.values
            weight = v.get("weight")
            if weight is None:
                weight = 1.0
            if weight < 0 or weight != int(weight):
                errors.append(RowError(f.name, r.row, f.header("weight"),
                                       f"ongeldig gewicht '{weight:g}': een geheel getal van 0 of meer (0 = geen relatie; "
                                       "een gewicht telt als aantal meldingen)"))
                continue
            refs.append(("persons", v["from_id"], f, r, "from_id"))
            refs.append(("persons", v["to_id"], f, r, "to_id"))
            if weight == 0:
                result.zero_weight_skipped += 1
                continue
            if v["from_id"] == v["to_id"]:
                result.self_loops_dropped.append((f.name, r.row, v["from_id"]))
                continue
            key = (v["from_id"], v["to_id"], v.get("source") or "gemeld")
            entry = pairs.get(key)
            if entry is None:
                pairs[key] = {"count": int(weight), "since": v.get("since"), "file": f, "row": r.row}
            else:
                result.repeated_pairs_merged += 1
                entry["count"] += int(weight)
                if v.get("since") and (entry["since"] is None or v["since"] < entry["since"]):
                    entry["since"] = v["since"]
    out: list[Knows] = []
    for (a, b, source), e in pairs.items():
        kwargs = {"from_id": a, "to_id": b, "source": source, "count": e["count"]}
        if e["since"] is not None:
            kwargs["since"] = e["since"]
        try:
            out.append(Knows(**kwargs))
        except ValidationError as err:
            errors.extend(pydantic_row_errors(err, e["file"].name, e["row"], e["file"].header))
    return out
