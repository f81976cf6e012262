"""``netwerk report``: the bestuurders' report from the command line
(:func:`netwerk.services.report.build_report`, rendered as PDF, XLSX or HTML)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netwerk.cli._common import open_store, parse_date, run, viewer
from netwerk.domain import InputError

__all__ = ["report"]


def report(
    date_from: Annotated[str | None, typer.Option("--from", help="Begindatum (dd-mm-jjjj); standaard 1 januari van "
                                                                 "het jaar van de laatste activiteit")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Einddatum (dd-mm-jjjj), inclusief; standaard 31 december "
                                                             "van dat jaar")] = None,
    round_a: Annotated[str | None, typer.Option("--round", help="Eerste ronde (round_id); standaard de voorlaatste")] = None,
    round_b: Annotated[str | None, typer.Option("--vs", help="Tweede ronde (round_id); standaard de laatste")] = None,
    fmt: Annotated[str, typer.Option("--format", help="pdf (A4, om te printen), xlsx (de tabellen) of html")] = "pdf",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Doelbestand; standaard "
                                                                        "bestuurdersrapport.<format> in deze map")] = None,
) -> None:
    """Schrijf het bestuurdersrapport: groei van de samenwerking, vertrouwen per ronde en wat er veranderde.

    Voorbeelden: netwerk report (bestuurdersrapport.pdf in deze map) | netwerk report --format xlsx -o rapport.xlsx |
    netwerk report --from 01-01-2025 --to 31-12-2025 --round nulmeting-2025 --vs jaarevaluatie-2025
    """

    def body():
        from netwerk.report import report_html, report_pdf, report_xlsx
        from netwerk.services.report import build_report

        if fmt not in ("pdf", "xlsx", "html"):
            raise InputError(f"Onbekend formaat '{fmt}': kies pdf, xlsx of html.")
        start, end = parse_date(date_from, "--from/--to"), parse_date(date_to, "--from/--to")
        rep = build_report(viewer(), open_store(), start, end, round_a, round_b)
        path = output or Path(f"bestuurdersrapport.{fmt}")
        if fmt == "html":
            path.write_text(report_html(rep), encoding="utf-8")
        else:
            path.write_bytes(report_pdf(rep) if fmt == "pdf" else report_xlsx(rep))
        typer.echo(f"Rapport geschreven: {path}")

    run(body)
