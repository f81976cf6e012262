"""``netwerk export``: the person network for Gephi, Kumu, R or UCINET, or everything as
Excel (:func:`netwerk.services.exchange.export_network`). Importing network files is part
of ``netwerk import`` (:mod:`netwerk.cli.importing`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, cast

import typer

from netwerk.cli._common import open_store, period_filter, run, viewer
from netwerk.domain import InputError

__all__ = ["export"]


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

    def body():
        from netwerk.services.exchange import EXPORT_FORMATS, ExportFormat, export_network

        key = fmt.strip().lower()
        if key not in EXPORT_FORMATS:
            raise InputError(f"Onbekend formaat '{fmt}': kies {', '.join(EXPORT_FORMATS)}.")
        f = export_network(viewer(), open_store(), cast(ExportFormat, key), period_filter(date_from, date_to))
        path = output or Path(f.filename)
        try:
            path.write_bytes(f.data)
        except OSError as e:
            raise InputError(f"{path} kan niet worden geschreven: {e.strerror or e}.") from e
        typer.echo(f"{f.summary}\nGeschreven: {path}")

    run(body)
