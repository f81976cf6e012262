"""``netwerk export`` and the exchange formats of ``netwerk import`` (registered in
:mod:`netwerk.cli`). A thin layer over :mod:`netwerk.services.exchange`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, cast

import typer

from netwerk.domain import InputError, SnapshotFilter

__all__ = ["export", "is_exchange_run", "run_import"]


def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="gexf (Gephi), graphml, kumu (Kumu-werkmap), csv (zip met "
                                                            "knopen.csv en verbindingen.csv) of xlsx (alle tabellen)")] = "gexf",
    date_from: Annotated[str | None, typer.Option("--from", help="Begindatum (dd-mm-jjjj)")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Einddatum (dd-mm-jjjj), inclusief")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Doelbestand; standaard buurtnetwerk.gexf, "
                                                                        "buurtnetwerk.graphml, buurtnetwerk-kumu.xlsx, "
                                                                        "buurtnetwerk-csv.zip of buurtnetwerk-volledig.xlsx "
                                                                        "in deze map")] = None,
) -> None:
    """Exporteer het personennetwerk voor Gephi, Kumu, R of UCINET (bewoners onder pseudoniem), of alles als Excel.

    Voorbeelden: netwerk export (buurtnetwerk.gexf) | netwerk export --format kumu |
    netwerk export --format graphml --from 01-01-2025 --to 30-06-2025 -o voorjaar.graphml | netwerk export --format xlsx
    """
    from netwerk import cli

    def body():
        from netwerk.access import cli_viewer
        from netwerk.services.exchange import EXPORT_FORMATS, ExportFormat, export_network

        key = fmt.strip().lower()
        if key not in EXPORT_FORMATS:
            raise InputError(f"Onbekend formaat '{fmt}': kies {', '.join(EXPORT_FORMATS)}.")
        start, end = cli._parse_date(date_from, "--from"), cli._parse_date(date_to, "--to")
        if start and end and start > end:
            raise InputError("--from ligt na --to.")
        f = export_network(cli_viewer(), cli._open(), cast(ExportFormat, key), SnapshotFilter(start=start, end=end))
        path = output or Path(f.filename)
        try:
            path.write_bytes(f.data)
        except OSError as e:
            raise InputError(f"{path} kan niet worden geschreven: {e.strerror or e}.") from e
        typer.echo(f"{f.summary}\nGeschreven: {path}")

    cli._run(body)


def is_exchange_run(files: list[Path]) -> bool:
    """Whether any of ``files`` is a network file (GEXF, GraphML, GML, Kumu, element or
    connection list, zip, full workbook) rather than an own import kind."""
    from netwerk.exchange.detect import detect_format
    from netwerk.ingest.limits import check_size

    for f in files:
        check_size(f.name, f.stat().st_size)  # before the file is read (ImportValidationError)
        try:
            if detect_format(f.name, f.read_bytes()) != "kinds":
                return True
        except ValueError:
            return True  # the exchange importer names the problem
    return False


def run_import(store, files: list[Path], preview_only: bool, default_kind: str | None) -> None:
    """Print the preview of an import run, then import it (unless ``preview_only``)."""
    from netwerk.access import cli_viewer
    from netwerk.exchange.mapping import kind_of
    from netwerk.services.exchange import import_exchange

    kind = None
    if default_kind is not None:
        kind = kind_of(default_kind)
        if kind is None:
            raise InputError(f"--soort '{default_kind}' is onbekend: kies bewoner, wijkprofessional, bestuurder, "
                             "vrijwilliger of organisatie.")
    plan, result = import_exchange(cli_viewer(), store, list(files), default_kind=kind, dry_run=preview_only)
    typer.echo("Voorbeeld:\n" + plan.summary())
    if result is None:
        typer.echo("Alleen een voorbeeld (--voorbeeld): er is niets opgeslagen.")
    else:
        typer.echo(result.summary())
