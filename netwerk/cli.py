"""The ``netwerk`` command line: a thin layer over :mod:`netwerk.services`.

Every command parses its input, calls a service and prints the result. Bad input
exits with code 2 and a Dutch message on stderr; success exits 0.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from netwerk.domain import ConfigError, InputError, NetwerkError, SnapshotFilter, StoreError

app = typer.Typer(
    help=(
        "Buurtnetwerk: leg vast wie met wie samenwerkt in de buurt, analyseer het netwerk en "
        "bekijk het dashboard.\n\nDe store kies je met NETWERK_STORE_URL of --store "
        "(standaard een SQLite-bestand in je gebruikersmap)."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_state: dict[str, str | None] = {"store": None}

StoreOpt = Annotated[
    str | None,
    typer.Option("--store", help="Store-URL, bv. sqlite:///pad/netwerk.sqlite (anders NETWERK_STORE_URL)."),
]


@app.callback()
def main(store: StoreOpt = None) -> None:
    """Buurtnetwerk."""
    _state["store"] = store


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"Fout: {message}", err=True)
    raise typer.Exit(code)


def _open():
    from netwerk.bootstrap import open_store

    return open_store(_state["store"])


def _run(fn):
    """Run a command body, mapping the project's errors to exit codes."""
    try:
        return fn()
    except (InputError, ConfigError) as e:
        _fail(str(e), 2)
    except StoreError as e:
        _fail(str(e), 1)
    except NetwerkError as e:
        _fail(str(e), 1)


def _parse_date(value: str | None, option: str) -> date | None:
    from netwerk.ingest.parse import parse_date

    try:
        return parse_date(value)
    except ValueError as e:
        raise InputError(f"{option} is geen datum: {e}.") from e


def _demo_accounts(store) -> None:
    """The demo seed comes with demo accounts (README: Rollen en aanmelden)."""
    from netwerk.access import cli_viewer
    from netwerk.services.users import ensure_demo_accounts

    try:
        created = ensure_demo_accounts(cli_viewer(), store)
    except InputError as e:
        typer.echo(str(e))
        return
    if created:
        typer.echo(f"Demo-accounts aangemaakt: {', '.join(created)}.")


@app.command()
def init() -> None:
    """Maak de store aan (of werk het schema bij) en toon waar hij staat.

    Voorbeeld: netwerk init
    """

    def body():
        s = _open()
        path = getattr(s, "path", None)
        # sqlite:///a/b is relative to the current folder, sqlite:////a/b absolute: show which file it is.
        where = f", bestand {Path(path).resolve()}" if path is not None else ""
        typer.echo(f"Store klaar: {s.url} (schemaversie {s.schema_version()}{where})")

    _run(body)


@app.command()
def seed(
    name: Annotated[str, typer.Argument(help="demo, davis of krackhardt")],
) -> None:
    """Laad een meegeleverde dataset via de gewone importer.

    Voorbeelden: netwerk seed demo | netwerk seed davis | netwerk seed krackhardt
    """

    def body():
        from netwerk.services.seeding import seed as seed_service

        s = _open()
        report = seed_service(s, name)
        typer.echo(report.summary())
        if name == "demo":
            _demo_accounts(s)

    _run(body)


@app.command("import")
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
        from netwerk.cli_exchange import is_exchange_run, run_import

        if voorbeeld or soort or is_exchange_run(list(files)):
            # Network files (netwerk.services.exchange), or a preview of any run.
            return run_import(_open(), list(files), voorbeeld, soort)
        from netwerk.access import cli_viewer
        from netwerk.services.importing import import_files

        # The data and its audit entry are one transaction (a kill midway leaves neither).
        report = import_files(_open(), list(files), viewer=cli_viewer())
        typer.echo(report.summary())

    _run(body)


