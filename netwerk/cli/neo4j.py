"""``netwerk neo4j start|stop|status``: a local Neo4j server for development and tests.

The commands run :mod:`netwerk.devtools.neo4j_server` (a Neo4j 5.26 Community server from
Maven Central). ``netwerk copy`` (to or from Neo4j) is in :mod:`netwerk.cli.store`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

__all__ = ["app"]

app = typer.Typer(
    help=(
        "Een lokale Neo4j-server (5.26 Community, uit Maven Central) voor ontwikkeling en tests.\n\n"
        "Voorbeeld: netwerk neo4j start  (daarna: export NETWERK_STORE_URL=neo4j://127.0.0.1:POORT)"
    ),
    no_args_is_help=True,
)

DirOpt = Annotated[
    Path | None,
    typer.Option("--dir", help="Map voor configuratie, data en logs (standaard in uw gebruikersmap)."),
]


def _server_call(fn):
    from netwerk.devtools.neo4j_server import Neo4jServerError

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
    heap: Annotated[str | None, typer.Option(
        "--heap", help="Maximaal Java-geheugen (heap) van de server, bijvoorbeeld 1g of 4g (standaard 2g).",
    )] = None,
    pagecache: Annotated[str | None, typer.Option(
        "--pagecache", help="Geheugen voor de gegevensbestanden (page cache), bijvoorbeeld 512m of 2g (standaard 1g).",
    )] = None,
) -> None:
    """Haal Neo4j op (eerste keer) en start de server; toont de URL als Bolt antwoordt.

    De server vraagt een wachtwoord: de eerste keer wordt er een gemaakt en bewaard in
    neo4j.password in de map (alleen voor u leesbaar). Een herstart houdt dezelfde poort.
    Het geheugen (standaard 2g heap, 1g page cache) is ruim genoeg voor netwerk copy van
    een netwerk van 50.000 personen; een server die al draait houdt zijn geheugen.

    Voorbeeld: netwerk neo4j start --dir /tmp/neo4j --url-file /tmp/neo4j/url --heap 4g --pagecache 2g
    """
    from netwerk.devtools import neo4j_server

    def run() -> neo4j_server.ServerInfo:
        memory = neo4j_server.memory_settings(heap or neo4j_server.DEV_HEAP, pagecache or neo4j_server.DEV_PAGECACHE)
        return neo4j_server.start(folder, port=port, auth=not zonder_wachtwoord, settings=memory)

    info = _server_call(run)
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
    from netwerk.devtools import neo4j_server

    if not _server_call(lambda: neo4j_server.stop(folder)):
        typer.echo("Er draaide geen Neo4j-server in die map.")


@app.command()
def status(folder: DirOpt = None) -> None:
    """Toon of de server draait en op welke URL (exitcode 1 als hij niet draait).

    Voorbeeld: netwerk neo4j status
    """
    from netwerk.devtools import neo4j_server

    info = neo4j_server.status(folder)
    if info is None:
        typer.echo(f"Neo4j draait niet (map {folder or neo4j_server.default_instance_dir()}).")
        raise typer.Exit(1)
    typer.echo(f"Neo4j {neo4j_server.NEO4J_VERSION} draait op {info.url} (pid {info.pid}, map {info.instance_dir}).")
