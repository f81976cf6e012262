"""``netwerk init``, ``netwerk seed`` and ``netwerk copy``: create a store, fill it with a
bundled dataset, copy it to another store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netwerk.cli._common import echo_seeded, open_store, run, viewer
from netwerk.domain import StoreError
from netwerk.text import fmt_int

__all__ = ["copy", "init", "seed"]


def init() -> None:
    """Maak de store aan (of werk het schema bij) en toon waar hij staat.

    Voorbeeld: netwerk init
    """

    def body():
        s = open_store()
        path = getattr(s, "path", None)
        # sqlite:///a/b is relative to the current folder, sqlite:////a/b absolute: show which file it is.
        where = f", bestand {Path(path).resolve()}" if path is not None else ""
        typer.echo(f"Store klaar: {s.url} (schemaversie {s.schema_version()}{where})")

    run(body)


def seed(
    name: Annotated[str, typer.Argument(help="demo, davis of krackhardt")],
) -> None:
    """Laad een meegeleverde dataset via de gewone importer.

    Voorbeelden: netwerk seed demo | netwerk seed davis | netwerk seed krackhardt
    """

    def body():
        from netwerk.services.seeding import seed_dataset

        echo_seeded(seed_dataset(viewer(), open_store(), name))

    run(body)


def copy(
    source: Annotated[str, typer.Option("--from", help="Bron-URL, bv. sqlite:///netwerk.sqlite")],
    target: Annotated[str, typer.Option("--to", help="Doel-URL, bv. neo4j://127.0.0.1:7687")],
) -> None:
    """Kopieer het hele netwerk van de ene store naar de andere (alles of niets).

    Voorbeelden: netwerk copy --from sqlite:///netwerk.sqlite --to neo4j://127.0.0.1:7687 |
    netwerk copy --from neo4j://127.0.0.1:7687 --to sqlite:///terug.sqlite
    """
    as_viewer = viewer()

    def body():
        from netwerk.services.copying import copy_store

        src = open_store(source)
        try:
            dst = open_store(target)
            try:
                report = copy_store(as_viewer, src, dst)
            finally:
                dst.close()
        finally:
            src.close()
        for fname, n in report.source_counts.items():
            if n or report.target_counts.get(fname):
                made = report.result.created.get(fname, 0)
                typer.echo(f"{fname}: {fmt_int(n)} gelezen, {fmt_int(made)} nieuw, doel heeft er nu "
                           f"{fmt_int(report.target_counts.get(fname, 0))}")
        if not report.complete:
            raise StoreError("Het doel bevat na het kopiëren minder rijen dan de bron.")
        typer.echo(f"Gekopieerd van {source} naar {target}.")

    run(body)
