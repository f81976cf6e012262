"""Import use case: a run of CSV/XLSX files into the store, all or nothing.

``import_files`` reads and validates every file of a run first, checks references
across the files and against the store, and only then writes everything in one
:meth:`~netwerk.store.base.Store.apply` transaction. Any problem refuses the whole run
with :class:`~netwerk.domain.ImportValidationError` listing every error (file, row,
column, Dutch message); nothing is written. Importing the same files again changes
nothing.

``import_paths`` is what ``netwerk import`` runs: own import kinds through
``import_files``, network files (Gephi, Kumu, ...) or a preview through
:func:`netwerk.services.exchange.import_exchange`.

Templates: :func:`write_template` and :func:`template_help` (from
:mod:`netwerk.ingest.templates`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from netwerk.access import Viewer, require_role
from netwerk.domain import ImportValidationError, InputError, RowError
from netwerk.ingest.kinds import FILE_KINDS, normalise_header
from netwerk.ingest.limits import limits_fixed
from netwerk.ingest.readers import read_table
from netwerk.ingest.survey import parse_survey, survey_format, survey_lookup
from netwerk.ingest.templates import TEMPLATE_KINDS, template_help, write_template
from netwerk.ingest.validate import BuildResult, KnownIds, ParsedFile, build_changeset, parse_file
from netwerk.services.audit import log_event
from netwerk.services.pseudonyms import FoldedNames, pseudonym_warning
from netwerk.store.base import CHANGESET_SCHEMA, ApplyResult, Store
from netwerk.text import counted, plural

if TYPE_CHECKING:
    from netwerk.services.exchange import ImportPlan, ImportResult

__all__ = [
    "TEMPLATE_KINDS",
    "FileSummary",
    "ImportReport",
    "ImportRun",
    "import_files",
    "import_paths",
    "prepare_files",
    "template_help",
    "write_template",
]

_DUTCH_FIELDS = {f: (d.dutch_one, d.dutch) for f, d in CHANGESET_SCHEMA.items()} | {"assets": ("asset", "assets")}
"""ChangeSet field -> Dutch (one, many) for the import report (which says "assets", as it always did)."""


@dataclass(frozen=True)
class FileSummary:
    """One file of a run: its name, detected kind (English, as in :data:`FILE_KINDS`)
    and number of data rows read."""

    name: str
    kind: str
    rows: int


@dataclass
class ImportReport:
    """What an import run did.

    Attributes
    ----------
    files
        Per file: name, kind, data rows.
    created, updated
        Rows created/updated per ChangeSet field (from
        :class:`~netwerk.store.base.ApplyResult`); identical rows are neither.
    self_loops_dropped
        (file, row, person id) of KNOWS rows with ``from_id == to_id``, not imported.
    repeated_pairs_merged
        KNOWS rows merged into an earlier row of the same (from_id, to_id, source);
        the tie's ``count`` is the sum of the rows' weights (empty weight = 1).
    zero_weight_skipped
        KNOWS rows with weight 0 (non-ties, as in full adjacency matrices).
    warnings
        Dutch notices naming file, row and column that did not refuse the run (a clock
        time that does not exist on the day summer time starts, stored one hour later; a
        resident's pseudonym that looks like a real name, see :func:`_pseudonym_warnings`).
    """

    files: list[FileSummary] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    self_loops_dropped: list[tuple[str, int, str]] = field(default_factory=list)
    repeated_pairs_merged: int = 0
    zero_weight_skipped: int = 0
    warnings: list[RowError] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether the store changed."""
        return any(self.created.values()) or any(self.updated.values())

    def summary(self) -> str:
        """The report as Dutch text for the coordinator."""
        lines = []
        n = len(self.files)
        lines.append(f"Import geslaagd: {n} bestand{plural(n, '', 'en')} gelezen.")
        for f in self.files:
            dutch = FILE_KINDS[f.kind].dutch if f.kind in FILE_KINDS else f.kind
            lines.append(f"- {f.name}: {dutch}, {counted(f.rows, 'rij', 'rijen')}")
        created = _counts(self.created)
        updated = _counts(self.updated)
        if not self.changed:
            lines.append("Niets gewijzigd: alles stond al zo in de store.")
        else:
            if created:
                lines.append(f"Nieuw: {created}.")
            if updated:
                lines.append(f"Bijgewerkt: {updated}.")
        if self.self_loops_dropped:
            where = ", ".join(f"{f} rij {r} ({pid})" for f, r, pid in self.self_loops_dropped[:10])
            more = f" en nog {len(self.self_loops_dropped) - 10}" if len(self.self_loops_dropped) > 10 else ""
            lines.append(f"{counted(len(self.self_loops_dropped), 'relatie', 'relaties')} van een persoon met zichzelf "
                         f"weggelaten: {where}{more}.")
        if self.repeated_pairs_merged:
            lines.append(f"{counted(self.repeated_pairs_merged, 'herhaalde relatie', 'herhaalde relaties')} samengevoegd "
                         "(geteld in 'aantal meldingen').")
        if self.zero_weight_skipped:
            lines.append(f"{counted(self.zero_weight_skipped, 'rij', 'rijen')} met gewicht 0 overgeslagen (geen relatie).")
        lines += [f"Let op: {w}" for w in self.warnings]
        return "\n".join(lines)


def _counts(d: dict[str, int]) -> str:
    return ", ".join(counted(v, *_DUTCH_FIELDS.get(k, (k, k))) for k, v in d.items() if v)


def import_files(store: Store, paths: list[Path], viewer: Viewer | None = None) -> ImportReport:
    """Import a run of CSV/XLSX files into ``store``, all or nothing.

    Each file's kind is detected from its header (the file name may decide between
    kinds; see :mod:`netwerk.ingest.kinds`). All files are read and validated before
    anything is written; references may point at entities in any file of the run or
    already in the store.

    Parameters
    ----------
    store
        The store to write to.
    paths
        The files of one run, any order (``.csv``, ``.txt``, ``.tsv``, ``.xlsx``).
    viewer
        Who imports: the run is logged (``import``, the file names as target, the
        summary as detail) in the same transaction as the data, so an import is never
        stored without its audit entry. None (seeds, tests) logs nothing.

    Returns
    -------
    ImportReport
        Files read, rows created/updated per entity, KNOWS self-loops dropped, repeated
        pairs merged and zero-weight rows skipped.

    Raises
    ------
    InputError
        When ``paths`` is empty.
    ImportValidationError
        Listing every problem (file, spreadsheet row, column, Dutch message); nothing
        was written.
    StoreError
        When the store fails while writing; nothing was written.
    """
    paths, parsed, build = prepare_files(store, paths)
    with store.unit_of_work():
        result = store.apply(build.changes)
        report = _report(parsed, build, result)
        if viewer is not None:
            log_event(viewer, store, "import", target=", ".join(p.name for p in paths)[:500],
                      detail=report.summary()[:500])
    return report


def _report(parsed: list[ParsedFile], build: BuildResult, result: ApplyResult) -> ImportReport:
    return ImportReport(
        files=[FileSummary(pf.name, pf.kind.name, pf.rows) for pf in parsed],
        created={k: v for k, v in result.created.items() if v},
        updated={k: v for k, v in result.updated.items() if v},
        self_loops_dropped=build.self_loops_dropped,
        repeated_pairs_merged=build.repeated_pairs_merged,
        zero_weight_skipped=build.zero_weight_skipped,
        warnings=[w for pf in parsed for w in pf.warnings],
    )


@limits_fixed()
def prepare_files(store: Store, paths: list[Path]) -> tuple[list[Path], list[ParsedFile], BuildResult]:  # noqa: C901
    """Read and validate a run of files as :func:`import_files` does, without writing:
    (the distinct paths, the parsed files, the built ChangeSet with its counts).
    Used for a preview; raises as :func:`import_files` does (InputError, ImportValidationError)."""
    # The same file named twice is read once: its KNOWS rows would otherwise count double.
    paths = list({Path(p).resolve(): Path(p) for p in reversed(paths)}.values())[::-1]
    if not paths:
        raise InputError("Geef minstens één bestand om te importeren.")
    errors: list[RowError] = []
    parsed: list[ParsedFile] = []
    surveys = []
    for path in paths:
        try:
            table = read_table(path)
        except ImportValidationError as e:
            errors.extend(e.errors)
            continue
        if survey_format(list(table.columns)):
            # Survey exports (long or wide) name partners and rounds: read them once the
            # other files of the run are known (netwerk.ingest.survey).
            surveys.append((path.name, table))
            continue
        pf, file_errors = parse_file(path.name, table)
        errors.extend(file_errors)
        if pf is not None:
            parsed.append(pf)
    if surveys:
        lookup = survey_lookup(parsed, store.table("organisations"), store.table("persons"), store.table("survey_rounds"))
        for name, table in surveys:
            pf, file_errors = parse_survey(name, table, lookup)
            errors.extend(file_errors)
            parsed.append(pf)
    build = build_changeset(parsed, _known_ids(store, parsed))
    errors.extend(build.errors)
    if errors:
        order = {p.name: i for i, p in reversed(list(enumerate(paths)))}
        raise ImportValidationError(sorted(errors, key=lambda e: (order.get(e.file, len(paths)), e.row or 0)))
    if any(pf.kind.name == "persons" and pf.records for pf in parsed):
        persons = store.table("persons")
        stored = {n for n in persons["display_name"] if isinstance(n, str) and n.strip()}
        for pf in parsed:
            pf.warnings.extend(_pseudonym_warnings(pf, stored))
    return paths, parsed, build


def _pseudonym_warnings(pf: ParsedFile, known_names: set[str] | None = None) -> list[RowError]:
    """Warnings for the residents of a persons file whose pseudonym looks like a real name.

    The check is :func:`netwerk.services.pseudonyms.pseudonym_warning`, the same one the
    privacy page uses: a pseudonym equal to a person's name (in ``known_names`` or among
    the display names of ``pf``), or with the shape of a personal name. It warns; the
    import is not refused.

    Parameters
    ----------
    pf : ParsedFile
        A parsed file; only a persons file yields warnings.
    known_names : set of str, optional
        Names of persons already in the store.

    Returns
    -------
    list of RowError
        One per such resident: file, spreadsheet row, the pseudonym column as written in
        the file, and a Dutch message quoting the pseudonym.
    """
    if pf.kind.name != "persons":
        return []
    names = FoldedNames({*(known_names or ()), *(r.values["display_name"] for r in pf.records
                                                 if isinstance(r.values.get("display_name"), str))})
    out = []
    for r in pf.records:
        pseudonym = r.values.get("pseudonym")
        if r.values.get("kind") != "resident" or not isinstance(pseudonym, str):
            continue
        warning = pseudonym_warning(pseudonym, names)
        if warning:
            out.append(RowError(pf.name, r.row, pf.header("pseudonym"), f"'{pseudonym}': {warning}"))
    return out


def _known_ids(store: Store, parsed: list[ParsedFile]) -> KnownIds:
    residents: frozenset[str] = frozenset()
    if any(pf.kind.name == "ratings" and pf.records for pf in parsed):
        # Only ratings need person kinds from the store (residents may not be rated).
        persons = store.table("persons")  # not store.snapshot(): that reads every network table
        residents = frozenset(persons.loc[persons["kind"] == "resident", "person_id"])
    names: dict[str, set[str]] = {}
    if any(pf.kind.name == "persons" and pf.records for pf in parsed):
        # A person's organisatie cell may name an organisation instead of its org_id.
        orgs = store.table("organisations")
        for oid, name in zip(orgs["org_id"], orgs["name"], strict=True) if len(orgs) else ():
            names.setdefault(normalise_header(str(name)), set()).add(str(oid))
    return KnownIds(
        organisation_names={k: frozenset(v) for k, v in names.items()},
        organisations=frozenset(store.existing_ids("organisations")),
        persons=frozenset(store.existing_ids("persons")),
        groups=frozenset(store.existing_ids("groups")),
        activities=frozenset(store.existing_ids("activities")),
        survey_rounds=frozenset(store.existing_ids("survey_rounds")),
        themes=frozenset(store.existing_ids("themes")),
        residents=residents,
    )


@dataclass
class ImportRun:
    """What :func:`import_paths` did: own import kinds give ``report``; network files (or
    any preview) give ``plan`` and, unless it was only a preview, ``result``."""

    report: ImportReport | None = None
    plan: ImportPlan | None = None
    result: ImportResult | None = None


def import_paths(viewer: Viewer, store: Store, paths: list[Path], dry_run: bool = False,
                 default_kind: str | None = None) -> ImportRun:
    """Import a run of files on disk, whatever they are (``netwerk import``).

    Own import kinds (CSV/XLSX with the template's columns) go through
    :func:`import_files`; network files (GEXF, GraphML, GML, Kumu, element or connection
    lists, zip, the full workbook), a preview (``dry_run``) or a ``default_kind`` go through
    :func:`netwerk.services.exchange.import_exchange`. Either way the data and its audit
    entry (``import``, by ``viewer``) are written in one unit of work, all or nothing.

    Parameters
    ----------
    default_kind
        Dutch or English kind for network elements without a type (e.g. ``wijkprofessional``).

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    InputError
        For an unknown ``default_kind``, or a path that is no file.
    ImportValidationError
        For a file over the size limit (checked before it is read) or any invalid row;
        nothing was written.
    StoreError
        When the store fails while writing; nothing was written.
    """
    require_role(viewer, "coordinator")
    from netwerk.exchange.mapping import kind_of
    from netwerk.services.exchange import import_exchange

    if dry_run or default_kind or _is_exchange_run(paths):
        kind = None
        if default_kind is not None:
            kind = kind_of(default_kind)
            if kind is None:
                raise InputError(f"--soort '{default_kind}' is onbekend: kies bewoner, wijkprofessional, bestuurder, "
                                 "vrijwilliger of organisatie.")
        plan, result = import_exchange(viewer, store, list(paths), default_kind=kind, dry_run=dry_run)
        return ImportRun(plan=plan, result=result)
    return ImportRun(report=import_files(store, list(paths), viewer=viewer))


def _is_exchange_run(paths: list[Path]) -> bool:
    """Whether any of ``paths`` is a network file (GEXF, GraphML, GML, Kumu, element or
    connection list, zip, full workbook) rather than an own import kind."""
    from netwerk.exchange.detect import detect_format
    from netwerk.ingest.limits import check_size

    for f in paths:
        check_size(f.name, f.stat().st_size)  # before the file is read (ImportValidationError)
        try:
            if detect_format(f.name, f.read_bytes()) != "kinds":
                return True
        except ValueError:
            return True  # the exchange importer names the problem
    return False
