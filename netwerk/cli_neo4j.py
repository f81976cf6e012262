"""``netwerk neo4j start|stop|status`` and ``netwerk copy`` (registered in :mod:`netwerk.cli`).

The server commands run :mod:`netwerk.neo4j_server` (a Neo4j 5.26 Community server from
Maven Central, for development and tests); ``copy`` runs
:func:`netwerk.services.copying.copy_store`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

__all__ = ["app", "copy"]

app = typer.Typer(
    help=(
        "Een lokale Neo4j-server (5.26 Community, uit Maven Central) voor ontwikkeling en tests.\n\n"
        "Voorbeeld: netwerk neo4j start  (daarna: export NETWERK_STORE_URL=neo4j://127.0.0.1:POORT)"
    ),
    no_args_is_help=True,
)

DirOpt = Annotated[
    Path | None,
    typer.Option("--dir", help="Map voor configuratie, data en logs (standaard in je gebruikersmap)."),
]


def _server_call(fn):
    from netwerk.neo4j_server import Neo4jServerError

    try:
        return fn()
    except Neo4jServerError as e:
        typer.echo(f"Fout: {e}", err=True)
        raise typer.Exit(1) from None


@app.command()
def start(
    folder: DirOpt = None,
    port: Annotated[int | None, typer.Option("--port", help="Bolt-poort op 127.0.0.1 (standaard een vrije poort).")] = None,
    url_file: Annotated[Path | None, typer.Option("--url-file", help="Schrijf de Bolt-URL ook naar dit bestand.")] = None,
    zonder_wachtwoord: Annotated[bool, typer.Option(
        "--zonder-wachtwoord", help="Geen wachtwoord (alleen voor een testserver met testdata).")] = False,
) -> None:
    """Haal Neo4j op (eerste keer) en start de server; toont de URL als Bolt antwoordt.

    De server vraagt een wachtwoord: de eerste keer wordt er een gemaakt en bewaard in
    neo4j.password in de map (alleen voor u leesbaar). Een herstart houdt dezelfde poort.

    Voorbeeld: netwerk neo4j start --dir /tmp/neo4j --url-file /tmp/neo4j/url
    """
    from netwerk import neo4j_server

    info = _server_call(lambda: neo4j_server.start(folder, port=port, auth=not zonder_wachtwoord))
    if url_file:
        url_file.write_text(info.url + "\n", encoding="utf-8")
    typer.echo(info.url)
    if info.password:
        typer.echo(f"Gebruiker {neo4j_server.USER}; het wachtwoord staat in {neo4j_server.password_file(info.instance_dir)}. "
                   f"Gebruik: export NETWERK_NEO4J_USER={neo4j_server.USER} "
                   f"NETWERK_NEO4J_PASSWORD=\"$(cat {neo4j_server.password_file(info.instance_dir)})\"", err=True)


@app.command()
def stop(folder: DirOpt = None) -> None:
    """Stop de server netjes (SIGTERM).

    Voorbeeld: netwerk neo4j stop --dir /tmp/neo4j
    """
    from netwerk import neo4j_server

    if not _server_call(lambda: neo4j_server.stop(folder)):
        typer.echo("Er draaide geen Neo4j-server in die map.")


@app.command()
def status(folder: DirOpt = None) -> None:
    """Toon of de server draait en op welke URL (exitcode 1 als hij niet draait).

    Voorbeeld: netwerk neo4j status
    """
    from netwerk import neo4j_server

    info = neo4j_server.status(folder)
    if info is None:
        typer.echo(f"Neo4j draait niet (map {folder or neo4j_server.default_instance_dir()}).")
        raise typer.Exit(1)
    typer.echo(f"Neo4j {neo4j_server.NEO4J_VERSION} draait op {info.url} (pid {info.pid}, map {info.instance_dir}).")


def copy(
    source: Annotated[str, typer.Option("--from", help="Bron-URL, bv. sqlite:///netwerk.sqlite")],
    target: Annotated[str, typer.Option("--to", help="Doel-URL, bv. neo4j://127.0.0.1:7687")],
) -> None:
    """Kopieer het hele netwerk van de ene store naar de andere (alles of niets).

    Voorbeelden: netwerk copy --from sqlite:///netwerk.sqlite --to neo4j://127.0.0.1:7687 |
    netwerk copy --from neo4j://127.0.0.1:7687 --to sqlite:///terug.sqlite
    """
    from netwerk import cli
    from netwerk.access import cli_viewer

    def body():
        from netwerk.bootstrap import open_store
        from netwerk.services.copying import copy_store

        src = open_store(source)
        try:
            dst = open_store(target)
            try:
                report = copy_store(cli_viewer(), src, dst)
            finally:
                dst.close()
        finally:
            src.close()
        for fname, n in report.source_counts.items():
            if n or report.target_counts.get(fname):
                made = report.result.created.get(fname, 0)
                typer.echo(f"{fname}: {n} gelezen, {made} nieuw, doel heeft er nu {report.target_counts.get(fname, 0)}")
        if not report.complete:
            raise cli.StoreError("Het doel bevat na het kopiëren minder rijen dan de bron.")
        typer.echo(f"Gekopieerd van {source} naar {target}.")

    cli._run(body)
