"""``netwerk import`` and ``netwerk template``: import files (own import kinds or network
files from Gephi and Kumu) through :func:`netwerk.services.importing.import_paths`, and write
an empty import template."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netwerk.cli._common import open_store, run, viewer
from netwerk.domain import InputError
from netwerk.ingest.kinds import FILE_KINDS

__all__ = ["import_", "template"]


def import_(
    files: Annotated[list[Path], typer.Argument(help="CSV-, XLSX-, GEXF-, GraphML-, GML- of zip-bestanden (alles of niets "
                                                    "per keer).")],
    voorbeeld: Annotated[bool, typer.Option("--voorbeeld", "--dry-run", help="Toon alleen wat er zou veranderen")] = False,
    soort: Annotated[str | None, typer.Option("--soort", help="Soort voor netwerkelementen zonder type, bv. "
                                                              "wijkprofessional")] = None,
) -> None:
    """Importeer CSV/XLSX-bestanden, of netwerken uit Gephi (GEXF, GraphML, GML) en Kumu. Bij één fout wordt niets opgeslagen.

    Voorbeelden: netwerk import organisaties.csv personen.xlsx deelname.csv | netwerk import kaart.gexf |
    netwerk import kumu.xlsx --voorbeeld | netwerk import knopen.csv verbindingen.csv --soort wijkprofessional
    """

    def body():
        folders = [str(f) for f in files if f.is_dir()]
        if folders:
            raise InputError(f"Dit is een map, geen bestand: {', '.join(folders)}. Geef de bestanden in de map op.")
        missing = [str(f) for f in files if not f.is_file()]
        if missing:
            raise InputError(f"Bestand niet gevonden: {', '.join(missing)}")
        from netwerk.services.importing import import_paths

        # The data and its audit entry are one transaction in the service (a kill midway leaves neither).
        outcome = import_paths(viewer(), open_store(), list(files), dry_run=voorbeeld, default_kind=soort)
        if outcome.plan is None:
            assert outcome.report is not None  # an own-kinds import always reports
            typer.echo(outcome.report.summary())
            return
        typer.echo("Voorbeeld:\n" + outcome.plan.summary())
        if outcome.result is None:
            typer.echo("Alleen een voorbeeld (--voorbeeld): er is niets opgeslagen.")
        else:
            typer.echo(outcome.result.summary())

    run(body)


_KINDS_HELP = ", ".join(k.dutch for k in FILE_KINDS.values())
"""Every import kind, from the registry (graph_schema): a new kind is listed without editing this."""


def template(
    kind: Annotated[
        str, typer.Argument(help=_KINDS_HELP)
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Doelbestand (.xlsx of .csv); standaard KIND.xlsx")
    ] = None,
) -> None:
    """Schrijf een leeg, gedocumenteerd sjabloon voor een soort importbestand.

    Voorbeeld: netwerk template personen -o personen.xlsx
    """

    def body():
        from netwerk.services.importing import template_help, write_template

        path = write_template(kind, output or Path(f"{kind}.xlsx"))
        typer.echo(f"Sjabloon geschreven: {path}")
        if path.suffix.lower() == ".csv":
            # A CSV holds only the header row; the column documentation goes to the screen.
            typer.echo(template_help(kind))

    run(body)
