"""The import file kinds: their canonical columns, Dutch aliases and documentation.

Derived from the registry in :mod:`graph_schema`: every type with an ``import_kind`` is a
file kind, its columns are the properties with an import spec (``Prop.imp``) plus the
import-only columns other types declare for it (``imports``, e.g. a person's ``org_id``,
which creates WORKS_FOR). Only the CBS indicator columns of an area file are added here.

A file's kind is detected from its header (see :func:`detect_kind`). Column names are
compared after :func:`normalise_header` (lower case, spaces and hyphens to
underscores, accents and apostrophes removed), so ``Organisatie-ID`` and
``organisatie_id`` are the same column, and ``Thema's`` is ``themas``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

import graph_schema as gs
from netwerk.ingest.cbs import CBS_INDICATORS

__all__ = [
    "FILE_KINDS",
    "TEMPLATE_KINDS",
    "Column",
    "FileKind",
    "HeaderMatch",
    "detect_kind",
    "kind_from_filename",
    "match_header",
    "normalise_header",
    "resolve_kind",
]


@dataclass(frozen=True)
class Column:
    """One column of an import file kind.

    ``type`` is one of ``text`` (an id or free text), ``vocab`` (a value of the
    :mod:`graph_schema` vocabulary named by ``vocabulary``; key or Dutch label), ``int``,
    ``decimal``, ``bool``, ``date``, ``datetime``, ``list`` (``|``-separated), ``score``
    (a whole number 1-4) or ``himmelman`` (0-4 or its Dutch label).
    """

    name: str
    help: str
    required: bool = False
    type: str = "text"
    vocabulary: str | None = None
    aliases: tuple[str, ...] = ()
    example: str = ""

    def allowed(self) -> dict | None:
        """The vocabulary (key -> Dutch label) behind this column, if any."""
        if self.type == "himmelman":
            return gs.HIMMELMAN_LEVELS
        return getattr(gs, self.vocabulary) if self.vocabulary else None

    def format(self) -> str:
        """How a value is written, in Dutch (for templates and messages)."""
        return {
            "text": "tekst",
            "vocab": "een van de toegestane waarden",
            "int": "geheel getal",
            "decimal": "getal, decimale komma (2,5)",
            "bool": "ja of nee",
            "date": "dd-mm-jjjj",
            "datetime": "dd-mm-jjjj of dd-mm-jjjj uu:mm (Nederlandse tijd)",
            "list": "waarden gescheiden door |",
            "score": "geheel getal 1-4",
            "himmelman": "0-4 of het niveau in woorden",
        }[self.type]


@dataclass(frozen=True)
class FileKind:
    """An import file kind: ``name`` (English, as in the ChangeSet), ``dutch`` (the
    template and file-name prefix), a Dutch description and the columns."""

    name: str
    dutch: str
    description: str
    columns: tuple[Column, ...]
    prefixes: tuple[str, ...] = ()

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


_IMPORT_TYPES = {"real": "decimal"}


def _column(name: str, spec: gs.Imp, prop: gs.Prop | None = None) -> Column:
    """The import column of a property (or of an import-only column when ``prop`` is None)."""
    vocabulary = spec.vocabulary or (prop.vocabulary if prop else None)
    if spec.type is not None:
        kind = spec.type
    elif prop is None:
        kind = "text"
    elif prop.vocabulary:
        kind = "vocab"
    else:
        kind = _IMPORT_TYPES.get(prop.type, prop.type)
    required = spec.required if spec.required is not None else bool(prop and prop.required)
    return Column(name, spec.help, required=required, type=kind, vocabulary=vocabulary, aliases=spec.aliases,
                  example=spec.example)


def kind_columns(defn: gs.NodeType | gs.RelationshipType) -> tuple[Column, ...]:
    """A type's import columns: its importable properties in declaration order (or in its
    kind's ``order``), import-only columns of other types placed after the column they
    name, then the hand-written :data:`_EXTRA_COLUMNS`."""
    columns = [_column(p.name, p.imp, p) for p in gs.table_props(defn) if p.imp is not None]
    for other in gs.SCHEMA.values():
        for spec in other.imports:
            if spec.file == defn.field:
                col = _column(spec.column or "", spec)
                at = next((i + 1 for i, c in enumerate(columns) if c.name == spec.after), len(columns))
                columns.insert(at, col)
    order = defn.import_kind.order if defn.import_kind else ()
    if order:
        # ``order`` places the columns it names first; a column added later (a new Prop) follows them.
        by_name = {c.name: c for c in columns}
        unknown = [n for n in order if n not in by_name]
        if unknown:
            raise ValueError(f"graph_schema: the import order of {defn.field} names no import column {unknown}")
        columns = [by_name[n] for n in order] + [c for c in columns if c.name not in order]
    return (*columns, *_EXTRA_COLUMNS.get(defn.field, ()))


_EXTRA_COLUMNS: dict[str, tuple[Column, ...]] = {
    # An area file's CBS indicator columns (stored together as Area.indicators).
    "areas": tuple(Column(key, f"CBS-kerncijfer: {title} ({unit}).", type="decimal")
                   for key, (title, unit) in CBS_INDICATORS.items()),
}


def _file_kinds() -> dict[str, FileKind]:
    found = [(d, d.import_kind) for d in gs.SCHEMA.values() if d.import_kind is not None]
    return {
        d.field: FileKind(d.field, k.dutch, k.description, kind_columns(d), k.prefixes)
        for d, k in sorted(found, key=lambda dk: dk[1].rank)
    }


FILE_KINDS: dict[str, FileKind] = _file_kinds()
"""Import file kinds by English name, in the order a run applies them."""

TEMPLATE_KINDS: dict[str, str] = {k.dutch: k.name for k in FILE_KINDS.values()}
"""Dutch template name -> file kind (organisaties -> organisations, ...)."""


def normalise_header(name: str) -> str:
    """A header cell as a comparable key: lower case, accents and apostrophes removed,
    spaces, hyphens and dots to underscores (``"Thema's"`` -> ``"themas"``)."""
    s = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii")
    s = s.strip().lower().replace("'", "").replace("\u2019", "").replace('"', "")
    s = re.sub(r"[\s\-./]+", "_", s)
    return re.sub(r"_+", "_", s).strip("_")


def resolve_kind(kind: str) -> FileKind | None:
    """The file kind for an English or Dutch kind name (case-insensitive), or None."""
    k = normalise_header(kind)
    if k in FILE_KINDS:
        return FILE_KINDS[k]
    if k in TEMPLATE_KINDS:
        return FILE_KINDS[TEMPLATE_KINDS[k]]
    return None


def kind_from_filename(filename: str) -> FileKind | None:
    """The kind a file name hints at by its start (``personen_2025.csv`` -> persons)."""
    stem = normalise_header(filename.rsplit(".", 1)[0])
    best: tuple[int, FileKind] | None = None
    for kind in FILE_KINDS.values():
        for prefix in kind.prefixes:
            p = normalise_header(prefix)
            if stem.startswith(p) and (best is None or len(p) > best[0]):
                best = (len(p), kind)
    return best[1] if best else None


@dataclass
class HeaderMatch:
    """How a header maps onto one file kind: ``columns`` maps canonical column name ->
    the header text as written; ``unknown`` lists header cells that are no column of the
    kind; ``missing`` the required columns not present; ``twice`` header cells that name a
    column already named by another cell (e.g. ``naam`` and ``name``)."""

    kind: FileKind
    columns: dict[str, str]
    unknown: list[str]
    missing: list[str]
    twice: list[str]

    @property
    def ok(self) -> bool:
        return not (self.unknown or self.missing or self.twice)

    def suggestion(self, header: str) -> str | None:
        """The closest column name or alias of the kind, for an unknown header."""
        names = [n for c in self.kind.columns for n in (c.name, *c.aliases)]
        close = difflib.get_close_matches(normalise_header(header), names, n=1, cutoff=0.6)
        return close[0] if close else None


def match_header(header: list[str], kind: FileKind) -> HeaderMatch:
    """Map header cells onto ``kind``'s canonical columns (names and aliases)."""
    lookup: dict[str, str] = {}
    for c in kind.columns:
        for n in (c.name, *c.aliases):
            lookup.setdefault(normalise_header(n), c.name)
    columns: dict[str, str] = {}
    unknown: list[str] = []
    twice: list[str] = []
    for h in header:
        canonical = lookup.get(normalise_header(h))
        if canonical is None:
            unknown.append(h)
        elif canonical in columns:
            twice.append(h)
        else:
            columns[canonical] = h
    missing = [c for c in kind.required if c not in columns]
    return HeaderMatch(kind, columns, unknown, missing, twice)


def detect_kind(header: list[str], filename: str = "") -> HeaderMatch | None:
    """The file kind that fits a header best.

    A kind fits when every header cell is one of its columns and all its required
    columns are present. When several kinds fit, the file name decides
    (:func:`kind_from_filename`); when none fits, the file-name kind or else the kind
    that recognises most columns (its required columns first) is returned with its
    ``unknown``/``missing`` lists filled, so errors can name the columns. Returns None
    when no kind recognises even one required column.
    """
    matches = [match_header(header, k) for k in FILE_KINDS.values()]
    hint = kind_from_filename(filename) if filename else None
    fitting = [m for m in matches if m.ok]
    if len(fitting) == 1:
        return fitting[0]
    if fitting:
        for m in fitting:
            if hint is not None and m.kind is hint:
                return m
        return max(fitting, key=lambda m: len(m.columns))
    if hint is not None:
        return next(m for m in matches if m.kind is hint)
    scored = [m for m in matches if len(m.kind.required) - len(m.missing) > 0]
    if not scored:
        return None
    return max(scored, key=lambda m: (-len(m.missing), len(m.columns), -len(m.unknown)))
