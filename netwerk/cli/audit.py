"""``netwerk audit``: check the audit log's hash chain (:func:`netwerk.services.audit.verify_chain`)."""

from __future__ import annotations

import typer

from netwerk.cli._common import open_store, run, viewer
from netwerk.text import counted, plural

__all__ = ["app"]

app = typer.Typer(help="Het auditlog controleren.\n\nVoorbeeld: netwerk audit verify", no_args_is_help=True)


@app.command("verify")
def verify() -> None:
    """Controleer de hashketen van het auditlog: elke regel, de volgorde en de aansluiting.

    Eindigt met code 0 als de keten klopt en 1 als er een regel is gewijzigd, verwijderd
    of tussengevoegd.

    Voorbeeld: netwerk audit verify
    """
    as_viewer = viewer()

    def body():
        from netwerk.services.audit import verify_chain

        report = verify_chain(as_viewer, open_store())
        if report.unchecked:
            typer.echo(f"{counted(report.unchecked, 'regel', 'regels')} van vóór de hashketen "
                       f"{plural(report.unchecked, 'is', 'zijn')} niet te controleren.")
        if report.ok:
            typer.echo(f"Het auditlog klopt: {counted(report.entries, 'regel', 'regels')} gecontroleerd.")
            typer.echo(f"Laatste hash: {report.head} (noteer deze elders om later ook verwijderde slotregels te zien).")
            return
        typer.echo(f"Het auditlog is aangetast: {counted(len(report.problems), 'fout', 'fouten')} in "
                   f"{counted(report.entries, 'regel', 'regels')}.", err=True)
        for problem in report.problems[:50]:
            typer.echo(f"  {problem}", err=True)
        if len(report.problems) > 50:
            typer.echo(f"  ... en nog {len(report.problems) - 50}.", err=True)
        raise typer.Exit(1)

    run(body)
