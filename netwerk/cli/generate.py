"""``netwerk generate``: a synthetic network at scale.

Thin layer over :func:`netwerk.services.generate.generate`: parses the sizes, shows a
progress bar and prints a Dutch summary.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from netwerk.cli._common import open_store, run, viewer

__all__ = ["generate"]


def generate(
    persons: Annotated[int, typer.Option("--persons", "-p", help="Aantal personen (minstens 30)")],
    activities: Annotated[int | None, typer.Option("--activities", "-a", help="Aantal activiteiten (standaard 2 x personen)")]
    = None,
    seed: Annotated[int, typer.Option("--seed", "-s", help="Startgetal: dezelfde waarden geven hetzelfde netwerk")] = 0,
    toevoegen: Annotated[bool, typer.Option("--toevoegen", help="Ook schrijven in een store die al een netwerk bevat "
                                            "(rijen met dezelfde id worden overschreven)")] = False,
    chunk: Annotated[int | None, typer.Option("--chunk", help="Rijen per transactie (standaard: SQLite alles in één, "
                                              "Neo4j 20.000)")] = None,
) -> None:
    """Genereer een fictief netwerk op schaal (organisaties, professionals, bewoners onder pseudoniem,
    activiteiten over vier jaar, thema's, twee meetrondes) in de huidige store.

    Een lege store is vereist, tenzij --toevoegen. Op Neo4j wordt in delen geschreven
    (niet alles-of-niets; opnieuw draaien is veilig). Alle namen zijn verzonnen.

    Voorbeelden: netwerk generate --persons 10000 | netwerk generate -p 50000 -a 100000 --seed 7
    """
    as_viewer = viewer()

    def body():
        from netwerk.services.generate import generate as generate_service
        from netwerk.text import fmt_int

        store = open_store()
        n_acts = activities if activities is not None else 2 * persons
        typer.echo(f"Netwerk genereren: {fmt_int(persons)} personen, {fmt_int(n_acts)} activiteiten (seed {seed}) ...")
        state: dict[str, Any] = {}  # the progress bar (once the first chunk is saved) and rows done

        def progress(done: int, total: int) -> None:
            bar = state.get("bar")
            if bar is None:
                bar = typer.progressbar(length=total, label="Opslaan", show_pos=True)
                bar.__enter__()
                state["bar"], state["done"] = bar, 0
            bar.update(done - state["done"])
            state["done"] = done

        try:
            report = generate_service(as_viewer, store, persons, n_acts, seed, progress=progress, chunk_rows=chunk,
                                      add_to_existing=toevoegen)
        finally:
            if "bar" in state:
                state["bar"].__exit__(None, None, None)
        typer.echo(report.summary())

    run(body)