@app.command()
def template(
    kind: Annotated[
        str, typer.Argument(help="organisaties, personen, groepen, activiteiten, deelname, themas, kent, rondes, beoordelingen")
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

    _run(body)


@app.command()
def analyse(
    date_from: Annotated[str | None, typer.Option("--from", help="Begindatum (dd-mm-jjjj)")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Einddatum (dd-mm-jjjj), inclusief")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Uitvoer als JSON")] = False,
) -> None:
    """Analyseer het netwerk: kerncijfers en de belangrijkste makelaars (betweenness).

    Relaties zijn werkrelaties (samen in een kleine activiteit, herhaald in grotere, of 'kent');
    zie de Begrippen in de README.

    Voorbeelden: netwerk analyse | netwerk analyse --from 01-01-2025 --to 31-03-2025 --json
    """

    def body():
        from netwerk.access import SYSTEM
        from netwerk.services.network import analyse_report

        start = _parse_date(date_from, "--from")
        end = _parse_date(date_to, "--to")
        if start and end and start > end:
            raise InputError("--from ligt na --to.")
        report = analyse_report(SYSTEM, _open(), SnapshotFilter(start=start, end=end))
        if as_json:
            typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
            return
        from netwerk.analysis.ties import FIGURES

        labels = {
            **{key: f.label for key, f in FIGURES.items()},
            "communities": "Gemeenschappen",
            "modularity": "Modulariteit",
            "ei_index_organisation": "E-I-index (organisatie)",
            "ei_index_sector": "E-I-index (sector)",
        }
        for key, label in labels.items():
            if key in report:
                _echo_figure(label, report[key])
        if "louvain_runs" in report:
            _echo_figure("Louvain-runs (beste bewaard)", f"{report['louvain_runs']} (seed {report['louvain_seed']})")
        d = report.get("diameter")
        if d:
            steps = d["diameter"] if d["exact"] else f"{d['lower_bound']}-{d['upper_bound']} (niet exact)"
            _echo_figure("Diameter (stappen)", steps)
            typer.echo(f"  gemeten in de grootste component: {d['component_persons']} van {d['persons']} personen")
        if "kent" in report:
            _echo_directed("Kent-netwerk (gericht, gemelde 'kent'-relaties)", report["kent"])
        for round_id, figures in report.get("beoordelingen", {}).items():
            _echo_directed(f"Beoordelingen ronde {round_id} (gericht)", figures)
        how = report.get("betweenness", {})
        method = "genormaliseerd, gewogen (afstand 1/gewicht)" if how else ""
        if how and not how.get("exact"):
            method += f", geschat uit {how['sample_pivots']} bronnen (seed {how['seed']})"
        typer.echo(f"\nMakelaars (hoogste betweenness{'; ' + method if method else ''}):")
        for b in report.get("top_brokers", []):
            typer.echo(f"  {b['betweenness']:.3f}  {b['name']} ({b['person_id']})")

    _run(body)


def _echo_figure(label: str, v) -> None:
    if v is None:
        v = "-"
    typer.echo(f"{label:66} {v:.3f}" if isinstance(v, float) else f"{label:66} {v}")


def _echo_directed(title: str, figures: dict) -> None:
    from netwerk.services.network import DIRECTED_LABELS

    typer.echo(f"\n{title}:")
    for key, label in DIRECTED_LABELS.items():
        _echo_figure(f"  {label}", figures.get(key))


@app.command()
def dashboard(
    port: Annotated[int, typer.Option(help="Poort voor het dashboard")] = 8501,
    demo: Annotated[bool, typer.Option("--demo", help="Laad eerst de demodata (als de store nog leeg is)")] = False,
    address: Annotated[
        str,
        typer.Option(
            "--address",
            help="Netwerkadres waarop het dashboard luistert. Standaard alleen deze computer; 0.0.0.0 maakt het "
            "bereikbaar voor anderen in het netwerk (gebruik dan sterke wachtwoorden en HTTPS ervoor).",
        ),
    ] = "127.0.0.1",
) -> None:
    """Start het dashboard (Streamlit) op de gekozen store.

    Voorbeeld: netwerk dashboard --demo
    """

    def body():
        s = _open()
        if demo:
            from netwerk.services.seeding import seed_if_empty

            report = seed_if_empty(s, "demo")
            if report is not None:
                typer.echo(report.summary())
                _demo_accounts(s)
        from netwerk.ingest.limits import limits
        from netwerk.services.users import sign_in_help

        typer.echo(sign_in_help(s))
        url = s.url
        s.close()
        app_file = Path(__file__).resolve().parent.parent / "dashboard" / "streamlit_app.py"
        env = {**os.environ, "NETWERK_STORE_URL": url}
        typer.echo(f"Dashboard op http://localhost:{port} (store: {url}); stoppen met Ctrl+C.")
        # headless: no first-run e-mail prompt from Streamlit; we print the address ourselves.
        # server.address: personal data stays on this machine unless asked otherwise (and Streamlit then
        # does not look up the machine's external IP on the internet).
        cmd = [sys.executable, "-m", "streamlit", "run", str(app_file), "--server.port", str(port), "--server.headless", "true",
               "--server.address", address, "--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal",
               # Streamlit holds an upload in memory before any page sees it: no more than the import limit.
               "--server.maxUploadSize", str(max(1, -(-limits().max_file_bytes // 2**20)))]
        raise typer.Exit(subprocess.call(cmd, env=env))

    _run(body)


from netwerk import cli_privacy, cli_users  # noqa: E402  (sub-apps use this module's _open/_run)

app.add_typer(cli_users.app, name="users")
app.add_typer(cli_privacy.app, name="privacy")
from netwerk import cli_audit  # noqa: E402

app.add_typer(cli_audit.app, name="audit")
from netwerk.report_cli import report as _report  # noqa: E402

app.command("report")(_report)
from netwerk import cli_neo4j  # noqa: E402

app.add_typer(cli_neo4j.app, name="neo4j")
app.command("copy")(cli_neo4j.copy)
from netwerk.cli_exchange import export as _export  # noqa: E402

app.command("export")(_export)
from netwerk import cli_generate  # noqa: E402

app.command("generate")(cli_generate.generate)

if __name__ == "__main__":
    app()
